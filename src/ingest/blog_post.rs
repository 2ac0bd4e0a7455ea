//! Reader: WordPress blog post exported to Jekyll (see
//! [`crate::article::SourceFormat::BlogPost`]).
//!
//! Front matter (`title`, `date`, `permalink`, `categories`, `tags`) is read
//! with yaml-rust2; WordPress titles such as `'&ldquo;Orphaned&rdquo; ...'`
//! are valid YAML but titles with a bare `: ` are not, so a tolerant
//! line-by-line read takes over when YAML fails. The body is Markdown mixed
//! with raw HTML, rendered to text (see `render.rs`); `<strong>` text
//! is also kept as emphasised text, the way posts quote error messages.
use super::document::{Document, DocumentMeta, SkipReason};
use super::render::{Emphasis, render};
use super::text::{FrontMatter, decode_entities, split_front_matter, unquote_yaml_scalar, yaml_list as list, yaml_mapping, yaml_scalar as scalar};
use crate::article::{ArticleKind, SourceFormat};
use std::path::Path;

/// The front-matter fields a post uses.
#[derive(Debug, Default, PartialEq, Eq)]
struct FrontFields {
    title: Option<String>,
    date: Option<String>,
    permalink: Option<String>,
    categories: Vec<String>,
    tags: Vec<String>,
}

impl FrontFields {
    /// Enough to name the post.
    fn usable(&self) -> bool {
        self.title.is_some() || self.permalink.is_some() || self.date.is_some()
    }
}

/// Read the front matter as YAML; `None` if it is not a YAML mapping.
fn parse_yaml(yaml: &str) -> Option<FrontFields> {
    let doc = yaml_mapping(yaml)?;
    Some(FrontFields {
        title: scalar(&doc["title"]),
        date: scalar(&doc["date"]),
        permalink: scalar(&doc["permalink"]),
        categories: list(&doc["categories"]),
        tags: list(&doc["tags"]),
    })
}

/// Read the front matter line by line: `key: value` and `  - item` lists.
fn parse_lines(yaml: &str) -> FrontFields {
    let mut fields = FrontFields::default();
    let mut list_key: Option<String> = None;
    for line in yaml.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ").or_else(|| (trimmed == "-").then_some("")) {
            let item = unquote_yaml_scalar(item);
            match list_key.as_deref() {
                Some("categories") if !item.is_empty() => fields.categories.push(item),
                Some("tags") if !item.is_empty() => fields.tags.push(item),
                _ => {}
            }
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        let value = unquote_yaml_scalar(value);
        list_key = Some(key.to_owned());
        if value.is_empty() {
            continue;
        }
        match key {
            "title" => fields.title = Some(value),
            "date" => fields.date = Some(value),
            "permalink" => fields.permalink = Some(value),
            // Inline lists: `tags: [a, b]`.
            "categories" | "tags" => {
                let items = value.trim_start_matches('[').trim_end_matches(']');
                let items = items.split(',').map(unquote_yaml_scalar).filter(|s| !s.is_empty());
                if key == "tags" { fields.tags.extend(items) } else { fields.categories.extend(items) }
            }
            _ => {}
        }
    }
    fields
}

/// `2011-08-03T10:02:10+10:00` -> `2011-08-03`.
fn day(date: &str) -> Option<String> {
    let d = date.trim().get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    ok.then(|| d.to_owned())
}

