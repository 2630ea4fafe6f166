//! The blocking client (feature `blocking`): any [`ApiCall`] sent from
//! synchronous code, on a private current-thread tokio runtime.
//!
//! One runtime serves the whole process: it is made on first use and kept,
//! so the client's pooled connections (whose tasks live on it) stay usable
//! from one blocking call to the next.

use std::future::Future;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::request::{ApiCall, ApiResponse};

impl<R> ApiCall<'_, R> {
    /// Sends the call and waits for its result, for synchronous code
    /// (command-line tools, synchronous services); the same as awaiting it
    /// in async code. Needs the `blocking` feature.
    ///
    /// Call it from a thread that is not running async code. Inside a
    /// tokio runtime (an `async fn`, or a thread of `spawn_blocking`) it
    /// sends nothing and returns [`Error::Request`]: await the call there.
    ///
    /// ```no_run
    /// let client = wooshpay::Client::new("sk_test_...")?;
    /// let intent = wooshpay::setup_intents::retrieve(&client, "seti_123").send_blocking()?;
    /// println!("{:?}", intent.status);
    /// # Ok::<(), wooshpay::Error>(())
    /// ```
    pub fn send_blocking(self) -> Result<R, Error>
    where
        R: DeserializeOwned,
    {
        block_on(self.send())
    }

    /// [`send_with_details`](ApiCall::send_with_details) for synchronous
    /// code, like [`send_blocking`](ApiCall::send_blocking).
    pub fn send_with_details_blocking(self) -> Result<ApiResponse<R>, Error>
    where
        R: DeserializeOwned,
    {
        block_on(self.send_with_details())
    }
}

/// Runs `call` to completion on the private runtime, unless this thread is
/// inside a runtime already (where blocking would panic or stall it).
fn block_on<T>(call: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::Request(
            "a blocking call (`send_blocking`) was made inside an async runtime, \
             where it would block the runtime's thread; `.await` the call instead"
                .to_owned(),
        ));
    }
    static RUNTIME: OnceLock<std::io::Result<tokio::runtime::Runtime>> = OnceLock::new();
    let runtime = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    });
    match runtime {
        // Several threads may block on it at once: each drives the runtime
        // in turn, and every call completes.
        Ok(runtime) => runtime.block_on(call),
        Err(error) => Err(Error::Config(format!(
            "could not start the runtime for blocking calls: {error}"
        ))),
    }
}
