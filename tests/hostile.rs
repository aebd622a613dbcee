//! Hostile or broken content, as an attacker or a careless editor would write it, on copies of
//! the real content with the real binary: it must not harm visitors (no script in a page, a feed
//! or the open data), the editor's machine (nothing written outside the output folder, nothing
//! deleted, memory and time bounded) or the published site (a failed build leaves the previous
//! one as it was). Each test is one item of issue 12.

#[path = "support/policy.rs"]
mod policy;
mod support;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::*;

/// Where the site is built, deep enough below the project copy that a path escaping the
/// output folder by four `..` still lands inside the copy, where the snapshot sees it.
const OUT: &str = "w/x/y/z/site";

/// Every file below `root`, with its bytes (a symbolic link with its target), hidden ones
/// included: what "nothing written, nothing deleted" compares.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            let key = path.strip_prefix(root).unwrap().to_path_buf();
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                files.insert(key, target.to_string_lossy().as_bytes().to_vec());
            } else if kind.is_dir() {
                files.insert(key, b"/".to_vec());
                walk(root, &path, files);
            } else {
                files.insert(key, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(root, root, &mut files);
    files
}

/// The paths that differ between two snapshots, for a readable failure.
fn differences(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<String> {
    let mut changed = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => changed.push(format!("deleted {}", path.display())),
            Some(now) if now != bytes => changed.push(format!("changed {}", path.display())),
            _ => {}
        }
    }
    for path in after.keys().filter(|path| !before.contains_key(*path)) {
        changed.push(format!("written {}", path.display()));
    }
    changed
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        match entry.file_type().unwrap().is_dir() {
            true => copy_dir(&entry.path(), &target),
            false => {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
}

/// A copy of the project with a previous site in [`OUT`], to be broken by one test.
struct Trial {
    project: tempfile::TempDir,
}

impl Trial {
    fn new() -> Trial {
        let project = project_copy();
        // The real content's site, copied into each trial as its previous output.
        copy_dir(shared_site(), &project.path().join(OUT));
        Trial { project }
    }

    fn root(&self) -> &Path {
        self.project.path()
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = read(self.path(relative));
        assert!(text.contains(from), "{relative} has no `{from}`");
        self.write(relative, &text.replacen(from, to, 1));
    }

    fn build(&self) -> Output {
        portal(
            self.root(),
            &["build", "--out", self.path(OUT).to_str().unwrap()],
        )
    }

    /// Builds and expects the content to be refused: exit code 1, every `expected` part in the
    /// report, and not one file of the project copy written, changed or deleted (the previous
    /// site included). Hands back the report.
    fn refused(&self, expected: &[&str]) -> String {
        let before = snapshot(self.root());
        let output = self.build();
        let report = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{report}");
        for part in expected {
            assert!(report.contains(part), "no `{part}` in:\n{report}");
        }
        assert!(
            report.contains("the previous output was left as it was")
                || report.contains("The previous output was left as it was"),
            "{report}"
        );
        let changed = differences(&before, &snapshot(self.root()));
        assert!(changed.is_empty(), "{changed:#?}");
        report
    }

    /// Builds and expects success; hands back a file of the new site.
    fn built(&self, file: &str) -> String {
        let output = self.build();
        assert!(output.status.success(), "{}", stderr(&output));
        read(self.path(OUT).join(file))
    }
}

const PROGRAMME_PAGE: &str = "content/programme/introduction/index.fr.md";
const LAW: &str = "content/legislation/ar/ley-25871.yaml";

/// The line of `needle` in a file of the trial, 1-based.
fn line_of(trial: &Trial, file: &str, needle: &str) -> usize {
    read(trial.path(file))
        .lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("no `{needle}` in {file}"))
        + 1
}

#[test]
fn item_1_heading_attributes_other_than_id_and_class_are_refused() {
    let trial = Trial::new();
    let heading = "## Title {onclick=alert(document.domain) style=position:fixed;inset:0}";
    trial.edit(PROGRAMME_PAGE, "## L'action de l'OEA", heading);
    let line = line_of(&trial, PROGRAMME_PAGE, "{onclick");
    trial.refused(&[
        &format!("{PROGRAMME_PAGE}:{line}:11"),
        "the heading attribute `onclick` is not allowed; expected only an id and classes",
    ]);
}

#[test]
fn item_2_script_urls_in_every_kind_of_link_are_refused() {
    let prose = [
        (
            "[voir](JaVaScRiPt:alert(document.domain))",
            "JaVaScRiPt:alert(document.domain)",
        ),
        ("<javascript:alert(1)>", "javascript:alert(1)"),
        ("[voir][x]\n\n[x]: vbscript:msgbox(1)", "vbscript:msgbox(1)"),
        (
            "![carte](data:text/html,<script>alert(1)</script>)",
            "data:text/html,<script>alert(1)</script>",
        ),
        ("[voir](java&#x09;script:alert(1))", "java\tscript:alert(1)"),
    ];
    for (payload, url) in prose {
        let trial = Trial::new();
        trial.edit(
            PROGRAMME_PAGE,
            "## L'action de l'OEA",
            &format!("{payload}\n\n## L'action"),
        );
        let line = line_of(&trial, PROGRAMME_PAGE, payload.lines().last().unwrap());
        let line = match payload.contains("[x]:") {
            true => line - 2,
            false => line,
        };
        trial.refused(&[
            &format!("{PROGRAMME_PAGE}:{line}:"),
            &format!("the link or image address `{url}` is not allowed; expected an http:, https: or mailto: address"),
        ]);
    }
    // A law's source, and a Markdown link in a record's text.
    let trial = Trial::new();
    let source = "https://dds.cepal.org/bdips/en/seg83.php";
    trial.edit(LAW, source, "javascript:alert(document.cookie)");
    let line = line_of(&trial, LAW, "javascript:");
    trial.refused(&[
        &format!("{LAW}:{line}:11: the link or image address `javascript:alert(document.cookie)` is not allowed"),
    ]);
    let trial = Trial::new();
    trial.edit(LAW, "La loi 25.871", "La [loi](vbscript:msgbox) 25.871");
    let line = line_of(&trial, LAW, "vbscript");
    trial.refused(&[
        &format!("{LAW}:{line}:"),
        "`vbscript:msgbox` is not allowed",
    ]);
}

#[test]
fn item_3_csv_cells_a_spreadsheet_would_run_are_neutralised() {
    let trial = Trial::new();
    trial.edit(
        LAW,
        "original_title: \"Ley de Migraciones N° 25.871\"",
        "original_title: \"=HYPERLINK(\\\"https://evil.example/\\\", \\\"x\\\")\"",
    );
    trial.edit(
        LAW,
        "number: \"25.871\"",
        "number: \"@SUM(1+1)*cmd|' /C calc'!A0\"",
    );
    let csv = trial.built("fr/legislation/legislation.csv");
    let row = csv
        .lines()
        .find(|line| line.contains("HYPERLINK"))
        .expect("the law's row");
    assert!(
        row.contains(r#""'=HYPERLINK(""https://evil.example/"", ""x"")""#),
        "{row}"
    );
    assert!(row.contains("'@SUM(1+1)"), "{row}");
    for cell in csv::Reader::from_reader(csv.as_bytes())
        .records()
        .flat_map(|record| {
            record
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
    {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell a spreadsheet would run: {cell}"
        );
    }
    let json = read(trial.path(OUT).join("fr/legislation/legislation.json"));
    assert!(
        json.contains(r#""original_title": "=HYPERLINK("#)
            || json.contains(r#""original_title":"=HYPERLINK("#)
    );
}

#[test]
fn item_4_feeds_stay_well_formed_and_raw_html_texts_keep_a_title() {
    let trial = Trial::new();
    trial.edit(
        "content/activities/cim.yaml",
        "calendar:\n",
        "calendar:\n  - text:\n      fr: \"Réunion\\x01 du\\x1b Conseil\\x08 permanent\"\n    date: \"2026-03-02\"\n  - text:\n      fr: \"<div class=\\\"x\\\">Séance spéciale sur la migration</div>\"\n    date: \"2026-03-01\"\n",
    );
    let feed = trial.built("fr/activities/feed.xml");
    let forbidden: Vec<char> = feed
        .chars()
        .filter(|c| {
            (*c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
        })
        .collect();
    assert!(
        forbidden.is_empty(),
        "characters XML forbids: {forbidden:?}"
    );
    assert!(feed.contains("Réunion du Conseil permanent"), "{feed}");
    assert!(
        feed.contains("<title>CIM: Séance spéciale sur la migration</title>"),
        "{feed}"
    );
    assert!(feed.contains("<summary>Séance spéciale sur la migration</summary>"));
}

#[test]
fn item_5_country_codes_that_are_not_two_letters_are_refused() {
    for (code, shown) in [
        ("../../../../escape/pwned", "../../../../escape/pwned"),
        ("", ""),
    ] {
        let trial = Trial::new();
        trial.edit(
            "content/countries.yaml",
            "iso2: \"ar\"",
            &format!("iso2: \"{code}\""),
        );
        let line = line_of(
            &trial,
            "content/countries.yaml",
            &format!("iso2: \"{code}\""),
        );
        trial.refused(&[
            &format!("content/countries.yaml:{line}:"),
            &format!("iso2: \"{shown}\" is not a country code; expected two lower-case letters"),
        ]);
        assert!(!trial.path("w/x/y/escape").exists());
    }
}

#[test]
fn item_6_an_output_folder_holding_the_sources_is_refused() {
    let trial = Trial::new();
    let before = snapshot(trial.root());
    let root = trial.root().to_str().unwrap().to_owned();
    for (out, why) in [
        ("content", "it is inside the project's content/ folder"),
        (
            "themes/default",
            "it is inside the project's themes/ folder",
        ),
        ("i18n", "it is inside the project's i18n/ folder"),
        (".", "it holds the project"),
        ("..", "it holds the project"),
        (
            "w/../content/x",
            "it is inside the project's content/ folder",
        ),
        ("w", "it holds files that are not a site built by portal"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_portal"))
            .current_dir(&root)
            .args(["build", "--out", out])
            .output()
            .unwrap();
        let report = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "--out {out}: {report}");
        assert!(
            report.contains(&format!("refusing to build into {out}: {why}")),
            "{report}"
        );
    }
    let changed = differences(&before, &snapshot(trial.root()));
    assert!(changed.is_empty(), "{changed:#?}");
    let parent = trial.root().parent().unwrap();
    assert!(
        !std::fs::read_dir(parent).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".new-")),
        "a temporary folder was left in {}",
        parent.display()
    );
}

/// The folders a build in progress writes beside `out`.
fn fresh_folders(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".site.new-") || name.starts_with(".site.old-"))
        .collect()
}

#[test]
fn item_6_an_interrupted_build_removes_its_unfinished_folder() {
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let trial = Trial::new();
        let before = snapshot(&trial.path(OUT));
        let parent = trial.path(OUT).parent().unwrap().to_path_buf();
        let mut child = Command::new(env!("CARGO_BIN_EXE_portal"))
            .arg("--root")
            .arg(trial.root())
            .args(["build", "--out", trial.path(OUT).to_str().unwrap()])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while fresh_folders(&parent).is_empty() {
            assert!(Instant::now() < deadline, "the build never started writing");
            assert!(
                child.try_wait().unwrap().is_none(),
                "the build ended before it was interrupted"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        let mut report = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut report)
            .unwrap();
        assert_eq!(status.code(), Some(code), "{report}");
        assert!(report.contains("interrupted by signal"), "{report}");
        assert_eq!(fresh_folders(&parent), Vec::<String>::new());
        let changed = differences(&before, &snapshot(&trial.path(OUT)));
        assert!(changed.is_empty(), "{changed:#?}");
    }
}

/// The peak resident memory of the largest child this test process has waited for, in bytes.
fn children_peak_memory() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        assert_eq!(
            libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()),
            0
        );
        usage.assume_init()
    };
    usage.ru_maxrss as u64 * 1024
}

