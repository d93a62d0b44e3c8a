/**
 * Published console outputs of the scanners, for shapes the log fixtures do not show. Each is
 * copied from the tool's repository at the commit named.
 */

/** aquasecurity/trivy docs/guide/target/filesystem.md at dc3c56eed58ab21c7e08d26757c517bc946a86c5: the ASCII table of older trivy, with merged cells. */
export const TRIVY_ASCII = `2020-06-01T17:06:58.652+0300    WARN    OS is not detected and vulnerabilities in OS packages are not detected.
2020-06-01T17:06:58.652+0300    INFO    Detecting pipenv vulnerabilities...
2020-06-01T17:06:58.691+0300    INFO    Detecting cargo vulnerabilities...

Pipfile.lock
============
Total: 10 (UNKNOWN: 2, LOW: 0, MEDIUM: 6, HIGH: 2, CRITICAL: 0)

+---------------------+------------------+----------+-------------------+------------------------+------------------------------------+
|       LIBRARY       | VULNERABILITY ID | SEVERITY | INSTALLED VERSION |     FIXED VERSION      |               TITLE                |
+---------------------+------------------+----------+-------------------+------------------------+------------------------------------+
| django              | CVE-2020-7471    | HIGH     | 2.0.9             | 3.0.3, 2.2.10, 1.11.28 | django: potential                  |
|                     |                  |          |                   |                        | SQL injection via                  |
|                     |                  |          |                   |                        | StringAgg(delimiter)               |
+                     +------------------+----------+                   +------------------------+------------------------------------+
|                     | CVE-2019-19844   | MEDIUM   |                   | 3.0.1, 2.2.9, 1.11.27  | Django: crafted email address      |
|                     |                  |          |                   |                        | allows account takeover            |
+                     +------------------+          +                   +------------------------+------------------------------------+
|                     | CVE-2019-3498    |          |                   | 2.1.5, 2.0.10, 1.11.18 | python-django: Content             |
|                     |                  |          |                   |                        | spoofing via URL path in           |
|                     |                  |          |                   |                        | default 404 page                   |
+                     +------------------+          +                   +------------------------+------------------------------------+
|                     | CVE-2019-6975    |          |                   | 2.1.6, 2.0.11, 1.11.19 | python-django:                     |
|                     |                  |          |                   |                        | memory exhaustion in               |
|                     |                  |          |                   |                        | django.utils.numberformat.format() |
+---------------------+------------------+----------+-------------------+------------------------+------------------------------------+
`

/** aquasecurity/trivy pkg/report/table/table_test.go at dc3c56eed58ab21c7e08d26757c517bc946a86c5, "vulnerability and custom resource". */
export const TRIVY_JAR = `
Report Summary

┌──────────┬──────┬─────────────────┐
│  Target  │ Type │ Vulnerabilities │
├──────────┼──────┼─────────────────┤
│ test.jar │ jar  │        1        │
└──────────┴──────┴─────────────────┘
Legend:
- '-': Not scanned
- '0': Clean (no security findings detected)


test (jar)
==========
Total: 1 (MEDIUM: 0, HIGH: 1)

┌────────────────┬───────────────┬──────────┬──────────────┬───────────────────┬───────────────┬───────────────────────────────────────────┐
│    Library     │ Vulnerability │ Severity │    Status    │ Installed Version │ Fixed Version │                   Title                   │
├────────────────┼───────────────┼──────────┼──────────────┼───────────────────┼───────────────┼───────────────────────────────────────────┤
│ foo (test.jar) │ CVE-2020-0001 │ HIGH     │ will_not_fix │ 1.2.3             │               │ foobar                                    │
│                │               │          │              │                   │               │ https://avd.aquasec.com/nvd/cve-2020-0001 │
└────────────────┴───────────────┴──────────┴──────────────┴───────────────────┴───────────────┴───────────────────────────────────────────┘
`

/** aquasecurity/trivy pkg/report/table/misconfig_test.go at dc3c56eed58ab21c7e08d26757c517bc946a86c5, "single result". */
export const TRIVY_MISCONFIG_NO_CAUSE = `
my-file ()
==========
Tests: 1 (SUCCESSES: 0, FAILURES: 1)
Failures: 1 (LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 0)

XYZ-0123 (HIGH): Oh no, a bad config.
════════════════════════════════════════
Your config file is not good.

See https://google.com/search?q=bad%20config
────────────────────────────────────────


`

