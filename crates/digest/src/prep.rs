//! Sentences of every article, with their stems, concepts and names, and the concept weights
//! of the story (how many articles share each concept).

use std::collections::{HashMap, HashSet};

use tidings_text::gazetteer;
use tidings_text::sentences::sentence_spans;
use tidings_text::stems::Stemmer;
use tidings_text::stopwords::is_stopword;
use tidings_text::tokens::{normalise, tokens};

use crate::{DigestInput, Options};

/// One sentence of one article.
pub(crate) struct Sent {
    /// Index of the article in the input.
    pub doc: usize,
    /// Index of the sentence in `sentence_spans(text)`.
    pub index: usize,
    /// Byte range in the article's text.
    pub start: usize,
    pub end: usize,
    /// White-space separated words.
    pub words: usize,
    /// Content stems (ids), in order, repeated as written.
    pub content: Vec<u32>,
    /// Unigram and bigram concepts, sorted, unique.
    pub concepts: Vec<u64>,
    /// Name keys (ids): capitalised words, countries for their demonyms and capitals.
    pub names: Vec<u32>,
    /// Fit to stand alone in a summary (length, ending, balanced quotes, no clutter).
    pub eligible: bool,
    /// Opens with a word that refers back ("He", "This", "But").
    pub dangling: bool,
    /// `F_*` flags: speech verb, deny / confirm / negation (main clause), unnamed source, digit.
    pub flags: u8,
}

/// The story's sentences and concept weights.
pub(crate) struct Prepared<'a> {
    pub texts: Vec<&'a str>,
    pub sents: Vec<Sent>,
    /// Range of `sents` for each article.
    pub doc_sents: Vec<std::ops::Range<usize>>,
    /// Concept → weight (articles sharing it, topic-boosted); absent means 0.
    pub weights: HashMap<u64, f64, FxBuild>,
    /// Stem / name strings by id.
    pub strings: Vec<String>,
    /// Content stem ids of each article's title, sorted, unique.
    pub titles: Vec<Vec<u32>>,
    /// Article ids, times and outlets, by article index.
    pub ids: Vec<i64>,
    pub times: Vec<Option<i64>>,
    pub outlets: Vec<Option<String>>,
}

/// Interns strings as small ids.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32, FxBuild>,
    strings: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        self.ids.insert(s.to_string(), id);
        self.strings.push(s.to_string());
        id
    }
}

const DANGLING: &[&str] = &[
    "he",
    "she",
    "they",
    "it",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "but",
    "and",
    "also",
    "so",
    "then",
    "yet",
    "still",
    "there",
    "him",
    "them",
    "such",
    "both",
    "or",
    "instead",
    "thus",
    "otherwise",
];

/// Words of topic questions that say what to do rather than what about.
const QUERY_NOISE: &[&str] = &[
    "describe",
    "discuss",
    "identify",
    "include",
    "including",
    "information",
    "explain",
    "specific",
    "specifically",
    "provide",
    "details",
    "detail",
    "what",
    "which",
    "who",
    "why",
    "how",
    "where",
    "when",
    "give",
    "list",
    "report",
    "reports",
    "known",
    "regarding",
    "any",
    "various",
    "also",
    "well",
    "type",
    "types",
    "kind",
    "kinds",
    "role",
    "efforts",
    "effects",
];

pub(crate) fn concept_bigram(a: u32, b: u32) -> u64 {
    ((u64::from(a) + 1) << 32) | u64::from(b)
}

