//! The parts of a word written in mixed case, indexed beside the word:
//! `LanmanWorkstation` is also `workstation`, `SoftwareDistribution` also
//! `software` and `distribution`, `EnableDCOMConfig` also `enable` and
//! `config`.
//! Articles name services, registry values, folders and programs that way;
//! a person describing the same thing writes the words apart ("the
//! workstation service won't start"). Each part stands at the word's own
//! position, so phrases through the word still match. Only the index splits
//! words: a paste's `LanmanWorkstation` stays one word and finds the word.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Fewest letters of a part that is indexed: shorter parts are syllables,
/// abbreviations or words of a product's name more than the words a person
/// writes (`Lan`, `Mgr`, `Power` and `Point`, `Share`). Measured over the
/// 3,440 training queries (`train/` and `train_versions/`, answers first /
/// in the first five): no parts 3,049 / 3,282; parts of 4 letters or more
/// 3,047 / 3,288; of 6 or more 3,049 / 3,288.
pub const MIN_PART_LETTERS: usize = 6;

/// Where a word written in mixed case splits: before a capital that follows
/// a small letter (`lanman|Workstation`), and before the last capital of a
/// run followed by a small letter (`DCOM|Config`). The parts' byte ranges;
/// empty for a word in one case or with one capital first (`Windows`).
pub fn parts(word: &str) -> Vec<(usize, usize)> {
    // Most words have no capital past their first letter: nothing to split,
    // and nothing to allocate.
    if word.is_ascii() && !word.bytes().skip(1).any(|b| b.is_ascii_uppercase()) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut cuts = Vec::new();
    for i in 1..chars.len() {
        let (before, here) = (chars[i - 1].1, chars[i].1);
        let next_small = chars.get(i + 1).is_some_and(|c| c.1.is_lowercase());
        if here.is_uppercase() && (before.is_lowercase() || (before.is_uppercase() && next_small)) {
            cuts.push(chars[i].0);
        }
    }
    if cuts.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut from = 0;
    for to in cuts.into_iter().chain([word.len()]) {
        out.push((from, to));
        from = to;
    }
    out
}

/// Token filter: after each word written in mixed case, its parts of
/// [`MIN_PART_LETTERS`] letters or more, at the word's position. Goes before
/// lower-casing (it reads the capitals).
#[derive(Clone, Copy, Debug, Default)]
pub struct WordParts;

impl TokenFilter for WordParts {
    type Tokenizer<T: Tokenizer> = WordPartsFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> WordPartsFilter<T> {
        WordPartsFilter { inner, parts: Vec::new() }
    }
}

/// The tokenizer [`WordParts`] makes.
#[derive(Clone)]
pub struct WordPartsFilter<T> {
    inner: T,
    parts: Vec<Token>,
}

impl<T: Tokenizer> Tokenizer for WordPartsFilter<T> {
    type TokenStream<'a> = WordPartsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.parts.clear();
        WordPartsStream { tail: self.inner.token_stream(text), parts: &mut self.parts, part: None }
    }
}

/// The token stream of [`WordPartsFilter`]: the words, each followed by its
/// parts.
pub struct WordPartsStream<'a, S> {
    tail: S,
    /// The current word's parts still to give, last first.
    parts: &'a mut Vec<Token>,
    /// The part being given, if one is.
    part: Option<Token>,
}

impl<S: TokenStream> TokenStream for WordPartsStream<'_, S> {
    fn advance(&mut self) -> bool {
        self.part = self.parts.pop();
        if self.part.is_some() {
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let word = self.tail.token();
        for (from, to) in parts(&word.text).into_iter().rev() {
            let text = &word.text[from..to];
            if text.chars().count() >= MIN_PART_LETTERS {
                self.parts.push(Token {
                    offset_from: word.offset_from + from,
                    offset_to: word.offset_from + to,
                    position: word.position,
                    text: text.to_string(),
                    position_length: 1,
                });
            }
        }
        true
    }

    fn token(&self) -> &Token {
        match self.part {
            Some(ref part) => part,
            None => self.tail.token(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.part {
            Some(ref mut part) => part,
            None => self.tail.token_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

    fn split(word: &str) -> Vec<&str> {
        parts(word).into_iter().map(|(from, to)| &word[from..to]).collect()
    }

    #[test]
    fn a_word_splits_where_its_case_changes() {
        assert_eq!(split("LanmanWorkstation"), ["Lanman", "Workstation"]);
        assert_eq!(split("LanManWorkstation"), ["Lan", "Man", "Workstation"]);
        assert_eq!(split("DCOMConfig"), ["DCOM", "Config"]);
        assert_eq!(split("softwareDistribution"), ["software", "Distribution"]);
        assert_eq!(split("Windows"), Vec::<&str>::new());
        assert_eq!(split("DCOM"), Vec::<&str>::new());
        assert_eq!(split("workstation"), Vec::<&str>::new());
    }

    #[test]
    fn the_index_holds_the_word_and_its_longer_parts_at_its_position() {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default()).filter(WordParts).filter(LowerCaser).build();
        let mut stream = analyzer.token_stream("the LanManWorkstation service, MaxTokenSize, SoftwareDistribution");
        let mut got = Vec::new();
        while let Some(token) = stream.next() {
            got.push((token.position, token.text.clone()));
        }
        // `Lan`, `Man`, `Max`, `Token` and `Size` are too short to stand alone.
        let want = [(0, "the"), (1, "lanmanworkstation"), (1, "workstation"), (2, "service"), (3, "maxtokensize")]
            .into_iter()
            .chain([(4, "softwaredistribution"), (4, "software"), (4, "distribution")])
            .map(|(p, t)| (p, t.to_string()))
            .collect::<Vec<_>>();
        assert_eq!(got, want);
    }
}
