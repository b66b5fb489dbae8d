//! The preview server's HTTP/1.1: accepting connections, reading requests within limits, and
//! writing answers, each connection on its own thread.
//!
//! Written here rather than taken from tiny_http 0.12, which the server used before, because of
//! three faults found under a browser's load:
//!
//! - Connections starved. tiny_http reads each connection on a thread of an internal pool that
//!   starts with four threads and adds one only when it sees no idle thread; on a fresh start a
//!   burst of connections is queued behind the four idle threads, each of which then keeps its
//!   connection for as long as the client keeps it alive. With twelve keep-alive connections
//!   opened at once (a page and its assets), eight waited until the first four closed. Here
//!   every accepted connection gets its own thread at once, so a connection waits only for its
//!   own requests, and a long poll holds only its own connection.
//! - Answers on a reused connection took 40 ms each: the head and the body went out in separate
//!   small writes, and Nagle's algorithm held the second until the client's delayed
//!   acknowledgement of the first. Here an answer is written in one piece, and sockets have
//!   `TCP_NODELAY`.
//! - A request head had no size limit (256 MB of headers were read into memory). Here a head
//!   longer than [`MAX_HEAD`] is answered 431 (414 for the request line alone) and the
//!   connection is closed after at most [`LINGER_BYTES`] more are drained.
//!
//! Only what a browser previewing a static site and its editor need: GET and HEAD, keep-alive and
//! pipelining, and POST with a body of a stated length up to [`MAX_BODY`] (the browser editor's
//! forms and uploads). A request with a body is answered and its connection closed, so a body
//! that was not read (another method, or a refused one) is never mistaken for the next request.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, IoSlice, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The longest request head (request line and headers) read; a browser's is under 8 KB even
/// with many cookies.
pub const MAX_HEAD: usize = 64 * 1024;
/// Connections served at once. Browsers open six per host; beyond this, the oldest idle
/// keep-alive connection is closed to make room (browsers reopen one as needed), and only when
/// none is idle is a new connection refused with 503.
pub const MAX_CONNECTIONS: usize = 128;
/// How long a kept-alive connection may wait for its next request.
const IDLE: Duration = Duration::from_secs(30);
/// How long a client has to send a whole request head once it has started one.
const HEAD_TIME: Duration = Duration::from_secs(10);
/// How long a write may make no progress (a client that stopped reading) before the connection
/// is dropped.
const WRITE_STALL: Duration = Duration::from_secs(30);
/// After the last answer on a connection, what the client still sends is read and dropped, at
/// most this much for at most [`LINGER_TIME`]: closing a socket with unread data resets the
/// connection, and the reset can destroy the answer before the client reads it.
pub const LINGER_BYTES: u64 = 1 << 20;
const LINGER_TIME: Duration = Duration::from_secs(1);

/// The largest POST body read (the browser editor's uploads are limited below this); a larger
/// one is refused with 413 before it is read.
pub const MAX_BODY: usize = 32 * 1024 * 1024;
/// How long a client has to send a POST body once its head has arrived.
const BODY_TIME: Duration = Duration::from_secs(120);

