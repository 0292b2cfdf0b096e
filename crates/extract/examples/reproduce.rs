//! Extracts one of issue 11's hostile pages (built in memory), to measure its time and memory:
//! `/usr/bin/time -v target/release/examples/reproduce NAME` (names: `--list`).
//!
//! The extraction runs on a thread with a small stack (1 MiB, or `STACK_KB`), as the tests
//! run it, so recursion over the page's depth aborts the run. Prints the page's size, the
//! extraction's time and its outcome.

#[path = "../tests/reproductions/pages.rs"]
mod pages;

use std::time::Instant;

fn main() {
    let Some(name) = std::env::args().nth(1) else {
        eprintln!("usage: reproduce NAME|--list");
        std::process::exit(2);
    };
    if name == "--list" {
        for n in pages::NAMES.iter().chain(pages::AT_CAPS) {
            println!("{n}");
        }
        return;
    }
    let Some(page) = pages::page(&name) else {
        eprintln!("{name}: no such page (see --list)");
        std::process::exit(2);
    };
    let stack = std::env::var("STACK_KB")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .map_or(1 << 20, |kb| kb << 10);
    let bytes = page.len();
    let deep = page.contains(pages::DEEP_TEXT);
    let outcome = std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let t = Instant::now();
            let what = match tidings_extract::extract_html(page.as_bytes(), None, None) {
                Ok(a) => format!(
                    "article: {} paragraphs, {} bytes of text{}",
                    a.paragraphs.len(),
                    a.text().len(),
                    match (deep, a.text().contains(pages::DEEP_TEXT)) {
                        (false, _) => "",
                        (true, true) => ", deep text kept",
                        (true, false) => ", deep text LOST",
                    }
                ),
                Err(e) => format!("error: {e}"),
            };
            (t.elapsed(), what)
        })
        .unwrap_or_else(|e| panic!("spawn: {e}"))
        .join();
    match outcome {
        Ok((took, what)) => println!("{name}: {bytes} bytes, {:.3} s, {what}", took.as_secs_f64()),
        Err(_) => {
            println!("{name}: panicked");
            std::process::exit(1);
        }
    }
}
