//! A KB article as the KB readers return it, from the archive's text and
//! pages: the one place that makes a [`Document`] of a KB body.

use super::document::{Document, DocumentMeta};
use super::text;
use crate::article::{ArticleKind, SourceFormat};
use std::path::Path;

/// A KB article as every KB reader returns it: kind `kb`, the canonical
/// body (see [`text::canonical_kb_body`]), no sections of the format's own
/// (extract finds them in the body) and nothing emphasised.
pub(crate) fn kb_document(
    format: SourceFormat,
    id: String,
    title: Option<String>,
    meta: DocumentMeta,
    body: String,
    path: &Path,
) -> Document {
    Document {
        id,
        kind: ArticleKind::Kb,
        format,
        title,
        meta,
        body,
        sections: None,
        emphasized: Vec::new(),
        source: path.to_path_buf(),
    }
}

/// A KB article read from one of the archive's pages (the Jekyll source, the
/// rendered HTML, a rendered page saved as text), whose body is the original
/// article with its header block.
///
/// `headings` are the `Q319207: Title` lines the page shows around the
/// article (as [`text::split_kb_title`] splits them), most trusted first;
/// only the first one present counts. The id is the body's `Article:` line's,
/// else that heading's, else the one the path names; the title is that
/// heading's, `None` when it is empty; the metadata comes from the header
/// block. `None` when nothing names the article's id.
pub(crate) fn kb_page_document(
    format: SourceFormat,
    body: String,
    headings: impl IntoIterator<Item = Option<(String, String)>>,
    path: &Path,
) -> Option<Document> {
    let heading = headings.into_iter().flatten().next();
    let id = text::article_line_id(&body)
        .or_else(|| heading.as_ref().map(|(id, _)| id.clone()))
        .or_else(|| text::kb_id_from_path(path))?;
    let title = heading.map(|(_, t)| t).filter(|t| !t.is_empty());
    let meta = text::kb_header_meta(&body);
    Some(kb_document(format, id, title, meta, body, path))
}
