#!/usr/bin/env bash
# A real-terminal test of `drillhall play`: tmux runs the TUI on the bundled scenario at
# 80x24, keys are sent as a person would type them, and the screen is read back with
# capture-pane. It checks that the clock moves, that a command's effect is shown, that the
# quit key (confirmed) ends the session, and that the journal it wrote replays. Then the
# cockpit: `help rotate`, the whole `paths` tree in the result pane, a `wait 2h` stopped by
# the alert, the status panel counting a grace window down, a sign-off dialog at 60x20, and
# `kill -9` mid-drill followed by `play --resume` finishing the drill with every input kept.
# Run it from anywhere: `bash .ci/tui-smoke.sh` (DRILLHALL_BIN runs another build).
set -euo pipefail

cd "$(dirname "$0")/.."

if ! command -v tmux >/dev/null 2>&1; then
    echo "installing tmux"
    if ! apt-get install -y tmux >/dev/null 2>&1; then
        apt-get update >/dev/null
        apt-get install -y tmux >/dev/null
    fi
fi

bin="${DRILLHALL_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release/drillhall}"
[[ -n "${DRILLHALL_BIN:-}" ]] || cargo build --release --quiet
work="$(mktemp -d)"
journal="${work}/session.jsonl"
socket="drillhall-smoke-$$"
tmux_() { tmux -L "${socket}" "$@"; }
cleanup() {
    tmux_ kill-server >/dev/null 2>&1 || true
    rm -rf "${work}"
}
trap cleanup EXIT

screen_name="tui-smoke"
# shellcheck source=.ci/screen.sh
source "$(dirname "${BASH_SOURCE[0]}")/screen.sh"

tmux_ new-session -d -s play -x 80 -y 24 \
    "'${bin}' play scenarios/leaked-ci-deploy-token.yaml --seed 7 --record '${journal}'; echo \$? > '${work}/rc'; sleep 5"

wait_for "Enter start the drill"
tmux_ send-keys -t play Enter
wait_for "T+0:00 of 4h"

tmux_ send-keys -t play -l "logs tok-deploy"
tmux_ send-keys -t play Enter
wait_for "T+0:05 of 4h"
wait_for "4 entries touching tok-deploy"
tmux_ send-keys -t play Escape # the logs' result pane
sleep 0.3
wait_for "hidden-holder-revealed release-bot holds tok-deploy"

# --through: the whole ten minutes, past the alert at T+0:12 a plain wait stops for.
tmux_ send-keys -t play -l "wait 10m --through"
tmux_ send-keys -t play Enter
wait_for "T+0:15 of 4h"

tmux_ send-keys -t play -l "declare-incident sev2"
tmux_ send-keys -t play Enter
wait_for "incident-declared sev2"
echo "the clock moved and the commands' effects are on screen:"
tmux_ capture-pane -p -t play | sed 's/^/    /'

# Quit: browse mode, the quit key, and confirm.
tmux_ send-keys -t play Escape
wait_for "browsing the estate"
tmux_ send-keys -t play q
wait_for "Leave the drill?"
tmux_ send-keys -t play y
wait_for "session recorded to ${journal}"
for _ in $(seq 1 50); do
    [[ -s "${work}/rc" ]] && break
    sleep 0.1
done
rc="$(cat "${work}/rc" 2>/dev/null || echo none)"
[[ "${rc}" == 0 ]] || fail "drillhall play exited with ${rc}"

# The journal: a header and one line per input, and it replays.
head -n 1 "${journal}" | grep -q '"type":"header"' || fail "the journal has no header"
inputs="$(grep -c '"type":"input"' "${journal}" || true)"
[[ "${inputs}" == 3 ]] || fail "the journal has ${inputs} input lines, expected 3"
if "${bin}" replay --help >/dev/null 2>&1; then
    "${bin}" replay "${journal}" || fail "the journal does not replay"
    echo "the journal replays"
else
    echo "the journal has its header and ${inputs} inputs (no \`replay\` subcommand in this build)"
fi

# Starts `play ARGS...` in a fresh tmux session `play` of the given size.
start() {
    local width="$1" height="$2"
    shift 2
    tmux_ kill-session -t play >/dev/null 2>&1 || true
    rm -f "${work}/rc"
    local args=""
    for a in "$@"; do args+=" '${a}'"; done
    tmux_ new-session -d -s play -x "${width}" -y "${height}" \
        "'${bin}' play${args}; echo \$? > '${work}/rc'; sleep 30"
}
# Esc, then a pause: a key sent at once after it would reach the TUI as Alt+key.
escape() {
    tmux_ send-keys -t play Escape
    sleep 0.3
}
type_line() {
    tmux_ send-keys -t play -l "$1"
    tmux_ send-keys -t play Enter
}
scenario="scenarios/leaked-ci-deploy-token.yaml"

# help rotate: syntax, flags, time, tier rule and an example on this estate.
start 80 24 "${scenario}" --seed 7 --record "${work}/help.jsonl"
wait_for "Enter start the drill"
tmux_ send-keys -t play Enter
wait_for "T+0:00 of 4h"
type_line "help rotate"
wait_for "rotate CREDENTIAL [--grace DURATION]"
wait_for "--grace DURATION"
wait_for "example   rotate tok-deploy --grace 15m"
echo "help rotate:"
tmux_ capture-pane -p -t play | sed 's/^/    /'

