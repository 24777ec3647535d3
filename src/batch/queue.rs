//! The pending rows, grouped by session settings so a worker can stay on one session.

use std::collections::{HashMap, VecDeque};

use super::plan::PlannedRow;
use crate::request::SessionKey;

/// Pending rows (indexes into the chunk's list) grouped by session settings.
pub struct Queue {
    groups: Vec<(SessionKey, VecDeque<usize>)>,
    /// `--fail-fast`: every settings group's first row goes before any group's second,
    /// so a group that fails is found before the others are paid for.
    probe_groups: bool,
    /// Groups whose first row was handed out.
    started: Vec<bool>,
}

/// Rows with the same engine and spec can share a session.
pub fn session_key(job: &PlannedRow) -> SessionKey {
    job.request.planned.session
}

impl Queue {
    pub fn new(pending: &[&PlannedRow], probe_groups: bool) -> Queue {
        let mut groups: Vec<(SessionKey, VecDeque<usize>)> = Vec::new();
        let mut index: HashMap<SessionKey, usize> = HashMap::new();
        for (i, job) in pending.iter().enumerate() {
            let key = session_key(job);
            let at = *index.entry(key).or_insert_with(|| {
                groups.push((key, VecDeque::new()));
                groups.len() - 1
            });
            groups[at].1.push_back(i);
        }
        let started = vec![false; groups.len()];
        Queue {
            groups,
            probe_groups,
            started,
        }
    }

    /// The next row: with `--fail-fast`, first one row of each group not started yet;
    /// then of the worker's current group if any is left, else of the largest.
    pub fn next(&mut self, current: Option<SessionKey>) -> Option<usize> {
        if self.probe_groups
            && let Some(at) =
                (0..self.groups.len()).find(|&g| !self.started[g] && !self.groups[g].1.is_empty())
        {
            self.started[at] = true;
            return self.groups[at].1.pop_front();
        }
        if let Some(current) = current
            && let Some((_, rows)) = self.groups.iter_mut().find(|(k, _)| *k == current)
            && let Some(row) = rows.pop_front()
        {
            return Some(row);
        }
        self.groups
            .iter_mut()
            .max_by_key(|(_, rows)| rows.len())
            .and_then(|(_, rows)| rows.pop_front())
    }

    pub fn put_back(&mut self, key: SessionKey, row: usize) {
        if let Some((_, rows)) = self.groups.iter_mut().find(|(k, _)| *k == key) {
            rows.push_back(row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Queue;
    use crate::batch::plan::PlannedRow;
    use crate::batch::testing;

    /// Rows in three voices: a, a, b, b, b, c (indexes 0..6).
    fn rows() -> testing::Planned {
        let row = |id: &str, voice: &str| {
            format!("{{\"id\":\"{id}\",\"text\":\"Line {id}.\",\"voice\":\"{voice}\"}}\n")
        };
        testing::plan(
            &[
                row("a1", "male-qn-qingse"),
                row("a2", "male-qn-qingse"),
                row("b1", "female-shaonv"),
                row("b2", "female-shaonv"),
                row("b3", "female-shaonv"),
                row("c1", "presenter_male"),
            ]
            .concat(),
        )
    }

    fn drain(queue: &mut Queue, pending: &[&PlannedRow], stay: bool) -> Vec<usize> {
        let mut order = Vec::new();
        let mut current = None;
        while let Some(row) = queue.next(current) {
            order.push(row);
            if stay {
                current = Some(super::session_key(pending[row]));
            }
        }
        order
    }

    #[test]
    fn a_worker_stays_on_its_session_then_takes_the_largest_group() {
        let planned = rows();
        let pending: Vec<&PlannedRow> = planned.rows.iter().collect();
        let mut queue = Queue::new(&pending, false);
        assert_eq!(drain(&mut queue, &pending, true), vec![2, 3, 4, 0, 1, 5]);
    }

    #[test]
    fn with_fail_fast_every_group_is_tried_once_before_any_second_row() {
        let planned = rows();
        let pending: Vec<&PlannedRow> = planned.rows.iter().collect();
        let mut queue = Queue::new(&pending, true);
        let order = drain(&mut queue, &pending, true);
        assert_eq!(&order[..3], &[0, 2, 5]);
        assert_eq!(order.len(), 6);
    }

    #[test]
    fn a_row_put_back_goes_to_the_end_of_its_group() {
        let planned = rows();
        let pending: Vec<&PlannedRow> = planned.rows.iter().collect();
        let mut queue = Queue::new(&pending, false);
        let b = super::session_key(pending[2]);
        assert_eq!(queue.next(Some(b)), Some(2));
        queue.put_back(b, 2);
        assert_eq!(drain(&mut queue, &pending, true), vec![3, 4, 2, 0, 1, 5]);
    }
}
