//! Plans as they are published: web pages, Word files and PDFs.
//!
//! Two corpus plans are written out as a web page (navigation, breadcrumbs,
//! share bar, related links and a footer around the article), as a Word
//! file (written here: numbered paragraphs use Word's automatic numbering,
//! pages carry a running header and a page-number footer) and as the PDF
//! LibreOffice renders from that Word file. Each must give at least 98% of
//! the plain text's tasks with the same lead and cooperating units, and no
//! task the plain text lacks.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::Command;

use plangraph::ingest::Source;
use plangraph::model::{Corpus, Role};

use crate::readers::{require, Reader};
use crate::support::{root, run, stderr, stdout};

/// The plans written out in every format.
const PLANS: [&str; 2] = [
    "sd-2023-green-pilot-key-tasks.txt",
    "sd-2024-2025-ten-innovations.txt",
];

fn plain(name: &str) -> String {
    std::fs::read_to_string(root().join("data").join(name)).expect("the corpus file")
}

type Units = (BTreeSet<String>, BTreeSet<String>);

fn tasks(corpus: &Corpus) -> BTreeMap<String, Units> {
    corpus
        .tasks
        .iter()
        .map(|task| {
            let units = |role: Role| {
                task.responsibilities
                    .iter()
                    .filter(|r| r.role == role)
                    .map(|r| r.unit.clone())
                    .collect::<BTreeSet<_>>()
            };
            (
                task.id.clone(),
                (units(Role::Lead), units(Role::Cooperating)),
            )
        })
        .collect()
}

fn ingest(name: &str, bytes: Vec<u8>) -> Corpus {
    plangraph::ingest::ingest(&[Source {
        name: name.to_string(),
        bytes,
    }])
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Compares a converted document's tasks with the plain text's.
#[track_caller]
fn assert_same_tasks(plan: &str, converted: &Corpus, format: &str) {
    let expected = tasks(&ingest(plan, plain(plan).into_bytes()));
    let got = tasks(converted);
    let same = expected
        .iter()
        .filter(|(id, units)| got.get(*id) == Some(units))
        .count();
    let extra: Vec<&String> = got
        .keys()
        .filter(|id| !expected.contains_key(*id))
        .collect();
    let missing: Vec<String> = expected
        .iter()
        .filter(|(id, units)| got.get(*id) != Some(units))
        .map(|(id, units)| format!("{id}: {units:?} vs {:?}", got.get(id)))
        .take(5)
        .collect();
    eprintln!(
        "{format} of {plan}: {same} of {} tasks with the same units",
        expected.len()
    );
    assert!(
        same * 100 >= expected.len() * 98,
        "{format} of {plan}: {same} of {} tasks with the same units; first differences: {missing:#?}",
        expected.len()
    );
    assert!(
        extra.is_empty(),
        "{format} of {plan}: tasks the text lacks: {extra:?}"
    );
}

// ---------------------------------------------------------------- HTML --

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A government-style page around the plan: the furniture is marked by
/// structure the way real sites mark it (a menu of links in plain `div`s,
/// breadcrumbs, a search form, a share bar, related links, a footer
/// `div` with text and links), not by semantic tags alone.
fn web_page(text: &str) -> String {
    let mut page = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>山东省人民政府 政策文件</title>\n\
         <script>var nav = \"1.首页 2.机构\";</script><style>p{text-indent:2em}</style></head>\n<body>\n\
         <div class=\"top\"><div class=\"logo\"><img src=\"logo.png\" alt=\"山东省人民政府\"></div>\n\
         <div class=\"menu\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/a\">省情</a></li>\
         <li><a href=\"/b\">政务公开</a></li><li><a href=\"/c\">政务服务</a></li><li><a href=\"/d\">互动交流</a></li></ul></div>\n\
         <form action=\"/search\"><input name=\"q\" placeholder=\"请输入关键词\"><button>搜索</button></form></div>\n\
         <div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/b\">政务公开</a> &gt; <a href=\"/b/z\">政策文件</a></div>\n\
         <div class=\"main\"><div class=\"info\">发布日期：2023-01-30　来源：省政府办公厅　<a href=\"javascript:print()\">【打印】</a></div>\n\
         <div class=\"article\">\n",
    );
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        page.push_str(&format!("<p>{}</p>\n", escape(line)));
    }
    page.push_str(
        "</div>\n<div class=\"share\">分享到：<a href=\"#\">微信</a> <a href=\"#\">微博</a> <a href=\"#\">QQ空间</a></div>\n\
         <div class=\"related\"><h3>相关链接</h3><ul><li><a href=\"/1\">1.关于印发某某方案的通知</a></li>\
         <li><a href=\"/2\">2.关于某某工作的实施意见（牵头单位：省科技厅）</a></li></ul></div></div>\n\
         <div class=\"bottom\"><p><a href=\"/about\">关于本网</a> | <a href=\"/map\">网站地图</a> | <a href=\"/contact\">联系我们</a></p>\n\
         <p>主办：山东省人民政府办公厅　网站标识码：3700000063　备案号：鲁ICP备00000000号</p></div>\n\
         </body></html>\n",
    );
    page
}

