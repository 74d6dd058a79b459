//! `drillhall new ID [--task T]`: a commented scenario skeleton that validates as it is.
//!
//! One skeleton per task family, each a small working drill: an estate, the injects that
//! start the task, objectives, an expert response whose every step says why, a known-bad
//! response and an `expect` block, so `drillhall validate` and `drillhall check` pass on it
//! before the instructor changes a line. Comments point at docs/scenario-format.md; the first
//! line is the YAML language server's modeline, so an editor validates the file against the
//! schema `drillhall schema --draft 07 --out` writes beside it.

use drillhall_scenario::drill::Task;
use drillhall_scenario::values::ID_PATTERN;

use crate::outcome::{self, CliError, Outcome};

const EXAMPLES: &str = "\
Examples:
  drillhall new leaked-npm-token > scenarios/leaked-npm-token.yaml
  drillhall new q3-review --task access-review > scenarios/q3-review.yaml
  drillhall validate scenarios/q3-review.yaml

The skeleton is a working drill about an example estate: replace the estate, the story and
the responses with your own, and keep `drillhall check` passing as you go.";

/// Print a commented scenario skeleton for a task family; it validates and passes `check`
/// as it is.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The new scenario's id: kebab-case, e.g. `leaked-npm-token`.
    #[arg(value_name = "ID", value_parser = parse_id)]
    id: String,
    /// The task family the drill trains.
    #[arg(long, value_name = "TASK", value_parser = parse_task, default_value = "incident-triage")]
    task: Task,
}

/// Whether a word is a kebab-case id (`ID_PATTERN`): lowercase letters and digits in groups
/// joined by single hyphens.
fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn parse_id(s: &str) -> Result<String, String> {
    if is_id(s) {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "`{s}` is not a scenario id: ids are kebab-case ({ID_PATTERN}), e.g. `leaked-npm-token`"
        ))
    }
}

fn parse_task(s: &str) -> Result<Task, String> {
    Task::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Task::ALL.iter().map(|t| t.as_str()).collect();
        format!("expected one of {}", all.join(", "))
    })
}

/// The skeleton of a task family, with `{id}` where the scenario's id goes.
fn template(task: Task) -> &'static str {
    match task {
        Task::IncidentTriage => INCIDENT_TRIAGE,
        Task::SecretRotation => SECRET_ROTATION,
        Task::WorkloadOnboarding => WORKLOAD_ONBOARDING,
        Task::AccessReview => ACCESS_REVIEW,
        Task::BreakGlassRecovery => BREAK_GLASS_RECOVERY,
    }
}

/// The YAML language server's modeline: editors that run it (VS Code, Neovim, Helix, …)
/// validate and complete the file against the schema beside it, which `drillhall schema
/// --draft 07 --out` writes.
pub fn modeline() -> String {
    format!(
        "# yaml-language-server: $schema=./{}\n# The schema: drillhall schema --draft 07 --out <this directory>/{}\n",
        crate::schema::FILE_NAME,
        crate::schema::FILE_NAME
    )
}

/// The skeleton for an id and a task, starting with the editor modeline.
pub fn skeleton(id: &str, task: Task) -> String {
    modeline() + &template(task).replace("{id}", id)
}

/// Prints the skeleton.
pub fn run(args: &Args) -> Result<Outcome, CliError> {
    outcome::print(&skeleton(&args.id, args.task))?;
    Ok(Outcome::Success)
}

/// The `incident-triage` skeleton.
const INCIDENT_TRIAGE: &str = r#"# {id}: an incident-triage drill. Replace the example estate and story with your own; every
# field is described in docs/scenario-format.md. Check it with:
#   drillhall validate {id}.yaml && drillhall check <its directory>
apiVersion: drillhall/v1
kind: Scenario
metadata:
  id: {id}
  title: "An API token leaks: contain it without breaking its service"   # one line the trainee sees first
  summary: >-
    What the trainee is told at the start: what happened, what is at stake. Keep the answer
    out of it.
  duration: 2h              # simulated time; 1 tick = 1 minute
  difficulty: 2             # your estimate, 1 (easy) to 5 (hard)
  tasks: [incident-triage]  # secret-rotation | workload-onboarding | access-review | incident-triage | break-glass-recovery
  failure_modes: [credential-leakage]
  frameworks: ["CSF 2.0 RS.MI"]
