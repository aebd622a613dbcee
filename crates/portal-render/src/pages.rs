//! The template context of every page.

use std::collections::BTreeMap;

use minijinja::{Value, context};
use portal_model::records::*;
use portal_model::{CountryCode, Lang, Localized, PartialDate, Slug};
use portal_types::{ActivityState, Kind};
use serde::Serialize;

use crate::localize::{DateView, Html, Localizer, Text};
use crate::markdown::TocEntry;
use crate::routes::{Route, TimelineFilter};

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

    fn country_name(&self, iso2: &CountryCode) -> Option<Text> {
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
    /// The source that states the status, with the date it gives: absent for a status that
    /// is not confirmed.
    status_source: Option<StatusSourceView>,
    confidence: String,
    confidence_key: &'static str,
    summary: Html,
}

#[derive(Serialize)]
struct StatusSourceView {
    url: String,
    title: String,
    official: bool,
    date: Option<DateView>,
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
        status_source: law.status_source.as_ref().map(|evidence| {
            let source = law.sources.iter().find(|s| s.url == evidence.url);
            StatusSourceView {
                url: evidence.url.clone(),
                title: source.map(|s| s.title.clone()).unwrap_or_default(),
                official: source.is_some_and(|s| s.official),
                date: l.date_opt(evidence.date),
            }
        }),
        confidence: l.s(&format!("confidence_{}", law.confidence.slug())),
        confidence_key: law.confidence.slug(),
        summary: l.html(&law.summary),
    }
}

#[derive(Serialize)]
struct DatedEntry {
    organ: Slug,
    organ_name: Text,
    organ_url: String,
    state: ActivityState,
    state_label: String,
    date: Option<DateView>,
    end: Option<DateView>,
    place: Option<Text>,
    text: Html,
}

fn dated_entries(l: &Localizer, organ: &Organ) -> Vec<DatedEntry> {
    let name = organ.acronym.as_ref().unwrap_or(&organ.name);
    let entry =
        |state: ActivityState, text: &Localized, date, end, place: &Option<Localized>| DatedEntry {
            organ: organ.slug.clone(),
            organ_name: l.text(name),
            organ_url: l.link(&Route::Organ(organ.slug.clone())),
            state,
            state_label: l.s(&format!("activity_{state}")),
            date: l.date_opt(date),
            end: l.date_opt(end),
            place: place.as_ref().map(|place| l.text(place)),
            text: l.html(text),
        };
    let mut entries = Vec::new();
    for activity in &organ.done {
        entries.push(entry(
            ActivityState::Done,
            &activity.text,
            activity.date,
            activity.end,
            &activity.place,
        ));
    }
    for activity in &organ.planned {
        entries.push(entry(
            ActivityState::Planned,
            &activity.text,
            activity.date,
            activity.end,
            &activity.place,
        ));
    }
    for item in &organ.calendar {
        entries.push(entry(
            ActivityState::Calendar,
            &item.text,
            Some(item.date),
            item.end,
            &item.place,
        ));
    }
    entries
}

/// A link to an organ's page, by its acronym where it has one.
#[derive(Serialize)]
struct OrganLink {
    slug: Slug,
    name: Text,
    url: String,
}

fn organ_link(l: &Localizer, slug: &str) -> Option<OrganLink> {
    let organ = l.content.organs.iter().find(|o| o.slug == slug)?;
    Some(OrganLink {
        slug: organ.slug.clone(),
        name: l.text(organ.acronym.as_ref().unwrap_or(&organ.name)),
        url: l.link(&Route::Organ(organ.slug.clone())),
    })
}

/// A meeting as lists show it.
#[derive(Serialize)]
struct EventItem {
    url: String,
    title: Text,
    date: Option<DateView>,
    end: Option<DateView>,
    place: Option<Text>,
    status: &'static str,
    status_label: String,
    organs: Vec<OrganLink>,
}

fn event_item(l: &Localizer, event: &Event) -> EventItem {
    let record = &event.record;
    EventItem {
        url: l.link(&Route::Event(event.slug.clone())),
        title: l.text(&record.title),
        date: l.date_opt(record.date),
        end: l.date_opt(record.end),
        place: record.place.as_ref().map(|p| l.text(p)),
        status: record.status.slug(),
        status_label: l.s(&format!("event_{}", record.status.slug())),
        organs: record
            .organs
            .iter()
            .filter_map(|slug| organ_link(l, slug))
            .collect(),
    }
}

