//! `portal`: builds, checks and serves the OAS migrants' rights portal.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use portal_model::Lang;
use portal_render::Urls;

use portal::pipeline::{self, BuildError, BuildOptions};
use portal::project::Project;
use portal::{links, report, watch};

#[derive(Parser)]
#[command(
    name = "portal",
    version,
    about = "Builds, checks and serves the OAS migrants' rights portal"
)]
struct Cli {
    /// The project folder (holding content/, themes/, i18n/); default: found from the current folder.
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    /// Explain what each stage did and how long it took.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a fresh folder and swap it in only when the whole build succeeded.
    Build {
        /// Output folder.
        #[arg(long, default_value = "site")]
        out: PathBuf,
        /// Where the site will be published, e.g. https://example.org/portal/ (default: site.yaml).
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
    },
    /// Validate the content, report translation coverage and check every internal link.
    Check {
        /// Check an already built site instead of building one in a temporary folder.
        #[arg(long)]
        site: Option<PathBuf>,
        /// The base URL that site was built with (default: site.yaml).
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// Also ask every source URL the records cite whether it is still there (HEAD, then
        /// GET), and report dead and redirected links per record.
        #[arg(long)]
        external: bool,
        /// With --external: seconds one request may take.
        #[arg(long, default_value_t = 10, requires = "external")]
        timeout: u64,
        /// With --external: requests under way at once.
        #[arg(long, default_value_t = 8, requires = "external")]
        jobs: usize,
        /// With --external: a good answer older than this many days is asked again.
        #[arg(long, default_value_t = 7, requires = "external")]
        max_age_days: u64,
    },
    /// Write a new record with every required field, the four languages and comments on each
    /// field; it builds at once. Never overwrites a file.
    New {
        #[command(subcommand)]
        record: portal::scaffold::NewRecord,
    },
    /// Write the JSON Schemas of the content files (draft 2020-12), for editors whose YAML
    /// language server checks a file as it is typed (.vscode/settings.json maps them).
    Schema {
        /// Where to write them (default: schemas/ in the project).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print a completion script for a shell: `portal completions bash > /etc/bash_completion.d/portal`.
    Completions { shell: clap_complete::Shell },
    /// Search a built site with the same engine as the browser.
    Search {
        /// The built site.
        #[arg(long, default_value = "site")]
        site: PathBuf,
        /// The language of the index to search (fr, en, es, pt).
        #[arg(long, value_parser = parse_lang)]
        lang: Lang,
        /// Only this country (ISO 3166-1 alpha-2, e.g. ar).
        #[arg(long)]
        country: Option<String>,
        /// Only this region (north-america, central-america, caribbean, south-america).
        #[arg(long)]
        region: Option<String>,
        /// Only this kind.
        #[arg(long, value_parser = kind_parser())]
        kind: Option<portal_search::Kind>,
        /// Only laws of this subject (e.g. entry-and-stay).
        #[arg(long)]
        subject: Option<String>,
        /// From this year.
        #[arg(long)]
        from: Option<u16>,
        /// To this year.
        #[arg(long)]
        to: Option<u16>,
        /// How many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print one JSON array, best first: [{"url", "title", "score", …}].
        #[arg(long)]
        json: bool,
        /// Words, "exact phrases" and -exclusions (options go before the query).
        #[arg(required = true, allow_hyphen_values = true, trailing_var_arg = true)]
        query: Vec<String>,
    },
    /// Build, serve on 127.0.0.1, and rebuild what each saved edit touches, reloading the
    /// browser; a broken edit shows its error over the last good pages.
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Unwrapped lines keep a file:line:column and its message greppable in CI logs.
    let _ = miette::set_hook(Box::new(|_| {
        Box::new(miette::MietteHandlerOpts::new().wrap_lines(false).build())
    }));
    let project = match Project::locate(cli.root.clone()) {
        Ok(project) => project,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Build { out, base_url } => build(&project, &out, base_url, cli.verbose),
        Command::Check {
            site,
            base_url,
            external,
            timeout,
            jobs,
            max_age_days,
        } => {
            let external = external.then(|| portal::external::Options {
                timeout: std::time::Duration::from_secs(timeout),
                jobs,
                max_age: std::time::Duration::from_secs(max_age_days * 86_400),
                cache: project.root.join(".portal-cache/external-links.json"),
            });
            check(&project, site, base_url, external)
        }
        Command::New { record } => {
            portal::scaffold::create(&project.root, &record, &portal::today())
                .map(|path| println!("wrote {}", path.display()))
                .map_err(Failure::Other)
        }
        Command::Schema { out } => {
            let out = out.unwrap_or_else(|| project.root.join("schemas"));
            write_schemas(&project, &out)
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "portal",
                &mut script,
            );
            write_stdout(|out| out.write_all(&script))
        }
        Command::Serve { port, open } => serve(&project, port, open),
        Command::Search {
            site,
            lang,
            country,
            region,
            kind,
            subject,
            from,
            to,
            limit,
            json,
            query,
        } => {
            let query = portal_search::Query {
                text: query.join(" "),
                countries: country.into_iter().collect(),
                regions: region.into_iter().collect(),
                kinds: kind.into_iter().collect(),
                subjects: subject.into_iter().collect(),
                year_from: from,
                year_to: to,
                limit,
            };
            let site = if site.is_absolute() {
                site
            } else {
                project.root.join(site)
            };
            search(&site, lang, &query, json)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Build(BuildError::Content(errors))) => {
            report::print_content_errors(&project.root, &errors);
            ExitCode::FAILURE
        }
        Err(Failure::Build(BuildError::Interrupted(signal))) => {
            eprintln!(
                "error: {}\nThe previous output was left as it was.",
                BuildError::Interrupted(signal)
            );
            ExitCode::from(128 + signal as u8)
        }
        Err(Failure::Build(error)) => {
            eprintln!("error: {error}\nThe previous output was left as it was.");
            ExitCode::FAILURE
        }
        Err(Failure::Other(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    Build(BuildError),
    Other(String),
}

impl From<BuildError> for Failure {
    fn from(error: BuildError) -> Self {
        Failure::Build(error)
    }
}

fn build(
    project: &Project,
    out: &std::path::Path,
    base_url: Option<String>,
    verbose: bool,
) -> Result<(), Failure> {
    let options = BuildOptions {
        base_url,
        live_reload: None,
    };
    // Cleared when dropped, so that a build error is printed on a clean line.
    let progress = indicatif::ProgressBar::new(0)
        .with_style(
            indicatif::ProgressStyle::with_template("{msg:<24} {wide_bar} {pos}/{len}")
                .expect("a valid template"),
        )
        .with_finish(indicatif::ProgressFinish::AndClear);
    pipeline::stop_builds_on_signals().map_err(|e| Failure::Other(e.to_string()))?;
    let built = pipeline::build(project, &options, out, &progress)?;
    report::print_warnings(&built.warnings);
    eprintln!(
        "built {} pages, {} files into {}",
        built.pages,
        built.files,
        out.display()
    );
    if verbose {
        let t = &built.timings;
        eprintln!(
            "  load {:.1?}, search indexes {:.1?}, pages rendered and written {:.1?}, other files {:.1?}",
            t.load, t.search, t.pages, t.finish
        );
    }
    Ok(())
}

fn check(
    project: &Project,
    site: Option<PathBuf>,
    base_url: Option<String>,
    external: Option<portal::external::Options>,
) -> Result<(), Failure> {
    let (content, warnings) = portal_model::load(&project.root).map_err(BuildError::Content)?;
    report::print_warnings(&warnings);
    let coverage = portal_model::coverage(&content);
    let targets: Vec<Lang> = content
        .site
        .languages
        .iter()
        .copied()
        .filter(|l| *l != content.source_lang())
        .collect();
    print!("{:<14}", "section");
    for lang in &targets {
        print!("{:>14}", lang.code());
    }
    println!();
    let cell = |count: portal_model::Count| {
        format!(
            "{}/{} {:>3}%",
            count.translated,
            count.total,
            count.percent()
        )
    };
    for (section, counts) in &coverage.sections {
        print!("{:<14}", section.slug());
        for lang in &targets {
            print!(
                "{:>14}",
                cell(counts.get(lang).copied().unwrap_or_default())
            );
        }
        println!();
    }
    print!("{:<14}", "total");
    for lang in &targets {
        print!("{:>14}", cell(coverage.total(*lang)));
    }
    println!();
    let unofficial: Vec<&portal_model::records::Law> = content
        .laws
        .iter()
        .filter(|law| law.rests_on_unofficial_sources_only())
        .map(|law| &**law)
        .collect();
    println!(
        "records resting only on unofficial sources (verify these first): {} of {}",
        unofficial.len(),
        content.laws.len()
    );
    for law in &unofficial {
        println!(
            "  unofficial sources only: {} ({}, confidence {})",
            portal_model::ContentFile::Law {
                country: law.country.clone(),
                slug: law.slug.clone(),
            }
            .path()
            .display(),
            law.original_title,
            law.confidence.slug()
        );
    }
    for gap in &coverage.gaps {
        println!(
            "missing translation ({}): {} {}",
            gap.lang,
            gap.file.display(),
            gap.field
        );
    }

    let base_url = base_url.unwrap_or_else(|| content.site.base_url.clone());
    let urls = Urls::new(&base_url);
    let temporary;
    let dir = match site {
        Some(dir) => dir,
        None => {
            pipeline::stop_builds_on_signals().map_err(|e| Failure::Other(e.to_string()))?;
            temporary = tempfile::tempdir().map_err(|e| Failure::Other(e.to_string()))?;
            let dir = temporary.path().join("site");
            let options = BuildOptions {
                base_url: Some(base_url.clone()),
                live_reload: None,
            };
            pipeline::build(project, &options, &dir, &indicatif::ProgressBar::hidden())?;
            dir
        }
    };
    let broken = links::check_links(&dir, urls.base_path()).map_err(Failure::Other)?;
    for link in &broken {
        println!(
            "broken link in {}: {} ({})",
            link.page, link.link, link.reason
        );
    }
    if broken.is_empty() {
        println!("links: all internal links and assets resolve");
    }
    let failed_sources = match external {
        Some(options) => check_external(&content, &options)?,
        None => 0,
    };
    match (broken.len(), failed_sources) {
        (0, 0) => Ok(()),
        (broken, 0) => Err(Failure::Other(format!("{broken} broken link(s)"))),
        (0, failed) => Err(Failure::Other(format!(
            "{failed} dead or unreachable source(s)"
        ))),
        (broken, failed) => Err(Failure::Other(format!(
            "{broken} broken link(s), {failed} dead or unreachable source(s)"
        ))),
    }
}

/// Prints one line per source that needs an editor, by record file; returns how many failed.
fn check_external(
    content: &portal_model::Content,
    options: &portal::external::Options,
) -> Result<usize, Failure> {
    use portal::external::Verdict;
    let checked = portal::external::check(&content.citations(), options).map_err(Failure::Other)?;
    let mut failed = 0;
    let mut redirected = 0;
    for link in &checked {
        let what = match &link.verdict {
            Verdict::Ok { .. } | Verdict::NotWeb => continue,
            Verdict::Redirected { status, location } => {
                redirected += 1;
                format!("redirected ({status}) to {location}")
            }
            Verdict::Dead { status } => format!("dead ({status})"),
            Verdict::Unreachable { reason } => format!("unreachable ({reason})"),
        };
        failed += usize::from(link.verdict.is_failure());
        for file in &link.files {
            println!("source {what}: {} in {}", link.url, file.display());
        }
    }
    let cached = checked.iter().filter(|link| link.cached).count();
    println!(
        "external sources: {} checked ({} asked, {cached} from the cache), {failed} dead or unreachable, {redirected} redirected",
        checked.len(),
        checked.len() - cached,
    );
    Ok(failed)
}

fn write_schemas(project: &Project, out: &std::path::Path) -> Result<(), Failure> {
    let countries = portal_model::ContentFile::Countries.path();
    let countries = match portal_model::read_and_parse(&project.root, &countries) {
        Ok(portal_model::ParsedFile {
            parsed: portal_model::Parsed::Countries(countries),
            ..
        }) => countries.into_iter().map(|c| c.iso2).collect::<Vec<_>>(),
        Ok(_) => unreachable!("content/countries.yaml parses as the country list"),
        Err(error) => {
            return Err(Failure::Build(BuildError::Content(
                portal_model::ContentErrors(vec![error]),
            )));
        }
    };
    std::fs::create_dir_all(out).map_err(|e| Failure::Other(format!("{}: {e}", out.display())))?;
    for schema in portal_model::content_schemas(&countries) {
        let path = out.join(schema.file_name);
        let mut json = serde_json::to_string_pretty(&schema.schema).expect("a schema serializes");
        json.push('\n');
        std::fs::write(&path, json)
            .map_err(|e| Failure::Other(format!("{}: {e}", path.display())))?;
        println!("wrote {} (for {})", path.display(), schema.applies_to);
    }
    Ok(())
}

fn parse_base_url(text: &str) -> Result<String, String> {
    portal_model::check_base_url(text).map(|()| text.to_owned())
}

fn parse_lang(code: &str) -> Result<Lang, String> {
    Lang::from_code(code).ok_or_else(|| format!("`{code}` is not one of fr, en, es, pt"))
}

/// Accepts the codes of [`Kind::ALL`](portal_search::Kind::ALL), which clap then lists in
/// `--help` and in its error for any other value.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = portal_search::Kind> {
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    use portal_search::Kind;
    PossibleValuesParser::new(Kind::ALL.map(Kind::code))
        .try_map(|code: String| Kind::from_code(&code).ok_or("not a kind"))
}

fn search(
    site: &std::path::Path,
    lang: Lang,
    query: &portal_search::Query,
    json: bool,
) -> Result<(), Failure> {
    let path = portal::search_index::find_pack(site, lang).map_err(Failure::Other)?;
    let bytes =
        std::fs::read(&path).map_err(|e| Failure::Other(format!("{}: {e}", path.display())))?;
    // The chunks are read from the site folder as the query needs them.
    let manifest = path.to_string_lossy().into_owned();
    let loader: portal_search::ChunkLoader = Box::new(move |i| {
        let chunk = portal_search::chunk_path(&manifest, i);
        std::fs::read(&chunk).map_err(|e| std::io::Error::new(e.kind(), format!("{chunk}: {e}")))
    });
    let engine = portal_search::ChunkedIndex::open_with_loader(&bytes, loader)
        .and_then(|index| portal_search::Engine::open(&index))
        .map_err(|e| Failure::Other(format!("{}: {}", path.display(), e.with_causes())))?;
    let results = engine
        .try_search(query)
        .map_err(|e| Failure::Other(e.with_causes()))?;
    write_stdout(|out| {
        if json {
            serde_json::to_writer_pretty(&mut *out, &results.hits)?;
            writeln!(out)
        } else {
            print_results(out, &results)
        }
    })
}

/// Writes to standard output; a closed pipe (`portal search … | head`) ends the output quietly.
fn write_stdout(
    write: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<()>,
) -> Result<(), Failure> {
    match write(&mut std::io::stdout().lock()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Other(error.to_string()))
        }
        _ => Ok(()),
    }
}

fn print_results(
    out: &mut impl Write,
    results: &portal_search::SearchResults,
) -> std::io::Result<()> {
    writeln!(out, "{} result(s)", results.total)?;
    for hit in &results.hits {
        let snippet: String = hit.snippet.iter().map(|part| part.text.as_str()).collect();
        writeln!(
            out,
            "{:>6.2}  {}\n        {}\n        {}",
            hit.score, hit.title, hit.url, snippet
        )?;
    }
    Ok(())
}

fn serve(project: &Project, port: u16, open: bool) -> Result<(), Failure> {
    watch::serve(project.clone(), port, open).map_err(|error| match error {
        watch::ServeError::Build(error) => Failure::Build(error),
        other => Failure::Other(other.to_string()),
    })
}
