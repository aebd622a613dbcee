//! Linking parsed files into [`Content`] and checking the whole: required languages,
//! references, unique ids, and the presence of what every build needs.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::load::{Content, Parsed, ParsedFile, Warning};
use crate::records::*;
use crate::strings::{StringTable, Strings};
use crate::{
    ContentError, ContentErrors, ContentFile, CountryCode, EventPart, Lang, LawKey, Localized,
    PartialDate, Problem, Slug, SourceFile,
};

/// The record file a text is in. Its path is only spelled out for a problem: checking the
/// texts of 10,000 laws after every edit must not format 10,000 paths.
#[derive(Clone, Copy)]
pub(crate) enum RecordFile<'a> {
    Summit(&'a Slug),
    Resolution(&'a Slug),
    Organ(&'a Slug),
    Event(&'a Slug),
    Countries,
    Treaties,
    Law(&'a Law),
}

impl RecordFile<'_> {
    pub(crate) fn path(self) -> PathBuf {
        match self {
            RecordFile::Summit(slug) => ContentFile::Summit(slug.clone()),
            RecordFile::Resolution(slug) => ContentFile::Resolution(slug.clone()),
            RecordFile::Organ(slug) => ContentFile::Organ(slug.clone()),
            RecordFile::Event(slug) => ContentFile::Event {
                slug: slug.clone(),
                part: EventPart::Record,
            },
            RecordFile::Countries => ContentFile::Countries,
            RecordFile::Treaties => ContentFile::Treaties,
            RecordFile::Law(law) => ContentFile::Law {
                country: law.country.clone(),
                slug: law.slug.clone(),
            },
        }
        .path()
    }
}

/// Where a text sits in its record file: the field as editors read it (`planned.text`) and,
/// for a text inside an item of a top-level list, that list and the item's position, so that
/// an error points at the item's own line rather than at the first line with the same key.
#[derive(Clone, Copy)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    item: Option<(&'static str, usize)>,
}

impl Field {
    fn top(name: &'static str) -> Field {
        Field { name, item: None }
    }

    fn in_item(list: &'static str, index: usize, name: &'static str) -> Field {
        Field {
            name,
            item: Some((list, index)),
        }
    }

    /// The key on the field's own line: the last part of its dotted name.
    fn key(self) -> &'static str {
        self.name.rsplit('.').next().unwrap_or(self.name)
    }
}

/// Calls `visit` for every localized text of the records, with the file it is in, the field,
/// and the language that text need not be translated into (a law's original language).
pub(crate) fn for_each_text<'a>(
    content: &'a Content,
    mut visit: impl FnMut(Section, RecordFile<'a>, Field, &'a Localized, Option<Lang>),
) {
    for summit in &content.summits {
        let file = RecordFile::Summit(&summit.slug);
        let mut v = |field, text| visit(Section::Summits, file, field, text, None);
        v(Field::top("title"), &summit.title);
        v(Field::top("city"), &summit.city);
        v(Field::top("summary"), &summit.summary);
        for (index, mandate) in summit.mandates.iter().enumerate() {
            v(
                Field::in_item("mandates", index, "mandates.text"),
                &mandate.text,
            );
            if let Some(reference) = &mandate.reference {
                let field = Field::in_item("mandates", index, "mandates.reference");
                v(field, reference);
            }
        }
    }
    for resolution in &content.resolutions {
        let file = RecordFile::Resolution(&resolution.slug);
        let mut v = |field, text| visit(Section::Resolutions, file, field, text, None);
        // A title known in one language only is shown in it, marked with `lang`: not a gap.
        if let Some(title) = &resolution.title
            && resolution.title_language.is_none()
        {
            v(Field::top("title"), title);
        }
        if let Some(summary) = &resolution.summary {
            v(Field::top("summary"), summary);
        }
    }
    for organ in &content.organs {
        let file = RecordFile::Organ(&organ.slug);
        let mut v = |field, text| visit(Section::Activities, file, field, text, None);
        v(Field::top("name"), &organ.name);
        if let Some(acronym) = &organ.acronym {
            v(Field::top("acronym"), acronym);
        }
        v(Field::top("summary"), &organ.summary);
        for (index, group) in organ.groups.iter().enumerate() {
            v(Field::in_item("groups", index, "groups.name"), &group.name);
        }
        for (index, activity) in organ.mandated.iter().enumerate() {
            v(
                Field::in_item("mandated", index, "mandated.text"),
                &activity.text,
            );
        }
        for (list, text, place, activities) in [
            ("done", "done.text", "done.place", &organ.done),
            ("planned", "planned.text", "planned.place", &organ.planned),
        ] {
            for (index, activity) in activities.iter().enumerate() {
                v(Field::in_item(list, index, text), &activity.text);
                if let Some(text) = &activity.place {
                    v(Field::in_item(list, index, place), text);
                }
            }
        }
        for (index, entry) in organ.calendar.iter().enumerate() {
            v(
                Field::in_item("calendar", index, "calendar.text"),
                &entry.text,
            );
            if let Some(place) = &entry.place {
                v(Field::in_item("calendar", index, "calendar.place"), place);
            }
        }
    }
    for event in &content.events {
        let file = RecordFile::Event(&event.slug);
        let record = &event.record;
        let mut v = |field, text| visit(Section::Events, file, field, text, None);
        v(Field::top("title"), &record.title);
        for (field, text) in [
            ("organizers", &record.organizers),
            ("place", &record.place),
            ("participants", &record.participants),
            ("summary", &record.summary),
            ("note", &record.note),
        ] {
            if let Some(text) = text {
                v(Field::top(field), text);
            }
        }
        for (index, day) in record.agenda.iter().enumerate() {
            v(Field::in_item("agenda", index, "agenda.title"), &day.title);
            for session in &day.sessions {
                let field = Field::in_item("agenda", index, "agenda.sessions.title");
                v(field, &session.title);
                if let Some(text) = &session.text {
                    v(
                        Field::in_item("agenda", index, "agenda.sessions.text"),
                        text,
                    );
                }
            }
        }
    }
    for country in &content.countries {
        let mut v = |field, text| {
            visit(
                Section::Legislation,
                RecordFile::Countries,
                Field::top(field),
                text,
                None,
            )
        };
        v("name", &country.name);
        if let Some(note) = &country.note {
            v("note", note);
        }
    }
    for (index, treaty) in content.treaties.iter().enumerate() {
        let mut v = |field, text| {
            visit(
                Section::Legislation,
                RecordFile::Treaties,
                Field::in_item("treaties", index, field),
                text,
                None,
            )
        };
        v("title", &treaty.title);
        v("short_title", &treaty.short_title);
    }
    for (index, participation) in content.participation.iter().enumerate() {
        if let Some(note) = &participation.note {
            visit(
                Section::Legislation,
                RecordFile::Treaties,
                Field::in_item("participation", index, "participation.note"),
                note,
                None,
            );
        }
    }
    for law in &content.laws {
        let file = RecordFile::Law(law);
        let original = law.original_language.as_portal_lang();
        let mut v = |field, text, exempt| {
            visit(Section::Legislation, file, Field::top(field), text, exempt)
        };
        v("title", &law.title, original);
        v("summary", &law.summary, None);
        if let Some(note) = &law.confidence_note {
            v("confidence_note", note, None);
        }
    }
}

