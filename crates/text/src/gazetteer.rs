//! Small embedded gazetteers: countries (with their other names and demonyms), capitals (each
//! linked to its country) and major organisations. Written for Tidings.
//!
//! Lookups take the normal form of a phrase: lower case, single spaces, no periods
//! ("U.S." → "us").

use std::collections::HashMap;
use std::sync::LazyLock;

/// The kind of a named entity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person ("Benjamin Netanyahu").
    Person,
    /// An organisation ("United Nations", "Reuters", "Foreign Ministry").
    Organisation,
    /// A place: country, city, region ("Iran", "Tehran").
    Place,
    /// A name the chunker could not place in one of the other kinds.
    Other,
}

/// What the gazetteer knows about a phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// The canonical name ("Iran" for "Iranian").
    pub name: &'static str,
    /// Its kind.
    pub kind: EntityKind,
    /// For a capital, the country it is the capital of.
    pub country: Option<&'static str>,
}

/// Country | other names and demonyms (comma-separated) | capital.
const COUNTRIES: &str = "\
Afghanistan|Afghan,Afghans|Kabul
Albania|Albanian,Albanians|Tirana
Algeria|Algerian,Algerians,Algérie,Argelia,Algerien|Algiers
Argentina|Argentine,Argentinian,Argentinians,Argentinien,Argentine Republic|Buenos Aires
Armenia|Armenian,Armenians,Arménie,Armenien|Yerevan
Australia|Australian,Australians,Australie,Australien|Canberra
Austria|Austrian,Austrians,Österreich,Autriche|Vienna
Azerbaijan|Azerbaijani,Azerbaijanis,Aserbaidschan|Baku
Bahrain|Bahraini,Bahrainis|Manama
Bangladesh|Bangladeshi,Bangladeshis|Dhaka
Belarus|Belarusian,Belarusians,Weißrussland,Biélorussie|Minsk
Belgium|Belgian,Belgians,Belgique,Belgien,Bélgica|Brussels
Bolivia|Bolivian,Bolivians|La Paz
Bosnia and Herzegovina|Bosnia,Bosnian,Bosnians|Sarajevo
Brazil|Brazilian,Brazilians,Brasil,Brésil,Brasilien|Brasília
Bulgaria|Bulgarian,Bulgarians,Bulgarie,Bulgarien|Sofia
Cambodia|Cambodian,Cambodians|Phnom Penh
Canada|Canadian,Canadians,Kanada|Ottawa
Chile|Chilean,Chileans,Chili|Santiago
China|Chinese,PRC,People's Republic of China,Chine|Beijing
Colombia|Colombian,Colombians,Colombie,Kolumbien|Bogotá
Croatia|Croatian,Croatians,Croatie,Kroatien|Zagreb
Cuba|Cuban,Cubans,Kuba|Havana
Cyprus|Cypriot,Cypriots,Chypre,Zypern|Nicosia
Czech Republic|Czechia,Czech,Czechs,Tschechien|Prague
Denmark|Danish,Danes,Danemark,Dänemark,Dinamarca|Copenhagen
Ecuador|Ecuadorian,Ecuadorians|Quito
Egypt|Egyptian,Egyptians,Égypte,Ägypten,Egipto|Cairo
Estonia|Estonian,Estonians,Estland|Tallinn
Ethiopia|Ethiopian,Ethiopians,Äthiopien|Addis Ababa
Finland|Finnish,Finns,Finlande,Finnland|Helsinki
France|French,Frankreich,Francia|Paris
Georgia|Georgian,Georgians,Géorgie,Georgien|Tbilisi
Germany|German,Germans,Deutschland,Allemagne,Alemania|Berlin
Ghana|Ghanaian,Ghanaians|Accra
Greece|Greek,Greeks,Grèce,Griechenland,Grecia|Athens
Hungary|Hungarian,Hungarians,Hongrie,Ungarn|Budapest
Iceland|Icelandic,Icelanders|Reykjavik
India|Indian,Indians,Inde,Indien|New Delhi
Indonesia|Indonesian,Indonesians,Indonésie,Indonesien|Jakarta
Iran|Iranian,Iranians,Islamic Republic,Persia,Irán|Tehran
Iraq|Iraqi,Iraqis,Irak|Baghdad
Ireland|Irish,Irlande,Irland,Irlanda|Dublin
Israel|Israeli,Israelis,Israël|Jerusalem
Italy|Italian,Italians,Italie,Italien,Italia|Rome
Japan|Japanese,Japon,Japón|Tokyo
Jordan|Jordanian,Jordanians,Jordanie,Jordanien|Amman
Kazakhstan|Kazakh,Kazakhs,Kasachstan|Astana
Kenya|Kenyan,Kenyans,Kenia|Nairobi
Kuwait|Kuwaiti,Kuwaitis|Kuwait City
Latvia|Latvian,Latvians,Lettland|Riga
Lebanon|Lebanese,Liban,Libanon,Líbano|Beirut
Libya|Libyan,Libyans,Libye,Libyen,Libia|Tripoli
Lithuania|Lithuanian,Lithuanians,Litauen|Vilnius
Malaysia|Malaysian,Malaysians|Kuala Lumpur
Mexico|Mexican,Mexicans,Mexique,Mexiko,México|Mexico City
Moldova|Moldovan,Moldovans|Chisinau
Morocco|Moroccan,Moroccans,Maroc,Marokko,Marruecos|Rabat
Myanmar|Burma,Burmese|Naypyidaw
Nepal|Nepalese,Nepali|Kathmandu
Netherlands|Dutch,Holland,Pays-Bas,Niederlande,Países Bajos|Amsterdam
New Zealand|New Zealanders,Neuseeland|Wellington
Nigeria|Nigerian,Nigerians|Abuja
North Korea|North Korean,North Koreans,DPRK,Nordkorea,Corée du Nord,Corea del Norte|Pyongyang
Norway|Norwegian,Norwegians,Norvège,Norwegen,Noruega|Oslo
Oman|Omani,Omanis|Muscat
Pakistan|Pakistani,Pakistanis|Islamabad
Palestine|Palestinian,Palestinians,Palestinian territories|Ramallah
Peru|Peruvian,Peruvians,Pérou|Lima
Philippines|Filipino,Filipinos,Philippine|Manila
Poland|Polish,Poles,Pologne,Polen,Polonia|Warsaw
Portugal|Portuguese|Lisbon
Qatar|Qatari,Qataris,Katar|Doha
Romania|Romanian,Romanians,Roumanie,Rumänien,Rumania|Bucharest
Russia|Russian,Russians,Russian Federation,Russie,Russland,Rusia|Moscow
Saudi Arabia|Saudi,Saudis,Arabie saoudite,Saudi-Arabien,Arabia Saudita|Riyadh
Serbia|Serbian,Serbians,Serbs,Serbie,Serbien|Belgrade
Singapore|Singaporean,Singaporeans|Singapore
Slovakia|Slovak,Slovaks,Slowakei|Bratislava
Slovenia|Slovenian,Slovenians,Slowenien|Ljubljana
Somalia|Somali,Somalis,Somalie|Mogadishu
South Africa|South African,South Africans,Südafrika,Afrique du Sud,Sudáfrica|Pretoria
South Korea|South Korean,South Koreans,Südkorea,Corée du Sud,Corea del Sur|Seoul
Spain|Spanish,Spaniards,Espagne,Spanien,España|Madrid
Sri Lanka|Sri Lankan,Sri Lankans|Colombo
Sudan|Sudanese,Soudan|Khartoum
Sweden|Swedish,Swedes,Suède,Schweden,Suecia|Stockholm
Switzerland|Swiss,Suisse,Schweiz,Suiza|Bern
Syria|Syrian,Syrians,Syrie,Syrien,Siria|Damascus
Taiwan|Taiwanese|Taipei
Thailand|Thai,Thaïlande|Bangkok
Tunisia|Tunisian,Tunisians,Tunisie,Tunesien,Túnez|Tunis
Turkey|Turkish,Turks,Türkiye,Turquie,Türkei,Turquía|Ankara
Ukraine|Ukrainian,Ukrainians,Ucrania|Kyiv,Kiev
United Arab Emirates|UAE,Emirati,Emiratis,Emirates|Abu Dhabi
United Kingdom|UK,Britain,Great Britain,British,Britons,Royaume-Uni,Großbritannien,Reino Unido|London
United States|US,USA,United States of America,America,American,Americans,États-Unis,Etats-Unis,USA,Vereinigte Staaten,Estados Unidos,EEUU|Washington
Venezuela|Venezuelan,Venezuelans|Caracas
Vietnam|Vietnamese,Viet Nam|Hanoi
Yemen|Yemeni,Yemenis,Jemen|Sanaa
Zimbabwe|Zimbabwean,Zimbabweans|Harare
";

