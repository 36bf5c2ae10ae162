// A scripted OpenAI-compatible Chat Completions server on 127.0.0.1 (cpp-httplib), for tests and benches.
//
// Script format (JSON): {"responses": [R, ...]}; request N (from 0) gets R[N] (or the last R whose
// "repeat" covers it); past the end it gets HTTP 500 "script exhausted". Each R:
//   "status": 200                 HTTP status (default 200)
//   "headers": {"Retry-After": "1"}
//   "delay_ms": 0                 wait before answering (ends early when the server stops)
//   "repeat": 1                   R answers this many consecutive requests
//   one body kind:
//   "body": "text"                the raw body, sent as is (malformed JSON, HTML error pages, ...)
//   "json": {...}                 a JSON body (e.g. {"error": {"message": "..."}})
//   "reply": {                    a chat completion, streamed as SSE when the request has "stream": true
//     "content": "text", "content_bytes": N (content of N 'x' instead),
//     "tool_calls": [{"name": "probe_info", "arguments": {...}} | {"name": ..., "arguments_text": "raw"}],
//     "finish_reason": "stop" (default "tool_calls" when there are tool calls),
//     "usage": false              omit usage (default: prompt = request bytes / 4, completion = answer bytes / 4)
//   }
//   "sse": ["payload", ...]       raw SSE: each payload sent as "data: payload\n\n"
//   "cut_after": N                stream: close the connection after N chunks (no [DONE]); a non-stream body
//                                 announces its full length but only N bytes are sent
//   "chunk_delay_ms": 0           pause between stream chunks
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}

namespace gpttrace::testing {

struct RecordedRequest {
  std::string path;
  std::string authorization;  // the Authorization header as received
  std::string body;
};

class ScriptedServer {
 public:
  // Starts listening on 127.0.0.1 with an ephemeral port. Throws std::runtime_error on a bad script.
  explicit ScriptedServer(const std::string& script_json);
  static std::unique_ptr<ScriptedServer> from_file(const std::string& path);
  ~ScriptedServer();  // stops and joins: no server outlives its test

  int port() const { return port_; }
  std::string base_url() const;  // http://127.0.0.1:PORT/v1
  std::vector<RecordedRequest> requests() const;
  // Appends each request to `path` as it arrives: a line "=== request N PATH" (N from 1), then the body
  // as received and a newline. The Authorization header is not logged.
  void set_log_file(std::string path);
  void stop();

 private:
  struct Script;
  std::unique_ptr<Script> script_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> listen_returned_{false};  // the accept loop ended (or never started)
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable stopping_cv_;
  bool stopping_ = false;
  std::vector<RecordedRequest> requests_;
  std::string log_file_;
  void handle(const httplib::Request& request, httplib::Response& response);
  bool pause(int ms);  // false when the server is stopping
};

}  // namespace gpttrace::testing
