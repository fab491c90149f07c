//! Industry schemes (Shandong's “十强产业” is the one shipped) as concept
//! schemes, the plan → industry mapping and the keyword rule that links
//! tasks to an industry. The schemes are data: `industries.tsv` next to this
//! file, each keyed by the jurisdiction whose documents it applies to (a
//! task of an Anhui plan is never linked to Shandong's scheme).
//!
//! Task linking (the rule the ontology documents): a task is linked to an
//! industry when its text prints the industry's name or one of its
//! **keywords**. Generic words (`新能源`, `新材料`, also used for products:
//! `新能源汽车`, `首批次新材料`) are **weak keywords**: they link only as a
//! member of an enumeration of industries, i.e. when `、` or `和` joins them
//! directly to another keyword (`新一代信息技术、新材料、新能源、生物医药`). A
//! keyword followed by one of its **exceptions** is another word
//! (`高端化工程` is 高端化 + 工程; `现代海洋城市` is a city's profile).
//! Nothing is inferred from products or firms.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::ingest::divisions::divisions;

/// One industry of a scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndustryInfo {
    /// Canonical name as printed in its plan's title, e.g. `新能源产业`.
    pub name: String,
    pub english: String,
    /// The broader concept (`文旅产业` for its two sub-plans).
    pub broader: Option<String>,
    /// Words that link a task to this industry wherever they are printed.
    pub keywords: Vec<String>,
    /// Words that link only inside an enumeration of industries.
    pub weak_keywords: Vec<String>,
    /// `(keyword, following text)` pairs that are other words.
    pub exceptions: Vec<(String, String)>,
    /// The scheme's name (`十强产业`).
    pub scheme: String,
    /// The division whose documents (and those inside it) use the scheme.
    pub scope: usize,
}

static INDUSTRIES_TSV: &str = include_str!("industries.tsv");

static INDUSTRIES: LazyLock<Vec<IndustryInfo>> = LazyLock::new(|| {
    parse_schemes(INDUSTRIES_TSV).unwrap_or_else(|e| panic!("industries.tsv: {e}"))
});

