//! How fast `scan` reads a component log: `cargo bench --bench scan_speed
//! [-- LINES]` generates an SMS distribution manager log (routine lines with
//! varying package IDs and times, a problem every fifty lines, 5 % of the
//! lines wrapped before their tail) and reads it with the scanner, best of
//! three runs, in memory (no disk, no index: reading and grouping only, the
//! part that grows with the log). The target is at least 200,000 lines/s.

use kbmatch::scan::Scanner;
use std::time::Instant;

fn main() {
    let lines: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(1_000_000);
    let log = generate(lines);
    println!("{lines} lines, {:.1} MB", log.len() as f64 / 1e6);
    let mut best = f64::MAX;
    for run in 1..=3 {
        let started = Instant::now();
        let mut scanner = Scanner::new();
        scanner.read_text("distmgr.log", log.as_bytes(), None).expect("in-memory read");
        let seconds = started.elapsed().as_secs_f64();
        best = best.min(seconds);
        println!("run {run}: {seconds:.2} s, {:.0} lines/s", lines as f64 / seconds);
    }
    println!("best: {:.0} lines/s (target: 200000)", lines as f64 / best);
}

/// A component log of about `lines` lines.
fn generate(lines: usize) -> String {
    let mut out = String::with_capacity(lines * 130);
    let mut n = 0usize;
    let mut seed = 7u64;
    let mut next = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    while n < lines {
        let r = next();
        let (h, m, s) = (n / 36_000 % 24, n / 600 % 60, n / 10 % 60);
        let tail = format!(
            "~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 {h:02}:{m:02}:{s:02}.{:03}-600><thread=4404 (0x1134)>",
            r % 1000
        );
        let package = format!("SYD{:05X}", r % 0x3000 + 1);
        match r % 100 {
            0 | 1 => out.push_str(&format!(
                "Cannot update the package server [\"Display=\\\\DP{:02}\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP{:02}\\ for package {package}, error = 8{tail}\n",
                r % 40,
                r % 40
            )),
            2..=6 => {
                out.push_str(&format!("Package {package} has been sent to:~\n"));
                out.push_str(&format!("all distribution points of the site{tail}\n"));
                n += 1;
            }
            7..=30 => out.push_str(&format!("Processing package {package} (priority Medium){tail}\n")),
            31..=50 => out.push_str(&format!(
                "SMS Distribution Manager instructed SMS Scheduler and Sender to send the package information for package {package} to child site MEL.{tail}\n"
            )),
            51..=70 => out.push_str(&format!("Sleeping for {} minutes{tail}\n", r % 60 + 1)),
            _ => out.push_str(&format!("Found package properties updated notification for package {package}{tail}\n")),
        }
        n += 1;
    }
    out
}
