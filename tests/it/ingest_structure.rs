//! Ingestion of the embedded corpus: documents, plans, sections, tasks and
//! mentions, checked against counts made over the source text and against tasks read by
//! hand in the source files.

use std::collections::BTreeMap;

use plangraph::ingest::{embedded_sources, ingest, IngestError, Source};
use plangraph::model::{Severity, Task, TaskKind};

use crate::support::{
    corpus, corpus_text, GREEN_PILOT_KEY_TASKS, GREEN_PILOT_PLAN, TEN_INDUSTRIES, TEN_INNOVATIONS,
    THREE_TENS,
};

fn task(id: &str) -> &'static Task {
    corpus()
        .tasks
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no task {id}"))
}

/// Tasks with a mention in `file`, counted by kind.
fn kinds_in(file: &str) -> BTreeMap<TaskKind, usize> {
    let mut counts = BTreeMap::new();
    for t in &corpus().tasks {
        if t.mentions.iter().any(|m| m.document == file) {
            *counts.entry(t.kind).or_insert(0) += 1;
        }
    }
    counts
}

fn has_diagnostic(file: &str, line: usize, severity: Severity, needle: &str) -> bool {
    corpus().diagnostics.iter().any(|d| {
        d.file == file && d.line == line && d.severity == severity && d.message.contains(needle)
    })
}

#[test]
fn task_counts_per_document_match_the_counts_read_in_the_documents() {
    use TaskKind::*;
    // sd-2022-three-tens.txt: 901 numbered; 133 leaf items + 29 attributed goal items; 26 goal
    // paragraphs, 7 unattributed goal items, 4 工业技改 intros, the stray l.681.
    assert_eq!(
        kinds_in(THREE_TENS),
        BTreeMap::from([(Numbered, 901), (Item, 162), (Paragraph, 38)])
    );
    // sd-2022-ten-industries-web.txt prints the 十强产业 block of sd-2022-three-tens.txt: 255 numbered
    // tasks.
    assert_eq!(kinds_in(TEN_INDUSTRIES)[&Numbered], 255);
    assert_eq!(
        kinds_in(GREEN_PILOT_KEY_TASKS),
        BTreeMap::from([(Numbered, 116)])
    );
    // sd-2023-2025-green-pilot-plan.txt: 1–160 plus the 10 goal paragraphs opening sections 二 to
    // 十一.
    assert_eq!(
        kinds_in(GREEN_PILOT_PLAN),
        BTreeMap::from([(Numbered, 160), (Paragraph, 10)])
    );
    // sd-2024-2025-ten-innovations.txt: 121 numbered + 9 (一)-tasks of P2 + 18 推进措施 items; 6 goals.
    assert_eq!(
        kinds_in(TEN_INNOVATIONS),
        BTreeMap::from([(Numbered, 121), (Item, 27), (Paragraph, 6)])
    );
}

#[test]
fn web_copy_tasks_merge_into_the_official_ones() {
    let c = corpus();
    let web: Vec<&Task> = c
        .tasks
        .iter()
        .filter(|t| t.mentions.iter().any(|m| m.document == TEN_INDUSTRIES))
        .collect();
    assert_eq!(web.len(), 321);
    // Every task of the web copy is also in the official file: no doubling.
    assert!(web
        .iter()
        .all(|t| t.mentions.len() == 2 && t.mentions.iter().any(|m| m.document == THREE_TENS)));
    // 1,539 distinct tasks in all: 1,101 + 116 + 170 + 154 (sd-2022-ten-industries-web.txt adds
    // none).
    assert_eq!(c.tasks.len(), 1101 + 116 + 170 + 154);

    // Mentions in input order (sd-2022-ten-industries-web.txt sorts first), lines of both
    // printings.
    let t = task("2022-高端装备产业-2-n10");
    let places: Vec<(&str, usize)> = t
        .mentions
        .iter()
        .map(|m| (m.document.as_str(), m.line))
        .collect();
    assert_eq!(places, vec![(TEN_INDUSTRIES, 123), (THREE_TENS, 1333)]);
    // Text from the official printing, OCR slip included.
    assert!(t.text.contains("高端装备制造制造业"), "{}", t.text);
    assert!(has_diagnostic(
        THREE_TENS,
        1333,
        Severity::Warning,
        "different text"
    ));

    // The web copy's truncated last item is still one task, official text.
    let last = task("2022-现代轻工纺织产业-3-s5");
    assert_eq!(last.kind, TaskKind::Item);
    assert_eq!(last.mentions[0].line, 905);
    assert_eq!(last.mentions[1].line, 2253);
    assert!(last.mentions[0]
        .verbatim
        .starts_with("(五)提升贸易便利化水平。"));
    assert!(has_diagnostic(
        TEN_INDUSTRIES,
        905,
        Severity::Warning,
        "truncated"
    ));

    let plan = c
        .plans
        .iter()
        .find(|p| p.id == "2022-新一代信息技术产业")
        .unwrap();
    assert_eq!(
        plan.documents,
        vec![TEN_INDUSTRIES.to_string(), THREE_TENS.to_string()]
    );
    assert_eq!(plan.group.as_deref(), Some("十强产业"));
}

