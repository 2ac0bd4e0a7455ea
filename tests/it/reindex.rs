//! Re-indexing the same corpus: nothing changed keeps the live generation;
//! changed, added and removed files are reflected; `--full`, other roots
//! and a missing file list mean a full build. A small synthetic corpus in a
//! temporary folder, through the library and the CLI (debug build).
use kbmatch::index::{self, BuildOptions, BuildReport, Change, KbIndex};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A KB page in the archive's layout, in our own words.
fn kb_page(id: &str, title: &str, symptom: &str) -> String {
    format!(
        "---\nlayout: page\ntitle: \"{id}: {title}\"\npermalink: /kb/900/{id}/\n---\n\n## {id}: {title}\n\n{{% raw %}}\n\n\
         \tArticle: {id}\n\tProduct(s): Microsoft Systems Management Server\n\tVersion(s): 2.0\n\tOperating System(s): \n\
         \tKeyword(s): kbsms200\n\tLast Modified: 01-FEB-2001\n\t\n\tSYMPTOMS\n\t========\n\t\n\t{symptom}\n\t\n\
         \tRESOLUTION\n\t==========\n\t\n\tTo resolve this problem, restart the widget service.\n\t\n\t=====\n\n{{% endraw %}}\n"
    )
}

/// The same article as an original KB text file.
fn kb_text(id: &str, title: &str, symptom: &str) -> String {
    format!(
        "DOCUMENT:{id}  01-FEB-2001  [sms]\nTITLE   :{title}\nPRODUCT :Microsoft Systems Management Server\n\
         PROD/VER:2.0\nOPER/SYS:\nKEYWORDS:kbsms200\n\n======================================================================\n\
         SYMPTOMS\n========\n\n{symptom}\n\n=====\n\nCopyright Microsoft Corporation 2001.\n"
    )
}

struct Corpus {
    _dir: tempfile::TempDir,
    root: PathBuf,
    index: PathBuf,
}

impl Corpus {
    /// Three KB articles (Q900001 also as a text file) and a runbook.
    fn new() -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        let index = dir.path().join("index");
        let c = Corpus { _dir: dir, root, index };
        c.write(
            "kb/900/Q900001/README.md",
            &kb_page("Q900001", "Widget Service Stops", "The widget service stops with error 0x80041001."),
        );
        c.write(
            "txt/Q900001.TXT",
            &kb_text("Q900001", "Widget Service Stops", "The widget service stops with error 0x80041001."),
        );
        c.write(
            "kb/900/Q900002/README.md",
            &kb_page("Q900002", "Gadget Queue Grows", "The gadget queue grows without bound on the site server."),
        );
        c.write(
            "kb/900/Q900003/README.md",
            &kb_page("Q900003", "Sprocket Inventory Is Empty", "Sprocket inventory reports show no rows."),
        );
        c.write(
            "runbooks/restart.md",
            "# Restart the sprocket agent\n\nStop the agent, clear its cache folder, start it again.\n",
        );
        c
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn remove(&self, rel: &str) {
        fs::remove_file(self.root.join(rel)).unwrap();
    }

    fn build(&self, full: bool) -> BuildReport {
        let options = BuildOptions::default().full(full);
        index::build(std::slice::from_ref(&self.root), &self.index, &options).unwrap()
    }

    fn open(&self) -> KbIndex {
        KbIndex::open(&self.index).unwrap()
    }

    /// Run the binary on this index.
    fn kbmatch(&self, args: &[&str]) -> (bool, String, String) {
        let out =
            Command::new(env!("CARGO_BIN_EXE_kbmatch")).args(args).arg("--index").arg(&self.index).output().unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
    }
}

fn current(index: &Path) -> String {
    fs::read_to_string(index.join("CURRENT")).unwrap()
}

fn generations(index: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("gen-") || n.starts_with("building-"))
        .collect();
    names.sort();
    names
}

