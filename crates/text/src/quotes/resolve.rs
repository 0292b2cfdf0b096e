//! Speakers resolved within the text: pronouns, last names and definite descriptions to the
//! earlier full mention.

use super::Raw;
use super::mention::{PRONOUNS, words};

struct Chain {
    /// The name or description shown.
    name: String,
    /// True for a name ("Donald Trump"), false for a description ("a US official").
    named: bool,
    /// Lower-case last word of every mention ("trump", "official").
    heads: Vec<String>,
    /// Byte start of the latest mention.
    last_at: usize,
}

const DETS: &[&str] = &["a", "an", "the", "another", "one"];

fn split_words(text: &str, span: (usize, usize)) -> Vec<String> {
    words(text, span.0, span.1)
        .iter()
        .filter_map(|w| text.get(w.0..w.1))
        .map(str::to_string)
        .collect()
}

/// The resolved speaker of every quote (same order as `raws`).
pub(crate) fn speakers(text: &str, raws: &mut [Raw]) -> Vec<Option<String>> {
    let mut order: Vec<usize> = (0..raws.len())
        .filter(|&i| raws[i].source.is_some())
        .collect();
    order.sort_by_key(|&i| raws[i].source.map_or(0, |s| s.0));
    let names = name_runs(text);
    let mut chains: Vec<Chain> = Vec::new();
    let mut chain_of: Vec<Option<usize>> = vec![None; raws.len()];
    // Identical source spans (one cue, several quotes) share one chain.
    let mut seen: Vec<((usize, usize), usize)> = Vec::new();
    for i in order {
        let Some(src) = raws[i].source else {
            continue;
        };
        if let Some(&(_, c)) = seen.iter().find(|(s, _)| *s == src) {
            chain_of[i] = Some(c);
            continue;
        }
        let ws = split_words(text, src);
        let Some(last) = ws.last() else {
            continue;
        };
        let head = last.to_lowercase();
        let first = ws.first().map(|w| w.to_lowercase()).unwrap_or_default();
        let mention = text.get(src.0..src.1).unwrap_or("").to_string();
        let found = if ws.len() == 1 && PRONOUNS.contains(&head.as_str()) {
            // The most recent earlier speaker; a person by name when there is one nearby.
            chains
                .iter()
                .enumerate()
                .filter(|(_, c)| c.last_at < src.0)
                .max_by_key(|(_, c)| (c.last_at, c.named))
                .map(|(k, _)| k)
        } else if DETS.contains(&first.as_str()) && first == "the" {
            chains
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.named && c.heads.contains(&head) && c.last_at < src.0)
                .max_by_key(|(_, c)| c.last_at)
                .map(|(k, _)| k)
        } else if !DETS.contains(&first.as_str()) && ws.len() <= 2 {
            // A last name ("Netanyahu", "Mr. Netanyahu").
            chains
                .iter()
                .enumerate()
                .filter(|(_, c)| c.named && c.heads.contains(&head) && c.last_at < src.0)
                .max_by_key(|(_, c)| c.last_at)
                .map(|(k, _)| k)
        } else {
            None
        };
        // A last name whose full name was mentioned without a quote ("Benjamin Netanyahu").
        let found = found.or_else(|| {
            if ws.len() > 2 || DETS.contains(&first.as_str()) || PRONOUNS.contains(&head.as_str()) {
                return None;
            }
            let full = names.iter().rev().find(|n| {
                n.0 < src.0
                    && n.1.last().is_some_and(|w| w.to_lowercase() == head)
                    && n.1.len() > ws.len()
            })?;
            chains.push(Chain {
                name: full.1.join(" "),
                named: true,
                heads: vec![head.clone()],
                last_at: full.0,
            });
            Some(chains.len() - 1)
        });
        let k = match found {
            Some(k) => {
                let c = &mut chains[k];
                c.last_at = src.0;
                if !c.heads.contains(&head) {
                    c.heads.push(head);
                }
                if first == "the" && !c.named {
                    c.name = merge_modifiers(&c.name, &ws);
                } else if c.named
                    && mention.len() > c.name.len()
                    && !PRONOUNS.contains(&first.as_str())
                {
                    c.name = mention;
                }
                k
            }
            None => {
                let named = !DETS.contains(&first.as_str())
                    && !PRONOUNS.contains(&first.as_str())
                    && ws.iter().all(|w| {
                        w.chars().next().is_some_and(|c| !c.is_lowercase()) || ws.len() > 2
                    });
                chains.push(Chain {
                    name: mention,
                    named,
                    heads: vec![head],
                    last_at: src.0,
                });
                chains.len() - 1
            }
        };
        seen.push((src, k));
        chain_of[i] = Some(k);
    }
    let mut out: Vec<Option<String>> = Vec::with_capacity(raws.len());
    for i in 0..raws.len() {
        let own = chain_of[i]
            .and_then(|k| chains.get(k))
            .map(|c| c.name.clone());
        let speaker = own.or_else(|| {
            let from = raws[i].inherit?;
            let j = raws.iter().position(|r| r.content.0 == from)?;
            if j < i {
                out.get(j).cloned().flatten()
            } else {
                None
            }
        });
        out.push(speaker.or_else(|| {
            raws[i]
                .source
                .and_then(|s| text.get(s.0..s.1))
                .map(str::to_string)
        }));
    }
    out
}

/// "An anonymous official" + "the Iranian official" → "An anonymous Iranian official".
fn merge_modifiers(name: &str, def: &[String]) -> String {
    if def.len() < 3 {
        return name.to_string();
    }
    let lower = name.to_lowercase();
    let extra: Vec<&String> = def[1..def.len() - 1]
        .iter()
        .filter(|m| !lower.split_whitespace().any(|w| w == m.to_lowercase()))
        .collect();
    if extra.is_empty() || extra.len() > 2 {
        return name.to_string();
    }
    let Some(head_at) = name.rfind(' ') else {
        return name.to_string();
    };
    let mut s = name[..head_at].to_string();
    for m in extra {
        s.push(' ');
        s.push_str(m);
    }
    s.push_str(&name[head_at..]);
    s
}

/// Runs of two or more capitalised words (byte start, words): full names mentioned anywhere.
fn name_runs(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut run: Vec<(usize, usize)> = Vec::new();
    let ws = words(text, 0, text.len());
    let flush = |run: &mut Vec<(usize, usize)>, out: &mut Vec<(usize, Vec<String>)>| {
        if run.len() >= 2 {
            let start = run.first().map_or(0, |w| w.0);
            let names = run
                .iter()
                .filter_map(|w| text.get(w.0..w.1))
                .map(str::to_string)
                .collect();
            out.push((start, names));
        }
        run.clear();
    };
    for w in ws {
        let cap = text
            .get(w.0..w.1)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase);
        let joined = run
            .last()
            .is_none_or(|p| text.get(p.1..w.0).is_some_and(|g| g == " "));
        if cap && joined {
            run.push(w);
        } else {
            flush(&mut run, &mut out);
            if cap {
                run.push(w);
            }
        }
    }
    flush(&mut run, &mut out);
    out
}
