//! Every canned query in queries/ runs on the embedded corpus and answers
//! what it says; the expected values were checked by hand against the text.

use crate::support::{root, select};
use plangraph::store::Backend as _;

/// The canned query `name` with its parameters at their defaults.
fn canned(name: &str) -> String {
    canned_with(name, &[])
}

/// The canned query `name` with `NAME=VALUE` parameters bound (the others
/// at their defaults), as `query --param` runs it.
fn canned_with(name: &str, params: &[&str]) -> String {
    let text = std::fs::read_to_string(root().join("queries").join(name))
        .expect("the canned query exists");
    let bindings = plangraph::commands::query::bindings(crate::support::store(), &text, params)
        .unwrap_or_else(|e| panic!("{name} {params:?}: {e:#}"));
    plangraph::query_params::with_values(&text, &bindings).expect("the bindings apply")
}

#[test]
fn every_canned_query_has_a_title_and_description_and_parses() {
    let store = crate::support::store();
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("queries")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rq") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# title: "),
            "{} lacks a title line",
            path.display()
        );
        assert!(
            text.lines()
                .nth(1)
                .is_some_and(|l| l.starts_with("# description: ")),
            "{} lacks a description line",
            path.display()
        );
        store
            .check(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        n += 1;
    }
    assert!(n >= 8, "at least eight canned queries, found {n}");
}

#[test]
fn documents_query_lists_the_five_documents() {
    let rows = select(&canned("documents.rq"));
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let mut expected = crate::support::CORPUS_FILES.to_vec();
    expected.sort();
    assert_eq!(names, expected);
}

/// Counts of led tasks per unit computed from the ingest records, without
/// SPARQL: an independent path to check the queries against.
fn led_tasks_from_records(unit: &str) -> usize {
    use plangraph::model::{Role, TaskKind};
    crate::support::corpus()
        .tasks
        .iter()
        .filter(|t| t.kind != TaskKind::Paragraph)
        .filter(|t| {
            t.responsibilities
                .iter()
                .any(|r| r.role == Role::Lead && r.unit == unit)
        })
        .count()
}

#[test]
fn units_by_led_tasks_agrees_with_the_records() {
    let rows = select(&canned("units-by-led-tasks.rq"));
    assert_eq!(rows[0][0], "unit:山东省工业和信息化厅");
    assert_eq!(rows[1][0], "unit:山东省发展改革委");
    for row in rows.iter().take(15) {
        let unit = row[0].trim_start_matches("unit:");
        assert_eq!(row[1], led_tasks_from_records(unit).to_string(), "{unit}");
    }
    // Collective pseudo-units are flagged.
    let collective = rows
        .iter()
        .find(|r| r[0] == "unit:山东省有关部门单位")
        .unwrap();
    assert_eq!(collective[3], "true");
}

#[test]
fn tasks_led_by_unit_lists_every_led_task() {
    let rows = select(&canned("tasks-led-by-unit.rq"));
    assert_eq!(rows.len(), led_tasks_from_records("山东省科技厅"));
    let first = rows
        .iter()
        .find(|r| r[0] == "task:2022-科技研发创新-2-n1")
        .unwrap();
    assert_eq!(first[2], "1");
    assert_eq!(first[3], "强化基础研究策源能力");
}

#[test]
fn tasks_led_by_unit_takes_the_unit_by_any_of_its_names() {
    let default = select(&canned("tasks-led-by-unit.rq"));
    // The full name (pg:fullName) and a traditional spelling find the same unit.
    for name in ["山东省科学技术厅", "省科技廳", "unit:山东省科技厅"] {
        let rows = select(&canned_with(
            "tasks-led-by-unit.rq",
            &[&format!("unit={name}")],
        ));
        assert_eq!(rows, default, "unit={name}");
    }
    let rows = select(&canned_with(
        "tasks-led-by-unit.rq",
        &["unit=省工业和信息化厅"],
    ));
    assert_eq!(rows.len(), led_tasks_from_records("山东省工业和信息化厅"));
    assert_ne!(rows, default);
}

