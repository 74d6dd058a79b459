//! Reading a scenario file: budgets against hostile input, then serde-saphyr's errors turned
//! into located diagnostics worded for instructors.
//!
//! A scenario comes from an instructor's editor, a generator or a stranger's pull request, so
//! the reader assumes nothing: the size is checked before parsing, nesting depth and alias
//! expansion are capped (a "billion laughs" file stops after a few thousand events), and the
//! node and event budgets grow with the input so a generated million-node estate still loads.
//! Every failure is one [`Diagnostic`] at the place the parser stopped, with "did you mean"
//! where a word is misspelt.

use std::cell::OnceCell;

use serde_saphyr::Error as YamlError;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::options::DuplicateKeyPolicy;

use crate::Diagnostic;
use crate::command::closest;
use crate::format::ScenarioFile;
use crate::outline::{Body, Node, Seg};
use crate::schema;
use crate::values::Loc;

const MIB: usize = 1024 * 1024;

/// The limits applied while reading a scenario. The defaults accept any hand-written file and
/// generated estates of a million nodes, and refuse hostile input quickly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest file accepted, in bytes; checked before parsing.
    pub max_input_bytes: usize,
    /// The deepest nesting of lists and mappings.
    pub max_depth: usize,
    /// The most alias uses (`*name`) in one file.
    pub max_aliases: usize,
    /// The most anchors (`&name`) in one file.
    pub max_anchors: usize,
    /// The most parser events that alias expansion may replay in total: what stops an alias
    /// bomb, whose expansion grows exponentially with its size.
    pub max_alias_replay: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 256 * MIB,
            max_depth: 64,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_alias_replay: 10_000,
        }
    }
}

impl Limits {
    /// serde-saphyr options for an input of `len` bytes. Node, event and scalar budgets scale
    /// with the input: without aliases a file cannot hold more nodes than it has bytes, so
    /// they only matter for what aliases replay, and that is capped separately.
    pub(crate) fn options(&self, len: usize) -> serde_saphyr::Options {
        let mut budget = serde_saphyr::Budget::default();
        budget.max_reader_input_bytes = Some(self.max_input_bytes);
        budget.max_depth = self.max_depth;
        budget.flow_nesting_limit = self.max_depth;
        budget.max_aliases = self.max_aliases;
        budget.max_anchors = self.max_anchors;
        budget.max_nodes = len.saturating_add(10_000);
        budget.max_events = len.saturating_mul(2).saturating_add(10_000);
        budget.max_total_scalar_bytes = len.saturating_add(MIB);
        budget.max_recorded_anchor_events = self.max_alias_replay;
        budget.max_recorded_anchor_bytes = MIB;
        let mut options = serde_saphyr::Options::default();
        options.budget = Some(budget);
        options.alias_limits.max_total_replayed_events = self.max_alias_replay;
        options.alias_limits.max_replay_stack_depth = 16;
        options.duplicate_keys = DuplicateKeyPolicy::Error;
        // Diagnostics render their own snippets; serde-saphyr's would be thrown away.
        options.with_snippet = false;
        options
    }
}

/// Reads the typed file, or the one diagnostic that says why it cannot be read: the first
/// problem only, what the parallel reader's tests compare against.
#[cfg(test)]
pub(crate) fn read(name: &str, text: &str, limits: &Limits) -> Result<ScenarioFile, Diagnostic> {
    match read_fast(name, text, limits)? {
        Some(file) => Ok(file),
        None => read_whole(name, text, limits),
    }
}

/// Reads the typed file, or every problem it has (see [`every_problem`]). The outline the
/// explanation of the first problem read is reused for the rest: a large file is not
/// outlined twice.
pub(crate) fn read_every_problem(
    name: &str,
    text: &str,
    limits: &Limits,
) -> Result<ScenarioFile, Vec<Diagnostic>> {
    if let Some(file) = read_fast(name, text, limits).map_err(|d| vec![d])? {
        return Ok(file);
    }
    read_doc_outlined::<ScenarioFile>(name, text, limits, Doc::Scenario).map_err(|f| {
        let (first, outline) = *f;
        every_problem(name, text, limits, first, outline)
    })
}

