//! Story assignment: languages, seeds, copies, merges and rebuilds.

use tidings_cluster::{Assignment, BatchStories, Clusterer, Config};
use tidings_text::{Features, analyze};

const DAY: i64 = 86_400;

fn f(title: &str, body: &str) -> Features {
    analyze(Some(title), body, None)
}

include!("fixtures/title_defences.rs");

/// Two events per language, two reports of each, in different words.
fn reports() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        (
            "de-quake",
            "Schweres Erdbeben erschüttert Südtürkei",
            "Ein Erdbeben der Stärke 6,8 hat am Montag den Süden der Türkei erschüttert. \
             In der Provinz Hatay stürzten mehrere Wohnhäuser ein, die Rettungskräfte suchen \
             nach Verschütteten. Der türkische Katastrophenschutz AFAD meldete zahlreiche \
             Nachbeben. Präsident Erdoğan sprach den Opfern sein Beileid aus.",
        ),
        (
            "de-strike",
            "Lokführer legen Bahnverkehr lahm",
            "Die Gewerkschaft der Lokführer GDL hat am Mittwoch bundesweit zum Streik \
             aufgerufen. Im Fernverkehr der Deutschen Bahn fallen die meisten Züge aus, auch \
             der Regionalverkehr ist stark eingeschränkt. GDL-Chef Claus Weselsky fordert \
             kürzere Arbeitszeiten bei vollem Lohnausgleich. Die Bahn nannte den Ausstand \
             unverhältnismäßig.",
        ),
        (
            "de-quake",
            "Viele Tote nach Erdbeben in der Südtürkei",
            "Nach dem Erdbeben im Süden der Türkei ist die Zahl der Toten gestiegen. In Hatay \
             und Antakya bargen Helfer weitere Opfer aus den Trümmern eingestürzter Häuser. \
             Die Katastrophenschutzbehörde AFAD zählte mehr als vierzig Nachbeben. Erdoğan \
             kündigte Hilfe für die betroffene Provinz an.",
        ),
        (
            "de-strike",
            "Bahnstreik: Züge stehen still",
            "Wegen des Streiks der Lokführergewerkschaft GDL stehen am Mittwoch viele Züge \
             still. Die Deutsche Bahn hat einen Notfahrplan für den Fernverkehr eingerichtet. \
             Weselsky verteidigte den Streik und verlangte eine Absenkung der Arbeitszeit. \
             Fahrgäste müssen sich auf Ausfälle im Regionalverkehr einstellen.",
        ),
        (
            "es-fire",
            "Un incendio forestal obliga a evacuar a mil vecinos en Valencia",
            "Un incendio forestal declarado el martes en la comarca de Los Serranos, en \
             Valencia, ha obligado a evacuar a más de mil vecinos. Los bomberos luchan contra \
             las llamas con la ayuda de hidroaviones. El fuego ya ha quemado unas tres mil \
             hectáreas de monte, según la Generalitat Valenciana.",
        ),
        (
            "es-election",
            "Los socialistas ganan las elecciones en Portugal",
            "El Partido Socialista ganó el domingo las elecciones legislativas en Portugal con \
             mayoría absoluta. El primer ministro António Costa celebró la victoria en Lisboa y \
             prometió estabilidad. La derecha del PSD quedó muy por detrás, y la participación \
             aumentó respecto a los comicios anteriores.",
        ),
        (
            "es-fire",
            "Miles de hectáreas arrasadas por el fuego en Los Serranos",
            "El incendio de Los Serranos, en la provincia de Valencia, sigue sin control y \
             afecta ya a tres mil hectáreas. La Generalitat Valenciana mantiene desalojados a \
             los vecinos de varios pueblos. Los bomberos y los hidroaviones trabajan \
             durante la noche para frenar las llamas.",
        ),
        (
            "es-election",
            "Mayoría absoluta para António Costa",
            "António Costa y el Partido Socialista obtuvieron la mayoría absoluta en las \
             elecciones portuguesas del domingo. Desde Lisboa, Costa agradeció el apoyo de los \
             votantes. El PSD reconoció la derrota tras una campaña muy disputada en \
             Portugal.",
        ),
        (
            "fr-strike",
            "Grève massive contre la réforme des retraites",
            "Des centaines de milliers de manifestants ont défilé jeudi en France contre la \
             réforme des retraites. À Paris, le cortège est parti de la place de la République. \
             Les syndicats, CGT en tête, réclament le retrait du report de l'âge légal à \
             soixante-quatre ans. Les transports étaient très perturbés.",
        ),
        (
            "fr-flood",
            "Inondations dans le Pas-de-Calais : des centaines de maisons évacuées",
            "Des pluies torrentielles ont provoqué des inondations dans le Pas-de-Calais. \
             Plusieurs centaines de maisons ont été évacuées et les pompiers ont secouru des \
             habitants bloqués par les crues de l'Aa. Le préfet a déclenché le plan ORSEC.",
        ),
        (
            "fr-strike",
            "Retraites : la CGT revendique une mobilisation record",
            "La CGT a revendiqué jeudi une mobilisation record contre la réforme des \
             retraites, avec des cortèges dans toute la France. À Paris, les manifestants ont \
             marché de la République vers la Nation. Les syndicats exigent l'abandon du report \
             de l'âge légal à soixante-quatre ans.",
        ),
        (
            "fr-flood",
            "Crues de l'Aa : le Pas-de-Calais sous les eaux",
            "Le Pas-de-Calais fait face à des crues exceptionnelles de l'Aa après des pluies \
             torrentielles. Les pompiers ont mené des centaines d'interventions et évacué des \
             habitants. Le plan ORSEC a été déclenché par le préfet, les maisons inondées se \
             comptent par centaines.",
        ),
    ]
}

