//! Snowball stems per language (rust-stemmers).

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer as Snowball};

/// A Snowball stemmer for one language; words of languages without one pass through unchanged.
pub struct Stemmer {
    inner: Option<Snowball>,
}

impl Stemmer {
    /// The stemmer for an ISO 639-1 code ("en", "de", "fr", "es", …); identity when Snowball has
    /// no algorithm for it (or the language is unknown).
    pub fn new(lang: Option<&str>) -> Stemmer {
        Stemmer {
            inner: lang.and_then(algorithm).map(Snowball::create),
        }
    }

    /// True when a Snowball algorithm is in use.
    pub fn is_stemming(&self) -> bool {
        self.inner.is_some()
    }

    /// The stem of a lower-case word.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match &self.inner {
            Some(s) => s.stem(word),
            None => Cow::Borrowed(word),
        }
    }
}

fn algorithm(lang: &str) -> Option<Algorithm> {
    Some(match lang {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_per_language() {
        let en = Stemmer::new(Some("en"));
        assert_eq!(en.stem("negotiations"), en.stem("negotiating"));
        let de = Stemmer::new(Some("de"));
        assert_eq!(de.stem("verhandlungen"), de.stem("verhandlung"));
        let fr = Stemmer::new(Some("fr"));
        assert_eq!(fr.stem("négociations"), fr.stem("négociation"));
        let es = Stemmer::new(Some("es"));
        assert_eq!(es.stem("negociaciones"), es.stem("negociación"));
    }

    #[test]
    fn unknown_language_is_identity() {
        let s = Stemmer::new(Some("xx"));
        assert!(!s.is_stemming());
        assert_eq!(s.stem("words"), "words");
        assert_eq!(Stemmer::new(None).stem("words"), "words");
    }
}
