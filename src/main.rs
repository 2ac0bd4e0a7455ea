//! `kbmatch`: thin entry point; the work is in the library.
use clap::Parser;
use kbmatch::cli::{self, Outcome};
use std::process::ExitCode;

// Indexing allocates many small strings on every thread; mimalloc serves
// them faster than the system allocator (full build: see README, Performance).
// Its defaults hand freed memory back after a second, which a build needs:
// kept, each thread's freed memory piled up (a 600,000-article build held
// 1 GB at its end instead of 0.5; docs/scale.md).
#[cfg(feature = "allocator")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::install_panic_hook();
    match cli::run(args) {
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Err(e) => {
            eprintln!("kbmatch: error: {e}");
            ExitCode::from(2)
        }
    }
}
