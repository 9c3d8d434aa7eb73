//! The similarity signature of an article: MinHash over 5-word shingles of
//! its cleaned body, cut into locality-sensitive hashing bands, and a
//! smaller MinHash of its topic words for story clustering.
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

/// LSH bands stored as index terms.
pub const BANDS: usize = 20;

/// MinHash values per band (`BANDS × ROWS` of the `HASHES` are banded).
pub const ROWS: usize = 5;

/// Two articles are near-duplicates when the Jaccard similarity of their
/// 5-word shingle sets, as estimated from their signatures, is at least
/// this.
pub const JACCARD_THRESHOLD: f64 = 0.8;

/// A revision ("UPDATE 1", "CORRECTED", "REFILE") groups with an earlier
/// version when this share of the shorter text's shingles are in the other
/// (a revision adds paragraphs, which lowers the Jaccard similarity).
pub const CONTAINMENT_THRESHOLD: f64 = 0.8;

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

const FORMAT: u8 = 1;
const REVISION: u8 = 1;

/// The MinHash signature of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The low 16 bits of each MinHash value (what is stored and compared).
    pub mins: [u16; HASHES],
    /// The LSH band keys (hashes of `ROWS` full 64-bit values each).
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

fn seeds() -> &'static [u64; HASHES] {
    static SEEDS: std::sync::OnceLock<[u64; HASHES]> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = [0u64; HASHES];
        let mut state = 0x6e65_7773_6465_7821u64; // "newsdex!"
        for seed in &mut seeds {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            *seed = mix64(state);
        }
        seeds
    })
}

/// The hashes of the words of `text`: runs of alphanumeric characters,
/// lowercased.
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut words = Vec::with_capacity(text.len() / 6);
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_alphanumeric() {
            in_word = true;
            for lower in c.to_lowercase() {
                for byte in lower.encode_utf8(&mut buf).bytes() {
                    h = (h ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
                }
            }
        } else if in_word {
            words.push(h);
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        words.push(h);
    }
    words
}

/// The hashes of the distinct topic words of `text`: four characters or
/// more, not a stopword, lowercased.
pub fn topic_word_hashes(text: &str) -> Vec<u64> {
    static STOP: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let stop = STOP.get_or_init(|| {
        let mut v: Vec<u64> = STOPWORDS.iter().map(|w| word_hashes(w)[0]).collect();
        v.sort_unstable();
        v
    });
    let mut out: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !w.chars().all(|c| c.is_ascii_digit()))
        .flat_map(word_hashes)
        .filter(|h| stop.binary_search(h).is_err())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The hashes of the 5-word shingles of `text` (one shingle of all its
/// words when it has fewer than five; none when it has none), sorted and
/// deduplicated.
pub fn shingle_hashes(text: &str) -> Vec<u64> {
    let words = word_hashes(text);
    if words.is_empty() {
        return Vec::new();
    }
    let width = SHINGLE_WORDS.min(words.len());
    let mut shingles: Vec<u64> = words
        .windows(width)
        .map(|window| {
            window
                .iter()
                .fold(FNV_OFFSET, |acc, &w| mix64(acc.rotate_left(17) ^ w))
        })
        .collect();
    shingles.sort_unstable();
    shingles.dedup();
    shingles
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
        let shingles = shingle_hashes(body);
        if shingles.is_empty() {
            return None;
        }
        let seeds = seeds();
        let mut full = [u64::MAX; HASHES];
        for &shingle in &shingles {
            for (min, &seed) in full.iter_mut().zip(seeds) {
                let value = mix64(shingle ^ seed);
                if value < *min {
                    *min = value;
                }
            }
        }
        let mut bands = [0u64; BANDS];
        for (band, key) in bands.iter_mut().enumerate() {
            let rows = &full[band * ROWS..(band + 1) * ROWS];
            *key = rows
                .iter()
                .fold(mix64(band as u64 + 1), |acc, &v| mix64(acc ^ v));
        }
        let mut mins = [0u16; HASHES];
        for (short, value) in mins.iter_mut().zip(full) {
            *short = (value & 0xffff) as u16;
        }
        let mut topic_full = [u64::MAX; TOPIC_HASHES];
        for text in [title, body] {
            for word in topic_word_hashes(text) {
                for (min, &seed) in topic_full.iter_mut().zip(seeds.iter().rev()) {
                    *min = (*min).min(mix64(word ^ seed));
                }
            }
        }
        let mut topic = [0u16; TOPIC_HASHES];
        for (short, value) in topic.iter_mut().zip(topic_full) {
            *short = (value & 0xffff) as u16;
        }
        Some(Signature {
            mins,
            bands,
            shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
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
        let equal = self
            .topic
            .iter()
            .zip(&other.topic)
            .filter(|(a, b)| a == b)
            .count();
        equal as f64 / TOPIC_HASHES as f64
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
    /// [`JACCARD_THRESHOLD`], or, when either is a revision, containment ≥
    /// [`CONTAINMENT_THRESHOLD`]. Returns the similarity that decided it.
    pub fn matches(&self, other: &Signature) -> Option<f64> {
        let j = self.jaccard(other);
        if j >= JACCARD_THRESHOLD {
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
