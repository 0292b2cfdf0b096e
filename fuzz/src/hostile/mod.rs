//! Hostile documents built from fuzzer bytes.
//!
//! Each generator reads its choices from an [`arbitrary::Unstructured`] (libFuzzer's input in
//! the fuzz targets, seeded random bytes in the property tests) and builds STRUCTURE that has
//! broken parsers before: deep nesting of assorted tags, huge attribute counts and values,
//! runaway titles, giant single lines, `<br>` floods, invalid UTF-8, mixed encodings, BOMs,
//! bad charset declarations, unterminated tags and comments, entity floods, deep XML and JSON,
//! JSON with wrong types, huge numbers and nulls. Sizes are drawn log-uniformly up to the
//! [`Limits`], so most cases are small and some are as large as the limits allow. An
//! exhausted input gives the smallest choices (no optional piece, no repetition).
//!
//! This file and its siblings are shared: the fuzz crate compiles them as `tidings_fuzz::hostile`
//! and the property tests of the crates include them with `#[path]` (so the same generators
//! run in CI every time and in long fuzz runs).

#![allow(dead_code)]

pub mod dates;
pub mod feed;
pub mod html;
pub mod jsonl;
pub mod query;
pub mod text;

use arbitrary::Unstructured;

/// How large the generated documents get.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes a document grows to, roughly: no piece is started past it, and repeated pieces
    /// are cut to fit.
    pub max_len: usize,
    /// The deepest nesting built.
    pub max_depth: usize,
    /// Whether counts lean to the limits (half of them drawn from the top half of their
    /// range's magnitudes): the few big cases a run then are big.
    pub lean_big: bool,
}

impl Limits {
    /// What the property tests use for their many cases (fast: milliseconds a case).
    pub const SMALL: Limits = Limits {
        max_len: 48 * 1024,
        max_depth: 2_000,
        lean_big: false,
    };
    /// The fuzz targets: up to the sizes of the reproductions, mostly small.
    pub const BIG: Limits = Limits {
        max_len: 4 * 1024 * 1024,
        max_depth: 100_000,
        lean_big: false,
    };
    /// A few cases a run: as large as the reproductions (100,000 levels, megabytes).
    pub const HUGE: Limits = Limits {
        max_len: 4 * 1024 * 1024,
        max_depth: 100_000,
        lean_big: true,
    };
}

/// The choices of one generated document (never fails: exhausted input gives the smallest
/// choice, as [`Unstructured`] does).
pub struct Gen<'a> {
    u: Unstructured<'a>,
    /// The size limits in force.
    pub limits: Limits,
}

impl<'a> Gen<'a> {
    /// Choices read from `data`.
    pub fn new(data: &'a [u8], limits: Limits) -> Gen<'a> {
        Gen {
            u: Unstructured::new(data),
            limits,
        }
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        self.u.choose_index(n).unwrap_or(0)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        self.u.int_in_range(lo..=hi.max(lo)).unwrap_or(lo)
    }

    /// True with probability `num / den`; false once the input is exhausted (so that a
    /// short input gives a small document, not every optional piece).
    pub fn chance(&mut self, num: u8, den: u8) -> bool {
        !self.u.is_empty() && self.u.ratio(num, den.max(1)).unwrap_or(false)
    }

    /// One of the items (the first when the input is exhausted).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        match self.u.choose(items) {
            Ok(x) => *x,
            Err(_) => items[0],
        }
    }

    /// A count in `0..=max`, log-uniform: as likely to be under 10 as between 1,000 and 10,000.
    pub fn count(&mut self, max: usize) -> usize {
        if max == 0 {
            return 0;
        }
        let bits = (usize::BITS - max.leading_zeros()) as usize;
        let scale = if self.limits.lean_big && self.chance(1, 2) {
            self.range(bits / 2 + bits / 4, bits)
        } else {
            self.range(0, bits)
        };
        let top = if scale == 0 { 0 } else { (1usize << scale) - 1 };
        self.range(0, top.min(max))
    }

    /// Raw bytes straight from the input, up to `max` and half of what is left (the rest
    /// still drives the generator).
    pub fn raw(&mut self, max: usize) -> Vec<u8> {
        let n = self.count(max.min(self.u.len() / 2));
        self.u.bytes(n).map(<[u8]>::to_vec).unwrap_or_default()
    }

    /// A word of prose (news-like, a few capitalised names among them).
    pub fn word(&mut self) -> &'static str {
        self.pick(WORDS)
    }

    /// A sentence of prose words, capitalised, with a full stop.
    pub fn sentence(&mut self) -> String {
        let n = self.range(4, 24);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            let w = self.word();
            if i == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    s.extend(f.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push_str(w);
            }
        }
        s.push_str(self.pick(&[".", ".", ".", "?", "!", "…", "", ";", "。"]));
        s
    }

    /// A few sentences.
    pub fn prose(&mut self, max_sentences: usize) -> String {
        let n = self.range(1, max_sentences.max(1));
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&self.sentence());
        }
        s
    }

    /// A piece of text that is odd at the character level: control characters, lone
    /// combining marks, right-to-left marks, emoji, CJK, zero-width and replacement
    /// characters, huge code points.
    pub fn odd_text(&mut self) -> String {
        let n = self.count(64);
        (0..n).map(|_| self.pick(ODD_CHARS)).collect()
    }

    /// A URL of any shape: fine, relative, protocol-relative, `javascript:`, `data:`, huge,
    /// with odd characters, IDNA, IPv6, credentials, ports out of range.
    pub fn url(&mut self) -> String {
        let base = self.pick(URLS).to_owned();
        match self.below(5) {
            0 => {
                let n = self.count(self.limits.max_len / 16);
                format!("{base}{}", "a/".repeat(n))
            }
            1 => format!("{base}{}", self.odd_text()),
            _ => base,
        }
    }

    /// Bytes left in the input.
    pub fn left(&self) -> usize {
        self.u.len()
    }
}

