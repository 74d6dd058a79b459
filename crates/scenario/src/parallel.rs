//! Reading a large estate on every core: the long lists of `estate:` parsed in pieces.
//!
//! A generated estate of a hundred thousand nodes is a few long block sequences
//! (`workloads`, `identities`, `credentials`, `resources`, `grants`), one item a line, and
//! parsing them is nearly all of the load time. Their items are independent, so each list is
//! cut at item boundaries and the pieces are parsed on separate threads, each as a standalone
//! YAML sequence of the item type. A piece keeps its original indentation (YAML allows an
//! indented root) and is prefixed by as many newlines as lines precede it, so every located
//! value comes out at exactly the line and column the whole-file parse gives it. The rest of
//! the file (the skeleton: the text with those lists' items blanked, except the first item of
//! each) is parsed as usual, and the pieces are spliced back in order.
//!
//! The result must be the one the whole-file parse gives, so the pieces are only used when
//! that is certain, and [`read`] returns `None` (the caller then parses the whole file as
//! usual, so errors are always the usual ones) on any doubt:
//!
//! - A list is cut only where it is written in block style: its key alone on a line directly
//!   under `estate:`, its items each starting with `- ` at one deeper indentation, every other
//!   line in it blank or indented at least as deep as the items. The list ends at the first
//!   line indented no deeper than its key.
//! - Its text holds no anchor, alias, tag or block scalar indicator (`&`, `*`, `!`, `|`, `>`),
//!   no tab, and no line break other than `\n` and `\r\n`, so line numbers count the same
//!   and no piece can depend on text outside it.
//! - Every piece parses. A piece that ends inside a quoted scalar or a flow collection (one
//!   that the whole-file parse would continue onto the next item) is an error at its end.
//! - The skeleton parses, and its `estate` list holds exactly the one item it kept, at the
//!   place the first piece found it. That proves the key is the estate's key in block context
//!   (not text inside a string or a flow collection), so the scanner meets each piece's items
//!   in the same state, and the items of a piece tokenise the same in both parses.
//! - A repeated key or a merge key (`<<`) in an item fails its piece: the items' records are
//!   derived with `deny_unknown_fields` and refuse a repeated field themselves, so the pieces
//!   skip serde-saphyr's own (hashing) check for repeated keys.
//! - Budgets are never looser: a piece may nest two levels less deep than the file (it lacks
//!   the top-level mapping and `estate:`), and node, event and scalar budgets are shared out
//!   in proportion to the bytes each parse reads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::de::DeserializeOwned;
use serde_saphyr::options::{DuplicateKeyPolicy, MergeKeyPolicy};

use crate::format::{
    CredentialSpec, EstateSpec, GrantSpec, IdentitySpec, ResourceSpec, ScenarioFile, WorkloadSpec,
};
use crate::load::Limits;
use crate::values::{At, Loc};

/// Files smaller than this are parsed whole: threads would cost more than they save.
pub(crate) const MIN_PARALLEL_BYTES: usize = 1024 * 1024;

/// Lists shorter than this stay in the skeleton.
const MIN_LIST_BYTES: usize = 64 * 1024;

/// The smallest piece worth a parse of its own.
const MIN_PIECE_BYTES: usize = 128 * 1024;

/// Pieces per thread: enough that the threads finish together.
const PIECES_PER_THREAD: usize = 16;

/// How many levels a piece's items sit less deep than in the whole file: the top-level
/// mapping and the `estate` mapping.
const PIECE_DEPTH_SAVING: usize = 2;

/// The estate lists that are read in pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum List {
    Workloads,
    Identities,
    Credentials,
    Resources,
    Grants,
}

impl List {
    const ALL: [List; 5] = [
        List::Workloads,
        List::Identities,
        List::Credentials,
        List::Resources,
        List::Grants,
    ];

