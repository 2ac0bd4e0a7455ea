//! Words a person uses for a problem that the article about it may not
//! hold: "hangs" where the article says "stops responding", "slow" where it
//! says "performance degrades", "attachment" where it says "uuencoded".
//! Learned from the archive itself, titles against the sections that tell
//! the problem (`benches/fit/src/bin/fit_associations.rs` writes `associations.tsv`;
//! `benches/fit/README.md` says how and what it gained): for a title word,
//! the article words that make the archive's authors title an article
//! with it, each with that chance.
//!
//! Re-ranking only ([`super::rank`]): a paste's word that a candidate lacks
//! earns the best chance among the words it holds that make titles say it.
//! Searching the associated words would bring in articles on those words
//! alone; among candidates the paste's own words found, they only say which
//! one is about what the paste describes.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// The table: `title word \t section word:chance ...`, `#` comments.
const TABLE_TSV: &str = include_str!("associations.tsv");

/// Title word (an analysed token) -> the section words that make titles
/// say it, with the chance, likeliest first.
static TABLE: LazyLock<FxHashMap<&'static str, Vec<(&'static str, f32)>>> = LazyLock::new(|| parse(TABLE_TSV));

fn parse(text: &str) -> FxHashMap<&str, Vec<(&str, f32)>> {
    let mut table = FxHashMap::default();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((word, sources)) = line.split_once('\t') else { continue };
        let sources: Vec<(&str, f32)> = sources
            .split(' ')
            .filter_map(|cell| {
                let (source, chance) = cell.rsplit_once(':')?;
                Some((source, chance.parse().ok()?))
            })
            .collect();
        if !sources.is_empty() {
            table.insert(word, sources);
        }
    }
    table
}

/// The article words that make titles say `token` (an analysed token),
/// with their chances; empty for a word the archive taught nothing about.
pub fn sources(token: &str) -> &'static [(&'static str, f32)] {
    TABLE.get(token).map(Vec::as_slice).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_words_chances_and_skips_comments() {
        let table = parse("# comment\nhang\trespond:0.376 hung:0.352\nbad line\nslow\tslower:x\n");
        assert_eq!(table.len(), 1);
        assert_eq!(table["hang"], [("respond", 0.376), ("hung", 0.352)]);
    }

    #[test]
    fn the_archive_taught_that_hanging_is_not_responding() {
        // Facts of the committed table (rewritten by the fit): what an
        // article says for a word a person uses.
        let hang: Vec<&str> = sources("hang").iter().map(|(w, _)| *w).collect();
        assert!(hang.starts_with(&["respond", "hung", "freez"]), "{hang:?}");
        assert!(sources("slow").iter().any(|(w, _)| *w == "slowli"));
        assert!(sources("unknownword").is_empty());
        assert!(TABLE.len() > 1000, "{}", TABLE.len());
    }
}
