//! The library's front door: [`KnowledgeBase`] builds or opens an index and
//! answers searches, article look-ups, code look-ups and log scans, with
//! the answers every front end writes ([`MatchAnswer`], [`CodeAnswer`],
//! [`Stats`]).

use crate::article::{Article, ArticleKind};
use crate::encoder::SentenceModel;
use crate::error::{Error, Result};
use crate::index::sentences::SentenceReport;
use crate::index::{self, BuildOptions, BuildReport, KbIndex};
use crate::matcher::options::SearchOptions;
use crate::matcher::{self, Hit, PastedCode};
use crate::scan::{self, ScanOptions, ScanReport};
use arc_swap::ArcSwap;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// An indexed knowledge base, ready to answer. Cheap to share between
/// threads (`&KnowledgeBase` is `Sync`); open it once and keep it.
///
/// It answers from the generation it opened until
/// [`KnowledgeBase::reload_if_changed`] moves it to the one a later build
/// published; each call answers wholly from one generation.
#[derive(Debug)]
pub struct KnowledgeBase {
    index: ArcSwap<KbIndex>,
    /// One reload at a time, so that two never open the same generation.
    reloading: Mutex<()>,
    /// The optional sentence encoder, given to each generation opened.
    sentence_model: Option<Arc<SentenceModel>>,
}

impl KnowledgeBase {
    /// Open the index built in `dir`. Fails with [`crate::Error::IndexMissing`],
    /// [`crate::Error::IndexOutdated`] or [`crate::Error::IndexDamaged`],
    /// each saying to build it again.
    pub fn open(dir: impl AsRef<Path>) -> Result<KnowledgeBase> {
        Ok(KnowledgeBase::from_index(KbIndex::open(dir.as_ref())?))
    }

    /// Index every article under the corpus paths (folders walked
    /// recursively, or single files) into `dir`, then open it; with the
    /// report of what the build did. An index already in `dir` built from
    /// the same paths is updated for the files that changed, and stays
    /// usable until the new one is complete. Files that cannot be read are
    /// skipped (each listed in the report with its reason); a corpus with
    /// no readable article is an error.
    pub fn build<P: AsRef<Path>>(
        corpus: &[P],
        dir: impl AsRef<Path>,
        options: &BuildOptions,
    ) -> Result<(KnowledgeBase, BuildReport)> {
        let corpus: Vec<PathBuf> = corpus.iter().map(|p| p.as_ref().to_path_buf()).collect();
        let report = index::build(&corpus, dir.as_ref(), options)?;
        Ok((KnowledgeBase::open(dir)?, report))
    }

    /// Wrap an index that is already open.
    pub(crate) fn from_index(index: KbIndex) -> KnowledgeBase {
        KnowledgeBase { index: ArcSwap::from_pointee(index), reloading: Mutex::new(()), sentence_model: None }
    }

    /// Answer with a pretrained sentence encoder as well (`--model`; a
    /// kbmatch built with the `encoder` feature loads one, see
    /// [`SentenceModel::load`]): a pasted description's best candidates
    /// are re-ranked by how alike in meaning each article is to it, with
    /// the articles' vectors from [`KnowledgeBase::encode_articles`]
    /// (an article without one is encoded when a question first needs it).
    /// Fails if the index folder's vector file is damaged.
    pub fn with_sentence_model(mut self, model: SentenceModel) -> Result<KnowledgeBase> {
        let model = Arc::new(model);
        self.index.load().use_sentence_model(Arc::clone(&model))?;
        self.sentence_model = Some(model);
        Ok(self)
    }

    /// How many article vectors the sentence model found ready in the
    /// index folder when it was given (`None` without a model): where
    /// none are, each article is encoded when a question first meets it,
    /// which is slow until [`KnowledgeBase::encode_articles`] has run.
    pub fn sentence_vectors(&self) -> Option<usize> {
        self.index.load().sentences().map(|s| s.stored())
    }

    /// Whether meaning is on, with which model and how many article
    /// vectors it found stored.
    pub fn meaning(&self) -> Meaning {
        match &self.sentence_model {
            Some(model) => Meaning {
                on: true,
                model: Some(model.dir().to_path_buf()),
                architecture: Some(model.description()),
                vectors: self.sentence_vectors().unwrap_or(0) as u64,
            },
            None => Meaning { on: false, model: None, architecture: None, vectors: 0 },
        }
    }

