//! Human-readable output, readable at 80 columns: hits, articles, codes,
//! scan reports and index statistics.
//!
//! In detail: All the command's text, at one width, `WIDTH` = 80 columns: hits,
//! articles, codes, stats, the scan report; the only user of `textwrap`, an
//! optional dependency of the `cli` feature.

use crate::{
    Article, EventKey, Evidence, Finding, Flood, Hit, HotfixFile, Message, PastedCode, Place, Procedure, Role,
    ScanReport, Stats,
};
use std::fmt::Write;
use std::path::Path;

/// Width every text output is wrapped to.
pub const WIDTH: usize = 80;

fn wrap(out: &mut String, text: &str, first: &str, rest: &str) {
    let options = textwrap::Options::new(WIDTH).initial_indent(first).subsequent_indent(rest);
    for line in textwrap::wrap(text, options) {
        let _ = writeln!(out, "{line}");
    }
}

/// Numbered steps, each wrapped under its number.
pub fn steps(out: &mut String, steps: &[String]) {
    for (n, step) in steps.iter().enumerate() {
        let number = format!("  {:>2}. ", n + 1);
        wrap(out, step, &number, "      ");
    }
}

/// Each procedure under its title (and its section where the line above,
/// which names `named`, does not), its steps numbered, sub-steps lettered
/// and indented under their step, code lines indented verbatim:
/// `Procedure 2: Installing with the Hotfix Installer (from MORE INFORMATION)`.
pub fn procedures(out: &mut String, procedures: &[Procedure], named: Option<&str>) {
    for (k, procedure) in procedures.iter().enumerate() {
        if k > 0 {
            let _ = writeln!(out);
        }
        // A title is a lead-in ("How to Use the Hotfix Installer:"): its
        // colon goes, the head puts its own.
        let title = procedure.title.as_deref().map_or("Steps", |t| t.trim().trim_end_matches(':').trim_end());
        let head = if procedures.len() > 1 { format!("Procedure {}: {title}", k + 1) } else { title.to_string() };
        let section = procedure.section.trim();
        // A procedure titled by its own section's heading names it once, and
        // the section the line above names is not named again.
        let same = title.eq_ignore_ascii_case(section);
        let said = same || named.is_some_and(|n| n.trim().eq_ignore_ascii_case(section)) || section.is_empty();
        // A lone procedure named only by its section, which the line above
        // names already, needs no head.
        if !(same && procedures.len() == 1 && procedure.title.is_some()) {
            let head = if said { head } else { format!("{head} (from {section})") };
            wrap(out, &head, "  ", "    ");
        }
        for (n, step) in procedure.steps.iter().enumerate() {
            let number = format!("  {:>2}. ", n + 1);
            wrap(out, &step.text, &number, "      ");
            for (i, sub) in step.substeps.iter().enumerate() {
                let letter = format!("      {}. ", sub_letter(i));
                wrap(out, sub, &letter, "         ");
            }
            for line in &step.code {
                let _ = writeln!(out, "          {line}");
            }
        }
    }
}

/// `a` .. `z`, then `aa`, `ab`, ...
fn sub_letter(i: usize) -> String {
    let letter = |k: usize| char::from(b'a' + (k % 26) as u8);
    if i < 26 { letter(i).to_string() } else { format!("{}{}", letter(i / 26 - 1), letter(i)) }
}

