//! Attributions and unit resolution on the real documents in `data/`.
//!
//! Paragraph re-joining belongs to the structure code; here a file's lines
//! are simply concatenated without separators, which keeps every
//! attribution (page-break cut ones included) inside one string. Expected
//! figures come from counts of attributions and unit mentions made over the
//! raw text, and from `tests/data/units.tsv`,
//! a copy of the hand-made unit inventory.

use std::collections::{BTreeMap, BTreeSet};

use plangraph::ingest::attribution::{find_attributions, strip_attributions, Attribution};
use plangraph::ingest::units::{build_units, resolve, unit_info};
use plangraph::model::{Responsibility, Role};

use crate::support::{
    corpus_text as read, CORPUS_FILES as FILES, GREEN_PILOT_KEY_TASKS, TEN_INDUSTRIES,
    TEN_INNOVATIONS, THREE_TENS,
};

/// The whole file as one string, lines joined with no separator.
fn joined(file: &str) -> String {
    read(file).lines().collect()
}

/// The given 1-based physical lines of a file, joined with no separator.
fn lines(file: &str, numbers: &[usize]) -> String {
    let text = read(file);
    let all: Vec<&str> = text.lines().collect();
    numbers.iter().map(|&n| all[n - 1]).collect()
}

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn attribution_counts_per_file() {
    let counts: Vec<usize> = FILES
        .iter()
        .map(|f| find_attributions(&joined(f)).len())
        .collect();
    assert_eq!(counts, vec![1099, 328, 113, 0, 147]);
}

/// Lead and cooperating mentions per file, and in total.
fn mentions(file: &str) -> (usize, usize) {
    find_attributions(&joined(file))
        .iter()
        .fold((0, 0), |(l, c), a| {
            (l + a.leads.len(), c + a.cooperating.len())
        })
}

#[test]
fn mention_counts_reconcile_with_the_inventory() {
    let per_file: Vec<(usize, usize)> = FILES.iter().map(|f| mentions(f)).collect();
    let totals: Vec<usize> = per_file.iter().map(|(l, c)| l + c).collect();
    // Unit mentions counted over the raw text: sd-2022-three-tens.txt 2,715;
    // sd-2022-ten-industries-web.txt 820;
    // sd-2023-green-pilot-key-tasks.txt 209; sd-2023-2025-green-pilot-plan.txt 0;
    // sd-2024-2025-ten-innovations.txt 421.
    assert_eq!(totals, vec![2715, 820, 209, 0, 421]);
    let lead: usize = per_file.iter().map(|p| p.0).sum();
    let coop: usize = per_file.iter().map(|p| p.1).sum();
    assert_eq!(lead + coop, 4165);
    // The inventory counts lead 2,832 / partner 1,119 / shared 214, where
    // "shared" is every unit of a label-free formula list. The vocabulary
    // makes those leads, except the list after `X牵头，` (variant C) and the
    // list after A4's `；`, which cooperate. Recount both from the text.
    let (mut shared_lead, mut shared_coop) = (0, 0);
    for file in FILES {
        let text = joined(file);
        for a in find_attributions(&text) {
            let group = &text[a.span.clone()];
            let has = |words: &[&str]| words.iter().any(|w| group.contains(w));
            if !has(&["牵头单位", "牵头部门", "牽頭單位", "牽頭部門"]) && !has(&["牵头", "牽頭"])
            {
                shared_lead += a.leads.len();
            }
            if !has(&["配合单", "参与单位", "參與單位"]) {
                shared_coop += a.cooperating.len();
            }
        }
    }
    assert_eq!((shared_lead, shared_coop), (179, 35));
    assert_eq!(shared_lead + shared_coop, 214);
    assert_eq!((lead, coop), (2832 + shared_lead, 1119 + shared_coop));
}

/// units.tsv: surface form → canonical name.
fn inventory() -> BTreeMap<String, String> {
    let path = crate::support::root().join("tests/data/units.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.split('\t');
            Some((cols.next()?.to_string(), cols.next()?.to_string()))
        })
        .collect()
}

