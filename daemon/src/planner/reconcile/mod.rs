//! Intents read from the whole prompt, reconciled before they are built:
//! vague values settled or asked ("an option to speed up"), a size an app
//! takes over a plain "smaller", lengths and loops to a length, a value
//! said in another sentence ("Shoot for around 1 MB"), lossless said apart,
//! a boomerang over a reverse, a resize to fit a limit told in bytes (or a
//! file size talked of), a shape said elsewhere given to the padding,
//! pictures named as frames, scanned pages made a PDF, a mono file's one
//! side made stereo. `formats`: the formats asked and told; `turns`: the
//! turns and flips; `lengths`: lengths told as limits.

mod formats;
mod lengths;
mod turns;

use formats::{
    conversion_compresses, flac_compresses, format_named_plays, own_codec_named,
    refused_not_too_big, source_format_named, usual_target, writable_wins,
};
use turns::{both_flips_turn, exif_turns, tag_turns_the_video, told_turn_oriented, turn_asked};

use super::grammar::{FrameAt, Intent};
use super::lexicon::FormatWord;
use super::tokens::{Tok, T};
use crate::media::ops::{Aspect, FileFacts, Format, FrameFormat, Operation};

/// The intents of a prompt, reconciled with one another and with the files
/// before they are built.
pub fn reconcile(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let intents = within_its_bound(intents, toks, inputs);
    let intents = steps_of_a_process(intents, toks);
    let intents = print_sized(intents, toks, inputs);
    let intents = shape_of_the_size(intents, toks, inputs);
    let intents = ratio_given_up(intents, toks);
    let intents = exact_sizes(intents, inputs);
    let intents = mirrored_stills(intents, toks, inputs);
    let intents = trimmed_stills(intents, inputs);
    let intents = settle_vague(intents, is_feature_request(toks), toks);
    let intents = usual_target(intents, inputs);
    let intents = settle_smaller(intents, toks, inputs);
    let intents = settle_lengths(intents, toks);
    let intents = loop_to_length(intents, inputs);
    let intents = lengths::part_under_a_limit(intents, toks, inputs);
    let intents = fade_after_cuts(intents);
    let intents = crop_to_the_size(intents, inputs);
    let intents = cropped_then_scaled(intents, toks);
    let intents = padded_to_the_shape(intents, toks);
    let intents = sound_kept_beside(intents, inputs);
    let intents = stretched_to_shape(intents, toks, inputs);
    let intents = size_last(intents);
    let intents = app_size_wins(intents);
    let intents = size_said_apart(intents, toks);
    let intents = app_limit_when_sized(intents, toks);
    let intents = quality_to_target(intents);
    let intents = lossless_elsewhere(intents, toks);
    let intents = one_pdf_compression(intents);
    let intents = boomerang_plays_back(intents);
    let intents = fit_the_limit(intents, toks);
    let intents = paced_slideshow(intents);
    let intents = quoted_text(intents, toks);
    let intents = fill_makes_the_shape(intents);
    let intents = borders_not_a_shape(intents, toks);
    let intents = negatives_photographed(intents, toks);
    let intents = fits_the_files(intents, inputs);
    let intents = tag_turns_the_video(intents, toks, inputs);
    let intents = turn_asked(intents, toks, inputs);
    let intents = exif_turns(intents, toks, inputs);
    let intents = told_turn_oriented(intents, toks);
    let intents = one_watermark(intents);
    let intents = one_adjustment(intents);
    let intents = refused_not_too_big(intents, toks);
    let intents = format_named_plays(intents, inputs);
    let intents = writable_wins(intents);
    let intents = source_format_named(intents, toks, inputs);
    let intents = own_codec_named(intents, inputs);
    let intents = flac_compresses(intents);
    let intents = conversion_compresses(intents, toks, inputs);
    let intents = both_flips_turn(intents);
    let intents = brighter_when_dark(intents, toks);
    let intents = mono_made_stereo(intents, toks, inputs);
    let intents = bitrate_made_lossy(intents, toks, inputs);
    let intents = one_frames_step(intents);
    let intents = frames_named_beside(intents, toks);
    let intents = sharpened_not_blurred(intents);
    let intents = turned_not_cropped(intents, toks);
    let intents = music_under_the_voice(intents, toks);
    let intents = frame_as_thumbnail(intents, toks);
    let intents = thumbnails_named(intents, toks);
    let intents = pictures_of_documents(intents);
    let intents = one_conversion(intents, toks, inputs);
    let intents = scaled_for_the_app(intents);
    let intents = mirrored_not_reversed(intents, toks);
    let intents = scans_make_a_document(intents, toks, inputs);
    let intents = pictures_make_a_video(intents, inputs);
    let intents = office_first(intents, inputs);
    let intents = one_page_choice(intents);
    let intents = icon_sizes(intents, toks);
    let intents = flattened_by_the_format(intents);
    let intents = level_over_a_part(intents, toks, inputs);
    let intents = one_loudness(intents);
    let intents = one_silence_cut(intents);
    let intents = picture_quality_apart(intents, toks);
    pictures_not_frames(intents, inputs)
}

/// "as part of my optimize/resize process", "our compress workflow": a
/// step naming someone's process is not asked of this file.
fn steps_of_a_process(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    const PROCESS: &[&str] = &["process", "workflow", "pipeline", "routine"];
    let process_at = |k: usize| toks.get(k).is_some_and(|t| t.is_any(PROCESS));
    let named = |at: usize| {
        let joined = toks.get(at + 1).is_some_and(|t| t.is_any(&["or", "and"]));
        let names = process_at(at + 1) || joined && process_at(at + 3);
        names && (at.saturating_sub(3)..at).any(|k| toks[k].is_any(&["my", "our", "their", "your"]))
    };
    intents
        .into_iter()
        .filter(|(at, i)| !named(*at) || matches!(i, Intent::ConvertTo { .. }))
        .collect()
}

/// "resize to max 1600x1200", "3840px minimum" of a picture already within
/// that bound: no step (a maximum never enlarges, a minimum never shrinks).
fn within_its_bound(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let Some((w, h)) = inputs.first().and_then(|f| f.width.zip(f.height)) else {
        return intents;
    };
    let near = |p: usize, ws: &[&str]| {
        (p.saturating_sub(3)..(p + 9).min(toks.len())).any(|k| toks[k].is_any(ws))
    };
    // ("at most", "at least"; not "most applications".)
    let at = |p: usize, w: &str| {
        (p.saturating_sub(3)..(p + 9).min(toks.len()))
            .any(|k| k > 0 && toks[k].is_any(&[w]) && toks[k - 1].is_any(&["at"]))
    };
    let within = |p: usize, bw: Option<u32>, bh: Option<u32>| {
        let max = near(p, &["max", "maximum"]) || at(p, "most");
        // ("scale down the textures to at least 1024 px": down to it.)
        let min = (near(p, &["min", "minimum"]) || at(p, "least"))
            && !near(
                p,
                &[
                    "down",
                    "downscale",
                    "downsize",
                    "shrink",
                    "reduce",
                    "smaller",
                ],
            );
        let fits =
            |v: u32, b: Option<u32>, le: bool| b.is_none_or(|b| if le { v <= b } else { v >= b });
        (bw.is_some() || bh.is_some())
            && (max && !min && fits(w, bw, true) && fits(h, bh, true)
                || min && !max && fits(w, bw, false) && fits(h, bh, false))
    };
    intents
        .into_iter()
        .filter(|(p, i)| match i {
            Intent::Exact { w, h } => !within(*p, Some(*w), Some(*h)),
            Intent::ScaleLongest(n) if w >= h => !within(*p, Some(*n), None),
            Intent::ScaleLongest(n) => !within(*p, None, Some(*n)),
            Intent::Op(Operation::Scale(s)) | Intent::Default(Operation::Scale(s))
                if s.percent.is_none() && s.resolution.is_none() =>
            {
                !within(*p, s.width, s.height)
            }
            _ => true,
        })
        .collect()
}

/// "convert to webp and keep the quality high": a lossy picture's quality
/// said in words in a clause of its own (no number said for it).
fn picture_quality_apart(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    use crate::planner::grammar::convert::{QUALITY_HIGH, QUALITY_KEPT, QUALITY_LOW, WEBP_QUALITY};
    let Some(q) = toks.iter().position(|t| t.is_any(&["quality"])) else {
        return intents;
    };
    // ("high quality", "quality should be high"; not "the quality is
    // low", what the file is like.)
    let near = |ws: &[&str]| {
        (q.saturating_sub(2)..(q + 4).min(toks.len())).any(|k| {
            toks[k].is_any(ws)
                && !(k > 0 && toks[k - 1].is_any(&["is", "was", "are", "looks", "seems", "gets"]))
        })
    };
    let numbered = toks[q.saturating_sub(3)..(q + 4).min(toks.len())]
        .iter()
        .any(|t| matches!(t.t, T::Num(_) | T::Qty(..)));
    let worded = if numbered {
        None
    } else if near(QUALITY_HIGH) {
        Some(90)
    } else if near(QUALITY_LOW) && !toks.iter().any(|t| t.is_any(QUALITY_KEPT)) {
        Some(50)
    } else {
        None
    };
    let Some(worded) = worded else {
        return intents;
    };
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::ConvertTo {
                to: FormatWord::Writable(f @ (Format::Webp | Format::Jpeg | Format::Avif)),
                quality,
            } if quality.is_none() || f == Format::Webp && quality == Some(WEBP_QUALITY) => (
                at,
                Intent::ConvertTo {
                    to: FormatWord::Writable(f),
                    quality: Some(worded),
                },
            ),
            other => (at, other),
        })
        .collect()
}

/// "a leading silence remover, and a trailing silence remover": one cut of
/// the silence, at the ends named (both when they differ, or when one cut
/// takes the pauses too).
fn one_silence_cut(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    use crate::media::ops::{SilenceEnds, TrimSilence};
    let silence = |i: &Intent| match i {
        Intent::Op(Operation::TrimSilence(t)) => Some(t.clone()),
        _ => None,
    };
    let cuts: Vec<TrimSilence> = intents.iter().filter_map(|(_, i)| silence(i)).collect();
    let Some(first) = cuts.first() else {
        return intents;
    };
    if cuts.len() < 2 {
        return intents;
    }
    let joined = TrimSilence {
        pauses: cuts.iter().find_map(|t| t.pauses),
        ends: if cuts
            .iter()
            .all(|t| t.ends == first.ends && t.pauses.is_none())
        {
            first.ends
        } else {
            SilenceEnds::Both
        },
        ..first.clone()
    };
    let mut kept = false;
    intents
        .into_iter()
        .filter_map(|(at, i)| match silence(&i) {
            Some(_) if kept => None,
            Some(_) => {
                kept = true;
                Some((at, Intent::Op(joined.clone().into())))
            }
            None => Some((at, i)),
        })
        .collect()
}

/// "normalize it for youtube ... the levels are uneven, normalize it": one
/// normalisation, to the target said where one is.
fn one_loudness(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let normalize = |i: &Intent| match i {
        Intent::Op(Operation::Normalize(n)) | Intent::Default(Operation::Normalize(n)) => {
            Some(n.lufs)
        }
        _ => None,
    };
    let targets: Vec<Option<f64>> = intents.iter().filter_map(|(_, i)| normalize(i)).collect();
    if targets.len() < 2 {
        return intents;
    }
    let target = targets.iter().flatten().next().copied();
    let mut kept = false;
    intents
        .into_iter()
        .filter_map(|(at, i)| match normalize(&i) {
            Some(_) if kept => None,
            Some(_) => {
                kept = true;
                let n = crate::media::ops::Normalize { lufs: target };
                Some((at, Intent::Op(n.into())))
            }
            None => Some((at, i)),
        })
        .collect()
}

