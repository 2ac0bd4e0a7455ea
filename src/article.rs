//! The article model: what ingest produces, extract fills in, the index stores
//! and every front end (CLI, HTTP, library) returns.

use serde::{Deserialize, Serialize};

/// What kind of document an article came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ArticleKind {
    /// A Microsoft KB article (`Q319207`), in any of its formats.
    Kb,
    /// A blog post (WordPress exported to Jekyll), identified by its permalink.
    Blog,
    /// A plain Markdown document, such as a support desk's own runbook.
    Doc,
    /// One past ticket of a service desk's export: its problem and, where
    /// it was closed with one, its fix.
    Ticket,
}

impl ArticleKind {
    /// Every kind, in the contract's order.
    pub const ALL: [ArticleKind; 4] = [ArticleKind::Kb, ArticleKind::Blog, ArticleKind::Doc, ArticleKind::Ticket];

    /// The contract's name for the kind: `kb`, `blog`, `doc` or `ticket`.
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleKind::Kb => "kb",
            ArticleKind::Blog => "blog",
            ArticleKind::Doc => "doc",
            ArticleKind::Ticket => "ticket",
        }
    }
}

/// `kb`, `blog`, `doc` or `ticket`, case aside.
impl std::str::FromStr for ArticleKind {
    type Err = crate::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ArticleKind::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| crate::Error::Input(format!("unknown kind {text:?}: give kb, blog, doc or ticket")))
    }
}

/// The number of a KB article id however it is written: `Q319207`,
/// `KB2467702`, `Q051261` (zeros in front are not part of the number).
/// `None` for any other id.
pub fn kb_number(id: &str) -> Option<u64> {
    let digits = id.strip_prefix("KB").or_else(|| id.strip_prefix('Q'))?;
    if digits.is_empty() || digits.len() > 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

/// The file format a source was read as (detected from its content).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// KB archive Jekyll page: front matter, `## Q...` heading, `{% raw %}` body.
    KbPage,
    /// Original KB text file: `DOCUMENT:` / `TITLE   :` header lines.
    KbText,
    /// Rendered KB web page: HTML with the article in `<pre><code>`.
    KbHtml,
    /// A rendered KB page saved as plain text: site chrome lines, then the article.
    KbSavedPage,
    /// A WordPress blog post exported to Jekyll (front matter + Markdown/HTML).
    BlogPost,
    /// A plain Markdown document; headings are sections.
    Markdown,
    /// A modern KB article in Markdown: front matter (`title`,
    /// `description`, `ms.date`, `appliesto`), `_Original KB number:_`,
    /// sections such as `## Symptoms` / `## Resolution`.
    KbMarkdown,
    /// A plain text note: text, not Markdown; the first line the title
    /// where it looks like one.
    PlainText,
    /// Any other HTML page (an exported wiki page, a saved web page): its
    /// main content without the site's chrome; headings are sections.
    HtmlPage,
    /// A service desk's ticket export as CSV (ServiceNow, Jira, Zendesk or
    /// any table with an id and a title or problem column): one article a row.
    TicketCsv,
    /// A ticket export as JSON: an array of objects, JSON Lines, or an
    /// object holding the array (`records`, `result`, `issues`, `tickets`).
    TicketJson,
    /// A Word `.docx` document; heading styles are sections.
    Docx,
    /// A PDF document's text layer; larger or bold lines are sections.
    Pdf,
}

/// One named section of an article, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// `SYMPTOMS`, `CAUSE`, `RESOLUTION`, ... for KB articles; the heading for
    /// Markdown; `BODY` for text before the first heading.
    pub name: String,
    /// The section's text, de-indented, lines joined with `\n`.
    pub text: String,
}

/// One row of a hotfix file table. Fields the table lacks are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct HotfixFile {
    /// File name as written (`Distmgr.dll`).
    pub file: String,
    /// File version (`2.00.1493.3257`).
    pub version: Option<String>,
    /// Size in bytes.
    pub size: Option<u64>,
    /// Date as written (`1-Mar-2001`).
    pub date: Option<String>,
    /// Time as written (`17:45`, `9:54a`, `05:48 PM`).
    pub time: Option<String>,
    /// Platform (`I386`, `Alpha`, `x86`); never a language or folder. Where
    /// the table has no platform column, the platform its destination folder
    /// names (`SMS\Bin\I386` gives `I386`).
    pub platform: Option<String>,
    /// Destination folder as written (`SMS\Bin\I386`, `Windows\System`).
    #[serde(default)]
    pub folder: Option<String>,
}

/// An event ID with the event source where the article gives one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub struct EventId {
    /// The numeric event ID.
    pub id: u32,
    /// The event source (`MSExchangeIS`, `Srv`), if named nearby.
    pub source: Option<String>,
}

impl EventId {
    /// Sort and de-duplicate events; an ID seen once with its source and
    /// once without is one event, the one with its source.
    pub fn settle(events: &mut Vec<EventId>) {
        events.sort();
        events.dedup();
        let with_source: Vec<u32> = events.iter().filter(|e| e.source.is_some()).map(|e| e.id).collect();
        events.retain(|e| e.source.is_some() || with_source.binary_search(&e.id).is_err());
    }
}

