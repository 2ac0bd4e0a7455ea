//! The `kbmatch` command line: clap definitions and one handler per command.
//! Handlers return an [`Outcome`]; `main` turns it into the exit status
//! (0 = results, 1 = no result, 2 = error).

mod args;
mod feedback;
mod progress;
pub mod render;

use crate::eval;
use crate::{
    BuildOptions, BuildReport, Error, KnowledgeBase, MatchAnswer, Result, ScanOptions, SearchOptions, SentenceModel,
    Settings, SkipReason, Skipped,
};
pub use args::*;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Keep the panics that the library catches and reports as errors (tantivy
/// reading a damaged index file) off stderr: the error says it all. Every
/// other panic goes to the hook that was there before. The command installs
/// it; the library installs nothing process-wide.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !crate::note_caught_panic(info) {
            previous(info);
        }
    }));
}

/// How a command ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Results were printed (exit 0).
    Found,
    /// Nothing matched (exit 1).
    NothingFound,
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let settings = settings()?;
    match cli.command {
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "kbmatch", &mut out);
            write_out(&out)
        }
        Command::Man { command } => cmd_man(command.as_deref()),
        Command::Index { corpus, index, json, full, ticket_columns, memory } => {
            let options =
                BuildOptions::default().full(full).ticket_columns(ticket_columns.unwrap_or_default()).memory(memory);
            cmd_index(corpus, &index, json, options)
        }
        Command::Match { text, index, limit, filters, json, explain, batch } => {
            let kb = open_or_build(&index)?;
            let mut options = SearchOptions::default().limit(limit.into()).settings(settings);
            for kind in filters.kind {
                options = options.kind(kind);
            }
            for product in filters.product {
                options = options.product(product);
            }
            options = options.min_confidence(filters.min_confidence);
            match batch {
                Some(source) => cmd_batch(&kb, &source, &options),
                None => cmd_match(&kb, text, &options, json, explain),
            }
        }
        Command::Show { id, index, json } => {
            // Showing an article needs no sentence model.
            let kb = open_or_build_plain(&index)?;
            if let [id] = id.as_slice() {
                let article = kb.article(id)?;
                if json {
                    print_json(&article)?;
                } else {
                    print_out(&render::article(&article))?;
                }
                return Ok(Outcome::Found);
            }
            cmd_show_many(&kb, &id, json)
        }
        Command::Stats { index, json } => {
            let stats = index.with_model(KnowledgeBase::open(index.dir())?)?.stats()?;
            if json {
                print_json(&stats)?;
            } else {
                print_out(&render::stats(&stats))?;
            }
            Ok(Outcome::Found)
        }
        Command::Eval { queries, index, json, features } => {
            cmd_eval(&queries, &index, json, features.as_deref(), &settings)
        }
        Command::Code { code, index, limit, json } => {
            let kb = open_or_build(&index)?;
            cmd_code(&kb, &code.join(" "), &SearchOptions::default().limit(limit.into()).settings(settings), json)
        }
        Command::Gaps { args, index } => {
            Ok(if feedback::gaps(&open_or_build(&index)?, &args)? { Outcome::Found } else { Outcome::NothingFound })
        }
        Command::Feedback { args, index } => feedback::record(&open_or_build(&index)?, args).map(|()| Outcome::Found),
        Command::Scan { logs, json, templates: true, .. } => cmd_templates(&logs, json),
        Command::Scan { logs, index, json, templates: false } => {
            let kb = open_or_build(&index)?;
            cmd_scan(&kb, &logs, json, settings)
        }
        #[cfg(feature = "serve")]
        Command::Serve { index, addr, timeout, queue, max_log, desk } => {
            let kb = open_or_build(&index)?;
            let options = crate::serve::ServeOptions {
                settings,
                request_timeout: std::time::Duration::from_secs_f64(timeout),
                long_queue: queue,
                log_limit: (max_log as usize) << 20,
                ..Default::default()
            };
            let options = desk.apply(options)?;
            crate::serve::run(kb, addr, options)?;
            Ok(Outcome::Found)
        }
        #[cfg(feature = "mcp")]
        Command::Mcp { index, allow } => {
            let kb = open_or_build(&index)?;
            crate::mcp::run(kb, crate::mcp::McpOptions { allow, settings })?;
            Ok(Outcome::Found)
        }
    }
}

