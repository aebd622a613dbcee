//! Turns loaded content into the files of the site: pages in every language, the bundled
//! stylesheet, sitemap, robots.txt and open data.
//!
//! Rendering is a pure function of the content, the theme and the options: it hands back the
//! files (all at once, or page by page as they are rendered) and never touches the disk, so the
//! caller decides where (and whether) they are written; `portal build` writes into a fresh
//! folder that replaces the site only once complete, so a failed render leaves the old one.

#![warn(missing_docs)]

mod assets;
mod deps;
mod extras;
mod localize;
mod markdown;
mod pages;
mod routes;

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::{Environment, UndefinedBehavior, Value, context};
use portal_model::records::Section;
use portal_model::{Content, Lang};
use rayon::prelude::*;
use serde::Serialize;

use crate::markdown::{PageIds, TemplateIds};

pub use assets::{Assets, Theme, build_assets, bundle_css, fingerprint};
pub use deps::{Input, depends};
pub use extras::SCHEMAS;
pub use localize::Localizer;
pub use markdown::{Markdown, plain_text};
pub use pages::COMPARE_SUBJECTS;
pub use routes::{Route, TimelineFilter, Urls, routes};

/// Why the site could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed: the message names the template and line.
    #[error("{}", describe_template_error(.0))]
    Template(#[from] minijinja::Error),
    #[error("stylesheet error: {0}")]
    /// The theme's stylesheet could not be parsed, bundled or minified (lightningcss's message).
    Css(String),
    #[error("open data export failed: {0}")]
    /// An open data file (CSV or JSON) could not be written.
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
    /// Content hashes in asset names, for year-long caching. The preview server turns them off
    /// so that a stylesheet edit changes one file, not every page that links it.
    pub fingerprint_assets: bool,
}

/// The rendered site: output path → bytes, shared so that a rebuild that changes a few pages
/// copies pointers, not the site.
#[derive(Clone, Debug, Default)]
pub struct Output {
    /// Output path relative to the site root, `/`-separated (`en/summits/index.html`,
    /// `404.html`) → file contents.
    pub files: BTreeMap<String, Arc<[u8]>>,
}

impl Output {
    /// The page at `route` in `lang`, if it is rendered.
    pub fn page(&self, route: &Route, lang: Lang) -> Option<Arc<[u8]>> {
        self.files.get(&route.file(lang)).cloned()
    }

    /// Puts rendered pages in place; a page that names nothing any more loses its file.
    pub fn store(&mut self, rendered: RenderedPages) {
        for (file, html) in rendered {
            match html {
                Some(html) => self.files.insert(file, html),
                None => self.files.remove(&file),
            };
        }
    }
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
            let mut rest = text;
            while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
                out.write_str(&rest[..at]).map_err(minijinja::Error::from)?;
                let entity = match rest.as_bytes()[at] {
                    b'&' => "&amp;",
                    b'<' => "&lt;",
                    b'>' => "&gt;",
                    b'"' => "&quot;",
                    _ => "&#39;",
                };
                out.write_str(entity).map_err(minijinja::Error::from)?;
                rest = &rest[at + 1..];
            }
            out.write_str(rest).map_err(minijinja::Error::from)
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
        feed_url => l.urls.file(&format!("{}/activities/feed.xml", l.lang)),
        base_path => l.urls.base_path(),
        menu,
        assets => asset_urls,
        search_pack => options.search_packs.get(&l.lang).map(|path| l.urls.file(path)),
        live_reload => options.live_reload.clone(),
    }
}

