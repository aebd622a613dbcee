//! Resolving localized content for one page language: texts, Markdown, dates and links.

use portal_model::{Content, Lang, Localized, PartialDate, StringTable};
use serde::Serialize;

use crate::markdown::{Markdown, PageIds, Rendered};
use crate::routes::{Route, Urls};

/// A short text resolved for a page, with the language it is really in.
///
/// Templates put `lang` on it when it fell back, so screen readers pronounce it right.
#[derive(Clone, Debug, Serialize)]
pub struct Text {
    pub text: String,
    pub lang: &'static str,
    pub fallback: bool,
}

/// Rendered Markdown for a page, with the language it is really in.
#[derive(Clone, Debug, Serialize)]
pub struct Html {
    pub html: String,
    pub lang: &'static str,
    pub fallback: bool,
}

/// A date as a `<time>` element shows it: machine form and the page language's words.
#[derive(Clone, Debug, Serialize)]
pub struct DateView {
    pub iso: String,
    pub text: String,
    pub year: u16,
}

/// Everything needed to turn content into one language's view of it.
pub struct Localizer<'a> {
    /// The whole content, for cross-references between records.
    pub content: &'a Content,
    /// The page's language, the one every [`Localized`] is resolved in first.
    pub lang: Lang,
    /// Turns routes and output paths into links under the site's base path.
    pub urls: &'a Urls,
    /// The interface strings of [`Localizer::lang`], the same table the templates read.
    pub strings: &'a StringTable,
    /// Renders Markdown with this language's links and the site's raw-HTML rule.
    pub markdown: Markdown<'a>,
}

