//! The command's progress display on stderr, drawn from the library's
//! progress reports: a bar while a build reads files, a spinner while a
//! scan reads a log. Drawn only on a terminal, and only with the
//! `progress` feature (indicatif); otherwise nothing is shown.

use crate::progress::{BuildProgress, Progress};

/// A progress bar of the files a build reads; cleared when dropped.
pub struct Bar {
    #[cfg(feature = "progress")]
    bar: indicatif::ProgressBar,
}

impl Bar {
    /// A bar with this indicatif template, if stderr is a terminal.
    #[cfg_attr(not(feature = "progress"), allow(unused_variables))]
    pub fn new(template: &str) -> Option<Bar> {
        #[cfg(feature = "progress")]
        {
            use std::io::IsTerminal;
            if !std::io::stderr().is_terminal() {
                return None;
            }
            let bar = indicatif::ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::stderr());
            bar.set_style(
                indicatif::ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            Some(Bar { bar })
        }
        #[cfg(not(feature = "progress"))]
        None
    }

    /// The report function that moves the bar.
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
}

impl Drop for Bar {
    fn drop(&mut self) {
        #[cfg(feature = "progress")]
        self.bar.finish_and_clear();
    }
}

/// A spinner with the number of lines a scan has read; cleared when dropped.
pub struct Spinner {
    #[cfg(feature = "progress")]
    bar: indicatif::ProgressBar,
}

impl Spinner {
    /// A spinner saying `what`, if stderr is a terminal.
    #[cfg_attr(not(feature = "progress"), allow(unused_variables))]
    pub fn new(what: &str) -> Option<Spinner> {
        #[cfg(feature = "progress")]
        {
            use std::io::IsTerminal;
            if !std::io::stderr().is_terminal() {
                return None;
            }
            let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar.set_message(what.to_string());
            Some(Spinner { bar })
        }
        #[cfg(not(feature = "progress"))]
        None
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

impl Drop for Spinner {
    fn drop(&mut self) {
        #[cfg(feature = "progress")]
        self.bar.finish_and_clear();
    }
}
