//! What an article applies to, as product-and-version mentions, and the
//! mentions a text makes of them ("Windows 11", "Exchange 2019", "SQL
//! Server 2016", "NT 4.0 SP4", "sccm 2012 sp1", "2003 server").
//!
//! An article's mentions come from its metadata: the archive's
//! `Product(s)` with its `Version(s)`, a modern article's `Applies to` and
//! `Original product version` (the version inside the name), a blog post's
//! categories. A text's mentions (a paste, a title) are read with the
//! vocabulary those make: the product words and versions the corpus writes,
//! so nothing here lists products by hand.
//!
//! A mention is the name's words (without `Microsoft`, without what
//! follows `for`: "Word for Windows" is Word), its initials when the name
//! has three words or more (`sccm`, `iis`), and one version: the first
//! number, `.0` dropped (`4.0` is `4`), with `R2` kept (`2012 r2`);
//! service packs and updates (`SP1`, `CU8`) are left out.

/// One product and version: `windows server` `2012 r2`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mention {
    /// The name's words, lower case, in order (the first is its head).
    pub words: Vec<String>,
    /// The initials of a name of three words or more (`sccm`), or empty.
    pub initials: String,
    /// The version, normalised (`4`, `3.51`, `2012 r2`, `11`).
    pub version: String,
}

/// Words of a product name that name no product.
const NOT_NAMES: [&str; 10] = ["microsoft", "all", "editions", "edition", "version", "versions", "and", "the", "based", "of"];

impl Mention {
    /// The index term of a mention: `words|version|initials`.
    pub fn term(&self) -> String {
        format!("{}|{}|{}", self.words.join(" "), self.version, self.initials)
    }

    /// A mention read back from its [`Mention::term`].
    pub fn from_term(term: &str) -> Option<Mention> {
        if term.starts_with(FROM_TEXT) {
            return None;
        }
        let mut parts = term.split('|');
        let words: Vec<String> = parts.next()?.split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
        let version = parts.next()?.to_string();
        let initials = parts.next().unwrap_or("").to_string();
        (!words.is_empty() && !version.is_empty()).then_some(Mention { words, initials, version })
    }

    /// Whether this mention (a paste's) names the product `other` (an
    /// article's) whatever the version: each of its words is one of the
    /// other's words or its initials. "server 2003" names "windows server
    /// 2003"; "sql server 2016" does not name "windows server 2016".
    pub fn names(&self, other: &Mention) -> bool {
        self.words.iter().all(|w| other.words.contains(w) || *w == other.initials)
    }

    /// Whether this mention (a paste's) is of the version `other` applies
    /// to: the same, or one the other is a release of (`2012` for `2012 r2`).
    pub fn same_version(&self, other: &Mention) -> bool {
        other.version == self.version
            || other.version.strip_prefix(self.version.as_str()).is_some_and(|rest| rest.starts_with(' '))
    }
}

