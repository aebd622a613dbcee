//! The search indexes of a build: per language the documents of `portal_index`, packed by
//! `portal_search` into a manifest and its chunk files, built in parallel.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use portal_model::{Content, Lang};
use portal_render::{Output, Urls, fingerprint};
use rayon::prelude::*;

/// The indexes of every language: where each manifest is written, and the files (manifests and
/// chunks).
#[derive(Clone, Debug, Default)]
pub struct SearchPacks {
    /// Language → output path of the manifest, for the pages that load it (its chunks are
    /// beside it, named by `portal_search::chunk_path`).
    pub paths: BTreeMap<Lang, String>,
    /// The manifests and chunks of every language, by output path, to add to the site.
    pub files: Output,
}

/// Where `lang`'s manifest is written when not fingerprinted: known before the index is built.
pub fn stable_path(lang: Lang) -> String {
    format!("assets/search/{lang}.pack")
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
            let docs = portal_index::documents(content, urls, lang);
            let pack = portal_search::build_pack(lang, &docs)
                .map_err(|e| format!("search index ({lang}): {}", e.with_causes()))?;
            let path = match fingerprinted {
                true => format!("assets/search/{lang}.{}.pack", fingerprint(&pack.manifest)),
                false => stable_path(lang),
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
