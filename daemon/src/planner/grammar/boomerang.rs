//! `boomerang`: forward, then backward ("boomerang", "ping-pong", "forward
//! and backward", "plays through and then reverses").

use super::{Clause, Found, Intent};
use crate::media::ops::Boomerang;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let found = c
        .find(&["boomerang", "pingpong", "yoyo"])
        // "ping pong", "yo yo": written apart.
        .or_else(|| c.seq(&["ping", "pong"]).or_else(|| c.seq(&["yo", "yo"])))
        .or_else(|| {
            // "plays through and then reverses": the clause after "and then".
            c.find(&["reverses", "backwards", "backward"])
                .filter(|_| c.has(&["after", "through", "again", "passed"]))
        })
        .or_else(|| looped_back(c));
    let Some(i) = found else { return };
    c.take_trig(i);
    c.take_all(&[
        "boomerang",
        "pingpong",
        "ping",
        "pong",
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

/// "have the video reverse after it was done for a continuous loop", "add
/// reverse mode to the end for making infinity loop": played back to its
/// start so that it loops without a jump. (A count said, "reverse it and
/// loop 3 times", is a reversed loop.)
fn looped_back(c: &Clause) -> Option<usize> {
    let looped = c.has(&["loop", "loops", "looping", "looped"]);
    let seamless = c.has(&[
        "after",
        "end",
        "continuous",
        "infinity",
        "infinite",
        "endless",
        "seamless",
        "smooth",
    ]);
    let counted = c.toks.iter().any(|t| {
        matches!(
            t.t,
            crate::planner::tokens::T::Num(_) | crate::planner::tokens::T::Qty(..)
        )
    });
    c.find(&["reverse", "reversed", "reverses", "backwards", "backward"])
        .filter(|_| looped && seamless && !counted)
}
