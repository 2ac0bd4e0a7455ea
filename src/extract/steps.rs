//! Remediation steps: the numbered procedures of RESOLUTION / WORKAROUND (or
//! wherever the article gives its fix).
//!
//! Every section is first read into numbered lists (`1.`, `2.`, ... at one
//! indentation; wrapped lines, indented code, lettered sub-steps and notes
//! inside a step's indentation belong to the step). Each list keeps its
//! context: the section, the nearest `-----` sub-heading and the paragraphs
//! just before it. Which lists are remediation is then decided from that
//! context, because the same layout serves fixes ("To install the hotfix"),
//! problem descriptions ("Steps to Reproduce Behavior", "how this problem
//! develops") and plain enumerations.
use crate::article::{ArticleKind, Procedure, Section, Step};
use regex::Regex;
use std::sync::LazyLock;

/// Steps and the section they came from.
///
/// KB articles: the lists of RESOLUTION / WORKAROUND (and similarly named
/// sections), plus fix and install procedures elsewhere (MORE INFORMATION,
/// STATUS: "To install the hotfix", "another way to resolve"), in document
/// order; when there are none, the procedures of a how-to article. Lists
/// that describe the problem are never steps.
/// Blog posts: every numbered paragraph list. Docs: the lists under a
/// Resolution / Fix / Workaround / Steps heading, else the first list.
/// Tickets: the lists of their Resolution section (the fix).
/// Each step is one top-level item with its sub-steps and wrapped lines
/// joined by single spaces. These are the steps of every procedure of
/// [`remediation`], run together (an article's `steps` holds only the
/// first procedure's).
#[cfg(any(test, feature = "internals"))]
pub fn extract(sections: &[Section], kind: ArticleKind) -> (Vec<String>, Option<String>) {
    let chosen = choose(sections, kind);
    let section = chosen.first().map(|l| sections[l.section].name.clone());
    let steps = chosen.into_iter().flat_map(|l| l.items).collect();
    (steps, section)
}

/// The remediation as procedures, in document order: each chosen list
/// (the lists [`extract`] takes) with the sentence or sub-heading that
/// introduces it, its section and its steps, each step with its sub-steps
/// and code lines. Then the main procedure's steps as [`extract`] gives
/// them (the first procedure's, not every list run together) and its
/// section: the article's `steps` and `steps_section`.
pub fn remediation(sections: &[Section], kind: ArticleKind) -> (Vec<Procedure>, Vec<String>, Option<String>) {
    let chosen = choose(sections, kind);
    let main = chosen.first().map(|l| (l.items.clone(), Some(sections[l.section].name.clone())));
    let (steps, section) = main.unwrap_or_default();
    let procedures = chosen
        .into_iter()
        .map(|l| {
            let name = &sections[l.section].name;
            let title = if introduces(&l.intro_sentence) {
                Some(l.intro_sentence)
            } else if let Some(heading) = l.own_heading {
                Some(heading)
            } else {
                (name != "BODY").then(|| name.clone())
            };
            Procedure { title, section: name.clone(), steps: l.raw.iter().map(|r| structure(r)).collect() }
        })
        .collect();
    (procedures, steps, section)
}

/// The lists that are the remediation, in document order.
fn choose(sections: &[Section], kind: ArticleKind) -> Vec<NumList> {
    // A list whose items do not start with words (`1. 6.6975 --> 6.698`)
    // is numbers or code, not a procedure.
    let lists: Vec<NumList> = sections
        .iter()
        .enumerate()
        .flat_map(|(i, s)| parse_lists(&s.text, i))
        .filter(|l| l.items.iter().any(|i| i.trim_start_matches(['"', '(', '\'']).starts_with(char::is_alphabetic)))
        .collect();
    let chosen: Vec<&NumList> = match kind {
        ArticleKind::Kb => choose_kb(&lists, sections),
        ArticleKind::Blog => lists.iter().filter(|l| l.class() != Class::Problem).collect(),
        ArticleKind::Doc => choose_doc(&lists, sections),
        // The ticket reader writes the fix's steps as the numbered
        // paragraphs of its Resolution section.
        ArticleKind::Ticket => lists.iter().filter(|l| sections[l.section].name == "Resolution").collect(),
    };
    chosen.into_iter().cloned().collect()
}

/// One line of a numbered item: the first one (after its number) or a
/// wrapped, indented or nested one.
#[derive(Debug, Clone)]
struct RawLine {
    /// Indentation of its text (for the first line, where the text starts
    /// after the number).
    indent: usize,
    /// The line, trimmed.
    text: String,
    /// Whether a blank line comes before it.
    blank_before: bool,
}

// A sub-step's marker: `a.`, `b)`, `(c)` or a nested `1.`.
static SUB_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(([a-z])\)|([a-z])[.)]|(\d{1,2})[.)])\s+(\S.*)$").expect("valid regex")
});

/// A top-level item's lines as a step: its own text, its sub-steps (the
/// lettered or nested numbered items at one indentation, in sequence; a
/// deeper list stays inside its sub-step) and its code lines.
fn structure(lines: &[RawLine]) -> Step {
    let mut step = Step { text: String::new(), substeps: Vec::new(), code: Vec::new() };
    // The kind of marker the sub-steps use (letter or number), the last
    // one, and the indentation of the markers.
    let mut marker: Option<(bool, u32, usize)> = None;
    let mut prev_code = false;
    for (k, line) in lines.iter().enumerate() {
        let t = line.text.as_str();
        if k == 0 {
            step.text = t.to_string();
            continue;
        }
        if let Some(c) = SUB_ITEM.captures(t) {
            let (lettered, n) = match (c.get(1).or(c.get(2)), c.get(3)) {
                (Some(l), _) => (true, u32::from(l.as_str().as_bytes()[0] - b'a') + 1),
                (None, Some(d)) => (false, d.as_str().parse().unwrap_or(0)),
                (None, None) => (false, 0),
            };
            let follows = match marker {
                None => n == 1,
                Some((kind, last, at)) => kind == lettered && n == last + 1 && line.indent.abs_diff(at) <= 1,
            };
            if follows {
                marker = Some((lettered, n, line.indent));
                step.substeps.push(c[4].to_string());
                prev_code = false;
                continue;
            }
        }
        // What a line "type the following command:" or "add this value:"
        // introduces, on its own and not a sentence, is code too.
        let introduced = {
            let said = step.substeps.last().unwrap_or(&step.text);
            (said.ends_with(':') || (prev_code && line.blank_before))
                && !t.ends_with(['.', ':'])
                && t.split_whitespace().count() <= 8
                && !starts_note(t)
        };
        if (line.blank_before || prev_code) && (looks_like_code(t) || introduced) {
            step.code.push(t.to_string());
            prev_code = true;
            continue;
        }
        prev_code = false;
        let into = step.substeps.last_mut().unwrap_or(&mut step.text);
        into.push(' ');
        into.push_str(t);
    }
    step
}

