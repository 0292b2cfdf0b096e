//! Lines that are metadata, not body: bylines ("By Jane Doe"), datelines ("Kyiv • UNN"),
//! date lines ("Published 12 June 2024"), tag lines ("Tags: Iran, Israel") and outlet names.

use std::sync::LazyLock;

use regex::Regex;

use super::shape::{ends_open, ends_sentence, is_name_shaped, normalize, word_count, words};
use crate::{Published, dates};

type Re = LazyLock<Option<Regex>>;

macro_rules! re {
    ($name:ident, $pattern:expr) => {
        static $name: Re = LazyLock::new(|| Regex::new($pattern).ok());
    };
}

re!(
    BYLINE,
    r"(?i)^(?:by|von|par|por|door|written by|words by|reporting by|text by|author\s*:|authors\s*:|автор\s*:?|авторка\s*:?)\s+(.+)$"
);
re!(
    NAME_SEPARATORS,
    r"\s*(?:,|;|\s&\s|\sand\s|\sund\s|\set\s|\sy\s|\sі\s|\sи\s)\s*"
);
re!(
    DATELINE,
    r"^(\p{Lu}[\p{L}'’.\- ]{0,30}?)\s*[•·|]\s*(\S.{0,40})$"
);
re!(
    DATE_PREFIX,
    r"(?i)^(?:(published|posted|date|datum|fecha|data|дата|on|publié le|publié|veröffentlicht(?: am)?|publicado(?: el)?|pubblicato(?: il)?|опубліковано|опубликовано)|(updated|last updated|modified|mis à jour(?: le)?|aktualisiert(?: am)?|actualizado(?: el)?|aggiornato(?: il)?|оновлено|обновлено))\s*(?:on|at|:)?\s*"
);
re!(
    TAGS_LINE,
    r"(?i)^(?:tags|topics|keywords|tagged(?: with)?|filed under|schlagwörter|themen|mots-clés|sujets|etiquetas|temas|теги|теми|темы|мітки)\s*[:：]\s*(.+)$"
);
re!(TAG_SEPARATORS, r"\s*[,;|•·#]\s*");
re!(
    SECTION_WORDS,
    r"(?i)\b(?:news|world|politics|economy|business|sports?|culture|opinion|society|tech|technology|science|health|war|regions?|local|national|international|breaking|lifestyle|entertainment|finance|markets|nachrichten|politik|wirtschaft|monde|actualités|mundo|noticias|новини|світ|політика|новости|мир|политика)\b"
);
re!(
    OUTLET_WORDS,
    r"\b(?:Journal|Magazine|News|Times|Post|Herald|Tribune|Gazette|Daily|Press|Media|Agency|Review|Observer|Guardian|Telegraph|Chronicle|Express|Mail|Wire|Network|Radio|TV|Today|Weekly|Monitor|Insider|Courier|Standard|Independent|Reporter|Zeitung|Nachrichten|Presse|Noticias|Diario|Nouvelles|Pravda|Novosti|Правда|Новини|Новости)\b"
);

fn captures<'t>(re: &Re, text: &'t str) -> Option<regex::Captures<'t>> {
    re.as_ref().and_then(|r| r.captures(text))
}

fn split<'t>(re: &Re, text: &'t str) -> Vec<&'t str> {
    match re.as_ref() {
        Some(r) => r
            .split(text)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect(),
        None => vec![text.trim()],
    }
}

/// Author names from a byline line ("By Jane Doe", "By Jane Doe and John Roe",
/// "Written by Stepan Haftko | 5 March 2026"). `None` when the line is not a byline.
pub fn byline(line: &str) -> Option<Vec<String>> {
    if word_count(line) > 14 {
        return None;
    }
    let line = normalize(line);
    if word_count(&line) > 14 || ends_sentence(&line) {
        return None;
    }
    let caps = captures(&BYLINE, &line)?;
    let rest = caps.get(1)?.as_str();
    let rest = rest.split(['|', '•', '·']).next().unwrap_or(rest).trim();
    let names: Vec<String> = split(&NAME_SEPARATORS, rest)
        .into_iter()
        .filter(|p| is_name_shaped(p) || is_acronym(p))
        .map(str::to_owned)
        .collect();
    if names.is_empty() { None } else { Some(names) }
}

/// A single all-capital token of two to six letters ("UNN", "AFP", "BBC").
pub fn is_acronym(s: &str) -> bool {
    let n = s.chars().count();
    (2..=6).contains(&n) && s.chars().all(|c| c.is_uppercase())
}

