//! Every kind of page: its URL, its template, its place in the menu, how its instances are
//! found in the content and which content files it reads. A new kind of page is a [`Route`]
//! variant, the arms the compiler then asks for in this file, its instances in [`routes`], its
//! context in `pages.rs` and its template.

use std::collections::BTreeSet;

use portal_model::records::{Section, Subject};
use portal_model::{Content, ContentFile, CountryCode, Lang, PartialDate, Slug};
use portal_types::Kind;

/// Every kind of page the portal has; its URL in each language follows from it.
///
/// URLs are a public contract (bookmarks, links from other sites, tests), so they are built in
/// this one place.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// The language's home page, `{lang}/`.
    Home,
    /// A section's index page (`{lang}/summits/`), including the timeline and search pages.
    Section(Section),
    /// A page of the programme, by its slug.
    Programme(Slug),
    /// A summit, by its slug.
    Summit(Slug),
    /// A resolution, by its slug.
    Resolution(Slug),
    /// An organ's page of activities, by its slug.
    Organ(Slug),
    /// A member state's legislation, by its two-letter ISO code as in its URL.
    Country(CountryCode),
    /// One law of a member state.
    Law {
        /// The member state's two-letter ISO code.
        country: CountryCode,
        /// The law's slug, unique within its country.
        slug: Slug,
    },
    /// The member states side by side: their principal instruments and treaty participation.
    Compare,
    /// The instruments of one subject across the member states.
    Subject(Subject),
    /// An event, by its slug.
    Event(Slug),
    /// The timeline narrowed to one kind of entry or to one organ's meetings: a page of its
    /// own, so that filtering works without JavaScript.
    Timeline(TimelineFilter),
    /// The 404 page, one per language (`{lang}/404.html`), which the server answers unknown paths
    /// with.
    NotFound,
}

/// What a filtered timeline shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TimelineFilter {
    /// One of [`TimelineFilter::KINDS`].
    Kind(Kind),
    /// The meetings of one organ.
    Organ(Slug),
}

impl TimelineFilter {
    /// The kinds of timeline entries, in the order the filters list them.
    pub const KINDS: [Kind; 3] = [Kind::Summit, Kind::Resolution, Kind::Event];
}

impl Route {
    /// The path below the site root, ending in `/` (or `404.html`).
    pub fn path(&self, lang: Lang) -> String {
        let lang = lang.code();
        match self {
            Route::Home => format!("{lang}/"),
            Route::Section(section) => format!("{lang}/{}/", section.slug()),
            Route::Programme(slug) => format!("{lang}/programme/{slug}/"),
            Route::Summit(slug) => format!("{lang}/summits/{slug}/"),
            Route::Resolution(slug) => format!("{lang}/resolutions/{slug}/"),
            Route::Organ(slug) => format!("{lang}/activities/{slug}/"),
            Route::Country(iso2) => format!("{lang}/legislation/{iso2}/"),
            Route::Law { country, slug } => format!("{lang}/legislation/{country}/{slug}/"),
            Route::Compare => format!("{lang}/legislation/compare/"),
            Route::Subject(subject) => {
                format!("{lang}/legislation/subjects/{}/", subject.slug())
            }
            Route::Event(slug) => format!("{lang}/events/{slug}/"),
            Route::Timeline(TimelineFilter::Kind(kind)) => format!("{lang}/timeline/{kind}/"),
            Route::Timeline(TimelineFilter::Organ(slug)) => {
                format!("{lang}/timeline/organ/{slug}/")
            }
            Route::NotFound => format!("{lang}/404.html"),
        }
    }

    /// The file the page is written to, relative to the output directory.
    pub fn file(&self, lang: Lang) -> String {
        let path = self.path(lang);
        match path.ends_with('/') {
            true => format!("{path}index.html"),
            false => path,
        }
    }

