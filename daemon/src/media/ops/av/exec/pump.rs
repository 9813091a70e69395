//! The main loop of a running plan: frames from the inputs (in the plan's
//! feed order) into the graph, filtered frames into the encoders, progress
//! reported along the way.

use ffmpeg::frame;
use ffmpeg_next as ffmpeg;

use super::super::AvPlan;
use super::out::Out;
use super::source::{AvSource, Src, StillSource};
use crate::media::ops::filters::{FilterGraph, Pull};
use crate::media::ops::{Deadline, OpLimits};
use crate::media::MediaError;

/// Whether to go on feeding the graph.
enum Flow {
    More,
    /// The plan's frame limit is reached.
    Enough,
}

pub(super) struct Pump<'a> {
    plan: &'a AvPlan,
    graph: FilterGraph,
    out: Out,
    deadline: Deadline,
    progress: &'a mut dyn FnMut(u64, u64) -> bool,
    /// What the progress reports count towards: pictures, or milliseconds
    /// of audio.
    total: u64,
    vf: frame::Video,
    af: frame::Audio,
}

impl<'a> Pump<'a> {
    pub(super) fn new(
        plan: &'a AvPlan,
        graph: FilterGraph,
        out: Out,
        deadline: Deadline,
        progress: &'a mut dyn FnMut(u64, u64) -> bool,
    ) -> Pump<'a> {
        let total = expected_total(plan, &out);
        Pump {
            plan,
            graph,
            out,
            deadline,
            progress,
            total,
            vf: frame::Video::empty(),
            af: frame::Audio::empty(),
        }
    }

    /// Feeds every input through, then finishes the output file.
    pub(super) fn run(mut self, srcs: &mut [Src], limits: &OpLimits) -> Result<(), MediaError> {
        let mut flow = Flow::More;
        for &i in &self.plan.feed_order {
            let src = srcs
                .get_mut(i)
                .ok_or_else(|| MediaError::InvalidRequest("missing input".into()))?;
            flow = match src {
                Src::Still(st) => self.feed_still(i, st, limits)?,
                Src::Av(a) => self.feed_av(a)?,
            };
            if let Flow::More = flow {
                flow = self.drain()?;
            }
            if let Flow::Enough = flow {
                break;
            }
        }
        if let Flow::More = flow {
            self.drain()?;
        }
        if self.out.has_video() && self.out.frames == 0 {
            return Err(MediaError::NotDecodable(
                "no picture came out (is the time range inside the clip?)".into(),
            ));
        }
        self.out.finish()?;
        self.report()
    }

    /// Feeds input `i`, a still picture, as its frames.
    fn feed_still(
        &mut self,
        i: usize,
        st: &StillSource,
        limits: &OpLimits,
    ) -> Result<Flow, MediaError> {
        let mut f = st.frame(limits)?;
        let name = format!("in{i}v");
        for k in 0..st.frames {
            self.deadline.check()?;
            f.set_pts(Some(k as i64));
            self.graph.push(&name, &f, Some(k as i64 + 1))?;
            if let Flow::Enough = self.drain()? {
                return Ok(Flow::Enough);
            }
            self.report()?;
        }
        self.graph.close(&name)?;
        Ok(Flow::More)
    }

    /// Feeds a decoded input, frame by frame.
    fn feed_av(&mut self, a: &mut AvSource) -> Result<Flow, MediaError> {
        loop {
            self.deadline.check()?;
            if !a.fill()? {
                break;
            }
            while a.push_next(&mut self.graph)? {
                if let Flow::Enough = self.drain()? {
                    return Ok(Flow::Enough);
                }
            }
            self.report()?;
        }
        a.close(&mut self.graph)?;
        Ok(Flow::More)
    }

    /// Moves whatever the graph has ready into the encoders.
    fn drain(&mut self) -> Result<Flow, MediaError> {
        loop {
            // Filters that hold the clip (reverse, palettes) emit it all at
            // the end: the time limit applies here too.
            self.deadline.check()?;
            let video = match self.pull_video()? {
                Some(moved) => moved,
                None => return Ok(Flow::Enough),
            };
            let audio = self.pull_audio()?;
            if !video && !audio {
                return Ok(Flow::More);
            }
        }
    }

    /// Moves one filtered picture into the encoder: whether one came, or
    /// `None` once the plan's frame limit is reached.
    fn pull_video(&mut self) -> Result<Option<bool>, MediaError> {
        if !self.graph.has_video_out {
            return Ok(Some(false));
        }
        let limit = self.plan.max_frames;
        let reached = |out: &Out| limit.is_some_and(|m| out.frames >= m);
        match self.graph.pull("outv", &mut self.vf)? {
            Pull::Frame if reached(&self.out) => Ok(None),
            Pull::Frame => {
                self.out.video_frame(&mut self.vf)?;
                Ok((!reached(&self.out)).then_some(true))
            }
            Pull::Again | Pull::End => Ok(Some(false)),
        }
    }

    /// Moves filtered samples into the encoder: whether some came.
    fn pull_audio(&mut self) -> Result<bool, MediaError> {
        if !self.graph.has_audio_out {
            return Ok(false);
        }
        match self.graph.pull("outa", &mut self.af)? {
            Pull::Frame => {
                self.out.audio_frame(&mut self.af)?;
                Ok(true)
            }
            Pull::Again | Pull::End => Ok(false),
        }
    }

    fn report(&mut self) -> Result<(), MediaError> {
        let done = if self.out.has_video() {
            self.out.frames
        } else {
            self.out.audio_ms
        };
        if !(self.progress)(done, self.total.max(done)) {
            return Err(MediaError::Canceled);
        }
        Ok(())
    }
}

/// What progress counts towards: the pictures expected (the plan's frame
/// limit, else its expected duration at the output rate), or for audio the
/// expected milliseconds.
fn expected_total(plan: &AvPlan, out: &Out) -> u64 {
    match (out.has_video(), plan.expected_secs) {
        (true, Some(d)) => plan
            .max_frames
            .unwrap_or(((d * out.video_fps().unwrap_or(25.0)).round() as u64).max(1)),
        (true, None) => plan.max_frames.unwrap_or(1),
        (false, d) => (d.unwrap_or(1.0) * 1000.0).round().max(1.0) as u64,
    }
}
