//! Reader: a modern KB article in Markdown (see
//! [`crate::article::SourceFormat::KbMarkdown`]), as Microsoft's support
//! site publishes them.
//!
//! The front matter gives the title, the description (kept as a `Summary`
//! section: it says what the article is about in a sentence), the date
//! (`ms.date`, written `M/D/YYYY`) and what the article applies to
//! (`appliesto`). The body names the old KB number (`_Original KB number:_
//! &nbsp; 2467702`, which becomes the id `KB2467702`: the merge joins it
//! with the archive's `Q2467702` where both exist) and more products
//! (`_Applies to:_`, `_Original product version:_`). Headings are sections,
//! numbered procedures come out as `N.` paragraphs for the steps extractor,
//! and the errors and log lines an article quotes in `>` blocks and code
//! blocks are kept as its messages. Image and other `:::` directive lines
//! are not text.
use super::document::{Document, DocumentMeta, SkipReason};
use super::markdown_doc::doc_id;
use super::render::{Emphasis, render};
use super::text::{FrontMatter, decode_entities, split_front_matter, yaml_list, yaml_mapping, yaml_scalar};
use crate::article::{ArticleKind, Section, SourceFormat};
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

/// `_Original KB number:_ &nbsp; 2467702` (the number may be a list).
static KB_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*[_*]{1,2}Original KB numbers?:?[_*]{1,2}:?(?:\s|&nbsp;)*(\d{5,8})").expect("static regex")
});
/// The labels of the lines that name an article's products.
pub(super) const PRODUCT_LABELS: &str = "Applies to|Original product versions?";

/// `_Applies to:_ &nbsp; A, B` and `_Original product version:_ &nbsp; A, B`.
static PRODUCT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?m)^\s*[_*]{{1,2}}(?:{PRODUCT_LABELS}):?[_*]{{1,2}}:?(?:\s|&nbsp;)*(.+?)\s*$"))
        .expect("static regex")
});

/// The products a product line's value names (`A, B.`), each once.
pub(super) fn push_products(value: &str, products: &mut Vec<String>) {
    for product in decode_entities(value).split(',').map(|p| p.trim().trim_end_matches('.')) {
        if !product.is_empty() && !products.iter().any(|p| p.eq_ignore_ascii_case(product)) {
            products.push(product.to_owned());
        }
    }
}
/// Front-matter keys of Microsoft's documentation platform.
static DOCS_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^(ms\.(date|topic|author|custom|prod|service)|appliesto):").expect("static regex"));

/// Whether text (front matter and the rest) is a modern KB article: the
/// documentation platform's front-matter keys, or an original KB number.
pub fn is_kb_markdown(yaml: &str, rest: &str) -> bool {
    DOCS_KEY.is_match(yaml) || KB_NUMBER.is_match(&rest[..rest.floor_char_boundary(4096)])
}

/// Read one modern KB article; without a KB number its id is its path
/// relative to `root`, as for any document.
pub fn read(text: &str, path: &Path, root: &Path) -> Result<Document, SkipReason> {
    let malformed = |why: &str| SkipReason::Malformed { format: "KB Markdown", why: why.to_owned() };
    let (yaml, rest) = match split_front_matter(text) {
        FrontMatter::Closed { yaml, rest } => (yaml, rest),
        FrontMatter::None => return Err(malformed("no front matter (a modern KB article starts with a --- block)")),
        FrontMatter::Unclosed => return Err(malformed("the front matter opened by --- never closes")),
    };
    let front = yaml_mapping(yaml);
    let field = |key: &str| front.as_ref().and_then(|f| yaml_scalar(&f[key]));
    let number = KB_NUMBER.captures(rest).map(|c| c[1].trim_start_matches('0').to_owned());

    let mut products: Vec<String> = front.as_ref().map(|f| yaml_list(&f["appliesto"])).unwrap_or_default();
    for line in PRODUCT_LINE.captures_iter(rest) {
        push_products(&line[1], &mut products);
    }
    // Directive lines (`:::image ... :::`, `::: zone`) are page markup.
    let markdown: String = rest.lines().filter(|l| !l.trim_start().starts_with(":::")).collect::<Vec<_>>().join("\n");
    let rendered = render(&markdown, Emphasis { strong: false, code: true, quote: true });
    if rendered.body.is_empty() {
        return Err(SkipReason::Empty);
    }
    let description = field("description").map(|d| decode_entities(&d).into_owned());
    let mut sections = rendered.sections;
    // The line naming the KB number and products is not part of the text
    // of the first section.
    let mut body = rendered.body;
    if let Some(description) = &description {
        sections.insert(0, Section { name: "Summary".into(), text: description.clone() });
        body = format!("{description}\n\n{body}");
    }
    let title = field("title").map(|t| decode_entities(&t).into_owned()).or(rendered.first_h1).or_else(|| {
        path.file_stem().map(|s| s.to_string_lossy().into_owned())
    });
    Ok(Document {
        id: number.as_ref().map_or_else(|| doc_id(path, root), |n| format!("KB{n}")),
        kind: ArticleKind::Kb,
        format: SourceFormat::KbMarkdown,
        title,
        meta: DocumentMeta { products, date: field("ms.date").and_then(|d| iso_date(&d)), ..DocumentMeta::default() },
        body,
        sections: Some(sections),
        emphasized: rendered.emphasized,
        source: path.to_path_buf(),
    })
}

