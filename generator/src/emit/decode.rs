//! Tolerant decoding of response objects: `wire::Decode`, `Deserialize`
//! through it, and `unfit_members()`.
//!
//! A member is strict (it fails the object) when the spec says it is always
//! there (`required`, `always_present`) or marks it `strict`; any other
//! member that does not fit its type is kept raw in `extra`, its field is
//! `None`, and `unfit_members()` lists it with its path.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{ResolvedField, ResolvedObject, ResolvedUnion, TypeRef, UnionStyle};
use crate::typeref::spec_syntax;

/// Whether a member that does not fit is kept rather than failing the object.
pub fn is_tolerant(field: &ResolvedField) -> bool {
    field.optional && !field.required && !field.always_present && !field.strict
}

/// `Decode`, `Deserialize` and `unfit_members()` for an object that has an
/// `extra` field.
pub fn emit_object_decode(object: &ResolvedObject) -> TokenStream {
    let name = format_ident!("{}", object.name);
    let (impl_generics, type_generics) = match &object.generic {
        Some(param) => {
            let param = format_ident!("{}", param);
            (quote!(<#param: crate::wire::Decode>), quote!(<#param>))
        }
        None => (quote!(), quote!()),
    };
    let de_generics = match &object.generic {
        Some(param) => {
            let param = format_ident!("{}", param);
            quote!(<'de, #param: crate::wire::Decode>)
        }
        None => quote!(<'de>),
    };
    let mutable = (!object.fields.is_empty()).then(|| quote!(mut));
    let inits = object.fields.iter().map(|field| {
        let rust = format_ident!("{}", field.rust_name);
        let wire = &field.wire_name;
        // A `string<T>` member is read through `StringEncoded<T>`, which takes
        // the string or the bare value; the field holds the `T`.
        let (turbofish, unwrap_optional, unwrap) = match &field.ty {
            TypeRef::StringEncoded(value) => {
                let value = super::types::rust_type(value);
                (
                    quote!(::<crate::wire::StringEncoded<#value>>),
                    quote!(.map(|encoded| encoded.0)),
                    quote!(.0),
                )
            }
            _ => (quote!(), quote!(), quote!()),
        };
        let read = if field.wire_name == "object" && object.object_name.is_some() {
            quote!(members.object_name::<Self>(#wire)?)
        } else if field.may_be_json_string {
            quote!(members.json_string #turbofish (#wire) #unwrap_optional)
        } else if is_tolerant(field) {
            quote!(members.tolerant #turbofish (#wire) #unwrap_optional)
        } else if field.optional {
            quote!(members.strict_optional #turbofish (#wire)? #unwrap_optional)
        } else {
            quote!(members.strict #turbofish (#wire)? #unwrap)
        };
        quote!(#rust: #read,)
    });
    let checks: Vec<TokenStream> = object
        .fields
        .iter()
        .filter_map(|field| {
            let wire = &field.wire_name;
            let ty = decoded_type(field);
            if field.wire_name == "object" && object.object_name.is_some() {
                Some(quote!(members.object_name::<Self>(#wire)?;))
            } else if field.may_be_json_string || is_tolerant(field) {
                None
            } else if field.optional {
                Some(quote!(members.strict_optional::<#ty>(#wire)?;))
            } else {
                Some(quote!(members.strict::<#ty>(#wire)?;))
            }
        })
        .collect();
    let check_body = if checks.is_empty() {
        quote!(crate::wire::MemberChecks::of(value).map(drop))
    } else {
        quote! {
            let members = crate::wire::MemberChecks::of(value)?;
            #(#checks)*
            Ok(())
        }
    };
    let listed = object.fields.iter().map(|field| &field.wire_name);
    let keep_unknown = object.keep_unknown_fields;
    let tolerant: Vec<TokenStream> = object
        .fields
        .iter()
        .filter(|field| is_tolerant(field) || field.may_be_json_string)
        .map(|field| {
            let wire = &field.wire_name;
            let expected = spec_syntax(&field.ty);
            quote!((#wire, #expected))
        })
        .collect();
    let own_unfit = (!tolerant.is_empty())
        .then(|| quote!(crate::wire::unfit_in_extra(&self.extra, &[#(#tolerant),*], path, out);));
    let nested: Vec<TokenStream> = object
        .fields
        .iter()
        .filter(|field| may_hold_objects(&field.ty))
        .map(|field| {
            let rust = format_ident!("{}", field.rust_name);
            let wire = &field.wire_name;
            quote!(crate::wire::unfit_in_member(&self.#rust, #wire, path, out);)
        })
        .collect();
    // Nothing can be unfit in an object of strict members only.
    let collect = (own_unfit.is_some() || !nested.is_empty()).then(|| {
        quote! {
            fn collect_unfit(&self, path: &mut String, out: &mut Vec<crate::UnfitMember>) {
                #own_unfit
                #(#nested)*
            }
        }
    });
    let doc = format!(
        " The members of this `{}`, at any depth, whose value did not fit their type: each is kept raw in the `extra` of the object that holds it (so nothing is lost), and its field is `None`. Empty when the response matched the spec. Reflects the object as decoded.",
        object.name
    );
    quote! {
        impl #impl_generics crate::wire::Decode for #name #type_generics {
            fn decode_owned(value: serde_json::Value) -> Result<Self, crate::wire::Failure> {
                let #mutable members = crate::wire::Members::of(value)?;
                Ok(Self {
                    #(#inits)*
                    extra: members.finish(&[#(#listed),*], #keep_unknown),
                })
            }

            fn check(value: &serde_json::Value) -> Result<(), crate::wire::Failure> {
                #check_body
            }

            #collect
        }

        impl #de_generics serde::Deserialize<'de> for #name #type_generics {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::wire::deserialize_tolerant(deserializer)
            }
        }

        impl #impl_generics #name #type_generics {
            #[doc = #doc]
            pub fn unfit_members(&self) -> Vec<crate::UnfitMember> {
                crate::wire::unfit_members(self)
            }
        }
    }
}

/// `Decode` for a union decoded through its serde impl (tags and payloads
/// are read there), and the walk into its payload for `unfit_members()`.
pub fn emit_union_decode(union: &ResolvedUnion) -> TokenStream {
    let name = format_ident!("{}", union.name);
    let arms = union.variants.iter().map(|variant| {
        let rust = format_ident!("{}", variant.rust_name);
        // Feature gating (`variants_follow_features`): see `emit::union`.
        let gate = super::union::variant_gate(variant);
        if union.style == UnionStyle::Embedded {
            quote!(#gate Self::#rust(payload) => crate::wire::Decode::collect_unfit(payload, path, out),)
        } else {
            let key = &variant.payload_key;
            quote!(#gate Self::#rust(payload) => crate::wire::unfit_in_member(payload, #key, path, out),)
        }
    });
    let allows = super::union::gated_dispatch_allows(union);
    let doc = format!(
        " The members of the payload, at any depth, whose value did not fit their type (see the payload's own `unfit_members`); empty for `Unknown`. Reflects the `{}` as decoded.",
        union.name
    );
    quote! {
        impl crate::wire::Decode for #name {
            fn decode(value: &serde_json::Value) -> Result<Self, crate::wire::Failure> {
                crate::wire::decode_with_serde(value)
            }

            fn decode_owned(value: serde_json::Value) -> Result<Self, crate::wire::Failure> {
                crate::wire::decode_owned_with_serde(value)
            }

            // Checking a union is a full decode: decode once, by reference.
            fn decode_or_keep(value: serde_json::Value) -> Result<Self, serde_json::Value> {
                Self::decode(&value).map_err(|_| value)
            }

            #allows
            fn collect_unfit(&self, path: &mut String, out: &mut Vec<crate::UnfitMember>) {
                match self {
                    #(#arms)*
                    Self::Unknown(_) => {}
                }
            }
        }

        impl #name {
            #[doc = #doc]
            pub fn unfit_members(&self) -> Vec<crate::UnfitMember> {
                crate::wire::unfit_members(self)
            }
        }
    }
}

/// The type a member is read as: the field's type without `Option`, or the
/// `StringEncoded` wrapper of a `string<T>` member.
fn decoded_type(field: &ResolvedField) -> TokenStream {
    let ty = match &field.ty {
        TypeRef::StringEncoded(value) => {
            let value = super::types::rust_type(value);
            quote!(crate::wire::StringEncoded<#value>)
        }
        ty => super::types::rust_type(ty),
    };
    if field.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

/// Whether a value of `ty` may hold an object, which may hold unfit members.
fn may_hold_objects(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(..) | TypeRef::Param(_) | TypeRef::Expandable(_) => true,
        TypeRef::Array(item) | TypeRef::Map(item) => may_hold_objects(item),
        _ => false,
    }
}
