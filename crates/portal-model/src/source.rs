use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::{ContentError, Location, Problem};

/// A content file's text, kept so that errors found after parsing can still point at a line.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Relative to the project root.
    pub path: PathBuf,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Deserializes the whole file as YAML. A byte-order mark, which some editors write, is not
    /// part of the text.
    pub fn parse_yaml<T: DeserializeOwned>(&self) -> Result<T, ContentError> {
        parse_yaml_at(
            &self.path,
            self.text.strip_prefix('\u{feff}').unwrap_or(&self.text),
            0,
        )
    }

    /// An error at the first line where `key:` is followed by `value` (or a list item is
    /// `value`), so that a broken reference points at the line to fix.
    pub fn error_at(&self, key: &str, value: &str, problem: Problem) -> ContentError {
        ContentError::new(&self.path, self.find(key, value), problem)
    }

    fn find(&self, key: &str, value: &str) -> Option<Location> {
        let key_prefix = format!("{key}:");
        let mut in_key = false;
        for (index, line) in self.text.lines().enumerate() {
            let trimmed = line.trim_start().trim_start_matches("- ");
            // Editors count columns in characters, not bytes.
            let at = |byte: usize| Location {
                line: index + 1,
                column: line[..byte].chars().count() + 1,
            };
            if let Some(rest) = trimmed.strip_prefix(&key_prefix) {
                in_key = true;
                if value.is_empty() || rest.contains(value) {
                    let column = line.find(value).filter(|_| !value.is_empty());
                    return Some(at(column.unwrap_or(line.len() - trimmed.len())));
                }
            } else if in_key && trimmed.contains(value) && !value.is_empty() {
                return Some(at(line.find(value).unwrap_or(0)));
            } else if !line.starts_with([' ', '-']) {
                in_key = false;
            }
        }
        None
    }
}

/// Parses YAML that starts `line_offset` lines into its file (front matter starts after `---`),
/// once [`crate::scan::check_yaml`] has found it within bounds and free of forbidden links.
pub(crate) fn parse_yaml_at<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    line_offset: usize,
) -> Result<T, ContentError> {
    crate::scan::check_yaml(text, line_offset)
        .map_err(|(location, problem)| ContentError::new(path, Some(location), problem))?;
    serde_yaml::from_str(text).map_err(|error| {
        let location = error.location().map(|at| Location {
            line: at.line() + line_offset,
            column: at.column(),
        });
        let message = error.to_string();
        let message = match message.rfind(" at line ") {
            Some(cut) => message[..cut].to_owned(),
            None => message,
        };
        ContentError::new(path, location, Problem::Invalid(message))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Record {
        name: String,
        country: String,
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let file = SourceFile::new("content/x.yaml", "name: a\n  country: b\n: :\n");
        let error = file.parse_yaml::<Record>().unwrap_err();
        assert_eq!(error.location.map(|at| at.line), Some(2));
    }

    #[test]
    fn unknown_fields_are_errors_that_say_what_was_expected() {
        let file = SourceFile::new("content/x.yaml", "name: a\ncountry: b\ncolour: red\n");
        let error = file.parse_yaml::<Record>().unwrap_err();
        assert_eq!(error.location.map(|at| at.line), Some(3));
        assert!(
            error
                .to_string()
                .contains("unknown field `colour`, expected `name` or `country`"),
            "{error}"
        );
    }

    #[test]
    fn references_are_located_on_their_line() {
        let file = SourceFile::new(
            "x.yaml",
            "name: a\nsummits:\n  - quebec-2001\n  - atlantis\n",
        );
        let error = file.error_at("summits", "atlantis", Problem::Inconsistent(String::new()));
        assert_eq!(error.location, Some(Location { line: 4, column: 5 }));
    }

    #[test]
    fn columns_count_characters_on_lines_with_accents() {
        let file = SourceFile::new("x.yaml", "name: a\nsummits: [québec-2001, atlantis]\n");
        let error = file.error_at("summits", "atlantis", Problem::Inconsistent(String::new()));
        assert_eq!(
            error.location,
            Some(Location {
                line: 2,
                column: 24
            })
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_key() {
        let file = SourceFile::new("x.yaml", "\u{feff}name: a\ncountry: b\n");
        assert!(file.parse_yaml::<Record>().is_ok());
    }
}
