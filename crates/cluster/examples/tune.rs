//! Development aid: clusters a batch corpus with one or more configurations and prints
//! B-cubed precision / recall / F1 against its gold (the scorer's own figures come from
//! `tidings cluster --batch` and `score.py`; this is for quick sweeps).
//!
//! `cargo run --release -p tidings-cluster --example tune -- DOCS.jsonl GOLD.jsonl ['{"join_threshold": 0.25}' ...]`

use std::collections::HashMap;

use tidings_cluster::{Clusterer, Config};
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
    let docs: Vec<(String, tidings_text::Features)> = read(&args[0])
        .lines()
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
        let mut c = Clusterer::new(config);
        let stories: Vec<u64> = docs
            .iter()
            .enumerate()
            .map(|(n, (_, f))| c.assign(n as u64, f, 0).story)
            .collect();
        let pred: Vec<(String, String)> = docs
            .iter()
            .zip(&stories)
            .map(|((id, _), s)| (id.clone(), format!("s{}", c.resolve(*s))))
            .collect();
        let (p, r, f) = bcubed(&gold, &pred);
        let n: std::collections::HashSet<&String> = pred.iter().map(|(_, s)| s).collect();
        println!("P {p:.3} R {r:.3} F1 {f:.4} stories {:3}  {json}", n.len());
    }
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
