//! Where each node of a parsed document is written: recorded while the text is parsed, and
//! indexed by parent and key the first time a node is looked up, so that finding the line and
//! column of any node is a lookup, whatever the size of the document or the number of nodes
//! asked about. Most runs ask about none (a document without notes), and then pay only for
//! the recording: hashing every key of a large document as it is read was a sixth of the parse.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::pointer::Pointer;

/// The line and column (both 1-based, columns in characters) where each node starts. A
/// mapping member is at its key, a sequence item at its first character.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// Per node, by its number: its line and column. Node 0 is the root.
    at: Vec<(u32, u32)>,
    /// Per node, by its number: how it is reached from its parent (none for the root).
    links: Vec<Option<(Node, Link)>>,
    /// The mapping keys of `links`, one after the other.
    keys: String,
    /// The children of each node, by parent and pointer segment: built on the first lookup.
    children: OnceLock<HashMap<(Node, Segment), Node>>,
}

/// How a node is reached from its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// A mapping member, by key.
    Key(&'a str),
    /// A sequence item, by index.
    Index(u32),
}

/// A [`Step`] as recorded: a key as its range in [`Positions::keys`].
#[derive(Debug, Clone, Copy)]
enum Link {
    Key(u32, u32),
    Index(u32),
}

/// A [`Step`] in the index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Key(Box<str>),
    Index(u32),
}

/// A node's number in [`Positions`].
pub type Node = u32;

impl Positions {
    /// Records a node at `line`:`column` under `parent` (none for the root), and returns its
    /// number. A mapping key written twice points at its last value, which is the one kept.
    pub fn add(&mut self, parent: Option<(Node, Step<'_>)>, line: usize, column: usize) -> Node {
        let node = saturate(self.at.len());
        self.at.push((saturate(line), saturate(column)));
        let link = parent.map(|(parent, step)| match step {
            Step::Key(key) => {
                let start = saturate(self.keys.len());
                self.keys.push_str(key);
                (parent, Link::Key(start, saturate(self.keys.len())))
            }
            Step::Index(index) => (parent, Link::Index(index)),
        });
        self.links.push(link);
        node
    }

    /// The line and column of the node at `pointer`, or of its nearest ancestor that was
    /// written (a pointer into a node the normalising steps made).
    pub fn find(&self, pointer: &Pointer) -> Option<(usize, usize)> {
        if self.at.is_empty() {
            return None;
        }
        let children = self.children.get_or_init(|| self.index());
        let mut node: Node = 0;
        for segment in pointer.segments() {
            let key = (node, Segment::Key(segment.as_str().into()));
            let child = children.get(&key).or_else(|| {
                let index = segment.parse::<u32>().ok()?;
                children.get(&(node, Segment::Index(index)))
            });
            match child {
                Some(child) => node = *child,
                None => break,
            }
        }
        self.at.get(node as usize).map(|&(line, column)| (line as usize, column as usize))
    }

    /// Each node's number by its parent and segment; a later node with the same parent and
    /// key replaces an earlier one, as the later value is the one kept.
    fn index(&self) -> HashMap<(Node, Segment), Node> {
        let mut children = HashMap::with_capacity(self.links.len());
        for (node, link) in self.links.iter().enumerate() {
            let Some((parent, link)) = *link else { continue };
            let segment = match link {
                Link::Key(start, end) => Segment::Key(self.keys.get(start as usize..end as usize).unwrap_or("").into()),
                Link::Index(index) => Segment::Index(index),
            };
            children.insert((parent, segment), saturate(node));
        }
        children
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
