//! kilnd: the kiln daemon. One process serves both REST APIs and the control
//! channel over one store.

pub mod api;
pub mod bootstrap;
pub mod clock;
pub mod config;
pub mod context;
pub mod control;
pub mod disk;
pub mod engine;
#[cfg(any(test, feature = "testkit"))]
pub mod fuzzing;
pub mod headroom;
pub mod heap;
pub mod http_server;
pub mod ids;
pub mod intake;
pub mod limits;
pub mod logging;
pub mod media;
pub mod metrics;
pub mod node;
pub mod notify;
pub mod planner;
pub mod serve;
pub mod signing;
pub mod store;
pub mod views;
pub mod webhooks;
pub mod worker;

/// The daemon's version, as shown by `--version`, `/healthz` and the console.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
