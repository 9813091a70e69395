//! Decoding ahead: the [`Source`] runs on a thread of its own, a few
//! pictures ahead of the interpolation, so that demuxing, decoding and
//! conversion overlap with the work on the pictures already decoded.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ffmpeg_next::Packet;

use super::source::{Event, PictureTime, Source};
use super::Plane3;
use crate::media::MediaError;

/// Pictures decoded ahead of the one being worked on.
const AHEAD: usize = 2;

/// What the decoding thread hands over.
pub(super) enum Ahead {
    Picture(PictureTime, Plane3),
    Packet(Packet),
    End,
}

/// The source on its thread.
pub(super) struct Decoding {
    rx: Option<Receiver<Result<Ahead, MediaError>>>,
    spare: SyncSender<Plane3>,
    thread: Option<JoinHandle<Duration>>,
}

/// The source moved to the decoding thread.
struct Owned(Source);

// SAFETY: of what a `Source` holds, only the scaler (`SwsContext`) is not
// `Send` in ffmpeg-next; a libswscale context has no thread affinity, and
// this one is moved once and then used by that thread alone.
unsafe impl Send for Owned {}

impl Decoding {
    pub fn start(source: Source) -> Result<Decoding, MediaError> {
        let (tx, rx) = mpsc::sync_channel(AHEAD);
        let (spare, spares) = mpsc::sync_channel(AHEAD + 2);
        let owned = Owned(source);
        let thread = std::thread::Builder::new()
            .name("render-input".into())
            .spawn(move || decode_all(owned, tx, spares))
            .map_err(|source| MediaError::Io {
                path: "the decoder thread".into(),
                source,
            })?;
        Ok(Decoding {
            rx: Some(rx),
            spare,
            thread: Some(thread),
        })
    }

    /// The next event of the input.
    pub fn next(&mut self) -> Result<Ahead, MediaError> {
        match self.rx.as_ref().map(Receiver::recv) {
            Some(Ok(item)) => item,
            _ => Err(MediaError::NotDecodable("the decoder stopped".into())),
        }
    }

    /// Hands a picture buffer back for reuse.
    pub fn recycle(&self, pic: Plane3) {
        let _ = self.spare.try_send(pic);
    }

    /// Stops the thread (if it is still running) and answers the time it
    /// spent decoding.
    pub fn finish(&mut self) -> Duration {
        // Hanging up makes a thread blocked on a full channel stop.
        self.rx = None;
        self.thread
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for Decoding {
    /// The input file is closed before the render answers.
    fn drop(&mut self) {
        self.finish();
    }
}

fn decode_all(
    owned: Owned,
    tx: SyncSender<Result<Ahead, MediaError>>,
    spares: Receiver<Plane3>,
) -> Duration {
    let mut source = owned.0;
    let mut spent = Duration::ZERO;
    loop {
        let mut pic = spares
            .try_recv()
            .unwrap_or_else(|_| Plane3::new(source.width, source.height));
        let started = Instant::now();
        let event = source.next(&mut pic);
        spent += started.elapsed();
        let (item, last) = match event {
            Ok(Event::Picture(time)) => (Ok(Ahead::Picture(time, pic)), false),
            Ok(Event::Packet(packet)) => (Ok(Ahead::Packet(packet)), false),
            Ok(Event::End) => (Ok(Ahead::End), true),
            Err(e) => (Err(e), true),
        };
        if tx.send(item).is_err() || last {
            return spent;
        }
    }
}
