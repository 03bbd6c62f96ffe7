//! The graph of a module's named types: which type refers to which, under one of three rules
//! ([`Refs`]), and the walks lowering and emitting need over it. One graph, so that the two
//! agree on what refers to what. Every walk keeps its own stack: deep specs cannot overflow
//! the call stack, and each costs time linear in the size of the graph.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{TypeDef, TypeKind, TypeRef};

/// Which references are edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refs {
    /// What a type is made of with no struct in between: everything an alias names (inside
    /// lists and maps too) and the alternatives a union holds directly.
    MadeOf,
    /// What a type holds by value: the types that struct fields, an alias or union
    /// alternatives name directly, not in a list or a map.
    ByValue,
    /// Every type named anywhere in a struct, an alias or a union, lists and maps included.
    Anywhere,
}

/// The named types as nodes in name order, with their edges under one [`Refs`] rule.
/// References to names that are not types are not edges.
pub(crate) struct TypeGraph<'t> {
    names: Vec<&'t str>,
    index: BTreeMap<&'t str, usize>,
    edges: Vec<Vec<usize>>,
}

impl<'t> TypeGraph<'t> {
    pub(crate) fn new(types: &'t BTreeMap<String, TypeDef>, refs: Refs) -> Self {
        let names: Vec<&str> = types.keys().map(String::as_str).collect();
        let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, name)| (*name, i)).collect();
        let edges = types
            .values()
            .map(|def| referred(def, refs).into_iter().filter_map(|name| index.get(name).copied()).collect())
            .collect();
        Self { names, index, edges }
    }

    /// The node of type `name`.
    pub(crate) fn node(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The node a type reference names directly, if it names a type.
    pub(crate) fn node_of(&self, ty: &TypeRef) -> Option<usize> {
        match ty {
            TypeRef::Named(name) => self.node(name),
            _ => None,
        }
    }

    /// A cycle, as the names along it, found by a depth-first search that starts from each
    /// type in name order; `None` when there is none.
    pub(crate) fn find_cycle(&self) -> Option<Vec<String>> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            Open,
            Done,
        }
        let mut state = vec![State::New; self.names.len()];
        for start in 0..self.names.len() {
            if state[start] != State::New {
                continue;
            }
            // The path of open nodes, each with the successors still to visit.
            let mut path: Vec<(usize, Vec<usize>)> = vec![(start, self.edges[start].clone())];
            state[start] = State::Open;
            while let Some((node, next)) = path.last_mut() {
                let node = *node;
                match next.pop() {
                    Some(succ) => match state[succ] {
                        State::Open => {
                            let from = path.iter().position(|(n, _)| *n == succ).unwrap_or(0);
                            return Some(path[from..].iter().map(|(n, _)| self.names[*n].to_owned()).collect());
                        }
                        State::New => {
                            state[succ] = State::Open;
                            path.push((succ, self.edges[succ].clone()));
                        }
                        State::Done => {}
                    },
                    None => {
                        state[node] = State::Done;
                        path.pop();
                    }
                }
            }
        }
        None
    }

    /// The strongly connected component of each node, by number (Kosaraju: finish order on
    /// the graph, then assignment on the reversed graph).
    pub(crate) fn components(&self) -> Vec<usize> {
        let n = self.edges.len();
        let mut order = Vec::with_capacity(n);
        let mut visited = vec![false; n];
        for start in 0..n {
            if visited[start] {
                continue;
            }
            visited[start] = true;
            let mut stack = vec![(start, 0usize)];
            while let Some((node, next)) = stack.pop() {
                if let Some(&succ) = self.edges[node].get(next) {
                    stack.push((node, next + 1));
                    if !visited[succ] {
                        visited[succ] = true;
                        stack.push((succ, 0));
                    }
                } else {
                    order.push(node);
                }
            }
        }
        let reversed = self.reversed();
        let mut component = vec![usize::MAX; n];
        for (count, &root) in order.iter().rev().enumerate() {
            if component[root] != usize::MAX {
                continue;
            }
            component[root] = count;
            let mut stack = vec![root];
            while let Some(node) = stack.pop() {
                for &pred in &reversed[node] {
                    if component[pred] == usize::MAX {
                        component[pred] = count;
                        stack.push(pred);
                    }
                }
            }
        }
        component
    }

    /// `seeds` and every type that refers to one of them, directly or through others: found
    /// by walking the edges backwards.
    pub(crate) fn referring_to<'s>(&self, seeds: impl IntoIterator<Item = &'s str>) -> BTreeSet<String> {
        let seeds = seeds.into_iter().filter_map(|name| self.node(name));
        let reached = walk(&self.reversed(), seeds);
        reached.iter().zip(&self.names).filter(|(reached, _)| **reached).map(|(_, name)| (*name).to_owned()).collect()
    }

    /// Whether each node, by number, is one of `seeds` or is referred to from one of them,
    /// directly or through others.
    pub(crate) fn reached_from(&self, seeds: impl IntoIterator<Item = usize>) -> Vec<bool> {
        walk(&self.edges, seeds)
    }

    /// The name of node `node`.
    pub(crate) fn name(&self, node: usize) -> &'t str {
        self.names[node]
    }

    fn reversed(&self) -> Vec<Vec<usize>> {
        let mut reversed = vec![Vec::new(); self.edges.len()];
        for (from, succs) in self.edges.iter().enumerate() {
            for &to in succs {
                reversed[to].push(from);
            }
        }
        reversed
    }
}