/// The matcher's settings: the defaults, changed by `KBMATCH_WEIGHTS`.
fn settings() -> Result<Settings> {
    match std::env::var(SETTINGS_VARIABLE) {
        Ok(spec) => spec.parse().map_err(|e| Error::Input(format!("{SETTINGS_VARIABLE}: {e}"))),
        Err(std::env::VarError::NotPresent) => Ok(Settings::default()),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::Input(format!("{SETTINGS_VARIABLE} is not valid UTF-8: write it as name=value,...")))
        }
    }
}

/// `scan --templates`: every entry's template, the most frequent first.
fn cmd_templates(logs: &[String], json: bool) -> Result<Outcome> {
    let spinner = progress::Shown::lines("reading the log");
    let paths: Vec<PathBuf> = logs.iter().map(PathBuf::from).collect();
    let report = crate::log_templates(&paths, spinner.as_ref().map(progress::Shown::lines_read).as_ref());
    drop(spinner);
    let report = report?;
    if report.dropped > 0 {
        eprintln!(
            "note: {} entries are in no template: the scan keeps at most {} distinct messages",
            report.dropped,
            ScanOptions::MAX_MESSAGES
        );
    }
    eprintln!("{} lines, {} entries, {} templates", report.lines, report.entries, report.templates.len());
    if json {
        print_json(&report)?;
    } else {
        print_out(&render::templates(&report))?;
    }
    Ok(if report.templates.is_empty() { Outcome::NothingFound } else { Outcome::Found })
}

fn cmd_scan(kb: &KnowledgeBase, logs: &[String], json: bool, settings: Settings) -> Result<Outcome> {
    let started = std::time::Instant::now();
    let spinner = progress::Shown::lines("reading the log");
    let options =
        ScanOptions { progress: spinner.as_ref().map(progress::Shown::lines_read), settings, ..Default::default() };
    let paths: Vec<PathBuf> = logs.iter().map(PathBuf::from).collect();
    let report = kb.scan_paths_with(&paths, &options);
    drop(spinner);
    let report = report?;
    let seconds = started.elapsed().as_secs_f64();
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if report.dropped > 0 {
        eprintln!(
            "note: {} entries were not grouped: the scan keeps at most {} distinct messages",
            report.dropped,
            ScanOptions::MAX_MESSAGES
        );
    }
    let files = if report.files.len() > 1 { format!(" from {} files", report.files.len()) } else { String::new() };
    eprintln!(
        "scanned {} lines ({} entries){files} in {seconds:.1} s, {:.0} lines/s; {} with an article, {} without",
        report.lines,
        report.entries,
        report.lines as f64 / seconds.max(1e-6),
        report.findings.len(),
        report.unmatched.len()
    );
    if json {
        print_json(&report)?;
    } else {
        print_out(&render::scan(&report))?;
    }
    Ok(if report.findings.is_empty() { Outcome::NothingFound } else { Outcome::Found })
}

fn cmd_index(corpus: Vec<PathBuf>, index: &IndexArg, json: bool, options: BuildOptions) -> Result<Outcome> {
    let corpus = if corpus.is_empty() { vec![PathBuf::from(DEFAULT_CORPUS)] } else { corpus };
    let dir = &index.dir();
    // Loaded first: a model folder that cannot be used fails before the build.
    let model = index.sentence_model()?;
    let (kb, report) = build_index(&corpus, dir, options)?;
    let sentences = match model {
        Some(model) => Some(encode_articles(&kb, &model)?),
        None => None,
    };
    if json {
        print_json(&serde_json::json!({
            "articles": report.articles,
            "by_kind": report.by_kind,
            "sources": report.sources,
            "skipped": report.skipped.iter().map(|s| match &s.reason {
                SkipReason::BadRow { line, why } => serde_json::json!({
                    "path": s.path.display().to_string(), "line": line, "reason": why}),
                reason => serde_json::json!({"path": s.path.display().to_string(), "reason": reason.to_string()}),
            }).collect::<Vec<_>>(),
            "seconds": report.seconds,
            "change": report.change.note(),
            "timings": report.timings.iter().map(|(phase, s)| serde_json::json!({"phase": phase, "seconds": s})).collect::<Vec<_>>(),
            "index": dir.display().to_string(),
            "sentences": sentences,
        }))?;
    }
    Ok(Outcome::Found)
}

