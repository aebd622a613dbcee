//! Rebuilding only what an edit touches, for the preview server.
//!
//! The state is the last good site and the parsed files it was made from. An edit re-parses
//! the files that changed, re-links the content, and re-renders the pages whose inputs changed
//! (see `portal_render::depends`); a broken edit leaves the last good site as it was.

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
    output: Arc<Output>,
    /// Set by a content edit: the search packs are rebuilt after the pages, so that the
    /// reload is not kept waiting for them.
    search_stale: bool,
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

impl Incremental {
    /// A full build, remembered for the updates that follow.
    pub fn new(project: Project, options: BuildOptions) -> Result<Incremental, BuildError> {
        let files = portal_model::list_files(&project.root)
            .map_err(|e| BuildError::Content(ContentErrors(vec![e])))?;
        let (parsed, errors) = parse_all(&project.root, &files);
        if !errors.is_empty() {
            return Err(BuildError::Content(ContentErrors(errors)));
        }
        let (content, _) = portal_model::assemble(parsed.clone()).map_err(BuildError::Content)?;
        let theme = project.read_theme().map_err(BuildError::Theme)?;
        let renderer = Renderer::new(&theme, render_options(&options, &content))?;
        let mut output = renderer.render_all(&content)?;
        output.files.extend(packs(&renderer, &content)?.files.files);
        Ok(Incremental {
            search_stale: false,
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
        })
    }

    /// Rebuilds the search packs after a content edit; `false` when they were up to date.
    pub fn refresh_search(&mut self) -> Result<bool, BuildError> {
        if !self.search_stale {
            return Ok(false);
        }
        let packs = packs(&self.renderer, &self.content)?;
        let mut output = (*self.output).clone();
        output.files.extend(packs.files.files);
        self.output = Arc::new(output);
        self.search_stale = false;
        Ok(true)
    }

    /// The last good site.
    pub fn output(&self) -> Arc<Output> {
        self.output.clone()
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
        let mut inputs: BTreeSet<Input> = relative
            .iter()
            .filter_map(|path| Input::of_file(path))
            .collect();
        let theme_changed = relative.iter().any(|path| path.starts_with("themes"));
        let content_changed = relative
            .iter()
            .any(|path| path.starts_with("content") || path.starts_with("i18n"));

        let mut parsed = self.parsed.clone();
        if content_changed {
            let files = portal_model::list_files(&root)
                .map_err(|e| BuildError::Content(ContentErrors(vec![e])))?;
            let listed: HashSet<&PathBuf> = files.iter().collect();
            let gone: Vec<PathBuf> = parsed
                .keys()
                .filter(|path| !listed.contains(path))
                .cloned()
                .collect();
            for path in gone {
                inputs.extend(Input::of_file(&path));
                parsed.remove(&path);
            }
            let stale: Vec<PathBuf> = files
                .iter()
                .filter(|path| {
                    !parsed.contains_key(*path) || relative.iter().any(|c| path.starts_with(c))
                })
                .cloned()
                .collect();
            inputs.extend(stale.iter().filter_map(|path| Input::of_file(path)));
            let (fresh, errors) = parse_all(&root, &stale);
            for file in fresh {
                parsed.insert(file.source.path.clone(), file);
            }
            if !errors.is_empty() {
                // As a full load would: the broken files, and what the rest says without them.
                for error in &errors {
                    parsed.remove(&error.file);
                }
                let mut all = errors;
                if let Err(ContentErrors(more)) =
                    portal_model::assemble(parsed.into_values().collect())
                {
                    all.extend(more);
                }
                return Err(BuildError::Content(ContentErrors(all)));
            }
        }
        let new_content = match content_changed {
            true => Some(
                portal_model::assemble(parsed.values().cloned().collect())
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

        let old_pages: HashSet<(Route, Lang)> =
            Renderer::all_pages(&self.content).into_iter().collect();
        let new_pages = Renderer::all_pages(&content);
        let new_set: HashSet<&(Route, Lang)> = new_pages.iter().collect();
        let content = new_content.as_ref().unwrap_or(&self.content);
        let to_render: Vec<(Route, Lang)> = new_pages
            .iter()
            .filter(|page| {
                !old_pages.contains(page)
                    || inputs.iter().any(|input| {
                        portal_render::depends(&page.0, page.1, input, |name| {
                            renderer.is_page_template(name)
                        })
                    })
            })
            .cloned()
            .collect();
        let mut output = (*self.output).clone();
        for (route, lang) in old_pages.iter().filter(|page| !new_set.contains(page)) {
            output.files.remove(&route.file(*lang));
        }
        for (file, html) in renderer.render_pages(content, &to_render)? {
            match html {
                Some(html) => output.files.insert(file, html),
                None => output.files.remove(&file),
            };
        }
        if content_changed || theme_changed {
            output
                .files
                .extend(renderer.extras(content, &output)?.files);
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
        self.parsed = parsed;
        if let Some(theme) = new_theme {
            self.theme = theme;
        }
        if let Some(renderer) = new_renderer {
            self.renderer = renderer;
        }
        if let Some(content) = new_content {
            self.content = content;
            self.search_stale = true;
        }
        self.output = Arc::new(output);
        Ok(change)
    }
}
