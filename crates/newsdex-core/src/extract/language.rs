//! An article's language, as an ISO 639-1 code: the language its input
//! declares, normalised ([`normalise_declared`]), else the one detected
//! from its title and body ([`detect`]).
//!
//! Detection is whatlang's trigram model (chosen over lingua for its cost:
//! see BENCHMARKS.md), fed the words of letters of the first
//! [`MAX_DETECT_BYTES`] (acronyms dropped). A guess is kept only when at
//! least [`MIN_WORD_SHARE`] of the tokens are words, whatlang's confidence
//! is at least [`MIN_CONFIDENCE`], and the text has at least
//! [`MIN_DETECT_WORDS`] distinct words ([`MIN_FOREIGN_WORDS`] for a
//! language other than English), so a headline alone, a table of figures
//! or an undecidable text gets no language rather than a wrong one (it is
//! then analysed as English, as before languages were told apart).

use whatlang::Lang;

/// Most bytes of title and body read to detect a language: a news text
/// tells its language in its opening paragraphs, and whatlang's cost
/// grows with the text. On the 11,000 Reuters stories 1 KB decides as
/// many as 4 KB (BENCHMARKS.md, "Language detection").
pub const MAX_DETECT_BYTES: usize = 1024;

/// Fewest distinct words (of at least [`MIN_WORD_LETTERS`] letters, after
/// acronyms are dropped) a text needs for a detected English to be kept.
pub const MIN_DETECT_WORDS: usize = 10;

/// Fewest distinct words a text needs for a detected language other than
/// English to be kept: an undecided article is analysed as English, so a
/// wrong foreign guess costs more than no guess and needs more evidence.
pub const MIN_FOREIGN_WORDS: usize = 20;

/// Fewest letters a word needs to count towards [`MIN_DETECT_WORDS`]; a
/// word is letters only (inner apostrophes and hyphens allowed), so
/// numbers and dotted or digit-bearing abbreviations never count.
pub const MIN_WORD_LETTERS: usize = 3;

/// Least share (0 to 1) of the whitespace-separated tokens read that must
/// be words of letters: tables and lists of figures ("Shr 1.23 dlrs vs
/// 1.05 dlrs") fall short and get no language.
pub const MIN_WORD_SHARE: f64 = 0.8;

/// Lowest whatlang confidence (0 to 1) a detected language is kept at:
/// whatlang's own `is_reliable` bar (its confidence already measures how
/// far the best language beats the runner-up).
pub const MIN_CONFIDENCE: f64 = 0.9;

/// Codes of ISO 639-2/B ("bibliographic") that differ from ISO 639-3,
/// which [`isolang`] knows: what library catalogues and some feeds use.
const BIBLIOGRAPHIC: &[(&str, &str)] = &[
    ("alb", "sq"),
    ("arm", "hy"),
    ("baq", "eu"),
    ("bur", "my"),
    ("chi", "zh"),
    ("cze", "cs"),
    ("dut", "nl"),
    ("fre", "fr"),
    ("geo", "ka"),
    ("ger", "de"),
    ("gre", "el"),
    ("ice", "is"),
    ("mac", "mk"),
    ("mao", "mi"),
    ("may", "ms"),
    ("per", "fa"),
    ("rum", "ro"),
    ("slo", "sk"),
    ("tib", "bo"),
    ("wel", "cy"),
];

/// The ISO 639-1 code of a declared language, as inputs spell it: a
/// language tag (`en-GB`, `pt_BR`, `zh-Hant-TW`), an ISO 639-1, 639-2/B or
/// 639-3 code (`fr`, `fre`, `fra`), or an English or native name
/// (`English`, `français`). `None` when it names no language with an ISO
/// 639-1 code (the caller warns and detects instead).
///
/// ```
/// use newsdex_core::extract::language::normalise_declared;
/// assert_eq!(normalise_declared("en-GB"), Some("en"));
/// assert_eq!(normalise_declared("English"), Some("en"));
/// assert_eq!(normalise_declared("fre"), Some("fr"));
/// assert_eq!(normalise_declared("Klingon-ish"), None);
/// ```
pub fn normalise_declared(declared: &str) -> Option<&'static str> {
    let declared = declared.trim();
    // A tag's primary subtag; an Accept-Language list's first entry.
    let primary = declared
        .split([',', ';'])
        .next()
        .unwrap_or("")
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let by_code = match primary.len() {
        2 => isolang::Language::from_639_1(&primary),
        3 => BIBLIOGRAPHIC
            .iter()
            .find(|(b, _)| *b == primary)
            .and_then(|(_, code)| isolang::Language::from_639_1(code))
            .or_else(|| isolang::Language::from_639_3(&primary)),
        _ => None,
    };
    let language = by_code.or_else(|| {
        let name = declared.to_lowercase();
        isolang::Language::from_name_lowercase(&name)
            .or_else(|| isolang::Language::from_autonym(declared))
            .or_else(|| isolang::Language::from_autonym(&name))
    })?;
    language.to_639_1()
}

