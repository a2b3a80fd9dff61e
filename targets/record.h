// What an import says about one collectivity: a TargetRecord is a partial
// target keyed by (kind, code). A field left unset (nullopt) leaves the stored
// value unchanged, so a registry file and a file that only adds domains or
// contacts compose. An empty string (or empty domain list) for the contact
// fields and domains means "clear the stored value" (a `-` cell in a CSV).
//
// ImportProblems collects the `FILE:LINE: what is wrong` messages of a
// validation pass, keeping the first ones and counting all.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "targets/target.h"

namespace posture {

struct TargetRecord {
  TargetKind kind = TargetKind::kCommune;
  std::string code;
  std::optional<std::string> name;
  std::optional<std::string> department_code;
  std::optional<int64_t> population;
  std::optional<std::string> epci_siren;
  std::optional<std::vector<TargetDomain>> domains;  // replaces the list when set
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::string origin;  // where it was read, for messages: "FILE:LINE" or "FILE: record N"

  std::string Key() const { return std::string(TargetKindName(kind)) + ":" + code; }
};

class ImportProblems {
 public:
  static constexpr size_t kKept = 200;

  void Add(std::string message) {
    ++total_;
    if (messages_.size() < kKept) messages_.push_back(std::move(message));
  }
  bool empty() const { return total_ == 0; }
  size_t total() const { return total_; }
  const std::vector<std::string>& messages() const { return messages_; }
  // The first `max_lines` messages, one a line, then "and N more problems".
  std::string Format(size_t max_lines = 20) const {
    std::string out;
    size_t shown = 0;
    for (const std::string& m : messages_) {
      if (shown == max_lines) break;
      out += m;
      out += '\n';
      ++shown;
    }
    if (total_ > shown)
      out += "and " + std::to_string(total_ - shown) + " more problem" +
             (total_ - shown == 1 ? "" : "s") + "\n";
    return out;
  }

 private:
  std::vector<std::string> messages_;
  size_t total_ = 0;
};

}  // namespace posture
