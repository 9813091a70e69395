//! From what was read to what is answered: act, ask or refuse, with the
//! reason in the answer.
//!
//! The sentences that ask for something (requests, polite requests) are
//! acted on; stories around them only add context. A "how do I ...?" is
//! answered in words unless the prompt also says it wants it done. Things
//! kiln cannot do are refused only where they are asked for, missing slots
//! are asked for, and leftover words block a plan only when they ask for
//! something no recognizer read.

use super::build::{build, checked, Unplannable};
use super::chat;
use super::clauses::{self, Parsed};
use super::grammar::{self, crop, unsupported, Intent};
use super::leftovers;
use super::lexicon::discourse::{CHATTER, FILE_NOUNS, LEAD};
use super::reconcile;
use super::sentence::{self, Mood, Sentence};
use super::tokens::Tok;
use super::{Plan, CAN_DO};
use crate::media::ops::{FileFacts, Format, MediaKind, Operation};

/// One sentence and what its clauses said.
pub struct Part {
    pub sentence: Sentence,
    pub parsed: Parsed,
}

/// The prompt, read: every sentence with its intents and leftovers.
pub struct Reading<'a> {
    pub toks: &'a [Tok],
    pub parts: Vec<Part>,
}

impl<'a> Reading<'a> {
    pub fn of(toks: &'a [Tok], sources: &[Format]) -> Reading<'a> {
        let mut sentences = sentence::split(toks);
        // "Hi all!", "Thanks in advance.": greetings and thanks around a
        // request are no part of it (alone, they are small talk).
        let chatter = |s: &Sentence| {
            let here = &toks[s.start..s.end];
            // "Thanks, Bob", "Regards, Ann Lee": a sign-off and a name.
            let signed = here.iter().find_map(|t| t.word()).is_some_and(|w| {
                matches!(
                    w,
                    "thanks" | "thank" | "regards" | "cheers" | "best" | "sincerely" | "thx"
                )
            });
            let mut names = 0;
            here.iter().all(|t| match &t.t {
                super::tokens::T::Word(w) if CHATTER.contains(&w.as_str()) => true,
                super::tokens::T::Word(_) if signed && t.orig.starts_with(char::is_uppercase) => {
                    names += 1;
                    names <= 2
                }
                super::tokens::T::Sep => true,
                _ => false,
            })
        };
        if sentences.iter().any(|s| !chatter(s)) {
            sentences.retain(|s| !chatter(s));
        }
        let mut parts: Vec<Part> = sentences
            .into_iter()
            .map(|s| Part {
                parsed: clauses::parse(toks, s.start, s.end, sources),
                sentence: s,
            })
            .collect();
        for p in &mut parts {
            super::reconcile::placed_elsewhere(&mut p.parsed.intents, toks);
        }
        drop_mentions(toks, &mut parts);
        // "... reduce the size of the png files ... Please merge :)" with one
        // file: nothing to join it with, beside the steps said ("join them"
        // alone is answered that it needs two files).
        let others = parts.iter().any(|p| {
            p.parsed
                .intents
                .iter()
                .any(|(_, i)| !matches!(i, Intent::Combine))
        });
        if sources.len() == 1 && others {
            for p in &mut parts {
                p.parsed.retain(|_, i| !matches!(i, Intent::Combine));
            }
        }
        length_without_cuts(toks, &mut parts);
        for k in 1..parts.len() {
            if let Some(found) = part_referred(toks, &parts[k - 1], &parts[k], sources) {
                let p = &mut parts[k];
                p.parsed.told = vec![false; found.len()];
                p.parsed.intents = found;
                p.parsed.leftovers.clear();
            }
        }
        for k in 1..parts.len() {
            if let Some(parsed) = value_told_after(toks, &parts[k - 1], &parts[k], sources) {
                parts[k - 1].parsed = parsed;
                parts[k].parsed = Parsed::default();
            }
        }
        Reading { toks, parts }
    }

    /// Adds what a quoted ffmpeg command line asks, as a request of its own.
    pub fn add_command(&mut self, intents: Vec<Intent>) {
        let at = self.toks.len();
        let parsed = Parsed {
            told: vec![false; intents.len()],
            intents: intents.into_iter().map(|i| (at, i)).collect(),
            leftovers: Vec::new(),
        };
        let sentence = Sentence {
            start: at,
            end: at,
            mood: Mood::Request,
        };
        self.parts.push(Part { sentence, parsed });
    }

    fn parts_in<'b>(&'b self, moods: &'b [Mood]) -> impl Iterator<Item = &'b Part> + 'b {
        self.parts
            .iter()
            .filter(move |p| moods.contains(&p.sentence.mood))
    }

