//! Responsibility attributions: who leads a task, who cooperates, who is
//! the responsible leader, and by when.
//!
//! This is the one definition of an attribution: the structure code, the
//! text stripper and the extractor all call it. It reads a bracket group
//! (`（）()〔〕[]【】`, any width and pairing, nesting-aware) or an attribution
//! line (`牵头单位：X`, `部门分工：X牵头，Y配合`), in either script; matching
//! is done on the simplified form and the surface forms are sliced from the
//! original. The grammar, with its role words kept as data below:
//!
//! ```text
//! attribution := labelled | formula
//! labelled    := [formula] (LABEL colon list sep?)+          牵头单位：X；配合单位：Y
//! formula     := list "牵头" sep [COOP_OPENER] list COOP_VERB    X牵头，会同Y负责
//!              | list "牵头" ["负责"]                         X牵头负责
//!              | list ["等"] LEAD_VERB                         X、Y按职责分工负责
//! list        := unit (SEPARATOR unit)*                       、，,；; 及 和 以及
//! ```
//!
//! A `责任单位` list is cooperating when the same attribution has an explicit
//! lead label, and lead otherwise. A role-less list (`X、Y负责`) leads, unless
//! the document declared `列第一位者为牵头单位`: then the first listed leads and
//! the others cooperate (the caller keeps that rule for the rest of the
//! document, as `下同` says). Units are never split inside brackets, and a
//! run of bare place words before a shared body (`黄埔区、南沙区政府`,
//! `各县、特区、区人民政府`, `有关行政执法、司法机关`) stays one collective.
//! Everything is a linear scan over the text.

use std::ops::Range;

use super::normalize::t2s;

/// One attribution: a bracket group or an attribution line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    /// Byte range of the whole group (brackets included) in the text.
    pub span: Range<usize>,
    /// Lead unit surface forms in printed order (original script, `**` removed).
    pub leads: Vec<String>,
    /// Cooperating unit surface forms in printed order.
    pub cooperating: Vec<String>,
    /// Responsible leaders (persons) as printed.
    pub persons: Vec<String>,
    /// A `完成时限` given inside the attribution, as printed.
    pub deadline: Option<String>,
    /// The units were listed without any role word (`X、Y负责`): a declared
    /// first-listed-leads rule applies to them.
    pub roleless: bool,
    /// The attribution declares `列第一位者为牵头单位` for itself and (下同)
    /// the rest of the document.
    pub declares_first_listed_lead: bool,
    /// Text inside the group that is not part of the attribution (a note
    /// such as `不再做分工`), kept so that the caller can say it was cut.
    pub remainder: Option<String>,
    /// The group has role words but no unit could be read from it.
    pub unreadable: bool,
}

impl Attribution {
    /// Applies a declared `列第一位者为牵头单位` rule: the first listed unit
    /// leads, the others cooperate.
    pub fn apply_first_listed_lead(&mut self) {
        if self.cooperating.is_empty() && self.leads.len() > 1 {
            self.cooperating = self.leads.split_off(1);
        }
    }
}

/// What a label introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    Lead,
    Cooperating,
    /// `责任单位`: cooperating beside an explicit lead label, else lead.
    Responsible,
    /// `部门分工`: a formula follows (`X牵头，Y配合`).
    Division,
    Deadline,
    Person,
}

/// Labels (simplified script), longest first where one ends another. A label
/// counts only when a colon follows it: the colon is what tells a label from
/// the same word inside a unit name (`营商环境各领域牵头单位`).
pub const LABELS: &[(&str, LabelKind)] = &[
    ("牵头责任单位", LabelKind::Lead),
    ("牵头单位", LabelKind::Lead),
    ("牵头部门", LabelKind::Lead),
    ("主责单位", LabelKind::Lead),
    ("协同责任单位", LabelKind::Cooperating),
    ("配合责任单位", LabelKind::Cooperating),
    ("配合单位", LabelKind::Cooperating),
    ("配合部门", LabelKind::Cooperating),
    ("参与单位", LabelKind::Cooperating),
    ("参与部门", LabelKind::Cooperating),
    ("协同单位", LabelKind::Cooperating),
    ("协同部门", LabelKind::Cooperating),
    ("参加单位", LabelKind::Cooperating),
    ("协办单位", LabelKind::Cooperating),
    ("主要责任单位", LabelKind::Responsible),
    ("责任单位", LabelKind::Responsible),
    ("责任部门", LabelKind::Responsible),
    ("承办单位", LabelKind::Responsible),
    ("部门分工", LabelKind::Division),
    ("完成时限", LabelKind::Deadline),
    ("完成时间", LabelKind::Deadline),
    ("时间节点", LabelKind::Deadline),
    ("时限要求", LabelKind::Deadline),
    ("时限", LabelKind::Deadline),
    ("省政府分管领导", LabelKind::Person),
    ("市政府分管领导", LabelKind::Person),
    ("县政府分管领导", LabelKind::Person),
    ("区政府分管领导", LabelKind::Person),
    ("分管省领导", LabelKind::Person),
    ("分管市领导", LabelKind::Person),
    ("分管县领导", LabelKind::Person),
    ("分管区领导", LabelKind::Person),
    ("牵头省领导", LabelKind::Person),
    ("牵头市领导", LabelKind::Person),
    ("分管领导", LabelKind::Person),
    ("责任领导", LabelKind::Person),
    ("牵头领导", LabelKind::Person),
    ("联系领导", LabelKind::Person),
];

/// Words that make a bracket group a candidate attribution (simplified).
/// The cheap test in `brackets` and the warnings about unreadable groups use
/// them; whether the group really names units is decided by [`parse`].
pub const ROLE_WORDS: &[&str] = &[
    "牵头",
    "配合单位",
    "参与单位",
    "责任单位",
    "协同责任单位",
    "分工负责",
    "按职责",
    "按照职责",
    "按职能",
    "负责落实",
];

/// The lead list of a formula ends with 牵头 and one of these.
const AFTER_LEAD: &[char] = &['，', ',', '；', ';', '、'];

/// Words that open the cooperating list of a formula (`X牵头，会同Y负责`).
const COOP_OPENERS: &[&str] = &["会同", "配合", "协同", "联合"];

