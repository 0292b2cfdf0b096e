//! Inputs the fuzz targets (`fuzz/`) found that broke the text crate, one test each, so that
//! none comes back.

use tidings_text::find_quotes;
use tidings_text::quotes::MAX_TEXT_BYTES;

/// `fuzz run quotes` (2026-12-04): one long sentence full of speech verbs hung past
/// libFuzzer's 60 s timeout: for every cue the speaker was looked for by reading the
/// sentence from its start (quadratic). The speaker is now looked for near its cue.
#[test]
fn a_long_sentence_of_cues_is_read_near_each_cue() {
    let sentence: String = (0..12_000)
        .map(|i| format!("officials said the count {i} was right, "))
        .collect();
    let text = format!("The mayor said the plan would work.\n\n{sentence}and so on.");
    let quotes = find_quotes(&text, Some("en"));
    // The first sentence's reported speech, attributed to the mayor, as in a short text.
    let first = quotes
        .first()
        .expect("the first sentence's reported speech");
    assert_eq!(first.text, "the plan would work");
    assert_eq!(first.speaker.as_deref(), Some("The mayor"));
    let chars = text.chars().count();
    assert!(
        quotes
            .iter()
            .all(|q| q.content.0 < q.content.1 && q.content.1 <= chars)
    );
}

/// The same fuzz run: speakers are resolved against every earlier mention, so a text of
/// megabytes of quotes grows the work faster than the text. Only the first
/// [`MAX_TEXT_BYTES`] are read.
#[test]
fn quotes_are_looked_for_in_the_first_bytes_of_a_dump() {
    let paragraph = "“The harbour will open,” Anna Berg said. ";
    let text = paragraph.repeat(3 * MAX_TEXT_BYTES / paragraph.len());
    let quotes = find_quotes(&text, Some("en"));
    let cap_chars = text[..MAX_TEXT_BYTES].chars().count();
    assert!(!quotes.is_empty());
    assert!(
        quotes.iter().all(|q| q.content.1 <= cap_chars),
        "a quote past the first {MAX_TEXT_BYTES} bytes"
    );
    assert!(
        quotes
            .iter()
            .all(|q| q.speaker.as_deref() == Some("Anna Berg"))
    );
}
