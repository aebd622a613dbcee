//! Turns loaded content into the files of the site: pages in every language, the bundled
//! stylesheet, sitemap, robots.txt and open data.
//!
//! Rendering is a pure function of the content, the theme and the options: it returns the
//! files in memory and never touches the disk, so the caller decides where (and whether) they
//! are written, and a failed render leaves nothing half-written.

mod assets;
mod extras;
mod localize;
mod markdown;
mod pages;
mod routes;

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior, Value, context};
use portal_model::records::Section;
use portal_model::{Content, Lang};
use rayon::prelude::*;
use serde::Serialize;

pub use assets::{Assets, Theme, build_assets, bundle_css, fingerprint};
pub use extras::{SearchDocument, search_documents};
pub use localize::Localizer;
pub use markdown::{Markdown, plain_text};
pub use routes::{Route, Urls};

/// Why the site could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed: the message names the template and line.
    #[error("{}", describe_template_error(.0))]
    Template(#[from] minijinja::Error),
    #[error("stylesheet error: {0}")]
    Css(String),
    #[error("open data export failed: {0}")]
    Export(String),
}

/// `themes/default/templates/law.html:12: undefined value: …`, without minijinja's dump of
/// the whole context, which buries the line to fix.
fn describe_template_error(error: &minijinja::Error) -> String {
    let mut text = String::from("template error in ");
    match (error.name(), error.line()) {
        (Some(name), Some(line)) => {
            text.push_str(&format!("themes/default/templates/{name}:{line}"))
        }
        (Some(name), None) => text.push_str(&format!("themes/default/templates/{name}")),
        _ => text.push_str("a template"),
    }
    text.push_str(&format!(": {}", error.kind()));
    if let Some(detail) = error.detail() {
        text.push_str(&format!(": {detail}"));
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    text
}

/// What a build adds to the content and theme.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// Where the site is published (`https://host/` or `https://host/sub/`).
    pub base_url: String,
    /// Output path of each language's search index, once built.
    pub search_packs: BTreeMap<Lang, String>,
    /// Extra `<script>` for the preview server's live reload; never set for a published build.
    pub live_reload: Option<String>,
}

/// The rendered site: output path → bytes.
#[derive(Clone, Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
}

