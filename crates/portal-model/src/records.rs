//! The content types, exactly as editors write them (see docs/content-model.md).
//!
//! Every struct rejects unknown fields: a misspelt key must be an error, not silently lost data.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{CountryCode, Lang, LawKey, Localized, PartialDate, Slug, TextLang};

/// `content/site.yaml`: what is the same on every page.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The portal's name, in each language.
    pub title: Localized,
    /// The line under the name, in each language.
    pub tagline: Localized,
    /// The languages pages are built in, in the switcher's order.
    pub languages: Vec<Lang>,
    /// The source language: what every record must contain and translations fall back to.
    pub default_language: Lang,
    /// Where the site is published; overridden by `portal build --base-url`.
    pub base_url: String,
    /// Raw HTML in Markdown is escaped unless the editors opt in.
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Sections of the main menu, in order.
    pub menu: Vec<Section>,
    /// The licence the open data of the compilation is published under, named in its
    /// `datapackage.json` so that reusers know what they may do with it. Only the Program can
    /// choose one: until it does, the data package says that none is declared.
    #[serde(default)]
    pub open_data_licence: Option<DataLicence>,
}

/// A licence as a Frictionless Data package names it.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataLicence {
    /// Its SPDX identifier (`CC-BY-4.0`).
    pub name: String,
    /// The licence's full name.
    pub title: String,
    /// Where its text is.
    pub path: String,
}

/// The sections of the portal; each is a top-level URL folder in every language.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// The Program's own pages, `content/programme/`.
    Programme,
    /// The Summits of the Americas and their mandates on migration.
    Summits,
    /// General Assembly resolutions on migration.
    Resolutions,
    /// The OAS organs and what each did on migration.
    Activities,
    /// The compilation of the member states' migration laws.
    Legislation,
    /// The Program's meetings.
    Events,
    /// Everything dated, in one chronology; made from the other sections, with no content folder.
    Timeline,
    /// The search page; its index is built from the other sections.
    Search,
}

impl Section {
    /// Every section; each has an index page in every language.
    pub const ALL: [Section; 8] = [
        Section::Programme,
        Section::Summits,
        Section::Resolutions,
        Section::Activities,
        Section::Legislation,
        Section::Events,
        Section::Timeline,
        Section::Search,
    ];

    /// The URL folder and the content folder of the section.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Programme => "programme",
            Section::Summits => "summits",
            Section::Resolutions => "resolutions",
            Section::Activities => "activities",
            Section::Legislation => "legislation",
            Section::Events => "events",
            Section::Timeline => "timeline",
            Section::Search => "search",
        }
    }
}

/// Front matter of a prose page (home, section introduction, programme page).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page's title (its `<h1>` and `<title>`).
    pub title: String,
    /// One sentence for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// Order among its siblings; smaller first.
    #[serde(default)]
    pub weight: Option<i32>,
    /// The day the page was last edited: YYYY, YYYY-MM or YYYY-MM-DD.
    pub updated: PartialDate,
}

/// Front matter of prose that belongs to a record (an event's text): only the date.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordProseMatter {
    /// The day the text was last edited.
    #[serde(default)]
    pub updated: Option<PartialDate>,
}

/// One language's version of a prose page.
#[derive(Clone, Debug)]
pub struct Prose<M> {
    /// The front matter: title, dates and the other fields of its kind of page.
    pub matter: M,
    /// The body after the front matter, in Markdown.
    pub markdown: String,
}

/// A prose page in every language it was written in; the default language is always present.
#[derive(Clone, Debug)]
pub struct ProsePage<M> {
    /// The page's folder name, also its URL segment.
    pub slug: Slug,
    /// Each language's version, by language; the source language's is always present.
    pub versions: BTreeMap<Lang, Prose<M>>,
}

impl<M> ProsePage<M> {
    /// The version for `lang`, or the source language's when that translation is missing.
    pub fn version(&self, lang: Lang, source: Lang) -> (Lang, &Prose<M>) {
        match self.versions.get(&lang) {
            Some(prose) => (lang, prose),
            None => (source, &self.versions[&source]),
        }
    }
}

