//! `kbmatch serve`: the offline search page and the HTTP API over one open
//! index.
//!
//! Connections are served by hyper on tokio, each on its own task, with a
//! time limit on reading a request's headers, so a slow or broken client
//! holds only its own connection. Matching runs on the blocking pool under a
//! bound on concurrent queries, and every request has an overall time limit.
//!
//! The server follows the index folder: a task looks at `CURRENT` every
//! second and moves to a generation that `kbmatch index` published (see
//! [`KnowledgeBase::reload_if_changed`]); requests in flight finish on the
//! one they started on.

pub mod api;
pub mod feedback;
mod gaps;
pub mod options;

pub use options::{DEFAULT_ADDR, MAX_URI_BYTES, ServeOptions};

use crate::KnowledgeBase;
use crate::{Error, Result};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::sync::Semaphore;

/// Serve `kb` on a bound listener until `shutdown` resolves, then finish the
/// requests in flight and return.
pub async fn serve(
    listener: tokio::net::TcpListener,
    kb: Arc<KnowledgeBase>,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    let follower = options.follow.map(|every| tokio::spawn(follow(kb.clone(), every)));
    let router = api::router(kb, &options);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(options.header_timeout);
    let graceful = GracefulShutdown::new();
    let connections = Arc::new(Semaphore::new(options.max_connections.max(1)));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    eprintln!("kbmatch: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (router, mut http, watcher) = (router.clone(), http.clone(), graceful.watcher());
        let header_timeout = options.header_timeout;
        tokio::spawn(async move {
            // A client that hangs up or sends garbage only ends its own
            // connection; one that sends no whole first line in time is let go.
            let (mut reader, writer) = stream.into_split();
            match tokio::time::timeout(header_timeout, read_first_line(&mut reader)).await {
                Ok(Ok(FirstLine::Fits(head))) => {
                    let io = TokioIo::new(tokio::io::join(std::io::Cursor::new(head).chain(reader), writer));
                    let _ = watcher.watch(http.serve_connection(io, TowerToHyperService::new(router))).await;
                }
                Ok(Ok(FirstLine::TooLong { target, rest })) => {
                    // hyper reads the headers that follow and answers, in
                    // place of the line it would refuse, a stand-in.
                    let head = [b"GET / HTTP/1.1\r\n".as_slice(), &rest].concat();
                    let io = TokioIo::new(tokio::io::join(std::io::Cursor::new(head).chain(reader), writer));
                    let service = hyper::service::service_fn(move |_| async move {
                        Ok::<_, std::convert::Infallible>(api::target_too_long(target).await)
                    });
                    let _ = watcher.watch(http.keep_alive(false).serve_connection(io, service)).await;
                }
                Ok(Err(_)) | Err(_) => {}
            }
            drop(permit);
        });
    }
    drop(listener);
    if let Some(follower) = follower {
        follower.abort();
    }
    // Give the requests in flight a moment to finish.
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(options.request_timeout) => {}
    }
    Ok(())
}

/// A connection's first request line, read before hyper reads it.
enum FirstLine {
    /// Short enough for hyper: the bytes read so far, to be read again.
    Fits(Vec<u8>),
    /// Longer than hyper takes: the length of its target, and the bytes
    /// read after the line.
    TooLong { target: usize, rest: Vec<u8> },
}

/// Read until the end of the first request line. hyper refuses a request
/// target over [`MAX_URI_BYTES`] with a 414 of its own, with no body, and
/// closes the connection: such a line is read to its end here (its target
/// dropped) so that the server gives the API's JSON answer instead. Later
/// requests on a kept-alive connection are hyper's to refuse.
async fn read_first_line(reader: &mut (impl tokio::io::AsyncRead + Unpin)) -> std::io::Result<FirstLine> {
    // Past this, without its end, a line's target is over hyper's limit
    // (the method, two spaces and the version take less than 32 bytes).
    const LINE_LIMIT: usize = MAX_URI_BYTES + 32;
    let mut head = Vec::with_capacity(8 * 1024);
    while head.len() <= LINE_LIMIT && !head.contains(&b'\n') {
        head.reserve(8 * 1024);
        if reader.read_buf(&mut head).await? == 0 {
            return Ok(FirstLine::Fits(head));
        }
    }
    // Measure the target (from after the first space to the last one),
    // reading on to the end of the line if it is too long, and dropping it.
    let first_space = head.iter().position(|&b| b == b' ').unwrap_or(0);
    let (mut offset, mut last_space) = (0, first_space);
    let mut filled = head.len();
    let mut chunk = head;
    loop {
        let end = chunk[..filled].iter().position(|&b| b == b'\n');
        if let Some(space) = chunk[..end.unwrap_or(filled)].iter().rposition(|&b| b == b' ') {
            last_space = last_space.max(offset + space);
        }
        if let Some(end) = end {
            let target = last_space.saturating_sub(first_space + 1);
            if offset == 0 && target <= MAX_URI_BYTES {
                return Ok(FirstLine::Fits(chunk));
            }
            return Ok(FirstLine::TooLong { target, rest: chunk[end + 1..filled].to_vec() });
        }
        offset += filled;
        chunk.resize(chunk.len().max(64 * 1024), 0);
        filled = reader.read(&mut chunk).await?;
        if filled == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
    }
}

