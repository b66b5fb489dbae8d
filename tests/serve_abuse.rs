//! The preview server under the load a browser puts on it and under hostile requests: many
//! keep-alive connections opened at once, many answers on one reused connection, oversized
//! request heads, and requests naming another host (DNS rebinding). Traffic goes only to the
//! server on loopback; every loop is bounded in count and every wait in time.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::TestSite;
use nastavnik::serve::{Config, Handle};

fn config(site: &TestSite) -> Config {
    common::serve_config(site.root())
}

fn serve(site: &TestSite) -> Handle {
    serve_with(config(site))
}

fn serve_with(config: Config) -> Handle {
    common::start_serve(&config)
}

/// One answer read off a connection that stays open.
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A keep-alive client connection: requests are sent one at a time, each answer is read by its
/// Content-Length, and the connection is kept for the next one.
struct Client {
    reader: BufReader<TcpStream>,
}

impl Client {
    fn connect(addr: SocketAddr, patience: Duration) -> Client {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
        stream.set_read_timeout(Some(patience)).expect("timeout");
        stream.set_nodelay(true).expect("nodelay");
        Client {
            reader: BufReader::new(stream),
        }
    }

    fn wait_at_most(&mut self, patience: Duration) {
        self.reader
            .get_ref()
            .set_read_timeout(Some(patience))
            .expect("timeout");
    }

    fn send(&mut self, request: &str) {
        self.reader
            .get_mut()
            .write_all(request.as_bytes())
            .expect("send");
    }

    fn get(&mut self, target: &str, host: &str) {
        self.send(&format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n"));
    }

    /// The next answer; an error when none comes within the read timeout.
    fn reply(&mut self) -> std::io::Result<Reply> {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status");
        let mut reply = Reply {
            status,
            head,
            body: Vec::new(),
        };
        let length: usize = reply
            .header("Content-Length")
            .and_then(|v| v.parse().ok())
            .expect("every answer has a Content-Length");
        reply.body = vec![0; length];
        self.reader.read_exact(&mut reply.body)?;
        Ok(reply)
    }
}

/// Opens `n` connections at once to a server that has just started, sends a request on each,
/// and reads every answer while all of them stay open: each must come within the deadline.
fn all_answered_at_once(n: usize) {
    let site = TestSite::new();
    let server = serve(&site);
    let addr = server.addr();
    let patience = Duration::from_secs(10);
    let mut clients: Vec<Client> = (0..n).map(|_| Client::connect(addr, patience)).collect();
    for client in &mut clients {
        client.get("/", "localhost");
    }
    // One deadline for all the answers, not one per connection.
    let started = Instant::now();
    let deadline = started + patience;
    let answered = clients
        .iter_mut()
        .map(|c| {
            let left = deadline.saturating_duration_since(Instant::now());
            c.wait_at_most(left.max(Duration::from_millis(1)));
            c.reply().is_ok_and(|r| r.status == 200)
        })
        .filter(|ok| *ok)
        .count();
    assert_eq!(
        answered,
        n,
        "{answered} of {n} keep-alive connections answered in {:?}",
        started.elapsed()
    );
    // The connections are still usable: a second request on each is answered too.
    for client in &mut clients {
        client.wait_at_most(patience);
        client.get("/events/", "localhost");
    }
    for client in &mut clients {
        assert_eq!(client.reply().expect("a second answer").status, 200);
    }
}

#[test]
fn twelve_keep_alive_connections_opened_at_once_are_all_answered() {
    // Fresh servers: the starvation showed on some starts and not others.
    for _ in 0..3 {
        all_answered_at_once(12);
    }
}

#[test]
fn fifty_keep_alive_connections_opened_at_once_are_all_answered() {
    for _ in 0..2 {
        all_answered_at_once(50);
    }
}

/// Sends 20 requests one after another on one connection; the time of each.
fn sequential_latencies(addr: SocketAddr, target: &str) -> Vec<Duration> {
    let mut client = Client::connect(addr, Duration::from_secs(10));
    // A first request warms the connection up.
    client.get(target, "localhost");
    assert_eq!(client.reply().expect("an answer").status, 200);
    (0..20)
        .map(|_| {
            let started = Instant::now();
            client.get(target, "localhost");
            let reply = client.reply().expect("an answer");
            assert_eq!(reply.status, 200, "{target}");
            started.elapsed()
        })
        .collect()
}

#[test]
fn answers_on_a_reused_connection_are_not_delayed() {
    let site = TestSite::new();
    let server = serve(&site);
    for target in ["/", "/calendar.ics"] {
        let mut times = sequential_latencies(server.addr(), target);
        let total: Duration = times.iter().sum();
        times.sort();
        let median = times[times.len() / 2];
        // A response held back until the client's delayed acknowledgement (the Nagle
        // interaction) costs about 40 ms each: the median would be above 40 ms and the total
        // above 800 ms. Serving a page from memory takes a few milliseconds.
        assert!(
            median < Duration::from_millis(25),
            "{target}: median {median:?}, total {total:?}"
        );
        assert!(
            total < Duration::from_secs(2),
            "{target}: median {median:?}, total {total:?}"
        );
    }
}

#[test]
fn an_oversized_request_head_is_refused_without_reading_it_all() {
    let site = TestSite::new();
    let server = serve(&site);
    let addr = server.addr();
    let stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    stream
        .set_write_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    // The answer is read while the headers are being sent.
    let mut reading = stream.try_clone().expect("clone");
    let reader = std::thread::spawn(move || {
        let mut answer = Vec::new();
        let _ = reading.read_to_end(&mut answer);
        answer
    });
    // Up to 64 MB of headers, in 64 KB pieces; the server must stop reading long before.
    let mut writer = stream;
    writer
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .expect("send");
    let piece = format!("X-Filler: {}\r\n", "a".repeat(64 * 1024 - 12));
    let mut sent = 0usize;
    let limit = 64 << 20;
    while sent < limit {
        if writer.write_all(piece.as_bytes()).is_err() {
            break;
        }
        sent += piece.len();
    }
    assert!(
        sent < limit,
        "the server read {} MB of headers without refusing them",
        sent >> 20
    );
    let _ = writer.shutdown(std::net::Shutdown::Write);
    let answer = reader.join().expect("the reader");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");
    // The server is fine afterwards.
    let mut client = Client::connect(addr, Duration::from_secs(10));
    client.get("/", "localhost");
    assert_eq!(client.reply().expect("an answer").status, 200);
}

#[test]
fn a_head_just_under_the_limit_is_served() {
    let site = TestSite::new();
    let server = serve(&site);
    let mut client = Client::connect(server.addr(), Duration::from_secs(10));
    let filler = format!("X-Filler: {}\r\n", "a".repeat(60 * 1024));
    client.send(&format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\n{filler}\r\n"
    ));
    assert_eq!(client.reply().expect("an answer").status, 200);
}