/// "lower the volume of the first 10 seconds", "make the last minute
/// louder": a change of level over a part names the part; nothing is cut.
fn level_over_a_part(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let level = |i: &Intent| match i {
        Intent::Op(Operation::Volume(v)) | Intent::Default(Operation::Volume(v)) => {
            (v.start.is_none() && v.end.is_none()).then_some(v.clone())
        }
        _ => None,
    };
    let levels: Vec<usize> = (0..intents.len())
        .filter(|&k| level(&intents[k].1).is_some())
        .collect();
    let trims: Vec<usize> = (0..intents.len())
        .filter(|&k| matches!(intents[k].1, Intent::Op(Operation::Trim(_))))
        .collect();
    let ([v], [t]) = (&levels[..], &trims[..]) else {
        return intents;
    };
    let keeping = toks.iter().any(|w| {
        w.is_any(&[
            "trim", "cut", "keep", "only", "remove", "delete", "clip", "shorten", "shorter",
            "crop", "split", "extract", "save", "export", "gif",
        ])
    });
    // Said together: "lower the volume of the first 10 s", not "cut the
    // first 10 s. Then make it louder".
    let (a, b) = (
        intents[*v].0.min(intents[*t].0),
        intents[*v].0.max(intents[*t].0),
    );
    let together = b - a <= 6
        && toks
            .get(a..b.min(toks.len()))
            .unwrap_or_default()
            .iter()
            .all(|w| !matches!(w.t, T::Sep) && !w.is_any(&["and", "then", "but"]));
    let duration = inputs.first().and_then(|f| f.duration_secs);
    let Intent::Op(Operation::Trim(trim)) = &intents[*t].1 else {
        return intents;
    };
    let range = match (trim.start, trim.end, trim.duration, trim.last) {
        (start, Some(end), None, None) => Some((start, Some(end))),
        (start, None, Some(d), None) => Some((start, Some(start.unwrap_or(0.0) + d))),
        (None, None, None, Some(l)) => duration.map(|d| (Some((d - l).max(0.0)), None)),
        _ => None,
    };
    let Some((start, end)) = range.filter(|_| together && !keeping) else {
        return intents;
    };
    let mut volume = level(&intents[*v].1).unwrap_or_default();
    volume.start = start.filter(|s| *s > 0.0);
    volume.end = end;
    let at = intents[*v].0;
    let (v, t) = (*v, *t);
    intents
        .into_iter()
        .enumerate()
        .filter(|(k, _)| *k != t)
        .map(|(k, (p, i))| {
            if k == v {
                (at, Intent::Op(volume.clone().into()))
            } else {
                (p, i)
            }
        })
        .collect()
}

/// "convert the png to jpg with a white background": a JPEG (or AVIF) is
/// written on white already; a fill of white beside it is no step.
fn flattened_by_the_format(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    use super::lexicon::FormatWord;
    let on_white = |f: &Format| matches!(f, Format::Jpeg | Format::Avif);
    let converted = intents.iter().any(|(_, i)| match i {
        Intent::ConvertTo {
            to: FormatWord::Writable(f),
            ..
        } => on_white(f),
        Intent::Op(Operation::Convert(c)) => on_white(&c.to),
        _ => false,
    });
    if !converted {
        return intents;
    }
    intents
        .into_iter()
        .filter(|(_, i)| !matches!(i, Intent::Op(Operation::Flatten(f)) if f.color == "white"))
        .collect()
}

/// "a favicon .ico with 16x16, 32x32 and 48x48": the sizes an icon holds
/// (it holds them all), no resize to the first. ("a favicon (32x32)
/// png": a favicon in the format named.)
fn icon_sizes(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    let is_icon = |i: &Intent| {
        matches!(
            i,
            Intent::ConvertTo {
                to: FormatWord::Writable(Format::Ico),
                ..
            }
        )
    };
    // Another picture format named right after the favicon.
    let format_after = |at: usize| {
        toks.iter().skip(at + 1).take(5).any(|t| {
            t.word().and_then(super::lexicon::format_word).is_some_and(
                |w| matches!(w, FormatWord::Writable(f) if f.is_still() && f != Format::Ico),
            )
        })
    };
    let intents: Vec<(usize, Intent)> = intents
        .into_iter()
        .filter(|(at, i)| {
            let favicon = toks
                .get(*at)
                .is_some_and(|t| t.is_any(&["favicon", "favicons"]));
            !(is_icon(i) && favicon && format_after(*at))
        })
        .collect();
    let icon = intents.iter().any(|(_, i)| is_icon(i));
    let sizes = toks
        .iter()
        .filter(|t| matches!(t.t, T::Dims(w, h) if w == h && w <= 256))
        .count();
    if !icon || sizes < 2 {
        return intents;
    }
    intents
        .into_iter()
        .filter(|(_, i)| !matches!(i, Intent::Op(Operation::Scale(_))))
        .collect()
}

/// "print this as a 4x6", "8x10 prints": a print's size in inches or
/// centimetres is its shape, the picture cropped to it the way it is held
/// (a landscape photo makes a landscape print).
fn print_sized(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let printed = toks.iter().any(|t| {
        t.is_any(&[
            "print", "prints", "printed", "printing", "printout", "inch", "inches",
        ])
    });
    let [f] = inputs else { return intents };
    let (Some(fw), Some(fh)) = (f.width, f.height) else {
        return intents;
    };
    // ("resize to 4x6": no picture is wanted 4 pixels wide.)
    let inches =
        |w: u32, h: u32| w != h && (printed && w.max(h) <= 30 || w.max(h) <= 12) && w.min(h) >= 1;
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Exact { w, h }
            | Intent::Fill { w, h }
            | Intent::CropRect { w, h, at: None, .. }
                if inches(w, h) =>
            {
                let (long, short) = (w.max(h), w.min(h));
                let (a, b) = if fw >= fh {
                    (long, short)
                } else {
                    (short, long)
                };
                match Aspect::new(a, b) {
                    Some(aspect) => (
                        at,
                        Intent::Op(
                            crate::media::ops::Crop {
                                rect: None,
                                aspect: Some(aspect),
                            }
                            .into(),
                        ),
                    ),
                    None => (at, Intent::Exact { w, h }),
                }
            }
            other => (at, other),
        })
        .collect()
}

/// "must be 5MB or less ... upload your résumé as a PDF": an office file
/// becomes a PDF before anything is done to the PDF.
fn office_first(intents: Vec<(usize, Intent)>, inputs: &[FileFacts]) -> Vec<(usize, Intent)> {
    let office = !inputs.is_empty() && inputs.iter().all(|f| f.format.is_office());
    let made = |i: &Intent| matches!(i, Intent::Op(Operation::OfficeToPdf(_)));
    if !office || !intents.iter().any(|(_, i)| made(i)) {
        return intents;
    }
    let (mut first, rest): (Vec<_>, Vec<_>) = intents.into_iter().partition(|(_, i)| made(i));
    first.extend(rest);
    first
}

/// "I separate the last two pages ... I extract those": one choice of
/// pages said twice is one step, kept in one PDF unless only split was said.
fn one_page_choice(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let pages = |i: &Intent| match i {
        Intent::OnPdf(Operation::ExtractPages(e)) | Intent::Op(Operation::ExtractPages(e)) => {
            Some((e.pages.clone(), e.split))
        }
        _ => None,
    };
    let kept: Vec<(Option<crate::media::docs::Pages>, bool)> =
        intents.iter().filter_map(|(_, i)| pages(i)).collect();
    let same = kept.len() > 1 && kept.iter().all(|(p, _)| p.is_some() && *p == kept[0].0);
    if !same {
        return intents;
    }
    let whole = kept.iter().any(|(_, split)| !split);
    let mut seen = false;
    intents
        .into_iter()
        .filter(|(_, i)| match pages(i) {
            Some((_, split)) => {
                let keep = !seen && (split != whole);
                seen |= keep;
                keep
            }
            None => true,
        })
        .collect()
}

/// "convert a folder of PNGs to MP4", "is there a command to make from jpg
/// the mpg?": several pictures made a video are a slideshow of them, in the
/// format named.
fn pictures_make_a_video(
    intents: Vec<(usize, Intent)>,
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let joined = intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::Slideshow { .. } | Intent::Combine));
    if inputs.len() < 2 || !all_pictures(inputs) {
        return intents;
    }
    if joined {
        return timed_pictures(intents, inputs.len());
    }
    let video = |i: &Intent| match i {
        Intent::ConvertTo {
            to: super::lexicon::FormatWord::Writable(f),
            ..
        } => f.is_video_container() && *f != Format::Gif,
        Intent::Codec { .. } => true,
        _ => false,
    };
    if !intents.iter().any(|(_, i)| video(i)) {
        return timed_pictures(intents, inputs.len());
    }
    // "ffmpeg -framerate 60 -i out-%03d.png": each picture one frame.
    let rate = intents.iter().find_map(|(_, i)| match i {
        Intent::Op(Operation::ChangeFps(c)) => Some(c.fps),
        _ => None,
    });
    let mut out: Vec<(usize, Intent)> = intents
        .into_iter()
        .filter(|(_, i)| !matches!(i, Intent::Op(Operation::ChangeFps(_))))
        .collect();
    let k = out.iter().position(|(_, i)| video(i)).unwrap_or(0);
    let show = Intent::Slideshow {
        secs: rate.map(|fps| 1.0 / fps),
        fps: rate.map(|fps| fps.round() as u32),
    };
    out.insert(k, (out[k].0, show));
    out
}

/// "stitch the images together at 30fps", "a video of 100 seconds", "a
/// cross fade of 20 seconds" of several pictures: what only a video has,
/// asked of pictures, makes them a slideshow first; a rate or a length is
/// its pace.
fn timed_pictures(intents: Vec<(usize, Intent)>, pictures: usize) -> Vec<(usize, Intent)> {
    let made = intents.iter().any(|(_, i)| {
        matches!(
            i,
            Intent::Gif { .. } | Intent::Slideshow { .. } | Intent::Combine
        )
    });
    let timed = |i: &Intent| match i {
        Intent::Op(Operation::ChangeFps(c)) => Some(Intent::Slideshow {
            secs: Some(1.0 / c.fps),
            fps: Some(c.fps.round() as u32),
        }),
        Intent::Op(Operation::Trim(t))
            if t.start.is_none() && t.end.is_none() && t.last.is_none() =>
        {
            t.duration.map(|d| Intent::Slideshow {
                secs: Some(d / pictures as f64),
                fps: None,
            })
        }
        Intent::Op(Operation::Fade(_)) => Some(Intent::Slideshow {
            secs: None,
            fps: None,
        }),
        _ => None,
    };
    // "stitch the pictures together at 30fps": joined at that pace, each
    // picture one frame.
    let joined = intents
        .iter()
        .position(|(_, i)| matches!(i, Intent::Combine | Intent::Slideshow { secs: None, .. }));
    let rate = intents
        .iter()
        .position(|(_, i)| matches!(i, Intent::Op(Operation::ChangeFps(c)) if c.fps > 0.0));
    if let (Some(j), Some(r)) = (joined, rate) {
        let mut out = intents;
        if let Some(show) = timed(&out[r].1) {
            out[j].1 = show;
        }
        out.remove(r);
        return out;
    }
    let found = intents
        .iter()
        .enumerate()
        .find_map(|(k, (_, i))| timed(i).map(|show| (k, show)));
    let Some((k, show)) = found.filter(|_| !made) else {
        return intents;
    };
    let mut out = intents;
    let at = out[k].0;
    if matches!(out[k].1, Intent::Op(Operation::Fade(_))) {
        out.insert(k, (at, show));
    } else {
        out[k] = (at, show);
    }
    out
}

/// "resize the screenshots to 800px to fit Email", "limits attached images
/// to 600x600, reducing the email size": a size in pixels said for an app
/// is how the file fits it; the app's byte limit is no second step.
fn scaled_for_the_app(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let sized = intents.iter().any(|(_, i)| {
        matches!(i, Intent::Op(Operation::Scale(s)) if s.width.is_some() || s.height.is_some())
    });
    if !sized {
        return intents;
    }
    intents
        .into_iter()
        .filter(
            |(_, i)| !matches!(i, Intent::Default(Operation::Compress(c)) if c.target_mb.is_some()),
        )
        .collect()
}

