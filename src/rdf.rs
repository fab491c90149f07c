//! Records → quads.
