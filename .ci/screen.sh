# Reading a TUI's screen under tmux, shared by tui-smoke.sh and faults.sh. Source it after
# setting `screen_name` (the prefix of failure messages) and defining `tmux_`.

# Fails the script, showing the screen as it is.
fail() {
    echo "${screen_name}: $*" >&2
    echo "--- the screen ---" >&2
    tmux_ capture-pane -p -t play >&2 2>/dev/null || true
    exit 1
}

# Waits (up to 10 s) until the screen shows a fixed string.
wait_for() {
    for _ in $(seq 1 100); do
        if tmux_ capture-pane -p -t play 2>/dev/null | grep -qF -- "$1"; then
            return 0
        fi
        sleep 0.1
    done
    fail "the screen never showed: $1"
}
