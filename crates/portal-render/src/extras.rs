//! Files besides pages: sitemap, robots.txt, open data and feeds.

use std::fmt::Write;

use chrono::NaiveDate;
use portal_model::records::{EventRecord, EventStatus};
use portal_model::{Content, CountryCode, Lang, LawKey, PartialDate};
use portal_types::ActivityState;
use serde::Serialize;

use crate::localize::Localizer;
use crate::markdown::plain_text;
use crate::routes::{Route, Urls};

/// Text escaped for XML, without the characters XML 1.0 forbids (control characters other than
/// tab and line breaks, U+FFFE, U+FFFF): one of them in a text would make the whole feed or
/// sitemap not well-formed, and readers reject such a file.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The sitemap protocol's limits for one file: 50,000 URLs and 50 MiB.
const SITEMAP_URLS: usize = 50_000;
const SITEMAP_BYTES: usize = 50 * 1024 * 1024;

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";

/// The sitemap: every page once per language with its hreflang alternates, so that search
/// engines show each visitor the page in their language. Output path → XML: `sitemap.xml`
/// alone while the site fits the protocol's limits for one file; beyond them (some 12,500 laws)
/// `sitemap-1.xml`, `sitemap-2.xml`… and `sitemap.xml` as their index, so `robots.txt` names
/// the same file at every size.
pub fn sitemaps(
    content: &Content,
    urls: &Urls,
    routes: &[(Route, Option<String>)],
) -> Vec<(String, String)> {
    let languages = &content.site.languages;
    let mut entries = Vec::with_capacity(routes.len() * languages.len());
    for (route, lastmod) in routes {
        for &lang in languages {
            let mut entry = String::new();
            let loc = urls.absolute(&urls.link(route, lang));
            let _ = writeln!(entry, "  <url>\n    <loc>{}</loc>", xml_escape(&loc));
            if let Some(date) = lastmod {
                let _ = writeln!(entry, "    <lastmod>{date}</lastmod>");
            }
            for &other in languages {
                let href = urls.absolute(&urls.link(route, other));
                let _ = writeln!(
                    entry,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{other}\" href=\"{}\"/>",
                    xml_escape(&href)
                );
            }
            let default = urls.absolute(&urls.link(route, content.site.default_language));
            let _ = writeln!(
                entry,
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>",
                xml_escape(&default)
            );
            entries.push(entry);
        }
    }
    split_sitemap(&entries, urls, SITEMAP_URLS, SITEMAP_BYTES)
}

