//! Query analysis: pasted text -> the messages worth matching, their masked
//! templates, the signals (IDs, codes, names) and the words for full-text search.
//!
//! In detail: Paste, or entries already read -> `QueryAnalysis`: a paste over
//! `MAX_ANALYSED_BYTES` (16 KiB) first cut to its distinct lines that carry
//! evidence, by the logs classifier and the signals (`digest`), so that a
//! question's cost has a ceiling whatever its size; the most informative
//! entries by the logs classifier (with the entries written at their time by
//! their component after them), messages, templates (and the same cut at the
//! paste's column gaps, `fields`, what phrases are searched in), signals, the
//! error codes as pasted, wrapper context; the words the mask hid in counters,
//! paths, URLs, WMI namespaces and `DOMAIN\user` tokens, and the events'
//! sources, searched though never templated.

use super::function_words;
use super::mask;
use super::weights::{MAX_ANALYSED_BYTES, MAX_ANALYSED_LINE_BYTES, MAX_ENTRIES, MAX_QUERY_BYTES};
use crate::article::{EventId, Signals};
use crate::error::{Error, Result};
use crate::extract::signals;
use crate::logs::{self, Level, LogEntry};
use regex::Regex;
use std::sync::LazyLock;

/// What a pasted text says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryAnalysis {
    /// The entries used, most informative first.
    pub entries: Vec<LogEntry>,
    /// Their messages with variable parts masked, de-duplicated.
    pub templates: Vec<String>,
    /// The same, each message cut where the paste has a column gap between
    /// two of its words (a tab, or three spaces or more: `EXCH-HUB01\2391
    /// Retry   451 4.4.0 DNS query failed` is a row of fields), the parts
    /// masked: what the paste's phrases are searched in, as no article
    /// writes a phrase across two fields of a row.
    pub fields: Vec<String>,
    /// Identifiers found in the messages (or the whole paste when it has no
    /// log wrapper): strong evidence.
    pub signals: Signals,
    /// Identifiers from the log wrappers (event ID and source, component):
    /// context, weaker evidence — `Application Popup` event 26 says nothing
    /// about which popup it was.
    pub context: Signals,
    /// A paste that is a lone number of up to 6 digits (`2328`): maybe a
    /// message ID, event ID or error number.
    pub bare_number: Option<u32>,
    /// A paste that is a lone number of 6 to 8 digits (`2467702`): maybe a
    /// KB article's number (a longer one, or `80070525`, is a code).
    pub article_number: Option<u64>,
    /// The words for full-text search (masked messages, wildcards removed).
    pub words: String,
    /// The paste's names in their other spellings, which `words` ends with
    /// (`gft` for `GetFileTime`, see [`crate::extract::aliases`]): searched,
    /// but not typed.
    pub aliases: Vec<String>,
    /// The error codes of the paste as it writes them, with their
    /// normalised form (`("0x800705AA", "0x800705aa")`), in paste order.
    pub codes: Vec<(String, String)>,
    /// Integers of four to six digits standing alone in the messages
    /// (`line 1786`): masked in the templates, but an article quoting the
    /// same number is the closer match.
    pub numbers: Vec<String>,
}

/// The pairs of words of a paste that stand side by side across a column
/// gap (a tab, or three spaces or more; two stand between sentences).
fn column_gaps(paste: &str) -> std::collections::HashSet<(&str, &str)> {
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S+").expect("word pattern"));
    let mut gaps = std::collections::HashSet::new();
    for line in paste.lines() {
        let words: Vec<regex::Match> = WORD.find_iter(line).collect();
        for pair in words.windows(2) {
            let gap = &line[pair[0].end()..pair[1].start()];
            if gap.contains('\t') || gap.len() >= 3 {
                gaps.insert((pair[0].as_str(), pair[1].as_str()));
            }
        }
    }
    gaps
}

