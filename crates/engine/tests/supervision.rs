//! Supervision: tiers, sign-offs and the simulated reviewer, confidence, hints, shadow
//! mode, and how commands are refused.

mod common;

use common::{advance_to, bundled, of_kind, run, run_with};
use drillhall_engine::{Cause, EventKind, Input, Rejection, Session, SessionOptions, Tier};
use drillhall_scenario::command::Command;
use drillhall_scenario::drill::Mode;

fn cmd(text: &str) -> Command {
    Command::parse(text).unwrap()
}

fn reviewed(seed: u64) -> Session {
    Session::new(&bundled(), seed, Mode::Reviewed)
}

#[test]
fn in_reviewed_mode_a_high_tier_command_without_signoff_is_refused_with_the_reason() {
    let mut s = reviewed(1);
    advance_to(&mut s, 13);
    let before = s.events().len();
    let err = s
        .apply(Input::Command {
            command: cmd("rotate tok-deploy --grace 20m"),
            confidence: Some(80),
        })
        .unwrap_err();
    let Rejection::NeedsSignoff {
        tier,
        request,
        reason,
        ..
    } = &err
    else {
        panic!("expected a sign-off refusal, got {err}")
    };
    assert_eq!(*tier, Tier::High);
    assert_eq!(
        request,
        r#"request-signoff "rotate tok-deploy --grace 20m" --rollback "<how you would undo it>""#
    );
    assert!(reason.contains("ci-deployer"), "{reason}");
    assert!(err.to_string().contains("needs a sign-off"), "{err}");
    assert_eq!(
        s.events().len(),
        before,
        "a refused command changes nothing"
    );
    assert_eq!(s.tick(), 13);
}

#[test]
fn with_a_rollback_plan_a_high_tier_command_is_approved_after_the_reviewers_delay_and_executed() {
    for seed in 1..=5 {
        let mut s = reviewed(seed);
        advance_to(&mut s, 13);
        run_with(
            &mut s,
            r#"request-signoff "rotate tok-deploy --grace 20m" --rollback "keep v1 alive until both holders are redeployed""#,
            Some(80),
        );
        assert_eq!(s.pending_signoffs().len(), 1);
        assert!(
            of_kind(&s, "credential-rotated").is_empty(),
            "not before approval"
        );
        advance_to(&mut s, 30);
        let approved = of_kind(&s, "signoff-approved")[0].clone();
        assert!(
            (15..=19).contains(&approved.tick),
            "2..6 minutes after the request: {}",
            approved.tick
        );
        let rotated = of_kind(&s, "credential-rotated")[0].clone();
        assert_eq!(rotated.tick, approved.tick);
        assert_eq!(
            rotated.cause,
            Cause::Event(approved.id),
            "the approval causes the change"
        );
        let executed = of_kind(&s, "command-executed")
            .into_iter()
            .find(|e| matches!(&e.kind, EventKind::CommandExecuted { text, confidence: Some(80), tier: Tier::High, .. } if text == "rotate tok-deploy --grace 20m"))
            .expect("the approved command is executed with its confidence");
        assert_eq!(executed.cause, Cause::Event(approved.id));
        assert!(s.pending_signoffs().is_empty());
    }
}

#[test]
fn the_reviewer_rejects_a_high_tier_request_without_a_real_rollback_plan() {
    let mut s = reviewed(2);
    advance_to(&mut s, 13);
    run_with(
        &mut s,
        r#"request-signoff "revoke tok-deploy" --rollback "n/a""#,
        Some(90),
    );
    advance_to(&mut s, 30);
    let rejected = of_kind(&s, "signoff-rejected");
    assert_eq!(rejected.len(), 1);
    assert!(
        matches!(&rejected[0].kind, EventKind::SignoffRejected { reason, .. } if reason.contains("rollback plan"))
    );
    assert!(of_kind(&s, "credential-revoked").is_empty());
}

