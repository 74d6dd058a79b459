//! The trainee's command grammar: one text form shared by the TUI's command line, action
//! scripts, `expert` steps and journals.
//!
//! Parsing turns text into a typed [`Command`]; it checks the shape (verb, arguments,
//! flags, durations) but not whether ids exist: that needs an estate, and is done by the
//! scenario validator and by the engine. [`Command::references`] lists the ids a command
//! names and the class each must be, so both can check them the same way.

use std::fmt;

use drillhall_estate::{CredentialKind, IdentityKind, NodeClass, Permission, Ticks};
use serde::{Deserialize, Serialize};

use crate::values::{format_duration, parse_duration};
use drillhall_estate::word_enum as words;

words!(
    /// Incident severity for `declare-incident`.
    IncidentSeverity {
        Sev1 => "sev1",
        Sev2 => "sev2",
        Sev3 => "sev3",
        Sev4 => "sev4",
    }
);

words!(
    /// The five command families (DESIGN §5).
    Family {
        Investigate => "investigate",
        Contain => "contain",
        Recover => "recover",
        Provision => "provision",
        Govern => "govern",
    }
);

/// A trainee command, typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verb", rename_all = "kebab-case")]
pub enum Command {
    /// Show a node's attributes and edges (1 tick).
    Inspect { id: String },
    /// Read a node's audit log (5 ticks); reveals hidden holders and attacker activity.
    Logs { id: String, since: Option<Ticks> },
    /// Compute the blast radius of a node (2 ticks).
    Paths { id: String },
    /// Look up who owns a node (1 tick).
    Owners { id: String },
    /// Let time pass.
    Wait { ticks: Ticks },
    /// Kill a credential now.
    Revoke { credential: String },
    /// Issue a new version now; the old one dies when the grace ends.
    Rotate { credential: String, grace: Ticks },
    /// End every live session of an identity.
    RevokeSessions { identity: String },
    /// Disable an identity (its credentials stop working).
    Disable { identity: String },
    /// Isolate a workload: it stops running and stops being usable by an attacker.
    Quarantine { workload: String },
    /// Lower a grant to a permission (`none` removes its effect).
    ScopeDown {
        identity: String,
        resource: String,
        permission: Permission,
    },
    /// Remove a grant entirely.
    RemoveGrant { identity: String, resource: String },
    /// Restart a workload so it picks up current credential versions.
    Redeploy { workload: String },
    /// Bring a quarantined or down workload back.
    Restore { workload: String },
    /// Undo an earlier action, by its number (`#3`).
    Rollback { action: u32 },
    /// Use the emergency access of an identity (needs sign-off in supervised modes).
    BreakGlass { identity: String },
    /// End emergency access.
    EndBreakGlass { identity: String },
    /// Provision a new identity.
    CreateIdentity {
        id: String,
        kind: IdentityKind,
        owner: String,
    },
    /// Grant an identity access to a resource.
    Grant {
        identity: String,
        resource: String,
        permission: Permission,
    },
    /// Issue a new credential for an identity.
    Issue {
        credential: String,
        kind: CredentialKind,
        identity: String,
        store: Option<String>,
        ttl: Option<Ticks>,
    },
    /// Give a credential to a workload.
    Attach {
        credential: String,
        workload: String,
    },
    /// Take a credential away from a workload: it stops depending on it (a migration to a
    /// new credential ends with this, before the old one is revoked).
    Detach {
        credential: String,
        workload: String,
    },
    /// Declare an incident.
    DeclareIncident { severity: IncidentSeverity },
    /// Notify a team.
    Notify { team: String },
    /// Ask for sign-off on a command, with a rollback plan.
    RequestSignoff {
        action: Box<Command>,
        rollback: String,
    },
    /// A note for the record.
    Note { text: String },
}

/// The verbs, in the order help lists them, with their argument synopsis.
pub const VERBS: &[(&str, &str)] = &[
    ("inspect", "ID"),
    ("logs", "ID [SINCE]"),
    ("paths", "ID"),
    ("owners", "ID"),
    ("wait", "DURATION"),
    ("revoke", "CREDENTIAL"),
    ("rotate", "CREDENTIAL [--grace DURATION]"),
    ("revoke-sessions", "IDENTITY"),
    ("disable", "IDENTITY"),
    ("quarantine", "WORKLOAD"),
    ("scope-down", "IDENTITY RESOURCE PERMISSION"),
    ("remove-grant", "IDENTITY RESOURCE"),
    ("redeploy", "WORKLOAD"),
    ("restore", "WORKLOAD"),
    ("rollback", "#ACTION"),
    ("break-glass", "IDENTITY"),
    ("end-break-glass", "IDENTITY"),
    ("create-identity", "ID --kind KIND --owner TEAM"),
    ("grant", "IDENTITY RESOURCE PERMISSION"),
    (
        "issue",
        "CREDENTIAL --kind KIND --for IDENTITY [--store RESOURCE] [--ttl DURATION]",
    ),
    ("attach", "CREDENTIAL WORKLOAD"),
    ("detach", "CREDENTIAL WORKLOAD"),
    ("declare-incident", "SEV1..SEV4"),
    ("notify", "TEAM"),
    ("request-signoff", "\"COMMAND\" --rollback \"PLAN\""),
    ("note", "\"TEXT\""),
];

