//! Word tokens (Unicode word boundaries, UAX #29) and their normal form.

use unicode_segmentation::UnicodeSegmentation;

/// One word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The word as written.
    pub text: &'a str,
    /// Byte offset of the word in the text.
    pub start: usize,
}

impl Token<'_> {
    /// Byte offset just past the word.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// True when the word starts with an upper-case letter ("Iran", "NATO", "U.S").
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// True when the word has no letter (numbers, "3.5", "2012").
    pub fn is_numeric(&self) -> bool {
        !self.text.chars().any(char::is_alphabetic)
    }
}

/// Splits a text into words: letters and digits by Unicode word boundaries (punctuation and
/// white space dropped; "U.S." gives "U.S", "don't" stays one word, CJK ideographs one each).
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    text.unicode_word_indices()
        .map(|(start, text)| Token { text, start })
        .collect()
}

/// The normal form of a word for counting: lower case, without a possessive "'s" / "’s",
/// without inner periods ("U.S" → "us") and with typographic apostrophes made plain.
pub fn normalise(word: &str) -> String {
    let mut w = word.to_lowercase();
    for suffix in ["'s", "’s", "'", "’"] {
        if w.len() > suffix.len() + 1 && w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
            break;
        }
    }
    if w.contains(['.', '’']) {
        w = w
            .chars()
            .filter(|&c| c != '.')
            .map(|c| if c == '’' { '\'' } else { c })
            .collect();
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_offsets() {
        let t = tokens("Iran's envoy, in the U.S., said: \"no\" — 3.5%.");
        let words: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(
            words,
            ["Iran's", "envoy", "in", "the", "U.S", "said", "no", "3.5"]
        );
        assert_eq!(t[1].start, 7);
        assert!(t[0].is_capitalised() && !t[1].is_capitalised());
        assert!(t[7].is_numeric());
    }

    #[test]
    fn normal_forms() {
        assert_eq!(normalise("Iran's"), "iran");
        assert_eq!(normalise("Iran’s"), "iran");
        assert_eq!(normalise("U.S"), "us");
        assert_eq!(normalise("Übersee"), "übersee");
        assert_eq!(normalise("s"), "s");
    }

    #[test]
    fn non_latin_scripts() {
        assert_eq!(tokens("Москва заявила").len(), 2);
        assert!(tokens("").is_empty());
        assert!(tokens("  ,, —").is_empty());
    }
}
