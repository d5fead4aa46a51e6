//! Saves as the real binary makes them (`plan -o`): mode and group kept,
//! symlinks to the file updated in place of their target, a `.bak` symlink
//! never followed, leftovers of a killed save removed, and a full disk
//! never costing the previous file or its backup.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const ORG: &str = "tests/fixtures/plan/org.toml";

fn rota() -> Command {
    let mut c = Command::cargo_bin("rota").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ROTA_TODAY")
        .env("NO_COLOR", "1");
    c
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `rota plan ORG --start 2026-11-30 --weeks N -o PATH`.
fn plan(weeks: u32, path: &Path) -> std::process::Output {
    rota()
        .args(["plan", ORG, "--start", "2026-11-30", "--weeks"])
        .arg(weeks.to_string())
        .arg("-o")
        .arg(path)
        .output()
        .unwrap()
}

fn planned(weeks: u32, path: &Path) -> String {
    let out = plan(weeks, path);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    fs::read_to_string(path).unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn a_save_keeps_a_private_file_private_and_its_group() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    planned(2, &path);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    // Root can hand the file to another group, as a shared team directory
    // would; anyone else keeps their own.
    let group = if std::os::unix::fs::chown(&path, None, Some(1)).is_ok() {
        1
    } else {
        fs::metadata(&path).unwrap().gid()
    };
    let out = plan(3, &path);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let meta = fs::metadata(&path).unwrap();
    assert_eq!(meta.mode() & 0o7777, 0o600, "not widened");
    assert_eq!(meta.gid(), group, "group kept");
    let backup = fs::metadata(dir.path().join("s.toml.bak")).unwrap();
    assert_eq!(backup.mode() & 0o7777, 0o600, "the backup is as private");
}

#[cfg(unix)]
#[test]
fn a_save_through_a_symlink_updates_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("real")).unwrap();
    let target = dir.path().join("real").join("s.toml");
    let old = planned(2, &target);
    let link = dir.path().join("s.toml");
    std::os::unix::fs::symlink("real/s.toml", &link).unwrap();

    let new = planned(3, &link);
    assert_ne!(old, new);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), PathBuf::from("real/s.toml"));
    assert_eq!(fs::read_to_string(&target).unwrap(), new);
    assert_eq!(
        fs::read_to_string(dir.path().join("real/s.toml.bak")).unwrap(),
        old,
        "the backup sits beside the file it backs up"
    );
    assert_eq!(names(dir.path()), ["real", "s.toml"]);
    assert_eq!(names(&dir.path().join("real")), ["s.toml", "s.toml.bak"]);
}

#[cfg(unix)]
#[test]
fn a_backup_that_is_a_symlink_is_replaced_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    let old = planned(2, &path);
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("s.toml.bak")).unwrap();

    planned(3, &path);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    let backup = dir.path().join("s.toml.bak");
    assert!(fs::symlink_metadata(&backup).unwrap().is_file());
    assert_eq!(fs::read_to_string(&backup).unwrap(), old);
}

#[test]
fn leftovers_of_a_killed_save_are_cleaned_up_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    planned(2, &path);
    // What a save killed half-way leaves: its temporary file, named with
    // the pid of a process that is gone (no pid is this large).
    let leftover = dir.path().join(".s.toml.4294967295.0.rota-tmp");
    fs::write(&leftover, "half a sched").unwrap();
    planned(3, &path);
    assert!(!leftover.exists());
    assert_eq!(names(dir.path()), ["s.toml", "s.toml.bak"]);
}

/// A tiny tmpfs mounted for one test and unmounted when dropped.
struct TinyFs(PathBuf, #[allow(dead_code)] tempfile::TempDir);

impl TinyFs {
    /// `None` (with the reason printed) where mounting is not possible:
    /// not root, or no permission to mount in this container.
    fn mount(kib: u32) -> Option<TinyFs> {
        let dir = tempfile::tempdir().unwrap();
        let point = dir.path().join("mnt");
        fs::create_dir(&point).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(&point)
            .stderr(std::process::Stdio::null())
            .status();
        match status {
            Ok(s) if s.success() => Some(TinyFs(point, dir)),
            _ => {
                println!(
                    "skipped: cannot mount a tmpfs here (needs root and permission to mount; \
                     .ci/run runs as root)"
                );
                None
            }
        }
    }
}

impl Drop for TinyFs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the filesystem holding `dir`, then frees `spare` pages of 4 KiB.
fn fill(dir: &Path, spare: u64) {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut f = fs::File::create(&filler).unwrap();
    let page = [b'x'; 4096];
    let mut written = 0u64;
    while f.write_all(&page).and_then(|_| f.sync_all()).is_ok() {
        written += 4096;
    }
    let len = written.saturating_sub(spare * 4096);
    f.set_len(len).unwrap();
    f.sync_all().unwrap();
}

#[test]
fn a_full_disk_never_costs_the_file_or_its_backup() {
    let Some(tiny) = TinyFs::mount(256) else {
        return;
    };
    let dir = &tiny.0;
    let path = dir.join("s.toml");
    // A current file of several pages and a small old backup.
    let current = planned(52, &path);
    let backup = "an old backup\n".to_string();
    fs::write(dir.join("s.toml.bak"), &backup).unwrap();
    assert!(current.len() > 2 * 4096, "the file spans several pages");

    // No room at all: the save fails, and nothing changes.
    fill(dir, 0);
    let out = plan(1, &path);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.starts_with("error: cannot write"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), current);
    assert_eq!(fs::read_to_string(dir.join("s.toml.bak")).unwrap(), backup);
    assert_eq!(
        names(dir),
        ["filler", "s.toml", "s.toml.bak"],
        "no temporary file left"
    );

    // Room for the new file (a re-plan of the same year, as large as the
    // current one) but not for a copy of the old one as well: the backup
    // costs no space, so the save succeeds and the backup is whole. Copying
    // the old file into FILE.bak in place would have truncated it here.
    fs::remove_file(dir.join("filler")).unwrap();
    let pages = (current.len() as u64).div_ceil(4096);
    fill(dir, pages);
    let out = plan(52, &path);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(fs::read_to_string(dir.join("s.toml.bak")).unwrap(), current);
    let new = fs::read_to_string(&path).unwrap();
    assert!(new.contains("end = \"2027-11-29\"\n"), "{new}");
    assert!(new.ends_with('\n'), "the new file is whole");
    assert_eq!(names(dir), ["filler", "s.toml", "s.toml.bak"]);
}
