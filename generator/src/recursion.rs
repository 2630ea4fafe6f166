//! Breaking by-value cycles: a struct that holds itself (directly, or via
//! others) by value has infinite size, so the fields that close such a cycle
//! are emitted as `Box<T>`.
//!
//! A field from `A` to `B` closes a cycle exactly when `A` and `B` lie in the
//! same strongly connected component of the "holds by value" graph, so the
//! components are computed once (Kosaraju, iteratively, so a long chain of
//! schemas cannot overflow the stack) and every field is then checked in
//! constant time.

use std::collections::HashMap;

use crate::model::{ApiModel, ResolvedField, ResolvedSchema, TypeRef};

/// Sets `boxed` on every field that closes a cycle of by-value containment.
pub fn box_recursive_fields(model: &mut ApiModel) {
    let names: Vec<String> = model
        .modules
        .iter()
        .flat_map(|m| &m.schemas)
        .map(|schema| schema.name().to_owned())
        .collect();
    let index: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let mut edges = vec![Vec::new(); names.len()];
    for schema in model.modules.iter().flat_map(|m| &m.schemas) {
        let from = index[schema.name()];
        let mut targets: Vec<&str> = by_value_fields(schema)
            .filter_map(|field| by_value_target(&field.ty))
            .collect();
        if let ResolvedSchema::Union(union) = schema {
            targets.extend(
                union
                    .variants
                    .iter()
                    .map(|variant| variant.payload.as_str()),
            );
        }
        edges[from].extend(
            targets
                .into_iter()
                .filter_map(|target| index.get(target).copied()),
        );
    }
    let component = strongly_connected_components(&edges);
    for schema in model.modules.iter_mut().flat_map(|m| &mut m.schemas) {
        let from = component[index[schema.name()]];
        let fields = match schema {
            ResolvedSchema::Object(object) => &mut object.fields,
            ResolvedSchema::Union(union) => &mut union.common_fields,
            _ => continue,
        };
        for field in fields.iter_mut() {
            // Only ever set: `boxed_members.rs` boxes other fields too, and
            // neither pass may undo the other's, whatever their order.
            if by_value_target(&field.ty)
                .and_then(|target| index.get(target))
                .is_some_and(|&target| component[target] == from)
            {
                field.boxed = true;
            }
        }
    }
}

fn by_value_fields(schema: &ResolvedSchema) -> impl Iterator<Item = &ResolvedField> {
    let fields: &[ResolvedField] = match schema {
        ResolvedSchema::Object(object) => &object.fields,
        ResolvedSchema::Union(union) => &union.common_fields,
        _ => &[],
    };
    fields.iter()
}

/// The schema a field holds by value (not behind a Vec, map or Expandable box).
fn by_value_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name, _) => Some(name),
        _ => None,
    }
}

/// The component number of each node (Kosaraju's algorithm).
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    // Pass 1: nodes in order of DFS completion.
    let mut visited = vec![false; n];
    let mut finished = Vec::with_capacity(n);
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0)];
        while let Some((node, next)) = stack.pop() {
            if let Some(&child) = edges[node].get(next) {
                stack.push((node, next + 1));
                if !visited[child] {
                    visited[child] = true;
                    stack.push((child, 0));
                }
            } else {
                finished.push(node);
            }
        }
    }
    // Pass 2: on the reversed graph, in reverse completion order, each
    // search collects exactly one component.
    let mut reversed = vec![Vec::new(); n];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reversed[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    let mut count = 0;
    for &start in finished.iter().rev() {
        if component[start] != usize::MAX {
            continue;
        }
        component[start] = count;
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for &next in &reversed[node] {
                if component[next] == usize::MAX {
                    component[next] = count;
                    stack.push(next);
                }
            }
        }
        count += 1;
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components() {
        // 0 → 1 → 2 → 0 is a cycle; 3 holds itself; 4 is on its own.
        let edges = vec![vec![1], vec![2], vec![0, 4], vec![3], vec![]];
        let c = strongly_connected_components(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[3] != c[4]);
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let c = strongly_connected_components(&edges);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
