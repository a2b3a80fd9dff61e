// The entry points of the top-level commands, one per file (*_cmd.cc).
#pragma once

#include <string>
#include <vector>

#include "scanner/cli/cli.h"

namespace posture::cli {

int TargetsCommand(const GlobalOptions& g, const std::vector<std::string>& args);
int ScanCommand(const GlobalOptions& g, const std::vector<std::string>& args);
int CheckCommand(const GlobalOptions& g, const std::vector<std::string>& args);
int ModelCommand(const GlobalOptions& g, const std::vector<std::string>& args);
int RankCommand(const GlobalOptions& g, const std::vector<std::string>& args);
int CohortCommand(const GlobalOptions& g, const std::vector<std::string>& args);
int ExplainCommand(const GlobalOptions& g, const std::vector<std::string>& args);
int SpfCommand(const GlobalOptions& g, const std::vector<std::string>& args);
int RescoreCommand(const GlobalOptions& g, const std::vector<std::string>& args);
int ReportCommand(const GlobalOptions& g, const std::vector<std::string>& args);
int ExportCommand(const GlobalOptions& g, const std::vector<std::string>& args);

}  // namespace posture::cli
