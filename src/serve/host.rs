//! Which names a request may give in its `Host` header.
//!
//! A server on loopback is reachable from any page the editor's browser opens, through DNS
//! rebinding: a hostile site makes its own name resolve to 127.0.0.1, and its scripts then read
//! the preview (drafts included) as if it were their own origin. The browser still sends that
//! name in `Host`, so answering only requests for this computer's loopback names and the bound
//! address closes the hole. An IP address in `Host` cannot be rebound, so when the server
//! listens on every address (`--bind 0.0.0.0`) any address is accepted; other names only when
//! the editor allows them (`--allow-host`).

use std::net::IpAddr;

/// The names and addresses requests may use.
#[derive(Debug, Clone)]
pub struct Hosts {
    bound: IpAddr,
    allowed: Vec<String>,
}

impl Hosts {
    /// For a server bound to `bound`, with the extra names `allowed` (a port, if given, is
    /// ignored).
    pub fn new(bound: IpAddr, allowed: &[String]) -> Hosts {
        Hosts {
            bound,
            allowed: allowed.iter().filter_map(|h| host_name(h)).collect(),
        }
    }

    /// Whether a request with this `Host` value is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        // Every `.localhost` name is this computer (RFC 6761); browsers resolve them so
        // without asking DNS.
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        if let Ok(ip) = name.parse::<IpAddr>() {
            let loopback = match ip {
                IpAddr::V4(v4) => v4.is_loopback(),
                IpAddr::V6(v6) => {
                    v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
                }
            };
            return loopback || ip == self.bound || self.bound.is_unspecified();
        }
        self.allowed.contains(&name)
    }
}

/// The host part of a `Host` value, lower-case, without the port, the brackets of an IPv6
/// address or a final dot; `None` when it is malformed.
fn host_name(value: &str) -> Option<String> {
    let value = value.trim();
    let (host, port) = if let Some(rest) = value.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        inside.parse::<std::net::Ipv6Addr>().ok()?;
        (
            inside,
            after.strip_prefix(':').or((after.is_empty()).then_some("")),
        )
    } else {
        match value.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (value, Some("")),
        }
    };
    let port = port?;
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty()
        || !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'))
    {
        return None;
    }
    Some(host.to_ascii_lowercase())
}

/// The answer's text for a refused `Host`: what happened and what to do, in Russian.
pub fn refusal(host: &str, url: &str) -> String {
    let shown: String = host.chars().filter(|c| !c.is_control()).take(100).collect();
    format!(
        "Сервер предпросмотра отвечает только по адресу этого компьютера: откройте {url}\n\
         В запросе указан другой адрес («{shown}»). Так бывает, когда чужая страница пытается \
         прочитать сайт через подменённое имя, поэтому такой запрос не выполнен.\n\
         Если вы сами открываете сайт по этому имени, запустите nastavnik serve с параметром \
         --allow-host и этим именем.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback_server() -> Hosts {
        Hosts::new("127.0.0.1".parse().expect("an address"), &[])
    }

    #[test]
    fn loopback_names_and_addresses_are_allowed_with_or_without_a_port() {
        let hosts = loopback_server();
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "localhost.",
            "site.localhost:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.4.5.6:80",
            "[::1]",
            "[::1]:1111",
            "[::ffff:127.0.0.1]:1111",
            " localhost:1111 ",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn other_names_and_malformed_values_are_refused() {
        let hosts = loopback_server();
        for host in [
            "",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "localhost@evil.example",
            "evil.example#localhost",
            "10.0.0.1",
            "192.168.1.5:1111",
            "[::2]:1111",
            "[::1",
            "::1",
            "localhost:11x1",
            "[::1]x",
            "local host",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn the_bound_address_and_allowed_names_are_accepted() {
        let lan = Hosts::new(
            "192.168.1.5".parse().expect("an address"),
            &["Metod-PC.local:1111".to_string()],
        );
        assert!(lan.allows("192.168.1.5:1111"));
        assert!(lan.allows("metod-pc.local"));
        assert!(lan.allows("METOD-PC.LOCAL:1111"));
        assert!(lan.allows("localhost:1111"));
        assert!(!lan.allows("192.168.1.6:1111"));
        assert!(!lan.allows("evil.example"));
        // Bound to every address: any address, but still no other name.
        let all = Hosts::new("0.0.0.0".parse().expect("an address"), &[]);
        assert!(all.allows("192.168.1.6:1111"));
        assert!(all.allows("[fe80::1]:1111"));
        assert!(!all.allows("evil.example:1111"));
    }

    #[test]
    fn the_refusal_is_in_russian_and_shows_the_name_harmlessly() {
        let text = refusal("evil.example\r\n<script>", "http://127.0.0.1:1111/");
        assert!(text.contains("http://127.0.0.1:1111/"), "{text}");
        assert!(text.contains("«evil.example<script>»"), "{text}");
        assert!(text.contains("--allow-host"), "{text}");
    }
}