/// A cited web page.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The address of the page cited: http(s) only.
    pub url: String,
    /// The name of the source as a reader would cite it.
    pub title: String,
    /// Only a gazette or an official portal is official; mirrors and secondary sources are not.
    #[serde(default)]
    pub official: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
/// Whether a Summit is one of the numbered series or called apart from it.
pub enum SummitKind {
    /// One of the numbered series; `ordinal` gives its number.
    Regular,
    /// Called outside the series; it has no `ordinal`.
    Special,
}

/// A commitment on migration made at a Summit.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mandate {
    /// The commitment, as the declaration or plan of action words it.
    pub text: Localized,
    /// Where it stands in the declaration or plan of action (paragraph, chapter).
    #[serde(default)]
    pub reference: Option<Localized>,
}

/// `content/summits/{slug}.yaml`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summit {
    #[serde(skip, default = "Slug::unnamed")]
    /// The file name without `.yaml`, also the Summit's URL segment.
    pub slug: Slug,
    /// `regular` (numbered) or `special`.
    pub kind: SummitKind,
    /// The number of a regular Summit (9 for the Ninth); none for a special one.
    #[serde(default)]
    pub ordinal: Option<u8>,
    /// The Summit's name, in each language.
    pub title: Localized,
    /// The host city, in each language.
    pub city: Localized,
    /// The host state: its lower-case ISO 3166-1 alpha-2 code in content/countries.yaml.
    pub country: CountryCode,
    /// The first day, as precise as the sources.
    pub start: PartialDate,
    /// The last day of a Summit of several days.
    #[serde(default)]
    pub end: Option<PartialDate>,
    /// What the Summit said or decided on migration, in Markdown.
    pub summary: Localized,
    /// Its commitments on migration.
    #[serde(default)]
    pub mandates: Vec<Mandate>,
    /// Where each fact comes from.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The day the record was last edited.
    pub updated: PartialDate,
}

/// `content/resolutions/{slug}.yaml`: a General Assembly resolution.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    #[serde(skip, default = "Slug::unnamed")]
    /// The file name without `.yaml`, also the resolution's URL segment.
    pub slug: Slug,
    /// The symbol as the OAS writes it: `AG/RES. 2141 (XXXV-O/05)`.
    pub symbol: String,
    /// The day of adoption, or the year alone where only it is confirmed.
    pub adopted: PartialDate,
    /// Absent when no source confirms the title; the page then says it is to be verified.
    #[serde(default)]
    pub title: Option<Localized>,
    /// Set when a source gives the title in this language only: the other languages show it
    /// in that language rather than an unverified translation, and it is not a missing
    /// translation.
    #[serde(default)]
    pub title_language: Option<Lang>,
    /// What the resolution asks for on migration, in Markdown.
    #[serde(default)]
    pub summary: Option<Localized>,
    /// The Summits (slugs of content/summits/) whose mandates it follows up.
    #[serde(default)]
    pub summits: Vec<String>,
    /// The resolutions (slugs of content/resolutions/) it recalls.
    #[serde(default)]
    pub cites: Vec<String>,
    /// Where each fact comes from.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The day the record was last edited.
    pub updated: PartialDate,
}

/// A unit within an organ that receives its own mandates (the SEDI's education office, …).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganGroup {
    /// How mandated activities name the unit (`group:`).
    pub id: String,
    /// The unit's name, in each language.
    pub name: Localized,
}

/// An activity the Program assigns to an organ.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MandatedActivity {
    /// The activity as the Program words it, in Markdown.
    pub text: Localized,
    /// The `id` of the unit (`groups`) it is assigned to, if any.
    #[serde(default)]
    pub group: Option<String>,
}

/// An activity carried out or planned, dated when the sources date it.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedActivity {
    /// What was (or is to be) done, in Markdown.
    pub text: Localized,
    /// When, as precise as the sources.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// The last day or month of an activity that lasted longer.
    #[serde(default)]
    pub end: Option<PartialDate>,
    /// Where, in each language.
    #[serde(default)]
    pub place: Option<Localized>,
}

