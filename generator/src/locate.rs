//! Maps spec paths (`schemas.SetupIntent.fields.status`) to source lines.
//!
//! serde_yaml reports positions only for syntax and shape errors; semantic
//! errors found later (an unknown type, a duplicate name) need the line of
//! the offending key, which this index recovers from the YAML event stream.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Line and column (both 1-based) of every mapping key and sequence item.
#[derive(Debug, Default)]
pub struct LineIndex {
    positions: HashMap<String, (usize, usize)>,
    /// Keys that repeat within one mapping: path and position of the repeat.
    /// serde_yaml keeps the last silently, which would drop a definition.
    pub duplicates: Vec<(String, (usize, usize))>,
    /// Position of each `---` that starts a second or later document.
    pub extra_documents: Vec<(usize, usize)>,
}

impl LineIndex {
    /// Indexes `text`; an unparsable document gives an empty index (its
    /// syntax error is reported by the loader, with its own position).
    pub fn build(text: &str) -> LineIndex {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        let _ = parser.load(&mut builder, true);
        LineIndex {
            positions: builder.positions,
            duplicates: builder.duplicates,
            extra_documents: builder.extra_documents,
        }
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
}
