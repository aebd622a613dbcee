//! Content and command-line errors as editors read them: the field named as the file spells
//! it, the line of the very item to fix, and what was expected in the content model's words.

mod support;

use support::*;

/// The 1-based number of the line on which `marker` starts in `text`.
fn line_of(text: &str, marker: &str) -> usize {
    let at = text.find(marker).unwrap_or_else(|| panic!("no `{marker}`"));
    text[..at].matches('\n').count() + 1
}

/// Removes the first occurrence of `from` in a file of the project copy.
fn remove(root: &std::path::Path, path: &str, from: &str) {
    let file = root.join(path);
    let text = read(&file);
    assert!(text.contains(from), "{path} has no `{from}`");
    std::fs::write(&file, text.replacen(from, "", 1)).unwrap();
}

fn refused(root: &std::path::Path, args: &[&str]) -> String {
    let output = portal(root, args);
    let report = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    report
}

#[test]
fn check_names_a_planned_activity_and_an_event_place_and_points_at_their_lines() {
    let project = project_copy();
    let root = project.path();
    let organ = "content/activities/iachr.yaml";
    let text = read(root.join(organ));
    // The French text of the second planned activity.
    let item = text
        .find("  - text:\n      fr: >-\n        Désignation d'un spécialiste")
        .expect("the planned activity");
    let line = text[..item].matches('\n').count() + 1;
    let french = item + "  - text:\n".len();
    let english = french + text[french..].find("      en: >-").unwrap();
    std::fs::write(
        root.join(organ),
        format!("{}{}", &text[..french], &text[english..]),
    )
    .unwrap();
    let event = "content/events/fifteenth-iacml-2007/event.yaml";
    let place_line = line_of(&read(root.join(event)), "place:\n  fr: Trinité-et-Tobago\n");
    remove(root, event, "  fr: Trinité-et-Tobago\n");

    let report = refused(root, &["check"]);
    for expected in [
        format!("{organ}:{line}:5: `planned.text` has no `fr` text"),
        format!("{event}:{place_line}:1: `place` has no `fr` text"),
    ] {
        assert!(report.contains(&expected), "no `{expected}` in:\n{report}");
    }
    assert!(!report.contains("`done.text`"), "{report}");
    assert!(!report.contains("`organizers`"), "{report}");
}

#[test]
fn a_missing_file_is_reported_as_missing_not_as_unreadable() {
    let project = project_copy();
    let root = project.path();
    std::fs::remove_file(root.join("content/countries.yaml")).unwrap();
    let report = refused(
        root,
        &["build", "--out", root.join("site").to_str().unwrap()],
    );
    let expected =
        "content/countries.yaml: the file is missing; expected the list of member states";
    assert!(report.contains(expected), "no `{expected}` in:\n{report}");
    assert!(!report.contains("cannot read the file"), "{report}");
}

#[test]
fn a_base_url_without_an_http_scheme_is_refused() {
    let project = project_copy();
    let root = project.path();
    let out = root.join("site");
    for base_url in ["example.org/sub", "ftp://example.org/"] {
        for command in [
            vec![
                "build",
                "--out",
                out.to_str().unwrap(),
                "--base-url",
                base_url,
            ],
            vec!["check", "--base-url", base_url],
        ] {
            let output = portal(root, &command);
            let report = stderr(&output);
            assert!(!output.status.success(), "{command:?} accepted {base_url}");
            assert!(
                report.contains("not a web address")
                    && report.contains("expected an absolute http:// or https:// address"),
                "{command:?}: {report}"
            );
        }
    }
    assert!(!out.exists(), "a refused base URL must not build a site");

    let site = read(root.join("content/site.yaml"));
    let line = line_of(&site, "base_url:");
    std::fs::write(
        root.join("content/site.yaml"),
        site.replace(
            "base_url: \"https://migrants.example.org/\"",
            "base_url: \"migrants.example.org/\"",
        ),
    )
    .unwrap();
    let report = refused(root, &["build", "--out", out.to_str().unwrap()]);
    let expected = format!("content/site.yaml:{line}:1: `base_url` is not a web address");
    assert!(report.contains(&expected), "no `{expected}` in:\n{report}");
}

#[test]
fn a_field_of_the_wrong_shape_says_what_it_expects_in_the_model_s_words() {
    let project = project_copy();
    let root = project.path();
    let law = "content/legislation/br/lei-13445.yaml";
    let text = read(root.join(law));
    let dates = "dates:\n  promulgated: \"2017-05-24\"\n  published: \"2017-05-25\"\n";
    let line = line_of(&text, dates);
    std::fs::write(
        root.join(law),
        text.replace(dates, "dates:\n  - \"2017-05-24\"\n"),
    )
    .unwrap();
    let report = refused(root, &["check"]);
    let expected = format!(
        "{law}:{}:3: `dates` expects a group of keys (any of `adopted`, `in_force`, \
         `promulgated`, `published`); found a list",
        line + 1
    );
    assert!(report.contains(&expected), "no `{expected}` in:\n{report}");
    assert!(!report.contains("struct LawDates"), "{report}");
}
