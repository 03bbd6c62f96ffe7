//! The plain-data model between lowering and emitting: what the client offers, with Rust
//! names already chosen and wire names kept beside them. No tokens in here.

use std::collections::BTreeMap;

use crate::error::Location;
use crate::naming::RustName;
use crate::pointer::Pointer;

/// One API, as the generated module presents it.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`.
    pub version: String,
    /// The first server URL, the client's default base URL (its variables replaced by their
    /// defaults; `None` when one has none).
    pub base_url: Option<String>,
    /// Where an API key goes, when the spec authorizes with one rather than a bearer token:
    /// the first `apiKey` scheme the operations use.
    pub api_key: Option<ApiKeyPlace>,
    /// The API-version header every request carries, with its value.
    pub version_header: Option<(String, String)>,
    /// The body type of error responses, shared by every operation.
    pub error: ErrorModel,
    /// Operations, sorted by method name.
    pub operations: Vec<Operation>,
    /// Named types by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Settings entries that named nothing in this spec (they may apply to another version).
    pub unused_settings: Vec<String>,
    /// What the generator tells the user about the spec: choices, loosely typed places,
    /// errors worked around; each located.
    pub notes: Vec<Note>,
    /// The requests the API sends to its users' servers (`webhooks`).
    pub webhooks: Vec<Webhook>,
    /// The cargo features that each compile part of the API, when the settings split it
    /// ([`crate::settings::SplitBy`]).
    pub parts: Option<Parts>,
}

/// The cargo features of an API split into parts: each compiles some operations, with their
/// mocks and commands, and the types they reach.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parts {
    /// The parts' features, sorted (`tag-billing`, or `path-users` for untagged operations).
    pub features: Vec<String>,
    /// The features that compile each operation, by operationId.
    pub operations: BTreeMap<String, Vec<String>>,
    /// The features that compile each named type some but not all parts reach. A type every
    /// part reaches, or that the client itself needs (the error type, webhooks), is compiled
    /// always and is not listed; a type no operation reaches is listed with no feature, and
    /// compiles with [`ALL_PARTS`] only.
    pub types: BTreeMap<String, Vec<String>>,
}

/// The feature that enables every part.
pub const ALL_PARTS: &str = "all-parts";

/// Something the generator tells the user about a place of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// What kind of remark it is.
    pub kind: NoteKind,
    /// Where, as the author wrote it.
    pub location: Location,
    /// What was done there.
    pub message: String,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// The kinds of [`Note`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoteKind {
    /// A choice where the spec leaves one open; what is generated is as precise as the spec.
    Choice,
    /// A valid construct no Rust type can say precisely, typed loosely (any JSON value, text
    /// or bytes) so that the rest of the client is whole.
    Loose,
    /// An error of the document confined to one place, worked around (`strict` refuses it).
    Warning,
}

/// Where an API key goes, by name: a header (`X-Api-Key`), a query parameter or a cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiKeyPlace {
    /// `in: header`.
    Header(String),
    /// `in: query`.
    Query(String),
    /// `in: cookie`.
    Cookie(String),
}

/// A webhook: a request the API sends, whose payload a user's server decodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Its name in the spec (`newPet`).
    pub name: String,
    /// The Rust name of its payload's alias (`NewPet`).
    pub rust_name: String,
    /// The method the API sends it with.
    pub http_method: HttpMethod,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// The payload's type, when it has a body.
    pub payload: Option<TypeRef>,
}

/// How error responses decode.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorModel {
    /// The one schema every error response uses, or [`TypeRef::Json`] when they differ.
    pub ty: TypeRef,
    /// Where the code and message are, from the settings.
    pub code: Option<FieldPath>,
    /// The message's path.
    pub message: Option<FieldPath>,
}

/// A path of struct fields from a type to a value inside it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPath {
    /// Each step: the Rust field name and whether the field is an `Option`.
    pub steps: Vec<(RustName, bool)>,
    /// The same steps as property names on the wire.
    pub wire: Vec<String>,
    /// The type at the end.
    pub ty: TypeRef,
}

/// HTTP methods an operation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl HttpMethod {
    /// The method as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }
}

