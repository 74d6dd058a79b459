//! Shadow mode: the points the trainee's predictions of the expert's next step earned.
//!
//! The engine scores each prediction as it is made (a `prediction-scored` event: the exact
//! command 2 points, the same verb 1, anything else 0); the debrief only adds them up, so the
//! total is the same in the terminal UI, `report` and any other front end.

use drillhall_engine::{EventId, EventKind, Session, Ticks};
use serde::Serialize;

/// Points a prediction of one expert step can earn at most.
pub const POINTS_PER_STEP: u32 = 2;

/// One scored prediction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PredictionStep {
    /// The expert step predicted (1-based).
    pub step: u32,
    /// When the prediction was made.
    pub tick: Ticks,
    /// What the trainee predicted.
    pub predicted: String,
    /// The expert's command.
    pub expected: String,
    /// 0, 1 or 2.
    pub points: u32,
    /// Its `prediction-scored` event.
    pub event: EventId,
}

/// The predictions of a shadow-mode session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Predictions {
    /// Points earned.
    pub points: u32,
    /// The most there were to earn: [`POINTS_PER_STEP`] per expert step.
    pub max: u32,
    /// Each prediction, in the order made.
    pub steps: Vec<PredictionStep>,
}

impl Predictions {
    /// The predictions of a session, or `None` outside shadow mode (nobody predicts there).
    pub fn of(session: &Session) -> Option<Predictions> {
        if session.mode() != drillhall_engine::Mode::Shadow {
            return None;
        }
        let steps: Vec<PredictionStep> = session
            .events()
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::PredictionScored {
                    step,
                    predicted,
                    expected,
                    points,
                } => Some(PredictionStep {
                    step: *step,
                    tick: e.tick,
                    predicted: predicted.clone(),
                    expected: expected.clone(),
                    points: *points,
                    event: e.id,
                }),
                _ => None,
            })
            .collect();
        let expert_steps = u32::try_from(session.expert_steps().len()).unwrap_or(u32::MAX);
        Some(Predictions {
            points: steps.iter().map(|s| s.points).sum(),
            max: expert_steps.saturating_mul(POINTS_PER_STEP),
            steps,
        })
    }
}
