//! About-scoring: each country scores by where its mentions stand, and the
//! countries that score high enough are the ones an article is about.

use super::model::{Country, CountryTags, Hit, Zone};

/// Score of a country named in the dateline.
pub const WEIGHT_DATELINE: f32 = 3.0;
/// Score of a country named in the title.
pub const WEIGHT_TITLE: f32 = 3.0;
/// Score of a country named in the lede (first paragraph of the body).
pub const WEIGHT_LEDE: f32 = 2.0;
/// Score of each further mention in the body or captions.
pub const WEIGHT_MENTION: f32 = 0.5;
/// Score from which a country is one the article is about.
pub const ABOUT_THRESHOLD: f32 = 2.5;

/// The countries mentioned by `hits` and those the article is about.
pub(super) fn score(hits: &[Hit], countries: &[Country]) -> CountryTags {
    // (country, score) in order of first mention. A country's entry is
    // found by a scan: an article names a few countries, and never more
    // than the gazetteer holds, so this stays linear in the hits (a table
    // of every country, zeroed per article, cost more than the scans).
    let mut scores: Vec<(usize, f32)> = Vec::new();
    for hit in hits {
        let weight = match hit.zone {
            Zone::Dateline => WEIGHT_DATELINE,
            Zone::Title => WEIGHT_TITLE,
            Zone::Lede => WEIGHT_LEDE,
            Zone::Body => WEIGHT_MENTION,
        };
        match scores.iter().position(|&(c, _)| c == hit.country) {
            Some(i) => {
                // A zone counts fully once; repeats add a mention each.
                scores[i].1 += if hit.zone == Zone::Body {
                    weight
                } else {
                    WEIGHT_MENTION
                };
            }
            None => scores.push((hit.country, weight)),
        }
    }
    let id = |c: usize| countries[c].id.clone();
    let mut mentioned: Vec<String> = scores.iter().map(|&(c, _)| id(c)).collect();
    let mut about: Vec<String> = scores
        .iter()
        .filter(|&&(_, s)| s >= ABOUT_THRESHOLD)
        .map(|&(c, _)| id(c))
        .collect();
    if about.is_empty() {
        if let Some(&(c, _)) = scores
            .iter()
            .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
        {
            about.push(id(c));
        }
    }
    mentioned.sort();
    mentioned.dedup();
    about.sort();
    about.dedup();
    CountryTags { mentioned, about }
}
