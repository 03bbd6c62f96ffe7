//! Types that would be themselves: a cycle of aliases (`A: $ref B`, `B: allOf [A]`, or
//! `A: {type: array, items: $ref A}`, as Rust type aliases cannot recurse at all) or of
//! unions holding each other directly (`A: oneOf [B]`, `B: oneOf [A]`: no value ends the
//! recursion, so decoding would never stop). Valid JSON Schema, but no Rust type holds them:
//! the first type of each such cycle is typed loosely, which ends it. Recursion through a
//! struct's fields is fine: the emitter boxes it.

use super::Lowerer;
use crate::model::TypeKind;
use crate::type_graph::{Refs, TypeGraph};

impl Lowerer<'_> {
    /// Ends every cycle among aliases and direct union alternatives at its first type (in name
    /// order), typed as any JSON value, with a note.
    pub(super) fn end_type_cycles(&mut self) {
        while let Some(cycle) = TypeGraph::new(&self.types, Refs::MadeOf).find_cycle() {
            let path = cycle.iter().chain(cycle.first()).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" -> ");
            let Some(first) = self.types.get(&cycle[0]).map(|t| t.pointer.clone()) else { return };
            let json = self.loose(
                &first,
                format_args!("the schema is itself through {path} (aliases and `oneOf`/`anyOf` alternatives), which no Rust type can hold; any JSON value"),
            );
            if let Some(def) = self.types.get_mut(&cycle[0]) {
                def.kind = TypeKind::Alias(json);
            }
        }
    }
}
