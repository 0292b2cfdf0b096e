//! Story digests: written again whenever a story changes, for that story only.
//!
//! Each article's quotes are found once and stored with it (again only when its text changes,
//! e.g. when its site's boilerplate is learned), so refreshing a growing story does not search
//! every article's quotes again.

use tidings_digest::DigestInput;
use tidings_store::{ClusterRecord, Store, StoreError, StoryDigestRecord, StoryId};
use tidings_text::Quote;

/// Recomputes and stores the digest of one story from its original reports (copies add
/// nothing a digest needs and would count one report twice).
pub fn refresh<S: Store>(store: &S, story: StoryId) -> Result<(), StoreError> {
    // A story merged away (by another process, say) is written under the one it went into.
    let story = store.resolve_story(story)?.unwrap_or(story);
    let records: Vec<ClusterRecord> = store
        .story_records(story)?
        .into_iter()
        .filter(|r| r.duplicate_of.is_none())
        .collect();
    if records.is_empty() {
        return Ok(());
    }
    let mut quotes = Vec::with_capacity(records.len());
    for r in &records {
        quotes.push(quotes_of(store, r)?);
    }
    let inputs: Vec<DigestInput> = records
        .into_iter()
        .map(|r| DigestInput {
            id: r.id,
            outlet: r.site_name.or(r.site),
            title: r.title,
            published: Some(r.time),
            lang: r.language,
            text: r.text,
        })
        .collect();
    let digest =
        tidings_digest::digest_with_quotes(&inputs, &quotes, &tidings_digest::Options::default());
    let json = serde_json::to_value(&digest)
        .map_err(|e| StoreError::Corrupt("story digest", e.to_string()))?;
    store.set_story_digest(
        story,
        &StoryDigestRecord {
            headline: digest.headline,
            short: digest.short,
            long: digest.long,
            digest: json,
        },
    )
}

/// An article's quotes: the stored ones, else found now and stored.
fn quotes_of<S: Store>(store: &S, r: &ClusterRecord) -> Result<Vec<Quote>, StoreError> {
    if let Some(stored) = r
        .quotes
        .as_ref()
        .and_then(|q| serde_json::from_value(q.clone()).ok())
    {
        return Ok(stored);
    }
    let found = tidings_text::find_quotes(&r.text, r.language.as_deref());
    if let Ok(json) = serde_json::to_value(&found) {
        store.set_article_quotes(r.id, &json)?;
    }
    Ok(found)
}