/// One request: its line, headers and, for POST, its body.
#[derive(Debug)]
pub struct Request {
    method: String,
    target: String,
    http_10: bool,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The request target as sent (`/events/?q=1`).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The body of a POST (empty for other methods).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// A request made in code (tests of the handlers above this layer).
    pub fn new(method: &str, target: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Request {
        Request {
            method: method.to_string(),
            target: target.to_string(),
            http_10: false,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body,
        }
    }

    /// The values of every header named `name` (any case), in order.
    pub fn headers<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the client wants the connection kept for another request.
    fn keep_alive(&self) -> bool {
        let tokens: Vec<String> = self
            .headers("Connection")
            .flat_map(|v| v.split(','))
            .map(|t| t.trim().to_ascii_lowercase())
            .collect();
        if tokens.iter().any(|t| t == "close") {
            return false;
        }
        !self.http_10 || tokens.iter().any(|t| t == "keep-alive")
    }

    /// Whether a body follows the head (it is never read: the connection is closed instead).
    fn has_body(&self) -> bool {
        self.headers("Transfer-Encoding").next().is_some()
            || self
                .headers("Content-Length")
                .any(|v| v.trim().parse::<u64>() != Ok(0))
    }

    /// Parses a request head (up to and including its blank line); the status to refuse it
    /// with when it is not a request this server understands.
    fn parse(head: &[u8]) -> Result<Request, u16> {
        let text = String::from_utf8_lossy(head);
        let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
        let mut parts = lines.next().unwrap_or_default().split(' ');
        let (Some(method), Some(target), Some(version), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(400);
        };
        if method.is_empty() || !method.bytes().all(is_token_byte) {
            return Err(400);
        }
        if target.is_empty() || target.chars().any(|c| c.is_control()) {
            return Err(400);
        }
        let http_10 = match version {
            "HTTP/1.1" => false,
            "HTTP/1.0" => true,
            v if v.strip_prefix("HTTP/").is_some_and(|n| {
                n.len() == 3
                    && n.as_bytes()[1] == b'.'
                    && n.bytes().filter(u8::is_ascii_digit).count() == 2
            }) =>
            {
                return Err(505);
            }
            _ => return Err(400),
        };
        let mut headers = Vec::new();
        for line in lines {
            if line.is_empty() {
                // Only the blank lines ending the head are empty.
                continue;
            }
            // A header folded onto the next line is obsolete and ambiguous.
            if line.starts_with([' ', '\t']) {
                return Err(400);
            }
            let (name, value) = line.split_once(':').ok_or(400u16)?;
            if name.is_empty() || !name.bytes().all(is_token_byte) {
                return Err(400);
            }
            headers.push((
                name.to_string(),
                value.trim_matches([' ', '\t']).to_string(),
            ));
        }
        Ok(Request {
            method: method.to_string(),
            target: target.to_string(),
            http_10,
            headers,
            body: Vec::new(),
        })
    }
}

/// A byte allowed in a method or header name (an HTTP token).
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// An answer: status, headers and the whole body (every answer's length is known, so it is
/// sent with Content-Length: downloads show their size and progress).
#[derive(Debug, Clone)]
pub struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header. A value with a line break or another control character would split the
    /// head: it is left out (ours never have one; a Location built from a request path could).
    pub fn with_header(mut self, name: &'static str, value: &str) -> Response {
        if !value.chars().any(|c| c.is_control() && c != '\t') {
            self.headers.push((name, value.to_string()));
        }
        self
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn body(&self) -> &[u8] {
        &self.body
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The status line and headers, through the blank line.
    fn head(&self, connection: Option<&str>) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        if let Some(connection) = connection {
            head.push_str(&format!("Connection: {connection}\r\n"));
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        301 => "Moved Permanently",
        303 => "See Other",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// The answer to a request refused before it reached the site.
fn refusal(status: u16) -> Response {
    let text = match status {
        408 => "Запрос не пришёл целиком вовремя.\n",
        411 => "Серверу предпросмотра нужна длина данных запроса (Content-Length).\n",
        413 => "Данные запроса слишком велики.\n",
        414 => "Адрес в запросе слишком длинный.\n",
        431 => "Заголовки запроса слишком велики.\n",
        503 => {
            "Слишком много одновременных соединений с сервером предпросмотра: попробуйте позже.\n"
        }
        505 => "Сервер предпросмотра понимает только HTTP/1.0 и HTTP/1.1.\n",
        _ => "Неверный запрос.\n",
    };
    Response::new(status, text).with_header("Content-Type", "text/plain; charset=utf-8")
}

/// Writes an answer: the head and, unless `head_only` (a HEAD request), the body, handed to
/// the socket together in one vectored write (no copy of the body), so that they leave in one
/// piece rather than as a small head held back until the client acknowledges it.
fn send(
    out: &mut impl Write,
    response: &Response,
    head_only: bool,
    connection: Option<&str>,
) -> io::Result<()> {
    let head = response.head(connection);
    let body: &[u8] = if head_only { &[] } else { &response.body };
    let mut slices = [IoSlice::new(&head), IoSlice::new(body)];
    let mut left = &mut slices[..];
    while !left.is_empty() {
        match out.write_vectored(left) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut left, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// The connections being served, so that stopping the server can close them all.
struct Open {
    stop: AtomicBool,
    next_id: AtomicU64,
    connections: Mutex<HashMap<u64, Registered>>,
}

/// A connection's second handle (to shut it down from outside) and whether it waits, idle,
/// for its next request.
struct Registered {
    stream: TcpStream,
    idle: Arc<AtomicBool>,
}

impl Open {
    fn connections(&self) -> MutexGuard<'_, HashMap<u64, Registered>> {
        // Entries are inserted and removed whole: a panic elsewhere cannot leave one half-made.
        self.connections
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Removes a connection from [`Open`] when its thread ends, however it ends.
struct Deregister<'a> {
    open: &'a Open,
    id: u64,
}

impl Drop for Deregister<'_> {
    fn drop(&mut self) {
        self.open.connections().remove(&self.id);
    }
}

/// A listening server; [`Server::stop`] ends it.
pub struct Server {
    addr: SocketAddr,
    open: Arc<Open>,
}

impl Server {
    /// Accepts connections on `listener` on a thread of its own (returned, to be joined) and
    /// answers each request with `handler`.
    pub fn start(
        listener: TcpListener,
        handler: impl Fn(&Request) -> Response + Send + Sync + 'static,
    ) -> io::Result<(Server, JoinHandle<()>)> {
        let addr = listener.local_addr()?;
        let open = Arc::new(Open {
            stop: AtomicBool::new(false),
            next_id: AtomicU64::new(0),
            connections: Mutex::new(HashMap::new()),
        });
        let handler: Arc<Handler> = Arc::new(handler);
        let accepting = Arc::clone(&open);
        let thread = std::thread::Builder::new()
            .name("nastavnik-serve-accept".into())
            .spawn(move || accept_loop(&listener, &accepting, &handler))?;
        Ok((Server { addr, open }, thread))
    }

    /// How many connections are open now.
    pub fn open_connections(&self) -> usize {
        self.open.connections().len()
    }

    /// Stops accepting and closes every connection (a request being answered is cut off).
    pub fn stop(&self) {
        self.open.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread with a connection of our own.
        let wake = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv4Addr::LOCALHOST.into(), self.addr.port())
            }
            IpAddr::V6(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv6Addr::LOCALHOST.into(), self.addr.port())
            }
            _ => self.addr,
        };
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        for (_, registered) in self.open.connections().drain() {
            let _ = registered.stream.shutdown(Shutdown::Both);
        }
    }
}

fn accept_loop(listener: &TcpListener, open: &Arc<Open>, handler: &Arc<Handler>) {
    loop {
        let accepted = listener.accept();
        if open.stop.load(Ordering::SeqCst) {
            return;
        }
        match accepted {
            Ok((stream, _)) => admit(stream, open, handler),
            Err(e) => match e.kind() {
                // A client that gave up before it was accepted.
                io::ErrorKind::ConnectionAborted
                | io::ErrorKind::ConnectionReset
                | io::ErrorKind::Interrupted => {}
                // Out of file descriptors or memory: wait for connections to close rather than
                // spin (tiny_http stopped accepting for good here).
                _ => std::thread::sleep(Duration::from_millis(50)),
            },
        }
    }
}

/// Registers a new connection and starts its thread, making room or refusing it when
/// [`MAX_CONNECTIONS`] are open.
fn admit(stream: TcpStream, open: &Arc<Open>, handler: &Arc<Handler>) {
    // Small answers go out at once instead of waiting for the acknowledgement of the last one.
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_STALL));
    let Ok(second) = stream.try_clone() else {
        return;
    };
    let idle = Arc::new(AtomicBool::new(true));
    let id = open.next_id.fetch_add(1, Ordering::Relaxed);
    {
        let mut connections = open.connections();
        if connections.len() >= MAX_CONNECTIONS {
            let oldest_idle = connections
                .iter()
                .filter(|(_, r)| r.idle.load(Ordering::SeqCst))
                .map(|(id, _)| *id)
                .min();
            match oldest_idle.and_then(|id| connections.remove(&id)) {
                Some(shed) => {
                    let _ = shed.stream.shutdown(Shutdown::Both);
                }
                None => {
                    drop(connections);
                    refuse_busy(stream);
                    return;
                }
            }
        }
        connections.insert(
            id,
            Registered {
                stream: second,
                idle: Arc::clone(&idle),
            },
        );
    }
    let thread_open = Arc::clone(open);
    let handler = Arc::clone(handler);
    let spawned = std::thread::Builder::new()
        .name("nastavnik-serve".into())
        .spawn(move || {
            let _deregister = Deregister {
                open: &thread_open,
                id,
            };
            serve(stream, &*handler, &idle, &thread_open.stop);
        });
    if spawned.is_err() {
        // The stream went down with the closure: forget it.
        open.connections().remove(&id);
    }
}