#[test]
fn german_spanish_french_cluster_within_language_and_event() {
    let docs = reports();
    let mut c = Clusterer::new(Config::default());
    let mut got: Vec<(&str, u64)> = Vec::new();
    for (i, (event, title, body)) in docs.iter().enumerate() {
        let features = f(title, body);
        assert!(
            features.lang.as_deref() == Some(&event[..2]),
            "{event}: {:?}",
            features.lang
        );
        let a = c.assign(i as u64, &features, DAY);
        assert_eq!(a.duplicate_of, None, "{title}");
        got.push((event, a.story));
    }
    for (e1, s1) in &got {
        for (e2, s2) in &got {
            assert_eq!(
                e1 == e2,
                c.resolve(*s1) == c.resolve(*s2),
                "{e1} vs {e2}: {got:?}"
            );
        }
    }
}

#[test]
fn same_event_in_two_languages_stays_apart() {
    let mut c = Clusterer::new(Config::default());
    let en = f(
        "Strong earthquake hits southern Turkey",
        "A magnitude 6.8 earthquake struck southern Turkey on Monday. Buildings collapsed in \
         Hatay province and rescuers searched the rubble. AFAD reported dozens of aftershocks. \
         President Erdoğan offered condolences.",
    );
    let (_, t, b) = reports()[0];
    let a = c.assign(1, &f(t, b), DAY);
    let b = c.assign(2, &en, DAY);
    assert_ne!(a.story, b.story);
}

