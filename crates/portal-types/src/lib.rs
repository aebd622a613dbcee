//! The vocabulary the portal's crates share: the languages, the kinds of page the search
//! indexes and the states of an organ's activities.
//!
//! Each fact is written once here, with its string code (used in URLs, file names, the search
//! index and templates) and the list of its values, so that the content model, the renderer,
//! the search engine and the CLI cannot disagree on them. The crate is small and depends on
//! serde alone, since the browser search engine compiles it to wasm32.

#![warn(missing_docs)]

mod activity;
mod kind;
mod lang;

pub use activity::ActivityState;
pub use kind::Kind;
pub use lang::Lang;
