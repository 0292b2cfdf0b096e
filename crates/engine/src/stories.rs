//! Story assignment during ingestion: each stored article goes through the clusterer, and the
//! store follows (story rows, counts, copies, merges, splits, re-placement moves and folds).
//! On start the clusterer's state for the recent window is rebuilt from the store, so story
//! ids stay stable across restarts; it is rebuilt the same way whenever the store refused or
//! failed to follow it (another process changed those stories), since the store is the
//! truth.
//!
//! Processes sharing the store (two `tidings ingest` at once, `fetch` beside `serve`) place
//! under one lock, each with a clusterer of its own; those clusterers are kept one (the
//! `journal` module): each process journals what its clusterer decided, and a process
//! taking the lock first has its clusterer decide the same for what the others placed
//! since it last held it. So every article is placed by a clusterer that has seen every article placed
//! before it, whichever process placed them, as one process would have placed it.

mod journal;

use std::collections::HashSet;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tidings_cluster::{Assignment, Clusterer, Config, Regroup, Split};
use tidings_store::{ArticleId, ClusterRecord, EntityMention, Store, StoreError, StoryId};
use tidings_text::EntityKind;
use tidings_text::Features;

use crate::coordination::Placing;

/// The clusterer of a running engine.
pub struct Stories {
    state: Mutex<State>,
}

/// A clusterer and where it is in the journal.
struct State {
    clusterer: Clusterer,
    journal: journal::Position,
    /// Nothing was placed since its last re-placement pass (this process's or, through
    /// the journal, another's): settling again would only move reports that pass left.
    settled: bool,
}

/// Where an article went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Its story.
    pub story: StoryId,
    /// The article it copies, if it is a copy.
    pub duplicate_of: Option<ArticleId>,
    /// Stories merged by this article into the story it joined (that is `split_from` when a
    /// split then moved the article to `split_into`).
    pub merged: Vec<StoryId>,
    /// The story this article's arrival split in two (it kept its id and its oldest
    /// report), when it did.
    pub split_from: Option<StoryId>,
    /// The new story that split off `split_from` (the article may be in it).
    pub split_into: Option<StoryId>,
    /// Stories a re-placement pass, run after this article was placed, moved reports out
    /// of or into (see [`tidings_cluster::Config::refine_every`]); their digests are stale.
    pub regrouped: Vec<StoryId>,
    /// Stories that pass folded into another: (gone, kept).
    pub folded: Vec<(StoryId, StoryId)>,
}

impl Placed {
    /// The stories whose contents changed, each once: the article's, both sides of a split
    /// and the stories a re-placement changed (their digests are stale). Merged-away
    /// stories are gone, not changed.
    pub fn changed(&self) -> Vec<StoryId> {
        let mut changed = vec![self.story];
        let gone: Vec<StoryId> = self.folded.iter().map(|&(g, _)| g).collect();
        let regrouped = self.regrouped.iter().copied().filter(|s| !gone.contains(s));
        for s in [self.split_from, self.split_into]
            .into_iter()
            .flatten()
            .chain(regrouped)
        {
            if !changed.contains(&s) {
                changed.push(s);
            }
        }
        changed
    }
}

impl Stories {
    /// Rebuilds the clusterer from the articles of the store's recent window (the window
    /// before the newest stored article; the stream's clock is its documents' times), under
    /// the placing lock (`placing`), and starts a journal epoch with it. When other engines
    /// share the store, the clusterer is instead the one they share: rebuilt from their
    /// epoch's snapshot, having done what they did since (see [`journal`]). Articles in no
    /// story are left for the engine to place (`Engine::place_unplaced`, under the placing
    /// lock).
    pub(crate) fn rebuild<S: Store>(
        store: &S,
        config: Config,
        placing: &Placing<'_>,
    ) -> Result<Stories, StoreError> {
        let mut state = State {
            clusterer: Clusterer::new(config),
            journal: journal::Position::default(),
            settled: false,
        };
        journal::start(&mut state, store, placing)?;
        Ok(Stories {
            state: Mutex::new(state),
        })
    }

