//! Triage: match the distinct messages worth it and sort them into
//! findings and unmatched messages, in the order a person should read them.

use super::report::{EventKey, FileRead, Finding, Template, TemplateReport, Flood, Message, Place, Role, ScanOptions, ScanReport, Unmatched};
use super::scanner::{Cascade, Group, Scanner};
use super::timeline;
use crate::error::{Error, Result};
use crate::index::KbIndex;
use crate::logs::{self, Level, LogEntry};
use crate::matcher::{self, Hit};
use rayon::prelude::*;
use std::collections::HashMap;

/// Most problem messages matched against the index (the most frequent);
/// the rest are reported as unmatched.
pub const MAX_MATCHED: usize = 500;

/// Most routine messages matched (the most frequent, floods first): an
/// article may name one as its symptom.
pub const ROUTINE_MATCHED: usize = 50;

/// A message is a flood when the robust z-score of its count's logarithm
/// among the log's distinct messages (0.6745 × (x − median) / median
/// absolute deviation, Iglewicz and Hoaglin's outlier test) is above this;
/// the deviation is taken as at least log10(2), so that a log whose messages
/// all occur equally often still needs a message about 36 times the median
/// count to call it a flood.
pub const FLOOD_Z: f64 = 3.5;

/// A message that ends failures with no words of an operation ending this
/// many times (in one failure or several) is one the log repeats, not what
/// made it fail.
const RECURRING_FAILURES: usize = 3;

/// How alike a routine message and an article's quoted one must be for the
/// article to name it as its symptom (a routine line inside a longer
/// quoted excerpt is not).
const VERY_MESSAGE: f32 = 0.95;

/// The level of a message's class, as reported.
pub(super) fn level_name(class: logs::Class) -> &'static str {
    match class.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Routine if (class.failure && !class.stated) || class.ends => "failure",
        Level::Routine => "routine",
    }
}

/// Whether a hit is evidence enough to make a message a finding: for a
/// routine message, the same message; for a problem, specific evidence
/// ([`Hit::specific`]); and an event log record is the same event only from
/// the same source (event IDs are numbered per provider: event 27 of one
/// driver is not event 27 of another).
fn is_evidence(entry: &LogEntry, problem: bool, hit: &Hit) -> bool {
    if hit.same_message {
        return true;
    }
    if !problem || !hit.specific {
        return false;
    }
    if !entry.record {
        return true;
    }
    let same_event = match (&entry.event_source, entry.event_id) {
        (Some(source), Some(id)) => format!("event:{id}:{}", source.to_lowercase()),
        (None, Some(id)) => format!("event:{id}"),
        _ => String::new(),
    };
    hit.shared_signals.iter().any(|t| !t.starts_with("event:") || *t == same_event)
}

/// Which counts are floods (see [`FLOOD_Z`]).
pub(super) fn floods(counts: &[u64]) -> Vec<bool> {
    let logs: Vec<f64> = counts.iter().map(|&c| (c.max(1) as f64).log10()).collect();
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n == 0 {
            0.0
        } else if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    };
    let m = median(&mut logs.clone());
    let mad = median(&mut logs.iter().map(|x| (x - m).abs()).collect()).max(2f64.log10());
    logs.iter().map(|x| 0.6745 * (x - m) / mad > FLOOD_Z).collect()
}

/// The most confidence a hit may keep when it rests on an error code alone
/// (no message, message ID or event ID in common) that `articles` articles
/// quote: 0.6 for a code one article quotes, 0.15 less each time the number
/// doubles, never under 0.2. A log writes many codes that many articles
/// quote (`0x80070002`, `0x80004005`), and the same code comes from many
/// programs doing many things: an article quoting it is not thereby about
/// this log's problem, and is a likely answer (0.5 or more) only when no
/// other article quotes the code.
pub fn code_alone_cap(articles: u64) -> f64 {
    (0.6 - 0.15 * (articles.max(1) as f64).log2()).max(0.2)
}

/// A hit's confidence capped when the code alone is its evidence (see
/// [`code_alone_cap`]): no message, message ID or event ID in common, or
/// the only message in common is the code's own (`The system cannot find
/// the file specified.` beside `0x80070002`), which says what the code
/// means, not what the log was doing.
fn honest(index: &KbIndex, searcher: &tantivy::Searcher, hit: &mut Hit) {
    let code_message = hit.same_message && quotes_only_the_codes_message(index, hit);
    if (hit.same_message && !code_message) || hit.shared_signals.iter().any(|t| !t.starts_with("err:")) {
        return;
    }
    if hit.shared_signals.is_empty() && !code_message {
        return;
    }
    let field = index.fields().signals;
    let articles = hit
        .shared_signals
        .iter()
        .map(|t| searcher.doc_freq(&tantivy::Term::from_field_text(field, t)).unwrap_or(0))
        .max()
        .unwrap_or(u64::MAX);
    hit.confidence = hit.confidence.min(code_alone_cap(articles));
}

