//! Who says what: quotes checked against their source and grouped by speaker (names
//! normalised across outlets), the speaker of a statement, named and anonymous sources.

use std::collections::HashMap;

use tidings_text::gazetteer;
use tidings_text::quotes::{Quote, find_quotes};
use tidings_text::tokens::{Token, normalise, tokens};

use crate::prep::{F_ANON, F_SPEECH, Prepared};
use crate::{DigestInput, OutletSourcing, QuoteRef, SpeakerQuotes};

/// A quote found in an article and checked verbatim against it.
pub(crate) struct Quoted {
    pub doc: usize,
    pub quote: Quote,
    /// Index of the sentence holding the quote's start.
    pub sentence: Option<usize>,
}

/// Byte offset of a character offset (None past the end).
fn byte_at(text: &str, chars: usize) -> Option<usize> {
    if chars == 0 {
        return Some(0);
    }
    match text.char_indices().nth(chars) {
        Some((b, _)) => Some(b),
        None if text.chars().count() == chars => Some(text.len()),
        None => None,
    }
}

/// Every article's quotes whose text is exactly the text at their span.
pub(crate) fn collect_quotes(
    articles: &[DigestInput],
    known: Option<&[Vec<Quote>]>,
    p: &Prepared<'_>,
) -> Vec<Quoted> {
    let mut out = Vec::new();
    for (d, a) in articles.iter().enumerate() {
        let found = match known {
            Some(k) => k.get(d).cloned().unwrap_or_default(),
            None => find_quotes(&a.text, a.lang.as_deref()),
        };
        for q in found {
            let (Some(b0), Some(b1)) =
                (byte_at(&a.text, q.content.0), byte_at(&a.text, q.content.1))
            else {
                continue;
            };
            if b0 >= b1 || a.text.get(b0..b1) != Some(q.text.as_str()) || q.text.trim().is_empty() {
                continue;
            }
            let sentence = p.doc_sents.get(d).and_then(|r| {
                p.sents[r.clone()]
                    .iter()
                    .find(|s| s.start <= b0 && b0 < s.end.max(s.start + 1))
                    .or_else(|| p.sents[r.clone()].iter().rev().find(|s| s.start <= b0))
                    .map(|s| s.index)
            });
            out.push(Quoted {
                doc: d,
                quote: q,
                sentence,
            });
        }
    }
    out
}

/// Head nouns of unnamed sources.
pub(crate) const ANON_HEADS: &[&str] = &[
    "official",
    "officials",
    "source",
    "sources",
    "diplomat",
    "diplomats",
    "aide",
    "aides",
    "insider",
    "insiders",
    "person",
    "people",
    "officer",
    "officers",
    "spokesperson",
];

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "dismissed",
    "dismisses",
    "rejected",
    "rejects",
    "claimed",
    "claims",
    "reported",
    "reports",
    "revealed",
    "reveals",
    "indicated",
    "indicates",
    "insisted",
    "insists",
    "announced",
    "announces",
    "acknowledged",
    "admitted",
    "emphasized",
    "emphasised",
    "warned",
    "noted",
    "added",
    "assured",
    "reassured",
    "commented",
    "wrote",
    "writes",
    "suggested",
    "explained",
    "argued",
    "alleged",
    "tweeted",
    "posted",
    "asserted",
    "declared",
    "stressed",
    "replied",
    "responded",
];

const AUX: &[&str] = &[
    "has", "have", "had", "is", "was", "were", "are", "did", "does", "do", "also", "further",
    "then", "later", "had", "has", "not", "never", "again", "earlier", "already", "both",
];

const DEFINITE: &[&str] = &[
    "the", "this", "that", "these", "those", "his", "her", "their", "its", "our", "same",
];

const INDEFINITE: &[&str] = &[
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "several",
    "some",
    "other",
    "many",
    "multiple",
    "another",
    "senior",
    "unnamed",
    "anonymous",
];

pub(crate) fn is_speech_verb(w: &str) -> bool {
    SPEECH_VERBS.contains(&w)
}

