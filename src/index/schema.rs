//! The index schema: its fields and how each is indexed. Prose fields keep
//! positions (phrase queries) and are read by the stemmed analyzer of
//! [`super::analysis`]; identifiers are exact terms.

use super::analysis::PROSE_ANALYZER;
use tantivy::schema::{Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};

/// Version of the index layout and schema; stored in the index manifest.
pub const SCHEMA_VERSION: u32 = 8;

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Article id, exact (`Q319207`, a permalink, a doc path).
    pub id: Field,
    /// `kb`, `blog` or `doc`, exact.
    pub kind: Field,
    /// Title, stemmed prose.
    pub title: Field,
    /// Whole article text, stemmed prose.
    pub body: Field,
    /// SYMPTOMS, CAUSE and SUMMARY; all of a blog post or runbook without
    /// headings (where a person's description of a problem lands).
    pub symptoms: Field,
    /// Quoted messages, stemmed prose.
    pub messages: Field,
    /// Signals as exact terms (see [`super::document::signal_terms`]).
    pub signals: Field,
    /// The whole article as JSON, stored for `show` and hits.
    pub article: Field,
    /// The products an article applies to, each one exact term as written
    /// (`Microsoft Exchange`): what a search can be limited to.
    pub products: Field,
    /// What an article applies to as product-and-version mentions, exact
    /// and stored (see [`crate::extract::applies::Mention::term`]): the
    /// corpus's product vocabulary, and what re-ranking reads of each candidate.
    pub applies: Field,
    /// What articles say about error codes, one exact term per fact
    /// (see [`super::document::code_fact_term`]): the index's table of code names and
    /// messages, counted by the articles that state each.
    pub code_facts: Field,
    /// What kind of article it is, exact and stored: [`super::analysis::EXPLAINER`] for a KB
    /// article that describes no problem (see [`super::analysis::is_explainer`]).
    pub shape: Field,
    /// What the article is about as a vector, stored (see
    /// [`crate::index::meaning::article_vector`]); absent when it holds
    /// no word the model knows.
    pub meaning: Field,
}

impl Fields {
    /// Look the fields up in a schema (one built by [`build_schema`]).
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            id: schema.get_field("id")?,
            kind: schema.get_field("kind")?,
            title: schema.get_field("title")?,
            body: schema.get_field("body")?,
            symptoms: schema.get_field("symptoms")?,
            messages: schema.get_field("messages")?,
            signals: schema.get_field("signals")?,
            article: schema.get_field("article")?,
            code_facts: schema.get_field("code_facts")?,
            products: schema.get_field("products")?,
            applies: schema.get_field("applies")?,
            shape: schema.get_field("shape")?,
            meaning: schema.get_field("meaning")?,
        })
    }
}

/// The schema.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let prose = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(PROSE_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    builder.add_text_field("id", STRING | STORED);
    builder.add_text_field("kind", STRING | STORED);
    // Title and messages are stored too: re-ranking reads them for every
    // candidate without decoding the whole article.
    builder.add_text_field("title", prose.clone().set_stored());
    builder.add_text_field("body", prose.clone());
    builder.add_text_field("symptoms", prose.clone());
    builder.add_text_field("messages", prose.set_stored());
    builder.add_text_field("signals", STRING | STORED);
    builder.add_text_field("article", STORED);
    builder.add_text_field("code_facts", STRING);
    builder.add_text_field("products", STRING);
    builder.add_text_field("applies", STRING | STORED);
    builder.add_text_field("shape", STRING | STORED);
    builder.add_bytes_field("meaning", STORED);
    builder.build()
}
