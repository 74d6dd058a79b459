//! Workloads depend on the credentials they hold: revocations, rotations, hidden holders,
//! batch jobs, quarantine and disabled identities.

mod common;

use common::{advance_to, bundled, downs, of_kind, run};
use drillhall_engine::{Cause, EventKind, Rejection, Session};
use drillhall_scenario::drill::Mode;

fn independent(seed: u64) -> Session {
    Session::new(&bundled(), seed, Mode::Independent)
}

#[test]
fn revoking_a_held_credential_without_rotation_takes_its_holder_down() {
    let mut s = independent(1);
    advance_to(&mut s, 13);
    run(&mut s, "revoke tok-deploy");
    let revoked = of_kind(&s, "credential-revoked")[0].clone();
    assert_eq!(
        revoked.cause,
        Cause::Input(1),
        "the revocation is caused by the input"
    );
    let down = downs(&s, "ci-deployer");
    assert_eq!(down.len(), 1, "ci-deployer goes down at once");
    assert_eq!(down[0].tick, 13);
    assert_eq!(
        down[0].cause,
        Cause::Event(revoked.id),
        "its outage is caused by the revocation"
    );
    let EventKind::WorkloadDown { trainee_caused, .. } = &down[0].kind else {
        unreachable!()
    };
    assert!(trainee_caused, "the chain starts at the trainee's input");
    assert!(
        downs(&s, "release-bot").is_empty(),
        "a batch job only fails when it next runs"
    );
    advance_to(&mut s, 45);
    let bot = downs(&s, "release-bot");
    assert_eq!(bot.len(), 1);
    assert_eq!(bot[0].tick, 40, "release-bot runs every 30m from 10m");
    assert_eq!(bot[0].cause, Cause::Event(revoked.id));
}

#[test]
fn rotating_a_managed_credential_does_not_take_its_holder_down() {
    let mut s = independent(2);
    advance_to(&mut s, 13);
    run(&mut s, "rotate key-payments-db --grace 5m");
    s.finish();
    assert!(
        downs(&s, "checkout-api").is_empty(),
        "the vault delivered the new version in time"
    );
    let delivered = of_kind(&s, "credential-delivered");
    assert_eq!(delivered.len(), 1);
    assert!(
        (14..=16).contains(&delivered[0].tick),
        "delivery takes 1 to 3 ticks"
    );
    assert_eq!(of_kind(&s, "old-version-expired")[0].tick, 18);
}

#[test]
fn rotating_a_manual_credential_without_redeploying_breaks_its_holder_when_the_grace_ends() {
    let mut s = independent(2);
    advance_to(&mut s, 13);
    run(&mut s, "rotate tok-deploy --grace 5m");
    advance_to(&mut s, 30);
    let expired = of_kind(&s, "old-version-expired")[0].clone();
    assert_eq!(expired.tick, 18);
    let down = downs(&s, "ci-deployer");
    assert_eq!(down.len(), 1);
    assert_eq!(down[0].tick, 18);
    assert_eq!(down[0].cause, Cause::Event(expired.id));
    run(&mut s, "redeploy ci-deployer");
    let up = of_kind(&s, "workload-up");
    assert_eq!(up.len(), 1, "a redeploy picks up the new version");
    let EventKind::WorkloadUp {
        outage_minutes,
        weighted_minutes,
        ..
    } = up[0].kind
    else {
        unreachable!()
    };
    assert_eq!(outage_minutes, 12);
    assert_eq!(weighted_minutes, 120, "high criticality weighs 10");
}

#[test]
fn a_hidden_holder_breaks_when_the_old_version_expires_without_being_redeployed() {
    let mut s = independent(3);
    advance_to(&mut s, 13);
    run(&mut s, "rotate tok-deploy --grace 5m");
    run(&mut s, "redeploy ci-deployer");
    advance_to(&mut s, 60);
    assert!(downs(&s, "ci-deployer").is_empty());
    let expired = of_kind(&s, "old-version-expired")[0].clone();
    let bot = downs(&s, "release-bot");
    assert_eq!(bot.len(), 1, "the holder the inventory missed breaks");
    assert_eq!(bot[0].tick, 40, "at its next scheduled run");
    assert_eq!(bot[0].cause, Cause::Event(expired.id));
    assert!(
        of_kind(&s, "hidden-holder-revealed")
            .iter()
            .any(|e| e.cause == Cause::Event(bot[0].id)),
        "its failure pages someone: that is how the trainee learns it exists"
    );
}