/// Whether a hit quotes the message itself: word for word, or its template
/// with at least [`VERY_MESSAGE`] similarity.
fn quotes_the_very_message(hit: &Hit) -> bool {
    hit.evidence.iter().any(|e| {
        matches!(e, crate::Evidence::Message { similarity, word_for_word, .. } if *word_for_word || *similarity >= VERY_MESSAGE)
    })
}

/// Whether every message a hit has in common with the entry is the
/// message of the entry's error code, as the index's table of codes gives it.
fn quotes_only_the_codes_message(index: &KbIndex, hit: &Hit) -> bool {
    let Some(code) = hit.code.as_ref().and_then(|c| crate::extract::codes::parse_alone(&c.pasted)) else {
        return false;
    };
    let Some(meaning) = index.code_table().forms(&code).and_then(|f| f.message) else { return false };
    let plain = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let meaning = plain(&meaning);
    let mut messages = hit.evidence.iter().filter_map(|e| match e {
        crate::Evidence::Message { text, .. } => Some(plain(text)),
        _ => None,
    });
    messages.next().is_some_and(|m| m == meaning) && messages.all(|m| m == meaning)
}

/// Where each message stands in the log's failures: for each group, its
/// role and the order it comes in ((strength, place in its failure,
/// latest failure first) — lower first), for the groups that are part of a
/// failure.
pub(super) fn failure_roles(groups: &[Group], cascades: &[Cascade]) -> Roles {
    let novel = |g: usize| groups[g].claimed > 0 && groups[g].claimed >= groups[g].apart;
    let end_of = |c: &Cascade| -> Option<(usize, bool)> {
        let strong = c.points.iter().any(|p| p.2);
        c.points.iter().rev().find(|p| p.2 || !strong).map(|p| (p.0, strong))
    };
    // A message that is the whole story of several failures where nothing
    // says an operation ended is one the log repeats.
    let mut weak_ends: HashMap<usize, usize> = HashMap::new();
    for c in cascades {
        if let Some((g, false)) = end_of(c) {
            *weak_ends.entry(g).or_default() += c.points.iter().filter(|p| p.0 == g).count();
        }
    }
    let mut roles: Roles = HashMap::new();
    let mut offer = |g: usize, role: Role, key: (u8, usize, std::cmp::Reverse<usize>)| {
        let slot = roles.entry(g).or_insert((role, key));
        if key < slot.1 {
            *slot = (role, key);
        }
    };
    for (n, c) in cascades.iter().enumerate() {
        let Some((end, strong)) = end_of(c) else { continue };
        if !strong && weak_ends.get(&end).is_some_and(|&k| k >= RECURRING_FAILURES) {
            continue;
        }
        let tier = u8::from(!strong);
        offer(end, Role::Failed, (tier, 0, std::cmp::Reverse(n)));
        // The problems and failure points before the end, in the log's order:
        // the first one the log does not write elsewhere is the likeliest cause.
        let mut before: Vec<(u64, usize)> =
            c.members.iter().map(|&(g, line)| (line, g)).chain(c.points.iter().map(|p| (p.1, p.0))).collect();
        before.sort_unstable();
        let mut place = 1;
        let mut seen = std::collections::HashSet::new();
        for (_, g) in before {
            if g == end || !novel(g) || !seen.insert(g) {
                continue;
            }
            offer(g, Role::Cause, (tier, place, std::cmp::Reverse(n)));
            place += 1;
        }
    }
    roles
}

/// Where a message stands among the others of its tier: failures and
/// causes in their order, the others by level, likelihood and count.
type Within = (u8, usize, std::cmp::Reverse<usize>);

/// The groups that are part of a failure, with their role and order.
pub(super) type Roles = HashMap<usize, (Role, Within)>;

/// The order of a reported message: its tier, where it stands within it,
/// then the more frequent first.
type OrderKey = (u8, Within, std::cmp::Reverse<u64>);

/// A message as the report lists it: a finding (it has an article) or not.
enum Reported {
    Finding(Finding),
    Unmatched(Unmatched),
}

impl Reported {
    fn first_line(&self) -> u64 {
        match self {
            Reported::Finding(f) => f.first_line,
            Reported::Unmatched(u) => u.first_line,
        }
    }
}