supervision:
  mode: guided              # shadow | guided | reviewed | independent
estate:
  teams:
    - { id: app-team, members: [alex] }
  workloads:
    - { id: example-api, kind: service, env: prod, criticality: high, owner: app-team, holds: [tok-example] }
  identities:
    - { id: sa-example, kind: service-account, owner: app-team, env: prod, last_used: 5m }
  credentials:
    - { id: tok-example, kind: api-token, authenticates: sa-example, age: 30d, rotation: manual, last_used: 5m }
  resources:
    - { id: example-db, kind: database, sensitivity: restricted, owner: app-team, env: prod }
  grants:
    - { identity: sa-example, resource: example-db, permission: write, used: true, last_used: 5m }
injects:
  - { id: leak, at: 0m, kind: credential-leak, credential: tok-example, via: public-repo }
  - { id: scanner, at: 5m, kind: alert, source: secret-scanner, severity: high, points_to: tok-example,
      message: "token pattern found in a public repository" }
adversary:
  discovers_leak: 30m..90m  # when, after the leak, the attacker finds it
  skill: medium
  goals: [example-db]
objectives:
  - { id: contain, text: "Kill the leaked token before the attacker reaches example-db",
      credential_invalid: tok-example, before_adversary_reaches: example-db }
  - { id: no-outage, text: "example-api is never down more than 10 minutes",
      max_outage: { criticality: high, minutes: 10 } }
  - { id: declared, text: "Declare the incident", incident_declared: true }
expert:                     # the reference response: every step says why
  - { at: 5m, do: "declare-incident sev2", why: "A live token in a public repository is an incident." }
  - { at: 6m, do: "request-signoff \"rotate tok-example --grace 10m\" --rollback \"version 1 stays valid 10 minutes while example-api is redeployed\"", confidence: 80,
      why: "Rotate, don't revoke: the service keeps working while it moves to the new version." }
  - { at: 15m, do: "redeploy example-api", why: "A manually rotated token reaches its holder only on redeploy." }
  - { at: 16m, do: "notify app-team", why: "The owners of example-db must know it was within reach." }
known_bad:                  # responses that must score badly
  do-nothing: []
expect:                     # what `drillhall check` enforces on every seed of the range
  seeds: 1..20
  expert: { min: 80 }
  known_bad: { do-nothing: { max: 60 } }
debrief: |
  ## What this drill teaches

  The lesson, in a few bullet points, with references (e.g. NIST CSF 2.0 RS.MI).
"#;

/// The `secret-rotation` skeleton.
const SECRET_ROTATION: &str = r#"# {id}: a secret-rotation drill. Replace the example estate and story with your own; every
# field is described in docs/scenario-format.md. Check it with:
#   drillhall validate {id}.yaml && drillhall check <its directory>
apiVersion: drillhall/v1
kind: Scenario
metadata:
  id: {id}
  title: "A shared password is due for rotation"   # one line the trainee sees first
  summary: >-
    What the trainee is told at the start: the change ticket, what the inventory says. Keep
    the answer (here: a consumer the inventory misses) out of it.
  duration: 2h              # simulated time; 1 tick = 1 minute
  difficulty: 2             # your estimate, 1 (easy) to 5 (hard)
  tasks: [secret-rotation]  # secret-rotation | workload-onboarding | access-review | incident-triage | break-glass-recovery
  failure_modes: [missed-rotation, revocation-breaks-dependents]
  frameworks: ["CSF 2.0 PR.AA"]
supervision:
  mode: guided              # shadow | guided | reviewed | independent
