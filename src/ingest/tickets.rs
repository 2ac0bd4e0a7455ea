//! Reader: a service desk's ticket exports, one article per ticket.
//!
//! A CSV table (ServiceNow, Jira, Zendesk or any other layout) or JSON
//! records (an array, JSON Lines, or an object holding the array under
//! `records`, `result`, `issues` or `tickets`; Jira's `fields` object read
//! as the record's own fields). The columns are told by their names, case
//! and punctuation aside, each role from a list of the names exports give
//! it, first name first; `--ticket-columns` names them where they are named
//! otherwise. A ticket is its id, title, problem (what describes it) and
//! fix (close notes, a resolution written out, else the last comment);
//! the fix's numbered lines, else its lines or sentences, become `1. text`
//! paragraphs for the steps extractor. A ticket closed without a fix is
//! indexed for its symptoms only.
//!
//! A broken row (a quote that never closes, the wrong number of fields, no
//! id) is reported with its line, and the rest of the file is read.
use super::detect::not_an_article;
use super::document::{Document, DocumentMeta, DocumentsRead, SkipReason, TicketColumns};
use crate::article::{ArticleKind, Section, SourceFormat};
use regex::Regex;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

/// The Problem section's name: it goes to the `symptoms` field.
pub const PROBLEM: &str = "Problem";
/// The Resolution section's name: the steps come from it.
pub const RESOLUTION: &str = "Resolution";

/// Column names (lower-case letters and digits only) of the ticket's own
/// id, first choice first: Jira's `Issue key` before its internal `Issue id`.
const ID_NAMES: &[&str] = &[
    "number",
    "issuekey",
    "ticketid",
    "ticketnumber",
    "ticket",
    "incidentid",
    "incidentnumber",
    "incident",
    "casenumber",
    "caseid",
    "requestid",
    "key",
    "id",
    "issueid",
];
/// Names of the short description.
const TITLE_NAMES: &[&str] = &["shortdescription", "summary", "subject", "title", "headline"];
/// Names of what describes the problem.
const PROBLEM_NAMES: &[&str] = &[
    "description",
    "problem",
    "problemdescription",
    "symptom",
    "symptoms",
    "issue",
    "issuedescription",
    "details",
    "question",
    "paste",
];
/// Names of a column that names the article that fixed it by its id
/// (a feedback file's `article`, see `crate::feedback`).
const ARTICLE_NAMES: &[&str] = &["article", "articleid", "kbarticle", "knowledgearticle", "linkedarticle"];
/// Names of the fix written out. Jira's `Resolution` is mostly a status
/// (`Fixed`, `Done`): a status is no fix (see [`is_status`]).
const FIX_NAMES: &[&str] = &[
    "closenotes",
    "resolutionnotes",
    "closecomment",
    "solution",
    "fix",
    "resolution",
    "resolutiondescription",
    "workaround",
    "answer",
];
/// Names of comments; the last one is the fix where no fix column says it.
const COMMENT_NAMES: &[&str] = &["comment", "comments", "lastcomment"];
/// Names of what the ticket is about.
const PRODUCT_NAMES: &[&str] = &[
    "product",
    "products",
    "cmdbci",
    "configurationitem",
    "components",
    "component",
    "application",
    "businessservice",
    "service",
    "category",
];
/// Names of the day it was opened.
const OPENED_NAMES: &[&str] =
    &["openedat", "opened", "created", "createdat", "createdon", "createddate", "datecreated", "opendate"];
/// Names of the day it was closed.
const CLOSED_NAMES: &[&str] =
    &["closedat", "closed", "resolvedat", "resolved", "resolutiondate", "solvedat", "closeddate", "closedate"];

/// Keys of an export object that hold its records.
const RECORD_ARRAYS: &[&str] = &["records", "result", "issues", "tickets", "data", "items"];
/// Keys of a nested value's text: ServiceNow's `display_value`, Jira's
/// `name` and comment `body`, Zendesk's comment `body`.
const TEXT_KEYS: &[&str] = &["display_value", "body", "plain_body", "text", "value", "name", "key"];

/// How much a file's broken multi-line rows may make the reader read again,
/// in times the file's size: each such row makes it start again on the
/// line after the row's first, reading the row's span once more (the rest
/// of the file, for a quote that never closes). Past it, a broken row's
/// span is lost with it.
const REREAD_TIMES: usize = 4;