    /// The intents of the sentences of `moods`: those of clauses that ask,
    /// and those of clauses that tell where they add another operation
    /// ("this converts the WAV to AAC. Set the bitrate to 128k"), not where
    /// they describe the file ("I have a 25 fps video and want 23.976").
    fn intents_in(&self, moods: &[Mood]) -> Vec<(usize, Intent)> {
        let all: Vec<((usize, Intent), bool)> = self
            .parts_in(moods)
            .flat_map(|p| {
                p.parsed
                    .intents
                    .iter()
                    .cloned()
                    .zip(p.parsed.told.iter().copied())
            })
            .collect();
        let asked: Vec<&'static str> = all
            .iter()
            .filter(|(_, told)| !told)
            .filter_map(|((_, i), _)| i.family())
            .collect();
        // "turn it upright ... it needed turning 90° clockwise": the turn said.
        let turned = all
            .iter()
            .any(|((_, i), _)| matches!(i, Intent::Op(crate::media::ops::Operation::Rotate(_))));
        if asked.is_empty() {
            // "convert them into audiobooks ... you get bookmarks as well as
            // the ability to speed things up": of all told, a step said
            // without its value is what the firm ones bring.
            let firm = all.iter().any(|((_, i), _)| {
                matches!(
                    i,
                    Intent::Op(_) | Intent::ConvertTo { .. } | Intent::OnPdf(_)
                )
            });
            return all
                .into_iter()
                .map(|(i, _)| i)
                .filter(|(_, i)| !(turned && matches!(i, Intent::Upright)))
                .filter(|(_, i)| {
                    !(firm
                        && matches!(
                            i,
                            Intent::Vague { .. }
                                | Intent::Default(crate::media::ops::Operation::Speed(_))
                        ))
                })
                .collect();
        }
        // "upload to discord, but the limit is 25MB": a value told gives
        // its value to an operation asked without one.
        let firm: Vec<&'static str> = all
            .iter()
            .filter(|((_, i), told)| {
                !told
                    && !matches!(
                        i,
                        Intent::Default(_) | Intent::Vague { .. } | Intent::Need(_)
                    )
            })
            .filter_map(|((_, i), _)| i.family())
            .collect();
        let asked: Vec<&'static str> = asked
            .into_iter()
            .filter(|f| {
                firm.contains(f)
                    || !all.iter().any(|((_, i), told)| {
                        *told
                            && i.family() == Some(f)
                            && !matches!(
                                i,
                                Intent::Need(_) | Intent::Vague { .. } | Intent::Default(_)
                            )
                    })
            })
            .collect();
        // Audio settings told and asked complete each other ("the bitrate is
        // 320k, and the sample rate 44100").
        // ("it now makes 24kHz MP3s ... how do I get 44.1kHz again?": a
        // setting asked wins over the same one told.)
        let shape_set = |i: &Intent| match i {
            Intent::AudioShape {
                channels,
                bitrate_kbps,
                sample_rate,
                ..
            } => [
                channels.is_some(),
                bitrate_kbps.is_some(),
                sample_rate.is_some(),
            ],
            _ => [false; 3],
        };
        let asked_set = all
            .iter()
            .filter(|(_, told)| !told)
            .map(|((_, i), _)| shape_set(i))
            .fold([false; 3], |a, b| {
                [a[0] || b[0], a[1] || b[1], a[2] || b[2]]
            });
        let complements = |i: &Intent| {
            matches!(i, Intent::AudioShape { .. })
                && shape_set(i).iter().zip(asked_set).all(|(t, a)| !(*t && a))
        };
        // "It's upside down, can I flip it?": the turn told is the flip asked.
        use crate::media::ops::Operation;
        let upside_down = all.iter().any(|((_, i), told)| {
            *told && matches!(i, Intent::Op(Operation::Rotate(r)) if r.degrees == 180)
        });
        all.into_iter()
            .filter(|((_, i), _)| !(upside_down && matches!(i, Intent::Default(Operation::Flip(_)))))
            .filter(|((_, i), _)| !(turned && matches!(i, Intent::Upright)))
            .filter(|((_, i), told)| {
                // "smaller so I can email it": the size the app takes.
                let sized = matches!(i, Intent::Default(crate::media::ops::Operation::Compress(c)) if c.target_mb.is_some());
                if *told && sized {
                    return i.family().is_some_and(|f| !firm.contains(&f));
                }
                !told
                    || !matches!(
                        i,
                        Intent::Need(_)
                            | Intent::Vague { .. }
                            | Intent::Default(_)
                            | Intent::Compatible
                            | Intent::Upright
                            | Intent::Loop
                    ) && i
                        .family()
                        .is_some_and(|f| !asked.contains(&f) || complements(i))
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn any(&self, moods: &[Mood]) -> bool {
        self.parts_in(moods).next().is_some()
    }

    /// Every intent of the prompt, in order.
    pub fn all_intents(&self) -> Vec<Intent> {
        self.parts
            .iter()
            .flat_map(|p| p.parsed.intents.iter().map(|(_, i)| i.clone()))
            .collect()
    }
}

/// "The first 30 seconds are people finding their seats. I'd love to get
/// rid of that part.": a part named in one sentence, cut or kept in the
/// next.
fn part_referred(
    toks: &[Tok],
    prev: &Part,
    cur: &Part,
    sources: &[Format],
) -> Option<Vec<(usize, Intent)>> {
    // (A step asked without its part, "cut that out", takes the part too.)
    let unplaced = cur
        .parsed
        .intents
        .iter()
        .zip(cur.parsed.told.iter())
        .all(|((_, i), told)| *told || matches!(i, Intent::Need(_) | Intent::Vague { .. }));
    let how = cur.sentence.mood == Mood::HowTo;
    if !unplaced || !matches!(cur.sentence.mood, Mood::Request | Mood::Polite) && !how {
        return None;
    }
    let spans = (
        (prev.sentence.start, prev.sentence.end),
        (cur.sentence.start, cur.sentence.end),
    );
    // ("The mic caused a hum. How do I remove it?": a thing kiln cannot
    // take out is said so; a step asked how is answered as before.)
    let unsupported = |found: &Vec<(usize, Intent)>| {
        found
            .iter()
            .all(|(_, i)| matches!(i, Intent::Unsupported(_)))
    };
    if how {
        return super::referent::object_referred(toks, spans.0, spans.1, sources)
            .filter(unsupported);
    }
    clauses::referred_part(toks, spans.0, spans.1, sources)
        .or_else(|| super::referent::object_referred(toks, spans.0, spans.1, sources))
}

/// "... at a lower bit rate. I think 96 should be OK", "Drop the frame
/// rate. 15 is enough", "FPS conversion. Source at 50, output at 30": a bare
/// number in the sentence after a setting named without its value is that
/// value; the two are read as one.
fn value_told_after(toks: &[Tok], prev: &Part, cur: &Part, sources: &[Format]) -> Option<Parsed> {
    use super::tokens::{Unit, T};
    // (A reason told after the share asks nothing: "60% because my TV
    // won't play it".)
    if cur.parsed.told.iter().all(|t| *t) {
        if let Some(parsed) = share_told_after(toks, prev, cur) {
            return Some(parsed);
        }
    }
    if !cur.parsed.intents.is_empty() {
        return None;
    }
    let here = &toks[cur.sentence.start..cur.sentence.end];
    let num = |t: &Tok| match t.t {
        T::Num(v) => Some(v),
        _ => None,
    };
    let nums: Vec<f64> = here.iter().filter_map(num).collect();
    let valued = here
        .iter()
        .any(|t| matches!(t.t, T::Qty(..) | T::Clock { .. } | T::Dims(..)));
    let judged = here.iter().any(|t| {
        t.is_any(&[
            "ok", "okay", "fine", "enough", "good", "do", "work", "suffice", "plenty", "maybe",
            "perhaps", "around", "about",
        ])
    });
    // "E.g. source at 50 and output at 30": the number the output is.
    let output = here.iter().enumerate().find_map(|(k, t)| {
        if !t.is_any(&["output", "target", "result"]) {
            return None;
        }
        here[k + 1..(k + 3).min(here.len())].iter().find_map(num)
    });
    let v = match (output, nums.as_slice()) {
        _ if valued => return None,
        (Some(v), _) => v,
        (None, [v]) if judged => *v,
        _ => return None,
    };
    let before = &toks[prev.sentence.start..prev.sentence.end];
    let named = |ws: &[&str]| before.iter().any(|t| t.is_any(ws));
    let framed = before
        .windows(2)
        .any(|w| w[0].is_any(&["frame"]) && w[1].is_any(&["rate"]));
    let unit = if named(&["bitrate", "bitrates"]) && (8.0..=512.0).contains(&v) {
        Unit::Kbps
    } else if (named(&["fps", "framerate"]) || framed) && (1.0..=120.0).contains(&v) {
        Unit::Fps
    } else {
        return None;
    };
    let word = |w: &str| Tok {
        t: T::Word(w.into()),
        orig: w.into(),
    };
    let mut joined: Vec<Tok> = before.to_vec();
    joined.push(word("to"));
    joined.push(Tok {
        t: T::Qty(v, unit),
        orig: format!("{v}"),
    });
    let mut parsed = clauses::parse(&joined, 0, joined.len(), sources);
    let valued = |i: &Intent| {
        matches!(
            i,
            Intent::AudioShape {
                bitrate_kbps: Some(_),
                ..
            } | Intent::Op(crate::media::ops::Operation::ChangeFps(_))
        )
    };
    if !parsed.intents.iter().any(|(_, i)| valued(i)) {
        return None;
    }
    for (p, _) in &mut parsed.intents {
        *p += prev.sentence.start;
    }
    for l in &mut parsed.leftovers {
        l.start += prev.sentence.start;
        l.end = (l.end + prev.sentence.start).min(prev.sentence.end);
    }
    Some(parsed)
}

/// "Reduce the resolution so the file is smaller. 75%": a share said alone
/// after a resize asked without its size is that size (what follows it in
/// its sentence asks nothing: the caller saw no intent there).
fn share_told_after(toks: &[Tok], prev: &Part, cur: &Part) -> Option<Parsed> {
    use super::tokens::{Unit, T};
    use crate::media::ops::Operation;
    let here = &toks[cur.sentence.start..cur.sentence.end];
    let mut words = here.iter().filter(|t| !matches!(t.t, T::Sep));
    let Some(Tok {
        t: T::Qty(p, Unit::Pct),
        ..
    }) = words.next()
    else {
        return None;
    };
    if words.any(|t| matches!(t.t, T::Num(_) | T::Qty(..) | T::Clock { .. } | T::Dims(..))) {
        return None;
    }
    if !(1.0..100.0).contains(p) {
        return None;
    }
    let mut parsed = prev.parsed.clone();
    let k = parsed.intents.iter().position(|(_, i)| {
        matches!(i, Intent::Default(Operation::Scale(s)) | Intent::Op(Operation::Scale(s))
            if s.width.is_none() && s.height.is_none() && s.resolution.is_none())
            || matches!(i, Intent::Vague { op: "scale", .. })
    })?;
    let mut s = match &parsed.intents[k].1 {
        Intent::Default(Operation::Scale(s)) | Intent::Op(Operation::Scale(s)) => s.clone(),
        _ => crate::media::ops::Scale {
            width: None,
            height: None,
            percent: None,
            resolution: None,
            keep_aspect: true,
            fill: false,
        },
    };
    s.percent = Some(*p);
    parsed.intents[k].1 = Intent::Op(s.into());
    Some(parsed)
}

/// What the prompt asks to be done, and how it asked.
enum Wanted {
    /// These intents (at these positions), asked for by sentences of
    /// these moods.
    Act(Vec<(usize, Intent)>, Vec<Mood>),
    /// A question: answer in words.
    Answer,
    /// Nothing understood.
    Nothing,
}

const ASKING: &[Mood] = &[Mood::Request, Mood::Polite, Mood::Label];

fn wanted(r: &Reading) -> Wanted {
    // "Can I make 9:16 videos with this? If so, how?": a question. (A
    // "How?" alone after "Possible?" asks for it done.)
    let bare_how = r.parts.iter().any(|p| {
        let ws: Vec<&str> = r.toks[p.sentence.start..p.sentence.end]
            .iter()
            .filter_map(|t| t.word())
            .collect();
        ws.contains(&"how")
            && ws.iter().any(|w| matches!(*w, "if" | "so"))
            && ws
                .iter()
                .all(|w| matches!(*w, "if" | "so" | "how" | "then" | "and" | "exactly"))
    });
    if bare_how {
        return Wanted::Answer;
    }
    let asked = resized_to_the_bytes(
        r,
        vague_told(
            r,
            size_told(
                r,
                limit_said_under_the_usual(r, turn_told(r, playable_told(r, r.intents_in(ASKING)))),
            ),
        ),
    );
    if !asked.is_empty() {
        let moods = r
            .parts_in(ASKING)
            .filter(|p| !p.parsed.intents.is_empty())
            .map(|p| p.sentence.mood)
            .collect();
        return Wanted::Act(asked, moods);
    }
    let how = r.intents_in(&[Mood::HowTo]);
    // "I'd like it as mp4. How do I do that?", "It's sideways. Any idea how
    // to rotate it?": a wish, or a story about the file, makes it a request.
    let context = r
        .parts_in(&[Mood::Request])
        .any(|p| !p.parsed.intents.is_empty())
        || !r.intents_in(&[Mood::Story]).is_empty();
    if !how.is_empty() && context {
        return Wanted::Act(how, vec![Mood::HowTo]);
    }
    // "It is rotated 90°. How can I fix this?", "it's sideways, how can I
    // fix it?": what to fix was told.
    let fixes = r.parts_in(&[Mood::HowTo]).any(|p| {
        r.toks[p.sentence.start..p.sentence.end].iter().any(|t| {
            t.is_any(&[
                "fix",
                "correct",
                "solve",
                "repair",
                "undo",
                "orientation",
                "straighten",
                "rectify",
            ])
        })
    });
    let what = if how.is_empty() {
        r.intents_in(&[Mood::Story])
    } else {
        how
    };
    if fixes && !what.is_empty() {
        return Wanted::Act(what, vec![Mood::HowTo]);
    }
    // "I can't have the scans in one PDF. Did I miss something? If not,
    // could you consider this?": a request pointing back at what was told.
    let told = r.intents_in(&[Mood::Story]);
    if !told.is_empty() && points_back(r) {
        return Wanted::Act(oriented_told(told), vec![Mood::Story]);
    }
    if r.any(&[Mood::HowTo, Mood::Info]) || !r.intents_in(&[Mood::Info]).is_empty() {
        return Wanted::Answer;
    }
    let told = oriented_told(r.intents_in(&[Mood::Story]));
    if !told.is_empty() {
        return Wanted::Act(told, vec![Mood::Story]);
    }
    Wanted::Nothing
}

/// "Is there a way to resize a tiff at a given width? ... it is important
/// that they are rescaled with a width of 1000 pixels": a step asked
/// without its value takes the value told of the same step.
fn vague_told(r: &Reading, asked: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let told = r.intents_in(&[Mood::Story]);
    let told_at: Vec<usize> = r
        .parts_in(ASKING)
        .flat_map(|p| p.parsed.intents.iter().zip(p.parsed.told.iter()))
        .filter(|(_, told)| **told)
        .map(|((k, _), _)| *k)
        .collect();
    let sized = asked.iter().any(|(k, i)| {
        !told_at.contains(k)
            && matches!(
                i,
                Intent::Op(Operation::Compress(_) | Operation::Scale(_))
                    | Intent::Default(Operation::Compress(_))
            )
    });
    asked
        .into_iter()
        .map(|(at, i)| {
            let Intent::Vague { op, .. } = &i else {
                return (at, i);
            };
            // (Said after it, of a step whose value is a setting: a format or
            // a length told is the file's, a limit or a reason.)
            let setting = matches!(
                *op,
                "scale" | "change_fps" | "speed" | "volume" | "audio_settings" | "quantize"
            );
            // ("bunch that are greater than 512px wide ... resize the ones
            // that are larger": a size told as a limit, before it.)
            let limit = |k: usize| {
                *op == "scale"
                    && r.toks[k.saturating_sub(3)..k].iter().any(|t| {
                        t.is_any(&["than", "over", "above", "exceed", "exceeds", "exceeding"])
                    })
            };
            let concrete = told.iter().find(|(k, t)| {
                setting
                    && (*k > at || limit(*k))
                    && !matches!(t, Intent::Vague { .. } | Intent::Need(_))
                    && t.family() == Some(*op)
            });
            if let Some((k, t)) = concrete {
                return (*k, t.clone());
            }
            // "resize the image when sending, so as to comply with the 5mb
            // limit": the size in bytes the purpose says.
            let target = (*op == "scale" && !sized)
                .then(|| {
                    r.parts_in(ASKING)
                        .flat_map(|p| p.parsed.intents.iter().zip(p.parsed.told.iter()))
                        .find(|((k, t), told)| {
                            **told
                                && *k > at
                                && matches!(t, Intent::Op(Operation::Compress(c)) if c.target_mb.is_some())
                        })
                })
                .flatten();
            match target {
                Some(((k, t), _)) => (*k, t.clone()),
                None => (at, i),
            }
        })
        .collect()
}

/// "Resize image of a post which is more than 4 Mo", "the size exceeded
/// 2MB ... the image is automatically resized": a resize with no size,
/// beside a size in bytes said anywhere, is the way to get under it; the
/// compression to that size is asked.
fn resized_to_the_bytes(r: &Reading, asked: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let vague = |i: &Intent| {
        matches!(i, Intent::Vague { op: "scale", .. })
            || matches!(i, Intent::Need(w) if w.starts_with("say the size to get under"))
    };
    if !asked.iter().any(|(_, i)| vague(i)) {
        return asked;
    }
    let target =
        |i: &Intent| matches!(i, Intent::Op(Operation::Compress(c)) if c.target_mb.is_some());
    let mb = |i: &Intent| match i {
        Intent::Op(Operation::Compress(c)) => c.target_mb.unwrap_or(f64::MAX),
        _ => f64::MAX,
    };
    // ("an image of ~16 MB, the upload limit is 10 MB": the smaller.)
    let said = r
        .parts
        .iter()
        .flat_map(|p| p.parsed.intents.iter())
        .filter(|(_, i)| target(i))
        .min_by(|a, b| mb(&a.1).total_cmp(&mb(&b.1)))
        .cloned();
    let Some((k, compress)) = said else {
        return asked;
    };
    let has = asked.iter().any(|(_, i)| target(i));
    let mut out: Vec<(usize, Intent)> = asked.into_iter().filter(|(_, i)| !vague(i)).collect();
    if !has {
        out.push((k, compress));
    }
    out
}

/// Verbs of a request pointing back at what was told.
const BACK_VERBS: &[&str] = &[
    "consider",
    "add",
    "implement",
    "support",
    "offer",
    "fix",
    "do",
];

/// The other words such a request may have.
const BACK_WORDS: &[&str] = &[
    "could", "can", "would", "will", "you", "please", "pls", "this", "that", "it", "feature",
    "option", "if", "not", "maybe", "also", "kindly", "so", "then", "for", "me", "us", "be",
    "nice", "great", "we", "have", "a", "an", "the",
];

/// A request of nothing but a word pointing back: "could you consider this?",
/// "please add this", "can you implement it?".
fn points_back(r: &Reading) -> bool {
    r.parts_in(ASKING).any(|p| {
        let ws: Vec<&str> = r.toks[p.sentence.start..p.sentence.end]
            .iter()
            .filter_map(|t| t.word())
            .collect();
        p.parsed.intents.is_empty()
            && ws.iter().any(|w| matches!(*w, "this" | "that" | "it"))
            && ws.iter().any(|w| BACK_VERBS.contains(w))
            && ws
                .iter()
                .all(|w| BACK_VERBS.contains(w) || BACK_WORDS.contains(w))
    })
}

/// "it is shown horizontal, so rotated 90 degrees": a picture told as shown
/// turned is put upright by its orientation tag; the turn told describes it.
fn oriented_told(told: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let upright = told
        .iter()
        .any(|(_, i)| matches!(i, Intent::Op(Operation::AutoOrient(_))));
    told.into_iter()
        .filter(|(_, i)| {
            !(upright && matches!(i, Intent::Op(Operation::Rotate(_) | Operation::Flip(_))))
        })
        .collect()
}

/// "I can't send it to discord because it is more than 8MB. Make the file
/// size smaller so we can send it to discord": a limit said in numbers,
/// under the one a place is known for, is the one to get under.
fn limit_said_under_the_usual(r: &Reading, asked: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    use crate::media::ops::Operation;
    let limit_word = |k: usize| {
        (k.saturating_sub(3)..k).any(|j| {
            r.toks[j].is_any(&[
                "than", "over", "exceeds", "exceed", "above", "under", "below", "limit", "max",
                "maximum",
            ])
        })
    };
    let said = r
        .parts
        .iter()
        .flat_map(|p| p.parsed.intents.iter())
        .filter_map(|(k, i)| match i {
            Intent::Op(Operation::Compress(c)) if limit_word(*k) => c.target_mb.map(|mb| (*k, mb)),
            _ => None,
        })
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let Some((_, mb)) = said else { return asked };
    asked
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Default(Operation::Compress(mut c))
                if c.target_mb.is_some_and(|usual| mb < usual) =>
            {
                c.target_mb = Some(mb);
                (at, Intent::Op(Operation::Compress(c)))
            }
            other => (at, other),
        })
        .collect()
}

/// "The site's limit is 8 MB. I'd like it to pick the best compression",
/// "The upload limit is 50 MB. Rescaling it to meet that would be ok": a
/// compression or resize asked without a size takes the limit told.
fn size_told(r: &Reading, asked: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    use crate::media::ops::{Compress, Operation};
    let mut told: Vec<f64> = r
        .intents_in(&[Mood::Story, Mood::Info])
        .into_iter()
        .filter_map(|(_, i)| match i {
            Intent::Op(Operation::Compress(c)) | Intent::Default(Operation::Compress(c)) => {
                c.target_mb
            }
            _ => None,
        })
        .collect();
    told.dedup();
    let ([limit], false) = (told.as_slice(), asked.is_empty()) else {
        return asked;
    };
    let open = |i: &Intent| match i {
        Intent::Op(Operation::Compress(c)) | Intent::Default(Operation::Compress(c)) => {
            c.target_mb.is_none()
        }
        Intent::Vague { op, .. } => matches!(*op, "compress" | "scale"),
        // ("images should automatically downscale", beside a told limit.)
        Intent::Default(Operation::Scale(_)) => true,
        _ => false,
    };
    // Only when nothing else is asked beside it.
    if !asked.iter().all(|(_, i)| open(i)) {
        return asked;
    }
    let at = asked[0].0;
    let under = Compress {
        quality: None,
        target_mb: Some(*limit),
    };
    vec![(at, Intent::Op(under.into()))]
}

/// "the sample video doesn't play, so it should be converted to play": a
/// conversion asked without its format, beside a file told as not playing,
/// is to the format that plays nearly everywhere.
fn playable_told(r: &Reading, asked: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let unplayable = r.parts.iter().any(|p| {
        p.parsed
            .intents
            .iter()
            .zip(p.parsed.told.iter())
            .any(|((_, i), told)| *told && matches!(i, Intent::Compatible))
    });
    // ("select pages 2-3 and save them as a PDF because my TV won't play
    // it": a document's pages, nothing to play.)
    let document = asked.iter().any(|(_, i)| matches!(i, Intent::OnPdf(_)));
    if !unplayable || document {
        return asked;
    }
    asked
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Vague { op: "convert", .. } => (at, Intent::Compatible),
            other => (at, other),
        })
        .collect()
}

