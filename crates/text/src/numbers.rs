//! Numbers and dates of a text: what tells two look-alike events apart ("23 pirates" against
//! "26 pirates", a Tuesday against a Saturday, 2008 against 2012).
//!
//! - **Counts**: a number (digits, or an English number word from "two" to "twenty") and the
//!   unit noun that follows it within two words, stopwords skipped ("23 pirates" →
//!   (`pirat`, `23`), "killing at least 12 people" → (`~dead`, `12`): people, dead, victims, "killed 12" are one
//!   unit, and so are injured, wounded, "wounded 30"). A decimal number also
//!   pairs with the word before it ("magnitude 6.1"). Years are not counts.
//! - **Dates**: years (1900–2099), months named in full (English ones capitalised; "May"
//!   only next to a number) or abbreviated next to a number ("Jul 07"), weekdays; English,
//!   German, French, Spanish, Italian, Portuguese and Dutch names.

use std::collections::BTreeSet;

use crate::stems::Stemmer;
use crate::stopwords::is_stopword;
use crate::tokens::{Token, normalise, tokens};

/// The numbers and dates of one document, each list sorted and without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    /// Years mentioned (1900–2099).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<u16>,
    /// Months mentioned, 1–12.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub months: Vec<u8>,
    /// Weekdays mentioned, 1 (Monday) – 7 (Sunday).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekdays: Vec<u8>,
    /// (unit stem, value) pairs: "23 pirates" → ("pirat", "23").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<(String, String)>,
}

/// Counts kept per document at most (the first ones in the text).
const MAX_COUNTS: usize = 64;

const WEEKDAYS: &[(&str, u8)] = &[
    ("monday", 1),
    ("tuesday", 2),
    ("wednesday", 3),
    ("thursday", 4),
    ("friday", 5),
    ("saturday", 6),
    ("sunday", 7),
    ("montag", 1),
    ("dienstag", 2),
    ("mittwoch", 3),
    ("donnerstag", 4),
    ("freitag", 5),
    ("samstag", 6),
    ("sonnabend", 6),
    ("sonntag", 7),
    ("lundi", 1),
    ("mardi", 2),
    ("mercredi", 3),
    ("jeudi", 4),
    ("vendredi", 5),
    ("samedi", 6),
    ("dimanche", 7),
    ("lunes", 1),
    ("martes", 2),
    ("miércoles", 3),
    ("jueves", 4),
    ("viernes", 5),
    ("sábado", 6),
    ("domingo", 7),
    ("lunedì", 1),
    ("martedì", 2),
    ("mercoledì", 3),
    ("giovedì", 4),
    ("venerdì", 5),
    ("sabato", 6),
    ("segunda-feira", 1),
    ("terça-feira", 2),
    ("quarta-feira", 3),
    ("quinta-feira", 4),
    ("sexta-feira", 5),
    ("maandag", 1),
    ("dinsdag", 2),
    ("woensdag", 3),
    ("donderdag", 4),
    ("vrijdag", 5),
    ("zaterdag", 6),
    ("zondag", 7),
];

/// Full month names that are not also common words: English first, then other languages.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("mai", 5),
];

/// The English names at the start of [`MONTHS`].
const ENGLISH_MONTHS: usize = 11;