fn seed(name: &str) -> Features {
    let path = format!(
        "{}/../extract/tests/fixtures/seeds/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let article = tidings_extract::extract_text_capture(&text, None)
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    analyze(
        article.title.as_deref(),
        &article.paragraphs.join("\n\n"),
        article.language.as_deref(),
    )
}

#[test]
fn the_two_seeds_are_one_story_with_two_outlets() {
    let a = seed("csrjournal-2026-03-05.txt");
    let b = seed("unn-2026-03-05.txt");
    assert!(
        a.entities.iter().any(|e| e.key == "iran"),
        "{:?}",
        a.entities
    );
    let mut c = Clusterer::new(Config::default());
    // Some unrelated stories first, so that the seeds have to find each other.
    for (i, (_, t, body)) in reports().iter().enumerate() {
        c.assign(100 + i as u64, &f(t, body), DAY);
    }
    let x = c.assign(1, &a, DAY);
    let y = c.assign(2, &b, DAY + 3600);
    assert_eq!(c.resolve(x.story), c.resolve(y.story));
    // Two outlets: neither is a copy of the other.
    assert_eq!((x.duplicate_of, y.duplicate_of), (None, None));
}

const WIRE: &str = "The central bank raised its key interest rate by half a percentage point on \
    Wednesday, the largest increase in more than two decades, as policymakers moved to cool \
    inflation that has reached its highest level since the early 1980s. The decision was \
    unanimous. The bank said it expected further increases in the coming months and would \
    begin reducing its holdings of government bonds in June. Markets had widely expected the \
    move, and stocks rose after the announcement. Analysts said the bank was trying to \
    engineer a soft landing without pushing the economy into recession.";

/// The rate rise of [`WIRE`] in other words: the same event, not a copy.
const RATE_RISE: (&str, &str) = (
    "Central bank makes biggest rate rise in 22 years",
    "Policymakers at the central bank voted unanimously on Wednesday for a half-point rise in \
     the key interest rate, the steepest since 2000, to fight inflation running at a 40-year \
     high. They signalled more rises ahead and a shrinking of the bond portfolio from June. \
     Shares gained on the news.",
);

#[test]
fn copies_join_the_original_and_are_marked() {
    let mut c = Clusterer::new(Config::default());
    let original = c.assign(
        1,
        &f("Central bank raises rates by half a point", WIRE),
        DAY,
    );
    let clutter = format!(
        "Advertisement\n{WIRE}\nRead more: Top 10 stories today. Subscribe to our newsletter."
    );
    let copy = c.assign(
        2,
        &f("Central bank lifts rates | Daily Example", &clutter),
        DAY + 60,
    );
    assert_eq!(copy.duplicate_of, Some(1));
    assert_eq!(copy.story, original.story);
    // A copy of the copy still points at the first one.
    let third = c.assign(3, &f("Rates up", WIRE), DAY + 120);
    assert_eq!(third.duplicate_of, Some(1));
    // The same event in other words is not a copy.
    let other = c.assign(4, &f(RATE_RISE.0, RATE_RISE.1), DAY + 300);
    assert_eq!(other.duplicate_of, None);
    assert_eq!(other.story, original.story);
}

#[test]
fn stories_merge_and_the_older_id_stays() {
    let config = Config {
        join_threshold: 0.2,
        merge_threshold: 0.3,
        ..Config::default()
    };
    let mut c = Clusterer::new(config);
    let a = c.assign(
        1,
        &f(
            "Volcano erupts on La Palma",
            "The Cumbre Vieja volcano on La Palma erupted on Sunday, sending lava towards \
             villages. Authorities evacuated five thousand residents from El Paso and Los \
             Llanos.",
        ),
        DAY,
    );
    let b = c.assign(
        2,
        &f(
            "Lava flows reach the sea",
            "Lava from the Cumbre Vieja reached the Atlantic on Tuesday, releasing toxic gases. \
             Scientists monitored the plume near Tazacorte.",
        ),
        DAY,
    );
    assert_ne!(a.story, b.story, "the two reports should start apart");
    let bridge = c.assign(
        3,
        &f(
            "La Palma volcano: lava reaches the sea after eruption",
            "The Cumbre Vieja volcano on La Palma erupted on Sunday and its lava reached the \
             Atlantic on Tuesday near Tazacorte, releasing toxic gases. Five thousand residents \
             of El Paso and Los Llanos were evacuated.",
        ),
        DAY,
    );
    assert_eq!(bridge.story, a.story);
    assert_eq!(bridge.merged, vec![b.story]);
    assert_eq!(c.resolve(b.story), a.story);
}

#[test]
fn rebuild_gives_the_same_decisions() {
    let docs: Vec<Features> = reports().iter().map(|(_, t, b)| f(t, b)).collect();
    let mut live = Clusterer::new(Config::default());
    let assigned: Vec<Assignment> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| live.assign(i as u64, d, DAY))
        .collect();
    let mut rebuilt = Clusterer::rebuild(
        Config::default(),
        docs.iter()
            .zip(&assigned)
            .enumerate()
            .map(|(i, (d, a))| (i as u64, d, DAY, a)),
    );
    let next = f(
        "Erdbeben: Helfer bergen weitere Opfer in Hatay",
        "In der türkischen Provinz Hatay haben Rettungskräfte nach dem Erdbeben weitere Opfer \
         aus den Trümmern geborgen. AFAD meldete neue Nachbeben, Erdoğan versprach Hilfe.",
    );
    let x = live.assign(50, &next, DAY);
    let y = rebuilt.assign(50, &next, DAY);
    assert_eq!(x, y);
    assert_eq!(x.story, assigned[0].story);
    let fresh = rebuilt.assign(51, &f("Something else entirely", "Nothing to see."), DAY);
    assert!(fresh.story > assigned.iter().map(|a| a.story).max().unwrap_or(0));
}

#[test]
fn old_stories_leave_the_window() {
    let mut c = Clusterer::new(Config::default());
    let (_, t, b) = reports()[0];
    let first = c.assign(1, &f(t, b), 0);
    // Push the clock far ahead with unrelated documents, past a sweep.
    for i in 0..1100u64 {
        let body = format!("Filler report number {i} about topic{i} and item{i} in place{i}.");
        c.assign(10 + i, &f(&format!("Filler {i}"), &body), 30 * DAY);
    }
    let (_, t, b) = reports()[2];
    let later = c.assign(2000, &f(t, b), 30 * DAY);
    assert_ne!(later.story, first.story);
    assert!(c.stats().live_stories < 1200);
}

