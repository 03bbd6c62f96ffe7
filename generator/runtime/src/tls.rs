//! TLS: rustls with the *ring* crypto provider and the roots the cargo features choose:
//! Mozilla's, compiled in (`rustls-webpki-roots`, the default), and the operating system's
//! (`rustls-native-roots`). *ring* builds with no C toolchain beyond a compiler and in less
//! time than reqwest's default provider (aws-lc-rs); see BENCHMARKS.md.

/// A reqwest client builder with this crate's TLS, for [`crate::ClientBuilder::http_client`]
/// when a client needs reqwest settings of its own (a proxy, say). Without a TLS feature it
/// speaks plain HTTP only.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    let builder = reqwest::Client::builder();
    #[cfg(any(feature = "rustls-webpki-roots", feature = "rustls-native-roots"))]
    let builder = match config() {
        Ok(config) => builder.tls_backend_preconfigured(config),
        // reqwest then refuses to build, with an error rather than a panic.
        Err(_) => builder.tls_backend_preconfigured(()),
    };
    builder
}

/// The rustls configuration: *ring*, TLS 1.2 and 1.3, the chosen roots.
#[cfg(any(feature = "rustls-webpki-roots", feature = "rustls-native-roots"))]
fn config() -> Result<rustls::ClientConfig, rustls::Error> {
    let mut roots = rustls::RootCertStore::empty();
    #[cfg(feature = "rustls-webpki-roots")]
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    #[cfg(feature = "rustls-native-roots")]
    {
        let found = rustls_native_certs::load_native_certs();
        for error in &found.errors {
            tracing::warn!(%error, "a root certificate of the system could not be read");
        }
        roots.add_parsable_certificates(found.certs);
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider).with_safe_default_protocol_versions()?;
    Ok(builder.with_root_certificates(roots).with_no_client_auth())
}

#[cfg(test)]
mod tests {
    /// With the TLS features, the client builds with this crate's TLS, not reqwest's default
    /// provider (which is not compiled in: building would panic without a provider).
    #[test]
    fn a_client_builds_with_the_chosen_roots() {
        let client = super::http_client_builder().build();
        assert!(client.is_ok(), "{client:?}");
    }
}
