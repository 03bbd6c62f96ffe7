//! Lowering into the model: names, shared types, formats, optionality, the version header,
//! secrets and the error model, on small specs made for each rule (`tests/lowering/`).

mod common;

use common::spec;
use generator::model::{Api, TypeKind, TypeRef};
use generator::{Settings, lower};

/// The organizations fixture (`tests/lowering/organizations.yaml`), lowered with `settings`
/// (the YAML of an `api` section).
fn organizations(settings: &str) -> Api {
    let rel = "tests/lowering/organizations.yaml";
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).expect("readable");
    let spec = generator::parse(rel, text).expect("parses");
    let file = generator::SettingsFile::parse(std::path::Path::new("settings.yaml"), &format!("api:\n{settings}"))
        .expect("settings");
    lower(&spec, &file.for_api("api")).expect("lowers")
}

/// The settings the organizations fixture cannot say itself.
const SETTINGS: &str = "  version_header: X-Api-Version\n  secrets: [ApiKeyWithSecret.value]\n  error: {code: error.code, message: error.message}\n";

fn lower_ok(text: &str) -> Api {
    lower(&spec(text), &Settings::default()).expect("lowers")
}

fn fields(api: &Api, ty: &str) -> Vec<(String, TypeRef, bool, bool)> {
    match &api.types.get(ty).unwrap_or_else(|| panic!("no type {ty}: {:?}", api.types.keys())).kind {
        TypeKind::Struct(fields) => {
            fields.iter().map(|f| (f.rust_name.as_str().to_owned(), f.ty.clone(), f.required, f.nullable)).collect()
        }
        other => panic!("{ty} is not a struct: {other:?}"),
    }
}

fn field_type(api: &Api, ty: &str, field: &str) -> TypeRef {
    fields(api, ty).into_iter().find(|f| f.0 == field).unwrap_or_else(|| panic!("{ty} has no {field}")).1
}

#[test]
fn the_role_enum_is_one_shared_type() {
    let api = organizations(SETTINGS);
    let role = TypeRef::Vec(Box::new(TypeRef::Named("ApiKeyRole".into())));
    assert_eq!(field_type(&api, "ApiKey", "roles"), role);
    assert_eq!(field_type(&api, "CreateApiKeyRequest", "roles"), role);
    assert_eq!(field_type(&api, "UpdateApiKeyRequest", "roles"), role, "a description is not a fact");
    let enums: Vec<&String> =
        api.types.iter().filter(|(_, t)| matches!(t.kind, TypeKind::Enum { .. })).map(|(n, _)| n).collect();
    assert_eq!(enums.iter().filter(|n| n.contains("ApiKeyRole")).count(), 1, "{enums:?}");
    let TypeKind::Enum { variants, other } = &api.types["ApiKeyRole"].kind else { panic!("enum") };
    assert_eq!(variants.len(), 3);
    assert_eq!(other.as_deref(), Some("Other"), "x-enum is open");
}

#[test]
fn different_inline_schemas_are_never_merged() {
    let api = lower_ok(
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        kind: {type: string, x-enum: [x, y]}
        other_kind: {type: string, x-enum: [x, y], description: same facts, other prose}
        mode: {type: string, enum: [x, y]}
    B:
      type: object
      properties:
        kind: {type: string, x-enum: [x, z]}
",
    );
    assert_eq!(field_type(&api, "A", "kind"), TypeRef::Named("AKind".into()));
    assert_eq!(field_type(&api, "A", "other_kind"), TypeRef::Named("AKind".into()), "same facts share a type");
    assert_eq!(field_type(&api, "A", "mode"), TypeRef::Named("AMode".into()), "closed and open differ");
    assert_eq!(field_type(&api, "B", "kind"), TypeRef::Named("BKind".into()));
}

