//! `spanmark`: the app's core on the command line.

fn main() {
    eprintln!("spanmark {}", env!("CARGO_PKG_VERSION"));
}
