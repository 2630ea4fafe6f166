//! Reading the OpenAPI export of a reference page.
//!
//! The docs site publishes, per endpoint page, an OpenAPI 3.0.1 YAML
//! document (an Apifox export): `paths` with one operation whose `summary`
//! is the page title, `parameters` (`in: path`, `query`, `header`), a
//! `requestBody` and `responses`, and `components.schemas` that those
//! `$ref`. Fields a page hides are `null` in its overrides and skipped
//! here. The project's own `generated/openapi.json` has the same shape (in
//! JSON, which is YAML too), so an operation exported from it can be read
//! back.
//!
//! Each operation becomes a [`Page`] whose sections hold trees built from
//! the schemas ([`Section::tree`]), so the comparison and `--fix` treat an
//! export exactly as a page saved as text, with exact nesting and types.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::page::{self, ListedField, Page, PageError, PageType, Section};
use super::tree::PageNode;

/// The deepest nesting of schemas read; deeper members are not compared.
const MAX_DEPTH: usize = 16;

/// Whether `text` is an OpenAPI document (YAML or JSON) rather than a page
/// saved as text.
pub fn is_openapi(text: &str) -> bool {
    let first = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'));
    match first {
        Some(line) if line.starts_with('{') => text.contains("\"openapi\""),
        // A top-level `openapi:` key, wherever the keys are in the file.
        Some(_) => text.lines().any(|line| line.starts_with("openapi:")),
        None => false,
    }
}

fn error(message: impl Into<String>) -> PageError {
    PageError {
        line: None,
        message: message.into(),
    }
}

/// Every operation of the document, as pages.
pub fn parse(text: &str) -> Result<Vec<Page>, PageError> {
    let document: Value = serde_yaml::from_str(text).map_err(|yaml| PageError {
        line: yaml.location().map(|location| location.line()),
        message: format!("not an OpenAPI document: {yaml}"),
    })?;
    let version = document
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !version.starts_with("3.") {
        return Err(error(format!(
            "expected an OpenAPI 3.x document, found `openapi: {version}`"
        )));
    }
    let lines: Vec<&str> = text.lines().take(20).collect();
    let address = page::address_line(&lines);
    let reader = Reader {
        schemas: document
            .pointer("/components/schemas")
            .and_then(Value::as_object),
    };
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| error("the document has no `paths`"))?;
    let mut pages = Vec::new();
    for (path, item) in paths {
        for method in ["get", "post", "delete"] {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let shared = item.get("parameters");
            let mut page = reader.operation(path, method, operation, shared);
            page.address = address.clone();
            pages.push(page);
        }
    }
    if pages.is_empty() {
        return Err(error("the document has no GET, POST or DELETE operation"));
    }
    Ok(pages)
}

struct Reader<'a> {
    schemas: Option<&'a Map<String, Value>>,
}