/// `6/6/2024` or `06/06/2024` (month first, as the platform writes it) or
/// `2024-06-06` -> `2024-06-06`.
fn iso_date(date: &str) -> Option<String> {
    let parts: Vec<&str> = date.trim().split(['/', '-']).collect();
    let number = |s: &str| s.parse::<u32>().ok();
    let (year, month, day) = match parts.as_slice() {
        [m, d, y] if y.len() == 4 => (number(y)?, number(m)?, number(d)?),
        [y, m, d] if y.len() == 4 => (number(y)?, number(m)?, number(d)?),
        _ => return None,
    };
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A modern article in the platform's layout, in the project's words.
    const ARTICLE: &str = "---\ntitle: Widget sync fails with error 0x80070005\ndescription: Explains why the widget sync agent stops and how to restore it.\nauthor: someone\nms.date: 3/7/2024\nappliesto:\n  - Widget Server 2019\n  - Widget Server 2022\n---\n# Widget sync stops with access denied\n\n_Original KB number:_ &nbsp; 0912345\n\n_Original product version:_ &nbsp; Widget Server 2016, Widget Server 2019\n\n## Symptoms\n\nThe agent log shows:\n\n> Sync failed: 0x80070005\n> Retrying in 60 seconds\n\n:::image type=\"content\" source=\"media/x.png\" alt-text=\"screen\":::\n\n> [!NOTE]\n> This is only a note.\n\n## Resolution\n\n1. Stop the agent.\n2. Run `widgetctl reset`.\n3. Start the agent.\n";

    #[test]
    fn reads_a_modern_article() {
        let doc = read(ARTICLE, Path::new("/kb/widgets/sync.md"), Path::new("/kb")).unwrap();
        assert_eq!(doc.id, "KB912345");
        assert_eq!((doc.kind, doc.format), (ArticleKind::Kb, SourceFormat::KbMarkdown));
        assert_eq!(doc.title.as_deref(), Some("Widget sync fails with error 0x80070005"));
        assert_eq!(doc.meta.date.as_deref(), Some("2024-03-07"));
        assert_eq!(doc.meta.products, ["Widget Server 2019", "Widget Server 2022", "Widget Server 2016"]);
        assert_eq!(doc.emphasized, ["Sync failed: 0x80070005", "Retrying in 60 seconds", "widgetctl reset"]);
        let sections = doc.sections.unwrap();
        let names: Vec<&str> = sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Summary", "Widget sync stops with access denied", "Symptoms", "Resolution"]);
        assert_eq!(sections[0].text, "Explains why the widget sync agent stops and how to restore it.");
        assert_eq!(sections[3].text, "1. Stop the agent.\n\n2. Run widgetctl reset.\n\n3. Start the agent.");
        assert!(!doc.body.contains("image"), "{}", doc.body);
        assert!(doc.body.contains("This is only a note."));
    }

    #[test]
    fn without_a_number_the_id_is_the_path() {
        let text = "---\ntitle: Tune the widget cache\nms.date: 2023-11-02\n---\n# Tune it\n\nSet the cache to 4 GB.\n";
        assert!(is_kb_markdown("title: Tune the widget cache\nms.date: 2023-11-02\n", "# Tune it\n"));
        let doc = read(text, Path::new("/kb/widgets/cache.md"), Path::new("/kb")).unwrap();
        assert_eq!((doc.id.as_str(), doc.kind), ("widgets/cache.md", ArticleKind::Kb));
        assert_eq!(doc.meta.date.as_deref(), Some("2023-11-02"));
        assert_eq!(iso_date("13/1/2024"), None);
    }
}
