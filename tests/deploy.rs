//! docs/deploy.md's nginx configuration, run by a real nginx: the `server` block is taken from
//! the document as written (only `listen` and `root` are pointed at a local port and a
//! temporary folder), checked with `nginx -t`, and the example site is fetched through it.
//!
//! nginx is Debian's `nginx` package (`.ci/run` installs it). Without it the test skips with
//! one line, except in CI.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::nastavnik;

const BASE: &str = "/metod/nastavnichestvo/";

fn nginx() -> Option<PathBuf> {
    let candidates = [PathBuf::from("nginx"), PathBuf::from("/usr/sbin/nginx")];
    for candidate in candidates {
        if Command::new(&candidate)
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(candidate);
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "nginx is required in CI (apt-get install nginx)"
    );
    eprintln!(
        "SKIPPED: install nginx (apt-get install nginx) to test docs/deploy.md's configuration"
    );
    None
}

/// The `server { … }` block of docs/deploy.md's nginx example.
fn documented_server_block() -> String {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy.md"))
        .expect("docs/deploy.md");
    let start = doc.find("```nginx\n").expect("an nginx block") + "```nginx\n".len();
    let end = start + doc[start..].find("```").expect("its end");
    doc[start..end].to_owned()
}

/// A free local port (released at once; nginx binds it a moment later).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a local port")
        .port()
}

struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Reply {
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn status(&self) -> u16 {
        self.head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }

    /// A header's value (names compared case-insensitively).
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

fn get(port: u16, path: &str, gzip: bool) -> Reply {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect to nginx");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    let encoding = if gzip {
        "Accept-Encoding: gzip\r\n"
    } else {
        ""
    };
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: example.org\r\n{encoding}Connection: close\r\n\r\n"
    )
    .expect("send");
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).expect("read the reply");
    let split = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    Reply {
        head: String::from_utf8_lossy(&reply[..split]).into_owned(),
        body: reply[split + 4..].to_vec(),
    }
}

#[test]
fn the_documented_nginx_configuration_serves_the_site_right() {
    let Some(nginx) = nginx() else {
        return;
    };
    let mime_types = Path::new("/etc/nginx/mime.types");
    assert!(
        mime_types.is_file(),
        "nginx is installed without /etc/nginx/mime.types"
    );
    let tmp = tempfile::tempdir().expect("temporary folder");
    let www = tmp.path().join("www");
    let prefix = tmp.path().join("nginx");
    std::fs::create_dir_all(prefix.join("logs")).expect("nginx's folder");
    nastavnik()
        .arg("build")
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--output")
        .arg(www.join(BASE.trim_matches('/')))
        .assert()
        .success();

    let port = free_port();
    let server = documented_server_block();
    assert!(server.contains("listen 443 ssl;") && server.contains("root /srv/www;"));
    let server = server
        .replace("listen 443 ssl;", &format!("listen 127.0.0.1:{port};"))
        .replace("root /srv/www;", &format!("root {};", www.display()));
    let temp = |name: &str| prefix.join(name).display().to_string();
    // One process, no user switch (the test may run as root on a temporary folder only its
    // user can read), everything under the temporary prefix.
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {pid};\nerror_log {log} warn;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n include {mime};\n default_type application/octet-stream;\n access_log off;\n\
         client_body_temp_path {t}/body;\n proxy_temp_path {t}/proxy;\n fastcgi_temp_path {t}/fastcgi;\n\
         uwsgi_temp_path {t}/uwsgi;\n scgi_temp_path {t}/scgi;\n{server}}}\n",
        pid = temp("nginx.pid"),
        log = temp("logs/error.log"),
        mime = mime_types.display(),
        t = prefix.display(),
    );
    let conf_path = prefix.join("nginx.conf");
    std::fs::write(&conf_path, &conf).expect("write nginx.conf");

    // `nginx -t`: valid, and without a warning (a duplicate MIME type in charset_types was one).
    let test = Command::new(&nginx)
        .arg("-t")
        .arg("-p")
        .arg(&prefix)
        .arg("-c")
        .arg(&conf_path)
        .output()
        .expect("run nginx -t");
    let said = String::from_utf8_lossy(&test.stderr);
    assert!(test.status.success(), "nginx -t failed:\n{said}\n{conf}");
    assert!(!said.contains("[warn]"), "nginx -t warns:\n{said}");

    let _nginx = Nginx(
        Command::new(&nginx)
            .arg("-p")
            .arg(&prefix)
            .arg("-c")
            .arg(&conf_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx"),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nginx did not start");
        std::thread::sleep(Duration::from_millis(20));
    }

    let path = |rel: &str| format!("{BASE}{rel}");
    let typed = |rel: &str, content_type: &str| {
        let reply = get(port, &path(rel), false);
        assert_eq!(reply.status(), 200, "{rel}:\n{}", reply.head);
        assert_eq!(
            reply.header("Content-Type"),
            Some(content_type),
            "{rel}:\n{}",
            reply.head
        );
        reply
    };
    typed("", "text/html; charset=utf-8");
    typed("atom.xml", "text/xml; charset=utf-8");
    typed("sitemap.xml", "text/xml; charset=utf-8");
    typed("robots.txt", "text/plain; charset=utf-8");
    typed("search/meta.json", "application/json; charset=utf-8");
    let ics = typed("calendar.ics", "text/calendar; charset=utf-8");
    assert_eq!(ics.header("Access-Control-Allow-Origin"), Some("*"));
    assert!(String::from_utf8_lossy(&ics.body).starts_with("BEGIN:VCALENDAR"));
    let json = typed("calendar/events.json", "application/json; charset=utf-8");
    assert_eq!(json.header("Access-Control-Allow-Origin"), Some("*"));
    let css = typed("static/css/site.css", "text/css; charset=utf-8");
    assert_eq!(css.header("Cache-Control"), Some("public, max-age=604800"));
    let page = get(port, &path("events/"), false);
    assert_eq!(page.header("Cache-Control"), Some("public, max-age=300"));

    // Compressed for a browser that accepts it: pages, the search scripts, the index.
    for rel in [
        "",
        "static/js/search.js",
        "search/meta.json",
        "calendar.ics",
    ] {
        let reply = get(port, &path(rel), true);
        assert_eq!(
            reply.header("Content-Encoding"),
            Some("gzip"),
            "{rel} is not compressed:\n{}",
            reply.head
        );
    }

    // A missing page gets the site's own 404 page, with the status 404.
    let missing = get(port, &path("net-takoy-stranitsy/"), false);
    assert_eq!(missing.status(), 404, "{}", missing.head);
    assert!(
        String::from_utf8_lossy(&missing.body).contains("lang=\"ru\""),
        "the 404 page is not the site's"
    );
}