    /// Assigns a stored article to a story and records it in the store, under the placing
    /// lock (`placing`): the clusterer first decides what other processes' clusterers
    /// decided since this one last held it, and journals its own decision for them.
    pub(crate) fn place<S: Store>(
        &self,
        store: &S,
        record: &ClusterRecord,
        placing: &Placing<'_>,
    ) -> Result<Placed, StoreError> {
        // The clusterer stays locked until the store has followed it, so two placements in
        // one process never interleave their writes (one taking the id of the other's split,
        // say).
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        journal::follow(&mut state, store, placing)?;
        journal::open(&state, placing)?;
        state.settled = false;
        let mut diverged = false;
        let mut decided = None;
        let placed = place_locked(
            &mut state.clusterer,
            store,
            record,
            &mut diverged,
            &mut decided,
        );
        match (&placed, decided) {
            (Ok(_), Some(decision)) if !diverged => {
                let entry = journal::Entry::Place(Box::new(decision));
                journal::record(&mut state, placing, &entry);
            }
            // The store did not follow all the way (or failed): it is the truth.
            _ => resync(&mut state, store, placing, diverged || placing.shared()),
        }
        placed
    }

    /// Has the clusterer do, outside the placing lock (`peek`: see
    /// [`crate::coordination::Coordination::peek`]), what other processes journaled so far,
    /// so that the lock is held only for what they journal meanwhile.
    pub(crate) fn prefetch(&self, peek: &Placing<'_>) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        journal::prefetch(&mut state, peek);
    }

    /// Runs the clusterer's re-placement pass now (the end of a batch: see
    /// [`Clusterer::refine`]) and has the store follow, under the placing lock (`placing`;
    /// the pass is journaled, as placements are). Nothing is done when nothing was placed
    /// since the last pass (another process's batch of the same files, say, ended first).
    /// Returns the stories whose reports changed (their digests are stale).
    pub(crate) fn settle<S: Store>(
        &self,
        store: &S,
        placing: &Placing<'_>,
    ) -> Result<Vec<StoryId>, StoreError> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        journal::follow(&mut state, store, placing)?;
        if state.settled {
            return Ok(Vec::new());
        }
        journal::open(&state, placing)?;
        state.settled = true;
        let regroup = state.clusterer.refine();
        let (mut regrouped, mut folded) = (Vec::new(), Vec::new());
        let done = regroup_stories(store, &regroup, None, &mut regrouped, &mut folded);
        // A story folded away is gone, not changed.
        regrouped.retain(|s| !folded.iter().any(|(gone, _)| gone == s));
        match done {
            Ok(true) => {
                journal::record(&mut state, placing, &journal::Entry::Settle(regroup));
                Ok(regrouped)
            }
            Ok(false) => {
                resync(&mut state, store, placing, true);
                Ok(regrouped)
            }
            Err(e) => {
                resync(&mut state, store, placing, true);
                Err(e)
            }
        }
    }
}

/// When the store did not follow the clusterer all the way (it refused a split or a move
/// because another process changed those stories, or failed midway), the clusterer is
/// rebuilt from the store, which is the truth (`rebuild`; a store failure while placing
/// the article itself leaves the clusterer as it is when no other process shares the
/// store); a failed rebuild leaves it as it is, logged. With other processes, the rebuild
/// starts a new journal epoch (theirs rebuild too); one that fails leaves the ledger open,
/// so that they do (and this one, at its next placing).
fn resync<S: Store>(state: &mut State, store: &S, placing: &Placing<'_>, rebuild: bool) {
    if !rebuild {
        return;
    }
    match journal::new_epoch(state, store, placing) {
        Ok(()) => {
            tracing::warn!("the store did not follow the clusterer: rebuilt it from the store")
        }
        Err(e) => tracing::error!("the clusterer could not be rebuilt from the store: {e}"),
    }
}

/// What a clusterer decided for one article, in the journal: what another clusterer in the
/// same state decides the same way.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Decision {
    id: u64,
    time: i64,
    features: Features,
    /// The store's ids for the stories the clusterer opened, in the order they were asked.
    opened: Vec<u64>,
    /// The assignment, its stories renumbered to the store's ids.
    assignment: Assignment,
}