/// The checks before parsing, then the parallel reader: the file, `None` when only the
/// whole parse can say, or the problem that stops it before parsing.
fn read_fast(name: &str, text: &str, limits: &Limits) -> Result<Option<ScenarioFile>, Diagnostic> {
    if text.len() > limits.max_input_bytes {
        return Err(too_large(name, text.len(), limits));
    }
    if is_blank(text) {
        return Err(Diagnostic {
            file: name.to_owned(),
            // A whole-file problem, located where the first line would be written.
            loc: Loc::new(1, 1),
            message: "the file is empty: a scenario starts with `apiVersion: drillhall/v1`".into(),
            help: Some("`drillhall new ID` writes a scenario to start from".into()),
        });
    }
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    Ok(crate::parallel::read(text, limits, threads))
}

/// Reads the typed file in one parse, on this thread: the reference the parallel reader must
/// agree with (`read_every_problem` makes the same parse when the parallel reader declines).
#[cfg(test)]
pub(crate) fn read_whole(
    name: &str,
    text: &str,
    limits: &Limits,
) -> Result<ScenarioFile, Diagnostic> {
    read_doc::<ScenarioFile>(name, text, limits, Doc::Scenario)
}

/// What kind of document is being read, for the words of its messages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Doc {
    Scenario,
    /// A YAML action file: a list of steps.
    Actions,
}

/// Reads any document of the format's types (an action file's list of steps) under the
/// same budgets as a scenario, with its problem explained the same way.
pub(crate) fn read_as<T: serde::de::DeserializeOwned>(
    name: &str,
    text: &str,
    limits: &Limits,
) -> Result<T, Diagnostic> {
    read_doc(name, text, limits, Doc::Actions)
}

fn read_doc<T: serde::de::DeserializeOwned>(
    name: &str,
    text: &str,
    limits: &Limits,
    doc: Doc,
) -> Result<T, Diagnostic> {
    read_doc_outlined(name, text, limits, doc).map_err(|f| f.0)
}

/// The outline an explanation read: `None` if it never needed one, `Some(None)` if the
/// text has none (not YAML, or hostile).
type ReadOutline = Option<Option<Box<Node>>>;

fn read_doc_outlined<T: serde::de::DeserializeOwned>(
    name: &str,
    text: &str,
    limits: &Limits,
    doc: Doc,
) -> Result<T, Box<(Diagnostic, ReadOutline)>> {
    serde_saphyr::from_str_with_options::<T>(text, limits.options(text.len())).map_err(|e| {
        let cx = Context {
            text,
            limits,
            doc,
            outline: OnceCell::new(),
        };
        let (loc, message, help) = cx.explain_all(e.without_snippet());
        let d = Diagnostic {
            file: name.to_owned(),
            loc,
            message,
            help,
        };
        Box::new((d, cx.outline.into_inner().map(|o| o.ok().map(Box::new))))
    })
}

/// Every problem of a file the typed reader refused: the one it stopped at, and every
/// structural problem the outline shows against the schema (unknown keys, missing fields,
/// wrong words, values of the wrong shape), sorted by location. A file that is not YAML, or
/// trips a budget, has only the first: its outline cannot be read, or should not be.
pub(crate) fn every_problem(
    name: &str,
    text: &str,
    limits: &Limits,
    first: Diagnostic,
    outline: ReadOutline,
) -> Vec<Diagnostic> {
    let outline = outline.unwrap_or_else(|| {
        let mut options = limits.options(text.len());
        options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
        Node::parse(text, options).ok().map(Box::new)
    });
    let Some(outline) = outline else {
        return vec![first];
    };
    if !matches!(outline.body, Body::Map(_)) {
        return vec![first];
    }
    let mut all = vec![first];
    for d in crate::schema::conform::problems(name, &outline) {
        // The typed reader's own wording wins where both saw the same problem.
        if all
            .iter()
            .any(|a| a.loc == d.loc || (a.message == d.message && a.loc.line == d.loc.line))
        {
            continue;
        }
        all.push(d);
    }
    all.sort_by(|a, b| a.loc.cmp(&b.loc).then_with(|| a.message.cmp(&b.message)));
    all
}