/// A hotfix file table with the columns the rows have; the folder only
/// where rows differ by it (`SMS\Bin\I386`, `SMS\Bin\Alpha`).
pub fn hotfix_table(out: &mut String, rows: &[HotfixFile]) {
    type Column = (&'static str, fn(&HotfixFile) -> String);
    let all: [Column; 7] = [
        ("File", |r| r.file.clone()),
        ("Version", |r| r.version.clone().unwrap_or_default()),
        ("Size", |r| r.size.map(|s| s.to_string()).unwrap_or_default()),
        ("Date", |r| r.date.clone().unwrap_or_default()),
        ("Time", |r| r.time.clone().unwrap_or_default()),
        ("Platform", |r| r.platform.clone().unwrap_or_default()),
        ("Folder", |r| r.folder.clone().unwrap_or_default()),
    ];
    let differ = |get: &fn(&HotfixFile) -> String| rows.iter().any(|r| get(r) != get(&rows[0]));
    let columns: Vec<&Column> = all
        .iter()
        .filter(|(name, get)| if *name == "Folder" { differ(get) } else { rows.iter().any(|r| !get(r).is_empty()) })
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .map(|(name, get)| rows.iter().map(|r| get(r).chars().count()).max().unwrap_or(0).max(name.len()))
        .collect();
    let line = |cells: Vec<String>| {
        let mut s = String::from("  ");
        for (cell, width) in cells.iter().zip(&widths) {
            let _ = write!(s, "{cell:<width$}  ");
        }
        s.trim_end().to_string()
    };
    let _ = writeln!(out, "{}", line(columns.iter().map(|(n, _)| n.to_string()).collect()));
    let _ = writeln!(out, "{}", line(widths.iter().map(|w| "-".repeat(*w)).collect()));
    for row in rows {
        let _ = writeln!(out, "{}", line(columns.iter().map(|(_, get)| get(row)).collect()));
    }
}

/// An error code decoded: what it is, then each of its forms.
pub fn code(code: &PastedCode) -> String {
    let mut out = if code.decoded == code.pasted {
        format!("{}\n", code.pasted)
    } else {
        format!("{} = {}\n", code.pasted, code.decoded)
    };
    let f = &code.forms;
    let mut row = |label: &str, value: Option<String>| {
        if let Some(value) = value {
            let _ = writeln!(out, "  {label:<15} {value}");
        }
    };
    row("HRESULT", f.hresult.clone());
    row("facility", f.facility.clone());
    row("Win32 error", f.win32.map(|n| n.to_string()));
    row("hex", f.hex.clone());
    row("signed decimal", f.signed_decimal.map(|n| n.to_string()));
    row("NTSTATUS", f.ntstatus.clone());
    row("severity", f.severity.clone());
    row("code field", f.code.map(|n| format!("{n} (0x{n:X})")));
    row("name", f.name.clone());
    row("message", f.message.clone());
    out
}

/// A hit's reasons in words: how the paste was read (misspelt words), or
/// the others.
fn reasons(hit: &Hit, readings: bool) -> impl Iterator<Item = &str> {
    hit.why
        .iter()
        .zip(&hit.evidence)
        .filter(move |(_, e)| matches!(e, Evidence::Spelling { .. }) == readings)
        .map(|(why, _)| why.as_str())
}

/// What the text output says above hits of which none is likely to answer
/// (see `MatchAnswer::likely_answer`).
pub const NOT_LIKELY: &str = "No article is likely to answer this. Closest:";

/// Hits of which none is likely to answer: [`NOT_LIKELY`], then the list
/// without the first hit's steps and hotfix files (which are not the fix).
pub fn closest(found: &[Hit], explain: bool) -> String {
    format!("{NOT_LIKELY}\n{}", listed(found, explain, false))
}

/// A ranked hit list; the best hit with its steps and hotfix files.
pub fn hits(hits: &[Hit], explain: bool) -> String {
    listed(hits, explain, true)
}

/// A ranked hit list, and with `fix` the best hit's steps and hotfix files.
fn listed(hits: &[Hit], explain: bool, fix: bool) -> String {
    let mut out = String::new();
    // How the paste was read (misspelt words) is said once, above the hits.
    if let Some(best) = hits.first() {
        let readings: Vec<&str> = reasons(best, true).collect();
        if !readings.is_empty() {
            let mut note = readings.join(", ");
            note[..1].make_ascii_uppercase();
            wrap(&mut out, &format!("{note}."), "", "  ");
        }
    }
    for (n, hit) in hits.iter().enumerate() {
        let head = format!("{:>2}. {}  {}", n + 1, hit.id, hit.title);
        wrap(&mut out, &head, "", "      ");
        let reasons: Vec<&str> = reasons(hit, false).collect();
        let shown = if explain { reasons.len() } else { reasons.len().min(2) };
        let why = reasons[..shown].join("; ");
        wrap(&mut out, &format!("confidence {:.2} - {why}", hit.confidence), "      ", "        ");
        if explain {
            let _ = writeln!(
                out,
                "      score {:.3}, {} steps, {} hotfix files, source {}",
                hit.score,
                hit.steps.len(),
                hit.hotfix_files.len(),
                hit.source.as_deref().unwrap_or("-")
            );
        }
    }
    if let Some(best) = hits.first().filter(|_| fix) {
        if !best.steps.is_empty() {
            let from = best.steps_section.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
            let _ = writeln!(out, "\nSteps for {}{from}:", best.id);
            if best.procedures.is_empty() {
                steps(&mut out, &best.steps);
            } else {
                procedures(&mut out, &best.procedures, best.steps_section.as_deref());
            }
        }
        if !best.hotfix_files.is_empty() {
            let _ = writeln!(out, "\nHotfix files for {}:", best.id);
            hotfix_table(&mut out, &best.hotfix_files);
        }
    }
    out
}

/// A whole article as a person wants to read it.
pub fn article(article: &Article) -> String {
    let mut out = String::new();
    wrap(&mut out, &format!("{}: {}", article.id, article.title), "", "  ");
    let _ = writeln!(out, "{}", "=".repeat(WIDTH.min(article.id.len() + article.title.len() + 2)));
    let mut facts = Vec::new();
    if !article.products.is_empty() {
        facts.push(format!("Products: {}", article.products.join(", ")));
    }
    if !article.versions.is_empty() {
        facts.push(format!("Versions: {}", article.versions.join(", ")));
    }
    if let Some(date) = article.modified.as_ref().or(article.date.as_ref()) {
        facts.push(format!("Date: {date}"));
    }
    if !article.tags.is_empty() {
        facts.push(format!("Tags: {}", article.tags.join(", ")));
    }
    for fact in facts {
        wrap(&mut out, &fact, "", "  ");
    }
    for section in &article.sections {
        let _ = writeln!(out, "\n{}\n{}", section.name, "-".repeat(section.name.chars().count().min(WIDTH)));
        let _ = writeln!(out, "{}", section.text.trim_end());
    }
    if !article.steps.is_empty() {
        let from = article.steps_section.as_deref().map(|s| format!(" (from {s})")).unwrap_or_default();
        let _ = writeln!(out, "\nRemediation steps{from}\n{}", "-".repeat(17));
        if article.procedures.is_empty() {
            steps(&mut out, &article.steps);
        } else {
            procedures(&mut out, &article.procedures, article.steps_section.as_deref());
        }
    }
    if !article.hotfix_files.is_empty() {
        let _ = writeln!(out, "\nHotfix files\n------------");
        hotfix_table(&mut out, &article.hotfix_files);
    }
    if !article.signals.articles.is_empty() {
        let _ = writeln!(out, "\nSee also: {}", article.signals.articles.join(", "));
    }
    let _ = writeln!(out, "\nSources:");
    for source in &article.sources {
        let _ = writeln!(out, "  {source}");
    }
    out
}

/// Index statistics: what it holds, where, and how it was built.
pub fn stats(stats: &Stats) -> String {
    // Only the kinds the index has, by name, as the build's summary says them.
    let mut kinds: Vec<(&str, u64)> =
        stats.by_kind.iter().filter(|(_, n)| **n > 0).map(|(kind, n)| (kind.as_str(), *n)).collect();
    kinds.sort_unstable();
    let kinds: Vec<String> = kinds.iter().map(|(k, v)| format!("{v} {k}")).collect();
    let meaning = match (&stats.meaning.model, &stats.meaning.architecture) {
        (Some(model), Some(architecture)) if stats.meaning.on => format!(
            "on: sentence model {} ({architecture}), {} stored",
            model.display(),
            plural(stats.meaning.vectors, "article vector")
        ),
        _ => format!(
            "off (words only): no sentence model; tools/install-model.sh {} installs one where it is found",
            crate::SentenceModel::default_dir(&stats.index).display()
        ),
    };
    format!(
        "{} ({}) from {}, {} skipped\nindex folder: {} ({:.1} MB), schema {}, extractor {}\ncorpus: {}\nmeaning: {meaning}\n",
        plural(stats.articles, "article"),
        kinds.join(", "),
        plural(stats.sources, "file"),
        stats.skipped,
        stats.index.display(),
        stats.index_bytes as f64 / 1e6,
        stats.schema_version,
        stats.extractor_version,
        stats.corpus.join(", ")
    )
}

/// Problem messages shown in the human report before the rest are only counted.
const SHOWN_PROBLEMS: usize = 20;
/// Noise messages named in the human report.
const SHOWN_NOISE: usize = 10;

/// A scan report for a person, in the report's order: what failed and what
/// led to it, each with its article or the word that none is known; then the
/// other problems; then routine symptoms and floods; then the noise, counted.
pub fn scan(report: &ScanReport) -> String {
    let mut out = String::new();
    scan_header(&mut out, report);
    // Findings and unmatched messages together, in the report's order.
    let mut all: Vec<(&Message, Option<&Finding>)> = report
        .findings
        .iter()
        .map(|f| (&f.message, Some(f)))
        .chain(report.unmatched.iter().map(|u| (&u.0, None)))
        .collect();
    all.sort_by_key(|(m, _)| m.rank);
    let mut current: Option<&str> = None;
    let (mut shown, mut noise) = (0usize, Vec::new());
    for (n, (m, finding)) in all.iter().enumerate() {
        if m.role == Role::Noise {
            noise.push(*m);
            continue;
        }
        let head = scan_section(m.role);
        if current != Some(head) {
            let _ = writeln!(out, "\n{head}:");
            current = Some(head);
        }
        if m.role == Role::Problem || m.role == Role::Routine {
            shown += 1;
            if shown > SHOWN_PROBLEMS {
                continue;
            }
        }
        scan_message(&mut out, n, m, *finding);
    }
    if shown > SHOWN_PROBLEMS {
        let _ = writeln!(out, "\n    ... and {} more (--json lists them all)", shown - SHOWN_PROBLEMS);
    }
    scan_noise(&mut out, &noise);
    if !report.findings.is_empty() {
        let _ = writeln!(out, "\n`kbmatch show ID` prints an article with its steps and hotfix files.");
    }
    out
}

/// `text` wrapped at [`WIDTH`] with its first and other lines' indents,
/// cut after `max_lines` with ` …`.
fn wrap_cut(out: &mut String, text: &str, first: &str, rest: &str, max_lines: usize) {
    // Two columns kept for the ` …` of a cut text.
    let options = textwrap::Options::new(WIDTH - 2).initial_indent(first).subsequent_indent(rest);
    let lines = textwrap::wrap(text, options);
    for (k, line) in lines.iter().enumerate().take(max_lines) {
        let more = k + 1 == max_lines && lines.len() > max_lines;
        let _ = writeln!(out, "{line}{}", if more { " …" } else { "" });
    }
}

/// The report's first lines: its counts and when the log was written.
fn scan_header(out: &mut String, report: &ScanReport) {
    // Every message the report lists, and how many of them an article
    // answers: "0 findings" above a list of what failed read as "nothing".
    let messages = (report.findings.len() + report.unmatched.len()) as u64;
    let answered = match report.findings.len() {
        0 => "none".to_string(),
        n if n as u64 == messages && n > 1 => "all".to_string(),
        n => n.to_string(),
    };
    let _ = writeln!(
        out,
        "{} in {} lines ({} entries{}), {answered} with an article",
        plural(messages, "message"),
        report.lines,
        report.entries,
        if report.files.len() > 1 { format!(", {} files", report.files.len()) } else { String::new() }
    );
    if let Some(t) = &report.timeline {
        // A later time's date only where it is another day than the start's.
        let later = |time: &str| match time.split_once('T') {
            Some((day, clock)) if t.start.starts_with(day) => clock.to_string(),
            _ => time.replace('T', " "),
        };
        let failures = t.first_failure.as_deref().map(|f| format!("; the failures start at {}", later(f)));
        let when =
            format!("written from {} to {}{}", t.start.replace('T', " "), later(&t.end), failures.unwrap_or_default());
        wrap_cut(out, &when, "", "  ", 2);
    }
}

/// The heading of a role's part of the report.
fn scan_section(role: Role) -> &'static str {
    match role {
        Role::Failed | Role::Cause => "What failed, and what led to it",
        Role::Problem => "Other problems",
        Role::Routine => "Routine messages an article names, and floods",
        Role::Noise => "Noise: problems also written where nothing fails",
    }
}

