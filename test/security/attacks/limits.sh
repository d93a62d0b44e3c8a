# Writes files past the size limit (sparse, so the machine's disk is not filled) and floods its output.
truncate -s 2G big-sparse.bin 2>>"$EXFIL/errors"; echo "truncate $?" >> "$EXFIL/limits"
dd if=/dev/zero of=big-seek.bin bs=1M seek=1100 count=1 2>>"$EXFIL/errors"; echo "dd $?" >> "$EXFIL/limits"
ulimit -u >> "$EXFIL/limits"; ulimit -f >> "$EXFIL/limits"
echo "// $(date +%s)" >> src/money.js
yes "flooding the log" | head -c 200000000