/// The diagnostic for a file over the size limit.
pub(crate) fn too_large(name: &str, len: usize, limits: &Limits) -> Diagnostic {
    Diagnostic {
        file: name.to_owned(),
        loc: Loc::default(),
        message: format!(
            "the file is {} MiB; the largest scenario accepted is {} MiB",
            len.div_ceil(MIB),
            limits.max_input_bytes / MIB
        ),
        help: Some("split the estate, or raise the limit where the scenario is loaded".into()),
    }
}

/// Whether the text holds nothing but whitespace, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim_matches(['\u{feff}', ' ', '\t', '\r']);
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

fn loc_of(l: serde_saphyr::Location) -> Loc {
    Loc::new(
        u32::try_from(l.line()).unwrap_or(u32::MAX),
        u32::try_from(l.column()).unwrap_or(u32::MAX),
    )
}

/// What the explainer needs: the text, and its outline, read once and only if needed.
struct Context<'a> {
    text: &'a str,
    limits: &'a Limits,
    doc: Doc,
    /// The outline, or why it could not be read.
    outline: OnceCell<Result<Node, YamlError>>,
}

type Explained = (Loc, String, Option<String>);

impl Context<'_> {
    fn outline(&self) -> Option<&Node> {
        self.outline
            .get_or_init(|| {
                let mut options = self.limits.options(self.text.len());
                // Let repeated keys through so the first of a pair can be pointed at.
                options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
                Node::parse(self.text, options)
            })
            .as_ref()
            .ok()
    }

    /// Explains an error, unless reading the outline for it tripped a budget: a hostile file
    /// (an alias bomb hidden behind a type error) is then the problem worth reporting.
    fn explain_all(&self, e: &YamlError) -> Explained {
        let first = self.explain(e);
        match self.outline.get() {
            Some(Err(o)) if is_hostile(o) => self.explain(o),
            _ => first,
        }
    }

    /// The innermost mapping around a location, with its path.
    fn record_at(&self, at: Loc) -> Option<(Vec<Seg>, &Node)> {
        self.outline()?.maps_around(at).pop()
    }

    /// The key whose value starts at a location, with the path of that value.
    fn key_at(&self, at: Loc) -> Option<(Vec<Seg>, &str)> {
        let (mut path, map) = self.record_at(at)?;
        let e = map.entries().iter().find(|e| e.value.loc == at)?;
        path.push(Seg::Key(e.key.clone()));
        Some((path, &e.key))
    }

    /// " in workload `ci-deployer`", " at the top level", or nothing when unknown.
    fn place(&self, at: Loc) -> String {
        match (self.outline(), self.record_at(at)) {
            (Some(root), Some((path, _))) => format!(" {}", in_phrase(root, &path)),
            _ => String::new(),
        }
    }

    fn explain(&self, e: &YamlError) -> Explained {
        let loc = e.location().map(loc_of).unwrap_or_default();
        match e {
            YamlError::AliasError {
                error, locations, ..
            } => {
                // Point where the alias was used: that is where the expansion happened.
                let (at, message, help) = self.explain(error);
                let used = locations.reference_location;
                let at = if used.line() > 0 { loc_of(used) } else { at };
                (at, message, help)
            }
            YamlError::SerdeUnknownField {
                field, expected, ..
            } => {
                let help = match closest(field, expected.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the fields here are {}", word_list(expected)),
                };
                (
                    loc,
                    format!("unknown field `{field}`{}", self.place(loc)),
                    Some(help),
                )
            }
            YamlError::SerdeUnknownVariant {
                variant, expected, ..
            } => {
                let what = match self.key_at(loc) {
                    Some((_, key)) => format!("`{key}`"),
                    None => "word".into(),
                };
                let help = match closest(variant, expected.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of {}", word_list(expected)),
                };
                (
                    loc,
                    format!("`{variant}` is not a valid {what}{}", self.place(loc)),
                    Some(help),
                )
            }
            YamlError::SerdeMissingField { field, .. } => self.missing_field(field, loc),
            YamlError::DuplicateMappingKey { key, .. } => self.duplicate_key(key.as_deref(), loc),
            YamlError::Budget { breach, .. } => {
                let message = self.budget_message(breach);
                let help = matches!(
                    breach,
                    BudgetBreach::Aliases { .. }
                        | BudgetBreach::AliasAnchorRatio { .. }
                        | BudgetBreach::RecordedAnchorEvents { .. }
                        | BudgetBreach::RecordedAnchorBytes { .. }
                )
                .then(|| self.alias_help());
                (loc, message, help)
            }
            YamlError::AliasReplayLimitExceeded { .. }
            | YamlError::AliasExpansionLimitExceeded { .. }
            | YamlError::AliasReplayStackDepthExceeded { .. }
            | YamlError::AliasReplayCounterOverflow { .. } => (
                loc,
                "alias expansion in this file grows past the reader's limit (an \"alias bomb\")"
                    .into(),
                Some(self.alias_help()),
            ),
            YamlError::UnknownAnchor { .. } => (
                loc,
                "this alias (`*name`) refers to an anchor (`&name`) that is not defined before it"
                    .into(),
                Some("define the anchor earlier in the file, or write the value out".into()),
            ),
            YamlError::Eof { .. } => (
                loc,
                "the file ends in the middle of a value: it may have been cut short".into(),
                None,
            ),
            YamlError::MultipleDocuments { .. } => (
                loc,
                "the file holds more than one YAML document (`---`); a scenario is one document"
                    .into(),
                Some("put each scenario in its own file".into()),
            ),
            YamlError::SerdeInvalidType {
                unexpected,
                expected,
                ..
            }
            | YamlError::SerdeInvalidValue {
                unexpected,
                expected,
                ..
            } => {
                let field = self.field_words(loc);
                (
                    loc,
                    format!(
                        "{field}expects {}, found {unexpected}",
                        plain_expected(expected)
                    ),
                    None,
                )
            }
            YamlError::Unexpected { expected, .. }
                if *expected == "mapping start" && self.doc == Doc::Actions =>
            {
                // Read the outline all the same: an alias bomb behind this error is the
                // problem worth reporting (see `explain_all`).
                let _ = self.outline();
                (
                    loc,
                    "a step of a YAML action file is a mapping such as `{ at: 13m, do: \"logs tok-deploy\" }`".into(),
                    Some("or write the file as plain text, one step a line: `13m logs tok-deploy`".into()),
                )
            }
            YamlError::Unexpected { expected, .. }
                if *expected == "mapping start"
                    && self
                        .outline()
                        .is_none_or(|o| !matches!(o.body, Body::Map(_))) =>
            {
                (
                    loc,
                    "a scenario is a mapping of keys, but this file holds a list or a single value"
                        .into(),
                    Some(
                        "start the file with `apiVersion: drillhall/v1` and `kind: Scenario`"
                            .into(),
                    ),
                )
            }
            YamlError::Unexpected { expected, .. } => {
                let field = self.field_words(loc);
                (
                    loc,
                    format!("{field}expects {}", plain_expected(expected)),
                    None,
                )
            }
            YamlError::SerdeInvalidLength { expected, .. } => {
                let field = self.field_words(loc);
                (loc, format!("{field}expects {expected}"), None)
            }
            YamlError::NullIntoString { .. } => {
                let field = self.field_words(loc);
                (
                    loc,
                    format!("{field}is empty; it needs text"),
                    Some("write a value after the colon, or remove the key".into()),
                )
            }
            YamlError::InvalidScalar { ty, .. } => {
                // serde-saphyr's "invalid u8": a number out of the type's range, or not one.
                let field = self.field_words(loc);
                (loc, format!("{field}expects {}", plain_expected(ty)), None)
            }
            YamlError::Message { msg, .. } => {
                let msg = match self.key_at(loc) {
                    Some((_, key)) => format!("invalid `{key}`: {msg}"),
                    None => msg.clone(),
                };
                (loc, msg, None)
            }
            YamlError::ExternalMessage { msg, .. } => syntax(self.text, self.limits, loc, msg),
            other => (loc, strip_location(&other.to_string()), None),
        }
    }

    /// "`difficulty` " for the key whose value is at `loc`, or "this value ".
    fn field_words(&self, loc: Loc) -> String {
        match self.key_at(loc) {
            Some((path, key)) => {
                let root = self
                    .outline()
                    .expect("key_at found a key, so the outline was read");
                let parent = path.split_last().map_or(&[][..], |(_, p)| p);
                format!("`{key}` {} ", in_phrase(root, parent))
            }
            None => "this value ".into(),
        }
    }

    fn missing_field(&self, field: &str, loc: Loc) -> Explained {
        // serde-saphyr reports where the mapping ended; find the record that lacks the field.
        let found = self.outline().and_then(|root| {
            root.maps_around(loc)
                .into_iter()
                .rev()
                .find(|(path, map)| {
                    map.entry(field).is_none() && schema::record_fields(path).contains(&field)
                })
                .map(|(path, map)| (root, path, map.loc))
        });
        let Some((root, path, at)) = found else {
            return (loc, format!("missing field `{field}`"), None);
        };
        let mut field_path = path.clone();
        field_path.push(Seg::Key(field.to_owned()));
        let words = schema::enum_words(&field_path);
        let help = match (words.is_empty(), schema::field_description(&field_path)) {
            (false, _) => format!("add `{field}:`, one of {}", word_list(&words)),
            (true, Some(what)) => format!("add `{field}: …`: {what}"),
            (true, None) => format!("add `{field}: …`"),
        };
        let (at, message) = if path.is_empty() {
            (
                Loc::new(1, 1),
                format!(
                    "the scenario has no `{field}`: every scenario needs `apiVersion`, `kind`, `metadata` and `estate`"
                ),
            )
        } else {
            (
                at,
                format!("missing field `{field}` {}", in_phrase(root, &path)),
            )
        };
        (at, message, Some(help))
    }

    fn duplicate_key(&self, key: Option<&str>, loc: Loc) -> Explained {
        let Some(key) = key else {
            return (
                loc,
                "this key appears twice in the same mapping".into(),
                Some("YAML keeps one value per key: remove or rename one".into()),
            );
        };
        let first = self.record_at(loc).and_then(|(path, map)| {
            let e = map
                .entries()
                .iter()
                .find(|e| e.key == key && e.key_loc < loc)?;
            Some((path, e.key_loc))
        });
        match (first, self.outline()) {
            (Some((path, first)), Some(root)) => (
                loc,
                format!(
                    "the key `{key}` appears twice {}: first at line {}",
                    in_phrase(root, &path),
                    first.line
                ),
                Some("YAML keeps one value per key: remove or rename one".into()),
            ),
            _ => (
                loc,
                format!("the key `{key}` appears twice in the same mapping"),
                Some("YAML keeps one value per key: remove or rename one".into()),
            ),
        }
    }

    fn alias_help(&self) -> String {
        let what = match self.doc {
            Doc::Scenario => "a scenario",
            Doc::Actions => "an action file",
        };
        format!(
            "{what} needs few YAML aliases (`*name`): write the values out (aliases may replay at most {} events)",
            self.limits.max_alias_replay
        )
    }

    fn budget_message(&self, breach: &BudgetBreach) -> String {
        match breach {
            BudgetBreach::Depth { .. } => format!(
                "lists and mappings nest deeper than {} levels here; a scenario never needs that",
                self.limits.max_depth
            ),
            BudgetBreach::Aliases { .. } => format!(
                "the file uses more than {} aliases (`*name`); is this an alias bomb?",
                self.limits.max_aliases
            ),
            BudgetBreach::Anchors { .. } => format!(
                "the file defines more than {} anchors (`&name`)",
                self.limits.max_anchors
            ),
            BudgetBreach::AliasAnchorRatio { aliases, anchors } => format!(
                "the file uses {aliases} aliases for {anchors} anchors: alias expansion like this is an alias bomb"
            ),
            BudgetBreach::RecordedAnchorEvents { .. }
            | BudgetBreach::RecordedAnchorBytes { .. } => {
                "alias expansion in this file grows past the reader's limit (an \"alias bomb\")"
                    .into()
            }
            BudgetBreach::InputBytes { .. } => format!(
                "the file is larger than {} MiB",
                self.limits.max_input_bytes / MIB
            ),
            BudgetBreach::Documents { .. } => {
                "the file holds many YAML documents (`---`); a scenario is one document".into()
            }
            BudgetBreach::Events { .. }
            | BudgetBreach::Nodes { .. }
            | BudgetBreach::ScalarBytes { .. } => {
                "the file expands to far more YAML than its size holds: aliases or merge keys replay too much"
                    .into()
            }
            BudgetBreach::MergeKeys { .. } => {
                "the file uses more merge keys (`<<:`) than the reader allows".into()
            }
            BudgetBreach::SequenceUnbalanced => {
                "the file's lists and mappings do not close in the order they open".into()
            }
            // Inclusion, property expansion and (with features drillhall does not enable)
            // comment budgets: worded once, without the reader's internal names.
            _ => "the file asks the reader to expand more than it allows".into(),
        }
    }
}

