//! The command-line client of a generated crate (cargo feature `cli`): a driver written once,
//! over the command tables generated for each API version (`cli.rs` beside each client), so a
//! spec bump updates the command line with the codegen and no code per operation.
//!
//! `<app> [--api-version V] <resource> <action> [positionals] [--flags]` (the version flag
//! only when the binary knows several versions): the table
//! becomes a clap command line (help from the spec's summaries and descriptions), the parsed
//! arguments become JSON, and the generated function of the operation decodes them into the
//! method's typed arguments and calls it. The response body is printed as pretty JSON; an
//! error is one line on stderr, with exit code 1 for failures of the call and 2 for usage
//! errors (including the spec's limits, checked before anything is sent).

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::str::FromStr;

use clap::builder::PossibleValuesParser;
use clap::{ArgAction, ArgMatches};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

pub use crate::BoxFuture;
use crate::{EnvVars, Error, ErrorBody};

/// A command-line client: its name and the API versions it knows, newest first.
#[derive(Debug)]
pub struct App {
    /// The binary's name (`acme-client`).
    pub name: &'static str,
    /// The API's title (`Acme API`).
    pub title: &'static str,
    /// The crate's version.
    pub version: &'static str,
    /// The environment variables the clients read, for the help.
    pub env: EnvVars,
    /// Whether the API takes an API key.
    pub api_key: bool,
    /// Whether the API takes a bearer token (an access token, or one fetched with a service
    /// account's credentials); an API may take both, each for some of its operations.
    pub token: bool,
    /// Every API version, newest first, each with its commands when compiled in.
    pub versions: Vec<Version>,
}

/// An API version the binary knows, with its commands when its cargo feature is on.
#[derive(Debug)]
pub struct Version {
    /// The version as written (`2026-07`).
    pub name: &'static str,
    /// The cargo feature that compiles it in (`v2026_07`); `None` when it always is.
    pub feature: Option<&'static str>,
    /// Its commands; `None` when the feature is off.
    pub table: Option<&'static Table>,
}

/// The commands of one API version.
#[derive(Debug)]
pub struct Table {
    /// The version.
    pub version: &'static str,
    /// One command per operation.
    pub commands: &'static [Command],
    /// Runs the command of an operation (by [`Command::operation`]). A command compiled out
    /// of a crate split into parts is in neither `commands` nor `run`.
    pub run: fn(&'static str, Input) -> BoxFuture<'static, Outcome>,
}

/// One operation as a command.
#[derive(Debug)]
pub struct Command {
    /// The first word (`api-keys`).
    pub resource: &'static str,
    /// The second word (`create`).
    pub action: &'static str,
    /// The key `run` dispatches on: the name of the operation's method, unique where the
    /// spec's operationIds repeat.
    pub operation: &'static str,
    /// One line of help.
    pub about: &'static str,
    /// The whole help: summary, description, and the request it sends.
    pub long_about: &'static str,
    /// Positionals first, in order, then flags.
    pub args: &'static [Arg],
    /// Whether the operation takes a body, and must.
    pub body: BodyUse,
    /// Whether the body is sent as it is (text or bytes), not as JSON: `--body` gives it.
    pub raw_body: bool,
    /// Whether `--all` follows the pages.
    pub paginated: bool,
    /// Whether `--stream` prints the server-sent events as they come.
    pub events: bool,
}

impl Command {
    /// The command `resource action` for `operation`, without arguments or a body; the
    /// methods below add what the operation has. Generated tables are built with these.
    pub const fn new(
        resource: &'static str,
        action: &'static str,
        operation: &'static str,
        about: &'static str,
        long_about: &'static str,
    ) -> Self {
        Self {
            resource,
            action,
            operation,
            about,
            long_about,
            args: &[],
            body: BodyUse::None,
            raw_body: false,
            paginated: false,
            events: false,
        }
    }

    /// With these arguments.
    pub const fn args(self, args: &'static [Arg]) -> Self {
        Self { args, ..self }
    }

    /// With a body the operation needs.
    pub const fn required_body(self) -> Self {
        Self { body: BodyUse::Required, ..self }
    }

