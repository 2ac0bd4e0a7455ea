//! Whether a list item is an instruction ("Click", "On the File menu,
//! click Save", "If it is running, quit it") or a statement of fact ("The
//! client is moved"). The words are data files beside this one.
use std::sync::LazyLock;

/// The words of a list file: one a line, `#` lines are comments.
fn word_list(text: &'static str) -> Vec<&'static str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

/// Verbs that open an instruction.
static VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| word_list(include_str!("verbs.txt")));

/// Adverbs that may come straight before the verb ("First send", "Then
/// click").
static ADVERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| word_list(include_str!("adverbs.txt")));

/// Words that open an instruction's leading phrase ("On the File menu,
/// click Save"; "If it is running, quit it").
static LEADERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| word_list(include_str!("leaders.txt")));

pub(super) fn first_word(s: &str) -> String {
    s.split_whitespace()
        .next()
        .unwrap_or("")
        .trim_start_matches(['"', '\'', '(', '[', '*', '`'])
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// The item opens with a verb, or with a leading phrase followed by a verb
/// (`In Control Panel, double-click`, `If it is running, quit it`).
pub(super) fn is_instruction(item: &str) -> bool {
    // An upper-case item is a topic title ("COMPLETE BASEBALL DISPLAY").
    let letters = item.chars().take(80).filter(|c| c.is_alphabetic());
    if letters.clone().count() > 3 && letters.clone().all(char::is_uppercase) {
        return false;
    }
    let w = first_word(item);
    if VERBS.contains(&w.as_str()) {
        return true;
    }
    if ADVERBS.contains(&w.as_str()) {
        let second = item.split_whitespace().nth(1).map(first_word).unwrap_or_default();
        if VERBS.contains(&second.as_str()) {
            return true;
        }
    }
    if !LEADERS.contains(&w.as_str()) && !ADVERBS.contains(&w.as_str()) {
        return false;
    }
    // Look at what follows each comma in the first sentence.
    let sentence = item.split(". ").next().unwrap_or(item);
    sentence.split(',').skip(1).any(|part| {
        let verb =
            part.split_whitespace().find(|w| !matches!(*w, "and" | "then" | "or")).map(first_word).unwrap_or_default();
        VERBS.contains(&verb.as_str())
    })
}

/// Words that open a statement of fact rather than an instruction.
pub(super) const STATEMENT_OPENERS: &[&str] = &[
    "the", "a", "an", "this", "these", "that", "those", "it", "its", "they", "there", "each", "all", "some", "many",
    "most", "he", "she", "we", "his", "her", "their", "our", "no", "one", "both",
];

pub(super) fn is_statement(item: &str) -> bool {
    STATEMENT_OPENERS.contains(&first_word(item).as_str())
}