#[test]
fn parameters_are_checked_before_the_query_runs() {
    use plangraph::commands::query::bindings;
    let store = crate::support::store();
    let text = canned_with("tasks-led-by-unit.rq", &[]);
    assert!(text.contains("VALUES"), "{text}");
    let raw = std::fs::read_to_string(root().join("queries/tasks-led-by-unit.rq")).unwrap();
    let error = |params: &[&str]| format!("{:#}", bindings(store, &raw, params).unwrap_err());
    assert_eq!(
        error(&["unt=省科技厅"]),
        "the query has no parameter 'unt' (it declares unit)"
    );
    assert!(error(&["unit=省不存在厅"]).contains("no unit is called '省不存在厅'"));
    assert_eq!(
        error(&["省科技厅"]),
        "'省科技厅' is not NAME=VALUE (e.g. unit=省工信厅)"
    );
    assert_eq!(
        error(&["unit=省科技厅", "unit=省财政厅"]),
        "parameter 'unit' is given twice"
    );
    let plan = std::fs::read_to_string(root().join("queries/tasks-of-plan.rq")).unwrap();
    let ambiguous = format!(
        "{:#}",
        bindings(store, &plan, &["plan=科技研发创新"]).unwrap_err()
    );
    assert!(
        ambiguous.contains("2022-科技研发创新, 2024-科技研发创新"),
        "{ambiguous}"
    );
    let task = std::fs::read_to_string(root().join("queries/task-source-lines.rq")).unwrap();
    let missing = format!(
        "{:#}",
        bindings(store, &task, &["task=2099-无-1-n1"]).unwrap_err()
    );
    assert!(
        missing.contains("no task is called '2099-无-1-n1'"),
        "{missing}"
    );
}

#[test]
fn a_parameter_selects_another_plan_and_task() {
    let rows = select(&canned_with(
        "tasks-of-plan.rq",
        &["plan=2024-科技研发创新"],
    ));
    assert_eq!(rows[0][0], "task:2024-科技研发创新-2-n1");
    assert!(rows
        .iter()
        .all(|r| r[0].starts_with("task:2024-科技研发创新-")));
    let lines = select(&canned_with(
        "task-source-lines.rq",
        &["task=2024-科技研发创新-2-n1"],
    ));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0][0], "sd-2024-2025-ten-innovations.txt");
    assert_eq!(lines[0][1], "4");
}

#[test]
fn co_lead_pairs_agree_with_the_records() {
    use plangraph::model::Role;
    let rows = select(&canned("co-lead-pairs.rq"));
    assert_eq!(
        rows[0][..2],
        ["unit:山东省发展改革委", "unit:山东省工业和信息化厅"]
    );
    for row in rows.iter().take(10) {
        let (a, b) = (
            row[0].trim_start_matches("unit:"),
            row[1].trim_start_matches("unit:"),
        );
        let shared = crate::support::corpus()
            .tasks
            .iter()
            .filter(|t| t.kind != plangraph::model::TaskKind::Paragraph)
            .filter(|t| {
                let leads = |u: &str| {
                    t.responsibilities
                        .iter()
                        .any(|r| r.role == Role::Lead && r.unit == u)
                };
                leads(a) && leads(b)
            })
            .count();
        assert_eq!(row[2], shared.to_string(), "{a} / {b}");
    }
}

#[test]
fn tasks_of_plan_follow_the_printed_order() {
    // 科技研发创新 2022: 14 numbered tasks and 3 推进措施 items, counted in
    // sd-2022-three-tens.txt.
    let rows = select(&canned("tasks-of-plan.rq"));
    assert_eq!(rows.len(), 17);
    assert_eq!(
        rows[0][..4],
        [
            "task:2022-科技研发创新-2-n1",
            "主要任务",
            "1",
            "强化基础研究策源能力"
        ]
    );
    assert_eq!(rows[13][0], "task:2022-科技研发创新-2-n14");
    assert_eq!(
        rows[14][..3],
        ["task:2022-科技研发创新-3-s1", "推进措施", "一"]
    );
    assert!(rows[0][4].contains("省科技厅"));
}

#[test]
fn cooperate_only_units_never_lead() {
    let rows = select(&canned("cooperate-only-units.rq"));
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(
            led_tasks_from_records(row[0].trim_start_matches("unit:")),
            0,
            "{}",
            row[0]
        );
    }
    assert!(rows.iter().any(|r| r[0] == "unit:山东省科协"));
}

