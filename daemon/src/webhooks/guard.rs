//! Where a webhook may go: http(s) only, and by default never to loopback,
//! private, link-local (cloud metadata) or otherwise internal addresses,
//! judged on the addresses the name resolves to.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Why a webhook URL is not acceptable as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("webhook_url is longer than 2048 characters")]
    TooLong,
    #[error("webhook_url is not a URL: {0}")]
    NotAUrl(String),
    #[error("webhook_url must be an http(s) URL")]
    Scheme,
    #[error("webhook_url has no host")]
    NoHost,
    #[error("webhook_url must not carry credentials")]
    Credentials,
}

/// Why a delivery could not find where to connect.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// Never deliverable as configured: no retry.
    #[error("refused: {host} resolves to {ip} which is {why} (set webhooks.allow_private to deliver there)")]
    Internal {
        host: String,
        ip: std::net::IpAddr,
        why: &'static str,
    },
    #[error("cannot resolve {host}: {source}")]
    Lookup {
        host: String,
        source: std::io::Error,
    },
    #[error("{0} resolves to no address")]
    NoAddress(String),
    #[error("the URL has no host or port")]
    NoHost,
}

/// The URL is http(s), reasonably short and has a host.
pub fn check_url_shape(url: &str) -> Result<reqwest::Url, UrlError> {
    if url.len() > 2048 {
        return Err(UrlError::TooLong);
    }
    let parsed = reqwest::Url::parse(url).map_err(|e| UrlError::NotAUrl(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(UrlError::Scheme);
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(UrlError::NoHost);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(UrlError::Credentials);
    }
    Ok(parsed)
}

/// Why an address is not a public destination, if it is not.
pub fn internal_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return v4_reason(v4);
            }
            v6_reason(v6)
        }
    }
}

fn v4_reason(ip: Ipv4Addr) -> Option<&'static str> {
    let o = ip.octets();
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_private() {
        Some("a private address")
    } else if ip.is_link_local() {
        Some("a link-local (cloud metadata) address")
    } else if ip.is_unspecified() || ip.is_broadcast() || ip.is_multicast() || o[0] == 0 {
        Some("not a unicast address")
    } else if o[0] == 100 && (64..128).contains(&o[1]) {
        Some("a carrier-grade NAT address")
    } else if o[0] >= 240
        || (o[0] == 192 && o[1] == 0 && o[2] == 0)
        || (o[0] == 198 && (o[1] == 18 || o[1] == 19))
    {
        Some("a reserved address")
    } else {
        None
    }
}

fn v6_reason(ip: Ipv6Addr) -> Option<&'static str> {
    let seg = ip.segments();
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_unspecified() || ip.is_multicast() {
        Some("not a unicast address")
    } else if seg[0] & 0xfe00 == 0xfc00 {
        Some("a private (unique local) address")
    } else if seg[0] & 0xffc0 == 0xfe80 {
        Some("a link-local address")
    } else {
        None
    }
}

/// Resolve the URL's host and check every address; returns the addresses
/// to connect to (so the checked address is the one used).
pub async fn resolve(
    url: &reqwest::Url,
    allow_private: bool,
) -> Result<Vec<SocketAddr>, ResolveError> {
    let host = url.host_str().ok_or(ResolveError::NoHost)?;
    let port = url.port_or_known_default().ok_or(ResolveError::NoHost)?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|source| ResolveError::Lookup {
            host: host.to_string(),
            source,
        })?
        .collect();
    if addrs.is_empty() {
        return Err(ResolveError::NoAddress(host.to_string()));
    }
    if !allow_private {
        for a in &addrs {
            if let Some(why) = internal_reason(a.ip()) {
                return Err(ResolveError::Internal {
                    host: host.to_string(),
                    ip: a.ip(),
                    why,
                });
            }
        }
    }
    Ok(addrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_named() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(internal_reason(ip.parse().unwrap()).is_some(), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:4700::1111", "8.8.8.8"] {
            assert!(internal_reason(ip.parse().unwrap()).is_none(), "{ip}");
        }
    }

    #[test]
    fn url_shapes() {
        assert!(check_url_shape("https://example.com/hook").is_ok());
        assert!(check_url_shape("ftp://example.com").is_err());
        assert!(check_url_shape("https://user:pw@example.com").is_err());
        assert!(check_url_shape("not a url").is_err());
    }

    #[tokio::test]
    async fn resolution_is_checked() {
        let url = reqwest::Url::parse("http://127.0.0.1:9/x").unwrap();
        let err = resolve(&url, false).await.unwrap_err();
        assert!(matches!(err, ResolveError::Internal { .. }), "{err}");
        assert!(err.to_string().contains("loopback"), "{err}");
        assert_eq!(resolve(&url, true).await.unwrap().len(), 1);
    }
}
