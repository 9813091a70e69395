//! Types shared by the daemon (`kilnd`) and the operator console (`kiln`):
//! the control-channel service, the records it carries and its transport.

pub mod control;
pub mod model;
pub mod pricing;
pub mod transport;

pub use control::{Control, ControlClient, ControlError};

/// Environment variable naming the control socket for the operator tools.
pub const SOCKET_ENV: &str = "KILN_SOCKET";
/// File name of the control socket inside the data directory.
pub const SOCKET_FILE: &str = "control.sock";
