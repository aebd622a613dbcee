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
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Validate the content, report translation coverage and check every internal link.
    Check {
        /// Check an already built site instead of building one in a temporary folder.
        #[arg(long)]
        site: Option<PathBuf>,
        /// The base URL that site was built with (default: site.yaml).
        #[arg(long)]
        base_url: Option<String>,
    },
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
        /// Only this kind (law, summit, resolution, activity, page, event).
        #[arg(long, value_parser = parse_kind)]
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
        Command::Check { site, base_url } => check(&project, site, base_url),
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

fn print_warnings(warnings: &[portal_model::Warning]) {
    for warning in warnings {
        eprintln!("warning: {}: {}", warning.file.display(), warning.message);
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
    let built = pipeline::build(project, &options, out, &progress)?;
    print_warnings(&built.warnings);
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
) -> Result<(), Failure> {
    let (content, warnings) = portal_model::load(&project.root).map_err(BuildError::Content)?;
    print_warnings(&warnings);
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
    match broken.is_empty() {
        true => {
            println!("links: all internal links and assets resolve");
            Ok(())
        }
        false => Err(Failure::Other(format!("{} broken link(s)", broken.len()))),
    }
}

fn parse_lang(code: &str) -> Result<Lang, String> {
    Lang::from_code(code).ok_or_else(|| format!("`{code}` is not one of fr, en, es, pt"))
}

fn parse_kind(code: &str) -> Result<portal_search::Kind, String> {
    portal_search::Kind::from_code(code).ok_or_else(|| {
        format!("`{code}` is not one of law, summit, resolution, activity, page, event")
    })
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
        .map_err(|e| Failure::Other(format!("{}: {e}", path.display())))?;
    let results = engine
        .try_search(query)
        .map_err(|e| Failure::Other(e.to_string()))?;
    // A closed pipe (`portal search … | head`) ends the output quietly.
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer_pretty(&mut out, &results.hits)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        print_results(&mut out, &results)
    };
    match written {
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
