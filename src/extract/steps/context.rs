//! What the text around a list says it is: a fix, the problem, or
//! neither; the paragraph that introduces it and its title.
use regex::Regex;
use std::sync::LazyLock;

/// The paragraph that introduces a list: the last of `lines` (paragraphs
/// separated by "") that is not an aside, as written. Asides are passed
/// over: a note ("NOTE: The installer runs on Intel only" sits between "Use
/// the installer:" and its list), the registry caution's pointer to help
/// and a reference to another article (both between "Check the hive by
/// using the following procedure:" and its list). None where every
/// paragraph is an aside (a note is no title: under the sub-heading
/// "Method 1", "NOTE: Use this method only with Microsoft Mail." says when,
/// the heading what). A note (not a warning) after the last other
/// paragraph that ends by leading into the list introduces it, where that
/// paragraph does not ("By default, the service starts manually." then
/// "NOTE: If Internet Explorer is installed, ... To configure the service
/// to start automatically:"; but "Step 2 - Modify the registry:" then
/// "NOTE: This fix is activated in the registry. To do this, follow these
/// steps:" is titled by the step's line); so does a note that announces a
/// way ("NOTE: The following workaround is for the AppleTalk connector
/// only.").
pub(super) fn intro_paragraph(lines: &[&str]) -> String {
    let leads_in = |p: &[&str]| p.last().is_some_and(|l| l.trim_end().ends_with(':'));
    let paragraphs: Vec<&[&str]> = lines
        .split(|l| l.is_empty())
        .filter(|p| !p.is_empty())
        .flat_map(|p| match glued_lead_in(p) {
            Some(at) if leads_in(p) => vec![&p[..at], &p[at..]],
            _ => vec![p],
        })
        .collect();
    // A note that announces a way ("NOTE: The following workaround is for
    // the AppleTalk connector only.") leads into it however it ends.
    let announces_a_way = |p: &[&str]| {
        let text = p.join(" ").to_lowercase();
        ANNOUNCING.iter().any(|a| text.contains(a)) && NAMES_A_WAY.iter().any(|w| text.contains(w))
    };
    let plain = paragraphs.iter().rposition(|p| !refers_elsewhere(p) && !starts_note(p[0]));
    // A note, not a warning: "WARNING: ... at your own risk. To resolve
    // this problem:" names no task.
    let is_note = |p: &[&str]| is_note_line(p[0]);
    let leading_note =
        paragraphs.iter().rposition(|p| !refers_elsewhere(p) && is_note(p) && (leads_in(p) || announces_a_way(p)));
    let chosen = match (plain, leading_note) {
        (Some(p), Some(n)) if n > p && !leads_in(paragraphs[p]) => Some(n),
        (None, Some(n)) => Some(n),
        (plain, _) => plain,
    };
    let chosen = chosen.map(|at| paragraphs[at]).unwrap_or_default();
    chosen.iter().rev().take(CONTEXT_LINES).rev().copied().collect::<Vec<_>>().join(" ")
}

/// Whether a line opens a note ("NOTE:", "Note that"), not a warning or
/// another aside.
fn is_note_line(line: &str) -> bool {
    line.trim_start_matches(['*', ' ']).to_lowercase().starts_with("note")
}

/// Where a lead-in begins that was written straight under a warning with
/// no blank line between ("... Use Registry Editor at your own risk." then
/// "To restrict remote access to Event Viewer:" on the next line): the
/// line after the warning's last line that ends a sentence, when it opens
/// with a capital. None for any other paragraph (a note that ends by
/// leading in is read whole, see [`intro_paragraph`]).
fn glued_lead_in(paragraph: &[&str]) -> Option<usize> {
    let warning = starts_note(paragraph[0]) && !is_note_line(paragraph[0]);
    if !warning {
        return None;
    }
    let ended = paragraph.iter().rposition(|l| l.trim_end().ends_with('.'))?;
    (ended + 1 < paragraph.len() && paragraph[ended + 1].starts_with(|c: char| c.is_uppercase())).then_some(ended + 1)
}

/// A reference to another article, at the start of a line or paragraph:
/// `ARTICLE-ID: Q142008`, `Q187232 : HOWTO: ...`, `Q256986 Description of
/// the Microsoft Windows Registry`.
pub(super) static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:article-id\s*:|q\d{5,6}\b)").expect("valid regex"));

