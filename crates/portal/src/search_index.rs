//! The search indexes of a build: one pack per language, built in parallel.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use portal_model::{Content, Lang};
use portal_render::{Output, SearchDocument, Urls, fingerprint};
use portal_search::{Document, Kind};
use rayon::prelude::*;

/// The packs of every language: where each is written, and its bytes.
#[derive(Clone, Debug, Default)]
pub struct SearchPacks {
    /// Language → output path, for the pages that load it.
    pub paths: BTreeMap<Lang, String>,
    pub files: Output,
}

fn document(doc: SearchDocument) -> Document {
    Document {
        url: doc.url,
        title: doc.title,
        body: doc.body,
        kind: Kind::from_code(doc.kind)
            .expect("the renderer only emits the kinds of portal-search"),
        country: doc.country,
        region: doc.region,
        year: doc.year,
    }
}

fn search_lang(lang: Lang) -> portal_search::Lang {
    portal_search::Lang::from_code(lang.code()).expect("portal-search has the four OAS languages")
}

/// Builds the pack of every language. `fingerprinted` names them by content hash, for
/// published builds; the preview keeps stable names so that pages need not change with them.
pub fn build_packs(
    content: &Content,
    urls: &Urls,
    fingerprinted: bool,
) -> Result<SearchPacks, String> {
    let built: Vec<(Lang, String, Vec<u8>)> = content
        .site
        .languages
        .par_iter()
        .map(|&lang| {
            let docs: Vec<Document> = portal_render::search_documents(content, urls, lang)
                .into_iter()
                .map(document)
                .collect();
            let pack = portal_search::build_pack(search_lang(lang), &docs)
                .map_err(|e| format!("search index ({lang}): {e}"))?;
            let path = match fingerprinted {
                true => format!("assets/search/{lang}.{}.pack", fingerprint(&pack)),
                false => format!("assets/search/{lang}.pack"),
            };
            Ok((lang, path, pack))
        })
        .collect::<Result<_, String>>()?;
    let mut packs = SearchPacks::default();
    for (lang, path, bytes) in built {
        packs.paths.insert(lang, path.clone());
        packs.files.files.insert(path, Arc::from(bytes));
    }
    Ok(packs)
}

/// Finds the pack of `lang` in a built site.
pub fn find_pack(site: &Path, lang: Lang) -> Result<std::path::PathBuf, String> {
    let dir = site.join("assets/search");
    let entries = std::fs::read_dir(&dir).map_err(|e| {
        format!(
            "{}: {e}; build the site first (portal build)",
            dir.display()
        )
    })?;
    let prefix = format!("{lang}.");
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with(&prefix) && name.ends_with(".pack")
        })
        .ok_or_else(|| format!("no search index for `{lang}` in {}", dir.display()))
}
