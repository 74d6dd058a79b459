#!/usr/bin/env bash
# Faults from the outside, in a real terminal (tmux), against the release binary:
#   - SIGTERM, SIGHUP and SIGINT during `play` restore the terminal (alternate screen off,
#     cursor shown), exit 130, and close the journal with an end line marked interrupted;
#     the journal replays. A terminal that hangs up under `play` ends it the same way
#     (it used to spin at full CPU on end-of-file, deaf to every signal).
#   - a full disk during `play` (a tiny tmpfs, where root can mount one) is shown on screen
#     at once; once space is freed the next input catches up and the journal replays with
#     every input. Skipped, with a message, where tmpfs cannot be mounted.
# Run it from anywhere: `bash .ci/faults.sh` (after `cargo build --release`).
set -euo pipefail

cd "$(dirname "$0")/.."

# DRILLHALL_BIN runs another build (a debug one while developing).
bin="${DRILLHALL_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release/drillhall}"
[[ -x "${bin}" ]] || cargo build --release --quiet
work="$(mktemp -d)"
socket="drillhall-faults-$$"
tmux_() { tmux -L "${socket}" "$@"; }
mounted=""
cleanup() {
    tmux_ kill-server >/dev/null 2>&1 || true
    if [[ -n "${mounted}" ]]; then
        sleep 1 # the killed drillhall closes its journal on the disk
        umount "${mounted}" 2>/dev/null || umount -l "${mounted}" 2>/dev/null || true
    fi
    rm -rf "${work}"
}
trap cleanup EXIT

screen_name="faults"
# shellcheck source=.ci/screen.sh
source "$(dirname "${BASH_SOURCE[0]}")/screen.sh"

wait_gone() {
    for _ in $(seq 1 100); do
        if ! tmux_ capture-pane -p -t play 2>/dev/null | grep -qF -- "$1"; then
            return 0
        fi
        sleep 0.1
    done
    fail "the screen still shows: $1"
}

# Starts `play` recording to $1 in a fresh tmux session and waits for the drill screen.
start_play() {
    rm -f "${work}/rc"
    # A fresh tmux server each time: killing the last session would stop the old one.
    tmux_ kill-server >/dev/null 2>&1 || true
    socket="drillhall-faults-$$-${RANDOM}"
    tmux_ new-session -d -s play -x 100 -y 30 \
        "'${bin}' play scenarios/leaked-ci-deploy-token.yaml --seed 7 --record '$1'; echo \$? > '${work}/rc'; sleep 30"
    wait_for "Enter start the drill"
    tmux_ send-keys -t play Enter
    wait_for "T+0:00 of 4h"
}

type_line() {
    tmux_ send-keys -t play -l "$1"
    tmux_ send-keys -t play Enter
}

wait_rc() {
    for _ in $(seq 1 100); do
        [[ -s "${work}/rc" ]] && break
        sleep 0.1
    done
    cat "${work}/rc" 2>/dev/null || echo none
}

echo "== signals"
for sig in TERM HUP INT; do
    journal="${work}/signal-${sig}.jsonl"
    start_play "${journal}"
    type_line "logs tok-deploy"
    wait_for "T+0:05 of 4h"
    shell="$(tmux_ display -p -t play '#{pane_pid}')"
    pid="$(pgrep -P "${shell}" -x drillhall || true)"
    [[ -n "${pid}" ]] || fail "no drillhall process under the pane"
    kill "-${sig}" "${pid}"
    wait_for "interrupted; what was played is recorded to ${journal}"
    rc="$(wait_rc)"
    [[ "${rc}" == 130 ]] || fail "SIG${sig}: play exited with ${rc}, expected 130"
    [[ "$(tmux_ display -p -t play '#{alternate_on}')" == 0 ]] || fail "SIG${sig}: the alternate screen is still on"
    [[ "$(tmux_ display -p -t play '#{cursor_flag}')" == 1 ]] || fail "SIG${sig}: the cursor is hidden"
    tail -n 1 "${journal}" | grep -q '"interrupted":true' || fail "SIG${sig}: no interrupted end line"
    "${bin}" replay "${journal}" >/dev/null || fail "SIG${sig}: the journal does not replay"
    echo "SIG${sig}: terminal restored, exit 130, journal closed as interrupted and replays"
done

echo "== the terminal hangs up (its tmux server is killed under it)"
journal="${work}/hangup.jsonl"
start_play "${journal}"
type_line "logs tok-deploy"
wait_for "T+0:05 of 4h"
shell="$(tmux_ display -p -t play '#{pane_pid}')"
pid="$(pgrep -P "${shell}" -x drillhall || true)"
[[ -n "${pid}" ]] || fail "no drillhall process under the pane"
tmux_ kill-server
for _ in $(seq 1 50); do
    kill -0 "${pid}" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "${pid}" 2>/dev/null; then
    kill -9 "${pid}"
    echo "faults: play went on running after its terminal hung up" >&2
    exit 1
fi
tail -n 1 "${journal}" | grep -q '"interrupted":true' || { echo "faults: hangup: no interrupted end line" >&2; exit 1; }
"${bin}" replay "${journal}" >/dev/null || { echo "faults: hangup: the journal does not replay" >&2; exit 1; }
echo "hangup: play ended within 5 s, journal closed as interrupted and replays"

echo "== a full disk"
disk="${work}/disk"
mkdir -p "${disk}"
if [[ "$(id -u)" != 0 ]] || ! mount -t tmpfs -o size=256k tmpfs "${disk}" 2>/dev/null; then
    echo "skipped: cannot mount a tmpfs here (needs root)"
    echo "faults: ok"
    exit 0
fi
mounted="${disk}"
journal="${disk}/drill.jsonl"
start_play "${journal}"
type_line "logs tok-deploy"
wait_for "T+0:05 of 4h"
# Fill what is left of the disk; the journal's last page still has room, so inputs go on
# until it is full.
dd if=/dev/zero of="${disk}/fill" bs=1k 2>/dev/null || true
typed=1
for _ in $(seq 1 150); do
    type_line "wait 1m"
    typed=$((typed + 1))
    sleep 0.05
    tmux_ capture-pane -p -t play | grep -qF "could not be written" && break
done
wait_for "could not be written"
type_line "declare-incident sev2"
typed=$((typed + 1))
wait_for "incident-declared sev2"
tmux_ capture-pane -p -t play | grep -qF "could not be written" || fail "the fault was hidden by the next input"
echo "the fault is on screen and stays there:"
tmux_ capture-pane -p -t play | grep -F "could not be written" | sed 's/^/    /'
rm -f "${disk}/fill"
type_line "wait 1m"
typed=$((typed + 1))
wait_gone "could not be written"
tmux_ send-keys -t play Escape
wait_for "browsing the estate"
tmux_ send-keys -t play q
wait_for "Leave the drill?"
tmux_ send-keys -t play y
rc="$(wait_rc)"
[[ "${rc}" == 0 ]] || fail "play exited with ${rc} after the disk was freed"
inputs="$(grep -c '"type":"input"' "${journal}" || true)"
[[ "${inputs}" == "${typed}" ]] || fail "the journal has ${inputs} input lines, expected ${typed}"
[[ "$(sort "${journal}" | uniq -d | wc -l)" == 0 ]] || fail "a line was written twice"
"${bin}" replay "${journal}" >/dev/null || fail "the journal does not replay"
echo "after the disk was freed every input is in the journal once, and it replays"
echo "faults: ok"
