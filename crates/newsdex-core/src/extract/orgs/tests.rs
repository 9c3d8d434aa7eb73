//! Organisation extraction on invented sentences.

use super::*;
use crate::extract::input::ExtractInput;

fn slugs(title: &str, body: &str) -> Vec<String> {
    let input = ExtractInput {
        title,
        dateline: None,
        body,
        captions: &[],
    };
    OrgExtractor::new()
        .extract(&input)
        .into_iter()
        .map(|o| o.slug)
        .collect()
}

#[test]
fn international_bodies_by_name_and_acronym() {
    assert_eq!(
        slugs(
            "",
            "The United Nations Security Council met as OPEC ministers and the \
             International Monetary Fund gathered. The EC and the World Bank agreed."
        ),
        ["un/security-council", "opec", "imf", "eu", "world-bank"]
    );
    // Dotted and plain acronyms are one organisation.
    assert_eq!(slugs("", "U.N. envoys and UN staff"), ["un"]);
}

#[test]
fn acronyms_match_only_in_capitals_and_names_only_capitalised() {
    assert!(slugs("", "the who, what and why; the united nations of fans").is_empty());
    assert!(slugs("", "Un homme a dit.").is_empty());
    // An acronym inside a longer word is no match.
    assert!(slugs("", "UNESCOs and OPECs").is_empty());
}

#[test]
fn short_names_need_their_organisation_in_the_story() {
    // "Council" alone is the city council; with the UN named it is the
    // Security Council.
    assert!(slugs("", "The Council voted to close the library.").is_empty());
    assert_eq!(
        slugs("", "At the UN, the Council voted on a truce."),
        ["un", "un/security-council"]
    );
    assert_eq!(slugs("", "The IMF said the Fund would lend more."), ["imf"]);
}

#[test]
fn all_capitals_headlines_skip_words_that_are_also_acronyms() {
    assert_eq!(slugs("WHO SAYS OPEC WILL CUT OUTPUT", ""), ["opec"]);
    assert_eq!(slugs("WHO warns of outbreak", ""), ["un/who"]);
}

#[test]
fn companies_and_parties_by_their_shape() {
    assert_eq!(
        slugs(
            "",
            "Shares of Zendrix Pharmaceuticals Inc rose. Orvane Holdings Corp. and \
             Tallow Brook and Co traded. The Green Lantern Party won seats."
        ),
        [
            "zendrix-pharmaceuticals",
            "orvane-holdings",
            "tallow-brook",
            "green-lantern-party"
        ]
    );
    // Lowercase legal forms and sentence words are no company.
    assert!(slugs("", "The co-op and a party in the park.").is_empty());
}

#[test]
fn companies_of_the_generated_list_are_found_by_name() {
    assert_eq!(
        slugs(
            "",
            "Analysts at Morgan Stanley and Goldman Sachs disagreed."
        ),
        ["morgan-stanley", "goldman-sachs"]
    );
}

#[test]
fn a_name_is_found_once_in_order_of_first_mention() {
    let input = ExtractInput {
        title: "Hamas rejects plan",
        dateline: None,
        body: "Hamas and the White House. Hamas again.",
        captions: &["NATO photo".to_string()],
    };
    let orgs = OrgExtractor::new().extract(&input);
    let slugs: Vec<&str> = orgs.iter().map(|o| o.slug.as_str()).collect();
    assert_eq!(slugs, ["hamas", "white-house", "nato"]);
    assert_eq!(orgs[1].name, "White House");
}