/// Answers 503 to a connection there is no room for, without a thread: what the client has
/// sent so far is read without waiting, so closing does not reset the connection under it.
fn refuse_busy(stream: TcpStream) {
    let _ = stream.set_nonblocking(true);
    let _ = (&stream).read(&mut [0u8; 16 * 1024]);
    let _ = send(&mut &stream, &refusal(503), false, Some("close"));
    let _ = stream.shutdown(Shutdown::Write);
}

/// Why no request head was read.
enum NoHead {
    /// The client closed the connection, or it stayed idle too long: nothing to answer.
    Closed,
    /// Refuse with this status and close.
    Refuse(u16),
}

/// Serves one connection until the client or the server closes it.
fn serve(stream: TcpStream, handler: &Handler, idle: &AtomicBool, stop: &AtomicBool) {
    let mut reader = BufReader::with_capacity(8 * 1024, stream);
    loop {
        idle.store(true, Ordering::SeqCst);
        let head = read_head(&mut reader);
        idle.store(false, Ordering::SeqCst);
        let mut request = match head
            .and_then(|h| Request::parse(&h).map_err(NoHead::Refuse))
            .and_then(|mut r| {
                if r.method == "POST" && r.has_body() {
                    r.body = read_body(&mut reader, &r).map_err(NoHead::Refuse)?;
                }
                Ok(r)
            }) {
            Ok(request) => request,
            Err(NoHead::Closed) => return,
            Err(NoHead::Refuse(status)) => {
                let _ = send(
                    &mut reader.get_ref(),
                    &refusal(status),
                    false,
                    Some("close"),
                );
                return close_gently(reader);
            }
        };
        let response = handler(&request);
        request.body = Vec::new();
        let keep_alive =
            request.keep_alive() && !request.has_body() && !stop.load(Ordering::SeqCst);
        let connection = match (keep_alive, request.http_10) {
            (false, _) => Some("close"),
            (true, true) => Some("keep-alive"),
            (true, false) => None,
        };
        let head_only = request.method == "HEAD";
        if send(&mut reader.get_ref(), &response, head_only, connection).is_err() {
            return;
        }
        if !keep_alive {
            return close_gently(reader);
        }
    }
}

