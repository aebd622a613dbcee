//! The template context of every page.

use std::collections::BTreeMap;

use minijinja::{Value, context};
use portal_model::records::*;
use portal_model::{Lang, Localized, PartialDate};
use serde::Serialize;

use crate::localize::{DateView, Html, Localizer, Text};
use crate::markdown::TocEntry;
use crate::routes::Route;

/// Every template that renders a page by itself; the others are layouts and macros.
pub const PAGE_TEMPLATES: [&str; 17] = [
    "home.html",
    "page.html",
    "summit.html",
    "resolution.html",
    "organ.html",
    "country.html",
    "law.html",
    "event.html",
    "404.html",
    "programme.html",
    "summits.html",
    "resolutions.html",
    "activities.html",
    "legislation.html",
    "events.html",
    "timeline.html",
    "search.html",
];

/// The template a route is rendered with.
pub fn template_of(route: &Route) -> &'static str {
    match route {
        Route::Home => "home.html",
        Route::Section(Section::Programme) => "programme.html",
        Route::Section(Section::Summits) => "summits.html",
        Route::Section(Section::Resolutions) => "resolutions.html",
        Route::Section(Section::Activities) => "activities.html",
        Route::Section(Section::Legislation) => "legislation.html",
        Route::Section(Section::Events) => "events.html",
        Route::Section(Section::Timeline) => "timeline.html",
        Route::Section(Section::Search) => "search.html",
        Route::Programme(_) => "page.html",
        Route::Summit(_) => "summit.html",
        Route::Resolution(_) => "resolution.html",
        Route::Organ(_) => "organ.html",
        Route::Country(_) => "country.html",
        Route::Law { .. } => "law.html",
        Route::Event(_) => "event.html",
        Route::NotFound => "404.html",
    }
}

/// A page to render: which template, with which page-specific context.
pub struct PageContext {
    pub title: String,
    pub description: String,
    pub breadcrumbs: Vec<Crumb>,
    pub updated: Option<PartialDate>,
    pub values: Value,
}

#[derive(Clone, Debug, Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
struct SourceView<'a> {
    url: &'a str,
    title: &'a str,
    official: bool,
}

fn sources(list: &[Source]) -> Vec<SourceView<'_>> {
    list.iter()
        .map(|source| SourceView {
            url: &source.url,
            title: &source.title,
            official: source.official,
        })
        .collect()
}

/// A prose page version resolved for the page language.
#[derive(Serialize)]
struct ProseView {
    html: String,
    toc: Vec<TocEntry>,
    lang: &'static str,
    fallback: bool,
}

impl Localizer<'_> {
    fn prose<'p, M>(&self, page: &'p ProsePage<M>) -> (ProseView, &'p M) {
        let (lang, version) = page.version(self.lang, self.content.source_lang());
        let rendered = self.render(&version.markdown);
        let view = ProseView {
            html: rendered.html,
            toc: rendered.toc,
            lang: lang.code(),
            fallback: lang != self.lang,
        };
        (view, &version.matter)
    }

    fn intro(&self, section: Section) -> (Option<ProseView>, String, String) {
        match self.content.intros.get(&section) {
            Some(page) => {
                let (view, matter) = self.prose(page);
                let description = matter.description.clone().unwrap_or_default();
                (Some(view), matter.title.clone(), description)
            }
            None => (
                None,
                self.s(&format!("section_{}", section.slug())),
                String::new(),
            ),
        }
    }

    fn crumbs(&self, section: Option<Section>) -> Vec<Crumb> {
        let mut crumbs = vec![Crumb {
            title: self.s("home"),
            url: self.link(&Route::Home),
        }];
        if let Some(section) = section {
            crumbs.push(Crumb {
                title: self.s(&format!("section_{}", section.slug())),
                url: self.link(&Route::Section(section)),
            });
        }
        crumbs
    }

    fn country_name(&self, iso2: &str) -> Option<Text> {
        self.content
            .country(iso2)
            .map(|country| self.text(&country.name))
    }
}

#[derive(Serialize)]
struct SummitItem {
    url: String,
    title: Text,
    city: Text,
    country: Option<Text>,
    start: DateView,
    end: Option<DateView>,
    kind: SummitKind,
}

