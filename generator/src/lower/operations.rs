//! Operations to client methods: names, parameters, bodies and responses.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Schema};

use super::Lowerer;
use super::objects::string_format;
use super::responses::json_media;
use super::schemas::SchemaRef;
use crate::error::Result;
use crate::media;
use crate::model::{
    Argument, Body, BodyEncoding, Carries, Command, Events, Field, HttpMethod, NoteKind, ObjectStyle, Operation, Param,
    ParamEncoding, ParamLocation, Taken, TypeDef, TypeKind, TypeRef, ValueStyle, through_aliases,
};
use crate::naming::{
    CLIENT_METHODS, Claims, Hint, LOCALS, RustName, field_name, method_name, method_name_from_path, pascal, type_name,
};
use crate::pointer::Pointer;

/// The header parameters left out, as the client writes those headers itself (compared
/// without case): OpenAPI says to ignore the first three, and the fourth is the body's length.
const IGNORED_HEADERS: [&str; 4] = ["Accept", "Content-Type", "Authorization", "Content-Length"];

/// A media type with nothing said of it.
static NO_MEDIA: std::sync::LazyLock<openapiv3::MediaType> = std::sync::LazyLock::new(Default::default);

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
            let item_pointer = Pointer::root().join(["paths", path]);
            let ReferenceOr::Item(item) = item else {
                // Normalising resolved every path item it could; this one names nothing.
                self.warn(&item_pointer, "the path item is a `$ref` to nothing; it has no operations to generate");
                continue;
            };
            self.note_own_servers(&item_pointer, "path", &item.servers);
            for (method, op) in operations_of(item) {
                let pointer = item_pointer.child(method.as_str().to_ascii_lowercase());
                self.note_own_servers(&pointer, "operation", &op.servers);
                let display = format!("{} {path}", method.as_str());
                let from_path = || method_name_from_path(method.as_str(), path);
                let explicit = op.operation_id.as_deref();
                let operation_id = explicit.map_or_else(|| from_path().as_str().to_owned(), str::to_owned);
                let wanted = explicit.map_or_else(from_path, method_name);
                // Two operations never share a method: an operationId used before (an error
                // of the document), or one whose method is taken, is named after its method
                // and path; what is still taken (or the client has without the spec,
                // `builder`) is numbered.
                let repeated = explicit.and_then(|id| seen_ids.insert(id.to_owned(), display.clone()));
                let taken = seen_methods.get(&wanted).cloned();
                let method_name = match (&repeated, &taken) {
                    (None, None) => method_claims.claim_name(&wanted),
                    _ => method_claims.claim_name(&from_path()),
                };
                if let Some(first) = repeated {
                    self.warn(&pointer, format_args!("operationId `{operation_id}` is already used by {first}, but operationIds must be unique; this operation's method is `{method_name}`, from its method and path"));
                } else if let Some(first) = taken {
                    self.note(&pointer, format_args!("the method `{wanted}` is already {first}'s; this operation's is `{method_name}`, from its method and path"));
                }
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

    /// A note where a path item or an operation (`whose`) has servers of its own, which the
    /// client, with its one base URL, does not use.
    fn note_own_servers(&mut self, pointer: &Pointer, whose: &str, servers: &[openapiv3::Server]) {
        if let Some(server) = servers.first() {
            self.note(
                &pointer.child("servers"),
                format_args!(
                    "the {whose}'s own server `{}` is not used: the client sends every operation to its one base URL",
                    server.url
                ),
            );
        }
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
            // No request carries a fragment: AWS's descriptions write one
            // (`/#X-Amz-Target=Service.Action`) to tell apart operations that share a path.
            path: path.split('#').next().unwrap_or_default().to_owned(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            params,
            params_struct,
            body,
            arguments,
            success: responses.success,
            keeps_redirects: responses.keeps_redirects,
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
            scheme: super::security::scheme(
                self.spec,
                self.api_key.as_ref(),
                op.security.as_ref(),
                self.both_credentials,
            ),
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
                let instead = "the parameter is left out";
                let Some((param, param_pointer)) =
                    self.resolve_or_warn(param, &param_pointer, "parameters", section, instead)
                else {
                    continue;
                };
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
            let (location, style) = match param {
                Parameter::Path { style, .. } => (ParamLocation::Path, path_style(style)),
                Parameter::Query { style, .. } => (ParamLocation::Query, query_style(style)),
                Parameter::Header { .. } => (ParamLocation::Header, ValueStyle::Plain),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, ValueStyle::Plain),
            };
            // `explode` is true by default for `form` only (OpenAPI's parameter object).
            let form = matches!(param, Parameter::Query { style: openapiv3::QueryStyle::Form, .. });
            let explode = data.explode.unwrap_or(form) && location != ParamLocation::Header;
            if location == ParamLocation::Header
                && self.settings.version_header.as_deref().is_some_and(|h| h.eq_ignore_ascii_case(name))
            {
                self.version_default = self.version_default.take().or_else(|| schema_default(&data.format));
                continue;
            }
            // OpenAPI: a header parameter named `Accept`, `Content-Type` or `Authorization`
            // "SHALL be ignored"; the client writes those headers from the responses, the
            // body and the security schemes, and `Content-Length` from the body.
            if location == ParamLocation::Header && IGNORED_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
                self.note(
                    param_pointer,
                    format_args!("the header parameter `{name}` is left out: the client writes that header itself (OpenAPI says to ignore `Accept`, `Content-Type` and `Authorization` parameters)"),
                );
                continue;
            }
            if location == ParamLocation::Path && !placeholders.contains(&name.as_str()) {
                self.warn(
                    param_pointer,
                    format_args!("the path parameter `{name}` is not in the path template `{path}`, so nothing can carry it; it is left out"),
                );
                continue;
            }
            if location == ParamLocation::Path && !data.required {
                self.warn(
                    param_pointer,
                    format_args!("a path parameter must have `required: true`; `{name}` is required"),
                );
            }
            let hint = Hint::property(type_base, name);
            let (ty, schema, by_content) = self.param_type(&data.format, &hint, param_pointer)?;
            // A list named by an alias is written as the list it is.
            let ty = match through_aliases(&self.types, &ty) {
                list @ TypeRef::Vec(_) => list.clone(),
                _ => ty,
            };
            let list_allowed = location != ParamLocation::Cookie;
            let encoding = match param {
                _ if by_content => ParamEncoding::Json,
                _ if self.is_param_value(&ty, list_allowed) => ParamEncoding::Text,
                Parameter::Query { style, .. } if self.is_param_object(&ty) => {
                    ParamEncoding::Object(match (style, explode) {
                        (openapiv3::QueryStyle::DeepObject, _) => ObjectStyle::DeepObject,
                        (_, true) => ObjectStyle::FormExploded,
                        (openapiv3::QueryStyle::SpaceDelimited, false) => ObjectStyle::SpaceDelimited,
                        (openapiv3::QueryStyle::PipeDelimited, false) => ObjectStyle::PipeDelimited,
                        (_, false) => ObjectStyle::Form,
                    })
                }
                _ => {
                    // The value keeps its type; how it is written is the loose part.
                    let _ = self.loose(
                        param_pointer,
                        format_args!("no parameter style defines how to write the value of `{name}` here (an object, or a list of objects or lists); it is sent as its JSON text"),
                    );
                    ParamEncoding::Json
                }
            };
            let inline = match schema {
                Some(ReferenceOr::Item(schema)) => Some(schema),
                _ => None,
            };
            params.push(Param {
                wire_name: name.clone(),
                rust_name: match location {
                    ParamLocation::Path => arguments.claim_name(&field_name(name)),
                    _ => fields.claim_name(&field_name(name)),
                },
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                description: data.description.clone(),
                explode,
                style,
                encoding,
                constraints: schema.map(|s| self.constraints_at(s.into())).unwrap_or_default(),
                format: inline.and_then(string_format),
                default: inline.and_then(|s| s.schema_data.default.as_ref()).map(|d| d.to_string()),
            });
        }
        let undeclared: Vec<&str> = placeholders
            .iter()
            .filter(|p| !params.iter().any(|q| q.location == ParamLocation::Path && q.wire_name == **p))
            .copied()
            .collect();
        for missing in undeclared {
            self.warn(
                pointer,
                format_args!("the path template `{path}` uses `{{{missing}}}`, but the operation declares no path parameter `{missing}`; it is a string argument"),
            );
            params.push(Param {
                wire_name: (*missing).to_owned(),
                rust_name: arguments.claim_name(&field_name(missing)),
                location: ParamLocation::Path,
                required: true,
                ty: TypeRef::String,
                description: None,
                explode: false,
                style: ValueStyle::Plain,
                encoding: ParamEncoding::Text,
                constraints: Default::default(),
                format: None,
                default: None,
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
        let instead = "the body is typed as any JSON value";
        let (body, pointer) = match self.resolve_or_warn(body, pointer, "requestBodies", section, instead) {
            Some(found) => found,
            None => {
                let ty = self.loose(pointer, "a request body that cannot be followed is any JSON value");
                let (encoding, media_type) = (BodyEncoding::Json, "application/json".to_owned());
                return Ok(Body {
                    ty,
                    encoding,
                    required: false,
                    description: None,
                    streaming_method: None,
                    media_type,
                });
            }
        };
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
            self.warn(&content_pointer, "a request body needs a media type under `content`; this one is sent as bytes (`application/octet-stream`)");
            (&*NO_MEDIA, BodyEncoding::Raw, "application/octet-stream")
        };
        let schema_pointer = content_pointer.child(media_type).child("schema");
        let mut ty = match &media.schema {
            // Text whose schema is a boolean or a number (`text/plain` of `type: integer`) is
            // that value, written as its text.
            _ if encoding == BodyEncoding::Raw && media::is_text(media_type) => match &media.schema {
                Some(ReferenceOr::Item(schema)) => match &schema.schema_kind {
                    openapiv3::SchemaKind::Type(openapiv3::Type::Boolean(_)) => TypeRef::Bool,
                    openapiv3::SchemaKind::Type(openapiv3::Type::Integer(_)) => TypeRef::I64,
                    openapiv3::SchemaKind::Type(openapiv3::Type::Number(_)) => TypeRef::F64,
                    _ => TypeRef::Text,
                },
                _ => TypeRef::Text,
            },
            _ if encoding == BodyEncoding::Raw => TypeRef::Bytes,
            Some(schema) => self.type_ref(schema.into(), &Hint::Exact(name), &schema_pointer)?,
            None => TypeRef::Json,
        };
        match encoding {
            // NDJSON sends a list of items, one line each; a schema of one item is a list of it.
            BodyEncoding::NdJson if !matches!(ty, TypeRef::Vec(_)) => ty = TypeRef::Vec(Box::new(ty)),
            BodyEncoding::Multipart if !self.is_multipart(&ty) => {
                self.remark(
                    NoteKind::Loose,
                    &schema_pointer,
                    "a `multipart/form-data` body whose schema is not an object has no parts a type can name; it is a map of part names to values",
                );
                ty = TypeRef::Map(Box::new(TypeRef::Json));
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

    /// Whether a value of `ty` has parts a `multipart/form-data` body can send: a struct (a
    /// part per property), or a union of such values (through aliases).
    fn is_multipart(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => true,
                Some(TypeKind::Alias(target)) => self.is_multipart(target),
                Some(TypeKind::Union { variants, .. }) => variants.iter().all(|v| self.is_multipart(&v.ty)),
                _ => false,
            },
            _ => false,
        }
    }

    /// The type of a parameter, described by its schema or by its `content` (then `true`),
    /// with the schema.
    fn param_type(
        &mut self,
        format: &'a ParameterSchemaOrContent,
        hint: &Hint,
        pointer: &Pointer,
    ) -> Result<(TypeRef, Option<&'a ReferenceOr<Schema>>, bool)> {
        match format {
            ParameterSchemaOrContent::Schema(schema) => {
                Ok((self.type_ref(SchemaRef::from(schema), hint, &pointer.child("schema"))?, Some(schema), false))
            }
            // One media type describes the parameter: its schema types it, and JSON's text
            // carries it; any other media type is text.
            ParameterSchemaOrContent::Content(content) => match json_media(content) {
                Some((media_type, media)) => match &media.schema {
                    Some(schema) => {
                        let at = pointer.join(["content", media_type, "schema"]);
                        Ok((self.type_ref(SchemaRef::from(schema), hint, &at)?, Some(schema), true))
                    }
                    None => Ok((TypeRef::Json, None, true)),
                },
                None => {
                    let media = content.keys().next().map_or("no media type", String::as_str);
                    self.note(
                        &pointer.child("content"),
                        format_args!("the parameter is described by `{media}` content, which is not JSON: its value is the text given, sent as it is"),
                    );
                    Ok((TypeRef::String, None, false))
                }
            },
        }
    }

    /// Whether a value of `ty` can be written as a parameter's text: a scalar, an enum, a
    /// union of them, a list of those when `list_allowed`, or any value (a string as it is,
    /// anything else as JSON).
    fn is_param_value(&self, ty: &TypeRef, list_allowed: bool) -> bool {
        match ty {
            TypeRef::Vec(item) => list_allowed && self.is_param_value(item, false),
            TypeRef::Json => true,
            TypeRef::Map(_) | TypeRef::Nullable(_) | TypeRef::File | TypeRef::Bytes => false,
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

    /// Whether a value of `ty` is an object, which a query writes a property at a time (a
    /// nested object in brackets in `deepObject` style, as JSON in `form` style).
    fn is_param_object(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Map(_) => true,
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => true,
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
                format: p.format.clone(),
                setter: None,
                annotations: Vec::new(),
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

/// How a path parameter's value is written.
fn path_style(style: &openapiv3::PathStyle) -> ValueStyle {
    match style {
        openapiv3::PathStyle::Simple => ValueStyle::Plain,
        openapiv3::PathStyle::Label => ValueStyle::Label,
        openapiv3::PathStyle::Matrix => ValueStyle::Matrix,
    }
}

/// How a query parameter's scalar or list is written (`deepObject` concerns objects only).
fn query_style(style: &openapiv3::QueryStyle) -> ValueStyle {
    match style {
        openapiv3::QueryStyle::SpaceDelimited => ValueStyle::SpaceDelimited,
        openapiv3::QueryStyle::PipeDelimited => ValueStyle::PipeDelimited,
        openapiv3::QueryStyle::Form | openapiv3::QueryStyle::DeepObject => ValueStyle::Plain,
    }
}
