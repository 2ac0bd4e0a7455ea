//! The command's arguments: the clap definitions of `kbmatch` and its
//! commands, their help texts and the parsers of their values.

use super::feedback;
use crate::{ArticleKind, BuildOptions, Error, KnowledgeBase, Result, SearchOptions, SentenceModel, TicketColumns};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

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
pub(super) const SETTINGS_VARIABLE: &str = "KBMATCH_WEIGHTS";

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
    pub(super) fn dir(&self) -> PathBuf {
        self.index.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX))
    }

    /// The sentence model to answer with, loaded: the one named (`--model`,
    /// `KBMATCH_MODEL`), which must load; else the one in the folder
    /// beside the index, if there is one and it loads (else a warning);
    /// none with `--no-model`.
    pub(super) fn sentence_model(&self) -> Result<Option<SentenceModel>> {
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
    pub(super) fn with_model(&self, kb: KnowledgeBase) -> Result<KnowledgeBase> {
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