#[test]
fn every_surface_resolves_as_the_inventory_says() {
    let inventory = inventory();
    assert_eq!(inventory.len(), 177);
    let mut surfaces = BTreeSet::new();
    let mut responsibilities = Vec::new();
    for file in FILES {
        for a in find_attributions(&joined(file)) {
            for (role, list) in [(Role::Lead, &a.leads), (Role::Cooperating, &a.cooperating)] {
                for s in list {
                    surfaces.insert(s.clone());
                    responsibilities.push(Responsibility {
                        unit: resolve(s).name,
                        surface: s.clone(),
                        role,
                    });
                }
            }
        }
    }
    // `**省发展改革委**` is a surface of the inventory; attributions come out
    // with the bold markers removed, so 176 distinct surfaces remain.
    assert_eq!(surfaces.len(), 176, "{surfaces:?}");
    for s in &surfaces {
        let expected = inventory
            .get(s)
            .unwrap_or_else(|| panic!("surface {s} not in the inventory"));
        let r = resolve(s);
        assert_eq!(&r.name, expected, "{s}");
        assert!(r.known, "{s}");
        assert_eq!(r.note.is_some(), s == "省科技厅KU游体育", "{s}");
    }
    assert_eq!(resolve("**省发展改革委**").name, "省发展改革委");
    let canonical: BTreeSet<&String> = inventory.values().collect();
    // Read as one table: every canonical name stands for itself and is
    // described by the table.
    let sources = canonical
        .iter()
        .map(|name| {
            let source = plangraph::ingest::units::UnitSource {
                label: name.to_string(),
                jurisdiction: None,
                table: Some(0),
            };
            (name.to_string(), source)
        })
        .collect();
    let units = build_units(&responsibilities, &sources);
    assert_eq!(units.len(), 135);
    assert_eq!(
        units.iter().map(|u| &u.name).collect::<BTreeSet<_>>(),
        canonical
    );
    assert_eq!(units.iter().filter(|u| u.collective).count(), 17);
    assert!(units.iter().all(|u| u.known && u.english.is_some()));
    let kst = units
        .iter()
        .find(|u| u.name == "省科技厅")
        .expect("省科技厅");
    assert_eq!(
        kst.alt_labels
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        // The spam-glued surface is provenance, not a name of the unit.
        vec!["省科技廳"]
    );
    let old = unit_info("人民银行济南分行").expect("old PBoC branch");
    assert_eq!(old.succeeded_by, vec!["人民银行山东省分行".to_string()]);
}

/// Asserts the attributions found in the given lines of a file.
fn check(file: &str, numbers: &[usize], expected: &[(&[&str], &[&str])]) -> Vec<Attribution> {
    let text = lines(file, numbers);
    let found = find_attributions(&text);
    let got: Vec<(Vec<String>, Vec<String>)> = found
        .iter()
        .map(|a| (a.leads.clone(), a.cooperating.clone()))
        .collect();
    let want: Vec<(Vec<String>, Vec<String>)> =
        expected.iter().map(|(l, c)| (v(l), v(c))).collect();
    assert_eq!(got, want, "{file} l.{numbers:?}");
    found
}

