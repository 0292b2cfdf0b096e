//! # tidings-text
//!
//! Text analysis for Tidings. Pure: no I/O, no clock, no global mutable state.
//!
//! - [`language`]: language identification (whatlang: ~50 µs a document and 69 languages
//!   in a small binary; lingua is more accurate on short text but makes a 291 MB binary).
//! - [`sentences`]: sentence splitting that survives abbreviations (U.S., Mr., Gen., a.m.),
//!   numbers (3.5, 1.000.000) and quotations.

pub mod language;
pub mod sentences;

pub use language::detect_language;
pub use sentences::split_sentences;
