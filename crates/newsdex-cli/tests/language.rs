//! The language facet, `--language`, per-language stemming, and `newsdex
//! extract`, end to end on invented articles (and the bundled ones).

use std::path::Path;

use crate::util::{data_dir, newsdex, Run};

/// Invented articles: one English, one French, one German, one too short to
/// tell.
const ARTICLES: &[(&str, &str)] = &[
    (
        "en-harbour.txt",
        "Harbour workers strike\n\nDock workers at the harbour walked out on Monday over pay. \
         The union said the strike would continue until the port authority made a new offer \
         to its members. The city council met on Tuesday to discuss the new budget for the \
         schools, and several members asked for more money for the teachers.",
    ),
    (
        "fr-chevaux.txt",
        "Les chevaux de la garde\n\nLes chevaux de la garde républicaine ont défilé mardi \
         devant les journaux du monde entier. La subvention accordée aux écuries a été \
         votée par le conseil municipal la semaine dernière.",
    ),
    (
        "de-haushalt.txt",
        "Haushalt verabschiedet\n\nDer Stadtrat hat am Dienstag den neuen Haushalt für die \
         Schulen verabschiedet. Mehrere Mitglieder forderten mehr Geld für die Lehrer, die \
         Abstimmung fiel knapp aus.",
    ),
    ("short.txt", "Talks\n\nTalks resumed."),
];

/// A folder of [`ARTICLES`] indexed into `dir/index`.
struct Languages {
    dir: tempfile::TempDir,
}

