//! `portal build` and `portal check` as editors and deployers meet them.

mod support;

use support::*;

#[test]
fn every_language_has_a_home_page_with_its_lang_alternates_and_switcher() {
    let site = shared_site();
    for lang in LANGS {
        let html = read(site.join(lang).join("index.html"));
        assert!(
            html.contains(&format!("<html lang=\"{lang}\">")),
            "{lang}: no <html lang>"
        );
        for other in LANGS {
            let alternate = format!(
                "<link rel=\"alternate\" hreflang=\"{other}\" href=\"https://migrants.example.org/{other}/\">"
            );
            assert!(
                html.contains(&alternate),
                "{lang}: no hreflang alternate to {other}"
            );
            if other != lang {
                let switch = format!(
                    "<a href=\"/{other}/\" hreflang=\"{other}\" lang=\"{other}\" rel=\"alternate\">"
                );
                assert!(
                    html.contains(&switch),
                    "{lang}: the switcher does not link /{other}/"
                );
            }
        }
        assert!(html.contains("hreflang=\"x-default\" href=\"https://migrants.example.org/fr/\""));
    }
}

#[test]
fn the_switcher_lands_on_the_same_page_in_the_other_language() {
    let html = read(shared_site().join("en/legislation/ar/ley-25871/index.html"));
    for other in ["fr", "es", "pt"] {
        let link = format!("<a href=\"/{other}/legislation/ar/ley-25871/\" hreflang=\"{other}\"");
        assert!(html.contains(&link), "no switcher link to {other}");
    }
}

#[test]
fn the_root_offers_the_four_languages_and_the_extras_exist() {
    let site = shared_site();
    let root = read(site.join("index.html"));
    for (lang, name) in [
        ("fr", "Français"),
        ("en", "English"),
        ("es", "Español"),
        ("pt", "Português"),
    ] {
        assert!(
            root.contains(&format!("<a href=\"/{lang}/\" hreflang=\"{lang}\">")),
            "{lang}"
        );
        assert!(root.contains(name));
    }
    let sitemap = read(site.join("sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://migrants.example.org/pt/legislation/br/lei-13445/</loc>")
    );
    assert!(sitemap.contains(
        "hreflang=\"es\" href=\"https://migrants.example.org/es/legislation/br/lei-13445/\""
    ));
    assert!(
        read(site.join("robots.txt")).contains("Sitemap: https://migrants.example.org/sitemap.xml")
    );
    for lang in LANGS {
        let page = read(site.join(lang).join("404.html"));
        assert!(page.contains(&format!("<html lang=\"{lang}\">")));
    }
    assert!(site.join("404.html").is_file());
}

#[test]
fn the_stylesheet_is_bundled_minified_and_fingerprinted() {
    let site = shared_site();
    let html = read(site.join("fr/index.html"));
    let start = html.find("href=\"/assets/style.").expect("stylesheet link") + 7;
    let href = &html[start..start + html[start..].find('"').unwrap()];
    let css = read(site.join(href.trim_start_matches('/')));
    assert!(css.contains(".skip-link"), "the bundle lacks layout.css");
    assert!(css.contains("@media print"), "the bundle lacks print.css");
    assert!(!css.contains("\n  "), "not minified");
}

