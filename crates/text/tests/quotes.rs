//! Quotes and speakers on the two seed pages (crates/extract/tests/fixtures/seeds/) and on
//! small texts for every quotation-mark style.

use tidings_text::{Quote, find_quotes};

fn seed(name: &str) -> String {
    let path = format!(
        "{}/../extract/tests/fixtures/seeds/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn quote_with<'a>(quotes: &'a [Quote], words: &str) -> &'a Quote {
    quotes
        .iter()
        .find(|q| q.text.contains(words))
        .unwrap_or_else(|| panic!("no quote with {words:?} in {quotes:#?}"))
}

fn speaker(q: &Quote) -> String {
    q.speaker.clone().unwrap_or_default().to_lowercase()
}

fn char_slice(text: &str, (s, e): (usize, usize)) -> String {
    text.chars().skip(s).take(e - s).collect()
}

#[test]
fn csr_seed_quotes_and_speakers() {
    let text = seed("csrjournal-2026-03-05.txt");
    let quotes = find_quotes(&text, Some("en"));
    let q = quote_with(&quotes, "No message has been sent from Iran to the US");
    assert!(q.direct);
    let s = speaker(q);
    assert!(s.contains("official") && s.contains("anonymous"), "{s}");
    assert_eq!(char_slice(&text, q.content), q.text);

    let q = quote_with(&quotes, "They know we are not talking to the Iranians");
    assert_eq!(speaker(q), "a us official");
    assert_eq!(
        q.source.map(|s| char_slice(&text, s)).as_deref(),
        Some("the official")
    );

    let q = quote_with(
        &quotes,
        "Their air defense, Air Force, Navy, and Leadership is gone",
    );
    assert!(speaker(q).contains("donald trump"), "{:?}", q.speaker);
    assert!(q.text.contains("I said ‘Too Late!’"));

    let q = quote_with(
        &quotes,
        "armed forces have prepared themselves for a long war",
    );
    assert!(speaker(q).contains("anonymous"), "{:?}", q.speaker);
}

#[test]
fn unn_seed_pull_quotes_and_reported_speech() {
    let text = seed("unn-2026-03-05.txt");
    let quotes = find_quotes(&text, Some("en"));
    let q = quote_with(&quotes, "We treated these messages as nonsense");
    assert_eq!(speaker(q), "an american official");
    assert_eq!(
        q.cue.map(|s| char_slice(&text, s)).as_deref(),
        Some("commented")
    );

    let q = quote_with(&quotes, "The White House told Netanyahu that");
    assert_eq!(
        speaker(q),
        "a source familiar with the details of the negotiations"
    );
}

#[test]
fn quotation_mark_styles() {
    for (text, inner) in [
        ("“We will win,” the minister said.", "“We will win,”"),
        ("\"We will win,\" the minister said.", "\"We will win,\""),
        (
            "«Nous allons gagner», a déclaré le ministre.",
            "«Nous allons gagner»",
        ),
        (
            "„Wir werden gewinnen“, sagte der Minister.",
            "„Wir werden gewinnen“",
        ),
        ("‘We will win,’ the minister said.", "‘We will win,’"),
    ] {
        let quotes = find_quotes(text, None);
        assert_eq!(quotes.len(), 1, "{text}: {quotes:#?}");
        assert_eq!(quotes[0].text, inner);
        assert!(
            speaker(&quotes[0]).contains("minist"),
            "{text}: {quotes:#?}"
        );
    }
}

#[test]
fn apostrophes_are_not_quotes() {
    let quotes = find_quotes(
        "The ministers’ plan isn’t ready, and it won’t be soon.",
        None,
    );
    assert!(quotes.iter().all(|q| !q.direct), "{quotes:#?}");
}

#[test]
fn interrupted_quote_is_one_and_last_name_resolves() {
    let text = "Israeli Prime Minister Benjamin Netanyahu spoke on Monday. “We will not stop,” \
                Netanyahu said. “Not now.”\n\n“This is the end,” he added.";
    let quotes = find_quotes(text, Some("en"));
    let direct: Vec<&Quote> = quotes.iter().filter(|q| q.direct).collect();
    assert_eq!(direct.len(), 2, "{quotes:#?}");
    assert_eq!(
        direct[0].text,
        "“We will not stop,” Netanyahu said. “Not now.”"
    );
    for q in direct {
        assert_eq!(
            q.speaker.as_deref(),
            Some("Israeli Prime Minister Benjamin Netanyahu")
        );
    }
}

#[test]
fn quote_spanning_paragraphs() {
    let text = "The senator said:\n\n“First part of a long statement that goes on.\n\n\
                “Second part, which ends here.”\n\nThe end.";
    let quotes = find_quotes(text, Some("en"));
    let q = quote_with(&quotes, "First part");
    assert!(q.text.ends_with("ends here.”"), "{q:#?}");
    assert_eq!(speaker(q), "the senator");
}

#[test]
fn reported_speech_forms() {
    let text = "The minister said that the talks had failed. According to the agency, no \
                deal is near. The company denied any wrongdoing in the case.";
    let quotes = find_quotes(text, Some("en"));
    assert_eq!(
        quote_with(&quotes, "the talks had failed").text,
        "the talks had failed"
    );
    assert_eq!(
        speaker(quote_with(&quotes, "no deal is near")),
        "the agency"
    );
    assert_eq!(
        speaker(quote_with(&quotes, "any wrongdoing")),
        "the company"
    );
    assert!(quotes.iter().all(|q| !q.direct));
}

#[test]
fn character_offsets_and_no_panic_on_odd_input() {
    let text = "Ünïcödé “ü said,” he said. “unclosed";
    for q in find_quotes(text, None) {
        assert_eq!(char_slice(text, q.content), q.text);
    }
    for t in [
        "",
        "“",
        "\"",
        "— said",
        "‘",
        "„“",
        "said that",
        "according to",
    ] {
        let _ = find_quotes(t, None);
    }
}

#[test]
fn doubled_apostrophes_quote_like_marks() {
    // The typewriter style of the New York Times archive: ''…'' around the words.
    let text = "''We have a networking ability that campaigns spend years building,'' said \
                Mr. Brown. The couple's friends didn't agree.";
    let quotes = find_quotes(text, Some("en"));
    let q = quote_with(&quotes, "networking ability");
    assert!(q.direct);
    assert!(
        q.text.starts_with("''We") && q.text.ends_with(",''"),
        "{q:?}"
    );
    assert_eq!(speaker(q), "mr. brown");
    // Single apostrophes stay apostrophes.
    assert!(
        quotes.iter().all(|q| !q.text.contains("couple's")),
        "{quotes:#?}"
    );
}

#[test]
fn reported_speech_with_appositions_and_asides() {
    let cases = [
        (
            "Derek Mitchell, who served as U.S. ambassador to Burma until this year, said \
             Clinton reached out to McConnell on Burma in 2009.",
            "Clinton reached out",
            "derek mitchell",
        ),
        (
            "Sen. Lindsey Graham, a long-shot presidential candidate, said Obama is \
             overselling the successes of the coalition.",
            "Obama is overselling",
            "sen. lindsey graham",
        ),
        (
            "Later in the day, the FBI said it would cooperate with the inquiry.",
            "it would cooperate",
            "the fbi",
        ),
        (
            "The FBI would also seek to establish that aides understood the rules, former \
             officials said.",
            "The FBI would also seek",
            "former officials",
        ),
        (
            "Sanders said private contractors can be more expensive than federal workers.",
            "private contractors can be",
            "sanders",
        ),
        (
            "When she finally got inside the church, she said, there were no ballots left.",
            "there were no ballots",
            "she",
        ),
        (
            "He told reporters the talks had failed after midnight.",
            "the talks had failed",
            "he",
        ),
        (
            "Reporters asked whether the president would veto the bill.",
            "whether the president would veto",
            "reporters",
        ),
    ];
    for (text, words, who) in cases {
        let quotes = find_quotes(text, Some("en"));
        let q = quote_with(&quotes, words);
        assert!(!q.direct, "{text}");
        assert_eq!(speaker(q), who, "{text}");
    }
    // "said goodbye" opens no clause.
    let quotes = find_quotes("The coach said goodbye to the team on Sunday.", Some("en"));
    assert!(quotes.is_empty(), "{quotes:#?}");
}
