//! Intake: the business rules between a parsed request and the engine.
//! Both HTTP faces call it and word its typed answers in their own dialects:
//! uploads (one pipeline for both APIs), new file-automation jobs (plan
//! limits, chat threads, planning, metering) and new renders (pricing).

pub mod file_job;
pub mod idempotency;
pub mod render_job;
pub mod upload;
