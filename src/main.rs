//! The `newsdesk` binary: all the work is in the library (see `newsdesk::cli`).

fn main() -> std::process::ExitCode {
    newsdesk::cli::main()
}
