// Progress: the one-line progress display of long scans on a terminal:
// done/total, rate, ETA and errors so far, redrawn at most 5 times a second
// on stderr. Silent when quiet (--quiet, or stderr is not a terminal).
//
// Thread-safety: main thread.
#pragma once

#include <chrono>
#include <cstdint>

namespace posture::cli {

class Progress {
 public:
  Progress(int64_t total, bool quiet);
  void Update(int64_t done, int64_t errors);
  void Finish();  // ends the line

 private:
  void Draw(int64_t done, int64_t errors);
  int64_t total_;
  bool quiet_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace posture::cli
