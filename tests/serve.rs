//! The preview server on loopback: what it serves, what it refuses, live reload and the error
//! overlay, and staying up under many and broken clients. Every wait is bounded.

mod common;
#[path = "common/http.rs"]
mod http;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use common::{EVENT, TestSite};
use http::{Reply, exchange as raw};
use nastavnik::serve::{Config, Handle, start};

fn config(site: &TestSite, watch: bool) -> Config {
    Config {
        watch,
        ..common::serve_config(site.root())
    }
}

fn serve(site: &TestSite, watch: bool) -> Handle {
    common::start_serve(&config(site, watch))
}

fn get(addr: SocketAddr, target: &str) -> Reply {
    raw(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

#[test]
fn serves_the_site_with_the_reload_script_and_right_types() {
    let site = TestSite::new();
    let server = serve(&site, false);
    let addr = server.addr();
    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.clone().contains("Наставничество"));
    assert!(
        home.body
            .clone()
            .contains("<script src=\"/__nastavnik/reload.js\""),
        "{}",
        home.body.clone()
    );
    // Links point at the preview server, not the production address.
    assert!(
        !home.body.clone().contains("https://example.org/metod"),
        "{}",
        home.body.clone()
    );
    let event = get(addr, "/events/2022-10-10-sobranie/");
    assert_eq!(event.status, 200, "{}", event.body.clone());
    let folder = get(addr, "/events/2022-10-10-sobranie");
    assert_eq!(folder.status, 301);
    assert_eq!(
        folder.header("Location").as_deref(),
        Some("/events/2022-10-10-sobranie/")
    );
    let feed = get(addr, "/atom.xml");
    assert_eq!(feed.status, 200);
    assert!(
        feed.header("Content-Type")
            .unwrap_or_default()
            .contains("xml")
    );
    assert!(
        !feed.body.clone().contains("__nastavnik"),
        "only HTML gets the script"
    );
    let js = get(addr, "/__nastavnik/reload.js");
    assert_eq!(js.status, 200);
    assert!(js.body.clone().contains("/__nastavnik/poll"));
    let head = raw(
        addr,
        b"HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 200);
    assert!(head.bytes.is_empty());
    let post = raw(
        addr,
        b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(post.status, 405);
}

#[test]
fn misses_get_the_sites_404_page() {
    let site = TestSite::new();
    let server = serve(&site, false);
    let miss = get(server.addr(), "/events/net-takogo/");
    assert_eq!(miss.status, 404);
    let (output, _) = site.build_lib();
    let page = output
        .expect("built")
        .bytes(std::path::Path::new("404.html"))
        .expect("a 404 page")
        .expect("readable");
    let page = String::from_utf8(page).expect("utf-8");
    let title = page
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .expect("a title");
    assert!(miss.body.clone().contains(title), "{}", miss.body.clone());
}

#[test]
fn traversal_is_refused_in_every_spelling() {
    let site = TestSite::new();
    // A file beside the site folder that traversal would reach.
    std::fs::write(site.base().join("secret.txt"), "секрет").expect("write");
    let server = serve(&site, false);
    for target in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/events/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/events\\..\\..\\secret.txt",
        "//etc/passwd",
        "/%2f%2fetc/passwd",
        "/C:/Windows/win.ini",
        "/index.html%00.txt",
        "/%zz",
        "http://example.org/../secret.txt",
        "/static/../../secret.txt",
    ] {
        let reply = get(server.addr(), target);
        assert!(
            reply.status == 400 || reply.status == 404,
            "{target}: {}",
            reply.status
        );
        assert!(!reply.body.clone().contains("секрет"), "{target}");
        assert!(!reply.body.clone().contains("root:"), "{target}");
    }
}

#[test]
fn a_taken_port_is_explained() {
    let site = TestSite::new();
    let taken = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("addr").port();
    let mut cfg = config(&site, false);
    cfg.port = port;
    let err = start(&cfg).err().expect("the port is taken");
    assert!(err.contains("занят"), "{err}");
    assert!(err.contains("--port"), "{err}");
}

fn poll(addr: SocketAddr, version: Option<u64>) -> serde_json::Value {
    let target = match version {
        Some(v) => format!("/__nastavnik/poll?v={v}"),
        None => "/__nastavnik/poll".to_string(),
    };
    let reply = get(addr, &target);
    assert_eq!(reply.status, 200);
    serde_json::from_slice(&reply.bytes).expect("JSON")
}

/// Polls until the version moves past `from` (the watcher's rebuild), at most 15 s.
fn wait_for_rebuild(addr: SocketAddr, from: u64) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let state = poll(addr, Some(from));
        if state["version"].as_u64() != Some(from) {
            return state;
        }
        assert!(Instant::now() < deadline, "no rebuild after a change");
    }
}

