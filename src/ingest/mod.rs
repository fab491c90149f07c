//! Text in, records and diagnostics out. Pure: no I/O, never touches the store.
//!
//! Parsing never fails on content: whatever looks wrong in a document becomes
//! a [`Diagnostic`](crate::model::Diagnostic) with file and line next to the
//! records that could be extracted. Only a file that is not text at all
//! (empty, binary, undecodable) is an [`IngestError`].
//!
//! Pipeline per document (documents are parsed in parallel, merged in input
//! order): `decode` (bytes → text) → `segment` (lines → paragraphs, page
//! breaks repaired) → `structure` / `infer` (paragraphs → plans, sections,
//! tasks; `task` fills each task) → `merge` (one corpus, duplicates merged).

pub mod attribution;
pub mod divisions;
pub mod embedded;
pub mod entities;
pub mod units;

mod brackets;
mod decode;
pub mod extract;
mod infer;
pub mod jurisdiction;
mod merge;
pub mod normalize;
mod sections;
mod segment;
mod structure;
mod table;
mod task;

use rayon::prelude::*;

use crate::model::Corpus;

pub use decode::utf16_encoding;
pub use embedded::embedded_sources;

/// One input document: its file name and its raw bytes.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file name (`sd-2022-three-tens.txt`), with as much of its
    /// directory as tells it from another file of the same name (`2023/a.txt`).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The jurisdictions the user states, by document file name: a division's
/// qualified name (see [`divisions::Divisions::lookup`]). A stated
/// jurisdiction overrides what the text says.
pub type Stated = std::collections::HashMap<String, String>;

/// A source that is not a text document at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IngestError {
    /// The file holds nothing but whitespace.
    #[error("{file} is empty: there is no text to ingest")]
    Empty { file: String },
    /// The file holds bytes that text never has (NUL, control characters).
    #[error("{file} is not a text document (binary data at byte {offset})")]
    Binary { file: String, offset: usize },
    /// The file is not valid in any encoding `decode` recognises.
    #[error("{file} is not text in UTF-8, UTF-16, GB18030 or Big5")]
    Undecodable { file: String },
    /// A Word file, PDF or web page that its reader cannot read.
    #[error("{file} cannot be read as a {format}: {reason}")]
    Unreadable {
        file: String,
        format: &'static str,
        reason: String,
    },
    /// A PDF, and poppler's `pdftotext` is not installed.
    #[error(
        "{file} is a PDF, and reading PDFs needs poppler's pdftotext, which is not installed \
         (apt-get install poppler-utils, brew install poppler, or save the PDF as text)"
    )]
    NoPdfReader { file: String },
    /// A PDF whose pages are images (a scan): nothing to read without OCR.
    #[error(
        "{file} is a PDF without a text layer (scanned pages?): plangraph does no OCR, so run \
         it through an OCR tool first (e.g. ocrmypdf) or give the text"
    )]
    NoTextLayer { file: String },
}

/// The largest part of a Word file read (its XML): a real document.xml is
/// a few MB; more is a ZIP bomb, not a plan.
pub const MAX_PART_BYTES: u64 = 64 << 20;

/// How much of the text the records keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    /// [`Task::text`](crate::model::Task::text) and
    /// [`Mention::verbatim`](crate::model::Mention::verbatim), and once the
    /// documents are merged each task's mentions, section, subsection and
    /// responsibilities' surface forms: the graph needs them, the analyses
    /// never read them (they are a large share of the records,
    /// BENCHMARKS.md). Units keep their surface forms as alternative labels.
    pub text: bool,
    /// The diagnostics; without them `Corpus::diagnostics` is empty.
    pub diagnostics: bool,
}

impl Detail {
    /// Everything: what the graph is built from.
    pub const FULL: Detail = Detail {
        text: true,
        diagnostics: true,
    };
}

/// Ingests a set of documents into one corpus.
///
/// Documents are parsed in parallel and merged in the order given, so the
/// result is identical across runs. Fails on the first source (in input
/// order) that is not text.
pub fn ingest(sources: &[Source]) -> Result<Corpus, IngestError> {
    ingest_stated(sources, &Stated::new())
}