/// True when a short line reads like the name of an outlet: an acronym ("UNN"), a title-case
/// name with a press word ("The CSR Journal Magazine"), or the site's own host name
/// (`host_label` is e.g. `"thecsrjournal"` for `thecsrjournal.in`).
pub fn looks_like_outlet(line: &str, host_label: Option<&str>) -> bool {
    let line = normalize(line);
    let n = word_count(&line);
    if n == 0 || n > 6 || line.chars().count() > 60 || ends_open(&line) || ends_sentence(&line) {
        return false;
    }
    if is_acronym(&line) {
        return true;
    }
    if let Some(host) = host_label.filter(|h| h.chars().count() >= 3) {
        let squashed: String = line
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if squashed.contains(host) || (squashed.chars().count() >= 3 && host.contains(&squashed)) {
            return true;
        }
    }
    let title_case = words(&line).all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || matches!(
                w,
                "of" | "the" | "and" | "de" | "la" | "le" | "del" | "der" | "di"
            )
    });
    title_case && OUTLET_WORDS.as_ref().is_some_and(|r| r.is_match(&line))
}

/// The outlet named by a dateline such as "Kyiv • UNN" (place, bullet, outlet).
pub fn dateline(line: &str, host_label: Option<&str>) -> Option<String> {
    if word_count(line) > 10 || !line.contains(['•', '·', '|']) {
        return None;
    }
    let line = normalize(line);
    let caps = captures(&DATELINE, &line)?;
    let place = caps.get(1)?.as_str().trim();
    let site = caps.get(2)?.as_str().trim();
    let place_ok = (1..=3).contains(&word_count(place))
        && !place.chars().any(|c| c.is_ascii_digit())
        && words(place).all(|w| w.chars().next().is_some_and(char::is_uppercase));
    (place_ok && looks_like_outlet(site, host_label)).then(|| site.to_owned())
}

/// What a date line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRole {
    /// "March 5, 2026", "Published 12 June 2024".
    Published,
    /// "Updated 5 March 2026, 10:32".
    Modified,
}

/// Words allowed around a date on a date-only line, besides month and weekday names.
const DATE_WORDS: &[&str] = &[
    "at", "on", "am", "pm", "a.m.", "p.m.", "um", "uhr", "le", "à", "el", "a", "las", "il", "alle",
    "of", "the", "о", "в",
];

/// Month and weekday name stems (English, German, French, Spanish, Italian, Ukrainian).
const DATE_STEMS: &[&str] = &[
    "jan",
    "feb",
    "fév",
    "fev",
    "mar",
    "mär",
    "apr",
    "avr",
    "abr",
    "may",
    "mai",
    "mag",
    "jun",
    "juin",
    "jui",
    "giu",
    "jul",
    "lug",
    "aug",
    "aoû",
    "ago",
    "sep",
    "set",
    "oct",
    "okt",
    "ott",
    "nov",
    "dec",
    "déc",
    "dez",
    "dic",
    "ene",
    "gen",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lun",
    "mer",
    "jeu",
    "ven",
    "sam",
    "dim",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "січ",
    "лют",
    "бер",
    "кві",
    "тра",
    "чер",
    "лип",
    "сер",
    "вер",
    "жов",
    "лис",
    "гру",
];

/// A line that is only a date (with an optional "Published"/"Updated" prefix, weekday, time
/// and zone): "March 5, 2026", "Published 12 June 2024", "05.03.26, 23:59".
pub fn date_line(line: &str) -> Option<(Published, DateRole)> {
    if line.len() > 240 || !line.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let line = normalize(line);
    if line.chars().count() > 80
        || word_count(&line) > 10
        || !line.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let (rest, role) = match captures(&DATE_PREFIX, &line) {
        Some(c) => {
            let role = if c.get(2).is_some() {
                DateRole::Modified
            } else {
                DateRole::Published
            };
            let end = c.get(0).map_or(0, |m| m.end());
            (&line[end..], role)
        }
        None => (&*line, DateRole::Published),
    };
    let only_date_words = rest.split_whitespace().all(|t| {
        let w = t.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        let lower = w.to_lowercase();
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        letters == 0
            || w.chars().any(|c| c.is_ascii_digit())
            || DATE_WORDS.contains(&lower.as_str())
            || DATE_STEMS.iter().any(|s| lower.starts_with(s))
            || (letters <= 4 && w.chars().all(|c| c.is_uppercase()))
    });
    if !only_date_words {
        return None;
    }
    dates::parse(rest).map(|p| (p, role))
}

/// Tags from a "Tags: Iran, Israel, White House" line.
pub fn tags_line(line: &str) -> Option<Vec<String>> {
    if !line.contains([':', '：']) {
        return None;
    }
    let line = normalize(line);
    let caps = captures(&TAGS_LINE, &line)?;
    let rest = caps.get(1)?.as_str();
    let tags: Vec<String> = split(&TAG_SEPARATORS, rest)
        .into_iter()
        .filter(|t| word_count(t) <= 5 && !ends_sentence(t))
        .map(str::to_owned)
        .collect();
    if tags.is_empty() { None } else { Some(tags) }
}

