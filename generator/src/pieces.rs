//! The one place that cuts files into pieces for the workers. An emitter says what a file is
//! made of ([`Module`]: its head items, one unit per type or operation, its tail items); here
//! consecutive units are grouped into pieces of about equal work, and each piece is emitted
//! and formatted on whichever thread takes it. Pieces are a function of the counts alone, so
//! the joined text never depends on the threads.

use std::ops::Range;

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};

use crate::emit::Module;
use crate::files::FileKind;

/// Part of a file: its head in the first, its tail in the last, and a run of its units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The file.
    pub file: FileKind,
    /// Whether the piece starts the file (and holds its head).
    pub first: bool,
    /// Whether the piece ends it (and holds its tail).
    pub last: bool,
    /// The units it holds.
    pub units: Range<usize>,
}

/// The order workers take files in: the ones that are not cut first, then the ones cut into
/// many small pieces, which even out the workers' ends.
pub const WORK_ORDER: [FileKind; 6] =
    [FileKind::Cli, FileKind::Mock, FileKind::Client, FileKind::Contract, FileKind::Tests, FileKind::Types];

/// A file is cut into at most this many pieces.
const MAX_PIECES: usize = 64;

/// About how many units a piece holds: a few milliseconds of work, small enough to balance
/// the workers, large enough that a piece's fixed costs do not show.
fn units_per_piece(file: FileKind) -> usize {
    match file {
        FileKind::Types => 4,
        FileKind::Client | FileKind::Tests | FileKind::Contract | FileKind::Mock | FileKind::Cli => 12,
    }
}

/// The pieces of a file of `units` units: consecutive runs that together hold all of them,
/// at least one piece.
pub fn cut(file: FileKind, units: usize) -> Vec<Piece> {
    let pieces = units.div_ceil(units_per_piece(file)).clamp(1, MAX_PIECES);
    (0..pieces)
        .map(|k| Piece {
            file,
            first: k == 0,
            last: k + 1 == pieces,
            units: units * k / pieces..units * (k + 1) / pieces,
        })
        .collect()
}

/// The whole file as one piece: what the pieces of [`cut`], formatted and joined, read as
/// apart from the impl blocks each opens.
pub fn whole(file: FileKind, units: usize) -> Piece {
    Piece { file, first: true, last: true, units: 0..units }
}

/// The tokens of a piece: the head, the units (in a block of their own when they are the
/// members of one: each piece's `impl Client`, which rustdoc merges), the tail.
pub fn tokens(module: &Module<'_>, piece: &Piece) -> TokenStream {
    let file = piece.file;
    let mut out = if piece.first { module.head(file) } else { TokenStream::new() };
    let units: TokenStream = piece.units.clone().map(|i| module.unit(file, i)).collect();
    match module.unit_block(file) {
        Some(block) if !units.is_empty() => {
            out.extend(block);
            out.extend([TokenTree::Group(Group::new(Delimiter::Brace, units))]);
        }
        Some(_) => {}
        None => out.extend(units),
    }
    if piece.last {
        out.extend(module.tail(file));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_hold_every_unit_once_in_order() {
        for units in [0, 1, 4, 5, 12, 13, 100, 1_000, 10_000] {
            for file in WORK_ORDER {
                let pieces = cut(file, units);
                assert!(pieces.first().is_some_and(|p| p.first) && pieces.last().is_some_and(|p| p.last));
                assert_eq!(pieces.iter().filter(|p| p.first).count(), 1);
                assert_eq!(pieces.iter().filter(|p| p.last).count(), 1);
                let held: Vec<usize> = pieces.iter().flat_map(|p| p.units.clone()).collect();
                assert_eq!(held, (0..units).collect::<Vec<_>>(), "{file:?}, {units} units");
                assert!(pieces.len() <= MAX_PIECES);
            }
        }
    }
}
