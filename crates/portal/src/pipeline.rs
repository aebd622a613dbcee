//! A build from files to files: load, index, then render and write the pages together; the
//! one path to a whole site, which `portal build` writes to disk and `portal serve` keeps in
//! memory.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use portal_model::{Content, ContentErrors, Lang, ParsedFile, Warning};
use portal_render::{RenderError, RenderOptions, Renderer, Route, Theme, Urls};
use rayon::prelude::*;

use crate::project::Project;
use crate::search_index;

/// What a build may change about the site besides its content.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Overrides `base_url` of `content/site.yaml`.
    pub base_url: Option<String>,
    /// The preview server's reload script, injected in every page; a build with one is a
    /// preview, whose asset and search pack names stay the same from one edit to the next.
    pub live_reload: Option<String>,
}

impl BuildOptions {
    /// The options of `portal serve` on `base_url`: its pages load the reload script.
    pub fn preview(base_url: String) -> BuildOptions {
        BuildOptions {
            base_url: Some(base_url),
            live_reload: Some(crate::serve::LIVE_SCRIPT.to_owned()),
        }
    }

    /// What the renderer needs, with the defaults of `content/site.yaml`.
    pub fn render_options(&self, content: &Content) -> RenderOptions {
        RenderOptions {
            base_url: self
                .base_url
                .clone()
                .unwrap_or_else(|| content.site.base_url.clone()),
            search_packs: Default::default(),
            live_reload: self.live_reload.clone(),
            // A fingerprinted name would change with every stylesheet or index edit, and with
            // it every page that links it: the preview keeps stable names.
            fingerprint_assets: self.live_reload.is_none(),
        }
    }
}

/// Why a build made no site; the old site, if any, is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content does not load: every error found, each with its file and line.
    #[error("{0}")]
    Content(ContentErrors),
    /// The theme's folder could not be read.
    #[error("theme: {0}")]
    Theme(String),
    /// A template or the stylesheet failed.
    #[error("{0}")]
    Render(#[from] RenderError),
    /// A language's search index could not be built.
    #[error("{0}")]
    Search(String),
    /// A file or folder of the output could not be written: the message names the path.
    #[error("writing the site: {0}")]
    Write(String),
    /// `--out` names the project or one of its source folders, which the swap would replace.
    #[error("{0}")]
    Output(String),
    /// SIGINT or SIGTERM arrived: the build stopped and removed its unfinished folder.
    #[error("interrupted by signal {0}; the unfinished site was removed")]
    Interrupted(i32),
}

/// The signal that asked the build to stop, or 0.
static INTERRUPTED: AtomicI32 = AtomicI32::new(0);

/// Makes SIGINT (Ctrl-C) and SIGTERM stop a build cleanly instead of killing it: the build
/// fails with [`BuildError::Interrupted`] at its next step and its unfinished folder is removed,
/// where killing it would leave megabytes of `.site.new-*` beside the site. A second signal ends
/// the process at once. Call once, before [`build`], from a command that builds and exits.
pub fn stop_builds_on_signals() -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (mut interrupt, mut terminate) = runtime.block_on(async {
        Ok::<_, std::io::Error>((
            signal(SignalKind::interrupt())?,
            signal(SignalKind::terminate())?,
        ))
    })?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            loop {
                let number = tokio::select! {
                    _ = interrupt.recv() => 2,
                    _ = terminate.recv() => 15,
                };
                if INTERRUPTED.swap(number, Ordering::SeqCst) != 0 {
                    std::process::exit(128 + number);
                }
            }
        })
    });
    Ok(())
}

fn check_interrupted() -> Result<(), BuildError> {
    match INTERRUPTED.load(Ordering::SeqCst) {
        0 => Ok(()),
        number => Err(BuildError::Interrupted(number)),
    }
}

/// `path` made absolute and free of `.` and `..`, resolving symbolic links as far as it exists.
fn resolved(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::env::current_dir()?.join(path);
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name().map(PathBuf::from).unwrap_or_default());
        existing = match existing.parent() {
            Some(parent) => parent,
            None => break,
        };
    }
    let mut resolved = existing.canonicalize()?;
    for part in rest.iter().rev() {
        for component in part.components() {
            match component {
                std::path::Component::ParentDir => {
                    resolved.pop();
                }
                std::path::Component::Normal(name) => resolved.push(name),
                _ => {}
            }
        }
    }
    Ok(resolved)
}

