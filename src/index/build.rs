//! Build an index from corpus folders: walk, read and extract in parallel,
//! write a new generation, swap it in.

use super::layout::{self, Manifest};
use super::schema::{self, Fields, SCHEMA_VERSION};
use crate::error::{Error, Result};
use crate::extract::{self, EXTRACTOR_VERSION};
use crate::ingest::{self, Skipped, merge};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Show a progress bar on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Memory budget of the tantivy writer in bytes; default 256 MB.
    pub writer_memory: Option<usize>,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// The manifest written into the new generation.
    pub manifest: Manifest,
    /// Files that were not indexed, with their reasons.
    pub skipped: Vec<Skipped>,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// The new generation's folder.
    pub generation: PathBuf,
}

/// Build an index of every article under `corpus` into `index_dir`.
/// Bad files are skipped (listed in the summary); the previous index stays
/// live until the new one is complete.
pub fn build(corpus: &[PathBuf], index_dir: &Path, options: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    for root in corpus {
        if !root.exists() {
            return Err(Error::CorpusMissing(root.clone()));
        }
    }
    let lock = layout::lock(index_dir)?;

    let (files, mut skipped) = ingest::walk::list_files(corpus);
    let bar = progress_bar(options.progress, files.len() as u64);
    let (documents, read_skipped) = ingest::walk::read_all(&files, &|n| bar.inc(n));
    bar.finish_and_clear();
    skipped.extend(read_skipped);
    let sources = documents.len() as u64;
    let merged = merge::merge(documents);
    if merged.is_empty() {
        let names: Vec<String> = corpus.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::EmptyCorpus(names.join(", ")));
    }

    let (building, name) = layout::start_generation(index_dir, &lock)?;
    let schema = schema::build_schema();
    let fields = Fields::from_schema(&schema)?;
    let index = tantivy::Index::create_in_dir(&building, schema)?;
    schema::register_analyzers(&index);
    let threads = rayon::current_num_threads().clamp(1, 8);
    let memory = options.writer_memory.unwrap_or(256 << 20).max(threads * 16 << 20);
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(threads, memory)?;

    let by_kind = merged
        .par_iter()
        .map(|m| {
            let article = extract::extract(&m.doc, m.sources.clone());
            let doc = schema::to_document(&fields, &article)?;
            writer.add_document(doc)?;
            Ok(article.kind.as_str())
        })
        .try_fold(BTreeMap::<String, u64>::new, |mut counts, kind: Result<&str>| {
            *counts.entry(kind?.to_string()).or_default() += 1;
            Ok::<_, Error>(counts)
        })
        .try_reduce(BTreeMap::new, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_default() += v;
            }
            Ok(a)
        })?;
    writer.commit()?;
    writer.wait_merging_threads()?;

    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        extractor_version: EXTRACTOR_VERSION,
        articles: merged.len() as u64,
        by_kind,
        sources,
        skipped: skipped.len() as u64,
        corpus: corpus.iter().map(|p| p.display().to_string()).collect(),
        built_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
    };
    let manifest_path = building.join(layout::MANIFEST);
    std::fs::write(&manifest_path, serde_json::to_vec_pretty(&manifest)?)
        .map_err(|e| Error::io(&manifest_path, e))?;
    let generation = layout::publish(index_dir, &building, &name, &lock)?;
    Ok(BuildSummary { manifest, skipped, seconds: started.elapsed().as_secs_f64(), generation })
}

fn progress_bar(enabled: bool, total: u64) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "reading {bar:30} {pos}/{len} files  {per_sec}  ETA {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}
