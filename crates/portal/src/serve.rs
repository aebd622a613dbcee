//! The preview server: serves the rendered site from memory on 127.0.0.1.
//!
//! Serving from the in-memory output rather than from a folder means no request can reach a
//! file outside the site: a path is only ever a key looked up in the output map.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::Response;
use portal_render::Output;

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
    pub output: RwLock<Arc<Output>>,
    /// `/` or `/sub/`.
    pub base_path: String,
    pub events: tokio::sync::broadcast::Sender<LiveEvent>,
    /// The current error, for pages opened while the content is broken.
    pub error: RwLock<Option<String>>,
}

impl Served {
    pub fn new(output: Arc<Output>) -> Arc<Served> {
        Arc::new(Served {
            output: RwLock::new(output),
            base_path: "/".into(),
            events: tokio::sync::broadcast::channel(64).0,
            error: RwLock::new(None),
        })
    }

    /// Swaps in a site whose pages did not change (new search indexes): nothing to tell.
    pub fn replace(&self, output: Arc<Output>) {
        *self.output.write().expect("not poisoned") = output;
    }

    /// Publishes a rebuilt site (or an error) and tells the open pages.
    pub fn publish(&self, result: Result<(Arc<Output>, LiveEvent), String>) {
        match result {
            Ok((output, event)) => {
                *self.output.write().expect("not poisoned") = output;
                let recovered = self.error.write().expect("not poisoned").take().is_some();
                let event = if recovered { LiveEvent::Reload } else { event };
                let _ = self.events.send(event);
            }
            Err(report) => {
                *self.error.write().expect("not poisoned") = Some(report.clone());
                let _ = self.events.send(LiveEvent::Error(report));
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

async fn live_events(
    State(served): State<Arc<Served>>,
) -> axum::response::Sse<
    impl tokio_stream::Stream<Item = Result<axum::response::sse::Event, std::convert::Infallible>>,
> {
    use axum::response::sse::{Event, KeepAlive, Sse};
    use tokio_stream::StreamExt;
    let current = served.error.read().expect("not poisoned").clone();
    let initial =
        tokio_stream::iter(current.map(|report| Ok(Event::default().event("error").data(report))));
    let updates = tokio_stream::wrappers::BroadcastStream::new(served.events.subscribe())
        .filter_map(|event| {
            let event = match event.ok()? {
                LiveEvent::Reload => Event::default().event("reload").data("{}"),
                LiveEvent::Css => Event::default().event("css").data("{}"),
                LiveEvent::Error(report) => Event::default().event("error").data(report),
            };
            Some(Ok(event))
        });
    Sse::new(initial.chain(updates)).keep_alive(KeepAlive::default())
}

/// Whether the last edit is broken: `{"error": null}` or `{"error": {…report…}}`, for editors'
/// tools and tests.
async fn live_status(State(served): State<Arc<Served>>) -> Response {
    let error = served.error.read().expect("not poisoned").clone();
    let body = format!("{{\"error\":{}}}", error.as_deref().unwrap_or("null"));
    respond(StatusCode::OK, "application/json", body.into_bytes())
}

/// The routes of live reload, in front of the site.
pub fn live_routes() -> Router<Arc<Served>> {
    Router::new()
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

/// The output key a request path names, if it names one: `/fr/` → `fr/index.html`.
/// Percent-decoding happens before the check, so `%2e%2e` is as harmless as `..`.
pub fn resolve(output: &Output, base_path: &str, raw_path: &str) -> Result<String, Option<String>> {
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
    if output.files.contains_key(&key) {
        return Ok(key);
    }
    let with_slash = format!("{below}/index.html");
    match output.files.contains_key(&with_slash) {
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

async fn handle(State(served): State<Arc<Served>>, request: Request<Body>) -> Response {
    let output = served.output.read().expect("not poisoned").clone();
    let path = request.uri().path();
    match resolve(&output, &served.base_path, path) {
        Ok(key) => respond(
            StatusCode::OK,
            content_type(&key),
            output.files[&key].to_vec(),
        ),
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
        Err(None) => {
            let below = path.strip_prefix(served.base_path.as_str()).unwrap_or("");
            let lang = below.split('/').next().unwrap_or("");
            let page = output
                .files
                .get(&format!("{lang}/404.html"))
                .or_else(|| output.files.get("404.html"))
                .map(|page| page.to_vec())
                .unwrap_or_else(|| b"Not found".to_vec());
            respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", page)
        }
    }
}

/// The router of the preview server; `extra` adds routes (live reload) in front of the site.
pub fn router(served: Arc<Served>, extra: Router<Arc<Served>>) -> Router {
    extra.fallback(handle).with_state(served)
}

/// Binds the loopback address only: the preview is for the editor's own browser.
pub async fn bind(port: u16) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output() -> Output {
        let mut output = Output::default();
        output
            .files
            .insert("fr/index.html".into(), Arc::from(&b"fr"[..]));
        output
            .files
            .insert("fr/legislation/index.html".into(), Arc::from(&b"l"[..]));
        output
    }

    #[test]
    fn resolves_pages_and_redirects_to_the_slash_form() {
        let output = output();
        assert_eq!(resolve(&output, "/", "/fr/"), Ok("fr/index.html".into()));
        assert_eq!(
            resolve(&output, "/", "/fr/legislation"),
            Err(Some("/fr/legislation/".into()))
        );
    }

    #[test]
    fn never_leaves_the_site() {
        let output = output();
        for path in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/fr/%2E%2E/%2e%2e/etc/passwd",
            "/fr/..%2fCargo.toml",
            "/..\\Cargo.toml",
        ] {
            assert_eq!(resolve(&output, "/", path), Err(None), "{path}");
        }
    }
}