/// Has the clusterer assign a document, then gives each story it opened (the document's, or
/// the new side of a split: provisional ids) the id `next_id` hands out, in order. Returns
/// the assignment renumbered and the ids given.
fn decide(
    c: &mut Clusterer,
    id: u64,
    features: &Features,
    time: i64,
    mut next_id: impl FnMut() -> Result<u64, StoreError>,
) -> Result<(Assignment, Vec<u64>), StoreError> {
    let mut assignment = c.assign(id, features, time);
    // A story the clusterer opened (this article's, or the new side of a split) has a
    // provisional id and takes its real one from the store, which hands ids out
    // atomically: another process (`tidings fetch` or `ingest` beside `serve`'s fetch
    // loop) opening stories at the same time never gets the same one, and ids have no
    // gaps. A story left provisional by a failed reservation gets its id the same way
    // when an article next joins it.
    let mut opened: Vec<u64> = Vec::new();
    let mut provisional_ids = vec![assignment.story];
    if let Some(split) = &assignment.split {
        provisional_ids.extend([split.from, split.into]);
    }
    provisional_ids.retain(|&s| s >= PROVISIONAL_IDS);
    provisional_ids.sort_unstable();
    provisional_ids.dedup();
    for provisional in provisional_ids {
        let id = next_id()?;
        if !c.renumber(provisional, id) {
            // The store's fresh id is already a story here: the two disagree (an error,
            // never a silent join).
            return Err(StoreError::StoryExists(id as StoryId));
        }
        let fix = |s: &mut u64| {
            if *s == provisional {
                *s = id;
            }
        };
        fix(&mut assignment.story);
        if let Some(split) = assignment.split.as_mut() {
            fix(&mut split.from);
            fix(&mut split.into);
        }
        // A re-placement pass runs after the article is placed: it may move reports
        // into (or fold) the story the article just opened.
        if let Some(regroup) = assignment.regroup.as_mut() {
            for m in &mut regroup.moves {
                fix(&mut m.from);
                fix(&mut m.into);
            }
            for (gone, kept) in &mut regroup.merged {
                fix(gone);
                fix(kept);
            }
        }
        opened.push(id);
    }
    Ok((assignment, opened))
}

/// [`Stories::place`] with the clusterer locked; `diverged` is set when the store refused
/// or failed part of what the clusterer did to stories other than the article's (merges,
/// a split, a re-placement pass), `decided` once the clusterer has decided (for the
/// journal). A failure placing the article itself leaves it without a story, as before,
/// and a story the clusterer opened for it provisional.
fn place_locked<S: Store>(
    c: &mut Clusterer,
    store: &S,
    record: &ClusterRecord,
    diverged: &mut bool,
    decided: &mut Option<Decision>,
) -> Result<Placed, StoreError> {
    let features = features_of(record);
    let (assignment, opened) = decide(c, record.id as u64, &features, record.time, || {
        Ok(store.reserve_story_id()?.max(1) as u64)
    })?;
    *decided = Some(Decision {
        id: record.id as u64,
        time: record.time,
        features: features.clone(),
        opened: opened.clone(),
        assignment: assignment.clone(),
    });
    let duplicate_of = assignment.duplicate_of.map(|d| d as ArticleId);
    let split = assignment.split.as_ref();
    // When the split takes this article into its new story, the article first joins the
    // story it matched (the split's `from`), and the split then moves it along with the
    // rest of its group: the new story is created by the split, with all its reports.
    let into_new = split.is_some_and(|s| s.into == assignment.story);
    let joined = match split {
        Some(s) if into_new => s.from,
        _ => assignment.story,
    };
    let mut story = if opened.contains(&joined) {
        // A new story: its id must be free, or two writers shared one (an error, never
        // a silent join).
        store.open_story(record.id, joined as StoryId, duplicate_of)?
    } else {
        // The store follows a story another process merged away.
        store.assign_story(record.id, joined as StoryId, duplicate_of)?
    };
    if duplicate_of.is_none() {
        // A copy adds no new mentions: it would only count the same report twice.
        store.add_story_entities(story, &mentions(&features))?;
    }
    // The clusterer merges into the story the article joined, then (when the article
    // makes it show two events) splits that story: the store follows in that order, so
    // the split also moves the reports of the stories just merged in. A story that never
    // reached the store (still provisional) has nothing to merge.
    let merged: Vec<StoryId> = assignment
        .merged
        .iter()
        .filter(|&&m| m < PROVISIONAL_IDS)
        .map(|&m| m as StoryId)
        .collect();
    for &gone in &merged {
        if let Err(e) = store.merge_stories(story, gone) {
            *diverged = true;
            return Err(e);
        }
    }
    let (mut split_from, mut split_into) = (None, None);
    if let Some(split) = split {
        match split_story(store, split, Some((record, &features))) {
            Ok((from, into)) => {
                if into_new || split.docs.contains(&(record.id as u64)) {
                    story = into;
                }
                (split_from, split_into) = (Some(from), Some(into));
            }
            // The article is stored in the story it joined; the split is lost, and the
            // clusterer is rebuilt from the store (another process moved or merged the
            // reports meanwhile, say).
            Err(
                e @ (StoreError::BadSplit(..)
                | StoreError::StoryExists(_)
                | StoreError::UnknownStory(_)),
            ) => {
                tracing::warn!("story {} not split: {e}", split.from);
                *diverged = true;
            }
            Err(e) => {
                *diverged = true;
                return Err(e);
            }
        }
    }
    let (mut regrouped, mut folded) = (Vec::new(), Vec::new());
    // A pass decided on top of a split the store refused is not carried out: the clusterer
    // is rebuilt from the store anyway.
    if let Some(regroup) = assignment.regroup.as_ref().filter(|_| !*diverged) {
        let placed = Some((record, &features));
        match regroup_stories(store, regroup, placed, &mut regrouped, &mut folded) {
            Ok(true) => {}
            Ok(false) => *diverged = true,
            Err(e) => {
                *diverged = true;
                return Err(e);
            }
        }
        // The article itself may have moved, or its story been folded: the store says
        // where it is.
        if let Some(now) = store.article(record.id)?.and_then(|a| a.story_id) {
            story = now;
        }
    }
    Ok(Placed {
        story,
        duplicate_of,
        merged,
        split_from,
        split_into,
        regrouped,
        folded,
    })
}

