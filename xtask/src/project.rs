//! What this project's crate is, which the generator cannot know: the `pinecone-admin` crate
//! of the Pinecone Admin API's versions, whose `admin` API takes access tokens that its
//! `oauth` API issues, and the environment variables it reads.

use generator::EnvNames;
use generator::layout::{CrateLayout, TokenApi};

/// The API whose client is each version module's `Client`.
pub const PRIMARY: &str = "admin";

/// The layout of `generated-client/`.
pub fn layout() -> CrateLayout {
    CrateLayout {
        lib: "pinecone_admin".to_owned(),
        bin: "pinecone-admin".to_owned(),
        about: "Pinecone APIs".to_owned(),
        title: "Pinecone Admin API".to_owned(),
        primary: PRIMARY.to_owned(),
        env: EnvNames { base_url: "PINECONE_ADMIN_API_URL".to_owned(), ..EnvNames::prefixed("PINECONE") },
        token: Some(TokenApi {
            api: "oauth".to_owned(),
            method: "get_token".to_owned(),
            request: "TokenRequest".to_owned(),
            fixed: vec![
                ("grant_type".to_owned(), "client_credentials".to_owned()),
                // The audience Pinecone's OAuth API issues Admin API tokens for.
                ("audience".to_owned(), "https://api.pinecone.io/".to_owned()),
            ],
            token_field: "access_token".to_owned(),
            expires_in_field: "expires_in".to_owned(),
        }),
    }
}
