//! The files of `content/` and `i18n/`, named by what they hold: the one grammar of content
//! paths. Loading reads a path into a [`ContentFile`]; errors, `portal new`, the editors' page
//! and the preview's dependency graph write a [`ContentFile`] back into its path.

use std::path::{Component, Path, PathBuf};

use crate::records::Section;
use crate::{ContentError, CountryCode, Lang, Problem, Slug};

/// One file of the content model, with the identity of what it holds: the slug of a record,
/// the language of a prose version.
///
/// A new kind of content file is a variant here, an arm in [`ContentFile::path`] and one in
/// [`ContentFile::of_path`]; the round-trip test below covers every variant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContentFile {
    /// `content/site.yaml`.
    Site,
    /// `i18n/{lang}.yaml`: the interface strings of one language.
    Strings(Lang),
    /// `content/countries.yaml`: the member states.
    Countries,
    /// `content/treaties.yaml`: every state's treaty participation.
    Treaties,
    /// `content/home/index.{lang}.md`.
    Home(Lang),
    /// `content/{section}/_index.{lang}.md`: a section's introduction.
    Intro(Section, Lang),
    /// `content/programme/{slug}/index.{lang}.md`.
    Programme {
        /// The page's folder name, also its URL segment.
        slug: Slug,
        /// The language of this file; each translation is a file of its own.
        lang: Lang,
    },
    /// `content/summits/{slug}.yaml`.
    Summit(Slug),
    /// `content/resolutions/{slug}.yaml`.
    Resolution(Slug),
    /// `content/activities/{slug}.yaml`: an OAS organ and its activities.
    Organ(Slug),
    /// `content/events/{slug}/event.yaml` or `content/events/{slug}/index.{lang}.md`: one
    /// meeting is one folder, so that its page is one thing whichever file changes.
    Event {
        /// The meeting's folder name, also its URL segment.
        slug: Slug,
        /// Which file of the folder.
        part: EventPart,
    },
    /// `content/legislation/{country}/{slug}.yaml`.
    Law {
        /// The member state's folder: its ISO 3166-1 alpha-2 code.
        country: CountryCode,
        /// The file name without `.yaml`, unique within the country.
        slug: Slug,
    },
}

impl ContentFile {
    /// The file's path, relative to the project root.
    pub fn path(&self) -> PathBuf {
        PathBuf::from(match self {
            ContentFile::Site => "content/site.yaml".to_owned(),
            ContentFile::Strings(lang) => format!("i18n/{lang}.yaml"),
            ContentFile::Countries => "content/countries.yaml".to_owned(),
            ContentFile::Treaties => "content/treaties.yaml".to_owned(),
            ContentFile::Home(lang) => format!("content/home/index.{lang}.md"),
            ContentFile::Intro(section, lang) => {
                format!("content/{}/_index.{lang}.md", section.slug())
            }
            ContentFile::Programme { slug, lang } => {
                format!("content/programme/{slug}/index.{lang}.md")
            }
            ContentFile::Summit(slug) => format!("content/summits/{slug}.yaml"),
            ContentFile::Resolution(slug) => format!("content/resolutions/{slug}.yaml"),
            ContentFile::Organ(slug) => format!("content/activities/{slug}.yaml"),
            ContentFile::Event {
                slug,
                part: EventPart::Record,
            } => format!("content/events/{slug}/event.yaml"),
            ContentFile::Event {
                slug,
                part: EventPart::Prose(lang),
            } => format!("content/events/{slug}/index.{lang}.md"),
            ContentFile::Law { country, slug } => {
                format!("content/legislation/{country}/{slug}.yaml")
            }
        })
    }

    /// Reads a path relative to the project root; a path that is no file of the content model
    /// is an error saying what was expected there.
    pub fn of_path(path: &Path) -> Result<ContentFile, ContentError> {
        let parts: Vec<&str> = path
            .components()
            .map(|component| match component {
                Component::Normal(part) => part.to_str().unwrap_or(""),
                _ => "",
            })
            .collect();
        let unexpected = |expected: &str| unexpected(path, expected);
        Ok(match parts.as_slice() {
            ["i18n", name] => {
                let code = name
                    .strip_suffix(".yaml")
                    .ok_or_else(|| unexpected("`i18n/{lang}.yaml`"))?;
                let lang = Lang::from_code(code).ok_or_else(|| {
                    unexpected("`i18n/{lang}.yaml` with lang one of fr, en, es, pt")
                })?;
                ContentFile::Strings(lang)
            }
            ["content", "site.yaml"] => ContentFile::Site,
            ["content", "countries.yaml"] => ContentFile::Countries,
            ["content", "treaties.yaml"] => ContentFile::Treaties,
            ["content", "home", name] => match split_lang(path, name)? {
                ("index", lang) => ContentFile::Home(lang),
                _ => return Err(unexpected("`content/home/index.{lang}.md`")),
            },
            ["content", section, name] if name.starts_with("_index.") => {
                let section = Section::ALL
                    .into_iter()
                    .find(|s| s.slug() == *section)
                    .ok_or_else(|| unexpected("a section folder"))?;
                let (_, lang) = split_lang(path, name)?;
                ContentFile::Intro(section, lang)
            }
            ["content", "programme", slug, name] => match split_lang(path, name)? {
                ("index", lang) => ContentFile::Programme {
                    slug: check_slug(path, slug)?,
                    lang,
                },
                _ => return Err(unexpected("`content/programme/{slug}/index.{lang}.md`")),
            },
            ["content", "summits", name] => ContentFile::Summit(yaml_slug(path, name)?),
            ["content", "resolutions", name] => ContentFile::Resolution(yaml_slug(path, name)?),
            ["content", "activities", name] => ContentFile::Organ(yaml_slug(path, name)?),
            ["content", "events", slug, "event.yaml"] => ContentFile::Event {
                slug: check_slug(path, slug)?,
                part: EventPart::Record,
            },
            ["content", "events", slug, name] => match split_lang(path, name)? {
                ("index", lang) => ContentFile::Event {
                    slug: check_slug(path, slug)?,
                    part: EventPart::Prose(lang),
                },
                _ => return Err(unexpected("`event.yaml` or `index.{lang}.md`")),
            },
            ["content", "legislation", country, name] => ContentFile::Law {
                country: check_country(path, country)?,
                slug: yaml_slug(path, name)?,
            },
            _ => {
                return Err(unexpected(
                    "a file of the content model (see docs/content-model.md)",
                ));
            }
        })
    }
}

