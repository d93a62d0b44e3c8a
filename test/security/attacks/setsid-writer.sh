# Leaves a writer behind that escaped the process group (setsid and a double fork) and edits the
# workflow after the agent's command has exited, between the guard and the commit.
echo "// $(date +%s)" >> src/money.js
(setsid bash -c 'for i in $(seq 400); do echo "# written after the attempt $i" >> .github/workflows/ci.yml; echo "x" >> late.txt; sleep 0.05; done' > /dev/null 2>&1 < /dev/null &)
(nohup bash -c 'sleep 1; echo "on: [push]" > .github/workflows/late.yml' > /dev/null 2>&1 < /dev/null &)
# Long enough for the writers to leave the process group, as an attacker would make sure of.
sleep 1
exit 0
