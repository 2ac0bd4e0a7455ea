//! English stemming with a small memo of recent words' stems.
//!
//! Snowball stemming was a fifth of a full build's CPU time, spent on the
//! same few thousand words over and over. An analyzer lives as long as the
//! segment writer that uses it, so a per-analyzer memo serves most tokens.
//! A hash map of every word was no faster than stemming (its lookups miss
//! the CPU caches); this memo is a direct-mapped table of short words that
//! fits in the L2 cache, and a word that collides just replaces the other.
//! The stems are tantivy's own [`Stemmer`]'s (a miss asks it), so the
//! tokens, and the index, are exactly what they would be without the memo.

use tantivy::tokenizer::{Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

/// Longest word (in bytes) the memo holds; longer ones are always stemmed.
const WORD: usize = 15;
/// Slots of the memo: a power of two; 8192 × 32 bytes = 256 KB.
const SLOTS: usize = 8192;

/// One memo entry: a word and its stem, both at most [`WORD`] bytes.
#[derive(Clone, Copy)]
struct Slot {
    word_len: u8,
    stem_len: u8,
    word: [u8; WORD],
    stem: [u8; WORD],
}

const EMPTY: Slot = Slot { word_len: 0, stem_len: 0, word: [0; WORD], stem: [0; WORD] };

/// Where a word goes in the memo (FxHash, with its high bits folded down).
fn slot_of(word: &[u8]) -> usize {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut h: u64 = 0;
    for &b in word {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    h ^= h >> 29;
    (h as usize) & (SLOTS - 1)
}

/// Token filter: English Snowball stems, memoised. Expects lower-cased tokens,
/// like tantivy's [`Stemmer`].
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner, memo: vec![EMPTY; SLOTS].into_boxed_slice(), stemmer: one_word_stemmer() }
    }
}

/// One word in, its stem out: tantivy's stemmer behind a tokenizer that
/// takes the whole text as one token.
fn one_word_stemmer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default()).filter(Stemmer::new(Language::English)).build()
}

/// The tokenizer [`CachedStemmer`] makes: holds the memo between texts.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    memo: Box<[Slot]>,
    stemmer: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream { tail: self.inner.token_stream(text), memo: &mut self.memo, stemmer: &mut self.stemmer }
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<'a, S> {
    tail: S,
    memo: &'a mut [Slot],
    stemmer: &'a mut TextAnalyzer,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let word = token.text.as_bytes();
        // Snowball leaves words of one or two letters and numbers as they
        // are: a third of the tokens of an article, not worth a lookup.
        if word.len() <= 2 || word.iter().all(u8::is_ascii_digit) {
            return true;
        }
        let at = (word.len() <= WORD).then(|| slot_of(word));
        if let Some(slot) = at.and_then(|at| self.memo.get(at)) {
            let len = usize::from(slot.word_len);
            if len == word.len() && slot.word.get(..len) == Some(word) {
                let stem = slot.stem.get(..usize::from(slot.stem_len)).unwrap_or_default();
                // The stem was a whole `str` when it was stored.
                if let Ok(stem) = std::str::from_utf8(stem) {
                    token.text.clear();
                    token.text.push_str(stem);
                    return true;
                }
            }
        }
        let stem = {
            let mut one = self.stemmer.token_stream(&token.text);
            if one.advance() { one.token().text.clone() } else { token.text.clone() }
        };
        if let Some(slot) = at.and_then(|at| self.memo.get_mut(at))
            && stem.len() <= WORD
        {
            let word = token.text.as_bytes();
            slot.word[..word.len()].copy_from_slice(word);
            slot.word_len = word.len() as u8;
            slot.stem[..stem.len()].copy_from_slice(stem.as_bytes());
            slot.stem_len = stem.len() as u8;
        }
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, usize, usize, String)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
        }
        out
    }

    #[test]
    fn same_tokens_as_tantivys_stemmer_also_when_remembered() {
        let plain = || {
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(48))
                .filter(LowerCaser)
                .filter(Stemmer::new(Language::English))
                .build()
        };
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(48))
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build();
        let text = "The Distribution Manager failed; distributing packages distributes \
                    nothing. Running runs ran 0x80041001 SMS_SITE Ünïcödé généralement über \
                    as is of by 4 40 1381 2000 00123 2000s x86 w2k é ñs";
        let expected = tokens(&mut plain(), text);
        assert_eq!(expected[1].3, "distribut");
        // Twice: the second pass is served from the memo.
        assert_eq!(tokens(&mut cached, text), expected);
        assert_eq!(tokens(&mut cached, text), expected);
    }

    #[test]
    fn colliding_and_long_words_are_stemmed_right() {
        let mut plain =
            TextAnalyzer::builder(SimpleTokenizer::default()).filter(Stemmer::new(Language::English)).build();
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default()).filter(CachedStemmer).build();
        // Far more words than slots, so many share one; and words longer
        // than a slot holds.
        let text: String = (0..3 * SLOTS).map(|i| format!("word{i}s running{i}ly ")).collect::<String>()
            + " internationalizations characteristically";
        assert_eq!(tokens(&mut cached, &text), tokens(&mut plain, &text));
        assert_eq!(tokens(&mut cached, &text), tokens(&mut plain, &text));
    }
}
