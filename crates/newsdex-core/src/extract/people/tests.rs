//! Tests of the people extractor on invented text in the shapes of news
//! and wire stories.

use super::*;

fn people(body: &str) -> Vec<Person> {
    people_with_title("", body)
}

fn people_with_title(title: &str, body: &str) -> Vec<Person> {
    let input = ExtractInput {
        title,
        dateline: None,
        body,
        captions: &[],
    };
    PeopleExtractor::new().extract(&input, &CountryTagger::new())
}

fn slugs(people: &[Person]) -> Vec<&str> {
    people.iter().map(|p| p.slug.as_str()).collect()
}

#[test]
fn roles_before_names() {
    let p = people(
        "UN Secretary General Antonio Guterres spoke. Israeli Prime Minister Benjamin \
         Netanyahu replied. State Department spokesman Matthew Miller said so. \
         Chancellor of the Exchequer Nigel Lawson agreed with Bank of Japan Governor \
         Satoshi Sumita.",
    );
    assert_eq!(
        slugs(&p),
        [
            "antonio-guterres",
            "benjamin-netanyahu",
            "matthew-miller",
            "nigel-lawson",
            "satoshi-sumita"
        ]
    );
    assert_eq!(p[0].roles, ["UN Secretary General"]);
    assert_eq!(p[1].roles, ["Israeli Prime Minister"]);
    assert_eq!(p[2].roles, ["State Department spokesman"]);
    assert_eq!(p[3].roles, ["Chancellor of the Exchequer"]);
    assert_eq!(p[4].roles, ["Bank of Japan Governor"]);
}

#[test]
fn lowercase_roles_and_apposition() {
    let p = people(
        "He met national security adviser Jake Sullivan and defence minister Yoav \
         Gallant. Vassily Nebenzia, Russia’s ambassador to the U.N., said no. Tzachi \
         Hanegbi, a close confidant, did not. Gaza Strip Rafah, a city, did not.",
    );
    assert_eq!(
        slugs(&p),
        [
            "jake-sullivan",
            "yoav-gallant",
            "vassily-nebenzia",
            "tzachi-hanegbi"
        ]
    );
    assert_eq!(p[0].roles, ["national security adviser"]);
}

#[test]
fn surname_mentions_link_to_the_full_name() {
    let p = people(
        "President Talbot spoke on Monday. Later, Walter Talbot told reporters. \
         Treasury Secretary Helen Marsh agreed, Marsh said.",
    );
    assert_eq!(slugs(&p), ["walter-talbot", "helen-marsh"]);
    assert_eq!(p[0].roles, ["President"]);
}

#[test]
fn diacritics_initials_and_hyphens() {
    let p = people(
        "UN secretary-general António Guterres wrote on X. Secretary of State Antony J. \
         Blinken and US Ambassador Linda Thomas-Greenfield agreed.",
    );
    assert_eq!(
        slugs(&p),
        [
            "antonio-guterres",
            "antony-blinken",
            "linda-thomas-greenfield"
        ]
    );
    assert_eq!(p[1].name, "Antony J. Blinken");
}

#[test]
fn places_organisations_and_days_are_not_people() {
    let p = people(
        "The Security Council met in Gaza City on Friday. The White House and Hamas \
         said the United States would abstain. Prime Minister Israel was no person.",
    );
    assert!(p.is_empty(), "{p:?}");
}

