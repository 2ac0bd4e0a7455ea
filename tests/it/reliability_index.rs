//! Interrupted and damaged indexes: a build killed at any moment leaves the
//! previous index whole and the next build cleans up by itself; two builds
//! never run at once; readers keep answering through a rebuild; a damaged or
//! outdated index is reported (exit 2, "run `kbmatch index`"), never a panic.

use crate::common::reliability as reliability_util;

use kbmatch::Error;
use kbmatch::index::{self, BuildOptions, KbIndex, layout};
use kbmatch::matcher;
use reliability_util::*;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

/// Synthetic KB pages in the big corpus: enough for a debug build to take
/// a few seconds, so that kills land in the middle of it.
const BIG_PAGES: usize = 1000;

/// The query every check asks, and the article it must find.
const QUERY: &str = "Widget Collector could not open the widget queue file wdgqueue.dat, error = 0x80070020";
const QUERY_ID: &str = "Q955001";

/// Write `n` small synthetic KB archive pages (ids Q8xxxxx) under `root`.
fn write_big_corpus(root: &Path, n: usize) {
    for i in 0..n {
        let q = format!("Q{}", 800_000 + i);
        let dir = root.join("kb").join(&q[1..4]).join(&q);
        std::fs::create_dir_all(&dir).unwrap();
        let page = format!(
            "---\nlayout: page\ntitle: \"{q}: SMS: Gadget service {i} stops with error {e}\"\npermalink: /kb/{d}/{q}/\n---\n\n\
             ## {q}: SMS: Gadget service {i} stops with error {e}\n\n{{% raw %}}\n\n\
             \tArticle: {q}\n\tProduct(s): Microsoft Systems Management Server\n\tVersion(s): 2.0\n\
             \tKeyword(s): kbsms200\n\tLast Modified: 06-AUG-2002\n\t\n\tSYMPTOMS\n\t========\n\t\n\
             \tThe gadget component number {i} logs status message {m} and stops\n\
             \tresponding with error code 0x8004{i:04x}.\n\t\n\tRESOLUTION\n\t==========\n\t\n\
             \tTo resolve this problem, follow these steps:\n\t\n\
             \t1. Stop the gadget service on server SRV{i}.\n\t2. Delete the file gadget{i}.tmp.\n\
             \t3. Start the gadget service.\n\t\n\tAdditional query words: gadget{i}\n{{% endraw %}}\n",
            d = &q[1..4],
            e = i % 97,
            m = 2000 + i % 500,
        );
        std::fs::write(dir.join("README.md"), page).unwrap();
    }
}

/// The ids and scores `match --json` gives for [`QUERY`].
fn answer(cwd: &Path, index: &Path) -> Vec<(String, f64)> {
    let run =
        kbmatch(cwd, ["match", "--json", "--index", index.to_str().unwrap(), QUERY], None, Duration::from_secs(30));
    run.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("match --json is JSON");
    json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["id"].as_str().unwrap().to_string(), h["score"].as_f64().unwrap()))
        .collect()
}