/// Whether a paragraph points elsewhere rather than saying what the steps
/// do: a reference to another article ([`REFERENCE`], "For additional
/// information, please see the following article in the Microsoft
/// Knowledge Base:") or the registry caution's pointer to help ("For
/// information about how to edit the registry, view the \"Changing Keys
/// And Values\" Help topic ..."), or a note that ends in such a reference.
fn refers_elsewhere(paragraph: &[&str]) -> bool {
    static POINTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*for (more |additional )?information\b.*\b(knowledge base|help topics?)\b").expect("valid regex")
    });
    let text = paragraph.join(" ");
    REFERENCE.is_match(&text) || POINTER.is_match(&text) || POINTER.is_match(&last_sentence(&text))
}

/// Words that announce steps ("follow these steps", "use the following
/// methods").
pub(super) const ANNOUNCING: [&str; 5] = ["follow", "these steps", "the following", "as follows", "steps below"];

/// Words that refer back to the sentence before ("To do this, follow
/// these steps.", "To do so:", "This can be done by using the following
/// steps:"): a sentence holding them names its task there.
pub(super) const REFERRING_BACK: [&str; 6] =
    ["to do this", "to do so", "to do that", "this can be done", "to accomplish this", "steps to do this"];

/// A sentence that only announces steps ("Follow these steps:", or after
/// the reason for them: "Because the account reaches the network, you
/// should do the following:"), refers back to the one before for what
/// they do ("To do so:", "To work around this issue:"), or says which of
/// the ways named before the steps take ("The example here uses the second
/// method.").
pub(super) fn says_nothing(sentence: &str) -> bool {
    let l = sentence.to_lowercase();
    let announces = |clause: &str| clause.split_whitespace().count() <= 5 && ANNOUNCING.iter().any(|k| clause.contains(k));
    let gives_a_reason = l.starts_with("because ") || l.starts_with("since ");
    announces(&l)
        || announces_where(&l)
        || (gives_a_reason && l.rsplit_once(", ").is_some_and(|(_, main)| announces(main)))
        || REFERRING_BACK.iter().any(|k| l.contains(k))
        || fixes_the_problem_named_before(&l)
        || picks_a_way_named_before(&l)
}

/// Whether a sentence (lower case) announces steps and says no more than
/// where to take them ("Perform the following steps on the target
/// computer:"): a place names no task, a purpose ("... steps to restore
/// the key:") does.
fn announces_where(lower: &str) -> bool {
    static SHAPE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(perform|follow|use|do|complete|carry out) (the following|these) (steps|procedure)( (on|in|at|from) [^,;]*)?[:.]$")
            .expect("valid regex")
    });
    SHAPE.is_match(lower.trim())
}

/// Whether a sentence (lower case) is no more than "To work around this
/// problem:": a fix for the problem the sentence before tells, which
/// names it there ("If one of the sites no longer exists, Smsmon32.exe
/// may hang. To work around this issue:" is titled from "If").
fn fixes_the_problem_named_before(lower: &str) -> bool {
    static SHAPE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^to (work around|resolve|fix|correct|avoid|prevent) (this|the) (problem|issue|behaviou?r|error)[:.]?$")
            .expect("valid regex")
    });
    SHAPE.is_match(lower.trim())
}

/// Words that pick one of the ways named before ("uses the second
/// method").
const PICKING: [&str; 5] = ["uses the", "use the", "using the", "follows the", "shows the"];

/// Whether a sentence (lower case) picks one of the ways named before:
/// a picking verb and an ordinal before a way's name ("The example here
/// uses the second method.").
fn picks_a_way_named_before(lower: &str) -> bool {
    const ORDINALS: [&str; 5] = ["first", "second", "third", "former", "latter"];
    PICKING.iter().any(|p| {
        lower.split(p).skip(1).any(|rest| {
            let mut words = rest.split_whitespace();
            let (ordinal, way) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
            ORDINALS.contains(&ordinal) && NAMES_A_WAY.iter().any(|w| way.starts_with(w))
        })
    })
}

/// Words that name a way to fix something: a sentence that names one leads
/// into its steps however it ends ("A second workaround is to ...").
pub(super) const NAMES_A_WAY: [&str; 5] = ["workaround", "work around", "method", "resolution", "solution"];

/// Labels that open a note, not a procedure.
const NOTE_LABELS: [&str; 5] = ["note", "notes", "warning", "important", "caution"];

