//! Measures `extract_feed` field by field against the shared feed corpora
//! (`../shared/corpora/feeds`, or `TIDINGS_FEED_CORPUS`): gofeed's translator cases,
//! feedparser's `entries[0][...] == ...` expectations and feed-rs's own fixture dumps.
//!
//! `cargo run --release -p tidings-extract --example feed_conformance`
//!
//! `TIDINGS_CONFORMANCE_FAILURES=N` prints the first N failing checks of each source.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use tidings_extract::{Article, Published, extract_feed};

fn main() {
    let root = std::env::var_os("TIDINGS_FEED_CORPUS").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/feeds"),
        std::path::PathBuf::from,
    );
    if !root.is_dir() {
        eprintln!("{} not found: nothing measured", root.display());
        return;
    }
    let show: usize = std::env::var("TIDINGS_CONFORMANCE_FAILURES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    for (name, score) in [
        ("gofeed translator", gofeed(&root)),
        ("feedparser wellformed", feedparser(&root)),
        ("feed-rs fixtures", feed_rs(&root)),
    ] {
        println!("{}", score.report(name));
        for failure in score.failures.iter().take(show) {
            println!("  {failure}");
        }
    }
}

/// Pass/total counts per field, and the failures.
#[derive(Default)]
struct Score {
    files: usize,
    errors: usize,
    items: usize,
    items_passed: usize,
    /// Expected items with no article: skipped by design (no title, text or link).
    absent: usize,
    fields: BTreeMap<&'static str, (usize, usize)>,
    failures: Vec<String>,
}

impl Score {
    fn check(&mut self, field: &'static str, ok: bool, what: impl FnOnce() -> String) -> bool {
        let entry = self.fields.entry(field).or_default();
        entry.1 += 1;
        if ok {
            entry.0 += 1;
        } else {
            self.failures.push(what());
        }
        ok
    }

    fn report(&self, name: &str) -> String {
        let mut out = format!(
            "{name}: {} files ({} refused), items {}/{} pass ({} skipped as empty)",
            self.files, self.errors, self.items_passed, self.items, self.absent
        );
        for (field, (pass, total)) in &self.fields {
            let _ = write!(out, "; {field} {pass}/{total}");
        }
        out
    }
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in read.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn norm_text(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn norm_url(s: &str) -> String {
    url::Url::parse(s.trim()).map_or_else(|_| s.trim().to_owned(), |u| u.to_string())
}

fn instant(p: &Published) -> DateTime<Utc> {
    DateTime::from_timestamp(p.timestamp(), 0).unwrap_or_default()
}

fn parse_expected_instant(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

fn same_second(ours: Option<&Published>, expected: DateTime<Utc>) -> bool {
    ours.is_some_and(|p| instant(p).timestamp() == expected.timestamp())
}

/// gofeed `translator/{rss,atom,json}`: input + gofeed's normalised `Feed`.
fn gofeed(root: &Path) -> Score {
    let mut score = Score::default();
    for expected_path in files(&root.join("gofeed-testdata/translator"), ".json") {
        let name = expected_path.to_string_lossy().into_owned();
        let input = if name.ends_with("_expected.json") {
            PathBuf::from(name.replace("_expected.json", ".json"))
        } else if name.contains("/translator/json/") {
            continue;
        } else {
            PathBuf::from(name.replace(".json", ".xml"))
        };
        let (Ok(bytes), Ok(expected)) = (std::fs::read(&input), std::fs::read(&expected_path))
        else {
            continue;
        };
        let Ok(expected) = serde_json::from_slice::<Value>(&expected) else {
            continue;
        };
        let Some(items) = expected.get("items").and_then(Value::as_array) else {
            continue;
        };
        score.files += 1;
        let articles = match extract_feed(&bytes, None) {
            Ok(a) => a,
            Err(e) => {
                score.errors += 1;
                score.failures.push(format!("{}: {e}", input.display()));
                continue;
            }
        };
        let short = input.file_name().map(|f| f.to_string_lossy().into_owned());
        let short = short.unwrap_or_default();
        for (i, item) in items.iter().enumerate() {
            score.items += 1;
            let ours = articles.get(i);
            if ours.is_none() {
                score.absent += 1;
                score.failures.push(format!("{short}: item {i} skipped"));
                continue;
            }
            let mut ok = true;
            let get = |k: &str| item.get(k).and_then(Value::as_str);
            if let Some(title) = get("title") {
                let got = ours.and_then(|a| a.title.clone());
                ok &= score.check(
                    "title",
                    got.as_deref().map(norm_text) == Some(norm_text(title)),
                    || format!("{short}: title {got:?} != {title:?}"),
                );
            }
            if let Some(link) = get("link") {
                let got = ours.and_then(|a| a.url.clone());
                ok &= score.check(
                    "link",
                    got.as_deref().map(norm_url) == Some(norm_url(link)),
                    || format!("{short}: link {got:?} != {link:?}"),
                );
            }
            if let Some(guid) = get("guid") {
                let got = ours.and_then(|a| a.guid.clone());
                ok &= score.check("guid", got.as_deref() == Some(guid.trim()), || {
                    format!("{short}: guid {got:?} != {guid:?}")
                });
            }
            for (key, field) in [
                ("publishedParsed", "published"),
                ("updatedParsed", "updated"),
            ] {
                if let Some(when) = get(key).and_then(parse_expected_instant) {
                    let got = ours.and_then(|a| {
                        if field == "published" {
                            a.published
                        } else {
                            a.modified.or(a.published)
                        }
                    });
                    ok &= score.check("date", same_second(got.as_ref(), when), || {
                        format!("{short}: {field} {got:?} != {when}")
                    });
                }
            }
            if ok {
                score.items_passed += 1;
            }
        }
    }
    score
}

/// A Python literal from a feedparser `Expect:` line: a string or a tuple of integers.
enum Literal {
    Str(String),
    Tuple(Vec<i64>),
}

fn python_literal(s: &str) -> Option<Literal> {
    let s = s.trim();
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        let nums: Option<Vec<i64>> = inner.split(',').map(|n| n.trim().parse().ok()).collect();
        return nums.map(Literal::Tuple);
    }
    let s = s.strip_prefix('u').unwrap_or(s);
    let body = ["\"\"\"", "'''", "\"", "'"].iter().find_map(|q| {
        s.strip_prefix(q)
            .and_then(|r| r.strip_suffix(q))
            .filter(|_| s.len() >= 2 * q.len())
    })?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            other => out.push(other),
        }
    }
    Some(Literal::Str(out))
}

