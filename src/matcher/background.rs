//! The background vocabulary: how many of the archive's 60,000 articles
//! hold each analysed word (`background.tsv`, written by
//! `benches/fit/background.sh` from a full index; the words at least three
//! articles hold). The confidence weighs a question's words by it, so that
//! "the server is slow" says as little on a corpus of ten articles as on
//! the archive ("server" is in a third of the archive's articles), and a
//! question whose words neither the corpus nor the archive knows
//! ("nespresso", "kubernetes") reads as one about something else.
//!
//! Beside it, how many of those articles quote each ID and error code
//! (`background_ids.tsv`: the `event:`, `msg:` and `err:` signal terms, a
//! code in every form and the canonical one, that at least three articles
//! quote): a code common to hundreds of articles (`err:win32:5`, access
//! denied) says as little about which failure it is on a desk's ten
//! articles as on the archive.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// `#articles<TAB>N`, then `word<TAB>articles` lines.
const TABLE: &str = include_str!("background.tsv");

/// The table, read once.
struct Background {
    /// Articles in the archive the table counts.
    articles: f32,
    /// How many of them hold each word.
    counts: FxHashMap<&'static str, u32>,
}

static BACKGROUND: LazyLock<Background> = LazyLock::new(|| parse(TABLE));

/// `#articles<TAB>N`, then `signal term<TAB>articles` lines.
const ID_TABLE: &str = include_str!("background_ids.tsv");

static IDS: LazyLock<Background> = LazyLock::new(|| parse(ID_TABLE));

/// Read the table; a line that is not `word<TAB>count` is left out.
fn parse(table: &'static str) -> Background {
    let mut lines = table.lines();
    let articles = lines
        .next()
        .and_then(|l| l.strip_prefix("#articles\t"))
        .and_then(|n| n.parse::<f32>().ok())
        .unwrap_or(1.0);
    let counts = lines
        .filter_map(|l| l.split_once('\t'))
        .filter_map(|(word, count)| Some((word, count.parse().ok()?)))
        .collect();
    Background { articles, counts }
}

/// Whether the archive knows an analysed word (three articles or more hold it).
pub fn knows(word: &str) -> bool {
    BACKGROUND.counts.contains_key(word)
}

/// How many of the archive's articles hold an analysed word (0 for one the
/// table leaves out: fewer than three hold it).
pub fn count(word: &str) -> u32 {
    BACKGROUND.count(word)
}

/// How many of the archive's articles quote an ID's or error code's signal
/// term (`err:win32:87`, `event:7000`; 0 for one fewer than three quote).
pub fn id_count(term: &str) -> u32 {
    IDS.count(term)
}

/// How rare an ID's or error code's signal term is in the archive, 0..1,
/// as [`rarity`] reckons a word's (1 for one fewer than three articles quote).
pub fn id_rarity(term: &str) -> f32 {
    IDS.rarity(term)
}

/// How rare an analysed word is in the archive, 0..1: its idf over the log
/// of the archive's article count, as a signal's rarity is reckoned
/// ([`super::rarity::signal_rarity`]); 1 for a word the archive does not know.
pub fn rarity(word: &str) -> f32 {
    BACKGROUND.rarity(word)
}

impl Background {
    /// How many articles hold `key`; 0 for one the table leaves out.
    fn count(&self, key: &str) -> u32 {
        self.counts.get(key).copied().unwrap_or(0)
    }

    /// How rare `key` is among the articles (see [`rarity`]); 1 for one the
    /// table leaves out.
    fn rarity(&self, key: &str) -> f32 {
        match self.counts.get(key) {
            Some(&count) => super::rarity::signal_rarity(self.articles, u64::from(count)),
            None => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_counts_the_archives_words() {
        assert!(BACKGROUND.articles >= 60_000.0, "{}", BACKGROUND.articles);
        assert!(BACKGROUND.counts.len() > 40_000, "{}", BACKGROUND.counts.len());
        // Analysed (stemmed, lower-case) words, as the index holds them.
        assert!(knows("server") && knows("slow") && !knows("kubernet") && !knows("nespresso"));
        // "server" is in a third of the archive, "slow" in one article of fifty.
        assert!(rarity("server") < 0.15, "{}", rarity("server"));
        assert!((0.3..0.5).contains(&rarity("slow")), "{}", rarity("slow"));
        assert_eq!(rarity("nespresso"), 1.0);
        assert!(count("server") > 15_000, "{}", count("server"));
        assert_eq!(count("nespresso"), 0);
    }

    #[test]
    fn the_id_table_counts_every_form_of_a_code() {
        assert_eq!(IDS.articles, BACKGROUND.articles);
        // Access denied, in any form, in more than a hundred articles;
        // 0x80070057 as written in 17, as Win32 error 87 (any form) in 42;
        // event 7000 (a service did not start) in 66.
        assert_eq!((id_count("err:win32:5"), id_count("err:0x80070057"), id_count("err:win32:87")), (121, 17, 42));
        assert_eq!((id_count("event:7000"), id_count("err:0x87d00324")), (66, 0));
    }

    #[test]
    fn a_broken_line_is_left_out() {
        let b = parse("#articles\t100\nserver\t10\nnonsense\nslow\tmany\n");
        assert_eq!(b.articles, 100.0);
        assert_eq!(b.counts.into_iter().collect::<Vec<_>>(), vec![("server", 10)]);
    }
}