/// Match the distinct messages worth it and sort them into findings and
/// unmatched messages, in the order a person should read them: what
/// failed, what led to it, other problems, routine symptoms and floods,
/// then the noise (see [`Role`]).
pub fn triage(index: &KbIndex, scanner: Scanner, options: &ScanOptions) -> Result<ScanReport> {
    let mut scanner = scanner;
    scanner.settle();
    let Scanner { groups, files, dropped, warnings, timeline, cascades, .. } = scanner;
    let span = timeline.span();
    let roles = failure_roles(&groups, &cascades);
    let counts: Vec<u64> = groups.iter().map(|g| g.count).collect();
    let flooding = floods(&counts);
    let assigned = assign_roles(&groups, &roles, &flooding);
    let chosen = choose_to_match(&groups, &assigned, &flooding);
    let matched = match_chosen(index, &groups, &chosen, options)?;
    let searcher = index.searcher();
    let span_seconds = span.map_or(0, |(a, b)| b - a);
    let mut entries: Vec<(OrderKey, Reported)> = Vec::new();
    for (n, ((group, hits), flood)) in groups.into_iter().zip(matched).zip(flooding).enumerate() {
        let Some(role) = assigned[n] else { continue };
        let seen = Seen { group, hits, flood, role, within: roles.get(&n).map(|(_, key)| *key) };
        entries.extend(report(index, &searcher, &files, seen, span_seconds));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.first_line().cmp(&b.1.first_line())));
    let mut findings = Vec::new();
    let mut unmatched = Vec::new();
    for (rank, (_, e)) in entries.into_iter().enumerate() {
        match e {
            Reported::Finding(mut f) => {
                f.message.rank = rank as u64 + 1;
                findings.push(f);
            }
            Reported::Unmatched(mut u) => {
                u.0.rank = rank as u64 + 1;
                unmatched.push(u);
            }
        }
    }
    Ok(ScanReport {
        lines: files.iter().map(|f| f.lines).sum(),
        entries: files.iter().map(|f| f.entries).sum(),
        findings,
        unmatched,
        files,
        dropped,
        warnings,
        timeline: timeline.timeline(),
    })
}

/// Each group's role: its part in a failure, a problem (or noise: in a log
/// with a failure, a problem it repeats apart from it), routine; none for a
/// quiet failure that is no flood.
fn assign_roles(groups: &[Group], roles: &Roles, flooding: &[bool]) -> Vec<Option<Role>> {
    let has_failure = !roles.is_empty();
    let role_of = |n: usize, g: &Group, flood: bool| -> Option<Role> {
        if let Some((role, _)) = roles.get(&n) {
            return Some(*role);
        }
        if g.class.is_problem() {
            // In a log with a failure, a problem it repeats apart from it is noise.
            let noise = has_failure && g.count >= 2 && g.apart > g.claimed;
            return Some(if noise { Role::Noise } else { Role::Problem });
        }
        if g.class.is_quiet_failure() && !flood {
            return None;
        }
        Some(Role::Routine)
    };
    groups.iter().enumerate().zip(flooding).map(|((n, g), &flood)| role_of(n, g, flood)).collect()
}

/// Which to match: every part of a failure, the most frequent problems,
/// the floods and the most frequent routine messages.
fn choose_to_match(groups: &[Group], assigned: &[Option<Role>], flooding: &[bool]) -> Vec<bool> {
    let mut by_count: Vec<usize> = (0..groups.len()).collect();
    by_count.sort_by(|&a, &b| {
        groups[b]
            .count
            .cmp(&groups[a].count)
            .then(groups[a].places[0].0.cmp(&groups[b].places[0].0))
            .then(groups[a].places[0].1.first_line.cmp(&groups[b].places[0].1.first_line))
    });
    let mut chosen = vec![false; groups.len()];
    let (mut problems, mut routine) = (0, 0);
    for &n in &by_count {
        chosen[n] = match assigned[n] {
            None => false,
            Some(Role::Failed | Role::Cause) => true,
            Some(Role::Problem | Role::Noise) => {
                problems += 1;
                problems <= MAX_MATCHED
            }
            Some(Role::Routine) => {
                routine += 1;
                flooding[n] || (!groups[n].class.is_quiet_failure() && routine <= ROUTINE_MATCHED)
            }
        };
    }
    chosen
}

