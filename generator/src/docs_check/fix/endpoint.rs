//! Adding an endpoint a page documents and the spec lacks: its module and
//! name, path parameter types, params schema and response type, each taken
//! from the export or the spec's own conventions.

use super::Fixer;
use crate::docs_check::compare;
use crate::docs_check::draft::{self, DraftContext};
use crate::docs_check::page::Page;
use crate::docs_check::yaml_edit::quote;
use crate::model::{ResolvedSchema, TypeRef};
use crate::typeref::spec_syntax;

impl Fixer<'_> {
    /// Adds the endpoint a page documents and the spec lacks.
    pub(super) fn add_endpoint(&mut self, page: &Page) {
        match self.draft_endpoint(page) {
            Ok((file, name, text, new_params)) => {
                let summary = format!(
                    "added endpoint {}.{name} ({} {})",
                    self.files[file].stem, page.method, page.path
                );
                let result = self.edit(file, &summary, |spec| {
                    if let Some((params, text)) = &new_params {
                        let place = format!("schemas.{params}");
                        if !spec.has(&place) {
                            spec.insert_entry("schemas", text)?;
                        }
                    }
                    spec.insert_entry("endpoints", &text)
                });
                if let Err(error) = result {
                    self.changes
                        .push(format!("not fixed: {} {}: {error}", page.method, page.path));
                }
            }
            Err(error) => self
                .changes
                .push(format!("not fixed: {} {}: {error}", page.method, page.path)),
        }
    }

    /// (file, endpoint name, endpoint YAML, new params schema to add).
    #[allow(clippy::type_complexity)]
    fn draft_endpoint(
        &self,
        page: &Page,
    ) -> Result<(usize, String, String, Option<(String, String)>), String> {
        let (file, name) = self.endpoint_name(page)?;
        let module = &self.files[file].stem;
        let source = DraftContext {
            model: self.model,
            title: &page.title,
            address: page.address.as_deref(),
            response: true,
        }
        .source(true);
        let response = self.response_type(page);
        let mut text = format!(
            "{name}:\n  method: {}\n  path: {}\n  description: {}\n  source: {}\n",
            page.method,
            page.path,
            quote(&draft::review_description("what the endpoint does")),
            quote(&source)
        );
        let placeholders = compare::placeholders(&page.path);
        if !placeholders.is_empty() {
            text.push_str("  path_params:\n");
            for placeholder in &placeholders {
                let ty = self.path_param_type(page, placeholder, &response);
                text.push_str(&format!(
                    "    {}:\n      type: {ty}\n      description: {}\n",
                    crate::docs_check::yaml_edit::key(placeholder),
                    quote(&draft::review_description(&format!("`{placeholder}`")))
                ));
            }
        }
        let mut new_params = None;
        let shown = |section: &crate::docs_check::page::Section| !section.is_empty();
        let location = if shown(&page.body) {
            Some("body")
        } else if shown(&page.query) {
            Some("query")
        } else {
            None
        };
        if let Some(location) = location {
            let section = if location == "body" {
                &page.body
            } else {
                &page.query
            };
            let existing = page
                .params_schema
                .clone()
                .filter(|schema| self.schema(schema).is_some())
                .or_else(|| self.object_with_members(section, &response));
            let params = existing.unwrap_or_else(|| {
                let resource = match &response {
                    TypeRef::Named(name, Some(item)) if name == "List" => spec_syntax(item),
                    other => spec_syntax(other),
                };
                let resource: String = resource
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                let verb = crate::names::variant_name(&name).unwrap_or_default();
                format!("{verb}{resource}Params")
            });
            if self.schema(&params).is_none() {
                let schema = format!(
                    "{params}:\n  kind: object\n  description: {}\n  source: {}\n  fields: {{}}\n",
                    quote(&draft::review_description(&format!(
                        "the parameters of `{module}::{name}`"
                    ))),
                    quote(&source)
                );
                new_params = Some((params.clone(), schema));
            }
            text.push_str(&format!("  params: {params}\n  params_in: {location}\n"));
        }
        text.push_str(&format!("  response: {}\n", spec_syntax(&response)));
        Ok((file, name, text, new_params))
    }

    /// The object schema whose members are exactly the top-level members
    /// the section shows, if the section shows them as a tree or an example.
    fn object_with_members(
        &self,
        section: &crate::docs_check::page::Section,
        response: &TypeRef,
    ) -> Option<String> {
        // Between schemas with the same members, one named after the
        // response's resource (`ListSetupIntentsParams` for a list of
        // `SetupIntent`) is the likelier.
        let resource = match response {
            TypeRef::Named(name, Some(item)) if name == "List" => spec_syntax(item),
            other => spec_syntax(other),
        };
        let mut shown: Vec<&str> = match (&section.tree, &section.example) {
            (Some(tree), _) => tree.children.keys().map(String::as_str).collect(),
            (None, Some(serde_json::Value::Object(example))) => {
                example.keys().map(String::as_str).collect()
            }
            _ => return None,
        };
        shown.sort_unstable();
        let mut matches: Vec<&str> = self
            .model
            .modules
            .iter()
            .flat_map(|module| &module.schemas)
            .filter_map(|schema| match schema {
                ResolvedSchema::Object(object) => {
                    let mut members: Vec<&str> =
                        object.fields.iter().map(|f| f.wire_name.as_str()).collect();
                    members.sort_unstable();
                    (members == shown).then_some(object.name.as_str())
                }
                _ => None,
            })
            .collect();
        matches.sort_by_key(|name| (!name.contains(resource.as_str()), !name.ends_with("Params")));
        matches.first().map(|name| (*name).to_owned())
    }

    fn schema(&self, name: &str) -> Option<&ResolvedSchema> {
        self.model
            .modules
            .iter()
            .flat_map(|module| &module.schemas)
            .find(|schema| schema.name() == name)
    }

    /// The module and name of a new endpoint: from an export's
    /// `<module>_<name>` operation id, else the file whose endpoints share
    /// the longest path prefix and the title's first word (`Retrieve a
    /// charge` → `retrieve`).
    fn endpoint_name(&self, page: &Page) -> Result<(usize, String), String> {
        if let Some(operation) = &page.operation_id {
            for (file, spec) in self.files.iter().enumerate() {
                if let Some(name) = operation
                    .strip_prefix(spec.stem.as_str())
                    .and_then(|rest| rest.strip_prefix('_'))
                {
                    return Ok((file, name.to_owned()));
                }
            }
        }
        let segments = |path: &str| -> Vec<String> { path.split('/').map(str::to_owned).collect() };
        let wanted = segments(&page.path);
        let shared = |path: &str| {
            segments(path)
                .iter()
                .zip(&wanted)
                .take_while(|(a, b)| a == b)
                .count()
        };
        let best = self
            .model
            .modules
            .iter()
            .flat_map(|module| module.endpoints.iter().map(move |e| (module, e)))
            .max_by_key(|(_, endpoint)| shared(&endpoint.path))
            .filter(|(_, endpoint)| shared(&endpoint.path) > 2)
            .map(|(module, _)| module.name.clone())
            .ok_or("no spec file has endpoints under this path; add it by hand")?;
        let file = self
            .files
            .iter()
            .position(|file| file.stem == best)
            .ok_or("the module's file is missing")?;
        let word: String = page
            .title
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if word.is_empty() || !word.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Err("the title gives no endpoint name".to_owned());
        }
        let taken =
            self.model.modules.iter().any(|module| {
                module.name == best && module.endpoints.iter().any(|e| e.name == word)
            });
        if taken {
            return Err(format!(
                "`{best}.{word}` exists with another path; name it by hand"
            ));
        }
        Ok((file, word))
    }

    /// The response type: the export's schema, else the schema whose
    /// `object_name` the example's `object` member names, else the response
    /// of an endpoint at the same path, else `json`.
    fn response_type(&self, page: &Page) -> TypeRef {
        if let Some(name) = &page.response_schema {
            if self.schema(name).is_some() {
                return TypeRef::Named(name.clone(), None);
            }
            if let Some(item) = name
                .strip_suffix("List")
                .filter(|item| self.schema(item).is_some())
            {
                return TypeRef::Named(
                    "List".to_owned(),
                    Some(Box::new(TypeRef::Named(item.to_owned(), None))),
                );
            }
        }
        let object = page
            .response
            .example
            .as_ref()
            .and_then(|example| example.get("object"))
            .and_then(|object| object.as_str());
        if let Some(object) = object {
            let named =
                self.model.modules.iter().flat_map(|m| &m.schemas).find_map(
                    |schema| match schema {
                        ResolvedSchema::Object(o) if o.object_name.as_deref() == Some(object) => {
                            Some(o.name.clone())
                        }
                        _ => None,
                    },
                );
            if let Some(name) = named {
                return TypeRef::Named(name, None);
            }
        }
        let shape = compare::path_shape(&page.path);
        self.model
            .modules
            .iter()
            .flat_map(|module| &module.endpoints)
            .find(|endpoint| compare::path_shape(&endpoint.path) == shape)
            .map_or(TypeRef::Json, |endpoint| endpoint.response.clone())
    }

    /// A path parameter's type: as the spec types the same placeholder
    /// after the same path prefix elsewhere; else, for the last
    /// placeholder, the response object's id when it has a typed id; else
    /// `string`.
    fn path_param_type(&self, page: &Page, placeholder: &str, response: &TypeRef) -> String {
        let marker = format!("{{{placeholder}}}");
        let prefix = page.path.split(&marker).next().unwrap_or_default();
        let sibling = self
            .model
            .modules
            .iter()
            .flat_map(|module| &module.endpoints)
            .filter(|endpoint| endpoint.path.starts_with(&format!("{prefix}{{")))
            .find_map(|endpoint| {
                let rest = &endpoint.path[prefix.len() + 1..];
                let name = rest.split('}').next()?;
                endpoint
                    .path_params
                    .iter()
                    .find(|param| param.wire_name == name)
                    .map(|param| spec_syntax(&param.ty))
            });
        if let Some(ty) = sibling {
            return ty;
        }
        let last =
            compare::placeholders(&page.path).last().map(String::as_str) == Some(placeholder);
        if let (true, TypeRef::Named(name, None)) = (last, response) {
            if let Some(ResolvedSchema::Object(object)) = self.schema(name) {
                if object.id_prefix.is_some() {
                    return format!("id<{name}>");
                }
            }
        }
        "string".to_owned()
    }
}
