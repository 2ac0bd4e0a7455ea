//! The fit behind `src/matcher/associations.tsv`: which words of an article
//! make the archive's authors title it with a word it may not hold itself,
//! learned from the archive's 56,000 titled KB articles with a SYMPTOMS,
//! CAUSE or SUMMARY section.
//!
//! A title is a short description of the problem written by a person; the
//! SYMPTOMS, CAUSE and SUMMARY are the same problem told at length. Read as
//! a translation of one into the other (IBM Model 1: each title word comes
//! from one of the sections' words, or from none; five rounds of
//! expectation-maximisation from a uniform start), the table gives, for a
//! title word `f` and an article word `e`, the chance `t(f|e)` that `e`
//! makes a title say `f`: `hang` from `respond`, `hung`, `freez`; `slow`
//! from `slowli`, `slowdown`; `attach` from `uuencod`. The matcher credits
//! a paste's word that an article lacks when the article holds a word that
//! makes titles say it (see `src/matcher/associations.rs`).
//!
//! ```sh
//! cargo run --release --manifest-path benches/fit/Cargo.toml --bin fit_associations -- target/real-index src/matcher/associations.tsv
//! ```
//!
//! The index is one of the whole archive (see `benches/fit/README.md`).
//! Sequential and ordered, so the same index gives the same file.

use kbmatch::KnowledgeBase;
use kbmatch::index::analysis::SYMPTOM_SECTIONS;
use kbmatch::index::analysis::tokens;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::io::Write;

/// Rounds of expectation-maximisation.
const ROUNDS: usize = 5;
/// Words in more than this share of the titles or sections say nothing
/// about which problem it is, and are left out.
const MAX_SHARE: f32 = 0.1;
/// Fewest articles a title word or section word is in, to be learned.
const MIN_ARTICLES: u32 = 3;
/// Fewest articles a section word is in, to be written to the table: rarer
/// ones take the chances of words seen a handful of times.
const MIN_ARTICLES_WRITTEN: u32 = 20;
/// Least chance written.
const MIN_CHANCE: f32 = 0.05;
/// Most section words written per title word.
const MAX_SOURCES: usize = 20;

/// A word to learn: letters only, three or more (numbers and codes are
/// the signals' business).
fn is_word(w: &str) -> bool {
    w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, index, out] = args.as_slice() else {
        return Err("usage: fit_associations INDEX OUT.tsv".into());
    };
    let kb = KnowledgeBase::open(index)?;
    // (title words, section words) of each article, each list sorted.
    let mut pairs: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    kb.for_each_article(|article| {
        let told: Vec<&str> = article
            .sections
            .iter()
            // The sections that tell the problem: a title's source.
            .filter(|s| SYMPTOM_SECTIONS.contains(&s.name.to_uppercase().as_str()))
            .map(|s| s.text.as_str())
            .collect();
        if told.is_empty() {
            return;
        }
        // The archive's filing prefix (`SMS:`, `Err Msg:`) is no description.
        let title = match article.title.split_once(": ") {
            Some((prefix, rest)) if prefix.len() <= 12 && prefix.split_whitespace().count() <= 2 => rest,
            _ => article.title.as_str(),
        };
        let words = |text: &str| {
            let mut w: Vec<String> = tokens(text).into_iter().map(|(_, t)| t).filter(|t| is_word(t)).collect();
            w.sort();
            w.dedup();
            w
        };
        pairs.push((words(title), words(&told.join("\n"))));
    })?;
    let articles = pairs.len() as f32;
    let mut in_titles: HashMap<&str, u32> = HashMap::default();
    let mut in_sections: HashMap<&str, u32> = HashMap::default();
    for (f, e) in &pairs {
        f.iter().for_each(|w| *in_titles.entry(w).or_default() += 1);
        e.iter().for_each(|w| *in_sections.entry(w).or_default() += 1);
    }
    let learned = |count: u32| count >= MIN_ARTICLES && count as f32 / articles < MAX_SHARE;
    let mut title_words: Vec<&str> = in_titles.iter().filter(|(_, c)| learned(**c)).map(|(w, _)| *w).collect();
    let mut section_words: Vec<&str> = in_sections.iter().filter(|(_, c)| learned(**c)).map(|(w, _)| *w).collect();
    title_words.sort_unstable();
    section_words.sort_unstable();
    let f_id: HashMap<&str, u32> = title_words.iter().enumerate().map(|(i, w)| (*w, i as u32)).collect();
    // Section word ids from 1: 0 is "from none".
    let e_id: HashMap<&str, u32> = section_words.iter().enumerate().map(|(i, w)| (*w, i as u32 + 1)).collect();
    let data: Vec<(Vec<u32>, Vec<u32>)> = pairs
        .iter()
        .map(|(f, e)| {
            let f: Vec<u32> = f.iter().filter_map(|w| f_id.get(w.as_str()).copied()).collect();
            let e: Vec<u32> =
                std::iter::once(0).chain(e.iter().filter_map(|w| e_id.get(w.as_str()).copied())).collect();
            (f, e)
        })
        .filter(|(f, e)| !f.is_empty() && e.len() > 1)
        .collect();
    eprintln!("{} articles, {} title words, {} section words", data.len(), title_words.len(), section_words.len());
    // t(f|e) keyed by (e, f), uniform over the pairs that meet.
    let mut t: HashMap<(u32, u32), f32> = HashMap::default();
    for (f, e) in &data {
        for &e in e {
            for &f in f {
                t.insert((e, f), 1.0);
            }
        }
    }
    for round in 1..=ROUNDS {
        let mut counts: HashMap<(u32, u32), f32> = HashMap::default();
        for (f, e) in &data {
            for &f in f {
                let z: f32 = e.iter().map(|&e| t[&(e, f)]).sum();
                for &e in e {
                    *counts.entry((e, f)).or_default() += t[&(e, f)] / z;
                }
            }
        }
        let mut totals: HashMap<u32, f32> = HashMap::default();
        for (&(e, _), &c) in &counts {
            *totals.entry(e).or_default() += c;
        }
        for (key, value) in t.iter_mut() {
            *value = counts.get(key).copied().unwrap_or(0.0) / totals[&key.0].max(1e-9);
        }
        eprintln!("round {round} of {ROUNDS}");
    }
    // Per title word, the section words that make titles say it, likeliest first.
    let mut sources: BTreeMap<&str, Vec<(f32, &str)>> = BTreeMap::new();
    for (&(e, f), &chance) in &t {
        let (e, f) = (section_words.get((e as usize).wrapping_sub(1)), title_words[f as usize]);
        if let Some(&e) = e
            && chance >= MIN_CHANCE
            && in_sections[e] >= MIN_ARTICLES_WRITTEN
            && e != f
        {
            sources.entry(f).or_default().push((chance, e));
        }
    }
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    writeln!(file, "# title word\tsection words that make a title say it, with t(title word | section word)")?;
    writeln!(file, "# written by benches/fit/src/bin/fit_associations.rs; see benches/fit/README.md")?;
    for (f, mut list) in sources {
        list.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        list.truncate(MAX_SOURCES);
        let cells: Vec<String> = list.iter().map(|(chance, e)| format!("{e}:{chance:.3}")).collect();
        writeln!(file, "{f}\t{}", cells.join(" "))?;
    }
    Ok(())
}
