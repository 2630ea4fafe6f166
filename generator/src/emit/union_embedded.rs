//! `style: embedded` unions: the tag is a member of the payload object
//! itself (`{"object": "refund", "id": ...}`), so each variant holds a whole
//! object schema and the JSON is that object, with no wrapper member.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::union::{emit_open_enum, gated_dispatch_allows, VariantParts};
use crate::model::ResolvedUnion;

/// One boxed variant per tag value, plus `Unknown` holding the raw object.
///
/// Payloads are boxed: they are whole resources, often far larger than the
/// raw fallback, and boxing keeps the enum small. Decoding never fails on a
/// well-formed JSON object: an unlisted or missing tag, or an object that
/// does not decode as its variant, lands in `Unknown` unchanged.
pub fn emit_embedded_union(union: &ResolvedUnion) -> TokenStream {
    let name = format_ident!("{}", union.name);
    let tag = &union.tag;
    let parts = VariantParts::of(union);
    let payload_types: Vec<_> = parts
        .payloads
        .iter()
        .map(|p| quote!(Box<crate::#p>))
        .collect();
    let definition = emit_open_enum(
        union,
        &parts,
        &payload_types,
        &format!("An object whose `{tag}` this version of the SDK does not know (or lacks, or that does not decode as its kind): the whole JSON object, kept verbatim so it serializes back unchanged."),
        &format!("The wire value of the object's `{tag}` member, if there is one."),
    );
    let VariantParts {
        variants,
        payloads,
        tag_values,
        gates,
    } = parts;
    let allows = gated_dispatch_allows(union);
    let failure_doc = format!(" For [`Unknown`]({name}::Unknown): why the object did not decode as the variant its `{tag}` names. `None` for a typed variant, and for an object whose `{tag}` this version of the SDK does not know (a new kind of object, not an error).");
    let decode = super::decode::emit_union_decode(union);
    quote! {
        #definition
        #decode

        impl #name {
            #[doc = #failure_doc]
            ///
            /// An object of a known kind that does not decode is kept whole in
            /// `Unknown`, so no data is lost; a receiver that acts on some kinds
            /// checks this to tell such an object from a kind it may ignore.
            #[inline]
            #allows
            pub fn decode_failure(&self) -> Option<crate::DecodeFailure> {
                let Self::Unknown(object) = self else {
                    return None;
                };
                let tag = object.get(#tag)?.as_str()?;
                match tag {
                    #(#gates #tag_values => crate::wire::embedded_failure::<crate::#payloads>(tag, object),)*
                    _ => None,
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#gates Self::#variants(payload) => crate::wire::serialize_embedded(serializer, #tag, #tag_values, payload.as_ref()),)*
                    Self::Unknown(object) => serde::Serialize::serialize(object, serializer),
                }
            }
        }

        impl crate::wire::EmbeddedUnion for #name {
            const TAG: &'static str = #tag;

            #[inline]
            #allows
            fn decode_variant(tag: &str, object: &crate::RawObject) -> Option<Self> {
                match tag {
                    #(#gates #tag_values => crate::wire::decode_embedded::<crate::#payloads>(object).map(|payload| Self::#variants(Box::new(payload))),)*
                    _ => None,
                }
            }

            fn unknown(object: crate::RawObject) -> Self {
                Self::Unknown(object)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::wire::deserialize_embedded(deserializer)
            }
        }
    }
}
