//! Grouping a log's messages into templates as Drain does (He et al.,
//! ICWS 2017): a message, its variables masked ([`mask::mask_log`]), goes
//! down a fixed-depth tree by its number of words and its first word, and
//! joins the most similar template of that leaf when at least
//! [`SIMILARITY`] of its words are the template's; the template then holds
//! a wildcard where they differ. Words that the mask kept because they
//! identify a problem (an error number, an error code) tell messages apart
//! as a few words at one place do ([`MAX_SELECTOR_WORDS`]): two codes are
//! two problems, a place taking more than a few is a value however it looks.

use crate::matcher::mask;
use std::collections::HashMap;

/// Share of a template's fixed words a message must repeat, at their
/// places, to join it (Drain's similarity threshold; its paper uses 0.4 to
/// 0.7 by log, 0.5 is the middle).
pub const SIMILARITY: f64 = 0.5;

/// Most templates of one leaf compared with a new message (the latest);
/// past it a message that joins none starts a template of its own.
const MAX_COMPARED: usize = 256;

/// The tree's leaves: (kind, word count, first word or a wildcard) -> the
/// groups there, oldest first.
#[derive(Debug, Default)]
pub struct Drain {
    leaves: HashMap<(u8, usize, String), Vec<usize>>,
}

/// The first word as the tree sees it: a wildcard when it is or holds one,
/// or holds a digit (a device name, a code the mask kept: whether such a
/// place varies is for the settling to tell, by how many words it takes).
fn first_word(words: &[&str]) -> String {
    match words.first() {
        Some(w) if !w.contains(mask::WILDCARD) && !w.bytes().any(|b| b.is_ascii_digit()) => w.to_string(),
        _ => mask::WILDCARD.to_string(),
    }
}

/// How similar a message is to a template of the same length: the share of
/// its words equal to the template's fixed words, and the template's
/// wildcards (more is a worse fit).
fn similarity(template: &[&str], words: &[&str]) -> (f64, usize) {
    let mut same = 0;
    let mut wild = 0;
    for (t, w) in template.iter().zip(words) {
        if t.contains(mask::WILDCARD) {
            wild += 1;
        } else if t == w {
            same += 1;
        }
    }
    (same as f64 / template.len().max(1) as f64, wild)
}

/// Whether a message is one of a template's: equal words, or any word where
/// the template has a wildcard.
fn fits(template: &[&str], words: &[&str]) -> bool {
    template.len() == words.len() && template.iter().zip(words).all(|(t, w)| t == w || *t == mask::WILDCARD)
}

impl Drain {
    /// The group whose template a masked message is one of, among those of
    /// its `kind` (`template` gives a group's template).
    pub fn find<'a>(&self, kind: u8, message: &str, template: impl Fn(usize) -> &'a str) -> Option<usize> {
        let words: Vec<&str> = message.split(' ').collect();
        let leaf = self.leaves.get(&(kind, words.len(), first_word(&words)))?;
        leaf.iter().rev().take(MAX_COMPARED).copied().find(|&g| fits(&template(g).split(' ').collect::<Vec<_>>(), &words))
    }

    /// A new group's template in the tree.
    pub fn add(&mut self, kind: u8, template: &str, group: usize) {
        let words: Vec<&str> = template.split(' ').collect();
        self.leaves.entry((kind, words.len(), first_word(&words))).or_default().push(group);
    }
}

/// Most different words one place of a template takes and still tells
/// messages apart (`VM Started`, `VM Paused`, `VM Resumed`); a place taking
/// more is a value (a user name, a host).
pub const MAX_SELECTOR_WORDS: usize = 4;

