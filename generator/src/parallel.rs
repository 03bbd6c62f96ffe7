//! Independent pieces of work spread over the machine's cores, with the results in the order
//! of the input: which thread ran what never shows in the output.

use std::panic::resume_unwind;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// `f` of each item, computed on up to as many threads as the process may use, in the
/// items' order. Workers take the next item when they finish one, so items listed largest
/// first balance best. A panic in `f` is a bug and is passed on to the caller.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = cores().min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                // As much stack as the main thread has: emitting follows nested schemas down.
                let worker = thread::Builder::new().stack_size(STACK);
                worker.spawn_scoped(scope, || {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        done.push((index, f(item)));
                    }
                    done
                })
            })
            // A worker that cannot start leaves its share to the others, or to this thread.
            .filter_map(Result::ok)
            .collect();
        workers.into_iter().flat_map(|worker| worker.join().unwrap_or_else(|panic| resume_unwind(panic))).collect()
    });
    let started = next.load(Ordering::Relaxed).min(items.len());
    done.extend(items[started..].iter().enumerate().map(|(i, item)| (started + i, f(item))));
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// The stack of a worker thread: the main thread's on Linux.
const STACK: usize = 8 * 1024 * 1024;

/// How many threads the process may run at once.
fn cores() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_order_of_the_items() {
        let items: Vec<u64> = (0..100).collect();
        // Uneven work, so that workers finish out of order.
        let squares = map(&items, |&n| {
            let spin: u64 = (0..(100 - n) * 1000).fold(0, |a, b| a ^ b);
            (n * n, spin)
        });
        assert_eq!(
            squares.iter().map(|(square, _)| *square).collect::<Vec<_>>(),
            items.iter().map(|n| n * n).collect::<Vec<_>>()
        );
    }
}
