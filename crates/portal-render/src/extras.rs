//! Files besides pages: sitemap, robots.txt, open data, and the text search indexes.

use std::fmt::Write;

use portal_model::{Content, Lang};
use serde::Serialize;

use crate::localize::Localizer;
use crate::markdown::plain_text;
use crate::routes::{Route, Urls};

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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

/// The Atom feed of one language: the dated activities of the organs, most recent first.
/// Its `updated` is the editors' date of the newest organ record, never the build time, so a
/// rebuild does not announce news that is not there.
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
            .map(|(i, a)| ("done", i, &a.text, a.date));
        let calendar = organ
            .calendar
            .iter()
            .enumerate()
            .map(|(i, c)| ("calendar", i, &c.text, Some(c.date)));
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
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let feed_url = urls.absolute(&urls.file(&format!("{lang}/activities/feed.xml")));
    let updated = content.organs.iter().map(|o| o.updated).max();
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

pub fn robots(urls: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls.absolute(&urls.file("sitemap.xml"))
    )
}

/// One law of the compilation as open data, in one language.
#[derive(Serialize)]
pub struct LawRecord {
    pub id: String,
    pub country: String,
    pub country_name: String,
    pub original_title: String,
    pub original_language: String,
    /// Unofficial translation of the title; empty when the law is in the page's language.
    pub title: String,
    #[serde(rename = "type")]
    pub law_type: String,
    pub number: String,
    pub adopted: String,
    pub promulgated: String,
    pub published: String,
    pub in_force: String,
    pub status: String,
    pub subjects: String,
    pub confidence: String,
    pub verified: String,
    pub url: String,
    pub sources: String,
}

