//! Input and output: reading records, writing results.

pub mod input;
pub mod output;

pub use input::{InputError, InputFormat, Item, Reader, Record};
pub use output::{AtomicFile, OutputFormat, RecordWriter, Sink, TableRow, write_atomic};