/// A prose page's file in a given language.
pub(crate) type ProseFile<'a> = Box<dyn Fn(Lang) -> ContentFile + 'a>;

/// The prose pages of the content, with the section they belong to, their file in each
/// language and the languages they are written in.
pub(crate) fn prose_pages(content: &Content) -> Vec<(Section, ProseFile<'_>, BTreeSet<Lang>)> {
    fn langs<M>(versions: &BTreeMap<Lang, M>) -> BTreeSet<Lang> {
        versions.keys().copied().collect()
    }
    let mut pages: Vec<(Section, ProseFile, BTreeSet<Lang>)> = vec![(
        Section::Programme,
        Box::new(ContentFile::Home),
        langs(&content.home.versions),
    )];
    for (&section, intro) in &content.intros {
        let file = move |lang| ContentFile::Intro(section, lang);
        pages.push((section, Box::new(file), langs(&intro.versions)));
    }
    for page in &content.programme {
        let file = |lang| ContentFile::Programme {
            slug: page.slug.clone(),
            lang,
        };
        pages.push((Section::Programme, Box::new(file), langs(&page.versions)));
    }
    // A meeting told entirely in its record has no prose to translate.
    for event in content.events.iter().filter(|e| !e.prose.is_empty()) {
        let file = |lang| ContentFile::Event {
            slug: event.slug.clone(),
            part: EventPart::Prose(lang),
        };
        pages.push((Section::Events, Box::new(file), langs(&event.prose)));
    }
    pages
}

struct Checker<'a> {
    sources: HashMap<&'a Path, &'a SourceFile>,
    errors: Vec<ContentError>,
}

impl Checker<'_> {
    fn at(&mut self, file: &Path, key: &str, value: &str, problem: Problem) {
        let error = match self.sources.get(file) {
            Some(source) => source.error_at(key, value, problem),
            None => ContentError::new(file, None, problem),
        };
        self.errors.push(error);
    }

    /// An error at the line of `field`: within its list item when it is in one.
    fn at_field(&mut self, file: &Path, field: Field, problem: Problem) {
        let error = match (self.sources.get(file), field.item) {
            (Some(source), Some((list, index))) => {
                source.error_in_item(list, index, field.key(), problem)
            }
            (Some(source), None) => source.error_at(field.key(), "", problem),
            (None, _) => ContentError::new(file, None, problem),
        };
        self.errors.push(error);
    }

    /// An error unless `target` is one of `known`, listing the first of them: a reference
    /// as written (`&str`) or a typed one (a [`crate::LawKey`]).
    fn reference<T: Ord + std::fmt::Display + ?Sized>(
        &mut self,
        file: RecordFile,
        key: &str,
        what: &'static str,
        target: &T,
        known: &BTreeSet<&T>,
    ) {
        if !known.contains(&target) {
            let mut list: Vec<String> = known.iter().take(12).map(ToString::to_string).collect();
            if known.len() > 12 {
                list.push("…".to_owned());
            }
            let target = target.to_string();
            let problem = Problem::BrokenReference {
                what,
                target: target.clone(),
                known: list.join(", "),
            };
            self.at(&file.path(), key, &target, problem);
        }
    }
}

