//! A small JSON reader and the string escaper every writer uses.
//!
//! One non-generic recursive-descent parser into a [`Value`] tree: far less
//! Wasm than a serde deserializer per shape. It accepts exactly RFC 8259
//! JSON (what `serde_json` accepts: no trailing commas, no comments, no lone
//! surrogates, no raw control characters in strings, no number that would
//! overflow an `f64`), refuses nesting deeper than [`MAX_DEPTH`] so hostile
//! input cannot exhaust the stack, names the line and column of every
//! problem, and never panics.

use std::collections::BTreeMap;
use std::fmt::{self, Write};

/// Arrays and objects nested deeper than this are refused (serde_json's
/// limit: 127 levels are read, the 128th is not).
pub const MAX_DEPTH: usize = 128;

/// An object's members by key; of a key given twice the last value counts.
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