/// "My camera is mounted upside down. Can I rotate the video?": a rotation
/// or flip asked without its way takes the turn the story tells.
fn turn_told(r: &Reading, asked: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    use crate::media::ops::Operation;
    let story = r.intents_in(&[Mood::Story]);
    // "I recorded them in WAV instead of MP3. Is there an easy way to
    // convert?", "the videos don't always work ... I have to convert the
    // mp4 to mp3": the format told is the one the conversion asks for, or
    // the one that plays.
    let targets: Vec<&Intent> = story
        .iter()
        .map(|(_, i)| i)
        .filter(|i| {
            matches!(
                i,
                Intent::ConvertTo {
                    to: super::lexicon::FormatWord::Writable(_),
                    ..
                }
            )
        })
        .collect();
    let asked: Vec<(usize, Intent)> = match targets.as_slice() {
        [target] => asked
            .into_iter()
            .map(|(at, i)| match i {
                Intent::Vague { op: "convert", .. } | Intent::Compatible => (at, (*target).clone()),
                other => (at, other),
            })
            .collect(),
        _ => asked,
    };
    // "... because my videos are upside down": a turn told in a clause of
    // the request's own sentence counts too.
    let told_beside = r.parts.iter().flat_map(|p| {
        p.parsed
            .intents
            .iter()
            .zip(p.parsed.told.iter())
            .filter(|(_, told)| **told)
            .map(|((at, i), _)| (*at, i.clone()))
    });
    // "they appear upside-down. ... rotate the pictures": shown upside
    // down is half a turn, when a turn is asked.
    let upside_down = r.parts_in(&[Mood::Story]).any(|p| {
        p.parsed
            .intents
            .iter()
            .any(|(_, i)| matches!(i, Intent::Op(Operation::AutoOrient(_))))
            && r.toks[p.sentence.start..p.sentence.end]
                .windows(2)
                .any(|w| w[0].word() == Some("upside") && w[1].word() == Some("down"))
    });
    let told: Vec<(usize, Intent)> = story.into_iter().chain(told_beside).collect();
    // "I notice that the pictures get rotated. ... provide a way to rotate
    // them?": pictures told as shown turned are put upright by their tag.
    let oriented = told
        .iter()
        .any(|(_, i)| matches!(i, Intent::Op(Operation::AutoOrient(_))));
    let told = told
        .into_iter()
        .find_map(|(_, i)| match i {
            Intent::Op(op @ Operation::Rotate(_)) => Some(op),
            _ => None,
        })
        .or_else(|| upside_down.then(|| crate::media::ops::Rotate::by(180).into()))
        .or_else(|| oriented.then(|| crate::media::ops::AutoOrient {}.into()));
    let Some(turn) = told else { return asked };
    asked
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Default(Operation::Rotate(_) | Operation::Flip(_)) => {
                (at, Intent::Op(turn.clone()))
            }
            other => (at, other),
        })
        .collect()
}