#[test]
fn plans_of_every_document() {
    let c = corpus();
    let in_doc = |f: &'static str| {
        c.plans
            .iter()
            .filter(move |p| p.documents.iter().any(|d| d == f))
    };
    assert_eq!(
        in_doc(THREE_TENS).filter(|p| p.parent.is_none()).count(),
        31
    );
    assert_eq!(in_doc(THREE_TENS).filter(|p| p.parent.is_some()).count(), 9);
    assert_eq!(in_doc(TEN_INDUSTRIES).count(), 13);
    assert_eq!(c.plans.len(), 40 + 1 + 1 + 6);

    let by_id = |id: &str| c.plans.iter().find(|p| p.id == id).unwrap();
    let seven = by_id("2022-基础设施七网");
    assert_eq!(seven.title, "基础设施“七网”");
    assert_eq!(seven.group.as_deref(), Some("十大扩需求"));
    assert_eq!(seven.line, 2257);
    let traffic = by_id("2022-基础设施七网-综合立体交通网");
    assert_eq!(traffic.parent.as_deref(), Some("2022-基础设施七网"));
    assert_eq!(traffic.line, 2259);
    let creative = by_id("2022-文旅产业-文化创意产业");
    assert_eq!(creative.parent.as_deref(), Some("2022-文旅产业"));
    let first = by_id("2022-科技研发创新");
    assert_eq!(
        (
            first.start_year,
            first.end_year,
            first.group.as_deref(),
            first.line
        ),
        (2022, 2022, Some("十大创新"), 37)
    );

    let key = by_id("2023-建设绿色低碳高质量发展先行区重点工作任务");
    assert_eq!(key.title, "建设绿色低碳高质量发展先行区重点工作任务");
    assert_eq!((key.start_year, key.end_year), (2023, 2023));
    let three = by_id("2023-建设绿色低碳高质量发展先行区");
    assert_eq!((three.start_year, three.end_year), (2023, 2025));
    assert!(!three.title_inferred);

    let inferred: Vec<(&str, usize)> = c
        .plans
        .iter()
        .filter(|p| p.title_inferred)
        .map(|p| (p.id.as_str(), p.line))
        .collect();
    assert_eq!(
        inferred,
        vec![
            ("2024-科技研发创新", 3),
            ("2024-人才引育创新", 19),
            ("2024-营商环境创新", 32),
            ("2024-数字变革创新", 96),
            ("2024-产业生态创新", 123),
            ("2024-要素保障创新", 142),
        ]
    );
    for p in c.plans.iter().filter(|p| p.title_inferred) {
        assert_eq!((p.start_year, p.end_year), (2024, 2025));
        assert_eq!(p.group.as_deref(), Some("十大创新"));
        assert!(has_diagnostic(
            TEN_INNOVATIONS,
            p.line,
            Severity::Info,
            &p.title
        ));
    }
    assert!(has_diagnostic(
        TEN_INNOVATIONS,
        3,
        Severity::Info,
        "line 16 names “科技研发创新”"
    ));
}

