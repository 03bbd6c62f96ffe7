//! Types that would be themselves: a cycle of aliases (`A: $ref B`, `B: allOf [A]`, or
//! `A: {type: array, items: $ref A}`, as Rust type aliases cannot recurse at all) or of
//! unions holding each other directly (`A: oneOf [B]`, `B: oneOf [A]`: no value ends the
//! recursion, so decoding would never stop). Such specs are refused, naming the cycle.
//! Recursion through a struct's fields is fine: the emitter boxes it.

use super::Lowerer;
use crate::error::Result;
use crate::type_graph::{Refs, TypeGraph};

impl Lowerer<'_> {
    /// Fails on the first cycle among aliases and direct union alternatives, at the schema
    /// of the type that starts it (in name order).
    pub(super) fn check_type_cycles(&self) -> Result<()> {
        match TypeGraph::new(&self.types, Refs::MadeOf).find_cycle() {
            Some(cycle) => {
                let first = &self.types[&cycle[0]];
                let path = cycle.iter().chain(cycle.first()).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" -> ");
                Err(self.invalid(
                    &first.pointer,
                    format!("the schema is itself through {path} (aliases and `oneOf`/`anyOf` alternatives), so no Rust type can hold it; make one of them an object"),
                ))
            }
            None => Ok(()),
        }
    }
}
