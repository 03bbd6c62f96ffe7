//! Server-sent events (`text/event-stream`), as the HTML standard defines them, decoded into a
//! typed [`Stream`](futures_core::Stream) as they arrive:
//! - the bytes may arrive in any pieces, even mid-line; lines end with CRLF, LF or CR;
//! - `data:` lines are joined with `\n`; `event:`, `id:` and `retry:` are read; comments
//!   (`: keep-alive`) and unknown fields are skipped; an event is dispatched at a blank line;
//! - a data of `[DONE]` (the sentinel OpenAI-style APIs send) ends the stream;
//! - an event whose data does not decode is an error item that names the event, and the
//!   stream goes on; a dropped connection is an error item, and the end;
//! - memory is bounded: an event larger than [`MAX_EVENT_BYTES`] is an error item, skipped;
//! - between two pieces, the client's timeout is an idle timeout: a stream may last as long as
//!   events keep coming.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_core::Stream;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::{DecodeError, DecodeErrorKind, Error, ErrorBody, TimeoutError, TransportError};

/// The largest event kept in memory: 16 MiB.
pub const MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

/// The data that ends a stream without being an event.
const DONE: &str = "[DONE]";

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    /// Its type (`event:`), `message` when it names none.
    pub event: String,
    /// Its data lines, joined with `\n`.
    pub data: String,
    /// The last event id (`id:`) at this event, if any.
    pub id: Option<String>,
    /// The reconnection time the server asked for (`retry:`), in milliseconds.
    pub retry: Option<u64>,
}

/// What the parser produced: an event, or an event too large to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Parsed {
    Event(Event),
    TooLarge { event: String },
}

/// The event-stream parser: bytes in, in any pieces; events out.
#[derive(Debug, Default)]
pub(crate) struct Parser {
    /// The line being read, not yet ended.
    line: Vec<u8>,
    /// The previous piece ended with CR: a LF that starts the next one ends nothing more.
    after_cr: bool,
    /// The first line has been seen (a byte-order mark is stripped from it).
    started: bool,
    event: String,
    data: String,
    /// The data lines of the event so far, to tell an empty data line from none.
    data_lines: usize,
    id: Option<String>,
    retry: Option<u64>,
    /// The current event outgrew [`MAX_EVENT_BYTES`]: the rest of it is skipped.
    too_large: bool,
    /// The rest of the current line is skipped (it made the event too large).
    skipping: bool,
}

impl Parser {
    /// Reads `piece`, returning the events it completes.
    pub(crate) fn push(&mut self, piece: &[u8]) -> Vec<Parsed> {
        let mut out = Vec::new();
        for &byte in piece {
            match byte {
                b'\n' if std::mem::take(&mut self.after_cr) => {}
                b'\r' | b'\n' => {
                    self.after_cr = byte == b'\r';
                    if std::mem::take(&mut self.skipping) {
                        continue;
                    }
                    let line = std::mem::take(&mut self.line);
                    self.line(&line, &mut out);
                }
                _ => {
                    self.after_cr = false;
                    if self.skipping {
                        continue;
                    }
                    if self.line.len() + self.data.len() >= MAX_EVENT_BYTES {
                        (self.too_large, self.skipping) = (true, true);
                        self.line = Vec::new();
                        self.data = String::new();
                        continue;
                    }
                    self.line.push(byte);
                }
            }
        }
        out
    }

    fn line(&mut self, line: &[u8], out: &mut Vec<Parsed>) {
        let mut line = String::from_utf8_lossy(line).into_owned();
        if !std::mem::replace(&mut self.started, true) {
            if let Some(rest) = line.strip_prefix('\u{feff}') {
                line = rest.to_owned();
            }
        }
        if line.is_empty() {
            return self.dispatch(out);
        }
        if line.starts_with(':') {
            return; // a comment
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_str(), ""),
        };
        match field {
            "event" => self.event = value.to_owned(),
            "data" => {
                if self.data_lines > 0 {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.data_lines += 1;
            }
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            "retry" => {
                if let Ok(ms) = value.parse() {
                    self.retry = Some(ms);
                }
            }
            _ => {}
        }
    }

    /// A blank line: the event so far, if it has data.
    fn dispatch(&mut self, out: &mut Vec<Parsed>) {
        let event = std::mem::take(&mut self.event);
        let event = if event.is_empty() { "message".to_owned() } else { event };
        if std::mem::take(&mut self.too_large) {
            self.data_lines = 0;
            out.push(Parsed::TooLarge { event });
        } else if std::mem::take(&mut self.data_lines) > 0 {
            let data = std::mem::take(&mut self.data);
            out.push(Parsed::Event(Event { event, data, id: self.id.clone(), retry: self.retry }));
        }
        self.data.clear();
    }
}

/// The events of a response, decoded as `T` as they arrive. `E` is the API's error body.
pub struct EventStream<T, E> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send>>,
    _types: PhantomData<fn() -> (T, E)>,
}

impl<T, E> std::fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventStream")
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// What the stream is reading.
struct State {
    bytes: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
    parser: Parser,
    pending: VecDeque<Parsed>,
    operation: &'static str,
    attempts: u32,
    idle: Option<Duration>,
    status: StatusCode,
    sensitive: bool,
    done: bool,
}