impl<'a> Prepared<'a> {
    pub fn new(articles: &'a [DigestInput], options: &Options) -> Prepared<'a> {
        let mut interner = Interner::default();
        let mut stemmers: Vec<(Option<String>, Stemmer, Cache<'a>)> = Vec::new();
        let mut sents = Vec::new();
        let mut doc_sents = Vec::new();
        let mut titles = Vec::new();
        let mut df: HashMap<u64, u32, FxBuild> = HashMap::default();
        let mut doc_concepts: HashSet<u64, FxBuild> = HashSet::default();
        for (d, a) in articles.iter().enumerate() {
            let lang = article_lang(a);
            let si = match stemmers.iter().position(|(l, _, _)| *l == lang) {
                Some(i) => i,
                None => {
                    stemmers.push((lang.clone(), Stemmer::new(lang.as_deref()), Cache::new()));
                    stemmers.len() - 1
                }
            };
            let (_, stemmer, cache) = &mut stemmers[si];
            let first = sents.len();
            doc_concepts.clear();
            for (index, span) in sentence_spans(&a.text).into_iter().enumerate() {
                let Some(text) = a.text.get(span.start..span.end) else {
                    continue;
                };
                let s = analyse(
                    d,
                    index,
                    span.start,
                    span.end,
                    text,
                    lang.as_deref(),
                    stemmer,
                    &mut interner,
                    cache,
                    options,
                );
                doc_concepts.extend(s.concepts.iter().copied());
                sents.push(s);
            }
            let mut title_ids = Vec::new();
            if let Some(t) = a.title.as_deref() {
                for tok in tokens(t) {
                    let info = match cache.words.get(tok.text) {
                        Some(i) => *i,
                        None => {
                            let i = word_info(tok.text, lang.as_deref(), stemmer, &mut interner);
                            cache.words.insert(tok.text, i);
                            i
                        }
                    };
                    if !info.stop {
                        title_ids.push(info.id);
                    }
                }
            }
            title_ids.sort_unstable();
            title_ids.dedup();
            titles.push(title_ids);
            for &c in &doc_concepts {
                *df.entry(c).or_insert(0) += 1;
            }
            doc_sents.push(first..sents.len());
        }
        let n = articles.len();
        let min_df = if n >= 4 { 2 } else { 1 };
        let query: HashSet<u32> = options
            .query
            .as_deref()
            .map(|q| {
                let lang = articles.first().and_then(article_lang);
                let stemmer = Stemmer::new(lang.as_deref());
                tokens(q)
                    .iter()
                    .map(|t| normalise(t.text))
                    .filter(|w| {
                        !is_stopword(lang.as_deref(), w)
                            && !QUERY_NOISE.contains(&w.as_str())
                            && w.chars().count() > 1
                    })
                    .filter_map(|w| interner.ids.get(stemmer.stem(&w).as_ref()).copied())
                    .collect()
            })
            .unwrap_or_default();
        let weights = df
            .into_iter()
            .filter(|&(_, c)| c >= min_df)
            .map(|(c, count)| {
                let mut w = f64::from(count);
                if !query.is_empty() {
                    let (a, b) = split_concept(c);
                    let hit = a.is_some_and(|a| query.contains(&a)) || query.contains(&b);
                    if hit {
                        w *= 1.0 + options.query_weight;
                    }
                }
                (c, w)
            })
            .collect();
        Prepared {
            texts: articles.iter().map(|a| a.text.as_str()).collect(),
            sents,
            doc_sents,
            weights,
            strings: interner.strings,
            ids: articles.iter().map(|a| a.id).collect(),
            titles,
            times: articles.iter().map(|a| a.published).collect(),
            outlets: articles.iter().map(|a| a.outlet.clone()).collect(),
        }
    }

    /// The text of a sentence.
    pub fn text(&self, s: &Sent) -> &'a str {
        self.texts
            .get(s.doc)
            .and_then(|t| t.get(s.start..s.end))
            .unwrap_or("")
    }

    /// Position of a sentence in its article (0 for the first).
    pub fn position(&self, i: usize) -> usize {
        let s = &self.sents[i];
        i - self.doc_sents[s.doc].start
    }
}

fn split_concept(c: u64) -> (Option<u32>, u32) {
    let hi = c >> 32;
    let lo = (c & 0xffff_ffff) as u32;
    if hi == 0 {
        (None, lo)
    } else {
        (Some((hi - 1) as u32), lo)
    }
}

fn article_lang(a: &DigestInput) -> Option<String> {
    match a.lang.as_deref() {
        Some(l) if !l.is_empty() => Some(l.to_ascii_lowercase()),
        _ => {
            let sample: String = a.text.chars().take(600).collect();
            tidings_text::detect_language(&sample).map(str::to_string)
        }
    }
}

/// What a distinct word of an article says, computed once.
#[derive(Clone, Copy)]
struct WordInfo {
    id: u32,
    stop: bool,
    flags: u8,
    /// Name key id of a capitalised word the gazetteer knows (country for demonyms, capitals).
    known: Option<u32>,
    /// Name key id of a capitalised word the gazetteer does not know.
    plain: Option<u32>,
    shouting: bool,
}

/// Flags of a sentence (over its main clause for stance).
pub(crate) const F_SPEECH: u8 = 1;
pub(crate) const F_DENY: u8 = 2;
pub(crate) const F_CONFIRM: u8 = 4;
pub(crate) const F_NEG: u8 = 8;
pub(crate) const F_ANON: u8 = 16;
pub(crate) const F_DIGIT: u8 = 32;

/// Per-article-language caches of word analyses.
pub(crate) struct Cache<'a> {
    words: HashMap<&'a str, WordInfo, FxBuild>,
    phrases: HashMap<&'a str, Option<u32>, FxBuild>,
}

