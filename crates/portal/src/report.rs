//! Content errors as reports with the offending lines shown.

use miette::{Diagnostic, NamedSource, SourceSpan};
use portal_model::{ContentError, ContentErrors};

#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
struct ContentReport {
    message: String,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("here")]
    span: Option<SourceSpan>,
}

fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// Prints every content error: the file, line and column, what was expected, and the line.
pub fn print_content_errors(root: &std::path::Path, errors: &ContentErrors) {
    for error in &errors.0 {
        eprintln!("{:?}", report(root, error));
    }
    eprintln!(
        "error: {} problem(s) in the content; the previous output was left as it was",
        errors.0.len()
    );
}

fn report(root: &std::path::Path, error: &ContentError) -> miette::Report {
    let text = std::fs::read_to_string(root.join(&error.file)).unwrap_or_default();
    let span = error
        .location
        .map(|at| SourceSpan::from((byte_offset(&text, at.line, at.column), 1)));
    let name = error.file.display().to_string();
    miette::Report::new(ContentReport {
        message: error.to_string(),
        source_code: NamedSource::new(name, text),
        span,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn offsets_count_lines_from_one() {
        assert_eq!(super::byte_offset("ab\ncd\nef", 2, 2), 4);
        assert_eq!(super::byte_offset("ab\ncd\nef", 1, 1), 0);
    }
}
