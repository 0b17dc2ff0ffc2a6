//! Ids for what a file gives none. The app makes `d-<time>-<random>` and
//! `a-<time>-<random>`; the CLI's output must not depend on the clock or
//! chance, so new ids count: `d-1`, `d-2`, … for the documents of one
//! export, in order, and `a-1`, `a-2`, … for the annotations of each
//! document, in file order; an id a file already uses is skipped, so a new
//! id never takes the place of a kept one.

use std::collections::HashSet;

/// Makes `<prefix>-<n>` ids, `n` counting from 1, skipping `used`.
pub struct Counter {
    next: usize,
    used: HashSet<String>,
}

impl Counter {
    pub fn new(used: impl IntoIterator<Item = String>) -> Counter {
        Counter {
            next: 0,
            used: used.into_iter().collect(),
        }
    }

    pub fn make(&mut self, prefix: &str) -> String {
        loop {
            self.next += 1;
            let id = format!("{prefix}-{}", self.next);
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}
