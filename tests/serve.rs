//! `portal serve` as editors use it: edits show at once, nothing stays stale, a broken edit
//! keeps the last good site, and no request reaches outside the site.

mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use portal::incremental::Incremental;
use portal::pipeline::BuildOptions;
use portal::project::Project;
use support::*;

fn edit(root: &Path, path: &str, from: &str, to: &str) -> PathBuf {
    let file = root.join(path);
    let text = read(&file);
    assert!(text.contains(from), "{path} has no `{from}`");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    file
}

/// The address the preview is built for in these tests.
const BASE_URL: &str = "http://127.0.0.1:1111/";

/// What `portal build` writes for the project as it is now, with the preview's options (the
/// reload script, stable asset names), read back from disk: output path → bytes.
fn portal_build(project: &Project) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_str().unwrap());
            match entry.file_type().unwrap().is_dir() {
                true => walk(&entry.path(), &format!("{name}/"), files),
                false => drop(files.insert(name, std::fs::read(entry.path()).unwrap())),
            }
        }
    }
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let options = BuildOptions::preview(BASE_URL.into());
    portal::pipeline::build(project, &options, &site, &indicatif::ProgressBar::hidden()).unwrap();
    let mut files = BTreeMap::new();
    walk(&site, "", &mut files);
    files
}

