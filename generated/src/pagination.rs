//! Auto-paging over list endpoints.
//!
//! A list call (`ApiCall<'_, List<T>>`) can be turned into a
//! [`Stream`](futures_util::Stream) of items with
//! [`ApiCall::into_stream`]. It sends the call, yields the page's items, and
//! while `has_more` is `true` sends the same call again with `starting_after`
//! set to the id of the last item received. Every other parameter of the
//! call (filters, `limit`, …) is kept on every page, in the body or the query
//! string, wherever the call had its parameters.
//!
//! ```no_run
//! # use futures_util::TryStreamExt;
//! # #[derive(Default, serde::Deserialize)] struct SetupIntent { id: Option<String> }
//! # impl wooshpay::HasId for SetupIntent {
//! #     fn id(&self) -> Option<&str> { self.id.as_deref() }
//! # }
//! # async fn demo(client: &wooshpay::Client) -> Result<(), wooshpay::Error> {
//! let call: wooshpay::ApiCall<'_, wooshpay::List<SetupIntent>> =
//!     wooshpay::ApiCall::new(client, wooshpay::Method::Get, "/v1/setup_intents".to_owned())
//!         .with_body(&serde_json::json!({ "limit": 100 }));
//! let all: Vec<SetupIntent> = call.into_stream().try_collect().await?;
//! # let _ = all; Ok(()) }
//! ```
//!
//! If the first call sets `ending_before` (and not `starting_after`), paging
//! goes backwards instead: each next page uses `ending_before` = the id of
//! the first item of the previous page.
//!
//! Paging stops when `has_more` is `false` or absent, when a page is empty,
//! when the cursor item has no id, or when a cursor repeats (a server that
//! ignores the cursor cannot make the stream loop forever). After an error
//! the stream yields that error and ends.

use std::collections::{HashSet, VecDeque};

use futures_util::Stream;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::Error;
use crate::request::ApiCall;

/// An API object with an identifier, used as the paging cursor.
///
/// Implemented (by the code generator) for every object that has an `id`
/// field.
pub trait HasId {
    /// The object's identifier, if it has one.
    fn id(&self) -> Option<&str>;
}

/// Which way paging goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// `starting_after` = last item's id.
    Forward,
    /// `ending_before` = first item's id.
    Backward,
}

impl Direction {
    fn param(self) -> &'static str {
        match self {
            Direction::Forward => "starting_after",
            Direction::Backward => "ending_before",
        }
    }
}

struct Pager<'c, T> {
    /// The call for the next page; `None` once paging is over.
    next: Option<ApiCall<'c, crate::List<T>>>,
    buffer: VecDeque<T>,
    direction: Direction,
    /// Cursors already used, to stop on a server that ignores them.
    seen: HashSet<String>,
}

impl<'c, T> ApiCall<'c, crate::List<T>>
where
    T: HasId + Send + 'c,
    crate::List<T>: DeserializeOwned,
{
    /// Turns a list call into a stream over the items of every page,
    /// fetching pages lazily as the stream is polled.
    ///
    /// While a page says `has_more: true`, the same call is sent again with
    /// `starting_after` set to the id of the page's last item; the call's
    /// other parameters (filters, `limit`, …) stay on every page, in the JSON
    /// body or the query string, wherever the call had them. If the call sets
    /// `ending_before` (and not `starting_after`), paging goes backwards with
    /// `ending_before` = the id of the page's first item.
    ///
    /// Paging stops when `has_more` is `false` or absent, when a page is
    /// empty, when the cursor item has no id, or when a cursor repeats, so a
    /// server that ignores the cursor cannot make the stream loop forever.
    /// An error is yielded once and ends the stream. A `POST` list call gets
    /// a fresh idempotency key for every page after the first.
    pub fn into_stream(self) -> impl Stream<Item = Result<T, Error>> + Send + 'c {
        let direction = if self.has_param("ending_before") && !self.has_param("starting_after") {
            Direction::Backward
        } else {
            Direction::Forward
        };
        let pager = Pager {
            next: Some(self),
            buffer: VecDeque::new(),
            direction,
            seen: HashSet::new(),
        };
        futures_util::stream::unfold(pager, |mut pager| async move {
            loop {
                if let Some(item) = pager.buffer.pop_front() {
                    return Some((Ok(item), pager));
                }
                let call = pager.next.take()?;
                let page = match call.clone().send().await {
                    Ok(page) => page,
                    Err(e) => return Some((Err(e), pager)),
                };
                let data = page.data;
                if page.has_more {
                    let cursor_item = match pager.direction {
                        Direction::Forward => data.last(),
                        Direction::Backward => data.first(),
                    };
                    if let Some(id) = cursor_item.and_then(HasId::id) {
                        if pager.seen.insert(id.to_owned()) {
                            let mut next = call;
                            next.set_param(pager.direction.param(), Value::from(id));
                            next.idempotency_key = None;
                            pager.next = Some(next);
                        }
                    }
                }
                pager.buffer.extend(data);
            }
        })
    }
}

impl<R> ApiCall<'_, R> {
    /// Whether the call's parameters (body or query) set `key` to a non-null
    /// value.
    fn has_param(&self, key: &str) -> bool {
        [&self.body, &self.query].into_iter().any(|params| {
            matches!(params, Some(Value::Object(map)) if map.get(key).is_some_and(|v| !v.is_null()))
        })
    }

    /// Sets one top-level parameter where the call's parameters live: the
    /// JSON body if it is an object, otherwise the query string.
    fn set_param(&mut self, key: &str, value: Value) {
        let target = match (&mut self.body, &mut self.query) {
            (Some(Value::Object(map)), _) => map,
            (_, Some(Value::Object(map))) => map,
            (_, query) => query
                .insert(Value::Object(serde_json::Map::new()))
                .as_object_mut()
                .expect("just inserted an object"),
        };
        target.insert(key.to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn client() -> crate::Client {
        crate::Client::new("sk_test_unit").unwrap()
    }

    #[test]
    fn cursor_goes_where_the_params_are() {
        let c = client();
        let mut call: ApiCall<'_, ()> =
            ApiCall::new(&c, crate::Method::Get, "/v1/x".into()).with_body(&json!({"limit": 2}));
        call.set_param("starting_after", json!("a"));
        assert_eq!(call.body, Some(json!({"limit": 2, "starting_after": "a"})));
        assert_eq!(call.query, None);

        let mut call: ApiCall<'_, ()> =
            ApiCall::new(&c, crate::Method::Get, "/v1/x".into()).with_query(&json!({"limit": 2}));
        call.set_param("starting_after", json!("a"));
        assert_eq!(call.query, Some(json!({"limit": 2, "starting_after": "a"})));

        let mut call: ApiCall<'_, ()> = ApiCall::new(&c, crate::Method::Get, "/v1/x".into());
        call.set_param("starting_after", json!("a"));
        assert_eq!(call.query, Some(json!({"starting_after": "a"})));
        assert!(call.has_param("starting_after"));
        assert!(!call.has_param("ending_before"));
    }
}
