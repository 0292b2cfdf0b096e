//! How processes sharing one store (`tidings serve` beside a `tidings ingest` or `tidings
//! fetch`, two ingests at once) keep each other's work whole, through files in a directory
//! beside the store ([`crate::Settings::state_dir`]).
//!
//! - **The placing lock** (`placing.lock`): an article is looked up by identity, stored and
//!   placed in a story while the lock is held. So two processes never store one document
//!   twice, and an article found in no story by a process holding the lock was stored by a
//!   process that died before placing it (the operating system lets go of a dead process's
//!   lock): that process's work is placed, never a live one's.
//! - **The journal** (`placing.journal`), written under the placing lock: what each
//!   process's clusterer decided (each article's features and assignment, each re-placement
//!   pass), from a clusterer rebuilt from the store. A process taking the lock does the same
//!   with its own clusterer, so that all of them stay one ([`crate::stories`]). The lock's
//!   file holds the journal's ledger: its epoch, its length, and whether a holder is
//!   writing (a dead holder's is left open).
//! - **Attempt notes** (`attempts/*.attempt`): each fetching process keeps one file, locked
//!   for as long as it lives, naming the source whose fetched body it is processing. A note
//!   no one holds the lock of names an attempt that never finished (the process died on
//!   that source's page, perhaps because of it): the next fetch round records it as a failure,
//!   so the source backs off instead of crashing every restart.
//!
//! Locks are advisory file locks (`flock` on Unix), released by the kernel when their
//! process ends, however it ends.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use tidings_store::SourceId;

/// The name of the placing lock's file in the state directory.
pub const PLACING_LOCK: &str = "placing.lock";
/// The directory of the attempt notes in the state directory.
pub const ATTEMPTS_DIR: &str = "attempts";
const NOTE_EXTENSION: &str = "attempt";
/// A note being created (locked before it takes its real name, so that no one takes a live
/// process's note for a dead one's).
const NEW_NOTE_PREFIX: &str = ".new-";

/// The engine's side of the coordination: the placing lock (a mutex inside the process, the
/// file lock across processes) and this process's attempt note.
pub(crate) struct Coordination {
    dir: Option<PathBuf>,
    /// The placing lock's file and the journal (`None` without a state directory: the
    /// mutex only).
    placing: Mutex<Option<SharedFiles>>,
    /// This engine's attempt note, created at its first attempt.
    note: Mutex<Option<Note>>,
}

/// The placing lock, held until dropped.
pub(crate) struct Placing<'a> {
    files: MutexGuard<'a, Option<SharedFiles>>,
    dir: Option<&'a Path>,
    /// Whether the file lock is held (not for a look at the journal: see
    /// [`Coordination::peek`]).
    locked: bool,
}

/// The placing lock's file and the journal beside it.
struct SharedFiles {
    lock: File,
    journal: File,
}

/// What the placing lock's file says of the journal (`placing.journal`), the record of what
/// the clusterers of the processes sharing the store did, kept so that each can do the same
/// (see [`crate::stories`]). A holder that places writes it open before its first write to
/// the store, and closed, with the journal's new length, after its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ledger {
    /// The journal's epoch: it starts at a clusterer rebuilt from the store.
    pub(crate) epoch: u64,
    /// The journal's length (bytes past it are not its).
    pub(crate) len: u64,
    /// A holder is writing: found open by the next holder, that one died midway.
    pub(crate) open: bool,
}

/// The ledger's first word (a file without it holds no ledger: empty, or from a build that
/// kept none).
const LEDGER_TAG: &str = "tidings-placing-ledger-1";
/// The ledger's length in the file: always the same, so that one write replaces it whole
/// (no truncation that a crash could leave halfway).
const LEDGER_BYTES: usize = 80;
/// The journal's file in the state directory.
pub const JOURNAL: &str = "placing.journal";

impl Ledger {
    fn encode(&self) -> Vec<u8> {
        let state = if self.open { "open" } else { "closed" };
        let mut line = format!("{LEDGER_TAG} {} {} {state}", self.epoch, self.len);
        // Two u64s and the tag fit with room to spare.
        while line.len() < LEDGER_BYTES - 1 {
            line.push(' ');
        }
        line.push('\n');
        line.into_bytes()
    }

