//! Telling a story that holds two events from one that holds one (see
//! [`Config::split_min_docs`](crate::Config::split_min_docs)).
//!
//! A single pass decides early: the first report of a topic's second event (a second fight of
//! the same boxer, the next year's heist in the same city) is often as close to the first
//! event's story as its own reports are, joins it, and pulls the rest of its event in. Once
//! the story has grown, the two events show, but only **against the story's own vocabulary**:
//! the words every member shares (the topic: "rehab", "earthquake", "fired", the team) say
//! nothing about which event a report tells. So each member's vectors are re-weighted by how
//! rare each term is *within the story* (`ln((n + 1) / df)`, `df` counted over the story's
//! members), which leaves the protagonists, places and numbers that only part of the story
//! shares. Average-linkage clustering of the members on those vectors is cut into two groups.
//! A story of one event then splits off one or two stragglers; a story of two events splits
//! into two sizeable groups, each far more alike within than across. The split is taken when
//! the smaller group holds at least `min_share` of the members and both groups' mean
//! within-group similarity is at least `ratio` times the mean across them.

use crate::hash::IdMap;
use crate::vectors::Sparse;

/// The members (each its three vectors, oldest first) that should leave the story: the group
/// not holding the oldest member, when the story holds two events; `None` when it holds one.
pub fn second_event(
    members: &[&[Sparse; 3]],
    weights: [f64; 3],
    min_share: f64,
    ratio: impl Fn(&[usize], &[usize]) -> f64,
) -> Option<Vec<usize>> {
    let n = members.len();
    if n < 4 {
        return None;
    }
    let contrast = contrast_vectors(members);
    let sim = similarities(&contrast, weights);
    let (first, second) = two_groups(&sim, n);
    let small = first.len().min(second.len());
    if small < 2 || (small as f64) < min_share * n as f64 {
        return None;
    }
    let within = mean_within(&sim, n, &first).min(mean_within(&sim, n, &second));
    let across = mean_across(&sim, n, &first, &second);
    // An infinite ratio (the caller's veto) never splits, even with nothing across.
    let need = ratio(&first, &second);
    if !need.is_finite() || within <= 0.0 || within < need * across.max(0.0) {
        return None;
    }
    Some(second)
}

/// Each member's vectors with every term weighted by its rarity within the members, unit
/// length again. Terms every member has keep a small weight (`ln((n + 1) / n)`).
fn contrast_vectors(members: &[&[Sparse; 3]]) -> Vec<[Sparse; 3]> {
    let n = members.len() as f64;
    let mut df: [IdMap<u32, u32>; 3] = Default::default();
    for m in members {
        for (space, v) in m.iter().enumerate() {
            for &(term, _) in v {
                *df[space].entry(term).or_insert(0) += 1;
            }
        }
    }
    members
        .iter()
        .map(|m| {
            let mut out: [Sparse; 3] = Default::default();
            for (space, v) in m.iter().enumerate() {
                out[space] = crate::vectors::unit(
                    v.iter()
                        .map(|&(term, x)| {
                            let d = f64::from(df[space].get(&term).copied().unwrap_or(1));
                            (term, (f64::from(x) * ((n + 1.0) / d).ln()) as f32)
                        })
                        .collect(),
                );
            }
            out
        })
        .collect()
}

/// Dot product of two sparse vectors sorted by term id.
fn dot(a: &Sparse, b: &Sparse) -> f64 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += f64::from(a[i].1) * f64::from(b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// The weighted sum of the three cosines for every pair, as a row-major `n × n` matrix.
fn similarities(v: &[[Sparse; 3]], weights: [f64; 3]) -> Vec<f64> {
    let n = v.len();
    let mut sim = vec![0.0; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let s: f64 = (0..3).map(|k| weights[k] * dot(&v[i][k], &v[j][k])).sum();
            sim[i * n + j] = s;
            sim[j * n + i] = s;
        }
    }
    sim
}

