use std::fmt;

use serde::{Deserialize, Serialize};

/// One of the OAS's four official languages.
///
/// An enum rather than a string so that a content file naming a fifth language is rejected when
/// it is read, instead of producing pages nobody links to. The search keeps one index per
/// language, since each language needs its own stemmer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French, the programme's source language.
    Fr,
    /// English.
    En,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
}

impl Lang {
    /// Every language, in the order the portal lists them (and builds one index each).
    pub const ALL: [Lang; 4] = [Lang::Fr, Lang::En, Lang::Es, Lang::Pt];

    /// The BCP 47 code used in URLs, file names, `lang` attributes and the search pack header.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Pt => "pt",
        }
    }

    /// Parses a code as [`Lang::code`] writes it (`index.es.md`, `--lang es`); `None` for any
    /// other, so that callers report it in their own words.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The language's name in that language, as a language switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::Pt => "Português",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Written by hand rather than derived: the derive would turn the variants' doc comments into a
/// `oneOf` of described constants, where editors' schemas want a plain enumeration of codes.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Lang {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Lang".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Lang::ALL.into_iter().map(Lang::code).collect();
        schemars::json_schema!({
            "description": "One of the OAS's four official languages.\n\nAn enum rather than a \
                string so that a content file naming a fifth language is rejected when\nit is \
                read, instead of producing pages nobody links to.",
            "enum": codes,
            "type": "string",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn codes_round_trip_and_nothing_else_parses() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.to_string(), lang.code());
        }
        assert_eq!(Lang::from_code("nl"), None);
        assert_eq!(Lang::from_code("ES"), None);
    }
}
