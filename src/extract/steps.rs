//! Remediation steps: the numbered procedures of RESOLUTION / WORKAROUND (or
//! wherever the article gives its fix).
use crate::article::{ArticleKind, Section};

/// Steps and the section they came from.
pub fn extract(sections: &[Section], kind: ArticleKind) -> (Vec<String>, Option<String>) {
    todo!("{} {kind:?}", sections.len())
}