/// "videos are posted reversed/mirrored", "the saved selfie video is not
/// mirrored ... text appears reversed": reversed left to right, a flip,
/// not played backwards.
fn mirrored_not_reversed(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    let flipped = intents.iter().any(|(_, i)| step_named(i, "flip"));
    let mirror = toks.iter().any(|t| {
        t.is_any(&[
            "mirror",
            "mirrored",
            "mirroring",
            "selfie",
            "flip",
            "flipped",
        ])
    });
    if !(flipped && mirror) {
        return intents;
    }
    intents
        .into_iter()
        .filter(|(_, i)| !step_named(i, "reverse"))
        .collect()
}

/// "uncompressed wav files waste space, so I converted them to ogg", "save
/// as JPEG if true, as PNG if false" of a PNG: of the formats asked, the
/// file's own is how it is now; of the others, said apart (not "x or y",
/// which is asked back, nor "x, then y", a chain), the first is the one
/// made.
fn one_conversion(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    use crate::planner::lexicon::FormatWord;
    let target = |i: &Intent| match i {
        Intent::ConvertTo {
            to: FormatWord::Writable(f),
            ..
        } => Some(*f),
        _ => None,
    };
    let own = |f: Format| !inputs.is_empty() && inputs.iter().all(|x| x.format == f);
    let targets: Vec<(usize, Format)> = intents
        .iter()
        .filter_map(|(at, i)| target(i).map(|f| (*at, f)))
        .collect();
    let others: Vec<(usize, Format)> = targets.iter().copied().filter(|(_, f)| !own(*f)).collect();
    if targets.len() < 2 || others.is_empty() {
        return intents;
    }
    // "it creates a wmv file ... convert the wmv to mp4": a format named as
    // what is converted from is not the one to make.
    let sources: Vec<Format> = others
        .iter()
        .map(|(_, f)| *f)
        .filter(|f| formats::converted_from(toks, *f))
        .collect();
    let set_aside = !sources.is_empty() && sources.len() < others.len();
    let others: Vec<(usize, Format)> = others
        .into_iter()
        .filter(|(_, f)| !(set_aside && sources.contains(f)))
        .collect();
    let own = |f: Format| own(f) || set_aside && sources.contains(&f);
    // ("to jpg or png" is asked back.)
    let or_between = |a: usize, b: usize| {
        toks.get(a.min(b)..a.max(b))
            .is_some_and(|span| span.iter().any(|t| t.is_any(&["or"])))
    };
    // "convert to jpg, then png, then webp": a chain, kept as said.
    let (lo, hi) = (targets[0].0, targets[targets.len() - 1].0);
    if toks
        .get(lo..hi)
        .is_some_and(|span| span.iter().any(|t| t.is_any(&["then"])))
    {
        return intents;
    }
    let first = others[0];
    let apart = others
        .iter()
        .all(|(at, f)| *f == first.1 || !or_between(first.0, *at));
    intents
        .into_iter()
        .filter(|(at, i)| match target(i) {
            Some(f) if own(f) => false,
            Some(f) if apart && f != first.1 => *at == first.0,
            _ => true,
        })
        .collect()
}

/// "group these photos (usually .jpg files) into a single PDF", "export the
/// pages as .png or .jpeg": a picture format said beside a step between
/// pictures and a PDF is the pictures' (the one it makes, or the files'),
/// no conversion of its own.
fn pictures_of_documents(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    use crate::planner::lexicon::FormatWord;
    let documents = intents.iter().any(|(_, i)| {
        matches!(
            i,
            Intent::OnPdf(Operation::PdfToImages(_) | Operation::ImagesToPdf(_))
                | Intent::Op(Operation::ImagesToPdf(_))
        )
    });
    if !documents {
        return intents;
    }
    // ("grabbing a screenshot of the page" of a PDF turned into pictures:
    // the page's picture is the one made.)
    let pages = intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::OnPdf(Operation::PdfToImages(_))));
    intents
        .into_iter()
        .filter(|(_, i)| {
            let still =
                matches!(i, Intent::ConvertTo { to: FormatWord::Writable(f), .. } if f.is_still());
            !(still || pages && matches!(i, Intent::Frames { .. }))
        })
        .collect()
}

/// "generate WebP thumbnails instead of PNG", "a JPG preview of the HEIC",
/// "the first frame of the video as the thumbnail": thumbnails said of the
/// files another step makes or works on, with no size of their own, name
/// those files, not a second picture.
fn thumbnails_named(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    // ("black and white thumbnails": the look is the thumbnail's.)
    let look = |op: &Operation| {
        matches!(
            op,
            Operation::Grayscale(_)
                | Operation::Adjust(_)
                | Operation::Blur(_)
                | Operation::Sharpen(_)
                | Operation::Negate(_)
                | Operation::Watermark(_)
        )
    };
    let other = intents.iter().any(|(_, i)| {
        matches!(i, Intent::Op(op) | Intent::Default(op) if !look(op))
            || matches!(
                i,
                Intent::ConvertTo { .. }
                    | Intent::Frames { .. }
                    | Intent::OnPdf(_)
                    | Intent::Optimize
                    | Intent::Fill { .. }
                    | Intent::Exact { .. }
            )
    });
    // ("making the avatar images grayscale", "invert the app icon", "on the
    // preview it looks great ... it gets dark": the picture named is the
    // one changed; only "thumbnails" themselves are made with a look.)
    let looked = intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::Op(op) | Intent::Default(op) if look(op)));
    let named_only = |at: usize| {
        toks.get(at)
            .is_some_and(|t| t.is_any(&["avatar", "icon", "preview"]))
    };
    if !other && looked {
        return intents
            .into_iter()
            .filter(|(at, i)| !(matches!(i, Intent::Thumbnail(None)) && named_only(*at)))
            .collect();
    }
    if !other {
        return intents;
    }
    // ("a snapshot image ... along with a thumbnail", "the poster image as
    // thumbnail": a frame at no time said is the thumbnail's.)
    let middle = |i: &Intent| {
        middle_frame(i)
            && matches!(
                i,
                Intent::Frames {
                    format: FrameFormat::Png,
                    ..
                }
            )
    };
    let thumb = intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::Thumbnail(None)));
    let only_frames = intents.iter().all(|(_, i)| {
        middle(i)
            || matches!(
                i,
                Intent::Thumbnail(_) | Intent::Need(_) | Intent::Vague { .. }
            )
    });
    if thumb && only_frames {
        return intents.into_iter().filter(|(_, i)| !middle(i)).collect();
    }
    intents
        .into_iter()
        .filter(|(_, i)| !matches!(i, Intent::Thumbnail(None)))
        .collect()
}

/// "output video is more blurry. I miss some way to sharpen the video": the
/// blur is what the sharpening undoes, not a step.
fn sharpened_not_blurred(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    if !intents.iter().any(|(_, i)| step_named(i, "sharpen")) {
        return intents;
    }
    intents
        .into_iter()
        .filter(|(_, i)| !step_named(i, "blur"))
        .collect()
}

/// "piano music playing over the narrator's voice ... only have the
/// speaker's voice": the music is to go and the voice to stay; taking all
/// the sound away would lose the voice too. ("Remove music from video",
/// with no voice named, is the sound removed.)
fn music_under_the_voice(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    let has = |ws: &[&str]| toks.iter().any(|t| t.is_any(ws));
    let voice_kept = has(&["music", "song", "soundtrack"])
        && has(&[
            "voice", "voices", "narrator", "speaker", "speech", "dialogue", "dialog", "vocals",
        ])
        && toks.iter().any(|t| {
            [
                "only", "just", "keep", "keeping", "isolate", "without", "leave", "leaving",
                "preserve",
            ]
            .contains(&t.orig.to_lowercase().as_str())
        })
        && !has(&["add", "put", "overlay", "replace", "new", "voiceover"]);
    if !voice_kept {
        return intents;
    }
    intents
        .into_iter()
        .map(|(at, i)| match i {
            i if step_named(&i, "remove_audio") => (
                at,
                Intent::Unsupported(super::grammar::unsupported::SEPARATE_VOCALS.into()),
            ),
            other => (at, other),
        })
        .collect()
}

/// Whether an intent is the step `name`, its values said or not.
fn step_named(i: &Intent, name: &str) -> bool {
    matches!(i, Intent::Op(op) | Intent::Default(op) if op.name() == name)
}

/// "shoot the video in a portrait orientation ... it needed turning": a
/// shape named by its orientation beside a turn is what the turn makes, no
/// crop (unless a crop or a ratio is said).
fn turned_not_cropped(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    let turn = intents.iter().any(|(_, i)| step_named(i, "rotate"));
    let said = toks.iter().any(|t| {
        t.is_any(&["crop", "cropped", "cropping", "cut"])
            || matches!(t.t, T::Clock { ratio: Some(_), .. })
    });
    if !turn || said {
        return intents;
    }
    intents
        .into_iter()
        .filter(|(_, i)| {
            !matches!(
                i,
                Intent::Op(Operation::Crop(c)) | Intent::Default(Operation::Crop(c))
                    if c.rect.is_none()
            )
        })
        .collect()
}

/// "Upscaling gif to 680x680, frame 1 is crisp", "cut a video to square
/// ... a Circle frame": frames named beside another step, with no verb that
/// takes them out, are spoken of, not asked for.
fn frames_named_beside(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    let frames = |i: &Intent| matches!(i, Intent::Frames { .. });
    let step = intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::Op(_) | Intent::Default(_)));
    if !step || !intents.iter().any(|(_, i)| frames(i)) {
        return intents;
    }
    let taken = |at: usize| {
        (at.saturating_sub(5)..(at + 2).min(toks.len())).any(|k| {
            toks[k].is_any(&[
                "extract",
                "extracting",
                "export",
                "exporting",
                "save",
                "saving",
                "get",
                "grab",
                "take",
                "taking",
                "capture",
                "pull",
                "dump",
                "output",
                "snap",
                "make",
                "create",
                "generate",
                "screenshot",
                "snapshot",
                "still",
                "stills",
            ])
        })
    };
    intents
        .into_iter()
        .filter(|(at, i)| !frames(i) || taken(*at))
        .collect()
}

/// "use the poster image as thumbnail": a frame at no moment said, asked
/// as a thumbnail and nothing else, is the thumbnail step.
fn frame_as_thumbnail(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    let named = toks.iter().any(|t| t.is_any(&["thumbnail", "thumbnails"]));
    let only = intents.iter().all(|(_, i)| {
        middle_frame(i)
            && matches!(
                i,
                Intent::Frames {
                    format: FrameFormat::Png,
                    ..
                }
            )
    });
    if !named || intents.is_empty() || !only {
        return intents;
    }
    let at = intents[0].0;
    vec![(at, Intent::Thumbnail(None))]
}

/// "export a frame for editing", "a single frame as an image": one picture
/// at no moment said, and nothing else asked.
fn lone_unplaced_frame(intents: &[(usize, Intent)], at: usize, toks: &[Tok]) -> bool {
    intents.iter().all(|(_, i)| middle_frame(i))
        && toks
            .get(at)
            .is_some_and(|t| !t.orig.to_lowercase().ends_with('s'))
        && !toks.iter().any(|t| {
            t.is_any(&[
                "middle",
                "centre",
                "center",
                "halfway",
                "mid",
                "every",
                "each",
                "all",
                "by",
                "thumbnail",
                "poster",
            ])
        })
}

/// A frame asked at no moment: the default middle one.
fn middle_frame(i: &Intent) -> bool {
    matches!(
        i,
        Intent::Frames {
            at: Some(FrameAt::Middle),
            every: None,
            count: None,
            ..
        }
    )
}