/// Whether an error says the file is hostile (it trips a budget meant for attacks), rather than
/// merely wrong.
fn is_hostile(e: &YamlError) -> bool {
    match e {
        YamlError::AliasError { error, .. } => is_hostile(error),
        YamlError::Budget { .. }
        | YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. } => true,
        _ => false,
    }
}

/// A YAML syntax error from the scanner or parser, reworded where instructors trip.
fn syntax(text: &str, limits: &Limits, loc: Loc, msg: &str) -> Explained {
    let msg = strip_location(msg);
    if msg.contains("tab") {
        // The scanner stops after the tab, sometimes on the line before it (a plain scalar
        // may continue onto the next line); point at the tab itself.
        let at = text
            .lines()
            .enumerate()
            .skip((loc.line as usize).saturating_sub(1))
            .take(3)
            .find_map(|(i, line)| {
                let tab = line
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .position(|c| c == '\t')?;
                Some(Loc::new(i as u32 + 1, tab as u32 + 1))
            })
            .unwrap_or(loc);
        return (
            at,
            "a tab in the indentation: YAML indents with spaces".into(),
            Some("replace the tab with spaces (two per level, as in the rest of the file)".into()),
        );
    }
    if msg == "recursion limit exceeded" {
        return (
            loc,
            format!(
                "lists and mappings nest deeper than {} levels here; a scenario never needs that",
                limits.max_depth
            ),
            None,
        );
    }
    if let Some(open) = msg.strip_prefix("unclosed bracket '") {
        let open = open.trim_end_matches('\'');
        let close = if open == "[" { "]" } else { "}" };
        return (
            loc,
            format!("this `{open}` is never closed: the file may have been cut short"),
            Some(format!("add the missing `{close}`")),
        );
    }
    if msg == "unclosed quote" {
        return (
            loc,
            "this quoted text is never closed: the file may have been cut short".into(),
            Some("add the closing quote".into()),
        );
    }
    (loc, format!("invalid YAML: {msg}"), None)
}