#[test]
fn an_instructor_answers_sign_offs_when_the_simulated_reviewer_is_off() {
    let options = SessionOptions {
        mode: Some(Mode::Reviewed),
        simulated_reviewer: false,
    };
    let mut s = Session::with_options(&bundled(), 1, &options);
    advance_to(&mut s, 13);
    run(
        &mut s,
        r#"request-signoff "scope-down sa-deployer prod-db none" --rollback "grant sa-deployer prod-db admin""#,
    );
    advance_to(&mut s, 60);
    let pending = s.pending_signoffs();
    assert_eq!(pending.len(), 1, "nobody answered");
    assert_eq!(pending[0].tier, Tier::Medium);
    assert!(matches!(
        s.decide(7, true, "ok".into()),
        Err(Rejection::NoSuchRequest { request: 7 })
    ));
    s.decide(pending[0].request, true, "unused grant, go".into())
        .unwrap();
    let approved = of_kind(&s, "signoff-approved")[0].clone();
    assert!(matches!(&approved.kind, EventKind::SignoffApproved { by, .. } if by == "instructor"));
    let scoped = of_kind(&s, "grant-scoped-down")[0].clone();
    assert_eq!(scoped.cause, Cause::Event(approved.id));
    assert!(
        s.decide(pending[0].request, false, "again".into()).is_err(),
        "answered once"
    );
}

