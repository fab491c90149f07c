//! Hostile inputs and unkind outputs (issue #18): an output never destroys
//! an input or what was at its path, closed and full streams end the
//! command without a panic, signals leave no temporary files behind.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{plangraph, run, stderr, stdout};

/// Runs `args` and expects exit 2 with one sentence containing `expected`.
#[track_caller]
fn assert_refused(args: &[&str], expected: &str) {
    let output = run(args, "");
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains(expected), "stderr {err:?} lacks {expected:?}");
    assert_eq!(err.trim_end().lines().count(), 1, "one sentence: {err}");
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn export_refuses_to_overwrite_its_query_file() {
    let dir = tempfile::tempdir().unwrap();
    let query = dir.path().join("q.rq");
    let original = "CONSTRUCT { ?u a pg:Unit } WHERE { ?u a pg:Unit }";
    std::fs::write(&query, original).unwrap();
    let q = query.to_str().unwrap();
    assert_refused(
        &["export", "query", q, "--format", "ttl", "-o", q],
        "it is the query file",
    );
    assert_eq!(text(&query), original);
}

#[test]
fn export_refuses_to_overwrite_the_saved_graph_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("g.nq");
    let saved = run(&["build", "-o", graph.to_str().unwrap()], "");
    assert_eq!(saved.status.code(), Some(0), "{}", stderr(&saved));
    let before = text(&graph);
    let link = dir.path().join("link.nt");
    std::os::unix::fs::symlink(&graph, &link).unwrap();
    assert_refused(
        &[
            "--graph",
            graph.to_str().unwrap(),
            "export",
            "plan",
            "科技研发创新",
            "--format",
            "nt",
            "-o",
            link.to_str().unwrap(),
        ],
        "it is the saved graph",
    );
    assert_eq!(text(&graph), before);
}

#[test]
fn export_refuses_to_overwrite_a_source_document_through_dotdot() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("din");
    std::fs::create_dir(&data).unwrap();
    let document = data.join("a.txt");
    std::fs::copy(
        crate::support::root().join("data/sd-2023-green-pilot-key-tasks.txt"),
        &document,
    )
    .unwrap();
    let before = text(&document);
    let sneaky = data.join("../din/a.txt");
    assert_refused(
        &[
            "--data",
            data.to_str().unwrap(),
            "export",
            "co-lead",
            "--format",
            "dot",
            "-o",
            sneaky.to_str().unwrap(),
        ],
        "it is the plan document",
    );
    assert_eq!(text(&document), before);
}

#[test]
fn build_refuses_to_overwrite_a_document_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    // A document may have any name; this one looks like a graph file.
    let document = dir.path().join("plan.nq");
    std::fs::copy(
        crate::support::root().join("data/sd-2023-green-pilot-key-tasks.txt"),
        &document,
    )
    .unwrap();
    let before = text(&document);
    let d = document.to_str().unwrap();
    assert_refused(&["build", d, "-o", d], "it is the plan document");
    assert_eq!(text(&document), before);
}

#[test]
fn build_keeps_the_mode_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("private.nq");
    std::fs::write(&graph, "").unwrap();
    std::fs::set_permissions(&graph, std::fs::Permissions::from_mode(0o640)).unwrap();
    let output = run(&["build", "-o", graph.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mode = std::fs::metadata(&graph).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640);
    assert!(text(&graph).contains("pg:Task") || text(&graph).contains("ontology#Task"));
}

#[test]
fn export_to_dev_null_leaves_the_device_alone() {
    use std::os::unix::fs::FileTypeExt;
    let output = run(
        &["export", "co-lead", "--format", "dot", "-o", "/dev/null"],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let metadata = std::fs::metadata("/dev/null").unwrap();
    assert!(metadata.file_type().is_char_device());
}

/// A pipe whose reading end is already closed: every write fails with
/// EPIPE, whatever the timing.
fn closed_pipe() -> Stdio {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: pipe fills two descriptors; the reading end is closed at once
    // and the writing end is owned by the returned Stdio.
    unsafe {
        assert_eq!(libc::pipe(fds.as_mut_ptr()), 0);
        libc::close(fds[0]);
        Stdio::from_raw_fd(fds[1])
    }
}

fn dev_full() -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
}