/// Templates settled: groups (each `None` when it is no text message, else
/// its kind and template) clustered as Drain clusters them, leaf by leaf;
/// in each cluster a place whose words differ becomes a wildcard when it
/// takes more than [`MAX_SELECTOR_WORDS`] words or a masked value among
/// others, and otherwise tells the cluster's messages apart. For each group, the group it joins (itself
/// when it stays) and the joined groups' new templates.
pub fn settle(groups: &[Option<(u8, &str)>]) -> (Vec<usize>, Vec<(usize, String)>) {
    let mut into: Vec<usize> = (0..groups.len()).collect();
    let mut templates = Vec::new();
    let mut leaves: HashMap<(u8, usize, String), Vec<usize>> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        if let Some((kind, template)) = group {
            let words: Vec<&str> = template.split(' ').collect();
            leaves.entry((*kind, words.len(), first_word(&words))).or_default().push(g);
        }
    }
    let mut leaves: Vec<_> = leaves.into_values().collect();
    leaves.sort();
    for leaf in leaves {
        // Drain's clusters: (template, members).
        let mut clusters: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
        for &g in &leaf {
            let words: Vec<&str> = groups[g].map_or("", |(_, t)| t).split(' ').collect();
            let best = clusters
                .iter()
                .enumerate()
                .rev()
                .take(MAX_COMPARED)
                .map(|(c, (t, _))| {
                    let t: Vec<&str> = t.iter().map(String::as_str).collect();
                    let (same, wild) = similarity(&t, &words);
                    (same, std::cmp::Reverse(wild), c)
                })
                .filter(|&(same, _, _)| same >= SIMILARITY)
                .max_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap_or(std::cmp::Ordering::Equal));
            match best {
                Some((_, _, c)) => {
                    let (t, members) = &mut clusters[c];
                    for (tw, w) in t.iter_mut().zip(&words) {
                        if tw != w {
                            *tw = mask::WILDCARD.to_string();
                        }
                    }
                    members.push(g);
                }
                None => clusters.push((words.iter().map(|w| w.to_string()).collect(), vec![g])),
            }
        }
        for (_, members) in clusters.into_iter().filter(|c| c.1.len() > 1) {
            split_cluster(groups, &members, &mut into, &mut templates);
        }
    }
    (into, templates)
}