/// "PNG as an image sequence, frame-numbered output": frames said twice,
/// the one with a pattern wins over the default middle frame.
fn one_frames_step(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let frames = |i: &Intent| matches!(i, Intent::Frames { .. } | Intent::AllFrames(_));
    let middle = middle_frame;
    if intents.iter().filter(|(_, i)| frames(i)).count() < 2 {
        return intents;
    }
    // ("export a frame ... export a frame, modify it": the one default
    // frame, said twice, is one step.)
    let patterned = intents.iter().any(|(_, i)| frames(i) && !middle(i));
    let mut kept_one = false;
    intents
        .into_iter()
        .filter(|(_, i)| {
            if !middle(i) {
                return true;
            }
            let keep = !patterned && !kept_one;
            kept_one = true;
            keep
        })
        .collect()
}

/// "scan multiple pages at once and combine them into one file": scanned
/// pages put together make a document, not a slideshow.
fn scans_make_a_document(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let scans = toks.iter().any(|t| {
        t.is_any(&[
            "scan", "scans", "scanner", "paper", "papers", "document", "page", "pages",
        ])
    });
    if !(scans && all_pictures(inputs)) {
        return intents;
    }
    // ("I scanned 200 family photos to create a slide show": a show.)
    let shown = toks.iter().any(|t| {
        t.is_any(&[
            "slideshow",
            "slide",
            "slides",
            "video",
            "movie",
            "mp4",
            "gif",
            "film",
        ])
    });
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Slideshow {
                secs: None,
                fps: None,
            } if !shown => {
                let page_size = crate::media::ops::PageSize::Image;
                (
                    at,
                    Intent::Op(crate::media::ops::ImagesToPdf { page_size }.into()),
                )
            }
            Intent::Combine => {
                let page_size = crate::media::ops::PageSize::Image;
                (
                    at,
                    Intent::Op(crate::media::ops::ImagesToPdf { page_size }.into()),
                )
            }
            other => (at, other),
        })
        .collect()
}

/// "a bitrate of 80 kbps" of a WAV: a lossless file has no bitrate to set,
/// so the sound is written as MP3, the format such a bitrate is asked of,
/// unless another format is named.
fn bitrate_made_lossy(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let lossless = !inputs.is_empty()
        && inputs
            .iter()
            .all(|f| matches!(f.format, Format::Wav | Format::Flac | Format::Aiff));
    let converted = intents.iter().any(|(_, i)| {
        i.family() == Some("convert") || matches!(i, Intent::AudioOnly(_) | Intent::Remux(_))
    });
    if !lossless || converted {
        return intents;
    }
    // ("This will convert your WAV file to AAC/MP4. sets the bitrate to
    // 128k": the lossy format told, else MP3.)
    let told = toks
        .iter()
        .filter_map(|t| t.word().and_then(super::lexicon::format_word))
        .find_map(|f| match f {
            super::lexicon::FormatWord::Writable(
                w @ (Format::Mp3 | Format::M4a | Format::Ogg | Format::Opus),
            ) => Some(w),
            _ => None,
        });
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::AudioShape {
                channels,
                bitrate_kbps: Some(b),
                sample_rate,
                to: None,
            } => (
                at,
                Intent::AudioShape {
                    channels,
                    bitrate_kbps: Some(b),
                    sample_rate,
                    to: Some(told.unwrap_or(Format::Mp3)),
                },
            ),
            other => (at, other),
        })
        .collect()
}

/// "my mono recording plays only in the left ear": a file that is mono
/// already is not helped by mono; stereo puts its one channel on both sides.
fn mono_made_stereo(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let sounded: Vec<&FileFacts> = inputs.iter().filter(|f| f.has_audio).collect();
    let mono = !sounded.is_empty() && sounded.iter().all(|f| f.channels == Some(1));
    let one_side = toks.iter().any(|t| t.is_any(&["left", "right"]))
        && toks
            .iter()
            .any(|t| t.is_any(&["channel", "ear", "speaker", "side"]));
    // "my mono files play only through the left channel; can they play
    // through both?": both sides asked, whatever the file says.
    let both = toks.iter().any(|t| t.is_any(&["both"]))
        && toks
            .iter()
            .any(|t| t.is_any(&["channels", "ears", "speakers", "sides", "left", "right"]));
    if !((mono || both) && one_side) {
        return intents;
    }
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::AudioShape {
                channels: Some(1),
                bitrate_kbps,
                sample_rate,
                to,
            } => (
                at,
                Intent::AudioShape {
                    channels: Some(2),
                    bitrate_kbps,
                    sample_rate,
                    to,
                },
            ),
            other => (at, other),
        })
        .collect()
}

/// "trim an image based on empty/transparent pixels": a picture has no
/// length; trimmed, it loses its plain border (as ImageMagick's -trim).
fn trimmed_stills(intents: Vec<(usize, Intent)>, inputs: &[FileFacts]) -> Vec<(usize, Intent)> {
    if !all_pictures(inputs) {
        return intents;
    }
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Vague { op: "trim", .. } => {
                (at, Intent::Op(crate::media::ops::CropBorders {}.into()))
            }
            other => (at, other),
        })
        .collect()
}

/// Whether every file is a still picture.
fn all_pictures(inputs: &[FileFacts]) -> bool {
    !inputs.is_empty()
        && inputs
            .iter()
            .all(|f| f.kind == crate::media::ops::MediaKind::Image)
}

/// "overlay my logo ... I want the logo overlaid on all videos": one
/// watermark said twice is put on once (a second would have no logo left).
fn one_watermark(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let mut out: Vec<(usize, Intent)> = Vec::with_capacity(intents.len());
    for (at, i) in intents {
        let again = matches!(i, Intent::Watermark { .. }) && out.iter().any(|(_, o)| *o == i);
        if !again {
            out.push((at, i));
        }
    }
    out
}

/// "darker than the stream ... still shows up really dark": the light told
/// twice is one change, the stronger of each setting said.
fn one_adjustment(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let mut out: Vec<(usize, Intent)> = Vec::with_capacity(intents.len());
    for (at, i) in intents {
        let Intent::Op(Operation::Adjust(b)) = &i else {
            out.push((at, i));
            continue;
        };
        let first = out.iter_mut().find_map(|(_, o)| match o {
            Intent::Op(Operation::Adjust(a)) => Some(a),
            _ => None,
        });
        match first {
            Some(a) => {
                let stronger = |x: f64, y: f64, base: f64| {
                    if (y - base).abs() > (x - base).abs() {
                        y
                    } else {
                        x
                    }
                };
                a.brightness = stronger(a.brightness, b.brightness, 0.0);
                a.contrast = stronger(a.contrast, b.contrast, 1.0);
                a.saturation = stronger(a.saturation, b.saturation, 1.0);
            }
            None => out.push((at, i)),
        }
    }
    out
}

/// "a dark room, people can't see my face ... change the brightness": the
/// way to change it is told by what is wrong.
fn brighter_when_dark(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    // ("pictures look more bright on my phone": brighter wished too.)
    let more_bright = toks
        .windows(2)
        .any(|w| w[0].is_any(&["more"]) && w[1].is_any(&["bright"]))
        || toks.iter().any(|t| t.is_any(&["brighter"]));
    let dark = (more_bright
        || toks
            .iter()
            .any(|t| t.is_any(&["dark", "dim", "dimly", "underexposed", "gloomy"])))
        && toks
            .iter()
            .any(|t| t.is_any(&["brightness", "bright", "exposure"]))
        && !toks.iter().any(|t| t.is_any(&["overexposed", "darker"]));
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Vague { op: "adjust", .. } if dark => {
                let brighter = crate::media::ops::Adjust {
                    brightness: 0.15,
                    contrast: 1.0,
                    saturation: 1.0,
                };
                (at, Intent::Op(brighter.into()))
            }
            other => (at, other),
        })
        .collect()
}

/// Steps the files cannot take, beside steps they can: "audio levels" read
/// as the audio removed from a song, "2x and 3x sizes" as a speed for a
/// picture. And "set the saturation to 0" is black and white.
fn fits_the_files(intents: Vec<(usize, Intent)>, inputs: &[FileFacts]) -> Vec<(usize, Intent)> {
    use crate::media::ops::{Grayscale, MediaKind};
    let all = |k: MediaKind| !inputs.is_empty() && inputs.iter().all(|f| f.kind == k);
    let webp_asked = intents.iter().any(|(_, i)| {
        matches!(
            i,
            Intent::ConvertTo {
                to: super::lexicon::FormatWord::Writable(crate::media::ops::Format::Webp),
                ..
            }
        )
    }) && (all(MediaKind::Video) || all(MediaKind::Gif));
    let unfit = |i: &Intent| {
        all(MediaKind::Audio) && matches!(i, Intent::Op(Operation::RemoveAudio(_)))
            || all(MediaKind::Image)
                && matches!(
                    i,
                    Intent::Op(Operation::Speed(_)) | Intent::Default(Operation::Speed(_))
                )
            // "make it an animated webp": the WebP moves; no GIF is made first.
            || webp_asked
                && matches!(
                    i,
                    Intent::Gif {
                        fps: None,
                        width: None,
                        height: None
                    }
                )
            // "compress a GIF" said of a GIF names the file, no GIF to make.
            || all(MediaKind::Gif)
                && matches!(
                    i,
                    Intent::Gif {
                        fps: None,
                        width: None,
                        height: None
                    }
                )
    };
    let others = intents.iter().any(|(_, i)| !unfit(i));
    intents
        .into_iter()
        .filter(|(_, i)| !(others && unfit(i)))
        .map(|(at, i)| match i {
            Intent::Op(Operation::Adjust(a))
                if a.saturation == 0.0 && a.brightness == 0.0 && a.contrast == 1.0 =>
            {
                (at, Intent::Op(Grayscale {}.into()))
            }
            other => (at, other),
        })
        .collect()
}

/// "convert it to a real GIF for Discord": an app's size limit beside
/// another step, with nothing said of size, is where it goes, not a step.
fn app_limit_when_sized(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    let app_limit =
        |i: &Intent| matches!(i, Intent::Default(Operation::Compress(c)) if c.target_mb.is_some());
    let others = intents
        .iter()
        .any(|(_, i)| !app_limit(i) && !matches!(i, Intent::Vague { .. } | Intent::Need(_)));
    let sized = toks.iter().any(|t| {
        t.is_any(&[
            "size", "filesize", "big", "bigger", "large", "larger", "huge", "heavy", "limit",
            "small", "smaller", "compress", "shrink", "reduce", "max", "maximum", "mb", "kb", "gb",
            "lighter",
        ]) || matches!(
            t.t,
            super::tokens::T::Qty(
                _,
                super::tokens::Unit::Mb | super::tokens::Unit::Kb | super::tokens::Unit::Gb
            )
        )
    });
    // "whatsapp says this file is not supported": a format it plays.
    let unplayable = !sized
        && toks.iter().any(|t| {
            t.is_any(&[
                "supported",
                "support",
                "compatible",
                "compatibility",
                "play",
                "plays",
            ])
        });
    intents
        .into_iter()
        .filter(|(_, i)| sized || !others || !app_limit(i))
        .map(|(at, i)| match i {
            i if unplayable && app_limit(&i) => (at, Intent::Compatible),
            other => (at, other),
        })
        .collect()
}

/// "make it smaller so I can email it": the size the app takes wins over a
/// plain "smaller".
fn app_size_wins(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let sized_default = intents.iter().any(
        |(_, i)| matches!(i, Intent::Default(Operation::Compress(c)) if c.target_mb.is_some()),
    );
    intents
        .into_iter()
        .filter(|(_, i)| {
            !(sized_default
                && matches!(i, Intent::Default(Operation::Compress(c)) if c.target_mb.is_none()))
        })
        .collect()
}