/// An entry of an organ's calendar of execution: always dated.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarEntry {
    /// What is scheduled, in Markdown.
    pub text: Localized,
    /// When, as precise as the sources.
    pub date: PartialDate,
    /// The last day or month of an entry that lasts longer.
    #[serde(default)]
    pub end: Option<PartialDate>,
    /// Where, in each language.
    #[serde(default)]
    pub place: Option<Localized>,
}

/// `content/activities/{slug}.yaml`: an OAS organ and its activities under the Program.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organ {
    #[serde(skip, default = "Slug::unnamed")]
    /// The file name without `.yaml`, also the organ's URL segment.
    pub slug: Slug,
    /// Position in the list of organs; smaller first.
    pub order: u32,
    /// The organ's name, in each language.
    pub name: Localized,
    /// Its acronym in each language (CIDH, IACHR, …).
    #[serde(default)]
    pub acronym: Option<Localized>,
    /// What the organ does under the Program, in Markdown.
    pub summary: Localized,
    /// Units within the organ that receive their own mandates.
    #[serde(default)]
    pub groups: Vec<OrganGroup>,
    /// The activities the Program assigns to it, in the Program's order (numbered from 1).
    #[serde(default)]
    pub mandated: Vec<MandatedActivity>,
    /// Activities carried out.
    #[serde(default)]
    pub done: Vec<DatedActivity>,
    /// Activities planned.
    #[serde(default)]
    pub planned: Vec<DatedActivity>,
    /// The calendar of execution.
    #[serde(default)]
    pub calendar: Vec<CalendarEntry>,
    /// The day the record was last edited.
    pub updated: PartialDate,
}

/// One session of an event's agenda.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaSession {
    /// The time of the session as the agenda gives it.
    #[serde(default)]
    pub time: Option<String>,
    /// The session's title, in each language.
    pub title: Localized,
    /// What the session covers, in Markdown.
    #[serde(default)]
    pub text: Option<Localized>,
}

/// One day of an event's agenda.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaDay {
    /// The day's title, in each language.
    pub title: Localized,
    /// The day's date, where known.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// The day's sessions, in order.
    pub sessions: Vec<AgendaSession>,
}

/// Whether a meeting had taken place or was still to come when its source was written: the
/// Events page lists the planned ones apart, since the sources do not say they were held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    #[default]
    /// The meeting took place.
    Held,
    /// A source announced the meeting, and none says it was held.
    Planned,
}

impl EventStatus {
    /// The name as `event.yaml` writes it (`held`, `planned`), reused in pages and open data.
    pub fn slug(self) -> &'static str {
        match self {
            EventStatus::Held => "held",
            EventStatus::Planned => "planned",
        }
    }
}

/// A mandated activity of an organ, by its number in the organ's `mandated` list (from 1, in
/// file order, as the organ's page numbers them): the mandate a meeting served.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityRef {
    /// The organ (slug of content/activities/) the activity is assigned to.
    pub organ: String,
    /// The activity's number in that organ's `mandated` list, from 1.
    pub activity: usize,
}

/// `content/events/{slug}/event.yaml`: a meeting of the Program's record.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    /// The meeting's name, in each language.
    pub title: Localized,
    /// `held`, or `planned` when no source confirms it took place.
    #[serde(default)]
    pub status: EventStatus,
    /// Who convened it, in each language.
    #[serde(default)]
    pub organizers: Option<Localized>,
    /// As precise as the source: a day, a month or a year.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// The last day (or month) of a meeting that lasted more than one.
    #[serde(default)]
    pub end: Option<PartialDate>,
    /// Where, in each language.
    #[serde(default)]
    pub place: Option<Localized>,
    /// Who took part, where the source says.
    #[serde(default)]
    pub participants: Option<Localized>,
    /// What was done (or was to be done), in Markdown.
    #[serde(default)]
    pub summary: Option<Localized>,
    /// An editor's note where the sources disagree or are silent.
    #[serde(default)]
    pub note: Option<Localized>,
    /// The organs (`content/activities/{slug}.yaml`) whose work the meeting was, main one first.
    #[serde(default)]
    pub organs: Vec<String>,
    /// The mandated activities it served.
    #[serde(default)]
    pub mandated: Vec<ActivityRef>,
    /// The resolutions that mandated or convened it.
    #[serde(default)]
    pub resolutions: Vec<String>,
    /// The Summits whose mandates it followed up.
    #[serde(default)]
    pub summits: Vec<String>,
    /// Its agenda, day by day, where a source gives it.
    #[serde(default)]
    pub agenda: Vec<AgendaDay>,
    /// The day the record was last edited.
    pub updated: PartialDate,
}