#[test]
fn documents_metadata() {
    let docs = &corpus().documents;
    let names: Vec<&str> = docs.iter().map(|d| d.file_name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            TEN_INDUSTRIES,
            THREE_TENS,
            GREEN_PILOT_PLAN,
            GREEN_PILOT_KEY_TASKS,
            TEN_INNOVATIONS
        ]
    );
    let d000 = &docs[1];
    assert_eq!(d000.doc_number.as_deref(), Some("鲁政办字〔2022〕28号"));
    assert_eq!(d000.issued.as_deref(), Some("2022-03-27"));
    assert_eq!(
        d000.title.as_deref(),
        Some("关于印发“十大创新”“十强产业” “十大扩需求”2022年行动计划的通知")
    );
    assert_eq!(d000.lines, 3521);
    let d002 = &docs[3];
    assert_eq!(d002.doc_number.as_deref(), Some("鲁政办字〔2023〕5号"));
    assert_eq!(d002.issued.as_deref(), Some("2023-01-19"));
    assert!(d002.traditional);
    assert!(docs.iter().filter(|d| d.traditional).count() == 1);
    assert_eq!(docs[0].doc_number, None);
    assert_eq!(docs[4].doc_number, None);
    assert!(docs.iter().all(|d| d.encoding == "UTF-8"));
}

/// (id, section, number, kind, first line, last line, text start, title)
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    TaskKind,
    usize,
    usize,
    &'static str,
    Option<&'static str>,
);

