//! Rewrites of a feed's text so that feed-rs reads what a feed reader reads.
//!
//! - Before the first parse: Atom 0.3 becomes Atom 1.0 and RSS 0.90's Netscape namespace
//!   becomes RSS 1.0's (RSS 0.90 is RSS 1.0's ancestor; feed-rs knows only the latter).
//! - After a failed parse ([`repair`]): the XML declaration dropped (the text is UTF-8 now), a
//!   `version` feed-rs does not know, a missing `<channel>`, bare `&`s, unusable `xml:base`
//!   values, and JSON Feed versions and titles.
//! - After a failure feed-rs places ([`fix_at`]): the construct at that position (an attribute
//!   value it refuses, an element with no text where it wants some) is removed, from every
//!   element where it recurs, so the feed loses that construct and nothing else.

use std::borrow::Cow;
use std::ops::Range;

use feed_rs::parser::ParseErrorKind;

use super::depth;
use super::scan::{
    self, Tag, TagKind, attributes, declaration_len, element_span, starts_without_text, tags,
};
use super::truncated::close_cut_off;

/// Atom 0.3's namespace.
pub(super) const ATOM_03_NS: &str = "http://purl.org/atom/ns#";
/// RSS 0.90's namespace.
pub(super) const RSS_090_NS: &str = "http://my.netscape.com/rdf/simple/0.9/";
/// RSS 1.0's namespace.
const RSS_10_NS: &str = "http://purl.org/rss/1.0/";

/// Namespaces feed-rs does not know, and the one it reads their elements in: RSS 0.90's and
/// UserLand's RSS 2.0 namespaces are read as RSS (feed-rs's RSS elements are RSS 1.0's or
/// in no namespace).
const NAMESPACE_ALIASES: [(&str, &str); 3] = [
    (RSS_090_NS, RSS_10_NS),
    ("http://backend.userland.com/rss2", RSS_10_NS),
    ("http://backend.userland.com/rss", RSS_10_NS),
];

/// Whether the start of a document names a format feed-rs reads only after [`upgrade`].
pub(super) fn needs_upgrade(head: &[u8]) -> bool {
    std::iter::once(ATOM_03_NS)
        .chain(NAMESPACE_ALIASES.iter().map(|(ns, _)| *ns))
        .any(|ns| head.windows(ns.len()).any(|w| w == ns.as_bytes()))
}

/// Atom 0.3 as Atom 1.0, RSS 0.90 or namespaced RSS 2.0 in RSS's namespace, and a document
/// nested too deep made shallow ([`depth::flatten`]), a feed with too many items cut to its
/// first ones ([`depth::keep_first_items`]); the text is decoded already.
pub(super) fn upgrade(text: &str) -> String {
    if text.trim_start().starts_with('{') {
        return repair(text);
    }
    let flat = depth::flatten(text);
    let text = flat.as_deref().unwrap_or(text);
    let fewer = depth::keep_first_items(text);
    let text = fewer.as_deref().unwrap_or(text);
    let mut out = if text.contains(ATOM_03_NS) {
        upgrade_atom_03(text)
    } else {
        repair(text)
    };
    for (alias, ns) in NAMESPACE_ALIASES {
        for quote in ['"', '\''] {
            let quoted = format!("{quote}{alias}{quote}");
            if out.contains(&quoted) {
                out = out.replace(&quoted, &format!("{quote}{ns}{quote}"));
            }
        }
    }
    out
}

/// Atom 0.3 (obsolete since 2005, but still met) rewritten as Atom 1.0, which feed-rs reads:
/// the namespace, `issued`/`modified` → `published`/`updated`, MIME `type`s and `mode`s of
/// text constructs → `text`/`html`.
fn upgrade_atom_03(text: &str) -> String {
    let mut repaired = repair(text);
    if repaired.contains("base64") {
        // Base64 text constructs would come out as base64 gibberish: they are lost, the rest
        // of their entry is read.
        let spans: Vec<Range<usize>> = tags(&repaired)
            .filter(|t| {
                t.opens()
                    && attributes(&repaired, t)
                        .iter()
                        .any(|a| a.name == "mode" && a.value == "base64")
            })
            .filter_map(|t| element_span(&repaired, &t))
            .collect();
        repaired = delete(&repaired, spans).unwrap_or(repaired);
    }
    let mut out = repaired.replace(ATOM_03_NS, "http://www.w3.org/2005/Atom");
    for (old, new) in [
        ("<issued>", "<published>"),
        ("</issued>", "</published>"),
        ("<modified>", "<updated>"),
        ("</modified>", "</updated>"),
    ] {
        out = out.replace(old, new);
    }
    let Ok(attrs) = regex::Regex::new(
        r#"\stype\s*=\s*["'](text/html|text/plain|application/xhtml\+xml)["']|\smode\s*=\s*["'](escaped|xml|base64)["']"#,
    ) else {
        return out;
    };
    attrs
        .replace_all(&out, |caps: &regex::Captures| {
            match caps.get(1).map(|m| m.as_str()) {
                Some("text/html") => " type=\"html\"".to_owned(),
                Some("text/plain") => " type=\"text\"".to_owned(),
                Some(_) => " type=\"xhtml\"".to_owned(),
                None => String::new(),
            }
        })
        .into_owned()
}

