//! Targets over the embedded corpus, checked by hand against the source
//! lines: what is counted (`pg:indicator`), the direction of the
//! comparator, the year with where it comes from — and the numbers that are
//! no targets (thresholds and size classes, subsidy caps and ratios,
//! specifications, inventories), from every document.
//!
//! Each entry names the physical line where its task starts (`pg:line` of
//! the task's mention in that file); the number may sit on a later line of
//! the same task. Every entry below was read in the source file.

use plangraph::analysis::report::{Cell, Report};
use plangraph::analysis::{self, Analysis, AnalysisError, Filters};
use plangraph::model::{Corpus, Task};

use crate::support::{
    corpus, GREEN_PILOT_KEY_TASKS as KEY, GREEN_PILOT_PLAN as PLAN, TEN_INDUSTRIES as WEB,
    TEN_INNOVATIONS as INNO, THREE_TENS as TENS,
};

/// (file, line, value or `min-max`, measure, indicator, direction, year, year source)
type Expected = (
    &'static str,
    usize,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i32,
    &'static str,
);

#[rustfmt::skip]
const TARGETS: &[Expected] = &[
    // sd-2022-three-tens.txt
    (TENS, 41, "30000", "家", "科技型中小企业", "exactly", 2022, "plan"),
    (TENS, 41, "3000", "亿元", "技术合同交易额", "exactly", 2022, "plan"),
    (TENS, 683, "63000", "亿元", "130个“雁阵形”产业集群规模", "exactly", 2022, "plan"),
    (TENS, 683, "23000", "亿元", "200家领军企业营业收入", "atLeast", 2022, "plan"),
    (TENS, 733, "20", "个", "省级特色产业集群", "atLeast", 2022, "plan"),
    (TENS, 737, "50", "个", "标志性智慧园区", "about", 2022, "plan"),
    (TENS, 1001, "260", "亿立方米", "管道气和液态LNG供气量", "about", 2022, "plan"),
    (TENS, 1099, "700", "家", "博物馆数量", "exactly", 2022, "stated"),
    (TENS, 1203, "30", "项", "重大核心关键技术", "atLeast", 2022, "sentence"),
    (TENS, 1255, "5", "个", "有影响力的区块链优秀解决方案", "atLeast", 2022, "plan"),
    (TENS, 1457, "15", "%", "充电基础设施的车位占总车位的比例", "atLeast", 2022, "plan"),
    (TENS, 1641, "5000", "亿元", "产业集群营业收入", "atLeast", 2022, "sentence"),
    (TENS, 1837, "10", "个", "省特色农产品优势区", "exactly", 2022, "plan"),
    (TENS, 2269, "2400", "公里", "高速铁路里程", "atLeast", 2022, "sentence"),
    (TENS, 2315, "10", "条", "外贸航线", "atLeast", 2022, "plan"),
    (TENS, 2811, "1200", "公里", "新改建城市道路", "exactly", 2022, "plan"),
    (TENS, 3003, "3-5", "个", "工业资源综合利用基地", "exactly", 2022, "plan"),
    (TENS, 3003, "10", "个", "生态工业园区", "exactly", 2022, "plan"),
    (TENS, 3089, "3000", "亿元", "超高清视频产业规模", "atLeast", 2022, "plan"),
    (TENS, 3125, "50", "%", "前端感知设备智能化占比", "atLeast", 2022, "plan"),
    (TENS, 3235, "500000", "件", "商品总数", "atLeast", 2022, "sentence"),
    // sd-2022-ten-industries-web.txt (its own printings of the 十强产业 tasks)
    (WEB, 29, "10", "款", "高端芯片", "atLeast", 2022, "plan"),
    (WEB, 53, "20", "个", "虚拟现实与各领域融合应用场景", "atLeast", 2022, "plan"),
    (WEB, 65, "5", "家", "省级信创产业适配验证中心", "atLeast", 2022, "plan"),
    (WEB, 69, "7", "家", "国家级特色专业型平台", "about", 2022, "plan"),
    (WEB, 107, "2", "个", "国内产业链联盟", "atLeast", 2022, "plan"),
    (WEB, 215, "140000", "台", "各类充电桩保有量", "atLeast", 2022, "sentence"),
    (WEB, 535, "3-5", "处", "国家级海洋牧场示范区", "exactly", 2022, "plan"),
    (WEB, 539, "5", "个", "农业特色产业“单项冠军”", "atLeast", 2022, "plan"),
    (WEB, 547, "1000", "个", "乡土产业名品村", "atLeast", 2022, "plan"),
    (WEB, 551, "5777", "亿元", "集群销售收入", "atLeast", 2022, "plan"),
    (WEB, 599, "50", "亿元", "领军企业营业收入", "about", 2022, "sentence"),
    (WEB, 625, "28", "亿元", "电影票房收入", "atLeast", 2022, "stated"),
    (WEB, 651, "1200", "亿元", "文化贸易进出口规模", "atLeast", 2022, "sentence"),
    (WEB, 775, "30", "家", "上市公司", "atLeast", 2022, "plan"),
    (WEB, 837, "20", "项", "关键核心技术", "atLeast", 2022, "plan"),
    // sd-2023-green-pilot-key-tasks.txt (traditional script; indicators simplified)
    (KEY, 14, "30", "家", "新备案省级新型研发机构", "about", 2023, "plan"),
    (KEY, 20, "60", "名", "工程博士", "about", 2023, "plan"),
    (KEY, 23, "10000", "个", "投资500万元以上技术改造项目", "about", 2023, "plan"),
    (KEY, 31, "2000", "家", "专精特新中小企业", "atLeast", 2023, "plan"),
    (KEY, 41, "2000000", "千瓦", "30万千瓦以下低效煤电机组", "exactly", 2023, "plan"),
    (KEY, 41, "6000000", "千瓦", "煤电机组“三改联动”", "about", 2023, "plan"),
    (KEY, 43, "2000000", "千瓦", "新型储能规模", "atLeast", 2023, "plan"),
    (KEY, 51, "3898", "个", "城镇老旧小区", "exactly", 2023, "plan"),
    (KEY, 53, "10", "家", "山东省再生资源产业园", "about", 2023, "plan"),
    (KEY, 57, "383", "台", "35蒸吨/小时及以下燃煤锅炉", "exactly", 2023, "plan"),
    (KEY, 60, "5000", "平方公里", "生态地质调查面积", "about", 2023, "plan"),
    (KEY, 61, "241.1", "亿立方米", "年度用水总量", "atMost", 2023, "plan"),
    (KEY, 74, "760", "亿斤", "粮食产量", "atLeast", 2023, "plan"),
    (KEY, 83, "90", "个", "种养结合样板基地", "exactly", 2023, "plan"),
    (KEY, 100, "50", "%", "中国(山东)自由贸易试验区升级版任务实施率", "atLeast", 2023, "sentence"),
    (KEY, 124, "100", "%", "特殊困难老年人月探访率", "exactly", 2023, "plan"),
    // sd-2023-2025-green-pilot-plan.txt
    (PLAN, 21, "30", "家", "全国重点实验室", "exactly", 2025, "stated"),
    (PLAN, 23, "50", "家", "省制造业创新中心", "about", 2025, "sentence"),
    (PLAN, 35, "33000", "家", "高新技术企业", "exactly", 2025, "sentence"),
    (PLAN, 65, "60", "项", "国家制造业“质量标杆”", "exactly", 2025, "sentence"),
    (PLAN, 71, "500", "家", "省级及以上绿色工厂", "exactly", 2025, "sentence"),
    (PLAN, 137, "4400", "公里", "高铁营业及在建里程", "exactly", 2025, "sentence"),
    (PLAN, 141, "360", "个", "沿海港口万吨及以上泊位", "exactly", 2025, "sentence"),
    (PLAN, 145, "12", "个", "民用运输机场总数", "exactly", 2025, "sentence"),
    (PLAN, 171, "4", "亿立方米", "天然气产量", "exactly", 2025, "sentence"),
    (PLAN, 203, "77", "%", "5级及以上河湖堤防达标率", "atLeast", 2025, "sentence"),
    (PLAN, 211, "69.9", "%", "地表水国控断面优良水体比例", "exactly", 2025, "sentence"),
    (PLAN, 213, "93", "%", "受污染耕地安全利用率", "about", 2025, "sentence"),
    (PLAN, 249, "37.5", "%", "城市(县城)建成区绿地率", "atLeast", 2025, "plan"),
    (PLAN, 261, "1100", "亿斤", "粮食综合生产能力", "atLeast", 2025, "sentence"),
    (PLAN, 345, "10", "%", "跨境电商进出口", "atLeast", 2025, "plan"),
    (PLAN, 381, "5", "家", "国家级文化产业示范园区（基地）", "exactly", 2025, "sentence"),
    (PLAN, 385, "100", "个", "精品文化旅游名镇", "exactly", 2025, "sentence"),
    (PLAN, 385, "30", "个", "旅游民宿集聚区", "exactly", 2025, "sentence"),
    (PLAN, 435, "97", "%", "医疗保险参保率", "exactly", 2025, "sentence"),
    // sd-2024-2025-ten-innovations.txt
    (INNO, 3, "35000", "家", "高新技术企业", "atLeast", 2024, "stated"),
    (INNO, 3, "53", "%", "规模以上高新技术产业产值占规模以上工业总产值比重", "exactly", 2025, "stated"),
    (INNO, 3, "10", "%", "全社会研发经费投入", "about", 2025, "plan"),
    (INNO, 5, "20", "项", "前沿技术攻关项目", "about", 2025, "plan"),
    (INNO, 11, "60", "项", "重大产业攻关项目", "about", 2025, "sentence"),
    (INNO, 19, "1400000", "人", "青年人才", "atLeast", 2025, "plan"),
    (INNO, 22, "10000", "人", "在站博士后", "atLeast", 2025, "stated"),
    (INNO, 96, "270000", "个", "5G基站", "exactly", 2025, "stated"),
    (INNO, 101, "60", "%", "系统云原生应用率", "atLeast", 2025, "plan"),
    (INNO, 104, "10", "亿元", "数据交易额", "exactly", 2025, "stated"),
    (INNO, 114, "12.5", "EFLOPS", "数据中心总算力", "exactly", 2025, "sentence"),
    (INNO, 115, "65", "%", "10G-PON及以上端口数占比", "atLeast", 2025, "sentence"),
    (INNO, 124, "12000", "个", "投资500万元以上技术改造项目", "about", 2024, "stated"),
    (INNO, 125, "1000000", "辆", "新能源整车产量", "exactly", 2025, "stated"),
    (INNO, 127, "150", "家", "省级技术创新中心总量", "about", 2025, "sentence"),
    (INNO, 131, "1500", "家", "省级以上制造业单项冠军企业", "about", 2025, "stated"),
    (INNO, 136, "60", "场", "促消费活动", "atLeast", 2025, "plan"),
    (INNO, 138, "30", "平方公里", "产业净地", "about", 2025, "plan"),
];

