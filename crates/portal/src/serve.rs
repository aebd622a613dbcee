//! The preview server: serves the rendered site from memory on 127.0.0.1.
//!
//! Serving from the in-memory output rather than from a folder means no request can reach a
//! file outside the site: a path is only ever a key looked up in the output map.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::response::Response;

use crate::incremental::Snapshot;

/// What the open pages are told after a rebuild.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveEvent {
    /// Pages changed: reload.
    Reload,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// The edit is broken: show this report (JSON) over the last good page.
    Error(String),
}

/// The site being served; replaced whole by each successful rebuild.
pub struct Served {
    site: RwLock<Snapshot>,
    /// `/` or `/sub/`.
    base_path: String,
    events: tokio::sync::broadcast::Sender<LiveEvent>,
    /// The current error, for pages opened while the content is broken.
    error: RwLock<Option<String>>,
    /// Request paths of the pages open in a browser, with how many tabs show each: a rebuild
    /// renders them before it announces the reload.
    open: Mutex<BTreeMap<String, usize>>,
    /// Rebuilds started and finished, which `/__portal/status` reports so that tools and tests
    /// know whether the site they see is still being rebuilt.
    rebuilds_started: AtomicU64,
    rebuilds_finished: AtomicU64,
}

/// A rebuild in progress, from the edit to the end of its background work: counted finished
/// when dropped.
pub struct Rebuilding<'a>(&'a Served);

impl Drop for Rebuilding<'_> {
    fn drop(&mut self) {
        self.0.rebuilds_finished.fetch_add(1, Ordering::SeqCst);
    }
}

impl Served {
    /// Serves `site` under `/`, with no page open and no error to show yet.
    pub fn new(site: Snapshot) -> Arc<Served> {
        Arc::new(Served {
            site: RwLock::new(site),
            base_path: "/".into(),
            events: tokio::sync::broadcast::channel(64).0,
            error: RwLock::new(None),
            open: Mutex::default(),
            rebuilds_started: AtomicU64::new(0),
            rebuilds_finished: AtomicU64::new(0),
        })
    }

    /// Counts a rebuild started, and finished once the guard is dropped.
    pub fn rebuilding(&self) -> Rebuilding<'_> {
        self.rebuilds_started.fetch_add(1, Ordering::SeqCst);
        Rebuilding(self)
    }

    fn site(&self) -> Snapshot {
        self.site.read().expect("not poisoned").clone()
    }

    /// Puts `site` in place and hands back the old one, to be freed once the lock is released
    /// (freeing 40,000 pages takes a while).
    fn swap(&self, site: Snapshot) -> Snapshot {
        std::mem::replace(&mut *self.site.write().expect("not poisoned"), site)
    }

    /// Swaps in a site whose open pages did not change (pages rendered in the background, new
    /// search indexes): nothing to tell.
    pub fn replace(&self, site: Snapshot) {
        drop(self.swap(site));
    }

    /// Publishes a rebuilt site (or an error) and tells the open pages, before freeing the old
    /// site.
    pub fn publish(&self, result: Result<(Snapshot, LiveEvent), String>) {
        match result {
            Ok((site, event)) => {
                let old = self.swap(site);
                let recovered = self.error.write().expect("not poisoned").take().is_some();
                let event = if recovered { LiveEvent::Reload } else { event };
                let _ = self.events.send(event);
                drop(old);
            }
            Err(report) => {
                *self.error.write().expect("not poisoned") = Some(report.clone());
                let _ = self.events.send(LiveEvent::Error(report));
            }
        }
    }

    /// Output paths of the pages open in a browser.
    pub fn open_files(&self) -> Vec<String> {
        let site = self.site();
        let open = self.open.lock().expect("not poisoned");
        open.keys()
            .filter_map(|path| resolve(|file| site.contains(file), &self.base_path, path).ok())
            .collect()
    }
}

/// A page open in a browser, counted in [`Served::open`] for as long as its event stream
/// lasts.
struct OpenPage {
    served: Arc<Served>,
    path: String,
}

impl OpenPage {
    fn new(served: Arc<Served>, path: String) -> OpenPage {
        *served
            .open
            .lock()
            .expect("not poisoned")
            .entry(path.clone())
            .or_default() += 1;
        OpenPage { served, path }
    }
}

impl Drop for OpenPage {
    fn drop(&mut self) {
        let mut open = self.served.open.lock().expect("not poisoned");
        if let Some(tabs) = open.get_mut(&self.path) {
            *tabs -= 1;
            if *tabs == 0 {
                open.remove(&self.path);
            }
        }
    }
}

/// The path of the live reload script, outside any page's namespace.
pub const LIVE_SCRIPT: &str = "/__portal/live.js";
const LIVE_EVENTS: &str = "/__portal/events";

async fn live_script() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        include_bytes!("live.js").to_vec(),
    )
}