/// A line shown on its own that is a command, a registry key or a path
/// rather than words: `HKEY_LOCAL_MACHINE\...`, `C:\SMS`, `net stop
/// spooler`, `"change user /install" (without the quotation marks)`.
fn looks_like_code(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let Some(first) = words.first() else { return false };
    let bare = first.trim_start_matches(['"', '\'', '`']);
    let upper = bare.to_ascii_uppercase();
    if ["HKEY_", "HKLM", "HKCU", "HKCR", "HKU\\"].iter().any(|k| upper.starts_with(k)) {
        return true;
    }
    if words.len() > 10 || t.ends_with([':', ',', ';']) || starts_note(t) {
        return false;
    }
    // A quoted command (`" sys c: " (without the quotation marks)`).
    if t.starts_with('"') && (t.ends_with('"') || t.ends_with("(without the quotation marks)")) {
        return true;
    }
    let sentence_end = t.ends_with('.') && !t.ends_with("..");
    let path = |w: &str| {
        let w = w.trim_matches(['"', '\'', '`']);
        w.contains(":\\") || w.starts_with(['\\', '%', '<']) || (w.contains('\\') && !w.contains(' ')) || w.contains('/') && !w.starts_with("http") && w.len() > 2 && w.starts_with('/')
    };
    let switch = words.iter().skip(1).any(|w| {
        let w = w.trim_matches(['"', '\'', '`']);
        (w.starts_with('/') || w.starts_with('-')) && w.len() > 1 && w[1..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '?')
    });
    if path(bare) || switch || words.iter().any(|w| w.contains(":\\")) {
        return !sentence_end || words.len() <= 3;
    }
    // A short lower-case command line (`regedit`, `net stop spooler`).
    !sentence_end && words.len() <= 6 && bare.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The paragraph that introduces a list: the last of `lines` (paragraphs
/// separated by "") that is not a note ("NOTE: The installer runs on Intel
/// only" sits between "Use the installer:" and its list), as written.
fn intro_paragraph(lines: &[&str]) -> String {
    let paragraphs = lines.split(|l| l.is_empty()).filter(|p| !p.is_empty());
    let mut chosen = paragraphs.clone().next_back().unwrap_or_default();
    for p in paragraphs.rev() {
        if !starts_note(p[0]) {
            chosen = p;
            break;
        }
    }
    chosen.iter().rev().take(CONTEXT_LINES).rev().copied().collect::<Vec<_>>().join(" ")
}

/// Words that announce steps ("follow these steps", "use the following
/// methods").
const ANNOUNCING: [&str; 5] = ["follow", "these steps", "the following", "as follows", "steps below"];

/// A sentence that only announces steps ("Follow these steps:").
fn says_nothing(sentence: &str) -> bool {
    let l = sentence.to_lowercase();
    l.split_whitespace().count() <= 5 && ANNOUNCING.iter().any(|k| l.contains(k))
}

/// Whether the sentence before a list is its title: one that leads into
/// it ("To fix it, follow these steps:", "Use one of the following
/// methods."), or a line that is no sentence ("Method 2: Resize the file").
/// A statement ("Error 9002.", "Note that you should back up the registry
/// before you edit it.") says something else; the list's heading or
/// section names it then.
fn introduces(sentence: &str) -> bool {
    let s = sentence.trim_end_matches([')', '"', '\'', ' ']);
    let l = s.to_lowercase();
    !s.is_empty() && (!s.ends_with('.') || l.starts_with("to ") || ANNOUNCING.iter().any(|k| l.contains(k)))
}

/// The last sentence of a paragraph; from the one before when the last
/// says no more than "Follow these steps:".
fn last_sentence(paragraph: &str) -> String {
    let p = paragraph.trim();
    let cuts: Vec<usize> = p
        .match_indices(". ")
        .map(|(at, _)| at + 2)
        .filter(|&at| p[..at - 2].split_whitespace().last().is_some_and(|w| w.chars().count() > 2 || w.ends_with(')')))
        .collect();
    let cut = match cuts.as_slice() {
        [.., before, last] if says_nothing(&p[*last..]) => *before,
        [only] if says_nothing(&p[*only..]) => 0,
        [.., last] => *last,
        [] => 0,
    };
    p[cut..].trim().to_string()
}

/// What the text around a list says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Reproduces or describes the problem.
    Problem,
    /// Fixes, installs, works around.
    Fix,
    /// No signal either way.
    Neutral,
}

/// One numbered list found in a section.
#[derive(Debug, Clone)]
struct NumList {
    /// Index of the section it is in.
    section: usize,
    /// One entry per top-level item, joined text.
    items: Vec<String>,
    /// The same items as their lines, for their structure (sub-steps,
    /// code lines).
    raw: Vec<Vec<RawLine>>,
    /// The last sentence of the paragraph that introduces the list, as
    /// written ("To install the hotfix manually, follow these steps:").
    intro_sentence: String,
    /// The sub-heading right above the list, as written, when no paragraph
    /// comes between them ("Method 2").
    own_heading: Option<String>,
    /// The paragraphs just before the list, lower case.
    before: String,
    /// The last of them, the one that introduces the list.
    intro: String,
    /// What the sub-heading above the list says; a sub-heading with no
    /// signal ("Method 2") keeps the one of the sub-heading before it
    /// ("Steps to Reproduce Behavior").
    heading: Class,
    /// The same, counting only an explicit "reproduce" as the problem.
    heading_strict: Class,
    /// The nearest sub-heading above the list, lower case.
    heading_text: String,
    /// The paragraph after the list, lower case.
    after: String,
    /// Indentation of the item numbers.
    indent: usize,
    /// `.` or `)`.
    delim: char,
    /// Number of the last item.
    last: u32,
}

impl NumList {
    /// An explicit "to reproduce" or "to work around" right before the
    /// list decides; then the sub-heading; then the paragraphs before it.
    fn class(&self) -> Class {
        self.class_by(&PROBLEM_CONTEXT, self.heading)
    }

    /// The class inside RESOLUTION / WORKAROUND, where lists are fixes
    /// unless they say outright that they reproduce the problem: there,
    /// "if the error occurs when you ..." introduces a fix.
    fn class_in_remedy(&self) -> Class {
        self.class_by(&REPRO, self.heading_strict)
    }

    fn class_by(&self, problem: &Regex, heading: Class) -> Class {
        match (classify(&self.before, problem), heading) {
            (Class::Problem, _) if !fix_said_last(&self.before, problem) => Class::Problem,
            (Class::Problem | Class::Fix, _) if STRONG_FIX.is_match(&self.before) => Class::Fix,
            (own, Class::Neutral) => own,
            (_, heading) => heading,
        }
    }

    /// The items read as a procedure: at least a third are instructions
    /// ("Click", "On the Edit menu, click"), and no fewer than the items
    /// that state facts ("The client is moved"); items of neither kind
    /// ("If you had not ...") count for neither side.
    fn is_procedure(&self) -> bool {
        let n = self.items.iter().filter(|i| is_instruction(i)).count();
        let statements = self.items.iter().filter(|i| is_statement(i)).count();
        n > 0 && n >= statements && n * 3 >= self.items.len()
    }

    /// The sub-heading or the paragraph right above says "to work around",
    /// "to resolve", "to fix".
    fn says_it_fixes(&self) -> bool {
        !PROBLEM_CONTEXT.is_match(&self.intro)
            && (STRONG_FIX.is_match(&self.intro) || STRONG_FIX.is_match(&self.heading_text))
    }

    /// The list shows how to look something up or builds a sample: in an
    /// article about a problem such lists support the text, they are not
    /// its fix.
    fn is_aside(&self) -> bool {
        let near = [self.intro.as_str(), self.heading_text.as_str()];
        near.iter().any(|t| ASIDE.is_match(t)) && !near.iter().any(|t| STRONG_FIX.is_match(t))
    }

    /// The list is followed by what it demonstrates ("Note that the error
    /// occurs"), the mark of repro steps that have no heading.
    fn ends_in_symptom(&self) -> bool {
        let last = self.items.last().map(|s| s.to_lowercase()).unwrap_or_default();
        SYMPTOM_OUTCOME.is_match(&last) || SYMPTOM_OUTCOME.is_match(&self.after)
    }
}

/// Both "reproduce" and "to resolve" are said: the one nearer the list
/// (later in the text) wins ("... can trigger this error. To resolve the
/// problem, follow these steps:").
fn fix_said_last(text: &str, problem: &Regex) -> bool {
    let last = |re: &Regex| re.find_iter(text).last().map(|m| m.start());
    match (last(&STRONG_FIX), last(problem)) {
        (Some(fix), Some(problem)) => fix > problem,
        _ => false,
    }
}

fn classify(text: &str, problem: &Regex) -> Class {
    if problem.is_match(text) {
        Class::Problem
    } else if FIX_CONTEXT.is_match(text) {
        Class::Fix
    } else {
        Class::Neutral
    }
}

// An explicit statement that a list reproduces the problem.
static REPRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        reproduc | \brepro\b | \bduplicat(e|ing)\ (the|this)\b | steps\ to\ demonstrate
        | demonstrat(e|es|ing)\ (the|this)\ (problem|behavior|behaviour|bug|issue|error)
        | (recreat|produc|trigger|generat)\w*\ (the|this)\ (problem|behavior|behaviour|bug|issue|error)
        | how\ (this|the)\ (problem|behavior|behaviour|issue|error)\ (develops|occurs|happens|arises)
        ",
    )
    .expect("valid regex")
});

