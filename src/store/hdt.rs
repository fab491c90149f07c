//! A saved graph in HDT (Header-Dictionary-Triples), queried in place: the
//! file's dictionary and bitmap triples are read as they are (compressed),
//! and SPARQL runs over them through oxigraph's evaluator, with no store
//! built. Opening costs a read of the file; a query costs what it reads.
//!
//! An HDT file holds one graph: the data's default graph. The ontology's
//! named graph ([`crate::rdf::ONTOLOGY_GRAPH`]) is the binary's own, as for
//! every other saved graph ([`crate::commands::sources`] adds it to a loaded
//! N-Quads file too), kept beside the file's triples in memory (a few
//! hundred quads).
//!
//! Terms are the file's dictionary IDs. HDT numbers subjects, objects and
//! predicates in three spaces (subjects and objects share the IDs of terms
//! that are both); the evaluator needs one value per RDF term, so each term
//! has one canonical [`HdtTerm`]: its subject/object ID when it has one, its
//! predicate ID otherwise, and the term itself when the file does not hold
//! it (a constant of the query, a computed value, an ontology term).

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use hdt::{Hdt, IdKind};
use oxigraph::model::{BlankNode, Literal, NamedNode, Quad, Term};
use oxigraph::sparql::QueryResults;
use spareval::{InternalQuad, QueryableDataset};

use super::backend::{Backend, RunOptions};
use super::error::StoreError;
use super::memory::{explanation_text, prepare};
use super::watch::{evaluation_error, watched, Watch};
use crate::files::FileError;
use crate::hdt_file::{hdt_text, read_hdt};

/// What the format is called in messages.
pub const HDT_FORMAT_NAME: &str = "HDT";

/// A graph file in HDT, queried in place. Clones share the file's contents.
#[derive(Clone)]
pub struct HdtBackend {
    graph: Arc<HdtGraph>,
}

struct HdtGraph {
    hdt: Hdt,
    /// IDs `1..=shared` are terms that are both subjects and objects.
    shared: usize,
    /// The canonical term of each predicate ID (index 0 unused).
    predicates: Vec<HdtTerm>,
    /// The predicate ID of a term that is also a subject or an object.
    predicate_ids: HashMap<HdtTerm, usize>,
    /// The ontology's quads, in canonical terms.
    ontology: Vec<[HdtTerm; 4]>,
    ontology_graph: HdtTerm,
}

/// An RDF term of an HDT graph: one value per term (see the module's
/// comment), so that equal values are equal terms.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum HdtTerm {
    /// Both a subject and an object: its ID in either space.
    Shared(usize),
    /// Only a subject: its subject ID.
    Subject(usize),
    /// Only an object: its object ID.
    Object(usize),
    /// Only a predicate: its predicate ID.
    Predicate(usize),
    /// A term the file does not hold (behind a pointer: the other kinds are
    /// two words, and the evaluator copies terms in every row).
    Other(Arc<Term>),
}

/// A failure while reading the file's terms (a damaged dictionary).
#[derive(Debug, thiserror::Error)]
#[error("the HDT file is damaged: {0}")]
pub struct HdtError(String);

impl HdtBackend {
    /// Opens an HDT file and adds the built-in ontology beside it.
    ///
    /// A file that is not HDT, is cut short or damaged fails with one
    /// sentence naming it; the crate's reader checks the sections'
    /// checksums, and a panic of the reader on bytes it did not expect is
    /// turned into the same error.
    pub fn open(path: &Path, ontology: Vec<Quad>) -> Result<Self, StoreError> {
        let file = File::open(path).map_err(|reason| FileError::ReadGraph {
            path: path.to_owned(),
            reason,
        })?;
        let damaged = |message: String| FileError::ParseGraph {
            path: path.to_owned(),
            format: HDT_FORMAT_NAME,
            message,
        };
        let read = std::panic::catch_unwind(move || read_hdt(file));
        let hdt = match read {
            Ok(Ok(hdt)) => hdt,
            Ok(Err(message)) => return Err(damaged(message).into()),
            Err(_) => return Err(damaged("the file is damaged".into()).into()),
        };
        if hdt.triples.adjlist_z.is_empty() {
            return Err(damaged("the file holds no triples".into()).into());
        }
        Self::from_hdt(hdt, ontology).map_err(|e| damaged(e.0).into())
    }