fn parse_schemes(tsv: &str) -> Result<Vec<IndustryInfo>, String> {
    let table = divisions();
    let mut scheme: Option<String> = None;
    let mut scope: Option<usize> = None;
    let mut out = Vec::new();
    let list = |s: &str| -> Vec<String> {
        if s == "-" || s.is_empty() {
            Vec::new()
        } else {
            s.split(',').map(str::to_owned).collect()
        }
    };
    for (n, line) in tsv.lines().enumerate() {
        let line_no = n + 1;
        if let Some(name) = line.strip_prefix("# scheme:") {
            scheme = Some(name.trim().to_owned());
            continue;
        }
        if let Some(key) = line.strip_prefix("# jurisdiction:") {
            let key = key.trim();
            scope = Some(
                table
                    .lookup(key)
                    .map_err(|_| format!("line {line_no}: no division is called {key}"))?,
            );
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (Some(scheme), Some(scope)) = (&scheme, scope) else {
            return Err(format!(
                "line {line_no}: a row before its `# scheme:` and `# jurisdiction:` lines"
            ));
        };
        let cols: Vec<&str> = line.split('\t').collect();
        let [name, english, broader, keywords, weak, exceptions] = cols[..] else {
            return Err(format!(
                "line {line_no}: {} columns, expected 6",
                cols.len()
            ));
        };
        let exceptions = list(exceptions)
            .into_iter()
            .map(|e| match e.split_once(':') {
                Some((k, f)) => Ok((k.to_owned(), f.to_owned())),
                None => Err(format!("line {line_no}: exception {e} is not KEYWORD:TEXT")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        out.push(IndustryInfo {
            name: name.to_owned(),
            english: english.to_owned(),
            broader: list(broader).into_iter().next(),
            keywords: list(keywords),
            weak_keywords: list(weak),
            exceptions,
            scheme: scheme.clone(),
            scope,
        });
    }
    Ok(out)
}

/// Every industry of every scheme.
pub fn industries() -> &'static [IndustryInfo] {
    &INDUSTRIES
}

/// The industries of the schemes that apply to a document of
/// `jurisdiction` (none when it is unknown).
fn applicable(jurisdiction: Option<usize>) -> impl Iterator<Item = &'static IndustryInfo> {
    INDUSTRIES
        .iter()
        .filter(move |i| jurisdiction.is_some_and(|j| divisions().is_within(j, i.scope)))
}

/// Whether any scheme applies to documents of `jurisdiction`.
pub fn has_scheme(jurisdiction: Option<usize>) -> bool {
    applicable(jurisdiction).next().is_some()
}

/// The industry a plan title of a document of `jurisdiction` is about:
/// `新能源产业`, `新能源产业 2022 年行动计划`, `03新能源产业2022年行动计划`,
/// `文化创意产业` → that name. Titles of other plans give `None`.
pub fn industry_of_plan(title: &str, jurisdiction: Option<usize>) -> Option<&'static str> {
    let title: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let mut by_length: Vec<&IndustryInfo> = applicable(jurisdiction).collect();
    by_length.sort_by_key(|i| std::cmp::Reverse(i.name.chars().count()));
    by_length
        .into_iter()
        .find(|i| title.contains(i.name.as_str()))
        .map(|i| i.name.as_str())
}

/// The keyword matcher of the schemes that apply to one jurisdiction.
struct Matcher {
    matcher: AhoCorasick,
    /// Per pattern: (industries, weak?, exceptions).
    words: Vec<(Vec<&'static str>, bool, Vec<&'static str>)>,
}

impl Matcher {
    fn new(jurisdiction: Option<usize>) -> Matcher {
        let mut map: HashMap<&'static str, (Vec<&'static str>, bool, Vec<&'static str>)> =
            HashMap::new();
        for info in applicable(jurisdiction) {
            for (words, weak) in [(&info.keywords, false), (&info.weak_keywords, true)] {
                for w in words {
                    let entry = map
                        .entry(w.as_str())
                        .or_insert_with(|| (Vec::new(), weak, Vec::new()));
                    entry.0.push(info.name.as_str());
                }
            }
            map.entry(info.name.as_str())
                .or_insert_with(|| (Vec::new(), false, Vec::new()))
                .0
                .push(info.name.as_str());
            for (keyword, following) in &info.exceptions {
                if let Some(entry) = map.get_mut(keyword.as_str()) {
                    entry.2.push(following.as_str());
                }
            }
        }
        let mut entries: Vec<_> = map.into_iter().collect();
        entries.sort();
        for (_, (names, _, _)) in &mut entries {
            names.sort_unstable();
            names.dedup();
        }
        let (patterns, words): (Vec<&str>, Vec<_>) = entries.into_iter().unzip();
        Matcher {
            matcher: AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .expect("industry keywords"),
            words,
        }
    }
}

/// Canonical names of the industries a normalised task text of a document
/// of `jurisdiction` names.
pub fn find(text: &str, jurisdiction: Option<usize>) -> BTreeSet<String> {
    static CACHE: LazyLock<std::sync::Mutex<HashMap<Option<usize>, std::sync::Arc<Matcher>>>> =
        LazyLock::new(Default::default);
    let mut out = BTreeSet::new();
    if !has_scheme(jurisdiction) {
        return out;
    }
    let matcher = {
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(jurisdiction)
            .or_insert_with(|| std::sync::Arc::new(Matcher::new(jurisdiction)))
            .clone()
    };
    let matches: Vec<(usize, usize, usize)> = matcher
        .matcher
        .find_iter(text)
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        .collect();
    for (k, &(start, end, pattern)) in matches.iter().enumerate() {
        let (names, weak, exceptions) = &matcher.words[pattern];
        if exceptions.iter().any(|f| text[end..].starts_with(f)) {
            continue;
        }
        if *weak {
            // Joined by one separator to the previous or next keyword.
            let joined = |a: usize, b: usize| matches!(&text[a..b], "、" | "和");
            let prev_ok = k > 0 && joined(matches[k - 1].1, start);
            let next_ok = matches.get(k + 1).is_some_and(|n| joined(end, n.0));
            if !prev_ok && !next_ok {
                continue;
            }
        }
        out.extend(names.iter().map(|n| n.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shandong() -> Option<usize> {
        divisions().by_qualified("山东省")
    }

    fn names(text: &str) -> Vec<String> {
        find(text, shandong()).into_iter().collect()
    }

    #[test]
    fn scheme_has_eleven_plans_and_twelve_leaves() {
        assert_eq!(industries().len(), 13);
        let top = industries().iter().filter(|i| i.broader.is_none()).count();
        assert_eq!(top, 11);
        let with_children: BTreeSet<_> = industries()
            .iter()
            .filter_map(|i| i.broader.as_deref())
            .collect();
        assert_eq!(with_children.into_iter().collect::<Vec<_>>(), ["文旅产业"]);
    }

    #[test]
    fn plan_titles_map_to_industries() {
        assert_eq!(
            industry_of_plan("新一代信息技术产业 2022 年行动计划", shandong()),
            Some("新一代信息技术产业")
        );
        // sd-2022-ten-industries-web.txt glues a number to the title.
        assert_eq!(
            industry_of_plan("03新能源产业2022年行动计划", shandong()),
            Some("新能源产业")
        );
        assert_eq!(
            industry_of_plan("文化创意产业", shandong()),
            Some("文化创意产业")
        );
        assert_eq!(industry_of_plan("文旅产业", shandong()), Some("文旅产业"));
        assert_eq!(
            industry_of_plan("现代金融服务业", shandong()),
            Some("现代金融服务业")
        );
        assert_eq!(industry_of_plan("科技研发创新", shandong()), None);
        assert_eq!(industry_of_plan("绿色低碳转型", shandong()), None);
    }

    #[test]
    fn tasks_link_on_names_and_keywords() {
        assert_eq!(names("加快培育壮大新能源产业"), ["新能源产业"]);
        // sd-2023-2025-green-pilot-plan.txt: 新能源新材料 names both.
        assert_eq!(
            names("进一步扩大新能源新材料、绿色化工"),
            ["新材料产业", "新能源产业"]
        );
        // sd-2022-three-tens.txt l.43: an enumeration of fields.
        assert_eq!(
            names("围绕新一代信息技术、新材料、新能源、生物医药、碳中和"),
            ["新一代信息技术产业", "新材料产业", "新能源产业"]
        );
        assert_eq!(names("实金融支持文旅产业高质量"), ["文旅产业"]);
    }

    #[test]
    fn generic_words_do_not_link() {
        assert!(names("推广新能源汽车").is_empty());
        assert!(names("首批次新材料、首版次高端软件").is_empty());
        assert!(names("实施产业项目高端化工程").is_empty());
        // sd-2022-three-tens.txt l.2839.
        assert!(names("青岛建设现代海洋城市").is_empty());
    }
}

#[cfg(test)]
mod scope_tests {
    use super::*;

    #[test]
    fn a_scheme_applies_only_inside_its_jurisdiction() {
        let t = divisions();
        let qingdao = t.by_qualified("青岛市");
        let hefei = t.by_qualified("合肥市");
        assert_eq!(
            find("加快培育壮大新能源产业", qingdao)
                .into_iter()
                .collect::<Vec<_>>(),
            ["新能源产业"]
        );
        assert!(find("加快培育壮大新能源产业", hefei).is_empty());
        assert!(find("加快培育壮大新能源产业", None).is_empty());
        assert_eq!(industry_of_plan("新能源产业2022年行动计划", hefei), None);
    }

    #[test]
    fn the_data_file_parses_and_bad_rows_say_where() {
        assert_eq!(industries().len(), 13);
        let err = parse_schemes("# scheme: x\n# jurisdiction: 山东省\na\tb\n").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
        let err = parse_schemes("# scheme: x\n# jurisdiction: 不存在省\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("不存在省"), "{err}");
    }
}
