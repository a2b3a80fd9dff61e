// Boost.Asio for posture, with C++20 coroutines. g++ 12 with Boost 1.74
// needs <utility> before the Asio headers; include this file, never Asio
// directly. `Task<T>` is a coroutine running on one worker's io_context.
//
// Boost 1.74 has no cancellation slots, parallel groups or awaitable
// operators: timeouts are timers that cancel the I/O object, and fan-out uses
// Join (join.h).
#pragma once

#include <utility>  // must precede Asio with g++ 12

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

namespace posture {

namespace asio = boost::asio;
using boost::system::error_code;
template <typename T>
using Task = asio::awaitable<T>;
using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

}  // namespace posture