/// serde-saphyr appends " at line N, column M" to messages; the diagnostic has its own.
fn strip_location(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) if msg.get(i..).is_some_and(|t| t.contains(", column ")) => {
            msg.get(..i).unwrap_or(msg).to_owned()
        }
        _ => msg.to_owned(),
    }
}

fn plain_expected(expected: &str) -> String {
    match expected {
        "string scalar" => "a single value, not a list or a mapping".into(),
        "mapping start" => "a mapping of keys (`key: value`), not a list or a single value".into(),
        "sequence start" => "a list, not a mapping or a single value".into(),
        "u8" => "a whole number from 0 to 255".into(),
        "u16" => "a whole number from 0 to 65535".into(),
        "u32" => "a whole number from 0 to 4294967295".into(),
        "u64" | "usize" => "a whole number of at least 0".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "a boolean" | "bool" => "`true` or `false`".into(),
        other => other.to_owned(),
    }
}

/// `a`, `b` or `c` (at most 12 words): the choices.
pub(crate) fn word_list(words: &[&str]) -> String {
    joined(words, "or")
}

/// `a`, `b` and `c` (at most 12 words): all of them.
pub(crate) fn word_list_all(words: &[&str]) -> String {
    joined(words, "and")
}

fn joined(words: &[&str], conjunction: &str) -> String {
    let shown: Vec<String> = words.iter().take(12).map(|w| format!("`{w}`")).collect();
    let more = if words.len() > 12 { ", …" } else { "" };
    match shown.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{more} {conjunction} {last}", rest.join(", ")),
    }
}

