//! The `kbmatch` command line: clap definitions and one handler per command.
//! Handlers return an [`Outcome`]; `main` turns it into the exit status
//! (0 = results, 1 = no result, 2 = error).

mod feedback;
mod progress;
pub mod render;

use crate::eval;
use crate::{
    ArticleKind, BuildOptions, BuildReport, Error, KnowledgeBase, MatchAnswer, Result, ScanOptions, SearchOptions,
    SentenceModel, Settings, SkipReason, Skipped, TicketColumns,
};
use clap::{Parser, Subcommand};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Default corpus folder.
pub const DEFAULT_CORPUS: &str = "corpus";
/// Default index folder.
pub const DEFAULT_INDEX: &str = "index";

/// kbmatch: paste a log line, an error message, a status message ID or a few
/// words, and get the knowledge-base article that fixes it — its steps and
/// its hotfix files — and why it matched. Works offline.
#[derive(Debug, Parser)]
#[command(name = "kbmatch", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  kbmatch index                                  # index ./corpus into ./index
  kbmatch index --corpus ../kb --corpus ../blog  # index your own archive
  kbmatch match 'Cannot update the package server \\\\DP02\\ for package SYD00045, error = 8'
  kbmatch match 2328                             # a status message ID
  kbmatch match --json 0x80041001
  tail -n 50 distmgr.log | kbmatch match         # a log excerpt on stdin
  kbmatch code 0x800705AA                        # decode an error code, find its articles
  kbmatch show Q900001                           # an article, its steps and hotfix files
  kbmatch scan distmgr.log                       # triage a whole log
  kbmatch serve                                  # the search page on http://127.0.0.1:7878/
  kbmatch mcp --allow /var/log/sms               # tools for an assistant (MCP over stdio)
  kbmatch eval queries.jsonl

Exit status: 0 = results, 1 = no result, 2 = error.";

/// A `serve --timeout`: seconds, more than 0 and at most a day.
#[cfg(feature = "serve")]
fn timeout_seconds(value: &str) -> std::result::Result<f64, String> {
    match value.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds <= 86_400.0 => Ok(seconds),
        _ => Err(format!("{value} is no time limit: give seconds, more than 0 and at most a day, such as 30 or 2.5")),
    }
}

/// The `--limit` range: 1 to [`SearchOptions::MAX_LIMIT`].
const LIMIT_RANGE: std::ops::RangeInclusive<i64> = 1..=SearchOptions::MAX_LIMIT as i64;

/// The environment variable that changes the matcher's settings
/// (`title=4,message=2.5`, see [`Settings`]) for experiments.
const SETTINGS_VARIABLE: &str = "KBMATCH_WEIGHTS";

/// The filters of a search, shared by `match` and `match --batch`.
#[derive(Debug, Clone, clap::Args)]
pub struct Filters {
    /// Only articles of this kind: kb, blog, doc or ticket (repeat for several).
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub kind: Vec<ArticleKind>,
    /// Only articles about this product, named by some of its words:
    /// "Exchange" (repeat for several).
    #[arg(long, value_name = "TEXT")]
    pub product: Vec<String>,
    /// Only hits whose confidence (the chance that the hit answers the
    /// paste, 0 to 1) is at least X; exit 1 when none is left. 0.9: attach
    /// the article to the ticket; 0.5: more likely right than wrong.
    #[arg(long, value_name = "X", default_value_t = 0.0, value_parser = SearchOptions::parse_confidence)]
    pub min_confidence: f64,
}

fn parse_kind(text: &str) -> std::result::Result<ArticleKind, String> {
    text.parse().map_err(|e: Error| e.to_string())
}

fn parse_ticket_columns(text: &str) -> std::result::Result<TicketColumns, String> {
    text.parse()
}

/// A size in bytes, with an optional unit: `K`, `M`, `G` (powers of 1024;
/// `KB`, `MiB` and the like too).
fn parse_size(text: &str) -> std::result::Result<usize, String> {
    let not_a_size = || format!("{text:?} is not a size: write a number of bytes, or 512M, 2G");
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let shift = match unit.trim().to_ascii_uppercase().trim_end_matches("IB").trim_end_matches('B') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err(not_a_size()),
    };
    let n: usize = number.parse().map_err(|_| not_a_size())?;
    let bytes = n.checked_mul(1 << shift).ok_or_else(|| format!("{text:?} is too large"))?;
    if bytes < BuildOptions::MIN_MEMORY {
        return Err(format!("{text:?} is too little: a build needs at least {}M", BuildOptions::MIN_MEMORY >> 20));
    }
    Ok(bytes)
}