estate:
  policy: { max_credential_age: 90d }
  teams:
    - { id: app-team, members: [alex] }
  workloads:
    - { id: example-api, kind: service, env: prod, criticality: high, owner: app-team, holds: [pw-example] }
    # hidden: in the estate, not in the trainee's inventory until `logs` reveals it.
    - { id: example-job, kind: job, env: prod, criticality: medium, owner: app-team, hidden: true,
        holds: [pw-example], schedule: { every: 30m, first: 15m } }
  identities:
    - { id: example-db-user, kind: service-account, owner: app-team, env: prod, last_used: 1m }
  credentials:
    - { id: pw-example, kind: password, authenticates: example-db-user, age: 120d, rotation: manual, last_used: 1m }
  resources:
    - { id: example-db, kind: database, sensitivity: restricted, owner: app-team, env: prod }
  grants:
    - { identity: example-db-user, resource: example-db, permission: write, used: true, last_used: 1m }
injects:
  - { id: change, at: 0m, kind: ticket, task: secret-rotation, severity: medium, subjects: [pw-example],
      message: "CHG-0001: rotate pw-example (120 days old, policy 90). Inventory: example-api." }
objectives:
  - { id: rotated, text: "The old password version is dead by the end", credential_invalid: pw-example }
  - { id: no-outage, text: "Nothing is down more than 5 minutes", max_outage: { criticality: low, minutes: 5 } }
scoring: { containment: 0, collateral: 50, governance: 20, least_privilege: 30 }
expert:                     # the reference response: every step says why
  - { at: 1m, do: "logs pw-example", why: "Find every consumer before changing the password: the log shows example-job too." }
  - { at: 6m, do: "request-signoff \"rotate pw-example --grace 30m\" --rollback \"version 1 stays valid 30 minutes while holders are redeployed\"", confidence: 80,
      why: "Two live versions: the new one now, the old one until every holder has moved." }
  - { at: 12m, do: "redeploy example-api", why: "A manually rotated password reaches a holder only on redeploy." }
  - { at: 13m, do: "redeploy example-job", why: "The consumer the inventory missed." }
known_bad:                  # responses that must score badly
  rotate-in-place:
    - { at: 2m, do: "request-signoff \"rotate pw-example\" --rollback \"set the old password back if anything breaks\"", confidence: 90,
        why: "Without a grace period the old version dies at once, and every holder with it." }
expect:                     # what `drillhall check` enforces on every seed of the range
  seeds: 1..20
  expert: { min: 90 }
  known_bad: { rotate-in-place: { max: 80 } }
debrief: |
  ## What this drill teaches

  The lesson, in a few bullet points, with references (e.g. NIST CSF 2.0 PR.AA).
"#;

/// The `workload-onboarding` skeleton.
const WORKLOAD_ONBOARDING: &str = r#"# {id}: a workload-onboarding drill. Replace the example estate and story with your own;
# every field is described in docs/scenario-format.md. Check it with:
#   drillhall validate {id}.yaml && drillhall check <its directory>
apiVersion: drillhall/v1
kind: Scenario
metadata:
  id: {id}
  title: "Onboard a new job with least privilege"   # one line the trainee sees first
  summary: >-
    What the trainee is told at the start: the access request as written. Keep the answer
    (here: its own identity, exactly its needs, a short-lived key in the vault) out of it.
  duration: 2h              # simulated time; 1 tick = 1 minute
  difficulty: 1             # your estimate, 1 (easy) to 5 (hard)
  tasks: [workload-onboarding]  # secret-rotation | workload-onboarding | access-review | incident-triage | break-glass-recovery
  failure_modes: [over-privilege]
  frameworks: ["CSF 2.0 PR.AA"]
supervision:
  mode: independent         # shadow | guided | reviewed | independent
estate:
  policy: { max_credential_age: 90d }
  teams:
    - { id: app-team, members: [alex] }
    - { id: security, members: [sam] }
  workloads:
    # needs: what it must have to work; an onboarding is right when it has exactly that.
    - { id: example-job, kind: job, env: prod, criticality: medium, owner: app-team,
        needs: [{ resource: example-db, permission: read }], schedule: { every: 1d, first: 90m } }
  identities:
    - { id: sa-shared-legacy, kind: service-account, owner: app-team, env: prod, last_used: 60d }
  credentials:
    - { id: key-shared-legacy, kind: access-key, authenticates: sa-shared-legacy, age: 400d, rotation: manual, last_used: 60d }
  resources:
    - { id: example-db, kind: database, sensitivity: restricted, owner: app-team, env: prod }
    - { id: vault, kind: secret-store, sensitivity: restricted, owner: security }
  grants:
    - { identity: sa-shared-legacy, resource: example-db, permission: admin, used: false, last_used: never }
