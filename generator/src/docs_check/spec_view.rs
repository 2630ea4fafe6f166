//! The model seen the way a page shows it: which members an object has,
//! which JSON type a spec type is sent as.

use std::collections::HashMap;

use crate::model::{ApiModel, Docs, ResolvedEnum, ResolvedSchema, TypeRef, UnionStyle};
use crate::typeref::substitute;

use super::page::PageType;

/// One member the spec knows in an object-like type.
#[derive(Debug, Clone)]
pub struct Member<'m> {
    pub wire: &'m str,
    /// The member's type, generic parameters substituted.
    pub ty: TypeRef,
    /// `None` for union members, whose presence follows from the union's
    /// style rather than a required flag: not compared.
    pub required: Option<bool>,
    /// The field is `always_present` (in responses).
    pub always_present: bool,
    /// The field's or variant's docs (a union tag has none of its own).
    pub docs: Option<&'m Docs>,
    /// Where the member is defined, e.g. `SetupIntent.usage`.
    pub label: String,
}

/// What a spec type looks like on the wire, as far as a page can tell.
#[derive(Debug, Clone)]
pub enum Shape<'m> {
    /// A JSON object with known members (object and union schemas).
    Object(Vec<Member<'m>>),
    /// A JSON object with arbitrary keys and values of one type.
    Map(TypeRef),
    /// A JSON array of the element type.
    Array(TypeRef),
    /// An id string, or the object when expanded.
    Expandable(TypeRef),
    /// Anything else: scalars, raw objects, `json`: no members to compare.
    Opaque,
}

/// Looks schemas up by name across every module.
pub struct SpecIndex<'m> {
    schemas: HashMap<&'m str, &'m ResolvedSchema>,
}

impl<'m> SpecIndex<'m> {
    pub fn new(model: &'m ApiModel) -> SpecIndex<'m> {
        SpecIndex {
            schemas: model.schemas_by_name(),
        }
    }

    /// The schema a type names, if it names one.
    pub fn schema(&self, ty: &TypeRef) -> Option<&'m ResolvedSchema> {
        match ty {
            TypeRef::Named(name, _) => self.schemas.get(name.as_str()).copied(),
            _ => None,
        }
    }