#[test]
fn nothing_changed_keeps_the_generation_and_says_so() {
    let c = Corpus::new();
    let first = c.build(false);
    assert_eq!(first.change, Change::Full("no previous index".into()));
    assert_eq!(first.manifest.articles, 4);
    assert_eq!(first.manifest.sources, 5);
    let live = current(&c.index);

    let again = c.build(false);
    assert_eq!(again.change, Change::Unchanged);
    assert_eq!(again.manifest, first.manifest);
    assert_eq!(again.generation, first.generation);
    assert_eq!(current(&c.index), live);

    // The CLI prints the usual summary and the note.
    let root = c.root.to_string_lossy().into_owned();
    let (ok, _, stderr) = c.kbmatch(&["index", "--corpus", &root]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("indexed 4 articles (1 doc, 3 kb) from 5 files, 0 skipped"), "{stderr}");
    assert!(stderr.contains("note: nothing changed since the last build: the index is up to date"), "{stderr}");
    assert_eq!(current(&c.index), live);
}

#[test]
fn changed_added_and_removed_files_are_reflected() {
    let c = Corpus::new();
    c.build(false);
    let before = current(&c.index);

    // A changed page, a new page, a removed page, and one of Q900001's two
    // sources removed.
    c.write(
        "kb/900/Q900002/README.md",
        &kb_page(
            "Q900002",
            "Gadget Queue Grows",
            "The gadget queue grows whenever the flux capacitor service is paused.",
        ),
    );
    c.write(
        "kb/900/Q900004/README.md",
        &kb_page("Q900004", "Doohickey Upload Fails", "Uploading a doohickey fails with status message 2328."),
    );
    c.remove("kb/900/Q900003/README.md");
    c.remove("txt/Q900001.TXT");
    let summary = c.build(false);
    assert_eq!(summary.change, Change::Updated { changed: 1, added: 1, removed: 2, rewritten: 3, deleted: 1 });
    assert_eq!(summary.manifest.articles, 4);
    assert_eq!(summary.manifest.sources, 4);
    assert_eq!(summary.manifest.by_kind.get("kb"), Some(&3));
    assert_ne!(current(&c.index), before);
    // The old generation is gone; no build folder is left.
    assert_eq!(generations(&c.index), [current(&c.index)]);

    let kb = c.open();
    let q2 = kb.article("Q900002").unwrap();
    assert!(q2.sections.iter().any(|s| s.text.contains("flux capacitor")), "{q2:?}");
    assert_eq!(kb.article("Q900004").unwrap().title, "Doohickey Upload Fails");
    assert!(matches!(kb.article("Q900003"), Err(kbmatch::Error::ArticleNotFound(_))));
    let q1 = kb.article("Q900001").unwrap();
    assert_eq!(q1.sources, [c.root.join("kb/900/Q900001/README.md").to_string_lossy()]);
    // The runbook was not touched and is still there.
    assert!(kb.article("runbooks/restart.md").is_ok());

    // Through the CLI: the new text is found, the removed article is not.
    let (ok, stdout, stderr) = c.kbmatch(&["match", "--json", "flux capacitor paused"]);
    assert!(ok, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["results"][0]["id"], "Q900002");
    let (ok, stdout, _) = c.kbmatch(&["show", "Q900004"]);
    assert!(ok);
    assert!(stdout.contains("Uploading a doohickey fails with status message 2328."), "{stdout}");
    let (ok, _, stderr) = c.kbmatch(&["show", "Q900003"]);
    assert!(!ok);
    assert!(stderr.contains("no article Q900003"), "{stderr}");

    // The same files again: nothing to do.
    assert_eq!(c.build(false).change, Change::Unchanged);
}

