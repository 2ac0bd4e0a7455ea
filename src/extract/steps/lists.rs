//! A section's text read into its numbered lists: each top-level item with
//! its lines, and the context around the list (sub-heading, paragraphs
//! before and after) that says what the list is.
use regex::Regex;
use std::sync::LazyLock;
use super::context::*;
use super::instruction::{is_instruction, is_statement};


/// One line of a numbered item: the first one (after its number) or a
/// wrapped, indented or nested one.
#[derive(Debug, Clone)]
pub(super) struct RawLine {
    /// Indentation of its text (for the first line, where the text starts
    /// after the number).
    pub(super) indent: usize,
    /// The line, trimmed.
    pub(super) text: String,
    /// Whether a blank line comes before it.
    pub(super) blank_before: bool,
}


/// One numbered list found in a section.
#[derive(Debug, Clone)]
pub(super) struct NumList {
    /// Index of the section it is in.
    pub(super) section: usize,
    /// One entry per top-level item, joined text.
    pub(super) items: Vec<String>,
    /// The same items as their lines, for their structure (sub-steps,
    /// code lines).
    pub(super) raw: Vec<Vec<RawLine>>,
    /// The last sentence of the paragraph that introduces the list, as
    /// written ("To install the hotfix manually, follow these steps:"):
    /// whether it leads into the list.
    pub(super) intro_sentence: String,
    /// The list's title where that sentence leads into it: the
    /// paragraph from its start ([`lead_in_title`]).
    pub(super) intro_title: String,
    /// The bullet item the list is indented under, its opening words
    /// ([`opening`]): its title where no sentence leads into it.
    pub(super) bullet: Option<String>,
    /// The sub-heading above the list (since the list before it), as
    /// written ("Method 2"): its title where no paragraph between them
    /// leads into it.
    pub(super) own_heading: Option<String>,
    /// The paragraphs just before the list, lower case.
    pub(super) before: String,
    /// The last of them, the one that introduces the list.
    pub(super) intro: String,
    /// What the sub-heading above the list says; a sub-heading with no
    /// signal ("Method 2") keeps the one of the sub-heading before it
    /// ("Steps to Reproduce Behavior").
    pub(super) heading: Class,
    /// The same, counting only an explicit "reproduce" as the problem.
    pub(super) heading_strict: Class,
    /// The nearest sub-heading above the list, lower case.
    pub(super) heading_text: String,
    /// The paragraph after the list, lower case.
    pub(super) after: String,
    /// Indentation of the item numbers.
    pub(super) indent: usize,
    /// `.` or `)`.
    pub(super) delim: char,
    /// Number of the last item.
    pub(super) last: u32,
}


pub(super) static ITEM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})([.)])\s+(\S.*)$").expect("valid regex"));


pub(super) fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

pub(super) fn is_rule(t: &str) -> bool {
    t.len() >= 3 && (t.bytes().all(|b| b == b'-') || t.bytes().all(|b| b == b'='))
}



/// Read one section's text into its numbered lists.
pub(super) fn parse_lists(text: &str, section: usize) -> Vec<NumList> {
    let lines: Vec<&str> = text.lines().collect();
    let mut reader = ListReader::new(section);
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let t = raw.trim();
        i += 1;
        if t.is_empty() {
            reader.blank();
            continue;
        }
        let ind = indent_of(raw);
        let was_blank = std::mem::replace(&mut reader.prev_blank, false);
        // A `-----` underlined sub-heading ends the open item; the list may
        // still continue below it (numbering that runs across parts).
        if lines.get(i).is_some_and(|n| is_rule(n.trim()) && n.trim().starts_with('-'))
            && t.chars().count().abs_diff(lines[i].trim().len()) <= 3
            && !is_rule(t)
            && !t.contains("   ")
        {
            reader.sub_heading(t);
            i += 1;
            continue;
        }
        if is_rule(t) {
            continue;
        }
        // `ITEM` starts with a digit (`\d`, Unicode decimal digits, all of
        // which `char::is_numeric` accepts): most lines start otherwise and
        // need no search for captures.
        if let Some(c) = t.starts_with(char::is_numeric).then(|| ITEM.captures(t)).flatten()
            && reader.numbered(&c, ind, was_blank)
        {
            continue;
        }
        reader.line(t, ind, was_blank);
    }
    reader.finish()
}

/// The open item: its text, the indentation of its number and its lines.
type OpenItem = (String, usize, Vec<RawLine>);

