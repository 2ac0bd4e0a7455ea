//! Small text helpers shared by the readers: HTML entities, front matter,
//! KB ids, the canonical KB body.
use super::document::DocumentMeta;
use regex::Regex;
use std::borrow::Cow;
use std::path::Path;
use std::sync::LazyLock;
use yaml_rust2::{Yaml, YamlLoader};

/// Named entities seen in the corpora and their neighbours: markup
/// characters, typography (WordPress writes curly quotes and dashes as
/// entities) and the Latin-1 letters old pages spell out.
const NAMED_ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("bull", '•'),
    ("middot", '·'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("prime", '′'),
    ("Prime", '″'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("permil", '‰'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("plusmn", '±'),
    ("times", '×'),
    ("divide", '÷'),
    ("micro", 'µ'),
    ("para", '¶'),
    ("sect", '§'),
    ("cent", '¢'),
    ("pound", '£'),
    ("euro", '€'),
    ("yen", '¥'),
    ("curren", '¤'),
    ("brvbar", '¦'),
    ("uml", '¨'),
    ("ordf", 'ª'),
    ("ordm", 'º'),
    ("not", '¬'),
    ("shy", '\u{ad}'),
    ("macr", '¯'),
    ("sup1", '¹'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("acute", '´'),
    ("cedil", '¸'),
    ("frac14", '¼'),
    ("frac12", '½'),
    ("frac34", '¾'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("larr", '←'),
    ("rarr", '→'),
    ("uarr", '↑'),
    ("darr", '↓'),
    ("harr", '↔'),
    ("le", '≤'),
    ("ge", '≥'),
    ("ne", '≠'),
    ("Agrave", 'À'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Atilde", 'Ã'),
    ("Auml", 'Ä'),
    ("Aring", 'Å'),
    ("AElig", 'Æ'),
    ("Ccedil", 'Ç'),
    ("Egrave", 'È'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Euml", 'Ë'),
    ("Igrave", 'Ì'),
    ("Iacute", 'Í'),
    ("Icirc", 'Î'),
    ("Iuml", 'Ï'),
    ("ETH", 'Ð'),
    ("Ntilde", 'Ñ'),
    ("Ograve", 'Ò'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Otilde", 'Õ'),
    ("Ouml", 'Ö'),
    ("Oslash", 'Ø'),
    ("Ugrave", 'Ù'),
    ("Uacute", 'Ú'),
    ("Ucirc", 'Û'),
    ("Uuml", 'Ü'),
    ("Yacute", 'Ý'),
    ("THORN", 'Þ'),
    ("szlig", 'ß'),
    ("agrave", 'à'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("atilde", 'ã'),
    ("auml", 'ä'),
    ("aring", 'å'),
    ("aelig", 'æ'),
    ("ccedil", 'ç'),
    ("egrave", 'è'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("euml", 'ë'),
    ("igrave", 'ì'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iuml", 'ï'),
    ("eth", 'ð'),
    ("ntilde", 'ñ'),
    ("ograve", 'ò'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("otilde", 'õ'),
    ("ouml", 'ö'),
    ("oslash", 'ø'),
    ("ugrave", 'ù'),
    ("uacute", 'ú'),
    ("ucirc", 'û'),
    ("uuml", 'ü'),
    ("yacute", 'ý'),
    ("thorn", 'þ'),
    ("yuml", 'ÿ'),
];

/// Longest entity name looked at; longer runs after `&` are plain text.
const MAX_ENTITY_LEN: usize = 10;

/// Decode HTML character references (`&lt;`, `&#8220;`, `&#x27;`).
///
/// Only references closed by `;` are decoded and unknown names are kept as
/// written, so text that merely contains `&` (`AT&T`, C code `&x;`) survives.
/// Numeric references 128-159 mean Windows-1252 characters, as browsers
/// read them (`&#146;` is `’`).
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match entity_at(after) {
            Some((c, used)) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The entity at the start of `s` (just after its `&`) and the bytes it uses,
/// including the `;`.
fn entity_at(s: &str) -> Option<(char, usize)> {
    let semi = s
        .char_indices()
        .take(MAX_ENTITY_LEN + 2)
        .find(|&(_, c)| c == ';' || !(c.is_ascii_alphanumeric() || c == '#'))
        .filter(|&(_, c)| c == ';')?
        .0;
    let name = &s[..semi];
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        numeric_char(code)?
    } else {
        NAMED_ENTITIES.iter().find(|(n, _)| *n == name)?.1
    };
    Some((c, semi + 1))
}

/// A numeric character reference's character, as HTML5 reads it.
fn numeric_char(code: u32) -> Option<char> {
    if (0x80..=0x9F).contains(&code) {
        let byte = [code as u8];
        let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        return decoded.chars().next();
    }
    match code {
        0 => Some('\u{fffd}'),
        _ => char::from_u32(code),
    }
}

/// How a text starts: with YAML front matter or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatter<'a> {
    /// The text does not start with a `---` line.
    None,
    /// A `---` line opens front matter that no `---` (or `...`) line closes.
    Unclosed,
    /// The front matter's YAML and the text after its closing line.
    Closed {
        /// The lines between the fences.
        yaml: &'a str,
        /// Everything after the closing fence.
        rest: &'a str,
    },
}

/// Split Jekyll-style front matter off a text (LF line ends expected).
pub fn split_front_matter(text: &str) -> FrontMatter<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(first_end) = text.find('\n') else {
        return if text.trim_end() == "---" { FrontMatter::Unclosed } else { FrontMatter::None };
    };
    if text[..first_end].trim_end() != "---" {
        return FrontMatter::None;
    }
    let body = &text[first_end + 1..];
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return FrontMatter::Closed { yaml: &body[..offset], rest: &body[offset + line.len()..] };
        }
        offset += line.len();
    }
    FrontMatter::Unclosed
}

/// `Q` + digits at the start of a title or heading, as in `Q319207: Title`.
static TITLE_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(Q\d{3,8})\s*:\s*(.*?)\s*$").expect("static regex"));
/// `Q` + digits anywhere in a path component such as `Q319207.TXT`.
static PATH_ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(Q\d{3,8})\b").expect("static regex"));

/// Split `Q319207: Title` into id and title (entities decoded).
pub fn split_kb_title(title: &str) -> Option<(String, String)> {
    let title = decode_entities(title);
    let caps = TITLE_ID.captures(&title)?;
    Some((caps[1].to_owned(), caps[2].to_owned()))
}

/// The KB id a path names: `.../Q319207/README.md` or `.../Q319207.TXT`.
pub fn kb_id_from_path(path: &Path) -> Option<String> {
    path.iter().rev().take(3).find_map(|part| {
        let part = part.to_str()?;
        PATH_ID.captures(part).map(|c| c[1].to_owned())
    })
}

/// A KB header-block line: `Article: Q319207`, `Product(s): ...`.
static HEADER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Article|Product\(s\)|Version\(s\)|Operating System\(s\)|Keyword\(s\)|Last Modified):[ \t]*(.*?)\s*$")
        .expect("static regex")
});
/// `Article: Q319207` on its own line.
static ARTICLE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*Article:[ \t]*(Q\d{3,8})\b").expect("static regex"));

/// The id of the first `Article: Q...` line.
pub fn article_line_id(text: &str) -> Option<String> {
    ARTICLE_LINE.captures(text).map(|c| c[1].to_owned())
}

/// Byte offset of the first `Article: Q...` line.
pub fn article_line_start(text: &str) -> Option<usize> {
    ARTICLE_LINE.find(text).map(|m| m.start())
}

/// Metadata from the canonical header block at the top of a KB body.
///
/// Versions drop the platform prefix the archive writes (`winnt:1.0,1.1` ->
/// `1.0`, `1.1`); the platform stays readable in the body's header block.
pub fn kb_header_meta(body: &str) -> DocumentMeta {
    let mut meta = DocumentMeta::default();
    for line in body.lines().take(12) {
        // Every header line has a `:` after its field name; a line without
        // one cannot match and needs no search for captures.
        let Some(caps) = line.contains(':').then(|| HEADER_LINE.captures(line)).flatten() else {
            continue;
        };
        let value = caps[2].trim();
        match &caps[1] {
            "Product(s)" => meta.products = split_products(value),
            "Version(s)" => meta.versions = split_versions(value),
            "Keyword(s)" => meta.keywords = value.split_whitespace().map(str::to_owned).collect(),
            "Last Modified" if !value.is_empty() => meta.modified = Some(value.to_owned()),
            _ => {}
        }
    }
    meta
}

/// A product line names one product (product names hold no separators the
/// archive uses consistently, so the line is kept whole).
pub fn split_products(value: &str) -> Vec<String> {
    let value = value.trim();
    if value.is_empty() { Vec::new() } else { vec![value.to_owned()] }
}

/// `winnt:1.0,1.1` -> `1.0`, `1.1`; `:2.0` -> `2.0`.
pub fn split_versions(value: &str) -> Vec<String> {
    let value = value.rsplit_once(':').map_or(value, |(_, v)| v);
    value.split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect()
}

/// First line of the legal notice the text and HTML formats append.
const DISCLAIMER: &str = "THE INFORMATION PROVIDED IN THE MICROSOFT KNOWLEDGE BASE IS";

/// Lines of site chrome or boilerplate that may close a KB text.
fn is_trailer_line(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("Copyright Microsoft Corporation")
        || line.starts_with("KnowledgeBase Archive is maintained by")
        || line.starts_with("This page was generated by GitHub Pages")
}

/// Turn the lines of a KB article into the canonical body every KB reader
/// produces: trailing white space trimmed, HTML entities decoded, leading and
/// trailing blank lines dropped, and the legal notice and site footer that
/// some formats append cut off (the Jekyll page, the most faithful format,
/// has neither), so that the same article reads the same from any format.
pub fn canonical_kb_body<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut kept: Vec<Cow<'a, str>> = lines
        .into_iter()
        .map(|line| decode_entities(line.trim_end()))
        .map(|line| match line {
            Cow::Borrowed(s) => Cow::Borrowed(s),
            Cow::Owned(s) => Cow::Owned(s.trim_end().to_owned()),
        })
        .collect();
    // The notice sits at the very end; look for it only there so an article
    // quoting it in its text keeps its text.
    let tail_start = kept.len().saturating_sub(40);
    if let Some(pos) = kept[tail_start..].iter().rposition(|l| l.trim_start().starts_with(DISCLAIMER)) {
        kept.truncate(tail_start + pos);
    }
    while kept.last().is_some_and(|l| l.is_empty() || is_trailer_line(l)) {
        kept.pop();
    }
    let start = kept.iter().position(|l| !l.is_empty()).unwrap_or(kept.len());
    let mut out = String::with_capacity(kept.iter().map(|l| l.len() + 1).sum());
    for line in &kept[start..] {
        out.push_str(line);
        out.push('\n');
    }
    out.pop();
    out
}

/// Strip one matching quote pair from a YAML scalar and undo the escapes
/// that quoting style allows (`\"` in double quotes, `''` in single quotes).
pub fn unquote_yaml_scalar(value: &str) -> String {
    let value = value.trim();
    if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
        value[1..value.len() - 1].replace("\\\"", "\"").replace("\\\\", "\\")
    } else if value.len() >= 2 && value.starts_with('\'') && value.ends_with('\'') {
        value[1..value.len() - 1].replace("''", "'")
    } else {
        value.to_owned()
    }
}

/// Collapse each line's white space (non-breaking spaces included) to
/// single spaces and drop empty lines.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let mut words = line.split(char::is_whitespace).filter(|w| !w.is_empty()).peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        for (i, w) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// A preformatted block without trailing white space on its lines or blank
/// lines around it.
pub fn trim_raw(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    let start = lines.iter().position(|l| !l.is_empty()).unwrap_or(lines.len());
    let end = lines.iter().rposition(|l| !l.is_empty()).map_or(start, |e| e + 1);
    lines[start..end.max(start)].join("\n")
}

/// The letter of a sub-item: 1 -> `a`, 26 -> `z`, 27 -> `aa`.
pub fn letter(n: u32) -> String {
    let mut n = n.max(1);
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Front matter larger than this is not handed to the YAML parser (real
/// front matter is a few hundred bytes; the parser recurses on nesting).
const MAX_YAML_BYTES: usize = 64 * 1024;

/// Front matter read as YAML; `None` if it is too large or not a mapping.
pub fn yaml_mapping(yaml: &str) -> Option<Yaml> {
    if yaml.len() > MAX_YAML_BYTES {
        return None;
    }
    let doc = YamlLoader::load_from_str(yaml).ok()?.into_iter().next()?;
    doc.as_hash()?;
    Some(doc)
}

/// A YAML scalar as text (trimmed; `None` when empty or not a scalar).
pub fn yaml_scalar(y: &Yaml) -> Option<String> {
    let s = match y {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => return None,
    };
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

/// A YAML list (or a single scalar) as texts.
pub fn yaml_list(y: &Yaml) -> Vec<String> {
    match y {
        Yaml::Array(items) => items.iter().filter_map(yaml_scalar).collect(),
        other => yaml_scalar(other).into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(decode_entities("&lt;package ID&gt; &amp; &quot;x&quot;"), "<package ID> & \"x\"");
        assert_eq!(decode_entities("&ldquo;Install Pending&rdquo;"), "“Install Pending”");
        assert_eq!(decode_entities("&#8220;Missing&#8221; &#x27;a&#X27; &#146;"), "“Missing” 'a' ’");
        assert_eq!(decode_entities("AT&T &unknown; &#xzz; &amp &"), "AT&T &unknown; &#xzz; &amp &");
        assert_eq!(decode_entities("&#1114112; &#99999999999999999999;"), "&#1114112; &#99999999999999999999;");
        assert_eq!(decode_entities("é&eacute;"), "éé");
    }

    #[test]
    fn front_matter() {
        assert_eq!(
            split_front_matter("---\na: 1\n---\nbody\n"),
            FrontMatter::Closed { yaml: "a: 1\n", rest: "body\n" }
        );
        assert_eq!(split_front_matter("---\n---"), FrontMatter::Closed { yaml: "", rest: "" });
        assert_eq!(split_front_matter("---\na: 1\nbody\n"), FrontMatter::Unclosed);
        assert_eq!(split_front_matter("---"), FrontMatter::Unclosed);
        assert_eq!(split_front_matter("# Title\n---\n"), FrontMatter::None);
    }

    #[test]
    fn ids() {
        assert_eq!(
            split_kb_title("Q194791: Could Not Open &lt;Filename&gt;"),
            Some(("Q194791".into(), "Could Not Open <Filename>".into()))
        );
        assert_eq!(split_kb_title("No id here"), None);
        assert_eq!(kb_id_from_path(Path::new("/x/kb/319/Q319207/README.md")), Some("Q319207".into()));
        assert_eq!(kb_id_from_path(Path::new("txt/319/Q319207.TXT")), Some("Q319207".into()));
        assert_eq!(kb_id_from_path(Path::new("notes/readme.md")), None);
    }

    #[test]
    fn versions() {
        assert_eq!(split_versions("winnt:1.0,1.1, 1.2"), ["1.0", "1.1", "1.2"]);
        assert_eq!(split_versions(":2.0"), ["2.0"]);
        assert_eq!(split_versions(""), Vec::<String>::new());
    }

    #[test]
    fn canonical_body_cuts_notice_and_footer() {
        let lines = [
            "",
            "Article: Q1",
            "Text &lt;x&gt;   ",
            "",
            DISCLAIMER,
            "MORE NOTICE",
            "",
            "Copyright Microsoft Corporation 2002.",
            "",
        ];
        assert_eq!(canonical_kb_body(lines), "Article: Q1\nText <x>");
    }
}
