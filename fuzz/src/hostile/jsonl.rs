//! JSON Lines imports: records of `{url, html | text, title?, published?, source?}` with
//! hostile pages and texts, wrong types, nulls, huge numbers, deep values, missing fields,
//! duplicate keys, lone surrogates, blank, giant and non-UTF-8 lines.

use super::feed::{json_string, value};
use super::{Gen, Limits};

/// Builds one JSON Lines file.
pub fn file(g: &mut Gen) -> Vec<u8> {
    let max = g.limits.max_len;
    let mut out = Vec::new();
    if g.chance(1, 8) {
        out.extend_from_slice(b"\xef\xbb\xbf");
    }
    let eol: &[u8] = g.pick(&[&b"\n"[..], b"\r\n", b"\n\n"]);
    for _ in 0..g.range(1, 12) {
        if out.len() >= max {
            break;
        }
        line(g, &mut out);
        out.extend_from_slice(eol);
    }
    out
}

fn line(g: &mut Gen, out: &mut Vec<u8>) {
    let max = g.limits.max_len;
    match g.below(10) {
        0..=5 => {
            let mut fields = Vec::new();
            let url = match g.below(12) {
                0 => value(g),
                1 => json_string(&g.url()),
                _ => json_string(&format!(
                    "https://jsonl.example.com/{}",
                    g.range(0, 1_000_000)
                )),
            };
            if g.chance(7, 8) {
                fields.push(format!("\"url\":{url}"));
            }
            let small = Limits {
                max_len: max / 4,
                ..g.limits
            };
            let saved = g.limits;
            g.limits = small;
            match g.below(8) {
                0..=2 => {
                    let page = super::html::page(g);
                    fields.push(format!(
                        "\"html\":{}",
                        json_string(&String::from_utf8_lossy(&page))
                    ));
                }
                3 | 4 => {
                    let page = super::html::article_with(g);
                    fields.push(format!(
                        "\"html\":{}",
                        json_string(&String::from_utf8_lossy(&page))
                    ));
                }
                5 | 6 => {
                    let text = super::text::capture(g);
                    fields.push(format!(
                        "\"text\":{}",
                        json_string(&String::from_utf8_lossy(&text))
                    ));
                }
                _ => fields.push(format!("\"{}\":{}", g.pick(&["html", "text"]), value(g))),
            }
            g.limits = saved;
            // Mostly the optional fields with strings; now and then a wrong type or a
            // duplicate of a field already there (refused by the JSON reader as a whole line).
            let mut seen = Vec::new();
            for _ in 0..g.range(0, 4) {
                let name = g.pick(&["title", "published", "source", "extra"]);
                if seen.contains(&name) && g.chance(7, 8) {
                    continue;
                }
                seen.push(name);
                let v = match g.below(8) {
                    0 => value(g),
                    1 | 2 => json_string(&super::dates::text(g)),
                    3 => json_string(&super::html::runaway(g, max / 8)),
                    _ => json_string(&g.sentence()),
                };
                fields.push(format!("\"{name}\":{v}"));
            }
            if g.chance(1, 16) {
                fields.push(format!(
                    "\"{}\":{}",
                    g.pick(&["url", "html", "text"]),
                    value(g)
                ));
            }
            out.push(b'{');
            out.extend_from_slice(fields.join(",").as_bytes());
            out.push(b'}');
        }
        6 => out.extend_from_slice(value(g).as_bytes()),
        7 => {
            let d = g.count(g.limits.max_depth.min(max / 8));
            out.extend_from_slice(
                b"{\"url\":\"https://deep.example.com/\",\"text\":\"x\",\"extra\":",
            );
            out.extend_from_slice("[".repeat(d).as_bytes());
            out.extend_from_slice("]".repeat(d).as_bytes());
            out.push(b'}');
        }
        8 => {
            let raw = g.raw(max / 8);
            out.extend_from_slice(&raw);
        }
        _ => out.extend_from_slice(g.pick(&[
            &b"{\"url\":\"https://x.example.com/\",\"text\":\"a\"\xff}"[..],
            b"{",
            b"}",
            b"   ",
            b"{\"url\":\"https://x.example.com/\"}",
            b"{\"html\":\"<p>no url</p>\"}",
            b"{\"url\":\"\",\"text\":\"empty url\"}",
            b"{\"url\":\"https://x.example.com/\",\"text\":\"\"}",
            b"{\"url\":\"https://x.example.com/\",\"html\":null,\"text\":null}",
            b"[\"url\",\"text\"]",
            b"{\"url\":\"https://x.example.com/\",\"text\":\"\\ud800\"}",
        ])),
    }
}
