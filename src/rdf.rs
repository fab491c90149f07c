//! Records → quads, under the public vocabulary of `ontology/plangraph.ttl`.
//!
//! This is the only place that decides which triples a record becomes; the
//! vocabulary terms it may use are the constants in [`vocab`], each of which
//! the ontology declares (a test checks it). The output is deterministic:
//! the same corpus always gives the same quads in the same order.

use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::ingest::entities;
use crate::model::iri::{self, Kind};
use crate::model::{Corpus, Document, Plan, Task, TaskKind, Unit};

/// Terms of the vocabulary, ours and the standard ones we use beside them.
pub mod vocab {
    macro_rules! terms {
        ($ns:expr; $($name:ident = $local:literal),* $(,)?) => {
            $(pub const $name: &str = concat!($ns, $local);)*
            /// Every term of this namespace that the code may emit.
            pub const ALL: &[&str] = &[$($name),*];
        };
    }

    /// The `pg:` namespace (`https://w3id.org/plangraph/ontology#`).
    pub mod pg {
        terms!("https://w3id.org/plangraph/ontology#";
            DOCUMENT = "Document", PLAN = "Plan", TASK = "Task", GOAL = "Goal",
            MENTION_CLASS = "Mention", RESPONSIBILITY_CLASS = "Responsibility", UNIT = "Unit",
            REGION = "Region", INDUSTRY = "Industry", TARGET_CLASS = "Target",
            DOC_NUMBER = "docNumber", PLAN_GROUP = "planGroup", START_YEAR = "startYear",
            END_YEAR = "endYear", TITLE_INFERRED = "titleInferred", DOCUMENT_PROP = "document",
            PLAN_PROP = "plan", SECTION = "section", SUBSECTION = "subsection", NUMBER = "number",
            TEXT = "text", MENTION = "mention", LINE = "line", END_LINE = "endLine",
            VERBATIM = "verbatim", LEAD_UNIT = "leadUnit", COOPERATING_UNIT = "cooperatingUnit",
            RESPONSIBILITY = "responsibility", UNIT_PROP = "unit", ROLE = "role",
            POSITION = "position", SURFACE_FORM = "surfaceForm", FULL_NAME = "fullName",
            COLLECTIVE = "collective", SUCCEEDED_BY = "succeededBy",
            MENTIONS_REGION = "mentionsRegion", REGION_LEVEL = "regionLevel",
            CONTAINS_REGION = "containsRegion", INDUSTRY_PROP = "industry", TARGET = "target",
            VALUE = "value", MIN_VALUE = "minValue", MAX_VALUE = "maxValue", MEASURE = "measure",
            YEAR = "year", COMPARATOR = "comparator", STRETCH = "stretch",
            TARGET_TEXT = "targetText", DEADLINE = "deadline", DUE_DATE = "dueDate",
            TRADITIONAL_SCRIPT = "traditionalScript", ENCODING = "encoding",
            INDUSTRY_SCHEME = "industryScheme", JURISDICTION = "jurisdiction",
            PART_OF = "partOf", DIVISION_CODE = "divisionCode",
            RESPONSIBLE_LEADER = "responsibleLeader", INDICATOR = "indicator",
            YEAR_SOURCE = "yearSource", DIRECTION = "direction", PAGE = "page", CELL = "cell",
        );
    }

    pub mod dcterms {
        terms!("http://purl.org/dc/terms/";
            IDENTIFIER = "identifier", TITLE = "title", ISSUED = "issued", IS_PART_OF = "isPartOf");
    }

    pub mod skos {
        terms!("http://www.w3.org/2004/02/skos/core#";
            PREF_LABEL = "prefLabel", ALT_LABEL = "altLabel", CONCEPT = "Concept",
            CONCEPT_SCHEME = "ConceptScheme", IN_SCHEME = "inScheme", BROADER = "broader",
            HAS_TOP_CONCEPT = "hasTopConcept");
    }

    pub mod org {
        terms!("http://www.w3.org/ns/org#"; ORGANIZATION = "Organization");
    }

