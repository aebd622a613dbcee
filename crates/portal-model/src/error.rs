use std::fmt;
use std::path::PathBuf;

/// A 1-based position in a content file, as editors' editors show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Line, counted from 1.
    pub line: usize,
    /// Column in characters, counted from 1.
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
    /// Where in the file, when the parser or the check knows it.
    pub location: Option<Location>,
    /// What is wrong.
    pub problem: Problem,
}

/// What is wrong, with what was expected instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The file exists but could not be read (the OS's message).
    #[error("cannot read the file: {0}")]
    Io(String),
    /// A file every build needs is not there: nothing failed to read, so it is no I/O error.
    #[error("the file is missing; expected {0}")]
    Missing(&'static str),
    /// Invalid YAML, a missing or unknown field, a wrong type or an invalid date: serde_yaml's
    /// message, a wrong type said in the content model's words (see `explain`).
    #[error("{0}")]
    Invalid(String),
    /// A Markdown page opens a front matter with `---` and never closes it.
    #[error("the Markdown file has no closing `---` line after its front matter")]
    UnclosedFrontMatter,
    #[error("`{field}` has no `{lang}` text; expected the source language to be present")]
    /// A text lacks the source language, which every translation falls back to.
    MissingSourceText {
        /// The field, as named in the file.
        field: String,
        /// The source language's code.
        lang: String,
    },
    #[error("duplicate id `{id}`, already used in {first}; expected every id to be unique")]
    /// Two records share an id, which must name one page.
    DuplicateId {
        /// The id used twice.
        id: String,
        /// The file that uses it first.
        first: String,
    },
    #[error("{what} `{target}` does not exist; expected one of: {known}")]
    /// A record names another (a country, a treaty) that does not exist.
    BrokenReference {
        /// What kind of record is named (`country`, `treaty`).
        what: &'static str,
        /// The name as written.
        target: String,
        /// The names that exist, comma-separated, for the editor to pick from.
        known: String,
    },
    #[error("unexpected file name `{name}`; expected {expected}")]
    /// A file in a content folder whose name is no record's (a typo, a stray file).
    UnexpectedFile {
        /// The file name found.
        name: String,
        /// The form names must take there.
        expected: String,
    },
    /// Fields valid alone that contradict each other (dates out of order, a fact that does
    /// not match another record): the message says which.
    #[error("{0}")]
    Inconsistent(String),
    /// A link or image address that could run script or reach the visitor's machine.
    #[error(
        "the link or image address `{url}` is not allowed; expected an http:, https: or mailto: \
         address, a relative path or a `#fragment`"
    )]
    ForbiddenUrl {
        /// The address as written.
        url: String,
    },
    /// A Markdown heading attribute other than an id or a class (`{onclick=…}`).
    #[error(
        "the heading attribute `{name}` is not allowed; expected only an id and classes, as in \
         `## Title {{#id .class}}`"
    )]
    ForbiddenAttribute {
        /// The attribute's name as written.
        name: String,
    },
}

impl ContentError {
    /// An error in `file` (relative to the project root), at `location` if known.
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
