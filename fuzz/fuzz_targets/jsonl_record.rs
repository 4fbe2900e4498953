//! The JSON Lines record parser on any bytes: a record or an error naming the line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk::io::input::parse_json_record;

fuzz_target!(|data: &[u8]| {
    match parse_json_record(data, "fuzz.jsonl:1") {
        Ok(r) => {
            let _ = r.full_text();
            let _ = r.gold_label();
        }
        Err(e) => {
            assert_eq!(e.location, "fuzz.jsonl:1", "errors name the file and line");
            assert!(!e.message.is_empty());
            assert!(!e.fatal, "one bad line is never fatal");
        }
    }
});
