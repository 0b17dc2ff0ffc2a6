//! Text and offsets. The core's one unit is the **code point** (Unicode scalar
//! value): it is what the export format, Python, spaCy and the W3C model count.
//! Rust strings index by bytes ([`bytes`]) and the DOM by UTF-16 code units
//! ([`utf16`]); those conversions live in their own modules and nowhere else.
//! Grapheme clusters come from Unicode's rules in one place ([`grapheme`]).

pub mod bounds;
pub mod bytes;
pub mod grapheme;
pub mod utf16;
pub mod words;

/// A non-empty half-open range of code points: `start < end` always holds,
/// so an empty or inverted span cannot be represented.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// `None` when `start >= end`.
    pub fn new(start: usize, end: usize) -> Option<Span> {
        (start < end).then_some(Span { start, end })
    }

    pub fn start(self) -> usize {
        self.start
    }

    pub fn end(self) -> usize {
        self.end
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Never true; present so clippy's `len_without_is_empty` has its pair.
    pub fn is_empty(self) -> bool {
        false
    }

    /// True when the two spans share at least one code point.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn contains(self, cp: usize) -> bool {
        self.start <= cp && cp < self.end
    }
}

impl TryFrom<(usize, usize)> for Span {
    type Error = String;
    fn try_from((start, end): (usize, usize)) -> Result<Self, Self::Error> {
        Span::new(start, end).ok_or_else(|| format!("empty span {start}..{end}"))
    }
}

impl From<Span> for (usize, usize) {
    fn from(s: Span) -> Self {
        (s.start, s.end)
    }
}

/// Byte offset of every `STRIDE`-th code point, so that code point → byte
/// lookups on a novel cost a binary search plus at most `STRIDE` steps.
const STRIDE: usize = 256;

/// An immutable document text with a code point index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    s: String,
    len: usize,
    /// `marks[i]` is the byte offset of code point `i * STRIDE`.
    marks: Vec<usize>,
}

impl Text {
    pub fn new(s: String) -> Text {
        let mut marks = Vec::with_capacity(s.len() / STRIDE + 1);
        let mut len = 0;
        for (b, _) in s.char_indices() {
            if len % STRIDE == 0 {
                marks.push(b);
            }
            len += 1;
        }
        Text { s, len, marks }
    }

    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Byte offset of code point `cp`; `cp` past the end gives the byte length.
    pub fn byte_of(&self, cp: usize) -> usize {
        if cp >= self.len {
            return self.s.len();
        }
        let base = self.marks[cp / STRIDE];
        base + bytes::cp_to_byte(&self.s[base..], cp % STRIDE)
    }

    /// Code point index of the char that starts at or before byte `b`.
    pub fn cp_of_byte(&self, b: usize) -> usize {
        let b = b.min(self.s.len());
        let i = self.marks.partition_point(|&m| m <= b).saturating_sub(1);
        match self.marks.get(i) {
            Some(&m) => i * STRIDE + bytes::byte_to_cp(&self.s[m..], b - m),
            None => 0,
        }
    }

    /// The text of a span, clamped to the text.
    pub fn slice(&self, span: Span) -> &str {
        self.slice_range(span.start, span.end)
    }

    /// The text between two code point offsets, clamped to the text.
    pub fn slice_range(&self, start: usize, end: usize) -> &str {
        let (a, b) = (self.byte_of(start), self.byte_of(end.max(start)));
        &self.s[a..b]
    }

    /// Shrinks `span` past leading and trailing whitespace (line ends
    /// included); `None` when nothing but whitespace is left or the span lies
    /// outside the text.
    pub fn trim(&self, span: Span) -> Option<Span> {
        if span.start >= self.len {
            return None;
        }
        let end = span.end.min(self.len);
        let inner = self.slice_range(span.start, end);
        let lead = inner.chars().take_while(|c| c.is_whitespace()).count();
        let trail = inner
            .chars()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        Span::new(span.start + lead, end.saturating_sub(trail))
    }

    /// Line chunks: the code point ranges between line ends (`\n`, `\r\n`,
    /// `\r`), line ends excluded. Empty lines give empty ranges, so the
    /// renderer can keep them as blank blocks.
    pub fn lines(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut cp = 0;
        let mut chars = self.s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\n' => {
                    out.push((start, cp));
                    start = cp + 1;
                }
                '\r' => {
                    out.push((start, cp));
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                        cp += 1;
                    }
                    start = cp + 1;
                }
                _ => {}
            }
            cp += 1;
        }
        out.push((start, cp));
        out
    }
}
