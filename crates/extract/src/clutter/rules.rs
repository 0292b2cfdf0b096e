//! One line (or one paragraph) at a time: is it news-page clutter?
//!
//! Every rule asks for the line to be short and promo-shaped, or to match strongly, so that a
//! real paragraph that merely mentions an app, a newsletter or cookies survives.

use std::sync::LazyLock;

use regex::Regex;

use super::shape::{ends_sentence, is_headline_shaped, is_prose, normalize, word_count};

/// A regular expression built once; `None` only if the constant pattern were invalid (a unit
/// test checks that none is).
type Re = LazyLock<Option<Regex>>;

fn matches(re: &Re, text: &str) -> bool {
    re.as_ref().is_some_and(|r| r.is_match(text))
}

macro_rules! re {
    ($name:ident, $pattern:expr) => {
        static $name: Re = LazyLock::new(|| Regex::new($pattern).ok());
    };
}

/// Why a line is clutter (for tests and debugging).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clutter {
    /// App-store / play-store badges and their alt texts.
    StoreBadge,
    /// A line that is mostly a link to an app store.
    StoreLink,
    /// "Download our app" promotions.
    AppPromo,
    /// Newsletter and subscription prompts.
    Subscribe,
    /// Share and follow buttons.
    Social,
    /// "Related: …", "Read more: …" one-line teasers.
    Teaser,
    /// A related-article headline with its date and view count, or a bare view counter.
    Views,
    /// Price tickers and date stamps without text.
    Ticker,
    /// "Advertisement" and similar labels.
    Advert,
    /// Cookie notices.
    Cookies,
    /// Copyright and licence lines ("© 2020 Example Inc. All Rights Reserved").
    Copyright,
    /// Comment counters and placeholders ("Kommentare insgesamt: 0", "No comments").
    Comments,
    /// A field label with at most a word or two ("Kategorie: News", "Veröffentlichung:").
    Label,
    /// Photo credits and figure labels ("Photo: A. Person", "Bild: dpa", "Abbildung 4: …").
    Credit,
}

/// Labels that are clutter whenever they are a whole line.
const LABELS: &[&str] = &[
    "advertisement",
    "advertising",
    "advert",
    "ad",
    "ads",
    "sponsored",
    "sponsored content",
    "paid content",
    "promoted",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
    "pubblicità",
    "реклама",
    "scroll to continue",
    "scroll to continue with content",
    "continue reading below",
    "story continues below",
    "article continues below",
    "skip advertisement",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share article",
    "share story",
    "tweet",
    "email",
    "print",
    "copy link",
    "link copied",
    "comments",
    "leave a comment",
    "teilen",
    "artikel teilen",
    "partager",
    "partager cet article",
    "compartir",
    "compartir artículo",
    "condividi",
    "поділитися",
    "поделиться",
    "diesen artikel teilen",
    "beitrag teilen",
    "teilen mit",
    "möchten sie den artikel teilen?",
    "war der artikel nützlich?",
    "artikel drucken",
    "drucken",
    "rezept drucken",
    "drukuj",
    "permalien",
    "permalink",
    "zurück",
    "bild anzeigen",
    "wird geladen",
    "keine kommentare",
    "kommentare",
    "kommentar schreiben",
    "(noch keine bewertungen)",
    "noch keine bewertungen",
    "bewerten",
    "tipp favorisieren",
    "inhaltsverzeichnis",
    "weiterlesen",
    "pdf",
    "back to top",
    "nach oben",
    "zum seitenanfang",
    "dowiedz się więcej",
    "czytaj więcej",
];

