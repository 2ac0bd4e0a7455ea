//! The paste's error codes: their other forms added to the query (a name's
//! number and a number's name, from the index's table), the code decoded
//! for the user, and how each hit writes it. The decoding rules themselves
//! are in [`crate::extract::codes`].
//!
//! In detail: A pasted code's name or number added from the index's table; the
//! articles quoting it in another form added to the candidates; the code
//! decoded for the answer, and how each hit writes it; whether a code is sure
//! is a code rule, `extract::codes::is_sure`.

use super::evidence::Evidence;
use super::hit::{HitCode, PastedCode};
use super::rarity;
use super::query::QueryAnalysis;
use super::retrieve::{self, Retrieval};
use crate::article::Article;
use crate::extract::codes::{self, Code};
use crate::extract::signals;
use crate::index::KbIndex;
use tantivy::query::{ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

/// Add to the paste's signals the other forms of its codes that the index
/// knows, and decode its main code: the first HRESULT or NTSTATUS, else
/// the first Win32 number or name, else any other.
pub fn expand_paste(index: &KbIndex, analysis: &mut QueryAnalysis) -> Option<PastedCode> {
    if analysis.codes.is_empty() {
        return None;
    }
    let table = index.code_table();
    let mut added: Vec<String> = Vec::new();
    for code in &analysis.signals.error_codes {
        added.extend(table.expand(code));
    }
    analysis.signals.error_codes.extend(added);
    analysis.signals.error_codes.sort();
    analysis.signals.error_codes.dedup();

    let (written, code) = analysis.codes.iter().min_by_key(|(_, code)| codes::priority(code))?;
    let forms = table.forms(code)?;
    let canonical = table.resolve(code);
    let sure = codes::is_sure_number(code);
    let decoded = match canonical.as_deref().and_then(Code::of) {
        Some(Code::Win32(n)) if !sure => format!("error number {n}"),
        Some(decoded) => decoded.describe(),
        None => code.trim_start_matches("name:").to_string(),
    };
    let mut all = vec![code.clone()];
    all.extend(table.expand(code));
    all.extend(canonical);
    all.sort();
    all.dedup();
    Some(PastedCode { pasted: written.clone(), decoded, forms, codes: all, sure })
}

/// Make sure the articles that quote the paste's code in any form are
/// candidates, when the paste leaves no doubt which code it is: a generic phrase around a code (`failed with error
/// 0x8007088D`) can fill the candidates with articles that share only its
/// words. The articles holding most of the code's forms, rarest first, are
/// added with their score under the whole query, so that the re-ranking
/// weighs them like the others.
pub fn add_candidates(
    index: &KbIndex,
    searcher: &Searcher,
    retrieval: &Retrieval,
    pasted: &PastedCode,
    candidates: &mut Vec<(f32, DocAddress)>,
    most: usize,
) -> tantivy::Result<()> {
    // A bare `error 24` may be any program's: its articles are no more
    // likely than the words say.
    if !pasted.sure {
        return Ok(());
    }
    let field = index.fields().signals;
    let articles = retrieval.stats.num_docs() as f32;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for code in &pasted.codes {
        let term = Term::from_field_text(field, &format!("err:{}", code.to_lowercase()));
        let doc_freq = retrieval.stats.doc_freq(&term) as f32;
        if doc_freq == 0.0 {
            continue;
        }
        let idf = rarity::idf(articles, doc_freq);
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(Box::new(TermQuery::new(term, IndexRecordOption::Basic)), idf)),
        ));
    }
    retrieve::add_best_of(searcher, retrieval, clauses, most, candidates)
}

/// The paste's code as an article holds it: the first place the article
/// writes any of its forms.
pub fn as_quoted(index: &KbIndex, pasted: &PastedCode, article: &Article) -> HitCode {
    let table = index.code_table();
    let quoted = article.sections.iter().find_map(|section| {
        signals::code_mentions(&section.text)
            .into_iter()
            .filter(|m| {
                let same = |c: &str| pasted.codes.iter().any(|p| p == c);
                same(&m.code)
                    || codes::identities(&m.code).is_some_and(|c| same(&c))
                    || table.resolve(&m.code).is_some_and(|c| same(&c))
            })
            .min_by_key(|m| m.start)
            .map(|m| section.text[m.start..m.end].split_whitespace().collect::<Vec<_>>().join(" "))
    });
    HitCode { pasted: pasted.pasted.clone(), decoded: pasted.decoded.clone(), quoted }
}

/// Say in a hit's reasons which form matched which: the reasons that name
/// the code's forms one by one (`error code 0x800705aa`, `error number
/// 1450`) become one, `0x800705AA = Win32 error 1450, quoted as System
/// error 1450`, where the first of them stood.
pub fn explain(pasted: &PastedCode, code: &HitCode, why: &mut Vec<Evidence>) {
    let is_form = |r: &Evidence| r.error_code().is_some_and(|c| pasted.codes.iter().any(|p| p.eq_ignore_ascii_case(c)));
    let first = why.iter().position(is_form);
    let matched = first.and_then(|at| why[at].error_code()).map(str::to_string);
    if code.quoted.is_none() && first.is_none() {
        return;
    }
    why.retain(|r| !is_form(r));
    let line = Evidence::ErrorCode {
        // The form both hold, else the paste's code as the index writes it.
        code: matched.unwrap_or_else(|| pasted.codes.first().map(|c| c.to_lowercase()).unwrap_or_default()),
        pasted: Some(code.pasted.clone()),
        decoded: Some(code.decoded.clone()),
        quoted: code.quoted.clone(),
    };
    why.insert(first.unwrap_or(0).min(why.len()), line);
}