fn summit_item(l: &Localizer, summit: &Summit) -> SummitItem {
    SummitItem {
        url: l.link(&Route::Summit(summit.slug.clone())),
        title: l.text(&summit.title),
        city: l.text(&summit.city),
        country: l.country_name(&summit.country),
        start: l.date(summit.start),
        end: l.date_opt(summit.end),
        kind: summit.kind,
    }
}

#[derive(Serialize)]
struct ResolutionItem {
    url: String,
    symbol: String,
    title: Option<Text>,
    adopted: DateView,
}

fn resolution_item(l: &Localizer, resolution: &Resolution) -> ResolutionItem {
    ResolutionItem {
        url: l.link(&Route::Resolution(resolution.slug.clone())),
        symbol: resolution.symbol.clone(),
        title: resolution.title.as_ref().map(|title| l.text(title)),
        adopted: l.date(resolution.adopted),
    }
}

#[derive(Serialize)]
struct LawItem {
    url: String,
    original_title: String,
    original_lang: &'static str,
    title: Option<Text>,
    law_type: String,
    number: Option<String>,
    date: Option<DateView>,
    status: String,
    status_key: &'static str,
    confidence: String,
    confidence_key: &'static str,
    summary: Html,
}

fn law_item(l: &Localizer, law: &Law) -> LawItem {
    let translated = match law.title_in(l.lang) {
        (_, false) => None,
        (_, true) => Some(l.text(&law.title)),
    };
    LawItem {
        url: l.link(&Route::Law {
            country: law.country.clone(),
            slug: law.slug.clone(),
        }),
        original_title: law.original_title.clone(),
        original_lang: law.original_language.code(),
        title: translated,
        law_type: l.s(&format!("law_type_{}", law.law_type.slug())),
        number: law.number.clone(),
        date: l.date_opt(law.dates.principal()),
        status: l.s(&format!("status_{}", law.status.slug())),
        status_key: law.status.slug(),
        confidence: l.s(&format!("confidence_{}", law.confidence.slug())),
        confidence_key: law.confidence.slug(),
        summary: l.html(&law.summary),
    }
}

#[derive(Serialize)]
struct DatedEntry {
    organ: String,
    organ_name: Text,
    organ_url: String,
    state: &'static str,
    state_label: String,
    date: Option<DateView>,
    end: Option<DateView>,
    place: Option<Text>,
    text: Html,
}

fn dated_entries(l: &Localizer, organ: &Organ) -> Vec<DatedEntry> {
    let name = organ.acronym.as_ref().unwrap_or(&organ.name);
    let entry =
        |state: &'static str, text: &Localized, date, end, place: &Option<Localized>| DatedEntry {
            organ: organ.slug.clone(),
            organ_name: l.text(name),
            organ_url: l.link(&Route::Organ(organ.slug.clone())),
            state,
            state_label: l.s(&format!("activity_{state}")),
            date: l.date_opt(date),
            end: l.date_opt(end),
            place: place.as_ref().map(|place| l.text(place)),
            text: l.inline(text),
        };
    let mut entries = Vec::new();
    for activity in &organ.done {
        entries.push(entry(
            "done",
            &activity.text,
            activity.date,
            activity.end,
            &activity.place,
        ));
    }
    for activity in &organ.planned {
        entries.push(entry(
            "planned",
            &activity.text,
            activity.date,
            activity.end,
            &activity.place,
        ));
    }
    for item in &organ.calendar {
        entries.push(entry(
            "calendar",
            &item.text,
            Some(item.date),
            item.end,
            &item.place,
        ));
    }
    entries
}

/// Groups items by year, most recent year first; undated items last.
fn by_year<T: Serialize>(items: Vec<(Option<u16>, T)>) -> Vec<Value> {
    let mut years: BTreeMap<Option<u16>, Vec<T>> = BTreeMap::new();
    for (year, item) in items {
        years.entry(year).or_default().push(item);
    }
    let mut groups: Vec<_> = years.into_iter().collect();
    groups.sort_by_key(|(year, _)| (year.is_none(), std::cmp::Reverse(*year)));
    groups
        .into_iter()
        .map(|(year, items)| context! { year, items })
        .collect()
}