/// `?page=/fr/…`: the page the browser shows, which rebuilds then render first.
#[derive(serde::Deserialize)]
struct EventsQuery {
    page: Option<String>,
}

async fn live_events(
    State(served): State<Arc<Served>>,
    Query(query): Query<EventsQuery>,
) -> axum::response::Sse<
    impl tokio_stream::Stream<Item = Result<axum::response::sse::Event, std::convert::Infallible>>,
> {
    use axum::response::sse::{Event, KeepAlive, Sse};
    use tokio_stream::StreamExt;
    let open = query.page.map(|page| OpenPage::new(served.clone(), page));
    let current = served.error.read().expect("not poisoned").clone();
    let initial = tokio_stream::iter(
        current.map(|report| Ok(Event::default().event("build-error").data(report))),
    );
    let updates = tokio_stream::wrappers::BroadcastStream::new(served.events.subscribe())
        .filter_map(move |event| {
            let _open = &open;
            let event = match event.ok()? {
                LiveEvent::Reload => Event::default().event("reload").data("{}"),
                LiveEvent::Css => Event::default().event("css").data("{}"),
                LiveEvent::Error(report) => Event::default().event("build-error").data(report),
            };
            Some(Ok(event))
        });
    Sse::new(initial.chain(updates)).keep_alive(KeepAlive::default())
}

/// Whether the last edit is broken (`"error": null` or `"error": {…report…}`) and how many
/// rebuilds started and finished (`"rebuilds": {"started": 3, "finished": 2}`: one is in
/// progress), for editors' tools and tests.
async fn live_status(State(served): State<Arc<Served>>) -> Response {
    let error = served.error.read().expect("not poisoned").clone();
    // Finished first: a rebuild that ends between the two reads is not reported as ahead.
    let finished = served.rebuilds_finished.load(Ordering::SeqCst);
    let started = served.rebuilds_started.load(Ordering::SeqCst);
    let body = format!(
        "{{\"error\":{},\"rebuilds\":{{\"started\":{started},\"finished\":{finished}}}}}",
        error.as_deref().unwrap_or("null")
    );
    respond(StatusCode::OK, "application/json", body.into_bytes())
}

/// The editors' page: what needs attention, from the content of the last good build.
async fn editors_page(State(served): State<Arc<Served>>) -> Response {
    let site = served.site();
    let error = served.error.read().expect("not poisoned").clone();
    let today = time::OffsetDateTime::now_utc().date();
    let today = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    )
    .parse()
    .expect("a calendar date is a partial date");
    let html = crate::editors::page(
        site.content(),
        site.warnings(),
        error.as_deref(),
        &served.base_path,
        LIVE_SCRIPT,
        today,
    );
    respond(
        StatusCode::OK,
        "text/html; charset=utf-8",
        html.into_bytes(),
    )
}

/// The path of the editors' page.
pub const EDITORS_PAGE: &str = "/__portal/";

