//! The command's progress display on stderr, drawn from the library's
//! progress reports: a bar while a build reads files, a spinner while a
//! scan reads a log. Drawn only on a terminal, and only with the
//! `progress` feature (indicatif); otherwise nothing is shown.

use crate::progress::{BuildProgress, Progress};

/// A progress bar or spinner on stderr; cleared when dropped.
pub struct Shown {
    #[cfg(feature = "progress")]
    bar: indicatif::ProgressBar,
}

impl Shown {
    /// A bar of the files a build reads, if stderr is a terminal.
    pub fn files() -> Option<Shown> {
        Shown::drawn(Some(0), "reading {bar:30} {pos}/{len} files  {per_sec}  ETA {eta}", "")
    }

    /// A spinner saying `what`, then the lines a scan has read, if stderr
    /// is a terminal.
    pub fn lines(what: &str) -> Option<Shown> {
        Shown::drawn(None, "{spinner} {msg}", what)
    }

    #[cfg_attr(not(feature = "progress"), allow(unused_variables))]
    fn drawn(length: Option<u64>, template: &str, message: &str) -> Option<Shown> {
        #[cfg(feature = "progress")]
        {
            use std::io::IsTerminal;
            if !std::io::stderr().is_terminal() {
                return None;
            }
            let bar = indicatif::ProgressBar::with_draw_target(length, indicatif::ProgressDrawTarget::stderr());
            let style = indicatif::ProgressStyle::with_template(template);
            bar.set_style(style.unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
            if length.is_none() {
                bar.enable_steady_tick(std::time::Duration::from_millis(200));
            }
            bar.set_message(message.to_string());
            Some(Shown { bar })
        }
        #[cfg(not(feature = "progress"))]
        None
    }

    /// The report function that moves the bar of files read.
    pub fn files_read(&self) -> Progress<BuildProgress> {
        #[cfg(feature = "progress")]
        {
            let bar = self.bar.clone();
            Progress::new(move |p: BuildProgress| {
                bar.set_length(p.found);
                bar.set_position(p.read);
            })
        }
        #[cfg(not(feature = "progress"))]
        Progress::new(|_: BuildProgress| {})
    }

    /// The report function that shows the lines read and their rate.
    pub fn lines_read(&self) -> Progress<u64> {
        #[cfg(feature = "progress")]
        {
            let bar = self.bar.clone();
            let started = std::time::Instant::now();
            Progress::new(move |lines: u64| {
                let rate = lines as f64 / started.elapsed().as_secs_f64().max(1e-3);
                bar.set_message(format!("{lines} lines read ({rate:.0} lines/s)"));
            })
        }
        #[cfg(not(feature = "progress"))]
        Progress::new(|_: u64| {})
    }
}

impl Shown {
    /// The report function that shows the articles a sentence encoder has
    /// read and encoded.
    pub fn articles_encoded(&self) -> impl Fn(u64, u64) + use<> {
        #[cfg(feature = "progress")]
        {
            let bar = self.bar.clone();
            move |seen: u64, encoded: u64| bar.set_message(format!("{seen} articles read, {encoded} encoded"))
        }
        #[cfg(not(feature = "progress"))]
        |_: u64, _: u64| {}
    }
}

impl Drop for Shown {
    fn drop(&mut self) {
        #[cfg(feature = "progress")]
        self.bar.finish_and_clear();
    }
}
