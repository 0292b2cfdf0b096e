//! Faithfulness over multi-document clusters (fixtures/wikinews-clusters.jsonl.gz, CC BY 2.5):
//! every summary sentence resolves to its source sentence and contains only its words, in
//! order; no name, number or quotation without a source; short ≤ 60 words, whole sentences.

use std::io::Read;

use serde::Deserialize;
use tidings_digest::{DigestInput, check, digest, word_count};

#[derive(Deserialize)]
struct Cluster {
    id: String,
    docs: Vec<Doc>,
}

#[derive(Deserialize)]
struct Doc {
    title: Option<String>,
    text: String,
    published: Option<String>,
    source: Option<String>,
}

fn clusters() -> Vec<(String, Vec<DigestInput>)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/wikinews-clusters.jsonl.gz"
    );
    let file = std::fs::File::open(path).expect("fixture");
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .expect("gzip");
    text.lines()
        .map(|l| serde_json::from_str::<Cluster>(l).expect("cluster line"))
        .map(|c| {
            let docs = c
                .docs
                .into_iter()
                .enumerate()
                .map(|(i, d)| DigestInput {
                    id: 100 + i as i64,
                    outlet: d.source,
                    title: d.title,
                    published: d.published.as_deref().and_then(day),
                    lang: Some("en".into()),
                    text: d.text,
                })
                .collect();
            (c.id, docs)
        })
        .collect()
}

/// "2019-01-04" → Unix seconds at noon.
fn day(s: &str) -> Option<i64> {
    let mut it = s.split('-').map(|x| x.parse::<i64>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400 + 43_200)
}

fn is_name_or_number(w: &str, first: bool) -> bool {
    w.chars().any(|c| c.is_ascii_digit())
        || (!first && w.chars().next().is_some_and(char::is_uppercase))
}

#[test]
fn every_summary_sentence_is_faithful() {
    let all = clusters();
    assert!(all.len() >= 8);
    for (id, docs) in &all {
        let d = digest(docs);
        let problems = check(&d, docs);
        assert!(problems.is_empty(), "{id}: {problems:#?}");
        assert!(
            word_count(&d.short) <= 60,
            "{id}: short has {} words",
            word_count(&d.short)
        );
        assert!(!d.short.is_empty(), "{id}: no short version");
        assert!(!d.long.is_empty(), "{id}: no long version");
        let long = word_count(&d.long);
        assert!(long <= 250, "{id}: long has {long} words");
        assert!(!d.headline.is_empty());
        // Names, numbers and quotation marks: each in the source sentence it came from.
        for s in d.short_sentences.iter().chain(&d.long_sentences) {
            let doc = docs.iter().find(|x| x.id == s.article).expect("article");
            let spans = tidings_text::sentences::split_sentences(&doc.text);
            let src = spans.get(s.sentence).expect("sentence");
            for (k, w) in s.text.split_whitespace().enumerate() {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                if !w.is_empty() && is_name_or_number(w, k == 0) {
                    assert!(src.contains(w), "{id}: {w:?} not in {src:?}");
                }
            }
            for mark in ['"', '“', '”'] {
                assert!(
                    s.text.matches(mark).count() <= src.matches(mark).count(),
                    "{id}: quotation mark added in {:?}",
                    s.text
                );
            }
            // Whole sentences: each ends as a sentence ends.
            assert!(
                s.text
                    .trim_end_matches(['"', '”', '’', '\'', ')'])
                    .ends_with(['.', '!', '?']),
                "{id}: not a whole sentence: {:?}",
                s.text
            );
        }
        // No repetition in the long version.
        for (i, a) in d.long_sentences.iter().enumerate() {
            for b in &d.long_sentences[i + 1..] {
                assert_ne!(a.text, b.text, "{id}: repeated sentence");
            }
        }
        // Timeline in time order.
        let times: Vec<i64> = d.timeline.iter().filter_map(|t| t.published).collect();
        assert!(
            times.windows(2).all(|w| w[0] <= w[1]),
            "{id}: timeline order"
        );
        // Long version in time order.
        let long_times: Vec<i64> = d
            .long_sentences
            .iter()
            .filter_map(|s| docs.iter().find(|x| x.id == s.article)?.published)
            .collect();
        assert!(
            long_times.windows(2).all(|w| w[0] <= w[1]),
            "{id}: long not in time order"
        );
    }
}

#[test]
fn empty_and_odd_input_does_not_panic() {
    let d = digest(&[]);
    assert!(d.short.is_empty() && d.long.is_empty());
    let odd = vec![
        DigestInput {
            id: 1,
            text: "\u{0}\n\n“unbalanced quote. ”” ... !!! 12,000,000\n\nA. B. C.".into(),
            ..DigestInput::default()
        },
        DigestInput {
            id: 2,
            title: Some("!!!".into()),
            text: String::new(),
            ..DigestInput::default()
        },
        DigestInput {
            id: 3,
            text: "Ünïcödé wörds: 東京 is big. 東京 is very big indeed, said an official who \
                   asked not to be named."
                .repeat(20),
            ..DigestInput::default()
        },
    ];
    let d = digest(&odd);
    assert!(check(&d, &odd).is_empty());
}