/// Packs `<url>` entries into as few files as the limits allow, with an index when they take
/// more than one.
fn split_sitemap(
    entries: &[String],
    urls: &Urls,
    max_urls: usize,
    max_bytes: usize,
) -> Vec<(String, String)> {
    let mut parts: Vec<String> = Vec::new();
    let mut count = 0;
    for entry in entries {
        let full = parts.last().is_none_or(|part| {
            count == max_urls || part.len() + entry.len() + URLSET_CLOSE.len() > max_bytes
        });
        if full {
            parts.push(String::from(URLSET_OPEN));
            count = 0;
        }
        let part = parts.last_mut().expect("a part was just pushed");
        part.push_str(entry);
        count += 1;
    }
    if parts.is_empty() {
        parts.push(String::from(URLSET_OPEN));
    }
    for part in &mut parts {
        part.push_str(URLSET_CLOSE);
    }
    if parts.len() == 1 {
        return vec![("sitemap.xml".into(), parts.remove(0))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::with_capacity(parts.len() + 1);
    for (number, part) in parts.into_iter().enumerate() {
        let name = format!("sitemap-{}.xml", number + 1);
        let loc = urls.absolute(&urls.file(&name));
        let _ = writeln!(
            index,
            "  <sitemap><loc>{}</loc></sitemap>",
            xml_escape(&loc)
        );
        files.push((name, part));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".into(), index));
    files
}

/// An Atom date from a date of the content: partial dates take their first day.
fn atom_date(date: portal_model::PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year(),
        date.month().unwrap_or(1),
        date.day().unwrap_or(1)
    )
}

/// The Atom feed of one language: the dated activities of the organs and the dated meetings,
/// most recent first. Its `updated` is the editors' date of the newest organ or event record,
/// never the build time, so a rebuild does not announce news that is not there.
pub fn activities_feed(content: &Content, urls: &Urls, lang: Lang) -> String {
    let l = Localizer::new(content, urls, lang);
    let mut entries = Vec::new();
    for organ in &content.organs {
        let organ_url = urls.absolute(&l.link(&Route::Organ(organ.slug.clone())));
        let organ_name = l.plain(organ.acronym.as_ref().unwrap_or(&organ.name));
        let done = organ
            .done
            .iter()
            .enumerate()
            .map(|(i, a)| (ActivityState::Done, i, &a.text, a.date));
        let calendar = organ
            .calendar
            .iter()
            .enumerate()
            .map(|(i, c)| (ActivityState::Calendar, i, &c.text, Some(c.date)));
        for (state, index, text, date) in done.chain(calendar) {
            let Some(date) = date else { continue };
            let summary = plain_text(&l.plain(text));
            let title: String = summary.chars().take(90).collect();
            let title = match title.len() < summary.len() {
                true => format!("{title}…"),
                false => title,
            };
            entries.push((
                date,
                format!("{organ_url}#{state}-{}", index + 1),
                organ_url.clone(),
                organ_name.clone(),
                title,
                summary,
            ));
        }
    }
    for event in &content.events {
        let record = &event.record;
        let Some(date) = record.date else { continue };
        let url = urls.absolute(&l.link(&Route::Event(event.slug.clone())));
        let by: Vec<String> = record
            .organs
            .iter()
            .filter_map(|slug| content.organs.iter().find(|o| &o.slug == slug))
            .map(|organ| l.plain(organ.acronym.as_ref().unwrap_or(&organ.name)))
            .collect();
        let by = match by.is_empty() {
            true => l.s("section_events"),
            false => by.join(", "),
        };
        let summary = record
            .summary
            .as_ref()
            .map(|s| plain_text(&l.plain(s)))
            .unwrap_or_default();
        entries.push((date, url.clone(), url, by, l.plain(&record.title), summary));
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let feed_url = urls.absolute(&urls.file(&format!("{lang}/activities/feed.xml")));
    let organs_updated = content.organs.iter().map(|o| o.updated);
    let events_updated = content.events.iter().map(|e| e.record.updated);
    let updated = organs_updated.chain(events_updated).max();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">"
    );
    let _ = writeln!(
        xml,
        "  <title>{} — {}</title>",
        xml_escape(&l.plain(&content.site.title)),
        xml_escape(&l.s("section_activities"))
    );
    let _ = writeln!(xml, "  <id>{}</id>", xml_escape(&feed_url));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" href=\"{}\"/>",
        xml_escape(&feed_url)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(
            &urls.absolute(&l.link(&Route::Section(portal_model::records::Section::Activities)))
        )
    );
    if let Some(updated) = updated {
        let _ = writeln!(xml, "  <updated>{}</updated>", atom_date(updated));
    }
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        xml_escape(&l.s("organization"))
    );
    for (date, id, link, organ, title, summary) in entries {
        let _ = writeln!(
            xml,
            "  <entry>\n    <id>{}</id>\n    <title>{}: {}</title>\n    <link href=\"{}\"/>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>",
            xml_escape(&id),
            xml_escape(&organ),
            xml_escape(&title),
            xml_escape(&link),
            atom_date(date),
            xml_escape(&summary)
        );
    }
    xml.push_str("</feed>\n");
    xml
}

/// Where a language's calendar of the meetings is published.
pub(crate) fn calendar_path(lang: Lang) -> String {
    format!("{lang}/events/events.ics")
}

/// Whether a meeting goes into the calendar: its date is known at least to the month, since a
/// year alone gives no day to put it on.
pub(crate) fn in_calendar(record: &EventRecord) -> bool {
    record.date.is_some_and(|date| date.month().is_some())
}

fn first_day(date: PartialDate) -> Option<NaiveDate> {
    let month = u32::from(date.month().unwrap_or(1));
    let day = u32::from(date.day().unwrap_or(1));
    NaiveDate::from_ymd_opt(i32::from(date.year()), month, day)
}

/// The days an all-day calendar entry covers: from the first day the start can mean to the day
/// after the last day the end can mean (iCalendar's `DTEND` of a date is exclusive). A date
/// known to the month covers that month, so no calendar shows a day the sources do not give.
fn calendar_days(start: PartialDate, end: Option<PartialDate>) -> Option<(NaiveDate, NaiveDate)> {
    start.month()?;
    let last = end.filter(|end| end.month().is_some()).unwrap_or(start);
    let after = match last.day() {
        Some(_) => first_day(last)?.succ_opt()?,
        None => first_day(last)?.checked_add_months(chrono::Months::new(1))?,
    };
    Some((first_day(start)?, after))
}

