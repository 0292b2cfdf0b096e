//! Hostile HTML pages: a page skeleton (BOM, doctype, charset declarations, title, meta tags,
//! JSON-LD) around a body of hostile pieces mixed with prose.

use super::{Gen, repeat_into};

/// Tags the nesting pieces cycle through: block and inline, formatting elements (the adoption
/// agency's), tables and lists (implied tags, foster parenting), foreign content, raw-text
/// and template elements.
pub const TAGS: &[&str] = &[
    "div",
    "span",
    "p",
    "b",
    "i",
    "a",
    "em",
    "strong",
    "font",
    "u",
    "s",
    "small",
    "big",
    "nobr",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "figure",
    "blockquote",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tbody",
    "tr",
    "td",
    "th",
    "caption",
    "form",
    "fieldset",
    "select",
    "option",
    "button",
    "label",
    "h1",
    "h2",
    "h3",
    "h6",
    "pre",
    "code",
    "svg",
    "math",
    "g",
    "foreignObject",
    "template",
    "noscript",
    "iframe",
    "object",
    "center",
    "marquee",
    "details",
    "summary",
    "x-custom",
    "o:p",
    "time",
    "address",
    "q",
    "cite",
    "sup",
];

/// Builds one hostile page.
pub fn page(g: &mut Gen) -> Vec<u8> {
    let max = g.limits.max_len;
    let mut out = Vec::new();
    prefix(g, &mut out);
    if g.chance(3, 4) {
        out.extend_from_slice(b"<html");
        if g.chance(1, 2) {
            out.extend_from_slice(format!(" lang=\"{}\"", g.pick(LANGS)).as_bytes());
        }
        out.extend_from_slice(b">");
    }
    if g.chance(3, 4) {
        out.extend_from_slice(b"<head>");
    }
    for _ in 0..g.count(12) {
        if out.len() >= max {
            break;
        }
        head_piece(g, &mut out);
    }
    if g.chance(3, 4) {
        out.extend_from_slice(b"</head><body>");
    }
    for _ in 0..g.range(1, 24) {
        if out.len() >= max {
            break;
        }
        body_piece(g, &mut out);
    }
    if g.chance(1, 2) {
        out.extend_from_slice(b"</body></html>");
    }
    out
}

/// A page of prose with one hostile body piece in it (the shape of the issue's
/// reproductions: a real article and one thing that breaks the reader).
pub fn article_with(g: &mut Gen) -> Vec<u8> {
    let mut out = b"<!doctype html><html><head><title>".to_vec();
    out.extend_from_slice(g.sentence().as_bytes());
    out.extend_from_slice(b"</title></head><body><article>");
    for _ in 0..g.range(2, 6) {
        out.extend_from_slice(format!("<p>{}</p>", g.prose(4)).as_bytes());
    }
    body_piece(g, &mut out);
    out.extend_from_slice(b"</article></body></html>");
    out
}

/// What comes before the markup: nothing, a BOM (right or wrong for the bytes), white space,
/// an XML declaration.
fn prefix(g: &mut Gen, out: &mut Vec<u8>) {
    match g.below(10) {
        0 => out.extend_from_slice(b"\xef\xbb\xbf"),
        1 => out.extend_from_slice(b"\xff\xfe"),
        2 => out.extend_from_slice(b"\xfe\xff"),
        3 => out.extend_from_slice(b"\xef\xbb\xbf\xef\xbb\xbf"),
        4 => out.extend_from_slice(b"\n\n   \t"),
        5 => out.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>"),
        _ => {}
    }
    match g.below(4) {
        0 => out.extend_from_slice(b"<!DOCTYPE html>"),
        1 => out.extend_from_slice(
            b"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x.dtd\">",
        ),
        2 => out.extend_from_slice(b"<!DOCTYPE"),
        _ => {}
    }
}

const LANGS: &[&str] = &[
    "en",
    "de-DE",
    "fr",
    "",
    "xx",
    "zh-Hant-TW",
    "en_US",
    "\u{0}",
    "ar",
];

/// Charset labels: right, wrong, unknown, dangerous (UTF-7, x-user-defined), empty.
pub const CHARSETS: &[&str] = &[
    "utf-8",
    "UTF8",
    "windows-1252",
    "iso-8859-1",
    "shift_jis",
    "euc-jp",
    "iso-2022-jp",
    "gb18030",
    "big5",
    "koi8-r",
    "utf-16",
    "utf-16le",
    "UTF-16BE",
    "utf-7",
    "x-user-defined",
    "replacement",
    "bogus-charset",
    "",
    "\"utf-8",
    "utf-8;",
    "windows-1251",
];

