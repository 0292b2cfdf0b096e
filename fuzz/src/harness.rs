//! Running one generated case: in a thread with a small stack, so that recursion over a deep
//! document fails (a stack overflow aborts the process, naming the thread: the case), with
//! that thread's heap measured by a counting allocator (peak bytes; a hard cap past which
//! allocation fails and the process aborts, instead of the machine swapping).
//!
//! Shared like [`crate::hostile`]: the property tests include this file with `#[path]`, and
//! it installs the counting allocator in every binary that includes it. Cases come from
//! seeded random bytes ([`cases`]); `TIDINGS_FUZZ_CASES=N` runs N cases a property instead of
//! its default, `TIDINGS_FUZZ_SEED=S` runs only case S, and `TIDINGS_FUZZ_VERBOSE=1` prints
//! each case's seed before it runs (to find the one that aborts the process).

#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The stack a case runs on: 512 KiB (the main thread has 8 MiB; a test thread 2 MiB).
/// `TIDINGS_FUZZ_STACK_KB` overrides it, to see what else a deep case does once the
/// recursion it hits first has room.
pub const STACK: usize = 512 * 1024;

fn stack_size() -> usize {
    std::env::var("TIDINGS_FUZZ_STACK_KB")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .map_or(STACK, |kb| kb * 1024)
}

/// Allocation fails past this much live heap in one case's thread.
pub const HARD_CAP: usize = 3 << 30;

/// Counts the live and peak heap of the threads that asked for it ([`run`]).
pub struct Counting;

thread_local! {
    static TRACKED: Cell<bool> = const { Cell::new(false) };
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn charge(size: usize) -> bool {
    TRACKED
        .try_with(|t| {
            if !t.get() {
                return true;
            }
            LIVE.with(|live| {
                let now = live.get().saturating_add(size);
                if now > HARD_CAP {
                    return false;
                }
                live.set(now);
                PEAK.with(|p| p.set(p.get().max(now)));
                true
            })
        })
        .unwrap_or(true)
}

fn credit(size: usize) {
    let _ = TRACKED.try_with(|t| {
        if t.get() {
            LIVE.with(|live| live.set(live.get().saturating_sub(size)));
        }
    });
}

// SAFETY: every call is passed on to `System` unchanged; only counters are kept beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !charge(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract for `alloc` is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !charge(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        credit(layout.size());
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && !charge(new_size - layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: as for `alloc`; `ptr` came from `System` with this layout.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            if new_size > layout.size() {
                credit(new_size - layout.size());
            }
        } else if new_size < layout.size() {
            credit(layout.size() - new_size);
        }
        p
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// What one case gave, and the most heap its thread held at once.
pub struct Ran<T> {
    /// The case's result.
    pub value: T,
    /// Peak live heap of the case's thread, in bytes (what it allocated and had not freed).
    pub peak: usize,
}

/// Runs `f` in a thread named `name` with a [`STACK`]-sized stack and its heap counted. A
/// panic in `f` is passed on (with the case's name); a stack overflow aborts the process with
/// "thread '<name>' has overflowed its stack".
pub fn run<T: Send>(name: &str, f: impl FnOnce() -> T + Send) -> Ran<T> {
    let joined = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name(name.to_owned())
            .stack_size(stack_size())
            .spawn_scoped(scope, || {
                TRACKED.with(|t| t.set(true));
                let value = f();
                let peak = PEAK.with(Cell::get);
                TRACKED.with(|t| t.set(false));
                Ran { value, peak }
            });
        match handle {
            Ok(h) => h.join(),
            Err(e) => panic!("{name}: cannot start a thread: {e}"),
        }
    });
    match joined {
        Ok(ran) => ran,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            panic!("{name} panicked: {msg}");
        }
    }
}

/// The seeds and input bytes of a property's cases: `default` cases (or
/// `TIDINGS_FUZZ_CASES`), each `1..=max_bytes` random bytes from a seed derived from the
/// property's name and the case number (or only `TIDINGS_FUZZ_SEED`).
pub fn cases(property: &str, default: usize, max_bytes: usize) -> Vec<(u64, Vec<u8>)> {
    let base = property.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let seeds: Vec<u64> = match std::env::var("TIDINGS_FUZZ_SEED") {
        Ok(s) => {
            let s = s.trim();
            match s.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16).ok(),
                None => s.parse().ok(),
            }
            .into_iter()
            .collect()
        }
        Err(_) => {
            let n = std::env::var("TIDINGS_FUZZ_CASES")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(default);
            (0..n as u64)
                .map(|i| base ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
                .collect()
        }
    };
    seeds
        .into_iter()
        .map(|seed| {
            let mut rng = fastrand::Rng::with_seed(seed);
            let len = rng.usize(1..=max_bytes.max(1));
            let mut bytes = vec![0u8; len];
            rng.fill(&mut bytes);
            (seed, bytes)
        })
        .collect()
}

