//! Stage 3: articles -> a tantivy index on disk; open it again for matching.
