//! The floor under `newsdesk classify`: read records exactly as the commands do, then only
//! tokenise and normalise their text. No sentence splitting, stop words, stemming, features,
//! model or output. One thread.
//!
//! Used by `bench/throughput.sh` to say how close the full pipeline comes to the cost of just
//! reading and tokenising the same input.
//!
//! ```text
//! cargo run --release --example bare_pass -- [--read-only] INPUT...
//! ```
//!
//! `--read-only` stops after reading and parsing the records (the cost of the input layer).
//! Prints one JSON line: records, bytes of text, tokens and the checksum of normalised bytes
//! (so the work cannot be optimised away).

use newsdesk::io::{InputFormat, Reader};
use newsdesk::text::Tokenizer;
use newsdesk::text::normalize::normalize_word_into;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut read_only = false;
    let mut inputs: Vec<PathBuf> = Vec::new();
    for a in std::env::args_os().skip(1) {
        if a == "--read-only" {
            read_only = true;
        } else {
            inputs.push(a.into());
        }
    }
    if inputs.is_empty() {
        eprintln!("usage: bare_pass [--read-only] INPUT...");
        return ExitCode::from(2);
    }
    let tokenizer = Tokenizer;
    let mut word = String::new();
    let (mut records, mut failed, mut bytes, mut tokens, mut normalised) = (0u64, 0u64, 0u64, 0u64, 0u64);
    for item in Reader::new(&inputs, InputFormat::Auto) {
        let r = match item {
            Ok(r) => r,
            Err(_) => {
                failed += 1;
                continue;
            }
        };
        records += 1;
        let text = r.full_text();
        bytes += text.len() as u64;
        if read_only {
            continue;
        }
        for tok in tokenizer.tokens(&text) {
            normalize_word_into(tok.text, &mut word);
            tokens += 1;
            normalised += word.len() as u64;
        }
    }
    println!(
        "{{\"records\":{records},\"failed\":{failed},\"bytes\":{bytes},\"tokens\":{tokens},\"normalised_bytes\":{normalised},\"read_only\":{read_only}}}"
    );
    if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