/// One cluster's groups joined where they differ only at places that are values.
fn split_cluster(groups: &[Option<(u8, &str)>], members: &[usize], into: &mut [usize], templates: &mut Vec<(usize, String)>) {
    let words: Vec<Vec<&str>> = members.iter().map(|&g| groups[g].map_or("", |(_, t)| t).split(' ').collect()).collect();
    let n = words[0].len();
    let value: Vec<bool> = (0..n)
        .map(|p| {
            let mut seen: Vec<&str> = Vec::new();
            for w in &words {
                if !seen.contains(&w[p]) {
                    seen.push(w[p]);
                }
            }
            // A wildcard among differing words says the place varies.
            seen.len() > MAX_SELECTOR_WORDS || (seen.len() > 1 && seen.iter().any(|w| w.contains(mask::WILDCARD)))
        })
        .collect();
    // (the words at the places that tell apart, first group, template, groups)
    let mut parts: Vec<(Vec<&str>, usize, Vec<String>, usize)> = Vec::new();
    for (m, w) in members.iter().zip(&words) {
        let key: Vec<&str> = (0..n).filter(|&p| !value[p]).map(|p| w[p]).collect();
        match parts.iter_mut().find(|part| part.0 == key) {
            Some((_, root, template, joined)) => {
                into[*m] = *root;
                *joined += 1;
                for (t, x) in template.iter_mut().zip(w) {
                    if t != x {
                        *t = mask::WILDCARD.to_string();
                    }
                }
            }
            None => parts.push((key, *m, w.iter().map(|x| x.to_string()).collect(), 1)),
        }
    }
    templates.extend(parts.into_iter().filter(|p| p.3 > 1).map(|p| (p.1, p.2.join(" "))));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines' templates after settling, each with its lines.
    fn group(lines: &[&str]) -> Vec<(String, Vec<usize>)> {
        let mut templates: Vec<(String, Vec<usize>)> = Vec::new();
        for (n, line) in lines.iter().enumerate() {
            let m = mask::mask_log(line);
            match templates.iter_mut().find(|t| t.0 == m) {
                Some(t) => t.1.push(n + 1),
                None => templates.push((m, vec![n + 1])),
            }
        }
        let keys: Vec<Option<(u8, &str)>> = templates.iter().map(|t| Some((0, t.0.as_str()))).collect();
        let (into, joined) = settle(&keys);
        let mut out: Vec<(String, Vec<usize>)> = Vec::new();
        for (g, t) in templates.iter().enumerate() {
            if into[g] == g {
                let template = joined.iter().find(|j| j.0 == g).map_or(t.0.clone(), |j| j.1.clone());
                let mut lines: Vec<usize> =
                    (0..templates.len()).filter(|&o| into[o] == g).flat_map(|o| templates[o].1.clone()).collect();
                lines.sort();
                out.push((template, lines));
            }
        }
        out
    }

    #[test]
    fn places_taking_many_words_become_wildcards() {
        let got = group(&[
            "Invalid user webmaster from 173.234.31.186",
            "Invalid user test9 from 52.80.34.196",
            "Received disconnect from 173.234.31.186: 11: Bye Bye [preauth]",
            "Connection closed by 212.47.254.145 [preauth]",
            "Invalid user admin from 103.99.0.122",
            "Received disconnect from 10.0.0.1: 11: disconnected by user",
            "Connection from alpha.example.com closed",
            "Connection from beta.example.com closed",
            "Connection from gamma.example.com closed",
            "Connection from delta.example.com closed",
            "Connection from epsilon.example.com closed",
        ]);
        assert_eq!(
            got,
            vec![
                ("Invalid user <*> from <*>".to_string(), vec![1, 2, 5]),
                ("Received disconnect from <*>: <*>: Bye Bye [preauth]".to_string(), vec![3]),
                ("Connection closed by <*> [preauth]".to_string(), vec![4]),
                ("Received disconnect from <*>: <*>: disconnected by user".to_string(), vec![6]),
                ("Connection from <*> closed".to_string(), vec![7, 8, 9, 10, 11]),
            ]
        );
    }

    #[test]
    fn device_names_in_parentheses_are_words_like_any_other() {
        let got = group(&[
            "unable to qualify my own domain name (aadmin1) -- using short name",
            "unable to qualify my own domain name (badmin1) -- using short name",
            "unable to qualify my own domain name (cadmin1) -- using short name",
            "unable to qualify my own domain name (dadmin1) -- using short name",
            "unable to qualify my own domain name (eadmin1) -- using short name",
            "link down on [eth0]",
            "link down on [eth1]",
        ]);
        assert_eq!(
            got,
            vec![
                ("unable to qualify my own domain name <*> -- using short name".to_string(), vec![1, 2, 3, 4, 5]),
                ("link down on [eth0]".to_string(), vec![6]),
                ("link down on [eth1]".to_string(), vec![7]),
            ]
        );
    }

    #[test]
    fn error_codes_tell_messages_apart_unless_one_place_takes_many() {
        let got = group(&[
            "connect failed with error 10061",
            "connect failed with error 10061",
            "connect failed with error 11001",
            "proxy answered status code 403",
            "proxy answered status code 517",
            "proxy answered status code 88",
            "proxy answered status code 2301",
            "proxy answered status code 640",
        ]);
        assert_eq!(
            got,
            vec![
                ("connect failed with error 10061".to_string(), vec![1, 2]),
                ("connect failed with error 11001".to_string(), vec![3]),
                ("proxy answered status code <*>".to_string(), vec![4, 5, 6, 7, 8]),
            ]
        );
    }

    #[test]
    fn a_few_words_at_one_place_tell_messages_apart() {
        let got = group(&[
            "[instance: 1] VM Started (Lifecycle Event)",
            "[instance: 2] VM Paused (Lifecycle Event)",
            "[instance: 3] VM Started (Lifecycle Event)",
            "install failed, error = 5",
            "install failed, error = 8",
        ]);
        assert_eq!(
            got,
            vec![
                ("[instance: <*>] VM Started (Lifecycle Event)".to_string(), vec![1, 3]),
                ("[instance: <*>] VM Paused (Lifecycle Event)".to_string(), vec![2]),
                ("install failed, error = 5".to_string(), vec![4]),
                ("install failed, error = 8".to_string(), vec![5]),
            ]
        );
    }
}
