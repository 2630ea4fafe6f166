//! Comparing what a page shows with the spec, field by field.

use super::ack::{self, Scope};
use super::page::{one_of_values, ListedField, Page, Section};
use super::spec_view::{Member, Shape, SpecIndex};
use super::tree::{self, PageNode};
use super::{DiffKind, Difference, FixHint};
use crate::model::{ParamsLocation, ResolvedEndpoint, ResolvedModule, TypeRef};
use crate::typeref::spec_syntax;

/// Every difference between `page` and the endpoint it documents.
pub fn compare_page(
    page: &Page,
    module: &ResolvedModule,
    endpoint: &ResolvedEndpoint,
    index: &SpecIndex,
) -> Vec<Difference> {
    let mut comparer = Comparer {
        index,
        title: &page.title,
        differences: Vec::new(),
    };
    let endpoint_scope = Scope {
        label: format!("{}.{}", module.name, endpoint.name),
        note: endpoint.docs.note.as_deref(),
    };
    comparer.path_params(page, endpoint, &endpoint_scope);
    comparer.request(page, endpoint, &endpoint_scope);
    comparer.response(page, endpoint, &endpoint_scope);
    comparer.differences
}

struct Comparer<'a, 'm> {
    index: &'a SpecIndex<'m>,
    title: &'a str,
    differences: Vec<Difference>,
}

