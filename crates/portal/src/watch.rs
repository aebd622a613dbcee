//! `portal serve`: build, serve, watch, rebuild what changed, tell the browser.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::incremental::{Change, Incremental};
use crate::pipeline::BuildError;
use crate::project::Project;
use crate::serve::{self, LiveEvent, Served};

/// Long enough to gather the several events of one save (write, rename, chmod), short
/// enough that the reload feels immediate.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Why `portal serve` stopped or could not start; a failed rebuild is not one (it is shown
/// in the browser and the server goes on).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The first build failed, so there is no site to serve.
    #[error("{0}")]
    Build(BuildError),
    /// The runtime could not start, or the listening socket could not be bound or served.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The project's folders could not be watched for edits.
    #[error("cannot watch the project: {0}")]
    Watch(String),
}

/// The JSON the browser overlay shows: every problem with its file and line when known.
pub fn error_report(error: &BuildError) -> String {
    let errors: Vec<serde_json::Value> = match error {
        BuildError::Content(errors) => errors
            .0
            .iter()
            .map(|e| {
                serde_json::json!({
                    "file": e.file.display().to_string(),
                    "line": e.location.map(|at| at.line),
                    "column": e.location.map(|at| at.column),
                    "message": e.problem.to_string(),
                })
            })
            .collect(),
        other => vec![serde_json::json!({ "message": other.to_string() })],
    };
    serde_json::json!({ "errors": errors }).to_string()
}

/// Watches the project, then tells `watching` so that the server only announces itself once
/// no edit can be missed, and rebuilds on every batch of events.
fn rebuild_loop(
    project: Project,
    mut site: Incremental,
    served: Arc<Served>,
    watching: std::sync::mpsc::Sender<()>,
) -> Result<(), ServeError> {
    let (sender, receiver) = std::sync::mpsc::channel::<DebounceEventResult>();
    // Batches sent minus batches taken: lets the whole-site refresh step aside for a new edit.
    let waiting = Arc::new(AtomicUsize::new(0));
    let counter = waiting.clone();
    let handler = move |batch: DebounceEventResult| {
        counter.fetch_add(1, Ordering::SeqCst);
        let _ = sender.send(batch);
    };
    let mut debouncer =
        new_debouncer(DEBOUNCE, None, handler).map_err(|e| ServeError::Watch(e.to_string()))?;
    for dir in project.watched() {
        debouncer
            .watch(&dir, RecursiveMode::Recursive)
            .map_err(|e| ServeError::Watch(format!("{}: {e}", dir.display())))?;
    }
    let _ = watching.send(());
    // The warnings last printed: a rebuild prints the new set only when it differs, so that an
    // editor sees a warning appear or go away without the terminal repeating it on each save.
    let mut printed = site.snapshot().warnings().to_vec();
    let edit_waiting = || waiting.load(Ordering::SeqCst) > 0;
    for batch in receiver {
        waiting.fetch_sub(1, Ordering::SeqCst);
        let Ok(events) = batch else { continue };
        let paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|event| match event.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                EventKind::Access(_) => false,
                _ => true,
            })
            .flat_map(|event| event.event.paths)
            .collect();
        if paths.is_empty() {
            continue;
        }
        let _rebuilding = served.rebuilding();
        let start = Instant::now();
        match site.update(&paths, &served.open_files()) {
            Ok(Change::None) => {}
            Ok(Change::Assets) => {
                served.publish(Ok((site.snapshot(), LiveEvent::Css)));
                eprintln!("stylesheets and scripts updated in {:.1?}", start.elapsed());
            }
            Ok(Change::Pages { rendered, pending }) => {
                let snapshot = site.snapshot();
                eprintln!(
                    "{rendered} open page(s) rebuilt in {:.1?}; {pending} other(s) render on request and in the background",
                    start.elapsed()
                );
                if snapshot.warnings() != printed {
                    printed = snapshot.warnings().to_vec();
                    match printed.len() {
                        0 => eprintln!("no warnings left"),
                        _ => crate::report::print_warnings(&printed),
                    }
                }
                served.publish(Ok((snapshot, LiveEvent::Reload)));
            }
            Err(error) => {
                served.publish(Err(error_report(&error)));
                match &error {
                    BuildError::Content(errors) => {
                        crate::report::print_content_errors(&project.root, errors)
                    }
                    other => eprintln!("error: {other}\nStill serving the last good site."),
                }
            }
        }
        // Pending pages, sitemap, open data, feeds and search indexes, while no other edit
        // is waiting.
        while site.needs_refresh() && !edit_waiting() {
            match site.refresh(edit_waiting) {
                Ok(true) => served.replace(site.snapshot()),
                Ok(false) => {}
                Err(error) => {
                    served.publish(Err(error_report(&error)));
                    eprintln!("error: {error}\nThe pages it concerns show their previous version.");
                    break;
                }
            }
        }
    }
    Ok(())
}

/// Builds, serves on 127.0.0.1:`port` and rebuilds on every saved edit until interrupted.
pub fn serve(project: Project, port: u16, open_browser: bool) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let listener = serve::bind(port).await?;
        let address = listener.local_addr()?;
        let base_url = format!("http://{address}/");
        let start = Instant::now();
        let site =
            Incremental::new(project.clone(), base_url.clone()).map_err(ServeError::Build)?;
        let pages = site
            .snapshot()
            .output()
            .files
            .keys()
            .filter(|key| key.ends_with(".html"))
            .count();
        crate::report::print_warnings(site.snapshot().warnings());
        eprintln!("built {pages} pages in {:.1?}", start.elapsed());
        let served = Served::new(site.snapshot());
        let watched = served.clone();
        let (watching, ready) = std::sync::mpsc::channel();
        let rebuilds = std::thread::spawn(move || rebuild_loop(project, site, watched, watching));
        if ready.recv().is_err() {
            let error = rebuilds.join().expect("the rebuild thread does not panic");
            return Err(error
                .err()
                .unwrap_or_else(|| ServeError::Watch("stopped".into())));
        }
        eprintln!(
            "serving the portal at {base_url} (Ctrl-C to stop); watching content/, themes/, i18n/"
        );
        if open_browser && let Err(error) = open::that(&base_url) {
            eprintln!("could not open a browser: {error}");
        }
        axum::serve(
            listener,
            serve::router(served, serve::live_routes(), address.port()),
        )
        .await?;
        Ok(())
    })
}
