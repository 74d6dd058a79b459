//! Semantic validation: everything a well-formed file can still get wrong, reported all at
//! once, each problem at the value that causes it.
//!
//! The checks: the envelope (`apiVersion`, `kind`), ids (kebab-case, unique across nodes,
//! teams, injects and objectives), every reference (it resolves, and to the right class of
//! node), the fields each inject and objective kind needs or must not carry, times within the
//! drill, and the expert and known-bad responses (each command parses and names what exists).
//!
//! Ids live in one hashed table of `u32` indices ([`IdIndex`], the estate's own) over the
//! borrowed text, so each reference is resolved once, in O(1); the estate's references come
//! out as resolved `(from, to)` index pairs ([`Resolved`]) that the builder turns into edges
//! without looking any id up again. "did you mean" is computed only when a reference fails,
//! over the ids of the wanted class whose length is close, within a fixed total budget.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};

use foldhash::fast::FixedState;

use drillhall_estate::{EdgeKind, IdIndex, NodeClass, Ticks};

use crate::Diagnostic;
use crate::command::{Command, RefKind, VERBS, closest, edit_distance};
use crate::format::{InjectKind, InjectSpec, ObjectiveSpec, ScenarioFile, StepSpec};
use crate::load::{Limits, word_list, word_list_all};
use crate::outline::{Node, Seg};
use crate::values::{At, Id, IdList, Loc, format_duration};

/// How many edit distances "did you mean" may compute in one validation, so that a file with
/// thousands of broken references into a huge estate still validates quickly.
const SUGGESTION_BUDGET: usize = 200_000;

/// Checks a parsed scenario and returns every problem found, in no particular order.
/// `text` is the source the file was read from (for locations inside quoted commands and
/// of keys the typed format does not locate).
pub fn validate(name: &str, text: &str, file: &ScenarioFile) -> Vec<Diagnostic> {
    validate_resolved(name, text, file).0
}

/// The estate's references resolved to node indices (declaration order: workloads,
/// identities, credentials, resources), as edges in the builder's fixed order. Complete only
/// when validation found nothing.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    /// Per workload: `runs_as`, then `holds`.
    pub(crate) workloads: Vec<(u32, u32, EdgeKind)>,
    /// Per credential: `authenticates`.
    pub(crate) credentials: Vec<(u32, u32, EdgeKind)>,
    /// Per identity: `can_assume`, then `controls`.
    pub(crate) identities: Vec<(u32, u32, EdgeKind)>,
    /// Per grant.
    pub(crate) grants: Vec<(u32, u32, EdgeKind)>,
    /// Per resource: `stores`, then `runs`.
    pub(crate) resources: Vec<(u32, u32, EdgeKind)>,
}

impl Resolved {
    /// Every edge, in the builder's order.
    pub(crate) fn edges(&self) -> impl Iterator<Item = (u32, u32, EdgeKind)> + '_ {
        self.workloads
            .iter()
            .chain(&self.credentials)
            .chain(&self.identities)
            .chain(&self.grants)
            .chain(&self.resources)
            .copied()
    }

    /// Number of edges.
    pub(crate) fn len(&self) -> usize {
        self.workloads.len()
            + self.credentials.len()
            + self.identities.len()
            + self.grants.len()
            + self.resources.len()
    }
}

/// [`validate`], also returning the estate's references resolved (meaningful only when there
/// are no diagnostics).
pub(crate) fn validate_resolved(
    name: &str,
    text: &str,
    file: &ScenarioFile,
) -> (Vec<Diagnostic>, Resolved) {
    let mut v = Validator::new(name, text, file);
    v.envelope();
    v.define_ids();
    v.estate();
    v.injects();
    v.adversary_and_detections();
    v.responses();
    v.objectives();
    v.hints_scoring_expect();
    v.upper_bounds();
    (v.out, v.resolved)
}

/// The longest drill: a week of simulated minutes. Nothing that validates runs for hours.
pub const MAX_DURATION_TICKS: u64 = 7 * 24 * 60;
/// The most seeds `expect.seeds` may name (`check` plays every one).
pub const MAX_EXPECT_SEEDS: u64 = 10_000;
/// The largest hint penalty: a score is out of 100.
pub const MAX_HINT_PENALTY: u32 = 100;
/// The longest period or start of a workload's `schedule`, and the latest `until` of a noise
/// inject: a year, as for a command's durations. A month-end job (`every: 30d`) is
/// written as it runs; arithmetic on run times stays far from overflow.
pub const MAX_SCHEDULE_TICKS: u64 = crate::command::MAX_COMMAND_DURATION;
/// The fastest noise: one benign alert a minute (`60/h`), so a week-long drill holds at most
/// 10,080 of them.
pub const MAX_NOISE_PER_HOUR: u64 = 60;
/// The largest weight of one scored dimension.
pub const MAX_SCORING_WEIGHT: u32 = 1_000;
/// The largest sum of the scoring weights (they are normalised, so only their ratios count).
pub const MAX_SCORING_SUM: u64 = 1_000;

/// What an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    Node(NodeClass),
    Team,
    Inject,
    Objective,
}

impl What {
    fn article_noun(self) -> &'static str {
        match self {
            What::Node(NodeClass::Workload) => "a workload",
            What::Node(NodeClass::Identity) => "an identity",
            What::Node(NodeClass::Credential) => "a credential",
            What::Node(NodeClass::Resource) => "a resource",
            What::Team => "a team",
            What::Inject => "an inject",
            What::Objective => "an objective",
        }
    }
    fn noun(self) -> &'static str {
        match self {
            What::Node(c) => c.as_str(),
            What::Team => "team",
            What::Inject => "inject",
            What::Objective => "objective",
        }
    }
}

/// What a reference must name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    Class(NodeClass),
    AnyNode,
    Team,
}

