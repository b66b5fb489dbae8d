//! The editor's only access to the disk: paths confined to `content/`, atomic writes, and
//! uploads into a page's bundle.
//!
//! A path comes from the request, so it is checked before anything is opened: each segment
//! must be a plain name (no `..`, `.`, empty, hidden `.name`, backslash, colon, control
//! character), and no existing part of it may be a symbolic link (a link inside `content/`
//! could lead anywhere). Writes go to a temporary file in the same folder and are renamed over
//! the target, so a reader (the watcher, the build) sees the old file or the new one, never
//! half of one; a failed write leaves the old file as it was.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::content::load::CONTENT_DIR;
use crate::ru::os_error;

/// The largest file the editor accepts as an attachment.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

/// File types an editor may attach. No HTML, SVG or scripts: the preview serves attachments
/// from its own address, where a script could act in the editor's name.
pub const UPLOAD_TYPES: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt", "csv",
    "png", "jpg", "jpeg", "gif", "webp", "zip", "mp3", "mp4",
];

/// A checked path of a content file: relative to `content/` with `/`, and absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentPath {
    /// `practices/shkola-4.md`
    pub rel: String,
    pub abs: PathBuf,
}

/// Checks a path below `content/` given in a request (already percent-decoded); the Russian
/// reason when it is refused. `content_dir` is the resolved `content/` folder.
pub fn content_path(content_dir: &Path, rel: &str) -> Result<ContentPath, String> {
    let refuse = || {
        format!(
            "адрес «{}» не ведёт к материалу в папке content",
            shown(rel)
        )
    };
    if rel.is_empty() || rel.len() > 400 || rel.contains('\\') {
        return Err(refuse());
    }
    let mut abs = content_dir.to_path_buf();
    for seg in rel.split('/') {
        if seg.is_empty()
            || seg.starts_with('.')
            || seg.contains(':')
            || seg.chars().any(char::is_control)
        {
            return Err(refuse());
        }
        abs.push(seg);
        // Every existing part must be a real folder or file, not a link leading elsewhere.
        match std::fs::symlink_metadata(&abs) {
            Ok(m) if m.file_type().is_symlink() => return Err(refuse()),
            _ => {}
        }
    }
    if !rel.ends_with(".md") {
        return Err(format!(
            "«{}» не материал: редактировать можно только файлы .md в папке content",
            shown(rel)
        ));
    }
    Ok(ContentPath {
        rel: rel.to_string(),
        abs,
    })
}

/// A request-given text made harmless to show (no control characters, bounded).
pub fn shown(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(120).collect()
}

/// The site-relative path for messages (`content/practices/x.md`).
pub fn display(rel: &str) -> String {
    format!("{CONTENT_DIR}/{rel}")
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, flushed, then renamed over
/// it. With `create_new`, refuses when `path` exists (a new page never replaces one).
pub fn write_atomic(path: &Path, bytes: &[u8], create_new: bool) -> Result<(), String> {
    let dir = path
        .parent()
        .ok_or_else(|| "у файла нет папки".to_string())?;
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("не удалось создать папку: {}", os_error::describe(&e)))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Hidden and ending in `.tmp`: neither the loader nor the watcher takes it for content.
    let tmp = dir.join(format!(".{name}.{}.nastavnik.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        if create_new {
            // A hard link fails if the target exists, where a rename would replace it.
            std::fs::hard_link(&tmp, path)?;
            std::fs::remove_file(&tmp)
        } else {
            std::fs::rename(&tmp, path)
        }
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            "такой файл уже есть: новый не записан, чтобы ничего не перезаписать".to_string()
        }
        _ => format!("не удалось записать файл: {}", os_error::describe(&e)),
    })
}

/// A safe name for an uploaded file: the transliterated name and a lower-case extension from
/// [`UPLOAD_TYPES`]; the Russian reason when the type is not accepted.
pub fn upload_name(original: &str) -> Result<String, String> {
    // Browsers send only the name; old ones sent a whole Windows path.
    let base = original.rsplit(['/', '\\']).next().unwrap_or("");
    let (stem, ext) = base.rsplit_once('.').unwrap_or((base, ""));
    let ext = ext.to_ascii_lowercase();
    if !UPLOAD_TYPES.contains(&ext.as_str()) {
        return Err(format!(
            "файл «{}» не добавлен: можно прикладывать только файлы {}",
            shown(base),
            UPLOAD_TYPES.join(", ")
        ));
    }
    let stem = crate::ru::translit::slugify(stem);
    let stem = if stem.is_empty() {
        "fayl".to_string()
    } else {
        stem
    };
    let stem: String = stem.chars().take(80).collect();
    Ok(format!("{}.{ext}", stem.trim_end_matches('-')))
}

