//! Per-site boilerplate learning.
