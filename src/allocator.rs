//! The process's memory, as the bot runs and is measured (issue 27). The allocator
//! itself, mimalloc, is set in `lib.rs`; SQLite's is given it in
//! `store::sqlite_memory`.
//!
//! **No transparent huge pages.** mimalloc asks the kernel for huge pages on the
//! memory it reserves (`madvise(MADV_HUGEPAGE)`); the first touch of each 2 MiB then
//! has the kernel clear 2 MiB, and memory mimalloc gives back and takes again is
//! cleared again. A profile of `turns` (1,000 chats) put 9 % of the process's time in
//! the kernel's `clear_page_erms` under huge-page faults; without huge pages the CPU
//! a turn fell from 571–726 µs to 448–491 µs. A bot's heap is small and short-lived:
//! 4 KiB pages serve it. `PR_SET_THP_DISABLE` is what mimalloc itself sets with
//! `MIMALLOC_ALLOW_THP=0`, which it reads only before `main`.

/// Turns transparent huge pages off for this process (Linux; elsewhere nothing),
/// once. Whether they are off.
pub fn no_huge_pages() -> bool {
    static OFF: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *OFF.get_or_init(|| {
        #[cfg(target_os = "linux")]
        {
            // SAFETY: PR_SET_THP_DISABLE takes a flag and three zeros; it changes
            // how the kernel backs this process's future page faults, nothing else.
            let rc = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
            rc == 0
        }
        #[cfg(not(target_os = "linux"))]
        false
    })
}

#[cfg(test)]
mod tests {
    /// The kernel says huge pages are off for the process once asked.
    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_off_for_the_process() {
        assert!(super::no_huge_pages());
        // SAFETY: PR_GET_THP_DISABLE takes four zeros and returns the flag.
        let flag = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(flag, 1);
    }
}