impl Reader<'_> {
    fn operation(
        &self,
        path: &str,
        method: &str,
        operation: &Value,
        shared: Option<&Value>,
    ) -> Page {
        let text = |key: &str| {
            operation
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        // Placeholders such as `{id\t}` (a TAB in one export) are trimmed.
        let path = trim_placeholders(path);
        let mut page = Page {
            title: text("summary")
                .or_else(|| text("operationId"))
                .unwrap_or_else(|| format!("{} {path}", method.to_ascii_uppercase())),
            address: None,
            operation_id: text("operationId"),
            params_schema: None,
            response_schema: None,
            method: method.to_ascii_uppercase(),
            path,
            path_params: Section::default(),
            query: Section::default(),
            body: Section::default(),
            response: Section::default(),
        };
        let parameters = shared
            .and_then(Value::as_array)
            .into_iter()
            .chain(operation.get("parameters").and_then(Value::as_array))
            .flatten();
        let mut query = PageNode::default();
        for parameter in parameters {
            let parameter = self.resolve(parameter).0;
            let name = parameter.get("name").and_then(Value::as_str).unwrap_or("");
            let required = parameter.get("required").and_then(Value::as_bool) == Some(true);
            let schema = parameter.get("schema").unwrap_or(&Value::Null);
            let mut node = self.node(name, schema, required, 0, &mut Vec::new());
            if let (Some(listed), Some(description)) = (
                node.listed.as_mut(),
                parameter.get("description").and_then(Value::as_str),
            ) {
                if listed.description.is_empty() {
                    listed.description = description.to_owned();
                }
            }
            match parameter.get("in").and_then(Value::as_str) {
                Some("path") => {
                    page.path_params
                        .fields
                        .extend(node.listed.map(|listed| ListedField {
                            name: trim_placeholders(name),
                            ..listed
                        }))
                }
                Some("query") => {
                    query.children.insert(name.to_owned(), node);
                }
                _ => {}
            }
        }
        let body = operation
            .pointer("/requestBody/content/application~1json/schema")
            .filter(|schema| !schema.is_null());
        if let Some(schema) = body {
            page.params_schema = ref_name(schema);
            page.body.tree = Some(self.node("", schema, true, 0, &mut Vec::new()));
        }
        if !query.children.is_empty() {
            // The project's own export lists a GET's JSON-body parameters as
            // query parameters and says so in an extension.
            let in_body = operation
                .get("x-wooshpay-params-in")
                .and_then(Value::as_str)
                == Some("body");
            let section = if in_body && page.body.tree.is_none() {
                &mut page.body
            } else {
                &mut page.query
            };
            section.tree = Some(query);
        }
        let success = operation
            .get("responses")
            .and_then(Value::as_object)
            .and_then(|responses| {
                responses
                    .iter()
                    .find(|(status, _)| status.starts_with('2'))
                    .map(|(_, response)| response)
            });
        if let Some(schema) = success
            .and_then(|response| response.pointer("/content/application~1json/schema"))
            .filter(|schema| !schema.is_null())
            .map(without_empty_alternative)
        {
            page.response_schema = ref_name(schema);
            page.response.tree = Some(self.node("", schema, true, 0, &mut Vec::new()));
        }
        page
    }

    /// A schema with `$ref` followed (and the name it had), and a lone
    /// `allOf: [$ref]` (how a description is attached to a reference)
    /// unwrapped.
    fn resolve<'v>(&'v self, schema: &'v Value) -> (&'v Value, Option<String>) {
        let mut schema = schema;
        let mut name = None;
        for _ in 0..MAX_DEPTH {
            if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
                let target = reference.rsplit('/').next().unwrap_or_default();
                let target = decode_pointer(target);
                match self.schemas.and_then(|schemas| schemas.get(&target)) {
                    Some(found) => {
                        name = Some(schema_name(&target));
                        schema = found;
                        continue;
                    }
                    None => return (&Value::Null, Some(schema_name(&target))),
                }
            }
            match schema.get("allOf").and_then(Value::as_array) {
                Some(parts) if parts.len() == 1 => schema = &parts[0],
                _ => break,
            }
        }
        (schema, name)
    }

    /// The page node of one schema; `seen` holds the schemas being read, so
    /// a recursive schema is read once.
    fn node(
        &self,
        name: &str,
        schema: &Value,
        required: bool,
        depth: usize,
        seen: &mut Vec<String>,
    ) -> PageNode {
        let description = schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let (resolved, schema_name) = self.resolve(schema);
        let mut listed = ListedField {
            name: name.to_owned(),
            ty: PageType::Object,
            required,
            description,
            line: 0,
            schema: schema_name.clone(),
            values: Vec::new(),
            format: resolved
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_owned),
        };
        let mut node = PageNode::default();
        let recursive = schema_name.as_ref().is_some_and(|name| seen.contains(name));
        if depth >= MAX_DEPTH || recursive {
            node.listed = Some(listed);
            return node;
        }
        if let Some(name) = &schema_name {
            seen.push(name.clone());
        }
        let alternatives = resolved
            .get("oneOf")
            .or_else(|| resolved.get("anyOf"))
            .and_then(Value::as_array);
        if let Some(alternatives) = alternatives {
            // A string beside one other alternative is either an id or the
            // object (an expandable: the object has an `id`), or the value
            // sent JSON-encoded in a string (read as the value).
            let is_string = |a: &Value| a.get("type").and_then(Value::as_str) == Some("string");
            let other = match alternatives.as_slice() {
                [a, b] if is_string(a) && !is_string(b) => Some(b),
                [a, b] if is_string(b) && !is_string(a) => Some(a),
                _ => None,
            };
            if let Some(other) = other {
                if let Some(name) = &schema_name {
                    if seen.last() == Some(name) {
                        seen.pop();
                    }
                }
                let (object, _) = self.resolve(other);
                if object.pointer("/properties/id").is_some() {
                    listed.ty = PageType::String;
                    listed.schema = None;
                    listed.description =
                        format!("[EXPANDABLE] {}", ref_name(other).unwrap_or_default());
                    node.listed = Some(listed);
                    return node;
                }
                let mut node = self.node(name, other, required, depth, seen);
                if let Some(inner) = node.listed.as_mut() {
                    inner.description = listed.description;
                }
                return node;
            }
            // A union: the members of every alternative. The tag has one
            // value per alternative, none of which is a value list.
            let tag = resolved
                .pointer("/discriminator/propertyName")
                .and_then(Value::as_str);
            for alternative in alternatives {
                let child = self.node("", alternative, false, depth + 1, seen);
                for (member, mut member_node) in child.children {
                    if let Some(listed) = member_node.listed.as_mut() {
                        listed.required = false;
                        if Some(member.as_str()) == tag {
                            listed.values.clear();
                        }
                    }
                    node.children.entry(member).or_insert(member_node);
                }
            }
        } else {
            let kind = resolved
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("object");
            listed.ty = match kind {
                "string" => PageType::String,
                "integer" => PageType::Integer,
                "number" => PageType::Number,
                "boolean" => PageType::Boolean,
                "array" => {
                    let items = resolved.get("items").unwrap_or(&Value::Null);
                    let item = self.node("", items, false, depth + 1, seen);
                    let item_type = item.listed.as_ref().map(|listed| listed.ty.clone());
                    node.items = Some(Box::new(item));
                    PageType::Array(item_type.map(Box::new))
                }
                _ => PageType::Object,
            };
            listed.values = resolved
                .get("enum")
                .and_then(Value::as_array)
                .map(|values| {
                    values
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            node.children = self.members(resolved, depth, seen);
        }
        if schema_name.is_some() {
            seen.pop();
        }
        node.listed = Some(listed);
        node
    }

    /// The members of an object schema (merging `allOf` parts), in order;
    /// a member set to `null` (hidden by the page) is left out.
    fn members(
        &self,
        schema: &Value,
        depth: usize,
        seen: &mut Vec<String>,
    ) -> IndexMap<String, PageNode> {
        let mut members = IndexMap::new();
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (part, _) = self.resolve(part);
            members.extend(self.members(part, depth, seen));
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let hidden = |name: &str| {
            schema
                .pointer(&format!(
                    "/x-apifox-overrides/{}",
                    name.replace('~', "~0").replace('/', "~1")
                ))
                .is_some_and(Value::is_null)
        };
        for (name, member) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if member.is_null() || hidden(name) {
                continue;
            }
            let node = self.node(
                name,
                member,
                required.contains(&name.as_str()),
                depth + 1,
                seen,
            );
            members.insert(name.clone(), node);
        }
        members
    }
}