/// Reads the next request head, through its blank line, leaving what follows (a pipelined
/// request) buffered. Blank lines before a request are skipped, as RFC 9112 asks.
fn read_head(reader: &mut BufReader<TcpStream>) -> Result<Vec<u8>, NoHead> {
    let _ = reader.get_ref().set_read_timeout(Some(IDLE));
    let mut skipped = 0;
    loop {
        let buf = match reader.fill_buf() {
            Ok([]) => return Err(NoHead::Closed),
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(NoHead::Closed),
        };
        let blank = buf
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let more = blank < buf.len();
        reader.consume(blank);
        skipped += blank;
        if more {
            break;
        }
        if skipped > MAX_HEAD {
            return Err(NoHead::Refuse(400));
        }
    }
    let deadline = Instant::now() + HEAD_TIME;
    let mut head = Vec::with_capacity(1024);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(NoHead::Refuse(408));
        }
        let _ = reader.get_ref().set_read_timeout(Some(left));
        let buf = match reader.fill_buf() {
            Ok([]) => return Err(NoHead::Closed),
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(NoHead::Refuse(408));
            }
            Err(_) => return Err(NoHead::Closed),
        };
        let room = MAX_HEAD + 1 - head.len();
        let (used, complete) = match find_head_end(&head, &buf[..buf.len().min(room)]) {
            Some(end) => (end, true),
            None => (buf.len().min(room), false),
        };
        head.extend_from_slice(&buf[..used]);
        reader.consume(used);
        if complete {
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            // Before the request line ended, the address itself is too long.
            let status = if head.contains(&b'\n') { 431 } else { 414 };
            return Err(NoHead::Refuse(status));
        }
    }
}

