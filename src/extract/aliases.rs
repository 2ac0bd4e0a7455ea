//! Other spellings a text's words go by, so that a paste and an article that
//! name one thing two ways still meet:
//!
//! - initials of capitalised names: "Data Protection Manager" and
//!   `DataProtectionManager` are also `dpm`, "Visual Studio Authoring
//!   Extension" is also `vsae`;
//! - hyphenated words written as one: "snap-in" is also `snapin`.
//!
//! The index adds an article's aliases to its body; the matcher adds a
//! paste's aliases to its words. Both sides use this one function.

use crate::article::Article;
use rustc_hash::FxHashSet;

/// Fewest and most initials in an acronym: two letters are too ambiguous
/// ("PS", "MP"), more than five are rarely written.
const ACRONYM_LETTERS: std::ops::RangeInclusive<usize> = 3..=5;

/// The aliases of a text, lower-case, de-duplicated, in order of first use.
pub fn aliases(text: &str) -> Vec<String> {
    aliases_of_all([text])
}

/// The aliases of an article: of its title and each of its sections.
pub fn of_article(article: &Article) -> Vec<String> {
    aliases_of_all(std::iter::once(article.title.as_str()).chain(article.sections.iter().map(|s| s.text.as_str())))
}

/// The aliases of several texts (a name never runs from one into the next).
fn aliases_of_all<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Aliases seen: the short ones (every acronym) packed into a number, so
    // that the thousands of repeats in a long article cost a cheap lookup.
    let mut short: FxHashSet<u64> = FxHashSet::default();
    let mut long: FxHashSet<String> = FxHashSet::default();
    let mut push = |alias: &str| {
        let new = match packed(alias) {
            Some(key) => short.insert(key),
            None => !long.contains(alias) && long.insert(alias.to_owned()),
        };
        if new {
            out.push(alias.to_owned());
        }
    };
    for text in texts {
        aliases_into(text, &mut push);
    }
    out
}

/// A string of at most seven bytes as one number (its bytes and length).
fn packed(alias: &str) -> Option<u64> {
    let bytes = alias.as_bytes();
    (bytes.len() <= 7).then(|| bytes.iter().fold(bytes.len() as u64, |key, &b| (key << 8) | u64::from(b)))
}

/// Bytes that make up words: ASCII letters, digits and hyphens. Names and
/// their initials are ASCII; a curly apostrophe ends a word ("Manager’s").
const WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'-';
        b += 1;
    }
    table
};

fn aliases_into(text: &str, push: &mut impl FnMut(&str)) {
    let bytes = text.as_bytes();
    // Initials of the current run of capitalised words (and word humps).
    let mut initials: Vec<u8> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let mut hyphenated = false;
        while let Some(&b) = bytes.get(at)
            && WORD_BYTE[usize::from(b)]
        {
            hyphenated |= b == b'-';
            at += 1;
        }
        let word = if hyphenated { text[start..at].trim_matches('-') } else { &text[start..at] };
        let gap_start = at;
        while let Some(&b) = bytes.get(at)
            && !WORD_BYTE[usize::from(b)]
        {
            at += 1;
        }
        let gap = &bytes[gap_start..at];

        let before = initials.len();
        if push_humps(word, &mut initials) {
            // A word of several humps (`DataProtectionManager`) is a name in
            // itself.
            if initials.len() - before > 1 {
                acronyms_of(&initials[before..], push);
            }
        } else {
            acronyms_of(&initials, push);
            initials.clear();
        }
        // Anything but spaces between two words ends the run: "Server,
        // Manager", "Microsoft.PowerShell".
        if !gap.iter().all(u8::is_ascii_whitespace) {
            acronyms_of(&initials, push);
            initials.clear();
        }
        if hyphenated && let Some(joined) = joined_hyphenation(word) {
            push(&joined);
        }
    }
    acronyms_of(&initials, push);
}

/// Add the lower-case first letters of a capitalised word's humps
/// (`PowerShell` -> p, s; `Manager` -> m). False, adding nothing, for any
/// other word: lower-case words, numbers, all-capital words such as `NT`
/// or `SMS` (acronyms already).
fn push_humps(word: &str, initials: &mut Vec<u8>) -> bool {
    let bytes = word.as_bytes();
    let capitalised = bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes.iter().all(u8::is_ascii_alphabetic)
        && bytes.iter().any(u8::is_ascii_lowercase);
    if !capitalised {
        return false;
    }
    initials.push(bytes[0].to_ascii_lowercase());
    for pair in bytes.windows(2) {
        if pair[0].is_ascii_lowercase() && pair[1].is_ascii_uppercase() {
            initials.push(pair[1].to_ascii_lowercase());
        }
    }
    true
}

/// Every acronym of consecutive initials with an allowed number of letters.
fn acronyms_of(initials: &[u8], push: &mut impl FnMut(&str)) {
    for start in 0..initials.len() {
        for len in ACRONYM_LETTERS {
            if let Some(run) = initials.get(start..start + len) {
                // Initials are ASCII letters.
                push(std::str::from_utf8(run).unwrap_or_default());
            }
        }
    }
}

/// `snap-in` -> `snapin`, `Add-On` -> `addon`: two or three words of
/// letters joined by hyphens. Command names (`Get-SCOMAlert`) and longer
/// chains are not compounds.
fn joined_hyphenation(word: &str) -> Option<String> {
    let parts: Vec<&str> = word.split('-').collect();
    let plain_word =
        |p: &&str| !p.is_empty() && p.chars().all(char::is_alphabetic) && !p.chars().skip(1).any(char::is_uppercase);
    let compound = (2..=3).contains(&parts.len()) && parts.iter().all(plain_word);
    compound.then(|| parts.concat().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::aliases;

    #[test]
    fn names_give_their_initials() {
        assert_eq!(aliases("install Data Protection Manager now"), ["dpm"]);
        assert_eq!(aliases("the Data Protection Manager’s agent"), ["dpm"]);
        assert_eq!(aliases("written with Visual Studio Authoring Extension."), ["vsa", "vsae", "sae"]);
    }

    #[test]
    fn a_camel_case_identifier_is_a_name() {
        assert_eq!(aliases("snap-in 'Microsoft.DataProtectionManager.PowerShell'"), ["snapin", "dpm"]);
    }

    #[test]
    fn punctuation_and_lower_case_words_end_a_name() {
        assert!(aliases("Open Site Status, Component Status.").iter().all(|a| a.len() == 3));
        assert_eq!(aliases("Open Site Status, Component Status."), ["oss"]);
        assert!(aliases("the site server is down").is_empty());
    }

    #[test]
    fn all_capital_words_and_commands_are_left_alone() {
        assert!(aliases("SMS NT WMI").is_empty());
        assert!(aliases("run Get-SCOMAlert -Name x").is_empty());
        assert!(aliases("a 32-bit app").is_empty());
    }
}
