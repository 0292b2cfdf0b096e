//! Development aid: clusters a batch corpus with one or more configurations and prints
//! B-cubed precision / recall / F1 against its gold (the scorer's own figures come from
//! `tidings cluster --batch` and `score.py`; this is for quick sweeps).
//!
//! `cargo run --release -p tidings-cluster --example tune -- DOCS.jsonl GOLD.jsonl ['{"join_threshold": 0.25}' ...]`
//!
//! `TUNE_SHUFFLES=K` also clusters K fixed permutations of the stream and prints the mean:
//! single-pass clustering depends on the order of arrival, and a setting tuned on one order
//! is partly tuned to that order. `TUNE_ORDERS_OUT=DIR` writes those permutations as
//! `DIR/order-K.jsonl` (the input lines, reordered) for `tidings cluster --batch`, the
//! baseline and the scorer.
//! `TUNE_PRED=FILE` writes the given order's stories (`{"id", "story"}` lines, for the
//! scorer); with several configurations, the last one's.

use std::collections::HashMap;

use tidings_cluster::{BatchStories, Clusterer, Config};
use tidings_text::analyze;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: tune DOCS.jsonl GOLD.jsonl [CONFIG-JSON ...]");
        return;
    }
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let gold: HashMap<String, String> = read(&args[1])
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| Some((id_of(&v["id"]), v["story"].as_str()?.to_string())))
        .collect();
    let text = read(&args[0]);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
        .collect();
    let docs: Vec<(String, tidings_text::Features)> = lines
        .iter()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let title = v.get("title").and_then(|t| t.as_str());
            let body = v.get("text").and_then(|t| t.as_str()).unwrap_or("");
            (id_of(&v["id"]), analyze(title, body, None))
        })
        .collect();
    if let Ok(out) = std::env::var("TUNE_DUMP") {
        let lines: Vec<String> = docs
            .iter()
            .map(|(id, f)| serde_json::json!({"id": id, "f": f}).to_string())
            .collect();
        let _ = std::fs::write(out, lines.join("\n"));
    }
    if let Ok(dir) = std::env::var("TUNE_ORDERS_OUT") {
        let shuffles: u64 = std::env::var("TUNE_SHUFFLES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        for round in 1..=shuffles {
            let order = permutation(lines.len(), round);
            let out: Vec<&str> = order.iter().map(|&i| lines[i]).collect();
            let path = format!("{dir}/order-{round}.jsonl");
            if let Err(e) = std::fs::write(&path, out.join("\n") + "\n") {
                eprintln!("{path}: {e}");
            }
        }
    }
    let configs: Vec<String> = if args.len() > 2 {
        args[2..].to_vec()
    } else {
        vec!["{}".to_string()]
    };
    for json in configs {
        let config: Config = match serde_json::from_str(&json) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{json}: {e}");
                continue;
            }
        };
        // The given order first, then `TUNE_SHUFFLES` fixed permutations of it: a figure on
        // one order says as much about that order as about the settings.
        let shuffles: usize = std::env::var("TUNE_SHUFFLES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut sums = (0.0, 0.0, 0.0);
        let mut f1s = Vec::new();
        let mut stories_seen = 0;
        for round in 0..=shuffles {
            let order = permutation(docs.len(), round as u64);
            let mut c = Clusterer::new(config.clone());
            let mut stories = BatchStories::new();
            for (n, &i) in order.iter().enumerate() {
                stories.push(&c.assign(n as u64, &docs[i].1, 0));
            }
            // The end of the stream: a last re-placement pass.
            stories.regroup(&c.refine());
            let pred: Vec<(String, String)> = order
                .iter()
                .enumerate()
                .map(|(n, &i)| {
                    let s = stories.story(n, &c).unwrap_or_default();
                    (docs[i].0.clone(), format!("s{s}"))
                })
                .collect();
            let (p, r, f) = bcubed(&gold, &pred);
            sums = (sums.0 + p, sums.1 + r, sums.2 + f);
            f1s.push(format!("{f:.3}"));
            if round == 0
                && let Ok(out) = std::env::var("TUNE_PRED")
            {
                let lines: Vec<String> = pred
                    .iter()
                    .map(|(i, s)| serde_json::json!({"id": i, "story": s}).to_string())
                    .collect();
                let _ = std::fs::write(out, lines.join("\n"));
            }
            if round == 0 {
                let n: std::collections::HashSet<&String> = pred.iter().map(|(_, s)| s).collect();
                stories_seen = n.len();
            }
        }
        let k = (shuffles + 1) as f64;
        let (p, r, f) = (sums.0 / k, sums.1 / k, sums.2 / k);
        if shuffles == 0 {
            println!("P {p:.3} R {r:.3} F1 {f:.4} stories {stories_seen:3}  {json}");
        } else {
            println!(
                "mean of {k} orders: P {p:.3} R {r:.3} F1 {f:.4} [{}]  {json}",
                f1s.join(" ")
            );
        }
    }
}

/// The identity for round 0, else a fixed pseudo-random permutation (splitmix64 keys).
fn permutation(n: usize, round: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    if round > 0 {
        let key = |i: usize| {
            let mut z = (i as u64).wrapping_add(round.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        order.sort_by_key(|&i| key(i));
    }
    order
}

fn id_of(v: &serde_json::Value) -> String {
    match v.as_str() {
        Some(s) => s.to_string(),
        None => v.to_string(),
    }
}

fn bcubed(gold: &HashMap<String, String>, pred: &[(String, String)]) -> (f64, f64, f64) {
    let mut by_pred: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut by_gold: HashMap<&str, usize> = HashMap::new();
    let mut pair: HashMap<(&str, &str), usize> = HashMap::new();
    for (id, s) in pred {
        let Some(g) = gold.get(id) else { continue };
        by_pred.entry(s).or_default().push(g);
        *by_gold.entry(g).or_default() += 1;
        *pair.entry((s, g)).or_default() += 1;
    }
    let (mut p, mut r, mut n) = (0.0f64, 0.0f64, 0.0f64);
    for (s, gs) in &by_pred {
        for g in gs {
            let both = pair[&(*s, *g)] as f64;
            p += both / gs.len() as f64;
            r += both / by_gold[g] as f64;
            n += 1.0;
        }
    }
    let (p, r) = (p / n.max(1.0), r / n.max(1.0));
    (p, r, 2.0 * p * r / (p + r).max(1e-12))
}
