//! The web pages the records cite, with the file that cites each: what an editor checks when a
//! source moves or disappears (`portal check --external`).

use std::path::PathBuf;

use crate::Content;
use crate::records::Source;
use crate::validate::RecordFile;

/// One source cited by one record.
#[derive(Clone, Debug)]
pub struct Citation<'a> {
    /// The record file to edit when the source is dead, relative to the project root.
    pub file: PathBuf,
    /// The source as the record cites it, URL included.
    pub source: &'a Source,
}

impl Content {
    /// Every source cited by a record, in the order of the content: Summits, resolutions, laws.
    pub fn citations(&self) -> Vec<Citation<'_>> {
        let summits = self
            .summits
            .iter()
            .map(|summit| (RecordFile::Summit(&summit.slug), &summit.sources));
        let resolutions = self.resolutions.iter().map(|resolution| {
            (
                RecordFile::Resolution(&resolution.slug),
                &resolution.sources,
            )
        });
        let laws = self
            .laws
            .iter()
            .map(|law| (RecordFile::Law(law), &law.sources));
        summits
            .chain(resolutions)
            .chain(laws)
            .flat_map(|(file, sources)| {
                sources.iter().map(move |source| Citation {
                    file: file.path(),
                    source,
                })
            })
            .collect()
    }
}