/// The most words a request has for an unread clause in it to stop the
/// operations read beside it.
const TERSE_WORDS: usize = 12;

/// Plans a read prompt against the files.
pub fn decide(prompt: &str, r: &Reading, inputs: &[FileFacts]) -> Plan {
    if let Some(plan) = refuse_unsupported(r) {
        return plan;
    }
    let (intents, moods) = match wanted(r) {
        Wanted::Act(intents, moods) => (intents, moods),
        Wanted::Answer if how_to_convert(r, inputs) => {
            (r.intents_in(&[Mood::HowTo]), vec![Mood::HowTo])
        }
        Wanted::Answer => return answer(prompt, r, inputs),
        Wanted::Nothing => return nothing(prompt, r, inputs),
    };
    act(prompt, r, inputs, intents, moods)
}

/// "How to convert the m4a format to wav format?" of an m4a: the how-to
/// asked of the file at hand is done; not one asked of another tool ("How
/// to convert jpeg to webp in vips command line", "... use icafe?"), which
/// is answered.
fn how_to_convert(r: &Reading, inputs: &[FileFacts]) -> bool {
    let how = r.intents_in(&[Mood::HowTo]);
    // ("... to use on my phone", "... to play on my phone": a purpose and
    // a device, no tool; "in Photoshop" names one.)
    let elsewhere = r.parts_in(&[Mood::HowTo]).any(|p| {
        let here = &r.toks[p.sentence.start..p.sentence.end];
        let after = |k: usize, ws: &[&str]| k > 0 && here[k - 1].is_any(ws);
        here.iter().enumerate().any(|(k, t)| {
            t.is_any(&["use", "using", "via"]) && !after(k, &["to"])
                || t.is_any(&["command", "online", "ffmpeg"])
                || t.word().is_some_and(|w| super::sentence::APPS.contains(&w))
                    && after(k, &["in", "with", "by", "through"])
        })
    });
    !inputs.is_empty()
        && !elsewhere
        && !how.is_empty()
        && how.iter().all(|(_, i)| {
            matches!(
                i,
                Intent::ConvertTo {
                    to: super::lexicon::FormatWord::Writable(_),
                    ..
                } | Intent::Gif { .. }
            )
        })
}

