//! Search snippets in time linear in the text. FTS5's own `snippet()` weighs every match
//! against every other (quadratic: 0.2 s for one 20,000-word article and a query of common
//! words, in one call no progress handler can stop); here FTS5's `highlight()` marks the
//! matches (linear, and exactly the tokens the index matched) and one pass over the text
//! picks the window of [`TOKENS`] tokens with the most different matched words.

use std::collections::HashMap;
use std::collections::VecDeque;

/// Where `highlight()` is asked to open and close each match: control characters a stored
/// text does not hold (one that did would only move a highlight).
pub(crate) const OPEN: char = '\u{1}';
/// See [`OPEN`].
pub(crate) const CLOSE: char = '\u{2}';

/// Tokens in a snippet (FTS5's snippet used 24 too).
pub(crate) const TOKENS: usize = 24;

/// The longest snippet, in bytes: a window of words is far shorter, unless the text holds a
/// giant "word" or a long run of punctuation.
const MAX_BYTES: usize = 600;

/// One token of a highlighted text: its byte range, whether a match covers it and whether
/// it starts a sentence (the first token, or one after `.` or `:` and a space, as FTS5's
/// snippet has it).
#[derive(Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    hit: bool,
    sentence: bool,
}

/// The tokens of a highlighted text (alphanumeric runs; the markers are not part of them).
fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let mut chars = text.char_indices().peekable();
    let mut in_match = false;
    let mut first = true;
    // Since the last token: the last character other than a space, and whether a space
    // came after it.
    let (mut last, mut spaced) = (None, false);
    std::iter::from_fn(move || {
        loop {
            let (at, c) = chars.next()?;
            match c {
                OPEN => in_match = true,
                CLOSE => in_match = false,
                ' ' | '\t' | '\n' | '\r' => spaced = true,
                c if c.is_alphanumeric() => {
                    let mut end = at + c.len_utf8();
                    while let Some(&(i, c)) = chars.peek() {
                        if !c.is_alphanumeric() {
                            break;
                        }
                        end = i + c.len_utf8();
                        chars.next();
                    }
                    let sentence = first || (spaced && matches!(last, Some('.' | ':')));
                    (first, last, spaced) = (false, None, false);
                    return Some(Token {
                        start: at,
                        end,
                        hit: in_match,
                        sentence,
                    });
                }
                c => (last, spaced) = (Some(c), false),
            }
        }
    })
}

/// The window of [`TOKENS`] tokens the snippet shows, as FTS5's snippet picks it: each
/// window starting at a match scores 1000 for each different matched word in it and 1 for
/// each repeat, and is shown centred on its matches; a window starting at a sentence that
/// holds a match scores 100 more (120 at the start of the text) and is shown as it is. The
/// first best wins. One pass, the window's counts kept as it slides.
struct Picker {
    window: VecDeque<(usize, Token, Option<String>)>,
    distinct: HashMap<String, usize>,
    hits: usize,
    last_hit: Option<usize>,
    /// Score, first token shown, and for a window to centre the end of its last match.
    best: Option<(usize, usize, Option<usize>)>,
    /// A window at a sentence start whose sentence runs past it with no match so far: it
    /// is offered (score, start) if a match comes before the next sentence.
    pending: Option<(usize, usize)>,
    count: usize,
}

impl Picker {
    fn new() -> Picker {
        Picker {
            window: VecDeque::with_capacity(TOKENS + 1),
            distinct: HashMap::new(),
            hits: 0,
            last_hit: None,
            best: None,
            pending: None,
            count: 0,
        }
    }

    fn push(&mut self, text: &str, token: Token) {
        let i = self.count;
        self.count += 1;
        if token.sentence {
            self.pending = None;
        } else if token.hit
            && let Some((score, first)) = self.pending.take()
        {
            self.offer(score, first, None);
        }
        let key = token
            .hit
            .then(|| text[token.start..token.end].to_lowercase());
        if let Some(k) = &key {
            *self.distinct.entry(k.clone()).or_default() += 1;
            self.hits += 1;
            self.last_hit = Some(i);
        }
        self.window.push_back((i, token, key));
        if self.window.len() == TOKENS {
            self.judge_front();
        }
    }

