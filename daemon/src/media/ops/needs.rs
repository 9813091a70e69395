//! What a still step needs of its source picture, so the decoder can do
//! less: a JPEG decodes at 1/2, 1/4 or 1/8 scale in the DCT, without its
//! colour planes, or only a region (see `turbo`).

use super::crop::Rect;

/// The parts of the source a still step reads. The default is all of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Needs {
    /// The step shrinks the picture to this size: a decoder may hand it
    /// any picture at least this large.
    pub at_least: Option<(u32, u32)>,
    /// The step keeps brightness only.
    pub luma: bool,
    /// The step keeps only this rectangle: a decoder may cut it out, and
    /// then the picture is the step's result.
    pub region: Option<Rect>,
    /// The step turns the picture clockwise by this many degrees (90, 180
    /// or 270; 0: not at all): a decoder may place the rows turned.
    pub turn: u32,
    /// Decoding as asked is the whole step: the decoded picture is its
    /// result, and can stream from file to file.
    pub complete: bool,
}

/// The source a still step works on, as decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Source {
    /// The full picture's size (oriented), whatever was decoded.
    pub width: u32,
    pub height: u32,
    /// The decoder cut out [`Needs::region`].
    pub cut: bool,
    /// The decoder made [`Needs::turn`].
    pub turned: bool,
}