/// Words that close the cooperating list of a formula, longest first.
const COOP_VERBS: &[&str] = &[
    "按照职责分工负责",
    "按照职能分工负责",
    "按职责分工负责",
    "按职能分工负责",
    "按照职责分工配合",
    "按职责分工配合",
    "按照职责分工落实",
    "按职责分工落实",
    "按照职责负责",
    "按职责负责",
    "共同负责",
    "具体负责",
    "具体落实",
    "分工负责",
    "配合落实",
    "参与落实",
    "配合",
    "参与",
    "参加",
    "协同",
    "协助",
    "负责",
];

/// Words that make the list before them responsible without a role
/// (`X、Y按职责分工负责`): they lead. `explicit` marks the ones that say each
/// unit leads on its own (`分别`), to which no first-listed rule applies.
const LEAD_VERBS: &[(&str, bool)] = &[
    ("按照职责分工负责", false),
    ("按照职能分工负责", false),
    ("按职责分工负责", false),
    ("按职能分工负责", false),
    ("按照职责负责", false),
    ("按职责负责", false),
    ("分别负责落实", true),
    ("分别牵头负责", true),
    ("分别牵头", true),
    ("分别负责", true),
    ("牵头负责", true),
    ("共同负责", false),
    ("具体负责", false),
    ("分工负责", false),
    ("负责落实", false),
    ("负责", false),
];

/// Phrases that declare the first listed unit the lead.
const FIRST_LISTED_RULES: &[&str] = &[
    "列第一位者为牵头单位",
    "列第一位的为牵头单位",
    "列第一位为牵头单位",
    "排在第一位的为牵头单位",
    "排第一位的为牵头单位",
    "第一个为牵头单位",
    "列首位的为牵头单位",
    "列在首位的为牵头单位",
];

/// Unit names that contain a separator or a label word and must stay whole.
const PROTECTED: &[&str] = &[
    "综合交通运输工作领导小组及重点建设项目、铁路、民航建设工作专项小组成员单位",
    "省有关部门、单位",
    "营商环境各领域牵头单位",
    "打击证券违法活动省相关责任单位",
];

/// Starts of a collective phrase after `等` (`X等省有关部门` → X + 省有关部门).
const COLLECTIVE_STARTS: &[&str] = &["省有关", "有关", "相关", "各"];

/// Characters that separate units inside one list.
const LIST_SEPARATORS: &[char] = &['、', '，', ',', '；', ';'];

/// Last characters of a body's name (a bureau, a committee, a government…).
const BODY_ENDINGS: &str = "局委厅办室会府部院心队所站行司团校社处科组位门关联协馆台署构业军庭";

/// Endings of a shared body after a run of bare place words.
const SHARED_BODIES: &[&str] = &[
    "政府",
    "管委会",
    "机关",
    "党委",
    "党工委",
    "部门",
    "单位",
    "办事处",
];

/// A bracket character: an opener with its byte length, or a closer.
enum Bracket {
    Open(usize),
    Close(usize),
}

/// The bracket at byte `i` of `bytes`, if any. `( ) [ ]` are ASCII;
/// `（ ）` are EF BC 88/89, `〔 〕` E3 80 94/95, `【 】` E3 80 90/91. Lead
/// bytes 0xEF/0xE3 only occur at character starts.
fn bracket_at(bytes: &[u8], i: usize) -> Option<Bracket> {
    match bytes[i] {
        b'(' | b'[' => Some(Bracket::Open(1)),
        b')' | b']' => Some(Bracket::Close(1)),
        0xEF | 0xE3 => match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (0xEF, Some(0xBC), Some(0x88))
            | (0xE3, Some(0x80), Some(0x94))
            | (0xE3, Some(0x80), Some(0x90)) => Some(Bracket::Open(3)),
            (0xEF, Some(0xBC), Some(0x89))
            | (0xE3, Some(0x80), Some(0x95))
            | (0xE3, Some(0x80), Some(0x91)) => Some(Bracket::Close(3)),
            _ => None,
        },
        _ => None,
    }
}

/// Byte ranges of the top-level bracket groups of `text` (brackets
/// included), with the opener's and closer's lengths. A closer closes the
/// innermost open group, so an opener that is never closed (a typo, a
/// truncated line) does not swallow the groups after it, and a stray closer
/// is ignored.
pub fn top_level_groups(text: &str) -> Vec<(Range<usize>, usize, usize)> {
    let bytes = text.as_bytes();
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut pairs: Vec<(usize, usize, usize, usize)> = Vec::new();
    for i in 0..bytes.len() {
        match bracket_at(bytes, i) {
            Some(Bracket::Open(len)) => open.push((i, len)),
            Some(Bracket::Close(len)) => {
                if let Some((start, open_len)) = open.pop() {
                    pairs.push((start, open_len, i, len));
                }
            }
            None => {}
        }
    }
    pairs.sort_unstable_by_key(|&(start, ..)| start);
    let mut groups = Vec::new();
    let mut covered_until = 0usize;
    for (start, open_len, close, close_len) in pairs {
        if start < covered_until {
            continue;
        }
        covered_until = close + close_len;
        groups.push((start..close + close_len, open_len, close_len));
    }
    groups
}

/// Finds every attribution in bracket groups of `text`, in order. Groups
/// with role words that yield no unit are returned with `unreadable` set
/// (and no units), so that the caller can say so; other groups are skipped.
pub fn find_attributions(text: &str) -> Vec<Attribution> {
    let mut found = Vec::new();
    for (span, open_len, close_len) in top_level_groups(text) {
        let inner = &text[span.start + open_len..span.end - close_len];
        if !may_be_attribution(inner) {
            continue;
        }
        if let Some(mut a) = parse(inner) {
            a.span = span;
            found.push(a);
        } else if has_role_word(inner) {
            found.push(Attribution {
                span,
                unreadable: true,
                ..Default::default()
            });
        }
    }
    if !found.iter().any(|a| !a.unreadable) {
        found.extend(trailing_labels(text));
    }
    found
}

/// An attribution printed without brackets after the task's last sentence:
/// `…完成投资10亿元。牵头单位：市发改委；配合单位：市财政局。` It runs from the
/// first unit label that follows a sentence or clause end to the end of the
/// text.
fn trailing_labels(text: &str) -> Option<Attribution> {
    if !text.contains(['：', ':']) || !may_be_attribution(text) {
        return None;
    }
    let simp = t2s(text);
    if simp.len() != text.len() {
        return None;
    }
    let label = find_labels(&simp).into_iter().find(|l| {
        matches!(
            l.kind,
            LabelKind::Lead | LabelKind::Cooperating | LabelKind::Responsible | LabelKind::Division
        ) && simp[..l.start]
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '。' | '；' | ';' | '，' | ',') || c.is_whitespace())
    })?;
    let mut a = parse(&text[label.start..])?;
    if a.leads.is_empty() && a.cooperating.is_empty() {
        return None;
    }
    a.span = label.start..text.len();
    Some(a)
}

