//! The archive's analysed words with the forms its articles write them in,
//! for `benches/fit/distill.py`: a stem such as `configur` means nothing to
//! a sentence encoder, while "configure" and "configuration" do.
//!
//! ```sh
//! cargo run --release --manifest-path benches/fit/Cargo.toml --bin word_forms -- target/real-index target/fit/word_forms.tsv
//! ```
//!
//! The first line is `#articles<TAB>N`; then one line per analysed word
//! (as the index and the matcher read it: lower-cased, stemmed),
//! `word<TAB>articles<TAB>form:count,form:count,...`: how many articles
//! hold the word, then its written forms, lower-cased, the most written
//! first (at most `FORMS`), each with how often the archive writes it. In
//! the order of the words, so the same index gives the same file.

use kbmatch::KnowledgeBase;
use kbmatch::index::analysis::{for_each_token, unstemmed_tokens};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;

/// Most written forms kept per word.
const FORMS: usize = 4;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, index, out] = args.as_slice() else {
        return Err("usage: word_forms INDEX OUT.tsv".into());
    };
    let kb = KnowledgeBase::open(index)?;
    // Each written form (lower-cased) -> its analysed word; None when the
    // analyser keeps nothing of it.
    let mut stem_of: HashMap<String, Option<String>> = HashMap::new();
    let mut articles_of: BTreeMap<String, u64> = BTreeMap::new();
    let mut forms_of: HashMap<String, HashMap<String, u64>> = HashMap::new();
    let mut articles = 0u64;
    kb.for_each_article(|article| {
        articles += 1;
        let mut held: HashSet<String> = HashSet::new();
        let texts = std::iter::once(article.title.as_str())
            .chain(article.sections.iter().map(|s| s.text.as_str()))
            .chain(article.query_words.iter().map(String::as_str));
        for text in texts {
            for (_, written) in unstemmed_tokens(text) {
                let form = written.to_lowercase();
                let stem = stem_of
                    .entry(form.clone())
                    .or_insert_with(|| {
                        let mut stem = None;
                        for_each_token(&form, |token| {
                            stem = Some(token.to_string());
                            false
                        });
                        stem
                    })
                    .clone();
                let Some(stem) = stem else { continue };
                *forms_of.entry(stem.clone()).or_default().entry(form).or_default() += 1;
                held.insert(stem);
            }
        }
        for stem in held {
            *articles_of.entry(stem).or_default() += 1;
        }
    })?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    writeln!(file, "#articles\t{articles}")?;
    for (stem, count) in articles_of {
        let mut forms: Vec<(&String, &u64)> = forms_of[&stem].iter().collect();
        forms.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let forms: Vec<String> = forms.iter().take(FORMS).map(|(form, n)| format!("{form}:{n}")).collect();
        writeln!(file, "{stem}\t{count}\t{}", forms.join(","))?;
    }
    Ok(())
}
