//! A picture effect over one part of a recording ("make the first 10
//! seconds black and white", "blur it except the last 5 seconds"): kiln's
//! effects take a whole file, and cutting the rest away would lose what was
//! meant to stay, so it is refused with the way to get it.

use super::{Clause, Found, Intent};
use crate::media::ops::{MediaKind, Operation};

/// What is refused.
pub(crate) const EFFECT_OVER_A_PART: &str = "apply an effect to one part of a recording only; black and white, blur, sharpening, negative and colour changes take the whole file (to keep only that part, trim it in its own request first)";

/// Read last, over what the other recognizers found in the clause.
pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let timed = !c.sources.is_empty()
        && c.sources
            .iter()
            .all(|f| matches!(f.kind(), MediaKind::Video | MediaKind::Audio));
    let effect = |i: &Intent| {
        matches!(
            i,
            Intent::Op(
                Operation::Grayscale(_)
                    | Operation::Blur(_)
                    | Operation::Sharpen(_)
                    | Operation::Negate(_)
                    | Operation::Adjust(_)
            ) | Intent::Default(
                Operation::Grayscale(_)
                    | Operation::Blur(_)
                    | Operation::Sharpen(_)
                    | Operation::Negate(_)
                    | Operation::Adjust(_)
            )
        )
    };
    let part = |i: &Intent| matches!(i, Intent::Op(Operation::Trim(_)));
    let Some(at) = out.iter().find(|(_, i)| effect(i)).map(|(p, _)| *p) else {
        return;
    };
    // "keep the first 10 seconds in black and white", "cut the first 10
    // seconds and make it black and white": the part kept, then changed.
    let kept = c.has(&[
        "cut", "trim", "keep", "clip", "save", "export", "extract", "then", "remove", "delete",
        "shorten", "gif", "skip", "drop",
    ]);
    if !timed || kept || !out.iter().any(|(_, i)| part(i)) {
        return;
    }
    out.retain(|(_, i)| !effect(i) && !part(i));
    out.push((at, Intent::Unsupported(EFFECT_OVER_A_PART.into())));
}
