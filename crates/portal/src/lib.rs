//! The stages of the `portal` command, as a library so that end-to-end tests and benchmarks
//! drive the same code as the command line.

#![warn(missing_docs)]

pub mod editors;
pub mod external;
pub mod incremental;
pub mod links;
pub mod pipeline;
pub mod project;
pub mod report;
pub mod scaffold;
pub mod search_index;
pub mod serve;
pub mod watch;

/// Today's date in UTC as YYYY-MM-DD: when a new record is written, and what "verified more
/// than a year ago" is measured from.
pub fn today() -> String {
    let today = time::OffsetDateTime::now_utc().date();
    format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    )
}
