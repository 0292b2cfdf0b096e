//! `tidings stories` and `tidings story ID`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use tidings_store::{Store, StoryArticle, StoryOrder};

use crate::commands::open_store;

/// `tidings stories`: newest day first, most-covered first within a day (or newest first).
pub fn list(
    data: &Path,
    limit: usize,
    offset: usize,
    latest: bool,
    json: bool,
) -> Result<ExitCode> {
    let store = open_store(data)?;
    let order = if latest {
        StoryOrder::Latest
    } else {
        StoryOrder::Top
    };
    let rows = store.stories(order, limit, offset)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        out!("no stories yet: try `tidings ingest PATH` or `tidings demo`");
    }
    for s in rows {
        out!(
            "{:>6}  {}  {:>2} outlet{} {:>3} article{}  {}",
            s.id,
            day(s.last_updated),
            s.outlets,
            if s.outlets == 1 { " " } else { "s" },
            s.articles,
            if s.articles == 1 { " " } else { "s" },
            s.headline.as_deref().unwrap_or("(untitled)")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// What `tidings story ID` prints.
pub enum View {
    /// Headline, short version, articles by outlet, who said what, disagreements.
    Full,
    /// The short version only.
    Short,
    /// The long version only.
    Long,
    /// Everything as JSON.
    Json,
}

/// `tidings story ID`: its articles by outlet, copies under their original.
pub fn show(data: &Path, id: i64, view: View) -> Result<ExitCode> {
    let store = open_store(data)?;
    let Some(story) = store.story(id)? else {
        err!("tidings: no story with id {id}");
        return Ok(ExitCode::FAILURE);
    };
    match view {
        View::Json => {
            out!("{}", serde_json::to_string_pretty(&story)?);
            return Ok(ExitCode::SUCCESS);
        }
        View::Short | View::Long => {
            let text = match view {
                View::Short => story.summary.short.as_deref(),
                _ => story.long.as_deref(),
            };
            let Some(text) = text else {
                err!("tidings: story {id} has no digest yet");
                return Ok(ExitCode::FAILURE);
            };
            out!("{text}");
            return Ok(ExitCode::SUCCESS);
        }
        View::Full => {}
    }
    let s = &story.summary;
    if s.id != id {
        out!("(story {id} was merged into story {})", s.id);
    }
    out!("{}", s.headline.as_deref().unwrap_or("(untitled)"));
    out!(
        "story {} · {} outlets · {} articles · {} → {}",
        s.id,
        s.outlets,
        s.articles,
        day(s.first_seen),
        day(s.last_updated)
    );
    if let Some(short) = &s.short {
        out!("\n{short}");
    }
    // Originals grouped by outlet; each copy listed under the article it copies.
    let mut by_outlet: BTreeMap<String, Vec<&StoryArticle>> = BTreeMap::new();
    for a in story.articles.iter().filter(|a| a.duplicate_of.is_none()) {
        by_outlet.entry(outlet(a)).or_default().push(a);
    }
    for (name, articles) in by_outlet {
        out!("\n{name}");
        for a in articles {
            out!(
                "  {:>6}  {}  {}",
                a.id,
                a.published
                    .as_deref()
                    .map_or("          ", |p| p.get(..10).unwrap_or(p)),
                a.title.as_deref().unwrap_or("(untitled)")
            );
            for c in story
                .articles
                .iter()
                .filter(|c| c.duplicate_of == Some(a.id))
            {
                out!("          copy {:>6}  {}", c.id, outlet(c));
            }
        }
    }
    if let Some(digest) = &story.digest {
        print_digest(digest)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Who said what and where the outlets disagree, from the stored digest (read leniently).
fn print_digest(digest: &serde_json::Value) -> Result<()> {
    let speakers = digest["quotes"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    if !speakers.is_empty() {
        out!("\nWho said what");
        for s in speakers {
            let outlets: Vec<&str> = s["outlets"]
                .as_array()
                .map(|o| o.iter().filter_map(|x| x.as_str()).collect())
                .unwrap_or_default();
            out!(
                "  {} ({})",
                s["speaker"].as_str().unwrap_or("?"),
                outlets.join(", ")
            );
            for q in s["quotes"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                out!("    - {}", q["text"].as_str().unwrap_or(""));
            }
        }
    }
    let disagreements = digest["disagreements"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    if !disagreements.is_empty() {
        out!("\nWhere the outlets disagree");
        for d in disagreements {
            for (i, side) in d["sides"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                out!(
                    "  {} {} ({}): {}",
                    if i == 0 { "•" } else { " vs" },
                    side["speaker"].as_str().unwrap_or("?"),
                    side["outlet"].as_str().unwrap_or("?"),
                    side["evidence"].as_str().unwrap_or("")
                );
            }
        }
    }
    Ok(())
}

fn outlet(a: &StoryArticle) -> String {
    a.site_name
        .clone()
        .or_else(|| a.site.clone())
        .unwrap_or_else(|| "(unknown outlet)".into())
}

fn day(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map_or_else(|| "?".into(), |t| t.format("%Y-%m-%d").to_string())
}
