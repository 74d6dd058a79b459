//! The NIST Cybersecurity Framework 2.0 categories a drill exercises.
//!
//! Instructors report readiness the way their programme is measured; for most security
//! programmes that is CSF 2.0. Every command family, every objective and every deduction
//! line carries the category it exercises, and the debrief totals by category.
//!
//! | commands | category |
//! |---|---|
//! | investigate: `inspect`, `paths`, `owners`, `wait` | RS.AN incident analysis |
//! | investigate: `logs` | DE.CM continuous monitoring (reading the audit trail) |
//! | contain: `revoke`, `rotate`, `revoke-sessions`, `disable`, `quarantine` | RS.MI incident mitigation |
//! | contain: `scope-down`, `remove-grant` | PR.AA access management (least privilege) |
//! | recover: `redeploy`, `restore`, `rollback`, `break-glass`, `end-break-glass` | RC.RP recovery plan execution |
//! | provision: `create-identity`, `grant`, `issue`, `attach` | PR.AA identity management |
//! | govern: `declare-incident`, `request-signoff`, `note` | RS.MA incident management |
//! | govern: `notify` | RS.CO incident reporting and communication |
//!
//! | objective | category |
//! |---|---|
//! | `credential_invalid`, `identity_disabled`, `adversary_never_reaches`, `no_persistence` | RS.MI |
//! | `max_outage` | PR.IR infrastructure resilience |
//! | `grant_at_most`, `least_privilege` | PR.AA |
//! | `incident_declared` | RS.MA |
//! | `owners_notified` | RS.CO |

use std::fmt;

use drillhall_scenario::command::Command;
use drillhall_scenario::drill::Condition;
use serde::{Serialize, Serializer};

/// A CSF 2.0 category, in the framework's order (functions PR, DE, RS, RC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CsfCategory {
    /// PR.AA: identity management, authentication and access control.
    IdentityAccess,
    /// PR.IR: technology infrastructure resilience (availability).
    InfrastructureResilience,
    /// DE.CM: continuous monitoring.
    ContinuousMonitoring,
    /// RS.MA: incident management.
    IncidentManagement,
    /// RS.AN: incident analysis.
    IncidentAnalysis,
    /// RS.CO: incident response reporting and communication.
    IncidentCommunication,
    /// RS.MI: incident mitigation.
    IncidentMitigation,
    /// RC.RP: incident recovery plan execution.
    RecoveryExecution,
}

impl CsfCategory {
    /// Every category, in the framework's order.
    pub const ALL: &'static [CsfCategory] = &[
        CsfCategory::IdentityAccess,
        CsfCategory::InfrastructureResilience,
        CsfCategory::ContinuousMonitoring,
        CsfCategory::IncidentManagement,
        CsfCategory::IncidentAnalysis,
        CsfCategory::IncidentCommunication,
        CsfCategory::IncidentMitigation,
        CsfCategory::RecoveryExecution,
    ];

    /// The framework's code: `RS.MI`.
    pub fn code(self) -> &'static str {
        match self {
            CsfCategory::IdentityAccess => "PR.AA",
            CsfCategory::InfrastructureResilience => "PR.IR",
            CsfCategory::ContinuousMonitoring => "DE.CM",
            CsfCategory::IncidentManagement => "RS.MA",
            CsfCategory::IncidentAnalysis => "RS.AN",
            CsfCategory::IncidentCommunication => "RS.CO",
            CsfCategory::IncidentMitigation => "RS.MI",
            CsfCategory::RecoveryExecution => "RC.RP",
        }
    }

    /// The framework's name for the category.
    pub fn name(self) -> &'static str {
        match self {
            CsfCategory::IdentityAccess => {
                "Identity Management, Authentication, and Access Control"
            }
            CsfCategory::InfrastructureResilience => "Technology Infrastructure Resilience",
            CsfCategory::ContinuousMonitoring => "Continuous Monitoring",
            CsfCategory::IncidentManagement => "Incident Management",
            CsfCategory::IncidentAnalysis => "Incident Analysis",
            CsfCategory::IncidentCommunication => "Incident Response Reporting and Communication",
            CsfCategory::IncidentMitigation => "Incident Mitigation",
            CsfCategory::RecoveryExecution => "Incident Recovery Plan Execution",
        }
    }

    /// The category a command exercises (a sign-off request: the command it asks for).
    pub fn of_command(command: &Command) -> CsfCategory {
        match command {
            Command::RequestSignoff { action, .. } => CsfCategory::of_command(action),
            Command::Logs { .. } => CsfCategory::ContinuousMonitoring,
            Command::Inspect { .. }
            | Command::Paths { .. }
            | Command::Owners { .. }
            | Command::Wait { .. } => CsfCategory::IncidentAnalysis,
            Command::Revoke { .. }
            | Command::Rotate { .. }
            | Command::RevokeSessions { .. }
            | Command::Disable { .. }
            | Command::Quarantine { .. } => CsfCategory::IncidentMitigation,
            Command::ScopeDown { .. }
            | Command::RemoveGrant { .. }
            | Command::CreateIdentity { .. }
            | Command::Grant { .. }
            | Command::Issue { .. }
            | Command::Attach { .. }
            | Command::Detach { .. } => CsfCategory::IdentityAccess,
            Command::Redeploy { .. }
            | Command::Restore { .. }
            | Command::Rollback { .. }
            | Command::BreakGlass { .. }
            | Command::EndBreakGlass { .. } => CsfCategory::RecoveryExecution,
            Command::DeclareIncident { .. } | Command::Note { .. } => {
                CsfCategory::IncidentManagement
            }
            Command::Notify { .. } => CsfCategory::IncidentCommunication,
        }
    }

    /// The category an objective exercises.
    pub fn of_objective(condition: &Condition) -> CsfCategory {
        match condition {
            Condition::MaxOutage { .. } => CsfCategory::InfrastructureResilience,
            Condition::GrantAtMost { .. } | Condition::LeastPrivilege(_) => {
                CsfCategory::IdentityAccess
            }
            Condition::IncidentDeclared => CsfCategory::IncidentManagement,
            Condition::OwnersNotified(_) => CsfCategory::IncidentCommunication,
            Condition::CredentialInvalid { .. }
            | Condition::IdentityDisabled { .. }
            | Condition::NeverReaches(_)
            | Condition::NoPersistence => CsfCategory::IncidentMitigation,
        }
    }
}

impl fmt::Display for CsfCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for CsfCategory {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sign_off_request_exercises_the_category_of_the_command_it_asks_for() {
        let c = Command::parse("request-signoff \"revoke tok-deploy\" --rollback \"reissue it\"")
            .unwrap();
        assert_eq!(CsfCategory::of_command(&c), CsfCategory::IncidentMitigation);
        let n = Command::parse("notify payments").unwrap();
        assert_eq!(CsfCategory::of_command(&n).code(), "RS.CO");
    }

    #[test]
    fn categories_are_listed_in_the_frameworks_function_order() {
        let codes: Vec<&str> = CsfCategory::ALL.iter().map(|c| c.code()).collect();
        let mut sorted = CsfCategory::ALL.to_vec();
        sorted.sort();
        assert_eq!(sorted, CsfCategory::ALL);
        assert_eq!(codes.first(), Some(&"PR.AA"));
        assert_eq!(codes.last(), Some(&"RC.RP"));
    }
}