/// The files of the live generation that belong to no segment its
/// `meta.json` lists: what a merge left behind.
fn unlisted_segment_files(index: &Path) -> Vec<String> {
    let generation = index.join(current(index));
    let meta: serde_json::Value = serde_json::from_slice(&fs::read(generation.join("meta.json")).unwrap()).unwrap();
    let listed: Vec<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|segment| segment["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    let mut unlisted: Vec<String> = fs::read_dir(&generation)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            let (stem, extension) = name.split_once('.').unwrap_or((name, ""));
            let segment_file = ["fast", "fieldnorm", "idx", "pos", "store", "term"].contains(&extension)
                || extension.ends_with(".del");
            segment_file && !listed.iter().any(|id| id == stem)
        })
        .collect();
    unlisted.sort();
    unlisted
}

/// Each paste's hits on the index as JSON: ids, scores, confidences, why.
fn answers(index: &Path, pastes: &[&str]) -> Vec<String> {
    let kb = kbmatch::KnowledgeBase::open(index).unwrap();
    pastes
        .iter()
        .map(|paste| serde_json::to_string(&kb.search(paste, &kbmatch::SearchOptions::default()).unwrap()).unwrap())
        .collect()
}

/// An updated index answers as a fresh build of the same files would,
/// scores and confidences included: the replaced documents do not linger
/// in the word statistics. (Exactly here because these articles are
/// short: a merge of a segment with deletions re-estimates each field's
/// total length from the one-byte field norms, which are exact below 40
/// words or so, and 2 to 4 % short for the archive's longer fields.)
#[test]
fn an_update_matches_a_full_build() {
    let c = Corpus::new();
    c.build(false);
    c.write(
        "runbooks/restart.md",
        "# Restart the sprocket agent\n\nStop the agent, delete its spool folder, start it again.\n",
    );
    c.write("runbooks/new.md", "# Rotate the widget keys\n\nOpen the console and rotate the keys.\n");
    let updated = c.build(false);
    assert!(matches!(updated.change, Change::Updated { changed: 1, added: 1, removed: 0, .. }), "{:?}", updated.change);
    // The update merged the segment holding the replaced article; the
    // segment it merged is gone from the folder.
    assert_eq!(unlisted_segment_files(&c.index), Vec::<String>::new());
    let ids = ["Q900001", "Q900002", "Q900003", "runbooks/restart.md", "runbooks/new.md"];
    let kb = c.open();
    let incremental: Vec<_> = ids.iter().map(|id| kb.article(id).unwrap()).collect();
    drop(kb);
    let pastes = ["spool folder", "sprocket agent", "rotate the widget keys", "Q900001"];
    let updated_answers = answers(&c.index, &pastes);

    let full = c.build(true);
    assert_eq!(full.change, Change::Full("--full".into()));
    assert_eq!(full.manifest.articles, updated.manifest.articles);
    assert_eq!(full.manifest.by_kind, updated.manifest.by_kind);
    assert_eq!(full.manifest.sources, updated.manifest.sources);
    let kb = c.open();
    let rebuilt: Vec<_> = ids.iter().map(|id| kb.article(id).unwrap()).collect();
    assert_eq!(incremental, rebuilt);
    drop(kb);
    assert_eq!(updated_answers, answers(&c.index, &pastes));
}

#[test]
fn other_roots_or_a_missing_file_list_mean_a_full_build() {
    let c = Corpus::new();
    c.build(false);
    let kb_only = c.root.join("kb");
    let options = BuildOptions::default();
    let summary = index::build(std::slice::from_ref(&kb_only), &c.index, &options).unwrap();
    assert_eq!(summary.change, Change::Full("the corpus paths differ from the previous build's".into()));
    assert_eq!(summary.manifest.articles, 3);

    // An index built before file lists existed.
    c.build(false);
    fs::remove_file(Path::new(&c.index).join(current(&c.index)).join("sources.json")).unwrap();
    assert_eq!(c.build(false).change, Change::Full("the previous index has no usable list of its files".into()));
    assert_eq!(c.build(false).change, Change::Unchanged);

    // The CLI's --full.
    let root = c.root.to_string_lossy().into_owned();
    let (ok, _, stderr) = c.kbmatch(&["index", "--full", "--corpus", &root]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("note: full build (--full)"), "{stderr}");
}