    fn decode(text: &str) -> Option<Ledger> {
        let mut words = text.split_whitespace();
        if words.next()? != LEDGER_TAG {
            return None;
        }
        let epoch = words.next()?.parse().ok()?;
        let len = words.next()?.parse().ok()?;
        let open = match words.next()? {
            "open" => true,
            "closed" => false,
            _ => return None,
        };
        words
            .next()
            .is_none()
            .then_some(Ledger { epoch, len, open })
    }
}

impl Placing<'_> {
    /// The lock's file, for errors.
    pub(crate) fn path(&self) -> PathBuf {
        lock_path(self.dir)
    }

    /// The journal's file, for errors.
    pub(crate) fn journal_path(&self) -> PathBuf {
        self.dir
            .map_or_else(|| PathBuf::from(JOURNAL), |d| d.join(JOURNAL))
    }

    /// Writes only under the lock.
    fn held(&self) -> std::io::Result<()> {
        if self.locked {
            Ok(())
        } else {
            Err(std::io::Error::other("the placing lock is not held"))
        }
    }

    /// Counts this engine among those sharing the store, for as long as it lives (a shared
    /// lock on the journal's file), and says whether it is the only one (no other engine
    /// holds one). Called once, at the engine's start; `true` without a file.
    pub(crate) fn enrol(&self) -> std::io::Result<bool> {
        let Some(files) = self.files.as_ref() else {
            return Ok(true);
        };
        // Asked through a file description of its own, dropped (so unlocked) before this
        // engine's own lock is taken: the two would conflict.
        let probe = File::open(self.journal_path())?;
        let alone = match probe.try_lock() {
            Ok(()) => true,
            Err(TryLockError::WouldBlock) => false,
            Err(TryLockError::Error(e)) => return Err(e),
        };
        drop(probe);
        files.journal.lock_shared()?;
        Ok(alone)
    }

    /// Whether the lock is shared with other processes (a file): without one, no ledger and
    /// no journal.
    pub(crate) fn shared(&self) -> bool {
        self.files.is_some()
    }

    /// The ledger the lock's file holds: `None` when it holds none (a new file, or one this
    /// build cannot read), or without a file.
    pub(crate) fn ledger(&self) -> std::io::Result<Option<Ledger>> {
        let Some(files) = self.files.as_ref() else {
            return Ok(None);
        };
        let mut f = &files.lock;
        f.seek(SeekFrom::Start(0))?;
        let mut bytes = Vec::with_capacity(LEDGER_BYTES);
        f.take(LEDGER_BYTES as u64).read_to_end(&mut bytes)?;
        Ok(std::str::from_utf8(&bytes).ok().and_then(Ledger::decode))
    }

    /// Writes the ledger into the lock's file (nothing without one), in one write.
    pub(crate) fn write_ledger(&self, ledger: &Ledger) -> std::io::Result<()> {
        let Some(files) = self.files.as_ref() else {
            return Ok(());
        };
        self.held()?;
        let mut f = &files.lock;
        f.seek(SeekFrom::Start(0))?;
        f.write_all(&ledger.encode())
    }

    /// The journal's bytes from `from` to `to` (empty without a file).
    pub(crate) fn read_journal(&self, from: u64, to: u64) -> std::io::Result<Vec<u8>> {
        let Some(files) = self.files.as_ref() else {
            return Ok(Vec::new());
        };
        let mut f = &files.journal;
        f.seek(SeekFrom::Start(from))?;
        let want = to.saturating_sub(from);
        let mut bytes = Vec::with_capacity(usize::try_from(want).unwrap_or(0).min(1 << 24));
        f.take(want).read_to_end(&mut bytes)?;
        if (bytes.len() as u64) < want {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the journal is shorter than its ledger says",
            ));
        }
        Ok(bytes)
    }

    /// Writes `bytes` into the journal at `at`; at 0 the journal is then cut to them (a new
    /// epoch).
    pub(crate) fn write_journal(&self, at: u64, bytes: &[u8]) -> std::io::Result<()> {
        let Some(files) = self.files.as_ref() else {
            return Ok(());
        };
        self.held()?;
        let mut f = &files.journal;
        f.seek(SeekFrom::Start(at))?;
        f.write_all(bytes)?;
        if at == 0 {
            f.set_len(bytes.len() as u64)?;
        }
        Ok(())
    }
}

