//! How the clusterers of processes sharing a store stay one. Each process places under the
//! placing lock with a clusterer of its own; the clusterer is deterministic, so two
//! clusterers in the same state that are handed the same documents decide the same. The
//! journal ([`crate::coordination`]'s `placing.journal`) holds, from the snapshot a
//! clusterer was rebuilt from (an epoch's first entry), what the clusterers did since: each
//! article's features, time and assignment (with the story ids the store gave), each
//! re-placement pass. A process taking the lock first has its clusterer do what it has not
//! done yet (all of it, from the snapshot, when it is new to the epoch), checking that it
//! decides what was decided, so it places the next article knowing every article placed
//! before it, as one process alone would.
//!
//! A clusterer that decides otherwise (it was not in the same state), a journal that cannot
//! be read, a ledger left open (its holder died midway) or a store that did not follow the
//! clusterer start a new epoch: the clusterer is rebuilt from the store, as on start, and
//! the others rebuild from the same snapshot when they next take the lock. An engine that
//! starts alone begins an epoch too (its clusterer is rebuilt from the store, as it always
//! was), and so does a journal grown past [`MAX_LEN`]; one that starts beside others joins
//! theirs (from its snapshot, doing all they did), so that two ingests started at once
//! place as one.

use serde::{Deserialize, Serialize};
use tidings_cluster::Regroup;
use tidings_store::{Store, StoreError};

use super::{Decision, Snapshot, State, decide};
use crate::coordination::{Ledger, Placing};

/// Past this length the journal starts a new epoch rather than grow (a process new to an
/// epoch reads all of it).
const MAX_LEN: u64 = 64 << 20;

/// A starting engine joins the others' epoch up to this length (past it, rebuilding from
/// the store is cheaper than doing all they did).
const JOIN_MAX: u64 = 16 << 20;

/// Where a clusterer is in the journal: the epoch and the length it has done.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Position {
    epoch: Option<u64>,
    len: u64,
}

/// One line of the journal.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Entry {
    /// An epoch's first line: what its clusterers were rebuilt from.
    Epoch(Snapshot),
    /// An article placed.
    Place(Box<Decision>),
    /// A re-placement pass run at the end of a batch, and what it moved.
    Settle(Regroup),
}

/// An engine's start, under the placing lock: alone, or when the others' journal is long
/// or cannot be followed, the clusterer is rebuilt from the store and starts an epoch (as
/// an engine always rebuilt it on start); beside other engines, it joins theirs.
pub(super) fn start<S: Store>(
    state: &mut State,
    store: &S,
    placing: &Placing<'_>,
) -> Result<(), StoreError> {
    let alone = placing.enrol().unwrap_or_else(|e| {
        tracing::warn!("{}: not locked: {e}", placing.journal_path().display());
        true
    });
    let short = matches!(placing.ledger(), Ok(Some(l)) if l.len <= JOIN_MAX);
    if alone || !short {
        return new_epoch(state, store, placing);
    }
    follow(state, store, placing)
}

/// Has the clusterer do what the other processes' clusterers did since it last held the
/// placing lock (nothing without other processes, or when no one placed anything); starts a
/// new epoch when it cannot.
pub(super) fn follow<S: Store>(
    state: &mut State,
    store: &S,
    placing: &Placing<'_>,
) -> Result<(), StoreError> {
    if !placing.shared() {
        return Ok(());
    }
    let ledger = placing.ledger().unwrap_or_else(|e| {
        tracing::warn!("{}: not read: {e}", placing.path().display());
        None
    });
    // None yet, or its last holder died while writing.
    let Some(ledger) = ledger.filter(|l| !l.open) else {
        return new_epoch(state, store, placing);
    };
    let at = state.journal;
    let same_epoch = at.epoch == Some(ledger.epoch);
    if same_epoch && at.len == ledger.len {
        return Ok(());
    }
    let from = if same_epoch && at.len < ledger.len {
        at.len
    } else {
        0
    };
    match replay(state, placing, from, ledger.len) {
        Ok(n) => {
            state.journal = Position {
                epoch: Some(ledger.epoch),
                len: ledger.len,
            };
            tracing::debug!("did what other processes' clusterers did: {n} journal entries");
            Ok(())
        }
        Err(why) => {
            tracing::warn!(
                "{}: not followed ({why}): the clusterer is rebuilt from the store",
                placing.journal_path().display()
            );
            new_epoch(state, store, placing)
        }
    }
}

/// Does, outside the placing lock (`peek`), what the journal holds that the clusterer has
/// not done yet, so that little is left to do under the lock (where the others wait). The
/// journal may be changing meanwhile: only what the ledger says closed is read, and
/// anything amiss (a new epoch cutting the journal, a clusterer that decides otherwise)
/// leaves the clusterer to rejoin the epoch from its snapshot under the lock.
pub(super) fn prefetch(state: &mut State, peek: &Placing<'_>) {
    if !peek.shared() {
        return;
    }
    let Ok(Some(ledger)) = peek.ledger() else {
        return;
    };
    let at = state.journal;
    if ledger.open || at.epoch != Some(ledger.epoch) || ledger.len <= at.len {
        return;
    }
    match replay(state, peek, at.len, ledger.len) {
        Ok(_) => state.journal.len = ledger.len,
        Err(why) => {
            tracing::debug!("journal not followed outside the lock ({why}): rejoining under it");
            state.journal = Position::default();
        }
    }
}