/// Build with a progress bar, warnings and the one-line summary on stderr,
/// all from the build's report; the index built, open.
fn build_index(corpus: &[PathBuf], dir: &Path, mut options: BuildOptions) -> Result<(KnowledgeBase, BuildReport)> {
    let bar = progress::Shown::files();
    if let Some(bar) = &bar {
        options = options.progress(bar.files_read());
    }
    let built = KnowledgeBase::build(corpus, dir, &options);
    drop(bar);
    let warn = |skipped: &[Skipped]| {
        for skip in skipped {
            eprintln!("warning: skipped {skip}");
        }
    };
    let (kb, report) = match built {
        Ok(built) => built,
        Err(Error::EmptyCorpus { roots, skipped }) => {
            warn(&skipped);
            return Err(Error::EmptyCorpus { roots, skipped });
        }
        Err(e) => return Err(e),
    };
    warn(&report.skipped);
    let kinds: Vec<String> = report.by_kind.iter().map(|(k, v)| format!("{v} {k}")).collect();
    eprintln!(
        "indexed {} articles ({}) from {} files, {} skipped, in {:.1} s -> {}",
        report.articles,
        kinds.join(", "),
        report.sources,
        report.skipped.len(),
        report.seconds,
        dir.display()
    );
    eprintln!("note: {}", report.change.note());
    Ok((kb, report))
}

/// Give the articles their sentence vectors, with a spinner and the summary
/// on stderr.
fn encode_articles(kb: &KnowledgeBase, model: &SentenceModel) -> Result<crate::SentenceReport> {
    let started = std::time::Instant::now();
    let spinner = progress::Shown::lines("encoding the articles with the sentence model");
    let shown = spinner.as_ref().map(progress::Shown::articles_encoded);
    let report = kb.encode_articles(model, |seen, encoded| {
        if let Some(show) = &shown {
            show(seen, encoded);
        }
    });
    drop(spinner);
    let report = report?;
    eprintln!(
        "sentence vectors: {} articles, {} encoded, {} kept from the last build, in {:.1} s",
        report.articles,
        report.encoded,
        report.reused,
        started.elapsed().as_secs_f64()
    );
    Ok(report)
}

/// `kbmatch man [COMMAND]`: the manual page of kbmatch or of one command.
fn cmd_man(command: Option<&str>) -> Result<Outcome> {
    let mut cli = <Cli as clap::CommandFactory>::command();
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => {
            let Some(sub) = cli.find_subcommand(name) else {
                let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
                return Err(Error::Input(format!("no command {name:?}: give one of {}", names.join(", "))));
            };
            // Built, a command is named `kbmatch-index` and called `kbmatch index`.
            sub.clone()
        }
    };
    let mut out = Vec::new();
    let source = format!("kbmatch {}", env!("CARGO_PKG_VERSION"));
    clap_mangen::Man::new(page)
        .source(source)
        .manual("kbmatch manual")
        .render(&mut out)
        .map_err(|e| Error::io("<stdout>", e))?;
    write_out(&out)
}

/// Generated text on stdout.
fn write_out(bytes: &[u8]) -> Result<Outcome> {
    print_out(&String::from_utf8_lossy(bytes))?;
    Ok(Outcome::Found)
}

/// The corpus to rebuild the index in `dir` from: the folders it was built
/// from, if its manifest records them and they are all still there, else
/// `default`.
fn corpus_of(dir: &Path, default: PathBuf) -> Vec<PathBuf> {
    match KnowledgeBase::recorded_corpus(dir) {
        Some(recorded) if recorded.iter().all(|p| p.exists()) => recorded,
        _ => vec![default],
    }
}

