//! The index schema and its analyzers. Prose fields keep positions (phrase
//! queries) and are stemmed; identifiers are exact terms.

use crate::article::{Article, ArticleKind, Section, Signals};
use tantivy::TantivyDocument;
use tantivy::schema::{Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};

/// Version of the index layout and schema; stored in the index manifest.
pub const SCHEMA_VERSION: u32 = 6;

/// Name of the stemmed English analyzer used by prose fields.
pub const PROSE_ANALYZER: &str = "kb_prose";

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
    /// Signals as exact terms (see [`signal_terms`]).
    pub signals: Field,
    /// The whole article as JSON, stored for `show` and hits.
    pub article: Field,
    /// The products an article applies to, each one exact term as written
    /// (`Microsoft Exchange`): what a search can be limited to.
    pub products: Field,
    /// What articles say about error codes, one exact term per fact
    /// (see [`code_fact_term`]): the index's table of code names and
    /// messages, counted by the articles that state each.
    pub code_facts: Field,
    /// What kind of article it is, exact and stored: [`EXPLAINER`] for a KB
    /// article that describes no problem (see [`is_explainer`]).
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
    builder.add_text_field("shape", STRING | STORED);
    builder.add_bytes_field("meaning", STORED);
    builder.build()
}

/// The stemmed English analyzer for prose. Registered on every index open.
pub fn prose_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(super::stem_cache::CachedStemmer)
        .build()
}

thread_local! {
    /// One prose analyzer per thread: making one allocates its stem memo.
    static PROSE: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(prose_analyzer());
}

/// Analyse text with the prose analyzer: tokens with their positions.
pub fn tokens(text: &str) -> Vec<(usize, String)> {
    PROSE.with_borrow_mut(|analyzer| analyze_with(analyzer, text))
}

/// Analyse text with the prose analyzer, handing each token to `each`
/// until it returns false: [`tokens`] without a `String` per token.
pub fn for_each_token(text: &str, mut each: impl FnMut(&str) -> bool) {
    PROSE.with_borrow_mut(|analyzer| each_token(analyzer, text, |_, token| each(token)))
}

/// The tokens `analyzer` makes of `text`, with their positions.
pub(crate) fn analyze_with(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    each_token(analyzer, text, |position, token| {
        out.push((position, token.to_string()));
        true
    });
    out
}

/// Hand each token `analyzer` makes of `text`, with its position, to
/// `each` until it returns false: the one token loop of the analysers.
fn each_token(analyzer: &mut TextAnalyzer, text: &str, mut each: impl FnMut(usize, &str) -> bool) {
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        if !each(token.position, &token.text) {
            break;
        }
    }
}

/// Register the project's analyzers on an index.
pub fn register_analyzers(index: &tantivy::Index) {
    index.tokenizers().register(PROSE_ANALYZER, prose_analyzer());
}

/// Signals as exact index terms: `msg:2328`, `event:4014`, `event:4014:srv`,
/// `err:0x80041001`, `err:win32:8`, `file:distmgr.dll`, `log:distmgr.log`,
/// `comp:sms_distribution_manager`, `reg:<key lower-case>`.
/// The matcher builds the same terms from a query's signals.
pub fn signal_terms(signals: &Signals) -> Vec<String> {
    let mut terms = Vec::new();
    terms.extend(signals.message_ids.iter().map(|id| format!("msg:{id}")));
    for event in &signals.event_ids {
        terms.push(format!("event:{}", event.id));
        if let Some(source) = &event.source {
            terms.push(format!("event:{}:{}", event.id, source.to_lowercase()));
        }
    }
    for code in &signals.error_codes {
        terms.push(format!("err:{}", code.to_lowercase()));
        // The same code in its canonical form (`0x800705aa` is also
        // `win32:1450`), so that any form finds any other.
        if let Some(canonical) = crate::extract::codes::identities(code) {
            terms.push(format!("err:{canonical}"));
        }
    }
    terms.extend(signals.file_names.iter().map(|f| format!("file:{}", f.to_lowercase())));
    terms.extend(signals.log_files.iter().map(|f| format!("log:{}", f.to_lowercase())));
    terms.extend(signals.components.iter().map(|c| format!("comp:{}", c.to_lowercase())));
    terms.extend(signals.registry_keys.iter().map(|k| format!("reg:{}", k.to_lowercase())));
    terms.sort();
    terms.dedup();
    terms
}

/// The index term of a fact about a code: `<code>\t<name|message>\t<text>`.
pub fn code_fact_term(fact: &crate::article::CodeFact) -> String {
    format!("{}\t{}\t{}", fact.code, fact.kind.as_str(), fact.text)
}

/// Names of the sections of a KB article that describe the problem rather
/// than the fix.
pub const SYMPTOM_SECTIONS: &[&str] = &["SYMPTOMS", "CAUSE", "SUMMARY"];
/// A blog post or runbook without headings is all one section, and it is
/// the story of the problem: it counts as symptoms too. A KB article without
/// headings does not: as a whole it is already the body, and indexing it a
/// second time cost a fifth of a build for no measured gain in accuracy.
const DESCRIPTION_SECTIONS: &[&str] = &["BODY", "INTRODUCTION"];