#[test]
fn web_pages_give_the_plain_texts_tasks() {
    for plan in PLANS {
        let name = plan.replace(".txt", ".html");
        let corpus = ingest(&name, web_page(&plain(plan)).into_bytes());
        assert_same_tasks(plan, &corpus, "the web page");
        let text: String = corpus.tasks.iter().map(|t| t.text.as_str()).collect();
        for furniture in ["首页", "网站地图", "分享到", "鲁ICP备", "关于印发某某方案"]
        {
            assert!(!text.contains(furniture), "{furniture} reached a task");
        }
    }
}

/// A table of tasks with role columns, as work-division pages print them.
const TABLE_ROWS: [[&str; 4]; 3] = [
    [
        "建设海洋科技创新平台",
        "省科技厅",
        "省财政厅、省海洋局",
        "2024年底",
    ],
    [
        "培育壮大科技型企业",
        "省工业和信息化厅",
        "省科技厅",
        "长期坚持",
    ],
    ["完善科技金融服务体系", "省地方金融监管局", "", "2024年6月"],
];

fn check_table_tasks(corpus: &Corpus, format: &str) {
    let mut found = 0;
    for [task, lead, cooperating, _] in TABLE_ROWS {
        let Some(t) = corpus.tasks.iter().find(|t| t.text.contains(task)) else {
            panic!("{format}: no task {task}");
        };
        let (leads, cooperating_units) = (
            t.responsibilities
                .iter()
                .filter(|r| r.role == Role::Lead)
                .map(|r| r.surface.clone())
                .collect::<Vec<_>>(),
            t.responsibilities
                .iter()
                .filter(|r| r.role == Role::Cooperating)
                .map(|r| r.surface.clone())
                .collect::<Vec<_>>(),
        );
        assert_eq!(leads, [lead], "{format}: {task}");
        let expected: Vec<&str> = cooperating.split('、').filter(|u| !u.is_empty()).collect();
        assert_eq!(cooperating_units, expected, "{format}: {task}");
        assert!(
            t.mentions[0]
                .cell
                .as_deref()
                .is_some_and(|c| c.starts_with("table 1, row ") && !c.ends_with("row 1")),
            "{format}: {task} has no cell: {:?}",
            t.mentions[0]
        );
        found += 1;
    }
    assert_eq!(found, 3);
}

#[test]
fn a_table_with_role_columns_on_a_web_page() {
    let mut rows = String::new();
    for [task, lead, cooperating, due] in TABLE_ROWS {
        rows.push_str(&format!(
            "<tr><td>{task}</td><td>{lead}</td><td>{cooperating}</td><td>{due}</td></tr>\n"
        ));
    }
    let page = format!(
        "<html><body><nav><a href=\"/\">首页</a><a href=\"/x\">政策</a></nav>\n\
         <article><h1>山东省科技创新重点任务分工方案</h1>\n<p>为推进科技创新，现将重点任务分工如下：</p>\n\
         <table><thead><tr><th colspan=\"4\">重点任务分工表</th></tr>\n\
         <tr><th>工作任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr></thead>\n\
         <tbody>{rows}</tbody></table></article>\n<footer>山东省人民政府办公厅主办</footer></body></html>"
    );
    // As many government sites still serve pages: GB2312 (read as GB18030).
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&page);
    assert!(!unmappable);
    let corpus = ingest("division.html", bytes.into_owned());
    check_table_tasks(&corpus, "the web page");
    assert_eq!(corpus.tasks.len(), 3, "{:#?}", corpus.tasks);
}

