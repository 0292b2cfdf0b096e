//! Re-placing reports that a story of their own event has outgrown (see
//! [`Config::refine_every`](crate::Config::refine_every)).
//!
//! A single pass decides when a report arrives, against the stories that exist then. The
//! first reports of an event often arrive before their event has a story: they join the
//! look-alike event's story (same people, same place, another day) or open a story of their
//! own, and stay there after their event's story has grown. A re-placement pass looks at the
//! window again: every report whose story is still held member by member is scored against
//! its own story **without itself** (leave-one-out) and against the other stories its terms
//! find in the index, exactly as a new report would be; it moves when another story fits it
//! better and clears the join threshold. A story left empty is folded into the story its
//! reports went to, as a merge (the older id survives, the other redirects). Passes run every
//! so many assignments, a number that grows with the window's members so that the cost per
//! assignment stays flat, and once more on [`Clusterer::refine`] (the end of a batch).

use serde::{Deserialize, Serialize};

use crate::hash::IdMap;
use crate::{Clusterer, DocId, Member, NameVeto, StoryId};

/// What a re-placement pass changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Regroup {
    /// Reports that moved to a story fitting them better, each move from one story to
    /// another; both stories live on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<Move>,
    /// Stories whose every report belonged elsewhere, folded into that story as a merge:
    /// (gone, kept), in the order done; `gone` now redirects to `kept`, the older of the two.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<(StoryId, StoryId)>,
}

impl Regroup {
    /// Whether the pass changed nothing.
    pub fn is_empty(&self) -> bool {
        self.moves.is_empty() && self.merged.is_empty()
    }

    fn absorb(&mut self, other: Regroup) {
        self.moves.extend(other.moves);
        self.merged.extend(other.merged);
    }
}

/// Reports (copies included, which follow their original) that moved from one story to
/// another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    /// The story they left (it keeps other reports).
    pub from: StoryId,
    /// The story they joined.
    pub into: StoryId,
    /// The documents that moved, copies included, by id.
    pub docs: Vec<DocId>,
}

impl Clusterer {
    /// Re-places the window's reports now (see [`Config::refine_every`](crate::Config)):
    /// repeated until nothing moves, at most `refine_rounds` times, and not after a round
    /// that folded a story. The batch modes call this
    /// at the end of their input; the engine after each ingestion.
    pub fn refine(&mut self) -> Regroup {
        self.since_refine = 0;
        let mut all = Regroup::default();
        if self.config.refine_every == 0 {
            return all;
        }
        for _ in 0..self.config.refine_rounds.max(1) {
            let round = self.refine_round();
            let folded = !round.merged.is_empty();
            if round.is_empty() {
                break;
            }
            all.absorb(round);
            // A `Regroup` lists its moves before its folds: a round after a fold could move
            // a report of the folded story, which whoever follows (the store) would look for
            // where it was before the fold. The next pass goes on.
            if folded {
                break;
            }
        }
        all
    }

    /// Runs a pass when enough assignments have passed since the last one: `refine_every`,
    /// or a `refine_share` of the members held, whichever is more.
    pub(crate) fn refine_if_due(&mut self) -> Option<Regroup> {
        let c = &self.config;
        if c.refine_every == 0 {
            return None;
        }
        self.since_refine += 1;
        let due = (c.refine_every as f64).max(self.members_held as f64 * c.refine_share);
        if (self.since_refine as f64) < due {
            return None;
        }
        Some(self.refine()).filter(|r| !r.is_empty())
    }

    /// One pass: decides every move against the stories as they are, then carries them out.
    fn refine_round(&mut self) -> Regroup {
        // By source story: (member, target story).
        let mut by_source: IdMap<usize, Vec<(usize, usize)>> = IdMap::default();
        let mut held = 0;
        for (si, s) in self.stories.iter().enumerate() {
            let Some(members) = s.members.as_ref().filter(|_| s.live) else {
                continue;
            };
            held += members.len();
            for (mi, m) in members.iter().enumerate() {
                if let Some(ti) = self.better_story(si, m, members.len()) {
                    by_source.entry(si).or_default().push((mi, ti));
                }
            }
        }
        self.members_held = held;
        // A story every member of which wants to leave for one story is folded into it; one
        // whose members scatter keeps its oldest.
        let mut folds: Vec<(StoryId, StoryId)> = Vec::new();
        let mut folding: Vec<usize> = Vec::new();
        let mut moves: IdMap<usize, Vec<(usize, usize)>> = IdMap::default();
        for (si, mut list) in by_source {
            let members = self.stories[si].members.as_deref().unwrap_or_default();
            if list.len() == members.len() {
                let target = list[0].1;
                if list.iter().all(|&(_, t)| t == target) {
                    folds.push((self.stories[si].id, self.stories[target].id));
                    folding.push(si);
                    continue;
                }
                let oldest = (0..members.len()).min_by_key(|&i| (members[i].time, members[i].doc));
                list.retain(|&(mi, _)| Some(mi) != oldest);
            }
            moves.insert(si, list);
        }
        // Nothing moves into a story about to be folded, nor into one holding as many members
        // as a story keeps (the next pass sees those reports again).
        let max = self.config.split_max_docs;
        let full = |t: usize| {
            self.stories[t]
                .members
                .as_ref()
                .is_none_or(|m| m.len() >= max)
        };
        for list in moves.values_mut() {
            list.retain(|&(_, t)| !folding.contains(&t) && !full(t));
        }
        moves.retain(|_, list| !list.is_empty());

        let mut out = Regroup::default();
        self.carry_out_moves(moves, &mut out);
        // Folds one after another, each between the stories its two ids lead to now: an
        // earlier fold may have merged either (several stories folding into one, or two into
        // each other, end as one story).
        folds.sort_unstable();
        for (gone, kept) in folds {
            let (gone, kept) = (self.resolve(gone), self.resolve(kept));
            let (Some(&g), Some(&k)) = (self.by_id.get(&gone), self.by_id.get(&kept)) else {
                continue;
            };
            if g == k || !self.stories[g].live || !self.stories[k].live {
                continue;
            }
            let mut merged = Vec::new();
            let survivor = self.merge_into_oldest(k, vec![g], &mut merged);
            let survivor = self.stories[survivor].id;
            out.merged.extend(merged.into_iter().map(|m| (m, survivor)));
        }
        out
    }

