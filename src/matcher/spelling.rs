//! Typos in a paste. A word that no article has is most likely misspelt
//! ("Cannot open volmue for driect access"), and so is one a few articles
//! hold where a spelling one edit away is in far more (`retrieve`, with
//! `SPELLING_RARE_ARTICLES`): its spellings one edit away —
//! two neighbours swapped, a letter dropped, added or changed — are stemmed
//! like the index's words; of the likeliest kind of typo that gives a known
//! word, the one most articles use stands in for the typo in every clause
//! (words, phrases, pairs).
//!
//! The edits are made on the word as typed, not on its stem: a typo can
//! change the stem beyond recognition ("initialzie" stems to `initialzi`,
//! "initialize" to `initi`).

use std::collections::HashSet;

use super::weights::{SPELLING_FIRST_LETTER, SPELLING_MAX_LETTERS, SPELLING_MIN_LETTERS};

/// The edits that undo one-letter typing errors, the likeliest error
/// first: two neighbours swapped, a letter dropped, a letter too many, a
/// wrong letter.
const KINDS: [Kind; 4] = [Kind::Swap, Kind::Insert, Kind::Delete, Kind::Replace];

#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Swap two neighbours back.
    Swap,
    /// Put a dropped letter back.
    Insert,
    /// Take an extra letter out.
    Delete,
    /// Change a wrong letter.
    Replace,
}

/// Every spelling one edit of `kind` away from `word` (lower-case ASCII).
fn edits_of(word: &str, kind: Kind) -> Vec<String> {
    let bytes = word.as_bytes();
    let n = bytes.len();
    let mut out: Vec<Vec<u8>> = Vec::new();
    match kind {
        Kind::Swap => {
            for i in 0..n.saturating_sub(1) {
                if bytes[i] != bytes[i + 1] {
                    let mut swapped = bytes.to_vec();
                    swapped.swap(i, i + 1);
                    out.push(swapped);
                }
            }
        }
        Kind::Delete => {
            for i in 0..n {
                let mut deleted = bytes.to_vec();
                deleted.remove(i);
                out.push(deleted);
            }
        }
        Kind::Insert => {
            for i in 0..=n {
                for letter in b'a'..=b'z' {
                    let mut inserted = bytes.to_vec();
                    inserted.insert(i, letter);
                    out.push(inserted);
                }
            }
        }
        Kind::Replace => {
            for i in 0..n {
                for letter in (b'a'..=b'z').filter(|&l| l != bytes[i]) {
                    let mut replaced = bytes.to_vec();
                    replaced[i] = letter;
                    out.push(replaced);
                }
            }
        }
    }
    // Only ASCII letters were spliced into an ASCII word.
    out.into_iter().filter_map(|e| String::from_utf8(e).ok()).collect()
}

/// Whether a correction is into a word much commoner than the typo would
/// be: the word meant is no rare word itself (more than `rare` articles of
/// the corpus hold it, or the archive knows it: a correction into a word one
/// article holds may be into that article's own typo), and the archive
/// holds it `ratio` times as often as the word written (so a real word the
/// corpus lacks, "light", is never read as a neighbour it holds, "right").
/// `written` is the written word's stem, `typed` the word as typed
/// (lower-case); a word the archive does not know counts 0. Two more
/// guards for a written word the archive knows, a real word:
/// - it is never read as its own stem without an ending ("starter" is no
///   typo of "starte", a spelling that stems to `start`): a word derived
///   from another is not misspelt by its ending;
/// - an edit of its first letter needs [`SPELLING_FIRST_LETTER`] times the
///   ratio ("bread" is no "read" with a letter too many): typists seldom
///   get a word's first letter wrong, so a real word that differs there is
///   likelier meant as written.
///
/// A word the archive does not know counts once where the edit is of its
/// first letter: "descale" (not in the archive) is no "escale" (a spelling
/// that stems to `escal`, 16 archive articles), while "xerver" is still
/// "server".
pub fn much_commoner(written: &str, typed: &str, fixed: &Correction, rare: u64, ratio: u64) -> bool {
    let meant_in_archive = u64::from(super::background::count(&fixed.stem));
    let written_in_archive = u64::from(super::background::count(written));
    let not_rare = fixed.doc_freq > rare || meant_in_archive > 0;
    let derived = written_in_archive > 0 && typed.len() > fixed.stem.len() + 1 && typed.starts_with(&fixed.stem);
    let first_letter = typed.bytes().next() != fixed.word.bytes().next();
    let (ratio, written_in_archive) =
        if first_letter { (ratio * SPELLING_FIRST_LETTER, written_in_archive.max(1)) } else { (ratio, written_in_archive) };
    not_rare && !derived && meant_in_archive >= ratio * written_in_archive
}

