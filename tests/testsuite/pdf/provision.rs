//! The typst provisioning a first build does on a fresh machine: "not found,
//! installing once", the install into the per-user cache, and two builds
//! asking at once. `cargo install` itself is replaced by a stand-in that
//! copies the real pinned typst (itself provisioned the ordinary way), so the
//! test exercises sgreport's own code in seconds, not cargo's 20 minutes.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use crate::common::{pinned_typst, Project};

#[test]
fn a_missing_typst_is_installed_once_into_the_cache_with_a_message() {
    let real = pinned_typst();

    let work = tempfile::tempdir().unwrap();
    let cache = work.path().join("cache");
    let calls = work.path().join("calls");
    let fake_cargo = work.path().join("fake-cargo");
    fs::write(
        &fake_cargo,
        format!(
            "#!/bin/sh\n# Stand-in for `cargo install --locked typst-cli --version V --root DIR`.\n\
             echo \"$@\" >> '{calls}'\n\
             while [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\n\
             for c in a b c; do echo \"   Compiling $c v1.0\" >&2; sleep 1; done\n\
             mkdir -p \"$root/bin\" && cp '{real}' \"$root/bin/typst\"\n",
            calls = calls.display(),
            real = real.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&fake_cargo, fs::Permissions::from_mode(0o755)).unwrap();

    // Two projects sharing one cache: two builds of one project would wait
    // for each other on the project's own lock, never on the install.
    let (p, q) = (Project::fixture("small"), Project::fixture("small"));
    let build = |p: &Project, extra: &str| {
        p.command()
            .args(["build", extra])
            .env("SGREPORT_CACHE", &cache)
            .env("CARGO", &fake_cargo)
            .env("PATH", "/usr/bin:/bin")
            .env_remove("SGREPORT_TYPST")
            .output()
            .unwrap()
    };
    let run = |extra: &str| build(&p, extra);
    // Two builds at once: one installs, the other waits for it.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| build(&p, "--keep-typ"));
        let b = s.spawn(|| build(&q, "--keep-typ"));
        (a.join().unwrap(), b.join().unwrap())
    });
    for out in [&a, &b] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&a.stderr),
        String::from_utf8_lossy(&b.stderr)
    );
    assert!(
        said.contains("typst 0.15.1 not found: installing it once into")
            && said.contains("a one-time step of several minutes"),
        "{said}"
    );
    // The other one waited for it (the install takes 3 s: time enough for
    // both to start), and said so.
    let (a_err, b_err) = (
        String::from_utf8_lossy(&a.stderr),
        String::from_utf8_lossy(&b.stderr),
    );
    let waited = "waiting for another sgreport to finish installing typst 0.15.1";
    assert!(
        a_err.contains(waited) != b_err.contains(waited)
            && a_err.contains("installing it once") != b_err.contains("installing it once"),
        "one installs, the other waits:\n{a_err}\n---\n{b_err}"
    );
    let installs = fs::read_to_string(&calls).unwrap();
    assert_eq!(
        installs.lines().count(),
        1,
        "cargo install ran more than once:\n{installs}"
    );
    assert!(
        installs.starts_with("install --locked typst-cli --version 0.15.1 --root "),
        "{installs}"
    );
    assert!(cache.join("typst/0.15.1/bin/typst").is_file());
    assert!(p.path().join("output/E_CN.15_2004_7.pdf").is_file());
    assert!(q.path().join("output/E_CN.15_2004_7.pdf").is_file());

    // The next build finds it in the cache and says nothing about installing.
    let again = run("--no-pdf");
    assert!(again.status.success());
    let third = run("--keep-typ");
    assert!(!String::from_utf8_lossy(&third.stderr).contains("installing"));
    assert_eq!(fs::read_to_string(&calls).unwrap().lines().count(), 1);
}

#[test]
fn an_explicit_typst_of_another_version_is_used_with_a_warning() {
    let work = tempfile::tempdir().unwrap();
    let fake = work.path().join("typst");
    fs::write(&fake, "#!/bin/sh\necho 'typst 0.14.0 (fake)'\n").unwrap();
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    let p = Project::fixture("small");
    let out = p
        .command()
        .args(["doctor"])
        .env("SGREPORT_TYPST", &fake)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("(0.14.0), because SGREPORT_TYPST names it"),
        "{stdout}"
    );
    let build = p
        .command()
        .args(["build"])
        .env("SGREPORT_TYPST", &fake)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&build.stderr);
    assert!(err.contains("warning: using typst 0.14.0 from"), "{err}");
    assert!(err.contains("sgreport is pinned to typst 0.15.1"), "{err}");
}