// ---------------------------------------------------------------- Word --

/// A paragraph of a Word file written by [`docx`].
enum Para {
    Text(String),
    /// A paragraph of list `num_id` (its number generated by Word).
    Listed {
        num_id: usize,
        text: String,
    },
    Table(Vec<Vec<String>>, TableLook),
}

/// How a table of a Word file is printed.
#[derive(Clone, Copy, Default)]
struct TableLook {
    /// Its first row is repeated atop each page.
    repeat_header: bool,
    /// Its cells' text is centred in the cell, across and down (as many
    /// division tables print it), not at the cell's top left.
    centred: bool,
}

/// The lists of a Word file: (numId, abstract list: 0 = `1.`, 1 = `一、`,
/// first number).
type Lists = Vec<(usize, usize, u32)>;

fn xml_escape(text: &str) -> String {
    escape(text).replace('"', "&quot;")
}

/// A paragraph, indented by two characters as official documents are.
fn paragraph_xml(text: &str, numbering: Option<usize>) -> String {
    let numbering = numbering.map_or(String::new(), |id| {
        format!("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{id}\"/></w:numPr>")
    });
    let props =
        format!("<w:pPr>{numbering}<w:ind w:firstLineChars=\"200\" w:firstLine=\"480\"/></w:pPr>");
    format!(
        "<w:p>{props}<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        xml_escape(text)
    )
}

/// A minimal Word file: the paragraphs, the lists' definitions, a running
/// header and a footer with the page number (a PAGE field).
fn docx(paragraphs: &[Para], lists: &Lists) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        match p {
            Para::Text(text) => body.push_str(&paragraph_xml(text, None)),
            Para::Listed { num_id, text } => body.push_str(&paragraph_xml(text, Some(*num_id))),
            Para::Table(rows, look) => {
                body.push_str("<w:tbl><w:tblPr><w:tblBorders><w:insideH w:val=\"single\"/></w:tblBorders></w:tblPr>");
                for (r, row) in rows.iter().enumerate() {
                    body.push_str("<w:tr>");
                    if r == 0 && look.repeat_header {
                        body.push_str("<w:trPr><w:tblHeader/></w:trPr>");
                    }
                    for cell in row {
                        body.push_str("<w:tc>");
                        if look.centred {
                            body.push_str("<w:tcPr><w:vAlign w:val=\"center\"/></w:tcPr>");
                        }
                        // A cell naming several units puts each in a paragraph.
                        let parts: Vec<&str> = cell.split('、').collect();
                        for part in if parts.len() > 1 && !cell.contains('，') {
                            parts
                        } else {
                            vec![cell.as_str()]
                        } {
                            body.push_str(&if look.centred {
                                format!(
                                    "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>",
                                    xml_escape(part)
                                )
                            } else {
                                paragraph_xml(part, None)
                            });
                        }
                        body.push_str("</w:tc>");
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                     xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {W}><w:body>{body}\
         <w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId2\"/><w:footerReference w:type=\"default\" r:id=\"rId3\"/>\
         <w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\"/></w:sectPr>\
         </w:body></w:document>"
    );
    let level = |format: &str, text: &str| {
        format!(
            "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/><w:lvlText w:val=\"{text}\"/>\
             <w:suff w:val=\"nothing\"/><w:lvlJc w:val=\"left\"/></w:lvl>"
        )
    };
    let mut numbering = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering {W}>\
         <w:abstractNum w:abstractNumId=\"0\">{}</w:abstractNum>\
         <w:abstractNum w:abstractNumId=\"1\">{}</w:abstractNum>",
        level("decimal", "%1."),
        level("chineseCounting", "%1、")
    );
    for (id, abstract_id, start) in lists {
        numbering.push_str(&format!(
            "<w:num w:numId=\"{id}\"><w:abstractNumId w:val=\"{abstract_id}\"/>\
             <w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>"
        ));
    }
    numbering.push_str("</w:numbering>");
    let header = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr {W}>{}</w:hdr>",
        paragraph_xml("山东省人民政府办公厅文件", None)
    );
    let footer = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr {W}><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>\
         <w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    );
    let parts: [(&str, String); 7] = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
             <Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>\
             <Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
             <Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
             </Types>".to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
             </Relationships>".to_string(),
        ),
        (
            "word/_rels/document.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>\
             <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>\
             <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>\
             </Relationships>".to_string(),
        ),
        ("word/document.xml", document),
        ("word/numbering.xml", numbering),
        ("word/header1.xml", header),
        ("word/footer1.xml", footer),
    ];
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        out.start_file(name, options).expect("a zip entry");
        out.write_all(content.as_bytes()).expect("zip in memory");
    }
    out.finish().expect("a zip").into_inner()
}