/// Names in the index folder, sorted.
fn entries(index: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(index).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// The index folder holds exactly the live generation, `CURRENT` and the lock.
fn assert_clean(index: &Path) {
    let names = entries(index);
    let gens: Vec<&String> = names.iter().filter(|n| n.starts_with("gen-")).collect();
    assert_eq!(gens.len(), 1, "{names:?}");
    assert_eq!(names.len(), 3, "only CURRENT, build.lock and one generation: {names:?}");
    assert!(names.contains(&"CURRENT".to_string()) && names.contains(&"build.lock".to_string()), "{names:?}");
}

fn spawn_build(cwd: &Path, corpus: &str, index: &str) -> Child {
    command(cwd, ["index", "--corpus", corpus, "--index", index]).spawn().expect("spawn kbmatch index")
}

/// Kill a build with SIGKILL and reap it; `true` if it had already ended.
fn kill9(child: &mut Child) -> bool {
    let ended = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    let _ = child.wait();
    ended
}

#[test]
fn builds_killed_at_any_moment_lose_nothing() {
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    write_good_corpus(&cwd.join("good"));
    write_big_corpus(&cwd.join("big"), BIG_PAGES);
    let index = cwd.join("index");
    kbmatch(cwd, ["index", "--corpus", "good", "--index", "index"], None, Duration::from_secs(30)).assert_code(0);
    let before = answer(cwd, &index);
    assert_eq!(before[0].0, QUERY_ID);
    let mut live = std::fs::read_to_string(index.join("CURRENT")).unwrap();

    // Kills at fixed times after the start, then at times after the build
    // folder appears (the files are read, the index is being written), so
    // that a faster or slower machine still kills in both phases.
    let kills =
        [(0u64, false), (50, false), (200, false), (500, false), (1000, false), (0, true), (100, true), (300, true)];
    let mut points = Vec::new();
    for (delay, after_read) in kills {
        let mut child = spawn_build(cwd, "big", "index");
        if after_read {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !entries(&index).iter().any(|n| n.starts_with("building-"))
                && child.try_wait().unwrap().is_none()
                && Instant::now() < deadline
            {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        std::thread::sleep(Duration::from_millis(delay));
        let delay = if after_read { format!("{delay} ms after reading") } else { format!("{delay} ms") };
        // A kill that lands after the swap (while the finished build removes
        // the old generation) is "too late" as well: the new index is live.
        let ended = kill9(&mut child);
        let swapped = std::fs::read_to_string(index.join("CURRENT")).unwrap() != live;
        if ended || swapped {
            // Too late: the build had finished, and its index is whole.
            assert_eq!(stats(cwd, &index)["articles"], BIG_PAGES, "a build finished before {delay}");
            points.push(format!("{delay}: finished before the kill"));
            kbmatch(cwd, ["index", "--corpus", "good", "--index", "index"], None, Duration::from_secs(30))
                .assert_code(0);
            assert_eq!(answer(cwd, &index), before);
            live = std::fs::read_to_string(index.join("CURRENT")).unwrap();
            continue;
        }
        // Where the kill landed: a build folder appears once the files are
        // read, its manifest just before the swap.
        let building = entries(&index).into_iter().find(|n| n.starts_with("building-"));
        let phase = match building {
            None => "reading files",
            Some(b) if index.join(&b).join(layout::MANIFEST).exists() => "publishing",
            Some(_) => "writing the index",
        };
        points.push(format!("{delay}: {phase}"));
        // The previous index is whole and gives the same answer.
        assert_eq!(std::fs::read_to_string(index.join("CURRENT")).unwrap(), live);
        assert_eq!(answer(cwd, &index), before, "after a kill at {delay}");
    }

    // The next build needs no clean-up: the lock is free, leftovers go.
    let run = kbmatch(cwd, ["index", "--corpus", "good", "--index", "index"], None, Duration::from_secs(30));
    run.assert_code(0);
    assert_clean(&index);
    assert_eq!(answer(cwd, &index), before);
    eprintln!("kill points: {} ({}); {:.1} s", points.len(), points.join(", "), started.elapsed().as_secs_f64());
}

/// Kill the build the moment its manifest appears in `building-*`: the
/// last step before the swap. Whichever side of the swap the kill lands
/// on, the index that `CURRENT` names is whole.
#[test]
fn a_build_killed_just_before_the_swap_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    write_good_corpus(&cwd.join("good"));
    write_big_corpus(&cwd.join("big"), BIG_PAGES / 3);
    let index = cwd.join("index");
    kbmatch(cwd, ["index", "--corpus", "good", "--index", "index"], None, Duration::from_secs(30)).assert_code(0);
    let before = answer(cwd, &index);
    let live = std::fs::read_to_string(index.join("CURRENT")).unwrap();

    let mut child = spawn_build(cwd, "big", "index");
    let deadline = Instant::now() + Duration::from_secs(60);
    let seen = loop {
        let manifest_written = std::fs::read_dir(&index).unwrap().flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name.starts_with("building-") && e.path().join(layout::MANIFEST).exists())
                || (name.starts_with("gen-") && name != live)
        });
        if manifest_written || child.try_wait().unwrap().is_some() || Instant::now() > deadline {
            break manifest_written;
        }
        std::thread::yield_now();
    };
    let ended = kill9(&mut child);
    assert!(seen, "the build's manifest was never seen");
    let now_live = std::fs::read_to_string(index.join("CURRENT")).unwrap();
    if now_live == live {
        assert_eq!(answer(cwd, &index), before);
        eprintln!("killed before the swap (build ended by itself: {ended}): the previous index answers as before");
    } else {
        // The swap happened: the new index is whole.
        assert_eq!(stats(cwd, &index)["articles"], BIG_PAGES / 3);
        eprintln!("killed just after the swap (build ended by itself: {ended}): the new index is whole");
    }
    kbmatch(cwd, ["index", "--corpus", "good", "--index", "index"], None, Duration::from_secs(30)).assert_code(0);
    assert_clean(&index);
    assert_eq!(answer(cwd, &index), before);
}