impl Languages {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("articles");
        std::fs::create_dir(&articles).unwrap();
        for (name, text) in ARTICLES {
            std::fs::write(articles.join(name), text).unwrap();
        }
        let run = newsdex(
            dir.path(),
            &[
                "index",
                "--quiet",
                articles.to_str().unwrap(),
                "--index",
                dir.path().join("index").to_str().unwrap(),
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        Languages { dir }
    }

    fn run(&self, args: &[&str]) -> Run {
        let index = self.dir.path().join("index");
        let mut all = args.to_vec();
        all.extend_from_slice(&["--index", index.to_str().unwrap()]);
        newsdex(self.dir.path(), &all)
    }

    fn ids(&self, query: &str, args: &[&str]) -> Vec<String> {
        let mut all = vec!["search", "--json", query];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.hit_ids()
    }
}

#[test]
fn french_words_match_their_french_inflections() {
    let ix = Languages::new();
    // "cheval" is the French stem of "chevaux" (English stemming leaves
    // "chevaux" alone, so this match needs the French stemmer).
    assert_eq!(ix.ids("cheval", &[]), ["fr-chevaux"]);
    assert_eq!(ix.ids("chevaux", &[]), ["fr-chevaux"]);
    assert_eq!(ix.ids("journal", &[]), ["fr-chevaux"]);
    // Accents folded after stemming: typed with or without them.
    assert_eq!(ix.ids("accordee", &[]), ["fr-chevaux"]);
    assert_eq!(ix.ids("\"garde républicaine\"", &[]), ["fr-chevaux"]);
    // German through the German stemmer.
    assert_eq!(ix.ids("Schule", &[]), ["de-haushalt"]);
    // English is matched as before.
    assert_eq!(ix.ids("strikes", &[]), ["en-harbour"]);
    assert_eq!(ix.ids("\"walked out\"", &[]), ["en-harbour"]);
}

#[test]
fn language_filter_and_facet_counts() {
    let ix = Languages::new();
    for value in ["fr", "French", "fr-CA", "FRE"] {
        assert_eq!(
            ix.ids("", &["--language", value]),
            ["fr-chevaux"],
            "{value}"
        );
    }
    assert_eq!(
        ix.ids("", &["--language", "fr", "--language", "de"]),
        ["de-haushalt", "fr-chevaux"]
    );
    // In the query language too.
    assert_eq!(ix.ids("language:de", &[]), ["de-haushalt"]);
    // A language with no article is an error, not an empty result.
    let none = ix.run(&["search", "--language", "es"]);
    assert_eq!(none.code, 2, "{}", none.stderr);
    assert!(none.stderr.contains("language"), "{}", none.stderr);

    let all = ix.run(&["search", "--json", "*"]);
    let json = all.json();
    let counts: Vec<(String, u64)> = json["facets"]["language"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["value"].as_str().unwrap().to_string(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut counts = counts;
    counts.sort();
    // The short article has no language (no guess).
    assert_eq!(
        counts,
        [("de".into(), 1), ("en".into(), 1), ("fr".into(), 1)]
    );
    assert_eq!(json["facet_values"]["language"], 3);
    let hits = json["hits"].as_array().unwrap();
    let language_of = |id: &str| {
        hits.iter()
            .find(|h| h["id"] == id)
            .map(|h| h["language"].clone())
            .unwrap()
    };
    assert_eq!(language_of("fr-chevaux"), "fr");
    assert_eq!(language_of("short"), serde_json::Value::Null);

    let facets = ix.run(&["facets", "language"]);
    assert_eq!(facets.code, 0, "{}", facets.stderr);
    for line in ["fr  (French)", "de  (German)", "en  (English)"] {
        assert!(facets.stdout.contains(line), "{}", facets.stdout);
    }
    // Counts restricted to the hits.
    let french = ix.run(&["search", "--json", "cheval"]).json();
    assert_eq!(french["facets"]["language"][0]["value"], "fr");
    assert_eq!(french["facet_values"]["language"], 1);
}

/// Fields of `newsdex extract --json`, exactly.
const FIELDS: [&str; 16] = [
    "id",
    "url",
    "source",
    "source_name",
    "title",
    "published",
    "authors",
    "language",
    "body",
    "captions",
    "countries",
    "about",
    "people",
    "orgs",
    "quotes",
    "votes",
];

fn lines(run: &Run) -> Vec<serde_json::Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn extract_prints_the_bundled_articles_as_json_lines() {
    let home = tempfile::tempdir().unwrap();
    let run = newsdex(
        home.path(),
        &["extract", "--json", data_dir().to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let articles = lines(&run);
    let files = std::fs::read_dir(data_dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "txt"))
        })
        .count();
    assert_eq!(articles.len(), files);
    let meta = std::fs::read_to_string(data_dir().join("articles.toml")).unwrap();
    for article in &articles {
        let keys: Vec<&str> = article
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut want = FIELDS.to_vec();
        want.sort();
        let mut keys = keys;
        keys.sort();
        assert_eq!(keys, want);
        let id = article["id"].as_str().unwrap();
        // The id is the file stem; the sidecar's metadata applies.
        assert!(data_dir().join(format!("{id}.txt")).exists(), "{id}");
        assert!(meta.contains(id), "{id}");
        assert!(meta.contains(article["source"].as_str().unwrap()));
        assert_eq!(article["language"], "en");
        // The body is cleaned text without the headline.
        let title = article["title"].as_str().unwrap();
        let body = article["body"].as_str().unwrap();
        assert!(!title.is_empty() && !body.is_empty());
        assert!(!body.starts_with(title), "{id}: body starts with the title");
        let raw = std::fs::read_to_string(data_dir().join(format!("{id}.txt"))).unwrap();
        assert!(body.len() < raw.len());
        for list in [
            "authors",
            "captions",
            "countries",
            "about",
            "people",
            "quotes",
            "votes",
        ] {
            assert!(article[list].is_array(), "{id}: {list}");
        }
    }
    // Extraction ran: the bundled stories are about Gaza and name people.
    assert!(articles
        .iter()
        .all(|a| a["countries"].as_array().unwrap().iter().any(|c| c == "ps")));
    assert!(articles
        .iter()
        .any(|a| !a["people"].as_array().unwrap().is_empty()));
    // What `show --json` of an index built from the same files holds.
    let index = home.path().join("index");
    let built = newsdex(
        home.path(),
        &[
            "index",
            "--quiet",
            data_dir().to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ],
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
    let first = &articles[0];
    let shown = newsdex(
        home.path(),
        &[
            "show",
            "--json",
            first["id"].as_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ],
    )
    .json();
    assert_eq!(shown["body"], first["body"]);
    assert_eq!(shown["metadata"]["people"], first["people"]);
    assert_eq!(shown["metadata"]["countries_mentioned"], first["countries"]);
    assert_eq!(shown["language"], first["language"]);
}

#[test]
fn extract_reports_a_bad_file_continues_and_writes_no_index() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for (name, text) in &ARTICLES[..2] {
        std::fs::write(inputs.join(name), text).unwrap();
    }
    std::fs::write(inputs.join("broken.txt"), b"\x00\x01\x02binary\x00\xff").unwrap();
    std::fs::write(
        inputs.join("lines.jsonl"),
        "{\"id\": \"j1\", \"title\": \"Vote\", \"body\": \"The council voted on Monday.\"}\n\
         {not json\n",
    )
    .unwrap();
    let before = listing(dir.path());
    let run = newsdex(dir.path(), &["extract", "--json", inputs.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let mut ids: Vec<String> = lines(&run)
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, ["en-harbour", "fr-chevaux", "j1"]);
    let skipped: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("newsdex: skipped"))
        .collect();
    assert_eq!(skipped.len(), 2, "{}", run.stderr);
    assert!(skipped.iter().any(|l| l.contains("broken.txt")));
    assert!(skipped.iter().any(|l| l.contains("lines.jsonl:2")));
    assert!(!run.stderr.contains("panicked"));
    // Nothing written: no index anywhere (the default one included).
    assert_eq!(listing(dir.path()), before);
    assert!(!dir.path().join("default-index").exists());

    // Human-readable: one block per article with its language.
    let text = newsdex(dir.path(), &["extract", inputs.to_str().unwrap()]);
    assert_eq!(text.code, 2);
    assert!(
        text.stdout.contains("Les chevaux de la garde\n"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("language:   fr (French)"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("body:       Dock workers"),
        "{}",
        text.stdout
    );

    // A missing path is an error before anything is printed.
    let missing = newsdex(dir.path(), &["extract", "no-such-file"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stdout.is_empty());
}

/// Every path under `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        }
        out.push(path);
    }
    out
}
