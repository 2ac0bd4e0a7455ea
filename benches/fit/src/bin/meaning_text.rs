//! The text behind `src/index/meaning.bin`: each article of an index as
//! the matcher's analyser reads it (lower-cased, stemmed words), for
//! `benches/fit/fit_meaning.py` to learn from.
//!
//! ```sh
//! cargo run --release --manifest-path benches/fit/Cargo.toml --bin meaning_text -- target/real-index target/fit/meaning_text.tsv
//! ```
//!
//! One line per article, tab-separated: the id, the title as written, then
//! the analysed words the index makes its vector of
//! ([`kbmatch::index::meaning::article_words`]: the title's, the
//! description's), and those of the authors' additional query words.
//! Ordered as the index stores them, so the same index gives the same file.

use kbmatch::KnowledgeBase;
use kbmatch::index::analysis::tokens;
use kbmatch::index::meaning::article_words;
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, index, out] = args.as_slice() else {
        return Err("usage: meaning_text INDEX OUT.tsv".into());
    };
    let kb = KnowledgeBase::open(index)?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    let words = |text: &str| tokens(text).into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(" ");
    let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut written = Ok(());
    kb.for_each_article(|article| {
        if written.is_err() {
            return;
        }
        let (title, described) = article_words(&article);
        written = writeln!(
            file,
            "{}\t{}\t{}\t{}\t{}",
            article.id,
            one_line(&article.title),
            title.join(" "),
            described.join(" "),
            words(&article.query_words.join(" ")),
        );
    })?;
    written?;
    Ok(())
}