/// 国家级智能工厂、省级以上绿色工厂、绿色园区分别达到50家、500家和50家
/// (sd-2024-2025-ten-innovations.txt l.124): one indicator per target.
const DISTRIBUTED: [(&str, &str); 3] = [
    ("50", "国家级智能工厂"),
    ("500", "省级以上绿色工厂"),
    ("50", "绿色园区"),
];

/// (file, line, value, measure, as printed): numbers that are no targets.
#[rustfmt::skip]
const NOT_TARGETS: &[(&str, usize, &str, &str, &str)] = &[
    // Eligibility thresholds and size classes.
    (TENS, 553, "15", "万元", "月销售额15万元以下的小规模纳税人"),
    (TENS, 2549, "3000", "平方公里", "流域面积3000平方公里以上骨干河道"),
    (TENS, 2981, "500", "万元", "500万元以上技改项目"),
    (TENS, 3465, "10", "人", "培训超过10人的"),
    (TENS, 3467, "1000", "平方米", "1000平方米以上大型仓储物流企业"),
    (WEB, 81, "500", "万元", "研发费用不低于500万元"),
    (WEB, 81, "10", "%", "增幅达到10%以上的重点企业"),
    (WEB, 499, "1000000", "吨", "装置产能100万吨以下独立焦化企业"),
    (KEY, 23, "500", "万元", "投资500万元以上技术改造项目"),
    (KEY, 41, "300000", "千瓦", "30万千瓦以下低效煤电机组"),
    (KEY, 57, "35", "蒸吨/小时", "35蒸吨/小时及以下燃煤锅炉"),
    (PLAN, 163, "300000", "千瓦", "30万千瓦以下抽凝机组"),
    (INNO, 124, "500", "万元", "投资500万元以上技术改造项目"),
    // Subsidy caps, per-unit support, ratios and rules of support.
    (TENS, 95, "70", "%", "出让最低标准》的70%执行"),
    (TENS, 293, "1", "%", "按照余额增量的1%提供资金"),
    (TENS, 555, "50", "%", "按规定税额标准50%执行"),
    (TENS, 3069, "500", "万元", "给予不超过500万元奖补"),
    (TENS, 3175, "200", "元", "按每台不低于200元给予补贴"),
    (WEB, 65, "500", "万元", "给予单个企业最高500万元保费补贴"),
    (WEB, 65, "3", "%", "按照不超过3%的费率上限"),
    (WEB, 227, "5.04", "万元/辆", "最高补贴5.04万元/辆"),
    (WEB, 547, "1", "亿元", "每个给予1亿元奖励资金"),
    (WEB, 687, "40", "%", "给予最高40%、35%的风险补偿"),
    (INNO, 145, "25", "%", "按各25%留给登陆点、并网点所在市"),
    // Design specifications.
    (TENS, 2285, "50000", "吨", "5万吨级航道"),
    (TENS, 2405, "500", "千伏", "500千伏变电站"),
    (TENS, 2605, "35", "千伏", "35千伏及以上公用变电站"),
    (WEB, 259, "15000", "吨", "年产15000吨车规级MLCC用电子陶瓷材料"),
    (WEB, 463, "2000000", "吨/年", "200万吨/年对二甲苯项目"),
    (KEY, 37, "300000", "吨", "30万吨级原油码头"),
    (PLAN, 211, "1", "公里", "岸线1公里范围内"),
    // Existing inventories and starting values.
    (TENS, 689, "42", "条", "从42条重点产业链中"),
    (TENS, 701, "157", "家", "现有157家重点“小巨人”企业"),
    (KEY, 57, "1398", "处", "已排查的1398处农村黑臭水体"),
    (PLAN, 53, "8", "个", "8个现有国家“双一流”建设学科"),
    (INNO, 33, "100", "个", "已推出的100个高频“一件事”服务场景"),
];

