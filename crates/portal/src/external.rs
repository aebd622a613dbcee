//! `portal check --external`: is every web page the records cite still there?
//!
//! Sources move and die; a record whose only source is gone can no longer be checked by its
//! readers. Each URL is asked with HEAD, then with GET where the server refuses HEAD (many
//! official gazettes do), never following redirects, so that a moved page is reported with its
//! new address for the editor to update. Answers are kept in a cache file: a second run asks
//! again only for the links that failed and those checked too long ago.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use portal_model::Citation;
use serde::{Deserialize, Serialize};

/// How the check runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// The longest one request may take, from connecting to the status line.
    pub timeout: Duration,
    /// How many requests are under way at once: enough to finish in seconds, few enough not to
    /// look like an attack to a small government server.
    pub jobs: usize,
    /// A good answer older than this is asked again.
    pub max_age: Duration,
    /// Where answers are remembered between runs.
    pub cache: PathBuf,
}

/// What a server answered for one URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Verdict {
    /// 2xx: the page is there.
    Ok {
        /// The 2xx status code.
        status: u16,
    },
    /// 3xx: the page moved; the record should cite `location`.
    Redirected {
        /// The 3xx status code.
        status: u16,
        /// The `Location` header as sent (possibly relative), or `(no Location header)`.
        location: String,
    },
    /// 4xx or 5xx to both HEAD and GET.
    Dead {
        /// The status of the last answer: the GET's, since a failed HEAD is retried as GET.
        status: u16,
    },
    /// No HTTP answer: timeout, refused or reset connection, unknown host, TLS failure.
    Unreachable {
        /// The HTTP client's error, in words for the editor.
        reason: String,
    },
    /// Not an http(s) URL (mailto:, a relative link): nothing to ask.
    NotWeb,
}

impl Verdict {
    /// Whether the answer is final until it grows old: a failure is asked again on every run,
    /// since servers come back.
    fn is_settled(&self) -> bool {
        matches!(self, Verdict::Ok { .. } | Verdict::Redirected { .. })
    }

    /// Whether the citation needs an editor.
    pub fn is_failure(&self) -> bool {
        matches!(self, Verdict::Dead { .. } | Verdict::Unreachable { .. })
    }
}

/// One cited URL, its answer and the records that cite it.
#[derive(Debug)]
pub struct Checked {
    /// The URL exactly as the records cite it (also the cache key).
    pub url: String,
    /// This run's answer, or the cached one when [`Checked::cached`].
    pub verdict: Verdict,
    /// Taken from the cache file rather than asked in this run.
    pub cached: bool,
    /// The record files citing the URL, sorted.
    pub files: BTreeSet<PathBuf>,
}

#[derive(Default, Serialize, Deserialize)]
struct Cache {
    /// URL → the last answer and when it was received (seconds since the Unix epoch).
    links: BTreeMap<String, CachedAnswer>,
}

#[derive(Clone, Serialize, Deserialize)]
struct CachedAnswer {
    #[serde(flatten)]
    verdict: Verdict,
    checked: u64,
}

impl Cache {
    /// An unreadable or corrupt cache is only a slower run, never an error.
    fn read(path: &Path) -> Cache {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    fn write(&self, path: &Path) -> Result<(), String> {
        let describe = |e: std::io::Error| format!("{}: {e}", path.display());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(describe)?;
        }
        let json = serde_json::to_vec_pretty(self).expect("the cache serializes");
        std::fs::write(path, json).map_err(describe)
    }
}

/// Asks every cited URL (or takes a fresh enough answer from the cache) and returns the answers
/// sorted by URL; the cache file is updated.
pub fn check(citations: &[Citation<'_>], options: &Options) -> Result<Vec<Checked>, String> {
    let mut by_url: BTreeMap<&str, BTreeSet<PathBuf>> = BTreeMap::new();
    for citation in citations {
        by_url
            .entry(citation.source.url.as_str())
            .or_default()
            .insert(citation.file.clone());
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut cache = Cache::read(&options.cache);
    let fresh = |url: &str| {
        cache.links.get(url).filter(|answer| {
            answer.verdict.is_settled()
                && now.saturating_sub(answer.checked) <= options.max_age.as_secs()
        })
    };
    let to_ask: Vec<&str> = by_url
        .keys()
        .copied()
        .filter(|url| fresh(url).is_none())
        .collect();
    let asked = ask_all(&to_ask, options);

    let mut checked = Vec::with_capacity(by_url.len());
    for (url, files) in by_url {
        let (verdict, cached) = match asked.get(url) {
            Some(verdict) => (verdict.clone(), false),
            None => (
                fresh(url).expect("not asked, so fresh").verdict.clone(),
                true,
            ),
        };
        checked.push(Checked {
            url: url.to_owned(),
            verdict,
            cached,
            files,
        });
    }
    for (url, verdict) in asked {
        cache.links.insert(
            url.to_owned(),
            CachedAnswer {
                verdict,
                checked: now,
            },
        );
    }
    cache.write(&options.cache)?;
    Ok(checked)
}

/// Asks the URLs with at most `options.jobs` requests under way.
fn ask_all<'u>(urls: &[&'u str], options: &Options) -> BTreeMap<&'u str, Verdict> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(0)
        .max_redirects_will_error(false)
        .http_status_as_error(false)
        .user_agent(concat!("portal-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let answers = Mutex::new(BTreeMap::new());
    let next = Mutex::new(urls.iter());
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.clamp(1, urls.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let Some(url) = next.lock().expect("no worker panics").next().copied() else {
                        break;
                    };
                    let verdict = ask(&agent, url);
                    answers
                        .lock()
                        .expect("no worker panics")
                        .insert(url, verdict);
                }
            });
        }
    });
    answers.into_inner().expect("no worker panics")
}

fn ask(agent: &ureq::Agent, url: &str) -> Verdict {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Verdict::NotWeb;
    }
    match answer(agent.head(url).call()) {
        // Servers that refuse or mishandle HEAD often serve GET; the body is never read.
        Verdict::Dead { .. } => answer(agent.get(url).call()),
        verdict => verdict,
    }
}

fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Verdict {
    let response = match response {
        Ok(response) => response,
        Err(error) => {
            return Verdict::Unreachable {
                reason: describe(&error),
            };
        }
    };
    let status = response.status().as_u16();
    match status {
        200..=299 => Verdict::Ok { status },
        300..=399 => Verdict::Redirected {
            status,
            location: response
                .headers()
                .get("location")
                .and_then(|value| value.to_str().ok())
                .unwrap_or("(no Location header)")
                .to_owned(),
        },
        _ => Verdict::Dead { status },
    }
}

fn describe(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "timed out".to_owned(),
        ureq::Error::HostNotFound => "host not found".to_owned(),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionReset => "connection reset".to_owned(),
            std::io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
            std::io::ErrorKind::TimedOut => "timed out".to_owned(),
            std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::ConnectionAborted => {
                "connection closed without an answer".to_owned()
            }
            _ => io.to_string(),
        },
        other => other.to_string(),
    }
}
