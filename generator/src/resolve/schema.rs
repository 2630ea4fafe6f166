//! Pass 2 for schemas: objects, enums, raw objects (unions are in `union`).

use std::collections::{HashMap, HashSet};

use super::*;

impl Context {
    pub(super) fn resolve_schema(
        &mut self,
        file: &ParsedFile,
        name: &str,
        schema: &RawSchema,
        out: &mut Vec<ResolvedSchema>,
    ) {
        let path = format!("schemas.{name}");
        let docs = self.docs(
            file,
            &path,
            &schema.description,
            schema.source.as_deref(),
            schema.note.as_deref(),
        );
        match schema.kind {
            RawKind::Object => {
                self.reject_keys(
                    file,
                    &path,
                    "object",
                    schema,
                    &[
                        "id_prefix",
                        "object_name",
                        "fields",
                        "keep_unknown_fields",
                        "lenient",
                        "generic",
                    ],
                );
                let generic = schema.generic.clone();
                if let Some(param) = &generic {
                    if !names::is_upper_camel(param) || self.declarations.contains_key(param) {
                        self.error(file, &format!("{path}.generic"), format!("the type parameter `{param}` must be an UpperCamelCase name that is not a schema, e.g. `T`"));
                    }
                }
                let Some(fields) = &schema.fields else {
                    self.error(file, &path, "an object needs `fields:` (use `fields: {}` for an object with no documented fields)");
                    return;
                };
                let keep_unknown_fields = schema.keep_unknown_fields.unwrap_or(false);
                let mut hoisted = Vec::new();
                let fields = self.resolve_fields(
                    file,
                    name,
                    fields,
                    &format!("{path}.fields"),
                    generic.as_deref(),
                    &mut hoisted,
                );
                if fields.iter().any(|field| field.rust_name == "extra") {
                    self.error(file, &format!("{path}.fields.extra"), "every object that responses hold has a field `extra` (for members not listed, or that do not fit), which clashes with this one; give it another `rust_name:`");
                }
                let mut fields = fields;
                let id_prefix = schema.id_prefix.clone();
                if let Some(prefix) = &id_prefix {
                    self.type_id_field(file, name, &path, prefix, &mut fields, generic.is_some());
                }
                let object_name = schema.object_name.clone();
                if let Some(object_name) = &object_name {
                    self.check_object_field(file, &path, object_name, &fields);
                }
                if schema.lenient.is_some() {
                    self.error(file, &format!("{path}.lenient"), "`lenient` is how every object decodes now (a member that does not fit is kept in `extra` and reported); remove it, and mark a member `strict: <reason>` where a wrong value must fail the response");
                }
                out.push(ResolvedSchema::Object(ResolvedObject {
                    name: name.to_owned(),
                    docs,
                    generic,
                    fields,
                    keep_unknown_fields,
                    id_prefix,
                    object_name,
                }));
                out.extend(hoisted);
            }
            RawKind::Enum => {
                self.reject_keys(file, &path, "enum", schema, &["values"]);
                let values = self.resolve_enum_values(file, &path, schema.values.as_deref());
                out.push(ResolvedSchema::Enum(ResolvedEnum {
                    name: name.to_owned(),
                    docs,
                    values,
                }));
            }
            RawKind::Union => {
                self.reject_keys(
                    file,
                    &path,
                    "union",
                    schema,
                    &[
                        "fields",
                        "tag",
                        "tag_type",
                        "style",
                        "variants",
                        "variants_follow_features",
                    ],
                );
                let mut hoisted = Vec::new();
                if let Some(union) = self.resolve_union(file, name, schema, docs, &mut hoisted) {
                    out.push(ResolvedSchema::Union(union));
                }
                out.extend(hoisted);
            }
            RawKind::Raw => {
                self.reject_keys(file, &path, "raw", schema, &[]);
                out.push(ResolvedSchema::Raw {
                    name: name.to_owned(),
                    docs,
                });
            }
        }
    }