#[test]
fn hand_checked_three_tens() {
    // Lead only, plain.
    check(THREE_TENS, &[169], &[(&["省市场监管局"], &[])]);
    check(
        THREE_TENS,
        &[77],
        &[(
            &["省科技厅", "省财政厅", "省地方金融监管局", "山东银保监局"],
            &[],
        )],
    );
    // Own physical line.
    check(
        THREE_TENS,
        &[93],
        &[(&["省委科技创新委员会各成员单位"], &[])],
    );
    // Variant C, label-free lead + duty formula.
    check(
        THREE_TENS,
        &[109],
        &[(
            &["省委组织部", "省科技厅"],
            &[
                "省教育厅",
                "省工业和信息化厅",
                "省人力资源社会保障厅",
                "省卫生健康委",
                "省科协",
            ],
        )],
    );
    // Variant C in half-width brackets.
    check(
        THREE_TENS,
        &[123],
        &[(
            &["省委组织部", "省科技厅", "省人力资源社会保障厅"],
            &[
                "省委统战部",
                "省委外办",
                "省教育厅",
                "省公安厅",
                "团省委",
                "山东人才发展集团有限公司",
            ],
        )],
    );
    // Variant E: the named units lead.
    check(
        THREE_TENS,
        &[125],
        &[(
            &[
                "省委组织部",
                "省委台港澳办",
                "省教育厅",
                "省科技厅",
                "团省委",
                "山东人才发展集团有限公司",
            ],
            &[],
        )],
    );
    // Variant D.
    check(THREE_TENS, &[129], &[(&["省教育厅"], &[])]);
    // City actor after `，` stays in the lead list.
    check(
        THREE_TENS,
        &[233],
        &[(
            &[
                "省发展改革委",
                "省财政厅",
                "省自然资源厅",
                "省住房城乡建设厅",
                "省能源局",
                "国网山东省电力公司",
                "各市政府",
            ],
            &[],
        )],
    );
    // Bold marker inside the list.
    check(
        THREE_TENS,
        &[269],
        &[(
            &[
                "省科技厅",
                "省商务厅",
                "省发展改革委",
                "人民银行济南分行",
                "青岛海关",
                "济南海关",
                "省税务局",
                "青岛市税务局",
                "山东边检总站",
            ],
            &[],
        )],
    );
    check(
        THREE_TENS,
        &[271],
        &[(&["省商务厅", "青岛海关", "济南海关", "青岛市政府"], &[])],
    );
    check(
        THREE_TENS,
        &[321],
        &[(&["打击证券违法活动省相关责任单位"], &[])],
    );
    // Collective alone.
    check(THREE_TENS, &[331], &[(&["省有关部门单位"], &[])]);
    // Mixed brackets over a page break (l.449 ⏎ l.451).
    check(THREE_TENS, &[449, 451], &[(&["省政府办公厅"], &[])]);
    check(THREE_TENS, &[457], &[(&["省政府办公厅", "省司法厅"], &[])]);
    check(THREE_TENS, &[595], &[(&["营商环境各领域牵头单位"], &[])]);
    check(
        THREE_TENS,
        &[689],
        &[(&["省工业和信息化厅"], &["省发展改革委"])],
    );
    // 以及.
    check(
        THREE_TENS,
        &[803],
        &[(
            &["省地方金融监管局"],
            &["省大数据局", "人民银行济南分行", "相关数源部门"],
        )],
    );
    // Page break inside the partner label, colon widths mixed.
    check(
        THREE_TENS,
        &[825, 827],
        &[(&["省大数据局"], &["相关数源部门"])],
    );
    // Page break with a doubled character.
    check(
        THREE_TENS,
        &[1017, 1019],
        &[(&["省工业和信息化化厅", "省科技厅"], &[])],
    );
    // A4.
    check(
        THREE_TENS,
        &[1027],
        &[(
            &["省应急厅"],
            &[
                "省能源局",
                "省工业和信息化厅",
                "省自然资源厅",
                "省公安厅",
                "省交通运输厅",
                "省生态环境厅",
                "省农业农村厅",
                "省住房城乡建设厅",
                "省市场监管局",
                "山东海事局",
            ],
        )],
    );
    // 〔〕 around a unit with （）.
    check(
        THREE_TENS,
        &[1057],
        &[(
            &["省委统筹疫情防控和经济运行工作领导小组（指挥部）办公室"],
            &[],
        )],
    );
    check(THREE_TENS, &[1065], &[(&["各部门"], &[])]);
    check(
        THREE_TENS,
        &[2129],
        &[(
            &["省地方金融监管局", "人民银行济南分行"],
            &["山东银保监局", "山东证监局", "有关市政府"],
        )],
    );
    // `，` between lead and partner lists; `、` inside a collective name.
    check(
        THREE_TENS,
        &[2297],
        &[(
            &["省交通运输厅"],
            &["综合交通运输工作领导小组及重点建设项目、铁路、民航建设工作专项小组成员单位"],
        )],
    );
    check(THREE_TENS, &[2355], &[(&["有关部门"], &[])]);
    check(
        THREE_TENS,
        &[2895],
        &[(&["省工业和信息化厅"], &["省发展改革委", "省生态环境厅"])],
    );
    // 等省有关部门.
    check(
        THREE_TENS,
        &[2901],
        &[(
            &[
                "省发展改革委",
                "省生态环境厅",
                "省国资委",
                "省科技厅",
                "省商务厅",
            ],
            &["省住房城乡建设厅", "省有关部门", "国家开发银行山东省分行"],
        )],
    );
    check(
        THREE_TENS,
        &[2935],
        &[(
            &["省发展改革委"],
            &["省科技厅", "省工业和信息化厅", "省有关部门、单位"],
        )],
    );
    check(
        THREE_TENS,
        &[3439],
        &[(&["省应急厅", "省能源局", "国家矿山安监局山东局"], &[])],
    );
}