#[test]
fn empty_and_odd_documents() {
    let mut c = Clusterer::new(Config::default());
    let a = c.assign(1, &analyze(None, "", None), 0);
    let b = c.assign(2, &analyze(None, "", None), 0);
    assert_ne!(a.story, b.story);
    let _ = c.assign(3, &analyze(Some("!!!"), "... —", None), i64::MIN);
    let _ = c.assign(4, &analyze(Some("x"), "y", None), i64::MAX);
}

/// Two different earthquakes, two reports of each: the look-alike events share their topic
/// words (earthquake, magnitude, rescuers, collapsed buildings) but not their places, days
/// or people.
#[test]
fn look_alike_events_stay_apart_and_reports_of_one_join() {
    let docs = [
        (
            "chile",
            "Strong earthquake shakes northern Chile",
            "A magnitude 7.1 earthquake struck northern Chile on Tuesday, collapsing houses in \
             Iquique and Arica and killing at least four people. Chile's emergency office said \
             rescuers were searching the rubble in Iquique. President Bachelet flew to Iquique \
             and declared a disaster zone in the Tarapaca region. The quake cut power to \
             thousands of homes in Iquique and Arica, and a tsunami warning was lifted hours \
             later.",
        ),
        (
            "nepal",
            "Earthquake kills dozens in western Nepal",
            "A magnitude 6.4 earthquake hit western Nepal on Saturday, killing at least 38 \
             people in the Jajarkot district. Rescuers dug through collapsed houses in \
             Jajarkot and Rukum overnight. Prime Minister Dahal flew to Jajarkot with army \
             medics. Nepal's home ministry said the earthquake destroyed hundreds of homes in \
             Jajarkot and cut roads to the district, and aftershocks kept families outdoors.",
        ),
        (
            "chile",
            "Chile quake: four dead in Iquique",
            "Four people died when a powerful earthquake of magnitude 7.1 shook northern Chile \
             on Tuesday night. In Iquique, rescuers pulled survivors from collapsed houses, and \
             Arica lost power. Bachelet visited Iquique on Wednesday and declared the Tarapaca \
             region a disaster zone. Chile lifted its tsunami warning after a few hours.",
        ),
        (
            "nepal",
            "Nepal earthquake death toll rises to 38",
            "The death toll from Saturday's earthquake in western Nepal rose to 38, officials \
             in Jajarkot said. The 6.4 magnitude quake flattened houses across Jajarkot and \
             Rukum, and rescuers worked through the night. Dahal, Nepal's prime minister, \
             visited Jajarkot and ordered the army to help. Aftershocks kept families in Nepal \
             sleeping outdoors.",
        ),
    ];
    let mut c = Clusterer::new(Config::default());
    let stories: Vec<u64> = docs
        .iter()
        .enumerate()
        .map(|(n, (_, title, body))| c.assign(n as u64, &f(title, body), 0).story)
        .collect();
    let stories: Vec<u64> = stories.iter().map(|&s| c.resolve(s)).collect();
    assert_eq!(stories[0], stories[2], "two reports of the Chile quake");
    assert_eq!(stories[1], stories[3], "two reports of the Nepal quake");
    assert_ne!(stories[0], stories[1], "two different earthquakes");
}

/// The veto: two reports of one boxer's two different fights share the champion and the
/// sport, but each names its own opponent; a third report of the first fight joins it.
#[test]
fn different_protagonists_veto_a_join() {
    let first = f(
        "Klitschko stops Thompson in Bern",
        "Wladimir Klitschko stopped Tony Thompson in the sixth round in Bern to keep his \
         heavyweight title belts. Thompson went down twice before the referee stopped the \
         fight. Thompson, the American challenger, said Klitschko was too strong. \
         A sell-out crowd at the football stadium watched the Ukrainian control every \
         round with his jab. Promoters said a rematch was unlikely and hinted at a \
         unification bout next spring. Trainer Emanuel Steward praised the patience of \
         his fighter after the win.",
    );
    let second = f(
        "Klitschko stops Rahman in Mannheim",
        "Wladimir Klitschko retained his heavyweight title belts with a seventh-round \
         stoppage of Hasim Rahman in Mannheim. Rahman barely threw a punch before the \
         referee stopped the fight. Rahman, the former champion, said Klitschko was too strong. \
         A sell-out crowd at the indoor arena watched the Ukrainian control every round \
         with his jab. Promoters said a rematch was unlikely and hinted at a unification \
         bout next spring. Trainer Emanuel Steward praised the patience of his fighter \
         after the win.",
    );
    let third = f(
        "Thompson no match for Klitschko",
        "Tony Thompson was no match for Wladimir Klitschko in Bern, where the champion \
         stopped the American in the sixth round. Thompson was knocked down twice. \
         Thompson, aged 40, had hoped to avenge his defeat of four years ago, but his \
         corner saw him struggle from the opening bell. The Swiss crowd cheered the \
         champion, who dedicated the win to his brother. Thompson said he would think \
         about his future.",
    );
    let mut c = Clusterer::new(Config::default());
    let a = c.assign(1, &first, 0).story;
    let b = c.assign(2, &second, 0).story;
    let d = c.assign(3, &third, 0).story;
    assert_ne!(c.resolve(a), c.resolve(b));
    assert_eq!(c.resolve(a), c.resolve(d));
}