injects:
  - { id: request, at: 0m, kind: ticket, task: workload-onboarding, severity: low, subjects: [example-job],
      message: "REQ-0001: onboard example-job; reuse sa-shared-legacy and its key, admin on example-db." }
objectives:
  - { id: exact-access, text: "example-job runs with exactly read on example-db", least_privilege: example-job }
  - { id: first-run, text: "The first run succeeds", max_outage: { criticality: low, minutes: 0 } }
  - { id: legacy-dead, text: "The shared legacy key is dead", credential_invalid: key-shared-legacy }
scoring: { containment: 0, collateral: 30, governance: 20, least_privilege: 50 }
expert:                     # the reference response: every step says why
  - { at: 2m, do: "create-identity sa-example-job --kind service-account --owner app-team",
      why: "One workload, one identity, owned by its team." }
  - { at: 3m, do: "grant sa-example-job example-db read", why: "Exactly its need, not the template's admin." }
  - { at: 4m, do: "issue key-example-job --kind access-key --for sa-example-job --store vault --ttl 12h",
      why: "The key lives in the vault and expires after the night's run." }
  - { at: 5m, do: "attach key-example-job example-job", why: "The job gets its own credential." }
  - { at: 6m, do: "request-signoff \"revoke key-shared-legacy\" --rollback \"issue a new key if an unknown consumer shows up\"", confidence: 85,
      why: "Retire the stale shared key the request wanted to reuse; it reaches a restricted database, so ask." }
  - { at: 7m, do: "scope-down sa-shared-legacy example-db none", why: "Its admin grant was never used." }
known_bad:                  # responses that must score badly
  reuse-the-legacy-key:
    - { at: 2m, do: "attach key-shared-legacy example-job",
        why: "The job works, on a 400-day-old shared key with unused admin behind it." }
expect:                     # what `drillhall check` enforces on every seed of the range
  seeds: 1..20
  expert: { min: 90 }
  known_bad: { reuse-the-legacy-key: { max: 75 } }
debrief: |
  ## What this drill teaches

  The lesson, in a few bullet points, with references (e.g. NIST CSF 2.0 PR.AA-05).
"#;

/// The `access-review` skeleton.
const ACCESS_REVIEW: &str = r#"# {id}: an access-review drill. Replace the example estate and story with your own; every
# field is described in docs/scenario-format.md. Check it with:
#   drillhall validate {id}.yaml && drillhall check <its directory>
apiVersion: drillhall/v1
kind: Scenario
metadata:
  id: {id}
  title: "Review the access of a team's identities"   # one line the trainee sees first
  summary: >-
    What the trainee is told at the start: the review ticket and its scope. Keep the answer
    (which grants are unused, which identities have no owner) out of it.
  duration: 2h              # simulated time; 1 tick = 1 minute
  difficulty: 2             # your estimate, 1 (easy) to 5 (hard)
  tasks: [access-review]    # secret-rotation | workload-onboarding | access-review | incident-triage | break-glass-recovery
  failure_modes: [over-privilege, orphaned-identity]
  frameworks: ["CSF 2.0 PR.AA"]
supervision:
  mode: guided              # shadow | guided | reviewed | independent
