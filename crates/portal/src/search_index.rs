//! The search indexes of a build: per language a manifest and its chunk files
//! (`portal_search::chunked`), built in parallel.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use portal_model::{Content, Lang};
use portal_render::{Output, SearchDocument, Urls, fingerprint};
use portal_search::Document;
use rayon::prelude::*;

/// The indexes of every language: where each manifest is written, and the files (manifests and
/// chunks).
#[derive(Clone, Debug, Default)]
pub struct SearchPacks {
    /// Language → output path of the manifest, for the pages that load it (its chunks are
    /// beside it, named by `portal_search::chunk_path`).
    pub paths: BTreeMap<Lang, String>,
    pub files: Output,
}

fn document(doc: SearchDocument) -> Document {
    Document {
        url: doc.url,
        title: doc.title,
        body: doc.body,
        kind: doc.kind,
        country: doc.country,
        region: doc.region,
        year: doc.year,
        subjects: doc.subjects,
    }
}

/// Builds the index of every language. `fingerprinted` names each manifest by content hash
/// (the manifest holds a digest of every chunk, so its chunks' names change with them too), for
/// published builds; the preview keeps stable names so that pages need not change with them.
pub fn build_packs(
    content: &Content,
    urls: &Urls,
    fingerprinted: bool,
) -> Result<SearchPacks, String> {
    let built: Vec<(Lang, String, portal_search::ChunkedPack)> = content
        .site
        .languages
        .par_iter()
        .map(|&lang| {
            let docs: Vec<Document> = portal_render::search_documents(content, urls, lang)
                .into_iter()
                .map(document)
                .collect();
            let pack = portal_search::build_pack(lang, &docs)
                .map_err(|e| format!("search index ({lang}): {e}"))?;
            let path = match fingerprinted {
                true => format!("assets/search/{lang}.{}.pack", fingerprint(&pack.manifest)),
                false => format!("assets/search/{lang}.pack"),
            };
            Ok((lang, path, pack))
        })
        .collect::<Result<_, String>>()?;
    let mut packs = SearchPacks::default();
    for (lang, path, pack) in built {
        for (i, chunk) in pack.chunks.into_iter().enumerate() {
            let chunk_path = portal_search::chunk_path(&path, i);
            packs.files.files.insert(chunk_path, Arc::from(chunk));
        }
        packs.paths.insert(lang, path.clone());
        packs.files.files.insert(path, Arc::from(pack.manifest));
    }
    Ok(packs)
}

/// Finds the manifest of `lang`'s index in a built site.
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
            // The manifest is `es.{hash}.pack` (or `es.pack`); chunks end in `.chunk`.
            name.starts_with(&prefix) && name.ends_with(".pack")
        })
        .ok_or_else(|| format!("no search index for `{lang}` in {}", dir.display()))
}