/// The iCalendar file (RFC 5545) of one language: every meeting dated at least to the month,
/// as an all-day entry. The `icalendar` crate folds long lines and escapes text; `UID` is the
/// meeting's page in the default language, so the four calendars name the same meeting alike,
/// and `DTSTAMP` is the record's last update, never the build time, so rebuilds are identical.
pub fn events_calendar(content: &Content, urls: &Urls, lang: Lang) -> String {
    use icalendar::{Component, EventLike};
    let l = Localizer::new(content, urls, lang);
    let mut calendar = icalendar::Calendar::new();
    calendar.name(&format!(
        "{} — {}",
        l.plain(&content.site.title),
        l.s("section_events")
    ));
    for event in &content.events {
        let record = &event.record;
        let Some(date) = record.date.filter(|_| in_calendar(record)) else {
            continue;
        };
        let Some((first, after)) = calendar_days(date, record.end) else {
            continue;
        };
        let page = urls.absolute(&l.link(&Route::Event(event.slug.clone())));
        let uid = urls.absolute(&urls.link(
            &Route::Event(event.slug.clone()),
            content.site.default_language,
        ));
        let mut description: Vec<String> = Vec::new();
        if date.day().is_none() {
            let mut when = l.date(date).text;
            if let Some(end) = record.end.filter(|end| *end != date) {
                when = format!("{when} – {}", l.date(end).text);
            }
            description.push(l.s("calendar_month_only").replace("{date}", &when));
        }
        for text in [&record.summary, &record.note].into_iter().flatten() {
            description.push(plain_text(&l.plain(text)));
        }
        description.push(page.clone());
        let stamp = first_day(record.updated)
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|time| time.and_utc());
        let mut entry = icalendar::Event::new();
        entry
            .uid(&uid)
            .summary(&l.plain(&record.title))
            .description(&description.join("\n\n"))
            .starts(first)
            .ends(after)
            .status(match record.status {
                EventStatus::Held => icalendar::EventStatus::Confirmed,
                EventStatus::Planned => icalendar::EventStatus::Tentative,
            })
            .add_property("URL", &page);
        if let Some(stamp) = stamp {
            entry.timestamp(stamp);
        }
        if let Some(place) = &record.place {
            entry.location(&l.plain(place));
        }
        calendar.push(entry.done());
    }
    fold_lines(&calendar.done().to_string())
}

/// Folds content lines at 75 octets, the leading space of a continuation included, never inside
/// a UTF-8 character (RFC 5545 §3.1). The `icalendar` crate folds continuation lines one octet
/// too long, so its output is unfolded and folded again here.
fn fold_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 70 * 3);
    for line in text.replace("\r\n ", "").split_terminator("\r\n") {
        let mut width = 0;
        for c in line.chars() {
            if width + c.len_utf8() > 75 {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += c.len_utf8();
        }
        out.push_str("\r\n");
    }
    out
}

pub fn robots(urls: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls.absolute(&urls.file("sitemap.xml"))
    )
}

/// One law of the compilation as open data, in one language: typed, `null` where a fact is
/// unknown, dates in ISO 8601 at the precision the source gives (`2004`, `2004-01`,
/// `2004-01-20`). `schemas/legislation.schema.json` describes it; a test holds the two together.
#[derive(Serialize)]
pub struct LawRecord {
    /// `null` while the instrument's year is not confirmed: no stable id is published then.
    pub id: Option<String>,
    /// `{iso2}/{slug}`: how relations and the comparison name the record.
    pub key: LawKey,
    pub country: CountryCode,
    pub country_name: String,
    pub region: Option<&'static str>,
    pub original_title: String,
    pub original_language: &'static str,
    /// Unofficial translation of the title; `null` when the law is in the file's language.
    pub title: Option<String>,
    #[serde(rename = "type")]
    pub law_type: &'static str,
    pub number: Option<String>,
    pub adopted: Option<String>,
    pub promulgated: Option<String>,
    pub published: Option<String>,
    pub in_force: Option<String>,
    pub gazette: Option<String>,
    pub status: &'static str,
    pub status_source: Option<StatusSourceRecord>,
    pub subjects: Vec<&'static str>,
    pub relations: Vec<RelationRecord>,
    pub confidence: &'static str,
    /// The date the facts were checked against the listed sources.
    pub verified: String,
    pub updated: String,
    pub url: String,
    pub sources: Vec<SourceRecord>,
}

/// The source that states a law's status, and the date it gives.
#[derive(Serialize)]
pub struct StatusSourceRecord {
    pub url: String,
    pub date: Option<String>,
}

/// A link from a law to another instrument.
#[derive(Serialize)]
pub struct RelationRecord {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub date: Option<String>,
    /// `{iso2}/{slug}` of the other record when the compilation has one.
    pub law: Option<LawKey>,
}

/// A cited source.
#[derive(Serialize)]
pub struct SourceRecord {
    pub url: String,
    pub title: String,
    pub official: bool,
}

fn iso(date: Option<PartialDate>) -> Option<String> {
    date.map(|d| d.to_string())
}

fn source_records(sources: &[portal_model::records::Source]) -> Vec<SourceRecord> {
    sources
        .iter()
        .map(|s| SourceRecord {
            url: s.url.clone(),
            title: s.title.clone(),
            official: s.official,
        })
        .collect()
}

