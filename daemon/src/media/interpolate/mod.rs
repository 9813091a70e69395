//! Motion-compensated frame interpolation ([`MciInterpolator`]).
//!
//! For every pair of source pictures, motion is estimated once, in both
//! directions, on luma ([`motion`]: pyramid block matching with sub-pixel
//! refinement and vector medians), and then reused for every time position
//! synthesised between the two pictures ([`warp`]: per-block choice of the
//! motion through the new picture, dense bidirectional compensation with
//! overlapped blocks where motion changes). A pair whose pictures cannot be
//! matched (a scene cut) is not blended: the output cuts from one picture to
//! the other just after the midpoint. Work is spread over the rayon pool;
//! only the two pictures' pyramids and the vector fields are kept, and the
//! later picture's pyramid serves the next pair.

pub mod metrics;
mod motion;
#[cfg(test)]
mod tests;
mod warp;

use std::time::{Duration, Instant};

use super::render::{Interpolator, Plane3};
use motion::{estimate, Gray, Pyramid};
use warp::{mid_field, synth_plane, Motion, PlaneRef};

/// Mean compensated error (per luma sample, coarse level) above which two
/// pictures are taken to belong to different shots.
const CUT_ERROR: f32 = 20.0;

/// What is known about the current source pair.
struct PairState {
    /// Luma pyramids of both pictures (the second serves the next pair).
    a: Pyramid,
    b: Pyramid,
    width: u32,
    height: u32,
    /// `None` at a scene cut.
    motion: Option<Motion>,
}

/// Motion-compensated interpolator. Keeps the motion of the last source pair
/// so that all time positions between two pictures share one estimate.
#[derive(Default)]
pub struct MciInterpolator {
    pair: Option<PairState>,
    /// Pairs estimated so far (for tests and statistics).
    estimates: u64,
    cuts: u64,
    /// Time spent estimating motion.
    motion: Duration,
}

impl MciInterpolator {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many source pairs have had their motion estimated.
    pub fn estimates(&self) -> u64 {
        self.estimates
    }

    /// How many of them were treated as scene cuts.
    pub fn cuts(&self) -> u64 {
        self.cuts
    }

    fn prepare(&mut self, a: &Plane3, b: &Plane3) -> &PairState {
        let (w, h) = (a.width as usize, a.height as usize);
        let same_size = |p: &PairState| p.width == a.width && p.height == a.height;
        let same = self
            .pair
            .as_ref()
            .is_some_and(|p| same_size(p) && p.a.luma_is(&a.y) && p.b.luma_is(&b.y));
        if !same {
            let started = Instant::now();
            // When the pictures advance by one, the old second is the new first.
            let prev = self
                .pair
                .take()
                .filter(|p| same_size(p) && p.b.luma_is(&a.y))
                .map(|p| p.b);
            let (pa, pb) = match prev {
                Some(pa) => (pa, Pyramid::new(Gray::from_slice(w, h, &b.y))),
                None => rayon::join(
                    || Pyramid::new(Gray::from_slice(w, h, &a.y)),
                    || Pyramid::new(Gray::from_slice(w, h, &b.y)),
                ),
            };
            let cut = is_cut(&pa, &pb);
            let motion = if cut {
                self.cuts += 1;
                None
            } else {
                let (fwd, bwd) = rayon::join(|| estimate(&pa, &pb), || estimate(&pb, &pa));
                Some(Motion::new(fwd, bwd))
            };
            self.estimates += 1;
            self.pair = Some(PairState {
                a: pa,
                b: pb,
                width: a.width,
                height: a.height,
                motion,
            });
            self.motion += started.elapsed();
        }
        self.pair.as_ref().expect("just set")
    }
}

/// Scene-cut test at the coarsest pyramid level: the best block matches
/// (exhaustive search, no smoothness) still differ a lot.
fn is_cut(a: &Pyramid, b: &Pyramid) -> bool {
    let (ca, cb) = (&a.levels[a.levels.len() - 1], &b.levels[b.levels.len() - 1]);
    let field = motion::coarse_match(ca, cb);
    field.mean_err() > CUT_ERROR
}

impl Interpolator for MciInterpolator {
    fn motion_time(&self) -> Duration {
        self.motion
    }

    fn interpolate(&mut self, a: &Plane3, b: &Plane3, t: f32, out: &mut Plane3) {
        let t = if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.0
        };
        if !a.same_size(b) || t <= 0.0 {
            out.copy_from(a);
            return;
        }
        if t >= 1.0 || a.width < 2 || a.height < 2 {
            // Too small to estimate anything: the nearer picture.
            out.copy_from(if t < 0.5 { a } else { b });
            return;
        }
        let pair = self.prepare(a, b);
        let Some(motion) = pair.motion.as_ref() else {
            // Scene cut: show whole pictures, never a mix of two shots (the
            // midpoint keeps the earlier shot, as FFmpeg's minterpolate does).
            out.copy_from(if t <= 0.5 { a } else { b });
            return;
        };
        if !out.same_size(a) {
            *out = Plane3::new(a.width, a.height);
        }
        let (w, h) = (a.width as usize, a.height as usize);
        let (ya, yb) = (PlaneRef { w, h, px: &a.y }, PlaneRef { w, h, px: &b.y });
        let mid = mid_field(motion, ya, yb, t);
        for i in 0..3 {
            let (w, h) = a.plane_size(i);
            let pa = PlaneRef {
                w,
                h,
                px: a.planes()[i],
            };
            let pb = PlaneRef {
                w,
                h,
                px: b.planes()[i],
            };
            let scale = if i == 0 { 1 } else { 2 };
            synth_plane(&mid, pa, pb, t, scale, out.planes_mut()[i]);
        }
    }
}
