//! Every attribution style the grammar reads, each in a small document
//! written for this test (invented sentences and units), checked unit by
//! unit: who leads, who cooperates, who is the responsible leader, and what
//! the tool says when it cannot read something.

use plangraph::ingest::{ingest, Source};
use plangraph::model::{Corpus, Role, Severity};

fn read(name: &str, text: &str) -> Corpus {
    ingest(&[Source {
        name: name.to_string(),
        bytes: text.as_bytes().to_vec(),
    }])
    .expect("the fixture ingests")
}

/// The task printed at `line`: its lead and cooperating units (as printed)
/// and its persons.
fn at(corpus: &Corpus, line: usize) -> (Vec<String>, Vec<String>, Vec<String>) {
    let task = corpus
        .tasks
        .iter()
        .find(|t| t.mentions.iter().any(|m| m.line == line))
        .unwrap_or_else(|| {
            let lines: Vec<usize> = corpus
                .tasks
                .iter()
                .flat_map(|t| t.mentions.iter().map(|m| m.line))
                .collect();
            panic!("no task at line {line}; tasks at {lines:?}")
        });
    let pick = |role: Role| {
        task.responsibilities
            .iter()
            .filter(|r| r.role == role)
            .map(|r| r.surface.clone())
            .collect::<Vec<_>>()
    };
    (
        pick(Role::Lead),
        pick(Role::Cooperating),
        task.persons.clone(),
    )
}

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn warnings(corpus: &Corpus) -> Vec<String> {
    corpus
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.to_string())
        .collect()
}

const HEAD: &str = "某某市人民政府关于印发2024年重点工作分工方案的通知\n某政发〔2024〕7号\n2024年重点工作分工方案\n一、主要任务\n";

#[test]
fn inline_labels_in_every_bracket_and_width() {
    let doc = format!(
        "{HEAD}\
1.建设一批智慧园区。（牵头单位：市工信局；配合单位：市发改委、市财政局）\n\
2.完善公交线网。(牵头部门:市交通局,参与单位:市公安局)\n\
3.推进老旧小区改造。〔牵头责任单位：市住建局；协同责任单位：各区政府〕\n\
4.建设数据中心。[牵头单位:市数据局(大数据中心);责任单位:市通信办,市电力公司]\n\
5.扩大就业见习。【责任单位：市人社局、市教育局】\n\
6.办好技能大赛。（牵头单位：市人社局；协同单位：市总工会；完成时限：2024年10月底）\n\
7.治理黑臭水体。（牵头单位：市水务局；配合部门：市生态环境局；参加单位：市城管局）\n"
    );
    let c = read("inline.txt", &doc);
    assert_eq!(
        at(&c, 5),
        (v(&["市工信局"]), v(&["市发改委", "市财政局"]), v(&[]))
    );
    assert_eq!(at(&c, 6), (v(&["市交通局"]), v(&["市公安局"]), v(&[])));
    assert_eq!(at(&c, 7), (v(&["市住建局"]), v(&["各区政府"]), v(&[])));
    // 责任单位 beside an explicit 牵头单位 cooperates; a bracket inside a
    // name stays in it.
    assert_eq!(
        at(&c, 8),
        (
            v(&["市数据局(大数据中心)"]),
            v(&["市通信办", "市电力公司"]),
            v(&[])
        )
    );
    // 责任单位 alone leads.
    assert_eq!(at(&c, 9), (v(&["市人社局", "市教育局"]), v(&[]), v(&[])));
    assert_eq!(at(&c, 10).0, v(&["市人社局"]));
    let task = c.tasks.iter().find(|t| t.mentions[0].line == 10).unwrap();
    assert_eq!(task.deadlines[0].text, "2024年10月底");
    assert_eq!(task.deadlines[0].due.as_deref(), Some("2024-10-31"));
    assert_eq!(
        at(&c, 11),
        (v(&["市水务局"]), v(&["市生态环境局", "市城管局"]), v(&[]))
    );
    // The attribution is cut from the text, and only it.
    assert_eq!(task.text, "办好技能大赛。");
}

