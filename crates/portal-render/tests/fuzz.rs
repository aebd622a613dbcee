//! Fuzzing of content loading and Markdown rendering with generated hostile input, bounded so
//! that it runs in every `cargo test` (`PORTAL_FUZZ_CASES` raises the number of cases, e.g. for
//! a longer run by hand). For every input: no panic; memory and time per input within bounds;
//! and no emitted tag carries an event handler, an inline style or a link or resource address
//! outside the URL policy, whether or not loading would have refused the text.
//!
//! Inputs mix the forms of every payload of issue 12 (links, autolinks, reference links,
//! images in any case and with entities or control characters in the scheme, heading
//! attributes, raw HTML) with Markdown structure, arbitrary text, and YAML built to be hostile
//! (deep nesting, billion-laughs aliases).

#[path = "../../../tests/support/policy.rs"]
mod policy;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::{Duration, Instant};

use portal_model::{Lang, SourceFile, parse_file};
use portal_render::{Markdown, Urls, plain_text};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

/// Counts the bytes each thread holds, and the most it held: a case's peak is what parsing and
/// rendering that one input took.
struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn track(grown: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get().saturating_add_signed(grown);
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every call is passed on to the system allocator unchanged; only counters move.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            track(layout.size() as isize);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        track(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let grown = unsafe { System.realloc(pointer, layout, size) };
        if !grown.is_null() {
            track(size as isize - layout.size() as isize);
        }
        grown
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `work`, failing if it takes more than `budget` bytes beyond what the thread held.
fn within_memory<T>(budget: usize, work: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let before = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let result = work();
    let used = PEAK.with(Cell::get) - before;
    match used <= budget {
        true => Ok(result),
        false => Err(TestCaseError::fail(format!(
            "took {used} bytes, more than {budget}"
        ))),
    }
}

const SCHEMES: &[&str] = &[
    "javascript:",
    "JaVaScRiPt:",
    "vbscript:",
    "VBSCRIPT:",
    "data:",
    "data:text/html;base64,",
    "file:",
    "java\tscript:",
    "java&#x09;script:",
    "&#106;avascript:",
    "javascript&#58;",
    "javascript&colon;",
    " javascript:",
    "\u{1}javascript:",
    "jav\u{0}ascript:",
    "http:",
    "https://",
    "mailto:",
    "",
    "//",
    "@/",
    "#",
];

const TARGETS: &[&str] = &[
    "alert(document.domain)",
    "alert(1)//",
    "x",
    "evil.example/",
    "%0aalert(1)",
    "msgbox(1)",
    "<script>alert(1)</script>",
];

fn url() -> impl Strategy<Value = String> {
    (prop::sample::select(SCHEMES), prop::sample::select(TARGETS))
        .prop_map(|(scheme, target)| format!("{scheme}{target}"))
}

/// One piece of hostile or structural Markdown.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        url().prop_map(|u| format!("[link]({u})")),
        url().prop_map(|u| format!("[link](<{u}> \"title\")")),
        url().prop_map(|u| format!("<{u}>")),
        url().prop_map(|u| format!("![image]({u})")),
        url().prop_map(|u| format!("[ref][r]\n\n[r]: {u}\n")),
        url().prop_map(|u| format!("![ref][i]\n\n[i]: <{u}>\n")),
        (
            "[a-z]{1,6}",
            prop::sample::select(&["onclick", "onmouseover", "style", "href", "src", "x"][..]),
            "[a-z()=;:.]{0,12}",
        )
            .prop_map(|(id, name, value)| format!("\n## Title {{#{id} .wide {name}={value}}}\n")),
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("<div onclick=\"alert(1)\">\n\ntext\n\n</div>".to_owned()),
        Just("<a href=\"javascript:alert(1)\">x</a>".to_owned()),
        Just("<svg/onload=alert(1)>".to_owned()),
        Just("\"><script>alert(1)</script>".to_owned()),
        Just("| a | b |\n|---|---|\n| [x](javascript:x) | 2 |\n".to_owned()),
        Just("Text[^1].\n\n[^1]: Note with [a link](vbscript:x).\n".to_owned()),
        Just("*emphasis* **strong** `code` ~~struck~~".to_owned()),
        Just("> quote\n> [x](data:x)\n".to_owned()),
        Just("1. item\n   - [x](JAVASCRIPT:x)\n".to_owned()),
        Just("```\n[x](javascript:x)\n```\n".to_owned()),
        Just("\\[x\\](javascript:x) \\<javascript:x\\>".to_owned()),
        Just("[[[[[[[[((((((((".to_owned()),
        "\\PC{0,40}",
        "[\\[\\]()<>!#{}:&;\\\\ \n\ta-z]{0,40}",
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            fragment(),
            prop::sample::select(&["", " ", "\n", "\n\n"][..]),
        ),
        0..12,
    )
    .prop_map(|parts| parts.into_iter().map(|(part, sep)| part + sep).collect())
}

