//! The commands of an API for the generated command-line client (cargo feature `cli`): a
//! table of one command per operation, which the runtime's driver (`runtime::cli`) turns into
//! a clap command line, and one small function per operation that decodes the parsed
//! arguments into the method's typed arguments and calls it.
//!
//! The commands are named in lowering (`lower::commands`). Their arguments:
//! - **positionals**: the path parameters in path order, then the required scalar properties
//!   of the JSON body (string, number, boolean, enum) in the schema's order;
//! - **flags**: every other body property (`--kebab-case`; a list of scalars is a repeated
//!   flag named in the singular, an object or a list of objects takes JSON), and the query and
//!   header parameters. `--body JSON|@FILE` gives the whole body; `--all` follows the pages
//!   of a paginated list.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, doc_text, ident, number};
use crate::docs::doc_lines;
use crate::model::{BodyEncoding, Operation, Output, Param, ParamLocation, TypeKind, TypeRef};
use crate::naming::{Claims, kebab, shouty_snake, singular};

/// Flags the driver defines on every command.
const DRIVER_FLAGS: &[&str] = &["all", "api-version", "body", "help"];

/// Where an argument goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Path,
    Query,
    Header,
    Body,
}

/// How an argument's text becomes JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Text,
    Integer,
    Number,
    Boolean,
    Json,
}

/// One argument of a command.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CliArg {
    /// The property or parameter name on the wire.
    pub wire: String,
    /// The flag (`role`), or the positional's value name (`PROJECT_ID`).
    pub name: String,
    pub place: Place,
    pub shape: Shape,
    /// A repeated flag, one item each.
    pub list: bool,
    pub positional: bool,
    pub required: bool,
    pub help: String,
    /// An enum's values; `open` when others are accepted too.
    pub values: Vec<String>,
    pub open: bool,
}

/// One operation as a command.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CliCommand {
    pub resource: String,
    pub action: String,
    pub args: Vec<CliArg>,
}