#[test]
fn high_tier_decisions_need_a_confidence_between_50_and_100() {
    let mut s = reviewed(1);
    advance_to(&mut s, 13);
    let request =
        cmd(r#"request-signoff "revoke tok-deploy" --rollback "issue a new token and redeploy""#);
    let err = s.apply(Input::command(request.clone())).unwrap_err();
    assert!(matches!(err, Rejection::ConfidenceMissing { .. }), "{err}");
    let err = s
        .apply(Input::Command {
            command: request.clone(),
            confidence: Some(40),
        })
        .unwrap_err();
    assert_eq!(err, Rejection::ConfidenceOutOfRange { value: 40 });
    s.apply(Input::Command {
        command: request,
        confidence: Some(70),
    })
    .unwrap();
    // Independent mode does not insist.
    let mut free = Session::new(&bundled(), 1, Mode::Independent);
    run(&mut free, "revoke tok-deploy");
}

#[test]
fn ids_are_checked_against_the_trainees_inventory() {
    let mut s = Session::new(&bundled(), 1, Mode::Independent);
    let err = s.command("revoke tok-deplyo", None).unwrap_err();
    assert_eq!(
        err,
        Rejection::UnknownId {
            id: "tok-deplyo".into(),
            suggestion: Some("tok-deploy".into())
        }
    );
    assert_eq!(
        err.to_string(),
        "no such id in your inventory: `tok-deplyo` (did you mean `tok-deploy`?)"
    );
    let err = s.command("revoke sa-deployer", None).unwrap_err();
    assert!(matches!(err, Rejection::WrongClass { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "`revoke` needs a credential, but `sa-deployer` is an identity"
    );
    let err = s.command("notify paymnets", None).unwrap_err();
    assert!(err.to_string().contains("did you mean `payments`"), "{err}");
    let err = s.command("quarantine release-bot", None).unwrap_err();
    assert!(
        matches!(
            err,
            Rejection::UnknownId {
                suggestion: None,
                ..
            }
        ),
        "hidden ids stay unknown: {err}"
    );
}

#[test]
fn a_command_that_makes_no_sense_now_is_refused() {
    let mut s = Session::new(&bundled(), 1, Mode::Independent);
    run(&mut s, "revoke tok-deploy");
    let err = s.command("revoke tok-deploy", None).unwrap_err();
    assert_eq!(
        err,
        Rejection::AlreadyRevoked {
            credential: "tok-deploy".into()
        }
    );
    let err = s.command("rollback #1", None).unwrap_err();
    assert!(
        matches!(err, Rejection::NotReversible { action: 1, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("cannot be undone"), "{err}");
    let err = s.command("rollback #9", None).unwrap_err();
    assert!(matches!(
        err,
        Rejection::NoSuchAction {
            action: 9,
            count: 1
        }
    ));
    let err = s
        .command("scope-down sa-deployer prod-db admin", None)
        .unwrap_err();
    assert!(err.to_string().contains("not lower"), "{err}");
    let err = s.command("restore checkout-api", None).unwrap_err();
    assert!(err.to_string().contains("is running"), "{err}");
    assert!(matches!(
        s.command("end-break-glass sa-deployer", None),
        Err(Rejection::Conflict(_))
    ));
}

#[test]
fn rollback_undoes_a_scope_down_and_every_action_is_numbered() {
    let mut s = Session::new(&bundled(), 1, Mode::Independent);
    run(&mut s, "note \"starting\"");
    run(&mut s, "scope-down sa-deployer prod-db read");
    run(&mut s, "rollback #2");
    let numbers: Vec<u32> = of_kind(&s, "command-executed")
        .iter()
        .map(|e| match e.kind {
            EventKind::CommandExecuted { number, .. } => number,
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(numbers, vec![1, 2, 3]);
    let added = of_kind(&s, "grant-added");
    assert!(matches!(
        &added[0].kind,
        EventKind::GrantAdded {
            from: Some(drillhall_estate::Permission::Read),
            permission: drillhall_estate::Permission::Admin,
            ..
        }
    ));
    let err = s.command("rollback #2", None).unwrap_err();
    assert!(err.to_string().contains("already rolled back"), "{err}");
}

#[test]
fn commands_get_tiers_from_what_they_touch() {
    let mut s = Session::new(&bundled(), 1, Mode::Independent);
    assert_eq!(s.tier(&cmd("logs tok-deploy")), Tier::Low);
    assert_eq!(s.tier(&cmd("redeploy ci-deployer")), Tier::Low);
    assert_eq!(
        s.tier(&cmd("scope-down sa-deployer prod-db none")),
        Tier::Medium
    );
    assert_eq!(s.tier(&cmd("revoke tok-deploy")), Tier::High);
    assert_eq!(s.tier(&cmd("break-glass role-prod-admin")), Tier::High);
    assert_eq!(
        s.tier(&cmd("quarantine checkout-api")),
        Tier::High,
        "critical workload"
    );
    let a = s.assess(&cmd("rotate tok-deploy"));
    assert_eq!(a.reason.dependents, 1, "only ci-deployer is known");
    assert!(a.reason.sensitive_reach >= 1, "prod-db is reachable");
    assert!(!a.reason.reversible);
    run(&mut s, "logs tok-deploy");
    assert_eq!(
        s.assess(&cmd("rotate tok-deploy")).reason.dependents,
        2,
        "release-bot is known now"
    );
    assert_eq!(
        s.tier(&cmd("quarantine release-bot")),
        Tier::Medium,
        "medium criticality"
    );
}

#[test]
fn guided_mode_offers_hints_after_their_tick_at_a_penalty() {
    let mut s = Session::new(&bundled(), 1, Mode::Guided);
    assert!(s.hint_available().is_none());
    assert_eq!(s.hint().unwrap_err(), Rejection::NoHint { next: Some(30) });
    advance_to(&mut s, 30);
    let preview = s.hint_available().unwrap();
    assert_eq!((preview.hint, preview.penalty), (1, 5));
    s.hint().unwrap();
    let shown = of_kind(&s, "hint-shown");
    assert!(
        matches!(&shown[0].kind, EventKind::HintShown { penalty: 5, text, .. } if text.contains("logs tok-deploy"))
    );
    // In guided mode medium commands run; high ones need a sign-off.
    run(&mut s, "scope-down sa-deployer prod-db none");
    let err = s
        .apply(Input::Command {
            command: cmd("revoke tok-deploy"),
            confidence: Some(90),
        })
        .unwrap_err();
    assert!(matches!(err, Rejection::NeedsSignoff { .. }), "{err}");
    let mut r = reviewed(1);
    assert!(matches!(r.hint(), Err(Rejection::WrongMode(_))));
}

#[test]
fn shadow_mode_plays_the_expert_and_scores_predictions() {
    let mut s = Session::new(&bundled(), 2, Mode::Shadow);
    assert!(matches!(
        s.command("logs tok-deploy", None),
        Err(Rejection::ShadowMode)
    ));
    let first = s.expert_next().unwrap().clone();
    assert_eq!(first.text, "declare-incident sev2");
    s.predict(cmd("declare-incident sev2")).unwrap();
    assert!(
        s.predict(cmd("logs tok-deploy")).is_err(),
        "one prediction per step"
    );
    advance_to(&mut s, 12);
    assert_eq!(
        s.expert_next().unwrap().index,
        1,
        "the first step played at 12m"
    );
    // The expert's step is `request-signoff "rotate tok-deploy --grace 5m" …`: the decision
    // it asks about is what a prediction is scored against.
    s.predict(cmd("rotate tok-deploy --grace 5m")).unwrap();
    advance_to(&mut s, 13);
    s.predict(cmd("logs tok-deploy 2h")).unwrap();
    advance_to(&mut s, 14);
    s.predict(cmd("inspect tok-deploy")).unwrap();
    let points: Vec<u32> = of_kind(&s, "prediction-scored")
        .iter()
        .map(|e| match e.kind {
            EventKind::PredictionScored { points, .. } => points,
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        points,
        vec![2, 2, 1, 0],
        "exact, the decision inside the request, same verb, different"
    );
    s.finish();
    assert_eq!(of_kind(&s, "expert-step").len(), s.expert_steps().len());
    assert!(
        of_kind(&s, "command-rejected").is_empty(),
        "{}",
        drillhall_engine::render_timeline(s.events())
    );
    assert!(s.objectives().iter().all(|o| o.state.word() == "met"));
}

#[test]
fn shadow_modes_expert_waits_for_the_sign_off_answer_due_at_its_tick_on_every_seed() {
    // On seed 1 the reviewer approves the rotation at 19m, the tick of the expert's
    // `redeploy ci-deployer`: the redeploy must come after the approval, as the same script's
    // input does in reviewed mode, or it redeploys the old version and the pipeline breaks.
    for seed in 1..=20 {
        let mut s = Session::new(&bundled(), seed, Mode::Shadow);
        s.finish();
        let failed: Vec<String> = s
            .objectives()
            .into_iter()
            .filter(|o| o.state.word() != "met")
            .map(|o| o.id)
            .collect();
        assert!(
            failed.is_empty(),
            "seed {seed}: the shadow expert failed {failed:?}\n{}",
            drillhall_engine::render_timeline(s.events())
        );
    }
}

#[test]
fn the_drill_ends_at_its_duration_and_refuses_input_after() {
    let mut s = Session::new(&bundled(), 1, Mode::Independent);
    s.advance(10_000).unwrap();
    assert_eq!(s.tick(), 240);
    assert!(s.is_over());
    assert_eq!(s.events().last().unwrap().kind.name(), "objective-failed");
    assert!(of_kind(&s, "drill-ended").len() == 1);
    assert!(matches!(
        s.advance(1),
        Err(Rejection::DrillOver { tick: 240 })
    ));
    assert!(s.finish().is_empty());
}

#[test]
fn check_gives_the_refusal_apply_would_give_before_any_gate_and_changes_nothing() {
    let mut s = reviewed(1);
    advance_to(&mut s, 13);
    let before = (s.events().len(), s.tick());
    let s = s;
    // Not in the trainee's view: the same unknown-id refusal, with its suggestion.
    let unknown = cmd("rotate tok-deplo --grace 5m");
    let checked = s.check(&unknown).unwrap_err();
    let applied = s
        .clone()
        .apply(Input::Command {
            command: unknown,
            confidence: Some(80),
        })
        .unwrap_err();
    assert_eq!(checked.to_string(), applied.to_string());
    assert!(checked.to_string().contains("did you mean"), "{checked}");
    // Wrong class, and a state that makes no sense, are refused the same way.
    assert!(matches!(
        s.check(&cmd("rotate ci-deployer")),
        Err(Rejection::WrongClass { .. })
    ));
    let mut free = Session::new(&bundled(), 1, Mode::Independent);
    free.apply(Input::Command {
        command: cmd("quarantine ci-deployer"),
        confidence: Some(80),
    })
    .expect("independent mode quarantines without a sign-off");
    assert!(matches!(
        free.check(&cmd("quarantine ci-deployer")),
        Err(Rejection::Conflict(_))
    ));
    // A gated command passes the checks: its gate (sign-off, confidence) is not a check.
    assert_eq!(s.check(&cmd("rotate tok-deploy --grace 5m")), Ok(()));
    assert!(s.requirements(&cmd("rotate tok-deploy --grace 5m")).signoff);
    let _ = s.check(&cmd("revoke tok-deploy"));
    assert_eq!(
        (s.events().len(), s.tick()),
        before,
        "checking changes nothing"
    );
}
