//! Citations: the articles a ticket's text names as what fixed it, in the
//! forms service desks write them. Each is a key the index resolves at
//! build time (see `index::links`):
//!
//! - `kb:<n>`: a KB number — `Q219324`, `KB219324`, `KB 219324`, `KB#219324`,
//!   `per MS article 219324`, `Knowledge Base article ID 219324`, a support
//!   URL (`support.microsoft.com/kb/219324`, `...?kbid=219324`,
//!   `...scid=kb;en-us;219324`, `.../help/219324/...`), a ServiceNow
//!   knowledge article `KB0012345` (its number without the zeros in front,
//!   as the merge key of an article named so);
//! - `path:<path>`: a runbook's file (`runbooks/exchange/restart-store.md`),
//!   `/` separators, resolved by its last folders and name;
//! - `title:<title>`: a runbook named by its title in quotes after the word
//!   runbook, article or document (`runbook "Restart the store"`), lower case.
use regex::Regex;
use std::sync::LazyLock;

/// `Q219324`, `KB219324`, `KB 219324`, `KB#219324`, `KB: 219324`,
/// `kb0012345`: a KB number after its prefix, 5 to 8 digits.
static KB_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^a-z0-9/=;])(?:kb\s?[#:-]?\s?|q)(\d{5,8})(?:$|[^0-9])").expect("static regex")
});

/// `article 219324`, `MS article 72242`, `Knowledge Base article ID 219324`,
/// `KB article no. 219324`: a number after the word article.
static ARTICLE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\barticles?\s*(?:id|no\.?|number|#)?\s*[:#]?\s*(?:q|kb)?(\d{5,8})\b").expect("static regex")
});

/// A Microsoft support URL naming an article: `support.microsoft.com/kb/N`,
/// `?kbid=N`, `scid=kb;en-us;N`, `/help/N`, `/default.aspx?id=N`.
static SUPPORT_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:support|learn|docs)\.microsoft\.com/\S*?(?:kb/|kbid=|kb;[a-z-]+;|help/|[?&]id=|/kb)(?:q|kb)?(\d{5,8})\b",
    )
    .expect("static regex")
});

/// A runbook's file: a path of at least one folder, or a file name, ending
/// in a document's extension.
static RUNBOOK_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[\s(\[<'\x22\\/])((?:[a-z0-9_.-]+[/\\])*[a-z0-9_.-]+\.(?:md|markdown|txt|docx|pdf|html?))\b")
        .expect("static regex")
});

/// A runbook named by its title: `runbook "Restart the store"`,
/// `KB article 'Reset the spooler'`, `document “...”`.
static RUNBOOK_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:runbook|article|document|procedure|kb)\s*:?\s*["'“‘]([^"'”’\n]{4,120})["'”’]"#)
        .expect("static regex")
});

/// The citations of a ticket's texts (every field), each key once, in the
/// order first met.
pub fn of_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut push = |key: String| {
        if !keys.contains(&key) {
            keys.push(key);
        }
    };
    for text in texts {
        for re in [&*SUPPORT_URL, &*KB_NUMBER, &*ARTICLE_NUMBER] {
            for caps in re.captures_iter(text) {
                if let Some(n) = caps.get(1).and_then(|m| m.as_str().parse::<u64>().ok()).filter(|&n| n > 0) {
                    push(format!("kb:{n}"));
                }
            }
        }
        for caps in RUNBOOK_PATH.captures_iter(text) {
            let path = caps[1].replace('\\', "/");
            // A version (`6.5.txt` is none) or a host name is no file.
            if path.contains('/') || path.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
                push(format!("path:{path}"));
            }
        }
        for caps in RUNBOOK_TITLE.captures_iter(text) {
            push(format!("title:{}", caps[1].split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()));
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::of_texts;

    fn cites(text: &str) -> Vec<String> {
        of_texts([text])
    }

    #[test]
    fn every_form_of_a_kb_number_is_one_key() {
        for text in [
            "Fixed per Q219324.",
            "applied KB219324 workaround",
            "fixed with KB 219324 workaround.",
            "see KB#219324",
            "per MS article 219324",
            "Microsoft Knowledge Base article ID 219324 explains it",
            "see http://support.microsoft.com/kb/219324 for details",
            "https://support.microsoft.com/default.aspx?scid=kb;en-us;219324",
            "http://support.microsoft.com/?kbid=219324",
            "https://support.microsoft.com/en-us/help/219324/some-title",
        ] {
            assert_eq!(cites(text), ["kb:219324"], "{text}");
        }
    }

    #[test]
    fn a_servicenow_knowledge_article_is_its_number() {
        assert_eq!(cites("Resolved using KB0012345."), ["kb:12345"]);
    }

    #[test]
    fn numbers_that_are_no_article_are_not_cited() {
        for text in [
            "error 3355445011 on start",
            "service specific error 0x80070005",
            "INC0012345 reopened",
            "build 2195.6 of the server, 219324 bytes free",
            "Exchange agent 2.0, ARCserve 6.5",
        ] {
            assert!(cites(text).is_empty(), "{text}: {:?}", cites(text));
        }
    }

    #[test]
    fn a_runbook_by_path_or_title() {
        assert_eq!(cites("Followed runbooks/Exchange/restart-store.md, fixed."), ["path:runbooks/Exchange/restart-store.md"]);
        assert_eq!(cites(r"see \\share\runbooks\vpn.docx"), ["path:share/runbooks/vpn.docx"]);
        assert_eq!(cites("Followed runbook \"Restart the  Store\" step 3"), ["title:restart the store"]);
    }
}
