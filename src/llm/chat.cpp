// Chat Completions over http_post: request bodies, retries with bounded back-off, and one-line errors.
#include "llm/chat.h"

#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "llm/http.h"
#include "llm/reply_parser.h"

namespace gpttrace {

namespace {

using json = nlohmann::json;

json message_json(const ChatMessage& m) {
  json out = {{"role", m.role}};
  if (m.role == "tool") {
    out["tool_call_id"] = m.tool_call_id;
    out["content"] = m.content;
    return out;
  }
  if (!m.tool_calls.empty()) {
    out["content"] = m.content.empty() ? json(nullptr) : json(m.content);
    json calls = json::array();
    for (const ToolCall& c : m.tool_calls) {
      calls.push_back({{"id", c.id}, {"type", "function"}, {"function", {{"name", c.name}, {"arguments", c.arguments}}}});
    }
    out["tool_calls"] = std::move(calls);
    return out;
  }
  out["content"] = m.content;
  return out;
}

// The provider's own message from an error body ({"error":{"message":...}}), else the body's start.
std::string provider_message(const std::string& body) {
  json doc = json::parse(body, nullptr, false);
  std::string message;
  if (!doc.is_discarded() && doc.is_object()) {
    auto err = doc.find("error");
    if (err != doc.end() && err->is_object() && err->contains("message") && (*err)["message"].is_string()) {
      message = (*err)["message"].get<std::string>();
    } else if (err != doc.end() && err->is_string()) {
      message = err->get<std::string>();
    }
  }
  if (message.empty()) message = body;
  std::replace(message.begin(), message.end(), '\n', ' ');
  if (message.size() > 160) message = message.substr(0, 157) + "...";
  return message;
}

// Waits `seconds` unless a stop signal arrives first; false when interrupted.
bool wait_unless_stopped(double seconds, int stop_fd) {
  if (seconds <= 0) return true;
  pollfd p{stop_fd, POLLIN, 0};
  int ms = static_cast<int>(seconds * 1000);
  if (stop_fd < 0) return ::poll(nullptr, 0, ms) >= 0;
  return ::poll(&p, 1, ms) == 0;
}

}  // namespace

ChatClient::ChatClient(ProviderConfig config, ClientOptions options)
    : config_(std::move(config)), options_(options) {}

std::string ChatClient::request_body(const ChatRequest& request) const {
  json body = {{"model", config_.model}, {"temperature", request.temperature}, {"max_tokens", request.max_tokens}};
  json messages = json::array();
  for (const ChatMessage& m : request.messages) messages.push_back(message_json(m));
  body["messages"] = std::move(messages);
  if (!request.tools.empty()) {
    json tools = json::array();
    for (const ToolSpec& t : request.tools) {
      json params = json::parse(t.parameters_json, nullptr, false);
      tools.push_back({{"type", "function"},
                       {"function", {{"name", t.name}, {"description", t.description}, {"parameters", params}}}});
    }
    body["tools"] = std::move(tools);
  }
  if (config_.stream) {
    body["stream"] = true;
    body["stream_options"] = {{"include_usage", true}};
  }
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<ChatReply> ChatClient::complete(const ChatRequest& request) {
  std::string body = request_body(request);
  if (body.size() > options_.max_request_bytes) {
    return fail(fmt::format("the request to the LLM provider would be {} KiB, over the {} KiB cap; nothing was sent",
                            body.size() >> 10, options_.max_request_bytes >> 10),
                "shorten the request (a few sentences are enough)");
  }
  double total_ms = 0;
  // timeout_seconds bounds the whole answer: every attempt and every wait between them.
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(config_.timeout_seconds));
  auto seconds_left = [&] {
    return std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
  };
  for (int attempt_no = 0;; ++attempt_no) {
    double retry_wait = -1;
    bool retryable = false;
    auto started = std::chrono::steady_clock::now();
    Result<ChatReply> reply = attempt(body, seconds_left(), retry_wait, retryable);
    total_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (reply) {
      reply->attempts = attempt_no + 1;
      reply->latency_ms = total_ms;
      reply->request_bytes = body.size();
      if (reply->usage.prompt_tokens == 0 && reply->usage.completion_tokens == 0) {
        reply->usage.estimated = true;
        reply->usage.prompt_tokens = static_cast<long>(body.size() / 4);
        size_t answer = reply->content.size();
        for (const ToolCall& c : reply->tool_calls) answer += c.name.size() + c.arguments.size();
        reply->usage.completion_tokens = static_cast<long>(answer / 4);
      }
      return reply;
    }
    if (!retryable || attempt_no >= options_.max_retries) {
      if (retryable) {
        reply.error().message += fmt::format(" (gave up after {} attempts)", attempt_no + 1);
      }
      reply.error().message = redact(reply.error().message, config_.api_key);
      return reply;
    }
    double wait = retry_wait >= 0 ? std::min(retry_wait, options_.retry_after_cap_seconds)
                                  : options_.backoff_base_seconds * std::pow(2.0, attempt_no);
    if (wait + 0.5 >= seconds_left()) {
      reply.error().message = redact(reply.error().message, config_.api_key) +
                              fmt::format(" (no time left to retry within the {:g} s timeout)", config_.timeout_seconds);
      return reply;
    }
    auto wait_started = std::chrono::steady_clock::now();
    if (!wait_unless_stopped(wait, options_.stop_fd)) {
      return fail("interrupted while waiting to retry the LLM provider");
    }
    total_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wait_started).count();
  }
}

