//! `kbmatch serve`: the offline search page and the HTTP API over one open
//! index.
//!
//! Connections are served by hyper on tokio, each on its own task, with a
//! time limit on reading a request's headers, so a slow or broken client
//! holds only its own connection. Matching runs on the blocking pool under a
//! bound on concurrent queries, and every request has an overall time limit.

pub mod api;

use crate::api::KnowledgeBase;
use crate::error::{Error, Result};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The default address: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7878";

/// Limits of the server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Largest request body, in bytes (larger ones get 413).
    pub body_limit: usize,
    /// Longest time a request may take, reading its body included (503 after).
    pub request_timeout: Duration,
    /// Longest time a client may take to send a request's headers.
    pub header_timeout: Duration,
    /// Most queries matched at the same time; the others wait their turn.
    pub concurrent_queries: usize,
    /// Most open connections; further clients wait to be accepted.
    pub max_connections: usize,
    /// The matcher's settings for every search.
    pub settings: crate::Settings,
}

impl Default for ServeOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServeOptions {
            body_limit: 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            concurrent_queries: (2 * cores).max(4),
            max_connections: 1024,
            settings: crate::Settings::default(),
        }
    }
}

/// Serve `kb` on a bound listener until `shutdown` resolves, then finish the
/// requests in flight and return.
pub async fn serve(
    listener: tokio::net::TcpListener,
    kb: Arc<KnowledgeBase>,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
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
        let service = TowerToHyperService::new(router.clone());
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that hangs up or sends garbage only ends its own connection.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    // Give the requests in flight a moment to finish.
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(options.request_timeout) => {}
    }
    Ok(())
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
    eprintln!(
        "kbmatch: serving {} articles from {} at http://{bound}/",
        kb.len(),
        kb.index().dir().display()
    );
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
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Input(format!("cannot listen on {addr}: {e}")))?;
    Ok(listener)
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("kbmatch-http")
        .build()
        .map_err(|e| Error::Input(format!("cannot start the async runtime: {e}")))
}
