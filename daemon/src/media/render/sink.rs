//! The output side of a render. Encoding and writing run on a thread of
//! their own, so that x264 works while the next pictures are decoded and
//! synthesised: pictures and copied packets go to it through a short queue,
//! in the order they are to be written, and spent picture buffers come back.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ffmpeg::format::context::Output;
use ffmpeg::{Dictionary, Packet};
use ffmpeg_next as ffmpeg;

use super::source::Source;
use super::streams::StreamPlan;
use super::watermark::Watermark;
use super::{Plane3, RenderRequest, OUTPUT_CRF, OUTPUT_PRESET};
use crate::media::av::output::{self, set_display_matrix, StreamCopy};
use crate::media::encode::{H264Config, H264Stream};
use crate::media::MediaError;

/// Pictures waiting for the encoder at most.
const QUEUE: usize = 6;

/// The MP4 being written: the H.264 stream and the streams copied from the
/// input (by input stream index).
pub(super) struct OutputFile {
    octx: Output,
    video: H264Stream,
    copies: Vec<(usize, StreamCopy)>,
}

impl OutputFile {
    /// Creates the MP4 with the H.264 stream (keeping the source's rotation)
    /// and the copied streams it chose, and writes the header.
    pub(super) fn create(
        req: &RenderRequest,
        source: &Source,
    ) -> Result<(OutputFile, StreamPlan), MediaError> {
        let mut octx = output::create(&req.output, "mp4")?;
        let input = source.demuxer.input();
        let plan = StreamPlan::choose(input, source.video_index, |id| output::accepts(&octx, id))?;
        let video = H264Stream::add(
            &mut octx,
            &H264Config {
                width: source.width,
                height: source.height,
                fps: req.target_fps,
                preset: OUTPUT_PRESET,
                crf: OUTPUT_CRF,
                color: Some(source.color),
                sample_aspect: Some(source.sample_aspect),
            },
        )?;
        if let Some(m) = source.display_matrix {
            set_display_matrix(&mut octx, video.index(), &m)?;
        }
        let mut copies = Vec::with_capacity(plan.copied.len());
        for &(index, medium) in &plan.copied {
            let ist = input.stream(index).ok_or(MediaError::Ffmpeg {
                context: "copying a stream",
                source: ffmpeg::Error::StreamNotFound,
            })?;
            let start = source.demuxer.start_time();
            copies.push((index, StreamCopy::add(&mut octx, &ist, start, medium)?));
        }
        let mut opts = Dictionary::new();
        // The index up front, so the result plays while it downloads.
        opts.set("movflags", "+faststart");
        octx.write_header_with(opts)
            .map_err(MediaError::ffmpeg("writing the MP4 header"))?;
        let file = OutputFile {
            octx,
            video,
            copies,
        };
        Ok((file, plan))
    }
}

/// What goes to the output thread.
enum Item {
    /// A finished picture and its timestamp (in output frames).
    Picture(Plane3, i64),
    /// A packet of a copied stream.
    Packet(Packet),
    /// Everything has been sent: flush and close the file.
    End,
}

/// Time the output thread spent per stage.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct OutputTimes {
    pub encode: Duration,
    pub mux: Duration,
}

/// Where output pictures go: the output thread, and the progress callback.
pub(super) struct Sink<'a> {
    tx: Option<SyncSender<Item>>,
    spare: Receiver<Plane3>,
    thread: Option<JoinHandle<Result<OutputTimes, MediaError>>>,
    progress: &'a mut dyn FnMut(u64, u64) -> bool,
    pub(super) estimated_total: u64,
    pub(super) pts_offset: i64,
    written: u64,
}

impl<'a> Sink<'a> {
    /// Starts the output thread on `file`.
    pub(super) fn start(
        file: OutputFile,
        watermark: Option<Watermark>,
        estimated_total: u64,
        progress: &'a mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<Sink<'a>, MediaError> {
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        let (spare_tx, spare) = mpsc::sync_channel(QUEUE + 2);
        let thread = std::thread::Builder::new()
            .name("render-output".into())
            .spawn(move || write_out(file, watermark, rx, spare_tx))
            .map_err(|source| MediaError::Io {
                path: "the encoder thread".into(),
                source,
            })?;
        Ok(Sink {
            tx: Some(tx),
            spare,
            thread: Some(thread),
            progress,
            estimated_total,
            pts_offset: 0,
            written: 0,
        })
    }

    /// Queues output picture `k` (a copy of `pic`).
    pub(super) fn emit(&mut self, pic: &Plane3, k: u64) -> Result<(), MediaError> {
        let mut buf = self
            .spare
            .try_recv()
            .unwrap_or_else(|_| Plane3::new(pic.width, pic.height));
        buf.copy_from(pic);
        let pts = self.pts_offset + i64::try_from(k).unwrap_or(i64::MAX);
        self.send(Item::Picture(buf, pts))?;
        self.written += 1;
        if !(self.progress)(self.written, self.estimated_total.max(self.written)) {
            return Err(MediaError::Canceled);
        }
        Ok(())
    }

    /// Queues a packet of a copied stream.
    pub(super) fn packet(&mut self, packet: Packet) -> Result<(), MediaError> {
        self.send(Item::Packet(packet))
    }

    fn send(&mut self, item: Item) -> Result<(), MediaError> {
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(item).is_ok());
        if sent {
            return Ok(());
        }
        // The thread stopped early: its error says why.
        Err(self.join().err().unwrap_or(MediaError::Canceled))
    }

    /// Flushes the encoder, finishes the file and answers the thread's times.
    pub(super) fn finish(mut self) -> Result<OutputTimes, MediaError> {
        self.send(Item::End)?;
        self.join()
    }

    fn join(&mut self) -> Result<OutputTimes, MediaError> {
        self.tx = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(MediaError::NotDecodable("the encoder stopped".into())),
            None => Err(MediaError::Canceled),
        }
    }
}

impl Drop for Sink<'_> {
    /// A render that stops early hangs up and waits for the thread, so the
    /// file is closed before the caller removes it.
    fn drop(&mut self) {
        let _ = self.join();
    }
}

/// The output thread: writes what comes until [`Item::End`]; hanging up
/// before that cancels.
fn write_out(
    mut file: OutputFile,
    watermark: Option<Watermark>,
    rx: Receiver<Item>,
    spare: SyncSender<Plane3>,
) -> Result<OutputTimes, MediaError> {
    let mut times = OutputTimes::default();
    for item in rx {
        let t = Instant::now();
        let mux0 = file.video.mux_time();
        match item {
            Item::Picture(mut pic, pts) => {
                if let Some(w) = &watermark {
                    w.apply(&mut pic);
                }
                file.video.send(&mut file.octx, &pic, pts)?;
                let mux = file.video.mux_time() - mux0;
                times.mux += mux;
                times.encode += t.elapsed().saturating_sub(mux);
                let _ = spare.try_send(pic);
            }
            Item::Packet(mut packet) => {
                let index = packet.stream();
                if let Some((_, copy)) = file.copies.iter().find(|(i, _)| *i == index) {
                    copy.write(&mut file.octx, &mut packet)?;
                }
                times.mux += t.elapsed();
            }
            Item::End => {
                file.video.finish(&mut file.octx)?;
                let mux = file.video.mux_time() - mux0;
                times.encode += t.elapsed().saturating_sub(mux);
                let t = Instant::now();
                file.octx
                    .write_trailer()
                    .map_err(MediaError::ffmpeg("finishing the MP4 file"))?;
                times.mux += mux + t.elapsed();
                return Ok(times);
            }
        }
    }
    Err(MediaError::Canceled)
}