/// The state of [`parse_lists`] between two lines.
struct ListReader<'t> {
    section: usize,
    lists: Vec<NumList>,
    cur: Option<NumList>,
    item: Option<OpenItem>,
    /// The sub-heading as written, while no paragraph follows it.
    fresh_heading: Option<&'t str>,
    heading: Class,
    heading_strict: Class,
    heading_text: String,
    /// Paragraphs since the last list or sub-heading, as lines; blank lines
    /// kept as "" so paragraphs can be told apart.
    context: Vec<&'t str>,
    after: Vec<&'t str>,
    /// The bullet item ("- Manually install the COM2 port.") whose
    /// indentation the text below is still under: its indentation, its
    /// text (wrapped lines joined) and whether its paragraph goes on.
    bullet: Option<(usize, String, bool)>,
    prev_blank: bool,
}

impl<'t> ListReader<'t> {
    fn new(section: usize) -> Self {
        ListReader {
            section,
            lists: Vec::new(),
            cur: None,
            item: None,
            fresh_heading: None,
            heading: Class::Neutral,
            heading_strict: Class::Neutral,
            heading_text: String::new(),
            context: Vec::new(),
            after: Vec::new(),
            bullet: None,
            prev_blank: false,
        }
    }

    fn close_item(&mut self) {
        if let (Some(list), Some((text, _, raw))) = (self.cur.as_mut(), self.item.take()) {
            list.items.push(text);
            list.raw.push(raw);
        }
    }

    /// The open list, done: the paragraph after it kept.
    fn close_list(&mut self) {
        if let Some(mut done) = self.cur.take() {
            done.after = paragraph(&self.after);
            self.lists.push(done);
        }
    }

    fn blank(&mut self) {
        self.prev_blank = true;
        if let Some((_, _, open)) = self.bullet.as_mut() {
            *open = false;
        }
        if !self.context.last().is_some_and(|l| l.is_empty()) {
            self.context.push("");
        }
    }

    fn sub_heading(&mut self, t: &'t str) {
        self.close_item();
        self.heading_text = t.to_lowercase();
        self.fresh_heading = Some(t);
        self.bullet = None;
        match classify(&self.heading_text, &PROBLEM_CONTEXT) {
            Class::Neutral => {}
            c => self.heading = c,
        }
        match classify(&self.heading_text, &REPRO) {
            Class::Neutral => {}
            c => self.heading_strict = c,
        }
        self.context.clear();
    }

    /// A numbered line: the next item of the open list, or the first of a
    /// new one. False when it is neither (a nested item, a number out of
    /// sequence): then it is an ordinary line.
    fn numbered(&mut self, c: &regex::Captures, ind: usize, was_blank: bool) -> bool {
        let n: u32 = c[1].parse().unwrap_or(0);
        let delim = c[2].chars().next().unwrap_or('.');
        let rest = c[3].to_string();
        let is_next =
            self.cur.as_ref().is_some_and(|l| n == l.last + 1 && delim == l.delim && ind.abs_diff(l.indent) <= 1);
        let nested = self.item.as_ref().is_some_and(|(_, at, _)| ind > at + 1);
        let first =
            RawLine { indent: ind + c.get(3).map_or(0, |m| m.start()), text: c[3].to_string(), blank_before: was_blank };
        if is_next && !nested {
            self.close_item();
            if let Some(l) = self.cur.as_mut() {
                l.last = n;
            }
            self.item = Some((rest, ind, vec![first]));
            self.after.clear();
            return true;
        }
        if n == 1 && !nested {
            self.close_item();
            self.close_list();
            self.cur = Some(self.new_list(ind, delim));
            self.item = Some((rest, ind, vec![first]));
            self.fresh_heading = None;
            self.context.clear();
            self.after.clear();
            return true;
        }
        false
    }

    /// A list that starts here, with the context read so far.
    fn new_list(&self, ind: usize, delim: char) -> NumList {
        let context = &self.context;
        let intro = intro_paragraph(context);
        let intro_sentence = last_sentence(&intro);
        NumList {
            section: self.section,
            items: Vec::new(),
            raw: Vec::new(),
            intro_title: lead_in_title(&intro, &intro_sentence),
            // A list indented under a bullet item is that item's steps.
            bullet: self.bullet.as_ref().filter(|(at, _, _)| ind > *at).map(|(_, text, _)| opening(text)),
            intro_sentence,
            // The sub-heading just above, whatever paragraphs sit between
            // it and the list: the title where none of them leads into it.
            own_heading: self.fresh_heading.map(String::from),
            before: last_paragraphs(context, 2).to_lowercase(),
            intro: last_paragraphs(context, 1).to_lowercase(),
            after: String::new(),
            heading: self.heading,
            heading_strict: self.heading_strict,
            heading_text: self.heading_text.clone(),
            indent: ind,
            delim,
            last: 1,
        }
    }

