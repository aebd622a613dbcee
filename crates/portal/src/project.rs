//! Where a project's files are, and reading its theme from disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use portal_render::Theme;

/// The folders of a portal project.
#[derive(Clone, Debug)]
pub struct Project {
    /// The folder holding `content/site.yaml`, canonicalized when given with `--root`.
    pub root: PathBuf,
}

impl Project {
    /// Finds the project: `root` if given, else the current folder or its nearest ancestor
    /// that holds `content/site.yaml`.
    pub fn locate(root: Option<PathBuf>) -> Result<Project, String> {
        let site = portal_model::ContentFile::Site.path();
        if let Some(root) = root {
            return match root.join(&site).is_file() {
                true => Ok(Project {
                    root: root
                        .canonicalize()
                        .map_err(|e| format!("{}: {e}", root.display()))?,
                }),
                false => Err(format!(
                    "{} is not a portal project: expected {}",
                    root.display(),
                    root.join(&site).display()
                )),
            };
        }
        let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
        cwd.ancestors()
            .find(|dir| dir.join(&site).is_file())
            .map(|dir| Project { root: dir.to_path_buf() })
            .ok_or_else(|| {
                format!(
                    "no content/site.yaml in {} or its parents: run portal inside a project or pass --root",
                    cwd.display()
                )
            })
    }

    /// The theme's folder: the portal has one theme, `themes/default`.
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes/default")
    }

    /// The folders whose changes change the site.
    pub fn watched(&self) -> Vec<PathBuf> {
        ["content", "themes", "i18n"]
            .iter()
            .map(|dir| self.root.join(dir))
            .collect()
    }

    /// Reads the theme: templates, stylesheets, scripts and static files.
    pub fn read_theme(&self) -> Result<Theme, String> {
        let dir = self.theme_dir();
        let root = self
            .root
            .canonicalize()
            .map_err(|e| format!("{}: {e}", self.root.display()))?;
        let mut theme = Theme::default();
        for (name, bytes) in read_tree(&root, &dir.join("templates"))? {
            let text = String::from_utf8(bytes)
                .map_err(|_| format!("themes/default/templates/{name} is not UTF-8"))?;
            theme.templates.insert(name, text);
        }
        for (name, bytes) in read_tree(&root, &dir.join("css"))? {
            let text = String::from_utf8(bytes)
                .map_err(|_| format!("themes/default/css/{name} is not UTF-8"))?;
            theme.stylesheets.insert(name, text);
        }
        theme.files.extend(read_tree(&root, &dir.join("js"))?);
        theme.files.extend(read_tree(&root, &dir.join("static"))?);
        Ok(theme)
    }
}

/// Every file below `dir` (hidden ones left out), keyed by its `/`-separated path relative
/// to `dir`. Symbolic links are listed, not followed.
pub fn files_below(dir: &Path) -> Result<BTreeMap<String, PathBuf>, String> {
    fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<String, PathBuf>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            let path = entry.path();
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            // A symbolic link is listed as a file, never walked into: it is for the reader to
            // decide whether to follow it.
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                walk(base, &path, files)?;
            } else {
                let name = path
                    .strip_prefix(base)
                    .expect("below base")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(name, path);
            }
        }
        Ok(())
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files)?;
    Ok(files)
}

/// Every file below `dir` with its bytes; nothing when the folder does not exist (a theme
/// without scripts). A symbolic link is followed only to a file inside the project `root`: a
/// link to `/etc/passwd` in `static/` must not publish the editor's files.
fn read_tree(root: &Path, dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    if !dir.exists() {
        return Ok(BTreeMap::new());
    }
    files_below(dir)?
        .into_iter()
        .map(|(name, path)| {
            let failed = |e: std::io::Error| format!("{}: {e}", path.display());
            if std::fs::symlink_metadata(&path)
                .map_err(failed)?
                .is_symlink()
                && !path.canonicalize().map_err(failed)?.starts_with(root)
            {
                return Err(format!(
                    "{}: a symbolic link that leads out of the project; expected a file of the \
                     theme (links out of the project are not followed)",
                    path.display()
                ));
            }
            let bytes = std::fs::read(&path).map_err(failed)?;
            Ok((name, bytes))
        })
        .collect()
}
