//! Direct quotes: spans between quotation marks, joined across paragraphs and across an
//! interrupting attribution, attributed to the mention next to them.

use super::Raw;
use super::attribution::{after_quote, before_quote, paragraphs};
use super::cues::Cues;
use super::mention::words;

/// A span between marks, marks included (bytes); `open` when no closing mark was found.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: usize,
    end: usize,
    open: bool,
    para: usize,
}

/// The closing marks an opening mark accepts, or None when `c` opens nothing.
fn closers(c: char) -> Option<&'static [char]> {
    match c {
        '“' => Some(&['”', '“']),
        '„' => Some(&['“', '”']),
        '«' => Some(&['»']),
        '»' => Some(&['«']),
        '"' => Some(&['"']),
        '‘' => Some(&['’']),
        '‚' => Some(&['‘', '’']),
        '”' => Some(&['”']),
        _ => None,
    }
}

fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for (pi, &(ps, pe)) in paragraphs(text).iter().enumerate() {
        let Some(line) = text.get(ps..pe) else {
            continue;
        };
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
            let next = chars.get(i + 1).map(|x| x.1);
            if let Some((seg, resume)) = doubled_apostrophes(&chars, i, ps, pe, pi) {
                out.push(seg);
                match resume {
                    Some(r) => {
                        i = r;
                        continue;
                    }
                    None => break,
                }
            }
            let Some(close) = closers(c) else {
                i += 1;
                continue;
            };
            let opens = match c {
                // A single quote or a right double quote opens only at a word's start.
                '‘' | '‚' | '”' | '»' => {
                    prev.is_none_or(|p| p.is_whitespace() || "([—–-:".contains(p))
                        && next.is_some_and(|n| !n.is_whitespace())
                }
                '"' => {
                    next.is_some_and(|n| !n.is_whitespace()) || prev.is_none_or(char::is_whitespace)
                }
                _ => true,
            };
            if !opens {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            let mut found = None;
            while j < chars.len() {
                let (_, d) = chars[j];
                if close.contains(&d) {
                    let after = chars.get(j + 1).map(|x| x.1);
                    let before = chars[j - 1].1;
                    let ok = match c {
                        '‘' | '‚' => {
                            after.is_none_or(|a| !a.is_alphanumeric()) && !before.is_whitespace()
                        }
                        _ => true,
                    };
                    if ok {
                        found = Some(j);
                        break;
                    }
                }
                j += 1;
            }
            match found {
                Some(j) => {
                    let (jat, jc) = chars[j];
                    out.push(Segment {
                        start: ps + at,
                        end: ps + jat + jc.len_utf8(),
                        open: false,
                        para: pi,
                    });
                    i = j + 1;
                }
                None => {
                    if !matches!(c, '‘' | '‚' | '”' | '»') {
                        out.push(Segment {
                            start: ps + at,
                            end: pe,
                            open: true,
                            para: pi,
                        });
                    }
                    break;
                }
            }
        }
    }
    out
}

/// Two apostrophes as quotation marks (''…'', the typewriter style of the New York Times
/// archive and of many plain-text wires): a segment opening at `i`, and where to resume (None:
/// unclosed, the segment runs to the paragraph's end).
fn doubled_apostrophes(
    chars: &[(usize, char)],
    i: usize,
    ps: usize,
    pe: usize,
    para: usize,
) -> Option<(Segment, Option<usize>)> {
    let is_pair = |k: usize| {
        chars.get(k).is_some_and(|x| x.1 == '\'') && chars.get(k + 1).is_some_and(|x| x.1 == '\'')
    };
    if !is_pair(i) {
        return None;
    }
    let prev = i.checked_sub(1).and_then(|k| chars.get(k)).map(|x| x.1);
    let opens = prev.is_none_or(|p| p.is_whitespace() || "([—–-:".contains(p))
        && chars
            .get(i + 2)
            .is_some_and(|x| !x.1.is_whitespace() && x.1 != '\'');
    if !opens {
        return None;
    }
    let start = ps + chars[i].0;
    let mut j = i + 2;
    while j + 1 < chars.len() {
        if is_pair(j) && !chars[j - 1].1.is_whitespace() {
            let end = ps + chars[j + 1].0 + 1;
            let seg = Segment {
                start,
                end,
                open: false,
                para,
            };
            return Some((seg, Some(j + 2)));
        }
        j += 1;
    }
    let seg = Segment {
        start,
        end: pe,
        open: true,
        para,
    };
    Some((seg, None))
}

/// True when the segment's inside reads like speech rather than a title or a scare quote.
fn speech_like(text: &str, s: &Segment) -> (bool, bool) {
    let inner = text.get(s.start..s.end).unwrap_or("");
    let n = words(text, s.start, s.end).len();
    let trimmed = inner.trim_end_matches(['”', '"', '»', '“', '’', '«', '\'', ' ']);
    let punct = trimmed.ends_with([',', '.', '?', '!', '…']);
    let strong = n >= 8 || (n >= 4 && punct) || s.open;
    (strong, n >= 1)
}

