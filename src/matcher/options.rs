//! What a search may be asked for: how many hits, which kinds and products
//! of article, how sure, and the matcher's settings.
//!
//! In detail: `SearchOptions`: limit, kinds, products, minimum confidence, and
//! `Settings`, the weights as a value; the kind and product filter as a query
//! that retrieval and the code candidates must also match.

use super::weights::Weights;
use crate::article::ArticleKind;
use crate::error::{Error, Result};
use crate::index::KbIndex;
use std::collections::BTreeMap;
use std::str::FromStr;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

/// How to search: `SearchOptions::default()`, then the setters.
///
/// ```
/// use kbmatch::{ArticleKind, SearchOptions};
///
/// let options = SearchOptions::default()
///     .limit(3)
///     .kind(ArticleKind::Blog)
///     .product("Systems Management Server")
///     .min_confidence(0.5);
/// # let _ = options;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    pub(crate) limit: usize,
    pub(crate) kinds: Vec<ArticleKind>,
    pub(crate) products: Vec<String>,
    pub(crate) min_confidence: f64,
    pub(crate) settings: Settings,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: SearchOptions::DEFAULT_LIMIT,
            kinds: Vec::new(),
            products: Vec::new(),
            min_confidence: 0.0,
            settings: Settings::default(),
        }
    }
}

impl SearchOptions {
    /// Hits a search returns unless [`SearchOptions::limit`] says otherwise.
    pub const DEFAULT_LIMIT: usize = 5;

    /// Most hits one search may ask for: a larger [`SearchOptions::limit`]
    /// makes the search fail with [`Error::Input`].
    pub const MAX_LIMIT: usize = 100;

    /// At most this many hits, best first: 1 to
    /// [`SearchOptions::MAX_LIMIT`] (default:
    /// [`SearchOptions::DEFAULT_LIMIT`]).
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Only articles of this kind; several calls allow several kinds
    /// (default: every kind).
    pub fn kind(mut self, kind: ArticleKind) -> Self {
        if !self.kinds.contains(&kind) {
            self.kinds.push(kind);
        }
        self
    }

    /// Only articles about this product; several calls allow several
    /// products (default: any product, or none). A product is named by
    /// some of its words, case aside: `exchange` is `Microsoft Exchange`.
    /// A name that no product of the index has makes the search fail with
    /// [`Error::Input`], saying which products there are.
    pub fn product(mut self, product: impl Into<String>) -> Self {
        let product = product.into();
        if !self.products.contains(&product) {
            self.products.push(product);
        }
        self
    }

    /// Only hits at least this sure, 0..1 (default: 0, every hit).
    pub fn min_confidence(mut self, confidence: f64) -> Self {
        self.min_confidence = confidence;
        self
    }

    /// A minimum confidence as a person writes it (`0.9`), for
    /// [`SearchOptions::min_confidence`]: the number, or what to write
    /// instead when it is none from 0 to 1.
    pub fn parse_confidence(text: &str) -> std::result::Result<f64, String> {
        match text.parse::<f64>() {
            Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
            _ => Err(format!("{text}: give a confidence from 0 to 1, such as 0.9")),
        }
    }

    /// The matcher's settings (default: [`Settings::default`]).
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Whether the search may find articles, not tickets alone: where it
    /// does, a ticket never comes above the article it cites (see
    /// `super::links`).
    pub(crate) fn finds_articles(&self) -> bool {
        self.kinds.is_empty() || self.kinds.iter().any(|k| *k != ArticleKind::Ticket)
    }

