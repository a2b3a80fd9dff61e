// Helpers shared by the scoring commands (model, rank, cohort, explain): the
// --model option, opening the database, the display language, and plain
// text tables and CSV cells.
//
// Thread-safety: runs on the main thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

#include "checks/base/status.h"
#include "checks/catalogue.h"
#include "scanner/cli/cli.h"
#include "scanner/store/store.h"
#include "scoring/model.h"

namespace posture::cli {

// Adds `--model FILE` to `desc`.
void AddModelOption(boost::program_options::options_description& desc);
// The model of --model FILE (read, bounded to 1 MiB, validated), else the
// built-in model v1. Errors name the file.
StatusOr<scoring::ScoringModel> ModelFromOptions(const boost::program_options::variables_map& vm);

// Opens the database, which must exist.
StatusOr<Store> OpenScoringStore(const GlobalOptions& g);

inline Lang LangOf(const GlobalOptions& g) { return g.lang == "en" ? Lang::kEn : Lang::kFr; }
// fr or en text.
inline const char* Tr(const GlobalOptions& g, const char* fr, const char* en) {
  return g.lang == "en" ? en : fr;
}

// "54.0"; "-" when absent.
std::string FormatScore(double v);
// "+2.5", "-1.0", "0.0".
std::string FormatDelta(double v);

// A plain text table: columns padded to their widest cell (UTF-8 aware);
// `right` marks right-aligned columns.
class TextTable {
 public:
  TextTable(std::vector<std::string> header, std::vector<bool> right = {});
  void Add(std::vector<std::string> row);
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

// One CSV cell (RFC 4180 quoting; a text cell starting with = + - @, tab or
// CR is prefixed with ' so spreadsheets do not run it as a formula): see
// reports::CsvCell.
std::string CsvCell(std::string_view s, bool text = true);

}  // namespace posture::cli
