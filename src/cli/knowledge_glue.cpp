// The knowledge commands: retrieval output, tool mode (choose, refuse with alternatives, confirm, run)
// and grounded answers.
#include "cli/knowledge_glue.h"
#include "pipeline/terminal.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/bpftrace_noise.h"
#include "common/exit_codes.h"
#include "common/names.h"
#include "common/visible_text.h"
#include "kernel/catalog.h"
#include "knowledge/knowledge.h"
#include "knowledge/tool_args.h"
#include "knowledge/tool_run.h"
#include "pipeline/check.h"
#include "pipeline/confirm.h"
#include "pipeline/planner.h"
#include "plan/understand.h"
#include "sys/signals.h"

namespace gpttrace {

namespace {

using json = nlohmann::json;

size_t result_count(const Options& options) { return options.top == 20 ? 5 : options.top; }  // 20 = unset

std::optional<Knowledge> open_knowledge(const KernelCatalog& catalog) {
  Result<Knowledge> kb = Knowledge::open(KnowledgeOptions{}, catalog);
  if (!kb) {
    print_error(kb.error().message, kb.error().fix);
    return std::nullopt;
  }
  return std::move(*kb);
}

std::string quoted(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) {
    bool plain = !a.empty() && a.find_first_of(" \t'\"$\\*?;&|<>()") == std::string::npos;
    out += (out.empty() ? "" : " ") + (plain ? a : "'" + a + "'");
  }
  return out;
}

// The pipeline's program for the request, when the planner understands it and it passes the static
// checks here (default policy: the alternative offered must run without --unsafe).
std::optional<Plan> checked_plan(const std::string& request, const KernelCatalog& catalog) {
  Session session(catalog, Policy{}, StageLog(false));
  Outcome<Plan> plan = plan_request(request, session, true);
  if (!plan || !check_candidate(plan->candidate, session, CompileCheck::Skip)) return std::nullopt;
  return std::move(*plan);
}

// Runnable tools for the request: those implementing the understood event first, then retrieval.
std::vector<ToolMatch> runnable_candidates(const Knowledge& kb, const Understanding& understanding,
                                           const std::string& query) {
  std::vector<ToolMatch> out;
  auto add = [&](const ToolMatch& m) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const ToolMatch& o) { return o.tool.path == m.tool.path; });
    if (m.capability.runnable && !seen) out.push_back(m);
  };
  if (understanding.spec) {
    for (const std::string& name : tools_for_event(understanding.spec->event)) {
      for (const ToolMatch& m : kb.tools_named(name)) add(m);
    }
  }
  for (const ToolMatch& m : kb.search_tools(query, 5, true)) add(m);
  return out;
}

int refuse_tool(const ToolMatch& tool, const Knowledge& kb, const Understanding& understanding,
                const std::string& request, const KernelCatalog& catalog) {
  print_error(fmt::format("{} ({}) cannot run on this machine: {}", tool.tool.name, tool_family_name(tool.tool.family),
                          tool.capability.reason));
  std::cerr << "  what works here instead:\n";
  std::string purpose = request.empty() ? tool.tool.description : request;
  size_t shown = 0;
  for (const ToolMatch& m : runnable_candidates(kb, understanding, purpose + " " + tool.tool.base)) {
    if (m.tool.base == tool.tool.base && m.tool.family == tool.tool.family) continue;
    std::cerr << fmt::format("    gpttrace -c {} \"{}\"   # {}\n", m.tool.name, purpose, m.tool.description);
    if (++shown == 2) break;
  }
  if (std::optional<Plan> plan = understanding.spec ? checked_plan(request, catalog) : std::nullopt) {
    std::cerr << fmt::format("    gpttrace \"{}\"   # {}\n", request, plan->candidate.description);
    for (const std::string& probe : plan->probes) std::cerr << "      uses " << probe << '\n';
    ++shown;
  }
  for (const ExampleMatch& ex : kb.search_examples(purpose + " " + tool.tool.description, 3)) {
    if (!ex.runnable) continue;
    std::cerr << fmt::format("    gpttrace examples \"{}\"   # example '{}': {}\n", ex.example.title, ex.example.id,
                             ex.example.en);
    ++shown;
    break;
  }
  if (shown == 0) std::cerr << "    (nothing found: see gpttrace probes)\n";
  return kExitRejected;
}

}  // namespace

