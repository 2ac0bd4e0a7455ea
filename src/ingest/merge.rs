//! The same article seen in several formats is one article: group documents
//! by id, pick the best body, merge metadata, list every source. A ticket
//! is never merged into an article of another kind that has its id.
//!
//! In detail: Same article in several formats -> one, grouped by `merge::key`:
//! the id, or a KB number however written, so `KB2467702` and the archive's
//! `Q2467702` are one article; a ticket never merges into an article of another
//! kind.
use super::document::{Document, DocumentMeta};
use crate::article::{ArticleKind, SourceFormat, kb_number};

/// One article's documents merged: the document to extract from (best body,
/// merged metadata) and every source path, sorted.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The document with the best body and the union of metadata.
    pub doc: Document,
    /// Every file this article was read from.
    pub sources: Vec<String>,
}

/// How faithful a format's body is, best first: the Jekyll page keeps the
/// article exactly; the HTML was rendered from it; a saved page went through
/// a browser; the text file carries the old header and indentation.
fn rank(format: SourceFormat) -> u8 {
    match format {
        SourceFormat::KbPage => 0,
        SourceFormat::KbHtml => 1,
        SourceFormat::KbSavedPage => 2,
        SourceFormat::KbText => 3,
        SourceFormat::KbMarkdown => 4,
        SourceFormat::BlogPost => 5,
        SourceFormat::Markdown => 6,
        SourceFormat::HtmlPage => 7,
        SourceFormat::PlainText => 8,
        SourceFormat::TicketCsv => 9,
        SourceFormat::TicketJson => 10,
        SourceFormat::Docx => 11,
        SourceFormat::Pdf => 12,
    }
}

/// What makes two documents one article: the id, except that a KB
/// article's number is the same article however it is written (`Q2467702`
/// in the archive, `KB2467702` for the modern article, zeros in front).
/// Read from the id alone, so that an incremental build, which keeps only
/// ids, groups the same way.
pub fn key(id: &str) -> std::borrow::Cow<'_, str> {
    match kb_number(id) {
        Some(number) => format!("kb:{number}").into(),
        None => id.into(),
    }
}

/// The key (see [`key`]) of the article a file's path names, if it names
/// one: a KB number as the file's name or its folder's (`Q219931.TXT`,
/// `Q219931/index.html`, `KB2467702.md`). Only a hint, for reading the
/// files of one article together: the key is read from the file.
pub fn key_from_path(path: &std::path::Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let folder = path.parent().and_then(std::path::Path::file_name).and_then(std::ffi::OsStr::to_str);
    [Some(stem), folder].into_iter().flatten().map(str::to_ascii_uppercase).find_map(|name| {
        // The key of a KB number however written; another name is no hint.
        kb_number(&name).map(|_| key(&name).into_owned())
    })
}

/// Group documents by key (see [`key`]) and merge each group. Output sorted
/// by key.
///
/// One sort (by key, then format rank, then source path so that the result
/// does not depend on read order) and one pass: O(n log n).
pub fn merge(mut docs: Vec<Document>) -> Vec<Merged> {
    docs.sort_by(|a, b| {
        key(&a.id).cmp(&key(&b.id)).then(rank(a.format).cmp(&rank(b.format))).then_with(|| a.source.cmp(&b.source))
    });
    let mut out = Vec::new();
    let mut group: Vec<Document> = Vec::new();
    for doc in docs {
        if group.first().is_some_and(|first| key(&first.id) != key(&doc.id)) {
            out.push(merge_group(std::mem::take(&mut group)));
        }
        group.push(doc);
    }
    if !group.is_empty() {
        out.push(merge_group(group));
    }
    out
}

/// Merge one id's documents, given best format first. A ticket whose
/// number is also another article's id (a KB number, a document's path)
/// is that article's clash, not another copy of it: the article keeps the
/// id and the ticket is left out (the same ticket in two exports merges).
fn merge_group(mut group: Vec<Document>) -> Merged {
    if group.first().is_some_and(|d| d.kind != ArticleKind::Ticket) {
        group.retain(|d| d.kind != ArticleKind::Ticket);
    }
    let mut sources: Vec<String> = group.iter().map(|d| d.source.to_string_lossy().into_owned()).collect();
    sources.sort();
    sources.dedup();

    // The preferred body, unless it is empty or less than half the longest
    // (a truncated or broken copy): then the longest.
    let longest = group
        .iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| a.body.len().cmp(&b.body.len()).then(ib.cmp(ia)))
        .map_or(0, |(i, _)| i);
    let longest_len = group.get(longest).map_or(0, |d| d.body.len());
    let best = match group.first() {
        Some(first) if !first.body.trim().is_empty() && first.body.len() * 2 >= longest_len => 0,
        _ => longest,
    };

    let mut meta = DocumentMeta::default();
    let mut title = None;
    for doc in &group {
        union(&mut meta.products, &doc.meta.products);
        union(&mut meta.versions, &doc.meta.versions);
        union(&mut meta.keywords, &doc.meta.keywords);
        union(&mut meta.categories, &doc.meta.categories);
        union(&mut meta.tags, &doc.meta.tags);
        if meta.modified.is_none() {
            meta.modified.clone_from(&doc.meta.modified);
        }
        if meta.date.is_none() {
            meta.date.clone_from(&doc.meta.date);
        }
        if title.is_none() {
            title = doc.title.clone().filter(|t| !t.is_empty());
        }
    }
    let id = group[0].id.clone();
    let mut doc = group.into_iter().nth(best).expect("a group is never empty and best is an index into it");
    // The best-ranked format's id: the archive's `Q` form where it has one.
    doc.id = id;
    doc.meta = meta;
    // The best-ranked format's title, even when another format's body won.
    doc.title = title;
    Merged { doc, sources }
}

