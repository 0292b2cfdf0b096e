//! # tidings-digest
//!
//! The digest of one story: a headline, a short (≤ 60 words) and a long (about 150–250 words)
//! extractive summary whose every sentence carries its provenance, the quotes grouped by
//! speaker, the sourcing profile of each outlet, the points on which the sources disagree and
//! a timeline of the story's articles.
//!
//! Pure: no I/O, no clock, no global mutable state; [`digest`] takes the articles and returns a
//! [`StoryDigest`] (serde, stored by the engine as JSON and rendered by the web reader).
//!
//! How it works, in short:
//! - every article body is split into sentences ([`tidings_text::sentences::sentence_spans`];
//!   a sentence's index in that list is its provenance index);
//! - sentences are scored by the content they share with the other articles (centrality: each
//!   unigram and bigram of stems weighs the number of articles that contain it), their position
//!   and, when a topic question is given ([`Options::query`]), its words;
//! - the long version is picked greedily by uncovered weight per word, skipping sentences too
//!   close to one already picked (MMR-style), then put in time order;
//! - compressions only drop words (a dateline, a leading connective, a trailing participial
//!   clause), so every summary sentence's words occur, in order, in its source sentence —
//!   [`check`] verifies exactly that;
//! - disagreements pair statements on the same matter (shared names and content words) with
//!   opposite stance (deny / negation vs confirm) or different numbers for the same thing;
//!   the short version states both sides of the strongest one when they fit.

mod attribution;
mod check;
mod disagree;
mod headline;
mod prep;
mod select;

use serde::{Deserialize, Serialize};

pub use check::{Problem, check};

/// One article of a story, as the digest needs it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DigestInput {
    /// The article's id (the store's id; any number unique within the story).
    pub id: i64,
    /// The outlet or site name ("UNN", "The CSR Journal Magazine").
    pub outlet: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// Publication time, Unix seconds.
    pub published: Option<i64>,
    /// ISO 639-1 language code, when known.
    pub lang: Option<String>,
    /// The clean body text, paragraphs separated by blank lines.
    pub text: String,
}

/// Settings of [`digest_with`]; [`Options::default`] is what the engine uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Upper bound of the short version, in words (whole sentences only).
    pub short_words: usize,
    /// The long version stops growing once it has this many words…
    pub long_target: usize,
    /// …and never takes a sentence that would make it longer than this.
    pub long_max: usize,
    /// An optional topic question (query-focused summaries, as in DUC): sentences sharing its
    /// words score higher. The engine's stories have none.
    pub query: Option<String>,
    /// How much the topic's words add to a concept's weight (1.0 doubles it).
    pub query_weight: f64,
    /// The longest a sentence may be to enter the long version, in words.
    pub max_sentence_words: usize,
    /// The shortest.
    pub min_sentence_words: usize,
    /// Two sentences with a cosine similarity above this are redundant.
    pub redundancy: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            short_words: 60,
            long_target: 200,
            long_max: 250,
            query: None,
            query_weight: 1.0,
            max_sentence_words: 60,
            min_sentence_words: 6,
            redundancy: 0.5,
        }
    }
}

/// The digest of a story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoryDigest {
    /// The most representative title of the story's articles.
    pub headline: String,
    /// The article whose title is the headline.
    pub headline_article: Option<i64>,
    /// The short version (≤ 60 words, whole sentences), its sentences joined by spaces.
    pub short: String,
    /// The long version, its sentences in time order joined by spaces.
    pub long: String,
    /// The short version's sentences with their provenance.
    pub short_sentences: Vec<SummarySentence>,
    /// The long version's sentences with their provenance.
    pub long_sentences: Vec<SummarySentence>,
    /// Quotes grouped by speaker (names normalised across outlets), most quoted first.
    pub quotes: Vec<SpeakerQuotes>,
    /// Named and anonymous sources, per outlet.
    pub sourcing: Vec<OutletSourcing>,
    /// Statements on the same matter with opposite stance or different figures.
    pub disagreements: Vec<Disagreement>,
    /// The story's articles in time order (undated last).
    pub timeline: Vec<TimelineEntry>,
}

/// One sentence of a summary and where it comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SummarySentence {
    /// The sentence as shown.
    pub text: String,
    /// The article it comes from.
    pub article: i64,
    /// That article's outlet.
    pub outlet: Option<String>,
    /// Index of the source sentence in `sentence_spans(article text)`.
    pub sentence: usize,
    /// True when `text` is the source sentence unchanged; false for a compression (words
    /// dropped, never added).
    pub verbatim: bool,
    /// The source sentence (only for a compression).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The quotes of one speaker.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SpeakerQuotes {
    /// The speaker, normalised across outlets ("Benjamin Netanyahu", "an anonymous official").
    pub speaker: String,
    /// True for an unnamed source ("a US official", "sources familiar with …").
    pub anonymous: bool,
    /// The other ways the outlets name the speaker.
    pub aliases: Vec<String>,
    /// The outlets quoting the speaker.
    pub outlets: Vec<String>,
    /// The quotes.
    pub quotes: Vec<QuoteRef>,
}