/// A message (its words one space apart) cut between the words that the
/// paste has a column gap between.
fn cut_at_gaps(message: &str, gaps: &std::collections::HashSet<(&str, &str)>) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut part: Vec<&str> = Vec::new();
    for word in message.split_whitespace() {
        if let Some(&before) = part.last()
            && gaps.contains(&(before, word))
        {
            parts.push(part.join(" "));
            part.clear();
        }
        part.push(word);
    }
    if !part.is_empty() {
        parts.push(part.join(" "));
    }
    parts
}

/// Analyse a pasted text. Fails only on an empty query.
pub fn analyze(text: &str) -> Result<QueryAnalysis> {
    let text = sanitize(text);
    let text = digest(&text);
    if text.trim().is_empty() {
        return Err(Error::EmptyQuery);
    }
    let trimmed = text.trim();
    let bare_number = lone_number(trimmed);
    let mut analysis = analyze_read(logs::parse(&text), Some(trimmed), bare_number)?;
    analysis.article_number = (trimmed.len() >= 6 && trimmed.len() <= 8 && trimmed.bytes().all(|b| b.is_ascii_digit()))
        .then(|| trimmed.parse().ok())
        .flatten();
    Ok(analysis)
}

/// Analyse log entries already read (a log's entry, an event record): the
/// same analysis as a paste of them, without writing them out as text.
/// Fails only when no entry has a message or an event ID.
pub fn analyze_entries(entries: Vec<LogEntry>) -> Result<QueryAnalysis> {
    if entries.iter().all(|e| e.message.trim().is_empty() && e.event_id.is_none()) {
        return Err(Error::EmptyQuery);
    }
    analyze_read(entries, None, None)
}

impl QueryAnalysis {
    /// A paste that is a lone number of one to three digits (`42`, `404`):
    /// as often a count, a size or an HTTP status as an ID, and whose ID it
    /// would be the paste does not say.
    pub fn short_number(&self) -> bool {
        self.bare_number.is_some_and(|n| n < 1000)
    }
}

/// A paste that is a number of up to 6 digits and nothing else but
/// function words ("2328", "hi, 2328", "2328 please"): maybe a message ID,
/// event ID or error number.
fn lone_number(trimmed: &str) -> Option<u32> {
    let words = trimmed.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    let mut told = words.filter(|w| !function_words::is_function_word(&w.to_lowercase()));
    let number = told.next().filter(|n| n.len() <= 6 && n.bytes().all(|b| b.is_ascii_digit()))?;
    told.next().is_none().then(|| number.parse().ok()).flatten()
}

/// The analysis of a paste's entries; `trimmed` is the whole paste, when
/// there is one (a code pasted alone is read from it).
fn analyze_read(mut entries: Vec<LogEntry>, trimmed: Option<&str>, bare_number: Option<u32>) -> Result<QueryAnalysis> {
    // An entry that is nothing but its event ID ("Event ID: 130") is asking
    // about that event, and an event log record is its event: the ID is the
    // evidence, not context.
    let bare_events: Vec<EventId> = entries
        .iter()
        .filter(|e| e.record || e.message.split_whitespace().count() < 3)
        .filter_map(|e| e.event_id.map(|id| EventId { id, source: e.event_source.clone() }))
        .collect();
    // The advice Windows writes after any failure is no word of this one.
    for e in &mut entries {
        if let std::borrow::Cow::Owned(told) = mask::without_advice(&e.message) {
            e.message = told.trim().to_string();
        }
    }
    keep_informative(&mut entries);
    let messages: Vec<&str> = entries.iter().map(|e| e.message.as_str()).collect();
    let message_text = messages.join("\n");
    let (mut signals, codes) = signals_and_codes(&message_text, trimmed, bare_number);
    signals.event_ids.extend(bare_events);
    signals.event_ids.sort();
    signals.event_ids.dedup();
    let context = wrapper_context(&entries);
    let gaps = trimmed.map(column_gaps).unwrap_or_default();
    let (templates, fields) = templates_and_fields(&entries, &gaps);
    // Numbers the mask hid as counters may be what sets one article apart
    // from its neighbours (`compiler file 'msc1.cpp', line 1786`): they are
    // searched as words, though never as part of a template. Those the mask
    // kept (`event 7022`) are words already; a year is a product's version
    // (`ConfigMgr 2012`), not what sets an article apart.
    let kept = |n: &str| templates.iter().any(|t| t.split(|c: char| !c.is_ascii_digit()).any(|w| w == n));
    let year = |n: &str| n.parse::<u32>().is_ok_and(|n| (1980..=2039).contains(&n));
    // A lone number is searched as an ID already (see `bare_number`).
    let numbers: Vec<String> = standalone_numbers(&message_text)
        .into_iter()
        .filter(|n| bare_number.is_none() && !kept(n) && !year(n))
        .map(str::to_string)
        .collect();
    let aliases = crate::extract::aliases::aliases(&message_text);
    let words = searched_words(&entries, &templates, &numbers, &message_text, &aliases);
    Ok(QueryAnalysis {
        entries,
        templates,
        fields,
        signals,
        context,
        bare_number,
        article_number: None,
        words,
        aliases,
        codes,
        numbers,
    })
}

