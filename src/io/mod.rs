//! Input and output: reading records, writing results.

pub mod input;
pub mod output;

pub use input::{
    ByteCounter, InputError, InputFormat, Item, MAX_RECORD_BYTES, Reader, Record, folders_read, input_size,
};
pub use output::{AtomicFile, OutputFormat, RecordWriter, Rendered, Sink, TableRow, write_atomic};
