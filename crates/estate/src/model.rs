//! The node and edge vocabulary of an estate (DESIGN §3): what exists and how control flows.
//!
//! Kinds are closed enums so that every match in the engine and the analyses is checked by
//! the compiler; their text forms are the kebab-case words of the scenario format.

use serde::{Deserialize, Serialize};

/// Simulated time: one tick is one simulated minute. Durations and ages are ticks too.
pub type Ticks = u64;

/// Declares a closed vocabulary: a unit enum whose variants are written as kebab-case words
/// in scenarios and output, with `ALL`, `as_str`, `parse` and `Display`. Shared by the estate
/// and the scenario format so every word of the format behaves the same way. The calling
/// crate needs `serde` and `schemars`.
#[macro_export]
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash,
            ::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema,
        )]
        pub enum $name {
            $(#[serde(rename = $word)] $variant),+
        }
        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The kebab-case word used in scenarios and output.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
            /// Parses the kebab-case word.
            pub fn parse(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

word_enum!(
    /// What runs: the things that hold credentials and act as identities.
    WorkloadKind {
        Service => "service",
        CiPipeline => "ci-pipeline",
        Job => "job",
        Function => "function",
        AiAgent => "ai-agent",
    }
);

word_enum!(
    /// Who acts: non-human principals.
    IdentityKind {
        ServiceAccount => "service-account",
        Role => "role",
        OauthApp => "oauth-app",
        GithubApp => "github-app",
        BotUser => "bot-user",
        AgentIdentity => "agent-identity",
        HumanUser => "human-user",
    }
);

word_enum!(
    /// Secrets that authenticate as an identity.
    CredentialKind {
        ApiToken => "api-token",
        AccessKey => "access-key",
        ClientSecret => "client-secret",
        PrivateKey => "private-key",
        SshKey => "ssh-key",
        Pat => "pat",
        RefreshToken => "refresh-token",
        SigningKey => "signing-key",
        Password => "password",
    }
);

word_enum!(
    /// What is protected.
    ResourceKind {
        Database => "database",
        Bucket => "bucket",
        Cluster => "cluster",
        Repo => "repo",
        SecretStore => "secret-store",
        SaasTenant => "saas-tenant",
        CiSystem => "ci-system",
        IdentityStore => "identity-store",
        Queue => "queue",
        LogStore => "log-store",
    }
);

word_enum!(
    /// How much it hurts when a workload is down (ordered: low < … < critical).
    Criticality {
        Low => "low",
        Medium => "medium",
        High => "high",
        Critical => "critical",
    }
);

word_enum!(
    /// How much it hurts when a resource is exposed (ordered: public < … < crown-jewel).
    Sensitivity {
        Public => "public",
        Internal => "internal",
        Confidential => "confidential",
        Restricted => "restricted",
        CrownJewel => "crown-jewel",
    }
);

word_enum!(
    /// Access level of a grant (ordered: none < read < write < admin).
    Permission {
        None => "none",
        Read => "read",
        Write => "write",
        Admin => "admin",
    }
);

word_enum!(
    /// How a credential is rotated: `managed` reaches holders by itself (a vault), `manual`
    /// needs each holder redeployed, `none` has no rotation process at all.
    Rotation {
        Manual => "manual",
        Managed => "managed",
        None => "none",
    }
);

word_enum!(
    /// Deployment environment.
    Env {
        Prod => "prod",
        Staging => "staging",
        Dev => "dev",
        Shared => "shared",
    }
);

impl Criticality {
    /// Weight used for outage cost (minutes × weight): 1, 3, 10, 30.
    pub fn weight(self) -> u64 {
        match self {
            Criticality::Low => 1,
            Criticality::Medium => 3,
            Criticality::High => 10,
            Criticality::Critical => 30,
        }
    }
}

impl Sensitivity {
    /// Weight used for exposure cost: 0, 1, 5, 20, 50.
    pub fn weight(self) -> u64 {
        match self {
            Sensitivity::Public => 0,
            Sensitivity::Internal => 1,
            Sensitivity::Confidential => 5,
            Sensitivity::Restricted => 20,
            Sensitivity::CrownJewel => 50,
        }
    }
}

/// The four classes of node; each has its own kind vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeClass {
    Workload,
    Identity,
    Credential,
    Resource,
}

impl NodeClass {
    /// Every class, in the order the estate lists them.
    pub const ALL: &'static [NodeClass] = &[
        NodeClass::Workload,
        NodeClass::Identity,
        NodeClass::Credential,
        NodeClass::Resource,
    ];
    /// The singular word ("workload").
    pub fn as_str(self) -> &'static str {
        match self {
            NodeClass::Workload => "workload",
            NodeClass::Identity => "identity",
            NodeClass::Credential => "credential",
            NodeClass::Resource => "resource",
        }
    }
}

impl std::fmt::Display for NodeClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A node's kind: its class and the kind within that class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    Workload(WorkloadKind),
    Identity(IdentityKind),
    Credential(CredentialKind),
    Resource(ResourceKind),
}

