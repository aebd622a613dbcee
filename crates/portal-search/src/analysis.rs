//! Text analysis: how page text and query text become terms.
//!
//! Pipeline (the same for index and query, so they agree): [`PortalTokenizer`] (split on
//! anything that is not a letter or digit, no regex) → drop tokens over 40 bytes → lower-case →
//! ASCII folding (accents ignored: "migracion" finds "migración") → the language's Snowball
//! stemmer ("migrantes" finds "migrante"). Folding comes before stemming so that an accented
//! and an unaccented spelling always stem alike.
//!
//! The stemmer is [`SnowballStemmer`], the same frostem Snowball algorithms as tantivy's
//! `Stemmer` filter, wrapped here so that a build compiles only the stemmers of its features
//! (tantivy's filter links all eighteen): the command line has the portal's four languages,
//! each browser engine one ([`Analysis`]).
//!
//! Law numbers: "25.871", "208-2003" or "70/2017" are split by a plain tokenizer into digit
//! groups that match far too much ("2003"). The tokenizer therefore joins digit groups separated
//! by a single `.`, `-` or `/` into one token ("25871", "2082003"). At index time it also emits
//! the groups themselves at the same position, so "2003" still finds the law of 2003; at query
//! time it emits the joined form only, so "25.871" (or "25871") asks for exactly that law.

use std::borrow::Cow;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenFilter,
    TokenStream, Tokenizer,
};

use crate::{Lang, SearchError};

/// Tokens longer than this (in bytes) are dropped: they are noise (URLs, hashes) that would only
/// grow the term dictionary.
const MAX_TOKEN_BYTES: usize = 40;

/// The name under which a language's analyzer is registered in the index schema, so an index
/// opened later knows which analyzer its text fields were built with.
pub fn tokenizer_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "portal_fr",
        Lang::En => "portal_en",
        Lang::Es => "portal_es",
        Lang::Pt => "portal_pt",
    }
}

/// The analysis of a language this build includes. A value exists only for a language whose
/// Snowball stemmer is compiled in (features `fr`, `en`, `es`, `pt`: all four by default, one
/// in each browser engine), so no index is built or opened with a stemmer missing.
#[derive(Clone, Copy, Debug)]
pub struct Analysis {
    lang: Lang,
    stemmer: SnowballStemmer,
}

impl Analysis {
    /// The analysis of `lang`, or [`SearchError::LanguageNotBuiltIn`] when this build has no
    /// stemmer for it.
    pub fn of(lang: Lang) -> Result<Analysis, SearchError> {
        let algorithm = match lang {
            #[cfg(feature = "fr")]
            Lang::Fr => frostem::Algorithm::French,
            #[cfg(feature = "en")]
            Lang::En => frostem::Algorithm::English,
            #[cfg(feature = "es")]
            Lang::Es => frostem::Algorithm::Spanish,
            #[cfg(feature = "pt")]
            Lang::Pt => frostem::Algorithm::Portuguese,
            #[allow(unreachable_patterns)]
            _ => return Err(SearchError::LanguageNotBuiltIn(lang)),
        };
        Ok(Analysis {
            lang,
            stemmer: SnowballStemmer(algorithm),
        })
    }

    /// The language analysed.
    pub fn lang(self) -> Lang {
        self.lang
    }

    /// The analyzer used to index page text: exposed so that tools and tests can see how a
    /// text is tokenized, exactly as the index sees it.
    pub fn index_analyzer(self) -> TextAnalyzer {
        self.build(PortalTokenizer { emit_groups: true }, true)
    }

    /// The analyzer for query text: the same as [`Analysis::index_analyzer`] but law numbers
    /// stay joined (see the module docs).
    pub(crate) fn query_analyzer(self) -> TextAnalyzer {
        self.build(PortalTokenizer { emit_groups: false }, true)
    }

    /// The query analyzer without the stemmer: the surface form of a query word, whose length
    /// decides the typo tolerance and which is also matched fuzzily against the dictionary.
    pub(crate) fn surface_analyzer(self) -> TextAnalyzer {
        self.build(PortalTokenizer { emit_groups: false }, false)
    }

    fn build(self, tokenizer: PortalTokenizer, stem: bool) -> TextAnalyzer {
        let builder = TextAnalyzer::builder(tokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter);
        if stem {
            builder.filter(self.stemmer).build()
        } else {
            builder.build()
        }
    }
}

/// The Snowball stemmer of one language, as a tantivy token filter. Tokens must be lower-cased
/// (and here ASCII-folded) before it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SnowballStemmer(frostem::Algorithm);

