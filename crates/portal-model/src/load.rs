//! Reading `content/` and `i18n/` into a validated [`Content`].
//!
//! Parsing is per file and independent ([`parse_file`]), so it runs in parallel and the
//! preview server can re-parse only the files that changed; [`assemble`] then links and
//! validates the whole set, reporting every error at once.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::records::*;
use crate::strings::{StringTable, Strings};
use crate::{
    ContentError, ContentErrors, ContentFile, CountryCode, EventPart, Lang, LawKey, MAX_FILE_BYTES,
    Problem, Slug, SourceFile, source::parse_yaml_at,
};

/// A problem that does not stop the build (a missing interface string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The file to fix, relative to the project root.
    pub file: PathBuf,
    /// What is missing or odd, in an editor's words.
    pub message: String,
}

/// Everything the portal publishes, loaded, linked and checked.
#[derive(Clone, Debug)]
pub struct Content {
    /// `content/site.yaml`: languages, base URL and site-wide settings.
    pub site: SiteConfig,
    /// The interface strings of every language, from `i18n/`.
    pub strings: Strings,
    /// The home page, in each language it is written in.
    pub home: ProsePage<FrontMatter>,
    /// Each section's introduction, for the sections that have one.
    pub intros: BTreeMap<Section, ProsePage<FrontMatter>>,
    /// Ordered by weight.
    pub programme: Vec<ProsePage<FrontMatter>>,
    /// Ordered by date.
    pub summits: Vec<Summit>,
    /// Ordered by date of adoption, then symbol.
    pub resolutions: Vec<Resolution>,
    /// Ordered by `order`.
    pub organs: Vec<Organ>,
    /// The Program's meetings, each with its record and its pages.
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
    pub(crate) law_index: std::collections::HashMap<LawKey, usize>,
    /// Country → its laws, which lie together in `laws`: a country page or count must not scan
    /// every law of the compilation.
    pub(crate) laws_by_country: std::collections::HashMap<CountryCode, std::ops::Range<usize>>,
}

impl Content {
    /// The source language, which every record contains.
    pub fn source_lang(&self) -> Lang {
        self.site.default_language
    }

    /// The member state with this ISO 3166-1 alpha-2 code, if it is one.
    pub fn country(&self, iso2: &CountryCode) -> Option<&Country> {
        self.countries.iter().find(|country| country.iso2 == *iso2)
    }

    /// The law `{country}/{slug}`.
    pub fn law(&self, country: &CountryCode, slug: &Slug) -> Option<&Law> {
        self.law_index
            .get(&LawKey {
                country: country.clone(),
                slug: slug.clone(),
            })
            .map(|index| &*self.laws[*index])
    }

    /// What `iso2` has done about the treaty `treaty`, if recorded.
    pub fn participation_of(&self, iso2: &CountryCode, treaty: &str) -> Option<&Participation> {
        self.participation
            .iter()
            .find(|entry| entry.country == *iso2 && entry.treaty == treaty)
    }

    /// The laws of one member state, by date; none for an unknown code.
    pub fn laws_of(&self, iso2: &CountryCode) -> impl Iterator<Item = &Law> {
        let range = self.laws_by_country.get(iso2).cloned().unwrap_or_default();
        self.laws[range].iter().map(|law| &**law)
    }
}

/// One parsed file, before linking.
#[derive(Clone, Debug)]
pub enum Parsed {
    /// `content/site.yaml`.
    Site(SiteConfig),
    /// One language's interface strings, `i18n/{lang}.yaml`.
    Strings(Lang, StringTable),
    /// One language's home page.
    Home(Lang, Prose<FrontMatter>),
    /// One language's introduction to a section.
    Intro(Section, Lang, Prose<FrontMatter>),
    /// One language's version of a programme page, by slug.
    Programme(Slug, Lang, Prose<FrontMatter>),
    /// A summit record.
    Summit(Summit),
    /// A resolution record.
    Resolution(Resolution),
    /// An organ and its activities.
    Organ(Organ),
    /// A meeting's `event.yaml`, by the meeting's slug.
    Event(Slug, EventRecord),
    /// One language's page of a meeting, by the meeting's slug.
    EventProse(Slug, Lang, Prose<RecordProseMatter>),
    /// `content/countries.yaml`.
    Countries(Vec<Country>),
    /// `content/treaties.yaml`.
    Treaties(TreatyFile),
    /// A law, shared with the assembled content.
    Law(Arc<Law>),
}

/// A parsed file with its text, for errors found later.
#[derive(Clone, Debug)]
pub struct ParsedFile {
    /// The file's path and text.
    pub source: SourceFile,
    /// What it holds.
    pub parsed: Parsed,
}

/// Lists the content files of a project: `content/**` and `i18n/*`, sorted, relative paths.
/// A symbolic link is listed like a file, and [`read_and_parse`] refuses it if it leads out of
/// the project.
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

/// Editors' and systems' own files are not content: swap files (`.law.yaml.swp`), lock files
/// (`.#law.yaml`), macOS metadata (`._law.yaml`), hidden folders. A hidden name that ends like a
/// content file (`..yaml`, `.law.yaml`) is content with a wrong name: an error, not a page that
/// silently goes missing.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with(".#")
        || name.starts_with("._")
        || (name.starts_with('.') && !name.ends_with(".yaml") && !name.ends_with(".md"))
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
    load_parsed(root).map(|(_, content, warnings)| (content, warnings))
}

