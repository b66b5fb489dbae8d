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
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

#[derive(Debug, Clone)]
pub enum Content {
    /// Shared, so the dev server's successive outputs keep unchanged files without copying them.
    Bytes(Arc<[u8]>),
    /// A file copied as is (attachments, theme and site static files).
    Copy(PathBuf),
    /// Already written to the staging directory (or, when checking, thrown away); the length.
    Stored(u64),
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
    /// Keyed by the path as an `OsString`: byte order, which is much cheaper to compare than
    /// `Path`'s component order, and still the same order on every run.
    files: BTreeMap<OsString, Content>,
    mode: Mode,
}

impl Output {
    /// Keeps every file in memory.
    pub fn new() -> Self {
        Output::default()
    }

    /// Renders straight into a staging directory beside `out_dir`; [`Output::commit`] swaps it
    /// in. Fails early if `out_dir` must not be replaced.
    pub fn staged(out_dir: &Path) -> io::Result<Self> {
        check_output_dir(out_dir)?;
        let (parent, name) = parent_and_name(out_dir);
        std::fs::create_dir_all(&parent)?;
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(Output {
            files: BTreeMap::new(),
            mode: Mode::Staged {
                out_dir: out_dir.to_path_buf(),
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
            Mode::Memory => Ok(Content::Bytes(bytes.into())),
            Mode::Discard => Ok(Content::Stored(bytes.len() as u64)),
            Mode::Staged {
                staging, out_dir, ..
            } => {
                let target = staging.join(path);
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                write_or_link(&target, &bytes, &out_dir.join(path))?;
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
        let path = path.into().into_os_string();
        if self.files.contains_key(&path) {
            return Err(PathBuf::from(path));
        }
        self.files.insert(path, content);
        Ok(())
    }

    /// Adds or replaces (site static files override the theme's).
    pub fn put(&mut self, path: impl Into<PathBuf>, content: Content) {
        self.files.insert(path.into().into_os_string(), content);
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
            Content::Copy(src) => std::fs::read(src),
            Content::Stored(_) => Err(io::Error::other("the file was written to disk, not kept")),
        })
    }

    /// Writes an in-memory output into `out_dir`, replacing it atomically.
    pub fn write(&self, out_dir: &Path) -> io::Result<()> {
        check_output_dir(out_dir)?;
        let (parent, name) = parent_and_name(out_dir);
        std::fs::create_dir_all(&parent)?;
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        let result = std::fs::create_dir_all(&staging)
            .and_then(|()| write_files(&self.files, &staging, out_dir))
            .and_then(|()| swap_in(&staging, out_dir, &parent, &name));
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
fn write_files(files: &BTreeMap<OsString, Content>, dir: &Path, previous: &Path) -> io::Result<()> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter(|(_, c)| !matches!(c, Content::Stored(_)))
        .filter_map(|(p, _)| Path::new(p).parent().map(|d| dir.join(d)))
        .collect();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d)?;
    }
    files.par_iter().try_for_each(|(path, content)| {
        let target = dir.join(path);
        match content {
            Content::Bytes(b) => write_or_link(&target, b, &previous.join(path)),
            Content::Copy(src) => {
                let old = previous.join(path);
                let same_size = match (std::fs::metadata(src), std::fs::symlink_metadata(&old)) {
                    (Ok(a), Ok(b)) => b.is_file() && a.len() == b.len(),
                    _ => false,
                };
                if same_size {
                    write_or_link(&target, &std::fs::read(src)?, &old)
                } else {
                    std::fs::copy(src, &target).map(|_| ())
                }
            }
            Content::Stored(_) => Ok(()),
        }
    })
}

/// Refuses output directories whose replacement would destroy something that is not a built
/// site: the site folder itself, a parent of it, or a non-empty folder without an `index.html`.
fn check_output_dir(out_dir: &Path) -> io::Result<()> {
    if !out_dir.exists() {
        return Ok(());
    }
    let is_empty = std::fs::read_dir(out_dir)?.next().is_none();
    if is_empty || out_dir.join("index.html").is_file() || out_dir.join("404.html").is_file() {
        if out_dir.join("site.yaml").exists() || out_dir.join("content").is_dir() {
            return Err(io::Error::other(format!(
                "папка вывода {} содержит материалы сайта (site.yaml или content): укажите другую папку",
                out_dir.display()
            )));
        }
        return Ok(());
    }
    Err(io::Error::other(format!(
        "папка вывода {} не пуста и не похожа на собранный сайт (в ней нет index.html); \
         nastavnik заменяет эту папку целиком, поэтому укажите пустую или новую папку",
        out_dir.display()
    )))
}

fn swap_in(staging: &Path, out_dir: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if !out_dir.exists() {
        return std::fs::rename(staging, out_dir);
    }
    if exchange(staging, out_dir).is_ok() {
        // `staging` now holds the previous build.
        return std::fs::remove_dir_all(staging);
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    std::fs::rename(out_dir, &old)?;
    if let Err(e) = std::fs::rename(staging, out_dir) {
        let _ = std::fs::rename(&old, out_dir);
        return Err(e);
    }
    std::fs::remove_dir_all(&old)
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

    #[test]
    fn replaces_output_and_keeps_nothing_of_the_old_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut a = Output::new();
        a.add("index.html", Content::Bytes(b"one".as_slice().into()))
            .unwrap();
        a.add("old/index.html", Content::Bytes(b"old".as_slice().into()))
            .unwrap();
        a.write(&out).unwrap();
        let mut b = Output::new();
        b.add("index.html", Content::Bytes(b"two".as_slice().into()))
            .unwrap();
        b.write(&out).unwrap();
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
            let mut o = Output::staged(&out).unwrap();
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
        assert!(a.write(tmp.path()).is_err());
        assert!(tmp.path().join("notes.txt").exists());
    }

    #[test]
    fn staged_output_is_swapped_in_on_commit_and_vanishes_otherwise() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        {
            let mut o = Output::staged(&out).unwrap();
            let c = o.store(Path::new("a/index.html"), b"new".to_vec()).unwrap();
            o.add("a/index.html", c).unwrap();
            // Dropped without commit: a failed build.
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        let mut o = Output::staged(&out).unwrap();
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

    #[test]
    fn conflicts_are_reported() {
        let mut a = Output::new();
        a.add("a", Content::Bytes(Arc::from([]))).unwrap();
        assert!(a.add("a", Content::Bytes(Arc::from([]))).is_err());
    }
}
