//! `scripts/setup`, the README's first command: on a machine without libclang it must stop in
//! seconds naming the package (or install it), never leave Cargo to find out after compiling
//! RocksDB for 20 minutes. libclang is hidden from the script the way bindgen's clang-sys is
//! pointed elsewhere: `LLVM_CONFIG_PATH` and the library search path.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/setup")
}

/// Runs the script with libclang hidden (no `llvm-config`, an empty search path), `path_front`
/// first on `PATH` when given.
fn run_without_libclang(args: &[&str], path_front: Option<&Path>, lib_dir: &Path) -> Output {
    let path = std::env::var("PATH").unwrap_or_default();
    let path = match path_front {
        Some(front) => format!("{}:{path}", front.display()),
        None => path,
    };
    Command::new("bash")
        .arg(script())
        .args(args)
        .env_remove("LIBCLANG_PATH")
        .env("LLVM_CONFIG_PATH", lib_dir.join("no-llvm-config"))
        .env("LIBCLANG_SEARCH_PATH", lib_dir)
        .env("PATH", path)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_without_libclang_fails_and_names_the_package_and_command() {
    let empty = tempfile::tempdir().unwrap();
    let o = run_without_libclang(&["--check"], None, empty.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("missing libclang-dev"), "{err}");
    assert!(err.contains("apt-get install -y libclang-dev"), "{err}");
}

#[test]
fn without_libclang_it_installs_through_apt_and_stops_with_the_command_when_that_fails() {
    let empty = tempfile::tempdir().unwrap();
    // stand-ins for apt-get (records its arguments; the index updates, the package is not
    // found, as on a mirror without it) and sudo
    let bin = tempfile::tempdir().unwrap();
    let log = bin.path().join("apt-get.log");
    let apt = bin.path().join("apt-get");
    std::fs::write(
        &apt,
        format!("#!/bin/sh\necho \"$*\" >> '{}'\n[ \"$1\" = update ] && exit 0\nexit 100\n", log.display()),
    )
    .unwrap();
    let sudo = bin.path().join("sudo");
    std::fs::write(&sudo, "#!/bin/sh\n[ \"$1\" = -n ] && shift\nexec \"$@\"\n").unwrap();
    for f in [&apt, &sudo] {
        let mut p = std::fs::metadata(f).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut p, 0o755);
        std::fs::set_permissions(f, p).unwrap();
    }
    let o = run_without_libclang(&[], Some(bin.path()), empty.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let calls = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(calls.lines().next().is_some_and(|l| l.starts_with("update")), "{calls}");
    assert!(calls.contains("install -y -qq libclang-dev"), "{calls}");
    assert!(err.contains("apt-get failed"), "{err}");
    assert!(err.contains("apt-get install -y libclang-dev"), "{err}");
}

#[test]
fn libclang_on_the_search_path_is_found() {
    let lib = tempfile::tempdir().unwrap();
    std::fs::write(lib.path().join("libclang-14.so.1"), b"").unwrap();
    let o = run_without_libclang(&["--check"], None, lib.path());
    // a C++ compiler is present wherever these tests build (RocksDB needed it)
    assert!(o.status.success(), "{}", stderr(&o));
}
