//! The checks a content file passes before it is deserialized: content is untrusted input
//! (staff, translators and contributors' pull requests all write it), so a file must not be able
//! to exhaust the editor's memory or time, nor carry a link that runs script in a visitor's
//! browser.
//!
//! YAML is walked event by event with libyaml, the very parser serde_yaml uses, so the walk
//! sees the document serde_yaml will see, and it stops at the first bound crossed instead of
//! building the whole document first. Every string of a YAML file is checked as Markdown (a
//! text field may be rendered as Markdown) and every value of a key ending in `url` as a URL;
//! the body of a Markdown file is checked the same way.

use std::collections::HashMap;
use std::ffi::CStr;
use std::mem::MaybeUninit;

use pulldown_cmark::{Event, Parser, Tag};

use crate::{Location, Problem};

/// The largest content file read: the largest real one is some 50 KB.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// How deep YAML may nest: the content model needs fewer than 10 levels.
pub const MAX_YAML_DEPTH: usize = 64;
/// How large a YAML document may grow once every alias is replaced by what it names, counted in
/// bytes of text plus one per node: a file without aliases stays below its own size.
pub const MAX_YAML_EXPANDED: usize = 4 * MAX_FILE_BYTES;

/// The parsing options of every Markdown text of the portal, shared with the renderer so that
/// the links checked here are the links it emits.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Whether a link or image may point at `url`: an `http:`, `https:` or `mailto:` address, a
/// relative path or a `#fragment`. Anything else (`javascript:`, `vbscript:`, `data:`, `file:`…)
/// could run script or reach the visitor's machine.
///
/// The scheme is read as browsers read it (WHATWG URL): leading and trailing spaces and control
/// characters are ignored, tabs and line breaks anywhere are removed, and case does not matter,
/// so ` JaVa\tScRiPt:` is `javascript:`.
pub fn url_allowed(url: &str) -> bool {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' => {
                return scheme.is_empty()
                    || matches!(
                        scheme.to_ascii_lowercase().as_str(),
                        "http" | "https" | "mailto"
                    );
            }
            'a'..='z' | 'A'..='Z' => scheme.push(c),
            '0'..='9' | '+' | '-' | '.' if !scheme.is_empty() => scheme.push(c),
            // `/`, `?`, `#` or any other character before a `:`: a relative URL.
            _ => return true,
        }
    }
    true
}

/// The first link, image or heading attribute of a Markdown text that breaks the policy, with
/// its byte offset in the text.
pub fn markdown_problem(markdown: &str) -> Option<(usize, Problem)> {
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !url_allowed(&dest_url) =>
            {
                let at = markdown[range.clone()]
                    .find(dest_url.as_ref())
                    .map_or(range.start, |at| range.start + at);
                return Some((
                    at,
                    Problem::ForbiddenUrl {
                        url: dest_url.to_string(),
                    },
                ));
            }
            Event::Start(Tag::Heading { attrs, .. }) if !attrs.is_empty() => {
                let name = attrs[0].0.to_string();
                let at = markdown[range.clone()]
                    .find(&name)
                    .map_or(range.start, |at| range.start + at);
                return Some((at, Problem::ForbiddenAttribute { name }));
            }
            _ => {}
        }
    }
    None
}

