#include "scanner/store/schema.h"

namespace posture {

// Migration N brings a database from schema N-1 to schema N. Never edit a
// migration that has shipped: add a new one. See SCHEMA.md for the tables.
const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "initial schema", R"sql(
CREATE TABLE targets (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('region','departement','epci','commune')),
  code            TEXT NOT NULL,
  name            TEXT NOT NULL,
  department_code TEXT NOT NULL DEFAULT '',
  population      INTEGER NOT NULL DEFAULT 0,
  epci_siren      TEXT NOT NULL DEFAULT '',
  source          TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (kind, code)
) STRICT;
CREATE INDEX targets_code ON targets(code);

CREATE TABLE target_domains (
  target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  domain    TEXT NOT NULL,
  web_host  TEXT NOT NULL,
  PRIMARY KEY (target_id, domain)
) STRICT;
CREATE INDEX target_domains_domain ON target_domains(domain);

CREATE TABLE target_contacts (
  target_id  INTEGER PRIMARY KEY REFERENCES targets(id) ON DELETE CASCADE,
  email      TEXT NOT NULL DEFAULT '',
  phone      TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE opt_outs (
  id           INTEGER PRIMARY KEY,
  target_id    INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  requested_by TEXT NOT NULL,
  reason       TEXT NOT NULL,
  opted_out_at INTEGER NOT NULL,
  purged       INTEGER NOT NULL DEFAULT 0,
  opted_in_at  INTEGER,
  opted_in_by  TEXT
) STRICT;
CREATE UNIQUE INDEX opt_outs_active ON opt_outs(target_id) WHERE opted_in_at IS NULL;

CREATE TABLE scan_runs (
  id              INTEGER PRIMARY KEY,
  started_at      INTEGER NOT NULL,
  finished_at     INTEGER,
  status          TEXT NOT NULL CHECK (status IN ('running','complete','interrupted')),
  posture_version TEXT NOT NULL,
  options         TEXT NOT NULL DEFAULT '{}',
  targets_total   INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE run_targets (
  run_id    INTEGER NOT NULL REFERENCES scan_runs(id) ON DELETE CASCADE,
  target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  state     TEXT NOT NULL CHECK (state IN ('pending','done')),
  PRIMARY KEY (run_id, target_id)
) STRICT;

CREATE TABLE observations (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES scan_runs(id) ON DELETE CASCADE,
  target_id  INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  scanned_at INTEGER NOT NULL,
  day        INTEGER NOT NULL,
  complete   INTEGER NOT NULL,
  encoding   TEXT NOT NULL CHECK (encoding IN ('json','json+zlib')),
  data       BLOB NOT NULL,
  UNIQUE (run_id, target_id)
) STRICT;
CREATE INDEX observations_target_day ON observations(target_id, day);

CREATE TABLE findings (
  observation_id INTEGER NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
  target_id      INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  day            INTEGER NOT NULL,
  code           TEXT NOT NULL,
  outcome        TEXT NOT NULL,
  severity       TEXT NOT NULL,
  subject        TEXT NOT NULL DEFAULT '',
  evidence       TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT '',
  check_version  INTEGER NOT NULL
) STRICT;
CREATE INDEX findings_observation ON findings(observation_id);
CREATE INDEX findings_target_day ON findings(target_id, day);
CREATE INDEX findings_code ON findings(code);

CREATE TABLE scores (
  target_id      INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  day            INTEGER NOT NULL,
  model_version  TEXT NOT NULL,
  observation_id INTEGER REFERENCES observations(id) ON DELETE SET NULL,
  overall        REAL,
  grade          TEXT NOT NULL,
  categories     TEXT NOT NULL DEFAULT '{}',
  caps           TEXT NOT NULL DEFAULT '',
  computed_at    INTEGER NOT NULL,
  PRIMARY KEY (target_id, day, model_version)
) STRICT;

CREATE TABLE explanations (
  id          INTEGER PRIMARY KEY,
  target_id   INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  code        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  until_day   INTEGER NOT NULL,
  revoked_at  INTEGER
) STRICT;
CREATE INDEX explanations_target ON explanations(target_id);

CREATE TABLE models (
  version    TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  loaded_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE cohorts (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  created_at      INTEGER NOT NULL,
  baseline_day    INTEGER NOT NULL,
  model_version   TEXT NOT NULL REFERENCES models(version),
  size            INTEGER NOT NULL,
  comparison_size INTEGER NOT NULL
) STRICT;

CREATE TABLE cohort_members (
  cohort_id         INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
  target_id         INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  grp               TEXT NOT NULL CHECK (grp IN ('called','comparison')),
  rank              INTEGER NOT NULL,
  baseline_score    REAL NOT NULL,
  baseline_grade    TEXT NOT NULL,
  baseline_findings TEXT NOT NULL DEFAULT '[]',
  left_at           INTEGER,
  left_reason       TEXT,
  PRIMARY KEY (cohort_id, target_id)
) STRICT;
)sql"},
      {2, "scores: active critical/high counts, untested findings, web absent", R"sql(
ALTER TABLE scores ADD COLUMN active_critical INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scores ADD COLUMN active_high INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scores ADD COLUMN findings_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scores ADD COLUMN findings_untested INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scores ADD COLUMN web_absent INTEGER NOT NULL DEFAULT 0;
CREATE INDEX scores_model_day ON scores(model_version, day);
)sql"},
      {3, "scores: what the scan could not measure", R"sql(
ALTER TABLE scores ADD COLUMN untested TEXT NOT NULL DEFAULT '';
)sql"},
  };
  return kMigrations;
}

}  // namespace posture
