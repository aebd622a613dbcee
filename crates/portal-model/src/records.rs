//! The content types, exactly as editors write them (see docs/content-model.md).
//!
//! Every struct rejects unknown fields: a misspelt key must be an error, not silently lost data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Lang, Localized, PartialDate, TextLang};

/// `content/site.yaml`: what is the same on every page.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: Localized,
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
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataLicence {
    /// Its SPDX identifier (`CC-BY-4.0`).
    pub name: String,
    pub title: String,
    /// Where its text is.
    pub path: String,
}

/// The sections of the portal; each is a top-level URL folder in every language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    Programme,
    Summits,
    Resolutions,
    Activities,
    Legislation,
    Events,
    Timeline,
    Search,
}

impl Section {
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
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Order among its siblings; smaller first.
    #[serde(default)]
    pub weight: Option<i32>,
    pub updated: PartialDate,
}

/// Front matter of prose that belongs to a record (an event's text): only the date.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordProseMatter {
    #[serde(default)]
    pub updated: Option<PartialDate>,
}

/// One language's version of a prose page.
#[derive(Clone, Debug)]
pub struct Prose<M> {
    pub matter: M,
    pub markdown: String,
}

/// A prose page in every language it was written in; the default language is always present.
#[derive(Clone, Debug)]
pub struct ProsePage<M> {
    pub slug: String,
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
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub url: String,
    pub title: String,
    /// Only a gazette or an official portal is official; mirrors and secondary sources are not.
    #[serde(default)]
    pub official: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SummitKind {
    Regular,
    Special,
}

/// A commitment on migration made at a Summit.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mandate {
    pub text: Localized,
    #[serde(default)]
    pub reference: Option<Localized>,
}

/// `content/summits/{slug}.yaml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summit {
    #[serde(skip)]
    pub slug: String,
    pub kind: SummitKind,
    #[serde(default)]
    pub ordinal: Option<u8>,
    pub title: Localized,
    pub city: Localized,
    pub country: String,
    pub start: PartialDate,
    #[serde(default)]
    pub end: Option<PartialDate>,
    pub summary: Localized,
    #[serde(default)]
    pub mandates: Vec<Mandate>,
    #[serde(default)]
    pub sources: Vec<Source>,
    pub updated: PartialDate,
}

/// `content/resolutions/{slug}.yaml`: a General Assembly resolution.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    #[serde(skip)]
    pub slug: String,
    pub symbol: String,
    pub adopted: PartialDate,
    /// Absent when no source confirms the title; the page then says it is to be verified.
    #[serde(default)]
    pub title: Option<Localized>,
    /// Set when a source gives the title in this language only: the other languages show it
    /// in that language rather than an unverified translation, and it is not a missing
    /// translation.
    #[serde(default)]
    pub title_language: Option<Lang>,
    #[serde(default)]
    pub summary: Option<Localized>,
    #[serde(default)]
    pub summits: Vec<String>,
    #[serde(default)]
    pub cites: Vec<String>,
    #[serde(default)]
    pub sources: Vec<Source>,
    pub updated: PartialDate,
}

/// A unit within an organ that receives its own mandates (the SEDI's education office, …).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganGroup {
    pub id: String,
    pub name: Localized,
}

/// An activity the Program assigns to an organ.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MandatedActivity {
    pub text: Localized,
    #[serde(default)]
    pub group: Option<String>,
}

/// An activity carried out or planned, dated when the sources date it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedActivity {
    pub text: Localized,
    #[serde(default)]
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub end: Option<PartialDate>,
    #[serde(default)]
    pub place: Option<Localized>,
}

/// An entry of an organ's calendar of execution: always dated.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarEntry {
    pub text: Localized,
    pub date: PartialDate,
    #[serde(default)]
    pub end: Option<PartialDate>,
    #[serde(default)]
    pub place: Option<Localized>,
}

/// `content/activities/{slug}.yaml`: an OAS organ and its activities under the Program.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organ {
    #[serde(skip)]
    pub slug: String,
    pub order: u32,
    pub name: Localized,
    #[serde(default)]
    pub acronym: Option<Localized>,
    pub summary: Localized,
    #[serde(default)]
    pub groups: Vec<OrganGroup>,
    #[serde(default)]
    pub mandated: Vec<MandatedActivity>,
    #[serde(default)]
    pub done: Vec<DatedActivity>,
    #[serde(default)]
    pub planned: Vec<DatedActivity>,
    #[serde(default)]
    pub calendar: Vec<CalendarEntry>,
    pub updated: PartialDate,
}

/// One session of an event's agenda.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaSession {
    #[serde(default)]
    pub time: Option<String>,
    pub title: Localized,
    #[serde(default)]
    pub text: Option<Localized>,
}

/// One day of an event's agenda.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaDay {
    pub title: Localized,
    #[serde(default)]
    pub date: Option<PartialDate>,
    pub sessions: Vec<AgendaSession>,
}

/// Whether a meeting had taken place or was still to come when its source was written: the
/// Events page lists the planned ones apart, since the sources do not say they were held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    #[default]
    Held,
    Planned,
}

impl EventStatus {
    pub fn slug(self) -> &'static str {
        match self {
            EventStatus::Held => "held",
            EventStatus::Planned => "planned",
        }
    }
}

/// A mandated activity of an organ, by its number in the organ's `mandated` list (from 1, in
/// file order, as the organ's page numbers them): the mandate a meeting served.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityRef {
    pub organ: String,
    pub activity: usize,
}

