//! `components.schemas`: every model schema, the instances of generic ones,
//! the wrapper of each tagged-union variant, and the error object.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{json, Map, Value};

use crate::typeref::{spec_syntax, substitute};

use crate::model::{
    ApiModel, Docs, Provenance, ResolvedEnum, ResolvedField, ResolvedObject, ResolvedSchema,
    ResolvedUnion, TypeRef, UnionStyle,
};

/// A `$ref` to a component schema.
pub fn schema_ref(name: &str) -> Value {
    json!({ "$ref": component_path(name) })
}

fn component_path(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

/// One generic schema applied to one type argument, e.g. `List<SetupIntent>`.
struct Instance {
    generic: String,
    arg: TypeRef,
}

/// Collects the component schemas while the paths are built, then renders
/// them all in [`Components::finish`].
pub struct Components<'m> {
    model: &'m ApiModel,
    schemas: HashMap<&'m str, &'m ResolvedSchema>,
    /// Every component name handed out, so that made-up names never clash.
    taken: BTreeSet<String>,
    /// Generic instances by `Generic<Arg>` key: their component name.
    instance_names: BTreeMap<String, String>,
    /// Instances referenced but not rendered yet.
    pending: Vec<(String, Instance)>,
    /// The component name of the error response object.
    pub error_schema: String,
    error_details_schema: String,
    out: Map<String, Value>,
}

impl<'m> Components<'m> {
    /// Reserves the model's schema names and the error schemas' names.
    pub fn new(model: &'m ApiModel) -> Components<'m> {
        let schemas = model.schemas_by_name();
        let mut taken: BTreeSet<String> = schemas.keys().map(|name| (*name).to_owned()).collect();
        let error_schema = reserve(&mut taken, "Error");
        let error_details_schema = reserve(&mut taken, "ErrorDetails");
        Components {
            model,
            schemas,
            taken,
            instance_names: BTreeMap::new(),
            pending: Vec::new(),
            error_schema,
            error_details_schema,
            out: Map::new(),
        }
    }

    /// Whether `name` is an object, union or raw schema: something sent as a
    /// JSON object (and so as a `deepObject` query parameter).
    pub fn is_object_like(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Map(_) => true,
            TypeRef::Named(name, _) => !matches!(
                self.schemas.get(name.as_str()),
                Some(ResolvedSchema::Enum(_)) | None
            ),
            _ => false,
        }
    }

