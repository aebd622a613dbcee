//! Helpers shared by the end-to-end tests: run the real `portal` binary on the real content
//! (or a copy of it that a test may break).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, holding content/, themes/ and i18n/.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

pub fn portal(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portal"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("portal runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Builds `root` into `out`, panicking with the tool's own words when it fails.
pub fn build(root: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = portal(root, &args);
    assert!(
        output.status.success(),
        "portal build failed:\n{}",
        stderr(&output)
    );
}

/// A copy of the project's content, theme and strings that a test may change.
pub fn project_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["content", "themes", "i18n"] {
        copy_tree(&repo().join(folder), &dir.path().join(folder));
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A site built once from the real content and shared by the tests of one binary.
pub fn shared_site() -> &'static Path {
    static SITE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build(&repo(), &dir.path().join("site"), &[]);
        dir
    })
    .path()
    .join("site")
    .leak()
}

pub const LANGS: [&str; 4] = ["fr", "en", "es", "pt"];

/// A raw HTTP/1.1 request with the given method and `Host`, the path sent exactly as written
/// (no client normalises it): the status and the whole response.
pub fn http_request(address: &str, method: &str, host: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}
