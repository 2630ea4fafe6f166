//! The HTTP side: a hyper server on a random loopback port that reads each
//! request, applies injected faults, authentication and idempotency, and
//! hands it to the handlers.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use serde_json::{Map, Value};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

use crate::error::ApiFailure;
use crate::faults::{self, Fault, FaultRule};
use crate::money::Cause;
use crate::spec::{self, Method, ParamsIn};
use crate::store::{RecordedRequest, Replay, State};
use crate::validate;
use crate::webhooks::{self, DeliveryResult, SignedWebhook};

/// Largest request body the fake reads.
const MAX_BODY: usize = 1 << 20;

/// The API key of [`Server::client`].
const SECRET_KEY: &str = "sk_test_wooshpay_fake";

/// A fake WooshPay API on a random loopback port, with its own state.
/// Stops when dropped.
///
/// Each server starts empty: objects, idempotency keys, events and faults
/// belong to it alone, so tests running in parallel do not see each other.
pub struct Server {
    url: String,
    state: Arc<Mutex<State>>,
    webhook_secret: String,
    delivered: watch::Receiver<u64>,
    stop: watch::Sender<bool>,
}

/// Why the fake closes a connection without answering.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

impl Server {
    /// Starts a server on `127.0.0.1` at a port the OS picks. Needs a tokio
    /// runtime (`#[tokio::test]`).
    ///
    /// # Panics
    /// When no loopback port can be bound, which a test cannot recover from.
    pub async fn start() -> Server {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("wooshpay-test: cannot bind a loopback port");
        let address = listener
            .local_addr()
            .expect("a bound listener has an address");
        let url = format!("http://{address}");
        let (queue, deliveries) = mpsc::unbounded_channel();
        let (delivered_sender, delivered) = watch::channel(0);
        let (stop, stopped) = watch::channel(false);
        let mut state = State::default();
        state.base_url = url.clone();
        state.deliveries.queue = Some(queue);
        let state = Arc::new(Mutex::new(state));
        tokio::spawn(webhooks::deliver(
            deliveries,
            state.clone(),
            delivered_sender,
        ));
        tokio::spawn(accept(listener, state.clone(), stopped));
        Server {
            url,
            state,
            webhook_secret: crate::objects::fresh_id("whsec_test_"),
            delivered,
            stop,
        }
    }

    /// The base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A `wooshpay::Client` for this server: its test key, its URL, and
    /// retries that wait 1 ms instead of half a second (a `Retry-After`
    /// the server sends is still obeyed).
    pub fn client(&self) -> wooshpay::Client {
        self.client_builder()
            .build()
            .expect("a loopback URL and a test key are a valid configuration")
    }

