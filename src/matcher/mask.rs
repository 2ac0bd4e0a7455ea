//! Mask what varies between one site and the next (servers, UNC paths,
//! package IDs, site codes, GUIDs, dates, times, addresses, counters) and keep
//! what identifies the problem.

/// The placeholder that masked parts are replaced with.
pub const WILDCARD: &str = "<*>";

/// The message with its variable parts replaced by [`WILDCARD`].
pub fn mask(message: &str) -> String {
    todo!("{}", message.len())
}

/// An article's quoted message in the masked form (placeholders -> wildcard).
pub fn template_of(article_message: &str) -> String {
    todo!("{}", article_message.len())
}

/// Similarity 0..1 of a masked query to a template, wildcards matching anything.
pub fn matches_template(template: &str, masked_query: &str) -> Option<f64> {
    todo!("{} {}", template.len(), masked_query.len())
}
