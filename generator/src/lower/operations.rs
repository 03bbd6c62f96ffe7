//! Operations to client methods: names, parameters, bodies and responses.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr};

use super::Lowerer;
use super::responses::json_media;
use super::schemas::{SchemaRef, constraints};
use crate::error::{Error, Result};
use crate::media;
use crate::model::{
    Argument, Body, BodyEncoding, Carries, Command, Events, Field, HttpMethod, ObjectStyle, Operation, Param,
    ParamLocation, Taken, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{
    CLIENT_METHODS, Claims, Hint, LOCALS, RustName, field_name, method_name, method_name_from_path, pascal, type_name,
};
use crate::pointer::Pointer;

/// The methods of a path item in traversal order.
pub(super) fn operations_of(item: &PathItem) -> impl Iterator<Item = (HttpMethod, &openapiv3::Operation)> {
    [
        (HttpMethod::Get, &item.get),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Post, &item.post),
        (HttpMethod::Delete, &item.delete),
        (HttpMethod::Options, &item.options),
        (HttpMethod::Head, &item.head),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
}

impl<'a> Lowerer<'a> {
    /// Every operation, sorted by method name, with the types of its error responses.
    pub(super) fn lower_operations(&mut self) -> Result<Vec<Operation>> {
        let spec = self.spec;
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        let mut method_claims = Claims::reserving(CLIENT_METHODS);
        let mut seen_methods: BTreeMap<RustName, String> = BTreeMap::new();
        let mut out = Vec::new();
        for (path, item) in &spec.doc.paths.paths {
            let item_pointer = Pointer::parse("/paths").child(path);
            let ReferenceOr::Item(item) = item else {
                return Err(self.unsupported(&item_pointer, "a `$ref` path item", "inline the path item"));
            };
            for (method, op) in operations_of(item) {
                let pointer = item_pointer.child(method.as_str().to_ascii_lowercase());
                let display = format!("{} {path}", method.as_str());
                let (operation_id, method_name) = match &op.operation_id {
                    Some(id) => (id.clone(), method_name(id)),
                    None => {
                        let name = method_name_from_path(method.as_str(), path);
                        (name.as_str().to_owned(), name)
                    }
                };
                if let Some(first) = seen_ids.insert(operation_id.clone(), display.clone()) {
                    return Err(Error::DuplicateOperationId { location: self.at(&pointer), operation_id, first });
                }
                if let Some(first) = seen_methods.get(&method_name) {
                    return Err(Error::DuplicateMethod {
                        location: self.at(&pointer),
                        operation: display,
                        first: first.clone(),
                        method: method_name.to_string(),
                    });
                }
                // A name the client has without the spec (`builder`) is numbered.
                let method_name = method_claims.claim_name(&method_name);
                seen_methods.insert(method_name.clone(), display);
                out.push(self.operation(path, item, method, op, operation_id, method_name, &pointer)?);
            }
        }
        out.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        // Streams are named after their method once every operation has its name.
        for op in &mut out {
            if let Some(pagination) = &mut op.pagination {
                pagination.stream_method = method_claims.claim_name(&op.method_name.with_suffix("_stream"));
            }
            if let Some(body) = op.body.as_mut().filter(|b| b.encoding == BodyEncoding::NdJson) {
                body.streaming_method = Some(method_claims.claim_name(&op.method_name.with_suffix("_streaming")));
            }
            if let Some(events) = &mut op.events {
                events.method = method_claims.claim_name(&op.method_name.with_suffix("_events"));
            }
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        item: &'a PathItem,
        http_method: HttpMethod,
        op: &'a openapiv3::Operation,
        operation_id: String,
        method_name: RustName,
        pointer: &Pointer,
    ) -> Result<Operation> {
        let type_base = pascal(&operation_id);
        let params = self.params(path, item, op, &type_base, pointer)?;
        let body = match &op.request_body {
            Some(body) => Some(self.body(body, format!("{type_base}Request"), &pointer.child("requestBody"))?),
            None => None,
        };
        let responses = self.responses(op, &type_base, pointer)?;
        let output = self.output(&type_base, &responses);
        let params_struct = self.params_struct(&type_base, &operation_id, &params);
        let arguments = arguments(&params, params_struct.as_deref(), body.as_ref());
        let mut operation = Operation {
            operation_id,
            method_name,
            http_method,
            path: path.to_owned(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            params_struct,
            body,
            arguments,
            success: responses.success,
            errors: responses.errors,
            output,
            pagination: None,
            events: None,
            pointer: pointer.to_owned(),
            command: Command::default(), // named once every operation is known
            // Requirements with an empty alternative (`- {}`) make credentials optional.
            authorized: op
                .security
                .as_ref()
                .or(self.spec.doc.security.as_ref())
                .is_some_and(|alternatives| !alternatives.is_empty() && alternatives.iter().all(|a| !a.is_empty())),
            mock: (String::new(), RustName::default()), // named once every operation is known
        };
        operation.pagination = self.pagination(&operation);
        operation.events = match responses.events {
            Some((status, item)) => {
                Some(Events { method: RustName::default(), item, flag: self.event_flag(&operation)?, status })
            }
            None => None,
        };
        Ok(operation)
    }

    /// The operation's parameters (path-level ones overridden by operation-level ones of the
    /// same name and location), path parameters first in template order.
    fn params(
        &mut self,
        path: &str,
        item: &'a PathItem,
        op: &'a openapiv3::Operation,
        type_base: &str,
        pointer: &Pointer,
    ) -> Result<Vec<Param>> {
        let spec = self.spec;
        let section = spec.doc.components.as_ref().map(|c| &c.parameters);
        let item_pointer = pointer.parent().unwrap_or_default();
        let mut declared: IndexMap<(String, &'static str), (&Parameter, Pointer)> = IndexMap::new();
        let sources = [(&item.parameters, &item_pointer), (&op.parameters, pointer)];
        for (list, base) in sources {
            for (i, param) in list.iter().enumerate() {
                let param_pointer = base.child("parameters").child(i);
                let (param, param_pointer) = self.resolve(param, &param_pointer, "parameters", section)?;
                let location = match param {
                    Parameter::Path { .. } => "path",
                    Parameter::Query { .. } => "query",
                    Parameter::Header { .. } => "header",
                    Parameter::Cookie { .. } => "cookie",
                };
                declared.insert((param.parameter_data_ref().name.clone(), location), (param, param_pointer));
            }
        }

        let placeholders = placeholders(path);
        // Path parameters are arguments beside the method's own; query and header parameters
        // are fields of the params struct.
        let mut arguments = Claims::reserving(LOCALS);
        let mut fields = Claims::default();
        let mut params = Vec::new();
        for ((name, _), (param, param_pointer)) in &declared {
            let data = param.parameter_data_ref();
            let (location, explode) = match param {
                Parameter::Path { .. } => (ParamLocation::Path, false),
                Parameter::Query { .. } => (ParamLocation::Query, data.explode.unwrap_or(true)),
                Parameter::Header { .. } => (ParamLocation::Header, false),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, false),
            };
            if location == ParamLocation::Header
                && self.settings.version_header.as_deref().is_some_and(|h| h.eq_ignore_ascii_case(name))
            {
                self.version_default = self.version_default.take().or_else(|| schema_default(&data.format));
                continue;
            }
            if location == ParamLocation::Path {
                if !placeholders.contains(&name.as_str()) {
                    return Err(Error::PathTemplate {
                        location: self.at(param_pointer),
                        message: format!(
                            "path parameter `{name}` does not appear in the path template `{path}`; add `{{{name}}}` to the path or remove the parameter"
                        ),
                    });
                }
                if !data.required {
                    return Err(
                        self.invalid(param_pointer, format!("path parameter `{name}` must have `required: true`"))
                    );
                }
            }
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                return Err(self.unsupported(
                    param_pointer,
                    "a parameter described by `content`",
                    "describe it with `schema`",
                ));
            };
            let hint = Hint::property(type_base, name);
            let ty = self.type_ref(SchemaRef::from(schema), &hint, &param_pointer.child("schema"))?;
            let list_allowed = matches!(location, ParamLocation::Query | ParamLocation::Header);
            let object_style = match param {
                Parameter::Query { style, .. } if self.is_param_object(&ty) => Some(match (style, explode) {
                    (openapiv3::QueryStyle::DeepObject, _) => ObjectStyle::DeepObject,
                    (_, true) => ObjectStyle::FormExploded,
                    (_, false) => ObjectStyle::Form,
                }),
                _ => None,
            };
            if object_style.is_none() && !self.is_param_value(&ty, list_allowed) {
                return Err(self.unsupported(
                    param_pointer,
                    format!("the parameter `{name}`, whose value is an object, a map or a nested list"),
                    "parameters must be scalars, enums or unions of them, lists of those (in the query and headers), or objects of them (in the query)",
                ));
            }
            let inline = match schema {
                ReferenceOr::Item(schema) => Some(schema),
                ReferenceOr::Reference { .. } => None,
            };
            params.push(Param {
                wire_name: name.clone(),
                rust_name: match location {
                    ParamLocation::Path => arguments.claim_name(&field_name(name)),
                    _ => fields.claim_name(&field_name(name)),
                },
                location,
                required: data.required,
                ty,
                description: data.description.clone(),
                explode,
                object_style,
                constraints: inline.map(constraints).unwrap_or_default(),
                default: inline.and_then(|s| s.schema_data.default.as_ref()).map(|d| d.to_string()),
            });
        }
        if let Some(missing) = placeholders
            .iter()
            .find(|p| !params.iter().any(|q| q.location == ParamLocation::Path && q.wire_name == **p))
        {
            return Err(Error::PathTemplate {
                location: self.at(pointer),
                message: format!(
                    "the path template `{path}` uses `{{{missing}}}`, but the operation declares no path parameter `{missing}`; declare it under `parameters` with `in: path`"
                ),
            });
        }
        params.sort_by_key(|p| match p.location {
            ParamLocation::Path => (0, placeholders.iter().position(|x| *x == p.wire_name).unwrap_or(0)),
            _ if p.required => (1, 0),
            _ => (2, 0),
        });
        Ok(params)
    }

    /// A request body; `name` names an inline schema (`<Operation>Request`).
    pub(super) fn body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        name: String,
        pointer: &Pointer,
    ) -> Result<Body> {
        let spec = self.spec;
        let section = spec.doc.components.as_ref().map(|c| &c.request_bodies);
        let (body, pointer) = self.resolve(body, pointer, "requestBodies", section)?;
        let content_pointer = pointer.child("content");
        let (media, encoding, media_type) = if let Some((name, media)) = json_media(&body.content) {
            (media, BodyEncoding::Json, name)
        } else if let Some((name, media, encoding)) = [
            ("application/x-www-form-urlencoded", BodyEncoding::Form),
            ("application/x-ndjson", BodyEncoding::NdJson),
            ("multipart/form-data", BodyEncoding::Multipart),
        ]
        .into_iter()
        .find_map(|(name, encoding)| body.content.get(name).map(|media| (name, media, encoding)))
        {
            (media, encoding, name)
        } else if let Some((name, media)) = body.content.first() {
            // Any other media type is sent as it is: text for text, bytes for the rest.
            (media, BodyEncoding::Raw, name.as_str())
        } else {
            return Err(self.invalid(&content_pointer, "a request body with no media type; add one under `content`"));
        };
        let schema_pointer = content_pointer.child(media_type).child("schema");
        let mut ty = match &media.schema {
            _ if encoding == BodyEncoding::Raw => {
                if media::is_text(media_type) {
                    TypeRef::Text
                } else {
                    TypeRef::Bytes
                }
            }
            Some(schema) => self.type_ref(schema.into(), &Hint::Exact(name), &schema_pointer)?,
            None => TypeRef::Json,
        };
        match encoding {
            // NDJSON sends a list of items, one line each; a schema of one item is a list of it.
            BodyEncoding::NdJson if !matches!(ty, TypeRef::Vec(_)) => ty = TypeRef::Vec(Box::new(ty)),
            BodyEncoding::Multipart if !self.is_struct(&ty) => {
                return Err(self.unsupported(
                    &schema_pointer,
                    "a `multipart/form-data` body that is not an object",
                    "describe the parts as the properties of an object schema",
                ));
            }
            _ => {}
        }
        Ok(Body {
            ty,
            encoding,
            required: body.required,
            description: body.description.clone(),
            streaming_method: None,
            media_type: media_type.to_owned(),
        })
    }

    /// The boolean body property that asks `op` for events: the settings' (an empty name for
    /// none), else a boolean property named `stream`.
    fn event_flag(&mut self, op: &Operation) -> Result<Option<String>> {
        if let Some(flag) = self.settings.event_flags.get(&op.operation_id) {
            self.used.insert(format!("event_flags: {}", op.operation_id));
            return Ok((!flag.is_empty()).then(|| flag.clone()));
        }
        let Some(body) = op.body.as_ref().filter(|b| b.encoding == BodyEncoding::Json) else { return Ok(None) };
        let fields = self.struct_fields_of(&body.ty);
        Ok(fields.iter().find(|f| f.wire_name == "stream" && f.ty == TypeRef::Bool).map(|f| f.wire_name.clone()))
    }

    /// The fields of the struct `ty` names (through aliases).
    fn struct_fields_of(&self, ty: &TypeRef) -> Vec<Field> {
        match ty {
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(fields)) => fields.clone(),
                Some(TypeKind::Alias(target)) => self.struct_fields_of(target),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// Whether `ty` names a struct (through aliases).
    fn is_struct(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => true,
                Some(TypeKind::Alias(target)) => self.is_struct(target),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether a value of `ty` can be written as a parameter: a scalar, an enum, a union of
    /// them, or a list of those when `list_allowed`.
    fn is_param_value(&self, ty: &TypeRef, list_allowed: bool) -> bool {
        match ty {
            TypeRef::Vec(item) => list_allowed && self.is_param_value(item, false),
            TypeRef::Map(_) | TypeRef::Json | TypeRef::File | TypeRef::Bytes => false,
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum { .. }) => true,
                Some(TypeKind::Alias(target)) => self.is_param_value(target, list_allowed),
                Some(TypeKind::Union { variants, discriminator: None, .. }) => {
                    variants.iter().all(|v| self.is_param_value(&v.ty, false))
                }
                _ => false,
            },
            _ => true,
        }
    }

    /// Whether a value of `ty` is an object of parameter values (or of lists of them), which
    /// a query writes a property at a time.
    fn is_param_object(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Map(value) => self.is_param_value(value, true),
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(fields)) => fields.iter().all(|f| !f.flatten && self.is_param_value(&f.ty, true)),
                Some(TypeKind::Alias(target)) => self.is_param_object(target),
                _ => false,
            },
            _ => false,
        }
    }

    /// The struct that carries the query and header parameters, registered as a type.
    fn params_struct(&mut self, type_base: &str, operation_id: &str, params: &[Param]) -> Option<String> {
        let fields: Vec<Field> = params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .map(|p| Field {
                wire_name: p.wire_name.clone(),
                rust_name: p.rust_name.clone(),
                ty: p.ty.clone(),
                required: p.required,
                nullable: false,
                description: p.description.clone(),
                constraints: p.constraints.clone(),
                flatten: false,
                read_only: false,
                write_only: false,
                default: p.default.clone(),
                format: None,
                setter: None,
            })
            .collect();
        if fields.is_empty() {
            return None;
        }
        let name = self.claims.claim(&type_name(&format!("{type_base}Params")));
        let description = Some(format!("The query and header parameters of `{operation_id}`."));
        let def = TypeDef { name: name.clone(), description, pointer: Pointer::root(), kind: TypeKind::Struct(fields) };
        self.types.insert(name.clone(), def);
        Some(name)
    }
}

