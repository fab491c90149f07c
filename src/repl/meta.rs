//! The REPL's meta-commands: one enum, one parser, one table that the help
//! text and tab completion are generated from.
//!
//! Parsing only: what a command does is decided in `repl::session`. Every
//! meta-command has a command-line equivalent (`\explain` ↔ none yet,
//! `\analyze` ↔ `plangraph analyze`, `\export` ↔ `plangraph export`, `\search` ↔ `plangraph search`,
//! `\run` ↔ `plangraph query -f queries/NAME.rq`).

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use crate::print::OutputFormat;

/// One parsed meta-command.
#[derive(Debug, Clone, PartialEq)]
pub enum MetaCommand {
    Help,
    Quit,
    Prefixes,
    /// `None` shows the current format.
    Format(Option<OutputFormat>),
    /// `None` shows the current setting.
    Timing(Option<bool>),
    /// `None` shows the current setting.
    Pager(Option<bool>),
    /// `Some(None)` shows every row; `None` shows the current limit.
    Limit(Option<Option<usize>>),
    /// `None` toggles.
    Wide(Option<bool>),
    /// `Some(None)` switches the timeout off; `None` shows it.
    Timeout(Option<Option<Duration>>),
    Explain(String),
    Describe(String),
    Why(String),
    Queries,
    Run(String),
    Include(PathBuf),
    /// `None` sends results back to the terminal.
    Output(Option<PathBuf>),
    Analyze(Vec<String>),
    Export(Vec<String>),
    Search(Vec<String>),
}

/// A meta-command that could not be parsed; the message quotes the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetaError {
    #[error("unknown meta-command '{0}' (\\? lists them)")]
    Unknown(String),
    #[error("{command}: {message} (usage: {usage})")]
    BadArgument {
        command: &'static str,
        message: String,
        usage: String,
    },
}

/// One row of the command table.
pub struct MetaSpec {
    /// The name, with its backslash, then aliases.
    pub names: &'static [&'static str],
    /// The argument synopsis, e.g. `table|csv|tsv|json`.
    pub args: &'static str,
    pub help: &'static str,
    parse: fn(&str) -> Result<MetaCommand, String>,
}

impl MetaSpec {
    /// The main name, e.g. `\d`.
    pub fn name(&self) -> &'static str {
        self.names[0]
    }

    /// `\format [table|csv|…]`.
    pub fn usage(&self) -> String {
        if self.args.is_empty() {
            self.name().to_owned()
        } else {
            format!("{} {}", self.name(), self.args)
        }
    }
}

