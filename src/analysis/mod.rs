//! Canned analyses of the department network (one projection, one analysis per file).
