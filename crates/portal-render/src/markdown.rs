//! Markdown to HTML, with heading anchors, a table of contents and portal links.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use portal_model::Lang;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::routes::Urls;

/// An entry of a page's table of contents.
#[derive(Clone, Debug, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Markdown turned into HTML, with the headings it holds.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
}

/// How Markdown is rendered for one language of the site.
#[derive(Clone, Copy, Debug)]
pub struct Markdown<'a> {
    /// Resolves editors' `@/…` links to absolute paths under the site's base path.
    pub urls: &'a Urls,
    /// The language of the page the Markdown is on: `@/…` links lead to that language's pages.
    pub lang: Lang,
    /// The site's `allow_raw_html`: when false, raw HTML in Markdown is shown as text, not
    /// interpreted.
    pub allow_raw_html: bool,
    /// The ids already used on the page being rendered, when rendering for a page: heading
    /// anchors then avoid the template's ids and those of the page's other Markdown texts.
    /// Without it (search documents, descriptions), anchors are unique within each text.
    pub page_ids: Option<&'a PageIds<'a>>,
}

/// The `id` attributes the theme's templates write, found in their source: literal ones
/// (`id="agenda"`) and the fixed start of computed ones (`id="day-{{ loop.index }}"` → `day-`).
#[derive(Clone, Debug, Default)]
pub struct TemplateIds {
    literal: HashSet<String>,
    prefixes: Vec<String>,
}

impl TemplateIds {
    /// Collects the ids of every template source given.
    pub fn of<'s>(sources: impl IntoIterator<Item = &'s str>) -> TemplateIds {
        let mut ids = TemplateIds::default();
        for source in sources {
            for (at, marker) in source.match_indices(" id=\"") {
                let rest = &source[at + marker.len()..];
                let value = &rest[..rest.find('"').unwrap_or(rest.len())];
                match value.split_once("{{") {
                    Some(("", _)) => {}
                    Some((prefix, _)) => ids.prefixes.push(prefix.to_owned()),
                    None => {
                        ids.literal.insert(value.to_owned());
                    }
                }
            }
        }
        ids.prefixes.sort();
        ids.prefixes.dedup();
        ids
    }

    fn starts_a_computed_id(&self, id: &str) -> bool {
        self.prefixes
            .iter()
            .any(|prefix| id.starts_with(prefix.as_str()))
    }
}

/// The ids taken on one page: the template's, then each heading anchor as its Markdown is
/// rendered, so that every id of the page is unique whatever the content's headings say.
#[derive(Debug)]
pub struct PageIds<'a> {
    template: &'a TemplateIds,
    taken: Mutex<HashSet<String>>,
}

impl<'a> PageIds<'a> {
    /// A page before any of its Markdown is rendered: only the template's ids are taken.
    pub fn new(template: &'a TemplateIds) -> PageIds<'a> {
        PageIds {
            taken: Mutex::new(template.literal.clone()),
            template,
        }
    }
}

/// The content model's options, so that the links loading checked are the links rendered.
fn options() -> Options {
    portal_model::markdown_options()
}

/// A link or image address that breaks the URL policy becomes empty (the page itself). Loading
/// already refuses such content with its file and line; this keeps the renderer safe on its own.
fn allowed(url: CowStr<'_>) -> CowStr<'_> {
    match portal_model::url_allowed(&url) {
        true => url,
        false => CowStr::from(""),
    }
}

/// A heading's anchor: lower-case letters and digits joined by `-`.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    match slug.trim_end_matches('-') {
        "" => "section".to_owned(),
        trimmed => trimmed.to_owned(),
    }
}

/// `wanted`, or `wanted-2`, `wanted-3`… : the first not yet taken, recorded as taken. An id
/// that would start like one the template computes (`day-1` beside `day-{{ n }}`) becomes
/// `section-day-1`, since no number at its end could keep it apart.
fn unique(wanted: String, taken: &mut HashSet<String>, template: Option<&TemplateIds>) -> String {
    let wanted = match template {
        Some(template) if template.starts_a_computed_id(&wanted) => format!("section-{wanted}"),
        _ => wanted,
    };
    let mut candidate = wanted.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{wanted}-{n}");
        n += 1;
    }
    candidate
}

