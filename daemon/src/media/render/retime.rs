//! Frame-rate conversion: which source pictures each output picture comes
//! from. Repeated source pictures (animation drawn on twos, a screen
//! recording at a lower rate than its file) are not taken as new moments:
//! the motion runs from one distinct picture to the next, so it does not
//! stop and start.

use std::time::{Duration, Instant};

use super::sink::Sink;
use super::source::{PictureTime, Source};
use super::{Interpolator, Plane3, TIMESTAMP_SLACK_SECS};
use crate::media::probe::ProbeLimits;
use crate::media::MediaError;

/// Repeats in a row merged into one longer picture at most (twos and threes;
/// a longer still stretch is a held picture, and a change after it should
/// not be spread over the whole hold).
const MAX_REPEATS: u32 = 2;
/// Side of the squares compared to find a repeat.
const REPEAT_BLOCK: usize = 16;
/// Mean absolute luma difference per sample below which a square counts as
/// unchanged (coding noise), and below which the whole picture must stay.
const REPEAT_BLOCK_DIFF: u32 = 2;
const REPEAT_MEAN_DIFF: f64 = 0.5;

/// The frame-rate conversion: takes the source pictures with their times
/// and emits every output picture `k` (shown at `k / fps`) from the two
/// source pictures around it.
pub(super) struct Retimer {
    fps: f64,
    /// Seconds between output pictures.
    step: f64,
    /// Seconds between source pictures, when their times do not say.
    src_step: f64,
    /// Where the file starts, in the input's clock.
    start_secs: f64,
    /// Timestamps are untrusted: two pictures an hour apart would otherwise
    /// make an hour of output. Stop a little past the declared duration.
    max_secs: f64,
    /// The older of the two source pictures.
    a: Plane3,
    /// The newer one, decoded into.
    pub b: Plane3,
    out: Plane3,
    first_abs: Option<f64>,
    last_abs: Option<f64>,
    /// Time of `a`, relative to the first picture.
    ta: f64,
    /// Time of the last picture taken (`a` or a repeat of it).
    t_last: f64,
    /// Repeats of `a` merged into it so far.
    repeats: u32,
    a_duration: Option<f64>,
    last_interval: Option<f64>,
    pub frames_in: u64,
    /// Source pictures taken as repeats of the one before.
    pub repeated: u64,
    /// The next output picture.
    k: u64,
    /// Time spent in the interpolator.
    pub interpolating: Duration,
}

fn runaway() -> MediaError {
    MediaError::NotDecodable("the timestamps run past the video's duration".into())
}

impl Retimer {
    pub fn new(source: &Source, fps: f64) -> Retimer {
        let (width, height) = (source.width, source.height);
        Retimer {
            fps,
            step: 1.0 / fps,
            src_step: 1.0 / source.fps,
            start_secs: source.start_secs,
            max_secs: source
                .duration_secs
                .unwrap_or(ProbeLimits::default().max_duration_secs)
                + TIMESTAMP_SLACK_SECS,
            a: Plane3::new(width, height),
            b: Plane3::new(width, height),
            out: Plane3::new(width, height),
            first_abs: None,
            last_abs: None,
            ta: 0.0,
            t_last: 0.0,
            repeats: 0,
            a_duration: None,
            last_interval: None,
            frames_in: 0,
            repeated: 0,
            k: 0,
            interpolating: Duration::ZERO,
        }
    }