/// What a step asked without a value gets from another sentence that tells
/// it: "can you re-sync the audio? ... the audio is 150 ms late", "make it
/// a ringtone? just the chorus from 1:05 to 1:35".
fn told_elsewhere(
    r: &Reading,
    intents: Vec<(usize, Intent)>,
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let sources: Vec<Format> = inputs.iter().map(|f| f.format).collect();
    let vague_shift = |p: &&Part| {
        p.parsed.intents.iter().any(|(_, i)| {
            matches!(
                i,
                Intent::Vague {
                    op: "shift_audio",
                    ..
                }
            )
        })
    };
    let shift = r
        .intents_in(&[Mood::Story, Mood::Request, Mood::Polite])
        .into_iter()
        .find(|(_, i)| matches!(i, Intent::Op(Operation::ShiftAudio(_))))
        .or_else(|| {
            r.parts.iter().filter(vague_shift).find_map(|p| {
                let (a, b) = (p.sentence.start, p.sentence.end);
                grammar::sync_said_across(&r.toks[a..b], &sources).map(|i| (a, i))
            })
        });
    let part = r.intents_in(&[Mood::Story]).into_iter().find(|(_, i)| {
        matches!(i, Intent::Op(Operation::Trim(t)) if t.start.is_some() && t.end.is_some())
    });
    // "speed this up? ... make it like 4x": a pace said firmly in a
    // sentence that tells, for a speed asked without one.
    let pace = r
        .intents_in(&[Mood::Story])
        .into_iter()
        .find_map(|(_, i)| match i {
            Intent::Op(Operation::Speed(s)) => Some(s),
            _ => None,
        });
    // "make this a gif? It's a funny moment from 0:12 to 0:16": the part
    // told is the part made into the GIF.
    let gif_of_part = part.is_some()
        && intents.iter().any(|(_, i)| matches!(i, Intent::Gif { .. }))
        && !intents.iter().any(|(_, i)| {
            matches!(
                i,
                Intent::Op(Operation::Trim(_))
                    | Intent::Portion { .. }
                    | Intent::Default(Operation::Trim(_))
            )
        });
    let mut out: Vec<(usize, Intent)> = intents
        .into_iter()
        .map(|(at, i)| match (&i, &shift, &part) {
            (
                Intent::Vague {
                    op: "shift_audio", ..
                },
                Some(told),
                _,
            ) => told.clone(),
            (Intent::Need(w), _, Some(told)) if w == grammar::RINGTONE_PART => told.clone(),
            (Intent::Default(Operation::Speed(_)), _, _) => match &pace {
                Some(told) => (at, Intent::Op(Operation::Speed(told.clone()))),
                None => (at, i),
            },
            _ => (at, i),
        })
        .collect();
    if let (true, Some((_, trim))) = (gif_of_part, part) {
        out.insert(0, (0, trim));
    }
    sized_crop_told(r, out)
}

/// "How can I crop a gif in the center, 200x200? I wanna crop gifs for
/// the profile picture": a crop to a shape takes the size told for it
/// elsewhere, when the size has that shape.
fn sized_crop_told(r: &Reading, intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    use crate::media::ops::{Aspect, Crop};
    let sized = r.parts.iter().find_map(|p| {
        p.parsed.intents.iter().find_map(|(_, i)| match i {
            Intent::CropRect { w, h, at: None, .. } => Some((*w, *h)),
            _ => None,
        })
    });
    let Some((w, h)) = sized else {
        return intents;
    };
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Op(Operation::Crop(Crop {
                rect: None,
                aspect: Some(a),
            })) if Aspect::new(w, h) == Some(a) => (
                at,
                Intent::CropRect {
                    w,
                    h,
                    at: None,
                    centred: false,
                },
            ),
            other => (at, other),
        })
        .collect()
}

/// The steps wanted, planned on the files (or what is missing, or why not).
fn act(
    prompt: &str,
    r: &Reading,
    inputs: &[FileFacts],
    intents: Vec<(usize, Intent)>,
    moods: Vec<Mood>,
) -> Plan {
    // ("cut it in half and give me the second half": the split is the part.)
    let part_kept = intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::Portion { keep: true, .. }));
    let intents: Vec<(usize, Intent)> = intents
        .into_iter()
        .filter(|(_, i)| {
            !(part_kept
                && (matches!(i, Intent::Unsupported(w) if w.starts_with("split a file"))
                    || matches!(i, Intent::Op(crate::media::ops::Operation::Split(_)))))
        })
        .collect();
    // "can you make gifs?" with no file: a question about kiln.
    // "... but are there options to rotate a video?": asked, with no file.
    let asked = r
        .toks
        .iter()
        .rev()
        .find(|t| !matches!(t.t, super::tokens::T::Sep) || matches!(t.orig.as_str(), "?" | "？"))
        .is_some_and(|t| matches!(t.orig.as_str(), "?" | "？"));
    if inputs.is_empty() {
        if let Some(message) = chat::unread_wanted(r.toks) {
            return Plan::Refuse { message };
        }
    }
    if inputs.is_empty() && asked {
        if let Some(message) = chat::about_support(r.toks) {
            return Plan::Chat { message };
        }
    }
    if inputs.is_empty() && (moods.iter().all(|m| *m == Mood::Polite) || asked) {
        return answer(prompt, r, inputs);
    }
    let intents = own_format_elsewhere(r, intents, inputs);
    let intents = reconcile::reconcile(intents, r.toks, inputs);
    // "the music is too loud ... covers up the narration", said over
    // several clauses: the music's level alone is asked, and the whole
    // sound's volume would not give it.
    let loudness_only = !intents.is_empty()
        && intents
            .iter()
            .all(|(_, i)| matches!(i.family(), Some("volume" | "normalize")));
    if loudness_only && super::grammar::unsupported::music_over_speech_in(r.toks) {
        return cannot(super::grammar::unsupported::MUSIC_UNDER_SPEECH);
    }
    if let Some(plan) = vague_unfit(&intents, inputs) {
        return plan;
    }
    // "displays correctly in the cropping interface", "crop/enlarge,
    // print": in a longer message, a crop with no shape beside steps said
    // in full names the tool, it asks no step; the others run. ("convert
    // it to mp4 and crop it" asks the shape.)
    let terse = r.toks.iter().filter(|t| t.word().is_some()).count() <= TERSE_WORDS;
    let said_in_full = !terse
        && intents
            .iter()
            .any(|(_, i)| matches!(i, Intent::Op(_) | Intent::ConvertTo { .. }));
    let intents = told_elsewhere(r, intents, inputs);
    let intents: Vec<(usize, Intent)> = intents
        .into_iter()
        .filter(|(_, i)| !(said_in_full && matches!(i, Intent::Need(w) if w == crop::SHAPE_NEEDED)))
        .collect();
    if let Some((_, Intent::Need(what) | Intent::Vague { what, .. })) = intents
        .iter()
        .find(|(_, i)| matches!(i, Intent::Need(_) | Intent::Vague { .. }))
    {
        return Plan::Refuse {
            message: format!("I need a little more to do that: {what}."),
        };
    }
    if inputs.is_empty() {
        if let Some(message) = chat::about_support(r.toks) {
            return Plan::Chat { message };
        }
    }
    // In a terse command every clause asks ("make it black and white and
    // summon a dragon"); in a longer message a clause no recognizer read
    // is far more often context ("... then add the video to the users
    // post"), and the operations found are done.
    let blocking: Vec<String> = r
        .parts
        .iter()
        .filter(|_| terse)
        .flat_map(|p| {
            p.parsed
                .leftovers
                .iter()
                .filter(|l| leftovers::asks(r.toks, l, p.sentence.mood))
                .map(|l| l.text(r.toks))
        })
        .collect();
    if !blocking.is_empty() {
        return Plan::Refuse {
            message: format!(
                "I understood part of the request but not \"{}\", so I did nothing. {CAN_DO}",
                blocking.join("\", \"")
            ),
        };
    }
    // "extract a gif from a youtube video" with no file: the file is on the
    // web, which kiln does not fetch.
    if inputs.is_empty() && from_the_web(r.toks) {
        return cannot("download from the web; upload the file instead");
    }
    // "make it black and white" with no file: the file is missing, and the
    // job refused; "It would be useful to convert images to avif": what
    // kiln would do, and that the file is needed.
    if inputs.is_empty() && terse {
        return Plan::Refuse {
            message: format!("This request needs a file. {SEND_THE_FILE}"),
        };
    }
    if inputs.is_empty() {
        return match answer(prompt, r, inputs) {
            Plan::Chat { message } if !message.to_lowercase().contains("upload") => Plan::Chat {
                message: format!("{message} {SEND_THE_FILE}"),
            },
            other => other,
        };
    }
    match build(inputs, &intents, r.toks)
        .and_then(|ops| checked(inputs, ops))
        .or_else(|e| without_unfit(inputs, &intents, r.toks, e))
    {
        Ok(steps) => Plan::Command { steps },
        Err(Unplannable::Ask(what)) => Plan::Refuse {
            message: format!("I need a little more to do that: {what}."),
        },
        Err(Unplannable::Unsupported(what)) => cannot(&what),
        Err(Unplannable::Already(message)) => Plan::Chat {
            message: format!("{message}."),
        },
        Err(e) => Plan::Refuse {
            message: format!("That can't be done: {e}."),
        },
    }
}

