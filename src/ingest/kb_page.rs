//! Reader: KB archive Jekyll page (see [`crate::article::SourceFormat::KbPage`]).
//!
//! Layout: front matter (`title: "Q319207: ..."`, `permalink:`), a
//! `## Q319207: ...` heading, then the original article between `{% raw %}`
//! and `{% endraw %}`, every line indented by one tab so that Markdown shows
//! it as a code block. The body is that text without the tab.
use super::document::{Document, SkipReason};
use super::kb_document::kb_page_document;
use super::text::{FrontMatter, canonical_kb_body, split_front_matter, split_kb_title, unquote_yaml_scalar};
use crate::article::SourceFormat;
use std::path::Path;

/// Opening and closing marks of the article text.
const RAW_OPEN: &str = "{% raw %}";
const RAW_CLOSE: &str = "{% endraw %}";

/// Read one file of this format.
pub fn read(text: &str, path: &Path) -> Result<Document, SkipReason> {
    let malformed = |why: &str| SkipReason::Malformed { format: "KB page", why: why.to_owned() };
    let (yaml, rest) = match split_front_matter(text) {
        FrontMatter::Closed { yaml, rest } => (yaml, rest),
        FrontMatter::None => ("", text),
        FrontMatter::Unclosed => {
            return Err(malformed("the front matter opened by --- never closes"));
        }
    };
    let open = rest.find(RAW_OPEN).ok_or_else(|| malformed("no {% raw %} block holds the article"))?;
    let before = &rest[..open];
    let inside = &rest[open + RAW_OPEN.len()..];
    // An unclosed block still holds the article; take it to the end.
    let inside = inside.find(RAW_CLOSE).map_or(inside, |close| &inside[..close]);

    // The page adds exactly one tab; the article's own indentation (two
    // spaces before quoted messages) is kept.
    let body = canonical_kb_body(inside.lines().map(|l| l.strip_prefix('\t').unwrap_or(l)));

    let heading = before.lines().find_map(|l| l.trim().strip_prefix("## ")).and_then(split_kb_title);
    let fm_title =
        yaml.lines().find_map(|l| l.strip_prefix("title:")).map(unquote_yaml_scalar).and_then(|t| split_kb_title(&t));
    kb_page_document(SourceFormat::KbPage, body, [heading, fm_title], path)
        .ok_or_else(|| malformed("no Qnnnnnn article id in the article, heading, title or path"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleKind;

    /// A synthetic page in the archive's layout.
    const PAGE: &str = "---\nlayout: page\ntitle: \"Q900001: SMS: Widget Service Stops &quot;Early&quot;\"\npermalink: /kb/900/Q900001/\n---\n\n## Q900001: SMS: Widget Service Stops &quot;Early&quot;\n\n{% raw %}\n\n\tArticle: Q900001\n\tProduct(s): Microsoft Systems Management Server\n\tVersion(s): winnt:1.2,2.0\n\tOperating System(s): \n\tKeyword(s): kbsms200 kbWidget\n\tLast Modified: 01-FEB-2001\n\t\n\tSYMPTOMS\n\t========\n\t\n\tThe widget service stops and logs:\n\t\n\t  Widget error &lt;code&gt; on server %1.\n\t\n\t=====\n\n{% endraw %}\n";

    #[test]
    fn reads_synthetic_page() {
        let doc = read(PAGE, Path::new("kb/900/Q900001/README.md")).unwrap();
        assert_eq!(doc.id, "Q900001");
        assert_eq!(doc.kind, ArticleKind::Kb);
        assert_eq!(doc.format, SourceFormat::KbPage);
        assert_eq!(doc.title.as_deref(), Some("SMS: Widget Service Stops \"Early\""));
        assert_eq!(
            doc.body,
            "Article: Q900001\nProduct(s): Microsoft Systems Management Server\nVersion(s): winnt:1.2,2.0\nOperating System(s):\nKeyword(s): kbsms200 kbWidget\nLast Modified: 01-FEB-2001\n\nSYMPTOMS\n========\n\nThe widget service stops and logs:\n\n  Widget error <code> on server %1.\n\n====="
        );
        assert_eq!(doc.meta.products, ["Microsoft Systems Management Server"]);
        assert_eq!(doc.meta.versions, ["1.2", "2.0"]);
        assert_eq!(doc.meta.keywords, ["kbsms200", "kbWidget"]);
        assert_eq!(doc.meta.modified.as_deref(), Some("01-FEB-2001"));
        assert_eq!(doc.sections, None);
    }

    #[test]
    fn id_falls_back_to_heading_then_path() {
        let doc = read("## Q900002: A Title\n{% raw %}\n\tSome text.\n", Path::new("x.md")).unwrap();
        assert_eq!(
            (doc.id.as_str(), doc.title.as_deref(), doc.body.as_str()),
            ("Q900002", Some("A Title"), "Some text.")
        );
        let doc = read("{% raw %}\n\tSome text.\n{% endraw %}", Path::new("kb/900/Q900003/README.md")).unwrap();
        assert_eq!((doc.id.as_str(), doc.title), ("Q900003", None));
        assert_eq!(
            read("{% raw %}\n\tSome text.\n", Path::new("a.md")),
            Err(SkipReason::Malformed {
                format: "KB page",
                why: "no Qnnnnnn article id in the article, heading, title or path".into()
            })
        );
    }
}
