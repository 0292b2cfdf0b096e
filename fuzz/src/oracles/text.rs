//! What must hold for any text given to the text analysis the digest and the clusterer use:
//! quotes ([`tidings_text::find_quotes`]) with spans inside the text and their `text` equal
//! to the span, in text order; sentences ([`tidings_text::sentences::sentence_spans`]) as
//! trimmed, ordered, non-empty ranges on character boundaries; tokens that are slices of the
//! text; [`tidings_text::analyze`] and [`tidings_text::entities`] without a panic and with
//! output bounded by the text.
//!
//! Shared: the fuzz targets and the text crate's property tests (by `#[path]`) call these.

#![allow(dead_code)]

/// Quotes of `text` are consistent with it.
pub fn quotes(text: &str, lang: Option<&str>) -> Result<String, String> {
    let quotes = tidings_text::find_quotes(text, lang);
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let span_ok = |(s, e): (usize, usize)| s <= e && e <= n;
    let mut last = 0;
    let mut total = 0;
    for (i, q) in quotes.iter().enumerate() {
        if !span_ok(q.content) {
            return Err(format!("quote {i}: content {:?} outside 0..{n}", q.content));
        }
        for (what, span) in [("source", q.source), ("cue", q.cue)] {
            if let Some(s) = span
                && !span_ok(s)
            {
                return Err(format!("quote {i}: {what} {s:?} outside 0..{n}"));
            }
        }
        let at: String = chars[q.content.0..q.content.1].iter().collect();
        if at != q.text {
            return Err(format!(
                "quote {i}: text {:?} is not the content span {:?} ({at:?})",
                q.text, q.content
            ));
        }
        if q.content.0 < last {
            return Err(format!(
                "quote {i} at {} comes after one at {last}",
                q.content.0
            ));
        }
        last = q.content.0;
        total += q.text.len() + q.speaker.as_ref().map_or(0, String::len);
    }
    let bound = 8 * text.len() + 4096;
    if total > bound {
        return Err(format!(
            "{} quotes of {total} bytes for a text of {} bytes",
            quotes.len(),
            text.len()
        ));
    }
    Ok(if quotes.is_empty() {
        "no quotes"
    } else {
        "quotes"
    }
    .to_owned())
}

/// Sentences and tokens of `text` are ranges of it.
pub fn sentences(text: &str) -> Result<(), String> {
    let mut end = 0;
    for (i, s) in tidings_text::sentences::sentence_spans(text)
        .iter()
        .enumerate()
    {
        if s.start < end || s.start >= s.end || s.end > text.len() {
            return Err(format!(
                "sentence {i}: {s:?} after {end} in a text of {}",
                text.len()
            ));
        }
        let Some(slice) = text.get(s.start..s.end) else {
            return Err(format!("sentence {i}: {s:?} not on character boundaries"));
        };
        if slice.trim() != slice || slice.is_empty() {
            return Err(format!("sentence {i}: {slice:?} is not trimmed"));
        }
        end = s.end;
    }
    for t in tidings_text::tokens::tokens(text) {
        if text.get(t.start..t.end()) != Some(t.text) {
            return Err(format!(
                "token {:?} at {} is not the text there",
                t.text, t.start
            ));
        }
    }
    Ok(())
}

/// The features and entities of `text` (as headline and body) are bounded by it.
pub fn features(title: Option<&str>, body: &str, lang: Option<&str>) -> Result<(), String> {
    let f = tidings_text::analyze(title, body, lang);
    let input = body.len() + title.map_or(0, str::len);
    let terms: usize = f
        .title_terms
        .iter()
        .chain(&f.body_terms)
        .map(|(t, _)| t.len())
        .sum();
    let names: usize = f.entities.iter().map(|e| e.name.len() + e.key.len()).sum();
    if terms > 4 * input + 1024 || names > 8 * input + 1024 {
        return Err(format!(
            "features of {terms} bytes of terms and {names} of entities for {input} bytes"
        ));
    }
    let direct = tidings_text::entities(body, lang);
    if direct.len() > body.len() + 1 {
        return Err(format!("{} entities in {} bytes", direct.len(), body.len()));
    }
    let _ = tidings_text::detect_language(body);
    Ok(())
}
