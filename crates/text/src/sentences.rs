//! Sentence splitting.
//!
//! A rule-based splitter: a sentence ends at `.`, `!`, `?`, `…` (or the CJK full stops), after
//! any closing quotes and brackets, when white space and a sentence opener (a capital, a digit,
//! an opening quote) follow. It does not end after a known abbreviation ("Mr.", "Gen.", "a.m."
//! inside a sentence), after a single initial ("J. Smith"), or inside a number ("3.5"). A line
//! break always ends a sentence: paragraphs and headlines never run together.

/// A sentence as a byte range into the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

/// Splits a text into sentences (trimmed slices of the input).
pub fn split_sentences(text: &str) -> Vec<&str> {
    sentence_spans(text)
        .into_iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

/// Splits a text into sentences, as byte ranges into it (trimmed, never empty).
pub fn sentence_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        split_line(text, line_start, line_start + line.len(), &mut out);
        line_start += line.len();
    }
    out
}

/// Abbreviations after which a period does not end a sentence (compared lower-case, without
/// the final period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "sgt", "adm",
    "sen", "rep", "gov", "pres", "rev", "hon", "st", "mt", "ft", "jr", "sr", "no", "nos", "vol",
    "vs", "v", "etc", "inc", "corp", "ltd", "co", "bros", "dept", "univ", "approx", "est", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e",
    "cf", "al", "fig", "p", "pp", "ca", "mio", "mrd", "bzw", "usw", "z.b", "d.h", "u.a", "dr",
    "sra", "sr", "srta", "av", "mme", "mlle", "mm",
];

/// Abbreviations that often end a sentence too ("… in the U.S. The …"): they end one when a
/// common sentence opener follows.
const FINAL_CAPABLE: &[&str] = &[
    "u.s", "u.k", "u.n", "a.m", "p.m", "etc", "inc", "ltd", "co", "jr", "sr", "e.u",
];

/// Words that begin sentences far more often than they follow an abbreviation.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "However",
    "Meanwhile",
    "Officials",
    "Some",
    "Many",
];

fn split_line(text: &str, from: usize, to: usize, out: &mut Vec<Span>) {
    let line = &text[from..to];
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut start = 0usize; // byte offset within line
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if is_terminal(c) {
            // Take the whole run of terminal punctuation and closing quotes/brackets.
            let mut j = i + 1;
            while j < chars.len() && (is_terminal(chars[j].1) || is_closer(chars[j].1)) {
                j += 1;
            }
            let end = chars.get(j).map_or(line.len(), |&(p, _)| p);
            let cjk = matches!(c, '。' | '！' | '？');
            let followed_by_space = j < chars.len() && chars[j].1.is_whitespace();
            if cjk || (followed_by_space && ends_sentence(line, start, pos, c, &chars[j..])) {
                push_trimmed(from, &line[start..end], start, out);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(from, &line[start..], start, out);
}

fn push_trimmed(base: usize, piece: &str, offset: usize, out: &mut Vec<Span>) {
    let trimmed_start = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let start = base + offset + trimmed_start;
        out.push(Span {
            start,
            end: start + trimmed.len(),
        });
    }
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '«' | ')' | ']' | '›')
}

/// Decides whether the terminal punctuation at byte `pos` of `line` ends a sentence, given the
/// characters after its run (starting with white space).
fn ends_sentence(line: &str, start: usize, pos: usize, c: char, rest: &[(usize, char)]) -> bool {
    // The next word after the white space.
    let next_idx = rest.iter().position(|&(_, ch)| !ch.is_whitespace());
    let Some(next_idx) = next_idx else {
        return true;
    };
    let next_char = rest[next_idx].1;
    let next_word: String = rest[next_idx..]
        .iter()
        .map(|&(_, ch)| ch)
        .take_while(|ch| ch.is_alphanumeric() || *ch == '\'')
        .collect();
    let opener = next_char.is_uppercase()
        || next_char.is_numeric()
        || matches!(
            next_char,
            '"' | '“' | '‘' | '«' | '„' | '(' | '[' | '¿' | '¡' | '—' | '–' | '-'
        );
    if !opener {
        return false;
    }
    if c != '.' {
        return true;
    }
    // The word before the period.
    let before = &line[start..pos];
    let word = before
        .rsplit(|ch: char| ch.is_whitespace() || matches!(ch, '(' | '"' | '“' | '‘' | '«'))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    // A single letter initial: "J. Smith", "Donald J. Trump".
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false;
    }
    // Dotted short forms ("U.S", "a.m", "z.B") are abbreviations too.
    let dotted_short = lower.contains('.')
        && lower.len() <= 6
        && lower.chars().all(|c| c.is_alphabetic() || c == '.');
    if FINAL_CAPABLE.contains(&lower.as_str()) || dotted_short {
        // "U.S.", "a.m.": a sentence ends only when a typical opener follows.
        return OPENERS.contains(&next_word.as_str());
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_plain_sentences() {
        let s = split_sentences("Iran denied it. The US said otherwise! Did they? Yes.");
        assert_eq!(
            s,
            [
                "Iran denied it.",
                "The US said otherwise!",
                "Did they?",
                "Yes."
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_initials_and_numbers() {
        let s = split_sentences(
            "Mr. Smith met Gen. Jones at 10 a.m. on Monday. Prices rose 3.5 percent. Donald J. Trump spoke.",
        );
        assert_eq!(
            s,
            [
                "Mr. Smith met Gen. Jones at 10 a.m. on Monday.",
                "Prices rose 3.5 percent.",
                "Donald J. Trump spoke."
            ]
        );
    }

    #[test]
    fn us_ends_a_sentence_only_before_an_opener() {
        let s = split_sentences("He flew to the U.S. The trip was short. The U.S. Senate voted.");
        assert_eq!(
            s,
            [
                "He flew to the U.S.",
                "The trip was short.",
                "The U.S. Senate voted."
            ]
        );
    }

    #[test]
    fn quotations_stay_whole() {
        let s = split_sentences(
            "The official said, “No message has been sent.” He added: “Iran is ready.” Then he left.",
        );
        assert_eq!(
            s,
            [
                "The official said, “No message has been sent.”",
                "He added: “Iran is ready.”",
                "Then he left."
            ]
        );
        // A period inside a quote followed by a lower-case attribution does not split.
        let s = split_sentences("“We are ready.” he said.");
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn line_breaks_end_sentences_and_spans_index_the_input() {
        let text = "Headline without period\n\nFirst sentence. Second one.";
        let spans = sentence_spans(text);
        let got: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(
            got,
            ["Headline without period", "First sentence.", "Second one."]
        );
    }

    #[test]
    fn other_languages_and_cjk() {
        assert_eq!(
            split_sentences("Die Regierung z.B. plant das. Sie sagt nein.").len(),
            2
        );
        assert_eq!(
            split_sentences("東京で会議が開かれた。首相が出席した。").len(),
            2
        );
        assert!(split_sentences("").is_empty());
    }
}