// Context that marks a list as describing the problem, not fixing it.
static PROBLEM_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        reproduc | \brepro\b | \bduplicat(e|ing)\ (the|this)\b | steps\ to\ demonstrate
        | demonstrat(e|es|ing)\ (the|this)\ (problem|behavior|behaviour|bug|issue|error)
        | (problem|bug|behavior|behaviour|error|issue)\ (can\ be|is)\ (reproduced|duplicated|demonstrated)
        | (recreat|produc|trigger|generat)\w*\ (the|this)\ (problem|behavior|behaviour|bug|issue|error)
        | how\ (this|the)\ (problem|behavior|behaviour|issue|error)\ (develops|occurs|happens|arises)
        | (following|these)\ steps\ (describe|show|illustrate|demonstrate)
        | (to|will|can)\ (see|observe|demonstrate)\ (this|the)\ (problem|behavior|behaviour|issue|error)
        | (verify|confirm)\ (this|the)\ (problem|behavior|behaviour|issue)
        | symptoms?\ (occur|appear)
        | (problem|behavior|behaviour|issue|error)\ (occurs|appears|happens)\ (if|when)\ you\b
        ",
    )
    .expect("valid regex")
});

// Context that marks a list as a fix, install or workaround procedure.
static FIX_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b(install|hotfix|fix|resolv|resolution|work\ ?around|correct|repair|remov|uninstall
           |recover|restor|avoid|prevent|solv|solution|apply|upgrad|rebuild|reset|delet
           |clean|re-?enable|disable|enable|configure|change|modify|edit\ the\ registry
           |add\ the|update\ the)",
    )
    .expect("valid regex")
});

// Diagnostic look-ups and worked examples.
static ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \bto\ (determine|check|verify|confirm|find\ out|identify|see|view|display|examine|test)\b
        | \bexample\b | \bsample\b | \bfor\ instance\b",
    )
    .expect("valid regex")
});

// The words of a fix that outweigh a "Steps to Reproduce" sub-heading above.
static STRONG_FIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(work\ ?around|resolv|fix\b|fixes|correct|avoid|prevent|solv)").expect("valid regex")
});

// How the last step or the text after an unheaded repro list reads.
static SYMPTOM_OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b(note|notice)\ that\b[^.]*\b(error|not|incorrect|fail|wrong|instead|cannot|hang|crash|unexpected)
        | \byou\ (receive|get|see)\ (the|an?)\ (following\ )?(error|message|warning)
        | \b(error|message)\ (appears|occurs|is\ displayed)
        | \b(problem|behavior|behaviour|issue|error)\ (occurs|appears|happens)
        | \b(hangs|crashes|stops\ responding)\b
        ",
    )
    .expect("valid regex")
});

static ITEM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})([.)])\s+(\S.*)$").expect("valid regex"));

