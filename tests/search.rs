//! Search relevance over the real content, in every language, through `portal search`, which
//! runs the same query code as the browser engine.

mod support;

use serde_json::Value;
use support::*;

fn search(lang: &str, args: &[&str]) -> Vec<Value> {
    let site = shared_site().to_str().unwrap().to_owned();
    let mut all = vec!["search", "--site", &site, "--lang", lang, "--json"];
    all.extend_from_slice(args);
    let output = portal(&repo(), &all);
    assert!(
        output.status.success(),
        "portal search {args:?}: {}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).expect("a JSON array")
}

fn urls(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|hit| hit["url"].as_str().unwrap().to_owned())
        .collect()
}

/// `expected` is among the first three results.
fn top3(lang: &str, args: &[&str], expected: &str) {
    let hits = search(lang, args);
    let expected = format!("/{lang}/{expected}");
    let found = urls(&hits);
    assert!(
        found.iter().take(3).any(|url| *url == expected),
        "{lang} {args:?}: {expected} not in the top 3 of {found:?}"
    );
}

#[test]
fn law_numbers_find_their_law_first() {
    for lang in LANGS {
        assert_eq!(
            urls(&search(lang, &["25.871"]))[0],
            format!("/{lang}/legislation/ar/ley-25871/")
        );
        assert_eq!(
            urls(&search(lang, &["208-2003"]))[0],
            format!("/{lang}/legislation/hn/decreto-208-2003/")
        );
        assert_eq!(
            urls(&search(lang, &["13445"]))[0],
            format!("/{lang}/legislation/br/lei-13445/")
        );
    }
}

#[test]
fn accents_are_ignored() {
    for lang in LANGS {
        top3(
            lang,
            &["codigo", "de", "migracion"],
            "legislation/gt/decreto-44-2016/",
        );
    }
    top3("fr", &["bresil"], "legislation/br/");
    top3(
        "pt",
        &["colombia", "politica", "migratoria"],
        "legislation/co/ley-2136/",
    );
}

#[test]
fn word_forms_are_stemmed() {
    // The singular finds a page titled with the plural first.
    for (lang, query, plural) in [
        ("fr", ["travailleur", "migrant"], "travailleurs migrants"),
        ("en", ["migrant", "worker"], "migrant workers"),
        (
            "es",
            ["trabajador", "migratorio"],
            "trabajadores migratorios",
        ),
        ("pt", ["trabalhador", "migrante"], "trabalhadores migrantes"),
    ] {
        let hits = search(lang, &query);
        let first = hits[0]["title"].as_str().unwrap().to_lowercase();
        assert!(
            first.contains(plural),
            "{lang} {query:?}: the first result is not titled with “{plural}”: {first}"
        );
        top10(lang, &query, "resolutions/ag-res-1480-xxvii-o-97/");
    }
}

/// `expected` is among the first ten results.
fn top10(lang: &str, args: &[&str], expected: &str) {
    let expected = format!("/{lang}/{expected}");
    let found = urls(&search(lang, args));
    assert!(
        found.iter().take(10).any(|url| *url == expected),
        "{lang} {args:?}: {expected} not in the top 10 of {found:?}"
    );
}

#[test]
fn typos_are_tolerated_below_exact_matches() {
    for lang in LANGS {
        top3(lang, &["argentna"], "legislation/ar/");
    }
    // Neither word is written in the law's record: only typo tolerance can find it.
    let law = "legislation/jm/immigration-restriction-act/";
    let record = read(repo().join("content/legislation/jm/immigration-restriction-act.yaml"));
    let typos = ["commonwelth", "restricton"];
    assert!(
        typos
            .iter()
            .all(|typo| !record.to_lowercase().contains(typo))
    );
    assert_eq!(urls(&search("en", &typos))[0], format!("/en/{law}"));
}

#[test]
fn phrases_match_exactly() {
    for lang in LANGS {
        // The Act itself first; the comparison page names it too, and nothing else does.
        let hits = search(lang, &["\"Immigration and Refugee Protection Act\""]);
        assert_eq!(
            urls(&hits),
            [
                format!("/{lang}/legislation/ca/immigration-and-refugee-protection-act/"),
                format!("/{lang}/legislation/compare/"),
            ]
        );
    }
}

