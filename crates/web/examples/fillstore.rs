//! Fills a data directory with synthetic stories for the load test (`benches/load.sh`):
//! `cargo run --release -p tidings-web --example fillstore -- DIR [STORIES]` (default 10,000).
//! Each story has two reports from two of 40 outlets, a few entities and a digest (short, long,
//! quotes, a disagreement, sourcing, timeline), so pages are as heavy as real ones.

use std::path::PathBuf;

use serde_json::json;
use tidings_extract::Article;
use tidings_store::{EntityMention, NewArticle, SqliteStore, Store, StoryDigestRecord};

const WORDS: &[&str] = &[
    "harbour",
    "council",
    "minister",
    "river",
    "budget",
    "election",
    "strike",
    "bridge",
    "court",
    "market",
    "storm",
    "school",
    "hospital",
    "railway",
    "treaty",
    "border",
    "factory",
    "festival",
    "drought",
    "airport",
    "museum",
    "union",
    "senate",
    "vaccine",
    "satellite",
    "pipeline",
];
const PEOPLE: &[&str] = &[
    "Ana Lima",
    "Boris Petrov",
    "Chen Wei",
    "Dana Cohen",
    "Emeka Obi",
    "Farah Khan",
    "Goran Ilic",
    "Hana Sato",
    "Ivan Horvat",
    "Julia Meyer",
];
const PLACES: &[&str] = &[
    "Lisbon", "Kyiv", "Nairobi", "Osaka", "Quito", "Riga", "Tunis", "Hanoi", "Oslo", "Perth",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: fillstore DIR [STORIES]")?);
    let stories: i64 = match args.next() {
        Some(n) => n.parse().map_err(|_| format!("{n:?} is not a number"))?,
        None => 10_000,
    };
    let store = SqliteStore::open_dir(&dir)?;
    let base = 1_772_668_800_i64; // 2026-03-05
    let start = store.max_story_id()? + 1;
    for i in 0..stories {
        let story = start + i;
        let w = |k: i64| WORDS[((story * 7 + k * 13) as usize) % WORDS.len()];
        let person = PEOPLE[(story as usize) % PEOPLE.len()];
        let place = PLACES[(story as usize / 3) % PLACES.len()];
        let headline = format!(
            "{} {} talks in {place} stall over {} as {person} speaks",
            capital(w(0)),
            w(1),
            w(2)
        );
        let mut ids = Vec::new();
        for k in 0..2 {
            let outlet = ((story * 3 + k * 17) % 40) as usize;
            let site = format!("outlet{outlet}.example");
            let published = base + story * 60 + k * 600;
            let paragraphs: Vec<String> = (0..8)
                .map(|p| {
                    format!(
                        "{person} said the {} and the {} in {place} would be discussed again, report {k}, paragraph {p} of story {story}. Officials in {place} described the {} plan as unfinished.",
                        w(p),
                        w(p + 1),
                        w(p + 2)
                    )
                })
                .collect();
            let article = Article {
                title: Some(headline.clone()),
                site_name: Some(format!("Outlet {outlet}")),
                url: Some(format!("https://{site}/news/{story}-{k}")),
                published: tidings_extract::Published::from_iso(&chrono_like(published)),
                paragraphs: paragraphs.clone(),
                ..Article::default()
            };
            let id = store.insert_article(&NewArticle {
                identity: format!("url:https://{site}/news/{story}-{k}"),
                source: "fillstore".into(),
                site: Some(site),
                clean_paragraphs: paragraphs,
                article,
                ingested_at: chrono_like(published),
            })?;
            store.assign_story(id, story, None)?;
            ids.push((id, outlet));
        }
        store.add_story_entities(
            story,
            &[
                mention(person, "person", 4),
                mention(place, "place", 3),
                mention(&format!("{} Council", capital(w(3))), "organisation", 1),
            ],
        )?;
        let short = format!(
            "{person} said the {} talks in {place} would resume. Officials called the {} plan unfinished.",
            w(1),
            w(2)
        );
        let digest = json!({
            "headline": headline, "short": short, "long": format!("{short} {short}"),
            "long_sentences": ids.iter().map(|(id, o)| json!({"text": short, "article": id, "outlet": format!("Outlet {o}"), "sentence": 0, "verbatim": true})).collect::<Vec<_>>(),
            "quotes": [{"speaker": person, "anonymous": false, "aliases": [], "outlets": [format!("Outlet {}", ids[0].1)],
                        "quotes": [{"text": format!("The {} will be discussed again", w(0)), "article": ids[0].0, "outlet": format!("Outlet {}", ids[0].1), "direct": true, "span": [0, 10], "sentence": 0}]}],
            "sourcing": ids.iter().map(|(_, o)| json!({"outlet": format!("Outlet {o}"), "articles": 1, "named": 1, "anonymous": 1, "named_sources": [person], "anonymous_sources": ["an official"]})).collect::<Vec<_>>(),
            "disagreements": [{"kind": "stance", "matter": [w(0)], "strength": 1.0, "sides": [
                {"speaker": person, "stance": "deny", "article": ids[0].0, "outlet": format!("Outlet {}", ids[0].1), "sentence": 1, "evidence": format!("{person} denied the {} plan was agreed.", w(2))},
                {"speaker": "officials", "stance": "confirm", "article": ids[1].0, "outlet": format!("Outlet {}", ids[1].1), "sentence": 2, "evidence": format!("Officials confirmed the {} plan was agreed.", w(2))}]}],
            "timeline": ids.iter().enumerate().map(|(k, (id, o))| json!({"article": id, "outlet": format!("Outlet {o}"), "title": headline, "published": base + story * 60 + k as i64 * 600})).collect::<Vec<_>>(),
        });
        store.set_story_digest(
            story,
            &StoryDigestRecord {
                headline: headline.clone(),
                short: short.clone(),
                long: format!("{short} {short}"),
                digest,
            },
        )?;
        if (i + 1) % 1000 == 0 {
            eprintln!("fillstore: {} stories", i + 1);
        }
    }
    eprintln!(
        "fillstore: {} stories, {} articles in {}",
        store.count_stories()?,
        store.count_articles()?,
        dir.display()
    );
    Ok(())
}

fn mention(name: &str, kind: &str, count: u32) -> EntityMention {
    EntityMention {
        key: name.to_lowercase(),
        name: name.to_owned(),
        kind: kind.to_owned(),
        count,
    }
}

fn capital(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Unix seconds as RFC 3339 (UTC), without a date library.
fn chrono_like(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}
