//! The job list: kept newest first, filtered into `jobs_shown` with the
//! selection kept on the same job, and the settled-per-minute throughput.

use kiln_shared::model::JobView;

use super::filters::JobQuery;
use super::{App, Request, THROUGHPUT_MINUTES};

impl App {
    /// Replace the whole list.
    pub(super) fn replace_jobs(&mut self, mut jobs: Vec<JobView>) {
        let selected = self.selected_job_id();
        jobs.sort_by(|a, b| b.id.cmp(&a.id));
        self.jobs = jobs;
        self.jobs_changed_keeping(selected);
    }

    /// Insert or update jobs in order; asks again for the open detail when
    /// its job changed.
    pub(super) fn upsert_jobs(&mut self, changed: Vec<JobView>) -> Vec<Request> {
        let mut out = Vec::new();
        let selected = self.selected_job_id();
        let mut any = false;
        for j in changed {
            let slot = self.jobs.binary_search_by(|x| j.id.cmp(&x.id));
            if let Ok(i) = slot {
                if self.jobs[i] == j {
                    continue;
                }
            }
            any = true;
            if self.detail.as_ref().is_some_and(|d| d.id == j.id) {
                out.push(Request::JobDetail(j.id.clone()));
            }
            match slot {
                Ok(i) => self.jobs[i] = j,
                Err(i) => self.jobs.insert(i, j),
            }
        }
        if any {
            self.jobs_changed_keeping(selected);
        }
        out
    }

    pub(super) fn find_job_mut(&mut self, id: &str) -> Option<&mut JobView> {
        match self.jobs.binary_search_by(|x| id.cmp(&x.id)) {
            Ok(i) => Some(&mut self.jobs[i]),
            Err(_) => None,
        }
    }

    fn selected_job_id(&self) -> Option<String> {
        self.jobs_shown
            .get(self.jobs_pos.selected)
            .and_then(|i| self.jobs.get(*i))
            .map(|j| j.id.clone())
    }

    /// Recompute the filtered rows (after the filter changed).
    pub fn jobs_changed(&mut self) {
        let selected = self.selected_job_id();
        self.jobs_changed_keeping(selected);
    }

    /// Recompute the filtered rows, keeping `selected` selected.
    fn jobs_changed_keeping(&mut self, selected: Option<String>) {
        self.refilter();
        if let Some(id) = selected {
            if let Some(pos) = self
                .jobs_shown
                .iter()
                .position(|i| self.jobs.get(*i).is_some_and(|j| j.id == id))
            {
                self.jobs_pos.selected = pos;
            }
        }
        self.jobs_pos.clamp(self.jobs_shown.len());
        self.recompute_throughput();
    }

    fn refilter(&mut self) {
        let query = JobQuery::parse(&self.filter_text, self.state_filter);
        let names = &self.account_names;
        self.jobs_shown = self
            .jobs
            .iter()
            .enumerate()
            .filter(|(_, j)| query.matches(j, names))
            .map(|(i, _)| i)
            .collect();
    }

    pub(super) fn recompute_throughput(&mut self) {
        let this_minute = self.now_ms / 60_000;
        let mut buckets = vec![0u64; THROUGHPUT_MINUTES];
        for j in &self.jobs {
            if let Some(done) = j.finished_at {
                let m = done / 60_000;
                if m <= this_minute && this_minute - m < THROUGHPUT_MINUTES as u64 {
                    buckets[THROUGHPUT_MINUTES - 1 - (this_minute - m) as usize] += 1;
                }
            }
        }
        self.throughput = buckets;
    }
}
