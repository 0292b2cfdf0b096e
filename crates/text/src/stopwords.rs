//! Stopwords per language: small embedded lists (function words plus the reporting verbs and
//! calendar words every news article has), written for Tidings.

use std::collections::HashSet;
use std::sync::LazyLock;

const EN: &str = "a about above after again against all also although am an and another any are \
aren't around as at be because been before being below between both but by can can't cannot could \
couldn't did didn't do does doesn't doing don't down during each either even ever every few for \
from further had hadn't has hasn't have haven't having he he'd he'll he's her here hers herself him \
himself his how however i i'd i'll i'm i've if in into is isn't it it's its itself just last least \
less let's like made make many may me might more most much must mustn't my myself neither never new \
no nor not now of off often on once one only or other others otherwise our ours ourselves out over \
own per perhaps rather same several shall she she'd she'll she's should shouldn't since so some such \
than that that's the their theirs them themselves then there there's these they they'd they'll \
they're they've this those though through thus to too toward towards under until up upon us very \
via was wasn't we we'd we'll we're we've were weren't what what's when where whether which while \
who who's whom whose why will with within without won't would wouldn't yet you you'd you'll you're \
you've your yours yourself yourselves said says say saying told tells according also mr mrs ms \
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week weeks year \
years month months day days time times people percent news report reported reports reuters ap afp \
am pm et gmt utc posted updated update updated: copyright rights reserved read more click share \
email print comments image photo video";

const DE: &str = "aber alle allem allen aller alles als also am an ander andere anderem anderen \
anderer anderes auch auf aus bei beim bin bis bist da damit dann das dass daß dem den denn der des \
dessen dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen \
einer eines er es etwa euch euer für gegen gewesen hab habe haben hat hatte hätte hier hin hinter \
ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in ins ist ja jede jedem jeden jeder jedes jetzt \
kann kein keine keinem keinen keiner können könnte man manche mehr mein meine mich mir mit muss \
musste nach nicht nichts noch nun nur ob oder ohne schon sehr sein seine seinem seinen seiner seit \
sich sie sind so solche soll sollte sondern sonst über um und uns unser unter viel vom von vor \
war waren warum was weil weiter welche welchem welchen welcher wenn wer werde werden wie wieder \
will wir wird wo wollen wurde würde wurden zu zum zur zwar zwischen sagte sagt sagten erklärte \
laut heute gestern montag dienstag mittwoch donnerstag freitag samstag sonntag jahr jahre jahren \
prozent uhr";

const FR: &str = "a à afin ai aie aient ainsi alors après as au aucun aujourd'hui auprès aussi \
autre autres aux avaient avait avant avec avez avoir avons ayant c ça car ce ceci cela celle celles \
celui ces cet cette ceux chaque chez comme comment d dans de depuis des donc dont du elle elles en \
encore entre es est et étaient était été être eu eux fait faire fut il ils j je jusqu l la le les \
leur leurs lors lui m ma mais me même mes moi mon n ne ni nos notre nous on ont ou où par parce \
pas pendant peu peut plus pour pourquoi qu quand que quel quelle quelles quels qui s sa sans se \
selon ses si son sont sous sur t ta te tes toi ton tous tout toute toutes très tu un une vers vos \
votre vous y a-t-il déclaré dit selon lundi mardi mercredi jeudi vendredi samedi dimanche an ans \
année années hier jour jours heures";

const ES: &str = "a al algo algunas algunos ante antes aquel aquella aquellas aquellos aquí así \
aunque cada como con contra cual cuales cuando de del desde donde dos e el él ella ellas ellos en \
entre era eran es esa esas ese eso esos esta está están estaba estaban estas este esto estos fue \
fueron ha había habían han hasta hay la las le les lo los más me mi mientras muy más nada ni no \
nos nosotros o otra otras otro otros para pero poco por porque que qué quien quienes se sea según \
ser si sí sido sin sobre son su sus también tan tanto te tiene tienen todo todos tras tu un una \
uno unos y ya yo dijo afirmó aseguró explicó lunes martes miércoles jueves viernes sábado domingo \
año años ayer hoy día días horas";

const IT: &str = "a ad al alla alle agli ai anche ancora avere aveva c che chi ci come con contro \
così cui da dal dalla dalle dei del della delle dello di dove e è ed era erano essere fra gli ha \
hanno i il in io la le lei lo loro lui ma mi molto ne negli nei nel nella nelle no noi non o per \
perché più poi può quale quando quella quelle quello questa queste questo qui se sei si sia sono \
sta su sua sue sui sul sulla suo suoi tra tutti tutto un una uno detto ha dichiarato anni anno";

const PT: &str = "a à ao aos as às até com como da das de dela dele deles do dos e é ela elas ele \
eles em entre era eram essa esse esta este eu foi foram há isso isto já lhe mais mas me mesmo \
meu muito na nas não nem no nos nós o os ou para pela pelas pelo pelos por qual quando que quem \
se sem ser seu seus sua suas também te tem têm um uma umas uns você disse afirmou ano anos";

const NL: &str = "aan al als bij daar dan dat de der deze die dit doch door dus een en er haar \
heb hebben heeft hem het hij hoe hun ik in is je kan maar me men met mij na naar niet nog nu of \
om omdat ons ook op over te tegen toch toen tot u uit van veel voor want was wat we wel werd \
wij wordt zal ze zei zelf zich zij zijn zo zou jaar";

fn set(words: &'static str) -> HashSet<&'static str> {
    words.split_whitespace().collect()
}

static LISTS: LazyLock<[(&'static str, HashSet<&'static str>); 7]> = LazyLock::new(|| {
    [
        ("en", set(EN)),
        ("de", set(DE)),
        ("fr", set(FR)),
        ("es", set(ES)),
        ("it", set(IT)),
        ("pt", set(PT)),
        ("nl", set(NL)),
    ]
});

static ALL: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| LISTS.iter().flat_map(|(_, s)| s.iter().copied()).collect());

/// True when a lower-case word is a stopword of the language (ISO 639-1). English stopwords
/// count in every language (news in any language quotes English names and phrases); for a
/// language without a list, or an unknown one, the words of all lists count.
pub fn is_stopword(lang: Option<&str>, word: &str) -> bool {
    let en = &LISTS[0].1;
    match lang.and_then(|l| LISTS.iter().find(|(code, _)| *code == l)) {
        Some((_, list)) => list.contains(word) || en.contains(word),
        None => ALL.contains(word),
    }
}

/// True when the language has its own list.
pub fn has_list(lang: &str) -> bool {
    LISTS.iter().any(|(code, _)| *code == lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_language() {
        assert!(is_stopword(Some("en"), "the"));
        assert!(is_stopword(Some("de"), "und"));
        assert!(is_stopword(Some("fr"), "selon"));
        assert!(is_stopword(Some("es"), "según"));
        assert!(!is_stopword(Some("en"), "earthquake"));
        assert!(!is_stopword(Some("de"), "erdbeben"));
        assert!(is_stopword(None, "und"));
        assert!(is_stopword(Some("xx"), "the"));
        assert!(has_list("fr") && !has_list("xx"));
    }
}
