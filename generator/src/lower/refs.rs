//! `$ref` resolution: local references into `#/components/<section>/<name>`, followed through
//! chains, with cycles and dangling references reported as errors.

use indexmap::IndexMap;
use openapiv3::ReferenceOr;

use super::Lowerer;
use crate::error::{Error, Result};
use crate::pointer::Pointer;

impl<'a> Lowerer<'a> {
    /// The component name a local `$ref` into `section` names (`#/components/schemas/X` -> `X`).
    pub(super) fn ref_name(&self, reference: &str, section: &str, pointer: &Pointer) -> Result<String> {
        let segments: Vec<String> =
            reference.strip_prefix('#').map(|p| Pointer::parse(p).segments().collect()).unwrap_or_default();
        match segments.as_slice() {
            [components, s, name] if components == "components" && s == section => Ok(name.clone()),
            _ if !reference.starts_with('#') => Err(self.unsupported(
                pointer,
                format!("the external reference `$ref: {reference}`"),
                "bundle the spec into one file first (for example with `redocly bundle`)",
            )),
            _ => Err(Error::UnresolvedRef {
                location: self.at(pointer),
                reference: reference.to_owned(),
                hint: leak_hint(section),
            }),
        }
    }

    /// Follows `item` through `$ref`s into `map` (the components `section`), returning the
    /// target and its JSON pointer.
    pub(super) fn resolve<'s, T>(
        &self,
        item: &'s ReferenceOr<T>,
        pointer: &Pointer,
        section: &str,
        map: Option<&'s IndexMap<String, ReferenceOr<T>>>,
    ) -> Result<(&'s T, Pointer)> {
        let mut current = item;
        let mut current_pointer = pointer.clone();
        let mut seen: Vec<String> = Vec::new();
        loop {
            match current {
                ReferenceOr::Item(value) => return Ok((value, current_pointer)),
                ReferenceOr::Reference { reference } => {
                    let name = self.ref_name(reference, section, &current_pointer)?;
                    if seen.contains(&name) {
                        return Err(self.invalid(
                            pointer,
                            format!("`$ref: {reference}` is part of a reference cycle ({} -> {name}); a component must eventually be a schema, not only a `$ref`", seen.join(" -> ")),
                        ));
                    }
                    let target = map.and_then(|m| m.get(&name)).ok_or_else(|| Error::UnresolvedRef {
                        location: self.at(&current_pointer),
                        reference: reference.clone(),
                        hint: leak_hint(section),
                    })?;
                    seen.push(name.clone());
                    current_pointer = Pointer::parse(&format!("/components/{section}")).child(name);
                    current = target;
                }
            }
        }
    }
}

/// What to do about a dangling reference into `section`.
fn leak_hint(section: &str) -> &'static str {
    match section {
        "schemas" => "define the schema under `components/schemas` or fix the name",
        "parameters" => "define the parameter under `components/parameters` or fix the name",
        "requestBodies" => "define the body under `components/requestBodies` or fix the name",
        "responses" => "define the response under `components/responses` or fix the name",
        _ => "only references into `#/components/...` are supported",
    }
}
