//! An oracle for the URL and attribute policy, independent of the code it checks: it reads the
//! tags of an HTML or XML output as a browser's tokenizer would (quoted attribute values may
//! hold `>`), and lists every inline script, every event-handler attribute and every link or
//! resource address whose scheme, once entities are decoded and the characters browsers ignore
//! are dropped, is not http, https or mailto.

use std::sync::OnceLock;

use regex::Regex;

/// The attributes that hold a URL a browser follows or loads.
const URL_ATTRIBUTES: [&str; 9] = [
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "srcset",
    "xlink:href",
    "background",
    "data",
];

fn tag() -> &'static Regex {
    static TAG: OnceLock<Regex> = OnceLock::new();
    TAG.get_or_init(|| {
        Regex::new(r#"<[a-zA-Z][^\s/>]*((?:\s*[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?|\s*/)*)\s*>"#)
            .unwrap()
    })
}

fn attribute() -> &'static Regex {
    static ATTRIBUTE: OnceLock<Regex> = OnceLock::new();
    ATTRIBUTE.get_or_init(|| {
        Regex::new(r#"([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"#).unwrap()
    })
}

/// `&#58;`, `&#x3A;`, `&colon;`, `&Tab;`, `&NewLine;`, `&amp;` decoded: what the browser sees.
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|end| *end < 12);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let number = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => name.strip_prefix('#').and_then(|n| n.parse().ok()),
            };
            let c = match name {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => number.and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme a browser would read in `url`, lower-cased, if it has one.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = decode(url)
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let candidate = &cleaned[..colon];
    let valid = candidate
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| candidate.to_ascii_lowercase())
}

/// Every breach of the policy in `html`, described.
pub fn violations(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in tag().captures_iter(html) {
        let whole = tag.get(0).unwrap().as_str();
        let lower = whole.to_ascii_lowercase();
        // A script element must load a file of the site, or be data (JSON-LD): text of the
        // content that closed a `<script>` and opened another would run.
        if (lower.starts_with("<script ") || lower.starts_with("<script>"))
            && !lower.contains(" src=")
            && !lower.contains("type=\"application/ld+json\"")
        {
            found.push(format!("inline script {whole}"));
        }
        for attribute in attribute().captures_iter(&tag[1]) {
            let name = attribute[1].to_ascii_lowercase();
            let value = attribute
                .get(2)
                .or(attribute.get(3))
                .or(attribute.get(4))
                .map_or("", |m| m.as_str());
            if name.starts_with("on") {
                found.push(format!("event handler `{name}` in {whole}"));
            }
            if name == "style" && !value.is_empty() {
                found.push(format!("inline style in {whole}"));
            }
            if URL_ATTRIBUTES.contains(&name.as_str())
                && let Some(scheme) = scheme(value)
                && !matches!(scheme.as_str(), "http" | "https" | "mailto")
            {
                found.push(format!("`{scheme}:` URL in {whole}"));
            }
        }
    }
    found
}
