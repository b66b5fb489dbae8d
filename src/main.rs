use std::process::ExitCode;

// Builds allocate many small strings in parallel (titles, cards, template values); mimalloc
// is markedly faster than glibc's malloc for that pattern and keeps peak memory lower.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    nastavnik::cmd::main()
}
