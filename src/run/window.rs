//! The reorder window between the workers and the writer. Workers check the files of the check
//! list in any order and put each result here under its index; the writer takes them back in
//! index order. A worker waits before checking a file more than `size` places ahead of the
//! writer, so at most a window of rendered results is ever held, whatever the tree's size.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Results by index, handed back in index order.
#[derive(Debug)]
pub struct Window<T> {
    state: Mutex<State<T>>,
    /// Signalled when a result arrives or a worker leaves (the writer waits on it).
    arrived: Condvar,
    /// Signalled when the writer moves on or the run is cancelled (workers wait on it).
    moved: Condvar,
    /// How far ahead of the writer a worker may check.
    size: usize,
}

#[derive(Debug)]
struct State<T> {
    /// Results not taken yet, by index.
    done: BTreeMap<usize, T>,
    /// The index the writer takes next.
    next: usize,
    /// Workers that have not left.
    workers: usize,
    /// Whether the writer stopped (a closed output, an error): workers stop too.
    cancelled: bool,
    /// Workers waiting for room (the writer wakes them only then).
    waiting: usize,
}

impl<T> Window<T> {
    /// A window `size` results wide (at least one) for `workers` workers.
    pub fn new(size: usize, workers: usize) -> Window<T> {
        Window {
            state: Mutex::new(State {
                done: BTreeMap::new(),
                next: 0,
                workers,
                cancelled: false,
                waiting: 0,
            }),
            arrived: Condvar::new(),
            moved: Condvar::new(),
            size: size.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // A panicking worker is re-raised when it is joined; its lock is still usable here.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until `index` is inside the window. False when the run was cancelled.
    pub fn wait_for_room(&self, index: usize) -> bool {
        let mut state = self.lock();
        while !state.cancelled && index >= state.next + self.size {
            state.waiting += 1;
            state = self
                .moved
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.waiting -= 1;
        }
        !state.cancelled
    }

    /// Puts the result of `index`.
    pub fn put(&self, index: usize, result: T) {
        let mut state = self.lock();
        // The writer waits for the next index only: other results need not wake it.
        let awaited = index == state.next;
        state.done.insert(index, result);
        drop(state);
        if awaited {
            self.arrived.notify_one();
        }
    }

    /// The next result in index order, once it is there; `None` when every worker has left
    /// without putting it (the list is done, or the run was cancelled).
    pub fn take(&self) -> Option<T> {
        let mut state = self.lock();
        loop {
            let next = state.next;
            if let Some(result) = state.done.remove(&next) {
                state.next += 1;
                let waiting = state.waiting > 0;
                drop(state);
                if waiting {
                    self.moved.notify_all();
                }
                return Some(result);
            }
            if state.workers == 0 {
                return None;
            }
            state = self
                .arrived
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Stops the run: waiting workers return, and no worker starts another file.
    pub fn cancel(&self) {
        self.lock().cancelled = true;
        self.moved.notify_all();
    }

    /// Counts a worker out when the returned guard drops (also when it panics).
    pub fn worker(&self) -> Leaving<'_, T> {
        Leaving(self)
    }
}

/// A worker's presence: dropping it tells the writer one worker fewer can put results.
#[derive(Debug)]
pub struct Leaving<'a, T>(&'a Window<T>);

impl<T> Drop for Leaving<'_, T> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.workers = state.workers.saturating_sub(1);
        drop(state);
        self.0.arrived.notify_all();
    }
}

/// Cancels the window when dropped, so that no worker waits for a writer that has stopped.
#[derive(Debug)]
pub struct CancelOnDrop<'a, T>(pub &'a Window<T>);

impl<T> Drop for CancelOnDrop<'_, T> {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::thread;
    use std::time::Duration;

    use super::*;

    #[test]
    fn results_put_in_any_order_are_taken_in_index_order() {
        let window = Window::new(8, 1);
        let guard = window.worker();
        for index in [2, 0, 1] {
            window.put(index, index * 10);
        }
        drop(guard);
        let taken: Vec<usize> = std::iter::from_fn(|| window.take()).collect();
        assert_eq!(taken, [0, 10, 20]);
    }

    #[test]
    fn a_worker_waits_until_its_index_is_inside_the_window() {
        let window = Window::new(2, 1);
        let passed = AtomicBool::new(false);
        thread::scope(|scope| {
            scope.spawn(|| {
                let _leaving = window.worker();
                passed.store(window.wait_for_room(2), Ordering::SeqCst);
            });
            window.put(0, 0);
            window.put(1, 1);
            thread::sleep(Duration::from_millis(50));
            // The writer has taken nothing: index 2 is two places ahead of it.
            assert!(!passed.load(Ordering::SeqCst));
            assert_eq!(window.take(), Some(0));
        });
        assert!(passed.load(Ordering::SeqCst));
    }

    #[test]
    fn cancelling_releases_workers_waiting_for_room() {
        let window = Window::<usize>::new(1, 1);
        let started = thread::scope(|scope| {
            let worker = scope.spawn(|| {
                let _leaving = window.worker();
                window.wait_for_room(5)
            });
            window.cancel();
            worker.join().unwrap_or(true)
        });
        assert!(!started);
        assert!(window.take().is_none());
    }
}
