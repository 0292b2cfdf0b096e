//! # tidings-text
//!
//! Text analysis for Tidings. Pure: no I/O, no clock, no global mutable state.
//!
//! - [`language`]: language identification (whatlang: ~50 µs a document and 69 languages
//!   in a small binary; lingua is more accurate on short text but makes a 291 MB binary).
//! - [`sentences`]: sentence splitting that survives abbreviations (U.S., Mr., Gen., a.m.),
//!   numbers (3.5, 1.000.000) and quotations.
//! - [`tokens`]: words by Unicode boundaries and their normal form.
//! - [`stems`]: Snowball stems per language (rust-stemmers).
//! - [`stopwords`]: small embedded stopword lists (en, de, fr, es, it, pt, nl).
//! - [`gazetteer`]: countries, demonyms, capitals and major organisations.
//! - [`entities`]: people, organisations and places by capitalised-phrase chunking, with
//!   in-document aliases.
//! - [`quotes`]: direct quotes and reported speech, attributed to speakers.
//! - [`numbers`]: counts ("23 pirates") and dates (years, months, weekdays) of a text.
//! - [`fingerprint`]: SimHash and bottom-k MinHash sketches for near-duplicates.
//! - [`features`]: [`analyze`] turns a headline and a body into [`Features`], what the
//!   clusterer and the digest use.

pub mod entities;
pub mod features;
pub mod fingerprint;
pub mod gazetteer;
pub mod language;
pub mod numbers;
pub mod quotes;
pub mod sentences;
pub mod stems;
pub mod stopwords;
pub mod tokens;

pub use entities::{Entity, entities};
pub use features::{Features, analyze};
pub use fingerprint::Fingerprint;
pub use gazetteer::EntityKind;
pub use language::detect_language;
pub use quotes::{Quote, find_quotes};
pub use sentences::split_sentences;