/// [`load`], handing back the parsed files too: the preview keeps them, so that an edit
/// parses again only the files it touched.
pub fn load_parsed(root: &Path) -> Result<(Vec<ParsedFile>, Content, Vec<Warning>), ContentErrors> {
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
        Ok((content, warnings)) if errors.is_empty() => Ok((parsed, content, warnings)),
        Ok(_) => Err(ContentErrors(errors)),
        Err(ContentErrors(more)) => {
            // A file that failed to parse is not also "missing".
            let broken: std::collections::HashSet<PathBuf> =
                errors.iter().map(|error| error.file.clone()).collect();
            errors.extend(
                more.into_iter()
                    .filter(|error| !broken.contains(&error.file)),
            );
            Err(ContentErrors(errors))
        }
    }
}

/// Reads one file and parses it according to where it lies. A symbolic link is followed only
/// if it leads to a file inside the project, and no more than [`MAX_FILE_BYTES`] are read.
pub fn read_and_parse(root: &Path, path: &Path) -> Result<ParsedFile, ContentError> {
    let io = |error: std::io::Error| ContentError::new(path, None, Problem::Io(error.to_string()));
    let full = root.join(path);
    if std::fs::symlink_metadata(&full).map_err(io)?.is_symlink() {
        let target = full.canonicalize().map_err(io)?;
        if !target.starts_with(root.canonicalize().map_err(io)?) {
            return Err(ContentError::new(
                path,
                None,
                Problem::Io(
                    "a symbolic link that leads out of the project; expected a file of the \
                     project (links out of it are not followed, so that no file of the editor's \
                     machine is published)"
                        .into(),
                ),
            ));
        }
    }
    let mut text = String::new();
    std::fs::File::open(&full)
        .and_then(|file| {
            file.take(MAX_FILE_BYTES as u64 + 1)
                .read_to_string(&mut text)
        })
        .map_err(io)?;
    parse_file(SourceFile::new(path, text))
}

/// A file larger than [`MAX_FILE_BYTES`]: an error before it is parsed.
fn check_size(source: &SourceFile) -> Result<(), ContentError> {
    match source.text.len() > MAX_FILE_BYTES {
        true => Err(ContentError::new(
            &source.path,
            None,
            Problem::Invalid(format!(
                "the file is larger than {} MiB; expected a content file of at most that size \
                 (split a long text over several pages)",
                MAX_FILE_BYTES / (1024 * 1024)
            )),
        )),
        false => Ok(()),
    }
}

/// The Markdown body of a prose file must not carry a forbidden link or heading attribute.
fn check_body(source: &SourceFile, body: &str) -> Result<(), ContentError> {
    let start = body.as_ptr() as usize - source.text.as_ptr() as usize;
    match crate::scan::markdown_problem(body) {
        Some((offset, problem)) => Err(ContentError::new(
            &source.path,
            Some(crate::scan::location_of(&source.text, start + offset)),
            problem,
        )),
        None => Ok(()),
    }
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
    check_body(source, body)?;
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
    check_body(source, body)?;
    Ok(Prose {
        matter,
        markdown: body.to_owned(),
    })
}

/// The member states: at least one. Each `iso2` is a [`CountryCode`], since it becomes a
/// folder of the site (`/fr/legislation/{iso2}/`): a code that is not is an error of parsing,
/// at its line.
fn parse_countries(source: &SourceFile) -> Result<Vec<Country>, ContentError> {
    let countries: Vec<Country> = source.parse_yaml()?;
    match countries.is_empty() {
        true => Err(ContentError::new(
            &source.path,
            Some(crate::Location { line: 1, column: 1 }),
            Problem::Invalid(
                "the file lists no country; expected the member states, one `- iso2: …` entry \
                 each"
                    .into(),
            ),
        )),
        false => Ok(countries),
    }
}

/// Parses one file according to its place in the tree.
pub fn parse_file(source: SourceFile) -> Result<ParsedFile, ContentError> {
    check_size(&source)?;
    let parsed = match ContentFile::of_path(&source.path)? {
        ContentFile::Strings(lang) => Parsed::Strings(lang, source.parse_yaml()?),
        ContentFile::Site => Parsed::Site(source.parse_yaml()?),
        ContentFile::Countries => Parsed::Countries(parse_countries(&source)?),
        ContentFile::Treaties => Parsed::Treaties(source.parse_yaml()?),
        ContentFile::Home(lang) => Parsed::Home(lang, parse_page(&source)?),
        ContentFile::Intro(section, lang) => Parsed::Intro(section, lang, parse_page(&source)?),
        ContentFile::Programme { slug, lang } => {
            Parsed::Programme(slug, lang, parse_page(&source)?)
        }
        ContentFile::Summit(slug) => {
            let mut summit: Summit = source.parse_yaml()?;
            summit.slug = slug;
            Parsed::Summit(summit)
        }
        ContentFile::Resolution(slug) => {
            let mut resolution: Resolution = source.parse_yaml()?;
            resolution.slug = slug;
            Parsed::Resolution(resolution)
        }
        ContentFile::Organ(slug) => {
            let mut organ: Organ = source.parse_yaml()?;
            organ.slug = slug;
            Parsed::Organ(organ)
        }
        ContentFile::Event {
            slug,
            part: EventPart::Record,
        } => Parsed::Event(slug, source.parse_yaml()?),
        ContentFile::Event {
            slug,
            part: EventPart::Prose(lang),
        } => Parsed::EventProse(slug, lang, parse_record_prose(&source)?),
        ContentFile::Law { country, slug } => {
            let mut law: Law = source.parse_yaml()?;
            law.country = country;
            law.slug = slug;
            Parsed::Law(Arc::new(law))
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
