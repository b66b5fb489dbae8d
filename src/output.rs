//! The output set (site path → bytes or a file to copy) and the only code that touches the
//! output directory.
//!
//! A build writes everything into a staging directory beside the output directory and swaps it
//! in only after every file was written, so a failed or interrupted build never leaves the
//! published site half-updated. On Linux the swap is one atomic `renameat2(RENAME_EXCHANGE)`;
//! elsewhere two renames with a moment in between.
//!
//! A file that a rebuild would write unchanged is hard-linked from the output being replaced
//! instead (see `write_or_link`): no new inode, and the same modification time for deploy tools
//! and caches.
//!
//! Where the bytes go is the output's [`Mode`]: kept in memory (tests, the dev server), written
//! straight into the staging directory as each page is rendered (`build`: a 10,000-page site
//! then never holds all its pages in memory), or only counted (`check`).

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::ru::os_error;

#[derive(Debug, Clone)]
pub enum Content {
    /// Shared, so the dev server's successive outputs keep unchanged files without copying them.
    Bytes(Arc<[u8]>),
    /// A rendered file kept in memory, LZ4-compressed (its length first): the dev server holds a
    /// whole site's output, which shrinks about fivefold, and unpacks a file in microseconds
    /// when it is asked for. Shared as [`Content::Bytes`] is. See [`Content::in_memory`].
    Packed(Arc<[u8]>),
    /// A file copied as is (attachments, theme and site static files).
    Copy(PathBuf),
    /// Already written to the staging directory (or, when checking, thrown away); the length.
    Stored(u64),
}

impl Content {
    /// A rendered file kept in memory: packed if it is of some size, as is otherwise.
    ///
    /// A small file would gain little. The few files of more than a megabyte that are not pages
    /// are the whole-site feeds (`calendar.ics`, `events.json`, the sitemap): an event's edit
    /// remakes them and a subscribed calendar fetches them whole, so packing them would put
    /// milliseconds on the path of every such edit and fetch for a few megabytes.
    pub fn in_memory(path: &Path, bytes: Vec<u8>) -> Content {
        const PACK_FROM: usize = 2048;
        const FEED_SIZE: usize = 1 << 20;
        let page = path.extension().is_some_and(|e| e == "html");
        if bytes.len() >= PACK_FROM && (page || bytes.len() < FEED_SIZE) {
            Content::Packed(lz4_flex::block::compress_prepend_size(&bytes).into())
        } else {
            Content::Bytes(bytes.into())
        }
    }

    /// The bytes of a [`Content::Packed`] file.
    pub fn unpack(packed: &[u8]) -> io::Result<Vec<u8>> {
        lz4_flex::block::decompress_size_prepended(packed).map_err(io::Error::other)
    }

    /// Whether the file is kept in memory, as the dev server's outputs keep theirs.
    pub fn is_in_memory(&self) -> bool {
        matches!(self, Content::Bytes(_) | Content::Packed(_))
    }
}

/// Where rendered bytes go.
#[derive(Debug, Default)]
enum Mode {
    #[default]
    Memory,
    Staged {
        out_dir: PathBuf,
        staging: PathBuf,
        committed: bool,
    },
    Discard,
}

/// Everything a build produces, by output-relative path. Sorted, so writing and listing are
/// deterministic.
#[derive(Debug, Default)]
pub struct Output {
    /// Keyed by the path as an `OsStr`: byte order, which is much cheaper to compare than
    /// `Path`'s component order, and still the same order on every run. Shared (`Arc`), so that
    /// the dev server's copy of the last output for the next (see [`Output::memory_copy`])
    /// copies no path.
    files: BTreeMap<Arc<OsStr>, Content>,
    mode: Mode,
}

impl Output {
    /// Keeps every file in memory.
    pub fn new() -> Self {
        Output::default()
    }

    /// Renders straight into a staging directory beside `out_dir`; [`Output::commit`] swaps it
    /// in. Fails early if `out_dir` must not be replaced (see [`check_output_dir`]).
    pub fn staged(out_dir: &Path, site_root: &Path) -> io::Result<Self> {
        let (out_dir, staging) = prepare_staging(out_dir, site_root)?;
        Ok(Output {
            files: BTreeMap::new(),
            mode: Mode::Staged {
                out_dir,
                staging,
                committed: false,
            },
        })
    }