fn prose_into<M>(
    pages: &mut BTreeMap<Slug, ProsePage<M>>,
    slug: Slug,
    lang: Lang,
    prose: Prose<M>,
) {
    pages
        .entry(slug.clone())
        .or_insert_with(|| ProsePage {
            slug,
            versions: BTreeMap::new(),
        })
        .versions
        .insert(lang, prose);
}

/// The parsed files sorted by what they hold, before they are linked into [`Content`].
#[derive(Default)]
struct Collected {
    site: Option<SiteConfig>,
    string_tables: BTreeMap<Lang, (SourceFile, StringTable)>,
    home: BTreeMap<Lang, Prose<FrontMatter>>,
    intros: BTreeMap<Section, BTreeMap<Lang, Prose<FrontMatter>>>,
    programme: BTreeMap<Slug, ProsePage<FrontMatter>>,
    summits: Vec<Summit>,
    resolutions: Vec<Resolution>,
    organs: Vec<Organ>,
    event_records: BTreeMap<Slug, EventRecord>,
    event_prose: BTreeMap<Slug, BTreeMap<Lang, Prose<RecordProseMatter>>>,
    countries: Option<Vec<Country>>,
    treaties: TreatyFile,
    laws: Vec<Arc<Law>>,
}

impl Collected {
    fn of(files: &[&ParsedFile]) -> Collected {
        let mut collected = Collected::default();
        for file in files.iter().copied() {
            match file.parsed.clone() {
                Parsed::Site(config) => collected.site = Some(config),
                Parsed::Strings(lang, table) => {
                    collected
                        .string_tables
                        .insert(lang, (file.source.clone(), table));
                }
                Parsed::Home(lang, prose) => {
                    collected.home.insert(lang, prose);
                }
                Parsed::Intro(section, lang, prose) => {
                    collected
                        .intros
                        .entry(section)
                        .or_default()
                        .insert(lang, prose);
                }
                Parsed::Programme(slug, lang, prose) => {
                    prose_into(&mut collected.programme, slug, lang, prose)
                }
                Parsed::Summit(summit) => collected.summits.push(summit),
                Parsed::Resolution(resolution) => collected.resolutions.push(resolution),
                Parsed::Organ(organ) => collected.organs.push(organ),
                Parsed::Event(slug, record) => {
                    collected.event_records.insert(slug, record);
                }
                Parsed::EventProse(slug, lang, prose) => {
                    collected
                        .event_prose
                        .entry(slug)
                        .or_default()
                        .insert(lang, prose);
                }
                Parsed::Countries(list) => collected.countries = Some(list),
                Parsed::Treaties(file) => collected.treaties = file,
                Parsed::Law(law) => collected.laws.push(law),
            }
        }
        collected
    }
}

/// Links the parsed files into [`Content`]: sorts them by kind, checks that what every build
/// needs is there, orders and indexes the records, then checks the whole.
pub(crate) fn assemble<'a>(
    files: impl IntoIterator<Item = &'a ParsedFile>,
) -> Result<(Content, Vec<Warning>), ContentErrors> {
    let files: Vec<&ParsedFile> = files.into_iter().collect();
    let mut checker = Checker {
        sources: files
            .iter()
            .map(|file| (file.source.path.as_path(), &file.source))
            .collect(),
        errors: Vec::new(),
    };
    let collected = Collected::of(&files);
    let Some(site) = collected.site else {
        return Err(ContentErrors(vec![missing(
            ContentFile::Site,
            "the site configuration (title, languages, default_language, base_url, menu)",
        )]));
    };
    check_site(&site, &mut checker);
    if collected.home.is_empty() {
        checker.errors.push(missing(
            ContentFile::Home(site.default_language),
            "the home page text",
        ));
    }
    let countries = collected.countries.unwrap_or_else(|| {
        checker
            .errors
            .push(missing(ContentFile::Countries, "the list of member states"));
        Vec::new()
    });

    let mut warnings = Vec::new();
    let strings = Strings::new(
        collected.string_tables,
        site.default_language,
        &site.languages,
        &mut warnings,
    );
    let events = join_events(collected.event_records, collected.event_prose, &mut checker);
    let (mut summits, mut resolutions, mut organs) =
        (collected.summits, collected.resolutions, collected.organs);
    summits.sort_by(|a, b| (a.start, &a.slug).cmp(&(b.start, &b.slug)));
    resolutions.sort_by(|a, b| (a.adopted, &a.symbol).cmp(&(b.adopted, &b.symbol)));
    organs.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    let laws = laws_in_order(collected.laws, &countries);

    let content = Content {
        strings,
        home: ProsePage {
            slug: Slug::of_folder("home"),
            versions: collected.home,
        },
        intros: collected
            .intros
            .into_iter()
            .map(|(section, versions)| {
                let slug = Slug::of_folder(section.slug());
                (section, ProsePage { slug, versions })
            })
            .collect(),
        programme: programme_in_order(collected.programme),
        summits,
        resolutions,
        organs,
        events,
        countries,
        treaties: collected.treaties.treaties,
        participation: collected.treaties.participation,
        law_index: laws
            .iter()
            .enumerate()
            .map(|(index, law)| (law.key(), index))
            .collect(),
        laws_by_country: laws_by_country(&laws),
        laws,
        site,
    };
    check(&content, &mut checker);
    match checker.errors.is_empty() {
        true => Ok((content, warnings)),
        false => {
            checker
                .errors
                .sort_by(|a, b| (&a.file, a.location).cmp(&(&b.file, b.location)));
            Err(ContentErrors(checker.errors))
        }
    }
}

