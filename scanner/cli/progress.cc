#include "scanner/cli/progress.h"

#include <cstdio>

namespace posture::cli {

Progress::Progress(int64_t total, bool quiet)
    : total_(total), quiet_(quiet), start_(std::chrono::steady_clock::now()), last_() {}

void Progress::Update(int64_t done, int64_t errors) {
  if (quiet_) return;
  auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  Draw(done, errors);
}

void Progress::Draw(int64_t done, int64_t errors) {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = elapsed > 0 ? done / elapsed : 0;
  long eta = rate > 0 ? static_cast<long>((total_ - done) / rate) : 0;
  std::fprintf(stderr, "\r  %lld/%lld collectivities  %.1f/s  ETA %ld:%02ld  errors %lld   ",
               static_cast<long long>(done), static_cast<long long>(total_), rate, eta / 60,
               eta % 60, static_cast<long long>(errors));
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::Finish() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace posture::cli
