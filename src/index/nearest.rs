//! The stored sentence vectors nearest a question's, over every row: a
//! first pass over the rows in 8-bit integers (a quarter of the memory
//! that each question must stream: 23 MB rather than 93 MB for the
//! archive's 60,630 vectors), then the exact dot product for the short
//! list it keeps. The first pass only chooses which rows the exact one
//! sees: each row's integers are its numbers scaled so that the largest
//! is 127, which moves a cosine by about 0.002, far less than the gap
//! between the last of the `most` kept and the last of the short list.

use crate::encoder::DIMENSIONS;

/// Rows the exact pass re-scores for each row asked: the short list is
/// `most * SHORTLIST` long.
const SHORTLIST: usize = 4;

/// Every row's numbers as 8-bit integers, and the number each row's were
/// divided by.
#[derive(Debug, Default)]
pub struct Quantized {
    codes: Vec<i8>,
    scales: Vec<f32>,
}

impl Quantized {
    /// The rows of `matrix` (each [`DIMENSIONS`] numbers) in integers.
    pub fn of(matrix: &[f32]) -> Quantized {
        let rows = matrix.len() / DIMENSIONS;
        let mut quantized = Quantized { codes: Vec::with_capacity(rows * DIMENSIONS), scales: Vec::with_capacity(rows) };
        for row in matrix.chunks_exact(DIMENSIONS) {
            quantized.scales.push(quantize(row, &mut quantized.codes));
        }
        quantized
    }
}

/// Append `row` in integers to `codes`; the number they were divided by.
fn quantize(row: &[f32], codes: &mut Vec<i8>) -> f32 {
    let largest = row.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if largest > 0.0 { largest / 127.0 } else { 1.0 };
    // Rounded half away from zero by hand: `f32::round` is a call on
    // processors without SSE4.1, this is vector instructions on all.
    let inverse = 1.0 / scale;
    codes.extend(row.iter().map(|x| (x * inverse + 0.5f32.copysign(*x)) as i8));
    scale
}

/// The `most` rows of `matrix` (its integers `quantized`) with the largest
/// dot product with `vector`, among those `keep` accepts: (dot product,
/// row), largest first.
pub fn nearest(
    matrix: &[f32],
    quantized: &Quantized,
    vector: &[f32],
    most: usize,
    keep: impl Fn(usize) -> bool,
) -> Vec<(f32, usize)> {
    if most == 0 || vector.len() != DIMENSIONS {
        return Vec::new();
    }
    let mut query = Vec::with_capacity(DIMENSIONS);
    quantize(vector, &mut query);
    let approximate = integer_dots(&quantized.codes, &query);
    let shortlist = best(
        approximate.iter().zip(&quantized.scales).map(|(&d, &scale)| d as f32 * scale).enumerate(),
        most * SHORTLIST,
        &keep,
    );
    let mut exact: Vec<(f32, usize)> = shortlist
        .into_iter()
        .map(|(_, row)| (dot(vector, &matrix[row * DIMENSIONS..(row + 1) * DIMENSIONS]), row))
        .collect();
    exact.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    exact.truncate(most);
    exact
}

/// The `most` largest of `scores` (row, score) among the rows `keep`
/// accepts, largest first.
fn best(scores: impl Iterator<Item = (usize, f32)>, most: usize, keep: &impl Fn(usize) -> bool) -> Vec<(f32, usize)> {
    let mut best: Vec<(f32, usize)> = Vec::with_capacity(most + 1);
    for (row, score) in scores {
        if (best.len() < most || best.last().is_some_and(|&(worst, _)| score > worst)) && keep(row) {
            let at = best.partition_point(|&(s, _)| s >= score);
            best.insert(at, (score, row));
            best.truncate(most);
        }
    }
    best
}

/// The dot product of `vector` with each row of `codes`, in integers.
/// With the encoder (the crates that run it are there), compiled once per
/// kind of processor by `pulp` and the widest the processor has chosen at
/// run time (AVX-512 or AVX2 where there is one).
fn integer_dots(codes: &[i8], vector: &[i8]) -> Vec<i32> {
    #[cfg(feature = "encoder")]
    {
        pulp::Arch::new().dispatch(IntegerDots { codes, vector })
    }
    #[cfg(not(feature = "encoder"))]
    {
        all_integer_dots(codes, vector)
    }
}

/// [`integer_dots`]' work for `pulp`, which compiles
/// [`pulp::WithSimd::with_simd`] once per kind of processor: what it calls
/// must be inlined into it (a function compiled apart would not get the
/// wider vectors).
#[cfg(feature = "encoder")]
struct IntegerDots<'a> {
    codes: &'a [i8],
    vector: &'a [i8],
}

#[cfg(feature = "encoder")]
impl pulp::WithSimd for IntegerDots<'_> {
    type Output = Vec<i32>;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> Vec<i32> {
        all_integer_dots(self.codes, self.vector)
    }
}

