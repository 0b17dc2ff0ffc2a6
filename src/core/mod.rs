//! The framework-free core. Every offset here counts Unicode code points
//! (scalar values), end exclusive; see [`text`] for the conversions to the
//! units other layers use.

pub mod editor;
pub mod export;
pub mod find;
pub mod import;
pub mod label;
pub mod model;
pub mod ops;
pub mod seed;
pub mod segment;
pub mod storage;
pub mod sync;
pub mod text;