    pub mod prov {
        terms!("http://www.w3.org/ns/prov#"; PLAN = "Plan", WAS_DERIVED_FROM = "wasDerivedFrom");
    }
}

use vocab::{dcterms, org, pg, prov, skos};

/// The named graph that holds the ontology when it is loaded beside the data.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/plangraph/ontology";

/// The ontology, as shipped in `ontology/plangraph.ttl`.
pub const ONTOLOGY_TTL: &str = include_str!("../ontology/plangraph.ttl");

/// Turns a corpus into quads in the default graph.
pub fn corpus_to_quads(corpus: &Corpus) -> Vec<Quad> {
    let mut all = Vec::new();
    corpus_quads_batched(corpus, usize::MAX, &mut |batch| {
        if all.is_empty() {
            all = batch;
        } else {
            all.extend(batch);
        }
    });
    all
}

/// The quads of [`corpus_to_quads`], in the same order, handed to `emit` in
/// batches of at most `batch` quads (the last one may be shorter); returns
/// how many there were.
///
/// A store can take each batch while the next is built (on another thread),
/// and the whole corpus never exists twice in memory, once as quads and once
/// in the store — at 100× the corpus that copy is gigabytes.
pub fn corpus_quads_batched(
    corpus: &Corpus,
    batch: usize,
    emit: &mut dyn FnMut(Vec<Quad>),
) -> usize {
    corpus_quads_where(corpus, batch, &|_| true, emit)
}

/// [`corpus_quads_batched`], keeping only the quads whose predicate (full
/// IRI) `keep` accepts; the others are never built. `plangraph query` loads
/// only the predicates its query reads (`query_scope.rs`).
pub fn corpus_quads_where(
    corpus: &Corpus,
    batch: usize,
    keep: &dyn Fn(&str) -> bool,
    emit: &mut dyn FnMut(Vec<Quad>),
) -> usize {
    let mut out = QuadSink {
        quads: Vec::new(),
        batch: batch.max(1),
        emitted: 0,
        keep,
        emit,
    };
    for document in &corpus.documents {
        document_quads(&mut out, document);
    }
    for plan in &corpus.plans {
        plan_quads(&mut out, plan, corpus);
    }
    for task in &corpus.tasks {
        task_quads(&mut out, task);
    }
    for unit in &corpus.units {
        unit_quads(&mut out, unit);
    }
    region_and_industry_quads(&mut out, corpus);
    out.flush();
    out.emitted
}

/// The number of quads [`corpus_quads_batched`] emits, for `build`'s report
/// when nothing is saved: the quads are built on every core (tasks, most of
/// them, in chunks) and dropped batch by batch.
pub fn corpus_quad_count(corpus: &Corpus) -> usize {
    use rayon::prelude::*;
    const BATCH: usize = 4096;
    let keep = |_: &str| true;
    let mut discard = |_: Vec<Quad>| {};
    let mut rest = QuadSink {
        quads: Vec::new(),
        batch: BATCH,
        emitted: 0,
        keep: &keep,
        emit: &mut discard,
    };
    for document in &corpus.documents {
        document_quads(&mut rest, document);
    }
    for plan in &corpus.plans {
        plan_quads(&mut rest, plan, corpus);
    }
    for unit in &corpus.units {
        unit_quads(&mut rest, unit);
    }
    region_and_industry_quads(&mut rest, corpus);
    rest.flush();
    let tasks: usize = corpus
        .tasks
        .par_chunks(1024)
        .map(|chunk| {
            let mut discard = |_: Vec<Quad>| {};
            let mut out = QuadSink {
                quads: Vec::new(),
                batch: BATCH,
                emitted: 0,
                keep: &keep,
                emit: &mut discard,
            };
            for task in chunk {
                task_quads(&mut out, task);
            }
            out.flush();
            out.emitted
        })
        .sum();
    rest.emitted + tasks
}

