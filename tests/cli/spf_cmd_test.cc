// `posture spf` without the lab: an in-process DNS server that never answers
// (UDP and TCP on one 127.0.0.1 port, reading and dropping every question)
// gives temperror, bounded (the outcome is asserted; the time is printed);
// usage errors exit 2.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace posture {
namespace {

// A DNS server that listens and never answers. Counts the UDP questions.
class SilentDnsServer {
 public:
  SilentDnsServer() {
    udp_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(udp_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) return;
    socklen_t len = sizeof sa;
    ::getsockname(udp_, reinterpret_cast<sockaddr*>(&sa), &len);
    port_ = ntohs(sa.sin_port);
    tcp_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(tcp_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(tcp_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0) ::listen(tcp_, 16);
    thread_ = std::thread([this] { Loop(); });
  }
  ~SilentDnsServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (int fd : accepted_) ::close(fd);
    if (udp_ >= 0) ::close(udp_);
    if (tcp_ >= 0) ::close(tcp_);
  }
  int port() const { return port_; }
  int questions() const { return questions_.load(); }

 private:
  void Loop() {
    while (!stop_) {
      pollfd fds[2] = {{udp_, POLLIN, 0}, {tcp_, POLLIN, 0}};
      if (::poll(fds, 2, 50) <= 0) continue;
      if (fds[0].revents & POLLIN) {
        char buf[4096];
        if (::recv(udp_, buf, sizeof buf, 0) > 0) ++questions_;  // and drop it
      }
      if (fds[1].revents & POLLIN) {
        int fd = ::accept4(tcp_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) accepted_.push_back(fd);  // kept open, never read or answered
      }
    }
  }
  int udp_ = -1, tcp_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> questions_{0};
  std::vector<int> accepted_;
  std::thread thread_;
};

struct Result {
  int exit_code = -1;
  std::string out, err;
  double seconds = 0;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs posture with `args`; killed (exit_code -1) after `limit` seconds.
Result RunPosture(const std::vector<std::string>& args, double limit) {
  Result r;
  std::string base = ::testing::TempDir() + "spf-cmd-" + std::to_string(::getpid());
  std::string out = base + ".out", err = base + ".err";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> a = {POSTURE_BINARY};
  a.insert(a.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return r;
  int status = 0;
  bool killed = false;
  while (::waitpid(pid, &status, WNOHANG) != pid) {
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > limit) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      killed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!killed && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  r.out = Slurp(out);
  r.err = Slurp(err);
  ::unlink(out.c_str());
  ::unlink(err.c_str());
  return r;
}

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

TEST(SpfCommandTest, SilentResolverGivesTemperrorWithinTheDefaultBound) {
  SilentDnsServer dns;
  ASSERT_GT(dns.port(), 0);
  std::string resolver = "127.0.0.1:" + std::to_string(dns.port());
  // Default --timeout: 5 s per question, retries included. The watchdog (60 s)
  // only catches a hang; the bound itself is printed, not asserted.
  Result r = RunPosture({"spf", "ville.example", "--ip", "192.0.2.25", "--resolver", resolver}, 60);
  ASSERT_NE(r.exit_code, -1) << "posture spf did not end within 60 s against a silent resolver";
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(FirstLine(r.out), "temperror") << r.out << r.err;
  EXPECT_NE(r.out.find("timeout"), std::string::npos) << r.out;
  EXPECT_GE(dns.questions(), 1) << "the question never reached the fake server";
  std::cout << "temperror after " << r.seconds << " s, " << dns.questions()
            << " UDP datagrams received (default --timeout 5)\n";
}

TEST(SpfCommandTest, ShorterTimeoutStillTemperror) {
  SilentDnsServer dns;
  ASSERT_GT(dns.port(), 0);
  Result r = RunPosture({"spf", "ville.example", "--ip", "2001:db8::25", "--resolver",
                         "127.0.0.1:" + std::to_string(dns.port()), "--timeout", "0.5"},
                        60);
  ASSERT_NE(r.exit_code, -1);
  EXPECT_EQ(FirstLine(r.out), "temperror") << r.out << r.err;
}

TEST(SpfCommandTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunPosture({"spf", "ville.example"}, 30).exit_code, 2);                       // no --ip
  EXPECT_EQ(RunPosture({"spf", "--ip", "192.0.2.1"}, 30).exit_code, 2);                   // no domain
  EXPECT_EQ(RunPosture({"spf", "ville.example", "--ip", "192.0.2"}, 30).exit_code, 2);   // bad IP
  EXPECT_EQ(RunPosture({"spf", "ville.example", "--ip", "192.0.2.1", "--timeout", "0"}, 30).exit_code, 2);
  Result help = RunPosture({"spf", "--help"}, 30);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("temperror"), std::string::npos);
}

}  // namespace
}  // namespace posture
