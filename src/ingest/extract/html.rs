//! Web pages → lines: the article body, by the page's structure.
//!
//! A government page wraps its plan in navigation bars, search boxes,
//! share bars, related-link lists and a footer. What is left out is told
//! by structure, never by one site's class names:
//! * elements that are furniture by their HTML meaning (`nav`, `aside`,
//!   `footer`, a `header` outside the article, forms and their controls,
//!   scripts, `role="navigation"`/`banner`/`contentinfo`/`search`, hidden
//!   elements);
//! * blocks whose text is mostly link text (menus, breadcrumbs, share and
//!   print links, lists of related pages);
//! * outside the article: when the page marks none (`main`, `article`,
//!   `role="main"`), the article is the element holding almost all of the
//!   remaining text, found by descending from `body` while one child holds
//!   at least 80% of it; the page's `h1` is kept when it stands outside.
//!
//! Paragraph-level elements become lines; tables with rows and columns
//! become `|`-separated rows (`table` reads them), with rows and columns
//! that span filled in.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::{Grid, Lines};

/// What a rendered element produced.
enum Block {
    Line(String),
    Table(Vec<Vec<String>>),
}

pub fn extract(text: &str) -> super::Extracted {
    let html = Html::parse_document(text);
    let root = html.tree.root();
    let body = descendants(root)
        .find(|n| name(*n) == Some("body"))
        .unwrap_or(root);
    let weights = Weights::new(root);
    let article = marked_article(body, &weights).unwrap_or_else(|| densest(body, &weights));
    let mut blocks = Vec::new();
    // The page's title heading, when the article proper starts below it.
    if let Some(h1) = descendants(body)
        .find(|n| name(*n) == Some("h1") && !is_within(*n, article) && !in_furniture(*n, body))
    {
        render(h1, &weights, 0, &mut blocks, &mut String::new(), false);
        flush(&mut blocks, &mut String::new(), false);
    }
    let mut buffer = String::new();
    render(article, &weights, 0, &mut blocks, &mut buffer, false);
    flush(&mut blocks, &mut buffer, false);
    let mut lines = Lines::new("HTML");
    for block in blocks {
        match block {
            Block::Line(line) => {
                lines.push(&line);
            }
            Block::Table(grid) => lines.table(grid),
        }
    }
    lines.finish()
}

fn name<'a>(node: NodeRef<'a, Node>) -> Option<&'a str> {
    node.value().as_element().map(|e| e.name())
}

fn attr<'a>(node: NodeRef<'a, Node>, attr: &str) -> Option<&'a str> {
    node.value().as_element().and_then(|e| e.attr(attr))
}

fn descendants(node: NodeRef<'_, Node>) -> impl Iterator<Item = NodeRef<'_, Node>> {
    node.descendants()
}

fn is_within(node: NodeRef<'_, Node>, ancestor: NodeRef<'_, Node>) -> bool {
    node.id() == ancestor.id() || node.ancestors().any(|a| a.id() == ancestor.id())
}

/// True when an ancestor of `node` below `top` (or `node` itself) is furniture.
fn in_furniture(node: NodeRef<'_, Node>, top: NodeRef<'_, Node>) -> bool {
    std::iter::once(node)
        .chain(node.ancestors())
        .take_while(|a| a.id() != top.id())
        .any(is_furniture)
}

/// An element that is page furniture by its HTML meaning.
fn is_furniture(node: NodeRef<'_, Node>) -> bool {
    let Some(tag) = name(node) else {
        return false;
    };
    if matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "aside"
            | "footer"
            | "form"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "label"
            | "iframe"
            | "svg"
            | "canvas"
            | "object"
            | "embed"
            | "head"
            | "title"
            | "menu"
            | "dialog"
    ) {
        return true;
    }
    // A page header (logo, site name, menu); a header inside the article
    // holds its title.
    if tag == "header"
        && !node
            .ancestors()
            .any(|a| matches!(name(a), Some("article" | "main")))
    {
        return true;
    }
    if let Some(role) = attr(node, "role") {
        if matches!(
            role.trim().to_ascii_lowercase().as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "search"
                | "complementary"
                | "menu"
                | "menubar"
                | "toolbar"
                | "dialog"
        ) {
            return true;
        }
    }
    if attr(node, "hidden").is_some() || attr(node, "aria-hidden") == Some("true") {
        return true;
    }
    attr(node, "style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Per node: characters of text under it outside furniture, and how many
/// of them are link text. Computed once, bottom-up and without recursion
/// (a page may nest elements thousands deep).
struct Weights(HashMap<NodeId, (usize, usize)>);

impl Weights {
    fn new(root: NodeRef<'_, Node>) -> Weights {
        let mut weights = HashMap::new();
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for edge in root.traverse() {
            match edge {
                Edge::Open(_) => stack.push((0, 0)),
                Edge::Close(node) => {
                    let below = stack.pop().unwrap_or_default();
                    let weight = match node.value() {
                        Node::Text(text) => {
                            (text.chars().filter(|c| !c.is_whitespace()).count(), 0)
                        }
                        Node::Element(_) if is_furniture(node) => (0, 0),
                        Node::Element(_) if name(node) == Some("a") => (below.0, below.0),
                        Node::Element(_) | Node::Document | Node::Fragment => below,
                        _ => (0, 0),
                    };
                    weights.insert(node.id(), weight);
                    if let Some(parent) = stack.last_mut() {
                        parent.0 += weight.0;
                        parent.1 += weight.1;
                    }
                }
            }
        }
        Weights(weights)
    }

    fn of(&self, node: NodeRef<'_, Node>) -> (usize, usize) {
        self.0.get(&node.id()).copied().unwrap_or_default()
    }

    /// A block that is mostly links: a menu, breadcrumbs, a share bar, a
    /// list of related pages.
    fn is_link_block(&self, node: NodeRef<'_, Node>) -> bool {
        let (all, links) = self.of(node);
        links > 0 && links * 2 >= all
    }
}

/// The article as the page marks it: the `main`, `role="main"` or
/// `article` element with the most text.
fn marked_article<'a>(body: NodeRef<'a, Node>, weights: &Weights) -> Option<NodeRef<'a, Node>> {
    descendants(body)
        .filter(|n| {
            matches!(name(*n), Some("main" | "article")) || attr(*n, "role") == Some("main")
        })
        .filter(|n| !in_furniture(*n, body))
        .max_by_key(|n| {
            let (all, links) = weights.of(*n);
            all - links
        })
        .filter(|n| weights.of(*n).0 > 0)
}

