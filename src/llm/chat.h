// OpenAI-compatible Chat Completions client: messages, tools, streaming, bounded retries, one-line errors.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/error.h"
#include "llm/provider.h"

namespace gpttrace {

struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments;  // JSON text as the model wrote it (may be malformed: the agent checks it)
};

struct ChatMessage {
  std::string role;                 // "system", "user", "assistant", "tool"
  std::string content;
  std::vector<ToolCall> tool_calls;  // assistant messages that called tools
  std::string tool_call_id;          // tool messages: the call they answer
};

struct ToolSpec {
  std::string name;
  std::string description;
  std::string parameters_json;  // a JSON Schema object
};

struct ChatRequest {
  std::vector<ChatMessage> messages;
  std::vector<ToolSpec> tools;  // empty: no tools offered
  double temperature = 0.1;
  int max_tokens = 1500;
};

struct ChatUsage {
  long prompt_tokens = 0;
  long completion_tokens = 0;
  bool estimated = false;  // the provider reported none: bytes/4 of the request and of the answer
};

struct ChatReply {
  std::string content;
  std::vector<ToolCall> tool_calls;
  std::string finish_reason;
  ChatUsage usage;
  double latency_ms = 0;   // all attempts and back-off waits included
  int attempts = 0;
  size_t request_bytes = 0;
};

struct ClientOptions {
  int max_retries = 3;                   // extra attempts after 429 and 5xx answers
  double backoff_base_seconds = 1;       // 1, 2, 4 ... when no Retry-After is given
  double retry_after_cap_seconds = 20;   // a longer Retry-After is shortened to this
  size_t max_response_bytes = 1u << 20;  // larger answers are refused (Oversized)
  int stop_fd = -1;                      // the stop-signal pipe: Ctrl-C aborts a wait at once
  size_t max_request_bytes = 128 * 1024; // a bigger request body (e.g. a pasted 300 KB line) is never sent
};

class ChatClient {
 public:
  ChatClient(ProviderConfig config, ClientOptions options);

  // One completion, streamed or not per the config, retried on 429/5xx within the bounds above.
  // Errors are one line, key-redacted, saying what happened and what to do.
  Result<ChatReply> complete(const ChatRequest& request);

  // The request body as sent (for -v dumps and token estimates; the key is never part of it).
  std::string request_body(const ChatRequest& request) const;

  const ProviderConfig& config() const { return config_; }
  // HTTP status of the last answer (0 when none arrived); 400 + tools lets the agent fall back to text.
  long last_status() const { return last_status_; }

 private:
  Result<ChatReply> attempt(const std::string& body, double seconds_left, double& retry_wait, bool& retryable);

  ProviderConfig config_;
  ClientOptions options_;
  long last_status_ = 0;
};

}  // namespace gpttrace
