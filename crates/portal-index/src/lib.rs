//! The indexing stage of a build: what each language's search index holds of every page,
//! made from the content.
//!
//! It sits between the model and `portal-search`, which is compiled to WebAssembly for the
//! browser and so must know nothing of the content model: this crate turns records into
//! plain-text [`Document`]s, `portal-search` indexes them. A page's URL comes from the same
//! [`Route`] the renderer writes the page at, so a hit always leads to a page that exists.

#![warn(missing_docs)]

use portal_model::{Content, Lang, Localized};
use portal_render::{COMPARE_SUBJECTS, Localizer, Route, Urls, plain_text};
use portal_search::{Document, Kind};

/// The documents of `lang`'s search index, one per page that search finds, in a stable order
/// (the order is part of the index, so the same content gives the same index bytes).
pub fn documents(content: &Content, urls: &Urls, lang: Lang) -> Vec<Document> {
    let l = Localizer::new(content, urls, lang);
    let mut docs: Vec<Document> = laws(&l).collect();
    docs.push(compare_page(&l));
    docs.extend(countries(&l));
    docs.extend(summits(&l));
    docs.extend(resolutions(&l));
    docs.extend(organs(&l));
    docs.extend(programme(&l));
    docs.extend(events(&l));
    docs
}

/// A page's document with only its URL, title, body and kind; the filters are set by the
/// caller where the page has them.
fn document(url: String, title: String, body: String, kind: Kind) -> Document {
    Document {
        url,
        title,
        body,
        kind,
        country: None,
        region: None,
        year: None,
        subjects: Vec::new(),
    }
}

/// Localized prose as the plain text it reads as.
fn text(l: &Localizer, localized: &Localized) -> String {
    plain_text(&l.plain(localized))
}

fn laws<'a>(l: &'a Localizer) -> impl Iterator<Item = Document> + 'a {
    let content = l.content;
    content.laws.iter().map(move |law| {
        let country = content.country(&law.country);
        // The record id ("ARG-2003-L-25871") is shown on the page, so it finds the law.
        let mut body: Vec<String> = law.id.iter().cloned().collect();
        body.push(text(l, &law.summary));
        body.extend(law.number.clone());
        body.extend(law.relations.iter().map(|r| r.title.clone()));
        body.extend(country.map(|c| l.plain(&c.name)));
        body.extend(
            law.subjects
                .iter()
                .map(|s| l.s(&format!("subject_{}", s.slug()))),
        );
        // The name people know it by ("Lei de Migração") finds it as its title does.
        let original = match &law.short_title {
            Some(short) => format!("{} ({short})", law.original_title),
            None => law.original_title.clone(),
        };
        let (translated, is_translation) = law.title_in(l.lang);
        let title = match is_translation {
            true => format!("{original} — {translated}"),
            false => original,
        };
        let route = Route::Law {
            country: law.country.clone(),
            slug: law.slug.clone(),
        };
        Document {
            country: Some(law.country.clone().into()),
            region: country.map(|c| c.region.slug().to_owned()),
            year: law.dates.principal().map(|d| d.year()),
            subjects: law.subjects.iter().map(|s| s.slug().to_owned()).collect(),
            ..document(l.link(&route), title, body.join(" "), Kind::Law)
        }
    })
}

/// The comparison page finds the countries and the laws and treaties it compares.
fn compare_page(l: &Localizer) -> Document {
    let content = l.content;
    let mut body = vec![l.s("compare_description")];
    for country in &content.countries {
        body.push(l.plain(&country.name));
        body.extend(
            content
                .laws_of(&country.iso2)
                .filter(|law| COMPARE_SUBJECTS.iter().any(|s| law.subjects.contains(s)))
                .map(|law| law.original_title.clone()),
        );
    }
    body.extend(content.treaties.iter().map(|t| l.plain(&t.title)));
    let url = l.link(&Route::Compare);
    document(url, l.s("compare_title"), body.join(" "), Kind::Page)
}