/// What `help VERB` says about a verb: the one source of the trainee's help text, shared by
/// the terminal UI's `help` and the command reference (time costs and the tier an example
/// has now are the engine's answers, asked on the example).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerbHelp {
    pub verb: &'static str,
    /// The argument synopsis, as in [`VERBS`].
    pub synopsis: &'static str,
    /// What the verb does, in one sentence.
    pub summary: &'static str,
    /// Each flag or optional argument and what it means.
    pub flags: &'static [(&'static str, &'static str)],
    /// How the verb's risk tier is decided.
    pub tier: &'static str,
}

const CHANGE_BY_DEPENDENTS: &str =
    "high when a running workload depends on it or it reaches a sensitive resource, else medium";

/// Help for every verb, in the order of [`VERBS`].
pub const HELP: &[VerbHelp] = &[
    VerbHelp {
        verb: "inspect",
        synopsis: "ID",
        summary: "Show a node's attributes and edges, with evidence such as when it was last used.",
        flags: &[],
        tier: "always low: it changes nothing",
    },
    VerbHelp {
        verb: "logs",
        synopsis: "ID [SINCE]",
        summary: "Read the audit log of a node: who used it, from where; reveals hidden holders and attacker activity.",
        flags: &[(
            "SINCE",
            "how far back to read, such as 30m or 2h (default: the last 24h, or since T+0 once the drill has run longer)",
        )],
        tier: "always low: it changes nothing",
    },
    VerbHelp {
        verb: "paths",
        synopsis: "ID",
        summary: "Compute the blast radius of a node: everything reachable from it, with the cheapest path to each.",
        flags: &[],
        tier: "always low: it changes nothing",
    },
    VerbHelp {
        verb: "owners",
        synopsis: "ID",
        summary: "Look up the team that owns a node and its members.",
        flags: &[],
        tier: "always low: it changes nothing",
    },
    VerbHelp {
        verb: "wait",
        synopsis: "DURATION",
        summary: "Let time pass. In the terminal UI a wait stops early for news (a high or critical alert, an outage, a sign-off answer) and says why.",
        flags: &[("--through", "terminal UI: wait the whole time, news or not")],
        tier: "none: waiting is not an action",
    },
    VerbHelp {
        verb: "revoke",
        synopsis: "CREDENTIAL",
        summary: "Kill every version of a credential now; its holders break until they get a new one.",
        flags: &[],
        tier: CHANGE_BY_DEPENDENTS,
    },
    VerbHelp {
        verb: "rotate",
        synopsis: "CREDENTIAL [--grace DURATION]",
        summary: "Issue a new version of a credential now; the old version dies when the grace window ends.",
        flags: &[(
            "--grace DURATION",
            "how long the old version keeps working, such as 15m (default 0: it dies now)",
        )],
        tier: CHANGE_BY_DEPENDENTS,
    },
    VerbHelp {
        verb: "revoke-sessions",
        synopsis: "IDENTITY",
        summary: "End every live session of an identity (an attacker's included).",
        flags: &[],
        tier: "always medium",
    },
    VerbHelp {
        verb: "disable",
        synopsis: "IDENTITY",
        summary: "Disable an identity: its credentials and sessions stop working.",
        flags: &[],
        tier: CHANGE_BY_DEPENDENTS,
    },
    VerbHelp {
        verb: "quarantine",
        synopsis: "WORKLOAD",
        summary: "Isolate a workload: it stops running and an attacker can no longer use it.",
        flags: &[],
        tier: "high for a workload of high or critical criticality, else medium",
    },
    VerbHelp {
        verb: "scope-down",
        synopsis: "IDENTITY RESOURCE PERMISSION",
        summary: "Lower an identity's grant on a resource to a smaller permission (none, read, write).",
        flags: &[],
        tier: "always medium",
    },
    VerbHelp {
        verb: "remove-grant",
        synopsis: "IDENTITY RESOURCE",
        summary: "Remove an identity's grant on a resource entirely.",
        flags: &[],
        tier: "always medium",
    },
    VerbHelp {
        verb: "redeploy",
        synopsis: "WORKLOAD",
        summary: "Restart a workload so it picks up the current versions of its credentials.",
        flags: &[],
        tier: "always low",
    },
    VerbHelp {
        verb: "restore",
        synopsis: "WORKLOAD",
        summary: "Bring a quarantined or down workload back.",
        flags: &[],
        tier: "always low",
    },
    VerbHelp {
        verb: "rollback",
        synopsis: "#ACTION",
        summary: "Undo one of your earlier actions, by its number (#3).",
        flags: &[],
        tier: "always medium",
    },
    VerbHelp {
        verb: "break-glass",
        synopsis: "IDENTITY",
        summary: "Use an identity's emergency admin access.",
        flags: &[],
        tier: "always high (emergency admin access)",
    },
    VerbHelp {
        verb: "end-break-glass",
        synopsis: "IDENTITY",
        summary: "End emergency access through an identity.",
        flags: &[],
        tier: "always low",
    },
    VerbHelp {
        verb: "create-identity",
        synopsis: "ID --kind KIND --owner TEAM",
        summary: "Provision a new identity with a new id.",
        flags: &[
            (
                "--kind KIND",
                "service-account, role, oauth-app, github-app, bot-user, agent-identity, human-user",
            ),
            ("--owner TEAM", "the team that owns it"),
        ],
        tier: "always medium",
    },
    VerbHelp {
        verb: "grant",
        synopsis: "IDENTITY RESOURCE PERMISSION",
        summary: "Give an identity a permission (read, write, admin) on a resource.",
        flags: &[],
        tier: "always medium",
    },
    VerbHelp {
        verb: "issue",
        synopsis: "CREDENTIAL --kind KIND --for IDENTITY [--store RESOURCE] [--ttl DURATION]",
        summary: "Issue a new credential, with a new id, for an identity.",
        flags: &[
            (
                "--kind KIND",
                "api-token, access-key, client-secret, private-key, ssh-key, pat, refresh-token, signing-key, password",
            ),
            ("--for IDENTITY", "the identity it authenticates as"),
            (
                "--store RESOURCE",
                "the secret store that keeps it (optional)",
            ),
            ("--ttl DURATION", "it expires after this long (optional)"),
        ],
        tier: "always medium",
    },
    VerbHelp {
        verb: "attach",
        synopsis: "CREDENTIAL WORKLOAD",
        summary: "Give a credential to a workload, which starts depending on it.",
        flags: &[],
        tier: "always medium",
    },
    VerbHelp {
        verb: "detach",
        synopsis: "CREDENTIAL WORKLOAD",
        summary: "Take a credential away from a workload (the end of a migration, before revoking the old one).",
        flags: &[],
        tier: "always medium",
    },
    VerbHelp {
        verb: "declare-incident",
        synopsis: "SEV1..SEV4",
        summary: "Declare an incident at a severity.",
        flags: &[],
        tier: "always low",
    },
    VerbHelp {
        verb: "notify",
        synopsis: "TEAM",
        summary: "Notify a team (the owners of what you are about to change).",
        flags: &[],
        tier: "always low",
    },
    VerbHelp {
        verb: "request-signoff",
        synopsis: "\"COMMAND\" --rollback \"PLAN\"",
        summary: "Ask a reviewer to approve a command, with a plan to undo it; the command runs when approved.",
        flags: &[(
            "--rollback \"PLAN\"",
            "how you would undo it: reviewers reject requests without one",
        )],
        tier: "the request is low; the reviewer weighs the command's own tier",
    },
    VerbHelp {
        verb: "note",
        synopsis: "\"TEXT\"",
        summary: "Write a note for the record (your reasoning, for the debrief).",
        flags: &[],
        tier: "always low",
    },
];

