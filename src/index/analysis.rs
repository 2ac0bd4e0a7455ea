//! How the index reads text: the stemmed English analyzer of the prose
//! fields (and of a paste's words, so that both meet as the same tokens),
//! and which parts of an article tell its problem. A leaf: the schema, the
//! document builder, the article vectors and the matcher all read it.
//!
//! In detail: How the index reads text: the stemmed prose analyzer and its
//! 48-byte token limit, shared with the matcher's reading of a paste; which
//! sections tell an article's problem; whether it only explains: a KB article
//! with no problem heading, unless its own headings sit under a title that says
//! what failed, read by `logs::says_failure`.

use crate::article::{ArticleKind, Section};
use regex::Regex;
use std::sync::LazyLock;
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};

/// Name of the stemmed English analyzer used by prose fields.
pub const PROSE_ANALYZER: &str = "kb_prose";

/// Longest token kept, in bytes: longer runs of letters (base64, hex dumps)
/// are no words a person types; the paste's words as written are cut the
/// same way ([`unstemmed_tokens`]), so that both keep the same tokens.
pub const MAX_TOKEN_BYTES: usize = 48;

/// The stemmed English analyzer for prose. Registered on every index open.
pub fn prose_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
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

/// The analyzer the index writes the prose fields with: the prose analyzer
/// with the parts of words written in mixed case beside them
/// ([`super::word_parts`]). A paste is read without them.
fn index_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(super::word_parts::WordParts)
        .filter(LowerCaser)
        .filter(super::stem_cache::CachedStemmer)
        .build()
}

/// Analyse text as the index writes it ([`index_analyzer`]): [`tokens`]
/// with the parts of words written in mixed case (what the index holds;
/// the tests check it with this).
pub fn index_tokens(text: &str) -> Vec<(usize, String)> {
    analyze_with(&mut index_analyzer(), text)
}

/// Register the project's analyzers on an index.
pub fn register_analyzers(index: &tantivy::Index) {
    index.tokenizers().register(PROSE_ANALYZER, index_analyzer());
}

/// The words of a text as written, before lower-casing and stemming, with
/// their positions (those of [`tokens`]).
pub fn unstemmed_tokens(text: &str) -> Vec<(usize, String)> {
    let mut analyzer =
        TextAnalyzer::builder(SimpleTokenizer::default()).filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES)).build();
    analyze_with(&mut analyzer, text)
}

/// Names of the sections of a KB article that describe the problem rather
/// than the fix.
pub const SYMPTOM_SECTIONS: &[&str] = &["SYMPTOMS", "CAUSE", "SUMMARY"];
/// A blog post or runbook without headings is all one section, and it is
/// the story of the problem: it counts as symptoms too. A KB article without
/// headings does not: as a whole it is already the body, and indexing it a
/// second time cost a fifth of a build for no measured gain in accuracy.
const DESCRIPTION_SECTIONS: &[&str] = &["BODY", "INTRODUCTION"];

/// The `shape` of a KB article that has no SYMPTOMS, CAUSE, RESOLUTION or
/// WORKAROUND: it explains, lists or shows how (an INFO, HOWTO or SAMPLE
/// article, a README, a list of fixes) rather than describing a problem and
/// its fix.
pub const EXPLAINER: &str = "explainer";

/// Sections that only an article about a problem has: a modern article may
/// tell its symptoms under a heading of their own ("Error occurs when you
/// send email to specific remote domains") and still give its fix.
const PROBLEM_SECTIONS: &[&str] = &["SYMPTOMS", "CAUSE", "RESOLUTION", "WORKAROUND"];

