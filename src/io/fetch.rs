//! Downloading AWS's public price files (`prices update`), bounded in every way a server could abuse:
//! HTTPS only (plain HTTP is accepted for this machine's loopback addresses alone: a local mirror, the
//! tests), a deadline for the whole download (connecting, waiting, reading), a cap on the body as decoded
//! (a gzip body that inflates past it is refused like a large one), at most 3 redirects and never from
//! HTTPS to HTTP. The client is ureq (rustls with compiled-in roots: no system TLS library).

use std::time::Duration;

use crate::error::{Error, Result};
use crate::output::shorten;

/// How long one download may take by default, connecting included.
pub const DEFAULT_TIMEOUT_SECS: u64 = 60;

/// The longest `--timeout` accepted (10 minutes).
pub const MAX_TIMEOUT_SECS: u64 = 600;

/// What one download may take and hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deadline for the whole download.
    pub timeout: Duration,
    /// Largest body, decoded, in bytes.
    pub max_bytes: u64,
}

/// Whether `url` may be fetched: `https://...`, or `http://` to 127.0.0.1, `localhost` or `[::1]`
/// (the loopback: a mirror on this machine, the tests). The reason otherwise.
pub fn check_url(url: &str) -> std::result::Result<(), String> {
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://") {
        return match rest.split(['/', '?', '#']).next() {
            Some(host) if !host.is_empty() => Ok(()),
            _ => Err("an https:// URL with a host".into()),
        };
    }
    if let Some(rest) = lower.strip_prefix("http://") {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = if authority.starts_with('[') {
            authority.split(']').next().map(|h| format!("{h}]"))
        } else {
            authority.split(':').next().map(str::to_string)
        };
        return match host.as_deref() {
            Some("127.0.0.1" | "localhost" | "[::1]") => Ok(()),
            _ => Err(
                "an https:// URL (plain http:// only to this machine: 127.0.0.1, localhost, [::1])"
                    .into(),
            ),
        };
    }
    Err("an https:// URL".into())
}

/// The body of `url` as text, within `limits`. Every failure is one line naming the URL.
pub fn get_text(url: &str, limits: Limits) -> Result<String> {
    let fail = |reason: String| Error::Other(format!("cannot download {url}: {reason}"));
    check_url(url).map_err(|e| fail(format!("expected {e}")))?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .https_only(url.to_ascii_lowercase().starts_with("https://"))
        .max_redirects(3)
        .http_status_as_error(false)
        .user_agent(concat!("apigw-cost/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| fail(reason(&e, limits)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fail(format!(
            "the server answered HTTP {}{}",
            status.as_u16(),
            status
                .canonical_reason()
                .map_or(String::new(), |r| format!(" {r}"))
        )));
    }
    response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_string()
        .map_err(|e| fail(reason(&e, limits)))
}

/// What a failed connection suggests.
const OFFLINE: &str = " (offline? `prices import FILE...` reads saved AWS files)";

/// A download error in plain words.
fn reason(e: &ureq::Error, limits: Limits) -> String {
    match e {
        ureq::Error::Timeout(_) => format!(
            "no complete answer within {} s (--timeout)",
            limits.timeout.as_secs_f64()
        ),
        ureq::Error::HostNotFound => format!("the host name does not resolve{OFFLINE}"),
        ureq::Error::ConnectionFailed => format!("the connection failed{OFFLINE}"),
        ureq::Error::BodyExceedsLimit(_) => format!(
            "the file is larger than {} bytes, the largest AWS price file read",
            limits.max_bytes
        ),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => format!(
                "no complete answer within {} s (--timeout)",
                limits.timeout.as_secs_f64()
            ),
            std::io::ErrorKind::ConnectionRefused => format!("the connection was refused{OFFLINE}"),
            // rustls reports a certificate or handshake failure as invalid data, with its reason inside.
            std::io::ErrorKind::InvalidData => match io.get_ref() {
                Some(inner) => format!("TLS: {}", shorten(&inner.to_string())),
                None => crate::error::io_reason(io),
            },
            _ => {
                let text = io
                    .get_ref()
                    .map_or_else(|| crate::error::io_reason(io), |e| shorten(&e.to_string()));
                format!("{text}{OFFLINE}")
            }
        },
        other => shorten(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::check_url;

    #[test]
    fn only_https_or_loopback_http() {
        assert!(check_url("https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps").is_ok());
        assert!(check_url("http://127.0.0.1:8080/maps").is_ok());
        assert!(check_url("http://localhost/maps").is_ok());
        assert!(check_url("http://[::1]:99/x").is_ok());
        assert!(check_url("http://example.com/maps").is_err());
        assert!(check_url("http://127.0.0.1.example.com/").is_err());
        assert!(check_url("ftp://x").is_err());
        assert!(check_url("https://").is_err());
    }
}
