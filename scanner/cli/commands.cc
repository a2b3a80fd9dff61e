#include "scanner/cli/commands.h"

namespace posture::cli {

// The explicit list of commands, in the order `posture --help` shows them.
const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"targets", "the registry of collectivities: import, list, show, opt-out, opt-in",
       TargetsCommand},
      {"scan", "scan the registry's collectivities into the database", ScanCommand},
      {"check", "scan one domain now, without a database, and print the findings", CheckCommand},
  };
  return kCommands;
}

}  // namespace posture::cli
