//! `kbmatch`: thin entry point; the work is in the library.
use clap::Parser;
use kbmatch::cli::{self, Outcome};
use std::process::ExitCode;

// Indexing allocates many small strings on every thread; mimalloc serves
// them faster than the system allocator (full build: see README, Performance).
#[cfg(feature = "allocator")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "allocator")]
/// mimalloc's `mi_option_purge_delay` (the position of `mi_option_purge_delay`
/// in `mi_option_e`, mimalloc 3 as vendored by libmimalloc-sys 0.1.49, which
/// names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A build allocates and frees hundreds of megabytes in waves; by default
/// mimalloc hands freed memory back to the system after a second and takes it
/// again at the next wave, each time as fresh zeroed pages (about 25,000
/// page faults; the archive's build took 9.0 s instead of 8.6). A build
/// keeps it.
#[cfg(feature = "allocator")]
fn keep_freed_memory() {
    // Safety: called before any other thread exists, as the option setter
    // asks; the value -1 is mimalloc's documented "no purging at all".
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    #[cfg(feature = "allocator")]
    if matches!(args.command, cli::Command::Index { .. }) {
        keep_freed_memory();
    }
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

#[cfg(all(test, feature = "allocator"))]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // mimalloc 3's default purge delay is 1000 ms (its `options.c`; no
        // other option defaults to that): the option at this position is
        // the purge delay, and setting it takes.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }, 1000);
        keep_freed_memory();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }, -1);
    }
}
