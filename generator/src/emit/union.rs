//! `kind: union` → a tag-keyed enum (`style: enum`), a struct with
//! per-variant constructors (`style: struct`), or an enum of whole objects
//! (`style: embedded`, in `union_embedded.rs`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builder::emit_setters;
use super::docs::{doc_attrs, doc_lines};
use super::object::{emit_struct_with, StructOptions};
use crate::model::{
    Docs, ResolvedField, ResolvedObject, ResolvedUnion, ResolvedVariant, TypeRef, UnionStyle,
};
use crate::usage::Usage;

/// Dispatches on the union's style.
pub fn emit_union(union: &ResolvedUnion, usage: Usage) -> TokenStream {
    match union.style {
        UnionStyle::Enum => emit_tagged_enum(union),
        UnionStyle::Struct => emit_tagged_struct(union, usage),
        UnionStyle::Embedded => super::union_embedded::emit_embedded_union(union),
    }
}

/// Per variant, in spec order: the Rust variant, its payload type, its tag
/// value and its feature gate; what both enum-shaped styles (`enum`,
/// `embedded`) are built from. Every item or arm that names a variant
/// carries its gate.
pub(super) struct VariantParts<'u> {
    pub variants: Vec<proc_macro2::Ident>,
    pub payloads: Vec<proc_macro2::Ident>,
    pub tag_values: Vec<&'u str>,
    pub gates: Vec<Option<TokenStream>>,
}

/// `#[cfg(feature = "…")]` for a variant that follows its resource's cargo
/// feature (`variants_follow_features`); `None` for one always compiled.
pub(super) fn variant_gate(variant: &ResolvedVariant) -> Option<TokenStream> {
    variant
        .feature
        .as_ref()
        .map(|feature| quote!(#[cfg(feature = #feature)]))
}

/// For a union whose every variant follows a feature: the lints that fire
/// on its dispatch code when all those features are off and only `Unknown`
/// is left (arguments only the variants' arms use, a `let … else` that
/// `Unknown` alone can match). `None` for other unions.
pub(super) fn gated_dispatch_allows(union: &ResolvedUnion) -> Option<TokenStream> {
    union
        .variants
        .iter()
        .all(|variant| variant.feature.is_some())
        .then(|| quote!(#[allow(unused_variables, irrefutable_let_patterns)]))
}

/// The paragraph a union whose variants follow features adds to its docs:
/// which feature each such variant needs, and what happens without it.
fn gated_variants_doc(union: &ResolvedUnion) -> Option<TokenStream> {
    if !union.has_gated_variants() {
        return None;
    }
    let needs: Vec<String> = union
        .variants
        .iter()
        .filter_map(|variant| {
            let feature = variant.feature.as_ref()?;
            Some(format!("`{}` with `{feature}`", variant.rust_name))
        })
        .collect();
    // Plain names, not links: a link to a variant compiled out would break.
    let text = format!(
        "Variants follow cargo features, so that receiving this type does not compile every resource. Each of these exists only with its resource's feature: {}. With a variant's feature off, an object of its kind decodes as `Unknown`, whole and unchanged; enable the features of the kinds you match on.",
        needs.join(", ")
    );
    let text = format!(" {text}");
    Some(quote! {
        ///
        #[doc = #text]
    })
}

/// The enum both open styles (`enum`, `embedded`) define, variants holding
/// `payload_types`, then `Unknown` with the raw object, and its `tag()`.
pub(super) fn emit_open_enum(
    union: &ResolvedUnion,
    parts: &VariantParts,
    payload_types: &[TokenStream],
    unknown_doc: &str,
    tag_doc: &str,
) -> TokenStream {
    let name = format_ident!("{}", union.name);
    let docs = doc_attrs(&union.docs);
    let tag = &union.tag;
    let VariantParts {
        variants,
        tag_values,
        ..
    } = parts;
    let gates = &parts.gates;
    let variant_docs = union.variants.iter().map(|v| doc_attrs(&v.docs));
    let gated_doc = gated_variants_doc(union);
    let unknown_doc = if union.has_gated_variants() {
        format!("{unknown_doc} Also an object of a kind whose variant's cargo feature is off.")
    } else {
        unknown_doc.to_owned()
    };
    let unknown_doc = doc_lines(&unknown_doc);
    let tag_doc = doc_lines(tag_doc);
    quote! {
        #docs
        #gated_doc
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variant_docs #gates #variants(#payload_types),)*
            #unknown_doc
            Unknown(crate::RawObject),
        }

        impl #name {
            #tag_doc
            pub fn tag(&self) -> Option<&str> {
                match self {
                    #(#gates Self::#variants(_) => Some(#tag_values),)*
                    Self::Unknown(object) => object.get(#tag).and_then(|value| value.as_str()),
                }
            }
        }
    }
}

impl<'u> VariantParts<'u> {
    pub fn of(union: &'u ResolvedUnion) -> Self {
        VariantParts {
            variants: union
                .variants
                .iter()
                .map(|v| format_ident!("{}", v.rust_name))
                .collect(),
            payloads: union
                .variants
                .iter()
                .map(|v| format_ident!("{}", v.payload))
                .collect(),
            tag_values: union
                .variants
                .iter()
                .map(|v| v.tag_value.as_str())
                .collect(),
            gates: union.variants.iter().map(variant_gate).collect(),
        }
    }
}

/// One variant per tag value, each holding its payload, plus `Unknown` that
/// keeps the whole object. Serde is by hand: the payload sits in a sibling
/// member named by the tag, which no serde enum representation expresses.
fn emit_tagged_enum(union: &ResolvedUnion) -> TokenStream {
    let name = format_ident!("{}", union.name);
    let tag = &union.tag;
    let parts = VariantParts::of(union);
    let payload_types: Vec<_> = parts.payloads.iter().map(|p| quote!(crate::#p)).collect();
    let definition = emit_open_enum(
        union,
        &parts,
        &payload_types,
        &format!("A `{tag}` this version of the SDK does not know, or a known one sent without its payload: the whole JSON object, kept verbatim so it serializes back unchanged."),
        &format!("The wire value of `{tag}`, if there is one."),
    );
    let VariantParts {
        variants,
        payloads,
        tag_values,
        gates,
    } = parts;
    let allows = gated_dispatch_allows(union);
    let payload_keys: Vec<&str> = union
        .variants
        .iter()
        .map(|v| v.payload_key.as_str())
        .collect();
    let decode = super::decode::emit_union_decode(union);
    quote! {
        #definition
        #decode

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#gates Self::#variants(payload) => crate::wire::serialize_tagged(serializer, #tag, #tag_values, #payload_keys, payload),)*
                    Self::Unknown(object) => serde::Serialize::serialize(object, serializer),
                }
            }
        }

        impl crate::wire::TaggedUnion for #name {
            const TAG: &'static str = #tag;

            #allows
            fn payload_key(tag: &str) -> Option<&'static str> {
                match tag {
                    #(#gates #tag_values => Some(#payload_keys),)*
                    _ => None,
                }
            }

            #allows
            fn deserialize_payload<'de, D: serde::Deserializer<'de>>(tag: &str, payload: D) -> Result<Option<Self>, D::Error> {
                Ok(match tag {
                    #(#gates #tag_values => <Option<crate::#payloads> as serde::Deserialize>::deserialize(payload)?.map(Self::#variants),)*
                    _ => None,
                })
            }

            fn unknown(object: crate::RawObject) -> Self {
                Self::Unknown(object)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::wire::deserialize_tagged(deserializer)
            }
        }
    }
}

