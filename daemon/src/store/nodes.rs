//! Worker nodes: machines that join with a node token. A token is
//! `kiln_node_` + 32 random bytes in base64url; only its SHA-256 hash is
//! stored, so a token can be checked but never read back. One record per
//! token holds what its node last reported (address, version, labels).

use base64::Engine as _;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::codec::{self, Record};
use super::{get, scan, Store, StoreError};
use crate::clock::now_ms;
use crate::ids::{new_id, IdKind};

pub const NODE_TOKEN_PREFIX: &str = "kiln_node_";
/// 32 bytes in unpadded base64.
const SECRET_CHARS: usize = 43;
const MAX_NAME: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub name: String,
    /// Hex SHA-256 of the token.
    pub hash: String,
    pub created_at: u64,
    pub revoked_at: Option<u64>,
    /// Set by `kiln node drain`: the node keeps its token but gets no new work.
    pub draining: bool,
    /// What the node last reported when it registered or sent a heartbeat.
    pub seen: Option<NodeReport>,
}

/// A node's own description of itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeReport {
    /// The peer address the daemon saw.
    pub address: String,
    pub version: String,
    pub cpus: u32,
    pub max_jobs: u32,
    pub at: u64,
    /// The job kinds it takes.
    #[serde(default = "crate::node::all_kinds")]
    pub runs: Vec<String>,
}

impl Record for Node {
    const KIND: &'static str = "node";
    const VERSION: u8 = 1;
}

impl Node {
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest_hex(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn generate() -> String {
    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    format!(
        "{NODE_TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
    )
}

fn looks_like_token(secret: &str) -> bool {
    secret.len() == NODE_TOKEN_PREFIX.len() + SECRET_CHARS
        && secret.starts_with(NODE_TOKEN_PREFIX)
        && secret[NODE_TOKEN_PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

impl Store {
    /// A new node token; the secret is returned once. `name` defaults to
    /// `node-N`; names are unique among all nodes, revoked ones included.
    pub fn create_node_token(&self, name: Option<&str>) -> Result<(Node, String), StoreError> {
        let _gate = self.write_gate();
        let nodes = self.list_nodes()?;
        let name = match name {
            Some(n) if !valid_name(n) => {
                return Err(StoreError::Invalid(format!(
                    "node name {n:?}: use 1 to {MAX_NAME} letters, digits, '-', '_' or '.'"
                )))
            }
            Some(n) => n.to_string(),
            None => (1..)
                .map(|i| format!("node-{i}"))
                .find(|n| nodes.iter().all(|x| &x.name != n))
                .expect("some name is free"),
        };
        if nodes.iter().any(|n| n.name == name) {
            return Err(StoreError::Conflict(format!(
                "a node named {name:?} exists"
            )));
        }
        let secret = generate();
        let node = Node {
            id: new_id(IdKind::Node),
            name,
            hash: digest_hex(&secret),
            created_at: now_ms(),
            revoked_at: None,
            draining: false,
            seen: None,
        };
        self.nodes
            .insert(node.id.as_bytes(), codec::encode(&node))?;
        self.durable()?;
        Ok((node, secret))
    }

    pub fn list_nodes(&self) -> Result<Vec<Node>, StoreError> {
        scan(&self.nodes)
    }

    /// The node of `id_or_name`, revoked or not.
    pub fn node(&self, id_or_name: &str) -> Result<Node, StoreError> {
        if let Some(n) = get::<Node>(&self.nodes, id_or_name.as_bytes())? {
            return Ok(n);
        }
        self.list_nodes()?
            .into_iter()
            .find(|n| n.name == id_or_name)
            .ok_or_else(|| StoreError::NotFound(format!("node {id_or_name:?}")))
    }

    /// The active node whose token this is, or `None`. Every node record is
    /// compared in constant time; there are few of them.
    pub fn authenticate_node(&self, secret: &str) -> Result<Option<Node>, StoreError> {
        if !looks_like_token(secret) {
            return Ok(None);
        }
        let hash = digest_hex(secret);
        let mut found = None;
        for node in self.list_nodes()? {
            if bool::from(node.hash.as_bytes().ct_eq(hash.as_bytes())) {
                found = Some(node);
            }
        }
        Ok(found.filter(Node::is_active))
    }

    fn update_node(
        &self,
        id_or_name: &str,
        change: impl FnOnce(&mut Node) -> Result<(), StoreError>,
    ) -> Result<Node, StoreError> {
        let _gate = self.write_gate();
        let mut node = self.node(id_or_name)?;
        change(&mut node)?;
        self.nodes
            .insert(node.id.as_bytes(), codec::encode(&node))?;
        self.durable()?;
        Ok(node)
    }

    /// Revoke a node's token: its next request is refused.
    pub fn revoke_node_token(&self, id_or_name: &str) -> Result<Node, StoreError> {
        self.update_node(id_or_name, |n| {
            if n.revoked_at.is_some() {
                return Err(StoreError::Conflict(format!(
                    "node {:?} is already revoked",
                    n.name
                )));
            }
            n.revoked_at = Some(now_ms());
            Ok(())
        })
    }

    /// Drain (no new work) or undrain a node.
    pub fn set_node_draining(&self, id_or_name: &str, draining: bool) -> Result<Node, StoreError> {
        self.update_node(id_or_name, |n| {
            n.draining = draining;
            Ok(())
        })
    }

    /// Remember what a node reported about itself.
    pub fn record_node_report(&self, id: &str, report: NodeReport) -> Result<Node, StoreError> {
        self.update_node(id, |n| {
            n.seen = Some(report);
            Ok(())
        })
    }

    /// Forget a node and its token.
    pub fn remove_node(&self, id_or_name: &str) -> Result<Node, StoreError> {
        let _gate = self.write_gate();
        let node = self.node(id_or_name)?;
        self.nodes.remove(node.id.as_bytes())?;
        self.durable()?;
        Ok(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::store;

    #[test]
    fn tokens_authenticate_until_revoked_or_removed() {
        let (_dir, s) = store();
        let (a, secret) = s.create_node_token(Some("gpu-1")).unwrap();
        assert!(looks_like_token(&secret));
        assert!(!a.hash.contains(&secret[NODE_TOKEN_PREFIX.len()..]));
        assert_eq!(s.authenticate_node(&secret).unwrap().unwrap().id, a.id);
        assert!(s.authenticate_node("kiln_node_nope").unwrap().is_none());
        let (b, other) = s.create_node_token(None).unwrap();
        assert_eq!(b.name, "node-1");
        assert!(matches!(
            s.create_node_token(Some("gpu-1")),
            Err(StoreError::Conflict(_))
        ));
        s.revoke_node_token("gpu-1").unwrap();
        assert!(s.authenticate_node(&secret).unwrap().is_none());
        assert!(s.authenticate_node(&other).unwrap().is_some());
        s.remove_node(&b.id).unwrap();
        assert!(s.authenticate_node(&other).unwrap().is_none());
        assert_eq!(s.list_nodes().unwrap().len(), 1);
    }
}