/// Read one file of this format.
pub fn read(text: &str, path: &Path) -> Result<Document, SkipReason> {
    let malformed = |why: &str| SkipReason::Malformed { format: "blog post", why: why.to_owned() };
    let (yaml, rest) = match split_front_matter(text) {
        FrontMatter::Closed { yaml, rest } => (yaml, rest),
        FrontMatter::None => {
            return Err(malformed("no front matter (a post starts with a --- block)"));
        }
        FrontMatter::Unclosed => {
            return Err(malformed("the front matter opened by --- never closes"));
        }
    };
    let fields = parse_yaml(yaml).filter(FrontFields::usable).unwrap_or_else(|| parse_lines(yaml));
    if !fields.usable() {
        return Err(malformed("the front matter has no title, date or permalink"));
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let id = fields
        .permalink
        .clone()
        .or_else(|| stem.clone())
        .ok_or_else(|| malformed("no permalink and no file name to name the post"))?;
    let title =
        fields.title.as_deref().map(|t| decode_entities(t).trim().to_owned()).filter(|t| !t.is_empty()).or(stem);

    let rendered = render(rest, Emphasis { strong: true, code: false, quote: false });
    Ok(Document {
        id,
        kind: ArticleKind::Blog,
        format: SourceFormat::BlogPost,
        title,
        meta: DocumentMeta {
            date: fields.date.as_deref().and_then(day),
            categories: fields.categories,
            tags: fields.tags,
            ..DocumentMeta::default()
        },
        body: rendered.body,
        sections: Some(rendered.sections),
        emphasized: rendered.emphasized,
        source: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Section;

    /// A synthetic post in the export's layout.
    const POST: &str = "---\nid: 42\ntitle: 'Widget stuck at &ldquo;Waiting&rdquo; state'\ndate: 2012-05-06T07:08:09+10:00\nauthor: Someone\n#layout: post\npermalink: /2012/05/06/widget-stuck/\ncategories:\n  - SCCM\ntags:\n  - Widgets\n  - SCCM\n---\nThe widget hung after a power cut.\n\nThe log said: <strong>Cannot update widget &lt;widget ID&gt;, error = 8</strong>\n\n<a href=\"http://x/img.png\"><img src=\"http://x/img_thumb.png\" alt=\"image\" /></a>\n\n1. stop the service\n\n2. delete the <a href=\"http://x\">cache</a> folder<br />and empty the bin\n\n## Result\n\nIt worked.\n";

    #[test]
    fn reads_synthetic_post() {
        let doc = read(POST, Path::new("2012-05-06-widget-stuck.md")).unwrap();
        assert_eq!(doc.id, "/2012/05/06/widget-stuck/");
        assert_eq!(doc.kind, ArticleKind::Blog);
        assert_eq!(doc.format, SourceFormat::BlogPost);
        assert_eq!(doc.title.as_deref(), Some("Widget stuck at “Waiting” state"));
        assert_eq!(doc.meta.date.as_deref(), Some("2012-05-06"));
        assert_eq!(doc.meta.categories, ["SCCM"]);
        assert_eq!(doc.meta.tags, ["Widgets", "SCCM"]);
        assert_eq!(
            doc.body,
            "The widget hung after a power cut.\n\nThe log said: Cannot update widget <widget ID>, error = 8\n\n1. stop the service\n\n2. delete the cache folder\nand empty the bin\n\nResult\n\nIt worked."
        );
        assert_eq!(doc.emphasized, ["Cannot update widget <widget ID>, error = 8"]);
        assert_eq!(
            doc.sections,
            Some(vec![
                Section {
                    name: "BODY".into(),
                    text: "The widget hung after a power cut.\n\nThe log said: Cannot update widget <widget ID>, error = 8\n\n1. stop the service\n\n2. delete the cache folder\nand empty the bin".into()
                },
                Section { name: "Result".into(), text: "It worked.".into() },
            ])
        );
    }

    #[test]
    fn odd_title_falls_back_to_lines() {
        let post = "---\ntitle: Error: it broke: again\ndate: 2013-01-02\ntags: [a, 'b']\n---\nBody.\n";
        let doc = read(post, Path::new("posts/2013-01-02-broke.md")).unwrap();
        assert_eq!(doc.id, "2013-01-02-broke");
        assert_eq!(doc.title.as_deref(), Some("Error: it broke: again"));
        assert_eq!(doc.meta.date.as_deref(), Some("2013-01-02"));
        assert_eq!(doc.meta.tags, ["a", "b"]);
    }

    #[test]
    fn unusable_front_matter_is_malformed() {
        assert_eq!(
            read("---\nfoo: bar\n---\nBody.\n", Path::new("a.md")),
            Err(SkipReason::Malformed {
                format: "blog post",
                why: "the front matter has no title, date or permalink".into()
            })
        );
    }
}
