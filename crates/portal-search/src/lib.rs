//! Search for the portal: the per-language analyzers, the index build, the packed index format
//! and the query engine.
//!
//! The same code answers `portal search` on the command line and runs in the visitor's browser
//! (compiled to `wasm32-unknown-unknown` by the `portal-search-wasm` crate), so both paths give
//! the same results. This crate knows nothing of templates or content files: the caller hands it
//! [`Document`]s and gets back, per language, a manifest and chunk files ([`build_pack`],
//! [`chunked`]), which [`ChunkedIndex`] and [`Engine::open`] load again.
//!
//! Bytes matter (many visitors are on slow mobile links), hence:
//! - queries are built from tantivy's query types directly, never through its `QueryParser`,
//!   which would link the regex engine into the browser engine;
//! - the index stores a short excerpt of each page for snippets, not its whole text;
//! - the index is published as a manifest with a hot cache and immutable chunks, of which a
//!   query fetches only those it reads ([`chunked`]); a small index travels in the manifest
//!   but for its positions, which only a quoted phrase reads.

#![warn(missing_docs)]

mod analysis;
mod attrs;
mod binary;
mod build;
pub mod chunked;
mod engine;
mod facets;
pub mod fixture;
mod query;

use serde::{Deserialize, Serialize};

pub use analysis::{Analysis, tokenizer_name};
pub use build::{PackOptions, build_pack, build_pack_with};
pub use chunked::{ChunkLoader, ChunkedIndex, ChunkedPack, chunk_path};
pub use engine::{Engine, Hit, Query, SearchResults, SnippetPart};
pub use facets::{Facet, Facets};
/// Re-exported so that callers of this crate name the languages and kinds without depending on
/// `portal-types` themselves.
pub use portal_types::{Kind, Lang};

/// One page to index, in one language. The caller (the site build) extracts the plain text; this
/// crate never sees Markdown or HTML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The page's URL as the site links it (e.g. `/es/legislation/ar/ley-25871/`); stored and
    /// returned with each hit.
    pub url: String,
    /// The page title: indexed with a boost (a word in the title weighs more) and stored.
    pub title: String,
    /// The page's plain text: indexed (with positions, for "phrases"); only a short excerpt of
    /// it is stored, for snippets, to keep the pack small.
    pub body: String,
    /// What the page is, for the kind filter and facet.
    pub kind: Kind,
    /// The country the page is about: lower-case ISO 3166-1 alpha-2 (`ar`), for the country
    /// filter and facet.
    pub country: Option<String>,
    /// The region the page is about (a slug chosen by the content, e.g. `south-america`), for
    /// the region filter and facet.
    pub region: Option<String>,
    /// The year of the law, resolution, Summit or event, for the year filter and facet.
    pub year: Option<u16>,
    /// The subjects of a law (slugs chosen by the content, e.g. `trafficking-in-persons`), for
    /// the subject filter and facet; empty for other pages.
    #[serde(default)]
    pub subjects: Vec<String>,
}

/// Everything that can go wrong when building or opening a pack. Opening a damaged or foreign
/// file must give an error the caller can show, never a panic (the browser engine aborts on
/// panic).
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The bytes are not a valid pack: bad magic, unknown version, truncated, checksum mismatch,
    /// or a missing field in the index schema.
    #[error("invalid search pack: {0}")]
    InvalidPack(String),
    /// A document cannot be indexed (e.g. a URL that is empty).
    #[error("invalid document {url:?}: {reason}")]
    InvalidDocument {
        /// The offending document's URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// tantivy failed while building or reading the index. tantivy's message is the error's
    /// source, not part of this message, so that the browser engine never formats it (its
    /// formatting was 2.5 KB of the engine, brotli): [`SearchError::with_causes`] gives both.
    #[error("search index error")]
    Index(#[from] tantivy::TantivyError),
    /// This build has no stemmer for the language (each browser engine is built for one
    /// language: load the engine of the index's language).
    #[error("this search engine is not built for language {}", .0.code())]
    LanguageNotBuiltIn(Lang),
    /// The query needs these chunks of the index, which are not loaded yet: fetch them (all
    /// together), give them with [`ChunkedIndex::add_chunk`] and ask again.
    #[error("search index chunks not loaded yet: {0:?}")]
    MissingChunks(Vec<usize>),
}

impl SearchError {
    /// The message followed by those of its causes (tantivy's error, and what caused it), as
    /// the command line reports it.
    pub fn with_causes(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(error) = cause {
            text.push_str(&format!(": {error}"));
            cause = error.source();
        }
        text
    }
}

#[cfg(test)]
mod tests;
