//! whatlang against lingua, for BENCHMARKS.md ("Language detection"). Run
//! from the repository root (reads `data/` and the shared Reuters corpus's
//! first three files; prints nothing of the corpus):
//! `cargo run --release --manifest-path scripts/langbench/Cargo.toml`.
//! Not a workspace member: lingua with all its language models takes
//! minutes to build and ~290 MB of binary, which newsdex does not carry.

use std::time::Instant;

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status").unwrap().lines()
        .find(|l| l.starts_with("VmRSS:")).unwrap()
        .split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn bodies() -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("data").unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            out.push(std::fs::read_to_string(p).unwrap());
        }
    }
    let dir = "../shared/corpus/reuters21578";
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sgm")).collect();
    files.sort();
    for f in files.iter().take(3) {
        let bytes = std::fs::read(f).unwrap();
        let text: String = bytes.iter().map(|&b| b as char).collect();
        for part in text.split("<BODY>").skip(1) {
            if let Some(end) = part.find("</BODY>") {
                out.push(part[..end].to_string());
            }
        }
    }
    out
}

const PASSAGES: &[(&str, &str)] = &[
    ("en", "The council met on Tuesday to discuss the new budget for the city's schools."),
    ("en", "Talks resumed."),
    ("fr", "Le conseil municipal s'est réuni mardi pour discuter du nouveau budget des écoles de la ville."),
    ("fr", "Les négociations ont repris."),
    ("de", "Der Stadtrat traf sich am Dienstag, um den neuen Haushalt für die Schulen der Stadt zu besprechen."),
    ("de", "Die Gespräche wurden fortgesetzt."),
    ("es", "El ayuntamiento se reunió el martes para debatir el nuevo presupuesto de las escuelas de la ciudad."),
    ("es", "Las conversaciones se reanudaron."),
    ("it", "Il consiglio comunale si è riunito martedì per discutere il nuovo bilancio delle scuole della città."),
    ("it", "I negoziati sono ripresi."),
    ("pt", "A câmara municipal reuniu-se na terça-feira para discutir o novo orçamento das escolas da cidade."),
    ("pt", "As negociações foram retomadas."),
    ("nl", "De gemeenteraad kwam dinsdag bijeen om de nieuwe begroting voor de scholen van de stad te bespreken."),
    ("nl", "De gesprekken zijn hervat."),
    ("sv", "Kommunfullmäktige sammanträdde på tisdagen för att diskutera den nya budgeten för stadens skolor."),
    ("ru", "Городской совет собрался во вторник, чтобы обсудить новый бюджет для школ города."),
    ("?", "Gaza"),
    ("?", "UN"),
    ("?", "Reuters 2024"),
];

fn main() {
    let texts = bodies();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    eprintln!("{} articles, {:.1} KB mean", texts.len(), bytes as f64 / texts.len() as f64 / 1e3);

    // whatlang
    let r0 = rss_kb();
    let t = Instant::now();
    let wl = whatlang::Detector::new();
    let _ = wl.detect("warm up the trigram tables");
    eprintln!("whatlang: build+first {:?}, RSS +{} KB", t.elapsed(), rss_kb().saturating_sub(r0));
    let mut best = f64::MAX;
    let mut eng = 0;
    for _ in 0..3 {
        let t = Instant::now();
        eng = 0;
        for x in &texts {
            if let Some(i) = wl.detect(x) { if i.lang() == whatlang::Lang::Eng && i.is_reliable() { eng += 1 } }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    eprintln!("whatlang: {:.1} us/article, {eng}/{} reliable English", best * 1e6 / texts.len() as f64, texts.len());
    // whatlang on first 2 KB only
    let cut = |x: &str| { let mut e = x.len().min(2048); while !x.is_char_boundary(e) { e -= 1 } x[..e].to_string() };
    let t = Instant::now();
    for x in &texts { std::hint::black_box(wl.detect(&cut(x))); }
    eprintln!("whatlang first 2KB: {:.1} us/article", t.elapsed().as_secs_f64() * 1e6 / texts.len() as f64);

    let texts: Vec<String> = if std::env::var("ONLY_WHATLANG").is_ok() { return } else { texts.into_iter().take(300).collect() };
    eprintln!("lingua on the first {} articles", texts.len());
    // lingua
    use lingua::{LanguageDetectorBuilder, Language};
    let r0 = rss_kb();
    let t = Instant::now();
    let li = LanguageDetectorBuilder::from_all_languages().with_preloaded_language_models().build();
    eprintln!("lingua all languages preloaded: build {:?}, RSS +{} MB", t.elapsed(), (rss_kb().saturating_sub(r0)) / 1024);
    let mut best = f64::MAX;
    for _ in 0..1 {
        let t = Instant::now();
        eng = 0;
        for x in &texts {
            if li.detect_language_of(x) == Some(Language::English) { eng += 1 }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    eprintln!("lingua: {:.1} us/article, {eng}/{} English", best * 1e6 / texts.len() as f64, texts.len());
    let t = Instant::now();
    for x in &texts { std::hint::black_box(li.detect_language_of(&cut(x))); }
    eprintln!("lingua first 2KB: {:.1} us/article", t.elapsed().as_secs_f64() * 1e6 / texts.len() as f64);
    let t = Instant::now();
    for x in &texts { std::hint::black_box(li.compute_language_confidence_values(&cut(x))); }
    eprintln!("lingua confidence values first 2KB: {:.1} us/article", t.elapsed().as_secs_f64() * 1e6 / texts.len() as f64);
    drop(li);
    let r0 = rss_kb();
    let t = Instant::now();
    let li = LanguageDetectorBuilder::from_all_languages().with_low_accuracy_mode().with_preloaded_language_models().build();
    eprintln!("lingua low-accuracy preloaded: build {:?}, RSS +{} MB", t.elapsed(), (rss_kb().saturating_sub(r0)) / 1024);
    let t = Instant::now();
    for x in &texts { std::hint::black_box(li.detect_language_of(x)); }
    eprintln!("lingua low-accuracy: {:.1} us/article", t.elapsed().as_secs_f64() * 1e6 / texts.len() as f64);
    drop(li);
    let li = LanguageDetectorBuilder::from_all_languages().with_preloaded_language_models().build();

    println!("| expected | text | whatlang (conf, reliable) | lingua (top conf) |");
    for (want, p) in PASSAGES {
        let w = wl.detect(p).map(|i| format!("{} {:.2} {}", i.lang().code(), i.confidence(), i.is_reliable())).unwrap_or("-".into());
        let c = li.compute_language_confidence_values(*p);
        let l = c.first().map(|(l, v)| format!("{} {:.2}", l.iso_code_639_1(), v)).unwrap_or("-".into());
        println!("| {want} | {} | {w} | {l} |", p.chars().take(40).collect::<String>());
    }
}
