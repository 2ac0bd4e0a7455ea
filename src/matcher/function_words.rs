//! English function words: the one list of the words that hold a sentence
//! together but name nothing ("the", "has", "though"). The ranker names no
//! such word as one a hit shares with the paste; the message likeness
//! weighs the commonest of them (marked) as a quarter of a word. Both only
//! weigh or name: every word is still searched.

/// Each function word, sorted, and whether it is one of the commonest
/// (short words that say little about which message it is). A negative
/// contraction is split by the analyser at its apostrophe ("won't" is
/// "won" and "t"): what stands before it is a function word too, and so
/// is the contraction written without it ("wont", "doesnt"); and so are the
/// greetings and courtesies of a question ("hi", "please", "thanks").
const FUNCTION_WORDS: &[(&str, bool)] = &[
    ("a", true), ("about", false), ("after", false), ("again", false), ("all", false), ("also", false),
    ("although", false), ("am", false), ("an", true), ("and", true), ("any", false), ("are", true),
    ("aren", false), ("arent", false), ("as", true), ("at", true), ("be", true), ("because", false),
    ("been", true), ("before", false), ("being", false), ("both", false), ("but", false), ("by", true),
    ("can", true), ("cant", false), ("could", false), ("couldn", false), ("couldnt", false), ("did", false),
    ("didn", false), ("didnt", false), ("do", false), ("does", false), ("doesn", false), ("doesnt", false),
    ("doing", false), ("don", false), ("dont", false), ("each", false), ("even", false), ("every", false),
    ("for", true), ("from", true), ("had", false), ("hadn", false), ("hadnt", false), ("has", true),
    ("hasn", false), ("hasnt", false), ("have", true), ("haven", false), ("havent", false), ("having", false),
    ("he", false), ("hello", false), ("her", false), ("here", false), ("hey", false), ("hi", false),
    ("him", false), ("his", false), ("how", false), ("i", false), ("if", false), ("in", true), ("into", false),
    ("is", true), ("isn", false), ("isnt", false), ("it", true), ("its", false), ("just", false), ("may", true),
    ("me", false), ("might", false), ("must", false), ("mustn", false), ("mustnt", false), ("my", false),
    ("needn", false), ("neednt", false), ("no", false), ("nor", false), ("not", true), ("of", true),
    ("on", true), ("only", false), ("onto", false), ("or", true), ("our", false), ("over", false),
    ("please", false), ("shall", false), ("she", false), ("should", false), ("shouldn", false),
    ("shouldnt", false), ("so", false), ("some", false), ("still", false), ("such", false), ("than", false),
    ("thank", false), ("thanks", false), ("that", true), ("the", true), ("their", false), ("them", false),
    ("then", false), ("there", false), ("these", false), ("they", false), ("this", true), ("those", false),
    ("though", false), ("to", true), ("too", false), ("under", false), ("up", false), ("us", false),
    ("very", false), ("was", true), ("wasn", false), ("wasnt", false), ("we", false), ("were", false),
    ("weren", false), ("werent", false), ("what", false), ("when", false), ("whenever", false),
    ("where", false), ("which", false), ("while", false), ("who", false), ("whom", false), ("whose", false),
    ("why", false), ("will", true), ("with", true), ("within", false), ("without", false), ("won", false),
    ("wont", false), ("would", false), ("wouldn", false), ("wouldnt", false), ("yet", false), ("you", true),
    ("your", true),
];

/// Whether `word` (lower case) is a function word.
pub fn is_function_word(word: &str) -> bool {
    lookup(word).is_some()
}

/// Whether `word` (lower case) is one of the commonest function words.
pub fn is_commonest(word: &str) -> bool {
    lookup(word) == Some(true)
}

/// Whether a word of the paste (lower case) tells something: more than the
/// one letter a contraction leaves ("can't"), and no function word. Only
/// such words are named as shared with a hit, and count as the paste's
/// content words.
pub fn tells_something(word: &str) -> bool {
    word.chars().count() > 1 && !is_function_word(word)
}

/// Whether a word of the paste, as written and as analysed (its stem), is
/// a content word: it tells something, and its stem is no function word's
/// either (the made-up "hadnlis" stems to "hadn", of "hadn't").
pub fn is_content(written: &str, stem: &str) -> bool {
    tells_something(written) && !is_function_word(stem)
}

fn lookup(word: &str) -> Option<bool> {
    FUNCTION_WORDS.binary_search_by(|(w, _)| (*w).cmp(word)).ok().map(|at| FUNCTION_WORDS[at].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_distinct_and_the_commonest_are_in_it() {
        // Looked up by binary search: the list must stay sorted and distinct.
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(is_function_word("though") && !is_commonest("though"));
        assert!(is_function_word("the") && is_commonest("the"));
        assert!(!is_function_word("server") && !is_commonest("server"));
        assert!(is_function_word("please") && is_function_word("hi") && !is_commonest("thanks"));
        assert_eq!(FUNCTION_WORDS.iter().filter(|(_, commonest)| *commonest).count(), 31);
    }

    #[test]
    fn function_words_and_single_letters_are_not_named_as_shared() {
        let paste = "the sms client can't reach the server even though it has been restarted";
        let named: Vec<&str> = paste.split(|c: char| !c.is_alphanumeric()).filter(|w| tells_something(w)).collect();
        assert_eq!(named, ["sms", "client", "reach", "server", "restarted"]);
        // Numbers and short names still count when more than one letter.
        assert!(tells_something("98") && tells_something("ie") && !tells_something("0"));
        // What a negative contraction leaves is no content either.
        let paste = "the service won't start and the share doesn't open";
        let named: Vec<&str> = paste.split(|c: char| !c.is_alphanumeric()).filter(|w| tells_something(w)).collect();
        assert_eq!(named, ["service", "start", "share", "open"]);
        let paste = "the service wont start and the share doesnt open";
        let named: Vec<&str> = paste.split(|c: char| !c.is_alphanumeric()).filter(|w| tells_something(w)).collect();
        assert_eq!(named, ["service", "start", "share", "open"]);
    }

    #[test]
    fn a_content_word_is_one_by_what_is_written_and_by_its_stem() {
        // As written and as stemmed: "any" stems to "ani", no function word.
        let words = [("any", "ani"), ("access", "access"), ("t", "t"), ("hadnlis", "hadn"), ("service", "servic")];
        let content: Vec<&str> = words.iter().filter(|(w, stem)| is_content(w, stem)).map(|(w, _)| *w).collect();
        assert_eq!(content, ["access", "service"]);
    }
}
