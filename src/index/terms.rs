//! Reading an index's terms: each live term of a field with the number of
//! live articles holding it (the product list, the table of code facts).

use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, TERMINATED};

/// Call `each(term, articles)` for every term of an exact field with the
/// number of live articles holding it (an updated index still counts its
/// deleted articles in a term's document frequency); terms that only
/// deleted articles hold are left out.
pub(crate) fn for_each_live_term(
    searcher: &Searcher,
    field: Field,
    mut each: impl FnMut(&str, u32),
) -> tantivy::Result<()> {
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let alive = segment.alive_bitset();
        let mut terms = inverted.terms().stream()?;
        while terms.advance() {
            let Ok(term) = std::str::from_utf8(terms.key()) else { continue };
            let info = terms.value();
            let count = match alive {
                None => info.doc_freq,
                Some(alive) => {
                    let mut postings = inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
                    let mut n = 0;
                    while postings.doc() != TERMINATED {
                        n += u32::from(alive.is_alive(postings.doc()));
                        postings.advance();
                    }
                    n
                }
            };
            if count > 0 {
                each(term, count);
            }
        }
    }
    Ok(())
}