/// Every meta-command, in help order.
pub const COMMANDS: &[MetaSpec] = &[
    MetaSpec {
        names: &["\\?", "\\help", "\\h"],
        args: "",
        help: "show this help",
        parse: |_| Ok(MetaCommand::Help),
    },
    MetaSpec {
        names: &["\\q", "\\quit", "\\exit"],
        args: "",
        help: "quit; Ctrl-D also quits",
        parse: |_| Ok(MetaCommand::Quit),
    },
    MetaSpec {
        names: &["\\prefixes"],
        args: "",
        help: "list the predeclared prefixes",
        parse: |_| Ok(MetaCommand::Prefixes),
    },
    MetaSpec {
        names: &["\\format"],
        args: "[table|csv|tsv|json|xml|ttl|nt]",
        help: "show or set the output format",
        parse: |arg| match arg {
            "" => Ok(MetaCommand::Format(None)),
            name => OutputFormat::from_name(name)
                .map(|f| MetaCommand::Format(Some(f)))
                .ok_or_else(|| format!("unknown format '{name}'")),
        },
    },
    MetaSpec {
        names: &["\\timing"],
        args: "[on|off]",
        help: "show or set whether each result says how long it took",
        parse: |arg| on_off(arg).map(MetaCommand::Timing),
    },
    MetaSpec {
        names: &["\\pager"],
        args: "[on|off]",
        help: "show or set whether results taller than the screen go through $PAGER (less -FRX)",
        parse: |arg| on_off(arg).map(MetaCommand::Pager),
    },
    MetaSpec {
        names: &["\\limit"],
        args: "[N|all]",
        help: "rows shown in a table, the rest counted; 0 or all shows every row",
        parse: |arg| match arg {
            "" => Ok(MetaCommand::Limit(None)),
            "all" | "0" | "off" => Ok(MetaCommand::Limit(Some(None))),
            n => n
                .parse::<usize>()
                .map(|n| MetaCommand::Limit(Some(Some(n))))
                .map_err(|_| format!("'{n}' is not a number of rows")),
        },
    },
    MetaSpec {
        names: &["\\wide"],
        args: "[on|off]",
        help: "show long literals in full instead of cutting them with …; alone, toggle",
        parse: |arg| on_off(arg).map(MetaCommand::Wide),
    },
    MetaSpec {
        names: &["\\timeout"],
        args: "[SECONDS|off]",
        help: "show or set the time limit of every query",
        parse: |arg| match arg {
            "" => Ok(MetaCommand::Timeout(None)),
            "off" | "0" | "none" => Ok(MetaCommand::Timeout(Some(None))),
            s => match s.trim_end_matches('s').parse::<f64>() {
                Ok(v)
                    if v.is_finite()
                        && v > 0.0
                        && v <= crate::store::MAX_TIMEOUT_SECONDS =>
                {
                    Ok(MetaCommand::Timeout(Some(Some(Duration::from_secs_f64(v)))))
                }
                Ok(v) if v > crate::store::MAX_TIMEOUT_SECONDS => Err(format!(
                    "'{s}' is too long: the limit is {} seconds",
                    crate::store::MAX_TIMEOUT_SECONDS
                )),
                _ => Err(format!("'{s}' is not a positive number of seconds")),
            },
        },
    },
    MetaSpec {
        names: &["\\explain"],
        args: "QUERY",
        help: "run QUERY and show oxigraph's plan with statistics",
        parse: |arg| required(arg, "a query").map(MetaCommand::Explain),
    },
    MetaSpec {
        names: &["\\d", "\\describe"],
        args: "NAME",
        help: "describe a unit, plan, task or any IRI: labels, types, edges",
        parse: |arg| required(arg, "a name or IRI").map(MetaCommand::Describe),
    },
    MetaSpec {
        names: &["\\why"],
        args: "TASK",
        help: "the verbatim source text of a task, with its document and line",
        parse: |arg| required(arg, "a task").map(MetaCommand::Why),
    },
    MetaSpec {
        names: &["\\queries"],
        args: "",
        help: "list the canned queries",
        parse: |_| Ok(MetaCommand::Queries),
    },
    MetaSpec {
        names: &["\\run"],
        args: "NAME [PARAM=VALUE …]",
        help: "run a canned query with its parameters (\\run tasks-led-by-unit unit=省工信厅), see \\queries",
        parse: |arg| required(arg, "a canned query name").map(MetaCommand::Run),
    },
    MetaSpec {
        names: &["\\i", "\\include"],
        args: "FILE",
        help: "run the statements in FILE, e.g. a .rq file",
        parse: |arg| required(arg, "a file").map(|f| MetaCommand::Include(f.into())),
    },
    MetaSpec {
        names: &["\\o", "\\output"],
        args: "[FILE]",
        help: "write the next result to FILE in the current format; alone, cancel",
        parse: |arg| {
            Ok(MetaCommand::Output(
                (!arg.is_empty()).then(|| PathBuf::from(arg)),
            ))
        },
    },
    MetaSpec {
        names: &["\\analyze"],
        args: "ANALYSIS [OPTIONS]",
        help: "run a canned network analysis, as `plangraph analyze`",
        parse: |arg| Ok(MetaCommand::Analyze(words(arg))),
    },
    MetaSpec {
        names: &["\\export"],
        args: "WHAT [OPTIONS]",
        help: "export a subgraph, as `plangraph export`",
        parse: |arg| Ok(MetaCommand::Export(words(arg))),
    },
    MetaSpec {
        names: &["\\search"],
        args: "TERMS [OPTIONS]",
        help: "search the tasks' text (terms all required, best first), as `plangraph search`",
        parse: |arg| {
            required(arg, "search terms (e.g. \\search 氢能)")?;
            Ok(MetaCommand::Search(words(arg)))
        },
    },
];

