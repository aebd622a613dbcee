//! The editors' command-line tools: `portal new` writes records that build at once and never
//! overwrites one; `portal completions` prints scripts the shells accept.

mod support;

use support::*;

/// Each kind of record, as an editor would create it, and the French page it must produce.
const NEW_RECORDS: [(&[&str], &str, &str); 5] = [
    (
        &["law", "ar", "ley-26364"],
        "content/legislation/ar/ley-26364.yaml",
        "legislation/ar/ley-26364",
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
