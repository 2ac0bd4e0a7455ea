//! The index's table of error-code names and messages, learned from the
//! articles (see [`crate::extract::codes::learn`]): each fact an article
//! states is a term of its `code_facts` field, so the table lives in the
//! generation with everything else, an incremental build keeps it current,
//! and the number of live articles stating a fact is its vote. Read once,
//! on the first query that holds a code.

use crate::extract::codes::{self, Code, Forms};
use std::collections::HashMap;
use tantivy::Searcher;
use tantivy::schema::Field;

/// What the corpus says about one code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// The name most articles give it (`ERROR_NO_SYSTEM_RESOURCES`).
    pub name: Option<String>,
    /// The message most articles quote for it.
    pub message: Option<String>,
}

/// Code names and messages, by code and by name.
#[derive(Debug, Clone, Default)]
pub struct CodeTable {
    by_code: HashMap<String, Known>,
    by_name: HashMap<String, String>,
}

impl CodeTable {
    /// Read the table from the index's `code_facts` terms, each counted by
    /// the live articles that hold it.
    pub fn read(searcher: &Searcher, field: Field) -> tantivy::Result<CodeTable> {
        let mut votes: HashMap<(String, String, String), u32> = HashMap::new();
        super::terms::for_each_live_term(searcher, field, |term, count| {
            let mut parts = term.splitn(3, '\t');
            if let (Some(code), Some(kind), Some(text)) = (parts.next(), parts.next(), parts.next()) {
                *votes.entry((code.to_string(), kind.to_string(), text.to_string())).or_default() += count;
            }
        })?;
        Ok(CodeTable::from_votes(votes))
    }

    /// The table from facts and the number of articles stating each: the
    /// most stated name and message of each code (ties: the first in
    /// byte order, so the table does not depend on segment order).
    pub fn from_votes(votes: HashMap<(String, String, String), u32>) -> CodeTable {
        let mut best: HashMap<(String, String), (u32, String)> = HashMap::new();
        let mut names: HashMap<String, (u32, String)> = HashMap::new();
        for ((code, kind, text), count) in votes {
            if kind == "name" {
                let entry = names.entry(text.clone()).or_insert((0, code.clone()));
                if count > entry.0 || (count == entry.0 && code < entry.1) {
                    *entry = (count, code.clone());
                }
            }
            let entry = best.entry((code, kind)).or_insert((0, String::new()));
            if count > entry.0 || (count == entry.0 && text < entry.1) {
                *entry = (count, text);
            }
        }
        let mut by_code: HashMap<String, Known> = HashMap::new();
        for ((code, kind), (_, text)) in best {
            let known = by_code.entry(code).or_default();
            match kind.as_str() {
                "name" => known.name = Some(text),
                _ => known.message = Some(text),
            }
        }
        let by_name = names.into_iter().map(|(name, (_, code))| (name, code)).collect();
        CodeTable { by_code, by_name }
    }

    /// What the corpus says about a canonical code.
    pub fn known(&self, canonical: &str) -> Option<&Known> {
        self.by_code.get(canonical)
    }

    /// The canonical code of a symbolic name (`ERROR_ACCESS_DENIED` ->
    /// `win32:5`), if the corpus gives its number, else if the SDK header
    /// defines it (`STATUS_DLL_NOT_FOUND` -> `0xc0000135`).
    pub fn code_of_name(&self, name: &str) -> Option<&str> {
        self.by_name.get(name).map(String::as_str).or_else(|| codes::header_code(name))
    }

    /// The name of a canonical code: the one most articles give it, else
    /// the SDK header's.
    pub fn name_of(&self, canonical: &str) -> Option<&str> {
        self.known(canonical).and_then(|k| k.name.as_deref()).or_else(|| codes::header_name(canonical))
    }

    /// A normalised code (any form) resolved through the table: a name
    /// becomes its number's canonical code, if the corpus gives one.
    pub fn resolve(&self, code: &str) -> Option<String> {
        match code.strip_prefix("name:") {
            Some(name) => self.code_of_name(name).map(str::to_string),
            None => Code::of(code)?.canonical(),
        }
    }

