//! Re-placement passes on hand-made term lists (exact control over what each report shares):
//! several stories folding into one, the name veto, renumbering a folded story, and passes
//! during the stream.

use tidings_cluster::{BatchStories, Clusterer, Config};
use tidings_text::{Entity, EntityKind, Features, analyze};

include!("fixtures/title_defences.rs");

/// A report whose body is these terms, once each.
fn report(terms: &[&str]) -> Features {
    let mut body: Vec<(String, u32)> = terms.iter().map(|t| (t.to_string(), 1)).collect();
    body.sort();
    body.dedup();
    Features {
        lang: Some("en".into()),
        body_terms: body,
        ..Features::default()
    }
}

/// A long report: `shared` terms plus `own` terms no other report has.
fn long_report(shared: &[&str], tag: &str, own: usize) -> Features {
    let own: Vec<String> = (0..own).map(|i| format!("{tag}x{i}")).collect();
    let terms: Vec<&str> = shared
        .iter()
        .copied()
        .chain(own.iter().map(String::as_str))
        .collect();
    report(&terms)
}

/// The same report naming `person` `mentions` times (its most mentioned name).
fn naming(mut f: Features, person: &str, mentions: u32) -> Features {
    f.entities.insert(
        0,
        Entity {
            name: person.to_string(),
            key: person.to_string(),
            kind: EntityKind::Person,
            count: mentions,
        },
    );
    f
}

/// Passes only when asked ([`Clusterer::refine`]).
fn on_demand() -> Config {
    Config {
        refine_every: 1_000_000,
        ..Config::default()
    }
}

#[test]
fn several_lone_stories_fold_into_one_and_the_oldest_id_stays() {
    // Two early reports each open a story; the event's later reports share a little with
    // each of them and form a third story, which both then fit better than their own (empty
    // without them).
    let mut docs = vec![
        report(&["pax", "quill", "quorn", "quist"]),
        report(&["rex", "sarn", "sorb", "sulk"]),
    ];
    for k in 0..8 {
        docs.push(long_report(
            &["pax", "rex", "zed", "zoo"],
            &format!("t{k}"),
            3,
        ));
    }
    let mut c = Clusterer::new(on_demand());
    let mut stories = BatchStories::new();
    for (n, f) in docs.iter().enumerate() {
        stories.push(&c.assign(n as u64, f, 0));
    }
    let before: Vec<u64> = (0..docs.len())
        .map(|n| stories.story(n, &c).unwrap())
        .collect();
    assert_eq!(&before[..3], [1, 2, 3], "the test needs three stories");
    assert!(before[3..].iter().all(|&s| s == 3), "{before:?}");
    let pass = c.refine();
    stories.regroup(&pass);
    assert!(pass.moves.is_empty(), "{pass:?}");
    assert_eq!(pass.merged.len(), 2, "{pass:?}");
    // Everything is one story, under the oldest id, in the clusterer as in the batch.
    for n in 0..docs.len() {
        assert_eq!(stories.story(n, &c), Some(1), "document {n}: {pass:?}");
    }
    assert_eq!((c.resolve(2), c.resolve(3)), (1, 1));
    assert_eq!(c.stats().live_stories, 1, "{:?}", c.stats());
    // Nothing left to do, and a new report of the event finds the story.
    assert!(c.refine().is_empty());
    let late = c.assign(
        99,
        &long_report(&["pax", "rex", "zed", "zoo"], "late", 3),
        0,
    );
    assert_eq!((late.story, late.duplicate_of), (1, None));
}

#[test]
fn a_report_the_name_veto_kept_out_is_not_folded_in() {
    // Three long reports about one person, then one with the same words about another:
    // the veto keeps it out on arrival, and a pass does not fold it in either.
    let topic: Vec<String> = (0..30).map(|i| format!("topic{i}")).collect();
    let topic: Vec<&str> = topic.iter().map(String::as_str).collect();
    let mut c = Clusterer::new(on_demand());
    let mut got = Vec::new();
    for k in 0..3 {
        let f = naming(long_report(&topic, &format!("a{k}"), 15), "thompson", 3);
        got.push(c.assign(k, &f, 0).story);
    }
    let other = naming(long_report(&topic, "b", 15), "pulev", 3);
    got.push(c.assign(3, &other, 0).story);
    assert_eq!(got, [1, 1, 1, 2]);
    assert!(c.refine().is_empty());
    // Without the veto the same report joins on arrival (so the veto is what kept it out).
    let mut c = Clusterer::new(Config {
        conflict_veto: false,
        ..on_demand()
    });
    for k in 0..3 {
        let f = naming(long_report(&topic, &format!("a{k}"), 15), "thompson", 3);
        c.assign(k, &f, 0);
    }
    assert_eq!(c.assign(3, &other, 0).story, 1);
}

#[test]
fn a_story_merged_away_keeps_redirecting_once_renumbered() {
    // The engine renumbers a story it opened after the assignment that opened it; a pass in
    // that assignment may already have folded it. Here: two lone stories folded into one,
    // then the folded id renumbered.
    let mut c = Clusterer::new(on_demand());
    c.assign(0, &report(&["pax", "quill", "quorn", "quist"]), 0);
    c.assign(1, &report(&["rex", "sarn", "sorb", "sulk"]), 0);
    for k in 0..8 {
        c.assign(
            2 + k,
            &long_report(&["pax", "rex", "zed", "zoo"], &format!("t{k}"), 3),
            0,
        );
    }
    let pass = c.refine();
    assert!(pass.merged.contains(&(2, 1)), "{pass:?}");
    assert!(c.renumber(2, 500));
    assert_eq!(c.resolve(500), 1);
}

#[test]
fn passes_run_during_the_stream_and_batches_follow_them() {
    // The two title defences (see `stories.rs`): with a pass after every few assignments,
    // the misplaced report moves while the stream runs, reported with an assignment.
    let stream = two_defences();
    let mut c = Clusterer::new(Config {
        refine_every: 2,
        refine_share: 0.0,
        ..Config::default()
    });
    let mut stories = BatchStories::new();
    let mut reported = 0;
    for (n, (_, (title, body))) in stream.iter().enumerate() {
        let got = c.assign(n as u64, &analyze(Some(title), body, None), 0);
        reported += got.regroup.as_ref().map_or(0, |r| r.moves.len());
        stories.push(&got);
    }
    assert!(reported >= 1, "no pass moved anything during the stream");
    // No end-of-stream pass: the stream's own passes put every report in its event's story.
    let of = |event: char| -> std::collections::BTreeSet<u64> {
        (0..stream.len())
            .filter(|&n| stream[n].0 == event)
            .map(|n| stories.story(n, &c).unwrap())
            .collect()
    };
    let (h, b) = (of('h'), of('b'));
    assert_eq!((h.len(), b.len()), (1, 1), "{h:?} {b:?}");
    assert_ne!(h, b);
}