    pub(super) fn resolve_enum_values(
        &mut self,
        file: &ParsedFile,
        path: &str,
        values: Option<&[RawEnumValue]>,
    ) -> Vec<ResolvedEnumValue> {
        let Some(values) = values else {
            self.error(
                file,
                path,
                "an enum needs `values:`, a list of its wire values",
            );
            return Vec::new();
        };
        if values.is_empty() {
            self.error(
                file,
                &format!("{path}.values"),
                "an enum needs at least one value",
            );
        }
        let mut seen_wire = HashSet::new();
        let mut seen_variant: HashMap<String, String> = HashMap::new();
        let mut resolved = Vec::new();
        for (index, value) in values.iter().enumerate() {
            let value_path = format!("{path}.values[{index}]");
            let wire = value.wire();
            if !seen_wire.insert(wire.to_owned()) {
                self.error(file, &value_path, format!("duplicate enum value `{wire}`"));
                continue;
            }
            let chosen = match value {
                RawEnumValue::Long(long) => long.rust_name.as_deref(),
                RawEnumValue::Short(_) => None,
            };
            let variant = match chosen {
                Some(chosen) if !names::is_upper_camel(chosen) || names::is_keyword(chosen) => {
                    self.error(
                        file,
                        &format!("{value_path}.rust_name"),
                        format!(
                            "`rust_name` must be an UpperCamelCase identifier that is not a Rust keyword, found `{chosen}`"
                        ),
                    );
                    continue;
                }
                Some(chosen) => chosen.to_owned(),
                None => match names::variant_name(wire) {
                    Some(variant) => variant,
                    None => {
                        self.error(file, &value_path, format!("the enum value `{wire}` has no letters or digits to make a Rust variant name from; give it `rust_name:`"));
                        continue;
                    }
                },
            };
            if variant == "Unknown" {
                self.error(file, &value_path, format!("the enum value `{wire}` would become `Unknown`, which is reserved for values the spec does not list; give it another `rust_name:`"));
                continue;
            }
            if let Some(other) = seen_variant.insert(variant.clone(), wire.to_owned()) {
                self.error(file, &value_path, format!("the enum values `{other}` and `{wire}` both become the Rust variant `{variant}`"));
                continue;
            }
            let docs = match value {
                RawEnumValue::Short(_) => None,
                RawEnumValue::Long(long) => Some(self.docs(
                    file,
                    &value_path,
                    long.description.as_deref().unwrap_or(wire),
                    long.source.as_deref(),
                    long.note.as_deref(),
                )),
            };
            resolved.push(ResolvedEnumValue {
                wire: wire.to_owned(),
                variant,
                docs,
            });
        }
        resolved
    }

    /// Types the `id` field of an object with `id_prefix` with its id newtype.
    fn type_id_field(
        &mut self,
        file: &ParsedFile,
        name: &str,
        path: &str,
        prefix: &str,
        fields: &mut [ResolvedField],
        generic: bool,
    ) {
        let prefix_path = format!("{path}.id_prefix");
        if prefix.is_empty()
            || !prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.error(file, &prefix_path, format!("`id_prefix` must be letters, digits and underscores, such as `seti_`, found `{prefix}`"));
        }
        if generic {
            self.error(
                file,
                &prefix_path,
                "a generic object cannot have `id_prefix`",
            );
            return;
        }
        match fields.iter_mut().find(|field| field.wire_name == "id") {
            Some(field) if field.ty == TypeRef::String && !field.optional => {
                field.ty = TypeRef::Id(name.to_owned());
            }
            Some(_) => self.error(file, &format!("{path}.fields.id"), "with `id_prefix`, the `id` field must be a `string` that is `required` or `always_present` (and not nullable)"),
            None => self.error(file, &prefix_path, "`id_prefix` needs an `id` field"),
        }
    }

    /// `object_name` is checked against the `object` member, which must be there.
    fn check_object_field(
        &mut self,
        file: &ParsedFile,
        path: &str,
        object_name: &str,
        fields: &[ResolvedField],
    ) {
        if object_name.is_empty()
            || object_name
                .chars()
                .any(|c| c.is_control() || c == '"' || c == '\\')
        {
            self.error(file, &format!("{path}.object_name"), format!("`object_name` must be a plain value such as `setup_intent`, found `{object_name}`"));
        }
        let ok = fields.iter().any(|field| {
            field.wire_name == "object" && field.ty == TypeRef::String && !field.optional
        });
        if !ok {
            self.error(file, &format!("{path}.object_name"), "`object_name` needs an `object` field of type `string` that is `required` or `always_present`");
        }
    }
}