/// "We need to make sure the images are not too large. So let's try for
/// around 1mb per image": a smaller file, with the size it should get
/// under said in a sentence of its own.
fn size_said_apart(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    use super::tokens::{Unit, T};
    // The target of a compress step: `Some(None)` for a plain "smaller".
    let target = |i: &Intent| match i {
        Intent::Default(Operation::Compress(c)) | Intent::Op(Operation::Compress(c)) => {
            Some(c.target_mb)
        }
        _ => None,
    };
    let plain = |i: &Intent| target(i) == Some(None);
    let targeted = intents
        .iter()
        .any(|(_, i)| matches!(target(i), Some(Some(_))));
    if targeted || !intents.iter().any(|(_, i)| plain(i)) {
        return intents;
    }
    let sizes: Vec<(usize, f64)> = toks
        .iter()
        .enumerate()
        .filter_map(|(k, t)| match t.t {
            T::Qty(v, Unit::Mb) => Some((k, v)),
            T::Qty(v, Unit::Kb) => Some((k, super::tokens::kb_in_mb(v))),
            T::Qty(v, Unit::Gb) => Some((k, v * 1000.0)),
            _ => None,
        })
        .collect();
    let [(k, mb)] = sizes[..] else {
        return intents;
    };
    let bound = (k.saturating_sub(2)..k).any(|j| {
        toks[j].is_any(&[
            "for",
            "around",
            "about",
            "under",
            "below",
            "max",
            "maximum",
            "less",
            "than",
            "to",
            "most",
            "limit",
            "within",
            "approximately",
            "roughly",
            "lower",
            "smaller",
        ])
    }) && !(k.saturating_sub(2)..k)
        .any(|j| toks[j].is_any(&["from", "is", "are", "was", "were", "be", "been"]));
    // ("the files are really heavy, about 45GB": the size they have.)
    let had = (k.saturating_sub(4)..k).any(|j| {
        toks[j].is_any(&[
            "heavy", "big", "large", "huge", "massive", "weigh", "weighs", "takes", "take",
        ])
    });
    if !bound || had {
        return intents;
    }
    intents
        .into_iter()
        .map(|(at, i)| {
            if plain(&i) {
                let target = crate::media::ops::Compress {
                    quality: None,
                    target_mb: Some((mb * 1000.0).round() / 1000.0),
                };
                (at, Intent::Op(target.into()))
            } else {
                (at, i)
            }
        })
        .collect()
}

/// "slow slideshows down to 5 seconds per photo": the pace is the
/// slideshow's, no speed change after it; "add a slideshow ... (10 seconds
/// per each slide)": a slideshow named again is the one paced.
fn paced_slideshow(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let pace = intents.iter().find_map(|(_, i)| match i {
        Intent::Slideshow { secs: Some(s), .. } => Some(*s),
        _ => None,
    });
    intents
        .into_iter()
        .filter(|(_, i)| !(pace.is_some() && matches!(i, Intent::Default(Operation::Speed(_)))))
        .map(|(at, i)| match i {
            Intent::Slideshow { secs: None, fps } if pace.is_some() => {
                (at, Intent::Slideshow { secs: pace, fps })
            }
            i => (at, i),
        })
        .collect()
}

/// "crop it to 640x640": the fill makes the shape; a crop to the same
/// shape before it adds nothing.
fn fill_makes_the_shape(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let fills: Vec<(u32, u32)> = intents
        .iter()
        .filter_map(|(_, i)| match i {
            Intent::Fill { w, h } => Some((*w, *h)),
            Intent::Op(Operation::Scale(s)) if s.fill => s.width.zip(s.height),
            _ => None,
        })
        .collect();
    // (608x1080 is 9:16 to a pixel.)
    let same_shape = |a: Aspect| {
        let (x, y) = a.ratio();
        fills.iter().any(|(w, h)| {
            let (wy, hx) = (f64::from(*w) * f64::from(y), f64::from(*h) * f64::from(x));
            (wy - hx).abs() <= 0.01 * hx
        })
    };
    intents
        .into_iter()
        .filter(|(_, i)| {
            !matches!(i, Intent::Op(Operation::Crop(c))
                if c.rect.is_none() && c.aspect.is_some_and(same_shape))
        })
        .collect()
}

/// "I photograph all my negatives ... I have to flip all of my pictures":
/// film negatives named beside another step are what was shot; alone ("turn
/// these negatives into positives") they are to be made positive.
fn negatives_photographed(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    let negated = |i: &Intent| matches!(i, Intent::Op(Operation::Negate(_)));
    let plural = toks
        .iter()
        .any(|t| t.orig.eq_ignore_ascii_case("negatives"));
    let others = intents.iter().any(|(_, i)| !negated(i));
    let said = toks
        .iter()
        .any(|t| t.is_any(&["invert", "inverted", "positive", "positives", "negate"]));
    if !plural || !others || said {
        return intents;
    }
    intents.into_iter().filter(|(_, i)| !negated(i)).collect()
}

/// "remove the empty space around (think a square inside a rectangle)":
/// the borders trimmed give the shape; a shape named beside them is the
/// picture described.
/// ("remove the black bars and crop it to a square" asks both.)
fn borders_not_a_shape(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    let asked = shape_asked(toks);
    let trimmed = !asked
        && intents
            .iter()
            .any(|(_, i)| matches!(i, Intent::Op(Operation::CropBorders(_))));
    let shapeless =
        |i: &Intent| matches!(i, Intent::Need(n) if n == super::grammar::crop::SHAPE_NEEDED);
    let mut seen = false;
    intents
        .into_iter()
        .filter(|(_, i)| {
            let crop = matches!(i, Intent::Op(Operation::Crop(c)) if c.rect.is_none());
            !(trimmed && (crop || shapeless(i)))
        })
        .filter(|(_, i)| {
            let borders = matches!(i, Intent::Op(Operation::CropBorders(_)));
            let again = borders && seen;
            seen |= borders;
            !again
        })
        .collect()
}

/// "crop to 16:9", "into a square": a shape led by "to".
fn shape_asked(toks: &[Tok]) -> bool {
    let shape = |t: &Tok| {
        t.is_any(&["square", "portrait", "landscape", "vertical", "widescreen"])
            || t.orig.contains(':') && t.orig.chars().any(|c| c.is_ascii_digit())
    };
    let led = |k: usize| {
        let to = |j: usize| toks.get(j).is_some_and(|t| t.is_any(&["to", "into"]));
        to(k.wrapping_sub(1))
            || toks
                .get(k.wrapping_sub(1))
                .is_some_and(|t| t.is_any(&["a", "an"]))
                && to(k.wrapping_sub(2))
    };
    (0..toks.len()).any(|k| shape(&toks[k]) && led(k))
}

/// A step asked without what it works on, which the request names
/// elsewhere: "crop the page down so that the boundaries aren't so large",
/// "crop the image ... the rest is black" (a plain border removed); "big
/// sections of silence at the beginning and end ... detect these sections
/// and remove them" (the silence at the ends cut). Read before anything
/// else of the request is weighed against it.
pub(crate) fn placed_elsewhere(intents: &mut [(usize, Intent)], toks: &[Tok]) {
    use crate::media::ops::{CropBorders, SilenceEnds, TrimSilence};
    // ("cropping ... giving a white-border effect": a border made.)
    let made = toks.iter().any(|t| t.is_any(&["pad", "padding", "effect"]));
    let bordered = !shape_asked(toks) && !made && plain_border_named(toks);
    // ("silence at the beginning and end": the ends, said beside it.)
    let ends = (0..toks.len())
        .filter(|&k| toks[k].is_any(&["silence", "silences", "silent", "soundless"]))
        .flat_map(|k| &toks[k + 1..(k + 5).min(toks.len())])
        .fold((false, false), |(start, end), t| {
            (
                start || t.is_any(&["start", "beginning", "ends"]),
                end || t.is_any(&["end", "ending", "ends"]),
            )
        });
    let cut = match ends {
        (true, true) => Some(SilenceEnds::Both),
        (true, false) => Some(SilenceEnds::Start),
        (false, true) => Some(SilenceEnds::End),
        (false, false) => None,
    };
    for (_, i) in intents.iter_mut() {
        match (&i, cut) {
            (Intent::Need(n), _) if bordered && n == super::grammar::crop::SHAPE_NEEDED => {
                *i = Intent::Op(CropBorders {}.into());
            }
            (Intent::Vague { op: "trim", .. }, Some(ends)) => {
                *i = Intent::Op(TrimSilence::at(ends).into());
            }
            _ => {}
        }
    }
}

/// "the white space in all directions", "the boundaries", "the rest is
/// black", "the colored bars at the right": a plain border named.
fn plain_border_named(toks: &[Tok]) -> bool {
    use super::grammar::crop::PLAIN;
    (0..toks.len()).any(|k| {
        let t = &toks[k];
        let plain_before = (k.saturating_sub(2)..k).any(|j| toks[j].is_any(PLAIN));
        t.is_any(&[
            "whitespace",
            "letterbox",
            "letterboxing",
            "pillarbox",
            "boundaries",
            "borders",
            "border",
            "margins",
        ]) || t.is_any(&["space", "areas", "area", "bars", "bands"]) && plain_before
            || t.is_any(&["rest"])
                && toks.get(k + 1).is_some_and(|n| n.is_any(&["is", "are"]))
                && toks.get(k + 2).is_some_and(|n| n.is_any(PLAIN))
    })
}

/// "PNG screenshots are too big; convert them to jpg": pictures named as
/// frames are the files, not frames to take.
fn pictures_not_frames(
    intents: Vec<(usize, Intent)>,
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let pictures = all_pictures(inputs);
    let is_frames = |i: &Intent| matches!(i, Intent::Frames { .. } | Intent::AllFrames(_));
    // "convert PNG sequences to GIFs", "a sequence of PNG files, showing each
    // for 2 seconds": the pictures are the frames of an animation.
    // ("convert a sequence of PNG files": frames alone, of pictures.)
    let animated = intents.iter().any(|(_, i)| matches!(i, Intent::Gif { .. }))
        || !intents.is_empty() && intents.iter().all(|(_, i)| is_frames(i));
    if pictures && inputs.len() > 1 && animated && intents.iter().any(|(_, i)| is_frames(i)) {
        let shown = intents.iter().find_map(|(_, i)| match i {
            Intent::Frames {
                at: Some(super::grammar::FrameAt::Secs(s)),
                ..
            } => Some(*s),
            _ => None,
        });
        let mut out: Vec<(usize, Intent)> = Vec::new();
        for (at, i) in intents {
            match i {
                Intent::Slideshow { secs: None, fps } => {
                    out.push((at, Intent::Slideshow { secs: shown, fps }))
                }
                i if is_frames(&i) => {
                    if !out
                        .iter()
                        .any(|(_, o)| matches!(o, Intent::Slideshow { .. }))
                    {
                        out.push((
                            at,
                            Intent::Slideshow {
                                secs: shown,
                                fps: None,
                            },
                        ));
                    }
                }
                other => out.push((at, other)),
            }
        }
        // One slideshow, where the first one stands.
        let mut seen = false;
        out.retain(|(_, i)| {
            let first = !(seen && matches!(i, Intent::Slideshow { .. }));
            seen |= matches!(i, Intent::Slideshow { .. });
            first
        });
        return out;
    }
    if pictures && intents.iter().any(|(_, i)| !is_frames(i)) {
        intents.into_iter().filter(|(_, i)| !is_frames(i)).collect()
    } else if pictures {
        // "save the captured images in jpg format": a picture's frames in a
        // format are the picture in it.
        intents
            .into_iter()
            .map(|(at, i)| match i {
                Intent::AllFrames(f) => (
                    at,
                    Intent::ConvertTo {
                        to: crate::planner::lexicon::FormatWord::Writable(match f {
                            crate::media::ops::FrameFormat::Png => Format::Png,
                            crate::media::ops::FrameFormat::Jpeg => Format::Jpeg,
                        }),
                        quality: None,
                    },
                ),
                other => (at, other),
            })
            .collect()
    } else {
        intents
    }
}