estate:
  policy: { max_credential_age: 90d }
  teams:
    - { id: app-team, members: [alex] }
  workloads:
    - { id: example-api, kind: service, env: prod, criticality: high, owner: app-team, runs_as: sa-example }
  identities:
    - { id: sa-example, kind: service-account, owner: app-team, env: prod, last_used: 1m }
    # No owner: an orphaned identity.
    - { id: sa-old-experiment, kind: service-account, env: dev, last_used: 200d }
  resources:
    - { id: example-db, kind: database, sensitivity: restricted, owner: app-team, env: prod }
    - { id: example-bucket, kind: bucket, sensitivity: confidential, owner: app-team, env: prod }
  grants:
    - { identity: sa-example, resource: example-db, permission: write, used: true, last_used: 1m }
    # used: false marks a grant nobody exercises: over-privilege.
    - { identity: sa-example, resource: example-bucket, permission: admin, used: false, last_used: never }
    - { identity: sa-old-experiment, resource: example-bucket, permission: read, used: false, last_used: 200d }
injects:
  - { id: review, at: 0m, kind: ticket, task: access-review, severity: medium, subjects: [sa-example, sa-old-experiment],
      message: "AR-0001: quarterly review of app-team's identities." }
objectives:
  - { id: unused-admin, text: "sa-example loses its unused admin on example-bucket",
      grant_at_most: { identity: sa-example, resource: example-bucket, permission: none } }
  - { id: orphan, text: "The identity without an owner is disabled", identity_disabled: sa-old-experiment }
  - { id: nothing-breaks, text: "Nothing the review touches breaks", max_outage: { criticality: low, minutes: 0 } }
scoring: { containment: 0, collateral: 35, governance: 15, least_privilege: 50 }
expert:                     # the reference response: every step says why
  - { at: 2m, do: "inspect sa-example", why: "Read the evidence: the admin grant on example-bucket was never used." }
  - { at: 3m, do: "scope-down sa-example example-bucket none", why: "Unused admin only widens the blast radius." }
  - { at: 4m, do: "scope-down sa-old-experiment example-bucket none", why: "Take access first; then disabling reaches nothing." }
  - { at: 5m, do: "disable sa-old-experiment", why: "No owner, unused for 200 days; disabling is reversible." }
  - { at: 6m, do: "note \"AR-0001: removed unused admin of sa-example; disabled orphan sa-old-experiment\"",
      why: "A review is an audit record." }
known_bad:                  # responses that must score badly
  rubber-stamp:
    - { at: 5m, do: "note \"AR-0001: all access re-certified\"", why: "Approving everything changes nothing." }
expect:                     # what `drillhall check` enforces on every seed of the range
  seeds: 1..20
  expert: { min: 90 }
  known_bad: { rubber-stamp: { max: 70 } }
debrief: |
  ## What this drill teaches

  The lesson, in a few bullet points, with references (e.g. NIST CSF 2.0 PR.AA-05).
"#;

/// The `break-glass-recovery` skeleton.
const BREAK_GLASS_RECOVERY: &str = r#"# {id}: a break-glass-recovery drill. Replace the example estate and story with your own;
# every field is described in docs/scenario-format.md. Check it with:
#   drillhall validate {id}.yaml && drillhall check <its directory>
apiVersion: drillhall/v1
kind: Scenario
metadata:
  id: {id}
  title: "Sign-in is down and an admin identity is misused"   # one line the trainee sees first
  summary: >-
    What the trainee is told at the start: the outage and the alert. Keep the answer (open
    break-glass under sign-off, contain, close it, rotate its password) out of it.
  duration: 2h              # simulated time; 1 tick = 1 minute
  difficulty: 3             # your estimate, 1 (easy) to 5 (hard)
  tasks: [break-glass-recovery]  # secret-rotation | workload-onboarding | access-review | incident-triage | break-glass-recovery
  failure_modes: [credential-leakage]
  frameworks: ["CSF 2.0 RS.MA"]
supervision:
  mode: reviewed            # shadow | guided | reviewed | independent
  reviewer_delay: 1m..3m