int examples_command(const Options& options, const std::string& query) {
  std::unique_ptr<KernelCatalog> catalog = make_real_catalog();
  std::optional<Knowledge> kb = open_knowledge(*catalog);
  if (!kb) return kExitEnvironment;
  std::vector<ExampleMatch> matches = kb->search_examples(query, result_count(options));
  if (options.json) {
    json out = json::array();
    for (const ExampleMatch& m : matches) {
      out.push_back({{"id", m.example.id}, {"title", m.example.title}, {"en", m.example.en}, {"zh", m.example.zh},
                     {"tags", m.example.tags}, {"runnable", m.runnable}, {"score", m.score},
                     {"program", m.example.source}});
    }
    std::cout << out.dump(2) << '\n';
    return kExitOk;
  }
  if (matches.empty()) {
    print_error(fmt::format("no example matches '{}'", query), "try other words, e.g. gpttrace examples tcp");
    return kExitNotUnderstood;
  }
  for (const ExampleMatch& m : matches) {
    std::cout << fmt::format("== {} ({}){}\n   {}\n   {}\n", m.example.title, m.example.id,
                             m.runnable ? "" : "  [cannot attach here]", m.example.en, m.example.zh);
    std::cout << m.example.source << (m.example.source.ends_with('\n') ? "" : "\n") << '\n';
  }
  return kExitOk;
}

int tool_command(const Options& options, const std::string& tool_name, const std::string& request,
                 const ToolArgsWriter& writer) {
  int exit_code = kExitOk;
  std::unique_ptr<KernelCatalog> catalog = open_catalog(options, exit_code);
  if (!catalog) return exit_code;
  std::optional<Knowledge> kb = open_knowledge(*catalog);
  if (!kb) return kExitEnvironment;
  Understanding understanding = understand_request(request, catalog.get());

  std::optional<ToolMatch> chosen;
  if (tool_name == "auto") {
    std::vector<ToolMatch> candidates = runnable_candidates(*kb, understanding, request);
    ToolRequest wanted = understanding.spec ? tool_request_from_spec(*understanding.spec) : ToolRequest{};
    // The first candidate that can express every filter of the request, else the first.
    for (const ToolMatch& m : candidates) {
      if (map_tool_arguments(m.tool, wanted).unplaced.empty()) {
        chosen = m;
        break;
      }
    }
    if (!chosen && !candidates.empty()) chosen = candidates.front();
    if (!chosen) {
      print_error(fmt::format("no installed tool that runs here fits '{}'", request),
                  fmt::format("let gpttrace write a program: gpttrace \"{}\"", request));
      return kExitNotUnderstood;
    }
  } else {
    std::vector<ToolMatch> named = kb->tools_named(tool_name);
    if (named.empty()) {
      std::vector<std::string> names;
      for (const ToolMatch& m : kb->all_tools()) names.push_back(m.tool.name);
      std::vector<std::string> close = closest_names(tool_name, names);
      print_error(fmt::format("no installed tool named '{}'", tool_name),
                  close.empty() ? "see the tools in /usr/sbin, or use -c auto"
                                : fmt::format("did you mean {}?", join_alternatives(close)));
      return kExitUsage;
    }
    chosen = named.front();
  }
  if (!chosen->capability.runnable) return refuse_tool(*chosen, *kb, understanding, request, *catalog);

  ToolRequest wanted = understanding.spec ? tool_request_from_spec(*understanding.spec) : ToolRequest{};
  if (options.duration_seconds > 0) wanted.duration_seconds = options.duration_seconds;
  ToolArguments args = map_tool_arguments(chosen->tool, wanted);
  std::vector<std::string> argv;
  if (chosen->tool.family == ToolFamily::Bpftrace) argv = {catalog->bpftrace().path, chosen->tool.path};
  else argv.push_back(chosen->tool.path);
  argv.insert(argv.end(), args.args.begin(), args.args.end());

  if (!understanding.spec && !request.empty() && writer) {
    // Not understood offline: the LLM reads the tool's --help; its options are checked before use.
    std::optional<std::vector<std::string>> written = writer(chosen->tool, request);
    std::string bad;
    if (written && arguments_match_help(parse_help(chosen->tool.help), *written, &bad)) {
      argv.insert(argv.end(), written->begin(), written->end());
      std::cerr << fmt::format("gpttrace: note: arguments written by the LLM from {} --help\n", chosen->tool.name);
    } else if (written) {
      std::cerr << fmt::format("gpttrace: note: the LLM proposed '{}', which {} --help does not list; running "
                               "without filters\n", bad, chosen->tool.name);
    }
  } else if (!understanding.spec && !request.empty()) {
    std::cerr << "gpttrace: note: the request was not understood offline, so no filters were derived from it\n";
  }
  for (const std::string& part : args.unplaced) {
    std::cerr << fmt::format("gpttrace: note: {} has no option for {}; it is not applied\n", chosen->tool.name, part);
  }
  std::cerr << fmt::format("gpttrace: {} ({}): {}\n", chosen->tool.name, tool_family_name(chosen->tool.family),
                           chosen->tool.description);
  if (options.dry_run) {
    std::cout << quoted(argv) << '\n';
    return kExitOk;
  }
  ConfirmRequest question{"gpttrace will run: " + quoted(argv) + "\n", "command", "run",
                          "running " + quoted(argv)};
  Outcome<void> agreed =
      make_confirmer(options.yes, isatty(STDIN_FILENO), install_stop_signal_pipe())->confirm(question);
  if (!agreed) return report_failure(agreed.error());

  ToolRunRequest run;
  run.argv = argv;
  run.duration = std::chrono::milliseconds(static_cast<int64_t>(wanted.duration_seconds.value_or(0) * 1000));
  run.stops_itself = args.stops_itself;
  Result<RunOutcome> outcome = run_tool(run, [](std::string_view line, bool is_stderr) {
    if (is_stderr) {
      if (!is_benign_stderr_line(line)) std::cerr << line << '\n';
    } else {
      std::cout << line << '\n' << std::flush;
    }
  });
  if (!outcome) {
    print_error(outcome.error().message, outcome.error().fix);
    return kExitEnvironment;
  }
  // Some tools told to stop after a duration (opensnoop -d) exit with 1 when it ends: not a failure.
  bool ran_its_course = args.stops_itself && outcome->elapsed + std::chrono::milliseconds(100) >= run.duration;
  bool stopped_by_us = outcome->stopped_by_duration || outcome->stopped_by_signal || outcome->hit_time_cap ||
                       ran_its_course;
  if (outcome->exit_code != 0 && !stopped_by_us) {
    print_error(fmt::format("{} failed with exit code {}", chosen->tool.name, outcome->exit_code),
                fmt::format("see its messages above; gpttrace \"{}\" writes a bpftrace program instead", request));
    return kExitBpftraceFailed;
  }
  if (outcome->stop_escalation == "SIGKILL") {
    std::cerr << fmt::format("gpttrace: note: {} did not stop on SIGINT or SIGTERM and was killed\n", chosen->tool.name);
  }
  return kExitOk;
}

