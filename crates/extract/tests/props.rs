//! Property tests (bounded fuzzing in CI): hostile generated pages, plain-text captures,
//! feeds and dates through the extractors, each case in a 512 KiB-stack thread with its heap
//! counted. What must hold is in `fuzz/src/oracles/{extract,dates}.rs`: no panic (and no
//! stack overflow: it aborts this binary, naming the case), an article or a documented error,
//! output bounded by the input, links that are http(s) URLs, dates with plausible years and
//! well-formed dates read back exactly.
//!
//! The generators and checks are the fuzz targets' (`fuzz/`, see its README for long runs):
//! `TIDINGS_FUZZ_CASES=N` runs N cases a property, `TIDINGS_FUZZ_SEED=S` one case;
//! `--nocapture` prints each property's cases and worst peak heap.

#[path = "../../../fuzz/src/oracles/dates.rs"]
mod dates_oracle;
#[path = "../../../fuzz/src/harness.rs"]
mod harness;
#[path = "../../../fuzz/src/hostile/mod.rs"]
mod hostile;
#[path = "../../../fuzz/src/oracles/extract.rs"]
mod oracle;

use hostile::{Gen, Limits};

/// Random bytes a case's generator reads its choices from, at most.
const CHOICE_BYTES: usize = 8192;

fn page_case(bytes: &[u8], limits: Limits) -> (Vec<u8>, (Option<&'static str>, bool)) {
    let mut g = Gen::new(bytes, limits);
    let url = g.pick(oracle::PAGE_URLS);
    let hinted = g.chance(1, 4);
    let page = if g.chance(1, 2) {
        hostile::html::page(&mut g)
    } else {
        hostile::html::article_with(&mut g)
    };
    (page, (url, hinted))
}

fn check_page(page: &[u8], &(url, hinted): &(Option<&str>, bool)) -> Result<String, String> {
    let hint = hinted.then_some("text/html; charset=utf-8");
    oracle::html(page, url, hint)
}

#[test]
fn hostile_pages() {
    harness::property(
        "html",
        400,
        CHOICE_BYTES,
        |b| page_case(b, Limits::SMALL),
        oracle::heap_bound,
        check_page,
    );
}

/// A few pages as large as the reproductions (100,000 levels, megabytes).
#[test]
fn hostile_pages_big() {
    harness::property(
        "html-big",
        6,
        CHOICE_BYTES,
        |b| page_case(b, Limits::HUGE),
        oracle::heap_bound,
        check_page,
    );
}

#[test]
fn hostile_text_captures() {
    harness::property(
        "text-capture",
        400,
        CHOICE_BYTES,
        |b| {
            let mut g = Gen::new(b, Limits::SMALL);
            let url = g.pick(oracle::PAGE_URLS);
            (hostile::text::capture(&mut g), url)
        },
        oracle::heap_bound,
        |doc, url| oracle::text_capture(doc, *url),
    );
}

#[test]
fn hostile_feeds() {
    harness::property(
        "feed",
        400,
        CHOICE_BYTES,
        |b| {
            let mut g = Gen::new(b, Limits::SMALL);
            let url = g.pick(oracle::PAGE_URLS);
            (hostile::feed::feed(&mut g), url)
        },
        oracle::heap_bound,
        |doc, url| oracle::feed(doc, *url),
    );
}

#[test]
fn hostile_dates() {
    harness::property(
        "dates",
        3000,
        512,
        |b| {
            let mut g = Gen::new(b, Limits::SMALL);
            let exact = hostile::dates::exact(&mut g);
            let text = if g.chance(3, 4) {
                hostile::dates::text(&mut g)
            } else {
                hostile::dates::long_text(&mut g)
            };
            (text.into_bytes(), exact)
        },
        |len| 64 * len + (16 << 20),
        |text, exact| {
            dates_oracle::exact(exact)?;
            dates_oracle::any(&String::from_utf8_lossy(text))
        },
    );
}

/// Extracts one page in a small-stack thread and checks it as the properties do.
fn regression(name: &str, page: &[u8]) {
    let url = Some("https://news.example.com/2026/03/05/regression");
    let ran = harness::run(name, || oracle::html(page, url, None));
    if let Err(why) = ran.value {
        panic!("{name}: {why}");
    }
    let bound = oracle::heap_bound(page.len());
    assert!(
        ran.peak <= bound,
        "{name}: peak heap {} MiB for a {} byte page (bound {} MiB)",
        ran.peak >> 20,
        page.len(),
        bound >> 20
    );
}

fn with_body(head: &str, body: &str) -> Vec<u8> {
    format!(
        "<!doctype html><html><head>{head}</head><body><article><p>A fire broke out at a \
         factory in Paris on Tuesday, the police said.</p>{body}</article></body></html>"
    )
    .into_bytes()
}

/// Found by `html` (seed 0xd51562372759adc1): an 11 KB page whose JSON-LD headline holds
/// 776 mixed separators took 971 MiB (`metadata::title`).
#[test]
fn regression_json_ld_headline_of_mixed_separators() {
    const SEPARATORS: &[&str] = &[
        " | ", " - ", " — ", " – ", " · ", " :: ", " » ", " / ", ": ",
    ];
    let headline: String = (0..800)
        .map(|i| format!("word{}", SEPARATORS[i % SEPARATORS.len()]))
        .collect();
    let head = format!(
        "<title>Fire</title><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\
         \"headline\":\"{headline}\"}}</script>"
    );
    regression("json-ld headline", &with_body(&head, ""));
}

/// Found by `html` (seed 0x8c2ccdec3d26e727): a 49 KB page whose `<title>` is
/// `<b>x</b> | ` 4,459 times went past 3 GiB (`metadata::title`).
#[test]
fn regression_title_of_marked_up_parts() {
    let head = format!("<title>{}</title>", "<b>x</b> | ".repeat(4459));
    regression("marked-up title", &with_body(&head, ""));
}

/// Found by `html-big` (seed 0xbd6e051b01c84a50): 23,000 levels of five assorted tags
/// overflowed a 512 KiB stack in `metadata::when`'s walk for the headline's text.
#[test]
fn regression_deep_cycle_of_assorted_tags() {
    const CYCLE: &[&str] = &["article", "x-custom", "label", "figure", "object"];
    let mut body = String::new();
    for i in 0..23_000 {
        body.push_str(&format!(
            "<{} class=\"article content c{i}\">",
            CYCLE[i % CYCLE.len()]
        ));
    }
    body.push_str("Officials said the fire was out.");
    regression(
        "deep assorted tags",
        &with_body("<title>Fire</title>", &body),
    );
}
