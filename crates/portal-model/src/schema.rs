//! JSON Schemas (draft 2020-12) of the content files, derived from the types that parse them,
//! for the editors' YAML language servers: a wrong type, an unknown field or a value outside
//! an enumeration is underlined while the file is typed, before the build says so.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::{ContentFile, EventPart};
use crate::records::*;

/// The glob of every file of one kind: its path with `*` in place of each name.
fn every(file: fn(String) -> ContentFile) -> String {
    file("*".to_owned()).path().to_string_lossy().into_owned()
}

/// One schema file: its name and the files of `content/` it describes (a glob, for editors'
/// settings).
#[derive(Debug)]
pub struct ContentSchema {
    /// `law.schema.json`, …
    pub file_name: &'static str,
    /// The content files it applies to, as a glob relative to the project root: the content
    /// file's own path with `*` for its names, so that it cannot drift from the path grammar.
    pub applies_to: String,
    /// The JSON Schema itself, derived from the type that parses those files.
    pub schema: Value,
}

fn schema_of<T: JsonSchema>() -> Value {
    let schema: Schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.to_value()
}

/// Restricts the string at `pointer` (a JSON pointer into the schema) to `values`.
fn restrict(schema: &mut Value, pointer: &str, values: &[String]) {
    if let Some(property) = schema.pointer_mut(pointer) {
        property["enum"] = values.iter().map(|v| Value::from(v.as_str())).collect();
    }
}

/// The schemas of every kind of content file; `countries` (the ISO codes of
/// `content/countries.yaml`) are the allowed values wherever a record names a member state.
pub fn content_schemas(countries: &[String]) -> Vec<ContentSchema> {
    let mut summit = schema_of::<Summit>();
    restrict(&mut summit, "/properties/country", countries);
    let mut treaties = schema_of::<TreatyFile>();
    restrict(
        &mut treaties,
        "/$defs/Participation/properties/country",
        countries,
    );
    let entry = |file_name, applies_to: String, schema| ContentSchema {
        file_name,
        applies_to,
        schema,
    };
    vec![
        entry(
            "site.schema.json",
            every(|_| ContentFile::Site),
            schema_of::<SiteConfig>(),
        ),
        entry(
            "countries.schema.json",
            every(|_| ContentFile::Countries),
            schema_of::<Vec<Country>>(),
        ),
        entry(
            "treaties.schema.json",
            every(|_| ContentFile::Treaties),
            treaties,
        ),
        entry(
            "law.schema.json",
            every(|name| ContentFile::Law {
                country: name.clone(),
                slug: name,
            }),
            schema_of::<Law>(),
        ),
        entry("summit.schema.json", every(ContentFile::Summit), summit),
        entry(
            "resolution.schema.json",
            every(ContentFile::Resolution),
            schema_of::<Resolution>(),
        ),
        entry(
            "organ.schema.json",
            every(ContentFile::Organ),
            schema_of::<Organ>(),
        ),
        entry(
            "event.schema.json",
            every(|slug| ContentFile::Event {
                slug,
                part: EventPart::Record,
            }),
            schema_of::<EventRecord>(),
        ),
        // Prose files of several kinds in every language: no one content path stands for all.
        entry(
            "front-matter.schema.json",
            "content/{home,programme,*/_index}*.md".to_owned(),
            schema_of::<FrontMatter>(),
        ),
    ]
}