    /// The object schema named `name`, if there is one.
    pub fn object(&self, name: &str) -> Option<&'m ResolvedObject> {
        match self.schemas.get(name) {
            Some(ResolvedSchema::Object(object)) => Some(object),
            _ => None,
        }
    }

    /// The schema of a value of type `ty`, registering generic instances.
    pub fn type_schema(&mut self, ty: &TypeRef) -> Value {
        match ty {
            TypeRef::String => json!({ "type": "string" }),
            TypeRef::Boolean => json!({ "type": "boolean" }),
            TypeRef::Int32 => json!({ "type": "integer", "format": "int32" }),
            TypeRef::Int64 => json!({ "type": "integer", "format": "int64" }),
            TypeRef::Timestamp => json!({
                "type": "integer",
                "format": "int64",
                "description": "Unix timestamp.",
            }),
            TypeRef::Float64 => json!({ "type": "number", "format": "double" }),
            TypeRef::StringEncoded(value) => string_encoded_schema(value),
            TypeRef::Json | TypeRef::Param(_) => json!({}),
            TypeRef::Array(item) => json!({ "type": "array", "items": self.type_schema(item) }),
            TypeRef::Map(value) => {
                json!({ "type": "object", "additionalProperties": self.type_schema(value) })
            }
            TypeRef::Expandable(inner) => json!({
                "oneOf": [
                    { "type": "string", "description": "The object's identifier." },
                    self.type_schema(inner),
                ],
            }),
            TypeRef::Id(object) => json!({
                "type": "string",
                "description": format!("The id of a `{object}`."),
            }),
            TypeRef::Named(name, None) => schema_ref(name),
            TypeRef::Named(generic, Some(arg)) => schema_ref(&self.instance(generic, arg)),
        }
    }

    /// The component name of `generic<arg>`, e.g. `SetupIntentList`.
    fn instance(&mut self, generic: &str, arg: &TypeRef) -> String {
        let key = format!("{generic}<{}>", spec_syntax(arg));
        if let Some(name) = self.instance_names.get(&key) {
            return name.clone();
        }
        let name = reserve(&mut self.taken, &format!("{}{generic}", name_fragment(arg)));
        self.instance_names.insert(key, name.clone());
        self.pending.push((
            name.clone(),
            Instance {
                generic: generic.to_owned(),
                arg: arg.clone(),
            },
        ));
        name
    }

    /// The schema of an object member: its type plus the field's facts.
    pub fn property(&mut self, field: &ResolvedField, ty: &TypeRef) -> Value {
        let mut schema = self.type_schema(ty);
        if field.may_be_json_string {
            // What the client reads: the value, or blank text for none; and
            // (which OpenAPI 3.0 cannot express as a schema) the value
            // JSON-encoded in a string. Any other text would not decode, so
            // the string branch does not allow it.
            schema = json!({
                "oneOf": [schema, { "type": "string", "pattern": "^\\s*$", "description": "Blank: no value." }],
                "x-wooshpay-json-encoded": true,
            });
        }
        let mut extra = Map::new();
        let mut description = field.docs.description.clone();
        if *ty == TypeRef::Timestamp && !description.contains("Unix") {
            description.push_str(" Unix timestamp.");
        }
        if !description.is_empty() {
            extra.insert("description".into(), description.into());
        }
        if (field.required || field.always_present) && field.optional {
            extra.insert("nullable".into(), true.into());
        }
        if field.secret {
            if *ty == TypeRef::String {
                extra.insert("format".into(), "password".into());
            }
            extra.insert("x-wooshpay-secret".into(), true.into());
        }
        add_inferred(&mut extra, &field.docs);
        with_facts(schema, extra)
    }

    /// Renders every schema. Call after every path has been built.
    pub fn finish(mut self) -> Map<String, Value> {
        let model = self.model;
        for schema in model.modules.iter().flat_map(|module| &module.schemas) {
            let rendered = match schema {
                ResolvedSchema::Object(object) if object.generic.is_some() => continue,
                ResolvedSchema::Object(object) => self.object_schema(object, None),
                ResolvedSchema::Enum(enumeration) => enum_schema(enumeration),
                ResolvedSchema::Union(union) => self.union_schema(union),
                ResolvedSchema::Raw { docs, .. } => {
                    let mut schema = Map::new();
                    schema.insert("type".into(), "object".into());
                    schema.insert("additionalProperties".into(), true.into());
                    describe(&mut schema, docs);
                    Value::Object(schema)
                }
            };
            self.out.insert(schema.name().to_owned(), rendered);
        }
        // Rendering an instance may reference further instances.
        while let Some((name, instance)) = self.pending.pop() {
            let rendered = match self.object(&instance.generic) {
                Some(generic) => {
                    let param = generic.generic.clone().unwrap_or_default();
                    self.object_schema(generic, Some((&param, &instance.arg)))
                }
                None => json!({}),
            };
            self.out.insert(name, rendered);
        }
        self.error_schemas();
        self.out
    }

    /// An object; `substitution` replaces a generic parameter by its argument.
    fn object_schema(
        &mut self,
        object: &ResolvedObject,
        substitution: Option<(&str, &TypeRef)>,
    ) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for field in &object.fields {
            let ty = match substitution {
                Some((param, arg)) => substitute(&field.ty, param, arg),
                None => field.ty.clone(),
            };
            let property = self.property(field, &ty);
            properties.insert(field.wire_name.clone(), property);
            if field.required || field.always_present {
                required.push(Value::from(field.wire_name.clone()));
            }
        }
        let mut schema = Map::new();
        schema.insert("type".into(), "object".into());
        describe(&mut schema, &object.docs);
        schema.insert("properties".into(), properties.into());
        if !required.is_empty() {
            schema.insert("required".into(), required.into());
        }
        if object.keep_unknown_fields {
            schema.insert("additionalProperties".into(), true.into());
        }
        Value::Object(schema)
    }

    fn union_schema(&mut self, union: &ResolvedUnion) -> Value {
        match union.style {
            UnionStyle::Enum => self.tagged_union_schema(union),
            UnionStyle::Struct => self.struct_union_schema(union),
            UnionStyle::Embedded => embedded_union_schema(union),
        }
    }

    /// `{"type": "x", "x": {...}}` objects: a `oneOf` of one wrapper per
    /// variant, told apart by the tag.
    fn tagged_union_schema(&mut self, union: &ResolvedUnion) -> Value {
        let mut one_of = Vec::new();
        let mut mapping = Map::new();
        for variant in &union.variants {
            let wrapper = reserve(
                &mut self.taken,
                &format!("{}{}Variant", union.name, variant.rust_name),
            );
            let mut schema = Map::new();
            schema.insert("type".into(), "object".into());
            describe(&mut schema, &variant.docs);
            schema.insert("required".into(), json!([union.tag, variant.payload_key]));
            schema.insert(
                "properties".into(),
                json!({
                    union.tag.as_str(): { "type": "string", "enum": [variant.tag_value] },
                    variant.payload_key.as_str(): schema_ref(&variant.payload),
                }),
            );
            self.out.insert(wrapper.clone(), Value::Object(schema));
            one_of.push(schema_ref(&wrapper));
            mapping.insert(variant.tag_value.clone(), component_path(&wrapper).into());
        }
        Value::Object(open_union_schema(union, one_of, mapping))
    }

    /// A request-style union: the tag, the common fields, and one optional
    /// member per variant payload.
    fn struct_union_schema(&mut self, union: &ResolvedUnion) -> Value {
        let mut properties = Map::new();
        let tag = match &union.tag_type {
            Some(tag_type) => schema_ref(tag_type),
            None => json!({ "type": "string" }),
        };
        let tag_facts = json!({ "description": "Which kind of payload this object carries." });
        properties.insert(union.tag.clone(), with_facts(tag, object_of(tag_facts)));
        let mut required = vec![Value::from(union.tag.clone())];
        for field in &union.common_fields {
            let property = self.property(field, &field.ty);
            properties.insert(field.wire_name.clone(), property);
            if field.required {
                required.push(field.wire_name.clone().into());
            }
        }
        for variant in &union.variants {
            let mut facts = Map::new();
            describe(&mut facts, &variant.docs);
            properties.insert(
                variant.payload_key.clone(),
                with_facts(schema_ref(&variant.payload), facts),
            );
        }
        let mut schema = Map::new();
        schema.insert("type".into(), "object".into());
        describe(&mut schema, &union.docs);
        schema.insert("required".into(), required.into());
        schema.insert("properties".into(), properties.into());
        Value::Object(schema)
    }

    /// The error response: WooshPay documents the members of an error but
    /// not its envelope, and the client accepts both `{"error": {...}}` and
    /// the members at the top level.
    fn error_schemas(&mut self) {
        let error_type = match self.schemas.get("ErrorType") {
            Some(ResolvedSchema::Enum(_)) => schema_ref("ErrorType"),
            _ => json!({ "type": "string" }),
        };
        let string = |description: &str| json!({ "type": "string", "description": description });
        let details = json!({
            "type": "object",
            "description": "What went wrong with a request.",
            "properties": {
                "type": with_facts(error_type, object_of(json!({ "description": "Broad category of the error." }))),
                "code": string("Short machine-readable error code, when one applies."),
                "decline_code": string("The issuer's reason for declining a card, when it gives one."),
                "message": string("Readable explanation of the error."),
                "param": string("The request parameter the error is about, when it concerns one."),
            },
            "x-wooshpay-inferred": "the members follow the API Introduction's error table and `last_setup_error`; the error envelope is not documented",
        });
        let envelope = json!({
            "type": "object",
            "description": "An error response. The envelope is not documented: WooshPay may also send the members of `error` at the top level.",
            "properties": { "error": schema_ref(&self.error_details_schema) },
            "x-wooshpay-inferred": "the `error` envelope follows Stripe-like APIs; no page shows one",
        });
        self.out.insert(self.error_details_schema.clone(), details);
        self.out.insert(self.error_schema.clone(), envelope);
    }
}