/// A cheap first test on the printed text (either script): every
/// attribution the grammar reads holds one of these words, so a group
/// without any is skipped before it is converted and parsed. Most bracket
/// groups in a plan are prose (`首台（套）`), and the structure code asks about
/// every paragraph, so this keeps the reader linear and fast.
fn may_be_attribution(text: &str) -> bool {
    static TRIGGERS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::new([
                "牵头",
                "牽頭",
                "负责",
                "負責",
                "单位",
                "單位",
                "部门",
                "部門",
                "配合",
                "参与",
                "參與",
                "参加",
                "參加",
                "协同",
                "協同",
                "会同",
                "會同",
                "领导",
                "領導",
                "时限",
                "時限",
                "完成时间",
                "完成時間",
                "分工",
                "时间节点",
                "時間節點",
            ])
            .expect("fixed trigger words")
        });
    TRIGGERS.is_match(text)
}

/// [`ROLE_WORDS`] in traditional script, so that the test needs no
/// conversion (it runs on every line of every document).
const ROLE_WORDS_TRADITIONAL: &[&str] = &[
    "牽頭",
    "配合單位",
    "參與單位",
    "責任單位",
    "協同責任單位",
    "分工負責",
    "按職責",
    "按照職責",
    "按職能",
    "負責落實",
];

/// True when `text` (either script) holds one of the role words.
pub fn has_role_word(text: &str) -> bool {
    static MATCHER: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::new(ROLE_WORDS.iter().chain(ROLE_WORDS_TRADITIONAL))
                .expect("fixed role words")
        });
    MATCHER.is_match(text)
}

/// Reads an attribution line printed under a task: `牵头单位：X`,
/// `责任单位：Y`, `分管省领导：Z`, `部门分工：X牵头，Y配合`, `完成时限：…`.
/// `None` when the line does not open with a label and its colon.
pub fn parse_line(line: &str) -> Option<Attribution> {
    if !line.contains(['：', ':']) {
        return None;
    }
    let trimmed = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    // Only a line that opens with a label can be one: look at its head
    // before converting and scanning the whole line (this runs on every
    // line of every document).
    let head: String = trimmed.chars().take(8).collect();
    let head = t2s(&head);
    if !LABELS.iter().any(|(l, _)| head.starts_with(l)) {
        return None;
    }
    let simp = t2s(trimmed);
    let label = find_labels(&simp).into_iter().next()?;
    if label.start != 0 {
        return None;
    }
    let mut a = parse(trimmed)?;
    let offset = line.len() - trimmed.len();
    a.span = offset..line.len();
    Some(a)
}

/// Returns `text` without the given attribution spans.
///
/// A `。` right after a removed group is dropped when the text before the
/// group already ends with `。`, so the sentence end is kept once and never
/// doubled. Spans that overlap, are out of order or fall outside `text` (or
/// off a character boundary) are skipped, and so are unreadable groups,
/// which stay in the text.
pub fn strip_attributions(text: &str, found: &[Attribution]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize;
    for a in found.iter().filter(|a| !a.unreadable) {
        let (s, e) = (a.span.start, a.span.end);
        if s < pos || e > text.len() || s > e {
            continue;
        }
        if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&text[pos..s]);
        pos = e;
        let before_full_stop = out.trim_end().ends_with('。');
        if before_full_stop {
            let rest = &text[pos..];
            let trimmed = rest.trim_start();
            if let Some(after) = trimmed.strip_prefix('。') {
                pos = text.len() - after.len();
            }
        }
    }
    out.push_str(&text[pos..]);
    out
}

/// The original text and its simplified form, sliced together when they
/// align character for character (t2s maps one character to one).
struct Dual {
    orig: String,
    simp: String,
    aligned: bool,
}

impl Dual {
    fn new(text: &str) -> Dual {
        let orig = text.replace("**", "");
        let simp = t2s(&orig);
        let aligned = simp.len() == orig.len()
            && simp
                .char_indices()
                .zip(orig.char_indices())
                .all(|((a, _), (b, _))| a == b);
        Dual {
            orig,
            simp,
            aligned,
        }
    }

    /// The printed text of a range of the simplified form.
    fn printed(&self, r: Range<usize>) -> &str {
        if self.aligned {
            &self.orig[r]
        } else {
            &self.simp[r]
        }
    }
}

/// Parses the content of one bracket group (brackets excluded) or one
/// attribution line; `None` when it is not an attribution.
pub fn parse(inner: &str) -> Option<Attribution> {
    let text = Dual::new(inner);
    let simp = text.simp.as_str();
    let mut a = Attribution::default();
    // The declared rule and any note after the attribution proper.
    let mut end = simp.len();
    let may_declare = simp.contains("牵头单位") && (simp.contains("第一") || simp.contains("首位"));
    for phrase in FIRST_LISTED_RULES.iter().filter(|_| may_declare) {
        if let Some(pos) = simp.find(phrase) {
            a.declares_first_listed_lead = true;
            end = end.min(clause_start(simp, pos));
        }
    }
    let body_end = top_level_full_stop(&simp[..end]).unwrap_or(end);
    let rest = simp[body_end..].trim_matches(|c: char| is_sep(c) || c == '。' || c.is_whitespace());
    if !rest.is_empty() && !a.declares_first_listed_lead {
        a.remainder = Some(text.printed(body_end..simp.len()).trim().to_string());
    } else if body_end < end {
        a.remainder = Some(text.printed(body_end..end).trim().to_string());
    }
    let body = 0..body_end;
    let labels = find_labels(&simp[body.clone()]);
    if labels.is_empty() {
        let (leads, cooperating, roleless) = formula(&text, body)?;
        a.leads = leads;
        a.cooperating = cooperating;
        a.roleless = roleless;
    } else {
        labelled(&text, body, &labels, &mut a);
    }
    apply_star_marks(&text.orig, &mut a);
    // A lead also printed in the cooperating list is listed once, as lead.
    let leads: Vec<String> = a.leads.iter().map(|u| t2s(u)).collect();
    a.cooperating.retain(|u| !leads.contains(&t2s(u)));
    if a.leads.is_empty() && a.cooperating.is_empty() && a.persons.is_empty() {
        if a.deadline.is_some() {
            return Some(a);
        }
        return None;
    }
    Some(a)
}

