//! `boomerang`: forward, then backward ("boomerang", "ping-pong", "forward
//! and backward", "plays through and then reverses").

use super::{Clause, Found, Intent};
use crate::media::ops::Boomerang;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let found = c.find(&["boomerang", "pingpong", "yoyo"]).or_else(|| {
        // "plays through and then reverses": the clause after "and then".
        c.find(&["reverses", "backwards", "backward"])
            .filter(|_| c.has(&["after", "through", "again", "passed"]))
    });
    let Some(i) = found else { return };
    c.take_trig(i);
    c.take_all(&[
        "boomerang",
        "pingpong",
        "yoyo",
        "style",
        "loop",
        "loops",
        "mode",
        "reverses",
        "backwards",
        "backward",
        "reverse",
    ]);
    out.push((i, Intent::Op(Boomerang {}.into())));
}
