//! Runs `extract_feed` over every feed file under the given directories and prints, per
//! directory: files read, items read, files refused by error category, panics, and the
//! slowest file.
//!
//! `cargo run --release -p tidings-extract --example feed_suite -- [--errors|--files] DIR...`
//!
//! Inputs are `.xml`, `.rdf`, `.rss`, `.atom` files and `.json` files that are not expected
//! outputs (`*.serde.json`, `*_expected.json`, or a `.json` beside an `.xml` of the same stem).
//! Each file is extracted in its own thread with a 512 KiB stack, so deep recursion shows up
//! as an abort of this run (which then never prints its summary). `--errors` also lists every
//! refused file with its reason; `--files` lists every file with its item count or error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tidings_extract::ExtractError;

/// Stack of the thread each file is extracted in.
const STACK: usize = 512 * 1024;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let list_files = args.iter().any(|a| a == "--files");
    let list_errors = list_files || args.iter().any(|a| a == "--errors");
    let dirs: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if dirs.is_empty() {
        eprintln!("usage: feed_suite [--errors] DIR...");
        std::process::exit(2);
    }
    for dir in dirs {
        measure(Path::new(dir), list_errors, list_files);
    }
}

#[derive(Default)]
struct Tally {
    files: usize,
    items: usize,
    zero_item_files: usize,
    panics: usize,
    errors: BTreeMap<String, usize>,
    slowest: (Duration, PathBuf),
    total: Duration,
}

fn measure(dir: &Path, list_errors: bool, list_files: bool) {
    let mut tally = Tally::default();
    for path in inputs(dir) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        tally.files += 1;
        let started = Instant::now();
        let outcome = std::thread::Builder::new()
            .stack_size(STACK)
            .spawn(move || tidings_extract::extract_feed(&bytes, None).map(|a| a.len()))
            .map(|handle| handle.join());
        let took = started.elapsed();
        tally.total += took;
        if took > tally.slowest.0 {
            tally.slowest = (took, path.clone());
        }
        match outcome {
            Ok(Ok(Ok(items))) => {
                if list_files {
                    println!("  {}: {items} items", path.display());
                }
                tally.items += items;
                if items == 0 {
                    tally.zero_item_files += 1;
                }
            }
            Ok(Ok(Err(error))) => {
                *tally.errors.entry(category(&error)).or_default() += 1;
                if list_errors {
                    println!("  {}: {error}", path.display());
                }
            }
            _ => {
                tally.panics += 1;
                println!("  PANIC {}", path.display());
            }
        }
    }
    let refused: usize = tally.errors.values().sum();
    println!(
        "{}: {} files, {} items, {} files with 0 items and no error, {} refused, {} panics; \
         total {:.2?}, slowest {:.2?} ({})",
        dir.display(),
        tally.files,
        tally.items,
        tally.zero_item_files,
        refused,
        tally.panics,
        tally.total,
        tally.slowest.0,
        tally.slowest.1.display()
    );
    for (category, n) in &tally.errors {
        println!("  {n:5}  {category}");
    }
}

/// The error with its specifics (numbers, quoted names) blanked, so like errors group.
fn category(error: &ExtractError) -> String {
    let text = error.to_string();
    let mut out = String::new();
    let mut quoted = None;
    for c in text.chars() {
        match quoted {
            Some(end) if c == end => {
                quoted = None;
                out.push('…');
                out.push(c);
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                quoted = Some(c);
                out.push(c);
            }
            None if c.is_ascii_digit() => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            None => out.push(c),
        }
    }
    out.chars().take(110).collect()
}

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in read.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if is_input(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn is_input(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        "xml" | "rdf" | "rss" | "atom" => true,
        "json" => {
            !name.ends_with(".serde.json")
                && !name.ends_with("_expected.json")
                && !path.with_extension("xml").exists()
        }
        _ => false,
    }
}