/// A file every build needs that is not there.
fn missing(file: ContentFile, what: &'static str) -> ContentError {
    ContentError::new(file.path(), None, Problem::Missing(what))
}

/// What site.yaml must hold together: a published address, and its source language among
/// its languages.
fn check_site(site: &SiteConfig, checker: &mut Checker) {
    if let Err(message) = crate::check_base_url(&site.base_url) {
        let problem = Problem::Invalid(format!("`base_url` is {message}"));
        checker.at(&ContentFile::Site.path(), "base_url", "", problem);
    }
    let source = site.default_language;
    if !site.languages.contains(&source) {
        checker.at(
            &ContentFile::Site.path(),
            "default_language",
            "",
            Problem::Inconsistent(format!(
                "the default language `{source}` is not in `languages`"
            )),
        );
    }
}

/// Each event record with its prose; prose without a record is an error.
fn join_events(
    records: BTreeMap<Slug, EventRecord>,
    mut prose: BTreeMap<Slug, BTreeMap<Lang, Prose<RecordProseMatter>>>,
    checker: &mut Checker,
) -> Vec<Event> {
    for slug in prose.keys() {
        if !records.contains_key(slug) {
            checker.errors.push(missing(
                ContentFile::Event {
                    slug: slug.clone(),
                    part: EventPart::Record,
                },
                "the event record beside its prose",
            ));
        }
    }
    records
        .into_iter()
        .map(|(slug, record)| {
            let prose = prose.remove(&slug).unwrap_or_default();
            Event {
                slug,
                record,
                prose,
            }
        })
        .collect()
}

/// The laws by country, in the order of countries.yaml, then by date and slug.
fn laws_in_order(laws: Vec<Arc<Law>>, countries: &[Country]) -> Vec<Arc<Law>> {
    let country_order: HashMap<&CountryCode, usize> = countries
        .iter()
        .enumerate()
        .map(|(index, country)| (&country.iso2, index))
        .collect();
    let mut keyed: Vec<(Option<usize>, Option<PartialDate>, Arc<Law>)> = laws
        .into_iter()
        .map(|law: Arc<Law>| {
            let order = country_order.get(&law.country).copied();
            (order, law.dates.principal(), law)
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, a.1, &a.2.slug).cmp(&(b.0, b.1, &b.2.slug)));
    keyed.into_iter().map(|(_, _, law)| law).collect()
}

/// Where each country's laws lie in `laws`, which keeps them together.
fn laws_by_country(laws: &[Arc<Law>]) -> HashMap<CountryCode, Range<usize>> {
    let mut ranges: HashMap<CountryCode, Range<usize>> = HashMap::new();
    for (index, law) in laws.iter().enumerate() {
        ranges
            .entry(law.country.clone())
            .and_modify(|range| range.end = index + 1)
            .or_insert(index..index + 1);
    }
    ranges
}

/// The Program's pages by the weight of their first version, then slug.
fn programme_in_order(
    pages: BTreeMap<Slug, ProsePage<FrontMatter>>,
) -> Vec<ProsePage<FrontMatter>> {
    let mut programme: Vec<_> = pages.into_values().collect();
    let weight = |page: &ProsePage<FrontMatter>| {
        page.versions
            .values()
            .next()
            .and_then(|prose| prose.matter.weight)
            .unwrap_or(0)
    };
    programme.sort_by(|a, b| (weight(a), &a.slug).cmp(&(weight(b), &b.slug)));
    programme
}