    fn key(self) -> &'static str {
        match self {
            List::Workloads => "workloads",
            List::Identities => "identities",
            List::Credentials => "credentials",
            List::Resources => "resources",
            List::Grants => "grants",
        }
    }

    /// Reads a piece with the one-item-a-line reader, when every line of it is in its shape.
    fn read_lines(self, piece: &str, lines_before: usize) -> Option<Items> {
        use crate::fastline::read;
        Some(match self {
            List::Workloads => Items::Workloads(read(piece, lines_before)?),
            List::Identities => Items::Identities(read(piece, lines_before)?),
            List::Credentials => Items::Credentials(read(piece, lines_before)?),
            List::Resources => Items::Resources(read(piece, lines_before)?),
            List::Grants => Items::Grants(read(piece, lines_before)?),
        })
    }

    fn parse(self, text: &str, options: serde_saphyr::Options) -> Option<Items> {
        fn of<T: DeserializeOwned>(text: &str, options: serde_saphyr::Options) -> Option<Vec<T>> {
            serde_saphyr::from_str_with_options::<Vec<T>>(text, options).ok()
        }
        Some(match self {
            List::Workloads => Items::Workloads(of(text, options)?),
            List::Identities => Items::Identities(of(text, options)?),
            List::Credentials => Items::Credentials(of(text, options)?),
            List::Resources => Items::Resources(of(text, options)?),
            List::Grants => Items::Grants(of(text, options)?),
        })
    }
}

/// The items of one piece.
enum Items {
    Workloads(Vec<WorkloadSpec>),
    Identities(Vec<IdentitySpec>),
    Credentials(Vec<CredentialSpec>),
    Resources(Vec<ResourceSpec>),
    Grants(Vec<At<GrantSpec>>),
}

impl Items {
    fn len(&self) -> usize {
        match self {
            Items::Workloads(v) => v.len(),
            Items::Identities(v) => v.len(),
            Items::Credentials(v) => v.len(),
            Items::Resources(v) => v.len(),
            Items::Grants(v) => v.len(),
        }
    }

    fn reserve(&mut self, more: usize) {
        match self {
            Items::Workloads(v) => v.reserve_exact(more),
            Items::Identities(v) => v.reserve_exact(more),
            Items::Credentials(v) => v.reserve_exact(more),
            Items::Resources(v) => v.reserve_exact(more),
            Items::Grants(v) => v.reserve_exact(more),
        }
    }
}

/// An item whose position identifies it: its id, or the grant itself.
trait Located {
    fn anchor(&self) -> Loc;
}

impl Located for WorkloadSpec {
    fn anchor(&self) -> Loc {
        self.id.loc
    }
}
impl Located for IdentitySpec {
    fn anchor(&self) -> Loc {
        self.id.loc
    }
}
impl Located for CredentialSpec {
    fn anchor(&self) -> Loc {
        self.id.loc
    }
}
impl Located for ResourceSpec {
    fn anchor(&self) -> Loc {
        self.id.loc
    }
}
impl Located for At<GrantSpec> {
    fn anchor(&self) -> Loc {
        self.loc
    }
}

/// One list of the estate written in block style, found in the text.
struct Region {
    list: List,
    /// Byte ranges of the pieces, in order; together they cover the list's items.
    pieces: Vec<Piece>,
    /// Where the skeleton stops keeping text (the end of the first item) and resumes (the
    /// end of the list).
    first_item_end: usize,
    end: usize,
}

/// A piece of a list: its text and the number of lines before it.
#[derive(Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    lines_before: usize,
}

/// A line of the text: where it starts and ends (without its `\n`), and its 0-based number.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    number: usize,
}

impl Line {
    fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end)
            .expect("invariant: lines start and end at newlines, which are character boundaries")
    }
}

fn lines(text: &str) -> impl Iterator<Item = Line> + '_ {
    let mut start = 0;
    let mut number = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text
            .get(start..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| start + i);
        let line = Line { start, end, number };
        start = end + 1;
        number += 1;
        Some(line)
    })
}

/// Leading spaces.
fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether a line holds nothing but spaces (and a `\r`).
fn is_blank(line: &str) -> bool {
    line.trim_end_matches('\r').bytes().all(|b| b == b' ')
}

/// Whether a line starts a list item at exactly `indent` spaces.
fn is_item_start(line: &str, indent: usize) -> bool {
    indentation(line) == indent
        && matches!(
            line.as_bytes().get(indent..),
            Some([b'-'] | [b'-', b' ' | b'\r', ..])
        )
}

