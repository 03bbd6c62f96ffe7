//! Following a list operation's pages: a stream of items that asks for the next page, with
//! the same parameters and the next cursor, when the current page is used up.

use std::future::Future;

use futures_core::Stream;

/// Where a paginated stream is: the items left of the current page, and the parameters of
/// the next request (`None` after the last page or an error).
struct State<P, T> {
    items: std::vec::IntoIter<T>,
    next: Option<P>,
}

/// A stream of the items of every page. `fetch` gets one page as its items and the next
/// cursor; `set_cursor` puts a cursor into the parameters. The stream ends after the last
/// page (no cursor, or an empty one) or after the first error, which it yields.
pub fn paginate<P, T, E, F, Fut>(
    params: P,
    set_cursor: fn(&mut P, String),
    fetch: F,
) -> impl Stream<Item = Result<T, E>>
where
    P: Clone,
    F: FnMut(P) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), E>>,
{
    let state = State { items: Vec::new().into_iter(), next: Some(params) };
    futures_util::stream::unfold((state, fetch), move |(mut state, mut fetch)| async move {
        loop {
            if let Some(item) = state.items.next() {
                return Some((Ok(item), (state, fetch)));
            }
            let params = state.next.take()?;
            match fetch(params.clone()).await {
                Ok((items, cursor)) => {
                    state.items = items.into_iter();
                    state.next = cursor.filter(|c| !c.is_empty()).map(|cursor| {
                        let mut params = params;
                        set_cursor(&mut params, cursor);
                        params
                    });
                }
                Err(e) => return Some((Err(e), (state, fetch))),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    #[tokio::test]
    async fn follows_cursors_and_resends_the_parameters() {
        #[derive(Clone, Debug, PartialEq)]
        struct Params {
            filter: &'static str,
            cursor: Option<String>,
        }
        let seen = std::sync::Mutex::new(Vec::new());
        let stream = paginate(
            Params { filter: "x", cursor: None },
            |p, c| p.cursor = Some(c),
            |p: Params| {
                seen.lock().unwrap().push(p.clone());
                async move {
                    match p.cursor.as_deref() {
                        None => Ok::<_, String>((vec![1, 2], Some("b".to_owned()))),
                        Some("b") => Ok((vec![], Some("c".to_owned()))),
                        Some("c") => Ok((vec![3], Some(String::new()))),
                        Some(other) => Err(format!("unexpected cursor {other}")),
                    }
                }
            },
        );
        let items: Vec<Result<i32, String>> = stream.collect().await;
        assert_eq!(items, vec![Ok(1), Ok(2), Ok(3)]);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 3);
        assert!(seen.iter().all(|p| p.filter == "x"), "filters re-sent with every page");
    }

    #[tokio::test]
    async fn stops_after_an_error() {
        let stream = paginate(0u32, |_, _| {}, |_| async { Err::<(Vec<u8>, Option<String>), _>("boom") });
        let items: Vec<_> = stream.collect().await;
        assert_eq!(items, vec![Err("boom")]);
    }
}
