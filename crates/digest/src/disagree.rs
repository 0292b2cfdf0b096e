//! Disagreements: statements on the same matter (shared names and content words) from
//! different articles or speakers, with opposite stance (a denial or negation against a
//! confirmation) or with different figures for the same thing.

use std::collections::{HashMap, HashSet};

use tidings_text::tokens::{normalise, tokens};

use crate::attribution::{Quoted, speaker_of};
use crate::prep::{F_CONFIRM, F_DENY, F_DIGIT, F_NEG, Prepared};
use crate::{DigestInput, Disagreement, DisagreementKind, Side};

pub(crate) const DENY: &[&str] = &[
    "deny",
    "denies",
    "denied",
    "dismiss",
    "dismissed",
    "dismisses",
    "reject",
    "rejects",
    "rejected",
    "refute",
    "refuted",
    "refutes",
    "rebuffed",
    "disputed",
    "disputes",
    "rejecting",
];

pub(crate) const CONFIRM: &[&str] = &[
    "confirm",
    "confirmed",
    "confirms",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "verified",
];

pub(crate) const NEGATION: &[&str] = &["no", "not", "never", "nor", "none", "nothing", "neither"];

/// True for a negation word ("not", "never") or a negated contraction ("didn't", "won’t").
pub(crate) fn is_negation(word: &str) -> bool {
    NEGATION.contains(&word) || word.ends_with("n't") || word.ends_with("n’t")
}

/// Words that carry the stance or the attribution, not the matter.
const NOT_MATTER: &[&str] = &[
    "said",
    "say",
    "says",
    "told",
    "official",
    "officials",
    "source",
    "sources",
    "report",
    "reported",
    "claim",
    "claims",
    "also",
    "would",
    "could",
    "may",
    "might",
    "one",
    "two",
];

const SUBORDINATORS: &[&str] = &[
    "Despite ",
    "Although ",
    "Though ",
    "While ",
    "Even though ",
    "Whereas ",
    "Even as ",
];

/// The main clause of a sentence: without a leading concessive clause ("Despite denying
/// direct contacts, American officials confirmed …" → "American officials confirmed …").
pub(crate) fn main_clause(sentence: &str) -> &str {
    for s in SUBORDINATORS {
        if sentence.starts_with(s)
            && let Some(c) = sentence.find(", ")
        {
            return &sentence[c + 2..];
        }
    }
    sentence
}

/// Where clauses part: a negation speaks for its own clause only ("… no separate agreements
/// exist, and interaction with Israeli Mossad remains daily" negates the agreements, not the
/// interaction).
const CLAUSE_BREAKS: &[&str] = &[
    "; ",
    ", and ",
    ", but ",
    " but ",
    ", while ",
    ", whereas ",
    ", which ",
];

