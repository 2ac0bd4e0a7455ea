//! Stage 4: pasted text -> entries and signals -> queries -> ranked hits.
pub mod logline;
pub mod mask;
