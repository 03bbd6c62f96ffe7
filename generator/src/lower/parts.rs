//! The parts of a split API ([`SplitBy`]): a cargo feature per tag, the operations each
//! compiles, and the types each reaches, so that a user of five operations compiles those
//! and what they need, not the whole API.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToKebabCase;

use crate::model::{ErrorModel, Operation, Output, Parts, TypeDef, TypeRef, Webhook};
use crate::settings::SplitBy;
use crate::type_graph::{Refs, TypeGraph};

/// The parts of the API of `operations` and `types`. The error type and the webhooks'
/// payloads belong to the client itself, so they and what they reach are in every build.
pub(crate) fn split(
    split: SplitBy,
    operations: &[Operation],
    types: &BTreeMap<String, TypeDef>,
    error: &ErrorModel,
    webhooks: &[Webhook],
) -> Parts {
    let SplitBy::Tags = split;
    let of_operation: Vec<Vec<String>> = operations.iter().map(features).collect();
    let features: Vec<String> = of_operation.iter().flatten().cloned().collect::<BTreeSet<_>>().into_iter().collect();
    let graph = TypeGraph::new(types, Refs::Anywhere);
    let nodes = |refs: Vec<&TypeRef>| refs.into_iter().filter_map(|ty| named(&graph, ty)).collect::<Vec<_>>();
    let always = graph.reached_from(nodes(
        std::iter::once(&error.ty).chain(webhooks.iter().filter_map(|w| w.payload.as_ref())).collect(),
    ));
    let mut reached_by: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); types.len()];
    for feature in &features {
        let ops = operations.iter().zip(&of_operation).filter(|(_, features)| features.contains(feature));
        let mut seeds = Vec::new();
        for (op, _) in ops {
            seeds.extend(nodes(roots(op)));
            seeds.extend(op.params_struct.as_deref().and_then(|name| graph.node(name)));
        }
        for (node, reached) in graph.reached_from(seeds).into_iter().enumerate() {
            if reached {
                reached_by[node].insert(feature);
            }
        }
    }
    let types = (reached_by.into_iter().enumerate())
        .filter(|(node, by)| !always[*node] && by.len() < features.len())
        .map(|(node, by)| (graph.name(node).to_owned(), by.into_iter().map(str::to_owned).collect()))
        .collect();
    let operations = operations.iter().map(|op| op.operation_id.clone()).zip(of_operation).collect();
    Parts { features, operations, types }
}

/// The features of `op`: one per tag, or its path's first segment's when it has none.
fn features(op: &Operation) -> Vec<String> {
    let mut features: Vec<String> = op.tags.iter().map(|tag| feature("tag", tag)).collect();
    if features.is_empty() {
        let segment = op.path.split('/').find(|s| !s.is_empty() && !s.starts_with('{')).unwrap_or("root");
        features.push(feature("path", segment));
    }
    features.sort();
    features.dedup();
    features
}

/// `<kind>-<name>` as a cargo feature name: lowercase ASCII letters, digits and dashes.
fn feature(kind: &str, name: &str) -> String {
    let name: String = name.to_kebab_case().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    let name = name.trim_matches('-');
    if name.is_empty() { format!("{kind}-unnamed") } else { format!("{kind}-{name}") }
}

/// The types `op` names: its parameters, body, answers, events and pages (its parameters
/// struct aside).
fn roots(op: &Operation) -> Vec<&TypeRef> {
    let mut roots: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
    roots.extend(op.body.iter().map(|b| &b.ty));
    roots.extend(op.success.iter().filter_map(|r| r.ty.as_ref()));
    roots.extend(op.errors.iter().filter_map(|e| e.ty.as_ref()));
    roots.extend(op.events.iter().map(|e| &e.item));
    roots.extend(op.pagination.iter().map(|p| &p.item));
    match &op.output {
        Output::Body(_) => {}
        Output::Statuses { headers, .. } => roots.extend(headers.iter().flat_map(|(_, h)| h.iter().map(|h| &h.ty))),
        Output::WithHeaders { headers, .. } => roots.extend(headers.iter().map(|h| &h.ty)),
    }
    roots
}

/// The node of the named type inside `ty` (through lists and maps).
fn named(graph: &TypeGraph<'_>, ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named(graph, inner),
        other => graph.node_of(other),
    }
}
