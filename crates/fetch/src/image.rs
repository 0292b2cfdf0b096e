//! Which images Tidings keeps: raster formats told by their first bytes, never SVG (a
//! document that can carry script), never what only claims to be an image.

/// The content types accepted for images, as served back.
pub const IMAGE_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
];

/// Images larger than this are not kept.
pub const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;

/// The image type of some bytes, told by their magic numbers; `None` for anything else
/// (SVG, HTML, text, truncated data).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(&bytes[8..12], b"avif" | b"avis")
    {
        Some("image/avif")
    } else {
        None
    }
}

/// Checks a fetched image: its declared type (parameters ignored) must be one of
/// [`IMAGE_TYPES`] and its bytes must be one of them too. Returns the sniffed type, which is
/// what it is served as; the error says what was wrong.
pub fn accept(declared: Option<&str>, bytes: &[u8]) -> Result<&'static str, String> {
    let declared = declared
        .map(|d| d.split(';').next().unwrap_or(d).trim().to_ascii_lowercase())
        .unwrap_or_default();
    if !IMAGE_TYPES.contains(&declared.as_str()) {
        return Err(if declared.is_empty() {
            "no content type".to_owned()
        } else {
            format!("content type {declared} is not an accepted image type")
        });
    }
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Err(format!("larger than {MAX_IMAGE_BYTES} bytes"));
    }
    sniff(bytes).ok_or_else(|| format!("declared {declared}, but the bytes are not an image"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_images_by_their_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0]), Some("image/jpeg"));
        assert_eq!(sniff(b"GIF89a...."), Some("image/gif"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"\0\0\0\x1cftypavif\0\0"), Some("image/avif"));
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'>"), None);
        assert_eq!(sniff(b"<!doctype html><html>"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn accepts_only_declared_and_real_images() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(accept(Some("image/png"), png), Ok("image/png"));
        assert_eq!(accept(Some("IMAGE/JPEG; q=1"), png), Ok("image/png"));
        assert!(accept(Some("image/svg+xml"), b"<svg/>").is_err());
        assert!(accept(Some("image/png"), b"<svg/>").is_err());
        assert!(accept(Some("image/png"), b"<html><script>").is_err());
        assert!(accept(Some("text/html"), png).is_err());
        assert!(accept(None, png).is_err());
    }
}