/// An event: its record and its prose in each language.
#[derive(Clone, Debug)]
pub struct Event {
    /// The meeting's folder name, also its URL segment.
    pub slug: Slug,
    /// `event.yaml`: the facts of the meeting.
    pub record: EventRecord,
    /// The pages written about it, by language; a meeting may have none.
    pub prose: BTreeMap<Lang, Prose<RecordProseMatter>>,
}

/// The four regions the legislation compilation is grouped by.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    /// Canada, the United States and Mexico.
    NorthAmerica,
    /// The states of the Central American isthmus.
    CentralAmerica,
    /// The Caribbean states.
    Caribbean,
    /// The states of South America.
    SouthAmerica,
}

impl Region {
    /// Every region, in the order countries are grouped by region.
    pub const ALL: [Region; 4] = [
        Region::NorthAmerica,
        Region::CentralAmerica,
        Region::Caribbean,
        Region::SouthAmerica,
    ];

    /// The name as `countries.yaml` writes it (`north-america`), reused in pages and open data.
    pub fn slug(self) -> &'static str {
        match self {
            Region::NorthAmerica => "north-america",
            Region::CentralAmerica => "central-america",
            Region::Caribbean => "caribbean",
            Region::SouthAmerica => "south-america",
        }
    }
}

/// A member state, from `content/countries.yaml`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// Lower-case ISO 3166-1 alpha-2 code: the state's folder under `content/legislation/` and
    /// its URL segment.
    pub iso2: CountryCode,
    /// Upper-case ISO 3166-1 alpha-3 code, the start of its laws' record ids.
    pub iso3: String,
    /// The state's name, in each language.
    pub name: Localized,
    /// The region the compilation groups it in.
    pub region: Region,
    /// The year it joined the OAS.
    pub joined: u16,
    /// What a reader should know about its membership, in Markdown.
    #[serde(default)]
    pub note: Option<Localized>,
}

/// The form of a legal instrument, from a closed list so that filters stay meaningful.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum LawType {
    /// A constitution.
    Constitution,
    /// A code enacted as one instrument (a migration code, a labour code).
    Code,
    /// A law passed by the legislature.
    Law,
    /// A decree with the force of law, issued by the executive.
    DecreeLaw,
    /// A decree issued under a delegation of legislative power.
    LegislativeDecree,
    /// An executive decree.
    Decree,
    /// A regulation implementing a law.
    Regulation,
    /// An act (the name of a statute in the English-speaking states).
    Act,
    /// An article or articles of a penal code, where that is the instrument (a trafficking
    /// offence written into the code rather than a law of its own); `number` holds the articles.
    PenalCodeProvision,
    /// A government policy document, not a statute (a national refugee policy).
    Policy,
}