impl<'m> Comparer<'_, 'm> {
    fn report(&mut self, kind: DiffKind, path: &str, page: String, spec: String, chain: &[Scope]) {
        self.report_fix(kind, path, page, spec, chain, None);
    }

    /// [`Self::report`] with what `--fix` would change.
    fn report_fix(
        &mut self,
        kind: DiffKind,
        path: &str,
        page: String,
        spec: String,
        chain: &[Scope],
        fix: Option<FixHint>,
    ) {
        self.differences.push(Difference {
            kind,
            path: path.to_owned(),
            page,
            spec,
            acknowledged_by: ack::acknowledged_by(chain, kind, self.title),
            item: chain.last().map(|scope| scope.label.clone()),
            fix,
        });
    }

    /// The name of the schema whose members `ty` has (through expandables).
    fn owner(&self, ty: &TypeRef) -> Option<String> {
        match ty {
            TypeRef::Expandable(target) => self.owner(target),
            _ => self.index.schema(ty).map(|schema| schema.name().to_owned()),
        }
    }

    /// The scope of the schema a type names, if it names one.
    fn type_scope(&self, ty: &TypeRef) -> Option<Scope<'m>> {
        self.index.innermost_schema(ty).map(|schema| Scope {
            label: schema.name().to_owned(),
            note: schema_note(schema),
        })
    }

    /// Path parameters: the page's path line placeholders (with the `Path
    /// Params` list for types and flags) against the spec's.
    fn path_params(&mut self, page: &Page, endpoint: &ResolvedEndpoint, endpoint_scope: &Scope) {
        let mut names = placeholders(&page.path);
        for field in &page.path_params.fields {
            if !names.contains(&field.name) {
                names.push(field.name.clone());
            }
        }
        for name in &names {
            let path = format!("path.{name}");
            let listed = page.path_params.fields.iter().find(|f| &f.name == name);
            let Some(param) = endpoint.path_params.iter().find(|p| &p.wire_name == name) else {
                let says = listed.map_or("a path parameter".to_owned(), |field| {
                    format!("{} (field list)", field.ty)
                });
                self.report(
                    DiffKind::NotInSpec,
                    &path,
                    says,
                    "no such path parameter".to_owned(),
                    std::slice::from_ref(endpoint_scope),
                );
                continue;
            };
            let chain = [
                endpoint_scope.clone(),
                Scope {
                    label: format!("{}.path_params.{name}", endpoint_scope.label),
                    note: param.docs.note.as_deref(),
                },
            ];
            if let Some(listed) = listed {
                if !self.index.compatible(&listed.ty, &TypeRef::String) {
                    let says = format!("{} (field list)", listed.ty);
                    self.report(DiffKind::Type, &path, says, "string".to_owned(), &chain);
                }
                if !listed.required {
                    let spec = "required (path parameters always are)".to_owned();
                    self.report(
                        DiffKind::Required,
                        &path,
                        "optional".to_owned(),
                        spec,
                        &chain,
                    );
                }
            }
        }
        for param in &endpoint.path_params {
            if !names.contains(&param.wire_name) {
                let chain = [
                    endpoint_scope.clone(),
                    Scope {
                        label: format!("{}.path_params.{}", endpoint_scope.label, param.wire_name),
                        note: param.docs.note.as_deref(),
                    },
                ];
                self.report(
                    DiffKind::NotOnPage,
                    &format!("path.{}", param.wire_name),
                    "nothing".to_owned(),
                    "a string path parameter".to_owned(),
                    &chain,
                );
            }
        }
    }

    /// The request parameters: a body or query section against `params`.
    fn request(&mut self, page: &Page, endpoint: &ResolvedEndpoint, endpoint_scope: &Scope) {
        let endpoint_chain = std::slice::from_ref(endpoint_scope);
        let shown = |section: &'_ Section| !section.is_empty();
        let spec_location = endpoint.params.as_ref().map(|(_, location)| *location);
        let section = match (shown(&page.body), shown(&page.query), spec_location) {
            (true, true, Some(ParamsLocation::Query)) | (false, true, _) => {
                Some((&page.query, ParamsLocation::Query))
            }
            (true, _, _) => Some((&page.body, ParamsLocation::Body)),
            (false, false, _) => None,
        };
        match (&endpoint.params, section) {
            (None, None) => {}
            (None, Some((_, location))) => self.report(
                DiffKind::NotInSpec,
                "request",
                format!("{} parameters", location_name(location)),
                "no parameters".to_owned(),
                endpoint_chain,
            ),
            (Some((params, _)), None) => self.report(
                DiffKind::NotOnPage,
                "request",
                "nothing".to_owned(),
                params.clone(),
                endpoint_chain,
            ),
            (Some((params, spec_location)), Some((section, location))) => {
                if location != *spec_location {
                    self.report(
                        DiffKind::ParamsIn,
                        "request",
                        location_name(location).to_owned(),
                        location_name(*spec_location).to_owned(),
                        endpoint_chain,
                    );
                }
                let ty = TypeRef::Named(params.clone(), None);
                self.section(section, "request", &ty);
            }
        }
    }

    /// The first successful response against the endpoint's response type.
    fn response(&mut self, page: &Page, endpoint: &ResolvedEndpoint, endpoint_scope: &Scope) {
        if page.response.is_empty() {
            self.report(
                DiffKind::NotOnPage,
                "response",
                "nothing".to_owned(),
                spec_syntax(&endpoint.response),
                std::slice::from_ref(endpoint_scope),
            );
            return;
        }
        self.section(&page.response, "response", &endpoint.response);
    }

    fn section(&mut self, section: &Section, path: &str, ty: &TypeRef) {
        let tree = tree::build(section, Some(ty), self.index);
        let chain: Vec<Scope> = self.type_scope(ty).into_iter().collect();
        self.value(&tree, path, ty, None, None, &chain);
    }

    /// One value: its type, required flag and listed enum values, then its
    /// members. `chain` already holds the value's own scopes.
    /// `field` is the (owner schema, wire name) of the spec field holding
    /// the value, when it is one.
    fn value(
        &mut self,
        node: &PageNode,
        path: &str,
        ty: &TypeRef,
        field: Option<(&str, &str)>,
        required: Option<bool>,
        chain: &[Scope],
    ) {
        let listed_mismatch = node
            .listed
            .as_ref()
            .filter(|listed| !self.index.compatible(&listed.ty, ty))
            .map(|listed| listed.ty.clone());
        let example_mismatch = node
            .example
            .as_ref()
            .filter(|example| !self.index.compatible(example, ty))
            .cloned();
        // The field list states a type; an example only hints at one. So
        // `--fix` follows the list unless the example contradicts it.
        let set_type = |example_agrees: bool| {
            field
                .filter(|_| example_agrees)
                .map(|(owner, wire)| FixHint::SetType {
                    owner: owner.to_owned(),
                    wire: wire.to_owned(),
                    node: node.clone(),
                })
        };
        match (listed_mismatch, example_mismatch) {
            (Some(listed), Some(example)) if listed == example => {
                let says = format!("{listed} (field list and example)");
                let fix = set_type(true);
                self.report_fix(DiffKind::Type, path, says, spec_syntax(ty), chain, fix);
            }
            (listed, example) => {
                if let Some(listed) = listed {
                    let says = format!("{listed} (field list)");
                    let fix = set_type(example.is_none());
                    self.report_fix(DiffKind::Type, path, says, spec_syntax(ty), chain, fix);
                }
                if let Some(example) = example {
                    let says = format!("{example} (example)");
                    self.report(DiffKind::Type, path, says, spec_syntax(ty), chain);
                }
            }
        }
        if let Some(listed) = &node.listed {
            self.required(listed, path, field, required, chain);
            self.enum_values(listed, path, ty, chain);
        }
        self.members(node, path, ty, chain);
    }

    fn required(
        &mut self,
        listed: &ListedField,
        path: &str,
        field: Option<(&str, &str)>,
        spec: Option<bool>,
        chain: &[Scope],
    ) {
        let Some(spec) = spec else { return };
        if listed.required != spec {
            let fix = field.map(|(owner, wire)| FixHint::SetRequired {
                owner: owner.to_owned(),
                wire: wire.to_owned(),
                required: listed.required,
            });
            self.report_fix(
                DiffKind::Required,
                path,
                flag(listed.required).to_owned(),
                flag(spec).to_owned(),
                chain,
                fix,
            );
        }
    }

    /// Values a description lists ("one of a, b, or c") that the spec's
    /// enum lacks; all of them when the spec has a plain string.
    fn enum_values(&mut self, listed: &ListedField, path: &str, ty: &TypeRef, chain: &[Scope]) {
        let mut values = one_of_values(&listed.description);
        for value in &listed.values {
            if !values.contains(value) {
                values.push(value.clone());
            }
        }
        if values.is_empty() {
            return;
        }
        if let Some(enumeration) = self.index.enumeration(ty) {
            for value in values {
                if !enumeration.values.iter().any(|known| known.wire == value) {
                    let spec = format!("not a value of {}", enumeration.name);
                    let fix = Some(FixHint::AddEnumValue {
                        enumeration: enumeration.name.clone(),
                        value: value.clone(),
                    });
                    self.report_fix(DiffKind::EnumValue, path, value, spec, chain, fix);
                }
            }
        } else if matches!(ty, TypeRef::String) {
            let says = format!("one of {}", values.join(", "));
            let spec = "string (no enum)".to_owned();
            self.report(DiffKind::EnumValue, path, says, spec, chain);
        }
    }

    /// The members of an object the page shows, against the spec's.
    fn members(&mut self, node: &PageNode, path: &str, ty: &TypeRef, chain: &[Scope]) {
        match self.index.shape(ty) {
            Shape::Object(members) => self.object_members(node, path, ty, &members, chain),
            Shape::Expandable(target) if !node.children.is_empty() => {
                self.members(node, path, &target, chain);
            }
            Shape::Map(value) => {
                for (name, child) in &node.children {
                    self.value(child, &format!("{path}.{name}"), &value, None, None, chain);
                }
            }
            Shape::Array(item) => {
                if let Some(items) = &node.items {
                    self.value(items, &format!("{path}[]"), &item, None, None, chain);
                }
            }
            Shape::Expandable(_) | Shape::Opaque => {}
        }
    }

    fn object_members(
        &mut self,
        node: &PageNode,
        path: &str,
        ty: &TypeRef,
        members: &[Member<'m>],
        chain: &[Scope],
    ) {
        // An object shown without members (`"metadata": {}`, or a list entry
        // with no children) says nothing about which members it has.
        if node.children.is_empty() {
            return;
        }
        let owner = self.owner(ty);
        for (name, child) in &node.children {
            let child_path = format!("{path}.{name}");
            match members.iter().find(|member| member.wire == name) {
                Some(member) => {
                    let chain = self.extend(chain, member);
                    // Union tags and variants have no required flag: they
                    // are not fields `--fix` could retype.
                    let field = owner
                        .as_deref()
                        .filter(|_| member.required.is_some())
                        .map(|owner| (owner, member.wire));
                    // An OpenAPI `required` member of a response is one
                    // that is always there: what `always_present` says.
                    let openapi = child.listed.as_ref().is_some_and(|listed| listed.line == 0);
                    let required = match member.required {
                        Some(false) if member.always_present && openapi => Some(true),
                        other => other,
                    };
                    let ty = &member.ty;
                    self.value(child, &child_path, ty, field, required, &chain);
                }
                None => {
                    let fix = owner.clone().map(|owner| FixHint::AddMember {
                        owner,
                        name: name.clone(),
                        node: child.clone(),
                    });
                    self.report_fix(
                        DiffKind::NotInSpec,
                        &child_path,
                        child.describe_type(),
                        "no such field".to_owned(),
                        chain,
                        fix,
                    );
                }
            }
        }
        for member in members {
            if !node.children.contains_key(member.wire) {
                let chain = self.extend(chain, member);
                self.report(
                    DiffKind::NotOnPage,
                    &format!("{path}.{}", member.wire),
                    "nothing".to_owned(),
                    spec_syntax(&member.ty),
                    &chain,
                );
            }
        }
    }

    /// `chain` plus a member's own scope and its type's schema.
    fn extend(&self, chain: &[Scope<'m>], member: &Member<'m>) -> Vec<Scope<'m>> {
        let mut chain = chain.to_vec();
        chain.push(Scope {
            label: member.label.clone(),
            note: member.docs.and_then(|docs| docs.note.as_deref()),
        });
        chain.extend(self.type_scope(&member.ty));
        chain
    }
}

fn schema_note(schema: &crate::model::ResolvedSchema) -> Option<&str> {
    use crate::model::ResolvedSchema;
    let docs = match schema {
        ResolvedSchema::Object(object) => &object.docs,
        ResolvedSchema::Enum(enumeration) => &enumeration.docs,
        ResolvedSchema::Union(union) => &union.docs,
        ResolvedSchema::Raw { docs, .. } => docs,
    };
    docs.note.as_deref()
}

fn flag(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn location_name(location: ParamsLocation) -> &'static str {
    match location {
        ParamsLocation::Body => "body",
        ParamsLocation::Query => "query",
    }
}

/// The `{name}` placeholders of a path, in order.
pub fn placeholders(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// A path with every placeholder blanked, so `/v1/x/{id}` matches `/v1/x/{intent}`.
pub fn path_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut rest = path.trim_end_matches('/');
    while let Some((head, tail)) = rest.split_once('{') {
        shape.push_str(head);
        shape.push_str("{}");
        rest = tail.split_once('}').map_or("", |(_, after)| after);
    }
    shape.push_str(rest);
    shape
}