impl MetaCommand {
    /// The command's table row.
    pub fn spec(&self) -> &'static MetaSpec {
        let name = match self {
            MetaCommand::Help => "\\?",
            MetaCommand::Quit => "\\q",
            MetaCommand::Prefixes => "\\prefixes",
            MetaCommand::Format(_) => "\\format",
            MetaCommand::Timing(_) => "\\timing",
            MetaCommand::Pager(_) => "\\pager",
            MetaCommand::Limit(_) => "\\limit",
            MetaCommand::Wide(_) => "\\wide",
            MetaCommand::Timeout(_) => "\\timeout",
            MetaCommand::Explain(_) => "\\explain",
            MetaCommand::Describe(_) => "\\d",
            MetaCommand::Why(_) => "\\why",
            MetaCommand::Queries => "\\queries",
            MetaCommand::Run(_) => "\\run",
            MetaCommand::Include(_) => "\\i",
            MetaCommand::Output(_) => "\\o",
            MetaCommand::Analyze(_) => "\\analyze",
            MetaCommand::Export(_) => "\\export",
            MetaCommand::Search(_) => "\\search",
        };
        find(name).unwrap_or(&COMMANDS[0])
    }

    /// The help table, generated from [`COMMANDS`].
    pub fn help_text() -> String {
        let usages: Vec<String> = COMMANDS.iter().map(MetaSpec::usage).collect();
        let width = usages.iter().map(|u| u.chars().count()).max().unwrap_or(0);
        let mut text = String::new();
        for (spec, usage) in COMMANDS.iter().zip(&usages) {
            let aliases = if spec.names.len() > 1 {
                format!(" (also {})", spec.names[1..].join(", "))
            } else {
                String::new()
            };
            text.push_str(&format!("  {usage:<width$}  {}{aliases}\n", spec.help));
        }
        text.push_str(
            "\nStatements end with ; or a blank line. Tab completes keywords, prefixes and\n\
             names (unit:省科 → unit:省科技厅); Ctrl-R searches the history; Ctrl-C cancels\n\
             a running query or clears the line; Ctrl-D quits.\n",
        );
        text
    }
}

impl FromStr for MetaCommand {
    type Err = MetaError;

    /// Parses `\name args`; a trailing `;` is ignored.
    fn from_str(input: &str) -> Result<Self, MetaError> {
        let input = input.trim().trim_end_matches(';').trim_end();
        let (name, arg) = match input.find(char::is_whitespace) {
            Some(i) => (&input[..i], input[i..].trim()),
            None => (input, ""),
        };
        let spec = find(name).ok_or_else(|| MetaError::Unknown(name.to_owned()))?;
        (spec.parse)(arg).map_err(|message| MetaError::BadArgument {
            command: spec.name(),
            message,
            usage: spec.usage(),
        })
    }
}

/// The table row for a command name or alias (`\d`, `\describe`).
pub fn find(name: &str) -> Option<&'static MetaSpec> {
    COMMANDS.iter().find(|spec| spec.names.contains(&name))
}

fn on_off(arg: &str) -> Result<Option<bool>, String> {
    match arg.to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "on" | "true" | "yes" | "1" => Ok(Some(true)),
        "off" | "false" | "no" | "0" => Ok(Some(false)),
        other => Err(format!("expected on or off, not '{other}'")),
    }
}

fn required(arg: &str, what: &str) -> Result<String, String> {
    if arg.is_empty() {
        Err(format!("expected {what}"))
    } else {
        Ok(arg.to_owned())
    }
}