    /// Give every article a sentence vector under `model`, kept in the
    /// index folder (`sentences.bin`) by the text it was made from: only
    /// the articles whose text no earlier call encoded are encoded now
    /// (on the CPU, about 40 ms an article on two cores). `progress` hears
    /// (articles seen, articles encoded) as it goes.
    pub fn encode_articles(&self, model: &SentenceModel, progress: impl Fn(u64, u64)) -> Result<SentenceReport> {
        let index = self.index.load_full();
        crate::index::sentences::encode_articles(index.dir(), model, |each| index.for_each_article(each), &progress)
    }

    /// Follow the index folder: if a build published a new generation since
    /// this one was opened, open it and answer from it from now on (calls
    /// already running finish on the old one, which is closed when the
    /// last of them ends). `Ok(true)` if it moved. On an error (the new
    /// generation cannot be opened) it keeps answering from the old one.
    /// Cheap when nothing changed (one small file read): call it every
    /// second or so, or before each search.
    pub fn reload_if_changed(&self) -> Result<bool> {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match self.index.load_full().reopen_if_moved()? {
            Some(newer) => {
                // Read now what the first search on it would wait for.
                newer.code_table();
                if let Some(model) = &self.sentence_model {
                    newer.use_sentence_model(Arc::clone(model))?;
                }
                self.index.store(Arc::new(newer));
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The articles that match a pasted text (a log line or excerpt, an
    /// error message, a message ID, an error code or a few words), best
    /// first, as `options` asks. Fails with [`crate::Error::EmptyQuery`] on
    /// blank text, and with [`crate::Error::Input`] on options it cannot
    /// follow (a product no article is about, a limit past
    /// [`SearchOptions::MAX_LIMIT`]).
    ///
    /// ```
    /// use kbmatch::{BuildOptions, KnowledgeBase, SearchOptions};
    ///
    /// # fn main() -> kbmatch::Result<()> {
    /// let dir = tempfile::tempdir().expect("temp dir");
    /// let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    /// let (kb, _) = KnowledgeBase::build(&[corpus], dir.path(), &BuildOptions::default())?;
    /// let paste = "Despooler failed to execute the instruction, error code = 38a";
    /// let hits = kb.search(paste, &SearchOptions::default().limit(3))?;
    /// // The article that quotes the message word for word comes first, sure of itself.
    /// assert_eq!(hits[0].id, "Q900006");
    /// assert!(hits[0].confidence > 0.9, "{}", hits[0].confidence);
    /// assert!(!hits[0].steps.is_empty(), "with the steps that fix it");
    /// assert!(hits.len() <= 3);
    /// # Ok(())
    /// # }
    /// ```
    pub fn search(&self, text: &str, options: &SearchOptions) -> Result<Vec<Hit>> {
        matcher::match_text(&self.index.load_full(), text, options)
    }

    /// [`KnowledgeBase::search`], and the paste's error code decoded (its
    /// forms, name and message), if it holds one.
    pub fn search_with_code(&self, text: &str, options: &SearchOptions) -> Result<(Vec<Hit>, Option<PastedCode>)> {
        matcher::match_with_code(&self.index.load_full(), text, options)
    }

    /// The article with this id (`Q319207`, also `319207` or `KB319207`; a
    /// blog permalink; a document path). Fails with
    /// [`crate::Error::ArticleNotFound`].
    pub fn article(&self, id: &str) -> Result<Article> {
        self.index.load().article(id)
    }

    /// "This fixed it": a record that `article` answered `paste` (with the
    /// desk's ticket number, if given), checked — the paste neither empty
    /// nor too long, the article one the index holds (named as the index
    /// names it) — for [`crate::FeedbackLog::append`]. Bad input is
    /// [`Error::Input`] saying what to do.
    pub fn feedback(&self, paste: &str, article: &str, ticket: Option<&str>) -> Result<crate::Feedback> {
        let mut record = crate::Feedback::new(paste, article, ticket)?;
        record.article = match self.article(&record.article) {
            Ok(found) => found.id,
            Err(Error::ArticleNotFound(_)) => {
                return Err(Error::Input(format!(
                    "no article {} in the index: give the id of a hit (`kbmatch match` lists ids)",
                    record.article.chars().take(80).collect::<String>()
                )));
            }
            Err(e) => return Err(e),
        };
        Ok(record)
    }

    /// What no article answers: the questions of `paths` (ticket exports,
    /// feedback files, the server's question log, plain lists) whose first
    /// hit among the articles is under [`MatchAnswer::LIKELY`], grouped by
    /// the words they share (and by meaning where the sentence model is
    /// on), largest group first.
    pub fn gaps(&self, paths: &[std::path::PathBuf]) -> Result<crate::GapsReport> {
        // Among the articles: a ticket is no article the desk wrote.
        let options =
            SearchOptions::default().limit(1).kind(ArticleKind::Kb).kind(ArticleKind::Blog).kind(ArticleKind::Doc);
        let model = self.sentence_model.clone();
        let encode = move |texts: &[&str]| match &model {
            Some(model) => model.encode(texts, crate::encoder::PASTE_TOKENS),
            None => Ok(Vec::new()),
        };
        let encode: Option<crate::gaps::Encode<'_>> = self.sentence_model.is_some().then_some(&encode);
        crate::gaps::report(
            paths,
            MatchAnswer::LIKELY,
            |question| self.search(question, &options).ok().and_then(|hits| hits.into_iter().next()),
            encode,
        )
    }

    /// Every article of the index, each handed to `each` in index order
    /// (an export, statistics over the whole archive): one at a time, so
    /// an archive of any size is read in little memory.
    pub fn for_each_article(&self, each: impl FnMut(Article)) -> Result<()> {
        self.index.load_full().for_each_article(each)
    }

    /// Triage a whole log read from `reader` with the default options:
    /// each distinct problem message, with its count and lines, matched
    /// against the articles.
    ///
    /// ```
    /// use kbmatch::{BuildOptions, KnowledgeBase};
    ///
    /// # fn main() -> kbmatch::Result<()> {
    /// let dir = tempfile::tempdir().expect("temp dir");
    /// let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    /// let (kb, _) = KnowledgeBase::build(&[corpus], dir.path(), &BuildOptions::default())?;
    /// let log = "Starting the despooler\n\
    ///            Despooler failed to execute the instruction, error code = 38a\n\
    ///            Retrying\n\
    ///            Despooler failed to execute the instruction, error code = 38a\n";
    /// let report = kb.scan(log.as_bytes())?;
    /// assert_eq!(report.lines, 4);
    /// let finding = &report.findings[0];
    /// assert_eq!((finding.count, finding.first_line, finding.last_line), (2, 2, 4));
    /// assert_eq!(finding.hits[0].id, "Q900006");
    /// # Ok(())
    /// # }
    /// ```
    pub fn scan(&self, reader: impl BufRead) -> Result<ScanReport> {
        self.scan_with(reader, &ScanOptions::default())
    }

    /// Triage a whole log with explicit options.
    pub fn scan_with(&self, reader: impl BufRead, options: &ScanOptions) -> Result<ScanReport> {
        scan::scan(&self.index.load_full(), reader, options)
    }

    /// Triage one log's bytes, named [`ScanOptions::name`] in the report:
    /// a Windows event log file when they start with its magic, else text
    /// (what the server's `POST /api/scan` does with an upload).
    pub fn scan_bytes(&self, bytes: Vec<u8>, options: &ScanOptions) -> Result<ScanReport> {
        scan::scan_bytes(&self.index.load_full(), bytes, options)
    }

    /// The products the articles are about, as they write them (`Microsoft
    /// Exchange`), each with its number of articles: what
    /// [`SearchOptions::product`] can name.
    pub fn products(&self) -> Result<BTreeMap<String, u64>> {
        products_of(&self.index.load_full())
    }

    /// Triage several logs into one report with the default options:
    /// files (text, or Windows event log files, told by content) and
    /// folders (their `*.log`, `*.lo_` and `*.evtx` files).
    pub fn scan_paths(&self, paths: &[PathBuf]) -> Result<ScanReport> {
        self.scan_paths_with(paths, &ScanOptions::default())
    }

    /// [`KnowledgeBase::scan_paths`] with explicit options (progress,
    /// settings, hits per finding).
    pub fn scan_paths_with(&self, paths: &[PathBuf], options: &ScanOptions) -> Result<ScanReport> {
        scan::scan_paths(&self.index.load_full(), paths, options)
    }

    /// A pasted text matched: the paste, its hits and its error code
    /// decoded, as `match --json` and `/api/match` write them.
    pub fn answer(&self, text: &str, options: &SearchOptions) -> Result<MatchAnswer> {
        let (results, code) = self.search_with_code(text, options)?;
        let likely_answer = MatchAnswer::answers(&results);
        let meaning = Some(self.meaning());
        Ok(MatchAnswer { qid: None, query: Some(text.to_string()), results, code, likely_answer, meaning })
    }

    /// An error code in any form (`0x800705AA`, `800705aa`, `-2147023446`,
    /// `1450`, `c0000005`, `ERROR_NO_SYSTEM_RESOURCES`) decoded into its
    /// other forms, with the name and message the corpus gives it, and the
    /// articles that quote any of them (`kbmatch code`). A number alone is
    /// read as a Windows error number. A text that decodes as no code gets
    /// the articles that match it as text, and no code.
    ///
    /// ```
    /// use kbmatch::{BuildOptions, KnowledgeBase, SearchOptions};
    ///
    /// # fn main() -> kbmatch::Result<()> {
    /// let dir = tempfile::tempdir().expect("temp dir");
    /// let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    /// let (kb, _) = KnowledgeBase::build(&[corpus], dir.path(), &BuildOptions::default())?;
    /// let answer = kb.code("0x80041001", &SearchOptions::default())?;
    /// let code = answer.code.as_ref().expect("decoded");
    /// assert_eq!(code.forms.hresult.as_deref(), Some("0x80041001"));
    /// assert!(answer.results.iter().any(|hit| hit.id.contains("80041001")));
    /// # Ok(())
    /// # }
    /// ```
    pub fn code(&self, text: &str, options: &SearchOptions) -> Result<CodeAnswer> {
        let alone = text.trim();
        let stop_name =
            |name: &str| self.index.load().code_table().code_of_name(name).is_some_and(|c| c.starts_with("stop:"));
        let asked = match alone.parse::<u32>() {
            Ok(n) => format!("Win32 error {n}"),
            // A bug check's name alone (`IRQL_NOT_LESS_OR_EQUAL`), where the
            // articles give its STOP code, as the blue screen writes it.
            Err(_) if stop_name(alone) => format!("Stop code: {alone}"),
            Err(_) => text.to_string(),
        };
        let (hits, code) = self.search_with_code(&asked, options)?;
        let results = match &code {
            Some(_) => hits.into_iter().filter(|h| h.code.as_ref().is_some_and(|c| c.quoted.is_some())).collect(),
            None => hits,
        };
        Ok(CodeAnswer { query: text.to_string(), code, results })
    }

    /// What the index holds and where: articles per kind, files read and
    /// skipped, versions, size, generation, products (`kbmatch stats`,
    /// `GET /api/stats`). Fails only on a damaged index.
    ///
    /// ```
    /// use kbmatch::{ArticleKind, BuildOptions, KnowledgeBase};
    ///
    /// # fn main() -> kbmatch::Result<()> {
    /// let dir = tempfile::tempdir().expect("temp dir");
    /// let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    /// let (kb, report) = KnowledgeBase::build(&[corpus], dir.path().join("index"), &BuildOptions::default())?;
    /// let stats = kb.stats()?;
    /// assert_eq!(stats.articles, report.articles as u64);
    /// assert_eq!(stats.by_kind.values().sum::<u64>(), stats.articles);
    /// assert!(stats.by_kind[&ArticleKind::Kb] > 0, "the sample corpus holds KB articles");
    /// assert!(stats.products.iter().any(|p| p.name == "Microsoft Systems Management Server"));
    /// assert_eq!(stats.index, dir.path().join("index"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn stats(&self) -> Result<Stats> {
        let index = self.index.load_full();
        let manifest = index.manifest();
        let mut by_kind: BTreeMap<ArticleKind, u64> =
            [ArticleKind::Kb, ArticleKind::Blog, ArticleKind::Doc].into_iter().map(|k| (k, 0)).collect();
        for (kind, n) in &manifest.by_kind {
            if let Ok(kind) = kind.parse::<ArticleKind>() {
                *by_kind.entry(kind).or_default() += n;
            }
        }
        let products =
            products_of(&index)?.into_iter().map(|(name, articles)| ProductCount { name, articles }).collect();
        Ok(Stats {
            articles: manifest.articles,
            by_kind,
            sources: manifest.sources,
            schema_version: manifest.schema_version,
            extractor_version: manifest.extractor_version,
            index_bytes: index.size_bytes(),
            skipped: manifest.skipped,
            corpus: manifest.corpus.clone(),
            built_at: manifest.built_at,
            generation: index.generation(),
            index: index.dir().to_path_buf(),
            products,
            meaning: self.meaning(),
        })
    }

    /// The name of the generation answering now (`gen-<time>-<pid>`):
    /// it changes when [`KnowledgeBase::reload_if_changed`] moves.
    pub fn generation(&self) -> String {
        self.index.load().generation()
    }

    /// A knowledge base of its own on the generation answering now, which
    /// later builds do not move (until [`KnowledgeBase::reload_if_changed`]
    /// is called on it): for several calls that must answer from the same
    /// generation, as a request in flight does. Cheap: nothing is opened,
    /// and the generation stays on disk while it is held.
    pub fn snapshot(&self) -> KnowledgeBase {
        KnowledgeBase {
            index: ArcSwap::new(self.index.load_full()),
            reloading: Mutex::new(()),
            sentence_model: self.sentence_model.clone(),
        }
    }

    /// `source`, a path an article was read from as the build was given
    /// it ([`Hit::source`], [`Article::sources`]), shown relative to the
    /// corpus folder it was indexed from (`kb/319/Q319207/README.md`), or as
    /// its file name when it is no folder's: never an absolute path of this
    /// machine. What the server shows to others; the command shows the
    /// paths as given, which its user can open.
    pub fn relative_source(&self, source: &str) -> String {
        let index = self.index.load();
        let path = Path::new(source);
        let relative = index
            .manifest()
            .corpus
            .iter()
            .filter_map(|root| path.strip_prefix(root).ok())
            .find(|rest| !rest.as_os_str().is_empty());
        match relative {
            Some(rest) => rest.to_string_lossy().replace('\\', "/"),
            None => path.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
        }
    }

    /// The corpus paths the index in `dir` was last built from, as that
    /// build was given them, read from its manifest whatever kbmatch
    /// version wrote it (to build an outdated index again from the same
    /// folders); `None` without a readable one.
    pub fn recorded_corpus(dir: impl AsRef<Path>) -> Option<Vec<PathBuf>> {
        index::layout::recorded_corpus(dir.as_ref())
    }

    /// Longest pasted text a search analyses, in bytes; the rest is
    /// ignored (a paste that large is a log: scan it instead).
    pub const MAX_QUERY_BYTES: usize = matcher::weights::MAX_QUERY_BYTES;

    /// Number of distinct articles in the index.
    pub fn len(&self) -> u64 {
        self.index.load().manifest().articles
    }

    /// True when the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The generation answering now, for the crate's own stages (eval).
    #[cfg(any(feature = "cli", feature = "internals"))]
    pub(crate) fn current(&self) -> Arc<KbIndex> {
        self.index.load_full()
    }
}

/// The products a generation's articles are about, each with its number
/// of articles (a damaged index is an error, not a panic).
fn products_of(index: &KbIndex) -> Result<BTreeMap<String, u64>> {
    index.guard(|| matcher::options::products(index, &index.searcher()))
}

/// Bytes as text, by the one policy kbmatch reads every text with (article
/// files, logs, pastes, HTTP bodies): UTF-16 with a byte-order mark, else
/// UTF-8, else Windows-1252. Line ends are kept as they are.
pub fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    crate::ingest::decode::decode_text(bytes)
}

/// A paste read from a stream (stdin) by the same policy, in bounded
/// memory: the text of its first [`KnowledgeBase::MAX_QUERY_BYTES`] bytes
/// (what a search analyses), and the size of the whole stream in bytes,
/// whose rest is read and dropped.
pub fn read_paste(reader: impl std::io::Read) -> std::io::Result<(String, u64)> {
    crate::ingest::decode::read_paste(reader, KnowledgeBase::MAX_QUERY_BYTES)
}

/// For a program's own panic hook: `true` when the library is catching
/// this panic to return it as an error (tantivy reading a damaged index
/// file), having noted it for that error: the hook then need print
/// nothing. `false` for every other panic. With the `cli` feature (the
/// `kbmatch` command's hook).
#[cfg(feature = "cli")]
pub fn note_caught_panic(info: &std::panic::PanicHookInfo<'_>) -> bool {
    if !index::open::catching_panics() {
        return false;
    }
    let message = index::open::panic_message(info.payload());
    let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
    index::open::note_caught_panic(format!("{message}{at}"));
    true
}

/// A pasted text matched: the contract's `{"query", "results"}` object of
/// `match --json` and `/api/match` (with `code` when the paste holds an
/// error code), and each result line of `match --batch` (`{"qid",
/// "results"}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MatchAnswer {
    /// The batch line's `qid`, echoed as it came (`null` included); absent
    /// outside a batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qid: Option<serde_json::Value>,
    /// The paste as matched; absent in a batch line, which echoes its
    /// `qid` instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The hits, best first.
    pub results: Vec<Hit>,
    /// The paste's error code, decoded; absent when it holds none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<PastedCode>,
    /// Whether an article is likely to answer the paste: the first hit's
    /// confidence is at least [`MatchAnswer::LIKELY`]. When not, the hits
    /// are only the closest articles (the text output and the page say so).
    pub likely_answer: bool,
    /// Whether the sentence model read the paste too, and which; absent in
    /// a batch line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<Meaning>,
}

/// Whether meaning is on ([`KnowledgeBase::with_sentence_model`]): the
/// `meaning` object of `stats --json`, `match --json` and `/api/stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Meaning {
    /// Whether a sentence model answers with the words.
    pub on: bool,
    /// The model's folder; `None` when off.
    pub model: Option<PathBuf>,
    /// What the model is (`bert, 6 layers, 384 wide`); `None` when off.
    pub architecture: Option<String>,
    /// Article vectors stored for this model in the index folder (the
    /// others are encoded when a question first meets them).
    pub vectors: u64,
}

