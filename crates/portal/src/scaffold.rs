//! `portal new`: a new record that builds at once, with every required field, the four
//! languages, and comments saying what each field holds, as Hugo's archetypes do for pages.

use std::path::{Path, PathBuf};

use portal_model::{ContentFile, CountryCode, Parsed, Slug};

/// The record to create, as typed on the command line: its names are checked as they are
/// read, so that a bad one is refused before anything is written.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum NewRecord {
    /// A law of the compilation: `portal new law ar ley-26364`.
    Law {
        /// The member state, ISO 3166-1 alpha-2 as in content/countries.yaml (e.g. ar).
        country: CountryCode,
        /// The file name without .yaml: lower-case letters, digits and hyphens.
        #[arg(value_parser = new_slug)]
        slug: Slug,
    },
    /// A Summit of the Americas: `portal new summit panama-2025 pa`.
    Summit {
        /// The file name without .yaml: lower-case letters, digits and hyphens.
        #[arg(value_parser = new_slug)]
        slug: Slug,
        /// The host state, ISO 3166-1 alpha-2.
        country: CountryCode,
    },
    /// A General Assembly resolution: `portal new resolution ag-res-2141-xxxv-o-05`.
    Resolution {
        /// The file name without .yaml: lower-case letters, digits and hyphens.
        #[arg(value_parser = new_slug)]
        slug: Slug,
    },
    /// An OAS organ's activities page: `portal new organ sedi`.
    Organ {
        /// The file name without .yaml: lower-case letters, digits and hyphens.
        #[arg(value_parser = new_slug)]
        slug: Slug,
    },
    /// A meeting of the Program's record: `portal new event cajp-special-meeting-2006`.
    Event {
        /// The file name without .yaml: lower-case letters, digits and hyphens.
        #[arg(value_parser = new_slug)]
        slug: Slug,
    },
}

/// A new record's slug: a [`Slug`], and tidier than the content model demands (no leading,
/// trailing or doubled hyphen), since `portal new` names records from now on.
fn new_slug(slug: &str) -> Result<Slug, String> {
    let tidy = slug.split('-').all(|part| !part.is_empty());
    let refused = || {
        format!(
            "`{slug}` is not a valid slug: use lower-case letters, digits and single hyphens (e.g. ley-26364)"
        )
    };
    match tidy {
        true => slug.parse().map_err(|_| refused()),
        false => Err(refused()),
    }
}

/// The ISO 3166-1 alpha-3 code of member state `iso2`, from `content/countries.yaml`.
fn iso3_of(root: &Path, iso2: &CountryCode) -> Result<String, String> {
    let parsed = portal_model::read_and_parse(root, &ContentFile::Countries.path())
        .map_err(|error| format!("{}: {}", error.file.display(), error.problem))?;
    let Parsed::Countries(countries) = parsed.parsed else {
        unreachable!("content/countries.yaml parses as the country list")
    };
    countries
        .iter()
        .find(|country| country.iso2 == *iso2)
        .map(|country| country.iso3.clone())
        .ok_or_else(|| {
            let codes: Vec<&str> = countries.iter().map(|c| c.iso2.as_str()).collect();
            format!(
                "`{iso2}` is not a member state of content/countries.yaml; expected one of: {}",
                codes.join(", ")
            )
        })
}

/// Writes the record and returns its path relative to `root`; refuses to overwrite a file.
/// `today` is the date the record is written (YYYY-MM-DD).
pub fn create(root: &Path, record: &NewRecord, today: &str) -> Result<PathBuf, String> {
    let year = &today[..4];
    let (content_file, template, country) = match record {
        NewRecord::Law { country, slug } => (
            ContentFile::Law {
                country: country.clone(),
                slug: slug.clone(),
            },
            include_str!("scaffold/law.yaml"),
            Some(country),
        ),
        NewRecord::Summit { slug, country } => (
            ContentFile::Summit(slug.clone()),
            include_str!("scaffold/summit.yaml"),
            Some(country),
        ),
        NewRecord::Resolution { slug } => (
            ContentFile::Resolution(slug.clone()),
            include_str!("scaffold/resolution.yaml"),
            None,
        ),
        NewRecord::Organ { slug } => (
            ContentFile::Organ(slug.clone()),
            include_str!("scaffold/organ.yaml"),
            None,
        ),
        NewRecord::Event { slug } => (
            ContentFile::Event {
                slug: slug.clone(),
                part: portal_model::EventPart::Record,
            },
            include_str!("scaffold/event.yaml"),
            None,
        ),
    };
    let mut text = template
        .replace("{today}", today)
        .replace("{year}", year)
        .replace("{original_title}", "Replace with the original title");
    if let Some(country) = country {
        let iso3 = iso3_of(root, country)?;
        text = text
            .replace("{country}", country.as_str())
            .replace("{ISO3}", &iso3);
    }
    let path = content_file.path();
    let full = root.join(&path);
    if let Some(folder) = full.parent() {
        std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&full)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!(
                    "{} exists already; portal new never overwrites a record",
                    path.display()
                )
            }
            _ => format!("{}: {error}", path.display()),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}