/// Lists whose items are records, by the path of the list (`*` is any key), with the noun
/// for one item and whether items carry an `id`.
const COLLECTIONS: &[(&[&str], &str)] = &[
    (&["estate", "teams"], "team"),
    (&["estate", "workloads"], "workload"),
    (&["estate", "identities"], "identity"),
    (&["estate", "credentials"], "credential"),
    (&["estate", "resources"], "resource"),
    (&["estate", "grants"], "grant"),
    (&["injects"], "inject"),
    (&["detections"], "detection"),
    (&["objectives"], "objective"),
    (&["expert"], "expert step"),
    (&["hints"], "hint"),
];

/// Describes the record at a path, for a message: "in `metadata`", "in workload `ci-deployer`",
/// "in `schedule` of workload `release-bot`", "at the top level".
pub(crate) fn in_phrase(root: &Node, path: &[Seg]) -> String {
    if path.is_empty() {
        "at the top level".into()
    } else {
        format!("in {}", noun_phrase(root, path))
    }
}

fn noun_phrase(root: &Node, path: &[Seg]) -> String {
    // The innermost list item that is a record of a known collection names the record.
    for i in (0..path.len()).rev() {
        let (Some(&Seg::Index(n)), Some(list)) = (path.get(i), path.get(..i)) else {
            continue;
        };
        let noun = collection_noun(list);
        let Some(noun) = noun else { continue };
        let item = path.get(..=i).and_then(|p| root.at(p));
        let mut phrase = match item
            .and_then(|it| it.entry("id"))
            .and_then(|e| e.value.scalar())
        {
            Some(id) if !id.is_empty() => format!("{noun} `{id}`"),
            _ => format!("{noun} #{}", n + 1),
        };
        if let [Seg::Key(k), Seg::Key(name)] = list
            && k == "known_bad"
        {
            phrase = format!("step #{} of `known_bad.{name}`", n + 1);
        }
        let rest = path.get(i + 1..).unwrap_or(&[]);
        if !rest.is_empty() {
            phrase = format!("`{}` of {phrase}", dotted(rest));
        }
        return phrase;
    }
    format!("`{}`", dotted(path))
}

