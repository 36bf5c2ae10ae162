// gpttrace serve: every request or program planned, checked and kept running under bpftrace, its maps exposed
// as Prometheus metrics over HTTP (prometheus-cpp's Exposer: GET /metrics only).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/error.h"
#include "pipeline/failure.h"
#include "pipeline/run.h"
#include "pipeline/session.h"
#include "serve/program.h"

namespace gpttrace::serve {

// Loopback unless told otherwise.
inline constexpr const char* kDefaultListen = "127.0.0.1:9436";

struct ServeOptions {
  std::string listen = kDefaultListen;
  int interval_seconds = 5;  // bpftrace prints its maps this often (interval:s:N)
  size_t max_series = 500;   // own series per metric (serve/metrics.h)
  std::vector<ServeSource> sources;
};

// "ADDR:PORT" (an IPv4 address) -> the listening address prometheus-cpp takes; a one-line error for anything
// else.
Result<std::string> listen_address(const std::string& listen);

// Plans every source first: one that is not understood (NotUnderstood) or is not a metric, or two that would
// expose one metric name (Usage), fails the whole command before anything listens or loads. Then listens
// (Environment when the address cannot be bound), checks each program against this kernel (one that fails is
// reported as gpttrace_program_error and the others go on) and keeps the checked ones running until SIGINT or
// SIGTERM; every bpftrace it started has ended when it returns.
Outcome<void> serve(const ServeOptions& options, const Session& session, Runner& runner);

}  // namespace gpttrace::serve
