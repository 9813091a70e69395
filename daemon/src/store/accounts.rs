//! Accounts and their xecond balances.

use kiln_shared::model::{Balance, Bucket};
use serde::{Deserialize, Serialize};
use sled::Transactional;

use super::codec::{self, Record};
use super::ledger::{LedgerEntry, LedgerReason};
use super::{abort, get, scan, Store, StoreError};
use crate::clock::now_ms;
use crate::ids::{new_id, IdKind};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub plan: String,
    pub created_at: u64,
    pub balance: Balance,
}

impl Record for Account {
    const KIND: &'static str = "account";
    const VERSION: u8 = 1;
}

/// Account names are what operators type: short, no spaces, no surprises.
pub fn validate_name(name: &str) -> Result<(), StoreError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'))
        && !name.starts_with("acc_");
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "account name {name:?} must be 1-64 characters of letters, digits, '-', '_', '.', '@' and must not start with \"acc_\""
        )))
    }
}

impl Store {
    /// Create an account, granting `free_xeconds` (recorded in the ledger).
    pub fn create_account(
        &self,
        name: &str,
        plan: &str,
        free_xeconds: u64,
    ) -> Result<Account, StoreError> {
        let _gate = self.write_gate();
        validate_name(name)?;
        let account = Account {
            id: new_id(IdKind::Account),
            name: name.to_string(),
            plan: plan.to_string(),
            created_at: now_ms(),
            balance: Balance::default(),
        };
        let grant = (free_xeconds > 0)
            .then(|| LedgerEntry::new(&account.id, free_xeconds as i64, 0, LedgerReason::Signup));
        (&self.accounts, &self.account_names, &self.ledger).transaction(
            |(accounts, names, ledger)| {
                if names.get(name.as_bytes())?.is_some() {
                    return abort(StoreError::Conflict(format!(
                        "an account named {name:?} already exists"
                    )));
                }
                let mut account = account.clone();
                if let Some(entry) = &grant {
                    account.balance.free = free_xeconds;
                    ledger.insert(entry.id.as_bytes(), codec::encode(entry))?;
                }
                names.insert(name.as_bytes(), account.id.as_bytes())?;
                accounts.insert(account.id.as_bytes(), codec::encode(&account))?;
                Ok(())
            },
        )?;
        if let Some(entry) = &grant {
            self.counters.ledger_entry(entry);
        }
        self.durable()?;
        self.account(&account.id)
    }

    pub fn account(&self, id: &str) -> Result<Account, StoreError> {
        get(&self.accounts, id.as_bytes())?
            .ok_or_else(|| StoreError::NotFound(format!("account {id}")))
    }

    /// Find an account by id or by name.
    pub fn resolve_account(&self, id_or_name: &str) -> Result<Account, StoreError> {
        if let Some(account) = get::<Account>(&self.accounts, id_or_name.as_bytes())? {
            return Ok(account);
        }
        match self.account_names.get(id_or_name.as_bytes())? {
            Some(id) => self.account(&String::from_utf8_lossy(&id)),
            None => Err(StoreError::NotFound(format!("account {id_or_name:?}"))),
        }
    }

    pub fn list_accounts(&self) -> Result<Vec<Account>, StoreError> {
        scan(&self.accounts)
    }

    pub fn account_count(&self) -> usize {
        self.accounts.len()
    }

    /// Add xeconds to one bucket of an account, with its ledger entry, atomically.
    pub fn grant(
        &self,
        account_id: &str,
        xeconds: u64,
        bucket: Bucket,
    ) -> Result<Account, StoreError> {
        let _gate = self.write_gate();
        if xeconds == 0 || xeconds > i64::MAX as u64 {
            return Err(StoreError::Invalid(
                "a grant must be a positive number of xeconds".into(),
            ));
        }
        let (free, paid) = match bucket {
            Bucket::Free => (xeconds as i64, 0),
            Bucket::Paid => (0, xeconds as i64),
        };
        let entry = LedgerEntry::new(account_id, free, paid, LedgerReason::Grant);
        let account = (&self.accounts, &self.ledger).transaction(|(accounts, ledger)| {
            let Some(bytes) = accounts.get(account_id.as_bytes())? else {
                return abort(StoreError::NotFound(format!("account {account_id}")));
            };
            let mut account: Account = codec::decode(&bytes).map_err(StoreError::from)?;
            let target = match bucket {
                Bucket::Free => &mut account.balance.free,
                Bucket::Paid => &mut account.balance.paid,
            };
            *target = match target.checked_add(xeconds) {
                Some(v) => v,
                None => return abort(StoreError::Invalid("balance would overflow".into())),
            };
            accounts.insert(account_id.as_bytes(), codec::encode(&account))?;
            ledger.insert(entry.id.as_bytes(), codec::encode(&entry))?;
            Ok(account)
        })?;
        self.counters.ledger_entry(&entry);
        self.durable()?;
        Ok(account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::store;

    #[test]
    fn create_resolve_and_round_trip() {
        let (_dir, store) = store();
        let a = store.create_account("alice", "free", 60).unwrap();
        assert_eq!(a.balance, Balance { free: 60, paid: 0 });
        assert_eq!(store.resolve_account("alice").unwrap(), a);
        assert_eq!(store.resolve_account(&a.id).unwrap(), a);
        let bytes = codec::encode(&a);
        assert_eq!(codec::decode::<Account>(&bytes).unwrap(), a);
        assert!(matches!(
            store.create_account("alice", "free", 0),
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            store.create_account("bad name", "free", 0),
            Err(StoreError::Invalid(_))
        ));
        assert_eq!(store.list_accounts().unwrap().len(), 1);
    }

    #[test]
    fn grants_land_in_their_bucket_with_a_ledger_entry() {
        let (_dir, store) = store();
        let a = store.create_account("bob", "free", 0).unwrap();
        store.grant(&a.id, 100, Bucket::Paid).unwrap();
        let a = store.grant(&a.id, 5, Bucket::Free).unwrap();
        assert_eq!(a.balance, Balance { free: 5, paid: 100 });
        let entries = store.ledger_for(&a.id).unwrap();
        assert_eq!(entries.len(), 2);
        // Entries made in the same millisecond have no order between them.
        assert!(entries.iter().any(|e| e.paid == 100 && e.free == 0));
        assert!(entries.iter().any(|e| e.free == 5 && e.paid == 0));
        assert!(matches!(
            store.grant("acc_missing", 1, Bucket::Free),
            Err(StoreError::NotFound(_))
        ));
    }
}
