//! Stage 3: articles -> a tantivy index on disk; open it again for matching.
pub mod build;
pub mod codes;
pub mod incremental;
pub mod layout;
pub mod open;
pub mod schema;
pub mod stem_cache;

pub use build::{BuildOptions, BuildSummary, Change, build};
pub use open::KbIndex;