/// The parts of a labelled attribution.
fn labelled(text: &Dual, body: Range<usize>, labels: &[Label], a: &mut Attribution) {
    let simp = &text.simp;
    let before = body.start..labels[0].start;
    if !simp[before.clone()]
        .trim_matches(|c: char| is_sep(c) || c.is_whitespace())
        .is_empty()
    {
        if let Some((leads, cooperating, _)) = formula(text, before) {
            a.leads.extend(leads);
            a.cooperating.extend(cooperating);
        }
    }
    let has_lead_label = labels.iter().any(|l| l.kind == LabelKind::Lead) || !a.leads.is_empty();
    for (i, label) in labels.iter().enumerate() {
        let seg_end = labels.get(i + 1).map_or(body.end, |next| next.start);
        let seg = trim_range(simp, label.end..seg_end);
        if seg.is_empty() {
            continue;
        }
        match label.kind {
            LabelKind::Lead => {
                let (leads, cooperating) = lead_segment(text, seg);
                a.leads.extend(leads);
                a.cooperating.extend(cooperating);
            }
            LabelKind::Cooperating => {
                let seg = strip_coop_words(simp, seg);
                a.cooperating.extend(split_units(text, seg));
            }
            LabelKind::Responsible => {
                let (units, _) = match strip_lead_verb(simp, seg.clone()) {
                    Some((r, _)) => (split_units(text, r), true),
                    None => (split_units(text, seg), false),
                };
                if has_lead_label {
                    a.cooperating.extend(units);
                } else {
                    a.leads.extend(units);
                }
            }
            LabelKind::Division => {
                if let Some((leads, cooperating, roleless)) = formula(text, seg.clone()) {
                    a.leads.extend(leads);
                    a.cooperating.extend(cooperating);
                    a.roleless |= roleless;
                } else {
                    a.leads.extend(split_units(text, seg));
                }
            }
            LabelKind::Deadline => a.deadline = Some(text.printed(seg).to_string()),
            LabelKind::Person => a.persons.extend(split_persons(text.printed(seg))),
        }
    }
}

/// A lead list; variant `X；Y按照职责分工负责` gives X as leads and Y as
/// cooperating units.
fn lead_segment(text: &Dual, seg: Range<usize>) -> (Vec<String>, Vec<String>) {
    let simp = &text.simp;
    if let Some((body, _)) = strip_lead_verb(simp, seg.clone()) {
        if let Some(pos) = simp[body.clone()].find(['；', ';']) {
            let at = body.start + pos;
            let sep_len = simp[at..].chars().next().map_or(1, char::len_utf8);
            return (
                split_units(text, body.start..at),
                split_units(text, at + sep_len..body.end),
            );
        }
        return (split_units(text, body), Vec::new());
    }
    (split_units(text, seg), Vec::new())
}

/// Label-free formulas; `None` for anything else, which is then not an
/// attribution. Returns leads, cooperating units and whether the units were
/// listed without a role word.
fn formula(text: &Dual, range: Range<usize>) -> Option<(Vec<String>, Vec<String>, bool)> {
    let simp = &text.simp;
    let range = trim_range(simp, range);
    let s = &simp[range.clone()];
    // `X牵头，Y配合` / `X牵头，会同Y负责` / `X牵头` at the end.
    let mut search = 0;
    while let Some(off) = s[search..].find("牵头") {
        let pos = search + off;
        let after = &s[pos + "牵头".len()..];
        let ends_list = after.is_empty()
            || after.starts_with(AFTER_LEAD)
            || COOP_OPENERS.iter().any(|w| after.starts_with(w))
            || after.trim_end_matches(['。', '.']).is_empty();
        if ends_list && pos > 0 {
            let lead_start = if s.starts_with('由') {
                range.start + '由'.len_utf8()
            } else {
                range.start
            };
            let mut lead_end = range.start + pos;
            if s[..pos].ends_with("分别") {
                lead_end -= "分别".len();
            }
            let leads = split_units(text, lead_start..lead_end);
            let coop_start = range.start + pos + "牵头".len();
            let coop = trim_range(simp, coop_start..range.end);
            if simp[coop.clone()].is_empty() || &simp[coop.clone()] == "负责" {
                return all_units_like(&leads).then_some((leads, Vec::new(), false));
            }
            let coop = strip_coop_words(simp, coop);
            let cooperating = split_units(text, coop);
            return (all_units_like(&leads) && all_units_like(&cooperating)).then_some((
                leads,
                cooperating,
                false,
            ));
        }
        search = pos + "牵头".len();
    }
    // `X负责，Y配合`: the units that answer for it lead, the others help.
    if let Some(pos) = s.find("负责") {
        let after = &s[pos + "负责".len()..];
        if pos > 0 && after.starts_with(AFTER_LEAD) {
            let coop = trim_range(simp, range.start + pos + "负责".len()..range.end);
            let coop_text = &simp[coop.clone()];
            let helps = ["配合", "参与", "参加", "协同", "协助"]
                .iter()
                .any(|v| coop_text.ends_with(v));
            if helps {
                let leads = split_units(text, range.start..range.start + pos);
                let cooperating = split_units(text, strip_coop_words(simp, coop));
                if all_units_like(&leads) && all_units_like(&cooperating) {
                    return Some((leads, cooperating, false));
                }
            }
        }
    }
    let (body, explicit) = strip_lead_verb(simp, range)?;
    let leads = split_units(text, body);
    (!leads.is_empty() && all_units_like(&leads)).then_some((leads, Vec::new(), !explicit))
}

/// `range` without a closing lead verb (`按职责分工负责`, `负责落实` …) and
/// a `等` before it; `None` when no lead verb closes it. The flag says the
/// verb gives each unit the lead on its own (`分别`).
fn strip_lead_verb(simp: &str, range: Range<usize>) -> Option<(Range<usize>, bool)> {
    let range = trim_range(simp, range);
    let s = &simp[range.clone()];
    let (verb, explicit) = LEAD_VERBS.iter().find(|(v, _)| s.ends_with(v))?;
    let mut end = range.end - verb.len();
    // `X负责` where X ends with a unit: fine; but 由X负责 names X too.
    let before = &simp[range.start..end];
    if before.ends_with('等') {
        end -= '等'.len_utf8();
    }
    let mut start = range.start;
    if simp[start..end].starts_with('由') {
        start += '由'.len_utf8();
    }
    Some((trim_range(simp, start..end), *explicit))
}

