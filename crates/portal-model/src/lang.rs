use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One of the OAS's four official languages.
///
/// An enum rather than a string so that a content file naming a fifth language is rejected when
/// it is read, instead of producing pages nobody links to.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
    Es,
    Pt,
}

impl Lang {
    /// Every language, in the order the portal lists them.
    pub const ALL: [Lang; 4] = [Lang::Fr, Lang::En, Lang::Es, Lang::Pt];

    /// The BCP 47 code used in URLs, file names and `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Pt => "pt",
        }
    }

    /// Parses a code as written in file names (`index.es.md`) and on the command line.
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

/// The language of an original text (a law is often in a language the portal is not written in).
///
/// Kept apart from [`Lang`] because a Surinamese law in Dutch is real content, while a page in
/// Dutch is not.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum TextLang {
    Fr,
    En,
    Es,
    Pt,
    Nl,
}

impl TextLang {
    /// The BCP 47 code, for `lang` attributes on original titles.
    pub fn code(&self) -> &'static str {
        match self {
            TextLang::Fr => "fr",
            TextLang::En => "en",
            TextLang::Es => "es",
            TextLang::Pt => "pt",
            TextLang::Nl => "nl",
        }
    }

    /// The portal language this text is written in, if it is one.
    pub fn as_portal_lang(&self) -> Option<Lang> {
        Lang::from_code(self.code())
    }
}