    /// An ordinary line: part of the open item when indented under it or
    /// wrapped straight on from it; otherwise text between or after lists.
    fn line(&mut self, t: &'t str, ind: usize, was_blank: bool) {
        if let Some((text, at, raw)) = self.item.as_mut()
            && (ind > *at || (!was_blank && !starts_note(t)))
        {
            text.push(' ');
            text.push_str(t);
            raw.push(RawLine { indent: ind, text: t.to_string(), blank_before: was_blank });
            return;
        }
        self.close_item();
        self.read_bullet(t, ind, was_blank);
        self.context.push(t);
        if self.context.len() > 4 * CONTEXT_LINES {
            self.context.drain(..self.context.len() - CONTEXT_LINES);
        }
        if self.cur.is_some() && self.after.len() < CONTEXT_LINES {
            if was_blank && !self.after.is_empty() {
                self.after.push("");
            }
            self.after.push(t);
        }
    }

    /// Follows the bullet item the text is under: a bullet line opens one,
    /// its wrapped lines add to it, a line indented no deeper ends it.
    fn read_bullet(&mut self, t: &str, ind: usize, was_blank: bool) {
        if let Some(text) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            self.bullet = Some((ind, text.trim().to_string(), true));
            return;
        }
        match self.bullet.as_mut() {
            Some((at, text, open)) if ind > *at => {
                if *open && !was_blank {
                    text.push(' ');
                    text.push_str(t);
                }
            }
            _ => self.bullet = None,
        }
    }

    /// The lists, each item's spacing made single.
    fn finish(mut self) -> Vec<NumList> {
        self.close_item();
        self.close_list();
        for l in &mut self.lists {
            for it in &mut l.items {
                *it = it.split_whitespace().collect::<Vec<_>>().join(" ");
            }
        }
        self.lists
    }
}

/// The first paragraph of `lines` (up to a "" separator), lower case.
pub(super) fn paragraph(lines: &[&str]) -> String {
    lines.iter().take_while(|l| !l.is_empty()).copied().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The last `n` paragraphs of `lines` (separated by ""), at most
/// [`CONTEXT_LINES`] lines, joined with spaces.
pub(super) fn last_paragraphs(lines: &[&str], n: usize) -> String {
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

impl NumList {
    /// An explicit "to reproduce" or "to work around" right before the
    /// list decides; then the sub-heading; then the paragraphs before it.
    pub(super) fn class(&self) -> Class {
        self.class_by(&PROBLEM_CONTEXT, self.heading)
    }

    /// The class inside RESOLUTION / WORKAROUND, where lists are fixes
    /// unless they say outright that they reproduce the problem: there,
    /// "if the error occurs when you ..." introduces a fix.
    pub(super) fn class_in_remedy(&self) -> Class {
        self.class_by(&REPRO, self.heading_strict)
    }

    pub(super) fn class_by(&self, problem: &Regex, heading: Class) -> Class {
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
    pub(super) fn is_procedure(&self) -> bool {
        let n = self.items.iter().filter(|i| is_instruction(i)).count();
        let statements = self.items.iter().filter(|i| is_statement(i)).count();
        n > 0 && n >= statements && n * 3 >= self.items.len()
    }

    /// The sub-heading or the paragraph right above says "to work around",
    /// "to resolve", "to fix".
    pub(super) fn says_it_fixes(&self) -> bool {
        !PROBLEM_CONTEXT.is_match(&self.intro)
            && (STRONG_FIX.is_match(&self.intro) || STRONG_FIX.is_match(&self.heading_text))
    }

    /// The list shows how to look something up or builds a sample: in an
    /// article about a problem such lists support the text, they are not
    /// its fix.
    /// A look-up joined to a change ("To view or change an attribute's
    /// value type:") changes something: no aside.
    pub(super) fn is_aside(&self) -> bool {
        let near = [self.intro.as_str(), self.heading_text.as_str()];
        near.iter().any(|t| ASIDE.is_match(t))
            && !near.iter().any(|t| STRONG_FIX.is_match(t) || LOOK_UP_AND_CHANGE.is_match(t))
    }

    /// A sub-heading of its own sits above the list ("Step By Step
    /// Example"): in a how-to article, what the article offers, however
    /// its last step ends ("Note that ... it is not larger than ...").
    pub(super) fn has_own_heading(&self) -> bool {
        self.own_heading.is_some()
    }

    /// The list is followed by what it demonstrates ("Note that the error
    /// occurs"), the mark of repro steps that have no heading.
    pub(super) fn ends_in_symptom(&self) -> bool {
        let last = self.items.last().map(|s| s.to_lowercase()).unwrap_or_default();
        SYMPTOM_OUTCOME.is_match(&last) || SYMPTOM_OUTCOME.is_match(&self.after)
    }
}