/// Headers of link blocks ("Latest News", "Related"): the header and the list after it go.
const BLOCK_HEADERS: &[&str] = &[
    "latest",
    "latest news",
    "latest stories",
    "latest articles",
    "latest videos",
    "news feed",
    "popular",
    "most popular",
    "popular news",
    "popular now",
    "popular videos",
    "popular articles",
    "popular stories",
    "most read",
    "most viewed",
    "most shared",
    "trending",
    "trending now",
    "trending stories",
    "read more",
    "read also",
    "also read",
    "read next",
    "see also",
    "related",
    "related news",
    "related articles",
    "related stories",
    "related posts",
    "related content",
    "related topics",
    "recommended",
    "recommended for you",
    "recommended stories",
    "you may also like",
    "you might also like",
    "you may be interested in",
    "more stories",
    "more news",
    "more on this story",
    "top stories",
    "top news",
    "editor's picks",
    "editors' picks",
    "don't miss",
    "must read",
    "in other news",
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "les plus lus",
    "sur le même sujet",
    "voir aussi",
    "dernières nouvelles",
    "lea también",
    "lee también",
    "te puede interesar",
    "más leídas",
    "lo más leído",
    "noticias relacionadas",
    "últimas noticias",
    "mehr zum thema",
    "auch interessant",
    "meistgelesen",
    "das könnte sie auch interessieren",
    "weitere artikel",
    "neueste artikel",
    "leggi anche",
    "più letti",
    "articoli correlati",
    "ultime notizie",
    "читайте також",
    "популярне",
    "останні новини",
    "читайте также",
    "популярное",
    "последние новости",
    "das könnte dich auch interessieren",
    "das thema könnte dich auch interessieren",
    "das könnte dich interessieren",
    "empfohlene beiträge",
    "ähnliche beiträge",
    "ähnliche artikel",
    "verwandte artikel",
    "weitere beiträge",
    "weitere beiträge aus der kolumne",
    "mehr themen",
    "siehe auch",
    "lesen sie auch",
    "lesen sie auch die folgenden beiträge",
    "über den autor",
    "über die autorin",
    "about the author",
    "teilnehmende blogs",
    "czytaj też",
    "czytaj także",
    "zobacz też",
    "zobacz także",
    "leia também",
    "quellenangaben",
    "weitere informationen",
    "kontakt",
];

