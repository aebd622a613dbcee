//! Rebuilding only what an edit touches, for the preview server.
//!
//! The state is the last good site and the parsed files it was made from, starting from the
//! full build `portal build` makes. An edit re-parses the files that changed, re-links the
//! content, and plans which pages its inputs changed (see `portal_render::depends`) before it
//! commits anything; a broken edit leaves the last good site as it was.
//!
//! Of those pages, the ones open in a browser are rendered before the reload is announced;
//! the others stay pending: [`Snapshot::file`] renders one when it is requested, and
//! [`Incremental::refresh`] renders the rest in the background, then redoes what depends on
//! the whole content (sitemap, open data, feeds, search packs). A template edit at 10,000 laws
//! thus reloads the open page at once instead of after its 40,000 pages.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portal_model::{Content, ContentError, ContentErrors, ContentFile, Lang, ParsedFile, Warning};
use portal_render::{Input, Output, RenderOptions, Renderer, Route, Theme};
use rayon::prelude::*;

use crate::pipeline::{self, BuildError, BuildOptions, ParsedFiles, SiteFiles};
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
    Pages {
        /// Open pages rendered again before the reload was announced.
        rendered: usize,
        /// Out-of-date pages left for a request or the background renderer.
        pending: usize,
    },
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
    /// The search manifests and chunks of the last refresh, replaced as a set by the next one.
    search_files: BTreeSet<String>,
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

/// The files an edit touched, classified and parsed, before anything is assembled.
struct Edit {
    /// What changed, in the terms the pages' dependencies are written in.
    inputs: BTreeSet<Input>,
    /// A file of the theme changed.
    theme: bool,
    /// A content or interface-string file changed.
    content: bool,
    /// Parsed files to replace (`Some`) or drop (`None`), kept only if the edit is good.
    replaced: BTreeMap<PathBuf, Option<ParsedFile>>,
    /// Content files came or went, which changes the list of pages.
    files_came_or_went: bool,
}

/// What an edit makes anew; `None` where the current one stays.
struct Rebuilt {
    content: Option<(Content, Vec<Warning>)>,
    theme: Option<Theme>,
    renderer: Option<Renderer>,
    pages: Option<Vec<(Route, Lang)>>,
}

/// What an edit does to the pages, decided before any is rendered.
struct Plan {
    /// The open pages among those out of date: rendered before the reload is announced.
    render_now: Vec<(Route, Lang)>,
    /// Every page out of date after the edit, earlier ones included, by output path.
    pending: BTreeMap<String, (Route, Lang)>,
    /// The output paths of pages that no longer exist.
    removed: Vec<String>,
    /// How many pages the edit made out of date.
    outdated: usize,
}

/// Plans an edit from the page lists before and after it (`None`: no page came or went),
/// the pages still pending from earlier edits, which pages the edit made out of date, and the
/// output paths of the open pages. New pages are out of date by definition.
fn plan(
    pages: &[(Route, Lang)],
    new_pages: Option<&[(Route, Lang)]>,
    pending: &BTreeMap<String, (Route, Lang)>,
    is_outdated: impl Fn(&(Route, Lang)) -> bool,
    open: &[String],
) -> Plan {
    let mut pending = pending.clone();
    let mut removed = Vec::new();
    let outdated: Vec<(Route, Lang)> = match new_pages {
        None => pages
            .iter()
            .filter(|page| is_outdated(page))
            .cloned()
            .collect(),
        Some(new_pages) => {
            let old: HashSet<&(Route, Lang)> = pages.iter().collect();
            let kept: HashSet<&(Route, Lang)> = new_pages.iter().collect();
            removed = pages
                .iter()
                .filter(|page| !kept.contains(page))
                .map(|(route, lang)| route.file(*lang))
                .collect();
            pending.retain(|_, page| kept.contains(page));
            new_pages
                .iter()
                .filter(|page| !old.contains(page) || is_outdated(page))
                .cloned()
                .collect()
        }
    };
    pending.extend(
        outdated
            .iter()
            .map(|page| (page.0.file(page.1), page.clone())),
    );
    let render_now = open
        .iter()
        .filter_map(|file| pending.remove(file))
        .collect();
    Plan {
        render_now,
        pending,
        removed,
        outdated: outdated.len(),
    }
}

/// The preview keeps search pack names stable (see [`BuildOptions::live_reload`]), so a
/// renderer made after an edit links the packs before the background has rebuilt them.
fn render_options(options: &BuildOptions, content: &Content) -> RenderOptions {
    let mut render = options.render_options(content);
    render.search_packs = content
        .site
        .languages
        .iter()
        .map(|&lang| (lang, search_index::stable_path(lang)))
        .collect();
    render
}