/// The clause of a sentence that holds its first negation word, lower-cased (the whole
/// sentence when none is found).
fn negated_clause(sentence: &str) -> String {
    let lower = sentence.to_lowercase();
    let mut cuts: Vec<usize> = vec![0, lower.len()];
    for b in CLAUSE_BREAKS {
        cuts.extend(lower.match_indices(b).map(|(i, _)| i));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let negation = tokens(&lower)
        .into_iter()
        .find(|t| is_negation(&normalise(t.text)));
    let Some(at) = negation.map(|t| t.start) else {
        return lower;
    };
    let start = cuts.iter().copied().filter(|&c| c <= at).max().unwrap_or(0);
    let end = cuts
        .iter()
        .copied()
        .filter(|&c| c > at)
        .min()
        .unwrap_or(lower.len());
    lower.get(start..end).unwrap_or(&lower).to_string()
}

/// Whether a stem or a name key is written in a clause (as the start of one of its words,
/// or as a phrase for multi-word names).
fn written_in(clause: &str, key: &str) -> bool {
    let key = key.trim_start_matches('@');
    if key.contains(' ') {
        return clause.contains(key);
    }
    tokens(clause)
        .iter()
        .any(|t| normalise(t.text).starts_with(key))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stance {
    Deny,
    Negate,
    Confirm,
}

impl Stance {
    fn name(self) -> &'static str {
        match self {
            Stance::Deny => "deny",
            Stance::Negate => "negate",
            Stance::Confirm => "confirm",
        }
    }
}

fn stance_of(flags: u8) -> Option<Stance> {
    if flags & F_DENY != 0 {
        Some(Stance::Deny)
    } else if flags & F_CONFIRM != 0 && flags & F_NEG == 0 {
        Some(Stance::Confirm)
    } else if flags & F_NEG != 0 {
        Some(Stance::Negate)
    } else {
        None
    }
}

#[cfg(test)]
fn stance(sentence: &str) -> Option<Stance> {
    let main = main_clause(sentence);
    let words: Vec<String> = tokens(main).iter().map(|t| normalise(t.text)).collect();
    let negated = words.iter().any(|w| is_negation(w));
    if words.iter().any(|w| DENY.contains(&w.as_str())) {
        return Some(Stance::Deny);
    }
    if words.iter().any(|w| CONFIRM.contains(&w.as_str())) && !negated {
        return Some(Stance::Confirm);
    }
    negated.then_some(Stance::Negate)
}

struct Statement {
    sent: usize,
    stance: Option<Stance>,
    speaker: Option<String>,
    /// Content stems without stance and attribution words, sorted, unique.
    matter_stems: Vec<u32>,
    /// Its names (ids); for a negation, those of the negated clause only.
    names: Vec<u32>,
}

/// Disagreements of a story, strongest first (at most five; each sentence in one at most).
pub(crate) fn find(
    articles: &[DigestInput],
    p: &Prepared<'_>,
    quoted: &[Quoted],
) -> Vec<Disagreement> {
    // Sentences are interned as stems ("officials" → "offici"): the list must match those too.
    let english = tidings_text::stems::Stemmer::new(Some("en"));
    let not_matter_words: HashSet<String> = NOT_MATTER
        .iter()
        .flat_map(|w| [w.to_string(), english.stem(w).into_owned()])
        .collect();
    let not_matter: HashSet<u32> = p
        .strings
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            let w = s.as_str();
            not_matter_words.contains(w)
                || DENY.iter().any(|d| d.starts_with(w))
                || CONFIRM.iter().any(|d| d.starts_with(w))
        })
        .filter_map(|(i, _)| u32::try_from(i).ok())
        .collect();
    let quote_speaker: HashMap<(usize, usize), &str> = quoted
        .iter()
        .filter_map(|q| Some(((q.doc, q.sentence?), q.quote.speaker.as_deref()?)))
        .collect();
    let statements: Vec<Statement> = p
        .sents
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.words >= 5 && s.words <= 80 && s.flags & (F_DENY | F_CONFIRM | F_NEG | F_DIGIT) != 0
        })
        .map(|(i, s)| {
            let stance = stance_of(s.flags);
            // Speakers only where a stance pairing needs them (figures get theirs on output).
            let speaker = stance.and_then(|_| {
                quote_speaker
                    .get(&(s.doc, s.index))
                    .map(|x| x.to_string())
                    .or_else(|| speaker_of(p.text(s)))
            });
            let mut matter_stems: Vec<u32> = s
                .content
                .iter()
                .copied()
                .filter(|c| !not_matter.contains(c))
                .collect();
            matter_stems.sort_unstable();
            matter_stems.dedup();
            let mut names = s.names.clone();
            if stance == Some(Stance::Negate) {
                let clause = negated_clause(p.text(s));
                let keep = |id: &u32| {
                    p.strings
                        .get(*id as usize)
                        .is_some_and(|k| written_in(&clause, k))
                };
                matter_stems.retain(keep);
                names.retain(keep);
            }
            names.sort_unstable();
            names.dedup();
            Statement {
                sent: i,
                stance,
                speaker,
                matter_stems,
                names,
            }
        })
        .collect();
    // Stem ids that are words of a name somewhere in the story ("@donald trump" → "trump").
    let name_strings: HashSet<&str> = p
        .sents
        .iter()
        .flat_map(|s| &s.names)
        .filter_map(|id| p.strings.get(*id as usize))
        .flat_map(|n| n.trim_start_matches('@').split(' '))
        .collect();
    let name_words: HashSet<u32> = p
        .strings
        .iter()
        .enumerate()
        .filter(|(_, w)| {
            !w.starts_with('@') && name_strings.iter().any(|n| n.starts_with(w.as_str()))
        })
        .filter_map(|(i, _)| u32::try_from(i).ok())
        .collect();
    let mut found: Vec<Disagreement> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    let neg: Vec<&Statement> = statements
        .iter()
        .filter(|s| matches!(s.stance, Some(Stance::Deny | Stance::Negate)))
        .collect();
    let pos: Vec<&Statement> = statements
        .iter()
        .filter(|s| s.stance == Some(Stance::Confirm))
        .collect();
    for a in &neg {
        for b in &pos {
            let (sa, sb) = (&p.sents[a.sent], &p.sents[b.sent]);
            if sa.doc == sb.doc && a.speaker == b.speaker {
                continue;
            }
            let names = shared(&a.names, &b.names);
            let stems = shared(&a.matter_stems, &b.matter_stems);
            // A bare negation ("… did not …") is weaker evidence than a denial: it must share
            // a word of the matter with the other side, not only the people named.
            let negation_only = a.stance == Some(Stance::Negate);
            if names == 0 || (negation_only && !shares_a_word_beyond_names(a, b, &name_words)) {
                continue;
            }
            let matter = 2.0 * names as f64 + stems as f64;
            if matter < 4.0 {
                continue;
            }
            let stance = if a.stance == Some(Stance::Deny) {
                2.0
            } else {
                1.2
            };
            let place = |i: usize| 1.0 / (1.0 + 0.1 * p.position(i) as f64);
            let strength = matter * stance * (place(a.sent) + place(b.sent)) / 2.0;
            candidates.push((strength, a.sent, b.sent, DisagreementKind::Stance, None));
        }
    }
    numbers(p, &statements, &mut candidates);
    candidates.sort_by(|x, y| y.0.partial_cmp(&x.0).unwrap_or(std::cmp::Ordering::Equal));
    let mut used: HashSet<usize> = HashSet::new();
    for (strength, a, b, kind, figures) in candidates {
        if found.len() >= 5 {
            break;
        }
        if used.contains(&a) || used.contains(&b) {
            continue;
        }
        used.insert(a);
        used.insert(b);
        let stmt = |i: usize| statements.iter().find(|s| s.sent == i);
        let side = |i: usize, figure: Option<String>| {
            let s = &p.sents[i];
            let st = stmt(i);
            Side {
                speaker: st
                    .and_then(|s| s.speaker.clone())
                    .or_else(|| quote_speaker.get(&(s.doc, s.index)).map(|x| x.to_string()))
                    .or_else(|| speaker_of(p.text(s))),
                stance: match kind {
                    DisagreementKind::Number => "assert".to_string(),
                    DisagreementKind::Stance => st
                        .and_then(|s| s.stance)
                        .map_or("assert", Stance::name)
                        .to_string(),
                },
                article: p.ids.get(s.doc).copied().unwrap_or_default(),
                outlet: articles.get(s.doc).and_then(|a| a.outlet.clone()),
                sentence: s.index,
                evidence: p.text(s).to_string(),
                figure,
            }
        };
        let (fa, fb) = match figures {
            Some((x, y)) => (Some(x), Some(y)),
            None => (None, None),
        };
        let (sa, sb) = (&p.sents[a], &p.sents[b]);
        let mut matter: Vec<String> = Vec::new();
        for id in sa.names.iter().filter(|n| sb.names.contains(n)) {
            if let Some(s) = p.strings.get(*id as usize) {
                matter.push(s.trim_start_matches('@').to_string());
            }
        }
        for id in sa.content.iter().filter(|c| sb.content.contains(c)) {
            if let Some(s) = p.strings.get(*id as usize)
                && !not_matter.contains(id)
                && !matter.contains(s)
            {
                matter.push(s.clone());
            }
        }
        found.push(Disagreement {
            kind,
            matter,
            sides: [side(a, fa), side(b, fb)],
            strength,
        });
    }
    found
}