/// Refuses an output folder that the swap would destroy the sources with: the project itself or
/// a folder holding it, or a folder inside `content/`, `themes/` or `i18n/`.
pub fn check_output(project: &Project, out: &Path) -> Result<(), BuildError> {
    let refuse = |why: String| {
        Err(BuildError::Output(format!(
            "refusing to build into {}: {why}; expected an output folder of its own, such as \
             `site`",
            out.display()
        )))
    };
    let target = resolved(out).map_err(|e| write_error("resolving", out, e))?;
    let root = project
        .root
        .canonicalize()
        .map_err(|e| write_error("resolving", &project.root, e))?;
    if root.starts_with(&target) {
        return refuse(
            "it holds the project, whose content/, themes/ and i18n/ it would replace".into(),
        );
    }
    for source in ["content", "themes", "i18n"] {
        if target.starts_with(root.join(source)) {
            return refuse(format!("it is inside the project's {source}/ folder"));
        }
    }
    // The swap replaces the whole folder: one that holds anything but a site built before
    // (a home folder, a project) is not the build's to delete.
    if target.exists() && !target.is_dir() {
        return refuse("it is a file".into());
    }
    let is_site = target.join("sitemap.xml").is_file();
    let is_empty = std::fs::read_dir(&target).is_ok_and(|mut entries| entries.next().is_none());
    if target.is_dir() && !is_site && !is_empty {
        return refuse(
            "it holds files that are not a site built by portal (no sitemap.xml), which the \
             swap would delete"
                .into(),
        );
    }
    Ok(())
}

/// How long each stage took, for `--verbose` and benchmarks.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    /// Reading, parsing and checking the content and reading the theme.
    pub load: Duration,
    /// Building every language's search index.
    pub search: Duration,
    /// Pages rendered and written at once: a page is written as soon as it is rendered.
    pub pages: Duration,
    /// Assets, search packs, sitemap, open data and feeds, then the swap.
    pub finish: Duration,
}

/// What a build wrote.
pub struct Built {
    /// Pages written, all languages together.
    pub pages: usize,
    /// Files written in all: the pages, then assets, search packs and whole-site files.
    pub files: usize,
    /// Content problems that do not stop a build, for the editors to see.
    pub warnings: Vec<Warning>,
    /// How long each stage took.
    pub timings: Timings,
}

/// Where a full build puts the files of the site: a fresh folder that `portal build` swaps in
/// ([`build`]), or the memory the preview serves from. Pages are written from the threads
/// that render them.
pub trait SiteFiles: Sync {
    /// Makes ready to write these files (on disk: their folders, each once).
    fn create_folders(&self, files: impl Iterator<Item = String>) -> Result<(), BuildError>;
    /// Writes one file, by its output path (`fr/index.html`).
    fn write(&self, file: &str, bytes: &[u8]) -> Result<(), BuildError>;
}

/// What a full build made the site from, which the preview keeps to update it after an edit.
pub struct FullBuild {
    /// The parsed content files, by which an edit re-assembles the content; empty when the
    /// build was asked to free them ([`ParsedFiles::Free`]).
    pub files: Vec<ParsedFile>,
    /// The content assembled from `files`, as the site shows it.
    pub content: Content,
    /// The theme as read from disk: templates, stylesheets and static files.
    pub theme: Theme,
    /// The renderer made from `theme`, kept so an edit re-renders without recompiling it.
    pub renderer: Renderer,
    /// Every page of `content`, in every language.
    pub pages: Vec<(Route, Lang)>,
    /// The output paths of the whole-site files (root 404, sitemap, open data, feeds), which
    /// are redone as a set after an edit.
    pub extras: BTreeSet<String>,
    /// The output paths of the search manifests and chunks, also redone as a set: an index
    /// that shrinks has fewer chunks.
    pub search_files: BTreeSet<String>,
    /// What the build wrote, and how long it took.
    pub built: Built,
}

/// Whether a full build keeps the parsed content files once the content is assembled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParsedFiles {
    /// The preview keeps them: an edit parses again only the files it touched.
    Keep,
    /// `portal build` frees them before rendering: at 10,000 laws they are about a quarter of
    /// its peak memory.
    Free,
}