#[test]
fn prose_roles() {
    let doc = format!(
        "{HEAD}\
1.发展夜间经济。（市商务局牵头，市文旅局、市公安局配合）\n\
2.建设口袋公园。(市园林局牵头,各区政府参与)\n\
3.推进数字政府。（市数据局牵头，会同市委网信办、市财政局和各区政府负责）\n\
4.开展质量提升行动。（市市场监管局牵头，市工信局参加）\n\
5.落实减税降费。（市税务局牵头，市财政局按照职责分工负责）\n\
6.加强人才引进。（市委组织部牵头负责）\n\
7.办好民生实事。（市政府办公室负责）\n\
8.推进营商环境改革。（市发改委、市司法局负责）\n\
9.建设创新平台。（市科技局、市工信局等按职责分工负责）\n\
10.实施城市更新。（市住建局、市自然资源局分别牵头）\n\
11.完善应急体系。（市应急局牵头，市消防救援支队协同）\n"
    );
    let c = read("prose.txt", &doc);
    assert_eq!(
        at(&c, 5),
        (v(&["市商务局"]), v(&["市文旅局", "市公安局"]), v(&[]))
    );
    assert_eq!(at(&c, 6), (v(&["市园林局"]), v(&["各区政府"]), v(&[])));
    // 和 between two bodies separates them; inside 工业和信息化 it would not.
    assert_eq!(
        at(&c, 7),
        (
            v(&["市数据局"]),
            v(&["市委网信办", "市财政局", "各区政府"]),
            v(&[])
        )
    );
    assert_eq!(at(&c, 8), (v(&["市市场监管局"]), v(&["市工信局"]), v(&[])));
    assert_eq!(at(&c, 9), (v(&["市税务局"]), v(&["市财政局"]), v(&[])));
    assert_eq!(at(&c, 10), (v(&["市委组织部"]), v(&[]), v(&[])));
    assert_eq!(at(&c, 11), (v(&["市政府办公室"]), v(&[]), v(&[])));
    assert_eq!(at(&c, 12), (v(&["市发改委", "市司法局"]), v(&[]), v(&[])));
    assert_eq!(at(&c, 13), (v(&["市科技局", "市工信局"]), v(&[]), v(&[])));
    assert_eq!(
        at(&c, 14),
        (v(&["市住建局", "市自然资源局"]), v(&[]), v(&[]))
    );
    assert_eq!(
        at(&c, 15),
        (v(&["市应急局"]), v(&["市消防救援支队"]), v(&[]))
    );
}

#[test]
fn attribution_lines_under_a_task_and_persons() {
    let doc = format!(
        "{HEAD}\
1.新建幼儿园10所。\n\
牵头单位：市教育局\n\
配合单位：市住建局、市自然资源局\n\
责任领导：周明\n\
完成时限：2024年8月底前\n\
\n\
2.改造农贸市场5个。\n\
牵头责任单位：市商务局\n\
协同责任单位：各区政府\n\
牵头领导：吴 刚\n\
\n\
3.提高医保待遇。\n\
分管省领导：郑华\n\
部门分工：市医保局牵头，各地、各部门配合。\n\
\n\
4.建设养老服务中心。\n\
责任单位：市民政局\n"
    );
    let c = read("lines.txt", &doc);
    assert_eq!(
        at(&c, 5),
        (
            v(&["市教育局"]),
            v(&["市住建局", "市自然资源局"]),
            v(&["周明"])
        )
    );
    let first = c.tasks.iter().find(|t| t.mentions[0].line == 5).unwrap();
    assert_eq!(first.deadlines[0].due.as_deref(), Some("2024-08-31"));
    // The lines are part of the task's printing, not tasks of their own.
    assert_eq!(first.mentions[0].end_line, 9);
    assert_eq!(first.text, "新建幼儿园10所。");
    assert_eq!(
        at(&c, 11),
        (v(&["市商务局"]), v(&["各区政府"]), v(&["吴 刚"]))
    );
    assert_eq!(
        at(&c, 16),
        (v(&["市医保局"]), v(&["各地", "各部门"]), v(&["郑华"]))
    );
    assert_eq!(at(&c, 20), (v(&["市民政局"]), v(&[]), v(&[])));
    assert_eq!(c.tasks.len(), 4, "attribution lines are never tasks");
}

