//! The query engine: opens a published index ([`ChunkedIndex`]) and answers [`Query`]s. The CLI
//! and the browser run this same code, so both give the same results.
//!
//! A query runs in rounds when chunks are missing: it looks its words up in the term
//! dictionaries, then reads the postings of every term, then the stored fields of the hits
//! shown; each step tries every read it needs before failing with
//! [`SearchError::MissingChunks`], so the browser fetches one round's chunks in parallel.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, DocSetCollector, SegmentCollector};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery,
    Query as TantivyQuery, TermQuery,
};
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::termdict::TermDictionary;
use tantivy::tokenizer::{TextAnalyzer, Token};
use tantivy::{
    Directory, DocAddress, DocId, Index, IndexReader, ReloadPolicy, Score, Searcher,
    SegmentOrdinal, SegmentReader, Term,
};

use crate::analysis::{Analysis, tokenizer_name, tokens};
use crate::attrs::{self, Attrs};
use crate::build::field;
use crate::chunked::ChunkedIndex;
use crate::facets::{FacetCounts, Facets, Filters};
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

#[derive(Clone, Copy)]
struct Fields {
    url: Field,
    title: Field,
    body: Field,
    excerpt: Field,
}

/// An open index, ready to answer queries. Opening reads the hot cache, the attribute table
/// among it; searching reads only the chunks a query needs.
pub struct Engine {
    analysis: Analysis,
    index: ChunkedIndex,
    searcher: Searcher,
    _reader: IndexReader,
    fields: Fields,
    /// Per doc id of the one segment.
    attrs: Vec<Attrs>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("lang", &self.lang())
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

/// What the query text asks for, its words looked up in the term dictionaries.
#[derive(Default)]
struct QueryTerms {
    /// The positive words: a document matches with any of them, and ranks first with all.
    words: Vec<WordTerm>,
    /// The positive phrases (a quoted single word too): every one must match.
    phrases: Vec<Box<dyn TantivyQuery>>,
    /// The excluded words and phrases: none may match.
    excluded: Vec<Box<dyn TantivyQuery>>,
    /// The index terms that snippets highlight.
    highlight: HashSet<String>,
}

impl QueryTerms {
    /// No word and no phrase to look for: the query lists documents (filtered, exclusions
    /// applied) in pack order.
    fn browses(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// `clauses` with the phrases required and the exclusions excluded.
    fn constrained(
        &self,
        clauses: Vec<(Occur, Box<dyn TantivyQuery>)>,
    ) -> Vec<(Occur, Box<dyn TantivyQuery>)> {
        let phrases = self.phrases.iter().map(|q| (Occur::Must, q.box_clone()));
        let excluded = self
            .excluded
            .iter()
            .map(|q| (Occur::MustNot, q.box_clone()));
        phrases.chain(clauses).chain(excluded).collect()
    }
}

/// The tantivy queries of one search.
struct Plan {
    /// Every match: its scores rank everything.
    any_word: Box<dyn TantivyQuery>,
    /// The documents with every word, only to rank them first (two words or more).
    every_word: Option<BooleanQuery>,
}

/// A matching document and what ranks it.
struct Match {
    every_word: bool,
    score: Score,
    addr: DocAddress,
}

impl Match {
    /// Documents with every word first, then by score, then in pack order (for stable results).
    fn rank(a: &Match, b: &Match) -> std::cmp::Ordering {
        (b.every_word.cmp(&a.every_word))
            .then(b.score.total_cmp(&a.score))
            .then(a.addr.cmp(&b.addr))
    }
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
        let analysis = Analysis::of(chunked.lang())?;
        let index = open_tantivy_index(chunked)?;
        index
            .tokenizers()
            .register(tokenizer_name(analysis.lang()), analysis.index_analyzer());
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
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let table = chunked
            .atomic_read(Path::new(attrs::FILE))
            .map_err(|e| SearchError::InvalidPack(format!("attribute table: {e}")))?;
        let attrs = attrs::decode(&table)?;
        if attrs.len() != chunked.doc_count() as usize {
            return Err(SearchError::InvalidPack(
                "the attribute table does not have a row per document".into(),
            ));
        }
        for segment in searcher.segment_readers() {
            // What every query reads, read now so that the build records it into the hot
            // cache: the term-dictionary indexes and the field norms of the searched fields.
            for f in [fields.title, fields.body] {
                segment.inverted_index(f)?;
                segment.get_fieldnorms_reader(f)?;
            }
        }
        Ok(Engine {
            analysis,
            index: chunked.clone(),
            searcher,
            _reader: reader,
            fields,
            attrs,
        })
    }

