//! Tests over the fixture corpus of each language (see [`crate::fixture`]).

use crate::fixture::corpus;
use crate::{
    ChunkedIndex, Engine, Kind, Lang, PackOptions, Query, SearchError, SearchResults, build_pack,
    build_pack_with,
};

fn engine(lang: Lang) -> Engine {
    let pack = build_pack(lang, &corpus(lang)).expect("build");
    Engine::open_pack(&pack).expect("open")
}

fn urls(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.url.as_str()).collect()
}

fn search(e: &Engine, text: &str) -> SearchResults {
    e.search(&Query::text(text))
}

fn first(e: &Engine, text: &str) -> String {
    search(e, text)
        .hits
        .first()
        .map(|h| h.url.clone())
        .unwrap_or_default()
}

#[test]
fn accents_are_ignored() {
    let es = engine(Lang::Es);
    let plain = search(&es, "migracion");
    let accented = search(&es, "migración");
    assert!(plain.total > 0);
    assert_eq!(urls(&plain), urls(&accented));
    assert!(urls(&search(&es, "Mexico")).contains(&"/es/legislation/mx/ley-de-migracion/"));
    let fr = engine(Lang::Fr);
    assert_eq!(
        first(&fr, "hemispherique"),
        "/fr/events/traite-des-personnes/"
    );
    let pt = engine(Lang::Pt);
    assert!(search(&pt, "migracao").total > 0);
}

#[test]
fn stemming_matches_inflections() {
    // "migrante" (singular) appears only in the Mexican law's text.
    let es = engine(Lang::Es);
    assert!(urls(&search(&es, "migrantes")).contains(&"/es/legislation/mx/ley-de-migracion/"));
    let en = engine(Lang::En);
    assert!(urls(&search(&en, "protecting")).contains(&"/en/legislation/ca/irpa/"));
    let fr = engine(Lang::Fr);
    assert!(urls(&search(&fr, "migrante")).contains(&"/fr/programme/"));
    let pt = engine(Lang::Pt);
    assert!(urls(&search(&pt, "migrantes")).contains(&"/pt/legislation/br/lei-13445/"));
}

#[test]
fn typos_find_the_word_below_exact_matches() {
    for lang in Lang::ALL {
        let e = engine(lang);
        let r = search(&e, "argentna");
        assert!(
            r.hits.iter().any(|h| h.url.contains("/legislation/ar/")),
            "{lang:?}: {:?}",
            urls(&r)
        );
    }
    // Distance 1 for a 5–7 char word.
    let en = engine(Lang::En);
    assert_eq!(first(&en, "Canda"), "/en/legislation/ca/irpa/");
    // Short words get no typo tolerance.
    assert_eq!(search(&en, "Cnda").total, 0);
    // An exact match outranks a fuzzy one: "chile" is exact, its neighbours are not.
    let es = engine(Lang::Es);
    let r = search(&es, "chile");
    assert!(r.hits[0].url.ends_with("/cl/ley-21325/"), "{:?}", urls(&r));
}

#[test]
fn law_numbers_find_their_law() {
    for lang in Lang::ALL {
        let e = engine(lang);
        if lang != Lang::Pt {
            assert!(
                first(&e, "208-2003").contains("/hn/decreto-208-2003/"),
                "{lang:?}"
            );
            assert_eq!(search(&e, "208-2003").total, 1, "{lang:?}");
        }
        assert!(first(&e, "25.871").contains("/ar/ley-25871/"), "{lang:?}");
        assert!(first(&e, "25871").contains("/ar/ley-25871/"), "{lang:?}");
    }
    // The groups stay searchable: the year 2003 finds the laws that mention it.
    let es = engine(Lang::Es);
    let r = search(&es, "2003");
    assert!(urls(&r).contains(&"/es/legislation/hn/decreto-208-2003/"));
    assert!(urls(&r).contains(&"/es/legislation/ar/ley-25871/"));
    // A phrase spanning a law number.
    assert_eq!(
        first(&es, "\"decreto 616/2010\""),
        "/es/legislation/ar/ley-25871/"
    );
    let pt = engine(Lang::Pt);
    assert_eq!(first(&pt, "6984/2022"), "/pt/legislation/py/ley-6984-2022/");
}

