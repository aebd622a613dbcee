//! The programme's own record: every dated meeting of the seeds has its page, its place on the
//! timeline and in the calendars, and the objectives are quoted as the work plan writes them.

mod support;

use std::collections::BTreeSet;

use portal_model::records::EventRecord;
use support::*;

/// The meetings the work plan and the trafficking draft date, named by the issue that asked
/// for them: (slug, ISO date as the seed gives it, organ page it links to).
const NAMED: [(&str, &str, &str); 14] = [
    (
        "cajp-special-meeting-2006-03-16",
        "2006-03-16",
        "international-law",
    ),
    (
        "education-democratic-values-advisory-council-bogota-2006",
        "2006-04-17",
        "sedi",
    ),
    (
        "rial-occupational-safety-workshop-san-salvador-2006",
        "2006-05-16",
        "sedi",
    ),
    ("civic-education-seminar-mexico-2006", "2006-07-04", "sedi"),
    ("ngo-forum-childhood-montevideo-2006", "2006-10-03", "iin"),
    (
        "rial-labour-mediation-seminar-morelos-2006",
        "2006-11-07",
        "sedi",
    ),
    ("migrant-workers-workshop-ottawa-2006", "2006-11-28", "sedi"),
    ("iachr-123rd-session-2005", "2005-10", "iachr"),
    ("iachr-special-session-guatemala-2006", "2006-07", "iachr"),
    ("cim-assembly-of-delegates-2006", "2006-11", "cim"),
    (
        "joint-summit-working-group-2006-11-29",
        "2006-11-29",
        "summits",
    ),
    ("rial-social-protection-workshop-2007", "2007-03", "sedi"),
    ("fifteenth-iacml-2007", "2007-09", "sedi"),
    ("santiago-hemispheric-conference-2002", "2002", "iachr"),
];

fn events() -> Vec<(portal_model::Slug, EventRecord)> {
    let (content, _) = portal_model::load(&repo()).expect("the real content loads");
    content
        .events
        .into_iter()
        .map(|event| (event.slug, event.record))
        .collect()
}

#[test]
fn each_named_meeting_has_a_page_in_four_languages_that_links_its_organ() {
    let site = shared_site();
    let events = events();
    for (slug, date, organ) in NAMED {
        let record = events
            .iter()
            .find(|(s, _)| s == slug)
            .map(|(_, r)| r)
            .unwrap_or_else(|| panic!("no event `{slug}`"));
        assert_eq!(
            record.date.map(|d| d.to_string()).as_deref(),
            Some(date),
            "{slug}"
        );
        for lang in LANGS {
            let html = read(site.join(format!("{lang}/events/{slug}/index.html")));
            let link = format!("href=\"/{lang}/activities/{organ}/\"");
            assert!(
                html.contains(&link),
                "{lang}/{slug}: no link to its organ {organ}"
            );
            assert!(
                html.contains(&format!("<time datetime=\"{date}\">")),
                "{lang}/{slug}"
            );
        }
    }
}

#[test]
fn every_meeting_with_a_date_is_on_each_timeline_in_date_order() {
    let site = shared_site();
    let mut dated: Vec<(portal_model::PartialDate, portal_model::Slug)> = events()
        .into_iter()
        .filter_map(|(slug, record)| record.date.map(|date| (date, slug)))
        .collect();
    dated.sort();
    assert!(dated.len() >= NAMED.len());
    for lang in LANGS {
        let html = read(site.join(format!("{lang}/timeline/index.html")));
        let mut previous = 0;
        for (date, slug) in &dated {
            let link = format!("<a href=\"/{lang}/events/{slug}/\">");
            let at = html
                .find(&link)
                .unwrap_or_else(|| panic!("{lang}: {slug} is not on the timeline"));
            assert!(
                at > previous,
                "{lang}: {slug} ({date}) is out of date order"
            );
            previous = at;
        }
    }
}

