//! Read-only connections for the SQLite store, so that readers never queue behind the
//! writer's connection or each other's queries: in WAL mode each reader sees the last
//! committed state while a write goes on.
//!
//! Hand-written (about sixty lines) rather than r2d2: std's `Mutex` and `Condvar` are all it
//! needs, with no extra threads or dependencies.

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, OpenFlags};

/// A bounded set of read-only connections to one database file, opened as needed.
pub(crate) struct ReadPool {
    path: PathBuf,
    max: usize,
    state: Mutex<PoolState>,
    freed: Condvar,
}

struct PoolState {
    idle: Vec<Connection>,
    /// Connections open, idle or lent.
    open: usize,
}

impl ReadPool {
    /// A pool of at most `max` (at least 1) read-only connections to `path`.
    pub(crate) fn new(path: &Path, max: usize) -> ReadPool {
        ReadPool {
            path: path.to_path_buf(),
            max: max.max(1),
            state: Mutex::new(PoolState {
                idle: Vec::new(),
                open: 0,
            }),
            freed: Condvar::new(),
        }
    }

    /// The most connections this pool opens.
    pub(crate) fn max(&self) -> usize {
        self.max
    }

    /// An idle connection, a new one while fewer than `max` are open, else the next one
    /// given back.
    pub(crate) fn get(&self) -> rusqlite::Result<Pooled<'_>> {
        let mut state = self.lock();
        loop {
            if let Some(conn) = state.idle.pop() {
                return Ok(Pooled {
                    pool: self,
                    conn: Some(conn),
                });
            }
            if state.open < self.max {
                state.open += 1;
                drop(state);
                return match self.connect() {
                    Ok(conn) => Ok(Pooled {
                        pool: self,
                        conn: Some(conn),
                    }),
                    Err(e) => {
                        self.lock().open -= 1;
                        self.freed.notify_one();
                        Err(e)
                    }
                };
            }
            state = self
                .freed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn connect(&self) -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(crate::sqlite::BUSY_TIMEOUT)?;
        Ok(conn)
    }

    fn lock(&self) -> MutexGuard<'_, PoolState> {
        // The state is a list and a count, each updated in one step: a panic elsewhere
        // cannot leave it half-changed.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A connection lent by a [`ReadPool`], given back when dropped.
pub(crate) struct Pooled<'a> {
    pool: &'a ReadPool,
    conn: Option<Connection>,
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let mut state = self.pool.lock();
            if conn.is_autocommit() {
                state.idle.push(conn);
            } else {
                // Left inside a transaction (its rollback failed): it would read a stale
                // state for ever, so it is closed and another opened when needed.
                state.open -= 1;
                drop(state);
                drop(conn);
            }
            self.pool.freed.notify_one();
        }
    }
}

impl Deref for Pooled<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        // Only `drop` takes the connection out.
        self.conn.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn.as_mut().unwrap_or_else(|| unreachable!())
    }
}

/// At most `max` holders at once (a counting semaphore): searches take one each, so that
/// however many run, some readers stay free for everything else.
pub(crate) struct Gate {
    max: usize,
    held: Mutex<usize>,
    freed: Condvar,
}

impl Gate {
    /// A gate for `max` (at least 1) holders.
    pub(crate) fn new(max: usize) -> Gate {
        Gate {
            max: max.max(1),
            held: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Waits for a free place and holds it until the pass is dropped.
    pub(crate) fn enter(&self) -> Pass<'_> {
        let mut held = self.lock();
        while *held >= self.max {
            held = self
                .freed
                .wait(held)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *held += 1;
        Pass { gate: self }
    }

    fn lock(&self) -> MutexGuard<'_, usize> {
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A place held in a [`Gate`].
pub(crate) struct Pass<'a> {
    gate: &'a Gate,
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        *self.gate.lock() -= 1;
        self.gate.freed.notify_one();
    }
}