    fn from_hdt(hdt: Hdt, ontology: Vec<Quad>) -> Result<Self, HdtError> {
        let shared = hdt.dict.shared.num_strings();
        let mut graph = HdtGraph {
            shared,
            predicates: vec![HdtTerm::Predicate(0)],
            predicate_ids: HashMap::new(),
            ontology: Vec::new(),
            ontology_graph: HdtTerm::Predicate(0),
            hdt,
        };
        // A predicate that is also a subject or an object (a property
        // described in the data) is that term, not a second one.
        for id in 1..=graph.hdt.dict.predicates.num_strings() {
            let text = graph
                .hdt
                .dict
                .id_to_string(id, IdKind::Predicate)
                .map_err(|e| HdtError(e.to_string()))?;
            let term = match graph.subject_or_object_id(&text) {
                Some(term) => {
                    graph.predicate_ids.insert(term.clone(), id);
                    term
                }
                None => HdtTerm::Predicate(id),
            };
            graph.predicates.push(term);
        }
        graph.ontology_graph =
            graph.internalize(NamedNode::new_unchecked(crate::rdf::ONTOLOGY_GRAPH).into());
        // The ontology's terms repeat (its graph name in every quad, a few
        // predicates): each is looked up in the dictionary once.
        let mut known: HashMap<Term, HdtTerm> = HashMap::new();
        let mut internalize = |term: Term| {
            known
                .entry(term)
                .or_insert_with_key(|term| graph.internalize(term.clone()))
                .clone()
        };
        let ontology = ontology
            .into_iter()
            .map(|quad| {
                let graph_name: Term = match quad.graph_name {
                    oxigraph::model::GraphName::NamedNode(n) => n.into(),
                    oxigraph::model::GraphName::BlankNode(b) => b.into(),
                    oxigraph::model::GraphName::DefaultGraph => {
                        NamedNode::new_unchecked(crate::rdf::ONTOLOGY_GRAPH).into()
                    }
                };
                [
                    internalize(quad.subject.into()),
                    internalize(quad.predicate.into()),
                    internalize(quad.object),
                    internalize(graph_name),
                ]
            })
            .collect();
        graph.ontology = ontology;
        Ok(Self {
            graph: Arc::new(graph),
        })
    }

    /// The number of triples in the file.
    pub fn triples(&self) -> usize {
        self.graph.hdt.triples.adjlist_z.len()
    }
}

impl HdtGraph {
    /// The term's subject/object value, if the file has it as either.
    fn subject_or_object_id(&self, text: &str) -> Option<HdtTerm> {
        let id = self.hdt.dict.string_to_id(text, IdKind::Subject);
        if id != 0 {
            return Some(if id <= self.shared {
                HdtTerm::Shared(id)
            } else {
                HdtTerm::Subject(id)
            });
        }
        let id = self.hdt.dict.string_to_id(text, IdKind::Object);
        (id != 0).then_some(if id <= self.shared {
            HdtTerm::Shared(id)
        } else {
            HdtTerm::Object(id)
        })
    }

    fn internalize(&self, term: Term) -> HdtTerm {
        let text = hdt_text(&term);
        if let Some(found) = self.subject_or_object_id(&text) {
            return found;
        }
        match self.hdt.dict.string_to_id(&text, IdKind::Predicate) {
            0 => HdtTerm::Other(Arc::new(term)),
            id => HdtTerm::Predicate(id),
        }
    }

    fn subject_of(&self, id: usize) -> HdtTerm {
        if id <= self.shared {
            HdtTerm::Shared(id)
        } else {
            HdtTerm::Subject(id)
        }
    }

    fn object_of(&self, id: usize) -> HdtTerm {
        if id <= self.shared {
            HdtTerm::Shared(id)
        } else {
            HdtTerm::Object(id)
        }
    }

    /// The pattern's ID in each position (0: any), or `None` when a bound
    /// term cannot be in that position, so nothing matches.
    fn pattern(
        &self,
        subject: Option<&HdtTerm>,
        predicate: Option<&HdtTerm>,
        object: Option<&HdtTerm>,
    ) -> Option<[usize; 3]> {
        let s = match subject {
            None => 0,
            Some(HdtTerm::Shared(id) | HdtTerm::Subject(id)) => *id,
            Some(_) => return None,
        };
        let p = match predicate {
            None => 0,
            Some(HdtTerm::Predicate(id)) => *id,
            Some(term) => *self.predicate_ids.get(term)?,
        };
        let o = match object {
            None => 0,
            Some(HdtTerm::Shared(id) | HdtTerm::Object(id)) => *id,
            Some(_) => return None,
        };
        Some([s, p, o])
    }
}

/// The term of a dictionary text ([`hdt_text`]'s inverse).
fn term_of_text(text: &str) -> Result<Term, HdtError> {
    let bad = |e: &dyn std::fmt::Display| HdtError(format!("the term {text:?} is not valid: {e}"));
    if text.starts_with('"') {
        text.parse::<Literal>().map(Term::from).map_err(|e| bad(&e))
    } else if text.starts_with("_:") {
        text.parse::<BlankNode>()
            .map(Term::from)
            .map_err(|e| bad(&e))
    } else {
        NamedNode::new(text).map(Term::from).map_err(|e| bad(&e))
    }
}

/// The dataset the evaluator reads: the file's triples as the default
/// graph, the ontology as its named graph.
#[derive(Clone)]
struct HdtDataset(Arc<HdtGraph>);

type QuadResult = Result<InternalQuad<HdtTerm>, HdtError>;

