//! Story digests: written again whenever a story changes, for that story only.

use tidings_digest::DigestInput;
use tidings_store::{Store, StoreError, StoryDigestRecord, StoryId};

/// Recomputes and stores the digest of one story from its original reports (copies add
/// nothing a digest needs and would count one report twice).
pub fn refresh<S: Store>(store: &S, story: StoryId) -> Result<(), StoreError> {
    let records = store.story_records(story)?;
    let inputs: Vec<DigestInput> = records
        .into_iter()
        .filter(|r| r.duplicate_of.is_none())
        .map(|r| DigestInput {
            id: r.id,
            outlet: r.site_name.or(r.site),
            title: r.title,
            published: Some(r.time),
            lang: r.language,
            text: r.text,
        })
        .collect();
    if inputs.is_empty() {
        return Ok(());
    }
    let digest = tidings_digest::digest(&inputs);
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
