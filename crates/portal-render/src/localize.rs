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
    pub content: &'a Content,
    pub lang: Lang,
    pub urls: &'a Urls,
    pub strings: &'a StringTable,
    pub markdown: Markdown<'a>,
}

impl<'a> Localizer<'a> {
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

    pub fn text(&self, localized: &Localized) -> Text {
        let resolved = localized.get(self.lang, self.content.source_lang());
        Text {
            text: resolved.text.to_owned(),
            lang: resolved.lang.code(),
            fallback: resolved.is_fallback(self.lang),
        }
    }

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

    pub fn render(&self, markdown: &str) -> Rendered {
        self.markdown.render(markdown)
    }

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

    pub fn date_opt(&self, date: Option<PartialDate>) -> Option<DateView> {
        date.map(|date| self.date(date))
    }
}
