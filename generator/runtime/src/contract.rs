//! The runtime side of `cargo xtask contract`: a generated client's contract runner (its
//! `examples/contract.rs`) calls every operation against a server that speaks the spec
//! (Prism, or a staging deployment), and reports each call here, one JSON line on stdout, for
//! the task to tabulate:
//! - whether the server accepted the request: Prism names each violation of the spec in the
//!   `sl-violations` header of its answer;
//! - whether the answer decoded into its type: a success into the method's type (else the
//!   JSON path and the value that failed), an error status into the error type;
//! - or what kept the call from being made or answered.

use std::time::Duration;

use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{Error, ErrorBody};

/// How the runner calls, from its environment (`cargo xtask contract` sets it); the server
/// and the credentials are the client's own variables (`Client::from_env`).
#[derive(Debug, Clone)]
pub struct Config {
    /// How many times each case is called (`CONTRACT_RUNS`, 1 by default).
    pub runs: u32,
    /// Whether operations other than reads are called (`CONTRACT_ALLOW_WRITES=1`).
    pub allow_writes: bool,
    /// The server, in place of the client's own variable (`CONTRACT_BASE_URL`).
    pub base_url: Option<String>,
    /// A credential a test server takes (`CONTRACT_CREDENTIAL`), in place of the client's own.
    pub credential: Option<String>,
}

impl Config {
    /// The configuration in the environment; an error naming what is missing or wrong.
    pub fn from_env() -> Result<Self, String> {
        let runs = match std::env::var("CONTRACT_RUNS") {
            Ok(runs) => runs.parse().map_err(|_| format!("CONTRACT_RUNS is not a number: `{runs}`"))?,
            Err(_) => 1,
        };
        let allow_writes = std::env::var("CONTRACT_ALLOW_WRITES").is_ok_and(|v| v == "1" || v == "true");
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Ok(Self { runs, allow_writes, base_url: var("CONTRACT_BASE_URL"), credential: var("CONTRACT_CREDENTIAL") })
    }

    /// The settings of an HTTP client that asks the server for the answer of `status`
    /// (`Prefer: code=404`, which Prism honours), for the cases of error statuses; a random
    /// answer when a schema describes it, else the spec's example (`dynamic=false`: Prism
    /// cannot make a random answer without a schema, and answers a success instead).
    pub fn http_settings(
        &self,
        ask: Option<(u16, bool)>,
    ) -> impl Fn() -> reqwest::ClientBuilder + Send + Sync + 'static {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some((status, random)) = ask {
            let prefer = if random { format!("code={status}") } else { format!("code={status}, dynamic=false") };
            if let Ok(value) = reqwest::header::HeaderValue::from_str(&prefer) {
                headers.insert("prefer", value);
            }
        }
        move || crate::http_client_builder().default_headers(headers.clone()).timeout(Duration::from_secs(60))
    }

    /// Whether `method` may be called: reads always, writes when allowed.
    pub fn may_call(&self, method: &str) -> bool {
        self.allow_writes || matches!(method, "GET" | "HEAD" | "OPTIONS")
    }
}

/// One call of the runner: its operation, its case, and the error status it asked for.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// The operationId.
    pub operation: &'a str,
    /// The case (`every field`, `required fields only`, `answering 404`, `events`).
    pub case: &'a str,
    /// The HTTP method.
    pub method: &'a str,
    /// The error status asked for, if any.
    pub status: Option<u16>,
}

/// Reports an operation whose calls stopped on a panic (a sample the client could not take).
pub fn panicked(operation: &str, why: &str) {
    line(Call { operation, case: "every case", method: "", status: None }, "failed", None, why);
}

/// Reports a call that was not made (a write, without `CONTRACT_ALLOW_WRITES`).
pub fn skipped(call: Call<'_>, why: &str) {
    line(call, "skipped", None, why);
}

/// Reports what `result` says of `call`.
pub fn report<T, E: ErrorBody>(call: Call<'_>, result: &Result<T, Error<E>>) {
    match result {
        Ok(_) if call.status.is_some() => line(call, "unexpected_success", None, "asked for an error status"),
        Ok(_) => line(call, "decoded", None, ""),
        Err(Error::Api(e)) => {
            let status = Some(e.status.as_u16());
            let violations = violations(e.headers.get("sl-violations").and_then(|v| v.to_str().ok()));
            let (request, response): (Vec<_>, Vec<_>) =
                violations.into_iter().partition(|(place, _)| place == "request");
            if !request.is_empty() {
                line(call, "rejected", status, &messages(&request));
            } else if !response.is_empty() {
                line(call, "server_answer_invalid", status, &messages(&response));
            } else if let Some(problem) = prism_problem(&e.raw_body) {
                match problem {
                    Problem::Request(why) => line(call, "rejected", status, &why),
                    Problem::Server(why) => line(call, "server_answer_invalid", status, &why),
                }
            } else if call.status == status {
                // A body the error type does not read is wrong; no body at all is what an
                // error declared without content has.
                let undecoded = e.body.is_none() && !e.raw_body.iter().all(u8::is_ascii_whitespace);
                let outcome = if undecoded { "error_undecoded" } else { "error_decoded" };
                let detail = if undecoded { body_text(&e.raw_body) } else { String::new() };
                line(call, outcome, status, &detail);
            } else {
                line(call, "unexpected_status", status, &body_text(&e.raw_body));
            }
        }
        Err(Error::Decode(e)) => {
            let value =
                serde_json::from_slice::<Value>(&e.raw_body).ok().and_then(|body| at_path(&body, &e.path).cloned());
            let detail = json!({"path": e.path, "message": e.message, "value": value}).to_string();
            line(call, "undecodable", Some(e.status.as_u16()), &detail);
        }
        Err(Error::InvalidRequest(e)) => line(call, "not_sent", None, &e.to_string()),
        Err(other) => line(call, "failed", other.status().map(|s| s.as_u16()), &other.to_string()),
    }
}