re!(
    BADGE,
    r"(?i)^(?:(?:apple[- ]?)?app[- ]?store|play[- ]?store|google[- ]?play|appgallery|huawei appgallery)(?:[- _]?(?:logo|badge|icon|button|img|image|link))?s?$"
);
re!(
    BADGE_TEXT,
    r"(?i)^(?:download on|available on|get it on|download it on|explore it on|disponible (?:sur|en|dans)|téléchargez dans|jetzt bei|laden im|consíguelo en|descárgalo en|disponibile su|scarica su)\s+(?:the\s+|l'|le\s+|el\s+)?(?:app\s?store|google play|play store|appgallery)\.?$"
);
re!(
    STORE_URL,
    r"(?i)\b(?:apps\.apple\.com|itunes\.apple\.com|play\.google\.com|appgallery\.huawei\.com|apps\.microsoft\.com)\b"
);
re!(URL, r"(?i)\b(?:https?://|www\.)\S+");
re!(
    APP_NOUN,
    r"(?i)\b(?:apps?|mobile app|application|app store|google play|play store|appli|aplicación|anwendung)\b"
);
re!(
    IMPERATIVE_DOWNLOAD,
    r"(?i)(?:^|[.!?]\s+)(?:download|install|get|try|téléchargez|télécharger|descarga|descargue|descárgate|laden sie|installieren sie|holen sie sich|scarica|завантажуйте|скачайте)\b"
);
re!(
    PROMO_TONE,
    r"(?i)!|\b(?:you|your|our|free|now|today|stay|no ads|the way you like|instantly|notre|votre|nuestra|tu|unsere|ihre|nostra)\b"
);
re!(
    SUBSCRIBE_START,
    r"(?i)^(?:sign up|signup|subscribe|register|join|get|receive|never miss|don't miss|stay (?:informed|updated|up to date)|enter your email)\b"
);
re!(
    SUBSCRIBE_NOUN,
    r"(?i)\b(?:newsletters?|inbox|briefings?|alerts|daily digest|our channel|telegram|whatsapp|premium|unlimited access|full access|subscription|subscribers?|email)\b"
);
re!(
    SUBSCRIBE_ALONE,
    r"(?i)^subscribe(?: now| today| here| for free)?[.!]?$"
);
re!(
    SUBSCRIBE_OTHER,
    r"(?i)\b(?:newsletter abonnieren|jetzt abonnieren|abonnez-vous|inscrivez-vous|suscríbete|suscríbase|iscriviti|підпишіться|подпишитесь|abonnieren sie)\b"
);
re!(
    SHARE,
    r"(?i)^(?:share|tweet|post|pin|send|email)(?: (?:this|the))?(?: (?:article|story|post|page|link))?(?: (?:on|via|to|with) [\w .+]{1,30})?[.!:]?$"
);
re!(
    FOLLOW,
    r"(?i)^(?:follow us|join us|find us|like us|follow (?:[\w@.]+ ){0,3}on (?:facebook|twitter|x|instagram|telegram|whatsapp|youtube|tiktok|linkedin|google news|threads|bluesky|mastodon|viber)|folgen sie uns|suivez-nous|rejoignez-nous|síguenos|seguici|stežte|підписуйтесь|подписывайтесь|читайте нас)\b"
);
re!(
    TEASER,
    r"(?i)^(?:related|read more|read also|also read|see also|more|watch|listen|recommended|read next|editor'?s pick|lire aussi|à lire aussi|a lire aussi|voir aussi|lea también|lee también|ver también|mehr zum thema|auch interessant|lesen sie auch|lesen sie mehr|mehr dazu|siehe auch|weiterlesen|czytaj (?:też|także|również)|zobacz (?:też|także|również)|dowiedz się więcej|przeczytaj (?:też|także)|leia também|leggi anche|читайте також|читайте также)\s*[:：|»›>]\s*(.+)$"
);
re!(
    COPYRIGHT,
    r"(?i)©|\(c\)\s*\d{4}|[/|]\s*\(c\)|\bcopyright\b|\ball rights reserved\b|\balle rechte vorbehalten\b|\btous droits réservés\b|\btodos los derechos reservados\b|\bcc[- ]by\b|\bcreative commons\b"
);
re!(
    CREDIT,
    r"(?i)^\(?(?:(?:©|fotos?|photos?|bild|bilder|titelbild|beitragsbild|headerbild|credits?|crédits?(?: photos?)?|image|abbildung(?: \d+)?|abb\.(?: \d+)?|fig\.?(?: \d+)?|figure(?: \d+)?|screenshot|quelle|source|fuente|źródło)\s*[:/]|(?:photograph|photo|foto|bild|image) (?:by|von)\b)"
);
re!(
    COMMENT_COUNT,
    r"(?i)^(?:keine|no|\d+)?\s*(?:kommentare?|comments?|commentaires?|comentarios?|komentarz[ey]?|antworten|responses?)\b(?:\s+insgesamt)?\s*:?\s*(?:\d+|\(.*\))?$"
);
re!(
    FOLLOW_ON,
    r"(?i)^(?:siguenos|síguenos|síganos|siga-nos|suivez|folgen sie|folge uns|follow)\b.{0,80}\b(?:facebook|twitter|instagram|telegram|whatsapp|youtube|tiktok|linkedin)\b"
);
re!(
    CAPTION_CREDIT,
    r"(?i)(?:\b(?:foto|fotos|photo|bild|credit|crédito)\s*:\s*[^.:!?]{2,40}|\([^()]{0,60}\b(?:istock|getty|shutterstock|dpa|afp|reuters|imago|picture[- ]alliance)\b[^()]{0,40}\))$"
);
re!(
    ADVERT_NOTE,
    r"(?i)^\*?(?:werbung|anzeige|advertorial|sponsored)\b\s*[.,:|-]|\benthält (?:werbung|affiliate[- ]links)\b|\bcontains (?:affiliate links|references to products)\b"
);
re!(
    FIELD_LABEL,
    r"(?i)^(?:kategorie|kategorien|category|categories|rubrik|veröffentlichung|originalartikel|schlagworte|themen)\s*:\s*(?:\S+(?:\s+\S+){0,2})?$"
);
re!(
    VIEWS_TAIL,
    r"(?i)(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,?\s*\d{1,2}:\d{2})?|\d{1,2}:\d{2})?\s*[•·|]?\s*\d[\d.,\s]*[km]?\s+(?:views?|reads|просмотр\w*|перегляд\w*|vues?|visitas|vistas|aufrufe|visualizzazioni)\s*$"
);
re!(
    VIEWS_LABEL,
    r"(?i)^(?:views?|просмотры|перегляди|vues)\s*:?\s*\d[\d.,\s]*[km]?$"
);
re!(MONEY, r"[$€£¥₴₽]\s?\d|\d\s?[$€£¥₴₽]");
re!(ISO_DATE, r"\d{4}-\d{2}-\d{2}");
re!(
    COOKIE,
    r"(?i)\b(?:cookies?|galletas|cookie-einstellungen)\b"
);
re!(
    COOKIE_STRONG,
    r"(?i)\b(?:we use|this (?:web)?site uses|uses cookies|accept (?:all )?cookies|cookie (?:policy|settings|preferences|consent)|by continuing|manage (?:your )?(?:preferences|consent|cookies)|wir verwenden|nous utilisons|utilizamos|este sitio (?:web )?usa|utilizziamo)\b"
);