/// Which file of a meeting's folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventPart {
    /// `event.yaml`: date, place, organs, documents.
    Record,
    /// `index.{lang}.md`: the account of the meeting in one language.
    Prose(Lang),
}

fn unexpected(path: &Path, expected: &str) -> ContentError {
    let name = path.to_string_lossy().into_owned();
    ContentError::new(
        path,
        None,
        Problem::UnexpectedFile {
            name,
            expected: expected.to_owned(),
        },
    )
}

/// A folder or file name that becomes a folder of the site: nothing but a [`Slug`] may pass.
fn check_slug(path: &Path, slug: &str) -> Result<Slug, ContentError> {
    slug.parse()
        .map_err(|_| unexpected(path, &format!("a slug of {}", Slug::RULE)))
}

/// A country folder of `content/legislation/`: a [`CountryCode`], since it becomes the
/// state's folder of the site.
fn check_country(path: &Path, code: &str) -> Result<CountryCode, ContentError> {
    code.parse().map_err(|_| {
        let expected = format!("a country folder named by {}", CountryCode::RULE);
        unexpected(path, &expected)
    })
}

/// `index.es.md` → `(index, Es)`; an unknown language code is an error naming the four.
fn split_lang<'a>(path: &Path, name: &'a str) -> Result<(&'a str, Lang), ContentError> {
    let stem = name
        .strip_suffix(".md")
        .ok_or_else(|| unexpected(path, "a Markdown file ending in `.{lang}.md`"))?;
    let (base, code) = stem
        .rsplit_once('.')
        .ok_or_else(|| unexpected(path, "a language code before `.md`, as in `index.fr.md`"))?;
    let lang = Lang::from_code(code).ok_or_else(|| {
        unexpected(
            path,
            &format!("a language code of fr, en, es or pt, not `{code}`"),
        )
    })?;
    Ok((base, lang))
}

/// `ley-25871.yaml` → `ley-25871`: a record named by its file.
fn yaml_slug(path: &Path, name: &str) -> Result<Slug, ContentError> {
    let stem = name
        .strip_suffix(".yaml")
        .ok_or_else(|| unexpected(path, "a `.yaml` record"))?;
    check_slug(path, stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_file_reads_back_from_its_path() {
        let slug = || "ley-25871".parse::<Slug>().unwrap();
        let files = [
            ContentFile::Site,
            ContentFile::Strings(Lang::Pt),
            ContentFile::Countries,
            ContentFile::Treaties,
            ContentFile::Home(Lang::Fr),
            ContentFile::Intro(Section::Summits, Lang::En),
            ContentFile::Programme {
                slug: slug(),
                lang: Lang::Es,
            },
            ContentFile::Summit(slug()),
            ContentFile::Resolution(slug()),
            ContentFile::Organ(slug()),
            ContentFile::Event {
                slug: slug(),
                part: EventPart::Record,
            },
            ContentFile::Event {
                slug: slug(),
                part: EventPart::Prose(Lang::Fr),
            },
            ContentFile::Law {
                country: "ar".parse().unwrap(),
                slug: slug(),
            },
        ];
        for file in files {
            assert_eq!(ContentFile::of_path(&file.path()).ok(), Some(file));
        }
    }

    #[test]
    fn paths_outside_the_model_say_what_was_expected() {
        let problem = |path: &str| {
            ContentFile::of_path(Path::new(path))
                .unwrap_err()
                .problem
                .to_string()
        };
        assert!(problem("content/legislation/ar/notes.txt").contains("a `.yaml` record"));
        assert!(problem("content/summits/Panama.yaml").contains(Slug::RULE));
        assert!(problem("content/legislation/arg/ley-1.yaml").contains(CountryCode::RULE));
        assert!(problem("content/home/about.fr.md").contains("`content/home/index.{lang}.md`"));
        assert!(problem("content/events/x/index.de.md").contains("not `de`"));
        assert!(problem("README.md").contains("docs/content-model.md"));
    }
}
