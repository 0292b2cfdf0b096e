//! Hostile feeds: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 and 0.3, JSON Feed, with items of
//! hostile titles, links, dates and HTML bodies, deep XML inside items, huge attributes,
//! entity declarations (billion laughs), unterminated CDATA, wrong encoding declarations and
//! invalid bytes.

use super::{Gen, repeat_into};

/// Builds one hostile feed.
pub fn feed(g: &mut Gen) -> Vec<u8> {
    match g.below(8) {
        0..=3 => xml(g),
        4 => json(g),
        _ => {
            // A fine feed cut anywhere.
            let mut f = xml(g);
            let cut = g.below(f.len() + 1);
            f.truncate(cut);
            f
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Flavour {
    Rss2,
    Rss090,
    Rdf,
    Atom,
    Atom03,
}

fn xml(g: &mut Gen) -> Vec<u8> {
    let max = g.limits.max_len;
    let flavour = g.pick(&[
        Flavour::Rss2,
        Flavour::Rss2,
        Flavour::Rss090,
        Flavour::Rdf,
        Flavour::Atom,
        Flavour::Atom,
        Flavour::Atom03,
    ]);
    let mut out = Vec::new();
    match g.below(8) {
        0 => out.extend_from_slice(b"\xef\xbb\xbf"),
        1 => out.extend_from_slice(b"\xff\xfe"),
        _ => {}
    }
    if g.chance(3, 4) {
        let enc = g.pick(super::html::CHARSETS);
        out.extend_from_slice(format!("<?xml version=\"1.0\" encoding=\"{enc}\"?>\n").as_bytes());
    }
    if g.chance(1, 6) {
        doctype(g, &mut out);
    }
    let (open, close, item_open, item_close) = match flavour {
        Flavour::Rss2 => (
            "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Feed</title><link>https://feed.example.com/</link>",
            "</channel></rss>",
            "<item>",
            "</item>",
        ),
        Flavour::Rss090 => (
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"><channel><title>Old</title><link>https://old.example.com/</link></channel>",
            "</rdf:RDF>",
            "<item>",
            "</item>",
        ),
        Flavour::Rdf => (
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel rdf:about=\"x\"><title>RDF</title></channel>",
            "</rdf:RDF>",
            "<item rdf:about=\"https://rdf.example.com/1\">",
            "</item>",
        ),
        Flavour::Atom => (
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\"><title>Atom</title><id>urn:x</id><updated>2026-03-05T10:00:00Z</updated>",
            "</feed>",
            "<entry>",
            "</entry>",
        ),
        Flavour::Atom03 => (
            "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>Atom 0.3</title><modified>2004-03-05T10:00:00Z</modified>",
            "</feed>",
            "<entry>",
            "</entry>",
        ),
    };
    out.extend_from_slice(open.as_bytes());
    for _ in 0..g.count(64) {
        if out.len() >= max {
            break;
        }
        out.extend_from_slice(item_open.as_bytes());
        for _ in 0..g.range(0, 10) {
            if out.len() >= max {
                break;
            }
            item_piece(g, flavour, &mut out);
        }
        if g.chance(15, 16) {
            out.extend_from_slice(item_close.as_bytes());
        }
    }
    if g.chance(1, 8) {
        deep(g, &mut out);
    }
    out.extend_from_slice(close.as_bytes());
    out
}

/// A DOCTYPE with entity declarations: an exponential expansion (billion laughs), an
/// external entity, a parameter entity.
fn doctype(g: &mut Gen, out: &mut Vec<u8>) {
    match g.below(3) {
        0 => {
            out.extend_from_slice(b"<!DOCTYPE rss [<!ENTITY a \"lol\">");
            let levels = g.range(1, 12);
            let mut prev = String::from("a");
            for i in 0..levels {
                let name = format!("e{i}");
                let body: String = (0..10).map(|_| format!("&{prev};")).collect();
                out.extend_from_slice(format!("<!ENTITY {name} \"{body}\">").as_bytes());
                prev = name;
            }
            out.extend_from_slice(b"]>");
        }
        1 => out.extend_from_slice(b"<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"),
        _ => out.extend_from_slice(b"<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">"),
    }
}

fn item_piece(g: &mut Gen, flavour: Flavour, out: &mut Vec<u8>) {
    let max = g.limits.max_len;
    let atom = matches!(flavour, Flavour::Atom | Flavour::Atom03);
    match g.below(14) {
        0 | 1 => {
            let title = match g.below(4) {
                0 => super::html::runaway(g, max / 4),
                1 => escape(&g.odd_text()),
                2 => format!("<![CDATA[{}]]>", g.sentence()),
                _ => escape(&g.sentence()),
            };
            let ty = if atom {
                g.pick(&[
                    "",
                    " type=\"html\"",
                    " type=\"xhtml\"",
                    " type=\"text/html\"",
                ])
            } else {
                ""
            };
            out.extend_from_slice(format!("<title{ty}>{title}</title>").as_bytes());
        }
        2 => {
            let url = escape(&g.url());
            if atom {
                let rel = g.pick(&[
                    "",
                    " rel=\"alternate\"",
                    " rel=\"enclosure\"",
                    " rel=\"self\"",
                ]);
                out.extend_from_slice(format!("<link{rel} href=\"{url}\"/>").as_bytes());
            } else {
                out.extend_from_slice(format!("<link>{url}</link>").as_bytes());
            }
        }
        3 => {
            let guid = escape(&g.url());
            let tag = if atom { "id" } else { "guid" };
            out.extend_from_slice(format!("<{tag}>{guid}</{tag}>").as_bytes());
        }
        4 => {
            let tag = match flavour {
                Flavour::Atom => g.pick(&["published", "updated"]),
                Flavour::Atom03 => g.pick(&["issued", "modified", "created"]),
                Flavour::Rdf => "dc:date",
                _ => g.pick(&["pubDate", "dc:date"]),
            };
            out.extend_from_slice(
                format!("<{tag}>{}</{tag}>", escape(&super::dates::text(g))).as_bytes(),
            );
        }
        5 | 6 => {
            // An HTML body: escaped, in CDATA, or as XHTML.
            let limits = super::Limits {
                max_len: max / 8,
                ..g.limits
            };
            let saved = g.limits;
            g.limits = limits;
            let html = super::html::article_with(g);
            g.limits = saved;
            let html = String::from_utf8_lossy(&html).into_owned();
            let tag = if atom {
                g.pick(&["content type=\"html\"", "summary type=\"html\"", "content"])
            } else {
                g.pick(&["description", "content:encoded"])
            };
            let end = tag.split(' ').next().unwrap_or(tag);
            let body = match g.below(3) {
                0 => format!("<![CDATA[{}]]>", html.replace("]]>", "]]]]><![CDATA[>")),
                1 => escape(&html),
                _ => format!("<![CDATA[{html}"),
            };
            out.extend_from_slice(format!("<{tag}>{body}</{end}>").as_bytes());
        }
        7 => {
            // media: and enclosure elements with odd or many attributes (the validator case).
            let piece = g.pick(&[
                "<media:title type=\"text/html\">x</media:title>",
                "<media:thumbnail url=\"https://img.example.com/a.jpg\" width=\"x\" height=\"-1\"/>",
                "<media:content url=\"javascript:alert(1)\" medium=\"image\"/>",
                "<enclosure url=\"https://e.example.com/a.mp3\" length=\"99999999999999999999\" type=\"audio/mpeg\"/>",
                "<media:group><media:content url=\"\"/></media:group>",
                "<source url=\"\">x</source>",
                "<comments>not a url</comments>",
            ]);
            out.extend_from_slice(piece.as_bytes());
        }
        8 => {
            let n = g.count(max / 32);
            for i in 0..n {
                if out.len() >= max {
                    break;
                }
                out.extend_from_slice(format!("<category>c{i}</category>").as_bytes());
            }
        }
        9 => {
            let who = escape(&g.odd_text());
            if atom {
                out.extend_from_slice(
                    format!("<author><name>{who}</name><email>x</email></author>").as_bytes(),
                );
            } else {
                out.extend_from_slice(
                    format!("<author>{who}</author><dc:creator>{who}</dc:creator>").as_bytes(),
                );
            }
        }
        10 => deep(g, out),
        11 => {
            // One element with many attributes.
            out.extend_from_slice(b"<x:odd xmlns:x=\"urn:x\"");
            let n = g.count(max / 8);
            for i in 0..n {
                if out.len() >= max {
                    break;
                }
                out.extend_from_slice(format!(" a{i}=\"v\"").as_bytes());
            }
            out.extend_from_slice(b"/>");
        }
        12 => {
            let unit = g.pick(&[
                &b"&amp;"[..],
                b"&lol;",
                b"&#0;",
                b"&#xFFFE;",
                b"&",
                b"\x80",
                b"\xff\xfe",
                b"<!-- -->",
                b"]]>",
            ]);
            out.extend_from_slice(b"<description>");
            let n = g.count(max / unit.len().max(1));
            repeat_into(out, unit, n, max);
            out.extend_from_slice(b"</description>");
        }
        _ => {
            let raw = g.raw(max / 8);
            out.extend_from_slice(&raw);
        }
    }
}

/// Deep XML: an unknown element nested up to the depth limit, closed or not.
fn deep(g: &mut Gen, out: &mut Vec<u8>) {
    let max = g.limits.max_len;
    let depth = g.count(g.limits.max_depth);
    let tag = g.pick(&["x", "div", "item", "entry", "content", "a:b"]);
    let open = if tag.contains(':') {
        "<a:b xmlns:a=\"urn:a\">".to_owned()
    } else {
        format!("<{tag}>")
    };
    let mut opened = 0;
    for _ in 0..depth {
        if out.len() >= max {
            break;
        }
        out.extend_from_slice(open.as_bytes());
        opened += 1;
    }
    if g.chance(3, 4) {
        for _ in 0..opened {
            out.extend_from_slice(format!("</{tag}>").as_bytes());
        }
    }
}

/// A JSON Feed: items with wrong types, nulls, huge numbers, deep nesting, hostile HTML.
fn json(g: &mut Gen) -> Vec<u8> {
    let max = g.limits.max_len;
    let mut out = Vec::new();
    let version = g.pick(&[
        "\"https://jsonfeed.org/version/1.1\"",
        "\"https://jsonfeed.org/version/1\"",
        "1",
        "null",
        "\"https://jsonfeed.org/version/99\"",
    ]);
    out.extend_from_slice(
        format!("{{\"version\":{version},\"title\":{},\"items\":[", value(g)).as_bytes(),
    );
    for i in 0..g.count(64) {
        if out.len() >= max {
            break;
        }
        if i > 0 {
            out.push(b',');
        }
        out.push(b'{');
        let fields = g.range(0, 8);
        for j in 0..fields {
            if j > 0 {
                out.push(b',');
            }
            let name = g.pick(&[
                "id",
                "url",
                "title",
                "content_html",
                "content_text",
                "summary",
                "image",
                "date_published",
                "date_modified",
                "authors",
                "author",
                "tags",
                "language",
                "external_url",
            ]);
            let v = match g.below(4) {
                0 => value(g),
                1 => json_string(&g.url()),
                2 => json_string(&super::dates::text(g)),
                _ => {
                    let saved = g.limits;
                    g.limits.max_len = max / 8;
                    let html = super::html::article_with(g);
                    g.limits = saved;
                    json_string(&String::from_utf8_lossy(&html))
                }
            };
            out.extend_from_slice(format!("\"{name}\":{v}").as_bytes());
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    out
}

/// A JSON value of any type, often the wrong one: nulls, huge numbers, deep arrays.
pub fn value(g: &mut Gen) -> String {
    match g.below(12) {
        0 => "null".into(),
        1 => "true".into(),
        2 => "12345678901234567890123456789012345678901234567890".into(),
        3 => "1e999999".into(),
        4 => "-1.5e-400".into(),
        5 => "[]".into(),
        6 => "{}".into(),
        7 => {
            let d = g.count(g.limits.max_depth.min(g.limits.max_len / 2));
            format!("{}{}", "[".repeat(d), "]".repeat(d))
        }
        8 => "\"\\ud800\"".into(),
        9 => "\"\\u0000\"".into(),
        10 => "[{\"name\":null},{\"name\":7},\"x\"]".into(),
        _ => json_string(&g.odd_text()),
    }
}

/// A JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// XML-escaped text.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