const SCAN_HELP: &str = "\
Examples:
  kbmatch scan distmgr.log                      # one log
  kbmatch scan distmgr.log sender.log           # several: one report, each finding names its files and lines
  kbmatch scan 'C:\\SMS\\Logs\\'                  # a folder: its *.log, *.lo_ and *.evtx files
  kbmatch scan System.evtx --json               # a Windows event log file (told by its content)
  tail -n 5000 CcmExec.log | kbmatch scan -
  kbmatch scan --templates auth.log             # every line's template (syslog, Apache, log4j, ... too)

A problem message (error, warning, words of failure) is a finding when an
article quotes the same message or names the same ID or code. A routine
message is one when an article quotes it as its symptom (status message 2339
repeated: Q900001). A message repeated far more often than the log's others
is a flood: reported with its count and rate over the log's time span.
Damaged event log chunks are skipped with a warning on stderr.";

const INDEX_HELP: &str = "\
Formats read (told from the content; the extension only breaks ties):
  KB archive page          Jekyll front matter, `## Q319207: ...`, the article in {% raw %}
  KB text file             DOCUMENT: / TITLE   : / PRODUCT : header lines (CRLF, Latin-1)
  KB web page (HTML)       a rendered KB page: the article in <pre><code> inside site chrome
  saved page text          a rendered KB page saved as text
  modern KB Markdown       front matter (title, ms.date, appliesto), `_Original KB number:_`
  blog post                Jekyll/WordPress front matter, Markdown with inline HTML
  Markdown                 runbooks, notes (.md): headings are sections
  HTML page                wiki exports, saved web pages (.html, .htm): the main content only
  Word document            .docx: heading styles, numbered paragraphs, tables
  PDF                      .pdf: the text layer (encrypted or scanned PDFs are skipped)
  plain text               .txt notes: the first line the title, numbered lines the steps
  ticket export            .csv or .json (ServiceNow, Jira, Zendesk, any desk): one article a
                           ticket; --ticket-columns names the columns where needed

A file that cannot be read is skipped with a warning naming it and why.

Examples:
  kbmatch index                                     # ./corpus into ./index
  kbmatch index --corpus ~/notes --index ~/kb-index # your own folder of notes
  kbmatch index --corpus tickets.csv --ticket-columns id=Number,problem=Description,fix=Notes";

/// The index folder option shared by the commands.
#[derive(Debug, Clone, clap::Args)]
pub struct IndexArg {
    /// Index folder [default: ./index].
    #[arg(long, value_name = "DIR", env = "KBMATCH_INDEX")]
    pub index: Option<PathBuf>,
    /// The sentence model's folder (all-MiniLM-L6-v2: config.json,
    /// tokenizer.json, model.safetensors; `tools/install-model.sh DIR`
    /// installs it). Without it, the folder `model` beside the index folder
    /// is used if there is one. With a model, `index` gives every article a
    /// vector and the searches read a description by meaning too; a model
    /// named here that cannot be used is an error, one found beside the
    /// index a warning (the words alone answer).
    #[arg(long, value_name = "DIR", env = "KBMATCH_MODEL")]
    pub model: Option<PathBuf>,
    /// Answer by the words alone, whatever model is named or found.
    #[arg(long)]
    pub no_model: bool,
}