/// The compilation in one language, as the records of `legislation.json`.
pub fn law_records(content: &Content, urls: &Urls, lang: Lang) -> Vec<LawRecord> {
    let l = Localizer::new(content, urls, lang);
    content
        .laws
        .iter()
        .map(|law| {
            let country = content.country(&law.country);
            LawRecord {
                id: law.id.clone(),
                key: law.key(),
                country: law.country.clone(),
                country_name: country.map(|c| l.plain(&c.name)).unwrap_or_default(),
                region: country.map(|c| c.region.slug()),
                original_title: law.original_title.clone(),
                original_language: law.original_language.code(),
                title: match law.title_in(lang) {
                    (title, true) => Some(title.to_owned()),
                    (_, false) => None,
                },
                law_type: law.law_type.slug(),
                number: law.number.clone(),
                adopted: iso(law.dates.adopted),
                promulgated: iso(law.dates.promulgated),
                published: iso(law.dates.published),
                in_force: iso(law.dates.in_force),
                gazette: law.gazette.clone(),
                status: law.status.slug(),
                status_source: law.status_source.as_ref().map(|s| StatusSourceRecord {
                    url: s.url.clone(),
                    date: iso(s.date),
                }),
                subjects: law.subjects.iter().map(|s| s.slug()).collect(),
                relations: law
                    .relations
                    .iter()
                    .map(|r| RelationRecord {
                        kind: r.kind.slug(),
                        title: r.title.clone(),
                        date: iso(r.date),
                        law: r.law.clone(),
                    })
                    .collect(),
                confidence: law.confidence.slug(),
                verified: law.verified.to_string(),
                updated: law.updated.to_string(),
                url: urls.absolute(&l.link(&Route::Law {
                    country: law.country.clone(),
                    slug: law.slug.clone(),
                })),
                sources: source_records(&law.sources),
            }
        })
        .collect()
}

/// Lists in a CSV cell: joined with `;`, the separator the datapackage declares.
fn joined<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join(";")
}

/// `legislation.csv`: the fields of `legislation.json`, flattened (lists joined with `;`,
/// `status_source` as two columns, an unknown value as an empty cell).
pub fn laws_csv(records: &[LawRecord]) -> Result<Vec<u8>, csv::Error> {
    let header = LAW_FIELDS.iter().map(|field| field.name);
    csv_table(
        header,
        records.iter().map(|r| {
            let text = |value: &Option<String>| value.clone().unwrap_or_default();
            let relations: Vec<String> = r
                .relations
                .iter()
                .map(|rel| match &rel.law {
                    Some(key) => format!("{}: {key}", rel.kind),
                    None => format!("{}: {}", rel.kind, rel.title),
                })
                .collect();
            [
                text(&r.id),
                r.key.to_string(),
                r.country.to_string(),
                r.country_name.clone(),
                r.region.unwrap_or_default().to_owned(),
                r.original_title.clone(),
                r.original_language.to_owned(),
                text(&r.title),
                r.law_type.to_owned(),
                text(&r.number),
                text(&r.adopted),
                text(&r.promulgated),
                text(&r.published),
                text(&r.in_force),
                text(&r.gazette),
                r.status.to_owned(),
                r.status_source
                    .as_ref()
                    .map(|s| s.url.clone())
                    .unwrap_or_default(),
                r.status_source
                    .as_ref()
                    .and_then(|s| s.date.clone())
                    .unwrap_or_default(),
                joined(r.subjects.iter().copied()),
                joined(relations.iter().map(String::as_str)),
                r.confidence.to_owned(),
                r.verified.clone(),
                r.updated.clone(),
                r.url.clone(),
                joined(r.sources.iter().map(|s| s.url.as_str())),
            ]
        }),
    )
}

/// One member state's participation in one treaty, as open data.
#[derive(Serialize)]
pub struct ParticipationRecord {
    pub treaty: String,
    pub treaty_title: String,
    pub country: CountryCode,
    pub country_name: String,
    /// ratification, accession, party, signature, no-action (a source says so) or
    /// not-confirmed (no source found).
    pub action: &'static str,
    pub signed: Option<String>,
    pub consent: Option<String>,
    pub in_force: Option<String>,
    /// `null` for not-confirmed.
    pub confidence: Option<&'static str>,
    pub note: Option<String>,
    pub sources: Vec<SourceRecord>,
}

/// `treaties.json`: every entry of `content/treaties.yaml`, in one language.
pub fn participation_records(
    content: &Content,
    urls: &Urls,
    lang: Lang,
) -> Vec<ParticipationRecord> {
    let l = Localizer::new(content, urls, lang);
    content
        .participation
        .iter()
        .map(|entry| ParticipationRecord {
            treaty: entry.treaty.clone(),
            treaty_title: content
                .treaties
                .iter()
                .find(|t| t.slug == entry.treaty)
                .map(|t| l.plain(&t.short_title))
                .unwrap_or_default(),
            country: entry.country.clone(),
            country_name: content
                .country(&entry.country)
                .map(|c| l.plain(&c.name))
                .unwrap_or_default(),
            action: entry.action.slug(),
            signed: iso(entry.signed),
            consent: iso(entry.consent),
            in_force: iso(entry.in_force),
            confidence: entry.confidence.map(|c| c.slug()),
            note: entry.note.as_ref().map(|n| plain_text(&l.plain(n))),
            sources: source_records(&entry.sources),
        })
        .collect()
}

