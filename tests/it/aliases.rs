//! User alias files (`--aliases FILE`, the default file): merged with the
//! built-in table, applied at ingest by jurisdiction, used when a unit is
//! looked up by name, and refused with FILE:LINE when malformed.

use std::path::Path;
use std::process::Output;

use crate::support;

const ANHUI_DOCS: &str = "tests/data/aliases/anhui";
const ANHUI_ALIASES: &str = "tests/data/aliases/anhui.tsv";

/// The binary with `args`, nothing on stdin.
fn run(args: &[&str]) -> Output {
    support::run(args, "")
}

/// The preferred labels of every unit, sorted, with these leading options.
fn unit_labels(options: &[&str]) -> Vec<String> {
    let mut args = options.to_vec();
    args.extend([
        "query",
        "--format",
        "tsv",
        "SELECT ?u WHERE { ?u a pg:Unit } ORDER BY ?u",
    ]);
    let output = run(&args);
    assert!(output.status.success(), "{}", support::stderr(&output));
    support::stdout(&output)
        .lines()
        .skip(1)
        .map(|l| {
            l.rsplit('/')
                .next()
                .unwrap_or(l)
                .trim_end_matches('>')
                .to_string()
        })
        .collect()
}

fn decoded(names: Vec<String>) -> Vec<String> {
    names
        .into_iter()
        .map(|n| plangraph::analysis::projection::local_name(&format!("x/{n}")))
        .collect()
}

#[test]
fn two_spellings_of_one_anhui_department_are_one_unit_only_with_the_alias_file() {
    let without = decoded(unit_labels(&["--data", ANHUI_DOCS]));
    assert_eq!(
        without,
        [
            "安徽省经信厅",
            "安徽省经济和信息化厅",
            "安徽省财政厅",
            "安徽省通信管理局"
        ]
    );
    let with = decoded(unit_labels(&[
        "--aliases",
        ANHUI_ALIASES,
        "--data",
        ANHUI_DOCS,
    ]));
    assert_eq!(
        with,
        ["安徽省经济和信息化厅", "安徽省财政厅", "安徽省通信管理局"]
    );
    // The merged unit has the file's full name and the printed variant as
    // an alternative label; it leads two tasks and cooperates on one.
    let output = run(&[
        "--aliases",
        ANHUI_ALIASES,
        "--data",
        ANHUI_DOCS,
        "query",
        "--format",
        "tsv",
        "SELECT ?full ?alt (COUNT(DISTINCT ?led) AS ?n) WHERE {
           unit:安徽省经济和信息化厅 pg:fullName ?full ; skos:altLabel ?alt .
           ?led pg:leadUnit unit:安徽省经济和信息化厅 } GROUP BY ?full ?alt",
    ]);
    assert_eq!(
        support::stdout(&output),
        "?full\t?alt\t?n\n\"安徽省经济和信息化厅\"@zh\t\"省经信厅\"@zh\t2\n"
    );
}

#[test]
fn a_name_only_the_alias_file_knows_finds_the_unit_everywhere() {
    // 安徽省经信厅 is printed nowhere: only the alias file says what it is.
    let base = ["--aliases", ANHUI_ALIASES, "--data", ANHUI_DOCS];
    let with = |rest: &[&str]| {
        let mut args = base.to_vec();
        args.extend(rest);
        let output = run(&args);
        assert!(
            output.status.success(),
            "{rest:?}: {}",
            support::stderr(&output)
        );
        support::stdout(&output)
    };
    let described = with(&["describe", "安徽省经信厅"]);
    assert!(
        described.starts_with("unit:安徽省经济和信息化厅 "),
        "{described}"
    );
    let profile = with(&["analyze", "unit", "安徽省经信厅", "--format", "json"]);
    assert!(profile.contains("\"led_tasks\": 2"), "{profile}");
    let slice = with(&["export", "unit", "安徽省经信厅", "--format", "nt"]);
    assert!(
        slice.contains("<https://w3id.org/plangraph/id/unit/安徽省经济和信息化厅> <https://w3id.org/plangraph/ontology#fullName>"),
        "{slice}"
    );
    let led = with(&[
        "query",
        "-f",
        "queries/tasks-led-by-unit.rq",
        "--param",
        "unit=安徽省经信厅",
        "--format",
        "csv",
    ]);
    assert_eq!(led.lines().count(), 3, "{led}");
    let mut args = base.to_vec();
    args.push("repl");
    let repl = support::run(&args, "\\d 安徽省经信厅\n");
    assert!(
        support::stdout(&repl).contains("unit:安徽省经济和信息化厅"),
        "{}",
        support::stderr(&repl)
    );
    // Without the file the printed 省经信厅 is a unit of its own.
    let output = run(&["--data", ANHUI_DOCS, "describe", "安徽省经信厅"]);
    assert!(support::stdout(&output).starts_with("unit:安徽省经信厅 "));
}

#[test]
fn a_user_row_wins_over_the_built_in_one_and_build_says_so_once() {
    let docs = support::TWO_PROVINCES;
    let file = "tests/data/aliases/override-shandong.tsv";
    let labels = decoded(unit_labels(&["--aliases", file, "--data", docs]));
    assert!(
        labels.contains(&"山东省科学技术厅".to_string()),
        "{labels:?}"
    );
    assert!(!labels.contains(&"山东省科技厅".to_string()), "{labels:?}");
    // Anhui's 省科技厅 is not Shandong's: the Shandong row does not touch it.
    assert!(labels.contains(&"安徽省科技厅".to_string()), "{labels:?}");
    let output = run(&["--aliases", file, "--data", docs, "build"]);
    assert!(output.status.success());
    let stderr = support::stderr(&output);
    let notes: Vec<&str> = stderr.lines().filter(|l| l.contains(file)).collect();
    assert_eq!(
        notes,
        [format!(
            "note: {file}:4: `省科技厅` now means `省科学技术厅`, not `省科技厅` (the alias file's row wins)"
        )]
    );
    // Other commands do not repeat it.
    let output = run(&["--aliases", file, "--data", docs, "query", "ASK {}"]);
    assert!(!support::stderr(&output).contains("now means"));
}