/// The events in date order (undated last), as the Events page and the timeline list them.
fn events_by_date(content: &portal_model::Content) -> Vec<&Event> {
    let mut events: Vec<&Event> = content.events.iter().collect();
    events.sort_by_key(|e| (e.record.date.is_none(), e.record.date, &e.slug));
    events
}

/// The organs that have meetings, in the organs' order: each has a filtered timeline.
pub(crate) fn organs_with_events(content: &portal_model::Content) -> Vec<&Slug> {
    content
        .organs
        .iter()
        .filter(|organ| {
            content
                .events
                .iter()
                .any(|e| e.record.organs.iter().any(|o| organ.slug == *o))
        })
        .map(|organ| &organ.slug)
        .collect()
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
    match route {
        Route::Home => Some(home_context(l)),
        Route::Section(section) => section_context(l, *section),
        Route::Programme(slug) => programme_context(l, slug),
        Route::Summit(slug) => summit_context(l, slug),
        Route::Resolution(slug) => resolution_context(l, slug),
        Route::Organ(slug) => organ_context(l, slug),
        Route::Country(iso2) => country_context(l, iso2),
        Route::Law { country, slug } => Some(law_context(l, l.content.law(country, slug)?)),
        Route::Timeline(filter) => timeline_context(l, Some(filter)),
        Route::Compare => Some(compare_context(l)),
        Route::Subject(subject) => Some(subject_context(l, *subject)),
        Route::Event(slug) => event_context(l, slug),
        Route::NotFound => Some(page(
            l.s("not_found_title"),
            l.s("not_found_text"),
            Vec::new(),
            None,
            context! {},
        )),
    }
}

/// A page's context from its parts, in the order templates read them.
fn page(
    title: String,
    description: String,
    breadcrumbs: Vec<Crumb>,
    updated: Option<PartialDate>,
    values: Value,
) -> PageContext {
    PageContext {
        title,
        description,
        breadcrumbs,
        updated,
        values,
    }
}

/// The home page: its prose, a card per menu section and the headline figures.
fn home_context(l: &Localizer) -> PageContext {
    let content = l.content;
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

/// A page of the Program's prose.
fn programme_context(l: &Localizer, slug: &Slug) -> Option<PageContext> {
    let content = l.content;
    let found = content.programme.iter().find(|page| page.slug == *slug)?;
    let (prose, matter) = l.prose(found);
    Some(page(
        matter.title.clone(),
        matter.description.clone().unwrap_or_default(),
        l.crumbs(Some(Section::Programme)),
        Some(matter.updated),
        context! { prose },
    ))
}

/// A Summit: its mandates and the resolutions that follow it up.
fn summit_context(l: &Localizer, slug: &Slug) -> Option<PageContext> {
    let content = l.content;
    let summit = content.summits.iter().find(|s| s.slug == *slug)?;
    let mandates: Vec<Value> = summit
        .mandates
        .iter()
        .map(|m| context! { text => l.html(&m.text), reference => m.reference.as_ref().map(|r| l.text(r)) })
        .collect();
    let resolutions: Vec<ResolutionItem> = content
        .resolutions
        .iter()
        .filter(|r| r.summits.iter().any(|s| summit.slug == *s))
        .map(|r| resolution_item(l, r))
        .collect();
    let summary = l.html(&summit.summary);
    let description = crate::markdown::plain_text(&l.plain(&summit.summary));
    Some(page(
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
    ))
}

/// A resolution: the Summits it follows up, what it cites and what cites it.
fn resolution_context(l: &Localizer, slug: &Slug) -> Option<PageContext> {
    let content = l.content;
    let resolution = content.resolutions.iter().find(|r| r.slug == *slug)?;
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
        .filter(|r| r.cites.iter().any(|c| resolution.slug == *c))
        .map(|r| resolution_item(l, r))
        .collect();
    let description = resolution
        .summary
        .as_ref()
        .map(|s| crate::markdown::plain_text(&l.plain(s)))
        .unwrap_or_default();
    Some(page(
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
    ))
}

/// An organ: its mandated activities by group, its dated work and its meetings.
fn organ_context(l: &Localizer, slug: &Slug) -> Option<PageContext> {
    let content = l.content;
    let organ = content.organs.iter().find(|o| o.slug == *slug)?;
    let group_name = |id: &str| {
        organ
            .groups
            .iter()
            .find(|g| g.id == id)
            .map(|g| l.text(&g.name))
    };
    let mut groups: Vec<(Option<String>, Vec<Value>)> = Vec::new();
    for (index, activity) in organ.mandated.iter().enumerate() {
        let text = context! { number => index + 1, text => l.html(&activity.text) };
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
            ActivityState::Done => done.push(entry),
            ActivityState::Planned => planned.push(entry),
            ActivityState::Calendar => calendar.push(entry),
        }
    }
    Some(page(
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
            events => events_by_date(content)
                .into_iter()
                .filter(|e| e.record.organs.iter().any(|o| organ.slug == *o))
                .map(|e| event_item(l, e))
                .collect::<Vec<_>>(),
        },
    ))
}

