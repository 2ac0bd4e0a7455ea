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
mod context;
mod instruction;
mod lists;
mod structure;
#[cfg(test)]
mod tests;

use crate::article::{ArticleKind, Procedure, Section};
use context::{Class, introduces, states_a_task};
use lists::{NumList, parse_lists};
use structure::structure;


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
/// (the lists [`extract`] takes) with the paragraph, bullet item or
/// sub-heading that introduces it, its section and its steps, each step
/// with its sub-steps and code lines. Then the main procedure's steps as
/// [`extract`] gives them (the first procedure's, not every list run
/// together) and its section: the article's `steps` and `steps_section`.
pub fn remediation(sections: &[Section], kind: ArticleKind) -> (Vec<Procedure>, Vec<String>, Option<String>) {
    let chosen = choose(sections, kind);
    let main = chosen.first().map(|l| (l.items.clone(), Some(sections[l.section].name.clone())));
    let (steps, section) = main.unwrap_or_default();
    let procedures = chosen
        .into_iter()
        .map(|l| {
            let name = &sections[l.section].name;
            // In an archive article a statement right above the list names
            // its task better than the bare section ("MORE INFORMATION")
            // does; a sub-heading or a bullet item names it better still.
            let stated = kind == ArticleKind::Kb && l.bullet.is_none() && l.own_heading.is_none() && states_a_task(&l.intro_title);
            let title = if introduces(&l.intro_sentence) || stated {
                Some(l.intro_title)
            } else {
                l.bullet.or(l.own_heading).or_else(|| (name != "BODY").then(|| name.clone()))
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
                    && (l.class() == Class::Fix || l.has_own_heading() || !l.ends_in_symptom())
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
