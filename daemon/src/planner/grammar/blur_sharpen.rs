//! `blur` and `sharpen`.

use super::{degree, Clause, Found, Intent};
use crate::media::ops::{Blur, Sharpen};
use crate::planner::tokens::Unit;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    if let Some(i) = c.find(&[
        "blur", "soften", "gaussian", "defocus", "smooth", "smoothen", "bokeh",
    ]) {
        c.take_trig(i);
        let sigma = c
            .qty(Unit::Px)
            .or_else(|| c.num_after(i, 4))
            .map(|(j, v)| {
                c.take(j);
                v
            })
            .unwrap_or_else(|| match degree(c) {
                0 => 2.0,
                2 => 12.0,
                _ => 5.0,
            });
        out.push((i, Intent::Op(Blur { sigma }.into())));
    }
    let trig = c
        .find(&["sharpen", "sharp", "crisp", "unblur", "deblur", "sharpness"])
        .or_else(|| {
            c.near(
                &["more", "enhance", "increase"],
                &["detail", "details", "sharpness", "definition"],
                2,
            )
        });
    if let Some(i) = trig {
        c.take_trig(i);
        let sigma = c
            .num_after(i, 4)
            .map(|(j, v)| {
                c.take(j);
                v
            })
            .unwrap_or_else(|| match degree(c) {
                0 => 0.5,
                2 => 2.5,
                _ => 1.0,
            });
        out.push((i, Intent::Op(Sharpen { sigma }.into())));
    }
}