#[test]
fn item_7_yaml_is_bounded_in_size_alias_expansion_and_nesting() {
    let big = "x".repeat(1_000_000);
    let aliases = "*big, ".repeat(1_000);
    let bomb = format!("id: \"X\"\noriginal_title: &big \"{big}\"\ntitle: [{aliases}]\n");
    let trial = Trial::new();
    trial.write("content/legislation/ar/bomb.yaml", &bomb);
    let start = Instant::now();
    trial.refused(&[
        "content/legislation/ar/bomb.yaml:3:",
        "the YAML grows beyond 4 MiB once its aliases (`*name`) are expanded",
    ]);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    let peak = children_peak_memory();
    assert!(
        peak < 512 * 1024 * 1024,
        "a child took {} MiB",
        peak / 1024 / 1024
    );

    let trial = Trial::new();
    trial.write(
        "content/legislation/ar/huge.yaml",
        &format!("id: \"{}\"\n", "y".repeat(1_100_000)),
    );
    trial.refused(&[
        "content/legislation/ar/huge.yaml: the file is larger than 1 MiB; expected a content file of at most that size",
    ]);

    let trial = Trial::new();
    let deep = format!("id: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    trial.write("content/legislation/ar/deep.yaml", &deep);
    let start = Instant::now();
    trial.refused(&[
        "content/legislation/ar/deep.yaml:1:",
        "the YAML nests deeper than 64 levels",
    ]);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn item_8_symbolic_links_out_of_the_project_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "root:x:0:0:the editor's secret\n").unwrap();

    let trial = Trial::new();
    std::os::unix::fs::symlink(&secret, trial.path("themes/default/static/passwd.txt")).unwrap();
    let report = trial.refused(&[
        "themes/default/static/passwd.txt: a symbolic link that leads out of the project",
    ]);
    assert!(!report.contains("the editor's secret"), "{report}");

    let trial = Trial::new();
    std::os::unix::fs::symlink(&secret, trial.path("content/legislation/ar/passwd.yaml")).unwrap();
    let report = trial.refused(&[
        "content/legislation/ar/passwd.yaml: cannot read the file: a symbolic link that leads out of the project",
    ]);
    assert!(!report.contains("the editor's secret"), "{report}");

    // A link that stays inside the project is followed.
    let trial = Trial::new();
    std::os::unix::fs::symlink(
        trial.path("themes/default/js/filter.js"),
        trial.path("themes/default/static/linked.js"),
    )
    .unwrap();
    trial.built("fr/index.html");
    let published = snapshot(&trial.path(OUT))
        .into_iter()
        .find(|(path, _)| path.to_string_lossy().contains("linked"))
        .expect("the linked script is published");
    assert_eq!(
        published.1,
        std::fs::read(trial.path("themes/default/js/filter.js")).unwrap()
    );
}

