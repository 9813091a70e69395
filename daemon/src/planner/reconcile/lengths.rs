//! Lengths told as limits: "Maximum duration: 15 minutes" of a long
//! recording does not say which part to keep.

use crate::media::ops::{FileFacts, Operation};
use crate::planner::grammar::Intent;
use crate::planner::tokens::Tok;

/// The shortest recording whose part to keep under a limit is asked.
const LONG_RECORDING_SECS: f64 = 600.0;

/// "File type: MP4. Maximum duration: 15 minutes", "each audition must be
/// no longer than ten minutes" of a 25-minute talk: a limit told, with no
/// cut asked, leaves which part to keep open; keeping the start would drop
/// a quarter or more of the recording, so it is asked.
pub(super) fn part_under_a_limit(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let [file] = inputs else { return intents };
    let Some(length) = file.duration_secs.filter(|&d| d >= LONG_RECORDING_SECS) else {
        return intents;
    };
    // ("trim it to 15 minutes", "make it no longer than 3 minutes", "the
    // first 10 minutes": the cut asked, or where it starts.)
    let asked = toks.iter().any(|t| {
        t.is_any(&[
            "trim",
            "cut",
            "shorten",
            "chop",
            "snip",
            "clip",
            "make",
            "keep",
            "first",
            "start",
            "beginning",
            "last",
            "end",
            "edit",
            "condense",
            "reduce",
            "crop",
            "split",
            "excerpt",
        ])
    });
    // ("sped up 32x, but still took just under 12 minutes": the length
    // the speed makes.)
    let sped = intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::Op(Operation::Speed(_))));
    if asked || sped {
        return intents;
    }
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Op(Operation::Trim(t))
                if t.start.is_none()
                    && t.end.is_none()
                    && t.last.is_none()
                    && t.duration.is_some_and(|d| d <= length * 0.75) =>
            {
                let what = "say which part to keep under the limit, e.g. \"the first 15 minutes\" or \"from 2:00 to 17:00\"".into();
                (at, Intent::Vague { op: "trim", what })
            }
            other => (at, other),
        })
        .collect()
}