/// Builds the context of one page, or `None` when the route names nothing that exists.
pub fn page_context(l: &Localizer, route: &Route) -> Option<PageContext> {
    let content = l.content;
    let page = |title: String, description: String, breadcrumbs, updated, values| PageContext {
        title,
        description,
        breadcrumbs,
        updated,
        values,
    };
    Some(match route {
        Route::Home => {
            let (prose, matter) = l.prose(&content.home);
            let sections: Vec<Value> = content
                .site
                .menu
                .iter()
                .filter(|section| **section != Section::Search)
                .map(|section| {
                    let (_, title, description) = l.intro(*section);
                    context! { title, description, url => l.link(&Route::Section(*section)) }
                })
                .collect();
            let stats = context! {
                countries => content.countries.len(),
                laws => content.laws.len(),
                summits => content.summits.len(),
                resolutions => content.resolutions.len(),
            };
            page(
                matter.title.clone(),
                matter.description.clone().unwrap_or_default(),
                Vec::new(),
                Some(matter.updated),
                context! { prose, sections, stats },
            )
        }
        Route::Section(section) => return section_context(l, *section),
        Route::Programme(slug) => {
            let found = content.programme.iter().find(|page| &page.slug == slug)?;
            let (prose, matter) = l.prose(found);
            page(
                matter.title.clone(),
                matter.description.clone().unwrap_or_default(),
                l.crumbs(Some(Section::Programme)),
                Some(matter.updated),
                context! { prose },
            )
        }
        Route::Summit(slug) => {
            let summit = content.summits.iter().find(|s| &s.slug == slug)?;
            let mandates: Vec<Value> = summit
                .mandates
                .iter()
                .map(|m| context! { text => l.html(&m.text), reference => m.reference.as_ref().map(|r| l.text(r)) })
                .collect();
            let resolutions: Vec<ResolutionItem> = content
                .resolutions
                .iter()
                .filter(|r| r.summits.contains(&summit.slug))
                .map(|r| resolution_item(l, r))
                .collect();
            let summary = l.html(&summit.summary);
            let description = crate::markdown::plain_text(&l.plain(&summit.summary));
            page(
                l.plain(&summit.title),
                description,
                l.crumbs(Some(Section::Summits)),
                Some(summit.updated),
                context! {
                    summit => summit_item(l, summit),
                    ordinal => summit.ordinal,
                    country_url => l.link(&Route::Country(summit.country.clone())),
                    summary, mandates, resolutions,
                    sources => sources(&summit.sources),
                },
            )
        }
        Route::Resolution(slug) => {
            let resolution = content.resolutions.iter().find(|r| &r.slug == slug)?;
            let summits: Vec<SummitItem> = resolution
                .summits
                .iter()
                .filter_map(|slug| content.summits.iter().find(|s| &s.slug == slug))
                .map(|s| summit_item(l, s))
                .collect();
            let cites: Vec<ResolutionItem> = resolution
                .cites
                .iter()
                .filter_map(|slug| content.resolutions.iter().find(|r| &r.slug == slug))
                .map(|r| resolution_item(l, r))
                .collect();
            let cited_by: Vec<ResolutionItem> = content
                .resolutions
                .iter()
                .filter(|r| r.cites.contains(&resolution.slug))
                .map(|r| resolution_item(l, r))
                .collect();
            let description = resolution
                .summary
                .as_ref()
                .map(|s| crate::markdown::plain_text(&l.plain(s)))
                .unwrap_or_default();
            page(
                resolution.symbol.clone(),
                description,
                l.crumbs(Some(Section::Resolutions)),
                Some(resolution.updated),
                context! {
                    resolution => resolution_item(l, resolution),
                    summary => resolution.summary.as_ref().map(|s| l.html(s)),
                    summits, cites, cited_by,
                    sources => sources(&resolution.sources),
                },
            )
        }
        Route::Organ(slug) => {
            let organ = content.organs.iter().find(|o| &o.slug == slug)?;
            let group_name = |id: &str| {
                organ
                    .groups
                    .iter()
                    .find(|g| g.id == id)
                    .map(|g| l.text(&g.name))
            };
            let mut groups: Vec<(Option<String>, Vec<Html>)> = Vec::new();
            for activity in &organ.mandated {
                let text = l.inline(&activity.text);
                match groups
                    .iter_mut()
                    .find(|(group, _)| *group == activity.group)
                {
                    Some((_, items)) => items.push(text),
                    None => groups.push((activity.group.clone(), vec![text])),
                }
            }
            let mandated: Vec<Value> = groups
                .into_iter()
                .map(|(group, items)| context! { name => group.as_deref().and_then(group_name), items })
                .collect();
            let entries = dated_entries(l, organ);
            let (mut done, mut planned, mut calendar) = (Vec::new(), Vec::new(), Vec::new());
            for entry in entries {
                match entry.state {
                    "done" => done.push(entry),
                    "planned" => planned.push(entry),
                    _ => calendar.push(entry),
                }
            }
            page(
                l.plain(&organ.name),
                crate::markdown::plain_text(&l.plain(&organ.summary)),
                l.crumbs(Some(Section::Activities)),
                Some(organ.updated),
                context! {
                    organ => context! {
                        name => l.text(&organ.name),
                        acronym => organ.acronym.as_ref().map(|a| l.text(a)),
                        summary => l.html(&organ.summary),
                        mandated_count => organ.mandated.len(),
                    },
                    mandated, done, planned, calendar,
                },
            )
        }
        Route::Country(iso2) => {
            let country = content.country(iso2)?;
            let laws: Vec<LawItem> = content.laws_of(iso2).map(|law| law_item(l, law)).collect();
            page(
                l.plain(&country.name),
                format!(
                    "{} — {}",
                    l.plain(&country.name),
                    l.s("section_legislation")
                ),
                l.crumbs(Some(Section::Legislation)),
                content.laws_of(iso2).map(|law| law.updated).max(),
                context! {
                    country => context! {
                        iso2 => &country.iso2,
                        name => l.text(&country.name),
                        region => l.s(&format!("region_{}", country.region.slug())),
                        joined => country.joined,
                        note => country.note.as_ref().map(|n| l.html(n)),
                    },
                    laws,
                },
            )
        }
        Route::Law { country, slug } => {
            let law = content.law(country, slug)?;
            return Some(law_context(l, law));
        }
        Route::Event(slug) => {
            let event = content.events.iter().find(|e| &e.slug == slug)?;
            let record = &event.record;
            let prose = match event.prose.is_empty() {
                true => None,
                false => {
                    let page = ProsePage {
                        slug: event.slug.clone(),
                        versions: event.prose.clone(),
                    };
                    Some(l.prose(&page).0)
                }
            };
            let agenda: Vec<Value> = record
                .agenda
                .iter()
                .map(|day| {
                    let sessions: Vec<Value> = day
                        .sessions
                        .iter()
                        .map(|s| context! { time => &s.time, title => l.text(&s.title), text => s.text.as_ref().map(|t| l.html(t)) })
                        .collect();
                    context! { title => l.text(&day.title), date => l.date_opt(day.date), sessions }
                })
                .collect();
            page(
                l.plain(&record.title),
                l.plain(&record.title),
                l.crumbs(Some(Section::Events)),
                Some(record.updated),
                context! {
                    event => context! {
                        title => l.text(&record.title),
                        organizers => record.organizers.as_ref().map(|o| l.text(o)),
                        date => l.date_opt(record.date),
                        place => record.place.as_ref().map(|p| l.text(p)),
                    },
                    prose, agenda,
                },
            )
        }
        Route::NotFound => page(
            l.s("not_found_title"),
            l.s("not_found_text"),
            Vec::new(),
            None,
            context! {},
        ),
    })
}