impl Want {
    fn accepts(self, what: What) -> bool {
        match (self, what) {
            (Want::Class(c), What::Node(d)) => c == d,
            (Want::AnyNode, What::Node(_)) | (Want::Team, What::Team) => true,
            _ => false,
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Def {
    what: What,
    loc: Loc,
}

/// Every defined id: a hashed index over the definitions, in definition order.
#[derive(Default)]
struct Ids<'a> {
    index: IdIndex,
    defs: Vec<(&'a str, Def)>,
}

impl<'a> Ids<'a> {
    fn with_capacity(n: usize) -> Self {
        Ids {
            index: IdIndex::with_capacity(n),
            defs: Vec::with_capacity(n),
        }
    }

    /// The definition of `id` and its position among the definitions.
    // The index holds positions in `defs` only: indexing them is the id table's hot path.
    #[allow(clippy::indexing_slicing)]
    fn get(&self, id: &str) -> Option<(u32, Def)> {
        let defs = &self.defs;
        let i = self.index.find(id, |i| defs[i as usize].0)?;
        Some((i, defs[i as usize].1))
    }

    /// Defines `id`, or returns its earlier definition.
    #[allow(clippy::indexing_slicing)] // as in `get`: positions the index gave out
    fn insert(&mut self, id: &'a str, def: Def) -> Result<(), Def> {
        let at = self.defs.len() as u32;
        let defs = &self.defs;
        // The new definition is not in `defs` yet: rehashing only reads earlier ones.
        match self
            .index
            .insert(id, at, |i| if i == at { id } else { defs[i as usize].0 })
        {
            Ok(()) => {
                self.defs.push((id, def));
                Ok(())
            }
            Err(first) => Err(self.defs[first as usize].1),
        }
    }
}

struct Validator<'a> {
    name: &'a str,
    text: &'a str,
    file: &'a ScenarioFile,
    end: Ticks,
    ids: Ids<'a>,
    /// How many ids come before the first node's (the teams): a node's index in `ids` minus
    /// this is its index in the estate, when no id is repeated.
    node_base: u32,
    resolved: Resolved,
    /// Ids of each class in declaration order: workloads, identities, credentials, resources.
    by_class: [Vec<&'a str>; 4],
    teams: Vec<&'a str>,
    /// Nodes the expert response creates (`create-identity`, `issue`): objectives may name them.
    expert_creates: BTreeMap<&'a str, NodeClass>,
    suggestions_left: usize,
    outline: OnceCell<Option<Node>>,
    line_starts: OnceCell<Vec<usize>>,
    out: Vec<Diagnostic>,
}

/// The list of ids of one class.
fn of_class<'v, 'a>(by_class: &'v mut [Vec<&'a str>; 4], c: NodeClass) -> &'v mut Vec<&'a str> {
    let [w, i, cr, r] = by_class;
    match c {
        NodeClass::Workload => w,
        NodeClass::Identity => i,
        NodeClass::Credential => cr,
        NodeClass::Resource => r,
    }
}

/// Whether an id is kebab-case: `^[a-z0-9]+(-[a-z0-9]+)*$`.
pub(crate) fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The kebab-case spelling closest to an id (`Tok_Deploy` → `tok-deploy`).
fn kebab(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

fn a_or_an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

impl<'a> Validator<'a> {
    fn new(name: &'a str, text: &'a str, file: &'a ScenarioFile) -> Self {
        Validator {
            name,
            text,
            file,
            end: file.metadata.duration.value.ticks(),
            ids: Ids::with_capacity(
                file.estate.teams.len()
                    + file.estate.workloads.len()
                    + file.estate.identities.len()
                    + file.estate.credentials.len()
                    + file.estate.resources.len()
                    + file.injects.len()
                    + file.objectives.len(),
            ),
            node_base: 0,
            resolved: Resolved::default(),
            by_class: [Vec::new(), Vec::new(), Vec::new(), Vec::new()],
            teams: Vec::new(),
            expert_creates: BTreeMap::new(),
            suggestions_left: SUGGESTION_BUDGET,
            outline: OnceCell::new(),
            line_starts: OnceCell::new(),
            out: Vec::new(),
        }
    }

    fn error(&mut self, loc: Loc, message: String, help: Option<String>) {
        self.out.push(Diagnostic {
            file: self.name.to_owned(),
            loc,
            message,
            help,
        });
    }

    /// Where the key at a path was written, or `fallback` when the outline cannot say.
    fn key_loc(&self, path: &[Seg], fallback: Loc) -> Loc {
        self.outline
            .get_or_init(|| Node::parse(self.text, Limits::default().options(self.text.len())).ok())
            .as_ref()
            .and_then(|o| o.key_loc(path))
            .unwrap_or(fallback)
    }

    fn line_text(&self, line: u32) -> Option<&'a str> {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let start = *starts.get((line as usize).checked_sub(1)?)?;
        let rest = self.text.get(start..)?;
        Some(
            rest.split('\n')
                .next()
                .unwrap_or(rest)
                .trim_end_matches('\r'),
        )
    }

    fn end_text(&self) -> String {
        format_duration(self.end)
    }

    // ----- upper bounds ----------------------------------------------------------------------

    /// Values that would make a valid scenario run for hours: each is bounded, and located.
    fn upper_bounds(&mut self) {
        let f = self.file;
        if self.end > MAX_DURATION_TICKS {
            self.error(
                f.metadata.duration.loc,
                format!(
                    "the drill lasts {}, longer than the longest drill ({})",
                    format_duration(self.end),
                    format_duration(MAX_DURATION_TICKS)
                ),
                Some("split a long exercise into drills of at most a week".into()),
            );
        }
        if let Some(e) = &f.expect {
            let count = e.seeds.last.saturating_sub(e.seeds.first).saturating_add(1);
            if count > MAX_EXPECT_SEEDS {
                let loc = self.key_loc(&[key("expect"), key("seeds")], Loc::new(1, 1));
                self.error(
                    loc,
                    format!(
                        "`expect.seeds` names {count} seeds; `check` plays at most {MAX_EXPECT_SEEDS}"
                    ),
                    Some("name a range such as `1..50`".into()),
                );
            }
        }
        self.schedule_bounds();
        self.noise_bounds();
        self.scoring_bounds();
        for (i, h) in f.hints.iter().enumerate() {
            if h.value.penalty > MAX_HINT_PENALTY {
                let loc = self.key_loc(&[key("hints"), Seg::Index(i), key("penalty")], h.loc);
                self.error(
                    loc,
                    format!(
                        "a hint penalty of {} points is more than a whole score ({MAX_HINT_PENALTY})",
                        h.value.penalty
                    ),
                    None,
                );
            }
        }
    }

    /// A workload's `schedule` starts and repeats within the longest drill.
    fn schedule_bounds(&mut self) {
        let f = self.file;
        for (i, w) in f.estate.workloads.iter().enumerate() {
            let Some(s) = &w.schedule else { continue };
            let fields = [("every", Some(s.every)), ("first", s.first)];
            for (field, value) in fields {
                let Some(d) = value else { continue };
                if d.ticks() <= MAX_SCHEDULE_TICKS {
                    continue;
                }
                let path = [
                    key("estate"),
                    key("workloads"),
                    Seg::Index(i),
                    key("schedule"),
                    key(field),
                ];
                let loc = self.key_loc(&path, w.id.loc);
                self.error(
                    loc,
                    format!(
                        "workload `{}` has `{field}: {d}` in its schedule, longer than the longest schedule ({})",
                        w.id.value,
                        format_duration(MAX_SCHEDULE_TICKS)
                    ),
                    Some(format!(
                        "a drill lasts at most {}, so a job this rare never runs in one: remove `schedule`, or shorten `{field}`",
                        format_duration(MAX_DURATION_TICKS)
                    )),
                );
            }
        }
    }

    /// A noise inject sends at most one alert a minute, and stops within the longest drill.
    fn noise_bounds(&mut self) {
        let f = self.file;
        for (i, inj) in f.injects.iter().enumerate() {
            let s = &inj.value;
            let path = |field: &str| [key("injects"), Seg::Index(i), key(field)];
            if let Some(r) = &s.rate {
                // count / per ticks, compared as count·60 > max·per without division.
                let per_hour_too_fast =
                    u128::from(r.count) * 60 > u128::from(MAX_NOISE_PER_HOUR) * u128::from(r.per);
                if per_hour_too_fast {
                    let loc = self.key_loc(&path("rate"), s.id.loc);
                    self.error(
                        loc,
                        format!(
                            "inject `{}` sends noise at {}/{}, faster than the fastest noise ({MAX_NOISE_PER_HOUR}/h)",
                            s.id.value,
                            r.count,
                            format_duration(r.per)
                        ),
                        Some(format!(
                            "write a rate of at most `{MAX_NOISE_PER_HOUR}/h` (one alert a minute)"
                        )),
                    );
                }
            }
            if let Some(u) = &s.until
                && u.ticks() > MAX_SCHEDULE_TICKS
            {
                let loc = self.key_loc(&path("until"), s.id.loc);
                self.error(
                    loc,
                    format!(
                        "inject `{}` has `until: {u}`, later than the longest schedule ({})",
                        s.id.value,
                        format_duration(MAX_SCHEDULE_TICKS)
                    ),
                    Some("remove `until` to let the noise run to the end of the drill".into()),
                );
            }
        }
    }

    /// Each scoring weight, and their sum, is bounded (and the sum cannot overflow).
    fn scoring_bounds(&mut self) {
        let sc = &self.file.scoring;
        let weights = [
            ("containment", sc.containment),
            ("collateral", sc.collateral),
            ("governance", sc.governance),
            ("least_privilege", sc.least_privilege),
        ];
        let mut sum: u64 = 0;
        for (field, w) in weights {
            sum += u64::from(w);
            if w > MAX_SCORING_WEIGHT {
                let loc = self.key_loc(&[key("scoring"), key(field)], Loc::new(1, 1));
                self.error(
                    loc,
                    format!(
                        "the scoring weight `{field}: {w}` is larger than the largest weight ({MAX_SCORING_WEIGHT})"
                    ),
                    Some("weights count only in proportion to each other: `40` and `400` weigh the same against `10` and `100`".into()),
                );
            }
        }
        if sum > MAX_SCORING_SUM && weights.iter().all(|(_, w)| *w <= MAX_SCORING_WEIGHT) {
            let loc = self.key_loc(&[key("scoring")], Loc::new(1, 1));
            self.error(
                loc,
                format!(
                    "the scoring weights add up to {sum}, more than the largest sum ({MAX_SCORING_SUM})"
                ),
                Some("scale them down: weights that add up to 100 read as percentages".into()),
            );
        }
    }

    // ----- envelope and metadata -------------------------------------------------------------

    fn envelope(&mut self) {
        let f = self.file;
        if f.api_version.value != "drillhall/v1" {
            self.error(
                f.api_version.loc,
                format!(
                    "unsupported `apiVersion` `{}`: this drillhall reads `drillhall/v1`",
                    f.api_version.value
                ),
                Some("write `apiVersion: drillhall/v1`".into()),
            );
        }
        if f.kind.value != "Scenario" {
            self.error(
                f.kind.loc,
                format!(
                    "`kind` is `{}`; a scenario file has `kind: Scenario`",
                    f.kind.value
                ),
                Some("write `kind: Scenario`".into()),
            );
        }
        let m = &f.metadata;
        self.check_kebab(&m.id, "scenario id");
        if self.end == 0 {
            self.error(
                m.duration.loc,
                "the drill lasts `0m`: nothing can happen in it".into(),
                Some("give `duration` a length such as `4h`".into()),
            );
        }
        let d = m.difficulty.value;
        if !(1..=5).contains(&d) {
            self.error(
                m.difficulty.loc,
                format!("difficulty {d} is out of range: write 1 (easy) to 5 (hard)"),
                None,
            );
        }
    }

    fn check_kebab(&mut self, id: &Id, what: &str) {
        if !is_kebab(&id.value) {
            let k = kebab(&id.value);
            let help = (!k.is_empty()).then(|| format!("write `{k}`"));
            self.error(
                id.loc,
                format!(
                    "{what} `{}` is not kebab-case: ids use lowercase letters, digits and single hyphens",
                    id.value
                ),
                help,
            );
        }
    }

    // ----- ids -------------------------------------------------------------------------------

    fn define(&mut self, id: &'a Id, what: What) {
        self.check_kebab(id, what.noun());
        if let Err(first) = self.ids.insert(&id.value, Def { what, loc: id.loc }) {
            let at = if first.loc.is_known() {
                format!(" at line {}", first.loc.line)
            } else {
                String::new()
            };
            self.error(
                id.loc,
                format!(
                    "duplicate id `{}`: already used by the {}{at}",
                    id.value,
                    first.what.noun()
                ),
                Some(
                    "ids are unique across the file (nodes, teams, injects and objectives); rename one"
                        .into(),
                ),
            );
            return;
        }
        match what {
            What::Node(c) => of_class(&mut self.by_class, c).push(&id.value),
            What::Team => self.teams.push(&id.value),
            What::Inject | What::Objective => {}
        }
    }

    fn define_ids(&mut self) {
        let f = self.file;
        let e = &f.estate;
        for t in &e.teams {
            self.define(&t.id, What::Team);
        }
        self.node_base = self.ids.defs.len() as u32;
        for w in &e.workloads {
            self.define(&w.id, What::Node(NodeClass::Workload));
        }
        for i in &e.identities {
            self.define(&i.id, What::Node(NodeClass::Identity));
        }
        for c in &e.credentials {
            self.define(&c.id, What::Node(NodeClass::Credential));
        }
        for r in &e.resources {
            self.define(&r.id, What::Node(NodeClass::Resource));
        }
        for i in &f.injects {
            self.define(&i.value.id, What::Inject);
        }
        for o in &f.objectives {
            self.define(&o.value.id, What::Objective);
        }
    }

    // ----- references ------------------------------------------------------------------------

    /// "did you mean `x`?" over the ids `want` accepts, then over every node and team.
    fn suggest(&mut self, word: &str, want: Want) -> Option<String> {
        let len = word.len();
        let near = |c: &&str| c.len().abs_diff(len) <= 2;
        let pool: Vec<&'a str> = match want {
            Want::Class(c) => of_class(&mut self.by_class, c)
                .iter()
                .copied()
                .filter(near)
                .collect(),
            Want::Team => self.teams.iter().copied().filter(near).collect(),
            Want::AnyNode => self
                .by_class
                .iter()
                .flatten()
                .copied()
                .filter(near)
                .collect(),
        };
        self.suggestions_left = self.suggestions_left.checked_sub(pool.len())?;
        if let Some(s) = nearest(word, &pool) {
            return Some(format!("did you mean `{s}`?"));
        }
        // Another class only for words long enough that a near miss is not a coincidence.
        if len < 4 {
            return None;
        }
        // In id order, as the candidates have always been offered (ties go to the first).
        let mut any: Vec<&'a str> = self
            .ids
            .defs
            .iter()
            .filter(|(id, d)| near(id) && matches!(d.what, What::Node(_) | What::Team))
            .map(|(id, _)| *id)
            .collect();
        any.sort_unstable();
        self.suggestions_left = self.suggestions_left.checked_sub(any.len())?;
        let s = nearest(word, &any)?;
        let what = self
            .ids
            .get(s)
            .expect("a suggestion is a defined id")
            .1
            .what;
        Some(format!("did you mean `{s}` ({})?", what.article_noun()))
    }

    /// Checks that `id` names something `want` accepts. `field` is the key or verb that holds
    /// the reference, `rule` what it takes ("a workload holds credentials").
    fn refer(&mut self, id: &str, loc: Loc, want: Want, field: &str, rule: &str) -> bool {
        self.refer_with(id, loc, want, field, rule, &BTreeMap::new())
    }

    fn refer_with(
        &mut self,
        id: &str,
        loc: Loc,
        want: Want,
        field: &str,
        rule: &str,
        created: &BTreeMap<&str, NodeClass>,
    ) -> bool {
        self.lookup(id, loc, want, field, rule, created).is_some()
    }

    /// Checks an estate reference like [`refer`](Self::refer) and returns the node's index in
    /// the estate when it holds.
    fn refer_node(&mut self, id: &Id, class: NodeClass, field: &str, rule: &str) -> Option<u32> {
        let i = self.lookup(
            &id.value,
            id.loc,
            Want::Class(class),
            field,
            rule,
            &BTreeMap::new(),
        )?;
        Some(i.wrapping_sub(self.node_base))
    }

    /// The position among the definitions of what `id` names when `want` accepts it
    /// (`u32::MAX` for a node the response creates); otherwise reports why not.
    fn lookup(
        &mut self,
        id: &str,
        loc: Loc,
        want: Want,
        field: &str,
        rule: &str,
        created: &BTreeMap<&str, NodeClass>,
    ) -> Option<u32> {
        let found = self
            .ids
            .get(id)
            .map(|(i, d)| (i, d.what))
            .or_else(|| created.get(id).map(|c| (u32::MAX, What::Node(*c))));
        match found {
            Some((i, what)) if want.accepts(what) => Some(i),
            Some((_, what)) => {
                self.error(
                    loc,
                    format!(
                        "`{field}` names `{id}`, which is {}; {rule}",
                        what.article_noun()
                    ),
                    None,
                );
                None
            }
            None => {
                let help = self.suggest(id, want);
                let message = if want == Want::Team {
                    format!("`{field}` names `{id}`, which is not a team")
                } else {
                    format!("`{field}` names `{id}`, which does not exist")
                };
                self.error(loc, message, help);
                None
            }
        }
    }

    fn refer_list(&mut self, ids: &IdList, want: Want, field: &str, rule: &str) {
        for id in ids {
            self.refer(&id.value, id.loc, want, field, rule);
        }
    }

    // ----- estate ----------------------------------------------------------------------------

    fn estate(&mut self) {
        use NodeClass::{Credential, Identity, Resource, Workload};
        let e = &self.file.estate;
        let owner_rule = "an owner is a team";
        // Each node's estate index, by position (exact when no id repeats, the only case in
        // which the resolved edges are used).
        let (nw, ni, nc) = (e.workloads.len(), e.identities.len(), e.credentials.len());
        let (first_identity, first_credential, first_resource) =
            (nw as u32, (nw + ni) as u32, (nw + ni + nc) as u32);
        let mut edges = std::mem::take(&mut self.resolved);
        for (i, w) in e.workloads.iter().enumerate() {
            let me = i as u32;
            if let Some(o) = &w.owner {
                self.refer(&o.value, o.loc, Want::Team, "owner", owner_rule);
            }
            if let Some(r) = &w.runs_as
                && let Some(to) =
                    self.refer_node(r, Identity, "runs_as", "a workload runs as an identity")
            {
                edges.workloads.push((me, to, EdgeKind::RunsAs));
            }
            for h in &w.holds {
                if let Some(to) =
                    self.refer_node(h, Credential, "holds", "a workload holds credentials")
                {
                    edges.workloads.push((me, to, EdgeKind::Holds));
                }
            }
            for n in &w.needs {
                let r = &n.value.resource;
                self.refer(
                    &r.value,
                    r.loc,
                    Want::Class(Resource),
                    "resource",
                    "a workload needs access to resources",
                );
            }
            if let Some(s) = &w.schedule
                && s.every.ticks() == 0
            {
                let path = [
                    key("estate"),
                    key("workloads"),
                    Seg::Index(i),
                    key("schedule"),
                    key("every"),
                ];
                let loc = self.key_loc(&path, w.id.loc);
                self.error(
                    loc,
                    format!(
                        "workload `{}` is scheduled `every: 0m`: a job runs at most once a minute",
                        w.id.value
                    ),
                    Some("write a period such as `30m`, or remove `schedule`".into()),
                );
            }
        }
        for (i, ident) in e.identities.iter().enumerate() {
            let me = first_identity + i as u32;
            if let Some(o) = &ident.owner {
                self.refer(&o.value, o.loc, Want::Team, "owner", owner_rule);
            }
            for a in &ident.can_assume {
                // Cycles through `can_assume` are allowed: real estates have roles that assume
                // each other (cross-account trust, token exchange both ways). Only an identity
                // assuming itself is refused: it grants nothing and is always a typo.
                if a.value == ident.id.value {
                    self.error(
                        a.loc,
                        format!("identity `{}` can assume itself", a.value),
                        Some("remove it: an identity assuming itself grants nothing".into()),
                    );
                    continue;
                }
                if let Some(to) = self.refer_node(
                    a,
                    Identity,
                    "can_assume",
                    "an identity assumes other identities",
                ) {
                    edges.identities.push((me, to, EdgeKind::CanAssume));
                }
            }
            for w in &ident.controls {
                if let Some(to) = self.refer_node(
                    w,
                    Workload,
                    "controls",
                    "an identity controls (deploys to) workloads",
                ) {
                    edges.identities.push((me, to, EdgeKind::Controls));
                }
            }
        }
        for (i, c) in e.credentials.iter().enumerate() {
            if let Some(to) = self.refer_node(
                &c.authenticates,
                Identity,
                "authenticates",
                "a credential authenticates as an identity",
            ) {
                let me = first_credential + i as u32;
                edges.credentials.push((me, to, EdgeKind::Authenticates));
            }
        }
        for (i, r) in e.resources.iter().enumerate() {
            let me = first_resource + i as u32;
            if let Some(o) = &r.owner {
                self.refer(&o.value, o.loc, Want::Team, "owner", owner_rule);
            }
            for c in &r.stores {
                if let Some(to) =
                    self.refer_node(c, Credential, "stores", "a resource stores credentials")
                {
                    edges.resources.push((me, to, EdgeKind::Stores));
                }
            }
            for w in &r.runs {
                if let Some(to) = self.refer_node(w, Workload, "runs", "a resource runs workloads")
                {
                    edges.resources.push((me, to, EdgeKind::Runs));
                }
            }
        }
        // Grants by (identity, resource) index pair, to find a second grant of a pair.
        let mut pairs: HashMap<(u32, u32), Loc, FixedState> =
            HashMap::with_capacity_and_hasher(e.grants.len(), FixedState::default());
        for g in &e.grants {
            let (ident, res) = (&g.value.identity, &g.value.resource);
            let to_i = self.refer_node(
                ident,
                Identity,
                "identity",
                "a grant is given to an identity",
            );
            let to_r =
                self.refer_node(res, Resource, "resource", "a grant is access to a resource");
            if let (Some(to_i), Some(to_r)) = (to_i, to_r) {
                let kind = EdgeKind::Grants {
                    permission: g.value.permission,
                    used: g.value.used,
                };
                edges.grants.push((to_i, to_r, kind));
                match pairs.get(&(to_i, to_r)) {
                    Some(first) => {
                        let first = *first;
                        self.error(
                            g.loc,
                            format!(
                                "a second grant of `{}` on `{}` (the first is at line {})",
                                ident.value, res.value, first.line
                            ),
                            Some("an identity has one grant per resource: keep the one with the right permission".into()),
                        );
                    }
                    None => {
                        pairs.insert((to_i, to_r), g.loc);
                    }
                }
            }
        }
        self.resolved = edges;
    }

    // ----- injects ---------------------------------------------------------------------------

    fn injects(&mut self) {
        use NodeClass::{Credential, Identity, Workload};
        for (i, inj) in self.file.injects.iter().enumerate() {
            let s = &inj.value;
            let kind = s.kind.value;
            let path = |f: &str| [key("injects"), Seg::Index(i), key(f)];
            for (field, present) in inject_fields(s) {
                let kinds = field_kinds(field);
                let applies = kinds.contains(&kind);
                if present && !applies {
                    let loc = self.key_loc(&path(field), s.id.loc);
                    let owners: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                    let help = if owners.is_empty() {
                        "remove it".to_owned()
                    } else {
                        format!(
                            "`{field}` belongs to {} injects; remove it here",
                            word_list(&owners)
                        )
                    };
                    self.error(
                        loc,
                        format!(
                            "`{field}` does not apply to {} `{kind}` inject",
                            a_or_an(kind.as_str())
                        ),
                        Some(help),
                    );
                }
                if !present && applies && required(kind, field) {
                    self.error(
                        s.id.loc,
                        format!(
                            "inject `{}` is {} `{kind}` inject and needs `{field}`",
                            s.id.value,
                            a_or_an(kind.as_str())
                        ),
                        Some(format!("add `{}`", field_example(field))),
                    );
                }
            }
            if let Some(at) = &s.at
                && kind != InjectKind::Noise
                && at.value.ticks() >= self.end
            {
                self.error(
                    at.loc,
                    format!(
                        "inject `{}` fires at {}, at or after the end of the drill ({})",
                        s.id.value,
                        at.value,
                        self.end_text()
                    ),
                    Some("move it earlier, or make `metadata.duration` longer".into()),
                );
            }
            if let Some(c) = &s.credential {
                self.refer_list(
                    c,
                    Want::Class(Credential),
                    "credential",
                    "a leak exposes credentials",
                );
            }
            if let Some(w) = &s.workload {
                self.refer(
                    &w.value,
                    w.loc,
                    Want::Class(Workload),
                    "workload",
                    "the attacker compromises a workload",
                );
            }
            if let Some(id) = &s.identity {
                self.refer(
                    &id.value,
                    id.loc,
                    Want::Class(Identity),
                    "identity",
                    "a stolen session is an identity's",
                );
            }
            if let Some(p) = &s.points_to {
                self.refer_list(
                    p,
                    Want::AnyNode,
                    "points_to",
                    "an alert points to nodes of the estate",
                );
            }
            if let Some(p) = &s.subjects {
                self.refer_list(
                    p,
                    Want::AnyNode,
                    "subjects",
                    "a ticket is about nodes of the estate",
                );
            }
        }
    }

    fn adversary_and_detections(&mut self) {
        if let Some(a) = &self.file.adversary {
            self.refer_list(
                &a.goals,
                Want::AnyNode,
                "goals",
                "the attacker's goals are nodes of the estate",
            );
        }
        for d in &self.file.detections {
            let on = &d.value.on;
            self.refer(
                &on.value,
                on.loc,
                Want::AnyNode,
                "on",
                "a detection watches a node of the estate",
            );
        }
    }

    // ----- responses -------------------------------------------------------------------------

    fn responses(&mut self) {
        let f = self.file;
        let created = self.response("expert", &f.expert);
        self.expert_creates = created;
        for (name, steps) in &f.known_bad {
            self.response(&format!("known_bad.{name}"), steps);
        }
    }

    /// Checks one response; returns the nodes it creates.
    fn response(&mut self, name: &str, steps: &'a [At<StepSpec>]) -> BTreeMap<&'a str, NodeClass> {
        let mut created: BTreeMap<&'a str, NodeClass> = BTreeMap::new();
        let mut prev: Option<(Ticks, Loc)> = None;
        for (n, step) in steps.iter().enumerate() {
            let s = &step.value;
            let at = s.at.value.ticks();
            if at >= self.end {
                self.error(
                    s.at.loc,
                    format!(
                        "step #{} of `{name}` is at {}, at or after the end of the drill ({})",
                        n + 1,
                        s.at.value,
                        self.end_text()
                    ),
                    Some("move it earlier, or make `metadata.duration` longer".into()),
                );
            }
            if let Some((p, _)) = prev
                && at < p
            {
                self.error(
                    s.at.loc,
                    format!(
                        "step #{} of `{name}` at {} comes after a step at {}: steps run in time order",
                        n + 1,
                        s.at.value,
                        format_duration(p)
                    ),
                    Some("sort the steps by `at`".into()),
                );
            }
            prev = Some((at.max(prev.map_or(0, |p| p.0)), s.at.loc));
            if let Some(c) = &s.confidence
                && !(50..=100).contains(&c.value)
            {
                self.error(
                    c.loc,
                    format!(
                        "confidence {} is out of range: a stated confidence is 50 to 100 (percent)",
                        c.value
                    ),
                    None,
                );
            }
            match Command::parse(&s.command.value) {
                Ok(cmd) => self.command_refs(&cmd, &s.command, &mut created),
                Err(e) => {
                    let loc = self.command_loc(s.command.loc, e.offset);
                    let verb = s.command.value.split_whitespace().next().unwrap_or("");
                    let help = match (&e.suggestion, VERBS.iter().find(|(v, _)| *v == verb)) {
                        (Some(sug), _) => Some(format!("did you mean `{sug}`?")),
                        (None, Some((v, usage))) => Some(format!("usage: `{v} {usage}`")),
                        (None, None) => None,
                    };
                    self.error(
                        loc,
                        format!("invalid command in `{name}`: {}", e.message),
                        help,
                    );
                }
            }
        }
        created
    }

    fn command_refs(
        &mut self,
        cmd: &Command,
        text: &'a At<String>,
        created: &mut BTreeMap<&'a str, NodeClass>,
    ) {
        let (verb, inner) = match cmd {
            Command::RequestSignoff { action, .. } => (action.verb(), action.as_ref()),
            c => (c.verb(), c),
        };
        let new_class = match inner {
            Command::Issue { .. } => NodeClass::Credential,
            _ => NodeClass::Identity,
        };
        let mut search_from = 0;
        for (id, kind) in cmd.references() {
            let found = token_offset(&text.value, id, search_from);
            let loc = self.command_loc(text.loc, found.map_or(0, |t| t.chars));
            if let Some(t) = found {
                search_from = t.end;
            }
            let (want, rule) = match kind {
                RefKind::AnyNode => (
                    Want::AnyNode,
                    format!("`{verb}` takes a node of the estate"),
                ),
                RefKind::Node(c) => (
                    Want::Class(c),
                    format!("`{verb}` takes {}", What::Node(c).article_noun()),
                ),
                RefKind::Team => (Want::Team, format!("`{verb}` takes a team")),
                RefKind::NewNode => {
                    if let Some((_, d)) = self.ids.get(id) {
                        self.error(
                            loc,
                            format!(
                                "`{verb}` would create `{id}`, but the {} at line {} already has that id",
                                d.what.noun(),
                                d.loc.line
                            ),
                            Some("pick a new id".into()),
                        );
                    } else if created.contains_key(id) {
                        self.error(
                            loc,
                            format!(
                                "`{verb}` would create `{id}`, which an earlier step already created"
                            ),
                            Some("pick a new id".into()),
                        );
                    } else if let Some(t) = found {
                        // Borrowed from the file's own text, so it lives as long as the file.
                        if let Some(id) = text.value.get(t.start..t.end) {
                            created.insert(id, new_class);
                        }
                    }
                    continue;
                }
            };
            self.refer_with(id, loc, want, verb, &rule, created);
        }
    }

    /// Where a character offset inside a command string is in the file: after the opening
    /// quote of a quoted scalar, counting escapes as the characters they were written with.
    fn command_loc(&self, at: Loc, offset: usize) -> Loc {
        let Some(line) = self.line_text(at.line) else {
            return at;
        };
        let chars: Vec<char> = line.chars().collect();
        let start = (at.col as usize).saturating_sub(1);
        let Some(&open) = chars.get(start) else {
            return at;
        };
        let mut col = start;
        if open == '"' || open == '\'' {
            col += 1;
            let mut decoded = 0;
            while decoded < offset {
                match chars.get(col) {
                    None => return at,
                    Some('\\') if open == '"' => col += 2,
                    Some('\'') if open == '\'' => col += 2,
                    Some(_) => col += 1,
                }
                decoded += 1;
            }
        } else {
            col += offset;
        }
        if col > chars.len() {
            return at;
        }
        Loc::new(at.line, col as u32 + 1)
    }

    // ----- objectives ------------------------------------------------------------------------

    fn objectives(&mut self) {
        use NodeClass::{Credential, Identity, Resource, Workload};
        let f = self.file;
        if f.objectives.is_empty() {
            // A whole-file problem, located at the end of the file, where the list would go.
            let last = self.text.lines().count().max(1);
            self.error(
                Loc::new(u32::try_from(last).unwrap_or(u32::MAX), 1),
                "the scenario has no objectives: the debrief needs something to check".into(),
                Some("add `objectives:` with at least one, e.g. `{ id: contain, text: \"…\", credential_invalid: tok-x }`".into()),
            );
        }
        let created = self.expert_creates.clone();
        for (i, o) in f.objectives.iter().enumerate() {
            let s = &o.value;
            let path = |field: &str| [key("objectives"), Seg::Index(i), key(field)];
            let set: Vec<&str> = conditions(s)
                .into_iter()
                .filter(|(_, p)| *p)
                .map(|(c, _)| c)
                .collect();
            match set.as_slice() {
                [] => self.error(
                    s.id.loc,
                    format!("objective `{}` has no condition", s.id.value),
                    Some(format!(
                        "give it one of {}",
                        word_list(&conditions(s).iter().map(|(c, _)| *c).collect::<Vec<_>>())
                    )),
                ),
                [_] => {}
                many @ [_, second, ..] => {
                    let loc = self.key_loc(&path(second), s.id.loc);
                    self.error(
                        loc,
                        format!(
                            "objective `{}` sets {} conditions ({}); an objective checks exactly one",
                            s.id.value,
                            many.len(),
                            word_list_all(many)
                        ),
                        Some("split it into one objective per condition".into()),
                    );
                }
            }
            let timed = s.credential_invalid.is_some() || s.identity_disabled.is_some();
            for (modifier, present) in [
                (
                    "before_adversary_reaches",
                    s.before_adversary_reaches.is_some(),
                ),
                ("before", s.before.is_some()),
            ] {
                if present && !timed {
                    let loc = self.key_loc(&path(modifier), s.id.loc);
                    self.error(
                        loc,
                        format!("`{modifier}` applies only to `credential_invalid` and `identity_disabled` objectives"),
                        Some("remove it, or make the objective one of those".into()),
                    );
                }
            }
            if let Some(b) = s.before
                && b.ticks() == 0
            {
                let loc = self.key_loc(&path("before"), s.id.loc);
                self.error(
                    loc,
                    format!(
                        "objective `{}` must be met `before: 0m`, which no response can do",
                        s.id.value
                    ),
                    Some("give the trainee time: `before: 30m`".into()),
                );
            }
            for (flag, value) in [
                ("no_persistence", s.no_persistence),
                ("incident_declared", s.incident_declared),
            ] {
                if value == Some(false) {
                    let loc = self.key_loc(&path(flag), s.id.loc);
                    self.error(
                        loc,
                        format!("`{flag}: false` checks nothing"),
                        Some(format!("write `{flag}: true`, or remove the condition")),
                    );
                }
            }
            let mut refs = |ids: &Option<IdList>, want: Want, field: &str, rule: &str| {
                for id in ids.iter().flatten() {
                    self.refer_with(&id.value, id.loc, want, field, rule, &created);
                }
            };
            refs(
                &s.credential_invalid,
                Want::Class(Credential),
                "credential_invalid",
                "only a credential can be made invalid",
            );
            refs(
                &s.before_adversary_reaches,
                Want::AnyNode,
                "before_adversary_reaches",
                "the attacker reaches nodes of the estate",
            );
            refs(
                &s.adversary_never_reaches,
                Want::AnyNode,
                "adversary_never_reaches",
                "the attacker reaches nodes of the estate",
            );
            refs(
                &s.identity_disabled,
                Want::Class(Identity),
                "identity_disabled",
                "only an identity can be disabled",
            );
            refs(
                &s.least_privilege,
                Want::Class(Workload),
                "least_privilege",
                "least privilege is checked for workloads against their `needs`",
            );
            refs(
                &s.owners_notified,
                Want::Team,
                "owners_notified",
                "owners are teams",
            );
            if let Some(g) = &s.grant_at_most {
                let ok_i = self.refer_with(
                    &g.identity.value,
                    g.identity.loc,
                    Want::Class(Identity),
                    "identity",
                    "a grant is given to an identity",
                    &created,
                );
                let ok_r = self.refer_with(
                    &g.resource.value,
                    g.resource.loc,
                    Want::Class(Resource),
                    "resource",
                    "a grant is access to a resource",
                    &created,
                );
                if ok_i && ok_r {
                    self.grant_exists(&g.identity, &g.resource);
                }
            }
        }
    }

    /// A `grant_at_most` objective limits a grant the estate has, or one the expert creates.
    fn grant_exists(&mut self, ident: &Id, res: &Id) {
        let f = self.file;
        let in_estate =
            f.estate.grants.iter().any(|g| {
                g.value.identity.value == ident.value && g.value.resource.value == res.value
            });
        let by_expert = f.expert.iter().any(|s| {
            matches!(
                Command::parse(&s.value.command.value),
                Ok(Command::Grant { identity, resource, .. }) if identity == ident.value && resource == res.value
            )
        });
        if in_estate || by_expert {
            return;
        }
        let others: Vec<&str> = f
            .estate
            .grants
            .iter()
            .filter(|g| g.value.identity.value == ident.value)
            .map(|g| g.value.resource.value.as_str())
            .collect();
        let help = if others.is_empty() {
            format!(
                "`{}` has no grants; add one under `estate.grants`, or have the expert `grant` it",
                ident.value
            )
        } else {
            format!("`{}` has grants on {}", ident.value, word_list(&others))
        };
        self.error(
            ident.loc,
            format!(
                "`grant_at_most` limits the grant of `{}` on `{}`, but there is no such grant and the expert does not create one",
                ident.value, res.value
            ),
            Some(help),
        );
    }

    // ----- hints, scoring, expect ------------------------------------------------------------

    fn hints_scoring_expect(&mut self) {
        let f = self.file;
        for (i, h) in f.hints.iter().enumerate() {
            if h.value.after.ticks() >= self.end {
                let loc = self.key_loc(&[key("hints"), Seg::Index(i), key("after")], h.loc);
                self.error(
                    loc,
                    format!(
                        "hint #{} comes after {}, at or after the end of the drill ({})",
                        i + 1,
                        h.value.after,
                        self.end_text()
                    ),
                    Some(
                        "a hint must come while the trainee can still use it: make `after` earlier"
                            .into(),
                    ),
                );
            }
        }
        let sc = &f.scoring;
        let sum = [
            sc.containment,
            sc.collateral,
            sc.governance,
            sc.least_privilege,
        ]
        .into_iter()
        .map(u64::from)
        .sum::<u64>();
        if sum == 0 {
            let loc = self.key_loc(&[key("scoring")], Loc::default());
            self.error(
                loc,
                "every scoring weight is 0: no response could score anything".into(),
                Some(
                    "give at least one dimension a weight, or remove `scoring` to use the defaults"
                        .into(),
                ),
            );
        }
        let Some(expect) = &f.expect else { return };
        if let Some(min) = &expect.expert {
            if min.min > 100 {
                let loc = self.key_loc(&[key("expect"), key("expert"), key("min")], Loc::default());
                self.error(
                    loc,
                    format!(
                        "`min: {}` can never be met: scores run from 0 to 100",
                        min.min
                    ),
                    None,
                );
            }
            if f.expert.is_empty() {
                let loc = self.key_loc(&[key("expect"), key("expert")], Loc::default());
                self.error(
                    loc,
                    "`expect.expert` sets a floor, but the scenario has no `expert` response"
                        .into(),
                    Some("write the expert response under `expert:`".into()),
                );
            }
        }
        for name in expect.known_bad.keys() {
            if !f.known_bad.contains_key(name) {
                let loc = self.key_loc(
                    &[key("expect"), key("known_bad"), key(name)],
                    Loc::default(),
                );
                let help = closest(name, f.known_bad.keys().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| {
                        let names: Vec<&str> = f.known_bad.keys().map(String::as_str).collect();
                        (!names.is_empty())
                            .then(|| format!("`known_bad` has {}", word_list(&names)))
                    });
                self.error(
                    loc,
                    format!(
                        "`expect.known_bad` names `{name}`, which is not a response in `known_bad`"
                    ),
                    help,
                );
            }
        }
    }
}

/// The one candidate clearly closest to a word: within [`closest`]'s distance, and not tied
/// with two or more others (`team-x` among `team-0`…`team-9` suggests nothing rather than a
/// guess). Ties between two go to the earlier, so suggestions are deterministic.
fn nearest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let limit = (word.chars().count() / 3).max(1) + 1;
    let mut best: Option<(usize, &str, usize)> = None;
    for c in candidates {
        let d = edit_distance(word, c);
        if d > limit {
            continue;
        }
        best = match best {
            Some((bd, bc, ties)) if d == bd => Some((bd, bc, ties + 1)),
            Some((bd, _, _)) if d > bd => best,
            _ => Some((d, c, 1)),
        };
    }
    match best {
        Some((_, c, ties)) if ties <= 2 => Some(c),
        _ => None,
    }
}

/// Where an id was found inside a command's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Token {
    /// Characters before it (what a column counts).
    chars: usize,
    /// Its byte range.
    start: usize,
    end: usize,
}