#[test]
fn reuters_headlines() {
    // Invented headlines in the shapes of Reuters-21578 titles.
    let p = people_with_title("TREASURY'S HALVORSEN SAYS DOLLAR WILL HOLD", "");
    assert_eq!(slugs(&p), ["halvorsen"]);
    let p = people_with_title("PRESIDENT TALBOT SAYS HE WILL SIGN FARM BILL", "");
    assert_eq!(slugs(&p), ["talbot"]);
    let p = people_with_title("GRETA OKAFOR SAYS SHE WILL BID FOR AIRLINE", "");
    assert_eq!(slugs(&p), ["greta-okafor"]);
    let p = people_with_title("Kowalczyk says the zloty slide is only temporary", "");
    assert_eq!(slugs(&p), ["kowalczyk"]);
    let p = people_with_title("Output stays under the agreed ceiling - Ramdani", "");
    assert_eq!(slugs(&p), ["ramdani"]);
    let p = people_with_title(
        "LINDQVIST SEES SLOWER GROWTH",
        "Central bank governor Erik Lindqvist said growth would slow this year.",
    );
    assert_eq!(slugs(&p), ["erik-lindqvist"]);
    let p = people_with_title(
        "ZHOU SAYS REFORMS WILL GO ON",
        "Chinese Premier Zhou Minghua told visiting Foreign Minister Anna Berg \
         China's reforms would go on.",
    );
    assert_eq!(slugs(&p), ["zhou-minghua", "anna-berg"]);
    let p = people_with_title("HALVORSEN SAYS DEFICIT IS KEY", "****** Blah blah blah.");
    assert_eq!(slugs(&p), ["halvorsen"]);
    let p = people_with_title(
        "USDA SAYS CORN STOCKS RISE",
        "The USDA reported on Tuesday that stored corn was up sharply from a year ago.",
    );
    assert!(p.is_empty(), "{p:?}");
    for title in [
        "REPORT SAYS U.S. TRADE GAP WIDENS",
        "JAPAN SAYS IT WILL CUT TARIFFS",
        "TEXACO <TX> SAYS IT FILES SUIT",
        "Company sees higher profit",
        "OPEC SAYS OUTPUT WITHIN CEILING",
    ] {
        assert!(people_with_title(title, "").is_empty(), "{title}");
    }
}

#[test]
fn headline_word_used_in_lowercase_in_the_body_is_no_name() {
    let p = people_with_title("Output seen rising", "output rose in March");
    assert!(p.is_empty());
}

#[test]
fn companies_are_not_people() {
    let p = people(
        "Morgan Stanley and Co said so. Salomon Brothers Inc agreed, as did Nikko \
         Securities, General Motors, General Electric, Merrill Lynch Capital Markets \
         and Chase Manhattan. Dow Chemical <DOW> said Ivory Coast cocoa rose.",
    );
    assert!(p.is_empty(), "{p:?}");
}

#[test]
fn credits_and_bylines_are_not_people() {
    let p = people(
        "Angela Weiss/AFP via Getty Images. (Evelyn Hockstein/Associated Press) \
         (Alexi Rosenfeld / Getty Images file). Jaclyn Diaz reported from Jerusalem. \
         Laura King contributed to this report.",
    );
    assert!(p.is_empty(), "{p:?}");
}

#[test]
fn never_panics_on_odd_text() {
    for text in [
        "",
        "’s",
        "Mr.",
        "A. B. C.",
        "Secretary of",
        "J. ’s Smith’s",
        "President",
        "\u{301}É",
    ] {
        let _ = people_with_title(text, text);
    }
}

#[test]
fn roles_differing_only_in_case_are_one_role() {
    let p = people(
        "Treasury Secretary Helen Marsh spoke on Monday. The envoy met treasury \
         secretary Helen Marsh. Finance Minister Helen Marsh left.",
    );
    assert_eq!(slugs(&p), ["helen-marsh"]);
    assert_eq!(p[0].roles, ["Treasury Secretary", "Finance Minister"]);
}

#[test]
fn long_headlines_are_read_up_to_the_bound() {
    let filler = "THE ".repeat(super::headline::MAX_HEADLINE_WORDS + 6);
    let p = people_with_title(&format!("PRESIDENT TALBOT SAYS {filler}"), "");
    assert_eq!(slugs(&p), ["talbot"]);
    // A pair beyond the first MAX_HEADLINE_WORDS words is not read.
    let p = people_with_title(&format!("{filler}PRESIDENT TALBOT SAYS"), "");
    assert!(p.is_empty(), "{p:?}");
}

