#include "scanner/engine/shared_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "scanner/engine/task_group.h"

namespace posture {
namespace {

// Many callers on two workers ask for the same key while it is being
// computed: the producer runs once and everyone gets its value.
TEST(SharedCacheTest, ComputesOnceAcrossWorkers) {
  SharedCache<std::string, int> cache;
  std::atomic<int> produced{0};
  std::atomic<int> sum{0};
  auto caller = [&]() -> Task<void> {
    auto v = co_await cache.Get("platform", [&]() -> Task<int> {
      ++produced;
      asio::steady_timer t(co_await asio::this_coro::executor);
      t.expires_after(Millis(30));
      co_await t.async_wait(asio::use_awaitable);
      co_return 42;
    });
    sum += *v;
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < 2; ++w) {
    workers.emplace_back([&] {
      asio::io_context io;
      for (int i = 0; i < 50; ++i) asio::co_spawn(io, caller(), asio::detached);
      io.run();
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(produced.load(), 1);
  EXPECT_EQ(sum.load(), 100 * 42);
  EXPECT_EQ(cache.misses(), 1);
  EXPECT_EQ(cache.hits(), 99);
  ASSERT_NE(cache.Peek("platform"), nullptr);
  EXPECT_EQ(*cache.Peek("platform"), 42);
  EXPECT_EQ(cache.Peek("other"), nullptr);
}

TEST(TaskGroupTest, WaitsForAllChildren) {
  asio::io_context io;
  std::vector<int> done;
  asio::co_spawn(
      io,
      [&]() -> Task<void> {
        TaskGroup group(co_await asio::this_coro::executor);
        for (int i = 3; i > 0; --i)
          group.Spawn([](int i, std::vector<int>* done) -> Task<void> {
            asio::steady_timer t(co_await asio::this_coro::executor);
            t.expires_after(Millis(5 * i));
            co_await t.async_wait(asio::use_awaitable);
            done->push_back(i);
          }(i, &done));
        co_await group.Wait();
        done.push_back(0);
      },
      asio::detached);
  io.run();
  EXPECT_EQ(done, (std::vector<int>{1, 2, 3, 0}));
}

}  // namespace
}  // namespace posture
