// JSON form of the observations, used by the store (raw evidence kept for
// re-scoring) and by `posture check --json`. The format is versioned by
// kObservationsFormat; readers accept older formats.
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "checks/base/status.h"
#include "checks/observations.h"

namespace posture {

inline constexpr int kObservationsFormat = 1;

nlohmann::json ToJson(const DnsResult& r);
nlohmann::json ToJson(const HttpFetch& f);
nlohmann::json ToJson(const TlsEndpoint& t);
nlohmann::json ToJson(const SmtpProbe& s);
nlohmann::json ToJson(const TargetObservations& obs);

std::string SerializeObservations(const TargetObservations& obs);
StatusOr<TargetObservations> ParseObservations(const std::string& json_text);

}  // namespace posture