    /// Moves the chosen members (by source story: member index, target story) and rebuilds
    /// every story touched.
    fn carry_out_moves(&mut self, moves: IdMap<usize, Vec<(usize, usize)>>, out: &mut Regroup) {
        if moves.is_empty() {
            return;
        }
        let mut incoming: IdMap<usize, Vec<Member>> = IdMap::default();
        let mut touched: Vec<usize> = Vec::new();
        let mut by_pair: IdMap<(usize, usize), Vec<DocId>> = IdMap::default();
        let mut order: Vec<usize> = moves.keys().copied().collect();
        order.sort_unstable();
        for si in order {
            let leaving = &moves[&si];
            let members = self.stories[si].members.take().unwrap_or_default();
            let mut stay = Vec::with_capacity(members.len());
            for (mi, m) in members.into_iter().enumerate() {
                match leaving.iter().find(|&&(i, _)| i == mi) {
                    Some(&(_, ti)) => {
                        let docs = by_pair.entry((si, ti)).or_default();
                        docs.push(m.doc);
                        docs.extend(m.copies.iter().map(|&(d, _)| d));
                        incoming.entry(ti).or_default().push(m);
                        touched.push(ti);
                    }
                    None => stay.push(m),
                }
            }
            touched.push(si);
            self.stories[si].members = Some(stay);
        }
        touched.sort_unstable();
        touched.dedup();
        let mut moved: IdMap<DocId, StoryId> = IdMap::default();
        let mut pairs: Vec<((usize, usize), Vec<DocId>)> = by_pair.into_iter().collect();
        pairs.sort_unstable_by_key(|&(k, _)| k);
        for ((si, ti), mut docs) in pairs {
            docs.sort_unstable();
            let into = self.stories[ti].id;
            moved.extend(docs.iter().map(|&d| (d, into)));
            out.moves.push(crate::refine::Move {
                from: self.stories[si].id,
                into,
                docs,
            });
        }
        for i in touched {
            let mut members = self.stories[i].members.take().unwrap_or_default();
            members.extend(incoming.remove(&i).unwrap_or_default());
            members.sort_by_key(|m| (m.time, m.doc));
            self.refill(i, members);
        }
        for d in self.dups.values_mut() {
            if let Some(&into) = moved.get(&d.id) {
                d.story = into;
            }
        }
    }

    /// The story (index) member `m` of story `si` (of `n` members) should move to, if any:
    /// one of the stories its terms find that it could join as a new report (same language,
    /// no name veto), scoring the join threshold and more than its own story scores without
    /// it.
    fn better_story(&self, si: usize, m: &Member, n: usize) -> Option<usize> {
        let c = &self.config;
        let own_story = &self.stories[si];
        let own = if n > 1 {
            self.score_without(own_story, &m.vectors, m.time)
        } else {
            0.0
        };
        let join = c.join_for(m.short);
        let veto = NameVeto::new(
            c,
            m.entities.iter().map(|(key, n)| (key.as_str(), *n)),
            m.short,
        );
        let mut best: Option<(usize, f64)> = None;
        let mut candidates = self.candidates(&m.vectors);
        candidates.truncate(c.refine_candidates);
        for ti in candidates {
            let Some(t) = self.stories.get(ti) else {
                continue;
            };
            if ti == si
                || !t.live
                || t.members.is_none()
                || t.lang != own_story.lang
                || veto.vetoes(t)
            {
                continue;
            }
            let score = self.score(t, &m.vectors, m.time) * self.fact_penalty(t, &m.facts);
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((ti, score));
            }
        }
        let (ti, score) = best?;
        (score >= join && score > own + c.refine_margin).then_some(ti)
    }
}