#[test]
fn completions_into_a_closed_pipe_exit_quietly() {
    let output = plangraph()
        .args(["completions", "bash"])
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

#[test]
fn completions_onto_a_full_disk_say_so_in_one_sentence() {
    let output = plangraph()
        .args(["completions", "bash"])
        .stdout(dev_full())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "plangraph: cannot write the output: no space left on device\n"
    );
}

#[test]
fn build_with_a_full_standard_error_does_not_panic() {
    let output = plangraph()
        .arg("build")
        .stdout(Stdio::piped())
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("total (duplicates merged)"));
}

#[test]
fn query_results_into_a_full_disk_say_so() {
    let output = plangraph()
        .args(["query", "SELECT * WHERE { ?s ?p ?o }"])
        .stdout(dev_full())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no space left on device"),
        "{}",
        stderr(&output)
    );
}

/// A document with `sections` × 900 tasks, each with its own text, large
/// enough that saving its graph takes a visible moment.
fn large_document(sections: usize) -> String {
    const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let mut text = String::from("山东省测试行动计划\n");
    for (s, numeral) in NUMERALS.iter().enumerate().take(sections) {
        text.push_str(&format!("{numeral}、重点任务\n"));
        for t in 1..=900 {
            text.push_str(&format!(
                "{t}.推进第{s}组第{t}项工作。围绕重点领域开展试点示范，完善配套政策，形成可复制推广的经验做法。（牵头单位：省科技厅；配合单位：省财政厅）\n"
            ));
        }
    }
    text
}

fn temporaries_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".plangraph-"))
        .collect()
}

#[test]
fn sigterm_during_build_output_removes_the_temporary_file() {
    signal_during_build_output_removes_the_temporary_file(libc::SIGTERM);
}

// See: issue #18 (item 5 names Ctrl-C as well as SIGTERM)
#[test]
fn ctrl_c_during_build_output_removes_the_temporary_file() {
    signal_during_build_output_removes_the_temporary_file(libc::SIGINT);
}

/// `signal` while `build -o` writes its file: the process is stopped while
/// its temporary file exists, so the signal surely lands mid-write.
fn signal_during_build_output_removes_the_temporary_file(signal: libc::c_int) {
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("big.txt");
    std::fs::write(&document, large_document(10)).unwrap();
    let graph = dir.path().join("g.nq");
    for _attempt in 0..5 {
        let mut command = plangraph();
        command
            .args(["build", document.to_str().unwrap(), "-o"])
            .arg(&graph)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // A test run started in the background (`cargo test &`) hands its
        // children SIGINT ignored, and the tool rightly leaves an ignored
        // signal alone (as under nohup): give the child the default action
        // a user's terminal gives it.
        // SAFETY: only signal(), which is async-signal-safe, between fork and exec.
        unsafe {
            use std::os::unix::process::CommandExt;
            command.pre_exec(move || {
                libc::signal(signal, libc::SIG_DFL);
                Ok(())
            });
        }
        let mut child = command.spawn().unwrap();
        let pid = child.id() as libc::pid_t;
        let mut caught = false;
        while child.try_wait().unwrap().is_none() {
            if !temporaries_in(dir.path()).is_empty() {
                // SAFETY: signals to our own child; waitpid with WUNTRACED
                // returns once it has stopped (kill alone may return before).
                let mut wait_status = 0;
                unsafe {
                    libc::kill(pid, libc::SIGSTOP);
                    libc::waitpid(pid, &mut wait_status, libc::WUNTRACED);
                }
                if !libc::WIFSTOPPED(wait_status) {
                    // It finished first (and waitpid reaped it): try again.
                    break;
                }
                if temporaries_in(dir.path()).is_empty() {
                    unsafe { libc::kill(pid, libc::SIGCONT) };
                    continue;
                }
                unsafe {
                    libc::kill(pid, signal);
                    libc::kill(pid, libc::SIGCONT);
                }
                caught = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        let status = child.wait();
        if !caught {
            let _ = std::fs::remove_file(&graph);
            continue;
        }
        use std::os::unix::process::ExitStatusExt;
        let status = status.unwrap();
        assert_eq!(status.signal(), Some(signal), "{status:?}");
        assert_eq!(temporaries_in(dir.path()), Vec::<String>::new());
        assert!(
            !graph.exists(),
            "a half-written graph was renamed into place"
        );
        return;
    }
    panic!("the temporary file was never seen in 5 runs");
}

#[test]
fn a_temporary_file_left_by_kill_9_is_removed_by_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("g.nq");
    // No process has this pid (pid_max is at most 2^22).
    let stale = dir.path().join(".g.nq.plangraph-99999999-Xy12Zw.tmp");
    std::fs::write(&stale, "half a graph").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_plangraph"))
        .args(["build", "-o"])
        .arg(&graph)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stale.exists());
    assert!(graph.exists());
}