impl Drop for Placing<'_> {
    fn drop(&mut self) {
        if let Some(f) = self.files.as_ref().filter(|_| self.locked)
            && let Err(e) = f.lock.unlock()
        {
            // Closing the file would release it; it stays open, so say so.
            tracing::error!("the placing lock could not be released: {e}");
        }
    }
}

impl Coordination {
    /// Coordination through files in `dir` (created if missing), or inside this process only.
    pub(crate) fn new(dir: Option<&Path>) -> std::io::Result<Coordination> {
        let placing = match dir {
            Some(d) => {
                std::fs::create_dir_all(d)?;
                let open = |name: &str| {
                    OpenOptions::new()
                        .read(true)
                        .write(true)
                        .create(true)
                        .truncate(false)
                        .open(d.join(name))
                };
                Some(SharedFiles {
                    lock: open(PLACING_LOCK)?,
                    journal: open(JOURNAL)?,
                })
            }
            None => None,
        };
        Ok(Coordination {
            dir: dir.map(Path::to_path_buf),
            placing: Mutex::new(placing),
            note: Mutex::new(None),
        })
    }

    /// Whether other processes are coordinated with (a state directory is set).
    pub(crate) fn across_processes(&self) -> bool {
        self.dir.is_some()
    }

    /// The placing lock's file, for errors.
    pub(crate) fn lock_path(&self) -> PathBuf {
        lock_path(self.dir.as_deref())
    }

    /// Takes the placing lock, waiting for another thread or process that holds it.
    pub(crate) fn placing(&self) -> std::io::Result<Placing<'_>> {
        // A panic while placing leaves nothing half-done that the lock protects (the store's
        // writes are transactions): a poisoned mutex is safe to take.
        let files = self.placing.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = files.as_ref() {
            f.lock.lock()?;
        }
        Ok(Placing {
            files,
            dir: self.dir.as_deref(),
            locked: true,
        })
    }

    /// A look at the ledger and the journal without the file lock (other processes go on
    /// placing), for reading what they journaled so far; nothing can be written through it.
    /// What it reads may be changing: it is checked again under the lock.
    pub(crate) fn peek(&self) -> Placing<'_> {
        Placing {
            files: self.placing.lock().unwrap_or_else(|p| p.into_inner()),
            dir: self.dir.as_deref(),
            locked: false,
        }
    }

    /// Notes that this process is processing what `source` gave (until [`Self::finish`]).
    pub(crate) fn begin(&self, source: SourceId) -> std::io::Result<()> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        let mut note = self.note.lock().unwrap_or_else(|p| p.into_inner());
        if note.is_none() {
            *note = Some(Note::create(&dir.join(ATTEMPTS_DIR))?);
        }
        match note.as_mut() {
            Some(n) => n.write(Some(source)),
            None => Ok(()),
        }
    }

    /// Notes that the attempt begun last is over (its outcome recorded).
    pub(crate) fn finish(&self) -> std::io::Result<()> {
        let mut note = self.note.lock().unwrap_or_else(|p| p.into_inner());
        match note.as_mut() {
            Some(n) => n.write(None),
            None => Ok(()),
        }
    }

    /// The sources named by the notes of processes that ended during an attempt; those
    /// notes are removed (each is reported once, to one process). Notes of live processes
    /// are left alone.
    pub(crate) fn unfinished(&self) -> std::io::Result<Vec<SourceId>> {
        let Some(dir) = &self.dir else {
            return Ok(Vec::new());
        };
        let entries = match std::fs::read_dir(dir.join(ATTEMPTS_DIR)) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut sources = Vec::new();
        for entry in entries {
            let path = entry?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let is_note = path.extension().is_some_and(|e| e == NOTE_EXTENSION);
            if !is_note && !name.starts_with(NEW_NOTE_PREFIX) {
                continue;
            }
            match claim_dead_note(&path) {
                Ok(Some(source)) => sources.push(source),
                Ok(None) => {}
                Err(e) => tracing::warn!("attempt note {} not read: {e}", path.display()),
            }
        }
        Ok(sources)
    }
}

