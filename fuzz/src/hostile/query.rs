//! Search queries: words, stop words repeated (the 60 × "the" stall), prefixes, phrases,
//! FTS5 syntax (operators, NEAR, column filters, carets, parentheses), unbalanced quotes,
//! odd characters, thousands of terms, giant words.

use super::Gen;

const TOKENS: &[&str] = &[
    "the",
    "a*",
    "minister",
    "fire",
    "Paris",
    "\"",
    "\"fire at\"",
    "*",
    "**",
    "(",
    ")",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(a b, 2)",
    "NEAR(",
    "title:",
    "text:fire",
    "{title text}:x",
    "^",
    "^fire",
    "-fire",
    "+",
    ":",
    ",",
    "'",
    "''",
    "\\",
    "%",
    "_",
    ";",
    "--",
    "/*",
    "0",
    "-1",
    "1e999",
    "über",
    "東京",
    "\u{0}",
    "\u{feff}",
    "\u{200b}",
    "a\"b",
    "x*y",
    "AND AND",
    "\"\"",
    "rowid",
    "rank",
    "articles_fts",
    "MATCH",
    "); DROP TABLE articles; --",
];

/// Builds one query.
pub fn query(g: &mut Gen) -> String {
    let max = g.limits.max_len.min(64 * 1024);
    match g.below(7) {
        0 => {
            let n = g.count(max / 4);
            "the ".repeat(n)
        }
        1 => {
            let n = g.count(max / 3);
            "a* ".repeat(n)
        }
        2 => {
            let n = g.count(max);
            "x".repeat(n)
        }
        3 => g.odd_text(),
        4 => {
            // Distinct words or distinct prefixes by the thousand (the 5,000-word
            // searches), so that no deduplication helps.
            let n = g.count(max / 8);
            let star = if g.chance(1, 2) { "*" } else { "" };
            let mut q = String::new();
            for i in 0..n {
                if q.len() >= max {
                    break;
                }
                q.push_str(&format!("w{i}{star} "));
            }
            q
        }
        _ => {
            let mut q = String::new();
            for _ in 0..g.count(256) {
                if q.len() >= max {
                    break;
                }
                if g.chance(1, 2) {
                    q.push_str(g.pick(TOKENS));
                } else {
                    q.push_str(g.word());
                }
                q.push_str(g.pick(&[" ", "", "  ", "\t", "\n"]));
            }
            q
        }
    }
}
