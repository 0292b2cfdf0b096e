//! A synchronous face on the fetcher, for the synchronous engine and the command line.
//!
//! The fetcher runs on its own thread with its own small tokio runtime; calls send it a job
//! and wait for the answer on a plain channel. Unlike a runtime owned by the caller, this
//! can be created, called and dropped anywhere (inside another runtime's blocking pool too):
//! dropping it only closes the job channel, and the thread ends on its own.

use std::sync::mpsc;

use tokio::sync::mpsc as tmpsc;

use crate::client::{Fetched, Fetcher, Request};
use crate::{Config, FetchError};

type Reply = mpsc::Sender<Result<Fetched, FetchError>>;

struct Job {
    url: String,
    request: Request,
    reply: Reply,
}

/// The fetcher, called synchronously. Jobs from several threads run concurrently (each
/// still waits for its host's slot).
#[derive(Debug, Clone)]
pub struct BlockingFetcher {
    jobs: tmpsc::UnboundedSender<Job>,
    config: Config,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job").field("url", &self.url).finish()
    }
}

impl BlockingFetcher {
    /// Starts the fetcher's thread.
    pub fn new(config: Config) -> Result<BlockingFetcher, FetchError> {
        let (tx, mut rx) = tmpsc::unbounded_channel::<Job>();
        let (ready_tx, ready_rx) = mpsc::channel::<Result<(), FetchError>>();
        let thread_config = config.clone();
        std::thread::Builder::new()
            .name("tidings-fetch".into())
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(FetchError::Client(e.to_string())));
                        return;
                    }
                };
                rt.block_on(async move {
                    let fetcher = match Fetcher::new(thread_config) {
                        Ok(f) => std::sync::Arc::new(f),
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                            return;
                        }
                    };
                    let _ = ready_tx.send(Ok(()));
                    while let Some(job) = rx.recv().await {
                        let fetcher = std::sync::Arc::clone(&fetcher);
                        tokio::spawn(async move {
                            let res = fetcher.get(&job.url, &job.request).await;
                            // The caller may have given up; nothing to do then.
                            let _ = job.reply.send(res);
                        });
                    }
                });
            })
            .map_err(|e| FetchError::Client(e.to_string()))?;
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(BlockingFetcher { jobs: tx, config }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(FetchError::Client("the fetch thread did not start".into())),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// GETs a URL (see [`Fetcher::get`]), waiting for the answer.
    pub fn get(&self, url: &str, request: &Request) -> Result<Fetched, FetchError> {
        let (reply, answer) = mpsc::channel();
        let gone = || FetchError::Client("the fetch thread has stopped".into());
        self.jobs
            .send(Job {
                url: url.to_owned(),
                request: request.clone(),
                reply,
            })
            .map_err(|_| gone())?;
        answer.recv().map_err(|_| gone())?
    }
}
