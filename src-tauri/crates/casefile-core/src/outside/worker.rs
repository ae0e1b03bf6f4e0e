//! Casefile's own program, run again as a contained reader: untrusted bytes are parsed in a child
//! process with a memory cap and a time limit, so a parser's stack overflow, an abort on a
//! huge allocation (a "decompression bomb") or an endless loop fails that one file only. The
//! window or command the person is using carries on, and nothing stored is touched.
//!
//! The binaries opt in at start ([`serve_if_asked`] first, then [`enable`]); without that (unit
//! tests, a library user) the same readers run in the calling process. The child gets an
//! environment of its own (no passphrase reaches it), its input on stdin and no arguments but
//! [`WORKER_ARG`], so nothing of the file or its password shows in the process list.
//!
//! Frames, both ways: an 8-byte little-endian length, that many bytes of JSON (the header), then
//! the body to the end of the stream.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The one argument that makes Casefile's program a contained reader.
pub const WORKER_ARG: &str = "--casefile-contained-reader";

/// The most memory a reader may allocate, on every platform (see [`ALLOCATOR`]). A 200 MB PDF,
/// the largest import, reads in well under this (its bytes, lopdf's copy of its objects and a
/// readable copy come to about three times its size), and a decompression bomb stops here
/// before an old 4 GB laptop starts to swap.
const MEMORY_CAP_BYTES: usize = 1536 * 1024 * 1024;

/// On Linux, the address space a reader may map, as a second wall for memory taken outside
/// Rust's allocator; larger than [`MEMORY_CAP_BYTES`], since address space also holds the
/// program itself and its threads' stacks.
#[cfg(target_os = "linux")]
const ADDRESS_SPACE_CAP_BYTES: u64 = 3 * 1024 * 1024 * 1024;

/// The smallest cap [`MEMORY_CAP_ENV`] may set: below it even a one-page letter could not be read.
const MEMORY_CAP_FLOOR_BYTES: usize = 16 * 1024 * 1024;

/// A lower memory cap for contained readers, in megabytes, for a machine with little memory
/// (an old 4 GB laptop, say). It can only lower [`MEMORY_CAP_BYTES`], never raise it.
pub const MEMORY_CAP_ENV: &str = "CASEFILE_READER_MEMORY_MB";

/// Every allocation of a Casefile program is counted, so a contained reader refuses one that
/// would take it past its cap: the allocation fails and the reader stops, in the same way on
/// Windows, macOS and Linux. Outside a contained reader there is no limit. (The `cap` crate;
/// its only cost is one atomic addition per allocation.)
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

/// The resident memory a reader may reach: what it held at start plus its cap. MuPDF, and the
/// Tesseract and Leptonica inside it, allocate with C's `malloc`, which [`ALLOCATOR`] does not
/// see; a thread of the reader reads its resident memory from the system (the same way on
/// Windows, macOS and Linux) every few milliseconds and stops the reader past this.
static RESIDENT_LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);
/// What the reader held at start (the program itself), under its resident limit.
static RESIDENT_AT_START: AtomicUsize = AtomicUsize::new(0);
/// How often the watch reads the resident memory.
const RESIDENT_WATCH_EVERY: Duration = Duration::from_millis(2);
/// The exit code of a reader stopped by its watch.
const RESIDENT_EXIT: i32 = 7;

/// Sets the most the reader's resident memory may grow by from its start.
fn set_resident_cap(cap: usize) {
    let start = RESIDENT_AT_START.load(Ordering::Relaxed);
    RESIDENT_LIMIT.store(start.saturating_add(cap), Ordering::Relaxed);
}

/// Starts the watch on this reader's resident memory (see [`RESIDENT_LIMIT`]). Where the system
/// will not say (it always does on Windows, macOS and Linux), the counting allocator and, on
/// Linux, the address-space cap still hold.
fn watch_resident_memory(cap: usize) {
    let Some(start) = memory_stats::memory_stats() else {
        return;
    };
    RESIDENT_AT_START.store(start.physical_mem, Ordering::Relaxed);
    set_resident_cap(cap);
    let _ = std::thread::Builder::new()
        .name("memory watch".into())
        .stack_size(64 * 1024)
        .spawn(|| {
            loop {
                if memory_stats::memory_stats()
                    .is_some_and(|now| now.physical_mem > RESIDENT_LIMIT.load(Ordering::Relaxed))
                {
                    // The reader's work is abandoned; the caller hears it stopped, and names the file.
                    std::process::exit(RESIDENT_EXIT);
                }
                std::thread::sleep(RESIDENT_WATCH_EVERY);
            }
        });
}

/// The most a reader may send back: the largest import, a readable copy of it, and its text.
const MAX_REPLY_BYTES: u64 = 700 * 1024 * 1024;

static PROGRAM: OnceLock<PathBuf> = OnceLock::new();

/// Makes this process hand untrusted files to a contained reader (this same program, started
/// with [`WORKER_ARG`]). Call it once, at start, after [`serve_if_asked`].
pub fn enable() {
    if let Ok(exe) = std::env::current_exe() {
        let _ = PROGRAM.set(exe);
    }
}

/// Whether files are read in a contained reader.
pub fn enabled() -> bool {
    PROGRAM.get().is_some()
}

/// A task a contained reader can do: the header and body in, the header and body out.
pub type Task = fn(Value, Vec<u8>) -> (Value, Vec<u8>);

