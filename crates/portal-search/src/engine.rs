//! The query engine: opens a published index ([`ChunkedIndex`]) and answers [`Query`]s. The CLI
//! and the browser run this same code, so both give the same results.
//!
//! A query runs in rounds when chunks are missing: it looks its words up in the term
//! dictionaries, then reads the postings of every term, then the stored fields of the hits
//! shown; each step tries every read it needs before failing with
//! [`SearchError::MissingChunks`], so the browser fetches one round's chunks in parallel.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, DocSetCollector, SegmentCollector};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery,
    Query as TantivyQuery, TermQuery,
};
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, ReloadPolicy, Score, Searcher, SegmentOrdinal,
    SegmentReader, Term,
};

use crate::analysis::{analyzer, query_analyzer, surface_analyzer, tokenizer_name, tokens};
use crate::build::field;
use crate::chunked::ChunkedIndex;
use crate::query::{Item, parse};
use crate::{Kind, Lang, SearchError};

/// A word in the title weighs this much more than in the body.
const TITLE_BOOST: Score = 3.0;
/// Score factor of a dictionary term reached by typo tolerance at distance 1 and 2: below an
/// exact match, still ranked by BM25 among themselves.
const FUZZY_BOOST: [Score; 2] = [0.5, 0.25];
/// At most this many dictionary terms stand in for one misspelt word.
const MAX_EXPANSIONS: usize = 5;
/// Score factor of a dictionary term that completes the word being typed (the last word, when
/// the text does not end with a space): below the whole word.
const PREFIX_BOOST: Score = 0.4;
/// At most this many completions (the most frequent) stand in for the word being typed.
const MAX_COMPLETIONS: usize = 8;
/// A word being typed is completed from this many chars on.
const MIN_PREFIX_CHARS: usize = 2;
/// Target length of a snippet, in chars.
const SNIPPET_CHARS: usize = 180;

/// A search request. Every field has a default, so JSON callers (the browser) send only what
/// they use: `{"text": "migrantes", "countries": ["ar"]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// The query text: words, "phrases", -exclusions (see the crate's query syntax). Empty text
    /// lists every document that passes the filters, in pack order.
    pub text: String,
    /// Keep documents of any of these countries (lower-case ISO 3166-1 alpha-2); empty = all.
    pub countries: Vec<String>,
    /// Keep documents of any of these regions; empty = all.
    pub regions: Vec<String>,
    /// Keep documents of any of these kinds; empty = all.
    pub kinds: Vec<Kind>,
    /// Keep documents with any of these subjects; empty = all.
    pub subjects: Vec<String>,
    /// Keep documents of this year or later (documents without a year are then left out).
    pub year_from: Option<u16>,
    /// Keep documents of this year or earlier (documents without a year are then left out).
    pub year_to: Option<u16>,
    /// How many hits to return (the total and facets always count every match).
    pub limit: usize,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            countries: Vec::new(),
            regions: Vec::new(),
            kinds: Vec::new(),
            subjects: Vec::new(),
            year_from: None,
            year_to: None,
            limit: 10,
        }
    }
}

impl Query {
    /// A query for `text` with no filter and the default limit: the common case, in one call.
    pub fn text(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            ..Query::default()
        }
    }
}

/// The answer to a [`Query`]: plain data (serialized to JSON for the browser), never HTML.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SearchResults {
    /// How many documents match the text and the filters.
    pub total: usize,
    /// The best `limit` of them, best first.
    pub hits: Vec<Hit>,
    /// Counts of the matching documents per filter value.
    pub facets: Facets,
}

/// One result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// The page's URL, as given at build time.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// What the page is.
    pub kind: Kind,
    /// The page's country, if any.
    pub country: Option<String>,
    /// The page's year, if any.
    pub year: Option<u16>,
    /// The BM25 score (title boosted, typo matches discounted); documents with every word come
    /// first whatever their score.
    pub score: f32,
    /// A passage of the stored excerpt, split into plain and highlighted parts, so the page
    /// renders it with text nodes and `<mark>`, never as raw HTML.
    pub snippet: Vec<SnippetPart>,
}