fn render_page(
    env: &Environment,
    template_ids: &TemplateIds,
    language: &LanguageContext,
    route: &Route,
) -> Result<Option<String>, RenderError> {
    let page_ids = PageIds::new(template_ids);
    let l = &language.localizer.for_page(&page_ids);
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
    let section = route.section().map(Section::slug);
    let template = env.get_template(route.template())?;
    let html = template.render(context! {
        site => &language.site,
        s => &language.strings,
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

/// Output path → HTML of each page rendered, or `None` for a route that names nothing in the
/// content (a page that was deleted).
pub type RenderedPages = Vec<(String, Option<Arc<[u8]>>)>;

/// A theme made ready for rendering: templates compiled, assets bundled, URLs fixed.
///
/// Built once per theme change, so the preview server re-renders a page without paying for
/// the template environment or the stylesheet again.
pub struct Renderer {
    env: Environment<'static>,
    assets: Assets,
    urls: Urls,
    options: RenderOptions,
    page_templates: std::collections::BTreeSet<&'static str>,
    /// The ids the templates write, which heading anchors must not take.
    template_ids: TemplateIds,
}

/// The language-wide part of every page's context, computed once per render.
struct LanguageContext<'a> {
    localizer: Localizer<'a>,
    site: Value,
    strings: Value,
}

impl Renderer {
    /// Compiles the theme's templates and bundles its assets; fails on the first template or
    /// stylesheet error, before any page is rendered.
    pub fn new(theme: &Theme, options: RenderOptions) -> Result<Renderer, RenderError> {
        let assets = build_assets(theme, options.fingerprint_assets)?;
        Ok(Renderer {
            env: environment(theme)?,
            urls: Urls::new(&options.base_url),
            page_templates: routes::page_templates(),
            template_ids: TemplateIds::of(theme.templates.values().map(String::as_str)),
            assets,
            options,
        })
    }

    /// The URLs of the site being rendered, as the pages link them.
    pub fn urls(&self) -> &Urls {
        &self.urls
    }

    /// Whether a change to this template can change only the pages that use it directly;
    /// any other template (the layout, macros) can change every page.
    pub fn is_page_template(&self, name: &str) -> bool {
        self.page_templates.contains(name)
    }

    fn languages<'a>(&'a self, content: &'a Content) -> Vec<LanguageContext<'a>> {
        content
            .site
            .languages
            .iter()
            .map(|&lang| {
                let localizer = Localizer::new(content, &self.urls, lang);
                LanguageContext {
                    site: site_context(&localizer, &self.assets, &self.options),
                    strings: Value::from_serialize(localizer.strings),
                    localizer,
                }
            })
            .collect()
    }

    /// Renders the given pages in parallel.
    pub fn render_pages(
        &self,
        content: &Content,
        pages: &[(Route, Lang)],
    ) -> Result<RenderedPages, RenderError> {
        let languages = self.languages(content);
        pages
            .par_iter()
            .map(|(route, lang)| {
                let (file, html) = self.render_one(&languages, route, *lang)?;
                Ok((file, html.map(|html| Arc::from(html.into_bytes()))))
            })
            .collect()
    }

    /// Renders the given pages in parallel and hands each to `sink` as soon as it is ready
    /// (output path, and `None` for a route that names nothing in this content), so that a
    /// build writes pages while others render and never holds the whole site in memory.
    pub fn for_each_page<E>(
        &self,
        content: &Content,
        pages: &[(Route, Lang)],
        sink: impl Fn(String, Option<String>) -> Result<(), E> + Sync,
    ) -> Result<(), E>
    where
        E: From<RenderError> + Send,
    {
        let languages = self.languages(content);
        pages.par_iter().try_for_each(|(route, lang)| {
            let (file, html) = self.render_one(&languages, route, *lang)?;
            sink(file, html)
        })
    }

    fn render_one(
        &self,
        languages: &[LanguageContext],
        route: &Route,
        lang: Lang,
    ) -> Result<(String, Option<String>), RenderError> {
        let file = route.file(lang);
        let Some(context) = languages.iter().find(|c| c.localizer.lang == lang) else {
            return Ok((file, None));
        };
        Ok((
            file,
            render_page(&self.env, &self.template_ids, context, route)?,
        ))
    }

    /// Every page of the site, in every language.
    pub fn all_pages(content: &Content) -> Vec<(Route, Lang)> {
        let routes = routes(content);
        let mut pages = Vec::with_capacity(routes.len() * content.site.languages.len() + 4);
        for &lang in &content.site.languages {
            pages.extend(routes.iter().map(|(route, _)| (route.clone(), lang)));
            pages.push((Route::NotFound, lang));
        }
        pages
    }

    /// The files besides pages and assets: the language choice at the root, the root 404
    /// (a copy of `not_found`, the default language's 404 page), sitemap, robots.txt and open
    /// data. Cheap enough to redo after any change.
    pub fn extras(
        &self,
        content: &Content,
        not_found: Option<Arc<[u8]>>,
    ) -> Result<Output, RenderError> {
        let urls = &self.urls;
        let mut output = Output::default();
        let default = content.site.default_language;
        if let Some(page) = not_found {
            output.files.insert("404.html".into(), page);
        }
        let choices: Vec<Value> = content
            .site
            .languages
            .iter()
            .map(|&lang| {
                let l = Localizer::new(content, urls, lang);
                context! {
                    lang => lang.code(),
                    name => lang.native_name(),
                    url => l.link(&Route::Home),
                    href => urls.absolute(&l.link(&Route::Home)),
                    title => l.plain(&content.site.title),
                    choose => l.s("choose_language"),
                }
            })
            .collect();
        let root = self.env.get_template("root.html")?.render(context! {
            choices,
            lang => default.code(),
            css => urls.file(&self.assets.urls["style.css"]),
            favicon => self.assets.urls.get("favicon.svg").map(|path| urls.file(path)),
            x_default => urls.absolute(&urls.link(&Route::Home, default)),
        })?;
        let mut add = |path: String, bytes: Vec<u8>| output.files.insert(path, Arc::from(bytes));
        add("index.html".into(), root.into_bytes());
        for (path, xml) in extras::sitemaps(content, urls, &routes(content)) {
            add(path, xml.into_bytes());
        }
        add("robots.txt".into(), extras::robots(urls).into_bytes());
        let export = |e: &dyn std::fmt::Display| RenderError::Export(e.to_string());
        let treaty_slugs: Vec<String> = content.treaties.iter().map(|t| t.slug.clone()).collect();
        for &lang in &content.site.languages {
            let folder = format!("{lang}/legislation");
            let records = extras::law_records(content, urls, lang);
            let json = serde_json::to_vec(&records).map_err(|e| export(&e))?;
            let csv = extras::laws_csv(&records).map_err(|e| export(&e))?;
            add(format!("{folder}/legislation.json"), json);
            add(format!("{folder}/legislation.csv"), csv);
            let participation = extras::participation_records(content, urls, lang);
            let json = serde_json::to_vec(&participation).map_err(|e| export(&e))?;
            let csv = extras::participation_csv(&participation).map_err(|e| export(&e))?;
            add(format!("{folder}/treaties.json"), json);
            add(format!("{folder}/treaties.csv"), csv);
            let rows = extras::compare_rows(content, urls, lang);
            let json = serde_json::to_vec(&rows).map_err(|e| export(&e))?;
            let csv = extras::compare_csv(&rows, &treaty_slugs).map_err(|e| export(&e))?;
            add(format!("{folder}/compare.json"), json);
            add(format!("{folder}/compare.csv"), csv);
            let package = extras::datapackage(content, urls, lang, &treaty_slugs);
            let json = serde_json::to_vec_pretty(&package).map_err(|e| export(&e))?;
            add(format!("{folder}/datapackage.json"), json);
            for (name, schema) in extras::SCHEMAS {
                add(format!("{folder}/{name}"), schema.as_bytes().to_vec());
            }
            add(
                format!("{lang}/activities/feed.xml"),
                extras::activities_feed(content, urls, lang).into_bytes(),
            );
            add(
                extras::calendar_path(lang),
                extras::events_calendar(content, urls, lang).into_bytes(),
            );
        }
        Ok(output)
    }

    /// The bundled stylesheet, scripts and static files.
    pub fn assets(&self) -> Output {
        Output {
            files: self
                .assets
                .files
                .iter()
                .map(|(path, bytes)| (path.clone(), Arc::from(bytes.as_slice())))
                .collect(),
        }
    }
}
