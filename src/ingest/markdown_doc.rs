//! Reader: plain Markdown documents; headings are sections.
//!
//! Such documents are a support desk's own runbooks: the title is the first
//! `#` heading (else a front-matter `title:`, else the file stem), ordered
//! lists come out as `N. text` paragraphs for the steps extractor, and code
//! spans and blocks are kept as emphasised text, the way runbooks quote
//! error messages and commands.
use super::document::{Document, SkipReason};
use super::render::{Emphasis, render};
use super::text::{FrontMatter, split_front_matter, unquote_yaml_scalar};
use crate::article::{ArticleKind, SourceFormat};
use std::path::Path;

/// Read one Markdown document; its id is its path relative to `root`.
pub fn read(text: &str, path: &Path, root: &Path) -> Result<Document, SkipReason> {
    let (fm_title, markdown) = match split_front_matter(text) {
        FrontMatter::Closed { yaml, rest } => {
            let title = yaml.lines().find_map(|l| l.strip_prefix("title:")).map(unquote_yaml_scalar);
            (title.filter(|t| !t.is_empty()), rest)
        }
        FrontMatter::None => (None, text),
        FrontMatter::Unclosed => {
            return Err(SkipReason::Malformed {
                format: "Markdown",
                why: "the front matter opened by --- never closes".into(),
            });
        }
    };
    let rendered = render(markdown, Emphasis { strong: false, code: true, quote: true });
    if rendered.body.is_empty() {
        return Err(SkipReason::Empty);
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    Ok(Document {
        id: doc_id(path, root),
        kind: ArticleKind::Doc,
        format: SourceFormat::Markdown,
        title: rendered.first_h1.or(fm_title).or(stem),
        meta: Default::default(),
        body: rendered.body,
        sections: Some(rendered.sections),
        emphasized: rendered.emphasized,
        source: path.to_path_buf(),
    })
}

/// The path relative to `root` with `/` separators; the file name when the
/// file itself was given as the root (or lies outside it).
pub fn doc_id(path: &Path, root: &Path) -> String {
    let name =
        || path.file_name().map_or_else(|| path.to_string_lossy().into_owned(), |n| n.to_string_lossy().into_owned());
    match path.strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => {
            rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
        }
        _ => name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Section;

    /// A synthetic runbook.
    const RUNBOOK: &str = "# Widget service will not start\n\nThe console shows `Error 0x80070005: access denied`.\n\n## Fix\n\n1. Stop the service.\n2. Run:\n\n   ```\n   widgetctl reset --all\n   ```\n\n3. Start the service.\n";

    #[test]
    fn reads_synthetic_runbook() {
        let doc = read(RUNBOOK, Path::new("/srv/runbooks/widgets/start.md"), Path::new("/srv/runbooks")).unwrap();
        assert_eq!(doc.id, "widgets/start.md");
        assert_eq!(doc.kind, ArticleKind::Doc);
        assert_eq!(doc.format, SourceFormat::Markdown);
        assert_eq!(doc.title.as_deref(), Some("Widget service will not start"));
        assert_eq!(
            doc.body,
            "Widget service will not start\n\nThe console shows Error 0x80070005: access denied.\n\nFix\n\n1. Stop the service.\n\n2. Run:\n\nwidgetctl reset --all\n\n3. Start the service."
        );
        assert_eq!(doc.emphasized, ["Error 0x80070005: access denied", "widgetctl reset --all"]);
        assert_eq!(
            doc.sections,
            Some(vec![
                Section {
                    name: "Widget service will not start".into(),
                    text: "The console shows Error 0x80070005: access denied.".into()
                },
                Section {
                    name: "Fix".into(),
                    text: "1. Stop the service.\n\n2. Run:\n\nwidgetctl reset --all\n\n3. Start the service.".into()
                },
            ])
        );
    }

    #[test]
    fn ids_and_titles() {
        assert_eq!(doc_id(Path::new("notes/a.md"), Path::new("notes/a.md")), "a.md");
        assert_eq!(doc_id(Path::new("notes/sub/a.md"), Path::new("notes")), "sub/a.md");
        let doc = read("Just a note about restarts.\n", Path::new("notes/restart.txt"), Path::new("notes/restart.txt"))
            .unwrap();
        assert_eq!((doc.id.as_str(), doc.title.as_deref()), ("restart.txt", Some("restart")));
        assert_eq!(
            doc.sections,
            Some(vec![Section { name: "BODY".into(), text: "Just a note about restarts.".into() }])
        );
        assert_eq!(read("<!-- nothing -->\n", Path::new("a.md"), Path::new("a.md")), Err(SkipReason::Empty));
    }
}