/// The schema name a `$ref` points at, spaces removed (`Payment Intent` →
/// `PaymentIntent`, as the spec names it).
fn ref_name(schema: &Value) -> Option<String> {
    let reference = schema.get("$ref").and_then(Value::as_str).or_else(|| {
        schema
            .get("allOf")
            .and_then(Value::as_array)
            .filter(|parts| parts.len() == 1)
            .and_then(|parts| parts[0].get("$ref"))
            .and_then(Value::as_str)
    })?;
    reference
        .rsplit('/')
        .next()
        .map(|name| schema_name(&decode_pointer(name)))
}

fn schema_name(name: &str) -> String {
    name.split_whitespace().collect()
}

/// A JSON pointer segment decoded: `~1` is `/`, `~0` is `~`, and `%20` a
/// space.
fn decode_pointer(segment: &str) -> String {
    segment
        .replace("~1", "/")
        .replace("~0", "~")
        .replace("%20", " ")
}

/// `{id\t}` → `{id}`: white space inside placeholders dropped.
fn trim_placeholders(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => inside = true,
            '}' => inside = false,
            _ if inside && c.is_whitespace() => continue,
            _ => {}
        }
        out.push(c);
    }
    out
}

/// The response object of `anyOf: [object, {}]`, how an export offers the
/// empty object some pages document in place of the response; any other
/// schema as it is.
fn without_empty_alternative(schema: &Value) -> &Value {
    match schema
        .get("anyOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([object, empty]) if empty.get("maxProperties") == Some(&Value::from(0)) => object,
        _ => schema,
    }
}