/// `content/events/{slug}/event.yaml`: a meeting of the Program's record.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    pub title: Localized,
    #[serde(default)]
    pub status: EventStatus,
    #[serde(default)]
    pub organizers: Option<Localized>,
    /// As precise as the source: a day, a month or a year.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// The last day (or month) of a meeting that lasted more than one.
    #[serde(default)]
    pub end: Option<PartialDate>,
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
    #[serde(default)]
    pub agenda: Vec<AgendaDay>,
    pub updated: PartialDate,
}

/// An event: its record and its prose in each language.
#[derive(Clone, Debug)]
pub struct Event {
    pub slug: String,
    pub record: EventRecord,
    pub prose: BTreeMap<Lang, Prose<RecordProseMatter>>,
}

/// The four regions the legislation compilation is grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    NorthAmerica,
    CentralAmerica,
    Caribbean,
    SouthAmerica,
}

impl Region {
    pub const ALL: [Region; 4] = [
        Region::NorthAmerica,
        Region::CentralAmerica,
        Region::Caribbean,
        Region::SouthAmerica,
    ];

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
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    pub iso2: String,
    pub iso3: String,
    pub name: Localized,
    pub region: Region,
    pub joined: u16,
    #[serde(default)]
    pub note: Option<Localized>,
}

/// The form of a legal instrument, from a closed list so that filters stay meaningful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LawType {
    Constitution,
    Code,
    Law,
    DecreeLaw,
    LegislativeDecree,
    Decree,
    Regulation,
    Act,
    /// An article or articles of a penal code, where that is the instrument (a trafficking
    /// offence written into the code rather than a law of its own); `number` holds the articles.
    PenalCodeProvision,
    /// A government policy document, not a statute (a national refugee policy).
    Policy,
}

impl LawType {
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LawStatus {
    InForce,
    PartiallyInForce,
    Repealed,
    NotYetInForce,
    ToBeVerified,
}

impl LawStatus {
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationType {
    Amends,
    AmendedBy,
    Repeals,
    RepealedBy,
    Regulates,
    RegulatedBy,
}

impl RelationType {
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
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    #[serde(rename = "type")]
    pub kind: RelationType,
    pub title: String,
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// `{iso2}/{slug}` of another record; validated to exist.
    #[serde(default)]
    pub law: Option<String>,
}

/// The dates in the life of a law, each only where a source confirms it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawDates {
    #[serde(default)]
    pub adopted: Option<PartialDate>,
    #[serde(default)]
    pub promulgated: Option<PartialDate>,
    #[serde(default)]
    pub published: Option<PartialDate>,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    EntryAndStay,
    MigrantWorkers,
    RefugeesAndAsylum,
    TraffickingInPersons,
    MigrantSmuggling,
    NationalsAbroad,
    Children,
    Women,
    DetentionAndDueProcess,
    ConsularProtection,
    Nationality,
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Low,
    Medium,
    MediumHigh,
    High,
}

impl Confidence {
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
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// The country folder the file is in.
    #[serde(skip)]
    pub country: String,
    #[serde(skip)]
    pub slug: String,
    /// Stable record id (`ISO3-YEAR-TYPE-NUMBER`); absent while the instrument's year is not
    /// confirmed, so that no id with a guessed year is ever published as stable.
    #[serde(default)]
    pub id: Option<String>,
    pub original_title: String,
    pub original_language: TextLang,
    /// Unofficial translations of the title.
    #[serde(default)]
    pub title: Localized,
    #[serde(rename = "type")]
    pub law_type: LawType,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub dates: LawDates,
    #[serde(default)]
    pub gazette: Option<String>,
    pub status: LawStatus,
    /// The source that states the status; required for every status but `to-be-verified`.
    #[serde(default)]
    pub status_source: Option<StatusSource>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default)]
    pub subjects: Vec<Subject>,
    pub summary: Localized,
    pub sources: Vec<Source>,
    pub confidence: Confidence,
    #[serde(default)]
    pub confidence_note: Option<Localized>,
    /// The date the facts of the record were checked against its listed sources.
    pub verified: PartialDate,
    pub updated: PartialDate,
}

/// Which of a law's sources says it has its status, and the date that source gives for it
/// (the date of entry into force, of repeal…): a status is shown only with its evidence.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusSource {
    /// The url of one of the record's `sources`.
    pub url: String,
    #[serde(default)]
    pub date: Option<PartialDate>,
}

impl Law {
    /// `{iso2}/{slug}`: how other records refer to this one.
    pub fn key(&self) -> String {
        format!("{}/{}", self.country, self.slug)
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
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatyFile {
    pub treaties: Vec<Treaty>,
    #[serde(default)]
    pub participation: Vec<Participation>,
}

/// A treaty (the Palermo Protocol, the Migrant Workers Convention).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Treaty {
    pub slug: String,
    /// The full name.
    pub title: Localized,
    /// The name people use ("Palermo Protocol").
    pub short_title: Localized,
    #[serde(default)]
    pub adopted: Option<PartialDate>,
}

/// What a state has done about a treaty, as far as the sources say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TreatyAction {
    Ratification,
    Accession,
    /// A source says the state is a party; the means of consent is not confirmed.
    Party,
    Signature,
    /// A source says the state has neither signed nor become a party.
    NoAction,
    /// No source was found: nothing is asserted, and the note says what is known.
    NotConfirmed,
}

impl TreatyAction {
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
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participation {
    /// The state's iso2, from `content/countries.yaml`.
    pub country: String,
    /// The slug of one of `treaties`.
    pub treaty: String,
    pub action: TreatyAction,
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