#[test]
fn a_yaml_error_names_the_file_and_line_and_keeps_the_previous_site() {
    let project = project_copy();
    let out = project.path().join("site");
    build(project.path(), &out, &[]);
    let before = read(out.join("es/legislation/ar/index.html"));

    let law = project.path().join("content/legislation/ar/ley-25871.yaml");
    let text = read(&law);
    let broken = text.replacen("\nnumber:", "\n   number:", 1);
    assert_ne!(text, broken, "the fixture changed: no `number:` line");
    std::fs::write(&law, broken).unwrap();

    let output = portal(project.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(!output.status.success());
    let message = stderr(&output);
    let line = text.lines().position(|l| l.starts_with("number:")).unwrap() + 1;
    assert!(
        message.contains(&format!("content/legislation/ar/ley-25871.yaml:{line}:")),
        "{message}"
    );
    assert!(
        message.contains("previous output was left as it was"),
        "{message}"
    );
    assert_eq!(read(out.join("es/legislation/ar/index.html")), before);
}

#[test]
fn every_content_error_of_a_build_is_reported_together() {
    let project = project_copy();
    let root = project.path();
    let edit = |path: &str, from: &str, to: &str| {
        let file = root.join(path);
        let text = read(&file);
        assert!(text.contains(from), "{path} has no `{from}`");
        std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "content/summits/quebec-2001.yaml",
        "country: ca",
        "country: xx",
    );
    edit(
        "content/resolutions/ag-res-2141-xxxv-o-05.yaml",
        "quebec-2001",
        "atlantis-2001",
    );
    edit(
        "content/legislation/br/lei-13445.yaml",
        "2017-05-24",
        "2017-02-30",
    );
    let uy = read(root.join("content/legislation/uy/ley-18250.yaml"));
    let id_line = uy
        .lines()
        .find(|l| l.starts_with("id:"))
        .unwrap()
        .to_owned();
    edit(
        "content/legislation/py/ley-6984.yaml",
        "id: ",
        &format!("{id_line}\nformer_id: "),
    );
    std::fs::create_dir_all(root.join("content/legislation/zz")).unwrap();
    std::fs::copy(
        root.join("content/legislation/uy/ley-18250.yaml"),
        root.join("content/legislation/zz/copy.yaml"),
    )
    .unwrap();
    std::fs::write(
        root.join("content/home/index.de.md"),
        "---\ntitle: x\nupdated: \"2026-01-01\"\n---\n",
    )
    .unwrap();

    let output = portal(
        root,
        &["build", "--out", root.join("site").to_str().unwrap()],
    );
    assert!(!output.status.success());
    let message = stderr(&output);
    for expected in [
        "content/summits/quebec-2001.yaml:",
        "country `xx` does not exist",
        "content/resolutions/ag-res-2141-xxxv-o-05.yaml:",
        "Summit `atlantis-2001` does not exist",
        "content/legislation/br/lei-13445.yaml:",
        "that day does not exist in that month",
        "unknown field `former_id`",
        "country folder `zz` does not exist",
        "duplicate id",
        "content/home/index.de.md",
        "a language code of fr, en, es or pt",
    ] {
        assert!(
            message.contains(expected),
            "missing `{expected}` in:\n{message}"
        );
    }
    assert!(
        !root.join("site").exists(),
        "a failed first build must not leave an output"
    );
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let project = project_copy();
    let template = project.path().join("themes/default/templates/law.html");
    let text = read(&template);
    std::fs::write(
        &template,
        text.replacen("{{ law.law_type }}", "{{ law.law_type | nosuchfilter }}", 1),
    )
    .unwrap();
    let output = portal(
        project.path(),
        &[
            "build",
            "--out",
            project.path().join("site").to_str().unwrap(),
        ],
    );
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("themes/default/templates/law.html:"),
        "{message}"
    );
    assert!(message.contains("nosuchfilter"), "{message}");
}

#[test]
fn check_passes_on_the_bundled_content_with_full_coverage() {
    let output = portal(&repo(), &["check"]);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}\n{}", stderr(&output));
    let total = text
        .lines()
        .find(|l| l.starts_with("total"))
        .expect("a total row");
    assert_eq!(total.matches("100%").count(), 3, "{total}");
    assert!(text.contains("links: all internal links and assets resolve"));
    let content = portal_model::load(&repo()).unwrap().0;
    let unofficial: Vec<_> = content
        .laws
        .iter()
        .filter(|law| !law.sources.iter().any(|s| s.official))
        .collect();
    assert!(
        text.contains(&format!(
            "records resting only on unofficial sources (verify these first): {} of {}",
            unofficial.len(),
            content.laws.len()
        )),
        "{text}"
    );
    for law in unofficial {
        assert!(
            text.contains(&format!(
                "unofficial sources only: content/legislation/{}.yaml",
                law.key()
            )),
            "{}",
            law.key()
        );
    }
    for law in content
        .laws
        .iter()
        .filter(|law| law.sources.iter().any(|s| s.official))
    {
        assert!(!text.contains(&format!("content/legislation/{}.yaml", law.key())));
    }
}