fn section_context(l: &Localizer, section: Section) -> Option<PageContext> {
    let content = l.content;
    let (intro, title, description) = l.intro(section);
    let values = match section {
        Section::Programme => {
            let pages: Vec<Value> = content
                .programme
                .iter()
                .map(|page| {
                    let (lang, version) = page.version(l.lang, content.source_lang());
                    context! {
                        url => l.link(&Route::Programme(page.slug.clone())),
                        title => version.matter.title.clone(),
                        description => version.matter.description.clone(),
                        lang => lang.code(),
                        fallback => lang != l.lang,
                    }
                })
                .collect();
            context! { intro, pages }
        }
        Section::Summits => {
            let summits: Vec<SummitItem> =
                content.summits.iter().map(|s| summit_item(l, s)).collect();
            context! { intro, summits }
        }
        Section::Resolutions => {
            let resolutions: Vec<ResolutionItem> = content
                .resolutions
                .iter()
                .map(|r| resolution_item(l, r))
                .collect();
            context! { intro, resolutions }
        }
        Section::Activities => {
            let organs: Vec<Value> = content
                .organs
                .iter()
                .map(|organ| {
                    context! {
                        slug => &organ.slug,
                        url => l.link(&Route::Organ(organ.slug.clone())),
                        name => l.text(&organ.name),
                        acronym => organ.acronym.as_ref().map(|a| l.text(a)),
                        mandated => organ.mandated.len(),
                        done => organ.done.len(),
                        planned => organ.planned.len(),
                    }
                })
                .collect();
            let entries: Vec<(Option<u16>, DatedEntry)> = content
                .organs
                .iter()
                .flat_map(|organ| dated_entries(l, organ))
                .filter(|entry| entry.date.is_some())
                .map(|entry| (entry.date.as_ref().map(|d| d.year), entry))
                .collect();
            context! { intro, organs, years => by_year(entries) }
        }
        Section::Legislation => {
            let regions: Vec<Value> = Region::ALL
                .into_iter()
                .map(|region| {
                    let countries: Vec<Value> = content
                        .countries
                        .iter()
                        .filter(|country| country.region == region)
                        .map(|country| {
                            context! {
                                iso2 => &country.iso2,
                                url => l.link(&Route::Country(country.iso2.clone())),
                                name => l.text(&country.name),
                                laws => content.laws_of(&country.iso2).count(),
                            }
                        })
                        .collect();
                    context! { name => l.s(&format!("region_{}", region.slug())), slug => region.slug(), countries }
                })
                .collect();
            let lang = l.lang.code();
            context! {
                intro, regions,
                total_laws => content.laws.len(),
                total_countries => content.countries.len(),
                json_url => l.urls.file(&format!("{lang}/legislation/legislation.json")),
                csv_url => l.urls.file(&format!("{lang}/legislation/legislation.csv")),
            }
        }
        Section::Events => {
            let events: Vec<Value> = content
                .events
                .iter()
                .map(|event| {
                    context! {
                        url => l.link(&Route::Event(event.slug.clone())),
                        title => l.text(&event.record.title),
                        date => l.date_opt(event.record.date),
                    }
                })
                .collect();
            context! { intro, events }
        }
        Section::Timeline => {
            let mut items: Vec<(Option<u16>, Value)> = Vec::new();
            for summit in &content.summits {
                let item = summit_item(l, summit);
                items.push((Some(summit.start.year()), context! { kind => "summit", sort => summit.start.to_string(), url => item.url, title => item.title, symbol => None::<String>, date => item.start, place => item.city }));
            }
            for resolution in &content.resolutions {
                let item = resolution_item(l, resolution);
                items.push((Some(resolution.adopted.year()), context! { kind => "resolution", sort => resolution.adopted.to_string(), url => item.url, title => item.title, symbol => item.symbol, date => item.adopted, place => None::<Text> }));
            }
            items.sort_by_key(|(_, item)| {
                item.get_attr("sort")
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            });
            let mut years = by_year(items);
            years.reverse();
            context! { intro, years }
        }
        Section::Search => {
            let countries: Vec<Value> = content
                .countries
                .iter()
                .map(|country| {
                    context! {
                        iso2 => &country.iso2,
                        name => l.text(&country.name),
                        url => l.link(&Route::Country(country.iso2.clone())),
                        region => country.region.slug(),
                    }
                })
                .collect();
            let regions: Vec<Value> = Region::ALL
                .into_iter()
                .map(
                    |r| context! { slug => r.slug(), name => l.s(&format!("region_{}", r.slug())) },
                )
                .collect();
            let kinds: Vec<Value> = ["law", "summit", "resolution", "activity", "page", "event"]
                .into_iter()
                .map(|k| context! { slug => k, name => l.s(&format!("kind_{k}")) })
                .collect();
            // The subjects the laws are filed under, for the search's subject filter.
            let subjects: Vec<Value> = content
                .laws
                .iter()
                .flat_map(|law| law.subjects.iter().copied())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .map(|s| context! { slug => s.slug(), name => l.s(&format!("subject_{}", s.slug())) })
                .collect();
            context! { intro, countries, regions, kinds, subjects }
        }
    };
    let updated = l
        .content
        .intros
        .get(&section)
        .map(|page| page.version(l.lang, content.source_lang()).1.matter.updated);
    Some(PageContext {
        title,
        description,
        breadcrumbs: l.crumbs(None),
        updated,
        values,
    })
}

