//! The interactive SPARQL shell: the line editor (history, multi-line
//! input, completion) around a [`Session`], and the piped mode that reads
//! statements from standard input with the same rules.
//!
//! Module map: `lexer` (strings, IRIs, comments, brackets), `validator`
//! (where a statement ends), `completer` (Tab), `meta` (the meta-command
//! table), `session` (running one statement), `describe` (`\d`, `\why`),
//! `explain` (the plan tree), `interrupt` (Ctrl-C cancels the running
//! query), `history` (where the history file lives), `pager` (long
//! results through less). Loading the graph is
//! `commands::sources`' job; printing results is `print`'s.

pub mod completer;
pub mod history;
pub mod interrupt;
pub mod meta;
pub mod pager;
pub mod session;
pub mod validator;

use std::borrow::Cow;
use std::io::{BufRead, Write};
use std::time::Duration;

use anyhow::{bail, Context};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{CompletionType, Config, Editor, Helper};

pub use session::{Flow, Session, Settings};

use crate::store::Backend;

/// How the shell starts.
#[derive(Debug, Clone, Default)]
pub struct ReplOptions {
    pub timeout: Option<Duration>,
    /// Do not read or write the history file.
    pub no_history: bool,
    /// Piped input: stop at the first failing statement (exit status 2).
    pub on_error_stop: bool,
    /// The one-line banner (interactive only).
    pub banner: String,
    /// Use colours (the caller checks NO_COLOR and terminals).
    pub color: bool,
    /// The files the graph was read from, which `\o` and `-o` refuse.
    pub inputs: Vec<crate::output_file::Input>,
    /// What `\analyze` and `\export` run.
    pub words: Option<WordCommands>,
}

/// A subcommand run from the words after a meta-command (`\analyze co-lead
/// --top 5`), parsed as that subcommand's arguments, over the session's
/// graph, refusing to write the session's inputs.
pub type WordCommand = fn(
    &dyn crate::store::Backend,
    &[String],
    &[crate::output_file::Input],
    &mut dyn std::io::Write,
) -> anyhow::Result<()>;

/// The subcommands behind `\analyze` and `\export`. The command layer
/// supplies them (`commands/repl.rs`): they parse the words with the
/// command line's own types, which the shell, being below that layer, does
/// not know.
#[derive(Debug, Clone, Copy)]
pub struct WordCommands {
    pub analyze: WordCommand,
    pub export: WordCommand,
    pub search: SearchCommand,
}

/// `\search`'s words run over the session's graph and its search index
/// (built at the first search, kept for the session), matches coloured
/// when the flag says so.
pub type SearchCommand = fn(
    &dyn crate::store::Backend,
    &crate::search::IndexCache,
    &[String],
    bool,
    &mut dyn std::io::Write,
) -> anyhow::Result<()>;

/// The prompt.
const PROMPT: &str = "plangraph> ";

/// The prompt of a line that continues an unfinished statement, as psql's
/// `->`: it shows what is still open (`{>`, `(>`, `'>` for a string), so
/// a statement waiting for its `}` or `;` does not look like a frozen shell.
fn continuation_prompt(pending: &str) -> String {
    let open = validator::open_bracket(pending);
    format!("plangraph{}> ", open.unwrap_or('-'))
}

/// The interactive shell on a terminal. Returns when the user quits.
///
/// The prompt takes input at once; the first statement waits for `graph`
/// (and Tab for names waits for it too).
pub fn run_interactive(graph: &dyn Backend, options: &ReplOptions) -> anyhow::Result<()> {
    let config = Config::builder()
        .history_ignore_space(true)
        .history_ignore_dups(true)?
        .max_history_size(10_000)?
        // List, as bash and psql: Tab completes the longest common prefix,
        // a second Tab lists every candidate (cycling through a hundred
        // unit names one by one is no way to choose).
        .completion_type(CompletionType::List)
        .completion_prompt_limit(200)
        .auto_add_history(false)
        .build();
    let canned: Vec<&'static str> = crate::queries::canned_queries()
        .iter()
        .map(|q| q.name)
        .collect();
    let helper = ReplHelper {
        completer: completer::ReplCompleter::new(graph, canned),
    };
    let mut editor: Editor<ReplHelper<'_>, DefaultHistory> =
        Editor::with_config(config).context("cannot start the line editor")?;
    editor.set_helper(Some(helper));
    // After the editor, which installs a SIGINT handler of its own.
    interrupt::install(false);
    // SIGTERM or SIGHUP at the prompt must not leave the terminal raw.
    crate::signal_cleanup::restore_terminal_on_signal();

    let history = if options.no_history {
        None
    } else {
        history::path()
    };
    // A FIFO or device at the history path would block (or feed) the line
    // editor before the prompt: only a regular file is a history.
    let history = history.filter(|path| match std::fs::metadata(path) {
        Ok(metadata) if !metadata.is_file() => {
            crate::stderr_line!(
                "plangraph: warning: not using {} as the history: it is not a regular file",
                path.display()
            );
            false
        }
        _ => true,
    });
    if let Some(path) = &history {
        // A missing or unreadable history is not worth stopping for.
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = editor.load_history(path);
    }

    let mut settings = Some(Settings {
        timeout: options.timeout,
        ..Settings::default()
    });
    let mut session: Option<Session<'_>> = None;
    {
        use std::io::Write as _;
        writeln!(std::io::stdout(), "{}", options.banner)?;
    }

    // Not locked for a whole statement: the Ctrl-C handler writes to stderr
    // while a query runs.
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    // The lines of a statement not finished yet (psql's query buffer):
    // each line is read with its own prompt, so the shell shows that it
    // waits for more.
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() {
            PROMPT.to_owned()
        } else {
            continuation_prompt(&pending)
        };
        let line = match editor.readline(&prompt) {
            Ok(line) => line,
            // Ctrl-C at the prompt clears the line and the unfinished
            // statement, as in psql.
            Err(ReadlineError::Interrupted) => {
                pending.clear();
                continue;
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e).context("cannot read the input"),
        };
        if pending.is_empty() && line.trim().is_empty() {
            continue;
        }
        // A meta-command under an unfinished query runs at once, and the
        // query waits for its next line (psql's query buffer): `\q` quits.
        let interrupting = validator::interrupts(&pending, &line);
        if !pending.is_empty() && !interrupting {
            pending.push('\n');
        }
        if !interrupting {
            pending.push_str(&line);
        }
        if !interrupting && !validator::is_complete(&pending) {
            continue;
        }
        let input = if interrupting {
            line
        } else {
            std::mem::take(&mut pending)
        };
        let _ = editor.add_history_entry(input.trim_end());
        // Saved now rather than at exit: a second Ctrl-C on a query that
        // does not stop ends the process.
        if let Some(path) = &history {
            let _ = editor.append_history(path);
        }
        let session = match session.as_mut() {
            Some(session) => session,
            None => {
                let settings = settings.take().unwrap_or_default();
                // A graph that could not be loaded ends the shell.
                graph.wait_ready()?;
                session.insert(
                    Session::new(graph, settings, true, options.color)
                        .watch_stdout()
                        .with_inputs(options.inputs.clone())
                        .with_words(options.words),
                )
            }
        };
        let (flow, _) = session.run_text(&input, None, false, &mut out, &mut err)?;
        if flow == Flow::Quit {
            break;
        }
    }
    Ok(())
}

