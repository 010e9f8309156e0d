export const USAGE = `assay: continuous control monitoring for ISO/IEC 27001:2022 and ISO/IEC 42001:2023

Usage:
  assay run --config FILE [--store DIR|s3://BUCKET/PREFIX/] [--fail-on none|fail|error]
  assay schedule --cron EXPR --config FILE [--store DIR] [--fail-on none|fail|error]
                                   (long-running: a run at every tick of EXPR, in UTC; never two at once)
  assay shards plan|collect|evaluate --config FILE [--run RUN_ID] [--shard ID] [--store DIR]
                                   (the fan-out's steps: a run id and its shards; one shard; checks and commit)
  assay demo [--dir DIR] [--seed N] [--serve [--port N]]   (--serve: then the console on the demo store)
  assay evidence verify [--store DIR|s3://BUCKET/PREFIX/] [--region REGION]
                                   (every hash, the chain, claims, commit intents; prints the head digest to anchor)
  assay evidence verify --bundle FILE.zip   (checks an export bundle offline: every file hash, the manifests' chain)
  assay evidence list [--store DIR|s3://BUCKET/PREFIX/] [--region REGION]
  assay evidence findings --format csv|ocsf [--store DIR|s3://BUCKET/PREFIX/] [--run RUN_ID] [--out FILE]
                                   (a run's findings as CSV, or OCSF 1.8.0 Compliance Finding JSON lines)
  assay evidence export --framework iso27001|iso42001 --out FILE.zip [--control ID] [--from DATE] [--to DATE]
               [--sample N --seed S] [--store DIR]
                                   (the auditors' bundle: controls, findings, snapshot excerpts, attestations, manifests)
  assay serve [--store DIR|s3://BUCKET/PREFIX/] [--config FILE] [--port 8080] [--by EMAIL]
                                   (the console: findings, history, controls, people; triage as stored records)
  assay replay RUN_ID|SEQUENCE [--store DIR] [--config FILE]
                                   (re-evaluates a stored run's snapshots with the current checks; compares findings)
  assay attest KIND --by EMAIL [--file FILE] [--note TEXT] [--covers PERIOD] [--ref EVENT_OR_FINDING]
               [--ticket URL] [--system AI_SYSTEM] [--store DIR | --config FILE]
                                   (stores evidence no API shows: management-review, isms-policy-review,
                                   ai-policy-review, ai-impact-assessment, internal-audit, supplier-review,
                                   incident-response-exercise, break-glass-review)
  assay attest import --kind security-training|policy-acknowledgement --by EMAIL [--file EXPORT.csv]
               [--store DIR | --config FILE]   (stores an LMS or e-signature CSV export)
  assay access-review start --period PERIOD [--out DIR] [--by EMAIL] [--store DIR | --config FILE]
                                   (a campaign from the newest people graph: CSV and HTML per reviewer, stored)
  assay access-review record --file DECISIONS.csv --by EMAIL [--store DIR | --config FILE]
                                   (stores reviewers' keep / revoke / change decisions, the CSV hashed)
  assay events patterns [--config FILE]
                                   (EventBridge rule patterns for the near-real-time CloudTrail path, JSON)
  assay events handle --config FILE --event EVENT.json [--store DIR]
                                   (one EventBridge event through the event path, as the Lambda does)
  assay controls [--framework iso27001|iso42001] [--json | --markdown]
  assay checks [--json | --markdown]
  assay permissions [github|aws|google] [--markdown]
  assay docs readme                (regenerates the README's checks and permissions tables)
  assay config schema              (JSON Schema of the config file)
  assay exceptions schema          (JSON Schema of the exceptions register)
  assay --version | --help

Exit codes: 0 done (findings do not change it unless --fail-on says so); 1 --fail-on matched, or evidence did
not verify; 2 usage or configuration error, an unusable evidence store, or another run holding the store's run
lock (nothing was collected); 3 unexpected internal error.`;
