//! The error body every operation decodes its error responses into.

use std::collections::BTreeSet;

use super::Lowerer;
use crate::error::{Error, Result};
use crate::model::{ErrorModel, FieldPath, Operation, TypeKind, TypeRef};
use crate::pointer::Pointer;

impl Lowerer<'_> {
    /// One error type for the API: the schema every error response shares, or JSON when they
    /// differ (so no error body is ever rejected), with the code and message the settings name.
    /// A path this spec's error schema lacks is left unused (it may name another version's).
    pub(super) fn error_model(&mut self, operations: &[Operation]) -> Result<ErrorModel> {
        let distinct: BTreeSet<&TypeRef> =
            operations.iter().flat_map(|op| &op.errors).filter_map(|e| e.ty.as_ref()).collect();
        let ty = match distinct.into_iter().collect::<Vec<_>>().as_slice() {
            [one] => self.error_body_type(one),
            _ => TypeRef::Json,
        };
        let Some(fields) = self.settings.error.clone() else {
            return Ok(ErrorModel { ty, code: None, message: None });
        };
        let code = self.field_path(&ty, &fields.code);
        let message = self.field_path(&ty, &fields.message);
        if let Some(message) = &message {
            if message.ty != TypeRef::String {
                return Err(
                    self.settings_error(format!("the error message `{}` must be a string property", fields.message))
                );
            }
        }
        for (entry, path) in [("error.code", &code), ("error.message", &message)] {
            if path.is_some() {
                let value = if entry == "error.code" { &fields.code } else { &fields.message };
                self.used.insert(format!("{entry}: {value}"));
            }
        }
        Ok(ErrorModel { ty, code, message })
    }

    /// The type errors decode into: a struct or enum (the generated code says where its code
    /// and message are; an alias is followed to it), text (a string is the message), or else
    /// any JSON.
    fn error_body_type(&self, ty: &TypeRef) -> TypeRef {
        match ty {
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(_) | TypeKind::Enum { .. }) => ty.clone(),
                Some(TypeKind::Alias(target)) => self.error_body_type(target),
                _ => TypeRef::Json,
            },
            TypeRef::String | TypeRef::Text => TypeRef::String,
            _ => TypeRef::Json,
        }
    }

    /// Walks a dotted property path (`error.code`) from `ty` through struct fields; `None`
    /// when this spec's error body has no such path.
    fn field_path(&self, ty: &TypeRef, dotted: &str) -> Option<FieldPath> {
        let mut current = ty.clone();
        let mut steps = Vec::new();
        let mut wire = Vec::new();
        for step in dotted.split('.') {
            let TypeRef::Named(name) = &current else { return None };
            let Some(TypeKind::Struct(fields)) = self.types.get(name).map(|t| &t.kind) else { return None };
            let field = fields.iter().find(|f| f.wire_name == step)?;
            steps.push((field.rust_name.clone(), !field.required || field.nullable));
            wire.push(field.wire_name.clone());
            current = field.ty.clone();
        }
        Some(FieldPath { steps, wire, ty: current })
    }

    fn settings_error(&self, message: String) -> Error {
        Error::Invalid {
            location: self.at(&Pointer::root().child("components")),
            message: format!("{message}; fix `error` in the codegen settings"),
        }
    }
}
