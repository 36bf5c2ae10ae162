// The parsed command line of gpttrace (see README for every flag).
#pragma once

#include <cstddef>
#include <string>

namespace gpttrace {

enum class Command { Request, Program, RunFile, Probes, Chat };

struct Options {
  Command command = Command::Request;
  std::string request;         // gpttrace "REQUEST"
  std::string program;         // -e PROGRAM
  std::string program_file;    // run FILE.bt
  std::string probes_pattern;  // probes [PATTERN]
  bool dry_run = false;
  bool yes = false;
  bool json = false;
  bool verbose = false;
  bool unsafe = false;
  bool include_self = false;    // --include-self: keep gpttrace and its bpftrace in generated programs' results
  double duration_seconds = 0;  // 0 = until Ctrl-C
  std::string output_file;      // -o FILE: save the program
  size_t top = 20;
  bool raw = false;             // --raw: bpftrace's own text output, unchanged
  std::string flamegraph_file;  // --flamegraph FILE.svg: stack-keyed results as an interactive flame graph
  std::string folded_file;      // --folded FILE: the same stacks as folded text
  std::string report_file;      // --report FILE.html: one self-contained page of the whole run
  size_t max_probes = 512;

  // LLM provider (OpenAI-compatible); flags override OPENAI_API_KEY, OPENAI_BASE_URL, GPTTRACE_MODEL and
  // ~/.config/gpttrace/config.json.
  std::string api_key;   // -k/--key; never printed
  std::string model;     // --model
  std::string base_url;  // --base-url
  bool force_llm = false;  // --llm: use the LLM even when the offline planner understands the request
  bool no_llm = false;     // --no-llm: never call a provider, even when one is configured
  int max_rounds = 4;      // --max-rounds: LLM repair rounds before giving up
};

}  // namespace gpttrace
