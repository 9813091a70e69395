//! The engine driven in-process: a real store in a temporary directory, the
//! real event bus and runtime, and fake workers scripted per request. Each
//! scenario ends with a snapshot of what it left in the store.

mod fake;
mod harness;
mod report;
mod scenarios;
