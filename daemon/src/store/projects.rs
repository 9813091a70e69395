//! Projects: the render API's grouping of one input, its renders and outputs.

use serde::{Deserialize, Serialize};

use super::codec::{self, Record};
use super::idempotency::{IdemClaim, IdemRecord};
use super::{abort, get, scan, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub created_at: u64,
    pub input_file_ids: Vec<String>,
    pub output_file_ids: Vec<String>,
    pub job_ids: Vec<String>,
    /// The public review link's token, while one is active.
    #[serde(default)]
    pub share_token: Option<String>,
    #[serde(default)]
    pub shared_at: Option<u64>,
}

impl Record for Project {
    const KIND: &'static str = "project";
    const VERSION: u8 = 1;
}

impl Store {
    pub fn project(&self, id: &str) -> Result<Project, StoreError> {
        get(&self.projects, id.as_bytes())?
            .ok_or_else(|| StoreError::NotFound(format!("project {id}")))
    }

    /// An account's projects, newest first.
    pub fn projects_of(&self, account_id: &str) -> Result<Vec<Project>, StoreError> {
        let mut projects: Vec<Project> = scan::<Project>(&self.projects)?
            .into_iter()
            .filter(|p| p.account_id == account_id)
            .collect();
        projects.reverse();
        Ok(projects)
    }

    /// The project's public share token, made on first share and kept until revoked.
    pub fn share_project(&self, id: &str) -> Result<Project, StoreError> {
        let _gate = self.write_gate();
        use base64::Engine as _;
        use rand::RngCore;
        use sled::Transactional;
        let mut raw = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let fresh = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw);
        let project = (&self.projects, &self.shares).transaction(|(projects, shares)| {
            let Some(bytes) = projects.get(id.as_bytes())? else {
                return super::abort(StoreError::NotFound(format!("project {id}")));
            };
            let mut project: Project = codec::decode(&bytes).map_err(StoreError::from)?;
            if project.share_token.is_none() {
                project.share_token = Some(fresh.clone());
                project.shared_at = Some(crate::clock::now_ms());
                shares.insert(fresh.as_bytes(), id.as_bytes())?;
                projects.insert(id.as_bytes(), codec::encode(&project))?;
            }
            Ok(project)
        })?;
        self.durable()?;
        Ok(project)
    }

    /// Revoke the project's share token; its link stops working at once.
    pub fn unshare_project(&self, id: &str) -> Result<Project, StoreError> {
        let _gate = self.write_gate();
        use sled::Transactional;
        let project = (&self.projects, &self.shares).transaction(|(projects, shares)| {
            let Some(bytes) = projects.get(id.as_bytes())? else {
                return super::abort(StoreError::NotFound(format!("project {id}")));
            };
            let mut project: Project = codec::decode(&bytes).map_err(StoreError::from)?;
            if let Some(token) = project.share_token.take() {
                shares.remove(token.as_bytes())?;
                project.shared_at = None;
                projects.insert(id.as_bytes(), codec::encode(&project))?;
            }
            Ok(project)
        })?;
        self.durable()?;
        Ok(project)
    }

    /// The project shared under `token`.
    pub fn shared_project(&self, token: &str) -> Result<Project, StoreError> {
        let not_found = || StoreError::NotFound("share link".into());
        if token.is_empty() || token.len() > 64 {
            return Err(not_found());
        }
        let id = self.shares.get(token.as_bytes())?.ok_or_else(not_found)?;
        let project = self.project(&String::from_utf8_lossy(&id))?;
        // The token must still be the project's current one.
        if project.share_token.as_deref() != Some(token) {
            return Err(not_found());
        }
        Ok(project)
    }

    /// Create a project and its first (not yet uploaded) input file together,
    /// claiming an idempotency key for the input if one is given.
    pub fn create_project_with_input(
        &self,
        project: &Project,
        input: &super::files::FileRecord,
        claim: Option<&IdemClaim>,
    ) -> Result<(), StoreError> {
        let _gate = self.write_gate();
        use sled::Transactional;
        (&self.projects, &self.files, &self.idempotency).transaction(
            |(projects, files, idem)| {
                if let Some(claim) = claim {
                    if let Some(bytes) = idem.get(claim.key())? {
                        let earlier: IdemRecord =
                            codec::decode(&bytes).map_err(StoreError::from)?;
                        return abort(claim.replayed(&earlier));
                    }
                    let record = claim.record(&input.id, input.created_at);
                    idem.insert(claim.key(), codec::encode(&record))?;
                }
                projects.insert(project.id.as_bytes(), codec::encode(project))?;
                files.insert(input.id.as_bytes(), codec::encode(input))?;
                Ok(())
            },
        )?;
        self.durable()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::store;

    fn project(account: &str) -> Project {
        Project {
            id: crate::ids::new_id(crate::ids::IdKind::Project),
            account_id: account.into(),
            name: "clip.mp4".into(),
            created_at: 1,
            input_file_ids: vec![],
            output_file_ids: vec![],
            job_ids: vec![],
            share_token: None,
            shared_at: None,
        }
    }

    #[test]
    fn share_tokens_are_stable_until_revoked() {
        let (_dir, store) = store();
        let p = project("acc_a");
        store
            .projects
            .insert(p.id.as_bytes(), codec::encode(&p))
            .unwrap();
        let shared = store.share_project(&p.id).unwrap();
        let token = shared.share_token.clone().unwrap();
        assert!(token.len() >= 32);
        assert_eq!(
            store.share_project(&p.id).unwrap().share_token,
            Some(token.clone())
        );
        assert_eq!(store.shared_project(&token).unwrap().id, p.id);
        assert_eq!(
            codec::decode::<Project>(&codec::encode(&shared)).unwrap(),
            shared
        );
        store.unshare_project(&p.id).unwrap();
        assert!(matches!(
            store.shared_project(&token),
            Err(StoreError::NotFound(_))
        ));
        let again = store.share_project(&p.id).unwrap().share_token.unwrap();
        assert_ne!(again, token, "a revoked token is never reused");
    }
}
