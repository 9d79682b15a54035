//! TLS for a session. Each side has a self-signed certificate (its
//! [`Identity`]). On first contact each accepts whichever certificate the
//! other shows, because what it trusts is the pairing: SPAKE2 on the code,
//! confirmed over this TLS session's exported keying material, fails if
//! anyone sits in between. After pairing each pins the other's certificate,
//! and a reconnect is accepted only between the same two keys.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{ring, verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{ClientConfig, DigitallySignedStruct, DistinguishedName, ServerConfig, SignatureScheme};
use sha2::{Digest, Sha256};

/// The name in the host's certificate (never resolved).
pub const SERVER_NAME: &str = "accord.session";
/// The label under which both sides export the TLS session's keying material.
pub const EXPORTER_LABEL: &[u8] = b"EXPORTER-accord-pairing-v1";

fn provider() -> Arc<CryptoProvider> {
    Arc::new(ring::default_provider())
}

/// A side's long-lived TLS key and self-signed certificate.
#[derive(Clone)]
pub struct Identity {
    cert: CertificateDer<'static>,
    key: Vec<u8>,
}

impl Identity {
    pub fn generate() -> Result<Identity, String> {
        let made = rcgen::generate_simple_self_signed(vec![SERVER_NAME.to_string()]).map_err(|e| e.to_string())?;
        Ok(Identity { cert: made.cert.der().clone(), key: made.signing_key.serialize_der() })
    }

    /// The certificate and the PKCS#8 private key, DER, to keep.
    pub fn to_der(&self) -> (Vec<u8>, Vec<u8>) {
        (self.cert.to_vec(), self.key.clone())
    }

    pub fn from_der(cert: Vec<u8>, key: Vec<u8>) -> Result<Identity, String> {
        let identity = Identity { cert: CertificateDer::from(cert), key };
        // A stored pair that rustls cannot use is refused now, not at the first guest.
        server_config(&identity)?;
        Ok(identity)
    }

    /// What the other side pins: the SHA-256 of the certificate.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.cert)
    }

    fn key(&self) -> PrivateKeyDer<'static> {
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.clone()))
    }
}

pub fn fingerprint(cert: &CertificateDer<'_>) -> String {
    hex::encode(Sha256::digest(cert.as_ref()))
}

pub fn server_config(identity: &Identity) -> Result<Arc<ServerConfig>, String> {
    let config = ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(|e| e.to_string())?
        .with_client_cert_verifier(Arc::new(PairingVerifier(provider())))
        .with_single_cert(vec![identity.cert.clone()], identity.key())
        .map_err(|e| e.to_string())?;
    Ok(Arc::new(config))
}

pub fn client_config(identity: &Identity) -> Result<Arc<ClientConfig>, String> {
    let config = ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(PairingVerifier(provider())))
        .with_client_auth_cert(vec![identity.cert.clone()], identity.key())
        .map_err(|e| e.to_string())?;
    Ok(Arc::new(config))
}

/// Accepts the other side's certificate, but still checks the handshake is
/// signed by its key, so the certificate (and the exported keying material)
/// belongs to whoever holds that key. Pairing, or the pin, decides trust.
#[derive(Debug)]
struct PairingVerifier(Arc<CryptoProvider>);

impl ClientCertVerifier for PairingVerifier {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

impl ServerCertVerifier for PairingVerifier {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
