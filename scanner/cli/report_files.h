// Writing the report files: atomic writes (a reader never sees half a page),
// folders, and the removal of pages a new run no longer produces (a
// collectivity that opted out keeps no scorecard in the published folder).
//
// Thread-safety: runs on the main thread.
#pragma once

#include <set>
#include <string>

#include "checks/base/status.h"

namespace posture::cli {

// Writes `content` to `path` through a temporary file in the same folder
// and a rename. IoError naming the path on failure.
Status WriteFileAtomically(const std::string& path, const std::string& content);
// mkdir -p.
Status MakeDirectories(const std::string& path);
// Deletes the *.html files of `dir` (not recursive) whose name is not in `keep`.
Status RemoveStaleHtml(const std::string& dir, const std::set<std::string>& keep);
// "412 KiB", "1.3 MiB".
std::string FormatBytes(size_t bytes);
// file:///absolute/path (percent-encoding spaces and non-ASCII bytes).
std::string FileUrl(const std::string& path);

}  // namespace posture::cli