impl LawType {
    /// The name as law files write it (`decree-law`), reused in pages and open data.
    pub fn slug(self) -> &'static str {
        match self {
            LawType::Constitution => "constitution",
            LawType::Code => "code",
            LawType::Law => "law",
            LawType::DecreeLaw => "decree-law",
            LawType::LegislativeDecree => "legislative-decree",
            LawType::Decree => "decree",
            LawType::Regulation => "regulation",
            LawType::Act => "act",
            LawType::PenalCodeProvision => "penal-code-provision",
            LawType::Policy => "policy",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
/// Whether a law applies today, as far as a cited source says.
pub enum LawStatus {
    /// Wholly in force.
    InForce,
    /// In force, with parts repealed or not yet in force.
    PartiallyInForce,
    /// No longer in force.
    Repealed,
    /// Adopted, but not yet in force.
    NotYetInForce,
    /// No source says: the status is shown as not confirmed.
    ToBeVerified,
}

impl LawStatus {
    /// The name as law files write it (`in-force`), reused in pages and open data.
    pub fn slug(self) -> &'static str {
        match self {
            LawStatus::InForce => "in-force",
            LawStatus::PartiallyInForce => "partially-in-force",
            LawStatus::Repealed => "repealed",
            LawStatus::NotYetInForce => "not-yet-in-force",
            LawStatus::ToBeVerified => "to-be-verified",
        }
    }

    /// The schema.org `LegalForceStatus`, where one applies.
    pub fn schema_org(self) -> Option<&'static str> {
        match self {
            LawStatus::InForce => Some("https://schema.org/InForce"),
            LawStatus::PartiallyInForce => Some("https://schema.org/PartiallyInForce"),
            LawStatus::Repealed | LawStatus::NotYetInForce => Some("https://schema.org/NotInForce"),
            LawStatus::ToBeVerified => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
/// How one instrument affects another, read from the record's side.
pub enum RelationType {
    /// This instrument amends the other.
    Amends,
    /// The other instrument amends this one.
    AmendedBy,
    /// This instrument repeals the other.
    Repeals,
    /// The other instrument repeals this one.
    RepealedBy,
    /// This instrument implements (regulates) the other.
    Regulates,
    /// The other instrument implements (regulates) this one.
    RegulatedBy,
}

impl RelationType {
    /// The name as law files write it (`amended-by`), reused in pages and open data.
    pub fn slug(self) -> &'static str {
        match self {
            RelationType::Amends => "amends",
            RelationType::AmendedBy => "amended-by",
            RelationType::Repeals => "repeals",
            RelationType::RepealedBy => "repealed-by",
            RelationType::Regulates => "regulates",
            RelationType::RegulatedBy => "regulated-by",
        }
    }
}

/// A link from a law to another instrument, in or out of the compilation.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// How this instrument relates to the other: amends, amended-by, repeals, repealed-by, regulates, regulated-by.
    #[serde(rename = "type")]
    pub kind: RelationType,
    /// The other instrument's title, as the sources give it.
    pub title: String,
    /// The other instrument's date, where confirmed.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// `{iso2}/{slug}` of another record; validated to exist.
    #[serde(default)]
    pub law: Option<LawKey>,
}

/// The dates in the life of a law, each only where a source confirms it.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LawDates {
    /// Adoption (sanction, passage) by the legislature.
    #[serde(default)]
    pub adopted: Option<PartialDate>,
    /// Promulgation, or assent.
    #[serde(default)]
    pub promulgated: Option<PartialDate>,
    /// Publication in the official gazette.
    #[serde(default)]
    pub published: Option<PartialDate>,
    /// Entry into force.
    #[serde(default)]
    pub in_force: Option<PartialDate>,
}

impl LawDates {
    /// The date the law is known by: adoption first, as legislation databases list it.
    pub fn principal(&self) -> Option<PartialDate> {
        self.adopted
            .or(self.promulgated)
            .or(self.published)
            .or(self.in_force)
    }
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
/// What a law is about, from a closed list so that each subject has a page across the states.
pub enum Subject {
    /// Admission, residence and the status of foreigners.
    EntryAndStay,
    /// Migrant workers and their rights.
    MigrantWorkers,
    /// Refugee status and asylum.
    RefugeesAndAsylum,
    /// Trafficking in persons.
    TraffickingInPersons,
    /// Smuggling of migrants.
    MigrantSmuggling,
    /// Nationals living abroad and their links with the state.
    NationalsAbroad,
    /// Migrant children.
    Children,
    /// Migrant women.
    Women,
    /// Detention of migrants and due process in migration proceedings.
    DetentionAndDueProcess,
    /// Consular protection and assistance.
    ConsularProtection,
    /// Acquiring and losing nationality.
    Nationality,
    /// The institutions that run migration policy.
    Institutions,
}

impl Subject {
    /// Every subject, in the order pages list them.
    pub const ALL: [Subject; 12] = [
        Subject::EntryAndStay,
        Subject::MigrantWorkers,
        Subject::RefugeesAndAsylum,
        Subject::TraffickingInPersons,
        Subject::MigrantSmuggling,
        Subject::NationalsAbroad,
        Subject::Children,
        Subject::Women,
        Subject::DetentionAndDueProcess,
        Subject::ConsularProtection,
        Subject::Nationality,
        Subject::Institutions,
    ];