#[test]
fn filtered_timelines_work_without_javascript() {
    let site = shared_site();
    let html = read(site.join("en/timeline/organ/iin/index.html"));
    let shown = |class: &str| {
        html.split("<li class=\"")
            .skip(1)
            .filter(|item| item.starts_with(class))
            .map(|item| !item[..item.find('>').unwrap()].contains(" hidden"))
            .collect::<Vec<_>>()
    };
    assert!(
        shown("timeline-summit").iter().all(|s| !s),
        "a Summit shows on the IIN filter"
    );
    let events = shown("timeline-event");
    assert_eq!(
        events.iter().filter(|s| **s).count(),
        3,
        "the IIN's three meetings"
    );
    let kinds = read(site.join("es/timeline/resolution/index.html"));
    assert!(kinds.contains("aria-current=\"page\">Resoluciones</a>"));
    assert!(kinds.contains("href=\"/es/timeline/organ/sedi/\""));
}

#[test]
fn the_calendars_parse_and_hold_one_event_per_meeting_dated_to_the_month() {
    let site = shared_site();
    let expected: BTreeSet<String> = events()
        .into_iter()
        .filter(|(_, r)| r.date.is_some_and(|d| d.month().is_some()))
        .map(|(slug, _)| format!("https://migrants.example.org/fr/events/{slug}/"))
        .collect();
    assert!(expected.len() >= 13);
    for lang in LANGS {
        let text = read(site.join(format!("{lang}/events/events.ics")));
        for line in text.split("\r\n") {
            assert!(
                line.len() <= 75,
                "{lang}: an unfolded line of {} octets",
                line.len()
            );
        }
        let calendar: icalendar::Calendar = text.parse().unwrap_or_else(|e| panic!("{lang}: {e}"));
        let mut uids = BTreeSet::new();
        for component in &calendar.components {
            let icalendar::CalendarComponent::Event(event) = component else {
                continue;
            };
            use icalendar::Component;
            assert!(
                event.property_value("DTSTAMP").is_some(),
                "{lang}: no DTSTAMP"
            );
            assert!(event.get_start().is_some() && event.get_end().is_some());
            assert!(event.get_summary().is_some_and(|s| !s.is_empty()));
            assert!(
                uids.insert(event.get_uid().unwrap().to_owned()),
                "{lang}: a UID twice"
            );
        }
        assert_eq!(
            uids, expected,
            "{lang}: one event per meeting dated to the month"
        );
    }
}

/// The objectives as the work plan writes them (`../shared/seeds/000_4fab935f3334c5ea.txt`,
/// lines 37 and 39), copied here so that the test needs nothing outside the repository.
const WORK_PLAN_OBJECTIVES: [&str; 2] = [
    "L’objectif principal du Programme est d’encourager l’élaboration de politiques d’intérêt national, de lois et de pratiques optimales visant la protection des droits humains des migrants.  Le Programme encourage également des actions de coopération et l’adoption de pratiques optimales par le biais d’actions concrètes dans les travaux des organes, organismes et entités de l’OEA et par la mise en relation de ces activités avec les avancées réalisées dans les États membres, les organisations multilatérales et les organisations de la société civile.",
    "Le Programme établit également une série d’objectifs précis pour la protection des droits humains des migrants. Ces objectifs vont de l’échange des meilleures pratiques et de la coopération entre les pays d’origine, de transit et d’accueil jusqu’aux actions menées en réponse aux attentes particulières des groupes vulnérables de migrants comme les enfants, les femmes, les populations autochtones, etc.).",
];

#[test]
fn the_objectives_page_quotes_the_work_plan_in_french() {
    let html = read(shared_site().join("fr/programme/objectives-and-structure/index.html"))
        .replace("&#39;", "'");
    for quote in WORK_PLAN_OBJECTIVES {
        assert!(
            html.contains(quote),
            "the French page does not quote: {quote}"
        );
    }
    let en = read(shared_site().join("en/programme/objectives-and-structure/index.html"));
    assert!(en.contains("Unofficial translation of the work plan's French text"));
}