/// Inline schemas used in several places are named by what they are, whichever owner comes
/// first: the role, principal and resource enums each appear in three to five places (one
/// under an owner of another family that sorts first), the page cursor object in two lists.
#[test]
fn shared_inline_schemas_are_named_by_what_they_are() {
    let api = organizations(SETTINGS);
    let named = |n: &str| TypeRef::Named(n.into());
    for owner in ["Aardvark", "RoleBinding", "RoleBindingInput", "CreateRoleBindingRequest", "ListRoleBindingsParams"] {
        assert_eq!(field_type(&api, owner, "role"), named("RoleBindingRole"), "{owner}.role");
    }
    for owner in ["RoleBinding", "RoleBindingInput", "CreateRoleBindingRequest", "ListRoleBindingsParams"] {
        assert_eq!(field_type(&api, owner, "resource_type"), named("ResourceType"), "{owner}.resource_type");
    }
    for owner in ["RoleBinding", "CreateRoleBindingRequest", "ListRoleBindingsParams"] {
        assert_eq!(field_type(&api, owner, "principal_type"), named("PrincipalType"), "{owner}.principal_type");
    }
    for owner in ["InviteList", "RoleBindingList"] {
        // `nullable` + `allOf: [{x-component-name: PaginationResponse, ...}]`.
        assert_eq!(field_type(&api, owner, "pagination"), named("PaginationResponse"), "{owner}.pagination");
    }
    assert_eq!(field_type(&api, "Invite", "status"), named("InviteStatus"));
    assert_eq!(field_type(&api, "Organization", "payment_status"), named("PaymentStatus"));
}

/// The family of a one-word property's type is the one most of its owners share, so an owner
/// of another family that sorts first does not rename it.
#[test]
fn a_shared_type_takes_its_owners_common_family() {
    let api = lower_ok(
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Aardvark:
      type: object
      properties:
        color: {type: string, enum: [red, blue]}
    Widget:
      type: object
      properties:
        color: {type: string, enum: [red, blue]}
    WidgetInput:
      type: object
      properties:
        color: {type: string, enum: [red, blue]}
",
    );
    assert_eq!(field_type(&api, "Aardvark", "color"), TypeRef::Named("WidgetColor".into()));
    assert_eq!(field_type(&api, "WidgetInput", "color"), TypeRef::Named("WidgetColor".into()));
}

#[test]
fn string_properties_whose_names_say_secret_are_secrets_without_settings() {
    let api = organizations("");
    assert_eq!(field_type(&api, "ServiceAccountWithSecret", "client_secret"), TypeRef::Secret);
    assert_eq!(field_type(&api, "ServiceAccount", "client_id"), TypeRef::String);
    assert_eq!(field_type(&api, "ApiKeyWithSecret", "value"), TypeRef::String, "only the settings know `value`");
    assert_eq!(field_type(&api, "TokenResponse", "access_token"), TypeRef::Secret);
    assert_eq!(field_type(&api, "TokenResponse", "token_type"), TypeRef::String);

    let opted_out = organizations("  not_secrets: [TokenResponse.access_token]\n");
    assert_eq!(field_type(&opted_out, "TokenResponse", "access_token"), TypeRef::String, "opted out");
    assert!(opted_out.unused_settings.is_empty(), "the opt-out was used");
}

#[test]
fn case_only_collisions_are_numbered_in_name_order() {
    let api = lower_ok(
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    APIKey: {type: object, properties: {name: {type: string}, Name: {type: integer}}}
    ApiKey: {type: object, properties: {id: {type: string}}}
",
    );
    assert!(api.types.contains_key("ApiKey") && api.types.contains_key("ApiKey2"));
    assert_eq!(fields(&api, "ApiKey")[0].0, "name");
    assert_eq!(fields(&api, "ApiKey")[1].0, "name2");
    assert_eq!(fields(&api, "ApiKey2")[0].0, "id");
}

#[test]
fn inline_list_responses_are_named_after_their_operation() {
    let api = organizations(SETTINGS);
    let list =
        |name: &str| api.operations.iter().find(|o| o.method_name.as_str() == name).expect("op").success[0].ty.clone();
    assert_eq!(list("list_projects"), Some(TypeRef::Named("ListProjectsResponse".into())));
    assert_eq!(list("delete_project"), None, "202 without a body is ()");
    assert_eq!(list("create_api_key"), Some(TypeRef::Named("ApiKeyWithSecret".into())), "201 with the secret");
}