/// `portal serve` on a trial's project, stopped when dropped.
struct Preview {
    child: std::process::Child,
    address: String,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn preview(trial: &Trial) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal"))
        .arg("--root")
        .arg(trial.root())
        .args(["serve", "--port", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(child.stderr.take().unwrap()));
    let address = loop {
        let line = lines
            .next()
            .expect("portal serve printed its address")
            .unwrap();
        if let Some(rest) = line.split("serving the portal at http://").nth(1) {
            break rest.split('/').next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Preview { child, address }
}

#[test]
fn item_7_a_bomb_saved_while_serving_is_reported_and_the_preview_goes_on() {
    let trial = Trial::new();
    let server = preview(&trial);
    let address = server.address.clone();
    // 12,000 aliases of 900 KB: 10 GB once expanded, in a file under the 1 MiB bound.
    let big = "x".repeat(900_000);
    let bomb = format!(
        "id: \"X\"\noriginal_title: &big \"{big}\"\ntitle: [{}]\n",
        "*big, ".repeat(12_000)
    );
    trial.write("content/legislation/ar/bomb.yaml", &bomb);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, response) = http_request(&address, "GET", &address, "/__portal/status");
        assert_eq!(status, 200, "the preview died: {response}");
        if response.contains("once its aliases") {
            assert!(
                response.contains("content/legislation/ar/bomb.yaml"),
                "{response}"
            );
            break;
        }
        assert!(Instant::now() < deadline, "no error reported: {response}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let (status, _) = http_request(&address, "GET", &address, "/fr/legislation/ar/");
    assert_eq!(status, 200);
}

#[test]
fn item_9_the_preview_answers_only_its_own_names_and_only_reads() {
    let trial = Trial::new();
    let server = preview(&trial);
    let address = server.address.clone();
    let port = address.rsplit(':').next().unwrap();
    let csp = "content-security-policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval';";

    for host in [address.clone(), format!("localhost:{port}")] {
        let (status, response) = http_request(&address, "GET", &host, "/fr/");
        assert_eq!(status, 200, "{host}: {response}");
        assert!(response.to_ascii_lowercase().contains(csp), "{response}");
        let (status, _) = http_request(&address, "HEAD", &host, "/__portal/status");
        assert_eq!(status, 200);
    }
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        "localhost:1".to_owned(),
    ] {
        for path in ["/fr/", "/__portal/status"] {
            let (status, response) = http_request(&address, "GET", &host, path);
            assert_eq!(status, 403, "{host}{path}: {response}");
            assert!(!response.contains("<html"), "{response}");
            assert!(!response.contains("\"error\""), "{response}");
        }
    }
    for method in ["POST", "DELETE", "TRACE", "PUT", "OPTIONS"] {
        let (status, response) = http_request(&address, method, &address, "/fr/");
        assert_eq!(status, 405, "{method}: {response}");
        assert!(
            response.to_ascii_lowercase().contains("allow: get, head"),
            "{response}"
        );
        assert!(response.to_ascii_lowercase().contains(csp), "{response}");
    }
}

#[test]
fn item_10_a_law_file_with_an_empty_name_is_an_error_not_a_missing_page() {
    for name in ["..yaml", "...yaml", ".ley.yaml"] {
        let trial = Trial::new();
        let law = read(trial.path(LAW)).replace("ARG-2003-L-25871", "ARG-2003-L-X");
        let file = format!("content/legislation/ar/{name}");
        trial.write(&file, &law);
        trial.refused(&[&format!(
            "{file}: unexpected file name `{file}`; expected a slug of lower-case ASCII letters, digits and `-`"
        )]);
    }
    // Editors' own files are still not content.
    let trial = Trial::new();
    trial.write("content/legislation/ar/.ley-25871.yaml.swp", "\u{0}binary");
    trial.write("content/legislation/ar/._ley-25871.yaml", "\u{0}binary");
    trial.built("fr/legislation/ar/index.html");
}

#[test]
fn item_11_a_byte_order_mark_is_not_part_of_the_first_field() {
    let trial = Trial::new();
    let law = read(trial.path(LAW));
    trial.write(LAW, &format!("\u{feff}{law}"));
    let page = trial.built("fr/legislation/ar/ley-25871/index.html");
    assert!(page.contains("Ley de Migraciones N° 25.871"));
    // An error on the first line of such a file points at the first character after the mark.
    trial.write(LAW, &format!("\u{feff}colour: red\n{law}"));
    trial.refused(&[&format!("{LAW}:1:1: unknown field `colour`")]);
}

#[test]
fn item_12_the_error_marker_lands_on_the_character_named() {
    let trial = Trial::new();
    trial.edit(
        LAW,
        "title:\n  fr: \"Loi sur les migrations n° 25.871\"\n  en: \"Migration Law No. 25.871\"\n  pt: \"Lei de Migrações n.º 25.871\"\n",
        "title: {fr: \"Loi n° 25.871 été à Québec\", xx: \"y\", en: \"Migration Law\"}\n",
    );
    // Column 43 is `x` of `xx`, counted in characters: the line has five two-byte ones before.
    let report = trial.refused(&[&format!("{LAW}:4:43: title: unknown variant `xx`")]);
    let lines: Vec<&str> = report.lines().collect();
    let shown = lines
        .iter()
        .position(|line| line.contains("title: {fr: \"Loi n° 25.871"))
        .expect("the offending line is shown");
    let text_start = lines[shown].find("title").unwrap();
    let marker = lines[shown + 1];
    let marked = marker
        .chars()
        .position(|c| !matches!(c, ' ' | '·' | '│' | '|' | ':'))
        .expect("a marker under the line");
    let under: String = lines[shown].chars().skip(marked).take(2).collect();
    assert_eq!(under, "xx", "{}\n{marker}", lines[shown]);
    assert_eq!(marked - lines[shown][..text_start].chars().count(), 42);
}

#[test]
fn item_13_an_empty_countries_file_is_one_error_naming_it() {
    let trial = Trial::new();
    trial.write("content/countries.yaml", "");
    let report = trial.refused(&[
        "content/countries.yaml:1:1: the file lists no country; expected the member states",
        "error: 1 problem(s) in the content",
    ]);
    assert!(!report.contains("does not exist"), "{report}");

    let trial = Trial::new();
    trial.write("content/countries.yaml", "- iso2: \"ar\n");
    let report = trial.refused(&[
        "content/countries.yaml:",
        "error: 1 problem(s) in the content",
    ]);
    assert!(!report.contains("missing; expected"), "{report}");
}

#[test]
fn item_13_a_file_that_is_not_a_record_is_an_unexpected_file() {
    let trial = Trial::new();
    trial.write(
        "content/legislation/ar/notes.txt",
        "Notes de travail : à vérifier.\n",
    );
    trial.refused(&[
        "content/legislation/ar/notes.txt: unexpected file name `content/legislation/ar/notes.txt`; expected a `.yaml` record",
    ]);
}

/// Every payload the loader accepts (raw HTML, scripts as text, event handlers as text, the
/// schemes in words), seeded everywhere text goes: no page, feed or sitemap of the build has an
/// event-handler attribute or a script or data URL.
#[test]
fn a_site_seeded_with_every_accepted_payload_has_no_script_urls_or_handlers() {
    let payloads = "<script>alert(1)</script> <img src=x onerror=alert(1)> \
        <a href=\"javascript:alert(1)\">x</a> <svg onload=alert(1)> \
        javascript:alert(1) vbscript:msgbox data:text/html,x \
        \"><img src=x onerror=alert(1)> ' onmouseover='alert(1)";
    let yaml = payloads.replace('\\', "\\\\").replace('"', "\\\"");
    let trial = Trial::new();
    trial.edit(
        PROGRAMME_PAGE,
        "## L'action de l'OEA",
        &format!("{payloads}\n\n<div onclick=\"alert(1)\">\n\n## L'action de l'OEA"),
    );
    trial.edit(
        PROGRAMME_PAGE,
        "title: \"Introduction\"",
        &format!("title: \"Introduction {yaml}\""),
    );
    trial.edit(LAW, "La loi 25.871", &format!("La loi {yaml} 25.871"));
    trial.edit(
        LAW,
        "title: \"Ferreyra Romea\"",
        &format!("title: \"Ferreyra {yaml}\""),
    );
    trial.edit(
        "content/activities/cim.yaml",
        "calendar:\n",
        &format!("calendar:\n  - text:\n      fr: \"{yaml}\"\n    date: \"2026-03-02\"\n"),
    );
    trial.built("fr/index.html");
    let site = trial.path(OUT);
    let mut checked = 0;
    for (path, bytes) in snapshot(&site) {
        let name = path.to_string_lossy();
        if !(name.ends_with(".html") || name.ends_with(".xml")) {
            continue;
        }
        // The theme's own favicon, an SVG image drawn by the browser, which runs no script.
        let text = String::from_utf8(bytes)
            .unwrap()
            .replace(r#"<link rel="icon" href="data:image/svg+xml,"#, "<link ");
        let found = policy::violations(&text);
        assert!(found.is_empty(), "{name}: {found:#?}");
        checked += 1;
    }
    assert!(checked > 100, "{checked} files checked");
    let page = read(site.join("fr/programme/introduction/index.html"));
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the payload is on the page, as text"
    );
}

/// The oracle of the grep above sees every form of what it must find, and nothing in text.
#[test]
fn the_policy_oracle_finds_handlers_and_script_urls_in_tags_only() {
    for html in [
        r#"<h2 id="t" onclick="alert(document.domain)">"#,
        r#"<a href="JaVa&#x09;Script&colon;alert(1)">"#,
        r#"<img alt="a>b" src=' data:text/html,x'>"#,
        r#"<a title='x' href=vbscript:msgbox>"#,
        r#"<link href="javascript&#58;x"/>"#,
        r#"<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"#,
    ] {
        assert!(!policy::violations(html).is_empty(), "{html}");
    }
    for html in [
        r#"<p>&lt;a href="javascript:alert(1)" onclick=x&gt;</p>"#,
        r#"<a href="https://www.oas.org/">x</a><a href="/fr/">"#,
        r#"<a href="mailto:a@b.org"><img src="/a.png" alt="javascript: onclick=">"#,
    ] {
        assert_eq!(policy::violations(html), Vec::<String>::new(), "{html}");
    }
}