/** aquasecurity/trivy pkg/report/table/misconfig_test.go at dc3c56eed58ab21c7e08d26757c517bc946a86c5, "multiple results" (a FAIL and a PASS). */
export const TRIVY_MISCONFIG_PASS = `
my-file ()
==========
Tests: 2 (SUCCESSES: 1, FAILURES: 1)
Failures: 1 (LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 0)

FAIL: XYZ-0123 (HIGH): Oh no, a bad config.
════════════════════════════════════════
Your config file is not good.

See https://google.com/search?q=bad%20config
────────────────────────────────────────
 my-file:2
────────────────────────────────────────
   1   
   2 [ bad: true
   3   
────────────────────────────────────────


PASS: XYZ-0456 (MEDIUM): Oh no, a bad config AGAIN.
════════════════════════════════════════
Your config file is still not good.

See https://google.com/search?q=bad%20config
────────────────────────────────────────


`

/**
 * google/osv-scanner cmd/osv-scanner/scan/source/__snapshots__/command_test.snap at
 * add393a2e051ea46b7d94aa96e468bbdde1e621d, "TestCommand_CallAnalysis/Run_with_govulncheck_all_uncalled_but_enabled_all-vulns_flag - 1".
 */
export const OSV_UNCALLED = `Scanning dir ./testdata/call-analysis-go-project-all-uncalled
Filtered 1 ignored package/s from the scan.
Package Go/stdlib/1.19.99 has been filtered out because: Just want to test actual packages
Scanned <rootdir>/testdata/call-analysis-go-project-all-uncalled/go.mod file and found 2 packages

Total 0 packages affected by 0 known vulnerabilities (0 Critical, 0 High, 0 Medium, 0 Low, 0 Unknown) from 1 ecosystem.
0 vulnerabilities can be fixed.

+-------------------------------------+------+-----------+--------------------------+---------+---------------+-------------------------------------------------------+
| OSV URL                             | CVSS | ECOSYSTEM | PACKAGE                  | VERSION | FIXED VERSION | SOURCE                                                |
+-------------------------------------+------+-----------+--------------------------+---------+---------------+-------------------------------------------------------+
| Uncalled vulnerabilities            |      |           |                          |         |               |                                                       |
+-------------------------------------+------+-----------+--------------------------+---------+---------------+-------------------------------------------------------+
| https://osv.dev/GO-2021-0053        | 8.6  | Go        | github.com/gogo/protobuf | 1.3.1   | 1.3.2         | testdata/call-analysis-go-project-all-uncalled/go.mod |
| https://osv.dev/GHSA-c3h9-896r-86jm |      |           |                          |         |               |                                                       |
+-------------------------------------+------+-----------+--------------------------+---------+---------------+-------------------------------------------------------+

`

