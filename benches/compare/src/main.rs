//! kbmatch against SQLite FTS5 on the KB archive: full build (time, files/s,
//! MB/s, peak memory, size), query latency (in-process and through the CLI),
//! cold one-shot match, and re-index (nothing changed, 1 % changed).
//!
//! ```console
//! cargo build --release
//! cargo run --release --manifest-path benches/compare/Cargo.toml -- --shared ../shared
//! ```
//!
//! Every figure is the median of several runs after a warm-up; inputs are
//! fixed (the archive's KB pages, the dev query sets, a fixed 1 % of files
//! chosen by position), so two runs on one machine compare. Children are
//! measured with `wait4`, which gives their CPU time and peak resident set
//! (VmHWM) as well as the wall time: on a shared machine CPU time is the
//! steadier figure.

use kbmatch::index::KbIndex;
use kbmatch::matcher::{self, query, rank, retrieve};
use rusqlite::Connection;
use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Candidates the matcher re-ranks (`matcher::CANDIDATES`, private there).
const CANDIDATES: usize = 40;
/// Hits asked for per query, as `kbmatch match` does by default.
const LIMIT: usize = 5;
/// The pasted line of the cold one-shot run (the README's example).
const COLD_LINE: &str = r#"Cannot update the package server ["Display=\\DP02\"]MSWNET:["SMS_SITE=SYD"]\\DP02\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>"#;

struct Opts {
    shared: PathBuf,
    corpus: Option<PathBuf>,
    kbmatch: PathBuf,
    work: PathBuf,
    runs: usize,
    query_runs: usize,
    fts_runs: usize,
    cold_runs: usize,
    sections: Vec<String>,
}

fn usage() -> ! {
    eprintln!(
        "usage: compare [--shared DIR] [--corpus DIR] [--kbmatch BIN] [--work DIR] [--runs N]\n\
         \x20              [--query-runs N] [--fts-runs N] [--cold-runs N] [--only build,query,cold,reindex]\n\
         defaults: --shared ../shared beside the repository, --corpus <repo>/target/bench-corpus/kb\n\
         (unpacked from <shared>/corpus/kbarchive-kb.tar.gz on first use), --kbmatch\n\
         <repo>/target/release/kbmatch, --work <repo>/target/bench-work, --runs 3"
    );
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("fts-index") {
        // Child mode: build the FTS5 database, so that its time and memory
        // are measured exactly as kbmatch's are.
        let (Some(corpus), Some(db)) = (args.get(1), args.get(2)) else { usage() };
        fts_build(Path::new(corpus), Path::new(db)).unwrap_or_else(|e| panic!("fts5 build: {e}"));
        return;
    }
    if args.first().map(String::as_str) == Some("profile") {
        // Where a build's time goes, one thread, phase by phase.
        let Some(corpus) = args.get(1) else { usage() };
        profile(Path::new(corpus));
        return;
    }
    let repo = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let repo = repo.canonicalize().unwrap_or(repo);
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo.join("target"));
    let mut opts = Opts {
        shared: repo.join("../shared"),
        corpus: None,
        kbmatch: target.join("release/kbmatch"),
        work: repo.join("target/bench-work"),
        runs: 3,
        query_runs: 5,
        fts_runs: 3,
        cold_runs: 15,
        sections: ["build", "query", "cold", "reindex"].map(String::from).to_vec(),
    };
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--shared" => opts.shared = PathBuf::from(value()),
            "--corpus" => opts.corpus = Some(PathBuf::from(value())),
            "--kbmatch" => opts.kbmatch = PathBuf::from(value()),
            "--work" => opts.work = PathBuf::from(value()),
            "--runs" => opts.runs = value().parse().unwrap_or_else(|_| usage()),
            "--query-runs" => opts.query_runs = value().parse().unwrap_or_else(|_| usage()),
            "--fts-runs" => opts.fts_runs = value().parse().unwrap_or_else(|_| usage()),
            "--cold-runs" => opts.cold_runs = value().parse().unwrap_or_else(|_| usage()),
            "--only" => opts.sections = value().split(',').map(String::from).collect(),
            _ => usage(),
        }
    }
    if !opts.kbmatch.is_file() {
        eprintln!("no kbmatch binary at {}: run `cargo build --release` first", opts.kbmatch.display());
        std::process::exit(2);
    }
    fs::create_dir_all(&opts.work).expect("create the work folder");
    let corpus = opts.corpus.clone().unwrap_or_else(|| unpack_corpus(&opts.shared, &repo.join("target/bench-corpus")));
    let mut report = Report::default();
    let files = corpus_files(&corpus);
    let raw_bytes: u64 = files.iter().map(|f| fs::metadata(f).map(|m| m.len()).unwrap_or(0)).sum();
    report.line(format!(
        "corpus: {} ({} files, {:.1} MB); kbmatch: {}; {} cores; load average {}",
        corpus.display(),
        files.len(),
        raw_bytes as f64 / 1e6,
        opts.kbmatch.display(),
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    ));
    let index = opts.work.join("kbmatch-index");
    let db = opts.work.join("fts5.db");
    let want = |s: &str| opts.sections.iter().any(|x| x == s);

    let mut full_build = None;
    if want("build") || !index.join("CURRENT").is_file() || !db.is_file() {
        full_build = Some(bench_build(&opts, &corpus, &index, &db, files.len(), raw_bytes, &mut report));
    }
    if want("query") {
        bench_query(&opts, &index, &db, &mut report);
    }
    if want("cold") {
        bench_cold(&opts, &index, &mut report);
    }
    if want("reindex") {
        bench_reindex(&opts, &corpus, &index, full_build, &mut report);
    }
    println!("\n{}", report.text);
}

