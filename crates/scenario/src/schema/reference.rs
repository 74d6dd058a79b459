//! The format reference, docs/scenario-format.md, read as data: its field tables and its
//! worked examples.
//!
//! The reference is what instructors read, and tests/docs.rs keeps it complete (every field
//! and word of the format is in it, every whole-scenario example validates). The editor
//! schema takes its hover text, its examples and its inject rules from here, so an editor
//! says what the reference says: one text, read by people and by the schema alike.

use std::collections::BTreeMap;

/// The reference, compiled in.
pub(crate) const TEXT: &str = include_str!("../../../../docs/scenario-format.md");

/// One row of a field table: the field and its cells by column header ("type", "default",
/// "meaning", "applies to", …), markdown links reduced to their text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    pub field: String,
    pub cells: Vec<(String, String)>,
}

impl Row {
    /// The cell under a column header, if the table has that column and the cell is not empty.
    pub(crate) fn cell(&self, header: &str) -> Option<&str> {
        self.cells
            .iter()
            .find(|(h, _)| h == header)
            .map(|(_, c)| c.as_str())
            .filter(|c| !c.is_empty())
    }
}

/// The field tables of the reference, by the record they describe: the word of the heading
/// or label above the table (`metadata`, `workloads`, `Steps`, `The file`, …).
pub(crate) fn tables() -> BTreeMap<String, Vec<Row>> {
    let mut out: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let mut context = String::new();
    let mut headers: Option<Vec<String>> = None;
    for line in TEXT.lines() {
        let line = line.trim_end();
        if let Some(h) = line
            .strip_prefix("## ")
            .or_else(|| line.strip_prefix("### "))
        {
            context = section_word(h);
            headers = None;
            continue;
        }
        // A label such as "**Workloads** (`workloads`):" names the table below it.
        if line.starts_with("**")
            && line.ends_with(':')
            && let Some(word) = backticked(line).into_iter().next()
        {
            context = word;
            headers = None;
            continue;
        }
        if !line.starts_with('|') {
            headers = None;
            continue;
        }
        let cells = split_row(line);
        match &headers {
            None => headers = Some(cells.iter().map(|c| c.to_lowercase()).collect()),
            Some(_) if cells.iter().all(|c| c.chars().all(|ch| ch == '-')) => {}
            Some(h) => {
                let is_field_table =
                    matches!(h.first().map(String::as_str), Some("field" | "condition"));
                let Some(field) = cells.first().and_then(|c| sole_backticked(c)) else {
                    continue;
                };
                if !is_field_table {
                    continue;
                }
                let cells = h
                    .iter()
                    .skip(1)
                    .cloned()
                    .zip(cells.iter().skip(1).map(|c| unlink(c)))
                    .collect();
                out.entry(context.clone())
                    .or_default()
                    .push(Row { field, cells });
            }
        }
    }
    out
}

/// The whole-scenario YAML examples of the reference (the blocks that start with
/// `apiVersion`).
pub(crate) fn scenario_examples() -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut rest = TEXT;
    while let Some(start) = rest.find("```yaml\n") {
        let Some(body) = rest.get(start + "```yaml\n".len()..) else {
            break;
        };
        let Some(end) = body.find("\n```") else { break };
        let Some(block) = body.get(..=end) else { break };
        if block.starts_with("apiVersion") {
            out.push(block);
        }
        rest = body.get(end..).unwrap_or("");
    }
    out
}

/// The word a heading is known by: its backticked word (`` ## `metadata` `` → `metadata`),
/// or its text (`### Steps` → `Steps`).
fn section_word(heading: &str) -> String {
    sole_backticked(heading.trim()).unwrap_or_else(|| heading.trim().to_owned())
}

/// The text of a cell that is exactly one backticked word.
fn sole_backticked(cell: &str) -> Option<String> {
    let inner = cell.strip_prefix('`')?.strip_suffix('`')?;
    (!inner.contains('`') && !inner.contains(' ')).then(|| inner.to_owned())
}

/// Every backticked word in a text.
pub(crate) fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The cells of a table row, trimmed.
fn split_row(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_owned()).collect()
}

/// A cell with markdown links reduced to their text: `[steps](#steps)` → `steps`.
fn unlink(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(open) = rest.find('[') {
        // `[` is one byte, so `open + 1` and the other offsets found below are boundaries.
        let after = rest.get(open + 1..).unwrap_or("");
        let link = after.find("](").and_then(|close| {
            after
                .get(close + 2..)?
                .find(')')
                .map(|end| (close, close + 2 + end + 1))
        });
        if let Some((close, skip)) = link {
            out.push_str(rest.get(..open).unwrap_or(""));
            out.push_str(after.get(..close).unwrap_or(""));
            rest = after.get(skip..).unwrap_or("");
        } else {
            out.push_str(rest.get(..=open).unwrap_or(""));
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_keyed_by_the_record_they_describe() {
        let t = tables();
        for key in [
            "The file",
            "metadata",
            "supervision",
            "estate",
            "teams",
            "workloads",
            "identities",
            "credentials",
            "resources",
            "grants",
            "injects",
            "adversary",
            "detections",
            "objectives",
            "scoring",
            "Steps",
            "Hints",
            "Expect",
        ] {
            assert!(t.contains_key(key), "no table for {key}: {:?}", t.keys());
        }
        let creds = &t["credentials"];
        let auth = creds
            .iter()
            .find(|r| r.field == "authenticates")
            .expect("credentials have `authenticates`");
        assert_eq!(auth.cell("type"), Some("identity id"));
        assert_eq!(auth.cell("default"), Some("required"));
        assert_eq!(
            auth.cell("meaning"),
            Some("using the credential is acting as this identity")
        );
    }

    #[test]
    fn links_become_their_text_and_the_values_table_is_not_a_field_table() {
        assert_eq!(unlink("list of [steps](#steps) here"), "list of steps here");
        assert_eq!(unlink("a [b] c"), "a [b] c");
        let t = tables();
        let file = &t["The file"];
        let expert = file.iter().find(|r| r.field == "expert").expect("`expert`");
        assert_eq!(expert.cell("type"), Some("list of steps"));
        assert!(
            !t.contains_key("Values"),
            "the Values table describes values, not fields"
        );
    }

    #[test]
    fn the_worked_examples_are_found() {
        let examples = scenario_examples();
        assert!(examples.len() >= 3, "{}", examples.len());
        assert!(examples.iter().all(|e| e.contains("objectives:")));
    }
}
