//! The editors' page of the preview (`/__portal/`): what needs attention in the content, with
//! the page to look at and the file to edit, recomputed from the last saved content on every
//! request so that it follows each save.

use std::path::Path;

use portal_model::{Concern, Content, PartialDate, Warning};
use portal_render::Input;
use serde::Serialize;

/// The groups of record concerns, in the order the page lists them.
const GROUPS: [(&str, &str, &str, Option<&str>); 4] = [
    (
        "status",
        "Status not confirmed",
        "No source cited by the record says whether the law is in force; the page says \"status not confirmed\".",
        None,
    ),
    (
        "dates",
        "Dates or titles not confirmed",
        "No source confirms the law's dates, or the resolution's title; the page says it is to be verified.",
        Some("What is missing"),
    ),
    (
        "unofficial",
        "Resting only on unofficial sources",
        "Every source is a mirror, a copy or a secondary source: check these against a gazette or an official portal first.",
        None,
    ),
    (
        "verified",
        "Not verified for more than a year",
        "The facts were last checked against the listed sources more than a year ago.",
        Some("Last verified"),
    ),
];

#[derive(Serialize)]
struct Group {
    id: &'static str,
    title: &'static str,
    why: &'static str,
    detail: Option<&'static str>,
    items: Vec<Item>,
}

#[derive(Serialize)]
struct Item {
    record: String,
    file: String,
    page: Option<String>,
    detail: String,
}

#[derive(Serialize)]
struct Gap {
    lang: &'static str,
    file: String,
    field: String,
    page: Option<String>,
}

#[derive(Serialize)]
struct Problem {
    place: String,
    message: String,
}

/// The page's link to a file's own page in `lang`, under the preview's base path.
fn page_of(file: &Path, lang: portal_model::Lang, base_path: &str) -> Option<String> {
    Input::of_file(file)?
        .page()
        .map(|route| format!("{base_path}{}", route.path(lang)))
}

/// The editors' page: what needs attention in `content` on `today`, the build's warnings, and
/// the current error report (the preview's JSON) when the last edit is broken.
pub fn page(
    content: &Content,
    warnings: &[Warning],
    error_report: Option<&str>,
    base_path: &str,
    live_script: &str,
    today: PartialDate,
) -> String {
    let attention = portal_model::attention(content, today);
    let source = content.source_lang();
    let mut groups: Vec<Group> = GROUPS
        .iter()
        .map(|&(id, title, why, detail)| Group {
            id,
            title,
            why,
            detail,
            items: Vec::new(),
        })
        .collect();
    for concern in &attention.records {
        let (group, detail) = match &concern.concern {
            Concern::StatusNotConfirmed => (0, String::new()),
            Concern::DatesNotConfirmed => (1, "dates".to_owned()),
            Concern::TitleNotConfirmed => (1, "title".to_owned()),
            Concern::OnlyUnofficialSources => (2, String::new()),
            Concern::NotVerifiedSince(date) => (3, date.to_string()),
        };
        groups[group].items.push(Item {
            record: concern.record.clone(),
            file: concern.file.display().to_string(),
            page: page_of(&concern.file, source, base_path),
            detail,
        });
    }
    let gaps: Vec<Gap> = attention
        .gaps
        .iter()
        .map(|gap| Gap {
            lang: gap.lang.code(),
            file: gap.file.display().to_string(),
            field: gap.field.clone(),
            page: page_of(&gap.file, gap.lang, base_path),
        })
        .collect();
    let errors: Vec<Problem> = error_report
        .and_then(|report| serde_json::from_str::<serde_json::Value>(report).ok())
        .and_then(|report| report.get("errors").and_then(|e| e.as_array()).cloned())
        .unwrap_or_default()
        .iter()
        .map(|error| {
            let field = |name: &str| {
                error.get(name).map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
            };
            let place = match (field("file"), field("line"), field("column")) {
                (Some(file), Some(line), Some(column)) if line != "null" => {
                    format!("{file}:{line}:{column}")
                }
                (Some(file), _, _) => file,
                _ => "build".to_owned(),
            };
            Problem {
                place,
                message: field("message").unwrap_or_default(),
            }
        })
        .collect();
    let warnings: Vec<serde_json::Value> = warnings
        .iter()
        .map(|w| serde_json::json!({"file": w.file.display().to_string(), "message": w.message}))
        .collect();
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template("editors.html", include_str!("editors.html"))
        .expect("the editors' template parses");
    env.get_template("editors.html")
        .and_then(|template| {
            template.render(minijinja::context! {
                errors, warnings, concerns => groups, gaps, live_script,
            })
        })
        .expect("the editors' template renders")
}