/// The decoded feed, made acceptable to feed-rs where a reader would accept it: the XML
/// declaration dropped (the text is UTF-8 now), `<rss>` given version 2.0 when it has none or
/// one feed-rs does not know and a `<channel>` when it has none, bare `&`s escaped, a cut-off
/// document closed ([`close_cut_off`]), `xml:base` values that are no URL dropped; a JSON
/// Feed given the canonical version URL and a title.
pub(super) fn repair(text: &str) -> String {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return repair_json_feed(trimmed).unwrap_or_else(|| text.to_owned());
    }
    let mut body = trimmed;
    if body.starts_with("<?xml")
        && let Some((_, rest)) = body.split_once("?>")
    {
        body = rest;
    }
    let mut out = escape_bare_ampersands(body).into_owned();
    if let Some(closed) = close_cut_off(&out) {
        out = closed;
    }
    if scan::root_element_name(&out) == Some("rss") {
        out = repair_rss_root(out);
    }
    if out.contains("xml:base") {
        out = drop_bad_xml_bases(&out).unwrap_or(out);
    }
    out
}

/// `<rss>` with a version feed-rs knows, and a `<channel>` around its children if it has none.
fn repair_rss_root(mut out: String) -> String {
    let Some(root) = scan::root_tag(&out) else {
        return out;
    };
    let known = ["2.0", "0.91", "0.92", ""];
    let version = attributes(&out, &root)
        .into_iter()
        .find(|a| a.name == "version");
    let mut new_tag = None;
    match &version {
        Some(v) if known.contains(&v.value) => {}
        // Drop a version feed-rs does not know (e.g. "0.94", "2.01") and say 2.0.
        Some(v) => {
            let tag = out.get(root.start..root.end).unwrap_or_default();
            let cut = (v.span.start - root.start)..(v.span.end - root.start);
            let mut rebuilt = tag.to_owned();
            rebuilt.replace_range(cut, "");
            new_tag = Some(rebuilt.replacen("<rss", "<rss version=\"2.0\"", 1));
        }
        None => {
            let tag = out.get(root.start..root.end).unwrap_or_default();
            new_tag = Some(tag.replacen("<rss", "<rss version=\"2.0\"", 1));
        }
    }
    let (root_start, root_end, root_kind) = (root.start, root.end, root.kind);
    let has_channel = tags(&out).any(|t| t.opens() && t.local_name() == "channel");
    if !has_channel && root_kind == TagKind::Start {
        // Items straight under <rss> (or nothing at all): give them the <channel> feed-rs
        // needs, so they are read (or the feed is read as empty, not as "not a feed").
        let close = out.rfind("</rss").unwrap_or(out.len());
        out.insert_str(close, "</channel>");
        out.insert_str(root_end, "<channel>");
    }
    if let Some(tag) = new_tag {
        out.replace_range(root_start..root_end, &tag);
    }
    out
}

fn repair_json_feed(text: &str) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    let object = value.as_object_mut()?;
    let version = object.get("version").and_then(|v| v.as_str()).unwrap_or("");
    if !version.starts_with("https://jsonfeed.org/version/1") {
        // "1", "1.0", "1.1", "http://jsonfeed.org/version/1.1": a JSON Feed 1.x all the same.
        let number = if version.ends_with("1.1") { "1.1" } else { "1" };
        let canonical = format!("https://jsonfeed.org/version/{number}");
        object.insert("version".to_owned(), serde_json::Value::String(canonical));
    }
    if !object.get("title").is_some_and(|t| t.is_string()) {
        object.insert("title".to_owned(), serde_json::Value::String(String::new()));
    }
    serde_json::to_string(&value).ok()
}

