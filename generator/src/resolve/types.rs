//! Type expressions → `TypeRef`, checked against the declared schemas.

use super::*;

impl Context {
    pub(super) fn resolve_type(
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
        let ty = self.type_from_expr(file, path, &expr, generic)?;
        if nests_string_encoded(&ty) {
            self.error(file, path, format!("`string<...>` must be a field's whole type, not part of `{text}`: a list or map of numbers written as strings is not supported"));
            return None;
        }
        Some(ty)
    }

    pub(super) fn type_from_expr(
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
            "string" if expr.argument.is_none() => Some(TypeRef::String),
            "string" => {
                let value = argument(self)?;
                if !matches!(
                    value,
                    TypeRef::Int32
                        | TypeRef::Int64
                        | TypeRef::Timestamp
                        | TypeRef::Float64
                        | TypeRef::Boolean
                ) {
                    self.error(file, path, format!("`string<...>` is a number or flag that the docs write as a string; it takes `int32`, `int64`, `timestamp`, `float64` or `boolean`, not `{}`", expr.argument.as_deref().map(|a| a.to_string()).unwrap_or_default()));
                    return None;
                }
                Some(TypeRef::StringEncoded(Box::new(value)))
            }
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
                    TypeRef::Named(name, None) => {
                        self.with_id.contains_key(name)
                            || matches!(
                                self.declarations.get(name).map(|d| d.kind),
                                Some(DeclKind::Raw)
                            )
                    }
                    _ => false,
                };
                if !expandable {
                    self.error(file, path, format!("`expandable<...>` must point to an object schema with `id_prefix` (or a `kind: raw` one), not `{}`", expr.argument.as_deref().map(|a| a.to_string()).unwrap_or_default()));
                    return None;
                }
                Some(TypeRef::Expandable(Box::new(inner)))
            }
            "id" => {
                if !arity(self, 1) {
                    return None;
                }
                let target = expr.argument.as_deref()?;
                if target.argument.is_none() && self.with_id.contains_key(&target.name) {
                    Some(TypeRef::Id(target.name.clone()))
                } else {
                    self.error(
                        file,
                        path,
                        format!(
                            "`id<...>` must name an object schema with `id_prefix`, not `{target}`"
                        ),
                    );
                    None
                }
            }
            name if Some(name) == generic => scalar(self, TypeRef::Param(name.to_owned())),
            name => {
                let Some(declaration) = self.declarations.get(name).cloned() else {
                    let suggestion = self.suggest(name);
                    self.error(file, path, format!("unknown type `{name}`{suggestion}"));
                    return None;
                };
                match declaration.kind {
                    DeclKind::IdType => {
                        let object = name.strip_suffix("Id").unwrap_or(name);
                        self.error(
                            file,
                            path,
                            format!("write the id type of `{object}` as `id<{object}>`"),
                        );
                        None
                    }
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
    pub(super) fn suggest(&self, unknown: &str) -> String {
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
            None => "; define it under `schemas:` or use a built-in type (string, boolean, int32, int64, timestamp, float64, json, object, array<T>, map<T>, expandable<T>, id<T>)".to_owned(),
        }
    }
}

/// Whether `string<...>` occurs inside another type: its wire form is a
/// field's serde attribute, which cannot reach into a list or a map.
fn nests_string_encoded(ty: &TypeRef) -> bool {
    fn contains(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::StringEncoded(_) => true,
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Expandable(inner) => {
                contains(inner)
            }
            TypeRef::Named(_, Some(argument)) => contains(argument),
            _ => false,
        }
    }
    !matches!(ty, TypeRef::StringEncoded(_)) && contains(ty)
}
