//! The bodies of the editor's POSTs: `multipart/form-data` (the form, with or without a file,
//! as browsers send it with and without JavaScript) and `application/x-www-form-urlencoded`.
//! Only what browsers send: no nested multiparts, no transfer encodings inside parts.

/// One field of a submitted form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// Set for a file input.
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

/// A submitted form's fields, in order.
#[derive(Debug, Clone, Default)]
pub struct FormData {
    pub parts: Vec<Part>,
}

impl FormData {
    /// Parses a body by its `Content-Type`; `None` when the type is neither form encoding or
    /// the body is malformed.
    pub fn parse(content_type: &str, body: &[u8]) -> Option<FormData> {
        let (mime, params) = content_type.split_once(';').unwrap_or((content_type, ""));
        match mime.trim().to_ascii_lowercase().as_str() {
            "application/x-www-form-urlencoded" => Some(urlencoded(body)),
            "multipart/form-data" => {
                let boundary = params.split(';').find_map(|p| {
                    let (k, v) = p.split_once('=')?;
                    (k.trim().eq_ignore_ascii_case("boundary")).then(|| v.trim().trim_matches('"'))
                })?;
                multipart(boundary, body)
            }
            _ => None,
        }
    }

    /// The text of the first field named `name`.
    pub fn text(&self, name: &str) -> Option<String> {
        self.parts
            .iter()
            .find(|p| p.name == name && p.filename.is_none())
            .map(|p| String::from_utf8_lossy(&p.data).into_owned())
    }

    /// Every text value of fields named `name` (checkboxes of one group).
    pub fn texts(&self, name: &str) -> Vec<String> {
        self.parts
            .iter()
            .filter(|p| p.name == name && p.filename.is_none())
            .map(|p| String::from_utf8_lossy(&p.data).into_owned())
            .collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.parts.iter().any(|p| p.name == name)
    }

    /// The first file sent under `name` that has a name (an empty file input sends none).
    pub fn file(&self, name: &str) -> Option<&Part> {
        self.parts
            .iter()
            .find(|p| p.name == name && p.filename.as_deref().is_some_and(|f| !f.is_empty()))
    }
}

fn urlencoded(body: &[u8]) -> FormData {
    let parts = body
        .split(|b| *b == b'&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = match kv.iter().position(|b| *b == b'=') {
                Some(i) => (&kv[..i], &kv[i + 1..]),
                None => (kv, &[][..]),
            };
            Part {
                name: String::from_utf8_lossy(&form_decode(k)).into_owned(),
                filename: None,
                data: form_decode(v),
            }
        })
        .collect();
    FormData { parts }
}

/// `+` for space and `%XX`; a malformed escape is kept as it is.
fn form_decode(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < s.len() => {
                let hex = std::str::from_utf8(&s[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn multipart(boundary: &str, body: &[u8]) -> Option<FormData> {
    if boundary.is_empty() || boundary.len() > 200 {
        return None;
    }
    let delimiter = format!("--{boundary}");
    let mut at = find(body, delimiter.as_bytes(), 0)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return Some(FormData { parts });
        }
        // The rest of the delimiter line.
        at = find(body, b"\r\n", at)? + 2;
        let head_end = find(body, b"\r\n\r\n", at)?;
        let head = String::from_utf8_lossy(&body[at..head_end]);
        let data_start = head_end + 4;
        let next = find(body, format!("\r\n{delimiter}").as_bytes(), data_start)?;
        let mut name = None;
        let mut filename = None;
        for line in head.split("\r\n") {
            let Some((h, v)) = line.split_once(':') else {
                continue;
            };
            if h.trim().eq_ignore_ascii_case("content-disposition") {
                name = param(v, "name");
                filename = param(v, "filename");
            }
        }
        parts.push(Part {
            name: name?,
            filename,
            data: body[data_start..next].to_vec(),
        });
        at = next + 2 + delimiter.len();
    }
}

/// A parameter of a `Content-Disposition` value (`name="x"`), as browsers write it: quoted, with
/// `"` sent as `%22` and line breaks as `%0D%0A`.
fn param(value: &str, key: &str) -> Option<String> {
    let mut rest = value;
    while let Some(i) = rest.find(key) {
        let before = rest[..i].chars().last();
        let after = &rest[i + key.len()..];
        if matches!(before, Some(';' | ' '))
            && let Some(v) = after.strip_prefix('=')
        {
            let v = if let Some(q) = v.strip_prefix('"') {
                q.split('"').next().unwrap_or("")
            } else {
                v.split(';').next().unwrap_or("").trim()
            };
            return Some(
                v.replace("%22", "\"")
                    .replace("%0D", "\r")
                    .replace("%0A", "\n"),
            );
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_fields_and_files_are_read() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n\xd0\x9f\xd1\x80\xd0\xb8: \"x\"\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--\r\n--XyZ\r\nContent-Disposition: form-data; name=\"topics\"\r\n\r\na\r\nb\r\n--XyZ--\r\n";
        let form = FormData::parse("multipart/form-data; boundary=XyZ", body).expect("parses");
        assert_eq!(form.text("title").as_deref(), Some("При: \"x\""));
        assert_eq!(form.text("topics").as_deref(), Some("a\r\nb"));
        let file = form.file("file").expect("a file");
        assert_eq!(file.filename.as_deref(), Some("plan.pdf"));
        assert_eq!(file.data, b"%PDF\r\n--");
        assert!(FormData::parse("multipart/form-data; boundary=XyZ", b"--XyZ\r\nbroken").is_none());
        assert!(FormData::parse("text/plain", b"a=b").is_none());
    }

    #[test]
    fn urlencoded_fields_are_decoded() {
        let form = FormData::parse(
            "application/x-www-form-urlencoded",
            b"token=abc&title=%D0%9F+x%3A&draft=1&bad=%zz&end=%4",
        )
        .expect("parses");
        assert_eq!(form.text("token").as_deref(), Some("abc"));
        assert_eq!(form.text("title").as_deref(), Some("П x:"));
        assert_eq!(form.text("bad").as_deref(), Some("%zz"));
        assert_eq!(form.text("end").as_deref(), Some("%4"));
        assert!(form.has("draft"));
    }
}
