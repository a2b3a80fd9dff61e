// The command line: `posture [global options] COMMAND [SUBCOMMAND] [options]`.
// Global options (--db, --config, --now, --lang, --quiet) come before the
// command; each command parses its own options with Boost.Program_options and
// merges the configuration file (command line wins). Exit codes: 0 success,
// 1 operational failure, 2 usage error; errors go to stderr in one sentence.
//
// Commands are listed explicitly in commands.cc.
//
// Thread-safety: runs on the main thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "checks/base/time.h"

namespace posture::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct GlobalOptions {
  std::string db_path;                 // resolved: --db, config, $POSTURE_DB, posture.db
  std::vector<std::string> config_files;  // the configuration files actually read
  std::optional<UnixSeconds> now;      // --now
  std::string lang = "fr";             // --lang fr|en
  bool quiet = false;
  std::string program = "posture";

  // The clock for stamping results: --now if given, else the system clock.
  UnixSeconds Now() const;
};

struct Command {
  const char* name;
  const char* summary;  // one line for `posture --help`
  std::function<int(const GlobalOptions&, const std::vector<std::string>& args)> run;
};

const std::vector<Command>& Commands();

// Entry point used by main().
int Run(int argc, char** argv);

// Parses `args` against `desc` (plus `positional`), merges the configuration
// files (command line wins), and handles --help. Returns nullopt when the
// caller should continue, or an exit code (help printed: 0; usage error: 2).
// `usage` is the synopsis line, e.g. "posture targets list [options]".
std::optional<int> ParseCommandLine(const GlobalOptions& g, const std::vector<std::string>& args,
                                    const std::string& usage, const std::string& description,
                                    boost::program_options::options_description& desc,
                                    const boost::program_options::positional_options_description& positional,
                                    boost::program_options::variables_map& vm);

// Dispatches to a subcommand: args[0] names it. Prints the list on --help or
// when missing.
int RunSubcommand(const GlobalOptions& g, const std::string& parent, const std::vector<std::string>& args,
                  const std::vector<Command>& subcommands);

// Prints "posture: <message>" on stderr and returns `code`.
int Fail(int code, const std::string& message);

}  // namespace posture::cli
