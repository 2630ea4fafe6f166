//! A page section's fields as a tree: the JSON example gives the nesting
//! directly, the flat field list is nested with the help of the spec.
//!
//! How a flat field list is nested: while reading the list, the parser keeps
//! a stack of open objects, starting with the section's root. An entry typed
//! `object` (or `array[object]`) opens a new object: the entries after it may
//! be its members. Each entry goes to the innermost open object that
//! *knows* its name, closing the objects opened after that one. An object
//! knows a name when its spec type declares that member, or when the JSON
//! example shows that member at the same place. A name no open object knows
//! (a field the spec and the example both lack) goes to the innermost open
//! object that already has a member from the list, since the list is then
//! inside that object; failing that, to the root.
//!
//! Innermost-first resolves the seed pages' lists exactly: `payment_method`
//! right after `last_setup_error.param` is the error's member, and
//! `payment_method_type` after it, unknown to `PaymentMethod`, closes it.

use indexmap::IndexMap;
use serde_json::Value;

use super::page::{ListedField, PageType, Section};
use super::spec_view::SpecIndex;
use crate::model::TypeRef;

/// What a page says about one field, merged from the list and the example.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageNode {
    /// The field list's entry, if the list has one.
    pub listed: Option<ListedField>,
    /// The type of the value in the JSON example, if the example has one.
    pub example: Option<PageType>,
    /// Object members, in page order.
    pub children: IndexMap<String, PageNode>,
    /// Array elements (`a[]`), when the example or the list shows them.
    pub items: Option<Box<PageNode>>,
}

impl PageNode {
    /// The tree of a JSON example.
    pub fn from_example(value: &Value) -> PageNode {
        let mut node = PageNode {
            example: Some(PageType::of_json(value)),
            ..PageNode::default()
        };
        match value {
            Value::Object(members) => {
                node.children = members
                    .iter()
                    .map(|(name, value)| (name.clone(), PageNode::from_example(value)))
                    .collect();
            }
            Value::Array(items) => {
                node.items = items
                    .first()
                    .map(|item| Box::new(PageNode::from_example(item)));
            }
            _ => {}
        }
        node
    }

    /// The page's type for this field and where it was read, e.g.
    /// `string (field list)`.
    pub fn describe_type(&self) -> String {
        match (&self.listed, &self.example) {
            (Some(listed), _) => format!("{} (field list)", listed.ty),
            (None, Some(example)) => format!("{example} (example)"),
            (None, None) => "a field".to_owned(),
        }
    }

    fn at_mut(&mut self, path: &[Step]) -> &mut PageNode {
        let mut node = self;
        for step in path {
            node = match step {
                Step::Member(name) => node.children.entry(name.clone()).or_default(),
                Step::Items => node.items.get_or_insert_with(Box::default),
            };
        }
        node
    }

    fn at(&self, path: &[Step]) -> Option<&PageNode> {
        let mut node = self;
        for step in path {
            node = match step {
                Step::Member(name) => node.children.get(name)?,
                Step::Items => node.items.as_deref()?,
            };
        }
        Some(node)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Member(String),
    Items,
}

/// An object open while the field list is read.
struct Open {
    path: Vec<Step>,
    /// Its spec type, when the spec has it.
    ty: Option<TypeRef>,
    has_members: bool,
}

/// The tree of one section: the example's, with the field list nested in.
/// `root` is the spec type of the section's root object, if any.
pub fn build(section: &Section, root: Option<&TypeRef>, index: &SpecIndex) -> PageNode {
    if let Some(tree) = &section.tree {
        return tree.clone();
    }
    let mut tree = section
        .example
        .as_ref()
        .map(PageNode::from_example)
        .unwrap_or_default();
    let mut open = vec![Open {
        path: Vec::new(),
        ty: root.cloned(),
        has_members: false,
    }];
    for field in &section.fields {
        let knows = |object: &Open| {
            object
                .ty
                .as_ref()
                .is_some_and(|ty| index.declares(ty, &field.name))
                || tree
                    .at(&object.path)
                    .and_then(|node| node.children.get(&field.name))
                    .is_some_and(|node| node.example.is_some())
        };
        let level = open
            .iter()
            .rposition(knows)
            .or_else(|| open.iter().rposition(|object| object.has_members))
            .unwrap_or(0);
        open.truncate(level + 1);
        let parent = &mut open[level];
        parent.has_members = true;
        let mut path = parent.path.clone();
        path.push(Step::Member(field.name.clone()));
        let mut ty = parent
            .ty
            .as_ref()
            .and_then(|ty| index.member_type(ty, &field.name));
        tree.at_mut(&path).listed = Some(field.clone());
        if field.ty.has_members() {
            if let PageType::Array(_) = field.ty {
                path.push(Step::Items);
                ty = match ty {
                    Some(TypeRef::Array(item)) => Some(*item),
                    _ => None,
                };
            }
            open.push(Open {
                path,
                ty,
                has_members: false,
            });
        }
    }
    tree
}
