//! The names that become paths of the site: a member state's code and a record's slug.
//!
//! Both are folder or file names in `content/` and segments of public URLs, so a value that
//! breaks their rule (`../x`, `UY`, an empty name) must never reach a route. They are typed
//! apart, so that a country code cannot be passed where a slug is meant, and each is made only
//! by checking its rule: every value of these types is one the content model accepts.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A member state's lower-case ISO 3166-1 alpha-2 code (`ar`): its folder under
/// `content/legislation/` and its URL segment. Made only by [`FromStr`] or [`TryFrom`], which
/// check [`CountryCode::RULE`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode(String);

/// A record's or page's name (`ley-25871`): its file or folder name in `content/` and its URL
/// segment. Made only by [`FromStr`] or [`TryFrom`], which check [`Slug::RULE`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

/// A value that is not a [`CountryCode`] or not a [`Slug`]: says which rule it breaks and
/// quotes the value (escaped, since it is untrusted input).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Not two lower-case ASCII letters.
    #[error("{0:?} is not a country code; expected {rule}", rule = CountryCode::RULE)]
    CountryCode(String),
    /// Empty, or a character other than `[a-z0-9-]`.
    #[error("{0:?} is not a slug; expected {rule}", rule = Slug::RULE)]
    Slug(String),
    /// Not a country code and a slug joined by `/`.
    #[error("{0:?} is not a law's key; expected {rule}", rule = LawKey::RULE)]
    LawKey(String),
}

/// `{iso2}/{slug}` (`ar/ley-25871`): how one record names a law of the compilation, and how
/// the open data and the comparison name it. Both parts are checked types, so every key names
/// a file and a page the content model could hold.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LawKey {
    /// The law's country folder.
    pub country: CountryCode,
    /// The law's file name without `.yaml`.
    pub slug: Slug,
}

impl LawKey {
    /// The rule, as error messages state it.
    pub const RULE: &'static str = "`{iso2}/{slug}`, as in `ar/ley-25871`";
}

impl FromStr for LawKey {
    type Err = IdError;

    fn from_str(value: &str) -> Result<Self, IdError> {
        let refused = || IdError::LawKey(value.to_owned());
        let (country, slug) = value.split_once('/').ok_or_else(refused)?;
        Ok(LawKey {
            country: country.parse().map_err(|_| refused())?,
            slug: slug.parse().map_err(|_| refused())?,
        })
    }
}

impl fmt::Display for LawKey {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "{}/{}", self.country, self.slug)
    }
}

impl Serialize for LawKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl CountryCode {
    /// The rule, as error messages state it.
    pub const RULE: &'static str = "two lower-case letters (ISO 3166-1 alpha-2, as in `ar`)";

    /// The code a law has between being read from its file and being named by its folder,
    /// which [`crate::parse_file`] does before anyone sees the law: ISO 3166's own "unknown
    /// country", so that even this value keeps the rule.
    pub(crate) fn unnamed() -> CountryCode {
        CountryCode("zz".to_owned())
    }

    /// The code as written in files and URLs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Slug {
    /// The rule, as error messages state it.
    pub const RULE: &'static str = "lower-case ASCII letters, digits and `-`";

    /// The slug a record has between being read from its file and being named by the file,
    /// which [`crate::parse_file`] does before anyone sees the record.
    pub(crate) fn unnamed() -> Slug {
        Slug("unnamed".to_owned())
    }

    /// The slug of a page whose folder the content model names itself (`home`, a section's
    /// folder): written in the code, so checked by a debug assertion and the tests rather
    /// than at run time.
    pub(crate) fn of_folder(folder: &'static str) -> Slug {
        debug_assert!(is_slug(folder), "{folder}");
        Slug(folder.to_owned())
    }

    /// The slug as written in files and URLs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// A slug becomes a folder of the site, so nothing but `[a-z0-9-]` may pass.
fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// What both names share: checked construction, display, borrowing as text and serialization
/// as the plain string.
macro_rules! checked_name {
    ($type:ident, $valid:ident, $error:ident) => {
        impl TryFrom<String> for $type {
            type Error = IdError;

            fn try_from(value: String) -> Result<Self, IdError> {
                match $valid(&value) {
                    true => Ok($type(value)),
                    false => Err(IdError::$error(value)),
                }
            }
        }

        impl FromStr for $type {
            type Err = IdError;

            fn from_str(value: &str) -> Result<Self, IdError> {
                match $valid(value) {
                    true => Ok($type(value.to_owned())),
                    false => Err(IdError::$error(value.to_owned())),
                }
            }
        }

        impl fmt::Display for $type {
            fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str(&self.0)
            }
        }

        impl AsRef<str> for $type {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        /// Sets and maps keyed by the type are looked up with a plain `&str` (a URL segment).
        impl Borrow<str> for $type {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $type {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $type {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        /// A reference as a record writes it (`summits: [quebec-2001]`) names this value.
        impl PartialEq<String> for $type {
            fn eq(&self, other: &String) -> bool {
                self.0 == *other
            }
        }

        impl From<$type> for String {
            fn from(value: $type) -> String {
                value.0
            }
        }

        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }
    };
}

checked_name!(CountryCode, is_country_code, CountryCode);
checked_name!(Slug, is_slug, Slug);

/// What all three types share as they are read from content files: a string, checked by the
/// type's [`FromStr`], and the JSON schema of a string (so that the committed schemas describe
/// the files exactly as before the types existed).
macro_rules! read_as_checked_string {
    ($type:ident) => {
        /// Checked while the file's deserializer still knows where the value is, so that the
        /// error names its line and field (a `try_from` after reading the string would not).
        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Checked;

                impl Visitor<'_> for Checked {
                    type Value = $type;

                    /// serde's word for a string, which the content errors explain as "a text".
                    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                        formatter.write_str("a string")
                    }

                    fn visit_str<E: de::Error>(self, value: &str) -> Result<$type, E> {
                        value.parse().map_err(E::custom)
                    }
                }

                deserializer.deserialize_str(Checked)
            }
        }

