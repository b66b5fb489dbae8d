use std::process::ExitCode;

// Builds allocate many small strings in parallel (titles, cards, template values); mimalloc
// spends less CPU on that than glibc's malloc (about a tenth less user time on a 10,000/5,000
// build) and, committing memory on demand (below), peaks lower.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// By default mimalloc 3 commits arena memory eagerly on Linux, and the kernel then zeroes pages
/// the build never uses: committing on demand took a 10,000/5,000 build's peak from 522 to 455 MB
/// (medians of five; docs/benchmarks.md). mimalloc reads its options from the environment when
/// it initialises itself, in a constructor of priority 101 (`mi_process_attach`), before `main`;
/// this one runs just before it (the standard library's argument capture uses 99). A value the
/// user set wins.
///
/// mimalloc 3 also keeps memory a thread freed for a second (`purge_delay`, 1000 ms; mimalloc 2
/// used 10 ms) before it returns it, so a build, shorter than that, gave back nothing it freed:
/// each stage's garbage (the sources once rendered, the calendar's and the search index's work
/// space) stayed beside the next stage's. With mimalloc 2's 10 ms a 1,000/1,000 build peaks at
/// 80 MB instead of 100, a 10,000/5,000 one at 409 MB instead of 421, in the same time within
/// the noise of interleaved runs (docs/benchmarks.md).
///
/// `serve` has freed memory returned at once (0 ms): a delay counts only while a thread
/// allocates, so the server's threads, idle between edits, held on to what the last rebuild
/// freed (about 100 MB at 10,000/5,000, a seventh of its resident memory), for a few
/// milliseconds per edit (interleaved runs in docs/benchmarks.md). A build pays system time for
/// 0 ms and gains no more than with 10.
/// glibc passes a constructor the program's arguments, as it passes `main` (the standard
/// library reads them so); the command is the first (`nastavnik serve …`), as the command line
/// has no options before it. Other C libraries pass nothing, and get the build's settings.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[used]
#[unsafe(link_section = ".init_array.00100")]
static CONFIGURE_ALLOCATOR: extern "C" fn(
    libc::c_int,
    *const *const libc::c_char,
    *const *const libc::c_char,
) = {
    extern "C" fn configure_allocator(
        argc: libc::c_int,
        argv: *const *const libc::c_char,
        _envp: *const *const libc::c_char,
    ) {
        // SAFETY: glibc passes `argc` and `argv` as it passes them to `main`: `argv` holds
        // `argc` valid C strings.
        let serve = argc >= 2
            && !argv.is_null()
            && unsafe {
                let first = *argv.add(1);
                !first.is_null() && std::ffi::CStr::from_ptr(first) == c"serve"
            };
        if serve {
            // SAFETY: runs before main and before any thread exists; both are C strings.
            unsafe { libc::setenv(c"MIMALLOC_PURGE_DELAY".as_ptr(), c"0".as_ptr(), 0) };
        }
        build_defaults();
    }
    configure_allocator
};

#[cfg(all(target_os = "linux", not(target_env = "gnu")))]
#[used]
#[unsafe(link_section = ".init_array.00100")]
static CONFIGURE_ALLOCATOR: extern "C" fn() = {
    extern "C" fn configure_allocator() {
        build_defaults();
    }
    configure_allocator
};

/// Commit on demand, and mimalloc 2's purge delay; neither replaces a value already set (by
/// the user, or for `serve` above).
#[cfg(target_os = "linux")]
fn build_defaults() {
    // SAFETY: runs before main and before any thread exists; all strings are C strings.
    unsafe {
        libc::setenv(c"MIMALLOC_ARENA_EAGER_COMMIT".as_ptr(), c"0".as_ptr(), 0);
        libc::setenv(c"MIMALLOC_PURGE_DELAY".as_ptr(), c"10".as_ptr(), 0);
    }
}

fn main() -> ExitCode {
    nastavnik::cmd::main()
}