/// Average-linkage agglomeration down to two groups: (the group of member 0, the other),
/// each sorted.
fn two_groups(sim: &[f64], n: usize) -> (Vec<usize>, Vec<usize>) {
    let mut link = sim.to_vec();
    let mut groups: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut active: Vec<bool> = vec![true; n];
    for _ in 0..n.saturating_sub(2) {
        let mut best: Option<(usize, usize, f64)> = None;
        for a in 0..n {
            if !active[a] {
                continue;
            }
            for b in a + 1..n {
                if active[b] && best.is_none_or(|(_, _, s)| link[a * n + b] > s) {
                    best = Some((a, b, link[a * n + b]));
                }
            }
        }
        let Some((a, b, _)) = best else { break };
        let (na, nb) = (groups[a].len() as f64, groups[b].len() as f64);
        for k in 0..n {
            if active[k] && k != a && k != b {
                let s = (na * link[a * n + k] + nb * link[b * n + k]) / (na + nb);
                link[a * n + k] = s;
                link[k * n + a] = s;
            }
        }
        active[b] = false;
        let moved = std::mem::take(&mut groups[b]);
        groups[a].extend(moved);
    }
    let mut left: Vec<Vec<usize>> = groups.into_iter().filter(|g| !g.is_empty()).collect();
    for g in &mut left {
        g.sort_unstable();
    }
    left.sort_by_key(|g| g.first().copied());
    let second = if left.len() > 1 {
        left.pop().unwrap_or_default()
    } else {
        Vec::new()
    };
    let first = left.pop().unwrap_or_default();
    (first, second)
}

fn mean_within(sim: &[f64], n: usize, g: &[usize]) -> f64 {
    let mut sum = 0.0;
    let mut pairs = 0usize;
    for (x, &i) in g.iter().enumerate() {
        for &j in &g[x + 1..] {
            sum += sim[i * n + j];
            pairs += 1;
        }
    }
    if pairs == 0 { 0.0 } else { sum / pairs as f64 }
}

fn mean_across(sim: &[f64], n: usize, a: &[usize], b: &[usize]) -> f64 {
    let mut sum = 0.0;
    for &i in a {
        for &j in b {
            sum += sim[i * n + j];
        }
    }
    let pairs = a.len() * b.len();
    if pairs == 0 { 0.0 } else { sum / pairs as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A unit vector over the given term ids, equal weights.
    fn v(terms: &[u32]) -> Sparse {
        let w = 1.0 / (terms.len() as f32).sqrt();
        let mut s: Sparse = terms.iter().map(|&t| (t, w)).collect();
        s.sort_unstable_by_key(|&(t, _)| t);
        s
    }

    fn doc(terms: &[u32], names: &[u32]) -> [Sparse; 3] {
        [Vec::new(), v(terms), v(names)]
    }

    const W: [f64; 3] = [0.15, 0.55, 0.30];

    #[test]
    fn a_story_of_two_events_splits_along_them() {
        // Topic words 1–5 in every member; event A's names 100–102, event B's 200–202.
        let mut docs = Vec::new();
        for i in 0..6u32 {
            docs.push(doc(&[1, 2, 3, 4, 5, 10 + i % 3], &[100, 101 + i % 2]));
            docs.push(doc(&[1, 2, 3, 4, 5, 20 + i % 3], &[200, 201 + i % 2]));
        }
        let refs: Vec<&[Sparse; 3]> = docs.iter().collect();
        let moved = second_event(&refs, W, 0.25, |_, _| 2.0).expect("two events");
        // Member 0 is event A; every B member (odd index) moves, no A member does.
        assert_eq!(moved, (0..12).filter(|i| i % 2 == 1).collect::<Vec<_>>());
    }

    #[test]
    fn a_veto_holds_even_with_nothing_across() {
        // Two groups with no term in common: nothing across, a clear two-event shape.
        let mut docs = Vec::new();
        for i in 0..6u32 {
            docs.push(doc(&[10 + i % 3, 13], &[100]));
            docs.push(doc(&[20 + i % 3, 23], &[200]));
        }
        let refs: Vec<&[Sparse; 3]> = docs.iter().collect();
        assert!(second_event(&refs, W, 0.25, |_, _| 2.0).is_some());
        assert_eq!(second_event(&refs, W, 0.25, |_, _| f64::INFINITY), None);
    }

    #[test]
    fn a_story_of_one_event_stays_whole() {
        // One event: the same names throughout, the details vary member by member.
        let docs: Vec<[Sparse; 3]> = (0..12u32)
            .map(|i| doc(&[1, 2, 3, 4, 5, 10 + i, 30 + (i * 7) % 11], &[100, 101]))
            .collect();
        let refs: Vec<&[Sparse; 3]> = docs.iter().collect();
        assert_eq!(second_event(&refs, W, 0.25, |_, _| 2.0), None);
    }

    #[test]
    fn a_lone_straggler_is_not_a_second_event() {
        let mut docs: Vec<[Sparse; 3]> = (0..11u32)
            .map(|i| doc(&[1, 2, 3, 4, 5, 10 + i % 4], &[100, 101]))
            .collect();
        docs.push(doc(&[1, 2, 90, 91], &[300]));
        let refs: Vec<&[Sparse; 3]> = docs.iter().collect();
        assert_eq!(second_event(&refs, W, 0.25, |_, _| 2.0), None);
    }
}
