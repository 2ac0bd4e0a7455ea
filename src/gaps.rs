//! What no article answers: the questions of ticket exports, feedback
//! files, the server's question log (`serve --log-questions`) or a plain
//! list whose first hit (among articles, tickets aside) is under the
//! confidence of a likely answer, grouped by the content words they share,
//! largest group first: what the desk should write next. The search is
//! the caller's (`KnowledgeBase::gaps`).
use crate::article::ArticleKind;
use crate::error::{Error, Result};
use crate::index::analysis::{tokens, unstemmed_tokens};
use crate::ingest::{ReadOptions, read_file};
use crate::matcher::Hit;
use crate::matcher::background::rarity;
use crate::matcher::function_words::tells_something;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A word is a topic word when the archive finds it at least this rare
/// ([`rarity`], 0..1): "error" or "computer" group nothing.
const TOPIC_RARITY: f32 = 0.35;
/// Two questions are about one thing when they share this many topic words
/// (or all of the shorter one's, where it has fewer).
const SHARED_TOPIC_WORDS: usize = 2;
/// Examples shown per group.
const EXAMPLES: usize = 3;
/// Words named per group.
const GROUP_WORDS: usize = 4;

/// The report of `kbmatch gaps`.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct GapsReport {
    /// Questions read (repeats counted).
    pub questions: usize,
    /// Questions whose first hit is no likely answer (or that found none).
    pub unanswered: usize,
    /// The unanswered questions grouped, largest group first.
    pub groups: Vec<GapGroup>,
    /// Files or lines that could not be read, each with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Unanswered questions about one thing.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct GapGroup {
    /// How many questions (repeats counted).
    pub count: usize,
    /// The words most of them share, most shared first.
    pub words: Vec<String>,
    /// Up to three of the questions, as asked.
    pub examples: Vec<String>,
    /// The article their first hits name most often, with the best
    /// confidence it got: the closest there is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closest: Option<Closest>,
}

/// The closest article of a group.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Closest {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The best confidence it was given.
    pub confidence: f64,
}

/// The questions of a file: each ticket's title and problem (a ticket
/// export or a feedback file), else each line's `query`, `q`, `paste` or
/// `question` (a JSON Lines log), else each non-empty line (a list).
pub fn questions_of(path: &Path, warnings: &mut Vec<String>) -> Result<Vec<String>> {
    let root = path.parent().unwrap_or(Path::new(""));
    if let Ok(read) = read_file(path, root, &ReadOptions::default())
        && read.documents.iter().all(|d| d.kind == ArticleKind::Ticket)
    {
        warnings.extend(read.skipped_rows.iter().map(|r| format!("{}: {r}", path.display())));
        return Ok(read
            .documents
            .iter()
            .map(|d| crate::index::links::problem_text(&crate::extract::searchable(d, Vec::new())))
            .collect());
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = crate::ingest::decode::decode_text(&bytes);
    let mut questions = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with('{') {
            let value: Option<serde_json::Value> = serde_json::from_str(line).ok();
            let asked = value.as_ref().and_then(|v| {
                ["query", "q", "paste", "question"].iter().find_map(|k| v.get(k).and_then(|q| q.as_str()))
            });
            match asked {
                Some(q) => questions.push(q.to_string()),
                None => warnings.push(format!("{}: a line is no question: {}", path.display(), short(line))),
            }
        } else {
            questions.push(line.to_string());
        }
    }
    Ok(questions)
}

fn short(line: &str) -> String {
    let cut: String = line.chars().take(60).collect();
    if cut.len() < line.len() { format!("{cut}...") } else { cut }
}

/// A question's topic words: its analysed content words the archive finds
/// rare enough, each with the word as written (lower case).
fn topic_words(question: &str) -> BTreeMap<String, String> {
    let written: BTreeMap<usize, String> = unstemmed_tokens(question).into_iter().collect();
    tokens(question)
        .into_iter()
        .filter(|(_, w)| tells_something(w) && rarity(w) >= TOPIC_RARITY)
        .map(|(at, w)| {
            let shown = written.get(&at).map_or_else(|| w.clone(), |s| s.to_lowercase());
            (w, shown)
        })
        .collect()
}