    /// With a body the operation can do without.
    pub const fn optional_body(self) -> Self {
        Self { body: BodyUse::Optional, ..self }
    }

    /// The body is sent as it is (text or bytes), not as JSON.
    pub const fn raw_body(self) -> Self {
        Self { raw_body: true, ..self }
    }

    /// `--all` follows the pages.
    pub const fn paginated(self) -> Self {
        Self { paginated: true, ..self }
    }

    /// `--stream` prints the server-sent events as they come.
    pub const fn events(self) -> Self {
        Self { events: true, ..self }
    }
}

/// Whether an operation takes a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyUse {
    /// No body.
    None,
    /// A body the operation can do without.
    Optional,
    /// A body it needs.
    Required,
}

/// One argument of a command.
#[derive(Debug)]
pub struct Arg {
    /// The property or parameter on the wire.
    pub wire: &'static str,
    /// The flag without its dashes, or the positional's value name.
    pub name: &'static str,
    /// Where it goes.
    pub place: Place,
    /// How its text becomes JSON.
    pub shape: Shape,
    /// A repeated flag, one item each.
    pub list: bool,
    /// A positional rather than a flag.
    pub positional: bool,
    /// Whether it must be given (a body argument need not when `--body` gives the body).
    pub required: bool,
    /// The spec's description.
    pub help: &'static str,
    /// An enum's values.
    pub values: &'static [&'static str],
    /// Whether values other than `values` are accepted (an open enum).
    pub open: bool,
}

impl Arg {
    /// An optional flag of text going to `place`; the methods below say otherwise.
    pub const fn new(place: Place, wire: &'static str, name: &'static str, help: &'static str) -> Self {
        Self {
            wire,
            name,
            place,
            shape: Shape::Text,
            list: false,
            positional: false,
            required: false,
            help,
            values: &[],
            open: false,
        }
    }

    /// A path parameter ([`Arg::new`]).
    pub const fn path(wire: &'static str, name: &'static str, help: &'static str) -> Self {
        Self::new(Place::Path, wire, name, help)
    }

    /// A query parameter ([`Arg::new`]).
    pub const fn query(wire: &'static str, name: &'static str, help: &'static str) -> Self {
        Self::new(Place::Query, wire, name, help)
    }

    /// A header parameter ([`Arg::new`]).
    pub const fn header(wire: &'static str, name: &'static str, help: &'static str) -> Self {
        Self::new(Place::Header, wire, name, help)
    }

    /// A property of the JSON body ([`Arg::new`]).
    pub const fn body(wire: &'static str, name: &'static str, help: &'static str) -> Self {
        Self::new(Place::Body, wire, name, help)
    }

    /// Its text becomes JSON as `shape` says.
    pub const fn shape(self, shape: Shape) -> Self {
        Self { shape, ..self }
    }

    /// A repeated flag, one item each.
    pub const fn list(self) -> Self {
        Self { list: true, ..self }
    }

    /// A positional rather than a flag.
    pub const fn positional(self) -> Self {
        Self { positional: true, ..self }
    }

    /// It must be given.
    pub const fn required(self) -> Self {
        Self { required: true, ..self }
    }

    /// One of these values, and no other.
    pub const fn values(self, values: &'static [&'static str]) -> Self {
        Self { values, open: false, ..self }
    }

    /// These values, or others (an open enum).
    pub const fn open_values(self, values: &'static [&'static str]) -> Self {
        Self { values, open: true, ..self }
    }
}

/// Where an argument goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A header parameter.
    Header,
    /// A property of the JSON body.
    Body,
}

/// How an argument's text becomes JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A string (also a UUID, a date, an enum value).
    Text,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// JSON as written.
    Json,
}

/// What a command ended with: the body to print (`None` for an empty one), or a failure.
pub type Outcome = Result<Option<Shown>, Failure>;

/// An answer as the command prints it.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// JSON, printed pretty.
    Json(Value),
    /// Bytes (a download), written as they came so that `> FILE` keeps them whole.
    Bytes(bytes::Bytes),
}

