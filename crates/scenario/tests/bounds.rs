//! Every bounded field of the format, at its maximum and one past it: a file with every field
//! at its bound validates, and one step further is refused with a message located at the
//! field. Nothing that validates can run for hours or allocate gigabytes.

use drillhall_scenario::command::MAX_COMMAND_DURATION;
use drillhall_scenario::{
    MAX_DURATION_TICKS, MAX_EXPECT_SEEDS, MAX_HINT_PENALTY, MAX_NOISE_PER_HOUR, MAX_SCHEDULE_TICKS,
    MAX_SCORING_SUM, MAX_SCORING_WEIGHT, Scenario, format_duration,
};

/// The values written into the template, one per bounded field.
#[derive(Clone)]
struct Values {
    duration: String,
    difficulty: String,
    every: String,
    first: String,
    rate: String,
    until: String,
    grace: String,
    confidence: String,
    penalty: String,
    weights: [String; 4],
    seeds: String,
}

impl Values {
    /// Every field at its maximum.
    fn at_max() -> Values {
        let w = MAX_SCORING_WEIGHT.to_string();
        Values {
            duration: format_duration(MAX_DURATION_TICKS),
            difficulty: "5".into(),
            every: format_duration(MAX_SCHEDULE_TICKS),
            first: format_duration(MAX_SCHEDULE_TICKS),
            rate: format!("{MAX_NOISE_PER_HOUR}/h"),
            until: format_duration(MAX_SCHEDULE_TICKS),
            grace: format_duration(MAX_COMMAND_DURATION),
            confidence: "100".into(),
            penalty: MAX_HINT_PENALTY.to_string(),
            // One weight at the largest weight, the rest 0: the sum is at its largest too.
            weights: [w, "0".into(), "0".into(), "0".into()],
            seeds: format!("1..{MAX_EXPECT_SEEDS}"),
        }
    }

    fn text(&self) -> String {
        let [c, co, g, l] = &self.weights;
        format!(
            r#"apiVersion: drillhall/v1
kind: Scenario
metadata:
  id: every-bound
  title: Every bounded field at its bound
  duration: {duration}
  difficulty: {difficulty}
estate:
  teams:
    - {{ id: platform }}
  workloads:
    - {{ id: deployer, kind: ci-pipeline, owner: platform, holds: [tok-deploy] }}
    - {{ id: nightly, kind: job, owner: platform,
        schedule: {{ every: {every}, first: {first} }} }}
  identities:
    - {{ id: sa-deploy, kind: service-account, owner: platform }}
  credentials:
    - {{ id: tok-deploy, kind: api-token, authenticates: sa-deploy }}
  resources:
    - {{ id: prod-db, kind: database, owner: platform }}
injects:
  - {{ id: leak, at: 0m, kind: credential-leak, credential: tok-deploy, via: paste }}
  - {{ id: chatter, kind: noise,
      rate: {rate},
      until: {until} }}
objectives:
  - {{ id: contain, text: "Kill the token", credential_invalid: tok-deploy }}
scoring:
  containment: {c}
  collateral: {co}
  governance: {g}
  least_privilege: {l}
expert:
  - {{ at: 1m, do: "rotate tok-deploy --grace {grace}",
      confidence: {confidence} }}
hints:
  - {{ after: 10m, text: "Who holds the token?",
      penalty: {penalty} }}
expect:
  seeds: {seeds}
"#,
            duration = self.duration,
            difficulty = self.difficulty,
            every = self.every,
            first = self.first,
            rate = self.rate,
            until = self.until,
            grace = self.grace,
            confidence = self.confidence,
            penalty = self.penalty,
            seeds = self.seeds,
        )
    }
}

/// The first line on which two texts differ (1-based).
fn changed_line(a: &str, b: &str) -> u32 {
    let i = a
        .lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .expect("the texts differ");
    u32::try_from(i + 1).expect("a short text")
}

