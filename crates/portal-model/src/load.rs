//! Reading `content/` and `i18n/` into a validated [`Content`].
//!
//! Parsing is per file and independent ([`parse_file`]), so it runs in parallel and the
//! preview server can re-parse only the files that changed; [`assemble`] then links and
//! validates the whole set, reporting every error at once.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::records::*;
use crate::strings::{StringTable, Strings};
use crate::{ContentError, ContentErrors, Lang, Problem, SourceFile, source::parse_yaml_at};

/// A problem that does not stop the build (a missing interface string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub file: PathBuf,
    pub message: String,
}

/// Everything the portal publishes, loaded, linked and checked.
#[derive(Clone, Debug)]
pub struct Content {
    pub site: SiteConfig,
    pub strings: Strings,
    pub home: ProsePage<FrontMatter>,
    pub intros: BTreeMap<Section, ProsePage<FrontMatter>>,
    /// Ordered by weight.
    pub programme: Vec<ProsePage<FrontMatter>>,
    /// Ordered by date.
    pub summits: Vec<Summit>,
    /// Ordered by date of adoption, then symbol.
    pub resolutions: Vec<Resolution>,
    /// Ordered by `order`.
    pub organs: Vec<Organ>,
    pub events: Vec<Event>,
    /// In the order of `content/countries.yaml`.
    pub countries: Vec<Country>,
    /// The treaties of `content/treaties.yaml`, in its order (none when the file is absent).
    pub treaties: Vec<Treaty>,
    /// Each state's participation in each treaty, in the file's order.
    pub participation: Vec<Participation>,
    /// Ordered by country, then date. Shared with the parsed files, so that re-linking the
    /// content after an edit copies pointers, not 10,000 records.
    pub laws: Vec<Arc<Law>>,
    /// `{iso2}/{slug}` → position in `laws`: a law page must not scan 40,000 laws to find its own.
    pub(crate) law_index: std::collections::HashMap<String, usize>,
    /// Country → its laws, which lie together in `laws`: a country page or count must not scan
    /// every law of the compilation.
    pub(crate) laws_by_country: std::collections::HashMap<String, std::ops::Range<usize>>,
}

impl Content {
    /// The source language, which every record contains.
    pub fn source_lang(&self) -> Lang {
        self.site.default_language
    }

    pub fn country(&self, iso2: &str) -> Option<&Country> {
        self.countries.iter().find(|country| country.iso2 == iso2)
    }

    /// The law `{country}/{slug}`.
    pub fn law(&self, country: &str, slug: &str) -> Option<&Law> {
        self.law_index
            .get(&format!("{country}/{slug}"))
            .map(|index| &*self.laws[*index])
    }

    /// What `iso2` has done about the treaty `treaty`, if recorded.
    pub fn participation_of(&self, iso2: &str, treaty: &str) -> Option<&Participation> {
        self.participation
            .iter()
            .find(|entry| entry.country == iso2 && entry.treaty == treaty)
    }

    pub fn laws_of(&self, iso2: &str) -> impl Iterator<Item = &Law> {
        let range = self.laws_by_country.get(iso2).cloned().unwrap_or_default();
        self.laws[range].iter().map(|law| &**law)
    }
}

/// One parsed file, before linking.
#[derive(Clone, Debug)]
pub enum Parsed {
    Site(SiteConfig),
    Strings(Lang, StringTable),
    Home(Lang, Prose<FrontMatter>),
    Intro(Section, Lang, Prose<FrontMatter>),
    Programme(String, Lang, Prose<FrontMatter>),
    Summit(Summit),
    Resolution(Resolution),
    Organ(Organ),
    Event(String, EventRecord),
    EventProse(String, Lang, Prose<RecordProseMatter>),
    Countries(Vec<Country>),
    Treaties(TreatyFile),
    Law(Arc<Law>),
}

/// A parsed file with its text, for errors found later.
#[derive(Clone, Debug)]
pub struct ParsedFile {
    pub source: SourceFile,
    pub parsed: Parsed,
}