/// `&` that starts no well-formed reference (`AT&T`, `&#xZZ;`, `&#0;`) as `&amp;`, outside
/// comments, CDATA sections, processing instructions and the doctype (a reader shows such an
/// `&` as it is; the XML parser refuses the whole feed over it).
fn escape_bare_ampersands(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<']) {
        let (before, at) = rest.split_at(i);
        out.push_str(before);
        let keep = if at.starts_with('&') {
            match reference_len(at) {
                Some(len) => len,
                None => {
                    out.push_str("&amp;");
                    rest = at.get(1..).unwrap_or_default();
                    continue;
                }
            }
        } else if let Some(body) = at.strip_prefix("<![CDATA[") {
            body.find("]]>").map_or(at.len(), |j| 9 + j + 3)
        } else if let Some(body) = at.strip_prefix("<!--") {
            body.find("-->").map_or(at.len(), |j| 4 + j + 3)
        } else if let Some(body) = at.strip_prefix("<?") {
            body.find("?>").map_or(at.len(), |j| 2 + j + 2)
        } else if at.starts_with("<!") {
            declaration_len(at)
        } else {
            1
        };
        let (kept, after) = at.split_at(keep.min(at.len()));
        out.push_str(kept);
        rest = after;
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Length of the well-formed entity or character reference `text` starts with.
fn reference_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix('&')?;
    // The name runs to its first character that no name holds, which must be `;`: looking
    // for the `;` alone read the rest of the feed for every bare `&` (quadratic; found by
    // fuzzing).
    let end =
        body.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | ':' | '.' | '-' | '#')))?;
    if !body[end..].starts_with(';') {
        return None;
    }
    let name = body.get(..end)?;
    let ok = if let Some(hex) = name.strip_prefix("#x") {
        u32::from_str_radix(hex, 16).ok().is_some_and(xml_char)
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse::<u32>().ok().is_some_and(xml_char)
    } else {
        name.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '.' | '-'))
    };
    ok.then_some(end + 2)
}

/// Whether a character reference names a character XML allows.
fn xml_char(code: u32) -> bool {
    char::from_u32(code).is_some_and(|c| matches!(c, '\t' | '\n' | '\r') || code >= 0x20)
}

/// Every `xml:base` whose value the URL parser refuses (feed-rs fails the whole feed on one).
fn drop_bad_xml_bases(text: &str) -> Option<String> {
    let spans: Vec<Range<usize>> = tags(text)
        .filter(Tag::opens)
        .flat_map(|tag| attributes(text, &tag))
        .filter(|a| a.name == "xml:base")
        .filter(|a| {
            matches!(
                url::Url::parse(&unescape(a.value)),
                Err(e) if e != url::ParseError::RelativeUrlWithoutBase
            )
        })
        .map(|a| a.span)
        .collect();
    delete(text, spans)
}

/// RSS 1.0 / 0.90 items given the `<link>` they lack, from their `rdf:about` (the item's URL,
/// in RSS 1.0) or else `about:blank` (never kept as a link): feed-rs drops an item with no
/// link, title and text and all. `None` when every item has a link.
pub(super) fn link_rdf_items(text: &str) -> Option<String> {
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for span in scan::item_spans(text) {
        let item = text.get(span.clone())?;
        let mut inner = tags(item);
        let Some(open) = inner.next().filter(|t| t.kind == TagKind::Start) else {
            continue;
        };
        if inner.any(|t| t.opens() && t.local_name() == "link") {
            continue;
        }
        let about = attributes(item, &open)
            .into_iter()
            .find(|a| a.name == "rdf:about" || a.name == "about")
            .map_or("about:blank", |a| a.value);
        let prefix = open.name.strip_suffix(open.local_name()).unwrap_or("");
        inserts.push((
            span.start + open.end,
            format!("<{prefix}link>{about}</{prefix}link>"),
        ));
    }
    if inserts.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + inserts.len() * 48);
    let mut at = 0;
    for (pos, link) in inserts {
        out.push_str(text.get(at..pos)?);
        out.push_str(&link);
        at = pos;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// What to remove for a failure feed-rs placed at an element.
enum Remedy<'e> {
    /// The attribute with this name (and this value, when given): from every element of the
    /// same name that has it with the value, else from this element only.
    Attribute(&'static str, Option<&'e str>),
    /// The element, and every element of the same name that has no text either.
    Textless,
    /// The element.
    Element,
}