impl Markdown<'_> {
    /// `@/legislation/ar/` → `/base/{lang}/legislation/ar/`: editors link pages without knowing
    /// the language or the deployment's base path.
    fn rewrite_link<'a>(&self, url: CowStr<'a>) -> CowStr<'a> {
        match url.strip_prefix("@/") {
            Some(rest) => {
                let path = format!("{}/{rest}", self.lang.code());
                CowStr::from(self.urls.file(&path))
            }
            None => url,
        }
    }

    /// Renders a Markdown document: headings get anchors, `##` and `###` form the table of
    /// contents, raw HTML is escaped unless the site allows it.
    pub fn render(&self, markdown: &str) -> Rendered {
        let mut events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
        let mut own_ids = HashSet::new();
        let mut page_ids = self.page_ids.map(|ids| {
            ids.taken
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        });
        let taken = page_ids.as_deref_mut().unwrap_or(&mut own_ids);
        let template = self.page_ids.map(|ids| ids.template);
        let mut footnotes = HashMap::new();
        let mut toc = Vec::new();
        let mut index = 0;
        while index < events.len() {
            if let Event::Start(Tag::Heading { level, id, .. }) = &events[index] {
                let level = *level;
                let explicit = id.clone();
                let mut title = String::new();
                for event in &events[index + 1..] {
                    match event {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(text) | Event::Code(text) => title.push_str(text),
                        _ => {}
                    }
                }
                let wanted = match explicit {
                    Some(id) => id.to_string(),
                    None => slug(&title),
                };
                let id = unique(wanted, taken, template);
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    toc.push(TocEntry {
                        level: level as u8,
                        id: id.clone(),
                        title: title.clone(),
                    });
                }
                if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[index] {
                    *slot = Some(CowStr::from(id));
                }
            } else if let Event::FootnoteReference(label)
            | Event::Start(Tag::FootnoteDefinition(label)) = &mut events[index]
            {
                // A footnote's label is its definition's id: kept apart like a heading's,
                // the same for the reference and the definition.
                let id = footnotes
                    .entry(label.to_string())
                    .or_insert_with(|| unique(label.to_string(), taken, template))
                    .clone();
                *label = CowStr::from(id);
            }
            index += 1;
        }
        drop(page_ids);
        let events = events.into_iter().map(|event| match event {
            Event::Html(raw) | Event::InlineHtml(raw) if !self.allow_raw_html => Event::Text(raw),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: allowed(self.rewrite_link(dest_url)),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: allowed(dest_url),
                title,
                id,
            }),
            // Only an id and classes: any other attribute (`onclick`, `style`) could run script
            // or cover the page.
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: Vec::new(),
            }),
            other => other,
        });
        let mut out = String::with_capacity(markdown.len() * 3 / 2);
        html::push_html(&mut out, events);
        Rendered { html: out, toc }
    }
}

/// The words of a Markdown text without its markup: what search indexes and descriptions use.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(&part),
            // The words of raw HTML, without its tags: a text that starts with an HTML block
            // still has a title in the feed.
            Event::Html(raw) | Event::InlineHtml(raw) => push_without_tags(&mut text, &raw),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends `html` without its tags (`<…>`), a space in place of each.
