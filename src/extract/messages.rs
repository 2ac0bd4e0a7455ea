//! Messages an article quotes, kept as templates with their placeholders.
use crate::article::Section;

/// The quoted messages of an article, in order, de-duplicated.
pub fn extract(sections: &[Section], emphasized: &[String]) -> Vec<String> {
    todo!("{} {}", sections.len(), emphasized.len())
}
