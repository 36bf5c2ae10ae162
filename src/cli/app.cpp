// Flag parsing with CLI11 and dispatch to the commands; usage errors are one line with a suggestion.
#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "check/checks.h"
#include "cli/commands.h"
#include "cli/knowledge_glue.h"
#include "cli/llm_glue.h"
#include "cli/numeric_options.h"
#include "common/error.h"
#include "common/exit_codes.h"
#include "common/names.h"
#include "kernel/catalog.h"
#include "sys/argv_scrub.h"

namespace gpttrace {

namespace {

constexpr const char* kVersion = "0.1.0";

// Every long and short flag, for "did you mean" on a mistyped one.
std::vector<std::string> known_flags(const CLI::App& app) {
  std::vector<std::string> flags;
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& name : opt->get_lnames()) flags.push_back("--" + name);
    for (const std::string& name : opt->get_snames()) flags.push_back("-" + name);
  }
  return flags;
}

int usage_error(const CLI::App& app, const CLI::ParseError& error, const std::vector<std::string>& args) {
  std::string message = error.what();
  std::string fix = "see gpttrace --help";
  // Only an unexpected argument is an unknown option; a flag missing its value keeps CLI11's message.
  bool unknown = dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr;
  for (const std::string& arg : unknown ? args : std::vector<std::string>{}) {
    if (arg.size() > 1 && arg[0] == '-' && message.find(arg) != std::string::npos) {
      auto close = closest_names(arg.substr(0, arg.find('=')), known_flags(app));
      message = fmt::format("unknown option {}", arg);
      if (!close.empty()) fix = fmt::format("did you mean {}?", join_alternatives(close));
      break;
    }
  }
  print_error(message, fix);
  return kExitUsage;
}

// Program files are read only when regular and small: /dev/zero would never end, a FIFO could block
// forever, and bpftrace takes the program as one argument (the kernel caps one at 128 KiB).
constexpr size_t kMaxProgramBytes = 100 * 1024;

Result<std::string> read_program_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    return fail(fmt::format("cannot read program file '{}': {}", path, std::strerror(errno)), "check the path");
  }
  struct stat st {};
  std::string text;
  Result<std::string> result = text;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    result = fail(fmt::format("program file '{}' is not a regular file", path), "give a .bt file");
  } else if (static_cast<size_t>(st.st_size) > kMaxProgramBytes) {
    result = fail(fmt::format("program file '{}' has {} KiB; the limit is {} KiB", path, st.st_size >> 10,
                              kMaxProgramBytes >> 10),
                  "split the program; bpftrace takes it as one argument");
  } else {
    char buf[8192];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0 && text.size() <= kMaxProgramBytes) {
      text.append(buf, static_cast<size_t>(n));
    }
    result = n < 0 ? fail(fmt::format("cannot read program file '{}': {}", path, std::strerror(errno)))
                   : Result<std::string>(std::move(text));
  }
  ::close(fd);
  return result;
}

int run_program(const Options& options, const Candidate& program) {
  int exit_code = kExitOk;
  std::unique_ptr<KernelCatalog> catalog = open_catalog(options, exit_code);
  return catalog ? run_program_command(options, program, *catalog) : exit_code;
}

}  // namespace

