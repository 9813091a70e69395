//! The planner's words, by what they are for:
//!
//! - [`formats`]: the names of formats and codecs users write;
//! - [`lemmas`]: inflections and synonyms mapped to one word;
//! - [`vocabulary`]: every word the grammar reads, and common words, so
//!   that typo correction never turns one into another;
//! - [`typos`]: typo correction against that vocabulary;
//! - [`glosses`]: words of other languages glossed in English;
//! - [`discourse`]: words that carry no operation (filler, politeness,
//!   context, reasons), by the role they play in a sentence.

pub mod discourse;
mod formats;
mod glosses;
mod lemmas;
mod typos;
mod vocabulary;

pub use formats::{codec_word, format_word, FormatWord};
pub use glosses::gloss;
pub use lemmas::lemma;
pub use typos::{correct, is_english};
pub use vocabulary::is_known;