/// Whether two questions' topic words make them one group.
fn together(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> bool {
    let need = SHARED_TOPIC_WORDS.min(a.len()).min(b.len()).max(1);
    a.keys().filter(|w| b.contains_key(*w)).count() >= need
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The report over the files' questions, each given to `first_hit` once
/// however often it was asked; a question is unanswered when its first
/// hit's confidence is under `likely`.
pub fn report(paths: &[PathBuf], likely: f64, first_hit: impl Fn(&str) -> Option<Hit> + Sync) -> Result<GapsReport> {
    let mut warnings = Vec::new();
    let mut asked: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    for path in paths {
        for question in questions_of(path, &mut warnings)? {
            let question = question.split_whitespace().collect::<Vec<_>>().join(" ");
            if !question.is_empty() {
                total += 1;
                *asked.entry(question).or_default() += 1;
            }
        }
    }
    let distinct: Vec<(String, usize)> = asked.into_iter().collect();
    let firsts: Vec<Option<Hit>> = distinct.par_iter().map(|(q, _)| first_hit(q)).collect();
    let open: Vec<usize> =
        (0..distinct.len()).filter(|&i| firsts[i].as_ref().is_none_or(|h| h.confidence < likely)).collect();
    let words: Vec<BTreeMap<String, String>> = open.iter().map(|&i| topic_words(&distinct[i].0)).collect();
    let mut parent: Vec<usize> = (0..open.len()).collect();
    for a in 0..open.len() {
        for b in a + 1..open.len() {
            if !words[a].is_empty() && together(&words[a], &words[b]) {
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                parent[rb] = ra;
            }
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for a in 0..open.len() {
        let root = find(&mut parent, a);
        members.entry(root).or_default().push(a);
    }
    let mut groups: Vec<GapGroup> = members
        .into_values()
        .map(|group| {
            let count = group.iter().map(|&a| distinct[open[a]].1).sum();
            // By stem, shown as first written.
            let mut shared: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
            for &a in &group {
                for (stem, shown) in &words[a] {
                    shared.entry(stem).or_insert((0, shown)).0 += distinct[open[a]].1;
                }
            }
            let mut named: Vec<(&str, usize)> = shared.into_values().map(|(n, shown)| (shown, n)).collect();
            named.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
            let mut by_asked = group.clone();
            by_asked.sort_by(|&x, &y| distinct[open[y]].1.cmp(&distinct[open[x]].1).then(x.cmp(&y)));
            GapGroup {
                count,
                words: named.into_iter().take(GROUP_WORDS).map(|(w, _)| w.to_string()).collect(),
                examples: by_asked.iter().take(EXAMPLES).map(|&a| distinct[open[a]].0.clone()).collect(),
                closest: closest(group.iter().filter_map(|&a| firsts[open[a]].as_ref())),
            }
        })
        .collect();
    groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.examples.cmp(&b.examples)));
    Ok(GapsReport { questions: total, unanswered: groups.iter().map(|g| g.count).sum(), groups, warnings })
}

/// The article named most often among first hits, with its best confidence.
fn closest<'a>(hits: impl Iterator<Item = &'a Hit>) -> Option<Closest> {
    let mut seen: BTreeMap<&str, (usize, &Hit)> = BTreeMap::new();
    for hit in hits {
        let entry = seen.entry(&hit.id).or_insert((0, hit));
        entry.0 += 1;
        if hit.confidence > entry.1.confidence {
            entry.1 = hit;
        }
    }
    let (_, (_, hit)) = seen.into_iter().max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))?;
    Some(Closest { id: hit.id.clone(), title: hit.title.clone(), confidence: hit.confidence })
}
