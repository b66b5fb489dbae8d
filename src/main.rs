use std::process::ExitCode;

fn main() -> ExitCode {
    nastavnik::cmd::main()
}