impl NodeKind {
    /// The node's class.
    pub fn class(self) -> NodeClass {
        match self {
            NodeKind::Workload(_) => NodeClass::Workload,
            NodeKind::Identity(_) => NodeClass::Identity,
            NodeKind::Credential(_) => NodeClass::Credential,
            NodeKind::Resource(_) => NodeClass::Resource,
        }
    }
    /// The kind word ("api-token").
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Workload(k) => k.as_str(),
            NodeKind::Identity(k) => k.as_str(),
            NodeKind::Credential(k) => k.as_str(),
            NodeKind::Resource(k) => k.as_str(),
        }
    }
}

/// When a credential, identity or grant was last used, as the inventory records it.
/// This is *evidence*, not truth: the engine decides what really uses what.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LastUsed {
    /// The inventory has no record.
    Unknown,
    /// Never used.
    Never,
    /// Used this many ticks before the scenario starts.
    Ago(Ticks),
}

/// Per-class attributes. Fields that do not apply to a class keep their defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// The scenario id (kebab-case, unique across the estate).
    pub id: String,
    pub kind: NodeKind,
    /// Owning team id; `None` on an identity means orphaned.
    pub owner: Option<String>,
    pub env: Option<Env>,
    /// Workloads: how much an outage hurts.
    pub criticality: Criticality,
    /// Resources: how much exposure hurts.
    pub sensitivity: Sensitivity,
    /// Workloads: reachable from the internet.
    pub internet_facing: bool,
    /// Credentials: age at the start of the scenario.
    pub age: Option<Ticks>,
    /// Credentials: expiry, in ticks from the start of the scenario.
    pub expires: Option<Ticks>,
    /// Credentials: how rotation reaches holders.
    pub rotation: Rotation,
    /// Credentials: the rotation policy for this credential (overrides the estate's).
    pub max_age: Option<Ticks>,
    /// Credentials and identities: the inventory's record of last use.
    pub last_used: LastUsed,
    /// Present in the truth, absent from the trainee's inventory until discovered.
    pub hidden: bool,
}

impl Node {
    /// A node with the given id and kind and neutral attributes.
    pub fn new(id: impl Into<String>, kind: NodeKind) -> Self {
        Node {
            id: id.into(),
            kind,
            owner: None,
            env: None,
            criticality: Criticality::Low,
            sensitivity: Sensitivity::Public,
            internet_facing: false,
            age: None,
            expires: None,
            rotation: Rotation::Manual,
            max_age: None,
            last_used: LastUsed::Unknown,
            hidden: false,
        }
    }
    /// The node's class.
    pub fn class(&self) -> NodeClass {
        self.kind.class()
    }
}

/// A directed edge: "whoever controls the source can obtain or act as the target".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// credential → identity: using the credential is acting as the identity.
    Authenticates,
    /// identity → resource: access at a level; `used: false` marks over-privilege.
    Grants { permission: Permission, used: bool },
    /// identity → identity: assumption, impersonation, token exchange, federation.
    CanAssume,
    /// workload → identity: controlling the workload yields its identity.
    RunsAs,
    /// workload → credential: the workload has the secret and depends on it.
    Holds,
    /// resource → credential: read on the resource yields the credential.
    Stores,
    /// identity → workload: deploy rights, run code as the workload.
    Controls,
    /// resource → workload: a cluster or host runs the workload.
    Runs,
}

impl EdgeKind {
    /// The classes this edge kind may join, `(from, to)`.
    pub fn endpoints(self) -> (NodeClass, NodeClass) {
        use NodeClass::{Credential, Identity, Resource, Workload};
        match self {
            EdgeKind::Authenticates => (Credential, Identity),
            EdgeKind::Grants { .. } => (Identity, Resource),
            EdgeKind::CanAssume => (Identity, Identity),
            EdgeKind::RunsAs => (Workload, Identity),
            EdgeKind::Holds => (Workload, Credential),
            EdgeKind::Stores => (Resource, Credential),
            EdgeKind::Controls => (Identity, Workload),
            EdgeKind::Runs => (Resource, Workload),
        }
    }
    /// The edge word used in exports ("can-assume").
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Authenticates => "authenticates",
            EdgeKind::Grants { .. } => "grants",
            EdgeKind::CanAssume => "can-assume",
            EdgeKind::RunsAs => "runs-as",
            EdgeKind::Holds => "holds",
            EdgeKind::Stores => "stores",
            EdgeKind::Controls => "controls",
            EdgeKind::Runs => "runs",
        }
    }
    /// Whether an attacker moving along this edge gains control of the target.
    /// A `grants` edge at `none` permission gives nothing; `read` on a resource is exposure
    /// (and yields what the resource stores), so every other edge is traversable.
    pub fn traversable(self) -> bool {
        !matches!(
            self,
            EdgeKind::Grants {
                permission: Permission::None,
                ..
            }
        )
    }
}

/// A team that owns nodes, receives notifications and signs off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: String,
    /// People (by handle) who can sign off for the team.
    pub members: Vec<String>,
}