/// Copy a folder tree.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn live_generation(index: &Path) -> PathBuf {
    layout::current_generation(index).unwrap().unwrap()
}

fn top_id(kb: &KbIndex, query: &str) -> String {
    matcher::match_text(kb, query, &kbmatch::SearchOptions::default().limit(5))
        .unwrap()
        .first()
        .map(|h| h.id.clone())
        .unwrap_or_default()
}

/// Each on-disk state a build can be killed in (before, during and after
/// each step of the swap), recreated exactly: the live index answers, and
/// the next build removes what was left.
#[test]
fn every_state_of_an_interrupted_swap_is_recovered() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good");
    write_good_corpus(&good);
    let other = tmp.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("gizmo.md"), "# Gizmo restarts\n\nThe gizmo daemon restarts every hour with code 77.\n")
        .unwrap();
    // A complete generation of the other corpus, to plant as a leftover.
    let scratch = tmp.path().join("scratch");
    index::build(std::slice::from_ref(&other), &scratch, &BuildOptions::default()).unwrap();
    let new_gen = live_generation(&scratch);
    let new_name = new_gen.file_name().unwrap().to_string_lossy().into_owned();

    type Plant = fn(&Path, &Path, &str);
    let states: [(&str, Plant, bool); 6] = [
        (
            "empty building folder",
            |index, _, _| std::fs::create_dir_all(index.join("building-gen-1-1")).unwrap(),
            false,
        ),
        (
            "half-written building folder",
            |index, new_gen, _| {
                let b = index.join("building-gen-2-2");
                copy_tree(new_gen, &b);
                std::fs::remove_file(b.join(layout::MANIFEST)).unwrap();
                std::fs::remove_file(b.join("meta.json")).unwrap();
            },
            false,
        ),
        ("complete building folder", |index, new_gen, _| copy_tree(new_gen, &index.join("building-gen-3-3")), false),
        ("renamed, CURRENT not yet replaced", |index, new_gen, name| copy_tree(new_gen, &index.join(name)), false),
        (
            "CURRENT.tmp written, not renamed",
            |index, new_gen, name| {
                copy_tree(new_gen, &index.join(name));
                std::fs::write(index.join("CURRENT.tmp"), name).unwrap();
            },
            false,
        ),
        (
            "CURRENT replaced, old generation not removed",
            |index, new_gen, name| {
                copy_tree(new_gen, &index.join(name));
                std::fs::write(index.join("CURRENT"), name).unwrap();
            },
            true,
        ),
    ];
    for (what, plant, swapped) in states {
        let index = tmp.path().join(format!("index-{}", what.replace([' ', ','], "-")));
        index::build(std::slice::from_ref(&good), &index, &BuildOptions::default()).unwrap();
        plant(&index, &new_gen, &new_name);
        let kb = KbIndex::open(&index).unwrap_or_else(|e| panic!("{what}: {e}"));
        if swapped {
            assert_eq!(top_id(&kb, "gizmo daemon restarts code 77"), "gizmo.md", "{what}");
        } else {
            assert_eq!(top_id(&kb, QUERY), QUERY_ID, "{what}");
            assert_eq!(kb.manifest().articles, 3, "{what}");
        }
        drop(kb);
        index::build(std::slice::from_ref(&good), &index, &BuildOptions::default())
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_clean(&index);
        assert_eq!(top_id(&KbIndex::open(&index).unwrap(), QUERY), QUERY_ID, "{what}");
    }
}