/// A piece of a snippet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SnippetPart {
    /// The text, verbatim from the page (an ellipsis marks a cut).
    pub text: String,
    /// Whether it matches a query word (to be shown in `<mark>`).
    pub highlight: bool,
}

/// Facet counts for the matching documents. Each facet ignores its own filter (the country
/// counts apply the region, kind and year filters but not the country filter), so the page can
/// show how many results choosing another value would give.
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

#[derive(Clone, Copy)]
struct Fields {
    url: Field,
    title: Field,
    body: Field,
    excerpt: Field,
}

/// Per-document attributes, read once from the fast fields at open: filters and facets need
/// them for every match, and a stored-document read per match would be slow.
#[derive(Clone, Debug, Default)]
struct Attrs {
    kind: Option<Kind>,
    country: Option<String>,
    region: Option<String>,
    year: Option<u16>,
    subjects: Vec<String>,
}

/// An open index, ready to answer queries. Opening reads the hot cache and makes one pass over
/// the fast fields; searching reads only the chunks a query needs.
pub struct Engine {
    lang: Lang,
    index: ChunkedIndex,
    searcher: Searcher,
    _reader: IndexReader,
    fields: Fields,
    /// Per segment, per doc id.
    attrs: Vec<Vec<Attrs>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("lang", &self.lang)
            .field("docs", &self.num_docs())
            .finish()
    }
}

/// One positive word token: its exact term, the dictionary terms typo tolerance adds, and the
/// completions of a word being typed.
struct WordTerm {
    exact: String,
    exact_known: bool,
    expansions: Vec<(String, u8)>,
    completions: Vec<String>,
}

impl Engine {
    /// Opens the index of a manifest made by [`crate::build_pack`]. Everything opening reads is
    /// in the hot cache; should a chunk still be missing, the error says which
    /// ([`SearchError::MissingChunks`]).
    pub fn open(chunked: &ChunkedIndex) -> Result<Engine, SearchError> {
        chunked.take_missing();
        let opened = Self::open_index(chunked);
        let missing = chunked.take_missing();
        match opened {
            Err(_) if !missing.is_empty() => Err(SearchError::MissingChunks(missing)),
            other => other,
        }
    }

    /// Opens a published pack whose chunks are all at hand (tests, tools).
    pub fn open_pack(pack: &crate::ChunkedPack) -> Result<Engine, SearchError> {
        Engine::open(&ChunkedIndex::from_pack(pack, false)?)
    }

