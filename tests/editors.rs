//! The editors' command-line tools: `portal new` writes records that build at once and never
//! overwrites one; `portal completions` prints scripts the shells accept.

mod support;

use support::*;

/// Each kind of record, as an editor would create it, and the French page it must produce.
const NEW_RECORDS: [(&[&str], &str, &str); 5] = [
    (
        &["law", "ar", "ley-de-prueba"],
        "content/legislation/ar/ley-de-prueba.yaml",
        "legislation/ar/ley-de-prueba",
    ),
    (
        &["summit", "cumbre-de-prueba", "pa"],
        "content/summits/cumbre-de-prueba.yaml",
        "summits/cumbre-de-prueba",
    ),
    (
        &["resolution", "ag-res-9999-test"],
        "content/resolutions/ag-res-9999-test.yaml",
        "resolutions/ag-res-9999-test",
    ),
    (
        &["organ", "test-organ"],
        "content/activities/test-organ.yaml",
        "activities/test-organ",
    ),
    (
        &["event", "test-meeting-2026"],
        "content/events/test-meeting-2026/event.yaml",
        "events/test-meeting-2026",
    ),
];

#[test]
fn every_new_record_builds_at_once_in_every_language() {
    let project = project_copy();
    for (args, file, _) in NEW_RECORDS {
        let mut command = vec!["new"];
        command.extend_from_slice(args);
        let output = portal(project.path(), &command);
        assert!(
            output.status.success(),
            "portal new {args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output).trim(), format!("wrote {file}"));
        let text = read(project.path().join(file));
        assert!(
            text.contains("\n# "),
            "{file} explains its fields in comments"
        );
    }
    let site = project.path().join("site");
    build(project.path(), &site, &[]);
    for (_, _, page) in NEW_RECORDS {
        for lang in LANGS {
            let html = site.join(format!("{lang}/{page}/index.html"));
            assert!(html.is_file(), "{} is missing", html.display());
        }
    }
    let law = read(project.path().join(NEW_RECORDS[0].1));
    assert!(
        !law.contains("\nid:"),
        "no identifier until the year is confirmed"
    );
    assert!(law.contains("status: \"to-be-verified\""));
}

#[test]
fn new_never_overwrites_and_names_what_it_expects() {
    let project = project_copy();
    let existing = "content/legislation/uy/ley-18250.yaml";
    let before = read(project.path().join(existing));
    let output = portal(project.path(), &["new", "law", "uy", "ley-18250"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains(&format!("{existing} exists already")),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(project.path().join(existing)), before);

    let output = portal(project.path(), &["new", "law", "zz", "ley-1"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("`zz` is not a member state") && message.contains("ar, "),
        "{message}"
    );
    assert!(!project.path().join("content/legislation/zz").exists());

    for slug in ["../escape", "Ley_1", "", "a--b"] {
        let output = portal(project.path(), &["new", "event", slug]);
        assert!(!output.status.success(), "{slug:?} was accepted");
        assert!(
            stderr(&output).contains("lower-case letters, digits and single hyphens"),
            "{}",
            stderr(&output)
        );
    }
    assert!(!project.path().join("content/escape").exists());
}

#[test]
fn completion_scripts_are_valid_for_their_shells() {
    let output = portal(&repo(), &["completions", "bash"]);
    assert!(output.status.success());
    let script = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(script.path(), &output.stdout).unwrap();
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(script.path())
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    let bash = stdout(&output);
    for word in ["build", "check", "serve", "search", "new", "--external"] {
        assert!(bash.contains(word), "bash completion lacks {word}");
    }
    for (shell, marker) in [("zsh", "#compdef portal"), ("fish", "complete -c portal")] {
        let output = portal(&repo(), &["completions", shell]);
        assert!(output.status.success());
        assert!(
            stdout(&output).contains(marker),
            "{shell}: {}",
            stdout(&output)
        );
    }
}

/// The schema a content file is checked against, by its path (an independent spelling of the
/// content layout, so that a schema mapped to the wrong files fails here).
fn schema_for(path: &str) -> Option<&'static str> {
    let parts: Vec<&str> = path.split('/').collect();
    Some(match parts.as_slice() {
        ["content", "site.yaml"] => "site",
        ["content", "countries.yaml"] => "countries",
        ["content", "treaties.yaml"] => "treaties",
        ["content", "legislation", _, name] if name.ends_with(".yaml") => "law",
        ["content", "summits", name] if name.ends_with(".yaml") => "summit",
        ["content", "resolutions", name] if name.ends_with(".yaml") => "resolution",
        ["content", "activities", name] if name.ends_with(".yaml") => "organ",
        ["content", "events", _, "event.yaml"] => "event",
        _ => return None,
    })
}

fn content_files(dir: &std::path::Path, root: &std::path::Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            content_files(&path, root, found);
        } else {
            found.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_owned(),
            );
        }
    }
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&read(repo().join(format!("schemas/{name}.schema.json")))).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