/// One operation: one client method.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operationId (derived from method and path when the spec has none).
    pub operation_id: String,
    /// The Rust method name.
    pub method_name: RustName,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template as sent: as in the spec, without a fragment (`#...`).
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `tags`, as the spec writes them.
    pub tags: Vec<String>,
    /// Parameters in call order: path parameters in template order, then the others.
    pub params: Vec<Param>,
    /// The name of the struct that carries the query and header parameters, when there are
    /// any (`<Operation>Params`), so that optional ones need not be spelled out.
    pub params_struct: Option<String>,
    /// The request body.
    pub body: Option<Body>,
    /// The method's arguments, in order: the path parameters, the params struct, the body.
    pub arguments: Vec<Argument>,
    /// Success responses in status order.
    pub success: Vec<Response>,
    /// Whether its answer is a redirect (it declares a 3XX and no 2XX): its 3XX statuses are
    /// successes, and the client returns them rather than following them.
    pub keeps_redirects: bool,
    /// The error responses the spec declares, in status order, `default` last.
    pub errors: Vec<ErrorResponse>,
    /// What the method returns.
    pub output: Output,
    /// How to follow the pages of a list operation, when it has a page cursor.
    pub pagination: Option<Pagination>,
    /// The server-sent events a success answer offers (`text/event-stream`), if any.
    pub events: Option<Events>,
    /// JSON pointer of the operation in the spec.
    pub pointer: Pointer,
    /// Its command in the generated command line.
    pub command: Command,
    /// Whether the spec requires credentials for it (`security`, its own or the document's).
    pub authorized: bool,
    /// The one credential it takes, where the API takes both kinds, or none where its
    /// `security` says so; `None`: whatever the client has.
    pub scheme: Option<Scheme>,
    /// In the `mock` module: the struct a matched request decodes into, and the mock
    /// server's method that expects the operation.
    pub mock: (String, RustName),
}

/// An argument of a client method, and how the method takes it: the one calling convention
/// the client, its command line and its generated tests share.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    /// The argument's name.
    pub name: RustName,
    /// What it carries.
    pub carries: Carries,
    /// The value's type.
    pub ty: TypeRef,
    /// Whether the method takes it in an `Option` (an optional body).
    pub optional: bool,
    /// How the method takes the value.
    pub taken: Taken,
}

/// What an argument carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Carries {
    /// The path parameter of this wire name.
    Path(String),
    /// The struct of the query and header parameters.
    Params,
    /// The request body.
    Body,
}

/// How a method takes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// By value: small `Copy` values (ids, numbers, dates).
    Value,
    /// As `&str`: strings, secrets and text bodies.
    Str,
    /// As a slice, `&[T]`: lists.
    Slice,
    /// As `impl Into<Bytes>`: a body of bytes.
    Bytes,
    /// By reference, `&T`: everything else.
    Ref,
}

impl Taken {
    /// How a value of `ty` is taken: by reference unless it is small and `Copy`.
    pub fn of(ty: &TypeRef) -> Self {
        match ty {
            ty if ty.is_copy() => Self::Value,
            TypeRef::String | TypeRef::Secret | TypeRef::Text => Self::Str,
            TypeRef::Bytes => Self::Bytes,
            TypeRef::Vec(_) => Self::Slice,
            _ => Self::Ref,
        }
    }
}

/// An operation's command in the generated command line: `<resource> <action>`, distinct
/// from every other operation's, and its arguments.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Command {
    /// The resource (`api-keys`).
    pub resource: String,
    /// The action (`create`).
    pub action: String,
    /// The arguments: positionals, then flags.
    pub args: Vec<CommandArg>,
}

/// One argument of a command.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandArg {
    /// The property or parameter name on the wire.
    pub wire: String,
    /// The flag (`role`), or the positional's value name (`PROJECT_ID`).
    pub name: String,
    /// Where the value goes.
    pub place: ArgPlace,
    /// How its text becomes JSON.
    pub shape: ArgShape,
    /// A repeated flag, one item each.
    pub list: bool,
    /// A positional rather than a flag.
    pub positional: bool,
    /// Whether it must be given.
    pub required: bool,
    /// Its help text.
    pub help: String,
    /// An enum's values.
    pub values: Vec<String>,
    /// Whether values beside those are accepted (an open enum).
    pub open: bool,
}

/// Where a command's argument goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgPlace {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// A property of the JSON body.
    Body,
}

/// How a command's argument text becomes JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgShape {
    /// As a string.
    Text,
    /// As an integer.
    Integer,
    /// As a number.
    Number,
    /// As `true` or `false`.
    Boolean,
    /// As JSON.
    Json,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// A kind of credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// A bearer token (`http` bearer, OAuth 2, OpenID Connect), in `Authorization`.
    Bearer,
    /// An API key, in the header its scheme names.
    ApiKey,
    /// None: the operation's `security` says it takes no credential.
    None,
}

