//! The bundled content as the public meets it: every state, law, Summit and organ in the four
//! languages, with the figures of the Program's work plan.

mod support;

use support::*;

fn page(path: &str) -> String {
    read(shared_site().join(path).join("index.html"))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn content() -> portal_model::Content {
    portal_model::load(&repo())
        .expect("the bundled content loads")
        .0
}

#[test]
fn every_member_state_has_a_page_in_the_four_languages() {
    let content = content();
    assert_eq!(content.countries.len(), 35);
    for country in &content.countries {
        for lang in LANGS {
            let html = page(&format!("{lang}/legislation/{}", country.iso2));
            let name = country
                .name
                .get(
                    portal_model::Lang::from_code(lang).unwrap(),
                    portal_model::Lang::Fr,
                )
                .text;
            assert!(
                html.contains(&format!("<h1>{}</h1>", escape(name))),
                "{lang}/{}: no <h1>{name}</h1>",
                country.iso2
            );
        }
    }
}

#[test]
fn every_law_page_carries_its_original_title_with_its_language() {
    let content = content();
    assert!(content.laws.len() >= 30, "only {} laws", content.laws.len());
    for law in &content.laws {
        for lang in LANGS {
            let html = page(&format!("{lang}/legislation/{}/{}", law.country, law.slug));
            let heading = format!(
                "<h1><span lang=\"{}\">{}</span></h1>",
                law.original_language.code(),
                escape(&law.original_title)
            );
            assert!(
                html.contains(&heading),
                "{lang}/{}: no {heading}",
                law.key()
            );
            assert!(
                html.contains("<script type=\"application/ld+json\">"),
                "{}: no JSON-LD",
                law.key()
            );
            assert!(
                html.contains("\"@type\":\"Legislation\""),
                "{}: JSON-LD is not Legislation",
                law.key()
            );
        }
    }
}

#[test]
fn translated_law_titles_are_marked_unofficial() {
    let html = page("en/legislation/ar/ley-25871");
    assert!(
        html.contains("<p class=\"translated-title\">Unofficial translation: "),
        "{html}"
    );
    let html = page("en/legislation/ca/immigration-and-refugee-protection-act");
    assert!(
        !html.contains("translated-title"),
        "an English law needs no translation on the English page"
    );
}

#[test]
fn country_pages_name_their_principal_law() {
    assert!(page("es/legislation/ar").contains("Ley 25.871"));
    assert!(page("pt/legislation/br").contains("Lei 13.445"));
    assert!(page("en/legislation/ca").contains("Immigration and Refugee Protection Act"));
}

#[test]
fn states_without_a_confirmed_law_say_so_and_the_notes_are_shown() {
    for iso2 in ["dm", "ht"] {
        assert!(
            page(&format!("en/legislation/{iso2}")).contains("class=\"no-law\""),
            "{iso2}"
        );
    }
    assert!(
        page("en/legislation/ni").contains("2021"),
        "the note on Nicaragua's denunciation"
    );
    assert!(
        page("fr/legislation/cu").contains("1962"),
        "the note on Cuba"
    );
}

#[test]
fn the_legislation_page_groups_states_by_region_with_their_number_of_laws() {
    let html = page("en/legislation");
    for region in [
        "North America",
        "Central America",
        "Caribbean",
        "South America",
    ] {
        assert!(html.contains(&format!(">{region}</h2>")), "{region}");
    }
    assert!(html.contains(
        "<a href=\"/en/legislation/gy/\">Guyana</a> <span class=\"count\">2 laws</span>"
    ));
}

#[test]
fn mandated_activities_match_the_work_plan() {
    let count = |html: &str| -> Vec<usize> {
        html.split("<ol class=\"mandated\">")
            .skip(1)
            .map(|list| list[..list.find("</ol>").unwrap()].matches("<li>").count())
            .collect()
    };
    for lang in LANGS {
        for (organ, expected) in [
            ("iachr", vec![4]),
            ("cim", vec![5]),
            ("iin", vec![2]),
            ("sedi", vec![4, 3]),
            ("summits", vec![2]),
            ("political-affairs", vec![7]),
        ] {
            assert_eq!(
                count(&page(&format!("{lang}/activities/{organ}"))),
                expected,
                "{lang}/{organ}"
            );
        }
    }
}

#[test]
fn the_activities_page_lists_dated_entries_by_year() {
    let html = page("fr/activities");
    assert!(html.contains("<h3 id=\"year-2006\">2006</h3>"));
    assert!(html.contains("data-organ=\"iachr\""));
    let position = |year: &str| html.find(&format!("id=\"year-{year}\"")).unwrap();
    assert!(
        position("2007") < position("2006"),
        "most recent year first"
    );
}

#[test]
fn the_trafficking_meeting_has_three_agenda_days_in_every_language() {
    for lang in LANGS {
        let html = page(&format!("{lang}/events/oas-iom-trafficking-2005"));
        assert_eq!(
            html.matches("<section class=\"agenda-day\"").count(),
            3,
            "{lang}"
        );
    }
}

#[test]
fn summits_and_resolutions_have_their_pages_and_timeline() {
    let slugs = [
        "miami-1994",
        "santa-cruz-1996",
        "santiago-1998",
        "quebec-2001",
        "monterrey-2004",
        "mar-del-plata-2005",
        "port-of-spain-2009",
        "cartagena-2012",
        "panama-2015",
        "lima-2018",
        "los-angeles-2022",
    ];
    for lang in LANGS {
        for slug in slugs {
            assert!(
                shared_site()
                    .join(format!("{lang}/summits/{slug}/index.html"))
                    .is_file(),
                "{lang}/{slug}"
            );
        }
        let timeline = page(&format!("{lang}/timeline"));
        assert!(timeline.contains(&format!("/{lang}/resolutions/ag-res-2141-xxxv-o-05/")));
        assert!(timeline.contains(&format!("/{lang}/summits/quebec-2001/")));
    }
    let resolution = page("en/resolutions/ag-res-2141-xxxv-o-05");
    assert!(resolution.contains("<time datetime=\"2005-06-07\">June 7, 2005</time>"));
    assert!(page("es/resolutions/ag-res-2141-xxxv-o-05").contains("7 de junio de 2005"));
}

#[test]
fn the_compilation_is_published_as_open_data_in_every_language() {
    let laws = content().laws.len();
    for lang in LANGS {
        let json = read(shared_site().join(format!("{lang}/legislation/legislation.json")));
        let records: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        assert_eq!(records.len(), laws);
        let ar = records
            .iter()
            .find(|r| r["id"].as_str().unwrap().contains("25871"))
            .unwrap();
        assert_eq!(ar["country"], "ar");
        assert!(
            ar["url"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/{lang}/legislation/ar/ley-25871/"))
        );
        let csv = read(shared_site().join(format!("{lang}/legislation/legislation.csv")));
        assert!(csv.starts_with("id,country,country_name,original_title"));
        assert_eq!(csv.lines().count(), laws + 1);
    }
}