/// A build refuses while another holds the index (here the test holds the
/// lock a build holds, so that the refusal does not depend on how long a
/// real build lasts), changes nothing, and a build after it succeeds.
#[test]
fn a_second_build_refuses_while_one_runs_and_neither_corrupts_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    write_good_corpus(&cwd.join("good"));
    write_big_corpus(&cwd.join("big"), BIG_PAGES / 2);
    let index = cwd.join("index");
    index::build(&[cwd.join("good")], &index, &BuildOptions::default()).unwrap();
    let live = live_generation(&index);

    let running = layout::lock(&index).unwrap();
    let second = kbmatch(cwd, ["index", "--corpus", "big", "--index", "index"], None, Duration::from_secs(30));
    second.assert_code(2);
    assert!(second.stderr.contains("another `kbmatch index` is already building index"), "{}", second.stderr);
    // In-process, the lock says the same.
    assert!(matches!(layout::lock(&index), Err(Error::IndexBusy(_))));
    // The refused build touched nothing.
    assert_eq!(live_generation(&index), live);
    assert_eq!(stats(cwd, &index)["articles"], 3);
    drop(running);

    let mut build = spawn_build(cwd, "big", "index");
    let (code, _, stderr) = wait_with_limit(&mut build, Duration::from_secs(60));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stats(cwd, &index)["articles"], BIG_PAGES / 2);
    assert_clean(&index);
    // The lock is free again.
    drop(layout::lock(&index).expect("the lock is released when the build ends"));
}

/// A reader opened before a rebuild keeps answering from the old
/// generation (builds leave its folder until it closes it); a reader opened after
/// sees the new content. Readers of the binary answer throughout.
#[test]
fn readers_keep_answering_through_a_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    let corpus = cwd.join("good");
    write_good_corpus(&corpus);
    let index = cwd.join("index");
    index::build(std::slice::from_ref(&corpus), &index, &BuildOptions::default()).unwrap();
    let old = KbIndex::open(&index).unwrap();
    let old_gen = live_generation(&index);
    assert_eq!(top_id(&old, QUERY), QUERY_ID);

    // New content: the runbook goes, a new note comes.
    std::fs::remove_file(corpus.join("runbooks/spooler-queue-stuck.md")).unwrap();
    std::fs::write(corpus.join("gizmo.md"), "# Gizmo restarts\n\nThe gizmo daemon restarts every hour with code 77.\n")
        .unwrap();
    index::build(std::slice::from_ref(&corpus), &index, &BuildOptions::default()).unwrap();
    assert!(old_gen.join("kbmatch.json").is_file(), "the old generation stays while a reader has it open");

    // The old reader still answers from what it opened.
    assert_eq!(top_id(&old, QUERY), QUERY_ID);
    assert_eq!(
        old.article("runbooks/spooler-queue-stuck.md").unwrap().title,
        "Print queue stuck on the branch print server"
    );
    assert!(matches!(old.article("gizmo.md"), Err(Error::ArticleNotFound(_))));
    // A new reader sees the new content.
    let new = KbIndex::open(&index).unwrap();
    assert_eq!(top_id(&new, "gizmo daemon restarts code 77"), "gizmo.md");
    assert!(matches!(new.article("runbooks/spooler-queue-stuck.md"), Err(Error::ArticleNotFound(_))));

    // Once its reader is gone, the next build removes it.
    drop(old);

    // The binary answers while a big rebuild runs.
    write_big_corpus(&corpus, BIG_PAGES / 3);
    let mut build = spawn_build(cwd, "good", "index");
    let mut answered = 0;
    while build.try_wait().unwrap().is_none() {
        assert_eq!(answer(cwd, &index)[0].0, QUERY_ID);
        answered += 1;
    }
    let (code, _, stderr) = wait_with_limit(&mut build, Duration::from_secs(60));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(answer(cwd, &index)[0].0, QUERY_ID);
    assert_eq!(stats(cwd, &index)["articles"], 3 + BIG_PAGES / 3);
    assert!(!old_gen.exists(), "the old generation is removed once nothing reads it");
    eprintln!("{answered} matches answered during the rebuild");
}

