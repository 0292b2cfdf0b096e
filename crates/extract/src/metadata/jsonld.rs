//! JSON-LD (`<script type="application/ld+json">`): tolerant parsing, `@graph`, arrays, `@id`
//! references, and the choice of the object that describes the article.

use std::collections::HashMap;

use scraper::{Html, Selector};
use serde_json::Value;

use super::clean_text;

/// `@type`s that describe an article, best first.
const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "askpublicnewsarticle",
    "article",
    "blogposting",
    "liveblogposting",
    "techarticle",
    "scholarlyarticle",
    "medicalscholarlyarticle",
    "socialmediaposting",
    "discussionforumposting",
    "report",
    "review",
    "recipe",
    "howto",
    "creativework",
];

/// `@type`s of pages: used when no article object exists.
const PAGE_TYPES: &[&str] = &[
    "webpage",
    "itempage",
    "aboutpage",
    "faqpage",
    "qapage",
    "profilepage",
    "medicalwebpage",
    "collectionpage",
];

/// All JSON-LD objects of a page.
#[derive(Debug, Default)]
pub struct JsonLd {
    /// Top-level objects and `@graph` members, in page order.
    objects: Vec<Value>,
    /// Objects by `@id`, for references like `"author": {"@id": "…#person"}`.
    ids: HashMap<String, Value>,
}

/// Levels of nested values and references read for one string ([`JsonLd::string_of`]); real
/// pages use three or four (`author` → `name` → `@value`).
const MAX_STRING_DEPTH: usize = 16;

