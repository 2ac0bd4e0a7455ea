//! Bytes -> text, the one decoding policy for everything that comes in
//! (article files, logs, stdin, pastes, HTTP bodies): UTF-16 LE or BE when a
//! byte-order mark says so; else UTF-8 (its BOM dropped); else Windows-1252
//! (Latin-1), which decodes every byte. [`decode_text`] applies it to a
//! whole text, [`TextLines`] to a stream line by line, in bounded memory;
//! [`decode`] also refuses binary and empty files, [`read_bytes`] oversized ones.
//!
//! Every reader downstream sees LF line ends only and no byte-order mark, so
//! none of them has to care which system wrote the file.
use super::document::SkipReason;
use std::borrow::Cow;
use std::io::{BufRead, Read};
use std::path::Path;

/// Largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Share of control bytes (C0 controls other than white space, and DEL)
/// above which a file counts as binary
/// data rather than text with a few stray characters. Random bytes hold
/// about 14 % of them; real articles almost none (one KB text file carries a
/// literal DEL in its title, and is still an article).
const MAX_CONTROL_SHARE: f64 = 0.05;

/// Read a file's bytes, bounded.
///
/// The size is checked before reading, and the read itself is bounded, so a
/// file that is huge (or grows while it is read) costs at most
/// [`MAX_FILE_BYTES`] + 1 bytes of memory.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, SkipReason> {
    // Checked before opening: opening a named pipe blocks until a writer
    // comes, and a folder cannot be read as text.
    let meta = std::fs::metadata(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file" };
        return Err(SkipReason::Unreadable(what.into()));
    }
    let file = std::fs::File::open(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    let len = file.metadata().map_err(|e| SkipReason::Unreadable(e.to_string()))?.len();
    if len > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge(len, MAX_FILE_BYTES));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    let read = bytes.len() as u64;
    if read > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge(read, MAX_FILE_BYTES));
    }
    Ok(bytes)
}

/// Decode bytes as text (see module docs).
///
/// Order matters: a UTF-16 byte-order mark is honoured first (such files are
/// full of NUL bytes yet are text); then NUL bytes or a high share of control
/// bytes mean binary; then UTF-8 (without its BOM), else Windows-1252, which
/// decodes every byte, so Latin-1 text such as `0xE9` becomes `é` instead of
/// being dropped. Line ends are normalised to LF.
pub fn decode(bytes: &[u8]) -> Result<String, SkipReason> {
    if utf16_bom(bytes).is_none() {
        let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        if bytes.contains(&0) {
            return Err(SkipReason::Binary);
        }
        let controls = bytes.iter().filter(|&&b| is_control_byte(b)).count();
        if !bytes.is_empty() && controls as f64 / bytes.len() as f64 > MAX_CONTROL_SHARE {
            return Err(SkipReason::Binary);
        }
    }
    finish(decode_text(bytes))
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The UTF-16 encoding a byte-order mark at the start says, if any.
fn utf16_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

/// Bytes as text by the policy (see the module docs); line ends are kept
/// as they are. For a paste, stdin or an HTTP body.
pub fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(encoding) = utf16_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[2..]).0;
    }
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// The start of a paste read from a stream: at most `max_text` bytes of
/// text, decoded by the policy (a character cut by the bound dropped), and
/// the size of the whole stream in bytes. The rest of the stream is read
/// and dropped, so memory stays bounded whatever its size.
pub fn read_paste(mut reader: impl Read, max_text: usize) -> std::io::Result<(String, u64)> {
    let mut head = Vec::new();
    // The byte-order mark decides how many bytes hold `max_text` of text.
    (&mut reader).take(2).read_to_end(&mut head)?;
    let max_bytes = if utf16_bom(&head).is_some() { 2 + 2 * max_text } else { 3 + max_text };
    (&mut reader).take((max_bytes - head.len()) as u64).read_to_end(&mut head)?;
    let rest = std::io::copy(&mut reader, &mut std::io::sink())?;
    let total = head.len() as u64 + rest;
    if rest > 0 {
        if utf16_bom(&head).is_some() {
            head.truncate(head.len() & !1);
        } else if let Err(e) = std::str::from_utf8(&head)
            && e.error_len().is_none()
            && std::str::from_utf8(&head[..e.valid_up_to()]).is_ok()
        {
            // Valid UTF-8 but for the character the bound cut.
            head.truncate(e.valid_up_to());
        }
    }
    let text = decode_text(&head).into_owned();
    Ok((text, total))
}

