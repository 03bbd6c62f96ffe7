//! `$ref` resolution: references into `#/components/<section>/<name>`, followed through
//! chains. A reference that cannot be followed (to nothing, to the wrong kind of component,
//! around a cycle) is an error of the document confined to the place that makes it: a
//! warning, and the caller types that place loosely or leaves it out.

use indexmap::IndexMap;
use openapiv3::ReferenceOr;

use super::Lowerer;
use crate::pointer::Pointer;

/// Why a reference cannot be followed.
#[derive(Debug)]
pub(super) struct Unfollowed(pub(super) String);

impl<'a> Lowerer<'a> {
    /// The component name a reference into `section` names (`#/components/schemas/X` -> `X`).
    pub(super) fn ref_name(&self, reference: &str, section: &str) -> Result<String, Unfollowed> {
        let segments: Vec<String> =
            reference.strip_prefix('#').map(|p| Pointer::parse(p).segments().collect()).unwrap_or_default();
        match segments.as_slice() {
            [components, s, name] if components == "components" && s == section => Ok(name.clone()),
            [components, s, _] if components == "components" => Err(Unfollowed(format!(
                "`$ref: {reference}` names a component of `{s}` where one of `{section}` belongs"
            ))),
            _ => Err(Unfollowed(format!("`$ref: {reference}` points to nothing in the document"))),
        }
    }

    /// Follows `item` through `$ref`s into `map` (the components `section`): the target and
    /// its JSON pointer.
    pub(super) fn resolve<'s, T>(
        &self,
        item: &'s ReferenceOr<T>,
        section: &str,
        map: Option<&'s IndexMap<String, ReferenceOr<T>>>,
    ) -> Result<(&'s T, Option<Pointer>), Unfollowed> {
        let mut current = item;
        let mut current_pointer = None;
        let mut seen: Vec<String> = Vec::new();
        loop {
            match current {
                ReferenceOr::Item(value) => return Ok((value, current_pointer)),
                ReferenceOr::Reference { reference } => {
                    let name = self.ref_name(reference, section)?;
                    if seen.contains(&name) {
                        return Err(Unfollowed(format!(
                            "`$ref: {reference}` is part of a cycle of references ({} -> {name}) that never reaches a definition",
                            seen.join(" -> ")
                        )));
                    }
                    let target = map
                        .and_then(|m| m.get(&name))
                        .ok_or_else(|| Unfollowed(format!("`$ref: {reference}` points to nothing in the document")))?;
                    seen.push(name.clone());
                    current_pointer = Some(Pointer::root().join(["components", section, &name]));
                    current = target;
                }
            }
        }
    }

    /// [`Self::resolve`], the target's pointer being `pointer` when `item` is not a reference;
    /// `None`, with a warning saying what becomes of the place (`instead`), when the reference
    /// cannot be followed.
    pub(super) fn resolve_or_warn<'s, T>(
        &mut self,
        item: &'s ReferenceOr<T>,
        pointer: &Pointer,
        section: &str,
        map: Option<&'s IndexMap<String, ReferenceOr<T>>>,
        instead: &str,
    ) -> Option<(&'s T, Pointer)> {
        match self.resolve(item, section, map) {
            Ok((target, at)) => Some((target, at.unwrap_or_else(|| pointer.clone()))),
            Err(Unfollowed(why)) => {
                self.warn(pointer, format_args!("{why}; {instead}"));
                None
            }
        }
    }
}