/// Finds `id` as a whole token in a command, at or after byte `from`.
fn token_offset(text: &str, id: &str, from: usize) -> Option<Token> {
    let bytes = text.as_bytes();
    let is_sep =
        |b: Option<&u8>| b.is_none_or(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'');
    let mut start = from.min(text.len());
    while let Some(rel) = text.get(start..).and_then(|t| t.find(id)) {
        let i = start + rel;
        let before = i.checked_sub(1).and_then(|j| bytes.get(j));
        if !id.is_empty() && is_sep(before) && is_sep(bytes.get(i + id.len())) {
            return Some(Token {
                chars: text.get(..i).map_or(0, |t| t.chars().count()),
                start: i,
                end: i + id.len(),
            });
        }
        // Past this occurrence: `i + id.len()` is a character boundary, `i + 1` may not be.
        start = i + id.len().max(1);
    }
    None
}

/// The optional inject fields and whether each is set.
fn inject_fields(s: &InjectSpec) -> [(&'static str, bool); 15] {
    [
        ("at", s.at.is_some()),
        ("credential", s.credential.is_some()),
        ("via", s.via.is_some()),
        ("workload", s.workload.is_some()),
        ("dumps_secrets", s.dumps_secrets),
        ("identity", s.identity.is_some()),
        ("ttl", s.ttl.is_some()),
        ("source", s.source.is_some()),
        ("severity", s.severity.is_some()),
        ("points_to", s.points_to.is_some()),
        ("message", s.message.is_some()),
        ("rate", s.rate.is_some()),
        ("until", s.until.is_some()),
        ("task", s.task.is_some()),
        ("subjects", s.subjects.is_some()),
    ]
}

/// The inject kinds a field applies to.
fn field_kinds(field: &str) -> &'static [InjectKind] {
    use InjectKind::{Alert, CredentialLeak, Noise, SessionTheft, Ticket, WorkloadCompromise};
    match field {
        "at" => &[
            CredentialLeak,
            WorkloadCompromise,
            SessionTheft,
            Alert,
            Ticket,
        ],
        "credential" | "via" => &[CredentialLeak],
        "workload" | "dumps_secrets" => &[WorkloadCompromise],
        "identity" | "ttl" => &[SessionTheft],
        "source" | "points_to" => &[Alert],
        "severity" | "message" => &[Alert, Ticket],
        "rate" | "until" => &[Noise],
        "task" | "subjects" => &[Ticket],
        _ => &[],
    }
}

