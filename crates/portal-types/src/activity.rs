use std::fmt;

use serde::Serialize;

/// Where an entry of an organ's activities stands: the three lists of an organ's record
/// (`done`, `planned`, `calendar`), which its page shows as three sections.
///
/// The code names the section's anchor on the organ page (`#done-3`, linked from the Atom feed),
/// the CSS class of an entry and its interface string (`activity_{code}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityState {
    /// Carried out (the record's `done`).
    Done,
    /// Announced, not yet carried out (`planned`).
    Planned,
    /// A dated session of the organ's calendar (`calendar`).
    Calendar,
}

impl ActivityState {
    /// Every state, in the order the organ page shows them.
    pub const ALL: [ActivityState; 3] = [
        ActivityState::Done,
        ActivityState::Planned,
        ActivityState::Calendar,
    ];

    /// The code: the record's field name, the page anchor and the interface-string suffix.
    pub fn code(self) -> &'static str {
        match self {
            ActivityState::Done => "done",
            ActivityState::Planned => "planned",
            ActivityState::Calendar => "calendar",
        }
    }
}

impl fmt::Display for ActivityState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::ActivityState;

    #[test]
    fn serializes_as_its_code() {
        for state in ActivityState::ALL {
            assert_eq!(
                serde_json::to_string(&state).unwrap(),
                format!("\"{}\"", state.code())
            );
        }
    }
}
