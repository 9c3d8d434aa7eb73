//! The similarity signature of an article: a MinHash sketch over 5-word
//! shingles of its cleaned body, cut into locality-sensitive hashing bands,
//! and a smaller sketch of its topic words for story clustering. Both are
//! one-permutation MinHash sketches with optimal densification (one hash
//! per shingle or word, not one per value).
//!
//! Words are runs of letters and digits, lowercased, so typography never
//! matters: curly or straight quotes and apostrophes, dashes of any length
//! and spacing are all separators. Every hash here is written out in this
//! file (FNV-1a for words, the SplitMix64 finaliser for mixing) rather than
//! taken from a crate: signatures are stored in the index and compared
//! across releases, so the hash may never change under a dependency
//! upgrade (rustc-hash 2 changed FxHash, for one).

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;

/// MinHash values per signature.
pub const HASHES: usize = 128;

/// LSH bands stored as index terms. Two articles share a band with
/// probability 1 − (1 − J³)⁸ at Jaccard similarity J: 0.997 at the
/// threshold (0.8), 0.86 at the cut-copy floor (0.6), 0.20 at 0.3. Twelve
/// bands of four were as good from 0.6 up (0.998 at 0.8, 0.81 at 0.6) and
/// cost half as much again in tantivy's term dictionary, where every band
/// key is a term of its own.
pub const BANDS: usize = 8;

/// MinHash values per band (`BANDS × ROWS` of the `HASHES` are banded).
pub const ROWS: usize = 3;

/// Bits of a band key. A u64 term's first bytes are then zeros that every
/// key shares, so tantivy's term dictionary (an FST) builds about a third
/// of the nodes it builds for 64 random bits. Two different bands share a
/// key by chance with probability 2⁻³²: about one article in 400 of a
/// 176,000-article index gets one spurious candidate, which its signature
/// then rules out.
pub const BAND_KEY_BITS: u32 = 32;

/// Two articles are near-duplicates when the Jaccard similarity of their
/// 5-word shingle sets, as estimated from their signatures, is at least
/// this.
pub const JACCARD_THRESHOLD: f64 = 0.8;

/// A revision ("UPDATE 1", "CORRECTED", "REFILE") groups with an earlier
/// version when this share of the shorter text's shingles are in the other
/// (a revision adds paragraphs, which lowers the Jaccard similarity).
pub const CONTAINMENT_THRESHOLD: f64 = 0.8;

/// A copy cut or lengthened by a paragraph groups with the other when this
/// share of the shorter text's shingles are in the longer one and their
/// Jaccard similarity is at least [`CUT_JACCARD_THRESHOLD`]: dropping one
/// paragraph of five leaves a Jaccard similarity near 0.78, under
/// [`JACCARD_THRESHOLD`], and one of seven about 0.81, where the estimate's
/// spread (±0.035 at 128 values) decides.
pub const CUT_CONTAINMENT_THRESHOLD: f64 = 0.9;

/// The Jaccard floor of the cut-copy rule ([`CUT_CONTAINMENT_THRESHOLD`]):
/// a brief made of one paragraph of a long story is contained in it but is
/// not a copy.
pub const CUT_JACCARD_THRESHOLD: f64 = 0.6;

/// MinHash values of the topic signature (distinct words of 4 letters or
/// more, title and body), which [`Signature::topic_similarity`] compares
/// for story clustering: different articles on one event share words,
/// not 5-word shingles.
pub const TOPIC_HASHES: usize = 64;

/// Bytes of [`Signature::to_bytes`].
pub const SIGNATURE_BYTES: usize = 2 + 4 + 2 * HASHES + 2 * TOPIC_HASHES;

/// Frequent words of four letters or more that say nothing of a topic.
const STOPWORDS: [&str; 40] = [
    "that", "with", "from", "have", "said", "were", "this", "they", "been", "which", "their",
    "would", "about", "after", "also", "will", "there", "more", "than", "when", "what", "into",
    "over", "some", "could", "other", "them", "only", "most", "such", "then", "these", "those",
    "while", "where", "being", "says", "just", "very", "year",
];

