// The opt-out guarantee, seen on the wire: a packet capture on the loopback
// interface (dumpcap, from Debian's tshark packages) records a scan of the
// whole lab registry in which three collectivities opted out, and shows
//   - not one packet to or from their own hosts: Île-de-France's web server
//     (127.10.1.2), Sarcelles' web server (127.10.1.24) and MX (127.10.25.7);
//   - not one DNS question, TLS server name or HTTP Host naming anything
//     under their domains (Guyancourt's site lives on the shared platform,
//     Île-de-France's mail on the shared MX and its MTA-STS policy on the
//     shared policy host);
//   - while the shared platforms were still scanned for the others: packets
//     to the shared web platform 127.10.1.100 with the SNI of CA Versailles
//     Grand Parc, to the shared MX 127.10.25.100, to the MTA-STS policy host
//     127.10.1.250 for Versailles.
// The capture covers this scan only: it is started, and proven to record (a
// marker datagram is seen in the file), before the scan, stopped after a
// second marker is seen, and the e2e tests never scan the lab at the same
// time (ctest's lab resource lock, and LabScanLock). tests/e2e/opt_out_test.cc
// shows the same from the servers' logs. Needs root (capture), like the lab.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include "checks/base/strings.h"
#include "tests/e2e/lab_testlib.h"

extern char** environ;

