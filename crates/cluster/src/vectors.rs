//! Term vocabularies with incremental document frequencies, and TF-IDF vectors.

use std::collections::HashMap;

use crate::hash::IdMap;

/// A sparse vector: (term id, weight), sorted by term id, unit length (or empty).
pub type Sparse = Vec<(u32, f32)>;

/// One vector space (headline, body or entities): term ids and document frequencies.
#[derive(Default)]
pub struct Space {
    vocab: HashMap<String, u32>,
    df: Vec<u32>,
}

impl Space {
    /// Counts one more document having these terms, and returns its unit TF-IDF vector
    /// (sublinear term frequency) with `docs` documents seen so far, this one included.
    pub fn add_and_weigh(&mut self, terms: &[(String, u32)], docs: u32, idf_power: f64) -> Sparse {
        let ids: Vec<(u32, u32)> = terms.iter().map(|(t, c)| (self.intern(t), *c)).collect();
        for (id, _) in &ids {
            if let Some(df) = self.df.get_mut(*id as usize) {
                *df = df.saturating_add(1);
            }
        }
        self.weigh(&ids, docs, idf_power)
    }

    fn weigh(&self, ids: &[(u32, u32)], docs: u32, idf_power: f64) -> Sparse {
        let n = f64::from(docs.max(1));
        let v: Sparse = ids
            .iter()
            .map(|&(id, c)| {
                let df = self.df.get(id as usize).copied().unwrap_or(1);
                (id, (tf(c) * idf(n, df).powf(idf_power)) as f32)
            })
            .collect();
        unit(v)
    }

    fn intern(&mut self, term: &str) -> u32 {
        if let Some(id) = self.vocab.get(term) {
            return *id;
        }
        let id = u32::try_from(self.df.len()).unwrap_or(u32::MAX);
        self.vocab.insert(term.to_string(), id);
        self.df.push(0);
        id
    }

    /// Distinct terms seen.
    pub fn len(&self) -> usize {
        self.df.len()
    }
}

fn tf(c: u32) -> f64 {
    1.0 + f64::from(c.max(1)).ln()
}

fn idf(n: f64, df: u32) -> f64 {
    (1.0 + n / f64::from(df.max(1))).ln()
}

/// The vector sorted by term id, without zero or negative weights, at unit length.
pub fn unit(mut v: Sparse) -> Sparse {
    v.retain(|&(_, w)| w > 0.0);
    v.sort_unstable_by_key(|&(id, _)| id);
    let norm = v
        .iter()
        .map(|&(_, w)| f64::from(w).powi(2))
        .sum::<f64>()
        .sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w = (f64::from(*w) / norm) as f32;
        }
    }
    v
}

/// A story centroid in one space: the sum of its documents' unit vectors.
#[derive(Default, Clone)]
pub struct Centroid {
    pub weights: IdMap<u32, f32>,
    /// Squared norm, kept as documents are added.
    pub sq: f64,
}

impl Centroid {
    /// Cosine similarity with a unit vector.
    pub fn cosine(&self, v: &Sparse) -> f64 {
        if self.sq <= 0.0 || v.is_empty() {
            return 0.0;
        }
        self.dot(v) / self.sq.sqrt()
    }

    /// Cosine similarity of a unit vector that was added to this centroid with the rest of
    /// it (the centroid less the vector); `None` when nothing else is left.
    pub fn cosine_without(&self, v: &Sparse) -> Option<f64> {
        let dot = self.dot(v);
        let vv: f64 = v.iter().map(|&(_, w)| f64::from(w).powi(2)).sum();
        let rest = self.sq - 2.0 * dot + vv;
        // Rounding leaves a tiny positive rest when the centroid held this vector only.
        (rest > 1e-9).then(|| (dot - vv) / rest.sqrt())
    }

    fn dot(&self, v: &Sparse) -> f64 {
        v.iter()
            .map(|(id, w)| f64::from(*w) * f64::from(self.weights.get(id).copied().unwrap_or(0.0)))
            .sum()
    }

    /// Adds a vector; returns the ids of the terms new to the centroid.
    pub fn add(&mut self, v: &Sparse) -> Vec<u32> {
        let dot = self.dot(v);
        let vv: f64 = v.iter().map(|&(_, w)| f64::from(w).powi(2)).sum();
        self.sq = (self.sq + 2.0 * dot + vv).max(0.0);
        let mut new = Vec::new();
        for &(id, w) in v {
            let e = self.weights.entry(id).or_insert_with(|| {
                new.push(id);
                0.0
            });
            *e += w;
        }
        new
    }

    /// Adds another centroid; returns the ids of the terms new to this one.
    pub fn absorb(&mut self, other: &Centroid) -> Vec<u32> {
        let v: Sparse = other.weights.iter().map(|(&id, &w)| (id, w)).collect();
        let dot = self.dot(&v);
        self.sq = (self.sq + 2.0 * dot + other.sq).max(0.0);
        let mut new = Vec::new();
        for (id, w) in v {
            let e = self.weights.entry(id).or_insert_with(|| {
                new.push(id);
                0.0
            });
            *e += w;
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Vec<(String, u32)> {
        words.iter().map(|w| (w.to_string(), 1)).collect()
    }

    #[test]
    fn tfidf_and_centroids() {
        let mut s = Space::default();
        let a = s.add_and_weigh(&terms(&["quake", "iran", "tabriz"]), 1, 1.0);
        let b = s.add_and_weigh(&terms(&["quake", "chile"]), 2, 1.0);
        let norm: f32 = a.iter().map(|(_, w)| w * w).sum();
        assert!((norm - 1.0).abs() < 1e-4);
        let mut c = Centroid::default();
        assert_eq!(c.add(&a).len(), 3);
        assert!((c.cosine(&a) - 1.0).abs() < 1e-4);
        assert!(c.cosine(&b) > 0.0 && c.cosine(&b) < 0.5);
        assert_eq!(c.add(&b).len(), 1);
        let direct: f64 = c.weights.values().map(|w| f64::from(*w).powi(2)).sum();
        assert!((direct - c.sq).abs() < 1e-4);
        assert_eq!(s.len(), 4);
    }
}