#[inline(always)]
fn all_integer_dots(codes: &[i8], vector: &[i8]) -> Vec<i32> {
    let mut scores = Vec::with_capacity(codes.len() / DIMENSIONS);
    for row in codes.chunks_exact(DIMENSIONS) {
        scores.push(integer_dot(vector, row));
    }
    scores
}

/// Summed in 32 lanes of 32-bit integers, which the compiler turns into
/// SIMD (a product of two 8-bit integers and 384 of them summed fit).
#[inline(always)]
fn integer_dot(a: &[i8], b: &[i8]) -> i32 {
    let mut lanes = [0i32; 32];
    for (x, y) in a.chunks_exact(32).zip(b.chunks_exact(32)) {
        for ((lane, &x), &y) in lanes.iter_mut().zip(x).zip(y) {
            *lane += i32::from(x) * i32::from(y);
        }
    }
    let tail = a.len() - a.len() % 32;
    lanes.iter().sum::<i32>() + a[tail..].iter().zip(&b[tail..]).map(|(&x, &y)| i32::from(x) * i32::from(y)).sum::<i32>()
}

/// The dot product of two vectors, summed in sixteen lanes (which the
/// compiler turns into SIMD): the cosine of two vectors of length one, to
/// rounding.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 16];
    let (a16, b16) = (a.chunks_exact(16), b.chunks_exact(16));
    let tail: f32 = a16.remainder().iter().zip(b16.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in a16.zip(b16) {
        for ((lane, x), y) in lanes.iter_mut().zip(x).zip(y) {
            *lane += x * y;
        }
    }
    lanes.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rows` unit vectors, spread over the sphere by a fixed recipe.
    fn unit_rows(rows: usize) -> Vec<f32> {
        let mut matrix = Vec::with_capacity(rows * DIMENSIONS);
        for r in 0..rows {
            let row: Vec<f32> = (0..DIMENSIONS).map(|i| ((r * 7919 + i * 104_729) as f32 * 0.001).sin()).collect();
            let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt();
            matrix.extend(row.iter().map(|x| x / norm));
        }
        matrix
    }

    fn exact_order(matrix: &[f32], vector: &[f32], most: usize) -> Vec<usize> {
        let mut all: Vec<(f32, usize)> =
            matrix.chunks_exact(DIMENSIONS).enumerate().map(|(row, r)| (dot(vector, r), row)).collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        all.into_iter().take(most).map(|(_, row)| row).collect()
    }

    #[test]
    fn the_short_list_in_integers_keeps_the_exact_nearest_with_their_exact_cosines() {
        let matrix = unit_rows(2_000);
        let quantized = Quantized::of(&matrix);
        assert_eq!((quantized.codes.len(), quantized.scales.len()), (2_000 * DIMENSIONS, 2_000));
        for probe in [3usize, 500, 1_999] {
            let vector = &matrix[probe * DIMENSIONS..(probe + 1) * DIMENSIONS];
            let found = nearest(&matrix, &quantized, vector, 10, |_| true);
            let rows: Vec<usize> = found.iter().map(|&(_, row)| row).collect();
            assert_eq!(rows, exact_order(&matrix, vector, 10));
            assert_eq!(rows[0], probe);
            assert!((found[0].0 - 1.0).abs() < 1e-5, "{}", found[0].0);
        }
    }

    #[test]
    fn rows_not_kept_are_never_returned() {
        let matrix = unit_rows(50);
        let quantized = Quantized::of(&matrix);
        let vector = &matrix[4 * DIMENSIONS..5 * DIMENSIONS];
        let found = nearest(&matrix, &quantized, vector, 3, |row| row % 2 == 1);
        assert_eq!(found.len(), 3);
        assert!(found.iter().all(|&(_, row)| row % 2 == 1), "{found:?}");
        assert_eq!(nearest(&matrix, &quantized, vector, 0, |_| true), Vec::new());
        assert_eq!(nearest(&matrix, &quantized, &vector[1..], 3, |_| true), Vec::new(), "a vector of another length");
    }

    #[test]
    fn the_dot_products_in_lanes_are_the_plain_ones() {
        let a: Vec<f32> = (0..DIMENSIONS + 3).map(|i| (i as f32 * 0.37).sin()).collect();
        let b: Vec<f32> = (0..DIMENSIONS + 3).map(|i| (i as f32 * 0.11).cos()).collect();
        let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - plain).abs() < 1e-4, "{} against {plain}", dot(&a, &b));
        let x: Vec<i8> = (0..DIMENSIONS as i32).map(|i| (i % 255 - 127) as i8).collect();
        let y: Vec<i8> = (0..DIMENSIONS as i32).map(|i| (i * 37 % 255 - 127) as i8).collect();
        let plain: i32 = x.iter().zip(&y).map(|(&p, &q)| i32::from(p) * i32::from(q)).sum();
        assert_eq!(integer_dot(&x, &y), plain);
        let codes: Vec<i8> = x.iter().chain(&y).copied().collect();
        assert_eq!(integer_dots(&codes, &x), vec![x.iter().map(|&p| i32::from(p) * i32::from(p)).sum::<i32>(), plain]);
    }
}
