#include "scanner/cli/scoring_cli.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "reports/text.h"

namespace po = boost::program_options;

namespace posture::cli {
namespace {

constexpr int64_t kMaxModelFileBytes = 1 << 20;

size_t Width(std::string_view s) {
  size_t w = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++w;
  return w;
}

}  // namespace

void AddModelOption(po::options_description& desc) {
  desc.add_options()("model", po::value<std::string>(),
                     "scoring model file (JSON, a tuned copy of scoring/model-v1.json with its "
                     "own version); default: the built-in model v1");
}

StatusOr<scoring::ScoringModel> ModelFromOptions(const po::variables_map& vm) {
  if (!vm.count("model")) return scoring::DefaultModel();
  const std::string path = vm["model"].as<std::string>();
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return NotFound("model file " + path + " cannot be read");
  if (!S_ISREG(st.st_mode)) return InvalidArgument("model file " + path + " is not a regular file");
  if (st.st_size > kMaxModelFileBytes)
    return InvalidArgument("model file " + path + " is larger than 1 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("model file " + path + " cannot be read");
  std::string text;
  char buf[1 << 14];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (static_cast<int64_t>(text.size()) > kMaxModelFileBytes)
      return InvalidArgument("model file " + path + " is larger than 1 MiB");
  }
  auto model = scoring::ParseModel(text);
  if (!model.ok()) return InvalidArgument(path + ": " + model.status().message());
  return model;
}

StatusOr<Store> OpenScoringStore(const GlobalOptions& g) {
  StoreOptions options;
  options.create = false;
  return Store::Open(g.db_path, options);
}

std::string FormatScore(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", scoring::RoundScore(v));
  return buf;
}

std::string FormatDelta(double v) {
  double r = scoring::RoundScore(v);
  char buf[32];
  std::snprintf(buf, sizeof buf, r > 0 ? "+%.1f" : "%.1f", r == 0 ? 0.0 : r);
  return buf;
}

TextTable::TextTable(std::vector<std::string> header, std::vector<bool> right)
    : header_(std::move(header)), right_(std::move(right)) {
  right_.resize(header_.size(), false);
}

void TextTable::Add(std::vector<std::string> row) {
  row.resize(header_.size());
  rows_.push_back(std::move(row));
}

std::string TextTable::Render() const {
  std::vector<size_t> width(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], Width(row[i]));
  };
  measure(header_);
  for (const auto& r : rows_) measure(r);
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    std::string l;
    for (size_t i = 0; i < row.size(); ++i) {
      std::string pad(width[i] - Width(row[i]), ' ');
      if (i) l += "  ";
      l += right_[i] ? pad + row[i] : (i + 1 == row.size() ? row[i] : row[i] + pad);
    }
    out += l + "\n";
  };
  line(header_);
  for (const auto& r : rows_) line(r);
  return out;
}

std::string CsvCell(std::string_view s, bool text) {
  return reports::CsvCell(s, reports::CsvDialect::kRfc4180, text);
}

}  // namespace posture::cli
