//! Projects: the render API's grouping of one input, its renders and outputs.

use serde::{Deserialize, Serialize};

use super::codec::{self, Record};
use super::{get, scan, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub created_at: u64,
    pub input_file_ids: Vec<String>,
    pub output_file_ids: Vec<String>,
    pub job_ids: Vec<String>,
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

    pub fn projects_of(&self, account_id: &str) -> Result<Vec<Project>, StoreError> {
        Ok(scan::<Project>(&self.projects)?
            .into_iter()
            .filter(|p| p.account_id == account_id)
            .collect())
    }

    /// Create a project and its first (not yet uploaded) input file together.
    pub fn create_project_with_input(
        &self,
        project: &Project,
        input: &super::files::FileRecord,
    ) -> Result<(), StoreError> {
        use sled::Transactional;
        (&self.projects, &self.files).transaction(|(projects, files)| {
            projects.insert(project.id.as_bytes(), codec::encode(project))?;
            files.insert(input.id.as_bytes(), codec::encode(input))?;
            Ok(())
        })?;
        self.durable()?;
        Ok(())
    }
}