#[test]
fn an_edit_rebuilds_a_broken_edit_shows_errors_and_keeps_the_last_good_site() {
    let site = TestSite::new();
    let server = serve(&site, true);
    let addr = server.addr();
    let first = poll(addr, None);
    assert_eq!(first["error"], serde_json::Value::Null);
    let v1 = first["version"].as_u64().expect("a version");

    // A good edit: the page changes.
    let edited = common::EVENT_TEXT.replace("Организационное собрание", "Установочное собрание");
    site.write(EVENT, &edited);
    let state = wait_for_rebuild(addr, v1);
    assert_eq!(state["error"], serde_json::Value::Null, "{state}");
    let v2 = state["version"].as_u64().expect("a version");
    let page = get(addr, "/events/2022-10-10-sobranie/");
    assert!(page.body.clone().contains("Установочное собрание"));
    // The calendar feed is remade after the pages; a request for it waits until it is current.
    let feed = get(addr, "/calendar.ics");
    assert_eq!(feed.status, 200);
    assert!(
        feed.body.clone().contains("Установочное собрание"),
        "the feed must never be served stale after the page changed"
    );

    // A broken edit: errors with file and line, the last good page still served.
    let broken = edited.replace("start: 2022-10-10 15:00", "startt: 2022-10-10 15:00");
    site.write(EVENT, &broken);
    let state = wait_for_rebuild(addr, v2);
    let error = state["error"].as_str().expect("errors").to_string();
    assert!(
        error.contains("content/events/2022-10-10-sobranie.md:"),
        "{error}"
    );
    assert!(error.contains("startt"), "{error}");
    let v3 = state["version"].as_u64().expect("a version");
    let page = get(addr, "/events/2022-10-10-sobranie/");
    assert_eq!(page.status, 200);
    assert!(page.body.clone().contains("Установочное собрание"));

    // Fixed: the errors are gone.
    site.write(EVENT, &edited);
    let state = wait_for_rebuild(addr, v3);
    assert_eq!(state["error"], serde_json::Value::Null, "{state}");
}

#[test]
fn a_site_that_never_built_shows_its_errors_and_recovers() {
    let site = TestSite::new();
    site.write(EVENT, "---\ntitle: Собрание\n---\n");
    let (server, report) = start(&config(&site, false)).expect("starts despite errors");
    assert!(!report.ok);
    let page = get(server.addr(), "/");
    assert_eq!(page.status, 503);
    assert!(page.body.clone().contains("Сайт не собран"));
    assert!(page.body.clone().contains("2022-10-10-sobranie.md"));
    assert!(page.body.clone().contains("__nastavnik/reload.js"));
    site.write(EVENT, common::EVENT_TEXT);
    assert!(server.rebuild().ok);
    assert_eq!(get(server.addr(), "/").status, 200);
}

