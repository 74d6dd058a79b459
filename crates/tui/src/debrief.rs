//! The debrief screen's content: the engine's after-action debrief
//! ([`drillhall_engine::score::Debrief`]: the score by dimension with every point lost
//! explained, the timeline beside the expert's, counterfactuals and calibration), and in
//! shadow mode the points the trainee's predictions earned.
//!
//! It is computed once, when the drill ends, so scrolling the screen costs nothing.

use drillhall_engine::Mode;
use drillhall_engine::score::{self, ScoreError};
use drillhall_engine::{EventKind, Session};

/// The debrief of a finished session.
#[derive(Clone, Debug)]
pub struct Debrief {
    /// The engine's debrief, or why the session could not be scored.
    pub report: Result<score::Debrief, ScoreError>,
    /// Shadow mode: prediction points earned, and the most there were to earn.
    pub predictions: Option<(u32, u32)>,
}

impl Debrief {
    /// Scores a finished session and gathers its debrief.
    pub fn of(session: &Session) -> Debrief {
        let predictions = (session.mode() == Mode::Shadow).then(|| {
            let points = session
                .events()
                .iter()
                .map(|e| match e.kind {
                    EventKind::PredictionScored { points, .. } => points,
                    _ => 0,
                })
                .sum();
            (points, 2 * session.expert_steps().len() as u32)
        });
        Debrief {
            report: score::Debrief::new(session.drill(), session),
            predictions,
        }
    }

    /// The score out of 100, in hundredths, when the session could be scored.
    pub fn hundredths(&self) -> Option<u64> {
        self.report.as_ref().ok().map(|d| d.score.hundredths)
    }
}