fn head_piece(g: &mut Gen, out: &mut Vec<u8>) {
    let max = g.limits.max_len;
    match g.below(9) {
        0 => {
            let cs = g.pick(CHARSETS);
            let tag = match g.below(4) {
                0 => format!("<meta charset=\"{cs}\">"),
                1 => format!("<meta charset={cs}>"),
                2 => format!(
                    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset={cs}\">"
                ),
                _ => format!("<meta charset=\"{cs}"),
            };
            out.extend_from_slice(tag.as_bytes());
        }
        1 | 2 => title(g, out),
        3 => {
            let name = g.pick(&[
                "property=\"og:title\"",
                "name=\"twitter:title\"",
                "name=\"description\"",
                "property=\"og:description\"",
                "name=\"author\"",
                "property=\"article:author\"",
                "property=\"article:published_time\"",
                "name=\"date\"",
                "property=\"og:site_name\"",
                "property=\"og:image\"",
                "property=\"og:url\"",
                "name=\"keywords\"",
                "property=\"article:section\"",
                "property=\"article:tag\"",
                "http-equiv=\"content-language\"",
            ]);
            let value = match g.below(4) {
                0 => runaway(g, max / 2),
                1 => super::dates::text(g),
                2 => g.url(),
                _ => g.sentence(),
            };
            out.extend_from_slice(format!("<meta {name} content=\"{value}\">").as_bytes());
        }
        4 => {
            out.extend_from_slice(b"<script type=\"application/ld+json\">");
            json_ld(g, out);
            if g.chance(7, 8) {
                out.extend_from_slice(b"</script>");
            }
        }
        5 => out.extend_from_slice(
            format!(
                "<link rel=\"{}\" href=\"{}\">",
                g.pick(&[
                    "canonical",
                    "alternate",
                    "amphtml",
                    "CANONICAL",
                    "canonical nofollow"
                ]),
                g.url()
            )
            .as_bytes(),
        ),
        6 => out.extend_from_slice(format!("<base href=\"{}\">", g.url()).as_bytes()),
        7 => {
            let tag = g.pick(&["script", "style", "noscript", "template", "textarea", "xmp"]);
            out.extend_from_slice(format!("<{tag}>").as_bytes());
            let n = g.count(max / 16);
            repeat_into(out, b"var a = '</scr' + 'ipt>'; <!-- ", n, max);
            if g.chance(1, 2) {
                out.extend_from_slice(format!("</{tag}>").as_bytes());
            }
        }
        _ => attributes(g, out, "meta"),
    }
}

/// A `<title>`: prose, runaway separators ("word | " × thousands), separators only, markup
/// inside, unterminated, or several titles.
pub fn title(g: &mut Gen, out: &mut Vec<u8>) {
    let max = g.limits.max_len;
    out.extend_from_slice(b"<title>");
    match g.below(4) {
        0 => out.extend_from_slice(g.sentence().as_bytes()),
        1 => out.extend_from_slice(runaway(g, max).as_bytes()),
        2 => {
            let n = g.count(max / 8);
            for _ in 0..n.min(max / 8) {
                out.extend_from_slice(b"<b>x</b> | ");
            }
        }
        _ => {
            out.extend_from_slice(g.sentence().as_bytes());
            out.extend_from_slice(g.odd_text().as_bytes());
        }
    }
    if g.chance(7, 8) {
        out.extend_from_slice(b"</title>");
    }
}

/// Title-like text that runs away: "word | " repeated, separators only, separator mixtures,
/// thousands of distinct words.
pub fn runaway(g: &mut Gen, max: usize) -> String {
    const SEPARATORS: &[&str] = &[
        " | ", " - ", " — ", " – ", " · ", " :: ", " » ", " / ", ": ",
    ];
    let n = g.count(max / 4);
    let mut s = String::new();
    match g.below(4) {
        0 => {
            let sep = g.pick(SEPARATORS);
            for _ in 0..n {
                if s.len() >= max {
                    break;
                }
                s.push_str("word");
                s.push_str(sep);
            }
        }
        1 => {
            let sep = g.pick(SEPARATORS);
            for _ in 0..n {
                if s.len() >= max {
                    break;
                }
                s.push_str(sep);
            }
        }
        2 => {
            for _ in 0..n {
                if s.len() >= max {
                    break;
                }
                s.push_str(g.word());
                s.push_str(g.pick(SEPARATORS));
            }
        }
        _ => {
            for i in 0..n {
                if s.len() >= max {
                    break;
                }
                s.push_str(&format!("w{i} "));
            }
        }
    }
    s
}