/// The report row of `build FILE` for one document: plans, tasks, goals,
/// attributions, units.
fn report_row(path: &Path) -> Vec<String> {
    let output = run(&["build", path.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let name = path.file_name().unwrap().to_str().unwrap();
    let out = stdout(&output);
    let line = out
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no row for {name} in {out}"));
    line.split('│')
        .skip(1)
        .map(|c| c.trim().to_owned())
        .collect()
}

#[test]
fn a_big5_document_reads_as_its_utf8_original() {
    let original = crate::support::root().join("data/sd-2023-green-pilot-key-tasks.txt");
    let text = text(&original);
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(&text);
    assert!(!unmappable);
    let dir = tempfile::tempdir().unwrap();
    let big5_path = dir.path().join("big5.txt");
    std::fs::write(&big5_path, &big5).unwrap();
    let utf8_path = dir.path().join("utf8.txt");
    std::fs::copy(&original, &utf8_path).unwrap();
    let big5_row = report_row(&big5_path);
    let utf8_row = report_row(&utf8_path);
    // Diagnostics differ by one: the note that says which encoding was used.
    assert_eq!(big5_row[..5], utf8_row[..5]);
    assert_ne!(big5_row[4], "0", "no units: the text was mojibake");
    let output = run(&["build", big5_path.to_str().unwrap(), "--verbose"], "");
    assert!(
        stderr(&output).contains("decoded as Big5"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_utf16_document_reads_as_its_utf8_original() {
    let original = crate::support::root().join("data/sd-2023-green-pilot-key-tasks.txt");
    let dir = tempfile::tempdir().unwrap();
    let utf8_path = dir.path().join("utf8.txt");
    std::fs::copy(&original, &utf8_path).unwrap();
    let utf8_row = report_row(&utf8_path);
    for little_endian in [true, false] {
        let utf16_path = dir.path().join(format!("utf16-{little_endian}.txt"));
        std::fs::write(&utf16_path, utf16(&text(&original), little_endian)).unwrap();
        assert_eq!(report_row(&utf16_path)[..5], utf8_row[..5]);
    }
}

/// `text` in UTF-16 with its byte-order mark, as Windows editors save
/// "Unicode" text.
fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    for unit in std::iter::once(0xFEFF).chain(text.encode_utf16()) {
        if little_endian {
            bytes.extend(unit.to_le_bytes());
        } else {
            bytes.extend(unit.to_be_bytes());
        }
    }
    bytes
}

/// A query whose answer shows whether its Chinese text was decoded: four
/// characters, not the mojibake of their bytes.
const CHINESE_QUERY: &str = "# 查询\nSELECT (STRLEN(\"省科技厅\") AS ?n) WHERE {}\n";

// See: issue #18 (a UTF-16 query file was "binary data")
#[test]
fn a_utf16_query_file_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    for little_endian in [true, false] {
        let file = dir.path().join("q.rq");
        std::fs::write(&file, utf16(CHINESE_QUERY, little_endian)).unwrap();
        let output = run(
            &["query", "--format", "csv", "-f", file.to_str().unwrap()],
            "",
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(stdout(&output), "n\r\n4\r\n");
    }
    // On standard input too (`query - < q.rq`).
    let output = plangraph()
        .args(["query", "--format", "csv", "-"])
        .stdin(std::fs::File::open(dir.path().join("q.rq")).unwrap())
        .output()
        .unwrap();
    assert_eq!(stdout(&output), "n\r\n4\r\n", "{}", stderr(&output));
}

#[test]
fn a_utf16_file_run_with_backslash_i_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    for (name, little_endian) in [("le.rq", true), ("be.rq", false)] {
        std::fs::write(
            dir.path().join(name),
            utf16(&format!("\\format csv\n{CHINESE_QUERY};\n"), little_endian),
        )
        .unwrap();
    }
    let mut command = plangraph();
    command.current_dir(dir.path()).arg("repl");
    let output = crate::support::run_command(command, "\\i le.rq\n\\i be.rq\n");
    assert_eq!(stderr(&output), "");
    assert_eq!(
        stdout(&output),
        "format: csv\nn\r\n4\r\nformat: csv\nn\r\n4\r\n"
    );
}

#[test]
fn a_query_file_that_is_not_text_is_refused_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q.rq");
    std::fs::write(&file, b"ASK {} \xC0\xFF\x80 garbage").unwrap();
    assert_refused(
        &["query", "-f", file.to_str().unwrap()],
        "is not UTF-8 text (byte 8 is not valid UTF-8): save it as UTF-8",
    );
}

#[test]
fn a_utf16_stream_piped_into_the_repl_is_refused_as_utf16() {
    let output = plangraph()
        .arg("repl")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(&utf16("ASK {};\n", false))?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.starts_with("plangraph: standard input is UTF-16BE; convert it to UTF-8"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

fn copy_corpus_file(name: &str, to: &Path) {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::copy(crate::support::root().join("data").join(name), to).unwrap();
}

#[test]
fn two_files_with_one_name_in_two_directories_are_two_documents() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("x/a.txt");
    let second = dir.path().join("y/a.txt");
    copy_corpus_file("sd-2023-green-pilot-key-tasks.txt", &first);
    copy_corpus_file("sd-2024-2025-ten-innovations.txt", &second);
    let output = run(
        &["build", first.to_str().unwrap(), second.to_str().unwrap()],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("x/a.txt") || l.starts_with("y/a.txt"))
        .collect();
    assert_eq!(rows.len(), 2, "{out}");
    // 113 + 147 attributions: nothing merged between the two.
    assert!(out.contains("│          260 │"), "{out}");
}

#[test]
fn the_same_file_given_twice_is_read_once_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("d/a.txt");
    copy_corpus_file("sd-2023-green-pilot-key-tasks.txt", &document);
    let again = dir.path().join("d/../d/a.txt");
    let once = run(&["build", document.to_str().unwrap()], "");
    let twice = run(
        &["build", document.to_str().unwrap(), again.to_str().unwrap()],
        "",
    );
    assert_eq!(twice.status.code(), Some(0), "{}", stderr(&twice));
    assert_eq!(stdout(&once).lines().nth(2), stdout(&twice).lines().nth(2));
    let total = |o: &std::process::Output| {
        stdout(o)
            .lines()
            .find(|l| l.starts_with("total"))
            .unwrap()
            .to_owned()
    };
    assert_eq!(total(&once), total(&twice));
    assert!(
        stderr(&twice).contains("is the same file as"),
        "{}",
        stderr(&twice)
    );
}

#[test]
fn data_directory_entries_that_are_not_documents_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    copy_corpus_file(
        "sd-2023-green-pilot-key-tasks.txt",
        &dir.path().join("good.txt"),
    );
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::create_dir(dir.path().join("folder.txt")).unwrap();
    std::os::unix::fs::symlink("loop.txt", dir.path().join("loop.txt")).unwrap();
    let fifo = std::ffi::CString::new(dir.path().join("fifo.txt").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let output = run(&["--data", dir.path().to_str().unwrap(), "build"], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    for name in ["empty.txt", "folder.txt", "loop.txt", "fifo.txt"] {
        assert!(
            err.lines()
                .any(|l| l.starts_with("plangraph: warning: skipping") && l.contains(name)),
            "no warning for {name}: {err}"
        );
    }
    assert!(stdout(&output).contains("good.txt"));
}

#[test]
fn build_with_data_and_files_reads_both() {
    let dir = tempfile::tempdir().unwrap();
    copy_corpus_file(
        "sd-2023-green-pilot-key-tasks.txt",
        &dir.path().join("d/one.txt"),
    );
    let other = dir.path().join("two.txt");
    copy_corpus_file("sd-2024-2025-ten-innovations.txt", &other);
    let output = run(
        &[
            "--data",
            dir.path().join("d").to_str().unwrap(),
            "build",
            other.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("one.txt") && out.contains("two.txt"), "{out}");
}

#[test]
fn a_file_name_with_an_escape_character_is_escaped_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("evil\u{1b}[2J\nname.txt");
    copy_corpus_file("sd-2023-green-pilot-key-tasks.txt", &document);
    let output = run(&["build", document.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("evil\\u{1b}[2J\\nname.txt"), "{out}");
}

#[test]
fn build_of_dev_zero_reads_a_bounded_amount() {
    assert_refused(&["build", "/dev/zero"], "/dev/zero is larger than 64 MB");
}

#[test]
fn query_file_dev_zero_reads_a_bounded_amount() {
    assert_refused(
        &["query", "-f", "/dev/zero"],
        "query file /dev/zero is longer than 16 MB",
    );
}

#[test]
fn repl_reading_dev_zero_reads_a_bounded_amount() {
    let output = plangraph()
        .arg("repl")
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a line of standard input is longer than 16 MB"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn include_of_dev_zero_reads_a_bounded_amount_and_the_session_goes_on() {
    let output = run(&["repl"], "\\i /dev/zero\nASK {};\n");
    assert!(
        stderr(&output).contains("/dev/zero is longer than 16 MB"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("true"), "{}", stdout(&output));
}

#[test]
fn sparql_updates_are_refused_as_read_only() {
    for update in [
        "INSERT DATA { <a:a> <a:b> <a:c> }",
        "DELETE WHERE { ?t pg:leadUnit ?u }",
        "CLEAR ALL",
    ] {
        assert_refused(
            &["query", update],
            "updates are not supported: the graph is read-only",
        );
    }
}

#[test]
fn analyze_on_a_foreign_graph_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("foreign.nq");
    std::fs::write(&graph, "<a:a> <a:b> <a:c> <a:g> .\n").unwrap();
    assert_refused(
        &["--graph", graph.to_str().unwrap(), "analyze", "centrality"],
        "has no pg:Task: it is not a graph of policy plans",
    );
}

#[test]
fn a_saved_graph_cut_at_a_line_boundary_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("g.nq");
    let saved = run(&["build", "-o", graph.to_str().unwrap()], "");
    assert_eq!(saved.status.code(), Some(0), "{}", stderr(&saved));
    let whole = text(&graph);
    assert!(whole.starts_with("# plangraph: "), "no header");
    let cut = dir.path().join("cut.nq");
    let half: String = whole
        .lines()
        .take(whole.lines().count() / 2)
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&cut, half).unwrap();
    assert_refused(
        &["--graph", cut.to_str().unwrap(), "query", "ASK {}"],
        "the file is incomplete",
    );
    // The whole file still loads.
    let output = run(&["--graph", graph.to_str().unwrap(), "query", "ASK {}"], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// An interactive session on a pseudo-terminal with its own data directory.
fn terminal_session(data_home: &Path) -> expectrl::Session {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plangraph"));
    command
        .arg("repl")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("PLANGRAPH_NO_CACHE", "1")
        .env("HOME", data_home)
        .env("XDG_DATA_HOME", data_home.join("data"));
    let mut session = expectrl::Session::spawn(command).expect("a pseudo-terminal");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    session
}

#[test]
fn a_fifo_at_the_history_path_does_not_hang_the_repl() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("data/plangraph");
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = std::ffi::CString::new(dir.join("history").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let mut session = terminal_session(home.path());
    session
        .expect("it is not a regular file")
        .expect("a warning about the history");
    session.expect("plangraph> ").expect("the prompt");
    std::thread::sleep(std::time::Duration::from_millis(200));
    session.send("\x04").unwrap();
    session.expect(expectrl::Eof).expect("Ctrl-D quits");
}

#[test]
fn sigterm_at_the_repl_prompt_restores_the_terminal() {
    use std::os::fd::AsRawFd;
    let home = tempfile::tempdir().unwrap();
    let mut session = terminal_session(home.path());
    session.expect("plangraph> ").expect("the prompt");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let pty = session.get_stream().as_raw_fd();
    let echo_is_on = || {
        let mut settings: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(pty, &mut settings) }, 0);
        settings.c_lflag & libc::ICANON != 0
    };
    assert!(
        !echo_is_on(),
        "the line editor should hold the terminal raw"
    );
    let pid = session.get_process().pid().as_raw();
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let status = session.get_process().wait().unwrap();
    assert!(
        matches!(
            status,
            expectrl::WaitStatus::Signaled(_, expectrl::Signal::SIGTERM, _)
        ),
        "{status:?}"
    );
    assert!(echo_is_on(), "the terminal was left in raw mode");
}

#[test]
fn a_huge_variable_name_makes_a_bounded_table_header() {
    let name = "v".repeat(200_000);
    let query = format!("SELECT ?{name} WHERE {{ BIND(1 AS ?{name}) }}");
    let output = run(&["query", "-"], &query);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.len() < 1_000, "{} bytes", output.stdout.len());
    assert!(stdout(&output).starts_with("vvvv"), "{}", stdout(&output));
}

/// A saved graph of the embedded corpus in `dir`, as `g.nq`, and its text.
fn saved_graph(dir: &Path) -> (std::path::PathBuf, String) {
    let graph = dir.join("g.nq");
    let saved = run(&["build", "-o", graph.to_str().unwrap()], "");
    assert_eq!(saved.status.code(), Some(0), "{}", stderr(&saved));
    let text = text(&graph);
    (graph, text)
}

/// Runs a piped REPL session in `dir` with `args` before `repl` and
/// returns its error lines that refuse a write.
fn repl_refusals(dir: &Path, args: &[&str], input: &str) -> Vec<String> {
    let mut command = plangraph();
    command.current_dir(dir).args(args).arg("repl");
    let output = crate::support::run_command(command, input);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stderr(&output)
        .lines()
        .filter(|l| l.contains("refusing to write"))
        .map(str::to_owned)
        .collect()
}

// See: issue #18 (the REPL's `\o` and `-o` wrote over the session's inputs)
#[test]
fn repl_output_refuses_to_overwrite_the_saved_graph() {
    let dir = tempfile::tempdir().unwrap();
    let (graph, before) = saved_graph(dir.path());
    std::os::unix::fs::symlink("g.nq", dir.path().join("link.nq")).unwrap();
    let refusals = repl_refusals(
        dir.path(),
        &["--graph", "g.nq"],
        "\\o g.nq\nASK {};\n\\o link.nq\n\\export co-lead --format dot -o g.nq\n\\analyze centrality -o g.nq\n",
    );
    assert_eq!(refusals.len(), 4, "{refusals:#?}");
    assert!(refusals
        .iter()
        .all(|l| l.contains("it is the saved graph g.nq that this command reads")));
    assert_eq!(text(&graph), before);
}

#[test]
fn repl_output_refuses_to_overwrite_a_source_document() {
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("din/a.txt");
    copy_corpus_file("sd-2023-green-pilot-key-tasks.txt", &document);
    let before = text(&document);
    let refusals = repl_refusals(
        dir.path(),
        &["--data", "din"],
        "\\o din/a.txt\n\\o din/../din/a.txt\n\\export unit 省科技厅 --format nt -o din/a.txt\n",
    );
    assert_eq!(refusals.len(), 3, "{refusals:#?}");
    assert!(refusals
        .iter()
        .all(|l| l.contains("it is the plan document din/a.txt")));
    assert_eq!(text(&document), before);
}

#[test]
fn repl_output_refuses_to_overwrite_the_query_file_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    // A file that sends the result of its own query over itself…
    let itself = "\\o self.rq\nASK {};\n";
    std::fs::write(dir.path().join("self.rq"), itself).unwrap();
    // …and one that becomes an input only after `\o` named it.
    let later = "ASK {};\n";
    std::fs::write(dir.path().join("later.rq"), later).unwrap();
    let refusals = repl_refusals(
        dir.path(),
        &[],
        "\\i self.rq\n\\o later.rq\n\\i later.rq\n\\o out.txt\nASK {};\n",
    );
    assert_eq!(refusals.len(), 2, "{refusals:#?}");
    assert!(refusals[0].contains("it is the query file self.rq"));
    assert!(refusals[1].contains("it is the query file later.rq"));
    assert_eq!(text(&dir.path().join("self.rq")), itself);
    assert_eq!(text(&dir.path().join("later.rq")), later);
    // Outputs that are not inputs are still written.
    assert_eq!(text(&dir.path().join("out.txt")), "true\n");
}

