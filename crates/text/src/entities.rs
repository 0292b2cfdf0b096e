//! Named entities by capitalised-phrase chunking, the gazetteers, and in-document aliases.
//!
//! A chunk is a run of capitalised words inside one sentence, with no punctuation between them
//! (a few lower-case connectors such as "of", "de", "von", "bin" may join two capitalised
//! words). A sentence-initial word counts only when the gazetteer knows it or the document
//! also writes it capitalised elsewhere mid-sentence. Kinds come from the gazetteer, then from
//! titles ("President", "Mr.") and organisation words ("Ministry", "Party", "University"),
//! then from shape (two or three plain words: a person). Within a document, a shorter mention
//! of a person ("Netanyahu") resolves to the full name ("Benjamin Netanyahu"), and demonyms
//! and capitals also count for their country ("Iranian" → Iran, "Tehran" → Iran too).

use std::collections::HashMap;

use crate::gazetteer::{self, EntityKind, key_of};
use crate::sentences::sentence_spans;
use crate::stopwords::is_stopword;
use crate::tokens::{Token, tokens};

/// One entity of a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    /// The name, as canonical as the document or the gazetteer allows ("Benjamin Netanyahu",
    /// "Iran", "United Nations").
    pub name: String,
    /// The lookup key: the name in lower case, without periods.
    pub key: String,
    /// Person, organisation, place or other.
    pub kind: EntityKind,
    /// Mentions in the document (aliases included).
    pub count: u32,
}

const CONNECTORS: &[&str] = &[
    "of", "de", "du", "des", "la", "le", "von", "van", "der", "den", "del", "da", "do", "dos",
    "bin", "ibn", "al", "el", "y", "and", "for", "für",
];

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "president",
    "prime",
    "minister",
    "gen",
    "general",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "judge",
    "chancellor",
    "sir",
    "lady",
    "lord",
    "rev",
    "capt",
    "col",
    "lt",
    "sgt",
    "herr",
    "frau",
    "m",
    "mme",
    "sr",
    "sra",
    "don",
    "doña",
    "coach",
    "secretary",
    "ambassador",
    "mayor",
    "ayatollah",
    "sheikh",
    "emir",
    "chairman",
    "ceo",
    "director",
    "spokesman",
    "spokeswoman",
    "officer",
    "actress",
    "actor",
    "singer",
    "star",
];

const ORG_WORDS: &[&str] = &[
    "ministry",
    "ministère",
    "ministerium",
    "ministerio",
    "party",
    "parti",
    "partei",
    "partido",
    "university",
    "université",
    "universität",
    "universidad",
    "council",
    "conseil",
    "rat",
    "consejo",
    "bank",
    "banque",
    "banco",
    "company",
    "corp",
    "corporation",
    "inc",
    "ltd",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "agency",
    "agence",
    "agentur",
    "agencia",
    "police",
    "polizei",
    "policía",
    "army",
    "armée",
    "armee",
    "ejército",
    "navy",
    "court",
    "cour",
    "gericht",
    "tribunal",
    "committee",
    "comité",
    "ausschuss",
    "association",
    "union",
    "group",
    "groupe",
    "gruppe",
    "grupo",
    "department",
    "office",
    "commission",
    "kommission",
    "comisión",
    "parliament",
    "parlement",
    "parlament",
    "parlamento",
    "government",
    "gouvernement",
    "regierung",
    "gobierno",
    "club",
    "fc",
    "institute",
    "institut",
    "instituto",
    "foundation",
    "fondation",
    "stiftung",
    "fundación",
    "times",
    "post",
    "news",
    "journal",
    "herald",
    "tribune",
    "press",
    "network",
    "airlines",
    "airways",
    "motors",
    "authority",
    "service",
    "services",
    "guard",
    "force",
    "forces",
    "federation",
    "league",
    "hospital",
    "school",
    "college",
    "church",
    "assembly",
    "senate",
    "congress",
    "house",
    "board",
    "organization",
    "organisation",
    "fund",
    "front",
    "movement",
    "brigade",
    "brigades",
    "team",
    "records",
];