impl Emitter<'_> {
    /// The commands of every operation, in operation order.
    pub(crate) fn cli_commands(&self) -> Vec<CliCommand> {
        self.api
            .operations
            .iter()
            .map(|op| {
                let (resource, action) = op.command.clone();
                CliCommand { resource, action, args: self.cli_args(op) }
            })
            .collect()
    }

    fn cli_args(&self, op: &Operation) -> Vec<CliArg> {
        let mut flags = Claims::reserving(DRIVER_FLAGS);
        // With events, `--stream` asks for them; the body property that does is set by it.
        let events_flag = op.events.as_ref().map(|e| {
            flags.claim("stream");
            e.flag.clone()
        });
        let mut args = Vec::new();
        for param in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
            let (shape, list, values, open) = self.shape(&param.ty);
            args.push(CliArg {
                wire: param.wire_name.clone(),
                name: shouty_snake(&param.wire_name),
                place: Place::Path,
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
            if let Some(TypeKind::Struct(fields)) = self.api.types.get(name).map(|t| &t.kind) {
                let asks_for_events = |f: &&crate::model::Field| {
                    events_flag.as_ref().is_some_and(|flag| flag.as_deref() == Some(f.wire_name.as_str()))
                };
                for field in fields.iter().filter(|f| !f.read_only && !f.flatten && !asks_for_events(f)) {
                    let (shape, list, values, open) = self.shape(&field.ty);
                    let positional = field.required && !list && shape != Shape::Json;
                    let name = if positional {
                        shouty_snake(&field.wire_name)
                    } else if list {
                        flags.claim(&kebab(&singular(&field.wire_name)))
                    } else {
                        flags.claim(&kebab(&field.wire_name))
                    };
                    let help =
                        field.description.clone().unwrap_or_else(|| format!("The `{}` property.", field.wire_name));
                    args.push(CliArg {
                        wire: field.wire_name.clone(),
                        name,
                        place: Place::Body,
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

    fn parameter_flag(&self, param: &Param, flags: &mut Claims) -> CliArg {
        let (shape, list, values, open) = self.shape(&param.ty);
        let place = if param.location == ParamLocation::Query { Place::Query } else { Place::Header };
        let name = if list { singular(&param.wire_name) } else { param.wire_name.clone() };
        CliArg {
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
    fn shape(&self, ty: &TypeRef) -> (Shape, bool, Vec<String>, bool) {
        match ty {
            TypeRef::String | TypeRef::Secret | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => {
                (Shape::Text, false, Vec::new(), false)
            }
            TypeRef::Bool => (Shape::Boolean, false, Vec::new(), false),
            TypeRef::I32 | TypeRef::I64 => (Shape::Integer, false, Vec::new(), false),
            TypeRef::F32 | TypeRef::F64 => (Shape::Number, false, Vec::new(), false),
            TypeRef::Named(name) => match self.api.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum { variants, other }) => {
                    (Shape::Text, false, variants.iter().map(|v| v.wire_name.clone()).collect(), other.is_some())
                }
                Some(TypeKind::Alias(target)) => self.shape(target),
                _ => (Shape::Json, false, Vec::new(), false),
            },
            TypeRef::Vec(item) => match self.shape(item) {
                (shape, false, values, open) if shape != Shape::Json => (shape, true, values, open),
                _ => (Shape::Json, false, Vec::new(), false),
            },
            TypeRef::Json | TypeRef::Map(_) | TypeRef::File | TypeRef::Text | TypeRef::Bytes => {
                (Shape::Json, false, Vec::new(), false)
            }
        }
    }

    /// The `cli` module: the command table and one function per operation.
    pub(super) fn cli_module(&self) -> TokenStream {
        let api = self.api;
        let rt = &self.rt;
        let doc = doc_text(&format!(
            " The commands of {} `{}` for the crate's command-line client (cargo feature `cli`), one per operation.",
            api.title.trim(),
            api.version
        ));
        let commands = self.cli_commands();
        let entries = api.operations.iter().zip(&commands).map(|(op, command)| self.command_entry(op, command));
        let arms = api.operations.iter().enumerate().map(|(i, op)| {
            let call = self.command_call(op);
            let i = number(i as u64);
            quote! { #i => { #call } }
        });
        let version = &api.version;
        quote! {
            #![doc = #doc]
            use super::types;
            use #rt::cli as rt;

            /// This version's command line.
            pub(crate) static TABLE: rt::Table = rt::Table { version: #version, commands: COMMANDS, run };

            static COMMANDS: &[rt::Command] = &[#(#entries),*];

            /// Runs the command at `index` of [`COMMANDS`] with its parsed arguments.
            fn run(index: usize, input: rt::Input) -> rt::BoxFuture<'static, rt::Outcome> {
                Box::pin(async move {
                    let client = super::Client::from_env().map_err(rt::Failure::config)?;
                    match index {
                        #(#arms)*
                        _ => Err(rt::Failure::usage(format!("no command number {index}"))),
                    }
                })
            }
        }
    }

    fn command_entry(&self, op: &Operation, command: &CliCommand) -> TokenStream {
        let (resource, action, id) = (&command.resource, &command.action, &op.operation_id);
        let lines = doc_lines(op.summary.as_deref(), None);
        let about = lines.first().cloned().unwrap_or_else(|| format!("The `{id}` operation."));
        let mut long = doc_lines(op.summary.as_deref(), op.description.as_deref());
        long.push(String::new());
        long.push(format!("Sends `{} {}` (operation `{id}`).", op.http_method.as_str(), op.path));
        let long = long.join("\n");
        let args: Vec<TokenStream> = command.args.iter().map(arg_entry).collect();
        let args = (!args.is_empty()).then(|| quote! { .args(&[#(#args),*]) });
        let body = match &op.body {
            Some(body) if body.required => Some(quote! { .required_body() }),
            Some(_) => Some(quote! { .optional_body() }),
            None => None,
        };
        let raw_body =
            op.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Raw).then(|| quote! { .raw_body() });
        let paginated = op.pagination.is_some().then(|| quote! { .paginated() });
        let events = op.events.is_some().then(|| quote! { .events() });
        quote! {
            rt::Command::new(#resource, #action, #id, #about, #long) #args #body #raw_body #paginated #events
        }
    }

    /// The statements that decode the arguments of `op` and call its method.
    fn command_call(&self, op: &Operation) -> TokenStream {
        let method = op.method_name.ident();
        let mut lets = Vec::new();
        let mut args = Vec::new();
        for param in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
            let name = param.rust_name.ident();
            let ty = self.ty(&param.ty, false);
            let wire = &param.wire_name;
            lets.push(quote! { let #name: #ty = input.path(#wire)?; });
            args.push(if param.ty.is_copy() {
                quote! { #name }
            } else {
                quote! { &#name }
            });
        }
        if let Some(params) = &op.params_struct {
            let ty = ident(params);
            lets.push(quote! { let params: types::#ty = input.params()?; });
            args.push(quote! { &params });
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.encoding == BodyEncoding::Raw) {
            let read = match (body.ty == TypeRef::Text, body.required) {
                (true, true) => quote! { raw_text },
                (true, false) => quote! { raw_text_optional },
                (false, true) => quote! { raw_bytes },
                (false, false) => quote! { raw_bytes_optional },
            };
            lets.push(quote! { let body = input.#read()?; });
            args.push(match (body.ty == TypeRef::Text, body.required) {
                (true, true) => quote! { &body },
                (true, false) => quote! { body.as_deref() },
                (false, _) => quote! { body },
            });
        } else if let Some(body) = &op.body {
            let ty = self.ty(&body.ty, false);
            if body.required {
                lets.push(quote! { let body: #ty = input.body()?; });
                args.push(quote! { &body });
            } else {
                lets.push(quote! { let body: Option<#ty> = input.body_optional()?; });
                args.push(quote! { body.as_ref() });
            }
        }
        let all = op.pagination.as_ref().map(|pagination| {
            let stream = pagination.stream_method.ident();
            let path_args = &args[..args.len() - 1];
            quote! {
                if input.all() {
                    return rt::all(client.#stream(#(#path_args,)* params)).await;
                }
            }
        });
        let value = match &op.output {
            Output::Body(Some(_)) => quote! { result.map(|out| Some(rt::value(&out))) },
            Output::Body(None) => quote! { result.map(|()| None) },
            Output::WithHeaders { body: Some(_), .. } => quote! { result.map(|out| Some(rt::value(&out.body))) },
            Output::WithHeaders { body: None, .. } => quote! { result.map(|_| None) },
            Output::Statuses { name, variants, headers } => {
                let name = ident(name);
                let body = if headers.is_some() {
                    quote! { out.body }
                } else {
                    quote! { out }
                };
                let arms = variants.iter().map(|(variant, _, _, body)| {
                    let variant = ident(variant);
                    match body {
                        Some(_) => quote! { types::#name::#variant(body) => Some(rt::value(&body)), },
                        None => quote! { types::#name::#variant => None, },
                    }
                });
                quote! { result.map(|out| match #body { #(#arms)* }) }
            }
        };
        let events = op.events.as_ref().map(|events| {
            let method = events.method.ident();
            quote! {
                if input.stream() {
                    return rt::events(client.#method(#(#args),*).await).await;
                }
            }
        });
        quote! {
            #(#lets)*
            #all
            #events
            let result = client.#method(#(#args),*).await;
            rt::finish(#value)
        }
    }
}

/// One argument of the table: built from its place, changed only where it differs from an
/// optional flag of text.
fn arg_entry(arg: &CliArg) -> TokenStream {
    let (wire, name, help) = (&arg.wire, &arg.name, &arg.help);
    let place = ident(match arg.place {
        Place::Path => "path",
        Place::Query => "query",
        Place::Header => "header",
        Place::Body => "body",
    });
    let shape = match arg.shape {
        Shape::Text => None,
        Shape::Integer => Some(quote! { Integer }),
        Shape::Number => Some(quote! { Number }),
        Shape::Boolean => Some(quote! { Boolean }),
        Shape::Json => Some(quote! { Json }),
    }
    .map(|shape| quote! { .shape(rt::Shape::#shape) });
    let list = arg.list.then(|| quote! { .list() });
    let positional = arg.positional.then(|| quote! { .positional() });
    let required = arg.required.then(|| quote! { .required() });
    let values = &arg.values;
    let values = if arg.open {
        Some(quote! { .open_values(&[#(#values),*]) })
    } else {
        (!values.is_empty()).then(|| quote! { .values(&[#(#values),*]) })
    };
    quote! { rt::Arg::#place(#wire, #name, #help) #shape #list #positional #required #values }
}