/** The same file, "TestCommand/folder_of_supported_sbom_with_vulns - 1": packages found inside SBOMs. */
export const OSV_SBOM = `Scanning dir ./testdata/sbom-insecure/
Filtered 10 local/unscannable package/s from the scan.
Scanned <rootdir>/testdata/sbom-insecure/alpine-zlib-16.cdx.json file and found 1 package
Scanned <rootdir>/testdata/sbom-insecure/alpine.cdx.xml file and found 15 packages
Scanned <rootdir>/testdata/sbom-insecure/bad-purls.cdx.xml file and found 15 packages
Scanned <rootdir>/testdata/sbom-insecure/only-unimportant.spdx.json file and found 1 package
Scanned <rootdir>/testdata/sbom-insecure/postgres-stretch.cdx.xml file and found 136 packages
Scanned <rootdir>/testdata/sbom-insecure/with-duplicates.cdx.xml file and found 17 packages

Total 11 packages affected by 26 known vulnerabilities (3 Critical, 10 High, 7 Medium, 1 Low, 5 Unknown) from 5 ecosystems.
26 vulnerabilities can be fixed.

+---------------------------------------+------+--------------+--------------------------------+------------------------------------+-----------------------------------+---------------------------------------------------------------------+
| OSV URL                               | CVSS | ECOSYSTEM    | PACKAGE                        | VERSION                            | FIXED VERSION                     | SOURCE                                                              |
+---------------------------------------+------+--------------+--------------------------------+------------------------------------+-----------------------------------+---------------------------------------------------------------------+
| https://osv.dev/GO-2022-0274          | 6.0  | Go           | github.com/opencontainers/runc | v1.0.1                             | 1.1.0                             | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/GHSA-v95c-p5hm-xq8f   |      |              |                                |                                    |                                   |                                                                     |
| https://osv.dev/GO-2022-0452          | 5.9  | Go           | github.com/opencontainers/runc | v1.0.1                             | 1.1.2                             | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/GHSA-f3fp-gc8g-vw66   |      |              |                                |                                    |                                   |                                                                     |
| https://osv.dev/GO-2023-1627          | 7.0  | Go           | github.com/opencontainers/runc | v1.0.1                             | 1.1.5                             | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/GHSA-vpvm-3wq2-2wvm   |      |              |                                |                                    |                                   |                                                                     |
| https://osv.dev/GO-2023-1682          | 2.5  | Go           | github.com/opencontainers/runc | v1.0.1                             | 1.1.5                             | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/GHSA-m8cg-xc2p-r3fc   |      |              |                                |                                    |                                   |                                                                     |
| https://osv.dev/GO-2023-1683          | 6.1  | Go           | github.com/opencontainers/runc | v1.0.1                             | 1.1.5                             | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/GHSA-g2j6-57v7-gm8c   |      |              |                                |                                    |                                   |                                                                     |
| https://osv.dev/GO-2024-2491          | 8.6  | Go           | github.com/opencontainers/runc | v1.0.1                             | 1.1.12                            | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/GHSA-xr7r-f8xq-vfvv   |      |              |                                |                                    |                                   |                                                                     |
| https://osv.dev/GO-2024-3110          | 4.8  | Go           | github.com/opencontainers/runc | v1.0.1                             | 1.1.14                            | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/GHSA-jfvp-7x6p-h2pv   |      |              |                                |                                    |                                   |                                                                     |
| https://osv.dev/GO-2025-4096          | 7.3  | Go           | github.com/opencontainers/runc | v1.0.1                             | 1.2.8                             | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/GHSA-9493-h29p-rfm2   |      |              |                                |                                    |                                   |                                                                     |
| https://osv.dev/GO-2025-4097          | 7.3  | Go           | github.com/opencontainers/runc | v1.0.1                             | 1.2.8                             | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/GHSA-qw9x-cqr3-wc7r   |      |              |                                |                                    |                                   |                                                                     |
| https://osv.dev/GO-2025-4098          | 7.3  | Go           | github.com/opencontainers/runc | v1.0.1                             | 1.2.8                             | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/GHSA-cgrx-mc8f-2prm   |      |              |                                |                                    |                                   |                                                                     |
| https://osv.dev/GO-2026-5761          | 4.8  | Go           | github.com/opencontainers/runc | v1.0.1                             | 1.3.6                             | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/GHSA-xjvp-4fhw-gc47   |      |              |                                |                                    |                                   |                                                                     |
| https://osv.dev/GO-2022-0493          | 5.3  | Go           | golang.org/x/sys               | v0.0.0-20210817142637-7d9622a276b7 | 0.0.0-20220412211240-33da011f77ad | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/GHSA-p782-xgp4-8hr8   |      |              |                                |                                    |                                   |                                                                     |
| https://osv.dev/GO-2026-5024          |      | Go           | golang.org/x/sys               | v0.0.0-20210817142637-7d9622a276b7 | 0.44.0                            | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/ALPINE-CVE-2025-26519 | 7.0  | Alpine:v3.17 | musl                           | 1.2.3-r4                           | 1.2.3-r6                          | testdata/sbom-insecure/alpine.cdx.xml                               |
| https://osv.dev/ALPINE-CVE-2018-25032 | 7.5  | Alpine:v3.17 | zlib                           | 1.2.10-r0                          | 1.2.11-r4                         | testdata/sbom-insecure/alpine.cdx.xml                               |
| https://osv.dev/ALPINE-CVE-2022-37434 | 9.8  | Alpine:v3.17 | zlib                           | 1.2.10-r0                          | 1.2.12-r2                         | testdata/sbom-insecure/alpine.cdx.xml                               |
| https://osv.dev/ALPINE-CVE-2025-26519 | 7.0  | Alpine:v3.17 | musl                           | 1.2.3-r4                           | 1.2.3-r6                          | testdata/sbom-insecure/with-duplicates.cdx.xml                      |
| https://osv.dev/ALPINE-CVE-2018-25032 | 7.5  | Alpine:v3.17 | zlib                           | 1.2.10-r0                          | 1.2.11-r4                         | testdata/sbom-insecure/with-duplicates.cdx.xml                      |
| https://osv.dev/ALPINE-CVE-2022-37434 | 9.8  | Alpine:v3.17 | zlib                           | 1.2.10-r0                          | 1.2.12-r2                         | testdata/sbom-insecure/with-duplicates.cdx.xml                      |
| https://osv.dev/ALPINE-CVE-2022-37434 | 9.8  | Alpine:v3.22 | zlib                           | 1.2.12-r1                          | 1.2.12-r2                         | testdata/sbom-insecure/alpine-zlib-16.cdx.json:lib/apk/db/installed |
| https://osv.dev/ALPINE-CVE-2026-22184 | 7.8  | Alpine:v3.22 | zlib                           | 1.2.12-r1                          | 1.3.2-r0                          | testdata/sbom-insecure/alpine-zlib-16.cdx.json:lib/apk/db/installed |
| https://osv.dev/ALPINE-CVE-2026-27171 | 5.5  | Alpine:v3.22 | zlib                           | 1.2.12-r1                          | 1.3.2-r0                          | testdata/sbom-insecure/alpine-zlib-16.cdx.json:lib/apk/db/installed |
| https://osv.dev/DLA-3022-1            |      | Debian:9     | dpkg                           | 1.18.25                            | 1.18.26                           | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/DLA-3012-1            |      | Debian:9     | libxml2                        | 2.9.4+dfsg1-2.2+deb9u6             | 2.9.4+dfsg1-2.2+deb9u7            | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/DLA-3008-1            |      | Debian:9     | openssl                        | 1.1.0l-1~deb9u5                    | 1.1.0l-1~deb9u6                   | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
| https://osv.dev/DLA-3051-1            |      | Debian:9     | tzdata                         | 2021a-0+deb9u3                     | 2021a-0+deb9u4                    | testdata/sbom-insecure/postgres-stretch.cdx.xml                     |
+---------------------------------------+------+--------------+--------------------------------+------------------------------------+-----------------------------------+---------------------------------------------------------------------+

`

