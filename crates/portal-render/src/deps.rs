//! Which pages an edited file can change: the dependency graph of incremental rebuilds.
//!
//! It sits beside the page contexts it describes: a page that starts reading another record
//! must say so here, and the test at the bottom compares incremental and full rebuilds.

use std::path::{Component, Path};

use portal_model::Lang;
use portal_model::records::Section;

use crate::routes::Route;

/// Something a page is made from, named by the file an editor changes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    Site,
    Strings(Lang),
    Template(String),
    /// Stylesheets, scripts and static files: they change assets, not pages.
    Asset,
    Home,
    Intro(Section),
    Programme(String),
    Summit(String),
    Resolution(String),
    Organ(String),
    Event(String),
    Countries,
    /// `content/treaties.yaml`: every state's treaty participation.
    Treaties,
    Law {
        country: String,
        slug: String,
    },
}

impl Input {
    /// The input a project file is, from its path relative to the project root.
    pub fn of_file(path: &Path) -> Option<Input> {
        let parts: Vec<&str> = path
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => part.to_str(),
                _ => None,
            })
            .collect();
        let stem = |name: &str| name.split('.').next().unwrap_or(name).to_owned();
        Some(match parts.as_slice() {
            ["i18n", name] => Input::Strings(Lang::from_code(&stem(name))?),
            ["content", "site.yaml"] => Input::Site,
            ["content", "countries.yaml"] => Input::Countries,
            ["content", "treaties.yaml"] => Input::Treaties,
            ["content", "home", ..] => Input::Home,
            ["content", section, name] if name.starts_with("_index.") => {
                Input::Intro(Section::ALL.into_iter().find(|s| s.slug() == *section)?)
            }
            ["content", "programme", slug, ..] => Input::Programme((*slug).to_owned()),
            ["content", "summits", name] => Input::Summit(stem(name)),
            ["content", "resolutions", name] => Input::Resolution(stem(name)),
            ["content", "activities", name] => Input::Organ(stem(name)),
            ["content", "events", slug, ..] => Input::Event((*slug).to_owned()),
            ["content", "legislation", country, name] => Input::Law {
                country: (*country).to_owned(),
                slug: stem(name),
            },
            ["themes", _, "templates", name @ ..] => Input::Template(name.join("/")),
            ["themes", ..] => Input::Asset,
            _ => return None,
        })
    }
}

impl Input {
    /// The page that shows this input itself, where there is one: where an editor sees what
    /// editing the file changes.
    pub fn page(&self) -> Option<Route> {
        Some(match self {
            Input::Home => Route::Home,
            Input::Intro(section) => Route::Section(*section),
            Input::Countries | Input::Treaties => Route::Section(Section::Legislation),
            Input::Programme(slug) => Route::Programme(slug.clone()),
            Input::Summit(slug) => Route::Summit(slug.clone()),
            Input::Resolution(slug) => Route::Resolution(slug.clone()),
            Input::Organ(slug) => Route::Organ(slug.clone()),
            Input::Event(slug) => Route::Event(slug.clone()),
            Input::Law { country, slug } => Route::Law {
                country: country.clone(),
                slug: slug.clone(),
            },
            Input::Site | Input::Strings(_) | Input::Template(_) | Input::Asset => return None,
        })
    }
}

