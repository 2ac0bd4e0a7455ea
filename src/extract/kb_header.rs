//! KB header block (`Article:`, `Product(s):`, `Version(s):`, `Keyword(s):`,
//! `Last Modified:`) and the trailing `Keywords :` footer.
//!
//! The header is read from the top of the body only: the same `Key: value`
//! shapes occur inside articles (sample output, quoted forms), so the scan
//! stops at the first line that is neither a header line nor blank. The
//! original text files' header (`DOCUMENT:`, `PRODUCT :`, `PROD/VER:`,
//! `KEYWORDS:`) is read the same way, so a body that kept it still parses.

/// Metadata from a KB article's header block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KbHeader {
    /// `Q319207`.
    pub id: Option<String>,
    /// Products.
    pub products: Vec<String>,
    /// Versions.
    pub versions: Vec<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// The footer's `Additional query words:`, without the `kb...` filing
    /// tags (`kbVBp600`): words its authors expected a search to use.
    pub query_words: Vec<String>,
    /// `06-AUG-2002`.
    pub modified: Option<String>,
}

/// How many leading lines may precede the header block (site chrome of a
/// saved page: site name, tagline, "View on GitHub", the title).
const MAX_LEADING_LINES: usize = 12;

/// The header fields we know, by the key as written (compared without case
/// and with spaces removed, so `PRODUCT :` and `Product(s):` both match).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Article,
    Document,
    Title,
    Product,
    Version,
    Os,
    Keyword,
    Modified,
}

fn field_of(key: &str) -> Option<Field> {
    let k: String = key.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    Some(match k.as_str() {
        "article" => Field::Article,
        "document" => Field::Document,
        "title" => Field::Title,
        "product(s)" | "product" => Field::Product,
        "version(s)" | "prod/ver" => Field::Version,
        "operatingsystem(s)" | "oper/sys" => Field::Os,
        "keyword(s)" | "keywords" => Field::Keyword,
        "lastmodified" => Field::Modified,
        _ => return None,
    })
}

/// Split `Key: value` (key up to 24 characters, no digits at its start).
fn split_key(line: &str) -> Option<(Field, &str)> {
    let colon = line.find(':')?;
    let (key, rest) = line.split_at(colon);
    if key.len() > 24 {
        return None;
    }
    let field = field_of(key)?;
    Some((field, rest[1..].trim()))
}

/// Parse the header block of a KB article body.
///
/// Missing fields stay empty; a body without a header block gives
/// [`KbHeader::default`] apart from what the trailing footer provides
/// (`Keywords :` and `Version :` fill keywords and versions the header
/// left empty).
pub fn parse(body: &str) -> KbHeader {
    let mut h = KbHeader::default();
    let lines: Vec<&str> = body.lines().map(|l| l.trim_end_matches('\r')).collect();

    // The header may follow a few lines of page chrome; find its first line.
    let start = lines
        .iter()
        .take(MAX_LEADING_LINES + 1)
        .position(|l| matches!(split_key(l.trim()), Some((Field::Article | Field::Document, _))))
        .unwrap_or(0);

    for line in &lines[start..] {
        let t = line.trim();
        if t.is_empty() {
            // The header ends at its first blank line once it has begun.
            if h.id.is_some() || !h.products.is_empty() || h.modified.is_some() {
                break;
            }
            continue;
        }
        let Some((field, value)) = split_key(t) else { break };
        match field {
            Field::Article => h.id = article_id(value),
            Field::Document => {
                // `Q107244  27-JUL-2001  [sms]`: the id, then the date.
                let mut parts = value.split_whitespace();
                h.id = parts.next().and_then(article_id);
                h.modified = parts.next().filter(|d| looks_like_date(d)).map(str::to_string);
            }
            Field::Product => h.products = split_products(value),
            Field::Version => h.versions = split_versions(value),
            Field::Keyword => h.keywords = split_keywords(value),
            Field::Modified => {
                h.modified = Some(value.to_string()).filter(|v| !v.is_empty());
            }
            Field::Title | Field::Os => {}
        }
    }

    if h.keywords.is_empty() || h.versions.is_empty() {
        read_footer(&lines, &mut h);
    }
    h.query_words = query_words(&lines);
    h
}

/// The footer's label for the words an article's authors added for
/// finding it (where the footer begins, for the section reader too).
pub(crate) const QUERY_WORDS: &str = "Additional query words:";

/// The words of the last `Additional query words:` line and the lines that
/// continue it (up to a blank line, a rule or a `Key : value` footer
/// field), without the `kb...` filing tags (`kbVBp600`, `KBDSE`): words
/// the authors expected a search to use (`netmon prodnt sp2 blue screen`,
/// `checkdisk corruption`, `Non Delivery Report`).
fn query_words(lines: &[&str]) -> Vec<String> {
    let Some(at) = lines.iter().rposition(|l| l.trim_start().starts_with(QUERY_WORDS)) else {
        return Vec::new();
    };
    let first = &lines[at].trim_start()[QUERY_WORDS.len()..];
    let continued = lines[at + 1..].iter().map(|l| l.trim()).take_while(|l| {
        !l.is_empty() && !l.bytes().all(|b| b == b'=' || b == b'-') && !l.contains(" : ") && !l.ends_with(':')
    });
    std::iter::once(first)
        .chain(continued)
        .flat_map(str::split_whitespace)
        .filter(|w| !is_filing_tag(w))
        .map(str::to_string)
        .collect()
}