#[test]
fn many_people_in_one_article_each_keep_their_mentions() {
    // Merging goes through maps: check it links as the scan did.
    let names = ["Okafor", "Lindqvist", "Halvorsen", "Kowalczyk", "Ramdani"];
    let mut body = String::new();
    for n in names {
        body.push_str(&format!("Minister Anna {n} spoke. "));
    }
    for n in names.iter().rev() {
        body.push_str(&format!("President {n} agreed. "));
    }
    let p = people(&body);
    assert_eq!(
        slugs(&p),
        [
            "anna-okafor",
            "anna-lindqvist",
            "anna-halvorsen",
            "anna-kowalczyk",
            "anna-ramdani"
        ]
    );
    assert!(
        p.iter().all(|p| p.roles == ["Minister", "President"]),
        "{p:?}"
    );
}

/// Issue 17: "...in the United States. , Senator Charles E. Schumer of New
/// York" was not extracted: "of" continued the run after the surname, the
/// run split at that "of" and left "New York", a place.
#[test]
fn a_role_and_name_followed_by_of_and_a_place_after_odd_punctuation() {
    let p = people(
        "He spoke of a speech by the top official in the Federation. , Senator \
         Halvard K. Brenning of New Hampshire, the leader of the Senate, agreed.",
    );
    assert_eq!(slugs(&p), ["halvard-brenning"]);
    assert_eq!(p[0].roles, ["Senator"]);
    // Roles keep their connectors.
    let p = people("Chancellor of the Exchequer Nigel Lawson of Britain spoke.");
    assert_eq!(slugs(&p), ["nigel-lawson"]);
    assert_eq!(p[0].roles, ["Chancellor of the Exchequer"]);
}

/// A name the story gives a legal form is a company wherever it stands.
#[test]
fn a_name_with_a_legal_form_elsewhere_in_the_story_is_no_person() {
    let p = people(
        "Nathan Pryce Corp reported higher sales. Nathan Pryce said margins rose, \
         chairman Walter Osgood told reporters.",
    );
    assert_eq!(slugs(&p), ["walter-osgood"]);
}

/// Companies of the company lists named after people are not people.
#[test]
fn listed_companies_named_after_people_are_no_people() {
    let p = people(
        "Morgan Stanley said it would buy the unit. Merrill Lynch said the same, \
         and Charles Schwab reported losses, analyst Dana Whitcombe said.",
    );
    assert_eq!(slugs(&p), ["dana-whitcombe"]);
}

/// A full name with no evidence of its own (no given name the lists know,
/// no role) is a person when the story names its surname alone as a
/// speaker or with a title; alone, it stays out.
#[test]
fn surname_only_mentions_tie_to_a_full_name_elsewhere() {
    let p = people(
        "Kerrigan Tolliver beat the favourite in three sets. Tolliver said the wind \
         helped. Mr Quarshie, the coach, agreed with Ostrava Vantrell later on.",
    );
    assert_eq!(slugs(&p), ["kerrigan-tolliver", "quarshie"]);
    // A surname next to a speech verb with no full name to tie it to, and a
    // full name with no mention to confirm it, are no people.
    let p = people("Officials said the Harbour Lights gala was cancelled. Tolliver said no.");
    assert!(p.is_empty(), "{p:?}");
}

/// Names in a list that a speech verb ends share its evidence.
#[test]
fn names_in_a_list_ended_by_a_speech_verb() {
    let p = people("Brennart, Oyelaran and Vostrikova said the plan would fail.");
    assert_eq!(slugs(&p), ["brennart", "oyelaran", "vostrikova"]);
    let p = people(
        "Tamsin Orridge, Kwabena Felder, and Idris Mallory told reporters they \
         would appeal.",
    );
    assert_eq!(
        slugs(&p),
        ["tamsin-orridge", "kwabena-felder", "idris-mallory"]
    );
    // Places in such a list stay places.
    let p = people("Britain, France and Germany said they would abstain.");
    assert!(p.is_empty(), "{p:?}");
}

#[test]
fn office_titles_are_roles_not_part_of_the_name() {
    let p = people(
        "Ombudsman Teodora Vell told reporters there was evidence. Vell said the \
         case was closed, and Inspector Arno Quill agreed.",
    );
    assert_eq!(slugs(&p), ["teodora-vell", "arno-quill"]);
    assert_eq!(p[0].roles, ["Ombudsman"]);
    assert_eq!(p[1].roles, ["Inspector"]);
}