#[test]
fn rules_a_document_declares_once() {
    let doc = format!(
        "{HEAD}\
1.稳定就业岗位。（市人社局、市财政局、市税务局等负责，列第一位者为牵头单位，下同）\n\
2.支持返乡创业。（市农业农村局、市人社局负责）\n\
3.推进职业培训。（市人社局、市教育局分别牵头）\n\
二、市交通局牵头工作（2项）\n\
1.新开公交线路3条。\n\
2.改造公交站台20个。（市城管局负责）\n"
    );
    let c = read("rules.txt", &doc);
    assert_eq!(
        at(&c, 5),
        (v(&["市人社局"]), v(&["市财政局", "市税务局"]), v(&[]))
    );
    // 下同: the rule holds for the role-less lists after it …
    assert_eq!(at(&c, 6), (v(&["市农业农村局"]), v(&["市人社局"]), v(&[])));
    // … but 分别牵头 gives each unit the lead.
    assert_eq!(at(&c, 7), (v(&["市人社局", "市教育局"]), v(&[]), v(&[])));
    // A heading `X牵头工作` leads the items below it that name no unit.
    assert_eq!(at(&c, 9), (v(&["市交通局"]), v(&[]), v(&[])));
    assert_eq!(at(&c, 10), (v(&["市城管局"]), v(&[]), v(&[])));
}

#[test]
fn flattened_table_with_a_star_marking_the_lead() {
    let doc = "某县2023年民生实事分解表\n\n序号\n\n民生实事\n\n责任单位\n\n完成时限\n\n1\n\n新建城东公园。\n\n县住建局*、县林业局\n\n6月底前\n\n2\n\n改造县医院门诊楼。\n\n县卫健委\n\n县医院\n\n12月底前\n";
    let c = read("table.txt", doc);
    assert_eq!(at(&c, 11), (v(&["县住建局"]), v(&["县林业局"]), v(&[])));
    assert_eq!(at(&c, 19), (v(&["县卫健委", "县医院"]), v(&[]), v(&[])));
    let second = c.tasks.iter().find(|t| t.mentions[0].line == 19).unwrap();
    assert_eq!(second.text, "改造县医院门诊楼。");
    assert_eq!(second.deadlines[0].text, "12月底前");
    assert_eq!(second.deadlines[0].due.as_deref(), Some("2023-12-31"));
}

#[test]
fn piped_table_with_leader_lead_and_partner_columns() {
    let doc = "2022年重点项目责任分工\n序号 | 重点工作 | 分管领导 | 牵头单位 | 配合单位 | 备注 |\n1 | 建设物流园。 | 孙 杰 | 区商务局 | 区交通局、区税务局 | |\n2 | 建设污水处理厂。 | 钱进 | 区水务局 | 甲街道、乙街道办事处 | |\n";
    let c = read("piped.txt", doc);
    assert_eq!(
        at(&c, 3),
        (
            v(&["区商务局"]),
            v(&["区交通局", "区税务局"]),
            v(&["孙 杰"])
        )
    );
    // A shared body after bare place words stays one collective.
    assert_eq!(
        at(&c, 4),
        (v(&["区水务局"]), v(&["甲街道、乙街道办事处"]), v(&["钱进"]))
    );
}