/// `range` without cooperating role words at either end.
fn strip_coop_words(simp: &str, range: Range<usize>) -> Range<usize> {
    let mut r = trim_range(simp, range);
    for opener in COOP_OPENERS {
        if simp[r.clone()].starts_with(opener) {
            r.start += opener.len();
            break;
        }
    }
    for verb in COOP_VERBS {
        if simp[r.clone()].ends_with(verb) {
            r.end -= verb.len();
            break;
        }
    }
    if simp[r.clone()].ends_with('等') {
        r.end -= '等'.len_utf8();
    }
    trim_range(simp, r)
}

/// A label occurrence: `start` of the label, `end` just after its colon.
#[derive(Debug, Clone, Copy)]
struct Label {
    start: usize,
    end: usize,
    kind: LabelKind,
}

/// Every label of [`LABELS`] in `simp` that is followed by a colon (either
/// width, whitespace allowed) and stands outside nested brackets.
fn find_labels(simp: &str) -> Vec<Label> {
    let mut found = Vec::new();
    if !simp.contains(['：', ':']) {
        return found;
    }
    let mut depth = 0usize;
    let mut i = 0usize;
    while i < simp.len() {
        let rest = &simp[i..];
        let Some(c) = rest.chars().next() else { break };
        match c {
            '（' | '(' | '〔' | '[' | '【' => depth += 1,
            '）' | ')' | '〕' | ']' | '】' => depth = depth.saturating_sub(1),
            _ => {}
        }
        // Only a character that opens some label can start one.
        static OPENING: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
            let mut chars: Vec<char> = LABELS
                .iter()
                .filter_map(|(l, _)| l.chars().next())
                .collect();
            chars.sort_unstable();
            chars.dedup();
            chars
        });
        let opens_label = OPENING.binary_search(&c).is_ok();
        if depth == 0 && opens_label {
            if let Some((label, kind)) = LABELS.iter().find(|(l, _)| rest.starts_with(l)) {
                let after = rest[label.len()..].trim_start();
                if let Some(after_colon) = after.strip_prefix(['：', ':']) {
                    let end = simp.len() - after_colon.len();
                    found.push(Label {
                        start: i,
                        end,
                        kind: *kind,
                    });
                    i = end;
                    continue;
                }
            }
        }
        i += c.len_utf8();
    }
    found
}

fn is_sep(c: char) -> bool {
    LIST_SEPARATORS.contains(&c)
}

/// `range` without whitespace, separators and sentence ends at either end.
fn trim_range(simp: &str, range: Range<usize>) -> Range<usize> {
    let s = &simp[range.clone()];
    let junk = |c: char| c.is_whitespace() || is_sep(c) || matches!(c, '。' | '.' | '：' | ':');
    let start = range.start + (s.len() - s.trim_start_matches(junk).len());
    let end = range.end - (s.len() - s.trim_end_matches(junk).len());
    start..end.max(start)
}

