//! Times each stage of HTML extraction on one page, to find which one is slow on a hostile
//! input: `cargo run --release -p tidings-extract --example stages -- PAGE.html [URL]`.
//!
//! Prints one line a stage (milliseconds) on stderr: the caps of `bound` (the page within
//! them, and its parse), the parse with `scraper`, metadata, the third-party extractors alone
//! (dom_smoothie, trafilatura), the main-content stage, and the whole extraction. The stages
//! after `bound` are given the bounded page, as the extraction gives it to them; with `RAW=1`
//! they are given the page as it is (to see what a cap saves). `STAGES=a,b` runs only those.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: stages PAGE.html [URL]");
        std::process::exit(2);
    };
    let url = args.next();
    let url = url.as_deref();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let page = String::from_utf8_lossy(&bytes);
    let page = tidings_extract::content::strip_raw_blocks(&page);
    let only = std::env::var("STAGES").unwrap_or_default();
    let run = |name: &str| only.is_empty() || only.split(',').any(|s| s == name);
    let time = |name: &str, f: &mut dyn FnMut() -> String| {
        let t = Instant::now();
        let what = f();
        eprintln!(
            "{name:>12}: {:>9.1} ms  {what}",
            t.elapsed().as_secs_f64() * 1e3
        );
    };
    let mut bounded = None;
    time(
        "bound",
        &mut || match tidings_extract::bound::parse(&page) {
            Ok(p) => {
                let what = format!("{} of {} bytes kept", p.html.len(), page.len());
                bounded = Some(p.html.into_owned());
                what
            }
            Err(e) => format!("error {e}"),
        },
    );
    let html = match bounded {
        Some(b) if std::env::var_os("RAW").is_none() => b,
        _ => page.to_string(),
    };
    if run("parse") {
        time("parse", &mut || {
            let doc = scraper::Html::parse_document(&html);
            format!("{} nodes", doc.tree.nodes().count())
        });
    }
    if run("metadata") {
        let doc = scraper::Html::parse_document(&html);
        time("metadata", &mut || {
            let m = tidings_extract::metadata::from_html(&doc, url);
            format!("title {} bytes", m.title.map_or(0, |t| t.len()))
        });
    }
    if run("smoothie") {
        time("smoothie", &mut || {
            let cfg = dom_smoothie::Config {
                disable_json_ld: true,
                keep_classes: true,
                ..Default::default()
            };
            match dom_smoothie::Readability::new(html.as_str(), None, Some(cfg)) {
                Ok(mut r) => match r.parse() {
                    Ok(a) => format!("{} bytes", a.content.len()),
                    Err(e) => format!("error {e}"),
                },
                Err(e) => format!("error {e}"),
            }
        });
    }
    if run("trafilatura") {
        time("trafilatura", &mut || {
            let opts = trafilatura::Options::default()
                .with_fallback(false)
                .with_html_date_mode(trafilatura::HtmlDateMode::Disabled);
            match trafilatura::extract(&html, &opts) {
                Ok(r) => format!("{} bytes", r.content_html.len()),
                Err(e) => format!("error {e}"),
            }
        });
    }
    if run("content") {
        let doc = scraper::Html::parse_document(&html);
        time("content", &mut || {
            let ps = tidings_extract::content::main_paragraphs(&html, &doc, url);
            format!("{} paragraphs", ps.len())
        });
    }
    if run("extract") {
        time(
            "extract",
            &mut || match tidings_extract::extract_html(&bytes, url, None) {
                Ok(a) => format!("{} bytes of text", a.text().len()),
                Err(e) => format!("error {e}"),
            },
        );
    }
}