    /// Takes the picture just put into `b`, emitting the output
    /// pictures shown before it.
    pub fn picture(
        &mut self,
        time: PictureTime,
        interpolator: &mut dyn Interpolator,
        sink: &mut Sink,
    ) -> Result<(), MediaError> {
        let abs = time
            .secs
            .or(self.last_abs.map(|t| t + self.src_step))
            .unwrap_or(0.0);
        let Some(first) = self.first_abs else {
            self.start(abs, time.duration, sink);
            return Ok(());
        };
        let tb = abs - first;
        if tb > self.max_secs {
            return Err(runaway());
        }
        if tb <= self.t_last + 1e-6 {
            // Out of order or duplicate timestamp: drop the picture.
            return Ok(());
        }
        self.last_abs = Some(abs);
        self.frames_in += 1;
        self.last_interval = Some(tb - self.t_last);
        self.t_last = tb;
        self.a_duration = time.duration;
        if self.repeats < MAX_REPEATS && repeats(&self.a, &self.b) {
            self.repeats += 1;
            self.repeated += 1;
            return Ok(());
        }
        self.repeats = 0;
        while (self.k as f64) * self.step < tb - 1e-6 {
            let tk = self.k as f64 * self.step;
            if tk - self.ta < 1e-6 {
                self.out.copy_from(&self.a);
            } else {
                let t = ((tk - self.ta) / (tb - self.ta)).clamp(0.0, 1.0) as f32;
                let started = Instant::now();
                interpolator.interpolate(&self.a, &self.b, t, &mut self.out);
                self.interpolating += started.elapsed();
            }
            sink.emit(&self.out, self.k)?;
            self.k += 1;
        }
        self.ta = tb;
        std::mem::swap(&mut self.a, &mut self.b);
        Ok(())
    }

    fn start(&mut self, abs: f64, duration: Option<f64>, sink: &mut Sink) {
        self.first_abs = Some(abs);
        self.last_abs = Some(abs);
        // Output starts where the first picture does, relative to the start
        // of the file, so the copied audio stays in sync.
        sink.pts_offset = ((abs - self.start_secs) * self.fps).round() as i64;
        std::mem::swap(&mut self.a, &mut self.b);
        self.a_duration = duration;
        self.frames_in += 1;
    }

    /// Holds the last picture for its own duration; answers how many
    /// pictures were emitted in all.
    pub fn finish(&mut self, sink: &mut Sink) -> Result<u64, MediaError> {
        if self.first_abs.is_none() {
            return Err(MediaError::NotDecodable(
                "no picture could be decoded".into(),
            ));
        }
        let end = self.t_last
            + self
                .a_duration
                .or(self.last_interval)
                .unwrap_or(self.src_step);
        if end > self.max_secs {
            return Err(runaway());
        }
        let total = ((end * self.fps) - 0.5).ceil().max(1.0) as u64;
        sink.estimated_total = total;
        while self.k < total {
            sink.emit(&self.a, self.k)?;
            self.k += 1;
        }
        Ok(self.k)
    }
}

/// Whether `b` shows the same as `a` (up to coding noise): no square of
/// the picture changed beyond noise, nor the whole on average.
fn repeats(a: &Plane3, b: &Plane3) -> bool {
    if !a.same_size(b) {
        return false;
    }
    let w = a.width as usize;
    let mut total = 0u64;
    for (ra, rb) in
        a.y.chunks(w * REPEAT_BLOCK)
            .zip(b.y.chunks(w * REPEAT_BLOCK))
    {
        let rows = ra.len() / w;
        let mut sums = vec![0u32; w.div_ceil(REPEAT_BLOCK)];
        for (la, lb) in ra.chunks_exact(w).zip(rb.chunks_exact(w)) {
            for ((s, ca), cb) in sums
                .iter_mut()
                .zip(la.chunks(REPEAT_BLOCK))
                .zip(lb.chunks(REPEAT_BLOCK))
            {
                *s += ca
                    .iter()
                    .zip(cb)
                    .map(|(&p, &q)| u32::from(p.abs_diff(q)))
                    .sum::<u32>();
            }
        }
        for (i, &s) in sums.iter().enumerate() {
            let cols = REPEAT_BLOCK.min(w - i * REPEAT_BLOCK);
            if s > REPEAT_BLOCK_DIFF * (cols * rows) as u32 {
                return false;
            }
            total += u64::from(s);
        }
    }
    (total as f64) < REPEAT_MEAN_DIFF * a.y.len() as f64
}