/// Opening while builds swap generations in a loop: `open` never reports
/// the generation it read from `CURRENT` as missing when a newer one took
/// its place.
#[test]
fn opening_races_with_swaps_without_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("good");
    write_good_corpus(&corpus);
    let index = tmp.path().join("index");
    index::build(std::slice::from_ref(&corpus), &index, &BuildOptions::default()).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let builder = {
        let (stop, corpus, index) = (stop.clone(), corpus.clone(), index.clone());
        std::thread::spawn(move || {
            let mut builds = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                match index::build(std::slice::from_ref(&corpus), &index, &BuildOptions::default()) {
                    Ok(_) => builds += 1,
                    // Another test of this binary may fork a child at the
                    // moment the lock is released: the child shares the lock
                    // until it execs. Not a second build; try again.
                    Err(kbmatch::Error::IndexBusy(_)) => std::thread::sleep(Duration::from_millis(20)),
                    Err(e) => panic!("{e}"),
                }
            }
            builds
        })
    };
    let until = Instant::now() + Duration::from_secs(3);
    let mut opens = 0;
    let mut failures = Vec::new();
    while Instant::now() < until {
        match KbIndex::open(&index)
            .and_then(|kb| matcher::match_text(&kb, QUERY, &kbmatch::SearchOptions::default().limit(3)))
        {
            Ok(hits) => assert_eq!(hits[0].id, QUERY_ID),
            Err(e) => failures.push(e.to_string()),
        }
        opens += 1;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let builds = builder.join().unwrap();
    eprintln!("{opens} opens during {builds} builds");
    assert!(builds >= 2 && opens >= 2, "{builds} builds, {opens} opens");
    assert!(
        failures.is_empty(),
        "{} of {opens} opens failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(3)]
    );
}

/// Ways to damage an index: (name, damage, expected word in the message,
/// whether the manifest can still say which folders it was built from).
type Damage = (&'static str, fn(&Path, &Path), &'static str, bool);

/// The first segment file with this extension in a generation.
fn segment_file(generation: &Path, ext: &str) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(generation)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files.into_iter().next().unwrap_or_else(|| panic!("no .{ext} file in {}", generation.display()))
}

fn truncate_to(path: &Path, len: u64) {
    std::fs::OpenOptions::new().write(true).open(path).unwrap().set_len(len).unwrap();
}

/// Bytes at the end of a tantivy file that hold its footer (a JSON
/// version and checksum, its length and a magic number), with room to spare.
const FOOTER_ROOM: usize = 160;