/// A failure: the line to print, and the exit code.
#[derive(Debug)]
pub struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    /// A usage error (exit code 2): nothing was sent.
    pub fn usage(message: impl Into<String>) -> Self {
        Self { message: message.into(), code: 2 }
    }

    /// The client could not be configured from the environment (exit code 1).
    pub fn config(error: crate::ConfigError) -> Self {
        Self { message: error.to_string(), code: 1 }
    }
}

/// The parsed arguments of a command, as JSON, for the generated function to decode.
#[derive(Debug, Default)]
pub struct Input {
    path: BTreeMap<&'static str, String>,
    params: Map<String, Value>,
    body: Option<Value>,
    /// The body as given, for an operation that sends it as it is.
    raw: Option<Vec<u8>>,
    all: bool,
    stream: bool,
}

impl Input {
    /// The path parameter `name`.
    pub fn path<T: FromStr>(&self, name: &str) -> Result<T, Failure> {
        let text = self.path.get(name).map_or("", String::as_str);
        text.parse().map_err(|_| Failure::usage(format!("`{text}` is not a valid {}", name.to_uppercase())))
    }

    /// The path parameter `name` given as JSON (a list, an object, a union).
    pub fn path_json<T: DeserializeOwned>(&self, name: &str) -> Result<T, Failure> {
        let text = self.path.get(name).map_or("", String::as_str);
        let what = name.to_uppercase();
        let value = serde_json::from_str(text).map_err(|e| Failure::usage(format!("{what} takes JSON: {e}")))?;
        decode(value, &format!("the path parameter {what}"))
    }

    /// The query and header parameters, as the operation's params struct.
    pub fn params<T: DeserializeOwned>(&self) -> Result<T, Failure> {
        decode(Value::Object(self.params.clone()), "the parameters")
    }

    /// The body the operation requires.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, Failure> {
        decode(self.body.clone().unwrap_or_else(|| Value::Object(Map::new())), "the body")
    }

    /// A body the operation can do without: `None` when no body argument was given.
    pub fn body_optional<T: DeserializeOwned>(&self) -> Result<Option<T>, Failure> {
        self.body.clone().map(|body| decode(body, "the body")).transpose()
    }

    /// The body sent as it is, as text.
    pub fn raw_text(&self) -> Result<String, Failure> {
        let raw = self.raw.clone().ok_or_else(|| Failure::usage("give the body with --body TEXT or --body @FILE"))?;
        String::from_utf8(raw).map_err(|e| Failure::usage(format!("the body is not UTF-8 text: {e}")))
    }

    /// The body sent as it is, as bytes.
    pub fn raw_bytes(&self) -> Result<Vec<u8>, Failure> {
        self.raw.clone().ok_or_else(|| Failure::usage("give the body with --body TEXT or --body @FILE"))
    }

    /// An optional body sent as it is, as text.
    pub fn raw_text_optional(&self) -> Result<Option<String>, Failure> {
        self.raw.as_ref().map(|_| self.raw_text()).transpose()
    }

    /// A body sent as text that holds a value (`true`, `42`), parsed.
    pub fn raw_as<T: std::str::FromStr>(&self) -> Result<T, Failure> {
        let text = self.raw_text()?;
        text.trim().parse().map_err(|_| Failure::usage(format!("the body `{text}` is not a value of its type")))
    }

    /// An optional body sent as text that holds a value, parsed.
    pub fn raw_as_optional<T: std::str::FromStr>(&self) -> Result<Option<T>, Failure> {
        self.raw.as_ref().map(|_| self.raw_as()).transpose()
    }

    /// An optional body sent as it is, as bytes.
    pub fn raw_bytes_optional(&self) -> Result<Option<Vec<u8>>, Failure> {
        Ok(self.raw.clone())
    }

    /// Whether `--stream` was given.
    pub fn stream(&self) -> bool {
        self.stream
    }

    /// Whether `--all` was given.
    pub fn all(&self) -> bool {
        self.all
    }
}