/// True for a "Tags" / "Topics" header line with the tags on the lines after it.
pub fn is_tags_header(line: &str) -> bool {
    if word_count(line) > 2 {
        return false;
    }
    let key = normalize(line)
        .trim_end_matches([':', '：', ' '])
        .to_lowercase();
    matches!(
        key.as_str(),
        "tags"
            | "topics"
            | "keywords"
            | "tagged"
            | "filed under"
            | "schlagwörter"
            | "themen"
            | "mots-clés"
            | "sujets"
            | "etiquetas"
            | "temas"
            | "теги"
            | "теми"
            | "темы"
            | "мітки"
    )
}

/// True when a short label reads like a site section ("News of the World", "Politics").
pub fn is_section_label(line: &str) -> bool {
    !is_name_shaped(line)
        && word_count(line) <= 5
        && SECTION_WORDS.as_ref().is_some_and(|r| r.is_match(line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn every_pattern_compiles() {
        for re in [
            &BYLINE,
            &NAME_SEPARATORS,
            &DATELINE,
            &DATE_PREFIX,
            &TAGS_LINE,
            &TAG_SEPARATORS,
            &SECTION_WORDS,
            &OUTLET_WORDS,
        ] {
            assert!(re.is_some());
        }
    }

    #[test]
    fn bylines() {
        assert_eq!(
            byline("By Stepan Haftko"),
            Some(vec!["Stepan Haftko".into()])
        );
        assert_eq!(
            byline("By Jane Doe and John Roe"),
            Some(vec!["Jane Doe".into(), "John Roe".into()])
        );
        assert_eq!(
            byline("Written by Jane Doe | 12 June 2024"),
            Some(vec!["Jane Doe".into()])
        );
        assert_eq!(byline("BY AFP"), Some(vec!["AFP".into()]));
        assert_eq!(byline("Von Anna Müller"), Some(vec!["Anna Müller".into()]));
    }

    #[test]
    fn bylines_negative() {
        assert_eq!(byline("By Tuesday the talks had collapsed."), None);
        assert_eq!(byline("By Monday"), None);
        assert_eq!(byline("By the numbers"), None);
        assert_eq!(byline("Par ailleurs, le ministre a démenti."), None);
    }

    #[test]
    fn outlets() {
        assert!(looks_like_outlet("The CSR Journal Magazine", None));
        assert!(looks_like_outlet("UNN", None));
        assert!(looks_like_outlet("CSR Journal", Some("thecsrjournal")));
        assert!(looks_like_outlet("Unn", Some("unn")));
        assert!(!looks_like_outlet("Concerns from Israel", None));
        assert!(!looks_like_outlet("Details", Some("unn")));
        assert!(!looks_like_outlet("The news broke on Monday.", None));
    }

    #[test]
    fn datelines() {
        assert_eq!(
            dateline("Kyiv\u{a0} \u{2022}\u{a0} UNN", None),
            Some("UNN".into())
        );
        assert_eq!(
            dateline("London | The Daily Courier", None),
            Some("The Daily Courier".into())
        );
        assert_eq!(dateline("Politics • World", None), None);
        assert_eq!(dateline(" • 32 views", None), None);
        assert_eq!(dateline("Iran • Israel • USA", None), None);
    }

    #[test]
    fn date_lines() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let got = |s: &str| date_line(s).map(|(p, r)| (Some(p.date()), r));
        assert_eq!(
            got("March 5, 2026"),
            Some((day(2026, 3, 5), DateRole::Published))
        );
        assert_eq!(
            got("Published 12 June 2024"),
            Some((day(2024, 6, 12), DateRole::Published))
        );
        assert_eq!(
            got("Updated: 13 June 2024, 10:32 CET"),
            Some((day(2024, 6, 13), DateRole::Modified))
        );
        assert_eq!(
            got("Thursday, March 5, 2026"),
            Some((day(2026, 3, 5), DateRole::Published))
        );
    }

    #[test]
    fn date_lines_negative() {
        assert_eq!(date_line("Talks collapsed on March 5, 2026"), None);
        assert_eq!(
            date_line("Iran denied on 5 March 2026 that it had sent messages."),
            None
        );
        assert_eq!(date_line("Concerns from Israel"), None);
    }

    #[test]
    fn tag_lines() {
        assert_eq!(
            tags_line("Tags: Iran, Israel, White House"),
            Some(vec!["Iran".into(), "Israel".into(), "White House".into()])
        );
        assert_eq!(tags_line("Tagging is fun"), None);
        assert!(is_tags_header("Tags:"));
        assert!(!is_tags_header("Tags are fun"));
    }

    #[test]
    fn section_labels() {
        assert!(is_section_label("News of the World"));
        assert!(is_section_label("Politics"));
        assert!(!is_section_label("Skirmishes"));
        assert!(!is_section_label("Benjamin Netanyahu"));
    }
}