#[test]
fn hand_checked_tasks() {
    use TaskKind::*;
    let expected: &[Expected] = &[
        // Bold title.
        (
            "2022-科技研发创新-2-n1",
            "主要任务",
            "1",
            Numbered,
            47,
            47,
            "强化基础研究策源能力。启动省基础研究十年行动",
            Some("强化基础研究策源能力"),
        ),
        // Attribution on its own line after a page break (l.93).
        (
            "2022-科技研发创新-3-s1",
            "推进措施",
            "一",
            Item,
            91,
            93,
            "加强统筹协调。加强对科技创新政策",
            Some("加强统筹协调"),
        ),
        // Half-width `(二) ` subsection heading.
        (
            "2022-人才引育创新-2-n8",
            "主要任务",
            "8",
            Numbered,
            129,
            129,
            "增强高校人才培养能力。实施新兴专业支持计划",
            Some("增强高校人才培养能力"),
        ),
        // Attribution cut by a page break, mixed bracket widths.
        (
            "2022-营商环境创新-2-n111",
            "主要任务",
            "111",
            Numbered,
            449,
            451,
            "提升基层政务服务效能。5月底前，建立基层政务服务",
            Some("提升基层政务服务效能"),
        ),
        (
            "2022-营商环境创新-2-n115",
            "主要任务",
            "115",
            Numbered,
            461,
            461,
            "完善知识产权公共服务体系",
            Some("完善知识产权公共服务体系"),
        ),
        (
            "2022-营商环境创新-2-n156",
            "主要任务",
            "156",
            Numbered,
            563,
            563,
            "全面免征地方水利建设基金",
            Some("全面免征地方水利建设基金"),
        ),
        // The stray copy of l.563, kept as a paragraph.
        (
            "2022-产业生态创新-1-p1",
            "工作目标",
            "",
            Paragraph,
            681,
            681,
            "全面免征地方水利建设基金。继续对缴纳增值税",
            None,
        ),
        (
            "2022-产业生态创新-1-p2",
            "工作目标",
            "",
            Paragraph,
            683,
            683,
            "聚焦“全链条”薄弱环节",
            None,
        ),
        // A task over two paragraphs (no marker on the second).
        (
            "2022-要素保障创新-2-n2",
            "主要任务",
            "2",
            Numbered,
            761,
            763,
            "鼓励各市大力发展新能源和可再生能源。对于全省",
            Some("鼓励各市大力发展新能源和可再生能源"),
        ),
        (
            "2022-要素保障创新-2-n25",
            "主要任务",
            "25",
            Numbered,
            825,
            827,
            "强化数据资源平台支撑",
            Some("强化数据资源平台支撑"),
        ),
        // Page join with a doubled character.
        (
            "2022-风险防控创新-2-n14",
            "主要任务",
            "14",
            Numbered,
            1017,
            1019,
            "强化产业链自主可控。深入推进“链长制”工作机制",
            Some("强化产业链自主可控"),
        ),
        // Goal item with its own attribution.
        (
            "2022-新一代信息技术产业-1-s1",
            "工作目标",
            "一",
            Item,
            1201,
            1201,
            "产业发展规模质量实现新跨越。2022年，",
            Some("产业发展规模质量实现新跨越"),
        ),
        // Goal paragraph directly under the heading.
        (
            "2022-新能源产业-1-p1",
            "工作目标",
            "",
            Paragraph,
            1385,
            1385,
            "推进产业体系建设。育成1个千亿级产业集群",
            None,
        ),
        // Numbering continues into 推进措施.
        (
            "2022-新能源产业-3-n16",
            "推进措施",
            "16",
            Numbered,
            1449,
            1451,
            "发挥新能源产业专班牵头抓总",
            Some("发挥新能源产业专班牵头抓总、统筹协调作用"),
        ),
        // Bold title with the stop outside.
        (
            "2022-文旅产业-文化创意产业-2-n3",
            "主要任务",
            "3",
            Numbered,
            1895,
            1895,
            "壮大产业集群。推动省新旧动能转换文化创意产业",
            Some("壮大产业集群"),
        ),
        // Numbering restarts under 推进措施 （一）.
        (
            "2022-文旅产业-文化创意产业-3-s1n1",
            "推进措施",
            "1",
            Numbered,
            1969,
            1969,
            "制定关于推动文化创意产业高质量发展的若干措施",
            Some("制定关于推动文化创意产业高质量发展的若干措施"),
        ),
        (
            "2022-文旅产业-精品旅游产业-1-p1",
            "工作目标",
            "",
            Paragraph,
            2015,
            2015,
            "2022年预计全省接待游客7.5亿人次",
            None,
        ),
        // (一)-items that are tasks in 主要任务.
        (
            "2022-基础设施七网-综合立体交通网-2-s2",
            "主要任务",
            "二",
            Item,
            2279,
            2281,
            "擦亮“山东的路”品牌。年内建成济南至高青",
            Some("擦亮“山东的路”品牌"),
        ),
        (
            "2022-基础设施七网-能源保障网-3-s7n1",
            "推进措施",
            "1",
            Numbered,
            2465,
            2465,
            "对由煤炭承储企业申报并获得中央基本建设投资支持",
            None,
        ),
        (
            "2022-基础设施七网-城市市政公用设施网-2-s1",
            "主要任务",
            "一",
            Item,
            2483,
            2485,
            "大力推进“两个清零、一个提标”。",
            Some("大力推进“两个清零、一个提标”"),
        ),
        (
            "2022-基础设施七网-城市市政公用设施网-2-s8",
            "主要任务",
            "八",
            Item,
            2503,
            2503,
            "提升园林绿化品质。",
            Some("提升园林绿化品质"),
        ),
        (
            "2022-基础设施七网-农村基础设施网-1-p1",
            "总体目标",
            "",
            Paragraph,
            2685,
            2685,
            "以习近平新时代中国特色社会主义思想为指导",
            None,
        ),
        (
            "2022-新型城镇化建设-3-n28",
            "推进措施",
            "28",
            Numbered,
            2877,
            2877,
            "强化土地保障。",
            Some("强化土地保障"),
        ),
        // 工业技改 intro: (一) with body, no attribution.
        (
            "2022-工业技改提质-2-s1",
            "主要任务",
            "一",
            Paragraph,
            2985,
            2985,
            "聚焦传统产业转型抓项目、扩需求",
            Some("聚焦传统产业转型抓项目、扩需求，推进智能化技改提质"),
        ),
        // sd-2023-green-pilot-key-tasks.txt: traditional → simplified, continuous numbering.
        (
            "2023-建设绿色低碳高质量发展先行区重点工作任务-1-n1",
            "深入实施创新驱动发展战略",
            "1",
            Numbered,
            11,
            11,
            "高质量建设崂山实验室。全面调研分析实验室建设运行情况",
            Some("高质量建设崂山实验室"),
        ),
        (
            "2023-建设绿色低碳高质量发展先行区重点工作任务-8-n81",
            "深化改革扩大开放",
            "81",
            Numbered,
            98,
            98,
            "融入“一带一路”高质量发展。",
            Some("融入“一带一路”高质量发展"),
        ),
        (
            "2023-建设绿色低碳高质量发展先行区重点工作任务-12-n116",
            "切实抓好组织实施",
            "116",
            Numbered,
            137,
            137,
            "强化督导检查。",
            Some("强化督导检查"),
        ),
        // sd-2023-2025-green-pilot-plan.txt: numbering continuous across sections; goal paragraphs.
        (
            "2023-建设绿色低碳高质量发展先行区-1-n2",
            "总体要求",
            "2",
            Numbered,
            11,
            13,
            "目标定位。紧扣高质量发展要求",
            Some("目标定位"),
        ),
        (
            "2023-建设绿色低碳高质量发展先行区-2-p1",
            "推动高水平科技自立自强，建设全国区域创新中心",
            "",
            Paragraph,
            17,
            17,
            "深入实施科教强鲁人才兴鲁战略",
            None,
        ),
        (
            "2023-建设绿色低碳高质量发展先行区-12-n159",
            "保障措施",
            "159",
            Numbered,
            477,
            477,
            "加强评估督导考核。",
            Some("加强评估督导考核"),
        ),
        // sd-2024-2025-ten-innovations.txt: plan boundaries and inferred sections.
        (
            "2024-科技研发创新-1-p1",
            "工作目标",
            "",
            Paragraph,
            3,
            3,
            "全社会研发经费投入年均增长10%左右",
            None,
        ),
        (
            "2024-科技研发创新-2-n1",
            "主要任务",
            "1",
            Numbered,
            4,
            4,
            "强化新兴产业“卡脖子”技术攻关。",
            Some("强化新兴产业“卡脖子”技术攻关"),
        ),
        (
            "2024-科技研发创新-3-s1",
            "推进措施",
            "一",
            Item,
            16,
            16,
            "强化组织领导。省科技厅牵头负责科技研发创新行动计划落实",
            Some("强化组织领导"),
        ),
        (
            "2024-人才引育创新-2-s1",
            "主要任务",
            "一",
            Item,
            20,
            20,
            "加快构建“2+N”人才集聚雁阵格局。",
            Some("加快构建“2+N”人才集聚雁阵格局"),
        ),
        (
            "2024-人才引育创新-2-s9",
            "主要任务",
            "九",
            Item,
            28,
            28,
            "全面优化人才发展生态。",
            Some("全面优化人才发展生态"),
        ),
        (
            "2024-人才引育创新-3-s1",
            "推进措施",
            "一",
            Item,
            29,
            29,
            "加强组织领导。省委人才工作领导小组办公室",
            Some("加强组织领导"),
        ),
        (
            "2024-营商环境创新-2-n1",
            "主要任务",
            "1",
            Numbered,
            33,
            33,
            "深入推进“一件事一次办”。",
            Some("深入推进“一件事一次办”"),
        ),
        (
            "2024-要素保障创新-2-n14",
            "主要任务",
            "14",
            Numbered,
            156,
            156,
            "实施重大基础设施项目用地报批奖励。",
            Some("实施重大基础设施项目用地报批奖励"),
        ),
    ];
    for &(id, section, number, kind, line, end_line, start, title) in expected {
        let t = task(id);
        let m = t.mentions.last().unwrap();
        assert_eq!(t.section, section, "{id}");
        assert_eq!(t.number, number, "{id}");
        assert_eq!(t.kind, kind, "{id}");
        assert_eq!((m.line, m.end_line), (line, end_line), "{id}");
        assert!(t.text.starts_with(start), "{id}: {}", t.text);
        assert_eq!(t.title.as_deref(), title, "{id}");
        let plan = id.rsplitn(3, '-').nth(2).unwrap();
        assert_eq!(t.plan, plan, "{id}");
    }
}

