//! How the binary is linked for a fast start (issue 32), where the linker and the C library allow it.
//! Each option is used only on linux-gnu, only when building for the machine that builds, and only
//! when a probe program linked with it here runs: a build elsewhere links as before.
//!
//! - Packed relative relocations (DT_RELR). The binary is position-independent with full RELRO: at
//!   every start the dynamic loader writes the address of each pointer held in a static (vtables,
//!   string slices, panic locations: about 20,000). As RELA entries (24 bytes each, about 480 KB, all
//!   read at every start) they take 120 pages of the file; packed as RELR (an address, then bitmaps of
//!   the words that follow) 6 KB. Needs `-z pack-relative-relocs` (lld 15, GNU ld 2.38) and a loader
//!   that applies them (glibc 2.36, which the binary then requires by the version `GLIBC_ABI_DT_RELR`).
//! - The functions a start-up runs placed together (`build/startup-order.txt`, lld's
//!   `--symbol-ordering-file`): the kernel maps a binary's code by the 64 KB around each page touched,
//!   and a `quote` touched code spread over 12 MB of text (1,173 pages mapped); with its ~600 functions
//!   first, 155. A name the build no longer has is skipped (`--no-warn-symbol-ordering`), so a stale
//!   list costs speed, never correctness; `scripts/startup-order.sh` writes it again.

use std::{env, fs, path::Path, process::Command};

/// The list of functions a start-up runs, in the order they are placed (`scripts/startup-order.sh`).
const ORDER_FILE: &str = "build/startup-order.txt";

/// Adds the link arguments that a probe accepts to the binary's link; never fails the build.
pub fn link_for_start_up(out_dir: &str) {
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let var = |k: &str| env::var(k).unwrap_or_default();
    let native = var("TARGET") == var("HOST");
    if !native || var("CARGO_CFG_TARGET_OS") != "linux" || var("CARGO_CFG_TARGET_ENV") != "gnu" {
        return;
    }
    let dir = Path::new(out_dir);
    let relr = "-Wl,-z,pack-relative-relocs";
    if probe(dir, &[relr]) {
        println!("cargo:rustc-link-arg-bins={relr}");
    }
    let order = Path::new(&var("CARGO_MANIFEST_DIR")).join(ORDER_FILE);
    let Some(order) = order.to_str().filter(|p| !p.contains(',')) else {
        return;
    };
    let ordering = [
        format!("-Wl,--symbol-ordering-file={order}"),
        "-Wl,--no-warn-symbol-ordering".to_string(),
    ];
    if Path::new(order).is_file() && probe(dir, &[&ordering[0], &ordering[1]]) {
        for arg in &ordering {
            println!("cargo:rustc-link-arg-bins={arg}");
        }
    }
}

/// Links a hello-world program with `link_args`, as the binary will be linked (the same rustc, linker
/// and flags), and runs it: true when it prints what it should.
fn probe(dir: &Path, link_args: &[&str]) -> bool {
    let src = dir.join("link_probe.rs");
    let exe = dir.join("link_probe");
    if fs::write(&src, "fn main() { println!(\"linked\"); }\n").is_err() {
        return false;
    }
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let mut cmd = Command::new(rustc);
    cmd.arg("--edition=2021").arg("-o").arg(&exe).arg(&src);
    for arg in link_args {
        cmd.arg("-C").arg(format!("link-arg={arg}"));
    }
    if let Ok(flags) = env::var("CARGO_ENCODED_RUSTFLAGS") {
        cmd.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    }
    if let Ok(linker) = env::var("RUSTC_LINKER") {
        cmd.arg("-C").arg(format!("linker={linker}"));
    }
    let linked = cmd.output().is_ok_and(|o| o.status.success());
    let ran = linked
        && Command::new(&exe)
            .output()
            .is_ok_and(|o| o.status.success() && o.stdout == b"linked\n");
    let _ = fs::remove_file(&exe);
    ran
}
