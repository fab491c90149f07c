//! Text search (`plangraph search`, `\search`, `pg:matches`): the tasks found
//! are exactly those whose `pg:text` contains every term, in either script;
//! phrases, filters, ranking on hand-checked cases, and the command's errors.

use std::collections::BTreeSet;

use plangraph::analysis::{Filters, Projection};
use plangraph::fulltext::Query;
use plangraph::search::{search, SearchFilters, SearchIndex};

use crate::support::{self, run, stderr, stdout};

fn index() -> &'static SearchIndex {
    static INDEX: std::sync::OnceLock<SearchIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::build(support::store()).expect("the index builds"))
}

/// The task IRIs `search` returns for `query` under `filters`, in order.
fn found(query: &str, filters: &SearchFilters) -> Vec<String> {
    let query = Query::parse(query).unwrap();
    let (hits, total) = search(index(), support::store(), &query, filters, None).unwrap();
    assert_eq!(hits.len(), total);
    hits.into_iter().map(|h| h.task).collect()
}

fn found_set(query: &str) -> BTreeSet<String> {
    found(query, &SearchFilters::default())
        .into_iter()
        .collect()
}

/// The tasks whose pg:text CONTAINS every one of `needles`, by SPARQL.
fn containing(needles: &[&str], extra: &str) -> BTreeSet<String> {
    let filter: Vec<String> = needles
        .iter()
        .map(|n| format!("CONTAINS(?text, {})", plangraph::model::iri::literal(n)))
        .collect();
    let query = format!(
        "SELECT ?task WHERE {{ ?task a pg:Task ; pg:text ?text . {extra} FILTER({}) }}",
        filter.join(" && ")
    );
    sparql_set(&query)
}