#[test]
fn hand_checked_several_per_item_three_tens_l1577() {
    // Four attributions in one task; the third is cut by a page break
    // (l.1577 ⏎ l.1579) and closes with a half-width bracket.
    let found = check(
        THREE_TENS,
        &[1577, 1579],
        &[
            (&["省海洋局"], &[]),
            (&["省能源局"], &[]),
            (&["省工业和信息化厅"], &["省科技厅"]),
            (&["省科技厅", "省工业和信息化厅", "省海洋局"], &[]),
        ],
    );
    let text = lines(THREE_TENS, &[1577, 1579]);
    let stripped = strip_attributions(&text, &found);
    assert!(
        stripped.contains("开工建设。启动首批海上风电基地项目建设"),
        "{stripped}"
    );
    assert!(
        stripped.ends_with("推动BG136等海洋创新药物研发。"),
        "{stripped}"
    );
    assert!(!stripped.contains("牵头单位"), "{stripped}");
}

#[test]
fn hand_checked_ten_industries_green_pilot_key_tasks_ten_innovations() {
    check(
        TEN_INDUSTRIES,
        &[21],
        &[(
            &["省科技厅"],
            &["省发展改革委", "省工业和信息化厅", "省财政厅"],
        )],
    );
    check(
        TEN_INDUSTRIES,
        &[77],
        &[(&["省工业和信息化厅"], &["省有关部门"])],
    );
    check(
        TEN_INDUSTRIES,
        &[229],
        &[
            (&["省自然资源厅"], &["省能源局"]),
            (&["省自然资源厅", "省公安厅"], &["省住房城乡建设厅"]),
            (&["省交通运输厅"], &["省能源局", "国网山东省电力公司"]),
        ],
    );
    check(
        TEN_INDUSTRIES,
        &[801],
        &[(&["省地方金融监管局", "山东证监局"], &["省工信和信息化厅"])],
    );
    // Traditional script.
    check(GREEN_PILOT_KEY_TASKS, &[11], &[(&["省科技廳"], &[])]);
    check(
        GREEN_PILOT_KEY_TASKS,
        &[16],
        &[(&["省科技廳", "省工業和信息化廳"], &["省生態環境廳"])],
    );
    check(
        GREEN_PILOT_KEY_TASKS,
        &[75],
        &[(&["省農業農村廳", "省畜牧局"], &[])],
    );
    check(
        GREEN_PILOT_KEY_TASKS,
        &[90],
        &[(
            &[
                "省政府辦公廳",
                "省委編辦",
                "省大數據局",
                "省發展改革委",
                "省司法廳",
                "省市場監管局",
            ],
            &[],
        )],
    );
    check(
        GREEN_PILOT_KEY_TASKS,
        &[98],
        &[(&["省商務廳", "省發展改革委"], &[])],
    );
    check(
        GREEN_PILOT_KEY_TASKS,
        &[100],
        &[(&["省商務廳"], &["山東自貿試驗區領導小組各成員單位"])],
    );
    // 2024 names.
    check(
        TEN_INNOVATIONS,
        &[12],
        &[(
            &[
                "省科技厅",
                "省发展改革委",
                "省财政厅",
                "省委金融办",
                "人民银行山东省分行",
                "金融监管总局山东监管局",
                "金融监管总局青岛监管局",
            ],
            &[],
        )],
    );
    check(
        TEN_INNOVATIONS,
        &[23],
        &[(
            &["省委组织部", "省科技厅"],
            &[
                "省委宣传部",
                "省委统战部",
                "省委外办",
                "省委台办",
                "省委港澳办",
                "省教育厅",
                "省工业和信息化厅",
                "省人力资源社会保障厅",
                "省商务厅",
                "团省委",
                "省科协",
                "各市党委人才工作领导小组",
            ],
        )],
    );
    check(
        TEN_INNOVATIONS,
        &[43],
        &[(&["省税务局"], &["省市场监管局"])],
    );
    check(
        TEN_INNOVATIONS,
        &[50],
        &[(
            &[
                "省委金融办",
                "省财政厅",
                "人民银行山东省分行",
                "山东证监局",
                "青岛证监局",
            ],
            &[],
        )],
    );
    check(
        TEN_INNOVATIONS,
        &[58],
        &[(&["省自然资源厅", "省司法厅"], &["省大数据局"])],
    );
    check(TEN_INNOVATIONS, &[66], &[(&["省有关部门、单位"], &[])]);
    check(TEN_INNOVATIONS, &[73], &[(&["省有关部门、单位"], &[])]);
    // Spam glued to a unit: kept in the surface, removed by resolution.
    let found = check(
        TEN_INNOVATIONS,
        &[84],
        &[(
            &[
                "省政府办公厅",
                "省发展改革委",
                "省工业和信息化厅",
                "省商务厅",
                "省科技厅KU游体育",
                "省邮政管理局",
                "省司法厅",
            ],
            &[],
        )],
    );
    assert_eq!(resolve(&found[0].leads[4]).name, "省科技厅");
    check(
        TEN_INNOVATIONS,
        &[124],
        &[(&["省工业和信息化厅"], &["省发展改革委", "省科技厅"])],
    );
    // Prose look-alike outside brackets (sd-2024-2025-ten-innovations.txt l.16) is not an
    // attribution.
    assert!(find_attributions(&lines(TEN_INNOVATIONS, &[16]))
        .iter()
        .all(|a| !a.leads.iter().any(|l| l.contains("科技研发创新"))));
}