/// The JSON open data matches the JSON Schemas shipped in the repository (and published
/// beside it), and the datapackage describes every file of the folder with its fields.
#[test]
fn the_open_data_validates_against_its_schemas_and_the_datapackage_describes_it() {
    let site = tempfile::tempdir().unwrap();
    build(&repo(), &site.path().join("site"), &[]);
    let folder = site.path().join("site/en/legislation");
    let schemas = repo().join("crates/portal-render/schemas");
    let json = |path: &std::path::Path| -> serde_json::Value {
        serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    for name in ["legislation", "treaties", "compare"] {
        let schema = json(&schemas.join(format!("{name}.schema.json")));
        assert_eq!(
            read(folder.join(format!("{name}.schema.json"))),
            read(schemas.join(format!("{name}.schema.json"))),
            "the published schema is the repository's"
        );
        let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
        let data = json(&folder.join(format!("{name}.json")));
        let problems: Vec<String> = validator
            .iter_errors(&data)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(problems.is_empty(), "{name}.json: {problems:#?}");
        // The schema is strict enough to fail: a date of the wrong shape or an unknown field.
        let mut broken = data.clone();
        if let Some(first) = broken.as_array_mut().and_then(|rows| rows.first_mut()) {
            first["unexpected"] = "x".into();
            assert!(
                !validator.is_valid(&broken),
                "{name}: an unknown field passes"
            );
        }
    }
    let mut law = json(&folder.join("legislation.json"))[0].clone();
    let schema = json(&schemas.join("legislation.schema.json"));
    let validator = jsonschema::validator_for(&schema).unwrap();
    law["verified"] = "1 December 2026".into();
    assert!(
        !validator.is_valid(&serde_json::json!([law])),
        "a date that is not ISO passes"
    );

    let package = json(&folder.join("datapackage.json"));
    // No source names the data's licence, so the package declares none and says so.
    assert!(package.get("licenses").is_none(), "a licence nobody chose");
    assert!(
        package["description"]
            .as_str()
            .is_some_and(|d| d.contains("No license has been declared")),
        "{}",
        package["description"]
    );
    assert!(package["version"].is_string() && package["created"].is_string());
    let resources = package["resources"].as_array().unwrap();
    for resource in resources {
        let path = resource["path"].as_str().unwrap();
        assert!(
            folder.join(path).is_file(),
            "{path} is described but not published"
        );
        let fields: Vec<&str> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert!(
            resource["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["type"].is_string())
        );
        if path.ends_with(".csv") {
            let text = read(folder.join(path));
            let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
            assert_eq!(
                header, fields,
                "{path}: its header is not its described fields"
            );
        } else {
            let data = json(&folder.join(path));
            if let Some(first) = data.as_array().and_then(|rows| rows.first()) {
                let keys: Vec<&str> = first
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(String::as_str)
                    .collect();
                let mut described = fields.clone();
                described.sort_unstable();
                let mut keys = keys;
                keys.sort_unstable();
                assert_eq!(
                    keys, described,
                    "{path}: its fields are not its described fields"
                );
            }
        }
    }
    for file in [
        "legislation.json",
        "legislation.csv",
        "treaties.json",
        "treaties.csv",
        "compare.json",
        "compare.csv",
    ] {
        assert!(
            resources.iter().any(|r| r["path"] == file),
            "{file} is not in the datapackage"
        );
    }
}

#[test]
fn check_names_the_page_and_link_of_a_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    let page = out.join("en/summits/index.html");
    let html = read(&page).replacen(
        "</main>",
        "<a href=\"/en/summits/atlantis-2001/\">x</a></main>",
        1,
    );
    std::fs::write(&page, html).unwrap();
    let output = portal(&repo(), &["check", "--site", out.to_str().unwrap()]);
    assert!(!output.status.success());
    let text = stdout(&output);
    assert!(
        text.contains("broken link in en/summits/index.html: /en/summits/atlantis-2001/"),
        "{text}"
    );
}

#[test]
fn a_missing_translation_falls_back_to_french_with_a_notice() {
    let project = project_copy();
    std::fs::remove_file(
        project
            .path()
            .join("content/programme/approval/index.pt.md"),
    )
    .unwrap();
    let out = project.path().join("site");
    build(project.path(), &out, &[]);
    let html = read(out.join("pt/programme/approval/index.html"));
    assert!(html.contains("<html lang=\"pt\">"));
    assert!(
        html.contains("Este texto ainda não está disponível em português"),
        "no notice"
    );
    assert!(
        html.contains("<div class=\"prose\" lang=\"fr\">"),
        "the French text is not marked lang=fr"
    );
    let check = portal(project.path(), &["check"]);
    let text = stdout(&check);
    assert!(
        text.contains("missing translation (pt): content/programme/approval/index.pt.md"),
        "{text}"
    );
}

#[test]
fn a_sub_path_deployment_links_everything_below_the_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(
        &repo(),
        &out,
        &["--base-url", "https://example.org/portal/"],
    );
    let html = read(out.join("es/legislation/index.html"));
    assert!(html.contains("href=\"/portal/es/legislation/ar/\""));
    assert!(html.contains("href=\"/portal/assets/style."));
    assert!(!html.contains("href=\"/es/"), "a link escapes the sub-path");
    let output = portal(
        &repo(),
        &[
            "check",
            "--site",
            out.to_str().unwrap(),
            "--base-url",
            "https://example.org/portal/",
        ],
    );
    assert!(output.status.success(), "{}", stdout(&output));
}