/// `1. text`, `1) text`: a numbered line of a fix.
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\d{1,2}[.)]\s+(\S.*)$").expect("static regex"));
/// `- text`, `* text`, `• text`: a bullet.
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[-*•]\s+(\S.*)$").expect("static regex"));
/// Jira's comment cell: `25/Mar/24 10:12 AM;jsmith;the comment`.
static JIRA_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^;\n]{0,30}\d[^;\n]{0,30};[^;\s]{1,64};\s*").expect("static regex"));
/// What closes a ticket rather than fixing it: kept as text, never a step.
static CLOSING_REMARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:the\s+)?(?:user|customer|caller|client|requester)s?\s+(?:has\s+)?(?:confirmed|confirms|verified|reports|reported|says|said|agreed)|(?:closing|resolving)\b|(?:thanks|thank you|regards)\b|no further action)",
    )
    .expect("static regex")
});

/// Read a ticket export. A table without an id and a title or problem
/// column is not one: `UnknownFormat`, saying how to name the columns.
pub fn read(
    text: &str,
    path: &Path,
    format: SourceFormat,
    columns: &TicketColumns,
) -> Result<DocumentsRead, SkipReason> {
    let table = match format {
        SourceFormat::TicketJson => read_json(text)?,
        _ => read_csv(text)?,
    };
    let layout = match Layout::of(&table.columns, columns, path) {
        Err(SkipReason::UnknownFormat(_)) if table.no_records => {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            return Err(not_an_article(&ext));
        }
        layout => layout?,
    };
    let mut read = DocumentsRead { documents: Vec::with_capacity(table.rows.len()), skipped_rows: table.bad };
    for row in &table.rows {
        match ticket(row, &layout, path, format) {
            Ok(doc) => read.documents.push(doc),
            Err(why) => read.skipped_rows.push(SkipReason::BadRow { line: row.line, why }),
        }
    }
    read.skipped_rows.sort_by_key(|r| match r {
        SkipReason::BadRow { line, .. } => *line,
        _ => 0,
    });
    if read.documents.is_empty() {
        let why = match read.skipped_rows.first() {
            Some(first) => format!("no ticket could be read; the first broken row: {first}"),
            None => "the export holds no ticket".into(),
        };
        return Err(SkipReason::Malformed { format: format_name(format), why });
    }
    Ok(read)
}

fn format_name(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::TicketJson => "ticket JSON",
        _ => "ticket CSV",
    }
}

/// Records as read: the column names as written, and each record's cells
/// as (column, value), a column possibly more than once.
#[derive(Debug, Default)]
struct Table {
    columns: Vec<String>,
    rows: Vec<Row>,
    bad: Vec<SkipReason>,
    /// Nothing in it looks like records (one column; a JSON object that
    /// holds no array of them): a file that is no ticket export, told so
    /// in the plain words, unless its one record has ticket columns.
    no_records: bool,
}

#[derive(Debug)]
struct Row {
    /// The line the record starts on; 0 where the format gives none (a
    /// record of a JSON array).
    line: u64,
    cells: Vec<(usize, String)>,
}