/// YAML built to be hostile: deep nesting, aliases that multiply, or plain noise.
fn hostile_yaml() -> impl Strategy<Value = String> {
    prop_oneof![
        (1usize..200, prop::sample::select(&["[", "{a: ", "- "][..])).prop_map(|(depth, open)| {
            let close = match open {
                "[" => "]",
                "{a: " => "}",
                _ => "",
            };
            format!("id: {}x{}\n", open.repeat(depth), close.repeat(depth))
        }),
        (1usize..12, 2usize..10, 1usize..200).prop_map(|(levels, fan, seed)| {
            let mut text = format!("a0: &a0 \"{}\"\n", "x".repeat(seed));
            for level in 1..levels {
                let refs = vec![format!("*a{}", level - 1); fan].join(", ");
                text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
            }
            text
        }),
        "\\PC{0,200}",
        "[-:&*\\[\\]{}!|>'\" \na-z0-9]{0,200}",
    ]
}

/// The budget of one input: parsing or rendering a few kilobytes must never take more.
const MEMORY_BUDGET: usize = 64 * 1024 * 1024;
const TIME_BUDGET: Duration = Duration::from_secs(5);

fn indented(text: &str) -> String {
    text.lines()
        .map(|line| format!("    {line}\n"))
        .collect::<String>()
}

/// One input through every path content takes: loading as a law's text, as a prose page and as
/// hostile YAML; rendering with raw HTML off and on.
fn check(text: &str, yaml: &str) -> Result<(), TestCaseError> {
    let start = Instant::now();
    let urls = Urls::new("https://example.org/sub/");
    for allow_raw_html in [false, true] {
        let markdown = Markdown {
            urls: &urls,
            lang: Lang::Fr,
            allow_raw_html,
            page_ids: None,
        };
        let html = within_memory(MEMORY_BUDGET, || markdown.render(text).html)?;
        if !allow_raw_html {
            // Raw HTML, when a site allows it, is the site's own decision; everything the
            // renderer itself emits must keep the policy.
            let found = policy::violations(&html);
            prop_assert!(found.is_empty(), "{found:?}\nin {html}\nfrom {text:?}");
        }
    }
    within_memory(MEMORY_BUDGET, || plain_text(text))?;
    let law = format!(
        "id: \"X\"\noriginal_title: \"t\"\nsummary:\n  fr: |\n{}",
        indented(text)
    );
    let page = format!("---\ntitle: \"t\"\nupdated: \"2026\"\n---\n{text}");
    let files = [
        ("content/legislation/ar/x.yaml", law),
        ("content/programme/x/index.fr.md", page),
        ("content/legislation/ar/y.yaml", yaml.to_owned()),
        ("content/countries.yaml", yaml.to_owned()),
        ("content/activities/x.yaml", yaml.to_owned()),
    ];
    for (path, source) in files {
        let parsed = within_memory(MEMORY_BUDGET, || parse_file(SourceFile::new(path, source)))?;
        if let Err(error) = parsed {
            prop_assert!(error.file.to_str() == Some(path));
        }
    }
    prop_assert!(
        start.elapsed() < TIME_BUDGET,
        "took {:?}: {text:?} {yaml:?}",
        start.elapsed()
    );
    Ok(())
}

#[test]
fn hostile_content_never_panics_exhausts_memory_or_emits_a_forbidden_url() {
    let cases = std::env::var("PORTAL_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1500);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let start = Instant::now();
    let result = runner.run(&(markdown(), hostile_yaml()), |(text, yaml)| {
        check(&text, &yaml)
    });
    eprintln!(
        "fuzz: {cases} inputs (each loaded 5 ways and rendered 5 ways) in {:.1?}: {}",
        start.elapsed(),
        match &result {
            Ok(()) => "no failure".to_owned(),
            Err(error) => error.to_string(),
        }
    );
    result.unwrap();
}

/// The generators do reach what they must: payloads the policy refuses, and YAML beyond its
/// bounds; otherwise the fuzzing above would prove nothing.
#[test]
fn the_generators_produce_refused_links_and_yaml_beyond_the_bounds() {
    let mut runner = TestRunner::deterministic();
    let mut refused = 0;
    let mut beyond = 0;
    for _ in 0..500 {
        let text = markdown().new_tree(&mut runner).unwrap().current();
        if portal_model::markdown_problem(&text).is_some() {
            refused += 1;
        }
        let yaml = hostile_yaml().new_tree(&mut runner).unwrap().current();
        if let Err(error) = parse_file(SourceFile::new("content/legislation/ar/y.yaml", yaml))
            && (error.to_string().contains("nests deeper") || error.to_string().contains("aliases"))
        {
            beyond += 1;
        }
    }
    assert!(refused > 100, "{refused} of 500 texts had a refused link");
    assert!(beyond > 20, "{beyond} of 500 YAML files crossed a bound");
}
