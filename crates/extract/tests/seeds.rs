//! Acceptance test: the two seed captures (see `fixtures/seeds/ORIGIN.md`) come out as clean
//! articles — title, day, outlet, author, tags, every paragraph and quote of the article, and
//! none of the page's clutter. Plus synthetic captures in other layouts.

use chrono::NaiveDate;
use tidings_extract::{Article, extract_text_capture};

const CSR: &str = include_str!("fixtures/seeds/csrjournal-2026-03-05.txt");
const UNN: &str = include_str!("fixtures/seeds/unn-2026-03-05.txt");

fn read(text: &str) -> Article {
    match extract_text_capture(text, None) {
        Ok(article) => article,
        Err(e) => panic!("capture not extracted: {e}"),
    }
}

/// White space collapsed (the captures use no-break spaces).
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn body(a: &Article) -> Vec<String> {
    a.paragraphs.iter().map(|p| norm(p)).collect()
}

fn assert_has_paragraphs(a: &Article, expected: &[&str]) {
    let body = body(a);
    for p in expected {
        assert!(
            body.contains(&norm(p)),
            "missing paragraph {p:?}\nbody: {body:#?}"
        );
    }
}

fn assert_text_lacks(a: &Article, forbidden: &[&str]) {
    let text = norm(&a.text());
    for f in forbidden {
        assert!(!text.contains(f), "body contains {f:?}:\n{text}");
    }
}

fn assert_no_paragraph(a: &Article, forbidden: &[&str]) {
    let body = body(a);
    for f in forbidden {
        assert!(
            !body.contains(&norm(f)),
            "paragraph {f:?} in body: {body:#?}"
        );
    }
}

fn day(a: &Article) -> Option<NaiveDate> {
    a.published.map(|p| p.date())
}

const CSR_TITLE: &str =
    "Iran Rejects Reports of Communication with the US, Prepares for Extended Conflict";

const CSR_PARAGRAPHS: &[&str] = &[
    "Iran has dismissed claims that it has sent any messages to the United States, asserting that its military is gearing up for a lengthy war rather than pursuing negotiations. An anonymous official revealed to the semi-official news agency Tasnim that no form of communication between Tehran and Washington has occurred, nor is there any intention to respond to potential US outreach. The official emphasized, “No message has been sent from Iran to the US, nor will any response be given to US messages.” This strong denial follows a report by Axios which suggested that Iranian officials attempted to reach out to the US but reportedly did not receive a reply.",
    "The Iranian official further stated that the nation’s armed forces have prepared for an enduring confrontation in light of escalating tensions in the region. “Iran’s armed forces have prepared themselves for a long war,” the official said. This statement aims to counter any speculation regarding the possibility of backchannel negotiations as hostilities intensify.",
    "Concerns from Israel",
    "The prospect of communication between Washington and Tehran has raised alarms in Israel. According to Axios, Israeli Prime Minister Benjamin Netanyahu reached out to the White House earlier this week following intelligence reports suggesting some contact might have occurred between US officials and Iranian representatives about a possible truce. Netanyahu reportedly inquired with US officials on Monday whether any discussions or exchanges of messages had taken place. Sources familiar with the conversation indicated that the White House reassured Netanyahu that the current administration was not engaging with Iranian officials behind Israel’s back.",
    "A US official confirmed that dialogue between Washington and Israeli leaders has remained unwavering throughout the ongoing conflict. “They know we are not talking to the Iranians,” the official stated, emphasizing the transparency of US-Israeli communication during this period of heightened tension.",
    "Reported Attempts of Indirect Contact",
    "Additionally, The New York Times reported that agents affiliated with Iran’s Ministry of Intelligence have sought indirect communication with the CIA. This was purportedly attempted through the intelligence services of a third nation, aiming to discuss potential terms for ending the hostilities. On the other hand, US President Donald Trump publicly dismissed the notion of negotiations with Tehran. In a post on Truth Social, he commented that Iran has significantly diminished its military capacity, stating, “Their air defense, Air Force, Navy, and Leadership is gone. They want to talk. I said ‘Too Late!’”",
];