    /// The subject named by `slug`, as in a URL.
    pub fn from_slug(slug: &str) -> Option<Subject> {
        Subject::ALL
            .into_iter()
            .find(|subject| subject.slug() == slug)
    }

    /// The name as law files write it (`entry-and-stay`), also the subject page's URL segment.
    pub fn slug(self) -> &'static str {
        match self {
            Subject::EntryAndStay => "entry-and-stay",
            Subject::MigrantWorkers => "migrant-workers",
            Subject::RefugeesAndAsylum => "refugees-and-asylum",
            Subject::TraffickingInPersons => "trafficking-in-persons",
            Subject::MigrantSmuggling => "migrant-smuggling",
            Subject::NationalsAbroad => "nationals-abroad",
            Subject::Children => "children",
            Subject::Women => "women",
            Subject::DetentionAndDueProcess => "detention-and-due-process",
            Subject::ConsularProtection => "consular-protection",
            Subject::Nationality => "nationality",
            Subject::Institutions => "institutions",
        }
    }
}

/// How far the record is confirmed by its sources (see the research brief's scale).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// The lowest level: the sources leave much of the record uncertain.
    Low,
    /// Between low and medium-high.
    Medium,
    /// Between medium and high; `confidence_note` can say what is less certain.
    MediumHigh,
    /// The highest level: the sources confirm the record.
    High,
}

impl Confidence {
    /// The name as law files write it (`medium-high`), reused in pages and open data.
    pub fn slug(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::MediumHigh => "medium-high",
            Confidence::High => "high",
        }
    }
}

/// `content/legislation/{iso2}/{slug}.yaml`: one law of the compilation.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// The country folder the file is in.
    #[serde(skip, default = "CountryCode::unnamed")]
    pub country: CountryCode,
    #[serde(skip, default = "Slug::unnamed")]
    /// The file name without `.yaml`, unique within its country and the law's URL segment.
    pub slug: Slug,
    /// Stable record id (`ISO3-YEAR-TYPE-NUMBER`); absent while the instrument's year is not
    /// confirmed, so that no id with a guessed year is ever published as stable.
    #[serde(default)]
    pub id: Option<String>,
    /// The title in the language the instrument was enacted in, exactly as the gazette prints it.
    pub original_title: String,
    /// The language of the original title (ISO 639-1).
    pub original_language: TextLang,
    /// The name it is commonly known by, in its original language, where a source gives one
    /// ("Lei de Migração"): people search for a law by that name.
    #[serde(default)]
    pub short_title: Option<String>,
    /// Unofficial translations of the title.
    #[serde(default)]
    pub title: Localized,
    /// The form of the instrument: constitution, code, law, decree-law, legislative-decree, decree, regulation, act, penal-code-provision or policy.
    #[serde(rename = "type")]
    pub law_type: LawType,
    /// The number as the gazette writes it.
    #[serde(default)]
    pub number: Option<String>,
    /// The dates in its life, each only where a source confirms it.
    #[serde(default)]
    pub dates: LawDates,
    /// The gazette it was published in, with its number and date as the sources give them.
    #[serde(default)]
    pub gazette: Option<String>,
    /// `to-be-verified` (shown as "status not confirmed") unless a cited source states the status; then `status_source` names it.
    pub status: LawStatus,
    /// The source that states the status; required for every status but `to-be-verified`.
    #[serde(default)]
    pub status_source: Option<StatusSource>,
    /// The instruments it amends, repeals or regulates, or that amend, repeal or regulate it.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// What it is about, from the compilation's closed list; at least one.
    #[serde(default)]
    pub subjects: Vec<Subject>,
    /// What the instrument does, in Markdown, in each language.
    pub summary: Localized,
    /// Where each fact comes from; `official: true` only for a gazette or an official portal.
    pub sources: Vec<Source>,
    /// How far its sources confirm the record: low, medium, medium-high, high.
    pub confidence: Confidence,
    /// What is not confirmed, in each language.
    #[serde(default)]
    pub confidence_note: Option<Localized>,
    /// The date the facts of the record were checked against its listed sources.
    pub verified: PartialDate,
    /// The day the record was last edited.
    pub updated: PartialDate,
}

