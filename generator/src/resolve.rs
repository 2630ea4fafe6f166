//! Step 2: validate the raw spec and resolve it into the model.
//!
//! All problems are collected, not just the first, so one run of
//! `cargo xtask codegen` shows a maintainer everything to fix. Inline objects
//! (a field of `type: object`, a union variant with `fields:`) are hoisted into
//! named schemas here, so the emitters only ever see named types.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use crate::diagnostic::{shorten, Diagnostic};
use crate::load::ParsedFile;
use crate::model::*;
use crate::names;
use crate::raw::*;
use crate::typeexpr::{self, TypeExpr};

mod embedded;

/// Resolves all files together: they share one namespace.
pub fn resolve(files: &[ParsedFile]) -> Result<ApiModel, Vec<Diagnostic>> {
    let mut ctx = Context::default();
    for (index, file) in files.iter().enumerate() {
        ctx.file = index;
        ctx.check_module_name(file, files);
        for (name, schema) in &file.raw.schemas {
            ctx.declare_schema(file, name, schema);
        }
    }
    let mut modules = Vec::new();
    for (index, file) in files.iter().enumerate() {
        ctx.file = index;
        let mut schemas = Vec::new();
        for (name, schema) in &file.raw.schemas {
            ctx.resolve_schema(file, name, schema, &mut schemas);
        }
        let endpoints = file
            .raw
            .endpoints
            .iter()
            .filter_map(|(name, endpoint)| ctx.resolve_endpoint(file, name, endpoint))
            .collect();
        modules.push(ResolvedModule {
            name: file.stem.clone(),
            file: file.path.display().to_string(),
            schemas,
            endpoints,
        });
    }
    let mut model = ApiModel { modules };
    crate::recursion::box_recursive_fields(&mut model);
    if ctx.diagnostics.is_empty() {
        Ok(model)
    } else {
        Err(ctx.diagnostics)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeclKind {
    Object { generic: bool },
    Enum,
    Union,
    Raw,
}

impl DeclKind {
    fn describe(self) -> &'static str {
        match self {
            DeclKind::Object { .. } => "an object",
            DeclKind::Enum => "an enum",
            DeclKind::Union => "a union",
            DeclKind::Raw => "a raw object",
        }
    }
}

#[derive(Debug, Clone)]
struct Declaration {
    kind: DeclKind,
    /// `file:line:col (`spec.path`)`, for duplicate-name messages.
    defined_at: String,
}

#[derive(Default)]
struct Context {
    file: usize,
    declarations: HashMap<String, Declaration>,
    /// Enum schemas' values (wire → variant), to check struct-style union tags.
    enum_values: HashMap<String, Vec<(String, String)>>,
    diagnostics: Vec<Diagnostic>,
}

impl Context {
    fn error(&mut self, file: &ParsedFile, spec_path: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            file: file.path.clone(),
            spec_path: shorten(spec_path),
            location: file.lines.find(spec_path),
            message: shorten(&message.into()),
        });
    }

    fn check_module_name(&mut self, file: &ParsedFile, files: &[ParsedFile]) {
        if names::is_keyword(&file.stem) {
            self.error(file, "", format!("the file name `{}` is a Rust keyword and cannot name a module; rename the file", file.stem));
        } else if names::field_name(&file.stem).as_deref() != Some(file.stem.as_str()) {
            self.error(
                file,
                "",
                format!(
                    "the file name `{}` must be a snake_case Rust module name such as `setup_intents.yaml`",
                    file.stem
                ),
            );
        }
        let first = files.iter().position(|other| other.stem == file.stem);
        if first != Some(self.file) {
            self.error(
                file,
                "",
                format!("another spec file is also named `{}`", file.stem),
            );
        }
    }

    // ---- pass 1: every schema name, including hoisted inline objects ----

    /// Registers a schema name. `derived` names come from inline objects and
    /// union payloads, so errors about them point the user at `name:`.
    fn declare(
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
        self.declarations
            .insert(name.to_owned(), Declaration { kind, defined_at });
    }

    fn declare_schema(&mut self, file: &ParsedFile, name: &str, schema: &RawSchema) {
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

    fn declare_inline_fields(
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

    // ---- pass 2: resolve ----

    fn docs(
        &mut self,
        file: &ParsedFile,
        spec_path: &str,
        description: &str,
        source: Option<&str>,
        note: Option<&str>,
    ) -> Docs {
        if description.trim().is_empty() {
            self.error(
                file,
                &format!("{spec_path}.description"),
                "the description is empty; say what this is in a few words",
            );
        }
        let source = source.and_then(|text| match parse_provenance(text) {
            Some(provenance) => Some(provenance),
            None => {
                self.error(
                    file,
                    &format!("{spec_path}.source"),
                    format!("`source` must start with `read:`, `example:` or `inferred:`, found `{text}`"),
                );
                None
            }
        });
        Docs {
            description: description.trim().to_owned(),
            source,
            note: note.map(|note| note.trim().to_owned()),
        }
    }

    /// Reports keys that the schema's kind does not use.
    fn reject_keys(&mut self, file: &ParsedFile, path: &str, kind: &str, keys: &[(&str, bool)]) {
        for (key, present) in keys {
            if *present {
                self.error(
                    file,
                    &format!("{path}.{key}"),
                    format!("`{key}` is not allowed on a schema of kind `{kind}`"),
                );
            }
        }
    }

    fn resolve_schema(
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
                    &[
                        ("values", schema.values.is_some()),
                        ("tag", schema.tag.is_some()),
                        ("tag_type", schema.tag_type.is_some()),
                        ("style", schema.style.is_some()),
                        ("variants", schema.variants.is_some()),
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
                if keep_unknown_fields && fields.iter().any(|field| field.rust_name == "extra") {
                    self.error(file, &format!("{path}.keep_unknown_fields"), "`keep_unknown_fields` adds a field `extra`, which clashes with a documented field of that name");
                }
                out.push(ResolvedSchema::Object(ResolvedObject {
                    name: name.to_owned(),
                    docs,
                    generic,
                    fields,
                    keep_unknown_fields,
                }));
                out.extend(hoisted);
            }
            RawKind::Enum => {
                self.reject_keys(
                    file,
                    &path,
                    "enum",
                    &[
                        ("fields", schema.fields.is_some()),
                        ("keep_unknown_fields", schema.keep_unknown_fields.is_some()),
                        ("generic", schema.generic.is_some()),
                        ("tag", schema.tag.is_some()),
                        ("tag_type", schema.tag_type.is_some()),
                        ("style", schema.style.is_some()),
                        ("variants", schema.variants.is_some()),
                    ],
                );
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
                    &[
                        ("values", schema.values.is_some()),
                        ("keep_unknown_fields", schema.keep_unknown_fields.is_some()),
                        ("generic", schema.generic.is_some()),
                    ],
                );
                let mut hoisted = Vec::new();
                if let Some(union) = self.resolve_union(file, name, schema, docs, &mut hoisted) {
                    out.push(ResolvedSchema::Union(union));
                }
                out.extend(hoisted);
            }
            RawKind::Raw => {
                self.reject_keys(
                    file,
                    &path,
                    "raw",
                    &[
                        ("fields", schema.fields.is_some()),
                        ("keep_unknown_fields", schema.keep_unknown_fields.is_some()),
                        ("generic", schema.generic.is_some()),
                        ("values", schema.values.is_some()),
                        ("tag", schema.tag.is_some()),
                        ("tag_type", schema.tag_type.is_some()),
                        ("style", schema.style.is_some()),
                        ("variants", schema.variants.is_some()),
                    ],
                );
                out.push(ResolvedSchema::Raw {
                    name: name.to_owned(),
                    docs,
                });
            }
        }
    }

    fn resolve_enum_values(
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
            let Some(variant) = names::variant_name(wire) else {
                self.error(file, &value_path, format!("the enum value `{wire}` has no letters or digits to make a Rust variant name from"));
                continue;
            };
            if variant == "Unknown" {
                self.error(file, &value_path, format!("the enum value `{wire}` would become `Unknown`, which is reserved for values the spec does not list"));
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

    fn resolve_fields(
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
            resolved.push(ResolvedField {
                wire_name: wire.clone(),
                rust_name,
                ty,
                optional: !field.required || field.nullable,
                required: field.required,
                secret: field.secret,
                boxed: false,
                docs,
            });
        }
        resolved
    }

    fn resolve_inline_object(
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
    fn hoist_object(
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
        }));
        hoisted.extend(nested);
    }

    fn resolve_type(
        &mut self,
        file: &ParsedFile,
        path: &str,
        text: &str,
        generic: Option<&str>,
    ) -> Option<TypeRef> {
        let expr = match typeexpr::parse(text) {
            Ok(expr) => expr,
            Err(message) => {
                self.error(file, path, message);
                return None;
            }
        };
        self.type_from_expr(file, path, &expr, generic)
    }

    fn type_from_expr(
        &mut self,
        file: &ParsedFile,
        path: &str,
        expr: &TypeExpr,
        generic: Option<&str>,
    ) -> Option<TypeRef> {
        let arity = |ctx: &mut Context, expected: usize| -> bool {
            let found = usize::from(expr.argument.is_some());
            if found != expected {
                let message = if expected == 0 {
                    format!("`{}` takes no type argument", expr.name)
                } else {
                    format!(
                        "`{}` needs a type argument, e.g. `{}<string>`",
                        expr.name, expr.name
                    )
                };
                ctx.error(file, path, message);
                false
            } else {
                true
            }
        };
        let argument = |ctx: &mut Context| -> Option<TypeRef> {
            let argument = expr.argument.as_deref()?;
            ctx.type_from_expr(file, path, argument, generic)
        };
        let scalar = |ctx: &mut Context, ty: TypeRef| arity(ctx, 0).then_some(ty);
        match expr.name.as_str() {
            "string" => scalar(self, TypeRef::String),
            "boolean" => scalar(self, TypeRef::Boolean),
            "int32" => scalar(self, TypeRef::Int32),
            "int64" => scalar(self, TypeRef::Int64),
            "timestamp" => scalar(self, TypeRef::Timestamp),
            "float64" => scalar(self, TypeRef::Float64),
            "json" => scalar(self, TypeRef::Json),
            "object" => {
                self.error(file, path, "an inline `object` must be a field's whole type; name it as a schema to use it inside another type");
                None
            }
            "array" => {
                if !arity(self, 1) {
                    return None;
                }
                Some(TypeRef::Array(Box::new(argument(self)?)))
            }
            "map" => {
                if !arity(self, 1) {
                    return None;
                }
                Some(TypeRef::Map(Box::new(argument(self)?)))
            }
            "expandable" => {
                if !arity(self, 1) {
                    return None;
                }
                let inner = argument(self)?;
                let expandable = match &inner {
                    TypeRef::Named(name, _) => matches!(
                        self.declarations.get(name).map(|d| d.kind),
                        Some(DeclKind::Object { .. } | DeclKind::Raw | DeclKind::Union)
                    ),
                    _ => false,
                };
                if !expandable {
                    self.error(file, path, format!("`expandable<...>` must point to an object schema (or a `kind: raw` one), not `{}`", expr.argument.as_deref().map(|a| a.to_string()).unwrap_or_default()));
                    return None;
                }
                Some(TypeRef::Expandable(Box::new(inner)))
            }
            name if Some(name) == generic => scalar(self, TypeRef::Param(name.to_owned())),
            name => {
                let Some(declaration) = self.declarations.get(name).cloned() else {
                    let suggestion = self.suggest(name);
                    self.error(file, path, format!("unknown type `{name}`{suggestion}"));
                    return None;
                };
                match declaration.kind {
                    DeclKind::Object { generic: true } => {
                        if !arity(self, 1) {
                            return None;
                        }
                        Some(TypeRef::Named(
                            name.to_owned(),
                            Some(Box::new(argument(self)?)),
                        ))
                    }
                    _ => scalar(self, TypeRef::Named(name.to_owned(), None)),
                }
            }
        }
    }

    /// ", did you mean `X`?" for the closest known name, if any is close.
    fn suggest(&self, unknown: &str) -> String {
        let candidates = BUILTIN_TYPES
            .iter()
            .copied()
            .chain(self.declarations.keys().map(String::as_str));
        let best = candidates
            .map(|candidate| {
                (
                    edit_distance(&unknown.to_lowercase(), &candidate.to_lowercase()),
                    candidate,
                )
            })
            .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
            .min();
        match best {
            Some((_, candidate)) => format!("; did you mean `{candidate}`?"),
            None => "; define it under `schemas:` or use a built-in type (string, boolean, int32, int64, timestamp, float64, json, object, array<T>, map<T>, expandable<T>)".to_owned(),
        }
    }

    fn resolve_union(
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
                docs: variant_docs,
            });
        }
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

    fn resolve_endpoint(
        &mut self,
        file: &ParsedFile,
        name: &str,
        endpoint: &RawEndpoint,
    ) -> Option<ResolvedEndpoint> {
        let path = format!("endpoints.{name}");
        let mut ok = true;
        if names::field_name(name).as_deref() != Some(name) {
            let reason = if names::is_keyword(name) {
                "is a Rust keyword and cannot name a function; choose another"
            } else {
                "must be a snake_case Rust function name such as `retrieve`"
            };
            self.error(file, &path, format!("the endpoint name `{name}` {reason}"));
            ok = false;
        }
        let docs = self.docs(
            file,
            &path,
            &endpoint.description,
            endpoint.source.as_deref(),
            endpoint.note.as_deref(),
        );
        let method = match endpoint.method.as_str() {
            "GET" => Some(HttpMethod::Get),
            "POST" => Some(HttpMethod::Post),
            "DELETE" => Some(HttpMethod::Delete),
            other => {
                self.error(
                    file,
                    &format!("{path}.method"),
                    format!("unsupported method `{other}`; use GET, POST or DELETE (upper case)"),
                );
                None
            }
        };
        let (placeholders, path_ok) = match path_placeholders(&endpoint.path) {
            Ok(placeholders) => (placeholders, true),
            Err(message) => {
                self.error(file, &format!("{path}.path"), message);
                ok = false;
                (Vec::new(), false)
            }
        };
        for placeholder in &placeholders {
            if !endpoint.path_params.contains_key(placeholder) {
                self.error(file, &format!("{path}.path"), format!("the path has `{{{placeholder}}}` but `path_params` does not describe `{placeholder}`"));
                ok = false;
            }
        }
        let mut path_params = Vec::new();
        for (param, raw) in &endpoint.path_params {
            let param_path = format!("{path}.path_params.{param}");
            // After a malformed path, comparing its placeholders would only add noise.
            if path_ok && !placeholders.contains(param) {
                self.error(file, &param_path, format!("the path parameter `{param}` does not appear as `{{{param}}}` in the path `{}`", endpoint.path));
                ok = false;
            }
            let docs = self.docs(
                file,
                &param_path,
                &raw.description,
                raw.source.as_deref(),
                raw.note.as_deref(),
            );
            match names::field_name(param) {
                Some(rust_name)
                    if rust_name != "client"
                        && !path_params
                            .iter()
                            .any(|p: &PathParam| p.rust_name == rust_name) =>
                {
                    path_params.push(PathParam {
                        wire_name: param.clone(),
                        rust_name,
                        docs,
                    })
                }
                _ => {
                    self.error(file, &param_path, format!("the path parameter `{param}` does not make a usable, distinct Rust argument name"));
                    ok = false;
                }
            }
        }
        // Keep arguments in path order, which is how callers read the URL.
        path_params.sort_by_key(|p| placeholders.iter().position(|name| *name == p.wire_name));
        let params = match (&endpoint.params, &endpoint.params_in) {
            (None, None) => None,
            (None, Some(_)) => {
                self.error(
                    file,
                    &format!("{path}.params_in"),
                    "`params_in` needs `params`",
                );
                ok = false;
                None
            }
            (Some(_), None) => {
                self.error(file, &path, "`params` needs `params_in: body` or `params_in: query` to say where they are sent");
                ok = false;
                None
            }
            (Some(params), Some(location)) => {
                let location = match location.as_str() {
                    "body" => Some(ParamsLocation::Body),
                    "query" => Some(ParamsLocation::Query),
                    other => {
                        self.error(
                            file,
                            &format!("{path}.params_in"),
                            format!("`params_in` must be `body` or `query`, found `{other}`"),
                        );
                        None
                    }
                };
                let schema = match self.declarations.get(params).map(|d| d.kind) {
                    Some(DeclKind::Object { generic: false }) => Some(params.clone()),
                    Some(other) => {
                        self.error(file, &format!("{path}.params"), format!("`params` must be a non-generic object schema, but `{params}` is {}", other.describe()));
                        None
                    }
                    None => {
                        let suggestion = self.suggest(params);
                        self.error(
                            file,
                            &format!("{path}.params"),
                            format!("unknown type `{params}`{suggestion}"),
                        );
                        None
                    }
                };
                match (schema, location) {
                    (Some(schema), Some(location)) => Some((schema, location)),
                    _ => {
                        ok = false;
                        None
                    }
                }
            }
        };
        let response =
            self.resolve_type(file, &format!("{path}.response"), &endpoint.response, None);
        match (ok, method, response) {
            (true, Some(method), Some(response)) => Some(ResolvedEndpoint {
                name: name.to_owned(),
                method,
                path: endpoint.path.clone(),
                docs,
                path_params,
                params,
                response,
            }),
            _ => None,
        }
    }
}