/// A plain text as a Word file: `N.` and `一、` items become paragraphs of
/// Word lists (a new list wherever the numbering does not go on), so their
/// numbers exist only as Word generates them.
fn plan_as_docx(text: &str) -> Vec<u8> {
    let decimal = regex::Regex::new(r"^(\d{1,3})\.(\S.*)$").unwrap();
    let chinese = regex::Regex::new(r"^([一二三四五六七八九十]{1,3})、(\S.*)$").unwrap();
    let value = |numeral: &str| -> u32 {
        let digit = |c: char| {
            "一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .map(|p| p as u32 + 1)
        };
        let chars: Vec<char> = numeral.chars().collect();
        match chars.as_slice() {
            ['十'] => 10,
            ['十', d] => 10 + digit(*d).unwrap_or(0),
            [t, '十'] => digit(*t).unwrap_or(0) * 10,
            [t, '十', d] => digit(*t).unwrap_or(0) * 10 + digit(*d).unwrap_or(0),
            [d] => digit(*d).unwrap_or(0),
            _ => 0,
        }
    };
    let mut lists: Lists = Vec::new();
    // Per abstract list: (numId, last number).
    let mut current: [Option<(usize, u32)>; 2] = [None, None];
    let mut paragraphs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let item = decimal
            .captures(line)
            .map(|c| (0usize, c[1].parse::<u32>().unwrap_or(0), c[2].to_string()))
            .or_else(|| {
                chinese
                    .captures(line)
                    .map(|c| (1usize, value(&c[1]), c[2].to_string()))
            })
            .filter(|(_, n, _)| *n > 0);
        let Some((kind, number, rest)) = item else {
            paragraphs.push(Para::Text(line.to_string()));
            continue;
        };
        let num_id = match current[kind] {
            Some((id, last)) if last + 1 == number => id,
            _ => {
                let id = lists.len() + 1;
                lists.push((id, kind, number));
                id
            }
        };
        current[kind] = Some((num_id, number));
        paragraphs.push(Para::Listed { num_id, text: rest });
    }
    docx(&paragraphs, &lists)
}

#[test]
fn word_files_give_the_plain_texts_tasks() {
    for plan in PLANS {
        let name = plan.replace(".txt", ".docx");
        let bytes = plan_as_docx(&plain(plan));
        let corpus = ingest(&name, bytes);
        assert_same_tasks(plan, &corpus, "the Word file");
    }
}

fn table_docx() -> Vec<u8> {
    let mut rows = vec![vec![
        "工作任务".to_string(),
        "牵头单位".to_string(),
        "配合单位".to_string(),
        "完成时限".to_string(),
    ]];
    rows.extend(
        TABLE_ROWS
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect()),
    );
    docx(
        &[
            Para::Text("山东省科技创新重点任务分工方案".into()),
            Para::Text("为推进科技创新，现将重点任务分工如下：".into()),
            Para::Table(rows, TableLook::default()),
        ],
        &Vec::new(),
    )
}

#[test]
fn a_table_with_role_columns_in_a_word_file() {
    let corpus = ingest("division.docx", table_docx());
    check_table_tasks(&corpus, "the Word file");
    assert_eq!(corpus.tasks.len(), 3);
}

