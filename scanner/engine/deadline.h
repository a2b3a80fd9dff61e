// Deadline: the time budget of one target's scan. Every operation's timeout
// is clamped to what is left, so a target never runs far past its deadline
// whatever its servers do.
//
// Thread-safety: plain value.
#pragma once

#include <algorithm>

#include "scanner/engine/asio.h"

namespace posture {

class Deadline {
 public:
  Deadline() : at_(Clock::time_point::max()) {}
  explicit Deadline(Clock::time_point at) : at_(at) {}
  static Deadline In(Millis d) { return Deadline(Clock::now() + d); }

  bool expired() const { return Clock::now() >= at_; }
  Clock::time_point at() const { return at_; }
  // min(timeout, time left), never negative.
  Millis Clamp(Millis timeout) const {
    if (at_ == Clock::time_point::max()) return timeout;
    auto left = std::chrono::duration_cast<Millis>(at_ - Clock::now());
    return std::max(Millis(0), std::min(timeout, left));
  }

 private:
  Clock::time_point at_;
};

}  // namespace posture