#[test]
fn analyze_refuses_to_overwrite_the_saved_graph() {
    let dir = tempfile::tempdir().unwrap();
    let (graph, before) = saved_graph(dir.path());
    let g = graph.to_str().unwrap();
    assert_refused(
        &["--graph", g, "analyze", "centrality", "-o", g],
        "it is the saved graph",
    );
    // CSV tables go to FILE.TABLE.csv: one of those is an input too (any
    // file of a --data directory counts).
    let data = dir.path().join("din");
    copy_corpus_file("sd-2023-green-pilot-key-tasks.txt", &data.join("a.txt"));
    let table = data.join("t.centrality.csv");
    std::fs::write(&table, "kept\n").unwrap();
    assert_refused(
        &[
            "--data",
            data.to_str().unwrap(),
            "analyze",
            "centrality",
            "--format",
            "csv",
            "-o",
            data.join("t.csv").to_str().unwrap(),
        ],
        "t.centrality.csv: it is the plan document",
    );
    assert_eq!(text(&graph), before);
    assert_eq!(text(&table), "kept\n");
}

// See: issue #18 (a failed csv export left X.nodes.csv behind)
#[test]
fn a_failed_csv_export_leaves_no_nodes_table_behind() {
    let dir = tempfile::tempdir().unwrap();
    // The edges table cannot be written: a directory holds its name.
    std::fs::create_dir(dir.path().join("net.edges.csv")).unwrap();
    let output = run(
        &[
            "export",
            "co-lead",
            "--format",
            "csv",
            "-o",
            dir.path().join("net.csv").to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("it is a directory"), "{err}");
    assert!(err.contains("net.nodes.csv was removed"), "{err}");
    assert!(!dir.path().join("net.nodes.csv").exists());
}