/// What a clusterer is rebuilt from: the placed articles of the store's recent window,
/// oldest first, with their features and stories; the stories the window cut; the first id
/// a new story may take. The same snapshot gives the same clusterer in any process.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Snapshot {
    restored: Vec<(u64, Features, i64, Assignment)>,
    /// Stories the window cut: they come back with only their recent reports.
    cut: Vec<u64>,
    /// Stories outside the window keep their ids: new ones take ids from here on.
    next_story: u64,
}

impl Snapshot {
    /// The placed articles of the store's recent window, and what else a rebuild needs.
    fn of<S: Store>(store: &S, config: &Config) -> Result<Snapshot, StoreError> {
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
                    split: None,
                    regroup: None,
                };
                Some((r.id as u64, features_of(r), r.time, assignment))
            })
            .collect();
        let mut restored_counts: std::collections::HashMap<StoryId, i64> = Default::default();
        for r in &records {
            if let Some(story) = r.story {
                *restored_counts.entry(story).or_default() += 1;
            }
        }
        let ids: Vec<StoryId> = restored_counts.keys().copied().collect();
        let mut cut = Vec::new();
        for (story, stored) in store.story_sizes(&ids)? {
            if stored > restored_counts.get(&story).copied().unwrap_or(0) {
                cut.push(story as u64);
            }
        }
        // Sorted, so that the same store gives the same snapshot.
        cut.sort_unstable();
        Ok(Snapshot {
            restored,
            cut,
            next_story: store.max_story_id()?.max(0) as u64 + 1,
        })
    }

    /// The clusterer rebuilt from it.
    fn clusterer(&self, config: Config) -> Clusterer {
        let mut clusterer = Clusterer::rebuild(
            config,
            self.restored.iter().map(|(id, f, t, a)| (*id, f, *t, a)),
        );
        // A story the window cut comes back with only its recent reports: judged by those,
        // a split or re-placement pass could misjudge it (and a fold would move all of it).
        for &story in &self.cut {
            clusterer.forget_members(story);
        }
        clusterer.reserve_story_ids(self.next_story);
        // New stories take provisional ids until the store gives theirs (see `place`).
        clusterer.reserve_story_ids(PROVISIONAL_IDS);
        clusterer
    }
}

/// Ids the clusterer gives the stories it opens until the store hands out the real one
/// ([`Clusterer::renumber`]): far above any id the store gives, so one left behind by a
/// failed reservation never clashes with a real one.
const PROVISIONAL_IDS: u64 = 1 << 62;

