use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Lang;

/// The language of an original text (a law is often in a language the portal is not written in).
///
/// Kept apart from [`Lang`] because a Surinamese law in Dutch is real content, while a page in
/// Dutch is not.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum TextLang {
    /// French (`fr`).
    Fr,
    /// English (`en`).
    En,
    /// Spanish (`es`).
    Es,
    /// Portuguese (`pt`), Brazil's.
    Pt,
    /// Dutch (`nl`), Suriname's; no page of the portal is in it.
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
