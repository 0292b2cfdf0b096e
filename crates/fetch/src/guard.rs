//! The SSRF guard: which URLs and addresses a fetch may reach.
//!
//! A URL must be `http` or `https`, and every address its host resolves to must be public:
//! not loopback, private (RFC 1918), carrier-grade NAT, link-local, unique-local,
//! multicast, unspecified, broadcast, documentation, discard-only, local-use NAT64 or
//! reserved; an IPv4 address carried in IPv6 (mapped, SIIT, NAT64, 6to4, Teredo) is judged
//! as IPv4. The check runs on the
//! resolved addresses before each request (every redirect hop included), and the client's
//! own resolver ([`GuardedResolver`]) drops non-public addresses again at connect time, so a
//! name that resolves differently the second time (DNS rebinding) still cannot reach inside.
//!
//! How far a fetch may reach is a [`Reach`]: public addresses only (the default); any address
//! but the cloud metadata services' ([`is_metadata`]) when private addresses are allowed for
//! local use — a feed on the LAN is a reason to allow the LAN, never to hand a hostile page
//! the instance's cloud credentials; or anything, for a host the operator named on purpose.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::Url;

use crate::FetchError;

/// Whether an address is on the public internet (see the module doc for what is not).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

/// How far a fetch to one host may reach (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Public addresses only.
    Public,
    /// Any address but the metadata services' (`TIDINGS_FETCH_ALLOW_PRIVATE`).
    Private,
    /// Any address: the operator named this host (`TIDINGS_FETCH_ALLOW_HOSTS`).
    Named,
}

impl Reach {
    /// Whether a fetch with this reach may connect to `ip`.
    pub fn allows(self, ip: IpAddr) -> bool {
        match self {
            Reach::Public => is_public(ip),
            Reach::Private => !is_metadata(ip),
            Reach::Named => true,
        }
    }
}

/// Whether an address is one of the cloud instance-metadata services' (or could reach one):
/// the whole IPv4 link-local range 169.254/16 (AWS, GCP, Azure, OpenStack at 169.254.169.254,
/// AWS ECS at 169.254.170.2), Alibaba's 100.100.100.200, Oracle's 192.0.0.192, AWS's IPv6
/// fd00:ec2::254, IPv6 link-local fe80::/10, and those IPv4 addresses carried in IPv6.
pub fn is_metadata(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_metadata_v4(v4),
        IpAddr::V6(v6) => {
            let seg = v6.segments();
            (seg[0] & 0xffc0) == 0xfe80
                || v6 == Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x254)
                || carried_v4(v6).is_some_and(is_metadata_v4)
        }
    }
}

fn is_metadata_v4(ip: Ipv4Addr) -> bool {
    ip.is_link_local()
        || ip == Ipv4Addr::new(100, 100, 100, 200)
        || ip == Ipv4Addr::new(192, 0, 0, 192)
}