impl VerbHelp {
    /// The usage line, `usage: rotate CREDENTIAL [--grace DURATION]`.
    pub fn usage(&self) -> String {
        format!("usage: {} {}", self.verb, self.synopsis)
    }
}

/// The help of a verb, if it is one.
pub fn help(verb: &str) -> Option<&'static VerbHelp> {
    HELP.iter().find(|h| h.verb == verb)
}

/// What a reference in a command must name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    /// Any node of the estate.
    AnyNode,
    /// A node of this class.
    Node(NodeClass),
    /// A team.
    Team,
    /// A new id that must not exist yet.
    NewNode,
}

/// A command that could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub message: String,
    /// 0-based character offset in the command text where the problem is.
    pub offset: usize,
    /// A suggestion for an unknown verb or flag.
    pub suggestion: Option<String>,
}

impl CommandError {
    fn at(offset: usize, message: impl Into<String>) -> Self {
        CommandError {
            message: message.into(),
            offset,
            suggestion: None,
        }
    }
}

#[derive(Debug)]
struct Token {
    text: String,
    offset: usize,
    /// Written in quotes: never a flag, whatever it starts with (`note "--force"`).
    quoted: bool,
}

impl Token {
    fn is_flag(&self) -> bool {
        !self.quoted && self.text.starts_with("--") && self.text.len() > 2
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, CommandError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '"' || c == '\'' {
            chars.next();
            let mut s = String::new();
            let mut closed = false;
            while let Some((_, d)) = chars.next() {
                if d == '\\' {
                    if let Some((_, e)) = chars.next() {
                        s.push(e);
                    }
                } else if d == c {
                    closed = true;
                    break;
                } else {
                    s.push(d);
                }
            }
            if !closed {
                return Err(CommandError::at(i, format!("unclosed quote {c}")));
            }
            out.push(Token {
                text: s,
                offset: i,
                quoted: true,
            });
        } else {
            let mut s = String::new();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_whitespace() {
                    break;
                }
                if d == '"' {
                    // `--rollback a"b` would read back differently once written out: where
                    // a quoted text ends is where a stated `@80%` starts to count.
                    return Err(CommandError::at(
                        j,
                        "a double quote inside a word: quote the whole value, as in \"a b\"",
                    ));
                }
                s.push(d);
                chars.next();
            }
            out.push(Token {
                text: s,
                offset: i,
                quoted: false,
            });
        }
    }
    Ok(out)
}

