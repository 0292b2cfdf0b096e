//! The search query language: what a user's text becomes in FTS5's `MATCH` syntax, and the
//! caps that keep one search from holding the store.
//!
//! Words become quoted terms (so `-`, `:`, `(` or `AND` in the input cannot break the
//! syntax), "quoted phrases" stay phrases, a trailing `*` makes a prefix search; all terms
//! must match. A term given twice (in any case: `the the The`) is one term: FTS5's snippet
//! and ranking work grows with the product of terms and their hits, so sixty copies of
//! "the" used to cost sixty times as much per hit for the same answer.
//!
//! The caps are far past what a person types (a long headline pasted whole is ~150 bytes and
//! ~20 words), and each refusal says which cap the query passed:
//!
//! | cap | value |
//! | --- | --- |
//! | [`MAX_QUERY_BYTES`] | 512 bytes of query (leading and trailing spaces not counted) |
//! | [`MAX_TERMS`] | 32 distinct terms (words or quoted phrases) |
//! | [`MAX_PREFIX_TERMS`] | 4 distinct prefix terms (`nav*`) |
//!
//! [`match_expression`] is pure (no store, no I/O), so fuzz targets and property tests call
//! it directly.

use std::collections::HashSet;

use thiserror::Error;

/// The longest query read, in bytes (after trimming surrounding whitespace).
pub const MAX_QUERY_BYTES: usize = 512;
/// The most distinct terms (words or quoted phrases) in one query.
pub const MAX_TERMS: usize = 32;
/// The most distinct prefix terms (`word*`) in one query: each one reads the index entries
/// of every word it starts.
pub const MAX_PREFIX_TERMS: usize = 4;

/// Why a query is refused before it reaches the index.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QueryError {
    /// The query is longer than [`MAX_QUERY_BYTES`].
    #[error("the query is {bytes} bytes long; at most {max} are read. Use fewer words")]
    TooLong {
        /// The query's length (trimmed).
        bytes: usize,
        /// The cap.
        max: usize,
    },
    /// The query has more distinct terms than [`MAX_TERMS`].
    #[error("the query has more than {max} different words or phrases. Use fewer words")]
    TooManyTerms {
        /// The cap.
        max: usize,
    },
    /// The query has more distinct prefix terms than [`MAX_PREFIX_TERMS`].
    #[error(
        "the query has more than {max} different prefix searches (word*). Use fewer, or whole words"
    )]
    TooManyPrefixes {
        /// The cap.
        max: usize,
    },
}

/// Turns a user's query into an FTS5 `MATCH` expression, or `None` when it holds no word to
/// search for (blank, or punctuation only). Words become quoted terms, "quoted phrases" stay
/// phrases (an unclosed quote runs to the end), a trailing `*` makes a prefix search, and a
/// term given more than once is kept once (compared case-insensitively). Refuses a query past
/// one of the caps ([`MAX_QUERY_BYTES`], [`MAX_TERMS`], [`MAX_PREFIX_TERMS`]).
///
/// Runs in time linear in the query's length and never panics, whatever the input.
///
/// ```
/// use tidings_store::search::match_expression;
/// assert_eq!(
///     match_expression("US-Iran talks talks").unwrap().as_deref(),
///     Some("\"US Iran\" \"talks\"")
/// );
/// assert_eq!(match_expression(" :-( ").unwrap(), None);
/// assert!(match_expression(&"word ".repeat(200)).is_err());
/// ```
pub fn match_expression(query: &str) -> Result<Option<String>, QueryError> {
    let query = query.trim();
    if query.len() > MAX_QUERY_BYTES {
        return Err(QueryError::TooLong {
            bytes: query.len(),
            max: MAX_QUERY_BYTES,
        });
    }
    let mut terms = Terms::default();
    let mut rest = query;
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix('"') {
            let (phrase, tail) = after.split_once('"').unwrap_or((after, ""));
            terms.push(phrase, false)?;
            rest = tail;
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            let word = &rest[..end];
            let prefix = word.ends_with('*');
            terms.push(word.trim_end_matches('*'), prefix)?;
            rest = &rest[end..];
        }
    }
    Ok((!terms.out.is_empty()).then(|| terms.out.join(" ")))
}

/// The terms of a query so far, each once.
#[derive(Default)]
struct Terms {
    out: Vec<String>,
    /// Lowercased words of each term kept, with its prefix flag.
    seen: HashSet<(String, bool)>,
    prefixes: usize,
}

