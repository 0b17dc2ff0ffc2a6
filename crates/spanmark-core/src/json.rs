//! JSON for every format and stored value: serde_json, with one formatter
//! and a few reading helpers that every reader and writer shares.
//!
//! Writing goes through [`to_string`] (compact) and [`to_string_pretty`]
//! (two-space indents), which are serde_json's printers with [`Formatter`]:
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
use std::fmt::{self, Write as _};
use std::io;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, PrettyFormatter};

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
    pub format: Option<serde_json::Value>,
    pub version: Option<serde_json::Value>,
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

// ---------------------------------------------------------------------------
// The hand-written reader and escaper, until every reader and writer has moved.

/// An object's members by key; of a key given twice the last value counts.
/// Arrays and objects nested deeper than this are refused (serde_json's
/// limit: 127 levels are read, the 128th is not).
pub const MAX_DEPTH: usize = 128;

pub type Map = BTreeMap<String, Value>;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A number as written in the input: the readers here only ever need whole
/// numbers ([`Number::as_u64`]) and the literal for messages, so no float
/// parsing code is carried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number(Box<str>);

impl Number {
    /// The number as written, e.g. `12`, `-0.5e3`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value when it is written as a whole number ≥ 0 (no sign, fraction
    /// or exponent) that fits a `u64`, as serde_json's `as_u64`.
    pub fn as_u64(&self) -> Option<u64> {
        if self.0.bytes().all(|b| b.is_ascii_digit()) {
            self.0.parse().ok()
        } else {
            None
        }
    }
}

impl Value {
    /// The member `key` of an object; `None` for a missing key or a value
    /// that is not an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// Appends the value as compact JSON.
    pub fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n.as_str()),
            Value::String(s) => push_str(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Value::Object(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_str(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Compact JSON, for messages that quote a value.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write(&mut s);
        f.write_str(&s)
    }
}

/// Why a text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    what: &'static str,
    line: usize,
    column: usize,
}

impl Error {
    /// What is wrong, without the position.
    pub fn what(&self) -> &'static str {
        self.what
    }
}

/// "expected `:` at line 3 column 7", as serde_json words it.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.what, self.line, self.column
        )
    }
}

