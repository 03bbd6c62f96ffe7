//! Where each node of a parsed document is written: one index, filled while the text is
//! parsed, so that finding the line and column of any node is a lookup, whatever the size
//! of the document or the number of nodes asked about.

use std::collections::HashMap;

use crate::pointer::Pointer;

/// The line and column (both 1-based, columns in characters) where each node starts. A
/// mapping member is at its key, a sequence item at its first character.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// Per node, by its number: its line and column. Node 0 is the root.
    at: Vec<(u32, u32)>,
    /// The children of each node, by parent and pointer segment.
    children: HashMap<(u32, Segment), u32>,
}

/// How a node is reached from its parent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A mapping member, by key.
    Key(Box<str>),
    /// A sequence item, by index.
    Index(u32),
}

/// A node's number in [`Positions`].
pub type Node = u32;

impl Positions {
    /// Records a node at `line`:`column` under `parent` (none for the root), and returns its
    /// number. A mapping key written twice points at its last value, which is the one kept.
    pub fn add(&mut self, parent: Option<(Node, Segment)>, line: usize, column: usize) -> Node {
        let node = u32::try_from(self.at.len()).unwrap_or(u32::MAX);
        self.at.push((saturate(line), saturate(column)));
        if let Some(key) = parent {
            self.children.insert(key, node);
        }
        node
    }

    /// The line and column of the node at `pointer`, or of its nearest ancestor that was
    /// written (a pointer into a node the normalising steps made).
    pub fn find(&self, pointer: &Pointer) -> Option<(usize, usize)> {
        let mut node: Node = 0;
        if self.at.is_empty() {
            return None;
        }
        for segment in pointer.segments() {
            let key = (node, Segment::Key(segment.as_str().into()));
            let child = self.children.get(&key).or_else(|| {
                let index = segment.parse::<u32>().ok()?;
                self.children.get(&(node, Segment::Index(index)))
            });
            match child {
                Some(child) => node = *child,
                None => break,
            }
        }
        self.at.get(node as usize).map(|&(line, column)| (line as usize, column as usize))
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