#[test]
fn traditional_script_half_width_and_item_numbers() {
    let doc = format!(
        "{HEAD}\
1、推進智慧農業。(牽頭單位:市農業農村局;配合單位:市科技局、市氣象局)\n\
（2）建設冷鏈物流。(市商務局牽頭,市交通局、市發改委按職責分工負責)\n\
③培育龍頭企業。(市工信局負責)\n\
4﹒完善產業基金。(牽頭單位:市財政局)\n\
(五)健全服務體系。(各縣、特區、區人民政府負責)\n"
    );
    let c = read("trad.txt", &doc);
    assert_eq!(
        at(&c, 5),
        (v(&["市農業農村局"]), v(&["市科技局", "市氣象局"]), v(&[]))
    );
    assert_eq!(
        at(&c, 6),
        (v(&["市商務局"]), v(&["市交通局", "市發改委"]), v(&[]))
    );
    assert_eq!(at(&c, 7), (v(&["市工信局"]), v(&[]), v(&[])));
    assert_eq!(at(&c, 8), (v(&["市財政局"]), v(&[]), v(&[])));
    assert_eq!(at(&c, 9), (v(&["各縣、特區、區人民政府"]), v(&[]), v(&[])));
    let task = c.tasks.iter().find(|t| t.mentions[0].line == 5).unwrap();
    assert_eq!(task.text, "推进智慧农业。");
}

#[test]
fn names_split_at_separators_but_never_inside_brackets_or_shared_suffixes() {
    let doc = format!(
        "{HEAD}\
1.建设公共实训基地。（牵头单位：市人社局；配合单位：各县（市、区）政府，相关市、县政府，市财政局及各开发区管委会）\n\
2.推动园区扩容。（牵头单位：市发改委；配合单位：甲区、乙区政府，有关行政执法、司法机关）\n"
    );
    let c = read("split.txt", &doc);
    assert_eq!(
        at(&c, 5).1,
        v(&[
            "各县（市、区）政府",
            "相关市、县政府",
            "市财政局",
            "各开发区管委会"
        ])
    );
    assert_eq!(
        at(&c, 6).1,
        v(&["甲区、乙区政府", "有关行政执法、司法机关"])
    );
}

#[test]
fn run_on_lines_are_cut_before_each_item() {
    let body = "推进就业服务下沉到社区，完善基层公共就业服务平台，健全覆盖城乡的公共就业服务体系。"
        .repeat(3);
    let doc = format!(
        "某市人民政府关于做好就业工作的意见（2021年） 一、强化就业优先 1.{body}（市人社局牵头，市财政局参加） 2.{body}（市发改委负责）\n"
    );
    let c = read("runon.txt", &doc);
    let tasks: Vec<_> = c.tasks.iter().filter(|t| !t.number.is_empty()).collect();
    assert_eq!(tasks.len(), 2);
    assert!(tasks.iter().all(|t| t.mentions[0].line == 1));
    assert_eq!(
        tasks[0]
            .responsibilities
            .iter()
            .map(|r| (r.surface.as_str(), r.role))
            .collect::<Vec<_>>(),
        vec![("市人社局", Role::Lead), ("市财政局", Role::Cooperating)]
    );
}

#[test]
fn what_cannot_be_read_is_said_with_file_and_line() {
    let doc = format!(
        "{HEAD}\
1.建设图书馆。（牵头单位：市文旅局）\n\
2.建设体育馆。（由有关方面研究后牵头落实）\n\
3.建设博物馆。（牵头单位：市文旅局）\n\
4.建设美术馆。\n\
5.建设科技馆。（牵头单位：市科协）\n\
6.建设档案馆。（牵头单位：市档案局）\n"
    );
    let c = read("silent.txt", &doc);
    let w = warnings(&c);
    // A bracket with a role word that yields no unit stays in the text, and
    // is reported.
    assert!(
        w.iter()
            .any(|m| m.starts_with("silent.txt:6:") && m.contains("names no unit")),
        "{w:#?}"
    );
    let second = c.tasks.iter().find(|t| t.mentions[0].line == 6).unwrap();
    assert!(second.text.contains("牵头落实"));
    // An item without units where most items have them.
    assert!(
        w.iter()
            .any(|m| m.starts_with("silent.txt:8:") && m.contains("names no responsible unit")),
        "{w:#?}"
    );
}