fn decode<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, Failure> {
    crate::de::from_value(&value).map_err(|e| Failure::usage(format!("cannot read {what} of the operation: {e}")))
}

/// A response value as JSON (secrets included: this is where a new key is shown).
pub fn value<T: Serialize>(value: &T) -> Shown {
    Shown::Json(json(value))
}

fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_else(|e| Value::String(format!("(cannot show the response: {e})")))
}

/// A body of bytes (a download), shown as it came.
pub fn raw(body: &bytes::Bytes) -> Option<Shown> {
    Some(Shown::Bytes(body.clone()))
}

/// An answer without a body shown by its response headers (a redirect's `Location`), those
/// received, as a JSON object.
pub fn headers(received: &[(&str, &Option<String>)]) -> Option<Shown> {
    let fields = received.iter().filter_map(|(name, value)| Some(((*name).to_owned(), Value::from(value.as_deref()?))));
    Some(Shown::Json(Value::Object(fields.collect())))
}

/// The outcome of a call: a request the spec's limits reject is a usage error (nothing was
/// sent); any other error is a failure of the call.
pub fn finish<E: ErrorBody>(result: Result<Option<Shown>, Error<E>>) -> Outcome {
    result.map_err(|e| match e {
        Error::InvalidRequest(invalid) => Failure::usage(invalid.to_string()),
        other => Failure { message: other.to_string(), code: 1 },
    })
}

/// The outcome of `--stream`: each event printed as one JSON line as it comes (flushed, so
/// that a pipe sees it at once). An event that does not decode is reported on stderr and the
/// stream goes on; another error ends it.
pub async fn events<T: Serialize, E: ErrorBody>(stream: Result<crate::EventStream<T, E>, Error<E>>) -> Outcome {
    use std::io::Write;

    use futures_util::StreamExt;
    let mut stream = match stream {
        Ok(stream) => stream,
        Err(e) => return finish::<E>(Err(e)),
    };
    let mut stdout = std::io::stdout();
    while let Some(item) = stream.next().await {
        match item {
            Ok(event) => {
                let line = serde_json::to_string(&json(&event)).unwrap_or_default();
                let written = writeln!(stdout, "{line}").and_then(|()| stdout.flush());
                if written.is_err() {
                    return Ok(None); // the reader went away (`| head`)
                }
            }
            Err(Error::Decode(e)) => eprintln!("error: {e}"),
            Err(e) => return finish::<E>(Err(e)),
        }
    }
    Ok(None)
}

/// The outcome of `--all`: every item of every page, as `{"data": [...]}`, or the first error.
pub async fn all<T: Serialize, E: ErrorBody>(items: impl futures_core::Stream<Item = Result<T, Error<E>>>) -> Outcome {
    use futures_util::StreamExt;
    let mut data = Vec::new();
    let mut items = std::pin::pin!(items);
    while let Some(item) = items.next().await {
        match item {
            Ok(item) => data.push(json(&item)),
            Err(e) => return finish(Err(e)),
        }
    }
    finish::<E>(Ok(Some(Shown::Json(serde_json::json!({ "data": data })))))
}

/// Runs the command line of the process's arguments and says how to exit.
pub fn main(app: App) -> ExitCode {
    init_tracing();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime.block_on(run(&app, args)),
        Err(e) => Err(Failure { message: format!("cannot start the async runtime: {e}"), code: 1 }),
    };
    match outcome {
        Ok(Some(Shown::Json(body))) => {
            print_body(format!("{}\n", serde_json::to_string_pretty(&body).unwrap_or_default()).as_bytes())
        }
        Ok(Some(Shown::Bytes(body))) => print_body(&body),
        Ok(None) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {}", failure.message.lines().next().unwrap_or_default());
            ExitCode::from(failure.code)
        }
    }
}