/// 1: 128 independent MinHash values; 2: one-permutation MinHash.
const FORMAT: u8 = 2;
const REVISION: u8 = 1;

/// The MinHash signature of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The low 16 bits of each MinHash value (what is stored and compared).
    pub mins: [u16; HASHES],
    /// The LSH band keys: 32-bit hashes of `ROWS` full 64-bit values each
    /// (see [`BAND_KEY_BITS`]).
    pub bands: [u64; BANDS],
    /// Distinct-ish shingles hashed (at most `u32::MAX`).
    pub shingles: u32,
    /// Whether the headline marks a revision ("UPDATE 2", "CORRECTED", …).
    pub revision: bool,
    /// The low 16 bits of the topic MinHash values ([`TOPIC_HASHES`]).
    pub topic: [u16; TOPIC_HASHES],
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The SplitMix64 finaliser: a bijective, well-mixing 64-bit hash.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A stable 64-bit hash of `text` (FNV-1a, then mixed).
pub fn stable_hash(text: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for byte in text.bytes() {
        h = (h ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
    }
    mix64(h)
}

/// Salts of the two sketches, so that the body's shingles and the topic
/// words land in unrelated bins.
const SHINGLE_SALT: u64 = 0x6e65_7773_6465_7821; // "newsdex!"
const TOPIC_SALT: u64 = 0x746f_7069_6373_2121; // "topics!!"

/// The densification probe of `bin`'s `attempt` in a sketch of `2^(64 −
/// shift)` bins under `salt`.
fn probe(salt: u64, bin: usize, attempt: u64, shift: u32) -> usize {
    (mix64(salt ^ ((bin as u64) << 32 | attempt)) >> shift) as usize
}

/// Every densification probe of a `K`-bin sketch under `salt`: a row of
/// `4K` attempts per bin (bins are fewer than 256), 80 KiB for both
/// sketches, built once per process, since a short story leaves most bins
/// empty and hashing each probe had cost more than the rest of the sketch.
fn probe_table<const K: usize>(salt: u64) -> Vec<u8> {
    let shift = 64 - K.trailing_zeros();
    (0..K)
        .flat_map(|bin| {
            (0..4 * K as u64).map(move |attempt| probe(salt, bin, attempt, shift) as u8)
        })
        .collect()
}

/// One-permutation MinHash (Li, Owen and Zhang, NIPS 2012) with optimal
/// densification (Shrivastava, ICML 2017): each item is hashed once, its
/// hash's top bits pick one of `K` bins and each bin keeps its smallest
/// hash; an empty bin then takes the value of the first non-empty bin a
/// fixed sequence of probes (the same for every article) reaches. Two
/// sketches agree in a bin with probability equal to the Jaccard
/// similarity of the two sets, as `K` independent MinHash values do, at
/// the cost of one hash per item instead of `K`. `K` is a power of two
/// below 256; items may repeat.
struct Sketch<const K: usize> {
    bins: [u64; K],
    salt: u64,
    any: bool,
}

impl<const K: usize> Sketch<K> {
    const SHIFT: u32 = 64 - K.trailing_zeros();

    fn new(salt: u64) -> Self {
        debug_assert!(K.is_power_of_two() && K > 1 && K <= 256);
        Sketch {
            bins: [u64::MAX; K],
            salt,
            any: false,
        }
    }

    fn add(&mut self, item: u64) {
        let h = mix64(item ^ self.salt);
        let bin = (h >> Self::SHIFT) as usize;
        if h < self.bins[bin] {
            self.bins[bin] = h;
        }
        self.any = true;
    }

    /// The bins, densified; all `u64::MAX` when nothing was added.
    /// `probes` is [`probe_table`] for `K` and this sketch's salt.
    fn finish(self, probes: &[u8]) -> [u64; K] {
        let mut bins = self.bins;
        if !self.any {
            return bins;
        }
        let filled = self.bins;
        for (i, bin) in bins.iter_mut().enumerate() {
            if *bin != u64::MAX {
                continue;
            }
            // Probes: a hash of (salt, bin, attempt); after 4K misses (a
            // chance of about e^-4 for an article with one shingle), the
            // next filled bin in circular order. Either way a function of
            // the bin and of which bins are filled only.
            let row = probes.get(i * 4 * K..(i + 1) * 4 * K).unwrap_or_default();
            let found = row
                .iter()
                .map(|&at| filled[usize::from(at) % K])
                .find(|&v| v != u64::MAX);
            *bin = found.unwrap_or_else(|| {
                (1..K)
                    .map(|step| filled[(i + step) % K])
                    .find(|&v| v != u64::MAX)
                    .unwrap_or(u64::MAX)
            });
        }
        bins
    }
}

/// The probe tables of the two sketches, built once.
fn shingle_probes() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| probe_table::<HASHES>(SHINGLE_SALT))
}

