//! The shape of a line of text: how many words, whether it reads as a sentence, a headline, a
//! personal name, a tag. Pure helpers shared by the clutter rules and the capture reader.

use std::borrow::Cow;

/// Collapses every run of white space (including no-break spaces) to one space and trims;
/// byte-order marks and zero-width spaces go too. Borrows when the line is already clean.
pub fn normalize(line: &str) -> Cow<'_, str> {
    let odd = |c: char| matches!(c, '\u{feff}' | '\u{200b}') || (c.is_whitespace() && c != ' ');
    let clean = !line.starts_with(' ')
        && !line.ends_with(' ')
        && !line.contains("  ")
        && !line.contains(odd);
    if clean {
        return Cow::Borrowed(line);
    }
    Cow::Owned(
        line.split(|c: char| c.is_whitespace() || odd(c))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Lower-cased, white-space-collapsed text with typographic quotes made plain and trailing
/// punctuation removed, for comparing two lines that should be "the same" (a repeated headline).
pub fn comparable(line: &str) -> String {
    let plain: String = line
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '`' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            c => c,
        })
        .collect();
    normalize(&plain.to_lowercase())
        .as_ref()
        .trim_end_matches(['.', '!', '?', ':', ';', ',', ' '])
        .to_owned()
}

/// Words: white-space separated tokens holding at least one letter or digit.
pub fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

/// Number of [`words`].
pub fn word_count(line: &str) -> usize {
    words(line).count()
}

/// The line without closing quotes, brackets and trailing spaces.
fn without_closers(line: &str) -> &str {
    line.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{00BB}' | '\u{201C}'
            )
    })
}

/// True when the line ends like a sentence: `.`, `!`, `?` or `…`, possibly inside closing quotes.
pub fn ends_sentence(line: &str) -> bool {
    without_closers(line).ends_with(['.', '!', '?', '\u{2026}'])
}

/// True when the line ends with a mark that a headline or a tag never ends with.
pub fn ends_open(line: &str) -> bool {
    without_closers(line).ends_with(['.', ',', ';', ':'])
}

/// Running text: a sentence of at least four words, or a long line (twenty words or more).
pub fn is_prose(line: &str) -> bool {
    let n = word_count(line);
    (n >= 4 && ends_sentence(line)) || n >= 20
}

/// A headline or a subheading: two to thirty words, no final period, not overly long.
pub fn is_headline_shaped(line: &str) -> bool {
    let n = word_count(line);
    (2..=30).contains(&n) && line.chars().count() <= 250 && !ends_open(line)
}

/// A tag or a short label: one to five words, at most 40 characters, starting with a capital
/// letter, a digit or `#`, no sentence punctuation at the end and no link.
pub fn is_tag_shaped(line: &str) -> bool {
    let n = word_count(line);
    let first_ok = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '#');
    (1..=5).contains(&n)
        && line.chars().count() <= 40
        && first_ok
        && !ends_open(line)
        && !ends_sentence(line)
        && !line.contains("://")
}

/// Capitalised words that are not part of a personal name.
const NOT_NAME: &[&str] = &[
    "The",
    "A",
    "An",
    "Of",
    "And",
    "Or",
    "In",
    "On",
    "At",
    "For",
    "To",
    "From",
    "With",
    "By",
    "This",
    "That",
    "These",
    "Then",
    "Now",
    "Here",
    "There",
    "It",
    "We",
    "You",
    "Our",
    "Your",
    "News",
    "Latest",
    "Popular",
    "Read",
    "Related",
    "Share",
    "Follow",
    "More",
    "Top",
    "Home",
    "Menu",
    "Search",
    "Login",
    "Subscribe",
    "Details",
    "Video",
    "Videos",
    "Photo",
    "Photos",
    "Advertisement",
    "Comments",
    "World",
    "Live",
    "Breaking",
    "Opinion",
    "Politics",
    "Sport",
    "Sports",
    "Business",
    "Economy",
    "Culture",
    "Tags",
    "Topics",
    "Source",
    "Sources",
];

/// Lower-case particles inside names ("Ludwig van Beethoven", "Mohammed bin Salman").
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "da", "di", "del", "della", "du", "la", "le", "bin", "ibn",
    "al", "el", "ter", "ten", "y",
];

/// A personal name: two to four words, each capitalised (or an initial like `J.`), with
/// lower-case particles allowed inside, no digits, at most 40 characters.
pub fn is_name_shaped(line: &str) -> bool {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    if !(2..=4).contains(&tokens.len()) || line.chars().count() > 40 {
        return false;
    }
    let last = tokens.len() - 1;
    let mut capitalised = 0;
    for (i, t) in tokens.iter().enumerate() {
        if PARTICLES.contains(t) && i != 0 && i != last {
            continue;
        }
        if NOT_NAME.contains(t) {
            return false;
        }
        let mut chars = t.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        if !first.is_uppercase() {
            return false;
        }
        let rest: Vec<char> = chars.collect();
        let initial = rest == ['.'];
        let word = !rest.is_empty()
            && rest
                .iter()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}'))
            && rest.iter().any(|c| c.is_lowercase());
        if !(initial || word) {
            return false;
        }
        capitalised += 1;
    }
    capitalised >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_collapses_no_break_spaces() {
        assert_eq!(
            normalize("Kyiv\u{a0} \u{2022}\u{a0} UNN "),
            "Kyiv \u{2022} UNN"
        );
    }

    #[test]
    fn comparable_ignores_quote_style_and_case() {
        assert_eq!(
            comparable("Behind Israel\u{2019}s back."),
            comparable("behind  Israel's back")
        );
    }

    #[test]
    fn prose_and_headlines() {
        assert!(is_prose(
            "— said a source familiar with the details of the negotiations."
        ));
        assert!(is_prose(
            "“Too late,” he wrote. “They want to talk. I said ‘Too Late!’”"
        ));
        assert!(!is_prose("Concerns from Israel"));
        assert!(!is_prose("We treated these messages as nonsense"));
        assert!(is_headline_shaped(
            "US and Iran may have held secret talks behind Israel's back, Netanyahu demands explanation"
        ));
        assert!(!is_headline_shaped("He said so."));
    }

    #[test]
    fn names() {
        assert!(is_name_shaped("Stepan Haftko"));
        assert!(is_name_shaped("Jane Doe"));
        assert!(is_name_shaped("J. R. Smith"));
        assert!(is_name_shaped("Ludwig van Beethoven"));
        assert!(is_name_shaped("Степан Гафтко"));
        assert!(!is_name_shaped("Iran"));
        assert!(!is_name_shaped("News of the World"));
        assert!(!is_name_shaped("The CSR Journal Magazine"));
        assert!(!is_name_shaped("Latest News"));
        assert!(!is_name_shaped("Kyiv • UNN"));
        assert!(!is_name_shaped("We treated these messages as nonsense"));
    }

    #[test]
    fn tags() {
        assert!(is_tag_shaped("Skirmishes"));
        assert!(is_tag_shaped("Benjamin Netanyahu"));
        assert!(!is_tag_shaped("He left."));
        assert!(!is_tag_shaped("a lower-case fragment"));
    }
}
