//! Bytes to text: declared charsets checked against the bytes.
//!
//! The order of evidence is: a byte-order mark; the transport hint (HTTP `Content-Type`);
//! `<meta charset>` / `<meta http-equiv=content-type>` (HTML) or the XML declaration in the
//! first few kilobytes. A declared charset is *checked* against the bytes: a page that declares
//! UTF-8 but is not UTF-8, or declares a legacy charset while being valid multibyte UTF-8, is
//! decoded with what the bytes say (UTF-8 validity, then [`chardetng`]'s guess).
//!
//! Binary input (images, archives, PDFs, executables, NUL-ridden data) is refused with
//! [`ExtractError::Binary`]; empty or white-space-only input with [`ExtractError::Empty`].
//! Everything here is linear in the input size.

use std::borrow::Cow;

use chardetng::EncodingDetector;
use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};

use crate::ExtractError;

/// How far into the document a `<meta charset>` or an XML declaration is looked for.
const PRESCAN_BYTES: usize = 4096;
/// How much of the document the binary sniffing looks at.
const SNIFF_BYTES: usize = 1024;
/// How many bytes (around the first non-ASCII byte) are fed to the charset detector.
const DETECTOR_BYTES: usize = 512 * 1024;

/// Decodes an HTML page.
///
/// `charset_hint` is the transport's charset: either a bare label (`"utf-8"`) or a whole
/// `Content-Type` value (`"text/html; charset=ISO-8859-1"`).
pub fn decode_html(bytes: &[u8], charset_hint: Option<&str>) -> Result<String, ExtractError> {
    decode(bytes, charset_hint, Markup::Html)
}

/// Decodes a plain-text or XML document (a text capture, a feed): like [`decode_html`], with
/// the XML declaration's `encoding` as the in-document declaration instead of `<meta>`.
pub fn decode_text(bytes: &[u8], charset_hint: Option<&str>) -> Result<String, ExtractError> {
    decode(bytes, charset_hint, Markup::Text)
}

/// Which in-document declaration to look for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Markup {
    Html,
    Text,
}

fn decode(bytes: &[u8], hint: Option<&str>, markup: Markup) -> Result<String, ExtractError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(ExtractError::Binary(kind));
    }
    let text = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        encoding.decode_without_bom_handling(rest).0
    } else if let Some(encoding) = utf16_without_bom(bytes) {
        encoding.decode_without_bom_handling(bytes).0
    } else {
        let encoding = choose_encoding(bytes, hint, markup);
        encoding.decode_without_bom_handling(bytes).0
    };
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(match text {
        Cow::Borrowed(s) => s.to_owned(),
        Cow::Owned(s) => s,
    })
}

/// Picks the encoding of BOM-less, non-UTF-16 bytes: the first declaration the bytes agree
/// with, else what the bytes themselves say.
pub fn detect_encoding(bytes: &[u8], charset_hint: Option<&str>) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return encoding;
    }
    choose_encoding(bytes, charset_hint, Markup::Html)
}

fn choose_encoding(bytes: &[u8], hint: Option<&str>, markup: Markup) -> &'static Encoding {
    let stats = Utf8Stats::of(bytes);
    let mut guess: Option<&'static Encoding> = None;
    let mut guess_of = |bytes: &[u8]| *guess.get_or_insert_with(|| detector_guess(bytes));

    let head = bytes.get(..PRESCAN_BYTES).unwrap_or(bytes);
    let declared_in_document = match markup {
        Markup::Html => meta_charset(head).or_else(|| xml_declared_encoding(head)),
        Markup::Text => xml_declared_encoding(head),
    }
    // A document cannot declare itself UTF-16 in ASCII (WHATWG: treat as UTF-8).
    .map(|e| {
        if e == UTF_16LE || e == UTF_16BE {
            UTF_8
        } else {
            e
        }
    });
    let declared = [hint.and_then(label_from_hint), declared_in_document];

    for encoding in declared.into_iter().flatten() {
        if encoding == REPLACEMENT || encoding == X_USER_DEFINED {
            continue;
        }
        if encoding == UTF_8 {
            if stats.looks_like_utf8() {
                return UTF_8;
            }
            // Declared UTF-8, but it is not: a later declaration or the detector decides.
            continue;
        }
        if encoding == UTF_16LE || encoding == UTF_16BE {
            // A transport claim of UTF-16 on bytes without NUL patterns is wrong.
            continue;
        }
        // A legacy charset declared on bytes that are valid UTF-8 with multibyte sequences:
        // the bytes are UTF-8 (legacy text is practically never valid multibyte UTF-8).
        if stats.invalid == 0 && stats.multibyte > 0 {
            return UTF_8;
        }
        if stats.non_ascii == 0 {
            // Pure ASCII: every ASCII-compatible declaration decodes it the same.
            return encoding;
        }
        let (_, had_errors) = encoding.decode_without_bom_handling(bounded(bytes));
        if had_errors {
            continue;
        }
        if encoding.is_single_byte() {
            // A single-byte declaration accepts any bytes; if the detector is sure the text
            // is a multibyte (CJK) encoding that decodes cleanly, believe the bytes.
            let guessed = guess_of(bytes);
            if !guessed.is_single_byte()
                && guessed != UTF_8
                && !guessed.decode_without_bom_handling(bounded(bytes)).1
            {
                return guessed;
            }
        }
        return encoding;
    }

    if stats.looks_like_utf8() {
        return UTF_8;
    }
    guess_of(bytes)
}