/// Month names that need a number next to them ("May 5", "Jul 07", "5 Sept").
const MONTHS_BY_A_NUMBER: &[(&str, u8)] = &[
    ("may", 5),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const NUMBER_WORDS: &[(&str, &str)] = &[
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("thirteen", "13"),
    ("fourteen", "14"),
    ("fifteen", "15"),
    ("sixteen", "16"),
    ("seventeen", "17"),
    ("eighteen", "18"),
    ("nineteen", "19"),
    ("twenty", "20"),
];

/// The numbers and dates of a text.
pub fn facts(text: &str, lang: Option<&str>, stemmer: &Stemmer) -> Facts {
    let toks = tokens(text);
    let words: Vec<String> = toks
        .iter()
        .map(|t| {
            if t.is_numeric() {
                t.text.to_string()
            } else {
                normalise(t.text)
            }
        })
        .collect();
    let mut years = BTreeSet::new();
    let mut months = BTreeSet::new();
    let mut weekdays = BTreeSet::new();
    let mut counts = BTreeSet::new();
    let numeric = |i: usize| toks.get(i).is_some_and(Token::is_numeric);
    for (i, (t, w)) in toks.iter().zip(&words).enumerate() {
        if let Some(y) = year(w) {
            years.insert(y);
            continue;
        }
        if let Some(&(_, d)) = WEEKDAYS.iter().find(|(n, _)| n == w) {
            weekdays.insert(d);
            continue;
        }
        let by_number = (i > 0 && numeric(i - 1)) || numeric(i + 1);
        let english = matches!(lang, Some("en") | None);
        if let Some((k, &(_, m))) = MONTHS.iter().enumerate().find(|(_, (n, _))| n == w)
            && (if k < ENGLISH_MONTHS {
                t.is_capitalised()
            } else {
                !english
            })
        {
            months.insert(m);
            continue;
        }
        if let Some(&(_, m)) = MONTHS_BY_A_NUMBER.iter().find(|(n, _)| n == w)
            && by_number
            && t.is_capitalised()
        {
            months.insert(m);
            continue;
        }
        if counts.len() >= MAX_COUNTS {
            continue;
        }
        let value = if t.is_numeric() {
            number_value(w)
        } else if matches!(lang, Some("en") | None) {
            NUMBER_WORDS
                .iter()
                .find(|(n, _)| n == w)
                .map(|(_, v)| v.to_string())
        } else {
            None
        };
        let Some(value) = value else { continue };
        if let Some(unit) = unit_after(&toks, &words, i, lang) {
            let unit = match synonym(unit) {
                Some(u) => u.to_string(),
                None => stemmer.stem(unit).into_owned(),
            };
            counts.insert((unit, value.clone()));
        } else if let Some(unit) = casualty_before(&words, i, lang) {
            counts.insert((unit.to_string(), value.clone()));
        }
        if value.contains('.')
            && let Some(prev) = i.checked_sub(1).and_then(|p| words.get(p))
            && is_unit(prev, lang)
        {
            counts.insert((stemmer.stem(prev).into_owned(), value));
        }
    }
    Facts {
        years: years.into_iter().collect(),
        months: months.into_iter().collect(),
        weekdays: weekdays.into_iter().collect(),
        counts: counts.into_iter().collect(),
    }
}

fn year(w: &str) -> Option<u16> {
    if w.len() == 4
        && (w.starts_with("19") || w.starts_with("20"))
        && w.bytes().all(|b| b.is_ascii_digit())
    {
        w.parse().ok()
    } else {
        None
    }
}

/// A number as written, normalised: thousands separators dropped ("22,000" → "22000"),
/// a decimal comma made a point when it is not a thousands separator.
fn number_value(w: &str) -> Option<String> {
    if !w.bytes().any(|b| b.is_ascii_digit())
        || !w
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let groups_of_three = |sep: char| {
        let parts: Vec<&str> = w.split(sep).collect();
        parts.len() > 1 && parts[1..].iter().all(|p| p.len() == 3)
    };
    let v = if groups_of_three(',') {
        w.replace(',', "")
    } else if groups_of_three('.') && !w.contains(',') && w.matches('.').count() > 1 {
        w.replace('.', "")
    } else {
        w.replace(',', ".")
    };
    let v = v.trim_start_matches('0');
    Some(if v.is_empty() || v.starts_with('.') {
        format!("0{v}")
    } else {
        v.to_string()
    })
}

/// English units that count the same thing, as one unit: the dead of a disaster are
/// "12 people", "12 dead", "12 victims" or "killed 12" in different reports.
fn synonym(w: &str) -> Option<&'static str> {
    match w {
        "people" | "persons" | "dead" | "deaths" | "killed" | "victims" | "lives"
        | "fatalities" | "bodies" | "casualties" => Some("~dead"),
        "injured" | "wounded" | "injuries" | "hurt" => Some("~injured"),
        _ => None,
    }
}

