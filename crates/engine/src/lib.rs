//! # tidings-engine
//!
//! Wires the stages of Tidings together: raw documents ([`document`]) are extracted
//! ([`extraction`], the same code for ingestion and the batch modes), given an identity
//! ([`identity`]), cleaned of their site's learned boilerplate and stored ([`ingest`]), then
//! put in a story ([`stories`]: near-copies and same-event reports fold into one), whose
//! digest is then written again ([`digests`]: only the story that changed).

pub mod digests;
pub mod document;
pub mod extraction;
pub mod identity;
pub mod ingest;
pub mod stories;

pub use ingest::{Engine, Outcome, Progress, Report};

use std::path::PathBuf;

use thiserror::Error;

/// What went wrong with one input, naming it.
#[derive(Debug, Error)]
pub enum EngineError {
    /// The file could not be read.
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    /// The input is not what it claims to be (bad gzip, too large, a malformed JSON line).
    #[error("{0}: {1}")]
    Invalid(PathBuf, String),
    /// The extractor found no article in it.
    #[error("{0}: {1}")]
    Extract(PathBuf, tidings_extract::ExtractError),
    /// The store failed.
    #[error("store: {0}")]
    Store(tidings_store::StoreError),
}