/// The longest word "did you mean" compares: no id or verb is longer, and it keeps a
/// 20-million-character unknown id from costing more than a length check.
pub const MAX_SUGGESTED_LEN: usize = 256;

/// Edit distance for "did you mean" suggestions, bounded: exact (Levenshtein, by `strsim`)
/// when both words are at most [`MAX_SUGGESTED_LEN`] characters and their lengths differ by
/// at most 8; otherwise a lower bound (the length difference, or `usize::MAX` for an
/// over-long word), which is all a suggestion needs to reject the pair without work.
pub fn edit_distance(a: &str, b: &str) -> usize {
    // Byte lengths bound the character counts from above, so this costs nothing on huge text.
    if a.len() > 4 * MAX_SUGGESTED_LEN || b.len() > 4 * MAX_SUGGESTED_LEN {
        return usize::MAX;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la > MAX_SUGGESTED_LEN || lb > MAX_SUGGESTED_LEN {
        return usize::MAX;
    }
    let gap = la.abs_diff(lb);
    if gap > 8 {
        return gap;
    }
    strsim::levenshtein(a, b)
}

/// The closest candidate within a distance that scales with the word's length, if any.
/// Ties go to the earliest candidate, so suggestions are deterministic.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1) + 1;
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(word, c);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

struct Args {
    verb: String,
    positional: Vec<Token>,
    flags: Vec<(Token, Option<Token>)>,
    end: usize,
}

impl Args {
    fn take(&mut self, name: &str) -> Result<Token, CommandError> {
        if self.positional.is_empty() {
            return Err(CommandError::at(
                self.end,
                format!("`{}` needs {name}", self.verb),
            ));
        }
        Ok(self.positional.remove(0))
    }
    fn take_opt(&mut self) -> Option<Token> {
        (!self.positional.is_empty()).then(|| self.positional.remove(0))
    }
    fn flag(&mut self, name: &str) -> Result<Option<Token>, CommandError> {
        let Some(i) = self.flags.iter().position(|(f, _)| f.text == name) else {
            return Ok(None);
        };
        let (f, v) = self.flags.remove(i);
        match v {
            Some(v) => Ok(Some(v)),
            None => Err(CommandError::at(
                f.offset,
                format!("`{name}` needs a value"),
            )),
        }
    }
    fn finish(self, allowed: &[&str]) -> Result<(), CommandError> {
        if let Some(extra) = self.positional.first() {
            return Err(CommandError::at(
                extra.offset,
                format!("`{}` takes no argument `{}` here", self.verb, extra.text),
            ));
        }
        if let Some((f, _)) = self.flags.first() {
            let mut e = CommandError::at(
                f.offset,
                format!("`{}` has no flag `{}`", self.verb, f.text),
            );
            e.suggestion = closest(&f.text, allowed.iter().copied()).map(str::to_owned);
            return Err(e);
        }
        Ok(())
    }
}

/// The longest duration a command takes (`wait`, `--grace`, `--ttl`, a `logs` window): a
/// year. Bounding them here is what keeps every sum the engine forms with the clock far
/// from overflowing, whatever a trainee types.
pub const MAX_COMMAND_DURATION: Ticks = 366 * 24 * 60;

fn duration_arg(t: &Token) -> Result<Ticks, CommandError> {
    let ticks = parse_duration(&t.text).ok_or_else(|| {
        CommandError::at(
            t.offset,
            format!(
                "expected a duration such as `20m` or `2h`, found `{}`",
                t.text
            ),
        )
    })?;
    if ticks > MAX_COMMAND_DURATION {
        return Err(CommandError::at(
            t.offset,
            format!(
                "`{}` is longer than a command accepts: at most {}",
                t.text,
                format_duration(MAX_COMMAND_DURATION)
            ),
        ));
    }
    Ok(ticks)
}

fn permission_arg(t: &Token) -> Result<Permission, CommandError> {
    Permission::parse(&t.text).ok_or_else(|| {
        CommandError::at(
            t.offset,
            format!(
                "expected a permission (none, read, write, admin), found `{}`",
                t.text
            ),
        )
    })
}

impl Command {
    /// Parses one command line.
    pub fn parse(text: &str) -> Result<Command, CommandError> {
        let tokens = tokenize(text)?;
        let mut it = tokens.into_iter();
        let Some(verb) = it.next() else {
            return Err(CommandError::at(
                0,
                "empty command: type a verb such as `inspect`",
            ));
        };
        let mut positional = Vec::new();
        let mut flags = Vec::new();
        let mut rest = it.peekable();
        while let Some(t) = rest.next() {
            if t.is_flag() {
                let value = rest.next_if(|v| !v.is_flag());
                flags.push((t, value));
            } else {
                positional.push(t);
            }
        }
        let mut a = Args {
            verb: verb.text.clone(),
            positional,
            flags,
            end: text.chars().count(),
        };
        let cmd = match verb.text.as_str() {
            "inspect" => Command::Inspect {
                id: a.take("an id")?.text,
            },
            "logs" => {
                let id = a.take("an id")?.text;
                let since = a.take_opt().map(|t| duration_arg(&t)).transpose()?;
                Command::Logs { id, since }
            }
            "paths" => Command::Paths {
                id: a.take("an id")?.text,
            },
            "owners" => Command::Owners {
                id: a.take("an id")?.text,
            },
            "wait" => {
                let t = a.take("a duration")?;
                let ticks = duration_arg(&t)?;
                if ticks == 0 {
                    return Err(CommandError::at(t.offset, "`wait` needs at least 1m"));
                }
                Command::Wait { ticks }
            }
            "revoke" => Command::Revoke {
                credential: a.take("a credential")?.text,
            },
            "rotate" => {
                let credential = a.take("a credential")?.text;
                let grace = a.flag("--grace")?.map(|t| duration_arg(&t)).transpose()?;
                a.finish(&["--grace"])?;
                return Ok(Command::Rotate {
                    credential,
                    grace: grace.unwrap_or(0),
                });
            }
            "revoke-sessions" => Command::RevokeSessions {
                identity: a.take("an identity")?.text,
            },
            "disable" => Command::Disable {
                identity: a.take("an identity")?.text,
            },
            "quarantine" => Command::Quarantine {
                workload: a.take("a workload")?.text,
            },
            "scope-down" => {
                let identity = a.take("an identity")?.text;
                let resource = a.take("a resource")?.text;
                let permission = permission_arg(&a.take("a permission")?)?;
                Command::ScopeDown {
                    identity,
                    resource,
                    permission,
                }
            }
            "remove-grant" => Command::RemoveGrant {
                identity: a.take("an identity")?.text,
                resource: a.take("a resource")?.text,
            },
            "redeploy" => Command::Redeploy {
                workload: a.take("a workload")?.text,
            },
            "restore" => Command::Restore {
                workload: a.take("a workload")?.text,
            },
            "rollback" => {
                let t = a.take("an action number such as `#3`")?;
                let n = t.text.trim_start_matches('#');
                let action = n.parse::<u32>().ok().filter(|&x| x > 0).ok_or_else(|| {
                    CommandError::at(
                        t.offset,
                        format!("expected an action number such as `#3`, found `{}`", t.text),
                    )
                })?;
                Command::Rollback { action }
            }
            "break-glass" => Command::BreakGlass {
                identity: a.take("an identity")?.text,
            },
            "end-break-glass" => Command::EndBreakGlass {
                identity: a.take("an identity")?.text,
            },
            "create-identity" => {
                let id = a.take("a new id")?.text;
                let kt = a.flag("--kind")?.ok_or_else(|| {
                    CommandError::at(a.end, "`create-identity` needs `--kind KIND`")
                })?;
                let kind = IdentityKind::parse(&kt.text).ok_or_else(|| {
                    let mut e =
                        CommandError::at(kt.offset, format!("unknown identity kind `{}`", kt.text));
                    e.suggestion = closest(&kt.text, IdentityKind::ALL.iter().map(|k| k.as_str()))
                        .map(str::to_owned);
                    e
                })?;
                let owner = a
                    .flag("--owner")?
                    .ok_or_else(|| {
                        CommandError::at(a.end, "`create-identity` needs `--owner TEAM`")
                    })?
                    .text;
                a.finish(&["--kind", "--owner"])?;
                return Ok(Command::CreateIdentity { id, kind, owner });
            }
            "grant" => {
                let identity = a.take("an identity")?.text;
                let resource = a.take("a resource")?.text;
                let permission = permission_arg(&a.take("a permission")?)?;
                Command::Grant {
                    identity,
                    resource,
                    permission,
                }
            }
            "issue" => {
                let credential = a.take("a new credential id")?.text;
                let kt = a
                    .flag("--kind")?
                    .ok_or_else(|| CommandError::at(a.end, "`issue` needs `--kind KIND`"))?;
                let kind = CredentialKind::parse(&kt.text).ok_or_else(|| {
                    let mut e = CommandError::at(
                        kt.offset,
                        format!("unknown credential kind `{}`", kt.text),
                    );
                    e.suggestion =
                        closest(&kt.text, CredentialKind::ALL.iter().map(|k| k.as_str()))
                            .map(str::to_owned);
                    e
                })?;
                let identity = a
                    .flag("--for")?
                    .ok_or_else(|| CommandError::at(a.end, "`issue` needs `--for IDENTITY`"))?
                    .text;
                let store = a.flag("--store")?.map(|t| t.text);
                let ttl = a.flag("--ttl")?.map(|t| duration_arg(&t)).transpose()?;
                a.finish(&["--kind", "--for", "--store", "--ttl"])?;
                return Ok(Command::Issue {
                    credential,
                    kind,
                    identity,
                    store,
                    ttl,
                });
            }
            "attach" => Command::Attach {
                credential: a.take("a credential")?.text,
                workload: a.take("a workload")?.text,
            },
            "detach" => Command::Detach {
                credential: a.take("a credential")?.text,
                workload: a.take("a workload")?.text,
            },
            "declare-incident" => {
                let t = a.take("a severity (sev1..sev4)")?;
                let severity =
                    IncidentSeverity::parse(&t.text.to_ascii_lowercase()).ok_or_else(|| {
                        CommandError::at(
                            t.offset,
                            format!(
                                "expected a severity sev1, sev2, sev3 or sev4, found `{}`",
                                t.text
                            ),
                        )
                    })?;
                Command::DeclareIncident { severity }
            }
            "notify" => Command::Notify {
                team: a.take("a team")?.text,
            },
            "request-signoff" => {
                let t = a.take("the command to sign off, in quotes")?;
                let inner = Command::parse(&t.text).map_err(|e| {
                    CommandError::at(
                        t.offset + 1 + e.offset,
                        format!("in the command to sign off: {}", e.message),
                    )
                })?;
                if matches!(inner, Command::RequestSignoff { .. }) {
                    return Err(CommandError::at(
                        t.offset,
                        "a sign-off request cannot ask for another sign-off",
                    ));
                }
                let rollback = a
                    .flag("--rollback")?
                    .ok_or_else(|| {
                        CommandError::at(
                            a.end,
                            "`request-signoff` needs `--rollback \"PLAN\"`: reviewers reject requests without a way back",
                        )
                    })?
                    .text;
                a.finish(&["--rollback"])?;
                return Ok(Command::RequestSignoff {
                    action: Box::new(inner),
                    rollback,
                });
            }
            "note" => {
                let mut words = Vec::new();
                while let Some(t) = a.take_opt() {
                    words.push(t.text);
                }
                if words.is_empty() {
                    return Err(CommandError::at(a.end, "`note` needs some text"));
                }
                Command::Note {
                    text: words.join(" "),
                }
            }
            other => {
                let mut e = CommandError::at(verb.offset, format!("unknown command `{other}`"));
                e.suggestion = closest(other, VERBS.iter().map(|(v, _)| *v)).map(str::to_owned);
                return Err(e);
            }
        };
        a.finish(&[])?;
        Ok(cmd)
    }

    /// The verb word.
    pub fn verb(&self) -> &'static str {
        match self {
            Command::Inspect { .. } => "inspect",
            Command::Logs { .. } => "logs",
            Command::Paths { .. } => "paths",
            Command::Owners { .. } => "owners",
            Command::Wait { .. } => "wait",
            Command::Revoke { .. } => "revoke",
            Command::Rotate { .. } => "rotate",
            Command::RevokeSessions { .. } => "revoke-sessions",
            Command::Disable { .. } => "disable",
            Command::Quarantine { .. } => "quarantine",
            Command::ScopeDown { .. } => "scope-down",
            Command::RemoveGrant { .. } => "remove-grant",
            Command::Redeploy { .. } => "redeploy",
            Command::Restore { .. } => "restore",
            Command::Rollback { .. } => "rollback",
            Command::BreakGlass { .. } => "break-glass",
            Command::EndBreakGlass { .. } => "end-break-glass",
            Command::CreateIdentity { .. } => "create-identity",
            Command::Grant { .. } => "grant",
            Command::Issue { .. } => "issue",
            Command::Attach { .. } => "attach",
            Command::Detach { .. } => "detach",
            Command::DeclareIncident { .. } => "declare-incident",
            Command::Notify { .. } => "notify",
            Command::RequestSignoff { .. } => "request-signoff",
            Command::Note { .. } => "note",
        }
    }

    /// The command's family.
    pub fn family(&self) -> Family {
        match self {
            Command::Inspect { .. }
            | Command::Logs { .. }
            | Command::Paths { .. }
            | Command::Owners { .. }
            | Command::Wait { .. } => Family::Investigate,
            Command::Revoke { .. }
            | Command::Rotate { .. }
            | Command::RevokeSessions { .. }
            | Command::Disable { .. }
            | Command::Quarantine { .. }
            | Command::ScopeDown { .. }
            | Command::RemoveGrant { .. } => Family::Contain,
            Command::Redeploy { .. }
            | Command::Restore { .. }
            | Command::Rollback { .. }
            | Command::BreakGlass { .. }
            | Command::EndBreakGlass { .. } => Family::Recover,
            Command::CreateIdentity { .. }
            | Command::Grant { .. }
            | Command::Issue { .. }
            | Command::Attach { .. }
            | Command::Detach { .. } => Family::Provision,
            Command::DeclareIncident { .. }
            | Command::Notify { .. }
            | Command::RequestSignoff { .. }
            | Command::Note { .. } => Family::Govern,
        }
    }

    /// The ids this command names, each with what it must be. A command that provisions a
    /// new id lists it as [`RefKind::NewNode`].
    pub fn references(&self) -> Vec<(&str, RefKind)> {
        use NodeClass::{Credential, Identity, Resource, Workload};
        let n = RefKind::Node;
        match self {
            Command::Inspect { id }
            | Command::Logs { id, .. }
            | Command::Paths { id }
            | Command::Owners { id } => vec![(id, RefKind::AnyNode)],
            Command::Revoke { credential } | Command::Rotate { credential, .. } => {
                vec![(credential, n(Credential))]
            }
            Command::RevokeSessions { identity }
            | Command::Disable { identity }
            | Command::BreakGlass { identity }
            | Command::EndBreakGlass { identity } => vec![(identity, n(Identity))],
            Command::Quarantine { workload }
            | Command::Redeploy { workload }
            | Command::Restore { workload } => vec![(workload, n(Workload))],
            Command::ScopeDown {
                identity, resource, ..
            }
            | Command::RemoveGrant { identity, resource }
            | Command::Grant {
                identity, resource, ..
            } => vec![(identity, n(Identity)), (resource, n(Resource))],
            Command::CreateIdentity { id, owner, .. } => {
                vec![(id, RefKind::NewNode), (owner, RefKind::Team)]
            }
            Command::Issue {
                credential,
                identity,
                store,
                ..
            } => {
                let mut v = vec![
                    (credential.as_str(), RefKind::NewNode),
                    (identity, n(Identity)),
                ];
                if let Some(s) = store {
                    v.push((s, n(Resource)));
                }
                v
            }
            Command::Attach {
                credential,
                workload,
            }
            | Command::Detach {
                credential,
                workload,
            } => vec![(credential, n(Credential)), (workload, n(Workload))],
            Command::Notify { team } => vec![(team, RefKind::Team)],
            Command::RequestSignoff { action, .. } => action.references(),
            Command::Wait { .. }
            | Command::Rollback { .. }
            | Command::DeclareIncident { .. }
            | Command::Note { .. } => vec![],
        }
    }
}