/// One message of the report (the `n`th, from 0), with its articles.
fn scan_message(out: &mut String, n: usize, m: &Message, finding: Option<&Finding>) {
    let _ = writeln!(out);
    let lines = if m.first_line == m.last_line {
        format!("line {}", m.first_line)
    } else {
        format!("lines {}-{}", m.first_line, m.last_line)
    };
    let what = match m.role {
        Role::Failed => "failed, ",
        Role::Cause => "before the failure, ",
        _ => "",
    };
    let _ = writeln!(
        out,
        "{:>2}. {what}{} x {}, {}{}",
        n + 1,
        m.count,
        m.level,
        places(&m.files, &lines),
        flood_note(m.flood.as_ref())
    );
    wrap_cut(out, &titled(&m.template, m.event.as_ref()), "    ", "    ", 4);
    let example = m.example.lines().next().unwrap_or("");
    wrap_cut(out, &format!("e.g. {example}"), "    ", "      ", 2);
    let Some(f) = finding else {
        let _ = writeln!(out, "    No article is known for it.");
        return;
    };
    if !f.likely_answer {
        let _ = writeln!(out, "    No article is likely to answer it. Closest:");
    }
    for hit in &f.hits {
        let head = format!("{:>3.0}%  {}  {}", hit.confidence * 100.0, hit.id, hit.title);
        wrap_cut(out, &head, "    ", "           ", 3);
        let why: Vec<&str> = hit.why.iter().take(2).map(String::as_str).collect();
        if !why.is_empty() {
            wrap_cut(out, &format!("why: {}", why.join("; ")), "           ", "             ", 2);
        }
    }
}