fn topic_probes() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| probe_table::<TOPIC_HASHES>(TOPIC_SALT))
}

/// Counts distinct shingle hashes exactly, its table reused from one
/// article to the next (a sort of every shingle cost four times as much).
#[derive(Default)]
struct Distinct {
    set: rustc_hash::FxHashSet<u64>,
}

impl Distinct {
    /// Empties the set, sized for about `expected` values.
    fn clear(&mut self, expected: usize) {
        if self.set.capacity() > 4 * expected.max(64) {
            self.set = rustc_hash::FxHashSet::default();
        }
        self.set.clear();
        self.set.reserve(expected.min(1 << 16));
    }

    fn insert(&mut self, h: u64) {
        self.set.insert(h);
    }

    fn len(&self) -> usize {
        self.set.len()
    }
}

/// The hash of one shingle: `window`'s word hashes, each rotated by its
/// place so that order matters, then mixed once.
fn shingle_of(window: impl Iterator<Item = u64>) -> u64 {
    mix64(
        window
            .zip(0u32..)
            .fold(FNV_OFFSET, |acc, (w, at)| acc ^ w.rotate_left(13 * at)),
    )
}

/// A word of a text as the signatures see it.
#[derive(Debug, Clone, Copy)]
struct Word {
    /// FNV-1a of the lowercased word's UTF-8 bytes.
    hash: u64,
    /// Characters in the word as written.
    chars: usize,
    /// Whether every character is an ASCII digit.
    digits: bool,
}

/// Each ASCII byte's class for [`for_each_word`]: 0 for a separator, a
/// letter's lowercase byte, a digit's byte with the top bit set.
const ASCII_CLASS: [u8; 128] = {
    let mut class = [0u8; 128];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        class[byte] = if b.is_ascii_digit() {
            b | 0x80
        } else if b.is_ascii_alphabetic() {
            b.to_ascii_lowercase()
        } else {
            0
        };
        byte += 1;
    }
    class
};

/// Calls `each` with every word of `text`: a run of alphanumeric
/// characters, lowercased. ASCII is hashed byte by byte; any other
/// character through `char::to_lowercase`, which gives the same bytes for
/// ASCII, so the hash is the FNV-1a of the lowercased word either way.
fn for_each_word(text: &str, mut each: impl FnMut(Word)) {
    let mut h = FNV_OFFSET;
    let mut chars = 0usize;
    let mut digits = true;
    let mut buf = [0u8; 4];
    let mut end_word = |h: &mut u64, chars: &mut usize, digits: &mut bool| {
        if *chars > 0 {
            each(Word {
                hash: *h,
                chars: *chars,
                digits: *digits,
            });
        }
        *h = FNV_OFFSET;
        *chars = 0;
        *digits = true;
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte.is_ascii() {
            i += 1;
            match ASCII_CLASS[usize::from(byte)] {
                0 => end_word(&mut h, &mut chars, &mut digits),
                class => {
                    // A letter's class is its lowercase byte; a digit's, its
                    // byte with the top bit set.
                    h = (h ^ u64::from(class & 0x7f)).wrapping_mul(FNV_PRIME);
                    chars += 1;
                    digits &= class >= 0x80;
                }
            }
            continue;
        }
        // A multi-byte character: `i` is on a boundary, as every ASCII
        // byte is one.
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                for byte in lower.encode_utf8(&mut buf).bytes() {
                    h = (h ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
                }
            }
            chars += 1;
            digits = false;
        } else {
            end_word(&mut h, &mut chars, &mut digits);
        }
    }
    end_word(&mut h, &mut chars, &mut digits);
}