/// A line that opens with a short label and a colon ("Method 1: Reinstall
/// the service pack.", "Second workaround: ..."): it names what follows,
/// however it ends. A note's label ("NOTE:") does not.
pub(super) fn labelled(sentence: &str) -> bool {
    let Some((label, rest)) = sentence.split_once(':') else { return false };
    let words = label.split_whitespace().count();
    (1..=4).contains(&words)
        && !rest.trim().is_empty()
        && !NOTE_LABELS.contains(&label.trim().to_lowercase().as_str())
        && label.chars().next().is_some_and(char::is_uppercase)
}

/// Whether the sentence before a list is its title: one that leads into
/// it ("To fix it, follow these steps:", "Use one of the following
/// methods."), a line that is no sentence ("Method 2: Resize the file"),
/// one that opens with a label ("Method 1: Reinstall the service pack.")
/// or with the number of a part ("II. Configure the agent to listen on a
/// specific Lana number.") or names a way to fix ("A second workaround is to ...", not "This
/// method is supported by ...", which speaks of one named before).
/// A statement ("Error 9002.", "Note that you should back up the registry
/// before you edit it.") says something else; the list's heading or
/// section names it then (in an archive article, a statement right above
/// the list under no sub-heading still titles it: [`states_a_task`]).
pub(super) fn introduces(sentence: &str) -> bool {
    let s = sentence.trim_end_matches([')', '"', '\'', ' ']);
    let l = s.to_lowercase();
    !s.is_empty()
        && (!s.ends_with('.')
            || l.starts_with("to ")
            || ANNOUNCING.iter().any(|k| l.contains(k))
            || labelled(s)
            || numbers_a_part(s)
            || (NAMES_A_WAY.iter().any(|k| l.contains(k)) && !refers_to_a_way(&l)))
}

/// Whether the paragraph above a list, one that leads into nothing ("With
/// the addition of the newest Userenv.dll, the changes can be applied
/// directly to the registry."), can still title it: a sentence from its
/// start, not a note ("Note that some CD-ROM drives are attached to sound
/// cards.") nor the end of a paragraph longer than the [`CONTEXT_LINES`]
/// kept ("service to clear out any password caching.").
pub(super) fn states_a_task(paragraph: &str) -> bool {
    let p = paragraph.trim_start();
    p.starts_with(char::is_uppercase) && !is_note_line(p)
}

/// A line that opens with a part's number, a Roman numeral and a full stop
/// or bracket or a capital letter and a bracket ("I. View the Lana
/// numbers.", "B) Restart the service."; not "C. Smith wrote it."), then a
/// capitalised word: a sub-heading.
fn numbers_a_part(sentence: &str) -> bool {
    static SHAPE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:[IVX]{1,4}[.)]|[A-H]\)) +[A-Z][a-z]").expect("valid regex"));
    SHAPE.is_match(sentence)
}

/// A sentence about a way already named ("This method is supported by the
/// 16-bit viewer.", "These workarounds need Setup"): it opens with "this"
/// or "these" and names no new one.
fn refers_to_a_way(lower: &str) -> bool {
    lower.starts_with("this ") || lower.starts_with("these ")
}

/// Words that open a sentence adding to the one before it ("Also, do not
/// restart the computer.", "In addition, ..."): such a sentence is no
/// title; the one it adds to is.
const ADDING: [&str; 5] = ["also", "in addition", "additionally", "furthermore", "moreover"];

/// The last sentence of a paragraph; from the one before when the last
/// says no more than "Follow these steps:", and from the one before that
/// while the one reached only adds to it ("If Setup stops, do not run it
/// again. Also, do not restart. Instead, do the following:" is titled
/// from "If Setup stops").
pub(super) fn last_sentence(paragraph: &str) -> String {
    let p = paragraph.trim();
    let cuts = sentence_starts(p);
    let mut at = cuts.len() - 1;
    if at > 0 && says_nothing(&p[cuts[at]..]) {
        at -= 1;
        while at > 0 && adds_to_the_one_before(&p[cuts[at]..]) {
            at -= 1;
        }
    }
    p[cuts[at]..].trim().to_string()
}

/// Where the sentences of a (trimmed) paragraph start: 0, then after
/// each ". " that ends a word of more than two letters or a bracket (not
/// "e.g. the tool").
fn sentence_starts(p: &str) -> Vec<usize> {
    let mut cuts: Vec<usize> = p
        .match_indices(". ")
        .map(|(at, _)| at + 2)
        .filter(|&at| p[..at - 2].split_whitespace().last().is_some_and(|w| w.chars().count() > 2 || w.ends_with(')')))
        .collect();
    cuts.insert(0, 0);
    cuts
}

/// A paragraph longer than this many words titles its list by its opening
/// and the sentence that introduces the list (see [`lead_in_title`]).
const TITLE_WORDS: usize = 30;