/// Whether the text of a list is free of everything that could make a piece depend on text
/// outside it or count lines differently: anchors, aliases, tags, block scalars, tabs, and
/// line breaks other than `\n` and `\r\n` (including the ones YAML 1.1 knew: NEL, LS, PS).
fn is_self_contained(list: &str) -> bool {
    let bytes = list.as_bytes();
    // Nearly every list holds none of the bytes that need a closer look: find that out a
    // block at a time (a loop without early exit, which the compiler vectorises).
    let suspect = |b: u8| {
        matches!(
            b,
            b'&' | b'*' | b'!' | b'|' | b'>' | b'\t' | b'\r' | 0xC2 | 0xE2
        )
    };
    if bytes
        .chunks(64)
        .all(|block| !block.iter().fold(false, |any, &b| any | suspect(b)))
    {
        return true;
    }
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'&' | b'*' | b'!' | b'|' | b'>' | b'\t' => false,
        b'\r' => bytes.get(i + 1) == Some(&b'\n'),
        0xC2 => bytes.get(i + 1) != Some(&0x85),
        0xE2 => !matches!(bytes.get(i + 1..i + 3), Some([0x80, 0xA8 | 0xA9])),
        _ => true,
    })
}

/// Finds the estate lists worth reading in pieces, cut into about `pieces_wanted` pieces in
/// all; `None` when the text is laid out in a way the fast path does not prove safe.
fn find_regions(text: &str, pieces_wanted: usize) -> Option<Vec<Region>> {
    let mut all = lines(text).peekable();
    // `estate:` alone on a line at the top level.
    all.find(|l| l.text(text).trim_end_matches([' ', '\r']) == "estate:")?;
    let mut found: Vec<(List, Vec<Line>)> = Vec::new();
    let mut key_indent = None;
    while let Some(line) = all.next() {
        let t = line.text(text);
        if is_blank(t) {
            continue;
        }
        let indent = indentation(t);
        if indent == 0 {
            break;
        }
        let key_indent = *key_indent.get_or_insert(indent);
        if indent != key_indent {
            continue;
        }
        let key = t.trim_end_matches([' ', '\r']);
        let Some(list) = List::ALL
            .into_iter()
            .find(|l| key.strip_suffix(':').map(str::trim_start) == Some(l.key()))
        else {
            continue;
        };
        // The items: from the first line after the key to the last line indented deeper than
        // the key; the first must start an item one level deeper.
        let mut items = Vec::new();
        while let Some(next) = all.peek() {
            let nt = next.text(text);
            if !is_blank(nt) && indentation(nt) <= key_indent {
                break;
            }
            items.push(*next);
            all.next();
        }
        while items.last().is_some_and(|l| is_blank(l.text(text))) {
            items.pop();
        }
        found.push((list, items));
    }
    let total: usize = found
        .iter()
        .filter_map(|(_, items)| Some(items.last()?.end - items.first()?.start))
        .sum();
    let piece_bytes = (total / pieces_wanted.max(1)).max(MIN_PIECE_BYTES);
    let mut regions = Vec::new();
    for (list, items) in found {
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            continue;
        };
        if last.end - first.start < MIN_LIST_BYTES {
            continue;
        }
        let first_text = first.text(text);
        let item_indent = indentation(first_text);
        if !is_item_start(first_text, item_indent) {
            return None;
        }
        if !is_self_contained(text.get(first.start..last.end)?) {
            return None;
        }
        let mut pieces = Vec::new();
        let mut piece_start = *first;
        let mut first_item_end = None;
        for line in items.get(1..).unwrap_or(&[]) {
            let t = line.text(text);
            if !is_blank(t) && indentation(t) < item_indent {
                return None;
            }
            if !is_item_start(t, item_indent) {
                continue;
            }
            first_item_end.get_or_insert(line.start);
            if line.start - piece_start.start >= piece_bytes {
                pieces.push(Piece {
                    start: piece_start.start,
                    end: line.start,
                    lines_before: piece_start.number,
                });
                piece_start = *line;
            }
        }
        pieces.push(Piece {
            start: piece_start.start,
            end: last.end,
            lines_before: piece_start.number,
        });
        regions.push(Region {
            list,
            pieces,
            first_item_end: first_item_end.unwrap_or(last.end),
            end: last.end,
        });
    }
    (!regions.is_empty()).then_some(regions)
}

