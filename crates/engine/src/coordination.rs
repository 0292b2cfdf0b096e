//! How processes sharing one store (`tidings serve` beside a `tidings ingest` or `tidings
//! fetch`, two ingests at once) keep each other's work whole, through files in a directory
//! beside the store ([`crate::Settings::state_dir`]).
//!
//! - **The placing lock** (`placing.lock`): an article is looked up by identity, stored and
//!   placed in a story while the lock is held. So two processes never store one document
//!   twice, and an article found in no story by a process holding the lock was stored by a
//!   process that died before placing it (the operating system lets go of a dead process's
//!   lock): that process's work is placed, never a live one's.
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
    /// The placing lock's file (`None` without a state directory: the mutex only).
    placing: Mutex<Option<File>>,
    /// This engine's attempt note, created at its first attempt.
    note: Mutex<Option<Note>>,
}

/// The placing lock, held until dropped.
pub(crate) struct Placing<'a> {
    file: MutexGuard<'a, Option<File>>,
}

impl Drop for Placing<'_> {
    fn drop(&mut self) {
        if let Some(f) = self.file.as_ref()
            && let Err(e) = f.unlock()
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
                Some(
                    OpenOptions::new()
                        .read(true)
                        .write(true)
                        .create(true)
                        .truncate(false)
                        .open(d.join(PLACING_LOCK))?,
                )
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
        self.dir
            .as_deref()
            .map_or_else(|| PathBuf::from(PLACING_LOCK), |d| d.join(PLACING_LOCK))
    }

    /// Takes the placing lock, waiting for another thread or process that holds it.
    pub(crate) fn placing(&self) -> std::io::Result<Placing<'_>> {
        // A panic while placing leaves nothing half-done that the lock protects (the store's
        // writes are transactions): a poisoned mutex is safe to take.
        let file = self.placing.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = file.as_ref() {
            f.lock()?;
        }
        Ok(Placing { file })
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