/// The line that starts with a text (1-based).
fn line_of(text: &str, start: &str) -> u32 {
    let i = text
        .lines()
        .position(|l| l.starts_with(start))
        .expect("the line exists");
    u32::try_from(i + 1).expect("a short text")
}

#[test]
fn a_file_with_every_bounded_field_at_its_maximum_validates() {
    let text = Values::at_max().text();
    if let Err(e) = Scenario::from_text("max.yaml", &text) {
        panic!("{e}\n{text}");
    }
}

#[test]
fn one_past_each_bound_is_refused_with_a_message_located_at_the_field() {
    type Change = Box<dyn Fn(&mut Values)>;
    let beyond = |ticks: u64| format_duration(ticks + 1);
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "metadata.duration",
            Box::new(move |v| v.duration = beyond(MAX_DURATION_TICKS)),
            "longer than the longest drill",
        ),
        (
            "metadata.difficulty",
            Box::new(|v| v.difficulty = "6".into()),
            "out of range",
        ),
        (
            "schedule.every",
            Box::new(move |v| v.every = beyond(MAX_SCHEDULE_TICKS)),
            "longer than the longest schedule",
        ),
        (
            "schedule.first",
            Box::new(move |v| v.first = beyond(MAX_SCHEDULE_TICKS)),
            "longer than the longest schedule",
        ),
        (
            "noise rate",
            Box::new(|v| v.rate = format!("{}/h", MAX_NOISE_PER_HOUR + 1)),
            "faster than the fastest noise",
        ),
        (
            "noise until",
            Box::new(move |v| v.until = beyond(MAX_SCHEDULE_TICKS)),
            "later than the longest schedule",
        ),
        (
            "a command's duration",
            Box::new(move |v| v.grace = beyond(MAX_COMMAND_DURATION)),
            "longer than",
        ),
        (
            "a step's confidence",
            Box::new(|v| v.confidence = "101".into()),
            "out of range",
        ),
        (
            "a hint penalty",
            Box::new(|v| v.penalty = (MAX_HINT_PENALTY + 1).to_string()),
            "more than a whole score",
        ),
        (
            "a scoring weight",
            Box::new(|v| v.weights[0] = (MAX_SCORING_WEIGHT + 1).to_string()),
            "larger than the largest weight",
        ),
        (
            "the sum of the scoring weights",
            Box::new(|v| {
                let half = MAX_SCORING_SUM / 2;
                v.weights[0] = half.to_string();
                v.weights[1] = (MAX_SCORING_SUM - half + 1).to_string();
            }),
            "add up to",
        ),
        (
            "expect.seeds",
            Box::new(|v| v.seeds = format!("1..{}", MAX_EXPECT_SEEDS + 1)),
            "seeds",
        ),
    ];
    let max = Values::at_max();
    let max_text = max.text();
    for (field, change, words) in cases {
        let mut v = max.clone();
        change(&mut v);
        let text = v.text();
        // The sum is a property of the whole `scoring` mapping, located at its key.
        let line = if field.starts_with("the sum") {
            line_of(&text, "scoring:")
        } else {
            changed_line(&max_text, &text)
        };
        let e = Scenario::from_text("over.yaml", &text)
            .err()
            .unwrap_or_else(|| panic!("{field}: one past the bound validates"));
        let located = e
            .diagnostics
            .iter()
            .find(|d| d.message.contains(words))
            .unwrap_or_else(|| panic!("{field}: no message with `{words}` in {e}"));
        assert_eq!(located.loc.line, line, "{field}: {e}");
        assert!(located.loc.col > 0, "{field}: {e}");
        assert_eq!(e.diagnostics.len(), 1, "{field}: only that problem: {e}");
    }
}

#[test]
fn the_sum_of_the_weights_cannot_overflow() {
    let mut v = Values::at_max();
    v.weights = std::array::from_fn(|_| u32::MAX.to_string());
    let e = Scenario::from_text("huge.yaml", &v.text()).expect_err("weights above the bound");
    assert_eq!(e.diagnostics.len(), 4, "one message per weight: {e}");
}