impl Cache<'_> {
    pub fn new() -> Self {
        Cache {
            words: HashMap::default(),
            phrases: HashMap::default(),
        }
    }
}

fn word_info(
    word: &str,
    lang: Option<&str>,
    stemmer: &Stemmer,
    interner: &mut Interner,
) -> WordInfo {
    let norm = normalise(word);
    let numeric = !word.chars().any(char::is_alphabetic);
    let stop = is_stopword(lang, &norm) || (norm.chars().count() < 2 && !numeric);
    let id = if stop {
        interner.id(&norm)
    } else {
        interner.id(stemmer.stem(&norm).as_ref())
    };
    let w = norm.as_str();
    let mut flags = 0;
    if crate::attribution::is_speech_verb(w) || w == "according" {
        flags |= F_SPEECH;
    }
    if crate::disagree::DENY.contains(&w) {
        flags |= F_DENY;
    }
    if crate::disagree::CONFIRM.contains(&w) {
        flags |= F_CONFIRM;
    }
    if crate::disagree::is_negation(w) {
        flags |= F_NEG;
    }
    if crate::attribution::ANON_HEADS.contains(&w)
        || matches!(w, "anonymous" | "unnamed" | "familiar")
    {
        flags |= F_ANON;
    }
    if word.chars().any(|c| c.is_ascii_digit()) {
        flags |= F_DIGIT;
    }
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    let (known, plain) = if capitalised && !stop {
        match gazetteer::lookup(word) {
            Some(kn) => {
                let key = gazetteer::key_of(kn.country.unwrap_or(kn.name));
                (Some(interner.id(&format!("@{key}"))), None)
            }
            None => (None, Some(interner.id(&format!("@{norm}")))),
        }
    } else {
        (None, None)
    };
    WordInfo {
        id,
        stop,
        flags,
        known,
        plain,
        shouting: word.chars().count() > 1 && word.chars().all(|c| !c.is_lowercase()) && !numeric,
    }
}

