//! A client generated from Pinecone's assistant data-plane description (`assistant_data`),
//! at work: it uploads a file as `multipart/form-data`, from memory and from disk, on the
//! generated mock. Run by `.ci/run`, which generates the crate from
//! `../shared/conformance/` and copies this file into its `tests/`.

use assistant_data_client::mock::MockServer;
use assistant_data_client::types::{FileData, OperationModel, UploadFileParams};
use pinecone_admin::runtime::FilePart;

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
