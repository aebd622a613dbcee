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
//!   query fetches only those it reads ([`chunked`]); a small index travels whole in the
//!   manifest.

#![warn(missing_docs)]

mod analysis;
mod build;
pub mod chunked;
mod engine;
pub mod fixture;
mod query;

use serde::{Deserialize, Serialize};

pub use analysis::{
    SnowballStemmer, SnowballStemmerStream, SnowballStemmerWrapper, analyzer, tokenizer_name,
};
pub use build::{PackOptions, build_pack, build_pack_with};
pub use chunked::{ChunkLoader, ChunkedIndex, ChunkedPack, chunk_path};
pub use engine::{Engine, Facet, Facets, Hit, Query, SearchResults, SnippetPart};

/// A language of the portal. Each has its own index, because each needs its own stemmer: a
/// French page is stemmed as French, and a French query is searched in the French index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French, the programme's source language.
    Fr,
    /// English.
    En,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
}

impl Lang {
    /// Every language, in the portal's order, so callers can build one pack per language.
    pub const ALL: [Lang; 4] = [Lang::Fr, Lang::En, Lang::Es, Lang::Pt];

    /// Parses a two-letter code ("fr", "en", "es", "pt", any case), as used in URLs, file names
    /// and the pack header. Returns `None` for any other code so callers report it themselves.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            "es" => Some(Lang::Es),
            "pt" => Some(Lang::Pt),
            _ => None,
        }
    }

    /// The two-letter code, the inverse of [`Lang::from_code`].
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Pt => "pt",
        }
    }
}

/// What a page is. Visitors filter on it, and results show it, so it is indexed as a keyword and
/// kept as a fast field for the facet counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A law of the compilation of migration legislation.
    Law,
    /// An activity of an OAS organ.
    Activity,
    /// A Summit of the Americas and its mandates.
    Summit,
    /// A General Assembly resolution.
    Resolution,
    /// Any other page (programme history, about, …).
    Page,
    /// A meeting or event.
    Event,
}

impl Kind {
    /// Every kind, so callers can list the filters in a stable order.
    pub const ALL: [Kind; 6] = [
        Kind::Law,
        Kind::Activity,
        Kind::Summit,
        Kind::Resolution,
        Kind::Page,
        Kind::Event,
    ];

    /// The string code stored in the index and used in JSON ("law", "activity", …).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Law => "law",
            Kind::Activity => "activity",
            Kind::Summit => "summit",
            Kind::Resolution => "resolution",
            Kind::Page => "page",
            Kind::Event => "event",
        }
    }

    /// Parses a string code, the inverse of [`Kind::code`]; `None` for an unknown code.
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }
}

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
    /// tantivy failed while building or reading the index.
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The query needs these chunks of the index, which are not loaded yet: fetch them (all
    /// together), give them with [`ChunkedIndex::add_chunk`] and ask again.
    #[error("search index chunks not loaded yet: {0:?}")]
    MissingChunks(Vec<usize>),
}

#[cfg(test)]
mod tests;
