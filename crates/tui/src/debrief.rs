//! The debrief screen's content: the after-action debrief of `drillhall-debrief`
//! ([`drillhall_debrief::Debrief`]: the score by dimension with every point lost explained,
//! the timeline beside the expert's, counterfactuals, calibration and, in shadow mode, the
//! points the trainee's predictions earned). The screen renders it and computes nothing.
//!
//! It is computed once, when the drill ends, so scrolling the screen costs nothing.

use drillhall_debrief::ScoreError;
use drillhall_engine::Session;

/// The debrief of a finished session.
#[derive(Clone, Debug)]
pub struct Debrief {
    /// The debrief, or why the session could not be scored.
    pub report: Result<drillhall_debrief::Debrief, ScoreError>,
    /// When the trainee ended the drill early, the tick they did: what was decided after
    /// it was decided by the drill running on without them, and the screen says so.
    pub ended_at: Option<drillhall_engine::Ticks>,
}

impl Debrief {
    /// Scores a finished session and gathers its debrief, with the pauses the trainee took.
    pub fn of(session: &Session, pauses: &[drillhall_engine::journal::Pause]) -> Debrief {
        Debrief {
            report: drillhall_debrief::Debrief::new(session.drill(), session)
                .map(|d| d.with_pauses(pauses)),
            ended_at: None,
        }
    }

    /// The score out of 100, in hundredths, when the session could be scored.
    pub fn hundredths(&self) -> Option<u64> {
        self.report.as_ref().ok().map(|d| d.score.hundredths)
    }
}
