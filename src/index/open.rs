//! Open a built index for reading: check its manifest, register analyzers,
//! keep one reader for the life of the process.

use super::layout::{self, Manifest};
use super::schema::{self, Fields, SCHEMA_VERSION};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::extract::EXTRACTOR_VERSION;
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

/// An open index: the articles, searchable.
pub struct KbIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    manifest: Manifest,
    dir: PathBuf,
    generation: PathBuf,
}

impl std::fmt::Debug for KbIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KbIndex").field("generation", &self.generation).finish()
    }
}

impl KbIndex {
    /// Open the index in `dir`. Fails with [`Error::IndexMissing`],
    /// [`Error::IndexOutdated`] or [`Error::IndexDamaged`], each saying to
    /// run `kbmatch index`.
    pub fn open(dir: &Path) -> Result<KbIndex> {
        let generation = layout::current_generation(dir)?
            .ok_or_else(|| Error::IndexMissing(dir.to_path_buf()))?;
        if !generation.is_dir() {
            return Err(Error::IndexDamaged {
                path: dir.to_path_buf(),
                why: format!("generation {} is missing", generation.display()),
            });
        }
        let manifest = layout::read_manifest(dir, &generation)?;
        if manifest.schema_version != SCHEMA_VERSION || manifest.extractor_version != EXTRACTOR_VERSION {
            return Err(Error::IndexOutdated {
                path: dir.to_path_buf(),
                found_schema: manifest.schema_version,
                found_extractor: manifest.extractor_version,
                want_schema: SCHEMA_VERSION,
                want_extractor: EXTRACTOR_VERSION,
            });
        }
        let damaged = |why: String| Error::IndexDamaged { path: dir.to_path_buf(), why };
        let index = Index::open_in_dir(&generation).map_err(|e| damaged(e.to_string()))?;
        schema::register_analyzers(&index);
        let fields = Fields::from_schema(&index.schema()).map_err(|e| damaged(e.to_string()))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| damaged(e.to_string()))?;
        Ok(KbIndex { index, reader, fields, manifest, dir: dir.to_path_buf(), generation })
    }

    /// The tantivy index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// A searcher over the index (cheap; take one per request).
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The schema's fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// What was recorded when the index was built.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Size on disk of the live generation, in bytes.
    pub fn size_bytes(&self) -> u64 {
        layout::folder_bytes(&self.generation)
    }

    /// The stored article at an address.
    pub fn article_at(&self, searcher: &Searcher, address: DocAddress) -> Result<Article> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let json = doc
            .get_first(self.fields.article)
            .and_then(|v| v.as_str())
            .ok_or_else(|| Error::IndexDamaged {
                path: self.dir.clone(),
                why: "a document has no stored article".into(),
            })?;
        Ok(serde_json::from_str(json)?)
    }

    /// The article with this id (exact; for KB numbers also `q319207`,
    /// `319207` and `KB319207`).
    pub fn article(&self, id: &str) -> Result<Article> {
        let searcher = self.searcher();
        for candidate in id_variants(id) {
            let term = Term::from_field_text(self.fields.id, &candidate);
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
            if let Some((_, address)) = top.first() {
                return self.article_at(&searcher, *address);
            }
        }
        Err(Error::ArticleNotFound(id.to_string()))
    }
}

/// The spellings a person may use for an article id.
fn id_variants(id: &str) -> Vec<String> {
    let id = id.trim();
    let mut out = vec![id.to_string()];
    let upper = id.to_uppercase();
    let digits = upper.trim_start_matches("KB").trim_start_matches('Q');
    if !digits.is_empty() && digits.len() <= 7 && digits.bytes().all(|b| b.is_ascii_digit()) {
        out.push(format!("Q{digits:0>6}"));
        out.push(format!("Q{digits}"));
    }
    if !id.starts_with('/') && id.contains('/') == false && !id.contains('.') {
        // A blog slug typed without its slashes: try the permalink form too.
        out.push(format!("/{id}/"));
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::id_variants;

    #[test]
    fn kb_ids_are_found_in_every_spelling() {
        assert!(id_variants("q319207").contains(&"Q319207".to_string()));
        assert!(id_variants("KB319207").contains(&"Q319207".to_string()));
        assert!(id_variants("319207").contains(&"Q319207".to_string()));
    }
}