/// Lists the content files of a project: `content/**` and `i18n/*`, sorted, relative paths.
pub fn list_files(root: &Path) -> Result<Vec<PathBuf>, ContentError> {
    fn walk(root: &Path, dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), ContentError> {
        let read = std::fs::read_dir(root.join(dir))
            .map_err(|error| ContentError::new(dir, None, Problem::Io(error.to_string())))?;
        for entry in read {
            let entry = entry
                .map_err(|error| ContentError::new(dir, None, Problem::Io(error.to_string())))?;
            let name = entry.file_name();
            if is_hidden(&name) {
                continue;
            }
            let path = dir.join(&name);
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                walk(root, &path, files)?;
            } else {
                files.push(path);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(root, Path::new("content"), &mut files)?;
    walk(root, Path::new("i18n"), &mut files)?;
    files.sort();
    Ok(files)
}

/// Editors' swap and lock files (`.law.yaml.swp`, `.#law.yaml`) are not content.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Whether [`list_files`] would list this path (relative to the project root) if it were a
/// file: under `content/` or `i18n/`, with no hidden name on the way.
pub fn is_listed(path: &Path) -> bool {
    (path.starts_with("content") || path.starts_with("i18n"))
        && path.components().all(|part| match part {
            Component::Normal(name) => !is_hidden(name),
            _ => false,
        })
}

/// Reads and parses every content file of `root` in parallel, then assembles them.
pub fn load(root: &Path) -> Result<(Content, Vec<Warning>), ContentErrors> {
    let files = list_files(root).map_err(|error| ContentErrors(vec![error]))?;
    let results: Vec<Result<ParsedFile, ContentError>> = files
        .par_iter()
        .map(|path| read_and_parse(root, path))
        .collect();
    let mut parsed = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(file) => parsed.push(file),
            Err(error) => errors.push(error),
        }
    }
    match assemble(&parsed) {
        Ok(loaded) if errors.is_empty() => Ok(loaded),
        Ok(_) => Err(ContentErrors(errors)),
        Err(ContentErrors(more)) => {
            errors.extend(more);
            Err(ContentErrors(errors))
        }
    }
}

