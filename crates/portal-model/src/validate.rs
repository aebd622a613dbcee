//! Linking parsed files into [`Content`] and checking the whole: required languages,
//! references, unique ids, and the presence of what every build needs.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::load::{Content, Parsed, ParsedFile, Warning};
use crate::records::*;
use crate::strings::Strings;
use crate::{ContentError, ContentErrors, Lang, Localized, PartialDate, Problem, SourceFile};

/// The record file a text is in. Its path is only spelled out for a problem: checking the
/// texts of 10,000 laws after every edit must not format 10,000 paths.
#[derive(Clone, Copy)]
pub(crate) enum RecordFile<'a> {
    Summit(&'a str),
    Resolution(&'a str),
    Organ(&'a str),
    Event(&'a str),
    Countries,
    Law(&'a Law),
}

impl RecordFile<'_> {
    pub(crate) fn path(self) -> PathBuf {
        PathBuf::from(match self {
            RecordFile::Summit(slug) => format!("content/summits/{slug}.yaml"),
            RecordFile::Resolution(slug) => format!("content/resolutions/{slug}.yaml"),
            RecordFile::Organ(slug) => format!("content/activities/{slug}.yaml"),
            RecordFile::Event(slug) => format!("content/events/{slug}/event.yaml"),
            RecordFile::Countries => "content/countries.yaml".to_owned(),
            RecordFile::Law(law) => format!("content/legislation/{}.yaml", law.key()),
        })
    }
}

/// Calls `visit` for every localized text of the records, with the file it is in, the field's
/// name, and the language that text need not be translated into (a law's original language).
pub(crate) fn for_each_text<'a>(
    content: &'a Content,
    mut visit: impl FnMut(Section, RecordFile<'a>, &'static str, &'a Localized, Option<Lang>),
) {
    for summit in &content.summits {
        let file = RecordFile::Summit(&summit.slug);
        let mut v = |field, text| visit(Section::Summits, file, field, text, None);
        v("title", &summit.title);
        v("city", &summit.city);
        v("summary", &summit.summary);
        for mandate in &summit.mandates {
            v("mandates.text", &mandate.text);
            if let Some(reference) = &mandate.reference {
                v("mandates.reference", reference);
            }
        }
    }
    for resolution in &content.resolutions {
        let file = RecordFile::Resolution(&resolution.slug);
        let mut v = |field, text| visit(Section::Resolutions, file, field, text, None);
        if let Some(title) = &resolution.title {
            v("title", title);
        }
        if let Some(summary) = &resolution.summary {
            v("summary", summary);
        }
    }
    for organ in &content.organs {
        let file = RecordFile::Organ(&organ.slug);
        let mut v = |field, text| visit(Section::Activities, file, field, text, None);
        v("name", &organ.name);
        if let Some(acronym) = &organ.acronym {
            v("acronym", acronym);
        }
        v("summary", &organ.summary);
        for group in &organ.groups {
            v("groups.name", &group.name);
        }
        for activity in &organ.mandated {
            v("mandated.text", &activity.text);
        }
        for activity in organ.done.iter().chain(&organ.planned) {
            v("done.text", &activity.text);
            if let Some(place) = &activity.place {
                v("done.place", place);
            }
        }
        for entry in &organ.calendar {
            v("calendar.text", &entry.text);
            if let Some(place) = &entry.place {
                v("calendar.place", place);
            }
        }
    }
    for event in &content.events {
        let file = RecordFile::Event(&event.slug);
        let record = &event.record;
        let mut v = |field, text| visit(Section::Events, file, field, text, None);
        v("title", &record.title);
        for text in record.organizers.iter().chain(&record.place) {
            v("organizers", text);
        }
        for day in &record.agenda {
            v("agenda.title", &day.title);
            for session in &day.sessions {
                v("agenda.sessions.title", &session.title);
                if let Some(text) = &session.text {
                    v("agenda.sessions.text", text);
                }
            }
        }
    }
    for country in &content.countries {
        let mut v = |field, text| {
            visit(
                Section::Legislation,
                RecordFile::Countries,
                field,
                text,
                None,
            )
        };
        v("name", &country.name);
        if let Some(note) = &country.note {
            v("note", note);
        }
    }
    for law in &content.laws {
        let file = RecordFile::Law(law);
        let original = law.original_language.as_portal_lang();
        visit(Section::Legislation, file, "title", &law.title, original);
        visit(Section::Legislation, file, "summary", &law.summary, None);
        if let Some(note) = &law.confidence_note {
            visit(Section::Legislation, file, "confidence_note", note, None);
        }
    }
}

/// The prose pages of the content, with the section they belong to and their folder.
pub(crate) fn prose_pages(content: &Content) -> Vec<(Section, PathBuf, BTreeSet<Lang>)> {
    fn langs<M>(versions: &BTreeMap<Lang, M>) -> BTreeSet<Lang> {
        versions.keys().copied().collect()
    }
    let mut pages = vec![(
        Section::Programme,
        PathBuf::from("content/home/index"),
        langs(&content.home.versions),
    )];
    for (section, intro) in &content.intros {
        let folder = format!("content/{}/_index", section.slug());
        pages.push((*section, folder.into(), langs(&intro.versions)));
    }
    for page in &content.programme {
        let folder = format!("content/programme/{}/index", page.slug);
        pages.push((Section::Programme, folder.into(), langs(&page.versions)));
    }
    for event in &content.events {
        let folder = format!("content/events/{}/index", event.slug);
        pages.push((Section::Events, folder.into(), langs(&event.prose)));
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

    fn reference(
        &mut self,
        file: RecordFile,
        key: &str,
        what: &'static str,
        target: &str,
        known: &BTreeSet<&str>,
    ) {
        if !known.contains(target) {
            let mut list: Vec<&str> = known.iter().copied().collect();
            if list.len() > 12 {
                list.truncate(12);
                list.push("…");
            }
            let problem = Problem::BrokenReference {
                what,
                target: target.to_owned(),
                known: list.join(", "),
            };
            self.at(&file.path(), key, target, problem);
        }
    }
}

fn prose_into<M>(
    pages: &mut BTreeMap<String, ProsePage<M>>,
    slug: String,
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

pub(crate) fn assemble<'a>(
    files: impl IntoIterator<Item = &'a ParsedFile>,
) -> Result<(Content, Vec<Warning>), ContentErrors> {
    let files: Vec<&ParsedFile> = files.into_iter().collect();
    let mut site = None;
    let mut string_tables = BTreeMap::new();
    let mut home = BTreeMap::new();
    let mut intros: BTreeMap<Section, BTreeMap<Lang, Prose<FrontMatter>>> = BTreeMap::new();
    let mut programme = BTreeMap::new();
    let mut summits = Vec::new();
    let mut resolutions = Vec::new();
    let mut organs = Vec::new();
    let mut event_records = BTreeMap::new();
    let mut event_prose: BTreeMap<String, BTreeMap<Lang, _>> = BTreeMap::new();
    let mut countries = None;
    let mut laws = Vec::new();

    let mut sources = HashMap::new();
    for file in &files {
        sources.insert(file.source.path.as_path(), &file.source);
    }
    for file in files.iter().copied() {
        match file.parsed.clone() {
            Parsed::Site(config) => site = Some(config),
            Parsed::Strings(lang, table) => {
                string_tables.insert(lang, (file.source.clone(), table));
            }
            Parsed::Home(lang, prose) => {
                home.insert(lang, prose);
            }
            Parsed::Intro(section, lang, prose) => {
                intros.entry(section).or_default().insert(lang, prose);
            }
            Parsed::Programme(slug, lang, prose) => prose_into(&mut programme, slug, lang, prose),
            Parsed::Summit(summit) => summits.push(summit),
            Parsed::Resolution(resolution) => resolutions.push(resolution),
            Parsed::Organ(organ) => organs.push(organ),
            Parsed::Event(slug, record) => {
                event_records.insert(slug, record);
            }
            Parsed::EventProse(slug, lang, prose) => {
                event_prose.entry(slug).or_default().insert(lang, prose);
            }
            Parsed::Countries(list) => countries = Some(list),
            Parsed::Law(law) => laws.push(law),
        }
    }
    let mut checker = Checker {
        sources,
        errors: Vec::new(),
    };
    let missing = |file: &str, what: &str| {
        ContentError::new(file, None, Problem::Io(format!("missing; expected {what}")))
    };
    let Some(site) = site else {
        return Err(ContentErrors(vec![missing(
            "content/site.yaml",
            "the site configuration (title, languages, default_language, base_url, menu)",
        )]));
    };
    let source = site.default_language;
    if !site.languages.contains(&source) {
        checker.at(
            Path::new("content/site.yaml"),
            "default_language",
            "",
            Problem::Inconsistent(format!(
                "the default language `{source}` is not in `languages`"
            )),
        );
    }
    if home.is_empty() {
        checker
            .errors
            .push(missing("content/home/index.fr.md", "the home page text"));
    }
    let countries = countries.unwrap_or_else(|| {
        checker.errors.push(missing(
            "content/countries.yaml",
            "the list of member states",
        ));
        Vec::new()
    });

    let mut warnings = Vec::new();
    let strings = Strings::new(string_tables, source, &site.languages, &mut warnings);

    let mut events = Vec::new();
    for (slug, prose) in &event_prose {
        if !event_records.contains_key(slug) {
            checker.errors.push(missing(
                &format!("content/events/{slug}/event.yaml"),
                "the event record beside its prose",
            ));
        }
        let _ = prose;
    }
    for (slug, record) in event_records {
        let prose = event_prose.remove(&slug).unwrap_or_default();
        events.push(Event {
            slug,
            record,
            prose,
        });
    }

    summits.sort_by(|a, b| (a.start, &a.slug).cmp(&(b.start, &b.slug)));
    resolutions.sort_by(|a, b| (a.adopted, &a.symbol).cmp(&(b.adopted, &b.symbol)));
    organs.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    let country_order: HashMap<String, usize> = countries
        .iter()
        .enumerate()
        .map(|(index, country)| (country.iso2.clone(), index))
        .collect();
    let mut keyed: Vec<(Option<usize>, Option<PartialDate>, Arc<Law>)> = laws
        .into_iter()
        .map(|law: Arc<Law>| {
            let order = country_order.get(&law.country).copied();
            (order, law.dates.principal(), law)
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, a.1, &a.2.slug).cmp(&(b.0, b.1, &b.2.slug)));
    let laws: Vec<Arc<Law>> = keyed.into_iter().map(|(_, _, law)| law).collect();
    let mut laws_by_country: HashMap<String, Range<usize>> = HashMap::new();
    for (index, law) in laws.iter().enumerate() {
        laws_by_country
            .entry(law.country.clone())
            .and_modify(|range| range.end = index + 1)
            .or_insert(index..index + 1);
    }
    let mut programme: Vec<_> = programme.into_values().collect();
    let weight = |page: &ProsePage<FrontMatter>| {
        page.versions
            .values()
            .next()
            .and_then(|prose| prose.matter.weight)
            .unwrap_or(0)
    };
    programme.sort_by(|a, b| (weight(a), &a.slug).cmp(&(weight(b), &b.slug)));

    let content = Content {
        strings,
        home: ProsePage {
            slug: "home".into(),
            versions: home,
        },
        intros: intros
            .into_iter()
            .map(|(section, versions)| {
                let slug = section.slug().to_owned();
                (section, ProsePage { slug, versions })
            })
            .collect(),
        programme,
        summits,
        resolutions,
        organs,
        events,
        countries,
        law_index: laws
            .iter()
            .enumerate()
            .map(|(index, law)| (law.key(), index))
            .collect(),
        laws_by_country,
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

fn check(content: &Content, checker: &mut Checker) {
    let source = content.source_lang();
    for_each_text(content, |_, file, field, text, exempt| {
        if !text.has(source) && exempt != Some(source) {
            let key = field.rsplit('.').next().unwrap_or(field);
            let problem = Problem::MissingSourceText {
                field: field.to_owned(),
                lang: source.to_string(),
            };
            checker.at(&file.path(), key, "", problem);
        }
    });
    for (_, folder, langs) in prose_pages(content) {
        if !langs.is_empty() && !langs.contains(&source) {
            let file = format!("{}.{source}.md", folder.display());
            checker.errors.push(ContentError::new(
                file,
                None,
                Problem::Io("missing; expected the source-language version of this page".into()),
            ));
        }
    }

    let mut iso2s = BTreeSet::new();
    for country in &content.countries {
        if !iso2s.insert(country.iso2.as_str()) {
            let problem = Problem::DuplicateId {
                id: country.iso2.clone(),
                first: "content/countries.yaml".into(),
            };
            checker.at(
                &RecordFile::Countries.path(),
                "iso2",
                &country.iso2,
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
    let law_keys: BTreeSet<&str> = content.law_index.keys().map(String::as_str).collect();

    for summit in &content.summits {
        let file = RecordFile::Summit(&summit.slug);
        // No countries means countries.yaml is missing or broken, an error of its own: one per
        // record on top of it would bury it.
        if !iso2s.is_empty() {
            checker.reference(file, "country", "country", &summit.country, &iso2s);
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
            checker.reference(file, "summits", "Summit", summit, &summit_slugs);
        }
        for cited in &resolution.cites {
            checker.reference(file, "cites", "resolution", cited, &resolution_slugs);
        }
    }
    for organ in &content.organs {
        let file = RecordFile::Organ(&organ.slug);
        let groups: BTreeSet<&str> = organ.groups.iter().map(|g| g.id.as_str()).collect();
        for activity in &organ.mandated {
            if let Some(group) = &activity.group {
                checker.reference(file, "group", "group", group, &groups);
            }
        }
    }
    let mut law_ids: HashMap<&str, &Law> = HashMap::new();
    for law in &content.laws {
        let file = RecordFile::Law(law);
        if !iso2s.is_empty() {
            checker.reference(file, "country", "country folder", &law.country, &iso2s);
        }
        if let Some(first) = law_ids.insert(&law.id, law) {
            let problem = Problem::DuplicateId {
                id: law.id.clone(),
                first: RecordFile::Law(first).path().display().to_string(),
            };
            checker.at(&file.path(), "id", &law.id, problem);
        }
        for relation in &law.relations {
            if let Some(target) = &relation.law {
                checker.reference(file, "law", "law", target, &law_keys);
            }
        }
    }
}
