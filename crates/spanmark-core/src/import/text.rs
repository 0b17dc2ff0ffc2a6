//! Text coming in: file bytes to a string (refusing what is not text),
//! titles guessed from the first line, and the visible text of an HTML page
//! assembled from the pieces the web layer reads out of it.
//!
//! A text is kept exactly as given: no trimming, no line-end or Unicode
//! normalisation. The one thing dropped is a byte order mark, which marks
//! the encoding and is not part of the text.

use super::Draft;
use crate::model::Document;

/// The longest guessed title, in code points (an ellipsis marks a cut).
pub const TITLE_MAX: usize = 80;

/// The title of a document whose text gives none.
pub const UNTITLED: &str = "Untitled";

/// Decodes a file's bytes: UTF-8 (a leading byte order mark dropped), or
/// UTF-16 when the file starts with a UTF-16 byte order mark. Anything else
/// — invalid UTF-8, NUL characters (binary data) — is refused; the message
/// completes "… was not imported: ".
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let text = match bytes {
        [0xff, 0xfe, rest @ ..] => utf16(rest, u16::from_le_bytes)?,
        [0xfe, 0xff, rest @ ..] => utf16(rest, u16::from_be_bytes)?,
        _ => {
            let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            if body.contains(&0) {
                return Err(binary());
            }
            match std::str::from_utf8(body) {
                Ok(s) => s.to_string(),
                Err(e) => {
                    return Err(format!(
                        "it is not a text file (it is not valid UTF-8 from byte {} on)",
                        e.valid_up_to() + bytes.len() - body.len()
                    ))
                }
            }
        }
    };
    if text.contains('\0') {
        return Err(binary());
    }
    Ok(text)
}

fn binary() -> String {
    "it is not a text file (it holds NUL bytes, as binary files do)".to_string()
}

fn utf16(rest: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if rest.len() % 2 != 0 {
        return Err("it is not valid UTF-16 text (an odd number of bytes)".into());
    }
    let units: Vec<u16> = rest.chunks_exact(2).map(|p| unit([p[0], p[1]])).collect();
    String::from_utf16(&units)
        .map_err(|_| "it is not valid UTF-16 text (a lone surrogate)".to_string())
}

/// A title from the first line that holds more than whitespace: trimmed,
/// without Markdown heading marks (`# `), cut at a word boundary to at most
/// [`TITLE_MAX`] code points. [`UNTITLED`] when the text has no such line.
pub fn guess_title(text: &str) -> String {
    let Some(line) = text
        .split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}'])
        .map(str::trim)
        .find(|l| !l.is_empty())
    else {
        return UNTITLED.to_string();
    };
    let hashes = line.len() - line.trim_start_matches('#').len();
    let line = match line[hashes..].strip_prefix([' ', '\t']) {
        Some(rest) if (1..=6).contains(&hashes) => rest.trim(),
        _ => line,
    };
    let line = if line.is_empty() { UNTITLED } else { line };
    cut(line, TITLE_MAX)
}

/// `s` cut to at most `max` code points, at the last space before the limit
/// when there is one in its second half, with `…` appended.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(max - 1).collect();
    let at = head
        .rfind(char::is_whitespace)
        .filter(|&b| head[..b].chars().count() >= max / 2)
        .unwrap_or(head.len());
    let mut out = head[..at].trim_end().to_string();
    out.push('…');
    out
}

/// A document from plain text (a `.txt` or `.md` file, or pasted text),
/// kept exactly as given, titled `title` or after its first line. Refused
/// when it holds nothing but whitespace.
pub fn plain(text: String, title: Option<String>) -> Result<Draft, String> {
    if text.trim().is_empty() {
        return Err("it holds no text".into());
    }
    let titled = title.is_some();
    let title = title.unwrap_or_else(|| guess_title(&text));
    Ok(Draft {
        doc: Document::new(String::new(), title, text),
        spans: Vec::new(),
        titled,
    })
}

/// What the web layer reads out of a parsed HTML page, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// A text node outside `<pre>`: its runs of whitespace show as one space.
    Text(String),
    /// The text of a `<pre>`, shown as it is.
    Pre(String),
    /// A block boundary: at least this many line ends (2 leaves a blank line).
    Break(u8),
}

/// A node of a parsed HTML page, as [`page_pieces`] sees it. The app's DOM
/// (`web::intake`, from the browser's `DOMParser`) and the CLI's html5ever
/// tree implement it, so both read a page's text by this one walk.
pub trait PageNode: Sized {
    /// What the node is.
    fn view(&self) -> PageView;
    /// Its children in document order.
    fn children(&self) -> Vec<Self>;
    /// Its DOM `textContent` (the text of a `<pre>`).
    fn text_content(&self) -> String;
}

/// What a [`PageNode`] is.
pub enum PageView {
    /// A text (or CDATA) node.
    Text(String),
    /// An element: its tag name in lower case, and whether it carries the
    /// `hidden` attribute.
    Element { tag: String, hidden: bool },
    /// Anything else (comments, processing instructions, fragments).
    Other,
}