const UNN_TITLE: &str =
    "US and Iran may have held secret talks behind Israel's back, Netanyahu demands explanation";

const UNN_LEAD: &str = "Israeli Prime Minister Netanyahu requested an explanation from the Trump administration following intelligence reports about possible contacts between the US and Iran. Israel is concerned about the risk of a ceasefire agreement being reached without achieving all of the IDF's military objectives.";

const UNN_PARAGRAPHS: &[&str] = &[
    UNN_LEAD,
    "Israeli Prime Minister Benjamin Netanyahu initiated an urgent request to the Donald Trump administration after receiving intelligence about possible back-channel contacts between Washington and Tehran. The Israeli government expressed concern over the risk of a ceasefire agreement being concluded behind its ally's back before all IDF military objectives are achieved. This was reported by Axios, writes UNN.",
    "Details",
    "Although the American side officially denies direct negotiations with the Iranian regime, the situation has revealed hidden tensions in the coordination of actions between strategic partners amidst ongoing hostilities in the region.",
    "Suspicions of Israeli intelligence and Washington's reaction",
    "Earlier this week, Israeli intelligence services received information indicating a probable exchange of messages between Trump's representatives and Iranian officials regarding de-escalation terms.",
    "During a phone call, White House representatives assured Netanyahu that no separate agreements exist, and interaction with Israeli Mossad remains daily and as close as possible.",
    "The White House told Netanyahu that the Trump administration had not spoken to the Iranians behind his back",
    "— said a source familiar with the details of the negotiations.",
    "Iranian initiatives through intermediaries in the Persian Gulf",
    "Despite denying direct contacts, American officials confirmed that Tehran has tried to contact the Trump administration through third countries in recent days. Messages came through partners in the Persian Gulf region, but Washington demonstratively ignores these signals, calling them an attempt at manipulation. Special Envoy Steve Witkoff and Jared Kushner continue to convince the Israeli side of the steadfastness of their position on the Iranian issue.",
    "We treated these messages as nonsense",
    "— commented an American official on the situation in a conversation with journalists.",
];

const UNN_TAGS: &[&str] = &[
    "Skirmishes",
    "Israel",
    "White House",
    "Donald Trump",
    "Benjamin Netanyahu",
    "United States",
    "Iran",
];

/// Clutter of both pages that must not reach either body.
const CLUTTER: &[&str] = &[
    "app-store-logo",
    "play-store-logo",
    "Long or Short, get news the way you like",
    "No redirections",
    "Download Newspin",
    "apps.apple.com",
    "play.google.com",
    "Latest News",
    "Popular Videos",
    "$43.450.22",
    "32 views",
    "3016 views",
    "2426 views",
    "04.03.26",
    "05.03.26, 00:12",
    "US Senate fails to vote on limiting Trump's war powers in Iran",
    "Trump's inner circle demands declaration of victory",
    "News of the World",
    "Kyiv • UNN",
];

#[test]
fn csr_title_date_and_outlet() {
    let a = read(CSR);
    assert_eq!(a.title.as_deref(), Some(CSR_TITLE));
    assert_eq!(day(&a), NaiveDate::from_ymd_opt(2026, 3, 5));
    assert_eq!(a.site_name.as_deref(), Some("The CSR Journal Magazine"));
}

#[test]
fn csr_body_keeps_every_paragraph_in_order() {
    let a = read(CSR);
    assert_has_paragraphs(&a, CSR_PARAGRAPHS);
    let expected: Vec<String> = CSR_PARAGRAPHS.iter().map(|p| norm(p)).collect();
    assert_eq!(body(&a), expected);
}