impl QueryableDataset<'static> for HdtDataset {
    type InternalTerm = HdtTerm;
    type Error = HdtError;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&HdtTerm>,
        predicate: Option<&HdtTerm>,
        object: Option<&HdtTerm>,
        graph_name: Option<Option<&HdtTerm>>,
    ) -> impl Iterator<Item = QuadResult> + use<> {
        let graph = &self.0;
        let matches: Box<dyn Iterator<Item = QuadResult>> = match graph_name {
            // The default graph: the file.
            Some(None) => match graph.pattern(subject, predicate, object) {
                Some(pattern) => Box::new(FileTriples::new(Arc::clone(graph), pattern).map(Ok)),
                None => Box::new(std::iter::empty()),
            },
            // A named graph: only the ontology's.
            Some(Some(name)) if *name != graph.ontology_graph => Box::new(std::iter::empty()),
            _ => {
                let wanted = [subject, predicate, object].map(|t| t.cloned());
                let found: Vec<QuadResult> = graph
                    .ontology
                    .iter()
                    .filter(|quad| {
                        wanted
                            .iter()
                            .zip(quad.iter())
                            .all(|(w, t)| w.as_ref().is_none_or(|w| w == t))
                    })
                    .map(|[s, p, o, g]| {
                        Ok(InternalQuad {
                            subject: s.clone(),
                            predicate: p.clone(),
                            object: o.clone(),
                            graph_name: Some(g.clone()),
                        })
                    })
                    .collect();
                Box::new(found.into_iter())
            }
        };
        matches
    }

    fn internalize_term(&self, term: Term) -> Result<HdtTerm, HdtError> {
        Ok(self.0.internalize(term))
    }

    fn externalize_term(&self, term: HdtTerm) -> Result<Term, HdtError> {
        let dict = &self.0.hdt.dict;
        let text = match term {
            HdtTerm::Other(term) => return Ok(Arc::unwrap_or_clone(term)),
            HdtTerm::Shared(id) | HdtTerm::Subject(id) => dict.id_to_string(id, IdKind::Subject),
            HdtTerm::Object(id) => dict.id_to_string(id, IdKind::Object),
            HdtTerm::Predicate(id) => dict.id_to_string(id, IdKind::Predicate),
        }
        .map_err(|e| HdtError(e.to_string()))?;
        term_of_text(&text)
    }
}

/// The file's triples that match a pattern of IDs, as quads of the default
/// graph; the iterator holds the graph it reads.
struct FileTriples {
    // Declared before `graph`, so dropped before it: it borrows from it.
    ids: Box<dyn Iterator<Item = [usize; 3]>>,
    graph: Arc<HdtGraph>,
}

impl FileTriples {
    fn new(graph: Arc<HdtGraph>, pattern: [usize; 3]) -> Self {
        let ids = graph.hdt.triple_ids_with_id_pattern(pattern);
        // SAFETY: `ids` borrows the `HdtGraph` inside the `Arc`, whose heap
        // address does not change while this struct holds a clone of the
        // `Arc`, and `ids` is dropped before that clone (field order). The
        // crate's iterators only read the bitmaps and sequences they borrow.
        let ids: Box<dyn Iterator<Item = [usize; 3]> + '_> = ids;
        let ids = unsafe {
            std::mem::transmute::<
                Box<dyn Iterator<Item = [usize; 3]> + '_>,
                Box<dyn Iterator<Item = [usize; 3]> + 'static>,
            >(ids)
        };
        Self { ids, graph }
    }
}

impl Iterator for FileTriples {
    type Item = InternalQuad<HdtTerm>;

    fn next(&mut self) -> Option<Self::Item> {
        let [s, p, o] = self.ids.next()?;
        Some(InternalQuad {
            subject: self.graph.subject_of(s),
            predicate: self.graph.predicates.get(p)?.clone(),
            object: self.graph.object_of(o),
            graph_name: None,
        })
    }
}

impl Backend for HdtBackend {
    fn check(&self, query: &str) -> Result<(), StoreError> {
        prepare(query).map(drop)
    }

    fn run(&self, query: &str, options: &RunOptions) -> Result<QueryResults<'static>, StoreError> {
        let (prepared, token) = prepare(query)?;
        let watch = Watch::start(&token, options);
        let results = prepared
            .on_queryable_dataset(HdtDataset(Arc::clone(&self.graph)))
            .execute()
            .map_err(|e| evaluation_error(e, options))?;
        Ok(watched(results, watch))
    }

    fn explain(
        &self,
        query: &str,
        options: &RunOptions,
    ) -> Result<(Option<StoreError>, String), StoreError> {
        let (prepared, token) = prepare(query)?;
        let _watch = Watch::start(&token, options);
        let (result, explanation) = prepared
            .on_queryable_dataset(HdtDataset(Arc::clone(&self.graph)))
            .compute_statistics()
            .explain();
        let failure = match result {
            Ok(QueryResults::Solutions(solutions)) => solutions.filter_map(Result::err).next(),
            Ok(QueryResults::Graph(triples)) => triples.filter_map(Result::err).next(),
            Ok(QueryResults::Boolean(_)) => None,
            Err(e) => Some(e),
        }
        .map(|e| evaluation_error(e, options));
        Ok((failure, explanation_text(&explanation)?))
    }

    fn statements(&self) -> Option<usize> {
        Some(self.triples() + self.graph.ontology.len())
    }
}