/// Writes a response body to stdout. A reader that goes away early (`| head`) ends the
/// program quietly, as Unix tools do; another write error is reported and fails the command.
fn print_body(body: &[u8]) -> ExitCode {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(body).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the answer: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Parses `args` against the chosen version's commands and runs the command.
async fn run(app: &App, args: Vec<String>) -> Outcome {
    let table = choose(&app.versions, &args)?;
    let mut line = command_line(app, table);
    // The version is chosen; clap is not told, as a global flag before the command would stop
    // positionals from taking values that start with `-`.
    let args = without_version(args);
    let matches = match line.try_get_matches_from_mut(std::iter::once(app.name.to_owned()).chain(args)) {
        Ok(matches) => matches,
        Err(e) => e.exit(), // help and usage errors, as clap prints them (exit 0 or 2)
    };
    let Some((resource, resource_matches)) = matches.subcommand() else {
        return Err(Failure::usage("name a resource; see --help"));
    };
    if resource == "completions" {
        let shell = resource_matches.get_one::<clap_complete::Shell>("shell").copied();
        let shell = shell.ok_or_else(|| Failure::usage("name a shell: bash, zsh, fish, elvish or powershell"))?;
        clap_complete::generate(shell, &mut line, app.name, &mut std::io::stdout());
        return Ok(None);
    }
    let Some((action, action_matches)) = resource_matches.subcommand() else {
        return Err(Failure::usage(format!("name an action of `{resource}`; see `{} {resource} --help`", app.name)));
    };
    let command = (table.commands.iter())
        .find(|c| c.resource == resource && c.action == action)
        .ok_or_else(|| Failure::usage(format!("no command `{resource} {action}`")))?;
    let input = input(command, action_matches)?;
    (table.run)(command.operation, input).await
}

/// The version `--api-version` names (the newest by default), with its commands; an
/// unknown version, one whose feature is off, and a command the version lacks are errors
/// that say so.
fn choose<'v>(versions: &'v [Version], args: &[String]) -> Result<&'v Table, Failure> {
    let named = args.iter().enumerate().find_map(|(i, arg)| match arg.strip_prefix("--api-version") {
        Some("") => args.get(i + 1).map(String::as_str),
        Some(rest) => rest.strip_prefix('='),
        None => None,
    });
    let known: Vec<&str> = versions.iter().map(|v| v.name).collect();
    let version = match named {
        Some(name) => versions.iter().find(|v| v.name == name).ok_or_else(|| {
            Failure::usage(format!("unknown API version `{name}`; this binary knows {}", known.join(", ")))
        })?,
        None => versions.first().ok_or_else(|| Failure::usage("this binary knows no API version"))?,
    };
    let table = version.table.ok_or_else(|| {
        let feature = version.feature.unwrap_or_default();
        Failure::usage(format!(
            "API version {} is not compiled in: build with the cargo feature `{feature}` (`--features cli,{feature}`)",
            version.name
        ))
    })?;
    // Words of the command: what is not a flag or a flag's value.
    let mut words = Vec::new();
    let mut skip = false;
    for arg in args {
        if std::mem::take(&mut skip) {
            continue;
        }
        if arg == "--api-version" {
            skip = true;
        } else if !arg.starts_with('-') {
            words.push(arg.as_str());
        }
    }
    if let [resource, action, ..] = words.as_slice() {
        let has = |t: &Table| t.commands.iter().any(|c| c.resource == *resource && c.action == *action);
        if !has(table) && versions.iter().filter_map(|v| v.table).any(has) {
            return Err(Failure::usage(format!(
                "API version {} has no operation `{resource} {action}`; another version has it (choose one with --api-version)",
                table.version
            )));
        }
    }
    Ok(table)
}

/// `args` without `--api-version V` or `--api-version=V`.
fn without_version(args: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(args.len());
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--api-version" {
            args.next();
        } else if !arg.starts_with("--api-version=") {
            out.push(arg);
        }
    }
    out
}