/// Appends `unit` to `out` `n` times, stopping at `max_len` bytes.
pub fn repeat_into(out: &mut Vec<u8>, unit: &[u8], n: usize, max_len: usize) {
    if unit.is_empty() {
        return;
    }
    let room = max_len.saturating_sub(out.len()) / unit.len();
    for _ in 0..n.min(room) {
        out.extend_from_slice(unit);
    }
}

/// News-like words, with names, numbers and speech verbs among them.
pub const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "on",
    "Tuesday",
    "that",
    "government",
    "would",
    "police",
    "in",
    "Paris",
    "reported",
    "a",
    "fire",
    "at",
    "factory",
    "officials",
    "told",
    "reporters",
    "of",
    "Smith",
    "John",
    "according",
    "to",
    "Reuters",
    "BBC",
    "United",
    "Nations",
    "president",
    "2026",
    "23",
    "people",
    "killed",
    "3.5",
    "million",
    "percent",
    "U.S.",
    "Mr.",
    "Dr.",
    "is",
    "was",
    "and",
    "not",
    "election",
    "votes",
    "Kyiv",
    "Ukraine",
    "Iran",
    "he",
    "she",
    "they",
    "denied",
    "announced",
    "by",
    "with",
    "after",
    "March",
    "5",
    "Monday",
    "storm",
    "hit",
    "club",
    "won",
    "match",
    "Netanyahu",
    "Trump",
    "court",
    "ruled",
    "bank",
    "rates",
    "rise",
    "über",
    "été",
    "año",
    "niño",
    "Zürich",
    "Ελλάδα",
    "Москва",
    "東京",
    "北京",
    "القاهرة",
];

/// Characters that trip text handling.
pub const ODD_CHARS: &[char] = &[
    '\0',
    '\u{1}',
    '\u{7}',
    '\u{8}',
    '\t',
    '\n',
    '\r',
    '\u{b}',
    '\u{c}',
    '\u{1b}',
    '\u{7f}',
    '\u{85}',
    '\u{a0}',
    '\u{ad}',
    '\u{300}',
    '\u{301}',
    '\u{200b}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{202e}',
    '\u{2028}',
    '\u{2029}',
    '\u{2060}',
    '\u{feff}',
    '\u{fffd}',
    '\u{fffe}',
    '\u{ffff}',
    '\u{1f600}',
    '\u{1f1fa}',
    '\u{e0001}',
    '\u{10ffff}',
    '东',
    'ß',
    'İ',
    'ﬃ',
    'Ⅻ',
    '٣',
    '３',
    '“',
    '”',
    '„',
    '«',
    '»',
    '‘',
    '’',
    '"',
    '\'',
    '—',
    '|',
    '<',
    '>',
    '&',
    ';',
    '#',
    '\\',
    '.',
    ' ',
];

/// URL shapes.
pub const URLS: &[&str] = &[
    "https://news.example.com/2026/03/05/story",
    "http://example.org/a?b=c&d=e#f",
    "/relative/path",
    "relative",
    "//protocol.relative/x",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "file:///etc/passwd",
    "https://user:pass@example.com:99999/",
    "https://[::1]/",
    "https://[bad/",
    "https://xn--nxasmq6b.example/",
    "https://ÿ.example/ü",
    "http://169.254.169.254/latest/meta-data/",
    "https://exa mple.com/",
    "",
    "#",
    "?",
    "https://",
    "mailto:a@b.c",
];