/// Headline-only documents (a title and a line) of one event join at the short threshold.
#[test]
fn short_reports_of_one_event_join() {
    let docs = [
        (
            "Gunman kills three at Oslo shopping centre",
            "A gunman opened fire in an Oslo shopping centre on Friday, killing three people.",
        ),
        (
            "Three dead in Oslo mall shooting",
            "Police in Oslo said three people were shot dead at a shopping centre on Friday.",
        ),
    ];
    let mut c = Clusterer::new(Config::default());
    let s: Vec<u64> = docs
        .iter()
        .enumerate()
        .map(|(n, (t, b))| c.assign(n as u64, &f(t, b), 0).story)
        .collect();
    assert_eq!(c.resolve(s[0]), c.resolve(s[1]));
}

/// A look-alike report (another hijacking, other numbers and
/// dates) stays apart, and a report of the same hijacking with the same figures joins.
#[test]
fn numbers_and_dates_tell_look_alike_events_apart() {
    let first = f(
        "Somali pirates seize tanker in the Gulf of Aden",
        "Somali pirates seized an oil tanker with 23 crew in the Gulf of Aden on Tuesday, \
         March 3, 2009, the navy said. The pirates, armed with rifles, boarded the tanker \
         from two speedboats. The 23 sailors are unharmed, the shipping company said.",
    );
    let look_alike = f(
        "Somali pirates hijack tanker off Somalia",
        "Somali pirates hijacked an oil tanker with 26 crew in the Gulf of Aden on Saturday, \
         November 14, 2011, the navy said. The pirates boarded the tanker from three skiffs. \
         The 26 sailors are being held, the shipping company said.",
    );
    let same = f(
        "Pirates take tanker and 23 sailors",
        "An oil tanker and its 23 crew were seized by Somali pirates in the Gulf of Aden on \
         Tuesday, March 3, 2009. The shipping company said the 23 sailors were unharmed \
         after the pirates boarded from speedboats.",
    );
    let on = Config::default();
    let mut c = Clusterer::new(on);
    let a = c.assign(1, &first, 0).story;
    let b = c.assign(2, &look_alike, 0).story;
    assert_ne!(c.resolve(a), c.resolve(b));
    let mut c = Clusterer::new(Config {
        conflict_max_docs: 0,
        ..c.config().clone()
    });
    let a = c.assign(1, &first, 0).story;
    let d = c.assign(2, &same, 0).story;
    assert_eq!(c.resolve(a), c.resolve(d));
    // Without the conflicts the look-alike joins: the test shows what they add.
    let mut c = Clusterer::new(Config {
        conflict_years: 1.0,
        conflict_months: 1.0,
        conflict_weekdays: 1.0,
        conflict_counts: 1.0,
        ..Config::default()
    });
    let a = c.assign(1, &first, 0).story;
    let b = c.assign(2, &look_alike, 0).story;
    assert_eq!(
        c.resolve(a),
        c.resolve(b),
        "look-alike no longer joins by default"
    );
}