    /// Scores the window that starts at the front token, then lets that token go.
    fn judge_front(&mut self) {
        let Some(&(first, front, _)) = self.window.front() else {
            return;
        };
        let score = 1000 * self.distinct.len() + self.hits - self.distinct.len();
        if front.hit {
            // The window's last match ends after the last hit token still in it.
            let end = self.last_hit.map_or(first + 1, |l| l + 1);
            self.offer(score, first, Some(end));
        }
        if front.sentence {
            let score = score + if first == 0 { 120 } else { 100 };
            let (mut matched, mut rest) = (false, 0);
            for (_, t, _) in self
                .window
                .iter()
                .skip(1)
                .take_while(|(_, t, _)| !t.sentence)
            {
                matched |= t.hit;
                rest += 1;
            }
            if matched {
                self.offer(score, first, None);
            } else if rest + 1 == self.window.len() {
                // The sentence goes on past the window: a match later in it counts.
                self.pending = Some((score, first));
            }
        }
        if let Some((_, _, Some(gone))) = self.window.pop_front() {
            self.hits -= 1;
            if let Some(n) = self.distinct.get_mut(&gone) {
                *n -= 1;
                if *n == 0 {
                    self.distinct.remove(&gone);
                }
            }
        }
    }

    fn offer(&mut self, score: usize, first: usize, centre_to: Option<usize>) {
        if self.best.is_none_or(|(s, _, _)| score > s) {
            self.best = Some((score, first, centre_to));
        }
    }

    /// The first and past-the-last token shown, and the number of tokens.
    fn finish(mut self) -> (usize, usize, usize) {
        while !self.window.is_empty() {
            self.judge_front();
        }
        let count = self.count;
        let start = match self.best {
            Some((_, first, Some(end))) => {
                let span = end - first;
                first
                    .saturating_sub(TOKENS.saturating_sub(span) / 2)
                    .min(count.saturating_sub(TOKENS))
            }
            Some((_, first, None)) => first,
            None => 0,
        };
        (start, (start + TOKENS).min(count), count)
    }
}

/// A snippet of a text `highlight()` marked with [`OPEN`] and [`CLOSE`]: the window of
/// [`TOKENS`] tokens [`Picker`] picks; matches between `[` and `]`, `…` where the text goes
/// on. A text with no match gives its start.
pub(crate) fn snippet(highlighted: &str) -> String {
    let mut picker = Picker::new();
    for token in tokens(highlighted) {
        picker.push(highlighted, token);
    }
    let (start, end, count) = picker.finish();
    if start >= end {
        return String::new();
    }
    // A window at either end of the text takes in what is before its first token or after
    // its last (a sentence's full stop), as FTS5's does.
    let mut range = (0, highlighted.len());
    for (i, token) in tokens(highlighted).enumerate().skip(start) {
        if i == start && start > 0 {
            range.0 = token.start;
        }
        if i + 1 == end {
            if end < count {
                range.1 = token.end;
            }
            break;
        }
    }
    render(highlighted, range, start > 0, end < count)
}