impl Terms {
    /// Adds the words of `text` as one term (a phrase when several), unless it is empty or
    /// kept already.
    fn push(&mut self, text: &str, prefix: bool) -> Result<(), QueryError> {
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return Ok(());
        }
        let joined = words.join(" ");
        if !self.seen.insert((joined.to_lowercase(), prefix)) {
            return Ok(());
        }
        if self.out.len() == MAX_TERMS {
            return Err(QueryError::TooManyTerms { max: MAX_TERMS });
        }
        if prefix {
            if self.prefixes == MAX_PREFIX_TERMS {
                return Err(QueryError::TooManyPrefixes {
                    max: MAX_PREFIX_TERMS,
                });
            }
            self.prefixes += 1;
        }
        let phrase = format!("\"{joined}\"");
        self.out
            .push(if prefix { format!("{phrase}*") } else { phrase });
        Ok(())
    }
}

/// A query as an error message shows it: at most 60 characters, then `…`.
pub(crate) fn clipped(query: &str) -> String {
    const SHOWN: usize = 60;
    let query = query.trim();
    match query.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}…", &query[..at]),
        None => query.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{
        MAX_PREFIX_TERMS, MAX_QUERY_BYTES, MAX_TERMS, QueryError, clipped, match_expression,
    };

    fn fts_query(q: &str) -> Option<String> {
        match_expression(q).unwrap()
    }

    #[test]
    fn queries_cannot_break_fts_syntax() {
        assert_eq!(fts_query("Netanyahu").as_deref(), Some("\"Netanyahu\""));
        assert_eq!(
            fts_query("US-Iran talks").as_deref(),
            Some("\"US Iran\" \"talks\"")
        );
        assert_eq!(
            fts_query("\"air defense\" nav*").as_deref(),
            Some("\"air defense\" \"nav\"*")
        );
        assert_eq!(
            fts_query("AND OR NOT :-( \"").as_deref(),
            Some("\"AND\" \"OR\" \"NOT\"")
        );
        assert_eq!(fts_query("  ").as_deref(), None);
    }

    /// The issue's reproductions: sixty "the" are one term, so are 150 `a*`; 200 `a*` are
    /// past the length cap.
    #[test]
    fn repeated_terms_are_one_term() {
        let the60 = vec!["the"; 60].join(" ");
        assert_eq!(the60.len(), 239);
        assert_eq!(fts_query(&the60).as_deref(), Some("\"the\""));
        assert_eq!(
            fts_query(&vec!["a*"; 150].join(" ")).as_deref(),
            Some("\"a\"*")
        );
        assert!(matches!(
            match_expression(&vec!["a*"; 200].join(" ")),
            Err(QueryError::TooLong { bytes: 599, .. })
        ));
        assert_eq!(
            fts_query("The the THE \"the\" the* The*").as_deref(),
            Some("\"The\" \"the\"*")
        );
        assert_eq!(
            fts_query("\"air defense\" air \"Air  Defense\" defense").as_deref(),
            Some("\"air defense\" \"air\" \"defense\"")
        );
    }

    #[test]
    fn caps_are_enforced_with_what_was_passed() {
        let long = "word ".repeat(5_000);
        assert_eq!(
            match_expression(&long),
            Err(QueryError::TooLong {
                bytes: long.trim().len(),
                max: MAX_QUERY_BYTES
            })
        );
        let at_cap: Vec<String> = (0..MAX_TERMS).map(|i| format!("w{i}")).collect();
        assert!(match_expression(&at_cap.join(" ")).unwrap().is_some());
        let past_cap = format!("{} w{MAX_TERMS}", at_cap.join(" "));
        assert!(past_cap.len() <= MAX_QUERY_BYTES);
        let err = match_expression(&past_cap).unwrap_err();
        assert_eq!(err, QueryError::TooManyTerms { max: MAX_TERMS });
        assert!(err.to_string().contains("more than 32 different words"));
        // The same words again do not count.
        assert!(
            match_expression(&format!("{} {}", at_cap.join(" "), at_cap.join(" ")))
                .unwrap()
                .is_some()
        );
        let prefixes: Vec<String> = (0..=MAX_PREFIX_TERMS).map(|i| format!("p{i}*")).collect();
        assert!(
            match_expression(&prefixes[..MAX_PREFIX_TERMS].join(" "))
                .unwrap()
                .is_some()
        );
        assert_eq!(
            match_expression(&prefixes.join(" ")),
            Err(QueryError::TooManyPrefixes {
                max: MAX_PREFIX_TERMS
            })
        );
        // Surrounding whitespace is not the query's length.
        let padded = format!("{}news{}", " ".repeat(600), "\t".repeat(600));
        assert_eq!(fts_query(&padded).as_deref(), Some("\"news\""));
    }

    #[test]
    fn error_messages_show_a_clipped_query() {
        assert_eq!(clipped("  short  "), "short");
        let long = "é".repeat(100);
        let shown = clipped(&long);
        assert_eq!(shown.chars().count(), 61);
        assert!(shown.ends_with('…'));
    }
}