/// JSON-LD: a fine NewsArticle with hostile values, wrong types, deep arrays or objects,
/// huge `@graph`s, or broken JSON.
fn json_ld(g: &mut Gen, out: &mut Vec<u8>) {
    let max = g.limits.max_len;
    match g.below(6) {
        0 => {
            let depth = g.count(g.limits.max_depth);
            repeat_into(out, b"[", depth, max);
            out.extend_from_slice(b"{\"@type\":\"NewsArticle\",\"headline\":\"deep\"}");
            repeat_into(out, b"]", depth, max + depth);
        }
        1 => {
            let depth = g.count(g.limits.max_depth);
            repeat_into(out, b"{\"author\":", depth, max);
            out.extend_from_slice(b"\"x\"");
            repeat_into(out, b"}", depth, max + depth);
        }
        2 => {
            out.extend_from_slice(b"{\"@graph\":[");
            let n = g.count(max / 64);
            for i in 0..n {
                if out.len() >= max {
                    break;
                }
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(
                    format!("{{\"@type\":\"Person\",\"name\":\"P{i}\",\"@id\":\"#{i}\"}}")
                        .as_bytes(),
                );
            }
            out.extend_from_slice(b"]}");
        }
        3 => {
            let value = g.pick(&[
                "null",
                "12345678901234567890123456789",
                "1e999999",
                "-0",
                "true",
                "[]",
                "{}",
                "[null,1,{\"name\":{\"name\":[]}}]",
                "\"\\ud800\"",
                "\"\\u0000\"",
            ]);
            let field = g.pick(&[
                "headline",
                "datePublished",
                "author",
                "publisher",
                "image",
                "mainEntityOfPage",
                "@type",
                "articleBody",
                "inLanguage",
                "keywords",
            ]);
            out.extend_from_slice(
                format!("{{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"{field}\":{value}}}")
                    .as_bytes(),
            );
        }
        4 => {
            out.extend_from_slice(
                format!(
                    "{{\"@type\":\"NewsArticle\",\"headline\":\"{}\",\"datePublished\":\"{}\",\"author\":{{\"name\":\"{}\"}},\"articleBody\":\"{}\"}}",
                    runaway(g, max / 4),
                    super::dates::text(g),
                    g.odd_text().replace(['"', '\\'], ""),
                    g.prose(8)
                )
                .as_bytes(),
            );
        }
        _ => {
            let raw = g.raw(max / 4);
            out.extend_from_slice(b"{\"@type\":\"NewsArticle\",\"headline\":\"");
            out.extend_from_slice(&raw);
        }
    }
}

fn body_piece(g: &mut Gen, out: &mut Vec<u8>) {
    match g.below(20) {
        0..=3 => prose(g, out),
        4 | 5 => nest(g, out),
        6 => attributes(g, out, ""),
        7 => br_flood(g, out),
        8 => giant_line(g, out),
        9 => unterminated(g, out),
        10 => entities(g, out),
        11 => bad_bytes(g, out),
        12 => formatting_flood(g, out),
        13 => tables(g, out),
        14 => bylines(g, out),
        15 => link_lists(g, out),
        16 => comments(g, out),
        17 => {
            let raw = g.raw(g.limits.max_len / 4);
            out.extend_from_slice(&raw);
        }
        18 => title(g, out),
        _ => {
            let n = g.count(g.limits.max_len / 8);
            repeat_into(out, b"<p></p>", n, g.limits.max_len);
        }
    }
}

fn prose(g: &mut Gen, out: &mut Vec<u8>) {
    let tag = g.pick(&[
        "p",
        "p",
        "div",
        "h1",
        "h2",
        "li",
        "blockquote",
        "td",
        "span",
    ]);
    out.extend_from_slice(format!("<{tag}>{}</{tag}>", g.prose(6)).as_bytes());
}

/// Deep nesting: one tag or a cycle of assorted tags, opened thousands of times (up to the
/// depth limit), with or without text at each level, closed, misclosed or left open.
fn nest(g: &mut Gen, out: &mut Vec<u8>) {
    let max = g.limits.max_len;
    let depth = g.count(g.limits.max_depth);
    let cycle: Vec<&str> = (0..g.range(1, 6)).map(|_| g.pick(TAGS)).collect();
    let text = match g.below(3) {
        0 => "",
        1 => "a",
        _ => "Officials said the fire was out. ",
    };
    let attrs = g.chance(1, 4);
    let mut opened = 0;
    for i in 0..depth {
        if out.len() >= max {
            break;
        }
        let tag = cycle[i % cycle.len()];
        if attrs {
            out.extend_from_slice(format!("<{tag} class=\"article content c{i}\">").as_bytes());
        } else {
            out.extend_from_slice(format!("<{tag}>").as_bytes());
        }
        out.extend_from_slice(text.as_bytes());
        opened += 1;
    }
    out.extend_from_slice(g.prose(3).as_bytes());
    match g.below(3) {
        0 => {
            for i in (0..opened).rev() {
                out.extend_from_slice(format!("</{}>", cycle[i % cycle.len()]).as_bytes());
            }
        }
        1 => {
            for i in 0..opened {
                out.extend_from_slice(format!("</{}>", cycle[i % cycle.len()]).as_bytes());
            }
        }
        _ => {}
    }
}