/// "change the speed of the GIF ... speed up by 50%": a vague mention gives
/// way to the same operation with its value.
fn settle_vague(
    intents: Vec<(usize, Intent)>,
    feature_request: bool,
    toks: &[Tok],
) -> Vec<(usize, Intent)> {
    // Operations said with their values (a conversion without a format is
    // the frame of any other step: "convert it and remove the audio").
    let given: Vec<&str> = intents
        .iter()
        .filter(|(_, i)| {
            !matches!(
                i,
                Intent::Vague { .. } | Intent::Default(_) | Intent::Need(_)
            )
        })
        .filter_map(|(_, i)| i.family())
        .collect();
    // "lower the resolution ... to be <2mb": the size target scales as it needs.
    let sized = intents.iter().any(|(_, i)| {
        matches!(i, Intent::Op(Operation::Compress(c)) | Intent::Default(Operation::Compress(c)) if c.target_mb.is_some())
    });
    // "resize it to be under 5 MB": a resize to a size target said with it.
    let sized_near = |at: usize| {
        intents.iter().any(|(k, i)| {
            matches!(i, Intent::Op(Operation::Compress(c)) if c.target_mb.is_some())
                && *k > at
                && *k - at <= 8
        })
    };
    // "resize or recompress before sending": a resize without a size, said
    // with a compression, is how the file gets smaller.
    // ("resize them to a smaller size" leaves the size to ask.)
    let compressed = toks.iter().any(|t| t.is_any(&["compress", "quality"]))
        && intents.iter().any(|(_, i)| {
            matches!(
                i,
                Intent::Op(Operation::Compress(_)) | Intent::Default(Operation::Compress(_))
            )
        });
    // "less than 80kb ... resize the image to the required size".
    let required = toks.iter().any(|t| t.is_any(&["required", "requirement"]));
    let muted_part = intents.iter().any(|(_, i)| {
        matches!(i, Intent::Op(Operation::Volume(v)) if v.start.is_some() || v.end.is_some())
    });
    let unsaid = |at: usize, i: &Intent| match i {
        // A bitrate said elsewhere says how small ("change the bit rate").
        Intent::Vague { op, .. } => {
            *op == "scale" && (sized_near(at) || compressed || sized && required)
                // "mute a part of the video ... mute from 0:20 to 0:40".
                || matches!(*op, "trim" | "volume") && muted_part
                // "fade in and fade out at the start and end": where the fades go.
                || *op == "trim" && given.contains(&"fade")
                // "resize and crop if not square": the crop gives the shape.
                || *op == "scale" && given.contains(&"crop")
                || given.contains(op)
                || *op == "convert" && !given.is_empty()
                || *op == "compress" && given.contains(&"audio_settings")
        }
        Intent::Default(Operation::Scale(_)) if sized || compressed => true,
        // "make it grayscale in order to reduce the size": why, not a step.
        Intent::Default(Operation::Compress(c))
            if c.target_mb.is_none() && !given.is_empty() && said_as_purpose(toks, at) =>
        {
            true
        }
        Intent::Default(op) => given.contains(&op.name()),
        _ => false,
    };
    intents
        .iter()
        .filter(|(at, i)| !unsaid(*at, i))
        .map(|(at, i)| match i {
            // "an option to speed up ... as I listen at 2x speed": the
            // rate said in the reason.
            Intent::Default(Operation::Speed(_))
                if feature_request && told_rate(toks).is_some() =>
            {
                let factor = told_rate(toks).unwrap_or(1.0);
                (*at, Intent::Op(crate::media::ops::Speed { factor }.into()))
            }
            // "a feature to specify a target file size", "control the level
            // of jpeg compression", "capture a frame at xx:xx:xx": the value
            // left for the user to choose, asked.
            Intent::Default(op @ (Operation::Compress(_) | Operation::Volume(_)))
                if feature_request && chosen_later(toks) =>
            {
                let what = if op.name() == "compress" {
                    "say how small or how good, e.g. \"under 10 MB\" or \"high quality\""
                } else {
                    "say how much louder or quieter, e.g. \"+6 dB\" or \"50%\""
                };
                (
                    *at,
                    Intent::Vague {
                        op: op.name(),
                        what: what.into(),
                    },
                )
            }
            Intent::Frames {
                at: Some(FrameAt::Middle),
                ..
            } if chosen_later(toks) || lone_unplaced_frame(&intents, *at, toks) => (
                *at,
                Intent::Vague {
                    op: "frames",
                    what: "say which moment, e.g. \"a screenshot at 0:05\", or how many, e.g. \"5 frames\"".into(),
                },
            ),
            // "an option to speed up", "allow to resize large images": how
            // fast, or to what size, is asked.
            // ("scale them down", "a lower resolution": how far is asked;
            // "lower than 1080p" or "higher" say it.)
            Intent::Default(op)
                if feature_request && op.name() == "speed"
                    || matches!(op, Operation::Scale(s) if s.percent == Some(50.0)) =>
            {
                let what = if op.name() == "scale" {
                    "say the size, e.g. \"800px wide\", 1280x720, 720p or 50%".into()
                } else {
                    match op {
                        Operation::Speed(s) if s.factor < 1.0 => {
                            "say how much slower, e.g. \"0.5x\" or \"quarter speed\"".into()
                        }
                        Operation::Speed(_) => "say how much faster, e.g. \"2x\" or \"4x\"".into(),
                        _ => format!("say how much: {}", op.describe().to_lowercase()),
                    }
                };
                (
                    *at,
                    Intent::Vague {
                        op: op.name(),
                        what,
                    },
                )
            }
            other => (*at, other.clone()),
        })
        .collect()
}

/// Whether the request leaves a value to be chosen when the step is used:
/// "specify", "selectable", "the level of", "xx:xx".
fn chosen_later(toks: &[Tok]) -> bool {
    toks.iter().any(|t| {
        t.is_any(&[
            "specify",
            "specified",
            "choose",
            "chosen",
            "selectable",
            "configurable",
            "adjustable",
            "customizable",
            "custom",
            "define",
            "desired",
            "xx",
        ]) || t.orig.to_ascii_lowercase().starts_with("xx")
    }) || toks.windows(3).any(|w| {
        w[0].is_any(&["level", "amount"]) && w[1].is_any(&["of"]) && !w[2].is_any(&["detail"])
    })
}

/// Whether the words just before `at` make it the purpose of what was said
/// before ("in order to", "so as to", "so that").
fn said_as_purpose(toks: &[Tok], at: usize) -> bool {
    let is = |k: usize, ws: &[&str]| toks.get(k).is_some_and(|t| t.is_any(ws));
    (at.saturating_sub(5)..at).any(|k| {
        is(k, &["in"]) && is(k + 1, &["order"]) || is(k, &["so"]) && is(k + 1, &["as", "that"])
    })
}

/// "crop and scale the image to 176x224": the crop takes the shape of the
/// size (the largest such rectangle, centred), the scale makes the size.
fn crop_to_the_size(
    mut intents: Vec<(usize, Intent)>,
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let shapeless = |i: &Intent| matches!(i, Intent::Need(m) if m == crate::planner::grammar::crop::SHAPE_NEEDED);
    let Some(k) = intents.iter().position(|(_, i)| shapeless(i)) else {
        return intents;
    };
    let size = intents.iter().find_map(|(_, i)| match i {
        Intent::Op(Operation::Scale(s)) => s.width.zip(s.height),
        _ => None,
    });
    let dims = match inputs {
        [f] => f.width.zip(f.height),
        _ => None,
    };
    if let (Some((tw, th)), Some((w, h))) = (size, dims) {
        let (tw, th, w, h) = (u64::from(tw), u64::from(th), u64::from(w), u64::from(h));
        if tw > 0 && th > 0 {
            let (cw, ch) = if w * th > h * tw {
                (h * tw / th, h)
            } else {
                (w, w * th / tw)
            };
            intents[k].1 = Intent::CropRect {
                w: (cw as u32) & !1,
                h: (ch as u32) & !1,
                at: None,
                centred: true,
            };
        }
    }
    intents
}

/// "crop to 624x464 then resize to 320x240": a crop to a size that a
/// scale follows is the rectangle cut, not a fill of that size (which the
/// scale after it would undo).
fn cropped_then_scaled(mut intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    let scaled_after = |from: usize, list: &[(usize, Intent)]| {
        list.iter().any(|(at, i)| {
            *at > from
                && matches!(i, Intent::Exact { .. } | Intent::Op(Operation::Scale(_)))
                && toks
                    .get(from..*at)
                    .is_some_and(|ts| ts.iter().any(|t| t.is_any(&["then"])))
        })
    };
    for k in 0..intents.len() {
        let from = intents[k].0;
        if let Intent::CropRect {
            at: None,
            centred: false,
            ..
        } = intents[k].1
        {
            if scaled_after(from, &intents) {
                if let Intent::CropRect { centred, .. } = &mut intents[k].1 {
                    *centred = true;
                }
            }
        }
    }
    intents
}

/// "fade the songs and crop the silence at the ends": a fade is made on
/// what is kept, so it comes after the cuts.
fn fade_after_cuts(mut intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let Some(f) = intents.iter().position(|(_, i)| i.family() == Some("fade")) else {
        return intents;
    };
    let cut = |i: &Intent| matches!(i.family(), Some("trim" | "trim_silence" | "cut"));
    if let Some(k) = intents.iter().rposition(|(_, i)| cut(i)).filter(|&k| k > f) {
        let step = intents.remove(f);
        intents.insert(k, step);
    }
    intents
}

/// "Max 100K. It should be square", "do compress and no image should be
/// wider than 2048px": a size to reach, or a quality to write at, comes
/// last, after the steps that change what there is to fit (crop, scale,
/// trim...) and would write the file again.
fn size_last(mut intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let sized = |i: &Intent| {
        matches!(
            i,
            Intent::Op(Operation::Compress(_)) | Intent::Default(Operation::Compress(_))
        )
    };
    // Before steps that keep the format, and a GIF made of a clip (its size
    // is what the limit is about: "the readme takes 10 MB, make a gif").
    let shaping = |i: &Intent| {
        matches!(
            i.family(),
            Some("crop" | "scale" | "trim" | "cut" | "rotate" | "flip" | "change_fps" | "to_gif")
        ) || converts_keeping_a_size(i)
    };
    if let Some(k) = intents.iter().position(|(_, i)| sized(i)) {
        let after = &intents[k + 1..];
        if !after.is_empty() && after.iter().all(|(_, i)| shaping(i)) {
            let step = intents.remove(k);
            intents.push(step);
        }
    }
    intents
}

/// "5 MB, in the native quicktime format, .mov": a conversion written
/// after the size would spend it again; one to a format a size target
/// keeps (not a lossless sound) comes first.
fn converts_keeping_a_size(i: &Intent) -> bool {
    use super::lexicon::FormatWord;
    match i {
        Intent::ConvertTo {
            to: FormatWord::Writable(f),
            ..
        } => !matches!(f, Format::Wav | Format::Flac | Format::Aiff),
        Intent::Codec { .. } => true,
        _ => false,
    }
}

/// The one rate said as "2x" in the request.
fn told_rate(toks: &[Tok]) -> Option<f64> {
    let mut rates = toks.iter().filter_map(|t| match t.t {
        super::tokens::T::Qty(v, super::tokens::Unit::X) if v > 0.0 && v != 1.0 => Some(v),
        _ => None,
    });
    let first = rates.next()?;
    rates.all(|v| v == first).then_some(first)
}

