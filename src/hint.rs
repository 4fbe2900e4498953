//! Hints to the processor that change no result: only when memory is read.

/// Ask the processor to start loading the cache line that holds `x`, so that a read of it a
/// little later does not wait for memory. The lookups of a batch (words in the term memo) are
/// prefetched all at once and then done: their cache misses overlap instead of following one
/// another.
#[inline(always)]
pub(crate) fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and writes nothing; `x` is a live reference anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((x as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}
