use std::path::{Path, PathBuf};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use crate::{ContentError, Location, Problem};

/// A content file's text, kept so that errors found after parsing can still point at a line.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Relative to the project root.
    pub path: PathBuf,
    /// The whole text as read, shared by every error that quotes it.
    pub text: Arc<str>,
}

impl SourceFile {
    /// A file at `path` (relative to the project root) with the text read from it.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Deserializes the whole file as YAML. A byte-order mark, which some editors write, is not
    /// part of the text.
    pub fn parse_yaml<T: DeserializeOwned + JsonSchema>(&self) -> Result<T, ContentError> {
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

    /// An error at `key:` within the `index`-th item (0-based) of the top-level list `list`,
    /// or at the item itself when it has no such key: entries of a long list often share
    /// their values (`country: ag` twice), so only their position tells them apart.
    pub fn error_in_item(
        &self,
        list: &str,
        index: usize,
        key: &str,
        problem: Problem,
    ) -> ContentError {
        ContentError::new(&self.path, self.find_in_item(list, index, key), problem)
    }

    /// An error at `key:` below the first `parent:` line (`url` of `status_source`), or at
    /// `parent:` itself when it has no such key.
    pub fn error_under(&self, parent: &str, key: &str, problem: Problem) -> ContentError {
        let lines: Vec<&str> = self.text.lines().collect();
        let parent_prefix = format!("{parent}:");
        let location = lines
            .iter()
            .position(|line| line.trim_start().starts_with(&parent_prefix))
            .map(|start| {
                let indent = indentation(lines[start]);
                let child = lines[start..]
                    .iter()
                    .enumerate()
                    .take_while(|(offset, line)| {
                        *offset == 0 || line.trim().is_empty() || indentation(line) > indent
                    })
                    .find_map(|(offset, line)| {
                        let after_parent = match offset {
                            0 => line.find(&parent_prefix).map(|at| at + parent_prefix.len()),
                            _ => Some(0),
                        }?;
                        line[after_parent..]
                            .find(&format!("{key}:"))
                            .map(|at| (start + offset, after_parent + at))
                    });
                let (line, column) =
                    child.unwrap_or((start, lines[start].len() - lines[start].trim_start().len()));
                Location {
                    line: line + 1,
                    column: column + 1,
                }
            });
        ContentError::new(&self.path, location, problem)
    }

    fn find_in_item(&self, list: &str, index: usize, key: &str) -> Option<Location> {
        let lines: Vec<&str> = self.text.lines().collect();
        let header = format!("{list}:");
        let start = lines.iter().position(|line| line.trim_end() == header)?;
        let mut items = lines[start + 1..]
            .iter()
            .enumerate()
            .map(|(offset, line)| (start + 1 + offset, *line))
            .take_while(|(_, line)| line.starts_with([' ', '-', '#']) || line.trim().is_empty());
        let mut item_indent = None;
        let mut seen = 0;
        let mut item_start = None;
        for (number, line) in items.by_ref() {
            let trimmed = line.trim_start();
            if !trimmed.starts_with("- ") {
                continue;
            }
            let indent = indentation(line);
            if *item_indent.get_or_insert(indent) != indent {
                continue;
            }
            if seen == index {
                item_start = Some((number, indent));
                break;
            }
            seen += 1;
        }
        let (first, indent) = item_start?;
        let key_prefix = format!("{key}:");
        let at_key = std::iter::once((first, lines[first]))
            .chain(items.take_while(|(_, line)| {
                !(line.trim_start().starts_with("- ") && indentation(line) == indent)
            }))
            .find_map(|(number, line)| {
                let column = line.find(&key_prefix).filter(|&at| {
                    at == 0 || matches!(line.as_bytes()[at - 1], b' ' | b'{' | b',' | b'-')
                })?;
                Some((number, column))
            });
        let (line, column) = at_key.unwrap_or((first, indent));
        Some(Location {
            line: line + 1,
            column: column + 1,
        })
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

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Parses YAML that starts `line_offset` lines into its file (front matter starts after `---`),
/// once [`crate::scan::check_yaml`] has found it within bounds and free of forbidden links.
pub(crate) fn parse_yaml_at<T: DeserializeOwned + JsonSchema>(
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
        let message = crate::explain::explain::<T>(&message);
        ContentError::new(path, location, Problem::Invalid(message))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
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
    fn list_items_that_share_values_are_told_apart_by_position() {
        let file = SourceFile::new(
            "content/treaties.yaml",
            "treaties: []\nparticipation:\n  - country: ag\n    treaty: a\n  - country: ag\n    treaty: b\n    action: party\n  - {country: ar, treaty: b}\n",
        );
        let at = |index, key| {
            file.error_in_item(
                "participation",
                index,
                key,
                Problem::Inconsistent(String::new()),
            )
            .location
        };
        assert_eq!(at(1, "action"), Some(Location { line: 7, column: 5 }));
        assert_eq!(at(1, "country"), Some(Location { line: 5, column: 5 }));
        assert_eq!(at(0, "action"), Some(Location { line: 3, column: 3 }));
        assert_eq!(
            at(2, "treaty"),
            Some(Location {
                line: 8,
                column: 19
            })
        );
        assert_eq!(at(3, "treaty"), None);
    }

    #[test]
    fn nested_keys_are_found_below_their_parent() {
        let file = SourceFile::new(
            "x.yaml",
            "sources:\n  - url: \"https://a\"\nstatus_source:\n  url: \"https://a\"\n",
        );
        let error = file.error_under("status_source", "url", Problem::Inconsistent(String::new()));
        assert_eq!(error.location, Some(Location { line: 4, column: 3 }));
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
