// The write/repair loop and the explain call. Bounds: max_rounds drafts, max_calls model calls, a token
// budget, two prose answers in a row, and the same draft twice; each ends with one clear line.
#include "llm/agent.h"

#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "llm/condense.h"

namespace gpttrace {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Whitespace-insensitive form of a draft, to notice a model that repeats itself.
std::string normalized(const std::string& program) {
  std::string out;
  for (char c : program) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

bool mentions_tools(const std::string& text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("tool") != std::string::npos || lower.find("function") != std::string::npos;
}

std::string excerpt(const std::string& text) {
  std::string out = text.substr(0, 120);
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out + (text.size() > 120 ? "..." : "");
}

struct Draft {
  std::string program;
  std::string statement;
  std::string call_id;  // empty for plain-text drafts
};

}  // namespace

long LlmStats::total_tokens() const {
  long total = 0;
  for (const LlmCallStats& c : calls) total += c.prompt_tokens + c.completion_tokens;
  return total;
}

std::string LlmStats::to_json() const {
  nlohmann::json list = nlohmann::json::array();
  long prompt = 0, completion = 0;
  for (const LlmCallStats& c : calls) {
    list.push_back({{"stage", c.stage}, {"round", c.round}, {"prompt_tokens", c.prompt_tokens},
                    {"completion_tokens", c.completion_tokens}, {"tokens_estimated", c.estimated},
                    {"latency_ms", c.latency_ms}, {"attempts", c.attempts}, {"tool_calls", c.tool_calls}});
    prompt += c.prompt_tokens;
    completion += c.completion_tokens;
  }
  return nlohmann::json{{"calls", list},           {"rounds", rounds},
                        {"prompt_tokens", prompt}, {"completion_tokens", completion},
                        {"write_ms", write_ms},    {"explain_ms", explain_ms},
                        {"model_ms", model_ms},    {"own_ms", write_ms + explain_ms - model_ms}}
      .dump();
}

Agent::Agent(ChatClient& client, const KernelCatalog& catalog, ProgramChecker checker, std::vector<WorkedExample> examples,
             AgentOptions options)
    : client_(client), catalog_(catalog), checker_(std::move(checker)), examples_(std::move(examples)),
      options_(std::move(options)) {
  if (options_.max_calls <= 0) options_.max_calls = 3 * options_.max_rounds + 2;
}

void Agent::log(const std::string& line) const {
  if (options_.log) options_.log(redact(line, client_.config().api_key));
}

Result<ChatReply> Agent::call(const std::string& stage, const ChatRequest& request, size_t& dumped) {
  if (options_.dump_prompts) {
    for (; dumped < request.messages.size(); ++dumped) {
      const ChatMessage& m = request.messages[dumped];
      std::string text = m.content;
      for (const ToolCall& c : m.tool_calls) text += fmt::format("\n[tool call {} {}]", c.name, c.arguments);
      log(fmt::format("llm {} prompt [{}]:\n{}", stage, m.role, text));
    }
  }
  Result<ChatReply> reply = client_.complete(request);
  if (!reply) return reply;
  LlmCallStats s{stage, stats_.rounds, reply->usage.prompt_tokens, reply->usage.completion_tokens,
                 reply->usage.estimated, reply->latency_ms, reply->attempts, static_cast<int>(reply->tool_calls.size())};
  stats_.calls.push_back(s);
  stats_.model_ms += reply->latency_ms;
  log(fmt::format("llm {} call {}: {} prompt + {} completion tokens{}, {:.0f} ms, {} attempt(s), {} tool call(s)",
                  stage, stats_.calls.size(), s.prompt_tokens, s.completion_tokens,
                  s.estimated ? " (estimated as bytes/4)" : "", s.latency_ms, s.attempts, s.tool_calls));
  if (options_.dump_prompts) {
    std::string text = reply->content;
    for (const ToolCall& c : reply->tool_calls) text += fmt::format("\n[tool call {} {}]", c.name, c.arguments);
    log(fmt::format("llm {} answer:\n{}", stage, text));
  }
  return reply;
}

Result<AgentProgram> Agent::write_program(const std::string& request, const std::optional<PreviousProgram>& previous) {
  auto started = Clock::now();
  struct StageTimer {
    LlmStats& stats;
    Clock::time_point start;
    ~StageTimer() { stats.write_ms += ms_since(start); }
  } timer{stats_, started};
  last_draft_.clear();
  last_diagnostics_.clear();
  bool tools = client_.config().use_tools;
  ChatRequest chat;
  chat.messages = {{"system", system_prompt(catalog_, tools)},
                   {"user", redact(user_prompt(request, examples_, options_.examples_in_prompt, previous),
                                   client_.config().api_key)}};
  std::vector<ToolSpec> tool_specs = agent_tools();
  std::set<std::string> seen;
  size_t dumped = 0;
  int rounds = 0, calls = 0, prose = 0;
  long tokens_before = stats_.total_tokens();
  while (true) {
    if (calls >= options_.max_calls) {
      return fail(fmt::format("the model made {} calls without a program that passes the checks; gave up", calls),
                  "rephrase the request more concretely, or write the program with -e");
    }
    if (long used = stats_.total_tokens() - tokens_before; used >= options_.token_budget) {
      return fail(fmt::format("the model used {} tokens (budget {}) without a program that passes the checks",
                              used, options_.token_budget),
                  "rephrase the request more concretely, or write the program with -e");
    }
    chat.tools = tools ? tool_specs : std::vector<ToolSpec>{};
    ++calls;
    Result<ChatReply> reply = call("write", chat, dumped);
    if (!reply && tools && client_.last_status() == 400 && mentions_tools(reply.error().message)) {
      log("llm: the provider refused tool calling; asking for a plain-text answer instead");
      tools = false;
      chat.messages[0].content = system_prompt(catalog_, false);
      continue;
    }
    if (!reply) return tl::unexpected(reply.error());

    std::optional<Draft> draft;
    if (!reply->tool_calls.empty()) {
      // Every call needs an id: each gets exactly one tool answer before the next request.
      for (size_t i = 0; i < reply->tool_calls.size(); ++i) {
        if (reply->tool_calls[i].id.empty()) reply->tool_calls[i].id = fmt::format("call_{}_{}", calls, i);
      }
      chat.messages.push_back({"assistant", reply->content, reply->tool_calls, {}});
      for (const ToolCall& tc : reply->tool_calls) {
        if (tc.name != kSubmitTool) {
          std::string answer = run_tool(tc, catalog_, examples_, checker_);
          log(fmt::format("llm tool {}({}) -> {} bytes", tc.name, excerpt(tc.arguments), answer.size()));
          chat.messages.push_back({"tool", answer, {}, tc.id});
          continue;
        }
        auto args = tool_string_args(tc, {"program", "statement?"});
        if (!args) {
          chat.messages.push_back({"tool", args.error().message, {}, tc.id});
        } else if (draft) {
          chat.messages.push_back({"tool", "ignored: submit one program per turn", {}, tc.id});
        } else {
          draft = Draft{(*args)[0], (*args)[1], tc.id};
        }
      }
      if (!draft) continue;
    } else {
      chat.messages.push_back({"assistant", reply->content, {}, {}});
      std::optional<ExtractedProgram> extracted = extract_program(reply->content);
      if (!extracted) {
        if (++prose >= 2) {
          return fail(fmt::format("the model answered in prose instead of a bpftrace program: \"{}\"",
                                  excerpt(reply->content)),
                      "try another model, or rephrase the request as something to measure");
        }
        chat.messages.push_back({"user", tools ? "Call submit_program with the complete bpftrace program."
                                               : "Answer with one sentence and the program in a ```bpftrace block."});
        continue;
      }
      draft = Draft{extracted->program, extracted->statement, {}};
    }
    prose = 0;
    stats_.rounds = ++rounds;
    last_draft_ = draft->program;
    if (!seen.insert(normalized(draft->program)).second) {
      return fail(fmt::format("the model sent the same draft twice in {} rounds; it cannot repair it", rounds),
                  "see the draft and diagnostics above; write the program with -e, or rephrase the request");
    }
    Diagnostics diags = checker_(draft->program);
    last_diagnostics_ = diags.format(draft->program, "draft");
    std::string feedback = diagnostics_for_model(diags, draft->program);
    log(fmt::format("llm round {}: draft {}", rounds, diags.has_errors() ? "refused" : "passed the checks"));
    auto answer = [&](const std::string& text) {
      chat.messages.push_back(draft->call_id.empty() ? ChatMessage{"user", text, {}, {}}
                                                     : ChatMessage{"tool", text, {}, draft->call_id});
    };
    if (!diags.has_errors()) {
      std::string statement = draft->statement.empty() ? "This program answers: " + request : draft->statement;
      return AgentProgram{draft->program, statement, rounds};
    }
    if (rounds >= options_.max_rounds) {
      return fail(fmt::format("the model's program was refused {} times (--max-rounds {}); nothing was loaded", rounds,
                              options_.max_rounds),
                  "see the last draft and its diagnostics above; fix it by hand and run it with -e");
    }
    answer(feedback + fmt::format("\n{} attempt(s) left.", options_.max_rounds - rounds));
  }
}

Result<std::string> Agent::explain(const std::string& request, const AgentProgram& program, const Results& results) {
  auto started = Clock::now();
  ChatRequest chat;
  chat.temperature = 0.2;
  chat.max_tokens = 600;
  chat.messages = {{"system", explain_system_prompt()},
                   {"user", explain_user_prompt(request, program.program, program.statement, condense_results(results))}};
  size_t dumped = 0;
  Result<ChatReply> reply = call("explain", chat, dumped);
  stats_.explain_ms += ms_since(started);
  if (!reply) return tl::unexpected(reply.error());
  std::string text = reply->content;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.empty()) return fail("the model's explanation was empty");
  return redact(text, client_.config().api_key);
}

}  // namespace gpttrace
