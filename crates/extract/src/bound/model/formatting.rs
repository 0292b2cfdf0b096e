//! The list of active formatting elements: the elements the tree builder reopens in every
//! later block (reconstruction), the "Noah's Ark" clause, and the adoption agency.

use super::{Model, Open};
use crate::bound::MAX_FORMATTING;
use crate::bound::tags::{Kind, SPECIAL};

/// Entries (formatting elements and markers) the list of active formatting elements may hold
/// before more formatting start tags are dropped: keeps each lookup in it short.
pub(super) const MAX_ACTIVE: usize = 4 * MAX_FORMATTING;

/// An entry of the list: a marker (a cell, a caption, a template, an object opened), or a
/// formatting element, the one on the stack (`id`) it was last opened as.
#[derive(Debug, Clone, Copy)]
pub(super) enum Active {
    Marker,
    Element {
        hash: u64,
        kind: Kind,
        flags: u16,
        key: u64,
        id: u32,
        on_stack: bool,
    },
}

impl Model {
    pub(super) fn formatting_after_marker(&self) -> usize {
        self.active
            .iter()
            .rev()
            .take_while(|a| !matches!(a, Active::Marker))
            .count()
    }

    /// Position in the list of the last formatting element named `hash` after the last
    /// marker.
    pub(super) fn active_after_marker(&self, hash: u64) -> Option<usize> {
        for i in (0..self.active.len()).rev() {
            match self.active[i] {
                Active::Marker => return None,
                Active::Element { hash: h, .. } if h == hash => return Some(i),
                Active::Element { .. } => {}
            }
        }
        None
    }

    /// At most three identical formatting elements after the last marker: a fourth pushes
    /// out the earliest.
    pub(super) fn noahs_ark(&mut self, hash: u64, key: u64) {
        let (mut same, mut earliest) = (0, 0);
        for i in (0..self.active.len()).rev() {
            match self.active[i] {
                Active::Marker => break,
                Active::Element {
                    hash: h, key: k, ..
                } if h == hash && k == key => {
                    same += 1;
                    earliest = i;
                }
                Active::Element { .. } => {}
            }
        }
        if same >= 3 {
            self.active.remove(earliest);
        }
    }

    /// The adoption agency, for an end tag (or `<a>`/`<nobr>` start) of a formatting element
    /// in the list: the element and everything above it close when no special element is
    /// above it; otherwise the model keeps them (the parser moves them under that element:
    /// no deeper).
    pub(super) fn adoption(&mut self, hash: u64) {
        let Some(at) = self.active_after_marker(hash) else {
            return;
        };
        let Active::Element { id, on_stack, .. } = self.active[at] else {
            return;
        };
        if !on_stack {
            self.active.remove(at);
            return;
        }
        let Some(si) = self.stack.iter().rposition(|o| o.id == id) else {
            self.active.remove(at);
            return;
        };
        if self.in_scope(|o| o.id == id, false).is_none() {
            return;
        }
        if self.stack[si + 1..].iter().any(|o| o.flags & SPECIAL != 0) {
            return;
        }
        self.active.remove(at);
        self.pop_to(si);
    }

    /// Reopens the formatting elements closed implicitly since the last marker.
    pub(super) fn reconstruct(&mut self) {
        let Some(Active::Element {
            on_stack: false, ..
        }) = self.active.last()
        else {
            return;
        };
        let mut first = self.active.len() - 1;
        while first > 0
            && matches!(
                self.active[first - 1],
                Active::Element {
                    on_stack: false,
                    ..
                }
            )
        {
            first -= 1;
        }
        for i in first..self.active.len() {
            let new_id = self.fresh_id();
            if let Active::Element {
                hash,
                kind,
                flags,
                id,
                on_stack,
                ..
            } = &mut self.active[i]
            {
                *id = new_id;
                *on_stack = true;
                self.stack.push(Open {
                    hash: *hash,
                    kind: *kind,
                    flags: *flags,
                    foreign: false,
                    id: new_id,
                });
            }
        }
    }
}
