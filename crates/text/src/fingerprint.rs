//! Text fingerprints for near-duplicate detection: a 64-bit SimHash and a bottom-k MinHash
//! sketch, both over 4-word shingles of the normalised words (stopwords kept: copies share
//! their function words too).
//!
//! The hash is FNV-1a 64 finished with the SplitMix64 mixer, written here so that stored
//! fingerprints stay comparable across Rust versions and machines.

use crate::tokens::{normalise, tokens};

/// Words per shingle.
pub const SHINGLE: usize = 4;
/// Size of the bottom-k sketch.
pub const SKETCH: usize = 96;

/// The fingerprint of a text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint {
    /// SimHash of the shingles.
    pub simhash: u64,
    /// The smallest `SKETCH` distinct shingle hashes, ascending.
    pub sketch: Vec<u64>,
    /// Number of distinct shingles.
    pub shingles: u32,
}

/// A stable 64-bit hash of bytes.
pub fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Fingerprints a text.
pub fn fingerprint(text: &str) -> Fingerprint {
    let words: Vec<u64> = tokens(text)
        .iter()
        .map(|t| hash64(normalise(t.text).as_bytes()))
        .collect();
    if words.is_empty() {
        return Fingerprint::default();
    }
    let mut hashes: Vec<u64> = if words.len() < SHINGLE {
        vec![combine(&words)]
    } else {
        words.windows(SHINGLE).map(combine).collect()
    };
    hashes.sort_unstable();
    hashes.dedup();
    let mut counts = [0i32; 64];
    for h in &hashes {
        for (bit, c) in counts.iter_mut().enumerate() {
            if (h >> bit) & 1 == 1 {
                *c += 1;
            } else {
                *c -= 1;
            }
        }
    }
    let simhash = counts.iter().enumerate().fold(
        0u64,
        |acc, (bit, &c)| if c > 0 { acc | (1 << bit) } else { acc },
    );
    let shingles = u32::try_from(hashes.len()).unwrap_or(u32::MAX);
    hashes.truncate(SKETCH);
    Fingerprint {
        simhash,
        sketch: hashes,
        shingles,
    }
}

fn combine(words: &[u64]) -> u64 {
    mix(words
        .iter()
        .enumerate()
        .fold(0u64, |acc, (i, &w)| acc ^ w.rotate_left(17 * i as u32 + 1)))
}

/// Bits that differ between two SimHashes.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Estimated Jaccard resemblance of the two shingle sets (bottom-k of the union).
pub fn resemblance(a: &Fingerprint, b: &Fingerprint) -> f64 {
    let (mut i, mut j, mut seen, mut both) = (0, 0, 0usize, 0usize);
    while seen < SKETCH && (i < a.sketch.len() || j < b.sketch.len()) {
        match (a.sketch.get(i), b.sketch.get(j)) {
            (Some(x), Some(y)) if x == y => {
                both += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), Some(_)) => j += 1,
            (Some(_), None) => {
                // b's sketch is exhausted: b has no shingle above its last one.
                if b.sketch.len() < SKETCH {
                    i += 1;
                } else {
                    break;
                }
            }
            (None, Some(_)) => {
                if a.sketch.len() < SKETCH {
                    j += 1;
                } else {
                    break;
                }
            }
            (None, None) => break,
        }
        seen += 1;
    }
    if seen == 0 {
        0.0
    } else {
        both as f64 / seen as f64
    }
}

/// Estimated share of `a`'s shingles that `b` also has (how much of `a` is contained in `b`).
pub fn containment(a: &Fingerprint, b: &Fingerprint) -> f64 {
    let limit = if b.sketch.len() < SKETCH {
        u64::MAX
    } else {
        b.sketch.last().copied().unwrap_or(u64::MAX)
    };
    let mut considered = 0usize;
    let mut found = 0usize;
    for h in a.sketch.iter().take_while(|&&h| h <= limit) {
        considered += 1;
        if b.sketch.binary_search(h).is_ok() {
            found += 1;
        }
    }
    if considered == 0 {
        0.0
    } else {
        found as f64 / considered as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Iran's foreign ministry said on Thursday that no message had been \
        sent to Washington, rejecting reports that Tehran had reached out through Gulf \
        intermediaries. US officials said Iranian envoys had tried to make contact twice in the \
        past week. The ministry spokesman called the reports baseless and said the country \
        would not negotiate under pressure. Analysts said the denial left room for talks.";

    #[test]
    fn copies_and_clutter() {
        let a = fingerprint(STORY);
        let b = fingerprint(&format!("{STORY}\nShare this article. Download our app."));
        assert!(hamming(a.simhash, b.simhash) <= 8);
        assert!(resemblance(&a, &b) > 0.8);
        assert!(containment(&a, &b) > 0.95);
        let c = fingerprint(
            "Tehran denied on Thursday sending any message to the United States, while \
             American officials insisted Iranian envoys had approached them through Gulf states.",
        );
        assert!(resemblance(&a, &c) < 0.1);
        assert!(containment(&c, &a) < 0.2);
    }

    #[test]
    fn stable_and_empty() {
        assert_eq!(hash64(b"tidings"), hash64(b"tidings"));
        assert_eq!(fingerprint(""), Fingerprint::default());
        assert_eq!(fingerprint("one two").shingles, 1);
        assert_eq!(
            resemblance(&Fingerprint::default(), &Fingerprint::default()),
            0.0
        );
    }
}
