// JSON-RPC 2.0 message classification and the serialising writer.
#include "mcp/jsonrpc.h"

#include <unistd.h>

#include <cerrno>

namespace gpttrace::mcp {

namespace {

Message invalid(int code, std::string message, json id = nullptr) {
  Message m;
  m.kind = Message::Kind::Invalid;
  m.id = std::move(id);
  m.error = RpcError{code, std::move(message), nullptr};
  return m;
}

bool valid_id(const json& id) { return id.is_string() || id.is_number_integer(); }

}  // namespace

Message parse_message(std::string_view line) {
  json doc = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return invalid(kParseError, "parse error: the line is not valid JSON");
  if (doc.is_array()) return invalid(kInvalidRequest, "invalid request: batches are not supported; send one message per line");
  if (!doc.is_object()) return invalid(kInvalidRequest, "invalid request: a message must be a JSON object");
  json id = doc.contains("id") && valid_id(doc["id"]) ? doc["id"] : json(nullptr);
  if (!doc.contains("jsonrpc") || doc["jsonrpc"] != "2.0") {
    return invalid(kInvalidRequest, "invalid request: \"jsonrpc\" must be \"2.0\"", id);
  }
  if (!doc.contains("method")) {
    if (doc.contains("id") && (doc.contains("result") || doc.contains("error"))) {
      Message m;
      m.kind = Message::Kind::Response;
      m.id = doc["id"];
      return m;
    }
    return invalid(kInvalidRequest, "invalid request: no \"method\"", id);
  }
  if (!doc["method"].is_string()) return invalid(kInvalidRequest, "invalid request: \"method\" must be a string", id);
  if (doc.contains("id") && !valid_id(doc["id"])) {
    return invalid(kInvalidRequest, "invalid request: \"id\" must be a string or an integer");
  }
  if (doc.contains("params") && !doc["params"].is_object()) {
    return invalid(kInvalidRequest, "invalid request: \"params\" must be an object", id);
  }
  Message m;
  m.kind = doc.contains("id") ? Message::Kind::Request : Message::Kind::Notification;
  m.id = id;
  m.method = doc["method"].get<std::string>();
  if (doc.contains("params")) m.params = doc["params"];
  return m;
}

void Writer::result(const json& id, const json& result) {
  send(json{{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
}

void Writer::error(const json& id, const RpcError& error) {
  json body = {{"code", error.code}, {"message", error.message}};
  if (!error.data.is_null()) body["data"] = error.data;
  send(json{{"jsonrpc", "2.0"}, {"id", id}, {"error", body}});
}

void Writer::notify(const std::string& method, const json& params) {
  send(json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

bool Writer::healthy() const {
  std::lock_guard lock(mutex_);
  return !failed_;
}

void Writer::send(const json& message) {
  std::string line = message.dump(-1, ' ', false, json::error_handler_t::replace);
  line.push_back('\n');
  std::lock_guard lock(mutex_);
  if (failed_) return;
  size_t written = 0;
  while (written < line.size()) {
    ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      failed_ = true;
      return;
    }
    written += static_cast<size_t>(n);
  }
}

}  // namespace gpttrace::mcp
