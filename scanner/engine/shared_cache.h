// SharedCache: a per-run cache shared by all workers, with in-flight
// de-duplication. The first caller of a key computes the value; callers that
// arrive while it is being computed (on any worker) wait for it instead of
// computing it again. This is what makes 500 communes on one hosting platform
// cost one TLS probe, and a big provider's SPF include one DNS question.
//
// Values are immutable once stored (shared_ptr<const V>).
//
// Thread-safety: Get() from coroutines on any worker; internally locked.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "scanner/engine/asio.h"
#include "scanner/engine/signal.h"

namespace posture {

template <typename K, typename V>
class SharedCache {
 public:
  using Ptr = std::shared_ptr<const V>;

  // `produce` is a callable returning Task<V>. It should not throw; if it
  // does, waiters receive a default V and the exception propagates to the
  // first caller.
  template <typename Produce>
  Task<Ptr> Get(const K& key, Produce produce) {
    auto executor = co_await asio::this_coro::executor;
    std::shared_ptr<Entry> entry;
    std::shared_ptr<Signal> signal;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = entries_.find(key);
      if (it != entries_.end()) {
        entry = it->second;
        ++hits_;
        if (entry->value) co_return entry->value;
        signal = std::make_shared<Signal>(executor);
        entry->waiters.push_back(signal);
      } else {
        entry = std::make_shared<Entry>();
        entries_.emplace(key, entry);
        ++misses_;
      }
    }
    if (signal) {
      co_await signal->Wait();
      co_return entry->value;
    }
    Ptr value;
    std::exception_ptr error;
    try {
      value = std::make_shared<const V>(co_await produce());
    } catch (...) {
      error = std::current_exception();
      value = std::make_shared<const V>();
    }
    std::vector<std::shared_ptr<Signal>> waiters;
    {
      std::lock_guard<std::mutex> lock(mu_);
      entry->value = value;
      waiters.swap(entry->waiters);
    }
    for (auto& w : waiters) w->Notify();
    if (error) std::rethrow_exception(error);
    co_return value;
  }

  // The value if already computed, else nullptr. Never waits.
  Ptr Peek(const K& key) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second->value;
  }

  int64_t hits() const {
    std::lock_guard<std::mutex> lock(mu_);
    return hits_;
  }
  int64_t misses() const {
    std::lock_guard<std::mutex> lock(mu_);
    return misses_;
  }
  size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return entries_.size();
  }

 private:
  struct Entry {
    Ptr value;  // set once, under mu_
    std::vector<std::shared_ptr<Signal>> waiters;
  };
  mutable std::mutex mu_;
  std::map<K, std::shared_ptr<Entry>> entries_;
  int64_t hits_ = 0;
  int64_t misses_ = 0;
};

}  // namespace posture