/// The report, printed at the end (progress goes to stderr meanwhile).
#[derive(Default)]
struct Report {
    text: String,
}

impl Report {
    fn line(&mut self, line: String) {
        eprintln!("{line}");
        self.text.push_str(&line);
        self.text.push('\n');
    }
}

/// Unpack the archive's KB pages once into `dest` and return the `kb` folder.
fn unpack_corpus(shared: &Path, dest: &Path) -> PathBuf {
    let kb = dest.join("kb");
    if dest.join(".unpacked").is_file() {
        return kb;
    }
    let archive = shared.join("corpus/kbarchive-kb.tar.gz");
    eprintln!("unpacking {} into {} (once)", archive.display(), dest.display());
    let _ = fs::remove_dir_all(dest);
    fs::create_dir_all(dest).expect("create the corpus folder");
    let status = Command::new("tar").arg("-xzf").arg(&archive).arg("-C").arg(dest).status().expect("run tar");
    assert!(status.success(), "tar -xzf {} failed", archive.display());
    fs::write(dest.join(".unpacked"), "").expect("mark the corpus unpacked");
    kb
}

/// The corpus files in sorted walk order (the order both engines read them in).
fn corpus_files(corpus: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(corpus)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// What a child process cost.
#[derive(Clone, Copy, Debug)]
struct Measured {
    wall: f64,
    cpu: f64,
    peak_kb: u64,
}

/// Run a command to its end and measure it with `wait4` (which reaps it:
/// std's `wait` would not give the child's resource usage). Its stderr goes to
/// `log`; a failure aborts the benchmark with that log.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command, log: &Path) -> Measured {
    let err = fs::File::create(log).expect("create the log file");
    let started = Instant::now();
    let child = cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(err).spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet reaped (std never waits on drop).
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed().as_secs_f64();
    assert_eq!(reaped, pid, "wait4 failed");
    let ok = libc::WIFEXITED(status) && matches!(libc::WEXITSTATUS(status), 0 | 1);
    assert!(ok, "{:?} failed (status {status}):\n{}", cmd, fs::read_to_string(log).unwrap_or_default());
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Measured { wall, cpu: secs(usage.ru_utime) + secs(usage.ru_stime), peak_kb: usage.ru_maxrss as u64 }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    if xs.is_empty() { 0.0 } else { xs[xs.len() / 2] }
}