/// A column name without case and punctuation: `Component/s` is `components`.
fn normalize(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The columns of each role, grouped by the name that chose them, best
/// name first (Jira repeats `Comment` and `Component/s` columns).
#[derive(Debug)]
struct Layout {
    id: Vec<Vec<usize>>,
    title: Vec<Vec<usize>>,
    problem: Vec<Vec<usize>>,
    fix: Vec<Vec<usize>>,
    comments: Vec<Vec<usize>>,
    products: Vec<Vec<usize>>,
    opened: Vec<Vec<usize>>,
    closed: Vec<Vec<usize>>,
    articles: Vec<Vec<usize>>,
}

impl Layout {
    fn of(columns: &[String], named: &TicketColumns, path: &Path) -> Result<Layout, SkipReason> {
        let normalized: Vec<String> = columns.iter().map(|c| normalize(c)).collect();
        let groups = |names: &[&str]| -> Vec<Vec<usize>> {
            names
                .iter()
                .map(|name| (0..normalized.len()).filter(|&i| normalized[i] == *name).collect::<Vec<usize>>())
                .filter(|g| !g.is_empty())
                .collect()
        };
        let listed = || columns.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(", ");
        let role = |key: &str, over: &Option<String>, names: &[&str]| -> Result<Vec<Vec<usize>>, SkipReason> {
            let Some(column) = over else { return Ok(groups(names)) };
            let want = normalize(column);
            let group: Vec<usize> = (0..normalized.len()).filter(|&i| normalized[i] == want).collect();
            if group.is_empty() {
                return Err(SkipReason::UnknownFormat(format!(
                    "--ticket-columns {key}={column}: the export has no such column (its columns: {})",
                    listed()
                )));
            }
            Ok(vec![group])
        };
        let layout = Layout {
            id: role("id", &named.id, ID_NAMES)?,
            title: role("title", &named.title, TITLE_NAMES)?,
            problem: role("problem", &named.problem, PROBLEM_NAMES)?,
            fix: role("fix", &named.fix, FIX_NAMES)?,
            comments: if named.fix.is_some() { Vec::new() } else { groups(COMMENT_NAMES) },
            products: groups(PRODUCT_NAMES),
            opened: groups(OPENED_NAMES),
            closed: groups(CLOSED_NAMES),
            articles: groups(ARTICLE_NAMES),
        };
        if layout.id.is_empty() || (layout.title.is_empty() && layout.problem.is_empty()) {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("csv").to_ascii_lowercase();
            let SkipReason::UnknownFormat(plain) = not_an_article(&ext) else { unreachable!() };
            let columns = if columns.is_empty() { "none".to_string() } else { listed() };
            return Err(SkipReason::UnknownFormat(format!(
                "{plain}; as a ticket export it lacks an id and a title or problem column (its columns: {columns}): \
                 name them with --ticket-columns id=COL,title=COL,problem=COL,fix=COL"
            )));
        }
        Ok(layout)
    }
}

/// The first non-empty value of the first group that has one.
fn first<'a>(row: &'a Row, groups: &[Vec<usize>]) -> Option<&'a str> {
    groups.iter().find_map(|group| {
        row.cells.iter().find(|(c, v)| group.contains(c) && !v.trim().is_empty()).map(|(_, v)| v.trim())
    })
}

/// Every non-empty value of the first group that has one.
fn all<'a>(row: &'a Row, groups: &[Vec<usize>]) -> Vec<&'a str> {
    groups
        .iter()
        .map(|group| {
            row.cells
                .iter()
                .filter(|(c, v)| group.contains(c) && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
                .collect::<Vec<&str>>()
        })
        .find(|values| !values.is_empty())
        .unwrap_or_default()
}

/// A resolution that only says how the ticket ended (`Fixed`, `Won't
/// Fix`, `Solved (Permanently)`), not what fixed it.
fn is_status(value: &str) -> bool {
    const STATUSES: &[&str] = &[
        "fixed",
        "done",
        "resolved",
        "solved",
        "closed",
        "duplicate",
        "wontfix",
        "wontdo",
        "cannotreproduce",
        "notreproducible",
        "incomplete",
        "unresolved",
        "declined",
        "notabug",
        "worksasdesigned",
        "worksasintended",
        "obsolete",
        "cancelled",
        "canceled",
    ];
    let key = normalize(value);
    value.split_whitespace().count() <= 3 && STATUSES.iter().any(|s| key.starts_with(s))
}

/// One row as a ticket, or why it is none.
fn ticket(row: &Row, layout: &Layout, path: &Path, format: SourceFormat) -> Result<Document, String> {
    let id = first(row, &layout.id).ok_or("no ticket id")?;
    let id = id.split_whitespace().collect::<Vec<_>>().join(" ");
    let problem = first(row, &layout.problem).map(tidy);
    let title = first(row, &layout.title)
        .and_then(|t| t.lines().map(str::trim).find(|l| !l.is_empty()))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    let title = match (title, &problem) {
        (Some(title), _) => title,
        (None, Some(problem)) => first_line(problem),
        (None, None) => return Err(format!("ticket {id} has neither a title nor a description")),
    };
    let fix = layout
        .fix
        .iter()
        .find_map(|group| {
            row.cells.iter().find(|(c, v)| group.contains(c) && !v.trim().is_empty() && !is_status(v)).map(|(_, v)| v)
        })
        .map(|v| v.to_string())
        .or_else(|| {
            all(row, &layout.comments).last().map(|c| JIRA_COMMENT.replace(c, "").into_owned())
        })
        .map(|f| tidy(&f))
        .filter(|f| !f.is_empty());

    let problem_text = problem.unwrap_or_else(|| title.clone());
    let mut sections = vec![Section { name: PROBLEM.into(), text: problem_text }];
    if let Some(fix) = fix {
        sections.push(Section { name: RESOLUTION.into(), text: fix_paragraphs(&fix) });
    }
    let mut body = title.clone();
    for section in &sections {
        body.push_str("\n\n");
        body.push_str(&section.name);
        body.push_str("\n\n");
        body.push_str(&section.text);
    }
    let mut products: Vec<String> = Vec::new();
    for product in all(row, &layout.products) {
        let product = product.split_whitespace().collect::<Vec<_>>().join(" ");
        if !products.contains(&product) {
            products.push(product);
        }
    }
    let meta = DocumentMeta {
        products,
        date: first(row, &layout.opened).map(day),
        modified: first(row, &layout.closed).map(str::to_string),
        cites: cites(row, layout),
        ..Default::default()
    };
    Ok(Document {
        id,
        kind: ArticleKind::Ticket,
        format,
        title: Some(title),
        meta,
        body,
        sections: Some(sections),
        emphasized: Vec::new(),
        source: path.to_path_buf(),
    })
}