    /// The schema behind a type through arrays, maps and expandables: the
    /// one whose note speaks for a value of this type.
    pub fn innermost_schema(&self, ty: &TypeRef) -> Option<&'m ResolvedSchema> {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Expandable(inner) => {
                self.innermost_schema(inner)
            }
            _ => self.schema(ty),
        }
    }

    /// The enum a type is, directly or as array elements.
    pub fn enumeration(&self, ty: &TypeRef) -> Option<&'m ResolvedEnum> {
        match ty {
            TypeRef::Array(item) => self.enumeration(item),
            _ => match self.schema(ty)? {
                ResolvedSchema::Enum(enumeration) => Some(enumeration),
                _ => None,
            },
        }
    }

    pub fn shape(&self, ty: &TypeRef) -> Shape<'m> {
        match ty {
            TypeRef::Array(item) => Shape::Array((**item).clone()),
            TypeRef::Map(value) => Shape::Map((**value).clone()),
            TypeRef::Expandable(target) => Shape::Expandable((**target).clone()),
            TypeRef::Named(_, arg) => match self.schema(ty) {
                Some(ResolvedSchema::Object(object)) => {
                    let substitution = object.generic.as_deref().zip(arg.as_deref());
                    Shape::Object(
                        object
                            .fields
                            .iter()
                            .map(|field| Member {
                                wire: &field.wire_name,
                                ty: match substitution {
                                    Some((param, arg)) => substitute(&field.ty, param, arg),
                                    None => field.ty.clone(),
                                },
                                required: Some(field.required),
                                always_present: field.always_present,
                                docs: Some(&field.docs),
                                label: format!("{}.{}", object.name, field.wire_name),
                            })
                            .collect(),
                    )
                }
                // Its members are those of whichever object it holds.
                Some(ResolvedSchema::Union(union)) if union.style == UnionStyle::Embedded => {
                    Shape::Opaque
                }
                Some(ResolvedSchema::Union(union)) => {
                    let tag_ty = match (&union.style, &union.tag_type) {
                        (UnionStyle::Struct, Some(tag_type)) => {
                            TypeRef::Named(tag_type.clone(), None)
                        }
                        _ => TypeRef::String,
                    };
                    let mut members = vec![Member {
                        wire: &union.tag,
                        ty: tag_ty,
                        required: None,
                        always_present: false,
                        docs: None,
                        label: format!("{}.{}", union.name, union.tag),
                    }];
                    members.extend(union.common_fields.iter().map(|field| Member {
                        wire: &field.wire_name,
                        ty: field.ty.clone(),
                        required: Some(field.required),
                        always_present: field.always_present,
                        docs: Some(&field.docs),
                        label: format!("{}.{}", union.name, field.wire_name),
                    }));
                    members.extend(union.variants.iter().map(|variant| Member {
                        wire: &variant.payload_key,
                        ty: TypeRef::Named(variant.payload.clone(), None),
                        required: None,
                        always_present: false,
                        docs: Some(&variant.docs),
                        label: format!("{}.{}", union.name, variant.tag_value),
                    }));
                    Shape::Object(members)
                }
                _ => Shape::Opaque,
            },
            _ => Shape::Opaque,
        }
    }

    /// The member names of an object-like type; for an expandable, those of
    /// the expanded object.
    pub fn member_type(&self, ty: &TypeRef, name: &str) -> Option<TypeRef> {
        match self.shape(ty) {
            Shape::Object(members) => members
                .into_iter()
                .find(|member| member.wire == name)
                .map(|member| member.ty),
            Shape::Expandable(target) => self.member_type(&target, name),
            Shape::Map(value) => Some(value),
            Shape::Array(_) | Shape::Opaque => None,
        }
    }

    /// Whether `ty` declares a member `name` (maps declare none).
    pub fn declares(&self, ty: &TypeRef, name: &str) -> bool {
        match self.shape(ty) {
            Shape::Object(members) => members.iter().any(|member| member.wire == name),
            Shape::Expandable(target) => self.declares(&target, name),
            _ => false,
        }
    }

    /// Whether a value the page calls `page` fits the spec type `spec`.
    /// Enums and ids are strings, timestamps integers, an expandable either a string
    /// or its object; `null` and `json` fit anything.
    pub fn compatible(&self, page: &PageType, spec: &TypeRef) -> bool {
        match (page, spec) {
            (PageType::Null, _) | (_, TypeRef::Json | TypeRef::Param(_)) => true,
            (PageType::String, TypeRef::String | TypeRef::Id(_) | TypeRef::StringEncoded(_))
            | (PageType::Boolean, TypeRef::Boolean)
            | (
                PageType::Integer,
                TypeRef::Int32 | TypeRef::Int64 | TypeRef::Timestamp | TypeRef::Float64,
            )
            | (PageType::Number, TypeRef::Float64)
            | (PageType::Object, TypeRef::Map(_)) => true,
            // A number or flag sent as a string: the page may show either.
            (_, TypeRef::StringEncoded(value)) => self.compatible(page, value),
            (PageType::Array(None), TypeRef::Array(_)) => true,
            (PageType::Array(Some(item)), TypeRef::Array(spec_item)) => {
                self.compatible(item, spec_item)
            }
            (PageType::String | PageType::Object, TypeRef::Expandable(target)) => {
                *page == PageType::String || self.compatible(page, target)
            }
            (_, TypeRef::Named(..)) => match self.schema(spec) {
                Some(ResolvedSchema::Enum(_)) => *page == PageType::String,
                Some(_) => *page == PageType::Object,
                None => true,
            },
            _ => false,
        }
    }
}