    /// The template the page is rendered with.
    pub fn template(&self) -> &'static str {
        match self {
            Route::Home => "home.html",
            Route::Section(Section::Programme) => "programme.html",
            Route::Section(Section::Summits) => "summits.html",
            Route::Section(Section::Resolutions) => "resolutions.html",
            Route::Section(Section::Activities) => "activities.html",
            Route::Section(Section::Legislation) => "legislation.html",
            Route::Section(Section::Events) => "events.html",
            Route::Section(Section::Timeline) => "timeline.html",
            Route::Section(Section::Search) => "search.html",
            Route::Programme(_) => "page.html",
            Route::Summit(_) => "summit.html",
            Route::Resolution(_) => "resolution.html",
            Route::Organ(_) => "organ.html",
            Route::Country(_) => "country.html",
            Route::Law { .. } => "law.html",
            Route::Compare => "compare.html",
            Route::Subject(_) => "subject.html",
            Route::Event(_) => "event.html",
            Route::Timeline(_) => "timeline.html",
            Route::NotFound => "404.html",
        }
    }

    /// The section of the menu the page belongs to, which the menu marks as current.
    pub fn section(&self) -> Option<Section> {
        match self {
            Route::Home | Route::NotFound => None,
            Route::Section(section) => Some(*section),
            Route::Programme(_) => Some(Section::Programme),
            Route::Summit(_) => Some(Section::Summits),
            Route::Resolution(_) => Some(Section::Resolutions),
            Route::Organ(_) => Some(Section::Activities),
            Route::Country(_) | Route::Law { .. } | Route::Compare | Route::Subject(_) => {
                Some(Section::Legislation)
            }
            Route::Event(_) => Some(Section::Events),
            Route::Timeline(_) => Some(Section::Timeline),
        }
    }

    /// Whether the page shows anything of the record or text in `file`: the pages an edit of
    /// it re-renders. Every page also reads the site configuration, the interface strings of
    /// its language and its templates (see [`crate::depends`]).
    ///
    /// A page that starts reading another record must say so here: `tests/serve.rs`
    /// (`incremental_rebuilds_equal_full_rebuilds`) compares incremental and full rebuilds.
    pub fn reads(&self, file: &ContentFile) -> bool {
        use ContentFile as F;
        let intro = |section| matches!(file, F::Intro(s, _) if *s == section);
        // The timeline and its filtered pages list the Summits, resolutions and meetings by
        // date, and filter the meetings by organ.
        let timeline = intro(Section::Timeline)
            || matches!(
                file,
                F::Summit(_) | F::Resolution(_) | F::Organ(_) | F::Event { .. }
            );
        match self {
            // The home page introduces every section, counts the Summits, resolutions, states
            // and laws.
            Route::Home => matches!(
                file,
                F::Home(_)
                    | F::Intro(..)
                    | F::Summit(_)
                    | F::Resolution(_)
                    | F::Countries
                    | F::Law { .. }
            ),
            Route::Section(section) => {
                intro(*section)
                    || match section {
                        Section::Programme => matches!(file, F::Programme { .. }),
                        Section::Summits => matches!(file, F::Summit(_)),
                        Section::Resolutions => matches!(file, F::Resolution(_)),
                        Section::Activities => matches!(file, F::Organ(_)),
                        Section::Events => matches!(file, F::Organ(_) | F::Event { .. }),
                        Section::Timeline => timeline,
                        Section::Legislation => matches!(file, F::Countries | F::Law { .. }),
                        Section::Search => matches!(file, F::Countries),
                    }
            }
            Route::Programme(slug) => matches!(file, F::Programme { slug: s, .. } if s == slug),
            // A Summit page lists the resolutions that answer it and names its host state.
            Route::Summit(slug) => {
                matches!(file, F::Summit(s) if s == slug)
                    || matches!(file, F::Resolution(_) | F::Countries)
            }
            // A resolution page names the Summits it answers, and the resolutions beside it.
            Route::Resolution(_) => matches!(file, F::Resolution(_) | F::Summit(_)),
            // An organ page lists its meetings.
            Route::Organ(slug) => {
                matches!(file, F::Organ(s) if s == slug) || matches!(file, F::Event { .. })
            }
            Route::Country(iso2) => {
                matches!(file, F::Countries | F::Treaties)
                    || matches!(file, F::Law { country, .. } if country == iso2)
            }
            Route::Law { country, slug } => {
                matches!(file, F::Countries)
                    || matches!(file, F::Law { country: c, slug: s } if c == country && s == slug)
            }
            Route::Compare => matches!(file, F::Countries | F::Treaties | F::Law { .. }),
            // An edit may add or drop a subject, so every subject page reads every law.
            Route::Subject(_) => matches!(file, F::Countries | F::Law { .. }),
            // A meeting's page names its organs, the mandated activities it served, and the
            // Summits and resolutions behind them.
            Route::Event(slug) => {
                matches!(file, F::Event { slug: s, .. } if s == slug)
                    || matches!(file, F::Summit(_) | F::Resolution(_) | F::Organ(_))
            }
            Route::Timeline(_) => timeline,
            Route::NotFound => false,
        }
    }

    /// The page that shows the record or text in `file` itself, where there is one: where an
    /// editor sees what editing the file changes.
    pub fn showing(file: &ContentFile) -> Option<Route> {
        use ContentFile as F;
        Some(match file {
            F::Home(_) => Route::Home,
            F::Intro(section, _) => Route::Section(*section),
            F::Countries | F::Treaties => Route::Section(Section::Legislation),
            F::Programme { slug, .. } => Route::Programme(slug.clone()),
            F::Summit(slug) => Route::Summit(slug.clone()),
            F::Resolution(slug) => Route::Resolution(slug.clone()),
            F::Organ(slug) => Route::Organ(slug.clone()),
            F::Event { slug, .. } => Route::Event(slug.clone()),
            F::Law { country, slug } => Route::Law {
                country: country.clone(),
                slug: slug.clone(),
            },
            F::Site | F::Strings(_) => return None,
        })
    }
}