/// Keeps the entries that tell something (and those written with one that
/// does), the most informative first, at most [`MAX_ENTRIES`].
fn keep_informative(entries: &mut Vec<LogEntry>) {
    entries.retain(|e| !e.message.trim().is_empty());
    // An entry written with the one before it, at the same time by the same
    // component, goes on its report: SQL Server writes `Error: 701,
    // Severity: 17` and then, on its own line, what error 701 is.
    let mut told = vec![false; entries.len()];
    for i in 0..entries.len() {
        let continues = i > 0 && told[i - 1] && entries[i].time.is_some() && {
            let (before, this) = (&entries[i - 1], &entries[i]);
            before.time == this.time && before.component == this.component
        };
        told[i] = informativeness(&entries[i]) > 0 || continues;
    }
    // Where any entry tells something, only those are kept (retain visits
    // the entries in order).
    if told.contains(&true) {
        let mut told = told.into_iter();
        entries.retain(|_| told.next() == Some(true));
    }
    // The most informative entries first; stable, so paste order breaks ties.
    entries.sort_by_key(|e| std::cmp::Reverse(informativeness(e)));
    entries.truncate(MAX_ENTRIES);
}

/// The messages' signals, and the error codes as pasted with the code each
/// stands for; a code pasted alone (`trimmed`) decoded as it stands.
fn signals_and_codes(
    message_text: &str,
    trimmed: Option<&str>,
    bare_number: Option<u32>,
) -> (Signals, Vec<(String, String)>) {
    let (mut signals, mut mentions) = signals::extract_and_mention(message_text);
    // A hex number the message calls a state, flags or a mask is a value,
    // not an error code (`prior state: 0x80000000`).
    let (values, kept): (Vec<_>, Vec<_>) = mentions
        .into_iter()
        .partition(|m| crate::extract::codes::is_value_before(&message_text[..m.start]));
    mentions = kept;
    signals.error_codes.retain(|c| !values.iter().any(|v| v.code == *c) || mentions.iter().any(|m| m.code == *c));
    let mut codes: Vec<(String, String)> = mentions
        .into_iter()
        .filter(|m| !m.listed)
        .map(|m| (message_text[m.start..m.end].split_whitespace().collect::<Vec<_>>().join(" "), m.code))
        .collect();
    codes.sort_by_key(|(written, _)| message_text.find(written.as_str()));
    // A code pasted alone in a form no text pattern takes without a word
    // before it (`800705aa`, `c0000005`, `0x5AA`): decoded as it stands.
    if bare_number.is_none()
        && let Some(trimmed) = trimmed
        && let Some(code) = crate::extract::codes::parse_alone(trimmed)
    {
        let decoded = crate::extract::codes::Code::of(&code).and_then(|c| c.canonical());
        for code in std::iter::once(code).chain(decoded) {
            if !signals.error_codes.contains(&code) {
                signals.error_codes.push(code.clone());
            }
            if !codes.iter().any(|(_, c)| *c == code) {
                codes.insert(0, (trimmed.to_string(), code));
            }
        }
        signals.error_codes.sort();
    }
    (signals, codes)
}