/// True when the quote continues a sentence without a cue or punctuation before it ("he had
/// “renewed faith” that …"): a phrase inside reported speech, not a quote of its own.
fn embedded(text: &str, cues: &Cues, para_start: usize, at: usize) -> bool {
    let pre = text.get(para_start..at).unwrap_or("").trim_end();
    let Some(last) = pre.chars().last() else {
        return false;
    };
    if !last.is_alphanumeric() {
        return false;
    }
    let ws = words(text, para_start, at);
    let Some(w) = ws.last() else {
        return false;
    };
    !cues.is_cue(text.get(w.0..w.1).unwrap_or(""))
}

/// The direct quotes of a text.
pub(crate) fn direct_quotes(text: &str, cues: &Cues) -> Vec<Raw> {
    let paras = paragraphs(text);
    let segs = segments(text);
    // Join quotes spanning paragraphs: an unclosed quote whose next paragraph opens with a mark.
    let mut joined: Vec<Segment> = Vec::new();
    for s in segs {
        if let Some(last) = joined.last_mut()
            && last.open
            && s.para == last.para + 1
            && paras.get(s.para).is_some_and(|p| p.0 == s.start)
        {
            last.end = s.end;
            last.open = s.open;
            last.para = s.para;
            continue;
        }
        joined.push(s);
    }
    let mut out: Vec<Raw> = Vec::new();
    let mut prev_para_of_last: Option<usize> = None;
    for s in &joined {
        let (ps, pe) = paras.get(s.para).copied().unwrap_or((s.start, s.end));
        let first_para = paras
            .iter()
            .position(|p| p.0 <= s.start && s.start < p.1.max(p.0 + 1))
            .unwrap_or(s.para);
        let (fps, _) = paras.get(first_para).copied().unwrap_or((ps, pe));
        let (strong, nonempty) = speech_like(text, s);
        if !nonempty || embedded(text, cues, fps, s.start) {
            continue;
        }
        let inner = text.get(s.start..s.end).unwrap_or("");
        let full_stop = inner
            .trim_end_matches(['”', '"', '»', '“', '’', '«', '\'', ' '])
            .ends_with('.');
        let after = if s.end < pe {
            after_quote(text, cues, s.end, pe).filter(|(src, cue)| {
                !full_stop || (src.0.min(cue.0) <= s.end + 40 && cue.0 <= s.end + 60)
            })
        } else {
            None
        };
        let mut before = before_quote(text, cues, fps, s.start);
        if before.is_none() && s.start == fps && first_para > 0 {
            // "Cruz continued:" ending the previous paragraph.
            if let Some(&(qs, qe)) = paras.get(first_para - 1) {
                let t = text.get(qs..qe).unwrap_or("").trim_end();
                if t.ends_with(':') || t.ends_with(',') {
                    before = before_quote(text, cues, qs, qe);
                }
            }
        }
        let attr = after.or(before);
        // Interrupted quote: “A,” he said, “B.” — join with the previous one.
        if let Some(last) = out.last_mut() {
            let gap = text.get(last.content.1..s.start).unwrap_or("");
            let same_speaker_gap = !gap.contains('\n')
                && gap.len() <= 160
                && last.source.is_some_and(|src| src.0 >= last.content.1)
                && (attr.is_none() || attr.map(|a| a.0) == last.source);
            let blank =
                gap.trim().is_empty() && prev_para_of_last.is_some_and(|p| p + 1 >= first_para);
            if same_speaker_gap || (blank && attr.is_none() && strong) {
                last.content.1 = s.end;
                prev_para_of_last = Some(s.para);
                continue;
            }
        }
        if !strong && attr.is_none() {
            continue;
        }
        if !strong {
            // A short quote counts only with a cue right next to it.
            let near = attr.is_some_and(|(src, cue)| {
                let lo = src.0.min(cue.0);
                let hi = src.1.max(cue.1);
                (hi <= s.start && s.start - hi <= 3) || (lo >= s.end && lo - s.end <= 6)
            });
            if !near {
                continue;
            }
        }
        let inherit = if attr.is_none() && !out.is_empty() {
            out.last().map(|r| r.content.0)
        } else {
            None
        };
        // A quote standing alone after a quoted speaker's paragraph carries on their words.
        let carried = if attr.is_none() && s.start == fps {
            out.last()
                .filter(|_| prev_para_of_last.is_some_and(|p| p + 2 >= first_para))
                .and_then(|r| r.source)
        } else {
            None
        };
        out.push(Raw {
            content: (s.start, s.end),
            source: attr.map(|a| a.0).or(carried),
            cue: attr.map(|a| a.1),
            direct: true,
            inherit,
        });
        prev_para_of_last = Some(s.para);
    }
    out
}