#[test]
fn the_registry_resolves_slugs_names_and_acronyms() {
    let orgs = OrgRegistry::new();
    for (input, slug) in [
        ("un-security-council", "un/security-council"),
        ("UN Security Council", "un/security-council"),
        ("unsc", "un/security-council"),
        ("hamas", "hamas"),
        ("European Community", "eu"),
        ("Fed", "federal-reserve"),
        ("federal reserve", "federal-reserve"),
        ("morgan stanley", "morgan-stanley"),
    ] {
        assert_eq!(
            orgs.resolve(input).map(|o| o.slug.as_str()),
            Some(slug),
            "{input}"
        );
    }
    // A name that needs context names nothing on its own.
    assert!(orgs.resolve("council").is_none());
    assert_eq!(
        orgs.label("un/security-council"),
        Some("UN Security Council")
    );
}

#[test]
fn the_shipped_gazetteer_is_well_formed() {
    let text = include_str!("../gazetteer/orgs.tsv");
    let mut slugs = std::collections::BTreeSet::new();
    let mut labelled = std::collections::BTreeSet::new();
    let rows: Vec<_> = gazetteer::rows().collect();
    let lines = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .count();
    assert_eq!(rows.len(), lines, "a row has an unknown kind or flag");
    for row in &rows {
        assert!(
            row.slug
                .split('/')
                .all(|part| !part.is_empty() && part == gazetteer::slug_of(part)),
            "{}",
            row.slug
        );
        slugs.insert(row.slug);
        if row.kind == gazetteer::Kind::Label {
            assert!(labelled.insert(row.slug), "two labels for {}", row.slug);
        }
    }
    for slug in &slugs {
        assert!(labelled.contains(slug), "{slug} has no label");
        if let Some((parent, _)) = slug.rsplit_once('/') {
            assert!(slugs.contains(parent), "{slug} has no parent {parent}");
        }
    }
    // The word lists parse.
    let lists = gazetteer::word_lists();
    assert!(lists.corporate_suffixes.contains("corp"));
    assert!(lists.party_words.contains("party"));
    assert!(lists.not_name.contains("the"));
    // The prefilter lets every legal form and party word through, as
    // written and dotted ("N.V."), and stops other words.
    for word in lists.corporate_suffixes.iter().chain(&lists.party_words) {
        assert!(lists.may_end_name(word), "{word}");
        let dotted: String = word.chars().flat_map(|c| [c, '.']).collect();
        assert!(lists.may_end_name(&dotted.to_uppercase()), "{dotted}");
    }
    for word in ["China", "Reuters", "Thursday", "9", "É"] {
        assert!(!lists.may_end_name(word), "{word}");
    }
}

#[test]
fn extraction_is_linear_in_the_text() {
    use crate::growth::assert_linear;
    let x = OrgExtractor::new();
    for (name, unit) in [
        ("names", "UN Security Council Hamas "),
        ("name prefixes", "United Nationx Internationa "),
        ("legal forms", "Alpha Beta Gamma Delta Corp Inc Co "),
        ("runs of legal forms", "Corp "),
    ] {
        assert_linear(
            name,
            1 << 16,
            |n| unit.repeat(n / unit.len()),
            |text| {
                let input = ExtractInput {
                    title: "",
                    dateline: None,
                    body: text,
                    captions: &[],
                };
                std::hint::black_box(x.extract(&input));
            },
        );
    }
}

#[test]
fn labels_without_the_registry_equal_the_registrys() {
    let registry = OrgRegistry::new();
    let mut slugs: Vec<&str> = registry.all().iter().map(|org| org.slug.as_str()).collect();
    slugs.extend(["", "no-such-org", "un/no-such-body", "-"]);
    let scanned = super::registry::scan_labels(&slugs);
    for (slug, label) in slugs.iter().zip(&scanned) {
        assert_eq!(label.as_deref(), registry.label(slug), "{slug:?}");
    }
    // Every company's slug test agrees with building its slug.
    for name in gazetteer::companies().chain(["Société Générale", "A. O. Smith", "--x--"]) {
        let slug = gazetteer::slug_of(name);
        assert!(gazetteer::slug_is(name, &slug), "{name:?}");
        assert!(!gazetteer::slug_is(name, &format!("{slug}-x")), "{name:?}");
    }
}
