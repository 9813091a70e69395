//! Signed URLs for uploads and downloads: an HMAC-SHA256 over the method,
//! the path and the expiry, so a URL works only for what it was made for,
//! only until it expires, and cannot be altered.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("this link is missing its signature")]
    Missing,
    #[error("this link has expired")]
    Expired,
    #[error("this link's signature is not valid")]
    Invalid,
}

#[derive(Clone)]
pub struct UrlSigner {
    key: [u8; 32],
}

impl UrlSigner {
    pub fn new(key: [u8; 32]) -> UrlSigner {
        UrlSigner { key }
    }

    fn mac(&self, method: &str, path: &str, expires: u64) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(method.as_bytes());
        mac.update(b"\n");
        mac.update(path.as_bytes());
        mac.update(b"\n");
        mac.update(expires.to_string().as_bytes());
        mac
    }

    /// The query string (`expires=…&sig=…`) that authorizes `method path`
    /// until `expires` (unix seconds).
    pub fn query(&self, method: &str, path: &str, expires: u64) -> String {
        let sig = self.mac(method, path, expires).finalize().into_bytes();
        let hex: String = sig.iter().map(|b| format!("{b:02x}")).collect();
        format!("expires={expires}&sig={hex}")
    }

    pub fn verify(
        &self,
        method: &str,
        path: &str,
        expires: Option<u64>,
        sig: Option<&str>,
        now_secs: u64,
    ) -> Result<(), SignatureError> {
        let (Some(expires), Some(sig)) = (expires, sig) else {
            return Err(SignatureError::Missing);
        };
        let bytes = decode_hex(sig).ok_or(SignatureError::Invalid)?;
        self.mac(method, path, expires)
            .verify_slice(&bytes)
            .map_err(|_| SignatureError::Invalid)?;
        if expires < now_secs {
            return Err(SignatureError::Expired);
        }
        Ok(())
    }
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(q: &str) -> (u64, String) {
        let mut expires = 0;
        let mut sig = String::new();
        for kv in q.split('&') {
            let (k, v) = kv.split_once('=').unwrap();
            match k {
                "expires" => expires = v.parse().unwrap(),
                _ => sig = v.to_string(),
            }
        }
        (expires, sig)
    }

    #[test]
    fn signatures_bind_method_path_and_expiry() {
        let s = UrlSigner::new([7; 32]);
        let (exp, sig) = parts(&s.query("PUT", "/upload/fil_1", 1000));
        assert_eq!(
            s.verify("PUT", "/upload/fil_1", Some(exp), Some(&sig), 999),
            Ok(())
        );
        assert_eq!(
            s.verify("PUT", "/upload/fil_1", Some(exp), Some(&sig), 1001),
            Err(SignatureError::Expired)
        );
        assert_eq!(
            s.verify("GET", "/upload/fil_1", Some(exp), Some(&sig), 999),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            s.verify("PUT", "/upload/fil_2", Some(exp), Some(&sig), 999),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            s.verify("PUT", "/upload/fil_1", Some(exp + 1000), Some(&sig), 999),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            s.verify("PUT", "/upload/fil_1", Some(exp), Some("zz"), 999),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            s.verify("PUT", "/upload/fil_1", None, None, 999),
            Err(SignatureError::Missing)
        );
        let other = UrlSigner::new([8; 32]);
        assert_eq!(
            other.verify("PUT", "/upload/fil_1", Some(exp), Some(&sig), 999),
            Err(SignatureError::Invalid)
        );
    }
}
