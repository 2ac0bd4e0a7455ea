//! Reader: original KB text file (see [`crate::article::SourceFormat::KbText`]).
//!
//! Layout: header lines `DOCUMENT:Q319207  06-AUG-2002  [sms]`,
//! `TITLE   :`, `PRODUCT :`, `PROD/VER:`, `OPER/SYS:`, `KEYWORDS:`, a blank
//! line, a `=====` rule, then the article with every indented line carrying
//! one more leading space than the archive's pages show.
//!
//! The body is made canonical (the same text the page and HTML formats give):
//! the header lines become the header block the pages carry (`Article:`,
//! `Product(s):`, `Version(s):`, `Operating System(s):`, `Keyword(s):`,
//! `Last Modified:`), the rule after them goes, and indented lines lose one
//! space, so extract parses every format alike.
use super::document::{Document, DocumentMeta, SkipReason};
use super::kb_document::kb_document;
use super::text::{canonical_kb_body, kb_id_from_path, split_products, split_versions};
use crate::article::SourceFormat;
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

/// `NAME    :value`: an eight-column field name, a colon, the value.
static HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Z/][A-Z/ ]{2,8}?)\s*:(.*)$").expect("static regex"));
/// The `DOCUMENT:` value: id, then optionally the date.
static DOCUMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(Q\d{3,8})\b\s*(\d{1,2}-[A-Za-z]{3}-\d{4})?").expect("static regex"));

/// The header fields of a KB text file.
#[derive(Debug, Default)]
struct Header {
    id: Option<String>,
    modified: Option<String>,
    title: Option<String>,
    product: String,
    versions: String,
    os: String,
    keywords: String,
}

/// Read one file of this format.
pub fn read(text: &str, path: &Path) -> Result<Document, SkipReason> {
    let mut header = Header::default();
    let mut lines = text.lines().peekable();
    let mut seen_header = false;
    while let Some(line) = lines.peek() {
        let Some(caps) = HEADER.captures(line) else {
            break;
        };
        let value = caps[2].trim();
        match &caps[1] {
            "DOCUMENT" => {
                if let Some(doc) = DOCUMENT.captures(value) {
                    header.id = Some(doc[1].to_owned());
                    header.modified = doc.get(2).map(|m| m.as_str().to_owned());
                }
            }
            "TITLE" => header.title = Some(value.to_owned()).filter(|t| !t.is_empty()),
            "PRODUCT" => header.product = value.to_owned(),
            // The archive writes `::2.0` where the page shows `2.0`.
            "PROD/VER" => header.versions = value.trim_start_matches(':').to_owned(),
            "OPER/SYS" => header.os = value.to_owned(),
            "KEYWORDS" => header.keywords = value.to_owned(),
            _ => break,
        }
        seen_header = true;
        lines.next();
    }
    if !seen_header {
        return Err(SkipReason::Malformed { format: "KB text", why: "no DOCUMENT:/TITLE   : header lines".into() });
    }
    // Skip the blank lines and the `=====` rule that close the header.
    while lines.peek().is_some_and(|l| l.trim().is_empty()) {
        lines.next();
    }
    if lines.peek().is_some_and(|l| l.len() >= 10 && l.trim().chars().all(|c| c == '=')) {
        lines.next();
        // The pages drop the blank lines after the rule too.
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
    }
    let id = header.id.clone().or_else(|| kb_id_from_path(path)).ok_or_else(|| SkipReason::Malformed {
        format: "KB text",
        why: "no Qnnnnnn id on the DOCUMENT: line or in the path".into(),
    })?;

    let block = [
        format!("Article: {id}"),
        format!("Product(s): {}", header.product),
        format!("Version(s): {}", header.versions),
        format!("Operating System(s): {}", header.os),
        format!("Keyword(s): {}", header.keywords),
        format!("Last Modified: {}", header.modified.as_deref().unwrap_or("")),
        String::new(),
    ];
    let article = lines.map(|l| l.strip_prefix(' ').unwrap_or(l));
    let body = canonical_kb_body(block.iter().map(String::as_str).chain(article));

    let meta = DocumentMeta {
        products: split_products(&header.product),
        versions: split_versions(&header.versions),
        keywords: header.keywords.split_whitespace().map(str::to_owned).collect(),
        modified: header.modified,
        ..DocumentMeta::default()
    };
    Ok(kb_document(SourceFormat::KbText, id, header.title, meta, body, path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleKind;

    /// A synthetic text file in the archive's layout (CRLF already gone).
    const TXT: &str = "DOCUMENT:Q900001  01-FEB-2001  [sms]\nTITLE   :SMS: Widget Service Stops \"Early\"\nPRODUCT :Microsoft Systems Management Server\nPROD/VER:winnt:1.2,2.0\nOPER/SYS:\nKEYWORDS:kbsms200 kbWidget\n\n======================================================================\nSYMPTOMS\n========\n\nThe widget service stops and logs:\n\n   Widget error <code> on server %1.\n\n=====\n\nTHE INFORMATION PROVIDED IN THE MICROSOFT KNOWLEDGE BASE IS\nPROVIDED \"AS IS\" WITHOUT WARRANTY OF ANY KIND.\n\nCopyright Microsoft Corporation 2001.\n";

    #[test]
    fn reads_synthetic_text() {
        let doc = read(TXT, Path::new("txt/900/Q900001.TXT")).unwrap();
        assert_eq!(doc.id, "Q900001");
        assert_eq!(doc.format, SourceFormat::KbText);
        assert_eq!(doc.kind, ArticleKind::Kb);
        assert_eq!(doc.title.as_deref(), Some("SMS: Widget Service Stops \"Early\""));
        // The same canonical body the page gives (see kb_page's test).
        assert_eq!(
            doc.body,
            "Article: Q900001\nProduct(s): Microsoft Systems Management Server\nVersion(s): winnt:1.2,2.0\nOperating System(s):\nKeyword(s): kbsms200 kbWidget\nLast Modified: 01-FEB-2001\n\nSYMPTOMS\n========\n\nThe widget service stops and logs:\n\n  Widget error <code> on server %1.\n\n====="
        );
        assert_eq!(doc.meta.products, ["Microsoft Systems Management Server"]);
        assert_eq!(doc.meta.versions, ["1.2", "2.0"]);
        assert_eq!(doc.meta.keywords, ["kbsms200", "kbWidget"]);
        assert_eq!(doc.meta.modified.as_deref(), Some("01-FEB-2001"));
    }

    #[test]
    fn no_header_is_malformed() {
        assert!(matches!(
            read("just text\n", Path::new("a.txt")),
            Err(SkipReason::Malformed { format: "KB text", .. })
        ));
    }
}
