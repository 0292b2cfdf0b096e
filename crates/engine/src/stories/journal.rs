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
//! was); one that starts beside others joins theirs (from its snapshot, doing all they did),
//! so that two ingests started at once place as one. Past [`MAX_LEN`] of entries a process
//! stops journaling and leaves the ledger open: alone, it goes on as it would have (a long
//! run is never rebuilt midway); another process then starts a new epoch, rebuilt from the
//! store, which this one joins.

use serde::{Deserialize, Serialize};
use tidings_cluster::Regroup;
use tidings_store::{Store, StoreError};

use super::{Decision, Snapshot, State, decide};
use crate::coordination::{Ledger, Placing};

/// The most bytes of entries an epoch's journal holds past its snapshot (some 5,000
/// placements): a process joining it does all of them.
const MAX_LEN: u64 = if cfg!(test) { 64 << 10 } else { 16 << 20 };

/// Where a clusterer is in the journal: the epoch and the length it has done.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Position {
    epoch: Option<u64>,
    len: u64,
    /// The epoch's snapshot's length.
    base: u64,
    /// This process stopped journaling ([`MAX_LEN`]) and left the ledger open.
    full: bool,
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
    if alone {
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
    let at = state.journal;
    // The ledger as this process left it when it stopped journaling: no one placed since.
    let left = at.epoch.map(|epoch| Ledger {
        epoch,
        len: at.len,
        open: true,
    });
    if at.full && ledger == left {
        return Ok(());
    }
    // None yet, its last holder died while writing, or it stopped journaling.
    let Some(ledger) = ledger.filter(|l| !l.open) else {
        return new_epoch(state, store, placing);
    };
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
        Ok((n, snapshot)) => {
            state.journal = Position {
                epoch: Some(ledger.epoch),
                len: ledger.len,
                base: snapshot.unwrap_or(at.base),
                full: false,
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
        Ok((_, None)) => state.journal.len = ledger.len,
        // Not from the start: unreachable, and not kept.
        Ok((_, Some(_))) => state.journal = Position::default(),
        Err(why) => {
            tracing::debug!("journal not followed outside the lock ({why}): rejoining under it");
            state.journal = Position::default();
        }
    }
}

/// Does the journal's entries from byte `from` to `to` (from its snapshot when `from` is 0).
/// Returns how many and, from 0, the snapshot's length; or why it could not.
fn replay(
    state: &mut State,
    placing: &Placing<'_>,
    from: u64,
    to: u64,
) -> Result<(usize, Option<u64>), String> {
    let bytes = placing
        .read_journal(from, to)
        .map_err(|e| format!("not read: {e}"))?;
    let (mut n, mut base) = (0, None);
    for line in bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let entry: Entry =
            serde_json::from_slice(line).map_err(|e| format!("entry {n} unreadable: {e}"))?;
        let first = from == 0 && n == 0;
        match entry {
            Entry::Epoch(snapshot) if first => {
                state.clusterer = snapshot.clusterer(state.clusterer.config().clone());
                state.settled = false;
                base = Some(line.len() as u64 + 1);
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
    Ok((n, base))
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
        base: len,
        full: false,
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
/// other processes, or once this process stopped journaling). Past [`MAX_LEN`] the ledger
/// is left open instead, and nothing more journaled. One that cannot be written leaves
/// the ledger open, logged: every clusterer, this one too, is then rebuilt from the store
/// before it places again.
pub(super) fn record(state: &mut State, placing: &Placing<'_>, entry: &Entry) {
    let at = state.journal;
    let Some(epoch) = at.epoch.filter(|_| placing.shared() && !at.full) else {
        return;
    };
    let written = encode(entry).and_then(|line| {
        let io = |e| StoreError::Io(placing.journal_path(), e);
        placing.write_journal(at.len, &line).map_err(io)?;
        let len = at.len + line.len() as u64;
        let full = len.saturating_sub(at.base) > MAX_LEN;
        placing
            .write_ledger(&Ledger {
                epoch,
                len,
                open: full,
            })
            .map_err(io)?;
        Ok((len, full))
    });
    match written {
        Ok((len, full)) => {
            state.journal.len = len;
            state.journal.full = full;
            if full {
                tracing::info!(
                    "{}: full; a process starting beside this one rebuilds from the store",
                    placing.journal_path().display()
                );
            }
        }
        Err(e) => {
            tracing::error!("what the clusterer did is not journaled: {e}");
            state.journal = Position::default();
        }
    }
}

fn encode(entry: &Entry) -> Result<Vec<u8>, StoreError> {
    let mut line = serde_json::to_vec(entry)
        .map_err(|e| StoreError::Corrupt("placing journal", e.to_string()))?;
    line.push(b'\n');
    Ok(line)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use tidings_cluster::Config;
    use tidings_extract::{Article, Published};
    use tidings_store::{SqliteStore, Store};

    use crate::{Engine, Outcome, Settings};

    fn engine(dir: &Path) -> Engine<SqliteStore> {
        let settings = Settings {
            state_dir: Some(dir.to_path_buf()),
            ..Settings::default()
        };
        let store = SqliteStore::open_dir(dir).unwrap();
        Engine::with_settings(store, Config::default(), settings).unwrap()
    }

    fn report(i: usize) -> Article {
        let words: Vec<String> = (0..60).map(|w| format!("e{}w{w}", i % 7)).collect();
        Article {
            url: Some(format!("https://site{}.example/{i}", i % 5)),
            title: Some(words[..6].join(" ")),
            published: Published::from_iso(&format!("2026-03-05T{:02}:00:00Z", i % 24)),
            paragraphs: vec![format!("{} report {i}.", words.join(" "))],
            ..Article::default()
        }
    }

    fn ledger(dir: &Path) -> Vec<String> {
        std::fs::read_to_string(dir.join(crate::coordination::PLACING_LOCK))
            .unwrap()
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    }

    /// Past its length a process stops journaling and goes on (alone, it is never rebuilt
    /// midway); a process starting beside it then starts a new epoch, which the first joins.
    #[test]
    fn a_full_journal_stops_growing_and_the_next_process_starts_an_epoch() {
        let dir = tempfile::tempdir().unwrap();
        let a = engine(dir.path());
        let mut i = 0;
        while ledger(dir.path())[3] == "closed" {
            assert!(matches!(
                a.ingest_article(report(i), "t").unwrap().0,
                Outcome::Added(_)
            ));
            i += 1;
            assert!(i < 1000, "the journal never filled");
        }
        let full = ledger(dir.path());
        let journal = dir.path().join(crate::coordination::JOURNAL);
        let len = std::fs::metadata(&journal).unwrap().len();
        for _ in 0..5 {
            a.ingest_article(report(i), "t").unwrap();
            i += 1;
        }
        assert_eq!(
            ledger(dir.path()),
            full,
            "the same epoch, open, as it was left"
        );
        assert_eq!(
            std::fs::metadata(&journal).unwrap().len(),
            len,
            "nothing journaled"
        );

        let b = engine(dir.path());
        let fresh = ledger(dir.path());
        assert_ne!(fresh[1], full[1], "a new epoch");
        assert_eq!(fresh[3], "closed");
        b.ingest_article(report(i), "t").unwrap();
        a.ingest_article(report(i + 1), "t").unwrap();
        let joined = ledger(dir.path());
        assert_eq!(joined[1], fresh[1], "the first joined the new epoch");
        assert_eq!(joined[3], "closed");
        assert!(a.store().unplaced_articles(1).unwrap().is_empty());
    }
}