/// The byte position of the first `。` outside nested brackets.
fn top_level_full_stop(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '（' | '(' | '〔' | '[' | '【' => depth += 1,
            '）' | ')' | '〕' | ']' | '】' => depth = depth.saturating_sub(1),
            '。' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Where the clause holding byte `pos` starts: after the last separator or
/// full stop before it.
fn clause_start(s: &str, pos: usize) -> usize {
    s[..pos]
        .char_indices()
        .rev()
        .find(|(_, c)| is_sep(*c) || *c == '。')
        .map_or(pos, |(i, _)| i)
}

/// Splits a unit list (a range of the simplified text) on `、 ， , ； ;`,
/// `以及`, and `及`/`和` between two bodies, keeping protected names and
/// bracketed parts whole; trims each item, drops a trailing `等`, splits
/// `X等省有关部门` into X and the collective, and keeps a run of bare place
/// words before a shared body as one collective.
fn split_units(text: &Dual, range: Range<usize>) -> Vec<String> {
    let simp = &text.simp;
    let list = &simp[range.clone()];
    let mut pieces: Vec<(Range<usize>, &str)> = Vec::new();
    let mut item_start = 0usize;
    let mut i = 0usize;
    let mut depth = 0usize;
    let mut prev: Option<char> = None;
    while i < list.len() {
        let rest = &list[i..];
        let Some(c) = rest.chars().next() else { break };
        match c {
            '（' | '(' | '〔' | '[' | '【' => depth += 1,
            '）' | ')' | '〕' | ']' | '】' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 {
            i += c.len_utf8();
            prev = Some(c);
            continue;
        }
        if let Some(p) = PROTECTED.iter().find(|p| rest.starts_with(**p)) {
            i += p.len();
            prev = p.chars().next_back();
            continue;
        }
        let conjunction = if rest.starts_with("以及") {
            Some("以及".len())
        } else if matches!(c, '及' | '和')
            && prev.is_some_and(|p| BODY_ENDINGS.contains(p))
            && rest[c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(|n| "各省市县区有相国".contains(n))
        {
            Some(c.len_utf8())
        } else {
            None
        };
        if let Some(len) = conjunction {
            pieces.push((range.start + item_start..range.start + i, "、"));
            i += len;
            item_start = i;
            prev = None;
            continue;
        }
        if is_sep(c) {
            pieces.push((
                range.start + item_start..range.start + i,
                &list[i..i + c.len_utf8()],
            ));
            item_start = i + c.len_utf8();
        }
        i += c.len_utf8();
        prev = Some(c);
    }
    pieces.push((range.start + item_start..range.end, ""));
    // Bare place words before a shared body stay with it.
    let mut items: Vec<String> = Vec::new();
    let mut pending = String::new();
    for (n, (r, sep)) in pieces.iter().enumerate() {
        let item_simp = clean(&simp[r.clone()]);
        let printed = clean(text.printed(r.clone()));
        if printed.is_empty() {
            continue;
        }
        let next_shared = pieces[n + 1..]
            .iter()
            .map(|(r, _)| clean(&simp[r.clone()]))
            .find(|s| !s.is_empty());
        let run_continues = is_bare_place(&item_simp)
            && next_shared
                .as_deref()
                .is_some_and(|s| is_bare_place(s) || ends_with_shared_body(s));
        if run_continues {
            pending.push_str(&printed);
            pending.push_str(if sep.is_empty() { "、" } else { sep });
            continue;
        }
        let whole = format!("{pending}{printed}");
        pending.clear();
        push_item(&mut items, &whole);
    }
    if !pending.is_empty() {
        push_item(&mut items, pending.trim_end_matches(LIST_SEPARATORS));
    }
    items
}

/// A short place or level word with no body of its own: `黄埔区`, `各县`,
/// `特区`, `有关行政执法`.
fn is_bare_place(s: &str) -> bool {
    let n = s.chars().count();
    if s.starts_with("有关") || s.starts_with("相关") {
        return !s
            .chars()
            .next_back()
            .is_some_and(|c| BODY_ENDINGS.contains(c));
    }
    let base: String = s
        .chars()
        .take_while(|c| !matches!(c, '（' | '(' | '〔'))
        .collect();
    (1..=5).contains(&n)
        && (base.ends_with("街道")
            || base
                .chars()
                .next_back()
                .is_some_and(|c| "区县市州镇乡旗".contains(c)))
}

fn ends_with_shared_body(s: &str) -> bool {
    SHARED_BODIES.iter().any(|b| s.ends_with(b))
}

/// True when every item could name a body: it ends like one, or it is a
/// collective (`各…`, `有关…`, `相关…`).
fn all_units_like(items: &[String]) -> bool {
    !items.is_empty()
        && items.iter().all(|item| {
            let simp = t2s(item.trim_matches(['*', '＊']));
            let n = simp.chars().count();
            n <= 60
                && (simp
                    .chars()
                    .next_back()
                    .is_some_and(|c| BODY_ENDINGS.contains(c) || "区县市州镇乡地".contains(c))
                    || COLLECTIVE_STARTS.iter().any(|s| simp.starts_with(s)))
        })
}

/// A `*` (or `＊`) beside a unit marks the lead among the units listed
/// (`省科技厅*、省财政厅`): the marked units lead, the others cooperate.
pub fn apply_star_marks(raw: &str, a: &mut Attribution) {
    if !raw.contains(['*', '＊']) {
        return;
    }
    let marked = |u: &String| {
        ["*", "＊"]
            .iter()
            .any(|star| raw.contains(&format!("{u}{star}")) || raw.contains(&format!("{star}{u}")))
    };
    let all: Vec<String> = a.leads.drain(..).chain(a.cooperating.drain(..)).collect();
    let (leads, others): (Vec<String>, Vec<String>) = all.into_iter().partition(|u| marked(u));
    if leads.is_empty() {
        a.leads = others;
        return;
    }
    a.leads = leads;
    a.cooperating = others;
    a.roleless = false;
}

/// True when `item` could name a body: it ends like one, or it is a
/// collective (`各…`, `有关…`, `相关…`).
pub fn looks_like_unit(item: &str) -> bool {
    all_units_like(&[item.to_string()])
}

/// Splits a table cell of units: the list separators, and spaces between
/// names (a cell may separate units by a space).
pub fn split_cell_units(cell: &str) -> Vec<String> {
    cell.split([' ', '\u{3000}'])
        .filter(|part| !part.is_empty())
        .flat_map(|part| {
            let text = Dual::new(part);
            let range = 0..text.simp.len();
            split_units(&text, range)
        })
        .collect()
}

/// Splits a person cell: `王 东`, `张三、李四`.
fn split_persons(cell: &str) -> Vec<String> {
    cell.split(['、', '，', ',', '；', ';', '/'])
        .map(|p| p.trim().trim_end_matches(['。', '.']).to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Cleans one list item and appends the unit(s) it names.
fn push_item(items: &mut Vec<String>, raw: &str) {
    let item = clean(raw);
    if item.is_empty() {
        return;
    }
    // `X等省有关部门`: an example list closed by a collective phrase.
    let simp = t2s(&item);
    let mut from = 0;
    while let Some(off) = simp[from..].find('等') {
        let pos = from + off;
        let after = &simp[pos + '等'.len_utf8()..];
        if pos > 0
            && simp.len() == item.len()
            && COLLECTIVE_STARTS.iter().any(|c| after.starts_with(c))
        {
            let head = clean(&item[..pos]);
            let tail = clean(&item[pos + '等'.len_utf8()..]);
            if !head.is_empty() {
                items.push(head);
            }
            if !tail.is_empty() {
                items.push(tail);
            }
            return;
        }
        from = pos + '等'.len_utf8();
    }
    // `X等部门`, `X等有关单位`: the examples are the units named.
    for generic in [
        "等有关部门",
        "等相关部门",
        "等有关单位",
        "等相关单位",
        "等部门",
        "等单位",
    ] {
        if let Some(head) = simp.strip_suffix(generic) {
            if simp.len() == item.len() && !head.is_empty() {
                items.push(clean(&item[..head.len()]));
                return;
            }
        }
    }
    let item = match item.strip_suffix('等') {
        Some(head) => clean(head),
        None => item,
    };
    if !item.is_empty() {
        items.push(item);
    }
}

/// Trims whitespace (NBSP included) and stray punctuation, removes `**`.
fn clean(raw: &str) -> String {
    let s = if raw.contains("**") {
        raw.replace("**", "")
    } else {
        raw.to_string()
    };
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '。' | '.' | '：' | ':' | '*' | '、' | '，' | ',' | '；' | ';'
            )
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (Vec<String>, Vec<String>) {
        let found = find_attributions(text);
        assert_eq!(
            found.len(),
            1,
            "expected one attribution in {text}: {found:?}"
        );
        let a = &found[0];
        (a.leads.clone(), a.cooperating.clone())
    }

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a1_lead_only_three_tens_l169() {
        let text = "…1天办结。（牵头单位：省市场监管局）";
        let found = find_attributions(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].leads, v(&["省市场监管局"]));
        assert!(found[0].cooperating.is_empty());
        assert_eq!(&text[found[0].span.clone()], "（牵头单位：省市场监管局）");
    }

    #[test]
    fn a1_traditional_green_pilot_key_tasks_l11() {
        assert_eq!(one("(牽頭單位:省科技廳)"), (v(&["省科技廳"]), v(&[])));
    }

    #[test]
    fn a2_lead_and_partner_three_tens_l689() {
        assert_eq!(
            one("（牵头单位：省工业和信息化厅；配合单位：省发展改革委）"),
            (v(&["省工业和信息化厅"]), v(&["省发展改革委"]))
        );
    }

    #[test]
    fn a2_half_width_ten_industries_l21() {
        assert_eq!(
            one("(牵头单位:省科技厅;配合单位:省发展改革委、省工业和信息化厅、省财政厅)"),
            (
                v(&["省科技厅"]),
                v(&["省发展改革委", "省工业和信息化厅", "省财政厅"])
            )
        );
    }

    #[test]
    fn a3_participating_label_green_pilot_key_tasks_l16() {
        assert_eq!(
            one("(牽頭單位:省科技廳、省工業和信息化廳,參與單位:省生態環境廳)"),
            (v(&["省科技廳", "省工業和信息化廳"]), v(&["省生態環境廳"]))
        );
    }

    #[test]
    fn a4_missing_partner_label_three_tens_l1027() {
        assert_eq!(
            one("（牵头单位：省应急厅；省能源局、省工业和信息化厅、山东海事局按照职责分工负责）"),
            (
                v(&["省应急厅"]),
                v(&["省能源局", "省工业和信息化厅", "山东海事局"])
            )
        );
    }

    #[test]
    fn b_lead_department_label() {
        // sd-2022-three-tens.txt l.457, sd-2023-green-pilot-key-tasks.txt l.98,
        // sd-2024-2025-ten-innovations.txt l.43.
        assert_eq!(
            one("(牵头部门：省政府办公厅、省司法厅)"),
            (v(&["省政府办公厅", "省司法厅"]), v(&[]))
        );
        assert_eq!(
            one("(牽頭部門:省商務廳、省發展改革委)。"),
            (v(&["省商務廳", "省發展改革委"]), v(&[]))
        );
        assert_eq!(
            one("(牵头部门:省税务局;配合单位:省市场监管局)"),
            (v(&["省税务局"]), v(&["省市场监管局"]))
        );
    }

    #[test]
    fn c_formula_lead_then_duty_three_tens_l109() {
        assert_eq!(
            one("（省委组织部、省科技厅牵头，省教育厅、省科协按照职责分工负责）"),
            (v(&["省委组织部", "省科技厅"]), v(&["省教育厅", "省科协"]))
        );
    }

    #[test]
    fn d_lead_alone_three_tens_l129() {
        assert_eq!(one("(省教育厅牵头负责)"), (v(&["省教育厅"]), v(&[])));
    }

    #[test]
    fn e_named_list_with_duty_formula() {
        // sd-2022-three-tens.txt l.117, sd-2023-green-pilot-key-tasks.txt l.90,
        // sd-2024-2025-ten-innovations.txt l.50: the named units lead.
        assert_eq!(
            one("（省教育厅、山东人才发展集团有限公司按照职责分工负责）"),
            (v(&["省教育厅", "山东人才发展集团有限公司"]), v(&[]))
        );
        assert_eq!(
            one("(省政府辦公廳、省司法廳按職責分工負責)"),
            (v(&["省政府辦公廳", "省司法廳"]), v(&[]))
        );
        assert_eq!(
            one("(省委金融办、青岛证监局按职能分工负责)"),
            (v(&["省委金融办", "青岛证监局"]), v(&[]))
        );
    }

    #[test]
    fn f_collective_with_duty_formula() {
        // sd-2022-three-tens.txt l.331, sd-2024-2025-ten-innovations.txt l.73 (省有关部门、单位 is one
        // name), sd-2022-three-tens.txt l.1065.
        assert_eq!(
            one("（省有关部门单位按照职责分工负责）"),
            (v(&["省有关部门单位"]), v(&[]))
        );
        assert_eq!(
            one("(省有关部门、单位按照职责分工负责)"),
            (v(&["省有关部门、单位"]), v(&[]))
        );
        assert_eq!(one("（各部门按照职责分工负责）"), (v(&["各部门"]), v(&[])));
    }

    #[test]
    fn comma_between_lists_three_tens_l2895_ten_innovations_l58() {
        assert_eq!(
            one("（牵头单位：省工业和信息化厅，配合单位：省发展改革委、省生态环境厅）"),
            (
                v(&["省工业和信息化厅"]),
                v(&["省发展改革委", "省生态环境厅"])
            )
        );
        assert_eq!(
            one("(牵头单位:省自然资源厅、省司法厅,配合单位:省大数据局)"),
            (v(&["省自然资源厅", "省司法厅"]), v(&["省大数据局"]))
        );
    }

    #[test]
    fn mixed_brackets_and_colons_three_tens_l449_l825() {
        assert_eq!(
            one("（牵头单位：省政府办公厅)"),
            (v(&["省政府办公厅"]), v(&[]))
        );
        assert_eq!(
            one("(牵头单位:省大数据局;配合单位：相关数源部门）"),
            (v(&["省大数据局"]), v(&["相关数源部门"]))
        );
    }

    #[test]
    fn tortoise_shell_brackets_with_nested_unit_three_tens_l1057() {
        let text = "〔牵头单位：省委统筹疫情防控和经济运行工作领导小组（指挥部）办公室〕";
        let found = find_attributions(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, 0..text.len());
        assert_eq!(
            found[0].leads,
            v(&["省委统筹疫情防控和经济运行工作领导小组（指挥部）办公室"])
        );
    }

    #[test]
    fn several_per_item_three_tens_l1577() {
        let text = "…开工建设。（牵头单位：省海洋局）启动首批海上风电基地项目建设…（牵头单位：省能源局）加快“梦想号”…";
        let found = find_attributions(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].leads, v(&["省海洋局"]));
        assert_eq!(found[1].leads, v(&["省能源局"]));
        assert_eq!(
            strip_attributions(text, &found),
            "…开工建设。启动首批海上风电基地项目建设…加快“梦想号”…"
        );
    }

    #[test]
    fn page_break_join_three_tens_l1017() {
        // The lines are joined with no separator; the doubled 化 stays for
        // the alias table to resolve.
        assert_eq!(
            one("（牵头单位：省工业和信息化化厅、省科技厅)"),
            (v(&["省工业和信息化化厅", "省科技厅"]), v(&[]))
        );
    }

    #[test]
    fn own_line_committee_members_three_tens_l93() {
        assert_eq!(
            one("（牵头单位：省委科技创新委员会各成员单位）"),
            (v(&["省委科技创新委员会各成员单位"]), v(&[]))
        );
    }

    #[test]
    fn bold_markers_three_tens_l269() {
        assert_eq!(
            one("（牵头单位：省科技厅、省商务厅、**省发展改革委**、人民银行济南分行）"),
            (
                v(&["省科技厅", "省商务厅", "省发展改革委", "人民银行济南分行"]),
                v(&[])
            )
        );
    }

    #[test]
    fn trailing_deng_ten_innovations_l124_and_collective_three_tens_l2901() {
        assert_eq!(
            one("(牵头单位:省工业和信息化厅;配合单位:省发展改革委、省科技厅等)"),
            (v(&["省工业和信息化厅"]), v(&["省发展改革委", "省科技厅"]))
        );
        assert_eq!(
            one("（牵头单位：省发展改革委；配合单位：省住房城乡建设厅等省有关部门、国家开发银行山东省分行）"),
            (
                v(&["省发展改革委"]),
                v(&["省住房城乡建设厅", "省有关部门", "国家开发银行山东省分行"])
            )
        );
    }

    #[test]
    fn yiji_separator_three_tens_l803() {
        assert_eq!(
            one("（牵头单位：省政府办公厅；配合单位：省大数据局、人民银行济南分行以及相关数源部门）"),
            (
                v(&["省政府办公厅"]),
                v(&["省大数据局", "人民银行济南分行", "相关数源部门"])
            )
        );
    }

    #[test]
    fn city_actor_after_comma_three_tens_l233_l271_ten_innovations_l20() {
        assert_eq!(
            one("（牵头单位：省发展改革委；配合单位：省能源局、国网山东省电力公司，各市政府）"),
            (
                v(&["省发展改革委"]),
                v(&["省能源局", "国网山东省电力公司", "各市政府"])
            )
        );
        assert_eq!(
            one("（牵头单位：省商务厅、济南海关，青岛市政府）"),
            (v(&["省商务厅", "济南海关", "青岛市政府"]), v(&[]))
        );
        assert_eq!(
            one("(牵头单位:省委组织部;配合单位:省委金融办、省国资委,各市党委人才工作领导小组)"),
            (
                v(&["省委组织部"]),
                v(&["省委金融办", "省国资委", "各市党委人才工作领导小组"])
            )
        );
    }

    #[test]
    fn protected_names_stay_whole() {
        // sd-2022-three-tens.txt l.595, l.321, l.2297.
        assert_eq!(
            one("（牵头单位：营商环境各领域牵头单位）"),
            (v(&["营商环境各领域牵头单位"]), v(&[]))
        );
        assert_eq!(
            one("（牵头单位：山东证监局；配合单位：打击证券违法活动省相关责任单位）"),
            (v(&["山东证监局"]), v(&["打击证券违法活动省相关责任单位"]))
        );
        assert_eq!(
            one("（牵头单位：省交通运输厅；配合单位：综合交通运输工作领导小组及重点建设项目、铁路、民航建设工作专项小组成员单位）"),
            (
                v(&["省交通运输厅"]),
                v(&["综合交通运输工作领导小组及重点建设项目、铁路、民航建设工作专项小组成员单位"])
            )
        );
    }

    #[test]
    fn spam_glued_to_unit_kept_for_resolution_ten_innovations_l84() {
        assert_eq!(
            one("(牵头单位:省科技厅KU游体育;配合单位:省财政厅)"),
            (v(&["省科技厅KU游体育"]), v(&["省财政厅"]))
        );
    }

    #[test]
    fn prose_look_alikes_are_not_attributions() {
        // sd-2022-three-tens.txt l.2297, sd-2024-2025-ten-innovations.txt l.16 (outside brackets),
        // sd-2022-three-tens.txt l.195 (prose).
        assert!(find_attributions(
            "省发展改革、财政、自然资源、生态环境等有关部门按照职能分工加强协同"
        )
        .is_empty());
        assert!(find_attributions(
            "省科技厅牵头负责科技研发创新行动计划落实,省有关部门、单位按职责分工协同推进"
        )
        .is_empty());
        assert!(find_attributions("分别明确项目策划生成牵头单位（项目库）").is_empty());
    }

    #[test]
    fn full_stop_after_group_kept_once() {
        let text = "用地保障。(牵头单位:省自然资源厅、省住房城乡建设厅)。";
        let found = find_attributions(text);
        assert_eq!(strip_attributions(text, &found), "用地保障。");
        let text = "用地保障(牵头单位:省自然资源厅)。";
        let found = find_attributions(text);
        assert_eq!(strip_attributions(text, &found), "用地保障。");
    }

    #[test]
    fn unbalanced_input_never_panics() {
        assert!(find_attributions("（牵头单位：省科技厅").is_empty());
        assert!(find_attributions(")）〕(").is_empty());
        assert_eq!(one("）（牵头单位：省科技厅）").0, v(&["省科技厅"]));
        let bogus = [Attribution {
            span: Range { start: 5, end: 2 },
            leads: vec![],
            cooperating: vec![],
            ..Default::default()
        }];
        assert_eq!(strip_attributions("abc", &bogus), "abc");
    }

    #[test]
    fn never_panics_on_token_soup() {
        // Every sequence of four tokens from the syntax's own pieces.
        let tokens = [
            "（",
            ")",
            "〔",
            "〕",
            "牵头单位：",
            "；",
            "配合单位:",
            "、",
            "等",
            "以及",
            "省X厅",
            "**",
            "。",
            "按照职责分工负责",
            "牵头，",
        ];
        let n = tokens.len();
        let mut text = String::new();
        for code in 0..n.pow(4) {
            text.clear();
            let mut c = code;
            for _ in 0..4 {
                text.push_str(tokens[c % n]);
                c /= n;
            }
            let found = find_attributions(&text);
            for a in &found {
                assert!(a.span.end <= text.len() && a.span.start < a.span.end);
                assert!(a.leads.iter().chain(&a.cooperating).all(|u| !u.is_empty()));
            }
            let stripped = strip_attributions(&text, &found);
            assert!(stripped.len() <= text.len());
        }
    }

    #[test]
    fn role_words_are_listed_in_both_scripts() {
        assert_eq!(ROLE_WORDS.len(), ROLE_WORDS_TRADITIONAL.len());
        for (simplified, traditional) in ROLE_WORDS.iter().zip(ROLE_WORDS_TRADITIONAL) {
            assert_eq!(t2s(traditional), *simplified);
        }
    }

    #[test]
    fn unclosed_opener_does_not_hide_later_groups() {
        let text = "（一 推进建设（牵头单位：省科技厅）";
        let found = find_attributions(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.clone()], "（牵头单位：省科技厅）");
    }

    #[test]
    fn separators_inside_nested_brackets_stay() {
        assert_eq!(
            one("（牵头单位：某领导小组（指挥部、专班）办公室、省科技厅）").0,
            v(&["某领导小组（指挥部、专班）办公室", "省科技厅"])
        );
    }
}