/// Canonical name | other names (comma-separated).
const ORGANISATIONS: &str = "\
United Nations|UN,U.N.,Vereinte Nationen,Nations unies,Naciones Unidas,ONU,UNO
UN Security Council|Security Council,UNSC
NATO|North Atlantic Treaty Organization,OTAN
European Union|EU,Union européenne,Europäische Union,Unión Europea,UE
European Commission|Commission européenne,Europäische Kommission,Comisión Europea
World Health Organization|WHO,OMS,Weltgesundheitsorganisation
International Monetary Fund|IMF,FMI,Internationaler Währungsfonds
World Bank|Weltbank,Banque mondiale,Banco Mundial
International Atomic Energy Agency|IAEA,AIEA
OPEC|Organization of the Petroleum Exporting Countries
International Criminal Court|ICC
Red Cross|International Committee of the Red Cross,ICRC,Red Crescent
Amnesty International|Amnesty
Human Rights Watch|HRW
White House|Maison Blanche,Weißes Haus,Casa Blanca
Pentagon|Department of Defense
State Department|Department of State
Kremlin|Kreml
FBI|Federal Bureau of Investigation
CIA|Central Intelligence Agency
NASA|National Aeronautics and Space Administration
Congress|US Congress
Senate|US Senate
Federal Reserve|Fed
European Central Bank|ECB,EZB,BCE
Hamas
Hezbollah|Hizbollah,Hisbollah
Taliban
Islamic State|ISIS,ISIL,Daesh
Al-Qaeda|al Qaeda,al-Qaida,Al Qaeda
Revolutionary Guards|IRGC,Islamic Revolutionary Guard Corps
Reuters
Associated Press|AP
Agence France-Presse|AFP
BBC|British Broadcasting Corporation
CNN
Google|Alphabet
Apple
Microsoft
Amazon
Meta|Facebook
Twitter|X Corp
Tesla
Toyota
Boeing
Airbus
Olympic Games|Olympics
FIFA
";