# paths tok-deploy: the whole tree in the result pane.
escape
type_line "paths tok-deploy"
wait_for "tok-deploy reaches 4 node(s):"
for line in "└ sa-deployer" "  └ artifact-bucket" "  └ prod-db" "  └ role-prod-admin"; do
    wait_for "${line}"
done
echo "paths tok-deploy in the result pane:"
tmux_ capture-pane -p -t play | sed 's/^/    /'

# wait 2h stops at the scanner's high alert and says why.
escape
type_line "wait 2h"
wait_for "T+0:12 wait stopped, 1h50m left"
wait_for "alert [high] secret-scanner"
wait_for "T+0:12 of 4h"
echo "wait 2h stopped by the alert:"
tmux_ capture-pane -p -t play | tail -n 4 | sed 's/^/    /'

# The status panel counts a grace window down.
start 80 24 "${scenario}" --seed 7 --mode independent --record "${work}/grace.jsonl"
wait_for "Enter start the drill"
tmux_ send-keys -t play Enter
type_line "rotate tok-deploy --grace 10m"
wait_for "Confirm"
tmux_ send-keys -t play Enter
wait_for "tok-deploy v1 dies in 9m (T+0:10)"
type_line "wait 5m"
wait_for "tok-deploy v1 dies in 4m (T+0:10)"
wait_for "still on"
echo "the status panel counting the grace window down:"
tmux_ capture-pane -p -t play | sed -n '1,12p' | sed 's/^/    /'

# A sign-off dialog at 60x20 keeps the field being typed in sight.
start 60 20 "${scenario}" --seed 7 --record "${work}/dialog.jsonl"
wait_for "Enter start the drill"
tmux_ send-keys -t play Enter
type_line "rotate tok-deploy --grace 5m"
wait_for "Sign-off needed"
tmux_ send-keys -t play Tab
tmux_ send-keys -t play -l "re-issue from ci-vars"
wait_for "rollback plan re-issue from ci-vars▏"
wait_for "Enter submit"
echo "the sign-off dialog at 60x20:"
tmux_ capture-pane -p -t play | sed 's/^/    /'

# kill -9 mid-drill, then play --resume: every input kept, the drill finished, the journal
# replays.
resumed="${work}/resumed.jsonl"
start 80 24 "${scenario}" --seed 7 --record "${resumed}"
wait_for "Enter start the drill"
tmux_ send-keys -t play Enter
type_line "logs tok-deploy"
wait_for "T+0:05 of 4h"
escape
type_line "wait 10m --through"
wait_for "T+0:15 of 4h"
type_line "declare-incident sev2"
wait_for "incident-declared sev2"
pane="$(tmux_ display-message -p -t play '#{pane_pid}')"
pid="$(pgrep -P "${pane}" -f drillhall || true)"
[[ -n "${pid}" ]] || fail "cannot find the drillhall process under the pane"
kill -9 "${pid}"
for _ in $(seq 1 50); do
    [[ -s "${work}/rc" ]] && break
    sleep 0.1
done
grep -q '"type":"end"' "${resumed}" && fail "a killed session wrote an end line"
cp "${resumed}" "${work}/killed.jsonl"
[[ "$(grep -c '"type":"input"' "${work}/killed.jsonl")" == 3 ]] || fail "the killed journal lost inputs"
start 80 24 --resume "${resumed}"
wait_for "resumed at T+0:16 with all 3 input(s) kept"
type_line "notify platform"
wait_for "owner-notified platform"
escape
tmux_ send-keys -t play q
wait_for "Leave the drill?"
tmux_ send-keys -t play e
wait_for "Debrief"
tmux_ send-keys -t play q
for _ in $(seq 1 50); do
    [[ -s "${work}/rc" ]] && break
    sleep 0.1
done
rc="$(cat "${work}/rc" 2>/dev/null || echo none)"
[[ "${rc}" == 0 ]] || fail "drillhall play --resume exited with ${rc}"
# The header and the three inputs from before the kill, unchanged; then `notify` and the
# advance to the end that ending the drill records.
cmp -s <(head -n 4 "${resumed}") "${work}/killed.jsonl" || fail "the inputs before the kill changed"
inputs="$(grep -c '"type":"input"' "${resumed}" || true)"
[[ "${inputs}" == 5 ]] || fail "the resumed journal has ${inputs} input lines, expected 5"
grep -q 'notify platform' "${resumed}" || fail "the input after the resume is not in the journal"
[[ "$(grep -c '"type":"header"' "${resumed}")" == 1 ]] || fail "the resumed journal has two headers"
grep -q '"type":"end"' "${resumed}" || fail "the resumed journal has no end line"
"${bin}" replay "${resumed}" || fail "the resumed journal does not replay"
echo "kill -9, then play --resume: every input kept and the journal replays"

echo "tui-smoke: ok"