/// A parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust argument or field name.
    pub rust_name: RustName,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether the caller must give it.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// `description`.
    pub description: Option<String>,
    /// For lists: each item written apart (`name=a&name=b`, `.a.b`, `;name=a;name=b`) rather
    /// than joined into one value.
    pub explode: bool,
    /// How a value or a list of values is written, when its encoding is text.
    pub style: ValueStyle,
    /// How its value is written.
    pub encoding: ParamEncoding,
    /// Limits checked before sending.
    pub constraints: Constraints,
    /// The string `format` of its inline schema (`email`, `uri`), which samples follow.
    pub format: Option<String>,
    /// The schema's `default`, as JSON, for the docs (the server applies it).
    pub default: Option<String>,
}

impl Param {
    /// The character that joins a query list's items into one pair where it is not `form`'s
    /// comma: a space or `|`, when the list is not exploded.
    pub fn delimited(&self) -> Option<char> {
        let delimiter = self.style.delimiter();
        (delimiter != ',' && !self.explode).then_some(delimiter)
    }
}

/// How a parameter's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// As text: a scalar, an enum or a union of them (a list of those as `explode` says), or a
    /// value of any type (a string as it is, anything else as JSON).
    Text,
    /// An object (or map) in the query, a property at a time, as the style says.
    Object(ObjectStyle),
    /// As its JSON text: a parameter described by `content: application/json`, or a value no
    /// parameter style defines (a list of objects, an object in a header).
    Json,
}

/// How a scalar, or a list of scalars, is written (OpenAPI's `style`; lists also follow
/// `explode`). The styles are RFC 6570's, as OpenAPI defines them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueStyle {
    /// `simple` (path, header) or `form` (query, cookie): the value, a list's items joined by
    /// commas.
    Plain,
    /// `spaceDelimited` (query): a list's items joined by spaces.
    SpaceDelimited,
    /// `pipeDelimited` (query): a list's items joined by `|`.
    PipeDelimited,
    /// `label` (path): `.value`; a list `.a,b`, exploded `.a.b`.
    Label,
    /// `matrix` (path): `;name=value`; a list `;name=a,b`, exploded `;name=a;name=b`.
    Matrix,
}

impl ValueStyle {
    /// What joins a list's items in one value: a comma, a space (`spaceDelimited`) or `|`
    /// (`pipeDelimited`).
    pub fn delimiter(self) -> char {
        match self {
            Self::SpaceDelimited => ' ',
            Self::PipeDelimited => '|',
            Self::Plain | Self::Label | Self::Matrix => ',',
        }
    }
}

/// How an object in the query is written (OpenAPI's `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectStyle {
    /// `form`, exploded: a pair per property.
    FormExploded,
    /// `form`, not exploded: one pair, `name=key,value,key,value`.
    Form,
    /// `spaceDelimited`, not exploded: one pair, `name=key value key value`.
    SpaceDelimited,
    /// `pipeDelimited`, not exploded: one pair, `name=key|value|key|value`.
    PipeDelimited,
    /// `deepObject`: a pair per property, `name[key]=value`.
    DeepObject,
}

impl ObjectStyle {
    /// What joins the keys and values of an object written as one pair: a comma, a space or
    /// `|` (the exploded styles write a pair per property and join nothing).
    pub fn delimiter(self) -> char {
        match self {
            Self::SpaceDelimited => ' ',
            Self::PipeDelimited => '|',
            Self::Form | Self::FormExploded | Self::DeepObject => ',',
        }
    }
}

/// What a client method returns on success.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// One body type for every success status, or `()` when none has a body.
    Body(Option<TypeRef>),
    /// Success statuses with different bodies: an enum with a variant per status.
    Statuses {
        /// The enum's name.
        name: String,
        /// `(variant, status, range, body)` per success response.
        variants: Vec<(String, u16, bool, Option<TypeRef>)>,
        /// The response headers the spec declares, with the name of the struct that carries
        /// them beside the enum (as `body`), when there are any.
        headers: Option<(String, Vec<ResponseHeader>)>,
    },
    /// A body plus the response headers the spec declares, in a struct.
    WithHeaders {
        /// The struct's name.
        name: String,
        /// The body's type; `None` for an empty body.
        body: Option<TypeRef>,
        /// The declared headers.
        headers: Vec<ResponseHeader>,
    },
}

/// A response header the caller may need (a request id, a rate limit).
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The header's name.
    pub wire_name: String,
    /// The struct field's name.
    pub rust_name: RustName,
    /// The value's type: a string or an integer.
    pub ty: TypeRef,
    /// `description`.
    pub description: Option<String>,
}