fn push_without_tags(text: &mut String, html: &str) {
    let mut in_tag = false;
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => in_tag = true,
            (true, '>') => {
                in_tag = false;
                text.push(' ');
            }
            (false, c) => text.push(c),
            (true, _) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markdown(urls: &Urls) -> Markdown<'_> {
        Markdown {
            urls,
            lang: Lang::Es,
            allow_raw_html: false,
            page_ids: None,
        }
    }

    #[test]
    fn headings_get_unique_anchors_and_a_table_of_contents() {
        let urls = Urls::new("https://example.org/");
        let out = markdown(&urls).render("## Objetivos\n\ntext\n\n## Objetivos\n\n### Parte 1\n");
        assert!(out.html.contains(r#"<h2 id="objetivos">"#), "{}", out.html);
        assert!(out.html.contains(r#"<h2 id="objetivos-2">"#));
        let ids: Vec<_> = out.toc.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["objetivos", "objetivos-2", "parte-1"]);
    }

    #[test]
    fn heading_and_footnote_ids_are_unique_across_the_page_and_its_template() {
        let urls = Urls::new("https://example.org/");
        let template = TemplateIds::of([
            r#"<h2 id="agenda">…</h2><h3 id="day-{{ loop.index }}">…</h3><p id="{{ x }}"></p>"#,
        ]);
        let page = PageIds::new(&template);
        let on_page = Markdown {
            page_ids: Some(&page),
            ..markdown(&urls)
        };
        let prose = on_page.render("## Agenda\n\n## Day 1\n\n## Background {#main-points}\n");
        let ids: Vec<_> = prose.toc.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["agenda-2", "section-day-1", "main-points"]);
        let session = on_page.render("### Background {#main-points}\n\n### Agenda\n");
        let ids: Vec<_> = session.toc.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["main-points-2", "agenda-3"], "{}", session.html);
        assert!(
            session.html.contains(r#"<h3 id="agenda-3">"#),
            "{}",
            session.html
        );
        let note = |text: &str| {
            on_page
                .render(&format!("{text}[^1].\n\n[^1]: Source.\n"))
                .html
        };
        let (first, second) = (note("One"), note("Two"));
        assert!(
            first.contains(r##"href="#1""##) && first.contains(r#"id="1""#),
            "{first}"
        );
        assert!(
            second.contains(r##"href="#1-2""##) && second.contains(r#"id="1-2""#),
            "{second}"
        );
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        let urls = Urls::new("https://example.org/");
        let out = markdown(&urls).render("<script>alert(1)</script>\n\nok <b>x</b>");
        assert!(!out.html.contains("<script>"), "{}", out.html);
        assert!(out.html.contains("&lt;script&gt;"));
        let allowed = Markdown {
            allow_raw_html: true,
            ..markdown(&urls)
        };
        assert!(allowed.render("ok <b>x</b>").html.contains("<b>x</b>"));
    }

    #[test]
    fn portal_links_follow_the_language_and_base_path() {
        let urls = Urls::new("https://example.org/sub/");
        let out = markdown(&urls).render("[Argentina](@/legislation/ar/)");
        assert!(
            out.html.contains(r#"href="/sub/es/legislation/ar/""#),
            "{}",
            out.html
        );
    }

    #[test]
    fn tables_and_footnotes_render() {
        let urls = Urls::new("https://example.org/");
        let out =
            markdown(&urls).render("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: Note.\n");
        assert!(out.html.contains("<table>"));
        assert!(out.html.contains("footnote-definition"));
    }

    #[test]
    fn heading_attributes_other_than_id_and_class_are_dropped() {
        let urls = Urls::new("https://example.org/");
        let out = markdown(&urls)
            .render("## Title {#t .wide onclick=alert(document.domain) style=position:fixed}");
        assert!(
            out.html.contains(r#"<h2 id="t" class="wide">Title</h2>"#),
            "{}",
            out.html
        );
        assert!(!out.html.contains("onclick") && !out.html.contains("style"));
    }

    #[test]
    fn links_and_images_outside_the_url_policy_point_nowhere() {
        let urls = Urls::new("https://example.org/");
        let out = markdown(&urls).render(
            "[a](JavaScript:alert(1)) <vbscript:x> ![i](data:text/html,x) [r][r]\n\n[r]: javascript&#58;x\n\n[ok](https://oas.org) ![ok](/i.png)",
        );
        assert_eq!(out.html.matches(r#"href="""#).count(), 3, "{}", out.html);
        assert!(out.html.contains(r#"src="""#), "{}", out.html);
        assert!(out.html.contains(r#"href="https://oas.org""#));
        assert!(out.html.contains(r#"src="/i.png""#));
    }

    #[test]
    fn plain_text_keeps_the_words_of_raw_html() {
        assert_eq!(
            plain_text("<div class=\"x\">Réunion du Conseil</div>\n\nSuite."),
            "Réunion du Conseil Suite."
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("## Title\n\nSome *bold* [link](x)."),
            "Title Some bold link."
        );
    }
}