#[test]
fn subsections_and_text_cleaning() {
    let t = task("2022-科技研发创新-2-n1");
    assert_eq!(t.subsection.as_deref(), Some("持续提高科技研发投入"));
    // `**` and attributions gone, spaces between CJK and digits removed.
    assert!(!t.text.contains("**") && !t.text.contains("牵头单位"));
    assert!(t.text.contains("增长10%以上"), "{}", t.text);
    assert!(t.mentions[0]
        .verbatim
        .starts_with("1. **强化基础研究策源能力。**"));
    assert_eq!(
        task("2022-人才引育创新-2-n8").subsection.as_deref(),
        Some("加强人才自主培养")
    );
    assert_eq!(
        task("2022-文旅产业-文化创意产业-3-s1n1")
            .subsection
            .as_deref(),
        Some("政策引领")
    );
    assert_eq!(
        task("2022-基础设施七网-能源保障网-3-s7n1")
            .subsection
            .as_deref(),
        Some("煤炭油气储备项目方面")
    );
    // Page-broken attribution is cut out completely, doubled 化 included.
    let cut = task("2022-风险防控创新-2-n14");
    assert!(
        !cut.text.contains("牵头") && !cut.text.contains("化厅"),
        "{}",
        cut.text
    );
    assert_eq!(cut.mentions[0].verbatim.lines().count(), 3);
    // The two paragraphs of one task are one text.
    let two = task("2022-要素保障创新-2-n2");
    assert!(
        two.text.contains("留给各市的新能源能耗指标增量"),
        "{}",
        two.text
    );
}

