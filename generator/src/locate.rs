//! Maps spec paths (`schemas.SetupIntent.fields.status`) to source lines.
//!
//! serde_yaml reports positions only for syntax and shape errors; semantic
//! errors found later (an unknown type, a duplicate name) need the line of
//! the offending key, which this index recovers from the YAML event stream.
//!
//! The same pass enforces the YAML limits that keep a hostile spec cheap:
//! nesting deeper than [`MAX_DEPTH`] and anchors or aliases (which can
//! expand a small file into gigabytes) stop it before serde_yaml sees the
//! text.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The deepest nesting of mappings and sequences a spec may use. serde_yaml
/// refuses more than 128 levels anyway; checking here, while walking the
/// events without recursion, also stops a 5,000-level block sequence (which
/// overflows the stack of a recursive parser) and a long run of `[` (which
/// serde_yaml's scanner handles in quadratic time) within milliseconds.
pub const MAX_DEPTH: usize = 128;

/// Line and column (both 1-based) of every mapping key and sequence item.
#[derive(Debug, Default)]
pub struct LineIndex {
    positions: HashMap<String, (usize, usize)>,
    /// Keys that repeat within one mapping: path and position of the repeat.
    /// serde_yaml keeps the last silently, which would drop a definition.
    pub duplicates: Vec<(String, (usize, usize))>,
    /// Position of each `---` that starts a second or later document.
    pub extra_documents: Vec<(usize, usize)>,
    /// Where the nesting first went deeper than [`MAX_DEPTH`]; the index
    /// stops there.
    pub too_deep: Option<Stop>,
    /// Where the first anchor (`&name`) or alias (`*name`) is; the index
    /// stops there.
    pub anchor_or_alias: Option<Stop>,
}

/// Where indexing stopped at something the spec may not contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// 1-based line and column.
    pub position: (usize, usize),
    /// The spec path of the node there (empty at the top level).
    pub spec_path: String,
}

impl LineIndex {
    /// Indexes `text`; an unparsable document gives an empty index (its
    /// syntax error is reported by the loader, with its own position).
    pub fn build(text: &str) -> LineIndex {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        let mut index = LineIndex::default();
        // Event by event rather than `Parser::load`, which recurses once per
        // nesting level and so overflows the stack on deep input.
        loop {
            let (event, mark) = match parser.next_token() {
                Ok(next) => next,
                Err(error) => {
                    // The scanner refuses more than 255 open flow collections
                    // before it yields their events; that is nesting too.
                    if error.info().contains("recursion limit") {
                        let mark = error.marker();
                        index.too_deep = Some(Stop {
                            position: (mark.line(), mark.col() + 1),
                            spec_path: builder.current_path(),
                        });
                    }
                    break;
                }
            };
            let stop = || Stop {
                position: (mark.line(), mark.col() + 1),
                spec_path: builder.current_path(),
            };
            match &event {
                Event::StreamEnd => break,
                Event::Alias(_) => {
                    index.anchor_or_alias = Some(stop());
                    break;
                }
                Event::Scalar(_, _, anchor, _)
                | Event::SequenceStart(anchor, _)
                | Event::MappingStart(anchor, _)
                    if *anchor != 0 =>
                {
                    index.anchor_or_alias = Some(stop());
                    break;
                }
                Event::SequenceStart(..) | Event::MappingStart(..)
                    if builder.stack.len() >= MAX_DEPTH =>
                {
                    index.too_deep = Some(stop());
                    break;
                }
                _ => {}
            }
            builder.on_event(event, mark);
        }
        index.positions = builder.positions;
        index.duplicates = builder.duplicates;
        index.extra_documents = builder.extra_documents;
        index
    }