/// Overwrite the middle half of a file's data with 0xFF bytes, leaving its
/// footer whole.
/// Overwrite the middle of a file's data part (its footer kept); false,
/// and the file left alone, if it has too little data to damage inside
/// (a parallel build under load may write a segment of a few articles).
fn scribble(path: &Path) -> bool {
    let mut bytes = std::fs::read(path).unwrap();
    let data = bytes.len().saturating_sub(FOOTER_ROOM);
    if data < 8 {
        return false;
    }
    for b in &mut bytes[data / 4..data * 3 / 4] {
        *b = 0xFF;
    }
    std::fs::write(path, bytes).unwrap();
    true
}

/// Overwrite the whole data part of a file (its footer kept).
fn scribble_all(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let data = bytes.len().saturating_sub(FOOTER_ROOM);
    for b in &mut bytes[..data] {
        *b = 0xFF;
    }
    std::fs::write(path, bytes).unwrap();
}

const DAMAGES: &[Damage] = &[
    (
        "truncated store file",
        |_, g| {
            let f = segment_file(g, "store");
            truncate_to(&f, std::fs::metadata(&f).unwrap().len() / 2)
        },
        "damaged",
        true,
    ),
    ("postings file emptied", |_, g| truncate_to(&segment_file(g, "idx"), 0), "damaged", true),
    ("term dictionary deleted", |_, g| std::fs::remove_file(segment_file(g, "term")).unwrap(), "damaged", true),
    ("positions deleted", |_, g| std::fs::remove_file(segment_file(g, "pos")).unwrap(), "damaged", true),
    ("tantivy meta.json deleted", |_, g| std::fs::remove_file(g.join("meta.json")).unwrap(), "damaged", true),
    (
        "tantivy meta.json garbage",
        |_, g| std::fs::write(g.join("meta.json"), "{\"segments\": [{").unwrap(),
        "damaged",
        true,
    ),
    (
        "CURRENT binary garbage",
        |i, _| std::fs::write(i.join("CURRENT"), b"\xff\xfe\x00\x01").unwrap(),
        "damaged",
        false,
    ),
    ("CURRENT empty", |i, _| std::fs::write(i.join("CURRENT"), "").unwrap(), "damaged", false),
    ("CURRENT points outside", |i, _| std::fs::write(i.join("CURRENT"), "../../etc").unwrap(), "damaged", false),
    ("CURRENT names no generation", |i, _| std::fs::write(i.join("CURRENT"), "gen-0-0\n").unwrap(), "damaged", false),
    ("generation folder deleted", |_, g| std::fs::remove_dir_all(g).unwrap(), "damaged", false),
    ("manifest deleted", |_, g| std::fs::remove_file(g.join(layout::MANIFEST)).unwrap(), "damaged", false),
    ("manifest garbage", |_, g| std::fs::write(g.join(layout::MANIFEST), "not json").unwrap(), "damaged", false),
    (
        "manifest of another schema version",
        |_, g| {
            let path = g.join(layout::MANIFEST);
            let mut manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            manifest["schema_version"] = 999.into();
            std::fs::write(&path, manifest.to_string()).unwrap();
        },
        "outdated",
        true,
    ),
    (
        "manifest of a future layout",
        |_, g| {
            std::fs::write(g.join(layout::MANIFEST), r#"{"schema_version": 99, "extractor_version": 99, "shards": []}"#)
                .unwrap()
        },
        "outdated",
        false,
    ),
];

#[test]
fn a_damaged_or_outdated_index_is_reported_and_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    write_good_corpus(&cwd.join("good"));
    let pristine = cwd.join("pristine");
    kbmatch(cwd, ["index", "--corpus", "good", "--index", "pristine"], None, Duration::from_secs(30)).assert_code(0);
    let mut tried = 0;
    for (what, damage, word, names_corpus) in DAMAGES {
        let index = cwd.join("index");
        if index.exists() {
            std::fs::remove_dir_all(&index).unwrap();
        }
        copy_tree(&pristine, &index);
        let generation = live_generation(&index);
        damage(&index, &generation);
        for args in [
            vec!["match", "--index", "index", QUERY],
            vec!["show", "--index", "index", QUERY_ID],
            vec!["stats", "--index", "index"],
        ] {
            let run = kbmatch(cwd, &args, None, Duration::from_secs(30));
            run.assert_code(2);
            let message = run.stderr.trim();
            assert!(message.starts_with("kbmatch: error: the index at index is"), "{what}, {}: {message}", args[0]);
            assert!(message.contains(word), "{what}, {}: should say {word}: {message}", args[0]);
            // `kbmatch index` alone reads ./corpus: the command names the
            // folders the index was built from wherever its manifest says.
            let advice = if *names_corpus {
                "run `kbmatch index --index index --corpus good` to rebuild it from the folders it was built from"
            } else {
                "run `kbmatch index --index index` to rebuild it"
            };
            assert!(message.ends_with(advice), "{what}, {}: {message}", args[0]);
            tried += 1;
        }
        // `kbmatch index` repairs it, with no manual clean-up.
        kbmatch(cwd, ["index", "--corpus", "good", "--index", "index"], None, Duration::from_secs(30)).assert_code(0);
        assert_eq!(answer(cwd, &index)[0].0, QUERY_ID, "{what}: rebuilt");
        assert_clean(&index);
    }
    eprintln!("{} kinds of damage, {tried} commands on damaged indexes", DAMAGES.len());
}