/// `kbVBp600`, `KBDSE`, `kbinf`: a KB filing tag, not a word (`kb` alone,
/// or `kbytes`, are words).
fn is_filing_tag(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.len() > 3
        && lower.starts_with("kb")
        && lower.bytes().all(|b| b.is_ascii_alphanumeric())
        && !matches!(lower.as_str(), "kbyte" | "kbytes" | "kbps")
}

/// Fill keywords/versions from the trailing footer
/// (`Keywords          : kbsms200 ...`, `Version           : :2.0`).
fn read_footer(lines: &[&str], h: &mut KbHeader) {
    // The footer sits after the last long `=====` rule; look only there so
    // body text such as `Version : 1.0` in sample output is not read.
    let Some(rule) = lines.iter().rposition(|l| {
        let t = l.trim();
        t.len() >= 40 && t.bytes().all(|b| b == b'=')
    }) else {
        return;
    };
    // The last rule is the closing one; the footer lies between the two last.
    let mut from = rule;
    if let Some(prev) = lines[..rule].iter().rposition(|l| {
        let t = l.trim();
        t.len() >= 40 && t.bytes().all(|b| b == b'=')
    }) && rule - prev <= 15
    {
        from = prev;
    }
    for line in lines.iter().skip(from + 1).take(15) {
        let Some(colon) = line.find(':') else { continue };
        let key: String = line[..colon].split_whitespace().collect::<Vec<_>>().join(" ");
        let value = line[colon + 1..].trim();
        match key.to_ascii_lowercase().as_str() {
            "keywords" if h.keywords.is_empty() => h.keywords = split_keywords(value),
            "version" if h.versions.is_empty() => h.versions = split_versions(value),
            _ => {}
        }
    }
}

fn article_id(v: &str) -> Option<String> {
    let v = v.trim();
    let digits = v.strip_prefix(['Q', 'q'])?;
    if digits.is_empty() || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("Q{digits}"))
}

fn looks_like_date(s: &str) -> bool {
    s.len() >= 8 && s.bytes().filter(|b| *b == b'-').count() == 2
}

/// `Microsoft Exchange`; several products are separated by `|` or `;`.
/// `See article` names no product.
fn split_products(v: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in v.split(['|', ';']) {
        let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
        if p.is_empty() || p.eq_ignore_ascii_case("see article") || out.contains(&p) {
            continue;
        }
        out.push(p);
    }
    out
}

/// `2.0`, `winnt:2.0`, `WINDOWS:3.1,3.11`, `4.00 4.00b 4.50`,
/// `5.00 5.10 | 5.10`, `WINDOWS:7.0; Win95:7.0`, `2.0 SP2,2.0 SP3`.
/// The platform prefix is dropped (the version is what a user types);
/// a piece of several number-like words is several versions, a piece like
/// `2.0 SP2` or `1995 edition` is one.
fn split_versions(v: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let s = s.trim();
        if !s.is_empty() && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    };
    for group in v.split(['|', ';']) {
        // `winnt:4.0,5.0` -> platform `winnt`, list `4.0,5.0`.
        let list = match group.rfind(':') {
            Some(i) => &group[i + 1..],
            None => group,
        };
        for piece in list.split(',') {
            let words: Vec<&str> = piece.split_whitespace().collect();
            let all_numbers =
                words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()) && !w.contains("edition"));
            if words.len() > 1 && all_numbers {
                words.iter().for_each(|w| push(w));
            } else {
                push(&words.join(" "));
            }
        }
    }
    out
}