fn quote(s: &str) -> String {
    let simple = !s.is_empty()
        && !s.starts_with("--")
        && s.chars()
            .all(|c| !c.is_whitespace() && c != '"' && c != '\'' && c != '\\');
    if simple {
        s.to_owned()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

impl fmt::Display for Command {
    /// The canonical text form; `Command::parse(&c.to_string()) == Ok(c)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.verb();
        match self {
            Command::Inspect { id } | Command::Paths { id } | Command::Owners { id } => {
                write!(f, "{v} {}", quote(id))
            }
            Command::Logs { id, since } => {
                write!(f, "{v} {}", quote(id))?;
                if let Some(s) = since {
                    write!(f, " {}", format_duration(*s))?;
                }
                Ok(())
            }
            Command::Wait { ticks } => write!(f, "{v} {}", format_duration(*ticks)),
            Command::Revoke { credential } => write!(f, "{v} {}", quote(credential)),
            Command::Rotate { credential, grace } => {
                write!(f, "{v} {}", quote(credential))?;
                if *grace > 0 {
                    write!(f, " --grace {}", format_duration(*grace))?;
                }
                Ok(())
            }
            Command::RevokeSessions { identity }
            | Command::Disable { identity }
            | Command::BreakGlass { identity }
            | Command::EndBreakGlass { identity } => write!(f, "{v} {}", quote(identity)),
            Command::Quarantine { workload }
            | Command::Redeploy { workload }
            | Command::Restore { workload } => write!(f, "{v} {}", quote(workload)),
            Command::ScopeDown {
                identity,
                resource,
                permission,
            }
            | Command::Grant {
                identity,
                resource,
                permission,
            } => write!(
                f,
                "{v} {} {} {permission}",
                quote(identity),
                quote(resource)
            ),
            Command::RemoveGrant { identity, resource } => {
                write!(f, "{v} {} {}", quote(identity), quote(resource))
            }
            Command::Rollback { action } => write!(f, "{v} #{action}"),
            Command::CreateIdentity { id, kind, owner } => {
                write!(
                    f,
                    "{v} {} --kind {kind} --owner {}",
                    quote(id),
                    quote(owner)
                )
            }
            Command::Issue {
                credential,
                kind,
                identity,
                store,
                ttl,
            } => {
                write!(
                    f,
                    "{v} {} --kind {kind} --for {}",
                    quote(credential),
                    quote(identity)
                )?;
                if let Some(s) = store {
                    write!(f, " --store {}", quote(s))?;
                }
                if let Some(t) = ttl {
                    write!(f, " --ttl {}", format_duration(*t))?;
                }
                Ok(())
            }
            Command::Attach {
                credential,
                workload,
            }
            | Command::Detach {
                credential,
                workload,
            } => write!(f, "{v} {} {}", quote(credential), quote(workload)),
            Command::DeclareIncident { severity } => write!(f, "{v} {severity}"),
            Command::Notify { team } => write!(f, "{v} {}", quote(team)),
            Command::RequestSignoff { action, rollback } => write!(
                f,
                "{v} {} --rollback {}",
                quote(&action.to_string()),
                quote(rollback)
            ),
            Command::Note { text } => write!(f, "{v} {}", quote(text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_double_quote_inside_a_word_is_refused_so_every_accepted_command_reads_back_the_same() {
        let e = Command::parse("request-signoff \"rotate tok\" --rollback a\"").unwrap_err();
        assert!(e.to_string().contains("quote the whole value"), "{e}");
        let ok = Command::parse("request-signoff \"rotate tok\" --rollback \"a\\\"\"").unwrap();
        assert_eq!(Command::parse(&ok.to_string()).unwrap(), ok);
    }

    #[test]
    fn a_duration_past_a_year_is_refused_in_every_command_that_takes_one() {
        for line in [
            "wait 18446744073709551615",
            "rotate tok --grace 18446744073709551615",
            "rotate tok --grace 367d",
            "logs tok 400d",
            "issue tok-x --kind api-token --for sa-x --ttl 99999999999m",
        ] {
            let e = Command::parse(line).expect_err(line);
            assert!(
                e.message.contains("at most") || e.message.contains("expected a duration"),
                "{line}: {}",
                e.message
            );
        }
        assert!(Command::parse("wait 366d").is_ok());
        assert!(Command::parse("rotate tok --grace 366d").is_ok());
    }

    #[test]
    fn a_quoted_value_starting_with_dashes_is_a_value_not_a_flag() {
        for c in [
            Command::RequestSignoff {
                action: Box::new(Command::Disable {
                    identity: "sa-deployer".into(),
                }),
                rollback: "-- re-enable sa-deployer".into(),
            },
            Command::Note {
                text: "--rollback is what I would do".into(),
            },
        ] {
            let text = c.to_string();
            assert_eq!(Command::parse(&text).as_ref(), Ok(&c), "{text}");
        }
    }

    #[test]
    fn every_verb_round_trips_through_its_text_form() {
        let lines = [
            "inspect tok-deploy",
            "logs tok-deploy 2h",
            "paths sa-deployer",
            "owners prod-db",
            "wait 15m",
            "revoke tok-deploy",
            "rotate tok-deploy --grace 20m",
            "rotate tok-deploy",
            "revoke-sessions sa-deployer",
            "disable sa-deployer",
            "quarantine ci-deployer",
            "scope-down sa-deployer prod-db none",
            "remove-grant sa-deployer prod-db",
            "redeploy ci-deployer",
            "restore ci-deployer",
            "rollback #3",
            "break-glass admin-bg",
            "end-break-glass admin-bg",
            "create-identity sa-new --kind service-account --owner platform",
            "grant sa-new prod-db read",
            "issue tok-new --kind api-token --for sa-new --store vault --ttl 1d",
            "attach tok-new ci-deployer",
            "detach tok-deploy ci-deployer",
            "declare-incident sev2",
            "notify platform",
            "request-signoff \"revoke tok-deploy\" --rollback \"re-issue from vault\"",
            "note \"release-bot holds the token too\"",
        ];
        for line in lines {
            let c = Command::parse(line).unwrap_or_else(|e| panic!("{line}: {e}"));
            assert_eq!(c.to_string(), line, "canonical form of {line}");
            assert_eq!(Command::parse(&c.to_string()), Ok(c));
        }
        assert_eq!(lines.len(), VERBS.len() + 1, "every verb is covered");
    }

    #[test]
    fn every_verb_has_help_with_its_synopsis_and_every_flag_explained() {
        assert_eq!(HELP.len(), VERBS.len());
        for (h, (verb, synopsis)) in HELP.iter().zip(VERBS) {
            assert_eq!(
                (h.verb, h.synopsis),
                (*verb, *synopsis),
                "same order as VERBS"
            );
            assert!(!h.summary.is_empty() && !h.tier.is_empty(), "{verb}");
            for word in synopsis
                .split_whitespace()
                .filter(|w| w.starts_with("[--") || w.starts_with("--"))
            {
                let flag = word.trim_matches(|c| c == '[' || c == ']');
                assert!(
                    h.flags.iter().any(|(f, _)| f.starts_with(flag)),
                    "`{verb}` does not explain {flag}"
                );
            }
        }
        assert_eq!(
            help("rotate").map(VerbHelp::usage).as_deref(),
            Some("usage: rotate CREDENTIAL [--grace DURATION]")
        );
        assert!(help("rotat").is_none());
    }

    #[test]
    fn the_kind_flags_list_every_kind_the_grammar_takes() {
        let (identity, credential) = (help("create-identity").unwrap(), help("issue").unwrap());
        for k in IdentityKind::ALL {
            assert!(identity.flags[0].1.contains(k.as_str()), "{}", k.as_str());
        }
        for k in CredentialKind::ALL {
            assert!(credential.flags[0].1.contains(k.as_str()), "{}", k.as_str());
        }
    }

    #[test]
    fn a_misspelt_verb_gets_a_suggestion() {
        let e = Command::parse("rotat tok-deploy").unwrap_err();
        assert_eq!(e.message, "unknown command `rotat`");
        assert_eq!(e.suggestion.as_deref(), Some("rotate"));
        assert_eq!(e.offset, 0);
    }

    #[test]
    fn missing_arguments_and_bad_values_are_explained() {
        assert_eq!(
            Command::parse("revoke").unwrap_err().message,
            "`revoke` needs a credential"
        );
        let e = Command::parse("rotate tok --grace soon").unwrap_err();
        assert_eq!(e.offset, 19);
        let e = Command::parse("rotate tok --gracе 5m --grase 5m").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("--grace"));
        assert!(Command::parse("scope-down a b everything").is_err());
        assert!(Command::parse("inspect a b").is_err());
        assert!(Command::parse("request-signoff \"revoke a\"").is_err());
        assert!(Command::parse("note \"unclosed").is_err());
        assert!(Command::parse("").is_err());
        assert!(Command::parse("wait 0").is_err());
    }

    #[test]
    fn references_say_what_each_id_must_be() {
        let c = Command::parse("scope-down sa-x db-y read").unwrap();
        assert_eq!(
            c.references(),
            vec![
                ("sa-x", RefKind::Node(NodeClass::Identity)),
                ("db-y", RefKind::Node(NodeClass::Resource))
            ]
        );
    }
}
