//! Webhooks (OpenAPI 3.1): the requests an API sends to its users' servers. Each gets the
//! type of its payload, named after the webhook when the spec writes it inline
//! (`newPet` -> `NewPetPayload`), so that a server can decode what it receives.

use super::Lowerer;
use super::operations::operations_of;
use crate::error::Result;
use crate::model::Webhook;
use crate::naming::{Claims, type_name};
use crate::pointer::Pointer;

impl<'a> Lowerer<'a> {
    pub(super) fn lower_webhooks(&mut self) -> Result<Vec<Webhook>> {
        let spec = self.spec;
        let mut names = Claims::default();
        let mut out = Vec::new();
        for (name, item) in &spec.webhooks {
            let item_pointer = Pointer::parse("/x-webhooks").child(name);
            for (method, op) in operations_of(item) {
                let pointer = item_pointer.child(method.as_str().to_ascii_lowercase());
                let base = type_name(name);
                let payload = match &op.request_body {
                    Some(body) => Some(self.body(body, format!("{base}Payload"), &pointer.child("requestBody"))?.ty),
                    None => None,
                };
                out.push(Webhook {
                    name: name.clone(),
                    rust_name: names.claim(&base),
                    http_method: method,
                    summary: op.summary.clone(),
                    description: op.description.clone(),
                    payload,
                });
            }
        }
        Ok(out)
    }
}