#[test]
fn x_component_name_names_or_joins_a_component() {
    let text = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    post:
      operationId: a
      requestBody:
        content:
          application/json:
            schema: {x-component-name: Token, type: object, properties: {id: {type: string}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {x-component-name: Fresh, type: object, properties: {n: {type: integer}}}
components:
  schemas:
    Token: {type: object, properties: {id: {type: string, description: prose differs}}}
";
    let api = lower_ok(text);
    let op = &api.operations[0];
    assert_eq!(op.body.as_ref().map(|b| b.ty.clone()), Some(TypeRef::Named("Token".into())));
    assert_eq!(op.success[0].ty, Some(TypeRef::Named("Fresh".into())));
    assert_eq!(api.types.len(), 2);
}

#[test]
fn formats_map_to_rust_types() {
    let api = lower_ok(
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    All:
      type: object
      required: [id, at]
      properties:
        id: {type: string, format: uuid}
        at: {type: string, format: date-time}
        day: {type: string, format: date}
        small: {type: integer, format: int32}
        big: {type: integer, format: int64}
        plain: {type: integer}
        ratio: {type: number, format: float}
        precise: {type: number, format: double}
        flag: {type: boolean}
        maybe: {type: string, nullable: true}
        any: {}
        map: {type: object, additionalProperties: {type: integer}}
",
    );
    let want = [
        ("id", TypeRef::Uuid, true, false),
        ("at", TypeRef::DateTime, true, false),
        ("day", TypeRef::Date, false, false),
        ("small", TypeRef::I32, false, false),
        ("big", TypeRef::I64, false, false),
        ("plain", TypeRef::I64, false, false),
        ("ratio", TypeRef::F32, false, false),
        ("precise", TypeRef::F64, false, false),
        ("flag", TypeRef::Bool, false, false),
        ("maybe", TypeRef::String, false, true),
        ("any", TypeRef::Json, false, false),
        ("map", TypeRef::Map(Box::new(TypeRef::I64)), false, false),
    ];
    let got = fields(&api, "All");
    for (name, ty, required, nullable) in want {
        let field = got.iter().find(|f| f.0 == name).expect("field");
        assert_eq!((&field.1, field.2, field.3), (&ty, required, nullable), "{name}");
    }
}

/// The version header is sent by every request, with the value a parameter declares as its
/// default, else `info.version`; it is never a parameter of a method.
#[test]
fn the_version_header_is_never_a_parameter() {
    let declared = organizations(SETTINGS);
    let undeclared = lower(
        &spec("openapi: 3.0.3\ninfo: {title: T, version: '2029-12'}\npaths:\n  /a:\n    get: {operationId: a, responses: {'204': {description: ok}}}\n"),
        &generator::SettingsFile::parse(std::path::Path::new("s.yaml"), &format!("api:\n{SETTINGS}"))
            .expect("settings")
            .for_api("api"),
    )
    .expect("lowers");
    for (api, version) in [(&declared, "2030-01"), (&undeclared, "2029-12")] {
        assert_eq!(api.version_header, Some(("X-Api-Version".to_owned(), version.to_owned())));
        for op in &api.operations {
            assert!(op.params.iter().all(|p| p.wire_name != "X-Api-Version"), "{}", op.operation_id);
        }
    }
}

#[test]
fn secrets_and_errors_follow_the_settings() {
    let api = organizations(SETTINGS);
    assert_eq!(field_type(&api, "ApiKeyWithSecret", "value"), TypeRef::Secret);
    assert_eq!(api.error.ty, TypeRef::Named("ErrorResponse".into()));
    let code = api.error.code.as_ref().expect("code path");
    let steps: Vec<(&str, bool)> = code.steps.iter().map(|(name, optional)| (name.as_str(), *optional)).collect();
    assert_eq!(steps, [("error", false), ("code", false)]);
    assert_eq!(code.ty, TypeRef::Named("ErrorCode".into()));
    assert!(api.unused_settings.is_empty(), "{:?}", api.unused_settings);

    let inline_errors = lower_ok(
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /token:
    post:
      operationId: get_token
      responses:
        '204': {description: ok}
        '400': {description: bad, content: {application/json: {schema: {type: object, properties: {error: {type: string}}}}}}
        '401': {description: no, content: {application/json: {schema: {type: object, properties: {error: {type: string}}}}}}
",
    );
    assert_eq!(
        inline_errors.error.ty,
        TypeRef::Named("GetTokenError".into()),
        "the identical inline error bodies are one type"
    );
}

#[test]
fn path_parameters_keep_template_order_and_types() {
    let api = lower_ok(
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /orgs/{org}/projects/{project_id}:
    parameters:
      - {in: path, name: project_id, required: true, schema: {type: string, format: uuid}}
    get:
      operationId: get_project
      parameters:
        - {in: path, name: org, required: true, schema: {type: string}}
      responses:
        '204': {description: ok}
",
    );
    let params: Vec<(&str, &TypeRef)> =
        api.operations[0].params.iter().map(|p| (p.wire_name.as_str(), &p.ty)).collect();
    assert_eq!(params, vec![("org", &TypeRef::String), ("project_id", &TypeRef::Uuid)]);
}

#[test]
fn operations_without_an_id_get_a_name_from_method_and_path() {
    let api = lower_ok(
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /users/{id}:
    get:
      parameters:
        - {in: path, name: id, required: true, schema: {type: string}}
      responses:
        '204': {description: ok}
",
    );
    assert_eq!(api.operations[0].method_name.as_str(), "get_users_by_id");
}

/// Settings that shape one operation or type: a command renamed, an object opened to
/// properties it does not name.
#[test]
fn cli_commands_and_extra_properties_follow_the_settings() {
    let text = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /records:
    post:
      operationId: upsert
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Record'}
      responses:
        '204': {description: ok}
components:
  schemas:
    Record:
      type: object
      properties:
        id: {type: string}
";
    let file: generator::SettingsFile = generator::SettingsFile::parse(
        std::path::Path::new("settings.yaml"),
        "api:\n  cli_commands: {upsert: records put}\n  extra_properties: [Record]\n",
    )
    .expect("settings");
    let api = lower(&spec(text), &file.for_api("api")).expect("lowers");
    let command = &api.operations[0].command;
    assert_eq!((command.resource.as_str(), command.action.as_str()), ("records", "put"));
    let additional = fields(&api, "Record").into_iter().find(|f| f.0 == "additional_properties");
    assert_eq!(additional.map(|f| f.1), Some(TypeRef::Map(Box::new(TypeRef::Json))));
    assert!(api.unused_settings.is_empty(), "{:?}", api.unused_settings);

    let bad: generator::SettingsFile = generator::SettingsFile::parse(
        std::path::Path::new("settings.yaml"),
        "api:\n  cli_commands: {upsert: oneword}\n",
    )
    .expect("settings");
    let err = lower(&spec(text), &bad.for_api("api")).expect_err("not two words").to_string();
    assert!(err.contains("write it as `<resource> <action>`"), "{err}");
}

#[test]
fn a_split_api_has_a_part_per_tag_and_each_type_in_the_parts_that_reach_it() {
    let text = r##"
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [Pets]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}}}}
        default: {description: error, content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
  /pets/{id}/owner:
    get:
      operationId: getOwner
      tags: [Pets, Store Owners]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Owner"}}}}
  /orders/{id}:
    get:
      operationId: getOrder
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}}
components:
  schemas:
    Pet: {type: object, properties: {owner: {$ref: "#/components/schemas/Owner"}}}
    Owner: {type: object, properties: {name: {type: string}}}
    Order: {type: object, properties: {pet: {$ref: "#/components/schemas/Pet"}}}
    Problem: {type: object, properties: {detail: {$ref: "#/components/schemas/Detail"}}}
    Detail: {type: object, properties: {text: {type: string}}}
    Unused: {type: object, properties: {x: {type: string}}}