/// The hashes of the words of `text`: runs of alphanumeric characters,
/// lowercased.
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut words = Vec::with_capacity(text.len() / 6);
    for_each_word(text, |word| words.push(word.hash));
    words
}

/// The stopwords' hashes, sorted, and a 256-bit filter of their low bytes
/// that rules most words out before a search.
struct Stopwords {
    filter: [u64; 4],
    sorted: Vec<u64>,
}

impl Stopwords {
    fn contains(&self, hash: u64) -> bool {
        let low = (hash & 0xff) as usize;
        self.filter[low / 64] & (1 << (low % 64)) != 0 && self.sorted.binary_search(&hash).is_ok()
    }
}

fn stopword_hashes() -> &'static Stopwords {
    static STOP: std::sync::OnceLock<Stopwords> = std::sync::OnceLock::new();
    STOP.get_or_init(|| {
        let mut sorted: Vec<u64> = STOPWORDS.iter().flat_map(|w| word_hashes(w)).collect();
        sorted.sort_unstable();
        let mut filter = [0u64; 4];
        for hash in &sorted {
            let low = (hash & 0xff) as usize;
            filter[low / 64] |= 1 << (low % 64);
        }
        Stopwords { filter, sorted }
    })
}

/// Whether `word` is a topic word: four characters or more, not all
/// digits, not a stopword.
fn is_topic_word(word: &Word, stop: &Stopwords) -> bool {
    word.chars >= 4 && !word.digits && !stop.contains(word.hash)
}

/// The hashes of the distinct topic words of `text`: four characters or
/// more, not all digits, not a stopword, lowercased.
pub fn topic_word_hashes(text: &str) -> Vec<u64> {
    let stop = stopword_hashes();
    let mut out = Vec::new();
    for_each_word(text, |word| {
        if is_topic_word(&word, stop) {
            out.push(word.hash);
        }
    });
    out.sort_unstable();
    out.dedup();
    out
}

/// The 5-word shingles of `words` (one shingle of all of them when there
/// are fewer than five; none when there are none), sorted and deduplicated.
fn shingles_of(words: &[u64]) -> Vec<u64> {
    if words.is_empty() {
        return Vec::new();
    }
    let width = SHINGLE_WORDS.min(words.len());
    let mut shingles: Vec<u64> = words
        .windows(width)
        .map(|window| shingle_of(window.iter().copied()))
        .collect();
    shingles.sort_unstable();
    shingles.dedup();
    shingles
}

/// The hashes of the 5-word shingles of `text` (one shingle of all its
/// words when it has fewer than five; none when it has none), sorted and
/// deduplicated.
pub fn shingle_hashes(text: &str) -> Vec<u64> {
    shingles_of(&word_hashes(text))
}

/// Whether a headline marks a revision of an earlier story: "UPDATE 1",
/// "CORRECTED", "CORRECTION", "REFILE", "REPEAT"/"RPT" as a word of its
/// first few words.
pub fn is_revision(title: &str) -> bool {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .map(str::to_ascii_uppercase)
        .collect();
    words.iter().enumerate().any(|(i, w)| match w.as_str() {
        "CORRECTED" | "CORRECTION" | "REFILE" | "REFILED" | "REPEAT" | "RPT" => true,
        "UPDATE" => words
            .get(i + 1)
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())),
        _ => false,
    })
}