/// Runs a property over its cases: `build` makes each case's document (and a parameter) from
/// the case's random bytes; `check` runs in a small-stack thread ([`run`]) and must give
/// `Ok(what happened)` (counted for the summary: "article", "Empty", …); the case's peak heap must stay under `heap_bound(document length)`. A failure names
/// the case's seed (`TIDINGS_FUZZ_SEED=<seed>` runs it alone) and keeps the document in
/// `<temp dir>/tidings-fuzz/`. `TIDINGS_FUZZ_DUMP=DIR` keeps every case's document there
/// before it runs (for a case that aborts the process); `TIDINGS_FUZZ_KEEP_GOING=1` reports
/// every failing case instead of stopping at the first.
pub fn property<P: Sync>(
    name: &str,
    default_cases: usize,
    max_bytes: usize,
    build: impl Fn(&[u8]) -> (Vec<u8>, P),
    heap_bound: impl Fn(usize) -> usize,
    check: impl Fn(&[u8], &P) -> Result<String, String> + Sync,
) -> Worst {
    let mut worst = Worst::default();
    let keep_going = std::env::var_os("TIDINGS_FUZZ_KEEP_GOING").is_some();
    let mut failed = Vec::new();
    let dump = std::env::var_os("TIDINGS_FUZZ_DUMP").map(std::path::PathBuf::from);
    for (seed, bytes) in cases(name, default_cases, max_bytes) {
        let (doc, param) = build(&bytes);
        if verbose() {
            eprintln!("{name}: case {seed:#x}, {} bytes", doc.len());
        }
        if let Some(dir) = &dump {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(dir.join(format!("{name}-{seed:x}")), &doc);
        }
        let case = format!("{name} {seed:#x}");
        let ran = run(&case, || check(&doc, &param));
        let bound = heap_bound(doc.len());
        let failure = match ran.value {
            Err(e) => Some(e),
            Ok(_) if ran.peak > bound => Some(format!(
                "peak heap {} MiB over the bound of {} MiB for {} bytes",
                ran.peak >> 20,
                bound >> 20,
                doc.len()
            )),
            Ok(ref outcome) => {
                *worst.outcomes.entry(outcome.clone()).or_default() += 1;
                None
            }
        };
        if let Some(why) = failure {
            let dir = std::env::temp_dir().join("tidings-fuzz");
            let _ = std::fs::create_dir_all(&dir);
            let kept = dir.join(format!("{name}-{seed:x}"));
            let _ = std::fs::write(&kept, &doc);
            let report = format!(
                "{case}: {why}\n(TIDINGS_FUZZ_SEED={seed:#x} runs this case alone; its {} byte document is in {})",
                doc.len(),
                kept.display()
            );
            if !keep_going {
                panic!("{report}");
            }
            eprintln!("{report}");
            failed.push(seed);
        }
        worst.note(ran.peak, doc.len(), seed);
    }
    println!("{}", worst.summary(name));
    assert!(
        failed.is_empty(),
        "{name}: {} cases failed: {failed:x?}",
        failed.len()
    );
    worst
}

/// Whether to print each case's seed before it runs.
pub fn verbose() -> bool {
    std::env::var_os("TIDINGS_FUZZ_VERBOSE").is_some()
}

/// The largest peaks seen, for the closing figures: `(peak bytes, input bytes, seed)`.
#[derive(Debug, Default)]
pub struct Worst {
    /// The case with the highest peak heap.
    pub peak: (usize, usize, u64),
    /// Cases run.
    pub cases: usize,
    /// How many cases ended each way ("article", "Empty", "hits", …).
    pub outcomes: std::collections::BTreeMap<String, usize>,
}

impl Worst {
    /// Notes one case.
    pub fn note(&mut self, peak: usize, input: usize, seed: u64) {
        self.cases += 1;
        if peak > self.peak.0 {
            self.peak = (peak, input, seed);
        }
    }

    /// A one-line summary (printed with `--nocapture`).
    pub fn summary(&self, property: &str) -> String {
        format!(
            "{property}: {} cases {:?}, worst peak heap {:.1} MiB for a {} byte input (seed {:#x})",
            self.cases,
            self.outcomes,
            self.peak.0 as f64 / (1024.0 * 1024.0),
            self.peak.1,
            self.peak.2
        )
    }
}