/// The clap command line of a version's commands.
fn command_line(app: &App, table: &Table) -> clap::Command {
    let env = &app.env;
    let token = format!("{}, or {} and {}", env.access_token, env.client_id, env.client_secret);
    let urls = format!("URLs from {} and {}", env.base_url, env.oauth_url);
    let (credentials, urls) = match (app.api_key, app.token) {
        (true, false) => (format!("The API key comes from {}", env.api_key), format!("the URL from {}", env.base_url)),
        (true, true) => (
            format!(
                "Credentials come from {} for the operations that take an API key, and from {token} for those that take a token",
                env.api_key
            ),
            urls,
        ),
        (false, true) => (format!("Credentials come from {token}"), urls),
        (false, false) => ("It needs no credentials".to_owned(), format!("the URL from {}", env.base_url)),
    };
    let mut root = clap::Command::new(app.name)
        .about(format!("The {} from the command line (API version {}).", app.title, table.version))
        .long_about(format!(
            "The {} from the command line, API version {}.\n\n{credentials}; {urls} when set. RUST_LOG turns on tracing (secrets never appear in it).",
            app.title, table.version
        ))
        .version(app.version)
        .subcommand_required(true)
        .arg_required_else_help(true);
    if app.versions.len() > 1 {
        let names: Vec<&str> = app.versions.iter().map(|v| v.name).collect();
        root = root.arg(
            clap::Arg::new("api-version")
                .long("api-version")
                .global(true)
                .value_name("VERSION")
                .help(format!("The API version to speak: {} (default: the newest)", names.join(", "))),
        );
    }
    let mut resources: Vec<&str> = Vec::new();
    for command in table.commands {
        if !resources.contains(&command.resource) {
            resources.push(command.resource);
        }
    }
    for resource in resources {
        let commands: Vec<&Command> = table.commands.iter().filter(|c| c.resource == resource).collect();
        let actions: Vec<&str> = commands.iter().map(|c| c.action).collect();
        let mut group = clap::Command::new(resource)
            .about(format!("{} ({})", resource, actions.join(", ")))
            .subcommand_required(true)
            .arg_required_else_help(true);
        for command in commands {
            group = group.subcommand(action(command));
        }
        root = root.subcommand(group);
    }
    root.subcommand(
        clap::Command::new("completions").about("Prints a shell completion script").arg(
            clap::Arg::new("shell")
                .required(true)
                .value_parser(clap::value_parser!(clap_complete::Shell))
                .help("bash, zsh, fish, elvish or powershell"),
        ),
    )
}

/// One command's clap command.
fn action(command: &Command) -> clap::Command {
    let mut cmd = clap::Command::new(command.action).about(command.about).long_about(command.long_about);
    let body_args: Vec<&str> = command.args.iter().filter(|a| a.place == Place::Body).map(|a| a.name).collect();
    for arg in command.args {
        let short_help = arg.help.lines().next().unwrap_or_default();
        let mut clap_arg = clap::Arg::new(arg.name).help(short_help.to_owned()).long_help(long_help(arg));
        clap_arg = if arg.positional {
            // Values are taken as written, even those that start with `-` (organization ids do).
            clap_arg.value_name(arg.name).allow_hyphen_values(true)
        } else {
            let value_name = if arg.shape == Shape::Json { "JSON" } else { "VALUE" };
            clap_arg.long(arg.name).value_name(value_name)
        };
        if arg.list {
            clap_arg = clap_arg.action(ArgAction::Append);
        }
        if arg.required {
            clap_arg = if arg.place == Place::Body && command.body != BodyUse::None {
                clap_arg.required_unless_present("body")
            } else {
                clap_arg.required(true)
            };
        }
        if !arg.values.is_empty() && !arg.open {
            clap_arg = clap_arg.value_parser(PossibleValuesParser::new(arg.values.iter().copied()));
        } else if arg.shape == Shape::Boolean {
            clap_arg = clap_arg.value_parser(PossibleValuesParser::new(["true", "false"]));
        }
        cmd = cmd.arg(clap_arg);
    }
    if command.body != BodyUse::None {
        cmd = cmd.arg(
            clap::Arg::new("body")
                .long("body")
                .value_name("JSON|@FILE")
                .conflicts_with_all(body_args)
                .help("The whole request body, as JSON or @FILE, instead of its properties"),
        );
    }
    if command.events {
        cmd = cmd.arg(
            clap::Arg::new("stream")
                .long("stream")
                .action(ArgAction::SetTrue)
                .help("Asks for server-sent events and prints each as one JSON line, as it comes"),
        );
    }
    if command.paginated {
        cmd = cmd.arg(
            clap::Arg::new("all")
                .long("all")
                .action(ArgAction::SetTrue)
                .help("Follows every page and prints {\"data\": [every item]}"),
        );
    }
    cmd
}

