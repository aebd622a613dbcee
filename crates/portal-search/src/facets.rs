//! The filters of a query and the facet counts over its matches, both read from the attributes
//! of each document ([`crate::attrs`]).
//!
//! Each facet ignores its own filter (the country counts apply the region, kind, year and
//! subject filters but not the country filter), so the page can show how many results choosing
//! another value would give.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use crate::Kind;
use crate::attrs::Attrs;
use crate::engine::Query;

/// Facet counts for the matching documents (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Facets {
    /// Per country code, sorted by code.
    pub countries: Vec<Facet<String>>,
    /// Per region, sorted by region.
    pub regions: Vec<Facet<String>>,
    /// Per kind, in [`Kind::ALL`] order.
    pub kinds: Vec<Facet<Kind>>,
    /// Per year, most recent first.
    pub years: Vec<Facet<u16>>,
    /// Per subject, sorted by subject (a law with several subjects counts once in each).
    pub subjects: Vec<Facet<String>>,
}

/// One facet value and how many matching documents have it (only values with a count > 0).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Facet<T> {
    /// The value.
    pub value: T,
    /// How many matching documents have it.
    pub count: usize,
}

/// The filters of a query, with the codes lower-cased as the index holds them.
pub(crate) struct Filters {
    countries: HashSet<String>,
    regions: HashSet<String>,
    kinds: HashSet<Kind>,
    subjects: HashSet<String>,
    year_from: Option<u16>,
    year_to: Option<u16>,
}

impl Filters {
    pub(crate) fn of(query: &Query) -> Filters {
        let lower = |values: &[String]| -> HashSet<String> {
            values.iter().map(|c| c.to_ascii_lowercase()).collect()
        };
        Filters {
            countries: lower(&query.countries),
            regions: lower(&query.regions),
            kinds: query.kinds.iter().copied().collect(),
            subjects: lower(&query.subjects),
            year_from: query.year_from,
            year_to: query.year_to,
        }
    }

    /// Which filters a document passes, one by one (an empty filter passes everything).
    pub(crate) fn passes(&self, a: &Attrs) -> Passes {
        let years_filtered = self.year_from.is_some() || self.year_to.is_some();
        Passes {
            country: self.countries.is_empty()
                || a.country
                    .as_ref()
                    .is_some_and(|c| self.countries.contains(&**c)),
            region: self.regions.is_empty()
                || a.region
                    .as_ref()
                    .is_some_and(|r| self.regions.contains(&**r)),
            kind: self.kinds.is_empty() || a.kind.is_some_and(|k| self.kinds.contains(&k)),
            subject: self.subjects.is_empty()
                || a.subjects().iter().any(|s| self.subjects.contains(&**s)),
            // A document without a year is left out as soon as a bound is set.
            year: !years_filtered
                || a.year.is_some_and(|y| {
                    self.year_from.is_none_or(|from| y >= from)
                        && self.year_to.is_none_or(|to| y <= to)
                }),
        }
    }
}

/// The filters a document passes, one flag per filter.
#[derive(Clone, Copy)]
pub(crate) struct Passes {
    country: bool,
    region: bool,
    kind: bool,
    subject: bool,
    year: bool,
}

impl Passes {
    /// Whether the document is a result.
    pub(crate) fn all(self) -> bool {
        self.country && self.region && self.kind && self.subject && self.year
    }
}

/// The facet counts being gathered, value → count, in the order they are shown.
#[derive(Default)]
pub(crate) struct FacetCounts {
    countries: BTreeMap<Arc<str>, usize>,
    regions: BTreeMap<Arc<str>, usize>,
    kinds: BTreeMap<Kind, usize>,
    years: BTreeMap<u16, usize>,
    subjects: BTreeMap<Arc<str>, usize>,
}

impl FacetCounts {
    /// Counts a matching document under each facet whose other filters it passes.
    pub(crate) fn add(&mut self, a: &Attrs, passes: Passes) {
        let Passes {
            country,
            region,
            kind,
            subject,
            year,
        } = passes;
        if region
            && kind
            && year
            && subject
            && let Some(c) = &a.country
        {
            *self.countries.entry(c.clone()).or_default() += 1;
        }
        if country
            && kind
            && year
            && subject
            && let Some(r) = &a.region
        {
            *self.regions.entry(r.clone()).or_default() += 1;
        }
        if country
            && region
            && year
            && subject
            && let Some(k) = a.kind
        {
            *self.kinds.entry(k).or_default() += 1;
        }
        if country
            && region
            && kind
            && subject
            && let Some(y) = a.year
        {
            *self.years.entry(y).or_default() += 1;
        }
        if country && region && kind && year {
            for s in a.subjects() {
                *self.subjects.entry(s.clone()).or_default() += 1;
            }
        }
    }

    pub(crate) fn into_facets(self) -> Facets {
        fn facets<T>(counts: impl Iterator<Item = (T, usize)>) -> Vec<Facet<T>> {
            counts
                .map(|(value, count)| Facet { value, count })
                .collect()
        }
        let owned = |counts: BTreeMap<Arc<str>, usize>| {
            facets(
                counts
                    .into_iter()
                    .map(|(value, count)| (value.to_string(), count)),
            )
        };
        Facets {
            countries: owned(self.countries),
            regions: owned(self.regions),
            kinds: facets(self.kinds.into_iter()),
            years: facets(self.years.into_iter().rev()),
            subjects: owned(self.subjects),
        }
    }
}
