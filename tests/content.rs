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
fn a_law_page_gives_the_name_the_law_is_known_by_in_its_language() {
    for (lang, label) in [
        ("fr", "Nom usuel"),
        ("en", "Known as"),
        ("es", "Conocida como"),
        ("pt", "Conhecida como"),
    ] {
        let html = page(&format!("{lang}/legislation/br/lei-13445"));
        let shown = format!("<dt>{label}</dt><dd><span lang=\"pt\">Lei de Migração</span></dd>");
        assert!(html.contains(&shown), "{lang}: no {shown}");
    }
}

#[test]
fn country_pages_name_their_principal_law() {
    assert!(page("es/legislation/ar").contains("Ley 25.871"));
    assert!(page("pt/legislation/br").contains("Lei 13.445"));
    assert!(page("en/legislation/ca").contains("Immigration and Refugee Protection Act"));
}

#[test]
fn states_without_a_confirmed_migration_law_say_so_and_the_notes_are_shown() {
    let content = content();
    let mut without = 0;
    for country in &content.countries {
        let has_migration_law = content
            .laws_of(&country.iso2)
            .any(|law| law.subjects.iter().any(|s| s.slug() == "entry-and-stay"));
        without += usize::from(!has_migration_law);
        assert_eq!(
            page(&format!("en/legislation/{}", country.iso2)).contains("class=\"no-law\""),
            !has_migration_law,
            "{}",
            country.iso2
        );
    }
    assert!(
        without >= 2,
        "Dominica and Haiti have no confirmed migration law"
    );
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
    let guyana = content().laws_of(&"gy".parse().unwrap()).count();
    assert!(guyana >= 2);
    assert!(html.contains(&format!(
        "<a href=\"/en/legislation/gy/\">Guyana</a> <span class=\"count\">{guyana} laws</span>"
    )));
}