impl MatchAnswer {
    /// The answer to one line of a batch: its `qid` (any JSON value) and
    /// its hits.
    pub fn batch_line(qid: serde_json::Value, results: Vec<Hit>) -> MatchAnswer {
        let likely_answer = MatchAnswer::answers(&results);
        MatchAnswer { qid: Some(qid), query: None, results, code: None, likely_answer, meaning: None }
    }

    /// The least confidence of a first hit that is likely to answer: below
    /// it, the hits are more likely wrong than right.
    pub const LIKELY: f64 = 0.5;

    /// Whether hits, best first, likely hold the answer.
    pub fn answers(hits: &[Hit]) -> bool {
        hits.first().is_some_and(|hit| hit.confidence >= Self::LIKELY)
    }
}

/// An error code looked up ([`KnowledgeBase::code`]): written as the
/// contract's `code --json` object, `{"query", "decoded", "forms",
/// "results"}` (`decoded` null and `forms` empty when the text is no code).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CodeAnswer {
    /// The text asked about, as given.
    pub query: String,
    /// The code decoded: what it is and every form of it; `None` when the
    /// text is no code kbmatch can decode.
    pub code: Option<PastedCode>,
    /// The articles that quote the code in any form (for a text that is no
    /// code: the articles that match it), best first.
    pub results: Vec<Hit>,
}

