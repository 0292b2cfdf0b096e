//! Where each document of a batch ends up: batch modes (`tidings cluster --batch`, the
//! `tune` example, the benchmark) number their documents 0, 1, 2, … in input order and
//! follow the assignments, the splits and the re-placements that move earlier documents.

use crate::{Assignment, Clusterer, DocId, Regroup, StoryId};

/// The story of every document of a batch so far, by document number.
#[derive(Debug, Clone, Default)]
pub struct BatchStories {
    stories: Vec<StoryId>,
}

impl BatchStories {
    /// No documents yet.
    pub fn new() -> BatchStories {
        BatchStories::default()
    }

    /// Records the next document (its number is the count so far) and carries out what its
    /// assignment did to earlier ones.
    pub fn push(&mut self, assignment: &Assignment) {
        self.stories.push(assignment.story);
        if let Some(split) = &assignment.split {
            self.relabel(&split.docs, split.into);
        }
        if let Some(regroup) = &assignment.regroup {
            self.regroup(regroup);
        }
    }

    /// Carries out a re-placement pass ([`Clusterer::refine`]).
    pub fn regroup(&mut self, regroup: &Regroup) {
        for m in &regroup.moves {
            self.relabel(&m.docs, m.into);
        }
    }

    fn relabel(&mut self, docs: &[DocId], into: StoryId) {
        for &d in docs {
            if let Some(s) = usize::try_from(d)
                .ok()
                .and_then(|d| self.stories.get_mut(d))
            {
                *s = into;
            }
        }
    }

    /// The story document `doc` is in now (following merges), if it was recorded.
    pub fn story(&self, doc: usize, clusterer: &Clusterer) -> Option<StoryId> {
        self.stories.get(doc).map(|&s| clusterer.resolve(s))
    }

    /// Documents recorded.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    /// Whether none was recorded.
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }
}