/// Whether an inject kind cannot do without a field.
fn required(kind: InjectKind, field: &str) -> bool {
    matches!(
        (kind, field),
        (InjectKind::CredentialLeak, "at" | "credential")
            | (InjectKind::WorkloadCompromise, "at" | "workload")
            | (InjectKind::SessionTheft, "at" | "identity")
            | (InjectKind::Alert, "at" | "message")
            | (InjectKind::Noise, "rate")
            | (InjectKind::Ticket, "at" | "task")
    )
}

/// The condition fields of an objective and whether each is set.
fn conditions(s: &ObjectiveSpec) -> [(&'static str, bool); 9] {
    [
        ("credential_invalid", s.credential_invalid.is_some()),
        ("max_outage", s.max_outage.is_some()),
        ("grant_at_most", s.grant_at_most.is_some()),
        (
            "adversary_never_reaches",
            s.adversary_never_reaches.is_some(),
        ),
        ("no_persistence", s.no_persistence.is_some()),
        ("identity_disabled", s.identity_disabled.is_some()),
        ("least_privilege", s.least_privilege.is_some()),
        ("incident_declared", s.incident_declared.is_some()),
        ("owners_notified", s.owners_notified.is_some()),
    ]
}

/// How a required inject field is written, for help.
fn field_example(field: &str) -> &'static str {
    match field {
        "at" => "at: 10m",
        "credential" => "credential: ID",
        "workload" => "workload: ID",
        "identity" => "identity: ID",
        "message" => "message: \"what the alert says\"",
        "rate" => "rate: 4/h",
        "task" => "task: access-review",
        _ => "…",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case_ids_are_recognised_and_others_get_a_spelling() {
        for ok in ["tok-deploy", "a", "sa-2", "x1-y2-z3"] {
            assert!(is_kebab(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "Tok", "tok_deploy", "tok deploy"] {
            assert!(!is_kebab(bad), "{bad}");
        }
        assert_eq!(kebab("Tok_Deploy"), "tok-deploy");
        assert_eq!(kebab("__a..b__"), "a-b");
    }

    #[test]
    fn a_suggestion_is_made_only_when_one_id_is_clearly_closest() {
        assert_eq!(
            nearest("tok-deploi", &["tok-deploy", "prod-db"]),
            Some("tok-deploy")
        );
        let teams = ["team-0", "team-1", "team-2", "team-3"];
        assert_eq!(nearest("team-x", &teams), None);
        assert_eq!(nearest("team-x", &teams[..2]), Some("team-0"));
        assert_eq!(nearest("zzzzzz", &teams), None);
    }

    #[test]
    fn ids_inside_commands_are_found_as_whole_tokens() {
        let at = |t: &str, id: &str| token_offset(t, id, 0).map(|t| t.chars);
        assert_eq!(at("rotate tok --grace 5m", "tok"), Some(7));
        assert_eq!(at("scope-down sa sa-x none", "sa"), Some(11));
        assert_eq!(at("scope-down sa-x sa none", "sa"), Some(16));
        assert_eq!(
            at("request-signoff \"revoke t\" --rollback x", "t"),
            Some(24)
        );
        assert_eq!(at("inspect a", "zzz"), None);
    }

    const BASE: &str = r#"apiVersion: drillhall/v1
kind: Scenario
metadata: { id: unit, title: unit, duration: 4h, difficulty: 2 }
estate:
  teams: [{ id: platform }]
  workloads:
    - { id: api, kind: service, owner: platform, runs_as: sa-api, holds: [tok-api] }
  identities:
    - { id: sa-api, kind: service-account, owner: platform, can_assume: [role-a] }
    - { id: role-a, kind: role, can_assume: [role-b] }
    - { id: role-b, kind: role, can_assume: [role-a, sa-api] }
  credentials:
    - { id: tok-api, kind: api-token, authenticates: sa-api }
  resources:
    - { id: db, kind: database }
injects:
  - { id: leak, at: 0m, kind: credential-leak, credential: tok-api }
objectives:
  - { id: declared, text: t, incident_declared: true }
expert:
  - { at: 1m, do: "inspect tok-api" }
"#;

    fn problems(text: &str) -> Vec<Diagnostic> {
        let file: ScenarioFile = serde_saphyr::from_str(text).expect("the test scenario parses");
        validate("unit.yaml", text, &file)
    }

    fn with_expert(steps: &str) -> String {
        BASE.replace("  - { at: 1m, do: \"inspect tok-api\" }\n", steps)
    }

    #[test]
    fn a_valid_scenario_with_can_assume_cycles_has_no_problems() {
        assert_eq!(problems(BASE), vec![]);
    }

    #[test]
    fn nodes_the_expert_creates_can_be_used_by_later_steps_and_objectives() {
        let text = with_expert(
            "  - { at: 1m, do: \"create-identity sa-new --kind service-account --owner platform\" }\n  - { at: 2m, do: \"issue tok-new --kind api-token --for sa-new\" }\n  - { at: 3m, do: \"grant sa-new db read\" }\n  - { at: 4m, do: \"attach tok-new api\" }\n",
        )
        .replace(
            "incident_declared: true }",
            "incident_declared: true }\n  - { id: narrow, text: t, grant_at_most: { identity: sa-new, resource: db, permission: read } }",
        );
        assert_eq!(problems(&text), vec![]);
    }

    #[test]
    fn a_node_used_before_the_step_that_creates_it_does_not_exist_yet() {
        let text = with_expert(
            "  - { at: 1m, do: \"grant sa-new db read\" }\n  - { at: 2m, do: \"create-identity sa-new --kind role --owner platform\" }\n",
        );
        let p = problems(&text);
        assert_eq!(p.len(), 1, "{p:#?}");
        assert_eq!(p[0].message, "`grant` names `sa-new`, which does not exist");
        assert_eq!(p[0].loc, Loc::new(21, 26));
    }

    #[test]
    fn the_caret_inside_a_quoted_command_counts_escapes_as_written() {
        let text = with_expert(
            "  - { at: 1m, do: \"request-signoff \\\"revoke tok-apx\\\" --rollback \\\"reissue\\\"\" }\n",
        );
        let p = problems(&text);
        assert_eq!(p.len(), 1, "{p:#?}");
        assert_eq!(
            p[0].message,
            "`revoke` names `tok-apx`, which does not exist"
        );
        assert_eq!(p[0].help.as_deref(), Some("did you mean `tok-api`?"));
        let line = text.lines().nth(20).expect("the step is on line 21");
        let col = p[0].loc.col as usize;
        assert_eq!(line.get(col - 1..col + 6), Some("tok-apx"), "{line}");
    }

    #[test]
    fn references_of_the_wrong_class_inside_commands_say_what_the_verb_takes() {
        let text =
            with_expert("  - { at: 1m, do: \"revoke db\" }\n  - { at: 2m, do: \"notify db\" }\n");
        let p = problems(&text);
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`revoke` names `db`, which is a resource; `revoke` takes a credential",
                "`notify` names `db`, which is a resource; `notify` takes a team",
            ]
        );
    }

    #[test]
    fn confidence_and_hints_are_checked_against_their_ranges() {
        let text = with_expert("  - { at: 1m, do: \"inspect db\", confidence: 30 }\n")
            + "hints:\n  - { after: 4h, text: too late }\n";
        let p = problems(&text);
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "confidence 30 is out of range: a stated confidence is 50 to 100 (percent)",
                "hint #1 comes after 4h, at or after the end of the drill (4h)",
            ]
        );
        assert_eq!(p[1].loc, Loc::new(23, 7), "the hint's `after` key");
    }
}