/// The articles a row cites: each named by id in an article column, and
/// each any field cites (see [`super::citations`]).
fn cites(row: &Row, layout: &Layout) -> Vec<String> {
    let mut keys: Vec<String> = all(row, &layout.articles).iter().map(|id| format!("id:{id}")).collect();
    for key in super::citations::of_texts(row.cells.iter().map(|(_, v)| v.as_str())) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// `2024-03-05` of `2024-03-05 09:12:44`; other dates as written.
fn day(date: &str) -> String {
    let b = date.as_bytes();
    let iso = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if iso { date[..10].to_string() } else { date.to_string() }
}

/// A cell's text: lines trimmed at the end, runs of blank lines one.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.trim().lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

/// The first line of a text, at most 120 characters, cut at a word.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.chars().count() <= 120 {
        return line.to_string();
    }
    let cut: String = line.chars().take(120).collect();
    match cut.rfind(' ') {
        Some(at) if at > 40 => format!("{}...", &cut[..at]),
        _ => format!("{cut}..."),
    }
}

/// The fix as paragraphs, its steps as `N. text` paragraphs: the numbered
/// lines where it numbers them (a line that follows one without a blank
/// line continues it); else each line, where it has several (bullets
/// dropped); else each sentence. A closing remark ("User confirmed ...",
/// "Closing the ticket") is kept as a paragraph of its own, never a step.
fn fix_paragraphs(fix: &str) -> String {
    let lines: Vec<&str> = fix.lines().collect();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut steps = 0;
    let mut step = |text: &str, paragraphs: &mut Vec<String>| {
        if CLOSING_REMARK.is_match(text) {
            paragraphs.push(text.to_string());
        } else {
            steps += 1;
            paragraphs.push(format!("{steps}. {text}"));
        }
    };
    if lines.iter().any(|l| NUMBERED.is_match(l)) {
        // Text before the first numbered line, and after a blank line that
        // ends a step, stays a plain paragraph.
        let mut open: Option<String> = None;
        let mut plain: Vec<&str> = Vec::new();
        let flush_plain = |plain: &mut Vec<&str>, paragraphs: &mut Vec<String>| {
            if !plain.is_empty() {
                paragraphs.push(plain.join("\n"));
                plain.clear();
            }
        };
        for line in &lines {
            let t = line.trim();
            if let Some(caps) = NUMBERED.captures(line) {
                flush_plain(&mut plain, &mut paragraphs);
                if let Some(text) = open.take() {
                    step(&text, &mut paragraphs);
                }
                open = Some(caps[1].trim().to_string());
            } else if t.is_empty() {
                if let Some(text) = open.take() {
                    step(&text, &mut paragraphs);
                }
                flush_plain(&mut plain, &mut paragraphs);
            } else if let Some(text) = open.as_mut() {
                text.push(' ');
                text.push_str(t);
            } else {
                plain.push(t);
            }
        }
        if let Some(text) = open.take() {
            step(&text, &mut paragraphs);
        }
        flush_plain(&mut plain, &mut paragraphs);
    } else {
        let filled: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
        if filled.len() > 1 {
            for line in filled {
                let text = BULLET.captures(line).map_or(line, |c| c.get(1).map_or(line, |m| m.as_str()));
                step(text, &mut paragraphs);
            }
        } else {
            for sentence in sentences(filled.first().copied().unwrap_or("")) {
                step(sentence, &mut paragraphs);
            }
        }
    }
    paragraphs.join("\n\n")
}

