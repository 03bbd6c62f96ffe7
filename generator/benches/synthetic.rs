//! Synthetic specs of any size for the benchmarks: `n` operations over `n` component schemas,
//! each with an inline open enum, a `$ref` to the previous schema, a list of them, a path
//! parameter, an optional query parameter and a shared error response. Built as text, so
//! the benchmark measures parsing too.

/// The YAML text of a spec with `n` operations.
pub fn spec(n: usize) -> String {
    let mut out = String::with_capacity(n * 1200);
    out.push_str(
        "openapi: 3.0.3\ninfo:\n  title: Synthetic API\n  version: '1'\nservers:\n  - url: http://localhost\npaths:\n",
    );
    for i in 0..n {
        let method = if i % 2 == 0 { "get" } else { "post" };
        out.push_str(&format!(
            "  /resources{i}/{{id}}:\n    {method}:\n      operationId: operation_{i}\n      summary: Operation number {i}\n      parameters:\n        - {{in: path, name: id, required: true, schema: {{type: string, format: uuid}}}}\n        - {{in: query, name: limit, schema: {{type: integer, minimum: 1, maximum: 100}}}}\n"
        ));
        if method == "post" {
            out.push_str(&format!(
                "      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Resource{i}'}}\n"
            ));
        }
        out.push_str(&format!(
            "      responses:\n        '200':\n          description: The resource.\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Resource{i}'}}\n        4XX:\n          description: An error.\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Error'}}\n"
        ));
    }
    out.push_str("components:\n  schemas:\n    Error:\n      type: object\n      required: [code, message]\n      properties:\n        code: {type: string}\n        message: {type: string}\n");
    for i in 0..n {
        let previous = if i == 0 { n.saturating_sub(1) } else { i - 1 };
        out.push_str(&format!(
            "    Resource{i}:\n      description: Resource number {i}.\n      type: object\n      required: [id, name]\n      properties:\n        id: {{type: string, format: uuid}}\n        name: {{type: string, minLength: 1, maxLength: 64}}\n        count: {{type: integer, format: int32}}\n        created_at: {{type: string, format: date-time}}\n        state: {{type: string, x-enum: [active, paused, state_{i}]}}\n        previous: {{$ref: '#/components/schemas/Resource{previous}'}}\n        related:\n          type: array\n          items: {{$ref: '#/components/schemas/Resource{previous}'}}\n"
        ));
    }
    out
}