    /// Counts what would be written and throws the bytes away (`check`).
    pub fn discarding() -> Self {
        Output {
            files: BTreeMap::new(),
            mode: Mode::Discard,
        }
    }

    /// Takes a rendered file's bytes: writes them now when staging, drops them when checking,
    /// keeps them otherwise. Safe to call from many threads; register the result with `add`.
    pub fn store(&self, path: &Path, bytes: Vec<u8>) -> io::Result<Content> {
        match &self.mode {
            Mode::Memory => Ok(Content::in_memory(path, bytes)),
            Mode::Discard => Ok(Content::Stored(bytes.len() as u64)),
            Mode::Staged {
                staging, out_dir, ..
            } => {
                let target = staging.join(path);
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir).map_err(at(dir))?;
                }
                write_or_link(&target, &bytes, &out_dir.join(path)).map_err(at(&target))?;
                Ok(Content::Stored(bytes.len() as u64))
            }
        }
    }

    /// Finishes a staged output: copies the remaining files and swaps the staging directory
    /// in place of the output directory. For other modes, does nothing.
    pub fn commit(mut self) -> io::Result<()> {
        let Mode::Staged {
            out_dir,
            staging,
            committed,
        } = &mut self.mode
        else {
            return Ok(());
        };
        let (out_dir, staging) = (out_dir.clone(), staging.clone());
        write_files(&self.files, &staging, &out_dir)?;
        let (parent, name) = parent_and_name(&out_dir);
        swap_in(&staging, &out_dir, &parent, &name)?;
        *committed = true;
        Ok(())
    }

    /// Adds a file; returns the path back if something was already there (a conflict the
    /// caller reports).
    pub fn add(&mut self, path: impl Into<PathBuf>, content: Content) -> Result<(), PathBuf> {
        let path: Arc<OsStr> = path.into().into_os_string().into();
        if self.files.contains_key(&path) {
            return Err(PathBuf::from(&*path));
        }
        self.files.insert(path, content);
        Ok(())
    }

    /// Adds or replaces (site static files override the theme's).
    pub fn put(&mut self, path: impl Into<PathBuf>, content: Content) {
        self.files
            .insert(path.into().into_os_string().into(), content);
    }

    /// Removes a file; what it was, if it was there.
    pub fn remove(&mut self, path: &Path) -> Option<Content> {
        self.files.remove(path.as_os_str())
    }

    /// A copy of an in-memory output (the dev server's next version starts from the last one;
    /// the bytes are shared, not copied). Another mode's copy is an empty in-memory output.
    pub fn memory_copy(&self) -> Output {
        match self.mode {
            Mode::Memory => Output {
                files: self.files.clone(),
                mode: Mode::Memory,
            },
            _ => Output::new(),
        }
    }

    pub fn get(&self, path: &Path) -> Option<&Content> {
        self.files.get(path.as_os_str())
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains_key(path.as_os_str())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(Path::new)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Path, &Content)> {
        self.files.iter().map(|(p, c)| (Path::new(p), c))
    }

    /// Bytes of a generated file, for tests and the dev server (in-memory outputs).
    pub fn bytes(&self, path: &Path) -> Option<io::Result<Vec<u8>>> {
        self.files.get(path.as_os_str()).map(|c| match c {
            Content::Bytes(b) => Ok(b.to_vec()),
            Content::Packed(p) => Content::unpack(p),
            Content::Copy(src) => std::fs::read(src),
            Content::Stored(_) => Err(io::Error::other("the file was written to disk, not kept")),
        })
    }

    /// Writes an in-memory output into `out_dir`, replacing it atomically. Refuses an `out_dir`
    /// that must not be replaced, as [`Output::staged`] does.
    pub fn write(&self, out_dir: &Path, site_root: &Path) -> io::Result<()> {
        let (out_dir, staging) = prepare_staging(out_dir, site_root)?;
        let (parent, name) = parent_and_name(&out_dir);
        let result = write_files(&self.files, &staging, &out_dir)
            .and_then(|()| swap_in(&staging, &out_dir, &parent, &name));
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        result
    }
}

impl Drop for Output {
    /// A staged output that was never committed (a failed build) leaves no trace.
    fn drop(&mut self) {
        if let Mode::Staged {
            staging,
            committed: false,
            ..
        } = &self.mode
        {
            let _ = std::fs::remove_dir_all(staging);
        }
    }
}

