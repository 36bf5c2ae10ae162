// The scripted Chat Completions server: answers POST /v1/chat/completions from a script (see the header).
#include "scripted_server.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace gpttrace::testing {

using json = nlohmann::json;

struct ScriptedServer::Script {
  std::vector<json> responses;
};

namespace {

// The pieces of a streamed reply, each an SSE "data:" payload, ending with usage (unless off).
std::vector<std::string> stream_chunks(const json& reply, const std::string& content, long prompt_tokens) {
  auto chunk = [](json delta, json finish = nullptr) {
    return json{{"id", "chatcmpl-test"},
                {"object", "chat.completion.chunk"},
                {"choices", json::array({{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", finish}}})}}
        .dump();
  };
  std::vector<std::string> out = {chunk({{"role", "assistant"}})};
  // Pieces of about 16 bytes, never splitting a UTF-8 sequence (JSON strings must stay valid UTF-8).
  for (size_t at = 0, end = 0; at < content.size(); at = end) {
    end = std::min(content.size(), at + 16);
    while (end < content.size() && (static_cast<unsigned char>(content[end]) & 0xC0) == 0x80) ++end;
    out.push_back(chunk({{"content", content.substr(at, end - at)}}));
  }
  size_t answer_bytes = content.size();
  if (reply.contains("tool_calls")) {
    int index = 0;
    for (const json& call : reply["tool_calls"]) {
      std::string args = call.contains("arguments_text") ? call["arguments_text"].get<std::string>()
                                                         : call.value("arguments", json::object()).dump();
      answer_bytes += args.size();
      std::string id = "call_" + std::to_string(index);
      out.push_back(chunk({{"tool_calls", json::array({{{"index", index}, {"id", id}, {"type", "function"},
                                                        {"function", {{"name", call["name"]}, {"arguments", ""}}}}})}}));
      for (size_t at = 0; at < args.size(); at += 24) {
        out.push_back(chunk({{"tool_calls", json::array({{{"index", index}, {"function", {{"arguments", args.substr(at, 24)}}}}})}}));
      }
      ++index;
    }
  }
  std::string finish = reply.value("finish_reason", reply.contains("tool_calls") ? "tool_calls" : "stop");
  out.push_back(chunk(json::object(), finish));
  if (reply.value("usage", true) != false) {
    out.push_back(json{{"id", "chatcmpl-test"}, {"choices", json::array()},
                       {"usage", {{"prompt_tokens", prompt_tokens}, {"completion_tokens", static_cast<long>(answer_bytes / 4)}}}}
                      .dump());
  }
  out.emplace_back("[DONE]");
  return out;
}

json whole_reply(const json& reply, const std::string& content, long prompt_tokens) {
  json message = {{"role", "assistant"}, {"content", content}};
  size_t answer_bytes = content.size();
  if (reply.contains("tool_calls")) {
    json calls = json::array();
    int index = 0;
    for (const json& call : reply["tool_calls"]) {
      std::string args = call.contains("arguments_text") ? call["arguments_text"].get<std::string>()
                                                         : call.value("arguments", json::object()).dump();
      answer_bytes += args.size();
      calls.push_back({{"id", "call_" + std::to_string(index++)}, {"type", "function"},
                       {"function", {{"name", call["name"]}, {"arguments", args}}}});
    }
    message["tool_calls"] = calls;
    if (content.empty()) message["content"] = nullptr;
  }
  std::string finish = reply.value("finish_reason", reply.contains("tool_calls") ? "tool_calls" : "stop");
  json out = {{"id", "chatcmpl-test"}, {"object", "chat.completion"},
              {"choices", json::array({{{"index", 0}, {"message", message}, {"finish_reason", finish}}})}};
  if (reply.value("usage", true) != false) {
    out["usage"] = {{"prompt_tokens", prompt_tokens}, {"completion_tokens", static_cast<long>(answer_bytes / 4)}};
  }
  return out;
}

}  // namespace

ScriptedServer::ScriptedServer(const std::string& script_json) : script_(std::make_unique<Script>()) {
  json script = json::parse(script_json, nullptr, false);
  if (script.is_discarded() || !script.contains("responses") || !script["responses"].is_array()) {
    throw std::runtime_error("LLM script: expected {\"responses\": [...]}");
  }
  for (const json& r : script["responses"]) {
    for (int i = 0; i < r.value("repeat", 1); ++i) script_->responses.push_back(r);
  }
  server_ = std::make_unique<httplib::Server>();
  server_->Post("/v1/chat/completions",
                [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("LLM script server: cannot bind 127.0.0.1");
  // bind_to_any_port already listens, so clients may connect before the accept loop starts.
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    listen_returned_ = true;
  });
  // httplib's stop() is lost when it comes before the accept loop starts (a test that sends nothing would
  // then hang in the destructor's join): return only once the loop runs.
  while (!server_->is_running() && !listen_returned_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

std::unique_ptr<ScriptedServer> ScriptedServer::from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read LLM script " + path);
  std::stringstream text;
  text << in.rdbuf();
  return std::make_unique<ScriptedServer>(text.str());
}

ScriptedServer::~ScriptedServer() { stop(); }

void ScriptedServer::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stopping_cv_.notify_all();
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string ScriptedServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

std::vector<RecordedRequest> ScriptedServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

void ScriptedServer::set_log_file(std::string path) {
  std::lock_guard<std::mutex> lock(mutex_);
  log_file_ = std::move(path);
}

bool ScriptedServer::pause(int ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !stopping_cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

void ScriptedServer::handle(const httplib::Request& req, httplib::Response& res) {
  size_t index;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    index = requests_.size();
    requests_.push_back({req.path, req.get_header_value("Authorization"), req.body});
    if (!log_file_.empty()) {
      std::ofstream(log_file_, std::ios::app) << "=== request " << index + 1 << ' ' << req.path << '\n' << req.body << '\n';
    }
  }
  if (index >= script_->responses.size()) {
    res.status = 500;
    res.set_content(R"({"error":{"message":"script exhausted"}})", "application/json");
    return;
  }
  const json r = script_->responses[index];
  if (int delay = r.value("delay_ms", 0); delay > 0 && !pause(delay)) return;
  res.status = r.value("status", 200);
  const json headers = r.value("headers", json::object());
  for (const auto& [name, value] : headers.items()) res.set_header(name, value.get<std::string>());
  json request_body = json::parse(req.body, nullptr, false);
  bool stream = !request_body.is_discarded() && request_body.value("stream", false);
  long prompt_tokens = static_cast<long>(req.body.size() / 4);
  int cut_after = r.value("cut_after", -1);
  int chunk_delay = r.value("chunk_delay_ms", 0);

  std::vector<std::string> chunks;
  std::string body;
  if (r.contains("sse")) {
    for (const json& payload : r["sse"]) chunks.push_back(payload.get<std::string>());
    stream = true;
  } else if (r.contains("reply")) {
    const json& reply = r["reply"];
    std::string content = reply.contains("content_bytes") ? std::string(reply["content_bytes"].get<size_t>(), 'x')
                                                          : reply.value("content", "");
    if (stream) {
      chunks = stream_chunks(reply, content, prompt_tokens);
    } else {
      body = whole_reply(reply, content, prompt_tokens).dump();
    }
  } else {
    stream = false;
    body = r.contains("json") ? r["json"].dump() : r.value("body", "");
  }
  if (stream) {
    res.set_chunked_content_provider("text/event-stream", [this, chunks, cut_after, chunk_delay](size_t, httplib::DataSink& sink) {
      for (size_t i = 0; i < chunks.size(); ++i) {
        if (cut_after >= 0 && static_cast<int>(i) >= cut_after) return false;  // drop the connection
        if (i > 0 && chunk_delay > 0 && !pause(chunk_delay)) return false;
        std::string event = "data: " + chunks[i] + "\n\n";
        if (!sink.write(event.data(), event.size())) return false;
      }
      sink.done();
      return true;
    });
  } else if (cut_after >= 0) {
    res.set_content_provider(body.size(), "application/json", [body, cut_after](size_t offset, size_t, httplib::DataSink& sink) {
      if (offset == 0) sink.write(body.data(), std::min(body.size(), static_cast<size_t>(cut_after)));
      return false;
    });
  } else {
    res.set_content(body, "application/json");
  }
}

}  // namespace gpttrace::testing