#[allow(clippy::too_many_arguments)]
fn analyse<'a>(
    doc: usize,
    index: usize,
    start: usize,
    end: usize,
    text: &'a str,
    lang: Option<&str>,
    stemmer: &Stemmer,
    interner: &mut Interner,
    cache: &mut Cache<'a>,
    options: &Options,
) -> Sent {
    let toks = tokens(text);
    let words = crate::word_count(text);
    let main_start = text.len() - crate::disagree::main_clause(text).len();
    let mut content = Vec::new();
    let mut concepts = Vec::new();
    let mut names = Vec::new();
    let mut prev: Option<(u32, bool)> = None;
    let mut caps_words = 0usize;
    let mut name_skip = 0usize;
    let mut flags = 0u8;
    let infos: Vec<WordInfo> = toks
        .iter()
        .map(|t| match cache.words.get(t.text) {
            Some(i) => *i,
            None => {
                let i = word_info(t.text, lang, stemmer, interner);
                cache.words.insert(t.text, i);
                i
            }
        })
        .collect();
    for (k, (t, info)) in toks.iter().zip(&infos).enumerate() {
        let (id, stop) = (info.id, info.stop);
        let f = if t.start >= main_start {
            info.flags
        } else {
            info.flags & !(F_DENY | F_CONFIRM | F_NEG)
        };
        flags |= f;
        if !stop {
            content.push(id);
            concepts.push(u64::from(id));
        }
        if let Some((p, pstop)) = prev
            && !(pstop && stop)
        {
            concepts.push(concept_bigram(p, id));
        }
        prev = Some((id, stop));
        if info.shouting {
            caps_words += 1;
        }
        if name_skip > 0 {
            name_skip -= 1;
            continue;
        }
        if !t.is_capitalised() {
            continue;
        }
        // Multi-word names the gazetteer knows ("United States", "White House").
        for n in [3usize, 2] {
            if k + n <= toks.len() && toks[k..k + n].iter().all(|x| x.is_capitalised()) {
                let phrase = &text[t.start..toks[k + n - 1].end()];
                let found = match cache.phrases.get(phrase) {
                    Some(f) => *f,
                    None => {
                        let f = gazetteer::lookup(phrase).map(|kn| {
                            let key = gazetteer::key_of(kn.country.unwrap_or(kn.name));
                            interner.id(&format!("@{key}"))
                        });
                        cache.phrases.insert(phrase, f);
                        f
                    }
                };
                if let Some(id) = found {
                    names.push(id);
                    name_skip = n - 1;
                    break;
                }
            }
        }
        if name_skip > 0 {
            continue;
        }
        if let Some(id) = info.known {
            names.push(id);
        } else if k > 0
            && let Some(id) = info.plain
        {
            names.push(id);
        }
    }
    concepts.sort_unstable();
    concepts.dedup();
    names.sort_unstable();
    names.dedup();
    let first = toks.first().map(|t| normalise(t.text)).unwrap_or_default();
    let dangling = DANGLING.contains(&first.as_str());
    let eligible = words >= options.min_sentence_words
        && words <= options.max_sentence_words.max(options.short_words)
        && content.len() >= 3
        && ends_well(text)
        && starts_well(text)
        && balanced_quotes(text)
        && caps_words * 10 <= toks.len() * 4
        && !text.contains("http")
        && !text.contains("www.")
        && !text.contains('@')
        && !text.contains('©')
        && !text.contains('|');
    Sent {
        doc,
        index,
        start,
        end,
        words,
        content,
        concepts,
        names,
        eligible,
        dangling,
        flags,
    }
}

/// A small fast hasher (Fx-style multiply-rotate) for the word and concept tables.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(b));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxBuild = std::hash::BuildHasherDefault<Fx>;

fn ends_well(text: &str) -> bool {
    let t = text.trim_end_matches([' ', '"', '”', '’', '\'', ')', '»']);
    t.ends_with(['.', '!', '?', '…'])
}

fn starts_well(text: &str) -> bool {
    text.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '«' | '„')
    })
}

/// Quotation marks open and close within the sentence.
pub(crate) fn balanced_quotes(text: &str) -> bool {
    let open = text.chars().filter(|&c| c == '“').count();
    let close = text.chars().filter(|&c| c == '”').count();
    let straight = text.chars().filter(|&c| c == '"').count();
    let guil_o = text.chars().filter(|&c| c == '«').count();
    let guil_c = text.chars().filter(|&c| c == '»').count();
    open == close && straight % 2 == 0 && guil_o == guil_c
}

/// Cosine similarity of two bags of ids.
pub(crate) fn cosine(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut x: Vec<u32> = a.to_vec();
    let mut y: Vec<u32> = b.to_vec();
    x.sort_unstable();
    y.sort_unstable();
    let counts = |v: &[u32]| -> Vec<(u32, f64)> {
        let mut out: Vec<(u32, f64)> = Vec::new();
        for &id in v {
            match out.last_mut() {
                Some((last, c)) if *last == id => *c += 1.0,
                _ => out.push((id, 1.0)),
            }
        }
        out
    };
    let (cx, cy) = (counts(&x), counts(&y));
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < cx.len() && j < cy.len() {
        match cx[i].0.cmp(&cy[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += cx[i].1 * cy[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    let nx: f64 = cx.iter().map(|(_, c)| c * c).sum::<f64>().sqrt();
    let ny: f64 = cy.iter().map(|(_, c)| c * c).sum::<f64>().sqrt();
    if nx == 0.0 || ny == 0.0 {
        0.0
    } else {
        dot / (nx * ny)
    }
}