fn words(arg: &str) -> Vec<String> {
    arg.split_whitespace().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &str) -> Result<MetaCommand, MetaError> {
        input.parse()
    }

    #[test]
    fn every_command_parses_and_is_in_the_help() {
        let help = MetaCommand::help_text();
        let examples = [
            ("\\?", MetaCommand::Help),
            ("\\q", MetaCommand::Quit),
            ("\\prefixes", MetaCommand::Prefixes),
            ("\\format csv", MetaCommand::Format(Some(OutputFormat::Csv))),
            ("\\timing off", MetaCommand::Timing(Some(false))),
            ("\\pager off", MetaCommand::Pager(Some(false))),
            ("\\limit 5", MetaCommand::Limit(Some(Some(5)))),
            ("\\wide", MetaCommand::Wide(None)),
            (
                "\\timeout 2.5",
                MetaCommand::Timeout(Some(Some(Duration::from_millis(2500)))),
            ),
            ("\\explain ASK {}", MetaCommand::Explain("ASK {}".into())),
            (
                "\\d unit:省科技厅",
                MetaCommand::Describe("unit:省科技厅".into()),
            ),
            ("\\why task:x", MetaCommand::Why("task:x".into())),
            ("\\queries", MetaCommand::Queries),
            ("\\run documents", MetaCommand::Run("documents".into())),
            ("\\i a.rq", MetaCommand::Include("a.rq".into())),
            ("\\o out.csv", MetaCommand::Output(Some("out.csv".into()))),
            (
                "\\analyze co-lead",
                MetaCommand::Analyze(vec!["co-lead".into()]),
            ),
            (
                "\\export co-lead",
                MetaCommand::Export(vec!["co-lead".into()]),
            ),
            (
                "\\search 氢能 --limit 3",
                MetaCommand::Search(vec!["氢能".into(), "--limit".into(), "3".into()]),
            ),
        ];
        assert_eq!(examples.len(), COMMANDS.len());
        for (input, expected) in examples {
            let parsed = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(parsed, expected, "{input}");
            // The enum and the table agree on the name.
            assert!(input.starts_with(parsed.spec().name()), "{input}");
            assert!(help.contains(&parsed.spec().usage()), "{input} not in help");
        }
    }

    #[test]
    fn aliases_and_trailing_semicolons() {
        assert_eq!(parse("\\help"), Ok(MetaCommand::Help));
        assert_eq!(parse("\\quit;"), Ok(MetaCommand::Quit));
        assert_eq!(
            parse("\\format  JSON ;"),
            Ok(MetaCommand::Format(Some(OutputFormat::Json)))
        );
        assert_eq!(parse("\\limit all"), Ok(MetaCommand::Limit(Some(None))));
        assert_eq!(parse("\\timeout off"), Ok(MetaCommand::Timeout(Some(None))));
        assert_eq!(parse("\\o"), Ok(MetaCommand::Output(None)));
    }

    #[test]
    fn bad_input_is_quoted_in_the_error() {
        assert_eq!(
            parse("\\frobnicate").unwrap_err().to_string(),
            "unknown meta-command '\\frobnicate' (\\? lists them)"
        );
        assert_eq!(
            parse("\\format yaml").unwrap_err().to_string(),
            "\\format: unknown format 'yaml' (usage: \\format [table|csv|tsv|json|xml|ttl|nt])"
        );
        assert!(parse("\\limit many")
            .unwrap_err()
            .to_string()
            .contains("'many' is not a number"));
        assert!(parse("\\timeout -3").is_err());
        assert!(parse("\\timeout NaN").is_err());
        // See: issue #18 (an absurd timeout is refused, and said to be too long)
        assert_eq!(
            parse("\\timeout 1e20").unwrap_err().to_string(),
            "\\timeout: '1e20' is too long: the limit is 1000000000 seconds (usage: \\timeout [SECONDS|off])"
        );
        assert!(parse("\\d")
            .unwrap_err()
            .to_string()
            .contains("expected a name"));
    }
}