/// True for a description of an unnamed source ("an anonymous official", "US officials",
/// "sources familiar with the matter").
pub(crate) fn is_anonymous(speaker: &str) -> bool {
    let toks = tokens(speaker);
    let lower: Vec<String> = toks.iter().map(|t| normalise(t.text)).collect();
    if lower
        .iter()
        .any(|w| matches!(w.as_str(), "anonymous" | "unnamed" | "familiar"))
    {
        return true;
    }
    let has_head = lower.iter().any(|w| ANON_HEADS.contains(&w.as_str()));
    if !has_head {
        return false;
    }
    // A named person among the words makes it named ("official Jane Doe").
    !toks.iter().enumerate().any(|(k, t)| {
        k > 0
            && t.is_capitalised()
            && gazetteer::lookup(t.text).is_none()
            && !TITLE_WORDS.contains(&normalise(t.text).as_str())
    })
}

const TITLE_WORDS: &[&str] = &[
    "president",
    "prime",
    "minister",
    "foreign",
    "defense",
    "defence",
    "secretary",
    "state",
    "special",
    "envoy",
    "spokesman",
    "spokeswoman",
    "general",
    "gen",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "mayor",
    "chief",
    "leader",
    "supreme",
    "vice",
    "deputy",
    "king",
    "queen",
    "prince",
    "chancellor",
    "ambassador",
    "mr",
    "mrs",
    "ms",
    "dr",
    "judge",
    "director",
    "chairman",
    "ceo",
    "commander",
    "colonel",
    "col",
    "lt",
    "captain",
    "capt",
    "officer",
    "official",
    "minister",
    "house",
    "white",
    "senior",
    "former",
    "attorney",
    "police",
    "israeli",
    "us",
    "u.s",
    "american",
];

/// The name at the heart of a speaker phrase: "Israeli Prime Minister Benjamin Netanyahu" →
/// "Benjamin Netanyahu"; "US President Donald Trump" → "Donald Trump"; a phrase without a
/// personal name is kept whole.
pub(crate) fn core_name(speaker: &str) -> String {
    let toks = tokens(speaker);
    let mut start = toks.len();
    for k in (0..toks.len()).rev() {
        let t = &toks[k];
        let w = normalise(t.text);
        if !t.is_capitalised()
            || TITLE_WORDS.contains(&w.as_str())
            || gazetteer::lookup(t.text).is_some()
        {
            break;
        }
        start = k;
    }
    if start < toks.len() {
        let last = &toks[toks.len() - 1];
        speaker[toks[start].start..last.end()].to_string()
    } else {
        speaker.trim().to_string()
    }
}

/// Speaker key for grouping: anonymous descriptions by their words; names by their last word.
fn speaker_key(speaker: &str) -> (bool, String) {
    if is_anonymous(speaker) {
        let words: Vec<String> = tokens(speaker)
            .iter()
            .map(|t| normalise(t.text))
            .filter(|w| !matches!(w.as_str(), "a" | "an" | "the" | "one"))
            .map(|w| match w.as_str() {
                "american" | "us" | "united" => "us".to_string(),
                _ => w,
            })
            .collect();
        return (true, words.join(" "));
    }
    if !tokens(speaker).iter().any(|t| t.is_capitalised()) {
        return (false, gazetteer::key_of(speaker));
    }
    let core = core_name(speaker);
    let last = tokens(&core)
        .last()
        .map(|t| normalise(t.text))
        .unwrap_or_default();
    (false, last)
}