/// The English name of the language with ISO 639-1 code `code`.
///
/// ```
/// assert_eq!(newsdex_core::extract::language::name("fr"), Some("French"));
/// ```
pub fn name(code: &str) -> Option<&'static str> {
    isolang::Language::from_639_1(code).map(|l| l.to_name())
}

/// The language of `title` and `body`, when whatlang tells it under the
/// rules of the module documentation, from their first
/// [`MAX_DETECT_BYTES`].
///
/// ```
/// use newsdex_core::extract::language::detect;
/// let body = "Le conseil municipal s'est réuni mardi pour discuter du nouveau budget \
///     des écoles. Plusieurs élus ont demandé davantage de moyens pour les \
///     enseignants, et le vote a été reporté à la semaine prochaine.";
/// assert_eq!(detect("", body), Some("fr"));
/// assert_eq!(detect("Talks resumed", ""), None);
/// ```
pub fn detect(title: &str, body: &str) -> Option<&'static str> {
    detect_within(title, body, MAX_DETECT_BYTES)
}

/// [`detect`] reading at most `max_bytes` of title and body (the
/// measurement below compares prefixes).
fn detect_within(title: &str, body: &str, max_bytes: usize) -> Option<&'static str> {
    let mut raw = String::with_capacity(max_bytes + 1);
    for part in [title, body] {
        let room = max_bytes.saturating_sub(raw.len());
        if room == 0 {
            break;
        }
        raw.push_str(prefix(part, room));
        raw.push('\n');
    }
    let tokens = raw.split_whitespace().count();
    let words: Vec<&str> = raw.split_whitespace().filter_map(letters_only).collect();
    // Tables and lists of figures: too few of their tokens are words.
    if (words.len() as f64) < MIN_WORD_SHARE * tokens as f64 {
        return None;
    }
    // Acronyms, tickers and shouted headlines tell no language, unless
    // the whole text is shouted (whatlang lowercases it).
    let shouted = words.iter().filter(|w| is_all_caps(w)).count() * 2 > words.len();
    let mut text = String::with_capacity(raw.len());
    let mut seen = std::collections::HashSet::new();
    for word in words {
        if !shouted && is_all_caps(word) && word.chars().nth(1).is_some() {
            continue;
        }
        if word.chars().filter(|c| c.is_alphabetic()).count() >= MIN_WORD_LETTERS {
            seen.insert(word.to_lowercase());
        }
        text.push_str(word);
        text.push(' ');
    }
    if seen.len() < MIN_DETECT_WORDS {
        return None;
    }
    let info = whatlang::detect(&text)?;
    if info.confidence() < MIN_CONFIDENCE
        || (info.lang() != Lang::Eng && seen.len() < MIN_FOREIGN_WORDS)
    {
        return None;
    }
    iso_639_1(info.lang())
}

/// A token's word with outer punctuation trimmed, when it is letters only
/// (inner apostrophes and hyphens allowed): no digits, no dotted
/// abbreviations.
fn letters_only(token: &str) -> Option<&str> {
    let word = token.trim_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() || !word.starts_with(char::is_alphabetic) {
        return None;
    }
    word.chars()
        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '\u{2019}' | '-'))
        .then_some(word)
}

/// Whether `word` has upper-case letters and no lower-case ones.
fn is_all_caps(word: &str) -> bool {
    word.chars().all(|c| !c.is_lowercase()) && word.chars().any(|c| c.is_uppercase())
}

/// The longest prefix of `text` of at most `max` bytes ending on a char
/// boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The ISO 639-1 code of a whatlang language (whatlang names them in ISO
/// 639-3, some by an individual language where ISO 639-1 has the
/// macrolanguage).
fn iso_639_1(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Cmn => Some("zh"),
        Lang::Pes => Some("fa"),
        Lang::Nob => Some("nb"),
        other => isolang::Language::from_639_3(other.code())?.to_639_1(),
    }
}