/// Whether a word is worth correcting: letters only, of a plausible length.
pub fn correctable(word: &str) -> bool {
    (SPELLING_MIN_LETTERS..=SPELLING_MAX_LETTERS).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_lowercase())
}

/// A misspelt word's correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The spelling one edit away that was chosen (`volume`).
    pub word: String,
    /// Its index term (`volum`).
    pub stem: String,
    /// Articles that hold the term.
    pub doc_freq: u64,
}

/// The best correction of a misspelt `word` (lower-case): among its
/// one-edit neighbours of the likeliest kind of typo (see `KINDS`) that
/// gives any word the index knows, the one whose stem is in the most
/// articles; `None` if no neighbour is known. `stem` turns a spelling into
/// an index term, `doc_freq` counts the articles that hold a term. Ties go
/// to the alphabetically first stem, and a stem's spelling is the first
/// edit that gave it, so the answer does not depend on hash order.
pub fn correct(
    word: &str,
    mut stem: impl FnMut(&str) -> Option<String>,
    mut doc_freq: impl FnMut(&str) -> u64,
) -> Option<Correction> {
    if !correctable(word) {
        return None;
    }
    // Stems already looked up: many edits stem alike.
    let mut tried: HashSet<String> = HashSet::new();
    for kind in KINDS {
        let mut best: Option<Correction> = None;
        for candidate in edits_of(word, kind) {
            let Some(term) = stem(&candidate) else { continue };
            if !tried.insert(term.clone()) {
                continue;
            }
            let freq = doc_freq(&term);
            let better = match &best {
                None => freq > 0,
                Some(b) => freq > b.doc_freq || (freq == b.doc_freq && term < b.stem),
            };
            if better {
                best = Some(Correction { word: candidate, stem: term, doc_freq: freq });
            }
        }
        if best.is_some() {
            return best;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{Correction, KINDS, correct, edits_of, much_commoner};

    fn fixed(word: &str, stem: &str, doc_freq: u64) -> Correction {
        Correction { word: word.into(), stem: stem.into(), doc_freq }
    }

    #[test]
    fn a_correction_is_into_a_word_much_commoner_than_the_one_written() {
        // "servr", a word the archive lacks, into "server" (22,316 of its articles).
        assert!(much_commoner("servr", "servr", &fixed("server", "server", 3), 5, 200));
        // "light" (290 archive articles) is a word: "right" (6,837) is not
        // 200 times as common, however few articles a small corpus has.
        assert!(!much_commoner("light", "light", &fixed("right", "right", 3), 5, 200));
        // A word one article holds, unknown to the archive, may be that
        // article's typo ("drupal" read as "drpal").
        assert!(!much_commoner("drupal", "drupal", &fixed("drpal", "drpal", 1), 5, 200));
        // Many articles of the corpus holding it make it a word of its own.
        assert!(much_commoner("drupal", "drupal", &fixed("drpal", "drpal", 6), 5, 200));
        // "adress" (3 archive articles) is "address" (7,984): 2,661 times.
        assert!(much_commoner("adress", "adress", &fixed("address", "address", 1), 5, 200));
    }

    #[test]
    fn a_real_word_is_not_read_as_its_stem_nor_changed_in_its_first_letter() {
        // "starter" (44 archive articles) has "start" (15,583, 354 times as
        // many) one letter away as "starte": the same word with its ending,
        // not a typo.
        assert!(!much_commoner("starter", "starter", &fixed("starte", "start", 1), 5, 200));
        // "bread" (6) is "read" (6,128, 1,021 times) with a first letter too
        // many: not 2,000 times as common.
        assert!(!much_commoner("bread", "bread", &fixed("read", "read", 1), 5, 200));
        // A word the archive does not know is corrected in its first letter
        // ("xerver"), and after it ("sucess", 8 articles, into "success", 3,610).
        assert!(much_commoner("xerver", "xerver", &fixed("server", "server", 1), 5, 200));
        assert!(much_commoner("sucess", "sucess", &fixed("success", "success", 1), 5, 200));
        // Unless the word meant is not 2,000 times as common as a word seen
        // once: "descale" is no "escale" (`escal`, 16 archive articles).
        assert!(!much_commoner("descal", "descale", &fixed("escale", "escal", 1), 5, 200));
    }

    /// Every spelling one edit away from `word`, the likelier kinds of typo first.
    fn edits(word: &str) -> Vec<String> {
        KINDS.iter().flat_map(|&kind| edits_of(word, kind)).collect()
    }

    #[test]
    fn edits_are_deletions_swaps_replacements_and_insertions() {
        let all = edits("abc");
        // 2 swaps, 4 × 26 insertions, 3 deletions, 3 × 25 replacements.
        assert_eq!(all.len(), 2 + 104 + 3 + 75);
        assert_eq!(all[..2], ["bac", "acb"]);
        for expected in ["bc", "ac", "ab", "bac", "acb", "xbc", "abcd", "zabc"] {
            assert!(all.iter().any(|e| e == expected), "{expected} missing");
        }
    }

    #[test]
    fn the_neighbour_most_articles_use_wins() {
        let vocabulary = [("volume", 900), ("volumes", 300), ("volte", 2)];
        let doc_freq = |term: &str| vocabulary.iter().find(|(t, _)| *t == term).map_or(0, |(_, n)| *n);
        let stem = |word: &str| Some(word.to_string());
        let fixed = correct("volumx", stem, doc_freq).unwrap();
        assert_eq!((fixed.word.as_str(), fixed.stem.as_str(), fixed.doc_freq), ("volume", "volume", 900));
        assert_eq!(correct("qqqqqq", stem, doc_freq), None);
        // Too short, or not a plain word: left alone.
        assert_eq!(correct("volu", stem, doc_freq), None);
        assert_eq!(correct("vol2me", stem, doc_freq), None);
    }

    #[test]
    fn a_swap_of_neighbours_beats_a_wrong_letter() {
        // "tiems": swapping i and e gives "times"; changing i to h gives
        // "thems", found in more articles. Swapped letters are the likelier typo.
        let vocabulary = [("them", 5000), ("time", 800)];
        let doc_freq = |term: &str| vocabulary.iter().find(|(t, _)| *t == term).map_or(0, |(_, n)| *n);
        let stem = |word: &str| Some(word.trim_end_matches('s').to_string());
        assert_eq!(correct("tiems", stem, doc_freq).unwrap().word, "times");
    }

    #[test]
    fn the_edit_is_made_before_stemming() {
        // "initialzie" and "initialize" have unrelated stems; the swap that
        // fixes the word is found because candidates are stemmed after it.
        let stem = |word: &str| Some(if word == "initialize" { "initi".to_string() } else { word.to_string() });
        let doc_freq = |term: &str| if term == "initi" { 120 } else { 0 };
        let fixed = correct("initialzie", stem, doc_freq).unwrap();
        assert_eq!((fixed.word.as_str(), fixed.stem.as_str(), fixed.doc_freq), ("initialize", "initi", 120));
    }
}
