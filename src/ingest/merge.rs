//! The same article seen in several formats is one article: group documents
//! by id, pick the best body, merge metadata, list every source.
use super::Document;

/// One article's documents merged: the document to extract from (best body,
/// merged metadata) and every source path, sorted.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The document with the best body and the union of metadata.
    pub doc: Document,
    /// Every file this article was read from.
    pub sources: Vec<String>,
}

/// Group documents by id and merge each group. Output sorted by id.
pub fn merge(docs: Vec<Document>) -> Vec<Merged> {
    todo!("{}", docs.len())
}
