//! Failures of the operating system (a path through a file, a taken port, an address that is
//! not this computer's or not an address at all) reach the editor in Russian, without the
//! system's English text or «(os error N)».

mod common;

use std::net::TcpListener;
use std::time::Duration;

use common::TestSite;

/// The English left in `message` once the names the message quotes are taken out: every run of
/// two or more Latin letters.
fn english_in(message: &str, quoted: &[&str]) -> Vec<String> {
    let mut rest = message.to_string();
    for q in quoted {
        rest = rest.replace(q, " ");
    }
    rest.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .map(str::to_string)
        .collect()
}

/// The standard error of a command that must fail within a minute.
fn failure(mut cmd: assert_cmd::Command) -> String {
    let assert = cmd.timeout(Duration::from_secs(60)).assert().failure();
    String::from_utf8(assert.get_output().stderr.clone()).expect("stderr is UTF-8")
}

#[test]
fn an_output_folder_below_a_file_is_explained_in_russian() {
    let site = TestSite::new();
    let file = site.base().join("file");
    std::fs::write(&file, "x").expect("write");
    let out = file.join("public");
    let mut cmd = site.command("build");
    cmd.arg("--output").arg(&out);
    let stderr = failure(cmd);
    assert!(stderr.contains("часть пути — файл, а не папка"), "{stderr}");
    let out = out.display().to_string();
    let english = english_in(&stderr, &[&out, "[io]"]);
    assert!(english.is_empty(), "{english:?} in {stderr}");
}

#[test]
fn serve_explains_a_taken_port_a_foreign_address_and_a_non_address_in_russian() {
    let site = TestSite::new();
    let taken = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("addr").port().to_string();
    let cases = [
        // The port is taken.
        (vec!["--port", port.as_str()], "занят"),
        // TEST-NET-1 (RFC 5737): never an address of this computer; binding sends nothing.
        (vec!["--bind", "192.0.2.1", "--port", "0"], "не принадлежит"),
        // Not a name at all: refused without asking DNS.
        (
            vec!["--bind", "no such host", "--port", "0"],
            "не удалось найти адрес",
        ),
    ];
    for (args, expected) in cases {
        let mut cmd = site.command("serve");
        cmd.args(&args);
        let stderr = failure(cmd);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        let english = english_in(
            &stderr,
            &["--port", "--bind", "nastavnik serve", "no such host"],
        );
        assert!(english.is_empty(), "{args:?}: {english:?} in {stderr}");
    }
}

/// `init` into a folder below a file, and `import plan` of a file that is not there: the same
/// Russian text as the build gives.
#[test]
fn init_and_import_explain_file_system_failures_in_russian() {
    let site = TestSite::new();
    let file = site.base().join("file");
    std::fs::write(&file, "x").expect("write");
    let target = file.join("new-site");
    let mut cmd = common::nastavnik();
    cmd.arg("init").arg(&target);
    let stderr = failure(cmd);
    let shown = target.display().to_string();
    let english = english_in(&stderr, &[&shown, &file.display().to_string(), "init"]);
    assert!(english.is_empty(), "{english:?} in {stderr}");

    let missing = site.base().join("plan.tsv");
    let mut cmd = site.cmd();
    cmd.arg("import")
        .arg("plan")
        .arg(&missing)
        .arg("--root")
        .arg(site.root());
    let stderr = failure(cmd);
    assert!(stderr.contains("plan.tsv"), "{stderr}");
    let english = english_in(&stderr, &[&missing.display().to_string(), "tsv", "plan"]);
    assert!(english.is_empty(), "{english:?} in {stderr}");
}