fn sparql_set(query: &str) -> BTreeSet<String> {
    use plangraph::store::BackendExt;
    let rows = support::store().select(query).unwrap();
    rows.rows
        .iter()
        .filter_map(|r| match r.first() {
            Some(Some(oxigraph::model::Term::NamedNode(n))) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .collect()
}

/// (simplified query, the same in traditional script, its needles)
const CASES: &[(&str, &str, &[&str])] = &[
    ("氢能", "氫能", &["氢能"]),
    ("数字", "數字", &["数字"]),
    ("碳达峰", "碳達峰", &["碳达峰"]),
    ("产业", "產業", &["产业"]),
    ("氢", "氫", &["氢"]),
    ("数字 政府", "數字 政府", &["数字", "政府"]),
    ("氢能 产业", "氫能 產業", &["氢能", "产业"]),
    ("绿色 低碳", "綠色 低碳", &["绿色", "低碳"]),
    ("人才 引进", "人才 引進", &["人才", "引进"]),
    (
        "创新 平台 企业",
        "創新 平臺 企業",
        &["创新", "平台", "企业"],
    ),
    ("5G 基站", "5G 基站", &["5G", "基站"]),
    ("\"碳达峰碳中和\"", "\"碳達峰碳中和\"", &["碳达峰碳中和"]),
    (
        "\"数字政府\" 强基",
        "\"數字政府\" 強基",
        &["数字政府", "强基"],
    ),
    ("不存在的词", "不存在的詞", &["不存在的词"]),
];

#[test]
fn the_tasks_found_are_those_whose_text_contains_every_term_in_either_script() {
    let mut non_empty = 0;
    for (simplified, traditional, needles) in CASES {
        let expected = containing(needles, "");
        assert_eq!(found_set(simplified), expected, "{simplified}");
        assert_eq!(found_set(traditional), expected, "{traditional}");
        // The SPARQL function finds the same, in either script.
        let by_function = sparql_set(&format!(
            "SELECT ?task WHERE {{ ?task a pg:Task ; pg:text ?text FILTER(pg:matches(?text, {})) }}",
            plangraph::model::iri::literal(traditional)
        ));
        assert_eq!(by_function, expected, "pg:matches {traditional}");
        non_empty += usize::from(!expected.is_empty());
    }
    // The cases are not vacuous: all but the made-up word find tasks.
    assert_eq!(non_empty, CASES.len() - 1);
    assert!(found_set("产业").len() > 100);
}

#[test]
fn a_phrase_must_occur_as_written() {
    // 碳达峰 and 碳中和 occur apart more often than written together.
    let apart = found_set("碳达峰 碳中和");
    let together = found_set("\"碳达峰碳中和\"");
    assert!(together.is_subset(&apart));
    assert!(
        together.len() < apart.len(),
        "{} {}",
        together.len(),
        apart.len()
    );
    // A phrase keeps its space: no task text writes 数字 政府 with one.
    assert!(found_set("\"数字 政府\"").is_empty());
    assert_eq!(found_set("\"数字 政府\""), containing(&["数字 政府"], ""));
}

#[test]
fn filters_keep_the_tasks_they_keep_for_the_analyses() {
    let store = support::store();
    let cases = [
        Filters {
            year: vec![2022],
            ..Filters::default()
        },
        Filters {
            plan: Some("新能源".into()),
            ..Filters::default()
        },
        Filters {
            plan_group: Some("十强产业".into()),
            ..Filters::default()
        },
        Filters {
            region: Some("青岛".into()),
            ..Filters::default()
        },
    ];
    for filters in cases {
        let kept: BTreeSet<String> = Projection::load(store, &filters)
            .unwrap()
            .tasks
            .into_iter()
            .map(|t| t.iri)
            .collect();
        for query in ["氢能", "数字 政府", "产业"] {
            let needles: Vec<&str> = query.split(' ').collect();
            let expected: BTreeSet<String> = containing(&needles, "")
                .intersection(&kept)
                .cloned()
                .collect();
            let search_filters = SearchFilters {
                filters: filters.clone(),
                unit: None,
            };
            let got: BTreeSet<String> = found(query, &search_filters).into_iter().collect();
            assert_eq!(got, expected, "{query} under {filters:?}");
        }
    }
    // --unit: the tasks the unit leads or cooperates on (any of its names).
    let by_unit = SearchFilters {
        unit: Some("省发展改革委".into()),
        ..SearchFilters::default()
    };
    let expected = containing(
        &["氢能"],
        "{ ?task pg:leadUnit unit:山东省发展改革委 } UNION { ?task pg:cooperatingUnit unit:山东省发展改革委 }",
    );
    assert!(!expected.is_empty());
    assert_eq!(
        found("氢能", &by_unit).into_iter().collect::<BTreeSet<_>>(),
        expected
    );
}

fn position(list: &[String], local: &str) -> usize {
    list.iter()
        .position(|t| t.ends_with(&format!("/task/{local}")))
        .unwrap_or_else(|| panic!("{local} not found"))
}

/// Orders checked by hand on the embedded corpus.
#[test]
fn ranking_puts_titles_and_phrases_first() {
    // 氢能: the two tasks titled with it (构建城际交通氢能加注网, 支持氢能混合场站建设)
    // come first; a task that names 氢能 once in passing (新型基础设施网's
    // list of infrastructure) comes last.
    let hydrogen = found("氢能", &SearchFilters::default());
    let mut top: Vec<usize> = vec![
        position(&hydrogen, "2022-新能源产业-2-n15"),
        position(&hydrogen, "2022-新能源产业-3-n20"),
    ];
    top.sort();
    assert_eq!(top, vec![0, 1]);
    assert_eq!(
        position(&hydrogen, "2022-基础设施七网-新型基础设施网-2-n17"),
        hydrogen.len() - 1
    );
    // 数字 政府: every task that writes 数字政府 comes before every task
    // that has the two words apart; the first one writes it twice.
    let government = found("数字 政府", &SearchFilters::default());
    let phrase = containing(&["数字政府"], "");
    let first_apart = government
        .iter()
        .position(|t| !phrase.contains(t))
        .expect("some tasks have the words apart");
    assert_eq!(first_apart, phrase.len());
    assert!(government[0].ends_with("/task/2023-建设绿色低碳高质量发展先行区-8-n108"));
    // The same holds for other pairs.
    for (pair, joined) in [("碳达峰 碳中和", "碳达峰碳中和"), ("绿色 低碳", "绿色低碳")]
    {
        let ranked = found(pair, &SearchFilters::default());
        let phrase = containing(&[joined], "");
        let first_apart = ranked.iter().position(|t| !phrase.contains(t));
        assert_eq!(first_apart.unwrap_or(ranked.len()), phrase.len(), "{pair}");
    }
    // Same query, same order: scores tie-break by IRI.
    assert_eq!(
        found("产业", &SearchFilters::default()),
        found("產業", &SearchFilters::default())
    );
}

#[test]
fn the_command_prints_marked_rows_and_refuses_bad_input() {
    let output = run(&["search", "氫能", "--limit", "3", "--format", "csv"], "");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "task,plan,lead_units,score,snippet");
    assert_eq!(lines.len(), 4);
    assert!(lines[1].starts_with("https://w3id.org/plangraph/id/task/"));
    assert!(lines[1..].iter().all(|l| l.contains("«氢能»")), "{text}");
    assert!(
        stderr(&output).contains("3 of 17 tasks shown"),
        "{}",
        stderr(&output)
    );

    // A table off a terminal marks with «» too, and never colours.
    let table = stdout(&run(&["search", "数字", "政府", "--limit", "2"], ""));
    assert!(table.starts_with("task "), "{table}");
    assert!(
        table.contains("«数字政府»") && !table.contains('\x1b'),
        "{table}"
    );

    let json = stdout(&run(
        &["search", "碳达峰", "--format", "json", "--limit", "2"],
        "",
    ));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value.as_array().map(Vec::len), Some(2));
    assert!(value[0]["snippet"].as_str().unwrap().contains("«碳达峰»"));
    assert!(value[0]["task"].as_str().unwrap().starts_with("https://"));

    for (args, says) in [
        (vec!["search", " "], "the search query is empty"),
        (
            vec!["search", "氢能", "--limit", "0"],
            "--limit must be at least 1",
        ),
        (
            vec!["search", "\"数字"],
            "opens a quote that it does not close",
        ),
        (
            vec!["search", "氢能", "--unit", "没有这个单位"],
            "no unit is called '没有这个单位'",
        ),
    ] {
        let output = run(&args, "");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(stdout(&output).is_empty());
    }
}

#[test]
fn the_repl_searches_with_the_same_words() {
    let output = run(
        &["repl"],
        "\\search 氢能 --limit 2 --format csv\n\\search 數字 政府 --year 2022 --limit 1 --format csv\n\\search\n",
    );
    let text = stdout(&output);
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("https://")).collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert!(rows[0].contains("/task/2022-新能源产业-2-n15"), "{text}");
    assert!(
        rows[2].contains("«数字»") || rows[2].contains("«数字政府»"),
        "{text}"
    );
    assert!(
        stderr(&output).contains("\\search: expected search terms"),
        "{}",
        stderr(&output)
    );
}