#[test]
fn phrases_need_the_words_in_order() {
    let es = engine(Lang::Es);
    let r = search(&es, "\"trata de personas\"");
    assert_eq!(urls(&r), vec!["/es/events/trata-de-personas/"]);
    // The same words out of order do not match the phrase.
    assert_eq!(search(&es, "\"personas de trata\"").total, 0);
    let en = engine(Lang::En);
    assert_eq!(
        urls(&search(&en, "\"trafficking in persons\"")),
        vec!["/en/events/trafficking-in-persons/"]
    );
    let fr = engine(Lang::Fr);
    assert_eq!(search(&fr, "\"traite des personnes\"").total, 1);
}

#[test]
fn exclusions_remove_documents() {
    let es = engine(Lang::Es);
    let with = search(&es, "migración");
    let without = search(&es, "migración -argentina");
    assert!(urls(&with).contains(&"/es/legislation/ar/ley-25871/"));
    assert!(!urls(&without).contains(&"/es/legislation/ar/ley-25871/"));
    assert!(without.total > 0 && without.total < with.total);
    // Only exclusions: everything else.
    let r = search(&es, "-\"trata de personas\"");
    assert_eq!(r.total, corpus(Lang::Es).len() - 1);
}

#[test]
fn all_words_rank_before_any_word() {
    let es = engine(Lang::Es);
    let r = search(&es, "ley chile");
    // The Chilean law has both words; other laws have "ley" only.
    assert_eq!(r.hits[0].url, "/es/legislation/cl/ley-21325/");
    assert!(r.total > 2);
    // The title boost: a word in the title ranks above the same word in a body.
    let en = engine(Lang::En);
    assert_eq!(first(&en, "meeting"), "/en/events/trafficking-in-persons/");
}

#[test]
fn filters_and_facets() {
    let es = engine(Lang::Es);
    let all = search(&es, "");
    assert_eq!(all.total, corpus(Lang::Es).len());
    let laws = es.search(&Query {
        kinds: vec![Kind::Law],
        ..Query::default()
    });
    assert_eq!(laws.total, 5);
    assert!(laws.hits.iter().all(|h| h.kind == Kind::Law));
    let q = Query {
        text: "ley".into(),
        countries: vec!["AR".into(), "cl".into()],
        ..Query::default()
    };
    let r = es.search(&q);
    assert_eq!(r.total, 2);
    // The country facet ignores the country filter.
    let ar = r
        .facets
        .countries
        .iter()
        .find(|f| f.value == "ar")
        .map(|f| f.count);
    let hn = r
        .facets
        .countries
        .iter()
        .find(|f| f.value == "hn")
        .map(|f| f.count);
    assert_eq!((ar, hn), (Some(1), Some(1)));
    // Kind facet applies the country filter.
    assert_eq!(
        r.facets
            .kinds
            .iter()
            .map(|f| (f.value, f.count))
            .collect::<Vec<_>>(),
        vec![(Kind::Law, 2)]
    );
    // Years: from/to, inclusive; documents without a year are left out.
    let r = es.search(&Query {
        year_from: Some(2011),
        year_to: Some(2021),
        ..Query::default()
    });
    let mut years: Vec<_> = r.hits.iter().map(|h| h.year.unwrap()).collect();
    years.sort();
    assert_eq!(years, vec![2011, 2017, 2021]);
    assert_eq!(
        r.facets.years.first().map(|f| f.value),
        Some(2025),
        "year facet ignores the year filter"
    );
    // Region.
    let r = es.search(&Query {
        regions: vec!["central-america".into()],
        ..Query::default()
    });
    assert_eq!(urls(&r), vec!["/es/legislation/hn/decreto-208-2003/"]);
    assert_eq!(r.facets.regions.len(), 3);
    // Limit.
    let r = es.search(&Query {
        limit: 2,
        ..Query::default()
    });
    assert_eq!((r.total, r.hits.len()), (8, 2));
}

#[test]
fn snippets_highlight_query_words() {
    let es = engine(Lang::Es);
    let r = search(&es, "reglamentada 616/2010");
    let hit = &r.hits[0];
    let marked: Vec<&str> = hit
        .snippet
        .iter()
        .filter(|p| p.highlight)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(marked, vec!["reglamentada", "616/2010"]);
    let text: String = hit.snippet.iter().map(|p| p.text.as_str()).collect();
    assert!(text.contains("Decreto 616/2010"));
    // JSON shape.
    let json = serde_json::to_value(&r).unwrap();
    let h = &json["hits"][0];
    for key in [
        "url", "title", "kind", "country", "year", "score", "snippet",
    ] {
        assert!(h.get(key).is_some(), "{key}");
    }
    assert_eq!(h["kind"], "law");
    assert_eq!(h["snippet"][1]["highlight"], true);
}

