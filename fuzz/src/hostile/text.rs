//! Plain text: page captures (headline, date, byline, clutter and body as lines) and
//! quote-laden prose, both with hostile lines mixed in.

use super::{Gen, repeat_into};

const CLUTTER: &[&str] = &[
    "Latest News",
    "Share",
    "Subscribe now",
    "Advertisement",
    "Read more",
    "Download our app",
    "1.2k views",
    "Home | World | Politics | Sport",
    "© 2026 The Example Times",
    "Related:",
    "Tags: politics, world",
];

/// A plain-text capture of a page: lines of headline, dates, bylines, clutter and body, with
/// giant lines, separator runs, thousands of short or blank lines, odd line ends and bytes.
pub fn capture(g: &mut Gen) -> Vec<u8> {
    let max = g.limits.max_len;
    let mut out = Vec::new();
    if g.chance(1, 8) {
        out.extend_from_slice(b"\xef\xbb\xbf");
    }
    let eol: &[u8] = g.pick(&[&b"\n"[..], b"\r\n", b"\r", b"\n\n", "\u{2028}".as_bytes()]);
    for _ in 0..g.range(1, 40) {
        if out.len() >= max {
            break;
        }
        match g.below(14) {
            0..=2 => out.extend_from_slice(g.prose(5).as_bytes()),
            3 => out.extend_from_slice(g.sentence().trim_end_matches('.').as_bytes()),
            4 => out.extend_from_slice(super::dates::text(g).as_bytes()),
            5 => out.extend_from_slice(format!("By {} {}", g.word(), g.word()).as_bytes()),
            6 => out.extend_from_slice(g.pick(CLUTTER).as_bytes()),
            7 => out.extend_from_slice(super::html::runaway(g, max).as_bytes()),
            8 => {
                let unit = g.pick(&[&b"a"[..], b"word ", b"Mr. ", b"\xe4\xb8\x9c", b"|"]);
                let n = g.count(max);
                repeat_into(&mut out, unit, n, max);
            }
            9 => {
                let n = g.count(max / 2);
                let line: &[u8] = g.pick(&[&b"\n"[..], b"x\n", b" \n", b"\r\n\r\n", b"Share\n"]);
                repeat_into(&mut out, line, n, max);
            }
            10 => out.extend_from_slice(g.odd_text().as_bytes()),
            11 => {
                let raw = g.raw(max / 4);
                out.extend_from_slice(&raw);
            }
            12 => {
                // The same headline many times (the repeated-headline rule).
                let line = format!("{}{}", g.sentence().trim_end_matches('.'), "\n");
                let n = g.count(max / line.len().max(1));
                repeat_into(&mut out, line.as_bytes(), n, max);
            }
            _ => out.extend_from_slice(quotes(g).as_bytes()),
        }
        out.extend_from_slice(eol);
    }
    out
}

const OPENERS: &[(&str, &str)] = &[
    ("“", "”"),
    ("\"", "\""),
    ("«", "»"),
    ("« ", " »"),
    ("„", "“"),
    ("‘", "’"),
    ("'", "'"),
    ("»", "«"),
    ("「", "」"),
    ("”", "“"),
];
const CUES: &[&str] = &[
    "said",
    "told reporters",
    "says",
    "added",
    "denied",
    "warned",
    "according to",
    "sagte",
    "a déclaré",
    "dijo",
    "ha detto",
    "disse",
    "zei",
    "claimed",
    "insisted",
    "noted",
];
const SPEAKERS: &[&str] = &[
    "he",
    "she",
    "they",
    "the minister",
    "John Smith",
    "Smith",
    "an anonymous official",
    "a US official",
    "US President Donald Trump",
    "the police",
    "Dr. Jane Doe",
    "it",
    "Mr.",
    "the Ministry of Foreign Affairs of the Republic of",
    "Reuters",
];

/// Prose full of quotations: every mark style, unbalanced and nested marks, quotes spanning
/// paragraphs, pull-quotes, attribution before and after, runs of marks, giant quotes.
pub fn quotes(g: &mut Gen) -> String {
    let max = g.limits.max_len;
    let mut s = String::new();
    for _ in 0..g.range(1, 32) {
        if s.len() >= max {
            break;
        }
        let (open, close) = g.pick(OPENERS);
        match g.below(10) {
            0..=2 => s.push_str(&format!(
                "{open}{}{close} {} {}. ",
                g.prose(2),
                g.pick(SPEAKERS),
                g.pick(CUES)
            )),
            3 => s.push_str(&format!(
                "{} {} that {} ",
                g.pick(SPEAKERS),
                g.pick(CUES),
                g.prose(2)
            )),
            4 => s.push_str(&format!(
                "{open}{},{close} {} {}. {open}{}{close} ",
                g.sentence(),
                g.pick(SPEAKERS),
                g.pick(CUES),
                g.prose(2)
            )),
            5 => s.push_str(&format!(
                "{open}{}\n\n{open}{}{close}\n— {}\n",
                g.prose(3),
                g.prose(2),
                g.pick(SPEAKERS)
            )),
            6 => {
                // A run of marks.
                let n = g.count(max / 4);
                for _ in 0..n.min(max / 4) {
                    s.push_str(open);
                }
            }
            7 => {
                // Opened, never closed, then a very long quote.
                s.push_str(open);
                let n = g.count(max / 8);
                for _ in 0..n {
                    if s.len() >= max {
                        break;
                    }
                    s.push_str(g.word());
                    s.push(' ');
                }
            }
            8 => {
                // Cue chains: "according to X, according to Y, …".
                let n = g.count(max / 32);
                for _ in 0..n {
                    if s.len() >= max {
                        break;
                    }
                    s.push_str(g.pick(CUES));
                    s.push(' ');
                    s.push_str(g.pick(SPEAKERS));
                    s.push_str(", ");
                }
            }
            _ => s.push_str(&g.odd_text()),
        }
        if g.chance(1, 4) {
            s.push_str("\n\n");
        }
    }
    s
}

/// A language code for the text functions: known, unknown, empty, odd.
pub fn lang(g: &mut Gen) -> Option<&'static str> {
    g.pick(&[
        None,
        Some("en"),
        Some("de"),
        Some("fr"),
        Some("es"),
        Some("it"),
        Some("pt"),
        Some("nl"),
        Some("ru"),
        Some("zh"),
        Some(""),
        Some("xx"),
        Some("EN"),
        Some("en-GB"),
        Some("\u{0}"),
    ])
}
