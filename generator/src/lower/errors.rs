//! The error body every operation decodes its error responses into.

use std::collections::BTreeSet;

use super::Lowerer;
use super::operations::Lowered;
use crate::error::{Error, Result};
use crate::model::{ErrorModel, FieldPath, TypeKind, TypeRef};

impl Lowerer<'_> {
    /// One error type for the API: the schema every error response shares, or JSON when they
    /// differ (so no error body is ever rejected), with the code and message the settings name.
    pub(super) fn error_model(&self, operations: &[Lowered]) -> Result<ErrorModel> {
        let distinct: BTreeSet<&TypeRef> = operations.iter().flat_map(|(_, errors)| errors).collect();
        let ty = match distinct.into_iter().collect::<Vec<_>>().as_slice() {
            [one] => (*one).clone(),
            _ => TypeRef::Json,
        };
        let Some(fields) = &self.settings.error else {
            return Ok(ErrorModel { ty, code: None, message: None });
        };
        let code = self.field_path(&ty, &fields.code)?;
        let message = self.field_path(&ty, &fields.message)?;
        if message.ty != TypeRef::String {
            return Err(
                self.settings_error(format!("the error message `{}` must be a string property", fields.message))
            );
        }
        Ok(ErrorModel { ty, code: Some(code), message: Some(message) })
    }

    /// Walks a dotted property path (`error.code`) from `ty` through struct fields.
    fn field_path(&self, ty: &TypeRef, dotted: &str) -> Result<FieldPath> {
        let mut current = ty.clone();
        let mut steps = Vec::new();
        for step in dotted.split('.') {
            let fields = match &current {
                TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(fields)) => fields,
                    _ => {
                        return Err(self.settings_error(format!(
                            "the error field `{dotted}` passes through `{name}`, which is not an object"
                        )));
                    }
                },
                TypeRef::Json => {
                    return Err(self.settings_error(format!(
                        "the settings name the error field `{dotted}`, but the error responses do not share one schema"
                    )));
                }
                _ => {
                    return Err(self.settings_error(format!(
                        "the error field `{dotted}` passes through a value that is not an object"
                    )));
                }
            };
            let Some(field) = fields.iter().find(|f| f.wire_name == step) else {
                return Err(self.settings_error(format!("the error response has no property `{step}` (in `{dotted}`)")));
            };
            steps.push((field.rust_name.clone(), !field.required || field.nullable));
            current = field.ty.clone();
        }
        Ok(FieldPath { steps, ty: current })
    }

    fn settings_error(&self, message: String) -> Error {
        Error::Invalid {
            location: self.at("/components"),
            message: format!("{message}; fix `error` in the codegen settings"),
        }
    }
}
