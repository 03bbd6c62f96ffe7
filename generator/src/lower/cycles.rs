//! Types that would be themselves: a cycle of aliases (`A: $ref B`, `B: allOf [A]`, or
//! `A: {type: array, items: $ref A}`, as Rust type aliases cannot recurse at all) or of
//! unions holding each other directly (`A: oneOf [B]`, `B: oneOf [A]`: no value ends the
//! recursion, so decoding would never stop). Such specs are refused, naming the cycle.
//! Recursion through a struct's fields is fine: the emitter boxes it.

use std::collections::BTreeMap;

use super::Lowerer;
use crate::error::Result;
use crate::model::{TypeDef, TypeKind, TypeRef};

impl Lowerer<'_> {
    /// Fails on the first cycle among aliases and direct union alternatives, at the schema
    /// of the type that starts it (in name order).
    pub(super) fn check_type_cycles(&self) -> Result<()> {
        match find_cycle(&self.types) {
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

/// The names a type is "made of" without a struct in between: everything an alias names
/// (inside lists and maps too), and the alternatives a union holds directly.
fn made_of(def: &TypeDef) -> Vec<&str> {
    fn named<'t>(ty: &'t TypeRef, deep: bool, out: &mut Vec<&'t str>) {
        match ty {
            TypeRef::Named(name) => out.push(name),
            TypeRef::Vec(inner) | TypeRef::Map(inner) if deep => named(inner, deep, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Alias(target) => named(target, true, &mut out),
        TypeKind::Union { variants, .. } => variants.iter().for_each(|v| named(&v.ty, false, &mut out)),
        TypeKind::Struct(_) | TypeKind::Enum { .. } => {}
    }
    out
}

/// A cycle in the "made of" graph, as the names along it, by an iterative depth-first search.
fn find_cycle(types: &BTreeMap<String, TypeDef>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state: BTreeMap<&str, State> = types.keys().map(|k| (k.as_str(), State::New)).collect();
    for start in types.keys() {
        if state[start.as_str()] != State::New {
            continue;
        }
        // The path of open nodes, each with the successors still to visit.
        let mut path: Vec<(&str, Vec<&str>)> = vec![(start, made_of(&types[start]))];
        state.insert(start, State::Open);
        while let Some((node, next)) = path.last_mut() {
            let node = *node;
            match next.pop() {
                Some(succ) => match state.get(succ).copied() {
                    Some(State::Open) => {
                        let from = path.iter().position(|(n, _)| *n == succ).unwrap_or(0);
                        return Some(path[from..].iter().map(|(n, _)| (*n).to_owned()).collect());
                    }
                    Some(State::New) => {
                        state.insert(succ, State::Open);
                        path.push((succ, made_of(&types[succ])));
                    }
                    _ => {}
                },
                None => {
                    state.insert(node, State::Done);
                    path.pop();
                }
            }
        }
    }
    None
}
