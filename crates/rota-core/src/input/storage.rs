//! Reading input files and saving output files safely.
//!
//! Reading: only regular files, up to [`MAX_INPUT_BYTES`], so a path that
//! names a FIFO, a device or something huge fails at once with a clear
//! message instead of blocking or eating memory.
//!
//! Saving: the new content goes to a fresh temporary file beside the file it
//! replaces, is flushed and synced, takes the old file's mode and group, and
//! is renamed over it; the previous version becomes `FILE.bak` by a hard link
//! (or, where links are not possible, a fresh temporary copy) renamed into
//! place. Nothing is ever written through an existing name, so a `FILE.bak`
//! that is a symlink is replaced, never followed, and a full disk fails before
//! anything old is touched. A `FILE` that is a symlink is resolved first: its
//! target is replaced atomically in the target's directory and the link stays.
//! Temporary files left by a save that was killed are removed by the next
//! save of the same file.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The largest input file read, in bytes: far above any real organisation or
/// schedule, far below what would exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// How many symlinks a save follows before giving up (a loop).
const MAX_LINKS: usize = 40;

/// The suffix of every temporary file a save creates.
const TEMP_SUFFIX: &str = ".rota-tmp";

/// The backup path kept beside a saved file.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// What kind of thing a path is, in words, for "not a regular file" errors.
fn kind_of(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

fn not_regular(file_type: &fs::FileType) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("not a regular file ({})", kind_of(file_type)),
    )
}

/// Reads a whole input file: a regular file (a symlink to one is fine) of at
/// most [`MAX_INPUT_BYTES`]. The type is checked before opening, so a FIFO
/// never blocks, and again on the open handle.
pub fn read_input(path: &Path) -> io::Result<Vec<u8>> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular(&meta.file_type()));
    }
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta.file_type()));
    }
    let too_large = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "the file is larger than the limit of {} MiB",
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        )
    };
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The length can change after the check; never read past the limit.
    file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Writes `bytes` to `path` atomically, keeping the previous file as a backup.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// The file a save really replaces: `path` with every symlink followed (a
