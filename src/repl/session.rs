//! One REPL session's state (format, limits, timing, timeout, a pending
//! `\o FILE`) and the dispatch of one statement: a SPARQL query, printed
//! through exactly the code of `plangraph query`, or a meta-command.
//!
//! Errors of a statement are written to the error stream (a syntax error
//! with its line and a caret) and never end the session; only a failure to
//! write the results (a closed pipe) does. Reading input is the job of
//! `repl::run_interactive` and `repl::run_piped`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use oxigraph::model::{Term, Variable};
use oxigraph::sparql::CancellationToken;
use unicode_width::UnicodeWidthStr;

use super::interrupt::Running;
use super::meta::MetaCommand;
use super::validator::{self, Statement};
use crate::files::FileError;
use crate::inspect::describe::{self, DescribeOptions};
use crate::model::iri::PREFIXES;
use crate::output_file::{refuse_input_as_output, Input};
use crate::print::OutputFormat;
use crate::print::{table, PrintOptions, Printed};
use crate::queries::{self, CannedQuery};
use crate::query_run as query;
use crate::store::{query_error_in, Backend, QueryError, RunOptions};

/// Rows shown in a table unless `\limit` says otherwise.
pub const DEFAULT_MAX_ROWS: usize = 100;

/// How deep `\i` may nest (a file that includes itself stops here).
const MAX_INCLUDE_DEPTH: usize = 8;

/// What `\format`, `\limit`, `\wide`, `\timing` and `\timeout` set.
#[derive(Debug, Clone)]
pub struct Settings {
    pub format: OutputFormat,
    /// True once `\format` chose the format: a result of the wrong kind is
    /// then an error instead of falling back to table/Turtle.
    pub format_explicit: bool,
    /// Rows shown in a table (`None`: all).
    pub max_rows: Option<usize>,
    /// Long literals in full.
    pub wide: bool,
    /// Footers say how long a query took.
    pub timing: bool,
    /// Time limit of every query.
    pub timeout: Option<Duration>,
    /// Results taller than the terminal go through the pager (interactive
    /// sessions only).
    pub pager: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            format: OutputFormat::Table,
            format_explicit: false,
            max_rows: Some(DEFAULT_MAX_ROWS),
            wide: false,
            timing: true,
            timeout: None,
            pager: true,
        }
    }
}

/// Whether the session goes on after a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// What running a statement came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub flow: Flow,
    /// True when the statement failed (its error was reported).
    pub failed: bool,
    /// True when Ctrl-C cancelled it: the statements after it in the same
    /// input (a pasted batch, an `\i` file) are not run.
    pub interrupted: bool,
}

/// One REPL session over a store.
pub struct Session<'a> {
    store: &'a dyn Backend,
    pub settings: Settings,
    /// Where the next result goes (`\o FILE`).
    output_file: Option<PathBuf>,
    /// Interactive sessions report non-table footers on the error stream.
    interactive: bool,
    color: bool,
    include_depth: usize,
    /// Whether the results' reader has gone ([`Self::watch_stdout`]).
    output_gone: Option<fn() -> bool>,
    /// The files the session reads (the saved graph, the documents, the
    /// `\i` files being run), which `\o` and `-o` must not write.
    inputs: Vec<Input>,
    /// What `\analyze` and `\export` run (none: they say so).
    words: Option<super::WordCommands>,
    /// `\search`'s index of this session's graph, built at its first use.
    search_index: crate::search::IndexCache,
}

/// Where a statement came from, for error messages: `None` for the prompt,
/// or a name (`<stdin>`, a file) whose line numbers the statement carries.
pub type Origin<'o> = Option<&'o str>;

impl<'a> Session<'a> {
    /// A session over `store`; `interactive` sends the footers of non-table
    /// formats to the error stream, `color` colours error labels.
    pub fn new(store: &'a dyn Backend, settings: Settings, interactive: bool, color: bool) -> Self {
        Self {
            store,
            settings,
            output_file: None,
            interactive,
            color,
            include_depth: 0,
            output_gone: None,
            inputs: Vec::new(),
            words: None,
            search_index: Default::default(),
        }
    }

    /// The files the session's graph was read from
    /// (the command layer lists them): no `\o FILE` or
    /// `-o FILE` may write one.
    pub fn with_inputs(mut self, inputs: Vec<Input>) -> Self {
        self.inputs = inputs;
        self
    }

    /// The subcommands `\analyze` and `\export` run.
    pub fn with_words(mut self, words: Option<super::WordCommands>) -> Self {
        self.words = words;
        self
    }

    /// Results go to standard output: a table's rows past `\limit`, which
    /// are counted without writing, stop when its reader goes (`| head`).
    pub fn watch_stdout(mut self) -> Self {
        self.output_gone = Some(crate::print::stdout_gone);
        self
    }

