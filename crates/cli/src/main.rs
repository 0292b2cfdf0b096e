//! `tidings`: the Tidings command line.
//!
//! Every command works on a data directory (`--data`, `TIDINGS_DATA`, default
//! `./tidings-data/`). Output is for people on a terminal; `--json` gives the same for
//! programs. Batch modes (`extract --batch`) follow `../shared/corpora/README.md`.

#[macro_use]
mod output;

mod batch;
mod cluster_batch;
mod commands;
mod demo;
mod digest_batch;
mod quotes_batch;
mod serve;
mod sources;
mod stories;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// Tidings: a self-hosted news engine. Clean articles, one story per event, who said what.
#[derive(Parser)]
#[command(name = "tidings", version, about, long_about = None)]
struct Cli {
    /// Data directory (created if missing).
    #[arg(
        long,
        global = true,
        env = "TIDINGS_DATA",
        default_value = "tidings-data",
        value_name = "DIR"
    )]
    data: PathBuf,
    /// Seconds one document (a page, a feed, a JSON line) may take to extract; past it the
    /// document fails, named, and the run goes on.
    #[arg(
        long,
        global = true,
        env = "TIDINGS_EXTRACT_BUDGET",
        default_value_t = 15.0,
        value_name = "SECS"
    )]
    extract_budget: f64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load the bundled sample (293 Wikinews articles and the two seed pages) and show it.
    Demo,
    /// Ingest files or directories (recursively): HTML pages (.html, .htm, .gz), plain-text
    /// captures (.txt), feeds (RSS, Atom, JSON Feed) and JSON Lines of
    /// {url, html | text, title?, published?, source?}.
    Ingest {
        /// Files or directories.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// List stored articles, newest first.
    Articles {
        /// How many.
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: usize,
        /// Skip this many first.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one article: metadata and clean text.
    Article {
        /// The article id (from `tidings articles` or `tidings search`).
        id: i64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List stories: the newest day first, the most-covered first within a day.
    Stories {
        /// How many.
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: usize,
        /// Skip this many first.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Newest first, whatever the coverage.
        #[arg(long)]
        latest: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one story: its articles by outlet, copies under their original.
    Story {
        /// The story id (a merged story's old id still works).
        id: i64,
        /// Print only the short version (≤ 60 words).
        #[arg(long, conflicts_with_all = ["long", "json"])]
        short: bool,
        /// Print only the long version.
        #[arg(long, conflicts_with = "json")]
        long: bool,
        /// Print JSON: the story, its articles and its digest.
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over titles and texts.
    Search {
        /// Words to find (all must match); "quoted phrases" and prefix* work.
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// How many results at most.
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Batch extraction for measurement: one prediction line per case on stdout, pages/s on
    /// stderr (format in the corpora README).
    Extract {
        /// Cases file: one {"id", "file", "url"?} JSON object per line.
        #[arg(long, value_name = "CASES.jsonl")]
        batch: PathBuf,
    },
    /// List the sources fetched over the network with their health; `add URL` adds one,
    /// `remove ID` stops fetching one (its articles stay).
    Sources {
        #[command(subcommand)]
        action: Option<SourcesAction>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Fetch the sources that are due (feeds: each new item becomes an article; pages: one
    /// article), recording their health. TIDINGS_FETCH_ALLOW_PRIVATE=1 allows local addresses.
    Fetch {
        /// Only this source, now.
        #[arg(conflicts_with = "all")]
        id: Option<i64>,
        /// Every source now, due or not.
        #[arg(long)]
        all: bool,
    },
    /// Serve the web reader, the JSON API (/api/v1) and feeds over the data directory, and
    /// fetch due sources in the background.
    /// TIDINGS_READ_TOKEN requires a token for everything; TIDINGS_ADMIN_TOKEN guards writes.
    Serve {
        /// Address to listen on.
        #[arg(
            long,
            env = "TIDINGS_LISTEN",
            default_value = "127.0.0.1:8080",
            value_name = "ADDR"
        )]
        listen: String,
        /// Load the bundled sample (293 Wikinews articles and the two seed pages) into the
        /// data directory first, so there is something to read with no network.
        #[arg(long)]
        demo: bool,
        /// Do not fetch sources in the background.
        #[arg(long)]
        no_fetch: bool,
        /// Seconds between two looks for due sources (each source is fetched every 30
        /// minutes, later after failures).
        #[arg(
            long,
            env = "TIDINGS_FETCH_EVERY",
            default_value_t = 60,
            value_name = "SECS"
        )]
        fetch_every: u64,
    },
    /// Batch story clustering for measurement: one {"id", "story", "duplicate_of"} line per
    /// document on stdout, documents/s on stderr (format in the corpora README).
    Cluster {
        /// Documents file: one {"id", "title"?, "text", "published"?, "date_text"?} per line.
        #[arg(long, value_name = "DOCS.jsonl")]
        batch: PathBuf,
        /// Join threshold (default: the clusterer's).
        #[arg(long, env = "TIDINGS_CLUSTER_JOIN")]
        join: Option<f64>,
        /// Use the documents' dates (`published`, `date_text`); without it every document
        /// gets the same ingest time. Only for streams in time order: an undated document
        /// takes the stream clock as its ingest time.
        #[arg(long)]
        dates: bool,
        /// Clusterer settings as JSON, e.g. '{"merge_threshold": 0.6}' (others keep defaults).
        #[arg(long, env = "TIDINGS_CLUSTER_CONFIG", value_name = "JSON")]
        config: Option<String>,
    },
    /// Batch story digests for measurement: one {"id", "headline", "short", "long"} line per
    /// cluster on stdout, clusters/s on stderr (format in the corpora README).
    Digest {
        /// Clusters file: one {"id", "topic"?, "docs": [{"id", "title"?, "text", ...}]} per line.
        #[arg(long, value_name = "CLUSTERS.jsonl")]
        batch: PathBuf,
        /// Length of the long version, in words.
        #[arg(long, default_value_t = 250)]
        words: usize,
        /// Ignore the clusters' topic questions (no query focus).
        #[arg(long)]
        no_topic: bool,
    },
    /// Batch quote finding for measurement: one {"id", "quotes"} line per document on stdout,
    /// documents/s on stderr (format in the corpora README).
    Quotes {
        /// Documents file: one {"id", "text"} JSON object per line.
        #[arg(long, value_name = "DOCS.jsonl")]
        batch: PathBuf,
    },
}

#[derive(Subcommand)]
enum SourcesAction {
    /// Add a feed or a page by URL (http or https); its first fetch tells which.
    Add {
        /// The URL.
        url: String,
    },
    /// Stop fetching a source; its articles stay.
    Remove {
        /// The source id (from `tidings sources`).
        id: i64,
    },
}

/// Default log filter: our warnings, but not the HTML parser's complaints about the pages it
/// reads (malformed markup is normal input, not a problem to report).
const QUIET_LOGS: &str = "warn,html5ever=error,markup5ever=error,trafilatura=error,dom_smoothie=error,dom_query=error,selectors=error";

fn main() -> std::process::ExitCode {
    use std::io::IsTerminal;
    // Colours only for a person at a terminal (and not against NO_COLOR): a log file or a
    // pipe gets plain text.
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TIDINGS_LOG")
                .unwrap_or_else(|_| QUIET_LOGS.into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(colour)
        .init();
    match run(Cli::parse()) {
        Ok(code) => code,
        // The reader of our output went away (`| head`): nothing more to say.
        Err(e) if output::is_closed(&e) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            err!("tidings: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The engine's settings from the global options: the data directory is where processes
/// sharing it coordinate.
fn engine_settings(cli: &Cli) -> Result<tidings_engine::Settings> {
    let budget = std::time::Duration::try_from_secs_f64(cli.extract_budget)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "--extract-budget / TIDINGS_EXTRACT_BUDGET {}: not a positive number of seconds",
                cli.extract_budget
            )
        })?;
    Ok(tidings_engine::Settings {
        extract_budget: budget,
        state_dir: Some(cli.data.clone()),
        ..tidings_engine::Settings::default()
    })
}

fn run(cli: Cli) -> Result<std::process::ExitCode> {
    use commands::*;
    let settings = &engine_settings(&cli)?;
    match cli.command {
        Command::Demo => demo::run(&cli.data, settings),
        Command::Ingest { paths } => ingest(&cli.data, settings, &paths),
        Command::Articles {
            limit,
            offset,
            json,
        } => articles(&cli.data, limit, offset, json),
        Command::Article { id, json } => article(&cli.data, id, json),
        Command::Stories {
            limit,
            offset,
            latest,
            json,
        } => stories::list(&cli.data, limit, offset, latest, json),
        Command::Story {
            id,
            short,
            long,
            json,
        } => {
            let view = match (short, long, json) {
                (true, _, _) => stories::View::Short,
                (_, true, _) => stories::View::Long,
                (_, _, true) => stories::View::Json,
                _ => stories::View::Full,
            };
            stories::show(&cli.data, id, view)
        }
        Command::Search { query, limit, json } => search(&cli.data, &query.join(" "), limit, json),
        Command::Sources { action, json } => match action {
            None => sources::list(&cli.data, json),
            Some(SourcesAction::Add { url }) => sources::add(&cli.data, settings, &url),
            Some(SourcesAction::Remove { id }) => sources::remove(&cli.data, id),
        },
        Command::Fetch { id, all } => sources::fetch(&cli.data, settings, id, all),
        Command::Serve {
            listen,
            demo,
            no_fetch,
            fetch_every,
        } => {
            if demo {
                let report = demo::load(&cli.data, settings)?;
                err!(
                    "tidings: bundled sample loaded ({} new, {} already there)",
                    report.added.len(),
                    report.known
                );
            }
            let fetch_every = (!no_fetch).then(|| std::time::Duration::from_secs(fetch_every));
            serve::run(&cli.data, settings, &listen, fetch_every)
        }
        Command::Extract { batch } => {
            batch::extract(&batch).map(|()| std::process::ExitCode::SUCCESS)
        }
        Command::Quotes { batch } => {
            quotes_batch::run(&batch).map(|()| std::process::ExitCode::SUCCESS)
        }
        Command::Cluster {
            batch,
            join,
            dates,
            config,
        } => {
            let mut config: tidings_cluster::Config = match config {
                Some(json) => serde_json::from_str(&json)?,
                None => tidings_cluster::Config::default(),
            };
            if let Some(j) = join {
                config.join_threshold = j;
            }
            cluster_batch::run(&batch, config, dates).map(|()| std::process::ExitCode::SUCCESS)
        }
        Command::Digest {
            batch,
            words,
            no_topic,
        } => digest_batch::run(&batch, words, !no_topic).map(|()| std::process::ExitCode::SUCCESS),
    }
}
