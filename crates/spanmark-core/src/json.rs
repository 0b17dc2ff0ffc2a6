//! JSON for every format and stored value: serde_json, with one formatter
//! and a few reading helpers that every reader and writer shares.
//!
//! Writing goes through [`to_string`] (compact), [`to_string_pretty`]
//! (two-space indents) and [`to_string_lines`] (compact, with the records of
//! one array on lines of their own: Label Studio's tasks and results, the
//! W3C page's items, so a person can read and diff an export), which are
//! serde_json's printers with [`Formatter`]:
//! serde_json escapes only what JSON requires, and spanmark has always also
//! escaped U+0085, U+2028 and U+2029 (so a JSONL line stays one line even
//! for readers that split with Python's `str.splitlines`) and written
//! backspace and form feed as `\u0008` and `\u000c`. Every export and stored value was
//! written so before serde, and golden files hold them byte for byte: the
//! formatter keeps those bytes.
//!
//! Reading: [`head`] checks that a text is JSON (serde_json's recursion
//! limit of 128 holds everywhere, so deep input is an error, never a stack
//! overflow) and picks out the members that decide how the rest is read, so
//! that a reader can say "newer version" or "not ours" before judging shapes;
//! [`read`] then deserializes the derived format structs and names the path,
//! line and column of the first value of the wrong shape.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, PrettyFormatter};
use serde_json::Value;

pub use serde_path_to_error::Segment;

/// serde_json's formatter `F` (compact or pretty) with spanmark's string
/// escapes; see the module doc.
pub struct Formatter<F>(F);

impl Formatter<CompactFormatter> {
    pub fn compact() -> Self {
        Formatter(CompactFormatter)
    }
}

impl Formatter<PrettyFormatter<'static>> {
    /// Two spaces per level, as `serde_json::to_string_pretty`.
    pub fn pretty() -> Self {
        Formatter(PrettyFormatter::with_indent(b"  "))
    }
}

/// The line separators escaped beyond what JSON requires.
fn line_separator(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for Formatter<F> {
    fn write_string_fragment<W>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        let mut rest = fragment;
        while let Some((i, c)) = rest.char_indices().find(|&(_, c)| line_separator(c)) {
            writer.write_all(&rest.as_bytes()[..i])?;
            writer.write_all(match c {
                '\u{85}' => b"\\u0085",
                '\u{2028}' => b"\\u2028",
                _ => b"\\u2029",
            })?;
            rest = &rest[i + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn write_char_escape<W>(&mut self, writer: &mut W, escape: CharEscape) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        match escape {
            CharEscape::Backspace => writer.write_all(b"\\u0008"),
            CharEscape::FormFeed => writer.write_all(b"\\u000c"),
            other => self.0.write_char_escape(writer, other),
        }
    }

    // The layout is `F`'s: these are the methods PrettyFormatter overrides.

    fn begin_array<W>(&mut self, writer: &mut W) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        self.0.begin_array(writer)
    }

    fn end_array<W>(&mut self, writer: &mut W) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        self.0.end_array(writer)
    }

    fn begin_array_value<W>(&mut self, writer: &mut W, first: bool) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W>(&mut self, writer: &mut W) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        self.0.end_array_value(writer)
    }

    fn begin_object<W>(&mut self, writer: &mut W) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        self.0.begin_object(writer)
    }

    fn end_object<W>(&mut self, writer: &mut W) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        self.0.end_object(writer)
    }

    fn begin_object_key<W>(&mut self, writer: &mut W, first: bool) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W>(&mut self, writer: &mut W) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W>(&mut self, writer: &mut W) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W>(&mut self, writer: &mut W) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        self.0.end_object_value(writer)
    }
}

fn write<T, F>(value: &T, formatter: Formatter<F>) -> String
where
    T: ?Sized + Serialize,
    F: serde_json::ser::Formatter,
{
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    // Writing to a Vec cannot fail, and spanmark's shapes have string keys
    // only and no fallible Serialize impl: an error here is a bug.
    if let Err(e) = value.serialize(&mut ser) {
        debug_assert!(false, "serializing failed: {e}");
        return String::new();
    }
    // serde_json writes UTF-8 (its input is `str`s and ASCII).
    String::from_utf8(out).unwrap_or_default()
}

/// `value` as compact JSON, with spanmark's escapes.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> String {
    write(value, Formatter::compact())
}

/// `value` as JSON indented by two spaces, with spanmark's escapes.
pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> String {
    write(value, Formatter::pretty())
}

/// `value` as compact JSON laid out by `lines`, with spanmark's escapes.
pub fn to_string_lines<T: ?Sized + Serialize>(value: &T, lines: Lines) -> String {
    write(value, Formatter(LinesFormatter { lines, depth: 0 }))
}

/// Arrays whose items each start on a new line, by nesting depth (0 is the
/// outermost value; every array and object opened around a value adds one).
#[derive(Clone, Copy, Debug, Default)]
pub struct Lines {
    /// At this depth, a line break before each item.
    pub items_at: Option<usize>,
    /// Also here, and there a line break before the closing `]` too (even
    /// of an empty array).
    pub items_and_close_at: Option<usize>,
}

/// Compact JSON with [`Lines`]'s line breaks.
struct LinesFormatter {
    lines: Lines,
    /// Arrays and objects open around the next token.
    depth: usize,
}

impl serde_json::ser::Formatter for LinesFormatter {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.lines.items_and_close_at == Some(self.depth) {
            w.write_all(b"\n")?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        // `depth` counts the array whose item this is.
        let here = Some(self.depth - 1);
        if self.lines.items_at == here || self.lines.items_and_close_at == here {
            w.write_all(b"\n")?;
        }
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        w.write_all(b"}")
    }
}