#[test]
fn long_excerpts_are_cut_around_the_match() {
    let mut docs = corpus(Lang::En);
    let filler = "word ".repeat(60);
    docs[0].body = format!("{filler} the needle sits here {filler}");
    let e = Engine::open_pack(&build_pack(Lang::En, &docs).unwrap()).unwrap();
    let r = search(&e, "needle");
    let parts = &r.hits[0].snippet;
    let text: String = parts.iter().map(|p| p.text.as_str()).collect();
    assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
    assert!(text.chars().count() <= 190, "{text}");
    assert!(parts.iter().any(|p| p.highlight && p.text == "needle"));
}

#[test]
fn build_pack_is_deterministic() {
    for lang in Lang::ALL {
        let a = build_pack(lang, &corpus(lang)).unwrap();
        let b = build_pack(lang, &corpus(lang)).unwrap();
        assert!(
            a.manifest == b.manifest && a.chunks == b.chunks,
            "{lang:?}: two builds differ"
        );
    }
    let e = Engine::open_pack(&build_pack(Lang::Pt, &corpus(Lang::Pt)).unwrap()).unwrap();
    assert_eq!(e.lang(), Lang::Pt);
    assert_eq!(e.num_docs(), corpus(Lang::Pt).len() as u64);
}

/// The browser engine opens the index from the manifest's document count, not meta.json (see
/// `open_tantivy_index`): the two must agree.
#[test]
fn the_manifest_counts_the_documents_of_its_one_segment() {
    for (lang, docs) in [(Lang::Es, corpus(Lang::Es)), (Lang::Fr, Vec::new())] {
        let pack = build_pack(lang, &docs).unwrap();
        let index = ChunkedIndex::from_pack(&pack, false).unwrap();
        let metas = tantivy::Index::open(index.clone())
            .unwrap()
            .searchable_segment_metas()
            .unwrap();
        let segments: Vec<(String, u32)> = metas
            .iter()
            .map(|m| (m.id().uuid_string(), m.max_doc()))
            .collect();
        let expected = match docs.len() {
            0 => vec![],
            n => vec![(crate::chunked::SEGMENT_ID.to_string(), n as u32)],
        };
        assert_eq!(segments, expected, "{lang:?}");
        assert_eq!(index.doc_count() as usize, docs.len(), "{lang:?}");
    }
}

#[test]
fn empty_corpus_builds_and_searches() {
    let e = Engine::open_pack(&build_pack(Lang::Fr, &[]).unwrap()).unwrap();
    assert_eq!(search(&e, "migration").total, 0);
    assert_eq!(search(&e, "").total, 0);
}

#[test]
fn corrupt_manifests_give_errors_not_panics() {
    let pack = build_pack(Lang::Es, &corpus(Lang::Es)).unwrap().manifest;
    let is_invalid =
        |bytes: &[u8]| matches!(ChunkedIndex::open(bytes), Err(SearchError::InvalidPack(_)));
    assert!(is_invalid(b""));
    assert!(is_invalid(
        b"not a pack at all, just text, long enough to be read"
    ));
    assert!(is_invalid(&pack[..pack.len() / 2]));
    for i in [0, 5, 9, 20, pack.len() / 3, pack.len() - 10, pack.len() - 1] {
        let mut bad = pack.clone();
        bad[i] ^= 0x55;
        assert!(is_invalid(&bad), "flip at {i}");
    }
    // Well-formed manifests whose files are not an index.
    for files in [
        vec![("meta.json".to_string(), b"{}".to_vec())],
        vec![("x.idx".to_string(), vec![1, 2, 3])],
    ] {
        let fake = crate::chunked::write_manifest(
            Lang::Es,
            1,
            &files,
            std::slice::from_ref(&(0..files[0].1.len() as u64)),
            |_| crate::chunked::Chunking::Every(64),
        );
        let index = ChunkedIndex::open(&fake.manifest).unwrap();
        assert!(Engine::open(&index).is_err());
    }
}

/// Options that cut the fixture's small index into many chunks, as a large site's would be.
fn small_chunks() -> PackOptions {
    PackOptions {
        chunk_bytes: 256,
        inline_below: 0,
        docstore_blocksize: 256,
        ..PackOptions::default()
    }
}