/// [`ingest`] with the jurisdictions the user states for some documents.
pub fn ingest_stated(sources: &[Source], stated: &Stated) -> Result<Corpus, IngestError> {
    let parsed: Vec<Result<structure::DocOut, IngestError>> = sources
        .par_iter()
        .map(|source| parse(source, Detail::FULL, stated))
        .collect();
    let docs = parsed.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(merge::merge(docs))
}

/// [`ingest`] keeping only `detail` of the records, and taking the sources
/// by value so that each one's bytes are freed once it is parsed: the
/// records of a large corpus then never sit beside all of its text.
/// Everything `detail` keeps is exactly what [`ingest`] gives.
pub fn ingest_owned(sources: Vec<Source>, detail: Detail) -> Result<Corpus, IngestError> {
    ingest_owned_stated(sources, detail, &Stated::new())
}

/// [`ingest_owned`] with the jurisdictions the user states.
pub fn ingest_owned_stated(
    sources: Vec<Source>,
    detail: Detail,
    stated: &Stated,
) -> Result<Corpus, IngestError> {
    let parsed: Vec<Result<structure::DocOut, IngestError>> = sources
        .into_par_iter()
        .map(|source| parse(&source, detail, stated))
        .collect();
    let docs = parsed.into_iter().collect::<Result<Vec<_>, _>>()?;
    let mut corpus = merge::merge(docs);
    if !detail.text {
        // The merge needed the mentions (which printings are one task) and
        // the surfaces (the units' alternative labels); nothing after it does.
        for task in &mut corpus.tasks {
            task.mentions = Vec::new();
            task.section = String::new();
            task.subsection = None;
            for responsibility in &mut task.responsibilities {
                responsibility.surface = String::new();
            }
        }
    }
    if !detail.diagnostics {
        corpus.diagnostics = Vec::new();
    }
    Ok(corpus)
}

/// Sets the document's jurisdiction: the stated one, else the one its text
/// says (a note says which signal), else none and a warning.
fn place_document(source: &Source, stated: &Stated, text: &str, doc: &mut structure::DocOut) {
    use crate::model::{Diagnostic, Severity};
    let table = divisions::divisions();
    let stated = stated
        .get(&source.name)
        .and_then(|name| table.lookup(name).ok());
    let found = match stated {
        Some(division) => Some(jurisdiction::Found {
            division,
            how: "stated by the user".to_string(),
        }),
        None => {
            let surfaces: Vec<&str> = doc
                .tasks
                .iter()
                .flat_map(|t| &t.responsibilities)
                .map(|r| r.unit.as_str())
                .collect();
            jurisdiction::detect(text, doc.document.doc_number.as_deref(), &surfaces)
        }
    };
    let file = source.name.clone();
    match found {
        Some(found) => {
            let name = table.get(found.division).qualified.clone();
            doc.diagnostics.push(Diagnostic {
                file,
                line: 0,
                severity: Severity::Info,
                message: format!("jurisdiction {name}: {}", found.how),
            });
            doc.document.jurisdiction = Some(name);
        }
        None => doc.diagnostics.push(Diagnostic {
            file,
            line: 0,
            severity: Severity::Warning,
            message: "no jurisdiction: neither its issuer, title, issuing number nor unit names \
                      say where the document is from, so its units keep their printed names \
                      (state it with --jurisdiction REGION, or a `FILE<TAB>REGION` line in \
                      jurisdiction.tsv beside the documents)"
                .to_string(),
        }),
    }
}

/// Gives every target without a printed or governing year the end year of
/// its task's plan (`pg:yearSource "plan"`); a plan of unknown years gives none.
fn plan_years(doc: &mut structure::DocOut) {
    for task in &mut doc.tasks {
        let Some(end) = doc
            .plans
            .iter()
            .find(|p| p.id == task.plan)
            .map(|p| p.end_year)
            .filter(|&y| y > 0)
        else {
            continue;
        };
        for target in task.targets.iter_mut().filter(|t| t.year.is_none()) {
            target.year = Some(end);
            target.year_source = Some(crate::model::YearSource::Plan);
        }
    }
}

