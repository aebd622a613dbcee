//! Which pages an edited file can change: the dependency graph of incremental rebuilds.
//!
//! What each page reads of the content is said by its route ([`Route::reads`]); this module
//! adds what every page reads, the site configuration, its strings and its templates.

use std::path::Path;

use portal_model::{ContentFile, Lang};

use crate::routes::Route;

/// Something a page is made from, named by the file an editor changes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    /// A file of `content/` or `i18n/`.
    Content(ContentFile),
    /// A template of the theme, by its name below `templates/`.
    Template(String),
    /// Stylesheets, scripts and static files: they change assets, not pages.
    Asset,
}

impl Input {
    /// The input a project file is, from its path relative to the project root.
    pub fn of_file(path: &Path) -> Option<Input> {
        match path.strip_prefix("themes") {
            Ok(theme) => {
                let mut parts = theme.iter();
                let _theme_name = parts.next();
                Some(match parts.next().is_some_and(|part| part == "templates") {
                    true => Input::Template(parts.as_path().to_str()?.to_owned()),
                    false => Input::Asset,
                })
            }
            Err(_) => ContentFile::of_path(path).ok().map(Input::Content),
        }
    }

    /// The page that shows this input itself, where there is one: where an editor sees what
    /// editing the file changes.
    pub fn page(&self) -> Option<Route> {
        match self {
            Input::Content(file) => Route::showing(file),
            Input::Template(_) | Input::Asset => None,
        }
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
    match input {
        Input::Content(ContentFile::Site) => true,
        Input::Content(ContentFile::Strings(changed)) => *changed == lang,
        Input::Content(file) => route.reads(file),
        Input::Template(name) => !is_page_template(name) || route.template() == name,
        Input::Asset => false,
    }
}

#[cfg(test)]
mod tests {
    use portal_model::records::Section;

    use super::*;

    #[test]
    fn files_map_to_their_inputs() {
        let law = Input::of_file(Path::new("content/legislation/ar/ley-25871.yaml"));
        assert_eq!(
            law,
            Some(Input::Content(ContentFile::Law {
                country: "ar".parse().unwrap(),
                slug: "ley-25871".parse().unwrap()
            }))
        );
        assert_eq!(
            Input::of_file(Path::new("i18n/pt.yaml")),
            Some(Input::Content(ContentFile::Strings(Lang::Pt)))
        );
        assert_eq!(
            Input::of_file(Path::new("themes/default/templates/law.html")),
            Some(Input::Template("law.html".into()))
        );
        assert_eq!(
            Input::of_file(Path::new("themes/default/css/base.css")),
            Some(Input::Asset)
        );
        assert_eq!(Input::of_file(Path::new("README.md")), None);
    }

    #[test]
    fn every_language_version_of_a_page_shows_on_that_page() {
        let page = |path: &str| Input::of_file(Path::new(path)).and_then(|input| input.page());
        assert_eq!(
            page("content/programme/approval/index.es.md"),
            Some(Route::Programme("approval".parse().unwrap()))
        );
        assert_eq!(
            page("content/summits/_index.en.md"),
            Some(Route::Section(Section::Summits))
        );
        assert_eq!(
            page("content/events/cajp-2006/index.pt.md"),
            page("content/events/cajp-2006/event.yaml")
        );
    }

    #[test]
    fn a_law_edit_touches_its_page_its_country_and_the_lists_only() {
        let input = Input::Content(ContentFile::Law {
            country: "ar".parse().unwrap(),
            slug: "ley-25871".parse().unwrap(),
        });
        let page = |route: Route| depends(&route, Lang::Es, &input, |_| true);
        assert!(page(Route::Law {
            country: "ar".parse().unwrap(),
            slug: "ley-25871".parse().unwrap()
        }));
        assert!(page(Route::Country("ar".parse().unwrap())));
        assert!(page(Route::Section(Section::Legislation)));
        assert!(!page(Route::Country("br".parse().unwrap())));
        assert!(!page(Route::Law {
            country: "br".parse().unwrap(),
            slug: "lei-13445".parse().unwrap()
        }));
        assert!(!page(Route::Section(Section::Summits)));
        assert!(page(Route::Compare));
        assert!(page(Route::Subject(
            portal_model::records::Subject::Children
        )));
    }

    #[test]
    fn a_treaty_edit_touches_the_country_pages_and_the_comparison_only() {
        let treaties = Input::Content(ContentFile::Treaties);
        let page = |route: Route| depends(&route, Lang::En, &treaties, |_| true);
        assert_eq!(
            Input::of_file(Path::new("content/treaties.yaml")),
            Some(treaties.clone())
        );
        assert!(page(Route::Country("ag".parse().unwrap())));
        assert!(page(Route::Compare));
        assert!(!page(Route::Law {
            country: "ag".parse().unwrap(),
            slug: "immigration-and-passport-act-2014".parse().unwrap()
        }));
        assert!(!page(Route::Section(Section::Legislation)));
    }
}