/// Whether an article explains rather than describes a problem (see
/// [`EXPLAINER`]): a KB article with none of the problem sections, unless
/// it heads its text in its own words and its title says what failed. A
/// modern article may head its symptoms with their own words ("Error
/// occurs when you send email to specific remote domains") under a title
/// that names the problem ("451 4.4.0 DNS query failed ..."); an old one
/// with only SUMMARY and MORE INFORMATION is an INFO article whatever its
/// title (read both ways on the training queries: 3,049 answers first with
/// the headings alone, 3,048 with every title read, 3,049 with this). Blog
/// posts and runbooks are not judged: their headings are their authors'.
pub fn is_explainer(kind: ArticleKind, title: &str, sections: &[Section]) -> bool {
    let named = |names: &[&str], s: &Section| names.contains(&s.name.to_uppercase().as_str());
    if kind != ArticleKind::Kb || sections.iter().any(|s| named(PROBLEM_SECTIONS, s)) {
        return false;
    }
    let own_headings = sections.iter().any(|s| !named(EXPLAINER_SECTIONS, s));
    !(own_headings && crate::logs::says_failure(&ERROR_NOUN.replace_all(title, " ")))
}

/// The headings of a KB article that explains: what it has when it has
/// none of [`PROBLEM_SECTIONS`] and no heading in its own words.
const EXPLAINER_SECTIONS: &[&str] = &["SUMMARY", "MORE INFORMATION", "BODY", "INTRODUCTION", "REFERENCES"];

/// "Error" and "errors" in a title name a subject as often as a problem
/// ("List of MS-DOS 6 Documentation Errors", "Error Codes in Windows NT"):
/// the title of an article about a problem says what failed.
static ERROR_NOUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\berrors?\b").expect("error noun pattern"));

/// Whether a section's words go to the `symptoms` field. A ticket's
/// Problem section (its description) does; its Resolution does not.
pub fn describes_the_problem(kind: ArticleKind, section: &str) -> bool {
    let name = section.to_uppercase();
    SYMPTOM_SECTIONS.contains(&name.as_str())
        || (kind != ArticleKind::Kb && DESCRIPTION_SECTIONS.contains(&name.as_str()))
        || (kind == ArticleKind::Ticket && name == "PROBLEM")
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
        assert!(describes_the_problem(ArticleKind::Ticket, "Problem"));
        assert!(!describes_the_problem(ArticleKind::Ticket, "Resolution"));
        assert!(!describes_the_problem(ArticleKind::Doc, "Problem"));
    }

    #[test]
    fn an_explainer_is_a_kb_article_that_neither_heads_nor_titles_a_problem() {
        let sections = |names: &[&str]| -> Vec<Section> {
            names.iter().map(|n| Section { name: n.to_string(), text: "text".into() }).collect()
        };
        // An INFO or HOWTO article: SUMMARY and MORE INFORMATION only.
        let title = "How to Move the Site Database";
        assert!(is_explainer(ArticleKind::Kb, title, &sections(&["SUMMARY", "MORE INFORMATION"])));
        assert!(is_explainer(ArticleKind::Kb, title, &sections(&["BODY"])));
        // Headings in the article's own words under a title that says what
        // failed: a problem. The same title over the explainer's headings,
        // or a title that only names errors: an explainer.
        let failed = "451 4.4.0 DNS query failed Exchange Server error in message queue";
        assert!(!is_explainer(ArticleKind::Kb, failed, &sections(&[failed, "Error occurs when you send email"])));
        assert!(is_explainer(ArticleKind::Kb, failed, &sections(&["SUMMARY", "MORE INFORMATION"])));
        assert!(is_explainer(ArticleKind::Kb, title, &sections(&["Move the database"])));
        let list = "Comprehensive List of MS-DOS 6 Documentation Errors";
        assert!(is_explainer(ArticleKind::Kb, list, &sections(&["Errors in the user's guide"])));
        // A problem and its fix, with either heading, in any case.
        assert!(!is_explainer(ArticleKind::Kb, title, &sections(&["Symptoms", "RESOLUTION"])));
        assert!(!is_explainer(ArticleKind::Kb, title, &sections(&["SUMMARY", "CAUSE", "RESOLUTION"])));
        assert!(!is_explainer(ArticleKind::Kb, title, &sections(&["Error occurs when you send email", "Workaround"])));
        // Posts and runbooks are not judged by their headings.
        assert!(!is_explainer(ArticleKind::Blog, title, &sections(&["BODY"])));
        assert!(!is_explainer(ArticleKind::Doc, title, &sections(&["Introduction"])));
    }
}