/// An argument's whole help: the spec's description, and what it accepts.
fn long_help(arg: &Arg) -> String {
    let mut help = arg.help.to_owned();
    if !arg.values.is_empty() {
        let others = if arg.open { " (others are accepted)" } else { "" };
        help.push_str(&format!("\n\nValues: {}{others}.", arg.values.join(", ")));
    }
    match (arg.list, arg.shape) {
        (true, _) => help.push_str("\n\nRepeat the flag for each item."),
        (false, Shape::Json) => help.push_str("\n\nGive it as JSON."),
        _ => {}
    }
    help
}

/// The parsed arguments of `command` as JSON.
fn input(command: &Command, matches: &ArgMatches) -> Result<Input, Failure> {
    let mut input = Input {
        all: command.paginated && matches.get_flag("all"),
        stream: command.events && matches.get_flag("stream"),
        ..Input::default()
    };
    let mut body = Map::new();
    for arg in command.args {
        let Some(texts) = matches.get_many::<String>(arg.name) else { continue };
        let texts: Vec<&String> = texts.collect();
        if arg.place == Place::Path {
            input.path.insert(arg.wire, texts.first().map(|t| t.to_string()).unwrap_or_default());
            continue;
        }
        let value = if arg.list {
            Value::Array(texts.iter().map(|t| convert(arg, t)).collect::<Result<_, _>>()?)
        } else {
            convert(arg, texts.first().map_or("", |t| t.as_str()))?
        };
        match arg.place {
            Place::Body => body.insert(arg.wire.to_owned(), value),
            _ => input.params.insert(arg.wire.to_owned(), value),
        };
    }
    let given = matches.try_get_one::<String>("body").ok().flatten();
    if command.raw_body {
        input.raw = given.map(|text| raw_body(text)).transpose()?;
        return Ok(input);
    }
    input.body = match given {
        Some(text) => Some(whole_body(text)?),
        None if !body.is_empty() || command.body == BodyUse::Required => Some(Value::Object(body)),
        None => None,
    };
    Ok(input)
}

/// One argument's text as JSON of its shape.
fn convert(arg: &Arg, text: &str) -> Result<Value, Failure> {
    let what = if arg.positional { arg.name.to_owned() } else { format!("--{}", arg.name) };
    let bad = |kind: &str| Failure::usage(format!("{what} takes {kind}, not `{text}`"));
    Ok(match arg.shape {
        Shape::Text => Value::String(text.to_owned()),
        Shape::Integer => Value::from(text.parse::<i64>().map_err(|_| bad("an integer"))?),
        Shape::Number => {
            let number = text.parse::<f64>().ok().and_then(serde_json::Number::from_f64);
            Value::Number(number.ok_or_else(|| bad("a number"))?)
        }
        Shape::Boolean => Value::Bool(text.parse().map_err(|_| bad("true or false"))?),
        Shape::Json => serde_json::from_str(text).map_err(|e| Failure::usage(format!("{what} takes JSON: {e}")))?,
    })
}

/// `--body` of a body sent as it is: the text, or `@FILE` to read the file's bytes.
fn raw_body(text: &str) -> Result<Vec<u8>, Failure> {
    match text.strip_prefix('@') {
        Some(path) => std::fs::read(path).map_err(|e| Failure::usage(format!("--body {text}: {e}"))),
        None => Ok(text.as_bytes().to_vec()),
    }
}

/// `--body`: JSON, or `@FILE` to read it from a file.
fn whole_body(text: &str) -> Result<Value, Failure> {
    let json = match text.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path).map_err(|e| Failure::usage(format!("--body {text}: {e}")))?,
        None => text.to_owned(),
    };
    serde_json::from_str(&json).map_err(|e| Failure::usage(format!("--body is not JSON: {e}")))
}