/// A paragraph's sentences: split after `.`, `!` or `?` and a space where
/// the next word starts with a capital letter (so `e.g. the` and `v2.1 is`
/// stay whole).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?')
            && bytes.get(i + 1) == Some(&b' ')
            && text[i + 2..].starts_with(|n: char| n.is_uppercase())
        {
            out.push(text[start..=i].trim());
            start = i + 2;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The field delimiter: the one of `,`, `;` and tab the header line holds
/// most of, outside quotes (Excel in many locales writes `;`).
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header.bytes() {
        match c {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Read a CSV table: the header, then the records; a record with another
/// number of fields than the header is a broken row, and one that ran
/// over several lines (a quote that never closed) makes the reader start
/// again on the line after its first.
fn read_csv(text: &str) -> Result<Table, SkipReason> {
    let delimiter = sniff_delimiter(text);
    let mut table = Table::default();
    let mut header: Option<usize> = None;
    let (mut offset, mut lines_before) = (0usize, 0u64);
    let mut reread_budget = text.len().saturating_mul(REREAD_TIMES).max(1 << 20);
    'restart: loop {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(&text.as_bytes()[offset..]);
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break 'restart,
                Ok(true) => {}
                Err(e) => {
                    // Only a broken encoding gets here, and the text was
                    // decoded already: report it and stop.
                    let line = lines_before + e.position().map_or(0, |p| p.line());
                    table.bad.push(SkipReason::BadRow { line, why: e.to_string() });
                    break 'restart;
                }
            }
            let start = record.position().map_or(1, |p| p.line());
            let line = lines_before + start;
            let Some(width) = header else {
                table.columns = record.iter().map(|c| c.trim().to_string()).collect();
                if table.columns.len() < 2 {
                    table.no_records = true;
                    return Ok(table);
                }
                header = Some(table.columns.len());
                continue;
            };
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let extra_empty = record.len() > width && record.iter().skip(width).all(|f| f.trim().is_empty());
            if record.len() == width || extra_empty {
                let cells = record.iter().take(width).enumerate().map(|(i, v)| (i, v.to_string())).collect();
                table.rows.push(Row { line, cells });
                continue;
            }
            let spans = reader.position().line().saturating_sub(start) > 1;
            let why = if spans {
                format!(
                    "{} fields where the header has {width}, over several lines: a quote that does not close?",
                    record.len()
                )
            } else {
                format!("{} fields where the header has {width}", record.len())
            };
            table.bad.push(SkipReason::BadRow { line, why });
            let start_byte = record.position().map_or(0, |p| p.byte() as usize);
            let span = (reader.position().byte() as usize).saturating_sub(start_byte);
            if spans && span <= reread_budget {
                let at = offset + start_byte;
                if let Some(newline) = text[at..].find('\n') {
                    reread_budget -= span;
                    offset = at + newline + 1;
                    lines_before = line;
                    continue 'restart;
                }
            }
        }
    }
    Ok(table)
}

/// Read JSON records: a whole document (an array, or an object holding
/// the array, or one record), else JSON Lines, each line a record.
fn read_json(text: &str) -> Result<Table, SkipReason> {
    let mut table = Table::default();
    let mut names: HashMap<String, usize> = HashMap::new();
    match serde_json::from_str::<Value>(text) {
        Ok(value) => {
            let records = match value {
                Value::Array(items) => items,
                Value::Object(mut object) => {
                    match RECORD_ARRAYS.iter().find(|k| object.get(**k).is_some_and(Value::is_array)) {
                        Some(key) => match object.remove(*key) {
                            Some(Value::Array(items)) => items,
                            _ => Vec::new(),
                        },
                        None => {
                            table.no_records = true;
                            vec![Value::Object(object)]
                        }
                    }
                }
                _ => Vec::new(),
            };
            for (n, record) in records.into_iter().enumerate() {
                match record {
                    Value::Object(fields) => {
                        let cells = flatten(&fields, &mut table.columns, &mut names);
                        table.rows.push(Row { line: 0, cells });
                    }
                    _ => table.bad.push(SkipReason::BadRow { line: 0, why: format!("record {} is not an object", n + 1) }),
                }
            }
        }
        Err(whole) => {
            let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
            if !matches!(serde_json::from_str::<Value>(first), Ok(Value::Object(_))) {
                return Err(SkipReason::Malformed { format: "ticket JSON", why: whole.to_string() });
            }
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let line_no = n as u64 + 1;
                match serde_json::from_str::<Value>(line) {
                    Ok(Value::Object(fields)) => {
                        let cells = flatten(&fields, &mut table.columns, &mut names);
                        table.rows.push(Row { line: line_no, cells });
                    }
                    Ok(_) => table.bad.push(SkipReason::BadRow { line: line_no, why: "not a JSON object".into() }),
                    Err(e) => table.bad.push(SkipReason::BadRow { line: line_no, why: e.to_string() }),
                }
            }
        }
    }
    Ok(table)
}

