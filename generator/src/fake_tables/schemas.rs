//! Schemas → `static SCHEMAS: &[Schema]`, sorted by name so the fake finds
//! one by binary search.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{
    ApiModel, ResolvedField, ResolvedObject, ResolvedSchema, ResolvedUnion, TypeRef, UnionStyle,
};

/// Every schema of the model as table rows.
pub(super) fn emit_schemas(model: &ApiModel) -> TokenStream {
    let mut schemas: Vec<&ResolvedSchema> = model
        .modules
        .iter()
        .flat_map(|module| &module.schemas)
        .collect();
    schemas.sort_by(|a, b| a.name().cmp(b.name()));
    let rows = schemas.iter().map(|schema| emit_schema(schema));
    quote! {
        /// Every schema of the spec, sorted by name.
        pub(crate) static SCHEMAS: &[Schema] = &[#(#rows),*];
    }
}

fn emit_schema(schema: &ResolvedSchema) -> TokenStream {
    match schema {
        ResolvedSchema::Object(object) => emit_object(object),
        ResolvedSchema::Enum(enumeration) => {
            let name = &enumeration.name;
            let values = enumeration.values.iter().map(|value| &value.wire);
            quote!(Schema::Enum { name: #name, values: &[#(#values),*] })
        }
        ResolvedSchema::Union(union) => emit_union(union),
        ResolvedSchema::Raw { name, .. } => quote!(Schema::Raw { name: #name }),
    }
}

fn emit_object(object: &ResolvedObject) -> TokenStream {
    let name = &object.name;
    let fields = emit_fields(&object.fields);
    let id_prefix = option(object.id_prefix.as_deref());
    let object_name = option(object.object_name.as_deref());
    let keeps_unknown = object.keep_unknown_fields;
    quote! {
        Schema::Object(ObjectSchema {
            name: #name,
            fields: #fields,
            id_prefix: #id_prefix,
            object_name: #object_name,
            keeps_unknown: #keeps_unknown,
        })
    }
}

fn emit_union(union: &ResolvedUnion) -> TokenStream {
    let name = &union.name;
    let tag = &union.tag;
    let style = match union.style {
        UnionStyle::Enum => quote!(UnionStyle::Enum),
        UnionStyle::Struct => quote!(UnionStyle::Struct),
        UnionStyle::Embedded => quote!(UnionStyle::Embedded),
    };
    let common = emit_fields(&union.common_fields);
    let variants = union.variants.iter().map(|variant| {
        let tag_value = &variant.tag_value;
        let payload_key = &variant.payload_key;
        let payload = &variant.payload;
        quote!(Variant { tag_value: #tag_value, payload_key: #payload_key, payload: #payload })
    });
    quote! {
        Schema::Union(UnionSchema {
            name: #name,
            tag: #tag,
            style: #style,
            common: #common,
            variants: &[#(#variants),*],
        })
    }
}

fn emit_fields(fields: &[ResolvedField]) -> TokenStream {
    let rows = fields.iter().map(|field| {
        let wire = &field.wire_name;
        let ty = emit_ty(&field.ty);
        let required = field.required;
        let present = !field.optional;
        let secret = field.secret;
        quote! {
            Field::new(#wire, #ty, #required, #present, #secret)
        }
    });
    quote!(&[#(#rows),*])
}

/// A type as a `Ty` constant expression (nested types are promoted to
/// `'static` references).
pub(super) fn emit_ty(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(Ty::String),
        TypeRef::Boolean => quote!(Ty::Boolean),
        TypeRef::Int32 | TypeRef::Int64 => quote!(Ty::Integer),
        TypeRef::Timestamp => quote!(Ty::Timestamp),
        TypeRef::Float64 => quote!(Ty::Number),
        TypeRef::Json => quote!(Ty::Json),
        TypeRef::Array(item) => {
            let item = emit_ty(item);
            quote!(Ty::Array(&#item))
        }
        TypeRef::Map(value) => {
            let value = emit_ty(value);
            quote!(Ty::Map(&#value))
        }
        TypeRef::Expandable(target) => {
            let target = emit_ty(target);
            quote!(Ty::Expandable(&#target))
        }
        TypeRef::Id(object) => quote!(Ty::Id(#object)),
        TypeRef::Named(name, None) => quote!(Ty::Named(#name)),
        TypeRef::Named(name, Some(arg)) => {
            let arg = emit_ty(arg);
            quote!(Ty::Generic(#name, &#arg))
        }
        TypeRef::Param(_) => quote!(Ty::Param),
        TypeRef::StringEncoded(value) => {
            let value = emit_ty(value);
            quote!(Ty::StringEncoded(&#value))
        }
    }
}

fn option(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}