    /// Every decoded form of a normalised code, with the name and message
    /// the corpus gives it.
    pub fn forms(&self, code: &str) -> Option<Forms> {
        let canonical = self.resolve(code);
        let mut forms = match canonical.as_deref().and_then(Code::of) {
            Some(decoded) => decoded.forms(),
            None => Forms::default(),
        };
        if let Some(canonical) = canonical.as_deref() {
            forms.name = self.name_of(canonical).map(str::to_string);
            forms.message = self.known(canonical).and_then(|k| k.message.clone());
        }
        if forms.name.is_none() {
            forms.name = code.strip_prefix("name:").map(str::to_string);
        }
        (forms != Forms::default()).then_some(forms)
    }

    /// The other codes a query's code should also find: its canonical form,
    /// and its name (or, for a name, its number), as normalised codes.
    pub fn expand(&self, code: &str) -> Vec<String> {
        let mut out = Vec::new();
        let canonical = match code.strip_prefix("name:") {
            Some(name) => self.code_of_name(name).map(str::to_string),
            None => Some(codes::identities(code).unwrap_or_else(|| code.to_string())),
        };
        if let Some(canonical) = canonical {
            // Only a name the corpus gives: an article quoting both the
            // number and the header's name would count the code twice
            // (12 of 600 generated ID queries lost their article to a
            // list of NTSTATUS names that way).
            if let Some(name) = self.known(&canonical).and_then(|k| k.name.as_deref()) {
                out.push(format!("name:{name}"));
            }
            out.push(canonical);
        }
        out.retain(|c| c != code);
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(facts: &[(&str, &str, &str, u32)]) -> CodeTable {
        CodeTable::from_votes(
            facts.iter().map(|(c, k, t, n)| ((c.to_string(), k.to_string(), t.to_string()), *n)).collect(),
        )
    }

    #[test]
    fn the_most_stated_name_and_message_win() {
        let t = table(&[
            ("win32:5", "message", "Access is denied.", 12),
            ("win32:5", "message", "Access Is Denied.", 3),
            ("win32:5", "name", "ERROR_ACCESS_DENIED", 2),
            ("win32:1450", "name", "ERROR_NO_SYSTEM_RESOURCES", 1),
        ]);
        assert_eq!(t.known("win32:5").and_then(|k| k.message.as_deref()), Some("Access is denied."));
        assert_eq!(t.code_of_name("ERROR_NO_SYSTEM_RESOURCES"), Some("win32:1450"));
        let forms = t.forms("0x800705aa").unwrap();
        assert_eq!((forms.win32, forms.name.as_deref()), (Some(1450), Some("ERROR_NO_SYSTEM_RESOURCES")));
        assert_eq!(t.expand("0x800705aa"), vec!["name:ERROR_NO_SYSTEM_RESOURCES", "win32:1450"]);
        assert_eq!(t.expand("name:ERROR_NO_SYSTEM_RESOURCES"), vec!["win32:1450"]);
        assert_eq!(t.expand("name:ERROR_UNKNOWN_TO_THE_CORPUS"), Vec::<String>::new());
        // An NTSTATUS name the corpus never writes is known from the SDK
        // header: a pasted name finds its number, a pasted number is shown
        // with its name; a name the corpus gives wins over the header's.
        assert_eq!(t.expand("name:STATUS_DLL_NOT_FOUND"), vec!["0xc0000135"]);
        assert_eq!(t.expand("0xd0000135"), vec!["0xc0000135"]);
        let forms = t.forms("c0000135").unwrap();
        assert_eq!(
            (forms.ntstatus.as_deref(), forms.name.as_deref()),
            (Some("0xC0000135"), Some("STATUS_DLL_NOT_FOUND"))
        );
        let corpus = table(&[("0xc0000005", "name", "STATUS_ACCESS_VIOLATION_AS_WRITTEN", 1)]);
        assert_eq!(corpus.name_of("0xc0000005"), Some("STATUS_ACCESS_VIOLATION_AS_WRITTEN"));
        assert_eq!(corpus.name_of("0xc0000094"), Some("STATUS_INTEGER_DIVIDE_BY_ZERO"));
        // An unknown name still decodes to itself.
        assert_eq!(t.forms("name:ERROR_UNKNOWN").and_then(|f| f.name), Some("ERROR_UNKNOWN".into()));
    }
}