/// Every kind of edit, applied incrementally, gives byte for byte the site `portal build`
/// gives.
#[test]
fn incremental_rebuilds_equal_full_builds() {
    let project = project_copy();
    let root = project.path().to_path_buf();
    let open = || Project::locate(Some(root.clone())).unwrap();
    let mut site = Incremental::new(open(), BASE_URL.into()).unwrap();
    let law = "content/legislation/uy/ley-18250.yaml";
    // What each step is, and the edit it makes, returning the files it changed.
    type Step<'a> = (&'a str, Box<dyn Fn() -> Vec<PathBuf> + 'a>);
    let steps: Vec<Step> = vec![
        (
            "a law's summary",
            Box::new(|| {
                vec![edit(
                    &root,
                    law,
                    "Law of January 6, 2008",
                    "Migration law of January 6, 2008",
                )]
            }),
        ),
        (
            "a country name",
            Box::new(|| {
                vec![edit(
                    &root,
                    "content/countries.yaml",
                    "Uruguay",
                    "República Oriental del Uruguay",
                )]
            }),
        ),
        (
            "a Summit",
            Box::new(|| {
                vec![edit(
                    &root,
                    "content/summits/quebec-2001.yaml",
                    "2001-04-22",
                    "2001-04-21",
                )]
            }),
        ),
        (
            "a resolution",
            Box::new(|| {
                vec![edit(
                    &root,
                    "content/resolutions/ag-res-1928-xxxiii-o-03.yaml",
                    "2003-06-10",
                    "2003-06-11",
                )]
            }),
        ),
        (
            "an organ",
            Box::new(|| {
                vec![edit(
                    &root,
                    "content/activities/iin.yaml",
                    "order: 3",
                    "order: 10",
                )]
            }),
        ),
        (
            "a programme page",
            Box::new(|| {
                vec![edit(
                    &root,
                    "content/programme/approval/index.es.md",
                    "\n---\n",
                    "\n---\n\nPárrafo nuevo.\n",
                )]
            }),
        ),
        (
            "a meeting",
            Box::new(|| {
                vec![edit(
                    &root,
                    "content/events/migrant-workers-workshop-ottawa-2006/event.yaml",
                    "date: '2006-11-28'",
                    "date: '2006-11-27'",
                )]
            }),
        ),
        (
            "an interface string",
            Box::new(|| {
                vec![edit(
                    &root,
                    "i18n/pt.yaml",
                    "cite_as: \"Citar como\"",
                    "cite_as: \"Citar assim\"",
                )]
            }),
        ),
        (
            "a page template",
            Box::new(|| {
                vec![edit(
                    &root,
                    "themes/default/templates/law.html",
                    "<h2 id=\"cite-title\">",
                    "<h2 id=\"cite-title\" class=\"edited\">",
                )]
            }),
        ),
        (
            "the layout",
            Box::new(|| {
                vec![edit(
                    &root,
                    "themes/default/templates/base.html",
                    "<main id=\"main\"",
                    "<main data-edited id=\"main\"",
                )]
            }),
        ),
        (
            "a stylesheet",
            Box::new(|| {
                vec![edit(
                    &root,
                    "themes/default/css/base.css",
                    "--brand: #0b3d6e;",
                    "--brand: #0b3d6f;",
                )]
            }),
        ),
        (
            "a law's subjects",
            Box::new(|| {
                vec![edit(
                    &root,
                    law,
                    "subjects: [\"entry-and-stay\"",
                    "subjects: [\"entry-and-stay\", \"children\"",
                )]
            }),
        ),
        (
            "a treaty participation",
            Box::new(|| {
                // The first participation's confidence becomes `low`, whatever it was.
                let file = root.join("content/treaties.yaml");
                let text = read(&file);
                let list = text.find("\nparticipation:").expect("a participation list");
                let start = list + text[list..].find("confidence:").expect("a confidence");
                let end = start + text[start..].find('\n').unwrap();
                let edited = format!("{}confidence: low{}", &text[..start], &text[end..]);
                std::fs::write(&file, edited).unwrap();
                vec![file]
            }),
        ),
        (
            "a new law",
            Box::new(|| {
                let to = root.join("content/legislation/uy/ley-de-prueba.yaml");
                let text = read(root.join(law)).replacen("-L-18250", "-L-TEST", 1);
                std::fs::write(&to, text).unwrap();
                vec![to]
            }),
        ),
        (
            "a deleted law",
            Box::new(|| {
                let gone = root.join("content/legislation/uy/ley-de-prueba.yaml");
                std::fs::remove_file(&gone).unwrap();
                vec![gone]
            }),
        ),
        (
            "a renamed law",
            Box::new(|| {
                let from = root.join("content/legislation/jm/aliens-act.yaml");
                let to = root.join("content/legislation/jm/aliens-act-renamed.yaml");
                std::fs::rename(&from, &to).unwrap();
                vec![from, to]
            }),
        ),
        (
            "a deleted country folder",
            Box::new(|| {
                let gone = root.join("content/legislation/jm");
                std::fs::remove_dir_all(&gone).unwrap();
                vec![gone]
            }),
        ),
        (
            "the site title",
            Box::new(|| {
                vec![edit(
                    &root,
                    "content/site.yaml",
                    "Inter-American Program on",
                    "Inter-American Program for",
                )]
            }),
        ),
    ];
    let open_page = "en/legislation/uy/ley-18250/index.html";
    for (what, step) in &steps {
        let changed = step();
        site.update(&changed, &[open_page.into()])
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let full = portal_build(&open());
        assert!(
            site.snapshot().output().files[open_page][..] == full[open_page][..],
            "after {what}: the open page was not rendered before the reload"
        );
        // Before the background catches up, every page is served as a full build makes it:
        // the open one rendered by the update, the others on request.
        let served = site.snapshot();
        for (path, bytes) in full.iter().filter(|(path, _)| is_page(path)) {
            assert!(
                served.file(path).as_deref() == Some(&bytes[..]),
                "after {what}: {path} is served stale before the background render"
            );
        }
        while site.needs_refresh() {
            site.refresh(|| false).unwrap();
        }
        let incremental = site.snapshot();
        let incremental = incremental.output();
        assert_eq!(
            incremental.files.keys().collect::<Vec<_>>(),
            full.keys().collect::<Vec<_>>(),
            "after {what}: different files"
        );
        for (path, bytes) in &full {
            let (new, old) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&incremental.files[path]),
            );
            if new != old {
                let at = new
                    .chars()
                    .zip(old.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                let context = |text: &str| {
                    text.chars()
                        .skip(at.saturating_sub(80))
                        .take(200)
                        .collect::<String>()
                };
                panic!(
                    "after {what}: {path} is stale\nfull:        {:?}\nincremental: {:?}",
                    context(&new),
                    context(&old)
                );
            }
        }
    }
}

/// A broken file stays reported until it is fixed, even when another file is saved meanwhile.
#[test]
fn a_broken_file_stays_reported_until_fixed() {
    let project = project_copy();
    let root = project.path().to_path_buf();
    let mut site = Incremental::new(
        Project::locate(Some(root.clone())).unwrap(),
        BASE_URL.into(),
    )
    .unwrap();
    let law = "content/legislation/uy/ley-18250.yaml";
    let broken = edit(&root, law, "status: ", "status: [");
    let error = site
        .update(std::slice::from_ref(&broken), &[])
        .expect_err("a YAML error");
    assert!(error.to_string().contains("ley-18250.yaml"), "{error}");
    let other = edit(&root, "content/countries.yaml", "Uruguay", "Uruguay (ROU)");
    let error = site.update(&[other], &[]).expect_err("still broken");
    assert!(error.to_string().contains("ley-18250.yaml"), "{error}");
    edit(&root, law, "status: [", "status: ");
    site.update(&[broken], &[]).expect("fixed");
    while site.needs_refresh() {
        site.refresh(|| false).unwrap();
    }
    let served = site.snapshot();
    let page = &served.output().files["fr/legislation/uy/index.html"];
    assert!(String::from_utf8_lossy(page).contains("Uruguay (ROU)"));
}

