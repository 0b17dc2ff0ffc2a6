//! The framework-free core. Every offset here counts Unicode code points
//! (scalar values), end exclusive; see [`text`] for the conversions to the
//! units other layers use.

pub mod cursor;
pub mod editor;
pub mod export;
pub mod find;
pub mod import;
pub mod json;
pub mod label;
pub mod model;
pub mod ops;
pub mod seed;
pub mod segment;
pub mod storage;
pub mod sync;
pub mod text;
pub mod theme;

/// The indices of `keys` in ascending key order, ties by index (so the
/// result is what a stable sort gives). Every keyed sort in the core goes
/// through this one sort instance: each distinct `sort_by_key` closure
/// would add its own copy of the sort code to the Wasm.
pub(crate) fn order_by(keys: impl Iterator<Item = [usize; 3]>) -> Vec<usize> {
    let mut v: Vec<([usize; 3], usize)> = keys.zip(0..).collect();
    v.sort_unstable();
    v.into_iter().map(|(_, i)| i).collect()
}