#[test]
fn traditional_document_keeps_verbatim_and_simplifies_text() {
    let t = task("2023-建设绿色低碳高质量发展先行区重点工作任务-1-n1");
    assert!(t.mentions[0]
        .verbatim
        .starts_with("1.高質量建設嶗山實驗室。"));
    assert!(t.text.contains("崂山实验室") && !t.text.contains("實驗室"));
    assert!(!t.text.contains("牽頭"), "{}", t.text);
}

#[test]
fn three_year_plan_has_no_units_and_continuous_numbers() {
    let c = corpus();
    let tasks: Vec<&Task> = c
        .tasks
        .iter()
        .filter(|t| t.plan == "2023-建设绿色低碳高质量发展先行区")
        .collect();
    assert!(tasks.iter().all(|t| t.responsibilities.is_empty()));
    let numbers: Vec<u32> = tasks
        .iter()
        .filter(|t| t.kind == TaskKind::Numbered)
        .map(|t| t.number.parse().unwrap())
        .collect();
    assert_eq!(numbers, (1..=160).collect::<Vec<_>>());
    let sections: std::collections::BTreeSet<&str> =
        tasks.iter().map(|t| t.section.as_str()).collect();
    assert_eq!(sections.len(), 12);
}

#[test]
fn diagnostics_flag_the_known_hazards() {
    for line in [1017, 1165, 2497] {
        assert!(
            has_diagnostic(THREE_TENS, line, Severity::Warning, "page break"),
            "l.{line}"
        );
    }
    assert_eq!(
        corpus()
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("both sides of the page break"))
            .count(),
        3
    );
    assert!(has_diagnostic(
        THREE_TENS,
        681,
        Severity::Warning,
        "2022-营商环境创新-2-n156"
    ));
    assert!(has_diagnostic(
        TEN_INNOVATIONS,
        156,
        Severity::Warning,
        "truncated"
    ));
    assert!(has_diagnostic(TEN_INDUSTRIES, 907, Severity::Info, "展开"));
}

#[test]
fn two_runs_give_identical_corpora() {
    let again = ingest(&embedded_sources()).unwrap();
    assert_eq!(&again, corpus());
}

#[test]
fn bad_input_is_an_error_naming_the_file() {
    let empty = Source {
        name: "empty.txt".into(),
        bytes: Vec::new(),
    };
    let err = ingest(&[empty]).unwrap_err();
    assert_eq!(
        err,
        IngestError::Empty {
            file: "empty.txt".into()
        }
    );
    assert!(err.to_string().contains("empty.txt"));
    let binary = Source {
        name: "image.png".into(),
        bytes: vec![
            0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
        ],
    };
    let err = ingest(&[binary]).unwrap_err();
    assert!(err.to_string().contains("image.png"), "{err}");
}

#[test]
fn gbk_documents_are_decoded_with_a_note() {
    let text = String::from_utf8(embedded_sources()[4].bytes.clone()).unwrap();
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let source = Source {
        name: "gbk.txt".into(),
        bytes: bytes.into_owned(),
    };
    let c = ingest(&[source]).unwrap();
    assert_eq!(c.documents[0].encoding, "GB18030");
    assert_eq!(c.tasks.len(), 154);
    assert!(c
        .diagnostics
        .iter()
        .any(|d| d.file == "gbk.txt" && d.message.contains("GB18030")));
}

