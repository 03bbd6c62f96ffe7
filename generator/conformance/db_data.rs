//! A client generated from Pinecone's data-plane description (`db_data`), at work: it upserts
//! records as NDJSON, whole and streamed, on the generated mock. Run by `.ci/run`, which
//! generates the crate from `../shared/conformance/` and copies this file into its `tests/`.

use db_data_client::mock::MockServer;
use db_data_client::types::UpsertRecord;
use serde_json::json;

fn record(id: &str, text: &str) -> UpsertRecord {
    let mut record = UpsertRecord::new(id);
    record.additional_properties.insert("chunk_text".to_owned(), json!(text));
    record
}

#[tokio::test]
async fn upserts_records_as_ndjson() {
    let server = MockServer::start().await;
    server
        .upsert_records_namespace()
        .when(|call| call.namespace == "docs" && call.body == [record("r1", "first"), record("r2", "second")])
        .times(1)
        .mount()
        .await;
    let records = [record("r1", "first"), record("r2", "second")];
    server.client().upsert_records_namespace("docs", &records).await.expect("upserted");
    let request = &server.received_requests().await[0];
    let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok());
    assert_eq!(content_type, Some("application/x-ndjson"));
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "{\"_id\":\"r1\",\"chunk_text\":\"first\"}\n{\"_id\":\"r2\",\"chunk_text\":\"second\"}\n"
    );
}

#[tokio::test]
async fn streams_a_large_upload_without_holding_it() {
    let server = MockServer::start().await;
    server.upsert_records_namespace().when(|call| call.body.len() == 10_000).times(1).mount().await;
    let records = futures_util::stream::iter((0..10_000).map(|i| record(&format!("r{i}"), "text")));
    server.client().upsert_records_namespace_streaming("docs", records).await.expect("upserted");
}