    /// The builder behind [`client`](Self::client), to change timeouts or
    /// retries before building.
    pub fn client_builder(&self) -> wooshpay::ClientBuilder {
        wooshpay::Client::builder(SECRET_KEY)
            .base_url(self.url.clone())
            .retry_base_delay(Duration::from_millis(1))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// The next `times` requests fail with `fault`.
    pub fn inject(&self, fault: Fault, times: usize) {
        self.push_fault(fault, times, None);
    }

    /// The next `times` requests whose path starts with `path_prefix`
    /// (`/v1/refunds`) fail with `fault`; other requests are unaffected.
    pub fn inject_on(&self, path_prefix: &str, fault: Fault, times: usize) {
        self.push_fault(fault, times, Some(path_prefix.to_owned()));
    }

    fn push_fault(&self, fault: Fault, times: usize, path_prefix: Option<String>) {
        if times > 0 {
            self.lock().faults.push(FaultRule {
                fault,
                remaining: times,
                path_prefix,
            });
        }
    }

    /// Every request received so far, in order (retries included).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// The stored object with this id, as the API would answer it.
    pub fn object(&self, id: &str) -> Option<Value> {
        let state = self.lock();
        spec::endpoints()
            .iter()
            .filter_map(|endpoint| endpoint.resource)
            .find_map(|resource| state.find(resource, id).cloned())
            .map(Value::Object)
    }

    /// Stores `object` of the object schema `resource` as if the fake had
    /// made it: for tests of resources the API offers no way to create.
    #[cfg(test)]
    pub(crate) fn store(&self, resource: &'static str, object: Map<String, Value>) {
        self.lock().collection(resource).put(object);
    }

    /// The secret [`events`](Self::events) and
    /// [`deliver_webhooks_to`](Self::deliver_webhooks_to) sign with (a
    /// webhook endpoint created through the API gets its own).
    pub fn webhook_secret(&self) -> &str {
        &self.webhook_secret
    }

    /// Every event recorded so far, oldest first, each as the raw body and
    /// `Wooshpay-Signature` header a webhook handler receives, signed with
    /// [`webhook_secret`](Self::webhook_secret) at the current time.
    pub fn events(&self) -> Vec<SignedWebhook> {
        let events = self.lock().deliveries.events.clone();
        events
            .into_iter()
            .map(|(event_type, payload)| SignedWebhook {
                signature_header: webhooks::sign(&payload, &self.webhook_secret),
                event_type,
                payload,
            })
            .collect()
    }

    /// From now on, every event is also POSTed to `url`, signed with
    /// [`webhook_secret`](Self::webhook_secret). (Creating a webhook
    /// endpoint through the API registers its URL the same way, with the
    /// secret the API returned.)
    pub fn deliver_webhooks_to(&self, url: &str) {
        self.lock().deliveries.targets.push(webhooks::Target {
            url: url.to_owned(),
            secret: self.webhook_secret.clone(),
            enabled_events: Vec::new(),
        });
    }

    /// Waits until every delivery queued so far was made; returns the
    /// result of each delivery made since the server started.
    pub async fn wait_for_webhooks(&self) -> Vec<DeliveryResult> {
        let queued = self.lock().deliveries.queued;
        let mut delivered = self.delivered.clone();
        // Fails only when the delivery task has ended, i.e. never before drop.
        let _ = delivered.wait_for(|done| *done >= queued).await;
        self.lock().deliveries.results.clone()
    }

    /// Completes the authentication (3D Secure) an intent in
    /// `requires_action` waits for, as the customer would: `approve` lets it
    /// go on (`succeeded`, or `requires_capture` for manual capture); a
    /// failure sends it back to `requires_payment_method`. The URL in its
    /// `next_action` does the same when requested (`?result=fail` fails).
    ///
    /// # Errors
    /// When no intent has this id or it is not waiting for authentication.
    pub fn authenticate(&self, intent_id: &str, approve: bool) -> Result<(), String> {
        crate::handlers::authenticate(&mut self.lock(), intent_id, approve).map_err(|failure| {
            failure.body["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        // The delivery task ends once its queue is closed and drained.
        self.lock().deliveries.queue = None;
    }
}

/// A poisoned lock only means another request panicked; the state is
/// still usable for the test that owns the server.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn accept(
    listener: TcpListener,
    state: Arc<Mutex<State>>,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
            _ = stopped.changed() => return,
        };
        let state = state.clone();
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| serve(state.clone(), request));
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopped.changed() => connection.as_mut().graceful_shutdown(),
            }
        });
    }
}

type Answer = Response<Full<Bytes>>;

fn respond(status: u16, body: Vec<u8>, request_id: &str, replayed: bool) -> Answer {
    let mut response = Response::builder()
        .status(status)
        .header("Content-Type", "application/json")
        .header("Request-Id", request_id);
    if replayed {
        response = response.header("Idempotent-Replayed", "true");
    }
    response
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn failure_body(failure: &ApiFailure) -> Vec<u8> {
    failure.body.to_string().into_bytes()
}

async fn serve(state: Arc<Mutex<State>>, request: Request<Incoming>) -> Result<Answer, Dropped> {
    let request_id = crate::objects::fresh_id("req_");
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let idempotency_key = header("Idempotency-Key");
    let authorization = header("Authorization");
    let body = match Limited::new(request.into_body(), MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => {
            let failure = ApiFailure::invalid(
                "parameter_invalid",
                "",
                "The request body is too large or was cut off.".to_owned(),
            );
            return Ok(respond(400, failure_body(&failure), &request_id, false));
        }
    };
    let fault = {
        let mut state = lock(&state);
        state.requests.push(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            idempotency_key: idempotency_key.clone(),
        });
        faults::take(&mut state.faults, &path)
    };
    match fault {
        Some(Fault::RateLimited { retry_after }) => {
            let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            let mut answer = respond(
                429,
                failure_body(&ApiFailure::rate_limited()),
                &request_id,
                false,
            );
            if let Ok(value) = seconds.to_string().parse() {
                answer.headers_mut().insert("Retry-After", value);
            }
            return Ok(answer);
        }
        Some(Fault::ServerError) => {
            return Ok(respond(
                500,
                failure_body(&ApiFailure::server_error()),
                &request_id,
                false,
            ))
        }
        Some(Fault::DropConnection) => return Err(Dropped),
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }
    if let Some(id) = path.strip_prefix("/_fake/authenticate/") {
        let approve = !query.split('&').any(|pair| pair == "result=fail");
        let answer = crate::handlers::authenticate(&mut lock(&state), id, approve);
        return Ok(match answer {
            Ok(()) => respond(
                200,
                br#"{"authenticated":true}"#.to_vec(),
                &request_id,
                false,
            ),
            Err(failure) => respond(failure.status, failure_body(&failure), &request_id, false),
        });
    }
    let (status, body, replayed) = answer(
        &state,
        &method,
        &path,
        &query,
        body,
        idempotency_key,
        authorization,
        &request_id,
    );
    Ok(respond(status, body, &request_id, replayed))
}

