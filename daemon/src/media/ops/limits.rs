//! The limits one step runs within, and its deadline.

use serde::{Deserialize, Serialize};

use crate::media::MediaError;

/// Limits one step runs within.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpLimits {
    pub max_width: u32,
    pub max_height: u32,
    pub max_duration_secs: f64,
    /// Largest allocation a still decoder may make.
    pub max_image_alloc_bytes: u64,
    /// Wall-clock time one step may take.
    pub time_limit_secs: f64,
    /// Longest input of operations that must hold the whole clip in memory
    /// (reverse, GIF palette generation).
    pub max_buffered_secs: f64,
}

impl Default for OpLimits {
    fn default() -> Self {
        OpLimits {
            max_width: 8192,
            max_height: 8192,
            max_duration_secs: 3600.0,
            max_image_alloc_bytes: 512 << 20,
            time_limit_secs: 1800.0,
            max_buffered_secs: 60.0,
        }
    }
}

impl OpLimits {
    /// Refuses pictures over the size limits, and empty ones.
    pub(crate) fn check_size(&self, w: u32, h: u32) -> Result<(), MediaError> {
        if w > self.max_width || h > self.max_height {
            return Err(MediaError::TooLarge {
                width: w,
                height: h,
                max_width: self.max_width,
                max_height: self.max_height,
            });
        }
        if w == 0 || h == 0 {
            return Err(MediaError::BadImage("the picture is empty".into()));
        }
        Ok(())
    }

    pub(crate) fn probe_limits(&self) -> crate::media::probe::ProbeLimits {
        crate::media::probe::ProbeLimits {
            max_width: self.max_width,
            max_height: self.max_height,
            max_duration_secs: self.max_duration_secs,
        }
    }

    pub(crate) fn deadline(&self) -> Deadline {
        Deadline {
            at: std::time::Instant::now()
                + std::time::Duration::from_secs_f64(self.time_limit_secs.clamp(0.0, 1e9)),
            secs: self.time_limit_secs,
        }
    }
}

/// The end of a step's time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    at: std::time::Instant,
    secs: f64,
}

impl Deadline {
    pub(crate) fn check(&self) -> Result<(), MediaError> {
        if std::time::Instant::now() > self.at {
            return Err(MediaError::TimeLimit { secs: self.secs });
        }
        Ok(())
    }
}
