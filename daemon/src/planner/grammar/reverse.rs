//! `reverse`: "play it backwards".

use super::{Clause, Found, Intent};
use crate::media::ops::Reverse;

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
    c.take_trig(i);
    out.push((i, Intent::Op(Reverse {}.into())));
}
