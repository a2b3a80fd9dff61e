// The network options shared by `posture scan`, `posture check` and
// `posture spf`: resolver, trust anchors, concurrency, politeness, timeouts,
// and the identity posture shows to servers (User-Agent, EHLO name). Every
// option can also be set once in the configuration file under its long name.
//
// Thread-safety: main thread.
#pragma once

#include <boost/program_options.hpp>

#include "checks/base/status.h"
#include "scanner/cli/cli.h"
#include "scanner/probes/scan_context.h"

namespace posture::cli {

void AddNetworkOptions(boost::program_options::options_description& desc);
// Builds the engine configuration; InvalidArgument with a sentence naming the
// option when a value is out of range or a file cannot be read.
StatusOr<ScanConfig> ScanConfigFromOptions(const boost::program_options::variables_map& vm);
// True when the contact URL was left at its default (the scan warns).
bool ContactUrlIsDefault(const boost::program_options::variables_map& vm);

// The Public Suffix List from Debian's publicsuffix package, loaded once.
const PublicSuffixList* SystemPublicSuffixList();

}  // namespace posture::cli
