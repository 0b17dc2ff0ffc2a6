//! Files coming in, read as the app reads a picked or dropped file
//! (`src/ui/library_actions.rs`, `read`): the bytes decoded by the core
//! (UTF-8 or UTF-16 with a byte order mark; binary refused), an HTML page's
//! visible text through [`crate::html`], everything else through
//! [`import::parse`], which decides the kind by the file name, then the
//! content.

use std::io::Read;
use std::path::Path;

use spanmark_core::import::{self, text, Kind, Parsed};

/// The name standard input goes by in messages.
pub const STDIN: &str = "standard input";

/// Files the app refuses before reading them (`web::files::MAX_IMPORT_MB`).
pub const APP_MAX_BYTES: u64 = 64 * 1_048_576;

/// One input as given on the command line.
#[derive(Clone, Debug)]
pub struct Input {
    /// What messages call it: the path as given, or [`STDIN`].
    pub shown: String,
    /// The name the app would see (`File.name`, the last path component):
    /// its extension decides the kind and doccano's offset unit.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Why an input could not be read at all (as opposed to being refused).
#[derive(Clone, Debug)]
pub struct Unreadable(pub String);

/// Reads `arg` (`-` for standard input, then named `stdin_name`).
pub fn read(arg: &str, stdin_name: Option<&str>) -> Result<Input, Unreadable> {
    if arg == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Unreadable(format!("{STDIN} could not be read ({e})")))?;
        return Ok(Input {
            shown: STDIN.to_string(),
            name: stdin_name.unwrap_or("-").to_string(),
            bytes,
        });
    }
    let path = Path::new(arg);
    if path.is_dir() {
        return Err(Unreadable(format!("{arg} is a directory, not a file")));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Unreadable(format!("{arg} could not be read ({e})")))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| arg.to_string());
    Ok(Input {
        shown: arg.to_string(),
        name,
        bytes,
    })
}

/// Reads a decoded file as the app does; the error completes "<file> was
/// not imported: ".
pub fn parse_text(name: &str, text: &str) -> Result<Parsed, String> {
    if import::kind_of(name, text) == Kind::Html {
        let (pieces, title) = crate::html::pieces(text);
        return Ok(Parsed {
            format: "HTML",
            drafts: vec![text::html(&pieces, title)?],
            notes: Vec::new(),
        });
    }
    import::parse(name, text)
}

/// Decodes and reads an input as the app does. A file without documents is
/// refused, as the app refuses it.
pub fn parse(input: &Input) -> Result<Parsed, String> {
    let text = text::decode(&input.bytes)?;
    let p = parse_text(&input.name, &text)?;
    if p.drafts.is_empty() {
        return Err("it holds no documents".into());
    }
    Ok(p)
}