fn median_measured(ms: &[Measured]) -> Measured {
    Measured {
        wall: median(ms.iter().map(|m| m.wall).collect()),
        cpu: median(ms.iter().map(|m| m.cpu).collect()),
        peak_kb: ms.iter().map(|m| m.peak_kb).max().unwrap_or(0),
    }
}

/// Bytes under a folder, recursively (lock files included: they are empty).
fn tree_bytes(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Bytes of the live generation of a kbmatch index.
fn generation_bytes(index: &Path) -> u64 {
    let name = fs::read_to_string(index.join("CURRENT")).unwrap_or_default();
    tree_bytes(&index.join(name.trim()))
}

fn kbmatch_index(opts: &Opts, corpus: &Path, index: &Path) -> Command {
    let mut cmd = Command::new(&opts.kbmatch);
    cmd.arg("index").arg("--corpus").arg(corpus).arg("--index").arg(index);
    cmd
}

/// Full builds of both engines, alternating, `runs` times each.
fn bench_build(
    opts: &Opts,
    corpus: &Path,
    index: &Path,
    db: &Path,
    files: usize,
    raw_bytes: u64,
    report: &mut Report,
) -> Measured {
    // Warm-up: bring every file into the page cache so neither engine pays
    // for the first read from disk.
    let started = Instant::now();
    for file in corpus_files(corpus) {
        let _ = fs::read(file);
    }
    eprintln!("warm-up read of the corpus: {:.1} s", started.elapsed().as_secs_f64());
    let me = std::env::current_exe().expect("own path");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for run in 0..opts.runs {
        let _ = fs::remove_dir_all(index);
        let m = measure(&mut kbmatch_index(opts, corpus, index), &opts.work.join("build.log"));
        eprintln!("  run {run}: kbmatch {:.1} s wall, {:.1} s cpu, {} MB peak", m.wall, m.cpu, m.peak_kb / 1024);
        ours.push(m);
        let m = measure(Command::new(&me).arg("fts-index").arg(corpus).arg(db), &opts.work.join("fts.log"));
        eprintln!("  run {run}: fts5    {:.1} s wall, {:.1} s cpu, {} MB peak", m.wall, m.cpu, m.peak_kb / 1024);
        theirs.push(m);
    }
    let (a, b) = (median_measured(&ours), median_measured(&theirs));
    let (size_a, size_b) = (generation_bytes(index), fs::metadata(db).map(|m| m.len()).unwrap_or(0));
    let mb = raw_bytes as f64 / 1e6;
    report.line(String::new());
    report.line(format!("## Full build ({files} KB pages, {mb:.1} MB; median of {} runs)", opts.runs));
    report.line(String::new());
    report.line("| engine | wall s | cpu s | files/s | MB/s | peak MB | index MB | index / raw |".into());
    report.line("|---|---:|---:|---:|---:|---:|---:|---:|".into());
    for (name, m, size) in [("kbmatch (all extraction)", a, size_a), ("SQLite FTS5 (title+body, porter)", b, size_b)] {
        report.line(format!(
            "| {name} | {:.1} | {:.1} | {:.0} | {:.1} | {} | {:.1} | {:.2} |",
            m.wall,
            m.cpu,
            files as f64 / m.wall,
            mb / m.wall,
            m.peak_kb / 1024,
            size as f64 / 1e6,
            size as f64 / raw_bytes as f64
        ));
    }
    report.line(String::new());
    report.line(format!(
        "kbmatch / FTS5: wall {:.2}x, cpu {:.2}x, peak memory {:.2}x, size {:.2}x",
        a.wall / b.wall,
        a.cpu / b.cpu,
        a.peak_kb as f64 / b.peak_kb.max(1) as f64,
        size_a as f64 / size_b.max(1) as f64
    ));
    a
}

/// The FTS5 side of the build: every file, title from the front matter,
/// the whole file as body; one transaction, journal off, then `optimize`
/// (FTS5's merge into one b-tree, as kbmatch merges its segments).
fn fts_build(corpus: &Path, db: &Path) -> rusqlite::Result<()> {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let mut conn = Connection::open(db)?;
    conn.execute_batch(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
         CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='porter');",
    )?;
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare("INSERT INTO t(title, body) VALUES (?1, ?2)")?;
        for file in corpus_files(corpus) {
            let Ok(bytes) = fs::read(&file) else { continue };
            let text = String::from_utf8_lossy(&bytes);
            let title = text
                .lines()
                .take(20)
                .find_map(|l| l.strip_prefix("title:"))
                .map(|t| t.trim().trim_matches('"'))
                .unwrap_or("");
            insert.execute((title, text.as_ref()))?;
        }
    }
    tx.commit()?;
    conn.execute("INSERT INTO t(t) VALUES('optimize')", [])?;
    Ok(())
}