fn parent_and_name(out_dir: &Path) -> (PathBuf, String) {
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

/// Writes `bytes` to `target`, or, when `previous` (the same file in the output directory being
/// replaced) holds exactly these bytes, hard-links it there instead. A rebuild writes mostly
/// the same files again, and on ext4 creating tens of thousands of files just after deleting as
/// many is slow (the inode allocator passes over recently freed inodes): builds of a 10,000/5,000
/// site on this machine's disk spent 10–25 s of system time there. A link creates no inode, the
/// old tree's removal then frees none, and an unchanged file keeps its modification time, so
/// `rsync` and HTTP caches see it unchanged. Anything unusual (no previous file, another size,
/// a file system without links) writes the bytes.
fn write_or_link(target: &Path, bytes: &[u8], previous: &Path) -> io::Result<()> {
    let same = std::fs::symlink_metadata(previous)
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(previous).is_ok_and(|old| old == bytes);
    if same && std::fs::hard_link(previous, target).is_ok() {
        return Ok(());
    }
    std::fs::write(target, bytes)
}

/// Writes the files not yet on disk into `dir` (which exists), linking those unchanged since
/// the output in `previous` (see [`write_or_link`]).
fn write_files(
    files: &BTreeMap<Arc<OsStr>, Content>,
    dir: &Path,
    previous: &Path,
) -> io::Result<()> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter(|(_, c)| !matches!(c, Content::Stored(_)))
        .filter_map(|(p, _)| Path::new(p).parent().map(|d| dir.join(d)))
        .collect();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(at(d))?;
    }
    files.par_iter().try_for_each(|(path, content)| {
        let path = Path::new(path);
        let target = dir.join(path);
        let written = match content {
            Content::Bytes(b) => write_or_link(&target, b, &previous.join(path)),
            Content::Packed(p) => {
                Content::unpack(p).and_then(|b| write_or_link(&target, &b, &previous.join(path)))
            }
            Content::Copy(src) => {
                let old = previous.join(path);
                let same_size = match (std::fs::metadata(src), std::fs::symlink_metadata(&old)) {
                    (Ok(a), Ok(b)) => b.is_file() && a.len() == b.len(),
                    _ => false,
                };
                if same_size {
                    let bytes = std::fs::read(src).map_err(at(src))?;
                    write_or_link(&target, &bytes, &old)
                } else {
                    std::fs::copy(src, &target).map(|_| ())
                }
            }
            Content::Stored(_) => Ok(()),
        };
        written.map_err(at(&target))
    })
}

/// Names the file an OS error concerns and says what happened in Russian (the kind is kept for
/// callers that look at it). An error that already says so, one made here, passes unchanged.
fn at(path: &Path) -> impl Fn(io::Error) -> io::Error + '_ {
    move |e| {
        if e.raw_os_error().is_none() && e.get_ref().is_some() {
            return e;
        }
        io::Error::new(
            e.kind(),
            format!("{}: {}", path.display(), os_error::describe(&e)),
        )
    }
}

/// The file that marks a folder as an output of nastavnik. A build replaces its output folder
/// whole, so it must never take a folder that holds anything else: a web root with other
/// applications, a home folder with a saved `index.html`, the site's own sources. Only an
/// empty or missing folder, or one holding this marker, is replaced. The first line names the
/// format, so a later version can recognise (and, if it must, migrate) what an older one wrote.
pub const MARKER: &str = ".nastavnik-output";
const MARKER_FORMAT: u32 = 1;
const MARKER_PREFIX: &str = "nastavnik-output ";

fn marker_text() -> String {
    format!(
        "{MARKER_PREFIX}{MARKER_FORMAT}\n\
         # Эту папку создал nastavnik: каждая сборка заменяет её целиком.\n\
         # Не кладите сюда ничего своего: оно будет удалено при следующей сборке.\n"
    )
}