fn check(content: &Content, checker: &mut Checker) {
    let source = content.source_lang();
    for_each_text(content, |_, file, field, text, exempt| {
        if !text.has(source) && exempt != Some(source) {
            let problem = Problem::MissingSourceText {
                field: field.name.to_owned(),
                lang: source.to_string(),
            };
            checker.at_field(&file.path(), field, problem);
        }
    });
    for (_, file, langs) in prose_pages(content) {
        if !langs.is_empty() && !langs.contains(&source) {
            checker.errors.push(ContentError::new(
                file(source).path(),
                None,
                Problem::Missing("the source-language version of this page"),
            ));
        }
    }

    let mut iso2s = BTreeSet::new();
    for country in &content.countries {
        if !iso2s.insert(country.iso2.as_str()) {
            let problem = Problem::DuplicateId {
                id: country.iso2.to_string(),
                first: RecordFile::Countries.path().display().to_string(),
            };
            checker.at(
                &RecordFile::Countries.path(),
                "iso2",
                country.iso2.as_str(),
                problem,
            );
        }
    }
    let summit_slugs: BTreeSet<&str> = content.summits.iter().map(|s| s.slug.as_str()).collect();
    let resolution_slugs: BTreeSet<&str> = content
        .resolutions
        .iter()
        .map(|r| r.slug.as_str())
        .collect();
    let law_keys: BTreeSet<&LawKey> = content.law_index.keys().collect();

    for summit in &content.summits {
        let file = RecordFile::Summit(&summit.slug);
        // No countries means countries.yaml is missing or broken, an error of its own: one per
        // record on top of it would bury it.
        if !iso2s.is_empty() {
            let country = summit.country.as_str();
            checker.reference(file, "country", "country", country, &iso2s);
        }
        if (summit.kind == SummitKind::Regular) != summit.ordinal.is_some() {
            let problem = Problem::Inconsistent(
                "expected an `ordinal` on a regular Summit and none on a special one".into(),
            );
            checker.at(&file.path(), "kind", "", problem);
        }
    }
    for resolution in &content.resolutions {
        let file = RecordFile::Resolution(&resolution.slug);
        for summit in &resolution.summits {
            checker.reference(file, "summits", "Summit", summit.as_str(), &summit_slugs);
        }
        for cited in &resolution.cites {
            checker.reference(
                file,
                "cites",
                "resolution",
                cited.as_str(),
                &resolution_slugs,
            );
        }
    }
    for organ in &content.organs {
        let file = RecordFile::Organ(&organ.slug);
        let groups: BTreeSet<&str> = organ.groups.iter().map(|g| g.id.as_str()).collect();
        for activity in &organ.mandated {
            if let Some(group) = &activity.group {
                checker.reference(file, "group", "group", group.as_str(), &groups);
            }
        }
    }
    let organ_slugs: BTreeSet<&str> = content.organs.iter().map(|o| o.slug.as_str()).collect();
    for event in &content.events {
        check_event(
            content,
            checker,
            event,
            &organ_slugs,
            &summit_slugs,
            &resolution_slugs,
        );
    }
    let mut law_ids: HashMap<&str, &Law> = HashMap::new();
    for law in &content.laws {
        let file = RecordFile::Law(law);
        if !iso2s.is_empty() {
            let folder = law.country.as_str();
            checker.reference(file, "country", "country folder", folder, &iso2s);
        }
        if let Some(id) = &law.id {
            let iso3 = content.country(&law.country).map(|c| c.iso3.as_str());
            if let Some(problem) = id_problem(id, iso3) {
                checker.at(&file.path(), "id", id, problem);
            }
            if let Some(first) = law_ids.insert(id, law) {
                let problem = Problem::DuplicateId {
                    id: id.clone(),
                    first: RecordFile::Law(first).path().display().to_string(),
                };
                checker.at(&file.path(), "id", id, problem);
            }
        }
        check_status(law, checker);
        if law.subjects.is_empty() {
            let problem = Problem::Inconsistent(
                "a law without subjects; expected at least one subject in `subjects`".into(),
            );
            checker.at(&file.path(), "subjects", "", problem);
        }
        for relation in &law.relations {
            if let Some(target) = &relation.law {
                checker.reference(file, "law", "law", target, &law_keys);
            }
        }
    }
    check_treaties(content, &iso2s, checker);
}

/// What is wrong with a record id, if anything: it must start with the country's ISO3 code
/// and a confirmed four-digit year (a year of `0000` presents a guess as a stable id).
fn id_problem(id: &str, iso3: Option<&str>) -> Option<Problem> {
    let mut parts = id.splitn(3, '-');
    let (prefix, year, rest) = (parts.next()?, parts.next(), parts.next());
    let expected = "expected `ISO3-YEAR-TYPE-NUMBER` (e.g. `ARG-2008-L-26364`), or no `id` while the year is not confirmed";
    let year_ok = year.is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    if !year_ok || rest.is_none_or(str::is_empty) {
        return Some(Problem::Inconsistent(format!(
            "invalid id `{id}`; {expected}"
        )));
    }
    if year == Some("0000") {
        return Some(Problem::Inconsistent(format!(
            "the id `{id}` has the year 0000; expected a confirmed year, or no `id` until it is confirmed"
        )));
    }
    match iso3 {
        Some(iso3) if iso3 != prefix => Some(Problem::Inconsistent(format!(
            "the id `{id}` starts with `{prefix}`; expected the country's ISO3 code `{iso3}`"
        ))),
        _ => None,
    }
}

/// A status other than `to-be-verified` is published only with the source that states it,
/// and that source must be one the record lists.
fn check_status(law: &Law, checker: &mut Checker) {
    let path = RecordFile::Law(law).path();
    let Some(source) = checker.sources.get(path.as_path()).copied() else {
        return;
    };
    let status = law.status.slug();
    match (&law.status, &law.status_source) {
        (LawStatus::ToBeVerified, None) => {}
        (LawStatus::ToBeVerified, Some(_)) => {
            checker.errors.push(source.error_under(
                "status_source",
                "url",
                Problem::Inconsistent(
                    "a `status_source` on a status `to-be-verified`; expected the status the source states (in-force, partially-in-force, repealed, not-yet-in-force), or no `status_source`".into(),
                ),
            ));
        }
        (_, None) => {
            checker.errors.push(source.error_at(
                "status",
                status,
                Problem::Inconsistent(format!(
                    "the status `{status}` has no `status_source`; expected `status_source: {{url: <one of the record's sources>, date: <optional>}}` naming the source that says so, or `status: \"to-be-verified\"`"
                )),
            ));
        }
        (_, Some(status_source)) => {
            if !law.sources.iter().any(|s| s.url == status_source.url) {
                let urls: Vec<&str> = law.sources.iter().map(|s| s.url.as_str()).collect();
                checker.errors.push(source.error_under(
                    "status_source",
                    "url",
                    Problem::Inconsistent(format!(
                        "`status_source.url` `{}` is not one of the record's sources; expected one of: {}",
                        status_source.url,
                        urls.join(", ")
                    )),
                ));
            }
        }
    }
}