/// A method's arguments: the path parameters in template order, the struct of the other
/// parameters, the body.
fn arguments(params: &[Param], params_struct: Option<&str>, body: Option<&Body>) -> Vec<Argument> {
    let path = params.iter().filter(|p| p.location == ParamLocation::Path).map(|p| Argument {
        name: p.rust_name.clone(),
        carries: Carries::Path(p.wire_name.clone()),
        ty: p.ty.clone(),
        optional: false,
        taken: Taken::of(&p.ty),
    });
    let params = params_struct.map(|name| Argument {
        name: field_name("params"),
        carries: Carries::Params,
        ty: TypeRef::Named(name.to_owned()),
        optional: false,
        taken: Taken::Ref,
    });
    let body = body.map(|body| Argument {
        name: field_name("body"),
        carries: Carries::Body,
        ty: body.ty.clone(),
        optional: !body.required,
        taken: Taken::of(&body.ty),
    });
    path.chain(params).chain(body).collect()
}

/// The placeholders of a path template, in order (`/a/{x}/b/{y}` -> `["x", "y"]`).
fn placeholders(path: &str) -> Vec<&str> {
    path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name)).collect()
}

/// A parameter schema's `default`, as text.
fn schema_default(format: &ParameterSchemaOrContent) -> Option<String> {
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = format else { return None };
    match schema.schema_data.default.as_ref()? {
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}