estate:
  policy: { max_credential_age: 90d }
  teams:
    - { id: identity, members: [kim] }
    - { id: security, members: [ana] }
  identities:
    - { id: sa-example-admin, kind: service-account, owner: identity, env: prod, last_used: 2m }
    - { id: bg-example, kind: human-user, owner: security, env: prod, last_used: 200d }
  credentials:
    - { id: pw-bg-example, kind: password, authenticates: bg-example, age: 200d, rotation: manual, last_used: 200d }
  resources:
    - { id: example-iam, kind: identity-store, sensitivity: restricted, owner: identity, env: prod }
    - { id: example-safe, kind: secret-store, sensitivity: crown-jewel, owner: security, stores: [pw-bg-example] }
  grants:
    - { identity: sa-example-admin, resource: example-iam, permission: admin, used: true, last_used: 2m }
    - { identity: bg-example, resource: example-iam, permission: admin, used: true, last_used: 200d }
injects:
  - { id: sso-down, at: 0m, kind: alert, source: statuspage, severity: critical, points_to: example-iam,
      message: "SSO unavailable for all users" }
  - { id: stolen, at: 0m, kind: session-theft, identity: sa-example-admin, ttl: 2h }
  - { id: siem, at: 5m, kind: alert, source: siem, severity: critical, points_to: sa-example-admin,
      message: "sa-example-admin used from an unfamiliar network" }
adversary:
  skill: medium
  goals: [example-iam]
  persistence: true         # with admin over an identity store it mints its own key
objectives:
  - { id: contain, text: "The misused identity is disabled within 20 minutes", identity_disabled: sa-example-admin, before: 20m }
  - { id: no-persistence, text: "No key the attacker minted works at the end", no_persistence: true }
  - { id: glass-rotated, text: "The break-glass password is rotated after use", credential_invalid: pw-bg-example }
  - { id: declared, text: "Declare the incident", incident_declared: true }
expert:                     # the reference response: every step says why
  - { at: 5m, do: "declare-incident sev1", why: "An admin identity misused while SSO is down." }
  - { at: 6m, do: "request-signoff \"break-glass bg-example\" --rollback \"end-break-glass once the identity is disabled\"", confidence: 90,
      why: "Break-glass is the only way in; a second person approves it." }
  - { at: 7m, do: "request-signoff \"disable sa-example-admin\" --rollback \"enable it with rollback once it is clean\"", confidence: 90,
      why: "Disabling kills the session and any key the attacker minted." }
  - { at: 12m, do: "end-break-glass bg-example", why: "Close emergency access as soon as it has done its job." }
  - { at: 13m, do: "request-signoff \"rotate pw-bg-example\" --rollback \"the sealed envelope keeps the old password until the new one is tested\"", confidence: 85,
      why: "A used break-glass password is rotated and resealed." }
  - { at: 14m, do: "notify identity", why: "Their identity store was within reach." }
known_bad:                  # responses that must score badly
  do-nothing: []
expect:                     # what `drillhall check` enforces on every seed of the range
  seeds: 1..20
  expert: { min: 70 }
  known_bad: { do-nothing: { max: 50 } }
debrief: |
  ## What this drill teaches

  The lesson, in a few bullet points, with references (e.g. NIST CSF 2.0 RS.MA).
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use drillhall_scenario::Scenario;

    #[test]
    fn every_task_skeleton_loads_under_its_id_and_trains_its_task() {
        for &task in Task::ALL {
            let text = skeleton("my-drill", task);
            let s = Scenario::from_text("my-drill.yaml", &text)
                .unwrap_or_else(|e| panic!("the {task} skeleton loads:\n{e}"));
            assert_eq!(s.id(), "my-drill");
            let drill = drillhall_scenario::Drill::compile(&s);
            assert_eq!(drill.info.tasks, vec![task]);
            assert!(!text.contains("{id}"), "every placeholder is filled");
            assert!(
                drill.expert.iter().all(|step| step.why.is_some()),
                "every expert step of the {task} skeleton says why"
            );
        }
    }

    #[test]
    fn ids_are_kebab_case() {
        for good in ["x", "leaked-npm-token", "q3-review", "a1-b2"] {
            assert!(is_id(good), "{good}");
        }
        for bad in [
            "",
            "X",
            "has space",
            "-lead",
            "trail-",
            "dou--ble",
            "under_score",
        ] {
            assert!(!is_id(bad), "{bad}");
        }
    }
}
