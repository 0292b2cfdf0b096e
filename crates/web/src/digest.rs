//! The story digest as the story page shows it: quotes grouped by speaker, disagreements side
//! by side, the sourcing profile per outlet, the timeline, and the long version with each
//! sentence's source.
//!
//! The store keeps the digest as JSON (the shape of `tidings_digest::StoryDigest`). It is read
//! here leniently, field by field: a missing or malformed field is left empty, never an error,
//! so the page degrades to what is there (and to the articles alone with no digest at all).

use maud::{Markup, html};
use serde::Deserialize;
use serde_json::Value;

use crate::view::utc;

/// What the page uses of a digest.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Digest {
    pub long_sentences: Vec<Sentence>,
    pub quotes: Vec<Speaker>,
    pub sourcing: Vec<Sourcing>,
    pub disagreements: Vec<Disagreement>,
    pub timeline: Vec<TimelineEntry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Sentence {
    pub text: String,
    pub article: i64,
    pub outlet: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Speaker {
    pub speaker: String,
    pub anonymous: bool,
    pub aliases: Vec<String>,
    pub outlets: Vec<String>,
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Quote {
    pub text: String,
    pub article: i64,
    pub outlet: Option<String>,
    pub direct: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Sourcing {
    pub outlet: String,
    pub articles: usize,
    pub named: usize,
    pub anonymous: usize,
    pub named_sources: Vec<String>,
    pub anonymous_sources: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Disagreement {
    pub kind: String,
    pub sides: Vec<Side>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Side {
    pub speaker: Option<String>,
    pub stance: String,
    pub article: i64,
    pub outlet: Option<String>,
    pub evidence: String,
    pub figure: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TimelineEntry {
    pub article: i64,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<i64>,
}

/// Reads the stored JSON, each part on its own: a part that does not parse is left empty.
pub fn parse(v: &Value) -> Digest {
    fn part<T: serde::de::DeserializeOwned>(v: &Value, name: &str) -> Vec<T> {
        match v.get(name).and_then(Value::as_array) {
            Some(items) => items
                .iter()
                .filter_map(|i| serde_json::from_value(i.clone()).ok())
                .collect(),
            None => Vec::new(),
        }
    }
    Digest {
        long_sentences: part(v, "long_sentences"),
        quotes: part(v, "quotes"),
        sourcing: part(v, "sourcing"),
        disagreements: part::<Disagreement>(v, "disagreements")
            .into_iter()
            .filter(|d| d.sides.len() >= 2)
            .collect(),
        timeline: part(v, "timeline"),
    }
}

fn article_link(story: i64, article: i64) -> String {
    format!("/article/{article}?story={story}")
}

fn outlet(o: Option<&str>) -> &str {
    o.map(str::trim)
        .filter(|o| !o.is_empty())
        .unwrap_or("unknown outlet")
}

/// The long version with each sentence's source, paragraphs by article runs.
pub fn long_with_sources(d: &Digest, story: i64) -> Option<Markup> {
    let sentences: Vec<&Sentence> = d
        .long_sentences
        .iter()
        .filter(|s| !s.text.trim().is_empty())
        .collect();
    if sentences.is_empty() {
        return None;
    }
    Some(html! {
        p {
            @for s in sentences {
                (s.text) " "
                a.src href=(article_link(story, s.article)) title="The report this sentence comes from" {
                    "[" (outlet(s.outlet.as_deref())) "]"
                }
                " "
            }
        }
    })
}

/// Who said what: speakers with the outlets quoting them and their quotes.
pub fn quotes(d: &Digest, story: i64) -> Option<Markup> {
    let speakers: Vec<&Speaker> = d
        .quotes
        .iter()
        .filter(|s| !s.quotes.is_empty() && !s.speaker.trim().is_empty())
        .collect();
    if speakers.is_empty() {
        return None;
    }
    Some(html! {
        section.quotes aria-labelledby="quotes-h" {
            h2 #quotes-h { "Who said what" }
            @for s in speakers {
                article.speaker {
                    h3 {
                        (s.speaker)
                        @if s.anonymous { " " span.badge { "anonymous" } }
                    }
                    @if !s.aliases.is_empty() {
                        p.aliases { "Also named: " (s.aliases.join("; ")) }
                    }
                    @if !s.outlets.is_empty() {
                        p.meta { "Quoted by " (s.outlets.join(", ")) }
                    }
                    ul {
                        @for q in &s.quotes {
                            li {
                                @if q.direct { q { (q.text) } } @else { span.reported { (q.text) } }
                                " — "
                                a href=(article_link(story, q.article)) { (outlet(q.outlet.as_deref())) }
                                @if !q.direct { " " span.kind { "(reported)" } }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// Where the outlets disagree: each pair side by side.
pub fn disagreements(d: &Digest, story: i64) -> Option<Markup> {
    if d.disagreements.is_empty() {
        return None;
    }
    Some(html! {
        section.disagreements aria-labelledby="disagree-h" {
            h2 #disagree-h { "Where the reports disagree" }
            @for dis in &d.disagreements {
                figure.disagreement {
                    figcaption {
                        @if dis.kind == "number" { "Different figures" } @else { "Opposite statements" }
                    }
                    div.sides {
                        @for side in dis.sides.iter().take(2) {
                            div.side {
                                p.who {
                                    strong { (side.speaker.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or("The report")) }
                                    @if !side.stance.is_empty() { " " span.badge { (side.stance) } }
                                    @if let Some(f) = &side.figure { " " span.figure { (f) } }
                                }
                                blockquote { (side.evidence) }
                                p.meta {
                                    a href=(article_link(story, side.article)) { (outlet(side.outlet.as_deref())) }
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// Named against anonymous sources, per outlet.
pub fn sourcing(d: &Digest) -> Option<Markup> {
    if d.sourcing.is_empty() {
        return None;
    }
    Some(html! {
        section.sourcing aria-labelledby="sourcing-h" {
            h2 #sourcing-h { "Sourcing" }
            table {
                (crate::pages::column_heads(&["Outlet", "Reports", "Named sources", "Anonymous sources"]))
                tbody {
                    @for s in &d.sourcing {
                        tr {
                            th scope="row" { (if s.outlet.trim().is_empty() { "unknown outlet" } else { s.outlet.as_str() }) }
                            td { (s.articles) }
                            td {
                                (s.named)
                                @if !s.named_sources.is_empty() { ": " (s.named_sources.join(", ")) }
                            }
                            td {
                                (s.anonymous)
                                @if !s.anonymous_sources.is_empty() { ": " (s.anonymous_sources.join("; ")) }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// The digest's timeline (articles in time order).
pub fn timeline(d: &Digest, story: i64) -> Option<Markup> {
    if d.timeline.is_empty() {
        return None;
    }
    Some(html! {
        ol.timeline {
            @for t in &d.timeline {
                li {
                    @match t.published {
                        Some(ts) => {
                            time datetime=(crate::view::iso_time(ts)) { (utc(ts).format("%Y-%m-%d %H:%M UTC").to_string()) }
                        }
                        None => { "undated" }
                    }
                    " " (outlet(t.outlet.as_deref())) ": "
                    a href=(article_link(story, t.article)) { (t.title.as_deref().unwrap_or("(untitled)")) }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_leniently() {
        let v = json!({
            "quotes": [{"speaker": "A", "quotes": [{"text": "x", "article": 1, "direct": true}]},
                       {"speaker": 5}],
            "disagreements": [{"sides": [{"evidence": "a"}]},
                              {"kind": "stance", "sides": [{"evidence": "a"}, {"evidence": "b"}]}],
            "sourcing": "nonsense",
        });
        let d = parse(&v);
        assert_eq!(d.quotes.len(), 1);
        assert_eq!(d.disagreements.len(), 1);
        assert!(d.sourcing.is_empty());
        assert!(parse(&json!(null)).quotes.is_empty());
        let m = quotes(&d, 1).map(|m| m.into_string()).unwrap_or_default();
        assert!(m.contains("<q>x</q>"), "{m}");
    }
}
