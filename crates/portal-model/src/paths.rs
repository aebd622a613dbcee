//! Where each kind of record lives in `content/`: the one spelling of the record paths, used
//! by errors, by the editors' tools and by `portal new`.

use std::path::PathBuf;

/// A kind of structured record, one YAML file each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    Summit,
    Resolution,
    /// An OAS organ and its activities.
    Organ,
    Event,
    /// A law; its key is `{iso2}/{slug}`.
    Law,
}

impl RecordKind {
    /// The file of the record `key` (its slug, or `{iso2}/{slug}` for a law), relative to the
    /// project root.
    pub fn path(self, key: &str) -> PathBuf {
        PathBuf::from(match self {
            RecordKind::Summit => format!("content/summits/{key}.yaml"),
            RecordKind::Resolution => format!("content/resolutions/{key}.yaml"),
            RecordKind::Organ => format!("content/activities/{key}.yaml"),
            RecordKind::Event => format!("content/events/{key}/event.yaml"),
            RecordKind::Law => format!("content/legislation/{key}.yaml"),
        })
    }
}
