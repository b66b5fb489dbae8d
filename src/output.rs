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
        staging: Staging,
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
        Ok(Output {
            files: BTreeMap::new(),
            mode: Mode::Staged {
                staging: Staging::prepare(out_dir, site_root)?,
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
            Mode::Staged { staging, .. } => {
                staging.put(path, &bytes)?;
                Ok(Content::Stored(bytes.len() as u64))
            }
        }
    }

    /// Finishes a staged output: copies the remaining files and swaps the staging directory
    /// in place of the output directory. For other modes, does nothing.
    pub fn commit(mut self) -> io::Result<()> {
        let Mode::Staged { staging, committed } = &mut self.mode else {
            return Ok(());
        };
        staging.write_files(&self.files)?;
        staging.swap_in(&self.files)?;
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
        let staging = Staging::prepare(out_dir, site_root)?;
        let result = staging
            .write_files(&self.files)
            .and_then(|()| staging.swap_in(&self.files));
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staging.dir);
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
        } = &self.mode
        {
            let _ = std::fs::remove_dir_all(&staging.dir);
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

/// The folder a build writes into, beside the folder it replaces, swapped in when every file
/// is written.
///
/// It is either a fresh folder or the build before last, kept for this (see
/// [`Staging::swap_in`]): a rebuild of a large site then changes on disk only what changed
/// instead of making every folder and link again and removing the old tree. On ext4 those made
/// the whole file-system work of a rebuild, about 3.7 s at 10,000/5,000 whatever changed
/// (docs/benchmarks.md, seventh pass). The published folder is never written into either way.
#[derive(Debug)]
struct Staging {
    /// The folder replaced: the output folder, or where its symbolic link points.
    out_dir: PathBuf,
    /// The folder written.
    dir: PathBuf,
    /// When `dir` is a kept build, what it held (paths relative to it, whether a folder):
    /// what this build does not write is removed before the swap.
    reused: Option<Listing>,
}

/// What a kept build held when it was taken: each entry's path relative to it and whether it
/// is a folder, packed in one buffer (a flag byte, the path, a NUL). At 10,000/5,000 its
/// 54,000 entries held as separate paths added 4 MiB to a rebuild's peak.
#[derive(Debug, Default)]
struct Listing(Vec<u8>);

impl Listing {
    fn push(&mut self, inner: &Path, is_dir: bool) {
        self.0.push(if is_dir { b'd' } else { b'f' });
        self.0
            .extend_from_slice(inner.as_os_str().as_encoded_bytes());
        self.0.push(0);
    }

    /// The entries, last listed first: a folder's contents before the folder.
    fn rev(&self) -> impl Iterator<Item = (&Path, bool)> {
        self.0
            .rsplit(|&b| b == 0)
            .filter_map(|entry| entry.split_first())
            .map(|(&flag, path)| {
                // SAFETY: `path` is the whole of what `as_encoded_bytes` gave in `push`: the
                // NUL separators and flag bytes around it are ASCII, outside any encoding.
                let path = unsafe { OsStr::from_encoded_bytes_unchecked(path) };
                (Path::new(path), flag == b'd')
            })
    }
}

impl Staging {
    /// Checks `out_dir` (see [`check_output_dir`]), tidies what killed builds left beside it,
    /// and takes the kept previous build as the staging folder, or makes a fresh one. Either
    /// holds the marker.
    fn prepare(out_dir: &Path, site_root: &Path) -> io::Result<Staging> {
        let out_dir = check_output_dir(out_dir, site_root)?;
        let (parent, name) = parent_and_name(&out_dir);
        std::fs::create_dir_all(&parent).map_err(at(&parent))?;
        remove_stale_staging(&parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(at(&dir))?;
        }
        let reused = reuse_kept(&parent.join(kept_name(&name)), &dir);
        if reused.is_none() {
            std::fs::create_dir_all(&dir).map_err(at(&dir))?;
        }
        let marker = dir.join(MARKER);
        // Replaced, not written into, like every file of a kept build (see `keep_or_clear`).
        let _ = std::fs::remove_file(&marker);
        std::fs::write(&marker, marker_text()).map_err(at(&marker))?;
        Ok(Staging {
            out_dir,
            dir,
            reused,
        })
    }

    /// Writes one file at `path` (relative), making its folder.
    fn put(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if let Some(dir) = self.dir.join(path).parent() {
            self.make_dir(dir).map_err(at(dir))?;
        }
        self.place(path, bytes)
    }

    /// Writes one file at `path` (relative) into its folder, which exists.
    fn place(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let target = self.dir.join(path);
        if self.reused.is_some() && keep_or_clear(&target, bytes).map_err(at(&target))? {
            return Ok(());
        }
        write_or_link(&target, bytes, &self.out_dir.join(path)).map_err(at(&target))
    }

    /// Makes folder `dir` inside the staging folder. In a kept build a file may stand where
    /// this build has a folder (`a` then, `a/index.html` now): it is removed.
    fn make_dir(&self, dir: &Path) -> io::Result<()> {
        let Err(e) = std::fs::create_dir_all(dir) else {
            return Ok(());
        };
        let Some(inner) = self.reused.as_ref().and(dir.strip_prefix(&self.dir).ok()) else {
            return Err(e);
        };
        let mut at = self.dir.clone();
        for part in inner.components() {
            at.push(part);
            if std::fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                remove_if_there(std::fs::remove_file(&at))?;
            }
        }
        std::fs::create_dir_all(dir)
    }

    /// Writes the files not yet on disk, linking those unchanged since the output being
    /// replaced (see [`write_or_link`]).
    fn write_files(&self, files: &BTreeMap<Arc<OsStr>, Content>) -> io::Result<()> {
        let mut dirs: Vec<&Path> = files
            .iter()
            .filter(|(_, c)| !matches!(c, Content::Stored(_)))
            .filter_map(|(p, _)| Path::new(p).parent())
            .collect();
        dirs.dedup();
        for d in dirs {
            let d = self.dir.join(d);
            self.make_dir(&d).map_err(at(&d))?;
        }
        files.par_iter().try_for_each(|(path, content)| {
            let path = Path::new(path);
            match content {
                // Their folders were made above.
                Content::Bytes(b) => self.place(path, b),
                Content::Packed(p) => self.place(path, &Content::unpack(p)?),
                Content::Copy(src) => self.copy(path, src),
                Content::Stored(_) => Ok(()),
            }
        })
    }

    /// Copies `src` to `path`: read and compared when the same file may already be there, in
    /// the kept build or in the output being replaced; copied as it is otherwise.
    fn copy(&self, path: &Path, src: &Path) -> io::Result<()> {
        let target = self.dir.join(path);
        let old = self.out_dir.join(path);
        let size = std::fs::metadata(src).map_err(at(src))?.len();
        let may_be_there = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.len() == size);
        if (self.reused.is_some() && std::fs::symlink_metadata(&target).is_ok())
            || may_be_there(&old)
        {
            let bytes = std::fs::read(src).map_err(at(src))?;
            return self.place(path, &bytes);
        }
        std::fs::copy(src, &target).map(|_| ()).map_err(at(&target))
    }

    /// Removes from a kept build what this build did not write, then swaps the staging folder
    /// in for the output folder. The output replaced is kept beside it, hidden, as the next
    /// build's staging folder; it shares its unchanged files with the new output (they are
    /// links), so it costs its folders and the files that changed.
    fn swap_in(&self, files: &BTreeMap<Arc<OsStr>, Content>) -> io::Result<()> {
        if let Some(listing) = &self.reused {
            remove_unwritten(&self.dir, listing, files)?;
        }
        let (parent, name) = parent_and_name(&self.out_dir);
        let (staging, out_dir) = (&self.dir, &self.out_dir);
        if !out_dir.exists() {
            return std::fs::rename(staging, out_dir).map_err(at(out_dir));
        }
        if exchange(staging, out_dir).is_ok() {
            // `staging` now holds the previous build.
            keep(staging, &parent.join(kept_name(&name)));
            return Ok(());
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
        keep(&old, &parent.join(kept_name(&name)));
        Ok(())
    }
}

