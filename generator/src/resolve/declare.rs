//! Pass 1: every schema name, including hoisted inline objects, is declared
//! before anything is resolved, so references may point forwards.

use indexmap::IndexMap;

use super::*;

impl Context {
    /// Registers a schema name. `derived` names come from inline objects and
    /// union payloads, so errors about them point the user at `name:`.
    pub(super) fn declare(
        &mut self,
        file: &ParsedFile,
        name: &str,
        kind: DeclKind,
        spec_path: &str,
        derived: bool,
    ) {
        if derived {
            if !names::valid_identifier(name) {
                self.error(file, spec_path, format!("the inline object here would be named `{name}`, which is not a Rust identifier; give it `name:`"));
                return;
            }
        } else if !names::is_upper_camel(name) || names::is_keyword(name) {
            self.error(
                file,
                spec_path,
                format!("schema name `{name}` must be UpperCamelCase, e.g. `SetupIntent`"),
            );
            return;
        }
        if is_builtin_name(name) {
            let hint = if derived {
                "; give the inline object another `name:`"
            } else {
                "; choose another"
            };
            self.error(
                file,
                spec_path,
                format!("the name `{name}` is reserved by the generated crate{hint}"),
            );
            return;
        }
        if let Some(previous) = self.declarations.get(name) {
            let message = if derived {
                format!(
                    "the inline object here gets the derived name `{name}`, which is already defined at {}; give it another `name:`",
                    previous.defined_at
                )
            } else {
                format!(
                    "duplicate schema name `{name}`; it is already defined at {}",
                    previous.defined_at
                )
            };
            self.error(file, spec_path, message);
            return;
        }
        let defined_at = match file.lines.find(spec_path) {
            Some((line, column)) => {
                format!("{}:{line}:{column} (`{spec_path}`)", file.path.display())
            }
            None => format!("{} (`{spec_path}`)", file.path.display()),
        };
        self.declarations.insert(
            name.to_owned(),
            Declaration {
                kind,
                defined_at,
                module: file.stem.clone(),
            },
        );
    }

    pub(super) fn declare_schema(&mut self, file: &ParsedFile, name: &str, schema: &RawSchema) {
        let path = format!("schemas.{name}");
        let kind = match schema.kind {
            RawKind::Object => DeclKind::Object {
                generic: schema.generic.is_some(),
            },
            RawKind::Enum => DeclKind::Enum,
            RawKind::Union => DeclKind::Union,
            RawKind::Raw => DeclKind::Raw,
        };
        self.declare(file, name, kind, &path, false);
        if let (RawKind::Object, Some(prefix)) = (schema.kind, &schema.id_prefix) {
            self.declare_id_type(file, name, prefix, &path);
        }
        if let RawKind::Enum = schema.kind {
            let values = schema
                .values
                .iter()
                .flatten()
                .filter_map(|value| {
                    let wire = value.wire().to_owned();
                    names::variant_name(&wire).map(|variant| (wire, variant))
                })
                .collect();
            self.enum_values.insert(name.to_owned(), values);
        }
        if let Some(fields) = &schema.fields {
            self.declare_inline_fields(file, name, fields, &format!("{path}.fields"));
        }
        for (tag, variant) in schema.variants.iter().flatten() {
            let variant_path = format!("{path}.variants.{tag}");
            if let Some(fields) = &variant.fields {
                if let Some(payload) = names::nested_type_name(name, tag) {
                    self.declare(
                        file,
                        &payload,
                        DeclKind::Object { generic: false },
                        &variant_path,
                        true,
                    );
                    self.declare_inline_fields(
                        file,
                        &payload,
                        fields,
                        &format!("{variant_path}.fields"),
                    );
                }
            }
        }
    }

    pub(super) fn declare_inline_fields(
        &mut self,
        file: &ParsedFile,
        parent: &str,
        fields: &IndexMap<String, RawField>,
        path: &str,
    ) {
        for (wire, field) in fields {
            if field.type_.trim() != "object" {
                continue;
            }
            let field_path = format!("{path}.{wire}");
            let Some(name) = inline_object_name(parent, wire, field) else {
                continue; // reported when the field is resolved
            };
            self.declare(
                file,
                &name,
                DeclKind::Object { generic: false },
                &field_path,
                field.name.is_none(),
            );
            if let Some(nested) = &field.fields {
                self.declare_inline_fields(file, &name, nested, &format!("{field_path}.fields"));
            }
        }
    }

    /// Reserves the id newtype's name (`SetupIntentId`) like a schema name.
    fn declare_id_type(&mut self, file: &ParsedFile, object: &str, prefix: &str, path: &str) {
        let id_type = id_type_name(object);
        if let Some(previous) = self.declarations.get(&id_type) {
            let message = format!(
                "`id_prefix` gives `{object}` an id type named `{id_type}`, but a schema of that name is defined at {}",
                previous.defined_at
            );
            self.error(file, &format!("{path}.id_prefix"), message);
            return;
        }
        self.with_id.insert(object.to_owned(), prefix.to_owned());
        let defined_at = format!("{} (`{path}.id_prefix`)", file.path.display());
        self.declarations.insert(
            id_type,
            Declaration {
                kind: DeclKind::IdType,
                defined_at,
                module: file.stem.clone(),
            },
        );
    }
}