/// The element holding almost all of the page's text outside links.
fn densest<'a>(body: NodeRef<'a, Node>, weights: &Weights) -> NodeRef<'a, Node> {
    let weight = |n: NodeRef<'_, Node>| {
        if is_furniture(n) || weights.is_link_block(n) {
            return 0;
        }
        let (all, links) = weights.of(n);
        all - links
    };
    let mut current = body;
    loop {
        // The text that counts: the children's, menus and furniture aside.
        let total: usize = current
            .children()
            .map(|c| match c.value() {
                Node::Text(text) => text.chars().filter(|c| !c.is_whitespace()).count(),
                Node::Element(_) => weight(c),
                _ => 0,
            })
            .sum();
        let best = current
            .children()
            .filter(|c| c.value().is_element())
            .max_by_key(|c| weight(*c));
        match best {
            Some(child)
                if total > 0
                    && weight(child) * 5 >= total * 4
                    && !matches!(name(child), Some("p" | "table" | "tr" | "td" | "li")) =>
            {
                current = child;
            }
            _ => return current,
        }
    }
}

/// Elements that end a line before and after them.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "section"
            | "article"
            | "main"
            | "header"
            | "blockquote"
            | "pre"
            | "hr"
            | "center"
            | "figure"
            | "figcaption"
            | "address"
            | "body"
    )
}

fn wide(c: char) -> bool {
    c >= '\u{2e80}'
}

/// Ends the current line: whitespace collapsed as a browser does, a line
/// break between two Chinese characters (the page's source formatting)
/// dropped.
fn flush(blocks: &mut Vec<Block>, buffer: &mut String, pre: bool) {
    if pre {
        for line in buffer.split('\n') {
            blocks.push(Block::Line(line.trim_end().to_string()));
        }
        buffer.clear();
        return;
    }
    let chars: Vec<char> = buffer.chars().collect();
    let mut line = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let newline = chars[start..i].iter().any(|c| matches!(c, '\n' | '\r'));
            let (before, after) = (line.chars().last(), chars.get(i).copied());
            let (Some(before), Some(after)) = (before, after) else {
                continue;
            };
            if !(newline && (wide(before) || wide(after))) {
                line.push(' ');
            }
            continue;
        }
        line.push(chars[i]);
        i += 1;
    }
    if !line.is_empty() {
        blocks.push(Block::Line(line));
    }
    buffer.clear();
}

/// A table of data: no table inside it, at least two rows.
fn is_data_table(node: NodeRef<'_, Node>) -> bool {
    !node.descendants().skip(1).any(|d| name(d) == Some("table"))
        && node
            .descendants()
            .filter(|d| name(*d) == Some("tr"))
            .count()
            >= 2
}

fn span(node: NodeRef<'_, Node>, attribute: &str) -> usize {
    attr(node, attribute)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .max(1)
}