    /// The language of the open pack (its analyzer is the one used for queries).
    pub fn lang(&self) -> Lang {
        self.analysis.lang()
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

    /// One attempt at a query, step by step in the order of its reads: the words are looked up
    /// in the term dictionaries, the postings the queries need are read, every match is scored,
    /// filtered and counted in the facets, then the stored fields of the hits shown are read.
    fn search_round(&self, query: &Query) -> Result<SearchResults, SearchError> {
        let terms = self.look_up(&query.text)?;
        self.end_of_step()?;
        // Text that leaves nothing to search for (a bare "-", a word too long to be indexed)
        // finds nothing: only an empty text, or exclusions alone, list documents.
        if terms.browses() && terms.excluded.is_empty() && !query.text.trim().is_empty() {
            return Ok(SearchResults::default());
        }
        let plan = self.plan(&terms);
        self.read_postings(plan.any_word.as_ref())?;
        self.end_of_step()?;
        let matches = self.score(&plan)?;
        let (mut results, facets) = self.filter(query, matches);
        results.sort_by(Match::rank);
        let hits = self.hits(&results, query.limit, &terms.highlight)?;
        self.end_of_step()?;
        Ok(SearchResults {
            total: results.len(),
            hits,
            facets,
        })
    }

    /// Parses the query text and looks its words up in the term dictionaries: the dictionary
    /// terms each word stands for (typo tolerance, completion of the word being typed), the
    /// phrases and the exclusions.
    fn look_up(&self, text: &str) -> Result<QueryTerms, SearchError> {
        let mut query_an = self.analysis.query_analyzer();
        let mut surface_an = self.analysis.surface_analyzer();
        let mut terms = QueryTerms::default();
        // The last word is still being typed unless a space or a quote follows it.
        let typing = !text.ends_with(|c: char| c.is_whitespace() || c == '"');
        let items = parse(text);
        let last = items.len().saturating_sub(1);
        for (n, item) in items.into_iter().enumerate() {
            match item {
                Item::Word {
                    text,
                    negated: false,
                } => {
                    let surfaces = tokens(&mut surface_an, &text);
                    let count = surfaces.len();
                    for (k, surface) in surfaces.into_iter().enumerate() {
                        let Some(stem) = tokens(&mut query_an, &surface.text).into_iter().next()
                        else {
                            continue;
                        };
                        let completing = typing && n == last && k + 1 == count;
                        let lookup = self.word_term(&surface.text, stem.text, completing);
                        if let Some(word) = self.tolerate_missing(lookup)? {
                            terms.highlight.insert(word.exact.clone());
                            terms
                                .highlight
                                .extend(word.expansions.iter().map(|(t, _)| t.clone()));
                            terms.highlight.extend(word.completions.iter().cloned());
                            terms.words.push(word);
                        }
                    }
                }
                Item::Word {
                    text,
                    negated: true,
                } => {
                    for t in tokens(&mut query_an, &text) {
                        terms.excluded.push(self.term_in_fields(&t.text, 1.0));
                    }
                }
                Item::Phrase { text, negated } => {
                    let toks = tokens(&mut query_an, &text);
                    let Some(clause) = self.phrase(&toks) else {
                        continue;
                    };
                    if negated {
                        terms.excluded.push(clause);
                    } else {
                        terms.highlight.extend(toks.into_iter().map(|t| t.text));
                        terms.phrases.push(clause);
                    }
                }
            }
        }
        Ok(terms)
    }

    /// The query of a quoted phrase (its tokens at their positions, in the title or the body);
    /// `None` when nothing of it is indexed.
    fn phrase(&self, toks: &[Token]) -> Option<Box<dyn TantivyQuery>> {
        match toks {
            [] => None,
            [tok] => Some(self.term_in_fields(&tok.text, 1.0)),
            _ => {
                let phrase = |field: Field| {
                    PhraseQuery::new_with_offset(
                        toks.iter()
                            .map(|t| (t.position, Term::from_field_text(field, &t.text)))
                            .collect(),
                    )
                };
                Some(Box::new(BooleanQuery::new(vec![
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            Box::new(phrase(self.fields.title)),
                            TITLE_BOOST,
                        )) as Box<dyn TantivyQuery>,
                    ),
                    (Occur::Should, Box::new(phrase(self.fields.body))),
                ])))
            }
        }
    }

    /// The query of one word: its exact term, its typo expansions and its completions, each
    /// scored with its boost; `None` when the dictionary has none of them.
    fn word_clause(&self, w: &WordTerm) -> Option<Box<dyn TantivyQuery>> {
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
    }

    /// Builds the tantivy queries of the looked-up terms.
    fn plan(&self, terms: &QueryTerms) -> Plan {
        let any_word: Box<dyn TantivyQuery> = if terms.browses() {
            let mut clauses = terms.constrained(vec![(Occur::Must, Box::new(AllQuery))]);
            if clauses.len() == 1 {
                clauses
                    .pop()
                    .map(|(_, q)| q)
                    .unwrap_or_else(|| Box::new(AllQuery))
            } else {
                Box::new(BooleanQuery::new(clauses))
            }
        } else {
            let shoulds: Vec<(Occur, Box<dyn TantivyQuery>)> = terms
                .words
                .iter()
                .filter_map(|w| self.word_clause(w))
                .map(|q| (Occur::Should, q))
                .collect();
            if terms.phrases.is_empty() && shoulds.is_empty() {
                Box::new(EmptyQuery)
            } else {
                Box::new(BooleanQuery::new(terms.constrained(shoulds)))
            }
        };
        let every_word = match terms.words.len() > 1 {
            true => terms
                .words
                .iter()
                .map(|w| self.word_clause(w).map(|q| (Occur::Must, q)))
                .collect::<Option<Vec<_>>>()
                .map(|musts| BooleanQuery::new(terms.constrained(musts))),
            false => None,
        };
        Plan {
            any_word,
            every_word,
        }
    }

    /// Reads every postings list `query` reads (with positions where a phrase needs them) in
    /// every segment, all in one round, so that the search that follows finds them in the
    /// chunks already held. Reads that lack a chunk are recorded, and the others still tried.
    fn read_postings(&self, query: &dyn TantivyQuery) -> Result<(), SearchError> {
        let mut terms: Vec<(Term, bool)> = Vec::new();
        query.query_terms(&mut |term, positions| terms.push((term.clone(), positions)));
        for segment in self.searcher.segment_readers() {
            for (term, positions) in &terms {
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

    /// Every match of the plan, with its score and whether it has every word.
    fn score(&self, plan: &Plan) -> Result<Vec<Match>, SearchError> {
        let matches = self.searcher.search(plan.any_word.as_ref(), &ScoredDocs)?;
        let every_word: HashSet<DocAddress> = match &plan.every_word {
            Some(q) => self.searcher.search(q, &DocSetCollector)?,
            None => HashSet::new(),
        };
        Ok(matches
            .into_iter()
            .map(|(addr, score)| Match {
                every_word: every_word.contains(&addr),
                score,
                addr,
            })
            .collect())
    }

    /// The matches that pass the query's filters, and the facet counts of all matches.
    fn filter(&self, query: &Query, matches: Vec<Match>) -> (Vec<Match>, Facets) {
        let filters = Filters::of(query);
        let mut counts = FacetCounts::default();
        let mut results = Vec::new();
        for m in matches {
            let attrs = self.attrs(m.addr);
            let passes = filters.passes(attrs);
            counts.add(attrs, passes);
            if passes.all() {
                results.push(m);
            }
        }
        (results, counts.into_facets())
    }

    /// The first `limit` results as hits, their stored fields all read in one round.
    fn hits(
        &self,
        results: &[Match],
        limit: usize,
        highlight: &HashSet<String>,
    ) -> Result<Vec<Hit>, SearchError> {
        let mut hits = Vec::with_capacity(limit.min(results.len()));
        for m in results.iter().take(limit) {
            if let Some(hit) = self.tolerate_missing(self.hit(m.addr, m.score, highlight))? {
                hits.push(hit);
            }
        }
        Ok(hits)
    }

    /// The in-memory attributes of a document.
    fn attrs(&self, addr: DocAddress) -> &Attrs {
        self.attrs
            .get(addr.doc_id as usize)
            .filter(|_| addr.segment_ord == 0)
            .unwrap_or(Attrs::NONE)
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
    /// no digit: law numbers must match exactly) is expanded into the nearest dictionary terms
    /// that begin with its first letter: distance 1 for 5–7 chars, 2 for 8+. (A typo in the
    /// first letter is rare, and tolerating it reads most of the dictionary: 39 chunks, 156 KB,
    /// for one word at 40,000 pages.) A word being typed (`completing`) also stands for the
    /// most frequent dictionary terms it begins.
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
            let mut complete = true;
            for probe in probes {
                let automaton =
                    FuzzyTermQuery::new(Term::from_field_text(self.fields.body, probe), max, true)
                        .automaton()?;
                let first = probe.chars().next().map(String::from).unwrap_or_default();
                let upper = after_prefix(first.as_bytes());
                let read = self.in_every_dictionary(|dictionary| {
                    let mut terms = dictionary.search(&automaton).ge(first.as_bytes());
                    if !upper.is_empty() {
                        terms = terms.lt(&upper);
                    }
                    let mut stream = terms.into_stream().map_err(tantivy::TantivyError::from)?;
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
                    Ok(())
                });
                complete &= self.tolerate_missing(read)?.is_some();
            }
            if !complete {
                return Err(SearchError::MissingChunks(Vec::new()));
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
        let upper = after_prefix(prefix.as_bytes());
        let mut found: HashMap<String, u32> = HashMap::new();
        self.in_every_dictionary(|dictionary| {
            let mut range = dictionary.range().ge(prefix.as_bytes());
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
            Ok(())
        })?;
        let mut list: Vec<(String, u32)> = found.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(list
            .into_iter()
            .take(MAX_COMPLETIONS)
            .map(|(t, _)| t)
            .collect())
    }

    fn term_exists(&self, text: &str) -> Result<bool, SearchError> {
        let mut known = false;
        self.in_every_dictionary(|dictionary| {
            let ord = dictionary
                .term_ord(text.as_bytes())
                .map_err(tantivy::TantivyError::from)?;
            known |= ord.is_some();
            Ok(())
        })?;
        Ok(known)
    }

    /// Runs `read` on the term dictionary of the title and of the body in every segment. All of
    /// them are read even when one lacks a chunk, so that one round fetches the blocks of every
    /// dictionary (the postings step needs the term in each field anyway).
    fn in_every_dictionary(
        &self,
        mut read: impl FnMut(&TermDictionary) -> Result<(), SearchError>,
    ) -> Result<(), SearchError> {
        let mut complete = true;
        for segment in self.searcher.segment_readers() {
            for f in [self.fields.title, self.fields.body] {
                let read_one = segment
                    .inverted_index(f)
                    .map_err(SearchError::from)
                    .and_then(|inverted| read(inverted.terms()));
                complete &= self.tolerate_missing(read_one)?.is_some();
            }
        }
        match complete {
            true => Ok(()),
            false => Err(SearchError::MissingChunks(Vec::new())),
        }
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
        let attrs = self.attrs(addr).clone();
        let excerpt = text(self.fields.excerpt);
        Ok(Hit {
            url: text(self.fields.url),
            title: text(self.fields.title),
            kind: attrs.kind.unwrap_or(Kind::Page),
            country: attrs.country.as_deref().map(String::from),
            year: attrs.year,
            score,
            snippet: snippet(&mut self.analysis.index_analyzer(), &excerpt, highlight),
        })
    }
}

/// The smallest key above every key that begins with `prefix` (empty when there is none):
/// the exclusive end of a dictionary range.
fn after_prefix(prefix: &[u8]) -> Vec<u8> {
    let mut upper = prefix.to_vec();
    while let Some(last) = upper.pop() {
        if last < u8::MAX {
            upper.push(last + 1);
            break;
        }
    }
    upper
}

/// tantivy's `Index::open` reads the index's schema and segments from meta.json.
#[cfg(not(feature = "browser"))]
fn open_tantivy_index(chunked: &ChunkedIndex) -> Result<Index, SearchError> {
    Ok(Index::open(chunked.clone())?)
}

/// The browser engine takes the schema from the code that built the index and its one segment
/// from the manifest instead: parsing meta.json would link the serde deserializers of tantivy's
/// schema and metas into the engine (18.8 KB of it, brotli). Its tantivy carries
/// `crates/portal-search-wasm/patches/tantivy-open-with-metas.patch` for this.
#[cfg(feature = "browser")]
fn open_tantivy_index(chunked: &ChunkedIndex) -> Result<Index, SearchError> {
    let segments = match chunked.doc_count() {
        0 => Vec::new(),
        max_doc => vec![(crate::chunked::segment_id(), max_doc)],
    };
    Ok(Index::open_with_metas(
        chunked.clone(),
        crate::build::schema(chunked.lang()),
        tantivy::IndexSettings::default(),
        &segments,
    ))
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