#[test]
fn filters_by_country_kind_and_year() {
    for lang in LANGS {
        let hits = search(lang, &["--country", "gy", "immigration"]);
        assert!(!hits.is_empty());
        assert!(
            hits.iter().all(|h| h["country"] == "gy"),
            "{lang}: {hits:?}"
        );

        let hits = search(lang, &["--kind", "summit", "quebec"]);
        assert_eq!(urls(&hits)[0], format!("/{lang}/summits/quebec-2001/"));
        assert!(hits.iter().all(|h| h["kind"] == "summit"));

        let hits = search(
            lang,
            &[
                "--kind",
                "resolution",
                "--from",
                "2005",
                "--to",
                "2006",
                "2141",
            ],
        );
        assert!(
            hits.iter()
                .all(|h| (2005..=2006).contains(&h["year"].as_u64().unwrap())),
            "{hits:?}"
        );
        assert_eq!(
            urls(&hits)[0],
            format!("/{lang}/resolutions/ag-res-2141-xxxv-o-05/")
        );
    }
}

#[test]
fn exclusions_remove_results() {
    for lang in LANGS {
        let all = urls(&search(lang, &["--limit", "50", "guyana"]));
        let aliens = format!("/{lang}/legislation/gy/aliens-act-cap-14-03/");
        assert!(all.contains(&aliens), "{all:?}");
        assert!(!urls(&search(lang, &["--limit", "50", "guyana", "-aliens"])).contains(&aliens));
    }
}

#[test]
fn results_carry_a_plain_text_snippet_with_highlights() {
    let hits = search("es", &["arraigo"]);
    let snippet = hits[0]["snippet"].as_array().unwrap();
    assert!(snippet.iter().any(|part| {
        part["highlight"] == true
            && part["text"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("arraigo")
    }));
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0);
}

#[test]
fn a_word_being_typed_finds_what_it_begins() {
    for lang in LANGS {
        // "Argen…" as the visitor types "Argentina" / "Argentine".
        assert_eq!(
            urls(&search(lang, &["argen"]))[0],
            format!("/{lang}/legislation/ar/")
        );
        top10(lang, &["argen"], "legislation/ar/ley-25871/");
        // "Bras…" / "Bré…": Brazil's migration law.
        top3(lang, &["lei", "1344"], "legislation/br/lei-13445/");
    }
}

#[test]
fn the_name_a_law_is_known_by_finds_it() {
    for lang in LANGS {
        // Brazil's Lei 13.445 is the "Lei de Migração", a name its original title lacks.
        top3(
            lang,
            &["lei", "de", "migração"],
            "legislation/br/lei-13445/",
        );
    }
}

#[test]
fn the_record_id_shown_on_a_law_page_finds_it_first() {
    for lang in LANGS {
        for (id, law) in [
            ("ARG-2003-L-25871", "legislation/ar/ley-25871/"),
            ("BRA-2017-L-13445", "legislation/br/lei-13445/"),
            ("HND-2003-L-208-2003", "legislation/hn/decreto-208-2003/"),
        ] {
            assert_eq!(
                urls(&search(lang, &[id]))[0],
                format!("/{lang}/{law}"),
                "{lang} {id}"
            );
        }
    }
}

/// `{iso2}/{slug}` of the law records whose `subjects` list `subject`, read from the files.
fn laws_with_subject(subject: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for country in std::fs::read_dir(repo().join("content/legislation")).unwrap() {
        let country = country.unwrap().path();
        if !country.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&country).unwrap() {
            let file = file.unwrap().path();
            let record: serde_yaml::Value = serde_yaml::from_str(&read(&file)).unwrap();
            let listed = record["subjects"]
                .as_sequence()
                .is_some_and(|subjects| subjects.iter().any(|s| s.as_str() == Some(subject)));
            if listed {
                let iso2 = country.file_name().unwrap().to_str().unwrap();
                let slug = file.file_stem().unwrap().to_str().unwrap();
                keys.push(format!("{iso2}/{slug}"));
            }
        }
    }
    assert!(keys.len() > 5, "{subject}: {keys:?}");
    keys
}

#[test]
fn the_subject_filter_keeps_only_laws_of_that_subject() {
    for lang in LANGS {
        // An exclusion alone lists everything else: here, every law of the subject.
        let every =
            |subject: &str| search(lang, &["--limit", "100", "--subject", subject, "-zzzz"]);
        let entry = every("entry-and-stay");
        assert!(entry.len() > 30, "{lang}: {}", entry.len());
        assert!(
            entry.iter().all(|h| h["kind"] == "law"),
            "{lang}: {entry:?}"
        );
        let mut found = urls(&every("refugees-and-asylum"));
        found.sort();
        let mut expected: Vec<String> = laws_with_subject("refugees-and-asylum")
            .iter()
            .map(|key| format!("/{lang}/legislation/{key}/"))
            .collect();
        expected.sort();
        assert_eq!(found, expected, "{lang}");
    }
}