/// Lower-cased line without trailing `:`, arrows and white space, for label lookups.
fn label_key(line: &str) -> String {
    normalize(line)
        .trim_end_matches([':', '›', '»', '>', '→', '.', ' ', '|'])
        .trim_start_matches(['#', '•', '·', ' '])
        .to_lowercase()
        .replace('\u{2019}', "'")
}

/// True when the line is the header of a block of links ("Latest News", "Popular Videos",
/// "Read more", "Related", "Lire aussi", …). What follows it, while it is a list of headlines,
/// is clutter too ([`super::clean_blocks`] handles that).
pub fn is_block_header(line: &str) -> bool {
    if word_count(line) > 8 {
        return false;
    }
    let key = label_key(line);
    BLOCK_HEADERS.contains(&key.as_str())
        || (key.starts_with("more from ") && word_count(&key) <= 5)
}

/// Classifies one line; `None` means it is not clutter (it may still be metadata or a header).
pub fn classify(line: &str) -> Option<Clutter> {
    let line = normalize(line);
    if line.is_empty() {
        return None;
    }
    let words = word_count(&line);
    if words > 80 {
        // No rule takes a line this long: it is running text.
        return None;
    }
    if words <= 8 {
        let key = label_key(&line);
        if matches(&BADGE, &key) || matches(&BADGE_TEXT, &line) {
            return Some(Clutter::StoreBadge);
        }
        if LABELS.contains(&key.as_str()) {
            return Some(if key.contains("share") || key.contains("tweet") {
                Clutter::Social
            } else {
                Clutter::Advert
            });
        }
    }
    // Cheap gates before the (Unicode-aware, so slower) patterns.
    let lower = line.to_lowercase();
    let has = |needles: &[&str]| needles.iter().any(|n| lower.contains(n));
    let has_digit = line.chars().any(|c| c.is_ascii_digit());

    if has(&[
        "apps.apple.com",
        "itunes.apple.com",
        "play.google.com",
        "appgallery.huawei",
        "apps.microsoft.com",
    ]) && matches(&STORE_URL, &line)
    {
        let rest = URL.as_ref().map_or_else(
            || line.to_string(),
            |r| r.replace_all(&line, " ").into_owned(),
        );
        if word_count(&rest) <= 12 {
            return Some(Clutter::StoreLink);
        }
    }
    if has(&[
        "app",
        "anwendung",
        "aplicación",
        "google play",
        "play store",
    ]) && matches(&APP_NOUN, &line)
        && matches(&IMPERATIVE_DOWNLOAD, &line)
        && matches(&PROMO_TONE, &line)
    {
        return Some(Clutter::AppPromo);
    }
    if words <= 60
        && has(&["cookie", "galletas"])
        && matches(&COOKIE, &line)
        && matches(&COOKIE_STRONG, &line)
        && matches(&PROMO_TONE, &line)
    {
        return Some(Clutter::Cookies);
    }
    if words > 34 {
        // The remaining rules are for short lines.
        return None;
    }
    let first = lower.split_whitespace().next().unwrap_or("");
    let starts = |verbs: &[&str]| verbs.contains(&first);
    let prompt_start = starts(&[
        "sign",
        "signup",
        "subscribe",
        "register",
        "join",
        "get",
        "receive",
        "never",
        "don't",
        "stay",
        "enter",
    ]);
    if words <= 20
        && ((prompt_start
            && (matches(&SUBSCRIBE_ALONE, &line)
                || (matches(&SUBSCRIBE_START, &line) && matches(&SUBSCRIBE_NOUN, &line))))
            || (words <= 12
                && has(&["abonn", "inscri", "suscr", "iscriv", "підпиш", "подпиш"])
                && matches(&SUBSCRIBE_OTHER, &line)))
    {
        return Some(Clutter::Subscribe);
    }
    if words <= 10
        && starts(&["share", "tweet", "post", "pin", "send", "email"])
        && matches(&SHARE, &line)
    {
        return Some(Clutter::Social);
    }
    let follow_start = starts(&[
        "follow",
        "join",
        "find",
        "like",
        "folgen",
        "suivez-nous",
        "rejoignez-nous",
        "síguenos",
        "seguici",
        "підписуйтесь",
        "подписывайтесь",
        "читайте",
    ]);
    if words <= 15
        && follow_start
        && matches(&FOLLOW, &line)
        && (!ends_sentence(&line) || matches(&PROMO_TONE, &line))
    {
        return Some(Clutter::Social);
    }
    // "Follow The Gleaner on Twitter and Instagram ...", "Síguenos en Telegram, Instagram ...".
    if words <= 30
        && (follow_start || starts(&["siguenos", "síganos", "siga-nos", "suivez", "folge"]))
        && matches(&FOLLOW_ON, &line)
    {
        return Some(Clutter::Social);
    }
    if words <= 12
        && has(&[
            "komment",
            "comment",
            "comentario",
            "komentarz",
            "antworten",
            "respons",
        ])
        && matches(&COMMENT_COUNT, &line)
    {
        return Some(Clutter::Comments);
    }
    if line.contains([':', '：', '|', '»', '›', '>'])
        && let Some(caps) = TEASER.as_ref().and_then(|r| r.captures(&line))
    {
        let rest = caps.get(1).map_or("", |m| m.as_str());
        if is_headline_shaped(rest) || word_count(rest) <= 25 && !is_prose(rest) {
            return Some(Clutter::Teaser);
        }
    }
    if words < 40
        && (line.contains('©')
            || has(&[
                "copyright",
                "(c)",
                "rights reserved",
                "rechte vorbehalten",
                "droits réservés",
                "derechos reservados",
                "cc-by",
                "cc by",
                "creative commons",
            ]))
        && matches(&COPYRIGHT, &line)
    {
        return Some(Clutter::Copyright);
    }
    if words <= 25 && matches(&CREDIT, &line) {
        return Some(Clutter::Credit);
    }
    // A caption ending with its credit: "Son tres los periodos ... Foto: Andina".
    if words <= 30 && matches(&CAPTION_CREDIT, &line) {
        return Some(Clutter::Credit);
    }
    if words <= 45
        && has(&[
            "werbung",
            "anzeige",
            "advertorial",
            "sponsored",
            "affiliate",
            "references to products",
        ])
        && matches(&ADVERT_NOTE, &line)
    {
        return Some(Clutter::Advert);
    }
    if words <= 4 && line.contains(':') && matches(&FIELD_LABEL, &line) {
        return Some(Clutter::Label);
    }
    if !has_digit {
        return None;
    }
    if matches(&VIEWS_LABEL, &line) {
        return Some(Clutter::Views);
    }
    if let Some(m) = VIEWS_TAIL.as_ref().and_then(|r| r.find(&line)) {
        let before = &line[..m.start()];
        if word_count(before) <= 30 && !ends_sentence(before) {
            return Some(Clutter::Views);
        }
    }
    if is_ticker(&line) {
        return Some(Clutter::Ticker);
    }
    None
}

