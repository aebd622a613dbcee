use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Lang;

/// A text written once per language: `{fr: "…", en: "…"}` in a record.
///
/// The source language is guaranteed present by validation, so [`Localized::get`] always finds
/// something to show; a missing translation is reported, not fatal.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Localized(BTreeMap<Lang, String>);

/// A localized text resolved for one page: what to show and in which language it really is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resolved<'a> {
    /// The text to show: the page language's, else the source language's, else any there is.
    pub text: &'a str,
    /// The language the text is written in; differs from the page's when it fell back.
    pub lang: Lang,
}

impl Resolved<'_> {
    /// Whether the text is shown in another language than the page's.
    pub fn is_fallback(&self, page: Lang) -> bool {
        self.lang != page
    }
}

impl Localized {
    /// The text in `lang`, or in `source` when that translation is missing.
    pub fn get(&self, lang: Lang, source: Lang) -> Resolved<'_> {
        let found = self.0.get(&lang).map(|text| (lang, text));
        let (lang, text) = found
            .or_else(|| self.0.get(&source).map(|text| (source, text)))
            .or_else(|| self.0.iter().next().map(|(lang, text)| (*lang, text)))
            .map_or((source, ""), |(lang, text)| (lang, text.as_str()));
        Resolved { text, lang }
    }

    /// Whether this text has its own translation in `lang`.
    pub fn has(&self, lang: Lang) -> bool {
        self.0
            .get(&lang)
            .is_some_and(|text| !text.trim().is_empty())
    }

    /// Builds a text from (language, text) pairs; for generated content and tests.
    pub fn from_pairs<S: Into<String>>(pairs: impl IntoIterator<Item = (Lang, S)>) -> Localized {
        Localized(
            pairs
                .into_iter()
                .map(|(lang, text)| (lang, text.into()))
                .collect(),
        )
    }
}

impl schemars::JsonSchema for Localized {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Localized".into()
    }

    /// A text in some of the portal's languages, keyed by language code; the source language
    /// (French) is required by the build where a text must exist.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Lang::ALL.iter().map(|lang| lang.code()).collect();
        let properties: serde_json::Map<String, serde_json::Value> = codes
            .iter()
            .map(|code| ((*code).to_owned(), serde_json::json!({"type": "string"})))
            .collect();
        schemars::json_schema!({
            "description": "A text in the portal's languages: fr (the source language), en, es, pt. A missing translation falls back to French, marked on the page.",
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        })
    }
}