/// `name`, or `name-2.ext`, `name-3.ext`… so an upload never replaces a file.
pub fn free_name(dir: &Path, name: &str) -> String {
    if !dir.join(name).exists() {
        return name.to_string();
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| format!("{stem}-{n}.{ext}"))
        .find(|candidate| !dir.join(candidate).exists())
        .unwrap_or_else(|| name.to_string())
}

/// Makes a single-file page a bundle (`x.md` → `x/index.md`) so files can sit beside it;
/// returns the page's new path. A page that is a bundle already is returned as it is.
pub fn ensure_bundle(content_dir: &Path, page: &ContentPath) -> Result<ContentPath, String> {
    if page.rel.ends_with("/index.md") || page.rel == "index.md" {
        return Ok(page.clone());
    }
    let stem = page.rel.strip_suffix(".md").unwrap_or(&page.rel);
    let folder = content_dir.join(stem);
    if folder.exists() {
        return Err(format!(
            "рядом уже есть папка {}: файл не добавлен. Перенесите материал в неё как index.md",
            display(stem)
        ));
    }
    std::fs::create_dir(&folder)
        .map_err(|e| format!("не удалось создать папку: {}", os_error::describe(&e)))?;
    let target = folder.join("index.md");
    std::fs::rename(&page.abs, &target).map_err(|e| {
        let _ = std::fs::remove_dir(&folder);
        format!(
            "не удалось перенести материал в папку: {}",
            os_error::describe(&e)
        )
    })?;
    Ok(ContentPath {
        rel: format!("{stem}/index.md"),
        abs: target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_out_of_content_or_hidden_are_refused() {
        let tmp = tempfile::tempdir().expect("tmp");
        let content = tmp.path().join("content");
        std::fs::create_dir_all(content.join("events")).expect("dir");
        for bad in [
            "../site.yaml",
            "events/../../x.md",
            "/etc/passwd.md",
            "events//x.md",
            ".git/x.md",
            "events/.x.md",
            "events\\x.md",
            "C:/x.md",
            "events/x\u{0}.md",
            "",
            "events/x.txt",
        ] {
            assert!(content_path(&content, bad).is_err(), "{bad:?}");
        }
        let ok = content_path(&content, "events/x.md").expect("allowed");
        assert_eq!(ok.abs, content.join("events/x.md"));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_anywhere_on_the_path_is_refused() {
        let tmp = tempfile::tempdir().expect("tmp");
        let content = tmp.path().join("content");
        std::fs::create_dir_all(&content).expect("dir");
        std::fs::create_dir_all(tmp.path().join("outside")).expect("dir");
        std::os::unix::fs::symlink(tmp.path().join("outside"), content.join("link")).expect("link");
        std::fs::write(tmp.path().join("secret.md"), "x").expect("write");
        std::os::unix::fs::symlink(tmp.path().join("secret.md"), content.join("s.md"))
            .expect("link");
        assert!(content_path(&content, "link/x.md").is_err());
        assert!(content_path(&content, "s.md").is_err());
    }

    #[test]
    fn writes_replace_whole_files_and_new_files_never_replace() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("a").join("x.md");
        write_atomic(&path, b"one", true).expect("created");
        assert!(write_atomic(&path, b"two", true).is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"one");
        write_atomic(&path, b"three", false).expect("replaced");
        assert_eq!(std::fs::read(&path).expect("read"), b"three");
        let left: Vec<_> = std::fs::read_dir(tmp.path().join("a"))
            .expect("list")
            .collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
    }

    #[test]
    fn upload_names_are_safe_and_typed() {
        assert_eq!(
            upload_name("План работы.PDF").as_deref(),
            Ok("plan-raboty.pdf")
        );
        assert_eq!(
            upload_name("C:\\Users\\a\\doc.docx").as_deref(),
            Ok("doc.docx")
        );
        assert!(upload_name("page.html").is_err());
        assert!(upload_name("pic.svg").is_err());
        assert!(upload_name("noext").is_err());
        let tmp = tempfile::tempdir().expect("tmp");
        std::fs::write(tmp.path().join("a.pdf"), "x").expect("write");
        assert_eq!(free_name(tmp.path(), "a.pdf"), "a-2.pdf");
        assert_eq!(free_name(tmp.path(), "b.pdf"), "b.pdf");
    }
}