/// Answers `query` as the browser does: on each missing-chunks error, fetch those chunks (all
/// of them, in one round) and ask again. Returns the results and the rounds.
fn search_in_rounds(
    index: &ChunkedIndex,
    chunks: &[Vec<u8>],
    engine: &Engine,
    query: &Query,
) -> (SearchResults, Vec<Vec<usize>>) {
    let mut rounds = Vec::new();
    loop {
        match engine.try_search(query) {
            Ok(results) => return (results, rounds),
            Err(SearchError::MissingChunks(missing)) => {
                assert!(!missing.is_empty());
                for &i in &missing {
                    index.add_chunk(i, chunks[i].clone()).unwrap();
                }
                rounds.push(missing);
                assert!(rounds.len() <= 6, "{query:?}: too many rounds {rounds:?}");
            }
            Err(other) => panic!("{query:?}: {other}"),
        }
    }
}

#[test]
fn a_chunked_index_answers_like_a_whole_one_fetching_only_some_chunks() {
    for lang in Lang::ALL {
        let whole = engine(lang);
        let pack = build_pack_with(lang, &corpus(lang), &small_chunks()).unwrap();
        let (mut fetched_in_all, mut queries) = (0, 0);
        assert!(
            pack.chunks.len() > 10,
            "{lang:?}: {} chunks",
            pack.chunks.len()
        );
        for query in crate::fixture::queries(lang) {
            // A fresh index per query: what a first search fetches.
            let index = ChunkedIndex::open(&pack.manifest).unwrap();
            let engine = Engine::open(&index).expect("the hot cache opens the index");
            let (got, rounds) = search_in_rounds(&index, &pack.chunks, &engine, &query);
            assert_eq!(got, whole.search(&query), "{lang:?} {query:?}");
            let fetched: usize = rounds.iter().map(Vec::len).sum();
            assert!(
                fetched < pack.chunks.len(),
                "{lang:?} {query:?}: fetched all {fetched} chunks"
            );
            fetched_in_all += fetched;
            queries += 1;
        }
        // On average a query reads well under half of this tiny index (a large one, far less).
        assert!(
            fetched_in_all < queries * pack.chunks.len() / 2,
            "{lang:?}: {fetched_in_all} chunks for {queries} queries of {}",
            pack.chunks.len()
        );
    }
}

#[test]
fn a_first_search_fetches_in_as_few_rounds_as_its_steps() {
    // Each round is a network round trip before the first result: the dictionaries of every
    // field (and the completions of the word being typed), then the postings, then the stored
    // fields of the hits. A word not in the dictionary adds one round for its typo expansions,
    // which read the dictionary blocks of its first letter, unless its own look-up read them.
    for lang in Lang::ALL {
        let pack = build_pack_with(lang, &corpus(lang), &small_chunks()).unwrap();
        for (text, most) in [
            ("migrantes", 3),
            ("derechos migrantes", 3),
            ("argentna ", 3),
        ] {
            let index = ChunkedIndex::open(&pack.manifest).unwrap();
            let engine = Engine::open(&index).unwrap();
            let (got, rounds) = search_in_rounds(&index, &pack.chunks, &engine, &Query::text(text));
            assert!(got.total > 0, "{lang:?} {text:?}: no result");
            assert!(
                rounds.len() <= most,
                "{lang:?} {text:?}: {} rounds {rounds:?}",
                rounds.len()
            );
            // The last round reads the stored fields of the hits shown: one chunk each at
            // most, the doc-store block that holds it.
            let stored = rounds.last().expect("a chunked index fetches");
            assert!(
                stored.len() <= got.hits.len(),
                "{lang:?} {text:?}: {} chunks for {} hits",
                stored.len(),
                got.hits.len()
            );
        }
    }
}

#[test]
fn a_word_is_looked_up_in_one_dictionary_chunk_per_field() {
    // The dictionaries are cut at their sstable blocks: a word's look-up in the title and the
    // body reads one block each, one chunk file each (fixed-size chunks, here of 256 bytes,
    // would need every chunk a 4 KB block spans).
    for lang in Lang::ALL {
        let pack = build_pack_with(lang, &corpus(lang), &small_chunks()).unwrap();
        let index = ChunkedIndex::open(&pack.manifest).unwrap();
        let engine = Engine::open(&index).unwrap();
        let query = Query::text("migrantes ");
        let (got, rounds) = search_in_rounds(&index, &pack.chunks, &engine, &query);
        assert!(got.total > 0, "{lang:?}: no result");
        assert!(
            rounds[0].len() <= 2,
            "{lang:?}: the look-up fetched chunks {:?}",
            rounds[0]
        );
    }
}