/// `treaties.csv`: the fields of `treaties.json`, flattened.
pub fn participation_csv(records: &[ParticipationRecord]) -> Result<Vec<u8>, csv::Error> {
    let header = PARTICIPATION_FIELDS.iter().map(|field| field.name);
    csv_table(
        header,
        records.iter().map(|r| {
            let text = |value: &Option<String>| value.clone().unwrap_or_default();
            [
                r.treaty.clone(),
                r.treaty_title.clone(),
                r.country.to_string(),
                r.country_name.clone(),
                r.action.to_owned(),
                text(&r.signed),
                text(&r.consent),
                text(&r.in_force),
                r.confidence.unwrap_or_default().to_owned(),
                text(&r.note),
                joined(r.sources.iter().map(|s| s.url.as_str())),
            ]
        }),
    )
}

/// A record of the comparison: which instrument a cell names, with its confidence.
#[derive(Serialize)]
pub struct CompareLaw {
    pub key: LawKey,
    pub original_title: String,
    pub confidence: &'static str,
    pub url: String,
}

/// A treaty cell of the comparison.
#[derive(Serialize)]
pub struct CompareTreaty {
    pub treaty: String,
    pub action: &'static str,
    pub consent: Option<String>,
    pub confidence: Option<&'static str>,
}

/// One row of the comparison: a member state.
#[derive(Serialize)]
pub struct CompareRow {
    pub country: CountryCode,
    pub country_name: String,
    pub region: &'static str,
    pub url: String,
    pub migration_laws: Vec<CompareLaw>,
    pub refugee_instruments: Vec<CompareLaw>,
    pub trafficking_laws: Vec<CompareLaw>,
    pub treaties: Vec<CompareTreaty>,
}

/// `compare.json`: the comparison page's table, one row per member state in region order.
pub fn compare_rows(content: &Content, urls: &Urls, lang: Lang) -> Vec<CompareRow> {
    use portal_model::records::{Region, Subject, TreatyAction};
    let l = Localizer::new(content, urls, lang);
    let laws = |iso2: &CountryCode, subject: Subject| -> Vec<CompareLaw> {
        content
            .laws_of(iso2)
            .filter(|law| law.subjects.contains(&subject))
            .map(|law| CompareLaw {
                key: law.key(),
                original_title: law.original_title.clone(),
                confidence: law.confidence.slug(),
                url: urls.absolute(&l.link(&Route::Law {
                    country: law.country.clone(),
                    slug: law.slug.clone(),
                })),
            })
            .collect()
    };
    Region::ALL
        .into_iter()
        .flat_map(|region| content.countries.iter().filter(move |c| c.region == region))
        .map(|country| CompareRow {
            country: country.iso2.clone(),
            country_name: l.plain(&country.name),
            region: country.region.slug(),
            url: urls.absolute(&l.link(&Route::Country(country.iso2.clone()))),
            migration_laws: laws(&country.iso2, Subject::EntryAndStay),
            refugee_instruments: laws(&country.iso2, Subject::RefugeesAndAsylum),
            trafficking_laws: laws(&country.iso2, Subject::TraffickingInPersons),
            treaties: content
                .treaties
                .iter()
                .map(|treaty| {
                    let entry = content.participation_of(&country.iso2, &treaty.slug);
                    CompareTreaty {
                        treaty: treaty.slug.clone(),
                        action: entry
                            .map_or(TreatyAction::NotConfirmed, |e| e.action)
                            .slug(),
                        consent: iso(entry.and_then(|e| e.consent)),
                        confidence: entry.and_then(|e| e.confidence).map(|c| c.slug()),
                    }
                })
                .collect(),
        })
        .collect()
}

/// `compare.csv`: one row per state; each law column lists record keys joined with `;` and
/// its `_confidence` column their confidences in the same order; each treaty has its
/// `{treaty}_action`, `{treaty}_consent` and `{treaty}_confidence` columns.
pub fn compare_csv(rows: &[CompareRow], treaties: &[String]) -> Result<Vec<u8>, csv::Error> {
    csv_table(
        compare_csv_columns(treaties),
        rows.iter().map(|row| {
            let keys = |laws: &[CompareLaw]| {
                let keys: Vec<String> = laws.iter().map(|l| l.key.to_string()).collect();
                joined(keys.iter().map(String::as_str))
            };
            let confidences = |laws: &[CompareLaw]| joined(laws.iter().map(|l| l.confidence));
            let mut record = vec![
                row.country.to_string(),
                row.country_name.clone(),
                row.region.to_owned(),
                row.url.clone(),
                keys(&row.migration_laws),
                confidences(&row.migration_laws),
                keys(&row.refugee_instruments),
                confidences(&row.refugee_instruments),
                keys(&row.trafficking_laws),
                confidences(&row.trafficking_laws),
            ];
            for treaty in &row.treaties {
                record.push(treaty.action.to_owned());
                record.push(treaty.consent.clone().unwrap_or_default());
                record.push(treaty.confidence.unwrap_or_default().to_owned());
            }
            record
        }),
    )
}