/// The routes of live reload and the editors' page, in front of the site.
pub fn live_routes() -> Router<Arc<Served>> {
    Router::new()
        .route(EDITORS_PAGE, axum::routing::get(editors_page))
        .route("/__portal/status", axum::routing::get(live_status))
        .route(LIVE_SCRIPT, axum::routing::get(live_script))
        .route(LIVE_EVENTS, axum::routing::get(live_events))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The output key a request path names, if `exists` says the site has it: `/fr/` →
/// `fr/index.html`; `Err(Some(location))` redirects to the slash form of a folder.
/// Percent-decoding happens before the check, so `%2e%2e` is as harmless as `..`.
pub fn resolve(
    exists: impl Fn(&str) -> bool,
    base_path: &str,
    raw_path: &str,
) -> Result<String, Option<String>> {
    let decoded = percent_encoding::percent_decode_str(raw_path)
        .decode_utf8()
        .map_err(|_| None)?;
    let below = decoded.strip_prefix(base_path).ok_or(None)?;
    if below
        .split('/')
        .any(|segment| segment == ".." || segment == "." || segment.contains('\\'))
    {
        return Err(None);
    }
    let key = match below.is_empty() || below.ends_with('/') {
        true => format!("{below}index.html"),
        false => below.to_owned(),
    };
    if exists(&key) {
        return Ok(key);
    }
    let with_slash = format!("{below}/index.html");
    match exists(&with_slash) {
        true => Err(Some(format!("{base_path}{below}/"))),
        false => Err(None),
    }
}

fn respond(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The file at `key`; a pending page is rendered on a blocking thread, not on the threads
/// that answer other requests.
async fn file(site: &Snapshot, key: String) -> Option<Arc<[u8]>> {
    match site.is_pending(&key) {
        true => {
            let site = site.clone();
            tokio::task::spawn_blocking(move || site.file(&key))
                .await
                .ok()
                .flatten()
        }
        false => site.file(&key),
    }
}

async fn handle(State(served): State<Arc<Served>>, request: Request<Body>) -> Response {
    let site = served.site();
    let path = request.uri().path();
    let resolved = resolve(|key| site.contains(key), &served.base_path, path);
    if let Ok(key) = &resolved
        && let Some(bytes) = file(&site, key.clone()).await
    {
        return respond(StatusCode::OK, content_type(key), bytes.to_vec());
    }
    match resolved {
        Ok(_) | Err(None) => {
            let below = path.strip_prefix(served.base_path.as_str()).unwrap_or("");
            let lang = below.split('/').next().unwrap_or("");
            let page = match file(&site, format!("{lang}/404.html")).await {
                Some(page) => Some(page),
                None => file(&site, "404.html".into()).await,
            };
            let page = page.map(|page| page.to_vec());
            respond(
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                page.unwrap_or_else(|| b"Not found".to_vec()),
            )
        }
        Err(Some(location)) => {
            let mut response = respond(
                StatusCode::MOVED_PERMANENTLY,
                "text/plain; charset=utf-8",
                Vec::new(),
            );
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
    }
}

/// The Content-Security-Policy of the published site (`netlify.toml`), sent by the preview too,
/// so that a page that works in the preview works once published and a script that slipped
/// into the content does not run in the editor's browser either.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Whether a request's `Host` names this server by a loopback name and its port: `127.0.0.1`,
/// `localhost` or a name under `.localhost`, which browsers never resolve through DNS. Any other
/// name means a page of another site reached the preview through DNS rebinding (a name of the
/// attacker's resolving to 127.0.0.1), and must not read the editor's pages.
pub fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else { return false };
    let host = host.to_ascii_lowercase();
    let name = match host.rsplit_once(':') {
        Some((name, given)) => match given.parse::<u16>() {
            Ok(given) if given == port => name,
            _ => return false,
        },
        None if port == 80 => host.as_str(),
        None => return false,
    };
    name == "127.0.0.1" || name == "localhost" || name.ends_with(".localhost")
}

/// Refuses what the preview does not serve: a foreign `Host` (403) and any method but GET and
/// HEAD (405); every answer carries the site's Content-Security-Policy.
async fn guard(
    State(port): State<u16>,
    request: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    let mut response = if !host_allowed(host, port) {
        let message = format!(
            "The preview answers only http://127.0.0.1:{port}/ and http://localhost:{port}/.\n"
        );
        respond(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            message.into_bytes(),
        )
    } else if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            b"The preview answers only GET and HEAD.\n".to_vec(),
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        response
    } else {
        next.run(request).await
    };
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    response
}

/// The router of the preview server on `port`; `extra` adds routes (live reload) in front of
/// the site.
pub fn router(served: Arc<Served>, extra: Router<Arc<Served>>, port: u16) -> Router {
    extra
        .fallback(handle)
        .with_state(served)
        .layer(axum::middleware::from_fn_with_state(port, guard))
}

/// Binds the loopback address only: the preview is for the editor's own browser.
pub async fn bind(port: u16) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exists(key: &str) -> bool {
        ["fr/index.html", "fr/legislation/index.html"].contains(&key)
    }

    #[test]
    fn resolves_pages_and_redirects_to_the_slash_form() {
        assert_eq!(resolve(exists, "/", "/fr/"), Ok("fr/index.html".into()));
        assert_eq!(
            resolve(exists, "/", "/fr/legislation"),
            Err(Some("/fr/legislation/".into()))
        );
    }

    #[test]
    fn only_loopback_names_with_the_port_are_answered() {
        for host in [
            "127.0.0.1:4321",
            "localhost:4321",
            "LocalHost:4321",
            "app.localhost:4321",
        ] {
            assert!(host_allowed(Some(host), 4321), "{host}");
        }
        for host in [
            "evil.example:4321",
            "127.0.0.1.evil.example:4321",
            "localhost.evil.example:4321",
            "localhost:1111",
            "localhost",
            "127.0.0.2:4321",
            "[::1]:4321",
            "",
        ] {
            assert!(!host_allowed(Some(host), 4321), "{host}");
        }
        assert!(!host_allowed(None, 4321));
    }

    #[test]
    fn the_preview_sends_the_policy_of_the_published_site() {
        let netlify = include_str!("../../../netlify.toml");
        assert!(
            netlify.contains(&format!(
                "Content-Security-Policy = \"{CONTENT_SECURITY_POLICY}\""
            )),
            "netlify.toml and serve.rs disagree on the Content-Security-Policy"
        );
    }

    #[test]
    fn never_leaves_the_site() {
        for path in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/fr/%2E%2E/%2e%2e/etc/passwd",
            "/fr/..%2fCargo.toml",
            "/..\\Cargo.toml",
        ] {
            assert_eq!(resolve(exists, "/", path), Err(None), "{path}");
        }
    }
}
