//! Rebuilding only what an edit touches, for the preview server.
//!
//! The state is the last good site and the parsed files it was made from. An edit re-parses
//! the files that changed, re-links the content, and finds the pages whose inputs changed
//! (see `portal_render::depends`); a broken edit leaves the last good site as it was.
//!
//! Of those pages, the ones open in a browser are rendered before the reload is announced;
//! the others stay pending: [`Snapshot::file`] renders one when it is requested, and
//! [`Incremental::refresh`] renders the rest in the background, then redoes what depends on
//! the whole content (sitemap, open data, feeds, search packs). A template edit at 10,000 laws
//! thus reloads the open page at once instead of after its 40,000 pages.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use portal_model::{Content, ContentError, ContentErrors, ContentFile, Lang, ParsedFile, Warning};
use portal_render::{Input, Output, RenderOptions, Renderer, Route, Theme};
use rayon::prelude::*;

use crate::pipeline::{BuildError, BuildOptions};
use crate::project::Project;
use crate::search_index::{self, SearchPacks};

/// What an update changed, so the browser knows whether to reload or just swap the CSS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing the site shows.
    None,
    /// Only stylesheets, scripts or static files.
    Assets,
    /// Pages: how many open pages were rendered again, and how many others now wait for
    /// a request or the background.
    Pages { rendered: usize, pending: usize },
}

/// The site as the server sees it between two edits: the rendered files, and the pages an
/// edit made out of date that are not rendered yet. Cloned for every request: all shared.
#[derive(Clone)]
pub struct Snapshot {
    output: Arc<Output>,
    pending: Arc<BTreeMap<String, (Route, Lang)>>,
    renderer: Arc<Renderer>,
    content: Arc<Content>,
    warnings: Arc<Vec<Warning>>,
}

impl Snapshot {
    /// The content the site was rendered from.
    pub fn content(&self) -> &Content {
        &self.content
    }

    /// The warnings of the build that made this site (missing interface strings, …).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Whether the site has a file at `path` (an output path such as `fr/index.html`).
    pub fn contains(&self, path: &str) -> bool {
        self.output.files.contains_key(path) || self.pending.contains_key(path)
    }

    /// Whether `path` is a page still to render, which [`Snapshot::file`] renders now: the
    /// server does that off its async threads.
    pub fn is_pending(&self, path: &str) -> bool {
        self.pending.contains_key(path)
    }

    /// The file at `path`, rendering it if it is pending. A page whose rendering fails (the
    /// error is reported by the background render) is served as it last rendered.
    pub fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        if let Some(page) = self.pending.get(path) {
            let rendered = self
                .renderer
                .render_pages(&self.content, std::slice::from_ref(page));
            if let Ok(Some((_, Some(html)))) = rendered.map(|files| files.into_iter().next()) {
                return Some(html);
            }
        }
        self.output.files.get(path).cloned()
    }

    /// The rendered files: pending pages are there in their previous version, or missing
    /// if they are new.
    pub fn output(&self) -> &Output {
        &self.output
    }
}

/// The preview's build state: the last good site and how it was made.
pub struct Incremental {
    project: Project,
    options: BuildOptions,
    parsed: BTreeMap<PathBuf, ParsedFile>,
    theme: Theme,
    renderer: Arc<Renderer>,
    content: Arc<Content>,
    warnings: Arc<Vec<Warning>>,
    /// Every page of `content`, kept between edits: recomputed only when files come or go.
    pages: Vec<(Route, Lang)>,
    output: Arc<Output>,
    /// Pages out of date in `output`, by output path.
    pending: Arc<BTreeMap<String, (Route, Lang)>>,
    /// Set by an edit: the search packs and the whole-site files are redone by `refresh`.
    stale: Stale,
    /// The whole-site files of the last refresh, replaced as a set by the next one: a smaller
    /// site drops the sitemap parts it no longer needs.
    extras: BTreeSet<String>,
    /// The files of a broken edit: read again with the next one, since a fix elsewhere must
    /// not hide that they are still broken on disk.
    unapplied: BTreeSet<PathBuf>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Stale {
    extras: bool,
    search: bool,
}

/// Content files to parse again (changed or new) and files that were deleted.
#[derive(Default)]
struct Touched {
    stale: Vec<PathBuf>,
    gone: Vec<PathBuf>,
}

/// The preview keeps asset and search pack names stable, so that a stylesheet or index
/// change does not change every page that links it.
fn render_options(options: &BuildOptions, content: &Content) -> RenderOptions {
    let mut render = options.render_options(content);
    render.fingerprint_assets = false;
    render.search_packs = content
        .site
        .languages
        .iter()
        .map(|lang| (*lang, format!("assets/search/{lang}.pack")))
        .collect();
    render
}

fn packs(renderer: &Renderer, content: &Content) -> Result<SearchPacks, BuildError> {
    search_index::build_packs(content, renderer.urls(), false).map_err(BuildError::Search)
}

fn parse_all(root: &Path, paths: &[PathBuf]) -> (Vec<ParsedFile>, Vec<ContentError>) {
    let results: Vec<_> = paths
        .par_iter()
        .map(|path| portal_model::read_and_parse(root, path))
        .collect();
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(file) => parsed.push(file),
            Err(error) => errors.push(error),
        }
    }
    (parsed, errors)
}