/// Collects quads and passes them on whenever a batch is full.
struct QuadSink<'a> {
    quads: Vec<Quad>,
    batch: usize,
    emitted: usize,
    keep: &'a dyn Fn(&str) -> bool,
    emit: &'a mut dyn FnMut(Vec<Quad>),
}

impl QuadSink<'_> {
    fn add(&mut self, subject: &NamedNode, predicate: &str, object: impl Into<Term>) {
        if !(self.keep)(predicate) {
            return;
        }
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(subject.clone()),
            named(predicate),
            object.into(),
            GraphName::DefaultGraph,
        ));
        if self.quads.len() >= self.batch {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.quads.is_empty() {
            self.emitted += self.quads.len();
            (self.emit)(std::mem::take(&mut self.quads));
        }
    }

    fn add_type(&mut self, subject: &NamedNode, class: &str) {
        self.add(subject, rdf::TYPE.as_str(), named(class));
    }
}

/// IRIs minted by `model::iri` and the vocabulary constants are valid by
/// construction, so they skip re-validation (it shows up at 100× scale).
fn named(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn instance(kind: Kind, name: &str) -> NamedNode {
    NamedNode::new_unchecked(iri::instance(kind, name))
}

fn string(value: &str) -> Literal {
    Literal::new_simple_literal(value)
}

fn zh(value: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(value, "zh")
}

fn en(value: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(value, "en")
}

fn integer(value: i64) -> Literal {
    Literal::new_typed_literal(value.to_string(), xsd::INTEGER)
}

fn boolean(value: bool) -> Literal {
    Literal::new_typed_literal(if value { "true" } else { "false" }, xsd::BOOLEAN)
}

fn decimal(value: &str) -> Literal {
    Literal::new_typed_literal(value, xsd::DECIMAL)
}

fn date(value: &str) -> Literal {
    Literal::new_typed_literal(value, xsd::DATE)
}

fn document_quads(out: &mut QuadSink<'_>, document: &Document) {
    let subject = instance(Kind::Document, &document.file_name);
    out.add_type(&subject, pg::DOCUMENT);
    out.add(&subject, dcterms::IDENTIFIER, string(&document.file_name));
    if let Some(title) = &document.title {
        out.add(&subject, dcterms::TITLE, string(title));
    }
    if let Some(number) = &document.doc_number {
        out.add(&subject, pg::DOC_NUMBER, string(number));
    }
    if let Some(issued) = &document.issued {
        out.add(&subject, dcterms::ISSUED, date(issued));
    }
    if document.traditional {
        out.add(&subject, pg::TRADITIONAL_SCRIPT, boolean(true));
    }
    out.add(&subject, pg::ENCODING, string(&document.encoding));
    if let Some(jurisdiction) = &document.jurisdiction {
        out.add(
            &subject,
            pg::JURISDICTION,
            instance(Kind::Region, jurisdiction),
        );
    }
}

fn plan_quads(out: &mut QuadSink<'_>, plan: &Plan, corpus: &Corpus) {
    let subject = instance(Kind::Plan, &plan.id);
    out.add_type(&subject, pg::PLAN);
    out.add_type(&subject, prov::PLAN);
    out.add(&subject, dcterms::TITLE, string(&plan.title));
    // Year 0 means the document never says (ingest warned): no year is
    // stated rather than a wrong one.
    let label = if plan.start_year == 0 {
        plan.title.clone()
    } else if plan.start_year == plan.end_year {
        format!("{} {}", plan.title, plan.start_year)
    } else {
        format!("{} {}–{}", plan.title, plan.start_year, plan.end_year)
    };
    out.add(&subject, rdfs::LABEL.as_str(), zh(&label));
    if let Some(group) = &plan.group {
        out.add(&subject, pg::PLAN_GROUP, string(group));
    }
    if plan.start_year != 0 {
        out.add(&subject, pg::START_YEAR, integer(plan.start_year.into()));
        out.add(&subject, pg::END_YEAR, integer(plan.end_year.into()));
    }
    if let Some(parent) = &plan.parent {
        out.add(&subject, dcterms::IS_PART_OF, instance(Kind::Plan, parent));
    }
    if plan.title_inferred {
        out.add(&subject, pg::TITLE_INFERRED, boolean(true));
    }
    for document in &plan.documents {
        out.add(
            &subject,
            pg::DOCUMENT_PROP,
            instance(Kind::Document, document),
        );
    }
    if let Some(industry) = &plan.industry {
        out.add(
            &subject,
            pg::INDUSTRY_PROP,
            instance(Kind::Industry, industry),
        );
    }
    // A plan is its first printing's: the documents that print one plan
    // are the same government's.
    if let Some(jurisdiction) = plan
        .documents
        .first()
        .and_then(|file| corpus.documents.iter().find(|d| d.file_name == *file))
        .and_then(|d| d.jurisdiction.as_ref())
    {
        out.add(
            &subject,
            pg::JURISDICTION,
            instance(Kind::Region, jurisdiction),
        );
    }
}

fn task_quads(out: &mut QuadSink<'_>, task: &Task) {
    let subject = instance(Kind::Task, &task.id);
    out.add_type(
        &subject,
        if task.kind == TaskKind::Paragraph {
            pg::GOAL
        } else {
            pg::TASK
        },
    );
    out.add(&subject, pg::PLAN_PROP, instance(Kind::Plan, &task.plan));
    // A document of bare numbered items prints no section heading.
    if !task.section.is_empty() {
        out.add(&subject, pg::SECTION, string(&task.section));
    }
    if let Some(subsection) = &task.subsection {
        out.add(&subject, pg::SUBSECTION, string(subsection));
    }
    if !task.number.is_empty() {
        out.add(&subject, pg::NUMBER, string(&task.number));
    }
    if let Some(title) = &task.title {
        out.add(&subject, dcterms::TITLE, string(title));
    }
    out.add(&subject, pg::TEXT, string(&task.text));

    let mut documents_seen: Vec<&str> = Vec::new();
    for (i, mention) in task.mentions.iter().enumerate() {
        let node = instance(Kind::Node, &format!("{}.m{}", task.id, i + 1));
        out.add(&subject, pg::MENTION, node.clone());
        out.add_type(&node, pg::MENTION_CLASS);
        out.add(
            &node,
            pg::DOCUMENT_PROP,
            instance(Kind::Document, &mention.document),
        );
        out.add(&node, pg::LINE, integer(mention.line as i64));
        out.add(&node, pg::END_LINE, integer(mention.end_line as i64));
        out.add(&node, pg::VERBATIM, string(&mention.verbatim));
        if let Some(page) = mention.page {
            out.add(&node, pg::PAGE, integer(i64::from(page)));
        }
        if let Some(cell) = &mention.cell {
            out.add(&node, pg::CELL, string(cell));
        }
        if !documents_seen.contains(&mention.document.as_str()) {
            documents_seen.push(&mention.document);
            out.add(
                &subject,
                prov::WAS_DERIVED_FROM,
                instance(Kind::Document, &mention.document),
            );
        }
    }

    // pg:leadUnit / pg:cooperatingUnit once per unit and role; the
    // responsibility nodes keep every attribution entry in printed order.
    let mut seen = std::collections::HashSet::new();
    for (i, responsibility) in task.responsibilities.iter().enumerate() {
        let unit = instance(Kind::Unit, &responsibility.unit);
        let predicate = match responsibility.role {
            crate::model::Role::Lead => pg::LEAD_UNIT,
            crate::model::Role::Cooperating => pg::COOPERATING_UNIT,
        };
        if seen.insert((predicate, responsibility.unit.as_str())) {
            out.add(&subject, predicate, unit.clone());
        }
        let node = instance(Kind::Node, &format!("{}.r{}", task.id, i + 1));
        out.add(&subject, pg::RESPONSIBILITY, node.clone());
        out.add_type(&node, pg::RESPONSIBILITY_CLASS);
        out.add(&node, pg::UNIT_PROP, unit);
        out.add(&node, pg::ROLE, string(responsibility.role.as_str()));
        out.add(&node, pg::POSITION, integer(i as i64 + 1));
        out.add(&node, pg::SURFACE_FORM, string(&responsibility.surface));
    }

    for (i, target) in task.targets.iter().enumerate() {
        let node = instance(Kind::Node, &format!("{}.t{}", task.id, i + 1));
        out.add(&subject, pg::TARGET, node.clone());
        out.add_type(&node, pg::TARGET_CLASS);
        if let Some(value) = &target.value {
            out.add(&node, pg::VALUE, decimal(value));
        }
        if let Some(value) = &target.min_value {
            out.add(&node, pg::MIN_VALUE, decimal(value));
        }
        if let Some(value) = &target.max_value {
            out.add(&node, pg::MAX_VALUE, decimal(value));
        }
        out.add(&node, pg::MEASURE, string(&target.measure));
        if let Some(year) = target.year {
            out.add(&node, pg::YEAR, integer(year.into()));
        }
        if let Some(comparator) = &target.comparator {
            out.add(&node, pg::COMPARATOR, string(comparator));
        }
        if target.stretch {
            out.add(&node, pg::STRETCH, boolean(true));
        }
        out.add(&node, pg::TARGET_TEXT, string(&target.text));
        out.add(&node, pg::INDICATOR, string(&target.indicator));
        out.add(&node, pg::DIRECTION, string(target.direction.as_str()));
        if let (Some(source), Some(_)) = (target.year_source, target.year) {
            out.add(&node, pg::YEAR_SOURCE, string(source.as_str()));
        }
    }

    // Two deadlines of one task can fall on the same day (`年底前` and
    // `2022年底`): the date is one statement, as the graph holds it.
    let mut dues: Vec<&str> = Vec::new();
    for deadline in &task.deadlines {
        out.add(&subject, pg::DEADLINE, string(&deadline.text));
        if let Some(due) = deadline.due.as_deref() {
            if !dues.contains(&due) {
                dues.push(due);
                out.add(&subject, pg::DUE_DATE, date(due));
            }
        }
    }
    for person in &task.persons {
        out.add(&subject, pg::RESPONSIBLE_LEADER, zh(person));
    }
    for region in &task.regions {
        out.add(
            &subject,
            pg::MENTIONS_REGION,
            instance(Kind::Region, region),
        );
    }
    for industry in &task.industries {
        out.add(
            &subject,
            pg::INDUSTRY_PROP,
            instance(Kind::Industry, industry),
        );
    }
}

fn unit_quads(out: &mut QuadSink<'_>, unit: &Unit) {
    let subject = instance(Kind::Unit, &unit.name);
    out.add_type(&subject, pg::UNIT);
    if unit.collective {
        out.add(&subject, pg::COLLECTIVE, boolean(true));
    } else {
        out.add_type(&subject, org::ORGANIZATION);
    }
    out.add(&subject, skos::PREF_LABEL, zh(&unit.label));
    if let Some(jurisdiction) = &unit.jurisdiction {
        out.add(
            &subject,
            pg::JURISDICTION,
            instance(Kind::Region, jurisdiction),
        );
    }
    for alt in &unit.alt_labels {
        out.add(&subject, skos::ALT_LABEL, zh(alt));
    }
    if let Some(full) = &unit.full_name {
        out.add(&subject, pg::FULL_NAME, zh(full));
    }
    if let Some(english) = &unit.english {
        out.add(&subject, rdfs::LABEL.as_str(), en(english));
    }
    for successor in &unit.succeeded_by {
        out.add(&subject, pg::SUCCEEDED_BY, instance(Kind::Unit, successor));
    }
}

/// Regions become nodes (see [`region_nodes`]); each industry scheme that
/// applies to a document read is written whole, since it is a published
/// list.
fn region_and_industry_quads(out: &mut QuadSink<'_>, corpus: &Corpus) {
    for region in region_nodes(corpus) {
        let Some(info) = entities::region_info(&region) else {
            continue;
        };
        let subject = instance(Kind::Region, &region);
        out.add_type(&subject, pg::REGION);
        out.add(&subject, skos::PREF_LABEL, zh(&info.label));
        out.add(&subject, pg::REGION_LEVEL, string(info.level));
        if let Some(english) = &info.english {
            out.add(&subject, rdfs::LABEL.as_str(), en(english));
        }
        if let Some(code) = &info.code {
            out.add(&subject, pg::DIVISION_CODE, string(code));
        }
        for part in &info.contains {
            out.add(&subject, pg::CONTAINS_REGION, instance(Kind::Region, part));
        }
        match (&info.part_of, info.code.is_some()) {
            // A division is part of its parent division.
            (Some(parent), true) => out.add(&subject, pg::PART_OF, instance(Kind::Region, parent)),
            // A county-level area lies in a division, which contains it.
            (Some(parent), false) => out.add(
                &instance(Kind::Region, parent),
                pg::CONTAINS_REGION,
                subject.clone(),
            ),
            (None, _) => {}
        }
    }

    let table = crate::ingest::divisions::divisions();
    let placed: Vec<usize> = corpus
        .documents
        .iter()
        .filter_map(|d| d.jurisdiction.as_deref())
        .filter_map(|name| table.by_qualified(name))
        .collect();
    let scheme = named(pg::INDUSTRY_SCHEME);
    for industry in entities::industries::industries() {
        if !placed.iter().any(|&d| table.is_within(d, industry.scope)) {
            continue;
        }
        let subject = instance(Kind::Industry, &industry.name);
        out.add_type(&subject, pg::INDUSTRY);
        out.add_type(&subject, skos::CONCEPT);
        out.add(&subject, skos::PREF_LABEL, zh(&industry.name));
        out.add(&subject, rdfs::LABEL.as_str(), en(&industry.english));
        out.add(&subject, skos::IN_SCHEME, scheme.clone());
        match &industry.broader {
            Some(broader) => out.add(&subject, skos::BROADER, instance(Kind::Industry, broader)),
            None => out.add(&scheme, skos::HAS_TOP_CONCEPT, subject.clone()),
        }
    }
}

/// The regions that become nodes (IRI local names): every region a task
/// mentions, the divisions that documents and units belong to, what areas
/// among them contain or lie in, and every division around a division
/// among them, so that `pg:containsRegion` and `pg:partOf` never point at
/// nothing.
pub fn region_nodes(corpus: &Corpus) -> std::collections::BTreeSet<String> {
    use std::collections::BTreeSet;
    let table = crate::ingest::divisions::divisions();
    let mut regions: BTreeSet<String> = BTreeSet::new();
    for task in &corpus.tasks {
        regions.extend(task.regions.iter().cloned());
    }
    regions.extend(
        corpus
            .documents
            .iter()
            .filter_map(|d| d.jurisdiction.clone())
            .chain(corpus.units.iter().filter_map(|u| u.jurisdiction.clone())),
    );
    let related: Vec<String> = regions
        .iter()
        .filter_map(|r| entities::region_info(r))
        .flat_map(|info| info.contains.into_iter().chain(info.part_of))
        .collect();
    regions.extend(related);
    let around: Vec<String> = regions
        .iter()
        .filter_map(|r| table.by_qualified(r))
        .flat_map(|i| table.ancestors(i))
        .map(|i| table.get(i).qualified.clone())
        .collect();
    regions.extend(around);
    regions
}

/// The ontology as quads in its own named graph, [`ONTOLOGY_GRAPH`], so that
/// `\d pg:leadUnit` and completion can read it without mixing it into the
/// data that queries count.
pub fn ontology_quads() -> Result<Vec<Quad>, oxigraph::io::RdfSyntaxError> {
    use oxigraph::io::{RdfFormat, RdfParser};
    RdfParser::from_format(RdfFormat::Turtle)
        .with_default_graph(NamedNode::new_unchecked(ONTOLOGY_GRAPH))
        .for_slice(ONTOLOGY_TTL.as_bytes())
        .collect()
}
