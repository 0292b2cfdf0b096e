//! The two seed pages (crates/extract/tests/fixtures/seeds) as one story.

use tidings_digest::{DigestInput, DisagreementKind, StoryDigest, check, digest, word_count};

fn seeds() -> Vec<DigestInput> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../extract/tests/fixtures/seeds"
    );
    let mut out = Vec::new();
    for (id, name) in [(1, "csrjournal-2026-03-05.txt"), (2, "unn-2026-03-05.txt")] {
        let raw = std::fs::read_to_string(format!("{dir}/{name}")).expect("seed fixture");
        let a = tidings_extract::extract_text_capture(&raw, None).expect("extracts");
        out.push(DigestInput {
            id,
            outlet: a.site_name.clone(),
            title: a.title.clone(),
            published: a.published.as_ref().map(|p| p.timestamp()),
            lang: a.language.clone(),
            text: a.text(),
        });
    }
    out
}

fn story() -> (Vec<DigestInput>, StoryDigest) {
    let a = seeds();
    let d = digest(&a);
    (a, d)
}

#[test]
fn seeds_print() {
    let (a, d) = story();
    for x in &a {
        eprintln!("== {} {:?} {:?} {:?}", x.id, x.outlet, x.title, x.published);
    }
    eprintln!("{}", serde_json::to_string_pretty(&d).unwrap_or_default());
}

#[test]
fn seeds_short_names_both_sides() {
    let (_, d) = story();
    assert!(word_count(&d.short) <= 60, "{}", d.short);
    let s = d.short.to_lowercase();
    assert!(
        s.contains("iran has dismissed claims")
            || s.contains("no message has been sent")
            || s.contains("no form of communication between tehran and washington has occurred"),
        "Iran's denial missing: {}",
        d.short
    );
    assert!(
        s.contains("tehran has tried to contact") && s.contains("american officials"),
        "US officials' side missing: {}",
        d.short
    );
}

#[test]
fn seeds_disagreement_listed_with_evidence_and_outlets() {
    let (a, d) = story();
    let csr = a[0].outlet.clone();
    let unn = a[1].outlet.clone();
    let found = d.disagreements.iter().find(|x| {
        x.kind == DisagreementKind::Stance
            && x.sides.iter().any(|s| {
                s.article == 1
                    && (s
                        .evidence
                        .contains("dismissed claims that it has sent any messages")
                        || s.evidence.contains("No message has been sent")
                        || s.evidence
                            .contains("no form of communication between Tehran and Washington"))
            })
            && x.sides.iter().any(|s| {
                s.article == 2
                    && s.evidence
                        .contains("Tehran has tried to contact the Trump administration")
            })
    });
    let found = found.unwrap_or_else(|| {
        panic!(
            "no Iran vs US officials disagreement: {:#?}",
            d.disagreements
        )
    });
    let iran = found.sides.iter().find(|s| s.article == 1).expect("side");
    let us = found.sides.iter().find(|s| s.article == 2).expect("side");
    assert_eq!(iran.outlet, csr);
    assert_eq!(us.outlet, unn);
    assert!(matches!(iran.stance.as_str(), "deny" | "negate"));
    assert_eq!(us.stance, "confirm");
    assert_eq!(us.speaker.as_deref(), Some("American officials"));
    assert!(
        iran.speaker
            .as_deref()
            .is_some_and(|s| s.contains("Iran") || s.contains("official"))
    );
}

#[test]
fn seeds_every_summary_sentence_traceable() {
    let (a, d) = story();
    let problems = check(&d, &a);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(!d.long_sentences.is_empty());
    for s in d.short_sentences.iter().chain(&d.long_sentences) {
        assert!(s.article == 1 || s.article == 2);
        assert_eq!(s.verbatim, s.source.is_none());
    }
    let long = word_count(&d.long);
    assert!((100..=250).contains(&long), "long has {long} words");
}

#[test]
fn seeds_sourcing_counts_anonymous_sources() {
    let (a, d) = story();
    let csr = d
        .sourcing
        .iter()
        .find(|o| Some(&o.outlet) == a[0].outlet.as_ref())
        .expect("csr");
    let unn = d
        .sourcing
        .iter()
        .find(|o| Some(&o.outlet) == a[1].outlet.as_ref())
        .expect("unn");
    let has = |o: &tidings_digest::OutletSourcing, w: &str| {
        o.anonymous_sources
            .iter()
            .any(|s| s.to_lowercase().contains(w))
    };
    assert!(has(csr, "anonymous official"), "{csr:#?}");
    assert!(has(csr, "sources familiar with"), "{csr:#?}");
    assert!(has(csr, "us official"), "{csr:#?}");
    assert!(csr.anonymous >= 3, "{csr:#?}");
    assert!(has(unn, "source familiar with"), "{unn:#?}");
    assert!(has(unn, "american official"), "{unn:#?}");
    assert!(unn.anonymous >= 2, "{unn:#?}");
    assert!(
        csr.named_sources.iter().any(|n| n.contains("Donald Trump")),
        "{csr:#?}"
    );
    assert!(
        csr.named_sources.iter().any(|n| n.contains("Axios")),
        "{csr:#?}"
    );
}

#[test]
fn seeds_headline_and_timeline() {
    let (a, d) = story();
    assert!(
        a.iter()
            .any(|x| x.title.as_deref() == Some(d.headline.as_str())),
        "{}",
        d.headline
    );
    assert_eq!(d.timeline.len(), 2);
}

/// Needs `tidings_text::find_quotes` (issue 4, item 1).
#[test]
fn seeds_quotes_attributed() {
    let (a, d) = story();
    let speaker_of = |start: &str| {
        d.quotes
            .iter()
            .find(|g| {
                g.quotes
                    .iter()
                    .any(|q| q.text.trim_start_matches(['“', '"']).starts_with(start))
            })
            .map(|g| (g.speaker.to_lowercase(), g.anonymous, g.outlets.clone()))
    };
    let q = speaker_of("No message has been sent from Iran to the US").expect("Tasnim quote");
    assert!(q.0.contains("official") && q.1, "{q:?}");
    assert_eq!(q.2, vec![a[0].outlet.clone().unwrap_or_default()]);
    let q = speaker_of("They know we are not talking to the Iranians").expect("US official quote");
    assert!(q.0.contains("us official") && q.1, "{q:?}");
    let q =
        speaker_of("Their air defense, Air Force, Navy, and Leadership is gone").expect("Trump");
    assert!(q.0.contains("donald trump") && !q.1, "{q:?}");
    let q = speaker_of("We treated these messages as nonsense").expect("American official");
    assert!(q.0.contains("american official") && q.1, "{q:?}");
    assert_eq!(q.2, vec![a[1].outlet.clone().unwrap_or_default()]);
    // Every quote is verbatim at its span (check() verifies it).
    assert!(check(&d, &a).is_empty());
}

#[test]
fn seeds_agreements_are_not_listed_as_disagreements() {
    // Both outlets say US–Israeli contact stays close: "no separate agreements exist" negates
    // the agreements, not the contact, and "officials" is attribution, not the matter.
    let (_, d) = story();
    for x in &d.disagreements {
        let evidence: Vec<&str> = x.sides.iter().map(|s| s.evidence.as_str()).collect();
        assert!(
            !evidence
                .iter()
                .any(|e| e.contains("dialogue between Washington and Israeli leaders")),
            "an agreement listed as a disagreement: {x:#?}"
        );
    }
}
