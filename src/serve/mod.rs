//! `plangraph serve`: the graph over HTTP.
//!
//! - `/sparql`: the SPARQL 1.1 Protocol (query operation only; the graph is
//!   read-only), with content negotiation (`negotiate.rs`) and a service
//!   description (`sparql.rs`);
//! - `/id/…`, `/ontology`: every IRI the graph mints, dereferenceable — an
//!   HTML page for browsers, RDF for programs (`pages.rs`);
//! - `/`: the workbench, a page for people who do not write SPARQL, and the
//!   small JSON API it uses (`workbench.rs`).
//!
//! Every query goes through the one [`Backend`]; at most `max_concurrent`
//! evaluate at once (on tokio's blocking threads), each under the timeout,
//! and a client that disconnects cancels its query.

mod html;
mod negotiate;
mod pages;
mod sparql;
mod workbench;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use oxigraph::sparql::CancellationToken;
use tokio::sync::Semaphore;

use crate::store::{Backend, RunOptions, StoreError};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: SocketAddr,
    /// Per query; a query past it is stopped and answered 503.
    pub timeout: Duration,
    /// Queries evaluated at once; more wait for a turn.
    pub max_concurrent: usize,
    /// Answer cross-origin requests from any page (`--cors`).
    pub cors: bool,
    /// Where the graph came from, shown on the workbench.
    pub origin: String,
}

/// The largest query text accepted (bytes), as for `query -f`.
pub const MAX_QUERY_BYTES: usize = crate::bounded_read::MAX_QUERY_BYTES as usize;

/// What every handler shares.
pub(crate) struct App {
    pub backend: Arc<dyn Backend>,
    pub options: ServeOptions,
    permits: Arc<Semaphore>,
    /// Centralities of the whole co-lead network, computed on first use by
    /// a unit's page.
    centralities: OnceLock<Result<pages::Centralities, String>>,
    completion: OnceLock<crate::repl::completer::Names>,
    /// The text index of the tasks, built at the first search.
    search: crate::search::IndexCache,
}

/// A query's failure as the protocol answers it: the status and the
/// sentence the command line would print.
#[derive(Debug)]
pub(crate) struct Failure {
    pub status: axum::http::StatusCode,
    pub message: String,
}

impl Failure {
    pub fn new(status: axum::http::StatusCode, message: impl Into<String>) -> Self {
        Failure {
            status,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        use crate::store::QueryError;
        use axum::http::StatusCode;
        let status = match &error {
            StoreError::Query(QueryError::Syntax { .. } | QueryError::TooDeep(_)) => {
                StatusCode::BAD_REQUEST
            }
            StoreError::Query(QueryError::UpdateRefused) => StatusCode::FORBIDDEN,
            StoreError::Query(QueryError::TimedOut(_)) => StatusCode::SERVICE_UNAVAILABLE,
            // The client went away; nobody reads this.
            StoreError::Query(QueryError::Cancelled) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let message = format!("{:#}", anyhow::Error::new(error));
        Failure { status, message }
    }
}

impl axum::response::IntoResponse for Failure {
    fn into_response(self) -> axum::response::Response {
        (
            self.status,
            [(
                axum::http::header::CONTENT_TYPE,
                "text/plain; charset=utf-8",
            )],
            format!("{}\n", self.message),
        )
            .into_response()
    }
}

impl App {
    pub fn new(backend: Arc<dyn Backend>, options: ServeOptions) -> Arc<App> {
        let permits = Arc::new(Semaphore::new(options.max_concurrent.max(1)));
        Arc::new(App {
            backend,
            options,
            permits,
            centralities: OnceLock::new(),
            completion: OnceLock::new(),
            search: Default::default(),
        })
    }

    /// Runs `work` on a blocking thread once a turn is free, with the
    /// timeout and a cancellation that fires when the request is dropped
    /// (the client disconnected) — which stops the evaluation and frees its
    /// CPU.
    pub async fn evaluate<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&dyn Backend, &RunOptions) -> Result<T, Failure> + Send + 'static,
    ) -> Result<T, Failure> {
        let permit = self.permits.clone().acquire_owned().await.map_err(|_| {
            Failure::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "the server is shutting down",
            )
        })?;
        let token = CancellationToken::new();
        let _cancel_on_drop = CancelOnDrop(token.clone());
        let options = RunOptions {
            cancel: Some(token),
            timeout: Some(self.options.timeout),
        };
        let app = self.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&*app.backend, &options)
        })
        .await;
        match joined {
            Ok(result) => result,
            Err(_) => Err(Failure::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "the query failed unexpectedly",
            )),
        }
    }

    /// The completion names of the graph, asked once.
    pub fn names(&self) -> &crate::repl::completer::Names {
        self.completion
            .get_or_init(|| crate::repl::completer::Names::load(&*self.backend))
    }
}

/// Cancels a query when its request is dropped: hyper drops the handler's
/// future when the client disconnects. Cancelling a finished query does
/// nothing.
struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// The routes, over `app`.
pub(crate) fn router(app: Arc<App>) -> Router {
    let mut router = Router::new()
        .route("/sparql", get(sparql::get).post(sparql::post))
        .route("/id/{*rest}", get(pages::resource))
        .route("/ontology", get(pages::ontology))
        .merge(workbench::routes())
        .with_state(app.clone())
        .layer(axum::extract::DefaultBodyLimit::max(MAX_QUERY_BYTES))
        .layer(tower_http::compression::CompressionLayer::new().gzip(true));
    if app.options.cors {
        router = router.layer(tower_http::cors::CorsLayer::permissive());
    }
    router
}

/// Serves `backend` until Ctrl-C or SIGTERM; `ready` is told the address
/// listened on (the port chosen when the options say 0).
pub fn run(
    backend: Arc<dyn Backend>,
    options: ServeOptions,
    ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    use anyhow::Context;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.bind)
            .await
            .with_context(|| format!("cannot listen on {}", options.bind))?;
        let address = listener.local_addr()?;
        ready(address);
        let app = App::new(backend, options);
        axum::serve(listener, router(app))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("the server failed")
    })?;
    // In-flight blocking evaluations were cancelled with their requests.
    runtime.shutdown_timeout(Duration::from_secs(2));
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