/// "too large, convert to jpg at 85%", "a smaller file, mp3 at 128 kbps is
/// fine": a wish for a smaller file, served by the means named with it.
fn settle_smaller(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    use super::lexicon::FormatWord;
    use crate::media::ops::{Operation, VideoCodec};
    // "convert an MP4 to a compressed MP4": a file already in the format
    // gets no smaller by being converted to it.
    let already = |f: &Format| !inputs.is_empty() && inputs.iter().all(|x| x.format == *f);
    let means = intents.iter().any(|(_, i)| match i {
        Intent::ConvertTo {
            quality: Some(_), ..
        } => true,
        Intent::ConvertTo {
            to: FormatWord::Writable(f),
            ..
        } if already(f) => false,
        // "convert AVI to MPEG to make the file size smaller", "PNG would
        // result in ... smaller file size": the format chosen is the way.
        Intent::ConvertTo {
            to: FormatWord::Writable(_),
            ..
        } => true,
        Intent::Codec { codec, .. } => {
            matches!(codec, VideoCodec::Hevc | VideoCodec::Av1 | VideoCodec::Vp9)
        }
        // "resample to 16 kHz to reduce upload size": a lower rate, fewer
        // channels or bits are the smaller file.
        Intent::AudioShape { .. } | Intent::Quality(_) => true,
        Intent::Op(Operation::Scale(_) | Operation::ChangeFps(_)) => true,
        // "in greyscale so I can have a much smaller document", "a 16
        // colour palette ... a decent reduction in size".
        Intent::Op(Operation::Grayscale(_) | Operation::Quantize(_)) => true,
        Intent::OnPdf(Operation::PdfToImages(_)) => true,
        _ => false,
    });
    if !means {
        return intents;
    }
    let intents_quality = intents.iter().any(|(_, i)| {
        matches!(
            i,
            Intent::Quality(_)
                | Intent::ConvertTo {
                    quality: Some(_),
                    ..
                }
        )
    });
    intents
        .into_iter()
        .filter(|(at, i)| {
            // "optimize all pngs to webp": the conversion is the optimising.
            let plain_smaller = matches!(
                i,
                Intent::Default(Operation::Compress(c)) | Intent::Op(Operation::Compress(c))
                    if c.target_mb.is_none()
            ) || matches!(i, Intent::Optimize);
            // "compress it", not "other compressed audio", "(better
            // compression)" or "compress it by dropping the fps".
            // ("they need to be compressed and exported to 720p": asked.)
            let passive = *at >= 2
                && toks[*at - 1].is_any(&["be", "get"])
                && toks[*at - 2].is_any(&["to", "should", "must", "could"]);
            let said = toks.get(*at).is_some_and(|t| {
                t.is_any(&["compress", "squeeze", "shrink"])
                    && (!t.orig.to_lowercase().ends_with("ed") || passive)
                    && !t.orig.to_lowercase().ends_with("ion")
            }) && !toks[*at + 1..].iter().take(3).any(|t| t.is_any(&["by"]))
                || formats::made_smaller(toks, *at)
                // "... and make the file as small as possible": besides.
                || toks.get(*at).is_some_and(|t| t.is_any(&["small"]))
                    && *at >= 1
                    && toks[*at - 1].is_any(&["as"])
                    && !toks[*at + 1..].iter().any(|t| t.is_any(&["by"]));
            // "compress to 80% quality": the quality is how.
            let quality_said = intents_quality;
            // "convert all jpg to webp, (it) can reduce the file size to
            // 80%": what the conversion gives.
            let given = matches!(i, Intent::SizeShare(_))
                && (at.saturating_sub(4)..*at)
                    .any(|k| toks[k].is_any(&["can", "could", "will", "would", "may", "might"]));
            !given && (!plain_smaller || said && !quality_said) && !size_reported(i, toks, *at)
        })
        .collect()
}

/// "this will shrink the load from ~30MB to ~12MB", "(10mb -> 700KB)": a
/// size reached, reported beside the step that reached it, is no target.
fn size_reported(i: &Intent, toks: &[Tok], at: usize) -> bool {
    use super::tokens::{Unit, T};
    let Intent::Op(Operation::Compress(c)) = i else {
        return false;
    };
    let Some(target) = c.target_mb else {
        return false;
    };
    // In megabytes; a bare number takes the unit of the size at `of`
    // ("from 350 to 160MB").
    let in_mb = |k: usize, of: usize| match toks.get(k).map(|t| &t.t) {
        Some(T::Qty(v, Unit::Mb)) => Some(*v),
        Some(T::Qty(v, Unit::Kb)) => Some(super::tokens::kb_in_mb(*v)),
        Some(T::Qty(v, Unit::Gb)) => Some(v * 1000.0),
        Some(T::Num(v)) => match toks.get(of).map(|t| &t.t) {
            Some(T::Qty(_, Unit::Kb)) => Some(super::tokens::kb_in_mb(*v)),
            Some(T::Qty(_, Unit::Gb)) => Some(v * 1000.0),
            _ => Some(*v),
        },
        _ => None,
    };
    // The size itself, or the verb of a result ("this will shrink the
    // load from ..."), not "shrink it from 10MB to 2MB".
    let verb = toks[at].word().is_some();
    let o = toks[at].orig.to_lowercase();
    let result = at > 0 && toks[at - 1].is_any(&["will", "would", "can", "could", "may", "might"])
        || o.ends_with("ed")
        || o.ends_with('s') && !o.ends_with("ss");
    if verb && !result {
        return false;
    }
    let Some(k) = (at..(at + 12).min(toks.len()))
        .find(|&k| in_mb(k, k).is_some_and(|v| (v - target).abs() < 1e-6))
    else {
        return false;
    };
    // ("must be from 5 to 100 Kb" is a range asked.)
    let larger = |j: usize| in_mb(j, k).is_some_and(|v| v > target);
    let from = (k.saturating_sub(6)..k).any(|j| toks[j].is_any(&["from"]) && larger(j + 1));
    let arrow = k >= 2 && larger(k - 2);
    k > 0 && toks[k - 1].is_any(&["to"]) && (from || arrow)
}

/// "export it at 126%: the duration should be around 3:12", "repeat it 60
/// times for a duration of 1 minute": a length stated next to a step that
/// makes it is what that step gives, not a cut.
fn settle_lengths(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    let lengthens = intents.iter().any(|(_, i)| {
        matches!(
            i,
            Intent::Op(Operation::Speed(_) | Operation::Loop(_) | Operation::Boomerang(_))
                | Intent::Slideshow { .. }
        )
    });
    if !lengthens {
        return intents;
    }
    intents
        .into_iter()
        .filter(|(at, i)| {
            let stated = matches!(
                i,
                Intent::Op(Operation::Trim(t)) if t.start.is_none() && t.end.is_none() && t.last.is_none()
            ) && toks
                .get(at.saturating_sub(3)..=*at)
                .is_some_and(|ts| ts.iter().any(|t| t.is_any(&["duration", "length", "long"])));
            !stated
        })
        .collect()
}

/// "set the duration to 60 minutes, then loop it": a length beside a loop
/// whose count is not said is the length to loop to.
fn loop_to_length(intents: Vec<(usize, Intent)>, inputs: &[FileFacts]) -> Vec<(usize, Intent)> {
    let length = |i: &Intent| match i {
        Intent::Op(Operation::Trim(t))
            if t.start.is_none() && t.end.is_none() && t.last.is_none() =>
        {
            t.duration
        }
        _ => None,
    };
    let Some(secs) = intents
        .iter()
        .filter_map(|(_, i)| length(i))
        .max_by(f64::total_cmp)
    else {
        return intents;
    };
    // "the first 5 seconds as a looping gif": a part, not a length to reach.
    let longer = inputs
        .first()
        .and_then(|f| f.duration_secs)
        .is_some_and(|d| secs > d);
    if !longer || !intents.iter().any(|(_, i)| matches!(i, Intent::Loop)) {
        return intents;
    }
    intents
        .into_iter()
        .filter(|(_, i)| length(i).is_none())
        .map(|(at, i)| match i {
            Intent::Loop => (at, Intent::LoopFor(secs)),
            other => (at, other),
        })
        .collect()
}

/// "The watermark should be bottom left and say \"Demo\"": text quoted
/// elsewhere in the prompt is the watermark's.
fn quoted_text(mut intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    // (A quote well before the watermark is something else's name: "my
    // photos attached to a \"cousins\" family tree ... place a watermark".)
    let quote = |at: usize| {
        toks.iter().enumerate().find_map(|(k, t)| match &t.t {
            super::tokens::T::Quote(q) if k + 8 >= at => Some(q.clone()),
            _ => None,
        })
    };
    for (at, i) in &mut intents {
        if let Intent::Watermark { text, .. } = i {
            if text.is_none() {
                *text = quote(*at);
            }
        }
    }
    intents
}

/// "Lighter png file. Image quality is not degraded.": a smaller file with
/// its quality kept, said in another clause, is the lossless kind.
fn lossless_elsewhere(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    let w = |k: usize| toks.get(k).and_then(|t| t.word()).unwrap_or("");
    let kept = (0..toks.len()).any(|k| {
        let near_quality = |from: usize, to: usize| (from..to).any(|j| w(j) == "quality");
        match w(k) {
            "lossless" | "losslessly" => true,
            "without" => {
                matches!(
                    w(k + 1),
                    "losing" | "lose" | "loss" | "degrading" | "sacrificing" | "compromising"
                ) && near_quality(k + 1, k + 5)
            }
            "quality" => {
                (w(k + 1) == "loss" && matches!(w(k.wrapping_sub(1)), "no" | "without"))
                    || matches!(w(k + 1), "is" | "was" | "should" | "must")
                        && (k + 2..k + 5).any(|j| w(j) == "not")
                        && (k + 3..k + 6).any(|j| {
                            matches!(
                                w(j),
                                "degraded" | "degrade" | "lost" | "reduced" | "affected"
                            )
                        })
            }
            _ => false,
        }
    });
    if !kept {
        return intents;
    }
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Default(Operation::Compress(c)) | Intent::Op(Operation::Compress(c))
                if c.target_mb.is_none() =>
            {
                (at, Intent::Optimize)
            }
            other => (at, other),
        })
        .collect()
}

/// "(2MB) ... it should be automatically resized to fit the accepted size
/// limit", "the upload limit is 10 MB. Images should automatically
/// downscale": a resize without a size, in a request about the file's size,
/// is a compression (to the smallest size told, which is the limit).
fn fit_the_limit(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    use super::tokens::{Unit, T};
    use crate::media::ops::{Compress, Operation};
    let fits = (0..toks.len()).any(|k| {
        toks[k].is_any(&["fit"])
            && toks[k + 1..(k + 7).min(toks.len())]
                .iter()
                .any(|t| t.is_any(&["limit", "limits", "maximum", "max"]))
    });
    let limit = toks
        .iter()
        .filter_map(|t| match t.t {
            T::Qty(v, Unit::Mb) => Some(v),
            T::Qty(v, Unit::Kb) => Some(super::tokens::kb_in_mb(v)),
            T::Qty(v, Unit::Gb) => Some(v * 1000.0),
            _ => None,
        })
        .reduce(f64::min);
    let file_size = (0..toks.len()).any(|k| {
        let next = |ws: &[&str]| toks.get(k + 1).is_some_and(|t| t.is_any(ws));
        toks[k].is_any(&["filesize", "filesizes"])
            || toks[k].is_any(&["file"]) && next(&["size", "sizes"])
            || toks[k].is_any(&["size", "upload"]) && next(&["limit", "limits", "threshold"])
    });
    let sized = |i: &Intent| matches!(i, Intent::Vague { op: "scale", .. });
    if !intents.iter().any(|(_, i)| sized(i)) {
        return intents;
    }
    if file_size && limit.is_none() {
        // ("... downsize photos that exceed the limit": no size told.)
        let smaller = Compress {
            quality: Some(crate::media::ops::Quality::Medium),
            target_mb: None,
        };
        return intents
            .into_iter()
            .map(|(at, i)| match i {
                i if sized(&i) => (at, Intent::Default(Operation::Compress(smaller.clone()))),
                other => (at, other),
            })
            .collect();
    }
    let fits = fits || file_size;
    let (Some(mb), true) = (limit, fits) else {
        return intents;
    };
    let mut out: Vec<(usize, Intent)> = Vec::new();
    for (at, i) in intents {
        let compress = i.family() == Some("compress") || matches!(i, Intent::Need(_));
        if sized(&i) && !out.iter().any(|(_, o)| o.family() == Some("compress")) {
            let target = Compress {
                quality: None,
                target_mb: Some((mb * 1000.0).round() / 1000.0),
            };
            out.push((at, Intent::Op(Operation::Compress(target))));
        } else if !(compress || sized(&i)) {
            out.push((at, i));
        }
    }
    out
}

