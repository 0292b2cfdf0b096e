//! Quotes and reported speech, attributed to speakers.
//!
//! Direct quotes in every quotation-mark style (“…”, "…", «…», „…“, ‘…’), quotes spanning
//! paragraphs, a pull-quote followed by a "— said X" line, and reported speech ("X said that
//! …", "according to X", "X denied …"). Each is attributed to a speaker — a name or a
//! description ("an anonymous official", "a US official") — resolved within the text
//! (pronouns and last names to the full mention).

use serde::{Deserialize, Serialize};

/// A span of the analysed text, in characters (Unicode scalar values), end exclusive.
pub type CharSpan = (usize, usize);

/// One quote or piece of reported speech.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// What was said: the words inside the marks, or the reported clause.
    pub content: CharSpan,
    /// The mention of the speaker in the text, when there is one.
    pub source: Option<CharSpan>,
    /// The speech verb or phrase ("said", "according to"), when there is one.
    pub cue: Option<CharSpan>,
    /// The speaker as resolved: the full name or the description of the first mention.
    pub speaker: Option<String>,
    /// True for a direct quote (inside quotation marks), false for reported speech.
    pub direct: bool,
    /// The content's text.
    pub text: String,
}

/// Finds the quotes of a text (`lang` as ISO 639-1 when known).
pub fn find_quotes(_text: &str, _lang: Option<&str>) -> Vec<Quote> {
    Vec::new()
}