        impl JsonSchema for $type {
            fn inline_schema() -> bool {
                String::inline_schema()
            }

            fn schema_name() -> Cow<'static, str> {
                String::schema_name()
            }

            fn schema_id() -> Cow<'static, str> {
                String::schema_id()
            }

            fn json_schema(generator: &mut SchemaGenerator) -> Schema {
                String::json_schema(generator)
            }
        }
    };
}

read_as_checked_string!(CountryCode);
read_as_checked_string!(Slug);
read_as_checked_string!(LawKey);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_country_code_cannot_be_made() {
        for bad in ["../x", "UY", "", "uru", "u", "u1", "ü", "u-", " u"] {
            let error = bad.parse::<CountryCode>().unwrap_err();
            assert_eq!(error, IdError::CountryCode(bad.to_owned()));
            assert!(CountryCode::try_from(bad.to_owned()).is_err(), "{bad}");
            assert!(serde_yaml::from_str::<CountryCode>(&format!("{bad:?}")).is_err());
        }
        assert_eq!(
            "UY".parse::<CountryCode>().unwrap_err().to_string(),
            "\"UY\" is not a country code; expected two lower-case letters (ISO 3166-1 \
             alpha-2, as in `ar`)"
        );
    }

    #[test]
    fn a_bad_slug_cannot_be_made() {
        for bad in [
            "../x", "Ley", "", "ley_1", "ley 1", "ley.yaml", "ley/1", "ñandú",
        ] {
            let error = bad.parse::<Slug>().unwrap_err();
            assert_eq!(error, IdError::Slug(bad.to_owned()));
            assert!(Slug::try_from(bad.to_owned()).is_err(), "{bad}");
            assert!(serde_yaml::from_str::<Slug>(&format!("{bad:?}")).is_err());
        }
        assert_eq!(
            "../x".parse::<Slug>().unwrap_err().to_string(),
            "\"../x\" is not a slug; expected lower-case ASCII letters, digits and `-`"
        );
    }

    #[test]
    fn a_bad_law_key_cannot_be_made() {
        for bad in [
            "ar",
            "ar/",
            "/ley-1",
            "AR/ley-1",
            "ar/Ley",
            "arg/ley-1",
            "ar/ley/1",
            "../x",
        ] {
            assert_eq!(
                bad.parse::<LawKey>().unwrap_err(),
                IdError::LawKey(bad.to_owned())
            );
            assert!(serde_yaml::from_str::<LawKey>(&format!("{bad:?}")).is_err());
        }
        let key: LawKey = serde_yaml::from_str("ar/ley-25871").unwrap();
        assert_eq!(
            (key.country.as_str(), key.slug.as_str()),
            ("ar", "ley-25871")
        );
        assert_eq!(serde_json::to_string(&key).unwrap(), "\"ar/ley-25871\"");
        assert_eq!(schemars::schema_for!(LawKey), schemars::schema_for!(String));
    }

    #[test]
    fn good_values_round_trip_through_serde_as_plain_strings() {
        let code: CountryCode = serde_yaml::from_str("uy").unwrap();
        assert_eq!(code.as_str(), "uy");
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"uy\"");
        assert_eq!(serde_json::from_str::<CountryCode>("\"uy\"").unwrap(), code);
        let slug: Slug = serde_yaml::from_str("ley-18250").unwrap();
        assert_eq!(slug.to_string(), "ley-18250");
        assert_eq!(serde_json::to_string(&slug).unwrap(), "\"ley-18250\"");
        assert_eq!(serde_json::from_str::<Slug>("\"ley-18250\"").unwrap(), slug);
        assert!(
            CountryCode::unnamed()
                .as_str()
                .parse::<CountryCode>()
                .is_ok()
        );
        assert!(Slug::unnamed().as_str().parse::<Slug>().is_ok());
        for section in crate::records::Section::ALL {
            assert!(section.slug().parse::<Slug>().is_ok(), "{section:?}");
        }
    }

    #[test]
    fn the_schema_is_a_string_schema() {
        assert_eq!(
            schemars::schema_for!(CountryCode),
            schemars::schema_for!(String)
        );
        assert_eq!(schemars::schema_for!(Slug), schemars::schema_for!(String));
    }

    #[test]
    fn an_error_in_a_file_names_its_line() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Record {
            name: String,
            country: CountryCode,
        }
        let error = serde_yaml::from_str::<Record>("name: x\ncountry: ARG\n").unwrap_err();
        assert_eq!(error.location().map(|at| at.line()), Some(2), "{error}");
        assert!(
            error
                .to_string()
                .starts_with("country: \"ARG\" is not a country code"),
            "{error}"
        );
    }
}
