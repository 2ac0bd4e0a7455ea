//! The archive's vocabulary behind `src/matcher/background.tsv`: how many
//! articles of an index hold each analysed word (title, sections and the
//! authors' additional query words), for `benches/fit/background.sh` to
//! turn into the background rarity the confidence weighs; and each ID's
//! and error code's signal terms (`event:7031`, `err:0x80070057`,
//! `err:win32:87`), for their background specificity
//! (`src/matcher/background_ids.tsv`).
//!
//! ```sh
//! cargo run --release --manifest-path benches/fit/Cargo.toml --bin vocabulary -- target/real-index target/fit/vocabulary.tsv target/fit/ids.tsv
//! ```
//!
//! The first line is `#articles<TAB>N`; then one line per word,
//! `word<TAB>articles`, in the order of the words, so the same index gives
//! the same file.

use kbmatch::KnowledgeBase;
use kbmatch::index::analysis::for_each_token;
use kbmatch::index::document::signal_terms;
use kbmatch::matcher::retrieve::is_id_term;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, index, out, ids_out] = args.as_slice() else {
        return Err("usage: vocabulary INDEX WORDS.tsv IDS.tsv".into());
    };
    let kb = KnowledgeBase::open(index)?;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut ids: BTreeMap<String, u64> = BTreeMap::new();
    let mut articles = 0u64;
    kb.for_each_article(|article| {
        articles += 1;
        let mut words: HashSet<String> = HashSet::new();
        let texts = std::iter::once(article.title.as_str())
            .chain(article.sections.iter().map(|s| s.text.as_str()))
            .chain(article.query_words.iter().map(String::as_str));
        for text in texts {
            for_each_token(text, |word| {
                if !words.contains(word) {
                    words.insert(word.to_string());
                }
                true
            });
        }
        for word in words {
            *counts.entry(word).or_default() += 1;
        }
        for term in signal_terms(&article.signals).into_iter().filter(|t| is_id_term(t)) {
            *ids.entry(term).or_default() += 1;
        }
    })?;
    write_counts(out, articles, &counts)?;
    write_counts(ids_out, articles, &ids)?;
    Ok(())
}

/// `#articles<TAB>N`, then `key<TAB>articles` a line, in the keys' order.
fn write_counts(path: &str, articles: u64, counts: &BTreeMap<String, u64>) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(file, "#articles\t{articles}")?;
    for (key, count) in counts {
        writeln!(file, "{key}\t{count}")?;
    }
    file.flush()
}