/// feedparser `wellformed/`: the `Expect:` lines of the form
/// `not bozo and entries[0]['title'|'link'|'id'|'published_parsed'|'updated_parsed'] == <literal>`.
fn feedparser(root: &Path) -> Score {
    let mut score = Score::default();
    let expect = regex::Regex::new(
    r"(?m)^Expect:\s+not bozo and entries\[0\]\['(title|link|id|published_parsed|updated_parsed)'\] == (.+?)\s*$",
)
.unwrap_or_else(|e| panic!("{e}"));
    let location = regex::Regex::new(r"(?m)^Header:\s+Content-Location:\s*(\S+)")
        .unwrap_or_else(|e| panic!("{e}"));
    for path in files(&root.join("feedparser-tests/wellformed"), ".xml") {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2000)]).into_owned();
        let Some(caps) = expect.captures(&head) else {
            continue;
        };
        let (field, literal) = (caps[1].to_owned(), caps[2].to_owned());
        // Only a single comparison: skip compound expressions.
        if literal.contains(" and ") && !literal.starts_with(['\'', '"', 'u']) {
            continue;
        }
        let Some(literal) = python_literal(&literal) else {
            continue;
        };
        let url = location.captures(&head).map(|c| c[1].to_owned());
        let short = path
            .strip_prefix(root)
            .map_or_else(|_| path.display().to_string(), |p| p.display().to_string());
        score.files += 1;
        score.items += 1;
        let articles = match extract_feed(&bytes, url.as_deref()) {
            Ok(a) => a,
            Err(e) => {
                score.errors += 1;
                score.failures.push(format!("{short}: {e}"));
                continue;
            }
        };
        let first: Option<&Article> = articles.first();
        if first.is_none() {
            score.absent += 1;
            score.failures.push(format!("{short}: entry skipped"));
            continue;
        }
        let ok = match (field.as_str(), literal) {
            ("title", Literal::Str(want)) => {
                let got = first.and_then(|a| a.title.clone());
                score.check(
                    "title",
                    got.as_deref().map(norm_text) == Some(norm_text(&want)),
                    || format!("{short}: title {got:?} != {want:?}"),
                )
            }
            ("link", Literal::Str(want)) => {
                let got = first.and_then(|a| a.url.clone());
                score.check(
                    "link",
                    got.as_deref().map(norm_url) == Some(norm_url(&want)),
                    || format!("{short}: link {got:?} != {want:?}"),
                )
            }
            ("id", Literal::Str(want)) => {
                let got = first.and_then(|a| a.guid.clone());
                score.check("guid", got.as_deref() == Some(want.as_str()), || {
                    format!("{short}: guid {got:?} != {want:?}")
                })
            }
            (date_field, Literal::Tuple(t)) if t.len() >= 6 => {
                let got = first.and_then(|a| {
                    if date_field == "published_parsed" {
                        a.published
                    } else {
                        a.modified.or(a.published)
                    }
                });
                let want = NaiveDate::from_ymd_opt(t[0] as i32, t[1] as u32, t[2] as u32)
                    .and_then(|d| d.and_hms_opt(t[3] as u32, t[4] as u32, t[5] as u32))
                    .map(|d| d.and_utc());
                score.check(
                    "date",
                    want.is_some_and(|w| same_second(got.as_ref(), w)),
                    || format!("{short}: {date_field} {got:?} != {t:?}"),
                )
            }
            _ => {
                score.files -= 1;
                score.items -= 1;
                continue;
            }
        };
        if ok {
            score.items_passed += 1;
        }
    }
    score
}