/// Verbs that open an instruction.
const VERBS: &[&str] = &[
    "accept",
    "activate",
    "add",
    "adjust",
    "allocate",
    "allow",
    "append",
    "apply",
    "archive",
    "assign",
    "associate",
    "attach",
    "attempt",
    "back",
    "backup",
    "begin",
    "bind",
    "boot",
    "bring",
    "browse",
    "build",
    "calculate",
    "call",
    "cancel",
    "capture",
    "change",
    "check",
    "choose",
    "clean",
    "clear",
    "click",
    "close",
    "collapse",
    "comment",
    "compare",
    "compile",
    "complete",
    "compose",
    "configure",
    "confirm",
    "connect",
    "contact",
    "continue",
    "convert",
    "copy",
    "create",
    "cut",
    "deactivate",
    "debug",
    "decide",
    "declare",
    "decrease",
    "define",
    "defragment",
    "delete",
    "demote",
    "deny",
    "derive",
    "deselect",
    "detach",
    "determine",
    "dial",
    "disable",
    "disconnect",
    "dismount",
    "display",
    "distribute",
    "do",
    "double-click",
    "download",
    "drag",
    "draw",
    "drop",
    "edit",
    "eliminate",
    "empty",
    "enable",
    "end",
    "ensure",
    "enter",
    "establish",
    "examine",
    "exclude",
    "execute",
    "exit",
    "expand",
    "export",
    "extract",
    "fill",
    "filter",
    "find",
    "finish",
    "follow",
    "force",
    "format",
    "forward",
    "generate",
    "get",
    "give",
    "go",
    "grant",
    "handle",
    "hide",
    "highlight",
    "hold",
    "identify",
    "implement",
    "import",
    "include",
    "increase",
    "initialize",
    "insert",
    "install",
    "invoke",
    "issue",
    "join",
    "keep",
    "kill",
    "launch",
    "leave",
    "let",
    "limit",
    "link",
    "load",
    "locate",
    "log",
    "login",
    "logon",
    "look",
    "lower",
    "make",
    "map",
    "mark",
    "maximize",
    "migrate",
    "minimize",
    "modify",
    "monitor",
    "mount",
    "move",
    "navigate",
    "note",
    "observe",
    "obtain",
    "open",
    "override",
    "overwrite",
    "pass",
    "paste",
    "pause",
    "perform",
    "permit",
    "pick",
    "place",
    "point",
    "populate",
    "position",
    "prepare",
    "press",
    "preview",
    "print",
    "proceed",
    "process",
    "promote",
    "provide",
    "publish",
    "purge",
    "put",
    "quit",
    "raise",
    "re-apply",
    "re-create",
    "re-install",
    "re-open",
    "re-run",
    "read",
    "reapply",
    "reattach",
    "reboot",
    "rebuild",
    "recalculate",
    "recompile",
    "reconfigure",
    "reconnect",
    "record",
    "recreate",
    "reduce",
    "reenter",
    "refer",
    "refresh",
    "register",
    "reinstall",
    "rejoin",
    "release",
    "reload",
    "remap",
    "remove",
    "rename",
    "renew",
    "reopen",
    "repair",
    "repeat",
    "replace",
    "replicate",
    "reply",
    "request",
    "rerun",
    "reset",
    "resize",
    "restart",
    "restore",
    "resume",
    "retrieve",
    "return",
    "retype",
    "review",
    "revoke",
    "right-click",
    "run",
    "save",
    "scan",
    "schedule",
    "scroll",
    "search",
    "select",
    "send",
    "set",
    "setup",
    "share",
    "show",
    "shut",
    "shutdown",
    "sign",
    "skip",
    "sort",
    "specify",
    "start",
    "stop",
    "subclass",
    "submit",
    "switch",
    "sync",
    "synchronize",
    "take",
    "tap",
    "test",
    "transfer",
    "try",
    "turn",
    "type",
    "unbind",
    "uncheck",
    "uncomment",
    "unhide",
    "uninstall",
    "unjoin",
    "unload",
    "unregister",
    "unshare",
    "unzip",
    "update",
    "upgrade",
    "upload",
    "use",
    "validate",
    "verify",
    "view",
    "visit",
    "wait",
    "write",
    "zip",
];

/// Adverbs that may come straight before the verb ("First send", "Then
/// click").
const ADVERBS: &[&str] = &[
    "first",
    "then",
    "next",
    "finally",
    "now",
    "also",
    "again",
    "manually",
    "optionally",
    "simply",
    "just",
    "immediately",
    "second",
    "third",
    "last",
    "carefully",
    "please",
];

/// Words that open an instruction's leading phrase ("On the File menu,
/// click Save"; "If it is running, quit it").
const LEADERS: &[&str] = &[
    "on",
    "in",
    "at",
    "from",
    "under",
    "when",
    "if",
    "after",
    "before",
    "once",
    "for",
    "using",
    "with",
    "to",
    "while",
    "then",
    "next",
    "finally",
    "now",
    "first",
    "optionally",
    "within",
    "inside",
    "as",
    "by",
    "via",
    "manually",
    "again",
    "also",
    "second",
    "third",
    "last",
];