/// The text without the construct feed-rs failed on at the position in `kind`; `None` when
/// the failure names no position or nothing there can be removed.
pub(super) fn fix_at(text: &str, kind: &ParseErrorKind) -> Option<String> {
    let (position, remedy) = match kind {
        ParseErrorKind::UnknownMimeType { position, mime } => {
            (*position, Remedy::Attribute("type", Some(mime.as_str())))
        }
        ParseErrorKind::MissingContent {
            position,
            reference,
        } if reference.contains("src") => (*position, Remedy::Attribute("src", None)),
        ParseErrorKind::MissingContent { position, .. } => (*position, Remedy::Textless),
        ParseErrorKind::UnknownEnumVariant { position, .. }
        | ParseErrorKind::IllegalState { position, .. } => (*position, Remedy::Element),
        ParseErrorKind::NoFeedRoot => return None,
    };
    let tag = scan::start_tag_at(text, usize::try_from(position).ok()?)?;
    let spans: Vec<Range<usize>> = match remedy {
        Remedy::Attribute(name, value) => {
            let matches = |a: &scan::Attribute<'_>| {
                a.name == name && value.is_none_or(|v| unescape(a.value).trim() == v.trim())
            };
            if !attributes(text, &tag).iter().any(matches) {
                vec![element_span(text, &tag)?]
            } else if value.is_none() {
                attributes(text, &tag)
                    .into_iter()
                    .filter(matches)
                    .map(|a| a.span)
                    .collect()
            } else {
                tags(text)
                    .filter(|t| t.opens() && t.name == tag.name)
                    .flat_map(|t| attributes(text, &t))
                    .filter(matches)
                    .map(|a| a.span)
                    .collect()
            }
        }
        Remedy::Textless if starts_without_text(text, &tag) => tags(text)
            .filter(|t| t.opens() && t.name == tag.name && starts_without_text(text, t))
            .filter_map(|t| element_span(text, &t))
            .collect(),
        Remedy::Textless | Remedy::Element => vec![element_span(text, &tag)?],
    };
    delete(text, spans)
}

/// The text without the given spans (overlapping ones merged into the first); `None` when
/// there is nothing to delete.
fn delete(text: &str, mut spans: Vec<Range<usize>>) -> Option<String> {
    if spans.is_empty() {
        return None;
    }
    spans.sort_by_key(|s| s.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in spans {
        if span.start < at {
            continue;
        }
        out.push_str(text.get(at..span.start)?);
        at = span.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// An attribute value with the predefined entities and character references decoded.
fn unescape(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        let (before, at) = rest.split_at(i);
        out.push_str(before);
        let decoded = reference_len(at).and_then(|len| {
            let name = at.get(1..len - 1)?;
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let code = match name.strip_prefix("#x") {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => name.strip_prefix('#')?.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, len))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = at.get(len..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = at.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_ampersands_are_escaped_but_not_in_cdata() {
        assert_eq!(
            escape_bare_ampersands("<t>AT&T &amp; &#38; &#xZZ; &#0; &nbsp;</t><![CDATA[a&b]]>"),
            "<t>AT&amp;T &amp; &#38; &amp;#xZZ; &amp;#0; &nbsp;</t><![CDATA[a&b]]>"
        );
        assert!(matches!(
            escape_bare_ampersands("<t>fine &amp; dandy</t>"),
            Cow::Owned(s) if s == "<t>fine &amp; dandy</t>"
        ));
    }

    #[test]
    fn a_refused_type_is_removed_wherever_it_recurs() {
        let text = r#"<i><m:title type="text/html">A</m:title></i><i><m:title type='text/html'>B</m:title><m:title type="plain">C</m:title></i>"#;
        let kind = ParseErrorKind::UnknownMimeType {
            position: 29,
            mime: "text/html".to_owned(),
        };
        assert_eq!(
            fix_at(text, &kind).as_deref(),
            Some(
                r#"<i><m:title>A</m:title></i><i><m:title>B</m:title><m:title type="plain">C</m:title></i>"#
            )
        );
    }

    #[test]
    fn textless_elements_are_dropped_where_they_recur() {
        let text = "<i><m:title/><m:title>kept</m:title><m:title></m:title></i>";
        let kind = ParseErrorKind::MissingContent {
            position: 13,
            reference: "text",
        };
        assert_eq!(
            fix_at(text, &kind).as_deref(),
            Some("<i><m:title>kept</m:title></i>")
        );
    }

    #[test]
    fn rss_without_channel_or_known_version_is_given_both() {
        assert_eq!(
            repair("<?xml version='1.0'?><rss version='0.94'><item><title>A</title></item></rss>"),
            "<rss version=\"2.0\"><channel><item><title>A</title></item></channel></rss>"
        );
    }

    #[test]
    fn rdf_items_get_a_link() {
        assert_eq!(
            link_rdf_items(
                "<rdf:RDF><item rdf:about='http://a.example/1'><title>A</title></item>\
                 <r:item><r:title>B</r:title></r:item><item><link>x</link></item></rdf:RDF>"
            )
            .as_deref(),
            Some(
                "<rdf:RDF><item rdf:about='http://a.example/1'><link>http://a.example/1</link>\
                 <title>A</title></item><r:item><r:link>about:blank</r:link><r:title>B</r:title>\
                 </r:item><item><link>x</link></item></rdf:RDF>"
            )
        );
    }

    #[test]
    fn unusable_xml_bases_are_dropped() {
        assert_eq!(
            repair(r#"<feed xml:base="http://[bad/"><entry xml:base="/ok/"/></feed>"#),
            r#"<feed><entry xml:base="/ok/"/></feed>"#
        );
    }
}