/// What a request with no file is told to do.
const SEND_THE_FILE: &str =
    "Upload the file and name it in `files`, or continue a thread that has one.";

/// "send webm as document, server will accept only mp4", "I can only
/// export it as an .m4a ... where I export it as an .mp3": a conversion
/// asked to the format the files are already in is the file told of; a
/// format of the same kind named elsewhere in the prompt is the one made
/// (the nearest, when several are).
fn own_format_elsewhere(
    r: &Reading,
    intents: Vec<(usize, Intent)>,
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    use super::lexicon::FormatWord;
    let Some(own) = inputs.first().map(|f| f.format) else {
        return intents;
    };
    if inputs.iter().any(|f| f.format != own) {
        return intents;
    }
    let kind = own.kind();
    let others: Vec<(usize, Format)> = r
        .parts
        .iter()
        .flat_map(|p| p.parsed.intents.iter())
        .filter_map(|(at, i)| match i {
            Intent::ConvertTo {
                to: FormatWord::Writable(f),
                ..
            } if *f != own && f.kind() == kind => Some((*at, *f)),
            _ => None,
        })
        .collect();
    let is_own = |i: &Intent| matches!(i, Intent::ConvertTo { to: FormatWord::Writable(f), quality: None } if *f == own);
    // (Another format asked already: "convert jpg and png to webp".)
    let asked_other = intents.iter().any(|(at, i)| {
        matches!(i, Intent::ConvertTo { .. }) && !is_own(i) && others.iter().any(|(k, _)| k == at)
    });
    // ("convert to jpg, then png": after another conversion the file is no
    // longer in its own format.)
    let converted_before = |at: usize| {
        intents
            .iter()
            .any(|(k, i)| *k < at && matches!(i, Intent::ConvertTo { .. }) && !is_own(i))
    };
    let chained: Vec<bool> = intents
        .iter()
        .map(|(at, _)| converted_before(*at))
        .collect();
    intents
        .into_iter()
        .zip(chained)
        .filter_map(|((at, i), chained)| {
            if !is_own(&i) || chained {
                return Some((at, i));
            }
            if asked_other {
                return None;
            }
            Some(match others.iter().min_by_key(|(k, _)| k.abs_diff(at)) {
                Some((k, g)) => (
                    *k,
                    Intent::ConvertTo {
                        to: FormatWord::Writable(*g),
                        quality: None,
                    },
                ),
                None => (at, i),
            })
        })
        .collect()
}

/// "Many book PDFs have pages in the wrong orientation, being able to
/// rotate them would help": how far is not the question when the step
/// cannot take the files at all.
fn vague_unfit(intents: &[(usize, Intent)], inputs: &[FileFacts]) -> Option<Plan> {
    let file = inputs.first()?;
    // ("a gif from these pngs, setting the fps": a step before makes what
    // the vague one takes.)
    if intents.len() != 1 {
        return None;
    }
    intents.iter().find_map(|(_, i)| {
        // ("convert a single page" of a PDF: its pages become pictures.)
        let Intent::Vague { op, .. } = i else {
            return None;
        };
        if *op == "convert" {
            return None;
        }
        let info = crate::media::ops::CATALOG.iter().find(|o| o.name == *op)?;
        let unfit = inputs.iter().all(|f| !info.accepts.contains(&f.kind));
        unfit.then(|| Plan::Refuse {
            message: format!(
                "That can't be done: {} cannot take {} ({}).",
                info.summary.trim_end_matches('.'),
                file.kind.word(),
                file.name
            ),
        })
    })
}

/// "slide-decks for every lecture ... if I could merge them" of PDFs: a
/// step the files cannot take at all ("a slideshow cannot take a
/// document"), read beside steps they can, is left out; the others run.
fn without_unfit(
    inputs: &[FileFacts],
    intents: &[(usize, Intent)],
    toks: &[Tok],
    e: Unplannable,
) -> Result<Vec<super::PlannedStep>, Unplannable> {
    // (A step that cannot take the file; in a longer message, also a step
    // whose value does not fit it: read from the story around what is
    // asked, more often than not. A terse command keeps its error.)
    let terse = toks.iter().filter(|t| t.word().is_some()).count() <= TERSE_WORDS;
    let unfit = matches!(&e, Unplannable::Cannot(why) if why.contains("cannot take")
        || !terse && [
            "must be within",
            "has no audio",
            "is only",
            "must come after",
        ]
        .iter()
        .any(|w| why.contains(w)));
    if !unfit || intents.len() < 2 {
        return Err(e);
    }
    for k in 0..intents.len() {
        let mut rest = intents.to_vec();
        rest.remove(k);
        if let Ok(steps) = build(inputs, &rest, toks).and_then(|ops| checked(inputs, ops)) {
            return Ok(steps);
        }
    }
    Err(e)
}