struct Mention {
    words: Vec<String>,
    display: String,
    titled: bool,
    initial_only: bool,
}

/// Finds the people, organisations and places of a text in a language (ISO 639-1), most
/// mentioned first.
pub fn entities(text: &str, lang: Option<&str>) -> Vec<Entity> {
    let mentions = chunk(text, lang);
    resolve(mentions)
}

fn chunk(text: &str, lang: Option<&str>) -> Vec<Mention> {
    let mut out = Vec::new();
    for span in sentence_spans(text) {
        let sentence = &text[span.start..span.end];
        let toks = tokens(sentence);
        let mut i = 0;
        while i < toks.len() {
            if !starts_chunk(&toks[i]) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            let mut end = i + 1;
            while j < toks.len() && joined(sentence, &toks[j - 1], &toks[j]) {
                if starts_chunk(&toks[j]) {
                    end = j + 1;
                    j += 1;
                } else if CONNECTORS.contains(&toks[j].text)
                    && j + 1 < toks.len()
                    && starts_chunk(&toks[j + 1])
                    && joined(sentence, &toks[j], &toks[j + 1])
                {
                    j += 1;
                } else {
                    break;
                }
            }
            push_mention(&toks[i..end], i == 0, lang, &mut out);
            i = end.max(i + 1);
        }
    }
    out
}

fn starts_chunk(t: &Token) -> bool {
    t.is_capitalised() && t.text.chars().count() > 1
}

/// True when only white space (or a hyphen) separates two tokens.
fn joined(sentence: &str, a: &Token, b: &Token) -> bool {
    sentence
        .get(a.end()..b.start)
        .is_some_and(|gap| gap.chars().all(|c| c == ' ' || c == '-' || c == '\u{a0}'))
}

fn push_mention(toks: &[Token], sentence_start: bool, lang: Option<&str>, out: &mut Vec<Mention>) {
    let mut words: Vec<&str> = toks.iter().map(|t| t.text).collect();
    let mut titled = false;
    let mut at_start = sentence_start;
    // Leading stopwords ("The", "In", "Le") and titles ("President", "Mr") go.
    while let Some(first) = words.first() {
        let low = crate::tokens::normalise(first);
        if is_stopword(lang, &low) && gazetteer::lookup_key(&low).is_none() {
            words.remove(0);
            at_start = false;
        } else if TITLES.contains(&low.as_str()) && words.len() > 1 {
            words.remove(0);
            titled = true;
            at_start = false;
        } else {
            break;
        }
    }
    while let Some(last) = words.last() {
        let low = crate::tokens::normalise(last);
        if is_stopword(lang, &low) && gazetteer::lookup_key(&low).is_none() {
            words.pop();
        } else {
            break;
        }
    }
    if words.is_empty() || words.iter().all(|w| !w.chars().any(char::is_alphabetic)) {
        return;
    }
    let display = words
        .iter()
        .map(|w| strip_possessive(w))
        .collect::<Vec<_>>()
        .join(" ");
    out.push(Mention {
        words: display.split(' ').map(key_of).collect(),
        display,
        titled,
        initial_only: at_start,
    });
}

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

struct Acc {
    name: String,
    kind: EntityKind,
    count: u32,
}