impl IndexArg {
    fn dir(&self) -> PathBuf {
        self.index.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX))
    }

    /// The sentence model to answer with, loaded: the one named (`--model`,
    /// `KBMATCH_MODEL`), which must load; else the one in the folder
    /// beside the index, if there is one and it loads (else a warning);
    /// none with `--no-model`.
    fn sentence_model(&self) -> Result<Option<SentenceModel>> {
        if self.no_model {
            return Ok(None);
        }
        if let Some(dir) = &self.model {
            return SentenceModel::load(dir).map(Some);
        }
        let dir = SentenceModel::default_dir(&self.dir());
        if !dir.exists() {
            return Ok(None);
        }
        match SentenceModel::load(&dir) {
            Ok(model) => Ok(Some(model)),
            Err(e) => {
                eprintln!("warning: {e}; answering by the words alone (--no-model says so without this warning)");
                Ok(None)
            }
        }
    }

    /// `kb`, answering with the sentence encoder named, if one is.
    fn with_model(&self, kb: KnowledgeBase) -> Result<KnowledgeBase> {
        let Some(model) = self.sentence_model()? else {
            return Ok(kb);
        };
        let dir = model.dir().display().to_string();
        let kb = kb.with_sentence_model(model)?;
        if kb.sentence_vectors() == Some(0) {
            eprintln!(
                "note: the index has no sentence vectors for this model: each article is encoded when a \
                 question first meets it (about 40 ms each); `kbmatch index --model {dir}` encodes them once"
            );
        }
        Ok(kb)
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the index from corpus folders or files, each file's format
    /// told from its content (the formats it reads are listed below). The
    /// old index stays usable until the new one is complete.
    #[command(after_help = INDEX_HELP)]
    Index {
        /// A folder (walked recursively) or a file; repeat for several
        /// [default: ./corpus].
        #[arg(long, value_name = "PATH", env = "KBMATCH_CORPUS", value_delimiter = None)]
        corpus: Vec<PathBuf>,
        /// The index folder.
        #[command(flatten)]
        index: IndexArg,
        /// Print the summary as JSON on stdout.
        #[arg(long)]
        json: bool,
        /// Rebuild from scratch instead of updating the index for the files
        /// that changed since the last build.
        #[arg(long)]
        full: bool,
        /// The columns of ticket exports, where they are not named the usual
        /// way (ServiceNow, Jira, Zendesk, or id/title/problem/fix): any of
        /// id=COL,title=COL,problem=COL,fix=COL.
        #[arg(long, value_name = "ROLE=COL,...", value_parser = parse_ticket_columns)]
        ticket_columns: Option<TicketColumns>,
        /// About how much memory the build may take (512M, 2G; bytes without
        /// a unit): five sixteenths for the index writer, a sixteenth for the
        /// files read at once. The peak follows this budget more than the
        /// corpus's size.
        #[arg(long, value_name = "SIZE", default_value = "512M", value_parser = parse_size)]
        memory: usize,
    },
    /// Find the articles that match a pasted log line, error message,
    /// message ID, error code or description. With no TEXT (or `-`), reads
    /// the paste from stdin.
    Match {
        /// The pasted text (several words are joined with spaces).
        #[arg(value_name = "TEXT")]
        text: Vec<String>,
        /// The index folder.
        #[command(flatten)]
        index: IndexArg,
        /// How many results.
        #[arg(long, default_value_t = SearchOptions::DEFAULT_LIMIT as u16, value_parser = clap::value_parser!(u16).range(LIMIT_RANGE))]
        limit: u16,
        /// What to search.
        #[command(flatten)]
        filters: Filters,
        /// JSON on stdout: {"query", "results"} with one Hit object per result.
        #[arg(long, conflicts_with = "batch")]
        json: bool,
        /// Show all the evidence for each hit.
        #[arg(long)]
        explain: bool,
        /// JSON Lines in ({"qid", "query"}), JSON Lines out, from FILE or stdin (`-`).
        #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-")]
        batch: Option<String>,
    },
    /// Print an article: title, sections, numbered steps, hotfix files.
    Show {
        /// Article id: Q900001 (also 900001, KB900001), a blog permalink, a
        /// doc path. Several ids: each article in turn (with --json, one
        /// compact JSON object a line, `{"id", "error"}` for an id not
        /// found; exit 1 if any was not found).
        #[arg(required = true, num_args = 1..)]
        id: Vec<String>,
        /// The index folder.
        #[command(flatten)]
        index: IndexArg,
        /// The whole article as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Triage whole logs (SMS/ConfigMgr component logs, CMTrace logs,
    /// event-viewer text exports, any text log, Windows event log files):
    /// each distinct problem message, and each message that floods the log,
    /// with its count, matched against the articles; one report for all.
    #[command(after_help = SCAN_HELP)]
    Scan {
        /// Log files, folders (their *.log, *.lo_ and *.evtx files), or `-` for stdin.
        #[arg(value_name = "LOG", required = true)]
        logs: Vec<String>,
        /// The index folder.
        #[command(flatten)]
        index: IndexArg,
        /// JSON on stdout: {"lines", "entries", "findings", "unmatched", "files", "dropped", "warnings"}.
        #[arg(long)]
        json: bool,
        /// List every entry's template instead of the report: the messages
        /// grouped as a log parser groups them, what varies as <*>, the
        /// most frequent first (no index needed, nothing matched). With
        /// --json: {"templates": [{"template", "count", "level", "lines"}], ...}.
        #[arg(long)]
        templates: bool,
    },
    /// Serve the search page and the HTTP API (GET /, /api/match?q=TEXT,
    /// POST /api/match, POST /api/scan with a whole log as the body,
    /// /api/article/ID, /api/stats). Ctrl-C stops.
    #[cfg(feature = "serve")]
    Serve {
        /// The index folder.
        #[command(flatten)]
        index: IndexArg,
        /// Address to listen on; loopback only unless you say otherwise.
        #[arg(long, value_name = "ADDR", default_value = crate::serve::DEFAULT_ADDR)]
        addr: std::net::SocketAddr,
        /// Longest time a request may take, in seconds: a body not all
        /// arrived by then gets 408, a search still running or waiting 503.
        #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = timeout_seconds)]
        timeout: f64,
        /// Most long pastes (over 16 KiB) waiting for their turn to be
        /// matched; past it they get 503 with Retry-After. Half the
        /// matching slots at most go to long pastes, so short questions
        /// never wait behind them.
        #[arg(long, value_name = "N", default_value_t = crate::serve::ServeOptions::default().long_queue)]
        queue: usize,
        /// Largest log the page and POST /api/scan take, in MiB; a larger
        /// one gets 413 and is scanned with `kbmatch scan` instead.
        #[arg(long, value_name = "MIB", default_value_t = (crate::serve::ServeOptions::default().log_limit >> 20) as u64,
              value_parser = clap::value_parser!(u64).range(1..=4096))]
        max_log: u64,
        #[command(flatten)]
        desk: feedback::DeskArgs,
    },
    /// What no article answers: the questions of ticket exports, feedback files, question logs or lists (one
    /// a line) whose first hit is under 0.5, grouped, largest first, with three examples and the closest article.
    Gaps {
        #[command(flatten)]
        args: feedback::GapsArgs,
        #[command(flatten)]
        index: IndexArg,
    },
    /// "This fixed it": the paste, the article and the ticket number appended to a feedback file as one JSON
    /// line; `kbmatch index --corpus FILE` reads it as tickets that cite the article.
    Feedback {
        #[command(flatten)]
        args: feedback::FeedbackArgs,
        #[command(flatten)]
        index: IndexArg,
    },
    /// Serve the knowledge base to an assistant over the Model Context
    /// Protocol on stdin and stdout: tools match, show, scan and code, and
    /// each article as the resource kb://ID. Add `kbmatch mcp --index DIR`
    /// to the MCP host's server list; the host starts it.
    #[cfg(feature = "mcp")]
    Mcp {
        /// The index folder.
        #[command(flatten)]
        index: IndexArg,
        /// A folder whose logs `scan` may read by path (repeat for
        /// several); without it, `scan` takes a log's text only.
        #[arg(long, value_name = "DIR")]
        allow: Vec<PathBuf>,
    },
    /// Decode an error code in any form (0x800705AA, 800705aa, -2147023446,
    /// net helpmsg 1450, 0x5AA, c0000005, ERROR_NO_SYSTEM_RESOURCES, a bug
    /// check's name such as IRQL_NOT_LESS_OR_EQUAL) into its other forms,
    /// with the name and message the corpus gives it, and list the articles
    /// that quote any of them.
    Code {
        /// The code (several words are joined with spaces); a negative
        /// decimal (`-2147023446`) is a code, not an option.
        #[arg(value_name = "CODE", required = true, allow_negative_numbers = true)]
        code: Vec<String>,
        /// The index folder.
        #[command(flatten)]
        index: IndexArg,
        /// How many articles.
        #[arg(long, default_value_t = SearchOptions::DEFAULT_LIMIT as u16, value_parser = clap::value_parser!(u16).range(LIMIT_RANGE))]
        limit: u16,
        /// JSON on stdout: {"query", "forms", "results"}.
        #[arg(long)]
        json: bool,
    },
    /// Index statistics: articles per kind, sources, size.
    Stats {
        /// The index folder.
        #[command(flatten)]
        index: IndexArg,
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// Measure accuracy on a JSON Lines query set ({"qid", "kind", "query",
    /// "expect": list of ids}): top-1, hit@5 and MRR@10 per kind, and how
    /// well the first hit's confidence is calibrated (ECE, confidence bands,
    /// precision and coverage at 0.9, Brier score).
    Eval {
        /// The query set.
        queries: PathBuf,
        /// The index folder.
        #[command(flatten)]
        index: IndexArg,
        /// Per-query outcomes and figures as JSON.
        #[arg(long)]
        json: bool,
        /// Also write every query's re-ranked candidates with their
        /// features (JSON Lines) to FILE: the input of `benches/fit/fit.py`.
        #[arg(long, value_name = "FILE")]
        features: Option<PathBuf>,
    },
    /// Print a shell's completion script for kbmatch: bash, zsh, fish,
    /// elvish or powershell.
    #[command(after_help = "Examples:\n  \
        kbmatch completions bash > ~/.local/share/bash-completion/completions/kbmatch\n  \
        kbmatch completions zsh > ~/.zfunc/_kbmatch\n  \
        kbmatch completions fish > ~/.config/fish/completions/kbmatch.fish")]
    Completions {
        /// The shell.
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout: kbmatch's, or one command's.
    #[command(after_help = "Examples:\n  \
        kbmatch man > kbmatch.1 && man ./kbmatch.1\n  \
        kbmatch man index | man -l -")]
    Man {
        /// A command (index, match, ...): its own page.
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
}

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
        "scanned {} lines ({} entries){files} in {seconds:.1} s, {:.0} lines/s; {} findings, {} unmatched",
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

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    print_out(&format!("{text}\n"))
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn print_out(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
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
