//! The attributes of each document that the filters and facets read (kind, country, region,
//! year, subjects): a table of the pack's own, written at build time beside tantivy's files and
//! read whole when the index opens (it is in the manifest's hot cache).
//!
//! Why not tantivy's fast fields: reading them links tantivy's columnar codecs into the browser
//! engine (90 KB of it, 21 KB brotli), and their bit-packed columns compress poorly over HTTP,
//! where columns of one-byte ordinals compress with brotli close to their entropy.
//!
//! Format of the file [`FILE`] (every number LEB128, see [`crate::binary`]):
//!
//! | content |
//! | --- |
//! | format version, `1` |
//! | document count D; the rows follow the segment's doc ids |
//! | kinds: D ordinals into [`Kind::ALL`] |
//! | countries: a dictionary, then D ordinals into it |
//! | regions: a dictionary, then D ordinals into it |
//! | years: the first year Y, then D numbers, each 0 (none) or 1 + year − Y |
//! | subjects: a dictionary; the subject sets (count, then per set its size and the positions of its subjects in the dictionary); then D ordinals into the sets |
//!
//! A dictionary is its size, then each value (byte length, UTF-8). An ordinal is 0 (none) or
//! 1 + the value's position. The values of a dictionary, and the sets, are listed by how many
//! documents have them, most first, so that nearly every ordinal is one byte.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::sync::Arc;

use crate::binary::{Reader, write_leb128};
use crate::{Document, Kind, SearchError};

/// The name of the table among the pack's files.
pub(crate) const FILE: &str = "attrs.bin";

const VERSION: u32 = 1;

/// A document's attributes, held in memory for every document: filters and facets read them for
/// each match. Countries, regions and subject sets are shared between the documents that have
/// them, so the table takes memory in proportion to its bytes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Attrs {
    pub(crate) kind: Option<Kind>,
    pub(crate) country: Option<Arc<str>>,
    pub(crate) region: Option<Arc<str>>,
    pub(crate) year: Option<u16>,
    /// The document's subjects, sorted, without repeats; `None` for none.
    subjects: Option<Arc<[Arc<str>]>>,
}

impl Attrs {
    /// The attributes of a document the table does not know (none).
    pub(crate) const NONE: &Attrs = &Attrs {
        kind: None,
        country: None,
        region: None,
        year: None,
        subjects: None,
    };

    /// The attributes of `d` as filters compare them: codes lower-cased, subjects sorted without
    /// repeats. An empty subject is refused: it would be a facet without a name.
    pub(crate) fn of(d: &Document) -> Result<Attrs, SearchError> {
        let lower = |s: &Option<String>| s.as_deref().map(|s| Arc::from(s.to_ascii_lowercase()));
        let mut subjects: Vec<Arc<str>> = d
            .subjects
            .iter()
            .map(|s| Arc::from(s.to_ascii_lowercase()))
            .collect();
        if subjects.iter().any(|s| s.is_empty()) {
            return Err(SearchError::InvalidDocument {
                url: d.url.clone(),
                reason: "a subject is empty".into(),
            });
        }
        subjects.sort();
        subjects.dedup();
        Ok(Attrs {
            kind: Some(d.kind),
            country: lower(&d.country),
            region: lower(&d.region),
            year: d.year,
            subjects: (!subjects.is_empty()).then(|| subjects.into()),
        })
    }

    /// The document's subjects, sorted, without repeats.
    pub(crate) fn subjects(&self) -> &[Arc<str>] {
        self.subjects.as_deref().unwrap_or_default()
    }
}