/// Whether each node is one of `seeds` or reached from one along `edges`.
fn walk(edges: &[Vec<usize>], seeds: impl IntoIterator<Item = usize>) -> Vec<bool> {
    let mut pending: Vec<usize> = seeds.into_iter().collect();
    let mut reached = vec![false; edges.len()];
    while let Some(node) = pending.pop() {
        if !std::mem::replace(&mut reached[node], true) {
            pending.extend(&edges[node]);
        }
    }
    reached
}

/// The names `def` refers to under `refs`, in the order it names them.
fn referred(def: &TypeDef, refs: Refs) -> Vec<&str> {
    fn named<'t>(ty: &'t TypeRef, deep: bool, out: &mut Vec<&'t str>) {
        match ty {
            TypeRef::Named(name) => out.push(name),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) if deep => named(inner, deep, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    let deep = refs != Refs::ByValue;
    match &def.kind {
        TypeKind::Struct(fields) if refs != Refs::MadeOf => fields.iter().for_each(|f| named(&f.ty, deep, &mut out)),
        TypeKind::Alias(target) => named(target, deep, &mut out),
        TypeKind::Union { variants, .. } => {
            let deep = refs == Refs::Anywhere;
            variants.iter().for_each(|v| named(&v.ty, deep, &mut out));
        }
        TypeKind::Struct(_) | TypeKind::Enum { .. } => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;

    fn types(defs: &[(&str, TypeKind)]) -> BTreeMap<String, TypeDef> {
        defs.iter().map(|(name, kind)| ((*name).to_owned(), TypeDef::plain(name, kind.clone()))).collect()
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    #[test]
    fn components_group_cycles_only() {
        // A -> B -> C -> A is a cycle; D -> A is not part of it; E holds itself.
        let types = types(&[
            ("A", TypeKind::Alias(named("B"))),
            ("B", TypeKind::Alias(named("C"))),
            ("C", TypeKind::Alias(named("A"))),
            ("D", TypeKind::Alias(named("A"))),
            ("E", TypeKind::Alias(named("E"))),
        ]);
        let graph = TypeGraph::new(&types, Refs::ByValue);
        let c = graph.components();
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[4], c[3]);
        assert_eq!(graph.find_cycle(), Some(vec!["A".to_owned(), "B".to_owned(), "C".to_owned()]));
    }

    #[test]
    fn the_rules_differ_in_what_a_struct_and_a_list_refer_to() {
        let types = types(&[
            ("List", TypeKind::Alias(TypeRef::Vec(Box::new(named("Item"))))),
            ("Item", TypeKind::Struct(vec![Field::plain("next", named("List"), true)])),
        ]);
        // Through the struct, the two are a cycle of containment, but not of "made of".
        assert_eq!(TypeGraph::new(&types, Refs::MadeOf).find_cycle(), None);
        assert!(TypeGraph::new(&types, Refs::Anywhere).find_cycle().is_some());
        // By value, the list holds no `Item` directly.
        let by_value = TypeGraph::new(&types, Refs::ByValue);
        assert_eq!(by_value.referring_to(["Item"]), BTreeSet::from(["Item".to_owned()]));
        let anywhere = TypeGraph::new(&types, Refs::Anywhere);
        assert_eq!(anywhere.referring_to(["Item"]), BTreeSet::from(["Item".to_owned(), "List".to_owned()]));
    }
}
