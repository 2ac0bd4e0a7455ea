//! The threshold that tells a mis-linked ticket
//! (`kbmatch::index::links::ASKED_SIMILARITY`), measured on tickets made
//! from KB articles: each article's first sentence of its SYMPTOMS (else
//! SUMMARY, else CAUSE) is a "ticket", compared with its own article (that
//! sentence taken out of it) and with another article drawn at random.
//!
//! ```sh
//! cargo run --release --manifest-path benches/fit/Cargo.toml --bin link_threshold -- target/real-corpus/txt
//! ```
//!
//! Prints the similarity's percentiles of both kinds of pair, for
//! thresholds from 0.05 to 0.60 the share of each that passes, and the
//! threshold that tells them apart best (the most own pairs passing less
//! the random ones passing, in steps of 0.01).

use kbmatch::extract::searchable;
use kbmatch::index::links::similarity;
use kbmatch::ingest::{ReadOptions, read_file, walk};
use std::path::Path;

fn first_sentence(text: &str) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = text.find(". ").map_or(text.len(), |at| at + 1);
    let sentence = text[..end].trim().to_string();
    (sentence.split_whitespace().count() >= 5).then_some(sentence)
}

fn percentile(sorted: &[f32], p: f32) -> f32 {
    sorted[((sorted.len() - 1) as f32 * p).round() as usize]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, root] = args.as_slice() else {
        return Err("usage: link_threshold KB_TEXT_FOLDER".into());
    };
    let root = Path::new(root);
    let (files, _) = walk::list_files(&[root.to_path_buf()]);
    let mut articles = Vec::new();
    for (path, _) in &files {
        let Ok(read) = read_file(path, root, &ReadOptions::default()) else { continue };
        for doc in read.documents {
            articles.push(searchable(&doc, vec![]));
        }
    }
    let mut own = Vec::new();
    let mut other = Vec::new();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for (i, article) in articles.iter().enumerate() {
        let told = ["SYMPTOMS", "SUMMARY", "CAUSE"]
            .iter()
            .find_map(|name| article.sections.iter().find(|s| s.name.eq_ignore_ascii_case(name)));
        let Some(section) = told else { continue };
        let Some(sentence) = first_sentence(&section.text) else { continue };
        let mut without = article.clone();
        for s in &mut without.sections {
            s.text = s.text.split_whitespace().collect::<Vec<_>>().join(" ").replace(&sentence, "");
        }
        own.push(similarity(&sentence, &without));
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let j = (seed % articles.len() as u64) as usize;
        if j != i {
            other.push(similarity(&sentence, &articles[j]));
        }
    }
    own.sort_by(f32::total_cmp);
    other.sort_by(f32::total_cmp);
    println!("articles {}, own pairs {}, random pairs {}", articles.len(), own.len(), other.len());
    for (name, values) in [("own", &own), ("random", &other)] {
        let ps: Vec<String> = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]
            .iter()
            .map(|&p| format!("{:.3}", percentile(values, p)))
            .collect();
        println!("{name:>6} p1 p5 p10 p25 p50 p75 p90 p95 p99: {}", ps.join(" "));
    }
    // The threshold that best tells the two apart: the most own pairs
    // passing less the random ones passing (Youden's J), in steps of 0.01.
    let mut best = (f32::MIN, 0.0);
    for step in 1..=60 {
        let t = step as f32 * 0.01;
        let pass = |v: &[f32]| v.iter().filter(|&&x| x >= t).count() as f32 / v.len() as f32;
        let j = pass(&own) - pass(&other);
        if j > best.0 {
            best = (j, t);
        }
        if step % 5 == 0 {
            println!("threshold {t:.2}: own pass {:.3}, random pass {:.3}", pass(&own), pass(&other));
        }
    }
    println!("best threshold {:.2} (own pass less random pass {:.3})", best.1, best.0);
    Ok(())
}