/// Quotes grouped by speaker across outlets; unattributed quotes go under "unattributed".
pub(crate) fn group_by_speaker(
    articles: &[DigestInput],
    quoted: Vec<Quoted>,
) -> Vec<SpeakerQuotes> {
    let mut groups: Vec<SpeakerQuotes> = Vec::new();
    let mut index: HashMap<(bool, String), usize> = HashMap::new();
    for q in quoted {
        let Some(a) = articles.get(q.doc) else {
            continue;
        };
        let written = q.quote.speaker.clone();
        let (anonymous, key, display) = match written.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => {
                let (anon, mut key) = speaker_key(s);
                if anon {
                    // Unnamed sources of different articles may be different people.
                    key = format!("{}:{key}", q.doc);
                }
                let display = if anon { s.to_string() } else { core_name(s) };
                (anon, key, display)
            }
            _ => (false, String::new(), "unattributed".to_string()),
        };
        let g = *index.entry((anonymous, key)).or_insert_with(|| {
            groups.push(SpeakerQuotes {
                speaker: display.clone(),
                anonymous,
                ..SpeakerQuotes::default()
            });
            groups.len() - 1
        });
        let group = &mut groups[g];
        // The fullest name wins ("Benjamin Netanyahu" over "Netanyahu").
        if !anonymous && display.len() > group.speaker.len() {
            let old = std::mem::replace(&mut group.speaker, display.clone());
            if !group.aliases.contains(&old) {
                group.aliases.push(old);
            }
        }
        if let Some(w) = &written
            && *w != group.speaker
            && !group.aliases.contains(w)
        {
            group.aliases.push(w.clone());
        }
        let outlet = a.outlet.clone().unwrap_or_default();
        if !group.outlets.contains(&outlet) {
            group.outlets.push(outlet);
        }
        group.quotes.push(QuoteRef {
            text: q.quote.text.clone(),
            article: a.id,
            outlet: a.outlet.clone(),
            direct: q.quote.direct,
            speaker_as_written: written,
            span: q.quote.content,
            sentence: q.sentence,
        });
    }
    groups.sort_by(|a, b| {
        let unattributed = |g: &SpeakerQuotes| g.speaker == "unattributed";
        unattributed(a)
            .cmp(&unattributed(b))
            .then(b.quotes.len().cmp(&a.quotes.len()))
    });
    groups
}

/// The speaker of a statement: the subject of its first speech verb in the main clause
/// ("American officials confirmed …" → "American officials"), or what follows "according to".
pub(crate) fn speaker_of(sentence: &str) -> Option<String> {
    let main = crate::disagree::main_clause(sentence);
    let offset = sentence.len() - main.len();
    let toks = tokens(main);
    let lower: Vec<String> = toks.iter().map(|t| normalise(t.text)).collect();
    if let Some(v) = lower.iter().position(|w| is_speech_verb(w)) {
        // The subject: the words before the verb back to the last comma before it.
        let mut end = v;
        while end > 0 && (AUX.contains(&lower[end - 1].as_str()) || lower[end - 1].ends_with("ly"))
        {
            end -= 1;
        }
        if end > 0 {
            let clause_start = main[..toks[v].start]
                .rfind([',', ';', ':'])
                .map_or(0, |c| c + 1);
            let mut start = end;
            while start > 0 && toks[start - 1].start >= clause_start && end - start < 8 {
                start -= 1;
            }
            let phrase = if start < end {
                main.get(toks[start].start..toks[end - 1].end())
                    .unwrap_or("")
                    .trim()
            } else {
                ""
            };
            let first = lower.get(start).map_or("", String::as_str);
            let pronoun = matches!(
                first,
                "he" | "she" | "it" | "they" | "we" | "i" | "this" | "that" | "which" | "who"
            );
            if !phrase.is_empty() && !pronoun && has_subject_shape(&toks[start..end.max(start)]) {
                return Some(phrase.to_string());
            }
        }
    }
    according_to(main).or_else(|| {
        let _ = offset;
        None
    })
}

