//! SQLite's own memory through mimalloc (issue 27). The process's allocator is
//! mimalloc (`lib.rs`), but SQLite, a C library, calls the C library's `malloc`
//! and `free`: a row's values are allocated on sqlx's connection thread and freed
//! on a tokio worker, and glibc's arenas take a lock for that which the two threads
//! fight over (a task switch when they meet). `SQLITE_CONFIG_MALLOC` gives SQLite
//! mimalloc's functions instead, before it starts.

use std::ffi::{c_int, c_void};

use rusqlite::ffi;

unsafe extern "C" {
    /// In mimalloc's library, linked in by `libmimalloc-sys` (which declares it only
    /// with its `extended` feature).
    fn mi_usable_size(p: *const c_void) -> usize;
}

unsafe extern "C" fn x_malloc(n: c_int) -> *mut c_void {
    // SAFETY: any size is valid for mi_malloc; SQLite never asks for a negative one.
    unsafe { libmimalloc_sys::mi_malloc(usize::try_from(n).unwrap_or(0)) }
}

unsafe extern "C" fn x_free(p: *mut c_void) {
    // SAFETY: SQLite frees only what x_malloc or x_realloc gave it.
    unsafe { libmimalloc_sys::mi_free(p) }
}

unsafe extern "C" fn x_realloc(p: *mut c_void, n: c_int) -> *mut c_void {
    // SAFETY: `p` came from x_malloc or x_realloc.
    unsafe { libmimalloc_sys::mi_realloc(p, usize::try_from(n).unwrap_or(0)) }
}

unsafe extern "C" fn x_size(p: *mut c_void) -> c_int {
    // SAFETY: `p` came from x_malloc or x_realloc (or is null: 0).
    let size = unsafe { mi_usable_size(p) };
    c_int::try_from(size).unwrap_or(c_int::MAX)
}

unsafe extern "C" fn x_roundup(n: c_int) -> c_int {
    // As SQLite's own allocator rounds: to 8 bytes.
    n.saturating_add(7) & !7
}

unsafe extern "C" fn x_init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_shutdown(_: *mut c_void) {}

/// Gives SQLite mimalloc's functions, once, before the process opens its first
/// database. Later (SQLite already started, as when something opened a database
/// first) SQLite refuses and keeps the C library's: slower, nothing else changes.
/// Whether SQLite took them.
pub fn use_mimalloc() -> bool {
    static TAKEN: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TAKEN.get_or_init(|| {
        let methods = ffi::sqlite3_mem_methods {
            xMalloc: Some(x_malloc),
            xFree: Some(x_free),
            xRealloc: Some(x_realloc),
            xSize: Some(x_size),
            xRoundup: Some(x_roundup),
            xInit: Some(x_init),
            xShutdown: Some(x_shutdown),
            pAppData: std::ptr::null_mut(),
        };
        // SAFETY: SQLITE_CONFIG_MALLOC takes a pointer to the methods, which SQLite
        // copies before the call returns; the functions above keep its contract
        // (8-byte aligned blocks, the size of a block, null for no block). Called
        // once; SQLite answers SQLITE_MISUSE when it has already started.
        let rc = unsafe {
            ffi::sqlite3_config(
                ffi::SQLITE_CONFIG_MALLOC,
                &methods as *const ffi::sqlite3_mem_methods,
            )
        };
        rc == ffi::SQLITE_OK
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe extern "C" {
        /// Whether `p` is in memory mimalloc manages (any pointer may be asked).
        fn mi_is_in_heap_region(p: *const c_void) -> bool;
    }

    /// What SQLite allocates comes from mimalloc once the store has started, and a
    /// database works on it. (Every SQLite this process opens goes through the
    /// store or `padron`, which both give SQLite mimalloc first.)
    #[tokio::test]
    async fn sqlite_allocates_with_mimalloc() {
        let store = crate::store::Store::connect("sqlite::memory:", 1)
            .await
            .expect("store");
        assert!(use_mimalloc(), "SQLite took mimalloc's functions");
        // SAFETY: a block SQLite allocates, asked about and given back to it.
        unsafe {
            let p = ffi::sqlite3_malloc(100);
            assert!(!p.is_null());
            assert!(mi_is_in_heap_region(p), "SQLite's block is mimalloc's");
            assert!(x_size(p) >= 100);
            let q = ffi::sqlite3_realloc(p, 5000);
            assert!(mi_is_in_heap_region(q));
            ffi::sqlite3_free(q);
        }
        let n: i64 = sqlx::query_scalar("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT SUM(length(printf('%0500d', i))) FROM n")
            .fetch_one(&store.pool)
            .await
            .expect("query");
        assert_eq!(n, 500_000);
    }
}
