//! The records that ingestion produces and everything downstream consumes.
//!
//! These are plain data: no store, no IRIs (those are minted in [`iri`]), no
//! parsing. `ingest` fills them from text; `rdf` turns them into quads. Every
//! string in them is already normalised to simplified script except
//! [`Mention::verbatim`], which keeps the source text exactly as printed.

pub mod iri;

use std::collections::BTreeSet;

/// Everything extracted from a set of documents, plus what looked wrong.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Corpus {
    pub documents: Vec<Document>,
    /// Plans in document order; a sub-plan follows its parent.
    pub plans: Vec<Plan>,
    /// Tasks in document order of their first mention. A task printed in
    /// two documents (sd-2022-three-tens.txt and sd-2022-ten-industries-web.txt) is one `Task` with
    /// two `mentions`.
    pub tasks: Vec<Task>,
    /// Every unit named by at least one responsibility, sorted by name.
    pub units: Vec<Unit>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One source file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The file name, e.g. `sd-2022-three-tens.txt`; also its identifier.
    pub file_name: String,
    /// The document title in simplified script, when printed.
    pub title: Option<String>,
    /// The issuing number (文号), simplified, e.g. `鲁政办字〔2022〕28号`.
    pub doc_number: Option<String>,
    /// Issue date as `YYYY-MM-DD`, when printed.
    pub issued: Option<String>,
    /// True when the source is in traditional script.
    pub traditional: bool,
    /// `UTF-8`, or `GB18030` when it had to be decoded from GBK/GB18030.
    pub encoding: String,
    /// Number of physical lines.
    pub lines: usize,
    /// Number of attributions (bracket groups naming units) found.
    pub attributions: usize,
    /// The qualified name of the division that issued the document
    /// (`山东省`, `武汉市蔡甸区`): stated by the user or read from its text
    /// (`ingest::jurisdiction`); `None` when nothing says.
    pub jurisdiction: Option<String>,
}

/// An action plan (or a sub-plan such as 综合立体交通网).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Local name for the IRI: `{start_year}-{title without quotes}`, and for a
    /// sub-plan `{parent id}-{sub title}`; e.g. `2022-科技研发创新`,
    /// `2022-基础设施七网-综合立体交通网`.
    pub id: String,
    /// The name without year and 行动计划, e.g. `科技研发创新`, `基础设施“七网”`.
    pub title: String,
    /// `十大创新`, `十强产业` or `十大扩需求` where it applies.
    pub group: Option<String>,
    pub start_year: i32,
    pub end_year: i32,
    /// `id` of the parent plan, for a sub-plan.
    pub parent: Option<String>,
    /// True when the title was not printed and was inferred (the 2024 file).
    pub title_inferred: bool,
    /// File names of the documents that print this plan, in input order.
    pub documents: Vec<String>,
    /// 1-based line of the plan title (or first line) in the first document.
    pub line: usize,
    /// The 十强产业 industry this plan is about (canonical industry name).
    pub industry: Option<String>,
}

/// What kind of paragraph a task came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum TaskKind {
    /// `N.` numbered task.
    #[default]
    Numbered,
    /// A `（一）`-style item with a body (not a bare heading).
    Item,
    /// An unnumbered goal paragraph (sd-2023-2025-green-pilot-plan.txt sections,
    /// sd-2024-2025-ten-innovations.txt plan openers, sd-2022-three-tens.txt stray
    /// paragraphs under 工作目标).
    Paragraph,
}

/// One numbered task or item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Task {
    /// Stable local name derived from plan, section and position (never from
    /// a counter over the whole corpus), e.g. `2022-科技研发创新-2-3`.
    pub id: String,
    /// `Plan::id` of the innermost plan.
    pub plan: String,
    /// Section name as printed, simplified (`工作目标`, `主要任务`, `推进措施`,
    /// `深入实施创新驱动发展战略`, …).
    pub section: String,
    /// The number as printed: `3`, `（一）` → `一`, or `` for a paragraph.
    pub number: String,
    pub kind: TaskKind,
    /// Heading sentence (`强化基础研究策源能力`), if any, without `**` and `。`.
    pub title: Option<String>,
    /// The `（一）` subsection heading the task sits under, if any, e.g.
    /// `（一）加强基础研究` → `加强基础研究`.
    pub subsection: Option<String>,
    /// Simplified text, page breaks repaired, `**` and attributions removed.
    pub text: String,
    pub mentions: Vec<Mention>,
    /// In printed order: every lead and cooperating unit of every attribution.
    pub responsibilities: Vec<Responsibility>,
    pub targets: Vec<Target>,
    pub deadlines: Vec<Deadline>,
    /// Canonical region names (`青岛`, `黄河流域`), sorted, deduplicated.
    pub regions: BTreeSet<String>,
    /// Canonical industry names, sorted, deduplicated.
    pub industries: BTreeSet<String>,
    /// Responsible leaders (责任领导, 牵头领导, 分管省领导): persons as
    /// printed, simplified, in printed order. Never units.
    pub persons: Vec<String>,
}

