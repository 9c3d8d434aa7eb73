//! Reading near-duplicate groups back: an article's group, and a group's
//! members (see [`crate::dups`]).

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::{document, NewsIndex};
use crate::article::Article;
use crate::error::Result;
use crate::schema::names;

impl NewsIndex {
    /// The near-duplicate group of the article `id`, if the index holds it.
    pub fn dup_group(&self, id: &str) -> Result<Option<u64>> {
        let searcher = self.searcher()?;
        let schema = self.schema();
        let read = || -> Result<Option<u64>> {
            let query = TermQuery::new(
                Term::from_field_text(schema.id, id),
                IndexRecordOption::Basic,
            );
            let hits = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
            let Some((_, address)) = hits.first() else {
                return Ok(None);
            };
            let segment = searcher.segment_reader(address.segment_ord);
            let groups = segment.fast_fields().u64(names::DUP_GROUP)?;
            Ok(groups.first(address.doc_id))
        };
        self.guard(read).map_err(|err| self.read_error(err))
    }

    /// The articles of near-duplicate group `group`, the earliest published
    /// first (undated last), then by id.
    pub fn group_members(&self, group: u64) -> Result<Vec<Article>> {
        let searcher = self.searcher()?;
        let schema = self.schema();
        let read = || -> Result<Vec<Article>> {
            let query = TermQuery::new(
                Term::from_field_u64(schema.dup_group, group),
                IndexRecordOption::Basic,
            );
            let mut members = Vec::new();
            for address in searcher.search(&query, &DocSetCollector)? {
                let doc = searcher.doc(address)?;
                members.push(document::from_document(schema, &doc)?);
            }
            members.sort_by(|a: &Article, b: &Article| {
                (a.published.is_none(), a.published, a.id.as_str()).cmp(&(
                    b.published.is_none(),
                    b.published,
                    b.id.as_str(),
                ))
            });
            Ok(members)
        };
        self.guard(read).map_err(|err| self.read_error(err))
    }
}
