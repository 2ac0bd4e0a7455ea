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

/// Fewest and most initials in an acronym: two letters are too ambiguous
/// ("PS", "MP"), more than five are rarely written.
const ACRONYM_LETTERS: std::ops::RangeInclusive<usize> = 3..=5;

/// The aliases of a text, lower-case, de-duplicated, in order of first use.
pub fn aliases(text: &str) -> Vec<String> {
    aliases_of_all([text])
}

/// The aliases of several texts (a name never runs from one into the next).
pub fn aliases_of_all<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |alias: String| {
        if seen.insert(alias.clone()) {
            out.push(alias);
        }
    };
    for text in texts {
        aliases_into(text, &mut push);
    }
    out
}

fn aliases_into(text: &str, push: &mut impl FnMut(String)) {
    // Initials of the current run of capitalised words (and word humps).
    let mut initials: Vec<char> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let word_end = rest.find(|c: char| !(c.is_alphanumeric() || c == '-')).unwrap_or(rest.len());
        let word = rest[..word_end].trim_matches('-');
        rest = &rest[word_end..];
        let gap_end = rest.find(|c: char| c.is_alphanumeric() || c == '-').unwrap_or(rest.len());
        let gap = &rest[..gap_end];
        rest = &rest[gap_end..];

        let humps = capitalised_humps(word);
        if humps.is_empty() {
            acronyms_of(&initials, push);
            initials.clear();
        } else {
            // A word of several humps (`DataProtectionManager`) is a name in
            // itself.
            let own: Vec<char> = humps.iter().map(|h| h.to_ascii_lowercase()).collect();
            if own.len() > 1 {
                acronyms_of(&own, push);
            }
            initials.extend(own);
        }
        // Anything but spaces between two words ends the run: "Server,
        // Manager", "Microsoft.PowerShell".
        if !gap.chars().all(char::is_whitespace) {
            acronyms_of(&initials, push);
            initials.clear();
        }
        if let Some(joined) = joined_hyphenation(word) {
            push(joined);
        }
    }
    acronyms_of(&initials, push);
}

/// The first letters of a capitalised word's humps (`PowerShell` -> P, S;
/// `Manager` -> M); empty for anything else (lower-case words, numbers,
/// all-capital words such as `NT` or `SMS`, which are acronyms already).
fn capitalised_humps(word: &str) -> Vec<char> {
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return Vec::new() };
    if !first.is_ascii_uppercase() || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return Vec::new();
    }
    if !word.chars().any(|c| c.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut humps = vec![first];
    let mut previous_lower = false;
    for c in chars {
        if c.is_ascii_uppercase() && previous_lower {
            humps.push(c);
        }
        previous_lower = c.is_ascii_lowercase();
    }
    humps
}

/// Every acronym of consecutive initials with an allowed number of letters.
fn acronyms_of(initials: &[char], push: &mut impl FnMut(String)) {
    for start in 0..initials.len() {
        for len in ACRONYM_LETTERS {
            if let Some(run) = initials.get(start..start + len) {
                push(run.iter().collect::<String>().to_ascii_lowercase());
            }
        }
    }
}

/// `snap-in` -> `snapin`, `Add-On` -> `addon`: two or three words of
/// letters joined by hyphens. Command names (`Get-SCOMAlert`) and longer
/// chains are not compounds.
fn joined_hyphenation(word: &str) -> Option<String> {
    let parts: Vec<&str> = word.split('-').collect();
    let plain_word = |p: &&str| !p.is_empty() && p.chars().all(char::is_alphabetic) && !p.chars().skip(1).any(char::is_uppercase);
    let compound = (2..=3).contains(&parts.len()) && parts.iter().all(plain_word);
    compound.then(|| parts.concat().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::aliases;

    #[test]
    fn names_give_their_initials() {
        assert_eq!(aliases("install Data Protection Manager now"), ["dpm"]);
        assert_eq!(
            aliases("written with Visual Studio Authoring Extension."),
            ["vsa", "vsae", "sae"]
        );
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