/// Treaties have unique slugs; every participation names a known state and treaty, says
/// where its facts come from unless it is `not-confirmed` (which says what is known instead),
/// carries only the dates its action can have, and each state appears once per treaty.
fn check_treaties(content: &Content, iso2s: &BTreeSet<&str>, checker: &mut Checker) {
    let path = ContentFile::Treaties.path();
    let Some(source) = checker.sources.get(path.as_path()).copied() else {
        return;
    };
    let mut slugs = BTreeSet::new();
    for (index, treaty) in content.treaties.iter().enumerate() {
        let valid = !treaty.slug.is_empty()
            && treaty
                .slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            checker.errors.push(source.error_in_item(
                "treaties",
                index,
                "slug",
                Problem::Inconsistent(format!(
                    "invalid treaty slug `{}`; expected lower-case ASCII letters, digits and `-`",
                    treaty.slug
                )),
            ));
        }
        if !slugs.insert(treaty.slug.as_str()) {
            checker.errors.push(source.error_in_item(
                "treaties",
                index,
                "slug",
                Problem::DuplicateId {
                    id: treaty.slug.clone(),
                    first: path.display().to_string(),
                },
            ));
        }
    }
    let list = |known: &BTreeSet<&str>| known.iter().copied().collect::<Vec<_>>().join(", ");
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for (index, entry) in content.participation.iter().enumerate() {
        let mut report = |key: &str, problem: Problem| {
            checker
                .errors
                .push(source.error_in_item("participation", index, key, problem));
        };
        // An unreadable country list is reported once, not once per entry.
        if !iso2s.is_empty() && !iso2s.contains(entry.country.as_str()) {
            report(
                "country",
                Problem::BrokenReference {
                    what: "country",
                    target: entry.country.to_string(),
                    known: list(iso2s),
                },
            );
        }
        if !slugs.contains(entry.treaty.as_str()) {
            report(
                "treaty",
                Problem::BrokenReference {
                    what: "treaty",
                    target: entry.treaty.clone(),
                    known: list(&slugs),
                },
            );
        }
        let action = entry.action.slug();
        if entry.action == TreatyAction::NotConfirmed {
            if entry.note.is_none() {
                report(
                    "action",
                    Problem::Inconsistent(
                        "a `not-confirmed` participation without `note`; expected a note saying what is known".into(),
                    ),
                );
            }
        } else {
            if entry.confidence.is_none() {
                report(
                    "action",
                    Problem::Inconsistent(format!(
                        "the action `{action}` has no `confidence`; expected low, medium, medium-high or high (only `not-confirmed` has none)"
                    )),
                );
            }
            if entry.sources.is_empty() {
                report(
                    "action",
                    Problem::Inconsistent(format!(
                        "the action `{action}` has no `sources`; expected the sources that say so (only `not-confirmed` has none)"
                    )),
                );
            }
        }
        let dates: Vec<(&str, bool)> = match entry.action {
            TreatyAction::NoAction => vec![
                ("signed", entry.signed.is_some()),
                ("consent", entry.consent.is_some()),
                ("in_force", entry.in_force.is_some()),
            ],
            TreatyAction::Signature => vec![
                ("consent", entry.consent.is_some()),
                ("in_force", entry.in_force.is_some()),
            ],
            _ => Vec::new(),
        };
        for (key, present) in dates {
            if present {
                report(
                    key,
                    Problem::Inconsistent(format!(
                        "a `{key}` date on the action `{action}`; expected it only once the state is bound (ratification, accession, party)"
                    )),
                );
            }
        }
        if let Some(first) = seen.insert((entry.country.as_str(), entry.treaty.as_str()), index) {
            report(
                "country",
                Problem::Inconsistent(format!(
                    "`{}` has a second entry for `{}` (the first is entry {} of `participation`); expected one entry per state per treaty",
                    entry.country,
                    entry.treaty,
                    first + 1
                )),
            );
        }
    }
    for treaty in &content.treaties {
        let missing: Vec<&str> = iso2s
            .iter()
            .copied()
            .filter(|iso2| !seen.contains_key(&(*iso2, treaty.slug.as_str())))
            .collect();
        if !missing.is_empty() {
            let index = content
                .treaties
                .iter()
                .position(|t| t.slug == treaty.slug)
                .unwrap_or(0);
            checker.errors.push(source.error_in_item(
                "treaties",
                index,
                "slug",
                Problem::Inconsistent(format!(
                    "no participation entry for `{}` in: {}; expected one entry per member state (use `action: not-confirmed` with a note where no source was found)",
                    treaty.slug,
                    missing.join(", ")
                )),
            ));
        }
    }
}