/// A text stream read line by line by the policy (see the module docs), in
/// bounded memory: UTF-16 with a byte-order mark is decoded as it streams;
/// otherwise each line is UTF-8 when it is valid UTF-8, else Windows-1252.
/// A line longer than `max_line_bytes` keeps its first bytes only.
pub struct TextLines<R> {
    inner: LineSource<R>,
    max_line_bytes: usize,
    buf: Vec<u8>,
    first: bool,
}

enum LineSource<R> {
    Bytes(R),
    Utf16(std::io::BufReader<Utf16Reader<R>>),
}

impl<R: BufRead> TextLines<R> {
    /// Lines of `reader`, each at most `max_line_bytes` long.
    pub fn new(mut reader: R, max_line_bytes: usize) -> std::io::Result<Self> {
        let head = reader.fill_buf()?;
        let inner = match utf16_bom(head) {
            Some(encoding) => {
                reader.consume(2);
                LineSource::Utf16(std::io::BufReader::with_capacity(64 * 1024, Utf16Reader::new(reader, encoding)))
            }
            None => LineSource::Bytes(reader),
        };
        Ok(TextLines { inner, max_line_bytes, buf: Vec::new(), first: true })
    }

    /// The next line (without its `\n` or `\r\n`) into `line`; false at
    /// the end of the stream.
    pub fn next_line(&mut self, line: &mut String) -> std::io::Result<bool> {
        let more = match &mut self.inner {
            LineSource::Bytes(r) => read_line_bounded(r, &mut self.buf, self.max_line_bytes)?,
            LineSource::Utf16(r) => read_line_bounded(r, &mut self.buf, self.max_line_bytes)?,
        };
        if !more {
            return Ok(false);
        }
        let mut bytes = &self.buf[..];
        if std::mem::take(&mut self.first) {
            bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        }
        line.clear();
        match std::str::from_utf8(bytes) {
            Ok(text) => line.push_str(text),
            // Cut inside a character by the length bound: the whole
            // characters before it.
            Err(e) if e.error_len().is_none() && bytes.len() >= self.max_line_bytes => {
                line.push_str(std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default())
            }
            Err(_) => line.push_str(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0),
        }
        Ok(true)
    }
}

/// Read one line (without its `\n` / `\r\n`) into `buf`, keeping at most
/// `max` bytes. Returns false at the end of the input.
fn read_line_bounded<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>, max: usize) -> std::io::Result<bool> {
    buf.clear();
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (available.len(), false),
        };
        let room = max.saturating_sub(buf.len());
        buf.extend_from_slice(&available[..take.min(room)]);
        reader.consume(if done { take + 1 } else { take });
        if done {
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(any)
}

/// A reader that decodes UTF-16 to UTF-8 as it goes (encoding_rs's
/// streaming decoder).
struct Utf16Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: String,
    pos: usize,
    done: bool,
}