fn first_word(s: &str) -> String {
    s.split_whitespace()
        .next()
        .unwrap_or("")
        .trim_start_matches(['"', '\'', '(', '[', '*', '`'])
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// The item opens with a verb, or with a leading phrase followed by a verb
/// (`In Control Panel, double-click`, `If it is running, quit it`).
fn is_instruction(item: &str) -> bool {
    // An upper-case item is a topic title ("COMPLETE BASEBALL DISPLAY").
    let letters = item.chars().take(80).filter(|c| c.is_alphabetic());
    if letters.clone().count() > 3 && letters.clone().all(char::is_uppercase) {
        return false;
    }
    let w = first_word(item);
    if VERBS.contains(&w.as_str()) {
        return true;
    }
    if ADVERBS.contains(&w.as_str()) {
        let second = item.split_whitespace().nth(1).map(first_word).unwrap_or_default();
        if VERBS.contains(&second.as_str()) {
            return true;
        }
    }
    if !LEADERS.contains(&w.as_str()) && !ADVERBS.contains(&w.as_str()) {
        return false;
    }
    // Look at what follows each comma in the first sentence.
    let sentence = item.split(". ").next().unwrap_or(item);
    sentence.split(',').skip(1).any(|part| {
        let verb =
            part.split_whitespace().find(|w| !matches!(*w, "and" | "then" | "or")).map(first_word).unwrap_or_default();
        VERBS.contains(&verb.as_str())
    })
}

/// Words that open a statement of fact rather than an instruction.
const STATEMENT_OPENERS: &[&str] = &[
    "the", "a", "an", "this", "these", "that", "those", "it", "its", "they", "there", "each", "all", "some", "many",
    "most", "he", "she", "we", "his", "her", "their", "our", "no", "one", "both",
];

fn is_statement(item: &str) -> bool {
    STATEMENT_OPENERS.contains(&first_word(item).as_str())
}

fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

fn is_rule(t: &str) -> bool {
    t.len() >= 3 && (t.bytes().all(|b| b == b'-') || t.bytes().all(|b| b == b'='))
}

fn starts_note(t: &str) -> bool {
    let u = t.trim_start_matches(['*', ' ']);
    ["NOTE", "Note:", "WARNING", "Warning:", "CAUTION", "Caution:", "IMPORTANT", "Important:"]
        .iter()
        .any(|p| u.starts_with(p))
}

/// Longest context kept before a list, in lines.
const CONTEXT_LINES: usize = 12;

/// Read one section's text into its numbered lists.
fn parse_lists(text: &str, section: usize) -> Vec<NumList> {
    let lines: Vec<&str> = text.lines().collect();
    let mut lists: Vec<NumList> = Vec::new();
    let mut cur: Option<NumList> = None;
    // The open item: its text, the indentation of its number and its lines.
    let mut item: Option<(String, usize, Vec<RawLine>)> = None;
    // The sub-heading as written, while no paragraph follows it.
    let mut fresh_heading: Option<&str> = None;
    let mut heading = Class::Neutral;
    let mut heading_strict = Class::Neutral;
    let mut heading_text = String::new();
    // Paragraphs since the last list or sub-heading, as lines; blank lines
    // kept as "" so paragraphs can be told apart.
    let mut context: Vec<&str> = Vec::new();
    let mut after: Vec<&str> = Vec::new();
    let mut prev_blank = false;

    let close_item = |cur: &mut Option<NumList>, item: &mut Option<(String, usize, Vec<RawLine>)>| {
        if let (Some(list), Some((text, _, raw))) = (cur.as_mut(), item.take()) {
            list.items.push(text);
            list.raw.push(raw);
        }
    };

    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let t = raw.trim();
        i += 1;
        if t.is_empty() {
            prev_blank = true;
            if !context.last().is_some_and(|l| l.is_empty()) {
                context.push("");
            }
            continue;
        }
        let ind = indent_of(raw);
        let was_blank = std::mem::replace(&mut prev_blank, false);

        // A `-----` underlined sub-heading ends the open item; the list may
        // still continue below it (numbering that runs across parts).
        if lines.get(i).is_some_and(|n| is_rule(n.trim()) && n.trim().starts_with('-'))
            && t.chars().count().abs_diff(lines[i].trim().len()) <= 3
            && !is_rule(t)
            && !t.contains("   ")
        {
            close_item(&mut cur, &mut item);
            heading_text = t.to_lowercase();
            fresh_heading = Some(t);
            match classify(&heading_text, &PROBLEM_CONTEXT) {
                Class::Neutral => {}
                c => heading = c,
            }
            match classify(&heading_text, &REPRO) {
                Class::Neutral => {}
                c => heading_strict = c,
            }
            context.clear();
            i += 1;
            continue;
        }
        if is_rule(t) {
            continue;
        }

        // `ITEM` starts with a digit (`\d`, Unicode decimal digits, all of
        // which `char::is_numeric` accepts): most lines start otherwise and
        // need no search for captures.
        if let Some(c) = t.starts_with(char::is_numeric).then(|| ITEM.captures(t)).flatten() {
            let n: u32 = c[1].parse().unwrap_or(0);
            let delim = c[2].chars().next().unwrap_or('.');
            let rest = c[3].to_string();
            let is_next =
                cur.as_ref().is_some_and(|l| n == l.last + 1 && delim == l.delim && ind.abs_diff(l.indent) <= 1);
            let nested = item.as_ref().is_some_and(|(_, at, _)| ind > at + 1);
            let first = RawLine { indent: ind + c.get(3).map_or(0, |m| m.start()), text: c[3].to_string(), blank_before: was_blank };
            if is_next && !nested {
                close_item(&mut cur, &mut item);
                if let Some(l) = cur.as_mut() {
                    l.last = n;
                }
                item = Some((rest, ind, vec![first]));
                after.clear();
                continue;
            }
            if n == 1 && !nested {
                close_item(&mut cur, &mut item);
                if let Some(mut done) = cur.take() {
                    done.after = paragraph(&after);
                    lists.push(done);
                }
                cur = Some(NumList {
                    section,
                    items: Vec::new(),
                    raw: Vec::new(),
                    intro_sentence: last_sentence(&intro_paragraph(&context)),
                    own_heading: if context.iter().all(|l| l.is_empty()) {
                        fresh_heading.map(String::from)
                    } else {
                        None
                    },
                    before: last_paragraphs(&context, 2).to_lowercase(),
                    intro: last_paragraphs(&context, 1).to_lowercase(),
                    after: String::new(),
                    heading,
                    heading_strict,
                    heading_text: heading_text.clone(),
                    indent: ind,
                    delim,
                    last: 1,
                });
                item = Some((rest, ind, vec![first]));
                fresh_heading = None;
                context.clear();
                after.clear();
                continue;
            }
        }

        // An ordinary line: part of the open item when indented under it or
        // wrapped straight on from it; otherwise text between or after lists.
        if let Some((text, at, raw)) = item.as_mut()
            && (ind > *at || (!was_blank && !starts_note(t)))
        {
            text.push(' ');
            text.push_str(t);
            raw.push(RawLine { indent: ind, text: t.to_string(), blank_before: was_blank });
            continue;
        }
        close_item(&mut cur, &mut item);
        context.push(t);
        if context.len() > 4 * CONTEXT_LINES {
            context.drain(..context.len() - CONTEXT_LINES);
        }
        if cur.is_some() && after.len() < CONTEXT_LINES {
            if was_blank && !after.is_empty() {
                after.push("");
            }
            after.push(t);
        }
    }
    close_item(&mut cur, &mut item);
    if let Some(mut done) = cur.take() {
        done.after = paragraph(&after);
        lists.push(done);
    }
    for l in &mut lists {
        for it in &mut l.items {
            *it = it.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    lists
}

/// The first paragraph of `lines` (up to a "" separator), lower case.
fn paragraph(lines: &[&str]) -> String {
    lines.iter().take_while(|l| !l.is_empty()).copied().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The last `n` paragraphs of `lines` (separated by ""), at most
/// [`CONTEXT_LINES`] lines, joined with spaces.
fn last_paragraphs(lines: &[&str], n: usize) -> String {
    let mut start = lines.len();
    for _ in 0..n {
        while start > 0 && lines[start - 1].is_empty() {
            start -= 1;
        }
        if start == 0 {
            break;
        }
        while start > 0 && !lines[start - 1].is_empty() {
            start -= 1;
        }
    }
    let from = start.max(lines.len().saturating_sub(CONTEXT_LINES));
    lines[from..].iter().filter(|l| !l.is_empty()).copied().collect::<Vec<_>>().join(" ")
}

fn upper(name: &str) -> String {
    name.to_uppercase()
}

/// Sections whose lists are the fix.
fn is_remedy_section(name: &str) -> bool {
    let u = upper(name);
    ["RESOLUTION", "WORKAROUND", "WORK AROUND", "SOLUTION", "FIX", "RESOLVING", "REMEDY"].iter().any(|k| u.contains(k))
}

/// Sections whose lists describe the problem.
fn is_problem_section(name: &str) -> bool {
    let u = upper(name);
    ["SYMPTOM", "CAUSE", "REPRODUC", "REFERENCE", "BACKGROUND"].iter().any(|k| u.contains(k))
}

fn choose_kb<'a>(lists: &'a [NumList], sections: &[Section]) -> Vec<&'a NumList> {
    let name = |l: &NumList| sections[l.section].name.as_str();
    let about_a_problem = sections.iter().any(|s| {
        let u = upper(&s.name);
        ["SYMPTOM", "CAUSE", "RESOLUTION", "WORKAROUND"].iter().any(|k| u.contains(k))
    });
    if !about_a_problem {
        // A how-to or informational article: its procedures are what it
        // offers, worked examples included.
        return lists
            .iter()
            .filter(|l| {
                !is_problem_section(name(l))
                    && l.class() != Class::Problem
                    && l.is_procedure()
                    && (l.class() == Class::Fix || !l.ends_in_symptom())
            })
            .collect();
    }
    let remedy: Vec<&NumList> = lists
        .iter()
        .filter(|l| {
            let n = name(l);
            if is_remedy_section(n) {
                return l.class_in_remedy() != Class::Problem;
            }
            if is_problem_section(n) {
                // A workaround given inside SYMPTOMS or CAUSE still counts
                // when it says so right above the list.
                return l.says_it_fixes();
            }
            // Elsewhere only a procedure that says it fixes or installs,
            // not a look-up on the side ("To determine the model").
            l.class() == Class::Fix && l.is_procedure() && !l.is_aside()
        })
        .collect();
    if !remedy.is_empty() {
        return remedy;
    }
    // No list says it is the fix: a plain procedure elsewhere is, unless it
    // is an aside or ends in the symptom it reproduces.
    lists
        .iter()
        .filter(|l| {
            !is_problem_section(name(l))
                && l.class() == Class::Neutral
                && l.is_procedure()
                && !l.ends_in_symptom()
                && !l.is_aside()
        })
        .collect()
}

fn choose_doc<'a>(lists: &'a [NumList], sections: &[Section]) -> Vec<&'a NumList> {
    let usable = |l: &&NumList| l.class() != Class::Problem && !is_problem_section(&sections[l.section].name);
    let under_fix_heading: Vec<&NumList> = lists
        .iter()
        .filter(usable)
        .filter(|l| {
            let u = upper(&sections[l.section].name);
            is_remedy_section(&u)
                || ["STEP", "PROCEDURE", "HOW TO", "REMEDIATION", "RECOVERY", "TROUBLESHOOT"]
                    .iter()
                    .any(|k| u.contains(k))
        })
        .collect();
    if !under_fix_heading.is_empty() {
        return under_fix_heading;
    }
    lists.iter().filter(usable).take(1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sec(name: &str, text: &str) -> Section {
        Section { name: name.to_string(), text: text.to_string() }
    }

    fn kb(sections: &[Section]) -> (Vec<String>, Option<String>) {
        extract(sections, ArticleKind::Kb)
    }

    #[test]
    fn lettered_sub_steps_and_wrapped_lines_join_into_their_step() {
        let s = [sec(
            "RESOLUTION",
            "To fix the sender, follow these steps:\n\n\
             1. Stop the SMS Executive service on the\n  site server.\n\n\
             2. Clean the outbox:\n\n  a. Open the Sender.box folder.\n\n  b. Delete the\n     stale .srq files.\n\n\
             3. Start the service.",
        )];
        let (steps, from) = kb(&s);
        assert_eq!(
            steps,
            vec![
                "Stop the SMS Executive service on the site server.",
                "Clean the outbox: a. Open the Sender.box folder. b. Delete the stale .srq files.",
                "Start the service.",
            ]
        );
        assert_eq!(from.as_deref(), Some("RESOLUTION"));
    }

    #[test]
    fn notes_and_article_references_between_steps_are_not_steps() {
        let s = [sec(
            "WORKAROUND",
            "1. Remove the site address.\n\n\
             NOTE: Wait for the address to replicate.\n\n\
             2. Run the cleanup tool.\n\n\
             For more information, see the following article:\n\n  Q212978 How to use the cleanup tool\n\n\
             3. Verify the site is gone.\n\nWARNING: Do not reuse the code too soon.",
        )];
        assert_eq!(kb(&s).0, vec!["Remove the site address.", "Run the cleanup tool.", "Verify the site is gone."]);
    }

    #[test]
    fn two_procedures_are_concatenated_in_order() {
        let s = [
            sec("SYMPTOMS", "Jobs pile up."),
            sec(
                "MORE INFORMATION",
                "Installing the Fix\n------------------\n\nUse one of these methods.\n\n\
                 Use the installer:\n\n1. Copy the folder to a share.\n\n2. Run Q999999.exe.\n\n\
                 Manual installation:\n\n1. Stop the services.\n\n2. Replace Distmgr.dll.\n\n3. Start the services.",
            ),
        ];
        let (steps, from) = kb(&s);
        assert_eq!(
            steps,
            vec![
                "Copy the folder to a share.",
                "Run Q999999.exe.",
                "Stop the services.",
                "Replace Distmgr.dll.",
                "Start the services.",
            ]
        );
        assert_eq!(from.as_deref(), Some("MORE INFORMATION"));
    }

    fn step(text: &str, substeps: &[&str], code: &[&str]) -> Step {
        Step {
            text: text.to_string(),
            substeps: substeps.iter().map(|s| s.to_string()).collect(),
            code: code.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn each_method_is_its_own_procedure_under_its_intro_line() {
        let s = [
            sec("SYMPTOMS", "Jobs pile up."),
            sec(
                "MORE INFORMATION",
                "Installing the Fix\n------------------\n\nThere are two ways. Use the installer:\n\n\
                 1. Copy the folder to a share.\n\n2. Run Q999999.exe.\n\n\
                 Method 2\n--------\n\n1. Stop the services.\n\n2. Replace Distmgr.dll.\n\n3. Start the services.",
            ),
        ];
        let (procedures, steps, from) = remediation(&s, ArticleKind::Kb);
        assert_eq!(
            procedures,
            vec![
                Procedure {
                    title: Some("Use the installer:".into()),
                    section: "MORE INFORMATION".into(),
                    steps: vec![step("Copy the folder to a share.", &[], &[]), step("Run Q999999.exe.", &[], &[])],
                },
                Procedure {
                    title: Some("Method 2".into()),
                    section: "MORE INFORMATION".into(),
                    steps: vec![
                        step("Stop the services.", &[], &[]),
                        step("Replace Distmgr.dll.", &[], &[]),
                        step("Start the services.", &[], &[]),
                    ],
                },
            ]
        );
        // `steps` is the main (first) procedure only.
        assert_eq!(steps, vec!["Copy the folder to a share.", "Run Q999999.exe."]);
        assert_eq!(from.as_deref(), Some("MORE INFORMATION"));
    }

    #[test]
    fn lettered_sub_steps_and_code_lines_stay_apart_from_the_step_text() {
        let s = [sec(
            "WORKAROUND",
            "1. Stop the agent:\n\n  net stop agentsvc\n\n\
             2. Make sure the old install is gone:\n\n\
             \x20 a. Check that these keys were\n     deleted:\n\n\
             \x20 HKEY_LOCAL_MACHINE/Software/Vendor/Agent\n  HKEY_LOCAL_MACHINE/System/Services/AgentSvc\n\n\
             \x20 b. Check that these folders were deleted:\n\n  C:\\Agent\n  %Windir%\\Agent\n\n\
             \x20    NOTE: A restart may be needed.\n\n\
             \x20 c. Run setup again.",
        )];
        let (procedures, steps, _) = remediation(&s, ArticleKind::Kb);
        assert_eq!(procedures.len(), 1);
        assert_eq!(procedures[0].title.as_deref(), Some("WORKAROUND"));
        assert_eq!(
            procedures[0].steps,
            vec![
                step("Stop the agent:", &[], &["net stop agentsvc"]),
                step(
                    "Make sure the old install is gone:",
                    &[
                        "Check that these keys were deleted:",
                        "Check that these folders were deleted: NOTE: A restart may be needed.",
                        "Run setup again.",
                    ],
                    &[
                        "HKEY_LOCAL_MACHINE/Software/Vendor/Agent",
                        "HKEY_LOCAL_MACHINE/System/Services/AgentSvc",
                        "C:\\Agent",
                        "%Windir%\\Agent",
                    ],
                ),
            ]
        );
        assert_eq!(steps[0], "Stop the agent: net stop agentsvc");
    }

    #[test]
    fn deeper_lists_stay_inside_their_sub_step() {
        let s = [sec(
            "RESOLUTION",
            "To fix it, follow these steps:\n\n\
             1. Reinstall the service:\n   a. Open Network.\n   b. Add the service:\n\n\
             \x20     1. Click Add.\n      2. Pick the service:\n         a. Click Have Disk.\n         \
             b. Click OK.\n\n   c. Restart the computer.\n\n2. Quit the server.",
        )];
        let (procedures, _, _) = remediation(&s, ArticleKind::Kb);
        assert_eq!(procedures[0].title.as_deref(), Some("To fix it, follow these steps:"));
        assert_eq!(
            procedures[0].steps,
            vec![
                step(
                    "Reinstall the service:",
                    &[
                        "Open Network.",
                        "Add the service: 1. Click Add. 2. Pick the service: a. Click Have Disk. b. Click OK.",
                        "Restart the computer.",
                    ],
                    &[],
                ),
                step("Quit the server.", &[], &[]),
            ]
        );
    }

    #[test]
    fn a_procedure_is_titled_by_what_leads_into_it_not_by_a_statement_before_it() {
        let title = |intro: &str, section: &str| {
            let s = [sec(section, &format!("{intro}\n\n1. Take a log backup.\n\n2. Shrink the log file."))];
            remediation(&s, ArticleKind::Doc).0.first().map(|p| p.title.clone())
        };
        let lead = "The transaction log is full due to LOG_BACKUP. To free it, do this:";
        assert_eq!(title(lead, "Disk full"), Some(Some("To free it, do this:".to_string())));
        assert_eq!(title("Use one of the following methods.", "Fix"), Some(Some("Use one of the following methods.".into())));
        assert_eq!(title("Method 2: Shrink the file", "Fix"), Some(Some("Method 2: Shrink the file".into())));
        // A statement is not a title: the section names the procedure.
        assert_eq!(title("The log is full. Error 9002.", "Disk full"), Some(Some("Disk full".into())));
        assert_eq!(title("Back up the registry before you edit it.", "RESOLUTION"), Some(Some("RESOLUTION".into())));
    }

    #[test]
    fn code_is_told_from_words() {
        for code in [
            "regedit",
            "net stop spooler",
            "\"change user /install\" (without the quotation marks)",
            "HKEY_CURRENT_USER\\Software\\Vendor",
            "C:\\Program Files\\Vendor",
            "setup /f",
            "<X>:\\SMS",
            "\" sys c: \" (without the quotation marks)",
        ] {
            assert!(looks_like_code(code), "{code}");
        }
        for words in [
            "Click OK.",
            "NOTE: Restart the computer.",
            "The tool is in the \\Support folder of the CD, and you must run it on the server.",
            "Type the following:",
            "and then click Apply.",
        ] {
            assert!(!looks_like_code(words), "{words}");
        }
    }

    #[test]
    fn the_intro_is_the_last_sentence_before_the_list() {
        assert_eq!(last_sentence("This is by design. To work around it, do this:"), "To work around it, do this:");
        assert_eq!(last_sentence("See Q123456 (e.g. the tool). Then:"), "Then:");
        assert_eq!(last_sentence("Follow these steps:"), "Follow these steps:");
        assert_eq!(
            last_sentence("It is by design. To fix it, reinstall the driver. Follow these steps:"),
            "To fix it, reinstall the driver. Follow these steps:"
        );
    }

    #[test]
    fn ten_and_more_steps_with_two_digit_numbers() {
        let text: String = (1..=12).map(|n| format!("{n}. Do step number {n} now.\n\n")).collect();
        let (steps, _) = kb(&[sec("WORKAROUND", &text)]);
        assert_eq!(steps.len(), 12);
        assert_eq!(steps[9], "Do step number 10 now.");
        assert_eq!(steps[11], "Do step number 12 now.");
    }

    #[test]
    fn problem_description_lists_are_not_taken() {
        let s = [
            sec("SYMPTOMS", "1. The page displays wrongly.\n2. The designer misbehaves."),
            sec("RESOLUTION", "Install the latest service pack."),
            sec(
                "MORE INFORMATION",
                "The following steps describe how this problem develops:\n\n\
                 1. A client is installed in one subnet.\n\n2. The client moves to another subnet.\n\n\
                 Steps to Reproduce Behavior\n---------------------------\n\n\
                 1. Create a new form.\n\n2. Run the project.\n\nNote that the error occurs.",
            ),
        ];
        assert_eq!(kb(&s), (Vec::<String>::new(), None));
    }

    #[test]
    fn steps_under_sub_headings_of_a_workaround() {
        let s = [sec(
            "WORKAROUND",
            "Use either method.\n\nOne Client at a Time\n--------------------\n\n\
             1. Stop the agent.\n\n2. Edit the Sms.ini file.\n\n\
             The Whole Site\n--------------\n\nWARNING: Back up the registry.\n\n\
             1. Start Registry Editor (Regedt32.exe).\n\n2. Go to the following key:\n\n\
             \x20    HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\n\n3. Set the value to IP.",
        )];
        assert_eq!(
            kb(&s).0,
            vec![
                "Stop the agent.",
                "Edit the Sms.ini file.",
                "Start Registry Editor (Regedt32.exe).",
                "Go to the following key: HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS",
                "Set the value to IP.",
            ]
        );
    }

    #[test]
    fn install_steps_in_status_count_when_resolution_has_none() {
        let s = [
            sec("RESOLUTION", "Take these precautions:\n\n- Log off.\n- Lock the screen."),
            sec(
                "STATUS",
                "An update is available.\n\nTo install this update, follow these steps:\n\n\
                 1. Download the update file to a folder.\n\n2. Double-click the file.\n\n\
                 3. Follow the instructions on the screen.",
            ),
        ];
        let (steps, from) = kb(&s);
        assert_eq!(steps.len(), 3);
        assert_eq!(from.as_deref(), Some("STATUS"));
    }

    #[test]
    fn a_how_to_procedure_is_taken_when_nothing_else_is() {
        let s = [
            sec("SUMMARY", "This article describes how to share a printer."),
            sec(
                "MORE INFORMATION",
                "Release notes contents:\n\n1. Printing basics\n\n2. Network printers\n\n\
                 To share it:\n\n1. In Control Panel, double-click Printers.\n\n\
                 2. Right-click the printer, and then click Sharing.\n\n3. Click OK.",
            ),
        ];
        let (steps, from) = kb(&s);
        assert_eq!(
            steps,
            vec![
                "In Control Panel, double-click Printers.",
                "Right-click the printer, and then click Sharing.",
                "Click OK.",
            ]
        );
        assert_eq!(from.as_deref(), Some("MORE INFORMATION"));
    }

    #[test]
    fn blog_numbered_paragraphs_are_steps() {
        let s = [sec(
            "BODY",
            "I fixed it this way:\n\n1. remove the DP from the package\n\n2. wait a while\n\n\
             3. delete these files:\n\n[image]\n\n4.  add the DP back.\n\nIt worked.",
        )];
        let (steps, from) = extract(&s, ArticleKind::Blog);
        assert_eq!(
            steps,
            vec!["remove the DP from the package", "wait a while", "delete these files:", "add the DP back."]
        );
        assert_eq!(from.as_deref(), Some("BODY"));
    }

    #[test]
    fn doc_prefers_the_fix_heading() {
        let s = [
            sec("Checks", "1. Look at the log.\n2. Look at the queue."),
            sec("Fix", "1. Restart the service.\n2. Clear the cache."),
        ];
        assert_eq!(
            extract(&s, ArticleKind::Doc),
            (vec!["Restart the service.".to_string(), "Clear the cache.".to_string()], Some("Fix".into()))
        );
        let only = [sec("Checks", "1. Look at the log.\n2. Look at the queue.")];
        assert_eq!(extract(&only, ArticleKind::Doc).0.len(), 2);
    }

    #[test]
    fn nested_numbered_lists_stay_inside_their_step() {
        let s = [sec(
            "RESOLUTION",
            "1. Prepare the server:\n\n     1. Back up the database.\n\n     2. Stop the services.\n\n\
             2. Run Setup.",
        )];
        assert_eq!(kb(&s).0, vec!["Prepare the server: 1. Back up the database. 2. Stop the services.", "Run Setup."]);
    }

    #[test]
    fn repro_heading_carries_over_method_sub_headings_until_a_fix_heading() {
        let s = [
            sec("SYMPTOMS", "Setup fails from a share with a space in its name."),
            sec("CAUSE", "Setup does not quote the path."),
            sec(
                "MORE INFORMATION",
                "Steps to Reproduce Behavior\n---------------------------\n\n\
                 Method 1\n--------\n\n1. Share the folder as \"Net setup\".\n\n2. Run Setup.exe from it.\n\n\
                 Method 2\n--------\n\n1. Share the CD drive.\n\n2. Run Setup.exe from the share.\n\n\
                 To work around the problem, follow these steps:\n\n\
                 1. Rename the share so it has no space.\n\n2. Run Setup.exe again.\n\n\
                 Steps to Correct the Sample\n---------------------------\n\n1. Remove the space.",
            ),
        ];
        assert_eq!(kb(&s).0, vec!["Rename the share so it has no space.", "Run Setup.exe again.", "Remove the space."]);
    }

    #[test]
    fn a_workaround_inside_cause_counts_and_look_ups_do_not() {
        let s = [
            sec("SYMPTOMS", "The scheduler stops sending jobs."),
            sec(
                "CAUSE",
                "A stale request file blocks the queue.\n\n\
                 To work around this problem, do the following:\n\n\
                 1. Stop the SMS Executive.\n\n2. Delete the stale .srq file.\n\n3. Start the SMS Executive.",
            ),
            sec(
                "MORE INFORMATION",
                "To determine which request is stale, follow these steps:\n\n\
                 1. Open Sched.log.\n\n2. Find the request ID.",
            ),
        ];
        let (steps, from) = kb(&s);
        assert_eq!(steps, vec!["Stop the SMS Executive.", "Delete the stale .srq file.", "Start the SMS Executive."]);
        assert_eq!(from.as_deref(), Some("CAUSE"));
    }

    #[test]
    fn unheaded_repro_steps_ending_in_the_error_are_not_taken() {
        let s = [
            sec("SYMPTOMS", "Saving a form fails."),
            sec("RESOLUTION", "Install the update."),
            sec(
                "MORE INFORMATION",
                "1. Create a new form.\n\n2. Save the form.\n\nYou receive the following error message:\n\n  Cannot save.",
            ),
        ];
        assert_eq!(kb(&s), (vec![], None));
    }

    #[test]
    fn the_intro_sentence_nearest_the_list_decides() {
        let fix = [sec(
            "RESOLUTION",
            "A full cache can trigger this error. To resolve the problem, turn the cache off:\n\n\
             1. Open the cache settings.\n\n2. Click Off.",
        )];
        assert_eq!(kb(&fix).0.len(), 2);
        let repro = [sec(
            "MORE INFORMATION",
            "A fix is available. To reproduce the problem on a computer without it:\n\n\
             1. Open the cache settings.\n\n2. Click Large.",
        )];
        assert_eq!(extract(&repro, ArticleKind::Blog), (vec![], None));
    }

    #[test]
    fn junk_does_not_panic() {
        let junk = "1.\n\u{0}2. \u{3000}x\n99. y\n1) z\n  \t1. é\n".repeat(50);
        let _ = extract(&[sec("RESOLUTION", &junk)], ArticleKind::Kb);
        let _ = extract(&[], ArticleKind::Doc);
        assert_eq!(extract(&[sec("RESOLUTION", "")], ArticleKind::Kb), (vec![], None));
    }
}