    /// Runs one statement, reporting its error (if any) on `err`. Fails only
    /// when `out` cannot be written (e.g. a closed pipe).
    pub fn run_statement(
        &mut self,
        statement: &Statement,
        origin: Origin<'_>,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> anyhow::Result<Outcome> {
        let result = if statement.is_meta() {
            match statement.text.parse::<MetaCommand>() {
                Ok(command) => self.run_meta(command, out, err),
                Err(e) => Err(anyhow::Error::new(e)),
            }
        } else {
            self.run_query(&statement.text, out, err)
                .map(|()| Flow::Continue)
        };
        out.flush()?;
        match result {
            Ok(flow) => Ok(Outcome {
                flow,
                failed: false,
                interrupted: false,
            }),
            Err(error) if crate::is_broken_pipe(&error) => Err(error),
            Err(error) => {
                let interrupted = matches!(query_error_in(&error), Some(QueryError::Cancelled));
                if interrupted && self.interactive {
                    // The terminal echoed ^C without a line break.
                    writeln!(err)?;
                }
                self.report(err, statement, origin, &error)?;
                Ok(Outcome {
                    flow: Flow::Continue,
                    failed: true,
                    interrupted,
                })
            }
        }
    }

    /// Writes an error: one sentence, then for a syntax error the line and a
    /// caret under the column.
    pub fn report(
        &self,
        err: &mut dyn Write,
        statement: &Statement,
        origin: Origin<'_>,
        error: &anyhow::Error,
    ) -> std::io::Result<()> {
        let label = if self.color {
            "\x1b[1;31merror:\x1b[0m"
        } else {
            "error:"
        };
        let location = match origin {
            Some(name) => format!(" {name}:{}:", statement.line),
            None => String::new(),
        };
        // Errors rendered by clap (`\analyze nonsense`) carry their own label.
        let message = format!("{error:#}");
        let message = message.strip_prefix("error: ").unwrap_or(&message);
        writeln!(err, "{label}{location} {message}")?;
        let syntax = match query_error_in(error) {
            Some(QueryError::Syntax {
                position: Some(position),
                ..
            }) => Some(*position),
            _ => None,
        };
        if let Some((line, column)) = syntax {
            // The query text is the statement, or the argument of \explain.
            let text = statement
                .text
                .strip_prefix("\\explain")
                .map(str::trim_start)
                .unwrap_or(&statement.text);
            if let Some(source_line) = text.lines().nth(line.saturating_sub(1)) {
                let shown: String = source_line
                    .chars()
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .collect();
                let before: String = shown.chars().take(column.saturating_sub(1)).collect();
                let number = line.to_string();
                writeln!(err, "  {number} | {shown}")?;
                writeln!(
                    err,
                    "  {} | {}^",
                    " ".repeat(number.len()),
                    " ".repeat(before.width())
                )?;
            }
        }
        Ok(())
    }