#[test]
fn tasks_without_attribution_are_the_known_ones() {
    // sd-2023-2025-green-pilot-plan.txt prints no attribution (160 tasks);
    // sd-2023-green-pilot-key-tasks.txt tasks 114–116 (l.135–137,
    // 组织实施) have none; sd-2024-2025-ten-innovations.txt stops inside task 14 of its sixth plan
    // (l.156).
    let rows = select(&canned("tasks-without-attribution.rq"));
    assert_eq!(
        rows,
        [
            ["建设绿色低碳高质量发展先行区 2023–2025", "160"],
            ["建设绿色低碳高质量发展先行区重点工作任务 2023", "3"],
            ["要素保障创新 2024–2025", "1"],
        ]
    );
}

#[test]
fn tasks_per_group_and_year_match_the_counts_read_in_the_documents() {
    // sd-2022-three-tens.txt, counted in the text: 348 / 255 / 298 numbered tasks by group plus
    // the attributed （一） items: 33 in 十大创新, 64 in 十强产业, 65 in
    // 十大扩需求 (162 = 133 leaf items + 29 attributed goal items). Plans with
    // tasks: 10, 11 + 2 sub-plans − 文旅产业 itself, 10 + 7 sub-plans −
    // 基础设施“七网” itself. 2023: sd-2023-green-pilot-key-tasks.txt (116) +
    // sd-2023-2025-green-pilot-plan.txt (160). 2024: sd-2024-2025-ten-innovations.txt, 121
    // numbered + 9 (一)-tasks + 18 推进措施 items.
    let rows = select(&canned("tasks-per-group-and-year.rq"));
    assert_eq!(
        rows,
        [
            ["十大创新", "2022", "10", "381"],
            ["十大扩需求", "2022", "16", "363"],
            ["十强产业", "2022", "12", "319"],
            ["(none)", "2023", "2", "276"],
            ["十大创新", "2024", "6", "148"],
        ]
    );
}

#[test]
fn task_source_lines_point_into_the_document() {
    let rows = select(&canned("task-source-lines.rq"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][..3], ["sd-2022-three-tens.txt", "47", "47"]);
    assert!(rows[0][3].starts_with("1. **强化基础研究策源能力。**启动省基础研究十年行动"));
}

#[test]
fn renamed_units_link_old_and_new_bodies() {
    let rows = select(&canned("renamed-units.rq"));
    let pairs: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("unit:人民银行济南分行", "unit:人民银行山东省分行"),
            ("unit:山东省人防办", "unit:山东省国动办"),
            ("unit:山东省地方金融监管局", "unit:山东省委金融办"),
            ("unit:山东省委台港澳办", "unit:山东省委台办"),
            ("unit:山东省委台港澳办", "unit:山东省委港澳办"),
            ("unit:山东银保监局", "unit:金融监管总局山东监管局"),
        ]
    );
    // Old names lead only 2022/2023 tasks, new names only 2024 ones.
    assert_eq!(
        rows[0][1],
        led_tasks_from_records("人民银行济南分行").to_string()
    );
    assert_eq!(
        rows[0][3],
        led_tasks_from_records("人民银行山东省分行").to_string()
    );
}

#[test]
fn documents_carry_their_metadata() {
    let rows = select(&canned("documents.rq"));
    let official = rows
        .iter()
        .find(|r| r[0] == "sd-2022-three-tens.txt")
        .unwrap();
    assert_eq!(official[1..4], ["鲁政办字〔2022〕28号", "2022-03-27", "40"]);
    let traditional = rows
        .iter()
        .find(|r| r[0] == "sd-2023-green-pilot-key-tasks.txt")
        .unwrap();
    assert_eq!(
        traditional[1..5],
        ["鲁政办字〔2023〕5号", "2023-01-19", "1", "116"]
    );
}

#[test]
fn targets_of_unit_by_year_are_the_units_targets() {
    let rows = select(&canned("targets-of-unit-by-year.rq"));
    assert!(
        rows.len() > 100,
        "省工业和信息化厅 leads many tasks with targets"
    );
    for row in &rows {
        if !row[0].is_empty() {
            let year: i32 = row[0].parse().unwrap();
            assert!((2021..=2030).contains(&year), "{row:?}");
        }
    }
    // sd-2022-three-tens.txt l.1205, 新一代信息技术产业 goal (一): 两化融合指数达到 117.
    assert!(rows.iter().any(|r| r[1] == "117"
        && r[6] == "达到117"
        && r[7] == "task:2022-新一代信息技术产业-1-s3"));
}

