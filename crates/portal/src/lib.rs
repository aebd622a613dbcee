//! The stages of the `portal` command, as a library so that end-to-end tests and benchmarks
//! drive the same code as the command line.

pub mod editors;
pub mod external;
pub mod incremental;
pub mod links;
pub mod pipeline;
pub mod project;
pub mod report;
pub mod search_index;
pub mod serve;
pub mod watch;