/// A report of the same hijacking with other dates (a reporter's mistake) opens a story of its own (a
/// fact conflict with a one-document story), remembering the story it split from; a later
/// report without conflicting facts that matches both merges them back
/// (`Config::rejoin_threshold`), and the assignment says so in `merged`.
#[test]
fn split_off_twin_rejoins() {
    let first = f(
        "Somali pirates seize tanker in the Gulf of Aden",
        "Somali pirates seized an oil tanker with 23 crew in the Gulf of Aden on Tuesday, \
         March 3, 2009, the navy said. The pirates, armed with rifles, boarded the tanker \
         from two speedboats. The 23 sailors are unharmed, the shipping company said.",
    );
    let split = f(
        "Somali pirates seize tanker in the Gulf of Aden, navy says",
        "The navy said on Wednesday, April 8, 2010, that Somali pirates seized an oil tanker \
         with 23 crew in the Gulf of Aden. The pirates, armed with rifles, boarded the tanker from two \
         speedboats. The sailors are unharmed, the shipping company said.",
    );
    let linking = f(
        "Pirates seize tanker and 23 sailors in the Gulf of Aden",
        "Somali pirates armed with rifles seized an oil tanker with 23 crew in the Gulf of \
         Aden, the navy said. The pirates boarded the tanker from two \
         speedboats; the 23 sailors are unharmed, the shipping company said.",
    );
    let config = Config {
        rejoin_threshold: 0.2,
        rejoin_needs_agreement: true,
        // Ordinary merges off: the merge must come from the rejoin.
        merge_threshold: 2.0,
        ..Config::default()
    };
    let mut c = Clusterer::new(config);
    let a = c.assign(1, &first, 0).story;
    let b = c.assign(2, &split, 0).story;
    assert_ne!(
        a, b,
        "the date conflicts no longer split: the test needs another"
    );
    let third = c.assign(3, &linking, 0);
    assert_eq!(c.resolve(a), c.resolve(b));
    assert_eq!(third.story, a);
    assert_eq!(third.merged, vec![b]);
}

#[test]
fn a_person_named_in_full_and_by_last_name_links_two_reports() {
    // The second report never writes the first name: only the entity vector's last-name key
    // ties "Jamal Williams" to "Williams".
    let first = f(
        "Chargers lineman Jamal Williams arrested",
        "San Diego Chargers defensive tackle Jamal Williams was arrested early Sunday on \
         suspicion of drunken driving, the California Highway Patrol said. Jamal Williams was \
         booked into county jail and later released on bail.",
    );
    let second = f(
        "Williams held overnight",
        "Williams spent a night in custody before posting bail, officers told reporters. \
         Prosecutors have not yet decided whether Williams will face charges, a spokesman \
         added.",
    );
    let together = |by_last_name: bool| {
        let mut c = Clusterer::new(Config {
            people_by_last_name: by_last_name,
            ..Config::default()
        });
        let a = c.assign(1, &first, 0);
        let b = c.assign(2, &second, 3_600);
        a.story == b.story
    };
    assert!(together(true), "the last name should link the reports");
    assert!(
        !together(false),
        "without it the two wordings share too little"
    );
}

#[test]
fn a_story_holding_two_look_alike_events_splits_along_them() {
    let (topic, bern, hamburg) = (KLITSCHKO, BERN, HAMBURG);
    let a = event_reports(&bern, &topic, 7, 3, None);
    let b = event_reports(&hamburg, &topic, 7, 3, None);
    // The second event's first report comes early, when the first event's story is young.
    let mut stream: Vec<(char, &(String, String))> = vec![('a', &a[0]), ('a', &a[1])];
    for i in 0..7 {
        stream.push(('b', &b[i]));
        if i + 2 < 7 {
            stream.push(('a', &a[i + 2]));
        }
    }
    // `year`: every headline names it (both events' leads then agree on it).
    let run_dated = |config: Config, year: &str| {
        let mut c = Clusterer::new(config);
        let mut story: Vec<u64> = Vec::new();
        let mut splits = 0;
        for (n, (_, (title, body))) in stream.iter().enumerate() {
            let got = c.assign(n as u64, &f(&format!("{title} {year}"), body), 0);
            if let Some(split) = &got.split {
                splits += 1;
                assert!(split.docs.contains(&(n as u64)) == (got.story == split.into));
                for &d in &split.docs {
                    story[d as usize] = split.into;
                }
            }
            story.push(got.story);
        }
        let story: Vec<u64> = story.iter().map(|&s| c.resolve(s)).collect();
        (story, splits)
    };
    let run = |config: Config| run_dated(config, "");
    let of = |story: &[u64], event: char| -> std::collections::BTreeSet<u64> {
        stream
            .iter()
            .zip(story)
            .filter(|((e, _), _)| *e == event)
            .map(|(_, &s)| s)
            .collect()
    };
    // Joins made easy (a low threshold, no veto) stand for the early wrong join: without
    // splits the first report of the second event joins the first's story and pulls its
    // event in.
    let loose = Config {
        join_threshold: 0.05,
        short_join_threshold: 0.05,
        conflict_veto: false,
        ..Config::default()
    };
    let (whole, splits) = run(Config {
        split_min_docs: 0,
        ..loose.clone()
    });
    assert_eq!(splits, 0);
    assert!(
        !of(&whole, 'a').is_disjoint(&of(&whole, 'b')),
        "the test needs the two events to mix without splits: {whole:?}"
    );
    // With splits, the story splits once it has grown, and each event has its own (checks
    // from 8 documents rather than the default 12, to keep the test short).
    let (split, splits) = run(Config {
        split_min_docs: 8,
        ..loose.clone()
    });
    assert!(splits >= 1);
    let (sa, sb) = (of(&split, 'a'), of(&split, 'b'));
    assert_eq!(sa.len(), 1, "{split:?}");
    assert_eq!(sb.len(), 1, "{split:?}");
    assert_ne!(sa, sb);
    // The story that was split keeps its id: the first event's, which came first.
    assert_eq!(sa.first(), Some(&whole[0]));
    // Look-alike events happen at different times: when both groups' leads agree on the
    // year, the story is one event told two ways and stays whole (unless that rule is off).
    let (_, splits) = run_dated(
        Config {
            split_min_docs: 8,
            ..loose.clone()
        },
        "(2012)",
    );
    assert_eq!(splits, 0);
    let (_, splits) = run_dated(
        Config {
            split_min_docs: 8,
            split_keeps_one_year: false,
            ..loose
        },
        "(2012)",
    );
    assert!(splits >= 1);
}