impl<T: DeserializeOwned + Send + 'static, E: ErrorBody> EventStream<T, E> {
    /// The events of a success `response` of `operation`; `idle` bounds the wait for each
    /// piece of the body.
    pub(crate) fn new(
        response: reqwest::Response,
        operation: &'static str,
        attempts: u32,
        idle: Option<Duration>,
        sensitive: bool,
    ) -> Self {
        use futures_util::StreamExt;
        let status = response.status();
        let state = State {
            bytes: Box::pin(response.bytes_stream()),
            parser: Parser::default(),
            pending: VecDeque::new(),
            operation,
            attempts,
            idle,
            status,
            sensitive,
            done: false,
        };
        let inner = futures_util::stream::unfold(state, |mut state| async move {
            loop {
                if let Some(parsed) = state.pending.pop_front() {
                    match decode::<T, E>(&state, parsed) {
                        Some(item) => return Some((item, state)),
                        None => {
                            state.done = true;
                            state.pending.clear();
                            continue;
                        }
                    }
                }
                if state.done {
                    return None;
                }
                let waited = Instant::now();
                let next = match state.idle {
                    Some(idle) => match tokio::time::timeout(idle, state.bytes.next()).await {
                        Ok(next) => next,
                        Err(_) => {
                            state.done = true;
                            let timeout = TimeoutError {
                                operation: state.operation,
                                attempts: state.attempts,
                                elapsed: waited.elapsed(),
                            };
                            return Some((Err(Error::Timeout(timeout)), state));
                        }
                    },
                    None => state.bytes.next().await,
                };
                match next {
                    Some(Ok(piece)) => {
                        let parsed = state.parser.push(&piece);
                        state.pending.extend(parsed);
                    }
                    Some(Err(source)) => {
                        state.done = true;
                        let error = TransportError { operation: state.operation, attempts: state.attempts, source };
                        return Some((Err(Error::Transport(error)), state));
                    }
                    // Data not ended by a blank line is dropped, as the standard says.
                    None => return None,
                }
            }
        });
        Self { inner: Box::pin(inner), _types: PhantomData }
    }
}

/// The item for one parsed event; `None` for the sentinel that ends the stream.
fn decode<T: DeserializeOwned, E>(state: &State, parsed: Parsed) -> Option<Result<T, Error<E>>> {
    let error = |event: &Event, message: String| {
        Error::Decode(DecodeError {
            status: state.status,
            operation: state.operation,
            kind: DecodeErrorKind::Mismatch,
            path: String::new(),
            message,
            raw_body: Bytes::from(event.data.clone()),
        })
    };
    let event = match parsed {
        Parsed::Event(event) => event,
        Parsed::TooLarge { event } => {
            let message = format!("the event `{event}` is larger than {MAX_EVENT_BYTES} bytes; skipped");
            return Some(Err(error(&Event { event, ..Event::default() }, message)));
        }
    };
    if event.data.trim() == DONE {
        return None;
    }
    let named = match &event.id {
        Some(id) => format!("the event `{}` (id `{id}`)", event.event),
        None => format!("the event `{}`", event.event),
    };
    Some(crate::de::from_slice(event.data.as_bytes()).map_err(|e| {
        // serde quotes the value; an answer holding secrets must not be quoted.
        let why = if state.sensitive {
            "the data has the wrong shape (not quoted: it holds secrets)".to_owned()
        } else {
            e.to_string()
        };
        error(&event, format!("{named} does not decode: {why}"))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(pieces: &[&[u8]]) -> Vec<Parsed> {
        let mut parser = Parser::default();
        pieces.iter().flat_map(|piece| parser.push(piece)).collect()
    }

    fn event(event: &str, data: &str, id: Option<&str>) -> Parsed {
        Parsed::Event(Event { event: event.into(), data: data.into(), id: id.map(Into::into), retry: None })
    }

    #[test]
    fn pieces_split_anywhere_give_the_same_events() {
        let text =
            b"\xef\xbb\xbf: keep-alive\r\nevent: chunk\r\nid: 7\r\ndata: {\"a\":\r\ndata:1}\r\n\r\ndata: two\n\n";
        let whole = events(&[text]);
        assert_eq!(whole, [event("chunk", "{\"a\":\n1}", Some("7")), event("message", "two", Some("7"))]);
        for at in 0..text.len() {
            assert_eq!(events(&[&text[..at], &text[at..]]), whole, "split at {at}");
        }
        let bytes: Vec<&[u8]> = text.chunks(1).collect();
        assert_eq!(events(&bytes), whole, "a byte at a time");
    }

    #[test]
    fn line_ends_may_be_cr_lf_or_crlf() {
        for text in ["data: a\r\rdata: b\n\n", "data: a\r\n\r\ndata: b\r\n\r\n", "data: a\n\ndata: b\r\r"] {
            assert_eq!(
                events(&[text.as_bytes()]),
                [event("message", "a", None), event("message", "b", None)],
                "{text:?}"
            );
        }
    }

    #[test]
    fn fields_follow_the_standard() {
        let got = events(&[b"retry: 3000\ndata\ndata:x\nfoo: ignored\n\n: only a comment\n\nevent: empty\n\n"]);
        assert_eq!(
            got,
            [Parsed::Event(Event { event: "message".into(), data: "\nx".into(), id: None, retry: Some(3000) })]
        );
    }

    #[test]
    fn an_event_too_large_is_reported_and_skipped() {
        let mut parser = Parser::default();
        let mut out = parser.push(b"event: big\ndata: ");
        let chunk = vec![b'x'; 1024 * 1024];
        for _ in 0..17 {
            out.extend(parser.push(&chunk));
        }
        out.extend(parser.push(b"\n\ndata: next\n\n"));
        assert!(matches!(&out[0], Parsed::TooLarge { event, .. } if event == "big"), "{:?}", out.first());
        assert_eq!(out[1], event("message", "next", None));
        assert!(parser.line.capacity() <= MAX_EVENT_BYTES + 1024 * 1024, "memory stays bounded");
    }
}