/// How a list operation's pages chain: the query parameter that takes the cursor, and where
/// the items and the next cursor are in the response.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The name of the method that streams every item (`<list method>_stream`).
    pub stream_method: RustName,
    /// The params-struct field that takes the cursor.
    pub token_field: RustName,
    /// The response field holding the page's items.
    pub items_field: RustName,
    /// Whether that field is an `Option`.
    pub items_optional: bool,
    /// The items' type.
    pub item: TypeRef,
    /// Fields from the response to the next cursor, with whether each is an `Option`.
    pub next: Vec<(RustName, bool)>,
}

/// An operation's stream of server-sent events, the method that reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Events {
    /// The method (`<method>_events`), named once every operation has its name.
    pub method: RustName,
    /// The type of each event's data.
    pub item: TypeRef,
    /// The boolean property of the request body that asks for events (`stream`), if any.
    pub flag: Option<String>,
    /// The success status the events come with.
    pub status: u16,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `application/x-ndjson`: one JSON line per item of the list.
    NdJson,
    /// `multipart/form-data`: a part per property, files streamed.
    Multipart,
    /// Any other media type (`text/plain`, `application/octet-stream`, `image/png`): the body
    /// as it is, text or bytes.
    Raw,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: TypeRef,
    /// How it is sent.
    pub encoding: BodyEncoding,
    /// Whether the operation requires it.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// For NDJSON, the method that sends the items of a stream as they come
    /// (`<method>_streaming`), named once every operation has its name.
    pub streaming_method: Option<RustName>,
    /// The media type it is sent as (`Content-Type`).
    pub media_type: String,
}

/// An error response an operation declares.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// The statuses it stands for.
    pub status: StatusPattern,
    /// The type of its JSON body; `None` when it has none, or one that is not JSON.
    pub ty: Option<TypeRef>,
    /// The media types of its body, as declared (`application/problem+json`).
    pub media_types: Vec<String>,
    /// Whether a schema describes its body (else examples alone do, or it has none).
    pub has_schema: bool,
}

/// The statuses a response is declared for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusPattern {
    /// One status (`404`).
    Code(u16),
    /// Every status of a hundred (`4XX` is `Range(4)`).
    Range(u16),
    /// Every status the others do not name (`default`).
    Default,
}

/// A response the operation can answer with.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status code, or the first code of a range (`2XX` -> 200).
    pub status: u16,
    /// Whether the status stands for a range.
    pub range: bool,
    /// The body's type; `None` for an empty body.
    pub ty: Option<TypeRef>,
    /// `description`.
    pub description: Option<String>,
    /// The media types it declares (the `Accept` header of a body that is not JSON).
    pub media_types: Vec<String>,
}

/// A reference to a type, as a field, parameter or body uses it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A type defined in the module's `types`.
    Named(String),
    /// `type: string`.
    String,
    /// `format: uuid`.
    Uuid,
    /// `format: date-time`.
    DateTime,
    /// `format: date`.
    Date,
    /// `type: boolean`.
    Bool,
    /// `format: int32`.
    I32,
    /// `type: integer`, `format: int64` or none.
    I64,
    /// `format: float`.
    F32,
    /// `type: number`, `format: double` or none.
    F64,
    /// A string declared secret in the settings.
    Secret,
    /// `format: binary`: a file, sent as a part of a multipart body.
    File,
    /// A success body of a `text/*` media type, as text.
    Text,
    /// A success body of any other media type that is not JSON, as bytes.
    Bytes,
    /// Any JSON value.
    Json,
    /// `type: array`.
    Vec(Box<TypeRef>),
    /// `additionalProperties`: a map from string keys.
    Map(Box<TypeRef>),
    /// A list item or map value that may be `null` (`nullable`, `type: [T, "null"]`):
    /// `Option<T>`. A field's nullability is the field's own ([`Field::nullable`]).
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// Whether the Rust type names a generated type (`types::Pet`, `Vec<types::Pet>`), so that
    /// the module saying it imports `types`.
    pub fn names_a_type(&self) -> bool {
        match self {
            Self::Named(_) => true,
            Self::Vec(inner) | Self::Map(inner) | Self::Nullable(inner) => inner.names_a_type(),
            _ => false,
        }
    }

    /// Whether the Rust type is small and `Copy`, so that arguments take it by value.
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            Self::Uuid | Self::DateTime | Self::Date | Self::Bool | Self::I32 | Self::I64 | Self::F32 | Self::F64
        )
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// `description` (or `title`).
    pub description: Option<String>,
    /// JSON pointer of the schema it was made from (its first occurrence when shared).
    pub pointer: Pointer,
    /// What it is.
    pub kind: TypeKind,
}