/// The chosen groups matched, in parallel; the others get no hits.
fn match_chosen(index: &KbIndex, groups: &[Group], chosen: &[bool], options: &ScanOptions) -> Result<Vec<Vec<Hit>>> {
    let search = crate::SearchOptions::default().limit(options.hits.max(1)).settings(options.settings.clone());
    groups
        .par_iter()
        .zip(chosen)
        .map(|(g, &chosen)| {
            if !chosen {
                return Ok(Vec::new());
            }
            match matcher::match_entries(index, vec![g.entry.clone()], &search) {
                Err(Error::EmptyQuery) => Ok(Vec::new()),
                other => other,
            }
        })
        .collect()
}

/// One group as triage saw it: its hits, whether it floods, its role and,
/// for a part of a failure, its order.
struct Seen {
    group: Group,
    hits: Vec<Hit>,
    flood: bool,
    role: Role,
    within: Option<Within>,
}

/// A group as the report lists it, with its order; `None` for a routine
/// message with no article that is no flood.
fn report(
    index: &KbIndex,
    searcher: &tantivy::Searcher,
    files: &[FileRead],
    seen: Seen,
    span_seconds: i64,
) -> Option<(OrderKey, Reported)> {
    let Seen { group, mut hits, flood, role, within } = seen;
    let problem = group.class.is_problem() || matches!(role, Role::Failed | Role::Cause);
    // A message is a finding on the evidence, not on words in common;
    // a routine one only on the very message, not a longer one quoting
    // it among others (a log excerpt whose point is another line).
    hits.retain(|h| is_evidence(&group.entry, problem, h) && (problem || quotes_the_very_message(h)));
    for hit in &mut hits {
        honest(index, searcher, hit);
    }
    if hits.is_empty() && role == Role::Routine && !flood {
        return None;
    }
    let flood = flood.then(|| Flood {
        per_hour: if span_seconds > 0 {
            (group.count as f64 * 3600.0 / span_seconds as f64 * 10.0).round() / 10.0
        } else {
            0.0
        },
        span_seconds,
    });
    let places: Vec<Place> =
        group.places.into_iter().map(|(f, place)| Place { file: files[f].file.clone(), ..place }).collect();
    let event = group.entry.record.then(|| EventKey { source: group.entry.event_source.clone(), id: group.entry.event_id });
    let (first_line, last_line) = (places[0].first_line, places[0].last_line);
    let best = hits.first().map_or(0.0, |h| h.confidence);
    // Failures and causes in their order; then problems, the log's own
    // level first (an error with no article above a warning with one),
    // then the likelier article, then the more frequent.
    let tier = match role {
        Role::Failed | Role::Cause => 0,
        Role::Problem => 1,
        Role::Routine => 2,
        Role::Noise => 3,
    };
    let within = within
        .unwrap_or((u8::MAX - level_rank(group.class), 1000 - (best * 1000.0) as usize, std::cmp::Reverse(0)));
    let key = (tier, within, std::cmp::Reverse(group.count));
    let message = Message {
        template: group.template,
        count: group.count,
        first_line,
        last_line,
        example: group.example,
        level: level_name(group.class).to_string(),
        files: places,
        flood,
        role,
        rank: 0,
        event,
        first_time: group.times.map(|(first, _)| timeline::civil(first)),
        last_time: group.times.map(|(_, last)| timeline::civil(last)),
    };
    let reported = if hits.is_empty() {
        Reported::Unmatched(Unmatched(message))
    } else {
        Reported::Finding(Finding { likely_answer: best >= 0.5, message, hits })
    };
    Some((key, reported))
}

/// The level as an order: the log's error, its warning, words of failure, routine.
fn level_rank(class: logs::Class) -> u8 {
    match class.level {
        Level::Error => 3,
        Level::Warning => 2,
        Level::Routine if class.failure || class.ends => 1,
        Level::Routine => 0,
    }
}

/// Every group of a scanner as a template with its lines, the most
/// frequent first (then by first line).
pub fn templates(scanner: Scanner) -> TemplateReport {
    let mut scanner = scanner;
    scanner.settle();
    let Scanner { groups, files, dropped, .. } = scanner;
    let several = files.len() > 1;
    let mut templates: Vec<Template> = groups
        .into_iter()
        .map(|g| Template {
            level: level_name(g.class).to_string(),
            count: g.count,
            lines: g.lines,
            files: if several {
                g.places.into_iter().map(|(f, place)| Place { file: files[f].file.clone(), ..place }).collect()
            } else {
                Vec::new()
            },
            template: g.template,
        })
        .collect();
    templates.sort_by(|a, b| b.count.cmp(&a.count).then(a.lines.first().cmp(&b.lines.first())));
    TemplateReport {
        lines: files.iter().map(|f| f.lines).sum(),
        entries: files.iter().map(|f| f.entries).sum(),
        templates,
        files,
        dropped,
    }
}