namespace posture::e2e {
namespace {

namespace fs = std::filesystem;

// Datagrams that mark the start and the end of the capture. Nothing listens
// there; the address is inside the captured range and belongs to no host.
constexpr const char* kMarkerIp = "127.10.255.254";
constexpr uint16_t kMarkerPort = 9;  // discard
constexpr const char* kFilter = "net 127.10.0.0/16 or net 127.53.0.0/24";

std::string FindTool(const char* name) {
  for (const char* dir : {"/usr/bin/", "/usr/sbin/", "/usr/local/bin/"}) {
    std::string path = std::string(dir) + name;
    if (::access(path.c_str(), X_OK) == 0) return path;
  }
  return "";
}

pid_t Spawn(const std::vector<std::string>& argv_s, const std::string& out_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<std::string> copy = argv_s;
  std::vector<char*> argv;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

void SendMarker(const std::string& payload) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(kMarkerPort);
  ::inet_pton(AF_INET, kMarkerIp, &sa.sin_addr);
  ::sendto(fd, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  ::close(fd);
}

// Sends `payload` to the marker address until the capture file holds it
// (dumpcap writes packets with a delay of up to a second or two).
bool MarkerCaptured(const std::string& pcap, const std::string& payload, double limit_seconds) {
  auto start = std::chrono::steady_clock::now();
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() <
         limit_seconds) {
    SendMarker(payload);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (ReadFile(pcap).find(payload) != std::string::npos) return true;
  }
  return false;
}

// The dumpcap child, stopped (by its PID) when the test ends.
class Capture {
 public:
  ~Capture() { Stop(); }
  bool Start(const std::string& dumpcap, const std::string& pcap, const std::string& log) {
    pid_ = Spawn({dumpcap, "-i", "lo", "-f", kFilter, "-P", "-w", pcap}, log);
    return pid_ > 0;
  }
  bool Running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    return true;
  }
  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (::waitpid(pid_, &status, WNOHANG) == 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

// One captured packet, as tshark dissects it (first occurrence of each field:
// the outer header of an ICMP error).
struct Packet {
  std::string src, dst, tcp_port, udp_port, sni, http_host, dns_name;
};

std::vector<Packet> Dissect(const std::string& tshark, const std::string& pcap) {
  CommandResult r =
      RunCommand({tshark, "-n",           "-r", pcap,
                  "-T",   "fields",       "-E", "separator=|",
                  "-E",   "occurrence=f", "-e", "ip.src",
                  "-e",   "ip.dst",       "-e", "tcp.dstport",
                  "-e",   "udp.dstport",  "-e", "tls.handshake.extensions_server_name",
                  "-e",   "http.host",    "-e", "dns.qry.name"});
  EXPECT_EQ(r.exit_code, 0) << "tshark -r " << pcap << ": " << r.err;
  std::vector<Packet> out;
  for (auto line : Split(r.out, '\n')) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    for (auto part : Split(line, '|')) f.emplace_back(part);
    f.resize(7);
    out.push_back(
        Packet{f[0], f[1], f[2], f[3], AsciiLower(f[4]), AsciiLower(f[5]), AsciiLower(f[6])});
  }
  return out;
}

bool UnderDomain(const std::string& name, const std::string& domain) {
  return name == domain || (name.size() > domain.size() &&
                            name.compare(name.size() - domain.size(), domain.size(), domain) == 0 &&
                            name[name.size() - domain.size() - 1] == '.');
}

TEST(LabOptOutCaptureTest, NoPacketReachesOptedOutHostsWhileSharedPlatformsAreScanned) {
  ASSERT_TRUE(LabIsUp());
  std::string dumpcap = FindTool("dumpcap"), tshark = FindTool("tshark");
  if (dumpcap.empty() || tshark.empty())
    GTEST_SKIP()
        << "dumpcap/tshark not installed (Debian package tshark, in scripts/install-deps): "
           "the capture-based opt-out proof cannot run";
  ASSERT_FALSE(ScannedLabDatabase().empty());  // the shared scan first, so it cannot overlap ours
  std::string dir = FreshDir("opt-out-capture");
  std::string db = dir + "/opt-out.db";
  CommandResult r =
      RunPosture({"--db", db, "targets", "import", SourcePath("tests/lab/targets.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* key : {"commune:78297", "region:11", "commune:95585"}) {
    std::vector<std::string> args = {"--db",         db,     "targets", "opt-out", key, "--reason",
                                     "e2e: capture", "--by", "e2e"};
    r = RunPosture(args);
    ASSERT_EQ(r.exit_code, 0) << Describe(args) << ": " << r.err;
  }
  const std::vector<std::string> kOptedOutDomains = {"guyancourt.idf.test", "iledefrance.idf.test",
                                                     "sarcelles.idf.test"};
  const std::vector<std::string> kOwnHosts = {"127.10.1.2", "127.10.1.24", "127.10.25.7"};

  std::string pcap = dir + "/scan.pcap";
  std::string token = std::to_string(::getpid()) + "-" +
                      std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  std::vector<Packet> packets;
  {
    LabScanLock lock;
    Capture capture;
    ASSERT_TRUE(capture.Start(dumpcap, pcap, dir + "/dumpcap.log")) << "cannot start " << dumpcap;
    bool started = MarkerCaptured(pcap, "posture-capture-start-" + token, 20);
    ASSERT_TRUE(started) << "the capture does not record (is this root?): "
                         << (capture.Running() ? "" : "dumpcap exited: ")
                         << ReadFile(dir + "/dumpcap.log");
    r = RunPosture({"--db", db, "--quiet", "scan", "--resolver", LabResolver(), "--ca-file",
                    LabCaFile(), "--contact-url", "https://posture-e2e.invalid/opt-out-capture"},
                   300);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Every packet of the scan is in the file once the end marker is.
    ASSERT_TRUE(MarkerCaptured(pcap, "posture-capture-end-" + token, 20))
        << ReadFile(dir + "/dumpcap.log");
    ASSERT_TRUE(capture.Running())
        << "dumpcap stopped during the scan: " << ReadFile(dir + "/dumpcap.log");
    capture.Stop();
  }
  // A packet the capture dropped could be the one that matters: none may be.
  // dumpcap ends with "Packets received/dropped on interface 'Loopback: lo': N/M (...)".
  std::string log = ReadFile(dir + "/dumpcap.log");
  size_t at = log.find("received/dropped on interface");
  ASSERT_NE(at, std::string::npos) << log;
  size_t colon = log.find(": ", at), slash = log.find('/', colon);
  ASSERT_TRUE(colon != std::string::npos && slash != std::string::npos) << log.substr(at);
  EXPECT_EQ(std::atol(log.c_str() + slash + 1), 0L) << "dumpcap dropped packets: " << log.substr(at, 160);
  packets = Dissect(tshark, pcap);
  ASSERT_GT(packets.size(), 1000u) << "the capture holds too little of the scan";

  std::map<std::string, size_t> to_ip;
  size_t dns_questions = 0;
  for (const Packet& p : packets) {
    ++to_ip[p.dst];
    if (!p.dns_name.empty()) ++dns_questions;
    for (const std::string& own : kOwnHosts) {
      EXPECT_NE(p.dst, own) << "a packet reached an opted-out collectivity's host: " << p.src
                            << " -> " << p.dst << ":" << p.tcp_port << p.udp_port;
      EXPECT_NE(p.src, own) << "an opted-out collectivity's host sent a packet to " << p.dst;
    }
    for (const std::string& d : kOptedOutDomains) {
      EXPECT_FALSE(UnderDomain(p.sni, d)) << "TLS server name " << p.sni << " sent to " << p.dst;
      EXPECT_FALSE(UnderDomain(p.http_host, d))
          << "HTTP Host " << p.http_host << " sent to " << p.dst;
      EXPECT_FALSE(UnderDomain(p.dns_name, d))
          << "DNS question " << p.dns_name << " (" << p.src << " -> " << p.dst << ")";
    }
  }
  // The shared platforms were scanned for the others.
  auto count = [&](const std::string& dst, const std::string& port, const std::string& sni) {
    size_t n = 0;
    for (const Packet& p : packets)
      if (p.dst == dst && (port.empty() || p.tcp_port == port) && (sni.empty() || p.sni == sni))
        ++n;
    return n;
  };
  EXPECT_GT(count("127.10.1.100", "443", "versaillesgrandparc.idf.test"), 0u)
      << "the shared web platform was not scanned for CA Versailles Grand Parc";
  EXPECT_GT(count("127.10.1.100", "443", "hauts-de-seine.idf.test"), 0u);
  EXPECT_GT(count("127.10.1.100", "80", ""), 0u);
  EXPECT_GT(count("127.10.25.100", "25", ""), 0u) << "the shared MX was not probed for the others";
  EXPECT_GT(count("127.10.1.250", "443", "mta-sts.versailles.idf.test"), 0u)
      << "the shared MTA-STS policy host was not asked for Versailles' policy";
  EXPECT_GT(dns_questions, 100u);
  std::cout << "opt-out capture: " << packets.size() << " packets (" << dns_questions << " DNS), "
            << to_ip["127.10.1.100"] << " to the shared web platform, " << to_ip["127.10.25.100"]
            << " to the shared MX, " << to_ip["127.10.1.250"]
            << " to the MTA-STS policy host; 0 to or from 127.10.1.2, 127.10.1.24, 127.10.25.7\n";
}

}  // namespace
}  // namespace posture::e2e