/// Damage inside a file (its footer whole) is reported as damage when
/// opening or a search or fetch reads it — no panic, no wrong exit code —
/// and `KbIndex::verify` names the file.
#[test]
fn damage_inside_files_is_reported_when_read() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    write_good_corpus(&cwd.join("good"));
    // Some synthetic pages too, so that every file has data to damage.
    write_big_corpus(&cwd.join("good"), 200);
    let pristine = cwd.join("pristine");
    index::build(&[cwd.join("good")], &pristine, &BuildOptions::default()).unwrap();
    let mut reported = Vec::new();
    for ext in ["term", "idx", "pos", "store", "fieldnorm"] {
        let index = cwd.join(format!("index-{ext}"));
        copy_tree(&pristine, &index);
        // The hits may sit in any segment (a parallel build writes several)
        // and any block of a store: damage that file of every segment, and
        // every block of the stores.
        let generation = live_generation(&index);
        let files: Vec<PathBuf> = std::fs::read_dir(&generation)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect();
        assert!(!files.is_empty(), "no .{ext} file in {}", generation.display());
        let mut damaged = 0;
        for file in &files {
            if ext == "store" {
                scribble_all(file);
                damaged += 1;
            } else if scribble(file) {
                damaged += 1;
            }
        }
        assert!(damaged > 0, "every .{ext} file in {} is too small to damage inside", generation.display());

        let kb = match KbIndex::open(&index) {
            Ok(kb) => kb,
            // Damage that reaches what opening reads (the store's skip
            // index, when all its blocks are damaged) is found even sooner.
            Err(Error::IndexDamaged { .. }) => {
                reported.push(format!("{ext}/open"));
                continue;
            }
            Err(e) => panic!("{ext}: opening gave {e}"),
        };
        match kb.verify() {
            Err(Error::IndexDamaged { why, .. }) => assert!(why.contains(&format!(".{ext}")), "{ext}: {why}"),
            other => panic!("{ext}: verify gave {other:?}"),
        }
        drop(kb);
        for args in [vec!["match", QUERY], vec!["match", "print spooler stuck"], vec!["show", QUERY_ID]] {
            let mut args = args.clone();
            let index_arg = index.to_str().unwrap().to_string();
            args.extend(["--index", &index_arg]);
            let run = kbmatch(cwd, &args, None, Duration::from_secs(30));
            run.assert_no_panic();
            match run.code {
                Some(0) | Some(1) => {}
                Some(2) => {
                    assert!(run.stderr.contains("is damaged"), "{ext} {args:?}: {}", run.stderr);
                    assert!(run.stderr.contains("checksum"), "{ext} {args:?}: {}", run.stderr);
                    reported.push(format!("{ext}/{}", args[0]));
                }
                other => panic!("{ext} {args:?}: exit {other:?}: {}", run.stderr),
            }
        }
    }
    eprintln!("damage inside files reported as damage by: {reported:?}");
    // Every search reads the term dictionary, and every hit is fetched
    // from the document store: damage there is found. (Damage to field
    // norms only shifts scores: no reader can tell it from data.)
    assert!(reported.iter().any(|r| r.starts_with("term/match")), "{reported:?}");
    assert!(reported.iter().any(|r| r.starts_with("store/")), "{reported:?}");
}

