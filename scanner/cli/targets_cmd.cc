// `posture targets ...`: the registry of collectivities.
#include "scanner/cli/commands.h"

namespace posture::cli {

int TargetsCommand(const GlobalOptions& g, const std::vector<std::string>& args) {
  static const std::vector<Command> kSub = {};
  return RunSubcommand(g, "targets", args, kSub);
}

}  // namespace posture::cli