fn compare_csv_columns(treaties: &[String]) -> Vec<String> {
    let mut columns: Vec<String> = COMPARE_FIELDS
        .iter()
        .filter(|f| f.name != "treaties")
        .flat_map(|f| match f.json_type {
            "array" => vec![f.name.to_owned(), format!("{}_confidence", f.name)],
            _ => vec![f.name.to_owned()],
        })
        .collect();
    for slug in treaties {
        for part in ["action", "consent", "confidence"] {
            columns.push(format!("{}_{part}", slug.replace('-', "_")));
        }
    }
    columns
}

/// A field of an open-data file, as the datapackage describes it.
pub struct Field {
    pub name: &'static str,
    /// Its Table Schema type in the JSON file (`string`, `boolean`, `array`, `object`).
    pub json_type: &'static str,
    pub description: &'static str,
}

const DATE: &str = "ISO 8601 date as precise as the source gives it (YYYY, YYYY-MM or YYYY-MM-DD)";

/// The fields of `legislation.json`, in the order of its CSV (where `status_source` is two
/// columns, `status_source_url` and `status_source_date`).
/// The member state of a row, the same in every file.
const COUNTRY: Field = Field {
    name: "country",
    json_type: "string",
    description: "ISO 3166-1 alpha-2 code of the member state, lower case",
};
const COUNTRY_NAME: Field = Field {
    name: "country_name",
    json_type: "string",
    description: "Name of the member state in the file's language",
};
const REGION: Field = Field {
    name: "region",
    json_type: "string",
    description: "north-america, central-america, caribbean or south-america",
};

pub const LAW_FIELDS: &[Field] = &[
    Field {
        name: "id",
        json_type: "string",
        description: "Stable record id ISO3-YEAR-TYPE-NUMBER; null (empty) while the instrument's year is not confirmed",
    },
    Field {
        name: "key",
        json_type: "string",
        description: "{iso2}/{slug}: how relations and the comparison name the record",
    },
    COUNTRY,
    COUNTRY_NAME,
    REGION,
    Field {
        name: "original_title",
        json_type: "string",
        description: "Title in the original language of the instrument",
    },
    Field {
        name: "original_language",
        json_type: "string",
        description: "Language of the official text (es, en, fr, pt, nl)",
    },
    Field {
        name: "title",
        json_type: "string",
        description: "Unofficial translation of the title in the file's language; null when the instrument is in that language",
    },
    Field {
        name: "type",
        json_type: "string",
        description: "constitution, code, law, decree-law, legislative-decree, decree, regulation, act, penal-code-provision or policy",
    },
    Field {
        name: "number",
        json_type: "string",
        description: "Number of the instrument as cited; null when it has none",
    },
    Field {
        name: "adopted",
        json_type: "string",
        description: DATE,
    },
    Field {
        name: "promulgated",
        json_type: "string",
        description: DATE,
    },
    Field {
        name: "published",
        json_type: "string",
        description: DATE,
    },
    Field {
        name: "in_force",
        json_type: "string",
        description: DATE,
    },
    Field {
        name: "gazette",
        json_type: "string",
        description: "Where it was published, as cited",
    },
    Field {
        name: "status",
        json_type: "string",
        description: "in-force, partially-in-force, repealed or not-yet-in-force only where status_source says so; otherwise to-be-verified (status not confirmed)",
    },
    Field {
        name: "status_source_url",
        json_type: "string",
        description: "The source (one of sources) that states the status",
    },
    Field {
        name: "status_source_date",
        json_type: "string",
        description: "The date that source gives for the status",
    },
    Field {
        name: "subjects",
        json_type: "array",
        description: "Subjects of the instrument (entry-and-stay, migrant-workers, refugees-and-asylum, trafficking-in-persons, migrant-smuggling, nationals-abroad, children, women, detention-and-due-process, consular-protection, nationality, institutions); in the CSV joined with ;",
    },
    Field {
        name: "relations",
        json_type: "array",
        description: "Amending, repealing and regulating instruments: type, title, date, law ({iso2}/{slug} of its record); in the CSV `type: law-or-title` joined with ;",
    },
    Field {
        name: "confidence",
        json_type: "string",
        description: "How far the sources confirm the record: low, medium, medium-high or high",
    },
    Field {
        name: "verified",
        json_type: "string",
        description: "Date the facts of the record were checked against its listed sources",
    },
    Field {
        name: "updated",
        json_type: "string",
        description: "Date the record was last changed",
    },
    Field {
        name: "url",
        json_type: "string",
        description: "The record's page in the file's language",
    },
    Field {
        name: "sources",
        json_type: "array",
        description: "Cited sources: url, title, official (true only for a gazette or an official portal); in the CSV the urls joined with ;",
    },
];