/// A casualty verb just before the number ("killed 12", "killing at least 12"), within
/// three words of stopwords.
fn casualty_before(words: &[String], i: usize, lang: Option<&str>) -> Option<&'static str> {
    if !matches!(lang, Some("en") | None) {
        return None;
    }
    for j in (i.saturating_sub(3)..i).rev() {
        let w = words.get(j)?;
        match w.as_str() {
            "killed" | "killing" | "kills" | "kill" => return Some("~dead"),
            "injured" | "injuring" | "wounded" | "wounding" => return Some("~injured"),
            _ => {}
        }
        if !is_stopword(lang, w) && !matches!(w.as_str(), "least" | "about" | "nearly") {
            return None;
        }
    }
    None
}

/// News words that are stopwords for the term vectors but units for counts.
const STOPWORD_UNITS: &[&str] = &[
    "people", "percent", "year", "years", "month", "months", "day", "days", "week", "weeks",
];

fn is_unit(w: &str, lang: Option<&str>) -> bool {
    w.chars().count() >= 2
        && w.chars().all(char::is_alphabetic)
        && (!is_stopword(lang, w) || STOPWORD_UNITS.contains(&w))
}

/// The unit noun after the number at `i`: the next word that is not a stopword, within two
/// words, and no number in between.
fn unit_after<'a>(
    toks: &[Token<'_>],
    words: &'a [String],
    i: usize,
    lang: Option<&str>,
) -> Option<&'a str> {
    for j in i + 1..(i + 3).min(words.len()) {
        if toks.get(j).is_some_and(Token::is_numeric) {
            return None;
        }
        let w = words.get(j)?;
        if is_unit(w, lang) {
            return Some(w.as_str());
        }
        if !is_stopword(lang, w) || !w.chars().all(char::is_alphabetic) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(text: &str) -> Facts {
        facts(text, Some("en"), &Stemmer::new(Some("en")))
    }

    #[test]
    fn counts_and_dates() {
        let f = en(
            "Somali pirates: 23 pirates were seized on Tuesday, March 3, 2009, and \
             a magnitude 6.1 quake killed at least twelve people; 22,000 fans watched. \
             You may go. Posted Jul 07 2012.",
        );
        assert_eq!(f.years, vec![2009, 2012]);
        assert_eq!(f.months, vec![3, 7]);
        assert_eq!(f.weekdays, vec![2]);
        let has = |u: &str, v: &str| f.counts.iter().any(|(a, b)| a == u && b == v);
        assert!(has("pirat", "23"), "{:?}", f.counts);
        assert!(has("magnitud", "6.1"), "{:?}", f.counts);
        assert!(has("~dead", "12"), "{:?}", f.counts);
        assert!(has("fan", "22000"), "{:?}", f.counts);
        assert!(!f.counts.iter().any(|(_, v)| v == "2009" || v == "3"));
    }

    #[test]
    fn casualty_synonyms() {
        let unit = |t: &str| en(t).counts;
        let dead = vec![("~dead".to_string(), "12".to_string())];
        assert_eq!(unit("A fire killed 12 on Monday."), dead);
        assert_eq!(unit("The fire left 12 dead."), dead);
        assert_eq!(unit("Twelve victims were found."), dead);
        assert_eq!(unit("It ended killing at least 12."), dead);
        assert_eq!(
            unit("The blast wounded 30."),
            vec![("~injured".to_string(), "30".to_string())]
        );
        assert!(
            unit("He scored 12 points.")
                .iter()
                .all(|(u, _)| !u.starts_with('~'))
        );
    }

    #[test]
    fn other_languages_and_odd_input() {
        let f = facts(
            "Am Dienstag, 3. März 2009, starben 12 Menschen.",
            Some("de"),
            &Stemmer::new(Some("de")),
        );
        assert_eq!(
            (f.weekdays.clone(), f.months.clone(), f.years.clone()),
            (vec![2], vec![3], vec![2009])
        );
        assert!(f.counts.iter().any(|(_, v)| v == "12"));
        assert_eq!(en(""), Facts::default());
        let _ = en("1.2.3.4 ,,, 0.0 . 000 9999999999999999999999 two");
        assert_eq!(number_value("007"), Some("7".into()));
        assert_eq!(number_value("0.5"), Some("0.5".into()));
        assert_eq!(number_value("1.000.000"), Some("1000000".into()));
        assert_eq!(number_value("3,5"), Some("3.5".into()));
    }
}
