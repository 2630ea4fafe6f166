//! Auto-paging over list endpoints. The user-facing guide is "Pagination"
//! in the crate documentation (`lib.rs`).

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::{Stream, TryStreamExt};
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
    /// Stops paging when the cursors start to repeat.
    cursors: CycleDetector,
    /// Ids of the items yielded most recently, so a repeated page yields
    /// nothing twice.
    yielded: RecentIds,
}

/// How many of the most recently yielded ids a stream remembers.
const RECENT_IDS: usize = 4096;

/// The last [`RECENT_IDS`] ids, in bounded memory: a stream over an endless
/// list must not grow with every item it passes on.
struct RecentIds {
    order: VecDeque<String>,
    set: HashSet<String>,
}

impl RecentIds {
    fn new() -> RecentIds {
        RecentIds {
            order: VecDeque::new(),
            set: HashSet::new(),
        }
    }

    /// Records `id`; false when it is among the remembered ones already.
    fn insert(&mut self, id: &str) -> bool {
        if self.set.contains(id) {
            return false;
        }
        if self.order.len() == RECENT_IDS {
            if let Some(oldest) = self.order.pop_front() {
                self.set.remove(&oldest);
            }
        }
        self.order.push_back(id.to_owned());
        self.set.insert(id.to_owned());
        true
    }
}

/// Brent's cycle detection over the sequence of cursors, in constant
/// memory: one remembered cursor, compared with each new one and moved
/// forward at doubling intervals. A server that ignores the cursor (or
/// cycles through any number of pages) is caught within four times the
/// cycle's length.
struct CycleDetector {
    checkpoint: Option<String>,
    steps: u64,
    power: u64,
}

impl CycleDetector {
    fn new() -> CycleDetector {
        CycleDetector {
            checkpoint: None,
            steps: 0,
            power: 1,
        }
    }

    /// Records `cursor`; false when the sequence has come round to a cursor
    /// it had before.
    fn advance(&mut self, cursor: &str) -> bool {
        if self.checkpoint.as_deref() == Some(cursor) {
            return false;
        }
        self.steps += 1;
        if self.steps == self.power {
            self.checkpoint = Some(cursor.to_owned());
            self.power = self.power.saturating_mul(2);
            self.steps = 0;
        }
        true
    }
}

/// The items of every page of a list call, fetched lazily: a
/// [`Stream`] of `Result<T, Error>`, created by [`ApiCall::into_stream`].
///
/// It is `Unpin` and `Send`, so `while let Some(item) = stream.next().await`
/// works without pinning, with [`StreamExt`](crate::StreamExt) in scope;
/// [`TryStreamExt`](crate::TryStreamExt) adds `try_next`, `try_collect`,
/// and the like.
#[must_use = "a stream does nothing unless polled"]
pub struct AutoPagingStream<'c, T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'c>>,
}

impl<T> Stream for AutoPagingStream<'_, T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for AutoPagingStream<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AutoPagingStream").finish_non_exhaustive()
    }
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
    /// empty, when the cursor item has no id, or when the cursors repeat
    /// (the server ignores them, or cycles through pages), so the stream
    /// cannot loop forever; an item whose id is among the last 4096 yielded
    /// is not yielded again. The stream's memory stays bounded however long
    /// the list is: it keeps those ids, not every id. An error is yielded once and ends
    /// the stream. A `POST` list call gets a fresh idempotency key for every
    /// page after the first.
    pub fn into_stream(self) -> AutoPagingStream<'c, T> {
        let direction = if self.has_param("ending_before") && !self.has_param("starting_after") {
            Direction::Backward
        } else {
            Direction::Forward
        };
        let pager = Pager {
            next: Some(self),
            buffer: VecDeque::new(),
            direction,
            cursors: CycleDetector::new(),
            yielded: RecentIds::new(),
        };
        let stream = futures_util::stream::unfold(pager, |mut pager| async move {
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
                        // A cursor item yielded before means the server went
                        // back; a repeating cursor sequence, that it loops.
                        let repeated = pager.yielded.set.contains(id);
                        if !repeated && pager.cursors.advance(id) {
                            let mut next = call;
                            next.set_param(pager.direction.param(), Value::from(id));
                            next.idempotency_key = None;
                            pager.next = Some(next);
                        }
                    }
                }
                for item in data {
                    let fresh = match item.id() {
                        Some(id) => pager.yielded.insert(id),
                        None => true,
                    };
                    if fresh {
                        pager.buffer.push_back(item);
                    }
                }
            }
        });
        AutoPagingStream {
            inner: Box::pin(stream),
        }
    }

    /// Fetches every page and returns all items, or the first error.
    /// Shorthand for `into_stream().try_collect()`; mind the memory on
    /// very long lists.
    pub async fn collect_all(self) -> Result<Vec<T>, Error> {
        self.into_stream().try_collect().await
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
    fn recent_ids_stay_bounded_and_catch_repeats() {
        let mut recent = RecentIds::new();
        for n in 0..3 * RECENT_IDS {
            assert!(recent.insert(&format!("id_{n}")));
            assert!(!recent.insert(&format!("id_{n}")));
        }
        assert_eq!(recent.order.len(), RECENT_IDS);
        assert_eq!(recent.set.len(), RECENT_IDS);
        assert!(recent.insert("id_0"), "the oldest ids are forgotten");
    }

    #[test]
    fn cursor_cycles_of_any_length_are_caught_in_constant_memory() {
        for cycle in [1usize, 2, 3, 7, 1000, 5000] {
            let mut detector = CycleDetector::new();
            let mut steps = 0;
            while detector.advance(&format!("c{}", steps % cycle)) {
                steps += 1;
                assert!(
                    steps <= 4 * cycle + 2,
                    "cycle {cycle} not caught after {steps}"
                );
            }
        }
        let mut detector = CycleDetector::new();
        assert!((0..100_000).all(|n| detector.advance(&format!("c{n}"))));
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