impl JsonLd {
    pub fn from_html(doc: &Html) -> JsonLd {
        let sel = Selector::parse(r#"script[type="application/ld+json" i]"#).unwrap();
        let mut ld = JsonLd::default();
        for script in doc.select(&sel) {
            let raw: String = script.text().collect();
            if let Some(v) = parse_tolerant(&raw) {
                ld.add(v, 0);
            }
        }
        ld
    }

    /// Parses JSON-LD from strings (tests).
    #[cfg(test)]
    pub fn from_strs(raws: &[&str]) -> JsonLd {
        let mut ld = JsonLd::default();
        for raw in raws {
            if let Some(v) = parse_tolerant(raw) {
                ld.add(v, 0);
            }
        }
        ld
    }

    fn add(&mut self, v: Value, depth: usize) {
        if depth > 4 {
            return;
        }
        match v {
            Value::Array(items) => {
                for item in items {
                    self.add(item, depth + 1);
                }
            }
            Value::Object(mut map) => {
                if let Some(graph) = map.remove("@graph") {
                    self.add(graph, depth + 1);
                }
                self.index_ids(&Value::Object(map.clone()), 0);
                let main = map.get("mainEntity").cloned();
                if map.contains_key("@type") {
                    self.objects.push(Value::Object(map));
                }
                if let Some(main) = main
                    && (main.is_object() || main.is_array())
                {
                    self.add(main, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn index_ids(&mut self, v: &Value, depth: usize) {
        if depth > 6 {
            return;
        }
        match v {
            Value::Object(map) => {
                if let Some(Value::String(id)) = map.get("@id")
                    && map.len() > 1
                {
                    self.ids.entry(id.clone()).or_insert_with(|| v.clone());
                }
                for child in map.values() {
                    self.index_ids(child, depth + 1);
                }
            }
            Value::Array(items) => {
                for child in items {
                    self.index_ids(child, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The object a reference points to (or the value itself).
    pub fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        if let Value::Object(map) = v
            && let Some(Value::String(id)) = map.get("@id")
            && map.len() <= 2
            && let Some(target) = self.ids.get(id)
        {
            return target;
        }
        v
    }

    /// The object that describes the article: the first of the best-ranked article type.
    pub fn article(&self) -> Option<&Value> {
        let mut best: Option<(usize, &Value)> = None;
        for obj in &self.objects {
            let rank = types(obj)
                .iter()
                .filter_map(|t| ARTICLE_TYPES.iter().position(|a| a == t))
                .min();
            if let Some(r) = rank {
                // News types all rank alike; then generic articles, then other works.
                let r = if r <= 6 { 0 } else { r };
                if best.is_none_or(|(b, _)| r < b) {
                    best = Some((r, obj));
                }
            }
        }
        best.map(|(_, v)| v)
    }

    /// The page object (`WebPage` and kin), when present.
    pub fn page(&self) -> Option<&Value> {
        self.objects
            .iter()
            .find(|o| types(o).iter().any(|t| PAGE_TYPES.contains(&t.as_str())))
    }

    /// Objects of a type (lower-case, without prefix).
    pub fn of_type<'a>(&'a self, ty: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.objects
            .iter()
            .filter(move |o| types(o).iter().any(|t| t == ty))
    }

    /// A string property of an object: a string, the first string of an array, or the `name` /
    /// `@value` / `url` of an object.
    pub fn string(&self, obj: &Value, key: &str) -> Option<String> {
        let v = obj.get(key)?;
        self.string_of(v)
    }

    fn string_of(&self, v: &Value) -> Option<String> {
        self.string_within(v, MAX_STRING_DEPTH)
    }

    /// [`JsonLd::string_of`] that follows at most `levels` values and references: an `@id`
    /// may point back at the object it is in (`{"@id": "x", "name": {"@id": "x"}}`).
    fn string_within(&self, v: &Value, levels: usize) -> Option<String> {
        let levels = levels.checked_sub(1)?;
        match self.resolve(v) {
            Value::String(s) => Some(clean_text(s)).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            Value::Array(items) => items.iter().find_map(|i| self.string_within(i, levels)),
            Value::Object(map) => ["name", "@value", "url", "text"]
                .iter()
                .find_map(|k| map.get(*k).and_then(|x| self.string_within(x, levels))),
            _ => None,
        }
    }

    /// All strings of a property that may be a list (keywords, sections).
    pub fn strings(&self, obj: &Value, key: &str) -> Vec<String> {
        let Some(v) = obj.get(key) else {
            return Vec::new();
        };
        match self.resolve(v) {
            Value::Array(items) => items.iter().filter_map(|i| self.string_of(i)).collect(),
            other => self.string_of(other).into_iter().collect(),
        }
    }

    /// Author names of an object, with the `@type` of each (`person`, `organization`, ...).
    pub fn authors(&self, obj: &Value) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for key in ["author", "creator"] {
            if let Some(v) = obj.get(key) {
                self.collect_people(v, &mut out, 0);
            }
            if !out.is_empty() {
                break;
            }
        }
        out
    }

    fn collect_people(&self, v: &Value, out: &mut Vec<(String, String)>, depth: usize) {
        if depth > 3 {
            return;
        }
        match self.resolve(v) {
            Value::String(s) => {
                let s = clean_text(s);
                if !s.is_empty() {
                    out.push((s, String::new()));
                }
            }
            Value::Array(items) => {
                for i in items {
                    self.collect_people(i, out, depth + 1);
                }
            }
            Value::Object(map) => {
                let ty = types(&Value::Object(map.clone()))
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                let name = map.get("name").and_then(|n| self.string_of(n)).or_else(|| {
                    let given = map.get("givenName").and_then(|n| self.string_of(n));
                    let family = map.get("familyName").and_then(|n| self.string_of(n));
                    match (given, family) {
                        (Some(g), Some(f)) => Some(format!("{g} {f}")),
                        (g, f) => g.or(f),
                    }
                });
                if let Some(n) = name {
                    out.push((n, ty));
                }
            }
            _ => {}
        }
    }

    /// The image URL of an object (`image` as string, object or list; else `thumbnailUrl`).
    pub fn image(&self, obj: &Value) -> Option<String> {
        for key in ["image", "thumbnailUrl"] {
            if let Some(v) = obj.get(key) {
                let u = match self.resolve(v) {
                    Value::String(s) => Some(s.trim().to_owned()),
                    Value::Array(items) => items.iter().find_map(|i| match self.resolve(i) {
                        Value::String(s) => Some(s.trim().to_owned()),
                        Value::Object(m) => m
                            .get("url")
                            .or_else(|| m.get("contentUrl"))
                            .and_then(|u| u.as_str())
                            .map(|s| s.trim().to_owned()),
                        _ => None,
                    }),
                    Value::Object(m) => m
                        .get("url")
                        .or_else(|| m.get("contentUrl"))
                        .and_then(|u| u.as_str())
                        .map(|s| s.trim().to_owned()),
                    _ => None,
                };
                if let Some(u) = u.filter(|u| !u.is_empty()) {
                    return Some(u);
                }
            }
        }
        None
    }

    /// The publisher's name of an object.
    pub fn publisher(&self, obj: &Value) -> Option<String> {
        let p = obj.get("publisher")?;
        let p = match self.resolve(p) {
            Value::Array(items) => items.first()?,
            other => other,
        };
        self.string_of(self.resolve(p))
    }
}

/// The `@type`s of an object, lower-case, without `schema:` or URL prefixes.
pub fn types(v: &Value) -> Vec<String> {
    let norm = |s: &str| {
        let s = s.rsplit(['/', ':', '#']).next().unwrap_or(s);
        s.trim().to_ascii_lowercase()
    };
    match v.get("@type") {
        Some(Value::String(s)) => vec![norm(s)],
        Some(Value::Array(items)) => items.iter().filter_map(|t| t.as_str()).map(norm).collect(),
        _ => Vec::new(),
    }
}

/// Parses JSON-LD text, repairing the usual breakage (HTML comments, CDATA markers, raw line
/// breaks inside strings, trailing semicolons and commas). Returns `None` when it stays broken.
pub fn parse_tolerant(raw: &str) -> Option<Value> {
    let mut s = raw.trim();
    for prefix in ["<!--", "//<![CDATA[", "<![CDATA["] {
        s = s.strip_prefix(prefix).unwrap_or(s).trim();
    }
    for suffix in ["-->", "//]]>", "]]>"] {
        s = s.strip_suffix(suffix).unwrap_or(s).trim();
    }
    let s = s.trim_end_matches(';').trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(v) = serde_json::from_str::<Value>(s) {
        return Some(v);
    }
    // Raw control characters inside strings, trailing commas.
    let mut fixed: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if let Ok(v) = serde_json::from_str::<Value>(&fixed) {
        return Some(v);
    }
    fixed = remove_trailing_commas(&fixed);
    if let Ok(v) = serde_json::from_str::<Value>(&fixed) {
        return Some(v);
    }
    // Several objects one after another: read them as a stream.
    let items: Vec<Value> = serde_json::Deserializer::from_str(&fixed)
        .into_iter::<Value>()
        .map_while(Result::ok)
        .collect();
    (!items.is_empty()).then_some(Value::Array(items))
}

fn remove_trailing_commas(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_str = false;
    let mut escaped = false;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        if c == '"' {
            in_str = true;
        }
        if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}') | Some(']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}
