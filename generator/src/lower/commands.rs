//! The command-line name of each operation, `<resource> <action>`, by one rule, so that a
//! spec bump names its new commands by itself:
//! - **resource**: the last literal path segment that names a collection (`/admin/users` and
//!   `/admin/users/{user_id}` give `users`; `/admin/projects/{project_id}/api-keys` gives
//!   `api-keys`). A literal after a parameter is an action, not a collection, when its path
//!   has no `GET` and nothing below it (`/admin/invites/{invite_id}/resend`: `invites`);
//! - **action**: `GET` on a collection is `list`, on an item `get`; `POST` on a collection
//!   is `create`; `PATCH` on an item `update`, `PUT` `replace`, `DELETE` `delete`; an action
//!   path's trailing literal is the action (`resend`, `rotate-secret`); anything else is the
//!   method's name.
//! - **words of the driver**: a resource named like a command of the driver itself
//!   (`completions`, `help`) takes the literal segment before it as a prefix
//!   (`/chat/{name}/chat/completions` gives `chat-completions`);
//! - **clashes**: the settings' `cli_commands` name a command first; then operations take
//!   their names in method-name order, and one whose command is taken uses its method's name
//!   as the action (`backups list-project-backups`), numbered if that is taken too. Every
//!   operation has a command of its own.

use std::collections::BTreeSet;

use super::Lowerer;
use crate::error::Result;
use crate::model::{Command, HttpMethod, Operation};
use crate::naming::kebab;

impl Lowerer<'_> {
    /// Names every operation's command.
    pub(super) fn name_commands(&mut self, operations: &mut [Operation]) -> Result<()> {
        let paths: Vec<(String, HttpMethod)> = operations.iter().map(|op| (op.path.clone(), op.http_method)).collect();
        let mut taken: BTreeSet<(String, String)> = BTreeSet::new();
        let mut given = vec![None; operations.len()];
        for (i, op) in operations.iter().enumerate() {
            let Some(command) = self.settings.cli_commands.get(&op.operation_id) else { continue };
            let Some((resource, action)) = command.split_once(' ').filter(|(r, a)| !r.is_empty() && !a.contains(' '))
            else {
                return Err(self.invalid(
                    &op.pointer,
                    format!(
                        "the settings name this operation's command `{command}`; write it as `<resource> <action>`"
                    ),
                ));
            };
            self.used.insert(format!("cli_commands: {}", op.operation_id));
            let name = (resource.to_owned(), action.to_owned());
            if !taken.insert(name.clone()) {
                return Err(
                    self.invalid(&op.pointer, format!("the settings give the command `{command}` to two operations"))
                );
            }
            given[i] = Some(name);
        }
        for (op, given) in operations.iter_mut().zip(given) {
            let (resource, action) = match given {
                Some(name) => name,
                None => {
                    let (resource, action) = resource_and_action(op.http_method, &op.path, &paths);
                    let own = kebab(op.method_name.as_str());
                    let mut candidates = [action, own.clone()].into_iter().chain((2..).map(|n| format!("{own}-{n}")));
                    let action = candidates.find(|a| !taken.contains(&(resource.clone(), a.clone()))).unwrap_or(own);
                    taken.insert((resource.clone(), action.clone()));
                    (resource, action)
                }
            };
            op.command = Command { resource, action, args: self.command_args(op) };
        }
        Ok(())
    }
}

/// Commands of the driver, which no resource may be named.
const DRIVER_COMMANDS: &[&str] = &["completions", "help"];