/// Identifiers a pasted error can point at. Every list is sorted and
/// de-duplicated; strings are kept in a normalised form (see each field).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Signals {
    /// SMS status message IDs (`2328`).
    pub message_ids: Vec<u32>,
    /// Event-log event IDs.
    pub event_ids: Vec<EventId>,
    /// Error codes, normalised: hex as `0x` + 8 lower-case digits
    /// (`0x80041001`), Win32/DOS numbers as `win32:N`, STOP codes as
    /// `stop:0x0000001e`.
    pub error_codes: Vec<String>,
    /// Registry keys, as written (`HKEY_LOCAL_MACHINE\SOFTWARE\...`).
    pub registry_keys: Vec<String>,
    /// Log file names, lower-case (`distmgr.log`).
    pub log_files: Vec<String>,
    /// Program and library file names, lower-case (`distmgr.dll`, `preinst.exe`).
    pub file_names: Vec<String>,
    /// Component names, upper-case (`SMS_DISTRIBUTION_MANAGER`).
    pub components: Vec<String>,
    /// Referenced KB articles (`Q256986`).
    pub articles: Vec<String>,
}

impl Signals {
    /// Add the message IDs, event IDs and error codes of `other` (found in
    /// another part of the same article), keeping each list sorted and distinct.
    pub fn add_ids(&mut self, other: Signals) {
        self.message_ids.extend(other.message_ids);
        self.message_ids.sort_unstable();
        self.message_ids.dedup();
        self.event_ids.extend(other.event_ids);
        EventId::settle(&mut self.event_ids);
        self.error_codes.extend(other.error_codes);
        self.error_codes.sort();
        self.error_codes.dedup();
    }
}

/// A fact about a code that an article states: its name or its message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CodeFact {
    /// The code, canonical (`win32:1450`, `0xc0000005`).
    pub code: String,
    /// `name` or `message`.
    pub kind: FactKind,
    /// The name or message as written.
    pub text: String,
}

/// What a [`CodeFact`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// The symbolic name (`ERROR_NO_SYSTEM_RESOURCES`).
    Name,
    /// The message text (`The network path was not found.`).
    Message,
}

impl FactKind {
    /// The word used in index terms.
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Name => "name",
            FactKind::Message => "message",
        }
    }
}

/// One procedure of an article's remediation: a numbered list and the line
/// or heading that introduces it ("To install the hotfix manually, follow
/// these steps:", "Method 2").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    /// The sentence or heading that introduces the list; absent when
    /// nothing does.
    pub title: Option<String>,
    /// The section the list is in.
    pub section: String,
    /// The top-level steps, in order.
    pub steps: Vec<Step>,
}

/// One top-level step of a [`Procedure`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The step's own words, wrapped lines joined (sub-steps and code lines
    /// apart).
    pub text: String,
    /// Its sub-steps (lettered `a.`, `b.` or nested numbers), in order,
    /// each with its wrapped lines joined and without its letter.
    #[serde(default)]
    pub substeps: Vec<String>,
    /// The commands, registry keys and paths it shows on their own lines,
    /// verbatim, in order (those of its sub-steps included).
    #[serde(default)]
    pub code: Vec<String>,
}

/// A whole article: metadata, structure, remediation, hotfix files, signals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Article {
    /// `Q319207` for KB articles, the permalink for blog posts, the path
    /// relative to its corpus root for plain documents.
    pub id: String,
    /// `kb`, `blog`, `doc` or `ticket`.
    pub kind: ArticleKind,
    /// The article's title (without the `Q319207: ` prefix).
    pub title: String,
    /// Products the article applies to.
    pub products: Vec<String>,
    /// Product versions.
    pub versions: Vec<String>,
    /// Keywords (KB `Keyword(s):` line).
    pub keywords: Vec<String>,
    /// The words a KB article's authors gave for finding it, beyond its
    /// text (`Additional query words: netmon blue screen`), without the
    /// `kb...` filing tags; searched as words of the article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query_words: Vec<String>,
    /// Last-modified date as written (`06-AUG-2002`).
    pub modified: Option<String>,
    /// Blog post date (`2011-08-03`).
    pub date: Option<String>,
    /// Blog categories.
    pub categories: Vec<String>,
    /// Blog tags.
    pub tags: Vec<String>,
    /// Sections in document order.
    pub sections: Vec<Section>,
    /// The main (first) remediation procedure's steps, one per top-level
    /// step, sub-steps inside the text.
    pub steps: Vec<String>,
    /// The section the steps came from.
    pub steps_section: Option<String>,
    /// The remediation as the article gives it: each procedure (one way to
    /// fix the problem) with its title, section and structured steps.
    #[serde(default)]
    pub procedures: Vec<Procedure>,
    /// Every row of every hotfix file table, in order.
    pub hotfix_files: Vec<HotfixFile>,
    /// Identifiers found in the article.
    pub signals: Signals,
    /// Messages the article quotes, as templates: placeholders such as
    /// `<package ID>` or `%1` are kept as written.
    pub messages: Vec<String>,
    /// Every file the article was read from.
    pub sources: Vec<String>,
    /// What the article says about the error codes it quotes (their names
    /// and messages): the index learns them from every article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub code_facts: Vec<CodeFact>,
}

#[cfg(test)]
mod tests {
    use super::{EventId, Signals};

    fn event(id: u32, source: Option<&str>) -> EventId {
        EventId { id, source: source.map(String::from) }
    }

    #[test]
    fn a_title_event_without_its_source_is_the_body_event_with_it() {
        // The body names event 1035 with its source, the title without
        // ("ErrMsg: Event ID 1035 - Unable to Open or Read a Message").
        let mut body = Signals { event_ids: vec![event(1035, Some("msexchangeimc"))], ..Signals::default() };
        let title = Signals {
            event_ids: vec![event(1035, None), event(7023, None)],
            message_ids: vec![2328],
            ..Signals::default()
        };
        body.add_ids(title);
        assert_eq!(body.event_ids, vec![event(1035, Some("msexchangeimc")), event(7023, None)]);
        assert_eq!(body.message_ids, vec![2328]);
    }
}