/// True when the line is clutter of any kind that is decided line by line.
pub fn is_clutter(line: &str) -> bool {
    classify(line).is_some()
}

/// Prices and date stamps with hardly any words: " date 2026-03-05 $43.450.22".
fn is_ticker(line: &str) -> bool {
    if ends_sentence(line) || !(matches(&MONEY, line) || matches(&ISO_DATE, line)) {
        return false;
    }
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let numeric = tokens
        .iter()
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .count();
    let alphabetic = tokens
        .iter()
        .filter(|t| t.chars().count() >= 2 && t.chars().all(char::is_alphabetic))
        .count();
    tokens.len() <= 10
        && numeric >= 2
        && alphabetic <= 4
        && numeric * 2 >= tokens.len() - alphabetic
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_patterns() -> Vec<&'static Re> {
        vec![
            &BADGE,
            &BADGE_TEXT,
            &STORE_URL,
            &URL,
            &APP_NOUN,
            &IMPERATIVE_DOWNLOAD,
            &PROMO_TONE,
            &SUBSCRIBE_START,
            &SUBSCRIBE_NOUN,
            &SUBSCRIBE_ALONE,
            &SUBSCRIBE_OTHER,
            &SHARE,
            &FOLLOW,
            &TEASER,
            &VIEWS_TAIL,
            &VIEWS_LABEL,
            &MONEY,
            &ISO_DATE,
            &COOKIE,
            &COOKIE_STRONG,
            &COPYRIGHT,
            &CREDIT,
            &COMMENT_COUNT,
            &FOLLOW_ON,
            &CAPTION_CREDIT,
            &ADVERT_NOTE,
            &FIELD_LABEL,
        ]
    }

    #[test]
    fn every_pattern_compiles() {
        for (i, re) in all_patterns().into_iter().enumerate() {
            assert!(re.is_some(), "pattern {i} does not compile");
        }
    }

    fn kind(line: &str) -> Option<Clutter> {
        classify(line)
    }

    #[test]
    fn copyright_and_credit_lines() {
        for line in [
            "© 2020 CBS Interactive Inc. All Rights Reserved.",
            "Copyright 2026 Example News",
            "Le piquet de grève dans le hall / (C) Kab Niang",
        ] {
            assert_eq!(kind(line), Some(Clutter::Copyright), "{line}");
        }
        for line in [
            "Photo: A. Person/Reuters",
            "Bild: Jahr Media",
            "Titelbild: Geyres Christophe/ABACA",
            "(Credit: Clayton Aldern / Grist)",
            "Photograph by Ed Marshall, Redonda Restoration Programme",
            "Abbildung 4: klassische Schwachschicht.",
        ] {
            assert_eq!(kind(line), Some(Clutter::Credit), "{line}");
        }
        assert_eq!(
            kind("Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE."),
            Some(Clutter::Copyright)
        );
        for line in [
            "Kommentare insgesamt: 0",
            "No comments",
            "Keine Kommentare (erst nach Freigabe)",
        ] {
            assert_eq!(kind(line), Some(Clutter::Comments), "{line}");
        }
        assert_eq!(
            kind(
                "Siguenos en Telegram, Instagram, Facebook y Twitter para recibir todas nuestras actualizaciones"
            ),
            Some(Clutter::Social)
        );
        assert_eq!(
            kind("Comments from readers poured in after the vote on Tuesday."),
            None
        );
        for line in [
            "(c) the third condition of the contract applies to tenants.",
            "The photo by the river became famous overnight, she said.",
            "Copyright law has changed a lot since the treaty was signed, and courts now weigh \
             the interests of authors, publishers and the public in ways the drafters of the \
             original text could never have foreseen, as the ruling shows in great detail.",
        ] {
            assert_eq!(kind(line), None, "{line}");
        }
    }

    #[test]
    fn store_badges() {
        assert_eq!(kind("app-store-logo"), Some(Clutter::StoreBadge));
        assert_eq!(kind("play-store-logo"), Some(Clutter::StoreBadge));
        assert_eq!(kind("Download on the App Store"), Some(Clutter::StoreBadge));
        assert_eq!(kind("Get it on Google Play"), Some(Clutter::StoreBadge));
        assert_eq!(
            kind("Disponible sur Google Play"),
            Some(Clutter::StoreBadge)
        );
        assert_eq!(kind("Google Play"), Some(Clutter::StoreBadge));
    }

    #[test]
    fn store_badges_negative() {
        assert_eq!(
            kind("Apple said the App Store would stay open to the developers."),
            None
        );
        assert_eq!(kind("Google Play revenue rose 10% in the quarter."), None);
    }

    #[test]
    fn store_links() {
        assert_eq!(
            kind("App Store –\u{a0} https://apps.apple.com/in/app/newspin/id6746449540\u{a0}"),
            Some(Clutter::StoreLink)
        );
        assert_eq!(
            kind(
                "Google Play Store – https://play.google.com/store/apps/details?id=com.inventifweb.newspin&pcampaignid=web_share"
            ),
            Some(Clutter::StoreLink)
        );
    }

    #[test]
    fn store_links_negative() {
        let real = "The regulator published a list of apps, including one at play.google.com, that it \
                    says collected location data from millions of users without their consent, and \
                    ordered their removal.";
        assert_eq!(kind(real), None);
    }

    #[test]
    fn app_promos() {
        assert_eq!(
            kind(
                "Long or Short, get news the way you like. No ads. No redirections. Download Newspin \
                 and Stay Alert, The CSR Journal Mobile app, for fast, crisp, clean updates!"
            ),
            Some(Clutter::AppPromo)
        );
        assert_eq!(
            kind("Download our free app now to get breaking news alerts."),
            Some(Clutter::AppPromo)
        );
        assert_eq!(
            kind("Téléchargez notre application pour suivre l'actualité."),
            Some(Clutter::AppPromo)
        );
    }

    #[test]
    fn app_promos_negative() {
        assert_eq!(
            kind(
                "The ministry urged residents to download the air-raid alert app, which warned of \
                 the strike minutes before it hit."
            ),
            None
        );
        assert_eq!(
            kind("Download speeds for the app fell sharply, the company said."),
            None
        );
        assert_eq!(
            kind("Users who install the app are asked for their location, the report found."),
            None
        );
    }

    #[test]
    fn subscribe_prompts() {
        assert_eq!(kind("Sign up for our newsletter"), Some(Clutter::Subscribe));
        assert_eq!(kind("Subscribe"), Some(Clutter::Subscribe));
        assert_eq!(
            kind("Subscribe to our daily briefing"),
            Some(Clutter::Subscribe)
        );
        assert_eq!(kind("Newsletter abonnieren"), Some(Clutter::Subscribe));
        assert_eq!(
            kind("Abonnez-vous à notre newsletter"),
            Some(Clutter::Subscribe)
        );
        assert_eq!(
            kind("Suscríbete a nuestro boletín"),
            Some(Clutter::Subscribe)
        );
    }

    #[test]
    fn subscribe_negative() {
        assert_eq!(
            kind(
                "He told viewers to subscribe to his channel shortly before the broadcast was cut \
                 off by the regulator."
            ),
            None
        );
        assert_eq!(
            kind("Few economists subscribe to that view, the central bank's report notes."),
            None
        );
        assert_eq!(
            kind(
                "Subscribers to the service received an email warning them of the breach on Monday, \
                 weeks after it was discovered by investigators in three countries."
            ),
            None
        );
    }

    #[test]
    fn share_and_follow() {
        assert_eq!(kind("Share this article"), Some(Clutter::Social));
        assert_eq!(kind("Share on Facebook"), Some(Clutter::Social));
        assert_eq!(kind("Share"), Some(Clutter::Social));
        assert_eq!(kind("Follow us on Telegram"), Some(Clutter::Social));
        assert_eq!(kind("Follow UNN on Google News"), Some(Clutter::Social));
        assert_eq!(kind("Suivez-nous sur Twitter"), Some(Clutter::Social));
    }

    #[test]
    fn share_and_follow_negative() {
        assert_eq!(kind("Share prices fell 4% after the announcement."), None);
        assert_eq!(
            kind("Follow the money, the investigators were told by their sources."),
            None
        );
        assert_eq!(
            kind("Follow-up talks are planned for next week in Oman, officials said."),
            None
        );
    }

    #[test]
    fn block_headers() {
        for h in [
            "Latest News",
            "Popular Videos",
            "Popular",
            "Read more",
            "Related",
            "Related articles:",
            "Lire aussi",
            "Lea también",
            "Mehr zum Thema",
            "More from UNN",
        ] {
            assert!(is_block_header(h), "{h}");
        }
        for h in ["Details", "Concerns from Israel", "Popular anger grows"] {
            assert!(!is_block_header(h), "{h}");
        }
    }

    #[test]
    fn teasers() {
        assert_eq!(
            kind("Related: Iran denies any contact with Washington"),
            Some(Clutter::Teaser)
        );
        assert_eq!(
            kind("READ ALSO: Trump's inner circle demands declaration of victory"),
            Some(Clutter::Teaser)
        );
        assert_eq!(
            kind("Lire aussi : L'Iran dément tout contact avec Washington"),
            Some(Clutter::Teaser)
        );
        assert_eq!(
            kind(
                "Related: the talks, which began in Oman last year, were described by officials as \
                 constructive and are expected to continue."
            ),
            None
        );
    }

    #[test]
    fn related_lines_with_views() {
        assert_eq!(
            kind(
                "US Senate fails to vote on limiting Trump's war powers in Iran04.03.26, 23:59 \u{a0}\u{2022}\u{a0} 3016 views"
            ),
            Some(Clutter::Views)
        );
        assert_eq!(
            kind(
                "Trump's inner circle demands declaration of victory and end of war with Iran05.03.26, 00:12 • 2426 views"
            ),
            Some(Clutter::Views)
        );
        assert_eq!(
            kind("\u{a0}\u{2022}\u{a0} 32\u{a0}views"),
            Some(Clutter::Views)
        );
        assert_eq!(kind("1.2K views"), Some(Clutter::Views));
        assert_eq!(kind("Views: 540"), Some(Clutter::Views));
    }

    #[test]
    fn views_negative() {
        assert_eq!(
            kind("The video of the strike drew more than 3 million views within hours."),
            None
        );
        assert_eq!(
            kind("The clip has been watched 40,000 times, the ministry said, citing 40,000 views."),
            None
        );
    }

    #[test]
    fn tickers() {
        assert_eq!(kind(" date 2026-03-05 $43.450.22"), Some(Clutter::Ticker));
        assert_eq!(
            kind("Popular Videos date 2026-03-05 $43.450.22"),
            Some(Clutter::Ticker)
        );
        assert_eq!(kind("USD 41.25 EUR 44.10 €1.07"), Some(Clutter::Ticker));
    }

    #[test]
    fn tickers_negative() {
        assert_eq!(kind("Oil rose to $84 a barrel on 2026-03-05."), None);
        assert_eq!(kind("Brent crude $84"), None);
    }

    #[test]
    fn adverts_and_cookies() {
        assert_eq!(kind("Advertisement"), Some(Clutter::Advert));
        assert_eq!(kind("ADVERTISEMENT"), Some(Clutter::Advert));
        assert_eq!(kind("Anzeige"), Some(Clutter::Advert));
        assert_eq!(
            kind(
                "We use cookies to improve your experience. By continuing you accept our cookie policy."
            ),
            Some(Clutter::Cookies)
        );
        assert_eq!(
            kind("Wir verwenden Cookies, um Ihre Erfahrung zu verbessern."),
            Some(Clutter::Cookies)
        );
    }

    #[test]
    fn adverts_and_cookies_negative() {
        assert_eq!(
            kind("The advertisement ran in three newspapers before it was withdrawn."),
            None
        );
        assert_eq!(
            kind(
                "The EU requires websites to ask users to accept cookies before tracking them, the \
                 court said."
            ),
            None
        );
    }
}