fn resolve(mentions: Vec<Mention>) -> Vec<Entity> {
    // Keys written capitalised somewhere other than a sentence start.
    let mid: std::collections::HashSet<String> = mentions
        .iter()
        .filter(|m| !m.initial_only)
        .map(|m| m.words.join(" "))
        .collect();
    let mut acc: HashMap<String, Acc> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    fn add(
        key: String,
        name: &str,
        kind: EntityKind,
        acc: &mut HashMap<String, Acc>,
        order: &mut Vec<String>,
    ) {
        match acc.get_mut(&key) {
            Some(a) => {
                a.count += 1;
                if a.kind == EntityKind::Other {
                    a.kind = kind;
                }
            }
            None => {
                order.push(key.clone());
                acc.insert(
                    key,
                    Acc {
                        name: name.to_string(),
                        kind,
                        count: 1,
                    },
                );
            }
        }
    }
    let mut singles: Vec<(String, String, bool, bool)> = Vec::new();
    for m in &mentions {
        let key = m.words.join(" ");
        if let Some(known) = gazetteer::lookup_key(&key) {
            add(
                key_of(known.name),
                known.name,
                known.kind,
                &mut acc,
                &mut order,
            );
            if let Some(country) = known.country {
                add(
                    key_of(country),
                    country,
                    EntityKind::Place,
                    &mut acc,
                    &mut order,
                );
            }
            continue;
        }
        let stripped;
        let m = if m.initial_only && !mid.contains(&key) {
            // A capitalised sentence opener: its known words count ("Iranian officials"),
            // and what follows the first word is a name of its own ("Israeli Prime
            // Minister Benjamin Netanyahu" → "Benjamin Netanyahu").
            for w in &m.words {
                if let Some(k) = gazetteer::lookup_key(w) {
                    add(key_of(k.name), k.name, k.kind, &mut acc, &mut order);
                }
            }
            match rest_of(m) {
                Some(r) => {
                    stripped = r;
                    &stripped
                }
                None => {
                    // A lone opener may still be an alias ("Scholz sagte …").
                    singles.push((key, m.display.clone(), m.titled, true));
                    continue;
                }
            }
        } else {
            m
        };
        let key = m.words.join(" ");
        if let Some(known) = gazetteer::lookup_key(&key) {
            add(
                key_of(known.name),
                known.name,
                known.kind,
                &mut acc,
                &mut order,
            );
            continue;
        }
        // Known words inside a longer name ("Iranian Foreign Ministry") count for the country.
        if m.words.len() > 1 {
            for w in &m.words {
                if let Some(k) = gazetteer::lookup_key(w)
                    && k.kind == EntityKind::Place
                {
                    add(key_of(k.name), k.name, k.kind, &mut acc, &mut order);
                }
            }
        }
        if m.words.len() == 1 {
            singles.push((key, m.display.clone(), m.titled, false));
            continue;
        }
        let kind = kind_of(m);
        add(key, &m.display, kind, &mut acc, &mut order);
    }
    // Single words: an alias of a multi-word person or organisation of the document when one
    // ends (or starts) with it, else an entity of their own.
    for (key, display, titled, alias_only) in singles {
        let target = order
            .iter()
            .filter(|k| k.contains(' '))
            .filter(|k| {
                acc.get(*k).is_some_and(|a| {
                    matches!(a.kind, EntityKind::Person | EntityKind::Organisation)
                })
            })
            .filter(|k| {
                k.rsplit(' ').next() == Some(key.as_str())
                    || k.split(' ').next() == Some(key.as_str())
            })
            .max_by_key(|k| acc.get(*k).map_or(0, |a| a.count))
            .cloned();
        match target {
            Some(t) => {
                if let Some(a) = acc.get_mut(&t) {
                    a.count += 1;
                }
            }
            None if alias_only => {}
            None => {
                let kind = if titled {
                    EntityKind::Person
                } else if ORG_WORDS.contains(&key.as_str()) || is_acronym(&display) {
                    EntityKind::Organisation
                } else {
                    EntityKind::Other
                };
                add(key, &display, kind, &mut acc, &mut order);
            }
        }
    }
    let mut out: Vec<Entity> = order
        .into_iter()
        .filter_map(|key| {
            acc.remove(&key).map(|a| Entity {
                name: a.name,
                key,
                kind: a.kind,
                count: a.count,
            })
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    out
}

/// The mention without its first word and the titles that follow it, if anything is left.
fn rest_of(m: &Mention) -> Option<Mention> {
    let mut display: Vec<&str> = m.display.split(' ').skip(1).collect();
    let mut titled = m.titled;
    while display.len() > 1 && TITLES.contains(&key_of(display[0]).as_str()) {
        display.remove(0);
        titled = true;
    }
    if display.is_empty() {
        return None;
    }
    Some(Mention {
        words: display.iter().map(|w| key_of(w)).collect(),
        display: display.join(" "),
        titled,
        initial_only: false,
    })
}

fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

fn kind_of(m: &Mention) -> EntityKind {
    if m.words.iter().any(|w| ORG_WORDS.contains(&w.as_str())) {
        return EntityKind::Organisation;
    }
    if m.titled {
        return EntityKind::Person;
    }
    let plain = m.display.split(' ').all(|w| {
        w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !is_acronym(w)
    });
    if plain && (2..=3).contains(&m.words.len()) {
        EntityKind::Person
    } else {
        EntityKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(es: &'a [Entity], key: &str) -> Option<&'a Entity> {
        es.iter().find(|e| e.key == key)
    }

    #[test]
    fn people_aliases_and_places() {
        let text = "Israeli Prime Minister Benjamin Netanyahu met the Iranian envoy in Geneva.\n\
                    Later, Netanyahu said the talks with Tehran had failed. \
                    The United Nations called for calm.";
        let es = entities(text, Some("en"));
        let bn = find(&es, "benjamin netanyahu").map(|e| (e.kind, e.count));
        assert_eq!(bn, Some((EntityKind::Person, 2)), "{es:?}");
        assert!(find(&es, "netanyahu").is_none(), "{es:?}");
        assert_eq!(find(&es, "iran").map(|e| e.count), Some(2), "{es:?}");
        assert!(find(&es, "israel").is_some(), "{es:?}");
        assert_eq!(
            find(&es, "united nations").map(|e| e.kind),
            Some(EntityKind::Organisation)
        );
        assert!(find(&es, "later").is_none(), "{es:?}");
        assert!(find(&es, "the united nations").is_none());
    }

    #[test]
    fn sentence_openers_need_support() {
        let es = entities(
            "Officials met on Friday. Police said nothing. Officials left.",
            Some("en"),
        );
        assert!(find(&es, "officials").is_none(), "{es:?}");
    }

    #[test]
    fn organisations_and_demonyms() {
        let es = entities(
            "A spokesman for the Iranian Foreign Ministry said the U.S. had sent no message.",
            Some("en"),
        );
        assert_eq!(
            find(&es, "iranian foreign ministry").map(|e| e.kind),
            Some(EntityKind::Organisation),
            "{es:?}"
        );
        assert!(find(&es, "iran").is_some());
        assert!(find(&es, "united states").is_some(), "{es:?}");
    }

    #[test]
    fn other_languages() {
        let es = entities(
            "Bundeskanzler Olaf Scholz traf in Paris den französischen Präsidenten. Scholz sagte, die Gespräche seien gut.",
            Some("de"),
        );
        assert_eq!(find(&es, "olaf scholz").map(|e| e.count), Some(2), "{es:?}");
        assert!(find(&es, "paris").is_some(), "{es:?}");
        let es = entities(
            "El presidente Pedro Sánchez viajó a Bruselas. Según Sánchez, la Unión Europea debe actuar.",
            Some("es"),
        );
        assert_eq!(
            find(&es, "pedro sánchez").map(|e| e.count),
            Some(2),
            "{es:?}"
        );
        assert!(find(&es, "european union").is_some(), "{es:?}");
    }

    #[test]
    fn odd_input() {
        assert!(entities("", None).is_empty());
        assert!(entities("... ,,, !!!", None).is_empty());
        let _ = entities("A B C D E F G", None);
        let _ = entities("ÉÉÉ 'S 's ’s", Some("fr"));
    }
}
