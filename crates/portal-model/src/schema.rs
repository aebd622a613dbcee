//! JSON Schemas (draft 2020-12) of the content files, derived from the types that parse them,
//! for the editors' YAML language servers: a wrong type, an unknown field or a value outside
//! an enumeration is underlined while the file is typed, before the build says so.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::CountryCode;
use crate::records::*;

/// One schema file: its name and the files of `content/` it describes (a glob, for editors'
/// settings).
#[derive(Debug)]
pub struct ContentSchema {
    /// `law.schema.json`, …
    pub file_name: &'static str,
    /// The content files it applies to, as a glob relative to the project root.
    pub applies_to: &'static str,
    /// The JSON Schema itself, derived from the type that parses those files.
    pub schema: Value,
}

fn schema_of<T: JsonSchema>() -> Value {
    let schema: Schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.to_value()
}

/// Restricts the string at `pointer` (a JSON pointer into the schema) to the member states' codes.
fn restrict(schema: &mut Value, pointer: &str, values: &[CountryCode]) {
    if let Some(property) = schema.pointer_mut(pointer) {
        property["enum"] = values.iter().map(|v| Value::from(v.as_str())).collect();
    }
}

/// The schemas of every kind of content file; `countries` (the ISO codes of
/// `content/countries.yaml`) are the allowed values wherever a record names a member state.
pub fn content_schemas(countries: &[CountryCode]) -> Vec<ContentSchema> {
    let mut summit = schema_of::<Summit>();
    restrict(&mut summit, "/properties/country", countries);
    let mut treaties = schema_of::<TreatyFile>();
    restrict(
        &mut treaties,
        "/$defs/Participation/properties/country",
        countries,
    );
    let entry = |file_name, applies_to, schema| ContentSchema {
        file_name,
        applies_to,
        schema,
    };
    vec![
        entry(
            "site.schema.json",
            "content/site.yaml",
            schema_of::<SiteConfig>(),
        ),
        entry(
            "countries.schema.json",
            "content/countries.yaml",
            schema_of::<Vec<Country>>(),
        ),
        entry("treaties.schema.json", "content/treaties.yaml", treaties),
        entry(
            "law.schema.json",
            "content/legislation/*/*.yaml",
            schema_of::<Law>(),
        ),
        entry("summit.schema.json", "content/summits/*.yaml", summit),
        entry(
            "resolution.schema.json",
            "content/resolutions/*.yaml",
            schema_of::<Resolution>(),
        ),
        entry(
            "organ.schema.json",
            "content/activities/*.yaml",
            schema_of::<Organ>(),
        ),
        entry(
            "event.schema.json",
            "content/events/*/event.yaml",
            schema_of::<EventRecord>(),
        ),
        entry(
            "front-matter.schema.json",
            "content/{home,programme,*/_index}*.md",
            schema_of::<FrontMatter>(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ContentFile, EventPart, Lang};

    /// Whether `path` matches `glob`, where `*` stands for any run of characters but `/`.
    fn matches(glob: &str, path: &str) -> bool {
        match glob.split_once('*') {
            None => glob == path,
            Some((head, tail)) => {
                let Some(rest) = path.strip_prefix(head) else {
                    return false;
                };
                let name_end = rest.find('/').unwrap_or(rest.len());
                (0..=name_end).any(|taken| matches(tail, &rest[taken..]))
            }
        }
    }

    /// The editors' schema globs are written out for their settings file: each must match
    /// the paths the content model gives its kind of file, and no other kind's.
    #[test]
    fn every_yaml_schema_applies_to_the_files_of_its_kind_only() {
        let name = |text: &str| -> crate::Slug { text.parse().unwrap() };
        let files = [
            ("site.schema.json", ContentFile::Site),
            ("countries.schema.json", ContentFile::Countries),
            ("treaties.schema.json", ContentFile::Treaties),
            (
                "law.schema.json",
                ContentFile::Law {
                    country: "uy".parse().unwrap(),
                    slug: name("ley-18250"),
                },
            ),
            (
                "summit.schema.json",
                ContentFile::Summit(name("quebec-2001")),
            ),
            (
                "resolution.schema.json",
                ContentFile::Resolution(name("ag-res-2019")),
            ),
            ("organ.schema.json", ContentFile::Organ(name("cidh"))),
            (
                "event.schema.json",
                ContentFile::Event {
                    slug: name("meeting"),
                    part: EventPart::Record,
                },
            ),
        ];
        let schemas = content_schemas(&[]);
        for (schema, file) in &files {
            let path = file.path().to_string_lossy().into_owned();
            for other in schemas
                .iter()
                .filter(|s| s.file_name != "front-matter.schema.json")
            {
                let expected = other.file_name == *schema;
                assert_eq!(
                    matches(other.applies_to, &path),
                    expected,
                    "{} ({}) and {path}",
                    other.file_name,
                    other.applies_to
                );
            }
        }
        let prose = ContentFile::Home(Lang::Fr).path();
        assert!(
            !schemas
                .iter()
                .any(|s| s.file_name != "front-matter.schema.json"
                    && matches(s.applies_to, &prose.to_string_lossy()))
        );
    }
}
