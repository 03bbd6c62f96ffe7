//! A typed async client for the Pinecone Admin API, generated from Pinecone's OpenAPI
//! descriptions, one module per API version.
//!
//! ```no_run
//! # #[cfg(feature = "v2026_07")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use pinecone_admin::v2026_07::Client;
//!
//! // PINECONE_CLIENT_ID and PINECONE_CLIENT_SECRET (or PINECONE_ACCESS_TOKEN).
//! let client = Client::from_env()?;
//! for project in client.list_projects().await?.data {
//!     println!("{} {}", project.id, project.name);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Each version module (`v2026_07` and the others of `specs/`) is behind the cargo feature of
//! its name; `latest` (on by default) is the newest. The modules are generated from `specs/`
//! by `cargo xtask codegen`; the [`runtime`] they share (the `openapi-client-runtime` crate)
//! is written by hand.

#![warn(missing_docs)]

pub use openapi_client_runtime as runtime;
pub use runtime::{ClientBuilder, ConfigError, Error, RetryPolicy, SecretString};

include!("versions.rs");

/// The README's examples, compiled and checked as doctests (they use version 2026-07, which
/// they name, and the mocks).
#[cfg(all(doctest, feature = "mock", feature = "v2026_07"))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
