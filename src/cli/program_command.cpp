// The program path of the command line, shared by -e, `run FILE` and requests: the pipeline checks,
// confirms and runs the candidate; this file only prints and renders.
#include <fmt/format.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <charconv>
#include <chrono>
#include <memory>
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/exit_codes.h"
#include "common/visible_text.h"
#include "kernel/catalog.h"
#include "pipeline/check.h"
#include "pipeline/confirm.h"
#include "pipeline/environment.h"
#include "pipeline/run.h"
#include "results/render.h"
#include "results/results.h"
#include "sys/signals.h"

namespace gpttrace {

namespace {

std::string numbered_program(const std::string& source) {
  std::string out;
  size_t start = 0;
  int line_no = 1;
  while (start <= source.size()) {
    size_t nl = source.find('\n', start);
    std::string line = source.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!(nl == std::string::npos && line.empty())) out += fmt::format("  {:3} | {}\n", line_no++, visible_controls(line, false));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

// -o FILE as root: a symlink planted at FILE is refused (O_NOFOLLOW), never followed to another file.
Result<void> write_file(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    int err = errno;
    return fail(fmt::format("cannot write the program to '{}': {}", path,
                            err == ELOOP ? "it is a symbolic link" : std::strerror(err)),
                "give the path of a regular file");
  }
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok) return fail(fmt::format("cannot write the program to '{}'", path), "check the disk");
  return {};
}

void render_report(const Options& options, const CheckedProgram& program, const TraceReport& report,
                   const ReportExtras& extras, const RenderOptions& render, const std::string& bpftrace_version) {
  const Candidate& candidate = program.candidate();
  const Results& results = report.results;
  if (options.json) {
    std::string explanation = extras.explain ? extras.explain(results) : std::string();
    nlohmann::json extra = {{"program", candidate.source},
                            {"request", candidate.request},
                            {"description", candidate.description},
                            {"bpftrace_version", bpftrace_version},
                            {"exit_code", report.outcome.exit_code},
                            {"stopped_by", report.stopped_by},
                            {"elapsed_ms", report.outcome.elapsed.count()},
                            {"time_to_attach_ms", report.outcome.time_to_attach.count()},
                            {"notes", report.notes}};
    if (extras.explain) extra["explanation"] = explanation;
    if (extras.llm_stats_json) extra["llm"] = nlohmann::json::parse(extras.llm_stats_json(), nullptr, false);
    std::cout << render_json(results, extra.dump()) << '\n';
  } else {
    std::string text = render_text(results, render);
    if (!text.empty()) std::cout << (results.events.empty() ? "" : "\n") << text;
    for (const std::string& sentence : summarize(results)) std::cout << sentence << '\n';
    std::cout.flush();
    if (extras.explain) {
      std::string explanation = extras.explain(results);
      if (!explanation.empty()) std::cout << '\n' << visible_controls(explanation) << '\n';
    }
  }
  for (const std::string& note : report.notes) std::cerr << "gpttrace: note: " << note << '\n';
}

}  // namespace

int report_failure(const Failure& failure) {
  std::cerr << failure.report;
  print_error(failure.message, failure.fix);
  return exit_code_for(failure.kind);
}

std::unique_ptr<KernelCatalog> open_catalog(const Options& options, int& exit_code) {
  Outcome<std::unique_ptr<KernelCatalog>> catalog = open_live_catalog(!options.dry_run, StageLog(options.verbose));
  if (!catalog) {
    exit_code = report_failure(catalog.error());
    return nullptr;
  }
  return std::move(*catalog);
}

Session cli_session(const Options& options, const KernelCatalog& catalog) {
  return Session(catalog, Policy{options.unsafe, options.max_probes, options.include_self}, StageLog(options.verbose));
}

int run_program_command(const Options& options, const Candidate& candidate, const KernelCatalog& catalog,
                        const ReportExtras& extras) {
  std::signal(SIGPIPE, SIG_IGN);
  for (const std::string& note : candidate.notes) std::cerr << "gpttrace: note: " << note << '\n';
  Session session = cli_session(options, catalog);
  BpftraceInfo bpftrace = catalog.bpftrace();
  // With --yes bpftrace compiles the program before attaching anything, so the run itself is the compile
  // check and nothing is spawned twice; otherwise compile first so nobody confirms a broken program.
  bool compile_first = !options.yes || options.dry_run;
  Outcome<CheckedProgram> checked =
      check_candidate(candidate, session, compile_first ? CompileCheck::IfPossible : CompileCheck::Skip);
  if (!checked) return report_failure(checked.error());
  if (!checked->warnings().empty()) std::cerr << checked->warnings().format(candidate.source, "program");
  if (options.dry_run && !checked->compiled()) {
    std::cerr << "gpttrace: note: compile check skipped (needs root and bpftrace)\n";
  }

  if (!options.output_file.empty()) {
    if (Result<void> written = write_file(options.output_file, candidate.source); !written) {
      print_error(written.error().message, written.error().fix);
      return kExitUsage;
    }
  }
  if (options.dry_run) {
    // Exact bytes into a file or pipe; on a terminal, control characters are shown, not obeyed.
    std::cout << (isatty(STDOUT_FILENO) ? visible_controls(candidate.source) : candidate.source)
              << (candidate.source.empty() || candidate.source.back() != '\n' ? "\n" : "");
    return kExitOk;
  }

  int stop_fd = install_stop_signal_pipe();
  ConfirmRequest question;
  if (!candidate.description.empty()) question.shown = visible_controls(candidate.description) + '\n';
  question.shown += fmt::format("gpttrace will load this program with bpftrace {}:\n", bpftrace.version) +
                    numbered_program(candidate.source);
  question.noun = "program";
  question.action = "loaded";
  question.yes_note = visible_controls(candidate.description);
  if (Outcome<void> agreed = make_confirmer(options.yes, isatty(STDIN_FILENO), stop_fd)->confirm(question); !agreed) {
    return report_failure(agreed.error());
  }

  RenderOptions render;
  render.top_n = options.top;
  render.color = isatty(STDOUT_FILENO);
  LiveOutput live;
  if (!options.json) {
    live.events = [](const std::vector<std::string>& events) {
      for (const std::string& event : events) std::cout << event << '\n';
      std::cout.flush();
    };
    live.dump = [render](const Results& dump) { std::cout << render_text(dump, render) << std::flush; };
  }
  ResultStream stream(live);
  RunSettings settings;
  settings.duration = std::chrono::milliseconds(static_cast<int64_t>(options.duration_seconds * 1000));
  settings.show_status = !options.json && isatty(STDERR_FILENO);
  BpftraceRunner runner;
  Outcome<TraceReport> report = run_checked(*checked, session, runner, settings, stream);
  if (!report) return report_failure(report.error());
  render_report(options, *checked, *report, extras, render, bpftrace.version);
  return kExitOk;
}

void print_error(const std::string& message, const std::string& fix) {
  std::cerr << "gpttrace: " << visible_controls(message, false) << (fix.empty() ? "" : "; ")
            << visible_controls(fix, false) << '\n';
}

}  // namespace gpttrace
