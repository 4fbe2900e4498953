//! newsdesk: topic classification and extractive summaries for Arabic and English news.
//!
//! Data flows one way through the modules:
//!
//! ```text
//! io::input ─► text ─► features ─► classify ─┐
//!                 │                          ├─► pipeline ─► io::output
//!                 └──────────► summarize ────┘
//! ```
//!
//! * [`text`]: language, normalisation, tokens, sentences, stop words, stemming;
//! * [`features`]: vocabulary, TF-IDF, the sparse matrix (a linfa `Records`);
//! * [`classify`]: the sparse linear classifier (a linfa estimator), the model file, metrics;
//! * [`summarize`]: extractive key sentences;
//! * [`io`]: reading records (JSONL, files, directories, stdin) and writing results;
//! * [`pipeline`]: parallel, streaming, order-keeping processing of many records;
//! * [`cli`]: the command line.

#![warn(missing_docs)]

pub mod classify;
pub mod cli;
pub mod features;
mod hint;
pub mod io;
pub mod model;
pub mod pipeline;
pub mod summarize;
pub mod text;
