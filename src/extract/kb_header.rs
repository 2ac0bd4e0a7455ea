//! KB header block (`Article:`, `Product(s):`, `Version(s):`, `Keyword(s):`,
//! `Last Modified:`) and the trailing `Keywords :` footer.

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
    /// `06-AUG-2002`.
    pub modified: Option<String>,
}

/// Parse the header block of a KB article body.
pub fn parse(body: &str) -> KbHeader {
    todo!("{}", body.len())
}
