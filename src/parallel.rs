//! Work shared out among threads, with the results kept in input order.

/// Threads to use for work on all cores: the cores this process may run on, at most 8.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// `f` of every item, computed on up to `threads` scoped threads (each takes one run of
/// items), in input order. A panic in a thread goes on in the caller. A thread the system
/// will not start leaves its run to the calling thread.
pub fn map<T, R, F>(items: &[T], threads: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let work = move || part.iter().map(f).collect::<Vec<R>>();
                std::thread::Builder::new()
                    .spawn_scoped(s, work)
                    .map_err(|_| part)
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h {
                Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                Err(part) => part.iter().map(f).collect(),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        let one = super::map(&items, 1, |i| i * 3);
        for threads in [2, 3, 7, 2000] {
            assert_eq!(super::map(&items, threads, |i| i * 3), one, "{threads}");
        }
        assert!(super::map(&[] as &[u32], 4, |i| *i).is_empty());
    }
}
