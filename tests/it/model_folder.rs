//! The sentence model found without flags, and a model folder that cannot
//! be used: `--model` / `KBMATCH_MODEL` named and broken is an error (exit
//! 2) saying why, the folder `model` beside the index broken is a warning
//! and the words answer, none found is words only, said by `stats`,
//! `stats --json` and `match --json`. No real model needed: small fake
//! folders (`tests/sentence_model.rs` has the real one).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

/// An index of the sample corpus in `dir/index`, built once per test.
fn indexed(dir: &Path) -> PathBuf {
    let index = dir.join("index");
    let out = kbmatch(&["index", "--corpus", "corpus", "--index", index.to_str().expect("path")], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    index
}

fn kbmatch(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kbmatch"));
    command.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    for name in ["KBMATCH_INDEX", "KBMATCH_CORPUS", "KBMATCH_MODEL"] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied()).output().expect("kbmatch runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A model folder holding only `config.json` (of the right architecture).
fn partial(dir: &Path) {
    std::fs::create_dir_all(dir).expect("folder");
    std::fs::write(dir.join("config.json"), r#"{"model_type": "bert", "hidden_size": 384, "num_hidden_layers": 6}"#)
        .expect("written");
}

const HOW: &str = "a model folder holds config.json, tokenizer.json and model.safetensors of a sentence-transformers \
                   BERT model 384 wide: all-MiniLM-L6-v2, installed by tools/install-model.sh (see the README)";

const DESCRIPTION: &str = "package never installs on the distribution point after restart";

#[test]
fn without_a_model_the_words_answer_and_stats_and_json_say_meaning_is_off() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = indexed(dir.path());
    let index = index.to_str().expect("path");
    let stats = kbmatch(&["stats", "--index", index], &[]);
    assert_eq!(stats.status.code(), Some(0), "{}", stderr(&stats));
    let text = String::from_utf8(stats.stdout).expect("UTF-8");
    let line = text.lines().find(|l| l.starts_with("meaning: ")).expect("a meaning line");
    assert_eq!(
        line,
        format!(
            "meaning: off (words only): no sentence model; tools/install-model.sh {} installs one where it is found",
            dir.path().join("model").display()
        )
    );
    let off = json!({"on": false, "model": null, "architecture": null, "vectors": 0});
    let stats: Value =
        serde_json::from_slice(&kbmatch(&["stats", "--index", index, "--json"], &[]).stdout).expect("JSON");
    assert_eq!(stats["meaning"], off);
    let found = kbmatch(&["match", "--index", index, "--json", DESCRIPTION], &[]);
    assert_eq!(found.status.code(), Some(0));
    assert_eq!(stderr(&found), "");
    let answer: Value = serde_json::from_slice(&found.stdout).expect("JSON");
    assert_eq!(answer["meaning"], off);
}

#[test]
fn a_model_named_that_cannot_be_used_is_an_error_saying_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = indexed(dir.path());
    let index = index.to_str().expect("path");
    let gone = dir.path().join("nowhere");
    let gone = gone.to_str().expect("path");
    let named = kbmatch(&["match", "--index", index, "--model", gone, DESCRIPTION], &[]);
    assert_eq!(named.status.code(), Some(2));
    assert_eq!(stderr(&named), format!("kbmatch: error: {gone}: no such folder; {HOW}\n"));
    assert!(named.stdout.is_empty());

    let half = dir.path().join("half");
    partial(&half);
    let half = half.to_str().expect("path");
    let by_variable = kbmatch(&["match", "--index", index, DESCRIPTION], &[("KBMATCH_MODEL", half)]);
    assert_eq!(by_variable.status.code(), Some(2));
    assert_eq!(
        stderr(&by_variable),
        format!(
            "kbmatch: error: {half}: the model is incomplete: no tokenizer.json, no model.safetensors there; {HOW}\n"
        )
    );

    let other = dir.path().join("roberta");
    std::fs::create_dir(&other).expect("folder");
    for name in ["tokenizer.json", "model.safetensors"] {
        std::fs::write(other.join(name), "").expect("written");
    }
    std::fs::write(other.join("config.json"), r#"{"model_type": "roberta", "hidden_size": 768}"#).expect("written");
    let other = other.to_str().expect("path");
    let built = kbmatch(&["index", "--corpus", "corpus", "--index", index, "--model", other], &[]);
    assert_eq!(built.status.code(), Some(2));
    assert_eq!(
        stderr(&built),
        format!(
            "kbmatch: error: {other}/config.json: a model of another architecture (roberta, 768 wide); kbmatch \
             runs BERT sentence encoders 384 wide (all-MiniLM-L6-v2)\n"
        )
    );
}

#[test]
fn a_broken_model_beside_the_index_is_a_warning_and_the_words_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = indexed(dir.path());
    let index = index.to_str().expect("path");
    let words = kbmatch(&["match", "--index", index, "--json", DESCRIPTION], &[]);
    let beside = dir.path().join("model");
    partial(&beside);
    let warned = kbmatch(&["match", "--index", index, "--json", DESCRIPTION], &[]);
    assert_eq!(warned.status.code(), Some(0));
    assert_eq!(
        stderr(&warned),
        format!(
            "warning: {}: the model is incomplete: no tokenizer.json, no model.safetensors there; {HOW}; answering \
             by the words alone (--no-model says so without this warning)\n",
            beside.display()
        )
    );
    assert_eq!(warned.stdout, words.stdout, "the words' answer, unchanged");
    let quiet = kbmatch(&["match", "--index", index, "--json", "--no-model", DESCRIPTION], &[]);
    assert_eq!((quiet.status.code(), stderr(&quiet)), (Some(0), String::new()));
    assert_eq!(quiet.stdout, words.stdout);
    // A named model wins over the one beside the index, and --no-model
    // over both.
    let none = kbmatch(&["stats", "--index", index, "--no-model", "--model", "/nowhere"], &[]);
    assert_eq!((none.status.code(), stderr(&none)), (Some(0), String::new()));
}