/// Whether two statements share a content stem that is not a word of a name (`name_words`:
/// the words of every name in the story; a name at the start of a sentence is not always
/// recognised there).
fn shares_a_word_beyond_names(a: &Statement, b: &Statement, name_words: &HashSet<u32>) -> bool {
    a.matter_stems
        .iter()
        .any(|id| b.matter_stems.binary_search(id).is_ok() && !name_words.contains(id))
}

fn shared(a: &[u32], b: &[u32]) -> usize {
    a.iter().filter(|x| b.binary_search(x).is_ok()).count()
}

/// Figures: (number, the content word after it, the content words before it).
fn figures(text: &str) -> Vec<Figure> {
    let toks = tokens(text);
    let words: Vec<String> = toks.iter().map(|t| normalise(t.text)).collect();
    let mut out = Vec::new();
    for (k, t) in toks.iter().enumerate() {
        if !t.is_numeric() {
            continue;
        }
        let number: String = t.text.chars().filter(|c| *c != ',').collect();
        // Years and small ordinal-like numbers say when, not how many.
        if number.len() == 4 && number.starts_with(['1', '2']) {
            continue;
        }
        let after = words[k + 1..]
            .iter()
            .take(2)
            // The unit is not a function word: "12 of the state's delegates" gives no unit
            // "the" (the stopword lists hold "people", a unit here).
            .find(|w| {
                w.chars().count() > 2
                    && w.chars().all(char::is_alphabetic)
                    && !FUNCTION_WORDS.contains(&w.as_str())
            })
            .cloned();
        let Some(after) = after else {
            continue;
        };
        let before: Vec<String> = words[k.saturating_sub(4)..k]
            .iter()
            .filter(|w| w.chars().count() > 3)
            .cloned()
            .collect();
        out.push((number, after, before));
    }
    out
}