#[test]
fn a_request_for_another_host_is_refused_in_russian() {
    let site = TestSite::new();
    let server = serve(&site);
    let addr = server.addr();
    let port = addr.port();
    let mut client = Client::connect(addr, Duration::from_secs(10));
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        "localhost.evil.example".to_string(),
        "127.0.0.1.evil.example".to_string(),
        format!("10.0.0.1:{port}"),
    ] {
        client.get("/", &host);
        let reply = client.reply().expect("an answer");
        assert_eq!(reply.status, 403, "{host}");
        assert!(reply.text().contains("адрес"), "{host}: {}", reply.text());
        assert!(
            !reply.text().contains("Наставничество"),
            "{host}: the site must not be shown"
        );
        // Polls and the reload script are refused too.
        client.get("/__nastavnik/poll", &host);
        assert_eq!(client.reply().expect("an answer").status, 403, "{host}");
    }
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        "LocalHost".to_string(),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        format!("127.1.2.3:{port}"),
        "[::1]".to_string(),
        format!("[::1]:{port}"),
    ] {
        client.get("/", &host);
        assert_eq!(client.reply().expect("an answer").status, 200, "{host}");
    }
}

#[test]
fn a_name_allowed_by_the_editor_is_served() {
    let site = TestSite::new();
    let mut config = config(&site);
    config.allow_hosts = vec!["Metod-PC.local".to_string()];
    let server = serve_with(config);
    let port = server.addr().port();
    let mut client = Client::connect(server.addr(), Duration::from_secs(10));
    client.get("/", &format!("metod-pc.local:{port}"));
    assert_eq!(client.reply().expect("an answer").status, 200);
    client.get("/", &format!("other-pc.local:{port}"));
    assert_eq!(client.reply().expect("an answer").status, 403);
}