/// "get the audio and then convert it to .ogg" of a sound file: the sound
/// is all there is; the other steps are what is asked.
fn sound_kept_beside(intents: Vec<(usize, Intent)>, inputs: &[FileFacts]) -> Vec<(usize, Intent)> {
    let sound = !inputs.is_empty()
        && inputs
            .iter()
            .all(|f| f.kind == crate::media::ops::MediaKind::Audio);
    let kept = |i: &Intent| matches!(i, Intent::AudioOnly(None));
    if !sound || intents.iter().all(|(_, i)| kept(i)) {
        return intents;
    }
    intents.into_iter().filter(|(_, i)| !kept(i)).collect()
}

/// "Shorts REQUIRE a 9:16 aspect ratio. Please add black fill": the shape
/// said elsewhere is the padding's, not a crop's (which would lose what the
/// padding keeps).
fn padded_to_the_shape(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    use crate::media::ops::{Crop, Pad};
    // ("... add white bars": the colour said with the bars.)
    let color = [
        ("white", "white"),
        ("blank", "white"),
        ("gray", "gray"),
        ("grey", "gray"),
        ("transparent", "transparent"),
    ]
    .iter()
    .find(|(w, _)| toks.iter().any(|t| t.is_any(&[w])))
    .map_or("black", |(_, c)| c);
    let pads = |i: &Intent| i.family() == Some("pad");
    let shape = intents.iter().find_map(|(_, i)| match i {
        Intent::Op(Operation::Crop(Crop {
            rect: None,
            aspect: Some(a),
        }))
        | Intent::Default(Operation::Crop(Crop {
            rect: None,
            aspect: Some(a),
        })) => Some(*a),
        _ => None,
    });
    if !intents.iter().any(|(_, i)| pads(i)) {
        return intents;
    }
    let Some(aspect) = shape else {
        return intents;
    };
    intents
        .into_iter()
        .filter_map(|(at, i)| match i {
            Intent::Vague { op: "pad", .. } => Some((
                at,
                Intent::Op(
                    Pad {
                        aspect: Some(aspect),
                        width: None,
                        height: None,
                        border: None,
                        color: color.into(),
                    }
                    .into(),
                ),
            )),
            Intent::Op(Operation::Crop(Crop { rect: None, .. }))
            | Intent::Default(Operation::Crop(Crop { rect: None, .. })) => None,
            other => Some((at, other)),
        })
        .collect()
}

/// "stretch the image back to 16:9": the picture is stretched to the shape,
/// its height kept, not cropped to it.
fn stretched_to_shape(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    use crate::media::ops::{Crop, Scale};
    // (Not "crop it instead of squeezing or stretching".)
    let stretch = (0..toks.len()).any(|k| {
        toks[k].is_any(&[
            "stretch",
            "stretched",
            "stretching",
            "unsqueeze",
            "desqueeze",
        ]) && !toks[k.saturating_sub(4)..k]
            .iter()
            .any(|t| t.is_any(&["instead", "rather", "without", "not", "no", "avoid", "than"]))
    }) && !toks
        .iter()
        .any(|t| t.is_any(&["crop", "cropped", "cropping"]));
    let heights: Vec<u32> = inputs.iter().filter_map(|f| f.height).collect();
    let [h] = heights[..] else {
        return intents;
    };
    if !stretch {
        return intents;
    }
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Op(Operation::Crop(Crop {
                rect: None,
                aspect: Some(a),
            })) => {
                let (rw, rh) = a.ratio();
                // Even sides, as video encoders want them.
                let w = ((f64::from(h) * f64::from(rw) / f64::from(rh) / 2.0).round() as u32) * 2;
                let scale = Scale {
                    width: Some(w),
                    height: Some(h),
                    percent: None,
                    resolution: None,
                    keep_aspect: false,
                    fill: false,
                };
                (at, Intent::Op(scale.into()))
            }
            other => (at, other),
        })
        .collect()
}

/// "play a video backwards? ... a boomerang playback effect": the
/// boomerang plays it backwards already.
fn boomerang_plays_back(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let boomerang = intents.iter().any(|(_, i)| i.family() == Some("boomerang"));
    intents
        .into_iter()
        .filter(|(_, i)| !(boomerang && matches!(i, Intent::Op(Operation::Reverse(_)))))
        .collect()
}

/// "Make PDF files smaller so that they can be emailed. Shoot for around
/// 1 MB.": one compression of the PDF, to the size said anywhere.
fn one_pdf_compression(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let target = intents.iter().find_map(|(_, i)| match i {
        Intent::OnPdf(Operation::CompressPdf(c)) => c.target_mb,
        _ => None,
    });
    if !intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::OnPdf(Operation::CompressPdf(_))))
    {
        return intents;
    }
    let mut seen = false;
    intents
        .into_iter()
        .filter_map(|(at, i)| match i {
            Intent::OnPdf(Operation::CompressPdf(mut c)) => {
                if seen {
                    return None;
                }
                seen = true;
                c.target_mb = c.target_mb.or(target);
                Some((at, Intent::OnPdf(Operation::CompressPdf(c))))
            }
            Intent::Default(Operation::Compress(_)) | Intent::Op(Operation::Compress(_)) => None,
            other => Some((at, other)),
        })
        .collect()
}

/// "Quality: 80, format: webp": the quality is the conversion's. ("pngquant
/// 80 quality": a palette's, which sets no quality of its own.)
fn quality_to_target(mut intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    let Some(q) = intents.iter().find_map(|(_, i)| match i {
        Intent::Quality(q) => Some(*q),
        _ => None,
    }) else {
        return intents;
    };
    if intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::Op(Operation::Quantize(_))))
    {
        intents.retain(|(_, i)| !matches!(i, Intent::Quality(_)));
        return intents;
    }
    // (A WebP's quality unless one is said.)
    let unsaid = |to: &super::lexicon::FormatWord, q: &Option<u8>| {
        q.is_none()
            || *to == super::lexicon::FormatWord::Writable(crate::media::ops::Format::Webp)
                && *q == Some(super::grammar::convert::WEBP_QUALITY)
    };
    let Some(target) = intents.iter_mut().find_map(|(_, i)| match i {
        Intent::ConvertTo { to, quality } if unsaid(to, quality) => Some(quality),
        _ => None,
    }) else {
        return intents;
    };
    *target = Some(q);
    intents.retain(|(_, i)| !matches!(i, Intent::Quality(_)));
    intents
}

/// Words of a feature request: "an option to", "the ability to".
fn is_feature_request(toks: &[Tok]) -> bool {
    toks.iter().any(|t| {
        t.is_any(&[
            "option",
            "ability",
            "feature",
            "setting",
            "flag",
            "parameter",
            "possibility",
            "functionality",
            "button",
            "mode",
            "support",
        ])
    })
}

/// "for Instagram it must be 1920 pixels high and 1080 pixels wide": a
/// shape a place stands for gives way to the exact size said beside it.
/// (Not the file's own size told: "1920x1080 video that is actually 4:3".)
/// (A shape said in words, "crop to 4:3 and scale to 1920x1080", stands.)
fn shape_of_the_size(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    use crate::media::ops::{Aspect, Crop};
    let place = toks.iter().any(|t| {
        t.is_any(&[
            "instagram",
            "insta",
            "tiktok",
            "youtube",
            "reel",
            "reels",
            "story",
            "stories",
            "shorts",
            "facebook",
            "snapchat",
            "whatsapp",
            "avatar",
            "pfp",
        ])
    });
    let shape_said = toks.iter().any(|t| {
        t.is_any(&[
            "square",
            "portrait",
            "landscape",
            "vertical",
            "horizontal",
            "widescreen",
        ]) || t.orig.contains(':') && t.orig.chars().any(|c| c.is_ascii_digit())
    });
    if !place || shape_said {
        return intents;
    }
    let own = |w: u32, h: u32| {
        inputs
            .iter()
            .any(|f| f.width == Some(w) && f.height == Some(h))
    };
    let sizes: Vec<Aspect> = intents
        .iter()
        .filter_map(|(_, i)| match i {
            Intent::Exact { w, h } => Some((*w, *h)),
            Intent::Op(Operation::Scale(s)) if s.keep_aspect => s.width.zip(s.height),
            _ => None,
        })
        .filter(|&(w, h)| !own(w, h))
        .filter_map(|(w, h)| Aspect::new(w, h))
        .collect();
    let [size] = sizes[..] else {
        return intents;
    };
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Op(Operation::Crop(Crop {
                rect: None,
                aspect: Some(a),
            })) if a != size => (
                at,
                Intent::Op(
                    Crop {
                        rect: None,
                        aspect: Some(size),
                    }
                    .into(),
                ),
            ),
            other => (at, other),
        })
        .collect()
}

/// "resize without preserving the pixel ratio ... keep all images 200x200":
/// the size made whole, the shape given up, wherever that is said.
fn ratio_given_up(intents: Vec<(usize, Intent)>, toks: &[Tok]) -> Vec<(usize, Intent)> {
    // (Not "without changing the aspect ratio", nor "without cropping and
    // keep the aspect ratio": kept.)
    const KEEPING: &[&str] = &[
        "preserve",
        "preserving",
        "keep",
        "keeping",
        "maintain",
        "maintaining",
        "respect",
        "respecting",
    ];
    let given_up = (0..toks.len()).any(|k| {
        let start = k.saturating_sub(5);
        let before = &toks[start..k];
        toks[k].is_any(&["ratio", "proportion", "proportions"])
            && (before
                .iter()
                .any(|t| t.is_any(&["ignore", "ignoring", "disregard", "disregarding"]))
                || before
                    .windows(2)
                    .any(|w| w[0].is_any(&["without"]) && w[1].is_any(KEEPING)))
    });
    if !given_up {
        return intents;
    }
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Exact { w, h } => (at, Intent::Op(exact_stretch(w, h))),
            Intent::Op(Operation::Scale(s)) if s.width.is_some() && s.height.is_some() => (
                at,
                Intent::Op(
                    crate::media::ops::Scale {
                        keep_aspect: false,
                        fill: false,
                        ..s
                    }
                    .into(),
                ),
            ),
            other => (at, other),
        })
        .collect()
}

fn exact_stretch(w: u32, h: u32) -> Operation {
    crate::media::ops::Scale {
        width: Some(w),
        height: Some(h),
        percent: None,
        resolution: None,
        keep_aspect: false,
        fill: false,
    }
    .into()
}

/// "resize to 1280x720": the size whole, known as a plain scale or a fill
/// once the file's shape is.
fn exact_sizes(intents: Vec<(usize, Intent)>, inputs: &[FileFacts]) -> Vec<(usize, Intent)> {
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Exact { w, h } => (
                at,
                Intent::Op(crate::planner::resolve::exact_size(w, h, inputs).into()),
            ),
            i => (at, i),
        })
        .collect()
}

/// "the pictures are backwards, as in a mirror": a still has no time to
/// play backwards; backwards is mirrored.
fn mirrored_stills(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    use crate::media::ops::{Flip, FlipDirection, MediaKind};
    // ("in reverse order" is the pictures' order.)
    let order = toks
        .iter()
        .any(|t| t.is_any(&["order", "sequence", "sort", "sorted", "arrange"]));
    let stills = !inputs.is_empty() && inputs.iter().all(|f| f.kind == MediaKind::Image);
    if !stills || order {
        return intents;
    }
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Op(Operation::Reverse(_)) | Intent::Default(Operation::Reverse(_)) => (
                at,
                Intent::Op(
                    Flip {
                        direction: FlipDirection::Horizontal,
                    }
                    .into(),
                ),
            ),
            i => (at, i),
        })
        .collect()
}