/// dangling link names the file to create).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `.NAME.PID.N.rota-tmp`: hidden, unique within this process, and
/// recognisable (with its owner's pid) by a later save's clean-up.
fn temp_name(name: &std::ffi::OsStr) -> OsString {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let mut tmp = OsString::from(".");
    tmp.push(name);
    tmp.push(format!(
        ".{}.{}{TEMP_SUFFIX}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    tmp
}

/// Whether a process with this id is running; unknown (no `/proc`) counts as
/// gone, so leftovers are still cleaned up there.
fn process_alive(pid: u32) -> bool {
    pid == std::process::id()
        || (Path::new("/proc/self").exists() && Path::new("/proc").join(pid.to_string()).exists())
}

/// Removes temporary files of earlier saves of `name` in `dir` whose process
/// is gone (a save killed half-way). Best effort: a failure here never stops
/// the save.
fn clean_stale_temps(dir: &Path, name: &std::ffi::OsStr) {
    let Some(name) = name.to_str() else { return };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(middle) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let pid = middle.split('.').next().and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && !process_alive(pid)
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Creates a new temporary file in `dir` that did not exist before (so never
/// through a link someone planted), readable only by the owner until the
/// content is complete and the final mode is set.
fn create_temp(dir: &Path, name: &std::ffi::OsStr) -> io::Result<(PathBuf, File)> {
    loop {
        let tmp = dir.join(temp_name(name));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            // A leftover of the same name; the counter moves on.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Gives the new file the old one's group (and owner, where allowed) and
/// permission bits; a brand-new file gets the usual mode for new files.
fn set_metadata(file: &File, old: Option<&fs::Metadata>) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mode = match old {
            Some(old) => {
                // Only root may give a file away; anyone may keep their group.
                if std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
                    let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
                }
                old.mode() & 0o7777
            }
            None => 0o666 & !current_umask(),
        };
        file.set_permissions(fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    {
        if let Some(old) = old {
            file.set_permissions(old.permissions())?;
        }
    }
    Ok(())
}

/// The process's umask, read from `/proc/self/status` where it is shown;
/// else the common 022.
#[cfg(unix)]
fn current_umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

/// Makes `target`'s current content `FILE.bak` without writing through any
/// existing name: a hard link under a fresh name renamed over the backup, or
/// where hard links are not possible, a fresh synced copy renamed the same way.
fn back_up(
    target: &Path,
    dir: &Path,
    name: &std::ffi::OsStr,
    old: &fs::Metadata,
) -> io::Result<()> {
    let backup = backup_path(target);
    let link = dir.join(temp_name(name));
    match fs::hard_link(target, &link) {
        Ok(()) => {}
        Err(_) => {
            let (copy, mut file) = create_temp(dir, name)?;
            let copied = (|| {
                let mut from = File::open(target)?;
                io::copy(&mut from, &mut file)?;
                set_metadata(&file, Some(old))?;
                file.sync_all()
            })();
            if let Err(e) = copied {
                let _ = fs::remove_file(&copy);
                return Err(e);
            }
            return fs::rename(&copy, &backup).inspect_err(|_| {
                let _ = fs::remove_file(&copy);
            });
        }
    }
    fs::rename(&link, &backup).inspect_err(|_| {
        let _ = fs::remove_file(&link);
    })
}

/// Like [`write_atomic`], with the content produced by a writer callback; if
/// the callback (or anything else) fails, nothing is replaced and no
/// temporary file is left.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve_links(path)?;
    let dir = directory_of(&target);
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name to save to"))?
        .to_os_string();
    let old = match fs::symlink_metadata(&target) {
        Ok(meta) if meta.is_file() => Some(meta),
        Ok(meta) => return Err(not_regular(&meta.file_type())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    clean_stale_temps(&dir, &name);

    let (tmp, mut file) = create_temp(&dir, &name)?;
    let result = (|| {
        {
            let mut buffered = io::BufWriter::new(&mut file);
            write(&mut buffered)?;
            buffered.flush()?;
        }
        set_metadata(&file, old.as_ref())?;
        file.sync_all()?;
        drop(file);
        if let Some(old) = &old {
            back_up(&target, &dir, &name, old)?;
        }
        fs::rename(&tmp, &target)?;
        // Make the renames themselves durable where the platform allows it.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The path of `file` as seen from directory `dir`, with `/` separators.
pub fn relative_to_dir(file: &Path, dir: &Path) -> String {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        };
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            std::env::current_dir()
                .map(|c| c.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        })
    };
    let file = absolute(file);
    let dir = absolute(dir);
    let f: Vec<Component> = file.components().collect();
    let d: Vec<Component> = dir.components().collect();
    let common = f.iter().zip(&d).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); d.len() - common];
    parts.extend(
        f[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_and_keeps_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"one");
        write_atomic(&path, b"three").unwrap();
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["s.toml", "s.toml.bak"]);
    }

    #[test]
    fn a_failing_writer_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        fs::write(&path, b"old").unwrap();
        let err = write_atomic_with(&path, |w| {
            w.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["s.toml"], "no temporary file is left");
    }

    #[test]
    fn leftovers_of_a_dead_save_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        // No process has pid 4294967295; ours is alive.
        let dead = dir
            .path()
            .join(format!(".s.toml.4294967295.0{TEMP_SUFFIX}"));
        let live = dir
            .path()
            .join(format!(".s.toml.{}.999{TEMP_SUFFIX}", std::process::id()));
        let other = dir
            .path()
            .join(format!(".t.toml.4294967295.0{TEMP_SUFFIX}"));
        for p in [&dead, &live, &other] {
            fs::write(p, b"half").unwrap();
        }
        write_atomic(&path, b"new").unwrap();
        assert!(!dead.exists());
        assert!(live.exists(), "a running save's file is not touched");
        assert!(other.exists(), "another file's leftovers are its own");
    }

    #[test]
    fn reads_only_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_input(dir.path()).unwrap_err();
        assert!(err.to_string().contains("a directory"), "{err}");
        let path = dir.path().join("f");
        fs::write(&path, b"text").unwrap();
        assert_eq!(read_input(&path).unwrap(), b"text");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_device_without_reading_it() {
        let err = read_input(Path::new("/dev/zero")).unwrap_err();
        assert!(err.to_string().contains("character device"), "{err}");
    }

    #[test]
    fn relative_paths_climb_out_of_the_schedule_directory() {
        let dir = tempfile::tempdir().unwrap();
        let org = dir.path().join("org.toml");
        std::fs::write(&org, "").unwrap();
        std::fs::create_dir(dir.path().join("out")).unwrap();
        assert_eq!(relative_to_dir(&org, dir.path()), "org.toml");
        assert_eq!(
            relative_to_dir(&org, &dir.path().join("out")),
            "../org.toml"
        );
    }
}