#[test]
fn a_story_of_one_event_is_not_split() {
    let topic = [
        "Wladimir Klitschko defended his heavyweight titles with a knockout win.",
        "The Ukrainian champion keeps the WBA, IBF and WBO belts after the fight.",
        "Klitschko extended his unbeaten run as heavyweight champion with the knockout.",
    ];
    let bern = [
        "Klitschko stopped Tony Thompson in the sixth round in Bern.",
        "Thompson, the American southpaw, was dropped twice at the Stade de Suisse.",
        "Referee Sam Williams stopped the fight in Bern after a standing count for Thompson.",
        "A crowd of 22,000 watched in Bern as Thompson was beaten for the second time.",
        "Thompson, aged 40, fell to 36-3 after the loss in Switzerland.",
        "Emanuel Steward, Klitschko's trainer, said Thompson was hard to hit in Bern.",
        "Thompson had been the mandatory challenger nominated by the IBF for Bern.",
        "Thompson was cut over the left eye in the fourth round in Bern.",
        "Klitschko landed a big right hand on Thompson late in the fifth round.",
        "Thompson said after the fight in Bern that he would consider retiring.",
        "Fans in Bern sang happy birthday to Steward after Thompson's defeat.",
        "Thompson had lasted eleven rounds against Klitschko in their first fight in 2008.",
    ];
    let mut c = Clusterer::new(Config {
        split_min_docs: 8,
        ..Config::default()
    });
    let mut stories = std::collections::BTreeSet::new();
    let mut members = 0;
    for (n, (title, body)) in event_reports(&bern, &topic, 12, 2, Some(0))
        .iter()
        .enumerate()
    {
        let got = c.assign(n as u64, &f(title, body), 0);
        assert_eq!(got.split, None);
        members += usize::from(got.duplicate_of.is_none());
        stories.insert(c.resolve(got.story));
    }
    assert_eq!(stories.len(), 1);
    // Enough distinct reports (not copies) for the split check to have run.
    assert!(members >= 8, "{members}");
}

#[test]
fn a_renumbered_story_keeps_its_reports_copies_and_candidates() {
    let mut c = Clusterer::new(Config::default());
    let first = c.next_story_id();
    let original = c.assign(
        1,
        &f("Central bank raises rates by half a point", WIRE),
        DAY,
    );
    assert_eq!(original.story, first);
    // The store handed out another id (another process took some meanwhile).
    assert!(c.renumber(first, 40));
    assert!(!c.renumber(first, 41), "the old id is gone");
    let copy = c.assign(2, &f("Rates up", WIRE), DAY + 60);
    assert_eq!((copy.story, copy.duplicate_of), (40, Some(1)));
    let other = c.assign(3, &f(RATE_RISE.0, RATE_RISE.1), DAY + 300);
    assert_eq!(other.story, 40);
    // New stories come after the id it took.
    let unrelated = c.assign(
        4,
        &f(
            "Local club wins the cup final after extra time",
            "The local football club won the cup final on Saturday after a goal in extra \
             time, its first trophy in twenty years. Thousands of fans celebrated.",
        ),
        DAY + 400,
    );
    assert_eq!(unrelated.story, 41);
    // An id in use is refused, and nothing changes.
    assert!(!c.renumber(41, 40));
    assert_eq!(c.resolve(41), 41);
}

