//! Media: probing and rendering, run inside worker processes.
