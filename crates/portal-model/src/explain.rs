//! serde's wording of a content error (`invalid type: sequence, expected struct LawDates`)
//! said in the content model's words: the field, what it expects (its keys or values, read
//! from the schema of the very type that failed to parse) and what the file has instead.

use schemars::JsonSchema;
use serde_json::Value;

/// Rewrites a `invalid type`/`invalid value` message of serde for a file parsed as `T`; other
/// messages (unknown or missing fields, unknown variants, the model's own checks) already say
/// what was expected in an editor's words and are kept.
pub(crate) fn explain<T: JsonSchema>(message: &str) -> String {
    let Some((path, found, expected)) = split(message) else {
        return message.to_owned();
    };
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
    let field = match path {
        "" => "the file".to_owned(),
        path => format!("`{path}`"),
    };
    format!(
        "{field} expects {}; found {}",
        expected_words(expected, &schema),
        found_words(found)
    )
}

/// `dates: invalid type: sequence, expected struct LawDates` → (`dates`, `sequence`,
/// `struct LawDates`). The found value may quote the file's own text, so the expectation is
/// what follows its last `, expected `.
fn split(message: &str) -> Option<(&str, &str, &str)> {
    let (path, rest) = ["invalid type: ", "invalid value: "]
        .iter()
        .find_map(|marker| {
            let at = message.find(marker)?;
            Some((&message[..at], &message[at + marker.len()..]))
        })?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    Some((path.trim_end_matches(": ").trim(), found, expected))
}

fn found_words(found: &str) -> String {
    let quoted = |kind: &str| found.strip_prefix(kind).map(str::trim);
    match found {
        "sequence" => "a list".to_owned(),
        "map" => "a group of keys".to_owned(),
        "unit value" => "nothing".to_owned(),
        _ => {
            if let Some(text) = quoted("string ") {
                format!("the text {text}")
            } else if let Some(number) = quoted("integer ").or_else(|| quoted("floating point ")) {
                format!("the number {}", number.trim_matches('`'))
            } else if let Some(value) = quoted("boolean ") {
                value.to_owned()
            } else {
                found.to_owned()
            }
        }
    }
}

fn expected_words(expected: &str, schema: &Value) -> String {
    if let Some(name) = expected.strip_prefix("struct ") {
        return match definition(schema, name).map(keys) {
            Some(keys) if !keys.is_empty() => format!("a group of keys (any of {keys})"),
            _ => "a group of keys".to_owned(),
        };
    }
    if let Some(name) = expected.strip_prefix("enum ") {
        return match definition(schema, name).map(values) {
            Some(values) if !values.is_empty() => format!("one of {values}"),
            _ => "one of the values the schema lists".to_owned(),
        };
    }
    match expected {
        "a sequence" => "a list".to_owned(),
        "a map" => "a group of keys".to_owned(),
        "a string" | "a borrowed string" => "a text".to_owned(),
        "a boolean" => "`true` or `false`".to_owned(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            "a whole number".to_owned()
        }
        "f32" | "f64" => "a number".to_owned(),
        other => other.to_owned(),
    }
}

/// The schema of the type serde names `name`: the root's or one of its definitions.
fn definition<'a>(schema: &'a Value, name: &str) -> Option<&'a Value> {
    match schema.get("title").and_then(Value::as_str) {
        Some(title) if title == name => Some(schema),
        _ => schema.get("$defs")?.get(name),
    }
}

/// The keys a mapping allows, as `` `a`, `b` ``.
fn keys(schema: &Value) -> String {
    let properties = schema.get("properties").and_then(Value::as_object);
    listed(properties.into_iter().flat_map(|map| map.keys().cloned()))
}

/// The values an enum allows: its `enum` list, or the `const` of each alternative.
fn values(schema: &Value) -> String {
    let listed_values = schema
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    let alternatives = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|key| schema.get(key).and_then(Value::as_array))
        .flatten()
        .filter_map(|alternative| alternative.get("const"));
    listed(
        listed_values
            .chain(alternatives)
            .filter_map(|value| value.as_str().map(str::to_owned)),
    )
}

fn listed(items: impl Iterator<Item = String>) -> String {
    items
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::explain;

    #[derive(schemars::JsonSchema)]
    #[allow(dead_code)]
    struct Record {
        dates: Dates,
        status: Status,
    }

    #[derive(schemars::JsonSchema)]
    #[allow(dead_code)]
    struct Dates {
        adopted: String,
        published: String,
    }

    #[derive(schemars::JsonSchema)]
    #[serde(rename_all = "kebab-case")]
    #[allow(dead_code)]
    enum Status {
        InForce,
        Repealed,
    }

    #[test]
    fn a_wrong_shape_names_the_field_and_the_keys_it_allows() {
        assert_eq!(
            explain::<Record>("dates: invalid type: sequence, expected struct Dates"),
            "`dates` expects a group of keys (any of `adopted`, `published`); found a list"
        );
    }

    #[test]
    fn a_wrong_value_names_the_values_allowed() {
        assert_eq!(
            explain::<Record>("status: invalid type: integer `3`, expected enum Status"),
            "`status` expects one of `in-force`, `repealed`; found the number 3"
        );
    }

    #[test]
    fn messages_in_the_model_s_words_are_kept() {
        let message = "unknown field `colour`, expected `name` or `country`";
        assert_eq!(explain::<Record>(message), message);
    }
}