/// Carries out a split the clusterer decided: the moved reports' entity mentions are counted
/// again (copies add none, as when placing), then the store moves the group. Returns the story
/// split (resolved, if another process merged it away) and the new story.
fn split_story<S: Store>(
    store: &S,
    split: &Split,
    placed: Option<(&ClusterRecord, &Features)>,
) -> Result<(StoryId, StoryId), StoreError> {
    let asked = split.from as StoryId;
    let from = store
        .resolve_story(asked)?
        .ok_or(StoreError::UnknownStory(asked))?;
    let into = split.into as StoryId;
    let articles: Vec<ArticleId> = split.docs.iter().map(|&d| d as ArticleId).collect();
    let moved_entities = moved_mentions(store, from, &articles, placed)?;
    store.split_story(from, into, &articles, &moved_entities)?;
    tracing::info!(
        "story {from} held two events: {} of its articles moved to the new story {into}",
        articles.len()
    );
    Ok((from, into))
}

/// Carries out a re-placement pass the clusterer decided: each move (its reports' mentions
/// moving with them, as in a split), then each fold (a merge). Stories changed go to
/// `regrouped`, folds to `folded`. A move or fold the store refuses (another process moved
/// or merged those reports meanwhile, or a story never reached the store) is logged and
/// skipped; returns whether all were carried out.
fn regroup_stories<S: Store>(
    store: &S,
    regroup: &Regroup,
    placed: Option<(&ClusterRecord, &Features)>,
    regrouped: &mut Vec<StoryId>,
    folded: &mut Vec<(StoryId, StoryId)>,
) -> Result<bool, StoreError> {
    let mut all = true;
    for m in &regroup.moves {
        let (from, into) = (m.from, m.into);
        if from >= PROVISIONAL_IDS || into >= PROVISIONAL_IDS {
            tracing::warn!("reports not moved from story {from} to {into}: not stored yet");
            all = false;
            continue;
        }
        let (from, into) = (from as StoryId, into as StoryId);
        let Some(source) = store.resolve_story(from)? else {
            tracing::warn!("reports not moved from story {from}: it is gone");
            all = false;
            continue;
        };
        let articles: Vec<ArticleId> = m.docs.iter().map(|&d| d as ArticleId).collect();
        let moved_entities = moved_mentions(store, source, &articles, placed)?;
        match store.move_articles(from, into, &articles, &moved_entities) {
            Ok(n) => {
                // Fewer (another process moved some) or more (copies the clusterer did not
                // know) than it listed: the two no longer agree.
                if n != articles.len() {
                    all = false;
                }
                let plural = if n == 1 { "" } else { "s" };
                tracing::info!("{n} article{plural} fit story {into} better than {from}: moved");
                for s in [from, into] {
                    let s = store.resolve_story(s)?.unwrap_or(s);
                    if !regrouped.contains(&s) {
                        regrouped.push(s);
                    }
                }
            }
            Err(e @ (StoreError::BadMove(..) | StoreError::UnknownStory(_))) => {
                tracing::warn!("reports not moved from story {from} to {into}: {e}");
                all = false;
            }
            Err(e) => return Err(e),
        }
    }
    for &(gone, kept) in &regroup.merged {
        if gone >= PROVISIONAL_IDS || kept >= PROVISIONAL_IDS {
            all = false;
            continue;
        }
        let (gone, kept) = (gone as StoryId, kept as StoryId);
        match (store.resolve_story(gone)?, store.resolve_story(kept)?) {
            (Some(g), Some(k)) if g != k => {
                store.merge_stories(k, g)?;
                tracing::info!("story {g} fits story {k}: merged into it");
                folded.push((g, k));
                if !regrouped.contains(&k) {
                    regrouped.push(k);
                }
            }
            // Already one story.
            (Some(_), Some(_)) => {}
            _ => {
                tracing::warn!("story {gone} not merged into {kept}: one of them is gone");
                all = false;
            }
        }
    }
    Ok(all)
}

/// The mentions of the listed reports (not copies: they add none) of a story, as placing
/// them counted them: the article being placed (`placed`) with the features it was
/// clustered with, the others from their stored text.
fn moved_mentions<S: Store>(
    store: &S,
    story: StoryId,
    articles: &[ArticleId],
    placed: Option<(&ClusterRecord, &Features)>,
) -> Result<Vec<EntityMention>, StoreError> {
    let moving: HashSet<ArticleId> = articles.iter().copied().collect();
    let mut out = Vec::new();
    for r in store.story_records(story)? {
        if r.duplicate_of.is_some() || !moving.contains(&r.id) {
            continue;
        }
        out.extend(match placed {
            Some((p, features)) if p.id == r.id => mentions(features),
            _ => mentions(&features_of(&r)),
        });
    }
    Ok(out)
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