/// A member state: its laws, by subject too, and its treaty participation.
fn country_context(l: &Localizer, iso2: &CountryCode) -> Option<PageContext> {
    let content = l.content;
    let country = content.country(iso2)?;
    let laws: Vec<LawItem> = content.laws_of(iso2).map(|law| law_item(l, law)).collect();
    let subjects: Vec<Value> = Subject::ALL
        .into_iter()
        .filter_map(|subject| {
            let laws: Vec<LawItem> = content
                .laws_of(iso2)
                .filter(|law| law.subjects.contains(&subject))
                .map(|law| law_item(l, law))
                .collect();
            (!laws.is_empty()).then(|| subject_group(l, subject, laws))
        })
        .collect();
    let treaties: Vec<Value> = content
        .treaties
        .iter()
        .map(|treaty| participation_view(l, treaty, content.participation_of(iso2, &treaty.slug)))
        .collect();
    Some(page(
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
            has_migration_law => content
                .laws_of(iso2)
                .any(|law| law.subjects.contains(&Subject::EntryAndStay)),
            laws, subjects, treaties,
            compare_url => l.link(&Route::Compare),
        },
    ))
}

/// A meeting: its record, agenda and prose, and what mandated it.
fn event_context(l: &Localizer, slug: &Slug) -> Option<PageContext> {
    let content = l.content;
    let event = content.events.iter().find(|e| e.slug == *slug)?;
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
    let mandated: Vec<Value> = record
        .mandated
        .iter()
        .filter_map(|served| {
            let organ = content.organs.iter().find(|o| o.slug == served.organ)?;
            let activity = organ.mandated.get(served.activity.checked_sub(1)?)?;
            let page = l.link(&Route::Organ(organ.slug.clone()));
            Some(context! {
                text => l.html(&activity.text),
                organ => organ_link(l, organ.slug.as_str()),
                url => format!("{page}#mandated-{}", served.activity),
            })
        })
        .collect();
    let resolutions: Vec<ResolutionItem> = record
        .resolutions
        .iter()
        .filter_map(|slug| content.resolutions.iter().find(|r| &r.slug == slug))
        .map(|r| resolution_item(l, r))
        .collect();
    let summits: Vec<SummitItem> = record
        .summits
        .iter()
        .filter_map(|slug| content.summits.iter().find(|s| &s.slug == slug))
        .map(|s| summit_item(l, s))
        .collect();
    let description = record
        .summary
        .as_ref()
        .map(|s| crate::markdown::plain_text(&l.plain(s)))
        .unwrap_or_else(|| l.plain(&record.title));
    let in_calendar = crate::extras::in_calendar(record);
    Some(page(
        l.plain(&record.title),
        description,
        l.crumbs(Some(Section::Events)),
        Some(record.updated),
        context! {
            event => event_item(l, event),
            organizers => record.organizers.as_ref().map(|o| l.text(o)),
            participants => record.participants.as_ref().map(|p| l.html(p)),
            summary => record.summary.as_ref().map(|s| l.html(s)),
            note => record.note.as_ref().map(|n| l.html(n)),
            calendar_url => in_calendar.then(|| l.urls.file(&crate::extras::calendar_path(l.lang))),
            prose, agenda, mandated, resolutions, summits,
        },
    ))
}