#[test]
fn stays_up_under_many_and_broken_clients() {
    let site = TestSite::new();
    let server = serve(&site, false);
    let addr = server.addr();
    let started = Instant::now();
    let mut threads = Vec::new();
    for i in 0..24 {
        threads.push(std::thread::spawn(move || {
            for j in 0..10 {
                match (i + j) % 5 {
                    // Connect and leave.
                    0 => drop(TcpStream::connect(addr)),
                    // Half a request, then gone.
                    1 => {
                        if let Ok(mut s) = TcpStream::connect(addr) {
                            let _ = s.write_all(b"GET /events/ HT");
                        }
                    }
                    // Garbage.
                    2 => {
                        if let Ok(mut s) = TcpStream::connect(addr) {
                            let _ = s.write_all(b"\x00\xff\r\n\r\nnot http at all\r\n\r\n");
                            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                            let _ = s.read(&mut [0u8; 64]);
                        }
                    }
                    // A poll that is abandoned at once.
                    3 => {
                        if let Ok(mut s) = TcpStream::connect(addr) {
                            let _ = s.write_all(
                                b"GET /__nastavnik/poll?v=1 HTTP/1.1\r\nHost: localhost\r\n\r\n",
                            );
                        }
                    }
                    _ => assert_eq!(get(addr, "/").status, 200),
                }
            }
        }));
    }
    for t in threads {
        t.join().expect("a client thread");
    }
    // Still answering, promptly.
    for _ in 0..20 {
        assert_eq!(get(addr, "/events/").status, 200);
    }
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn the_build_output_never_contains_the_reload_script() {
    let site = TestSite::new();
    let (output, _) = site.build_lib();
    let output = output.expect("built");
    for (path, _) in output.iter() {
        if let Some(Ok(bytes)) = output.bytes(path) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__nastavnik"),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn waiting_polls_are_capped_and_released_by_a_rebuild() {
    let site = TestSite::new();
    let server = serve(&site, false);
    let addr = server.addr();
    let v = poll(addr, None)["version"].as_u64().expect("a version");
    let waiting: Vec<_> = (0..8)
        .map(|_| std::thread::spawn(move || poll(addr, Some(v))))
        .collect();
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.waiting_polls() < 8 {
        assert!(Instant::now() < deadline, "the polls never started waiting");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Every waiting slot is taken: one more poll is answered at once, unchanged.
    let started = Instant::now();
    let extra = poll(addr, Some(v));
    assert_eq!(extra["version"].as_u64(), Some(v));
    assert!(started.elapsed() < Duration::from_secs(5));
    // Pages are still served meanwhile.
    assert_eq!(get(addr, "/").status, 200);
    // A rebuild answers every waiting poll with the new version.
    assert!(server.rebuild().ok);
    for t in waiting {
        let state = t.join().expect("a poll");
        assert_eq!(state["version"].as_u64(), Some(v + 1));
    }
}

#[test]
fn clients_that_stop_reading_a_big_file_do_not_stall_the_server() {
    let site = TestSite::new();
    site.write(
        "content/practices/big/index.md",
        "---\ntitle: Большая практика\nsummary: С большим вложением.\nattachments: [big.pdf]\n---\nТекст.\n",
    );
    site.write_bytes("content/practices/big/big.pdf", &vec![b'%'; 4 << 20]);
    let (output, diagnostics) = site.build_lib();
    let output = output.unwrap_or_else(|| panic!("{diagnostics:#?}"));
    let pdf = output
        .paths()
        .find(|p| p.ends_with("big.pdf"))
        .expect("the attachment is in the output")
        .to_string_lossy()
        .replace('\\', "/");
    let server = serve(&site, false);
    let addr = server.addr();
    let full = get(addr, &format!("/{pdf}"));
    assert_eq!(full.status, 200);
    assert_eq!(
        full.header("Content-Type").as_deref(),
        Some("application/pdf")
    );
    assert_eq!(full.bytes.len(), 4 << 20);
    // More stuck downloads than there are workers; none of them reads a byte.
    let stuck: Vec<TcpStream> = (0..24)
        .map(|_| {
            let mut s = TcpStream::connect(addr).expect("connect");
            s.write_all(format!("GET /{pdf} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
                .expect("send");
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    for _ in 0..10 {
        assert_eq!(get(addr, "/").status, 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "pages waited for the stuck downloads"
    );
    drop(stuck);
}

#[test]
fn site_yaml_replaced_by_rename_is_seen_every_time() {
    let site = TestSite::new();
    let server = serve(&site, true);
    let addr = server.addr();
    let mut v = poll(addr, None)["version"].as_u64().expect("a version");
    for title in ["Наставничество 2", "Наставничество 3"] {
        // What editors do on save: write a new file, rename it over the old one.
        let tmp = site.root().join("site.yaml.new");
        std::fs::write(
            &tmp,
            common::SITE_YAML_TEXT.replace("title: Наставничество", &format!("title: {title}")),
        )
        .expect("write");
        std::fs::rename(&tmp, site.root().join("site.yaml")).expect("rename");
        let state = wait_for_rebuild(addr, v);
        v = state["version"].as_u64().expect("a version");
        assert!(get(addr, "/").body.clone().contains(title), "{title}");
    }
    // A build into the output folder beside the sources is not a change of the site.
    let before = server.version();
    std::fs::create_dir_all(site.root().join("public")).expect("mkdir");
    std::fs::write(site.root().join("public/index.html"), "x").expect("write");
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(server.version(), before);
}

#[cfg(unix)]
#[test]
fn symlinks_leading_out_of_the_site_are_not_followed() {
    let site = TestSite::new();
    std::fs::write(site.base().join("secret.txt"), "секрет").expect("write");
    site.write(
        "content/practices/pack/index.md",
        "---\ntitle: Практика\nsummary: С вложением.\nattachments: [plan.txt]\n---\nТекст.\n",
    );
    site.write("content/practices/pack/plan.txt", "план");
    // A symlink in the site's static folder pointing outside it.
    std::fs::create_dir_all(site.root().join("static")).expect("mkdir");
    std::os::unix::fs::symlink(
        site.base().join("secret.txt"),
        site.root().join("static/leak.txt"),
    )
    .expect("symlink");
    let (handle, _) = start(&config(&site, false)).unwrap_or_else(|e| panic!("{e}"));
    let addr = handle.addr();
    let (output, _) = site.build_lib();
    let plan = output
        .as_ref()
        .and_then(|o| o.paths().find(|p| p.ends_with("plan.txt")))
        .expect("the attachment is in the output")
        .to_string_lossy()
        .replace('\\', "/");
    assert_eq!(get(addr, &format!("/{plan}")).body.clone(), "план");
    let leak = get(addr, "/static/leak.txt");
    assert!(!leak.body.clone().contains("секрет"), "{}", leak.status);
    // The attachment is swapped for a symlink out of the site after the build.
    let attachment = site.root().join("content/practices/pack/plan.txt");
    std::fs::remove_file(&attachment).expect("remove");
    std::os::unix::fs::symlink(site.base().join("secret.txt"), &attachment).expect("symlink");
    let reply = get(addr, &format!("/{plan}"));
    assert_eq!(reply.status, 404);
    assert!(!reply.body.clone().contains("секрет"));
}