/// What the log wrappers say around the messages: the entries' event IDs
/// and components, searched as context.
fn wrapper_context(entries: &[LogEntry]) -> Signals {
    let mut context = Signals::default();
    for entry in entries {
        if let Some(id) = entry.event_id {
            let event = EventId { id, source: entry.event_source.clone() };
            // An entry that is only its event ID is strong evidence; that is
            // handled by the message text itself ("Event ID: 3089").
            context.event_ids.push(event);
        }
        if let Some(component) = &entry.component {
            context.components.push(component.to_uppercase());
        }
    }
    context.event_ids.sort();
    context.event_ids.dedup();
    context.components.sort();
    context.components.dedup();
    context
}

/// Each entry's template, and its fields (the message cut at the paste's
/// column gaps), masked, distinct, in order.
fn templates_and_fields(
    entries: &[LogEntry],
    gaps: &std::collections::HashSet<(&str, &str)>,
) -> (Vec<String>, Vec<String>) {
    let mut templates: Vec<String> = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    for entry in entries {
        let template = mask::mask(&entry.message);
        if !template.trim().is_empty() && !templates.contains(&template) {
            templates.push(template);
        }
        for field in cut_at_gaps(&entry.message, gaps) {
            let field = mask::mask(&field);
            if !field.trim().is_empty() && !fields.contains(&field) {
                fields.push(field);
            }
        }
    }
    (templates, fields)
}

