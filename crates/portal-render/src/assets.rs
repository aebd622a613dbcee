//! The theme's stylesheets, scripts and static files, fingerprinted by content.

use std::collections::BTreeMap;
use std::path::Path;

use lightningcss::bundler::{Bundler, ResolveResult, SourceProvider};
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions};

use crate::RenderError;

/// A theme as files handed over by the caller: this crate never reads the disk.
#[derive(Clone, Debug, Default)]
pub struct Theme {
    /// Template name (`law.html`) → source.
    pub templates: BTreeMap<String, String>,
    /// Stylesheet path below `css/` → source; `main.css` is the entry that `@import`s the rest.
    pub stylesheets: BTreeMap<String, String>,
    /// Scripts and static files: path below `js/` or `static/` → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// The bundled and fingerprinted assets, ready to be written and linked.
#[derive(Clone, Debug, Default)]
pub struct Assets {
    /// Logical name (`style.css`, `search.js`, `search/engine-es.wasm`) → output path.
    pub urls: BTreeMap<String, String>,
    /// Output path → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// A short content hash: the same bytes always get the same name, new bytes a new one, so the
/// files can be cached for a year.
pub fn fingerprint(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..12].to_owned()
}

/// `search/engine-es.wasm` + hash → `assets/search/engine-es.{hash}.wasm`.
fn fingerprinted_path(name: &str, bytes: &[u8], fingerprinted: bool) -> String {
    if !fingerprinted {
        return format!("assets/{name}");
    }
    let hash = fingerprint(bytes);
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("assets/{stem}.{hash}.{ext}"),
        None => format!("assets/{name}.{hash}"),
    }
}

struct MemoryProvider<'a>(&'a BTreeMap<String, String>);

impl SourceProvider for MemoryProvider<'_> {
    type Error = std::io::Error;

    fn read<'a>(&'a self, file: &Path) -> Result<&'a str, Self::Error> {
        let key = file.to_string_lossy();
        self.0.get(key.as_ref()).map(String::as_str).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("no stylesheet css/{key}"),
            )
        })
    }

    fn resolve(
        &self,
        specifier: &str,
        originating_file: &Path,
    ) -> Result<ResolveResult, Self::Error> {
        let parent = originating_file.parent().unwrap_or(Path::new(""));
        Ok(ResolveResult::File(parent.join(specifier)))
    }
}

/// Bundles `css/main.css` and its imports into one minified stylesheet.
pub fn bundle_css(stylesheets: &BTreeMap<String, String>) -> Result<String, RenderError> {
    let provider = MemoryProvider(stylesheets);
    let mut bundler = Bundler::new(&provider, None, ParserOptions::default());
    let mut sheet = bundler
        .bundle(Path::new("main.css"))
        .map_err(|error| RenderError::Css(error.to_string()))?;
    sheet
        .minify(MinifyOptions::default())
        .map_err(|error| RenderError::Css(error.to_string()))?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            ..PrinterOptions::default()
        })
        .map_err(|error| RenderError::Css(error.to_string()))?;
    Ok(printed.code)
}

/// Bundles the stylesheet and fingerprints every script and static file.
pub fn build_assets(theme: &Theme, fingerprinted: bool) -> Result<Assets, RenderError> {
    let mut assets = Assets::default();
    let mut add = |name: &str, bytes: Vec<u8>| {
        let path = fingerprinted_path(name, &bytes, fingerprinted);
        assets.urls.insert(name.to_owned(), path.clone());
        assets.files.insert(path, bytes);
    };
    add("style.css", bundle_css(&theme.stylesheets)?.into_bytes());
    for (name, bytes) in &theme.files {
        add(name, bytes.clone());
    }
    Ok(assets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_are_bundled_and_minified() {
        let sheets = BTreeMap::from([
            (
                "main.css".to_owned(),
                "@import \"base.css\";\n.a { color: #ff0000; }\n".to_owned(),
            ),
            (
                "base.css".to_owned(),
                "body {\n  margin: 0px;\n}\n".to_owned(),
            ),
        ]);
        let css = bundle_css(&sheets).unwrap();
        assert_eq!(css, "body{margin:0}.a{color:red}");
    }

    #[test]
    fn a_missing_import_is_an_error_naming_it() {
        let sheets = BTreeMap::from([("main.css".to_owned(), "@import \"gone.css\";".to_owned())]);
        let error = bundle_css(&sheets).unwrap_err().to_string();
        assert!(error.contains("gone.css"), "{error}");
    }

    #[test]
    fn names_change_with_content() {
        let theme = |css: &str| Theme {
            stylesheets: BTreeMap::from([("main.css".to_owned(), css.to_owned())]),
            ..Theme::default()
        };
        let a = build_assets(&theme("a{color:red}"), true).unwrap();
        let b = build_assets(&theme("a{color:blue}"), true).unwrap();
        assert_ne!(a.urls["style.css"], b.urls["style.css"]);
        assert!(a.urls["style.css"].starts_with("assets/style."));
    }
}