/// Reads one JSON value; only whitespace may follow it.
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut p = Parser {
        src: text,
        s: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    let v = p.value()?;
    p.ws();
    if p.i < p.s.len() {
        p.i += 1;
        return Err(p.err("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    src: &'a str,
    s: &'a [u8],
    i: usize,
    depth: usize,
}

/// The leading digits of the midpoint between `f64::MAX` and 2^1024: a
/// number of 309 integer digits below it is finite, above it overflows.
const F64_LIMIT: &[u8] = b"1797693134862315807937";

impl Parser<'_> {
    /// An error at the current position; the column counts bytes from 1,
    /// and an error at the end of a line points just past it.
    #[cold]
    fn err(&self, what: &'static str) -> Error {
        let upto = &self.s[..self.i.min(self.s.len())];
        let line = 1 + upto.iter().filter(|&&b| b == b'\n').count();
        let column = match upto.iter().rposition(|&b| b == b'\n') {
            Some(nl) => upto.len() - nl - 1,
            None => upto.len(),
        };
        Error { what, line, column }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Result<Value, Error> {
        self.ws();
        let Some(c) = self.peek() else {
            return Err(self.err("EOF while parsing a value"));
        };
        match c {
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth >= MAX_DEPTH {
                    self.i += 1;
                    return Err(self.err("recursion limit exceeded"));
                }
                self.i += 1;
                let v = if c == b'{' {
                    self.object()
                } else {
                    self.array()
                };
                self.depth -= 1;
                v
            }
            b'"' => self.string().map(Value::String),
            b'-' | b'0'..=b'9' => self.number(),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Null),
            _ => {
                self.i += 1;
                Err(self.err("expected value"))
            }
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, Error> {
        for &b in word.as_bytes() {
            match self.peek() {
                Some(c) if c == b => self.i += 1,
                Some(_) => {
                    self.i += 1;
                    return Err(self.err("expected ident"));
                }
                None => return Err(self.err("EOF while parsing a value")),
            }
        }
        Ok(v)
    }

    /// After `[`.
    fn array(&mut self) -> Result<Value, Error> {
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                Some(_) => {
                    self.i += 1;
                    return Err(self.err("expected `,` or `]`"));
                }
                None => return Err(self.err("EOF while parsing a list")),
            }
        }
    }

    /// After `{`.
    fn object(&mut self) -> Result<Value, Error> {
        let mut m = Map::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Value::Object(m));
        }
        loop {
            self.ws();
            match self.peek() {
                Some(b'"') => {}
                Some(_) => {
                    self.i += 1;
                    return Err(self.err("key must be a string"));
                }
                None => return Err(self.err("EOF while parsing an object")),
            }
            let k = self.string()?;
            self.ws();
            match self.peek() {
                Some(b':') => self.i += 1,
                Some(_) => {
                    self.i += 1;
                    return Err(self.err("expected `:`"));
                }
                None => return Err(self.err("EOF while parsing an object")),
            }
            let v = self.value()?;
            m.insert(k, v);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(m));
                }
                Some(_) => {
                    self.i += 1;
                    return Err(self.err("expected `,` or `}`"));
                }
                None => return Err(self.err("EOF while parsing an object")),
            }
        }
    }

    /// At `"`. The input is a `str`, so every run between ASCII
    /// delimiters is valid UTF-8 and is copied as is.
    fn string(&mut self) -> Result<String, Error> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(&self.src[start..self.i]);
            let Some(c) = self.peek() else {
                return Err(self.err("EOF while parsing a string"));
            };
            self.i += 1;
            match c {
                b'"' => return Ok(out),
                b'\\' => self.escape(&mut out)?,
                _ => {
                    return Err(self
                        .err("control character (\\u0000-\\u001F) found while parsing a string"))
                }
            }
        }
    }

    /// After a backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let Some(c) = self.peek() else {
            return Err(self.err("EOF while parsing a string"));
        };
        self.i += 1;
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let n = self.hex4()?;
                let cp = match n {
                    0xDC00..=0xDFFF => return Err(self.err("lone leading surrogate in hex escape")),
                    0xD800..=0xDBFF => {
                        if self.peek() != Some(b'\\') {
                            self.i = (self.i + 1).min(self.s.len());
                            return Err(self.err("unexpected end of hex escape"));
                        }
                        self.i += 1;
                        if self.peek() != Some(b'u') {
                            self.i = (self.i + 1).min(self.s.len());
                            return Err(self.err("unexpected end of hex escape"));
                        }
                        self.i += 1;
                        let lo = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&lo) {
                            return Err(self.err("lone leading surrogate in hex escape"));
                        }
                        0x1_0000 + ((n - 0xD800) << 10) + (lo - 0xDC00)
                    }
                    n => n,
                };
                char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER)
            }
            _ => return Err(self.err("invalid escape")),
        };
        out.push(ch);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut n = 0;
        for _ in 0..4 {
            let Some(c) = self.peek() else {
                return Err(self.err("EOF while parsing a string"));
            };
            self.i += 1;
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(self.err("invalid escape")),
            };
            n = n * 16 + u32::from(d);
        }
        Ok(n)
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, refused when its
    /// magnitude is past `f64::MAX` (as serde_json does).
    fn number(&mut self) -> Result<Value, Error> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => {
                self.i = (self.i + 1).min(self.s.len());
                return Err(self.err("invalid number"));
            }
        }
        let int_end = self.i;
        let mut frac_end = int_end;
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                self.i = (self.i + 1).min(self.s.len());
                return Err(self.err("invalid number"));
            }
            frac_end = self.i;
        }
        let mut exp: i64 = 0;
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            let neg = match self.peek() {
                Some(b'-') => {
                    self.i += 1;
                    true
                }
                Some(b'+') => {
                    self.i += 1;
                    false
                }
                _ => false,
            };
            let e0 = self.i;
            if self.digits() == 0 {
                self.i = (self.i + 1).min(self.s.len());
                return Err(self.err("invalid number"));
            }
            for &d in &self.s[e0..self.i] {
                exp = exp.saturating_mul(10).saturating_add(i64::from(d - b'0'));
            }
            if neg {
                exp = -exp;
            }
        }
        // The significant digits, and the power of ten of the first one
        // plus one: the value is 0.d₁d₂… × 10^mag.
        let int = &self.s[int_start..int_end];
        let frac = if frac_end > int_end {
            &self.s[int_end + 1..frac_end]
        } else {
            &[]
        };
        let zeros = int.iter().chain(frac).take_while(|&&d| d == b'0').count();
        if zeros < int.len() + frac.len() {
            let mag = (int.len() as i64 - zeros as i64).saturating_add(exp);
            let overflows = mag > 309 || (mag == 309 && !below_limit(int, frac, zeros));
            if overflows {
                return Err(self.err("number out of range"));
            }
        }
        Ok(Value::Number(Number(self.src[start..self.i].into())))
    }
}

/// Whether 309 significant integer digits (the digits of `int` then `frac`
/// after `zeros` leading zeros) are below [`F64_LIMIT`].
fn below_limit(int: &[u8], frac: &[u8], zeros: usize) -> bool {
    let mut digits = int.iter().chain(frac).skip(zeros);
    for &l in F64_LIMIT {
        match digits.next() {
            Some(&d) if d < l => return true,
            Some(&d) if d > l => return false,
            Some(_) => {}
            None => return true,
        }
    }
    false
}

/// Characters written as escapes: those JSON requires, and the line
/// separators U+0085, U+2028 and U+2029, so that a JSONL line stays one line
/// even for readers that split with Python's `str.splitlines`.
fn escaped(c: char) -> bool {
    c < ' ' || matches!(c, '"' | '\\' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Appends `s` as a JSON string literal.
pub fn push_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut rest = s;
    while let Some(i) = rest.find(escaped) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or_default();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
    out.push('"');
}

/// Appends a whole number.
pub fn push_uint(out: &mut String, n: usize) {
    let _ = write!(out, "{n}");
}