fn shown(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| user_path(p)).collect::<Vec<_>>().join(", ")
}

/// A path as a user recognises it in a message: a bare relative name is
/// written `./index`, so that `index` reads as a folder, not a word.
fn user_path(path: &Path) -> String {
    let shown = path.display().to_string();
    match path.components().next() {
        Some(std::path::Component::Normal(_)) => format!(".{}{shown}", std::path::MAIN_SEPARATOR),
        _ => shown,
    }
}

/// Open the index. The default index (no `--index`, no `KBMATCH_INDEX`) is
/// built from the default corpus first when it is missing, and rebuilt
/// from the corpus it was built from when an older kbmatch built it.
fn open_or_build(arg: &IndexArg) -> Result<KnowledgeBase> {
    arg.with_model(open_or_build_plain(arg)?)
}

fn open_or_build_plain(arg: &IndexArg) -> Result<KnowledgeBase> {
    let dir = arg.dir();
    let default =
        || std::env::var_os("KBMATCH_CORPUS").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS));
    match KnowledgeBase::open(&dir) {
        Err(Error::IndexMissing(_)) if arg.index.is_none() => {
            let corpus = default();
            if !corpus.exists() {
                // `match`, `show`, `scan` and `serve` take no --corpus: name what does.
                return Err(Error::Input(format!(
                    "no index at {} and no corpus at {} to build it from: build one with \
                     `kbmatch index --corpus DIR`, or name an index with --index DIR, or set \
                     KBMATCH_INDEX (an index folder) or KBMATCH_CORPUS (a corpus to build it from)",
                    user_path(&dir),
                    user_path(&corpus)
                )));
            }
            eprintln!("note: no index at {}: building it from {} first", user_path(&dir), user_path(&corpus));
            build_index(&[corpus], &dir, BuildOptions::default()).map(|(kb, _)| kb)
        }
        Err(Error::IndexOutdated { .. }) if arg.index.is_none() => {
            let corpus = corpus_of(&dir, default());
            eprintln!(
                "note: the index at {} was built by another kbmatch version: rebuilding it from {} first",
                user_path(&dir),
                shown(&corpus)
            );
            build_index(&corpus, &dir, BuildOptions::default()).map(|(kb, _)| kb)
        }
        other => other,
    }
}

fn cmd_match(
    kb: &KnowledgeBase,
    text: Vec<String>,
    options: &SearchOptions,
    json: bool,
    explain: bool,
) -> Result<Outcome> {
    // A paste on stdin is read only as far as it is matched: memory stays
    // bounded however much is piped in.
    let (query, size) = if text.is_empty() || (text.len() == 1 && text[0] == "-") {
        crate::read_paste(std::io::stdin().lock()).map_err(|e| Error::io("<stdin>", e))?
    } else {
        let query = text.join(" ");
        let size = query.len() as u64;
        (query, size)
    };
    if size > KnowledgeBase::MAX_QUERY_BYTES as u64 {
        eprintln!(
            "note: the paste is {} KiB; only its first {} KiB are matched. For a whole log, `kbmatch scan LOGFILE` \
             lists every known problem in it.",
            size / 1024,
            KnowledgeBase::MAX_QUERY_BYTES / 1024
        );
    }
    let answer = kb.answer(&query, options)?;
    if json {
        print_json(&answer)?;
    } else if answer.results.is_empty() && options.min_confidence > 0.0 {
        eprintln!("no article matches with a confidence of {} or more", options.min_confidence);
    } else if answer.results.is_empty() {
        eprintln!("no article matches: try fewer or other words, or the error code alone");
    } else if !answer.likely_answer {
        print_out(&render::closest(&answer.results, explain))?;
    } else {
        print_out(&render::hits(&answer.results, explain))?;
    }
    Ok(if answer.results.is_empty() { Outcome::NothingFound } else { Outcome::Found })
}

