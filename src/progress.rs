//! Progress of the long tasks (a build, a scan), handed to a function the
//! caller gives. The library draws nothing: the `kbmatch` command draws its
//! progress bars from these reports.

use std::sync::Arc;

/// A function called as a long task advances, possibly from several
/// threads at once; it should return quickly.
///
/// ```
/// use kbmatch::{BuildOptions, BuildProgress, Progress};
///
/// let options = BuildOptions::default().progress(Progress::new(|p: BuildProgress| {
///     eprint!("\r{} of {} files read", p.read, p.found);
/// }));
/// # let _ = options;
/// ```
pub struct Progress<T>(Arc<dyn Fn(T) + Send + Sync>);

impl<T> Progress<T> {
    /// Report progress to `report`.
    pub fn new(report: impl Fn(T) + Send + Sync + 'static) -> Progress<T> {
        Progress(Arc::new(report))
    }

    /// Tell the caller how far the task has come.
    pub(crate) fn report(&self, value: T) {
        (self.0)(value);
    }
}

impl<T> Clone for Progress<T> {
    fn clone(&self) -> Self {
        Progress(Arc::clone(&self.0))
    }
}

impl<T> std::fmt::Debug for Progress<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// How far a build has come: what [`crate::BuildOptions::progress`]
/// reports after each file read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct BuildProgress {
    /// Files read so far.
    pub read: u64,
    /// Files found so far (the walk of the corpus may still be finding more).
    pub found: u64,
}