int ask_command(const Options& options, const std::string& question) { return ask_command(options, question, {}); }

int ask_command(const Options& options, const std::string& question, const AskProseWriter& writer) {
  std::unique_ptr<KernelCatalog> catalog = make_real_catalog();
  AskAnswer answer = answer_question(question, *catalog, kallsyms_lookup());
  std::optional<std::string> written = writer && answer.understood ? writer(question, answer) : std::nullopt;
  std::string prose = written ? *written : answer.prose;
  if (options.json) {
    json facts = json::array();
    for (const AskFact& f : answer.facts) facts.push_back({{"fact", f.text}, {"source", f.source}});
    std::cout << json{{"question", question}, {"understood", answer.understood}, {"answer", prose},
                      {"facts", facts}, {"try", answer.try_next}, {"from_llm", written.has_value()}}.dump(2)
              << '\n';
    return answer.understood ? kExitOk : kExitNotUnderstood;
  }
  std::cout << visible_controls(prose) << (prose.ends_with('\n') ? "" : "\n");
  if (!answer.facts.empty()) {
    std::cout << (answer.language == "zh" ? "\n依据（本机）：\n" : "\nFacts (this machine):\n");
    for (const AskFact& f : answer.facts) std::cout << fmt::format("  - {} [{}]\n", f.text, f.source);
  }
  if (!answer.try_next.empty()) {
    std::cout << (answer.language == "zh" ? "\n可以试试：\n" : "\nTry:\n");
    for (const std::string& cmd : answer.try_next) std::cout << "  " << cmd << '\n';
  }
  return answer.understood ? kExitOk : kExitNotUnderstood;
}

}  // namespace gpttrace
