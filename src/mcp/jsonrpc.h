// The JSON-RPC 2.0 layer of the MCP server over stdio: one message per line in, one per line out.
// Knows nothing of MCP methods or tools: parsing and classifying a line, error codes, and one writer.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gpttrace::mcp {

using json = nlohmann::json;

enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kUnsupportedProtocolVersion = -32022,  // 2026-07-28: data {supported, requested}
};

struct RpcError {
  int code = kInternalError;
  std::string message;
  json data;  // null: left out
};

// One received line, classified.
struct Message {
  enum class Kind { Request, Notification, Response, Invalid };
  Kind kind = Kind::Invalid;
  json id;  // requests (string or integer); for Invalid, the id when one could be read, else null
  std::string method;
  json params = json::object();  // always an object for requests and notifications
  RpcError error;                // Invalid: why (-32700 or -32600)
};

// Parses one line. Never throws: malformed JSON is kParseError; valid JSON that is not a JSON-RPC 2.0
// request, notification or response (a batch array, a null id, params that are not an object, ...) is
// kInvalidRequest.
Message parse_message(std::string_view line);

// Writes whole messages to a file descriptor, one line each, from any thread. Text that is not valid
// UTF-8 (bpftrace's comm and str() output can hold any bytes) is replaced, never an exception.
class Writer {
 public:
  explicit Writer(int fd) : fd_(fd) {}
  void result(const json& id, const json& result);
  void error(const json& id, const RpcError& error);
  void notify(const std::string& method, const json& params);
  // False once a write failed (the client went away).
  bool healthy() const;

 private:
  void send(const json& message);

  int fd_;
  mutable std::mutex mutex_;
  bool failed_ = false;
};

}  // namespace gpttrace::mcp