#[derive(Serialize)]
struct Alternate {
    lang: &'static str,
    name: &'static str,
    url: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct MenuItem {
    key: &'static str,
    label: String,
    url: String,
}

/// Every page route of the site, with the date it last changed for the sitemap.
pub fn routes(content: &Content) -> Vec<(Route, Option<String>)> {
    let mut routes: Vec<(Route, Option<String>)> = vec![(Route::Home, None)];
    routes.extend(Section::ALL.into_iter().map(|s| (Route::Section(s), None)));
    let date = |d: portal_model::PartialDate| Some(d.to_string());
    for page in &content.programme {
        let updated = page.versions.values().map(|v| v.matter.updated).max();
        routes.push((Route::Programme(page.slug.clone()), updated.and_then(date)));
    }
    for summit in &content.summits {
        routes.push((Route::Summit(summit.slug.clone()), date(summit.updated)));
    }
    for resolution in &content.resolutions {
        routes.push((
            Route::Resolution(resolution.slug.clone()),
            date(resolution.updated),
        ));
    }
    for organ in &content.organs {
        routes.push((Route::Organ(organ.slug.clone()), date(organ.updated)));
    }
    for country in &content.countries {
        routes.push((Route::Country(country.iso2.clone()), None));
    }
    for law in &content.laws {
        let route = Route::Law {
            country: law.country.clone(),
            slug: law.slug.clone(),
        };
        routes.push((route, date(law.updated)));
    }
    for event in &content.events {
        routes.push((Route::Event(event.slug.clone()), date(event.record.updated)));
    }
    routes
}

/// Escapes `& < > " '` only: minijinja's default also escapes `/`, which makes every URL in
/// every page longer and harder to read for no safety gain in quoted attributes and text.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    let escaping = !matches!(state.auto_escape(), minijinja::AutoEscape::None);
    match value.as_str() {
        Some(text) if escaping && !value.is_safe() => {
            let mut escaped = String::with_capacity(text.len());
            for c in text.chars() {
                match c {
                    '&' => escaped.push_str("&amp;"),
                    '<' => escaped.push_str("&lt;"),
                    '>' => escaped.push_str("&gt;"),
                    '"' => escaped.push_str("&quot;"),
                    '\'' => escaped.push_str("&#39;"),
                    c => escaped.push(c),
                }
            }
            out.write_str(&escaped).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

fn environment(theme: &Theme) -> Result<Environment<'static>, RenderError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_formatter(html_formatter);
    for (name, source) in &theme.templates {
        env.add_template_owned(name.clone(), source.clone())?;
    }
    Ok(env)
}

/// The context shared by every page of one language.
fn site_context(l: &Localizer, assets: &Assets, options: &RenderOptions) -> Value {
    let content = l.content;
    let menu: Vec<MenuItem> = content
        .site
        .menu
        .iter()
        .map(|section| MenuItem {
            key: section.slug(),
            label: l.s(&format!("section_{}", section.slug())),
            url: l.link(&Route::Section(*section)),
        })
        .collect();
    let asset_urls: BTreeMap<&str, String> = assets
        .urls
        .iter()
        .map(|(name, path)| (name.as_str(), l.urls.file(path)))
        .collect();
    context! {
        title => l.text(&content.site.title),
        tagline => l.text(&content.site.tagline),
        home => l.link(&Route::Home),
        search_url => l.link(&Route::Section(Section::Search)),
        base_path => l.urls.base_path(),
        menu,
        assets => asset_urls,
        search_pack => options.search_packs.get(&l.lang).map(|path| l.urls.file(path)),
        live_reload => options.live_reload.clone(),
    }
}

fn render_page(
    env: &Environment,
    l: &Localizer,
    site: &Value,
    route: &Route,
) -> Result<Option<String>, RenderError> {
    let Some(page) = pages::page_context(l, route) else {
        return Ok(None);
    };
    let languages = &l.content.site.languages;
    let alternates: Vec<Alternate> = languages
        .iter()
        .map(|&lang| {
            let url = l.urls.link(route, lang);
            Alternate {
                lang: lang.code(),
                name: lang.native_name(),
                href: l.urls.absolute(&url),
                url,
                current: lang == l.lang,
            }
        })
        .collect();
    let canonical = l.urls.absolute(&l.link(route));
    let x_default = l
        .urls
        .absolute(&l.urls.link(route, l.content.site.default_language));
    let section = match route {
        Route::Home | Route::NotFound => None,
        Route::Section(section) => Some(section.slug()),
        Route::Programme(_) => Some("programme"),
        Route::Summit(_) => Some("summits"),
        Route::Resolution(_) => Some("resolutions"),
        Route::Organ(_) => Some("activities"),
        Route::Country(_) | Route::Law { .. } => Some("legislation"),
        Route::Event(_) => Some("events"),
    };
    let template = env.get_template(page.template)?;
    let html = template.render(context! {
        site => site,
        s => l.strings,
        page => context! {
            lang => l.lang.code(),
            title => page.title,
            description => page.description,
            canonical,
            x_default,
            alternates,
            breadcrumbs => page.breadcrumbs,
            section,
            updated => l.date_opt(page.updated),
            is_404 => *route == Route::NotFound,
        },
        ..page.values
    })?;
    Ok(Some(html))
}

/// Renders the whole site in memory, pages in parallel.
pub fn render(
    content: &Content,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<Output, RenderError> {
    let urls = Urls::new(&options.base_url);
    let assets = build_assets(theme)?;
    let env = environment(theme)?;
    let routes = routes(content);
    let languages = content.site.languages.clone();

    let localizers: Vec<Localizer> = languages
        .iter()
        .map(|&lang| Localizer::new(content, &urls, lang))
        .collect();
    let sites: Vec<Value> = localizers
        .iter()
        .map(|l| site_context(l, &assets, options))
        .collect();

    let mut jobs: Vec<(usize, Route)> = Vec::new();
    for index in 0..languages.len() {
        for (route, _) in &routes {
            jobs.push((index, route.clone()));
        }
        jobs.push((index, Route::NotFound));
    }
    let pages: Vec<(String, Vec<u8>)> = jobs
        .par_iter()
        .map(|(index, route)| {
            let l = &localizers[*index];
            let html = render_page(&env, l, &sites[*index], route)?;
            Ok(html.map(|html| (route.file(l.lang), html.into_bytes())))
        })
        .collect::<Result<Vec<_>, RenderError>>()?
        .into_iter()
        .flatten()
        .collect();

    let mut output = Output::default();
    output.files.extend(pages);
    output.files.extend(assets.files.clone());

    let default = content.site.default_language;
    if let Some(page) = output.files.get(&Route::NotFound.file(default)).cloned() {
        output.files.insert("404.html".into(), page);
    }
    let choices: Vec<Value> = localizers
        .iter()
        .map(|l| {
            context! {
                lang => l.lang.code(),
                name => l.lang.native_name(),
                url => l.link(&Route::Home),
                href => urls.absolute(&l.link(&Route::Home)),
                title => l.plain(&content.site.title),
                choose => l.s("choose_language"),
            }
        })
        .collect();
    let root = env.get_template("root.html")?.render(context! {
        choices,
        lang => default.code(),
        css => urls.file(&assets.urls["style.css"]),
        x_default => urls.absolute(&urls.link(&Route::Home, default)),
    })?;
    output.files.insert("index.html".into(), root.into_bytes());

    output.files.insert(
        "sitemap.xml".into(),
        extras::sitemap(content, &urls, &routes).into_bytes(),
    );
    output
        .files
        .insert("robots.txt".into(), extras::robots(&urls).into_bytes());
    for &lang in &languages {
        let records = extras::law_records(content, &urls, lang);
        let json =
            serde_json::to_vec_pretty(&records).map_err(|e| RenderError::Export(e.to_string()))?;
        let csv = extras::laws_csv(&records).map_err(|e| RenderError::Export(e.to_string()))?;
        output
            .files
            .insert(format!("{lang}/legislation/legislation.json"), json);
        output
            .files
            .insert(format!("{lang}/legislation/legislation.csv"), csv);
    }
    Ok(output)
}