/// An index that an older kbmatch built is rebuilt whole, and the note says
/// why in its own words (not the error that tells a user to rebuild).
#[test]
fn an_index_of_older_extractors_is_rebuilt_with_the_reason() {
    let c = Corpus::new();
    c.build(false);
    let manifest = Path::new(&c.index).join(current(&c.index)).join("kbmatch.json");
    let mut json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&manifest).unwrap()).unwrap();
    let (schema, extractor) = (kbmatch::index::schema::SCHEMA_VERSION, kbmatch::extract::EXTRACTOR_VERSION);
    json["extractor_version"] = (extractor - 1).into();
    fs::write(&manifest, json.to_string()).unwrap();
    let reason = format!(
        "the previous index was built by schema {schema} / extractor {}, this kbmatch has {schema} / {extractor}",
        extractor - 1
    );
    assert_eq!(c.build(false).change, Change::Full(reason));
    assert_eq!(c.build(false).change, Change::Unchanged);
}

#[test]
fn a_file_that_becomes_unreadable_removes_its_article() {
    let c = Corpus::new();
    c.build(false);
    c.write("runbooks/restart.md", "");
    let summary = c.build(false);
    assert!(matches!(summary.change, Change::Updated { changed: 1, deleted: 1, .. }), "{:?}", summary.change);
    assert_eq!(summary.skipped.len(), 1);
    assert_eq!(summary.manifest.articles, 3);
    // Still skipped next time, and nothing else changed.
    let again = c.build(false);
    assert_eq!(again.change, Change::Unchanged);
    assert_eq!(again.skipped.len(), 1);
    // Readable again: back in the index.
    c.write("runbooks/restart.md", "# Restart the sprocket agent\n\nStart it again.\n");
    let back = c.build(false);
    assert!(matches!(back.change, Change::Updated { added: 1, .. }), "{:?}", back.change);
    assert_eq!(back.manifest.articles, 4);
}

#[test]
fn a_reader_of_the_old_generation_keeps_its_view_during_an_update() {
    let c = Corpus::new();
    c.build(false);
    let old = c.open();
    c.write(
        "kb/900/Q900002/README.md",
        &kb_page("Q900002", "Gadget Queue Grows", "The gadget queue grows when the relay is offline."),
    );
    let summary = c.build(false);
    assert!(matches!(summary.change, Change::Updated { changed: 1, .. }), "{:?}", summary.change);
    // The old generation's files were linked, never rewritten: the open
    // reader still sees the old text; a new open sees the new one.
    let text =
        |kb: &KbIndex| -> String { kb.article("Q900002").unwrap().sections.iter().map(|s| s.text.clone()).collect() };
    assert!(text(&old).contains("without bound"));
    assert!(text(&c.open()).contains("relay is offline"));
}

/// Index the corpus into `index` with `options`; every article by id, and
/// the hits for three pastes, as JSON (scores and confidences to the bit).
fn built_with(root: &Path, index: &Path, options: &BuildOptions) -> (BuildReport, Vec<String>) {
    let report = index::build(&[root.to_path_buf()], index, &options.clone().full(true)).unwrap();
    let kb = kbmatch::KnowledgeBase::open(index).unwrap();
    let ids = ["Q900001", "Q900002", "Q900003", "runbooks/restart.md"];
    let mut seen: Vec<String> = ids.iter().map(|id| format!("{:?}", kb.article(id).unwrap())).collect();
    seen.extend(answers(
        index,
        &["widget service stops 0x80041001", "gadget queue grows", "clear the sprocket agent cache"],
    ));
    (report, seen)
}

