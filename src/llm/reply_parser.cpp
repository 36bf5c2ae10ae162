// Chat Completions answer parsing, whole and streamed; untrusted text is parsed without exceptions.
#include "llm/reply_parser.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace gpttrace {

namespace {

using json = nlohmann::json;

std::string str_at(const json& obj, const char* key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string error_text(const json& error) {
  if (error.is_string()) return error.get<std::string>();
  std::string message = str_at(error, "message");
  return message.empty() ? error.dump().substr(0, 200) : message;
}

void read_usage(const json& doc, ChatUsage& usage) {
  auto it = doc.find("usage");
  if (it == doc.end() || !it->is_object()) return;
  if (auto p = it->find("prompt_tokens"); p != it->end() && p->is_number_integer()) usage.prompt_tokens = *p;
  if (auto c = it->find("completion_tokens"); c != it->end() && c->is_number_integer()) {
    usage.completion_tokens = *c;
  }
}

std::string preview(std::string_view text) {
  std::string out(text.substr(0, 60));
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

}  // namespace

Result<ChatReply> parse_completion_body(std::string_view body) {
  json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return fail(fmt::format("the LLM provider's answer is not valid JSON (starts with \"{}\")", preview(body)),
                "check that --base-url points at an OpenAI-compatible /v1 endpoint");
  }
  if (auto err = doc.find("error"); err != doc.end() && !err->is_null()) {
    return fail(fmt::format("the LLM provider answered with an error: {}", error_text(*err)));
  }
  auto choices = doc.find("choices");
  if (choices == doc.end() || !choices->is_array() || choices->empty() || !(*choices)[0].is_object()) {
    return fail("the LLM provider's answer has no choices", "check that the endpoint speaks Chat Completions");
  }
  const json& choice = (*choices)[0];
  ChatReply reply;
  reply.finish_reason = str_at(choice, "finish_reason");
  auto message = choice.find("message");
  if (message != choice.end() && message->is_object()) {
    reply.content = str_at(*message, "content");
    if (auto calls = message->find("tool_calls"); calls != message->end() && calls->is_array()) {
      for (const json& call : *calls) {
        ToolCall tc;
        tc.id = str_at(call, "id");
        if (auto fn = call.find("function"); call.is_object() && fn != call.end()) {
          tc.name = str_at(*fn, "name");
          auto args = fn->find("arguments");
          if (args != fn->end()) tc.arguments = args->is_string() ? args->get<std::string>() : args->dump();
        }
        reply.tool_calls.push_back(std::move(tc));
      }
    }
  }
  read_usage(doc, reply.usage);
  return reply;
}

bool StreamAccumulator::feed(std::string_view bytes) {
  pending_.append(bytes);
  size_t start = 0;
  for (size_t nl = pending_.find('\n', start); nl != std::string::npos; nl = pending_.find('\n', start)) {
    std::string_view line(pending_.data() + start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    bool ok = handle_line(line);
    start = nl + 1;
    if (!ok) break;
  }
  pending_.erase(0, start);
  return problem_.empty();
}

bool StreamAccumulator::handle_line(std::string_view line) {
  if (!problem_.empty() || done_) return problem_.empty();
  if (line.substr(0, 5) != "data:") return true;  // comments (": ping"), event:, id:, blank separators
  std::string_view payload = line.substr(5);
  while (!payload.empty() && payload.front() == ' ') payload.remove_prefix(1);
  if (payload == "[DONE]") {
    done_ = true;
    return true;
  }
  json chunk = json::parse(payload, nullptr, false);
  if (chunk.is_discarded() || !chunk.is_object()) {
    problem_ = fmt::format("the LLM provider sent a malformed stream chunk (\"{}\")", preview(payload));
    return false;
  }
  if (auto err = chunk.find("error"); err != chunk.end() && !err->is_null()) {
    problem_ = fmt::format("the LLM provider's stream reported an error: {}", error_text(*err));
    return false;
  }
  saw_chunk_ = true;
  read_usage(chunk, reply_.usage);
  auto choices = chunk.find("choices");
  if (choices == chunk.end() || !choices->is_array() || choices->empty()) return true;  // usage-only chunk
  const json& choice = (*choices)[0];
  if (std::string reason = str_at(choice, "finish_reason"); !reason.empty()) reply_.finish_reason = reason;
  auto delta = choice.find("delta");
  if (delta == choice.end() || !delta->is_object()) return true;
  reply_.content += str_at(*delta, "content");
  if (auto calls = delta->find("tool_calls"); calls != delta->end() && calls->is_array()) {
    for (const json& call : *calls) {
      long index = 0;
      if (auto i = call.find("index"); i != call.end() && i->is_number_integer()) index = *i;
      ToolCall& tc = calls_[index];
      if (std::string id = str_at(call, "id"); !id.empty()) tc.id = id;
      if (auto fn = call.find("function"); fn != call.end() && fn->is_object()) {
        tc.name += str_at(*fn, "name");
        tc.arguments += str_at(*fn, "arguments");
      }
    }
  }
  return true;
}

Result<ChatReply> StreamAccumulator::finish() {
  if (!pending_.empty() && problem_.empty()) handle_line(pending_);
  pending_.clear();
  if (!problem_.empty()) return fail(problem_);
  if (!done_ && reply_.finish_reason.empty()) {
    return fail(saw_chunk_ ? "the LLM provider's stream was cut mid-way (no end marker)"
                           : "the LLM provider's stream held no chunks",
                "try again; with a flaky proxy set GPTTRACE_LLM_STREAM=0");
  }
  for (auto& [index, call] : calls_) reply_.tool_calls.push_back(std::move(call));
  calls_.clear();
  return reply_;
}

}  // namespace gpttrace
