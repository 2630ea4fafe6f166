//! A webhook receiver: verifies each delivery's `Wooshpay-Signature`, decodes
//! the event, acts on the types it cares about, and answers 2xx at once, as
//! WooshPay asks (slow work runs after the answer, in a spawned task).
//!
//! ```sh
//! WOOSHPAY_WEBHOOK_SECRET=whsec_... cargo run -p wooshpay --example webhook_receiver
//! ```
//!
//! `WEBHOOK_ADDR` changes the address (default `127.0.0.1:4242`). Register
//! the public HTTPS URL that forwards here with `webhook_endpoints::create`;
//! its response is the only place WooshPay shows the signing secret.
//!
//! Built on hyper 1, which the SDK already pulls in through reqwest.

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use wooshpay::{Event, EventObject, EventType, Webhook};

/// Deliveries are single events; anything larger is not from WooshPay.
const MAX_BODY_BYTES: usize = 1024 * 1024;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("WOOSHPAY_WEBHOOK_SECRET")
        .map_err(|_| "set WOOSHPAY_WEBHOOK_SECRET to the endpoint's signing secret")?;
    let addr = std::env::var("WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:4242".to_owned());
    let listener = TcpListener::bind(&addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    serve(listener, secret.into()).await?;
    Ok(())
}

/// Accepts connections on `listener` until it fails.
pub async fn serve(listener: TcpListener, secret: Arc<str>) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let secret = Arc::clone(&secret);
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(request, Arc::clone(&secret)));
            if let Err(error) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                eprintln!("webhook connection failed: {error}");
            }
        });
    }
}

/// One delivery: 200 once verified, 400 when the signature, timestamp or
/// body is wrong (WooshPay then retries), 405 for anything but POST.
async fn handle(
    request: Request<Incoming>,
    secret: Arc<str>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if request.method() != Method::POST {
        return Ok(reply(StatusCode::METHOD_NOT_ALLOWED, "POST only"));
    }
    // The header is read before the body is consumed; a missing one is
    // reported by `construct_event` like any other bad signature.
    let signature = request
        .headers()
        .get(Webhook::SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // The signature covers the raw bytes: verify them before any parsing.
    let body = match Limited::new(request.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Ok(reply(StatusCode::PAYLOAD_TOO_LARGE, "body too large")),
    };
    // The bytes as received; a body that is not UTF-8 is refused like any
    // other bad delivery.
    match Webhook::construct_event(&body, &signature, &secret) {
        Ok(event) => {
            // An object of a kind the SDK types that did not decode: answer
            // 500 so WooshPay delivers it again, rather than acknowledge a
            // payment this receiver could not read.
            if let Some(failure) = event
                .data
                .object
                .as_ref()
                .and_then(EventObject::decode_failure)
            {
                eprintln!("could not read a webhook's object: {failure}");
                return Ok(reply(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "unreadable object",
                ));
            }
            // Answer first; do the work afterwards.
            tokio::spawn(process(event));
            Ok(reply(StatusCode::OK, "received"))
        }
        Err(error) => {
            // Safe to log: a WebhookError never holds the secret or the body.
            eprintln!("rejected a webhook delivery: {error}");
            Ok(reply(StatusCode::BAD_REQUEST, "invalid webhook"))
        }
    }
}

/// The slow part: update orders, save cards, send mail...
async fn process(event: Event) {
    match (event.type_, event.data.object) {
        (EventType::SetupIntentSucceeded, Some(EventObject::SetupIntent(intent))) => {
            // The authoritative signal that a card was saved: store
            // `intent.payment_method` with the customer.
            println!(
                "card saved: {:?} for {:?}",
                intent.payment_method, intent.customer
            );
        }
        (EventType::PaymentIntentSucceeded, Some(EventObject::PaymentIntent(intent))) => {
            println!(
                "payment {} succeeded: {} {}",
                intent.id, intent.amount, intent.currency
            );
        }
        (EventType::PaymentIntentPaymentFailed, _) => println!("payment failed"),
        (other, _) => println!("ignored event type {other:?}"),
    }
}

fn reply(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    response
}
