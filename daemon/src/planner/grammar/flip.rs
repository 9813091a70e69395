//! `flip`: "mirror it", "flip vertically".

use super::{Clause, Found, Intent};
use crate::media::ops::{Flip, FlipDirection};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let Some(i) = c.find(&["flip", "mirror", "flop", "flipped", "mirrored"]) else {
        return;
    };
    c.take_trig(i);
    let vertical = c.has(&["vertical", "upside", "updown"])
        || c.has_seq(&["top", "to", "bottom"])
        || c.has_seq(&["up", "down"]);
    c.take_all(&[
        "vertical",
        "horizontal",
        "upside",
        "down",
        "left",
        "right",
        "sideways",
    ]);
    let direction = if vertical && !c.is(i, &["mirror", "mirrored"]) {
        FlipDirection::Vertical
    } else {
        FlipDirection::Horizontal
    };
    out.push((i, Intent::Op(Flip { direction }.into())));
}