/// The fields of `treaties.json` and `treaties.csv`.
pub const PARTICIPATION_FIELDS: &[Field] = &[
    Field {
        name: "treaty",
        json_type: "string",
        description: "palermo-protocol or migrant-workers-convention",
    },
    Field {
        name: "treaty_title",
        json_type: "string",
        description: "Short name of the treaty in the file's language",
    },
    COUNTRY,
    COUNTRY_NAME,
    Field {
        name: "action",
        json_type: "string",
        description: "ratification, accession, party (means of consent not confirmed), signature, no-action (a source says the state neither signed nor is party) or not-confirmed (no source found)",
    },
    Field {
        name: "signed",
        json_type: "string",
        description: DATE,
    },
    Field {
        name: "consent",
        json_type: "string",
        description: "Date of ratification, accession or becoming party; ISO 8601 as precise as the source",
    },
    Field {
        name: "in_force",
        json_type: "string",
        description: "Entry into force for the state; ISO 8601 as precise as the source",
    },
    Field {
        name: "confidence",
        json_type: "string",
        description: "low, medium, medium-high or high; null (empty) for not-confirmed",
    },
    Field {
        name: "note",
        json_type: "string",
        description: "What is known where it is not confirmed, in the file's language",
    },
    Field {
        name: "sources",
        json_type: "array",
        description: "Cited sources: url, title, official; in the CSV the urls joined with ;",
    },
];

/// The fields of `compare.json` (in the CSV each list has a `_confidence` column beside it and
/// each treaty its `{treaty}_action`, `{treaty}_consent` and `{treaty}_confidence` columns).
pub const COMPARE_FIELDS: &[Field] = &[
    COUNTRY,
    COUNTRY_NAME,
    REGION,
    Field {
        name: "url",
        json_type: "string",
        description: "The state's page in the file's language",
    },
    Field {
        name: "migration_laws",
        json_type: "array",
        description: "Records on entry and stay: key, original_title, confidence, url; in the CSV the keys joined with ;",
    },
    Field {
        name: "refugee_instruments",
        json_type: "array",
        description: "Records on refugees and asylum; as migration_laws",
    },
    Field {
        name: "trafficking_laws",
        json_type: "array",
        description: "Records on trafficking in persons; as migration_laws",
    },
    Field {
        name: "treaties",
        json_type: "array",
        description: "Participation per treaty: treaty, action, consent, confidence",
    },
];

/// The JSON Schemas of the JSON files, published beside them and named by the datapackage.
pub const SCHEMAS: [(&str, &str); 3] = [
    (
        "legislation.schema.json",
        include_str!("../schemas/legislation.schema.json"),
    ),
    (
        "treaties.schema.json",
        include_str!("../schemas/treaties.schema.json"),
    ),
    (
        "compare.schema.json",
        include_str!("../schemas/compare.schema.json"),
    ),
];

/// The Frictionless Data package of one language's open data: every file, its fields and
/// types, the licence, and the compilation's version and date, which are those of its most
/// recently updated record (so that a rebuild does not announce a new version).
pub fn datapackage(
    content: &Content,
    urls: &Urls,
    lang: Lang,
    treaties: &[String],
) -> serde_json::Value {
    use serde_json::json;
    let l = Localizer::new(content, urls, lang);
    let updated = content.laws.iter().map(|law| law.updated).max();
    let version = updated
        .map(|d| d.to_string().replace('-', "."))
        .unwrap_or_else(|| "0".into());
    let created = updated.map(|d| {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            d.year(),
            d.month().unwrap_or(1),
            d.day().unwrap_or(1)
        )
    });
    let schema_fields = |fields: &[Field], csv: bool| -> Vec<serde_json::Value> {
        fields
            .iter()
            .map(|f| {
                let kind = if csv { "string" } else { f.json_type };
                json!({"name": f.name, "type": kind, "description": f.description})
            })
            .collect()
    };
    let mut json_fields: Vec<serde_json::Value> = LAW_FIELDS
        .iter()
        .filter(|f| !f.name.starts_with("status_source_"))
        .map(|f| json!({"name": f.name, "type": f.json_type, "description": f.description}))
        .collect();
    let status_at = json_fields
        .iter()
        .position(|f| f["name"] == "status")
        .map_or(json_fields.len(), |at| at + 1);
    json_fields.insert(
        status_at,
        json!({"name": "status_source", "type": "object", "description": "The source that states the status: url (one of sources) and date; null when the status is not confirmed"}),
    );
    let compare_csv_fields: Vec<serde_json::Value> = compare_csv_columns(treaties)
        .into_iter()
        .map(|name| {
            let description = COMPARE_FIELDS
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.description)
                .unwrap_or("See the field of the same stem in compare.json");
            json!({"name": name, "type": "string", "description": description})
        })
        .collect();
    let resource = |name: &str, path: &str, format: &str, fields: Vec<serde_json::Value>| {
        let mediatype = match format {
            "csv" => "text/csv",
            _ => "application/json",
        };
        let mut resource = json!({
            "name": name,
            "path": path,
            "format": format,
            "mediatype": mediatype,
            "encoding": "utf-8",
            "schema": {"fields": fields},
        });
        if format == "csv" {
            resource["profile"] = json!("tabular-data-resource");
            resource["dialect"] = json!({"delimiter": ",", "header": true});
        } else {
            resource["profile"] = json!("data-resource");
            resource["jsonSchema"] = json!(path.replace(".json", ".schema.json"));
        }
        resource
    };
    let mut package = json!({
        "profile": "data-package",
        "name": format!("oas-migration-legislation-{lang}"),
        "title": format!("{} — {}", l.plain(&content.site.title), l.s("cite_compilation")),
        "language": lang.code(),
        "homepage": urls.absolute(&l.link(&Route::Section(portal_model::records::Section::Legislation))),
        "version": version,
        "created": created,
        "resources": [
            resource("legislation", "legislation.json", "json", json_fields),
            resource("legislation-csv", "legislation.csv", "csv", schema_fields(LAW_FIELDS, true)),
            resource("treaties", "treaties.json", "json", schema_fields(PARTICIPATION_FIELDS, false)),
            resource("treaties-csv", "treaties.csv", "csv", schema_fields(PARTICIPATION_FIELDS, true)),
            resource("compare", "compare.json", "json", schema_fields(COMPARE_FIELDS, false)),
            resource("compare-csv", "compare.csv", "csv", compare_csv_fields),
        ],
    });
    package["description"] = match &content.site.open_data_licence {
        Some(licence) => {
            package["licenses"] =
                json!([{"name": licence.name, "title": licence.title, "path": licence.path}]);
            json!(l.s("open_data_description"))
        }
        None => json!(format!(
            "{} {}",
            l.s("open_data_description"),
            l.s("open_data_no_licence")
        )),
    };
    package
}

