//! The arguments of each operation's command in the generated command line, chosen here
//! with every other name:
//! - **positionals**: the path parameters in path order, then the required scalar properties
//!   of the JSON body (string, number, boolean, enum) in the schema's order;
//! - **flags**: every other body property (`--kebab-case`; a list of scalars is a repeated
//!   flag named in the singular, an object or a list of objects takes JSON), and the query and
//!   header parameters, each claimed against the driver's own flags (`--body`, `--all`, ...).

use super::Lowerer;
use crate::model::{ArgPlace, ArgShape, CommandArg, Field, Operation, Param, ParamLocation, TypeKind, TypeRef};
use crate::naming::{Claims, kebab, shouty_snake, singular};

/// Flags the driver defines on every command.
const DRIVER_FLAGS: &[&str] = &["all", "api-version", "body", "help"];

impl Lowerer<'_> {
    /// The arguments of `op`'s command.
    pub(super) fn command_args(&self, op: &Operation) -> Vec<CommandArg> {
        let mut flags = Claims::reserving(DRIVER_FLAGS);
        // With events, `--stream` asks for them; the body property that does is set by it.
        let events_flag = op.events.as_ref().map(|e| {
            flags.claim("stream");
            e.flag.clone()
        });
        let mut args = Vec::new();
        for param in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
            // One positional each: a list in the path is given as JSON, as an object is.
            let (shape, list, values, open) = match self.shape(&param.ty) {
                (_, true, ..) => (ArgShape::Json, false, Vec::new(), false),
                shape => shape,
            };
            args.push(CommandArg {
                wire: param.wire_name.clone(),
                name: shouty_snake(&param.wire_name),
                place: ArgPlace::Path,
                shape,
                list,
                positional: true,
                required: true,
                help: param.description.clone().unwrap_or_else(|| format!("The `{}` path parameter.", param.wire_name)),
                values,
                open,
            });
        }
        if let Some(TypeRef::Named(name)) = op.body.as_ref().map(|b| &b.ty) {
            if let Some(TypeKind::Struct(fields)) = self.types.get(name).map(|t| &t.kind) {
                let asks_for_events =
                    |f: &&Field| events_flag.as_ref().is_some_and(|flag| flag.as_deref() == Some(f.wire_name.as_str()));
                for field in fields.iter().filter(|f| !f.read_only && !f.flatten && !asks_for_events(f)) {
                    let (shape, list, values, open) = self.shape(&field.ty);
                    let positional = field.required && !list && shape != ArgShape::Json;
                    let name = if positional {
                        shouty_snake(&field.wire_name)
                    } else if list {
                        flags.claim(&kebab(&singular(&field.wire_name)))
                    } else {
                        flags.claim(&kebab(&field.wire_name))
                    };
                    let help =
                        field.description.clone().unwrap_or_else(|| format!("The `{}` property.", field.wire_name));
                    args.push(CommandArg {
                        wire: field.wire_name.clone(),
                        name,
                        place: ArgPlace::Body,
                        shape,
                        list,
                        positional,
                        required: field.required,
                        help,
                        values,
                        open,
                    });
                }
            }
        }
        for param in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
            args.push(self.parameter_flag(param, &mut flags));
        }
        args
    }

    fn parameter_flag(&self, param: &Param, flags: &mut Claims) -> CommandArg {
        let (shape, list, values, open) = self.shape(&param.ty);
        let place = if param.location == ParamLocation::Query { ArgPlace::Query } else { ArgPlace::Header };
        let name = if list { singular(&param.wire_name) } else { param.wire_name.clone() };
        CommandArg {
            wire: param.wire_name.clone(),
            name: flags.claim(&kebab(&name)),
            place,
            shape,
            list,
            positional: false,
            required: param.required,
            help: param.description.clone().unwrap_or_else(|| format!("The `{}` parameter.", param.wire_name)),
            values,
            open,
        }
    }

    /// How a value of `ty` is given on the command line: its shape, whether it is a list of
    /// scalars, and an enum's values.
    fn shape(&self, ty: &TypeRef) -> (ArgShape, bool, Vec<String>, bool) {
        match ty {
            TypeRef::String | TypeRef::Secret | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => {
                (ArgShape::Text, false, Vec::new(), false)
            }
            TypeRef::Bool => (ArgShape::Boolean, false, Vec::new(), false),
            TypeRef::I32 | TypeRef::I64 => (ArgShape::Integer, false, Vec::new(), false),
            TypeRef::F32 | TypeRef::F64 => (ArgShape::Number, false, Vec::new(), false),
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum { variants, other }) => {
                    (ArgShape::Text, false, variants.iter().map(|v| v.wire_name.clone()).collect(), other.is_some())
                }
                Some(TypeKind::Alias(target)) => self.shape(target),
                _ => (ArgShape::Json, false, Vec::new(), false),
            },
            TypeRef::Vec(item) => match self.shape(item) {
                (shape, false, values, open) if shape != ArgShape::Json => (shape, true, values, open),
                _ => (ArgShape::Json, false, Vec::new(), false),
            },
            TypeRef::Json | TypeRef::Map(_) | TypeRef::Nullable(_) | TypeRef::File | TypeRef::Text | TypeRef::Bytes => {
                (ArgShape::Json, false, Vec::new(), false)
            }
        }
    }
}
