//! Quotes and reported speech, attributed to speakers.
//!
//! Direct quotes in every quotation-mark style (“…”, "…", «…», „…“, ‘…’), quotes spanning
//! paragraphs, a pull-quote followed by a "— said X" line, and reported speech ("X said that
//! …", "according to X", "X denied …"). Each is attributed to a speaker — a name or a
//! description ("an anonymous official", "a US official") — resolved within the text
//! (pronouns and last names to the full mention).
//!
//! Conventions (those of the PolNeAR annotations): a direct quote's content includes its
//! quotation marks; a quote interrupted by its attribution (“A,” he said. “B.”) is one quote
//! from the first mark to the last; reported content runs from after "that" (or the cue) to
//! the end of the sentence, without the final period. `source` is the mention of the speaker
//! where the quote is attributed ("he", "the official"); `speaker` is that mention resolved to
//! its first full mention in the text ("An anonymous Iranian official", "US President Donald
//! Trump").

use serde::{Deserialize, Serialize};

mod attribution;
mod cues;
mod marks;
mod mention;
mod resolve;

/// A span of the analysed text, in characters (Unicode scalar values), end exclusive.
pub type CharSpan = (usize, usize);

/// One quote or piece of reported speech.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// What was said: the words inside the marks (marks included), or the reported clause.
    pub content: CharSpan,
    /// The mention of the speaker in the text, when there is one.
    pub source: Option<CharSpan>,
    /// The speech verb or phrase ("said", "according to"), when there is one.
    pub cue: Option<CharSpan>,
    /// The speaker as resolved: the full name or the description of the first mention.
    pub speaker: Option<String>,
    /// True for a direct quote (inside quotation marks, or a pull-quote), false for reported
    /// speech.
    pub direct: bool,
    /// The content's text.
    pub text: String,
}

/// A quote in byte offsets, before resolution.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub content: (usize, usize),
    pub source: Option<(usize, usize)>,
    pub cue: Option<(usize, usize)>,
    pub direct: bool,
    /// Content start of an earlier quote whose speaker this one inherits (no attribution of
    /// its own).
    pub inherit: Option<usize>,
}

/// The part of a text quotes are looked for in, in bytes: four times a 20,000-word article.
/// Speakers are resolved against every earlier mention, so the work grows faster than the
/// text; past this a text is a dump, not an article, and its quotes are not worth minutes.
pub const MAX_TEXT_BYTES: usize = 512 * 1024;

/// Finds the quotes of a text (`lang` as ISO 639-1 when known), in text order; only the
/// first [`MAX_TEXT_BYTES`] of a longer text are read.
pub fn find_quotes(text: &str, lang: Option<&str>) -> Vec<Quote> {
    let text = head(text, MAX_TEXT_BYTES);
    let cues = cues::Cues::for_lang(lang);
    let mut raws = marks::direct_quotes(text, &cues);
    raws.extend(attribution::pull_quotes(text, &cues, &raws));
    raws.sort_by_key(|r| r.content.0);
    let reported = attribution::reported_speech(text, &cues, &raws);
    raws.extend(reported);
    raws.sort_by_key(|r| r.content.0);
    let speakers = resolve::speakers(text, &mut raws);
    let chars = CharMap::new(text);
    raws.iter()
        .zip(speakers)
        .map(|(r, speaker)| Quote {
            content: chars.span(r.content),
            source: r.source.map(|s| chars.span(s)),
            cue: r.cue.map(|s| chars.span(s)),
            speaker,
            direct: r.direct,
            text: text.get(r.content.0..r.content.1).unwrap_or("").to_string(),
        })
        .collect()
}

/// The longest start of `text` of at most `max` bytes that ends on a character boundary.
fn head(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Byte offsets to character offsets.
struct CharMap {
    /// Byte offset of every character, and the text's length last.
    starts: Vec<usize>,
}

impl CharMap {
    fn new(text: &str) -> CharMap {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        CharMap { starts }
    }

    fn at(&self, byte: usize) -> usize {
        match self.starts.binary_search(&byte) {
            Ok(i) | Err(i) => i,
        }
    }

    fn span(&self, (s, e): (usize, usize)) -> CharSpan {
        (self.at(s), self.at(e))
    }
}