/// Runs a stream of (event, (title, body)) through a clusterer, then its end-of-batch
/// re-placement pass; returns each document's story (after splits, moves and merges) and
/// every re-placement reported.
fn run_to_the_end(
    config: Config,
    stream: &[(char, (String, String))],
) -> (Vec<(char, u64)>, Vec<tidings_cluster::Regroup>) {
    let mut c = Clusterer::new(config);
    let mut stories = BatchStories::new();
    let mut regroups = Vec::new();
    for (n, (_, (title, body))) in stream.iter().enumerate() {
        let got = c.assign(n as u64, &f(title, body), 0);
        stories.push(&got);
        regroups.extend(got.regroup);
    }
    let last = c.refine();
    stories.regroup(&last);
    regroups.push(last);
    regroups.retain(|r| !r.is_empty());
    let labels = stream
        .iter()
        .enumerate()
        .map(|(n, (event, _))| (*event, stories.story(n, &c).expect("recorded")))
        .collect();
    (labels, regroups)
}

/// The stories each event's documents ended up in.
fn stories_of(labels: &[(char, u64)], event: char) -> std::collections::BTreeSet<u64> {
    labels
        .iter()
        .filter(|(e, _)| *e == event)
        .map(|&(_, s)| s)
        .collect()
}

#[test]
fn a_report_placed_before_its_event_had_a_story_moves_to_it() {
    // One title defence's reports, then the other's: the fourth report of the second fight
    // finds the first fight's story closer than the young story of its own fight.
    let stream = two_defences();
    let off = Config {
        refine_every: 0,
        ..Config::default()
    };
    let (labels, regroups) = run_to_the_end(off, &stream);
    assert!(regroups.is_empty());
    assert_eq!(stories_of(&labels, 'h').len(), 1, "{labels:?}");
    assert!(
        !stories_of(&labels, 'h').is_disjoint(&stories_of(&labels, 'b')),
        "the test needs a report of the second fight in the first's story: {labels:?}"
    );
    let (labels, regroups) = run_to_the_end(Config::default(), &stream);
    let (h, b) = (stories_of(&labels, 'h'), stories_of(&labels, 'b'));
    assert_eq!((h.len(), b.len()), (1, 1), "{labels:?}");
    assert_ne!(h, b);
    // That one report moved, from the first fight's story to the second's.
    let moves: Vec<_> = regroups.iter().flat_map(|r| r.moves.clone()).collect();
    assert_eq!(moves.len(), 1, "{regroups:?}");
    assert_eq!(
        (moves[0].from, moves[0].into),
        (*h.first().unwrap(), *b.first().unwrap())
    );
    assert_eq!(moves[0].docs.len(), 1);
    assert_eq!(labels[moves[0].docs[0] as usize].0, 'b');
}

#[test]
fn a_lone_report_whose_event_grew_elsewhere_folds_into_it() {
    // A short report of the second fight comes first and opens a story; most of its fight's
    // later reports open another one. The pass folds the two, keeping the older id.
    let lone = (
        "Tony Thompson".to_string(),
        format!("{} {}", BERN[4], BERN[6]),
    );
    let stream: Vec<(char, (String, String))> =
        std::iter::once(('b', lone)).chain(two_defences()).collect();
    let off = Config {
        refine_every: 0,
        ..Config::default()
    };
    let (labels, _) = run_to_the_end(off, &stream);
    assert!(
        stories_of(&labels, 'b').len() > 1,
        "the test needs the second fight in two stories: {labels:?}"
    );
    let (labels, regroups) = run_to_the_end(Config::default(), &stream);
    let (h, b) = (stories_of(&labels, 'h'), stories_of(&labels, 'b'));
    assert_eq!((h.len(), b.len()), (1, 1), "{labels:?}");
    assert_ne!(h, b);
    // The lone report's story came first: its id is the one kept.
    assert_eq!(b.first(), Some(&labels[0].1));
    let merged: Vec<(u64, u64)> = regroups.iter().flat_map(|r| r.merged.clone()).collect();
    assert_eq!(merged.len(), 1, "{regroups:?}");
    assert_eq!(merged[0].1, labels[0].1);
}