/// The IPv4 address an IPv6 address carries in its low 32 bits when it is mapped
/// (::ffff:a.b.c.d), SIIT (::ffff:0:a.b.c.d), NAT64 (64:ff9b::/96) or IPv4-compatible
/// (::a.b.c.d); for 6to4 (2002::/16) the address in bits 16–47.
fn carried_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let seg = ip.segments();
    let o = ip.octets();
    let tail = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
    if seg[..5] == [0, 0, 0, 0, 0] && (seg[5] == 0xffff || seg[5] == 0) {
        return Some(tail);
    }
    if seg[..6] == [0, 0, 0, 0, 0xffff, 0] || (seg[0] == 0x64 && seg[1] == 0xff9b) {
        return Some(tail);
    }
    if seg[0] == 0x2002 {
        return Some(Ipv4Addr::new(o[2], o[3], o[4], o[5]));
    }
    None
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT, 100.64/10
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking, 198.18/15
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    // IPv4 inside IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96): judge the IPv4 address.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let seg = ip.segments();
    let o = ip.octets();
    let tail_v4 = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
    if seg[0] == 0x64 && seg[1] == 0xff9b && seg[2..6] == [0, 0, 0, 0] {
        return is_public_v4(tail_v4);
    }
    // IPv4-translated (SIIT), ::ffff:0:a.b.c.d.
    if seg[..6] == [0, 0, 0, 0, 0xffff, 0] {
        return is_public_v4(tail_v4);
    }
    // 6to4, 2002:AABB:CCDD::/48 carries a.b.c.d.
    if seg[0] == 0x2002 && !is_public_v4(Ipv4Addr::new(o[2], o[3], o[4], o[5])) {
        return false;
    }
    // Teredo, 2001:0::/32: the server's IPv4 address in bits 32–63, the client's in the last
    // 32 bits, inverted. Either one inside makes the address inside.
    if seg[0] == 0x2001 && seg[1] == 0 {
        let server = Ipv4Addr::new(o[4], o[5], o[6], o[7]);
        let client = Ipv4Addr::new(!o[12], !o[13], !o[14], !o[15]);
        if !is_public_v4(server) || !is_public_v4(client) {
            return false;
        }
    }
    !(ip.is_unspecified()
        || (seg[0] == 0x64 && seg[1] == 0xff9b && seg[2] == 1) // local-use NAT64, 64:ff9b:1::/48
        || (seg[0] == 0x100 && seg[1..4] == [0, 0, 0]) // discard-only, 100::/64
        || ip.is_loopback()
        || ip.is_multicast()
        || (seg[0] & 0xfe00) == 0xfc00 // unique local, fc00::/7
        || (seg[0] & 0xffc0) == 0xfe80 // link-local, fe80::/10
        || (seg[0] & 0xffc0) == 0xfec0 // site-local (deprecated), fec0::/10
        || (seg[0] == 0x2001 && seg[1] == 0x0db8) // documentation
        || seg[..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible (deprecated) and the like
}

/// Parses a URL and checks its scheme (`http` or `https`) and that it names a host.
pub fn check_url(raw: &str) -> Result<Url, FetchError> {
    let url = Url::parse(raw.trim()).map_err(|e| FetchError::BadUrl {
        url: raw.to_owned(),
        reason: e.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Scheme {
            url: raw.to_owned(),
            scheme: url.scheme().to_owned(),
        });
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::BadUrl {
            url: raw.to_owned(),
            reason: "no host".into(),
        });
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(FetchError::BadUrl {
            url: raw.to_owned(),
            reason: "credentials in URLs are not sent".into(),
        });
    }
    Ok(url)
}

/// Resolves the URL's host and refuses it when any address is beyond `reach` (a name with one
/// public and one private address is refused: the connection could go to either).
pub async fn check_addresses(url: &Url, reach: Reach) -> Result<(), FetchError> {
    let host = match url.host() {
        Some(url::Host::Ipv4(ip)) => return check_ip(url, IpAddr::V4(ip), reach),
        Some(url::Host::Ipv6(ip)) => return check_ip(url, IpAddr::V6(ip), reach),
        Some(url::Host::Domain(d)) => d.to_owned(),
        None => {
            return Err(FetchError::BadUrl {
                url: url.to_string(),
                reason: "no host".into(),
            });
        }
    };
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|e| FetchError::Resolve {
            url: url.to_string(),
            reason: e.to_string(),
        })?
        .collect();
    if addrs.is_empty() {
        return Err(FetchError::Resolve {
            url: url.to_string(),
            reason: "no addresses".into(),
        });
    }
    for a in addrs {
        check_ip(url, a.ip(), reach)?;
    }
    Ok(())
}

fn check_ip(url: &Url, ip: IpAddr, reach: Reach) -> Result<(), FetchError> {
    if reach.allows(ip) {
        Ok(())
    } else {
        Err(FetchError::Blocked {
            url: url.to_string(),
            ip,
        })
    }
}