/// The mentions of one product name as metadata writes it, with the
/// versions listed beside it (the archive's `Version(s)`) when the name
/// holds none.
pub fn of_product(name: &str, versions: &[String]) -> Vec<Mention> {
    let all = tokens(name);
    // "Word for Windows", "Windows 10 - all editions" (the dash is gone as
    // a token): the product is what comes before `for`.
    let name_tokens: Vec<&str> = all.iter().map(String::as_str).take_while(|t| *t != "for").collect();
    let mut words: Vec<String> = Vec::new();
    let mut own: Vec<String> = Vec::new();
    let mut i = 0;
    while i < name_tokens.len() {
        let t = name_tokens[i];
        if let Some(v) = version_of(t) {
            let r2 = name_tokens.get(i + 1).is_some_and(|n| *n == "r2");
            own.push(if r2 { format!("{v} r2") } else { v });
            i += 1 + usize::from(r2);
            continue;
        }
        if is_word(t) && !NOT_NAMES.contains(&t) && !is_update(t) {
            words.push(t.to_string());
        }
        i += 1;
    }
    if words.is_empty() {
        return Vec::new();
    }
    let initials: String =
        if words.len() >= 3 { words.iter().filter_map(|w| w.chars().next()).collect() } else { String::new() };
    let listed: Vec<String> = versions.iter().flat_map(|v| tokens(v)).filter_map(|t| version_of(&t)).collect();
    let versions = if own.is_empty() { listed } else { own };
    let mut out: Vec<Mention> = versions
        .into_iter()
        .map(|version| Mention { words: words.clone(), initials: initials.clone(), version })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The mentions of what an article applies to: each product with the
/// versions its name holds, else with those the article lists beside
/// (every product with every version: the archive does not say which goes
/// with which), and a blog post's categories.
pub fn of_article(article: &crate::article::Article) -> Vec<Mention> {
    let mut out: Vec<Mention> = article
        .products
        .iter()
        .flat_map(|p| of_product(p, &article.versions))
        .chain(article.categories.iter().flat_map(|c| of_product(c, &[])))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Most bytes of an article's summary read for the versions it names.
const SUMMARY_BYTES: usize = 1000;

/// The versions an article's title and summary name, as [`FROM_TEXT`]
/// terms ("Logon scripts don't run ... on a Windows 8.1-based computer"):
/// metadata often lists a later product than the one the text is about.
pub fn of_article_text(article: &crate::article::Article) -> Vec<String> {
    let summary = article.sections.iter().find(|s| s.name.eq_ignore_ascii_case("summary")).map_or("", |s| {
        &s.text[..s.text.floor_char_boundary(SUMMARY_BYTES)]
    });
    let mut terms = unresolved_in_text(&article.title);
    for term in unresolved_in_text(summary) {
        if !terms.contains(&term) {
            terms.push(term);
        }
    }
    terms
}

/// What the corpus knows of products: which words name them and which
/// versions each word comes with.
pub trait Vocabulary {
    /// Whether `word` (lower case) is a word of a product name.
    fn is_product_word(&self, word: &str) -> bool;
    /// Whether some product named with `word` has the version `version`.
    fn has_version(&self, word: &str, version: &str) -> bool;
}

/// Most name words read before a version ("microsoft system center
/// configuration manager 2012").
const MOST_WORDS_BEFORE: usize = 4;
/// Most name words read after a version that has none before it ("2003 server").
const MOST_WORDS_AFTER: usize = 2;

/// The product-and-version mentions of a text (a paste, a title): a
/// version right after product words ("Windows 11", "sccm 2012 sp1") or,
/// with none before it, right before them ("2003 server"); each a version
/// the corpus knows with those words.
pub fn in_text(text: &str, vocabulary: &impl Vocabulary) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    for mention in unresolved_in_text(text).iter().filter_map(|m| resolve(m, vocabulary)) {
        if !out.contains(&mention) {
            out.push(mention);
        }
    }
    out
}

/// Prefix of the term of a mention read from an article's text rather
/// than its metadata: `~words before|version|words after`, kept until a
/// search reads it with the corpus's vocabulary ([`resolve`]), which the
/// index does not know while it reads one article.
pub const FROM_TEXT: char = '~';

/// Every version of a text with the words around it, as [`FROM_TEXT`]
/// terms: up to [`MOST_WORDS_BEFORE`] words right before it and
/// [`MOST_WORDS_AFTER`] right after (an `R2` kept with the version, an
/// update after it skipped).
pub fn unresolved_in_text(text: &str) -> Vec<String> {
    let tokens = tokens(text);
    let mut out: Vec<String> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let Some(version) = version_of(token) else { continue };
        let mut before: Vec<&str> = Vec::new();
        let mut j = i;
        while j > 0 && before.len() < MOST_WORDS_BEFORE && is_word(&tokens[j - 1]) {
            before.insert(0, &tokens[j - 1]);
            j -= 1;
        }
        let r2 = tokens.get(i + 1).is_some_and(|n| n == "r2");
        let mut next = i + 1 + usize::from(r2);
        // An update named after the version is not part of the product.
        while tokens.get(next).is_some_and(|t| is_update(t)) {
            next += 1;
        }
        let after: Vec<&str> =
            tokens[next.min(tokens.len())..].iter().take_while(|t| is_word(t)).take(MOST_WORDS_AFTER).map(String::as_str).collect();
        if before.is_empty() && after.is_empty() {
            continue;
        }
        let version = if r2 { format!("{version} r2") } else { version };
        let term = format!("{FROM_TEXT}{}|{version}|{}", before.join(" "), after.join(" "));
        if !out.contains(&term) {
            out.push(term);
        }
    }
    out
}

/// A [`FROM_TEXT`] term read with the corpus's vocabulary: the product
/// words right before the version (`microsoft` skipped), or with none
/// there, right after it; a mention only if the corpus knows the version
/// with one of them.
pub fn resolve(term: &str, vocabulary: &impl Vocabulary) -> Option<Mention> {
    let mut parts = term.strip_prefix(FROM_TEXT)?.split('|');
    let (before, version, after) = (parts.next()?, parts.next()?, parts.next()?);
    let named = |t: &&str| *t != "microsoft" && vocabulary.is_product_word(t);
    let mut words: Vec<String> = Vec::new();
    for word in before.split(' ').filter(|w| !w.is_empty()).rev() {
        if named(&word) {
            words.insert(0, word.to_string());
        } else if word != "microsoft" {
            break;
        }
    }
    if words.is_empty() {
        words = after.split(' ').filter(|w| !w.is_empty()).take_while(named).map(String::from).collect();
    }
    (!words.is_empty() && words.iter().any(|w| vocabulary.has_version(w, version)))
        .then(|| Mention { words, initials: String::new(), version: version.to_string() })
}

/// A text's tokens, lower case: letters and digits, a dot kept inside a
/// number (`8.1`), letters and the digits after them apart (`windows10`).
fn tokens(text: &str) -> Vec<String> {
    let is_number = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == '.');
    let mut out = Vec::new();
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '.')) {
        let lower = raw.trim_matches('.').to_lowercase();
        if lower.is_empty() {
            continue;
        }
        if is_number(&lower) {
            out.push(lower);
            continue;
        }
        // `windows10`: a word of three letters or more and a version together.
        let at = lower.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
        if at >= 3 && lower[..at].chars().all(char::is_alphabetic) && is_number(&lower[at..]) {
            out.push(lower[..at].to_string());
            out.push(lower[at..].to_string());
            continue;
        }
        // `smsexec.exe`: a dot between words separates them.
        out.extend(lower.split('.').filter(|p| !p.is_empty()).map(String::from));
    }
    out
}