/// The words searched: the templates' words, then the numbers the mask hid
/// (`numbers`), the names it hid in paths and URLs, the events' sources
/// and the paste's names in their other spellings.
fn searched_words(
    entries: &[LogEntry],
    templates: &[String],
    numbers: &[String],
    message_text: &str,
    aliases: &[String],
) -> String {
    let mut words = templates.iter().map(|t| t.replace(mask::WILDCARD, " ")).collect::<Vec<_>>().join("\n");
    if !numbers.is_empty() {
        words = format!("{words}\n{}", numbers.join(" "));
    }
    // So may the names the mask hid in paths and URLs (`net view
    // \\localhost`, `http://servername`): searched as words, never as part
    // of a template. A site's own server names are in no article and add
    // nothing.
    let hidden = mask::hidden_words(message_text);
    if !hidden.is_empty() {
        words = format!("{words}\n{}", hidden.join(" "));
    }
    // And the sources of the events (`Source: LsaSrv`, `Hyper-V-VMMS`): an
    // article about an event names who writes it.
    let mut sources: Vec<&str> = Vec::new();
    for source in entries.iter().filter_map(|e| e.event_source.as_deref()) {
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
    if !sources.is_empty() {
        words = format!("{words}\n{}", sources.join(" "));
    }
    // The paste's names in their other spellings, as articles may write them.
    if aliases.is_empty() { words } else { format!("{words}\n{}", aliases.join(" ")) }
}

/// Integers of four to six digits standing alone in a text: not part of a
/// date, time, address, version, path or hex code.
fn standalone_numbers(text: &str) -> Vec<&str> {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:^|[\s(\[,'"=#])([0-9]{4,6})(?:$|[\s)\],;'"!?]|\.(?:\s|$))"#).expect("number pattern")
    });
    let mut out: Vec<&str> = Vec::new();
    for c in NUMBER.captures_iter(text) {
        if let Some(n) = c.get(1).map(|m| m.as_str())
            && !out.contains(&n)
        {
            out.push(n);
        }
    }
    out
}

/// The part of a long paste that is analysed: a paste of up to
/// [`MAX_ANALYSED_BYTES`] whole, else its distinct lines (each cut to
/// [`MAX_ANALYSED_LINE_BYTES`]), those that carry evidence first (an error,
/// a warning or words of failure by the logs classifier, an event ID, a
/// message ID or error code), up to [`MAX_ANALYSED_BYTES`]: the most
/// telling first (so that they are the entries kept, see [`MAX_ENTRIES`]),
/// in paste order among equals. Lines that were not next to each other are
/// kept apart by a blank line, so that no message is made of two. What a question costs then has a
/// ceiling whatever the size of the paste.
pub fn digest(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_ANALYSED_BYTES {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut seen = std::collections::HashSet::new();
    let mut lines: Vec<(u8, usize, &str)> = text
        .split('\n')
        .map(|line| line.trim_end_matches('\r'))
        .map(|line| line.get(..line.floor_char_boundary(MAX_ANALYSED_LINE_BYTES)).unwrap_or(line))
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && seen.insert(line.trim()))
        .map(|(at, line)| (evidence(line), at, line))
        .collect();
    // The most telling lines first; paste order breaks ties.
    lines.sort_by_key(|&(evidence, at, _)| (std::cmp::Reverse(evidence), at));
    let mut bytes = 0;
    let mut chosen: Vec<(usize, &str)> = Vec::new();
    for (_, at, line) in lines {
        if bytes + line.len() + 2 > MAX_ANALYSED_BYTES {
            if bytes + 64 > MAX_ANALYSED_BYTES {
                break;
            }
            continue;
        }
        bytes += line.len() + 2;
        chosen.push((at, line));
    }
    let mut out = String::with_capacity(bytes);
    let mut previous = None;
    for (at, line) in chosen {
        if let Some(previous) = previous {
            out.push_str(if at == previous + 1 { "\n" } else { "\n\n" });
        }
        out.push_str(line);
        previous = Some(at);
    }
    std::borrow::Cow::Owned(out)
}

/// How much a line of a long paste says on its own: its entry's
/// informativeness (see [`informativeness`]), more with an ID or code.
fn evidence(line: &str) -> u8 {
    let entry = logs::parse(line).iter().map(informativeness).max().unwrap_or(0);
    let signals = signals::extract(line);
    let ids = !(signals.message_ids.is_empty() && signals.event_ids.is_empty() && signals.error_codes.is_empty());
    2 * entry + 3 * u8::from(ids)
}

/// Drop control characters (keeping line breaks and tabs) and cap the length
/// at a character boundary.
fn sanitize(text: &str) -> String {
    text[..text.floor_char_boundary(MAX_QUERY_BYTES)]
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .map(|c| if c == '\u{FFFD}' { ' ' } else { c })
        .collect()
}

/// How much an entry says about a problem (by the one classifier,
/// [`LogEntry::class`]): errors over warnings over routine lines; words of
/// failure count too, and an event ID.
fn informativeness(entry: &LogEntry) -> u8 {
    let class = entry.class();
    let level = match class.level {
        Level::Error => 3,
        Level::Warning => 2,
        Level::Routine => 0,
    };
    level + 2 * u8::from(class.failure) + u8::from(entry.event_id.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `lines` distinct lines of made-up words (what server names and
    /// counters look like to an index), none of them telling.
    fn noise(lines: usize) -> Vec<String> {
        let mut seed = 7u64;
        let mut word = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = 4 + (seed >> 60) as usize % 6;
            (0..len).map(|i| char::from(b'a' + ((seed >> (8 + 5 * i)) % 26) as u8)).collect::<String>()
        };
        (0..lines).map(|_| (0..10).map(|_| word()).collect::<Vec<_>>().join(" ")).collect()
    }

    #[test]
    fn a_number_with_only_greetings_and_function_words_is_a_lone_number() {
        for paste in ["2328", "hi, 2328", "2328 please", "Hello - is it 2328? Thanks!"] {
            assert_eq!(analyze(paste).unwrap().bare_number, Some(2328), "{paste}");
        }
        // A word that tells something (an event, help), two numbers, or
        // more than six digits: no lone number.
        for paste in ["event 2328", "please help with 2328", "2328 2329", "1234567"] {
            assert_eq!(analyze(paste).unwrap().bare_number, None, "{paste}");
        }
    }

    #[test]
    fn a_row_of_columns_is_cut_into_its_fields_for_the_phrases() {
        // A queue viewer's row: the fields stand three spaces apart.
        let row = "EXCH-HUB01\\2391   DnsConnectorDelivery   Retry   47   northwindtraders.net   451 4.4.0 DNS query failed";
        let analysis = analyze(row).unwrap();
        assert_eq!(
            analysis.templates,
            ["EXCH-HUB01\\<*> DnsConnectorDelivery Retry 47 northwindtraders.net 451 4.4.0 DNS query failed"]
        );
        assert_eq!(
            analysis.fields,
            ["EXCH-HUB01\\<*>", "DnsConnectorDelivery", "Retry", "47", "northwindtraders.net", "451 4.4.0 DNS query failed"]
        );
        // A tab is a gap; one or two spaces are not (two stand between sentences).
        let analysis = analyze("Sync failed.  The server returned an error\tWSyncAgent").unwrap();
        assert_eq!(analysis.fields, ["Sync failed. The server returned an error", "WSyncAgent"]);
    }

    #[test]
    fn a_short_paste_is_analysed_whole() {
        let paste = noise(100).join("\n");
        assert!(paste.len() < MAX_ANALYSED_BYTES);
        assert!(matches!(digest(&paste), std::borrow::Cow::Borrowed(whole) if whole == paste));
    }

    #[test]
    fn a_long_paste_is_analysed_by_its_distinct_telling_lines_first() {
        let mut lines = noise(4000);
        let error = "Despooler failed to execute the instruction, error code = 38a";
        lines.insert(3000, error.to_string());
        lines.insert(3500, "Event ID: 2019".to_string());
        let repeated = lines[10].clone();
        lines.insert(20, repeated);
        let paste = lines.join("\n");
        assert!(paste.len() > 200 * 1024);
        let digest = digest(&paste);
        assert!(digest.len() <= MAX_ANALYSED_BYTES, "{}", digest.len());
        // The event and the error first (an event ID alone is asking about
        // it), kept apart from the rest; then the paste's first lines, each once.
        let start = format!("Event ID: 2019\n\n{error}\n\n{}\n{}\n", lines[0], lines[1]);
        assert!(digest.starts_with(&start), "{digest}");
        assert_eq!(digest.matches(&lines[10]).count(), 1);
        // What is analysed, and so what the search costs, has a ceiling.
        let analysis = analyze(&paste).unwrap();
        assert_eq!(analysis.entries[0].message, error);
        assert!(analysis.templates.iter().map(String::len).sum::<usize>() <= MAX_ANALYSED_BYTES);
        assert!(analysis.words.len() <= 2 * MAX_ANALYSED_BYTES, "{}", analysis.words.len());
    }

    #[test]
    fn a_long_line_is_cut_at_a_character() {
        let line = "é".repeat(MAX_ANALYSED_BYTES);
        let digest = digest(&line);
        assert_eq!(digest.len(), MAX_ANALYSED_LINE_BYTES);
        assert!(digest.chars().all(|c| c == 'é'));
    }

    #[test]
    fn standalone_numbers_leave_dates_times_addresses_and_codes_alone() {
        assert_eq!(
            standalone_numbers("fatal error C1001: INTERNAL COMPILER ERROR (compiler file 'msc1.cpp', line 1786)"),
            vec!["1786"]
        );
        assert_eq!(standalone_numbers("Copied 12345 files on 10-18-2003 at 13:14:15 from 10.1.2.3"), vec!["12345"]);
        assert_eq!(
            standalone_numbers("error 0x80041001 in build 2.00.1493.3257, package SYD00045"),
            Vec::<&str>::new()
        );
        assert_eq!(standalone_numbers("retried 4096 times. Gave up after 4096."), vec!["4096"]);
    }

    #[test]
    fn a_counter_the_mask_hides_is_still_a_word_to_search() {
        let analysis =
            analyze("fatal error C1001: INTERNAL COMPILER ERROR (compiler file 'msc1.cpp', line 1786)").unwrap();
        assert_eq!(
            analysis.templates,
            vec!["fatal error C1001: INTERNAL COMPILER ERROR (compiler file 'msc1.cpp', line <*>)"]
        );
        assert!(analysis.words.ends_with("\n1786"), "{}", analysis.words);
        assert_eq!(analysis.numbers, vec!["1786"]);
        // Years are versions, and numbers the mask kept are words already.
        let analysis = analyze("ConfigMgr 2012 setup stopped: event 7022 after 3600 seconds").unwrap();
        assert_eq!(analysis.numbers, vec!["3600"]);
        // A lone number is an ID, not a counter.
        let analysis = analyze("2328").unwrap();
        assert_eq!((analysis.bare_number, analysis.numbers.len(), analysis.words.trim()), (Some(2328), 0, ""));
    }

    #[test]
    fn an_events_source_is_searched_as_words() {
        let analysis = analyze("Log Name: System\nSource: LsaSrv\nEvent ID: 45058\nLevel: Information\nDescription:\nA logon cache entry for user x was the oldest entry and was removed.").unwrap();
        assert_eq!(analysis.context.event_ids, [EventId { id: 45058, source: Some("LsaSrv".into()) }]);
        assert!(analysis.words.ends_with("\nLsaSrv"), "{}", analysis.words);
    }

    #[test]
    fn a_line_written_with_an_error_goes_on_its_report() {
        // SQL Server's error log: the error, then what it is, at the same
        // time; a routine line before them is left out.
        let paste = "2026-02-09 16:47:01.10 spid77      Starting up database 'tempdb'.\n\
                     2026-02-09 16:48:03.23 spid77      Error: 701, Severity: 17, State: 193.\n\
                     2026-02-09 16:48:03.23 spid77      There is insufficient system memory to run this query.";
        let analysis = analyze(paste).unwrap();
        let messages: Vec<&str> = analysis.entries.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            ["spid77 Error: 701, Severity: 17, State: 193.", "spid77 There is insufficient system memory to run this query."]
        );
    }

    #[test]
    fn names_the_mask_hides_in_paths_and_urls_are_still_words_to_search() {
        let analysis = analyze("net view \\\\localhost gives error 53; http://servername/ is refused too").unwrap();
        assert_eq!(analysis.templates, vec!["net view <*> gives error 53; http://<*>/ is refused too"]);
        assert!(analysis.words.ends_with("\nservername localhost"), "{}", analysis.words);
        // A path's file name stays in the template; its folders are words.
        let analysis = analyze("cannot open C:\\SMS\\inboxes\\distmgr.box\\x.pkg").unwrap();
        assert_eq!(analysis.templates, vec!["cannot open <*>\\x.pkg"]);
        assert!(analysis.words.ends_with("\nSMS inboxes distmgr box pkg"), "{}", analysis.words);
        // Two folders written like DOMAIN\user are masked as an account, and
        // their words still searched: "MIF files pile up in
        // dataldr.box\process" names the inbox the article is about.
        let analysis = analyze("MIF files pile up in dataldr.box\\process, CONTOSO\\jsmith says").unwrap();
        assert_eq!(analysis.templates, vec!["MIF files pile up in <*>, <*> says"]);
        assert!(analysis.words.ends_with("\ndataldr box process CONTOSO jsmith"), "{}", analysis.words);
        // So are a WMI namespace's.
        let analysis = analyze("registered in the namespace root\\ccm\\Policy\\Machine").unwrap();
        assert_eq!(analysis.templates, vec!["registered in the namespace <*>"]);
        assert!(analysis.words.ends_with("\nroot ccm Policy Machine"), "{}", analysis.words);
        // A registry key or a file so written is kept whole, as before.
        let analysis = analyze("check HKLM\\Software and system32\\ntdll.dll").unwrap();
        assert_eq!(analysis.templates, vec!["check HKLM\\Software and system32\\ntdll.dll"]);
    }
}