impl Serialize for CodeAnswer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("CodeAnswer", 4)?;
        out.serialize_field("query", &self.query)?;
        out.serialize_field("decoded", &self.code.as_ref().map(|c| &c.decoded))?;
        match &self.code {
            Some(code) => out.serialize_field("forms", &code.forms)?,
            None => out.serialize_field("forms", &BTreeMap::<String, String>::new())?,
        }
        out.serialize_field("results", &self.results)?;
        out.end()
    }
}

/// What an index holds and where ([`KnowledgeBase::stats`]): the object of
/// `kbmatch stats --json` and `GET /api/stats`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Stats {
    /// Distinct articles (one per KB number, blog permalink or document).
    pub articles: u64,
    /// Articles per kind, every kind named (0 when the index has none).
    pub by_kind: BTreeMap<ArticleKind, u64>,
    /// Files read (the same article in several formats is several files).
    pub sources: u64,
    /// The index schema version the generation was built with.
    pub schema_version: u32,
    /// The article extractor version the generation was built with.
    pub extractor_version: u32,
    /// Size of the generation on disk, in bytes.
    pub index_bytes: u64,
    /// Files the build skipped.
    pub skipped: u64,
    /// The corpus paths the build was given.
    pub corpus: Vec<String>,
    /// When the generation was built, in seconds since the Unix epoch.
    pub built_at: u64,
    /// The generation answering (`gen-<time>-<pid>`).
    pub generation: String,
    /// The index folder.
    pub index: PathBuf,
    /// The products the articles are about, by name, each with its number
    /// of articles: what [`SearchOptions::product`] can name.
    pub products: Vec<ProductCount>,
    /// Whether a sentence model answers with the words, and which.
    pub meaning: Meaning,
}

/// A product and its number of articles ([`Stats::products`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ProductCount {
    /// The product as the articles write it (`Microsoft Exchange`).
    pub name: String,
    /// Articles about it.
    pub articles: u64,
}