/// The compilation in one language, as records for JSON and CSV.
pub fn law_records(content: &Content, urls: &Urls, lang: Lang) -> Vec<LawRecord> {
    let l = Localizer::new(content, urls, lang);
    let date = |d: Option<portal_model::PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
    content
        .laws
        .iter()
        .map(|law| LawRecord {
            id: law.id.clone(),
            country: law.country.clone(),
            country_name: content
                .country(&law.country)
                .map(|c| l.plain(&c.name))
                .unwrap_or_default(),
            original_title: law.original_title.clone(),
            original_language: law.original_language.code().to_owned(),
            title: match law.title_in(lang) {
                (title, true) => title.to_owned(),
                (_, false) => String::new(),
            },
            law_type: law.law_type.slug().to_owned(),
            number: law.number.clone().unwrap_or_default(),
            adopted: date(law.dates.adopted),
            promulgated: date(law.dates.promulgated),
            published: date(law.dates.published),
            in_force: date(law.dates.in_force),
            status: law.status.slug().to_owned(),
            subjects: law
                .subjects
                .iter()
                .map(|s| s.slug())
                .collect::<Vec<_>>()
                .join(";"),
            confidence: law.confidence.slug().to_owned(),
            verified: law.verified.to_string(),
            url: urls.absolute(&l.link(&Route::Law {
                country: law.country.clone(),
                slug: law.slug.clone(),
            })),
            sources: law
                .sources
                .iter()
                .map(|s| s.url.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect()
}

pub fn laws_csv(records: &[LawRecord]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        writer.serialize(record)?;
    }
    writer
        .into_inner()
        .map_err(|error| error.into_error().into())
}

/// What the search index holds of a page: plain text, never markup.
#[derive(Clone, Debug, Serialize)]
pub struct SearchDocument {
    pub url: String,
    pub title: String,
    pub body: String,
    /// `law`, `summit`, `resolution`, `activity`, `page` or `event`.
    pub kind: &'static str,
    pub country: Option<String>,
    pub region: Option<String>,
    pub year: Option<u16>,
    /// The law's subject slugs, for the search's subject filter; empty for other pages.
    pub subjects: Vec<String>,
}

/// The documents of one language's search index.
pub fn search_documents(content: &Content, urls: &Urls, lang: Lang) -> Vec<SearchDocument> {
    let l = Localizer::new(content, urls, lang);
    let text = |localized: &portal_model::Localized| plain_text(&l.plain(localized));
    let mut docs = Vec::new();
    for law in &content.laws {
        let country = content.country(&law.country);
        // The record id ("ARG-2003-L-25871") is shown on the page, so it finds the law.
        let mut body = vec![law.id.clone(), text(&law.summary)];
        body.extend(law.number.clone());
        body.extend(law.relations.iter().map(|r| r.title.clone()));
        body.extend(country.map(|c| l.plain(&c.name)));
        body.extend(
            law.subjects
                .iter()
                .map(|s| l.s(&format!("subject_{}", s.slug()))),
        );
        let (translated, is_translation) = law.title_in(lang);
        let title = match is_translation {
            true => format!("{} — {translated}", law.original_title),
            false => law.original_title.clone(),
        };
        docs.push(SearchDocument {
            url: l.link(&Route::Law {
                country: law.country.clone(),
                slug: law.slug.clone(),
            }),
            title,
            body: body.join(" "),
            kind: "law",
            country: Some(law.country.clone()),
            region: country.map(|c| c.region.slug().to_owned()),
            year: law.dates.principal().map(|d| d.year()),
            subjects: law.subjects.iter().map(|s| s.slug().to_owned()).collect(),
        });
    }
    for country in &content.countries {
        let mut body = vec![l.s("section_legislation")];
        body.extend(country.note.as_ref().map(&text));
        docs.push(SearchDocument {
            url: l.link(&Route::Country(country.iso2.clone())),
            title: l.plain(&country.name),
            body: body.join(" "),
            kind: "page",
            country: Some(country.iso2.clone()),
            region: Some(country.region.slug().to_owned()),
            year: None,
            subjects: Vec::new(),
        });
    }
    for summit in &content.summits {
        let mut body = vec![l.plain(&summit.city), text(&summit.summary)];
        body.extend(summit.mandates.iter().map(|m| text(&m.text)));
        docs.push(SearchDocument {
            url: l.link(&Route::Summit(summit.slug.clone())),
            // The city and year are how people name a Summit ("Quebec 2001").
            title: format!(
                "{} — {} {}",
                l.plain(&summit.title),
                l.plain(&summit.city),
                summit.start.year()
            ),
            body: body.join(" "),
            kind: "summit",
            country: Some(summit.country.clone()),
            region: content
                .country(&summit.country)
                .map(|c| c.region.slug().to_owned()),
            year: Some(summit.start.year()),
            subjects: Vec::new(),
        });
    }
    for resolution in &content.resolutions {
        let title = match &resolution.title {
            Some(title) => format!("{} — {}", resolution.symbol, l.plain(title)),
            None => resolution.symbol.clone(),
        };
        docs.push(SearchDocument {
            url: l.link(&Route::Resolution(resolution.slug.clone())),
            title,
            body: resolution.summary.as_ref().map(&text).unwrap_or_default(),
            kind: "resolution",
            country: None,
            region: None,
            year: Some(resolution.adopted.year()),
            subjects: Vec::new(),
        });
    }
    for organ in &content.organs {
        let mut body = vec![text(&organ.summary)];
        body.extend(organ.mandated.iter().map(|a| text(&a.text)));
        body.extend(
            organ
                .done
                .iter()
                .chain(&organ.planned)
                .map(|a| text(&a.text)),
        );
        body.extend(organ.calendar.iter().map(|a| text(&a.text)));
        let year = organ
            .done
            .iter()
            .filter_map(|a| a.date)
            .map(|d| d.year())
            .max();
        docs.push(SearchDocument {
            url: l.link(&Route::Organ(organ.slug.clone())),
            title: l.plain(&organ.name),
            body: body.join(" "),
            kind: "activity",
            country: None,
            region: None,
            year,
            subjects: Vec::new(),
        });
    }
    let source = content.source_lang();
    for page in &content.programme {
        let (_, version) = page.version(lang, source);
        docs.push(SearchDocument {
            url: l.link(&Route::Programme(page.slug.clone())),
            title: version.matter.title.clone(),
            body: plain_text(&version.markdown),
            kind: "page",
            country: None,
            region: None,
            year: None,
            subjects: Vec::new(),
        });
    }
    for event in &content.events {
        let prose = event.prose.get(&lang).or_else(|| event.prose.get(&source));
        let mut body: Vec<String> = prose.map(|p| plain_text(&p.markdown)).into_iter().collect();
        for day in &event.record.agenda {
            body.extend(day.sessions.iter().map(|s| l.plain(&s.title)));
        }
        docs.push(SearchDocument {
            url: l.link(&Route::Event(event.slug.clone())),
            title: l.plain(&event.record.title),
            body: body.join(" "),
            kind: "event",
            country: None,
            region: None,
            year: event.record.date.map(|d| d.year()),
            subjects: Vec::new(),
        });
    }
    docs
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