/// The client's resolver: the system's, keeping only the addresses the host's [`Reach`] allows.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    pub config: crate::Config,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let reach = self.config.reach(&host);
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| reach.allows(a.ip()))
                .collect();
            if addrs.is_empty() {
                let what = if reach == Reach::Public {
                    "public"
                } else {
                    "allowed"
                };
                return Err(format!("{host}: no {what} address").into());
            }
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(s: &str) -> bool {
        is_public(s.parse().expect("an address"))
    }

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for s in [
            "127.0.0.1",
            "127.8.9.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2001:db8::1",
            "::ffff:0:127.0.0.1",
            "::ffff:0:a9fe:a9fe",
            "64:ff9b:1::1",
            "64:ff9b:1::808:808",
            "2002:7f00:1::1",
            "2002:c0a8:101::1",
            "2002:a9fe:a9fe::",
            "100::1",
            "100::ffff:ffff:ffff:ffff",
            // Teredo: client 127.0.0.1 (inverted 80ff:fffe), client 10.0.0.1, server 10.0.0.1.
            "2001:0:4136:e378:8000:63bf:80ff:fffe",
            "2001:0:4136:e378:8000:63bf:f5ff:fffe",
            "2001:0:a00:1:8000:63bf:f7f7:f7f7",
        ] {
            assert!(!public(s), "{s} counted as public");
        }
        for s in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "::ffff:0:8.8.8.8",
            "2002:808:808::1",
            "100:0:0:1::1",
            // Teredo with a public server (65.54.227.120) and client (8.8.8.8).
            "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
        ] {
            assert!(public(s), "{s} counted as not public");
        }
    }

    #[test]
    fn metadata_addresses_stay_refused_when_private_ones_are_allowed() {
        let ip = |s: &str| -> IpAddr { s.parse().expect("an address") };
        for s in [
            "169.254.169.254",
            "169.254.170.2",
            "169.254.0.1",
            "100.100.100.200",
            "192.0.0.192",
            "fd00:ec2::254",
            "fe80::a9fe:a9fe",
            "::ffff:169.254.169.254",
            "::ffff:0:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:a9fe:a9fe::1",
        ] {
            assert!(is_metadata(ip(s)), "{s} not taken for a metadata address");
            assert!(
                !Reach::Private.allows(ip(s)),
                "{s} allowed by allow_private"
            );
            assert!(!Reach::Public.allows(ip(s)), "{s} allowed as public");
            assert!(Reach::Named.allows(ip(s)), "{s} refused for a named host");
        }
        for s in [
            "127.0.0.1",
            "10.0.0.1",
            "192.168.1.10",
            "fd12:3456::1",
            "::1",
        ] {
            assert!(!is_metadata(ip(s)), "{s} taken for a metadata address");
            assert!(Reach::Private.allows(ip(s)), "{s} refused by allow_private");
            assert!(!Reach::Public.allows(ip(s)), "{s} allowed as public");
        }
        assert!(Reach::Public.allows(ip("8.8.8.8")));
    }

    #[test]
    fn reach_follows_the_config() {
        let config = crate::Config {
            allow_private: true,
            allow_hosts: vec!["metadata.internal".into(), "::1".into()],
            ..crate::Config::default()
        };
        assert_eq!(config.reach("example.org"), Reach::Private);
        assert_eq!(config.reach("METADATA.internal"), Reach::Named);
        assert_eq!(config.reach("[::1]"), Reach::Named);
        assert_eq!(crate::Config::default().reach("example.org"), Reach::Public);
    }

    /// The client's own resolver (used at connect time, after the pre-check) refuses a
    /// loopback name by itself.
    #[tokio::test]
    async fn the_connect_time_resolver_refuses_localhost() {
        let resolver = GuardedResolver {
            config: crate::Config::default(),
        };
        let name: Name = "localhost".parse().expect("a name");
        let err = match resolver.resolve(name).await {
            Ok(addrs) => panic!("resolved to {:?}", addrs.collect::<Vec<_>>()),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("no public address"), "{err}");
        // Allowed explicitly, it resolves.
        let allowed = GuardedResolver {
            config: crate::Config {
                allow_hosts: vec!["localhost".into()],
                ..crate::Config::default()
            },
        };
        let name: Name = "localhost".parse().expect("a name");
        assert!(allowed.resolve(name).await.is_ok());
    }

    #[test]
    fn only_http_urls_with_a_host() {
        assert!(check_url("https://example.org/feed").is_ok());
        assert!(matches!(
            check_url("file:///etc/passwd"),
            Err(FetchError::Scheme { .. })
        ));
        assert!(matches!(
            check_url("gopher://example.org/"),
            Err(FetchError::Scheme { .. })
        ));
        assert!(matches!(
            check_url("not a url"),
            Err(FetchError::BadUrl { .. })
        ));
        assert!(matches!(
            check_url("http://user:pw@example.org/"),
            Err(FetchError::BadUrl { .. })
        ));
    }
}