/// The placing lock's file in `dir` (its bare name without one), for errors.
fn lock_path(dir: Option<&Path>) -> PathBuf {
    dir.map_or_else(|| PathBuf::from(PLACING_LOCK), |d| d.join(PLACING_LOCK))
}

/// Reads and removes a note whose process is gone (its lock is free); `None` when its
/// process lives or it names no source.
fn claim_dead_note(path: &Path) -> std::io::Result<Option<SourceId>> {
    let mut file = match OpenOptions::new().read(true).write(true).open(path) {
        Ok(f) => f,
        // Claimed by another process meanwhile.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Ok(None),
        Err(TryLockError::Error(e)) => return Err(e),
    }
    let mut text = String::new();
    // A note is a few bytes; a larger file is not ours to read whole.
    (&mut file).take(64).read_to_string(&mut text)?;
    // Emptied before it goes, so that a process that opened it before the removal finds
    // nothing to report twice.
    file.set_len(0)?;
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    Ok(text.trim().parse().ok())
}

/// One process's attempt note: locked for its lifetime, naming the source being processed
/// (empty between attempts).
struct Note {
    file: File,
    path: PathBuf,
}

impl Note {
    fn create(dir: &Path) -> std::io::Result<Note> {
        std::fs::create_dir_all(dir)?;
        let unique = format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        let new = dir.join(format!("{NEW_NOTE_PREFIX}{unique}"));
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&new)?;
        file.lock()?;
        let path = dir.join(format!("{unique}.{NOTE_EXTENSION}"));
        std::fs::rename(&new, &path)?;
        Ok(Note { file, path })
    }

    fn write(&mut self, source: Option<SourceId>) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.seek(SeekFrom::Start(0))?;
        if let Some(s) = source {
            self.file.write_all(format!("{s}\n").as_bytes())?;
        }
        Ok(())
    }
}

impl Drop for Note {
    fn drop(&mut self) {
        // An engine dropped between attempts leaves nothing behind; one dropped during an
        // attempt (a panic unwinding through it) leaves its note, so the attempt counts as
        // unfinished.
        if self.file.metadata().is_ok_and(|m| m.len() == 0) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_note_is_left_alone_and_a_dead_one_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let live = Coordination::new(Some(dir.path())).unwrap();
        live.begin(7).unwrap();
        let other = Coordination::new(Some(dir.path())).unwrap();
        assert!(other.unfinished().unwrap().is_empty(), "its process lives");

        // A dead process's note: a file no one holds the lock of.
        let attempts = dir.path().join(ATTEMPTS_DIR);
        std::fs::write(attempts.join("1-1.attempt"), "42\n").unwrap();
        std::fs::write(attempts.join("1-2.attempt"), "").unwrap();
        assert_eq!(other.unfinished().unwrap(), vec![42]);
        assert!(other.unfinished().unwrap().is_empty(), "reported once");
        assert!(!attempts.join("1-1.attempt").exists());
        assert!(!attempts.join("1-2.attempt").exists(), "empty: gone too");

        // The live one, finished, then dropped: nothing left to report.
        live.finish().unwrap();
        drop(live);
        assert!(other.unfinished().unwrap().is_empty());
        assert_eq!(std::fs::read_dir(&attempts).unwrap().count(), 0);
    }