    /// Checks what a caller may have got wrong, before searching.
    pub(crate) fn check(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.min_confidence) {
            return Err(Error::Input(format!("minimum confidence {}: give a number from 0 to 1", self.min_confidence)));
        }
        if self.limit == 0 {
            return Err(Error::Input("a limit of 0 hits: ask for at least 1".into()));
        }
        if self.limit > SearchOptions::MAX_LIMIT {
            return Err(Error::Input(format!(
                "a limit of {} hits: ask for at most {}",
                self.limit,
                SearchOptions::MAX_LIMIT
            )));
        }
        Ok(())
    }

    /// The query that lets through only the articles of the asked kinds and
    /// products; `None` when any article may answer.
    pub(crate) fn filter(&self, index: &KbIndex, searcher: &Searcher) -> Result<Option<Box<dyn Query>>> {
        let fields = index.fields();
        let any_of = |terms: Vec<Term>| -> Box<dyn Query> {
            let clauses = terms
                .into_iter()
                .map(|t| (Occur::Should, Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>))
                .collect();
            Box::new(BooleanQuery::new(clauses))
        };
        let mut limits: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !self.kinds.is_empty() {
            let terms = self.kinds.iter().map(|k| Term::from_field_text(fields.kind, k.as_str())).collect();
            limits.push((Occur::Must, any_of(terms)));
        }
        if !self.products.is_empty() {
            let known = products(index, searcher)?;
            let mut terms = Vec::new();
            for asked in &self.products {
                let named: Vec<&String> = known.keys().filter(|p| names(p, asked)).collect();
                if named.is_empty() {
                    let list: Vec<&str> = known.keys().map(String::as_str).collect();
                    return Err(Error::Input(format!(
                        "no product of the index is called {asked:?}; its products are: {}",
                        if list.is_empty() { "none".to_string() } else { list.join(", ") }
                    )));
                }
                terms.extend(named.into_iter().map(|p| Term::from_field_text(fields.products, p)));
            }
            limits.push((Occur::Must, any_of(terms)));
        }
        Ok(match limits.len() {
            0 => None,
            1 => limits.pop().map(|(_, query)| query),
            _ => Some(Box::new(BooleanQuery::new(limits))),
        })
    }
}

/// The products of the index's articles, as the articles write them, with
/// how many articles are about each.
pub(crate) fn products(index: &KbIndex, searcher: &Searcher) -> Result<BTreeMap<String, u64>> {
    let mut out: BTreeMap<String, u64> = BTreeMap::new();
    crate::index::for_each_live_term(searcher, index.fields().products, |product, count| {
        *out.entry(product.to_string()).or_default() += u64::from(count);
    })?;
    Ok(out)
}

/// Whether `asked` names `product`: its words, case aside, are a run of
/// the product's words (`exchange`, `Microsoft Exchange`, `windows nt`).
fn names(product: &str, asked: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let (product, asked) = (words(product), words(asked));
    !asked.is_empty() && product.windows(asked.len()).any(|run| run == asked.as_slice())
}

/// The matcher's settings: every weight of the retrieval and the
/// re-ranking, by name (`title`, `body`, `message`, `strong`, ...; the
/// names and their meaning are in `src/matcher/weights.rs`). The default is
/// what `kbmatch` uses; change them to experiment without rebuilding.
///
/// ```
/// use kbmatch::Settings;
///
/// let settings: Settings = "title=4, message=2.5".parse()?;
/// assert_eq!(settings.get("title"), Some(4.0));
/// assert!("titel=4".parse::<Settings>().is_err());
/// # Ok::<(), kbmatch::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings(pub(crate) Weights);

impl Settings {
    /// The value of the setting called `name`, if there is one.
    pub fn get(&self, name: &str) -> Option<f32> {
        let mut weights = self.0;
        if let Some(limit) = weights.limits.slot(name) {
            return Some(*limit as f32);
        }
        weights.slot(name).map(|value| *value)
    }

    /// Change the setting called `name`; an unknown name is an error.
    pub fn set(&mut self, name: &str, value: f32) -> Result<()> {
        if !value.is_finite() {
            return Err(Error::Input(format!("setting {name}={value}: give a finite number")));
        }
        if let Some(limit) = self.0.limits.slot(name) {
            if value < 0.0 || value.fract() != 0.0 {
                return Err(Error::Input(format!("setting {name}={value}: give a whole number, 0 or more")));
            }
            *limit = value as usize;
            return Ok(());
        }
        match self.0.slot(name) {
            Some(slot) => {
                *slot = value;
                Ok(())
            }
            None => Err(Error::Input(format!(
                "unknown setting {name:?}: the settings are {} (src/matcher/weights.rs says what each does)",
                Weights::names().join(", ")
            ))),
        }
    }
}

