#include "scanner/cli/cli.h"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "posture/version.h"
#include "scanner/store/store.h"

namespace po = boost::program_options;

namespace posture::cli {
namespace {

constexpr const char* kSystemConfig = "/etc/posture/posture.conf";
constexpr const char* kLocalConfig = "posture.conf";

bool FileExists(const std::string& path) { return ::access(path.c_str(), R_OK) == 0; }

// Reads `key = value` settings that are global (db, lang) from the config
// files; the per-command keys are merged by ParseCommandLine.
void ApplyConfigGlobals(GlobalOptions& g, bool db_from_cli, bool lang_from_cli) {
  po::options_description desc;
  desc.add_options()("db", po::value<std::string>())("lang", po::value<std::string>());
  for (const std::string& file : g.config_files) {
    po::variables_map vm;
    std::ifstream in(file);
    po::store(po::parse_config_file(in, desc, /*allow_unregistered=*/true), vm);
    if (!db_from_cli && vm.count("db") && g.db_path.empty()) g.db_path = vm["db"].as<std::string>();
    if (!lang_from_cli && vm.count("lang")) g.lang = vm["lang"].as<std::string>();
  }
}

void PrintTopHelp(std::ostream& out, const po::options_description& globals) {
  out << "posture " << kVersion
      << ": measures, from the outside and without intruding, how well each collectivity\n"
         "protects its e-mail and websites, scores it over 30 days and reports.\n\n"
         "Usage: posture [global options] COMMAND [options]\n\n"
         "Commands:\n";
  for (const Command& c : Commands()) {
    std::string name = c.name;
    name.resize(12, ' ');
    out << "  " << name << c.summary << "\n";
  }
  out << "\n" << globals << "\n"
      << "Run `posture COMMAND --help` for a command's options.\n"
         "Getting started: `posture targets import targets/data/idf-collectivites.csv`, then\n"
         "`posture scan`, `posture rank`, `posture report region --out out/`.\n";
}

}  // namespace

UnixSeconds GlobalOptions::Now() const {
  if (now) return *now;
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int Fail(int code, const std::string& message) {
  std::cerr << "posture: " << message << std::endl;
  return code;
}

std::optional<int> ParseCommandLine(const GlobalOptions& g, const std::vector<std::string>& args,
                                    const std::string& usage, const std::string& description,
                                    po::options_description& desc,
                                    const po::positional_options_description& positional,
                                    po::variables_map& vm) {
  po::options_description all;
  all.add_options()("help,h", "show this help");
  all.add(desc);
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    // Settings from the configuration files fill what the command line did not set.
    for (const std::string& file : g.config_files) {
      std::ifstream in(file);
      po::store(po::parse_config_file(in, all, /*allow_unregistered=*/true), vm);
    }
    if (vm.count("help")) {
      std::cout << "Usage: " << usage << "\n\n" << description << "\n\n" << all << std::endl;
      return kExitOk;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "posture: " << e.what() << " (see `" << usage.substr(0, usage.find(" [")) << " --help`)"
              << std::endl;
    return kExitUsage;
  }
  return std::nullopt;
}

int RunSubcommand(const GlobalOptions& g, const std::string& parent,
                  const std::vector<std::string>& args, const std::vector<Command>& subcommands) {
  auto print_list = [&](std::ostream& out) {
    out << "Usage: posture " << parent << " SUBCOMMAND [options]\n\nSubcommands:\n";
    for (const Command& c : subcommands) {
      std::string name = c.name;
      name.resize(12, ' ');
      out << "  " << name << c.summary << "\n";
    }
    out << "\nRun `posture " << parent << " SUBCOMMAND --help` for its options.\n";
  };
  if (args.empty()) {
    print_list(std::cerr);
    return kExitUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_list(std::cout);
    return kExitOk;
  }
  for (const Command& c : subcommands) {
    if (args[0] == c.name) return c.run(g, std::vector<std::string>(args.begin() + 1, args.end()));
  }
  return Fail(kExitUsage, "unknown subcommand `" + args[0] + "` for `posture " + parent +
                              "` (see `posture " + parent + " --help`)");
}

int Run(int argc, char** argv) {
  po::options_description globals("Global options (before the command)");
  globals.add_options()
      ("help,h", "show this help")
      ("version", "print the version")
      ("db", po::value<std::string>(), "database file (default: $POSTURE_DB, else posture.db)")
      ("config", po::value<std::string>(),
       "configuration file (default: /etc/posture/posture.conf then ./posture.conf)")
      ("now", po::value<std::string>(), "clock for stamping results, ISO 8601 (backfills, tests)")
      ("lang", po::value<std::string>(), "language of reports and messages: fr (default) or en")
      ("quiet,q", "no progress display");

  GlobalOptions g;
  po::variables_map vm;
  std::vector<std::string> rest;
  try {
    po::parsed_options parsed =
        po::command_line_parser(argc, argv).options(globals).allow_unregistered().run();
    // Global options must come before the command: stop at the first positional.
    std::vector<po::option> kept;
    bool command_seen = false;
    for (po::option& o : parsed.options) {
      if (!command_seen && o.position_key == -1 && !o.unregistered) {
        kept.push_back(o);
        continue;
      }
      command_seen = true;
      for (const std::string& tok : o.original_tokens) rest.push_back(tok);
    }
    parsed.options = kept;
    po::store(parsed, vm);
  } catch (const po::error& e) {
    return Fail(kExitUsage, std::string(e.what()) + " (see `posture --help`)");
  }
  if (vm.count("version")) {
    std::cout << "posture " << kVersion << std::endl;
    return kExitOk;
  }
  if (vm.count("help") || rest.empty()) {
    PrintTopHelp(rest.empty() && !vm.count("help") ? std::cerr : std::cout, globals);
    return vm.count("help") ? kExitOk : kExitUsage;
  }

  if (vm.count("config")) {
    std::string file = vm["config"].as<std::string>();
    if (!FileExists(file)) return Fail(kExitUsage, "configuration file " + file + " cannot be read");
    g.config_files.push_back(file);
  } else {
    if (FileExists(kSystemConfig)) g.config_files.push_back(kSystemConfig);
    if (FileExists(kLocalConfig)) g.config_files.push_back(kLocalConfig);
  }
  if (vm.count("db")) g.db_path = vm["db"].as<std::string>();
  if (vm.count("lang")) g.lang = vm["lang"].as<std::string>();
  try {
    ApplyConfigGlobals(g, vm.count("db") > 0, vm.count("lang") > 0);
  } catch (const po::error& e) {
    return Fail(kExitUsage, "configuration: " + std::string(e.what()));
  }
  if (g.db_path.empty()) g.db_path = DefaultDatabasePath();
  if (g.lang != "fr" && g.lang != "en")
    return Fail(kExitUsage, "--lang must be fr or en, not `" + g.lang + "`");
  if (vm.count("now")) {
    auto t = ParseIso8601(vm["now"].as<std::string>());
    if (!t)
      return Fail(kExitUsage, "--now must be an ISO 8601 date or time, e.g. 2026-12-03T06:00:00Z");
    g.now = *t;
  }
  g.quiet = vm.count("quiet") > 0 || ::isatty(STDERR_FILENO) == 0;

  const std::string& name = rest[0];
  std::vector<std::string> args(rest.begin() + 1, rest.end());
  for (const Command& c : Commands())
    if (name == c.name) return c.run(g, args);
  return Fail(kExitUsage, "unknown command `" + name + "` (see `posture --help`)");
}

}  // namespace posture::cli
