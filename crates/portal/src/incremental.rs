//! Rebuilding only what an edit touches, for the preview server.
//!
//! The state is the last good site and the parsed files it was made from. An edit re-parses
//! the files that changed, re-links the content, and re-renders the pages whose inputs changed
//! (see `portal_render::depends`); a broken edit leaves the last good site as it was. What
//! depends on the whole content (search packs, sitemap, open data, feeds) is redone afterwards
//! by [`Incremental::refresh`], so that the reload is not kept waiting for it.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use portal_model::{Content, ContentError, ContentErrors, Lang, ParsedFile};
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
    /// Pages: how many were rendered again.
    Pages(usize),
}

/// The preview's build state: the last good site and how it was made.
pub struct Incremental {
    project: Project,
    options: BuildOptions,
    parsed: BTreeMap<PathBuf, ParsedFile>,
    theme: Theme,
    renderer: Renderer,
    content: Content,
    /// Every page of `content`, kept between edits: recomputed only when files come or go.
    pages: Vec<(Route, Lang)>,
    output: Arc<Output>,
    /// Set by an edit: the search packs and the whole-site files are redone by `refresh`.
    stale: Stale,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Stale {
    extras: bool,
    search: bool,
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
        let (content, _) = portal_model::assemble(&parsed).map_err(BuildError::Content)?;
        let theme = project.read_theme().map_err(BuildError::Theme)?;
        let renderer = Renderer::new(&theme, render_options(&options, &content))?;
        let mut output = renderer.render_all(&content)?;
        output.files.extend(packs(&renderer, &content)?.files.files);
        Ok(Incremental {
            pages: Renderer::all_pages(&content),
            parsed: parsed
                .into_iter()
                .map(|file| (file.source.path.clone(), file))
                .collect(),
            project,
            options,
            theme,
            renderer,
            content,
            output: Arc::new(output),
            stale: Stale::default(),
        })
    }

    /// The last good site.
    pub fn output(&self) -> Arc<Output> {
        self.output.clone()
    }

    /// Whether [`Incremental::refresh`] has work to do.
    pub fn needs_refresh(&self) -> bool {
        self.stale != Stale::default()
    }

    /// Redoes what depends on the whole content after an edit: the sitemap, open data, feeds
    /// and root files, then the search pack of each language, checking `interrupted` between
    /// languages so that a new edit is not kept waiting. Returns whether the output changed.
    pub fn refresh(&mut self, interrupted: impl Fn() -> bool) -> Result<bool, BuildError> {
        let mut output = (*self.output).clone();
        let mut changed = false;
        if self.stale.extras {
            output
                .files
                .extend(self.renderer.extras(&self.content, &output)?.files);
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

    /// Applies edits to the files at `changed` (absolute or relative to the project root;
    /// created, modified, renamed or deleted).
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Change, BuildError> {
        let root = self.project.root.clone();
        let relative: BTreeSet<PathBuf> = changed
            .iter()
            .map(|path| {
                path.strip_prefix(&root)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| path.clone())
            })
            .collect();
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
            let files = portal_model::list_files(&root).map_err(content_errors)?;
            let listed: HashSet<&PathBuf> = files.iter().collect();
            for path in self.parsed.keys().filter(|path| !listed.contains(path)) {
                inputs.extend(Input::of_file(path));
                replaced.insert(path.clone(), None);
                files_came_or_went = true;
            }
            let stale: Vec<PathBuf> = files
                .iter()
                .filter(|path| {
                    !self.parsed.contains_key(*path) || relative.iter().any(|c| path.starts_with(c))
                })
                .cloned()
                .collect();
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
            true => Some(
                portal_model::assemble(self.merged(&replaced))
                    .map_err(BuildError::Content)?
                    .0,
            ),
            false => None,
        };
        let content = new_content.as_ref().unwrap_or(&self.content);
        let new_theme = match theme_changed {
            true => Some(self.project.read_theme().map_err(BuildError::Theme)?),
            false => None,
        };
        let new_renderer = match theme_changed || inputs.contains(&Input::Site) {
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
        if new_pages.is_some() {
            let kept: HashSet<&(Route, Lang)> = pages.iter().collect();
            for (route, lang) in self.pages.iter().filter(|page| !kept.contains(page)) {
                output.files.remove(&route.file(*lang));
            }
        }
        for (file, html) in renderer.render_pages(content, &to_render)? {
            match html {
                Some(html) => output.files.insert(file, html),
                None => output.files.remove(&file),
            };
        }
        if theme_changed {
            for path in self.renderer.assets().files.keys() {
                output.files.remove(path);
            }
            output.files.extend(renderer.assets().files);
        }

        let change = match (to_render.len(), theme_changed) {
            (0, true) => Change::Assets,
            (0, false) if !content_changed => Change::None,
            (pages, _) => Change::Pages(pages),
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
            self.renderer = renderer;
        }
        if let Some(content) = new_content {
            self.content = content;
        }
        if let Some(pages) = new_pages {
            self.pages = pages;
        }
        self.output = Arc::new(output);
        Ok(change)
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