/// The words of a long paragraph's opening kept in its title: the people
/// who title procedures by hand quote a lead-in's first twelve.
const TITLE_OPENING_WORDS: usize = 12;

/// A list's title from the paragraph that introduces it, read from the
/// paragraph's start, as people name a procedure by its lead-in ("To work
/// around this problem and delete a lot of data, use the Delete Special
/// command on small ranges ... For example, to delete all records older
/// than 30 days:" is the list's, not its last sentence alone): the whole
/// paragraph up to [`TITLE_WORDS`] words; a longer one keeps its opening
/// sentences (at least [`TITLE_OPENING_WORDS`] words) and `sentence`,
/// the one that introduces the list, joined by " … ".
pub(super) fn lead_in_title(paragraph: &str, sentence: &str) -> String {
    let p = paragraph.trim();
    if p.split_whitespace().count() <= TITLE_WORDS {
        return p.to_string();
    }
    let sentence = sentence.trim();
    let open = opening(p);
    if open.len() >= p.len() - sentence.len().min(p.len()) || !p.ends_with(sentence) {
        return p.to_string();
    }
    format!("{open} … {sentence}")
}

/// A paragraph's opening sentences, as many as it takes to reach
/// [`TITLE_OPENING_WORDS`] words (the whole of a shorter one).
pub(super) fn opening(paragraph: &str) -> String {
    let p = paragraph.trim();
    let end = sentence_starts(p)
        .into_iter()
        .skip(1)
        .find(|&at| p[..at].split_whitespace().count() >= TITLE_OPENING_WORDS)
        .unwrap_or(p.len());
    p[..end].trim_end().to_string()
}

/// Whether a sentence opens with a word that adds it to the one before.
fn adds_to_the_one_before(sentence: &str) -> bool {
    let l = sentence.to_lowercase();
    ADDING.iter().any(|w| l.strip_prefix(w).is_some_and(|rest| rest.starts_with([',', ' '])))
}

/// What the text around a list says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// Reproduces or describes the problem.
    Problem,
    /// Fixes, installs, works around.
    Fix,
    /// No signal either way.
    Neutral,
}



/// Both "reproduce" and "to resolve" are said: the one nearer the list
/// (later in the text) wins ("... can trigger this error. To resolve the
/// problem, follow these steps:").
pub(super) fn fix_said_last(text: &str, problem: &Regex) -> bool {
    let last = |re: &Regex| re.find_iter(text).last().map(|m| m.start());
    match (last(&STRONG_FIX), last(problem)) {
        (Some(fix), Some(problem)) => fix > problem,
        _ => false,
    }
}

pub(super) fn classify(text: &str, problem: &Regex) -> Class {
    if problem.is_match(text) {
        Class::Problem
    } else if FIX_CONTEXT.is_match(text) {
        Class::Fix
    } else {
        Class::Neutral
    }
}

// An explicit statement that a list reproduces the problem.
pub(super) static REPRO: LazyLock<Regex> = LazyLock::new(|| {
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
pub(super) static PROBLEM_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
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
pub(super) static FIX_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
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
pub(super) static ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \bto\ (determine|check|verify|confirm|find\ out|identify|see|view|display|examine|test)\b
        | \bexample\b | \bsample\b | \bfor\ instance\b",
    )
    .expect("valid regex")
});

// A look-up joined to a change: "to view or change", "to check and modify".
pub(super) static LOOK_UP_AND_CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \bto\ (determine|check|verify|confirm|identify|see|view|display|examine|test)\ (or|and|and/or)\ 
        (change|modify|set|edit|configure|reset|update|correct|repair|remove|delete|add|enable|disable)\b",
    )
    .expect("valid regex")
});

// The words of a fix that outweigh a "Steps to Reproduce" sub-heading above.
pub(super) static STRONG_FIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(work\ ?around|resolv|fix\b|fixes|correct|avoid|prevent|solv)").expect("valid regex")
});

// How the last step or the text after an unheaded repro list reads.
pub(super) static SYMPTOM_OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
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

/// A line that opens a note or warning rather than going on with a step.
pub(super) fn starts_note(t: &str) -> bool {
    let u = t.trim_start_matches(['*', ' ']);
    ["NOTE", "Note:", "WARNING", "Warning:", "CAUTION", "Caution:", "IMPORTANT", "Important:"]
        .iter()
        .any(|p| u.starts_with(p))
}

/// Longest context kept before a list, in lines.
pub(super) const CONTEXT_LINES: usize = 12;