/// The skeleton: the text with every region's items after the first replaced by empty lines.
fn skeleton(text: &str, regions: &[Region]) -> String {
    let mut out = String::with_capacity(text.len() / 8);
    let mut at = 0;
    for r in regions {
        let (kept, dropped) = text
            .get(at..r.first_item_end)
            .zip(text.get(r.first_item_end..r.end))
            .expect("invariant: regions start and end at newlines, which are character boundaries");
        out.push_str(kept);
        out.extend(std::iter::repeat_n('\n', dropped.matches('\n').count()));
        at = r.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// serde-saphyr options for one of the parses that together stand for the parse of a file of
/// `total` bytes: this one reads `own` bytes of the `shared` that all of them read. Node, event
/// and scalar budgets are shared out in proportion, so that if every parse keeps within its
/// share, the whole file (which has no more nodes, events or scalar bytes than all the parses
/// together) keeps within its budget; the depth budget is lowered by `depth_saving` levels.
fn share_options(
    limits: &Limits,
    total: usize,
    shared: usize,
    own: usize,
    depth_saving: usize,
) -> serde_saphyr::Options {
    let mut options = limits.options(total);
    let whole = limits.options(total);
    let share = |budget: usize| -> usize {
        // Rounded down; u128 so the product cannot overflow.
        let scaled = budget as u128 * own as u128 / shared.max(1) as u128;
        usize::try_from(scaled).unwrap_or(budget)
    };
    if let (Some(b), Some(w)) = (options.budget.as_mut(), whole.budget.as_ref()) {
        b.max_nodes = share(w.max_nodes);
        b.max_events = share(w.max_events);
        b.max_total_scalar_bytes = share(w.max_total_scalar_bytes);
        b.max_depth = w.max_depth.saturating_sub(depth_saving);
    }
    options
}

/// serde-saphyr options for one piece: its share of the budgets, and no bookkeeping of the
/// keys of each mapping. Every mapping in an item is a derived record that refuses a repeated
/// field (and an unknown one) by itself, so letting repeated keys through to it still fails
/// the piece on a repeated key, and the whole-file parse then reports it as usual; a merge key
/// (`<<`), which needs that bookkeeping, fails the piece too.
fn piece_options(
    limits: &Limits,
    total: usize,
    shared: usize,
    own: usize,
) -> serde_saphyr::Options {
    let mut options = share_options(limits, total, shared, own, PIECE_DEPTH_SAVING);
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    options.merge_keys = MergeKeyPolicy::Error;
    options
}

/// Reads a large file with its estate lists parsed in pieces on `threads` threads. `None`
/// when the fast path does not apply or anything in it fails: the caller then parses the
/// whole file, which gives the usual result or the usual error.
pub(crate) fn read(text: &str, limits: &Limits, threads: usize) -> Option<ScenarioFile> {
    if text.len() < MIN_PARALLEL_BYTES || threads < 2 {
        return None;
    }
    let regions = find_regions(text, threads * PIECES_PER_THREAD)?;
    // A directive (`%YAML`, `%TAG`) could change how the pieces, which lack it, are read.
    let first = regions.first().and_then(|r| r.pieces.first())?.start;
    if text.get(..first)?.lines().any(|l| l.starts_with('%')) {
        return None;
    }
    let skeleton = skeleton(text, &regions);
    let shared = skeleton.len()
        + regions
            .iter()
            .flat_map(|r| &r.pieces)
            .map(|p| p.end - p.start)
            .sum::<usize>();
    let jobs: Vec<(List, Piece)> = regions
        .iter()
        .flat_map(|r| r.pieces.iter().map(|p| (r.list, *p)))
        .collect();
    let results: Vec<Mutex<Option<Items>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let failed = std::sync::atomic::AtomicBool::new(false);
    let next = AtomicUsize::new(0);
    let work = || {
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(list, piece)) = jobs.get(i) else {
                break;
            };
            let own = text.get(piece.start..piece.end).expect(
                "invariant: pieces start and end at newlines, which are character boundaries",
            );
            if let Some(items) = list.read_lines(own, piece.lines_before) {
                if let Some(slot) = results.get(i) {
                    *slot.lock().expect("a piece's slot is written once") = Some(items);
                }
                continue;
            }
            let mut piece_text = String::with_capacity(piece.lines_before + own.len());
            piece_text.extend(std::iter::repeat_n('\n', piece.lines_before));
            piece_text.push_str(own);
            let options = piece_options(limits, text.len(), shared, own.len());
            match list.parse(&piece_text, options) {
                Some(items) => {
                    if let Some(slot) = results.get(i) {
                        *slot.lock().expect("a piece's slot is written once") = Some(items);
                    }
                }
                None => failed.store(true, Ordering::Relaxed),
            }
        }
    };
    let skeleton_file = std::thread::scope(|s| {
        for _ in 1..threads {
            s.spawn(work);
        }
        let options = share_options(limits, text.len(), shared, skeleton.len(), 0);
        let file = serde_saphyr::from_str_with_options::<ScenarioFile>(&skeleton, options).ok();
        work();
        file
    })?;
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    let mut file = skeleton_file;
    let mut pieces = jobs
        .iter()
        .zip(results)
        .map(|(&(list, _), slot)| (list, slot.into_inner().ok().flatten()));
    for region in &regions {
        let mut parts = Vec::with_capacity(region.pieces.len());
        for _ in &region.pieces {
            let (list, piece) = pieces.next()?;
            debug_assert_eq!(list, region.list);
            parts.push(piece?);
        }
        // Room for the whole list in the first piece's items, so each item moves once.
        let total = parts.iter().map(Items::len).sum::<usize>();
        let mut parts = parts.into_iter();
        let mut items = parts.next()?;
        items.reserve(total - items.len());
        for more in parts {
            items = append(items, more)?;
        }
        splice(&mut file.estate, items)?;
    }
    Some(file)
}

