// The scripted client's process plumbing: fork/exec with pipes, line reading with timeouts, /proc scans.
#include "mcp_client.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace gpttrace::mcp_test {

namespace {

using Clock = std::chrono::steady_clock;

pid_t spawn(const std::vector<std::string>& argv, int stdin_fd, int stdout_fd) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  if (stdin_fd >= 0) ::dup2(stdin_fd, STDIN_FILENO);
  if (stdout_fd >= 0) ::dup2(stdout_fd, STDOUT_FILENO);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execv(args[0], args.data());
  ::_exit(127);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

McpProcess::McpProcess(std::vector<std::string> args) {
  int to_child[2], from_child[2];
  if (::pipe2(to_child, O_CLOEXEC) != 0 || ::pipe2(from_child, O_CLOEXEC) != 0) return;
  std::vector<std::string> argv = {GPTTRACE_BINARY, "mcp"};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_ = spawn(argv, to_child[0], from_child[1]);
  ::close(to_child[0]);
  ::close(from_child[1]);
  in_ = to_child[1];
  out_ = from_child[0];
}

McpProcess::~McpProcess() {
  close_stdin();
  if (!wait_exit(std::chrono::seconds(10)) && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_ >= 0) ::close(out_);
}

void McpProcess::send_line(const std::string& line) {
  std::string data = line + "\n";
  size_t done = 0;
  while (in_ >= 0 && done < data.size()) {
    ssize_t n = ::write(in_, data.data() + done, data.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
}

std::optional<json> McpProcess::next(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    size_t nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return json::parse(line, nullptr, false);
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0 || out_ < 0) return std::nullopt;
    pollfd fd{out_, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(left)) <= 0) continue;
    char buf[65536];
    ssize_t n = ::read(out_, buf, sizeof buf);
    if (n <= 0) return std::nullopt;
    buffer_.append(buf, static_cast<size_t>(n));
  }
}

std::optional<json> McpProcess::request(const json& id, const std::string& method, const json& params,
                                        std::chrono::milliseconds timeout) {
  send(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  for (auto it = early_.begin(); it != early_.end(); ++it) {
    if ((*it)["id"] == id) {
      json found = *it;
      early_.erase(it);
      return found;
    }
  }
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    std::optional<json> message = next(left);
    if (!message) return std::nullopt;
    if (!message->contains("id")) {
      notifications_.push_back(*message);
    } else if ((*message)["id"] == id) {
      return message;
    } else {
      early_.push_back(*message);
    }
  }
  return std::nullopt;
}

json McpProcess::initialize(const std::string& version) {
  std::optional<json> reply = request("init", "initialize",
                                      {{"protocolVersion", version},
                                       {"capabilities", json::object()},
                                       {"clientInfo", {{"name", "mcp_stdio_test"}, {"version", "1"}}}});
  send(json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  return reply ? (*reply)["result"] : json();
}

void McpProcess::close_stdin() {
  if (in_ >= 0) ::close(in_);
  in_ = -1;
}

std::optional<int> McpProcess::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (!status_ && pid_ > 0) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return status_;
}

std::vector<pid_t> bpftrace_running(const std::string& marker) {
  std::vector<pid_t> found;
  DIR* proc = ::opendir("/proc");
  if (!proc) return found;
  while (dirent* entry = ::readdir(proc)) {
    pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (pid <= 0) continue;
    std::string dir = std::string("/proc/") + entry->d_name;
    if (read_file(dir + "/comm") != "bpftrace\n") continue;
    std::string stat = read_file(dir + "/stat");
    size_t paren = stat.rfind(')');
    if (paren != std::string::npos && stat.size() > paren + 2 && stat[paren + 2] == 'Z') continue;  // zombie
    if (read_file(dir + "/cmdline").find(marker) != std::string::npos) found.push_back(pid);
  }
  ::closedir(proc);
  return found;
}

Workload::Workload(std::vector<std::string> args) {
  std::vector<std::string> argv = {GPTTRACE_WORKLOAD};
  argv.insert(argv.end(), args.begin(), args.end());
  int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  pid_ = spawn(argv, devnull, devnull);
  ::close(devnull);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // comm set before tracing starts
}

Workload::~Workload() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  ::waitpid(pid_, nullptr, 0);
}

}  // namespace gpttrace::mcp_test