fn content_errors(error: ContentError) -> BuildError {
    BuildError::Content(ContentErrors(vec![error]))
}

impl Incremental {
    /// A full build, remembered for the updates that follow.
    pub fn new(project: Project, options: BuildOptions) -> Result<Incremental, BuildError> {
        let files = portal_model::list_files(&project.root).map_err(content_errors)?;
        let (parsed, errors) = parse_all(&project.root, &files);
        if !errors.is_empty() {
            return Err(BuildError::Content(ContentErrors(errors)));
        }
        let (content, warnings) = portal_model::assemble(&parsed).map_err(BuildError::Content)?;
        let theme = project.read_theme().map_err(BuildError::Theme)?;
        let renderer = Renderer::new(&theme, render_options(&options, &content))?;
        let pages = Renderer::all_pages(&content);
        let mut output = renderer.assets();
        output.store(renderer.render_pages(&content, &pages)?);
        let mut site = Incremental {
            pages,
            parsed: parsed
                .into_iter()
                .map(|file| (file.source.path.clone(), file))
                .collect(),
            project,
            options,
            theme,
            renderer: Arc::new(renderer),
            content: Arc::new(content),
            warnings: Arc::new(warnings),
            output: Arc::new(output),
            pending: Arc::default(),
            stale: Stale {
                extras: true,
                search: true,
            },
            extras: BTreeSet::new(),
            unapplied: BTreeSet::new(),
        };
        while site.needs_refresh() {
            site.refresh(|| false)?;
        }
        Ok(site)
    }