/// Does the journal's entries from byte `from` to `to` (from its snapshot when `from` is 0).
/// Returns how many, or why it could not.
fn replay(state: &mut State, placing: &Placing<'_>, from: u64, to: u64) -> Result<usize, String> {
    let bytes = placing
        .read_journal(from, to)
        .map_err(|e| format!("not read: {e}"))?;
    let mut n = 0;
    for line in bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let entry: Entry =
            serde_json::from_slice(line).map_err(|e| format!("entry {n} unreadable: {e}"))?;
        let first = from == 0 && n == 0;
        match entry {
            Entry::Epoch(snapshot) if first => {
                state.clusterer = snapshot.clusterer(state.clusterer.config().clone());
                state.settled = false;
            }
            Entry::Epoch(_) => return Err(format!("entry {n}: an epoch inside the journal")),
            _ if first => return Err("no snapshot at its start".to_owned()),
            Entry::Place(d) => {
                state.settled = false;
                let mut given = d.opened.iter().copied();
                let decided = decide(&mut state.clusterer, d.id, &d.features, d.time, || {
                    given.next().ok_or(StoreError::Corrupt(
                        "placing journal",
                        "fewer story ids than stories opened".to_owned(),
                    ))
                });
                match decided {
                    Ok((assignment, opened))
                        if opened == d.opened && assignment == d.assignment => {}
                    _ => {
                        return Err(format!(
                            "article {}: this clusterer decides otherwise",
                            d.id
                        ));
                    }
                }
            }
            Entry::Settle(regroup) => {
                state.settled = true;
                if state.clusterer.refine() != regroup {
                    return Err("a re-placement pass: this clusterer decides otherwise".into());
                }
            }
        }
        n += 1;
    }
    Ok(n)
}

/// Rebuilds the clusterer from the store and, when other processes share the lock, starts
/// a new epoch of the journal with its snapshot (their clusterers rebuild from it when they
/// next take the lock).
pub(super) fn new_epoch<S: Store>(
    state: &mut State,
    store: &S,
    placing: &Placing<'_>,
) -> Result<(), StoreError> {
    let config = state.clusterer.config().clone();
    let snapshot = Snapshot::of(store, &config)?;
    state.clusterer = snapshot.clusterer(config);
    state.journal = Position::default();
    state.settled = false;
    if !placing.shared() {
        return Ok(());
    }
    let epoch = match placing.ledger() {
        Ok(Some(l)) => l.epoch.wrapping_add(1),
        // An epoch no process can have been in: the clock's.
        _ => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
    };
    let line = encode(&Entry::Epoch(snapshot))?;
    let io = |e| StoreError::Io(placing.journal_path(), e);
    // Open while the journal is written: a holder that dies meanwhile leaves it open.
    placing
        .write_ledger(&Ledger {
            epoch,
            len: 0,
            open: true,
        })
        .map_err(io)?;
    placing.write_journal(0, &line).map_err(io)?;
    let len = line.len() as u64;
    placing
        .write_ledger(&Ledger {
            epoch,
            len,
            open: false,
        })
        .map_err(io)?;
    state.journal = Position {
        epoch: Some(epoch),
        len,
    };
    Ok(())
}

/// Marks the ledger open before a placement writes to the store (nothing without other
/// processes). Fails when it cannot be written: the others would not know to rebuild if
/// this process died midway.
pub(super) fn open(state: &State, placing: &Placing<'_>) -> Result<(), StoreError> {
    let Some(epoch) = state.journal.epoch.filter(|_| placing.shared()) else {
        return Ok(());
    };
    placing
        .write_ledger(&Ledger {
            epoch,
            len: state.journal.len,
            open: true,
        })
        .map_err(|e| StoreError::Io(placing.path(), e))
}

/// Appends what the clusterer did to the journal and closes the ledger (nothing without
/// other processes). One that cannot be written leaves the ledger open, logged: every
/// clusterer, this one too, is then rebuilt from the store before it places again.
pub(super) fn record<S: Store>(state: &mut State, store: &S, placing: &Placing<'_>, entry: &Entry) {
    let Some(epoch) = state.journal.epoch.filter(|_| placing.shared()) else {
        return;
    };
    let at = state.journal.len;
    let written = encode(entry).and_then(|line| {
        let io = |e| StoreError::Io(placing.journal_path(), e);
        placing.write_journal(at, &line).map_err(io)?;
        let len = at + line.len() as u64;
        placing
            .write_ledger(&Ledger {
                epoch,
                len,
                open: false,
            })
            .map_err(io)?;
        Ok(len)
    });
    match written {
        Ok(len) => state.journal.len = len,
        Err(e) => {
            tracing::error!("what the clusterer did is not journaled: {e}");
            state.journal = Position::default();
            return;
        }
    }
    if state.journal.len > MAX_LEN
        && let Err(e) = new_epoch(state, store, placing)
    {
        tracing::error!("the journal could not start anew: {e}");
        state.journal = Position::default();
    }
}

fn encode(entry: &Entry) -> Result<Vec<u8>, StoreError> {
    let mut line = serde_json::to_vec(entry)
        .map_err(|e| StoreError::Corrupt("placing journal", e.to_string()))?;
    line.push(b'\n');
    Ok(line)
}