/// feed-rs `fixture/`: each input against feed-rs's serde dump (title, first link, id, date
/// per entry) — this measures the mapping (and the date recovery), not the parser.
fn feed_rs(root: &Path) -> Score {
    let mut score = Score::default();
    for expected_path in files(&root.join("feed-rs-fixtures"), ".serde.json") {
        let name = expected_path.to_string_lossy().into_owned();
        let stem = name.trim_end_matches(".serde.json");
        let input = [".xml", ".json", ".rss", ".atom"]
            .iter()
            .map(|ext| PathBuf::from(format!("{stem}{ext}")))
            .find(|p| p.exists());
        let Some(input) = input else {
            continue;
        };
        let (Ok(bytes), Ok(expected)) = (std::fs::read(&input), std::fs::read(&expected_path))
        else {
            continue;
        };
        let Ok(expected) = serde_json::from_slice::<Value>(&expected) else {
            continue;
        };
        let Some(entries) = expected.get("entries").and_then(Value::as_array) else {
            continue;
        };
        score.files += 1;
        let short = input.file_name().map(|f| f.to_string_lossy().into_owned());
        let short = short.unwrap_or_default();
        let articles = match extract_feed(&bytes, None) {
            Ok(a) => a,
            Err(e) => {
                score.errors += 1;
                score.failures.push(format!("{short}: {e}"));
                continue;
            }
        };
        if articles.len() != entries.len() {
            score.failures.push(format!(
                "{short}: {} articles for {} entries",
                articles.len(),
                entries.len()
            ));
        }
        for (i, entry) in entries.iter().enumerate() {
            score.items += 1;
            let id = entry.get("id").and_then(Value::as_str).unwrap_or_default();
            let ours = articles
                .iter()
                .find(|a| a.guid.as_deref() == Some(id))
                .or_else(|| articles.get(i));
            let Some(ours) = ours else {
                score.absent += 1;
                continue;
            };
            // feed-rs makes up an id (hash or UUID) for items without one; Tidings does not.
            let generated = ours.guid.is_none()
                && (id.len() == 32 || id.len() == 31 || id.len() == 36)
                && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
            let mut ok = true;
            if !generated {
                ok &= score.check("guid", ours.guid.as_deref() == Some(id), || {
                    format!("{short}: guid {:?} != {id:?}", ours.guid)
                });
            }
            if let Some(title) = entry.pointer("/title/content").and_then(Value::as_str) {
                ok &= score.check(
                    "title",
                    ours.title.as_deref().map(norm_text) == Some(norm_text(title)),
                    || format!("{short}: title {:?} != {title:?}", ours.title),
                );
            }
            if let Some(link) = entry.pointer("/links/0/href").and_then(Value::as_str) {
                ok &= score.check(
                    "link",
                    ours.url.as_deref().map(norm_url) == Some(norm_url(link)),
                    || format!("{short}: link {:?} != {link:?}", ours.url),
                );
            }
            let when = ["published", "updated"]
                .iter()
                .find_map(|k| entry.get(*k).and_then(Value::as_str))
                .and_then(parse_expected_instant);
            if let Some(when) = when {
                ok &= score.check("date", same_second(ours.published.as_ref(), when), || {
                    format!("{short}: date {:?} != {when}", ours.published)
                });
            }
            if ok {
                score.items_passed += 1;
            }
        }
    }
    score
}