/// The items of two consecutive pieces of one list.
fn append(acc: Items, more: Items) -> Option<Items> {
    fn joined<T>(mut a: Vec<T>, b: Vec<T>) -> Vec<T> {
        a.extend(b);
        a
    }
    Some(match (acc, more) {
        (Items::Workloads(a), Items::Workloads(b)) => Items::Workloads(joined(a, b)),
        (Items::Identities(a), Items::Identities(b)) => Items::Identities(joined(a, b)),
        (Items::Credentials(a), Items::Credentials(b)) => Items::Credentials(joined(a, b)),
        (Items::Resources(a), Items::Resources(b)) => Items::Resources(joined(a, b)),
        (Items::Grants(a), Items::Grants(b)) => Items::Grants(joined(a, b)),
        _ => return None,
    })
}

/// Puts a list's items in place of the one item the skeleton kept, after checking that it
/// kept exactly that item at the same place: the proof that the list is the estate's.
fn splice(estate: &mut EstateSpec, items: Items) -> Option<()> {
    fn put<T: Located>(kept: &mut Vec<T>, items: Vec<T>) -> Option<()> {
        match (kept.as_slice(), items.first()) {
            ([only], Some(first))
                if only.anchor() == first.anchor() && first.anchor().is_known() =>
            {
                *kept = items;
                Some(())
            }
            _ => None,
        }
    }
    match items {
        Items::Workloads(v) => put(&mut estate.workloads, v),
        Items::Identities(v) => put(&mut estate.identities, v),
        Items::Credentials(v) => put(&mut estate.credentials, v),
        Items::Resources(v) => put(&mut estate.resources, v),
        Items::Grants(v) => put(&mut estate.grants, v),
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::load::read_whole;
    use crate::synth::generate;

    /// Every located id and reference of the estate lists, one a line.
    fn locations(file: &ScenarioFile) -> String {
        let mut out = String::new();
        let mut id = |what: &str, a: &At<String>| {
            writeln!(out, "{what} {} {}:{}", a.value, a.loc.line, a.loc.col)
                .expect("writing to a String cannot fail");
        };
        let bare = |loc: Loc| At::new(String::new(), loc);
        let e = &file.estate;
        for w in &e.workloads {
            id("workload", &w.id);
            w.owner.iter().for_each(|o| id("owner", o));
            w.runs_as.iter().for_each(|o| id("runs_as", o));
            w.holds.iter().for_each(|o| id("holds", o));
            for n in &w.needs {
                id("needs", &n.resource);
            }
        }
        for i in &e.identities {
            id("identity", &i.id);
            i.owner.iter().for_each(|o| id("owner", o));
            i.can_assume.iter().for_each(|o| id("can_assume", o));
            i.controls.iter().for_each(|o| id("controls", o));
        }
        for c in &e.credentials {
            id("credential", &c.id);
            id("authenticates", &c.authenticates);
        }
        for r in &e.resources {
            id("resource", &r.id);
            r.owner.iter().for_each(|o| id("owner", o));
            r.stores.iter().for_each(|o| id("stores", o));
            r.runs.iter().for_each(|o| id("runs", o));
        }
        for g in &e.grants {
            id("grant", &bare(g.loc));
            id("identity", &g.identity);
            id("resource", &g.resource);
        }
        for i in &file.injects {
            id("inject", &bare(i.loc));
        }
        id("metadata.id", &file.metadata.id);
        out
    }

    fn assert_same(fast: &ScenarioFile, whole: &ScenarioFile) {
        assert_eq!(
            serde_json::to_value(fast).expect("a scenario serialises"),
            serde_json::to_value(whole).expect("a scenario serialises")
        );
        assert_eq!(locations(fast), locations(whole));
    }

    #[test]
    fn a_generated_estate_read_in_pieces_equals_the_whole_file_parse() {
        for (nodes, seed) in [(6_000, 1), (9_000, 7), (15_000, 3)] {
            let text = generate(nodes, seed);
            let limits = Limits::default();
            let whole = read_whole("g.yaml", &text, &limits).expect("generated text loads");
            for threads in [2, 3] {
                let fast = read(&text, &limits, threads).expect("the fast path applies");
                assert_same(&fast, &whole);
            }
        }
    }

    /// The generated text with the line holding `marker` (the `n`th such line) changed.
    fn with_line_changed(
        text: &str,
        marker: &str,
        n: usize,
        change: impl Fn(&str) -> String,
    ) -> (String, u32) {
        let mut seen = 0;
        let mut changed_line = 0;
        let out: Vec<String> = text
            .split('\n')
            .enumerate()
            .map(|(i, line)| {
                if line.contains(marker) {
                    seen += 1;
                    if seen == n {
                        changed_line = u32::try_from(i + 1).expect("the test text is short");
                        return change(line);
                    }
                }
                line.to_owned()
            })
            .collect();
        assert!(
            changed_line > 0,
            "the generated text has {n} lines with `{marker}`"
        );
        (out.join("\n"), changed_line)
    }

    #[test]
    fn every_piece_of_a_generated_estate_is_read_without_the_yaml_parser() {
        let text = generate(9_000, 7);
        let regions = find_regions(&text, 8).expect("a generated estate has long lists");
        let mut pieces = 0;
        for r in &regions {
            for p in &r.pieces {
                let own = text.get(p.start..p.end).expect("pieces are whole lines");
                let items = r.list.read_lines(own, p.lines_before);
                assert!(
                    items.is_some(),
                    "{:?} piece at line {}",
                    r.list,
                    p.lines_before + 1
                );
                pieces += 1;
            }
        }
        assert!(pieces >= 5, "{pieces}");
    }

    #[test]
    fn an_item_written_over_two_lines_is_read_in_pieces_at_the_same_places() {
        let (text, _) = with_line_changed(&generate(12_000, 5), "{ id: wl-", 500, |l| {
            l.replacen(", kind:", ",\n        kind:", 1)
        });
        let limits = Limits::default();
        let whole = read_whole("m.yaml", &text, &limits).expect("the text is valid YAML");
        let fast = read(&text, &limits, 2).expect("the fast path applies");
        assert_same(&fast, &whole);
    }

    #[test]
    fn an_error_in_a_piece_falls_back_to_the_whole_file_diagnostic() {
        let (text, line) = with_line_changed(&generate(12_000, 2), "{ identity:", 3_000, |l| {
            l.replacen("permission:", "permision:", 1)
        });
        let limits = Limits::default();
        assert!(read(&text, &limits, 2).is_none());
        let expected = read_whole("e.yaml", &text, &limits).expect_err("a field is misspelt");
        assert_eq!(expected.loc.line, line, "{expected:?}");
        assert!(
            expected.message.contains("unknown field `permision`"),
            "{expected:?}"
        );
        let got = crate::load::read("e.yaml", &text, &limits).expect_err("a field is misspelt");
        assert_eq!(got, expected);
    }

    #[test]
    fn a_repeated_key_in_an_item_falls_back_to_the_whole_file_diagnostic() {
        let text = generate(12_000, 6);
        let twice = "{ hidden: true, hidden: true, ";
        // The `n`th line holding the marker, and the text put in place of its first `from`.
        let cases = [
            ("{ id: wl-", 2_000, "{ ", twice),
            ("{ id: id-", 4_000, "{ ", twice),
            ("{ id: cred-", 3_000, "{ ", twice),
            ("{ id: res-", 500, "{ ", "{ env: dev, env: dev, "),
            (
                "{ identity:",
                3_000,
                "permission:",
                "permission: read, permission:",
            ),
        ];
        let limits = Limits::default();
        for (marker, n, from, to) in cases {
            let (text, line) = with_line_changed(&text, marker, n, |l| l.replacen(from, to, 1));
            assert!(read(&text, &limits, 2).is_none(), "{marker}");
            let expected = read_whole("d.yaml", &text, &limits).expect_err("a key is repeated");
            assert_eq!(expected.loc.line, line, "{expected:?}");
            assert!(expected.message.contains("twice"), "{expected:?}");
            let got = crate::load::read("d.yaml", &text, &limits).expect_err("a key is repeated");
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn a_merge_key_in_an_item_sends_the_file_down_the_whole_file_parse() {
        let (text, _) = with_line_changed(&generate(12_000, 8), "{ id: wl-", 1_500, |l| {
            l.replacen("{ ", "{ <<: { hidden: true }, ", 1)
        });
        let limits = Limits::default();
        assert!(read(&text, &limits, 2).is_none());
        let whole = read_whole("m.yaml", &text, &limits).expect("a merge key is valid YAML");
        assert!(whole.estate.workloads.iter().any(|w| w.hidden));
        let loaded = crate::load::read("m.yaml", &text, &limits).expect("a merge key is valid");
        assert_same(&loaded, &whole);
    }

    #[test]
    fn an_anchor_in_the_estate_sends_the_file_down_the_whole_file_parse() {
        let (text, _) = with_line_changed(&generate(12_000, 3), "{ id: cred-", 40, |l| {
            l.replacen("- {", "- &leaked {", 1)
        });
        let limits = Limits::default();
        assert!(read(&text, &limits, 2).is_none());
        let whole = read_whole("a.yaml", &text, &limits).expect("an unused anchor is valid");
        let loaded =
            crate::load::read("a.yaml", &text, &limits).expect("an unused anchor is valid");
        assert_same(&loaded, &whole);
    }

    #[test]
    fn a_list_key_inside_a_quoted_string_is_not_taken_for_the_estates() {
        // `estate:` and `workloads:` lines inside a quoted `summary`, before the real estate:
        // the skeleton check must refuse them, or the fake items would replace the real ones.
        let fake = format!(
            "  summary: \"quoted\nestate:\n  workloads:\n{}\"\n",
            "    - { id: wl-fake, kind: job }\n".repeat(4_000)
        );
        let text = generate(12_000, 4)
            .replacen(
                "  summary: \"A credential",
                "  # summary: \"A credential",
                1,
            )
            .replacen("  duration:", &format!("{fake}  duration:"), 1);
        let limits = Limits::default();
        let whole = read_whole("q.yaml", &text, &limits).expect("the text is valid YAML");
        assert!(
            whole.metadata.summary.contains("wl-fake"),
            "{}",
            whole.metadata.summary
        );
        if let Some(fast) = read(&text, &limits, 2) {
            assert_same(&fast, &whole);
        }
        let loaded = crate::load::read("q.yaml", &text, &limits).expect("the text is valid YAML");
        assert_same(&loaded, &whole);
    }
}