#[test]
fn a_hidden_holder_found_by_logs_and_redeployed_keeps_working() {
    let mut s = independent(3);
    advance_to(&mut s, 13);
    let refused = s.command("redeploy release-bot", None).unwrap_err();
    assert!(matches!(refused, Rejection::UnknownId { .. }), "{refused}");
    assert!(refused.to_string().contains("no such id in your inventory"));
    run(&mut s, "logs tok-deploy");
    let revealed = of_kind(&s, "hidden-holder-revealed");
    assert_eq!(revealed.len(), 1);
    assert!(
        matches!(&revealed[0].kind, EventKind::HiddenHolderRevealed { workload, .. } if workload == "release-bot")
    );
    run(&mut s, "rotate tok-deploy --grace 10m");
    run(&mut s, "redeploy ci-deployer");
    run(&mut s, "redeploy release-bot");
    s.finish();
    assert!(
        of_kind(&s, "workload-down").is_empty(),
        "{}",
        drillhall_engine::render_timeline(s.events())
    );
}

#[test]
fn quarantine_is_a_trainee_caused_outage_until_restore() {
    let mut s = independent(4);
    advance_to(&mut s, 20);
    run(&mut s, "quarantine checkout-api");
    let down = downs(&s, "checkout-api");
    assert_eq!(down.len(), 1);
    assert!(matches!(
        down[0].kind,
        EventKind::WorkloadDown {
            trainee_caused: true,
            ..
        }
    ));
    let refused = s.command("redeploy checkout-api", None).unwrap_err();
    assert!(refused.to_string().contains("restore"), "{refused}");
    advance_to(&mut s, 30);
    run(&mut s, "restore checkout-api");
    let summary = s.summary();
    let o = &summary.outages[0];
    assert_eq!((o.start, o.end, o.open), (20, 30, false));
    assert_eq!(o.weighted_minutes(), 300, "critical weighs 30");
}

#[test]
fn disabling_an_identity_takes_its_holders_down_and_rolling_back_brings_them_up() {
    let mut s = independent(5);
    advance_to(&mut s, 15);
    run(&mut s, "disable sa-checkout");
    assert_eq!(downs(&s, "checkout-api").len(), 1);
    advance_to(&mut s, 25);
    run(&mut s, "rollback #1");
    let up = of_kind(&s, "workload-up");
    assert_eq!(up.len(), 1);
    assert_eq!(up[0].tick, 25);
    assert!(!of_kind(&s, "identity-enabled").is_empty());
}

#[test]
fn a_job_whose_needed_grant_was_removed_fails_at_its_next_run() {
    let text = common::bundled_text().replace(
        "schedule: { every: 30m, first: 10m } }",
        "schedule: { every: 30m, first: 10m }, needs: [{ resource: artifact-bucket, permission: write }] }",
    );
    let scenario = drillhall_scenario::Drill::from_text("needs.yaml", &text).unwrap();
    let mut s = Session::new(&scenario, 1, Mode::Independent);
    advance_to(&mut s, 12);
    run(&mut s, "remove-grant sa-deployer artifact-bucket");
    let removed = of_kind(&s, "grant-removed")[0].clone();
    advance_to(&mut s, 39);
    assert!(downs(&s, "release-bot").is_empty(), "not before it runs");
    advance_to(&mut s, 41);
    let bot = downs(&s, "release-bot");
    assert_eq!(bot.len(), 1);
    assert_eq!(bot[0].tick, 40);
    assert_eq!(
        bot[0].cause,
        Cause::Event(removed.id),
        "the removal is to blame"
    );
}

#[test]
fn logs_without_a_window_reads_the_whole_drill_once_it_has_run_longer_than_a_day() {
    let text = common::bundled_text().replace("duration: 4h", "duration: 3d");
    let drill = drillhall_scenario::Drill::from_text("three-days.yaml", &text)
        .expect("the bundled scenario stretched to three days loads");
    let mut s = Session::new(&drill, 3, Mode::Independent);
    let day = 24 * 60;
    run(&mut s, "logs tok-deploy");
    assert_eq!(s.default_log_window(), drillhall_engine::DEFAULT_LOG_WINDOW);
    advance_to(&mut s, 2 * day + 60);
    assert_eq!(s.default_log_window(), s.tick(), "since T+0 on day three");
    run(&mut s, "logs tok-deploy");
    run(&mut s, "logs tok-deploy 24h");
    let read: Vec<(u64, Vec<i64>)> = of_kind(&s, "logs-read")
        .iter()
        .map(|e| match &e.kind {
            EventKind::LogsRead { since, entries, .. } => (
                *since,
                // The attacker's own requests: no workload of the estate made them.
                entries
                    .iter()
                    .filter(|l| l.workload.is_none())
                    .map(|l| l.tick)
                    .collect(),
            ),
            _ => unreachable!("of_kind returns logs-read events"),
        })
        .collect();
    assert_eq!(
        read[0].0,
        drillhall_engine::DEFAULT_LOG_WINDOW,
        "day one: a day"
    );
    assert_eq!(read[1].0, 2 * day + 60, "day three: back to T+0");
    assert!(
        read[1].1.iter().any(|&t| t < day.cast_signed()),
        "the attacker's first-day uses are in the default window on day three: {:?}",
        read[1].1
    );
    assert!(
        read[2].1.iter().all(|&t| t >= day.cast_signed()),
        "an explicit day leaves them out: {:?}",
        read[2].1
    );
}