#[test]
fn mandated_activities_match_the_work_plan() {
    let count = |html: &str| -> Vec<usize> {
        html.split("<ol class=\"mandated\">")
            .skip(1)
            .map(|list| list[..list.find("</ol>").unwrap()].matches("<li").count())
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
fn the_compilation_is_published_as_typed_open_data_in_every_language() {
    let laws = content().laws.len();
    for lang in LANGS {
        let json = read(shared_site().join(format!("{lang}/legislation/legislation.json")));
        let records: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        assert_eq!(records.len(), laws);
        let ar = records.iter().find(|r| r["key"] == "ar/ley-25871").unwrap();
        assert_eq!(ar["country"], "ar");
        assert_eq!(ar["adopted"], "2003-12-17");
        assert!(
            ar["published"].is_null(),
            "an unknown date is null, not \"\""
        );
        assert!(
            ar["subjects"]
                .as_array()
                .unwrap()
                .contains(&"entry-and-stay".into())
        );
        assert!(
            ar["sources"][0]["url"]
                .as_str()
                .unwrap()
                .starts_with("http")
        );
        assert!(ar["relations"].as_array().is_some_and(|r| !r.is_empty()));
        assert!(
            ar["url"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/{lang}/legislation/ar/ley-25871/"))
        );
        let csv = read(shared_site().join(format!("{lang}/legislation/legislation.csv")));
        assert!(csv.starts_with("id,key,country,country_name,region,original_title"));
        assert_eq!(csv.lines().count(), laws + 1);
        let ar_row = csv
            .lines()
            .find(|line| line.contains(",ar/ley-25871,"))
            .unwrap();
        assert!(ar_row.contains(";"), "lists joined with `;`: {ar_row}");
    }
}

/// The `<tr class="compare-row">` rows of a comparison page, each with the links of its cells.
fn compare_rows(html: &str) -> Vec<Vec<String>> {
    html.split("<tr class=\"compare-row\">")
        .skip(1)
        .map(|row| {
            let row = &row[..row.find("</tr>").unwrap()];
            row.split("href=\"")
                .skip(1)
                .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn the_comparison_page_has_every_state_by_region_with_cells_linking_to_existing_pages() {
    let content = content();
    for lang in LANGS {
        let html = page(&format!("{lang}/legislation/compare"));
        let rows = compare_rows(&html);
        assert_eq!(rows.len(), 35, "{lang}: one row per member state");
        assert_eq!(
            html.matches("<tbody class=\"compare-region\"").count(),
            4,
            "{lang}"
        );
        for links in &rows {
            assert!(links.len() > content.treaties.len(), "{lang}: {links:?}");
            for link in links {
                let path = link.split('#').next().unwrap().trim_start_matches('/');
                assert!(
                    shared_site().join(path).join("index.html").is_file(),
                    "{lang}: the cell link {link} leads nowhere"
                );
            }
        }
        for law in content.laws.iter().filter(|law| {
            law.subjects.iter().any(|s| {
                matches!(
                    s.slug(),
                    "entry-and-stay" | "refugees-and-asylum" | "trafficking-in-persons"
                )
            })
        }) {
            let link = format!("href=\"/{lang}/legislation/{}/\"", law.key());
            assert!(
                html.contains(&link),
                "{lang}: {} is not compared",
                law.key()
            );
        }
        assert!(
            html.contains("class=\"confidence confidence-"),
            "{lang}: cells show confidence"
        );
    }
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&read(shared_site().join("en/legislation/compare.json"))).unwrap();
    assert_eq!(rows.len(), 35);
    let csv = read(shared_site().join("en/legislation/compare.csv"));
    assert_eq!(csv.lines().count(), 36);
    let sitemap = read(shared_site().join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://migrants.example.org/pt/legislation/compare/</loc>"));
}

#[test]
fn each_subject_has_a_page_with_its_count_and_the_legislation_page_links_them() {
    let content = content();
    let html = page("en/legislation");
    let entry = content
        .laws
        .iter()
        .filter(|law| law.subjects.iter().any(|s| s.slug() == "entry-and-stay"))
        .count();
    assert!(
        html.contains(&format!(
            "<a href=\"/en/legislation/subjects/entry-and-stay/\">entry and stay</a> <span class=\"count\">({entry})</span>"
        )),
        "the legislation page counts each subject"
    );
    assert!(html.contains("href=\"/en/legislation/compare/\""));
    for lang in LANGS {
        let subject = page(&format!("{lang}/legislation/subjects/entry-and-stay"));
        assert_eq!(
            subject.matches("<li class=\"law-item\">").count(),
            entry,
            "{lang}"
        );
    }
}

#[test]
fn each_state_lists_its_instruments_by_subject() {
    let content = content();
    for country in &content.countries {
        let html = page(&format!("en/legislation/{}", country.iso2));
        for law in content.laws_of(&country.iso2) {
            for subject in &law.subjects {
                let section = html
                    .split(&format!("<h3 id=\"subject-{}\">", subject.slug()))
                    .nth(1)
                    .unwrap_or_else(|| panic!("{}: no {} section", country.iso2, subject.slug()));
                let section = &section[..section.find("</section>").unwrap()];
                assert!(
                    section.contains(&format!("href=\"/en/legislation/{}/\"", law.key())),
                    "{}: {} is not listed under {}",
                    country.iso2,
                    law.key(),
                    subject.slug()
                );
            }
        }
    }
}

#[test]
fn a_status_is_shown_as_in_force_only_with_its_source() {
    let content = content();
    for law in &content.laws {
        let html = page(&format!("en/legislation/{}", law.key()));
        match &law.status_source {
            Some(source) => assert!(
                html.contains(&format!("according to <a href=\"{}\"", escape(&source.url))),
                "{}: the status is shown without its source",
                law.key()
            ),
            None => {
                assert_eq!(law.status.slug(), "to-be-verified", "{}", law.key());
                assert!(
                    html.contains(">Status not confirmed</span>"),
                    "{}",
                    law.key()
                );
            }
        }
        assert!(html.contains("Facts checked against the listed sources on"));
        if law.id.is_none() {
            assert!(html.contains("No stable identifier yet"), "{}", law.key());
        }
    }
}

#[test]
fn no_record_is_in_force_without_a_source_and_no_id_has_an_unknown_year() {
    for law in &content().laws {
        assert!(
            law.status.slug() == "to-be-verified" || law.status_source.is_some(),
            "{} has a status without its source",
            law.key()
        );
        assert!(
            !law.id.as_deref().unwrap_or_default().contains("-0000-"),
            "{}",
            law.key()
        );
    }
}

#[test]
fn the_state_pages_name_the_trafficking_laws_and_treaty_participation_of_the_facts() {
    let ar = page("es/legislation/ar");
    assert!(ar.contains("26.364"), "Ley 26.364 on the Argentina page");
    assert!(ar.contains("26.165"), "Ley 26.165 on the Argentina page");
    let ag = page("en/legislation/ag");
    assert!(
        ag.contains("Trafficking in Persons (Prevention) Act"),
        "the Antigua and Barbuda trafficking act"
    );
    let palermo = ag
        .split("id=\"treaty-palermo-protocol\"")
        .nth(1)
        .expect("the Palermo Protocol on the Antigua and Barbuda page");
    let palermo = &palermo[..palermo.find("</li>").unwrap()];
    assert!(palermo.contains(">Ratification</span>"), "{palermo}");
    assert!(
        palermo.contains("<time datetime=\"2010-02-17\">February 17, 2010</time>"),
        "{palermo}"
    );
}

#[test]
fn no_action_and_not_confirmed_look_different() {
    let content = content();
    let find = |action: &str| {
        content
            .participation
            .iter()
            .find(|p| p.action.slug() == action)
            .map(|p| (p.country.clone(), p.treaty.clone()))
    };
    for (action, label) in [
        ("no-action", "No action (neither signed nor party)"),
        ("not-confirmed", "Not confirmed (no source found)"),
    ] {
        let Some((country, treaty)) = find(action) else {
            panic!("the treaty data has no `{action}` entry to show");
        };
        let html = page(&format!("en/legislation/{country}"));
        let item = html
            .split(&format!("id=\"treaty-{treaty}\""))
            .next()
            .unwrap();
        assert!(
            item.ends_with(&format!(
                "class=\"participation-item participation-{action}\" "
            )),
            "{country}/{treaty}: the item is not marked {action}"
        );
        assert!(html.contains(&format!(
            "<span class=\"action action-{action}\">{label}</span>"
        )));
    }
}
