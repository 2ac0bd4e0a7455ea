//! Texts read by the sentence model, for `benches/fit/fit_adapter.py`:
//! each line of a tab-separated file (a key, then the text) encoded as a
//! question is (`encoder::PASTE_TOKENS` word pieces), its vector written
//! as 384 little-endian f32 numbers, in the file's order.
//!
//! ```sh
//! cargo run --release --manifest-path benches/fit/Cargo.toml --bin encode_texts -- MODEL IN.tsv OUT.f32
//! ```
//!
//! Progress goes to stderr every 4,096 texts. The same model and file
//! give the same vectors.

use kbmatch::SentenceModel;
use kbmatch::encoder::PASTE_TOKENS;
use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, model, input, out] = args.as_slice() else {
        return Err("usage: encode_texts MODEL IN.tsv OUT.f32".into());
    };
    let model = SentenceModel::load(model)?;
    let mut texts = Vec::new();
    for (n, line) in std::io::BufReader::new(std::fs::File::open(input)?).lines().enumerate() {
        let line = line?;
        let Some((_, text)) = line.split_once('\t') else {
            return Err(format!("{input}:{}: no tab between the key and the text", n + 1).into());
        };
        texts.push(text.to_string());
    }
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    for (done, chunk) in texts.chunks(4_096).enumerate() {
        let chunk: Vec<&str> = chunk.iter().map(String::as_str).collect();
        for vector in model.encode(&chunk, PASTE_TOKENS)? {
            for x in vector {
                file.write_all(&x.to_le_bytes())?;
            }
        }
        eprintln!("{} of {} texts", done * 4_096 + chunk.len(), texts.len());
    }
    file.flush()?;
    Ok(())
}