#[test]
fn csr_body_has_no_clutter() {
    let a = read(CSR);
    assert_text_lacks(&a, CLUTTER);
    assert_no_paragraph(
        &a,
        &[CSR_TITLE, "The CSR Journal Magazine", "March 5, 2026"],
    );
}

#[test]
fn unn_title_date_outlet_and_author() {
    let a = read(UNN);
    assert_eq!(a.title.as_deref(), Some(UNN_TITLE));
    assert_eq!(day(&a), NaiveDate::from_ymd_opt(2026, 3, 5));
    assert_eq!(a.site_name.as_deref(), Some("UNN"));
    assert_eq!(a.authors, vec!["Stepan Haftko".to_owned()]);
}

#[test]
fn unn_tags_and_section() {
    let a = read(UNN);
    for tag in UNN_TAGS {
        assert!(
            a.tags.iter().any(|t| t == tag),
            "tag {tag:?} missing: {:?}",
            a.tags
        );
    }
    // "News of the World" is the site's section label, not a tag and not body text.
    assert_eq!(a.section.as_deref(), Some("News of the World"));
    assert!(!a.tags.iter().any(|t| t == "News of the World"));
}

#[test]
fn unn_body_keeps_lead_paragraphs_and_pull_quotes_in_order() {
    let a = read(UNN);
    assert_has_paragraphs(&a, UNN_PARAGRAPHS);
    let expected: Vec<String> = UNN_PARAGRAPHS.iter().map(|p| norm(p)).collect();
    assert_eq!(body(&a), expected);
    assert_eq!(a.description.as_deref(), Some(UNN_LEAD));
}

#[test]
fn unn_body_has_no_clutter_byline_tags_or_repeated_headline() {
    let a = read(UNN);
    assert_text_lacks(&a, CLUTTER);
    assert_no_paragraph(&a, &["Stepan Haftko", "UNN"]);
    assert_no_paragraph(&a, UNN_TAGS);
    let title_count = body(&a).iter().filter(|p| *p == UNN_TITLE).count();
    assert_eq!(title_count, 0, "headline repeated in the body");
}

#[test]
fn both_seeds_tell_one_story() {
    // The pair the engine clusters: same day, different outlets, disagreeing on contacts.
    let csr = read(CSR);
    let unn = read(UNN);
    assert_eq!(day(&csr), day(&unn));
    assert_ne!(csr.site_name, unn.site_name);
    assert!(
        csr.text()
            .contains("No message has been sent from Iran to the US")
    );
    assert!(
        unn.text()
            .contains("Tehran has tried to contact the Trump administration")
    );
}

// --- Synthetic captures: other layouts, same rules. ---

const DAILY_COURIER: &str = "\
Menu
Search

Daily Courier

Harbour Bridge to Close for Six Weeks of Repairs

By Jane Doe
Published 12 June 2024

The city's main harbour bridge will close to traffic from Monday for six weeks of repairs, the \
transport authority said on Wednesday.

Buses will be diverted over the northern crossing, adding up to twenty minutes to journeys.

What drivers should know

Residents with permits can still use the service road, officials said.

Share on Facebook
Share on X
Sign up for our newsletter
Related: Ferry timetable extended for the summer
Related: Council approves new cycle lanes

Advertisement
";

#[test]
fn synthetic_courier_layout() {
    let a = match extract_text_capture(
        DAILY_COURIER,
        Some("https://dailycourier.example/news/harbour-bridge-to-close-for-six-weeks"),
    ) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        a.title.as_deref(),
        Some("Harbour Bridge to Close for Six Weeks of Repairs")
    );
    assert_eq!(a.authors, vec!["Jane Doe".to_owned()]);
    assert_eq!(day(&a), NaiveDate::from_ymd_opt(2024, 6, 12));
    assert_eq!(a.site_name.as_deref(), Some("Daily Courier"));
    assert_eq!(
        body(&a),
        vec![
            norm(
                "The city's main harbour bridge will close to traffic from Monday for six weeks of \
                 repairs, the transport authority said on Wednesday."
            ),
            "Buses will be diverted over the northern crossing, adding up to twenty minutes to journeys."
                .to_owned(),
            "What drivers should know".to_owned(),
            "Residents with permits can still use the service road, officials said.".to_owned(),
        ]
    );
}