    fn open_index(chunked: &ChunkedIndex) -> Result<Engine, SearchError> {
        let lang = chunked.lang();
        let index = Index::open(chunked.clone())?;
        index
            .tokenizers()
            .register(tokenizer_name(lang), analyzer(lang));
        let schema = index.schema();
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| SearchError::InvalidPack(format!("no field {name:?} in the index")))
        };
        let fields = Fields {
            url: get(field::URL)?,
            title: get(field::TITLE)?,
            body: get(field::BODY)?,
            excerpt: get(field::EXCERPT)?,
        };
        for name in [
            field::KIND,
            field::COUNTRY,
            field::REGION,
            field::YEAR,
            field::SUBJECT,
        ] {
            get(name)?;
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let mut attrs = Vec::new();
        for segment in searcher.segment_readers() {
            attrs.push(read_attrs(segment)?);
            // What every query reads, read now so that the build records it into the hot
            // cache: the term-dictionary indexes and the field norms of the searched fields.
            for f in [fields.title, fields.body] {
                segment.inverted_index(f)?;
                segment.get_fieldnorms_reader(f)?;
            }
        }
        Ok(Engine {
            lang,
            index: chunked.clone(),
            searcher,
            _reader: reader,
            fields,
            attrs,
        })
    }

    /// The language of the open pack (its analyzer is the one used for queries).
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// How many documents the index holds.
    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// Answers a query. An internal index error (which a checked index should never give), or a
    /// chunk not loaded yet, yields empty results rather than a panic; [`Engine::try_search`]
    /// reports them instead.
    pub fn search(&self, query: &Query) -> SearchResults {
        self.try_search(query).unwrap_or_default()
    }

    /// Answers a query, reporting internal index errors, and the chunks it needs and lacks
    /// ([`SearchError::MissingChunks`]: add them and ask again).
    pub fn try_search(&self, query: &Query) -> Result<SearchResults, SearchError> {
        self.index.take_missing();
        let answer = self.search_round(query);
        let missing = self.index.take_missing();
        match answer {
            _ if !missing.is_empty() => Err(SearchError::MissingChunks(missing)),
            other => other,
        }
    }

    /// Fails when a step lacked chunks: the next step depends on what they hold.
    fn end_of_step(&self) -> Result<(), SearchError> {
        match self.index.has_missing() {
            true => Err(SearchError::MissingChunks(Vec::new())),
            false => Ok(()),
        }
    }

    /// Keeps going after an error caused by a missing chunk, so that one round gathers every
    /// chunk of its step; any other error stops the query.
    fn tolerate_missing<T>(
        &self,
        result: Result<T, SearchError>,
    ) -> Result<Option<T>, SearchError> {
        match result {
            Ok(value) => Ok(Some(value)),
            Err(_) if self.index.has_missing() => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn search_round(&self, query: &Query) -> Result<SearchResults, SearchError> {
        let mut q_an = query_analyzer(self.lang);
        let mut s_an = surface_analyzer(self.lang);
        let f = self.fields;

        let mut words: Vec<WordTerm> = Vec::new();
        let mut required: Vec<Box<dyn TantivyQuery>> = Vec::new();
        let mut excluded: Vec<Box<dyn TantivyQuery>> = Vec::new();
        let mut highlight: HashSet<String> = HashSet::new();

        // The last word is still being typed unless a space or a quote follows it.
        let items = parse(&query.text);
        let typing = !query
            .text
            .ends_with(|c: char| c.is_whitespace() || c == '"');
        let last = items.len().saturating_sub(1);
        for (n, item) in items.into_iter().enumerate() {
            match item {
                Item::Word {
                    text,
                    negated: false,
                } => {
                    let surfaces = tokens(&mut s_an, &text);
                    let count = surfaces.len();
                    for (k, surface) in surfaces.into_iter().enumerate() {
                        let Some(stem) = tokens(&mut q_an, &surface.text).into_iter().next() else {
                            continue;
                        };
                        let completing = typing && n == last && k + 1 == count;
                        let lookup = self.word_term(&surface.text, stem.text, completing);
                        let Some(word) = self.tolerate_missing(lookup)? else {
                            continue;
                        };
                        highlight.insert(word.exact.clone());
                        highlight.extend(word.expansions.iter().map(|(t, _)| t.clone()));
                        highlight.extend(word.completions.iter().cloned());
                        words.push(word);
                    }
                }
                Item::Word {
                    text,
                    negated: true,
                } => {
                    for t in tokens(&mut q_an, &text) {
                        excluded.push(self.term_in_fields(&t.text, 1.0));
                    }
                }
                Item::Phrase { text, negated } => {
                    let toks = tokens(&mut q_an, &text);
                    let clause: Box<dyn TantivyQuery> = match toks.len() {
                        0 => continue,
                        1 => self.term_in_fields(&toks[0].text, 1.0),
                        _ => {
                            let phrase = |field: Field| {
                                PhraseQuery::new_with_offset(
                                    toks.iter()
                                        .map(|t| {
                                            (t.position, Term::from_field_text(field, &t.text))
                                        })
                                        .collect(),
                                )
                            };
                            Box::new(BooleanQuery::new(vec![
                                (
                                    Occur::Should,
                                    Box::new(BoostQuery::new(
                                        Box::new(phrase(f.title)),
                                        TITLE_BOOST,
                                    )) as Box<dyn TantivyQuery>,
                                ),
                                (Occur::Should, Box::new(phrase(f.body))),
                            ]))
                        }
                    };
                    if negated {
                        excluded.push(clause);
                    } else {
                        highlight.extend(toks.into_iter().map(|t| t.text));
                        required.push(clause);
                    }
                }
            }
        }
        self.end_of_step()?;

        let browse = words.is_empty() && required.is_empty();
        // Text that leaves nothing to search for (a bare "-", a word too long to be indexed)
        // finds nothing: only an empty text, or exclusions alone, list documents.
        if browse && excluded.is_empty() && !query.text.trim().is_empty() {
            return Ok(SearchResults::default());
        }

        let word_clause = |w: &WordTerm| -> Option<Box<dyn TantivyQuery>> {
            let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
            if w.exact_known {
                clauses.push((Occur::Should, self.term_in_fields(&w.exact, 1.0)));
            }
            for (t, d) in &w.expansions {
                let boost = FUZZY_BOOST[usize::from(*d).clamp(1, 2) - 1];
                clauses.push((Occur::Should, self.term_in_fields(t, boost)));
            }
            for t in &w.completions {
                clauses.push((Occur::Should, self.term_in_fields(t, PREFIX_BOOST)));
            }
            match clauses.len() {
                0 => None,
                1 => clauses.pop().map(|(_, q)| q),
                _ => Some(Box::new(BooleanQuery::new(clauses))),
            }
        };
        let base = |extra: Vec<(Occur, Box<dyn TantivyQuery>)>| {
            let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = required
                .iter()
                .map(|q| (Occur::Must, q.box_clone()))
                .collect();
            clauses.extend(extra);
            clauses.extend(excluded.iter().map(|q| (Occur::MustNot, q.box_clone())));
            clauses
        };

        // The "any word" query: every match; its scores rank everything.
        let any_query: Box<dyn TantivyQuery> = if browse {
            let mut clauses = base(vec![(Occur::Must, Box::new(AllQuery))]);
            if clauses.len() == 1 {
                clauses
                    .pop()
                    .map(|(_, q)| q)
                    .unwrap_or_else(|| Box::new(AllQuery))
            } else {
                Box::new(BooleanQuery::new(clauses))
            }
        } else {
            let shoulds: Vec<(Occur, Box<dyn TantivyQuery>)> = words
                .iter()
                .filter_map(word_clause)
                .map(|q| (Occur::Should, q))
                .collect();
            if required.is_empty() && shoulds.is_empty() {
                Box::new(EmptyQuery)
            } else {
                Box::new(BooleanQuery::new(base(shoulds)))
            }
        };
        // The "every word" query, only to rank its documents first.
        let all_query: Option<BooleanQuery> = match words.len() > 1 {
            true => words
                .iter()
                .map(|w| word_clause(w).map(|q| (Occur::Must, q)))
                .collect::<Option<Vec<_>>>()
                .map(|musts| BooleanQuery::new(base(musts))),
            false => None,
        };

        // Every postings list the queries read, all in one round.
        let mut terms: Vec<(Term, bool)> = Vec::new();
        any_query.query_terms(&mut |term, positions| terms.push((term.clone(), positions)));
        self.read_postings(&terms)?;
        self.end_of_step()?;

        let matches = self.searcher.search(any_query.as_ref(), &ScoredDocs)?;
        let all_words: HashSet<DocAddress> = match &all_query {
            Some(q) => self.searcher.search(q, &DocSetCollector)?,
            None => HashSet::new(),
        };

        // Filters and facets.
        let lower = |values: &[String]| -> HashSet<String> {
            values.iter().map(|c| c.to_ascii_lowercase()).collect()
        };
        let countries = lower(&query.countries);
        let regions = lower(&query.regions);
        let subjects = lower(&query.subjects);
        let kinds: HashSet<Kind> = query.kinds.iter().copied().collect();
        let years_filtered = query.year_from.is_some() || query.year_to.is_some();
        let mut country_counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut region_counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut kind_counts: BTreeMap<Kind, usize> = BTreeMap::new();
        let mut year_counts: BTreeMap<u16, usize> = BTreeMap::new();
        let mut subject_counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut kept: Vec<(bool, Score, DocAddress)> = Vec::new();
        let empty = Attrs::default();
        for (addr, score) in matches {
            let a = self
                .attrs
                .get(addr.segment_ord as usize)
                .and_then(|s| s.get(addr.doc_id as usize))
                .unwrap_or(&empty);
            let pc =
                countries.is_empty() || a.country.as_ref().is_some_and(|c| countries.contains(c));
            let pr = regions.is_empty() || a.region.as_ref().is_some_and(|r| regions.contains(r));
            let pk = kinds.is_empty() || a.kind.is_some_and(|k| kinds.contains(&k));
            let ps = subjects.is_empty() || a.subjects.iter().any(|s| subjects.contains(s));
            let py = !years_filtered
                || a.year.is_some_and(|y| {
                    query.year_from.is_none_or(|from| y >= from)
                        && query.year_to.is_none_or(|to| y <= to)
                });
            if pr
                && pk
                && py
                && ps
                && let Some(c) = &a.country
            {
                *country_counts.entry(c.clone()).or_default() += 1;
            }
            if pc
                && pk
                && py
                && ps
                && let Some(r) = &a.region
            {
                *region_counts.entry(r.clone()).or_default() += 1;
            }
            if pc
                && pr
                && py
                && ps
                && let Some(k) = a.kind
            {
                *kind_counts.entry(k).or_default() += 1;
            }
            if pc
                && pr
                && pk
                && ps
                && let Some(y) = a.year
            {
                *year_counts.entry(y).or_default() += 1;
            }
            if pc && pr && pk && py {
                for s in &a.subjects {
                    *subject_counts.entry(s.clone()).or_default() += 1;
                }
            }
            if pc && pr && pk && py && ps {
                kept.push((all_words.contains(&addr), score, addr));
            }
        }
        kept.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
        let total = kept.len();
        // The stored fields of every hit shown, all in one round.
        let mut hits = Vec::with_capacity(query.limit.min(total));
        for &(_, score, addr) in kept.iter().take(query.limit) {
            if let Some(hit) = self.tolerate_missing(self.hit(addr, score, &highlight))? {
                hits.push(hit);
            }
        }
        self.end_of_step()?;
        let facet = |counts: BTreeMap<String, usize>| -> Vec<Facet<String>> {
            counts
                .into_iter()
                .map(|(value, count)| Facet { value, count })
                .collect()
        };
        let facets = Facets {
            countries: facet(country_counts),
            regions: facet(region_counts),
            kinds: kind_counts
                .into_iter()
                .map(|(value, count)| Facet { value, count })
                .collect(),
            years: year_counts
                .into_iter()
                .rev()
                .map(|(value, count)| Facet { value, count })
                .collect(),
            subjects: facet(subject_counts),
        };
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }

    /// Reads the postings of `terms` (with positions where a phrase needs them) in every
    /// segment, so that the search that follows finds them in the chunks already held. Reads
    /// that lack a chunk are recorded, and the others still tried.
    fn read_postings(&self, terms: &[(Term, bool)]) -> Result<(), SearchError> {
        for segment in self.searcher.segment_readers() {
            for (term, positions) in terms {
                let read = || -> Result<(), SearchError> {
                    let inverted = segment.inverted_index(term.field())?;
                    let info = inverted
                        .get_term_info(term)
                        .map_err(tantivy::TantivyError::from)?;
                    if let Some(info) = info {
                        let option = match positions {
                            true => IndexRecordOption::WithFreqsAndPositions,
                            false => IndexRecordOption::WithFreqs,
                        };
                        inverted
                            .read_postings_from_terminfo(&info, option)
                            .map_err(tantivy::TantivyError::from)?;
                    }
                    Ok(())
                };
                self.tolerate_missing(read())?;
            }
        }
        Ok(())
    }
    /// A term in the title (boosted) or the body, scored by BM25 times `boost`.
    fn term_in_fields(&self, text: &str, boost: Score) -> Box<dyn TantivyQuery> {
        let term = |field: Field, b: Score| -> Box<dyn TantivyQuery> {
            let q = TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::WithFreqs,
            );
            if b == 1.0 {
                Box::new(q)
            } else {
                Box::new(BoostQuery::new(Box::new(q), b))
            }
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, term(self.fields.title, TITLE_BOOST * boost)),
            (Occur::Should, term(self.fields.body, boost)),
        ]))
    }

    /// Looks a query word up in the dictionary; a word of 5+ chars that is not there (and has
    /// no digit: law numbers must match exactly) is expanded into the nearest dictionary terms:
    /// distance 1 for 5–7 chars, 2 for 8+. A word being typed (`completing`) also stands for
    /// the most frequent dictionary terms it begins.
    fn word_term(
        &self,
        surface: &str,
        stem: String,
        completing: bool,
    ) -> Result<WordTerm, SearchError> {
        let len = surface.chars().count();
        // The exact term and the completions are looked up in the same round; typo tolerance,
        // which needs to know the exact term is missing, comes after.
        let known = self.tolerate_missing(self.term_exists(&stem))?;
        let completions = match completing && len >= MIN_PREFIX_CHARS {
            true => self.tolerate_missing(self.completions(surface, &stem))?,
            false => Some(Vec::new()),
        };
        let (Some(known), Some(completions)) = (known, completions) else {
            return Err(SearchError::MissingChunks(Vec::new()));
        };
        let mut expansions = Vec::new();
        if !known && len >= 5 && !surface.chars().any(|c| c.is_ascii_digit()) {
            let max = if len >= 8 { 2 } else { 1 };
            let mut found: HashMap<String, (u8, u32)> = HashMap::new();
            let mut probes = vec![stem.as_str()];
            if surface != stem {
                probes.push(surface);
            }
            for probe in probes {
                let automaton =
                    FuzzyTermQuery::new(Term::from_field_text(self.fields.body, probe), max, true)
                        .automaton()?;
                for segment in self.searcher.segment_readers() {
                    for f in [self.fields.title, self.fields.body] {
                        let inverted = segment.inverted_index(f)?;
                        let mut stream = inverted
                            .terms()
                            .search(&automaton)
                            .into_stream()
                            .map_err(tantivy::TantivyError::from)?;
                        while stream.advance() {
                            let Ok(term) = std::str::from_utf8(stream.key()) else {
                                continue;
                            };
                            let d = osa_distance(probe, term).min(osa_distance(&stem, term));
                            let d = u8::try_from(d.min(255)).unwrap_or(u8::MAX).max(1);
                            let e = found.entry(term.to_string()).or_insert((d, 0));
                            e.0 = e.0.min(d);
                            e.1 += stream.value().doc_freq;
                        }
                    }
                }
            }
            let mut list: Vec<(String, (u8, u32))> = found.into_iter().collect();
            list.sort_by(|a, b| {
                a.1.0
                    .cmp(&b.1.0)
                    .then(b.1.1.cmp(&a.1.1))
                    .then(a.0.cmp(&b.0))
            });
            expansions = list
                .into_iter()
                .take(MAX_EXPANSIONS)
                .map(|(t, (d, _))| (t, d))
                .collect();
        }
        Ok(WordTerm {
            exact: stem,
            exact_known: known,
            expansions,
            completions,
        })
    }

    /// The most frequent dictionary terms (title and body) that begin with `prefix`, other than
    /// `stem` itself: only the dictionary blocks of that range are read.
    fn completions(&self, prefix: &str, stem: &str) -> Result<Vec<String>, SearchError> {
        let mut upper = prefix.as_bytes().to_vec();
        while let Some(last) = upper.pop() {
            if last < u8::MAX {
                upper.push(last + 1);
                break;
            }
        }
        let mut found: HashMap<String, u32> = HashMap::new();
        for segment in self.searcher.segment_readers() {
            for f in [self.fields.title, self.fields.body] {
                let inverted = segment.inverted_index(f)?;
                let mut range = inverted.terms().range().ge(prefix.as_bytes());
                if !upper.is_empty() {
                    range = range.lt(&upper);
                }
                let mut stream = range.into_stream().map_err(tantivy::TantivyError::from)?;
                while stream.advance() {
                    let Ok(term) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if term != stem {
                        *found.entry(term.to_string()).or_default() += stream.value().doc_freq;
                    }
                }
            }
        }
        let mut list: Vec<(String, u32)> = found.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(list
            .into_iter()
            .take(MAX_COMPLETIONS)
            .map(|(t, _)| t)
            .collect())
    }

    fn term_exists(&self, text: &str) -> Result<bool, SearchError> {
        for segment in self.searcher.segment_readers() {
            for f in [self.fields.title, self.fields.body] {
                if segment
                    .inverted_index(f)?
                    .terms()
                    .term_ord(text.as_bytes())
                    .map_err(tantivy::TantivyError::from)?
                    .is_some()
                {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    fn hit(
        &self,
        addr: DocAddress,
        score: Score,
        highlight: &HashSet<String>,
    ) -> Result<Hit, SearchError> {
        // Stored fields are all text: read them as strings, not as tantivy's generic values
        // (less code in the browser engine, fewer allocations).
        let doc: StoredText = self.searcher.doc(addr)?;
        let text = |f: Field| {
            doc.0
                .iter()
                .find(|(field, _)| *field == f)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let attrs = self
            .attrs
            .get(addr.segment_ord as usize)
            .and_then(|s| s.get(addr.doc_id as usize))
            .cloned()
            .unwrap_or_default();
        let excerpt = text(self.fields.excerpt);
        Ok(Hit {
            url: text(self.fields.url),
            title: text(self.fields.title),
            kind: attrs.kind.unwrap_or(Kind::Page),
            country: attrs.country,
            year: attrs.year,
            score,
            snippet: snippet(&mut analyzer(self.lang), &excerpt, highlight),
        })
    }
}

fn read_attrs(segment: &SegmentReader) -> Result<Vec<Attrs>, SearchError> {
    let ff = segment.fast_fields();
    let kind = ff.str(field::KIND)?;
    let country = ff.str(field::COUNTRY)?;
    let region = ff.str(field::REGION)?;
    let year = ff.u64(field::YEAR).ok();
    let subject = ff.str(field::SUBJECT)?;
    let mut buf = String::new();
    let mut read_str = |col: &Option<tantivy::columnar::StrColumn>, doc: DocId| -> Option<String> {
        let col = col.as_ref()?;
        let ord = col.ords().first(doc)?;
        buf.clear();
        match col.ord_to_str(ord, &mut buf) {
            Ok(true) => Some(buf.clone()),
            _ => None,
        }
    };
    let mut out = Vec::with_capacity(segment.max_doc() as usize);
    for doc in 0..segment.max_doc() {
        out.push(Attrs {
            kind: read_str(&kind, doc).and_then(|k| Kind::from_code(&k)),
            country: read_str(&country, doc),
            region: read_str(&region, doc),
            year: year
                .as_ref()
                .and_then(|c| c.first(doc))
                .and_then(|y| u16::try_from(y).ok()),
            subjects: subject
                .as_ref()
                .map(|col| {
                    col.term_ords(doc)
                        .filter_map(|ord| {
                            let mut s = String::new();
                            matches!(col.ord_to_str(ord, &mut s), Ok(true)).then_some(s)
                        })
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions), over chars:
/// ranks the dictionary terms the automaton found.
fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// Builds a snippet of about [`SNIPPET_CHARS`] chars from `excerpt`, around the densest group of
/// highlighted terms, split into plain and highlighted parts.
fn snippet(
    analyzer: &mut TextAnalyzer,
    excerpt: &str,
    highlight: &HashSet<String>,
) -> Vec<SnippetPart> {
    if excerpt.is_empty() {
        return Vec::new();
    }
    // Highlighted byte ranges, merged.
    let mut ranges: Vec<(usize, usize)> = tokens(analyzer, excerpt)
        .into_iter()
        .filter(|t| highlight.contains(&t.text))
        .map(|t| (t.offset_from, t.offset_to))
        .collect();
    ranges.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => merged.push(r),
        }
    }
    // Char index → byte offset.
    let bounds: Vec<usize> = excerpt
        .char_indices()
        .map(|(i, _)| i)
        .chain([excerpt.len()])
        .collect();
    let n_chars = bounds.len() - 1;
    let (start, end) = if n_chars <= SNIPPET_CHARS {
        (0, excerpt.len())
    } else {
        // The window start (a match start) covering the most matches.
        let byte_to_char = |b: usize| bounds.partition_point(|&x| x < b);
        let mut best = (0usize, 0usize); // (count, start char)
        for (i, r) in merged.iter().enumerate() {
            let c0 = byte_to_char(r.0);
            let c_end = c0 + SNIPPET_CHARS;
            let count = merged[i..]
                .iter()
                .take_while(|x| byte_to_char(x.1) <= c_end)
                .count();
            if count > best.0 {
                best = (count, c0);
            }
        }
        // Some context before the first match, from a word start.
        let mut s = best.1.saturating_sub(40);
        if s > 0 {
            let limit = best.1;
            while s < limit
                && !excerpt[bounds[s - 1]..bounds[s]]
                    .chars()
                    .all(char::is_whitespace)
            {
                s += 1;
            }
        }
        let mut e = (s + SNIPPET_CHARS).min(n_chars);
        if e < n_chars {
            let mut k = e;
            while k > s
                && !excerpt[bounds[k]..bounds[k + 1]]
                    .chars()
                    .all(char::is_whitespace)
            {
                k -= 1;
            }
            if k > s {
                e = k;
            }
        }
        (bounds[s], bounds[e])
    };
    let mut parts = Vec::new();
    let mut push = |text: &str, highlight: bool| {
        if !text.is_empty() {
            parts.push(SnippetPart {
                text: text.to_string(),
                highlight,
            });
        }
    };
    let mut pos = start;
    if start > 0 {
        push("…", false);
    }
    for &(a, b) in &merged {
        if b <= start || a >= end {
            continue;
        }
        let (a, b) = (a.max(start), b.min(end));
        push(&excerpt[pos..a], false);
        push(&excerpt[a..b], true);
        pos = b;
    }
    push(&excerpt[pos..end], false);
    if end < excerpt.len() {
        push("…", false);
    }
    // Join adjacent plain parts.
    let mut out: Vec<SnippetPart> = Vec::new();
    for p in parts {
        match out.last_mut() {
            Some(last) if !last.highlight && !p.highlight => last.text.push_str(&p.text),
            _ => out.push(p),
        }
    }
    out
}

/// A stored document whose stored fields are all text (url, title, excerpt).
struct StoredText(Vec<(Field, String)>);

impl DocumentDeserialize for StoredText {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut fields = Vec::with_capacity(deserializer.size_hint());
        while let Some((field, value)) = deserializer.next_field::<String>()? {
            fields.push((field, value));
        }
        Ok(StoredText(fields))
    }
}

/// Collects every matching document with its score (filters and facets need them all; the
/// corpus is a few thousand pages per language).
struct ScoredDocs;

struct ScoredDocsSegment {
    segment: SegmentOrdinal,
    docs: Vec<(DocAddress, Score)>,
}

impl Collector for ScoredDocs {
    type Fruit = Vec<(DocAddress, Score)>;
    type Child = ScoredDocsSegment;

    fn for_segment(
        &self,
        segment_local_id: SegmentOrdinal,
        _segment: &SegmentReader,
    ) -> tantivy::Result<ScoredDocsSegment> {
        Ok(ScoredDocsSegment {
            segment: segment_local_id,
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for ScoredDocsSegment {
    type Fruit = Vec<(DocAddress, Score)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.docs.push((DocAddress::new(self.segment, doc), score));
    }

    fn harvest(self) -> Self::Fruit {
        self.docs
    }
}
