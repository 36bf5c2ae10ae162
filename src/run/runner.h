// Runs a checked bpftrace program: spawns it without a shell, streams its JSON output, stops it on time,
// on Ctrl-C or when output is too large, and guarantees it never outlives gpttrace.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bpftrace_noise.h"
#include "common/error.h"

namespace gpttrace {

struct RunRequest {
  std::string bpftrace_path;           // absolute path of bpftrace
  std::string program;                 // passed with -e, never through a shell
  std::vector<std::string> extra_args; // e.g. {"--unsafe"}; "-f json" is added unless text_output
  bool text_output = false;            // bpftrace's own text output (gpttrace --raw): no "-f json"
  std::chrono::milliseconds duration{0};        // 0 = until Ctrl-C (bounded by max_duration)
  std::chrono::milliseconds max_duration{std::chrono::hours(1)};  // hard cap on run time
  // The duration counts from attach; before attach bpftrace gets the duration plus this to compile and
  // attach (seconds on a loaded machine), so a slow start does not eat the trace.
  std::chrono::milliseconds startup_allowance{std::chrono::seconds(30)};
  size_t max_output_bytes = 64 * 1024 * 1024;   // cap on stdout bytes read; past it the trace stops
  bool show_status = false;             // live status line on stderr (only when stderr is a terminal)
  // When >= 0, polled instead of the process's stop-signal pipe: readable starts the stop sequence
  // (recorded as stopped_by_signal). Lets a server stop one of several concurrent runs.
  int stop_fd = -1;
  // Where one-line notices go ("stopping: detaching 360 probes takes about 26 s"); default: stderr.
  std::function<void(const std::string&)> on_notice;
};

struct RunOutcome {
  int exit_code = -1;          // bpftrace's exit code (128+sig when killed)
  bool attached = false;       // attached_probes was seen
  bool stopped_by_duration = false;
  bool stopped_by_signal = false;  // the user pressed Ctrl-C (or gpttrace got SIGTERM/SIGHUP)
  bool hit_time_cap = false;
  bool hit_output_cap = false;
  bool killed_by_user = false; // the third Ctrl-C killed a stuck bpftrace before its final maps
  uint64_t attached_probes = 0;  // from bpftrace's attached_probes line
  int stop_signals_sent = 0;   // how many signals it took to stop bpftrace
  std::string stop_escalation; // "" | "SIGINT x2" | "SIGTERM" | "SIGKILL" (for -v and the cap note)
  std::string stderr_text;     // bpftrace's stderr without the spurious RLIMIT_MEMLOCK line
  std::chrono::milliseconds time_to_attach{0};
  std::chrono::milliseconds elapsed{0};
  uint64_t events = 0;         // stdout lines of printf output seen
};

// Called for every complete stdout line, in order, as it arrives.
using LineSink = std::function<void(std::string_view line)>;

// Runs to completion. Stop sequence: SIGINT; again after 1 s (bpftrace 0.17 can miss the first); SIGTERM
// after 3 s; SIGKILL of the process group after 5 s. The final map dump printed on SIGINT is streamed to
// `sink` before returning. SIGINT/SIGTERM/SIGHUP received by gpttrace start the stop sequence, unless
// request.stop_fd names another descriptor to watch.
// Runs to completion. Stop sequence (run_detail::StopSequence): SIGINT; again after 1 s (bpftrace 0.17 can
// miss the first); SIGTERM after 3 s; SIGKILL of the process group only once bpftrace stops making progress
// detaching its probes (about 70 ms each). The final map dump printed on SIGINT is streamed to `sink` before
// returning. SIGINT/SIGTERM/SIGHUP received by gpttrace start the stop sequence; more of them while bpftrace
// detaches only get a notice, while it is stuck the second re-sends SIGINT and the third kills bpftrace.
// A stop expected to take more than 1.5 s is announced on stderr.
Result<RunOutcome> run_bpftrace(const RunRequest& request, const LineSink& sink);

// A run that must not be reported as a success: bpftrace killed before its final maps (exit 130 when the
// user's third Ctrl-C did it, 1 when it stalled), or interrupted before it attached (130).
struct StopFailure {
  int exit_code;
  std::string message;
  std::string fix;
};
std::optional<StopFailure> stop_failure(const RunOutcome& outcome);

}  // namespace gpttrace