/// An index built by one account can be searched by another that may only
/// read it (a shared folder; the service desk's own accounts): opening
/// must not need to write a lock file, and every file must be readable.
#[cfg(unix)]
#[test]
fn an_index_another_account_may_only_read_can_be_searched() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    write_good_corpus(&cwd.join("good"));
    let index = cwd.join("index");
    kbmatch(cwd, ["index", "--corpus", "good", "--index", "index"], None, Duration::from_secs(30)).assert_code(0);
    // Every file of the generation is as readable as the manifest.
    let generation = live_generation(&index);
    let want = std::fs::metadata(generation.join(layout::MANIFEST)).unwrap().permissions().mode() & 0o444;
    for entry in std::fs::read_dir(&generation).unwrap() {
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode();
        assert_eq!(mode & want, want, "{:?} has mode {mode:o}", entry.file_name());
    }
    // Nobody may write anywhere in the index folder.
    let set = |path: &Path, mode: u32| std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    std::fs::remove_file(generation.join(".tantivy-meta.lock")).ok();
    for entry in std::fs::read_dir(&generation).unwrap() {
        set(&entry.unwrap().path(), 0o444);
    }
    set(&generation, 0o555);
    set(&index, 0o555);
    set(cwd, 0o755);

    let index_arg = index.to_str().unwrap();
    let probe = cwd.join("probe");
    std::fs::write(&probe, "").unwrap();
    set(&probe, 0o444);
    let is_root = std::fs::OpenOptions::new().write(true).open(&probe).is_ok();
    let run = if !is_root {
        kbmatch(cwd, ["match", "--json", "--index", index_arg, QUERY], None, Duration::from_secs(30))
    } else if Path::new("/usr/bin/setpriv").exists() {
        // Root may write anywhere: ask as the unprivileged `nobody` account.
        let mut cmd = std::process::Command::new("/usr/bin/setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(bin())
            .args(["match", "--json", "--index", index_arg, QUERY]);
        cmd.current_dir("/").stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
        let out = cmd.output().unwrap();
        if String::from_utf8_lossy(&out.stderr).contains("Permission denied") && !bin_is_world_readable() {
            eprintln!("note: the test binary is not reachable by `nobody`: read-only case not tried");
            restore(&index, &generation);
            return;
        }
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            seconds: 0.0,
            max_rss_kb: None,
        }
    } else {
        eprintln!("note: running as root without setpriv: read-only case not tried");
        restore(&index, &generation);
        return;
    };
    run.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["results"][0]["id"], QUERY_ID);
    restore(&index, &generation);
}

/// Make a read-only index writable again, so the temporary folder can go.
#[cfg(unix)]
fn restore(index: &Path, generation: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(index, std::fs::Permissions::from_mode(0o755));
    let _ = std::fs::set_permissions(generation, std::fs::Permissions::from_mode(0o755));
}

/// Whether every folder up to the binary can be entered by anyone.
#[cfg(unix)]
fn bin_is_world_readable() -> bool {
    use std::os::unix::fs::PermissionsExt;
    bin()
        .ancestors()
        .skip(1)
        .all(|dir| std::fs::metadata(dir).map(|m| m.permissions().mode() & 0o001 != 0).unwrap_or(false))
}
