//! `kind: union`: tag, style and variants.

use std::collections::HashSet;

use super::*;

impl Context {
    pub(super) fn resolve_union(
        &mut self,
        file: &ParsedFile,
        name: &str,
        schema: &RawSchema,
        docs: Docs,
        hoisted: &mut Vec<ResolvedSchema>,
    ) -> Option<ResolvedUnion> {
        let path = format!("schemas.{name}");
        let style = match schema.style.unwrap_or(RawUnionStyle::Enum) {
            RawUnionStyle::Enum => UnionStyle::Enum,
            RawUnionStyle::Struct => UnionStyle::Struct,
            RawUnionStyle::Embedded => UnionStyle::Embedded,
        };
        let Some(tag) = schema.tag.clone() else {
            self.error(file, &path, "a union needs `tag:`, the wire name of the member that says which variant this is (usually `type`)");
            return None;
        };
        let tag_enum = match (style, &schema.tag_type) {
            (UnionStyle::Enum | UnionStyle::Embedded, Some(_)) => {
                self.error(
                    file,
                    &format!("{path}.tag_type"),
                    "`tag_type` is only used with `style: struct`",
                );
                None
            }
            (UnionStyle::Enum | UnionStyle::Embedded, None) => None,
            (UnionStyle::Struct, None) => {
                self.error(file, &path, "a `style: struct` union needs `tag_type:`, an enum schema listing the tag values");
                None
            }
            (UnionStyle::Struct, Some(tag_type)) => {
                match self.declarations.get(tag_type).map(|d| d.kind) {
                    Some(DeclKind::Enum) => Some(tag_type.clone()),
                    Some(other) => {
                        self.error(
                            file,
                            &format!("{path}.tag_type"),
                            format!(
                                "`tag_type` must be an enum, but `{tag_type}` is {}",
                                other.describe()
                            ),
                        );
                        None
                    }
                    None => {
                        let suggestion = self.suggest(tag_type);
                        self.error(
                            file,
                            &format!("{path}.tag_type"),
                            format!("unknown type `{tag_type}`{suggestion}"),
                        );
                        None
                    }
                }
            }
        };
        let common_fields = match (&schema.fields, style) {
            (Some(_), UnionStyle::Enum | UnionStyle::Embedded) => {
                self.error(
                    file,
                    &format!("{path}.fields"),
                    "common `fields` are only supported with `style: struct`",
                );
                Vec::new()
            }
            (Some(fields), UnionStyle::Struct) => {
                self.resolve_fields(file, name, fields, &format!("{path}.fields"), None, hoisted)
            }
            (None, _) => Vec::new(),
        };
        let Some(raw_variants) = &schema.variants else {
            self.error(
                file,
                &path,
                "a union needs `variants:`, one entry per tag value",
            );
            return None;
        };
        if raw_variants.is_empty() {
            self.error(
                file,
                &format!("{path}.variants"),
                "a union needs at least one variant",
            );
        }
        let tag_field = names::field_name(&tag).unwrap_or_default();
        let mut member_names: HashMap<String, String> = common_fields
            .iter()
            .map(|f| (f.rust_name.clone(), f.wire_name.clone()))
            .collect();
        if let Some(other) = member_names.insert(tag_field.clone(), tag.clone()) {
            if style == UnionStyle::Struct {
                self.error(
                    file,
                    &format!("{path}.tag"),
                    format!("the tag `{tag}` clashes with the common field `{other}`"),
                );
            }
        }
        let mut variant_names = HashSet::new();
        let mut variants = Vec::new();
        for (tag_value, variant) in raw_variants {
            let variant_path = format!("{path}.variants.{tag_value}");
            let variant_docs = self.docs(
                file,
                &variant_path,
                &variant.description,
                variant.source.as_deref(),
                variant.note.as_deref(),
            );
            if style == UnionStyle::Embedded
                && !self.check_embedded_variant(file, &variant_path, tag_value, variant)
            {
                continue;
            }
            let payload_key = variant.payload.clone().unwrap_or_else(|| tag_value.clone());
            let (Some(rust_name), Some(payload_field)) = (
                names::variant_name(tag_value),
                names::field_name(&payload_key),
            ) else {
                self.error(file, &variant_path, format!("the tag value `{tag_value}` has no letters or digits to make a Rust name from"));
                continue;
            };
            if !variant_names.insert(rust_name.clone()) || rust_name == "Unknown" {
                self.error(file, &variant_path, format!("the variant `{tag_value}` becomes the Rust name `{rust_name}`, which another variant (or the `Unknown` fallback) already uses"));
                continue;
            }
            if payload_key == tag && style != UnionStyle::Embedded {
                self.error(
                    file,
                    &format!("{variant_path}.payload"),
                    format!("the payload key of `{tag_value}` cannot be the tag `{tag}` itself"),
                );
                continue;
            }
            if style == UnionStyle::Struct {
                if let Some(other) = member_names.insert(payload_field.clone(), payload_key.clone())
                {
                    self.error(
                        file,
                        &variant_path,
                        format!(
                            "the payload member `{payload_key}` clashes with the member `{other}`"
                        ),
                    );
                    continue;
                }
            }
            let tag_variant = match &tag_enum {
                None => None,
                Some(enum_name) => {
                    let values = self.enum_values.get(enum_name).cloned().unwrap_or_default();
                    match values.iter().find(|(wire, _)| wire == tag_value) {
                        Some((_, variant)) => Some(variant.clone()),
                        None => {
                            self.error(file, &variant_path, format!("`{tag_value}` is not a value of the tag enum `{enum_name}`; add it there or fix the variant"));
                            continue;
                        }
                    }
                }
            };
            let payload = match (&variant.type_, &variant.fields) {
                (Some(_), Some(_)) => {
                    self.error(file, &variant_path, "give a variant either `type:` (a schema) or `fields:` (an inline payload), not both");
                    continue;
                }
                (None, None) => {
                    self.error(file, &variant_path, format!("the variant `{tag_value}` has no payload; give it `fields:` (may be `{{}}`) or `type:`"));
                    continue;
                }
                (Some(_), None) if variant.keep_unknown_fields.is_some() => {
                    self.error(file, &format!("{variant_path}.keep_unknown_fields"), "`keep_unknown_fields` applies to an inline payload (`fields:`); set it on the referenced schema instead");
                    continue;
                }
                (Some(type_name), None) => match self.declarations.get(type_name).map(|d| d.kind) {
                    Some(DeclKind::Object { generic: false }) => type_name.clone(),
                    Some(other) => {
                        self.error(file, &format!("{variant_path}.type"), format!("a variant payload must be a non-generic object, but `{type_name}` is {}", other.describe()));
                        continue;
                    }
                    None => {
                        let suggestion = self.suggest(type_name);
                        self.error(
                            file,
                            &format!("{variant_path}.type"),
                            format!("unknown type `{type_name}`{suggestion}"),
                        );
                        continue;
                    }
                },
                (None, Some(fields)) => {
                    let Some(payload_name) = names::nested_type_name(name, tag_value) else {
                        continue;
                    };
                    let docs = Docs {
                        description: variant_docs.description.clone(),
                        source: variant_docs.source.clone(),
                        note: None,
                    };
                    let keep = variant.keep_unknown_fields.unwrap_or(false);
                    self.hoist_object(
                        file,
                        &payload_name,
                        fields,
                        &variant_path,
                        docs,
                        keep,
                        hoisted,
                    );
                    payload_name
                }
            };
            variants.push(ResolvedVariant {
                tag_value: tag_value.clone(),
                payload_key,
                rust_name,
                payload_field,
                payload,
                tag_variant,
                feature: None,
                docs: variant_docs,
            });
        }
        self.gate_variants(
            file,
            &path,
            schema.variants_follow_features.as_deref(),
            style,
            &mut variants,
        );
        Some(ResolvedUnion {
            name: name.to_owned(),
            docs,
            tag,
            style,
            tag_type: tag_enum,
            common_fields,
            variants,
        })
    }
}
