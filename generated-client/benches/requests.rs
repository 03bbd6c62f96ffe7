//! Per-request cost of the generated client against a hand-written reqwest call doing the
//! same request through the same connection pool, on loopback: one small object, and a list
//! of 1,000 objects (decode included). A minimal keep-alive HTTP/1.1 server answers with fixed
//! bytes, so the difference between the two is the client's own work. The hand-written side
//! decodes into structs of its own that derive `Deserialize`, so the generated types' decoder
//! (`runtime::de`) is measured against the derive too, and their encoder (`runtime::ser`)
//! against `#[derive(Serialize)]`.
//!
//! Run with `cargo bench -p pinecone-admin --bench requests`; see BENCHMARKS.md.

use std::net::SocketAddr;
use std::time::Duration;

use divan::{Bencher, black_box};
use pinecone_admin::v2026_07::Client;
use pinecone_admin::{ClientBuilder, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn main() {
    divan::main();
}

/// `types::Project` as a hand-written client would declare it.
#[allow(dead_code)] // read only by `black_box`
#[derive(Debug, serde::Deserialize, serde::Serialize)]
struct Project {
    id: uuid::Uuid,
    name: String,
    max_pods: i64,
    force_encryption_with_cmek: bool,
    organization_id: String,
    created_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// `types::ProjectList`, by hand.
#[allow(dead_code)]
#[derive(Debug, serde::Deserialize, serde::Serialize)]
struct ProjectList {
    data: Vec<Project>,
}

const PROJECT_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn project(i: usize) -> serde_json::Value {
    serde_json::json!({
        "id": PROJECT_ID,
        "name": format!("project-{i}"),
        "max_pods": i,
        "force_encryption_with_cmek": false,
        "organization_id": "org-1",
        "created_at": "2025-04-01T10:00:00Z"
    })
}

/// An HTTP response with a JSON body.
fn response(body: &serde_json::Value) -> Vec<u8> {
    let body = body.to_string();
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())
        .into_bytes()
}

/// Serves fixed answers: the list of 1,000 projects for `/admin/projects`, one project for
/// anything else. Requests are `GET`s without bodies, so a request ends at its blank line.
async fn serve() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let one = response(&project(0));
    let list = response(&serde_json::json!({"data": (0..1000).map(project).collect::<Vec<_>>()}));
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let (one, list) = (one.clone(), list.clone());
            tokio::spawn(async move {
                let mut buffer = Vec::with_capacity(4096);
                let mut chunk = [0u8; 4096];
                loop {
                    let Ok(n) = socket.read(&mut chunk).await else { return };
                    if n == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..n]);
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        let is_list = buffer.starts_with(b"GET /admin/projects ");
                        buffer.drain(..end + 4);
                        let answer = if is_list { &list } else { &one };
                        if socket.write_all(answer).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    addr
}

struct Setup {
    runtime: tokio::runtime::Runtime,
    http: reqwest::Client,
    client: Client,
    base: String,
}

fn setup() -> Setup {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let addr = runtime.block_on(serve());
    let base = format!("http://{addr}");
    let http = pinecone_admin::runtime::http_client_builder().build().expect("client");
    let client = ClientBuilder::<Client>::new()
        .access_token("bench-token")
        .base_url(&base)
        .http_client(http.clone())
        .retry(RetryPolicy::never())
        .build()
        .expect("client");
    Setup { runtime, http, client, base }
}

/// The same request, written by hand with reqwest: the same headers go over the wire.
/// `timeout` is the per-attempt timeout the generated client sets on every request
/// (`DEFAULT_TIMEOUT`), for the variant that does the same work, timer included.
async fn by_hand<T: serde::de::DeserializeOwned>(http: &reqwest::Client, url: &str, timeout: Option<Duration>) -> T {
    let mut request = http
        .get(url)
        .header("user-agent", concat!("pinecone-admin-rust/", env!("CARGO_PKG_VERSION")))
        .header("accept", "application/json")
        .header("X-Pinecone-Api-Version", "2026-07")
        .bearer_auth("bench-token");
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    let response = request.send().await.expect("sent");
    let bytes = response.bytes().await.expect("body");
    serde_json::from_slice(&bytes).expect("decodes")
}

#[divan::bench(sample_count = 200, sample_size = 20)]
fn fetch_project_generated(bencher: Bencher) {
    let s = setup();
    let id = PROJECT_ID.parse().expect("uuid");
    bencher.bench_local(|| s.runtime.block_on(async { black_box(s.client.fetch_project(id).await.expect("ok")) }));
}

#[divan::bench(sample_count = 200, sample_size = 20)]
fn fetch_project_by_hand(bencher: Bencher) {
    fetch_by_hand(bencher, None);
}

#[divan::bench(sample_count = 200, sample_size = 20)]
fn fetch_project_by_hand_with_timeout(bencher: Bencher) {
    fetch_by_hand(bencher, Some(pinecone_admin::runtime::DEFAULT_TIMEOUT));
}

/// `fetch_project` by hand; the URL is built for each call from the typed id, as the
/// generated method builds it.
fn fetch_by_hand(bencher: Bencher, timeout: Option<Duration>) {
    let s = setup();
    let id: uuid::Uuid = PROJECT_ID.parse().expect("uuid");
    bencher.bench_local(|| {
        s.runtime.block_on(async {
            let url = format!("{}/admin/projects/{id}", s.base);
            black_box(by_hand::<Project>(&s.http, &url, timeout).await)
        })
    });
}

#[divan::bench(sample_count = 100, sample_size = 5)]
fn list_1000_generated(bencher: Bencher) {
    let s = setup();
    bencher.bench_local(|| s.runtime.block_on(async { black_box(s.client.list_projects().await.expect("ok")) }));
}

#[divan::bench(sample_count = 100, sample_size = 5)]
fn list_1000_by_hand(bencher: Bencher) {
    let s = setup();
    let url = format!("{}/admin/projects", s.base);
    bencher.bench_local(|| s.runtime.block_on(async { black_box(by_hand::<ProjectList>(&s.http, &url, None).await) }));
}

/// A list of 1,000 projects as JSON text.
fn list_json() -> Vec<u8> {
    serde_json::json!({"data": (0..1000).map(project).collect::<Vec<_>>()}).to_string().into_bytes()
}

/// Decoding alone, no network: 1,000 projects into the generated types (`runtime::de`) and
/// into the hand-written ones (`#[derive(Deserialize)]`).
mod decode {
    use super::*;

    #[divan::bench(sample_count = 200, sample_size = 5)]
    fn list_1000_generated(bencher: Bencher) {
        let json = list_json();
        bencher.bench_local(|| {
            black_box(serde_json::from_slice::<pinecone_admin::v2026_07::types::ProjectList>(&json).expect("decodes"))
        });
    }

    #[divan::bench(sample_count = 200, sample_size = 5)]
    fn list_1000_derived(bencher: Bencher) {
        let json = list_json();
        bencher.bench_local(|| black_box(serde_json::from_slice::<ProjectList>(&json).expect("decodes")));
    }
}

/// Encoding alone: the same 1,000 projects as JSON text from the generated types
/// (`runtime::ser`) and from the hand-written ones (`#[derive(Serialize)]`).
mod encode {
    use super::*;

    #[divan::bench(sample_count = 200, sample_size = 5)]
    fn list_1000_generated(bencher: Bencher) {
        let list: pinecone_admin::v2026_07::types::ProjectList = serde_json::from_slice(&list_json()).expect("decodes");
        bencher.bench_local(|| black_box(serde_json::to_vec(&list).expect("encodes")));
    }

    #[divan::bench(sample_count = 200, sample_size = 5)]
    fn list_1000_derived(bencher: Bencher) {
        let list: ProjectList = serde_json::from_slice(&list_json()).expect("decodes");
        bencher.bench_local(|| black_box(serde_json::to_vec(&list).expect("encodes")));
    }
}