/// The noise, counted: the messages also written where nothing fails.
fn scan_noise(out: &mut String, noise: &[&Message]) {
    if noise.is_empty() {
        return;
    }
    let total: u64 = noise.iter().map(|m| m.count).sum();
    let _ = writeln!(out);
    let head = format!(
        "{} ({}, {}):",
        scan_section(Role::Noise),
        plural(noise.len() as u64, "message"),
        if total == 1 { "1 entry".to_string() } else { format!("{total} entries") }
    );
    wrap_cut(out, &head, "", "    ", 2);
    for m in noise.iter().take(SHOWN_NOISE) {
        let text = format!("{}{}", titled(&m.template, m.event.as_ref()), flood_note(m.flood.as_ref()));
        wrap_cut(out, &text, &format!("{:>7} x  ", m.count), "            ", 2);
    }
    if noise.len() > SHOWN_NOISE {
        let _ = writeln!(out, "    ... and {} more (--json lists them all)", noise.len() - SHOWN_NOISE);
    }
}

/// A message with its event, for an event log record: `Service Control
/// Manager event 7023: Spooler %%<*>`.
fn titled(template: &str, event: Option<&EventKey>) -> String {
    match event {
        Some(EventKey { source, id }) => {
            let id = id.map_or(String::new(), |id| format!("event {id}"));
            let head = [source.clone().unwrap_or_default(), id].join(" ");
            format!("{}: {template}", head.trim())
        }
        None => template.to_string(),
    }
}

