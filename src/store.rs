//! The only module that touches oxigraph's `Store`.