/// One place a task is printed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mention {
    pub document: String,
    /// 1-based physical line where the task starts.
    pub line: usize,
    /// 1-based physical line where it ends (page breaks make tasks span lines).
    pub end_line: usize,
    /// The exact source text, original script, lines joined with `\n`.
    pub verbatim: String,
    /// The PDF page the task starts on (`pg:page`); `None` for documents
    /// without pages.
    pub page: Option<u32>,
    /// The table row the task came from (`table 2, row 5`, `pg:cell`),
    /// for tables of web pages and Word files.
    pub cell: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Lead,
    Cooperating,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Cooperating => "cooperating",
        }
    }
}

/// One unit named in one attribution, with its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Responsibility {
    /// Canonical unit name: the short printed name while a document is read
    /// (`省科技厅`), the qualified [`Unit::name`] once the documents are
    /// merged (`山东省科技厅`).
    pub unit: String,
    /// The surface form as printed (original script, `**` removed).
    pub surface: String,
    pub role: Role,
}

/// A responsible body or a collective pseudo-unit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unit {
    /// The nationally unique name, the IRI's local name: the printed name
    /// with its leading level word replaced by its jurisdiction
    /// (`山东省科技厅`, `武汉市蔡甸区发改局`); a proper name (`青岛海关`) or a
    /// unit of a document without jurisdiction keeps its printed name.
    pub name: String,
    /// Canonical simplified short name as printed, e.g. `省科技厅`.
    pub label: String,
    /// Qualified name of the division the unit belongs to (`山东省`), when
    /// its name ties it to one.
    pub jurisdiction: Option<String>,
    /// Every other surface form seen in the corpus (or known to the alias table).
    pub alt_labels: BTreeSet<String>,
    pub full_name: Option<String>,
    pub english: Option<String>,
    /// A pseudo-unit such as 省有关部门单位 or 各市政府.
    pub collective: bool,
    /// Names of the bodies that took this one's role after a rename.
    pub succeeded_by: Vec<String>,
    /// False when the name is not in the alias table (a diagnostic says so).
    pub known: bool,
}

/// A quantitative commitment (issue: targets as graph entities).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Target {
    /// What the number counts, as printed (`国家级智能工厂`, `5G基站`,
    /// `综合保税区进出口规模`): never empty, always a substring of the task text.
    pub indicator: String,
    /// Decimal value as a canonical string (`23000`, `0.651`), 万 folded in.
    pub value: Option<String>,
    pub min_value: Option<String>,
    pub max_value: Option<String>,
    /// `家`, `%`, `百分点`, `亿元`, `公里`, … (empty for a bare index).
    pub measure: String,
    pub year: Option<i32>,
    /// Where [`Target::year`] comes from; `None` exactly when `year` is.
    pub year_source: Option<YearSource>,
    /// The comparison words as printed: a verb, a qualifier or both
    /// (`达到`, `以上`, `达到…以上`, `培育…左右`).
    pub comparator: Option<String>,
    /// What the comparator means for the value.
    pub direction: Direction,
    /// True for 力争 (a stretch goal).
    pub stretch: bool,
    /// The verbatim phrase.
    pub text: String,
}

/// How a target's value is meant, normalised from its comparator words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// `以上`, `突破`, `超过`, `不低于`, `余`/`多`.
    AtLeast,
    /// `以内`, `以下`, `不超过`, `控制在`.
    AtMost,
    /// `左右`, `约`, `近`.
    About,
    /// No bound word: the value (or range) as printed.
    #[default]
    Exactly,
}

impl Direction {
    /// The literal in the graph (`pg:direction`).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::AtLeast => "atLeast",
            Direction::AtMost => "atMost",
            Direction::About => "about",
            Direction::Exactly => "exactly",
        }
    }
}

/// Where a target's year was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum YearSource {
    /// Printed in the target's own clause (`2025年突破3.8万家`, `力争到2025年总数达到30家`).
    Stated,
    /// The nearest governing year of its sentence or paragraph (`到2025年，…达到…`).
    Sentence,
    /// Nothing printed: the end year of the target's plan.
    Plan,
}

impl YearSource {
    /// The literal in the graph (`pg:yearSource`).
    pub fn as_str(self) -> &'static str {
        match self {
            YearSource::Stated => "stated",
            YearSource::Sentence => "sentence",
            YearSource::Plan => "plan",
        }
    }
}

/// A deadline as printed, with the date it means.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Deadline {
    /// As printed, whitespace removed: `12月底前`, `2024年6月底前`, `年内`.
    pub text: String,
    /// The last day meant, `YYYY-MM-DD`.
    pub due: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something was inferred or repaired; the result is probably right.
    Info,
    /// Something looks wrong in the source; the result may be incomplete.
    Warning,
}

/// A problem or a repair in a source document, with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based physical line; 0 when it concerns the whole file.
    pub line: usize,
    pub severity: Severity,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Info => "note",
            Severity::Warning => "warning",
        };
        if self.line == 0 {
            write!(f, "{}: {level}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {level}: {}", self.file, self.line, self.message)
        }
    }
}
