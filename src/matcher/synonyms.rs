//! Support-desk words and the words KB articles use for the same thing.
//! A person writes "blank", "acct" or "pegs the CPU"; the article says
//! "empty", "account" and "100 percent CPU usage". Each group lists words
//! that may stand for one another; a query word also searches its group's
//! other words, at a lower weight.

use crate::index::analysis::tokens;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Groups of interchangeable words and phrases (a phrase expands to its words).
const GROUPS: &[&[&str]] = &[
    &["blank", "empty"],
    &["hang", "hangs", "hung", "freeze", "freezes", "frozen", "stop responding", "unresponsive"],
    &["crash", "crashes", "unexpectedly quits", "access violation", "fault"],
    &["garbled", "corrupt", "corrupted", "broken", "incorrect characters"],
    &["acct", "account"],
    &["pwd", "passwd", "password"],
    &["admin", "administrator"],
    &["adverts", "advert", "ads", "advertisement"],
    &["config", "configuration"],
    &["db", "database"],
    &["dp", "distribution point"],
    &["machine", "machines", "computer", "workstation", "box", "pc"],
    &["app", "apps", "application"],
    &["prog", "program"],
    &["dir", "directory", "folder"],
    &["msg", "message"],
    &["sw", "software"],
    &["hw", "hardware"],
    &["inv", "inventory"],
    &["hinv", "hardware inventory"],
    &["sinv", "software inventory"],
    &["pegs", "pegging", "pegged", "100 percent", "high cpu"],
    &["reboot", "restart", "rebooted", "restarted"],
    &["slow", "slowly", "performance", "delay"],
    &["missing", "not appear", "disappear", "lost"],
    &["win95", "windows 95"],
    &["win98", "windows 98"],
    &["win2k", "windows 2000"],
    &["16-bit", "win 3.1", "windows 3.1", "windows for workgroups"],
    &["pkg", "package"],
    &["svc", "service"],
    &["creds", "credentials"],
    &["repl", "replication"],
    &["perms", "permissions"],
    &["mem", "ram", "memory"],
    &["dup", "duplicate", "duplicates"],
    &["err", "error"],
    &["wkst", "workstation"],
    &["sql", "sql server"],
    &["dbcs", "double-byte"],
    &["prompt", "command window", "command prompt"],
    &["resend", "resent", "retry", "retries"],
    &["pcm", "package command manager"],
    &["sccm", "configmgr", "configuration manager"],
    &["scom", "opsmgr", "operations manager"],
    &["ad", "active directory"],
    &["gpo", "group policy"],
    &["vm", "virtual machine"],
    &["bsod", "bluescreen", "blue screen", "stop error"],
    &["login", "logon"],
    &["logout", "logoff"],
    &["dc", "domain controller"],
    &["gc", "global catalog"],
    &["ou", "organizational unit"],
    &["ie", "internet explorer"],
    &["os", "operating system"],
    &["cpu", "processor"],
    &["hdd", "hard disk", "hard drive"],
    &["nic", "network adapter", "network card"],
    &["iis", "internet information server", "internet information services"],
    &["wmi", "windows management instrumentation"],
    &["ras", "remote access"],
    &["vpn", "virtual private network"],
    &["av", "antivirus", "virus scanner"],
    &["fw", "firewall"],
    &["email", "e-mail", "mail"],
    &["auth", "authentication"],
    &["perf", "performance"],
    &["util", "utility"],
    &["exch", "exchange"],
    &["nt4", "windows nt 4.0"],
    &["timeout", "timed out"],
    &["uninstall", "uninstalled", "remove", "removed"],
];

/// Stemmed word -> the stemmed words of its groups (itself excluded).
static EXPANSIONS: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for group in GROUPS {
        let analysed: Vec<Vec<String>> =
            group.iter().map(|phrase| tokens(phrase).into_iter().map(|(_, t)| t).collect()).collect();
        for (i, phrase) in analysed.iter().enumerate() {
            // Only one-word entries are looked up: a phrase in a query is
            // already matched word by word.
            let [word] = phrase.as_slice() else { continue };
            let others = map.entry(word.clone()).or_default();
            for (j, other) in analysed.iter().enumerate() {
                if i != j {
                    others.extend(other.iter().filter(|t| *t != word).cloned());
                }
            }
            others.sort();
            others.dedup();
        }
    }
    map
});

/// The other words a query word may stand for (analysed tokens).
pub fn expand(token: &str) -> &[String] {
    EXPANSIONS.get(token).map(Vec::as_slice).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn abbreviations_expand_to_the_words_articles_use() {
        assert_eq!(expand("acct"), ["account"]);
        assert!(expand("blank").contains(&"empti".to_string()));
        assert!(expand("advert").contains(&"advertis".to_string()));
        assert!(expand("unknownword").is_empty());
        // Desk shorthand for what the articles spell out.
        assert_eq!(expand("bsod"), ["blue", "bluescreen", "error", "screen", "stop"]);
        assert_eq!(expand("dc"), ["control", "domain"]);
        assert_eq!(expand("login"), ["logon"]);
    }
}
