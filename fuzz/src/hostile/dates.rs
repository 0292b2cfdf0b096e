//! Date texts: well-formed dates in every supported shape with hostile numbers (year 99999,
//! month 13, hour 25, offsets +99:99, a thousand fraction digits), token soup of digits,
//! separators, month, weekday and zone names, and long texts with dates inside.

use super::Gen;

const MONTHS: &[&str] = &[
    "January", "Feb", "March", "Apr.", "May", "June", "Jul", "August", "Sept", "Oct.", "Nov",
    "December", "janvier", "März", "mayo", "Mär", "déc.", "Smarch",
];
const WEEKDAYS: &[&str] = &[
    "Mon", "Tuesday", "Wed,", "Thu.", "Fri", "Sat", "Sunday", "Funday",
];
const ZONES: &[&str] = &[
    "Z",
    "UTC",
    "GMT",
    "EST",
    "EDT",
    "PST",
    "PDT",
    "CET",
    "CEST",
    "BST",
    "IST",
    "JST",
    "AEDT",
    "XYZ",
    "+0000",
    "-0500",
    "+05:30",
    "+14:00",
    "-12:00",
    "+99:99",
    "+2400",
    "-0",
    "+",
    "UTC+3",
    "GMT-05:00",
    "z",
];
const SEPARATORS: &[&str] = &[
    "-", "/", ".", ":", " ", ", ", "T", "t", "  ", "\u{a0}", "—", "",
];

/// A number of a few digits, sometimes absurd.
fn number(g: &mut Gen) -> String {
    match g.below(8) {
        0 => "0".into(),
        1 => "00".into(),
        2 => format!("{}", g.range(0, 99)),
        3 => format!("{:02}", g.range(0, 99)),
        4 => format!("{}", g.range(1900, 2200)),
        5 => format!("{}", g.range(0, 999_999)),
        6 => "9".repeat(g.range(1, 40)),
        _ => format!("{}", g.range(1, 31)),
    }
}

/// One date text.
pub fn text(g: &mut Gen) -> String {
    match g.below(7) {
        0 => format!(
            "{}-{}-{}{}{}:{}:{}{}{}",
            number(g),
            number(g),
            number(g),
            g.pick(&["T", " ", "t", ""]),
            number(g),
            number(g),
            number(g),
            g.pick(&["", ".5", ".123456789", ".", ",5"]),
            g.pick(ZONES)
        ),
        1 => format!(
            "{} {} {} {} {}:{}:{} {}",
            g.pick(WEEKDAYS),
            number(g),
            g.pick(MONTHS),
            number(g),
            number(g),
            number(g),
            number(g),
            g.pick(ZONES)
        ),
        2 => format!(
            "{} {}, {}{}{}",
            g.pick(MONTHS),
            number(g),
            number(g),
            g.pick(&["", " at ", ", ", " "]),
            g.pick(&[
                "10:00 a.m.",
                "23:59",
                "12 noon",
                "25:61",
                "3 p.m. ET",
                "",
                "noon"
            ])
        ),
        3 => {
            let n = g.range(10, 13);
            (0..n)
                .map(|_| char::from(b'0' + g.range(0, 9) as u8))
                .collect()
        }
        4 => format!(
            "{}.{}.{}, {}:{}",
            number(g),
            number(g),
            number(g),
            number(g),
            number(g)
        ),
        5 => {
            // Token soup.
            let mut s = String::new();
            for _ in 0..g.range(1, 16) {
                match g.below(6) {
                    0 => s.push_str(g.pick(MONTHS)),
                    1 => s.push_str(g.pick(WEEKDAYS)),
                    2 => s.push_str(g.pick(ZONES)),
                    3 => s.push_str(&g.odd_text()),
                    _ => s.push_str(&number(g)),
                }
                s.push_str(g.pick(SEPARATORS));
            }
            s
        }
        _ => {
            // A fraction or an offset with far too many digits.
            format!(
                "2026-03-05T10:00:00.{}{}",
                "1".repeat(g.count(2000)),
                g.pick(&["Z", "+02:00", "+0200000000000000000"])
            )
        }
    }
}

/// A long text with dates among prose (for `find`), up to the length limit.
pub fn long_text(g: &mut Gen) -> String {
    let mut s = String::new();
    let max = g.limits.max_len;
    for _ in 0..g.count(512) {
        if s.len() >= max {
            break;
        }
        match g.below(3) {
            0 => s.push_str(&text(g)),
            1 => s.push_str(&g.sentence()),
            _ => s.push_str(&number(g)),
        }
        s.push_str(g.pick(SEPARATORS));
    }
    s
}

/// A well-formed date-time the parser must read back exactly: year, month, day, hour,
/// minute, second and an offset in minutes (`None` for a local time).
#[derive(Debug, Clone, Copy)]
pub struct Exact {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub offset_minutes: Option<i32>,
}

/// A valid date-time in 1990..=2100 (days up to 28, so every month has them).
pub fn exact(g: &mut Gen) -> Exact {
    Exact {
        year: g.range(1990, 2100) as i32,
        month: g.range(1, 12) as u32,
        day: g.range(1, 28) as u32,
        hour: g.range(0, 23) as u32,
        minute: g.range(0, 59) as u32,
        second: g.range(0, 59) as u32,
        offset_minutes: if g.chance(1, 4) {
            None
        } else {
            Some(g.range(0, 26 * 4) as i32 * 15 - 12 * 60)
        },
    }
}