impl Signature {
    /// The signature of an article's cleaned `body` (its `title` only says
    /// whether it is a revision); `None` when the body has no word.
    pub fn of(title: &str, body: &str) -> Option<Signature> {
        thread_local! {
            static DISTINCT: std::cell::RefCell<Distinct> = std::cell::RefCell::default();
        }
        let stop = stopword_hashes();
        let mut topic_sketch = Sketch::<TOPIC_HASHES>::new(TOPIC_SALT);
        for_each_word(title, |word| {
            if is_topic_word(&word, stop) {
                topic_sketch.add(word.hash);
            }
        });
        // One pass over the body: its topic words, and each 5-word window
        // (the last five words, oldest first) hashed as a shingle, counted
        // and added to the sketch as it is found.
        let mut sketch = Sketch::<HASHES>::new(SHINGLE_SALT);
        let mut window = [0u64; SHINGLE_WORDS];
        let mut words = 0usize;
        let mut count = |distinct: &mut Distinct| {
            distinct.clear(body.len() / 6);
            for_each_word(body, |word| {
                if is_topic_word(&word, stop) {
                    topic_sketch.add(word.hash);
                }
                let [_, a, b, c, d] = window;
                window = [a, b, c, d, word.hash];
                words += 1;
                if words >= SHINGLE_WORDS {
                    let shingle = shingle_of(window.iter().copied());
                    distinct.insert(shingle);
                    sketch.add(shingle);
                }
            });
            // Fewer than five words: one shingle of all of them.
            if (1..SHINGLE_WORDS).contains(&words) {
                let shingle = shingle_of(window[SHINGLE_WORDS - words..].iter().copied());
                distinct.insert(shingle);
                sketch.add(shingle);
            }
            distinct.len()
        };
        let shingles = DISTINCT.with(|cell| match cell.try_borrow_mut() {
            Ok(mut distinct) => count(&mut distinct),
            Err(_) => count(&mut Distinct::default()),
        });
        if shingles == 0 {
            return None;
        }
        let full = sketch.finish(shingle_probes());
        let mut bands = [0u64; BANDS];
        for (band, key) in bands.iter_mut().enumerate() {
            let rows = &full[band * ROWS..(band + 1) * ROWS];
            *key = rows
                .iter()
                .fold(mix64(band as u64 + 1), |acc, &v| mix64(acc ^ v))
                >> (64 - BAND_KEY_BITS);
        }
        let mut mins = [0u16; HASHES];
        for (short, value) in mins.iter_mut().zip(full) {
            *short = (value & 0xffff) as u16;
        }
        let topic_full = topic_sketch.finish(topic_probes());
        let mut topic = [0u16; TOPIC_HASHES];
        for (short, value) in topic.iter_mut().zip(topic_full) {
            *short = (value & 0xffff) as u16;
        }
        Some(Signature {
            mins,
            bands,
            shingles: u32::try_from(shingles).unwrap_or(u32::MAX),
            revision: is_revision(title),
            topic,
        })
    }

    /// The estimated Jaccard similarity of the two shingle sets: the share
    /// of equal MinHash values.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        let equal = self
            .mins
            .iter()
            .zip(&other.mins)
            .filter(|(a, b)| a == b)
            .count();
        equal as f64 / HASHES as f64
    }

    /// The estimated Jaccard similarity of the two articles' topic words
    /// (distinct words of title and body, [`topic_word_hashes`]).
    pub fn topic_similarity(&self, other: &Signature) -> f64 {
        TopicSketch::new(&self.topic).similarity(&TopicSketch::new(&other.topic))
    }

    /// The estimated share of the smaller set's shingles that are in the
    /// other, from the Jaccard estimate and the set sizes.
    pub fn containment(&self, other: &Signature) -> f64 {
        let j = self.jaccard(other);
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let smaller = a.min(b).max(1.0);
        (j * (a + b) / (1.0 + j) / smaller).min(1.0)
    }

    /// Whether `self` and `other` are near-duplicates: Jaccard ≥
    /// [`JACCARD_THRESHOLD`]; or containment ≥ [`CUT_CONTAINMENT_THRESHOLD`]
    /// with Jaccard ≥ [`CUT_JACCARD_THRESHOLD`] (a paragraph dropped or
    /// added); or, when either is a revision, containment ≥
    /// [`CONTAINMENT_THRESHOLD`]. Returns the estimated Jaccard similarity.
    pub fn matches(&self, other: &Signature) -> Option<f64> {
        let j = self.jaccard(other);
        if j >= JACCARD_THRESHOLD {
            return Some(j);
        }
        if j >= CUT_JACCARD_THRESHOLD && self.containment(other) >= CUT_CONTAINMENT_THRESHOLD {
            return Some(j);
        }
        if (self.revision || other.revision) && j > 0.0 {
            let c = self.containment(other);
            if c >= CONTAINMENT_THRESHOLD {
                return Some(j);
            }
        }
        None
    }

    /// The bytes stored in the index: format, flags, shingle count, then
    /// the 16-bit values, little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(SIGNATURE_BYTES);
        out.push(FORMAT);
        out.push(if self.revision { REVISION } else { 0 });
        out.extend_from_slice(&self.shingles.to_le_bytes());
        for value in self.mins.iter().chain(&self.topic) {
            out.extend_from_slice(&value.to_le_bytes());
        }
        out
    }

    /// Reads [`Signature::to_bytes`]'s output (the bands are not stored:
    /// they are index terms); `None` for anything else.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != SIGNATURE_BYTES || bytes[0] != FORMAT {
            return None;
        }
        let shingles = u32::from_le_bytes(bytes[2..6].try_into().ok()?);
        let mut values = bytes[6..]
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
        let mut mins = [0u16; HASHES];
        for value in mins.iter_mut() {
            *value = values.next()?;
        }
        let mut topic = [0u16; TOPIC_HASHES];
        for value in topic.iter_mut() {
            *value = values.next()?;
        }
        Some(Signature {
            mins,
            bands: [0; BANDS],
            shingles,
            revision: bytes[1] & REVISION != 0,
            topic,
        })
    }
}

