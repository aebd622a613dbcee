//! The portal's content: its types, how it is read from `content/` and `i18n/`, and how it is
//! checked.
//!
//! This crate knows nothing of HTML: rendering takes a [`Content`] and decides how it looks.
//! It does hold the rules that make content safe to publish, since content is untrusted input
//! (which links and heading attributes are allowed, how large and deep a file may be, which
//! names may become paths): they are rules of the content model, checked where the file and line
//! are known. Every error carries the file and, where known, the line to fix, and a load
//! reports all of them at once.

#![warn(missing_docs)]

mod attention;
mod base_url;
mod citations;
mod coverage;
mod date;
mod error;
mod explain;
mod files;
mod ids;
mod lang;
mod load;
pub mod records;
mod scan;
mod schema;
mod source;
mod strings;
mod text;
mod validate;

pub use attention::{Attention, Concern, RecordConcern, attention};
pub use base_url::check_base_url;
pub use citations::Citation;
pub use coverage::{Count, Coverage, Gap, coverage};
pub use date::{DateError, PartialDate};
pub use error::{ContentError, ContentErrors, Location, Problem};
pub use files::{ContentFile, EventPart};
pub use ids::{CountryCode, IdError, LawKey, Slug};
pub use lang::TextLang;
pub use load::{
    Content, Parsed, ParsedFile, Warning, assemble, is_listed, list_files, load, load_parsed,
    parse_file, read_and_parse,
};
/// Re-exported: every user of the content model names languages, and should not need to know
/// that the search shares the type.
pub use portal_types::Lang;
pub use scan::{
    MAX_FILE_BYTES, MAX_YAML_DEPTH, MAX_YAML_EXPANDED, markdown_options, markdown_problem,
    url_allowed,
};
pub use schema::{ContentSchema, content_schemas};
pub use source::SourceFile;
pub use strings::{StringTable, Strings};
pub use text::{Localized, Resolved};
