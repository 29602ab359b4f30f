//! Hostile inputs for what the tool writes (issue 17): output paths (`-o`, chart `-o`, batch `-o` and
//! `--rejects`, review `--out`), signals, and what reaches the terminal. Every case runs the binary end
//! to end and checks its exit code, that stderr names the input, that nothing panicked, that nothing is
//! left behind in its temporary directory and that it ended in time.
//!
//! Device nodes (`mknod`) and FIFOs (`mkfifo`) are made only inside a temporary directory; where that is
//! not permitted the case passes with a note on stderr.

mod common;
use common::*;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

/// How long one case may take: a run takes well under a second and a review a few seconds in a debug
/// build; this leaves room for a loaded 2-core machine while catching a hang.
const TIME_BOUND: Duration = Duration::from_secs(90);

/// What a run did.
#[derive(Debug)]
struct Ran {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    took: Duration,
}

impl Ran {
    /// Ended by itself, in time, with no panic and no raw control character on stderr.
    fn sane(&self) -> &Self {
        assert!(!self.stderr.contains("panicked"), "panic: {self:?}");
        assert_ne!(self.code, Some(101), "panic exit code: {self:?}");
        assert!(self.code.is_some(), "killed by a signal: {self:?}");
        assert!(self.took < TIME_BOUND, "took {:?}", self.took);
        assert!(
            terminal_clean(&self.stderr),
            "raw control characters on stderr: {:?}",
            self.stderr
        );
        self
    }

    /// Failed with `code`, stderr naming `names`.
    fn fails(&self, code: i32, names: &str) -> &Self {
        self.sane();
        assert_eq!(self.code, Some(code), "{self:?}");
        assert!(
            self.stderr.contains(names),
            "stderr does not name {names:?}: {}",
            self.stderr
        );
        self
    }

    fn succeeds(&self) -> &Self {
        self.sane();
        assert_eq!(self.code, Some(0), "{self:?}");
        self
    }
}

/// No control character but newlines (ESC, BEL, C1, DEL...).
fn terminal_clean(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && c != '\n')
}

/// Runs the binary in `dir` with `args` (assert_cmd, with a timeout).
fn run<I, S>(dir: &Path, args: I) -> Ran
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let start = Instant::now();
    let out = bin()
        .current_dir(dir)
        .args(args)
        .timeout(TIME_BOUND)
        .output()
        .unwrap();
    Ran {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took: start.elapsed(),
    }
}

/// The binary as a std command (for redirections to devices and for signals).
fn exe() -> StdCommand {
    StdCommand::new(env!("CARGO_BIN_EXE_apigw-cost"))
}

/// Waits for a spawned child within [`TIME_BOUND`] (killed past it) and collects what it printed.
fn finish(mut child: Child, start: Instant) -> Ran {
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > TIME_BOUND {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Ran {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took: start.elapsed(),
    }
}

/// The names in `dir` (not recursive).
fn listing(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// `dir` holds exactly `names`: nothing was left behind (no `.apigw-cost-*` temporary, no partial output).
fn holds(dir: &Path, names: &[&str]) {
    let want: BTreeSet<String> = names.iter().map(|s| s.to_string()).collect();
    assert_eq!(listing(dir), want, "in {}", dir.display());
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// A character device `major,minor` made with the mknod command inside a temporary directory; false
/// (with a note) where that is not permitted or the node cannot be opened.
fn mknod(path: &Path, major: u32, minor: u32) -> bool {
    let made = StdCommand::new("mknod")
        .arg(path)
        .arg("c")
        .arg(major.to_string())
        .arg(minor.to_string())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let usable = made && fs::OpenOptions::new().write(true).open(path).is_ok();
    if !usable {
        eprintln!("note: mknod {major},{minor} not permitted here: case skipped");
    }
    usable
}

fn mkfifo(path: &Path) -> bool {
    let made = StdCommand::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("note: mkfifo not permitted here: case skipped");
    }
    made
}

/// A reader of a FIFO on a thread. A handle opened for reading and writing (which never blocks) is
/// kept as a writer meanwhile: the reader's open returns at once, and when the handle is dropped
/// ([`release`]) the reader gets its end of file, even if the tool never wrote (or replaced the FIFO).
struct FifoReader {
    keeper: fs::File,
    reader: std::thread::JoinHandle<Vec<u8>>,
}

fn fifo_reader(path: &Path) -> FifoReader {
    let keeper = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap();
    let p = path.to_path_buf();
    let reader = std::thread::spawn(move || fs::read(p).unwrap_or_default());
    FifoReader { keeper, reader }
}

/// What the reader read once the tool has ended.
fn release(r: FifoReader) -> Vec<u8> {
    drop(r.keeper);
    r.reader.join().unwrap()
}

fn is_char_device(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_char_device())
}

fn is_fifo(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_fifo())
}