/// Which of a law's sources says it has its status, and the date that source gives for it
/// (the date of entry into force, of repeal…): a status is shown only with its evidence.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusSource {
    /// The url of one of the record's `sources`.
    pub url: String,
    /// The date the source gives for that status (the entry into force, the repeal), where it gives one.
    #[serde(default)]
    pub date: Option<PartialDate>,
}

impl Law {
    /// `{iso2}/{slug}`: how other records refer to this one.
    pub fn key(&self) -> LawKey {
        LawKey {
            country: self.country.clone(),
            slug: self.slug.clone(),
        }
    }

    /// Whether every source of the record is unofficial: what editors should verify first.
    pub fn rests_on_unofficial_sources_only(&self) -> bool {
        !self.sources.iter().any(|source| source.official)
    }

    /// The title to show in `lang`: the original when the law is in that language, else the
    /// unofficial translation (falling back to the original title).
    pub fn title_in(&self, lang: Lang) -> (&str, bool) {
        if self.original_language.as_portal_lang() == Some(lang) {
            return (&self.original_title, false);
        }
        match self.title.has(lang) {
            true => (self.title.get(lang, lang).text, true),
            false => (&self.original_title, false),
        }
    }
}

/// `content/treaties.yaml`: the international treaties whose participation the compilation
/// records, and each member state's participation in each.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreatyFile {
    /// The treaties whose participation is recorded.
    pub treaties: Vec<Treaty>,
    /// One entry per member state per treaty.
    #[serde(default)]
    pub participation: Vec<Participation>,
}

/// A treaty (the Palermo Protocol, the Migrant Workers Convention).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Treaty {
    /// How participation entries name the treaty.
    pub slug: String,
    /// The full name.
    pub title: Localized,
    /// The name people use ("Palermo Protocol").
    pub short_title: Localized,
    /// When the treaty was adopted, where a source gives it.
    #[serde(default)]
    pub adopted: Option<PartialDate>,
}

/// What a state has done about a treaty, as far as the sources say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TreatyAction {
    /// The state ratified the treaty after signing it.
    Ratification,
    /// The state acceded without having signed.
    Accession,
    /// A source says the state is a party; the means of consent is not confirmed.
    Party,
    /// The state signed but is not known to have become a party.
    Signature,
    /// A source says the state has neither signed nor become a party.
    NoAction,
    /// No source was found: nothing is asserted, and the note says what is known.
    NotConfirmed,
}

impl TreatyAction {
    /// The name as `treaties.yaml` writes it (`no-action`), reused in pages and open data.
    pub fn slug(self) -> &'static str {
        match self {
            TreatyAction::Ratification => "ratification",
            TreatyAction::Accession => "accession",
            TreatyAction::Party => "party",
            TreatyAction::Signature => "signature",
            TreatyAction::NoAction => "no-action",
            TreatyAction::NotConfirmed => "not-confirmed",
        }
    }

    /// Whether the state is bound by the treaty according to a source.
    pub fn is_party(self) -> bool {
        matches!(
            self,
            TreatyAction::Ratification | TreatyAction::Accession | TreatyAction::Party
        )
    }
}

/// One member state's participation in one treaty.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Participation {
    /// The state's iso2, from `content/countries.yaml`.
    pub country: CountryCode,
    /// The slug of one of `treaties`.
    pub treaty: String,
    /// What the state has done: ratification, accession, party, signature, no-action (a source says none) or not-confirmed (no source found).
    pub action: TreatyAction,
    /// The date of signature, where confirmed.
    #[serde(default)]
    pub signed: Option<PartialDate>,
    /// The date of ratification, accession or becoming a party.
    #[serde(default)]
    pub consent: Option<PartialDate>,
    /// Entry into force for that state.
    #[serde(default)]
    pub in_force: Option<PartialDate>,
    /// Required unless the action is `not-confirmed`.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// Required unless the action is `not-confirmed`.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Required for `not-confirmed`: what is known.
    #[serde(default)]
    pub note: Option<Localized>,
}