/// One element with a huge number of attributes, or huge values, duplicates, broken quoting.
fn attributes(g: &mut Gen, out: &mut Vec<u8>, tag: &str) {
    let max = g.limits.max_len;
    let tag = if tag.is_empty() { g.pick(TAGS) } else { tag };
    out.extend_from_slice(format!("<{tag}").as_bytes());
    let n = g.count(max / 8);
    match g.below(5) {
        0 => {
            for i in 0..n {
                if out.len() >= max {
                    break;
                }
                out.extend_from_slice(format!(" a{i}=\"v\"").as_bytes());
            }
        }
        1 => repeat_into(out, b" class=\"x\"", n, max),
        2 => {
            let name = g.pick(&[
                "content", "class", "style", "href", "srcset", "datetime", "alt",
            ]);
            out.extend_from_slice(format!(" {name}=\"").as_bytes());
            repeat_into(out, b"word ", n, max);
            out.push(b'"');
        }
        3 => repeat_into(out, b" x='\"y\"' z=\"'\" =w", n, max),
        _ => {
            out.extend_from_slice(b" class=\"");
            for i in 0..n {
                if out.len() >= max {
                    break;
                }
                out.extend_from_slice(format!("c{i} ").as_bytes());
            }
            out.push(b'"');
        }
    }
    out.extend_from_slice(format!(">{}</{tag}>", g.sentence()).as_bytes());
}

/// Many `<br>` (the issue's 20 MB of `a<br>`), in their forms.
fn br_flood(g: &mut Gen, out: &mut Vec<u8>) {
    let unit = g.pick(&[
        &b"a<br>"[..],
        b"<br>",
        b"<br/>",
        b"</br>",
        b"a<br><br>b ",
        b"<p>a<br>",
    ]);
    let n = g.count(g.limits.max_len / unit.len().max(1));
    repeat_into(out, unit, n, g.limits.max_len);
}

/// A giant single line: one word with no space, or words with no line break.
fn giant_line(g: &mut Gen, out: &mut Vec<u8>) {
    let unit = g.pick(&[&b"a"[..], b"word ", b"\xe4\xb8\x9c", b"Mr. ", b"3.5.", b"."]);
    let n = g.count(g.limits.max_len);
    out.extend_from_slice(b"<p>");
    repeat_into(out, unit, n, g.limits.max_len);
    out.extend_from_slice(b"</p>");
}

/// Constructs left open: tags, attribute values, comments, CDATA, raw-text elements,
/// processing instructions.
fn unterminated(g: &mut Gen, out: &mut Vec<u8>) {
    let piece = g.pick(&[
        &b"<div class=\"never closed"[..],
        b"<!-- never closed",
        b"<![CDATA[ never closed",
        b"<script>var x = 1;",
        b"<style>p { color: red }",
        b"<textarea>",
        b"<title>",
        b"<plaintext>",
        b"<?php echo 1;",
        b"<a href='",
        b"<",
        b"</",
        b"<!",
        b"<!DOCTYPE",
        b"&#x",
        b"<svg><![CDATA[",
        b"<math><mi><!--",
        b"<noscript><p>",
        b"<iframe srcdoc=\"<p>",
        b"<table><tr><td><table>",
        b"<select><option>",
    ]);
    out.extend_from_slice(piece);
    if g.chance(1, 2) {
        out.extend_from_slice(g.prose(3).as_bytes());
    }
}

/// Entity floods: named, numeric, out of range, surrogates, NUL, unknown, unterminated.
fn entities(g: &mut Gen, out: &mut Vec<u8>) {
    let unit = g.pick(&[
        &b"&amp;"[..],
        b"&lt;b&gt;",
        b"&nbsp;",
        b"&#0;",
        b"&#xD800;",
        b"&#x110000;",
        b"&#99999999999999999999;",
        b"&#x10FFFF;",
        b"&unknown;",
        b"&amp",
        b"&",
        b"&NotNestedGreaterGreater;",
        b"&#128512;",
        b"&#x80;",
        b"&lt;script&gt;alert(1)&lt;/script&gt;",
    ]);
    let n = g.count(g.limits.max_len / unit.len().max(1));
    out.extend_from_slice(b"<p>");
    repeat_into(out, unit, n, g.limits.max_len);
    out.extend_from_slice(b"</p>");
}