/// One thread, phase by phase: read, merge, each extractor, the index
/// document, tantivy (add + commit). For finding hot spots, not for the table.
fn profile(corpus: &Path) {
    use kbmatch::extract;
    use kbmatch::index::{analysis, document, schema};
    let mut t = Instant::now();
    let mut lap = |name: &str| {
        let now = Instant::now();
        eprintln!("{name:>16}: {:6.2} s", (now - t).as_secs_f64());
        t = now;
    };
    let (files, _) = kbmatch::ingest::walk::list_files(&[corpus.to_path_buf()]);
    lap("walk");
    let bytes: Vec<Vec<u8>> = files.iter().map(|(p, _)| fs::read(p).unwrap_or_default()).collect();
    lap("read bytes");
    let texts: Vec<String> = bytes.iter().filter_map(|b| kbmatch::ingest::decode::decode(b).ok()).collect();
    lap("decode");
    let docs: Vec<_> = texts
        .iter()
        .zip(&files)
        .filter_map(|(text, (p, root))| kbmatch::ingest::read_text(text, p, root).ok())
        .collect();
    lap("format readers");
    drop((bytes, texts));
    let merged = kbmatch::ingest::merge::merge(docs);
    lap("merge");
    let mut per = [Duration::ZERO; 6];
    for m in &merged {
        let doc = &m.doc;
        let t0 = Instant::now();
        std::hint::black_box(extract::kb_header::parse(&doc.body));
        let t1 = Instant::now();
        let sections = extract::sections::split_kb(&doc.body);
        let t2 = Instant::now();
        std::hint::black_box(extract::steps::extract(&sections, doc.kind));
        let t3 = Instant::now();
        std::hint::black_box(extract::signals::extract(&doc.body));
        let t4 = Instant::now();
        std::hint::black_box(extract::messages::extract(&sections, &doc.emphasized));
        let t5 = Instant::now();
        std::hint::black_box(extract::hotfix::extract(&doc.body));
        let t6 = Instant::now();
        for (slot, d) in per.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5]) {
            *slot += d;
        }
    }
    for (name, d) in ["kb_header", "sections", "steps", "signals", "messages", "hotfix"].iter().zip(per) {
        eprintln!("{:>16}: {:6.2} s", format!("  {name}"), d.as_secs_f64());
    }
    lap("extract (all)");
    let articles: Vec<_> = merged.iter().map(|m| extract::extract(&m.doc, m.sources.clone())).collect();
    lap("extract again");
    let json: usize = articles.iter().map(|a| serde_json::to_string(a).map(|j| j.len()).unwrap_or(0)).sum();
    lap("article JSON");
    let aliases: usize = articles.iter().map(|a| extract::aliases::of_article(a).len()).sum();
    eprintln!("aliases per article: {:.1}", aliases as f64 / articles.len() as f64);
    lap("aliases");
    let dir = std::env::temp_dir().join(format!("kbmatch-profile-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    let schema = schema::build_schema();
    let fields = schema::Fields::from_schema(&schema).expect("fields");
    let index = tantivy::Index::create_in_dir(&dir, schema).expect("create");
    analysis::register_analyzers(&index);
    let docs: Vec<_> = articles.iter().map(|a| document::to_document(&fields, a).expect("doc")).collect();
    lap("to_document");
    // Fingerprint of the output: every article's JSON and every index
    // document (all its fields, the aliases text among them), in order. An
    // optimisation of the readers or extractors must leave it unchanged.
    let mut fingerprint = Fnv1a::default();
    for (article, doc) in articles.iter().zip(&docs) {
        fingerprint.write(serde_json::to_string(article).expect("article JSON").as_bytes());
        fingerprint.write(&[0xff]);
        fingerprint.write(tantivy::Document::to_json(doc, &index.schema()).as_bytes());
        fingerprint.write(&[0xfe]);
    }
    eprintln!("     fingerprint: {:016x}", fingerprint.0);
    lap("fingerprinting");
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 256 << 20).expect("writer");
    for doc in docs {
        writer.add_document(doc).expect("add");
    }
    lap("tantivy add");
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
    lap("tantivy commit");
    eprintln!("{} articles, {:.1} MB of article JSON, index {:.1} MB", articles.len(), json as f64 / 1e6, tree_bytes(&dir) as f64 / 1e6);
    let _ = fs::remove_dir_all(&dir);
}

