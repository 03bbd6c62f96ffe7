//! A client generated from Pinecone's assistant data-plane description (`assistant_data`),
//! at work on the generated mock: it uploads a file as `multipart/form-data`, from memory and
//! from disk, and streams a chat answer as server-sent events, through the client and through
//! the crate's command line. Run by `.ci/run`, which generates the crate from
//! `../shared/conformance/` (features `mock,cli`) and copies this file into its `tests/`.

use assistant_data_client::mock::MockServer;
use assistant_data_client::runtime::FilePart;
use assistant_data_client::runtime::mock::MOCK_TOKEN;
use assistant_data_client::types::{
    ChatRequest, ContentChunkModel, ContentChunkModelDelta, FileData, MessageModel, OperationModel,
    StreamChatChunkModel, UploadFileParams,
};
use futures_util::StreamExt;

fn chunk(text: &str) -> StreamChatChunkModel {
    let delta = ContentChunkModelDelta::new(text);
    StreamChatChunkModel::ContentChunkModel(ContentChunkModel::new("content_chunk", "c-1", "gpt-4o", delta))
}

fn request() -> ChatRequest {
    ChatRequest::new([MessageModel::new().role("user").content("Hi?")])
}

#[tokio::test]
async fn streams_a_chat_answer_as_it_comes() {
    let server = MockServer::start().await;
    server
        .chat_assistant()
        .when(|call| call.assistant_name == "helper" && call.body.stream == Some(true))
        .respond_events([chunk("Hello"), chunk(", "), chunk("world")])
        .times(1)
        .mount()
        .await;
    let mut events = server.client().chat_assistant_events("helper", &request()).await.expect("the stream starts");
    let mut answer = String::new();
    while let Some(event) = events.next().await {
        match event.expect("an event") {
            StreamChatChunkModel::ContentChunkModel(chunk) => answer.push_str(&chunk.delta.content),
            other => panic!("not a content chunk: {other:?}"),
        }
    }
    assert_eq!(answer, "Hello, world");
    let request = &server.received_requests().await[0];
    assert_eq!(request.headers.get("accept").and_then(|v| v.to_str().ok()), Some("text/event-stream"));
}

#[tokio::test]
async fn the_command_line_prints_one_json_line_per_event() {
    let server = MockServer::start().await;
    server.chat_assistant().respond_events([chunk("Hel"), chunk("lo")]).times(1).mount().await;
    let uri = server.uri();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_assistant-data-client"))
            .args(["chat", "post", "helper", "--messages", r#"[{"role":"user","content":"Hi?"}]"#, "--stream"])
            .env("ASSISTANT_DATA_API_KEY", MOCK_TOKEN)
            .env("ASSISTANT_DATA_BASE_URL", uri)
            .output()
            .expect("the binary runs")
    })
    .await
    .expect("joined");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON value a line"))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[1]["delta"]["content"], "lo");
}

#[tokio::test]
async fn uploads_a_file_with_its_metadata() {
    let server = MockServer::start().await;
    let operation: OperationModel = serde_json::from_value(serde_json::json!({
        "id": "op-1",
        "status": "Processing",
        "operation_type": "upload_file",
        "created_on": "2026-01-02T03:04:05Z",
        "updated_on": "2026-01-02T03:04:05Z",
    }))
    .expect("an operation");
    server
        .upload_file()
        .when(|call| {
            let file = call.body.part("file");
            call.assistant_name == "helper"
                && file.is_some_and(|f| f.data == b"%PDF-1.7 report" && f.file_name.as_deref() == Some("report.pdf"))
                && call.body.part("metadata").is_some_and(|m| m.data == br#"{"team":"docs"}"#)
        })
        .respond(operation.clone())
        .header("Location", "/operations/helper/op-1")
        .times(2)
        .mount()
        .await;
    let client = server.client();
    let from_memory = FileData::new(FilePart::bytes(&b"%PDF-1.7 report"[..]).file_name("report.pdf"))
        .metadata(serde_json::json!({"team": "docs"}));
    let answer = client.upload_file("helper", &UploadFileParams::new(), &from_memory).await.expect("uploaded");
    assert_eq!(answer.body, operation);
    assert_eq!(answer.location.as_deref(), Some("/operations/helper/op-1"));

    let path = std::env::temp_dir().join(format!("report-{}", std::process::id())).join("report.pdf");
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
    std::fs::write(&path, b"%PDF-1.7 report").expect("write");
    let from_disk = FileData::new(FilePart::path(&path)).metadata(serde_json::json!({"team": "docs"}));
    client.upload_file("helper", &UploadFileParams::new(), &from_disk).await.expect("uploaded from disk");
    std::fs::remove_dir_all(path.parent().expect("a folder")).ok();
}