/// Reads one file and parses it according to where it lies.
pub fn read_and_parse(root: &Path, path: &Path) -> Result<ParsedFile, ContentError> {
    let text = std::fs::read_to_string(root.join(path))
        .map_err(|error| ContentError::new(path, None, Problem::Io(error.to_string())))?;
    parse_file(SourceFile::new(path, text))
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

const SLUG_RULE: &str = "a slug of lower-case ASCII letters, digits and `-`";

fn check_slug(path: &Path, slug: &str) -> Result<String, ContentError> {
    let valid = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    match valid {
        true => Ok(slug.to_owned()),
        false => Err(unexpected(path, SLUG_RULE)),
    }
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

/// Splits `---\nfront matter\n---\nbody`; the front matter is `None` when the file has none.
fn split_front_matter(source: &SourceFile) -> Result<(Option<&str>, &str), ContentError> {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let Some(after) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Ok((None, text));
    };
    let end = after
        .match_indices("\n---")
        .map(|(at, _)| at)
        .find(|at| {
            let rest = &after[at + 4..];
            rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")
        })
        .ok_or_else(|| ContentError::new(&source.path, None, Problem::UnclosedFrontMatter))?;
    let body = after[end + 4..].trim_start_matches(['\r', '\n']);
    Ok((Some(&after[..end + 1]), body))
}

/// A page with a title: its front matter is required.
fn parse_page(source: &SourceFile) -> Result<Prose<FrontMatter>, ContentError> {
    let (matter, body) = split_front_matter(source)?;
    let matter = matter.ok_or_else(|| {
        ContentError::new(
            &source.path,
            Some(crate::Location { line: 1, column: 1 }),
            Problem::Invalid(
                "missing front matter: expected the file to start with a `---` line".into(),
            ),
        )
    })?;
    Ok(Prose {
        matter: parse_yaml_at(&source.path, matter, 1)?,
        markdown: body.to_owned(),
    })
}

/// Prose that belongs to a record: its front matter is optional.
fn parse_record_prose(source: &SourceFile) -> Result<Prose<RecordProseMatter>, ContentError> {
    let (matter, body) = split_front_matter(source)?;
    let matter = match matter {
        Some(yaml) => parse_yaml_at(&source.path, yaml, 1)?,
        None => RecordProseMatter::default(),
    };
    Ok(Prose {
        matter,
        markdown: body.to_owned(),
    })
}

fn file_stem_slug(path: &Path, name: &str) -> Result<String, ContentError> {
    let stem = name
        .strip_suffix(".yaml")
        .ok_or_else(|| unexpected(path, "a `.yaml` record"))?;
    check_slug(path, stem)
}

/// Parses one file according to its place in the tree.
pub fn parse_file(source: SourceFile) -> Result<ParsedFile, ContentError> {
    let path = source.path.clone();
    let parts: Vec<&str> = path
        .components()
        .map(|component| match component {
            Component::Normal(part) => part.to_str().unwrap_or(""),
            _ => "",
        })
        .collect();
    let parsed = match parts.as_slice() {
        ["i18n", name] => {
            let code = name
                .strip_suffix(".yaml")
                .ok_or_else(|| unexpected(&path, "`i18n/{lang}.yaml`"))?;
            let lang = Lang::from_code(code).ok_or_else(|| {
                unexpected(&path, "`i18n/{lang}.yaml` with lang one of fr, en, es, pt")
            })?;
            Parsed::Strings(lang, source.parse_yaml()?)
        }
        ["content", "site.yaml"] => Parsed::Site(source.parse_yaml()?),
        ["content", "countries.yaml"] => Parsed::Countries(source.parse_yaml()?),
        ["content", "treaties.yaml"] => Parsed::Treaties(source.parse_yaml()?),
        ["content", "home", name] => match split_lang(&path, name)? {
            ("index", lang) => Parsed::Home(lang, parse_page(&source)?),
            _ => return Err(unexpected(&path, "`content/home/index.{lang}.md`")),
        },
        ["content", section, name] if name.starts_with("_index.") => {
            let section = Section::ALL
                .into_iter()
                .find(|s| s.slug() == *section)
                .ok_or_else(|| unexpected(&path, "a section folder"))?;
            let (_, lang) = split_lang(&path, name)?;
            Parsed::Intro(section, lang, parse_page(&source)?)
        }
        ["content", "programme", slug, name] => match split_lang(&path, name)? {
            ("index", lang) => {
                Parsed::Programme(check_slug(&path, slug)?, lang, parse_page(&source)?)
            }
            _ => {
                return Err(unexpected(
                    &path,
                    "`content/programme/{slug}/index.{lang}.md`",
                ));
            }
        },
        ["content", "summits", name] => {
            let mut summit: Summit = source.parse_yaml()?;
            summit.slug = file_stem_slug(&path, name)?;
            Parsed::Summit(summit)
        }
        ["content", "resolutions", name] => {
            let mut resolution: Resolution = source.parse_yaml()?;
            resolution.slug = file_stem_slug(&path, name)?;
            Parsed::Resolution(resolution)
        }
        ["content", "activities", name] => {
            let mut organ: Organ = source.parse_yaml()?;
            organ.slug = file_stem_slug(&path, name)?;
            Parsed::Organ(organ)
        }
        ["content", "events", slug, "event.yaml"] => {
            Parsed::Event(check_slug(&path, slug)?, source.parse_yaml()?)
        }
        ["content", "events", slug, name] => match split_lang(&path, name)? {
            ("index", lang) => {
                Parsed::EventProse(check_slug(&path, slug)?, lang, parse_record_prose(&source)?)
            }
            _ => return Err(unexpected(&path, "`event.yaml` or `index.{lang}.md`")),
        },
        ["content", "legislation", country, name] => {
            let mut law: Law = source.parse_yaml()?;
            law.country = check_slug(&path, country)?;
            law.slug = file_stem_slug(&path, name)?;
            Parsed::Law(Arc::new(law))
        }
        _ => {
            return Err(unexpected(
                &path,
                "a file of the content model (see docs/content-model.md)",
            ));
        }
    };
    Ok(ParsedFile { source, parsed })
}

/// Links the parsed files into [`Content`] and validates it as a whole.
/// Borrows the files, so that the preview server can keep its parsed files and re-link them
/// after each edit without copying them first.
pub fn assemble<'a>(
    files: impl IntoIterator<Item = &'a ParsedFile>,
) -> Result<(Content, Vec<Warning>), ContentErrors> {
    crate::validate::assemble(files)
}
