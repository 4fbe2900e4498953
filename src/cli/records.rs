//! The result records each command writes, as JSON and as table rows.

use crate::io::TableRow;
use crate::io::output::{ellipsize, ellipsize_start};
use crate::summarize::Picked;
use serde::Serialize;
use std::collections::BTreeMap;

/// A record that could not be processed.
#[derive(Debug, Serialize)]
pub struct ErrorRecord {
    /// Record id (or input path).
    pub id: String,
    /// What went wrong, with its location.
    pub error: String,
}

impl TableRow for ErrorRecord {
    fn header() -> String {
        String::new()
    }
    fn row(&self) -> String {
        format!("{:<28} ERROR: {}", ellipsize_start(&self.id, 28), self.error)
    }
}

/// `classify` output.
#[derive(Debug, Serialize)]
pub struct Classified {
    /// Record id.
    pub id: String,
    /// Detected language.
    pub lang: &'static str,
    /// The chosen label.
    pub label: String,
    /// Its probability.
    pub confidence: f32,
    /// Probability of each label.
    pub scores: BTreeMap<String, f32>,
    /// Terms that pushed towards the label, with their contribution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<(String, f32)>>,
}

fn explain_cell(e: &Option<Vec<(String, f32)>>) -> String {
    e.as_ref().map(|v| v.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(", ")).unwrap_or_default()
}

impl TableRow for Classified {
    fn header() -> String {
        format!("{:<28} {:<5} {:<12} {:>6}  {}", "ID", "LANG", "LABEL", "CONF", "EXPLAIN")
    }
    fn row(&self) -> String {
        format!(
            "{:<28} {:<5} {:<12} {:>6.3}  {}",
            ellipsize_start(&self.id, 28),
            self.lang,
            ellipsize(&self.label, 12),
            self.confidence,
            explain_cell(&self.explain)
        )
    }
}

/// `summarize` output.
#[derive(Debug, Serialize)]
pub struct Summarized {
    /// Record id.
    pub id: String,
    /// The chosen sentences joined by a space.
    pub summary: String,
    /// The chosen sentences.
    pub sentences: Vec<Picked>,
}

impl TableRow for Summarized {
    fn header() -> String {
        format!("{:<28} SUMMARY", "ID")
    }
    fn row(&self) -> String {
        format!("{:<28} {}", ellipsize_start(&self.id, 28), self.summary.replace('\n', " "))
    }
}

/// `analyze` output: the fields of `classify` and `summarize` together.
#[derive(Debug, Serialize)]
pub struct Analyzed {
    /// Classification fields.
    #[serde(flatten)]
    pub class: Classified,
    /// The chosen sentences joined by a space.
    pub summary: String,
    /// The chosen sentences.
    pub sentences: Vec<Picked>,
}

impl TableRow for Analyzed {
    fn header() -> String {
        format!("{:<28} {:<5} {:<12} {:>6}  SUMMARY", "ID", "LANG", "LABEL", "CONF")
    }
    fn row(&self) -> String {
        format!(
            "{:<28} {:<5} {:<12} {:>6.3}  {}",
            ellipsize_start(&self.class.id, 28),
            self.class.lang,
            ellipsize(&self.class.label, 12),
            self.class.confidence,
            self.summary.replace('\n', " ")
        )
    }
}

/// One unit in `inspect` output.
#[derive(Debug, Serialize)]
pub struct InspectedSentence {
    /// Byte offset.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// Original text.
    pub text: String,
    /// A heading line.
    pub heading: bool,
    /// A link / promotion line.
    pub boilerplate: bool,
    /// The terms the classifier sees.
    pub tokens: Vec<String>,
}

/// `inspect` output.
#[derive(Debug, Serialize)]
pub struct Inspected {
    /// Record id.
    pub id: String,
    /// Detected language.
    pub lang: &'static str,
    /// The units, in order.
    pub sentences: Vec<InspectedSentence>,
}

impl TableRow for Inspected {
    fn header() -> String {
        format!("{:<28} {:<5} {:>4} {:<4} TEXT | TERMS", "ID", "LANG", "#", "KIND")
    }
    fn row(&self) -> String {
        if self.sentences.is_empty() {
            return format!("{:<28} {:<5} (no sentences)", ellipsize_start(&self.id, 28), self.lang);
        }
        self.sentences
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let kind = if s.heading {
                    "head"
                } else if s.boilerplate {
                    "link"
                } else {
                    "sent"
                };
                format!(
                    "{:<28} {:<5} {:>4} {:<4} {} | {}",
                    ellipsize_start(&self.id, 28),
                    self.lang,
                    i,
                    kind,
                    ellipsize(&s.text, 200),
                    s.tokens.join(" ")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}