/// The pieces of the visible text under `root` (a page's body), in document
/// order, for [`html`]. Iterative: a page may nest deeper than the stack
/// would like.
pub fn page_pieces<N: PageNode>(root: N) -> Vec<Piece> {
    enum Step<N> {
        Enter(N),
        Emit(Piece),
    }
    let mut out = Vec::new();
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Emit(p) => {
                out.push(p);
                continue;
            }
            Step::Enter(n) => n,
        };
        let tag = match node.view() {
            PageView::Text(t) => {
                out.push(Piece::Text(t));
                continue;
            }
            PageView::Element { hidden: true, .. } | PageView::Other => continue,
            PageView::Element { tag, .. } => tag,
        };
        let breaks = match shows(&tag) {
            Shows::Hidden => continue,
            Shows::Br => {
                out.push(Piece::Pre("\n".into()));
                continue;
            }
            Shows::Pre => {
                out.push(Piece::Break(2));
                out.push(Piece::Pre(node.text_content()));
                out.push(Piece::Break(2));
                continue;
            }
            Shows::Inline => 0,
            Shows::Block => 1,
            Shows::Paragraph => 2,
        };
        if breaks > 0 {
            out.push(Piece::Break(breaks));
            stack.push(Step::Emit(Piece::Break(breaks)));
        }
        stack.extend(node.children().into_iter().rev().map(Step::Enter));
    }
    out
}

/// How an element of an HTML page shows, by its lowercase tag name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shows {
    /// Not rendered as text (scripts, styles, templates, the head…).
    Hidden,
    /// Inside the flow of a line.
    Inline,
    /// A block: on lines of its own.
    Block,
    /// A paragraph-like block: a blank line before and after.
    Paragraph,
    /// A line break.
    Br,
    /// Preformatted: its text as it is.
    Pre,
}

pub fn shows(tag: &str) -> Shows {
    match tag {
        "script" | "style" | "template" | "noscript" | "head" | "title" | "meta" | "link"
        | "iframe" | "object" | "embed" | "svg" | "math" | "canvas" | "audio" | "video"
        | "select" | "textarea" | "datalist" | "button" | "input" => Shows::Hidden,
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "ul" | "ol" | "dl"
        | "table" | "figure" | "hr" => Shows::Paragraph,
        "address" | "article" | "aside" | "body" | "caption" | "dd" | "details" | "dialog"
        | "div" | "dt" | "fieldset" | "figcaption" | "footer" | "form" | "header" | "hgroup"
        | "legend" | "li" | "main" | "nav" | "section" | "summary" | "tr" | "center" => {
            Shows::Block
        }
        "br" => Shows::Br,
        "pre" | "listing" | "xmp" | "plaintext" => Shows::Pre,
        _ => Shows::Inline,
    }
}

/// Assembles the pieces into the text a reader sees, much as a browser's
/// `innerText`: whitespace inside text collapsed to single spaces, none at
/// the start or end of a line, block boundaries as line ends (at most one
/// blank line), nothing before the first or after the last visible
/// character.
pub fn assemble(pieces: &[Piece]) -> String {
    let mut out = String::new();
    // Line ends owed before the next visible text, and a pending space.
    let mut breaks = 0u8;
    let mut space = false;
    let flush = |out: &mut String, breaks: &mut u8, space: &mut bool| {
        if out.is_empty() {
            *breaks = 0;
            *space = false;
        }
        if *breaks > 0 {
            for _ in 0..*breaks {
                out.push('\n');
            }
        } else if *space {
            out.push(' ');
        }
        *breaks = 0;
        *space = false;
    };
    for p in pieces {
        match p {
            Piece::Break(n) => {
                breaks = breaks.max(*n);
                space = false;
            }
            Piece::Pre(s) => {
                if s.is_empty() {
                    continue;
                }
                flush(&mut out, &mut breaks, &mut space);
                out.push_str(s);
            }
            Piece::Text(s) => {
                let mut rest = s.as_str();
                while !rest.is_empty() {
                    let word = rest.trim_start_matches(is_html_space);
                    if word.len() < rest.len() {
                        space = true;
                        rest = word;
                        continue;
                    }
                    let end = rest.find(is_html_space).unwrap_or(rest.len());
                    flush(&mut out, &mut breaks, &mut space);
                    out.push_str(&rest[..end]);
                    rest = &rest[end..];
                }
            }
        }
    }
    out
}

/// HTML's ASCII whitespace (not U+00A0, which shows as a space but is kept).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// A document from an HTML page's visible text; its title is the page's
/// `<title>` (or first heading) when there is one.
pub fn html(pieces: &[Piece], title: Option<String>) -> Result<Draft, String> {
    let text = assemble(pieces);
    if text.trim().is_empty() {
        return Err("the page shows no text".into());
    }
    let title = title
        .map(|t| assemble(&[Piece::Text(t)]))
        .filter(|t| !t.is_empty())
        .map(|t| cut(&t, TITLE_MAX * 2));
    plain(text, title)
}

/// `s` with every line end (`\r\n`, `\r`) as `\n`: what a `<textarea>`
/// reports of a text, whatever line ends it was given. Pasted text is kept
/// with its own line ends when this is all that tells it from the field.
pub fn lf_only(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}