/// At most [`DETECTOR_BYTES`] around the first non-ASCII byte, cut on a line boundary where
/// possible so that multibyte sequences are not split at the end.
fn bounded(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= DETECTOR_BYTES {
        return bytes;
    }
    let first = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let start = first.saturating_sub(1024);
    let end = (start + DETECTOR_BYTES).min(bytes.len());
    let window = bytes.get(start..end).unwrap_or(bytes);
    if end == bytes.len() {
        return window;
    }
    match window.iter().rposition(|&b| b == b'\n') {
        Some(cut) if cut > window.len() / 2 => window.get(..cut).unwrap_or(window),
        _ => window,
    }
}

/// chardetng's guess over a bounded window of the bytes (UTF-8 not allowed: callers only ask
/// when the bytes are not UTF-8).
fn detector_guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new();
    let window = bounded(bytes);
    let last = window.len() == bytes.len();
    detector.feed(window, last);
    if !last {
        detector.feed(&[], true);
    }
    let guessed = detector.guess(None, false);
    if guessed == REPLACEMENT {
        WINDOWS_1252
    } else {
        guessed
    }
}

/// What a single pass over the bytes says about UTF-8.
#[derive(Debug, Clone, Copy, Default)]
struct Utf8Stats {
    /// Invalid sequences (an incomplete sequence at the very end — a cut page — not counted).
    invalid: usize,
    /// Valid multibyte characters.
    multibyte: usize,
    /// Bytes outside ASCII.
    non_ascii: usize,
}

impl Utf8Stats {
    fn of(bytes: &[u8]) -> Utf8Stats {
        let mut stats = Utf8Stats::default();
        let mut rest = bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(valid) => {
                    stats.count_valid(valid.as_bytes());
                    break;
                }
                Err(error) => {
                    let (valid, after) = rest.split_at(error.valid_up_to());
                    stats.count_valid(valid);
                    match error.error_len() {
                        Some(len) => {
                            stats.invalid += 1;
                            stats.non_ascii += len;
                            rest = after.get(len..).unwrap_or_default();
                        }
                        None => {
                            stats.non_ascii += after.len();
                            break;
                        }
                    }
                }
            }
        }
        stats
    }

    fn count_valid(&mut self, valid: &[u8]) {
        for &b in valid {
            if b >= 0x80 {
                self.non_ascii += 1;
                if b >= 0xC0 {
                    self.multibyte += 1;
                }
            }
        }
    }

    /// UTF-8, possibly with a few stray bad bytes among many good multibyte characters.
    fn looks_like_utf8(&self) -> bool {
        self.invalid == 0 || self.multibyte >= self.invalid.saturating_mul(8).max(8)
    }
}

/// The encoding named by a transport hint: a bare label or a `Content-Type` value.
fn label_from_hint(hint: &str) -> Option<&'static Encoding> {
    let lower = hint.to_ascii_lowercase();
    let label = match lower.find("charset=") {
        Some(at) => lower.get(at + "charset=".len()..).unwrap_or_default(),
        None if lower.contains('/') => return None, // a media type without a charset
        None => lower.as_str(),
    };
    let label = label.split(';').next().unwrap_or_default();
    let label = label.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    Encoding::for_label(label.as_bytes())
}

/// `<meta charset=...>` or `<meta http-equiv=content-type content="...; charset=...">` in
/// the head of an HTML document.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(lower.get(from..)?, b"<meta") {
        let start = from + at + b"<meta".len();
        let tag_len = lower
            .get(start..)?
            .iter()
            .position(|&b| b == b'>')
            .unwrap_or(lower.len() - start);
        let tag = lower.get(start..start + tag_len)?;
        if let Some(encoding) = charset_in_tag(tag) {
            return Some(encoding);
        }
        from = start;
    }
    None
}

/// The `charset=` value inside one (lowercased) tag's attributes.
fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find(tag, b"charset")?;
    let mut rest = tag.get(at + b"charset".len()..)?;
    rest = trim_start(rest);
    rest = rest.strip_prefix(b"=")?;
    rest = trim_start(rest);
    rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    Encoding::for_label(rest.get(..len)?)
}