const WIRE_LAYOUT: &str = "\
Download on the App Store
Get it on Google Play
Tuesday, 3 September 2024
Markets Steady After Rate Decision
Frankfurt | The Euro Wire
 • 1.2K views
Stocks held steady on Tuesday after the central bank left rates unchanged, as investors weighed \
comments from its president.
\"We are not in a hurry,\" she told reporters.
Readers who subscribe to the bank's bulletin received the statement an hour earlier.
Read more
Bond yields slip in early trade
Oil extends losses for a second day
Follow us on Telegram
Anna Weber
Markets
Central banks
Interest rates
";

#[test]
fn synthetic_wire_layout_without_blank_lines() {
    let a = read(WIRE_LAYOUT);
    assert_eq!(
        a.title.as_deref(),
        Some("Markets Steady After Rate Decision")
    );
    assert_eq!(day(&a), NaiveDate::from_ymd_opt(2024, 9, 3));
    assert_eq!(a.site_name.as_deref(), Some("The Euro Wire"));
    assert_eq!(
        body(&a),
        vec![
            "Stocks held steady on Tuesday after the central bank left rates unchanged, as \
             investors weighed comments from its president."
                .to_owned(),
            "\"We are not in a hurry,\" she told reporters.".to_owned(),
            "Readers who subscribe to the bank's bulletin received the statement an hour earlier."
                .to_owned(),
        ]
    );
    assert_text_lacks(
        &a,
        &[
            "Bond yields",
            "Oil extends",
            "Telegram",
            "views",
            "Google Play",
        ],
    );
    assert_eq!(a.authors, vec!["Anna Weber".to_owned()]);
    assert_eq!(a.section.as_deref(), Some("Markets"));
    assert_eq!(
        a.tags,
        vec!["Central banks".to_owned(), "Interest rates".to_owned()]
    );
}

const UKRAINIAN_LAYOUT: &str = "\
 дата 2026-03-05 $43.450.22
США та Іран могли провести таємні переговори за спиною Ізраїлю

Київ\u{a0}•\u{a0}УНН

 •\u{a0}32\u{a0}переглядів

Прем'єр-міністр Ізраїлю Нетаньягу вимагав пояснень від адміністрації Трампа.

Деталі

Американська сторона офіційно заперечує прямі переговори з іранським режимом.

Сенат США не зміг обмежити воєнні повноваження Трампа04.03.26, 23:59 • 3016 переглядів

Степан Гафтко

Новини світу
Ізраїль
Іран";

#[test]
fn synthetic_ukrainian_layout() {
    let a = read(UKRAINIAN_LAYOUT);
    assert_eq!(
        a.title.as_deref(),
        Some("США та Іран могли провести таємні переговори за спиною Ізраїлю")
    );
    assert_eq!(day(&a), NaiveDate::from_ymd_opt(2026, 3, 5));
    assert_eq!(a.site_name.as_deref(), Some("УНН"));
    assert_eq!(a.authors, vec!["Степан Гафтко".to_owned()]);
    assert_eq!(a.section.as_deref(), Some("Новини світу"));
    assert_eq!(a.tags, vec!["Ізраїль".to_owned(), "Іран".to_owned()]);
    assert_eq!(
        body(&a),
        vec![
            "Прем'єр-міністр Ізраїлю Нетаньягу вимагав пояснень від адміністрації Трампа."
                .to_owned(),
            "Деталі".to_owned(),
            "Американська сторона офіційно заперечує прямі переговори з іранським режимом."
                .to_owned(),
        ]
    );
}