/// Every `every`, move `kb` to the generation a build published since,
/// saying so on stderr. A generation that cannot be opened is reported
/// once (until the reason changes) and the one in use kept.
async fn follow(kb: Arc<KnowledgeBase>, every: Duration) {
    let mut ticks = tokio::time::interval(every.max(Duration::from_millis(10)));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut reported: Option<String> = None;
    loop {
        ticks.tick().await;
        let started = std::time::Instant::now();
        let shared = kb.clone();
        let Ok(reloaded) = tokio::task::spawn_blocking(move || shared.reload_if_changed()).await else {
            return; // the runtime is shutting down
        };
        match reloaded {
            Ok(false) => {}
            Ok(true) => {
                let now = kb.snapshot();
                eprintln!(
                    "kbmatch: now serving {} ({} articles), opened in {} ms",
                    now.generation(),
                    now.len(),
                    started.elapsed().as_millis()
                );
                reported = None;
            }
            Err(e) => {
                let why = e.to_string();
                if reported.as_deref() != Some(why.as_str()) {
                    eprintln!("kbmatch: still serving {}: the new index cannot be opened: {why}", kb.generation());
                    reported = Some(why);
                }
            }
        }
    }
}

/// A server running on its own thread and runtime (for tests and embedding).
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<()>>>,
}

impl Server {
    /// Bind `addr` (port 0 picks a free port) and serve `kb` in the
    /// background. Fails if the address cannot be bound.
    pub fn start(kb: Arc<KnowledgeBase>, addr: SocketAddr, options: ServeOptions) -> Result<Server> {
        let listener = bind(addr)?;
        let addr = listener.local_addr().map_err(|e| Error::Input(format!("cannot serve on {addr}: {e}")))?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let runtime = runtime()?;
        let thread = std::thread::Builder::new()
            .name("kbmatch-serve".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)
                        .map_err(|e| Error::Input(format!("cannot serve on {addr}: {e}")))?;
                    serve(listener, kb, options, async {
                        let _ = stopped.await;
                    })
                    .await
                })
            })
            .map_err(|e| Error::Input(format!("cannot start the server thread: {e}")))?;
        Ok(Server { addr, stop: Some(stop), thread: Some(thread) })
    }

    /// The address actually bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stop accepting, finish the requests in flight, and wait for the thread.
    pub fn stop(mut self) -> Result<()> {
        self.shut_down()
    }

    fn shut_down(&mut self) -> Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(Error::Input("the server thread panicked".into())),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.shut_down();
    }
}

/// Serve on `addr` in the foreground until Ctrl-C, announcing the address on
/// stderr: `kbmatch: serving <N> articles from <index> at http://ADDR/`.
pub fn run(kb: KnowledgeBase, addr: SocketAddr, options: ServeOptions) -> Result<()> {
    let listener = bind(addr)?;
    let bound = listener.local_addr().map_err(|e| Error::Input(format!("cannot serve on {addr}: {e}")))?;
    let stats = kb.stats()?;
    eprintln!("kbmatch: serving {} articles from {} at http://{bound}/", stats.articles, stats.index.display());
    let kb = Arc::new(kb);
    runtime()?.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::Input(format!("cannot serve on {addr}: {e}")))?;
        serve(listener, kb, options, async {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("kbmatch: stopping");
        })
        .await
    })
}

fn bind(addr: SocketAddr) -> Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind(addr).map_err(|e| {
        Error::Input(format!("cannot listen on {addr}: {e}: pick another address with --addr, e.g. 127.0.0.1:0"))
    })?;
    listener.set_nonblocking(true).map_err(|e| Error::Input(format!("cannot listen on {addr}: {e}")))?;
    Ok(listener)
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("kbmatch-http")
        .build()
        .map_err(|e| Error::Input(format!("cannot start the async runtime: {e}")))
}

#[cfg(test)]
mod tests {
    use super::{FirstLine, MAX_URI_BYTES, read_first_line};

    fn first_line(request: &[u8]) -> FirstLine {
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        runtime.block_on(read_first_line(&mut &request[..])).expect("read")
    }

    fn request(target_bytes: usize) -> Vec<u8> {
        format!("GET /?q={} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(target_bytes - 4)).into_bytes()
    }

    #[test]
    fn a_line_hyper_takes_is_handed_on_whole() {
        let whole = request(MAX_URI_BYTES);
        assert!(matches!(first_line(&whole), FirstLine::Fits(head) if head == whole));
    }

    #[test]
    fn a_longer_line_is_measured_and_dropped_and_the_headers_kept() {
        for target in [MAX_URI_BYTES + 1, 200 * 1024] {
            match first_line(&request(target)) {
                FirstLine::TooLong { target: measured, rest } => {
                    assert_eq!(measured, target);
                    assert_eq!(rest, b"Host: x\r\n\r\n");
                }
                FirstLine::Fits(_) => panic!("{target} bytes handed to hyper"),
            }
        }
    }
}
