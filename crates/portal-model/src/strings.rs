use std::collections::BTreeMap;

use crate::{Lang, SourceFile, Warning};

/// Interface strings of one language: `i18n/{lang}.yaml`, a flat map of key to text.
pub type StringTable = BTreeMap<String, String>;

/// The interface strings of every language, with missing keys already filled from the default
/// language so that a page never shows a raw key.
#[derive(Clone, Debug, Default)]
pub struct Strings {
    tables: BTreeMap<Lang, StringTable>,
}

impl Strings {
    /// Builds the tables, warning (with the key's name) for each key a language lacks.
    pub fn new(
        mut tables: BTreeMap<Lang, (SourceFile, StringTable)>,
        default: Lang,
        languages: &[Lang],
        warnings: &mut Vec<Warning>,
    ) -> Strings {
        let reference = tables
            .get(&default)
            .map(|(_, table)| table.clone())
            .unwrap_or_default();
        for &lang in languages {
            let (file, table) = tables.entry(lang).or_insert_with(|| {
                (
                    SourceFile::new(crate::ContentFile::Strings(lang).path(), ""),
                    StringTable::new(),
                )
            });
            for (key, text) in &reference {
                if !table.contains_key(key) {
                    warnings.push(Warning {
                        file: file.path.clone(),
                        message: format!(
                            "missing interface string `{key}` in `{lang}`; using the `{default}` text"
                        ),
                    });
                    table.insert(key.clone(), text.clone());
                }
            }
        }
        Strings {
            tables: tables
                .into_iter()
                .map(|(lang, (_, table))| (lang, table))
                .collect(),
        }
    }

    /// All strings of a language, for templates.
    pub fn table(&self, lang: Lang) -> &StringTable {
        static EMPTY: StringTable = StringTable::new();
        self.tables.get(&lang).unwrap_or(&EMPTY)
    }
}