/** semgrep/semgrep cli/tests/default/e2e/snapshots/test_output/test_long_rule_id_long_text/results.out at 6568da50eada3396c4d561a1d723163488ea04e2. */
export const SEMGREP_LONG_RULE = `

┌────────────────┐
│ 1 Code Finding │
└────────────────┘

    targets/long_text.py
    ❯❱ rules.this-is-a-very-long-rule-id-which-should-be-wrapped-in-the-cli-thank-you-very-much-
       supercalifragilisticexpialidocious
          This is the description of a very long rule id which should be wrapped in the cli thank you very
          much supercalifragilisticexpialidocious.

            2┆ print("SELECT * FROM users WHERE id = 1 AND
               very_long_variable_supercalifragilisticexpialidocious = TRUE"
            3┆       == "SELECT * FROM users WHERE id = 1 AND
               very_long_variable_supercalifragilisticexpialidocious = TRUE"

`

/** semgrep/semgrep cli/tests/default/e2e-other/snapshots/test_taint_intrafile/test_taint_intrafile/rulestaint_intrafile.yaml-tainttaint_intrafile.py/results.txt at 6568da50eada3396c4d561a1d723163488ea04e2. */
export const SEMGREP_TAINT = `

┌────────────────┐
│ 1 Code Finding │
└────────────────┘

    targets/taint/taint_intrafile.py
   ❯❯❱ rules.test
          Found

            2┆ sink(x)


          Taint comes from:

            5┆ y = "taint"


          Taint flows through these intermediate variables:

            5┆ y = "taint"


                This is how taint reaches the sink:

            6┆ foo(y)

          Taint flows through these intermediate variables:

            1┆ def foo(x):

          then reaches:

            2┆ sink(x)


`
