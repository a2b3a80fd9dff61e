#include "scanner/cli/commands.h"

namespace posture::cli {

// The explicit list of commands, in the order `posture --help` shows them.
const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"targets", "the registry of collectivities: import, list, show, opt-out, opt-in",
       TargetsCommand},
      {"scan", "scan the registry's collectivities into the database", ScanCommand},
      {"check", "scan one domain now, without a database, and print the findings", CheckCommand},
      {"spf", "evaluate a domain's SPF policy for a sending IP (RFC 7208 check_host)", SpfCommand},
      {"rank", "rank the collectivities by rolling 30-day score", RankCommand},
      {"cohort", "semester cohorts: create, list, show (with remediation figures)", CohortCommand},
      {"explain", "comply or explain: accept a finding until a date, with a reason", ExplainCommand},
      {"model", "the scoring model: show its rules, list stored versions", ModelCommand},
      {"rescore", "re-check stored observations and recompute the scores (no rescan)",
       RescoreCommand},
      {"report", "write the scorecards, the regional dashboard, remediation reports (HTML)",
       ReportCommand},
      {"export", "outreach list of a cohort, findings and scores for other tools (CSV, JSON)",
       ExportCommand},
  };
  return kCommands;
}

}  // namespace posture::cli