/// The command the rule gives an operation, before clashes are settled; `paths` are every
/// operation's path and method.
pub fn resource_and_action(method: HttpMethod, path: &str, paths: &[(String, HttpMethod)]) -> (String, String) {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let is_param = |s: &str| s.starts_with('{') && s.ends_with('}');
    let below = format!("{}/", path.trim_end_matches('/'));
    let action_path = match segments.as_slice() {
        [.., param, last] if is_param(param) && !is_param(last) => {
            !paths.iter().any(|(p, m)| (p == path && *m == HttpMethod::Get) || p.starts_with(&below))
        }
        _ => false,
    };
    let collections = if action_path { &segments[..segments.len() - 1] } else { &segments[..] };
    let mut literals = collections.iter().rev().filter(|s| !is_param(s));
    let resource = literals.next().map_or("root".to_owned(), |s| kebab(s));
    let resource = if DRIVER_COMMANDS.contains(&resource.as_str()) {
        match literals.next() {
            Some(before) => format!("{}-{resource}", kebab(before)),
            None => format!("{resource}-resource"),
        }
    } else {
        resource
    };
    let item = segments.last().is_some_and(|s| is_param(s));
    let action = match (action_path, method, item) {
        (true, ..) => kebab(segments.last().copied().unwrap_or("run")),
        (false, HttpMethod::Get, false) => "list".to_owned(),
        (false, HttpMethod::Get, true) => "get".to_owned(),
        (false, HttpMethod::Post, false) => "create".to_owned(),
        (false, HttpMethod::Patch, true) => "update".to_owned(),
        (false, HttpMethod::Put, true) => "replace".to_owned(),
        (false, HttpMethod::Delete, true) => "delete".to_owned(),
        (false, method, _) => method.as_str().to_ascii_lowercase(),
    };
    (resource, action)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule, one row per kind of path, on the admin API's paths.
    #[test]
    fn resources_and_actions() {
        use HttpMethod::{Delete, Get, Patch, Post};
        let paths: Vec<(String, HttpMethod)> = [
            ("/admin/users", Get),
            ("/admin/users/{user_id}", Get),
            ("/admin/users/{user_id}", Delete),
            ("/admin/projects", Post),
            ("/admin/projects/{project_id}", Patch),
            ("/admin/projects/{project_id}/api-keys", Get),
            ("/admin/projects/{project_id}/api-keys", Post),
            ("/admin/invites/{invite_id}/resend", Post),
            ("/admin/service-accounts/{service_account_id}/rotate-secret", Post),
        ]
        .into_iter()
        .map(|(p, m)| (p.to_owned(), m))
        .collect();
        let table = [
            (Get, "/admin/users", ("users", "list")),
            (Get, "/admin/users/{user_id}", ("users", "get")),
            (Delete, "/admin/users/{user_id}", ("users", "delete")),
            (Post, "/admin/projects", ("projects", "create")),
            (Patch, "/admin/projects/{project_id}", ("projects", "update")),
            (Get, "/admin/projects/{project_id}/api-keys", ("api-keys", "list")),
            (Post, "/admin/projects/{project_id}/api-keys", ("api-keys", "create")),
            (Post, "/admin/invites/{invite_id}/resend", ("invites", "resend")),
            (Post, "/admin/service-accounts/{service_account_id}/rotate-secret", ("service-accounts", "rotate-secret")),
            (Post, "/chat/{assistant_name}/chat/completions", ("chat-completions", "create")),
            (Get, "/help", ("help-resource", "list")),
        ];
        for (method, path, (resource, action)) in table {
            let got = resource_and_action(method, path, &paths);
            assert_eq!(got, (resource.to_owned(), action.to_owned()), "{} {path}", method.as_str());
        }
    }

    #[test]
    fn a_command_that_is_taken_uses_the_method_name() {
        let spec = crate::parse(
            "t.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /backups:\n    get: {operationId: list_backups, responses: {'200': {description: ok}}}\n  /indexes/{name}/backups:\n    parameters: [{in: path, name: name, required: true, schema: {type: string}}]\n    get: {operationId: list_index_backups, responses: {'200': {description: ok}}}\n".to_owned(),
        )
        .expect("parses");
        let api = crate::lower(&spec, &crate::Settings::default()).expect("lowers");
        let commands: Vec<(&str, &str)> =
            api.operations.iter().map(|op| (op.command.resource.as_str(), op.command.action.as_str())).collect();
        assert_eq!(commands, [("backups", "list"), ("backups", "list-index-backups")]);
    }
}
