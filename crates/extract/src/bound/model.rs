//! A cheap model of the HTML tree builder's stack of open elements and list of active
//! formatting elements, fed tag by tag by [`super::bound_html`]'s scanner.
//!
//! It follows the parsing rules that pop elements (end tags in and out of scope, implied end
//! tags of `p`, `li`, `dd`/`dt`, headings, options, table cells and rows, the adoption agency
//! when no special element is in the way, foreign content) and the ones that push elements
//! the page does not spell (implied `tbody`/`tr`, reconstructed formatting elements). Where a
//! rule is involved (the adoption agency moving elements around), it keeps the element: its
//! depth may be more than the parser's, never much less, so a page it lets through has no
//! deeper tree than the limits say, and a page it rewrites is one that was deep anyway. The
//! parse itself is checked afterwards ([`super::parse`]), so the model needs to be close, not
//! exact.
//!
//! Every step costs at most the depth of the stack, which the model keeps under
//! [`super::MAX_DEPTH`] (plus reconstructed formatting elements, at most
//! [`super::MAX_FORMATTING`]): the whole pass is linear in the page.

use std::collections::HashMap;

mod formatting;

use super::tags::{
    BREAKOUT, CLOSES_P, FORMATTING, Kind, MARKER, SCOPE, SPECIAL, Tag, VOID, classify, name_hash,
};
use super::{MAX_DEPTH, MAX_FORMATTING};
use formatting::{Active, MAX_ACTIVE};

#[derive(Debug, Clone, Copy)]
/// An element on the stack of open elements.
struct Open {
    hash: u64,
    kind: Kind,
    flags: u16,
    /// An SVG or MathML element.
    foreign: bool,
    id: u32,
}

/// The model's state: see the module documentation.
#[derive(Default)]
pub(super) struct Model {
    stack: Vec<Open>,
    active: Vec<Active>,
    next_id: u32,
    /// Start tags dropped (past the limits) by name, so that their end tags go too.
    dropped: HashMap<u64, u32>,
    /// The last start tag opened an HTML element (whose content may be raw text).
    opened_html: bool,
}

/// What to do with a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    Keep,
    /// Past a limit: the tag goes (its content stays).
    Drop,
}