fn enum_schema(enumeration: &ResolvedEnum) -> Value {
    let mut schema = Map::new();
    schema.insert("type".into(), "string".into());
    describe(&mut schema, &enumeration.docs);
    let values: Vec<Value> = enumeration
        .values
        .iter()
        .map(|value| value.wire.clone().into())
        .collect();
    schema.insert("enum".into(), values.into());
    let descriptions: Map<String, Value> = enumeration
        .values
        .iter()
        .filter_map(|value| {
            let docs = value.docs.as_ref()?;
            Some((value.wire.clone(), docs.description.clone().into()))
        })
        .collect();
    if !descriptions.is_empty() {
        schema.insert("x-wooshpay-enum-descriptions".into(), descriptions.into());
    }
    schema.insert("x-wooshpay-open-enum".into(), true.into());
    Value::Object(schema)
}

/// Adds `description` and, for inferred items, `x-wooshpay-inferred`.
fn describe(schema: &mut Map<String, Value>, docs: &Docs) {
    if !docs.description.is_empty() {
        schema.insert("description".into(), docs.description.clone().into());
    }
    add_inferred(schema, docs);
}

fn add_inferred(schema: &mut Map<String, Value>, docs: &Docs) {
    if let Some(Provenance::Inferred(detail)) = &docs.source {
        schema.insert("x-wooshpay-inferred".into(), detail.clone().into());
    }
}

