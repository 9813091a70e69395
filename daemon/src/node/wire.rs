//! What a node and the daemon say to each other about leased jobs, over
//! `/internal/nodes/lease` and `/internal/nodes/leases/{id}/…`.

use serde::{Deserialize, Serialize};

use crate::worker::protocol::{Reply, Request};

/// A node asking for a job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LeaseAsk {
    /// How long the daemon may hold the request open waiting for a job.
    pub wait_ms: u64,
}

/// A job leased to a node.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Grant {
    pub lease_id: String,
    pub job_id: String,
    /// The work as a local worker gets it, with names for paths: input `i`
    /// is fetched from `inputs/{i}`, outputs are sent to `outputs/{name}`.
    pub request: Request,
    /// Send a heartbeat at least this often, or lose the lease.
    pub heartbeat_ms: u64,
    /// Every file of the job is a still picture: the still-picture worker
    /// can run it.
    #[serde(default)]
    pub stills: bool,
}

/// A heartbeat on a lease: what the worker said since the last one
/// (`step` and `progress` replies).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Beat {
    #[serde(default)]
    pub replies: Vec<Reply>,
}
