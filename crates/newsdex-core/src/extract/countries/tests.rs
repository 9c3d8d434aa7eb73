//! Tests of the country tagger on invented text.

use super::*;
use crate::extract::ExtractInput;
use std::sync::OnceLock;

fn tagger() -> &'static CountryTagger {
    static T: OnceLock<CountryTagger> = OnceLock::new();
    T.get_or_init(CountryTagger::new)
}

fn input<'a>(title: &'a str, dateline: Option<&'a str>, body: &'a str) -> ExtractInput<'a> {
    ExtractInput {
        title,
        dateline,
        body,
        captions: &[],
    }
}

fn mentioned(body: &str) -> Vec<String> {
    tagger().tag(&input("", None, body)).mentioned
}

#[test]
fn names_short_forms_demonyms_capitals_and_orgs() {
    assert_eq!(mentioned("The United States and the U.S. Treasury"), ["us"]);
    assert_eq!(mentioned("US officials met in America."), ["us"]);
    assert_eq!(mentioned("Let us go; it suits us."), Vec::<String>::new());
    assert_eq!(mentioned("Britain and the UK government"), ["gb"]);
    assert_eq!(mentioned("Israeli forces and Palestinians"), ["il", "ps"]);
    assert_eq!(mentioned("A Russian envoy"), ["ru"]);
    assert_eq!(mentioned("talks in Doha and Tel Aviv"), ["il", "qa"]);
    assert_eq!(mentioned("The Bundesbank and the Knesset"), ["de", "il"]);
    assert_eq!(mentioned("French and Japanese buyers"), ["fr", "jp"]);
}

#[test]
fn historical_states_and_successor_folding() {
    assert_eq!(mentioned("West Germany and East Germany"), ["dd", "de"]);
    assert_eq!(mentioned("Burma, Zaire and Kampuchea"), ["cd", "kh", "mm"]);
    assert_eq!(mentioned("Yugoslavia and Czechoslovakia"), ["cs", "yu"]);
    // Moscow is Russia, unless the story is about the Soviet Union.
    assert_eq!(mentioned("Officials in Moscow said"), ["ru"]);
    assert_eq!(mentioned("The Soviet Union said in Moscow"), ["su"]);
}

#[test]
fn georgia_state_or_country() {
    // No Caucasus context: the US state.
    assert_eq!(mentioned("Peaches from Georgia sold well."), ["us"]);
    // Caucasus context: the country.
    assert_eq!(
        mentioned("Georgia and Russia met; Tbilisi said."),
        ["ge", "ru"]
    );
    // A local US marker wins even with Caucasus context.
    assert_eq!(
        mentioned("Russia sold gas to a plant in Atlanta, Georgia."),
        ["ru", "us"]
    );
    assert_eq!(
        mentioned("Tbilisi officials visited the Georgia state legislature."),
        ["ge", "us"]
    );
}

#[test]
fn jordan_the_person() {
    assert_eq!(mentioned("Michael Jordan scored."), Vec::<String>::new());
    assert_eq!(
        mentioned("Vernon Jordan, a lawyer, said."),
        Vec::<String>::new()
    );
    assert_eq!(mentioned("Israel and Jordan signed."), ["il", "jo"]);
    assert_eq!(mentioned("In Jordan, prices rose."), ["jo"]);
    assert_eq!(mentioned("Syria, Jordan and Egypt"), ["eg", "jo", "sy"]);
    assert_eq!(
        tagger()
            .tag(&input("JORDAN RAISES RATES", None, ""))
            .mentioned,
        ["jo"]
    );
}

#[test]
fn chad_the_name() {
    assert_eq!(
        mentioned("Chad Johnson signed a contract."),
        Vec::<String>::new()
    );
    assert_eq!(mentioned("Libya and Chad clashed."), ["ly", "td"]);
    assert_eq!(mentioned("Chad President Habre said."), ["td"]);
    assert_eq!(mentioned("Aid reached Chad."), ["td"]);
}

#[test]
fn turkey_the_bird() {
    assert_eq!(mentioned("a turkey for dinner"), Vec::<String>::new());
    assert_eq!(
        mentioned("the Thanksgiving Turkey was roasted"),
        Vec::<String>::new()
    );
    assert_eq!(mentioned("Turkey production rose"), Vec::<String>::new());
    assert_eq!(mentioned("Turkey and Greece talked."), ["gr", "tr"]);
}

#[test]
fn guinea_by_longest_match() {
    assert_eq!(mentioned("Papua New Guinea exports"), ["pg"]);
    assert_eq!(
        mentioned("Equatorial Guinea and Guinea-Bissau"),
        ["gq", "gw"]
    );
    assert_eq!(mentioned("Guinea exports bauxite"), ["gn"]);
    assert_eq!(
        mentioned("ships in the Gulf of Guinea"),
        Vec::<String>::new()
    );
    assert_eq!(mentioned("a guinea pig"), Vec::<String>::new());
}

#[test]
fn washington_is_the_united_states_either_way() {
    // Both the US government and the US state are the United States.
    assert_eq!(mentioned("Washington imposed tariffs."), ["us"]);
    assert_eq!(mentioned("apples from Washington state"), ["us"]);
    assert_eq!(mentioned("New Mexico and New South Wales"), ["au", "us"]);
}

#[test]
fn word_boundaries() {
    assert_eq!(mentioned("Indiana farmers"), ["us"]);
    assert_eq!(mentioned("Omani and Iranian"), ["ir", "om"]);
    assert_eq!(mentioned("U.S.-Japan talks"), ["jp", "us"]);
    assert_eq!(mentioned("Japan's exports"), ["jp"]);
}