/// Keywords are whitespace-separated; old articles group them with `|`.
fn split_keywords(v: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in v.split(|c: char| c.is_whitespace() || c == '|') {
        if w.chars().any(char::is_alphanumeric) && !out.iter().any(|o| o == w) {
            out.push(w.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_modern_header() {
        let body = "\nArticle: Q123456\nProduct(s): Microsoft Systems Management Server\n\
                    Version(s): winnt:2.0\nOperating System(s): \n\
                    Keyword(s): kbsms200 kbPackage  kbSoftwareDist\nLast Modified: 06-AUG-2002\n\n\
                    ----\nThe information in this article applies to:\n";
        let h = parse(body);
        assert_eq!(h.id.as_deref(), Some("Q123456"));
        assert_eq!(h.products, vec!["Microsoft Systems Management Server"]);
        assert_eq!(h.versions, vec!["2.0"]);
        assert_eq!(h.keywords, vec!["kbsms200", "kbPackage", "kbSoftwareDist"]);
        assert_eq!(h.modified.as_deref(), Some("06-AUG-2002"));
    }

    #[test]
    fn splits_version_lists_sensibly() {
        assert_eq!(split_versions("2.0"), vec!["2.0"]);
        assert_eq!(split_versions("1.2"), vec!["1.2"]);
        assert_eq!(split_versions("WINDOWS:3.1,3.11"), vec!["3.1", "3.11"]);
        assert_eq!(split_versions("4.00 4.00b 4.50"), vec!["4.00", "4.00b", "4.50"]);
        assert_eq!(split_versions("5.00 5.10 | 5.10"), vec!["5.00", "5.10"]);
        assert_eq!(split_versions("WINDOWS:7.0; Win95:7.0"), vec!["7.0"]);
        assert_eq!(split_versions("2.0 SP2,2.0 SP3"), vec!["2.0 SP2", "2.0 SP3"]);
        assert_eq!(split_versions("1995 edition; WINDOWS:"), vec!["1995 edition"]);
        assert_eq!(split_versions(""), Vec::<String>::new());
        assert_eq!(split_versions("WINDOWS:; :"), Vec::<String>::new());
    }

    #[test]
    fn old_header_with_bars_and_see_article() {
        let body = "Article: Q40001\nProduct(s): See article\nVersion(s): 6.00 6.00b | 6.00 6.00b\n\
                    Operating System(s): MS-DOS | OS/2\nKeyword(s): ENDUSER | SR# B_QuickBas | mspl13_basic\n\
                    Last Modified: 15-DEC-1989\n\nThe editor hangs when you press a key.\n";
        let h = parse(body);
        assert_eq!(h.id.as_deref(), Some("Q40001"));
        assert!(h.products.is_empty());
        assert_eq!(h.versions, vec!["6.00", "6.00b"]);
        assert_eq!(h.keywords, vec!["ENDUSER", "SR#", "B_QuickBas", "mspl13_basic"]);
        assert_eq!(h.modified.as_deref(), Some("15-DEC-1989"));
    }

    #[test]
    fn text_file_header_and_saved_page_chrome() {
        let body = "Some Site\n\nView on GitHub\n\nQ100: A title\n\nDOCUMENT:Q100  27-JUL-2001  [sms]\n\
                    TITLE   :A title\nPRODUCT :Microsoft Systems Management Server\nPROD/VER:winnt:1.0\n\
                    OPER/SYS:\nKEYWORDS:smsgeneral kbArtTypeINF\n\n=====\n";
        let h = parse(body);
        assert_eq!(h.id.as_deref(), Some("Q100"));
        assert_eq!(h.modified.as_deref(), Some("27-JUL-2001"));
        assert_eq!(h.products, vec!["Microsoft Systems Management Server"]);
        assert_eq!(h.versions, vec!["1.0"]);
        assert_eq!(h.keywords, vec!["smsgeneral", "kbArtTypeINF"]);
    }

    #[test]
    fn footer_fills_what_the_header_left_empty() {
        let body = "Article: Q200\nProduct(s): Microsoft Exchange\nVersion(s): \nKeyword(s): \n\
                    Last Modified: 01-JAN-2001\n\nSYMPTOMS\n========\n\nVersion : 9.9 in sample output\n\n\
                    Additional query words: exch\n\n\
                    ======================================================================\n\
                    Keywords          : kbExchange kbbug \nTechnology        : kbExchangeSearch\n\
                    Version           : :5.5\nIssue type        : kbbug\n\n\
                    =============================================================================\n";
        let h = parse(body);
        assert_eq!(h.keywords, vec!["kbExchange", "kbbug"]);
        assert_eq!(h.versions, vec!["5.5"]);
    }

    #[test]
    fn additional_query_words_without_filing_tags_and_with_their_continuation() {
        let body = "SYMPTOMS\n========\n\nIt fails.\n\n\
                    Additional query words: netmon prodnt sp2 blue screen kbVBp600\n\
                    \tKBDSE checkdisk\n\n\
                    ======================================================================\n\
                    Keywords          : kbnetwork \n";
        let h = parse(body);
        assert_eq!(h.query_words, ["netmon", "prodnt", "sp2", "blue", "screen", "checkdisk"]);
        assert_eq!(h.keywords, ["kbnetwork"]);
        // Empty, or only tags: nothing; the footer rule ends the words.
        let h = parse("Additional query words:\n\n=====\nKeywords : kbA\n");
        assert!(h.query_words.is_empty(), "{:?}", h.query_words);
        let h = parse("Additional query words: kbinf kbhowto 4.00\n================\n");
        assert_eq!(h.query_words, ["4.00"]);
        assert!(parse("SYMPTOMS\n========\n\nNo footer.\n").query_words.is_empty());
    }

    #[test]
    fn no_header_gives_defaults() {
        assert_eq!(parse(""), KbHeader::default());
        assert_eq!(parse("Just some text.\nArticle: Q1 later\n"), KbHeader::default());
        assert_eq!(parse("\u{0}\u{1}binary: junk\n\n"), KbHeader::default());
    }
}
