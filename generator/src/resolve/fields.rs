//! Object fields, and inline objects hoisted into named schemas.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::*;

impl Context {
    pub(super) fn resolve_fields(
        &mut self,
        file: &ParsedFile,
        parent: &str,
        fields: &IndexMap<String, RawField>,
        path: &str,
        generic: Option<&str>,
        hoisted: &mut Vec<ResolvedSchema>,
    ) -> Vec<ResolvedField> {
        let mut rust_names: HashMap<String, String> = HashMap::new();
        let mut resolved = Vec::new();
        for (wire, field) in fields {
            let field_path = format!("{path}.{wire}");
            let rust_name = match &field.rust_name {
                Some(chosen) if names::field_name(chosen).as_deref() == Some(chosen.as_str()) => {
                    chosen.clone()
                }
                Some(chosen) => {
                    self.error(file, &format!("{field_path}.rust_name"), format!("`rust_name` must be a snake_case identifier that is not a Rust keyword, found `{chosen}`"));
                    continue;
                }
                None => match names::field_name(wire) {
                    Some(rust_name) => rust_name,
                    None => {
                        self.error(file, &field_path, format!("the field name `{wire}` has no letters or digits to make a Rust name from; give it `rust_name:`"));
                        continue;
                    }
                },
            };
            if let Some(other) = rust_names.insert(rust_name.clone(), wire.clone()) {
                self.error(file, &field_path, format!("the fields `{other}` and `{wire}` both become the Rust field `{rust_name}`; give one of them `rust_name:`"));
                continue;
            }
            let docs = self.docs(
                file,
                &field_path,
                &field.description,
                field.source.as_deref(),
                field.note.as_deref(),
            );
            let ty = if field.type_.trim() == "object" {
                self.resolve_inline_object(file, parent, wire, field, &field_path, hoisted)
            } else {
                if field.fields.is_some() {
                    self.error(
                        file,
                        &format!("{field_path}.fields"),
                        "`fields` is only allowed with `type: object`",
                    );
                }
                if field.name.is_some() {
                    self.error(
                        file,
                        &format!("{field_path}.name"),
                        "`name` is only allowed with `type: object`",
                    );
                }
                self.resolve_type(file, &format!("{field_path}.type"), &field.type_, generic)
            };
            let Some(ty) = ty else { continue };
            self.check_reference(
                file,
                &field_path,
                Some(parent),
                wire,
                &field.description,
                &ty,
                field.untyped_id.as_deref(),
            );
            if field.always_present && field.required {
                self.error(file, &format!("{field_path}.always_present"), "`always_present` is for fields the docs flag optional; this one is already `required`");
            }
            if field.may_be_json_string && field.required && !field.nullable {
                self.error(file, &format!("{field_path}.may_be_json_string"), "`may_be_json_string` fields may arrive as an empty string, so they must be optional or `nullable`");
            }
            if let Some(reason) = &field.strict {
                let strict_path = format!("{field_path}.strict");
                if reason.trim().is_empty() {
                    self.error(file, &strict_path, "`strict` takes the reason a wrong value must fail the response, e.g. `strict: \"the amount that moved\"`");
                } else if field.required || field.always_present {
                    self.error(
                        file,
                        &strict_path,
                        "`required` and `always_present` members are strict already",
                    );
                } else if field.may_be_json_string {
                    self.error(file, &strict_path, "a `may_be_json_string` member may arrive as text of any shape; it cannot be `strict`");
                }
            }
            let digits_fit = matches!(&ty, TypeRef::StringEncoded(value) if matches!(**value, TypeRef::Int32 | TypeRef::Int64));
            if field.digits.is_some() && !digits_fit {
                self.error(file, &format!("{field_path}.digits"), "`digits` zero-pads an integer sent as a string; it needs `type: string<int32>` or `string<int64>`");
            }
            if field
                .digits
                .is_some_and(|digits| !(1..=18).contains(&digits))
            {
                self.error(
                    file,
                    &format!("{field_path}.digits"),
                    "`digits` must be from 1 to 18",
                );
            }
            let present = field.required || field.always_present;
            resolved.push(ResolvedField {
                wire_name: wire.clone(),
                rust_name,
                ty,
                optional: !present || field.nullable || field.may_be_json_string,
                required: field.required,
                secret: field.secret,
                always_present: field.always_present,
                may_be_json_string: field.may_be_json_string,
                boxed: false,
                strict: field.strict.is_some(),
                digits: field.digits,
                docs,
            });
        }
        resolved
    }

    pub(super) fn resolve_inline_object(
        &mut self,
        file: &ParsedFile,
        parent: &str,
        wire: &str,
        field: &RawField,
        field_path: &str,
        hoisted: &mut Vec<ResolvedSchema>,
    ) -> Option<TypeRef> {
        let Some(name) = inline_object_name(parent, wire, field) else {
            self.error(
                file,
                field_path,
                format!("cannot make a type name for the inline object `{wire}`; give it `name:`"),
            );
            return None;
        };
        let Some(fields) = &field.fields else {
            self.error(
                file,
                field_path,
                "`type: object` needs `fields:` (or use `type: json` for an arbitrary object)",
            );
            return None;
        };
        let docs = Docs {
            description: field.description.trim().to_owned(),
            ..Docs::default()
        };
        self.hoist_object(file, &name, fields, field_path, docs, false, hoisted);
        Some(TypeRef::Named(name, None))
    }

    /// Resolves an inline object's `fields` (at `path.fields`) and adds it,
    /// then any objects nested in it, to `hoisted` as a named schema.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn hoist_object(
        &mut self,
        file: &ParsedFile,
        name: &str,
        fields: &IndexMap<String, RawField>,
        path: &str,
        docs: Docs,
        keep_unknown_fields: bool,
        hoisted: &mut Vec<ResolvedSchema>,
    ) {
        let mut nested = Vec::new();
        let fields = self.resolve_fields(
            file,
            name,
            fields,
            &format!("{path}.fields"),
            None,
            &mut nested,
        );
        hoisted.push(ResolvedSchema::Object(ResolvedObject {
            name: name.to_owned(),
            docs,
            generic: None,
            fields,
            keep_unknown_fields,
            id_prefix: None,
            object_name: None,
        }));
        hoisted.extend(nested);
    }
}
