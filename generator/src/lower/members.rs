//! Names of what the generated code adds around the spec's things, chosen here with every
//! other name rather than in the emitters: each optional field's setter, and each
//! operation's mock call struct and mock server method. Each is claimed in its namespace,
//! against the names the generated code has there anyway.

use std::collections::BTreeMap;

use crate::model::{Operation, TypeDef, TypeKind};
use crate::naming::{Claims, MOCK_ITEMS, MOCK_SERVER_METHODS, STRUCT_METHODS, type_name};

/// Names the setter of every optional field (and of a map that collects the rest), per struct.
pub(super) fn name_setters(types: &mut BTreeMap<String, TypeDef>) {
    for def in types.values_mut() {
        let TypeKind::Struct(fields) = &mut def.kind else { continue };
        let mut methods = Claims::reserving(STRUCT_METHODS);
        for field in fields.iter_mut().filter(|f| !f.required || f.collects_rest()) {
            field.setter = Some(methods.claim_name(&field.rust_name));
        }
    }
}

/// Names each operation's mock call struct and mock server method, in operation order.
pub(super) fn name_mocks(operations: &mut [Operation]) {
    let mut calls = Claims::reserving(MOCK_ITEMS);
    let mut methods = Claims::reserving(MOCK_SERVER_METHODS);
    for op in operations {
        op.mock = (calls.claim(&type_name(&op.operation_id)), methods.claim_name(&op.method_name));
    }
}