fn countries<'a>(l: &'a Localizer) -> impl Iterator<Item = Document> + 'a {
    l.content.countries.iter().map(move |country| {
        let mut body = vec![l.s("section_legislation")];
        body.extend(country.note.as_ref().map(|note| text(l, note)));
        let url = l.link(&Route::Country(country.iso2.clone()));
        Document {
            country: Some(country.iso2.clone().into()),
            region: Some(country.region.slug().to_owned()),
            ..document(url, l.plain(&country.name), body.join(" "), Kind::Page)
        }
    })
}

fn summits<'a>(l: &'a Localizer) -> impl Iterator<Item = Document> + 'a {
    let content = l.content;
    content.summits.iter().map(move |summit| {
        let mut body = vec![l.plain(&summit.city), text(l, &summit.summary)];
        body.extend(summit.mandates.iter().map(|m| text(l, &m.text)));
        // The city and year are how people name a Summit ("Quebec 2001").
        let title = format!(
            "{} — {} {}",
            l.plain(&summit.title),
            l.plain(&summit.city),
            summit.start.year()
        );
        let url = l.link(&Route::Summit(summit.slug.clone()));
        Document {
            country: Some(summit.country.clone().into()),
            region: content
                .country(&summit.country)
                .map(|c| c.region.slug().to_owned()),
            year: Some(summit.start.year()),
            ..document(url, title, body.join(" "), Kind::Summit)
        }
    })
}

fn resolutions<'a>(l: &'a Localizer) -> impl Iterator<Item = Document> + 'a {
    l.content.resolutions.iter().map(move |resolution| {
        let title = match &resolution.title {
            Some(title) => format!("{} — {}", resolution.symbol, l.plain(title)),
            None => resolution.symbol.clone(),
        };
        let body = resolution.summary.as_ref().map(|s| text(l, s));
        let url = l.link(&Route::Resolution(resolution.slug.clone()));
        Document {
            year: Some(resolution.adopted.year()),
            ..document(url, title, body.unwrap_or_default(), Kind::Resolution)
        }
    })
}

fn organs<'a>(l: &'a Localizer) -> impl Iterator<Item = Document> + 'a {
    l.content.organs.iter().map(move |organ| {
        let mut body = vec![text(l, &organ.summary)];
        body.extend(organ.mandated.iter().map(|a| text(l, &a.text)));
        body.extend(
            organ
                .done
                .iter()
                .chain(&organ.planned)
                .map(|a| text(l, &a.text)),
        );
        body.extend(organ.calendar.iter().map(|a| text(l, &a.text)));
        let url = l.link(&Route::Organ(organ.slug.clone()));
        Document {
            // The organ's latest activity dates the page.
            year: organ
                .done
                .iter()
                .filter_map(|a| a.date)
                .map(|d| d.year())
                .max(),
            ..document(url, l.plain(&organ.name), body.join(" "), Kind::Activity)
        }
    })
}

fn programme<'a>(l: &'a Localizer) -> impl Iterator<Item = Document> + 'a {
    let source = l.content.source_lang();
    l.content.programme.iter().map(move |page| {
        let (_, version) = page.version(l.lang, source);
        let url = l.link(&Route::Programme(page.slug.clone()));
        let body = plain_text(&version.markdown);
        document(url, version.matter.title.clone(), body, Kind::Page)
    })
}

fn events<'a>(l: &'a Localizer) -> impl Iterator<Item = Document> + 'a {
    let source = l.content.source_lang();
    l.content.events.iter().map(move |event| {
        let prose = event
            .prose
            .get(&l.lang)
            .or_else(|| event.prose.get(&source));
        let mut body: Vec<String> = prose.map(|p| plain_text(&p.markdown)).into_iter().collect();
        let record = &event.record;
        for localized in [&record.place, &record.participants, &record.summary]
            .into_iter()
            .flatten()
        {
            body.push(text(l, localized));
        }
        for day in &record.agenda {
            body.extend(day.sessions.iter().map(|s| l.plain(&s.title)));
        }
        let url = l.link(&Route::Event(event.slug.clone()));
        Document {
            year: record.date.map(|d| d.year()),
            ..document(url, l.plain(&record.title), body.join(" "), Kind::Event)
        }
    })
}
