//! What the editors should look at next: the records whose facts are weakest or oldest, and
//! the texts still missing in a language. The preview's editors' page lists these.

use std::path::PathBuf;

use crate::records::{LawStatus, Section};
use crate::validate::RecordFile;
use crate::{Content, Gap, PartialDate, coverage};

/// Why a record needs an editor.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concern {
    /// No source confirms the law's current status.
    StatusNotConfirmed,
    /// No source confirms any date of the law (adoption, promulgation, publication, force).
    DatesNotConfirmed,
    /// No source confirms the resolution's title.
    TitleNotConfirmed,
    /// Every source of the record is a mirror, a copy or a secondary source.
    OnlyUnofficialSources,
    /// The facts were last checked against the sources on this date, more than a year ago.
    NotVerifiedSince(PartialDate),
}

/// One record and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RecordConcern {
    /// The file to edit, relative to the project root.
    pub file: PathBuf,
    /// The section the record belongs to, which decides its page and file layout.
    pub section: Section,
    /// The record's slug within its section (`ar/ley-25871` for a law).
    pub record: String,
    /// What is wrong with the record.
    pub concern: Concern,
}

/// Everything that needs attention, in a stable order.
#[derive(Clone, Debug, Default)]
pub struct Attention {
    /// Texts and pages missing in a language, as [`coverage`](crate::coverage) lists them.
    pub gaps: Vec<Gap>,
    /// Records that need an editor, each with what is wrong.
    pub records: Vec<RecordConcern>,
}

/// What needs attention on `today` (a record verified before the same day a year earlier is
/// due for checking).
pub fn attention(content: &Content, today: PartialDate) -> Attention {
    let due = |verified: PartialDate| {
        verified.year() + 1 < today.year()
            || (verified.year() + 1 == today.year()
                && (verified.month(), verified.day()) < (today.month(), today.day()))
    };
    let mut records = Vec::new();
    for law in &content.laws {
        let file = RecordFile::Law(law).path();
        let mut concern = |concern| {
            records.push(RecordConcern {
                file: file.clone(),
                section: Section::Legislation,
                record: law.key().to_string(),
                concern,
            })
        };
        if law.status == LawStatus::ToBeVerified {
            concern(Concern::StatusNotConfirmed);
        }
        if law.dates.principal().is_none() {
            concern(Concern::DatesNotConfirmed);
        }
        if law.rests_on_unofficial_sources_only() {
            concern(Concern::OnlyUnofficialSources);
        }
        if due(law.verified) {
            concern(Concern::NotVerifiedSince(law.verified));
        }
    }
    for resolution in &content.resolutions {
        if resolution.title.is_none() {
            records.push(RecordConcern {
                file: RecordFile::Resolution(&resolution.slug).path(),
                section: Section::Resolutions,
                record: resolution.slug.to_string(),
                concern: Concern::TitleNotConfirmed,
            });
        }
    }
    records.sort();
    Attention {
        gaps: coverage(content).gaps,
        records,
    }
}
