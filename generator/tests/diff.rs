//! `diff` on small spec pairs, one kind of change each, with its classification.

mod common;

use generator::diff::{Impact, diff};
use generator::{Settings, lower};

/// A spec with `paths` and `schemas` spliced in.
fn spec(paths: &str, schemas: &str) -> generator::model::Api {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n    Unused: {{type: object, properties: {{x: {{type: string}}}}}}\n{schemas}"
    );
    lower(&common::spec(&text), &Settings::default()).expect("lowers")
}

/// The changes as `impact item: change` lines.
fn changes(old: &generator::model::Api, new: &generator::model::Api) -> Vec<String> {
    diff(old, new, "v1", "v2")
        .into_iter()
        .map(|c| format!("{} {}: {}", if c.impact == Impact::Breaking { "B" } else { "C" }, c.item, c.change))
        .collect()
}

const GET_THING: &str = "  /things/{id}:\n    get:\n      operationId: get_thing\n      parameters:\n        - {in: path, name: id, required: true, schema: {type: string}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}\n";
const THING: &str = "    Thing:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        size: {type: integer}\n";

#[test]
fn operations_added_removed_and_renamed() {
    let old = spec(GET_THING, THING);
    let renamed = spec(&GET_THING.replace("operationId: get_thing", "operationId: fetch_thing"), THING);
    assert_eq!(
        changes(&old, &renamed),
        [
            "B v2::Client::fetch_thing: renamed from `v1::Client::get_thing` (operationId `get_thing` -> `fetch_thing`, same `GET /things/{id}`)"
        ]
    );
    let added = spec(
        &format!(
            "{GET_THING}  /ping:\n    post:\n      operationId: ping\n      responses: {{'204': {{description: ok}}}}\n"
        ),
        THING,
    );
    assert_eq!(changes(&old, &added), ["C v2::Client::ping: operation `ping` (`POST /ping`) added"]);
    assert_eq!(changes(&added, &old), ["B v1::Client::ping: operation `ping` (`POST /ping`) removed"]);
}

#[test]
fn parameters_added_removed_and_required() {
    let with = |params: &str| {
        spec(&GET_THING.replace("schema: {type: string}}\n", &format!("schema: {{type: string}}}}\n{params}")), THING)
    };
    let old = with("");
    let optional = with("        - {in: query, name: limit, schema: {type: integer}}\n");
    let required = with("        - {in: query, name: limit, required: true, schema: {type: integer}}\n");
    let old_changes = changes(&old, &optional);
    assert!(
        old_changes.contains(&"C v2::Client::get_thing: optional query parameter `limit` added".to_owned()),
        "{old_changes:?}"
    );
    assert!(
        changes(&old, &required)
            .contains(&"B v2::Client::get_thing: required query parameter `limit` added".to_owned())
    );
    assert!(
        changes(&optional, &required)
            .contains(&"B v2::Client::get_thing: query parameter `limit` is now required".to_owned())
    );
    assert!(changes(&optional, &old).contains(&"B v2::Client::get_thing: query parameter `limit` removed".to_owned()));
}

#[test]
fn response_type_changes_name_both_types() {
    let old = spec(GET_THING, THING);
    let new = spec(
        &GET_THING.replace(
            "'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}",
            "'201': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Other'}}}}",
        ),
        &format!("{THING}    Other: {{type: object, properties: {{a: {{type: string}}}}}}\n"),
    );
    let got = changes(&old, &new);
    assert!(
        got.contains(
            &"B v2::Client::get_thing: returns `Other` (status 201) instead of `Thing` (status 200)".to_owned()
        ),
        "{got:?}"
    );
    assert!(got.contains(&"C v2::types::Other: type added".to_owned()), "{got:?}");
}

#[test]
fn fields_added_removed_and_changed() {
    let old = spec(GET_THING, THING);
    let check = |schema: &str, want: &[&str]| {
        let got = changes(&old, &spec(GET_THING, schema));
        assert_eq!(got, want, "for\n{schema}");
    };
    check(
        &format!("{THING}        color: {{type: string}}\n"),
        &["C v2::types::Thing::color: optional field `color` added"],
    );
    check(
        &THING.replace("required: [id]", "required: [id, size]"),
        &["B v2::types::Thing::size: now required (`Option<i64>` -> `i64`)"],
    );
    check(
        &THING.replace("id: {type: string}", "id: {type: string, format: uuid}"),
        &["B v2::types::Thing::id: type changed from `String` to `uuid::Uuid`"],
    );
    check(&THING.replace("        size: {type: integer}\n", ""), &["B v1::types::Thing::size: field removed"]);
    check(
        &format!("{THING}        name: {{type: string}}\n").replace("required: [id]", "required: [id, name]"),
        &["B v2::types::Thing::name: required field `name` added"],
    );
}

#[test]
fn enum_values_open_and_closed() {
    let with = |values: &str, key: &str| {
        spec(GET_THING, &format!("{THING}        role: {{type: string, {key}: [{values}]}}\n"))
    };
    assert_eq!(
        changes(&with("a, b", "x-enum"), &with("a, b, c", "x-enum")),
        ["C v2::types::ThingRole::C: value `c` added to the open enum"]
    );
    assert_eq!(
        changes(&with("a, b", "x-enum"), &with("a", "x-enum")),
        ["B v1::types::ThingRole::B: value `b` removed"]
    );
    assert_eq!(
        changes(&with("a", "enum"), &with("a, b", "enum")),
        ["B v2::types::ThingRole::B: value `b` added to the closed enum"]
    );
}

#[test]
fn prose_is_not_a_change() {
    let old = spec(GET_THING, THING);
    let new = spec(
        &GET_THING.replace("operationId: get_thing", "operationId: get_thing\n      summary: Now documented"),
        &THING.replace("id: {type: string}", "id: {type: string, description: The id}"),
    );
    assert!(changes(&old, &new).is_empty());
}

/// The naming rule's promise: a later version that adds an occurrence of a shared inline
/// schema, under an owner that sorts before the others, renames nothing.
#[test]
fn a_new_earlier_sorting_owner_of_a_shared_type_renames_nothing() {
    let list = "  /bindings:\n    get:\n      operationId: list_bindings\n      parameters:\n        - {in: query, name: role, schema: {type: string, x-enum: [Owner, Viewer]}}\n        - {in: query, name: principal_type, schema: {type: string, x-enum: [user, api_key]}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Binding'}}}}\n";
    let binding = "    Binding:\n      type: object\n      properties:\n        role: {type: string, x-enum: [Owner, Viewer]}\n        principal_type: {type: string, x-enum: [user, api_key]}\n";
    let old = spec(list, binding);
    let earlier = "    AddBindingRequest:\n      type: object\n      properties:\n        role: {type: string, x-enum: [Owner, Viewer]}\n        principal_type: {type: string, x-enum: [user, api_key]}\n    Aaa:\n      type: object\n      properties:\n        principal_type: {type: string, x-enum: [user, api_key]}\n";
    let new = spec(list, &format!("{binding}{earlier}"));
    for api in [&old, &new] {
        assert!(api.types.contains_key("BindingRole"), "{:?}", api.types.keys());
        assert!(api.types.contains_key("PrincipalType"), "{:?}", api.types.keys());
    }
    assert_eq!(
        changes(&old, &new),
        ["C v2::types::Aaa: type added", "C v2::types::AddBindingRequest: type added"],
        "only the new owners are changes"
    );
}
