// LLM path costs, reported (not pass/fail): first-call prompt tokens, our own time per request with the
// model's time excluded, and rounds for the scripted repair cases.
//
// Usage: llm_overhead [--real] [--iterations N]
//   --real  use the live kernel catalog and bpftrace's compile check (root, tracefs); default: the fixture
//           catalog captured from this kind of machine, static checks only.
// Tokens are counted as request-body bytes / 4 (a documented approximation; English and JSON run at about
// 4 bytes per token in GPT tokenizers). The scripted server (tests/llm_server) answers at once over
// loopback HTTP, so "own" time = the write stage's wall time - time waiting for HTTP answers.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "kernel/fixture_catalog.h"
#include "llm/agent.h"
#include "pipeline/check.h"
#include "scripted_server.h"

namespace {

using gpttrace::testing::ScriptedServer;
using Clock = std::chrono::steady_clock;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

struct Case {
  const char* script;  // tests/fixtures/llm/NAME
  const char* request;
  bool tools;
};

}  // namespace

int main(int argc, char** argv) {
  using namespace gpttrace;
  bool real = false;
  int iterations = 20;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--real") == 0) real = true;
    if (std::strcmp(argv[i], "--iterations") == 0 && i + 1 < argc) iterations = std::atoi(argv[++i]);
  }
  std::unique_ptr<KernelCatalog> catalog =
      real ? make_real_catalog()
           : std::make_unique<FixtureCatalog>(load_fixture_catalog(GPTTRACE_FIXTURES_DIR "/kernel/tracefs"));
  fmt::print("catalog: {} (kernel {}, bpftrace {})\n", real ? "live" : "fixture", catalog->kernel().release,
             catalog->bpftrace().version);

  auto started = Clock::now();
  std::vector<WorkedExample> examples = build_examples(*catalog);
  Session session(*catalog, Policy{}, StageLog(false));
  // The pipeline's check, as gpttrace runs it for every draft.
  auto checker = [&session](CompileCheck compile) -> ProgramChecker {
    return [&session, compile](const std::string& source) { return diagnose_source(source, session, compile); };
  };
  double examples_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  fmt::print("examples: {} built in {:.1f} ms (planner + codegen, once per process)\n", examples.size(), examples_ms);

  // First-call prompt size over a spread of requests (the answer does not matter: one tool call).
  const char* requests[] = {"count file opens by process", "which process sends the most tcp retransmits?",
                            "histogram of read sizes for nginx", "统计每个进程的缺页次数",
                            "show me the latency of block I/O per disk", "who calls malloc the most"};
  ProviderConfig config;
  config.api_key = "sk-bench-key-000000";
  for (bool tools : {true, false}) {
    std::vector<size_t> tokens;
    for (const char* request : requests) {
      ScriptedServer server(R"({"responses":[{"reply":{"content":"no"}}]})");
      config.base_url = server.base_url();
      config.use_tools = tools;
      ChatClient client(config, ClientOptions{0, 0, 0, 1u << 20, -1});
      Agent agent(client, *catalog, checker(CompileCheck::Skip), examples, AgentOptions{});
      (void)agent.write_program(request);
      tokens.push_back(server.requests().at(0).body.size() / 4);
    }
    fmt::print("first-call prompt tokens ({}): max {}, min {} (goal < 6000)\n", tools ? "tools" : "plain text",
               *std::max_element(tokens.begin(), tokens.end()), *std::min_element(tokens.begin(), tokens.end()));
  }

  // Scripted repair cases: rounds and our own time per request.
  const Case cases[] = {{"repair_kprobe.json", "count file opens by process", true},
                        {"repair_field_plain.json", "count opened files by path", false}};
  for (const Case& c : cases) {
    std::string script = read_text(std::string(GPTTRACE_FIXTURES_DIR) + "/llm/" + c.script);
    std::vector<double> own, total;
    int rounds = 0;
    size_t calls = 0;
    for (int i = 0; i < iterations; ++i) {
      ScriptedServer server(script);
      config.base_url = server.base_url();
      config.use_tools = c.tools;
      ChatClient client(config, ClientOptions{0, 0, 0, 1u << 20, -1});
      Agent agent(client, *catalog, checker(real ? CompileCheck::IfPossible : CompileCheck::Skip), examples, AgentOptions{});
      auto program = agent.write_program(c.request);
      if (!program) {
        fmt::print("{}: failed: {}\n", c.script, program.error().message);
        return 1;
      }
      rounds = program->rounds;
      calls = agent.stats().calls.size();
      own.push_back(agent.stats().write_ms - agent.stats().model_ms);
      total.push_back(agent.stats().write_ms);
    }
    fmt::print("{}: {} round(s), {} model call(s); own time per request median {:.2f} ms (wall {:.2f} ms, "
               "{} iterations)\n",
               c.script, rounds, calls, median(own), median(total), iterations);
  }
  return 0;
}