impl<R: Read> Utf16Reader<R> {
    fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        Utf16Reader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; 64 * 1024],
            out: String::new(),
            pos: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.out.len() && !self.done {
            let n = self.inner.read(&mut self.raw)?;
            self.done = n == 0;
            self.out.clear();
            self.pos = 0;
            let needed = self.decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
            self.out.reserve(needed);
            let _ = self.decoder.decode_to_string(&self.raw[..n], &mut self.out, self.done);
        }
        let rest = &self.out.as_bytes()[self.pos..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
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
    let invisible =
        |c: char| c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}');
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
    fn a_paste_is_read_up_to_its_bound_and_measured_whole() {
        // Cut inside the last `é`: the character is dropped, the text stays UTF-8.
        let paste = "é".repeat(10);
        assert_eq!(read_paste(paste.as_bytes(), 6).unwrap(), ("é".repeat(4), 20));
        assert_eq!(read_paste(paste.as_bytes(), 20).unwrap(), (paste.clone(), 20));
        // Windows-1252 stays Windows-1252.
        assert_eq!(read_paste(&b"caf\xe9 cr\xe8me"[..], 4).unwrap(), ("café cr".into(), 10));
        // UTF-16: the bound is in characters' bytes of text, the mark dropped.
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("error 1067".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(read_paste(&utf16[..], 5).unwrap(), ("error".into(), 22));
        // A big stream costs its bound, not its size.
        let big = std::io::repeat(b'x').take(50 * 1024 * 1024);
        let (text, total) = read_paste(big, 1024).unwrap();
        assert_eq!((text.len(), total), (1027, 50 * 1024 * 1024));
    }

    #[test]
    fn utf8_with_bom_and_crlf() {
        assert_eq!(decode(b"\xEF\xBB\xBFline one\r\nline two\rthree\n").unwrap(), "line one\nline two\nthree\n");
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
        assert_eq!(decode(b"MZ\x90\x00\x03\x00\x00\x00"), Err(SkipReason::Binary));
        assert_eq!(decode(b"\x01\x02\x03\x04abc"), Err(SkipReason::Binary));
        // A stray DEL in a long text is still text.
        let mut text = b"TITLE   :Shows a \"".to_vec();
        text.push(0x7F);
        text.extend_from_slice(b"\" instead of a \"2\" in the purchase date field");
        assert!(decode(&text).unwrap().contains('\u{7f}'));
    }

    fn lines(bytes: &[u8], max: usize) -> Vec<String> {
        let mut reader = TextLines::new(bytes, max).unwrap();
        let mut out = Vec::new();
        let mut line = String::new();
        while reader.next_line(&mut line).unwrap() {
            out.push(line.clone());
        }
        out
    }

    #[test]
    fn streamed_lines_follow_the_same_policy() {
        assert_eq!(lines(b"\xEF\xBB\xBFok\r\nCaf\xE9\ncaf\xC3\xA9", 100), vec!["ok", "Café", "café"]);
        let mut utf16 = vec![0xFE, 0xFF];
        for unit in "één\r\ntwee\n".encode_utf16() {
            utf16.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(lines(&utf16, 100), vec!["één", "twee"]);
        // A line cut by the bound inside a character keeps the whole ones.
        assert_eq!(lines("abcé\nx".as_bytes(), 4), vec!["abc", "x"]);
        assert_eq!(lines(b"", 4), Vec::<String>::new());
        assert_eq!(decode_text(b"\xFF\xFEh\x00i\x00"), "hi");
        assert_eq!(decode_text(b"\x93q\x94"), "\u{201c}q\u{201d}");
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
        assert_eq!(read_bytes(&path), Err(SkipReason::TooLarge(20 * 1024 * 1024, MAX_FILE_BYTES)));
    }

    #[cfg(unix)]
    #[test]
    fn named_pipe_and_folder_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert_eq!(read_bytes(&fifo), Err(SkipReason::Unreadable("not a regular file".into())));
        }
        assert_eq!(read_bytes(dir.path()), Err(SkipReason::Unreadable("a folder".into())));
    }

    #[test]
    fn missing_file_is_unreadable() {
        assert!(matches!(read_bytes(Path::new("/nonexistent/kbmatch/file.txt")), Err(SkipReason::Unreadable(_))));
    }
}