fn collection_noun(list: &[Seg]) -> Option<&'static str> {
    let keys: Vec<&str> = list
        .iter()
        .map(|s| match s {
            Seg::Key(k) => k.as_str(),
            Seg::Index(_) => "[]",
        })
        .collect();
    // A list at the top of a document is an action file's steps.
    if keys.is_empty() {
        return Some("step");
    }
    if let ["known_bad", _] = keys.as_slice() {
        return Some("step");
    }
    if let ["estate", "workloads", "[]", "needs"] = keys.as_slice() {
        return Some("`needs` entry");
    }
    COLLECTIONS
        .iter()
        .find(|(p, _)| *p == keys.as_slice())
        .map(|(_, noun)| *noun)
}

fn dotted(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_lose_serde_saphyrs_location_suffix() {
        assert_eq!(
            strip_location("unknown field `x` at line 3, column 7"),
            "unknown field `x`"
        );
        assert_eq!(strip_location("at line one"), "at line one");
    }

    #[test]
    fn word_lists_read_as_prose() {
        assert_eq!(word_list(&["a"]), "`a`");
        assert_eq!(word_list(&["a", "b", "c"]), "`a`, `b` or `c`");
    }

    #[test]
    fn records_are_named_by_their_id_or_position() {
        let root = Node::parse(
            "estate:\n  workloads:\n    - { id: api, schedule: { every: 0 } }\n  grants:\n    - { identity: a }\nknown_bad:\n  panic:\n    - { at: 1m }\n",
            serde_saphyr::Options::default(),
        )
        .expect("the test text is YAML");
        let k = |s: &str| Seg::Key(s.into());
        let p = [k("estate"), k("workloads"), Seg::Index(0), k("schedule")];
        assert_eq!(in_phrase(&root, &p), "in `schedule` of workload `api`");
        assert_eq!(
            in_phrase(&root, &[k("estate"), k("grants"), Seg::Index(0)]),
            "in grant #1"
        );
        assert_eq!(
            in_phrase(&root, &[k("known_bad"), k("panic"), Seg::Index(0)]),
            "in step #1 of `known_bad.panic`"
        );
        assert_eq!(in_phrase(&root, &[k("metadata")]), "in `metadata`");
        assert_eq!(in_phrase(&root, &[]), "at the top level");
    }
}