/// Append the values `into` does not hold yet, keeping first-seen order.
fn union(into: &mut Vec<String>, from: &[String]) {
    for v in from {
        if !into.contains(v) {
            into.push(v.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleKind;
    use std::path::PathBuf;

    #[test]
    fn a_path_names_the_kb_article_of_its_file_or_folder() {
        let hint = |path: &str| key_from_path(std::path::Path::new(path));
        assert_eq!(hint("kb/219/Q219324/README.md").as_deref(), Some("kb:219324"));
        assert_eq!(hint("txt/219/Q219931.TXT").as_deref(), Some("kb:219931"));
        assert_eq!(hint("docs/kb/219/Q0219931/index.html").as_deref(), Some("kb:219931"));
        assert_eq!(hint("modern/kb2467702.md").as_deref(), Some("kb:2467702"));
        assert_eq!(hint("runbooks/restart.md"), None);
        assert_eq!(hint("exports/widget.txt"), None);
    }

    fn doc(id: &str, format: SourceFormat, body: &str, source: &str) -> Document {
        Document {
            id: id.into(),
            kind: ArticleKind::Kb,
            format,
            title: None,
            meta: DocumentMeta::default(),
            body: body.into(),
            sections: None,
            emphasized: Vec::new(),
            source: PathBuf::from(source),
        }
    }

    #[test]
    fn prefers_page_and_merges_meta() {
        let mut text = doc("Q1", SourceFormat::KbText, "text body, a bit longer", "txt/Q1.TXT");
        text.title = Some("From text".into());
        text.meta.keywords = vec!["kbA".into(), "kbB".into()];
        text.meta.modified = Some("01-JAN-2000".into());
        let mut page = doc("Q1", SourceFormat::KbPage, "page body text", "kb/Q1/README.md");
        page.title = Some("From page".into());
        page.meta.keywords = vec!["kbB".into(), "kbC".into()];
        let other = doc("Q0", SourceFormat::KbHtml, "html", "docs/Q0/index.html");
        let merged = merge(vec![text, other, page]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].doc.id, "Q0");
        let q1 = &merged[1];
        assert_eq!(q1.doc.format, SourceFormat::KbPage);
        assert_eq!(q1.doc.body, "page body text");
        assert_eq!(q1.doc.title.as_deref(), Some("From page"));
        assert_eq!(q1.doc.meta.keywords, ["kbB", "kbC", "kbA"]);
        assert_eq!(q1.doc.meta.modified.as_deref(), Some("01-JAN-2000"));
        assert_eq!(q1.sources, ["kb/Q1/README.md", "txt/Q1.TXT"]);
    }

    #[test]
    fn modern_article_joins_the_archive_one() {
        let mut modern = doc("KB912345", SourceFormat::KbMarkdown, "the modern text, rewritten and much longer", "m.md");
        modern.meta.products = vec!["Widget Server 2019".into()];
        let archive = doc("Q912345", SourceFormat::KbPage, "old text", "kb/Q912345/README.md");
        let other = doc("KB91234", SourceFormat::KbMarkdown, "another", "o.md");
        let merged = merge(vec![modern, other, archive]);
        assert_eq!(merged.len(), 2);
        let joined = merged.iter().find(|m| m.sources.len() == 2).unwrap();
        assert_eq!(joined.doc.id, "Q912345");
        assert_eq!(joined.doc.body, "the modern text, rewritten and much longer");
        assert_eq!(joined.doc.meta.products, ["Widget Server 2019"]);
        assert_eq!(joined.sources, ["kb/Q912345/README.md", "m.md"]);
    }

    #[test]
    fn a_ticket_never_merges_into_a_kb_article() {
        let page = doc("Q1", SourceFormat::KbPage, "the article", "kb/Q1/README.md");
        let mut ticket = doc("Q1", SourceFormat::TicketCsv, "a ticket numbered Q1, much longer than the article", "t.csv");
        ticket.kind = ArticleKind::Ticket;
        let mut again = ticket.clone();
        again.source = PathBuf::from("u.csv");
        let merged = merge(vec![ticket.clone(), page]);
        assert_eq!(merged.len(), 1);
        assert_eq!((merged[0].doc.kind, merged[0].doc.body.as_str()), (ArticleKind::Kb, "the article"));
        assert_eq!(merged[0].sources, ["kb/Q1/README.md"]);
        let tickets = merge(vec![ticket, again]);
        assert_eq!((tickets[0].doc.kind, tickets[0].sources.as_slice()), (ArticleKind::Ticket, &["t.csv".to_string(), "u.csv".to_string()][..]));
    }

    #[test]
    fn short_preferred_body_loses_to_longest() {
        let page = doc("Q1", SourceFormat::KbPage, "cut", "a");
        let html = doc("Q1", SourceFormat::KbHtml, "", "b");
        let text = doc("Q1", SourceFormat::KbText, "the whole article text", "c");
        let merged = merge(vec![page, html, text]);
        assert_eq!(merged[0].doc.format, SourceFormat::KbText);
        assert_eq!(merged[0].doc.body, "the whole article text");
        assert_eq!(merged[0].sources, ["a", "b", "c"]);
    }
}
