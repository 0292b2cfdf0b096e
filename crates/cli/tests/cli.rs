//! The binary end to end on a temporary data directory.

use std::path::Path;
use std::process::{Command, Output};

fn tidings(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("TIDINGS_FETCH_ALLOW_PRIVATE")
        .env_remove("TIDINGS_FETCH_ALLOW_HOSTS")
        .output()
        .expect("run tidings")
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn ingest_list_show_search_and_stories() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extract/tests/fixtures/seeds");
    let seeds = seeds.to_str().unwrap();
    let out = stdout(&tidings(&data, &["ingest", seeds]));
    assert_eq!(out.trim(), "ingested 2, skipped 0 already known, failed 0");
    let out = stdout(&tidings(&data, &["ingest", seeds]));
    assert_eq!(out.trim(), "ingested 0, skipped 2 already known, failed 0");

    let list = stdout(&tidings(&data, &["articles", "--json"]));
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    let unn = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["site_name"] == "UNN")
        .expect("UNN listed");
    let id = unn["id"].to_string();
    let article: serde_json::Value =
        serde_json::from_str(&stdout(&tidings(&data, &["article", &id, "--json"]))).unwrap();
    assert_eq!(article["authors"], serde_json::json!(["Stepan Haftko"]));
    assert_eq!(
        article["published"].as_str().map(|p| &p[..10]),
        Some("2026-03-05")
    );
    assert!(!article["text"].as_str().unwrap().contains("Latest News"));

    let found = stdout(&tidings(&data, &["search", "Netanyahu"]));
    assert_eq!(
        found
            .lines()
            .filter(|l| l.trim_start().starts_with(char::is_numeric))
            .count(),
        2,
        "{found}"
    );

    let stories: serde_json::Value =
        serde_json::from_str(&stdout(&tidings(&data, &["stories", "--json"]))).unwrap();
    let stories = stories.as_array().unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["outlets"], 2);
    let story = stdout(&tidings(&data, &["story", &stories[0]["id"].to_string()]));
    assert!(
        story.contains("The CSR Journal Magazine") && story.contains("UNN"),
        "{story}"
    );
    assert!(story.contains("Where the outlets disagree"), "{story}");
    let id = stories[0]["id"].to_string();
    let short = stdout(&tidings(&data, &["story", &id, "--short"]));
    let long = stdout(&tidings(&data, &["story", &id, "--long"]));
    assert!(
        (1..=60).contains(&short.split_whitespace().count()),
        "{short}"
    );
    assert!(
        long.split_whitespace().count() > short.split_whitespace().count(),
        "{long}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&tidings(&data, &["story", &id, "--json"]))).unwrap();
    assert_eq!(json["digest"]["short"].as_str(), Some(short.trim()));
}

#[test]
fn bad_input_is_named_and_missing_ids_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let bad = dir.path().join("bad.html");
    std::fs::write(&bad, b"").unwrap();
    let o = tidings(&data, &["ingest", bad.to_str().unwrap()]);
    assert!(!o.status.success(), "nothing could be ingested");
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.html"));
    let o = tidings(&data, &["article", "12345"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no article with id 12345"));
    let o = tidings(&data, &["story", "777"]);
    assert!(!o.status.success());
    for cmd in [
        "ingest", "articles", "article", "search", "stories", "story", "extract", "cluster", "demo",
    ] {
        let o = tidings(&data, &[cmd, "--help"]);
        assert!(o.status.success(), "{cmd} --help");
    }
}

/// A tiny HTTP server on 127.0.0.1 answering every request with `body` (one thread, one
/// connection at a time: enough for the command line's fetches).
fn serve_once_per_request(body: &'static str, content_type: &'static str) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let mut buf = [0u8; 8192];
            let _ = conn.read(&mut buf);
            let _ = write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}")
}

#[test]
fn sources_add_fetch_and_health() {
    const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Local News</title>
<item><title>Ferry line to open in spring</title><link>https://news.example/a1</link>
<description>The harbour authority said on Tuesday that the new ferry line would open in spring.</description></item>
</channel></rss>"#;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let base = serve_once_per_request(FEED, "application/rss+xml");
    let url = format!("{base}/feed.xml");
    let out = stdout(&tidings(&data, &["sources"]));
    assert!(out.contains("No sources yet"), "{out}");
    let out = stdout(&tidings(&data, &["sources", "add", &url]));
    assert!(out.starts_with("added source 1"), "{out}");
    let bad = tidings(&data, &["sources", "add", "file:///etc/passwd"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("file:///etc/passwd"));

    // Without permission, a local address is refused and the health says so.
    let refused = tidings(&data, &["fetch", "1"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stdout).contains("non-public"));
    let list = stdout(&tidings(&data, &["sources", "--json"]));
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list[0]["consecutive_failures"], 1);

    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("--data")
        .arg(&data)
        .args(["fetch", "--all"])
        .env("TIDINGS_FETCH_ALLOW_HOSTS", "127.0.0.1")
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("1 new"), "{text}");
    let list = stdout(&tidings(&data, &["sources", "--json"]));
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list[0]["consecutive_failures"], 0);
    assert_eq!(list[0]["kind"], "feed");
    assert_eq!(list[0]["articles"], 1);
    let out = stdout(&tidings(&data, &["sources"]));
    assert!(out.contains("ok, last fetch"), "{out}");
    // Nothing is due right after a fetch.
    let out = stdout(&tidings(&data, &["fetch"]));
    assert!(out.contains("nothing due"), "{out}");
}