/// Every page route of the site but the 404 page, with the date it last changed for the
/// sitemap, in the sitemap's order.
pub fn routes(content: &Content) -> Vec<(Route, Option<String>)> {
    let mut routes: Vec<(Route, Option<String>)> = vec![(Route::Home, None)];
    routes.extend(Section::ALL.into_iter().map(|s| (Route::Section(s), None)));
    let date = |d: PartialDate| Some(d.to_string());
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
    let compilation_updated = content.laws.iter().map(|law| law.updated).max();
    routes.push((Route::Compare, compilation_updated.and_then(date)));
    for subject in Subject::ALL {
        let updated = content
            .laws
            .iter()
            .filter(|law| law.subjects.contains(&subject))
            .map(|law| law.updated)
            .max();
        routes.push((Route::Subject(subject), updated.and_then(date)));
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
    for kind in TimelineFilter::KINDS {
        routes.push((Route::Timeline(TimelineFilter::Kind(kind)), None));
    }
    for organ in crate::pages::organs_with_events(content) {
        routes.push((Route::Timeline(TimelineFilter::Organ(organ.clone())), None));
    }
    routes
}

/// Every template that renders a page by itself; the others (the layout, macros) are part of
/// every page. Taken from one route of each kind, so that a template is named only in
/// [`Route::template`].
pub fn page_templates() -> BTreeSet<&'static str> {
    let any: Slug = "any".parse().expect("`any` is a slug");
    let country: CountryCode = "zz".parse().expect("`zz` is a country code");
    let kinds = [
        Route::Home,
        Route::Programme(any.clone()),
        Route::Summit(any.clone()),
        Route::Resolution(any.clone()),
        Route::Organ(any.clone()),
        Route::Country(country.clone()),
        Route::Law {
            country,
            slug: any.clone(),
        },
        Route::Compare,
        Route::Subject(Subject::ALL[0]),
        Route::Event(any.clone()),
        Route::Timeline(TimelineFilter::Organ(any)),
        Route::NotFound,
    ];
    let sections = Section::ALL.map(Route::Section);
    kinds.iter().chain(&sections).map(Route::template).collect()
}

/// Where the site is published, split into what links need.
///
/// Internal links are absolute paths that include the base path (`/sub/fr/…`), so they work
/// at any depth and under a sub-path; canonical, hreflang and sitemap URLs are absolute.
#[derive(Clone, Debug)]
pub struct Urls {
    origin: String,
    base_path: String,
}

impl Urls {
    /// Accepts `https://host/`, `https://host/sub` or `https://host/sub/`.
    pub fn new(base_url: &str) -> Urls {
        let trimmed = base_url.trim_end_matches('/');
        let after_scheme = trimmed.find("://").map_or(0, |at| at + 3);
        let (origin, path) = match trimmed[after_scheme..].find('/') {
            Some(at) => trimmed.split_at(after_scheme + at),
            None => (trimmed, ""),
        };
        Urls {
            origin: origin.to_owned(),
            base_path: format!("{path}/"),
        }
    }

    /// `/` or `/sub/`: the prefix of every internal link.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// A link to a page, as an absolute path.
    pub fn link(&self, route: &Route, lang: Lang) -> String {
        format!("{}{}", self.base_path, route.path(lang))
    }

    /// A link to any file of the output, as an absolute path.
    pub fn file(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// A full URL, for canonical links, hreflang alternates, the sitemap and feeds.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.origin, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_path_deployments_prefix_every_link() {
        let urls = Urls::new("https://example.org/portal");
        let route = Route::Law {
            country: "ar".parse().unwrap(),
            slug: "ley-25871".parse().unwrap(),
        };
        assert_eq!(
            urls.link(&route, Lang::Es),
            "/portal/es/legislation/ar/ley-25871/"
        );
        assert_eq!(
            urls.absolute(&urls.link(&Route::Home, Lang::Fr)),
            "https://example.org/portal/fr/"
        );
    }

    #[test]
    fn compilation_views_live_under_legislation() {
        assert_eq!(Route::Compare.path(Lang::Fr), "fr/legislation/compare/");
        assert_eq!(
            Route::Subject(Subject::TraffickingInPersons).file(Lang::En),
            "en/legislation/subjects/trafficking-in-persons/index.html"
        );
    }

    #[test]
    fn every_page_of_the_site_is_rendered_with_a_page_template() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let (content, _) = portal_model::load(&root).expect("the project's content loads");
        let templates = page_templates();
        let missing: BTreeSet<&str> = routes(&content)
            .iter()
            .map(|(route, _)| route.template())
            .filter(|template| !templates.contains(template))
            .collect();
        assert!(missing.is_empty(), "not in page_templates(): {missing:?}");
        assert!(templates.contains("404.html") && !templates.contains("base.html"));
    }

    #[test]
    fn root_deployments_have_a_slash_base() {
        let urls = Urls::new("http://127.0.0.1:8080/");
        assert_eq!(urls.link(&Route::Home, Lang::Pt), "/pt/");
        assert_eq!(urls.absolute("/pt/"), "http://127.0.0.1:8080/pt/");
    }
}