// ----------------------------------------------------------------- PDF --

/// Renders a Word file as PDF with LibreOffice, as a publisher would.
fn soffice_pdf(dir: &Path, name: &str, docx_bytes: &[u8]) -> Vec<u8> {
    let docx_path = dir.join(format!("{name}.docx"));
    std::fs::write(&docx_path, docx_bytes).unwrap();
    // Its own profile: two conversions sharing one refuse to run together.
    let profile = dir.join("lo-profile");
    let output = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&docx_path)
        .output()
        .expect("soffice runs");
    let pdf = dir.join(format!("{name}.pdf"));
    assert!(
        pdf.exists(),
        "soffice wrote no PDF: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read(pdf).unwrap()
}

#[test]
fn pdfs_rendered_by_libreoffice_give_the_plain_texts_tasks() {
    if !require(Reader::LibreOffice) || !require(Reader::Pdftotext) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page_number = regex::Regex::new(r"— ?\d+ ?—").unwrap();
    for plan in PLANS {
        let stem = plan.trim_end_matches(".txt");
        let pdf = soffice_pdf(dir.path(), stem, &plan_as_docx(&plain(plan)));
        let corpus = ingest(&format!("{stem}.pdf"), pdf);
        assert_same_tasks(plan, &corpus, "the PDF");
        // Several pages, and each task knows its page.
        let pages: BTreeSet<u32> = corpus
            .tasks
            .iter()
            .filter_map(|t| t.mentions[0].page)
            .collect();
        assert!(pages.len() > 3, "{plan}: pages {pages:?}");
        assert!(corpus.tasks.iter().all(|t| t.mentions[0].page.is_some()));
        let text: String = corpus.tasks.iter().map(|t| t.text.as_str()).collect();
        assert!(
            !text.contains("办公厅文件"),
            "the running header reached a task"
        );
        assert!(!page_number.is_match(&text), "a page number reached a task");
        // The text itself: paragraphs rejoined across lines and pages.
        let expected = ingest(plan, plain(plan).into_bytes());
        let same_text = expected
            .tasks
            .iter()
            .filter(|e| {
                corpus
                    .tasks
                    .iter()
                    .any(|t| t.id == e.id && t.text == e.text)
            })
            .count();
        eprintln!(
            "{plan}: {same_text} of {} task texts identical",
            expected.tasks.len()
        );
        assert!(
            same_text * 100 >= expected.tasks.len() * 95,
            "{plan}: {same_text} of {} task texts identical",
            expected.tasks.len()
        );
    }
}

/// A longer division table, its task cells wrapping over several lines,
/// that LibreOffice breaks over pages (header row repeated or not).
const LONG_TASKS: [&str; 12] = [
    "围绕新能源汽车、海洋装备和生物医药等领域布局一批中试基地，推动科研成果在省内转化落地",
    "建设统一的科技成果登记平台",
    "支持高校和科研院所设立技术转移机构，配备专职人员并纳入绩效考核",
    "开展首台套装备推广应用",
    "组织重点产业链上下游企业联合攻关关键零部件和基础材料，形成一批替代产品",
    "完善知识产权质押融资风险补偿机制",
    "推动职业院校与龙头企业共建实训基地，每年培养技能人才不少于两万人",
    "建立重大科技项目评审专家库",
    "在沿海港口推广岸电设施和新能源集卡，降低港区作业能耗",
    "实施中小企业数字化改造专项行动",
    "引导金融机构扩大科技型企业信用贷款规模，简化审批流程并延长贷款期限",
    "优化外籍高层次人才来华工作许可办理流程",
];

const LONG_UNITS: [(&str, &str); 6] = [
    ("省科技厅", "省教育厅、省财政厅"),
    ("省工业和信息化厅", "省科技厅"),
    ("省发展改革委", ""),
    ("省教育厅", "省人力资源社会保障厅、省工业和信息化厅"),
    ("省交通运输厅", "省生态环境厅"),
    ("省商务厅", "省科技厅、省公安厅"),
];