/// `kbmatch code`: the code's forms, and the articles that quote any of
/// them (a text that decodes as no code: the articles that match it).
fn cmd_code(kb: &KnowledgeBase, query: &str, options: &SearchOptions, json: bool) -> Result<Outcome> {
    let answer = kb.code(query, options)?;
    if json {
        print_json(&answer)?;
        return Ok(outcome_of(&answer));
    }
    let mut out = String::new();
    match &answer.code {
        Some(code) => out.push_str(&render::code(code)),
        None => eprintln!("{query:?} is no error code kbmatch can decode: the articles that match it as text follow"),
    }
    if answer.results.is_empty() {
        eprintln!("no article quotes it");
    } else {
        if answer.code.is_some() {
            out.push_str("\nArticles that quote it:\n");
        }
        out.push_str(&render::hits(&answer.results, false));
    }
    print_out(&out)?;
    Ok(outcome_of(&answer))
}

/// Found when the code decoded or some article quotes it.
fn outcome_of(answer: &crate::CodeAnswer) -> Outcome {
    if answer.code.is_some() || !answer.results.is_empty() { Outcome::Found } else { Outcome::NothingFound }
}

/// One line of `match --batch`'s output: the answer to the input line at
/// the same position, or why it could not be answered.
#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
pub enum BatchLine {
    /// `{"qid", "results"}`.
    Answer(Box<MatchAnswer>),
    /// `{"qid", "error"}`: `qid` echoed, or null when the line has none.
    Error {
        /// The line's `qid`.
        qid: serde_json::Value,
        /// Why the line was not answered.
        error: String,
    },
}

/// One batch input line answered: a results object or an error object.
pub fn answer_batch_line(kb: &KnowledgeBase, line: &str, options: &SearchOptions) -> BatchLine {
    let error = |qid: serde_json::Value, error: String| BatchLine::Error { qid, error };
    if line.trim().is_empty() {
        return error(serde_json::Value::Null, "empty line: expected a JSON object {\"qid\", \"query\"}".into());
    }
    let request: serde_json::Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(e) => return error(serde_json::Value::Null, format!("not a JSON object: {e}")),
    };
    let qid = request.get("qid").cloned().unwrap_or(serde_json::Value::Null);
    let Some(query) = request.get("query").and_then(|q| q.as_str()) else {
        return error(qid, "missing \"query\" (a string)".into());
    };
    let limit = request
        .get("limit")
        .and_then(|l| l.as_u64())
        .map(|l| l.clamp(1, SearchOptions::MAX_LIMIT as u64) as usize)
        .unwrap_or(options.limit);
    match kb.search(query, &options.clone().limit(limit)) {
        Ok(hits) => BatchLine::Answer(Box::new(MatchAnswer::batch_line(qid, hits))),
        Err(e) => error(qid, e.to_string()),
    }
}

fn cmd_batch(kb: &KnowledgeBase, source: &str, options: &SearchOptions) -> Result<Outcome> {
    let reader: Box<dyn BufRead> = if source == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(source).map_err(|e| Error::io(source, e))?;
        Box::new(std::io::BufReader::new(file))
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut any = false;
    for line in reader.split(b'\n') {
        let line = line.map_err(|e| Error::io(source, e))?;
        let line = String::from_utf8_lossy(&line);
        // A blank line is answered too, so that output line k always
        // answers input line k.
        let answer = answer_batch_line(kb, &line, options);
        any |= matches!(&answer, BatchLine::Answer(a) if !a.results.is_empty());
        let answer = serde_json::to_string(&answer)?;
        // Each answer goes out at once: a tool that writes a query and
        // waits for its answer must not wait for the batch to end.
        writeln!(out, "{answer}").and_then(|()| out.flush()).map_err(|e| Error::io("<stdout>", e))?;
    }
    Ok(if any { Outcome::Found } else { Outcome::NothingFound })
}