impl TokenFilter for SnowballStemmer {
    type Tokenizer<T: Tokenizer> = SnowballStemmerWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SnowballStemmerWrapper<T> {
        SnowballStemmerWrapper {
            algorithm: self.0,
            inner: tokenizer,
        }
    }
}

/// [`SnowballStemmer`] applied to a tokenizer (tantivy's filter plumbing).
#[derive(Clone, Debug)]
pub(crate) struct SnowballStemmerWrapper<T> {
    algorithm: frostem::Algorithm,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SnowballStemmerWrapper<T> {
    type TokenStream<'a> = SnowballStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SnowballStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(self.algorithm),
        }
    }
}

/// The token stream of [`SnowballStemmerWrapper`]: each token's text replaced by its stem.
pub(crate) struct SnowballStemmerStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for SnowballStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Cow::Owned(stem) = self.stemmer.stem(&token.text) {
            token.text = stem;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Runs `analyzer` over `text` and returns its tokens: a convenience for callers that want the
/// terms, not a stream.
pub(crate) fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.clone());
    }
    out
}

/// Splits on every char that is not alphanumeric (Unicode), and joins digit groups separated by
/// one `.`, `-` or `/` (see the module docs). No regex, so the browser engine stays small.
#[derive(Clone, Debug)]
pub(crate) struct PortalTokenizer {
    /// Index mode: also emit each digit group of a joined number at the joined token's position.
    emit_groups: bool,
}

/// The token stream of [`PortalTokenizer`]: tokens are computed up front (texts are short).
pub(crate) struct PortalTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for PortalTokenizer {
    type TokenStream<'a> = PortalTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PortalTokenStream {
        PortalTokenStream {
            tokens: split(text, self.emit_groups),
            next: 0,
        }
    }
}

impl TokenStream for PortalTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn split(text: &str, emit_groups: bool) -> Vec<Token> {
    // Runs of alphanumeric chars, as byte ranges.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            runs.push((s, i));
        }
    }
    if let Some(s) = start {
        runs.push((s, text.len()));
    }

    let mut tokens = Vec::with_capacity(runs.len());
    let mut position = 0usize;
    let mut i = 0;
    while i < runs.len() {
        // Extend a group of digit runs joined by single separators.
        let mut j = i;
        if is_digits(&text[runs[i].0..runs[i].1]) {
            while j + 1 < runs.len() {
                let (_, end) = runs[j];
                let (next_start, next_end) = runs[j + 1];
                let gap = &text[end..next_start];
                if matches!(gap, "." | "-" | "/") && is_digits(&text[next_start..next_end]) {
                    j += 1;
                } else {
                    break;
                }
            }
        }
        let make = |from: usize, to: usize, text_value: String| Token {
            offset_from: from,
            offset_to: to,
            position,
            text: text_value,
            position_length: 1,
        };
        if j > i {
            let joined: String = runs[i..=j].iter().map(|&(s, e)| &text[s..e]).collect();
            tokens.push(make(runs[i].0, runs[j].1, joined));
            if emit_groups {
                for &(s, e) in &runs[i..=j] {
                    tokens.push(make(s, e, text[s..e].to_string()));
                }
            }
        } else {
            let (s, e) = runs[i];
            tokens.push(make(s, e, text[s..e].to_string()));
        }
        position += 1;
        i = j + 1;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es() -> Analysis {
        Analysis::of(Lang::Es).unwrap()
    }

    fn texts(mut a: TextAnalyzer, s: &str) -> Vec<(usize, String)> {
        tokens(&mut a, s)
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect()
    }

    #[test]
    fn law_numbers_join_at_query_time_and_keep_groups_at_index_time() {
        assert_eq!(
            texts(es().query_analyzer(), "Ley 25.871 y 208-2003"),
            vec![
                (0, "ley".into()),
                (1, "25871".into()),
                (2, "y".into()),
                (3, "2082003".into())
            ]
        );
        let index = texts(es().index_analyzer(), "Ley 25.871.");
        assert_eq!(
            index,
            vec![
                (0, "ley".into()),
                (1, "25871".into()),
                (1, "25".into()),
                (1, "871".into())
            ]
        );
    }

    #[test]
    fn accents_fold_before_stemming() {
        let a = texts(es().index_analyzer(), "migración Migracion MIGRACIONES");
        assert!(a.iter().all(|(_, t)| t == &a[0].1), "{a:?}");
        let fr = texts(
            Analysis::of(Lang::Fr).unwrap().index_analyzer(),
            "migrants migrant",
        );
        assert_eq!(fr[0].1, fr[1].1);
    }
}