/// Writes one report line.
fn line(call: Call<'_>, outcome: &str, status: Option<u16>, detail: &str) {
    #[derive(Serialize)]
    struct Line<'a> {
        operation: &'a str,
        case: &'a str,
        method: &'a str,
        outcome: &'a str,
        status: Option<u16>,
        detail: &'a str,
    }
    let line = Line { operation: call.operation, case: call.case, method: call.method, outcome, status, detail };
    println!("{}", serde_json::to_string(&line).unwrap_or_default());
}

/// Prism's violations: where each is (`request`, `response`) and its message.
fn violations(header: Option<&str>) -> Vec<(String, String)> {
    let Some(list) = header.and_then(|h| serde_json::from_str::<Vec<Value>>(h).ok()) else { return Vec::new() };
    list.iter().filter(|v| v.get("severity").and_then(Value::as_str) == Some("Error")).map(violation).collect()
}

/// One violation as Prism writes it (`{"location": ["request", "body"], "message": ...}`):
/// where it is (`request`, `response`), and `request.body: message`.
fn violation(v: &Value) -> (String, String) {
    let location: Vec<&str> =
        v.get("location").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let message = v.get("message").and_then(Value::as_str).unwrap_or_default();
    (location.first().copied().unwrap_or_default().to_owned(), format!("{}: {message}", location.join(".")))
}

/// What Prism says when it answers on its own (an RFC 7807 problem whose type is one of its
/// errors) rather than with the spec's response.
enum Problem {
    /// The request breaks the spec: no such path or method, no credentials, an invalid value.
    Request(String),
    /// Prism could not make an answer the spec allows (a schema it cannot sample, no response
    /// declared): the server's fault, not the client's.
    Server(String),
}

fn prism_problem(body: &[u8]) -> Option<Problem> {
    let problem: Value = serde_json::from_slice(body).ok()?;
    let kind = problem.get("type")?.as_str()?;
    let title = problem.get("title").and_then(Value::as_str).unwrap_or_default();
    let title = title.lines().next().unwrap_or_default();
    // An exception inside Prism (`RangeError`: its sampler recursing without end) reaches
    // the client as a problem named after the exception.
    if matches!(kind, "Error" | "RangeError" | "TypeError") {
        return Some(Problem::Server(format!("Prism failed: {kind}: {title}")));
    }
    let kind = kind.strip_prefix("https://stoplight.io/prism/errors#")?;
    let validation: Vec<String> =
        problem.get("validation").and_then(Value::as_array).into_iter().flatten().map(|v| violation(v).1).collect();
    let why = if validation.is_empty() { format!("{kind}: {title}") } else { validation.join("; ") };
    Some(match kind {
        "NO_PATH_MATCHED_ERROR"
        | "NO_METHOD_MATCHED_ERROR"
        | "UNAUTHORIZED"
        | "UNPROCESSABLE_ENTITY"
        | "NOT_ACCEPTABLE"
        | "UNSUPPORTED_MEDIA_TYPE"
        | "INVALID_CONTENT_TYPE" => Problem::Request(why),
        _ => Problem::Server(format!("Prism could not answer: {why}")),
    })
}

fn messages(violations: &[(String, String)]) -> String {
    violations.iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>().join("; ")
}

fn body_text(body: &[u8]) -> String {
    String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned()
}

/// The value at a decode error's path (`data[3].name`) in `body`.
fn at_path<'v>(body: &'v Value, path: &str) -> Option<&'v Value> {
    let mut node = body;
    for step in path.split('.').filter(|s| !s.is_empty()) {
        let (key, indexes) = step.split_once('[').map_or((step, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            node = node.get(key)?;
        }
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            node = node.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violations_are_read_from_prisms_header() {
        let header = r#"[{"location":["request","body"],"severity":"Error","code":"required","message":"must have required property 'name'"},{"location":["response"],"severity":"Warning","message":"ignored"}]"#;
        assert_eq!(
            violations(Some(header)),
            [("request".to_owned(), "request.body: must have required property 'name'".to_owned())]
        );
        assert!(violations(Some("not json")).is_empty());
    }

    #[test]
    fn prisms_own_answers_say_whose_fault_they_are() {
        let invalid = br#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request","validation":[{"location":["request","query","limit"],"message":"must be integer"}]}"#;
        assert!(
            matches!(prism_problem(invalid), Some(Problem::Request(why)) if why == "request.query.limit: must be integer")
        );
        let stuck = br#"{"type":"https://stoplight.io/prism/errors#UNKNOWN","title":"RangeError: Maximum call stack size exceeded\n    at x"}"#;
        assert!(
            matches!(prism_problem(stuck), Some(Problem::Server(why)) if why == "Prism could not answer: UNKNOWN: RangeError: Maximum call stack size exceeded")
        );
        let failed = br#"{"type":"RangeError","title":"Maximum call stack size exceeded","status":500}"#;
        assert!(matches!(prism_problem(failed), Some(Problem::Server(_))));
        assert!(prism_problem(br#"{"type":"https://example.com/not-found","title":"no"}"#).is_none());
        assert!(prism_problem(b"plain text").is_none());
    }

    #[test]
    fn the_value_at_a_decode_path_is_found() {
        let body = json!({"data": [{"name": 1}, {"name": {"x": [true]}}]});
        assert_eq!(at_path(&body, "data[1].name.x[0]"), Some(&json!(true)));
        assert_eq!(at_path(&body, ""), Some(&body));
        assert_eq!(at_path(&body, "data[7]"), None);
    }
}
