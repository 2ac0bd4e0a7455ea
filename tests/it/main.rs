//! kbmatch's integration tests: one binary, a module per area (one link
//! instead of one per file). A module that drives the `kbmatch` command, the
//! server or the sentence encoder is compiled only with the feature it needs,
//! so `cargo test --no-default-features` runs the library's own tests.
//!
//! Tests that need `../shared` (the real corpus, logs and gold) are
//! `#[ignore]`d with the reason; `.ci/run` runs them with `--ignored`.

#[path = "../common/mod.rs"]
mod common;

mod architecture;
#[cfg(feature = "serve")]
mod browser;
#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
mod cli_tickets;
mod confidence;
#[cfg(feature = "cli")]
mod doc_examples;
mod extract_hotfix;
mod extract_steps;
#[cfg(feature = "serve")]
mod feedback;
#[cfg(feature = "serve")]
mod gaps;
mod ingest_docx_pdf;
mod ingest_formats;
mod ingest_html_page;
mod library;
mod loghub;
#[cfg(feature = "mcp")]
mod mcp;
#[cfg(feature = "cli")]
mod model_folder;
mod query_analysis;
#[cfg(feature = "cli")]
mod real_corpus;
#[cfg(feature = "cli")]
mod reindex;
#[cfg(feature = "cli")]
mod reliability_files;
#[cfg(feature = "cli")]
mod reliability_index;
mod reliability_properties;
#[cfg(feature = "cli")]
mod reliability_queries;
mod retrieval;
mod scan;
#[cfg(feature = "encoder")]
mod sentence_model;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "cli")]
mod ticket_links;