/// Words after a number that are not what it counts.
const FUNCTION_WORDS: &[&str] = &[
    "the", "and", "for", "from", "with", "into", "over", "than", "that", "this", "these", "those",
    "its", "their", "his", "her", "our", "are", "was", "were", "has", "have", "had", "out",
    "about", "after", "before", "since", "who", "which",
];

/// A figure: the number, the word after it, the words before it.
type Figure = (String, String, Vec<String>);

type Candidate = (
    f64,
    usize,
    usize,
    DisagreementKind,
    Option<(String, String)>,
);

fn numbers(p: &Prepared<'_>, statements: &[Statement], out: &mut Vec<Candidate>) {
    let with: Vec<(usize, Vec<Figure>, &[u32])> = statements
        .iter()
        .filter(|s| p.sents[s.sent].flags & F_DIGIT != 0 && !p.sents[s.sent].names.is_empty())
        .map(|s| {
            (
                s.sent,
                figures(p.text(&p.sents[s.sent])),
                &s.matter_stems[..],
            )
        })
        .filter(|(_, f, _)| !f.is_empty())
        .collect();
    for (x, (a, fa, ma)) in with.iter().enumerate() {
        for (b, fb, mb) in with.iter().skip(x + 1) {
            let (sa, sb) = (&p.sents[*a], &p.sents[*b]);
            if sa.doc == sb.doc {
                continue;
            }
            let names = shared(&sa.names, &sb.names);
            if names == 0 {
                continue;
            }
            let stems = shared(&ma[..], &mb[..]);
            if stems < 3 {
                continue;
            }
            for (na, wa, ba) in fa {
                for (nb, wb, bb) in fb {
                    if wa != wb || na == nb || !ba.iter().any(|w| bb.contains(w)) {
                        continue;
                    }
                    // Both figures in one sentence: different quantities, not a conflict.
                    if fa.iter().any(|f| f.0 == *nb) || fb.iter().any(|f| f.0 == *na) {
                        continue;
                    }
                    let strength = (2 * names + stems) as f64 * 0.8;
                    out.push((
                        strength,
                        *a,
                        *b,
                        DisagreementKind::Number,
                        Some((format!("{na} {wa}"), format!("{nb} {wb}"))),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_speaks_for_its_clause() {
        let s = "White House representatives assured Netanyahu that no separate agreements \
                 exist, and interaction with Israeli Mossad remains daily.";
        let clause = negated_clause(s);
        assert!(clause.contains("no separate agreements"), "{clause}");
        assert!(!clause.contains("mossad"), "{clause}");
        assert!(written_in(&clause, "agreement"));
        assert!(!written_in(&clause, "isra"));
        let whole = "No form of communication between Tehran and Washington has occurred.";
        assert!(written_in(&negated_clause(whole), "tehran and washington"));
    }

    #[test]
    fn figures_have_content_word_units() {
        let f = figures("Sanders came second, securing 12 of the state's 41 pledged delegates.");
        assert!(f.iter().all(|(_, unit, _)| unit != "the"), "{f:?}");
        assert!(
            f.iter().any(|(n, unit, _)| n == "41" && unit == "pledged"),
            "{f:?}"
        );
        let f = figures("The quake killed 23 people near the coast.");
        assert!(
            f.iter().any(|(n, unit, _)| n == "23" && unit == "people"),
            "{f:?}"
        );
    }

    #[test]
    fn stances() {
        assert_eq!(
            stance("Iran has dismissed claims that it has sent any messages."),
            Some(Stance::Deny)
        );
        assert_eq!(
            stance(
                "Despite denying direct contacts, American officials confirmed that Tehran \
                 has tried to contact the Trump administration."
            ),
            Some(Stance::Confirm)
        );
        assert_eq!(stance("The sky was blue."), None);
    }
}
