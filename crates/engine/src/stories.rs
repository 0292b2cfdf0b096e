//! Story assignment during ingestion: each stored article goes through the clusterer, and the
//! store follows (story rows, counts, copies, merges). On start the clusterer's state for the
//! recent window is rebuilt from the store, so story ids stay stable across restarts.

use std::sync::Mutex;

use tidings_cluster::{Assignment, Clusterer, Config};
use tidings_store::{ArticleId, ClusterRecord, EntityMention, Store, StoreError, StoryId};
use tidings_text::EntityKind;
use tidings_text::Features;

/// The clusterer of a running engine.
pub struct Stories {
    clusterer: Mutex<Clusterer>,
}

/// Where an article went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Its story.
    pub story: StoryId,
    /// The article it copies, if it is a copy.
    pub duplicate_of: Option<ArticleId>,
    /// Stories merged into `story` by this article.
    pub merged: Vec<StoryId>,
}

impl Stories {
    /// Rebuilds the clusterer from the articles of the store's recent window (the window
    /// before the newest stored article; the stream's clock is its documents' times).
    pub fn rebuild<S: Store>(store: &S, config: Config) -> Result<Stories, StoreError> {
        let window = config.window_secs;
        let records = match store.latest_article_time()? {
            Some(latest) => store.articles_since(latest.saturating_sub(window))?,
            None => Vec::new(),
        };
        let restored: Vec<(u64, Features, i64, Assignment)> = records
            .iter()
            .filter_map(|r| {
                let story = r.story?;
                let assignment = Assignment {
                    story: story as u64,
                    duplicate_of: r.duplicate_of.map(|d| d as u64),
                    merged: Vec::new(),
                };
                Some((r.id as u64, features_of(r), r.time, assignment))
            })
            .collect();
        let mut clusterer =
            Clusterer::rebuild(config, restored.iter().map(|(id, f, t, a)| (*id, f, *t, a)));
        // Stories outside the window keep their ids: new ones must come after every id given.
        clusterer.reserve_story_ids(store.max_story_id()?.max(0) as u64 + 1);
        let stories = Stories {
            clusterer: Mutex::new(clusterer),
        };
        // Articles stored before stories existed (or whose assignment was lost) get one now.
        for r in records.iter().filter(|r| r.story.is_none()) {
            stories.place(store, r)?;
        }
        Ok(stories)
    }

    /// Assigns a stored article to a story and records it in the store.
    pub fn place<S: Store>(&self, store: &S, record: &ClusterRecord) -> Result<Placed, StoreError> {
        let features = features_of(record);
        // The store hands out story ids atomically: another process (`tidings fetch` or
        // `ingest` beside `serve`'s fetch loop) opening stories at the same time never gets
        // this one. A new story takes it; when the article joins a story it is a gap.
        let reserved = store.reserve_story_id()?.max(1) as u64;
        let assignment = {
            let mut c = self.clusterer.lock().unwrap_or_else(|p| p.into_inner());
            c.reserve_story_ids(reserved);
            c.assign(record.id as u64, &features, record.time)
        };
        let duplicate_of = assignment.duplicate_of.map(|d| d as ArticleId);
        let story = if assignment.story >= reserved {
            // A new story: its id must be free, or two writers shared one (an error, never
            // a silent join).
            store.open_story(record.id, assignment.story as StoryId, duplicate_of)?
        } else {
            // The store follows a story another process merged away.
            store.assign_story(record.id, assignment.story as StoryId, duplicate_of)?
        };
        if duplicate_of.is_none() {
            // A copy adds no new mentions: it would only count the same report twice.
            store.add_story_entities(story, &mentions(&features))?;
        }
        let merged: Vec<StoryId> = assignment.merged.iter().map(|&m| m as StoryId).collect();
        for &gone in &merged {
            store.merge_stories(story, gone)?;
        }
        Ok(Placed {
            story,
            duplicate_of,
            merged,
        })
    }
}

/// The people, organisations and places of an article, for browsing by entity.
fn mentions(features: &Features) -> Vec<EntityMention> {
    features
        .entities
        .iter()
        .filter(|e| e.kind != EntityKind::Other)
        .map(|e| EntityMention {
            key: e.key.clone(),
            name: e.name.clone(),
            kind: match e.kind {
                EntityKind::Person => "person",
                EntityKind::Organisation => "organisation",
                EntityKind::Place => "place",
                EntityKind::Other => "other",
            }
            .to_owned(),
            count: e.count,
        })
        .collect()
}

/// The clustering features of a stored article.
pub fn features_of(r: &ClusterRecord) -> Features {
    tidings_text::analyze(r.title.as_deref(), &r.text, r.language.as_deref())
}