#[test]
fn a_small_index_travels_in_its_manifest_but_for_the_positions_a_phrase_reads() {
    for lang in Lang::ALL {
        let pack = build_pack(lang, &corpus(lang)).unwrap();
        let whole = engine(lang);
        let mut phrase_rounds = 0;
        for query in crate::fixture::queries(lang) {
            let index = ChunkedIndex::open(&pack.manifest).unwrap();
            let engine = Engine::open(&index).expect("the manifest opens the index");
            let (got, rounds) = search_in_rounds(&index, &pack.chunks, &engine, &query);
            assert_eq!(got, whole.search(&query), "{lang:?} {query:?}");
            let phrase = query.text.contains('"');
            phrase_rounds += usize::from(phrase) * rounds.len();
            match phrase {
                true => assert!(rounds.len() <= 1, "{lang:?} {query:?}: {rounds:?}"),
                false => assert!(rounds.is_empty(), "{lang:?} {query:?} fetched {rounds:?}"),
            }
        }
        // The positions stayed out of the manifest: the phrases fetched them.
        assert!(phrase_rounds > 0, "{lang:?}: no phrase fetched a chunk");
    }
}

#[test]
fn a_chunk_of_the_wrong_length_is_refused() {
    let pack = build_pack_with(Lang::Es, &corpus(Lang::Es), &small_chunks()).unwrap();
    let index = ChunkedIndex::open(&pack.manifest).unwrap();
    assert!(
        index
            .add_chunk(0, b"<html>not found</html>".to_vec())
            .is_err()
    );
    assert!(index.add_chunk(pack.chunks.len(), vec![0; 512]).is_err());
    assert!(index.add_chunk(0, pack.chunks[0].clone()).is_ok());
}

#[test]
fn a_bare_dash_or_a_word_too_long_to_index_finds_nothing() {
    for lang in Lang::ALL {
        let e = engine(lang);
        for text in [
            "-",
            " - ",
            "+",
            "\"\"",
            &"a".repeat(40),
            &"migration".repeat(6),
        ] {
            let r = search(&e, text);
            assert_eq!(r.total, 0, "{lang:?} {text:?} found {:?}", urls(&r));
        }
        // Empty text still lists everything, and exclusions alone everything else.
        assert_eq!(search(&e, "").total, corpus(lang).len());
        let r = search(&e, "-zzzz");
        assert_eq!(r.total, corpus(lang).len());
    }
}

#[test]
fn the_subject_filter_keeps_laws_of_that_subject_with_exact_counts() {
    for lang in Lang::ALL {
        let e = engine(lang);
        let laws = corpus(lang).iter().filter(|d| d.kind == Kind::Law).count();
        let r = e.search(&Query {
            subjects: vec!["entry-and-stay".into()],
            ..Query::default()
        });
        assert_eq!(r.total, laws, "{lang:?}");
        assert!(r.hits.iter().all(|h| h.kind == Kind::Law));
        // The subject facet ignores its own filter, the others apply it.
        let facet = |r: &SearchResults| {
            r.facets
                .subjects
                .iter()
                .map(|f| (f.value.clone(), f.count))
                .collect::<Vec<_>>()
        };
        assert_eq!(facet(&r), vec![("entry-and-stay".to_string(), laws)]);
        assert_eq!(r.facets.kinds.len(), 1, "{lang:?}: {:?}", r.facets.kinds);
        let none = e.search(&Query {
            subjects: vec!["no-such-subject".into()],
            ..Query::default()
        });
        assert_eq!(none.total, 0);
        assert_eq!(facet(&none), vec![("entry-and-stay".to_string(), laws)]);
    }
}