fn table_grid(table: NodeRef<'_, Node>, weights: &Weights, depth: usize) -> Vec<Vec<String>> {
    let mut grid = Grid::new();
    let rows = table.descendants().filter(|d| name(*d) == Some("tr"));
    for row in rows {
        if in_furniture(row, table) {
            continue;
        }
        grid.start_row();
        for cell in row
            .children()
            .filter(|c| matches!(name(*c), Some("td" | "th")))
        {
            let mut blocks = Vec::new();
            let mut buffer = String::new();
            for child in cell.children() {
                render(child, weights, depth + 1, &mut blocks, &mut buffer, false);
            }
            flush(&mut blocks, &mut buffer, false);
            let text: Vec<String> = blocks
                .into_iter()
                .filter_map(|b| match b {
                    Block::Line(l) => Some(l),
                    Block::Table(_) => None,
                })
                .collect();
            grid.cell(text.join(" "), span(cell, "colspan"), span(cell, "rowspan"));
        }
    }
    grid.into_rows()
}

/// How deep `render` recurses; below that an element's text is taken flat
/// (no page nests paragraphs that deep, but a hostile one may nest divs).
const MAX_DEPTH: usize = 200;

fn render(
    node: NodeRef<'_, Node>,
    weights: &Weights,
    depth: usize,
    blocks: &mut Vec<Block>,
    buffer: &mut String,
    pre: bool,
) {
    match node.value() {
        Node::Text(text) => buffer.push_str(text),
        Node::Element(element) => {
            if is_furniture(node) || weights.is_link_block(node) {
                return;
            }
            if depth > MAX_DEPTH {
                for d in node.descendants() {
                    if let Node::Text(text) = d.value() {
                        buffer.push_str(text);
                    }
                }
                return;
            }
            let tag = element.name();
            if tag == "br" {
                flush(blocks, buffer, pre);
                return;
            }
            if tag == "table" && is_data_table(node) {
                flush(blocks, buffer, pre);
                blocks.push(Block::Table(table_grid(node, weights, depth)));
                return;
            }
            let block = is_block(tag);
            if block {
                flush(blocks, buffer, pre);
            }
            let pre = pre || tag == "pre";
            for child in node.children() {
                render(child, weights, depth + 1, blocks, buffer, pre);
            }
            if block {
                flush(blocks, buffer, pre);
            }
        }
        Node::Document | Node::Fragment => {
            for child in node.children() {
                render(child, weights, depth + 1, blocks, buffer, pre);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html><html><head><title>t</title><script>var x = "1.不是任务";</script></head>
<body>
<div class="top"><div class="logo">某省人民政府</div>
<ul class="menu"><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li><li><a href="/b">政务服务</a></li></ul>
<form><input name="q"><button>搜索</button></form></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/z">政策文件</a></div>
<div class="wrap">
<h1>某省科技创新行动方案</h1>
<div class="text">
<p>一、重点任务</p>
<p>1.推进科技创新。（牵头单位：省科技厅；配合单位：
省财政厅）</p>
<p>2.加强产业链建设。<br>（牵头单位：省工业和信息化厅）</p>
<table border="1"><tr><th>工作任务</th><th>牵头单位</th><th>配合单位</th></tr>
<tr><td>建设实验室</td><td rowspan="2">省科技厅</td><td>省财政厅 省教育厅</td></tr>
<tr><td>培育人才</td><td>省人力资源社会保障厅</td></tr></table>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>
</div></div>
<div class="foot">主办：某省人民政府办公厅 <a href="/map">网站地图</a> 备案号12345</div>
</body></html>"##;

    #[test]
    fn the_article_is_kept_and_the_furniture_left_out() {
        let out = extract(PAGE);
        let text = out.text;
        assert!(
            text.starts_with("某省科技创新行动方案\n一、重点任务\n"),
            "{text}"
        );
        assert!(
            text.contains("1.推进科技创新。（牵头单位：省科技厅；配合单位：省财政厅）\n"),
            "{text}"
        );
        assert!(
            text.contains("2.加强产业链建设。\n（牵头单位：省工业和信息化厅）\n"),
            "{text}"
        );
        for furniture in [
            "首页",
            "搜索",
            "政务",
            "微信",
            "分享",
            "主办",
            "备案",
            "不是任务",
        ] {
            assert!(!text.contains(furniture), "{furniture} in {text}");
        }
    }

    #[test]
    fn tables_become_numbered_rows_with_their_cells() {
        let out = extract(PAGE);
        assert!(
            out.text.contains(
                "| 序号 | 工作任务 | 牵头单位 | 配合单位 |\n\
                 | 1 | 建设实验室 | 省科技厅 | 省财政厅 省教育厅 |\n\
                 | 2 | 培育人才 | 省科技厅 | 省人力资源社会保障厅 |\n"
            ),
            "{}",
            out.text
        );
        let line = out
            .text
            .lines()
            .position(|l| l.contains("培育人才"))
            .unwrap()
            + 1;
        assert_eq!(
            out.cells.get(&line).map(String::as_str),
            Some("table 1, row 3")
        );
    }
}
