//! Stage 3: articles -> a tantivy index on disk; open it again for matching.
pub mod analysis;
pub mod article_sets;
pub mod article_totals;
pub mod build;
pub mod chunks;
pub mod codes;
pub mod document;
pub mod incremental;
pub mod layout;
pub mod links;
pub mod meaning;
pub mod nearest;
pub mod open;
pub mod products;
pub mod schema;
pub mod sentences;
pub mod statistics;
pub mod stem_cache;
pub mod terms;
mod unmapped;
pub mod word_parts;

pub use build::{BuildOptions, BuildReport, Change, build};
pub use open::KbIndex;
pub(crate) use terms::for_each_live_term;
