//! The hostile pages of issue 11's reproductions, built in memory. Shared by
//! `tests/reproductions.rs` (what must hold) and `examples/reproduce.rs` (time and memory).

#![allow(dead_code)]

/// A body paragraph, so that each page has an article besides its hostile part.
pub const PARAGRAPH: &str = "The council met on Thursday to discuss the harbour budget, the \
    new ferry timetable and a proposal to extend the cycle path along the seafront.";

/// The text put inside the deepest element of the deep pages.
pub const DEEP_TEXT: &str = "Officials said the fire at the depot was out by midnight.";

/// The reproductions by name, in the order of the issue.
pub const NAMES: &[&str] = &[
    "spans-100k",
    "divs-100k",
    "title-runs",
    "divs-10k",
    "attributes-100k",
    "br-20mb",
];

/// Pages at the caps of `bound` (its worst cases for time and memory), by name.
pub const AT_CAPS: &[&str] = &[
    "paragraphs-250k",
    "deep-paragraphs",
    "attributes-8mb",
    "text-8mb",
    "formatting-8mb",
];

/// The page named `name` (one of [`NAMES`] or [`AT_CAPS`]).
pub fn page(name: &str) -> Option<String> {
    Some(match name {
        // 250,000 short paragraphs: the cap on tags.
        "paragraphs-250k" => article(
            "<title>Depot fire</title>",
            &format!("<p>{DEEP_TEXT}</p>{}", "<p>word".repeat(250_000)),
        ),
        // 250,000 paragraphs 250 levels deep: the cap on the sum of depths.
        "deep-paragraphs" => article(
            "<title>Depot fire</title>",
            &format!(
                "{}<p>{DEEP_TEXT}</p>{}",
                "<div>".repeat(250),
                "<p>word".repeat(250_000)
            ),
        ),
        // 8 MiB of tags with 128 attributes each: the caps on bytes and attributes.
        "attributes-8mb" => {
            let attrs: String = (0..128).map(|i| format!(" a{i}=\"v\"")).collect();
            let tag = format!("<span{attrs}>w</span>");
            article(
                "<title>Depot fire</title>",
                &format!(
                    "<p>{DEEP_TEXT}</p><p>{}</p>",
                    tag.repeat((8 << 20) / tag.len())
                ),
            )
        }
        // 8 MiB of text in one paragraph: the cap on bytes.
        "text-8mb" => article(
            "<title>Depot fire</title>",
            &format!("<p>{DEEP_TEXT}</p><p>{}</p>", "word ".repeat((8 << 20) / 5)),
        ),
        // Formatting elements left open, then many blocks: the parser reopens them in each.
        "formatting-8mb" => article(
            "<title>Depot fire</title>",
            &format!(
                "<p>{DEEP_TEXT}</p>{}{}",
                "<b><i><u><s>".repeat(100),
                "<div>word</div>".repeat((8 << 20) / 15)
            ),
        ),
        // 100,000 nested `<span>`s inside a `<p>`: recursion in metadata's element text.
        "spans-100k" => article(
            "<title>Depot fire</title>",
            &format!(
                "<p>{}{DEEP_TEXT}{}</p>",
                "<span>".repeat(100_000),
                "</span>".repeat(100_000)
            ),
        ),
        // 100,000 nested `<div>`s: recursion in selector matching over ancestors.
        "divs-100k" => nested_divs(100_000),
        // A 14 KB page whose `<title>` is `word | ` 2,000 times: every run of its parts.
        "title-runs" => article(&format!("<title>{}</title>", "word | ".repeat(2_000)), ""),
        // 10,000 nested `<div>`s: time quadratic in the depth.
        "divs-10k" => nested_divs(10_000),
        // One element with 100,000 attributes: time quadratic in the attributes.
        "attributes-100k" => {
            let attrs: String = (0..100_000).map(|i| format!(" data-a{i}=\"v\"")).collect();
            article(
                "<title>Depot fire</title>",
                &format!("<div{attrs}><p>{DEEP_TEXT}</p></div>"),
            )
        }
        // 20 MB of `a<br>`.
        "br-20mb" => article(
            "<title>Depot fire</title>",
            &format!("<p>{DEEP_TEXT}</p><div>{}</div>", "a<br>".repeat(4_000_000)),
        ),
        _ => return None,
    })
}

fn nested_divs(n: usize) -> String {
    article(
        "<title>Depot fire</title>",
        &format!(
            "{}<p>{DEEP_TEXT}</p>{}",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ),
    )
}

fn article(head: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head>{head}</head><body><article><h1>Depot fire</h1>\
         <p>{PARAGRAPH}</p>{body}<p>{PARAGRAPH}</p></article></body></html>"
    )
}