/// A section's index page: its intro and the listing of its records.
fn section_context(l: &Localizer, section: Section) -> Option<PageContext> {
    let content = l.content;
    let (intro, title, description) = l.intro(section);
    let values = match section {
        Section::Programme => programme_values(l, intro),
        Section::Summits => summits_values(l, intro),
        Section::Resolutions => resolutions_values(l, intro),
        Section::Activities => activities_values(l, intro),
        Section::Legislation => legislation_values(l, intro),
        Section::Events => events_values(l, intro),
        Section::Timeline => return timeline_context(l, None),
        Section::Search => search_values(l, intro),
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

/// The Program's pages, each in the page language or its fallback.
fn programme_values(l: &Localizer, intro: Option<ProseView>) -> Value {
    let content = l.content;
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

/// Every Summit.
fn summits_values(l: &Localizer, intro: Option<ProseView>) -> Value {
    let content = l.content;
    let summits: Vec<SummitItem> = content.summits.iter().map(|s| summit_item(l, s)).collect();
    context! { intro, summits }
}

/// Every resolution.
fn resolutions_values(l: &Localizer, intro: Option<ProseView>) -> Value {
    let content = l.content;
    let resolutions: Vec<ResolutionItem> = content
        .resolutions
        .iter()
        .map(|r| resolution_item(l, r))
        .collect();
    context! { intro, resolutions }
}

/// The organs with their counts of activities, and their dated work by year.
fn activities_values(l: &Localizer, intro: Option<ProseView>) -> Value {
    let content = l.content;
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

/// The member states by region, the subjects and the open data's files.
fn legislation_values(l: &Localizer, intro: Option<ProseView>) -> Value {
    let content = l.content;
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
    let subjects: Vec<Value> = Subject::ALL
        .into_iter()
        .map(|subject| {
            let count = content
                .laws
                .iter()
                .filter(|law| law.subjects.contains(&subject))
                .count();
            context! {
                slug => subject.slug(),
                name => l.s(&format!("subject_{}", subject.slug())),
                url => l.link(&Route::Subject(subject)),
                count,
            }
        })
        .collect();
    context! {
        intro, regions, subjects,
        compare_url => l.link(&Route::Compare),
        datapackage_url => l.urls.file(&format!("{lang}/legislation/datapackage.json")),
        total_laws => content.laws.len(),
        total_countries => content.countries.len(),
        json_url => l.urls.file(&format!("{lang}/legislation/legislation.json")),
        csv_url => l.urls.file(&format!("{lang}/legislation/legislation.csv")),
    }
}

/// The meetings held and planned, by year, oldest first.
fn events_values(l: &Localizer, intro: Option<ProseView>) -> Value {
    let content = l.content;
    let (mut held, mut planned) = (Vec::new(), Vec::new());
    for event in events_by_date(content) {
        let year = event.record.date.map(|d| d.year());
        match event.record.status {
            EventStatus::Held => held.push((year, event_item(l, event))),
            EventStatus::Planned => planned.push((year, event_item(l, event))),
        }
    }
    let chronological = |items| {
        let mut years = by_year(items);
        years.reverse();
        if years
            .first()
            .is_some_and(|g| g.get_attr("year").is_ok_and(|y| y.is_none()))
        {
            years.rotate_left(1);
        }
        years
    };
    let calendar_url = content
        .events
        .iter()
        .any(|e| crate::extras::in_calendar(&e.record))
        .then(|| l.urls.file(&crate::extras::calendar_path(l.lang)));
    context! {
        intro,
        held => chronological(held),
        planned => chronological(planned),
        calendar_url,
    }
}

/// What the search page's filters offer: states, regions, kinds and subjects.
fn search_values(l: &Localizer, intro: Option<ProseView>) -> Value {
    let content = l.content;
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
        .map(|r| context! { slug => r.slug(), name => l.s(&format!("region_{}", r.slug())) })
        .collect();
    let kinds: Vec<Value> = Kind::ALL
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

fn law_context(l: &Localizer, law: &Law) -> PageContext {
    let content = l.content;
    let country = content.country(&law.country);
    let country_name = country.map(|c| l.plain(&c.name)).unwrap_or_default();
    let item = law_item(l, law);
    let relations: Vec<Value> = law
        .relations
        .iter()
        .map(|relation| {
            let url = relation.law.as_ref().map(|key| {
                l.link(&Route::Law {
                    country: key.country.clone(),
                    slug: key.slug.clone(),
                })
            });
            context! {
                kind => l.s(&format!("relation_{}", relation.kind.slug())),
                title => &relation.title,
                date => l.date_opt(relation.date),
                url,
            }
        })
        .collect();
    let subjects: Vec<Value> = law
        .subjects
        .iter()
        .map(|subject| {
            context! {
                name => l.s(&format!("subject_{}", subject.slug())),
                url => l.link(&Route::Subject(*subject)),
            }
        })
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
        "alternateName": law.short_title.iter().map(String::as_str).chain(Lang::ALL.iter().filter(|lang| law.title.has(**lang)).map(|lang| law.title.get(*lang, *lang).text)).collect::<Vec<_>>(),
        "legislationIdentifier": law.number.clone().or_else(|| law.id.clone()),
        "identifier": law.id,
        "legislationDate": law.dates.principal().map(|d| d.to_string()),
        "legislationJurisdiction": country_name,
        "legislationType": l.s(&format!("law_type_{}", law.law_type.slug())),
        "legislationLegalForce": law.status_source.as_ref().and(law.status.schema_org()),
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
            short_title => &law.short_title,
            summary => l.html(&law.summary),
            sources => sources(&law.sources),
            confidence_note => law.confidence_note.as_ref().map(|n| l.html(n)),
            verified => l.date(law.verified),
            cite_as,
            json_ld,
        },
    }
}

/// One entry of the timeline: a Summit, a resolution or a meeting.
#[derive(Serialize)]
struct TimelineItem {
    kind: Kind,
    url: String,
    title: Option<Text>,
    symbol: Option<String>,
    date: DateView,
    end: Option<DateView>,
    place: Option<Text>,
    status: Option<&'static str>,
    status_label: Option<String>,
    organs: Vec<OrganLink>,
    /// Whether the filter of the page keeps it. Every page holds the whole timeline, the others
    /// `hidden`, so that the script can switch filters in place from any of them.
    shown: bool,
}

impl TimelineItem {
    fn matches(&self, filter: Option<&TimelineFilter>) -> bool {
        match filter {
            None => true,
            Some(TimelineFilter::Kind(kind)) => self.kind == *kind,
            Some(TimelineFilter::Organ(slug)) => self.organs.iter().any(|o| &o.slug == slug),
        }
    }
}

/// The timeline, whole or filtered: Summits, resolutions and dated meetings in date order,
/// grouped by year, with the links that filter it by kind and by organ.
fn timeline_context(l: &Localizer, filter: Option<&TimelineFilter>) -> Option<PageContext> {
    let content = l.content;
    let organs = organs_with_events(content);
    match filter {
        Some(TimelineFilter::Kind(kind)) if !TimelineFilter::KINDS.contains(kind) => return None,
        Some(TimelineFilter::Organ(slug)) if !organs.contains(&slug) => return None,
        _ => {}
    }
    let mut items: Vec<(PartialDate, TimelineItem)> = Vec::new();
    for summit in &content.summits {
        let item = summit_item(l, summit);
        items.push((
            summit.start,
            TimelineItem {
                kind: Kind::Summit,
                url: item.url,
                title: Some(item.title),
                symbol: None,
                date: item.start,
                end: item.end,
                place: Some(item.city),
                status: None,
                status_label: None,
                organs: Vec::new(),
                shown: true,
            },
        ));
    }
    for resolution in &content.resolutions {
        let item = resolution_item(l, resolution);
        items.push((
            resolution.adopted,
            TimelineItem {
                kind: Kind::Resolution,
                url: item.url,
                title: item.title,
                symbol: Some(item.symbol),
                date: item.adopted,
                end: None,
                place: None,
                status: None,
                status_label: None,
                organs: Vec::new(),
                shown: true,
            },
        ));
    }
    for event in events_by_date(content) {
        let Some(date) = event.record.date else {
            continue;
        };
        let item = event_item(l, event);
        items.push((
            date,
            TimelineItem {
                kind: Kind::Event,
                url: item.url,
                title: Some(item.title),
                symbol: None,
                date: l.date(date),
                end: item.end,
                place: item.place,
                status: Some(item.status),
                status_label: Some(item.status_label),
                organs: item.organs,
                shown: true,
            },
        ));
    }
    // Stable: on the same date, Summits, then resolutions, then meetings.
    items.sort_by_key(|(date, _)| *date);
    let marked: Vec<(Option<u16>, TimelineItem)> = items
        .into_iter()
        .map(|(date, mut item)| {
            item.shown = item.matches(filter);
            (Some(date.year()), item)
        })
        .collect();
    let mut years = by_year(marked);
    years.reverse();
    let link = |to: Option<TimelineFilter>, label: String| {
        let current = to.as_ref() == filter;
        let url = match to.clone() {
            Some(to) => l.link(&Route::Timeline(to)),
            None => l.link(&Route::Section(Section::Timeline)),
        };
        let (kind, organ) = match &to {
            Some(TimelineFilter::Kind(kind)) => (Some(*kind), None),
            Some(TimelineFilter::Organ(slug)) => (None, Some(slug.clone())),
            None => (None, None),
        };
        context! { url, label, current, kind, organ }
    };
    let kinds: Vec<Value> = std::iter::once(link(None, l.s("all_kinds")))
        .chain(TimelineFilter::KINDS.into_iter().map(|kind| {
            link(
                Some(TimelineFilter::Kind(kind)),
                l.s(&format!("timeline_kind_{kind}")),
            )
        }))
        .collect();
    let organ_filters: Vec<Value> = organs
        .iter()
        .filter_map(|slug| organ_link(l, slug.as_str()))
        .map(|organ| link(Some(TimelineFilter::Organ(organ.slug)), organ.name.text))
        .collect();
    let (intro, section_title, description) = l.intro(Section::Timeline);
    let (title, crumbs) = match filter {
        None => (section_title, l.crumbs(None)),
        Some(filter) => {
            let label = match filter {
                TimelineFilter::Kind(kind) => l.s(&format!("timeline_kind_{kind}")),
                TimelineFilter::Organ(slug) => organ_link(l, slug.as_str()).map(|o| o.name.text)?,
            };
            (
                format!("{section_title} — {label}"),
                l.crumbs(Some(Section::Timeline)),
            )
        }
    };
    let updated = content
        .intros
        .get(&Section::Timeline)
        .map(|page| page.version(l.lang, content.source_lang()).1.matter.updated);
    Some(PageContext {
        title,
        description,
        breadcrumbs: crumbs,
        updated,
        values: context! {
            intro => filter.is_none().then_some(intro).flatten(),
            years, kinds,
            organ_filters,
            filtered => filter.is_some(),
        },
    })
}

/// The instruments of one subject, as a country page or a subject page lists them.
fn subject_group(l: &Localizer, subject: Subject, laws: Vec<LawItem>) -> Value {
    context! {
        slug => subject.slug(),
        name => l.s(&format!("subject_{}", subject.slug())),
        url => l.link(&Route::Subject(subject)),
        count => laws.len(),
        laws,
    }
}

/// One state's participation in one treaty, for its page. A state without an entry is shown
/// as not confirmed: nothing is asserted that no source says.
fn participation_view(l: &Localizer, treaty: &Treaty, entry: Option<&Participation>) -> Value {
    let action = entry.map_or(TreatyAction::NotConfirmed, |e| e.action);
    context! {
        slug => &treaty.slug,
        title => l.text(&treaty.title),
        short_title => l.text(&treaty.short_title),
        action_key => action.slug(),
        action => l.s(&format!("treaty_action_{}", action.slug())),
        is_party => action.is_party(),
        signed => l.date_opt(entry.and_then(|e| e.signed)),
        consent => l.date_opt(entry.and_then(|e| e.consent)),
        in_force => l.date_opt(entry.and_then(|e| e.in_force)),
        confidence => entry.and_then(|e| e.confidence).map(|c| l.s(&format!("confidence_{}", c.slug()))),
        confidence_key => entry.and_then(|e| e.confidence).map(|c| c.slug()),
        sources => entry.map(|e| sources(&e.sources)).unwrap_or_default(),
        note => entry.and_then(|e| e.note.as_ref()).map(|n| l.html(n)),
    }
}

/// The subjects the comparison page has a column for, in its order: the migration law, the
/// refugee or asylum instrument, the trafficking law.
pub const COMPARE_SUBJECTS: [Subject; 3] = [
    Subject::EntryAndStay,
    Subject::RefugeesAndAsylum,
    Subject::TraffickingInPersons,
];

fn compare_context(l: &Localizer) -> PageContext {
    let content = l.content;
    let mut columns: Vec<String> = COMPARE_SUBJECTS
        .iter()
        .map(|subject| l.s(&format!("compare_{}", subject.slug())))
        .collect();
    columns.extend(content.treaties.iter().map(|t| l.plain(&t.short_title)));
    let regions: Vec<Value> = Region::ALL
        .into_iter()
        .map(|region| {
            let rows: Vec<Value> = content
                .countries
                .iter()
                .filter(|country| country.region == region)
                .map(|country| {
                    let country_url = l.link(&Route::Country(country.iso2.clone()));
                    let mut cells: Vec<Value> = COMPARE_SUBJECTS
                        .iter()
                        .zip(&columns)
                        .map(|(subject, label)| {
                            let laws: Vec<Value> = content
                                .laws_of(&country.iso2)
                                .filter(|law| law.subjects.contains(subject))
                                .map(|law| {
                                    let item = law_item(l, law);
                                    context! {
                                        url => item.url,
                                        title => item.original_title,
                                        lang => item.original_lang,
                                        confidence => item.confidence,
                                        confidence_key => item.confidence_key,
                                    }
                                })
                                .collect();
                            context! { kind => "laws", label, laws }
                        })
                        .collect();
                    for (treaty, label) in content.treaties.iter().zip(&columns[COMPARE_SUBJECTS.len()..]) {
                        let view = participation_view(
                            l,
                            treaty,
                            content.participation_of(&country.iso2, &treaty.slug),
                        );
                        let url = format!("{country_url}#treaty-{}", treaty.slug);
                        cells.push(context! { kind => "treaty", label, url, treaty => view });
                    }
                    context! {
                        iso2 => &country.iso2,
                        name => l.text(&country.name),
                        url => country_url,
                        cells,
                    }
                })
                .collect();
            context! { slug => region.slug(), name => l.s(&format!("region_{}", region.slug())), rows }
        })
        .collect();
    let lang = l.lang.code();
    PageContext {
        title: l.s("compare_title"),
        description: l.s("compare_description"),
        breadcrumbs: l.crumbs(Some(Section::Legislation)),
        updated: content.laws.iter().map(|law| law.updated).max(),
        values: context! {
            columns, regions,
            json_url => l.urls.file(&format!("{lang}/legislation/compare.json")),
            csv_url => l.urls.file(&format!("{lang}/legislation/compare.csv")),
        },
    }
}

fn subject_context(l: &Localizer, subject: Subject) -> PageContext {
    let content = l.content;
    let name = l.s(&format!("subject_{}", subject.slug()));
    let countries: Vec<Value> = content
        .countries
        .iter()
        .filter_map(|country| {
            let laws: Vec<LawItem> = content
                .laws_of(&country.iso2)
                .filter(|law| law.subjects.contains(&subject))
                .map(|law| law_item(l, law))
                .collect();
            (!laws.is_empty()).then(|| {
                context! {
                    name => l.text(&country.name),
                    url => l.link(&Route::Country(country.iso2.clone())),
                    laws,
                }
            })
        })
        .collect();
    let count: usize = content
        .laws
        .iter()
        .filter(|law| law.subjects.contains(&subject))
        .count();
    let others: Vec<Value> = Subject::ALL
        .into_iter()
        .map(|other| {
            context! {
                name => l.s(&format!("subject_{}", other.slug())),
                url => l.link(&Route::Subject(other)),
                count => content.laws.iter().filter(|law| law.subjects.contains(&other)).count(),
                current => other == subject,
            }
        })
        .collect();
    let state_count = countries.len();
    PageContext {
        title: format!("{} — {name}", l.s("section_legislation")),
        description: l
            .s("subject_description")
            .replace("{subject}", &name)
            .replace("{n}", &count.to_string()),
        breadcrumbs: l.crumbs(Some(Section::Legislation)),
        updated: content
            .laws
            .iter()
            .filter(|law| law.subjects.contains(&subject))
            .map(|law| law.updated)
            .max(),
        values: context! {
            subject => context! { slug => subject.slug(), name, count },
            countries, state_count,
            subjects => others,
        },
    }
}
