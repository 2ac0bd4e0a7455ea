//! What no article answers: the questions of ticket exports, feedback
//! files, the server's question log (`serve --log-questions`) or a plain
//! list whose first hit (among articles, tickets aside) is under the
//! confidence of a likely answer, grouped by the rarer content words they
//! share (not those the answered questions use as often), and by meaning
//! where the sentence model is on, largest group
//! first: what the desk should write next. The search is the caller's
//! (`KnowledgeBase::gaps`).
//!
//! Groups are made by average link, not single link: a question joins a
//! group when it is about the same thing as at least half of its members,
//! so a question that shares two words with each of two groups chains
//! them into one no more.
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
/// (or their one, where each has only one): a question with one topic word
/// ("my emails") is not about everything that names it.
const SHARED_TOPIC_WORDS: usize = 2;
/// Two questions are about one thing, with the sentence model on, when
/// the cosine of their vectors is at least this.
const MEANING_TOGETHER: f32 = 0.6;
/// A topic word of the unanswered questions is one that at least this
/// share of the questions holding it leave unanswered (a prior: a word
/// the answered questions use as often says nothing about what is
/// missing).
const GAP_SHARE: f32 = 0.5;
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
    /// What the questions were grouped by: `words`, or `words and
    /// meaning` where the sentence model is on.
    pub grouped_by: String,
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

/// The unanswered questions' topic words (`open`: their positions among
/// `distinct`), each word kept where at least [`GAP_SHARE`] of the
/// questions holding it are unanswered: the words a desk's callers use of
/// every problem ("fine", "says", "anything", a site's name), answered or
/// not, group nothing.
fn gap_words(distinct: &[(String, usize)], open: &[usize]) -> Vec<BTreeMap<String, String>> {
    let all: Vec<BTreeMap<String, String>> = distinct.iter().map(|(q, _)| topic_words(q)).collect();
    let mut held: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut is_open = vec![false; distinct.len()];
    open.iter().for_each(|&i| is_open[i] = true);
    for (i, words) in all.iter().enumerate() {
        for stem in words.keys() {
            let (unanswered, total) = held.entry(stem).or_default();
            *unanswered += usize::from(is_open[i]);
            *total += 1;
        }
    }
    let kept = |stem: &str| held.get(stem).is_some_and(|&(u, t)| u as f32 >= GAP_SHARE * t as f32);
    open.iter()
        .map(|&i| all[i].iter().filter(|(w, _)| kept(w)).map(|(w, s)| (w.clone(), s.clone())).collect())
        .collect()
}