#[test]
fn builds_are_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    build(&repo(), &dir.path().join("a"), &[]);
    build(&repo(), &dir.path().join("b"), &[]);
    for page in [
        "fr/index.html",
        "pt/legislation/br/lei-13445/index.html",
        "sitemap.xml",
        "en/activities/feed.xml",
        "es/legislation/legislation.csv",
        "es/legislation/datapackage.json",
        "fr/legislation/compare/index.html",
    ] {
        assert_eq!(
            read(dir.path().join("a").join(page)),
            read(dir.path().join("b").join(page)),
            "{page}"
        );
    }
}

#[test]
fn each_language_has_an_atom_feed_of_dated_activities() {
    for lang in LANGS {
        let feed = read(shared_site().join(lang).join("activities/feed.xml"));
        assert!(feed.contains(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">"
        )));
        assert!(
            feed.matches("<entry>").count() > 20,
            "{lang}: too few entries"
        );
        assert!(
            feed.contains("<updated>2006-"),
            "{lang}: entries carry their own dates"
        );
        let home = read(shared_site().join(lang).join("index.html"));
        assert!(home.contains(&format!(
            "type=\"application/atom+xml\" href=\"/{lang}/activities/feed.xml\""
        )));
    }
}

/// The scale benchmark and the large-site browser test build `benches/corpus.py`'s corpus: it
/// must stay valid content as the model's rules grow (an id rule once broke it unnoticed).
#[test]
fn the_benchmark_corpus_builds_and_its_synthetic_laws_are_published() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("corpus");
    let generated = std::process::Command::new("python3")
        .arg(repo().join("benches/corpus.py"))
        .args(["--laws", "70", "--out"])
        .arg(&project)
        .output()
        .expect("python3 runs benches/corpus.py");
    assert!(
        generated.status.success(),
        "corpus.py failed:\n{}",
        stderr(&generated)
    );
    let out = dir.path().join("site");
    build(&project, &out, &[]);
    let law = read(out.join("es/legislation/ar/synthetic-00002/index.html"));
    assert!(
        law.contains("ARG-1968-D-SYN00002"),
        "the synthetic law page shows no id"
    );
}
