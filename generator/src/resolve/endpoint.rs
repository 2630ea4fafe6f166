//! Endpoints: method, path and its parameters, params, response.

use super::*;

impl Context {
    pub(super) fn resolve_endpoint(
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
            let ty = match raw.type_.as_deref() {
                None | Some("string") => TypeRef::String,
                Some(text) => {
                    match self.resolve_type(file, &format!("{param_path}.type"), text, None) {
                        Some(ty @ TypeRef::Id(_)) => ty,
                        Some(_) => {
                            self.error(
                                file,
                                &format!("{param_path}.type"),
                                format!(
                                    "a path parameter is a `string` or an `id<...>`, not `{text}`"
                                ),
                            );
                            ok = false;
                            TypeRef::String
                        }
                        None => {
                            ok = false;
                            TypeRef::String
                        }
                    }
                }
            };
            self.check_reference(
                file,
                &param_path,
                None,
                param,
                &raw.description,
                &ty,
                raw.untyped_id.as_deref(),
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
                        example: match &ty {
                            TypeRef::Id(object) => format!("{}123", self.with_id[object]),
                            _ => format!("{param}_123"),
                        },
                        ty,
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
                    // A raw schema sends any JSON object: for endpoints known only by name.
                    Some(DeclKind::Object { generic: false } | DeclKind::Raw) => {
                        Some(params.clone())
                    }
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
        let mut response =
            self.resolve_type(file, &format!("{path}.response"), &endpoint.response, None);
        if let Some(TypeRef::StringEncoded(_)) = response {
            self.error(
                file,
                &format!("{path}.response"),
                "`string<...>` is for fields; a response is an object or a list",
            );
            response = None;
        }
        let response_may_be_empty = match (&endpoint.response_may_be_empty, &response) {
            (None, _) => None,
            (Some(reason), _) if reason.trim().is_empty() => {
                self.error(
                    file,
                    &format!("{path}.response_may_be_empty"),
                    "`response_may_be_empty` takes the reason the endpoint may answer `{}` (what the page shows); it is empty",
                );
                ok = false;
                None
            }
            (Some(reason), Some(TypeRef::Named(name, None)))
                if matches!(
                    self.declarations.get(name).map(|d| d.kind),
                    Some(DeclKind::Object { generic: false })
                ) =>
            {
                Some(reason.trim().to_owned())
            }
            (Some(_), Some(_)) => {
                self.error(
                    file,
                    &format!("{path}.response_may_be_empty"),
                    format!(
                        "`response_may_be_empty` needs a response that is an object schema, so that `{{}}` is told apart from it; `{}` is not one",
                        endpoint.response
                    ),
                );
                ok = false;
                None
            }
            // The response type was already reported.
            (Some(_), None) => None,
        };
        match (ok, method, response) {
            (true, Some(method), Some(response)) => Some(ResolvedEndpoint {
                name: name.to_owned(),
                method,
                path: endpoint.path.clone(),
                docs,
                path_params,
                params,
                response,
                response_may_be_empty,
                examples: Vec::new(),
            }),
            _ => None,
        }
    }
}
