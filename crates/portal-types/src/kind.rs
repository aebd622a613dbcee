use std::fmt;

use serde::{Deserialize, Serialize};

/// What a page is, as the search sees it. Visitors filter on it and results show it, so it is
/// indexed as a keyword; the search page lists the filters from [`Kind::ALL`] and names them
/// with the interface strings `kind_{code}`. The timeline's entries are of three of these kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A law of the compilation of migration legislation.
    Law,
    /// A Summit of the Americas and its mandates.
    Summit,
    /// A General Assembly resolution.
    Resolution,
    /// An activity of an OAS organ.
    Activity,
    /// Any other page (programme history, about, …).
    Page,
    /// A meeting or event.
    Event,
}

impl Kind {
    /// Every kind, in the order the filters and facets list them (the declaration order, so
    /// that sorting by kind gives it too).
    pub const ALL: [Kind; 6] = [
        Kind::Law,
        Kind::Summit,
        Kind::Resolution,
        Kind::Activity,
        Kind::Page,
        Kind::Event,
    ];

    /// The string code stored in the index and used in JSON, URLs and interface-string keys
    /// (`law`, `activity`, …).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Law => "law",
            Kind::Activity => "activity",
            Kind::Summit => "summit",
            Kind::Resolution => "resolution",
            Kind::Page => "page",
            Kind::Event => "event",
        }
    }

    /// Parses a string code, the inverse of [`Kind::code`]; `None` for an unknown code.
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn codes_round_trip_and_serialize_as_written() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.code())
            );
        }
        assert_eq!(Kind::from_code("treaty"), None);
    }
}