const QUOTE: [&str; 5] = ["quote", "--api", "http", "--requests", "1M"];

fn quote_to(dir: &Path, out: impl AsRef<OsStr>) -> Ran {
    let mut args: Vec<&OsStr> = QUOTE.iter().map(OsStr::new).collect();
    args.push(OsStr::new("-o"));
    args.push(out.as_ref());
    run(dir, args)
}

/// A batch input: two good rows and a bad one.
const BATCH_CSV: &str = "id,api,region,requests\na,http,,1M\nb,rest,,2M\nc,http,,ten\n";

fn batch_dir() -> tempfile::TempDir {
    let d = tmp();
    fs::write(d.path().join("in.csv"), BATCH_CSV).unwrap();
    d
}

// ---------------------------------------------------------------------------------------------------
// Report -o

#[test]
fn report_output_paths_that_are_refused_leave_everything_as_it_was() {
    // (what is there, -o as typed, exit code, what stderr names)
    let long_name = "n".repeat(300);
    let deep = format!("{}f.txt", "d/".repeat(2_100)); // > PATH_MAX (4,096)
    let cases: Vec<(&str, String, i32, &str)> = vec![
        ("directory", "dir".into(), 2, "'dir'"),
        ("trailing slash", "new/".into(), 2, "'new/'"),
        // clap itself refuses an empty path.
        ("empty", "".into(), 2, "--output"),
        ("missing parent", "nodir/out.txt".into(), 1, "nodir"),
        (
            "parent is a file",
            "file.txt/out.txt".into(),
            1,
            "file.txt/out.txt",
        ),
        ("name > NAME_MAX", long_name.clone(), 1, "nnnnnnnnnn"),
        ("path > PATH_MAX", deep.clone(), 1, "d/d/d/d/"),
        ("symlink to a directory", "dirlink".into(), 2, "'dirlink'"),
        ("symlink loop", "loop1".into(), 1, "loop1"),
        ("dangling into nothing", "dangling".into(), 1, "dangling"),
    ];
    for (what, out, code, names) in cases {
        let d = tmp();
        fs::create_dir(d.path().join("dir")).unwrap();
        fs::write(d.path().join("file.txt"), "keep").unwrap();
        std::os::unix::fs::symlink("dir", d.path().join("dirlink")).unwrap();
        std::os::unix::fs::symlink("loop2", d.path().join("loop1")).unwrap();
        std::os::unix::fs::symlink("loop1", d.path().join("loop2")).unwrap();
        std::os::unix::fs::symlink("nowhere/x.txt", d.path().join("dangling")).unwrap();
        let before = listing(d.path());
        let r = quote_to(d.path(), &out);
        r.fails(code, names);
        assert!(r.stderr.len() < 1_000, "{what}: {} bytes", r.stderr.len());
        assert_eq!(listing(d.path()), before, "{what}: something left behind");
        assert!(listing(&d.path().join("dir")).is_empty(), "{what}");
        assert_eq!(
            fs::read_to_string(d.path().join("file.txt")).unwrap(),
            "keep"
        );
    }
}

#[test]
fn report_into_a_character_device_writes_in_place_and_keeps_the_node() {
    let d = tmp();
    let null = d.path().join("null");
    if !mknod(&null, 1, 3) {
        return;
    }
    quote_to(d.path(), "null").succeeds();
    assert!(is_char_device(&null), "the device node was replaced");
    holds(d.path(), &["null"]);
    // Through a symlink too.
    std::os::unix::fs::symlink("null", d.path().join("link")).unwrap();
    quote_to(d.path(), "link").succeeds();
    assert!(is_char_device(&null));
    assert!(fs::symlink_metadata(d.path().join("link"))
        .unwrap()
        .file_type()
        .is_symlink());
    holds(d.path(), &["link", "null"]);
}

#[test]
fn report_into_a_full_device_fails_naming_it() {
    let d = tmp();
    let full = d.path().join("full");
    if !mknod(&full, 1, 7) {
        return;
    }
    quote_to(d.path(), "full").fails(1, "cannot write full");
    assert!(is_char_device(&full));
    holds(d.path(), &["full"]);
}

