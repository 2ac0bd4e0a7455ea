//! Bytes -> text: UTF-8, else Latin-1 (Windows-1252); refuses binary, empty
//! and oversized files.
//!
//! Every reader downstream sees LF line ends only and no byte-order mark, so
//! none of them has to care which system wrote the file.
use super::SkipReason;
use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// Largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Share of control bytes (C0 controls other than white space, and DEL)
/// above which a file counts as binary
/// data rather than text with a few stray characters. Random bytes hold
/// about 14 % of them; real articles almost none (one KB text file carries a
/// literal DEL in its title, and is still an article).
const MAX_CONTROL_SHARE: f64 = 0.05;

/// Read a file as text.
///
/// The size is checked before reading, and the read itself is bounded, so a
/// file that is huge (or grows while it is read) costs at most
/// [`MAX_FILE_BYTES`] + 1 bytes of memory.
pub fn read_text(path: &Path) -> Result<String, SkipReason> {
    // Checked before opening: opening a named pipe blocks until a writer
    // comes, and a folder cannot be read as text.
    let meta = std::fs::metadata(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file" };
        return Err(SkipReason::Unreadable(what.into()));
    }
    let file = std::fs::File::open(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    let len = file
        .metadata()
        .map_err(|e| SkipReason::Unreadable(e.to_string()))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge(len, MAX_FILE_BYTES));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    let read = bytes.len() as u64;
    if read > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge(read, MAX_FILE_BYTES));
    }
    decode(&bytes)
}

/// Decode bytes as text (see module docs).
///
/// Order matters: a UTF-16 byte-order mark is honoured first (such files are
/// full of NUL bytes yet are text); then NUL bytes or a high share of control
/// bytes mean binary; then UTF-8 (without its BOM), else Windows-1252, which
/// decodes every byte, so Latin-1 text such as `0xE9` becomes `é` instead of
/// being dropped. Line ends are normalised to LF.
pub fn decode(bytes: &[u8]) -> Result<String, SkipReason> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let (text, _) = encoding.decode_without_bom_handling(rest);
        return finish(text);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(SkipReason::Binary);
    }
    let controls = bytes.iter().filter(|&&b| is_control_byte(b)).count();
    if !bytes.is_empty() && controls as f64 / bytes.len() as f64 > MAX_CONTROL_SHARE {
        return Err(SkipReason::Binary);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    };
    finish(text)
}

/// Bytes that do not occur in text: C0 controls except tab, LF, VT, FF, CR,
/// ESC and the DOS end-of-file mark (old KB text files carry them), plus DEL.
fn is_control_byte(b: u8) -> bool {
    matches!(b, 0x01..=0x08 | 0x0E..=0x19 | 0x1C..=0x1F | 0x7F)
}

/// Normalise line ends and refuse text with nothing in it. Zero-width
/// characters (a stray byte-order mark after a blank line, a zero-width
/// space) are not something to read either.
fn finish(text: Cow<'_, str>) -> Result<String, SkipReason> {
    let invisible = |c: char| c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}');
    if text.chars().all(invisible) {
        return Err(SkipReason::Empty);
    }
    Ok(normalize_newlines(&text))
}

/// CRLF and lone CR -> LF.
pub(crate) fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFline one\r\nline two\rthree\n").unwrap(),
            "line one\nline two\nthree\n"
        );
    }

    #[test]
    fn latin1_is_decoded_not_dropped() {
        assert_eq!(decode(b"Caf\xE9 cr\xE8me\r\n").unwrap(), "Café crème\n");
        // Windows-1252's curly quotes, as old Word documents wrote them.
        assert_eq!(decode(b"\x93quoted\x94").unwrap(), "\u{201c}quoted\u{201d}");
    }

    #[test]
    fn empty_and_blank() {
        assert_eq!(decode(b""), Err(SkipReason::Empty));
        assert_eq!(decode(b" \r\n\t \n"), Err(SkipReason::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF\n"), Err(SkipReason::Empty));
        assert_eq!(decode(" \r\n\t\n\u{feff}\u{200b}".as_bytes()), Err(SkipReason::Empty));
    }

    #[test]
    fn binary() {
        assert_eq!(
            decode(b"MZ\x90\x00\x03\x00\x00\x00"),
            Err(SkipReason::Binary)
        );
        assert_eq!(decode(b"\x01\x02\x03\x04abc"), Err(SkipReason::Binary));
        // A stray DEL in a long text is still text.
        let mut text = b"TITLE   :Shows a \"".to_vec();
        text.push(0x7F);
        text.extend_from_slice(b"\" instead of a \"2\" in the purchase date field");
        assert!(decode(&text).unwrap().contains('\u{7f}'));
    }

    #[test]
    fn utf16_with_bom() {
        assert_eq!(decode(b"\xFF\xFEh\x00i\x00\r\x00\n\x00").unwrap(), "hi\n");
    }

    #[test]
    fn too_large_file_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(20 * 1024 * 1024).unwrap();
        assert_eq!(
            read_text(&path),
            Err(SkipReason::TooLarge(20 * 1024 * 1024, MAX_FILE_BYTES))
        );
    }

    #[cfg(unix)]
    #[test]
    fn named_pipe_and_folder_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert_eq!(
                read_text(&fifo),
                Err(SkipReason::Unreadable("not a regular file".into()))
            );
        }
        assert_eq!(
            read_text(dir.path()),
            Err(SkipReason::Unreadable("a folder".into()))
        );
    }

    #[test]
    fn missing_file_is_unreadable() {
        assert!(matches!(
            read_text(Path::new("/nonexistent/kbmatch/file.txt")),
            Err(SkipReason::Unreadable(_))
        ));
    }
}