impl<'a> Localizer<'a> {
    /// A localizer for `lang`; without page ids, so heading anchors are unique within each text
    /// only (see [`Localizer::for_page`]).
    pub fn new(content: &'a Content, urls: &'a Urls, lang: Lang) -> Localizer<'a> {
        Localizer {
            content,
            lang,
            urls,
            strings: content.strings.table(lang),
            markdown: Markdown {
                urls,
                lang,
                allow_raw_html: content.site.allow_raw_html,
                page_ids: None,
            },
        }
    }

    /// The same localizer for rendering one page, whose heading anchors are kept apart from
    /// the ids in `ids` (the template's and the page's other Markdown texts).
    pub fn for_page<'p>(&'p self, ids: &'p PageIds<'p>) -> Localizer<'p> {
        Localizer {
            markdown: Markdown {
                page_ids: Some(ids),
                ..self.markdown
            },
            ..*self
        }
    }

    /// An interface string; the key itself if even the default language lacks it.
    pub fn s(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// Plain text in the page's language, or in the source language when untranslated (then
    /// marked as a fallback, so templates can set its `lang`).
    pub fn text(&self, localized: &Localized) -> Text {
        let resolved = localized.get(self.lang, self.content.source_lang());
        Text {
            text: resolved.text.to_owned(),
            lang: resolved.lang.code(),
            fallback: resolved.is_fallback(self.lang),
        }
    }

    /// The text alone, in the page's language or the source language, for places that cannot
    /// carry a `lang` attribute (titles, attributes, search documents).
    pub fn plain(&self, localized: &Localized) -> String {
        localized
            .get(self.lang, self.content.source_lang())
            .text
            .to_owned()
    }

    fn html_with(&self, localized: &Localized, render: impl Fn(&str) -> String) -> Html {
        let resolved = localized.get(self.lang, self.content.source_lang());
        Html {
            html: render(resolved.text),
            lang: resolved.lang.code(),
            fallback: resolved.is_fallback(self.lang),
        }
    }

    /// Markdown blocks (a summary, a note, a list entry): always block HTML, one `<p>` or more,
    /// so templates put it in a block container and never inside a `<p>` of their own.
    pub fn html(&self, localized: &Localized) -> Html {
        self.html_with(localized, |text| self.markdown.render(text).html)
    }

    /// Any Markdown text (a page body), with the headings its table of contents lists.
    pub fn render(&self, markdown: &str) -> Rendered {
        self.markdown.render(markdown)
    }

    /// An absolute-path link to `route` in this page's language.
    pub fn link(&self, route: &Route) -> String {
        self.urls.link(route, self.lang)
    }

    /// "7 juin 2005", "June 2022", "2016": as precise as the source, in the page's language.
    pub fn date(&self, date: PartialDate) -> DateView {
        let month = date.month().map(|m| self.s(&format!("month_{m}")));
        let pattern = match (date.day(), &month) {
            (Some(_), Some(_)) => self.s("date_day"),
            (None, Some(_)) => self.s("date_month"),
            _ => "{year}".to_owned(),
        };
        let text = pattern
            .replace(
                "{day}",
                &date.day().map(|d| d.to_string()).unwrap_or_default(),
            )
            .replace("{month}", month.as_deref().unwrap_or(""))
            .replace("{year}", &date.year().to_string());
        DateView {
            iso: date.to_string(),
            text,
            year: date.year(),
        }
    }

    /// [`Localizer::date`] for a date the source may omit.
    pub fn date_opt(&self, date: Option<PartialDate>) -> Option<DateView> {
        date.map(|date| self.date(date))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use portal_model::records::*;
    use portal_model::{Parsed, StringTable};
    use serde::de::DeserializeOwned;

    use portal_types::{ActivityState, Kind};

    use crate::TimelineFilter;

    /// Every variant of an enum of the content model, read from its JSON Schema (the list of
    /// values serde accepts), so that a variant added later is checked without editing a list.
    fn variants<T: schemars::JsonSchema + DeserializeOwned>() -> Vec<T> {
        fn values(schema: &serde_json::Value, found: &mut Vec<serde_json::Value>) {
            match schema {
                serde_json::Value::Object(map) => {
                    found.extend(map.get("const").cloned());
                    if let Some(serde_json::Value::Array(listed)) = map.get("enum") {
                        found.extend(listed.iter().cloned());
                    }
                    map.values().for_each(|child| values(child, found));
                }
                serde_json::Value::Array(items) => {
                    items.iter().for_each(|item| values(item, found))
                }
                _ => {}
            }
        }
        let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
        let mut found = Vec::new();
        values(&schema, &mut found);
        assert!(!found.is_empty(), "no values in {schema}");
        found
            .into_iter()
            .map(|value| serde_json::from_value(value).unwrap())
            .collect()
    }

    fn keys<T>(
        prefix: &str,
        values: impl IntoIterator<Item = T>,
        slug: fn(T) -> &'static str,
    ) -> Vec<String> {
        values
            .into_iter()
            .map(|value| format!("{prefix}{}", slug(value)))
            .collect()
    }

    /// The keys that pages compute from a value (`law_type_{slug}`): a missing one would ship
    /// as the raw key with no warning, since the build only compares a language with the
    /// default one, and a key missing from both compares equal.
    #[test]
    fn every_computed_interface_key_exists_in_every_language() {
        let mut expected = Vec::new();
        expected.extend(keys("section_", Section::ALL, Section::slug));
        expected.extend(keys("region_", Region::ALL, Region::slug));
        expected.extend(keys("subject_", Subject::ALL, Subject::slug));
        expected.extend(keys(
            "compare_",
            crate::pages::COMPARE_SUBJECTS,
            Subject::slug,
        ));
        expected.extend(keys("law_type_", variants::<LawType>(), LawType::slug));
        expected.extend(keys("status_", variants::<LawStatus>(), LawStatus::slug));
        expected.extend(keys(
            "confidence_",
            variants::<Confidence>(),
            Confidence::slug,
        ));
        expected.extend(keys("event_", variants::<EventStatus>(), EventStatus::slug));
        expected.extend(keys(
            "relation_",
            variants::<RelationType>(),
            RelationType::slug,
        ));
        expected.extend(keys(
            "treaty_action_",
            variants::<TreatyAction>(),
            TreatyAction::slug,
        ));
        expected.extend(keys("timeline_kind_", TimelineFilter::KINDS, Kind::code));
        expected.extend(keys("activity_", ActivityState::ALL, ActivityState::code));
        expected.extend(keys("kind_", Kind::ALL, Kind::code));
        expected.extend((1..=12).map(|month| format!("month_{month}")));

        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut missing = Vec::new();
        for lang in portal_model::Lang::ALL {
            let file = format!("i18n/{}.yaml", lang.code());
            let table: StringTable = match portal_model::read_and_parse(&root, Path::new(&file)) {
                Ok(parsed) => match parsed.parsed {
                    Parsed::Strings(_, table) => table,
                    _ => unreachable!("{file} parses as interface strings"),
                },
                Err(error) => panic!("{error}"),
            };
            missing.extend(
                expected
                    .iter()
                    .filter(|key| !table.contains_key(*key))
                    .map(|key| format!("{file}: {key}")),
            );
        }
        assert!(
            missing.is_empty(),
            "missing interface strings:\n{}",
            missing.join("\n")
        );
    }
}
