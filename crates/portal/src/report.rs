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

/// Where miette must point: the byte of the 1-based `line` and `column`, columns counting
/// characters as editors and the content errors do.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(line_start..).unwrap_or("");
    let within: usize = rest
        .chars()
        .take_while(|c| *c != '\n')
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    (line_start + within).min(text.len())
}

/// Prints each warning of a build (a missing interface string, …) on its own line, file first.
pub fn print_warnings(warnings: &[portal_model::Warning]) {
    for warning in warnings {
        eprintln!("warning: {}: {}", warning.file.display(), warning.message);
    }
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
    // Only a located error shows its line, so an error about the file itself (too large, a
    // link out of the project) never prints it. A byte-order mark is not a column.
    let text = match error.location {
        Some(_) => std::fs::read_to_string(root.join(&error.file)).unwrap_or_default(),
        None => String::new(),
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
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

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "title: x\ncity: Bogotá, Québec: *x\n";
        let offset = super::byte_offset(text, 2, 23);
        assert_eq!(&text[offset..offset + 2], "*x");
    }
}