Result<ChatReply> ChatClient::attempt(const std::string& body, double seconds_left, double& retry_wait,
                                      bool& retryable) {
  HttpRequest http;
  http.url = config_.base_url + "/chat/completions";
  http.body = body;
  http.headers = {"Content-Type: application/json", "Accept: application/json, text/event-stream"};
  if (!config_.api_key.empty()) http.headers.push_back("Authorization: Bearer " + config_.api_key);
  http.timeout_seconds = std::max(seconds_left, 0.001);
  http.connect_timeout_seconds = std::min(config_.connect_timeout_seconds, http.timeout_seconds);
  http.max_response_bytes = options_.max_response_bytes;
  http.stop_fd = options_.stop_fd;
  StreamAccumulator stream;
  std::string whole;
  bool streamed = false;
  bool decided = false;
  http.on_data = [&](std::string_view piece) {
    // Providers may answer a stream request with plain JSON (e.g. when they ignore "stream").
    if (!decided) {
      size_t first = piece.find_first_not_of(" \t\r\n");
      if (first == std::string_view::npos) return true;
      decided = true;
      streamed = config_.stream && piece[first] != '{';
    }
    if (streamed) return stream.feed(piece);
    whole.append(piece);
    return true;
  };
  HttpResponse response = http_post(http);
  last_status_ = response.status;
  const std::string& base = config_.base_url;
  switch (response.failure) {
    case HttpFailure::None:
      break;
    case HttpFailure::Refused:
      return fail(fmt::format("cannot connect to the LLM provider at {}: connection refused", base),
                  "start the server or fix --base-url / OPENAI_BASE_URL");
    case HttpFailure::Dns:
      return fail(fmt::format("cannot resolve the host of the LLM provider at {}", base),
                  "check --base-url / OPENAI_BASE_URL and the network");
    case HttpFailure::ConnectTimeout:
      return fail(fmt::format("no connection to the LLM provider at {} within {:g} s", base,
                              config_.connect_timeout_seconds),
                  "check --base-url and the network");
    case HttpFailure::Timeout:
      return fail(fmt::format("the LLM provider did not finish answering within {:g} s", config_.timeout_seconds),
                  "try again, or raise GPTTRACE_LLM_TIMEOUT");
    case HttpFailure::Interrupted:
      return fail("interrupted while waiting for the LLM provider");
    case HttpFailure::Oversized:
      return fail(fmt::format("the LLM provider's answer passed the {} KiB cap and was dropped",
                              options_.max_response_bytes >> 10));
    case HttpFailure::Cut:
      return fail("the LLM provider's answer was cut mid-way (connection closed early)", "try again");
    case HttpFailure::Other:
      if (streamed) break;  // the stream parser stopped the transfer; finish() says why
      return fail(fmt::format("the request to the LLM provider failed: {}", response.detail));
  }
  long status = response.status;
  if (status == 429) {
    retryable = true;
    retry_wait = response.retry_after.value_or(-1);
    return fail(fmt::format("the LLM provider is rate-limiting requests (HTTP 429): {}", provider_message(response.body)),
                "wait a minute and try again, or use another model");
  }
  if (status >= 500) {
    retryable = true;
    retry_wait = response.retry_after.value_or(-1);
    return fail(fmt::format("the LLM provider failed (HTTP {}): {}", status, provider_message(response.body)),
                "try again later");
  }
  if (status == 401 || status == 403) {
    return fail(fmt::format("the LLM provider refused the API key (HTTP {}): {}", status, provider_message(response.body)),
                "check -k/--key, OPENAI_API_KEY or the config file");
  }
  if (status == 404) {
    return fail(fmt::format("the LLM provider at {} has no model '{}' or no /chat/completions (HTTP 404): {}", base,
                            config_.model, provider_message(response.body)),
                "set --model / GPTTRACE_MODEL, and a --base-url ending in /v1");
  }
  if (status < 200 || status >= 300) {
    return fail(fmt::format("the LLM provider rejected the request (HTTP {}): {}", status, provider_message(response.body)));
  }
  return streamed ? stream.finish() : parse_completion_body(whole);
}

}  // namespace gpttrace
