//! `normalize`: even loudness ("normalize the audio").

use super::{Clause, Found, Intent};
use crate::media::ops::Normalize;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let trig = c
        .find(&["normalize", "loudnorm", "lufs", "r128"])
        .or_else(|| {
            c.near(
                &[
                    "even",
                    "level",
                    "balance",
                    "consistent",
                    "equalize",
                    "standardize",
                ],
                &["audio", "sound", "volume", "loudness", "levels", "out"],
                3,
            )
        })
        .or_else(|| c.find(&["loudness"]));
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&[
        "audio",
        "sound",
        "volume",
        "loudness",
        "levels",
        "normalize",
    ]);
    out.push((i, Intent::Op(Normalize {}.into())));
}
