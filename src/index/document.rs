//! The index document of an article: its text in the prose fields (with
//! the other spellings of its names, its products and its additional query
//! words), its signals as exact terms, its facts about codes, its shape,
//! its vector and the whole article as stored JSON.
//!
//! In detail: An article's index document: its fields' text, signal terms (with
//! `kb:<n>`, a KB article's own number, which a paste naming `Q<n>`, `KB<n>` or
//! a lone `<n>` of six digits or more searches: the article itself, not those
//! that refer to it), code facts, shape, vector and stored JSON.

use super::analysis::{EXPLAINER, describes_the_problem, is_explainer};
use super::meaning;
use super::schema::Fields;
use crate::article::{Article, ArticleKind, Signals};
use tantivy::TantivyDocument;

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

/// The signal term of a KB article's own number, `kb:319207`: a paste that
/// names the article (`Q319207`, `KB319207`, `319207`) finds it, and not
/// the articles that merely refer to it.
pub fn article_number_term(article: &Article) -> Option<String> {
    let number = crate::article::kb_number(&article.id).filter(|_| article.kind == ArticleKind::Kb)?;
    Some(format!("kb:{number}"))
}

/// The index term of a fact about a code: `<code>\t<name|message>\t<text>`.
pub fn code_fact_term(fact: &crate::article::CodeFact) -> String {
    format!("{}\t{}\t{}", fact.code, fact.kind.as_str(), fact.text)
}

/// The index document for an article.
pub fn to_document(fields: &Fields, article: &Article) -> serde_json::Result<TantivyDocument> {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &article.id);
    if let Some(number) = article_number_term(article) {
        doc.add_text(fields.signals, &number);
    }
    if let Some(vector) = meaning::article_vector(article) {
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
    for mention in crate::extract::applies::of_article(article) {
        doc.add_text(fields.applies, mention.term());
    }
    // The versions its title and summary name ("... on a Windows
    // 8.1-based computer"), read as product versions at search time.
    for term in crate::extract::applies::of_article_text(article) {
        doc.add_text(fields.applies, term);
    }
    for fact in &article.code_facts {
        doc.add_text(fields.code_facts, code_fact_term(fact));
    }
    if is_explainer(article.kind, &article.title, &article.sections) {
        doc.add_text(fields.shape, EXPLAINER);
    }
    doc.add_text(fields.article, &serde_json::to_string(article)?);
    Ok(doc)
}
