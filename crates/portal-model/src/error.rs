use std::fmt;
use std::path::PathBuf;

/// A 1-based position in a content file, as editors' editors show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// One thing wrong with the content, pinned to the file (and where known the line) to fix.
///
/// Loading collects every error of a build instead of stopping at the first, so an editor
/// fixes them all in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// Path relative to the project root, as the editor knows it.
    pub file: PathBuf,
    pub location: Option<Location>,
    pub problem: Problem,
}

/// What is wrong, with what was expected instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("cannot read the file: {0}")]
    Io(String),
    /// A file every build needs is not there: nothing failed to read, so it is no I/O error.
    #[error("the file is missing; expected {0}")]
    Missing(&'static str),
    /// Invalid YAML, a missing or unknown field, a wrong type or an invalid date: serde_yaml's
    /// message, a wrong type said in the content model's words (see `explain`).
    #[error("{0}")]
    Invalid(String),
    #[error("the Markdown file has no closing `---` line after its front matter")]
    UnclosedFrontMatter,
    #[error("`{field}` has no `{lang}` text; expected the source language to be present")]
    MissingSourceText { field: String, lang: String },
    #[error("duplicate id `{id}`, already used in {first}; expected every id to be unique")]
    DuplicateId { id: String, first: String },
    #[error("{what} `{target}` does not exist; expected one of: {known}")]
    BrokenReference {
        what: &'static str,
        target: String,
        known: String,
    },
    #[error("unexpected file name `{name}`; expected {expected}")]
    UnexpectedFile { name: String, expected: String },
    #[error("{0}")]
    Inconsistent(String),
    /// A link or image address that could run script or reach the visitor's machine.
    #[error(
        "the link or image address `{url}` is not allowed; expected an http:, https: or mailto: \
         address, a relative path or a `#fragment`"
    )]
    ForbiddenUrl { url: String },
    /// A Markdown heading attribute other than an id or a class (`{onclick=…}`).
    #[error(
        "the heading attribute `{name}` is not allowed; expected only an id and classes, as in \
         `## Title {{#id .class}}`"
    )]
    ForbiddenAttribute { name: String },
}

impl ContentError {
    pub fn new(file: impl Into<PathBuf>, location: Option<Location>, problem: Problem) -> Self {
        ContentError {
            file: file.into(),
            location,
            problem,
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(Location { line, column }) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl std::error::Error for ContentError {}

/// Every error of one load, so that a build reports them together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "{error}")?;
        }
        write!(f, "{} error(s) in the content", self.0.len())
    }
}

impl std::error::Error for ContentErrors {}
