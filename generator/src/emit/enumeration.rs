//! `kind: enum` → a Rust enum with an `Unknown(String)` fallback.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, doc_lines};
use crate::model::ResolvedEnum;

/// The enum, its string conversions and serde impls. Serde is implemented by
/// hand because derive cannot keep an unknown value's text.
pub fn emit_enum(enumeration: &ResolvedEnum) -> TokenStream {
    let name = format_ident!("{}", enumeration.name);
    let docs = doc_attrs(&enumeration.docs);
    let variants: Vec<_> = enumeration
        .values
        .iter()
        .map(|value| format_ident!("{}", value.variant))
        .collect();
    let wires: Vec<&str> = enumeration.values.iter().map(|v| v.wire.as_str()).collect();
    let variant_names: Vec<&str> = enumeration
        .values
        .iter()
        .map(|v| v.variant.as_str())
        .collect();
    let variant_docs = enumeration.values.iter().map(|value| {
        let text = match &value.docs {
            Some(docs) if docs.description != value.wire => {
                format!("`{}`: {}", value.wire, docs.description)
            }
            _ => format!("`{}`", value.wire),
        };
        doc_lines(&text)
    });
    quote! {
        #docs
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the SDK does not know, kept verbatim so it
            /// serializes back unchanged.
            Unknown(String),
        }

        impl #name {
            /// The value as WooshPay writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        // By hand: an unknown value is text the server chose, and `Debug`
        // must not show a secret it may echo.
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(Self::#variants => f.write_str(#variant_names),)*
                    Self::Unknown(value) => crate::wire::debug_unknown(f, value),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::wire::deserialize_enum(deserializer)
            }
        }

        impl crate::wire::Decode for #name {
            fn decode(value: &serde_json::Value) -> Result<Self, crate::wire::Failure> {
                match value {
                    serde_json::Value::String(text) => Ok(Self::from(text.as_str())),
                    other => Err(crate::wire::Failure::expected("a string", other)),
                }
            }
        }
    }
}