// ---------------------------------------------------------------------------
// Reading.

/// What a JSON value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    /// "null", "a boolean", …, "an object", for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// The top of a JSON text, read by [`head`].
#[derive(Clone, Debug, PartialEq)]
pub struct Head {
    pub kind: Kind,
    /// The members `format` and `version` of a top-level object (of a key
    /// given twice, the last, as serde_json's `Value` keeps it).
    pub format: Option<Value>,
    pub version: Option<Value>,
}

/// Checks that `text` is one JSON value (nothing but whitespace after it,
/// nested at most 127 deep) and reads its [`Head`]. No tree is built: a
/// reader that goes on to [`read`] holds the text's strings once.
pub fn head(text: &str) -> Result<Head, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let head = de.deserialize_any(Walk { top: true })?;
    de.end()?;
    Ok(head)
}

/// Visits any value, going down into arrays and objects through
/// `deserialize_any` so that serde_json's recursion limit applies: it skips
/// an `IgnoredAny` without counting depth, which would let through nesting
/// that `serde_json::Value` refuses. At the top, keeps `format` and
/// `version`.
struct Walk {
    top: bool,
}

/// A value visited and dropped.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Walk { top: false }).map(|_| Skip)
    }
}

impl Walk {
    fn leaf(kind: Kind) -> Head {
        Head {
            kind,
            format: None,
            version: None,
        }
    }
}

impl<'de> Visitor<'de> for Walk {
    type Value = Head;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Head, E> {
        Ok(Walk::leaf(Kind::Bool))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Head, E> {
        Ok(Walk::leaf(Kind::Number))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Head, E> {
        Ok(Walk::leaf(Kind::Number))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Head, E> {
        Ok(Walk::leaf(Kind::Number))
    }

    fn visit_str<E>(self, _: &str) -> Result<Head, E> {
        Ok(Walk::leaf(Kind::String))
    }

    fn visit_unit<E>(self) -> Result<Head, E> {
        Ok(Walk::leaf(Kind::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Head, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Walk::leaf(Kind::Array))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head, A::Error> {
        let mut head = Walk::leaf(Kind::Object);
        if !self.top {
            while map.next_key::<IgnoredAny>()?.is_some() {
                map.next_value::<Skip>()?;
            }
            return Ok(head);
        }
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => head.format = Some(map.next_value()?),
                "version" => head.version = Some(map.next_value()?),
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(head)
    }
}

/// Why a text did not deserialize: serde's message, and where.
#[derive(Clone, Debug)]
pub struct ShapeError {
    /// The value at fault, e.g. `documents[3].annotations[12].start`; empty
    /// for the top-level value.
    pub path: Vec<Segment>,
    /// What is wrong, e.g. "invalid type: string \"6\", expected a whole
    /// number ≥ 0" or "missing field `start`".
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// "missing field `start` (at documents[3].annotations[12], line 1 column
/// 940)".
impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        f.write_str(" (")?;
        if !self.path.is_empty() {
            write!(f, "at {}, ", self.path())?;
        }
        write!(f, "line {} column {})", self.line, self.column)
    }
}

impl ShapeError {
    /// The path as `documents[3].annotations[12].start`.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for s in &self.path {
            if !matches!(s, Segment::Seq { .. }) && !out.is_empty() {
                out.push('.');
            }
            out.push_str(&s.to_string());
        }
        out
    }
}

/// Deserializes `text` as `T`, which must be a JSON object; on failure
/// names the path, line and column of the first value of the wrong shape.
pub fn read<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, ShapeError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize::<_, Obj<T>>(&mut de).map_err(|e| {
        let path = e.path().iter().cloned().collect();
        shape_error(path, e.into_inner())
    })?;
    de.end().map_err(|e| shape_error(Vec::new(), e))?;
    Ok(value.0)
}

fn shape_error(path: Vec<Segment>, e: serde_json::Error) -> ShapeError {
    // serde_json's message is "<what> at line L column C"; the position is
    // given apart.
    let full = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&position).unwrap_or(&full).to_string();
    ShapeError {
        path,
        message,
        line: e.line(),
        column: e.column(),
    }
}

/// A `T` read only from a JSON object: serde's derived structs also accept
/// an array of their fields in order, which no spanmark format allows.
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ObjVisitor(PhantomData))
    }
}

struct ObjVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjVisitor<T> {
    type Value = Obj<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Obj<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Obj)
    }
}

/// `deserialize_with` for a list of records: each must be an object.
pub fn objects<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_seq(Objects(PhantomData))
}

struct Objects<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for Objects<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::new();
        while let Some(Obj(item)) = seq.next_element()? {
            out.push(item);
        }
        Ok(out)
    }
}

/// `deserialize_with` for an object of records by key: each must be an
/// object.
pub fn object_values<'de, D, T>(d: D) -> Result<BTreeMap<String, T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let m = BTreeMap::<String, Obj<T>>::deserialize(d)?;
    Ok(m.into_iter().map(|(k, o)| (k, o.0)).collect())
}

/// `deserialize_with` for an offset or count: a whole number ≥ 0, named so
/// in messages (rather than serde's "usize").
pub fn uint<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    d.deserialize_u64(Uint)
}

struct Uint;

impl Visitor<'_> for Uint {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number ≥ 0")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        usize::try_from(v).map_err(|_| E::custom(format!("the number {v} is too large")))
    }
}

/// `deserialize_with` (with `default`) for an optional member: absent is
/// `None`, but when present it must be a `T`. (A plain `Option` would read
/// `null` as absent; the formats' schemas allow no `null` there.)
pub fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}