#[test]
fn a_plan_that_states_no_year_says_so_and_gets_no_year() {
    let doc = "关于加强社区治理的实施意见\n一、重点任务\n1.建设社区服务站。（牵头单位：民政局）\n2.培育社区组织。（牵头单位：民政局）\n";
    let c = read("undated.txt", doc);
    assert_eq!(c.plans[0].start_year, 0);
    assert!(warnings(&c)
        .iter()
        .any(|m| m.starts_with("undated.txt:1:") && m.contains("states no year")));
    let store = plangraph::store::store_from_corpus(&c).expect("loads");
    let rows =
        super::support::select_on(&store, "SELECT ?y WHERE { ?p a pg:Plan ; pg:startYear ?y }");
    assert!(
        rows.is_empty(),
        "no pg:startYear for a plan without a year: {rows:?}"
    );
}

#[test]
fn labels_after_the_last_sentence_without_brackets() {
    let doc = format!(
        "{HEAD}\
1.加快建设物流园区，年内完成投资5亿元。牵头单位：市发改委；配合单位：市财政局、市自然资源局。\n\
2.推进全民健身。责任单位：市体育局。\n"
    );
    let c = read("trailing.txt", &doc);
    assert_eq!(
        at(&c, 5),
        (v(&["市发改委"]), v(&["市财政局", "市自然资源局"]), v(&[]))
    );
    assert_eq!(at(&c, 6), (v(&["市体育局"]), v(&[]), v(&[])));
    let first = c.tasks.iter().find(|t| t.mentions[0].line == 5).unwrap();
    assert_eq!(first.text, "加快建设物流园区，年内完成投资5亿元。");
}

#[test]
fn tab_separated_table() {
    let doc = "某区2024年为民办实事项目\n序号\t项目名称\t牵头单位\t配合单位\t完成时间\n1\t新建停车场3处\t区城管局\t区交通局\t2024年9月底\n2\t改造背街小巷10条\t区住建局\t各街道\t2024年12月底\n";
    let c = read("tabs.txt", doc);
    assert_eq!(at(&c, 3), (v(&["区城管局"]), v(&["区交通局"]), v(&[])));
    assert_eq!(at(&c, 4), (v(&["区住建局"]), v(&["各街道"]), v(&[])));
    let first = c.tasks.iter().find(|t| t.mentions[0].line == 3).unwrap();
    assert_eq!(first.deadlines[0].due.as_deref(), Some("2024-09-30"));
}

#[test]
fn numbered_items_without_sections_are_one_plan_of_their_own() {
    // No `一、` headings and no plan titles: the tasks belong to the plan the
    // title names, never to a plan family of another province.
    let doc = "关于推进夜间经济发展的若干措施（2023年）\n\n1.延长商圈营业时间。（牵头单位：市商务局）\n\n2.增加夜间公交班次。（市交通局负责）\n";
    let c = read("items.txt", doc);
    assert_eq!(c.plans.len(), 1);
    assert_eq!(c.plans[0].title, "关于推进夜间经济发展的若干措施");
    assert_eq!(c.plans[0].group, None);
    assert_eq!(c.plans[0].start_year, 2023);
    assert_eq!(at(&c, 3).0, v(&["市商务局"]));
    assert_eq!(at(&c, 5).0, v(&["市交通局"]));
    assert!(c
        .diagnostics
        .iter()
        .all(|d| !d.message.contains("inferred")));
}