#[test]
fn report_into_a_fifo_is_read_by_its_reader_and_the_fifo_stays() {
    let d = tmp();
    let fifo = d.path().join("pipe");
    if !mkfifo(&fifo) {
        return;
    }
    let reader = fifo_reader(&fifo);
    let r = quote_to(d.path(), "pipe");
    let got = release(reader);
    r.succeeds();
    assert!(
        String::from_utf8_lossy(&got).contains("HTTP API"),
        "{got:?}"
    );
    assert!(is_fifo(&fifo), "the FIFO was replaced");
    holds(d.path(), &["pipe"]);
}

#[test]
fn report_into_a_fifo_without_reader_waits_and_a_signal_ends_it_cleanly() {
    let d = tmp();
    let fifo = d.path().join("pipe");
    if !mkfifo(&fifo) {
        return;
    }
    let start = Instant::now();
    let child = exe()
        .current_dir(d.path())
        .args(QUOTE)
        .args(["-o", "pipe"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_signal_thread(child.id());
    kill("TERM", child.id());
    let r = finish(child, start);
    r.sane();
    assert_eq!(r.code, Some(143), "{r:?}");
    assert!(is_fifo(&fifo));
    holds(d.path(), &["pipe"]);
}

#[test]
fn report_through_a_symlink_writes_its_target_keeping_the_link_and_the_mode() {
    let d = tmp();
    let target = d.path().join("target.txt");
    fs::write(&target, "old").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("target.txt", d.path().join("link")).unwrap();
    quote_to(d.path(), "link").succeeds();
    let link = fs::symlink_metadata(d.path().join("link")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert!(fs::read_to_string(&target).unwrap().contains("HTTP API"));
    assert_eq!(fs::metadata(&target).unwrap().mode() & 0o777, 0o600);
    holds(d.path(), &["link", "target.txt"]);
}

#[test]
fn report_through_a_dangling_symlink_creates_its_target() {
    let d = tmp();
    std::os::unix::fs::symlink("made.txt", d.path().join("link")).unwrap();
    quote_to(d.path(), "link").succeeds();
    assert!(fs::symlink_metadata(d.path().join("link"))
        .unwrap()
        .file_type()
        .is_symlink());
    let made = d.path().join("made.txt");
    assert!(fs::read_to_string(&made).unwrap().contains("HTTP API"));
    assert_eq!(fs::metadata(&made).unwrap().mode() & 0o777, 0o644);
    holds(d.path(), &["link", "made.txt"]);
}

#[test]
fn report_through_a_proc_link_writes_the_open_file_in_place() {
    // A link to /proc/self/fd/1 (what /dev/stdout is): the output reaches the process's stdout.
    let d = tmp();
    if !Path::new("/proc/self/fd/1").exists() {
        eprintln!("note: no /proc here: case skipped");
        return;
    }
    std::os::unix::fs::symlink("/proc/self/fd/1", d.path().join("stdout")).unwrap();
    let r = quote_to(d.path(), "stdout");
    r.succeeds();
    assert!(String::from_utf8_lossy(&r.stdout).contains("HTTP API"));
    assert!(fs::symlink_metadata(d.path().join("stdout"))
        .unwrap()
        .file_type()
        .is_symlink());
    holds(d.path(), &["stdout"]);
}

#[test]
fn report_into_a_read_only_directory_fails_cleanly_unless_root_may_write() {
    let d = tmp();
    let ro = d.path().join("ro");
    fs::create_dir(&ro).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes into a read-only directory anyway: probe what this process may do.
    let writable = fs::write(ro.join("probe"), "").is_ok();
    let _ = fs::remove_file(ro.join("probe"));
    let r = quote_to(d.path(), "ro/out.txt");
    if writable {
        r.succeeds();
        holds(&ro, &["out.txt"]);
    } else {
        r.fails(1, "ro/out.txt");
        holds(&ro, &[]);
    }
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn report_paths_with_control_characters_are_written_or_named_escaped() {
    let d = tmp();
    // A valid path with a newline and an escape: written, under exactly that name.
    let odd = "out\n\u{1b}]0;x\u{7}.txt";
    quote_to(d.path(), odd).succeeds();
    holds(d.path(), &[odd]);
    // The same name in a missing directory: the error shows it escaped.
    let r = quote_to(d.path(), format!("no\u{1b}[31mdir/{odd}"));
    r.fails(1, "no\\u{1b}[31mdir/out\\n\\u{1b}]0;x\\u{7}.txt");
    holds(d.path(), &[odd]);
}

#[test]
fn a_new_report_file_is_an_ordinary_file() {
    let d = tmp();
    quote_to(d.path(), "q.txt").succeeds();
    assert_eq!(
        fs::metadata(d.path().join("q.txt")).unwrap().mode() & 0o777,
        0o644
    );
    // `-o -` is stdout.
    let r = quote_to(d.path(), "-");
    r.succeeds();
    assert!(String::from_utf8_lossy(&r.stdout).contains("HTTP API"));
    holds(d.path(), &["q.txt"]);
}

// ---------------------------------------------------------------------------------------------------
// chart -o

fn chart_to(dir: &Path, out: &str) -> Ran {
    run(
        dir,
        [
            "chart",
            "cost-vs-requests",
            "--apis",
            "rest,http",
            "--requests",
            "100M",
            "-o",
            out,
        ],
    )
}

#[test]
fn chart_outputs_that_are_refused() {
    // (-o, exit code, what stderr names)
    let cases = [
        ("chart.txt", 2, "'chart.txt'"),
        ("chart", 2, "'chart'"),
        (".svg", 2, "'.svg'"),
        ("dir.svg", 2, "'dir.svg'"),
        ("nodir/chart.svg", 1, "nodir"),
        ("file.txt/chart.png", 1, "file.txt/chart.png"),
    ];
    for (out, code, names) in cases {
        let d = tmp();
        fs::create_dir(d.path().join("dir.svg")).unwrap();
        fs::write(d.path().join("file.txt"), "keep").unwrap();
        chart_to(d.path(), out).fails(code, names);
        holds(d.path(), &["dir.svg", "file.txt"]);
        assert!(listing(&d.path().join("dir.svg")).is_empty());
    }
}

#[test]
fn chart_into_a_fifo_and_through_a_symlink() {
    let d = tmp();
    let fifo = d.path().join("pipe.svg");
    if mkfifo(&fifo) {
        let reader = fifo_reader(&fifo);
        let r = chart_to(d.path(), "pipe.svg");
        let got = release(reader);
        r.succeeds();
        assert!(got.starts_with(b"<svg"), "{:?}", &got[..got.len().min(40)]);
        assert!(is_fifo(&fifo));
    }
    fs::write(d.path().join("real.png"), "old").unwrap();
    std::os::unix::fs::symlink("real.png", d.path().join("link.png")).unwrap();
    chart_to(d.path(), "link.png").succeeds();
    assert!(fs::read(d.path().join("real.png"))
        .unwrap()
        .starts_with(b"\x89PNG"));
    let mut want = vec!["link.png", "real.png"];
    if fifo.exists() {
        want.push("pipe.svg");
    }
    want.sort();
    holds(d.path(), &want);
}

// ---------------------------------------------------------------------------------------------------
// batch -o and --rejects

const SKIP: [&str; 3] = ["--on-error", "skip", "--no-progress"];

fn batch(dir: &Path, args: &[&str]) -> Ran {
    let mut a = vec!["batch"];
    a.extend_from_slice(args);
    a.extend_from_slice(&SKIP);
    run(dir, a)
}

#[test]
fn batch_refuses_an_output_that_is_its_input_or_the_other_output() {
    // (args, what stderr names); each leaves the directory as it was and the input whole.
    let cases: [(&[&str], &str); 9] = [
        (&["in.csv", "-o", "in.csv"], "input in.csv"),
        (&["in.csv", "-o", "./in.csv"], "input in.csv"),
        (&["inlink.csv", "-o", "in.csv"], "input inlink.csv"),
        (&["in.csv", "-o", "hard.csv"], "input in.csv"),
        (
            &["in.csv", "-o", "out.csv", "--rejects", "in.csv"],
            "--rejects",
        ),
        (
            &["in.csv", "--rejects", "x.csv", "-o", "x.csv"],
            "output x.csv",
        ),
        (
            &["in.csv", "--rejects", "x.csv", "-o", "./x.csv"],
            "output ./x.csv",
        ),
        (
            &["in.csv", "--rejects", "old-link.csv", "-o", "old.csv"],
            "output old.csv",
        ),
        (
            &["in.csv", "--rejects", "sub/../x.csv", "-o", "x.csv"],
            "x.csv",
        ),
    ];
    for (args, names) in cases {
        let d = batch_dir();
        std::os::unix::fs::symlink("in.csv", d.path().join("inlink.csv")).unwrap();
        fs::hard_link(d.path().join("in.csv"), d.path().join("hard.csv")).unwrap();
        fs::write(d.path().join("old.csv"), "old").unwrap();
        std::os::unix::fs::symlink("old.csv", d.path().join("old-link.csv")).unwrap();
        fs::create_dir(d.path().join("sub")).unwrap();
        let before = listing(d.path());
        batch(d.path(), args).fails(2, names);
        assert_eq!(listing(d.path()), before, "{args:?}");
        assert_eq!(
            fs::read_to_string(d.path().join("in.csv")).unwrap(),
            BATCH_CSV,
            "{args:?}"
        );
        assert_eq!(fs::read_to_string(d.path().join("old.csv")).unwrap(), "old");
    }
}

#[test]
fn a_failed_batch_commits_no_output() {
    // (args, exit code, what stderr names): out.csv must never appear.
    let cases: [(&[&str], i32, &str); 5] = [
        (&["in.csv", "-o", "out.csv", "--rejects", "dir"], 2, "'dir'"),
        (
            &["in.csv", "-o", "out.csv", "--rejects", "nodir/r.csv"],
            1,
            "nodir",
        ),
        (&["in.csv", "-o", "dir"], 2, "'dir'"),
        (
            &["in.csv", "-o", "nodir/out.csv", "--rejects", "r.csv"],
            1,
            "nodir",
        ),
        (
            &["missing.csv", "-o", "out.csv", "--rejects", "r.csv"],
            1,
            "missing.csv",
        ),
    ];
    for (args, code, names) in cases {
        let d = batch_dir();
        fs::create_dir(d.path().join("dir")).unwrap();
        batch(d.path(), args).fails(code, names);
        holds(d.path(), &["dir", "in.csv"]);
    }
    // A bad row with --on-error fail: no output, no temporary.
    let d = batch_dir();
    run(d.path(), ["batch", "in.csv", "-o", "out.csv"]).fails(1, "value 'ten'");
    holds(d.path(), &["in.csv"]);
}

#[test]
fn batch_writes_both_outputs_when_all_is_well() {
    let d = batch_dir();
    let r = batch(d.path(), &["in.csv", "-o", "out.csv", "--rejects", "r.csv"]);
    r.succeeds();
    assert!(
        r.stderr.contains("1 rejected (listed in r.csv)"),
        "{}",
        r.stderr
    );
    assert!(fs::read_to_string(d.path().join("r.csv"))
        .unwrap()
        .contains("ten"));
    holds(d.path(), &["in.csv", "out.csv", "r.csv"]);
}

#[test]
fn batch_into_devices_and_fifos_writes_in_place() {
    let d = batch_dir();
    let null = d.path().join("null");
    if mknod(&null, 1, 3) {
        // Both outputs into one character device is harmless and allowed.
        batch(d.path(), &["in.csv", "-o", "null", "--rejects", "null"]).succeeds();
        assert!(is_char_device(&null));
    }
    let fifo = d.path().join("pipe");
    if mkfifo(&fifo) {
        let reader = fifo_reader(&fifo);
        let r = batch(d.path(), &["in.csv", "-o", "pipe", "--rejects", "r.csv"]);
        let got = release(reader);
        r.succeeds();
        assert!(String::from_utf8_lossy(&got).starts_with("id,period,region"));
        assert!(is_fifo(&fifo));
        // The same FIFO twice is refused (two streams would interleave).
        batch(d.path(), &["in.csv", "-o", "pipe", "--rejects", "pipe"]).fails(2, "pipe");
    }
    let mut want: Vec<&str> = vec!["in.csv"];
    if null.exists() {
        want.push("null");
    }
    if fifo.exists() {
        want.extend(["pipe", "r.csv"]);
    }
    want.sort();
    holds(d.path(), &want);
}

#[test]
fn batch_into_a_full_stdout_or_a_closed_pipe() {
    let d = batch_dir();
    let full = d.path().join("full");
    if mknod(&full, 1, 7) {
        let start = Instant::now();
        let child = exe()
            .current_dir(d.path())
            .args(["batch", "in.csv"])
            .args(SKIP)
            .stdout(fs::OpenOptions::new().write(true).open(&full).unwrap())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        finish(child, start).fails(1, "cannot write standard output");
    }
    // A closed pipe: enough rows to fill it, the reader gone at once; the run ends quietly.
    let mut csv = String::from("id,api,region,requests\n");
    for i in 0..20_000 {
        csv.push_str(&format!("c{i},http,,1M\n"));
    }
    fs::write(d.path().join("big.csv"), csv).unwrap();
    let start = Instant::now();
    let mut child = exe()
        .current_dir(d.path())
        .args(["batch", "big.csv", "--no-progress"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    finish(child, start).succeeds();
}

#[test]
fn batch_cells_and_names_reach_the_terminal_escaped_and_short() {
    let d = tmp();
    fs::write(
        d.path().join("evil.csv"),
        "id,api,region,requests,\u{1b}]0;col\u{7}\nx,http,,\u{1b}]0;pwned\u{7},\n",
    )
    .unwrap();
    // A bad cell and an unknown column, both escaped.
    let r = run(d.path(), ["batch", "evil.csv", "--no-progress"]);
    r.fails(1, "value '\\u{1b}]0;pwned\\u{7}'");
    assert!(r.stderr.contains("\\u{1b}]0;col\\u{7}"), "{}", r.stderr);
    // Skipped: the counts, the column warning escaped.
    let r = batch(d.path(), &["evil.csv"]);
    r.succeeds();
    assert!(r.stderr.contains("1 rejected"), "{}", r.stderr);
    // A 1 MB cell: named, shortened, its length given.
    let huge = "9".repeat(1 << 20);
    fs::write(
        d.path().join("big.csv"),
        format!("id,api,region,requests\ny,http,,{huge}x\n"),
    )
    .unwrap();
    let r = run(d.path(), ["batch", "big.csv", "--no-progress"]);
    r.fails(1, "(1048577 bytes)");
    assert!(r.stderr.len() < 2_000, "{} bytes", r.stderr.len());
    // A file name with an escape sequence.
    let r = run(d.path(), ["batch", "no\u{1b}]0;such\u{7}.csv"]);
    r.fails(1, "no\\u{1b}]0;such\\u{7}.csv");
    holds(d.path(), &["big.csv", "evil.csv"]);
}

// ---------------------------------------------------------------------------------------------------
// stderr and stdout that cannot be written

/// Runs `args` with stderr (or stdout) into `device`; the exit code must be the one of a normal run.
fn run_into(device: &Path, args: &[&str], stderr: bool) -> Ran {
    let dev = || fs::OpenOptions::new().write(true).open(device).unwrap();
    let start = Instant::now();
    let mut cmd = exe();
    cmd.args(args).stdin(Stdio::null());
    if stderr {
        cmd.stderr(dev()).stdout(Stdio::piped());
    } else {
        cmd.stdout(dev()).stderr(Stdio::piped());
    }
    finish(cmd.spawn().unwrap(), start)
}

#[test]
fn a_full_stderr_never_panics_and_keeps_the_exit_code() {
    let d = batch_dir();
    let full = d.path().join("full");
    if !mknod(&full, 1, 7) {
        return;
    }
    let out = d.path().join("o.csv");
    let out_s = out.to_str().unwrap();
    let input = d.path().join("in.csv");
    let input_s = input.to_str().unwrap();
    let missing = d.path().join("nodir/x.txt");
    let missing_s = missing.to_str().unwrap();
    // (args, exit code with a normal stderr)
    let cases: [(&[&str], i32); 6] = [
        (
            &[
                "quote",
                "--api",
                "http",
                "--requests",
                "1M",
                "--region",
                "nope",
            ],
            2,
        ),
        (&["quote", "--api", "nope"], 2),
        (&["quote", "--api", "http", "--requests", "ten"], 2),
        (&["batch", input_s, "--no-progress"], 1),
        (&["batch", input_s, "--on-error", "skip", "-o", out_s], 0),
        (
            &[
                "quote",
                "--api",
                "http",
                "--requests",
                "1M",
                "-o",
                missing_s,
            ],
            1,
        ),
    ];
    for (args, code) in cases {
        let normal = bin().args(args).output().unwrap();
        assert_eq!(normal.status.code(), Some(code), "{args:?}");
        let r = run_into(&full, args, true);
        r.sane();
        assert_eq!(r.code, Some(code), "{args:?} with a full stderr");
    }
    // A full stdout is an error naming it.
    let r = run_into(&full, &QUOTE, false);
    r.fails(1, "cannot write standard output");
}

// ---------------------------------------------------------------------------------------------------
// What reaches the terminal

#[test]
fn control_characters_from_arguments_are_escaped_and_long_values_shortened() {
    let d = tmp();
    let long = "x".repeat(100_000);
    let quote = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = ["quote", "--requests", "1M"].map(String::from).to_vec();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let long_size = format!("{long}KB");
    let long_prices = format!("/nonexistent/{long}.json");
    // (args, exit code, what stderr shows)
    let cases: Vec<(Vec<String>, i32, String)> = vec![
        (
            quote(&["--api", "http", "--region", "\u{1b}]0;pwned\u{7}"]),
            2,
            "'\\u{1b}]0;pwned\\u{7}'".into(),
        ),
        (
            quote(&["--api", "http", "--region", "us\u{9b}31m\u{7f}"]),
            2,
            "'us\\u{9b}31m\\u{7f}'".into(),
        ),
        (
            quote(&["--api", "http", "--region", "\u{202e}1-tsae-su"]),
            2,
            "'\\u{202e}1-tsae-su'".into(),
        ),
        (
            quote(&["--api", "http", "--region", &long]),
            2,
            format!("'{}... (100000 characters)'", "x".repeat(40)),
        ),
        (
            quote(&["--api", "http", "--request-size", &long_size]),
            2,
            "(100002 characters)".into(),
        ),
        (
            quote(&["--api", "http", "--prices", &long_prices]),
            1,
            "characters)".into(),
        ),
        (
            quote(&["--api", "\u{1b}]0;pwned\u{7}"]),
            2,
            "'\\u{1b}]0;pwned\\u{7}'".into(),
        ),
    ];
    for (args, code, shows) in cases {
        let r = run(d.path(), &args);
        r.fails(code, &shows);
        assert!(r.stderr.len() < 2_000, "{} bytes of stderr", r.stderr.len());
    }
    holds(d.path(), &[]);
}

#[test]
fn control_characters_from_profiles_are_escaped() {
    let d = tmp();
    fs::write(d.path().join("key.json"), "{\"\\u001b]0;pwned\\u0007\": 1}").unwrap();
    fs::write(
        d.path().join("value.toml"),
        "region = \"\\u001b]0;pwned\\u0007\"\napi = \"http\"\nrequests = \"1M\"\n",
    )
    .unwrap();
    fs::write(
        d.path().join("long.toml"),
        format!("region = \"{}\"\n", "r".repeat(1 << 20)),
    )
    .unwrap();
    for (profile, code) in [("key.json", 2), ("value.toml", 1), ("long.toml", 1)] {
        let r = run(d.path(), ["quote", "--profile", profile]);
        r.sane();
        assert!(
            matches!(r.code, Some(1 | 2)),
            "{profile}: exit {:?} (expected about {code})",
            r.code
        );
        assert!(
            r.stderr.len() < 4_000,
            "{profile}: {} bytes",
            r.stderr.len()
        );
        if profile != "long.toml" {
            assert!(r.stderr.contains("\\u{1b}]0;pwned\\u{7}"), "{}", r.stderr);
        }
    }
    holds(d.path(), &["key.json", "long.toml", "value.toml"]);
}

// ---------------------------------------------------------------------------------------------------
// review --out

const REVIEW_PROFILE: &str = "data/profiles/partner-api-review.toml";

fn profile_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(REVIEW_PROFILE)
}

fn review(dir: &Path, out: &str) -> Ran {
    run(
        dir,
        [
            OsStr::new("review"),
            profile_path().as_os_str(),
            OsStr::new("--out"),
            OsStr::new(out),
        ],
    )
}

#[test]
fn review_refuses_any_out_that_is_not_a_new_or_empty_directory() {
    // (--out, exit code, what stderr names)
    let cases = [
        ("file.txt", 2, "'file.txt'"),
        ("full", 2, "'full'"),
        ("filelink", 2, "'filelink'"),
        ("fulllink", 2, "'fulllink'"),
        ("pipe", 2, "'pipe'"),
        ("null", 2, "'null'"),
        ("", 2, "--out"),
        ("file.txt/sub", 1, "file.txt/sub"),
    ];
    for (out, code, names) in cases {
        let d = tmp();
        fs::write(d.path().join("file.txt"), "keep").unwrap();
        fs::create_dir(d.path().join("full")).unwrap();
        fs::write(d.path().join("full/mine.txt"), "keep").unwrap();
        std::os::unix::fs::symlink("file.txt", d.path().join("filelink")).unwrap();
        std::os::unix::fs::symlink("full", d.path().join("fulllink")).unwrap();
        if (out == "pipe" && !mkfifo(&d.path().join("pipe")))
            || (out == "null" && !mknod(&d.path().join("null"), 1, 3))
        {
            continue;
        }
        let before = listing(d.path());
        review(d.path(), out).fails(code, names);
        assert_eq!(listing(d.path()), before, "--out {out}");
        holds(&d.path().join("full"), &["mine.txt"]);
        assert_eq!(
            fs::read_to_string(d.path().join("file.txt")).unwrap(),
            "keep"
        );
    }
}

#[test]
fn review_through_symlinks_fills_the_directory_they_name() {
    let d = tmp();
    fs::create_dir(d.path().join("empty")).unwrap();
    std::os::unix::fs::symlink("empty", d.path().join("to-empty")).unwrap();
    std::os::unix::fs::symlink("made", d.path().join("dangling")).unwrap();
    for out in ["to-empty", "dangling"] {
        let r = review(d.path(), out);
        r.succeeds();
        assert!(
            r.stderr.contains(&format!("review: wrote {out}")),
            "{}",
            r.stderr
        );
        assert!(fs::symlink_metadata(d.path().join(out))
            .unwrap()
            .file_type()
            .is_symlink());
    }
    assert!(d.path().join("empty/review.md").is_file());
    assert!(d.path().join("made/review.md").is_file());
    holds(d.path(), &["dangling", "empty", "made", "to-empty"]);
}

// ---------------------------------------------------------------------------------------------------
// Signals

fn kill(signal: &str, pid: u32) {
    let ok = StdCommand::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{signal} {pid}");
}

/// Waits (within [`TIME_BOUND`]) until `found()` holds.
fn wait_until(what: &str, mut found: impl FnMut() -> bool) {
    let start = Instant::now();
    while !found() {
        assert!(start.elapsed() < TIME_BOUND, "never saw {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Waits until the process runs its signal-handling thread (then SIGINT/SIGTERM are caught).
fn wait_for_signal_thread(pid: u32) {
    let task = PathBuf::from(format!("/proc/{pid}/task"));
    if !task.exists() {
        std::thread::sleep(Duration::from_secs(2));
        return;
    }
    wait_until("the signal thread", || {
        fs::read_dir(&task).map(|d| d.count()).unwrap_or(0) >= 2
    });
    // The thread registers the handlers as it starts: leave it a moment.
    std::thread::sleep(Duration::from_millis(200));
}

fn temporaries(dir: &Path) -> Vec<String> {
    listing(dir)
        .into_iter()
        .filter(|n| n.starts_with(".apigw-cost"))
        .collect()
}

#[test]
fn a_review_stopped_by_a_signal_leaves_nothing() {
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let d = tmp();
        // The catalog is read from a FIFO nobody writes: the review waits there, its directory begun.
        let fifo = d.path().join("prices.json");
        if !mkfifo(&fifo) {
            return;
        }
        let start = Instant::now();
        let child = exe()
            .current_dir(d.path())
            .arg("review")
            .arg(profile_path())
            .args(["--out", "pack", "--prices", "prices.json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_until("the review's temporary directory", || {
            !temporaries(d.path()).is_empty()
        });
        kill(signal, child.id());
        let r = finish(child, start);
        r.sane();
        assert_eq!(r.code, Some(code), "SIGTERM{signal}: {r:?}");
        holds(d.path(), &["prices.json"]);
    }
}

#[test]
fn a_batch_stopped_by_a_signal_removes_its_temporary_output() {
    for (signal, code) in [("INT", 130), ("HUP", 129)] {
        let d = tmp();
        let start = Instant::now();
        let mut child = exe()
            .current_dir(d.path())
            .args(["batch", "-", "-o", "out.csv", "--no-progress"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"id,api,region,requests\na,http,,1M\nb,rest,,2M\n")
            .unwrap();
        // stdin stays open: the batch waits for more rows, its output begun.
        wait_until("the batch's temporary output", || {
            !temporaries(d.path()).is_empty()
        });
        kill(signal, child.id());
        let r = finish(child, start);
        drop(stdin);
        r.sane();
        assert_eq!(r.code, Some(code), "SIG{signal}: {r:?}");
        holds(d.path(), &[]);
    }
}

#[test]
fn a_shared_batch_stopped_while_spooling_stdin_leaves_no_spool() {
    let d = tmp();
    let spool_dir = tmp();
    let start = Instant::now();
    let mut child = exe()
        .current_dir(d.path())
        .env("TMPDIR", spool_dir.path())
        .args([
            "batch",
            "-",
            "--accounts",
            "shared",
            "--summary",
            "-o",
            "out.csv",
        ])
        .args(["--no-progress"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"id,api,region,requests\na,http,,1M\nb,http,,2M\n")
        .unwrap();
    // The spool is an unnamed file in TMPDIR: seen as an open descriptor of the process.
    let fds = PathBuf::from(format!("/proc/{}/fd", child.id()));
    if fds.exists() {
        wait_until("the stdin spool", || {
            fs::read_dir(&fds).is_ok_and(|d| {
                d.flatten()
                    .any(|e| fs::read_link(e.path()).is_ok_and(|l| l.starts_with(spool_dir.path())))
            })
        });
    } else {
        std::thread::sleep(Duration::from_secs(2));
    }
    kill("TERM", child.id());
    let r = finish(child, start);
    drop(stdin);
    r.sane();
    assert_eq!(r.code, Some(143), "{r:?}");
    holds(d.path(), &[]);
    holds(spool_dir.path(), &[]);
}
