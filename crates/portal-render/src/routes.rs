use portal_model::Lang;
use portal_model::records::{Section, Subject};
use portal_types::Kind;

/// Every kind of page the portal has; its URL in each language follows from it.
///
/// URLs are a public contract (bookmarks, links from other sites, tests), so they are built in
/// this one place.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    Home,
    Section(Section),
    Programme(String),
    Summit(String),
    Resolution(String),
    Organ(String),
    Country(String),
    Law {
        country: String,
        slug: String,
    },
    /// The member states side by side: their principal instruments and treaty participation.
    Compare,
    /// The instruments of one subject across the member states.
    Subject(Subject),
    Event(String),
    /// The timeline narrowed to one kind of entry or to one organ's meetings: a page of its
    /// own, so that filtering works without JavaScript.
    Timeline(TimelineFilter),
    NotFound,
}

/// What a filtered timeline shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TimelineFilter {
    /// One of [`TimelineFilter::KINDS`].
    Kind(Kind),
    /// The meetings of one organ.
    Organ(String),
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
            country: "ar".into(),
            slug: "ley-25871".into(),
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
    fn root_deployments_have_a_slash_base() {
        let urls = Urls::new("http://127.0.0.1:8080/");
        assert_eq!(urls.link(&Route::Home, Lang::Pt), "/pt/");
        assert_eq!(urls.absolute("/pt/"), "http://127.0.0.1:8080/pt/");
    }
}