fn cmd_eval(
    queries: &Path,
    index: &IndexArg,
    json: bool,
    features: Option<&Path>,
    settings: &Settings,
) -> Result<Outcome> {
    let text = std::fs::read_to_string(queries).map_err(|e| Error::io(queries, e))?;
    let queries = eval::parse_queries(&text)?;
    let kb = index.with_model(KnowledgeBase::open(index.dir())?)?;
    if let Some(path) = features {
        let mut lines = String::new();
        for row in eval::candidate_features(&kb, &queries, settings) {
            lines.push_str(&row.to_string());
            lines.push('\n');
        }
        std::fs::write(path, lines).map_err(|e| Error::io(path, e))?;
    }
    let report = eval::evaluate(&kb, &queries, settings);
    if json {
        print_json(&report)?;
    } else {
        let mut out = format!("{:<14} {:>7} {:>7} {:>7} {:>7}\n", "kind", "queries", "top-1", "hit@5", "MRR@10");
        let mut row = |name: &str, f: &eval::Figures| {
            out.push_str(&format!("{name:<14} {:>7} {:>7.3} {:>7.3} {:>7.3}\n", f.queries, f.top1, f.hit5, f.mrr10));
        };
        for (kind, figures) in &report.by_kind {
            row(kind, figures);
        }
        row("all", &report.overall);
        let c = &report.calibration;
        out.push_str(&format!(
            "confidence of the first hit: ECE {:.3}; at >= 0.9: {:.3} right, {:.3} of queries; Brier score {:.4}\n",
            c.ece, c.precision_at_90, c.coverage_at_90, c.brier
        ));
        let l = &report.latency_ms;
        out.push_str(&format!(
            "time per query: p50 {:.1} ms, p95 {:.1} ms, slowest {:.1} ms ({} at once)\n",
            l.p50, l.p95, l.max, l.at_once
        ));
        if let Some(none) = &report.unanswerable {
            out.push_str(&format!(
                "no article answers {} queries: first hit at >= 0.5 for {:.3} of them, at >= 0.9 for {:.3}\n",
                none.queries, none.at_50, none.at_90
            ));
        }
        for band in c.bands.iter().filter(|b| b.count > 0) {
            out.push_str(&format!(
                "  {:.2}-{:.2} {:>7} answers, mean {:.3}, right {:.3}\n",
                band.from, band.to, band.count, band.mean_confidence, band.right
            ));
        }
        for outcome in report.queries.iter().filter(|o| o.problem.is_some()) {
            out.push_str(&format!("  miss {}: {}\n", outcome.qid, outcome.problem.as_deref().unwrap_or("")));
        }
        print_out(&out)?;
    }
    Ok(Outcome::Found)
}

/// `kbmatch show ID ID...`: each article in turn; one not found is named
/// (on stderr, or as a JSON error line) and the rest still shown.
fn cmd_show_many(kb: &KnowledgeBase, ids: &[String], json: bool) -> Result<Outcome> {
    let mut out = String::new();
    let mut missing = false;
    for id in ids {
        match kb.article(id) {
            Ok(article) if json => {
                out.push_str(&serde_json::to_string(&article)?);
                out.push('\n');
            }
            Ok(article) => out.push_str(&render::article(&article)),
            Err(e @ Error::ArticleNotFound(_)) => {
                missing = true;
                if json {
                    out.push_str(&serde_json::json!({ "id": id, "error": e.to_string() }).to_string());
                    out.push('\n');
                } else {
                    eprintln!("{e}");
                }
            }
            Err(e) => return Err(e),
        }
    }
    print_out(&out)?;
    Ok(if missing { Outcome::NothingFound } else { Outcome::Found })
}

/// Written as it is serialized (a 1 GiB log's templates list every line
/// number: never the whole text in memory, let alone twice).
fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let written = match serde_json::to_writer_pretty(&mut out, value) {
        Err(e) if e.is_io() => Err(std::io::Error::from(e)),
        Err(e) => return Err(e.into()),
        Ok(()) => out.write_all(b"\n").and_then(|()| out.flush()),
    };
    stdout_written(written)
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn print_out(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout_written(stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()))
}

/// What writing to stdout gave: a closed pipe (`| head`) is not an error.
fn stdout_written(written: std::io::Result<()>) -> Result<()> {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn command_line_definition_is_valid() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