/// `tidings ingest DIR` with a bad file among good ones: the good ones are stored, the bad
/// one is named with its reason on stderr, the summary says so and the exit status is not 0.
#[test]
fn ingest_exits_non_zero_when_anything_failed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extract/tests/fixtures/seeds");
    for seed in std::fs::read_dir(&seeds).unwrap() {
        let seed = seed.unwrap().path();
        std::fs::copy(&seed, docs.join(seed.file_name().unwrap())).unwrap();
    }
    // Named to come first: the files after it are still read.
    std::fs::write(docs.join("0-empty.html"), b"").unwrap();
    let o = tidings(&data, &["ingest", docs.to_str().unwrap()]);
    assert!(!o.status.success(), "a file failed");
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        out.trim(),
        "ingested 2, skipped 0 already known, failed 1 (named above)"
    );
    assert!(
        err.contains("failed: ") && err.contains("0-empty.html: empty document"),
        "{err}"
    );
    // Everything known, nothing failed: success again.
    std::fs::remove_file(docs.join("0-empty.html")).unwrap();
    let out = stdout(&tidings(&data, &["ingest", docs.to_str().unwrap()]));
    assert_eq!(out.trim(), "ingested 0, skipped 2 already known, failed 0");
}

/// Runs `tidings ARGS` with its standard output a pipe that is already closed (as when `|
/// head -1` has read what it wanted), and returns how it ended.
fn with_closed_stdout(data: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("--data")
        .arg(data)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run tidings");
    // Closed before the command writes anything: its first write finds no reader.
    drop(child.stdout.take());
    child.wait_with_output().expect("wait")
}

/// `tidings stories -n 400 | head -1` panicked on the broken pipe. Every printing command
/// now ends quietly: success (or the conventional SIGPIPE death), no panic, no message.
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extract/tests/fixtures/seeds");
    let seeds = seeds.to_str().unwrap();
    stdout(&tidings(&data, &["ingest", seeds]));
    let cases = dir.path().join("cases.jsonl");
    std::fs::write(
        &cases,
        format!(
            "{}\n",
            serde_json::json!({"id": 1, "file": format!("{seeds}/unn-2026-03-05.txt")})
        ),
    )
    .unwrap();
    let docs = dir.path().join("docs.jsonl");
    std::fs::write(
        &docs,
        "{\"id\": \"a\", \"text\": \"“We will open the line in spring,” the mayor said.\"}\n",
    )
    .unwrap();
    let cases = cases.to_str().unwrap();
    let docs = docs.to_str().unwrap();
    for args in [
        &["stories", "-n", "400"][..],
        &["stories", "--json"],
        &["story", "1"],
        &["story", "1", "--short"],
        &["story", "1", "--json"],
        &["articles", "-n", "400"],
        &["articles", "--json"],
        &["article", "1"],
        &["article", "1", "--json"],
        &["search", "Iran"],
        &["search", "Iran", "--json"],
        &["sources"],
        &["sources", "--json"],
        &["ingest", seeds],
        &["extract", "--batch", cases],
        &["quotes", "--batch", docs],
        &["cluster", "--batch", docs],
        &["stories", "--help"],
    ] {
        let o = with_closed_stdout(&data, args);
        let err = String::from_utf8_lossy(&o.stderr);
        #[cfg(unix)]
        let sigpipe = std::os::unix::process::ExitStatusExt::signal(&o.status) == Some(13);
        #[cfg(not(unix))]
        let sigpipe = false;
        assert!(
            o.status.success() || sigpipe,
            "{args:?} ended with {:?}: {err}",
            o.status
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
    }
}

/// Logs off a terminal carry no colour codes.
#[test]
fn no_colour_codes_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    stdout(&tidings(
        &data,
        &["sources", "add", "http://127.0.0.1:9/feed.xml"],
    ));
    // Refused (a local address without permission): a warning is logged on stderr.
    let o = tidings(&data, &["fetch", "1"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("fetch failed"), "{err}");
    assert!(!err.contains('\u{1b}'), "colour codes in {err:?}");
}