    /// Runs a query and prints its result (or writes it to the `\o` file).
    pub fn run_query(
        &mut self,
        text: &str,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> anyhow::Result<()> {
        self.run_bound_query(text, &[], out, err)
    }

    /// [`Self::run_query`] with parameters bound (`\run NAME k=v`).
    fn run_bound_query(
        &mut self,
        text: &str,
        bindings: &[(Variable, Term)],
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> anyhow::Result<()> {
        let token = CancellationToken::new();
        let run_options = RunOptions {
            cancel: Some(token.clone()),
            timeout: self.settings.timeout,
        };
        let options = PrintOptions {
            format: self.settings.format,
            max_rows: self.settings.max_rows,
            wide: self.settings.wide,
            prefixed: false,
            output_gone: self.output_gone,
        };
        let explicit = self.settings.format_explicit;
        let started = Instant::now();
        let _running = Running::start(token);
        if let Some(path) = self.output_file.take() {
            // Checked again: an `\i` file run since `\o` may be the file.
            refuse_input_as_output(&path, &self.inputs)?;
            // The file gets every row: a limit is for the screen.
            let options = PrintOptions {
                max_rows: None,
                ..options
            };
            // Streamed into the file, which replaces the old one only once
            // the whole result is in.
            let mut outcome = None;
            let written = crate::files::write_atomically(&path, |w| {
                let result = query::execute(
                    self.store,
                    text,
                    bindings,
                    &run_options,
                    &options,
                    explicit,
                    w,
                );
                let failed = result.is_err();
                outcome = Some(result);
                if failed {
                    // Any error: the temporary file is removed.
                    return Err(std::io::Error::other("the query failed"));
                }
                Ok(())
            });
            let write_error = |e: FileError| match e {
                FileError::Write { reason, .. } => {
                    anyhow::anyhow!("cannot write the result to {}: {reason}", path.display())
                }
                other => other.into(),
            };
            let printed = match (outcome, written) {
                (Some(Err(query_error)), _) => {
                    return Err(
                        query_error.context(format!("nothing was written to {}", path.display()))
                    )
                }
                (_, Err(e)) => return Err(write_error(e)),
                (Some(Ok(printed)), Ok(())) => printed,
                (None, Ok(())) => bail!("nothing was written to {}", path.display()),
            };
            let mut message = format!("wrote {printed} to {}", path.display());
            if self.settings.timing {
                message.push_str(&format!(" ({})", format_duration(started.elapsed())));
            }
            writeln!(out, "{message}")?;
            return Ok(());
        }
        // On a terminal the result is collected first, so that one taller
        // than the screen can go through the pager.
        let paging = self.interactive && self.settings.pager;
        let mut page = Vec::new();
        {
            let target: &mut dyn Write = if paging { &mut page } else { &mut *out };
            let printed = query::execute(
                self.store,
                text,
                bindings,
                &run_options,
                &options,
                explicit,
                target,
            )?;
            let footer = self.footer(&printed, started.elapsed());
            if !footer.is_empty() {
                if self.settings.format == OutputFormat::Table {
                    writeln!(target, "{footer}")?;
                } else if self.interactive {
                    target.flush()?;
                    if paging {
                        super::pager::show(&std::mem::take(&mut page), out, err)?;
                    }
                    writeln!(err, "{footer}")?;
                }
            }
        }
        if paging {
            super::pager::show(&page, out, err)?;
        }
        Ok(())
    }

    /// `(3 rows, 12.1 ms)`; empty for a boolean without timing.
    fn footer(&self, printed: &Printed, took: Duration) -> String {
        let count = match printed {
            Printed::Boolean(_) => None,
            other => Some(other.to_string()),
        };
        let time = self.settings.timing.then(|| format_duration(took));
        match (count, time) {
            (Some(c), Some(t)) => format!("({c}, {t})"),
            (Some(c), None) => format!("({c})"),
            (None, Some(t)) => format!("({t})"),
            (None, None) => String::new(),
        }
    }

    fn run_meta(
        &mut self,
        command: MetaCommand,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> anyhow::Result<Flow> {
        match command {
            MetaCommand::Help => write!(out, "{}", MetaCommand::help_text())?,
            MetaCommand::Quit => return Ok(Flow::Quit),
            MetaCommand::Prefixes => {
                let rows: Vec<Vec<String>> = PREFIXES
                    .iter()
                    .map(|(p, ns)| vec![format!("{p}:"), format!("<{ns}>")])
                    .collect();
                table::write_table(out, &["prefix".into(), "namespace".into()], &rows)?;
            }
            MetaCommand::Format(None) => writeln!(out, "format: {}", self.settings.format.name())?,
            MetaCommand::Format(Some(format)) => {
                self.settings.format = format;
                self.settings.format_explicit = format != OutputFormat::Table;
                writeln!(out, "format: {}", format.name())?;
            }
            MetaCommand::Pager(value) => {
                if let Some(on) = value {
                    self.settings.pager = on;
                }
                writeln!(out, "pager: {}", on_off(self.settings.pager))?;
            }
            MetaCommand::Timing(value) => {
                if let Some(on) = value {
                    self.settings.timing = on;
                }
                writeln!(out, "timing: {}", on_off(self.settings.timing))?;
            }
            MetaCommand::Limit(value) => {
                if let Some(limit) = value {
                    self.settings.max_rows = limit;
                }
                match self.settings.max_rows {
                    Some(n) => writeln!(out, "limit: {n} rows shown in a table")?,
                    None => writeln!(out, "limit: every row is shown")?,
                }
            }
            MetaCommand::Wide(value) => {
                self.settings.wide = value.unwrap_or(!self.settings.wide);
                writeln!(out, "wide: {}", on_off(self.settings.wide))?;
            }
            MetaCommand::Timeout(value) => {
                if let Some(timeout) = value {
                    self.settings.timeout = timeout;
                }
                match self.settings.timeout {
                    Some(t) => writeln!(out, "timeout: {} s", t.as_secs_f64())?,
                    None => writeln!(out, "timeout: off")?,
                }
            }
            MetaCommand::Explain(text) => {
                let token = CancellationToken::new();
                let run_options = RunOptions {
                    cancel: Some(token.clone()),
                    timeout: self.settings.timeout,
                };
                let _running = Running::start(token);
                let (failure, plan) = self.store.explain(&text, &run_options)?;
                write!(out, "{}", crate::inspect::explain::render(&plan))?;
                if let Some(failure) = failure {
                    return Err(anyhow::Error::new(failure).context("the query failed"));
                }
            }
            MetaCommand::Describe(name) => {
                let options = DescribeOptions {
                    max_rows: self.settings.max_rows,
                    wide: self.settings.wide,
                };
                describe::describe(self.store, &name, options, out)?;
            }
            MetaCommand::Why(name) => describe::why(self.store, &name, out)?,
            MetaCommand::Queries => self.list_queries(out)?,
            MetaCommand::Run(words) => {
                let mut words = words.split_whitespace();
                let name = words.next().unwrap_or_default();
                let Some(canned) = queries::find(name) else {
                    bail!("no canned query is called '{name}' (\\queries lists them)");
                };
                let given: Vec<&str> = words.collect();
                let bindings = query::bindings(self.store, canned.text, &given)
                    .with_context(|| format!("\\run {name}"))?;
                self.run_bound_query(canned.text, &bindings, out, err)?;
            }
            MetaCommand::Include(path) => return self.include(&path, out, err),
            MetaCommand::Output(None) => {
                self.output_file = None;
                writeln!(out, "results go to the terminal")?;
            }
            MetaCommand::Output(Some(path)) => {
                refuse_input_as_output(&path, &self.inputs)?;
                writeln!(
                    out,
                    "the next result goes to {} ({})",
                    path.display(),
                    self.settings.format.name()
                )?;
                self.output_file = Some(path);
            }
            MetaCommand::Analyze(words) => {
                let Some(commands) = self.words else {
                    bail!("\\analyze is not available in this session");
                };
                (commands.analyze)(self.store, &words, &self.inputs, out)?
            }
            MetaCommand::Export(words) => {
                let Some(commands) = self.words else {
                    bail!("\\export is not available in this session");
                };
                (commands.export)(self.store, &words, &self.inputs, out)?
            }
            MetaCommand::Search(words) => {
                let Some(commands) = self.words else {
                    bail!("\\search is not available in this session");
                };
                let color = self.color && self.output_file.is_none();
                (commands.search)(self.store, &self.search_index, &words, color, out)?
            }
        }
        Ok(Flow::Continue)
    }

    fn list_queries(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let canned: Vec<CannedQuery> = queries::canned_queries();
        let rows: Vec<Vec<String>> = canned
            .iter()
            .map(|q| {
                let description = if self.settings.wide {
                    q.description.clone()
                } else {
                    table::truncate(&q.description, 60)
                };
                vec![
                    q.name.to_owned(),
                    q.title.clone(),
                    crate::query_params::summary(&q.params),
                    description,
                ]
            })
            .collect();
        table::write_table(
            out,
            &[
                "name".into(),
                "title".into(),
                "parameters (defaults)".into(),
                "description".into(),
            ],
            &rows,
        )?;
        writeln!(
            out,
            "(\\run NAME runs one; \\run NAME param=value … sets its parameters)"
        )?;
        Ok(())
    }

    /// `\i FILE`: every statement of the file, errors reported with the
    /// file's line numbers; the first `\q` in it ends the session.
    fn include(
        &mut self,
        path: &Path,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> anyhow::Result<Flow> {
        if self.include_depth >= MAX_INCLUDE_DEPTH {
            bail!("\\i nests deeper than {MAX_INCLUDE_DEPTH} files (does a file include itself?)");
        }
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = crate::bounded_read::read_text(
            file,
            crate::bounded_read::MAX_QUERY_BYTES,
            &path.display().to_string(),
        )?;
        // Editors on Windows like to start UTF-8 files with a byte-order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let name = path.display().to_string();
        self.include_depth += 1;
        self.inputs.push(Input {
            path: path.to_owned(),
            role: "query file",
        });
        let result = self.run_text(text, Some(&name), false, out, err);
        self.inputs.pop();
        self.include_depth -= 1;
        let (flow, failures) = result?;
        if failures > 0 {
            bail!("{failures} of the statements in {} failed", path.display());
        }
        Ok(flow)
    }

    /// Runs every statement in `text` (what is left after the last
    /// terminator runs too). Returns how it ended and how many statements
    /// failed; stops at the first failure when `stop_on_error`.
    pub fn run_text(
        &mut self,
        text: &str,
        origin: Origin<'_>,
        stop_on_error: bool,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> anyhow::Result<(Flow, usize)> {
        let statements = validator::statements(text);
        let mut failures = 0;
        for statement in &statements {
            let outcome = self.run_statement(statement, origin, out, err)?;
            if outcome.failed {
                failures += 1;
                if stop_on_error || outcome.interrupted {
                    break;
                }
            }
            if outcome.flow == Flow::Quit {
                return Ok((Flow::Quit, failures));
            }
        }
        Ok((Flow::Continue, failures))
    }
}

fn on_off(value: bool) -> &'static str {
    if value {
        "on"
    } else {
        "off"
    }
}

/// `12.3 ms`, `1.24 s`.
pub fn format_duration(took: Duration) -> String {
    let ms = took.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}