/// Writes `text` to `name` in `dir` and runs `build` with it as the alias file.
fn build_with(dir: &Path, name: &str, text: &str) -> Output {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let path = path.to_string_lossy().into_owned();
    run(&["--aliases", &path, "--data", ANHUI_DOCS, "build"])
}

#[test]
fn a_malformed_alias_file_is_one_sentence_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "# jurisdiction: 安徽省\n省经信厅 省经济和信息化厅\n",
            ":2: expected a surface form and its canonical name separated by a tab, found `省经信厅 省经济和信息化厅` (columns are separated by tabs, not spaces)",
        ),
        (
            "# jurisdiction: 安徽省\n\n省经信厅\t\n",
            ":3: the canonical name (column 2) of `省经信厅` is empty",
        ),
        (
            "# jurisdiction: 安徽省\n省经信厅\t省经济和信息化厅\t是\n",
            ":2: the collective column (3) is `是`",
        ),
        (
            "# jurisdiction: 安徽省\na\tb\tc\td\te\tf\tg\th\n",
            ":2: 8 tab-separated columns, but an alias row has at most 7",
        ),
        (
            "省经信厅\t省经济和信息化厅\n",
            ":1: an alias row before any `# jurisdiction:` line",
        ),
        (
            "# comment\n# jurisdiction: 安微省\n",
            ":2: no province, city or county is called '安微省' (did you mean 安徽省?)",
        ),
        (
            "# jurisdiction: 鼓楼区\n",
            ":1: '鼓楼区' names several divisions: ",
        ),
    ];
    for (n, (text, expected)) in cases.iter().enumerate() {
        let name = format!("bad{n}.tsv");
        let output = build_with(dir.path(), &name, text);
        assert_eq!(output.status.code(), Some(2), "{text}");
        let stderr = support::stderr(&output);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        let at = format!("{}{expected}", dir.path().join(&name).display());
        assert!(stderr.contains(&at), "{stderr}\nexpected: {at}");
        assert!(support::stdout(&output).is_empty());
    }
    // A file given but missing is an error too.
    let output = run(&["--aliases", "no-such-aliases.tsv", "build"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        support::stderr(&output).trim_end(),
        "plangraph: cannot read alias file no-such-aliases.tsv: No such file or directory (os error 2)"
    );
}

#[test]
fn the_default_file_is_read_from_the_config_directory() {
    let config = tempfile::tempdir().unwrap();
    let labels = |config: &Path, env: Option<&str>| {
        let mut command = support::plangraph();
        command.env("XDG_CONFIG_HOME", config);
        if let Some(value) = env {
            command.env("PLANGRAPH_ALIASES", value);
        }
        command.args([
            "--data",
            ANHUI_DOCS,
            "query",
            "--format",
            "csv",
            "SELECT (COUNT(?u) AS ?n) WHERE { ?u a pg:Unit }",
        ]);
        let output = support::run_command(command, "");
        (output.status.code(), support::stdout(&output))
    };
    // No file there: fine, the built-in table alone.
    assert_eq!(labels(config.path(), None), (Some(0), "n\r\n4\r\n".into()));
    let dir = config.path().join("plangraph");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(support::root().join(ANHUI_ALIASES), dir.join("aliases.tsv")).unwrap();
    assert_eq!(labels(config.path(), None), (Some(0), "n\r\n3\r\n".into()));
    // PLANGRAPH_ALIASES names another file (which must exist), or none.
    assert_eq!(
        labels(config.path(), Some("")),
        (Some(0), "n\r\n4\r\n".into())
    );
    let elsewhere = support::root().join(ANHUI_ALIASES);
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        labels(empty.path(), Some(&elsewhere.to_string_lossy())),
        (Some(0), "n\r\n3\r\n".into())
    );
    assert_eq!(
        labels(empty.path(), Some("/no/such/aliases.tsv")).0,
        Some(2)
    );
}

/// ARCHITECTURE.md invariant: alias files only change what their rows say.
/// Rows that repeat the built-in table (read through the user-table path
/// for every document) and a table of another province leave the embedded
/// corpus's graph byte-identical to a build without alias files.
#[test]
fn alias_files_that_change_nothing_leave_the_graph_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let build = |aliases: Option<&Path>, out: &str| {
        let out = dir.path().join(out);
        let out_arg = out.to_string_lossy().into_owned();
        let mut args = vec![];
        let alias_arg;
        if let Some(path) = aliases {
            alias_arg = path.to_string_lossy().into_owned();
            args.extend(["--aliases", alias_arg.as_str()]);
        }
        args.extend(["build", "-o", out_arg.as_str()]);
        let output = run(&args);
        assert!(output.status.success(), "{}", support::stderr(&output));
        assert!(!support::stderr(&output).contains("now means"));
        std::fs::read(out).unwrap()
    };
    let plain = build(None, "plain.nq");
    let repeat = dir.path().join("repeat.tsv");
    std::fs::copy(support::root().join("src/ingest/aliases.tsv"), &repeat).unwrap();
    assert!(build(Some(&repeat), "repeat.nq") == plain);
    let anhui = support::root().join(ANHUI_ALIASES);
    assert!(build(Some(&anhui), "anhui.nq") == plain);
}