/// The name of the previous build kept beside output folder `name`.
fn kept_name(name: &str) -> String {
    format!(".{name}.previous")
}

/// Keeps the build in `dir` as `kept` for the next build, or, if that cannot be, removes it.
fn keep(dir: &Path, kept: &Path) {
    if std::fs::symlink_metadata(kept).is_ok_and(|m| m.is_dir()) && is_our_output(kept) {
        let _ = std::fs::remove_dir_all(kept);
    }
    if std::fs::rename(dir, kept).is_err() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Takes the kept build `kept` (a folder nastavnik wrote) as staging folder `staging`, and
/// lists what it holds. Anything in it that is neither a file nor a folder is removed first: a
/// symbolic link there would let a write land outside the staging folder. None if there is no
/// kept build or it cannot be used (it is then removed).
fn reuse_kept(kept: &Path, staging: &Path) -> Option<Listing> {
    let is_dir = std::fs::symlink_metadata(kept).is_ok_and(|m| m.is_dir());
    if !is_dir || !is_our_output(kept) || std::fs::rename(kept, staging).is_err() {
        return None;
    }
    let mut listing = Listing::default();
    let mut listed = || -> io::Result<()> {
        for entry in walkdir::WalkDir::new(staging).min_depth(1) {
            let entry = entry.map_err(io::Error::other)?;
            let kind = entry.file_type();
            if !kind.is_dir() && !kind.is_file() {
                std::fs::remove_file(entry.path())?;
            } else if let Ok(inner) = entry.path().strip_prefix(staging) {
                listing.push(inner, kind.is_dir());
            }
        }
        Ok(())
    };
    if listed().is_err() {
        let _ = std::fs::remove_dir_all(staging);
        return None;
    }
    Some(listing)
}

/// Whether `target`, in a kept build, already holds exactly `bytes`; if it holds anything
/// else, that is removed. A file there may be a link to the same file in the published output
/// (it was linked two builds ago), so it is never written into: it is replaced.
fn keep_or_clear(target: &Path, bytes: &[u8]) -> io::Result<bool> {
    let Ok(meta) = std::fs::symlink_metadata(target) else {
        return Ok(false);
    };
    if meta.is_dir() {
        remove_if_there(std::fs::remove_dir_all(target))?;
        return Ok(false);
    }
    if meta.is_file()
        && meta.len() == bytes.len() as u64
        && std::fs::read(target).is_ok_and(|old| old == bytes)
    {
        return Ok(true);
    }
    remove_if_there(std::fs::remove_file(target))?;
    Ok(false)
}

/// Removes what a kept build held (`listing`, made when it was taken) and this build did
/// not write: files not in `files`, folders no file of `files` is in. Deepest first.
fn remove_unwritten(
    dir: &Path,
    listing: &Listing,
    files: &BTreeMap<Arc<OsStr>, Content>,
) -> io::Result<()> {
    let folders: std::collections::HashSet<&Path> = files
        .keys()
        .flat_map(|p| Path::new(p).ancestors().skip(1))
        .collect();
    for (inner, is_dir) in listing.rev() {
        let wanted_file = files.contains_key(inner.as_os_str()) || inner.as_os_str() == MARKER;
        // Wanted as it was, or this build put the other kind there.
        if wanted_file || folders.contains(inner) {
            continue;
        }
        let path = dir.join(inner);
        let removed = if is_dir {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        remove_if_there(removed).map_err(at(&path))?;
    }
    Ok(())
}

/// A removal's result, with "it was not there" as success (a folder of the kept build that
/// this build made a file has no files in it any more).
fn remove_if_there(removed: io::Result<()>) -> io::Result<()> {
    match removed {
        Err(e)
            if !matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            Err(e)
        }
        _ => Ok(()),
    }
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

/// Tidies `.NAME.staging-PID` and `.NAME.old-PID` folders in `parent` whose build process is
/// gone (killed, or the machine stopped): nothing else would ever remove them, and on a large
/// site each is as big as the site. One becomes the kept build if there is none (a staging
/// folder reused is made right whatever it holds); the others are removed. Only folders that
/// nastavnik wrote are touched; a folder whose process still runs belongs to a build under
/// way. Failures are ignored: this is tidying, not the build.
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
            let kept = parent.join(kept_name(name));
            if kept.exists() || std::fs::rename(&path, &kept).is_err() {
                let _ = std::fs::remove_dir_all(&path);
            }
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
        // Beside it only the build replaced, hidden, kept for the next build.
        assert_eq!(names_in(tmp.path()), [".public.previous", "public"]);
        assert_eq!(
            std::fs::read_to_string(tmp.path().join(".public.previous/old/index.html")).unwrap(),
            "old"
        );
    }

    /// Names of the entries in `dir`, sorted.
    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Every file under `dir` with its bytes (symbolic links as `->` and their target).
    fn tree(dir: &Path) -> BTreeMap<String, String> {
        walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                let name = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let text = if e.path_is_symlink() {
                    format!("-> {}", std::fs::read_link(e.path()).unwrap().display())
                } else {
                    std::fs::read_to_string(e.path()).unwrap()
                };
                (name, text)
            })
            .collect()
    }

    /// A rebuild writes into the build before last, kept beside the output, and leaves there
    /// exactly what a fresh folder would hold: files changed, removed, a file where a folder
    /// was and a folder where a file was, and nothing that was only in the old build. What
    /// anyone put there that is not a file or folder is removed, never followed.
    #[cfg(unix)]
    #[test]
    fn a_rebuild_makes_the_kept_build_exactly_the_new_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let kept = tmp.path().join(".public.previous");
        let outside = tmp.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        let build = |files: &[(&str, &str)], staged: &[(&str, &str)]| {
            let mut o = Output::staged(&out, &site_root(&tmp)).unwrap();
            for (path, text) in staged {
                let c = o.store(Path::new(path), text.as_bytes().to_vec()).unwrap();
                o.add(*path, c).unwrap();
            }
            for (path, text) in files {
                o.add(*path, Content::Bytes(text.as_bytes().into()))
                    .unwrap();
            }
            o.commit().unwrap();
        };
        let first = [
            ("index.html", "1"),
            ("a", "file a"),
            ("b/index.html", "folder b"),
            ("gone/deep/x.html", "gone"),
            ("same.css", "css"),
        ];
        build(&first, &[("p/index.html", "page 1")]);
        build(&first, &[("p/index.html", "page 1")]);
        assert!(kept.is_dir(), "the build replaced is kept");
        // Someone's link in the kept build, where the next build writes a page.
        std::os::unix::fs::symlink(&outside, kept.join("evil")).unwrap();
        std::fs::write(kept.join("stray.txt"), "stray").unwrap();
        let second = [
            ("index.html", "2"),
            ("a/index.html", "folder a"),
            ("b", "file b"),
            ("same.css", "css"),
            ("evil/index.html", "page"),
        ];
        build(
            &second,
            &[("p/index.html", "page 2"), ("q/index.html", "new")],
        );
        let mut expected: BTreeMap<String, String> = second
            .iter()
            .chain(&[("p/index.html", "page 2"), ("q/index.html", "new")])
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        expected.insert(MARKER.into(), marker_text());
        assert_eq!(tree(&out), expected);
        assert_eq!(
            std::fs::read_dir(&outside).unwrap().count(),
            0,
            "nothing written through the link"
        );
        // The kept build is now the second one, whole and unchanged by the third: its files
        // linked from the first were replaced in the new output, never written into.
        let mut second_build: BTreeMap<String, String> = first
            .iter()
            .chain(&[("p/index.html", "page 1")])
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        second_build.insert(MARKER.into(), marker_text());
        assert_eq!(tree(&kept), second_build);
        assert_eq!(
            names_in(tmp.path()),
            [".public.previous", "outside", "public"]
        );
    }

    /// A `.public.previous` that nastavnik did not write is neither used nor removed.
    #[test]
    fn a_kept_folder_that_is_not_ours_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let kept = tmp.path().join(".public.previous");
        std::fs::create_dir(&kept).unwrap();
        std::fs::write(kept.join("notes.txt"), "важное").unwrap();
        write_one(&out, &site_root(&tmp)).unwrap();
        write_one(&out, &site_root(&tmp)).unwrap();
        assert_eq!(
            tree(&kept),
            BTreeMap::from([("notes.txt".into(), "важное".into())])
        );
        assert!(!out.join("notes.txt").exists());
        assert_eq!(names_in(tmp.path()), [".public.previous", "public"]);
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
            assert_eq!(meta(p).nlink(), 2, "{p}: shared with the build kept beside");
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
        assert_eq!(names_in(tmp.path()), [".public.previous", "public"]);
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
    fn stale_staging_folders_of_dead_builds_are_reused_or_removed() {
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
        std::fs::write(stale.join("events/stale.html"), "stale").unwrap();
        std::fs::write(stale_old.join("events/stale.html"), "stale").unwrap();
        write_one(&out, &site_root(&tmp)).unwrap();
        assert!(!stale.exists());
        assert!(!stale_old.exists());
        // One of them was the staging folder: nothing of what it held is left.
        assert_eq!(
            tree(&out).keys().collect::<Vec<_>>(),
            [MARKER, "index.html"]
        );
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