/// The tasks of `corpus` printed from `line` of `file`.
fn tasks_at<'a>(corpus: &'a Corpus, file: &str, line: usize) -> Vec<&'a Task> {
    corpus
        .tasks
        .iter()
        .filter(|t| {
            t.mentions
                .iter()
                .any(|m| m.document == file && m.line == line)
        })
        .collect()
}

fn value_of(t: &plangraph::model::Target) -> String {
    match (&t.value, &t.min_value, &t.max_value) {
        (Some(v), _, _) => v.clone(),
        (None, Some(a), Some(b)) => format!("{a}-{b}"),
        _ => String::new(),
    }
}

#[test]
fn hand_checked_targets_are_reproduced() {
    let corpus = corpus();
    let mut wrong = Vec::new();
    for &(file, line, value, measure, indicator, direction, year, source) in TARGETS {
        let found: Vec<String> = tasks_at(corpus, file, line)
            .iter()
            .flat_map(|t| &t.targets)
            .filter(|t| value_of(t) == value && t.measure == measure)
            .map(|t| {
                format!(
                    "{}|{}|{}|{}",
                    t.indicator,
                    t.direction.as_str(),
                    t.year.unwrap_or(0),
                    t.year_source.map_or("", |s| s.as_str())
                )
            })
            .collect();
        let want = format!("{indicator}|{direction}|{year}|{source}");
        if !found.contains(&want) {
            wrong.push(format!(
                "{file} l.{line} {value}{measure}: want {want}, got {found:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(TARGETS.len() >= 60);
    for file in crate::support::CORPUS_FILES {
        assert!(TARGETS.iter().any(|t| t.0 == file), "{file}");
    }
}

#[test]
fn a_distributed_phrase_gives_each_target_its_indicator() {
    let tasks = tasks_at(corpus(), INNO, 124);
    let got: Vec<(String, String)> = tasks
        .iter()
        .flat_map(|t| &t.targets)
        .filter(|t| t.year == Some(2025) && t.measure == "家")
        .map(|t| (value_of(t), t.indicator.clone()))
        .collect();
    let want: Vec<(String, String)> = DISTRIBUTED
        .iter()
        .map(|(v, i)| (v.to_string(), i.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn hand_checked_non_targets_are_left_out() {
    let corpus = corpus();
    let mut wrong = Vec::new();
    for &(file, line, value, measure, printed) in NOT_TARGETS {
        let tasks = tasks_at(corpus, file, line);
        assert!(!tasks.is_empty(), "{file} l.{line}: no task starts there");
        let text = tasks
            .iter()
            .map(|t| t.text.replace(' ', ""))
            .collect::<String>();
        let simplified = fast2s::convert(printed);
        assert!(
            text.contains(&simplified),
            "{file} l.{line}: `{printed}` is not in the task"
        );
        if tasks
            .iter()
            .flat_map(|t| &t.targets)
            .any(|t| value_of(t) == value && t.measure == measure)
        {
            wrong.push(format!("{file} l.{line}: {printed}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(NOT_TARGETS.len() >= 30);
    for file in crate::support::CORPUS_FILES {
        assert!(NOT_TARGETS.iter().any(|t| t.0 == file), "{file}");
    }
}

#[test]
fn every_target_has_an_indicator_from_its_task_and_a_year_with_its_source() {
    let corpus = corpus();
    let mut targets = 0;
    for task in &corpus.tasks {
        let plan = corpus.plans.iter().find(|p| p.id == task.plan);
        let text: String = plangraph::ingest::entities::normalize(&task.text);
        for t in &task.targets {
            targets += 1;
            assert!(!t.indicator.is_empty(), "{}: {t:?}", task.id);
            assert!(
                text.contains(&t.indicator),
                "{}: `{}` is not printed in the task",
                task.id,
                t.indicator
            );
            if plan.is_some_and(|p| p.end_year > 0) {
                assert!(
                    t.year.is_some() && t.year_source.is_some(),
                    "{}: {t:?}",
                    task.id
                );
            }
            assert_eq!(t.year.is_some(), t.year_source.is_some(), "{}", task.id);
        }
    }
    assert!(targets > 1000, "{targets}");
}

// `analyze targets` and the canned query.

fn targets_report(unit: Option<&str>, filters: &Filters) -> Result<Report, AnalysisError> {
    analysis::run(
        crate::support::store(),
        &Analysis::Targets {
            unit: unit.map(str::to_owned),
        },
        filters,
    )
}

fn int(cell: Option<&Cell>) -> i64 {
    match cell {
        Some(Cell::Int(n)) => *n,
        other => panic!("not an integer: {other:?}"),
    }
}

#[test]
fn analyze_targets_lists_every_target_once_with_its_year() {
    let report = targets_report(None, &Filters::default()).unwrap();
    let in_records: usize = corpus().tasks.iter().map(|t| t.targets.len()).sum();
    assert_eq!(int(report.figure("targets")), in_records as i64);
    assert_eq!(int(report.figure("without_year")), 0);
    let table = report.table("targets").unwrap();
    assert_eq!(table.rows.len(), in_records);
    assert_eq!(
        table.columns,
        [
            "year",
            "year_source",
            "indicator",
            "value",
            "measure",
            "comparator",
            "direction",
            "plan",
            "task",
            "lead_units",
            "text"
        ]
    );
    // Sorted by year; the counts per year add up, source by source.
    let years: Vec<i64> = table.rows.iter().map(|r| int(r.first())).collect();
    assert!(years.windows(2).all(|w| w[0] <= w[1]));
    let by_year = report.table("by_year").unwrap();
    let total: i64 = by_year.rows.iter().map(|r| int(r.get(1))).sum();
    assert_eq!(total, in_records as i64);
    for row in &by_year.rows {
        let parts: i64 = (2..6).map(|k| int(row.get(k))).sum();
        assert_eq!(parts, int(row.get(1)), "{row:?}");
    }
    // sd-2024-2025-ten-innovations.txt l.124: the distributed 2025 targets, with the task's lead unit.
    let smart = table
        .rows
        .iter()
        .find(|r| r[2] == Cell::text("国家级智能工厂") && r[3] == Cell::text("50"))
        .expect("国家级智能工厂 50家");
    assert_eq!(smart[0], Cell::Int(2025));
    assert_eq!(smart[1], Cell::text("sentence"));
    assert_eq!(smart[4], Cell::text("家"));
    assert_eq!(smart[6], Cell::text("exactly"));
    assert_eq!(smart[7], Cell::text("产业生态创新"));
    assert_eq!(smart[9], Cell::text("省工业和信息化厅"));
}

#[test]
fn analyze_targets_of_one_unit_are_the_targets_of_the_tasks_it_leads() {
    let report = targets_report(Some("省科技廳"), &Filters::default()).unwrap();
    let table = report.table("targets").unwrap();
    assert!(table.rows.len() > 30, "{}", table.rows.len());
    for row in &table.rows {
        let Cell::Text(leads) = &row[9] else {
            panic!("{row:?}")
        };
        assert!(leads.split('、').any(|u| u == "省科技厅"), "{row:?}");
    }
    // The canned query over the same graph counts the same targets.
    let text =
        std::fs::read_to_string(crate::support::root().join("queries/targets-of-unit-by-year.rq"))
            .unwrap();
    let bindings =
        plangraph::commands::query::bindings(crate::support::store(), &text, &["unit=省科技厅"])
            .unwrap();
    let query = plangraph::query_params::with_values(&text, &bindings).unwrap();
    assert_eq!(crate::support::select(&query).len(), table.rows.len());
    // The usual filters apply: the 2024–2025 plans only.
    let filtered = targets_report(
        Some("省科技厅"),
        &Filters {
            year: vec![2024],
            ..Filters::default()
        },
    )
    .unwrap();
    let rows = &filtered.table("targets").unwrap().rows;
    assert!(!rows.is_empty() && rows.len() < table.rows.len());
    assert!(rows
        .iter()
        .all(|r| matches!(r[0], Cell::Int(y) if y >= 2024)));
}

#[test]
fn analyze_targets_of_an_unknown_unit_is_an_error_with_suggestions() {
    let err = targets_report(Some("省科技"), &Filters::default()).unwrap_err();
    assert!(matches!(err, AnalysisError::UnknownUnit { .. }), "{err}");
}

#[test]
fn analyze_targets_from_documents_equals_from_the_graph() {
    let out = crate::support::run(
        &[
            "analyze",
            "targets",
            "--unit",
            "省科技厅",
            "--format",
            "csv",
        ],
        "",
    );
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let csv = crate::support::stdout(&out);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("year,year_source,indicator,value,measure,comparator,direction,plan,task,lead_units,text")
    );
    let from_graph = targets_report(Some("省科技厅"), &Filters::default()).unwrap();
    assert_eq!(
        lines.count(),
        from_graph.table("targets").unwrap().rows.len()
    );
    let out = crate::support::run(&["analyze", "targets", "--unit", "没有这个单位"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(crate::support::stderr(&out).contains("没有这个单位"));
}

#[test]
fn the_canned_query_lists_the_targets_of_one_year_with_lead_units() {
    let text =
        std::fs::read_to_string(crate::support::root().join("queries/targets-by-year.rq")).unwrap();
    let bindings =
        plangraph::commands::query::bindings(crate::support::store(), &text, &[] as &[&str])
            .unwrap();
    let rows =
        crate::support::select(&plangraph::query_params::with_values(&text, &bindings).unwrap());
    let report = targets_report(None, &Filters::default()).unwrap();
    let of_2025 = report
        .table("targets")
        .unwrap()
        .rows
        .iter()
        .filter(|r| r[0] == Cell::Int(2025))
        .count();
    assert_eq!(rows.len(), of_2025);
    assert!(rows.iter().all(|r| r[0] == "2025"));
    assert!(rows
        .iter()
        .any(|r| r[2] == "国家级智能工厂" && r[3] == "50" && r[10].contains("省工业和信息化厅")));
}

#[test]
fn goal_paragraphs_are_kept_by_the_same_filters_as_tasks() {
    // sd-2024-2025-ten-innovations.txt l.3 is the goal paragraph of 科技研发创新 (2024–2025).
    let goal_rows = |filters: Filters| -> usize {
        targets_report(None, &filters)
            .unwrap()
            .table("targets")
            .unwrap()
            .rows
            .iter()
            .filter(|r| r[8] == Cell::text("2024-科技研发创新-1-p1"))
            .count()
    };
    assert_eq!(goal_rows(Filters::default()), 7);
    assert_eq!(
        goal_rows(Filters {
            year: vec![2024],
            plan: Some("科技研发".into()),
            ..Filters::default()
        }),
        7
    );
    assert_eq!(
        goal_rows(Filters {
            plan: Some("人才".into()),
            ..Filters::default()
        }),
        0
    );
    assert_eq!(
        goal_rows(Filters {
            year: vec![2022],
            ..Filters::default()
        }),
        0
    );
}