/// The language of an article: the declared one normalised, else the
/// detected one. A declaration that names no language is ignored (see
/// [`unknown_declaration`] for its warning).
pub fn decide(declared: Option<&str>, title: &str, body: &str) -> Option<&'static str> {
    declared
        .and_then(normalise_declared)
        .or_else(|| detect(title, body))
}

/// The warning for a declared language that names no language with an
/// ISO 639-1 code; `None` when it does, or when nothing (or only blanks)
/// is declared.
pub fn unknown_declaration(declared: Option<&str>) -> Option<String> {
    let declared = declared.filter(|d| !d.trim().is_empty())?;
    normalise_declared(declared).is_none().then(|| {
        format!(
            "declared language `{}` is not an ISO 639 language with a two-letter code; detecting the language instead",
            declared.chars().take(40).collect::<String>()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Invented passages, two or three sentences of everyday news each.
    const PASSAGES: &[(&str, &str)] = &[
        ("en", "The city council met on Tuesday to discuss the new budget for schools. Several members asked for more money for teachers, and the vote was postponed until next week."),
        ("fr", "Le conseil municipal s'est réuni mardi pour discuter du nouveau budget des écoles. Plusieurs élus ont demandé davantage de moyens pour les enseignants, et le vote a été reporté à la semaine prochaine."),
        ("de", "Der Stadtrat traf sich am Dienstag, um den neuen Haushalt für die Schulen zu besprechen. Mehrere Mitglieder forderten mehr Geld für die Lehrer, und die Abstimmung wurde auf nächste Woche verschoben."),
        ("es", "El ayuntamiento se reunió el martes para debatir el nuevo presupuesto de las escuelas. Varios concejales pidieron más dinero para los maestros y la votación se aplazó hasta la semana que viene."),
        ("it", "Il consiglio comunale si è riunito martedì per discutere il nuovo bilancio delle scuole. Diversi consiglieri hanno chiesto più fondi per gli insegnanti e il voto è stato rinviato alla prossima settimana."),
        ("pt", "A câmara municipal reuniu-se na terça-feira para discutir o novo orçamento das escolas. Vários vereadores pediram mais dinheiro para os professores e a votação foi adiada para a próxima semana."),
        ("nl", "De gemeenteraad kwam dinsdag bijeen om de nieuwe begroting voor de scholen te bespreken. Verschillende raadsleden vroegen meer geld voor de leraren en de stemming werd uitgesteld tot volgende week."),
        ("sv", "Kommunfullmäktige sammanträdde på tisdagen för att diskutera den nya budgeten för skolorna. Flera ledamöter krävde mer pengar till lärarna och omröstningen sköts upp till nästa vecka."),
        ("ru", "Городской совет собрался во вторник, чтобы обсудить новый бюджет для школ. Несколько депутатов потребовали больше денег для учителей, и голосование перенесли на следующую неделю."),
    ];

    #[test]
    fn detects_the_language_of_invented_passages() {
        for (want, text) in PASSAGES {
            assert_eq!(detect("", text), Some(*want), "{text}");
            // The headline and body read together.
            let (title, body) = text.split_once(". ").unwrap_or((text, ""));
            assert_eq!(detect(title, body), Some(*want), "{text}");
        }
    }

    #[test]
    fn short_or_undecidable_text_gets_no_language() {
        for text in [
            "",
            "Talks resumed.",
            "Les négociations ont repris.",
            "Gaza",
            "UN 2024",
            "1 2 3 4 5 6 7 8",
        ] {
            assert_eq!(detect(text, ""), None, "{text}");
        }
    }

    #[test]
    fn tables_of_figures_and_shouted_headlines_are_not_mislabelled() {
        // An invented terse earnings table: few of its tokens are words.
        let table = "Shr 2.14 dlrs vs 1.87 dlrs Net 41.2 mln vs 35.9 mln Revs 412.6 mln \
            vs 388.0 mln Avg shrs 19.3 mln vs 19.1 mln Nine mths Shr 5.02 dlrs vs \
            4.66 dlrs Net 97.4 mln vs 90.2 mln Revs 1.21 billion vs 1.14 billion";
        assert_eq!(detect("ACME WIDGET CORP <ACW> 3RD QTR NET", table), None);
        // An invented ALL-CAPS headline over a short body: not foreign.
        let body = "Acme said quarterly profit rose on strong demand for its widgets, \
            and it expects sales to keep growing through next year.";
        let got = detect(
            "ACME SEES HIGHER PROFIT ON WIDGET DEMAND, RAISES DIVIDEND",
            body,
        );
        assert!(matches!(got, None | Some("en")), "{got:?}");
        // Shouted throughout, an English text gets no foreign language.
        let shouted = PASSAGES[0].1.to_uppercase();
        assert!(matches!(detect("", &shouted), None | Some("en")));
        // Words with digits or dots are no words: a list of codes decides nothing.
        let codes = "A1 B2 C3 U.S. U.K. 3RD 4TH Q1 Q2 H1 mid-1987 2,332,397 1.06";
        assert_eq!(detect(codes, codes), None);
    }

    #[test]
    fn declared_languages_are_normalised_to_iso_639_1() {
        for (declared, code) in [
            ("en", "en"),
            ("EN", "en"),
            ("en-GB", "en"),
            ("en_US", "en"),
            (" fr-FR ", "fr"),
            ("pt-BR", "pt"),
            ("zh-Hant-TW", "zh"),
            ("de-DE,de;q=0.9", "de"),
            ("fra", "fr"),
            ("fre", "fr"),
            ("deu", "de"),
            ("ger", "de"),
            ("English", "en"),
            ("french", "fr"),
            ("Deutsch", "de"),
            ("nb-NO", "nb"),
        ] {
            assert_eq!(normalise_declared(declared), Some(code), "{declared}");
        }
        for unknown in ["", "xx", "qqq", "Klingon-ish", "und", "english please", "-"] {
            assert_eq!(normalise_declared(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn a_declaration_wins_and_a_bad_one_is_warned_about_then_detected() {
        let french = PASSAGES[1].1;
        assert_eq!(decide(Some("en-GB"), "", french), Some("en"));
        assert_eq!(unknown_declaration(Some("en-GB")), None);
        assert_eq!(decide(Some("Klingon"), "", french), Some("fr"));
        assert!(unknown_declaration(Some("Klingon")).is_some_and(|w| w.contains("`Klingon`")));
        assert_eq!(decide(Some("  "), "", french), Some("fr"));
        assert_eq!(unknown_declaration(Some("  ")), None);
        assert_eq!(unknown_declaration(None), None);
        assert_eq!(decide(None, "", "Talks resumed."), None);
        // Ten distinct words decide English but not another language.
        let short_fr = "Le conseil municipal s'est réuni mardi pour discuter du budget des écoles.";
        assert_eq!(detect("", short_fr), None);
    }

    #[test]
    fn every_detectable_language_has_an_iso_639_1_code() {
        for lang in Lang::all() {
            assert!(iso_639_1(*lang).is_some(), "{lang:?}");
        }
    }

    #[test]
    fn detection_reads_a_bounded_prefix_on_char_boundaries() {
        let body = "é".repeat(MAX_DETECT_BYTES);
        assert_eq!(prefix(&body, 5), "éé");
        // Long text costs no more than its first MAX_DETECT_BYTES.
        let long = PASSAGES[2].1.repeat(1 << 12);
        assert_eq!(detect("", &long), Some("de"));
    }

    /// Languages detected on the shared Reuters half (cleaned stories), and
    /// the single-thread cost per story:
    /// `cargo test -p newsdex-core --release --lib -- --ignored detection_on_reuters --nocapture`.
    #[test]
    #[ignore]
    fn detection_on_reuters() {
        let Some(raws) = crate::test_corpus::stories() else {
            return;
        };
        let articles: Vec<crate::Article> = raws
            .into_iter()
            .filter_map(|raw| crate::clean::clean(raw).ok())
            .collect();
        for max_bytes in [512, MAX_DETECT_BYTES, 2048, 4096] {
            let mut counts = std::collections::BTreeMap::new();
            let mut best = f64::INFINITY;
            for _ in 0..3 {
                counts.clear();
                let started = std::time::Instant::now();
                for a in &articles {
                    *counts
                        .entry(detect_within(&a.title, &a.body, max_bytes))
                        .or_insert(0) += 1;
                }
                best = best.min(started.elapsed().as_secs_f64());
            }
            eprintln!(
                "{max_bytes} bytes: {} stories, {:.1} us/story; {counts:?}",
                articles.len(),
                best * 1e6 / articles.len() as f64,
            );
        }
    }
}