/// FNV-1a, 64 bits: a fixed hash, the same in every run and build.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The dev query sets: (set name, query text).
fn dev_queries(shared: &Path) -> Vec<(String, String)> {
    let mut sets: Vec<PathBuf> = fs::read_dir(shared.join("eval"))
        .expect("read <shared>/eval")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            name.starts_with("dev_") && name.ends_with(".jsonl") && name != "dev_extract.jsonl"
        })
        .collect();
    sets.sort();
    let mut out = Vec::new();
    for set in sets {
        let name = set.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        for line in fs::read_to_string(&set).unwrap_or_default().lines() {
            let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            if let Some(q) = value.get("query").and_then(|q| q.as_str()) {
                out.push((name.clone(), q.to_string()));
            }
        }
    }
    out
}

/// Latency figures over per-query times (seconds).
struct Latency {
    p50: f64,
    p95: f64,
    p99: f64,
    total: f64,
}

fn latency(times: &[f64]) -> Latency {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        if sorted.is_empty() {
            return 0.0;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    };
    Latency { p50: pct(50.0), p95: pct(95.0), p99: pct(99.0), total: sorted.iter().sum() }
}

/// Time `f` once per query, `runs` times after one warm-up pass; each
/// query's time is its median over the runs.
fn per_query(queries: &[(String, String)], runs: usize, mut f: impl FnMut(&str)) -> Vec<f64> {
    for (_, q) in queries {
        f(q);
    }
    let mut samples = vec![Vec::with_capacity(runs); queries.len()];
    for _ in 0..runs {
        for (i, (_, q)) in queries.iter().enumerate() {
            let started = Instant::now();
            f(q);
            samples[i].push(started.elapsed().as_secs_f64());
        }
    }
    samples.into_iter().map(median).collect()
}

/// The FTS5 query for a paste: an OR of its words.
fn fts_query(text: &str) -> Option<String> {
    let mut seen = HashSet::new();
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| seen.insert(w.clone()))
        .take(64)
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" OR "))
}

