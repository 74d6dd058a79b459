//! The `JUnit` XML report of `drillhall replay --junit FILE`: one test suite for the
//! journal, one test case for the session (does it replay to its recorded digest?) and one
//! per objective of the scenario (was it met in the session?).
//!
//! The session case is what the exit code says; the objective cases are what the drill
//! achieved, so a CI system can chart them per golden session (a panic-response session
//! shows its failed objectives as failed cases while replaying perfectly).

use std::io;
use std::path::Path;

use drillhall_debrief::{self as score, ObjectiveResult};
use drillhall_engine::Session;
use drillhall_scenario::{Drill, format_clock};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::outcome::CliError;

/// How the replay itself went.
pub enum Verdict<'a> {
    /// It reproduced the session (and its digest, when the journal had one).
    Replayed {
        session: &'a Session,
        digest: &'a str,
        verified: bool,
    },
    /// It diverged, or did not reach the expected digest: the message says where.
    Diverged(String),
}

fn failure(kind: &str, message: String, text: Option<String>) -> TestCaseStatus {
    let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
    s.set_type(kind);
    if let Some(t) = text {
        s.set_description(t);
    }
    s.set_message(message);
    s
}

fn objective_case(class: &str, o: &ObjectiveResult) -> TestCase {
    let status = match o.state {
        "met" => TestCaseStatus::success(),
        "pending" => failure(
            "objective-undecided",
            format!("objective `{}` was never decided", o.id),
            None,
        ),
        _ => {
            let when = o
                .tick
                .map(|t| format!(" at {}", format_clock(t)))
                .unwrap_or_default();
            let why = o
                .reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            failure(
                "objective-failed",
                format!("objective `{}` failed{when}{why}", o.id),
                Some(o.text.clone()),
            )
        }
    };
    let mut case = TestCase::new(format!("objective/{}", o.id), status);
    case.set_classname(class.to_owned());
    case
}

/// The report of one replayed journal.
pub fn report(journal: &Path, scenario: &Drill, seed: u64, verdict: &Verdict) -> Report {
    let class = scenario.id().to_owned();
    let mut suite = TestSuite::new(format!("{} (seed {seed})", journal.display()));
    let session_status = match verdict {
        Verdict::Replayed { verified: true, .. } => TestCaseStatus::success(),
        Verdict::Replayed {
            verified: false, ..
        } => {
            let mut s = TestCaseStatus::skipped();
            s.set_message("the journal has no end line, so there was no digest to compare");
            s
        }
        Verdict::Diverged(message) => failure("replay-diverged", message.clone(), None),
    };
    let mut session_case = TestCase::new("session", session_status);
    session_case.set_classname(class.clone());
    if let Verdict::Replayed { digest, .. } = verdict {
        session_case.set_system_out(format!("digest {digest}"));
    }
    suite.add_test_case(session_case);
    if let Verdict::Replayed { session, .. } = verdict {
        for o in score::objective_results(scenario, session) {
            suite.add_test_case(objective_case(&class, &o));
        }
    }
    let mut report = Report::new("drillhall replay");
    report.add_test_suite(suite);
    report
}

/// Writes the report.
pub fn write(path: &Path, report: &Report) -> Result<(), CliError> {
    let xml = report.to_string().map_err(|e| CliError::Write {
        path: path.to_owned(),
        source: io::Error::other(e.to_string()),
    })?;
    std::fs::write(path, xml).map_err(|e| CliError::Write {
        path: path.to_owned(),
        source: e,
    })
}