fn packs(renderer: &Renderer, content: &Content) -> Result<SearchPacks, BuildError> {
    search_index::build_packs(content, renderer.urls(), false).map_err(BuildError::Search)
}

/// The full build's files, kept in memory for the preview to serve.
#[derive(Default)]
struct InMemory(Mutex<Output>);

impl SiteFiles for InMemory {
    fn create_folders(&self, _: impl Iterator<Item = String>) -> Result<(), BuildError> {
        Ok(())
    }

    fn write(&self, file: &str, bytes: &[u8]) -> Result<(), BuildError> {
        let mut output = self.0.lock().expect("not poisoned");
        output.files.insert(file.to_owned(), Arc::from(bytes));
        Ok(())
    }
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
    /// The full build of `portal serve` on `base_url` ([`pipeline::full_build`], as
    /// `portal build` makes it, with the reload script), remembered for the updates that follow.
    pub fn new(project: Project, base_url: String) -> Result<Incremental, BuildError> {
        let options = BuildOptions::preview(base_url);
        let site = InMemory::default();
        let hidden = indicatif::ProgressBar::hidden();
        let full = pipeline::full_build(&project, &options, ParsedFiles::Keep, &site, &hidden)?;
        Ok(Incremental {
            parsed: full
                .files
                .into_iter()
                .map(|file| (file.source.path.clone(), file))
                .collect(),
            project,
            options,
            theme: full.theme,
            renderer: Arc::new(full.renderer),
            content: Arc::new(full.content),
            warnings: Arc::new(full.built.warnings),
            pages: full.pages,
            output: Arc::new(site.0.into_inner().expect("not poisoned")),
            pending: Arc::default(),
            stale: Stale::default(),
            extras: full.extras,
            search_files: full.search_files,
            unapplied: BTreeSet::new(),
        })
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
            let packs = packs(&self.renderer, &self.content)?.files.files;
            for path in &self.search_files {
                output.files.remove(path);
            }
            self.search_files = packs.keys().cloned().collect();
            output.files.extend(packs);
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

    /// An edit in four steps: read and parse the touched files, make anew what they change,
    /// plan which pages to render now and which to leave pending, then commit.
    fn apply(
        &mut self,
        relative: &BTreeSet<PathBuf>,
        open: &[String],
    ) -> Result<Change, BuildError> {
        let edit = self.read_edit(relative)?;
        let rebuilt = self.rebuild(&edit)?;
        let renderer = rebuilt.renderer.as_ref().unwrap_or(&self.renderer);
        let content = rebuilt.content.as_ref().map_or(&*self.content, |(c, _)| c);
        let is_outdated = |(route, lang): &(Route, Lang)| {
            edit.inputs.iter().any(|input| {
                portal_render::depends(route, *lang, input, |name| renderer.is_page_template(name))
            })
        };
        let plan = plan(
            &self.pages,
            rebuilt.pages.as_deref(),
            &self.pending,
            is_outdated,
            open,
        );
        let rendered = renderer.render_pages(content, &plan.render_now)?;
        let change = match (plan.outdated, edit.theme) {
            (0, true) => Change::Assets,
            (0, false) if !edit.content => Change::None,
            (_, _) => Change::Pages {
                rendered: plan.render_now.len(),
                pending: plan.pending.len(),
            },
        };
        self.commit(edit, rebuilt, plan, rendered);
        Ok(change)
    }

    /// Classifies the changed paths and parses the content files among them; fails, keeping
    /// nothing, if one does not parse.
    fn read_edit(&self, relative: &BTreeSet<PathBuf>) -> Result<Edit, BuildError> {
        let mut edit = Edit {
            inputs: relative.iter().filter_map(|p| Input::of_file(p)).collect(),
            theme: relative.iter().any(|path| path.starts_with("themes")),
            content: relative
                .iter()
                .any(|path| path.starts_with("content") || path.starts_with("i18n")),
            replaced: BTreeMap::new(),
            files_came_or_went: false,
        };
        if !edit.content {
            return Ok(edit);
        }
        let Touched { stale, gone } = match self.touched_files(relative) {
            Some(touched) => touched,
            None => self.listed_files(relative)?,
        };
        for path in gone {
            edit.inputs.extend(Input::of_file(&path));
            edit.replaced.insert(path, None);
            edit.files_came_or_went = true;
        }
        edit.files_came_or_went |= stale.iter().any(|path| !self.parsed.contains_key(path));
        edit.inputs
            .extend(stale.iter().filter_map(|path| Input::of_file(path)));
        let (fresh, errors) = parse_all(&self.project.root, &stale);
        let broken: HashSet<PathBuf> = errors.iter().map(|e| e.file.clone()).collect();
        for file in fresh {
            edit.replaced.insert(file.source.path.clone(), Some(file));
        }
        for path in &broken {
            edit.replaced.insert(path.clone(), None);
        }
        if !errors.is_empty() {
            // As a full load would: the broken files, and what the rest says without them.
            let mut all = errors;
            if let Err(ContentErrors(more)) = portal_model::assemble(self.merged(&edit.replaced)) {
                all.extend(more);
            }
            return Err(BuildError::Content(ContentErrors(all)));
        }
        Ok(edit)
    }

    /// Assembles the content, reads the theme, makes the renderer and lists the pages again,
    /// each only if the edit changes it.
    fn rebuild(&self, edit: &Edit) -> Result<Rebuilt, BuildError> {
        let new_content = match edit.content {
            true => Some(
                portal_model::assemble(self.merged(&edit.replaced)).map_err(BuildError::Content)?,
            ),
            false => None,
        };
        let content = new_content.as_ref().map_or(&*self.content, |(c, _)| c);
        let theme = match edit.theme {
            true => Some(self.project.read_theme().map_err(BuildError::Theme)?),
            false => None,
        };
        let site_changed = edit.inputs.contains(&Input::Content(ContentFile::Site));
        let renderer = match edit.theme || site_changed {
            true => Some(Renderer::new(
                theme.as_ref().unwrap_or(&self.theme),
                render_options(&self.options, content),
            )?),
            false => None,
        };
        let pages = edit
            .files_came_or_went
            .then(|| Renderer::all_pages(content));
        Ok(Rebuilt {
            content: new_content,
            theme,
            renderer,
            pages,
        })
    }

    /// Puts a good edit in place: its parsed files, what it made anew, its plan and the open
    /// pages rendered for it; the whole-site files and search packs are left to `refresh`.
    fn commit(
        &mut self,
        edit: Edit,
        rebuilt: Rebuilt,
        plan: Plan,
        rendered: portal_render::RenderedPages,
    ) {
        let mut output = (*self.output).clone();
        for file in &plan.removed {
            output.files.remove(file);
        }
        output.store(rendered);
        if let Some(renderer) = rebuilt.renderer {
            if edit.theme {
                for path in self.renderer.assets().files.keys() {
                    output.files.remove(path);
                }
                output.files.extend(renderer.assets().files);
            }
            self.renderer = Arc::new(renderer);
        }
        for (path, file) in edit.replaced {
            match file {
                Some(file) => self.parsed.insert(path, file),
                None => self.parsed.remove(&path),
            };
        }
        self.stale.extras |= edit.content || edit.theme;
        self.stale.search |= edit.content;
        if let Some(theme) = rebuilt.theme {
            self.theme = theme;
        }
        if let Some((content, warnings)) = rebuilt.content {
            self.content = Arc::new(content);
            self.warnings = Arc::new(warnings);
        }
        if let Some(pages) = rebuilt.pages {
            self.pages = pages;
        }
        self.output = Arc::new(output);
        self.pending = Arc::new(plan.pending);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(slug: &str) -> (Route, Lang) {
        (Route::Summit(slug.parse().unwrap()), Lang::En)
    }

    fn pending(pages: &[(Route, Lang)]) -> BTreeMap<String, (Route, Lang)> {
        pages.iter().map(|p| (p.0.file(p.1), p.clone())).collect()
    }

    #[test]
    fn an_edit_renders_the_open_pages_it_outdates_and_leaves_the_others_pending() {
        let pages = [page("a"), page("b"), page("c")];
        let open = [page("a").0.file(Lang::En), page("c").0.file(Lang::En)];
        let plan = plan(&pages, None, &pending(&[]), |p| p != &page("c"), &open);
        assert_eq!(plan.render_now, [page("a")]);
        assert_eq!(plan.pending, pending(&[page("b")]));
        assert!(plan.removed.is_empty());
        assert_eq!(plan.outdated, 2);
    }

    #[test]
    fn pages_that_went_are_removed_and_no_longer_pending_and_new_ones_are_outdated() {
        let before = [page("a"), page("b")];
        let after = [page("a"), page("new")];
        let plan = plan(
            &before,
            Some(&after),
            &pending(&[page("b")]),
            |_| false,
            &[],
        );
        assert!(plan.render_now.is_empty());
        assert_eq!(plan.pending, pending(&[page("new")]));
        assert_eq!(plan.removed, [page("b").0.file(Lang::En)]);
        assert_eq!(plan.outdated, 1);
    }
}