fn law_context(l: &Localizer, law: &Law) -> PageContext {
    let content = l.content;
    let country = content.country(&law.country);
    let country_name = country.map(|c| l.plain(&c.name)).unwrap_or_default();
    let item = law_item(l, law);
    let relations: Vec<Value> = law
        .relations
        .iter()
        .map(|relation| {
            let url = relation.law.as_ref().and_then(|key| {
                let (country, slug) = key.split_once('/')?;
                Some(l.link(&Route::Law {
                    country: country.into(),
                    slug: slug.into(),
                }))
            });
            context! {
                kind => l.s(&format!("relation_{}", relation.kind.slug())),
                title => &relation.title,
                date => l.date_opt(relation.date),
                url,
            }
        })
        .collect();
    let subjects: Vec<String> = law
        .subjects
        .iter()
        .map(|subject| l.s(&format!("subject_{}", subject.slug())))
        .collect();
    let dates: Vec<Value> = [
        ("date_adopted", law.dates.adopted),
        ("date_promulgated", law.dates.promulgated),
        ("date_published", law.dates.published),
        ("date_in_force", law.dates.in_force),
    ]
    .into_iter()
    .filter_map(|(key, date)| date.map(|date| context! { label => l.s(key), date => l.date(date) }))
    .collect();
    let canonical = l.urls.absolute(&item.url);
    let year = law.dates.principal().map(|d| d.year().to_string());
    let cite_as = format!(
        "{country_name}: {}{}. {} — {}, {canonical} ({} {}).",
        law.original_title,
        year.as_deref()
            .map(|y| format!(" ({y})"))
            .unwrap_or_default(),
        l.s("cite_compilation"),
        l.plain(&content.site.title),
        l.s("cite_verified"),
        l.date(law.verified).text,
    );
    let json_ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": law.original_title,
        "inLanguage": law.original_language.code(),
        "alternateName": Lang::ALL.iter().filter(|lang| law.title.has(**lang)).map(|lang| law.title.get(*lang, *lang).text).collect::<Vec<_>>(),
        "legislationIdentifier": law.number.clone().unwrap_or_else(|| law.id.clone()),
        "identifier": law.id,
        "legislationDate": law.dates.principal().map(|d| d.to_string()),
        "legislationJurisdiction": country_name,
        "legislationType": l.s(&format!("law_type_{}", law.law_type.slug())),
        "legislationLegalForce": law.status.schema_org(),
        "dateModified": law.updated.to_string(),
        "url": canonical,
        "sameAs": law.sources.iter().filter(|s| s.official).map(|s| s.url.clone()).collect::<Vec<_>>(),
    });
    let mut crumbs = l.crumbs(Some(Section::Legislation));
    if let Some(country) = country {
        crumbs.push(Crumb {
            title: l.plain(&country.name),
            url: l.link(&Route::Country(country.iso2.clone())),
        });
    }
    let description = crate::markdown::plain_text(&l.plain(&law.summary));
    PageContext {
        title: law.original_title.clone(),
        description,
        breadcrumbs: crumbs,
        updated: Some(law.updated),
        values: context! {
            law => item,
            id => &law.id,
            country => country.map(|c| context! { name => l.text(&c.name), url => l.link(&Route::Country(c.iso2.clone())) }),
            dates, relations, subjects,
            gazette => &law.gazette,
            summary => l.html(&law.summary),
            sources => sources(&law.sources),
            confidence_note => law.confidence_note.as_ref().map(|n| l.html(n)),
            verified => l.date(law.verified),
            cite_as,
            json_ld,
        },
    }
}
