//! kbmatch: offline knowledge-base search and symptom matcher.
pub mod article;
pub mod cli;
pub mod eval;
pub mod error;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod matcher;

pub use error::{Error, Result};