#[test]
fn a_word_being_typed_is_completed_below_whole_words() {
    let doc = |url: &str, title: &str, body: &str| crate::Document {
        url: url.into(),
        title: title.into(),
        body: body.into(),
        kind: Kind::Page,
        country: None,
        region: None,
        year: None,
        subjects: Vec::new(),
    };
    let docs = vec![
        doc("/en/a/", "Portable rules", "Rules on portable devices."),
        doc("/en/b/", "Port rules", "Rules of the port authority."),
        doc("/en/c/", "Other", "Nothing related."),
    ];
    let e = Engine::open_pack(&build_pack(Lang::En, &docs).unwrap()).unwrap();
    // Typing "port": the whole word first, then the page it begins a word of.
    assert_eq!(urls(&search(&e, "port")), vec!["/en/b/", "/en/a/"]);
    // "portab" is no word, but begins one.
    assert_eq!(urls(&search(&e, "rules portab")), vec!["/en/a/", "/en/b/"]);
    // Once a space follows, the word is whole: no completion.
    assert_eq!(urls(&search(&e, "port ")), vec!["/en/b/"]);
    assert_eq!(urls(&search(&e, "auth")), vec!["/en/b/"]);
    assert_eq!(search(&e, "auth ").total, 0);
    // In each language of the fixture, the beginning of a country name finds its law.
    for (lang, text, url) in [
        (Lang::Es, "argen", "/es/legislation/ar/ley-25871/"),
        (Lang::Fr, "argen", "/fr/legislation/ar/ley-25871/"),
        (Lang::En, "argen", "/en/legislation/ar/ley-25871/"),
        (Lang::Pt, "argen", "/pt/legislation/ar/ley-25871/"),
    ] {
        assert_eq!(first(&engine(lang), text), url, "{lang:?} {text:?}");
    }
}

#[test]
fn a_law_of_several_subjects_is_found_and_counted_under_each() {
    let law = |url: &str, subjects: &[&str]| crate::Document {
        url: url.into(),
        title: "Ley".into(),
        body: "Ley de migración.".into(),
        kind: Kind::Law,
        country: Some("ar".into()),
        region: None,
        year: Some(2004),
        subjects: subjects.iter().map(|s| s.to_string()).collect(),
    };
    let docs = vec![
        // Out of order, repeated and in capitals: the same set as /es/b/'s.
        law("/es/a/", &["refugees-and-asylum", "Children", "children"]),
        law("/es/b/", &["children", "refugees-and-asylum"]),
        law("/es/c/", &["children"]),
        law("/es/d/", &[]),
    ];
    let e = Engine::open_pack(&build_pack(Lang::Es, &docs).unwrap()).unwrap();
    let with = |subjects: &[&str]| {
        let r = e.search(&Query {
            subjects: subjects.iter().map(|s| s.to_string()).collect(),
            ..Query::default()
        });
        let counts: Vec<(String, usize)> = r
            .facets
            .subjects
            .iter()
            .map(|f| (f.value.clone(), f.count))
            .collect();
        let found: Vec<String> = urls(&r).into_iter().map(String::from).collect();
        (found, counts)
    };
    let counts = vec![
        ("children".to_string(), 3),
        ("refugees-and-asylum".to_string(), 2),
    ];
    assert_eq!(with(&[]).0, ["/es/a/", "/es/b/", "/es/c/", "/es/d/"]);
    assert_eq!(with(&[]).1, counts);
    // The subject facet ignores the subject filter.
    assert_eq!(
        with(&["refugees-and-asylum"]),
        (vec!["/es/a/".into(), "/es/b/".into()], counts)
    );
    assert_eq!(with(&["children"]).0, ["/es/a/", "/es/b/", "/es/c/"]);
    // An empty subject is refused, with the page it is on.
    let bad = build_pack(Lang::Es, &[law("/es/e/", &["children", ""])]).unwrap_err();
    assert!(
        matches!(&bad, SearchError::InvalidDocument { url, .. } if url == "/es/e/"),
        "{bad}"
    );
}

#[test]
fn two_documents_with_one_url_are_refused_with_that_url() {
    let law = |title: &str| crate::Document {
        url: "/es/legislacion/ar/ley-25871/".into(),
        title: title.into(),
        body: "migración".into(),
        kind: Kind::Law,
        country: Some("ar".into()),
        region: None,
        year: Some(2004),
        subjects: vec![],
    };
    let err = build_pack(Lang::Es, &[law("Ley 25.871"), law("Ley de Migraciones")]).unwrap_err();
    assert!(
        matches!(&err, SearchError::InvalidDocument { url, reason }
            if url == "/es/legislacion/ar/ley-25871/" && reason.contains("two documents")),
        "{err}"
    );
}

#[test]
fn an_index_error_names_tantivys_cause_only_with_causes() {
    let err = SearchError::from(tantivy::TantivyError::InvalidArgument(
        "no such field".into(),
    ));
    assert_eq!(err.to_string(), "search index error");
    let reported = err.with_causes();
    assert!(reported.starts_with("search index error: "), "{reported}");
    assert!(reported.contains("no such field"), "{reported}");
}
