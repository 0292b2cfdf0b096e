//! What the extractor's test files share.

/// Stack of the threads hostile cases run in (as in `fuzz/src/harness.rs`): far below the main
/// thread's 8 MiB, so recursion over a document's depth aborts the test binary instead of
/// passing by luck.
pub const SMALL_STACK: usize = 512 * 1024;

/// Runs `f` in a thread with [`SMALL_STACK`] and returns its answer (a panic in it panics here).
pub fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let handle = std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    match handle.join() {
        Ok(v) => v,
        Err(p) => std::panic::resume_unwind(p),
    }
}
