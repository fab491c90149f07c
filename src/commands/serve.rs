//! `plangraph serve`: opens the graph, builds it whole, and serves it until
//! Ctrl-C or SIGTERM.

use std::sync::Arc;

use anyhow::bail;

use crate::cli::{Cli, ServeArgs};
use crate::serve::ServeOptions;

pub fn run(cli: &Cli, args: &ServeArgs) -> anyhow::Result<()> {
    let Some(timeout) = super::query::timeout(Some(args.timeout))? else {
        bail!("--timeout must be given in seconds");
    };
    if args.max_concurrent == Some(0) {
        bail!("--max-concurrent must be at least 1");
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    // Built before listening: the first request should not wait for it.
    let opened = super::sources::prepare_open(&cli.sources, &[], super::verbose_report(cli))?
        .open_whole()?;
    let options = ServeOptions {
        bind: args.bind,
        timeout,
        max_concurrent: args.max_concurrent.unwrap_or(2 * cores),
        cors: args.cors,
        origin: opened.origin.clone(),
    };
    let backend: Arc<dyn crate::store::Backend> = Arc::from(opened.backend);
    crate::serve::run(backend, options, |address| {
        // The address on stdout (a script reads it), the rest on stderr.
        println!("http://{address}/");
        crate::stderr_line!(
            "plangraph: serving {} at http://{address}/ (SPARQL endpoint http://{address}/sparql); Ctrl-C stops",
            crate::commands::sources::describe(&cli.sources)
        );
    })
}
