//! Identifiers: sortable (time-ordered ULIDs) and unguessable (80 random bits),
//! prefixed by the kind of record they name.

use ulid::Ulid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Account,
    Key,
    Ledger,
    Blob,
    Job,
    File,
    Project,
    Delivery,
    Node,
    Lease,
}

impl IdKind {
    pub fn prefix(self) -> &'static str {
        match self {
            IdKind::Account => "acc",
            IdKind::Key => "key",
            IdKind::Ledger => "led",
            IdKind::Blob => "blb",
            IdKind::Job => "job",
            IdKind::File => "fil",
            IdKind::Project => "prj",
            IdKind::Delivery => "dlv",
            IdKind::Node => "nod",
            IdKind::Lease => "lse",
        }
    }
}

pub fn new_id(kind: IdKind) -> String {
    format!(
        "{}_{}",
        kind.prefix(),
        Ulid::new().to_string().to_lowercase()
    )
}

/// True when `id` has the shape of an id of `kind` (prefix, 26 base32 chars).
/// Used to reject path-traversal and junk before anything touches disk.
pub fn is_valid(kind: IdKind, id: &str) -> bool {
    let Some(rest) = id
        .strip_prefix(kind.prefix())
        .and_then(|r| r.strip_prefix('_'))
    else {
        return false;
    };
    rest.len() == 26 && rest.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_sortable_and_validated() {
        let a = new_id(IdKind::Account);
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = new_id(IdKind::Account);
        assert!(a.starts_with("acc_"));
        assert!(a < b);
        assert!(is_valid(IdKind::Account, &a));
        assert!(!is_valid(IdKind::Key, &a));
        assert!(!is_valid(IdKind::Account, "acc_../../etc/passwd"));
    }
}