/// A record's cells: each field's text under its name; Jira's `fields`
/// object read as the record's own fields. Nested values give their text
/// (`display_value`, `name`, a comment's `body`); an array gives each of
/// its items; deeper nesting is not read, so no depth costs more.
fn flatten(record: &Map<String, Value>, columns: &mut Vec<String>, names: &mut HashMap<String, usize>) -> Vec<(usize, String)> {
    let mut cells = Vec::new();
    let nested = record.get("fields").and_then(Value::as_object);
    let fields = record.iter().filter(|(k, _)| nested.is_none() || k.as_str() != "fields").chain(nested.into_iter().flatten());
    for (name, value) in fields {
        let column = *names.entry(name.clone()).or_insert_with(|| {
            columns.push(name.clone());
            columns.len() - 1
        });
        let mut push = |text: Option<String>| {
            if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
                cells.push((column, text));
            }
        };
        match value {
            Value::Array(items) => items.iter().for_each(|item| push(text_of(item))),
            // Jira: `"comment": {"comments": [{"body": ...}, ...]}`.
            Value::Object(object) if object.get("comments").is_some_and(Value::is_array) => {
                if let Some(Value::Array(items)) = object.get("comments") {
                    items.iter().for_each(|item| push(text_of(item)));
                }
            }
            value => push(text_of(value)),
        }
    }
    cells
}