impl Model {
    /// Elements open.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// The current node is SVG or MathML (not an HTML integration point): tags are read as
    /// foreign (`<x/>` closes, `<style>` is not raw text).
    pub fn in_foreign(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|o| o.foreign && o.kind != Kind::Integration)
    }

    /// Text is inserted: formatting elements closed implicitly are reopened.
    pub fn text(&mut self) {
        if !self.in_foreign() {
            self.reconstruct();
        }
    }

    /// The last start tag opened an HTML element: its content is raw text when its name
    /// says so.
    pub fn opened_html(&self) -> bool {
        self.opened_html
    }

    /// A start tag.
    pub fn start(&mut self, t: &Tag) -> Verdict {
        self.opened_html = false;
        if self.in_foreign() {
            let leaves = t.flags & BREAKOUT != 0 || t.font_breakout;
            if !leaves {
                if t.self_closing {
                    return Verdict::Keep;
                }
                return self.push_new(t, true);
            }
            while self.in_foreign() {
                self.pop();
            }
        }
        if t.flags & VOID != 0 {
            match t.kind {
                Kind::Input => {
                    if let Some(i) = self.in_scope(|o| o.kind == Kind::Select, false) {
                        self.pop_to(i);
                    }
                }
                _ if t.flags & CLOSES_P != 0 => self.close_p(),
                _ => {}
            }
            self.reconstruct();
            return Verdict::Keep;
        }
        match t.kind {
            Kind::Html | Kind::Body | Kind::Head | Kind::Colgroup => return Verdict::Keep,
            Kind::Form if self.stack.iter().any(|o| o.kind == Kind::Form) => {
                return Verdict::Keep;
            }
            Kind::Select => {
                if let Some(i) = self.in_scope(|o| o.kind == Kind::Select, false) {
                    // A select in a select closes it.
                    self.pop_to(i);
                    return Verdict::Keep;
                }
            }
            Kind::Caption | Kind::Section | Kind::Tr | Kind::Cell if self.table().is_none() => {
                // Table parts outside a table are ignored.
                return Verdict::Keep;
            }
            _ => {}
        }
        // Past the depth limit the tag goes before it closes anything: the parser never
        // sees it.
        if self.stack.len() >= MAX_DEPTH {
            return self.drop_tag(t);
        }
        if t.flags & FORMATTING != 0
            && (self.formatting_after_marker() >= MAX_FORMATTING || self.active.len() >= MAX_ACTIVE)
        {
            return self.drop_tag(t);
        }
        if t.flags & CLOSES_P != 0 {
            self.close_p();
        }
        match t.kind {
            // A heading right inside a heading closes it.
            Kind::Heading if self.stack.last().is_some_and(|o| o.kind == Kind::Heading) => {
                self.pop();
            }
            Kind::Li | Kind::DdDt => {
                for i in (0..self.stack.len()).rev() {
                    let o = self.stack[i];
                    if o.kind == t.kind {
                        self.pop_to(i);
                        break;
                    }
                    if o.flags & SPECIAL != 0
                        && !matches!(o.kind, Kind::Address | Kind::Div | Kind::P)
                    {
                        break;
                    }
                }
            }
            Kind::Button => {
                if let Some(i) = self.in_scope(|o| o.kind == Kind::Button, false) {
                    self.pop_to(i);
                }
            }
            Kind::Option | Kind::Optgroup
                if self.stack.last().is_some_and(|o| o.kind == Kind::Option) =>
            {
                self.pop();
            }
            Kind::A | Kind::Nobr => {
                if let Some(old) = self.active_after_marker(t.hash) {
                    self.adoption(t.hash);
                    // Whatever the adoption agency left of the old element goes.
                    if self.active_after_marker(t.hash) == Some(old) {
                        if let Active::Element { id, .. } = self.active[old]
                            && let Some(si) = self.stack.iter().rposition(|o| o.id == id)
                        {
                            self.stack.remove(si);
                        }
                        self.active.remove(old);
                    }
                }
            }
            Kind::Table => {
                if let Some(i) = self.table_context()
                    && self.stack[i].kind != Kind::Cell
                    && self.stack[i].kind != Kind::Caption
                    && let Some(ti) = self.table()
                {
                    // A table in a table (not in a cell) closes the open one.
                    self.pop_to(ti);
                }
            }
            Kind::Caption | Kind::Section => {
                if let Some(ti) = self.table() {
                    self.pop_to(ti + 1);
                }
            }
            Kind::Tr => {
                self.close_cell();
                if let Some(i) = self.table_context() {
                    match self.stack[i].kind {
                        Kind::Tr => self.pop_to(i),
                        Kind::Section => self.pop_to(i + 1),
                        _ => {
                            self.pop_to(i + 1);
                            self.push_implied(b"tbody", Kind::Section);
                        }
                    }
                }
            }
            Kind::Cell => {
                self.close_cell();
                if let Some(i) = self.table_context() {
                    match self.stack[i].kind {
                        Kind::Tr => self.pop_to(i + 1),
                        Kind::Section => {
                            self.pop_to(i + 1);
                            self.push_implied(b"tr", Kind::Tr);
                        }
                        _ => {
                            self.pop_to(i + 1);
                            self.push_implied(b"tbody", Kind::Section);
                            self.push_implied(b"tr", Kind::Tr);
                        }
                    }
                }
            }
            _ => {}
        }
        if !matches!(
            t.kind,
            Kind::Table | Kind::Caption | Kind::Section | Kind::Tr | Kind::Cell
        ) {
            self.reconstruct();
        }
        let foreign = matches!(t.kind, Kind::Svg | Kind::Math);
        if foreign && t.self_closing {
            return Verdict::Keep;
        }
        let verdict = self.push_new(t, foreign);
        if verdict == Verdict::Keep && t.flags & MARKER != 0 {
            self.active.push(Active::Marker);
        }
        verdict
    }

    /// An end tag.
    pub fn end(&mut self, t: &Tag) -> Verdict {
        if let Some(n) = self.dropped.get_mut(&t.hash)
            && *n > 0
        {
            *n -= 1;
            return Verdict::Drop;
        }
        if self.in_foreign() {
            if matches!(t.kind, Kind::P) || t.hash == name_hash(b"br") {
                while self.in_foreign() {
                    self.pop();
                }
            } else {
                let mut i = self.stack.len();
                while i > 0 && self.stack[i - 1].foreign {
                    i -= 1;
                    if self.stack[i].hash == t.hash {
                        self.pop_to(i);
                        return Verdict::Keep;
                    }
                }
            }
        }
        match t.kind {
            Kind::Html | Kind::Body | Kind::Head => {}
            _ if t.flags & VOID != 0 => {}
            Kind::P => {
                if let Some(i) = self.in_scope(|o| o.kind == Kind::P, true) {
                    self.pop_to(i);
                }
            }
            Kind::Li => {
                let hash = t.hash;
                if let Some(i) = self.in_list_scope(hash) {
                    self.pop_to(i);
                }
            }
            Kind::Heading => {
                if let Some(i) = self.in_scope(|o| o.kind == Kind::Heading, false) {
                    self.pop_to(i);
                }
            }
            Kind::Form => {
                if let Some(i) = self.in_scope(|o| o.kind == Kind::Form, false) {
                    self.stack.remove(i);
                }
            }
            Kind::Table | Kind::Caption | Kind::Section | Kind::Tr | Kind::Cell => {
                let hash = t.hash;
                let table = t.kind == Kind::Table;
                for i in (0..self.stack.len()).rev() {
                    let o = self.stack[i];
                    if o.hash == hash {
                        self.pop_to(i);
                        break;
                    }
                    if matches!(o.kind, Kind::Html | Kind::Template)
                        || (!table && o.kind == Kind::Table)
                    {
                        break;
                    }
                }
            }
            Kind::Option => {
                if self.stack.last().is_some_and(|o| o.kind == Kind::Option) {
                    self.pop();
                }
            }
            Kind::Optgroup => {
                if self.stack.last().is_some_and(|o| o.kind == Kind::Option) {
                    self.pop();
                }
                if self.stack.last().is_some_and(|o| o.kind == Kind::Optgroup) {
                    self.pop();
                }
            }
            _ if t.flags & FORMATTING != 0 => {
                if self.active_after_marker(t.hash).is_some() {
                    self.adoption(t.hash);
                } else {
                    self.any_other_end(t.hash);
                }
            }
            _ if t.flags & SPECIAL != 0 => {
                let hash = t.hash;
                if let Some(i) = self.in_scope(|o| o.hash == hash, false) {
                    self.pop_to(i);
                }
            }
            _ => self.any_other_end(t.hash),
        }
        Verdict::Keep
    }

    /// A start tag dropped by [`Model::start`] went with its content and end tag: its end tag
    /// will not come.
    pub fn forget_drop(&mut self, t: &Tag) {
        if let Some(n) = self.dropped.get_mut(&t.hash) {
            *n = n.saturating_sub(1);
        }
    }

    fn drop_tag(&mut self, t: &Tag) -> Verdict {
        *self.dropped.entry(t.hash).or_insert(0) += 1;
        Verdict::Drop
    }

    fn push_new(&mut self, t: &Tag, foreign: bool) -> Verdict {
        if self.stack.len() >= MAX_DEPTH {
            return self.drop_tag(t);
        }
        let id = self.fresh_id();
        self.stack.push(Open {
            hash: t.hash,
            kind: t.kind,
            flags: t.flags,
            foreign,
            id,
        });
        self.opened_html = !foreign;
        if t.flags & FORMATTING != 0 && !foreign {
            self.noahs_ark(t.hash, t.attrs_key);
            self.active.push(Active::Element {
                hash: t.hash,
                kind: t.kind,
                flags: t.flags,
                key: t.attrs_key,
                id,
                on_stack: true,
            });
        }
        Verdict::Keep
    }

    fn push_implied(&mut self, name: &[u8], kind: Kind) {
        let (_, flags) = classify(name);
        let id = self.fresh_id();
        self.stack.push(Open {
            hash: name_hash(name),
            kind,
            flags,
            foreign: false,
            id,
        });
    }

    fn fresh_id(&mut self) -> u32 {
        self.next_id = self.next_id.wrapping_add(1);
        self.next_id
    }

    fn pop(&mut self) {
        let Some(o) = self.stack.pop() else {
            return;
        };
        if o.flags & FORMATTING != 0 {
            for a in self.active.iter_mut().rev() {
                if let Active::Element { id, on_stack, .. } = a
                    && *id == o.id
                {
                    *on_stack = false;
                    break;
                }
            }
        }
        if o.flags & MARKER != 0 && !o.foreign {
            while let Some(a) = self.active.pop() {
                if matches!(a, Active::Marker) {
                    break;
                }
            }
        }
    }

    /// Pops the element at `i` and every one above it.
    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i {
            self.pop();
        }
    }

    /// Position of the topmost element matching `hit` before a boundary of the default scope
    /// (or of button scope: `button` is a boundary too).
    fn in_scope(&self, hit: impl Fn(&Open) -> bool, button: bool) -> Option<usize> {
        for i in (0..self.stack.len()).rev() {
            let o = &self.stack[i];
            if hit(o) {
                return Some(i);
            }
            if o.flags & SCOPE != 0
                || o.kind == Kind::Integration
                || (button && o.kind == Kind::Button)
            {
                return None;
            }
        }
        None
    }

    /// [`Model::in_scope`] of list item scope (`ol` and `ul` are boundaries too).
    fn in_list_scope(&self, hash: u64) -> Option<usize> {
        let (ol, ul) = (name_hash(b"ol"), name_hash(b"ul"));
        for i in (0..self.stack.len()).rev() {
            let o = &self.stack[i];
            if o.hash == hash {
                return Some(i);
            }
            if o.flags & SCOPE != 0 || o.kind == Kind::Integration || o.hash == ol || o.hash == ul {
                return None;
            }
        }
        None
    }

    fn close_p(&mut self) {
        if let Some(i) = self.in_scope(|o| o.kind == Kind::P, true) {
            self.pop_to(i);
        }
    }

    /// The innermost open table (in table scope).
    fn table(&self) -> Option<usize> {
        for i in (0..self.stack.len()).rev() {
            match self.stack[i].kind {
                Kind::Table => return Some(i),
                Kind::Html | Kind::Template => return None,
                _ => {}
            }
        }
        None
    }

    /// The innermost table element that says where in a table the parser is: a cell, a
    /// caption, a row, a row group or the table itself.
    fn table_context(&self) -> Option<usize> {
        for i in (0..self.stack.len()).rev() {
            match self.stack[i].kind {
                Kind::Cell | Kind::Caption | Kind::Tr | Kind::Section | Kind::Table => {
                    return Some(i);
                }
                Kind::Html | Kind::Template => return None,
                _ => {}
            }
        }
        None
    }

    /// A new row or cell closes the open cell (or caption).
    fn close_cell(&mut self) {
        if let Some(i) = self.table_context()
            && matches!(self.stack[i].kind, Kind::Cell | Kind::Caption)
        {
            self.pop_to(i);
        }
    }

    /// "Any other end tag": closes the topmost element of that name unless a special element
    /// is above it.
    fn any_other_end(&mut self, hash: u64) {
        for i in (0..self.stack.len()).rev() {
            let o = self.stack[i];
            if o.hash == hash {
                self.pop_to(i);
                return;
            }
            if o.flags & SPECIAL != 0 {
                return;
            }
        }
    }
}