/// If this process was started as a contained reader, does the one task it was sent and returns
/// the exit code; otherwise `None`, at once. The binaries call it first thing in `main`.
pub fn serve_if_asked(tasks: &[(&str, Task)]) -> Option<i32> {
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() != Some(std::ffi::OsStr::new(WORKER_ARG)) || args.next().is_some() {
        return None;
    }
    limit_self();
    let mut input = Vec::new();
    if std::io::stdin().lock().read_to_end(&mut input).is_err() {
        return Some(3);
    }
    let Some((header, body)) = split_frame(input) else {
        return Some(3);
    };
    // The caller may ask for a lower cap (never a higher one). What is already allocated (the
    // file itself) counts against it; a file that alone passes it is refused here.
    if let Some(cap) = header
        .get("memory_cap_bytes")
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
    {
        let cap = cap.clamp(MEMORY_CAP_FLOOR_BYTES, MEMORY_CAP_BYTES);
        if ALLOCATOR.set_limit(cap).is_err() {
            return Some(6);
        }
        set_resident_cap(cap);
    }
    let Some(task) = header
        .get("task")
        .and_then(Value::as_str)
        .and_then(|name| tasks.iter().find(|(n, _)| *n == name))
        .map(|(_, t)| *t)
    else {
        return Some(4);
    };
    let (reply, reply_body) = task(header, body);
    let mut out = std::io::stdout().lock();
    match write_frame(&mut out, &reply, &reply_body).and_then(|()| out.flush()) {
        Ok(()) => Some(0),
        Err(_) => Some(5),
    }
}

/// Caps this process: a limit on what it allocates (every platform), a watch on its resident
/// memory for what C code allocates (every platform), no core dump (a crash must not write a
/// file's decrypted bytes to disk), and on Linux a limit on address space as a third wall.
fn limit_self() {
    // Nothing is allocated yet beyond the program's start, far below the cap.
    let _ = ALLOCATOR.set_limit(MEMORY_CAP_BYTES);
    watch_resident_memory(MEMORY_CAP_BYTES);
    #[cfg(unix)]
    {
        let _ = rlimit::setrlimit(rlimit::Resource::CORE, 0, 0);
    }
    #[cfg(target_os = "linux")]
    {
        let _ = rlimit::setrlimit(
            rlimit::Resource::AS,
            ADDRESS_SPACE_CAP_BYTES,
            ADDRESS_SPACE_CAP_BYTES,
        );
    }
}

/// The cap the caller asks a reader to keep to, from [`MEMORY_CAP_ENV`] when it is set to a
/// number of megabytes; `None` for the default.
fn asked_memory_cap() -> Option<u64> {
    let mb: u64 = std::env::var(MEMORY_CAP_ENV).ok()?.trim().parse().ok()?;
    Some(mb.saturating_mul(1024 * 1024))
}

fn write_frame(out: &mut impl Write, header: &Value, body: &[u8]) -> std::io::Result<()> {
    let header = serde_json::to_vec(header)?;
    out.write_all(&(header.len() as u64).to_le_bytes())?;
    out.write_all(&header)?;
    out.write_all(body)
}

fn split_frame(mut bytes: Vec<u8>) -> Option<(Value, Vec<u8>)> {
    let len = usize::try_from(u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?)).ok()?;
    let end = 8usize.checked_add(len)?;
    let header = serde_json::from_slice(bytes.get(8..end)?).ok()?;
    let body = bytes.split_off(end);
    Some((header, body))
}

/// Why a contained reader gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// It stopped without answering: a crash, an abort, or its memory cap.
    Stopped(String),
    /// It ran past its time limit and was stopped.
    TimedOut(Duration),
}

/// Sends `task` to a contained reader, if [`enable`] was called; `None` means the caller reads
/// in its own process. The reader is stopped after `limit`.
pub fn run(
    task: &str,
    mut header: Value,
    body: &[u8],
    limit: Duration,
) -> Option<Result<(Value, Vec<u8>), Failure>> {
    let program = PROGRAM.get()?;
    header["task"] = Value::String(task.to_owned());
    if let Some(cap) = asked_memory_cap() {
        header["memory_cap_bytes"] = Value::from(cap);
    }
    let mut command = Command::new(program);
    command.arg(WORKER_ARG);
    super::tools::pass_on_environment(&mut command);
    let mut child = match command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        // A reader that cannot start (the program moved during an update, say) must not stop
        // every import: read here, as without containment.
        Err(_) => return None,
    };
    let mut frame = Vec::with_capacity(body.len() + 256);
    if write_frame(&mut frame, &header, body).is_err() {
        return Some(Err(Failure::Stopped(
            "its input could not be prepared".into(),
        )));
    }
    let mut stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            // A reader that stops early closes its end; that is reported by its exit, not here.
            let _ = stdin.write_all(&frame);
        }
    });
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stdout {
            let _ = s.take(MAX_REPLY_BYTES).read_to_end(&mut out);
        }
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = writer.join();
                let _ = reader.join();
                return Some(Err(Failure::TimedOut(limit)));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Some(Err(Failure::Stopped(e.to_string()))),
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    if !status.success() {
        return Some(Err(Failure::Stopped(status.to_string())));
    }
    Some(split_frame(out).ok_or_else(|| Failure::Stopped("its answer was incomplete".into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_round_trips_and_a_short_or_lying_one_is_refused() {
        let mut bytes = Vec::new();
        write_frame(
            &mut bytes,
            &serde_json::json!({"task": "x", "n": 1}),
            b"body",
        )
        .expect("write");
        let (header, body) = split_frame(bytes.clone()).expect("frame");
        assert_eq!(header["n"], 1);
        assert_eq!(body, b"body");
        assert!(split_frame(bytes[..5].to_vec()).is_none());
        let mut lying = bytes;
        lying[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(split_frame(lying).is_none());
    }

    #[test]
    fn without_enable_nothing_is_contained_and_the_caller_reads() {
        assert!(!enabled());
        assert!(
            run(
                "read-pdf",
                serde_json::json!({}),
                b"",
                Duration::from_secs(1)
            )
            .is_none()
        );
    }
}
