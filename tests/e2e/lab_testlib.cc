#include "tests/e2e/lab_testlib.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "scanner/store/store.h"
#include "scanner/store/store_scans.h"
#include "scanner/store/store_targets.h"

extern char** environ;

namespace posture::e2e {
namespace {

namespace fs = std::filesystem;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// A TCP connection to ip:port within `ms` milliseconds.
bool CanConnect(const std::string& ip, int port, int ms) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, ip.c_str(), &sa.sin_addr) != 1) {
    ::close(fd);
    return false;
  }
  bool ok = false;
  int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  if (rc == 0) {
    ok = true;
  } else if (errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, ms) == 1) {
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      ok = err == 0;
    }
  }
  ::close(fd);
  return ok;
}

int64_t MtimeNs(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

std::string SourcePath(const std::string& relative) {
  return std::string(POSTURE_SOURCE_DIR) + "/" + relative;
}

std::string PostureBinary() { return POSTURE_BINARY; }

std::string LabRunPath(const std::string& name) { return SourcePath("tests/lab/run/" + name); }

std::string LabResolver() { return Trim(ReadFile(LabRunPath("resolver"))); }

std::string LabCaFile() { return LabRunPath("ca.pem"); }

UnixSeconds LabUpTime() { return MtimeNs(LabCaFile()) / 1000000000; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

::testing::AssertionResult LabIsUp() {
  const char* kHow = "; start it first: tests/lab/up (as root; scripts/test does it), then run the "
                     "e2e tests (ctest -L e2e)";
  std::string resolver = LabResolver();
  if (resolver.empty())
    return ::testing::AssertionFailure()
           << "the lab is not up (" << LabRunPath("resolver") << " is missing)" << kHow;
  struct Probe {
    std::string ip;
    int port;
    const char* what;
  };
  for (const Probe& p : {Probe{resolver, 53, "the lab resolver (unbound)"},
                         Probe{"127.10.1.1", 443, "the lab web server (nginx)"},
                         Probe{"127.10.25.1", 25, "the lab MX (postfix)"}}) {
    if (!CanConnect(p.ip, p.port, 2000))
      return ::testing::AssertionFailure() << "the lab is not up: " << p.what << " does not accept "
                                           << "connections on " << p.ip << ":" << p.port << kHow;
  }
  return ::testing::AssertionSuccess();
}

std::string WorkDir() {
  std::string dir = fs::path(PostureBinary()).parent_path().string() + "/e2e-work";
  std::error_code ec;
  fs::create_directories(dir, ec);
  return dir;
}

std::string FreshDir(const std::string& name) {
  std::string dir = WorkDir() + "/" + name + "-" + std::to_string(::getpid());
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  return dir;
}

std::string Describe(const std::vector<std::string>& args) {
  std::string s = "posture";
  for (const std::string& a : args) s += " " + a;
  return s;
}

namespace {
double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  std::string dir = WorkDir();
  std::string tag = std::to_string(::getpid()) + "-" +
                    std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  out_path_ = dir + "/out-" + tag;
  err_path_ = dir + "/err-" + tag;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  std::vector<std::string> argv_s = argv;
  std::vector<char*> c_argv;
  for (std::string& a : argv_s) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  started_at_ = Now();
  pid_t pid = -1;
  int rc = posix_spawn(&pid, c_argv[0], &actions, nullptr, c_argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    start_error_ = std::string("cannot start ") + c_argv[0] + ": " + std::strerror(rc);
    return;
  }
  pid_ = pid;
}

ChildProcess::~ChildProcess() {
  Kill();
  ::unlink(out_path_.c_str());
  ::unlink(err_path_.c_str());
}

bool ChildProcess::Running() {
  if (pid_ <= 0 || reaped_) return false;
  if (::wait4(pid_, &status_, WNOHANG, &usage_) == pid_) reaped_ = true;
  return !reaped_;
}

void ChildProcess::Kill() {
  if (!Running()) return;
  ::kill(pid_, SIGKILL);
  ::wait4(pid_, &status_, 0, &usage_);
  reaped_ = true;
  killed_ = true;
}

CommandResult ChildProcess::Wait(double limit_seconds) {
  CommandResult r;
  if (pid_ <= 0) {
    r.err = start_error_;
    return r;
  }
  while (Running()) {
    if (Now() - started_at_ > limit_seconds) {
      Kill();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  r.seconds = Now() - started_at_;
  r.killed = killed_;
  r.max_rss_kb = usage_.ru_maxrss;  // kilobytes on Linux
  if (!killed_ && WIFEXITED(status_)) r.exit_code = WEXITSTATUS(status_);
  r.out = ReadFile(out_path_);
  r.err = ReadFile(err_path_);
  return r;
}

CommandResult RunCommand(const std::vector<std::string>& argv, double limit_seconds) {
  ChildProcess child(argv);
  return child.Wait(limit_seconds);
}

CommandResult RunPosture(const std::vector<std::string>& args, double limit_seconds) {
  std::vector<std::string> argv = {PostureBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, limit_seconds);
}

LabScanLock::LabScanLock() {
  std::string path = WorkDir() + "/lab-scan.lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ >= 0) ::flock(fd_, LOCK_EX);
}

LabScanLock::~LabScanLock() {
  if (fd_ >= 0) {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
}

namespace {

// What a shared scan depends on: the lab instance, the binary, the inputs.
std::string ScanKey(const std::string& name, const std::vector<std::string>& registries,
                    const std::vector<std::string>& scan_args) {
  std::string material = name + "|" + std::to_string(MtimeNs(LabCaFile())) + "|" +
                         std::to_string(MtimeNs(PostureBinary()));
  for (const std::string& r : registries) material += "|" + ReadFile(r);
  for (const std::string& a : scan_args) material += "|" + a;
  return std::to_string(std::hash<std::string>{}(material));
}

}  // namespace

SharedScan ScanOnce(const std::string& name, const std::vector<std::string>& registries,
                    const std::vector<std::string>& scan_args, double limit_seconds) {
  std::string dir = WorkDir();
  std::string prefix = name + "-scan-";
  std::string db = dir + "/" + prefix + ScanKey(name, registries, scan_args) + ".db";
  std::string done = db + ".done";
  SharedScan out;
  LabScanLock lock;
  if (fs::exists(done)) {
    nlohmann::json j = nlohmann::json::parse(ReadFile(done), nullptr, false);
    if (j.is_object()) {
      out.db = db;
      out.scan.exit_code = j.value("exit_code", -1);
      out.scan.seconds = j.value("seconds", 0.0);
      out.scan.max_rss_kb = j.value("max_rss_kb", -1L);
      out.scan.killed = j.value("killed", false);
      out.scan.err = j.value("err", "");
      return out;
    }
  }
  // A new lab or a new build: drop the databases of earlier ones.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) fs::remove(entry.path(), ec);
  for (const std::string& registry : registries) {
    std::vector<std::string> import = {"--db", db, "targets", "import", registry};
    CommandResult imported = RunPosture(import);
    if (imported.exit_code != 0) {
      ADD_FAILURE() << Describe(import) << " failed (" << imported.exit_code
                    << "): " << imported.err;
      return out;
    }
  }
  std::vector<std::string> scan = {"--db", db, "--quiet", "scan"};
  scan.insert(scan.end(), scan_args.begin(), scan_args.end());
  out.scan = RunPosture(scan, limit_seconds);
  out.db = db;
  nlohmann::json j = {{"exit_code", out.scan.exit_code},
                      {"seconds", out.scan.seconds},
                      {"max_rss_kb", out.scan.max_rss_kb},
                      {"killed", out.scan.killed},
                      {"err", out.scan.err}};
  std::ofstream(done) << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out.scan.out.clear();
  return out;
}

std::string ScannedLabDatabase() {
  SharedScan s = ScanOnce("lab", {SourcePath("tests/lab/targets.csv")},
                          {"--resolver", LabResolver(), "--ca-file", LabCaFile(), "--contact-url",
                           "https://posture-e2e.invalid/lab-scan"},
                          300);
  if (s.db.empty()) return "";
  if (s.scan.exit_code != 0) {
    ADD_FAILURE() << "posture scan of the lab failed (" << s.scan.exit_code
                  << (s.scan.killed ? ", killed after 300 s" : "") << "): " << s.scan.err;
    return "";
  }
  return s.db;
}

std::string ScannedLabSummary() {
  std::string db = ScannedLabDatabase();
  if (db.empty()) return "";
  nlohmann::json j = nlohmann::json::parse(ReadFile(db + ".done"), nullptr, false);
  return j.is_object() ? Trim(j.value("err", "")) : "";
}

::testing::AssertionResult LoadScanned(const std::string& db, const std::string& key, Scanned* out,
                                       bool require_complete) {
  StoreOptions options;
  options.read_only = true;
  options.create = false;
  auto store = Store::Open(db, options);
  if (!store.ok())
    return ::testing::AssertionFailure()
           << "cannot open " << db << ": " << store.status().message();
  auto target = FindTarget(*store, key);
  if (!target.ok())
    return ::testing::AssertionFailure()
           << key << " is not in the registry: " << target.status().message();
  auto rows = ListObservations(*store, target->id);
  if (!rows.ok() || rows->empty())
    return ::testing::AssertionFailure() << key << " has no stored observation";
  const StoredObservation& last = rows->back();
  if (require_complete && !last.complete)
    return ::testing::AssertionFailure() << key << ": the scan did not complete";
  auto obs = LoadObservations(*store, last.id);
  if (!obs.ok()) return ::testing::AssertionFailure() << key << ": " << obs.status().message();
  auto findings = LoadFindings(*store, last.id);
  if (!findings.ok())
    return ::testing::AssertionFailure() << key << ": " << findings.status().message();
  out->target_id = target->id;
  out->observation_id = last.id;
  out->complete = last.complete;
  out->obs = std::move(*obs);
  out->findings = std::move(*findings);
  return ::testing::AssertionSuccess();
}

std::string WorstOutcome(const std::vector<const Finding*>& findings) {
  static const std::vector<std::string> kOrder =
      GroundTruth()["outcome_order"].get<std::vector<std::string>>();
  std::string worst;
  size_t rank = SIZE_MAX;
  for (const Finding* f : findings) {
    auto it = std::find(kOrder.begin(), kOrder.end(), OutcomeName(f->outcome));
    size_t r = static_cast<size_t>(it - kOrder.begin());
    if (r < rank) {
      rank = r;
      worst = OutcomeName(f->outcome);
    }
  }
  return worst;
}

std::vector<const Finding*> FindingsWithCode(const std::vector<Finding>& findings,
                                             const std::string& code) {
  std::vector<const Finding*> out;
  for (const Finding& f : findings)
    if (f.code == code) out.push_back(&f);
  return out;
}

std::string DescribeFindings(const std::vector<const Finding*>& findings) {
  std::string s;
  for (const Finding* f : findings)
    s += "\n    " + std::string(OutcomeName(f->outcome)) + "/" + SeverityName(f->severity) + " [" +
         f->subject + "] " + f->detail + " | " + f->evidence.substr(0, 200);
  return s;
}

const nlohmann::json& GroundTruth() {
  static const nlohmann::json kTruth = [] {
    std::string text = ReadFile(SourcePath("tests/lab/ground_truth.json"));
    if (text.empty()) return nlohmann::json::object();
    return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  }();
  return kTruth;
}

std::vector<std::string> GroundTruthKeys() {
  std::vector<std::string> keys;
  const nlohmann::json& g = GroundTruth();
  if (g.is_object() && g.contains("collectivities"))
    for (const auto& [key, value] : g["collectivities"].items()) keys.push_back(key);
  return keys;
}

}  // namespace posture::e2e
