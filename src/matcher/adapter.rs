//! The question side of meaning, fitted on the archive: a linear map over
//! the sentence model's vector of a paste (`q + q·D`, then length one),
//! that moves a description nearer the stored vector of the article that
//! answers it. The articles' vectors are not touched, so an index built
//! with the model needs no new build. Fitted by `benches/fit/fit_adapter.py`
//! (softmax over every article vector of the full index; the archive's
//! titles and the training descriptions as questions) and kept in
//! `adapter.bin`: `KBADPT01`, the fingerprint of the model it was fitted
//! for (as `sentences.bin` states it), then D's [`DIMENSIONS`] ×
//! [`DIMENSIONS`] numbers, row by row, little-endian. Another model's
//! vectors are left as they are.

use std::sync::LazyLock;

use crate::encoder::DIMENSIONS;

const ADAPTER_BIN: &[u8] = include_bytes!("adapter.bin");

const MAGIC: &[u8; 8] = b"KBADPT01";

/// The fitted map: the model it was fitted for, and D.
struct Adapter {
    fingerprint: u64,
    d: Vec<f32>,
}

static ADAPTER: LazyLock<Option<Adapter>> = LazyLock::new(|| read(ADAPTER_BIN));

fn read(bytes: &[u8]) -> Option<Adapter> {
    let body = bytes.strip_prefix(MAGIC)?;
    let (fingerprint, numbers) = body.split_first_chunk::<8>()?;
    if numbers.len() != DIMENSIONS * DIMENSIONS * 4 {
        return None;
    }
    let d = numbers.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    Some(Adapter { fingerprint: u64::from_le_bytes(*fingerprint), d })
}

/// `vector` (a paste's, of the model whose fingerprint is `fingerprint`)
/// through the fitted map, of length one again; as it is where the map
/// was fitted for another model.
pub fn adapt(vector: Vec<f32>, fingerprint: u64) -> Vec<f32> {
    match ADAPTER.as_ref() {
        Some(adapter) if adapter.fingerprint == fingerprint => apply(adapter, vector),
        _ => vector,
    }
}

fn apply(adapter: &Adapter, vector: Vec<f32>) -> Vec<f32> {
    if vector.len() != DIMENSIONS {
        return vector;
    }
    let mut out = vector.clone();
    for (x, row) in vector.iter().zip(adapter.d.chunks_exact(DIMENSIONS)) {
        for (o, d) in out.iter_mut().zip(row) {
            *o += x * d;
        }
    }
    let norm = out.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        out.iter_mut().for_each(|x| *x /= norm);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adapter(fingerprint: u64, d: impl Fn(usize, usize) -> f32) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend(fingerprint.to_le_bytes());
        for i in 0..DIMENSIONS {
            for j in 0..DIMENSIONS {
                bytes.extend(d(i, j).to_le_bytes());
            }
        }
        bytes
    }

    #[test]
    fn the_committed_adapter_reads() {
        let adapter = read(ADAPTER_BIN).expect("adapter.bin reads");
        assert_eq!(adapter.d.len(), DIMENSIONS * DIMENSIONS);
    }

    #[test]
    fn a_vector_goes_through_the_map_and_keeps_length_one() {
        // D moves the first number's weight onto the second.
        let adapter = read(&adapter(7, |i, j| if (i, j) == (0, 1) { 1.0 } else { 0.0 })).unwrap();
        let mut vector = vec![0.0; DIMENSIONS];
        vector[0] = 1.0;
        let out = apply(&adapter, vector);
        let half = std::f32::consts::FRAC_1_SQRT_2;
        assert!((out[0] - half).abs() < 1e-6 && (out[1] - half).abs() < 1e-6, "{:?}", &out[..2]);
    }

    #[test]
    fn another_models_vector_and_a_damaged_file_are_left_alone() {
        let mut vector = vec![0.0; DIMENSIONS];
        vector[3] = 1.0;
        let fitted = ADAPTER.as_ref().map_or(0, |a| a.fingerprint);
        assert_eq!(adapt(vector.clone(), fitted.wrapping_add(1)), vector);
        assert!(read(&adapter(7, |_, _| 0.0)[..100]).is_none());
        assert!(read(b"KBADPT00").is_none());
    }
}