    /// The last good site, to serve.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            output: self.output.clone(),
            pending: self.pending.clone(),
            renderer: self.renderer.clone(),
            content: self.content.clone(),
            warnings: self.warnings.clone(),
        }
    }

    /// Whether [`Incremental::refresh`] has work to do.
    pub fn needs_refresh(&self) -> bool {
        !self.pending.is_empty() || self.stale != Stale::default()
    }

    /// Does a part of what an edit left to do, checking `interrupted` between parts so that a
    /// new edit is not kept waiting: pending pages first, in slices; once none is left, the
    /// sitemap, open data, feeds and root files, then the search packs. Returns whether the
    /// output changed; call it until [`Incremental::needs_refresh`] says no more.
    pub fn refresh(&mut self, interrupted: impl Fn() -> bool) -> Result<bool, BuildError> {
        if !self.pending.is_empty() {
            self.render_pending(interrupted)?;
            return Ok(true);
        }
        let mut output = (*self.output).clone();
        let mut changed = false;
        if self.stale.extras {
            let not_found = output.page(&Route::NotFound, self.content.site.default_language);
            let extras = self.renderer.extras(&self.content, not_found)?;
            for path in &self.extras {
                output.files.remove(path);
            }
            self.extras = extras.files.keys().cloned().collect();
            output.files.extend(extras.files);
            self.stale.extras = false;
            changed = true;
        }
        if self.stale.search && !interrupted() {
            output
                .files
                .extend(packs(&self.renderer, &self.content)?.files.files);
            self.stale.search = false;
            changed = true;
        }
        self.output = Arc::new(output);
        Ok(changed)
    }

    /// Renders pending pages in batches until none is left, `interrupted` says so, or a time
    /// slice is over: the server's snapshot then catches up, so it renders fewer on request.
    fn render_pending(&mut self, interrupted: impl Fn() -> bool) -> Result<(), BuildError> {
        const BATCH: usize = 256;
        const SLICE: Duration = Duration::from_millis(400);
        let start = Instant::now();
        let mut output = (*self.output).clone();
        let mut pending = (*self.pending).clone();
        while !pending.is_empty() && !interrupted() && start.elapsed() < SLICE {
            let batch: Vec<(Route, Lang)> = pending.values().take(BATCH).cloned().collect();
            let rendered = self.renderer.render_pages(&self.content, &batch)?;
            for (file, _) in &rendered {
                pending.remove(file);
            }
            output.store(rendered);
        }
        self.output = Arc::new(output);
        self.pending = Arc::new(pending);
        Ok(())
    }

    /// Applies edits to the files at `changed` (absolute or relative to the project root;
    /// created, modified, renamed or deleted), rendering at once the pages among `open` (output
    /// paths of the pages open in a browser) and leaving the others pending.
    pub fn update(&mut self, changed: &[PathBuf], open: &[String]) -> Result<Change, BuildError> {
        let root = &self.project.root;
        let mut relative = std::mem::take(&mut self.unapplied);
        relative.extend(changed.iter().map(|path| {
            path.strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| path.clone())
        }));
        let result = self.apply(&relative, open);
        if result.is_err() {
            self.unapplied = relative;
        }
        result
    }

    fn apply(
        &mut self,
        relative: &BTreeSet<PathBuf>,
        open: &[String],
    ) -> Result<Change, BuildError> {
        let root = self.project.root.clone();
        let mut inputs: BTreeSet<Input> =
            relative.iter().filter_map(|p| Input::of_file(p)).collect();
        let theme_changed = relative.iter().any(|path| path.starts_with("themes"));
        let content_changed = relative
            .iter()
            .any(|path| path.starts_with("content") || path.starts_with("i18n"));

        // Parsed files to replace (`Some`) or drop (`None`), applied only if the edit is good.
        let mut replaced: BTreeMap<PathBuf, Option<ParsedFile>> = BTreeMap::new();
        let mut files_came_or_went = false;
        if content_changed {
            let Touched { stale, gone } = match self.touched_files(relative) {
                Some(touched) => touched,
                None => self.listed_files(relative)?,
            };
            for path in gone {
                inputs.extend(Input::of_file(&path));
                replaced.insert(path, None);
                files_came_or_went = true;
            }
            files_came_or_went |= stale.iter().any(|path| !self.parsed.contains_key(path));
            inputs.extend(stale.iter().filter_map(|path| Input::of_file(path)));
            let (fresh, errors) = parse_all(&root, &stale);
            let broken: HashSet<PathBuf> = errors.iter().map(|e| e.file.clone()).collect();
            for file in fresh {
                replaced.insert(file.source.path.clone(), Some(file));
            }
            for path in &broken {
                replaced.insert(path.clone(), None);
            }
            if !errors.is_empty() {
                // As a full load would: the broken files, and what the rest says without them.
                let mut all = errors;
                if let Err(ContentErrors(more)) = portal_model::assemble(self.merged(&replaced)) {
                    all.extend(more);
                }
                return Err(BuildError::Content(ContentErrors(all)));
            }
        }
        let new_content = match content_changed {
            true => {
                Some(portal_model::assemble(self.merged(&replaced)).map_err(BuildError::Content)?)
            }
            false => None,
        };
        let content = new_content
            .as_ref()
            .map_or(&*self.content, |(content, _)| content);
        let new_theme = match theme_changed {
            true => Some(self.project.read_theme().map_err(BuildError::Theme)?),
            false => None,
        };
        let site_changed = inputs.contains(&Input::Content(ContentFile::Site));
        let new_renderer = match theme_changed || site_changed {
            true => Some(Renderer::new(
                new_theme.as_ref().unwrap_or(&self.theme),
                render_options(&self.options, content),
            )?),
            false => None,
        };
        let renderer = new_renderer.as_ref().unwrap_or(&self.renderer);

        let new_pages = match files_came_or_went {
            true => Some(Renderer::all_pages(content)),
            false => None,
        };
        let pages = new_pages.as_ref().unwrap_or(&self.pages);
        let old_pages: HashSet<&(Route, Lang)> = match &new_pages {
            Some(_) => self.pages.iter().collect(),
            None => HashSet::new(),
        };
        let to_render: Vec<(Route, Lang)> = pages
            .iter()
            .filter(|page| {
                (new_pages.is_some() && !old_pages.contains(page))
                    || inputs.iter().any(|input| {
                        portal_render::depends(&page.0, page.1, input, |name| {
                            renderer.is_page_template(name)
                        })
                    })
            })
            .cloned()
            .collect();
        let mut output = (*self.output).clone();
        let mut pending = (*self.pending).clone();
        if new_pages.is_some() {
            let kept: HashSet<&(Route, Lang)> = pages.iter().collect();
            for (route, lang) in self.pages.iter().filter(|page| !kept.contains(page)) {
                output.files.remove(&route.file(*lang));
            }
            pending.retain(|_, page| kept.contains(page));
        }
        pending.extend(
            to_render
                .iter()
                .map(|page| (page.0.file(page.1), page.clone())),
        );
        let now: Vec<(Route, Lang)> = open
            .iter()
            .filter_map(|file| pending.remove(file))
            .collect();
        output.store(renderer.render_pages(content, &now)?);
        if theme_changed {
            for path in self.renderer.assets().files.keys() {
                output.files.remove(path);
            }
            output.files.extend(renderer.assets().files);
        }

        let change = match (to_render.len(), theme_changed) {
            (0, true) => Change::Assets,
            (0, false) if !content_changed => Change::None,
            (_, _) => Change::Pages {
                rendered: now.len(),
                pending: pending.len(),
            },
        };
        for (path, file) in replaced {
            match file {
                Some(file) => self.parsed.insert(path, file),
                None => self.parsed.remove(&path),
            };
        }
        self.stale.extras |= content_changed || theme_changed;
        self.stale.search |= content_changed;
        if let Some(theme) = new_theme {
            self.theme = theme;
        }
        if let Some(renderer) = new_renderer {
            self.renderer = Arc::new(renderer);
        }
        if let Some((content, warnings)) = new_content {
            self.content = Arc::new(content);
            self.warnings = Arc::new(warnings);
        }
        if let Some(pages) = new_pages {
            self.pages = pages;
        }
        self.output = Arc::new(output);
        self.pending = Arc::new(pending);
        Ok(change)
    }

    /// The content files an edit touched, from the changed paths alone; `None` when a folder
    /// changed, which takes a listing of the tree to know what came or went.
    fn touched_files(&self, changed: &BTreeSet<PathBuf>) -> Option<Touched> {
        let mut touched = Touched::default();
        for path in changed {
            match std::fs::symlink_metadata(self.project.root.join(path)) {
                Ok(meta) if meta.is_dir() => return None,
                Ok(_) if portal_model::is_listed(path) => touched.stale.push(path.clone()),
                Ok(_) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    if self.parsed.contains_key(path) {
                        touched.gone.push(path.clone());
                    } else if self
                        .parsed
                        .range(path.clone()..)
                        .next()
                        .is_some_and(|(known, _)| known.starts_with(path))
                    {
                        return None;
                    }
                }
                Err(_) => return None,
            }
        }
        Some(touched)
    }

    /// What changed, by listing the content tree: the files that came or lie in a changed
    /// folder, and those that went.
    fn listed_files(&self, changed: &BTreeSet<PathBuf>) -> Result<Touched, BuildError> {
        let files = portal_model::list_files(&self.project.root).map_err(content_errors)?;
        let listed: HashSet<&PathBuf> = files.iter().collect();
        let gone = self
            .parsed
            .keys()
            .filter(|path| !listed.contains(path))
            .cloned()
            .collect();
        let stale = files
            .iter()
            .filter(|path| {
                !self.parsed.contains_key(*path) || changed.iter().any(|c| path.starts_with(c))
            })
            .cloned()
            .collect();
        Ok(Touched { stale, gone })
    }

    /// The parsed files as they would be with `replaced` applied.
    fn merged<'a>(
        &'a self,
        replaced: &'a BTreeMap<PathBuf, Option<ParsedFile>>,
    ) -> impl Iterator<Item = &'a ParsedFile> {
        let kept = self
            .parsed
            .iter()
            .filter(|(path, _)| !replaced.contains_key(*path))
            .map(|(_, file)| file);
        kept.chain(replaced.values().flatten())
    }
}
