//! Checks that every internal link, stylesheet, script and image of a built site resolves.

use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A reference from a page to something that is not in the output.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrokenLink {
    /// The page, relative to the output directory.
    pub page: String,
    /// The `href` or `src` value as written in the page.
    pub link: String,
    /// Why it does not resolve: no such file, no such `id`, or outside the base path.
    pub reason: String,
}

/// The values of `href="…"` and `src="…"` attributes in an HTML document.
fn references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            if let Some(end) = rest.find('"') {
                found.push(decode_entities(&rest[..end]));
                rest = &rest[end..];
            }
        }
    }
    found
}

/// Decodes the character references a generator writes in attribute values.
fn decode_entities(value: &str) -> String {
    value
        .replace("&#x2f;", "/")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn ids(html: &str) -> HashSet<String> {
    let mut found = HashSet::new();
    let mut rest = html;
    while let Some(at) = rest.find(" id=\"") {
        rest = &rest[at + 5..];
        if let Some(end) = rest.find('"') {
            found.insert(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    found
}

/// Maps a URL path below the site to the file that answers it (`/fr/` → `fr/index.html`).
fn target_file(path: &str) -> String {
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    match path.is_empty() || path.ends_with('/') {
        true => format!("{path}index.html"),
        false => path,
    }
}

/// Checks the site in `dir`, built for `base_path` (`/` or `/sub/`). Links to other sites are
/// not followed: the check must pass offline.
pub fn check_links(dir: &Path, base_path: &str) -> Result<Vec<BrokenLink>, String> {
    let files = crate::project::files_below(dir)?;
    let mut id_cache: HashMap<String, HashSet<String>> = HashMap::new();
    let mut broken = Vec::new();
    for (page, path) in files.iter().filter(|(name, _)| name.ends_with(".html")) {
        let html = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let page_dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
        for link in references(&html) {
            let external = ["http://", "https://", "mailto:", "tel:", "data:", "//"];
            if external.iter().any(|prefix| link.starts_with(prefix)) {
                continue;
            }
            let (without_fragment, fragment) = match link.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (link.as_str(), None),
            };
            let path_part = without_fragment.split('?').next().unwrap_or("");
            let target = if path_part.is_empty() {
                page.clone()
            } else if let Some(absolute) = path_part.strip_prefix('/') {
                match format!("/{absolute}").strip_prefix(base_path) {
                    Some(below) => target_file(below),
                    None => {
                        broken.push(BrokenLink {
                            page: page.clone(),
                            link: link.clone(),
                            reason: format!("outside the site's base path {base_path}"),
                        });
                        continue;
                    }
                }
            } else {
                let joined = match page_dir {
                    "" => path_part.to_owned(),
                    dir => format!("{dir}/{path_part}"),
                };
                let mut parts: Vec<&str> = Vec::new();
                for part in joined.split('/') {
                    match part {
                        ".." => {
                            parts.pop();
                        }
                        "." => {}
                        other => parts.push(other),
                    }
                }
                target_file(&parts.join("/"))
            };
            if !files.contains_key(&target) {
                broken.push(BrokenLink {
                    page: page.clone(),
                    link: link.clone(),
                    reason: format!("no file {target}"),
                });
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty() && target.ends_with(".html"))
            {
                let ids = id_cache.entry(target.clone()).or_insert_with(|| {
                    std::fs::read_to_string(&files[&target])
                        .map(|html| ids(&html))
                        .unwrap_or_default()
                });
                let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
                if !ids.contains(fragment.as_ref()) {
                    broken.push(BrokenLink {
                        page: page.clone(),
                        link: link.clone(),
                        reason: format!("{target} has no element with id `{fragment}`"),
                    });
                }
            }
        }
    }
    broken.sort();
    Ok(broken)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_missing_pages_assets_and_anchors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub/fr")).unwrap();
        std::fs::write(
            dir.path().join("sub/fr/index.html"),
            r##"<a href="/sub/fr/">ok</a><a href="/sub/es/">missing</a><link href="/style.css"><a href="#top">a</a><a href="#nowhere">b</a><p id="top"></p><a href="https://oas.org/">ext</a>"##,
        )
        .unwrap();
        let root = dir.path().join("sub");
        let broken = check_links(&root, "/sub/").unwrap();
        let links: Vec<_> = broken.iter().map(|b| b.link.as_str()).collect();
        assert_eq!(links, ["#nowhere", "/style.css", "/sub/es/"], "{broken:?}");
    }
}
