//! Exports of subgraphs for visualisation and RDF tools.
