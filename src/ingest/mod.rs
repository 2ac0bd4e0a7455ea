//! Stage 1: files -> [`Document`]s. Detects each file's format from its
//! content, reads it with the matching reader (one file per format), and
//! merges the documents that are the same article seen in several formats.

use crate::article::SourceFormat;
use std::path::Path;

pub mod blog_post;
pub mod citations;
pub mod decode;
pub mod detect;
pub mod document;
pub mod docx;
pub mod html_page;
mod kb_document;
pub mod kb_html;
pub mod kb_markdown;
pub mod kb_page;
pub mod kb_saved_page;
pub mod kb_text;
pub mod markdown_doc;
pub mod plain_text;
pub mod merge;
mod outline;
pub mod pdf;
mod render;
mod text;
pub mod tickets;
pub mod walk;

pub use document::{Document, DocumentsRead, ReadOptions, SkipReason, Skipped, TicketColumns};

/// Read one file: its bytes, then the reader its content calls for. Most
/// files hold one article; an export of tickets holds many, so a file gives
/// a list (never empty: a file that gives nothing is skipped with a reason),
/// and the rows of it that could not be read. `root` is the corpus root the
/// file was found under (doc ids are relative to it).
///
/// Binary formats are told by their magic bytes (or their names) before
/// any text decoding: `%PDF-` is a PDF, a zip holding `word/document.xml`
/// a Word document.
pub fn read_file(path: &Path, root: &Path, options: &ReadOptions) -> Result<DocumentsRead, SkipReason> {
    let bytes = decode::read_bytes(path)?;
    let one = |doc| DocumentsRead { documents: vec![doc], skipped_rows: Vec::new() };
    if pdf::is_pdf(&bytes, path) {
        return Ok(one(pdf::read(&bytes, path, root)?));
    }
    if docx::is_docx(&bytes, path) {
        return Ok(one(docx::read(&bytes, path, root)?));
    }
    let text = decode::decode(&bytes)?;
    read_text_with(&text, path, root, options)
}

/// Detect the format of already-decoded text and run its reader: the one
/// document of a file that holds one article, the first ticket of a ticket
/// export (read those with [`read_text_with`]). For the crate's tests,
/// benchmarks and fuzz targets.
#[cfg(feature = "internals")]
pub fn read_text(text: &str, path: &Path, root: &Path) -> Result<Document, SkipReason> {
    let read = read_text_with(text, path, root, &ReadOptions::default())?;
    read.documents.into_iter().next().ok_or(SkipReason::Empty)
}

/// Detect the format of already-decoded text and run its reader: every
/// document it holds. The text may come from anywhere (a paste, a test), so
/// the byte-order mark and CR line ends that [`decode::decode`] would have
/// removed are removed here too.
pub fn read_text_with(
    text: &str,
    path: &Path,
    root: &Path,
    options: &ReadOptions,
) -> Result<DocumentsRead, SkipReason> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized;
    let text = if text.contains('\r') {
        normalized = decode::normalize_newlines(text);
        normalized.as_str()
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    let format = detect::detect(text, path)?;
    let one = match format {
        SourceFormat::KbPage => kb_page::read(text, path),
        SourceFormat::KbText => kb_text::read(text, path),
        SourceFormat::KbHtml => kb_html::read(text, path),
        SourceFormat::KbSavedPage => kb_saved_page::read(text, path),
        SourceFormat::BlogPost => blog_post::read(text, path),
        SourceFormat::Markdown => markdown_doc::read(text, path, root),
        SourceFormat::KbMarkdown => kb_markdown::read(text, path, root),
        SourceFormat::HtmlPage => html_page::read(text, path, root),
        SourceFormat::PlainText => plain_text::read(text, path, root),
        SourceFormat::TicketCsv | SourceFormat::TicketJson => {
            return tickets::read(text, path, format, &options.ticket_columns);
        }
        SourceFormat::Docx | SourceFormat::Pdf => {
            Err(SkipReason::UnknownFormat("a Word or PDF document is read from its file's bytes, not from text".into()))
        }
    };
    Ok(DocumentsRead { documents: vec![one?], skipped_rows: Vec::new() })
}
