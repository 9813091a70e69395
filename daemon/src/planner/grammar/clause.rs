//! A clause being read: its tokens, which of them an intent has taken, and
//! the look-ups recognizers make (words, numbers, times, quotes).

use crate::media::ops::Format;
use crate::planner::tokens::{Tok, Unit, T};

/// A clause being read: its tokens and which are taken by an intent.
pub struct Clause<'a> {
    pub toks: &'a [Tok],
    pub(super) used: Vec<bool>,
    /// The formats of the files the request is about.
    pub(super) sources: &'a [Format],
}

/// Things counted by a bare number: "4 directions", "3 files".
const COUNTED: &[&str] = &[
    "directions",
    "direction",
    "times",
    "files",
    "file",
    "videos",
    "video",
    "images",
    "image",
    "pictures",
    "photos",
    "pages",
    "page",
    "frames",
    "frame",
    "parts",
    "pieces",
    "sides",
    "clips",
    "clip",
    "people",
    "song",
    "track",
    "steps",
    "copies",
    "versions",
    "formats",
];

impl<'a> Clause<'a> {
    pub fn new(toks: &'a [Tok], sources: &'a [Format]) -> Clause<'a> {
        Clause {
            used: vec![false; toks.len()],
            toks,
            sources,
        }
    }
    pub(super) fn w(&self, i: usize) -> Option<&str> {
        self.toks.get(i).and_then(|t| t.word())
    }
    pub(super) fn is(&self, i: usize, ws: &[&str]) -> bool {
        self.w(i).is_some_and(|w| ws.contains(&w))
    }
    /// First unused position of one of `ws`.
    pub(super) fn find(&self, ws: &[&str]) -> Option<usize> {
        (0..self.toks.len()).find(|&i| !self.used[i] && self.is(i, ws))
    }
    pub(super) fn has(&self, ws: &[&str]) -> bool {
        self.toks.iter().any(|t| t.is_any(ws))
    }
    /// Position of the word sequence `seq`.
    pub(super) fn seq(&self, seq: &[&str]) -> Option<usize> {
        if seq.is_empty() || self.toks.len() < seq.len() {
            return None;
        }
        (0..=self.toks.len() - seq.len())
            .find(|&i| seq.iter().enumerate().all(|(k, w)| self.is(i + k, &[w])))
    }
    pub(super) fn has_seq(&self, seq: &[&str]) -> bool {
        self.seq(seq).is_some()
    }
    /// Whether word `a` is followed within `gap` words by one of `bs`.
    pub(super) fn near(&self, a: &[&str], bs: &[&str], gap: usize) -> Option<usize> {
        for i in 0..self.toks.len() {
            if self.is(i, a) {
                for j in i + 1..(i + 1 + gap).min(self.toks.len()) {
                    if self.is(j, bs) {
                        return Some(i);
                    }
                }
            }
        }
        None
    }
    /// Whether the word before `i`, skipping "like", "about", "a", "the"...,
    /// is one of `ws` ("into like 1280x1280").
    pub(super) fn led_by(&self, i: usize, ws: &[&str]) -> bool {
        (0..i)
            .rev()
            .find(|&k| {
                !self.is(
                    k,
                    &[
                        "like",
                        "something",
                        "about",
                        "around",
                        "roughly",
                        "approximately",
                        "a",
                        "an",
                        "the",
                        "just",
                        "only",
                        "exactly",
                    ],
                )
            })
            .is_some_and(|k| self.is(k, ws))
    }

    pub(super) fn take(&mut self, i: usize) {
        if i < self.used.len() {
            self.used[i] = true;
        }
    }
    /// Marks a trigger used, unless it is a number its recognizer reads next.
    pub(super) fn take_trig(&mut self, i: usize) {
        if self.toks.get(i).is_some_and(|t| t.word().is_some()) {
            self.used[i] = true;
        }
    }
    pub(super) fn take_all(&mut self, ws: &[&str]) {
        for i in 0..self.toks.len() {
            if self.is(i, ws) {
                self.used[i] = true;
            }
        }
    }
    /// Unused quantities of `unit`.
    pub(super) fn qtys(&self, unit: Unit) -> Vec<(usize, f64)> {
        self.toks
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.used[*i])
            .filter_map(|(i, t)| match t.t {
                T::Qty(v, u) if u == unit => Some((i, v)),
                _ => None,
            })
            .collect()
    }
    /// The quantity of `unit`: the first, or in "from 1080p to 720p" and
    /// "my 1080p video to 720p" the one after "to".
    pub(super) fn qty(&self, unit: Unit) -> Option<(usize, f64)> {
        let all = self.qtys(unit);
        let from = all.first().is_some_and(|(i, _)| {
            self.is(i.wrapping_sub(1), &["from"])
                || self.is(
                    i + 1,
                    &[
                        "video",
                        "file",
                        "clip",
                        "footage",
                        "movie",
                        "recording",
                        "source",
                        "image",
                    ],
                )
        });
        let to = all
            .iter()
            .skip(1)
            .find(|(i, _)| self.is(i.wrapping_sub(1), &["to", "into"]));
        match to {
            Some(&q) if from => Some(q),
            _ => all.first().copied(),
        }
    }
    pub(super) fn num_at(&self, i: usize) -> Option<f64> {
        match self.toks.get(i).map(|t| &t.t) {
            Some(T::Num(v)) if !self.used[i] => Some(*v),
            _ => None,
        }
    }
    /// The first unused bare number after `i` within `gap` tokens.
    pub(super) fn num_after(&self, i: usize, gap: usize) -> Option<(usize, f64)> {
        (i + 1..(i + 1 + gap).min(self.toks.len())).find_map(|j| self.num_at(j).map(|v| (j, v)))
    }
    pub(super) fn num_before(&self, i: usize, gap: usize) -> Option<(usize, f64)> {
        (i.saturating_sub(gap)..i)
            .rev()
            .find_map(|j| self.num_at(j).map(|v| (j, v)))
    }
    /// Whether `r` could be a picture's shape: "3:14 in length" is a time.
    /// "XPan aspect ratio is 65:24": the value at `i` said to be a ratio,
    /// whatever its numbers.
    fn ratio_named(&self, i: usize) -> bool {
        (i.saturating_sub(3)..i).any(|k| self.is(k, &["ratio", "aspect"]))
    }
    fn shape_like(r: (u32, u32)) -> bool {
        let x = f64::from(r.0) / f64::from(r.1.max(1));
        (0.4..=2.6).contains(&x)
    }
    /// Whether every file the request is about is a sound file.
    pub(super) fn sounds_only(&self) -> bool {
        !self.sources.is_empty() && self.sources.iter().all(|f| f.is_audio())
    }
    /// Whether every file the request is about is a still picture.
    pub(super) fn pictures_only(&self) -> bool {
        !self.sources.is_empty() && self.sources.iter().all(|f| f.is_still())
    }
    /// "from 0:30 to 1:15", "0:30-1:15": the end of a range of times.
    fn range_end(&self, i: usize) -> bool {
        let clock = |k: usize| matches!(self.toks.get(k).map(|t| &t.t), Some(T::Clock { .. }));
        let after_time = clock(i.wrapping_sub(1))
            || clock(i.wrapping_sub(2))
                && self.is(i - 1, &["to", "and", "through", "till", "until"]);
        after_time && !self.shapes_only()
    }
    /// A time value at `i`: seconds, a clock time, or (if `bare`) a number.
    pub(super) fn time_at(&self, i: usize, bare: bool) -> Option<f64> {
        if self.used.get(i).copied().unwrap_or(true) {
            return None;
        }
        match self.toks.get(i).map(|t| &t.t) {
            Some(T::Qty(v, Unit::Sec)) => Some(*v),
            // ("1.91:1": a shape; a clock has no decimals before its colon.)
            Some(T::Clock { .. }) if self.toks[i].orig.split(':').next()?.contains('.') => None,
            Some(T::Clock { secs, ratio }) => {
                // (Any ratio of a picture.)
                let aspect = ratio.is_some()
                    && (self.shapes_only() || self.pictures_only() || self.ratio_named(i))
                    || ratio.is_some_and(Self::shape_like)
                        && !self.range_end(i)
                        && self.has(&[
                            "crop",
                            "aspect",
                            "ratio",
                            "format",
                            "tiktok",
                            "instagram",
                            "reels",
                            "youtube",
                            "shorts",
                            "story",
                            "portrait",
                            "landscape",
                            "vertical",
                            "square",
                            "widescreen",
                            "for",
                        ]);
                (!aspect).then_some(*secs)
            }
            // (A picture has no times: its bare numbers are something else.)
            // ("trim the video in the top, bottom, left and right 4
            // directions": a count of things.)
            Some(T::Num(v))
                if bare
                    && *v >= 0.0
                    && !self.measured()
                    && !self.pictures_only()
                    && !self.counts_things(i) =>
            {
                // "5 minutes" was merged; a bare number is seconds.
                Some(*v)
            }
            _ => None,
        }
    }
    /// "4 directions", "three or four rounds", "one per second": a bare
    /// number that counts things or gives a rate, no time.
    fn counts_things(&self, i: usize) -> bool {
        let next = (i + 1..self.toks.len()).find(|&k| {
            !self.is(k, &["or", "more", "fewer", "less", "different", "separate"])
                && !matches!(self.toks[k].t, T::Num(_))
        });
        let Some(k) = next else { return false };
        if self.is(k, COUNTED) || self.is(k, &["per"]) {
            return true;
        }
        // A plural noun: "3 verses", "8 loops" (not a word ending in -ss, -us, -is).
        self.w(k).is_some_and(|w| {
            let before_s = w.strip_suffix('s').and_then(|r| r.chars().last());
            w.len() > 3
                && before_s.is_some_and(|ch| !matches!(ch, 's' | 'u' | 'i'))
                && !matches!(
                    w,
                    "seconds"
                        | "secs"
                        | "minutes"
                        | "mins"
                        | "hours"
                        | "thanks"
                        | "always"
                        | "unless"
                        | "does"
                        | "sounds"
                        | "looks"
                        | "seems"
                        | "makes"
                        | "takes"
                        | "gets"
                        | "plays"
                        | "fps"
                )
        })
    }
    /// "quality from 60 to 80", "the bitrate 128": bare numbers of a measure
    /// that is no time.
    fn measured(&self) -> bool {
        self.has(&[
            "quality",
            "bitrate",
            "crf",
            "volume",
            "fps",
            "framerate",
            "resolution",
            "width",
            "height",
            "color",
            "opacity",
            "brightness",
            "contrast",
            "saturation",
        ]) && !self.has(&[
            "second", "seconds", "minute", "minutes", "trim", "cut", "clip", "start", "end",
            "first", "last", "duration", "long",
        ])
    }
    /// "from 16:9 to 9:16": every clock of the clause is a usual shape,
    /// and there are two of them.
    fn shapes_only(&self) -> bool {
        const SHAPES: &[(u32, u32)] = &[
            (16, 9),
            (9, 16),
            (4, 3),
            (3, 4),
            (1, 1),
            (4, 5),
            (5, 4),
            (21, 9),
            (3, 2),
            (2, 3),
        ];
        let clocks: Vec<Option<(u32, u32)>> = self
            .toks
            .iter()
            .filter_map(|t| match t.t {
                T::Clock { ratio, .. } => Some(ratio),
                _ => None,
            })
            .collect();
        clocks.len() >= 2
            && clocks
                .iter()
                .all(|r| r.is_some_and(|r| SHAPES.contains(&r)))
            && !self.has(&["second", "seconds", "minute", "minutes", "trim", "cut"])
    }
    pub(super) fn times(&self, bare: bool) -> Vec<(usize, f64)> {
        (0..self.toks.len())
            .filter_map(|i| self.time_at(i, bare).map(|v| (i, v)))
            .collect()
    }
    /// The next time after position `i` (skipping filler words), within `gap`.
    pub(super) fn time_after(&self, i: usize, gap: usize, bare: bool) -> Option<(usize, f64)> {
        for j in i + 1..(i + 1 + gap).min(self.toks.len()) {
            if let Some(v) = self.time_at(j, bare) {
                return Some((j, v));
            }
            if matches!(self.toks[j].t, T::Sep) {
                continue;
            }
            if !self.is(
                j,
                &[
                    "the",
                    "a",
                    "at",
                    "about",
                    "around",
                    "approximately",
                    "roughly",
                    "mark",
                    "second",
                    "minute",
                    "timestamp",
                    "time",
                    "of",
                    "to",
                    "from",
                    "point",
                    // "end it at 1:20", "start them at 0:05".
                    "it",
                    "them",
                ],
            ) {
                return None;
            }
        }
        None
    }
    pub(super) fn quotes(&self) -> Vec<(usize, String)> {
        self.toks
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match &t.t {
                T::Quote(q) if !self.used[i] => Some((i, q.clone())),
                _ => None,
            })
            .collect()
    }
    /// Unused ratios ("16:9"), in order.
    pub(super) fn ratios(&self) -> Vec<(usize, (u32, u32))> {
        self.toks
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match t.t {
                // "at 1:30", "1:30" as a shape: a time, not a ratio.
                T::Clock { ratio: Some(r), .. }
                    if !self.used[i]
                        && (r.0 <= 32 && r.1 <= 32 && Self::shape_like(r)
                            || self.ratio_named(i)
                            || self.toks[i]
                                .orig
                                .split(':')
                                .next()
                                .is_some_and(|p| p.contains('.')))
                        && !self.is(
                            i.wrapping_sub(1),
                            &["at", "from", "until", "till", "after", "before"],
                        )
                        && !self.range_end(i) =>
                {
                    Some((i, r))
                }
                _ => None,
            })
            .collect()
    }
    pub(super) fn dims(&self) -> Option<(usize, (u32, u32))> {
        // "the 9*16 cropping": a shape, not a size in pixels.
        let shape = |w: u32, h: u32| {
            w <= 32 && h <= 32 && self.has(&["crop", "cropping", "cropped", "aspect", "ratio"])
        };
        self.toks.iter().enumerate().find_map(|(i, t)| match t.t {
            T::Dims(w, h) if !self.used[i] && !shape(w, h) => Some((i, (w, h))),
            _ => None,
        })
    }
}
