//! Units tied to their jurisdiction: the documents' jurisdictions, the unit
//! IRIs they give, the regions of the national division table, and the
//! responsible leaders (persons, never units).

use plangraph::model::{Corpus, Document, Mention, Plan, Task};
use plangraph::rdf::{corpus_to_quads, vocab};

use crate::support;

#[test]
fn every_embedded_document_is_shandongs() {
    let corpus = support::corpus();
    for document in &corpus.documents {
        assert_eq!(
            document.jurisdiction.as_deref(),
            Some("山东省"),
            "{}",
            document.file_name
        );
    }
    // Provincial bodies carry the province's name, proper names keep theirs.
    let unit = |name: &str| corpus.units.iter().find(|u| u.name == name);
    let kst = unit("山东省科技厅").expect("山东省科技厅");
    assert_eq!(kst.label, "省科技厅");
    assert_eq!(kst.jurisdiction.as_deref(), Some("山东省"));
    assert_eq!(kst.full_name.as_deref(), Some("山东省科学技术厅"));
    let customs = unit("青岛海关").expect("青岛海关");
    assert_eq!(customs.jurisdiction, None);
    assert!(unit("山东省各市政府").is_some_and(|u| u.collective));
    assert!(corpus.units.iter().all(|u| !u.name.starts_with('省')));
}

#[test]
fn units_and_documents_link_to_their_regions() {
    let rows = support::select(
        "SELECT ?label ?region ?level ?code ?parent WHERE {
           unit:山东省科技厅 skos:prefLabel ?label ; pg:jurisdiction ?region .
           ?region pg:regionLevel ?level ; pg:divisionCode ?code .
           OPTIONAL { ?region pg:partOf ?parent }
         }",
    );
    assert_eq!(
        rows,
        [["省科技厅", "region:山东省", "province", "37", ""]]
            .map(|r| r.map(str::to_owned).to_vec())
    );
    let docs = support::select(
        "SELECT (COUNT(?d) AS ?n) WHERE { ?d a pg:Document ; pg:jurisdiction region:山东省 }",
    );
    assert_eq!(docs[0][0], "5");
    let plans = support::select(
        "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pg:Plan ; pg:jurisdiction region:山东省 }",
    );
    assert_eq!(plans[0][0], "48");
}

