//! Helpers for end-to-end tests: start the real `kilnd` on a free port with a
//! temporary data dir, run the real `kiln` CLI against it, and talk to both
//! APIs as clients do.
//!
//! - [`daemon`]: the daemon and CLI binaries, [`Daemon`] and its operator
//!   actions (accounts, the ledger audit, holding a worker);
//! - [`client`]: HTTP requests and JSON answers, `GET /me`;
//! - [`render`] and [`files`]: each API's upload, submit and poll steps;
//! - [`media`]: test clips and pictures, checks on returned pictures;
//! - [`documents`]: test PDFs and office files, checks on returned PDFs;
//! - [`process`]: signals, liveness and exit status of processes;
//! - [`receiver`]: a scripted HTTP receiver for webhooks;
//! - [`s3`]: a real S3 server (s3s-fs) for the S3 storage backend.

pub mod client;
pub mod daemon;
pub mod documents;
pub mod files;
pub mod media;
pub mod process;
pub mod receiver;
pub mod render;
pub mod s3;

pub use client::http;
pub use daemon::{bin_dir, command, kiln_bin, kilnd_bin, Daemon};
pub use media::{make_clip, make_png, make_talk};
pub use process::{assert_success, signal};
