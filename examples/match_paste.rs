//! Match a pasted log line with the library and print the best article's fix.
//!
//! ```sh
//! cargo run --example match_paste -- 'Despooler failed to execute the instruction, error code = 38a'
//! tail -n 20 distmgr.log | cargo run --example match_paste
//! ```
//!
//! Uses the index in `./index` (or `$KBMATCH_INDEX`); when there is none it
//! builds one from `./corpus` first.

use kbmatch::{BuildOptions, Error, KnowledgeBase, SearchOptions};
use std::io::Read;

fn main() -> kbmatch::Result<()> {
    let index = std::env::var("KBMATCH_INDEX").unwrap_or_else(|_| "index".into());
    let kb = match KnowledgeBase::open(&index) {
        Err(Error::IndexMissing(_)) => {
            eprintln!("no index at {index}: building it from ./corpus");
            let (kb, report) = KnowledgeBase::build(&["corpus"], &index, &BuildOptions::default())?;
            eprintln!("indexed {} articles from {} files", report.articles, report.sources);
            kb
        }
        other => other?,
    };

    let args: Vec<String> = std::env::args().skip(1).collect();
    let paste = if args.is_empty() {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| Error::io("<stdin>", e))?;
        text
    } else {
        args.join(" ")
    };

    let hits = kb.search(&paste, &SearchOptions::default().limit(3))?;
    let Some(best) = hits.first() else {
        println!("no article matches");
        return Ok(());
    };
    for hit in &hits {
        println!("{:>3.0}%  {}  {}", hit.confidence * 100.0, hit.id, hit.title);
        println!("      why: {}", hit.why.join("; "));
    }
    println!("\nFix from {}:", best.id);
    for (n, step) in best.steps.iter().enumerate() {
        println!("  {}. {step}", n + 1);
    }
    for file in &best.hotfix_files {
        println!("  hotfix file {} {}", file.file, file.version.as_deref().unwrap_or(""));
    }
    Ok(())
}