fn has_subject_shape(toks: &[Token<'_>]) -> bool {
    toks.iter()
        .any(|t| t.is_capitalised() || ANON_HEADS.contains(&normalise(t.text).as_str()))
}

/// "… according to Axios, …" → "Axios".
fn according_to(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = lower.find("according to ")?;
    let rest = text.get(at + "according to ".len()..)?;
    let end = rest.find([',', '.', ';', ':']).unwrap_or(rest.len());
    let phrase = rest[..end].trim();
    if phrase.is_empty() || phrase.split_whitespace().count() > 8 {
        return None;
    }
    Some(phrase.to_string())
}

/// An unnamed-source mention in a sentence, as written ("An anonymous official").
fn anonymous_mentions(sentence: &str) -> Vec<String> {
    let toks = tokens(sentence);
    let lower: Vec<String> = toks.iter().map(|t| normalise(t.text)).collect();
    let mut out = Vec::new();
    for (k, w) in lower.iter().enumerate() {
        if !ANON_HEADS.contains(&w.as_str()) {
            continue;
        }
        // Walk back over modifiers to the determiner.
        let mut start = k;
        let mut determiner: Option<&str> = None;
        while start > 0 && k - start < 5 {
            let prev = lower[start - 1].as_str();
            if DEFINITE.contains(&prev) || INDEFINITE.contains(&prev) {
                determiner = Some(prev);
                start -= 1;
                if !matches!(prev, "senior" | "unnamed" | "anonymous") {
                    break;
                }
                continue;
            }
            let t = &toks[start - 1];
            let modifier = gazetteer::lookup(t.text).is_some()
                || matches!(
                    prev,
                    "us" | "u.s"
                        | "government"
                        | "administration"
                        | "intelligence"
                        | "military"
                        | "security"
                        | "iranian"
                        | "israeli"
                        | "western"
                        | "european"
                        | "diplomatic"
                        | "high"
                        | "ranking"
                        | "top"
                        | "former"
                        | "white"
                        | "house"
                        | "defense"
                        | "defence"
                        | "state"
                        | "department"
                        | "police"
                        | "iranian-american"
                );
            if !modifier {
                break;
            }
            start -= 1;
        }
        let plural = w.ends_with('s') || w == "people";
        let np: Vec<&str> = lower[start..=k].iter().map(String::as_str).collect();
        let anonymous_word = np.iter().any(|w| matches!(*w, "anonymous" | "unnamed"));
        let after: Vec<&str> = lower[k + 1..(k + 7).min(lower.len())]
            .iter()
            .map(String::as_str)
            .collect();
        let familiar = after.first().is_some_and(|w| {
            matches!(
                *w,
                "familiar" | "close" | "briefed" | "knowledgeable" | "speaking" | "who"
            )
        });
        if matches!(w.as_str(), "person" | "people") && !familiar {
            continue;
        }
        let definite = determiner.is_some_and(|d| DEFINITE.contains(&d));
        if definite && !anonymous_word {
            continue;
        }
        if determiner.is_none() && !plural && !anonymous_word {
            continue;
        }
        let according = start >= 2 && lower[start - 2] == "according" && lower[start - 1] == "to";
        let speech = after
            .iter()
            .take(4)
            .any(|w| is_speech_verb(w) || matches!(*w, "familiar" | "close" | "briefed"));
        if !(anonymous_word || according || speech || familiar) {
            continue;
        }
        let mut end = toks[k].end();
        if familiar && after.first() == Some(&"familiar") && after.get(1) == Some(&"with") {
            end = toks[k + 2].end();
        }
        out.push(sentence[toks[start].start..end].to_string());
    }
    out
}

/// Named sources of a sentence: speech-verb subjects with a name, "according to X".
fn named_mentions(sentence: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = speaker_of(sentence)
        && !is_anonymous(&s)
        && tokens(&s).iter().any(|t| t.is_capitalised())
    {
        let first = tokens(&s)
            .first()
            .map(|t| normalise(t.text))
            .unwrap_or_default();
        if !DEFINITE.contains(&first.as_str()) || s.split_whitespace().count() > 1 {
            out.push(core_name(&s));
        }
    }
    if let Some(s) = according_to(sentence)
        && !is_anonymous(&s)
        && tokens(&s).iter().any(|t| t.is_capitalised())
    {
        out.push(core_name(&s));
    }
    let lower = sentence.to_lowercase();
    if let Some(at) = lower.find("reported by ") {
        let rest = &sentence[at + "reported by ".len()..];
        let end = rest.find([',', '.', ';']).unwrap_or(rest.len());
        let name = rest[..end].trim();
        if !name.is_empty() && name.split_whitespace().count() <= 5 {
            out.push(core_name(name));
        }
    }
    out
}

/// Named and anonymous sources, per outlet.
pub(crate) fn sourcing(
    articles: &[DigestInput],
    p: &Prepared<'_>,
    quoted: &[Quoted],
) -> Vec<OutletSourcing> {
    let mut by_outlet: Vec<OutletSourcing> = Vec::new();
    let mut keys: Vec<Vec<String>> = Vec::new();
    for (d, a) in articles.iter().enumerate() {
        let outlet = a.outlet.clone().unwrap_or_default();
        let pos = match by_outlet.iter().position(|o| o.outlet == outlet) {
            Some(i) => i,
            None => {
                by_outlet.push(OutletSourcing {
                    outlet: outlet.clone(),
                    ..OutletSourcing::default()
                });
                keys.push(Vec::new());
                by_outlet.len() - 1
            }
        };
        let o = &mut by_outlet[pos];
        o.articles += 1;
        let mut anon_here: Vec<String> = Vec::new();
        let mut named_here: Vec<String> = Vec::new();
        if let Some(r) = p.doc_sents.get(d) {
            for s in &p.sents[r.clone()] {
                let text = p.text(s);
                if s.flags & F_ANON != 0 {
                    anon_here.extend(anonymous_mentions(text));
                }
                if s.flags & F_SPEECH != 0 {
                    named_here.extend(named_mentions(text));
                }
            }
        }
        for q in quoted.iter().filter(|q| q.doc == d) {
            let Some(sp) = q.quote.speaker.as_deref() else {
                continue;
            };
            if is_anonymous(sp) {
                let head = tokens(sp)
                    .iter()
                    .map(|t| normalise(t.text))
                    .rfind(|w| ANON_HEADS.contains(&w.as_str()));
                let seen = anon_here.iter().any(|m| {
                    head.as_ref()
                        .is_some_and(|h| m.to_lowercase().contains(h.trim_end_matches('s')))
                });
                if !seen {
                    anon_here.push(sp.to_string());
                }
            } else if tokens(sp).iter().any(|t| t.is_capitalised()) {
                named_here.push(core_name(sp));
            }
        }
        // Distinct mentions within the article (case-insensitive).
        let mut seen_lower: Vec<String> = Vec::new();
        for m in anon_here {
            let l = m.to_lowercase();
            if !seen_lower.contains(&l) {
                seen_lower.push(l);
                o.anonymous_sources.push(m);
            }
        }
        for n in named_here {
            let key = speaker_key(&n).1;
            if !n.trim().is_empty() && !keys[pos].contains(&key) {
                keys[pos].push(key);
                o.named_sources.push(n);
            }
        }
        o.anonymous = o.anonymous_sources.len();
        o.named = o.named_sources.len();
    }
    by_outlet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_descriptions() {
        assert_eq!(
            core_name("Israeli Prime Minister Benjamin Netanyahu"),
            "Benjamin Netanyahu"
        );
        assert_eq!(core_name("US President Donald Trump"), "Donald Trump");
        assert_eq!(core_name("Netanyahu"), "Netanyahu");
        assert_eq!(speaker_key("Netanyahu"), speaker_key("Benjamin Netanyahu"));
        assert!(is_anonymous("an anonymous Iranian official"));
        assert!(is_anonymous("a US official"));
        assert!(is_anonymous("Sources familiar with the conversation"));
        assert!(!is_anonymous("Donald Trump"));
    }

    #[test]
    fn speakers_of_statements() {
        assert_eq!(
            speaker_of(
                "Despite denying direct contacts, American officials confirmed that Tehran has \
                 tried to contact the Trump administration."
            )
            .as_deref(),
            Some("American officials")
        );
        assert_eq!(
            speaker_of("Iran has dismissed claims that it has sent any messages.").as_deref(),
            Some("Iran")
        );
    }

    #[test]
    fn anonymous_sources() {
        let m = anonymous_mentions(
            "An anonymous official revealed to the semi-official news agency Tasnim that no \
             communication has occurred.",
        );
        assert_eq!(m, vec!["An anonymous official"]);
        let m = anonymous_mentions("Sources familiar with the conversation indicated that.");
        assert_eq!(m, vec!["Sources familiar with"]);
        assert!(anonymous_mentions("The official stated it.").is_empty());
        assert!(anonymous_mentions("Iranian officials attempted to reach out.").is_empty());
    }
}