/// The `encoding` pseudo-attribute of an XML declaration at the start of the document.
fn xml_declared_encoding(head: &[u8]) -> Option<&'static Encoding> {
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let decl = head.get(start..)?;
    if !decl.starts_with(b"<?xml") {
        return None;
    }
    let end = find(decl, b"?>")?;
    let decl = decl.get(..end)?;
    let at = find(decl, b"encoding")?;
    let rest = trim_start(decl.get(at + b"encoding".len()..)?);
    let rest = trim_start(rest.strip_prefix(b"=")?);
    let quote = *rest.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = rest.get(1..)?;
    let len = value.iter().position(|&b| b == quote)?;
    Encoding::for_label(value.get(..len)?)
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(skip..).unwrap_or_default()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// UTF-16 without a byte-order mark: one byte of most pairs is NUL, always the same one.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even_nul, mut odd_nul) = (0, 0);
    for pair in head.chunks_exact(2) {
        if let [a, b] = pair {
            even_nul += usize::from(*a == 0);
            odd_nul += usize::from(*b == 0);
        }
    }
    if odd_nul * 10 >= pairs * 7 && even_nul * 20 <= pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Known binary formats, by their magic numbers.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or an Office/EPUB document)"),
    (b"PK\x05\x06", "ZIP archive (empty)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\x00asm", "WebAssembly module"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "legacy Office document",
    ),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM media"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x00\x00\x01\x00", "ICO image"),
];

/// Describes binary input (a known file format, or bytes that are not text); `None` for text.
pub fn binary_kind(bytes: &[u8]) -> Option<String> {
    for (magic, name) in MAGIC {
        // "MZ" and "BZh"/"ID3" are short: require them at the very start only (they are),
        // and for "MZ" also a NUL soon after, so that text starting with "MZ" stays text.
        if bytes.starts_with(magic) && (*magic != b"MZ" || bytes.iter().take(64).any(|&b| b == 0)) {
            return Some((*name).to_owned());
        }
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") {
        let kind = match bytes.get(8..12) {
            Some(b"WEBP") => "WebP image",
            Some(b"WAVE") => "WAV audio",
            Some(b"AVI ") => "AVI video",
            _ => "RIFF media",
        };
        return Some(kind.to_owned());
    }
    if let Some(b"ftyp") = bytes.get(4..8) {
        return Some("MP4/QuickTime media (or HEIF/AVIF image)".to_owned());
    }
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        if encoding != UTF_8 {
            return None; // UTF-16 text has NULs by design
        }
    } else if utf16_without_bom(bytes).is_some() {
        return None;
    }
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let nul = head.iter().filter(|&&b| b == 0).count();
    if nul > 0 {
        return Some(format!(
            "binary data ({nul} NUL bytes in the first {} bytes)",
            head.len()
        ));
    }
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    if control * 10 > head.len() {
        return Some(format!(
            "binary data ({control} control bytes in the first {} bytes)",
            head.len()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_forms() {
        assert_eq!(label_from_hint("utf-8"), Some(UTF_8));
        assert_eq!(
            label_from_hint("text/html; charset=\"ISO-8859-1\""),
            Some(WINDOWS_1252)
        );
        assert_eq!(label_from_hint("text/html"), None);
        assert_eq!(label_from_hint("no-such-charset"), None);
    }

    #[test]
    fn meta_forms() {
        assert_eq!(
            meta_charset(b"<html><head><META CharSet='shift_jis'>"),
            Some(encoding_rs::SHIFT_JIS)
        );
        assert_eq!(
            meta_charset(
                b"<meta name=x><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
            ),
            Some(encoding_rs::WINDOWS_1251)
        );
        assert_eq!(meta_charset(b"<meta charset"), None);
        assert_eq!(meta_charset(b"<meta"), None);
    }

    #[test]
    fn xml_declaration() {
        assert_eq!(
            xml_declared_encoding(b"  <?xml version='1.0' encoding='iso-8859-2'?><rss>"),
            Some(encoding_rs::ISO_8859_2)
        );
        assert_eq!(xml_declared_encoding(b"<?xml version='1.0'?>"), None);
        assert_eq!(xml_declared_encoding(b"<?xml encoding="), None);
    }

    #[test]
    fn utf16_without_bom_decodes() {
        let bytes: Vec<u8> = "<p>Hello, world</p>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            decode_html(&bytes, None).ok().as_deref(),
            Some("<p>Hello, world</p>")
        );
    }

    #[test]
    fn utf8_with_a_few_bad_bytes_stays_utf8() {
        let mut bytes = "<p>Ελληνικά κείμενα με πολλούς χαρακτήρες</p>"
            .as_bytes()
            .to_vec();
        bytes.push(0xff);
        let text = decode_html(&bytes, Some("utf-8")).unwrap_or_default();
        assert!(text.contains("Ελληνικά"));
    }

    #[test]
    fn cut_multibyte_at_end_is_utf8() {
        let bytes = "<p>café crème".as_bytes();
        let cut = &bytes[..bytes.len() - 1];
        let text = decode_html(cut, None).unwrap_or_default();
        assert!(text.starts_with("<p>café cr"));
    }
}