/// Reads a POST body of the length its head states, within [`MAX_BODY`] and [`BODY_TIME`]; the
/// status to refuse it with otherwise (chunked bodies are not needed by browsers' forms).
fn read_body(reader: &mut BufReader<TcpStream>, request: &Request) -> Result<Vec<u8>, u16> {
    if request.headers("Transfer-Encoding").next().is_some() {
        return Err(411);
    }
    let mut lengths = request
        .headers("Content-Length")
        .map(|v| v.trim().parse::<u64>());
    let Some(Ok(length)) = lengths.next() else {
        return Err(400);
    };
    if lengths.any(|l| l != Ok(length)) {
        return Err(400);
    }
    let length = usize::try_from(length).map_err(|_| 413u16)?;
    if length > MAX_BODY {
        return Err(413);
    }
    let deadline = Instant::now() + BODY_TIME;
    let mut body = Vec::with_capacity(length.min(1 << 20));
    while body.len() < length {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(408);
        }
        let _ = reader.get_ref().set_read_timeout(Some(left));
        let buf = match reader.fill_buf() {
            Ok([]) => return Err(400),
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(408),
        };
        let used = buf.len().min(length - body.len());
        body.extend_from_slice(&buf[..used]);
        reader.consume(used);
    }
    Ok(body)
}

/// Where in `more` the head that `so_far` begins ends (just past its blank line), if it does.
fn find_head_end(so_far: &[u8], more: &[u8]) -> Option<usize> {
    // The two bytes before the current one; the blank line may straddle two reads.
    let mut before = [None, None];
    for (back, &b) in so_far.iter().rev().take(2).enumerate() {
        before[1 - back] = Some(b);
    }
    for (i, &b) in more.iter().enumerate() {
        let blank_line =
            before[1] == Some(b'\n') || (before[1] == Some(b'\r') && before[0] == Some(b'\n'));
        if b == b'\n' && blank_line {
            return Some(i + 1);
        }
        before = [before[1], Some(b)];
    }
    None
}