/// The window `range` of a highlighted text, markers as brackets (closed at the edges of
/// the window when a match runs across them), `…` on the sides where the text goes on, at
/// most [`MAX_BYTES`] (then cut, with `…`).
fn render(highlighted: &str, range: (usize, usize), before: bool, after: bool) -> String {
    let in_match_at_start = highlighted[..range.0]
        .chars()
        .rev()
        .find(|&c| c == OPEN || c == CLOSE)
        == Some(OPEN);
    let mut out = String::new();
    if before {
        out.push('…');
    }
    let mut open = in_match_at_start;
    if open {
        out.push('[');
    }
    let mut cut = false;
    for c in highlighted[range.0..range.1].chars() {
        if out.len() + c.len_utf8() > MAX_BYTES {
            cut = true;
            break;
        }
        match c {
            OPEN => {
                open = true;
                out.push('[');
            }
            CLOSE => {
                open = false;
                out.push(']');
            }
            c => out.push(c),
        }
    }
    // A match running past the window's last token closes there.
    if open && !cut {
        out.push(']');
    }
    if after || cut {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{CLOSE, MAX_BYTES, OPEN, TOKENS, snippet};

    /// `[x]` in the test texts as `highlight()` marks it.
    fn marked(s: &str) -> String {
        s.replace('[', &OPEN.to_string())
            .replace(']', &CLOSE.to_string())
    }

    #[test]
    fn a_short_text_is_whole() {
        assert_eq!(
            snippet(&marked("[Netanyahu] asked the White House.")),
            "[Netanyahu] asked the White House."
        );
        assert_eq!(snippet(""), "");
        assert_eq!(snippet(&marked("… ] [ ")), "");
    }

    #[test]
    fn the_window_holds_the_most_different_matches_centred() {
        let filler = |n: usize, w: &str| vec![w; n].join(" ");
        let text = format!(
            "{} [talks] {} [talks] [Iran] [talks] {}",
            filler(40, "x"),
            filler(40, "y"),
            filler(40, "z")
        );
        let s = snippet(&marked(&text));
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("[talks] [Iran] [talks]"), "{s}");
        assert!(!s.contains('x'), "{s}");
        // Centred: as many tokens on either side of the hits (±1).
        let ys = s.matches('y').count();
        let zs = s.matches('z').count();
        assert!(ys.abs_diff(zs) <= 1, "{s}");
        assert_eq!(s.split_whitespace().count(), TOKENS);
    }

    /// As FTS5's snippet: a window starting at a sentence with a match (in the window or
    /// past it) beats one centred on the same matches, and the text's first sentence beats
    /// a later one.
    #[test]
    fn windows_start_at_sentences_that_hold_a_match() {
        let words = |n: usize| vec!["w"; n].join(" ");
        let text = format!("{} end. Then the [talks] began {}", words(40), words(40));
        let s = snippet(&marked(&text));
        assert!(s.starts_with("…Then the [talks] began w"), "{s}");
        let text = format!("Opening [talks] {}. Later [talks] {}", words(30), words(30));
        assert!(snippet(&marked(&text)).starts_with("Opening [talks] w"));
        // "The" opens the text and its sentence has another match past the window.
        let text = format!(
            "[The] {} [the] {}. For weeks [the] x [the] y [the] z [the] {}",
            words(30),
            words(30),
            words(30)
        );
        assert!(snippet(&marked(&text)).starts_with("[The] w w"));
    }

    #[test]
    fn a_phrase_cut_by_the_window_stays_bracketed() {
        let text = format!("[{}]", vec!["air"; 30].join(" "));
        let s = snippet(&marked(&text));
        assert!(s.starts_with('[') && s.ends_with("]…"), "{s}");
    }

    #[test]
    fn no_match_in_the_text_gives_its_start() {
        let text = (0..100)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let s = snippet(&text);
        assert!(s.starts_with("w0 w1 ") && s.ends_with("w23…"), "{s}");
    }

    #[test]
    fn giant_words_and_gaps_are_cut() {
        let text = format!("[{}] {} end", "a".repeat(10_000), "-".repeat(10_000));
        let s = snippet(&marked(&text));
        assert!(s.len() <= MAX_BYTES + '…'.len_utf8(), "{}", s.len());
        assert!(s.starts_with("[aaa") && s.ends_with('…'));
    }

    #[test]
    fn multibyte_text_is_cut_on_char_boundaries() {
        let text = marked(&format!("[Ира́н] {}", "émigré ".repeat(500)));
        let s = snippet(&text);
        assert!(s.starts_with("[Ира"), "{s}");
    }
}