/// Whether a change to `input` can change the page `route` in `lang`.
///
/// `is_page_template` tells a template used by some pages alone from a layout or macro file
/// that every page includes.
pub fn depends(
    route: &Route,
    lang: Lang,
    input: &Input,
    is_page_template: impl Fn(&str) -> bool,
) -> bool {
    use Route as R;
    let section = |s: Section| *route == R::Section(s);
    // The timeline and its filtered pages read the same records.
    let timeline = section(Section::Timeline) || matches!(route, R::Timeline(_));
    match input {
        Input::Site => true,
        Input::Strings(changed) => *changed == lang,
        Input::Template(name) => {
            !is_page_template(name) || crate::pages::template_of(route) == name
        }
        Input::Asset => false,
        Input::Home => *route == R::Home,
        Input::Intro(intro) => {
            section(*intro) || *route == R::Home || (*intro == Section::Timeline && timeline)
        }
        Input::Programme(slug) => {
            matches!(route, R::Programme(s) if s == slug) || section(Section::Programme)
        }
        // Summit pages list the resolutions that answer them; resolution pages the Summits
        // they answer; event pages both; the home page counts both.
        Input::Summit(slug) => {
            matches!(route, R::Summit(s) if s == slug)
                || matches!(route, R::Resolution(_) | R::Event(_))
                || section(Section::Summits)
                || timeline
                || *route == R::Home
        }
        Input::Resolution(slug) => {
            matches!(route, R::Resolution(s) if s == slug)
                || matches!(route, R::Resolution(_) | R::Summit(_) | R::Event(_))
                || section(Section::Resolutions)
                || timeline
                || *route == R::Home
        }
        // Events name their organs and the mandated activities they served; the timeline
        // filters by organ.
        Input::Organ(slug) => {
            matches!(route, R::Organ(s) if s == slug)
                || matches!(route, R::Event(_))
                || section(Section::Activities)
                || section(Section::Events)
                || timeline
        }
        // Organ pages list their meetings; the timeline shows the dated ones.
        Input::Event(slug) => {
            matches!(route, R::Event(s) if s == slug)
                || matches!(route, R::Organ(_))
                || section(Section::Events)
                || timeline
        }
        // Country names appear on country, law, Summit, search, legislation, comparison and
        // subject pages.
        Input::Countries => {
            matches!(
                route,
                R::Country(_) | R::Law { .. } | R::Summit(_) | R::Compare | R::Subject(_)
            ) || section(Section::Legislation)
                || section(Section::Search)
                || *route == R::Home
        }
        // Every country page shows its participation; the comparison shows all of it.
        Input::Treaties => matches!(route, R::Country(_) | R::Compare),
        // A law is on its page, its country's, the comparison and the subject pages (an edit
        // may add or drop a subject, so every subject page), and counted on the lists.
        Input::Law { country, slug } => {
            matches!(route, R::Law { country: c, slug: s } if c == country && s == slug)
                || matches!(route, R::Country(c) if c == country)
                || matches!(route, R::Compare | R::Subject(_))
                || section(Section::Legislation)
                || *route == R::Home
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_map_to_their_inputs() {
        let law = Input::of_file(Path::new("content/legislation/ar/ley-25871.yaml"));
        assert_eq!(
            law,
            Some(Input::Law {
                country: "ar".into(),
                slug: "ley-25871".into()
            })
        );
        assert_eq!(
            Input::of_file(Path::new("i18n/pt.yaml")),
            Some(Input::Strings(Lang::Pt))
        );
        assert_eq!(
            Input::of_file(Path::new("content/programme/approval/index.es.md")),
            Some(Input::Programme("approval".into()))
        );
        assert_eq!(
            Input::of_file(Path::new("content/summits/_index.en.md")),
            Some(Input::Intro(Section::Summits))
        );
        assert_eq!(
            Input::of_file(Path::new("themes/default/css/base.css")),
            Some(Input::Asset)
        );
        assert_eq!(Input::of_file(Path::new("README.md")), None);
    }

    #[test]
    fn a_law_edit_touches_its_page_its_country_and_the_lists_only() {
        let input = Input::Law {
            country: "ar".into(),
            slug: "ley-25871".into(),
        };
        let page = |route: Route| depends(&route, Lang::Es, &input, |_| true);
        assert!(page(Route::Law {
            country: "ar".into(),
            slug: "ley-25871".into()
        }));
        assert!(page(Route::Country("ar".into())));
        assert!(page(Route::Section(Section::Legislation)));
        assert!(!page(Route::Country("br".into())));
        assert!(!page(Route::Law {
            country: "br".into(),
            slug: "lei-13445".into()
        }));
        assert!(!page(Route::Section(Section::Summits)));
        assert!(page(Route::Compare));
        assert!(page(Route::Subject(
            portal_model::records::Subject::Children
        )));
    }

    #[test]
    fn a_treaty_edit_touches_the_country_pages_and_the_comparison_only() {
        let page = |route: Route| depends(&route, Lang::En, &Input::Treaties, |_| true);
        assert_eq!(
            Input::of_file(Path::new("content/treaties.yaml")),
            Some(Input::Treaties)
        );
        assert!(page(Route::Country("ag".into())));
        assert!(page(Route::Compare));
        assert!(!page(Route::Law {
            country: "ag".into(),
            slug: "immigration-and-passport-act-2014".into()
        }));
        assert!(!page(Route::Section(Section::Legislation)));
    }
}
