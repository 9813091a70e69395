//! `change_fps`: a frame rate ("30 fps").

use super::{Clause, Found, Intent};
use crate::media::ops::ChangeFps;
use crate::planner::tokens::Unit;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    if let Some((j, f)) = c.qty(Unit::Fps) {
        c.take(j);
        c.take_all(&["frame", "rate", "framerate", "fps"]);
        out.push((j, Intent::Op(ChangeFps { fps: f }.into())));
        return;
    }
    let trig = c
        .find(&["framerate", "fps"])
        .or_else(|| c.seq(&["frame", "rate"]));
    let Some(i) = trig else { return };
    c.take_all(&["frame", "rate", "framerate", "fps"]);
    if let Some((j, v)) = c.num_after(i, 4).or_else(|| c.num_before(i, 2)) {
        c.take(j);
        out.push((i, Intent::Op(ChangeFps { fps: v }.into())));
    } else if c.has(&["lower", "reduce", "decrease", "less", "half", "halve"]) {
        out.push((
            i,
            Intent::Need("say the frame rate, e.g. \"15 fps\"".into()),
        ));
    } else {
        out.push((
            i,
            Intent::Need("say the frame rate, e.g. \"30 fps\"".into()),
        ));
    }
}