/// The 1-based line and column (in characters, as editors count them) of a byte offset.
pub(crate) fn location_of(text: &str, offset: usize) -> Location {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    Location {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A problem found by [`check_yaml`], at its place in the text.
pub(crate) type Found = (Location, Problem);

/// Walks a YAML text with libyaml: its nesting and alias expansion must stay within bounds, and
/// its strings must not carry a forbidden link. A syntax error ends the walk quietly: serde_yaml
/// reports it next, with its own words. `line_offset` is where the text starts in its file.
pub(crate) fn check_yaml(text: &str, line_offset: usize) -> Result<(), Found> {
    let mut walk = YamlWalk::default();
    // SAFETY: the parser is initialized before use and deleted once; `text` outlives it; every
    // event is read according to its type, then deleted.
    unsafe {
        let mut parser = MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit();
        if unsafe_libyaml::yaml_parser_initialize(parser.as_mut_ptr()).fail {
            return Ok(());
        }
        let parser = parser.as_mut_ptr();
        unsafe_libyaml::yaml_parser_set_encoding(parser, unsafe_libyaml::YAML_UTF8_ENCODING);
        unsafe_libyaml::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
        let mut result = Ok(());
        loop {
            let mut event = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
            if unsafe_libyaml::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                break;
            }
            let event = event.as_mut_ptr();
            let at = (*event).start_mark.index as usize;
            let step = walk.step(text, &*event);
            let end = (*event).type_ == unsafe_libyaml::YAML_STREAM_END_EVENT;
            unsafe_libyaml::yaml_event_delete(event);
            if let Err((offset, problem)) = step {
                let mut location = location_of(text, offset.max(at));
                location.line += line_offset;
                result = Err((location, problem));
                break;
            }
            if end {
                break;
            }
        }
        unsafe_libyaml::yaml_parser_delete(parser);
        result
    }
}

/// An open sequence or mapping.
struct Frame {
    anchor: Option<Vec<u8>>,
    /// Its size so far, aliases expanded.
    size: usize,
    mapping: bool,
    /// In a mapping: whether the next node is a key.
    expects_key: bool,
    /// In a mapping: whether the key of the value being read ends in `url`.
    url_key: bool,
}

#[derive(Default)]
struct YamlWalk {
    open: Vec<Frame>,
    /// Anchor → size of the node it names, aliases expanded.
    anchors: HashMap<Vec<u8>, usize>,
    expanded: usize,
}

unsafe fn anchor_name(anchor: *const u8) -> Option<Vec<u8>> {
    match anchor.is_null() {
        true => None,
        false => Some(unsafe { CStr::from_ptr(anchor.cast()) }.to_bytes().to_vec()),
    }
}

impl YamlWalk {
    /// Adds a finished node of `size` to its parent; an error once the document grows too large.
    fn add(&mut self, size: usize, anchor: Option<Vec<u8>>) -> Result<(), Problem> {
        self.expanded = self.expanded.saturating_add(size);
        if self.expanded > MAX_YAML_EXPANDED {
            return Err(Problem::Invalid(format!(
                "the YAML grows beyond {} MiB once its aliases (`*name`) are expanded; expected a \
                 record written out, without aliases repeating large parts",
                MAX_YAML_EXPANDED / MAX_FILE_BYTES
            )));
        }
        if let Some(name) = anchor {
            self.anchors.insert(name, size);
        }
        if let Some(parent) = self.open.last_mut() {
            parent.size = parent.size.saturating_add(size);
        }
        Ok(())
    }

    /// Moves the open mapping on by one node; whether that node is the value of a key ending in
    /// `url`.
    fn position(&mut self) -> bool {
        let Some(frame) = self.open.last_mut().filter(|frame| frame.mapping) else {
            return false;
        };
        let is_key = frame.expects_key;
        frame.expects_key = !is_key;
        !is_key && frame.url_key
    }

    /// Checks one event; an error carries a byte offset in the text.
    unsafe fn step(
        &mut self,
        text: &str,
        event: &unsafe_libyaml::yaml_event_t,
    ) -> Result<(), (usize, Problem)> {
        let at = event.start_mark.index as usize;
        let fail = |problem| (at, problem);
        match event.type_ {
            unsafe_libyaml::YAML_SEQUENCE_START_EVENT
            | unsafe_libyaml::YAML_MAPPING_START_EVENT => {
                let mapping = event.type_ == unsafe_libyaml::YAML_MAPPING_START_EVENT;
                let anchor = unsafe {
                    match mapping {
                        true => anchor_name(event.data.mapping_start.anchor),
                        false => anchor_name(event.data.sequence_start.anchor),
                    }
                };
                self.position();
                if self.open.len() == MAX_YAML_DEPTH {
                    return Err(fail(Problem::Invalid(format!(
                        "the YAML nests deeper than {MAX_YAML_DEPTH} levels; expected a record \
                         of the content model, which needs fewer than 10"
                    ))));
                }
                self.open.push(Frame {
                    anchor,
                    size: 1,
                    mapping,
                    expects_key: mapping,
                    url_key: false,
                });
            }
            unsafe_libyaml::YAML_SEQUENCE_END_EVENT | unsafe_libyaml::YAML_MAPPING_END_EVENT => {
                if let Some(frame) = self.open.pop() {
                    self.add(frame.size, frame.anchor).map_err(fail)?;
                }
            }
            unsafe_libyaml::YAML_ALIAS_EVENT => {
                let name = unsafe { anchor_name(event.data.alias.anchor) };
                let size = name.and_then(|name| self.anchors.get(&name).copied());
                self.position();
                self.add(size.unwrap_or(1), None).map_err(fail)?;
            }
            unsafe_libyaml::YAML_SCALAR_EVENT => {
                let scalar = unsafe { &event.data.scalar };
                let bytes =
                    unsafe { std::slice::from_raw_parts(scalar.value, scalar.length as usize) };
                let value = String::from_utf8_lossy(bytes);
                let anchor = unsafe { anchor_name(scalar.anchor) };
                let is_url = self.position();
                if let Some(frame) = self.open.last_mut()
                    && frame.mapping
                    && !frame.expects_key
                {
                    frame.url_key = value.ends_with("url");
                }
                check_string(text, at, is_url, &value)?;
                self.add(1 + bytes.len(), anchor).map_err(fail)?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// A string of a YAML file: a URL if its key ends in `url`, else possibly Markdown. The error's
/// offset is where the offending text appears in the file, searched from the scalar's start.
fn check_string(text: &str, at: usize, is_url: bool, value: &str) -> Result<(), (usize, Problem)> {
    let found = |needle: &str| {
        text.get(at..)
            .and_then(|rest| rest.find(needle))
            .map_or(at, |offset| at + offset)
    };
    if is_url && !url_allowed(value) {
        let url = value.to_owned();
        return Err((found(value), Problem::ForbiddenUrl { url }));
    }
    // A link needs `](` (inline), `]:` (a reference's definition, in the same text) or `<` (an
    // autolink), and heading attributes a `{`: most texts are spared the Markdown parse.
    if (value.contains("](") || value.contains("]:") || value.contains(['<', '{']))
        && let Some((offset, problem)) = markdown_problem(value)
    {
        let needle = match &problem {
            Problem::ForbiddenUrl { url } => url.as_str(),
            Problem::ForbiddenAttribute { name } => name.as_str(),
            _ => "",
        };
        let fallback = value.get(offset..).unwrap_or("");
        let offset = text
            .get(at..)
            .and_then(|rest| rest.find(needle).or_else(|| rest.find(fallback)))
            .map_or(at, |offset| at + offset);
        return Err((offset, problem));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_addresses_paths_and_fragments_are_allowed() {
        for url in [
            "https://www.oas.org/",
            "HTTP://example.org",
            "mailto:someone@example.org",
            "/fr/legislation/",
            "../x",
            "#objectifs",
            "@/legislation/ar/",
            "?q=1",
            "",
            "//example.org/x",
            "a/b:c",
        ] {
            assert!(url_allowed(url), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "ftp://example.org",
        ] {
            assert!(!url_allowed(url), "{url}");
        }
    }

    #[test]
    fn markdown_links_of_every_form_are_checked() {
        for markdown in [
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "<javascript:alert(1)>",
            "[x][r]\n\n[r]: vbscript:msgbox",
            "![i](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](javascript&#58;alert(1))",
            "[x](<java\tscript:alert(1)>)",
        ] {
            assert!(
                matches!(
                    markdown_problem(markdown),
                    Some((_, Problem::ForbiddenUrl { .. }))
                ),
                "{markdown}"
            );
        }
        assert_eq!(
            markdown_problem("[x](https://a.org) [y](/fr/) <mailto:a@b.org>"),
            None
        );
    }

    #[test]
    fn headings_take_only_an_id_and_classes() {
        assert_eq!(markdown_problem("## Title {#id .class}"), None);
        let found = markdown_problem("text\n\n## Title {onclick=alert(1) style=x}");
        assert_eq!(
            found,
            Some((
                16,
                Problem::ForbiddenAttribute {
                    name: "onclick".into()
                }
            ))
        );
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(
            location_of("a\nété x", "a\nété ".len()),
            Location { line: 2, column: 5 }
        );
    }

    #[test]
    fn yaml_strings_and_urls_are_checked_where_they_are() {
        let text = "title: Café\nsources:\n  - url: \"javascript:alert(1)\"\n";
        let (at, problem) = check_yaml(text, 0).unwrap_err();
        assert_eq!(
            at,
            Location {
                line: 3,
                column: 11
            }
        );
        assert_eq!(
            problem,
            Problem::ForbiddenUrl {
                url: "javascript:alert(1)".into()
            }
        );
        let text = "summary:\n  fr: |\n    Voir [ceci](vbscript:x).\n";
        let (at, _) = check_yaml(text, 0).unwrap_err();
        assert_eq!(
            at,
            Location {
                line: 3,
                column: 17
            }
        );
        assert!(check_yaml("url: https://a.org\ntext: \"[a](/fr/)\"\n", 0).is_ok());
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused_early() {
        let big = "x".repeat(100_000);
        let mut text = format!("a: &big {big}\nb: [");
        for _ in 0..100 {
            text.push_str("*big, ");
        }
        text.push_str("]\n");
        let (at, problem) = check_yaml(&text, 0).unwrap_err();
        assert_eq!(at.line, 2);
        assert!(problem.to_string().contains("aliases"), "{problem}");

        let deep = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let start = std::time::Instant::now();
        let (_, problem) = check_yaml(&deep, 0).unwrap_err();
        assert!(
            problem.to_string().contains("nests deeper than 64"),
            "{problem}"
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }
}
