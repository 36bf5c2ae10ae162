// The program path shared by -e, `run FILE` and (later) generated programs: check, confirm, run, render.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <memory>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "check/checks.h"
#include "check/compile_check.h"
#include "check/parser.h"
#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/program_layout.h"
#include "cli/result_files.h"
#include "cli/result_stream.h"
#include "cli/stdout_writer.h"
#include "cli/stage_log.h"
#include "cli/terminal.h"
#include "common/exit_codes.h"
#include "kernel/catalog.h"
#include "results/decode.h"
#include "results/meaning.h"
#include "results/render.h"
#include "results/results.h"
#include "run/runner.h"
#include "sys/signals.h"

namespace gpttrace {

namespace {

void print_program(const std::string& source, std::ostream& out) {
  size_t start = 0;
  int line_no = 1;
  while (start <= source.size()) {
    size_t nl = source.find('\n', start);
    std::string line = source.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!(nl == std::string::npos && line.empty())) out << fmt::format("  {:3} | {}\n", line_no++, line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

// Asks on the terminal; only called when stdin is one.
bool confirm(const ProgramToRun& program, const BpftraceInfo& bpftrace, int stop_fd) {
  if (!program.description.empty()) std::cerr << program.description << '\n';
  std::cerr << fmt::format("gpttrace will load this program with bpftrace {}:\n", bpftrace.version);
  print_program(program.source, std::cerr);
  std::cerr << "Run it? [y/N] " << std::flush;
  std::optional<std::string> answer = read_stdin_line(stop_fd);
  if (!answer) std::cerr << '\n';
  return answer && (*answer == "y" || *answer == "Y" || *answer == "yes" || *answer == "YES");
}

int reject(const Diagnostics& diags, const std::string& source, const char* what) {
  std::cerr << diags.format(source, "program");
  size_t errors = 0;
  for (const Diagnostic& d : diags.items()) errors += d.severity == Severity::Error;
  print_error(fmt::format("{} refused with {} error{}; nothing was loaded", what, errors, errors == 1 ? "" : "s"));
  return kExitRejected;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  return static_cast<bool>(out.flush());
}

std::string stop_reason(const RunOutcome& outcome) {
  if (outcome.hit_output_cap) return "output-cap";
  if (outcome.hit_time_cap) return "time-cap";
  if (outcome.stopped_by_signal) return "interrupted";
  if (outcome.stopped_by_duration) return "duration";
  return "exited";
}

std::vector<std::string> cap_notes(const RunOutcome& outcome, const RunRequest& request) {
  std::vector<std::string> notes;
  if (outcome.hit_output_cap) {
    notes.push_back(fmt::format("output passed the {} MiB cap: the trace was stopped early and later events dropped",
                                request.max_output_bytes >> 20));
  }
  if (outcome.hit_time_cap) {
    notes.push_back(fmt::format("the trace reached the {} s run-time cap and was stopped",
                                std::chrono::duration_cast<std::chrono::seconds>(request.max_duration).count()));
  }
  if (outcome.stop_escalation == "SIGKILL") {
    notes.push_back("bpftrace did not stop on SIGINT or SIGTERM and was killed: final maps may be missing");
  }
  return notes;
}

// After bpftrace exited without attaching: its compile errors are a rejection, anything else a failure.
// `plain_stdout` holds bpftrace's non-JSON stdout lines (e.g. "No probes to attach").
int report_bpftrace_failure(const RunOutcome& outcome, const std::string& source,
                            const std::vector<std::string>& plain_stdout) {
  Diagnostics diags = parse_bpftrace_errors(outcome.stderr_text);
  const auto& items = diags.items();
  auto first_error = std::find_if(items.begin(), items.end(),
                                  [](const Diagnostic& d) { return d.severity == Severity::Error; });
  bool compile_error = !outcome.attached && first_error != items.end() && first_error->loc.known();
  if (compile_error) return reject(diags, source, "bpftrace's compiler");
  std::string first = first_error != items.end() ? first_error->message
                      : !plain_stdout.empty()    ? plain_stdout.front()
                      : !items.empty()           ? items.front().message
                                                 : fmt::format("bpftrace exited with code {}", outcome.exit_code);
  std::string fix = "run with -v to see bpftrace's full output";
  if (first.find("attaching probe") != std::string::npos || first.find("attach") != std::string::npos) {
    fix = "the probe exists in the program but could not attach here; try gpttrace probes to find one that can";
  }
  print_error(fmt::format("bpftrace failed: {}", first), fix);
  return kExitBpftraceFailed;
}

// After the results: a reader that went away (EPIPE, `| head -1`) is a normal end; any other write error
// lost results and says so.
int finish_stdout() {
  const int error = stdout_error();
  if (error == 0 || error == EPIPE) return kExitOk;
  print_error(fmt::format("could not write the results to stdout: {}", std::strerror(error)),
              "check the disk or the pipe stdout goes to");
  return kExitOutputFailed;
}

// What the report page shows besides the results: the request, plan, program and the machine facts that
// shaped the program.
ReportInput report_input(const ProgramToRun& program, const KernelCatalog& catalog, const RunOutcome& outcome,
                         int attached_probes, const std::vector<std::string>& notes) {
  ReportInput input;
  input.request = program.request;
  input.description = program.description;
  if (program.spec) input.plan = describe_spec(*program.spec);
  input.program = program.source;
  input.notes = notes;
  const KernelInfo kernel = catalog.kernel();
  const BpftraceInfo bpftrace = catalog.bpftrace();
  input.machine = {{"kernel", kernel.release + " (" + kernel.machine + ")"},
                   {"bpftrace", bpftrace.version},
                   {"BTF", kernel.btf ? "yes" : "no"},
                   {"tracefs", kernel.tracefs.empty() ? "not mounted" : kernel.tracefs}};
  for (ProbeType type : {ProbeType::Tracepoint, ProbeType::Kprobe, ProbeType::Kfunc, ProbeType::Uprobe}) {
    const ProbeSupport support = catalog.support(type);
    input.machine.emplace_back(std::string(probe_type_name(type)) + " probes",
                               support.available ? "yes" : "no: " + support.reason);
  }
  input.run = fmt::format("ran {:.1f} s (stopped: {}), {} probes attached", outcome.elapsed.count() / 1000.0,
                          stop_reason(outcome), attached_probes);
  return input;
}

}  // namespace

std::unique_ptr<KernelCatalog> open_catalog(const Options& options, int& exit_code) {
  StageLog log(options.verbose);
  // Tracing needs these for the catalog to see tracepoints; --dry-run works without them where it can.
  if (!options.dry_run) {
    if (auto privileges = require_tracing_privileges(); !privileges) {
      print_error(privileges.error().message, privileges.error().fix);
      exit_code = kExitEnvironment;
      return nullptr;
    }
  }
  if (auto tracefs = ensure_tracefs(); !tracefs && !options.dry_run) {
    print_error(tracefs.error().message, tracefs.error().fix);
    exit_code = kExitEnvironment;
    return nullptr;
  }
  std::unique_ptr<KernelCatalog> catalog = make_real_catalog();
  BpftraceInfo bpftrace = catalog->bpftrace();
  log(fmt::format("catalog ready: kernel {}, bpftrace {}", catalog->kernel().release,
                  bpftrace.found ? bpftrace.version : "missing"));
  if (!bpftrace.found && !options.dry_run) {
    print_error("bpftrace is not installed", "install it with: apt-get install bpftrace");
    exit_code = kExitEnvironment;
    return nullptr;
  }
  return catalog;
}

int run_program_command(const Options& options, const ProgramToRun& generated, const KernelCatalog& catalog) {
  // Generated programs are laid out for reading before anything checks them, so the program that is
  // checked, shown for confirmation and run is one text; programs the user wrote are kept as written.
  ProgramToRun program = generated;
  if (!program.description.empty()) program.source = layout_for_reading(program.source);
  const std::string& source = program.source;
  StageLog log(options.verbose);
  std::signal(SIGPIPE, SIG_IGN);
  BpftraceInfo bpftrace = catalog.bpftrace();
  Diagnostics diags;
  ParsedProgram parsed = parse_program(source, diags);
  if (!diags.has_errors()) check_program(parsed, catalog, CheckOptions{options.unsafe, options.max_probes}, diags);
  log(fmt::format("static checks: {} probe block(s), {} diagnostic(s)", parsed.probes.size(), diags.items().size()));
  if (diags.has_errors()) return reject(diags, source, "the program was");
  if (!diags.empty()) std::cerr << diags.format(source, "program");

  // With --yes bpftrace compiles the program before attaching anything, so the run itself is the compile
  // check and nothing is spawned twice; otherwise compile first so nobody confirms a broken program.
  bool interactive = !options.yes && !options.dry_run;
  bool can_compile = bpftrace.found && require_tracing_privileges().has_value();
  if ((interactive || options.dry_run) && can_compile) {
    Diagnostics compile;
    if (auto ran = compile_check(bpftrace, source, options.unsafe, compile); !ran) {
      print_error(ran.error().message, ran.error().fix);
      return kExitEnvironment;
    }
    log(fmt::format("compile check: {} diagnostic(s)", compile.items().size()));
    if (compile.has_errors()) return reject(compile, source, "bpftrace's compiler");
  } else if (options.dry_run) {
    std::cerr << "gpttrace: note: compile check skipped (needs root and bpftrace)\n";
  }

  if (!options.output_file.empty() && !write_file(options.output_file, source)) {
    print_error(fmt::format("cannot write the program to '{}'", options.output_file), "check the path");
    return kExitUsage;
  }
  if (options.dry_run) {
    std::cout << source << (source.empty() || source.back() != '\n' ? "\n" : "");
    return kExitOk;
  }
  if (!check_result_paths(options)) return kExitUsage;

  int stop_fd = install_stop_signal_pipe();
  if (!options.yes) {
    if (!isatty(STDIN_FILENO)) {
      print_error("stdin is not a terminal, so nobody can confirm the program",
                  "read it with --dry-run, then pass --yes to run it");
      return kExitNotConfirmed;
    }
    if (!confirm(program, bpftrace, stop_fd)) {
      if (last_stop_signal() != 0) return kExitInterrupted;
      print_error("not confirmed; nothing was loaded");
      return kExitNotConfirmed;
    }
  }
  if (last_stop_signal() != 0) return kExitInterrupted;
  if (options.yes && !program.description.empty()) std::cerr << "gpttrace: " << program.description << '\n';

  RunRequest request;
  request.bpftrace_path = bpftrace.path;
  request.program = source;
  if (options.unsafe) request.extra_args.emplace_back("--unsafe");
  request.duration = std::chrono::milliseconds(static_cast<int64_t>(options.duration_seconds * 1000));
  request.show_status = !options.json && isatty(STDERR_FILENO);
  request.text_output = options.raw;

  ResultsMeaning meaning = meaning_from_program(source, program.spec ? program.spec->language : "en");
  if (program.spec) apply_plan(meaning, *program.spec);
  RenderOptions render;
  render.top_n = options.top;
  render.color = isatty(STDOUT_FILENO);
  render.meaning = &meaning;
  ResultStream stream(!options.json, render);
  log("starting bpftrace");
  Result<RunOutcome> outcome = run_bpftrace(request, [&](std::string_view line) {
    if (options.raw) {
      write_stdout(std::string(line) + "\n");
      return;
    }
    stream.feed(line);
    if (line.find("\"attached_probes\"") != std::string_view::npos) {
      log(fmt::format("attached {} probes", stream.results().attached_probes));
    }
  });
  if (!outcome) {
    print_error(outcome.error().message, outcome.error().fix);
    return kExitEnvironment;
  }
  stream.finish();
  log(fmt::format("bpftrace exited with code {} after {} ms ({})", outcome->exit_code, outcome->elapsed.count(),
                  stop_reason(*outcome)));
  if (options.verbose && !outcome->stderr_text.empty()) std::cerr << outcome->stderr_text;

  bool stopped_by_us = outcome->stopped_by_duration || outcome->stopped_by_signal || outcome->hit_time_cap ||
                       outcome->hit_output_cap;
  if (outcome->exit_code != 0 && !(stopped_by_us && outcome->attached)) {
    return report_bpftrace_failure(*outcome, source, stream.plain_stdout());
  }

  std::vector<std::string> notes = cap_notes(*outcome, request);
  if (options.raw) return finish_stdout();
  Results results = stream.final_results();
  decode_results(results, meaning);
  if (!write_result_files(options, results, meaning, report_input(program, catalog, *outcome, results.attached_probes, notes))) {
    return kExitOutputFailed;
  }
  if (options.json) {
    std::string explanation = program.explain ? program.explain(results) : std::string();
    nlohmann::json extra = {{"program", source},
                            {"request", program.request},
                            {"description", program.description},
                            {"bpftrace_version", bpftrace.version},
                            {"exit_code", outcome->exit_code},
                            {"stopped_by", stop_reason(*outcome)},
                            {"elapsed_ms", outcome->elapsed.count()},
                            {"time_to_attach_ms", outcome->time_to_attach.count()},
                            {"notes", notes}};
    if (program.explain) extra["explanation"] = explanation;
    if (program.llm_stats_json) extra["llm"] = nlohmann::json::parse(program.llm_stats_json(), nullptr, false);
    write_stdout(render_json(results, extra.dump(), &meaning) + '\n');
  } else if (stdout_error() == 0) {
    std::string text = render_text(results, render);
    if (!text.empty()) write_stdout((results.events.empty() ? "" : "\n") + text);
    std::string summary;
    for (const std::string& sentence : summarize(results, &meaning)) summary += sentence + '\n';
    write_stdout(summary);
    if (program.explain) {
      std::string explanation = program.explain(results);
      if (!explanation.empty()) write_stdout('\n' + explanation + '\n');
    }
  }
  for (const std::string& note : notes) std::cerr << "gpttrace: note: " << note << '\n';
  return finish_stdout();
}

void print_error(const std::string& message, const std::string& fix) {
  std::cerr << "gpttrace: " << message << (fix.empty() ? "" : "; ") << fix << '\n';
}

}  // namespace gpttrace