/// Where a message came from: its lines, and with several files, each file's.
fn places(files: &[Place], lines: &str) -> String {
    if files.len() <= 1 {
        return lines.to_string();
    }
    let each: Vec<String> = files
        .iter()
        .map(|p| {
            let name = Path::new(&p.file).file_name().map_or(p.file.clone(), |n| n.to_string_lossy().into_owned());
            if p.first_line == p.last_line {
                format!("{name}:{}", p.first_line)
            } else {
                format!("{name}:{}-{}", p.first_line, p.last_line)
            }
        })
        .collect();
    each.join(", ")
}

/// `, flood: 120.5 an hour` for a flood.
fn flood_note(flood: Option<&Flood>) -> String {
    match flood {
        Some(f) if f.span_seconds > 0 => {
            format!(" (flood: {:.1} an hour over {})", f.per_hour, duration(f.span_seconds))
        }
        Some(_) => " (flood)".to_string(),
        None => String::new(),
    }
}

/// A span of seconds for a person.
fn duration(seconds: i64) -> String {
    match seconds {
        s if s < 120 => format!("{s} s"),
        s if s < 2 * 3600 => format!("{} min", s / 60),
        s if s < 2 * 86_400 => format!("{:.1} h", s as f64 / 3600.0),
        s => format!("{:.1} days", s as f64 / 86_400.0),
    }
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// Templates for a person: count, level, template, the most frequent first.
pub fn templates(report: &crate::TemplateReport) -> String {
    let mut out = String::new();
    for t in &report.templates {
        out.push_str(&format!("{:>8}  {:<8} {}\n", t.count, t.level, t.template));
    }
    out
}