#[test]
fn a_build_a_chunk_at_a_time_gives_the_index_of_one_pass() {
    let c = Corpus::new();
    // The same articles again in files whose names do not say which: read
    // apart from the archive's files of the same KB numbers.
    for (path, id, title, symptom) in [
        ("exports/widget.txt", "Q900001", "Widget Service Stops", "The widget service stops with error 0x80041001."),
        (
            "exports/gadget.txt",
            "Q900002",
            "Gadget Queue Grows",
            "The gadget queue grows without bound on the site server.",
        ),
    ] {
        c.write(path, &kb_text(id, title, symptom));
    }
    let at = |name: &str| c._dir.path().join(name);
    let (one, expected) = built_with(&c.root, &at("one-pass"), &BuildOptions::default());
    assert_eq!((one.articles, one.sources), (4, 7), "{one:?}");
    assert_eq!(one.manifest.by_kind.get("kb"), Some(&3));
    let q900001 = kbmatch::KnowledgeBase::open(at("one-pass")).unwrap().article("Q900001").unwrap();
    assert_eq!(q900001.sources.len(), 3, "{:?}", q900001.sources);

    // A file at a time: the unnamed files' documents wait for their
    // article's chunk.
    let (held, seen) = built_with(&c.root, &at("held"), &BuildOptions::default().chunk(1, u64::MAX));
    assert_eq!((held.articles, held.sources), (4, 7));
    assert!(held.timings.iter().all(|(phase, _)| *phase != "merge across chunks"), "{:?}", held.timings);
    assert_eq!(seen, expected);

    // Nothing held: the articles met again are read again, replaced, and
    // their segments merged, so that even the scores are the same.
    let (again, seen) = built_with(&c.root, &at("again"), &BuildOptions::default().chunk(1, 0));
    assert_eq!((again.articles, again.sources), (4, 7));
    assert!(again.timings.iter().any(|(phase, _)| *phase == "merge across chunks"), "{:?}", again.timings);
    assert_eq!(seen, expected);
    assert_eq!(unlisted_segment_files(&at("again")), Vec::<String>::new());

    // The list of files the next update starts from is the same however
    // the files were chunked, and the log of files read it was gathered
    // in is not left in the generation.
    let files_of = |name: &str| {
        let generation = at(name).join(current(&at(name)));
        assert!(!generation.join("files-read.jsonl").exists(), "{name}");
        let list: serde_json::Value =
            serde_json::from_slice(&fs::read(generation.join("sources.json")).unwrap()).unwrap();
        list["files"].clone()
    };
    let listed = files_of("one-pass");
    assert_eq!(listed.as_array().map(Vec::len), Some(7), "{listed}");
    assert_eq!(files_of("held"), listed);
    assert_eq!(files_of("again"), listed);
}

/// An update that leaves a replaced article's old document in its segment
/// (too few deletions to merge it) still answers a paste whose words every
/// article holds: the index then counts one document more holding them
/// than there are articles, which the word weights must bear. The old
/// generation a reader holds keeps its own files: the update writes its
/// article totals anew, not through a link to the old one's.
#[test]
fn an_update_that_keeps_a_replaced_document_answers_common_words() {
    let c = Corpus::new();
    for n in 10..40 {
        let id = format!("Q9000{n}");
        c.write(
            &format!("kb/900/{id}/README.md"),
            &kb_page(&id, &format!("Program {n} Stops"), &format!("The program stops when you open the dialog {n}.")),
        );
    }
    c.build(false);
    let old = c.open();
    let totals = |generation: &Path| fs::read(generation.join(kbmatch::index::article_totals::FILE)).unwrap();
    let old_generation = c.index.join(current(&c.index));
    let before = totals(&old_generation);
    c.write(
        "kb/900/Q900011/README.md",
        &kb_page("Q900011", "Program 11 Stops", "The program stops when you open the dialog 11 twice in a row."),
    );
    let updated = c.build(false);
    assert!(matches!(updated.change, Change::Updated { changed: 1, .. }), "{:?}", updated.change);
    assert_eq!(totals(&old_generation), before);
    drop(old);
    let (ok, out, err) = c.kbmatch(&["match", "--json", "when you open the dialog the program stops twice"]);
    assert!(ok, "{err}");
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(hits["results"][0]["id"], "Q900011");
}