/// The table of `rows`, one per document in doc-id order.
pub(crate) fn encode(rows: &[Attrs]) -> Result<Vec<u8>, SearchError> {
    let mut out = Vec::new();
    write_leb128(&mut out, VERSION);
    write_leb128(&mut out, count_u32(rows.len())?);

    for row in rows {
        let kind = row
            .kind
            .and_then(|k| Kind::ALL.iter().position(|&known| known == k));
        write_leb128(&mut out, kind.map_or(0, |i| i as u32 + 1));
    }
    for column in [
        rows.iter().map(|r| r.country.clone()).collect::<Vec<_>>(),
        rows.iter().map(|r| r.region.clone()).collect(),
    ] {
        let values = by_frequency(column.iter().flatten());
        write_strings(&mut out, &values)?;
        write_ordinals(&mut out, &column, &values);
    }

    let first_year = rows.iter().filter_map(|r| r.year).min().unwrap_or(0);
    write_leb128(&mut out, u32::from(first_year));
    for row in rows {
        write_leb128(
            &mut out,
            row.year.map_or(0, |y| u32::from(y - first_year) + 1),
        );
    }

    let subjects = by_frequency(rows.iter().flat_map(|r| r.subjects()));
    write_strings(&mut out, &subjects)?;
    let position: HashMap<&Arc<str>, u32> = subjects.iter().zip(0..).collect();
    let sets: Vec<Option<Arc<[Arc<str>]>>> = rows.iter().map(|r| r.subjects.clone()).collect();
    let distinct_sets = by_frequency(sets.iter().flatten());
    write_leb128(&mut out, count_u32(distinct_sets.len())?);
    for set in &distinct_sets {
        write_leb128(&mut out, count_u32(set.len())?);
        for subject in set.iter() {
            write_leb128(&mut out, position[subject]);
        }
    }
    write_ordinals(&mut out, &sets, &distinct_sets);
    Ok(out)
}

