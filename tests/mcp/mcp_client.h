// A scripted MCP client for tests: spawns the real `gpttrace mcp` with pipes and speaks JSON-RPC lines.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace gpttrace::mcp_test {

using json = nlohmann::json;

class McpProcess {
 public:
  explicit McpProcess(std::vector<std::string> args);  // arguments after `gpttrace mcp`
  ~McpProcess();                                        // closes stdin, waits, kills if needed

  void send_line(const std::string& line);
  void send(const json& message) { send_line(message.dump()); }
  // Sends a request and returns its response (result or error object), collecting notifications that
  // arrive meanwhile into notifications(). Fails the test (nullopt) after `timeout`.
  std::optional<json> request(const json& id, const std::string& method, const json& params = json::object(),
                              std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // The next message, or nullopt after `timeout`.
  std::optional<json> next(std::chrono::milliseconds timeout);
  // A legacy session: initialize with `version` and the initialized notification; returns the result.
  json initialize(const std::string& version = "2025-11-25");

  void close_stdin();
  // Waits for exit; the exit code, or nullopt after `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }
  const std::vector<json>& notifications() const { return notifications_; }

 private:
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::string buffer_;
  std::vector<json> notifications_;
  std::vector<json> early_;  // responses that arrived while waiting for another id
  std::optional<int> status_;
};

// PIDs of live bpftrace processes whose command line contains `marker`.
std::vector<pid_t> bpftrace_running(const std::string& marker);

// A workload process (tests/workload/evwk) with a known comm; killed on destruction.
class Workload {
 public:
  explicit Workload(std::vector<std::string> args);
  ~Workload();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

}  // namespace gpttrace::mcp_test