/// The rows of the long table: each task three times over, told apart by
/// the year it is due, and the units in turn.
fn long_rows() -> Vec<[String; 4]> {
    (0..36)
        .map(|i| {
            let (lead, cooperating) = LONG_UNITS[i % LONG_UNITS.len()];
            [
                format!(
                    "{}（第{}批）",
                    LONG_TASKS[i % LONG_TASKS.len()],
                    i / LONG_TASKS.len() + 1
                ),
                lead.to_string(),
                cooperating.to_string(),
                format!("{}年底前", 2024 + i % 3),
            ]
        })
        .collect()
}

fn long_table_docx(look: TableLook) -> Vec<u8> {
    let mut rows = vec![vec![
        "序号".to_string(),
        "工作任务".to_string(),
        "牵头单位".to_string(),
        "配合单位".to_string(),
        "完成时限".to_string(),
    ]];
    for (i, row) in long_rows().into_iter().enumerate() {
        let mut cells = vec![(i + 1).to_string()];
        cells.extend(row);
        rows.push(cells);
    }
    docx(
        &[
            Para::Text("某省科技成果转化重点任务分工".into()),
            Para::Text("各有关单位要按照分工抓好落实，重点任务分工如下：".into()),
            Para::Table(rows, look),
            Para::Text("各牵头单位每半年报送一次工作进展。".into()),
        ],
        &Vec::new(),
    )
}