/// Adds facts (description, nullable, ...) to a type's schema. Siblings of
/// `$ref` are ignored in OpenAPI 3.0, so a reference is wrapped in `allOf`.
fn with_facts(schema: Value, facts: Map<String, Value>) -> Value {
    if facts.is_empty() {
        return schema;
    }
    let Value::Object(mut schema) = schema else {
        return schema;
    };
    if schema.contains_key("$ref") {
        let mut wrapper = facts;
        wrapper.insert("allOf".into(), json!([schema]));
        return Value::Object(wrapper);
    }
    for (key, value) in facts {
        // The member's own description replaces the type's generic one.
        schema.insert(key, value);
    }
    Value::Object(schema)
}

fn object_of(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// `base`, or `base2`, `base3`... when that name is already used.
fn reserve(taken: &mut BTreeSet<String>, base: &str) -> String {
    let mut name = base.to_owned();
    let mut counter = 2;
    while taken.contains(&name) {
        name = format!("{base}{counter}");
        counter += 1;
    }
    taken.insert(name.clone());
    name
}

/// The UpperCamelCase prefix naming an instance: `SetupIntent` in
/// `SetupIntentList`, `StringArray` in `StringArrayList`.
fn name_fragment(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Boolean => "Boolean".into(),
        TypeRef::Int32 => "Int32".into(),
        TypeRef::Int64 => "Int64".into(),
        TypeRef::Timestamp => "Timestamp".into(),
        TypeRef::Float64 => "Float64".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::StringEncoded(value) => format!("{}String", name_fragment(value)),
        TypeRef::Array(item) => format!("{}Array", name_fragment(item)),
        TypeRef::Map(value) => format!("{}Map", name_fragment(value)),
        TypeRef::Expandable(target) => format!("Expandable{}", name_fragment(target)),
        TypeRef::Id(object) => format!("{object}Id"),
        TypeRef::Named(name, None) | TypeRef::Param(name) => name.clone(),
        TypeRef::Named(name, Some(arg)) => format!("{}{name}", name_fragment(arg)),
    }
}

/// Whole objects told apart by a member of their own: a `oneOf` of the
/// variant schemas themselves, with a discriminator on that member.
fn embedded_union_schema(union: &ResolvedUnion) -> Value {
    let mut one_of = Vec::new();
    let mut mapping = Map::new();
    for variant in &union.variants {
        one_of.push(schema_ref(&variant.payload));
        mapping.insert(
            variant.tag_value.clone(),
            component_path(&variant.payload).into(),
        );
    }
    let mut schema = open_union_schema(union, one_of, mapping);
    // The tag is a member of each variant's own object, not a wrapper's.
    schema.insert("x-wooshpay-embedded-union".into(), true.into());
    Value::Object(schema)
}

/// A union the SDK keeps open: `oneOf` the variants, a discriminator on the
/// tag, and the flag saying tags beyond the mapping may arrive.
fn open_union_schema(
    union: &ResolvedUnion,
    one_of: Vec<Value>,
    mapping: Map<String, Value>,
) -> Map<String, Value> {
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    describe(&mut schema, &union.docs);
    schema.insert("oneOf".into(), one_of.into());
    schema.insert(
        "discriminator".into(),
        json!({ "propertyName": union.tag, "mapping": mapping }),
    );
    schema.insert("x-wooshpay-open-union".into(), true.into());
    schema
}

/// A number or flag the docs write as a string: the client sends the string
/// and reads either the string or the bare value.
fn string_encoded_schema(value: &TypeRef) -> Value {
    let (text, bare) = match value {
        TypeRef::Boolean => (
            json!({ "type": "string", "enum": ["true", "false"] }),
            json!({ "type": "boolean" }),
        ),
        TypeRef::Int32 => (
            json!({ "type": "string", "pattern": "^-?[0-9]{1,9}$" }),
            json!({ "type": "integer", "format": "int32" }),
        ),
        TypeRef::Int64 | TypeRef::Timestamp => (
            json!({ "type": "string", "pattern": "^-?[0-9]{1,18}$" }),
            json!({ "type": "integer", "format": "int64" }),
        ),
        _ => (
            json!({ "type": "string", "pattern": "^-?[0-9]{1,9}(\\.[0-9]{1,9})?$" }),
            json!({ "type": "number", "format": "double" }),
        ),
    };
    json!({
        "oneOf": [text, bare],
        "description": "Sent as a string; either form is read.",
    })
}