/// Built-in type names, for suggestions.
const BUILTIN_TYPES: &[&str] = &[
    "string",
    "boolean",
    "int32",
    "int64",
    "timestamp",
    "float64",
    "json",
    "object",
    "array",
    "map",
    "expandable",
];

/// Names the generated crate defines itself; a schema may not take them.
fn is_builtin_name(name: &str) -> bool {
    matches!(
        name,
        // The crate's own runtime types.
        "Client" | "Error" | "Expandable" | "RawObject" | "ApiCall" | "Method" | "HasId" | "Timestamp"
        // Prelude names the generated code uses unqualified.
        | "Option" | "Some" | "None" | "Result" | "Ok" | "Err" | "Vec" | "String" | "Box" | "Into" | "From"
        | "Default" | "Clone" | "PartialEq" | "Eq" | "Send" | "Sync" | "Sized" | "ToString" | "ToOwned"
    )
}

fn inline_object_name(parent: &str, wire: &str, field: &RawField) -> Option<String> {
    match &field.name {
        Some(name) => Some(name.clone()),
        None => names::nested_type_name(parent, wire),
    }
}

fn parse_provenance(text: &str) -> Option<Provenance> {
    let (kind, detail) = text.split_once(':')?;
    let detail = detail.trim().to_owned();
    match kind.trim() {
        "read" => Some(Provenance::Read(detail)),
        "example" => Some(Provenance::Example(detail)),
        "inferred" => Some(Provenance::Inferred(detail)),
        _ => None,
    }
}

/// The `{name}` placeholders of a path, in order.
fn path_placeholders(path: &str) -> Result<Vec<String>, String> {
    if !path.starts_with('/') {
        return Err(format!("the path `{path}` must start with `/`"));
    }
    let mut placeholders = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!(
                "the path `{path}` has a `}}` without a matching `{{`"
            ));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("the path `{path}` has a `{{` without a matching `}}`"))?;
        let name = &after[..close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "the path placeholder `{{{name}}}` must be a plain name such as `{{id}}`"
            ));
        }
        if placeholders.iter().any(|p| p == name) {
            return Err(format!("the path placeholder `{{{name}}}` appears twice"));
        }
        placeholders.push(name.to_owned());
        rest = &after[close + 1..];
    }
    Ok(placeholders)
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        assert_eq!(path_placeholders("/v1/a/{id}/b").unwrap(), vec!["id"]);
        assert!(path_placeholders("/v1/a/{id").is_err());
        assert!(path_placeholders("v1").is_err());
        assert!(path_placeholders("/v1/{id}/{id}").is_err());
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("strnig", "string"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