/// An event's references resolve (organs, mandated activities, resolutions, Summits) and it
/// does not end before it starts.
fn check_event(
    content: &Content,
    checker: &mut Checker,
    event: &Event,
    organs: &BTreeSet<&str>,
    summits: &BTreeSet<&str>,
    resolutions: &BTreeSet<&str>,
) {
    let file = RecordFile::Event(&event.slug);
    let record = &event.record;
    for organ in &record.organs {
        checker.reference(file, "organs", "organ", organ.as_str(), organs);
    }
    for served in &record.mandated {
        checker.reference(file, "organ", "organ", served.organ.as_str(), organs);
        let Some(organ) = content.organs.iter().find(|o| o.slug == *served.organ) else {
            continue;
        };
        if served.activity == 0 || served.activity > organ.mandated.len() {
            let problem = Problem::Invalid(format!(
                "activity {} of `{}`: expected a number from 1 to {}, its mandated activities",
                served.activity,
                organ.slug,
                organ.mandated.len()
            ));
            checker.at(
                &file.path(),
                "activity",
                &served.activity.to_string(),
                problem,
            );
        }
    }
    for resolution in &record.resolutions {
        checker.reference(
            file,
            "resolutions",
            "resolution",
            resolution.as_str(),
            resolutions,
        );
    }
    for summit in &record.summits {
        checker.reference(file, "summits", "Summit", summit.as_str(), summits);
    }
    match (record.date, record.end) {
        (None, Some(_)) => {
            let problem = Problem::Inconsistent("an `end` without a `date`".into());
            checker.at(&file.path(), "end", "", problem);
        }
        (Some(start), Some(end)) if end < start => {
            let problem = Problem::Inconsistent(format!("`end` {end} is before `date` {start}"));
            checker.at(&file.path(), "end", &end.to_string(), problem);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ContentErrors, SourceFile, parse_file};

    const SITE: &str = "title: {fr: Portail}\ntagline: {fr: Devise}\nlanguages: [fr, en]\ndefault_language: fr\nbase_url: \"https://example.org/\"\nmenu: [legislation]\nopen_data_licence: {name: CC-BY-4.0, title: CC BY 4.0, path: \"https://creativecommons.org/licenses/by/4.0/\"}\n";
    const COUNTRIES: &str = "- {iso2: ag, iso3: ATG, name: {fr: Antigua-et-Barbuda}, region: caribbean, joined: 1981}\n- {iso2: ar, iso3: ARG, name: {fr: Argentine}, region: south-america, joined: 1948}\n";
    const LAW: &str = "id: \"ARG-2008-L-26364\"\noriginal_title: \"Ley 26.364\"\noriginal_language: es\ntype: law\nstatus: \"to-be-verified\"\nsubjects: [trafficking-in-persons]\nsummary: {fr: Loi}\nsources:\n  - url: \"https://www.infoleg.gob.ar/ley-26364\"\n    title: InfoLEG\n    official: true\nconfidence: high\nverified: \"2026-12-01\"\nupdated: \"2026-12-01\"\ntitle: {fr: \"Loi 26.364\"}\n";
    const TREATIES: &str = "treaties:\n  - slug: palermo-protocol\n    title: {fr: Protocole}\n    short_title: {fr: Palerme}\nparticipation:\n  - country: ag\n    treaty: palermo-protocol\n    action: ratification\n    consent: \"2010-02-17\"\n    confidence: high\n    sources: [{url: \"https://treaties.un.org/\", title: UNTC, official: true}]\n  - country: ar\n    treaty: palermo-protocol\n    action: not-confirmed\n    note: {fr: Ratifié selon une loi nationale}\n";

    /// Loads a project made of the base files and `extra` (path, text), with `law` as
    /// Argentina's record.
    fn load(law: &str, extra: &[(&str, &str)]) -> Result<Content, ContentErrors> {
        let mut files = vec![
            ("content/site.yaml", SITE),
            ("content/countries.yaml", COUNTRIES),
            (
                "content/home/index.fr.md",
                "---\ntitle: Accueil\nupdated: \"2026-12-01\"\n---\nTexte.\n",
            ),
            ("content/legislation/ar/ley-26364.yaml", law),
        ];
        files.extend_from_slice(extra);
        let mut parsed = Vec::new();
        let mut errors = Vec::new();
        for (path, text) in files {
            match parse_file(SourceFile::new(path, text)) {
                Ok(file) => parsed.push(file),
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            return Err(ContentErrors(errors));
        }
        super::assemble(&parsed).map(|(content, _)| content)
    }

    /// Argentina's law of the test project.
    fn ley_26364(content: &Content) -> &Law {
        content
            .law(&"ar".parse().unwrap(), &"ley-26364".parse().unwrap())
            .unwrap()
    }

    fn errors(law: &str, extra: &[(&str, &str)]) -> Vec<String> {
        match load(law, extra) {
            Ok(_) => panic!("the content loaded; expected errors"),
            Err(ContentErrors(errors)) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn the_agreed_format_loads() {
        let content = load(LAW, &[("content/treaties.yaml", TREATIES)]).expect("valid");
        assert_eq!(content.treaties.len(), 1);
        let ag = content
            .participation_of(&"ag".parse().unwrap(), "palermo-protocol")
            .unwrap();
        assert_eq!(ag.action, TreatyAction::Ratification);
        assert_eq!(ag.consent.unwrap().to_string(), "2010-02-17");
        let law = ley_26364(&content);
        assert_eq!(law.subjects, [Subject::TraffickingInPersons]);
        let without_id = LAW.replacen("id: \"ARG-2008-L-26364\"\n", "", 1);
        let law_type = without_id.replacen("type: law", "type: penal-code-provision", 1);
        let content = load(&law_type, &[]).expect("an id is optional");
        let law = ley_26364(&content);
        assert_eq!(law.id, None);
        assert_eq!(law.law_type, LawType::PenalCodeProvision);
    }

    #[test]
    fn a_status_other_than_to_be_verified_needs_the_source_that_says_so() {
        let in_force = LAW.replacen("\"to-be-verified\"", "\"in-force\"", 1);
        let found = errors(&in_force, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("content/legislation/ar/ley-26364.yaml:5:")
                && found[0].contains("has no `status_source`"),
            "{found:?}"
        );
        let sourced = format!(
            "{in_force}status_source:\n  url: \"https://www.infoleg.gob.ar/ley-26364\"\n  date: \"2008-04\"\n"
        );
        let content = load(&sourced, &[]).expect("a status with its source");
        let evidence = ley_26364(&content).status_source.clone();
        assert_eq!(evidence.unwrap().date.unwrap().to_string(), "2008-04");

        let elsewhere = sourced.replacen(
            "  url: \"https://www.infoleg.gob.ar/ley-26364\"",
            "  url: \"https://example.org/blog\"",
            1,
        );
        let found = errors(&elsewhere, &[]);
        assert!(
            found[0].starts_with("content/legislation/ar/ley-26364.yaml:17:3:")
                && found[0].contains("is not one of the record's sources; expected one of: https://www.infoleg.gob.ar/ley-26364"),
            "{found:?}"
        );
        let unverified =
            format!("{LAW}status_source:\n  url: \"https://www.infoleg.gob.ar/ley-26364\"\n");
        assert!(errors(&unverified, &[])[0].contains("on a status `to-be-verified`"));
    }

    #[test]
    fn ids_never_present_an_unknown_year_or_another_country() {
        let guessed = LAW.replacen("ARG-2008-L-26364", "ARG-0000-L-26364", 1);
        let found = errors(&guessed, &[]);
        assert!(
            found[0].starts_with("content/legislation/ar/ley-26364.yaml:1:")
                && found[0].contains("the year 0000"),
            "{found:?}"
        );
        let other = LAW.replacen("ARG-2008-L-26364", "BRA-2008-L-26364", 1);
        assert!(errors(&other, &[])[0].contains("expected the country's ISO3 code `ARG`"));
    }

    #[test]
    fn the_old_subject_and_an_empty_subject_list_are_errors() {
        let old = LAW.replacen("trafficking-in-persons", "trafficking-and-smuggling", 1);
        let found = errors(&old, &[]);
        assert!(
            found[0].contains("ley-26364.yaml:6:")
                && found[0].contains("unknown variant `trafficking-and-smuggling`")
                && found[0].contains("migrant-smuggling"),
            "{found:?}"
        );
        let none = LAW.replacen("[trafficking-in-persons]", "[]", 1);
        assert!(errors(&none, &[])[0].contains("expected at least one subject"));
    }

    #[test]
    fn treaty_participation_errors_point_at_their_entry() {
        let unknown = TREATIES.replacen("  - country: ar\n", "  - country: zz\n", 1);
        let found = errors(LAW, &[("content/treaties.yaml", &unknown)]);
        assert!(
            found
                .iter()
                .any(|e| e.starts_with("content/treaties.yaml:12:5: country `zz` does not exist")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|e| e.contains("no participation entry for `palermo-protocol` in: ar")),
            "{found:?}"
        );

        let unsourced = TREATIES.replacen(
            "    confidence: high\n    sources: [{url: \"https://treaties.un.org/\", title: UNTC, official: true}]\n",
            "",
            1,
        );
        let found = errors(LAW, &[("content/treaties.yaml", &unsourced)]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .all(|e| e.starts_with("content/treaties.yaml:8:5:")),
            "{found:?}"
        );
        assert!(found.iter().any(|e| e.contains("has no `confidence`")));
        assert!(found.iter().any(|e| e.contains("has no `sources`")));

        let no_note = TREATIES.replacen("    note: {fr: Ratifié selon une loi nationale}\n", "", 1);
        let found = errors(LAW, &[("content/treaties.yaml", &no_note)]);
        assert!(
            found[0].starts_with("content/treaties.yaml:14:5:")
                && found[0].contains("without `note`"),
            "{found:?}"
        );

        let twice = format!(
            "{TREATIES}  - {{country: ag, treaty: palermo-protocol, action: no-action, signed: \"2001\", confidence: high, sources: [{{url: \"https://x.org/\", title: X}}]}}\n"
        );
        let found = errors(LAW, &[("content/treaties.yaml", &twice)]);
        assert!(
            found
                .iter()
                .any(|e| e.contains(":16:")
                    && e.contains("a `signed` date on the action `no-action`")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|e| e.contains("`ag` has a second entry for `palermo-protocol`")),
            "{found:?}"
        );

        let misspelt = TREATIES.replacen("action: ratification", "action: ratified", 1);
        let found = errors(LAW, &[("content/treaties.yaml", &misspelt)]);
        assert!(
            found[0].starts_with("content/treaties.yaml:8:")
                && found[0].contains("unknown variant `ratified`"),
            "{found:?}"
        );
    }
}