#[test]
fn other_provinces_get_prefixed_ids_from_content_not_file_names() {
    let text = String::from_utf8(embedded_sources()[4].bytes.clone())
        .unwrap()
        .replace("山东", "江苏");
    let source = Source {
        name: "017_3fa2.txt".into(),
        bytes: text.into_bytes(),
    };
    let c = ingest(&[source]).unwrap();
    assert_eq!(c.plans[0].id, "江苏-2024-科技研发创新");
    assert_eq!(c.tasks[1].id, "江苏-2024-科技研发创新-2-n1");
    assert_eq!(c.tasks.len(), 154);
}

#[test]
fn arbitrary_cuts_of_the_documents_never_panic() {
    for source in embedded_sources() {
        let text = String::from_utf8(source.bytes).unwrap();
        let chars: Vec<char> = text.chars().collect();
        for cut in [1, 7, 100, 1000, 5000, chars.len() / 2] {
            let prefix: String = chars.iter().take(cut).collect();
            let suffix: String = chars.iter().skip(cut).collect();
            for part in [prefix, suffix] {
                if part.trim().is_empty() {
                    continue;
                }
                let s = Source {
                    name: "cut.txt".into(),
                    bytes: part.into_bytes(),
                };
                let _ = ingest(&[s]).unwrap();
            }
        }
    }
}

#[test]
fn single_plan_documents_of_another_province() {
    let sources: Vec<Source> = embedded_sources()
        .into_iter()
        .filter(|s| s.name == GREEN_PILOT_KEY_TASKS || s.name == GREEN_PILOT_PLAN)
        .enumerate()
        .map(|(i, s)| Source {
            name: format!("{i:03}_opaque.txt"),
            bytes: String::from_utf8(s.bytes)
                .unwrap()
                .replace("山东", "江苏")
                .replace("山東", "江蘇")
                .into_bytes(),
        })
        .collect();
    let c = ingest(&sources).unwrap();
    let ids: Vec<&str> = c.plans.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "江苏-2023-建设绿色低碳高质量发展先行区",
            "江苏-2023-建设绿色低碳高质量发展先行区重点工作任务"
        ]
    );
    assert_eq!(c.tasks.len(), 170 + 116);
}

#[test]
fn a_bare_numbered_list_is_one_plan() {
    let source = Source {
        name: "list.txt".into(),
        bytes: "1. 推进甲项工作。（牵头单位：省科技厅）\n2. 推进乙项工作。\n"
            .as_bytes()
            .to_vec(),
    };
    let c = ingest(&[source]).unwrap();
    let ids: Vec<&str> = c.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(c.plans.len(), 1);
    assert_eq!(ids.len(), 2);
    // No title, no heading, no plan family: one plan named after the
    // file, one section, the items in order.
    assert_eq!(ids, vec!["list-1-n1", "list-1-n2"]);
    assert_eq!(c.plans[0].group, None);
    assert_eq!(c.tasks[0].text, "推进甲项工作。");
}

#[test]
fn a_headless_document_with_more_plans_than_its_family_is_read() {
    // The headless 2024 file with its plans printed twice (as a careless
    // copy out of a PDF can give): twelve plans for a family of ten. Those
    // past the family's end are numbered, and saying which plan came before
    // one of them must not index past the family's end.
    let text = crate::support::corpus_text("sd-2024-2025-ten-innovations.txt");
    let body: String = text.lines().skip(4).map(|l| format!("{l}\n")).collect();
    let corpus = ingest(&[Source {
        name: "twice.txt".into(),
        bytes: format!("{text}\n{body}").into_bytes(),
    }])
    .unwrap();
    assert!(corpus.plans.len() > 10, "{}", corpus.plans.len());
    assert!(corpus.plans.iter().any(|p| p.title.starts_with("计划")));
}

