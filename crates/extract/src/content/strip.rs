//! Stripping the blocks that carry no text (scripts, styles, SVG, comments) before parsing.

/// The page without its `<script>` (JSON-LD ones excepted: metadata reads them), `<style>`,
/// `<svg>` and comment blocks, which carry no body text but are about half of a page's bytes
/// (wcxb-dev): every parser of the page has less to do.
pub fn strip_raw_blocks(html: &str) -> std::borrow::Cow<'_, str> {
    const BLOCKS: &[(&[u8], &[u8])] = &[
        (b"<script", b"</script"),
        (b"<style", b"</style"),
        (b"<svg", b"</svg"),
        (b"<!--", b"-->"),
    ];
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    // `str::find` of one byte runs memchr (word at a time), much faster than a byte loop.
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &bytes[start..];
        if !matches!(rest.get(1), Some(b's' | b'S' | b'!')) {
            i = start + 1;
            continue;
        }
        let Some((open, close)) = BLOCKS.iter().find(|(open, _)| {
            rest.len() > open.len()
                && rest[..open.len()].eq_ignore_ascii_case(open)
                && (*open == b"<!--" || !rest[open.len()].is_ascii_alphanumeric())
        }) else {
            i = start + 1;
            continue;
        };
        if *open == b"<script" {
            let attrs = &rest[open.len()..];
            // Without a `>`, the rest of the page is one unfinished tag.
            let Some(gt) = attrs.iter().position(|&b| b == b'>') else {
                break;
            };
            if is_json_ld_tag(&attrs[..gt]) {
                // Past its tag, so that each byte is looked at once (not once per `<script`).
                i = start + open.len() + gt;
                continue;
            }
        }
        let body = start + open.len();
        let Some(end) = find_close(&html[body..], close) else {
            break;
        };
        let mut stop = body + end + close.len();
        if *close != b"-->" {
            match bytes[stop..].iter().position(|&b| b == b'>') {
                Some(gt) => stop += gt + 1,
                None => break,
            }
        }
        let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
        buf.push_str(&html[copied..start]);
        copied = stop;
        i = stop;
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            std::borrow::Cow::Owned(buf)
        }
        None => std::borrow::Cow::Borrowed(html),
    }
}

/// Position of the closing `close` (`</script`, `-->`, ASCII, any case) in `hay`.
fn find_close(hay: &str, close: &[u8]) -> Option<usize> {
    let bytes = hay.as_bytes();
    let mut i = 0;
    while let Some(off) = hay[i..].find(char::from(close[0])) {
        let at = i + off;
        if bytes
            .get(at..at + close.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(close))
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// The attributes of a `<script` tag (the bytes between `<script` and `>`) declare JSON-LD.
fn is_json_ld_tag(attrs: &[u8]) -> bool {
    find_ascii_ci(attrs, b"ld+json").is_some()
}

/// Position of `needle` (ASCII, any case) in `hay`.
pub(super) fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0].to_ascii_lowercase();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let off = hay[i..=hay.len() - needle.len()]
            .iter()
            .position(|b| b.to_ascii_lowercase() == first)?;
        let at = i + off;
        if hay[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}