/// One quote, checked verbatim against its article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuoteRef {
    /// What was said, exactly as in the article.
    pub text: String,
    /// The article.
    pub article: i64,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Direct quote (inside quotation marks) or reported speech.
    pub direct: bool,
    /// The speaker as that article names them.
    pub speaker_as_written: Option<String>,
    /// Character span of the quote in the article's text (end exclusive).
    pub span: (usize, usize),
    /// Index of the sentence holding the quote's start.
    pub sentence: Option<usize>,
}

/// Who an outlet relies on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OutletSourcing {
    /// The outlet ("" when unknown).
    pub outlet: String,
    /// Its articles in the story.
    pub articles: usize,
    /// Distinct named sources (people, organisations, media).
    pub named: usize,
    /// Anonymous source mentions ("an anonymous official", "sources familiar with …").
    pub anonymous: usize,
    /// The named sources.
    pub named_sources: Vec<String>,
    /// The anonymous sources, as written.
    pub anonymous_sources: Vec<String>,
}

/// What kind of disagreement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DisagreementKind {
    /// One side denies or negates what the other confirms.
    #[default]
    Stance,
    /// The sides give different numbers for the same thing.
    Number,
}

/// Two statements on the same matter that do not agree.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    /// Stance or number.
    pub kind: DisagreementKind,
    /// What the statements share (names and content words).
    pub matter: Vec<String>,
    /// The two sides (the denying / first-published side first).
    pub sides: [Side; 2],
    /// How sure the pairing is (higher is stronger; explicit deny vs confirm scores highest).
    pub strength: f64,
}

/// One side of a disagreement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// Who makes the statement, when the sentence says ("Iran", "American officials").
    pub speaker: Option<String>,
    /// "deny", "negate", "confirm" or "assert" (number disagreements: "assert").
    pub stance: String,
    /// The article.
    pub article: i64,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Index of the evidence sentence in the article.
    pub sentence: usize,
    /// The evidence sentence, verbatim.
    pub evidence: String,
    /// The figure at stake (number disagreements).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<String>,
}

/// One article in the story's timeline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The article.
    pub article: i64,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Publication time, Unix seconds.
    pub published: Option<i64>,
}

/// The digest of a story with the default [`Options`].
pub fn digest(articles: &[DigestInput]) -> StoryDigest {
    digest_with(articles, &Options::default())
}

/// The digest of a story.
pub fn digest_with(articles: &[DigestInput], options: &Options) -> StoryDigest {
    digest_inner(articles, None, options)
}

/// The digest of a story whose articles' quotes are already known (`quotes[i]` are
/// `tidings_text::find_quotes(&articles[i].text, ..)`, e.g. stored at ingest): saves finding
/// them again. Quotes are still checked verbatim against the text; a missing entry means none.
pub fn digest_with_quotes(
    articles: &[DigestInput],
    quotes: &[Vec<tidings_text::Quote>],
    options: &Options,
) -> StoryDigest {
    digest_inner(articles, Some(quotes), options)
}

fn digest_inner(
    articles: &[DigestInput],
    quotes: Option<&[Vec<tidings_text::Quote>]>,
    options: &Options,
) -> StoryDigest {
    if articles.is_empty() {
        return StoryDigest::default();
    }
    let prepared = prep::Prepared::new(articles, options);
    let quoted = attribution::collect_quotes(articles, quotes, &prepared);
    let disagreements = disagree::find(articles, &prepared, &quoted);
    let ranked = select::Ranking::new(&prepared, options);
    let long = ranked.long(&prepared, options);
    let short = ranked.short(&prepared, options, &disagreements);
    let headline = headline::choose(articles, &prepared);
    let (headline, headline_article) = match headline {
        Some((h, id)) => (h, Some(id)),
        None => (
            short
                .first()
                .or(long.first())
                .map(|s| s.text.clone())
                .unwrap_or_default(),
            None,
        ),
    };
    let sourcing = attribution::sourcing(articles, &prepared, &quoted);
    let quotes = attribution::group_by_speaker(articles, quoted);
    let mut timeline: Vec<TimelineEntry> = articles
        .iter()
        .map(|a| TimelineEntry {
            article: a.id,
            outlet: a.outlet.clone(),
            title: a.title.clone(),
            published: a.published,
        })
        .collect();
    timeline.sort_by_key(|t| (t.published.is_none(), t.published));
    StoryDigest {
        headline,
        headline_article,
        short: join(&short),
        long: join(&long),
        short_sentences: short,
        long_sentences: long,
        quotes,
        sourcing,
        disagreements,
        timeline,
    }
}

fn join(sentences: &[SummarySentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s.text);
    }
    out
}

/// Number of words of a text, as the summaries count them (white-space separated).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}