/// The shapes a named type can have.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Vec<Field>),
    /// A string enum.
    Enum {
        /// The known values.
        variants: Vec<Variant>,
        /// For an open enum (`x-enum`), the name of the variant that keeps values this
        /// client does not know; `None` for a closed enum, which rejects them.
        other: Option<String>,
    },
    /// A component that is another type under a new name.
    Alias(TypeRef),
    /// `oneOf` / `anyOf`: a value of one of several types.
    Union {
        /// The alternatives, in the spec's order.
        variants: Vec<UnionVariant>,
        /// The property whose value says which alternative a value is (`discriminator`).
        discriminator: Option<String>,
        /// With a discriminator, the variant that keeps values with an unknown tag.
        other: Option<String>,
    },
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The type it holds.
    pub ty: TypeRef,
    /// The discriminator values that select it.
    pub tags: Vec<String>,
    /// The limits of its values (an inline `{type: string, pattern: ...}` alternative's),
    /// which samples follow; the server checks them.
    pub constraints: Constraints,
    /// The string `format` of an inline alternative, which samples follow.
    pub format: Option<String>,
}

/// `ty`, or what it names when it is an alias of `types` (through chains of them).
pub fn through_aliases<'t>(types: &'t BTreeMap<String, TypeDef>, ty: &'t TypeRef) -> &'t TypeRef {
    match ty {
        TypeRef::Named(name) => match types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Alias(target)) => through_aliases(types, target),
            _ => ty,
        },
        _ => ty,
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The property name on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: RustName,
    /// Its type.
    pub ty: TypeRef,
    /// In the schema's `required` list.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// `description`.
    pub description: Option<String>,
    /// Limits checked before a request is sent.
    pub constraints: Constraints,
    /// Flattened into the object: the map that collects `additionalProperties` next to
    /// `properties` ([`Field::collects_rest`]), or the alternatives of a `oneOf`/`anyOf` next
    /// to `properties`.
    pub flatten: bool,
    /// `readOnly`: set by the server, left out of requests.
    pub read_only: bool,
    /// `writeOnly`: sent by the client, never returned.
    pub write_only: bool,
    /// The schema's `default`, as JSON, for the docs.
    pub default: Option<String>,
    /// A string `format` with no Rust type of its own (`email`, `uri`), of the value or of
    /// a list's items, for the docs and samples.
    pub format: Option<String>,
    /// The chained setter of an optional field (or of the map that collects the rest): named
    /// after the field, numbered when that is a method every struct has (`new`, `clone`).
    pub setter: Option<RustName>,
    /// What the schema says in prose beyond its description, for the rustdoc: that it is
    /// deprecated, an example, a link to external documentation.
    pub annotations: Vec<String>,
}

impl Field {
    /// Whether the field collects the object's other properties (`additionalProperties` next
    /// to named ones): a map, empty until set.
    pub fn collects_rest(&self) -> bool {
        self.flatten && matches!(self.ty, TypeRef::Map(_))
    }

    /// A plain field for unit tests: the same name on the wire and in Rust, nothing else set.
    #[cfg(test)]
    pub(crate) fn plain(name: &str, ty: TypeRef, required: bool) -> Self {
        Self {
            wire_name: name.to_owned(),
            rust_name: crate::naming::field_name(name),
            ty,
            required,
            nullable: false,
            description: None,
            constraints: Constraints::default(),
            flatten: false,
            read_only: false,
            write_only: false,
            default: None,
            format: None,
            setter: None,
            annotations: Vec::new(),
        }
    }
}

impl TypeDef {
    /// A type for unit tests, with no description or pointer.
    #[cfg(test)]
    pub(crate) fn plain(name: &str, kind: TypeKind) -> Self {
        Self { name: name.to_owned(), description: None, pointer: Pointer::root(), kind }
    }
}

/// Value limits from the schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `exclusiveMinimum`: the minimum itself is not allowed.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum`: the maximum itself is not allowed.
    pub exclusive_maximum: bool,
    /// `pattern`: a regular expression the whole string must match.
    pub pattern: Option<String>,
    /// The limits of each item of a list.
    pub items: Option<Box<Constraints>>,
    /// `enum` of a number: the values allowed.
    pub values: Vec<f64>,
    /// `minProperties` of an object: samples set that many, optional ones when the required
    /// are fewer; the server checks it.
    pub min_properties: Option<usize>,
}

impl Constraints {
    /// Whether there is anything to check.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// An enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The value on the wire.
    pub wire_name: String,
    /// The Rust variant name.
    pub rust_name: String,
}