/// Each task of `source` read alone: its id, its units with their roles,
/// and its text.
fn tasks_and_units(source: Source) -> BTreeMap<String, (Vec<String>, String)> {
    ingest(&[source])
        .unwrap()
        .tasks
        .into_iter()
        .map(|t| {
            let mut units: Vec<String> = t
                .responsibilities
                .iter()
                .map(|r| format!("{:?} {}", r.role, r.unit))
                .collect();
            units.sort();
            (t.id, (units, t.text))
        })
        .collect()
}

#[test]
fn documents_without_blank_lines_give_the_same_tasks_and_units() {
    // Text read from Word files and web pages has no blank line between
    // paragraphs; the documents as printed have one. Without them, an item
    // whose title line is followed by its body must still take the body and
    // its attribution.
    for source in embedded_sources() {
        let name = source.name.clone();
        let text = String::from_utf8(source.bytes.clone()).unwrap();
        let dense: String = text
            .split('\n')
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        let spaced = tasks_and_units(source);
        let packed = tasks_and_units(Source {
            name: name.clone(),
            bytes: dense.into_bytes(),
        });
        // One known difference: in the three-year plan, which names no
        // unit at all, item 2 of section 1 (a title sentence, then a second
        // paragraph `到2025年…`) takes that paragraph only when a blank line
        // says the item may go on; without one nothing tells the paragraph
        // from a goal, and it is read as the section's goal.
        const GOAL: &str = "2023-建设绿色低碳高质量发展先行区-1-p1";
        const ITEM: &str = "2023-建设绿色低碳高质量发展先行区-1-n2";
        let mut packed_ids: Vec<&String> = packed.keys().collect();
        if name == GREEN_PILOT_PLAN {
            let goal = &packed[GOAL];
            assert!(
                goal.0.is_empty() && goal.1.starts_with("到2025年"),
                "{goal:?}"
            );
            assert_eq!(spaced[ITEM].1, format!("{}{}", packed[ITEM].1, goal.1));
            packed_ids.retain(|id| *id != GOAL);
        }
        let ids: Vec<&String> = spaced.keys().collect();
        assert_eq!(ids, packed_ids, "{name}");
        for (id, (units, text)) in &spaced {
            let (packed_units, packed_text) = &packed[id];
            assert_eq!(units, packed_units, "{name}: {id}");
            if id != ITEM {
                assert_eq!(text, packed_text, "{name}: {id}");
            }
        }
    }
    // Before dense documents took an item's body from the next line, items
    // 8 to 10 of 工业技改提质 and task 2 of 要素保障创新 lost their units.
    let dense: String = corpus_text(THREE_TENS)
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let packed = tasks_and_units(Source {
        name: THREE_TENS.into(),
        bytes: dense.into_bytes(),
    });
    for id in [
        "2022-工业技改提质-2-n8",
        "2022-工业技改提质-2-n9",
        "2022-工业技改提质-2-n10",
        "2022-要素保障创新-2-n2",
        "2022-基础设施七网-农村基础设施网-3-s1",
    ] {
        assert!(packed.get(id).is_some_and(|t| !t.0.is_empty()), "{id}");
    }
}

/// A task table's row that names units but cannot be numbered is said with
/// its line, never dropped in silence; its neighbours are read, and a
/// row without its number keeps its other cells in their columns.
#[test]
fn a_table_row_without_a_number_is_a_warning_with_its_line() {
    let text = "山东省数据要素市场培育行动任务分工\n\
                | 序号 | 工作任务 | 牵头单位 | 配合单位 |\n\
                | --- | --- | --- | --- |\n\
                | 一、数据基础设施 | | | |\n\
                | 1 | 建设全省一体化算力网络。 | 省大数据局 | 省通信管理局 |\n\
                | | 完善公共数据目录标准。 | 省市场监管局 | |\n\
                | 2 | 有序开放公共数据资源。 | 省大数据局 | 省财政厅 |\n";
    let corpus = ingest(&[Source {
        name: "division.txt".into(),
        bytes: text.as_bytes().to_vec(),
    }])
    .unwrap();
    let texts: Vec<&str> = corpus.tasks.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        ["建设全省一体化算力网络。", "有序开放公共数据资源。"],
        "{:?}",
        corpus.diagnostics
    );
    let warned: Vec<usize> = corpus
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.message.contains("no number"))
        .map(|d| d.line)
        .collect();
    assert_eq!(warned, [6], "{:?}", corpus.diagnostics);
}
