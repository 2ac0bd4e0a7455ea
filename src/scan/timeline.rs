//! When a log's entries, problems and failures happened: counts over its
//! time span in at most [`BUCKETS`] equal buckets, so that a person sees
//! when the failures started and what repeats (the page draws it; the
//! report carries it as numbers).
//!
//! While reading, counts are kept per step of time ([`Clock`]); a log that
//! spans more steps than [`MAX_STEPS`] doubles the step and merges its
//! counts, so the memory is bounded whatever the log's length or span.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most buckets of a timeline.
pub const BUCKETS: usize = 60;

/// Most steps of time counted while reading before the step doubles.
const MAX_STEPS: usize = 4096;

/// A log's entries over its time span, in equal buckets: `entries[k]` are
/// those written from `start` + k x `bucket_seconds` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Timeline {
    /// The first time written, as a date and time without a zone (logs
    /// write their local time): `2019-04-10T12:01:07`.
    pub start: String,
    /// The last time written, the same way.
    pub end: String,
    /// Seconds from the first time written to the last.
    pub span_seconds: i64,
    /// Seconds each bucket covers.
    pub bucket_seconds: i64,
    /// Entries written in each bucket.
    pub entries: Vec<u64>,
    /// Of them, problems (errors, warnings, messages of failure).
    pub problems: Vec<u64>,
    /// Of them, failure points: an error the log states, or words that say
    /// an operation ended in failure.
    pub failures: Vec<u64>,
    /// When the first failure point was written, the same way as `start`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_failure: Option<String>,
}

/// What one step of time counts: entries, problems, failure points.
type Counts = [u64; 3];

/// Counts per step of time while a log is read.
#[derive(Debug, Clone)]
pub struct Clock {
    /// Seconds a step covers (1, 2, 4, ...).
    step: i64,
    /// Step number (time / `step`) -> its counts.
    steps: BTreeMap<i64, Counts>,
    /// The earliest and latest times counted.
    span: Option<(i64, i64)>,
    /// The earliest failure point's time.
    first_failure: Option<i64>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock { step: 1, steps: BTreeMap::new(), span: None, first_failure: None }
    }
}

impl Clock {
    /// Count an entry written at `time` (seconds), a problem or not, a
    /// failure point or not.
    pub fn count(&mut self, time: i64, problem: bool, failure: bool) {
        self.span = Some(self.span.map_or((time, time), |(a, b)| (a.min(time), b.max(time))));
        if failure {
            self.first_failure = Some(self.first_failure.map_or(time, |t| t.min(time)));
        }
        let counts = self.steps.entry(time.div_euclid(self.step)).or_default();
        counts[0] += 1;
        counts[1] += u64::from(problem);
        counts[2] += u64::from(failure);
        if self.steps.len() > MAX_STEPS {
            self.step *= 2;
            let mut merged: BTreeMap<i64, Counts> = BTreeMap::new();
            for (k, c) in std::mem::take(&mut self.steps) {
                let m = merged.entry(k.div_euclid(2)).or_default();
                for i in 0..3 {
                    m[i] += c[i];
                }
            }
            self.steps = merged;
        }
    }

    /// The earliest and latest times counted, in seconds.
    pub fn span(&self) -> Option<(i64, i64)> {
        self.span
    }

    /// The timeline: None when the log wrote no time.
    pub fn timeline(&self) -> Option<Timeline> {
        let (start, end) = self.span?;
        let span = end - start;
        // Buckets a whole number of steps wide, at most BUCKETS of them.
        let steps_per_bucket = ((span + 1) as u64).div_ceil(BUCKETS as u64 * self.step as u64).max(1) as i64;
        let bucket_seconds = steps_per_bucket * self.step;
        let buckets = (((span + 1) as u64).div_ceil(bucket_seconds as u64) as usize).clamp(1, BUCKETS);
        let mut counts = vec![[0u64; 3]; buckets];
        for (&k, c) in &self.steps {
            let at = ((k * self.step - start).max(0) / bucket_seconds) as usize;
            let bucket = &mut counts[at.min(buckets - 1)];
            for i in 0..3 {
                bucket[i] += c[i];
            }
        }
        Some(Timeline {
            start: civil(start),
            end: civil(end),
            span_seconds: span,
            bucket_seconds,
            entries: counts.iter().map(|c| c[0]).collect(),
            problems: counts.iter().map(|c| c[1]).collect(),
            failures: counts.iter().map(|c| c[2]).collect(),
            first_failure: self.first_failure.map(civil),
        })
    }
}

/// Seconds as [`crate::logs::seconds`] counts them (from 1970-01-01, in the
/// log's own time) written as a date and time: `2019-04-10T12:01:07`.
pub fn civil(seconds: i64) -> String {
    match jiff::Timestamp::from_second(seconds) {
        Ok(t) => jiff::tz::Offset::UTC.to_datetime(t).to_string(),
        Err(_) => seconds.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_log_has_a_bucket_per_second_or_more() {
        let mut clock = Clock::default();
        let t0 = 1_554_897_667; // 2019-04-10T12:01:07
        for s in 0..10 {
            clock.count(t0 + s, s == 7, s == 9);
        }
        let t = clock.timeline().expect("times");
        assert_eq!((t.start.as_str(), t.end.as_str()), ("2019-04-10T12:01:07", "2019-04-10T12:01:16"));
        assert_eq!((t.span_seconds, t.bucket_seconds, t.entries.len()), (9, 1, 10));
        assert_eq!(t.entries, vec![1; 10]);
        assert_eq!(t.problems, vec![0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
        assert_eq!(t.failures, vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(t.first_failure.as_deref(), Some("2019-04-10T12:01:16"));
    }

    #[test]
    fn a_long_log_fits_sixty_buckets_and_bounded_steps() {
        let mut clock = Clock::default();
        // One entry a second for a day: 86,400 steps of a second would be
        // kept without the bound.
        for s in 0..86_400 {
            clock.count(s, s % 3600 == 0, false);
        }
        assert!(clock.steps.len() <= MAX_STEPS, "{} steps kept", clock.steps.len());
        let t = clock.timeline().expect("times");
        assert_eq!(t.entries.len(), 60);
        assert_eq!(t.entries.iter().sum::<u64>(), 86_400);
        assert_eq!(t.problems.iter().sum::<u64>(), 24);
        // A day in 60 buckets of whole steps (32 s once doubled past the bound).
        assert_eq!(t.bucket_seconds, 1440);
        assert_eq!(t.start, "1970-01-01T00:00:00");
    }

    #[test]
    fn no_time_no_timeline() {
        assert_eq!(Clock::default().timeline(), None);
    }
}