/// Issue #18 (item 8): a task numbered 1000 or more is a task, not a goal
/// paragraph, and a year that opens a line is not an item.
#[test]
fn r18_task_numbers_past_999_are_tasks_and_years_are_not() {
    let mut doc = String::from(HEAD);
    for n in 998..=1001 {
        doc.push_str(&format!("{n}.完成第{n}项工作。（牵头单位：市统计局）\n"));
    }
    doc.push_str("2023.全年工作总结在年底前报送。\n");
    let c = read("numbers.txt", &doc);
    let numbers: Vec<&str> = c
        .tasks
        .iter()
        .filter(|t| !t.number.is_empty())
        .map(|t| t.number.as_str())
        .collect();
    assert_eq!(numbers, vec!["998", "999", "1000", "1001"]);
}

/// Issue #18 (item 8): the check for goal paragraphs that repeat a task's
/// text runs once over the text (an automaton over the paragraphs), not
/// once per pair; it still finds the copy among thousands of paragraphs.
#[test]
fn r18_repeated_paragraph_found_among_many_goal_paragraphs() {
    let mut doc = format!("{HEAD}1.建设全市统一的公共数据开放平台并实现各部门数据按需共享。（牵头单位：市数据局）\n二、保障措施\n");
    for n in 0..5000 {
        doc.push_str(&format!(
            "第{n}段：各级各部门要加强组织领导，压实工作责任，确保各项任务按期完成。\n"
        ));
    }
    doc.push_str("建设全市统一的公共数据开放平台并实现各部门数据按需共享。\n");
    let c = read("repeats.txt", &doc);
    let repeats: Vec<String> = warnings(&c)
        .into_iter()
        .filter(|w| w.contains("repeats the text of task"))
        .collect();
    assert_eq!(repeats.len(), 1, "{repeats:?}");
    assert!(repeats[0].starts_with("repeats.txt:5007:"), "{repeats:?}");
}

#[test]
fn more_prose_variants() {
    let doc = format!(
        "{HEAD}\
1.任务甲。（市科技局牵头，市财政局、市教育局等部门配合）\n\
2.任务乙。(牵头单位:市商务局 配合单位:市交通局)\n\
3.任务丙。（市市场监管局牵头，各县（市、区）人民政府具体负责）\n\
4.任务丁。（市教育局负责，各县区配合）\n\
5.任务戊。（由市司法局牵头，市公安局、市法院、市检察院配合）\n\
6.任务己。（市民政局、市残联共同负责）\n"
    );
    let c = read("variants.txt", &doc);
    assert_eq!(
        at(&c, 5),
        (v(&["市科技局"]), v(&["市财政局", "市教育局"]), v(&[]))
    );
    assert_eq!(at(&c, 6), (v(&["市商务局"]), v(&["市交通局"]), v(&[])));
    assert_eq!(
        at(&c, 7),
        (v(&["市市场监管局"]), v(&["各县（市、区）人民政府"]), v(&[]))
    );
    assert_eq!(at(&c, 8), (v(&["市教育局"]), v(&["各县区"]), v(&[])));
    assert_eq!(
        at(&c, 9),
        (
            v(&["市司法局"]),
            v(&["市公安局", "市法院", "市检察院"]),
            v(&[])
        )
    );
    assert_eq!(at(&c, 10), (v(&["市民政局", "市残联"]), v(&[]), v(&[])));
}

/// The alias table is Shandong's: units of a plan from elsewhere are read as
/// printed, without a warning for every one the table does not know.
#[test]
fn units_of_another_province_are_not_reported_as_missing_from_the_alias_table() {
    let doc = "合肥市人民政府关于印发2024年重点工作分工方案的通知\n2024年重点工作分工方案\n一、主要任务\n1.建设科学岛。（牵头单位：市科技局；配合单位：市财政局）\n2.建设地铁。（市交通局负责）\n";
    let c = read("hefei.txt", doc);
    assert!(
        c.diagnostics
            .iter()
            .all(|d| !d.message.contains("alias table")),
        "{:#?}",
        c.diagnostics
    );
    assert_eq!(at(&c, 4).0, v(&["市科技局"]));
    assert!(
        c.units.iter().any(|u| u.name == "合肥市科技局"),
        "{:?}",
        c.units.iter().map(|u| &u.name).collect::<Vec<_>>()
    );
}
