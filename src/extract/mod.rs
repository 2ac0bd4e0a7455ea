//! Stage 2: a merged [`Document`] -> an [`Article`]. Pure functions from text
//! to structure, one file per extractor, tested without an index.

use crate::article::{Article, ArticleKind, Section};
use crate::ingest::Document;

pub mod aliases;
pub mod applies;
pub mod codes;
pub mod hotfix;
pub mod kb_header;
pub mod messages;
pub mod sections;
pub mod signals;
pub mod steps;

/// Version of the extractors' output; stored in the index so that an index
/// built by other extractors is detected and rebuilt.
pub const EXTRACTOR_VERSION: u32 = 24;

/// Turn one (merged) document into an article with its structure extracted
/// (what the index stores, then fills with the remediation when it reads
/// an article back): for the crate's tests and benchmarks.
#[cfg(feature = "internals")]
pub fn extract(doc: &Document, sources: Vec<String>) -> Article {
    let mut article = searchable(doc, sources);
    add_remediation(&mut article);
    article
}

/// The article without its remediation (steps and hotfix files): what the
/// index searches and stores. Only shown hits need the remediation, so the
/// index fills it in when it reads an article ([`add_remediation`]) rather
/// than extracting it for every article at build time.
pub fn searchable(doc: &Document, sources: Vec<String>) -> Article {
    let header = match doc.kind {
        ArticleKind::Kb => kb_header::parse(&doc.body),
        _ => kb_header::KbHeader::default(),
    };
    let sections = match (&doc.sections, doc.kind) {
        (Some(sections), _) => sections.clone(),
        (None, ArticleKind::Kb) => sections::split_kb(&doc.body),
        (None, _) => vec![Section { name: "BODY".into(), text: doc.body.clone() }],
    };
    let (mut signals, code_facts) = signals::extract_with_code_facts(&doc.body);
    // A title may be the only place that names the event or code
    // ("XFOR: ErrMsg: Event ID 1035 - Unable to Open or Read a Message").
    if let Some(title) = &doc.title {
        signals.add_ids(signals::extract(title));
    }
    // An article is not evidence for itself.
    signals.articles.retain(|a| a != &doc.id);
    let messages = messages::extract(&sections, &doc.emphasized);
    let meta = &doc.meta;
    let pick = |from_meta: &Vec<String>, from_header: Vec<String>| {
        if from_meta.is_empty() { from_header } else { from_meta.clone() }
    };
    Article {
        id: doc.id.clone(),
        kind: doc.kind,
        title: doc.title.clone().unwrap_or_else(|| doc.id.clone()),
        products: pick(&meta.products, header.products),
        versions: pick(&meta.versions, header.versions),
        keywords: pick(&meta.keywords, header.keywords),
        query_words: header.query_words,
        modified: meta.modified.clone().or(header.modified),
        date: meta.date.clone(),
        categories: meta.categories.clone(),
        tags: meta.tags.clone(),
        hotfix_files: Vec::new(),
        sections,
        steps: Vec::new(),
        steps_section: None,
        procedures: Vec::new(),
        signals,
        messages,
        sources,
        code_facts,
        cites: meta.cites.clone(),
        links: Vec::new(),
    }
}

/// Fill in an article's remediation steps and hotfix file tables, from its
/// sections.
pub fn add_remediation(article: &mut Article) {
    (article.procedures, article.steps, article.steps_section) = steps::remediation(&article.sections, article.kind);
    let text: Vec<&str> = article.sections.iter().map(|s| s.text.as_str()).collect();
    article.hotfix_files = hotfix::extract(&text.join("\n\n"));
}
