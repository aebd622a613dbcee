//! `portal check --external` against a local server that answers each way a real source can:
//! found, moved, gone, refusing HEAD, silent, and resetting the connection. Never the network.

mod support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};

use support::*;

/// Requests received, as "METHOD /path", in order.
type Log = Arc<Mutex<Vec<String>>>;

/// Answers by path; `/slow` never answers (the client's timeout ends it).
fn serve_sources() -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let log = Log::default();
    let requests = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let requests = requests.clone();
            std::thread::spawn(move || answer(stream.unwrap(), &requests));
        }
    });
    (origin, log)
}

fn answer(stream: TcpStream, log: &Log) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap() == 0 || header == "\r\n" {
            break;
        }
    }
    let mut words = request_line.split_whitespace();
    let (method, path) = (words.next().unwrap(), words.next().unwrap());
    log.lock().unwrap().push(format!("{method} {path}"));
    let status = match (method, path) {
        (_, "/ok") | ("GET", "/head-refused") => "200 OK",
        (_, "/moved") => "301 Moved Permanently\r\nLocation: https://example.org/new-place",
        (_, "/gone") => "404 Not Found",
        (_, "/head-refused") => "405 Method Not Allowed",
        (_, "/slow") => {
            // Holds the connection open without answering until the client gives up.
            let _ = reader.read_line(&mut String::new());
            return;
        }
        _ => "500 Internal Server Error",
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

/// A server that resets every connection: it closes the socket with the request unread, which
/// makes the kernel answer with RST instead of FIN.
fn serve_resets() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let stream = stream.unwrap();
            let _ = stream.peek(&mut [0; 1]);
            drop(stream);
        }
    });
    origin
}

/// Points every source of the copy at `/ok`, then gives the Argentine law one source of each
/// kind and the Uruguayan law a source that refuses HEAD.
fn cite_local_sources(root: &Path, origin: &str, reset: &str) {
    for file in walk(&root.join("content")) {
        // site.yaml's base URL is not a source.
        if file.extension().is_some_and(|e| e == "yaml") && !file.ends_with("site.yaml") {
            let text = read(&file);
            std::fs::write(&file, replace_quoted_urls(&text, &format!("{origin}/ok"))).unwrap();
        }
    }
    let sources = |urls: &[String]| {
        let mut block = String::from("sources:\n");
        for url in urls {
            block.push_str(&format!("  - url: \"{url}\"\n    title: \"Source\"\n"));
        }
        block
    };
    replace_sources(
        &root.join("content/legislation/ar/ley-25871.yaml"),
        &sources(&[
            format!("{origin}/ok"),
            format!("{origin}/moved"),
            format!("{origin}/gone"),
            format!("{origin}/slow"),
            format!("{reset}/reset"),
        ]),
    );
    replace_sources(
        &root.join("content/legislation/uy/ley-18250.yaml"),
        &sources(&[format!("{origin}/head-refused")]),
    );
}

/// Replaces every quoted http(s) URL of a YAML text.
fn replace_quoted_urls(text: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("\"http") {
        out.push_str(&rest[..=start]);
        let after = &rest[start + 1..];
        let end = after.find('"').unwrap();
        out.push_str(with);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn replace_sources(file: &Path, block: &str) {
    let text = read(file);
    let start = text.find("sources:\n").unwrap();
    let end = start + text[start..].find("confidence:").unwrap();
    std::fs::write(file, format!("{}{block}{}", &text[..start], &text[end..])).unwrap();
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn check_external(root: &Path) -> (bool, String, String) {
    let output = portal(root, &["check", "--external", "--timeout", "1"]);
    (output.status.success(), stdout(&output), stderr(&output))
}

fn count(log: &Log, request: &str) -> usize {
    log.lock().unwrap().iter().filter(|r| *r == request).count()
}

#[test]
fn each_answer_of_a_source_gets_its_verdict_by_record() {
    let project = project_copy();
    let (origin, log) = serve_sources();
    let reset = serve_resets();
    cite_local_sources(project.path(), &origin, &reset);

    let (success, out, err) = check_external(project.path());
    assert!(!success, "dead sources must fail the check:\n{out}\n{err}");
    let ar = "content/legislation/ar/ley-25871.yaml";
    let expected = [
        format!("source redirected (301) to https://example.org/new-place: {origin}/moved in {ar}"),
        format!("source dead (404): {origin}/gone in {ar}"),
        format!("source unreachable (timed out): {origin}/slow in {ar}"),
    ];
    for line in &expected {
        assert!(
            out.lines().any(|l| l == line),
            "missing `{line}` in:\n{out}"
        );
    }
    let reset_line = out
        .lines()
        .find(|l| l.contains("/reset"))
        .unwrap_or_else(|| panic!("the reset source is not reported:\n{out}"));
    assert!(
        reset_line.starts_with("source unreachable (connection ") && reset_line.ends_with(ar),
        "{reset_line}"
    );
    assert!(!out.contains(&format!("{origin}/ok in")), "{out}");
    assert!(
        !out.contains("head-refused"),
        "GET after a refused HEAD is fine:\n{out}"
    );
    assert_eq!(count(&log, "HEAD /head-refused"), 1);
    assert_eq!(count(&log, "GET /head-refused"), 1);
    assert!(
        err.contains("3 dead or unreachable source(s)"),
        "the summary counts gone, silent and reset:\n{err}"
    );
    assert!(out.contains("0 from the cache"), "{out}");

    // The second run asks only for what failed: good answers come from the cache.
    let asked_before: HashMap<&str, usize> = ["HEAD /ok", "HEAD /moved", "HEAD /gone"]
        .into_iter()
        .map(|r| (r, count(&log, r)))
        .collect();
    let (success, out, _) = check_external(project.path());
    assert!(!success);
    assert_eq!(count(&log, "HEAD /ok"), asked_before["HEAD /ok"]);
    assert_eq!(count(&log, "HEAD /moved"), asked_before["HEAD /moved"]);
    assert_eq!(count(&log, "HEAD /gone"), asked_before["HEAD /gone"] + 1);
    assert!(
        out.lines().any(|l| l == expected[0]),
        "a cached redirect is still reported:\n{out}"
    );
}

#[test]
fn external_options_need_external() {
    let output = portal(&repo(), &["check", "--timeout", "1"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("--external"),
        "{}",
        stderr(&output)
    );
}