/// Fills what depends on the document's jurisdiction: the regions and
/// industries each task names, and each plan's industry.
fn locate(doc: &mut structure::DocOut) {
    let table = divisions::divisions();
    let jurisdiction = doc
        .document
        .jurisdiction
        .as_deref()
        .and_then(|name| table.by_qualified(name));
    for task in &mut doc.tasks {
        (task.regions, task.industries) = entities::places(&task.text, jurisdiction);
    }
    plan_years(doc);
    // Titles recovered from another government's plan family are a guess
    // the user must check.
    let inferred: std::collections::BTreeSet<&str> = doc
        .plans
        .iter()
        .filter(|p| p.title_inferred)
        .filter_map(|p| p.group.as_deref())
        .collect();
    let mut warnings = Vec::new();
    for family in infer::FAMILIES
        .iter()
        .filter(|f| inferred.contains(f.group.as_str()))
    {
        let Some(scope) = table.by_qualified(&family.jurisdiction) else {
            continue;
        };
        if jurisdiction.is_some_and(|j| table.is_within(j, scope)) {
            continue;
        }
        let from = doc
            .document
            .jurisdiction
            .as_deref()
            .unwrap_or("an unknown jurisdiction");
        warnings.push(crate::model::Diagnostic {
            file: doc.document.file_name.clone(),
            line: 0,
            severity: crate::model::Severity::Warning,
            message: format!(
                "its plans have no printed titles and were named after {}'s plan family {}, \
                 but the document is from {from}: check the plan titles",
                family.jurisdiction, family.group
            ),
        });
    }
    doc.diagnostics.extend(warnings);
    // A plan of a scheme's group (十强产业, sub-plans too) is about the one
    // industry its title names.
    for plan in &mut doc.plans {
        plan.industry = entities::industry_of_plan(&plan.title, jurisdiction)
            .filter(|name| {
                entities::industries()
                    .iter()
                    .any(|i| i.name == *name && plan.group.as_deref() == Some(i.scheme.as_str()))
            })
            .map(str::to_owned);
    }
}

/// Gives each task the page and table row it is printed at, and says
/// where on the page a diagnostic points: the lines of a web page, Word
/// file or PDF are lines of the text extracted from it, which a reader
/// cannot count in the original.
fn locate_lines(file: &str, extracted: &extract::Extracted, doc: &mut structure::DocOut) {
    use crate::model::Diagnostic;
    let Some(format) = extracted.format else {
        return;
    };
    for task in &mut doc.tasks {
        for mention in &mut task.mentions {
            mention.page = extracted.page(mention.line);
            mention.cell = extracted.cells.get(&mention.line).cloned();
        }
    }
    for diagnostic in &mut doc.diagnostics {
        if diagnostic.line == 0 {
            continue;
        }
        let place = match (
            extracted.page(diagnostic.line),
            extracted.cells.get(&diagnostic.line),
        ) {
            (Some(page), Some(cell)) => format!("page {page}, {cell}: "),
            (Some(page), None) => format!("page {page}: "),
            (None, Some(cell)) => format!("{cell}: "),
            (None, None) => String::new(),
        };
        diagnostic.message = format!("{place}{}", diagnostic.message);
    }
    doc.diagnostics.push(Diagnostic {
        file: file.to_string(),
        line: 0,
        severity: crate::model::Severity::Info,
        message: format!(
            "read as {format}: its line numbers count the lines of the text extracted from it \
             ({} lines{})",
            extracted.text.lines().count(),
            match extracted.pages.last() {
                Some(pages) => format!(" on {pages} pages"),
                None => String::new(),
            }
        ),
    });
    for (line, severity, message) in &extracted.notes {
        doc.diagnostics.push(Diagnostic {
            file: file.to_string(),
            line: *line,
            severity: *severity,
            message: message.clone(),
        });
    }
}

/// One document's records, stripped to `detail`.
fn parse(
    source: &Source,
    detail: Detail,
    stated: &Stated,
) -> Result<structure::DocOut, IngestError> {
    let decoded = extract::extract(&source.name, &source.bytes)?;
    let mut doc = structure::build_document(&source.name, &decoded.text, decoded.encoding);
    locate_lines(&source.name, &decoded, &mut doc);
    place_document(source, stated, &decoded.text, &mut doc);
    locate(&mut doc);
    if !detail.text {
        // The merge compares printings by their match keys, computed above
        // from the text, so it needs no text of its own.
        for task in &mut doc.tasks {
            task.text = String::new();
            for mention in &mut task.mentions {
                mention.verbatim = String::new();
            }
        }
    }
    if !detail.diagnostics {
        doc.diagnostics = Vec::new();
    }
    Ok(doc)
}