/// Something kiln cannot do, asked for: refused with what it can.
fn refuse_unsupported(r: &Reading) -> Option<Plan> {
    // "does it have stabilisation?" is answered (no), not refused.
    let asked = |p: &Part| !matches!(p.sentence.mood, Mood::Story | Mood::Info);
    let supported = r.parts.iter().filter(|p| asked(p)).any(|p| {
        p.parsed
            .intents
            .iter()
            .any(|(_, i)| !matches!(i, Intent::Unsupported(_)))
    });
    // "the face at the start is blurry, just make it a gif": a step asked
    // beside what the sentence tells.
    let asks_beside = |p: &Part| {
        p.parsed
            .intents
            .iter()
            .zip(p.parsed.told.iter())
            .any(|((_, i), told)| !matches!(i, Intent::Unsupported(_)) && !told)
    };
    // "Does this software have image stabilization?": a question only.
    let yes_or_no = |p: &Part| {
        p.sentence.mood == Mood::Info
            && r.toks[p.sentence.start..p.sentence.end]
                .iter()
                .find_map(|t| t.word())
                .is_some_and(|w| {
                    matches!(w, "does" | "do" | "is" | "are" | "has" | "have" | "will")
                })
    };
    let questions_only = r.parts.iter().any(yes_or_no)
        && r.parts.iter().all(|p| {
            matches!(p.sentence.mood, Mood::Story | Mood::Info) || p.parsed.intents.is_empty()
        });
    if questions_only {
        return None;
    }
    // "these are DRM protected M4B files ... convert them to MP3": protected
    // files stop every step, told or asked.
    let protected = r.parts.iter().any(|p| {
        p.parsed
            .intents
            .iter()
            .any(|(_, i)| matches!(i, Intent::Unsupported(w) if w == unsupported::DRM))
    });
    if protected {
        return Some(cannot(unsupported::DRM));
    }
    // "Add blur option (it helps to blur faces ...)": kiln's blur takes the
    // whole picture.
    let blurs = r.parts.iter().any(|p| {
        p.parsed
            .intents
            .iter()
            .any(|(_, i)| matches!(i, Intent::Op(Operation::Blur(_))))
    });
    if blurs && r.toks.iter().any(|t| t.is_any(unsupported::PRIVATE_PARTS)) {
        return Some(cannot(unsupported::BLUR_PARTS));
    }
    let part_kept = r.parts.iter().filter(|p| asked(p)).any(|p| {
        p.parsed
            .intents
            .iter()
            .any(|(_, i)| matches!(i, Intent::Portion { keep: true, .. }))
    });
    // "the png has a transparent background, I need it as jpg": a clause
    // that tells, beside one that asks, asks for nothing.
    // ("Summary: Photos doesn't support AVI movies": a report's heading.)
    let what = r
        .parts
        .iter()
        .filter(|p| p.sentence.mood != Mood::Label)
        .filter(|p| asked(p) || !supported)
        .flat_map(|p| {
            let beside = asks_beside(p);
            p.parsed
                .intents
                .iter()
                .zip(p.parsed.told.iter())
                .map(move |(i, told)| (i, told, beside))
        })
        .find_map(|((_, i), told, beside)| match i {
            // "cut it in half and give me the second half": the part kept
            // is the split asked.
            Intent::Unsupported(what) if what.starts_with("split a file") && part_kept => None,
            Intent::Unsupported(what) if !(*told && (supported || beside)) => Some(what.clone()),
            _ => None,
        })?;
    Some(cannot(&what))
}

/// The refusal of something kiln does not do, with what it does.
fn cannot(what: &str) -> Plan {
    Plan::Refuse {
        message: format!("kiln can't {what}, so I did nothing. {CAN_DO}"),
    }
}

/// "make it black and white; I'll add subtitles myself later": what kiln
/// does not do, told as what someone does or will do, beside a step kiln
/// does, asks nothing.
fn drop_mentions(toks: &[Tok], parts: &mut [Part]) {
    let any_step = parts.iter().any(|p| {
        p.parsed
            .intents
            .iter()
            .any(|(_, i)| !matches!(i, Intent::Unsupported(_) | Intent::Need(_)))
    });
    if !any_step {
        return;
    }
    for p in parts.iter_mut() {
        let start = p.sentence.start;
        let keep: Vec<bool> = p
            .parsed
            .intents
            .iter()
            .map(|(at, i)| !(matches!(i, Intent::Unsupported(_)) && mentioned(toks, start, *at)))
            .collect();
        let mut k = keep.iter();
        p.parsed.intents.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        p.parsed.told.retain(|_| *k.next().unwrap_or(&true));
    }
}

/// "Don't cut anything out. Just make it 15 seconds": a length reached
/// by playing faster, nothing cut.
fn length_without_cuts(toks: &[Tok], parts: &mut [Part]) {
    use crate::media::ops::{Operation, Trim};
    let uncut = toks.windows(2).any(|w| {
        w[0].is_any(&["not", "without", "never", "no"])
            && w[1].is_any(&[
                "cut", "cutting", "trim", "trimming", "chop", "remove", "removing", "lose",
                "losing",
            ])
    });
    if !uncut {
        return;
    }
    for p in parts.iter_mut() {
        for (_, i) in p.parsed.intents.iter_mut() {
            if let Intent::Op(Operation::Trim(Trim {
                start: None,
                end: None,
                duration: Some(d),
                last: None,
            })) = i
            {
                *i = Intent::SpeedTo(*d);
            }
        }
    }
}

/// Whether the word at `at` sits in a clause that tells what someone does
/// or did ("the people in the office need it by noon", "my daughter made
/// it for her collage", "I'll add subtitles myself later"), not one that
/// asks it of kiln.
fn mentioned(toks: &[Tok], start: usize, at: usize) -> bool {
    use super::tokens::T;
    let from = (start..at)
        .rev()
        .find(|&k| matches!(toks[k].t, T::Sep) || toks[k].is_any(&["and", "but", "then"]))
        .map_or(start, |k| k + 1);
    let ws: Vec<&str> = toks[from..]
        .iter()
        .take_while(|t| !matches!(t.t, T::Sep) && !t.is_any(&["if", "unless"]))
        .filter_map(|t| t.word())
        .skip_while(|w| LEAD.contains(w))
        .collect();
    // "I want to add my own music later", "want it for a meme": what the
    // writer does with the result, told, even in words of wanting.
    let own_doing = matches!(ws.first().copied(), Some("i" | "we" | "i'll" | "we'll"))
        && ws
            .iter()
            .any(|w| matches!(*w, "myself" | "ourselves" | "later" | "manually"));
    let purpose = ws
        .iter()
        .skip_while(|w| matches!(**w, "i" | "we" | "just" | "really"))
        .take(3)
        .copied()
        .collect::<Vec<_>>()
        .windows(3)
        .any(|p| {
            matches!(
                p,
                ["want" | "need", "it" | "this" | "them" | "these", "for"]
            )
        });
    if (own_doing || purpose) && !ws.iter().any(|w| matches!(*w, "you" | "u" | "please")) {
        return true;
    }
    let asks = ws.windows(2).any(|p| {
        matches!(
            p,
            ["can" | "could" | "would", "you" | "u"]
                | ["need" | "want" | "like" | "how", "to"]
                | ["be", "nice" | "great" | "cool" | "good" | "possible"]
                | ["is", "possible"]
        )
    }) || ws.iter().any(|w| {
        matches!(
            *w,
            "please" | "pls" | "help" | "wish" | "wanna" | "helpful" | "useful" | "possibility"
        )
    }) || ws.windows(2).any(|p| {
        matches!(
            p,
            [
                "want" | "wants" | "asked" | "asks" | "told" | "needs",
                "me" | "us"
            ]
        )
    });
    if asks {
        return false;
    }
    // What the file is or has ("the file is corrupted") is a complaint
    // about it; people and things around it are not.
    match ws.first().copied().unwrap_or("") {
        "he" | "she" | "they" | "people" | "someone" | "somebody" | "everyone" => true,
        "my" | "our" | "his" | "her" | "their" | "the" | "your" => ws.get(1).is_some_and(|w| {
            !FILE_NOUNS.contains(w) && !matches!(*w, "background" | "camera" | "phone")
        }),
        "it" | "this" => ws.get(1) == Some(&"is") && ws.get(2) == Some(&"for"),
        "i" | "we" | "i'll" | "we'll" => ws
            .iter()
            .any(|w| matches!(*w, "myself" | "ourselves" | "later" | "manually")),
        _ => false,
    }
}

/// A question: answered from the files' facts and what kiln can do.
fn answer(prompt: &str, r: &Reading, inputs: &[FileFacts]) -> Plan {
    // "how do you convert a youtube video?" with no file: the video is on
    // the web, which kiln does not fetch.
    if inputs.is_empty() && from_the_web(r.toks) {
        return cannot("download from the web; upload the file instead");
    }
    if r.all_intents().is_empty() {
        if let Some(plan) = setting_asked(r, inputs) {
            return plan;
        }
    }
    let message = chat::answer(prompt, r.toks, inputs, &r.all_intents());
    // "can it auto-create subtitles?": asked of something kiln does not do,
    // the answer is a refusal, said as one.
    if message.starts_with(chat::CANNOT) {
        return Plan::Refuse { message };
    }
    // "is it possible to remove just the guitar from a song?": a doing asked
    // of kiln that no recognizer read, answered only with what kiln does in
    // general, is a doing refused.
    // "i wanted to add a YT watermark but i dont know how could anyone
    // help" (a logo sent), "is there a simple Gaussian blur filter?" (of a
    // video): a step kiln does, asked of the file at hand, with no fact or
    // how-to to answer: the step is planned (or what it needs asked).
    if message.starts_with(chat::GENERAL) && !inputs.is_empty() {
        let asked = r.intents_in(&[Mood::HowTo, Mood::Info]);
        if !asked.is_empty() {
            return act(prompt, r, inputs, asked, vec![Mood::HowTo]);
        }
    }
    if message.starts_with(chat::GENERAL) && r.all_intents().is_empty() && asks_a_doing(r) {
        return Plan::Refuse {
            message: format!(
                "I could not work out what to do with \"{}\". {CAN_DO}",
                shorten(prompt)
            ),
        };
    }
    Plan::Chat { message }
}

