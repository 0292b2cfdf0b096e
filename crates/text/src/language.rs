//! Language identification.

use whatlang::{Detector, Lang};

/// Identifies the language of a text and returns its ISO 639-1 code ("en", "de", …), or `None`
/// when the text is too short or too mixed to tell reliably.
pub fn detect_language(text: &str) -> Option<&'static str> {
    // whatlang looks at trigrams; a long text adds nothing but time past a few thousand chars.
    let sample = prefix_chars(text, 4000);
    let info = Detector::new().detect(sample)?;
    let enough = sample.split_whitespace().count() >= 5;
    if !enough || (!info.is_reliable() && info.confidence() < 0.5) {
        return None;
    }
    Some(iso639_1(info.lang()))
}

fn prefix_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// ISO 639-1 for the languages whatlang knows that have one; ISO 639-3 for the rest.
fn iso639_1(lang: Lang) -> &'static str {
    use Lang::*;
    match lang {
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Epo => "eo",
        #[allow(unreachable_patterns)]
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_major_news_languages() {
        let cases = [
            (
                "en",
                "Iran has dismissed claims that it has sent any messages to the United States, asserting that its military is gearing up for a lengthy war.",
            ),
            (
                "de",
                "Die Bundesregierung hat am Mittwoch neue Maßnahmen gegen die steigenden Energiepreise beschlossen, wie ein Sprecher mitteilte.",
            ),
            (
                "fr",
                "Le gouvernement a annoncé mercredi de nouvelles mesures contre la hausse des prix de l'énergie, selon un porte-parole.",
            ),
            (
                "es",
                "El gobierno anunció el miércoles nuevas medidas contra la subida de los precios de la energía, según un portavoz.",
            ),
        ];
        for (code, text) in cases {
            assert_eq!(detect_language(text), Some(code), "{text}");
        }
    }

    #[test]
    fn too_little_text_is_unknown() {
        assert_eq!(detect_language(""), None);
        assert_eq!(detect_language("Iran"), None);
    }
}