int run_app(int argc, char** argv) {
  // The key must leave argv's memory (readable by any user in /proc/PID/cmdline) before anything else;
  // CLI11 parses the copy.
  std::vector<std::string> args(argv + 1, argv + argc);
  static constexpr std::string_view kSecretOptions[] = {"-k", "--key"};
  const bool key_on_command_line = scrub_secret_arguments(argc, argv, kSecretOptions) > 0;
  Options options;
  CLI::App app{"gpttrace: trace the live Linux kernel from a plain-language request or a bpftrace program",
               "gpttrace"};
  app.fallthrough(true);
  app.set_version_flag("--version", kVersion);
  app.add_option("request", options.request, "what to trace, in English or Chinese");
  app.add_option("-e", options.program, "check and run this bpftrace program");
  app.add_flag("--dry-run", options.dry_run, "check and print the program on stdout; load nothing");
  app.add_flag("-y,--yes", options.yes, "run without asking for confirmation");
  // Numbers are taken as text and parsed by parse_numeric_options: one message with the value and range.
  NumericFlags numbers;
  app.add_option("-d,--duration", numbers.duration, "stop after SECONDS (5, 2.5, 500ms, 2m; default: until Ctrl-C)")
      ->type_name("SECONDS");
  app.add_flag("--json", options.json, "print results as JSON");
  app.add_option("-o,--output", options.output_file, "also save the program to FILE");
  app.add_flag("-v,--verbose", options.verbose, "show each stage with timings");
  const std::string unsafe_help = "allow what acts on the system beyond tracing: " + unsafe_builtin_names();
  app.add_flag("--unsafe", options.unsafe, unsafe_help);
  app.add_flag("--include-self", options.include_self,
               "keep gpttrace and its bpftrace in the results (generated programs leave them out)");
  app.add_option("--top", numbers.top, "rows shown per table (default 20)")->type_name("N");
  app.add_flag("--raw", options.raw, "print bpftrace's own output unchanged (no tables, no decoding)");
  app.add_option("--flamegraph", options.flamegraph_file, "write stack-keyed results as an interactive SVG flame graph");
  app.add_option("--folded", options.folded_file, "write stack-keyed results as folded stacks (FlameGraph, speedscope)");
  app.add_option("--report", options.report_file, "write one self-contained HTML report of the run");
  app.add_option("--max-probes", numbers.max_probes, "refuse programs attaching more probes (default 512)")->type_name("N");

  app.add_option("-k,--key", options.api_key, "LLM API key (else OPENAI_API_KEY or the config file)");
  app.add_option("--model", options.model, "LLM model (else GPTTRACE_MODEL; default gpt-4o-mini)");
  app.add_option("--base-url", options.base_url, "OpenAI-compatible endpoint (else OPENAI_BASE_URL)");
  app.add_flag("--llm", options.force_llm, "let the LLM write the program even when the planner understands");
  app.add_flag("--no-llm", options.no_llm, "never call an LLM provider");
  app.add_option("--max-rounds", numbers.max_rounds, "LLM repair rounds before giving up (default 4)")->type_name("N");

  std::string tool_name;
  app.add_option("-c,--cmd", tool_name, "run an installed tool (e.g. execsnoop, or 'auto') for the request");

  CLI::App* probes = app.add_subcommand("probes", "search what can be traced on this machine");
  probes->add_option("pattern", options.probes_pattern, "a name, a glob or a question, e.g. tcp");
  CLI::App* run = app.add_subcommand("run", "check and run a bpftrace program file");
  run->add_option("file", options.program_file, "the .bt file")->required();
  std::string examples_query, question;
  CLI::App* examples = app.add_subcommand("examples", "show example programs matching a query");
  examples->add_option("query", examples_query, "what the examples should be about")->required();
  CLI::App* ask = app.add_subcommand("ask", "answer a question about what can be traced here");
  ask->add_option("question", question, "e.g. \"can I trace kfree_skb?\"")->required();
  CLI::App* chat = app.add_subcommand("chat", "trace in a conversation with the LLM; follow-ups refine");
  CLI::App* config = app.add_subcommand("config", "save -k/--model/--base-url to ~/.config/gpttrace (0600)");
  bool mcp_read_only = false;
  CLI::App* mcp = app.add_subcommand("mcp", "serve the Model Context Protocol on stdio for AI assistants");
  mcp->add_flag("--read-only", mcp_read_only, "offer only the tools that load nothing (plan, check, probes, ask)");

  ServeArguments serve_args;
  CLI::App* serve = app.add_subcommand("serve", "expose checked programs' maps as Prometheus metrics until stopped");
  serve->add_option("--listen", serve_args.listen, "listen on ADDR:PORT (default 127.0.0.1:9436)")->type_name("ADDR:PORT");
  serve->add_option("--interval", serve_args.interval, "read the maps every S seconds (default 5)")->type_name("S");
  serve->add_option("--max-series", serve_args.max_series, "own series per metric before keys fold into \"other\" (default 500)")
      ->type_name("N");
  serve->add_option("--config", serve_args.config, "JSON file of named requests and programs (see README)")->type_name("FILE");
  serve->add_option("-e", serve_args.programs, "serve this bpftrace program (repeatable)")->type_name("PROGRAM");
  serve->add_option("requests", serve_args.requests, "requests to serve, e.g. \"count system calls by process\"");

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes the arguments reversed
    app.parse(reversed);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    return usage_error(app, error, args);
  }
  if (auto parsed = parse_numeric_options(numbers, options); !parsed) {
    print_error(parsed.error().message, parsed.error().fix);
    return kExitUsage;
  }

  if (key_on_command_line && !config->parsed()) {
    std::cerr << "gpttrace: note: a key given with -k is visible to other users while gpttrace starts; "
                 "prefer OPENAI_API_KEY or `gpttrace config`\n";
  }
  const bool files = !options.report_file.empty() || !options.flamegraph_file.empty() || !options.folded_file.empty();
  if (options.raw && (options.json || files)) {
    print_error("--raw passes bpftrace's text through, so it cannot be combined with --json, --report, "
                "--flamegraph or --folded",
                "drop --raw to get those");
    return kExitUsage;
  }
  if (probes->parsed()) return probes_command(options);
  if (examples->parsed()) return examples_command(options, examples_query);
  if (ask->parsed()) {
    return llm_configured(options) ? ask_command(options, question, llm_ask_writer(options))
                                   : ask_command(options, question);
  }
  if (chat->parsed()) return chat_command(options);
  if (mcp->parsed()) return mcp_command(options, mcp_read_only);
  if (serve->parsed()) return serve_command(options, serve_args);
  if (config->parsed()) return config_command(options);
  if (!tool_name.empty()) {
    return tool_command(options, tool_name, options.request,
                        llm_configured(options) ? llm_tool_args_writer(options) : ToolArgsWriter{});
  }
  if (run->parsed()) {
    Result<std::string> source = read_program_file(options.program_file);
    if (!source) {
      print_error(source.error().message, source.error().fix);
      return kExitUsage;
    }
    options.command = Command::RunFile;
    return run_program(options, Candidate{*source, Origin::File, {}, {}, {}, {}});
  }
  if (!options.program.empty()) {
    if (!options.request.empty()) {
      print_error("give either a request or -e PROGRAM, not both", "see gpttrace --help");
      return kExitUsage;
    }
    options.command = Command::Program;
    return run_program(options, Candidate{options.program, Origin::User, {}, {}, {}, {}});
  }
  if (options.request.find_first_not_of(" \t\n") == std::string::npos) {
    print_error("nothing to trace: give a request, -e PROGRAM, or a command",
                "e.g. gpttrace -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'");
    return kExitUsage;
  }
  return request_command(options);
}

}  // namespace gpttrace