"##;
    let settings = Settings { split_by: Some(generator::settings::SplitBy::Tags), ..Settings::default() };
    let api = lower(&spec(text), &settings).expect("lowers");
    let parts = api.parts.expect("split");
    assert_eq!(parts.features, ["path-orders", "tag-pets", "tag-store-owners"], "one per tag, untagged by path");
    let of = |id: &str| parts.operations[id].clone();
    assert_eq!(of("getOwner"), ["tag-pets", "tag-store-owners"], "an operation with two tags is in both");
    assert_eq!(of("getOrder"), ["path-orders"]);
    // Owner is reached by every part (through Pet from orders), so it is always compiled.
    assert!(!parts.types.contains_key("Owner"), "{:?}", parts.types);
    assert_eq!(parts.types["Pet"], ["path-orders", "tag-pets"], "reached from lists and from fields");
    // The error type is the client's own, needed whatever part is built.
    assert!(!parts.types.contains_key("Problem") && !parts.types.contains_key("Detail"), "{:?}", parts.types);
    assert_eq!(parts.types["Unused"], Vec::<String>::new(), "reached by no operation: with all parts only");
    assert!(lower_ok(text).parts.is_none(), "not split unless asked");
}

/// An operation that answers only with a redirect (an attachment's signed URL) returns it,
/// with its `Location`, rather than following it; beside a 2XX answer, a redirect leads to
/// that answer and stays an error status, which the HTTP client follows.
#[test]
fn a_redirect_is_the_answer_only_where_no_2xx_is() {
    let api = lower_ok(
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /download:
    get:
      operationId: download
      responses:
        '302': {description: to the file}
        '404': {description: no such file}
  /conversation:
    get:
      operationId: conversation
      responses:
        '200': {description: ok}
        '301': {description: merged into another}
  /elsewhere:
    get:
      operationId: elsewhere
      responses:
        '3XX': {description: somewhere else}
  /unchanged:
    get:
      operationId: unchanged
      responses:
        '304': {description: not modified}
",
    );
    let op = |id: &str| api.operations.iter().find(|o| o.operation_id == id).expect("op");
    let download = op("download");
    assert!(download.keeps_redirects);
    assert_eq!(download.success.iter().map(|r| r.status).collect::<Vec<_>>(), vec![302]);
    let headers: Vec<&str> = match &download.output {
        generator::model::Output::WithHeaders { headers, .. } => headers.iter().map(|h| h.wire_name.as_str()).collect(),
        other => panic!("download returns {other:?}"),
    };
    assert_eq!(headers, vec!["Location"]);
    let conversation = op("conversation");
    assert!(!conversation.keeps_redirects);
    assert_eq!(conversation.success.iter().map(|r| r.status).collect::<Vec<_>>(), vec![200]);
    assert_eq!(conversation.errors.len(), 1, "the 301 is an error status: {:?}", conversation.errors);
    let elsewhere = op("elsewhere");
    assert!(elsewhere.keeps_redirects, "a range of redirects is the answer too");
    assert!(
        matches!(&elsewhere.output, generator::model::Output::WithHeaders { headers, .. } if headers[0].wire_name == "Location")
    );
    let unchanged = op("unchanged");
    assert!(unchanged.keeps_redirects);
    assert_eq!(unchanged.output, generator::model::Output::Body(None), "a 304 has no Location");
}

/// Header parameters named `Accept`, `Content-Type` or `Authorization` are ignored, as OpenAPI
/// says, and so is `Content-Length`: the client writes those headers itself (SendGrid
/// declares `Authorization` beside its API-key scheme, which the parameter would overwrite).
/// Each is said in a note; other headers stay.
#[test]
fn headers_the_client_writes_are_not_parameters() {
    let api = lower_ok(
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /upload:
    post:
      operationId: upload
      parameters:
        - {name: Authorization, in: header, schema: {type: string}}
        - {name: accept, in: header, schema: {type: string}}
        - {name: Content-Type, in: header, schema: {type: string}}
        - {name: Content-Length, in: header, schema: {type: number}}
        - {name: X-Request-Id, in: header, schema: {type: string}}
      responses:
        '204': {description: ok}
",
    );
    let params: Vec<&str> = api.operations[0].params.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(params, ["X-Request-Id"]);
    for name in ["Authorization", "accept", "Content-Type", "Content-Length"] {
        let said = format!("the header parameter `{name}` is left out");
        assert!(api.notes.iter().any(|n| n.message.starts_with(&said)), "no note on `{name}`: {:?}", api.notes);
    }
}