/// `name=value` pairs separated by commas (`title=4, message=2.5`; blank:
/// the defaults), applied to the defaults. An unknown name or a value that
/// is not a number is an error.
impl FromStr for Settings {
    type Err = Error;

    fn from_str(spec: &str) -> Result<Settings> {
        let mut settings = Settings::default();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((name, value)) = pair.split_once('=') else {
                return Err(Error::Input(format!("setting {pair:?}: write it as name=value")));
            };
            let value: f32 = value
                .trim()
                .parse()
                .map_err(|_| Error::Input(format!("setting {pair:?}: {:?} is not a number", value.trim())))?;
            settings.set(name.trim(), value)?;
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::{SearchOptions, Settings, names};

    #[test]
    fn a_limit_outside_one_to_the_most_is_refused_with_the_bounds() {
        assert!(SearchOptions::default().check().is_ok());
        assert!(SearchOptions::default().limit(1).check().is_ok());
        assert!(SearchOptions::default().limit(SearchOptions::MAX_LIMIT).check().is_ok());
        let zero = SearchOptions::default().limit(0).check().unwrap_err().to_string();
        assert!(zero.contains("at least 1"), "{zero}");
        let over = SearchOptions::default().limit(SearchOptions::MAX_LIMIT + 1).check().unwrap_err().to_string();
        assert!(over.contains("101") && over.contains("at most 100"), "{over}");
    }

    #[test]
    fn settings_change_only_the_named_weights_and_refuse_unknown_names() {
        let settings: Settings = "title=4, message=2.5".parse().unwrap();
        assert_eq!(settings.get("title"), Some(4.0));
        assert_eq!(settings.get("message"), Some(2.5));
        assert_eq!(settings.get("body"), Settings::default().get("body"));
        assert_eq!("".parse::<Settings>().unwrap(), Settings::default());
        let error = |spec: &str| spec.parse::<Settings>().unwrap_err().to_string();
        assert!(error("bogus=1").starts_with("unknown setting \"bogus\""), "{}", error("bogus=1"));
        assert_eq!(error("body=x"), "setting \"body=x\": \"x\" is not a number");
        assert_eq!(error("body"), "setting \"body\": write it as name=value");
        assert_eq!(error("body=NaN"), "setting body=NaN: give a finite number");
        // Limits are settings too, whole numbers.
        let settings: Settings = "candidates=60, signal_id=5".parse().unwrap();
        assert_eq!((settings.get("candidates"), settings.get("signal_id")), (Some(60.0), Some(5.0)));
        assert_eq!(Settings::default().get("max_words"), Some(48.0));
        assert_eq!(error("candidates=2.5"), "setting candidates=2.5: give a whole number, 0 or more");
        // The error names every setting: weights, re-ranking weights, limits.
        let unknown = error("bogus=1");
        for name in ["title", "listing", "code_generic_credit", "min_verbatim"] {
            assert!(unknown.contains(&format!(" {name},")) || unknown.contains(&format!(" {name} (")), "{unknown}");
        }
    }

    #[test]
    fn a_product_is_named_by_a_run_of_its_words() {
        assert!(names("Microsoft Exchange", "exchange"));
        assert!(names("Microsoft Exchange", "Microsoft Exchange"));
        assert!(names("Microsoft Windows NT", "windows nt"));
        assert!(names("Microsoft Systems Management Server", "Systems Management Server"));
        assert!(!names("Microsoft Exchange", "exch"));
        assert!(!names("Microsoft Windows NT", "nt windows"));
        assert!(!names("Microsoft Exchange", " "));
    }
}