/// Bytes that are not UTF-8, or another encoding than declared: Latin-1, Shift_JIS, UTF-16
/// halves, lone continuation bytes, overlong forms, surrogates encoded in UTF-8, NUL.
fn bad_bytes(g: &mut Gen, out: &mut Vec<u8>) {
    let unit = g.pick(&[
        &b"caf\xe9 "[..],
        b"\x82\xa0\x82\xa2",
        b"\x80",
        b"\xc0\xaf",
        b"\xed\xa0\x80",
        b"\xf4\x90\x80\x80",
        b"\xfe\xff\x00<\x00p",
        b"<\x00p\x00>\x00",
        b"\x00",
        b"\x1b$B",
        b"\xe2\x80",
        b"\x93quoted\x94",
    ]);
    let n = g.count(g.limits.max_len / (4 * unit.len().max(1)));
    out.extend_from_slice(b"<p>");
    repeat_into(out, unit, n, g.limits.max_len);
    out.extend_from_slice(g.sentence().as_bytes());
    out.extend_from_slice(b"</p>");
}

/// Formatting elements left open with distinct attributes (so the parser's "Noah's Ark"
/// clause does not drop them), then paragraphs: each paragraph reconstructs every open one.
fn formatting_flood(g: &mut Gen, out: &mut Vec<u8>) {
    let max = g.limits.max_len;
    let open = g.count(max / 32);
    let paras = g.count(max / 16);
    let tag = g.pick(&["b", "i", "font", "a", "em", "nobr", "u"]);
    for i in 0..open {
        if out.len() >= max / 2 {
            break;
        }
        out.extend_from_slice(format!("<{tag} id=\"f{i}\">").as_bytes());
    }
    repeat_into(out, b"<p>x", paras, max);
}

/// Tables nested in cells, cells outside rows, content outside cells (foster parenting).
fn tables(g: &mut Gen, out: &mut Vec<u8>) {
    let max = g.limits.max_len;
    let unit = g.pick(&[
        &b"<table><tr><td>"[..],
        b"<table>text outside<tr>",
        b"<td><td><td>",
        b"<tr><th>",
        b"<table><caption><table>",
        b"<ul><li><ol><li>",
        b"<dl><dt><dd>",
    ]);
    let n = g.count(g.limits.max_depth.min(max / unit.len().max(1)));
    repeat_into(out, unit, n, max);
    out.extend_from_slice(g.sentence().as_bytes());
}

/// Bylines, datelines and `<time>` elements with hostile content.
fn bylines(g: &mut Gen, out: &mut Vec<u8>) {
    let n = g.count(64);
    for _ in 0..n {
        let piece = match g.below(4) {
            0 => format!("<p class=\"byline\">By {} {}</p>", g.word(), g.odd_text()),
            1 => format!(
                "<time datetime=\"{}\">{}</time>",
                super::dates::text(g),
                super::dates::text(g)
            ),
            2 => format!(
                "<span itemprop=\"author\">{}</span>",
                super::html::runaway(g, 4096)
            ),
            _ => format!("<p>Published {}</p>", super::dates::text(g)),
        };
        out.extend_from_slice(piece.as_bytes());
    }
}

/// Link lists (related stories, navigation) with hostile URLs.
fn link_lists(g: &mut Gen, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<h3>Latest News</h3><ul>");
    for _ in 0..g.count(256) {
        let url = g.url().replace('"', "");
        out.extend_from_slice(
            format!("<li><a href=\"{url}\">{}</a></li>", g.sentence()).as_bytes(),
        );
    }
    out.extend_from_slice(b"</ul>");
}

/// Comment floods, comments in odd places, `--!>`, nested-looking comments.
fn comments(g: &mut Gen, out: &mut Vec<u8>) {
    let unit = g.pick(&[
        &b"<!-- c -->"[..],
        b"<!-- <!-- -->",
        b"<!--->",
        b"<!-- --!>",
        b"<!---->x",
        b"<!-->",
        b"<!--[if IE]><p>x</p><![endif]-->",
    ]);
    let n = g.count(g.limits.max_len / unit.len().max(1));
    repeat_into(out, unit, n, g.limits.max_len);
}