/// Whether `dir` is a folder nastavnik wrote: it holds the marker of a known shape, or it is
/// an output of a version from before the marker (every such output has these files; a folder
/// that merely has an `index.html` does not qualify).
fn is_our_output(dir: &Path) -> bool {
    if let Ok(text) = std::fs::read_to_string(dir.join(MARKER)) {
        return text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix(MARKER_PREFIX))
            .is_some_and(|v| v.trim().parse::<u32>().is_ok());
    }
    const BEFORE_THE_MARKER: [&str; 5] = [
        "index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "calendar.ics",
    ];
    BEFORE_THE_MARKER.iter().all(|f| dir.join(f).is_file()) && dir.join("search").is_dir()
}

/// `path` made absolute and free of `..` and symbolic links as far as it exists, so two
/// spellings of one folder compare equal. The part that does not exist yet is kept as written.
fn resolved(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(mut base) => {
                base.extend(rest.iter().rev());
                return Ok(base);
            }
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => return Ok(absolute),
            },
        }
    }
}

/// Decides whether `out_dir` may be replaced by a build of the site in `site_root`, and returns
/// the folder to replace: `out_dir` itself, or, when it is a symbolic link, the folder it points
/// to (the link is kept: deployments often point `public` at the web server's folder).
///
/// Refused: a folder that contains the site folder (or is it), one inside the site's sources,
/// a file, and any non-empty folder that nastavnik did not write. The messages say what to do.
pub fn check_output_dir(out_dir: &Path, site_root: &Path) -> io::Result<PathBuf> {
    let link = std::fs::symlink_metadata(out_dir).is_ok_and(|m| m.file_type().is_symlink());
    if link && !out_dir.exists() {
        return Err(io::Error::other(format!(
            "папка вывода {} — символическая ссылка на несуществующую папку; создайте папку, \
             на которую она указывает, или укажите другую папку вывода",
            out_dir.display()
        )));
    }
    let target = resolved(out_dir).map_err(at(out_dir))?;
    let root = resolved(site_root).map_err(at(site_root))?;
    if root.starts_with(&target) {
        return Err(io::Error::other(format!(
            "папка вывода {} содержит папку сайта {}: сборка заменяет папку вывода целиком и \
             удалила бы исходные файлы сайта; укажите отдельную папку, например --output {}",
            out_dir.display(),
            site_root.display(),
            site_root.join("public").display()
        )));
    }
    for source in ["content", "data", "static", "templates"] {
        if target.starts_with(root.join(source)) {
            return Err(io::Error::other(format!(
                "папка вывода {} находится внутри папки {source}/ с исходными файлами сайта; \
                 укажите папку вне её, например --output {}",
                out_dir.display(),
                site_root.join("public").display()
            )));
        }
    }
    let meta = match std::fs::metadata(&target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(target),
        Err(e) => return Err(at(out_dir)(e)),
    };
    if !meta.is_dir() {
        return Err(io::Error::other(format!(
            "{} — это файл, а не папка; укажите папку вывода",
            out_dir.display()
        )));
    }
    let mut entries = std::fs::read_dir(&target).map_err(at(out_dir))?;
    if entries.next().is_none() || is_our_output(&target) {
        return Ok(target);
    }
    Err(io::Error::other(format!(
        "папка вывода {} не пуста и создана не nastavnik (в ней нет файла {MARKER}). Сборка \
         заменяет папку вывода целиком, и всё, что в ней лежит, было бы удалено. Укажите новую \
         или пустую папку (например, --output {}); если это старая копия сайта, которая больше \
         не нужна, удалите или переименуйте её сами",
        out_dir.display(),
        site_root.join("public").display()
    )))
}

/// Checks `out_dir` (see [`check_output_dir`]), removes what killed builds left beside it, and
/// creates a fresh staging folder holding the marker. Returns the folder to replace and the
/// staging folder.
fn prepare_staging(out_dir: &Path, site_root: &Path) -> io::Result<(PathBuf, PathBuf)> {
    let out_dir = check_output_dir(out_dir, site_root)?;
    let (parent, name) = parent_and_name(&out_dir);
    std::fs::create_dir_all(&parent).map_err(at(&parent))?;
    remove_stale_staging(&parent, &name);
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(at(&staging))?;
    }
    std::fs::create_dir_all(&staging).map_err(at(&staging))?;
    let marker = staging.join(MARKER);
    std::fs::write(&marker, marker_text()).map_err(at(&marker))?;
    Ok((out_dir, staging))
}

