// One program's bpftrace, run and restarted: output lines -> metrics, ends -> health metrics and a log line.
#include "serve/supervisor.h"

#include <fmt/format.h>
#include <poll.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include <iostream>

#include "results/decode.h"

namespace gpttrace::serve {

namespace {

constexpr std::chrono::seconds kMaxDelay{60};

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The first line of bpftrace's stderr that says what went wrong.
std::string first_error(const RunOutcome& outcome) {
  size_t at = outcome.stderr_text.find("ERROR");
  if (at == std::string::npos) return fmt::format("bpftrace exited with code {}", outcome.exit_code);
  size_t end = outcome.stderr_text.find('\n', at);
  return outcome.stderr_text.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

// Sleeps `delay` unless a stop comes first; true when it did.
bool wait_or_stop(std::chrono::seconds delay, int stop_fd, const std::atomic<bool>& stopping) {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (!stopping) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fd{stop_fd, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(std::min<int64_t>(left.count(), 200))) > 0) return true;
  }
  return true;
}

}  // namespace

std::chrono::seconds Backoff::next(std::chrono::seconds attached_for) {
  if (attached_for >= kMaxDelay) delay_ = std::chrono::seconds(0);
  delay_ = delay_.count() == 0 ? std::chrono::seconds(1) : std::min(delay_ * 2, kMaxDelay);
  return delay_;
}

void supervise(const CheckedProgram& program, const std::string& name, const Session& session, Runner& runner,
               ProgramMetrics& metrics, HealthMetrics& health, int stop_fd,
               const std::atomic<bool>& stopping) {
  RunSettings settings;
  settings.stop_fd = stop_fd;
  const RunRequest request = run_request_for(program, session, settings);
  const ResultsMeaning meaning = results_meaning(program.candidate());
  const HealthMetrics::Program status = health.program(name);
  Backoff backoff;
  for (bool first = true; !stopping; first = false) {
    if (!first) status.restarts->Increment();
    metrics.new_incarnation();
    auto attached_at = std::chrono::steady_clock::now();
    Result<RunOutcome> outcome = runner.run(request, [&](std::string_view line) {
      ResultsParser parser;  // one line at a time: nothing accumulates over a long run
      LineKind kind = parser.feed(line);
      if (kind == LineKind::Attached) {
        attached_at = std::chrono::steady_clock::now();
        status.up->Set(1);
        health.clear_error(name);
      } else if (kind == LineKind::Map || kind == LineKind::Hist || kind == LineKind::Stats) {
        Results dump = parser.take();
        decode_results(dump, meaning);
        metrics.update(dump);
        status.last_read->Set(unix_now());
      } else if (kind == LineKind::LostEvents) {
        status.lost_events->Increment(static_cast<double>(parser.results().lost_events));
      }
    });
    status.up->Set(0);
    if (stopping) break;
    std::string reason = "exited", message;
    std::chrono::seconds attached_for{0};
    if (!outcome) {
      reason = "environment";
      message = outcome.error().message;
    } else if (!outcome->attached) {
      status.load_errors->Increment();
      reason = "bpftrace-failed";
      message = first_error(*outcome);
    } else {
      attached_for =
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - attached_at);
      message = first_error(*outcome);
    }
    health.set_error(name, reason, message);
    const std::chrono::seconds delay = backoff.next(attached_for);
    std::cerr << fmt::format("gpttrace serve: {}: {}; starting it again in {} s\n", name, message,
                             delay.count());
    if (wait_or_stop(delay, stop_fd, stopping)) break;
  }
}

}  // namespace gpttrace::serve
