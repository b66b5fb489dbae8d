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
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array.00100")]
static COMMIT_ON_DEMAND: extern "C" fn() = {
    extern "C" fn commit_on_demand() {
        // SAFETY: runs before main and before any thread exists; both strings are C strings.
        unsafe { libc::setenv(c"MIMALLOC_ARENA_EAGER_COMMIT".as_ptr(), c"0".as_ptr(), 0) };
    }
    commit_on_demand
};

fn main() -> ExitCode {
    nastavnik::cmd::main()
}