fn as_json(yaml: &str) -> serde_json::Value {
    serde_yaml::from_str(yaml.trim_start_matches('\u{feff}'))
        .unwrap_or_else(|e| panic!("{e}:\n{yaml}"))
}

#[test]
fn the_committed_schemas_are_those_the_types_give() {
    let out = tempfile::tempdir().unwrap();
    let output = portal(&repo(), &["schema", "--out", out.path().to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut written: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    let mut committed: Vec<String> = std::fs::read_dir(repo().join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    committed.sort();
    assert_eq!(
        written, committed,
        "run `portal schema` and commit schemas/"
    );
    for name in &written {
        assert_eq!(
            read(out.path().join(name)),
            read(repo().join("schemas").join(name)),
            "schemas/{name} is stale: run `portal schema` and commit it"
        );
    }
    let settings: serde_json::Value =
        serde_json::from_str(&read(repo().join(".vscode/settings.json"))).unwrap();
    let mapped = settings["yaml.schemas"].as_object().unwrap();
    for name in written.iter().filter(|n| *n != "front-matter.schema.json") {
        let key = format!("./schemas/{name}");
        let glob = mapped.get(&key).and_then(|g| g.as_str());
        assert!(
            glob.is_some_and(|g| g.starts_with("content/")),
            "{key} is not mapped"
        );
    }
}

#[test]
fn every_content_file_is_valid_against_its_schema() {
    let root = repo();
    let mut files = Vec::new();
    content_files(&root.join("content"), &root, &mut files);
    let mut checked = 0;
    let mut problems = Vec::new();
    for file in &files {
        let text = read(root.join(file));
        let (schema, document) = match schema_for(file) {
            Some(schema) => (schema, as_json(&text)),
            None if file.ends_with(".md") && !file.starts_with("content/events/") => {
                let matter = text
                    .trim_start_matches('\u{feff}')
                    .strip_prefix("---\n")
                    .unwrap();
                (
                    "front-matter",
                    as_json(&matter[..matter.find("\n---").unwrap()]),
                )
            }
            None => continue,
        };
        checked += 1;
        for error in validator(schema).iter_errors(&document) {
            problems.push(format!("{file}: {} at {}", error, error.instance_path));
        }
    }
    assert!(checked > 200, "only {checked} files checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_broken_law_is_refused_by_the_schema_and_by_the_build_at_the_same_field() {
    let law = "content/legislation/uy/ley-18250.yaml";
    let original = read(repo().join(law));
    let line_of = |text: &str, key: &str| {
        text.lines()
            .position(|line| line.starts_with(&format!("{key}:")))
            .map(|index| index + 1)
            .unwrap()
    };
    // A misspelt field, a list where a text is expected, a value outside the enumeration.
    let cases = [
        (
            "confidence",
            original.replace("\nconfidence:", "\nconfidense:"),
            "confidense",
        ),
        (
            "original_title",
            {
                let at = line_of(&original, "original_title");
                let mut lines: Vec<String> = original.lines().map(str::to_owned).collect();
                lines[at - 1] = "original_title: [\"Ley 18.250\"]".into();
                lines.join("\n") + "\n"
            },
            "original_title",
        ),
        (
            "confidence",
            {
                let at = line_of(&original, "confidence");
                let mut lines: Vec<String> = original.lines().map(str::to_owned).collect();
                lines[at - 1] = "confidence: \"certain\"".into();
                lines.join("\n") + "\n"
            },
            "confidence",
        ),
    ];
    let schema = validator("law");
    for (field, broken, key) in cases {
        let errors: Vec<String> = schema
            .iter_errors(&as_json(&broken))
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(
            errors.iter().any(|e| e.contains(key)),
            "the schema does not name `{key}`: {errors:?}"
        );
        let project = project_copy();
        std::fs::write(project.path().join(law), &broken).unwrap();
        let output = portal(
            project.path(),
            &[
                "build",
                "--out",
                project.path().join("site").to_str().unwrap(),
            ],
        );
        assert!(!output.status.success(), "{field}: the build accepts it");
        let line = line_of(&broken, key);
        let message = stderr(&output);
        assert!(
            message.contains(&format!("{law}:{line}:")),
            "the build does not point at `{key}` (line {line}):\n{message}"
        );
    }
}