/// Tracing to stderr at the levels `RUST_LOG` names (`debug`, `openapi_client_runtime=trace`, ...).
fn init_tracing() {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let Ok(spec) = std::env::var("RUST_LOG") else { return };
    let targets: Targets = match spec.parse() {
        Ok(targets) => targets,
        Err(e) => {
            eprintln!("warning: RUST_LOG={spec:?} ignored: {e}");
            return;
        }
    };
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE);
    tracing_subscriber::registry().with(layer).with(targets).init();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nothing(_: &str, _: Input) -> BoxFuture<'static, Outcome> {
        Box::pin(async { Ok(None) })
    }

    static NEWEST: Table = Table { version: "2026-07", commands: &[], run: nothing };

    fn versions() -> [Version; 2] {
        [
            Version { name: "2026-07", feature: Some("v2026_07"), table: Some(&NEWEST) },
            Version { name: "2025-04", feature: Some("v2025_04"), table: None },
        ]
    }

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn the_newest_version_is_the_default_and_an_older_one_names_its_feature() {
        let versions = versions();
        assert_eq!(choose(&versions, &args(&["users", "list"])).map(|t| t.version).ok(), Some("2026-07"));
        let err =
            choose(&versions, &args(&["--api-version", "2025-04", "users", "list"])).expect_err("not compiled in");
        assert_eq!(err.code, 2);
        assert!(err.message.contains("build with the cargo feature `v2025_04`"), "{}", err.message);
        let err = choose(&versions, &args(&["--api-version=1999-01", "users", "list"])).expect_err("unknown");
        assert!(
            err.message.contains("unknown API version `1999-01`; this binary knows 2026-07, 2025-04"),
            "{}",
            err.message
        );
    }

    #[test]
    fn the_help_names_the_variables_of_each_credential_the_api_takes() {
        let about = |api_key, token| {
            let env = EnvVars {
                access_token: "A_ACCESS_TOKEN",
                api_key: "A_API_KEY",
                client_id: "A_CLIENT_ID",
                client_secret: "A_CLIENT_SECRET",
                base_url: "A_BASE_URL",
                oauth_url: "A_OAUTH_URL",
            };
            let app = App { name: "a", title: "A API", version: "1", env, api_key, token, versions: Vec::new() };
            command_line(&app, &NEWEST).get_long_about().map(ToString::to_string).unwrap_or_default()
        };
        assert!(about(true, false).contains("The API key comes from A_API_KEY; the URL from A_BASE_URL when set"));
        let token = "Credentials come from A_ACCESS_TOKEN, or A_CLIENT_ID and A_CLIENT_SECRET; URLs from A_BASE_URL";
        assert!(about(false, true).contains(token));
        assert!(about(false, false).contains("It needs no credentials; the URL from A_BASE_URL when set"));
        let both = about(true, true);
        let each = "from A_API_KEY for the operations that take an API key, and from A_ACCESS_TOKEN, or A_CLIENT_ID and A_CLIENT_SECRET for those that take a token";
        assert!(both.contains(each), "{both}");
    }

    #[test]
    fn flag_values_become_json_of_their_shape() {
        let arg = |shape, name| Arg {
            wire: name,
            name,
            place: Place::Query,
            shape,
            list: false,
            positional: false,
            required: false,
            help: "",
            values: &[],
            open: false,
        };
        assert_eq!(convert(&arg(Shape::Integer, "limit"), "50").ok(), Some(Value::from(50)));
        assert_eq!(convert(&arg(Shape::Boolean, "deleted"), "true").ok(), Some(Value::Bool(true)));
        assert_eq!(convert(&arg(Shape::Json, "spec"), "{\"a\":1}").ok(), Some(serde_json::json!({"a": 1})));
        let err = convert(&arg(Shape::Integer, "limit"), "many").expect_err("not a number");
        assert_eq!(err.message, "--limit takes an integer, not `many`");
    }
}
