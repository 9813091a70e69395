//! Motion-compensated frame interpolation ([`MciInterpolator`]).
//!
//! For every pair of source pictures, motion is estimated once, in both
//! directions, on luma ([`motion`]: pyramid block matching with sub-pixel
//! refinement and vector medians), checked for forward-backward consistency,
//! and then reused for every time position synthesised between the two
//! pictures ([`warp`]: dense bidirectional compensation). A pair whose
//! pictures cannot be matched (a scene cut) is not blended: the output cuts
//! from one picture to the other just after the midpoint. Work is spread over the
//! rayon pool; only the two pictures' pyramids and the vector fields are kept.

pub mod metrics;
mod motion;
#[cfg(test)]
mod tests;
mod warp;

use super::render::{Interpolator, Plane3};
use motion::{estimate, Gray, Pyramid};
use warp::{synth_plane, Motion, PlaneRef};

/// Mean compensated error (per luma sample, coarse level) above which two
/// pictures are taken to belong to different shots.
const CUT_ERROR: f32 = 20.0;

/// What is known about the current source pair.
struct PairState {
    a_luma: Vec<u8>,
    b_luma: Vec<u8>,
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
        let same = self.pair.as_ref().is_some_and(|p| {
            p.width == a.width && p.height == a.height && p.a_luma == a.y && p.b_luma == b.y
        });
        if !same {
            let (w, h) = (a.width as usize, a.height as usize);
            let (pa, pb) = rayon::join(
                || Pyramid::new(Gray::from_slice(w, h, &a.y)),
                || Pyramid::new(Gray::from_slice(w, h, &b.y)),
            );
            let cut = is_cut(&pa, &pb);
            let motion = if cut {
                self.cuts += 1;
                None
            } else {
                let (fwd, bwd) = rayon::join(|| estimate(&pa, &pb), || estimate(&pb, &pa));
                Some(Motion::new(fwd, bwd))
            };
            self.estimates += 1;
            let mut a_luma = self.pair.take().map(|p| p.a_luma).unwrap_or_default();
            a_luma.clone_from(&a.y);
            self.pair = Some(PairState {
                a_luma,
                b_luma: b.y.clone(),
                width: a.width,
                height: a.height,
                motion,
            });
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
            synth_plane(motion, pa, pb, t, scale, out.planes_mut()[i]);
        }
    }
}
