//! `plangraph text`: the text the ingest reads from a document, with the
//! line numbers, pages and table rows the graph gives its tasks.

use crate::support::{run, stderr, stdout};

/// A web page with navigation, a footer, a paragraph and a task table.
const PAGE: &str = "<html><head><script>var x = 1;</script></head><body>\
<nav><a href=\"/\">首页</a><a href=\"/zc\">政策文件</a></nav>\n\
<article><h1>山东省数据要素市场培育任务分工</h1>\n<p>为培育数据要素市场，现将任务分工如下：</p>\n\
<table><tr><th>工作任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>\n\
<tr><td>建设省级数据交易场所</td><td>省大数据局</td><td>省发展改革委</td><td>2025年底</td></tr>\n\
<tr><td>开展数据资产登记试点</td><td>省发展改革委</td><td>省大数据局</td><td>2026年底</td></tr>\n\
</table></article>\n<footer>主办：山东省人民政府办公厅 网站标识码3700000000</footer></body></html>";

#[test]
fn prints_the_article_and_the_table_rows_as_the_ingest_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("division.html");
    std::fs::write(&page, PAGE).unwrap();
    let output = run(&["text", page.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("山东省数据要素市场培育任务分工\n"),
        "{text}"
    );
    assert!(text.contains("建设省级数据交易场所"), "{text}");
    for furniture in ["首页", "政策文件", "网站标识码", "var x"] {
        assert!(
            !text.contains(furniture),
            "{furniture} is page furniture: {text}"
        );
    }

    // With -n, a task's line is the one the graph records for it.
    let output = run(&["text", "-n", page.to_str().unwrap()], "");
    let numbered = stdout(&output);
    let row = numbered
        .lines()
        .find(|l| l.contains("开展数据资产登记试点"))
        .unwrap_or_else(|| panic!("{numbered}"));
    let (place, _) = row.split_once(": ").unwrap();
    assert!(place.ends_with(" (table 1, row 3)"), "{row}");
    let line = place.split(' ').next().unwrap();
    let recorded = run(
        &[
            "--data",
            dir.path().to_str().unwrap(),
            "query",
            "SELECT ?line ?cell WHERE { ?t pg:text ?x FILTER(CONTAINS(?x, \"开展数据资产登记试点\")) \
             ?t pg:mention ?m . ?m pg:line ?line . ?m pg:cell ?cell }",
            "--format",
            "csv",
        ],
        "",
    );
    assert_eq!(
        stdout(&recorded).replace('\r', ""),
        format!("line,cell\n{line},\"table 1, row 3\"\n"),
        "{}",
        stderr(&recorded)
    );
}

#[test]
fn several_files_each_under_a_header_and_a_missing_one_is_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("division.html");
    std::fs::write(&page, PAGE).unwrap();
    let plain = dir.path().join("notes.txt");
    std::fs::write(&plain, "一、总体要求\n（一）加快建设。\n").unwrap();
    let output = run(
        &["text", page.to_str().unwrap(), plain.to_str().unwrap()],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("==> division.html <==\n"), "{text}");
    assert!(
        text.ends_with("\n\n==> notes.txt <==\n一、总体要求\n（一）加快建设。\n"),
        "{text}"
    );

    let missing = dir.path().join("missing.pdf");
    let output = run(&["text", missing.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("missing.pdf"), "{err}");
    // A file that says it is a PDF but is not one is not printed as text.
    let fake = dir.path().join("fake.pdf");
    std::fs::write(&fake, "一、总体要求\n").unwrap();
    let output = run(&["text", fake.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stderr(&output).contains("fake.pdf"), "{}", stderr(&output));
}