#[test]
fn about_weighs_dateline_title_and_lede() {
    let body = "The minister said exports rose.\n\nA passing word on France.";
    let tags = tagger().tag(&input("TRADE SURPLUS WIDENS", Some("TOKYO"), body));
    assert_eq!(tags.about, ["jp"]);
    assert_eq!(tags.mentioned, ["fr", "jp"]);
    let tags = tagger().tag(&input("", Some("STAMFORD, Conn."), "A company said."));
    assert_eq!(tags.about, ["us"]);
    // Dateline abbreviations do not match in body text.
    assert_eq!(mentioned("Conn. Ind. Mass."), Vec::<String>::new());
}

#[test]
fn resolve_accepts_ids_codes_names_demonyms_and_reuters_labels() {
    let t = tagger();
    for alias in ["russia", "RU", "ru", "Russian", "Russian Federation"] {
        assert_eq!(t.resolve(alias).map(|c| c.id), Some("ru".into()), "{alias}");
    }
    for (alias, id) in [
        ("west-germany", "de"),
        ("West Germany", "de"),
        ("usa", "us"),
        ("uk", "gb"),
        ("ussr", "su"),
        ("east-germany", "dd"),
        ("guyana", "gy"),
        ("qatar", "qa"),
        ("ivory-coast", "ci"),
        ("hong-kong", "hk"),
    ] {
        assert_eq!(t.resolve(alias).map(|c| c.id), Some(id.into()), "{alias}");
    }
    assert_eq!(t.resolve("atlantis"), None);
    assert_eq!(t.resolve(""), None);
}

#[test]
fn every_reuters_place_label_resolves() {
    let Some(dir) = crate::test_corpus::dir() else {
        return;
    };
    let list = std::fs::read_to_string(dir.join("all-places-strings.lc.txt")).unwrap();
    let missing: Vec<&str> = list
        .split_whitespace()
        .filter(|l| tagger().resolve(l).is_none())
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn covers_every_iso_country_and_the_historical_states() {
    let all = tagger().all();
    assert!(all.len() >= 249 + 6, "{}", all.len());
    for id in ["su", "dd", "yu", "cs", "an", "yd", "mm", "cd", "kh", "de"] {
        assert!(tagger().by_id(id).is_some(), "{id}");
    }
    assert_eq!(tagger().by_id("su").unwrap().label, "Soviet Union (USSR)");
}

#[test]
fn suggest_offers_close_matches() {
    let ids = |s: &str| {
        tagger()
            .suggest(s)
            .into_iter()
            .map(|c| c.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("rusia").first().map(String::as_str), Some("ru"));
    assert!(ids("germny").contains(&"de".to_string()));
    assert!(ids("").is_empty());
}

#[test]
fn never_panics_on_odd_text() {
    for text in [
        "",
        "U.S",
        "é",
        "Jordan",
        " Chad",
        "Turkey ",
        "Georgia\u{301}",
        "\u{0}US\u{0}",
    ] {
        let _ = tagger().tag(&input(text, Some(text), text));
    }
}

/// Throughput of the tagger on the shared Reuters half:
/// `cargo test -p newsdex-core --release --lib -- --ignored tagger_throughput --nocapture`.
#[test]
#[ignore]
fn tagger_throughput() {
    let Some(stories) = crate::test_corpus::stories() else {
        return;
    };
    let t = tagger();
    let bytes: usize = stories
        .iter()
        .map(|r| r.text.len() + r.title.as_ref().map_or(0, String::len))
        .sum();
    let start = std::time::Instant::now();
    let rounds = 3;
    let mut n = 0;
    for _ in 0..rounds {
        for r in &stories {
            let tags = t.tag(&input(
                r.title.as_deref().unwrap_or(""),
                r.dateline.as_deref(),
                &r.text,
            ));
            n += tags.mentioned.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "tagger: {} stories, {:.1} MB x {rounds} in {secs:.2}s = {:.1} MB/s ({n} tags)",
        stories.len(),
        bytes as f64 / 1e6,
        (bytes * rounds) as f64 / 1e6 / secs
    );
}

#[test]
fn the_registry_resolves_what_the_tagger_tags() {
    let registry = CountryRegistry::shared();
    assert_eq!(
        registry.resolve("Britain").map(|c| c.id).as_deref(),
        Some("gb")
    );
    assert_eq!(registry.label("su"), Some("Soviet Union (USSR)"));
    assert_eq!(registry.label("xx"), None);
    // The tagger's registry is the same gazetteer.
    assert_eq!(tagger().registry().all(), registry.all());
    let tags = tagger().tag(&input("", None, "Britain and France agreed."));
    for id in &tags.mentioned {
        assert!(registry.by_id(id).is_some(), "{id}");
    }
    assert_eq!(tags.mentioned, ["fr", "gb"]);
}

#[test]
fn labels_without_the_registry_equal_the_registrys() {
    let registry = CountryRegistry::new();
    let mut ids: Vec<String> = registry.all().into_iter().map(|c| c.id).collect();
    ids.extend(["", "zz", "-", "*", "RU"].map(String::from));
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let scanned = gazetteer::labels_of(&ids);
    for (id, label) in ids.iter().zip(&scanned) {
        assert_eq!(label.as_deref(), registry.label(id), "{id:?}");
    }
    assert_eq!(
        CountryRegistry::labels_of(&["gb", "zz"]),
        [Some("United Kingdom".to_string()), None]
    );
}
