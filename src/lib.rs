//! kbmatch: offline knowledge-base search and symptom matcher.
pub mod article;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod matcher;
