//! `reverse`: "play it backwards".

use super::{Clause, Found, Intent};
use crate::media::ops::{Flip, FlipDirection, Reverse};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let trig = c
        .find(&["reverse", "backwards", "rewind", "reversed", "reverted"])
        .or_else(|| c.seq(&["in", "reverse"]));
    let Some(i) = trig else { return };
    // "backwards compatibility": of formats, not of time.
    if c.is(
        i + 1,
        &["compatibility", "compatible", "compatibly", "compat"],
    ) {
        return;
    }
    // "the video was reversed in the vertical direction", "reversed
    // horizontally": a mirror image, not the time run backwards.
    // ("verticaly reversed": the way said before.)
    let way = (i.saturating_sub(1)..(i + 5).min(c.toks.len())).find_map(|k| {
        if c.is(k, &["vertical", "vertically", "upside"]) {
            Some((k, FlipDirection::Vertical))
        } else if c.is(k, &["horizontal", "horizontally", "sideways"]) {
            Some((k, FlipDirection::Horizontal))
        } else {
            None
        }
    });
    // "export it with the dimensions reversed": width and height swapped,
    // a turn whose way is not said.
    if (i.saturating_sub(2)..(i + 3).min(c.toks.len()))
        .any(|k| c.is(k, &["dimension", "dimensions", "width", "height"]))
    {
        c.take_trig(i);
        out.push((
            i,
            Intent::Need("say which way to turn it: 90° clockwise or 90° counterclockwise".into()),
        ));
        return;
    }
    c.take_trig(i);
    if let Some((k, direction)) = way {
        c.take(k);
        out.push((i, Intent::Op(Flip { direction }.into())));
        return;
    }
    out.push((i, Intent::Op(Reverse {}.into())));
}