/// A struct holding the tag, the common fields and every payload as an
/// optional field, plus a constructor per variant.
fn emit_tagged_struct(union: &ResolvedUnion, usage: Usage) -> TokenStream {
    let tag_type = union.tag_type.clone().unwrap_or_default();
    let tag_field = ResolvedField {
        wire_name: union.tag.clone(),
        rust_name: union.tag_field_name(),
        ty: TypeRef::Named(tag_type.clone(), None),
        optional: false,
        required: true,
        secret: false,
        always_present: false,
        may_be_json_string: false,
        digits: None,
        boxed: false,
        strict: false,
        docs: Docs {
            description: "Which kind of payload this is; names the member that holds it."
                .to_owned(),
            source: None,
            note: None,
        },
    };
    let payload_fields = union.variants.iter().map(|variant| ResolvedField {
        wire_name: variant.payload_key.clone(),
        rust_name: variant.payload_field.clone(),
        ty: TypeRef::Named(variant.payload.clone(), None),
        optional: true,
        required: false,
        secret: false,
        always_present: false,
        may_be_json_string: false,
        digits: None,
        boxed: false,
        strict: false,
        docs: variant.docs.clone(),
    });
    let object = ResolvedObject {
        id_prefix: None,
        object_name: None,
        name: union.name.clone(),
        docs: union.docs.clone(),
        generic: None,
        fields: std::iter::once(tag_field)
            .chain(union.common_fields.iter().cloned())
            .chain(payload_fields)
            .collect(),
        keep_unknown_fields: false,
    };
    // Payloads are set through the per-variant constructors below, so only
    // the common fields get setters (a payload setter would clash with them).
    let definition = emit_struct_with(
        &object,
        StructOptions {
            setters: false,
            gate_deserialize: usage.request_only(),
        },
    );
    let setters = usage
        .request
        .then(|| {
            emit_setters(&ResolvedObject {
                fields: union.common_fields.clone(),
                ..object.clone()
            })
        })
        .flatten();
    let name = format_ident!("{}", union.name);
    let tag_type = format_ident!("{}", tag_type);
    let constructors = union.variants.iter().map(|variant| {
        let constructor = format_ident!("{}", variant.payload_field);
        let field = format_ident!("{}", variant.payload_field);
        let payload = format_ident!("{}", variant.payload);
        let tag_variant = format_ident!("{}", variant.tag_variant.clone().unwrap_or_default());
        let doc = format!(
            " `{}` with its `{}` payload set; every other optional field starts as `None`.",
            variant.tag_value, variant.payload_key
        );
        quote! {
            #[doc = #doc]
            pub fn #constructor(#field: impl Into<crate::#payload>) -> Self {
                Self {
                    #field: Some(#field.into()),
                    ..Self::new(crate::#tag_type::#tag_variant)
                }
            }
        }
    });
    quote! {
        #definition
        impl #name {
            #(#constructors)*
        }
        #setters
    }
}