/// Closes the connection after its last answer: stops sending, then reads and drops what the
/// client still sends (bounded), so that the close does not reset the connection before the
/// client has read the answer.
fn close_gently(reader: BufReader<TcpStream>) {
    let stream = reader.into_inner();
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER_TIME;
    let mut drained = 0u64;
    let mut sink = [0u8; 16 * 1024];
    while drained < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match (&stream).read(&mut sink) {
            Ok(0) => return,
            Ok(n) => drained += n as u64,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Request, u16> {
        Request::parse(text.as_bytes())
    }

    #[test]
    fn requests_are_parsed_and_bad_ones_refused() {
        let r = parse("GET /events/?q=1 HTTP/1.1\r\nHost: localhost:1111\r\nX-A:  b \r\n\r\n")
            .expect("a request");
        assert_eq!(r.method(), "GET");
        assert_eq!(r.target(), "/events/?q=1");
        assert_eq!(r.headers("host").collect::<Vec<_>>(), ["localhost:1111"]);
        assert_eq!(r.headers("X-A").next(), Some("b"));
        assert!(r.keep_alive());
        assert!(!r.has_body());
        // Bare line feeds are accepted.
        assert!(parse("GET / HTTP/1.1\nHost: x\n\n").is_ok());
        for (head, status) in [
            ("GET / HTTP/2.0\r\n\r\n", 505),
            ("GET / HTTP/9.9\r\n\r\n", 505),
            ("GET /\r\n\r\n", 400),
            ("GET  / HTTP/1.1\r\n\r\n", 400),
            ("GET / HTTP/1.1 x\r\n\r\n", 400),
            ("G(T / HTTP/1.1\r\n\r\n", 400),
            ("GET /a\rb HTTP/1.1\r\n\r\n", 400),
            ("GET / SPDY/1.1\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost x\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHo st: x\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nA: b\r\n  folded\r\n\r\n", 400),
        ] {
            assert_eq!(parse(head).err(), Some(status), "{head:?}");
        }
    }

    #[test]
    fn keep_alive_follows_the_version_and_the_connection_header() {
        let keeps = |head: &str| parse(head).expect("a request").keep_alive();
        assert!(keeps("GET / HTTP/1.1\r\n\r\n"));
        assert!(!keeps("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assert!(!keeps(
            "GET / HTTP/1.1\r\nConnection: Upgrade, Close\r\n\r\n"
        ));
        assert!(!keeps("GET / HTTP/1.0\r\n\r\n"));
        assert!(keeps("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
        let body = |head: &str| parse(head).expect("a request").has_body();
        assert!(!body("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
        assert!(body("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"));
        assert!(body(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        ));
    }

    #[test]
    fn the_end_of_a_head_is_found_across_reads() {
        assert_eq!(find_head_end(b"", b"GET / HTTP/1.1\r\n\r\nGET"), Some(18));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\n", b"\r\nX"), Some(2));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r", b"\n\r\n"), Some(3));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\n", b"\n"), Some(1));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\n", b"Host: x\r\n"), None);
        assert_eq!(find_head_end(b"", b""), None);
        // A lone CR LF at the very start is not the end of a head (blank lines before a
        // request are skipped before the head is read).
        assert_eq!(find_head_end(b"", b"\r\n"), None);
    }

    /// Records every write call it gets, as a socket would take it: a vectored write is one
    /// call.
    #[derive(Default)]
    struct Writes(Vec<Vec<u8>>);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }

        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
            self.0
                .push(bufs.iter().flat_map(|b| b.iter().copied()).collect());
            Ok(bufs.iter().map(|b| b.len()).sum())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_answer_leaves_in_one_write() {
        // Two writes (head, then body) on a connection without TCP_NODELAY wait for the
        // client's delayed acknowledgement: 40 ms per answer.
        let response = Response::new(200, "<!doctype html><p>Привет</p>")
            .with_header("Content-Type", "text/html; charset=utf-8");
        let mut out = Writes::default();
        send(&mut out, &response, false, None).expect("written");
        assert_eq!(out.0.len(), 1, "{} writes", out.0.len());
        let text = String::from_utf8(out.0.remove(0)).expect("UTF-8");
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(
            text.contains("Content-Type: text/html; charset=utf-8\r\n"),
            "{text}"
        );
        assert!(
            text.contains(&format!("Content-Length: {}\r\n", response.body().len())),
            "{text}"
        );
        assert!(
            text.ends_with("\r\n\r\n<!doctype html><p>Привет</p>"),
            "{text}"
        );
        // HEAD: the same head, no body; closing says so.
        let mut out = Writes::default();
        send(&mut out, &response, true, Some("close")).expect("written");
        assert_eq!(out.0.len(), 1);
        let text = String::from_utf8(out.0.remove(0)).expect("UTF-8");
        assert!(text.contains("Connection: close\r\n"), "{text}");
        assert!(text.ends_with("\r\n\r\n"), "{text}");
        assert!(
            text.contains(&format!("Content-Length: {}\r\n", response.body().len())),
            "{text}"
        );
    }

    #[test]
    fn header_values_cannot_split_the_head() {
        let response = Response::new(301, "").with_header("Location", "/a\r\nSet-Cookie: x=1");
        assert_eq!(response.header("Location"), None);
    }

    /// A server on loopback answering every request with its target.
    fn echo_server() -> (Server, JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        Server::start(listener, |r: &Request| {
            Response::new(200, r.target().to_string())
        })
        .expect("started")
    }

    fn read_all(mut stream: TcpStream) -> String {
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        text
    }

    #[test]
    fn pipelined_requests_are_answered_in_order() {
        let (server, _) = echo_server();
        let mut s = TcpStream::connect(server.addr).expect("connect");
        s.write_all(b"\r\nGET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\nConnection: close\r\n\r\n")
            .expect("send");
        let text = read_all(s);
        let a = text.find("\r\n\r\n/a").expect("/a answered");
        let b = text.find("\r\n\r\n/b").expect("/b answered");
        let c = text.find("\r\n\r\n/c").expect("/c answered");
        assert!(a < b && b < c, "{text}");
        server.stop();
    }

    #[test]
    fn stopping_closes_idle_connections_and_the_listener() {
        let (server, accepting) = echo_server();
        let idle = TcpStream::connect(server.addr).expect("connect");
        let deadline = Instant::now() + Duration::from_secs(10);
        while server.open_connections() == 0 {
            assert!(Instant::now() < deadline, "never accepted");
            std::thread::sleep(Duration::from_millis(10));
        }
        server.stop();
        accepting.join().expect("the accepting thread ends");
        assert_eq!(read_all(idle), "", "closed without an answer");
        assert_eq!(server.open_connections(), 0);
    }

    #[test]
    fn a_request_with_a_body_is_answered_and_its_connection_closed() {
        let (server, _) = echo_server();
        let mut s = TcpStream::connect(server.addr).expect("connect");
        s.write_all(b"POST /form HTTP/1.1\r\nContent-Length: 11\r\n\r\nGET /x HTTP/1.1\r\n\r\n")
            .expect("send");
        let text = read_all(s);
        assert!(text.contains("Connection: close\r\n"), "{text}");
        assert!(
            text.ends_with("\r\n\r\n/form"),
            "the body is not a request: {text}"
        );
        server.stop();
    }

    #[test]
    fn a_post_body_is_read_within_its_limit_and_chunked_or_oversized_ones_refused() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let (server, _) = Server::start(listener, |r: &Request| {
            Response::new(
                200,
                format!("{}:{}", r.method(), String::from_utf8_lossy(r.body())),
            )
        })
        .expect("started");
        let ask = |request: &[u8]| {
            let mut s = TcpStream::connect(server.addr).expect("connect");
            s.write_all(request).expect("send");
            read_all(s)
        };
        let text =
            ask(b"POST /save HTTP/1.1\r\nContent-Length: 7\r\n\r\na=1&b=2GET /x HTTP/1.1\r\n\r\n");
        assert!(text.ends_with("\r\n\r\nPOST:a=1&b=2"), "{text}");
        assert!(text.contains("Connection: close\r\n"), "{text}");
        let text =
            ask(b"POST /save HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assert!(text.starts_with("HTTP/1.1 411 "), "{text}");
        let text = ask(format!(
            "POST /save HTTP/1.1\r\nContent-Length: {}\r\n\r\n",
            MAX_BODY + 1
        )
        .as_bytes());
        assert!(text.starts_with("HTTP/1.1 413 "), "{text}");
        let text =
            ask(b"POST /save HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd");
        assert!(text.starts_with("HTTP/1.1 400 "), "{text}");
        // A GET's body is still never read.
        let text = ask(b"GET /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
        assert!(text.ends_with("\r\n\r\nGET:"), "{text}");
        server.stop();
    }

    #[test]
    fn a_head_cut_off_half_way_gets_no_answer() {
        let (server, _) = echo_server();
        let mut s = TcpStream::connect(server.addr).expect("connect");
        s.write_all(b"GET /half HTTP/1.1\r\nHost: x").expect("send");
        s.shutdown(Shutdown::Write).expect("half-close");
        assert_eq!(read_all(s), "");
        server.stop();
    }

    /// Waits (bounded) until the server has `n` connections open.
    fn wait_for_open(server: &Server, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while server.open_connections() != n {
            assert!(
                Instant::now() < deadline,
                "{} connections open, not {n}",
                server.open_connections()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn at_the_cap_the_oldest_idle_connection_makes_room() {
        let (server, _) = echo_server();
        let idle: Vec<TcpStream> = (0..MAX_CONNECTIONS)
            .map(|_| TcpStream::connect(server.addr).expect("connect"))
            .collect();
        wait_for_open(&server, MAX_CONNECTIONS);
        let mut s = TcpStream::connect(server.addr).expect("connect");
        s.write_all(b"GET /new HTTP/1.1\r\nConnection: close\r\n\r\n")
            .expect("send");
        let text = read_all(s);
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(text.ends_with("\r\n\r\n/new"), "{text}");
        // The first idle connection was closed for it.
        assert_eq!(read_all(idle.into_iter().next().expect("one")), "");
        server.stop();
    }

    #[test]
    fn at_the_cap_with_every_connection_busy_a_new_one_is_refused_503() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let (release, released) = std::sync::mpsc::channel::<()>();
        let released = Mutex::new(released);
        let started = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counting = Arc::clone(&started);
        let (server, _) = Server::start(listener, move |_: &Request| {
            counting.fetch_add(1, Ordering::SeqCst);
            // Every request waits until the test lets them all go.
            let _ = released
                .lock()
                .map(|r| r.recv_timeout(Duration::from_secs(20)));
            Response::new(200, "done")
        })
        .expect("started");
        let busy: Vec<TcpStream> = (0..MAX_CONNECTIONS)
            .map(|_| {
                let mut s = TcpStream::connect(server.addr).expect("connect");
                s.write_all(b"GET / HTTP/1.1\r\n\r\n").expect("send");
                s
            })
            .collect();
        // Every connection's request is being answered: none is idle.
        let deadline = Instant::now() + Duration::from_secs(20);
        while started.load(Ordering::SeqCst) < MAX_CONNECTIONS {
            assert!(Instant::now() < deadline, "the requests never all started");
            std::thread::sleep(Duration::from_millis(10));
        }
        let mut s = TcpStream::connect(server.addr).expect("connect");
        s.write_all(b"GET / HTTP/1.1\r\n\r\n").expect("send");
        let text = read_all(s);
        assert!(text.starts_with("HTTP/1.1 503 "), "{text}");
        assert!(text.contains("Слишком много"), "{text}");
        drop(release);
        drop(busy);
        server.stop();
    }
}