    #[test]
    fn the_ledger_and_journal_are_read_back_as_written_and_a_foreign_ledger_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let a = Coordination::new(Some(dir.path())).unwrap();
        let held = a.placing().unwrap();
        assert!(held.shared());
        assert_eq!(held.ledger().unwrap(), None, "a new file holds none");
        let ledger = Ledger {
            epoch: u64::MAX,
            len: u64::MAX,
            open: true,
        };
        held.write_ledger(&ledger).unwrap();
        assert_eq!(held.ledger().unwrap(), Some(ledger));
        let closed = Ledger {
            epoch: 3,
            len: 11,
            open: false,
        };
        held.write_ledger(&closed).unwrap();
        assert_eq!(
            held.ledger().unwrap(),
            Some(closed),
            "a shorter one replaces it whole"
        );
        held.write_journal(0, b"first line\nsecond\n").unwrap();
        held.write_journal(18, b"third\n").unwrap();
        assert_eq!(held.read_journal(11, 24).unwrap(), b"second\nthird\n");
        assert!(
            held.read_journal(11, 25).is_err(),
            "shorter than the ledger says"
        );
        held.write_journal(0, b"new\n").unwrap();
        assert_eq!(held.read_journal(0, 4).unwrap(), b"new\n");
        assert!(
            held.read_journal(0, 5).is_err(),
            "a new epoch cuts the journal"
        );
        drop(held);
        // Another holder (another process) reads them.
        let b = Coordination::new(Some(dir.path())).unwrap();
        let held = b.placing().unwrap();
        assert_eq!(held.ledger().unwrap(), Some(closed));
        assert_eq!(held.read_journal(0, 4).unwrap(), b"new\n");
        drop(held);
        drop(a);
        for foreign in [
            "",
            "garbage",
            "tidings-placing-ledger-1 2 5 closed extra",
            "tidings-placing-ledger-1 x 1 open",
        ] {
            std::fs::write(dir.path().join(PLACING_LOCK), foreign).unwrap();
            assert_eq!(b.placing().unwrap().ledger().unwrap(), None, "{foreign:?}");
        }
        // Inside one process only: no file, no ledger, writes do nothing.
        let alone = Coordination::new(None).unwrap();
        let held = alone.placing().unwrap();
        assert!(!held.shared());
        held.write_ledger(&closed).unwrap();
        assert_eq!(held.ledger().unwrap(), None);
    }

    #[test]
    fn an_engine_is_told_whether_others_share_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let first = Coordination::new(Some(dir.path())).unwrap();
        assert!(first.placing().unwrap().enrol().unwrap(), "the only one");
        let second = Coordination::new(Some(dir.path())).unwrap();
        assert!(
            !second.placing().unwrap().enrol().unwrap(),
            "the first lives"
        );
        drop(first);
        drop(second);
        let third = Coordination::new(Some(dir.path())).unwrap();
        assert!(third.placing().unwrap().enrol().unwrap(), "both ended");
        assert!(
            Coordination::new(None)
                .unwrap()
                .placing()
                .unwrap()
                .enrol()
                .unwrap()
        );
    }

    #[test]
    fn a_peek_reads_without_the_lock_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = Coordination::new(Some(dir.path())).unwrap();
        let closed = Ledger {
            epoch: 1,
            len: 4,
            open: false,
        };
        {
            let held = a.placing().unwrap();
            held.write_ledger(&closed).unwrap();
            held.write_journal(0, b"one\n").unwrap();
        }
        // Another process holds the lock meanwhile: a look does not wait for it.
        let f = File::open(dir.path().join(PLACING_LOCK)).unwrap();
        f.lock().unwrap();
        let b = Coordination::new(Some(dir.path())).unwrap();
        let peek = b.peek();
        assert_eq!(peek.ledger().unwrap(), Some(closed));
        assert_eq!(peek.read_journal(0, 4).unwrap(), b"one\n");
        assert!(peek.write_ledger(&closed).is_err());
        assert!(peek.write_journal(0, b"x").is_err());
        drop(peek);
        // Dropping it did not let go of the other's lock.
        let g = File::open(dir.path().join(PLACING_LOCK)).unwrap();
        assert!(matches!(g.try_lock(), Err(TryLockError::WouldBlock)));
    }

    #[test]
    fn the_placing_lock_excludes_other_holders() {
        let dir = tempfile::tempdir().unwrap();
        let a = Coordination::new(Some(dir.path())).unwrap();
        let held = a.placing().unwrap();
        // Another open file description (as another process has) cannot take it.
        let f = File::open(dir.path().join(PLACING_LOCK)).unwrap();
        assert!(matches!(f.try_lock(), Err(TryLockError::WouldBlock)));
        drop(held);
        assert!(f.try_lock().is_ok());
    }
}