/// units.tsv: surface form → mentions per file (sd-2022-three-tens.txt,
/// sd-2022-ten-industries-web.txt, sd-2023-green-pilot-key-tasks.txt,
/// sd-2023-2025-green-pilot-plan.txt, sd-2024-2025-ten-innovations.txt).
fn inventory_counts() -> BTreeMap<String, [usize; 5]> {
    let path = crate::support::root().join("tests/data/units.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut counts: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        // Bold markers are removed from surfaces, so `**X**` counts as X.
        let surface = cols[0].replace("**", "");
        let entry = counts.entry(surface).or_default();
        for (k, slot) in entry.iter_mut().enumerate() {
            *slot += cols[3 + k]
                .parse::<usize>()
                .unwrap_or_else(|e| panic!("{line}: {e}"));
        }
    }
    counts
}

#[test]
fn surface_counts_per_file_match_the_inventory() {
    let mut counts: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    for (k, file) in FILES.iter().enumerate() {
        for a in find_attributions(&joined(file)) {
            for s in a.leads.iter().chain(&a.cooperating) {
                counts.entry(s.clone()).or_default()[k] += 1;
            }
        }
    }
    let expected = inventory_counts();
    let differences: Vec<_> = expected
        .iter()
        .filter(|(s, c)| counts.get(*s) != Some(c))
        .map(|(s, c)| (s.clone(), *c, counts.get(s).copied()))
        .collect();
    assert!(differences.is_empty(), "{differences:?}");
    assert_eq!(counts.len(), expected.len());
}