#[test]
fn targets_per_industry_cover_the_scheme() {
    let rows = select(&canned("targets-per-industry.rq"));
    assert_eq!(
        rows.len(),
        13,
        "11 industries + 2 sub-industries of 文旅产业"
    );
    assert_eq!(rows[0][0], "新一代信息技术产业");
}

#[test]
fn deadlines_by_month_peak_at_the_end_of_2022() {
    let rows = select(&canned("deadlines-by-month.rq"));
    let busiest = rows
        .iter()
        .max_by_key(|r| r[1].parse::<usize>().unwrap())
        .unwrap();
    assert_eq!(busiest[0], "2022-12");
    assert!(
        rows.iter().any(|r| r[0] == "2024-06"),
        "sd-2024-2025-ten-innovations.txt l.35: 2024年6月底前"
    );
    assert!(rows
        .iter()
        .all(|r| r[0].as_str() >= "2022-01" && r[0].as_str() <= "2025-12"));
}

#[test]
fn tasks_per_city_count_the_sixteen_cities() {
    let rows = select(&canned("tasks-per-city.rq"));
    assert_eq!(rows[0][0], "青岛市");
    assert_eq!(rows[1][0], "济南市");
    // Shandong's 16 cities, and the few elsewhere that tasks name by their
    // full name or, for the large ones, their short name (济南至郑州).
    let shandong = rows.iter().filter(|r| r[1] == "山东省").count();
    assert_eq!(shandong, 16);
    assert!(
        rows.iter().any(|r| r[0] == "郑州市" && r[1] == "河南省"),
        "{rows:?}"
    );
}

/// `plangraph query` on text loads only the quads with the predicates the
/// query reads (`query_scope.rs`): every canned query, and queries with
/// paths, EXISTS, MINUS, sub-queries and the ontology graph, give the same
/// rows on that store as on the whole graph.
#[test]
fn queries_give_the_same_rows_on_the_predicates_they_read() {
    use plangraph::query_scope::{scope_of, QueryScope};
    use plangraph::store::store_from_corpus_scoped as store_and_count_scoped;
    let rows = |store: &plangraph::store::PlanStore, query: &str| {
        let mut rows = crate::support::select_on(store, query);
        rows.sort();
        rows
    };
    let mut queries: Vec<String> = plangraph::queries::canned_queries()
        .iter()
        .map(|q| q.text.to_owned())
        .collect();
    queries.extend(
        [
            "SELECT ?t WHERE { ?t pg:leadUnit unit:山东省科技厅 }",
            "SELECT ?u (COUNT(?t) AS ?n) WHERE { ?t pg:leadUnit ?u FILTER NOT EXISTS { ?t pg:cooperatingUnit ?c } } GROUP BY ?u",
            "SELECT ?t ?title WHERE { ?t pg:plan/dcterms:title ?title MINUS { ?t pg:deadline ?d } }",
            "SELECT ?a ?b WHERE { ?a pg:succeededBy+ ?b }",
            "SELECT ?r ?l WHERE { ?t pg:mentionsRegion ?r . ?r ^pg:containsRegion/skos:prefLabel ?l }",
            "SELECT ?c ?l WHERE { GRAPH ?g { ?c a owl:Class ; rdfs:label ?l } }",
            "SELECT ?x WHERE { { SELECT ?x WHERE { ?x a pg:Unit } ORDER BY ?x LIMIT 3 } ?x skos:prefLabel ?l }",
        ]
        .map(str::to_owned),
    );
    let full = crate::support::store();
    let all_quads = plangraph::rdf::corpus_to_quads(crate::support::corpus());
    let mut scoped_queries = 0;
    for query in &queries {
        let scope = scope_of(query);
        if scope == QueryScope::Everything {
            continue;
        }
        scoped_queries += 1;
        let (scoped, kept) = store_and_count_scoped(crate::support::corpus(), &scope).unwrap();
        // The scoped store holds exactly the quads of the predicates the
        // query reads, and that is fewer than the whole graph.
        let expected = all_quads
            .iter()
            .filter(|q| scope.keeps(q.predicate.as_str()))
            .count();
        assert_eq!(kept, expected, "{query}");
        assert!(kept < all_quads.len(), "{query} kept all {kept} quads");
        assert_eq!(rows(&scoped, query), rows(full, query), "{query}");
    }
    assert!(scoped_queries >= 15, "{scoped_queries} queries were scoped");
}