/// The `shape` of a KB article that has neither SYMPTOMS nor CAUSE: it
/// explains, lists or shows how (an INFO, HOWTO or SAMPLE article, a README,
/// a list of fixes) rather than describing a problem and its fix.
pub const EXPLAINER: &str = "explainer";

/// Sections that only an article about a problem has.
const PROBLEM_SECTIONS: &[&str] = &["SYMPTOMS", "CAUSE"];

/// Whether an article explains rather than describes a problem (see
/// [`EXPLAINER`]). Blog posts and runbooks are not judged: their headings
/// are their authors'.
pub fn is_explainer(kind: ArticleKind, sections: &[Section]) -> bool {
    kind == ArticleKind::Kb && !sections.iter().any(|s| PROBLEM_SECTIONS.contains(&s.name.to_uppercase().as_str()))
}

/// Whether a section's words go to the `symptoms` field.
pub fn describes_the_problem(kind: ArticleKind, section: &str) -> bool {
    let name = section.to_uppercase();
    SYMPTOM_SECTIONS.contains(&name.as_str())
        || (kind != ArticleKind::Kb && DESCRIPTION_SECTIONS.contains(&name.as_str()))
}

/// The index document for an article.
pub fn to_document(fields: &Fields, article: &Article) -> serde_json::Result<TantivyDocument> {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &article.id);
    if let Some(vector) = crate::index::meaning::article_vector(article) {
        doc.add_bytes(fields.meaning, &vector);
    }
    doc.add_text(fields.kind, article.kind.as_str());
    doc.add_text(fields.title, &article.title);
    for section in &article.sections {
        doc.add_text(fields.body, &section.text);
        if describes_the_problem(article.kind, &section.name) {
            doc.add_text(fields.symptoms, &section.text);
        }
    }
    // Other spellings of the article's names ("Data Protection Manager" is
    // also DPM): found by a paste that uses them, as words of the body.
    let aliases = crate::extract::aliases::of_article(article);
    if !aliases.is_empty() {
        doc.add_text(fields.body, aliases.join(" "));
    }
    // The products it applies to ("Word 97 for Windows"): a description
    // names the product far more often than the article's text does
    // (+0.4 points top-1 on the 900 own-words training queries).
    if !article.products.is_empty() {
        doc.add_text(fields.body, article.products.join(" "));
    }
    // The words its authors gave for finding it: how a person searches.
    if !article.query_words.is_empty() {
        let words = article.query_words.join(" ");
        doc.add_text(fields.body, &words);
        doc.add_text(fields.symptoms, &words);
    }
    for message in &article.messages {
        doc.add_text(fields.messages, message);
    }
    for term in signal_terms(&article.signals) {
        doc.add_text(fields.signals, &term);
    }
    for product in &article.products {
        doc.add_text(fields.products, product);
    }
    for fact in &article.code_facts {
        doc.add_text(fields.code_facts, code_fact_term(fact));
    }
    if is_explainer(article.kind, &article.sections) {
        doc.add_text(fields.shape, EXPLAINER);
    }
    doc.add_text(fields.article, &serde_json::to_string(article)?);
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symptoms_are_the_sections_that_describe_the_problem() {
        assert!(describes_the_problem(ArticleKind::Kb, "Symptoms"));
        assert!(describes_the_problem(ArticleKind::Kb, "SUMMARY"));
        assert!(!describes_the_problem(ArticleKind::Kb, "RESOLUTION"));
        // A KB article without headings is body only; a post without
        // headings is the description of its problem.
        assert!(!describes_the_problem(ArticleKind::Kb, "BODY"));
        assert!(describes_the_problem(ArticleKind::Blog, "BODY"));
        assert!(describes_the_problem(ArticleKind::Doc, "Introduction"));
        assert!(!describes_the_problem(ArticleKind::Blog, "Resolution"));
    }

    #[test]
    fn an_explainer_is_a_kb_article_with_neither_symptoms_nor_cause() {
        let sections = |names: &[&str]| -> Vec<Section> {
            names.iter().map(|n| Section { name: n.to_string(), text: "text".into() }).collect()
        };
        // An INFO or HOWTO article: SUMMARY and MORE INFORMATION only.
        assert!(is_explainer(ArticleKind::Kb, &sections(&["SUMMARY", "MORE INFORMATION"])));
        assert!(is_explainer(ArticleKind::Kb, &sections(&["BODY"])));
        // A problem and its fix, with either heading, in any case.
        assert!(!is_explainer(ArticleKind::Kb, &sections(&["Symptoms", "RESOLUTION"])));
        assert!(!is_explainer(ArticleKind::Kb, &sections(&["SUMMARY", "CAUSE", "RESOLUTION"])));
        // Posts and runbooks are not judged by their headings.
        assert!(!is_explainer(ArticleKind::Blog, &sections(&["BODY"])));
        assert!(!is_explainer(ArticleKind::Doc, &sections(&["Introduction"])));
    }
}