/// Everything after faults: authentication, idempotency, routing,
/// validation and the handler. Returns status, body, and whether it was
/// replayed for an idempotency key.
#[allow(clippy::too_many_arguments)]
fn answer(
    state: &Mutex<State>,
    method: &str,
    path: &str,
    query: &str,
    body: Vec<u8>,
    idempotency_key: Option<String>,
    authorization: Option<String>,
    request_id: &str,
) -> (u16, Vec<u8>, bool) {
    if !authorization.is_some_and(|value| value.starts_with("Basic ") && value.len() > 6) {
        return (401, failure_body(&ApiFailure::unauthenticated()), false);
    }
    let method = match method {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "DELETE" => Method::Delete,
        other => {
            return (
                404,
                failure_body(&ApiFailure::unknown_route(other, path)),
                false,
            )
        }
    };
    let mut state = lock(state);
    let fingerprint = (
        method.as_str().to_owned(),
        format!("{path}?{query}"),
        body.clone(),
    );
    let key = idempotency_key.filter(|_| method == Method::Post);
    if let Some(key) = &key {
        if let Some(replay) = state.replays.get(key) {
            if replay.fingerprint != fingerprint {
                return (
                    400,
                    failure_body(&ApiFailure::idempotency_mismatch(key)),
                    false,
                );
            }
            return (replay.status, replay.body.clone(), true);
        }
    }
    let (status, answer) = match run(
        &mut state,
        method,
        path,
        query,
        &body,
        key.as_deref(),
        request_id,
    ) {
        Ok((status, value)) => (status, value.to_string().into_bytes()),
        Err(failure) => (failure.status, failure_body(&failure)),
    };
    if let Some(key) = key {
        state.replays.insert(
            key,
            Replay {
                fingerprint,
                status,
                body: answer.clone(),
            },
        );
    }
    (status, answer, false)
}

fn run(
    state: &mut State,
    method: Method,
    path: &str,
    query: &str,
    body: &[u8],
    idempotency_key: Option<&str>,
    request_id: &str,
) -> Result<(u16, Value), ApiFailure> {
    let (endpoint, path_values) = spec::route(method, path)
        .ok_or_else(|| ApiFailure::unknown_route(method.as_str(), path))?;
    let from_body = if body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => map,
            _ => {
                return Err(ApiFailure::invalid(
                    "parameter_invalid",
                    "",
                    "The request body must be a JSON object.".to_owned(),
                ))
            }
        }
    };
    let from_query = crate::query::parse(query).map_err(|key| {
        ApiFailure::invalid(
            "parameter_invalid",
            &key,
            format!("Invalid query parameter: {key}"),
        )
    })?;
    let params = match endpoint.params {
        // Parameters documented in the body of a GET may come in the query
        // string too (the client sends GET parameters either way).
        Some((schema, ParamsIn::Body)) if from_body.is_empty() && method == Method::Get => {
            validate::check_params(schema, from_query, true)?
        }
        Some((schema, ParamsIn::Body)) => validate::check_params(schema, from_body, false)?,
        Some((schema, ParamsIn::Query)) => validate::check_params(schema, from_query, true)?,
        None => {
            if let Some(key) = from_body.keys().chain(from_query.keys()).next() {
                return Err(ApiFailure::invalid(
                    "parameter_unknown",
                    key,
                    format!("Received unknown parameter: {key}"),
                ));
            }
            Map::new()
        }
    };
    let cause = Cause {
        request_id,
        idempotency_key,
    };
    crate::handlers::handle(state, endpoint, &path_values, params, cause)
}