/// A word of a name: letters (and digits after them, `nt4`), not a number.
fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_alphabetic) && !token.contains('.')
}

/// A service pack or update named after a version (`sp4`, `cu8`, `rtm`).
fn is_update(token: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    token == "rtm" || token.strip_prefix("sp").is_some_and(digits) || token.strip_prefix("cu").is_some_and(digits)
}

/// A version as the mentions hold it: a number of at most four digits,
/// with parts after a dot, trailing `.0` parts dropped (`4.00` is `4`).
fn version_of(token: &str) -> Option<String> {
    let mut parts: Vec<&str> = token.split('.').collect();
    if parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) || parts[0].len() > 4 {
        return None;
    }
    while parts.len() > 1 && parts.last().is_some_and(|p| p.chars().all(|c| c == '0')) {
        parts.pop();
    }
    Some(parts.iter().map(|p| if p.len() > 1 { p.trim_start_matches('0') } else { p }).collect::<Vec<_>>().join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(words: &str, version: &str, initials: &str) -> Mention {
        Mention { words: words.split(' ').map(String::from).collect(), initials: initials.into(), version: version.into() }
    }

    #[test]
    fn a_product_name_gives_its_words_and_versions() {
        assert_eq!(of_product("Windows Server 2012 R2", &[]), [mention("windows server", "2012 r2", "")]);
        assert_eq!(of_product("Windows 10 - all editions", &[]), [mention("windows", "10", "")]);
        assert_eq!(of_product("Microsoft Windows NT", &["4.0".into()]), [mention("windows nt", "4", "")]);
        assert_eq!(
            of_product("Internet Information Server", &["1.0 3.51".into()]),
            [mention("internet information server", "1", "iis"), mention("internet information server", "3.51", "iis")]
        );
        assert_eq!(
            of_product("Microsoft System Center 2012 Configuration Manager", &[]),
            [mention("system center configuration manager", "2012", "sccm")]
        );
        // What follows `for` is the platform, not the product.
        assert_eq!(of_product("Microsoft Word 97 for Windows", &[]), [mention("word", "97", "")]);
        // A product without a version applies to all of them: no mention.
        assert_eq!(of_product("Configuration Manager (current branch)", &[]), []);
    }

    struct Known;
    impl Vocabulary for Known {
        fn is_product_word(&self, word: &str) -> bool {
            ["windows", "server", "nt", "exchange", "sccm", "sql", "system", "center"].contains(&word)
        }
        fn has_version(&self, word: &str, version: &str) -> bool {
            self.is_product_word(word) && ["10", "11", "8.1", "2003", "4", "2019", "2012", "2016", "2012 r2"].contains(&version)
        }
    }

    #[test]
    fn a_text_names_the_versions_the_corpus_knows() {
        let found = |text: &str| in_text(text, &Known);
        assert_eq!(found("workstation service won't start, windows 11"), [mention("windows", "11", "")]);
        assert_eq!(found("logon script late on Windows 8.1-based computers"), [mention("windows", "8.1", "")]);
        assert_eq!(found("sccm 2012 sp1 console crashes"), [mention("sccm", "2012", "")]);
        assert_eq!(found("pptp vpn wont dial from 2003 server"), [mention("server", "2003", "")]);
        assert_eq!(found("NT 4.0 SP4 blue screen"), [mention("nt", "4", "")]);
        assert_eq!(found("after moving to Windows Server 2012 R2"), [mention("windows server", "2012 r2", "")]);
        assert_eq!(found("win10 and windows10, Windows 10"), [mention("windows", "10", "")]);
        // Numbers that are no version of a product the corpus knows.
        assert_eq!(found("error 2250 after 5 hours on server 12"), []);
        assert_eq!(found("windows 12"), []);
    }

    #[test]
    fn a_mention_names_a_product_by_its_words_or_initials() {
        let article = mention("system center configuration manager", "2012", "sccm");
        assert!(mention("sccm", "2012", "").names(&article));
        assert!(mention("sccm", "2012", "").same_version(&article));
        assert!(mention("server", "2003", "").names(&mention("windows server", "2003", "")));
        assert!(!mention("sql server", "2016", "").names(&mention("windows server", "2016", "")));
        assert!(mention("windows", "11", "").names(&mention("windows nt", "4", "")));
        assert!(!mention("windows", "11", "").same_version(&mention("windows nt", "4", "")));
        assert!(mention("server", "2012", "").same_version(&mention("windows server", "2012 r2", "")));
        assert!(!mention("server", "2012 r2", "").same_version(&mention("windows server", "2012", "")));
        assert_eq!(Mention::from_term(&article.term()), Some(article));
    }
}