/// Piped mode: statements from `input`, results on `out`, errors on `err`.
/// Returns the number of failed statements; with `on_error_stop`, the first
/// failure ends the session with an error.
pub fn run_piped(
    store: &dyn Backend,
    options: &ReplOptions,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<usize> {
    interrupt::install(true);
    crate::bounded_read::refuse_utf16_stream(input, "standard input")?;
    let settings = Settings {
        timeout: options.timeout,
        // Piped output should be the same from run to run.
        timing: false,
        ..Settings::default()
    };
    // `out` is standard output (the tests give a buffer, which is never
    // closed, and looking at the real standard output does no harm).
    let mut session = Session::new(store, settings, false, options.color)
        .watch_stdout()
        .with_inputs(options.inputs.clone())
        .with_words(options.words);
    let origin = Some("<stdin>");
    let mut splitter = validator::LineSplitter::new();
    let mut next_line = 1;
    let mut failures = 0;
    let mut line = String::new();
    loop {
        line.clear();
        let read = crate::bounded_read::read_line(
            input,
            &mut line,
            crate::bounded_read::MAX_QUERY_BYTES,
            "standard input",
        )?;
        let at_end = read == 0;
        let statements = if at_end {
            splitter.finish()
        } else {
            let mut text = line.trim_end_matches(['\n', '\r']);
            if next_line == 1 {
                // A byte-order mark from a Windows editor is not a statement.
                text = text.strip_prefix('\u{feff}').unwrap_or(text);
            }
            next_line += 1;
            let statements = splitter.push_line(text);
            // A statement that never ends (no `;`, no blank line) is
            // bounded like one long line.
            if splitter.pending_len() as u64 > crate::bounded_read::MAX_QUERY_BYTES {
                bail!(
                    "the statement starting on line {} of standard input is longer than {}",
                    splitter.unfinished_line().unwrap_or(next_line - 1),
                    crate::bounded_read::megabytes(crate::bounded_read::MAX_QUERY_BYTES)
                );
            }
            statements
        };
        for statement in statements {
            let outcome = session.run_statement(&statement, origin, out, err)?;
            if outcome.failed {
                failures += 1;
                if options.on_error_stop {
                    bail!(
                        "stopped at the failing statement on line {} of standard input (--on-error-stop)",
                        statement.line
                    );
                }
            }
            if outcome.flow == Flow::Quit {
                if let Some(unfinished) = splitter.unfinished_line() {
                    writeln!(
                        err,
                        "warning: <stdin>:{unfinished}: the statement starting here was not ended with ';' before {} on line {}, so it was not run",
                        statement.text, statement.line
                    )?;
                }
                return Ok(failures);
            }
        }
        if at_end {
            return Ok(failures);
        }
    }
}

/// The line editor's helper: completion. Every Enter hands the line to
/// the loop, which decides whether the statement is complete (so each
/// continuation line gets its own prompt).
struct ReplHelper<'a> {
    completer: completer::ReplCompleter<'a>,
}

impl Completer for ReplHelper<'_> {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        self.completer.complete(line, pos, ctx)
    }
}

impl Validator for ReplHelper<'_> {
    fn validate(&self, _ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(ValidationResult::Valid(None))
    }
}

impl Hinter for ReplHelper<'_> {
    type Hint = String;
}

impl Highlighter for ReplHelper<'_> {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        Cow::Borrowed(prompt)
    }
}

impl Helper for ReplHelper<'_> {}