/// A setting of the file at hand to change, named with no value: its
/// value asked.
fn setting_asked(r: &Reading, inputs: &[FileFacts]) -> Option<Plan> {
    if inputs.is_empty() {
        return None;
    }
    let need = super::unread::setting_changed(r.toks)?;
    Some(Plan::Refuse {
        message: format!("I need a little more to do that: {need}."),
    })
}

/// "is it possible to ...", "would it be possible to ...": a sentence
/// asking kiln to do something.
fn asks_a_doing(r: &Reading) -> bool {
    r.parts.iter().any(|p| {
        let ws: Vec<&str> = r.toks[p.sentence.start..p.sentence.end]
            .iter()
            .filter_map(|t| t.word())
            .collect();
        ws.windows(4).any(|w| {
            matches!(
                w,
                ["is", "it", "possible", "to"] | ["is" | "be", "possible", "to", _]
            )
        })
    })
}

/// "a youtube video", "from instagram", "this reddit link": a file on the
/// web, named as the one to work on (not "for youtube", "upload to
/// tiktok").
fn from_the_web(toks: &[Tok]) -> bool {
    const SITES: &[&str] = &[
        "youtube",
        "yt",
        "instagram",
        "tiktok",
        "reddit",
        "twitter",
        "facebook",
        "vimeo",
        "twitch",
    ];
    (0..toks.len()).any(|k| {
        let at = |j: usize, ws: &[&str]| toks.get(j).is_some_and(|t| t.is_any(ws));
        toks[k].is_any(SITES)
            && (at(k.wrapping_sub(1), &["from"])
                || at(
                    k + 1,
                    &[
                        "video", "videos", "clip", "clips", "link", "links", "url", "reels", "vod",
                        "vods",
                    ],
                ))
            && !at(k.wrapping_sub(1), &["to", "for", "on", "onto"])
    })
}

/// Nothing to do was found: a question, small talk, or a refusal.
fn nothing(prompt: &str, r: &Reading, inputs: &[FileFacts]) -> Plan {
    // "can you make the person in the video smile?": asked politely, but
    // for something no recognizer read.
    let asks_unknown = r.parts.iter().any(|p| {
        p.parsed
            .leftovers
            .iter()
            .any(|l| leftovers::asks(r.toks, l, Mood::Request))
    });
    let polite = r.any(&[Mood::Polite]) && !asks_unknown;
    // "add support to count pdf pages" with the PDF at hand: its facts.
    let facts = chat::asks_facts(r.toks, inputs);
    // ("... webp, which is not supported by safari. Need to fix this." with
    // the file: told, not asked of kiln.)
    let asked = r.toks.iter().any(|t| t.orig == "?") || inputs.is_empty();
    if let Some(message) = chat::about_support(r.toks).filter(|_| !facts && asked) {
        return Plan::Chat { message };
    }
    if let Some(plan) = setting_asked(r, inputs) {
        return plan;
    }
    if chat::asks_info(r.toks) || polite || facts {
        return answer(prompt, r, inputs);
    }
    if let Some(plan) = story_need(r.toks, inputs) {
        return plan;
    }
    let understood_nothing = r.parts.iter().all(|p| {
        p.parsed
            .leftovers
            .iter()
            .all(|l| !leftovers::asks(r.toks, l, Mood::Request))
    });
    // "Hi, I like a song, but ...": a greeting before a story is no small
    // talk.
    let all_chatter = r.toks.iter().all(|t| match &t.t {
        super::tokens::T::Word(w) => CHATTER.contains(&w.as_str()),
        super::tokens::T::Sep => true,
        _ => false,
    });
    if understood_nothing && all_chatter || chat::is_smalltalk(r.toks) {
        if let Some(message) = chat::smalltalk(r.toks) {
            return Plan::Chat { message };
        }
    }
    if quality_raised(r.toks) {
        return cannot(
            "add quality a file does not have (that needs AI models); it can sharpen, resize or adjust brightness, contrast and colour",
        );
    }
    if posted_elsewhere(r.toks) {
        return cannot(
            "upload or post files to YouTube, Instagram or other sites; it makes the file, which you download from it",
        );
    }
    let stills = !inputs.is_empty() && inputs.iter().all(|f| f.format.is_still());
    if let Some(need) = super::unread::need_of_the_step_named(r.toks, stills) {
        return Plan::Refuse {
            message: format!("I need a little more to do that: {need}."),
        };
    }
    Plan::Refuse {
        message: format!(
            "I could not work out what to do with \"{}\". {CAN_DO}",
            shorten(prompt)
        ),
    }
}

/// "increase video quality", "improve the photo quality": a short request
/// for quality the file does not have, with no step read.
fn quality_raised(toks: &[Tok]) -> bool {
    let words: Vec<&str> = toks.iter().filter_map(|t| t.word()).collect();
    let raise = words.iter().any(|w| {
        matches!(
            *w,
            "increase" | "improve" | "enhance" | "boost" | "raise" | "better" | "higher"
        )
    });
    raise && words.contains(&"quality") && words.len() <= 8
}

/// "upload it to youtube", "please post this on instagram": a short request
/// that begins with sending the file to a site.
fn posted_elsewhere(toks: &[Tok]) -> bool {
    let words: Vec<&str> = toks.iter().filter_map(|t| t.word()).collect();
    let Some(i) = words
        .iter()
        .position(|w| !matches!(*w, "please" | "pls" | "can" | "could" | "you" | "u" | "now"))
    else {
        return false;
    };
    let site = words.iter().skip(i + 1).take(5).any(|w| {
        matches!(
            *w,
            "youtube" | "facebook" | "instagram" | "tiktok" | "twitter" | "vimeo" | "dropbox"
        )
    });
    matches!(words[i], "upload" | "post" | "publish") && site && words.len() <= 10
}

/// A need told over a message with no step read in it: "it's 5 MB in size
/// and the recepient won't download it over limited data" (smaller), "the
/// videos are displayed (incorrectly) in landscape" (upright by its
/// rotation tag), "my .mov videos are not shown by picframe" (a format that
/// plays everywhere).
fn story_need(toks: &[Tok], inputs: &[FileFacts]) -> Option<Plan> {
    use super::grammar::complaint;
    if inputs.is_empty() {
        return None;
    }
    // ("... are not shown by picframe": a JPEG, an MP3 play everywhere
    // already; what fails with them is something else.)
    let everywhere = inputs
        .iter()
        .all(|f| matches!(f.format, Format::Jpeg | Format::Mp3));
    let pictures = inputs
        .iter()
        .all(|f| matches!(f.kind, MediaKind::Image | MediaKind::Video));
    let intent = complaint::size_story(toks)
        .or_else(|| {
            (pictures && complaint::orientation_story(toks))
                .then(|| Intent::Op(crate::media::ops::AutoOrient {}.into()))
        })
        .or_else(|| {
            (!everywhere && complaint::trouble_story(toks)).then_some(Intent::Compatible)
        })?;
    let steps = build(inputs, &[(0, intent)], toks)
        .and_then(|ops| checked(inputs, ops))
        .ok()?;
    Some(Plan::Command { steps })
}

/// The prompt as quoted back: at most 200 characters.
fn shorten(prompt: &str) -> String {
    let t = prompt.trim();
    if t.chars().count() > 200 {
        format!("{}…", t.chars().take(200).collect::<String>())
    } else {
        t.to_string()
    }
}