/// A CSV file of the open data: the header row, then every row written with [`write_safe`].
fn csv_table<H, R>(header: H, rows: impl IntoIterator<Item = R>) -> Result<Vec<u8>, csv::Error>
where
    H: IntoIterator<Item: AsRef<[u8]>>,
    R: IntoIterator<Item = String>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header)?;
    for row in rows {
        write_safe(&mut writer, row)?;
    }
    writer
        .into_inner()
        .map_err(|error| error.into_error().into())
}

/// Writes one CSV row with every cell safe to open in a spreadsheet: as the OWASP guidance on
/// CSV injection says, a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
/// (or their full-width forms, which some spreadsheets read the same) would be read as a
/// formula, so it starts with a `'` instead.
fn write_safe(
    writer: &mut csv::Writer<Vec<u8>>,
    cells: impl IntoIterator<Item = String>,
) -> Result<(), csv::Error> {
    writer.write_record(cells.into_iter().map(|cell| match spreadsheet_safe(&cell) {
        std::borrow::Cow::Borrowed(_) => cell,
        std::borrow::Cow::Owned(safe) => safe,
    }))
}

fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
    match cell.starts_with(FORMULA_STARTS) {
        true => format!("'{cell}").into(),
        false => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(count: usize) -> Vec<String> {
        (0..count)
            .map(|n| format!("  <url>\n    <loc>https://example.org/{n}/</loc>\n  </url>\n"))
            .collect()
    }

    #[test]
    fn xml_text_loses_the_characters_xml_forbids() {
        assert_eq!(
            xml_escape("a\u{1}b\u{8}\u{1b}c\td\ne & <f> \"g\"\u{fffe}"),
            "abc\td\ne &amp; &lt;f&gt; &quot;g&quot;"
        );
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_start_with_a_quote() {
        let cells = [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "＝1",
            "ok",
        ];
        let safe: Vec<_> = cells.iter().map(|cell| spreadsheet_safe(cell)).collect();
        assert_eq!(
            safe,
            [
                "'=HYPERLINK(\"http://x\")",
                "'+1",
                "'-2",
                "'@SUM(A1)",
                "'\tx",
                "'＝1",
                "ok"
            ]
        );
    }

    #[test]
    fn a_site_within_the_limits_has_one_sitemap() {
        let files = split_sitemap(&entries(3), &Urls::new("https://example.org/"), 3, 10_000);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        assert_eq!(files[0].1.matches("<url>").count(), 3);
    }

    #[test]
    fn a_larger_site_gets_an_index_of_parts_within_the_limits() {
        let urls = Urls::new("https://example.org/sub/");
        let files = split_sitemap(&entries(7), &urls, 3, 10_000);
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = &files[3].1;
        for name in &names[..3] {
            assert!(index.contains(&format!("<loc>https://example.org/sub/{name}</loc>")));
        }
        let mut seen: Vec<&str> = Vec::new();
        for (_, part) in &files[..3] {
            assert!(part.matches("<url>").count() <= 3);
            assert!(part.ends_with("</urlset>\n"));
            seen.extend(
                part.match_indices("https://example.org/")
                    .map(|(at, _)| &part[at..at + 22]),
            );
        }
        assert_eq!(seen.len(), 7, "every page once: {seen:?}");

        let by_bytes = split_sitemap(&entries(7), &urls, 100, URLSET_OPEN.len() + 120);
        assert!(by_bytes.len() > 2, "the byte limit splits too");
        for (name, part) in &by_bytes {
            assert!(
                name == "sitemap.xml" || part.len() <= URLSET_OPEN.len() + 120,
                "{name}"
            );
        }
    }
}