/// The distinct values, most frequent first, ties in value order (so the bytes depend only on
/// the documents).
fn by_frequency<'a, T: Ord + Clone + 'a>(values: impl Iterator<Item = &'a T>) -> Vec<T> {
    let mut counts: BTreeMap<&T, usize> = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    let mut sorted: Vec<(&T, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    sorted.into_iter().map(|(value, _)| value.clone()).collect()
}

/// A dictionary as [`strings`] reads it: its size, then each value's byte length and bytes.
fn write_strings(out: &mut Vec<u8>, values: &[Arc<str>]) -> Result<(), SearchError> {
    write_leb128(out, count_u32(values.len())?);
    for value in values {
        write_leb128(out, count_u32(value.len())?);
        out.extend_from_slice(value.as_bytes());
    }
    Ok(())
}

/// A count or length as the format writes it, at most 2³² − 1.
fn count_u32(n: usize) -> Result<u32, SearchError> {
    u32::try_from(n)
        .map_err(|_| SearchError::InvalidPack("more than 2³² documents or values".into()))
}

fn write_ordinals<T: Eq + Hash>(out: &mut Vec<u8>, column: &[Option<T>], values: &[T]) {
    let position: HashMap<&T, u32> = values.iter().zip(1..).collect();
    for value in column {
        write_leb128(out, value.as_ref().map_or(0, |v| position[v]));
    }
}

/// Reads a table written by [`encode`]. Every count is checked against the bytes left before
/// anything is allocated for it, and values are shared, so memory stays proportional to the
/// input whatever it holds.
pub(crate) fn decode(bytes: &[u8]) -> Result<Vec<Attrs>, SearchError> {
    let mut r = Reader::new(bytes);
    let version = r.leb128()?;
    if version != VERSION {
        return Err(bad(&format!(
            "attribute table version {version}, this engine reads {VERSION}"
        )));
    }
    let docs = count(&mut r)?;
    let kinds = ordinals(&mut r, docs, &Kind::ALL)?;
    let countries = strings(&mut r)?;
    let countries = ordinals(&mut r, docs, &countries)?;
    let regions = strings(&mut r)?;
    let regions = ordinals(&mut r, docs, &regions)?;
    let first_year = r.leb128()?;
    let years = (0..docs)
        .map(|_| match r.leb128()? {
            0 => Ok(None),
            n => first_year
                .checked_add(n - 1)
                .and_then(|year| u16::try_from(year).ok())
                .map(Some)
                .ok_or_else(|| bad("a year past 65535")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let subjects = strings(&mut r)?;
    let sets = (0..count(&mut r)?)
        .map(|_| {
            (0..count(&mut r)?)
                .map(|_| {
                    subjects
                        .get(r.leb128()? as usize)
                        .cloned()
                        .ok_or_else(|| bad("a subject past its dictionary"))
                })
                .collect::<Result<Arc<[Arc<str>]>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sets = ordinals(&mut r, docs, &sets)?;
    if !r.is_empty() {
        return Err(bad("trailing bytes in the attribute table"));
    }
    let mut rows = Vec::with_capacity(docs);
    for ((((kind, country), region), year), subjects) in kinds
        .into_iter()
        .zip(countries)
        .zip(regions)
        .zip(years)
        .zip(sets)
    {
        rows.push(Attrs {
            kind,
            country,
            region,
            year,
            subjects,
        });
    }
    Ok(rows)
}

fn bad(why: &str) -> SearchError {
    SearchError::InvalidPack(why.to_string())
}

/// A count of items that each take at least one byte, so never more than the bytes left.
fn count(r: &mut Reader) -> Result<usize, SearchError> {
    let n = r.leb128()? as usize;
    if n > r.remaining() {
        return Err(bad("a count past the end of the attribute table"));
    }
    Ok(n)
}

fn strings(r: &mut Reader) -> Result<Vec<Arc<str>>, SearchError> {
    (0..count(r)?)
        .map(|_| {
            let len = r.leb128()? as usize;
            std::str::from_utf8(r.take(len)?)
                .map(Arc::from)
                .map_err(|_| bad("a value that is not UTF-8"))
        })
        .collect()
}

fn ordinals<T: Clone>(
    r: &mut Reader,
    docs: usize,
    values: &[T],
) -> Result<Vec<Option<T>>, SearchError> {
    (0..docs)
        .map(|_| match r.leb128()? as usize {
            0 => Ok(None),
            n => values
                .get(n - 1)
                .cloned()
                .map(Some)
                .ok_or_else(|| bad("an ordinal past its dictionary")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, country: Option<&str>, year: Option<u16>, subjects: &[&str]) -> Document {
        Document {
            url: url.into(),
            title: String::new(),
            body: String::new(),
            kind: Kind::Law,
            country: country.map(Into::into),
            region: country.map(|_| "South-America".into()),
            year,
            subjects: subjects.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_table_reads_back_as_written_with_codes_lower_cased_and_subjects_sorted() {
        let rows = [
            doc("/a/", Some("AR"), Some(2004), &["Work", "asylum", "work"]),
            doc("/b/", None, None, &[]),
            doc("/c/", Some("br"), Some(1980), &["asylum"]),
            doc("/d/", Some("ar"), Some(2017), &["asylum", "work"]),
        ]
        .iter()
        .map(Attrs::of)
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
        let read = decode(&encode(&rows).unwrap()).unwrap();
        assert_eq!(read, rows);
        assert_eq!(read[0].country.as_deref(), Some("ar"));
        assert_eq!(read[0].region.as_deref(), Some("south-america"));
        let subjects: Vec<&str> = read[0].subjects().iter().map(|s| &**s).collect();
        assert_eq!(subjects, ["asylum", "work"]);
        assert_eq!(
            read[1],
            Attrs {
                kind: Some(Kind::Law),
                ..Attrs::NONE.clone()
            }
        );
        assert_eq!(read[2].year, Some(1980));
    }

    #[test]
    fn an_empty_subject_is_refused_with_the_document_url() {
        let err = Attrs::of(&doc("/a/", None, None, &["asylum", ""])).unwrap_err();
        assert!(err.to_string().contains("\"/a/\""), "{err}");
        assert!(err.to_string().contains("subject is empty"), "{err}");
    }

    #[test]
    fn a_damaged_table_gives_an_error_never_a_panic_nor_a_huge_allocation() {
        let rows: Vec<Attrs> = (0..50u16)
            .map(|i| {
                let country = ["ar", "br", "cl"][usize::from(i % 3)];
                Attrs::of(&doc("/x/", Some(country), Some(1990 + i), &["asylum"])).unwrap()
            })
            .collect();
        let good = encode(&rows).unwrap();
        for cut in 0..good.len() {
            assert!(decode(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(decode(&trailing).is_err());
        // A document count of 2³²−1 in a table of a few bytes.
        assert!(decode(&[1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0]).is_err());
        // An ordinal past its dictionary: one document, a kind ordinal of 9.
        assert!(decode(&[1, 1, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0]).is_err());
        for i in 0..good.len() {
            for byte in [0x00, 0x7f, 0x80, 0xff] {
                let mut flipped = good.clone();
                flipped[i] = byte;
                let _ = decode(&flipped);
            }
        }
    }
}