#[test]
fn a_table_with_role_columns_in_a_pdf() {
    if !require(Reader::LibreOffice) || !require(Reader::Pdftotext) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = soffice_pdf(dir.path(), "division", &table_docx());
    let corpus = ingest("division.pdf", pdf.clone());
    check_table_tasks(&corpus, "the PDF");
    assert_eq!(corpus.tasks.len(), 3, "{:#?}", corpus.tasks);
    assert!(corpus.tasks.iter().all(|t| t.mentions[0].page == Some(1)));

    // `why` names the page and the table row.
    std::fs::write(dir.path().join("division.pdf"), pdf).unwrap();
    let graph = dir.path().join("g.nt");
    let output = run(
        &[
            "build",
            dir.path().join("division.pdf").to_str().unwrap(),
            "-o",
            graph.to_str().unwrap(),
        ],
        "",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let query = run(
        &[
            "query",
            "--graph",
            graph.to_str().unwrap(),
            "SELECT ?task WHERE { ?task pg:mention ?m . ?m pg:cell \"table 1, row 3\" }",
        ],
        "",
    );
    let found = stdout(&query);
    let task = found
        .split_whitespace()
        .find(|w| w.starts_with("task:"))
        .unwrap_or_else(|| panic!("no task at table 1, row 3: {found}{}", stderr(&query)));
    let why = run(&["why", "--graph", graph.to_str().unwrap(), task], "");
    let shown = stdout(&why);
    assert!(
        shown.contains("division.pdf, page 1, table 1, row 3, line"),
        "{shown}{}",
        stderr(&why)
    );
    assert!(shown.contains("培育壮大科技型企业"), "{shown}");
}

#[test]
fn a_table_over_several_pages_in_a_pdf() {
    if !require(Reader::LibreOffice) || !require(Reader::Pdftotext) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let looks = [
        TableLook::default(),
        TableLook {
            repeat_header: true,
            centred: false,
        },
        TableLook {
            repeat_header: true,
            centred: true,
        },
    ];
    for (i, look) in looks.into_iter().enumerate() {
        let pdf = soffice_pdf(dir.path(), &format!("long{i}"), &long_table_docx(look));
        let corpus = ingest("long.pdf", pdf);
        check_long_table(&corpus, look);
    }
}

/// The long table's tasks, read from the PDF: each row's units, its row
/// of the table, rows on several pages.
fn check_long_table(corpus: &Corpus, look: TableLook) {
    let rows = long_rows();
    assert_eq!(
        corpus.tasks.len(),
        rows.len(),
        "header repeated: {}, centred: {}: {:#?}",
        look.repeat_header,
        look.centred,
        corpus.tasks
    );
    let mut pages = BTreeSet::new();
    for (i, [task, lead, cooperating, _]) in rows.iter().enumerate() {
        let Some(t) = corpus.tasks.iter().find(|t| t.text.contains(task.as_str())) else {
            panic!("no task {task}: {:#?}", corpus.tasks);
        };
        let units = |role: Role| {
            t.responsibilities
                .iter()
                .filter(|r| r.role == role)
                .map(|r| r.surface.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(units(Role::Lead), [lead.as_str()], "{task}");
        let expected: Vec<&str> = cooperating.split('、').filter(|u| !u.is_empty()).collect();
        assert_eq!(units(Role::Cooperating), expected, "{task}");
        // The header is row 1; the repeated header on the next page is not
        // a row.
        assert_eq!(
            t.mentions[0].cell.as_deref(),
            Some(format!("table 1, row {}", i + 2).as_str()),
            "{task}, header repeated: {}, centred: {}",
            look.repeat_header,
            look.centred
        );
        pages.insert(t.mentions[0].page.expect("a page"));
    }
    assert!(pages.len() >= 2, "one page only: {pages:?}");
}

/// A one-page PDF whose page is only a drawn rectangle: what a scan looks
/// like to a text extractor (its page an image, no text layer).
fn pdf_without_text() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_string(),
        "<< /Length 24 >>\nstream\n50 50 400 600 re f\nendstream".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn a_pdf_without_a_text_layer_gets_one_sentence() {
    if !require(Reader::Pdftotext) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scan.pdf");
    std::fs::write(&path, pdf_without_text()).unwrap();
    let output = run(&["build", path.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("scan.pdf is a PDF without a text layer") && message.contains("OCR"),
        "{message}"
    );
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(stdout(&output).is_empty());
}

#[test]
fn without_pdftotext_a_pdf_is_refused_saying_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.pdf");
    std::fs::write(&path, pdf_without_text()).unwrap();
    let mut command = crate::support::plangraph();
    // No program can be found: as on a machine without poppler.
    command
        .env("PATH", dir.path())
        .args(["build", path.to_str().unwrap()]);
    let output = crate::support::run_command(command, "");
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("plan.pdf is a PDF, and reading PDFs needs poppler's pdftotext")
            && message.contains("poppler-utils"),
        "{message}"
    );
}

// ----------------------------------------------------------- directories --

#[test]
fn a_directory_of_published_formats_with_a_stray_image() {
    let dir = tempfile::tempdir().unwrap();
    let plan = PLANS[0];
    std::fs::write(dir.path().join("key-tasks.html"), web_page(&plain(plan))).unwrap();
    std::fs::write(dir.path().join("division.docx"), table_docx()).unwrap();
    std::fs::write(
        dir.path().join("photo.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"\x7fELF\x02\x01\x01\0\0\0\0").unwrap();
    let output = run(
        &["build", "--data", dir.path().to_str().unwrap(), "--verbose"],
        "",
    );
    let message = stderr(&output);
    assert!(output.status.success(), "{message}");
    assert!(
        message.contains("skipping") && message.contains("photo.png: a PNG image, not a document"),
        "{message}"
    );
    assert!(
        message.contains("notes.txt: a program, not a document"),
        "{message}"
    );
    let table = stdout(&output);
    assert!(
        table.contains("key-tasks.html") && table.contains("division.docx"),
        "{table}"
    );

    // `why` points at the table row of a task read from a Word table.
    let graph = dir.path().join("g.nt");
    let output = run(
        &[
            "build",
            "--data",
            dir.path().to_str().unwrap(),
            "-o",
            graph.to_str().unwrap(),
        ],
        "",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let query = run(
        &[
            "query",
            "--graph",
            graph.to_str().unwrap(),
            "SELECT ?task WHERE { ?task pg:mention ?m . ?m pg:cell \"table 1, row 3\" }",
        ],
        "",
    );
    let found = stdout(&query);
    let task = found
        .split_whitespace()
        .find(|w| w.starts_with("task:"))
        .unwrap_or_else(|| panic!("no task at table 1, row 3: {found}{}", stderr(&query)));
    let why = run(&["why", "--graph", graph.to_str().unwrap(), task], "");
    let shown = stdout(&why);
    assert!(
        shown.contains("division.docx, table 1, row 3, line"),
        "{shown}{}",
        stderr(&why)
    );
    assert!(shown.contains("培育壮大科技型企业"), "{shown}");
}
