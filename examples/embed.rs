//! Embedding kbmatch in another tool: build an index of the sample corpus
//! (reporting progress and every skipped file), search it with options, and
//! read why each hit matched as data.
//!
//! ```sh
//! cargo run --example embed
//! ```
//!
//! The index goes to a temporary folder, removed at the end.

use kbmatch::{ArticleKind, BuildOptions, BuildProgress, Evidence, KnowledgeBase, Progress, SearchOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // # Build
    //
    // The library draws nothing: progress comes to a function of ours.
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let dir = tempfile::tempdir()?;
    let options = BuildOptions::default().progress(Progress::new(|p: BuildProgress| {
        if p.read == p.found {
            eprintln!("read {} files", p.read);
        }
    }));
    let (kb, report) = KnowledgeBase::build(&[corpus], dir.path().join("index"), &options)?;
    println!("indexed {} articles from {} files", report.articles, report.sources);
    for skipped in &report.skipped {
        println!("skipped {}: {}", skipped.path.display(), skipped.reason);
    }

    // # Search with options
    //
    // Blog posts and runbooks only, confident hits only.
    let paste = "Cannot update the package server \\\\DP02\\ for package SYD00045, error = 8";
    let options = SearchOptions::default().limit(3).kind(ArticleKind::Blog).kind(ArticleKind::Doc).min_confidence(0.5);
    let hits = kb.search(paste, &options)?;

    // # Read the evidence
    //
    // Each reason is a value: no English to parse.
    for hit in &hits {
        println!("\n{} ({:?}, confidence {:.2}): {}", hit.id, hit.kind, hit.confidence, hit.title);
        for evidence in &hit.evidence {
            match evidence {
                Evidence::Message { text, word_for_word, .. } => {
                    println!("  quotes the message{}: {text}", if *word_for_word { " word for word" } else { "" })
                }
                Evidence::ErrorCode { code, .. } => println!("  holds the error code {code}"),
                Evidence::Words { words } => println!("  shares the words {}", words.join(", ")),
                other => println!("  {other}"),
            }
        }
    }
    Ok(())
}