    /// The path of the last key or item that starts at or before
    /// `position`: the node a character at `position` most likely belongs to.
    pub fn path_before(&self, position: (usize, usize)) -> Option<&str> {
        self.positions
            .iter()
            .filter(|(_, start)| **start <= position)
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.len().cmp(&a.0.len())))
            .map(|(path, _)| path.as_str())
    }

    /// The position of exactly `path`, if the file has that node.
    pub fn exact(&self, path: &str) -> Option<(usize, usize)> {
        self.positions.get(path).copied()
    }

    /// The direct children of the mapping or sequence at `path` (keys as
    /// `path.key`, items as `path[i]`), in file order.
    pub fn children(&self, path: &str) -> Vec<(&str, (usize, usize))> {
        let mut children: Vec<(&str, (usize, usize))> = self
            .positions
            .iter()
            .filter(|(child, _)| is_child(path, child))
            .map(|(child, position)| (child.as_str(), *position))
            .collect();
        children.sort_by_key(|(_, position)| *position);
        children
    }

    /// The position of `path`, or of its nearest ancestor that has one.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut path = path;
        loop {
            if let Some(position) = self.positions.get(path) {
                return Some(*position);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        seen: std::collections::HashSet<String>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    positions: HashMap<String, (usize, usize)>,
    duplicates: Vec<(String, (usize, usize))>,
    extra_documents: Vec<(usize, usize)>,
    documents: usize,
}

impl Builder {
    /// The spec path of the node that starts now (or of its mapping, for a key).
    fn current_path(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(Frame::Map {
                path,
                key: Some(key),
                ..
            }) => join(path, key),
            Some(Frame::Map { path, .. }) => path.clone(),
            Some(Frame::Seq { path, index }) => format!("{path}[{index}]"),
        }
    }

    /// The path of the node that starts now, or `None` when it is a mapping key.
    fn child_path(&mut self, mark: Marker) -> Option<String> {
        let path = match self.stack.last_mut()? {
            Frame::Map { key: None, .. } => return None,
            Frame::Map {
                path,
                key: Some(key),
                ..
            } => join(path, key),
            Frame::Seq { path, index } => {
                let item = format!("{path}[{index}]");
                self.positions
                    .entry(item.clone())
                    .or_insert((mark.line(), mark.col() + 1));
                item
            }
        };
        Some(path)
    }

    /// A child node has ended: a mapping now waits for its next key.
    fn finish_child(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index, .. }) => *index += 1,
            None => {}
        }
    }
}

/// Whether `child` is `parent.key` or `parent[i]` (any key at the top level).
fn is_child(parent: &str, child: &str) -> bool {
    let simple = |rest: &str| !rest.is_empty() && !rest.contains(['.', '[']);
    if parent.is_empty() {
        return simple(child);
    }
    match child.strip_prefix(parent) {
        Some(rest) => match (rest.strip_prefix('.'), rest.strip_prefix('[')) {
            (Some(key), _) => simple(key),
            (_, Some(item)) => simple(item),
            _ => false,
        },
        None => false,
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => match self.child_path(mark) {
                None => {
                    if let Some(Frame::Map { path, key, seen }) = self.stack.last_mut() {
                        let full = join(path, &value);
                        let position = (mark.line(), mark.col() + 1);
                        if !seen.insert(value.clone()) {
                            self.duplicates.push((full.clone(), position));
                        }
                        self.positions.entry(full).or_insert(position);
                        *key = Some(value);
                    }
                }
                Some(_) => self.finish_child(),
            },
            Event::MappingStart(..) => {
                let path = self.child_path(mark).unwrap_or_default();
                self.stack.push(Frame::Map {
                    path,
                    key: None,
                    seen: Default::default(),
                });
            }
            Event::SequenceStart(..) => {
                let path = self.child_path(mark).unwrap_or_default();
                self.stack.push(Frame::Seq { path, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.finish_child();
            }
            Event::Alias(_) if self.child_path(mark).is_some() => self.finish_child(),
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    self.extra_documents.push((mark.line(), mark.col() + 1));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_sequence_items() {
        let text = "schemas:\n  A:\n    kind: enum\n    values:\n      - x\n      - y\n";
        let index = LineIndex::build(text);
        assert_eq!(index.find("schemas.A.kind"), Some((3, 5)));
        assert_eq!(index.find("schemas.A.values[1]"), Some((6, 9)));
        // Unknown leaves fall back to their nearest known ancestor.
        assert_eq!(index.find("schemas.A.values[1].nope"), Some((6, 9)));
        assert!(index.duplicates.is_empty());
    }

    #[test]
    fn finds_duplicate_keys_and_documents() {
        let index = LineIndex::build("a:\n  x: 1\n  x: 2\nb: 1\n---\nc: 1\n");
        assert_eq!(index.duplicates, vec![("a.x".to_owned(), (3, 3))]);
        assert_eq!(index.extra_documents, vec![(5, 1)]);
    }

    #[test]
    fn stops_at_the_depth_limit_without_recursing() {
        // 5,000 nested block sequences overflowed the stack of the recursive loader.
        let index = LineIndex::build(&("- ".repeat(5000) + "x\n"));
        let stop = index.too_deep.expect("too deep");
        assert_eq!(stop.position, (1, 2 * MAX_DEPTH + 1));
        assert!(stop.spec_path.starts_with("[0][0][0]"));
        let index = LineIndex::build(&"[".repeat(400_000));
        assert!(index.too_deep.is_some());
        let index = LineIndex::build(&("- ".repeat(MAX_DEPTH) + "x\n"));
        assert_eq!(index.too_deep, None);
    }

    #[test]
    fn stops_at_the_first_anchor_or_alias() {
        let index = LineIndex::build("a: &big x\nb: *big\n");
        let stop = index.anchor_or_alias.expect("anchor");
        assert_eq!((stop.position.0, stop.spec_path.as_str()), (1, "a"));
        let index = LineIndex::build("a:\n  - &m {x: 1}\n");
        assert!(index.anchor_or_alias.is_some());
        assert_eq!(LineIndex::build("a: b\n").anchor_or_alias, None);
    }
}