/// A topic sketch ([`Signature::topic`]) packed four values to a word,
/// for comparing many pairs ([`TopicSketch::similarity`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TopicSketch([u64; TOPIC_HASHES / 4]);

impl TopicSketch {
    /// Packs `topic`.
    pub fn new(topic: &[u16; TOPIC_HASHES]) -> Self {
        let mut words = [0u64; TOPIC_HASHES / 4];
        for (word, values) in words.iter_mut().zip(topic.chunks_exact(4)) {
            *word = values
                .iter()
                .rev()
                .fold(0u64, |acc, &v| (acc << 16) | u64::from(v));
        }
        TopicSketch(words)
    }

    /// The estimated Jaccard similarity of the two sketches' topic words:
    /// the share of equal values. Four values at a time: a 16-bit lane of
    /// `a ^ b` is zero exactly when its top bit survives
    /// `!(((x & LOW) + LOW) | x | LOW)` (no carry crosses a lane).
    pub fn similarity(&self, other: &TopicSketch) -> f64 {
        const LOW: u64 = 0x7fff_7fff_7fff_7fff;
        const ONES: u64 = 0x0001_0001_0001_0001;
        let mut lanes = 0u64;
        for (a, b) in self.0.iter().zip(&other.0) {
            let x = a ^ b;
            let zero = !(((x & LOW) + LOW) | x | LOW);
            lanes += (zero >> 15) & ONES;
        }
        // Each lane counts at most 16: sum the four lanes.
        let equal = lanes.wrapping_mul(ONES) >> 48;
        equal as f64 / TOPIC_HASHES as f64
    }
}

/// The group id of a group whose first-indexed member is `id`: a stable
/// hash of the id, so it never changes as copies are added.
pub fn group_of_id(id: &str) -> u64 {
    stable_hash(id)
}

/// The exact Jaccard similarity of two sorted, deduplicated shingle sets
/// ([`shingle_hashes`]), for oracles and tests.
pub fn exact_jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

#[cfg(test)]
mod streaming_tests {
    //! [`Signature::of`] computes in one pass, with a probe table and a
    //! hash set, what the plain definition computes with vectors and a
    //! sort; the two must agree bit for bit, since signatures are stored.
    use super::*;

    /// The plain definition: every item hashed, every probe computed.
    fn plain_one_permutation<const K: usize>(items: &[u64], salt: u64) -> [u64; K] {
        let shift = 64 - K.trailing_zeros();
        let mut bins = [u64::MAX; K];
        for &item in items {
            let h = mix64(item ^ salt);
            let bin = (h >> shift) as usize;
            bins[bin] = bins[bin].min(h);
        }
        if items.is_empty() {
            return bins;
        }
        let filled = bins;
        for (i, bin) in bins.iter_mut().enumerate() {
            if *bin != u64::MAX {
                continue;
            }
            *bin = (0..4 * K as u64)
                .map(|attempt| filled[probe(salt, i, attempt, shift)])
                .find(|&v| v != u64::MAX)
                .or_else(|| {
                    (1..K)
                        .map(|step| filled[(i + step) % K])
                        .find(|&v| v != u64::MAX)
                })
                .unwrap_or(u64::MAX);
        }
        bins
    }