fn bench_query(opts: &Opts, index: &Path, db: &Path, report: &mut Report) {
    let queries = dev_queries(&opts.shared);
    assert!(!queries.is_empty(), "no dev queries under {}", opts.shared.join("eval").display());
    let opened = Instant::now();
    let kb = KbIndex::open(index).expect("open the kbmatch index");
    let open_secs = opened.elapsed().as_secs_f64();

    let options = kbmatch::SearchOptions::default().limit(LIMIT);
    let weights = matcher::weights::Weights::default();
    let ours = per_query(&queries, opts.query_runs, |q| {
        let hits = matcher::match_text(&kb, q, &options).expect("match");
        std::hint::black_box(hits);
    });

    // Where the time goes: the same steps as match_text, timed one by one.
    let mut phase = [Duration::ZERO; 6];
    let mut fetched = 0usize;
    for _ in 0..opts.query_runs {
        for (_, q) in &queries {
            let t0 = Instant::now();
            let analysis = query::analyze(q).expect("analyze");
            let t1 = Instant::now();
            let searcher = kb.searcher();
            let retrieval = retrieve::build(&kb, &searcher, &analysis, &weights).expect("retrieval");
            let candidates = retrieve::search(&searcher, &retrieval, CANDIDATES, &weights).expect("search");
            let t2 = Instant::now();
            // The stored-document fetches rank does, on their own.
            for &(_, address) in &candidates {
                let doc: tantivy::TantivyDocument = searcher.doc(address).expect("doc");
                std::hint::black_box(doc);
            }
            let t3 = Instant::now();
            let named = matcher::versions::named(&kb, &analysis);
            let mut ranked =
                rank::rank(&kb, &searcher, &analysis, &retrieval, &named, &candidates, &weights).expect("rank");
            ranked.truncate(LIMIT);
            let t4 = Instant::now();
            let articles: Vec<_> =
                ranked.iter().map(|scored| kb.article_at(&searcher, scored.address).expect("article")).collect();
            fetched += articles.len();
            let t5 = Instant::now();
            rank::name_shared_words(&retrieval, &mut ranked);
            std::hint::black_box(&ranked);
            let t6 = Instant::now();
            for (slot, d) in phase.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5]) {
                *slot += d;
            }
        }
    }
    let n = (queries.len() * opts.query_runs) as f64;
    let ms = |d: Duration| d.as_secs_f64() * 1e3 / n;

    let conn = Connection::open(db).expect("open the FTS5 database");
    let mut stmt = conn.prepare("SELECT rowid, title FROM t WHERE t MATCH ?1 ORDER BY bm25(t) LIMIT 10").expect("prepare");
    // FTS5's OR queries are slow: fewer runs (0 skips them).
    let theirs = if opts.fts_runs == 0 { vec![0.0; queries.len()] } else { per_query(&queries, opts.fts_runs, |q| {
        if let Some(expr) = fts_query(q) {
            let rows: Vec<(i64, String)> = stmt
                .query_map([expr], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("fts5 query")
                .collect::<rusqlite::Result<_>>()
                .expect("fts5 rows");
            std::hint::black_box(rows);
        }
    }) };

    // The CLI end to end: process start, open, every query, JSON out.
    let batch = opts.work.join("batch.jsonl");
    let mut file = fs::File::create(&batch).expect("create the batch file");
    for (i, (_, q)) in queries.iter().enumerate() {
        writeln!(file, "{}", serde_json::json!({"qid": i, "query": q})).expect("write the batch file");
    }
    drop(file);
    let cli: Vec<Measured> = (0..opts.runs.max(3))
        .map(|_| {
            let mut cmd = Command::new(&opts.kbmatch);
            cmd.arg("match").arg("--batch").arg(&batch).arg("--index").arg(index);
            measure(&mut cmd, &opts.work.join("batch.log"))
        })
        .collect();
    let cli = median_measured(&cli);

    let (a, b) = (latency(&ours), latency(&theirs));
    report.line(String::new());
    report.line(format!(
        "## Query latency ({} dev queries, limit {LIMIT}; per query: median of {} runs (FTS5: {}) after a warm-up)",
        queries.len(),
        opts.query_runs,
        opts.fts_runs
    ));
    report.line(String::new());
    report.line("| engine | p50 ms | p95 ms | p99 ms | total ms |".into());
    report.line("|---|---:|---:|---:|---:|".into());
    for (name, l) in [("kbmatch match_text (in-process)", &a), ("SQLite FTS5 OR of words, bm25, LIMIT 10", &b)] {
        report.line(format!(
            "| {name} | {:.2} | {:.2} | {:.2} | {:.0} |",
            l.p50 * 1e3,
            l.p95 * 1e3,
            l.p99 * 1e3,
            l.total * 1e3
        ));
    }
    report.line(format!(
        "| kbmatch match --batch (CLI, end to end) | | | | {:.0} ({:.2} per query) |",
        cli.wall * 1e3,
        cli.wall * 1e3 / queries.len() as f64
    ));
    report.line(String::new());
    report.line(format!("FTS5 total / kbmatch total: {:.1}x (index opened once: {:.0} ms)", b.total / a.total, open_secs * 1e3));
    report.line(format!(
        "kbmatch per query, mean ms: analyse {:.3}, retrieve {:.3}, candidate doc fetch ({CANDIDATES}) {:.3}, \
         rank incl. its own fetch {:.3}, hits' article fetch+parse ({:.1}) {:.3}, naming the words in common {:.3}",
        ms(phase[0]),
        ms(phase[1]),
        ms(phase[2]),
        ms(phase[3]),
        fetched as f64 / n,
        ms(phase[4]),
        ms(phase[5])
    ));
    let mut by_set: Vec<(String, Vec<f64>)> = Vec::new();
    for ((set, _), t) in queries.iter().zip(&ours) {
        match by_set.iter_mut().find(|(s, _)| s == set) {
            Some((_, v)) => v.push(*t),
            None => by_set.push((set.clone(), vec![*t])),
        }
    }
    let per_set: Vec<String> = by_set
        .iter()
        .map(|(s, v)| {
            let l = latency(v);
            format!("{s} p50 {:.2} / p95 {:.2}", l.p50 * 1e3, l.p95 * 1e3)
        })
        .collect();
    report.line(format!("kbmatch by set (ms): {}", per_set.join("; ")));
}

