//! Recognising a paginated list: a `GET` with an optional string query parameter that takes a
//! page cursor (`paginationToken` and its usual spellings), answering an object with an array
//! of items and `pagination.next`, the cursor of the next page. Such operations also get a
//! method that streams every item, following the cursor.

use super::Lowerer;
use crate::model::{Field, HttpMethod, Operation, Output, Pagination, ParamLocation, TypeKind, TypeRef};
use crate::naming::RustName;

/// Query parameter names that take a page cursor.
const CURSOR_PARAMS: &[&str] =
    &["paginationToken", "pagination_token", "pageToken", "page_token", "nextToken", "next_token", "cursor"];

impl Lowerer<'_> {
    pub(super) fn pagination(&self, op: &Operation) -> Option<Pagination> {
        if op.http_method != HttpMethod::Get {
            return None;
        }
        op.params_struct.as_ref()?;
        let cursor = op.params.iter().find(|p| {
            p.location == ParamLocation::Query
                && !p.required
                && p.ty == TypeRef::String
                && CURSOR_PARAMS.contains(&p.wire_name.as_str())
        })?;
        let Output::Body(Some(page)) = &op.output else { return None };
        let page_fields = self.struct_fields(page)?;
        let pagination = page_fields.iter().find(|f| f.wire_name == "pagination")?;
        let next =
            self.struct_fields(&pagination.ty)?.iter().find(|f| f.wire_name == "next" && f.ty == TypeRef::String)?;
        let lists: Vec<&Field> = page_fields.iter().filter(|f| matches!(f.ty, TypeRef::Vec(_)) && !f.flatten).collect();
        let items = lists.iter().find(|f| f.wire_name == "data").or(match lists.as_slice() {
            [only] => Some(only),
            _ => None,
        })?;
        let TypeRef::Vec(item) = &items.ty else { return None };
        let optional = |f: &Field| !f.required || f.nullable;
        Some(Pagination {
            stream_method: RustName::default(), // named once every operation has its name
            token_field: cursor.rust_name.clone(),
            items_field: items.rust_name.clone(),
            items_optional: optional(items),
            item: (**item).clone(),
            next: vec![(pagination.rust_name.clone(), optional(pagination)), (next.rust_name.clone(), optional(next))],
        })
    }

    /// The fields of a named struct type.
    fn struct_fields(&self, ty: &TypeRef) -> Option<&[Field]> {
        let TypeRef::Named(name) = ty else { return None };
        match &self.types.get(name)?.kind {
            TypeKind::Struct(fields) => Some(fields),
            _ => None,
        }
    }
}