    fn plain_signature(title: &str, body: &str) -> Option<Signature> {
        let shingles = shingle_hashes(body);
        if shingles.is_empty() {
            return None;
        }
        let full: [u64; HASHES] = plain_one_permutation(&shingles, SHINGLE_SALT);
        let mut topic_words = topic_word_hashes(title);
        topic_words.extend(topic_word_hashes(body));
        let topic_full: [u64; TOPIC_HASHES] = plain_one_permutation(&topic_words, TOPIC_SALT);
        let mut bands = [0u64; BANDS];
        for (band, key) in bands.iter_mut().enumerate() {
            *key = full[band * ROWS..(band + 1) * ROWS]
                .iter()
                .fold(mix64(band as u64 + 1), |acc, &v| mix64(acc ^ v))
                >> (64 - BAND_KEY_BITS);
        }
        Some(Signature {
            mins: full.map(|v| (v & 0xffff) as u16),
            bands,
            shingles: shingles.len() as u32,
            revision: is_revision(title),
            topic: topic_full.map(|v| (v & 0xffff) as u16),
        })
    }

    #[test]
    fn the_one_pass_signature_equals_the_plain_definition() {
        let sentence = "The invented council of Orrin voted to rebuild the north bridge, said its clerk, Mara Tull.";
        let long: String = (0..400)
            .map(|i| format!("word{} and the {} quay ", i % 37, i % 11))
            .collect();
        let repeated = "same five words here again ".repeat(50);
        let bodies = [
            "",
            "   ,,, — ",
            "one",
            "one two",
            "one two three four",
            "one two three four five",
            "one two three four five six",
            sentence,
            "Zürich’s ÉCOLE — «naïve» façade 2024 Ωmega straße İstanbul",
            &long,
            &repeated,
        ];
        // Bodies of two words: one shingle and two topic words, so nearly
        // every bin of both sketches is densified, and a few bins take
        // every probe (4K) before the circular fallback decides which of
        // the two filled bins they copy.
        let single: Vec<String> = (0..2000).map(|i| format!("quay{i} dock{i}")).collect();
        let bodies = bodies
            .iter()
            .copied()
            .chain(single.iter().map(String::as_str));
        for body in bodies {
            for title in ["", "UPDATE 2-Orrin votes on the bridge", "Bridge vote"] {
                assert_eq!(
                    Signature::of(title, body),
                    plain_signature(title, body),
                    "title {title:?}, body {body:?}"
                );
            }
        }
    }

    #[test]
    fn word_hashes_are_fnv_of_the_lowercased_alphanumeric_runs() {
        let plain = |text: &str| -> Vec<u64> {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| {
                    // Character by character: a final sigma stays σ.
                    let lower: String = w.chars().flat_map(char::to_lowercase).collect();
                    lower.bytes().fold(FNV_OFFSET, |h, b| {
                        (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
                    })
                })
                .collect()
        };
        let all_ascii: String = (0u8..128).map(char::from).collect();
        for text in [
            "",
            "Hello, WORLD! it's 2024-03-25: x9 Z_z",
            "Zürich’s ÉCOLE — «naïve» façade Ωmega straße İstanbul ΣΑΣ",
            &all_ascii,
        ] {
            assert_eq!(word_hashes(text), plain(text), "{text:?}");
        }
    }

    #[test]
    fn the_distinct_count_counts_each_value_once_and_clears() {
        let mut distinct = Distinct::default();
        distinct.clear(1);
        for value in (0..5_000u64)
            .chain(0..5_000)
            .map(|v| v.wrapping_mul(0x9e37_79b9))
        {
            distinct.insert(value);
        }
        assert_eq!(distinct.len(), 5_000);
        distinct.clear(10);
        assert_eq!(distinct.len(), 0);
    }
}