fn bench_cold(opts: &Opts, index: &Path, report: &mut Report) {
    let run = || {
        let mut cmd = Command::new(&opts.kbmatch);
        cmd.arg("match").arg("--index").arg(index).arg(COLD_LINE);
        measure(&mut cmd, &opts.work.join("cold.log"))
    };
    for _ in 0..2 {
        run();
    }
    let runs: Vec<Measured> = (0..opts.cold_runs).map(|_| run()).collect();
    let m = median_measured(&runs);
    report.line(String::new());
    report.line(format!("## Cold one-shot `kbmatch match` (start, open, match, print; median of {})", opts.cold_runs));
    report.line(String::new());
    report.line(format!("{:.1} ms wall, {:.1} ms cpu, {} MB peak", m.wall * 1e3, m.cpu * 1e3, m.peak_kb / 1024));
}

/// A KB page's article id: its folder's name (`kb/219/Q219324/README.md`).
fn page_id(file: &Path) -> String {
    file.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Edit a page's article text: the first " the " from the middle of the
/// article on becomes " the <marker> " (the middle of an article is inside
/// one of its sections; its end may be the footer, which is not article
/// text), or, in an article without "the", the marker goes after a space.
fn edit_page(file: &Path, marker: &str) {
    let text = fs::read_to_string(file).unwrap_or_default();
    let start = text.find("{% raw %}").unwrap_or(0);
    let end = text.rfind("{% endraw %}").unwrap_or(text.len());
    let mut mid = start + (end.saturating_sub(start)) / 2;
    while !text.is_char_boundary(mid) {
        mid += 1;
    }
    let the = text[mid..end].find(" the ").map(|i| mid + i).or_else(|| text[start..end].find(" the ").map(|i| start + i));
    let edited = match the {
        Some(at) => format!("{} the {marker}{}", &text[..at], &text[at + 4..]),
        // No "the": after the first space past the middle.
        None => {
            let at = text[mid..end].find(' ').map_or(mid, |i| mid + i);
            format!("{} {marker}{}", &text[..at], &text[at..])
        }
    };
    fs::write(file, edited).expect("edit a page");
}

fn bench_reindex(opts: &Opts, corpus: &Path, index: &Path, full: Option<Measured>, report: &mut Report) {
    // Nothing changed: the same corpus again over the index the build left.
    let unchanged: Vec<Measured> = (0..opts.runs)
        .map(|_| measure(&mut kbmatch_index(opts, corpus, index), &opts.work.join("reindex.log")))
        .collect();
    let note = fs::read_to_string(opts.work.join("reindex.log")).unwrap_or_default();
    let unchanged = median_measured(&unchanged);

    // 1 % changed, on a copy of the corpus.
    let copy = opts.work.join("corpus-copy");
    let copy_index = opts.work.join("copy-index");
    let _ = fs::remove_dir_all(&copy);
    let _ = fs::remove_dir_all(&copy_index);
    let status = Command::new("cp").arg("-r").arg(corpus).arg(&copy).status().expect("run cp");
    assert!(status.success(), "cp -r {} {} failed", corpus.display(), copy.display());
    let base = measure(&mut kbmatch_index(opts, &copy, &copy_index), &opts.work.join("copy.log"));
    let mut files = corpus_files(&copy);
    let mut articles = KbIndex::open(&copy_index).expect("open the copy's index").manifest().articles;
    let mut changed_runs = Vec::new();
    let mut changed_files = 0;
    for run in 0..opts.runs {
        // 1 % of the files by position: most edited, one in twenty removed,
        // and as many new pages added (copies under new ids).
        let marker = format!("zqbench{run}");
        let (mut edited, mut removed, mut added) = (Vec::new(), Vec::new(), Vec::new());
        for (i, file) in files.iter().enumerate() {
            if i % 100 != run % 100 {
                continue;
            }
            if (i / 100) % 20 == 7 {
                let id = page_id(file);
                let source = fs::read_to_string(file).unwrap_or_default();
                let _ = fs::remove_dir_all(file.parent().expect("page folder"));
                removed.push(id.clone());
                let new_id = format!("Q9{run}{:05}", added.len());
                let folder = copy.join("bench").join(&new_id);
                fs::create_dir_all(&folder).expect("create a page folder");
                fs::write(folder.join("README.md"), source.replace(&id, &new_id)).expect("add a page");
                added.push(new_id);
            } else {
                edit_page(file, &marker);
                edited.push(page_id(file));
            }
        }
        changed_files = edited.len() + removed.len() + added.len();
        let m = measure(&mut kbmatch_index(opts, &copy, &copy_index), &opts.work.join("copy.log"));
        eprintln!("  1% run {run}: {} edited, {} removed, {} added: {:.2} s", edited.len(), removed.len(), added.len(), m.wall);
        changed_runs.push(m);
        // Every change must be in the index.
        let kb = KbIndex::open(&copy_index).expect("open the copy's index");
        assert_eq!(kb.manifest().articles, articles, "article count after removing and adding as many");
        let mut missing = Vec::new();
        for id in edited.iter().step_by(10) {
            let article = kb.article(id).unwrap_or_else(|e| panic!("{id}: {e}"));
            if !article.sections.iter().any(|s| s.text.contains(&marker)) {
                missing.push(id.clone());
            }
        }
        assert!(missing.is_empty(), "the edit {marker} is missing from {missing:?}");
        for id in &removed {
            assert!(kb.article(id).is_err(), "removed {id} is still indexed");
        }
        for id in &added {
            assert!(kb.article(id).is_ok(), "added {id} is not indexed");
        }
        articles = kb.manifest().articles;
        files = corpus_files(&copy);
    }
    let changed = median_measured(&changed_runs);
    let full = full.unwrap_or(base);
    report.line(String::new());
    report.line(format!("## Re-index (median of {} runs; changes checked with `show` after each run)", opts.runs));
    report.line(String::new());
    report.line("| case | wall s | cpu s | peak MB | share of a full build (wall) |".into());
    report.line("|---|---:|---:|---:|---:|".into());
    report.line(format!("| full build (above) | {:.2} | {:.2} | {} | 100 % |", full.wall, full.cpu, full.peak_kb / 1024));
    for (name, m) in [("nothing changed".to_string(), unchanged), (format!("1 % changed ({changed_files} files)"), changed)] {
        report.line(format!(
            "| {name} | {:.2} | {:.2} | {} | {:.1} % |",
            m.wall,
            m.cpu,
            m.peak_kb / 1024,
            100.0 * m.wall / full.wall
        ));
    }
    if let Some(last) = note.lines().rev().find(|l| !l.starts_with("warning")) {
        report.line(format!("\nkbmatch said (nothing changed): {last}"));
    }
}
