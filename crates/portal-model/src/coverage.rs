use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::records::Section;
use crate::validate::{for_each_text, prose_pages};
use crate::{Content, Lang};

/// How much of a section exists in a language: texts translated out of texts to translate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count {
    /// Texts present in the language (a fallback to the source language does not count).
    pub translated: usize,
    /// Texts the source language has, which the language should have too.
    pub total: usize,
}

impl Count {
    /// Whole percent, rounded down so that 99.6 % never shows as 100 %.
    pub fn percent(&self) -> usize {
        match self.total {
            0 => 100,
            total => self.translated * 100 / total,
        }
    }
}

/// A text or page missing in one language.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Gap {
    /// The language the text is missing in (never the source language).
    pub lang: Lang,
    /// The file to add the translation to, relative to the project root.
    pub file: PathBuf,
    /// The field within the file (`summary`, `mandates.text`), or the page missing.
    pub field: String,
}

/// Translation coverage of the content, per section and language, with the list of gaps.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// Per section, the count of each language other than the source language.
    pub sections: BTreeMap<Section, BTreeMap<Lang, Count>>,
    /// Every missing text, in a stable order.
    pub gaps: Vec<Gap>,
}

impl Coverage {
    /// Coverage of one language over all sections.
    pub fn total(&self, lang: Lang) -> Count {
        let mut total = Count::default();
        for counts in self.sections.values() {
            if let Some(count) = counts.get(&lang) {
                total.translated += count.translated;
                total.total += count.total;
            }
        }
        total
    }
}

/// Measures translation coverage for every language but the source one.
pub fn coverage(content: &Content) -> Coverage {
    let source = content.source_lang();
    let targets: Vec<Lang> = content
        .site
        .languages
        .iter()
        .copied()
        .filter(|l| *l != source)
        .collect();
    let mut coverage = Coverage::default();
    let mut tally = |section: Section, lang: Lang, present: bool, file: PathBuf, field: &str| {
        let count = coverage
            .sections
            .entry(section)
            .or_default()
            .entry(lang)
            .or_default();
        count.total += 1;
        if present {
            count.translated += 1;
        } else {
            coverage.gaps.push(Gap {
                lang,
                file,
                field: field.to_owned(),
            });
        }
    };
    for_each_text(content, |section, file, field, text, exempt| {
        for &lang in &targets {
            if exempt != Some(lang) {
                tally(section, lang, text.has(lang), file.path(), field.name);
            }
        }
    });
    for (section, file, langs) in prose_pages(content) {
        for &lang in &targets {
            let path = file(lang).path();
            tally(section, lang, langs.contains(&lang), path, "page");
        }
    }
    coverage.gaps.sort();
    coverage
}
