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
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/result_files.h"
#include "cli/stdout_writer.h"
#include "common/exit_codes.h"
#include "common/visible_text.h"
#include "kernel/catalog.h"
#include "pipeline/check.h"
#include "pipeline/confirm.h"
#include "pipeline/environment.h"
#include "pipeline/run.h"
#include "results/meaning.h"
#include "results/render.h"
#include "results/report_html.h"
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
ReportInput report_input(const Candidate& candidate, const KernelCatalog& catalog, const TraceReport& report) {
  ReportInput input;
  input.request = candidate.request;
  input.description = candidate.description;
  if (candidate.spec) input.plan = describe_spec(*candidate.spec);
  input.program = candidate.source;
  input.notes = report.notes;
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
  input.run = fmt::format("ran {:.1f} s (stopped: {}), {} probes attached", report.outcome.elapsed.count() / 1000.0,
                          report.stopped_by, report.results.attached_probes);
  return input;
}

// Prints the final results (stdout, through write_stdout) and their notes; returns the exit code.
int render_report(const Options& options, const CheckedProgram& program, const TraceReport& report,
                  const ReportExtras& extras, RenderOptions render, const std::string& bpftrace_version) {
  const Candidate& candidate = program.candidate();
  const Results& results = report.results;
  render.meaning = &report.meaning;
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
    write_stdout(render_json(results, extra.dump(), &report.meaning) + '\n');
  } else if (stdout_error() == 0) {
    std::string text = render_text(results, render);
    if (!text.empty()) write_stdout((results.events.empty() ? "" : "\n") + text);
    std::string summary;
    for (const std::string& sentence : summarize(results, &report.meaning)) summary += sentence + '\n';
    write_stdout(summary);
    if (extras.explain) {
      std::string explanation = extras.explain(results);
      if (!explanation.empty()) write_stdout('\n' + visible_controls(explanation) + '\n');
    }
  }
  for (const std::string& note : report.notes) std::cerr << "gpttrace: note: " << note << '\n';
  return finish_stdout();
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
  if (!check_result_paths(options)) return kExitUsage;

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
      std::string text;
      for (const std::string& event : events) text += event + '\n';
      write_stdout(text);
    };
    live.dump = [render](const Results& dump, const ResultsMeaning& meaning) {
      RenderOptions titled = render;
      titled.meaning = &meaning;
      titled.keep_order = true;  // a per-second table keeps its rows in place from second to second
      write_stdout(render_text(dump, titled));
    };
  }
  ResultStream stream(live);
  RunSettings settings;
  settings.duration = std::chrono::milliseconds(static_cast<int64_t>(options.duration_seconds * 1000));
  settings.show_status = !options.json && isatty(STDERR_FILENO);
  if (options.raw) settings.raw_output = [](std::string_view line) { write_stdout(std::string(line) + '\n'); };
  BpftraceRunner runner;
  Outcome<TraceReport> report = run_checked(*checked, session, runner, settings, stream);
  if (!report) return report_failure(report.error());
  if (options.raw) {
    for (const std::string& note : report->notes) std::cerr << "gpttrace: note: " << note << '\n';
    return finish_stdout();
  }
  if (!write_result_files(options, report->results, report->meaning, report_input(candidate, catalog, *report))) {
    return kExitOutputFailed;
  }
  return render_report(options, *checked, *report, extras, render, bpftrace.version);
}

void print_error(const std::string& message, const std::string& fix) {
  std::cerr << "gpttrace: " << visible_controls(message, false) << (fix.empty() ? "" : "; ")
            << visible_controls(fix, false) << '\n';
}

}  // namespace gpttrace