/// Whether two questions' topic words make them one group.
fn together(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> bool {
    let need = SHARED_TOPIC_WORDS.min(a.len().max(b.len())).max(1);
    !a.is_empty() && a.keys().filter(|w| b.contains_key(*w)).count() >= need
}

/// Each question's neighbours: the others it is about the same thing as,
/// by its topic words, or, where `vectors` are given (the sentence model
/// is on), by meaning as well.
fn neighbours(words: &[BTreeMap<String, String>], vectors: Option<&[Vec<f32>]>) -> Vec<Vec<usize>> {
    let n = words.len();
    let mut near = vec![Vec::new(); n];
    for a in 0..n {
        for b in a + 1..n {
            let alike = vectors.is_some_and(|v| crate::encoder::cosine(&v[a], &v[b]) >= MEANING_TOGETHER);
            if alike || together(&words[a], &words[b]) {
                near[a].push(b);
                near[b].push(a);
            }
        }
    }
    near
}

/// Questions grouped so that one question about two things chains no two
/// groups together (as single link would): the questions with the most
/// neighbours first, each joins the group it is near to at least half
/// the members of (the nearest such), else starts one (average link over
/// a yes-or-no likeness).
fn group(near: &[Vec<usize>], asked: &[usize]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..near.len()).collect();
    order.sort_by(|&x, &y| near[y].len().cmp(&near[x].len()).then(asked[y].cmp(&asked[x])).then(x.cmp(&y)));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: Vec<Option<usize>> = vec![None; near.len()];
    for q in order {
        let mut tally: BTreeMap<usize, usize> = BTreeMap::new();
        for &other in &near[q] {
            if let Some(g) = group_of[other] {
                *tally.entry(g).or_default() += 1;
            }
        }
        // The group with the largest share of members near, ties to the
        // larger tally, then the older group.
        let best = tally
            .into_iter()
            .filter(|&(g, n)| 2 * n >= groups[g].len())
            .max_by(|&(ga, na), &(gb, nb)| {
                (na * groups[gb].len()).cmp(&(nb * groups[ga].len())).then(na.cmp(&nb)).then(gb.cmp(&ga))
            })
            .map(|(g, _)| g);
        let g = best.unwrap_or_else(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(q);
        group_of[q] = Some(g);
    }
    groups
}

/// How questions are encoded when the sentence model is on: each text's
/// vector of length one.
pub type Encode<'a> = &'a (dyn Fn(&[&str]) -> Result<Vec<Vec<f32>>> + Sync);

/// The report over the files' questions, each given to `first_hit` once
/// however often it was asked; a question is unanswered when its first
/// hit's confidence is under `likely`. With `encode` (the sentence model),
/// questions alike in meaning are grouped as well as those that share
/// their rarer words.
pub fn report(
    paths: &[PathBuf],
    likely: f64,
    first_hit: impl Fn(&str) -> Option<Hit> + Sync,
    encode: Option<Encode<'_>>,
) -> Result<GapsReport> {
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
    let words = gap_words(&distinct, &open);
    let vectors = match encode {
        Some(encode) => Some(encode(&open.iter().map(|&i| distinct[i].0.as_str()).collect::<Vec<_>>())?),
        None => None,
    };
    let near = neighbours(&words, vectors.as_deref());
    let counts: Vec<usize> = open.iter().map(|&i| distinct[i].1).collect();
    let mut groups: Vec<GapGroup> = group(&near, &counts)
        .into_iter()
        .map(|members| {
            let count = members.iter().map(|&a| counts[a]).sum();
            // By stem, shown as first written.
            let mut shared: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
            for &a in &members {
                for (stem, shown) in &words[a] {
                    shared.entry(stem).or_insert((0, shown)).0 += counts[a];
                }
            }
            let mut named: Vec<(&str, usize)> = shared.into_values().map(|(n, shown)| (shown, n)).collect();
            named.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
            let mut by_asked = members.clone();
            by_asked.sort_by(|&x, &y| counts[y].cmp(&counts[x]).then(x.cmp(&y)));
            GapGroup {
                count,
                words: named.into_iter().take(GROUP_WORDS).map(|(w, _)| w.to_string()).collect(),
                examples: by_asked.iter().take(EXAMPLES).map(|&a| distinct[open[a]].0.clone()).collect(),
                closest: closest(members.iter().filter_map(|&a| firsts[open[a]].as_ref())),
            }
        })
        .collect();
    groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.examples.cmp(&b.examples)));
    let by = if vectors.is_some() { "words and meaning" } else { "words" };
    Ok(GapsReport {
        questions: total,
        unanswered: groups.iter().map(|g| g.count).sum(),
        grouped_by: by.into(),
        groups,
        warnings,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up word the archive does not know (so a topic word), from a seed.
    fn word(mut seed: u64) -> String {
        const SYLLABLES: [&str; 16] =
            ["ka", "vo", "lu", "mi", "zar", "pe", "tok", "ri", "sun", "ga", "bel", "fo", "nix", "da", "qu", "wem"];
        let mut w = String::new();
        for _ in 0..3 {
            w.push_str(SYLLABLES[(seed % 16) as usize]);
            seed /= 16;
        }
        w
    }

    /// The groups of `questions` as lists of their indices, largest first.
    fn groups_of(questions: &[String], single_link: bool) -> Vec<Vec<usize>> {
        let words: Vec<_> = questions.iter().map(|q| topic_words(q)).collect();
        let near = neighbours(&words, None);
        let mut groups = if single_link {
            // Connected components: what the first version did.
            let mut seen = vec![false; near.len()];
            let mut groups = Vec::new();
            for start in 0..near.len() {
                if seen[start] {
                    continue;
                }
                let (mut group, mut todo) = (Vec::new(), vec![start]);
                seen[start] = true;
                while let Some(q) = todo.pop() {
                    group.push(q);
                    for &o in &near[q] {
                        if !seen[o] {
                            seen[o] = true;
                            todo.push(o);
                        }
                    }
                }
                groups.push(group);
            }
            groups
        } else {
            group(&near, &vec![1; near.len()])
        };
        for g in &mut groups {
            g.sort_unstable();
        }
        groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        groups
    }

    #[test]
    fn a_word_the_answered_questions_use_as_often_is_no_topic_word() {
        let (x, y, talk) = (word(7), word(8), word(9));
        let asked = |questions: &[String]| questions.iter().map(|q| (q.clone(), 1)).collect::<Vec<_>>();
        let open = [format!("{x} {talk}"), format!("{y} {talk}")];
        let answered = |n: usize| (0..n).map(|k| format!("{} {talk}", word(20 + k as u64))).collect::<Vec<_>>();
        let topics = |n: usize| {
            let distinct = asked(&[open.to_vec(), answered(n)].concat());
            let sorted = |w: BTreeMap<String, String>| {
                let mut w: Vec<String> = w.into_values().collect();
                w.sort();
                w
            };
            gap_words(&distinct, &[0, 1]).into_iter().map(sorted).collect::<Vec<Vec<String>>>()
        };
        // Two of three questions holding it unanswered: a topic word.
        let both = |a: &String| {
            let mut v = vec![a.clone(), talk.clone()];
            v.sort();
            v
        };
        assert_eq!(topics(1), [both(&x), both(&y)]);
        // Two of five: the callers' word for everything, not what is missing.
        assert_eq!(topics(3), [vec![x], vec![y]]);
    }

    #[test]
    fn a_question_with_one_topic_word_joins_only_questions_with_one() {
        let (a, b, c) = (word(11), word(12), word(13));
        let questions: Vec<String> = vec![
            format!("my {a} again"),
            format!("{a} {b} {c} after the update"),
            format!("the {a} {b} {c} fails"),
            format!("{a} please"),
        ];
        assert_eq!(groups_of(&questions, false), [vec![0, 3], vec![1, 2]]);
    }

    #[test]
    fn one_question_about_two_things_chains_no_two_groups() {
        let (a, b) = (format!("{} {}", word(1), word(2)), format!("{} {}", word(3), word(4)));
        let questions: Vec<String> = vec![
            format!("the {a} fails at logon"),
            format!("{a} shows a blank window"),
            format!("why does {a} hang"),
            format!("{b} prints nothing"),
            format!("{b} loses the settings"),
            format!("{a} and {b} after the update"),
        ];
        // Single link: the last question joins all six.
        assert_eq!(groups_of(&questions, true), [vec![0, 1, 2, 3, 4, 5]]);
        // Average link: it joins one group, the other stays apart.
        assert_eq!(groups_of(&questions, false), [vec![0, 1, 2, 5], vec![3, 4]]);
    }

    /// Generated topics (five made-up words each; a question takes three
    /// of its topic's and two common words) with one question in ten
    /// about two topics: the share of the single-topic questions whose
    /// group's most common topic is their own, and the groups made.
    fn purity(single_link: bool) -> (f64, usize) {
        const TOPICS: u64 = 12;
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut questions = Vec::new();
        let mut topic = Vec::new();
        for n in 0..240 {
            let t = next() % TOPICS;
            let mut picked: Vec<String> = Vec::new();
            let topics: Vec<u64> =
                if n % 10 == 9 { vec![t, (t + 1 + next() % (TOPICS - 1)) % TOPICS] } else { vec![t] };
            let take = if topics.len() == 1 { 3 } else { 2 };
            for &t in &topics {
                let mut ws: Vec<u64> = (0..5).collect();
                for _ in 0..take {
                    let k = ws.remove((next() % ws.len() as u64) as usize);
                    picked.push(word(100 + t * 5 + k));
                }
            }
            questions.push(format!("the {} does not work again", picked.join(" ")));
            topic.push((topics.len() == 1).then_some(t));
        }
        let groups = groups_of(&questions, single_link);
        let (mut right, mut total) = (0, 0);
        for g in &groups {
            let mut tally: BTreeMap<u64, usize> = BTreeMap::new();
            for &q in g {
                if let Some(t) = topic[q] {
                    *tally.entry(t).or_default() += 1;
                }
            }
            right += tally.values().max().copied().unwrap_or(0);
            total += tally.values().sum::<usize>();
        }
        (right as f64 / total as f64, groups.len())
    }

    #[test]
    fn average_link_keeps_generated_topics_apart_where_single_link_chains_them() {
        let (single, single_groups) = purity(true);
        let (average, average_groups) = purity(false);
        // Single link: one group of all twelve topics. Average link: no
        // group mixes two topics, though some topics are split (a question
        // shares two words with only some of its topic's).
        assert_eq!((format!("{single:.3}"), single_groups), ("0.111".to_string(), 1));
        assert_eq!((format!("{average:.3}"), average_groups), ("1.000".to_string(), 31));
    }
}
