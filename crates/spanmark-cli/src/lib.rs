//! `spanmark` on the command line: the app's own core converts, checks and
//! counts annotation files, so a file the CLI writes is the file the app
//! downloads for the same documents. The pieces the app takes from the
//! browser — the HTML parser, the word and sentence segmenter, the clock
//! and random ids — are replaced here; see `docs/CLI.md`.

pub mod check;
pub mod convert;
pub mod html;
pub mod ids;
pub mod input;
pub mod labels;
pub mod segment;
pub mod stats;
pub mod time;