/// The one way to a whole site, for `portal build` and `portal serve` alike: loads the
/// content, builds the search packs, then renders the pages in parallel, writing each as soon
/// as it is rendered so that memory holds the content and the indexes but never the whole
/// site, and writes the assets, packs and whole-site files last. `progress` shows the stages
/// and counts the pages.
pub fn full_build(
    project: &Project,
    options: &BuildOptions,
    parsed: ParsedFiles,
    site: &impl SiteFiles,
    progress: &ProgressBar,
) -> Result<FullBuild, BuildError> {
    let start = Instant::now();
    progress.set_message("loading content");
    let (mut files, content, warnings) =
        portal_model::load_parsed(&project.root).map_err(BuildError::Content)?;
    if parsed == ParsedFiles::Free {
        files = Vec::new();
    }
    let theme = project.read_theme().map_err(BuildError::Theme)?;
    let load = start.elapsed();
    check_interrupted()?;

    let start = Instant::now();
    progress.set_message("indexing for search");
    let mut render_options = options.render_options(&content);
    let packs = search_index::build_packs(
        &content,
        &Urls::new(&render_options.base_url),
        render_options.fingerprint_assets,
    )
    .map_err(BuildError::Search)?;
    render_options.search_packs = packs.paths.clone();
    let search = start.elapsed();
    check_interrupted()?;

    let start = Instant::now();
    let renderer = Renderer::new(&theme, render_options)?;
    let pages = Renderer::all_pages(&content);
    progress.set_message("rendering pages");
    progress.set_length(pages.len() as u64);
    site.create_folders(pages.iter().map(|(route, lang)| route.file(*lang)))?;
    let written = AtomicUsize::new(0);
    renderer.for_each_page(&content, &pages, |file, html| {
        progress.inc(1);
        match html {
            Some(html) => {
                written.fetch_add(1, Ordering::Relaxed);
                site.write(&file, html.as_bytes())
            }
            None => Ok(()),
        }
    })?;
    let pages_time = start.elapsed();

    let start = Instant::now();
    progress.set_message("writing assets, search packs, sitemap and open data");
    let default = content.site.default_language;
    let not_found = renderer.render_pages(&content, &[(Route::NotFound, default)])?;
    let not_found = not_found.into_iter().next().and_then(|(_, html)| html);
    let mut rest = renderer.extras(&content, not_found)?;
    let extras = rest.files.keys().cloned().collect();
    rest.files.extend(renderer.assets().files);
    let search_files = packs.files.files.keys().cloned().collect();
    rest.files.extend(packs.files.files);
    site.create_folders(rest.files.keys().cloned())?;
    rest.files
        .par_iter()
        .try_for_each(|(path, bytes)| site.write(path, bytes))?;
    let written = written.into_inner();
    Ok(FullBuild {
        files,
        content,
        theme,
        renderer,
        pages,
        extras,
        search_files,
        built: Built {
            pages: written,
            files: written + rest.files.len(),
            warnings,
            timings: Timings {
                load,
                search,
                pages: pages_time,
                finish: start.elapsed(),
            },
        },
    })
}

/// Builds the site into `out` by [`full_build`]. Everything goes into a fresh sibling folder
/// that replaces `out` only once complete: readers of `out` see the old site or the new one,
/// never a half-written mix, and a failure leaves the old one.
pub fn build(
    project: &Project,
    options: &BuildOptions,
    out: &Path,
    progress: &ProgressBar,
) -> Result<Built, BuildError> {
    check_output(project, out)?;
    let site = FreshSite::beside(out)?;
    let mut built = full_build(project, options, ParsedFiles::Free, &site, progress)?.built;
    let start = Instant::now();
    site.swap_in(out)?;
    built.timings.finish += start.elapsed();
    Ok(built)
}

/// A site being written in a fresh folder beside its destination, removed if dropped before
/// [`FreshSite::swap_in`].
struct FreshSite {
    dir: tempfile::TempDir,
    parent: PathBuf,
}

fn write_error(what: &str, path: &Path, error: std::io::Error) -> BuildError {
    BuildError::Write(format!("{what} {}: {error}", path.display()))
}

impl FreshSite {
    fn beside(out: &Path) -> Result<FreshSite, BuildError> {
        let parent = match out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| write_error("creating", &parent, e))?;
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{}.new-", site_name(out)))
            .tempdir_in(&parent)
            .map_err(|e| write_error("creating a directory in", &parent, e))?;
        Ok(FreshSite { dir, parent })
    }

    /// Moves the finished site to `out`, putting back the old one if that fails.
    fn swap_in(self, out: &Path) -> Result<(), BuildError> {
        check_interrupted()?;
        let old = self
            .parent
            .join(format!(".{}.old-{}", site_name(out), std::process::id()));
        let had_old = out.exists();
        if had_old {
            // Until the fresh folder is kept, a failure here removes it with `self`.
            std::fs::rename(out, &old).map_err(|e| write_error("moving aside", out, e))?;
        }
        let fresh = self.dir.keep();
        if let Err(e) = std::fs::rename(&fresh, out) {
            if had_old {
                let _ = std::fs::rename(&old, out);
            }
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(write_error("swapping in", out, e));
        }
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| write_error("removing", &old, e))?;
        }
        Ok(())
    }
}

impl SiteFiles for FreshSite {
    /// Creates the folders of these files, each once and parents first, so that writing a file
    /// is one system call.
    fn create_folders(&self, files: impl Iterator<Item = String>) -> Result<(), BuildError> {
        let folders: BTreeSet<PathBuf> = files
            .filter_map(|file| Path::new(&file).parent().map(Path::to_path_buf))
            .collect();
        for folder in folders {
            let dir = self.dir.path().join(folder);
            std::fs::create_dir_all(&dir).map_err(|e| write_error("creating", &dir, e))?;
        }
        Ok(())
    }

    fn write(&self, file: &str, bytes: &[u8]) -> Result<(), BuildError> {
        check_interrupted()?;
        let target = self.dir.path().join(file);
        std::fs::write(&target, bytes).map_err(|e| write_error("writing", &target, e))
    }
}

fn site_name(out: &Path) -> String {
    out.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into())
}