/// A page of one language, as opposed to the whole-site files (sitemap, open data, feeds,
/// search packs, the root language choice) that the background redoes after an edit.
fn is_page(path: &str) -> bool {
    path.ends_with(".html") && path.contains('/')
}

/// A running `portal serve` on a copy of the project.
struct Server {
    child: Child,
    address: String,
    _project: tempfile::TempDir,
    root: PathBuf,
    /// What the server printed before its address.
    startup: Vec<String>,
    /// The lines it prints from then on, as it prints them.
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Server {
    /// Waits for a line of the server's stderr that `wanted` accepts, and returns it.
    fn printed(&self, what: &str, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stderr.recv_timeout(left) {
                Ok(line) if wanted(&line) => return line,
                Ok(_) => {}
                Err(error) => panic!("portal serve never printed {what}: {error:?}"),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How long the first build of `portal serve` may take before it prints its address.
const STARTUP: Duration = Duration::from_secs(120);

fn start_server() -> Server {
    start_server_with(|_| {})
}

/// Starts `portal serve` on a copy of the project that `prepare` changed first.
fn start_server_with(prepare: impl FnOnce(&Path)) -> Server {
    let project = project_copy();
    prepare(project.path());
    let root = project.path().to_path_buf();
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["--root", root.to_str().unwrap(), "serve", "--port", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read on a thread of its own, so that a server that hangs fails the test at the deadline
    // instead of blocking it; the thread drains stderr for as long as the server runs.
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let deadline = Instant::now() + STARTUP;
    let mut printed = Vec::new();
    let address = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = match received.recv_timeout(left) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => panic!(
                "portal serve printed no address within {STARTUP:?}; its stderr:\n{}",
                printed.join("\n")
            ),
            Err(RecvTimeoutError::Disconnected) => panic!(
                "portal serve exited before printing its address ({:?}); its stderr:\n{}",
                child.wait(),
                printed.join("\n")
            ),
        };
        if let Some(rest) = line.split("serving the portal at http://").nth(1) {
            break rest.split('/').next().unwrap().to_owned();
        }
        printed.push(line);
    };
    Server {
        child,
        address,
        _project: project,
        root,
        startup: printed,
        stderr: received,
    }
}

/// A GET request, the path sent exactly as written.
fn get(address: &str, path: &str) -> (u16, String) {
    http_request(address, "GET", address, path)
}

/// Polls until `ready` holds, for at most ten seconds.
fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_edit_shows_on_its_page_and_list_page_and_a_broken_edit_keeps_the_last_good_site() {
    let server = start_server();
    let address = server.address.clone();
    let (status, page) = get(&address, "/en/legislation/uy/ley-18250/");
    assert_eq!(status, 200);
    assert!(
        page.contains("/__portal/live.js"),
        "serve mode injects the reload script"
    );

    let law = "content/legislation/uy/ley-18250.yaml";
    let original = read(server.root.join(law));
    edit(
        &server.root,
        law,
        "Ley N° 18.250, Ley de Migración",
        "Ley Editada N° 18.250",
    );
    let edited = read(server.root.join(law));
    wait_for("the edited law page", || {
        get(&address, "/en/legislation/uy/ley-18250/")
            .1
            .contains("Ley Editada N° 18.250")
    });
    wait_for("the edited country page", || {
        get(&address, "/es/legislation/uy/")
            .1
            .contains("Ley Editada N° 18.250")
    });

    std::fs::write(
        server.root.join(law),
        edited.replacen("\nstatus:", "\n  status:", 1),
    )
    .unwrap();
    wait_for("the error report", || {
        get(&address, "/__portal/status")
            .1
            .contains("ley-18250.yaml")
    });
    let (_, status) = get(&address, "/__portal/status");
    let line = edited
        .lines()
        .position(|l| l.starts_with("status:"))
        .unwrap()
        + 1;
    assert!(status.contains(&format!("\"line\":{line}")), "{status}");
    let (code, page) = get(&address, "/en/legislation/uy/ley-18250/");
    assert_eq!(code, 200);
    assert!(
        page.contains("Ley Editada N° 18.250"),
        "the last good page is still served"
    );

    std::fs::write(server.root.join(law), &original).unwrap();
    wait_for("recovery", || {
        get(&address, "/__portal/status")
            .1
            .contains("{\"error\":null,")
    });
    wait_for("the restored page", || {
        !get(&address, "/en/legislation/uy/ley-18250/")
            .1
            .contains("Ley Editada")
    });
}

/// An editor who runs `portal serve` in a terminal sees the build's warnings there, at start
/// and whenever an edit changes them, as `portal build` prints them.
#[test]
fn the_terminal_shows_the_warnings_of_each_build() {
    let key = "skip_to_content: \"Pular para o conteúdo\"\n";
    let server = start_server_with(|root| drop(edit(root, "i18n/pt.yaml", key, "")));
    let missing = "warning: i18n/pt.yaml: missing interface string `skip_to_content` in `pt`";
    assert!(
        server.startup.iter().any(|line| line.starts_with(missing)),
        "no warning for the missing string at start; printed:\n{}",
        server.startup.join("\n")
    );
    edit(
        &server.root,
        "i18n/pt.yaml",
        "language_nav:",
        &format!("{key}language_nav:"),
    );
    server.printed("that no warnings are left", |line| {
        line == "no warnings left"
    });
    edit(&server.root, "i18n/pt.yaml", key, "");
    server.printed("the warning again", |line| line.starts_with(missing));
}

#[test]
fn no_request_reaches_outside_the_site() {
    let server = start_server();
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2e%2e/content/site.yaml",
        "/fr/../../Cargo.toml",
        "/fr/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/..%5cCargo.toml",
        "//etc/passwd",
    ] {
        let (status, body) = get(&server.address, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("[workspace]")
                && !body.contains("root:x:")
                && !body.contains("default_language"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn unknown_paths_get_the_languages_404_page() {
    let server = start_server();
    let (status, body) = get(&server.address, "/es/no-such-page/");
    assert_eq!(status, 404);
    assert!(body.contains("<html lang=\"es\">"));
    let (status, _) = get(&server.address, "/es/legislation");
    assert_eq!(status, 301, "a folder without its slash redirects");
}

/// Rebuilds started and finished, as `/__portal/status` reports them.
fn rebuilds(address: &str) -> (u64, u64) {
    let (code, response) = get(address, "/__portal/status");
    assert_eq!(code, 200, "{response}");
    let body = response
        .split_once("\r\n\r\n")
        .expect("headers, then the body")
        .1;
    let status: serde_json::Value = serde_json::from_str(body).unwrap();
    let count = |key: &str| status["rebuilds"][key].as_u64().unwrap();
    (count("started"), count("finished"))
}

#[test]
fn the_server_stays_up_under_concurrent_requests_during_rebuilds() {
    const PAGES: [&str; 3] = ["/fr/legislation/", "/es/legislation/ar/", "/en/"];
    let server = start_server();
    let address = server.address.clone();
    let mut overlapping = 0;
    // Five edits, then more (40 at most) until a burst has overlapped a rebuild: on a loaded
    // machine a rebuild can be over before the eight requests of a burst are answered.
    let mut n = 0;
    while n < 5 || (overlapping == 0 && n < 40) {
        n += 1;
        let (_, finished) = rebuilds(&address);
        edit(
            &server.root,
            "content/legislation/ar/ley-25871.yaml",
            "verified: ",
            &format!("# edit {n}\nverified: "),
        );
        // As soon as the server says this edit's rebuild is under way, a burst of concurrent
        // requests; it counts if the rebuild was still under way once all were answered.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            assert!(Instant::now() < deadline, "edit {n} was never rebuilt");
            let (started_now, finished_now) = rebuilds(&address);
            if finished_now > finished && started_now == finished_now {
                break;
            }
            if started_now == finished_now {
                // The watcher has not seen the edit yet.
                std::thread::sleep(Duration::from_millis(5));
                continue;
            }
            let burst: Vec<_> = (0..8)
                .map(|i| {
                    let address = address.clone();
                    std::thread::spawn(move || get(&address, PAGES[i % PAGES.len()]))
                })
                .collect();
            for (i, request) in burst.into_iter().enumerate() {
                let (code, page) = request.join().unwrap();
                let path = PAGES[i % PAGES.len()];
                assert_eq!(code, 200, "{path} during a rebuild");
                assert!(page.trim_end().ends_with("</html>"), "{path} is cut short");
            }
            if rebuilds(&address).1 == finished_now {
                overlapping += 1;
            }
        }
    }
    assert!(
        overlapping > 0,
        "no burst of requests overlapped a rebuild, so the test showed nothing"
    );
}