/// A value's text: a string or number itself; an object's first text
/// field of [`TEXT_KEYS`].
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(object) => TEXT_KEYS.iter().find_map(|k| match object.get(*k) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ReadOptions, read_text_with};

    const SERVICENOW: &str = include_str!("../../tests/fixtures/tickets/servicenow.csv");
    const JIRA: &str = include_str!("../../tests/fixtures/tickets/jira.csv");
    const ZENDESK: &str = include_str!("../../tests/fixtures/tickets/zendesk.json");
    const JSON_LINES: &str = include_str!("../../tests/fixtures/tickets/badges.jsonl");

    fn read_as(text: &str, name: &str, columns: &str) -> Result<DocumentsRead, SkipReason> {
        let options = ReadOptions { ticket_columns: if columns.is_empty() { Default::default() } else { columns.parse().unwrap() } };
        read_text_with(text, Path::new(name), Path::new(""), &options)
    }

    fn read_ok(text: &str, name: &str) -> DocumentsRead {
        read_as(text, name, "").unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn ids(read: &DocumentsRead) -> Vec<&str> {
        read.documents.iter().map(|d| d.id.as_str()).collect()
    }

    fn section<'a>(doc: &'a Document, name: &str) -> Option<&'a str> {
        doc.sections.as_ref()?.iter().find(|s| s.name == name).map(|s| s.text.as_str())
    }

    /// The steps as the steps extractor finds them.
    fn steps(doc: &Document) -> Vec<String> {
        crate::extract::steps::extract(doc.sections.as_deref().unwrap_or_default(), doc.kind).0
    }

    #[test]
    fn servicenow_csv() {
        let read = read_ok(SERVICENOW, "exports/incidents.csv");
        assert_eq!(ids(&read), ["INC0012345", "INC0012346", "INC0012347"]);
        assert!(read.skipped_rows.is_empty());
        let printer = &read.documents[0];
        assert_eq!((printer.kind, printer.format), (ArticleKind::Ticket, SourceFormat::TicketCsv));
        assert_eq!(printer.title.as_deref(), Some("Label printer in dispatch prints blank pages"));
        assert_eq!(
            section(printer, PROBLEM),
            Some("Since this morning the label printer in dispatch feeds labels but prints nothing.\nThe panel shows HEAD OPEN.")
        );
        assert_eq!(
            steps(printer),
            [
                "Opened the print head and reseated the ribbon.",
                "Ran a calibration from the printer's menu.",
                "Printed a test label."
            ]
        );
        assert_eq!(printer.meta.products, ["PRN-DISPATCH-01"]);
        assert_eq!(printer.meta.date.as_deref(), Some("2024-03-05"));
        assert_eq!(printer.meta.modified.as_deref(), Some("2024-03-05 11:40:02"));
        assert_eq!(
            printer.body,
            "Label printer in dispatch prints blank pages\n\nProblem\n\nSince this morning the label printer in dispatch \
             feeds labels but prints nothing.\nThe panel shows HEAD OPEN.\n\nResolution\n\n1. Opened the print head and \
             reseated the ribbon.\n\n2. Ran a calibration from the printer's menu.\n\n3. Printed a test label."
        );
        // Sentences are steps; the closing remark is not.
        let vpn = &read.documents[1];
        assert_eq!(steps(vpn), ["Raised the idle timeout of the VPN profile to 60 minutes and pushed the profile again."]);
        assert_eq!(
            section(vpn, RESOLUTION),
            Some(
                "1. Raised the idle timeout of the VPN profile to 60 minutes and pushed the profile again.\n\n\
                 Closing the ticket after user confirmation."
            )
        );
        // Closed without a fix: symptoms only; the category is its product.
        let mail = &read.documents[2];
        assert_eq!(mail.sections.as_ref().map(|s| s.len()), Some(1));
        assert_eq!(section(mail, RESOLUTION), None);
        assert_eq!(mail.meta.products, ["Software"]);
        assert!(steps(mail).is_empty());
    }

    #[test]
    fn jira_csv_takes_the_last_comment() {
        let read = read_ok(JIRA, "jira.csv");
        assert_eq!(ids(&read), ["OPS-101", "OPS-102"]);
        let disk = &read.documents[0];
        assert_eq!(disk.title.as_deref(), Some("Build agent runs out of disk space"));
        assert_eq!(section(disk, PROBLEM), Some("Nightly builds fail with \"No space left on device\" on agent 3."));
        // `Fixed` is a status, not the fix: the last comment is, its
        // date and author dropped, each line a step.
        assert_eq!(
            steps(disk),
            ["Deleted old workspaces under /var/builds", "Added a nightly clean-up job", "Re-ran the failed builds"]
        );
        assert_eq!(disk.meta.products, ["Build", "Agents"]);
        assert_eq!(disk.meta.date.as_deref(), Some("12/Feb/24 9:30 AM"));
        let wiki = &read.documents[1];
        assert_eq!(section(wiki, RESOLUTION), None);
        assert_eq!(wiki.meta.products, ["Wiki"]);
    }

    #[test]
    fn zendesk_json() {
        let read = read_ok(ZENDESK, "zendesk/export.json");
        assert_eq!(ids(&read), ["4711", "4712"]);
        let calendar = &read.documents[0];
        assert_eq!(calendar.format, SourceFormat::TicketJson);
        assert_eq!(calendar.title.as_deref(), Some("Cannot open the shared team calendar"));
        assert_eq!(
            steps(calendar),
            [
                "Removed the calendar from the profile.",
                "Asked the owner to share it again with editor rights.",
                "Added the calendar again from the address book."
            ]
        );
        assert_eq!(calendar.meta.date.as_deref(), Some("2024-04-02"));
        assert_eq!(section(&read.documents[1], RESOLUTION), None);
    }

    #[test]
    fn json_lines_with_a_broken_line() {
        let read = read_ok(JSON_LINES, "badges.jsonl");
        assert_eq!(ids(&read), ["T-1", "T-2", "T-4"]);
        assert!(matches!(&read.skipped_rows[..], [SkipReason::BadRow { line: 3, .. }]), "{:?}", read.skipped_rows);
        assert_eq!(steps(&read.documents[0]), ["Re-synced the badge database from the access controller."]);
        assert_eq!(read.documents[0].meta.products, ["Access control"]);
        assert_eq!(steps(&read.documents[1]), ["Replaced the HDMI cable", "Set the input to HDMI 2"]);
        // No title: the description's first line; `Done` is no fix.
        let kiosk = &read.documents[2];
        assert_eq!(kiosk.title.as_deref(), Some("The kiosk browser freezes after an hour."));
        assert_eq!(section(kiosk, RESOLUTION), None);
    }

    #[test]
    fn jira_json_reads_the_fields_object() {
        let text = r#"{"issues": [{"key": "OPS-7", "id": "10007", "fields": {"summary": "Artifact upload times out",
            "description": "Uploads over 2 GB stop after 30 seconds.", "components": [{"name": "Build"}],
            "resolution": {"name": "Fixed"}, "created": "2024-02-01T10:00:00.000+0000",
            "comment": {"comments": [{"body": "Checking."}, {"body": "Raised the proxy timeout to 10 minutes."}]}}}]}"#;
        let read = read_ok(text, "jira.json");
        assert_eq!(ids(&read), ["OPS-7"]);
        let doc = &read.documents[0];
        assert_eq!(doc.title.as_deref(), Some("Artifact upload times out"));
        assert_eq!(steps(doc), ["Raised the proxy timeout to 10 minutes."]);
        assert_eq!(doc.meta.products, ["Build"]);
        assert_eq!(doc.meta.date.as_deref(), Some("2024-02-01"));
    }

    #[test]
    fn a_broken_quote_skips_its_row_only() {
        let text = "id,title,problem,fix\n\
                    A-1,Printer offline,The printer shows offline.,Restarted the spooler.\n\
                    A-2,Disk full,Drive C is full.,Cleared the temp folder.\n\
                    A-3,\"Monitor flickers,The screen flickers.,Replaced the cable.\n\
                    A-4,No sound,Speakers are silent.,Unmuted the output.\n\
                    A-5,Slow login,Login takes minutes.,Removed the stale profile.\n";
        let read = read_ok(text, "t.csv");
        assert_eq!(ids(&read), ["A-1", "A-2", "A-4", "A-5"]);
        assert_eq!(read.skipped_rows.len(), 1);
        let SkipReason::BadRow { line, why } = &read.skipped_rows[0] else { panic!() };
        assert_eq!(*line, 4);
        assert!(why.contains("quote"), "{why}");
        let shown = crate::ingest::Skipped { path: "t.csv".into(), reason: read.skipped_rows[0].clone() }.to_string();
        assert!(shown.starts_with("t.csv:4: 2 fields where the header has 4"), "{shown}");
        // The wrong number of fields on one line, and a row without an id.
        let read = read_ok("id,title\nB-1,One\nB-2,Two,extra\n,Three\nB-4,Four,\n", "u.csv");
        assert_eq!(ids(&read), ["B-1", "B-4"]);
        assert_eq!(
            read.skipped_rows,
            [
                SkipReason::BadRow { line: 3, why: "3 fields where the header has 2".into() },
                SkipReason::BadRow { line: 4, why: "no ticket id".into() }
            ]
        );
    }

    #[test]
    fn named_columns_and_other_tables() {
        let text = "Ref;Headline text;What happened;What we did\nR7;Badge printer jams;Cards stick in the feeder.;1) Cleaned the rollers\n";
        let plain = read_as(text, "custom.csv", "");
        let Err(SkipReason::UnknownFormat(why)) = plain else { panic!("{plain:?}") };
        assert!(why.starts_with("a .csv file is not an article"), "{why}");
        assert!(why.contains("\"Ref\", \"Headline text\"") && why.contains("--ticket-columns id=COL"), "{why}");
        let named = read_as(text, "custom.csv", "id=ref, title=Headline Text,problem=what_happened,fix=What we did").unwrap();
        assert_eq!(ids(&named), ["R7"]);
        assert_eq!(named.documents[0].title.as_deref(), Some("Badge printer jams"));
        assert_eq!(steps(&named.documents[0]), ["Cleaned the rollers"]);
        assert!(matches!(read_as(text, "custom.csv", "id=Nope"), Err(SkipReason::UnknownFormat(why)) if why.contains("no such column")));
        // JSON that holds no records keeps the plain message.
        assert_eq!(
            read_as("{\"name\": \"app\", \"version\": \"1.0\"}", "package.json", ""),
            Err(not_an_article("json"))
        );
        assert!(matches!(read_as("[1, 2", "x.json", ""), Err(SkipReason::Malformed { format: "ticket JSON", .. })));
        assert!(matches!(read_as("just one column\nvalue\n", "x.csv", ""), Err(SkipReason::UnknownFormat(_))));
    }

    #[test]
    fn ticket_columns_option() {
        let columns: TicketColumns = "id=Number, fix=Close notes".parse().unwrap();
        assert_eq!(columns.to_string(), "id=Number,fix=Close notes");
        assert_eq!("title".parse::<TicketColumns>().unwrap_err(), "\"title\" is not KEY=COLUMN: write id=COL,title=COL,problem=COL,fix=COL");
        assert_eq!(
            "owner=Bob".parse::<TicketColumns>().unwrap_err(),
            "unknown key \"owner\": the keys are id, title, problem and fix"
        );
        assert_eq!("id=a,id=b".parse::<TicketColumns>().unwrap_err(), "id= is given twice");
    }

    #[test]
    fn statuses_and_sentences() {
        assert!(is_status("Fixed") && is_status("Won't Fix") && is_status("Solved (Permanently)"));
        assert!(!is_status("Fixed the DNS record") && !is_status("Rebooted"));
        assert_eq!(sentences("Set v2.1 as default. Then reboot! e.g. this stays."), ["Set v2.1 as default.", "Then reboot! e.g. this stays."]);
    }
}