static TABLE: LazyLock<HashMap<String, Known>> = LazyLock::new(build);

fn build() -> HashMap<String, Known> {
    let mut m = HashMap::new();
    let mut put = |alias: &str, known: Known| {
        let key = key_of(alias);
        if !key.is_empty() {
            m.entry(key).or_insert(known);
        }
    };
    for line in COUNTRIES.lines() {
        let mut parts = line.split('|');
        let (Some(name), Some(aliases), Some(capitals)) =
            (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let country = Known {
            name,
            kind: EntityKind::Place,
            country: None,
        };
        put(name, country);
        for a in aliases.split(',') {
            put(a, country);
        }
        let canonical = capitals.split(',').next().unwrap_or(capitals);
        for c in capitals.split(',') {
            put(
                c,
                Known {
                    name: canonical,
                    kind: EntityKind::Place,
                    country: Some(name),
                },
            );
        }
    }
    for line in ORGANISATIONS.lines() {
        let mut parts = line.split('|');
        let Some(name) = parts.next() else { continue };
        let org = Known {
            name,
            kind: EntityKind::Organisation,
            country: None,
        };
        put(name, org);
        for a in parts.next().unwrap_or("").split(',') {
            put(a, org);
        }
    }
    m
}

/// The lookup key of a phrase: lower case, periods removed, white space collapsed.
pub fn key_of(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len());
    for word in phrase.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .filter(|&c| c != '.')
                .flat_map(char::to_lowercase),
        );
    }
    out
}

/// What the gazetteer knows about a phrase ("Iranian", "U.S.", "Tehran", "UN"), if anything.
pub fn lookup(phrase: &str) -> Option<Known> {
    TABLE.get(&key_of(phrase)).copied()
}

/// [`lookup`] for a phrase already in key form (see [`key_of`]).
pub fn lookup_key(key: &str) -> Option<Known> {
    TABLE.get(key).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demonyms_and_capitals() {
        let iranian = lookup("Iranian").map(|k| k.name);
        assert_eq!(iranian, Some("Iran"));
        assert_eq!(lookup("U.S.").map(|k| k.name), Some("United States"));
        let tehran = lookup("Tehran");
        assert_eq!(tehran.and_then(|k| k.country), Some("Iran"));
        assert_eq!(lookup("Kiev").map(|k| k.name), Some("Kyiv"));
        assert_eq!(lookup("Allemagne").map(|k| k.name), Some("Germany"));
        assert_eq!(
            lookup("U.N.").map(|k| k.kind),
            Some(EntityKind::Organisation)
        );
        assert_eq!(lookup("nowhere land"), None);
    }
}