/// Removes `.NAME.staging-PID` and `.NAME.old-PID` folders in `parent` whose build process is
/// gone (killed, or the machine stopped): nothing else would ever remove them, and on a large
/// site each is as big as the site. Only folders that nastavnik wrote are touched; a folder
/// whose process still runs belongs to a build under way. Failures are ignored: this is
/// tidying, not the build.
fn remove_stale_staging(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.staging-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(pid) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir && !process_is_alive(pid) && is_our_output(&path) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

#[cfg(unix)]
fn process_is_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 checks only that the process exists; nothing is sent.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_is_alive(_pid: u32) -> bool {
    // Without a cheap check, assume the build is under way: leaving a folder is harmless.
    true
}

fn swap_in(staging: &Path, out_dir: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if !out_dir.exists() {
        return std::fs::rename(staging, out_dir).map_err(at(out_dir));
    }
    if exchange(staging, out_dir).is_ok() {
        // `staging` now holds the previous build.
        return std::fs::remove_dir_all(staging).map_err(at(staging));
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(at(&old))?;
    }
    std::fs::rename(out_dir, &old).map_err(at(out_dir))?;
    if let Err(e) = std::fs::rename(staging, out_dir) {
        let _ = std::fs::rename(&old, out_dir);
        return Err(at(out_dir)(e));
    }
    std::fs::remove_dir_all(&old).map_err(at(&old))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::other(
        "atomic exchange is not available on this platform",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site folder beside the output folders of a test.
    fn site_root(tmp: &tempfile::TempDir) -> PathBuf {
        tmp.path().join("site")
    }

    /// A large HTML page kept in memory is packed and reads back as it was, written or read; a
    /// mid-sized feed is packed too, and a small page and a whole-site feed are kept as they
    /// are.
    #[test]
    fn pages_kept_in_memory_are_packed_and_read_back_whole() {
        let page: Vec<u8> = "<p>Наставничество — форма передачи опыта.</p>\n"
            .repeat(200)
            .into_bytes();
        let packed = Content::in_memory(Path::new("a/index.html"), page.clone());
        let Content::Packed(p) = &packed else {
            panic!("not packed: {packed:?}");
        };
        assert!(
            p.len() * 4 < page.len(),
            "packed {} of {}",
            p.len(),
            page.len()
        );
        let feed = "BEGIN:VEVENT\r\nEND:VEVENT\r\n".repeat(50_000).into_bytes();
        assert!(matches!(
            Content::in_memory(Path::new("event.ics"), feed[..4096].to_vec()),
            Content::Packed(_)
        ));
        for (name, bytes) in [("small.html", b"<p>x</p>".to_vec()), ("calendar.ics", feed)] {
            let c = Content::in_memory(Path::new(name), bytes);
            assert!(matches!(c, Content::Bytes(_)), "{name}: {c:?}");
        }
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut o = Output::new();
        o.add("a/index.html", packed).unwrap();
        assert_eq!(o.bytes(Path::new("a/index.html")).unwrap().unwrap(), page);
        o.write(&out, &site_root(&tmp)).unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), page);
    }

    #[test]
    fn replaces_output_and_keeps_nothing_of_the_old_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut a = Output::new();
        a.add("index.html", Content::Bytes(b"one".as_slice().into()))
            .unwrap();
        a.add("old/index.html", Content::Bytes(b"old".as_slice().into()))
            .unwrap();
        a.write(&out, &site_root(&tmp)).unwrap();
        let mut b = Output::new();
        b.add("index.html", Content::Bytes(b"two".as_slice().into()))
            .unwrap();
        b.write(&out, &site_root(&tmp)).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert!(!out.join("old").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    /// A rebuild links the files it would write unchanged: same inode, same modification time
    /// (so rsync and HTTP caches see them unchanged); changed and new files are written.
    #[cfg(unix)]
    #[test]
    fn a_rebuild_keeps_unchanged_files_and_writes_the_others() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let source = tmp.path().join("photo.jpg");
        std::fs::write(&source, b"jpeg").unwrap();
        let build = |page: &[u8], feed: &[u8]| {
            let mut o = Output::staged(&out, &site_root(&tmp)).unwrap();
            for (path, bytes) in [
                ("index.html", page),
                ("same/index.html", b"same".as_slice()),
            ] {
                let c = o.store(Path::new(path), bytes.to_vec()).unwrap();
                o.add(path, c).unwrap();
            }
            o.add("feed.xml", Content::Bytes(feed.into())).unwrap();
            o.add("photo.jpg", Content::Copy(source.clone())).unwrap();
            o.commit().unwrap();
        };
        build(b"one", b"feed");
        let meta = |p: &str| std::fs::metadata(out.join(p)).unwrap();
        let before: Vec<_> = ["index.html", "same/index.html", "feed.xml", "photo.jpg"]
            .iter()
            .map(|p| (meta(p).ino(), meta(p).mtime_nsec()))
            .collect();
        build(b"two", b"feed");
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"two");
        assert_ne!(
            meta("index.html").ino(),
            before[0].0,
            "a changed page is a new file"
        );
        for (i, p) in ["same/index.html", "feed.xml", "photo.jpg"]
            .iter()
            .enumerate()
        {
            assert_eq!(
                (meta(p).ino(), meta(p).mtime_nsec()),
                before[i + 1],
                "{p} was unchanged"
            );
            assert_eq!(meta(p).nlink(), 1, "{p}: the old build is gone");
        }
        assert_eq!(std::fs::read(out.join("photo.jpg")).unwrap(), b"jpeg");
    }

    #[test]
    fn refuses_to_replace_a_folder_that_is_not_a_site() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("notes.txt"), "важное").unwrap();
        let mut a = Output::new();
        a.add("index.html", Content::Bytes(b"x".as_slice().into()))
            .unwrap();
        assert!(a.write(tmp.path(), &tmp.path().join("site")).is_err());
        assert!(tmp.path().join("notes.txt").exists());
    }

    #[test]
    fn staged_output_is_swapped_in_on_commit_and_vanishes_otherwise() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(MARKER), marker_text()).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        {
            let mut o = Output::staged(&out, &site_root(&tmp)).unwrap();
            let c = o.store(Path::new("a/index.html"), b"new".to_vec()).unwrap();
            o.add("a/index.html", c).unwrap();
            // Dropped without commit: a failed build.
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        let mut o = Output::staged(&out, &site_root(&tmp)).unwrap();
        let c = o.store(Path::new("index.html"), b"new".to_vec()).unwrap();
        o.add("index.html", c).unwrap();
        o.add("x.txt", Content::Bytes(b"x".as_slice().into()))
            .unwrap();
        o.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_to_string(out.join("x.txt")).unwrap(), "x");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    /// An output with one page, written into `out` for the site in `root`.
    fn write_one(out: &Path, root: &Path) -> io::Result<()> {
        let mut o = Output::new();
        o.add("index.html", Content::Bytes(b"new".as_slice().into()))
            .unwrap();
        o.write(out, root)
    }

    #[test]
    fn every_output_carries_the_marker_and_can_be_replaced_again() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_one(&out, &site_root(&tmp)).unwrap();
        let marker = std::fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(marker.starts_with("nastavnik-output 1\n"), "{marker}");
        std::fs::write(out.join("index.html"), "old").unwrap();
        write_one(&out, &site_root(&tmp)).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"new");
    }

    /// The reported case: a web root with an `index.html`, another application and the site's
    /// sources inside it. Neither that folder nor one with just an `index.html` is replaced.
    #[test]
    fn refuses_a_folder_with_an_index_html_that_nastavnik_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        let www = tmp.path().join("www");
        std::fs::create_dir_all(www.join("other-app")).unwrap();
        std::fs::write(www.join("index.html"), "hi").unwrap();
        std::fs::write(www.join("other-app/config.php"), "x").unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        let err = write_one(&www, &elsewhere).unwrap_err().to_string();
        assert!(err.contains("создана не nastavnik"), "{err}");
        assert!(err.contains(MARKER), "{err}");
        assert!(www.join("other-app/config.php").exists());
        assert_eq!(std::fs::read(www.join("index.html")).unwrap(), b"hi");
        // A marker of another shape does not make it ours either.
        std::fs::write(www.join(MARKER), "something else").unwrap();
        assert!(write_one(&www, &elsewhere).is_err());
        assert!(www.join("other-app/config.php").exists());
    }

    #[test]
    fn refuses_a_folder_that_contains_the_site_even_when_it_is_ours() {
        let tmp = tempfile::tempdir().unwrap();
        let www = tmp.path().join("www");
        let root = www.join("src");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("site.yaml"), "title: x").unwrap();
        std::fs::write(www.join(MARKER), marker_text()).unwrap();
        for out in [www.clone(), root.clone(), tmp.path().to_path_buf()] {
            let err = write_one(&out, &root).unwrap_err().to_string();
            assert!(
                err.contains("содержит папку сайта"),
                "{}: {err}",
                out.display()
            );
        }
        // The same folder spelled with `..` is the same folder.
        let dotted = root.join("content").join("..").join("..");
        assert!(write_one(&dotted, &root).is_err());
        let inside = root.join("content/public");
        let err = write_one(&inside, &root).unwrap_err().to_string();
        assert!(err.contains("content/"), "{err}");
        assert!(root.join("site.yaml").exists());
        assert!(!inside.exists());
    }

    /// An output folder below a file: the system's error, in Russian and naming the folder.
    #[test]
    fn os_errors_are_reported_in_russian_with_the_path() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let out = file.join("public");
        for err in [
            write_one(&out, &site_root(&tmp)).unwrap_err(),
            Output::staged(&out, &site_root(&tmp)).unwrap_err(),
        ] {
            assert_eq!(err.kind(), io::ErrorKind::NotADirectory);
            let text = err.to_string();
            assert!(text.contains(&out.display().to_string()), "{text}");
            assert!(text.ends_with(": часть пути — файл, а не папка"), "{text}");
            assert!(!text.contains("os error"), "{text}");
        }
    }

    #[test]
    fn refuses_a_file() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("public");
        std::fs::write(&file, "x").unwrap();
        let err = write_one(&file, &site_root(&tmp)).unwrap_err().to_string();
        assert!(err.contains("это файл"), "{err}");
    }

    /// An output of a version from before the marker is recognised by the files every such
    /// output has, so upgrading does not make `build` refuse its own `public/`.
    #[test]
    fn replaces_an_output_written_before_the_marker() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(out.join("search")).unwrap();
        for f in [
            "index.html",
            "404.html",
            "sitemap.xml",
            "atom.xml",
            "calendar.ics",
        ] {
            std::fs::write(out.join(f), "x").unwrap();
        }
        write_one(&out, &site_root(&tmp)).unwrap();
        assert!(out.join(MARKER).is_file());
        assert!(!out.join("calendar.ics").exists());
    }

    /// `--output` naming a symbolic link replaces the folder it points to and keeps the link.
    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_followed_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("var-www");
        write_one(&real, &site_root(&tmp)).unwrap();
        std::fs::write(real.join("index.html"), "old").unwrap();
        let link = tmp.path().join("public");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_one(&link, &site_root(&tmp)).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(real.join("index.html")).unwrap(), b"new");
        let dangling = tmp.path().join("dangling");
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
        let err = write_one(&dangling, &site_root(&tmp))
            .unwrap_err()
            .to_string();
        assert!(err.contains("несуществующую"), "{err}");
    }

    /// A killed build's staging folder is removed by the next build; a running build's, and a
    /// folder of the same name that nastavnik did not write, are not.
    #[cfg(unix)]
    #[test]
    fn stale_staging_folders_of_dead_builds_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // A process that has exited: its pid is free (until reused, which a test cannot race).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = tmp.path().join(format!(".public.staging-{dead}"));
        let stale_old = tmp.path().join(format!(".public.old-{dead}"));
        let foreign = tmp
            .path()
            .join(format!(".public.staging-{}", dead + 1_000_000));
        let running = tmp.path().join(".public.staging-1");
        for dir in [&stale, &stale_old, &running] {
            std::fs::create_dir_all(dir.join("events")).unwrap();
            std::fs::write(dir.join(MARKER), marker_text()).unwrap();
        }
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "x").unwrap();
        write_one(&out, &site_root(&tmp)).unwrap();
        assert!(!stale.exists());
        assert!(!stale_old.exists());
        assert!(foreign.exists(), "not written by nastavnik");
        assert!(running.exists(), "pid 1 is alive");
    }

    #[test]
    fn conflicts_are_reported() {
        let mut a = Output::new();
        a.add("a", Content::Bytes(Arc::from([]))).unwrap();
        assert!(a.add("a", Content::Bytes(Arc::from([]))).is_err());
    }
}