#[test]
fn responsible_leaders_are_literals_never_units() {
    let corpus = Corpus {
        documents: vec![Document {
            file_name: "leaders.txt".into(),
            jurisdiction: Some("广州市".into()),
            ..Default::default()
        }],
        plans: vec![Plan {
            id: "2021-重点工作".into(),
            title: "重点工作".into(),
            start_year: 2021,
            end_year: 2021,
            documents: vec!["leaders.txt".into()],
            ..Default::default()
        }],
        tasks: vec![Task {
            id: "2021-重点工作-n1".into(),
            plan: "2021-重点工作".into(),
            persons: vec!["王 东".into(), "李某".into()],
            mentions: vec![Mention {
                document: "leaders.txt".into(),
                line: 3,
                end_line: 3,
                verbatim: "1. 推进某项工作".into(),
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    };
    let quads = corpus_to_quads(&corpus);
    let leaders: Vec<String> = quads
        .iter()
        .filter(|q| q.predicate.as_str() == vocab::pg::RESPONSIBLE_LEADER)
        .map(|q| q.object.to_string())
        .collect();
    assert_eq!(leaders, ["\"王 东\"@zh", "\"李某\"@zh"]);
    assert!(!quads.iter().any(|q| q.object.to_string().contains("unit/")));
    // The plan is its document's: 广州市, a city of 广东省.
    let text: Vec<String> = quads.iter().map(|q| q.to_string()).collect();
    let has = |s: &str, p: &str, o: &str| {
        text.iter()
            .any(|t| t.contains(s) && t.contains(p) && t.contains(o))
    };
    assert!(has("plan/2021-", "ontology#jurisdiction", "region/广州市"));
    assert!(has("region/广州市>", "ontology#partOf", "region/广东省"));
    assert!(has(
        "region/广东省>",
        "ontology#regionLevel",
        "\"province\""
    ));
}

#[test]
fn two_provinces_share_no_provincial_unit() {
    let corpus = support::two_provinces();
    let places: Vec<Option<&str>> = corpus
        .documents
        .iter()
        .map(|d| d.jurisdiction.as_deref())
        .collect();
    assert_eq!(places, [Some("安徽省"), Some("山东省")]);
    let of = |place: &str| -> Vec<&str> {
        corpus
            .units
            .iter()
            .filter(|u| u.jurisdiction.as_deref() == Some(place))
            .map(|u| u.name.as_str())
            .collect()
    };
    assert_eq!(
        of("安徽省"),
        [
            "安徽省发展改革委",
            "安徽省工业和信息化厅",
            "安徽省科技厅",
            "安徽省能源局",
            "安徽省自然资源厅",
            "安徽省财政厅"
        ]
    );
    assert_eq!(
        of("山东省"),
        [
            "山东省发展改革委",
            "山东省海洋局",
            "山东省科技厅",
            "山东省能源局",
            "山东省财政厅"
        ]
    );
    // Shandong's alias table describes Shandong's bodies only.
    let unit = |name: &str| corpus.units.iter().find(|u| u.name == name).unwrap();
    assert_eq!(unit("安徽省科技厅").label, "省科技厅");
    assert_eq!(unit("安徽省科技厅").full_name, None);
    assert_eq!(
        unit("山东省科技厅").full_name.as_deref(),
        Some("山东省科学技术厅")
    );
    // The one body both plans name is the national bank, tied to no province.
    assert_eq!(unit("国家开发银行").jurisdiction, None);
    assert_eq!(corpus.units.len(), 12);
}

#[test]
fn co_lead_on_two_provinces_is_two_networks_joined_by_a_national_body() {
    use plangraph::analysis::{Filters, NetworkKind};
    use plangraph::analysis::{Projection, UnitNetwork};
    let corpus = support::two_provinces();
    let store = plangraph::store::store_from_corpus(corpus).unwrap();
    let projection = Projection::load(&store, &Filters::default()).unwrap();
    let network = UnitNetwork::build(&projection, NetworkKind::CoLead);
    let graph = &network.graph;
    let province = |i: petgraph::graph::NodeIndex| {
        let local = graph[i].iri.rsplit('/').next().unwrap().to_owned();
        ["山东省", "安徽省"]
            .into_iter()
            .find(|p| local.starts_with(p))
            .unwrap_or("national")
    };
    // Every co-lead tie stays within one province or touches the national bank.
    let mut national_ties = 0;
    for edge in graph.edge_indices() {
        let (a, b) = graph.edge_endpoints(edge).unwrap();
        let (pa, pb) = (province(a), province(b));
        if pa == "national" || pb == "national" {
            national_ties += 1;
            assert_eq!(
                graph[if pa == "national" { a } else { b }].name,
                "国家开发银行"
            );
        } else {
            assert_eq!(pa, pb, "{} – {}", graph[a].name, graph[b].name);
        }
    }
    // 国家开发银行 co-leads with each province's 省财政厅, and nothing else joins them.
    assert_eq!(national_ties, 2);
    // The printed names two provinces share are shown with their province.
    let names: Vec<&str> = graph.node_weights().map(|n| n.name.as_str()).collect();
    for name in [
        "山东省能源局",
        "安徽省能源局",
        "山东省科技厅",
        "安徽省科技厅",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    assert!(names.contains(&"省工业和信息化厅"), "{names:?}");
}

#[test]
fn a_document_without_jurisdiction_warns_and_can_be_stated() {
    let file = "tests/data/jurisdiction/unplaced/county-tasks.txt";
    let output = support::run(&["build", file, "--verbose"], "");
    assert_eq!(output.status.code(), Some(0));
    let err = support::stderr(&output);
    assert!(
        err.contains("county-tasks.txt: warning: no jurisdiction:")
            && err.contains("--jurisdiction REGION"),
        "{err}"
    );
    assert!(
        err.contains(
            "county-tasks.txt:7: warning: unit `县住建局` belongs to no known jurisdiction"
        ),
        "{err}"
    );
    let units = "SELECT ?u WHERE { ?u a pg:Unit } ORDER BY ?u";
    let dir = "tests/data/jurisdiction/unplaced";
    let printed = support::run(&["--data", dir, "query", units, "--format", "csv"], "");
    assert!(support::stdout(&printed).contains("/unit/县住建局\r\n"));
    // Stated on the command line …
    let stated = support::run(
        &[
            "--data",
            dir,
            "--jurisdiction",
            "大竹县",
            "query",
            units,
            "--format",
            "csv",
        ],
        "",
    );
    let want: String = ["住建局", "各镇人民政府", "民政局", "财政局"]
        .iter()
        .map(|u| format!("https://w3id.org/plangraph/id/unit/达州市大竹县{u}\r\n"))
        .collect();
    let want = format!("u\r\n{want}");
    assert_eq!(support::stdout(&stated), want);
    // … or in jurisdiction.tsv beside the documents.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(file, tmp.path().join("county-tasks.txt")).unwrap();
    std::fs::write(
        tmp.path().join("jurisdiction.tsv"),
        "# file\tregion\ncounty-tasks.txt\t四川省达州市大竹县\n",
    )
    .unwrap();
    let tmp_dir = tmp.path().to_str().unwrap();
    let from_file = support::run(&["--data", tmp_dir, "query", units, "--format", "csv"], "");
    assert_eq!(support::stdout(&from_file), want);
    // A name that is not one division is refused in one sentence.
    let ambiguous = support::run(&["--data", dir, "--jurisdiction", "鼓楼区", "build"], "");
    assert_eq!(ambiguous.status.code(), Some(2));
    assert_eq!(
        support::stderr(&ambiguous),
        "plangraph: --jurisdiction: '鼓楼区' names several divisions: 南京市鼓楼区, 徐州市鼓楼区, 福州市鼓楼区, 开封市鼓楼区 (write one of them)\n"
    );
    std::fs::write(tmp.path().join("jurisdiction.tsv"), "other.txt\t大竹县\n").unwrap();
    let stray = support::run(&["--data", tmp_dir, "build"], "");
    assert_eq!(stray.status.code(), Some(2));
    assert!(
        support::stderr(&stray)
            .contains("jurisdiction.tsv:1: other.txt is not one of the documents read"),
        "{}",
        support::stderr(&stray)
    );
}

#[test]
fn a_printed_name_two_provinces_share_is_a_question_not_a_pick() {
    let dir = support::TWO_PROVINCES;
    let shared = support::run(&["--data", dir, "analyze", "unit", "省科技厅"], "");
    assert_eq!(shared.status.code(), Some(2));
    assert_eq!(
        support::stderr(&shared),
        "plangraph: analysis 'unit' failed: '省科技厅' names several units: 安徽省科技厅, 山东省科技厅 (give one of them)\n"
    );
    let one = support::run(&["--data", dir, "analyze", "unit", "安徽省科技厅"], "");
    assert_eq!(one.status.code(), Some(0), "{}", support::stderr(&one));
    assert!(support::stdout(&one).contains("led_tasks = 2"));
    // A printed name only one province uses still finds its unit.
    let unique = support::run(&["--data", dir, "analyze", "unit", "省海洋局"], "");
    assert_eq!(
        unique.status.code(),
        Some(0),
        "{}",
        support::stderr(&unique)
    );
}

fn read_documents(docs: &[(&str, &str)]) -> Corpus {
    plangraph::ingest::ingest(
        &docs
            .iter()
            .map(|(name, text)| plangraph::ingest::Source {
                name: (*name).to_owned(),
                bytes: text.as_bytes().to_vec(),
            })
            .collect::<Vec<_>>(),
    )
    .expect("fixture documents are text")
}

#[test]
fn places_and_industries_are_read_with_the_documents_jurisdiction() {
    // Our own sentences: an Anhui plan that names Shandong's industry and
    // area words, its own cities and a national area.
    let anhui = "安徽省人民政府办公厅关于印发某行动方案的通知\n\
                 皖政办〔2023〕9号\n\
                 一、重点任务\n\
                 1. 支持芜湖市、合肥发展新能源产业，融入长三角，学习胶东经济圈经验。（省发展改革委牵头，省财政厅配合）\n";
    let shandong = "山东省人民政府办公厅关于印发某行动方案的通知\n\
                    鲁政办字〔2023〕9号\n\
                    一、重点任务\n\
                    1. 支持青岛、烟台发展新能源产业，建设胶东经济圈。（省发展改革委牵头，省财政厅配合）\n";
    let corpus = read_documents(&[("ah.txt", anhui), ("sd.txt", shandong)]);
    let task = |file: &str| {
        corpus
            .tasks
            .iter()
            .find(|t| t.mentions[0].document == file)
            .expect("one task per document")
    };
    let ah = task("ah.txt");
    assert_eq!(
        ah.regions.iter().map(String::as_str).collect::<Vec<_>>(),
        ["合肥市", "芜湖市", "长三角"]
    );
    // Shandong's 十强产业 scheme is not Anhui's.
    assert!(ah.industries.is_empty(), "{:?}", ah.industries);
    let sd = task("sd.txt");
    assert_eq!(
        sd.regions.iter().map(String::as_str).collect::<Vec<_>>(),
        ["烟台市", "胶东经济圈", "青岛市"]
    );
    assert_eq!(
        sd.industries.iter().map(String::as_str).collect::<Vec<_>>(),
        ["新能源产业"]
    );
    // Region nodes are the division table's: one node per city, named by
    // its qualified name, part of its province.
    let quads = corpus_to_quads(&corpus);
    let has = |s: &str, p: &str, o: &str| {
        quads.iter().any(|q| {
            q.subject.to_string() == format!("<https://w3id.org/plangraph/id/region/{s}>")
                && q.predicate.as_str().ends_with(p)
                && q.object.to_string().contains(o)
        })
    };
    assert!(has("芜湖市", "partOf", "region/安徽省"));
    assert!(has("青岛市", "partOf", "region/山东省"));
    assert!(has("胶东经济圈", "containsRegion", "region/青岛市"));
}

#[test]
fn no_industry_scheme_without_a_document_of_its_jurisdiction() {
    let anhui =
        "安徽省人民政府关于某事的通知\n一、重点任务\n1. 发展新能源产业。（省发展改革委牵头）\n";
    let corpus = read_documents(&[("ah.txt", anhui)]);
    let quads = corpus_to_quads(&corpus);
    assert!(
        !quads
            .iter()
            .any(|q| q.predicate.as_str().ends_with("#inScheme")),
        "an Anhui corpus holds no 十强产业 concepts"
    );
}

#[test]
fn a_headless_document_read_with_another_governments_plan_family_is_warned() {
    // No titles, no headings: a goal paragraph and numbered tasks, naming
    // a plan of Shandong's 十大创新 family, issued in Anhui.
    let text = "安徽省人民政府办公厅\n\
                到2025年，科技研发创新能力明显增强。\n\
                1. 建设创新平台。（省科技厅牵头）\n\
                2. 培育创新企业。（省科技厅牵头）\n";
    let corpus = read_documents(&[("headless.txt", text)]);
    let warned = corpus.diagnostics.iter().any(|d| {
        d.file == "headless.txt"
            && d.message.contains("plan family 十大创新")
            && d.message.contains("安徽省")
    });
    assert!(
        warned,
        "{:#?}",
        corpus
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
}
