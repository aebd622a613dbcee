//! A build from files to files: load, render, index, then write the whole site at once.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use portal_model::Content;
use portal_model::{ContentErrors, Warning};
use portal_render::{Output, RenderError, RenderOptions, Renderer, Urls};
use rayon::prelude::*;

use crate::project::Project;
use crate::search_index;

/// What a build may change about the site besides its content.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Overrides `base_url` of `content/site.yaml`.
    pub base_url: Option<String>,
    /// The preview server's reload script, injected in every page.
    pub live_reload: Option<String>,
}

impl BuildOptions {
    /// What the renderer needs, with the defaults of `content/site.yaml`.
    pub fn render_options(&self, content: &Content) -> RenderOptions {
        RenderOptions {
            base_url: self
                .base_url
                .clone()
                .unwrap_or_else(|| content.site.base_url.clone()),
            search_packs: Default::default(),
            live_reload: self.live_reload.clone(),
            fingerprint_assets: self.live_reload.is_none(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Content(ContentErrors),
    #[error("theme: {0}")]
    Theme(String),
    #[error("{0}")]
    Render(#[from] RenderError),
    #[error("{0}")]
    Search(String),
    #[error("writing the site: {0}")]
    Write(String),
}

/// How long each stage took, for `--verbose` and benchmarks.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub load: Duration,
    pub search: Duration,
    pub render: Duration,
}

/// A site rendered in memory.
pub struct Built {
    pub output: Output,
    pub warnings: Vec<Warning>,
    pub timings: Timings,
}

/// Loads the content and renders the site, without touching the output directory.
pub fn build(project: &Project, options: &BuildOptions) -> Result<Built, BuildError> {
    let start = Instant::now();
    let (content, warnings) = portal_model::load(&project.root).map_err(BuildError::Content)?;
    let theme = project.read_theme().map_err(BuildError::Theme)?;
    let load = start.elapsed();
    let start = Instant::now();
    let mut render_options = options.render_options(&content);
    let packs = search_index::build_packs(
        &content,
        &Urls::new(&render_options.base_url),
        render_options.fingerprint_assets,
    )
    .map_err(BuildError::Search)?;
    render_options.search_packs = packs.paths.clone();
    let search = start.elapsed();
    let start = Instant::now();
    let renderer = Renderer::new(&theme, render_options)?;
    let mut output = renderer.render_all(&content)?;
    output.files.extend(packs.files.files);
    Ok(Built {
        output,
        warnings,
        timings: Timings {
            load,
            search,
            render: start.elapsed(),
        },
    })
}

/// Writes the site into a fresh sibling directory, then swaps it in: readers of `out` see the
/// old site or the new one, never a half-written mix, and a failure leaves the old one.
pub fn write_atomically(out: &Path, output: &Output) -> Result<(), BuildError> {
    let error = |what: &str, path: &Path, e: std::io::Error| {
        BuildError::Write(format!("{what} {}: {e}", path.display()))
    };
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| error("creating", &parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let fresh = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)
        .map_err(|e| error("creating a directory in", &parent, e))?;
    // Each folder once, parents first, then the files in parallel.
    let folders: std::collections::BTreeSet<PathBuf> = output
        .files
        .keys()
        .filter_map(|path| Path::new(path).parent().map(|dir| fresh.path().join(dir)))
        .collect();
    for dir in &folders {
        std::fs::create_dir_all(dir).map_err(|e| error("creating", dir, e))?;
    }
    output.files.par_iter().try_for_each(|(path, bytes)| {
        let target = fresh.path().join(path);
        std::fs::write(&target, bytes).map_err(|e| error("writing", &target, e))
    })?;
    let fresh = fresh.keep();
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(|e| error("moving aside", out, e))?;
    }
    if let Err(e) = std::fs::rename(&fresh, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(error("swapping in", out, e));
    }
    if had_old {
        std::fs::remove_dir_all(&old).map_err(|e| error("removing", &old, e))?;
    }
    Ok(())
}
