//! Standard output and error for commands: a reader that goes away (`tidings stories | head
//! -1`) ends the command quietly, never with a panic or an error message.
//!
//! `out!` is `println!` that returns [`Closed`] (through `?`) when standard output is a
//! closed pipe; `main` ends with success on it. `err!` is `eprintln!` that ignores a closed
//! standard error.

use std::io::Write;

/// Standard output is closed: whoever read it has what it wanted.
#[derive(Debug)]
pub struct Closed;

impl std::fmt::Display for Closed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("standard output was closed")
    }
}

impl std::error::Error for Closed {}

/// The error for a failed write to standard output: [`Closed`] for a closed pipe.
pub fn closed(e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        anyhow::Error::new(Closed)
    } else {
        anyhow::Error::new(e).context("cannot write to standard output")
    }
}

/// Whether an error is (or was caused by) standard output being closed.
pub fn is_closed(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.is::<Closed>())
}

/// Writes one line to standard output.
pub fn line(args: std::fmt::Arguments<'_>) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(closed)
}

/// Writes one line to standard error; a closed standard error is ignored (there is nowhere
/// left to say anything).
pub fn err_line(args: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// `println!` for commands: `?`s the [`Closed`] error out of the calling function.
macro_rules! out {
    () => {
        $crate::output::line(format_args!(""))?
    };
    ($($arg:tt)*) => {
        $crate::output::line(format_args!($($arg)*))?
    };
}

/// `eprintln!` that never panics.
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::output::err_line(format_args!($($arg)*))
    };
}
