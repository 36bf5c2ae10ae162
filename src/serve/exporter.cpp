// Plans, listens, checks, then supervises one thread per checked program until a stop signal.
#include "serve/exporter.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <prometheus/exposer.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <thread>

#include "pipeline/check.h"
#include "serve/health.h"
#include "serve/metrics.h"
#include "serve/supervisor.h"
#include "sys/signals.h"

namespace gpttrace::serve {

namespace {

// One checked program with its metrics, its stop pipe and the thread that runs it.
struct Served {
  std::string name;
  std::unique_ptr<CheckedProgram> program;
  std::unique_ptr<ProgramMetrics> metrics;
  int stop_pipe[2] = {-1, -1};
  std::thread thread;
};

// Refuses two programs with one name or one metric name: their series would mix.
Outcome<void> unique_names(const std::vector<ServeCandidate>& candidates, size_t max_series) {
  std::map<std::string, std::string> owner;
  for (const ServeCandidate& c : candidates) {
    std::vector<std::string> names = metric_names(results_meaning(c.candidate), {c.name, {}, max_series});
    names.push_back("program " + c.name);
    for (const std::string& name : names) {
      auto [at, fresh] = owner.emplace(name, c.name);
      if (!fresh) {
        return failure(FailureKind::Usage, fmt::format("two programs would both expose {}", name),
                       "give each a different name in --config");
      }
    }
  }
  return {};
}

void wait_for_stop_signal(int fd) {
  pollfd stop{fd, POLLIN, 0};
  while (::poll(&stop, 1, -1) < 0 && errno == EINTR) {
  }
}

}  // namespace

Result<std::string> listen_address(const std::string& listen) {
  const std::string fix = "give ADDR:PORT, e.g. --listen 127.0.0.1:9436";
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return fail(fmt::format("--listen '{}' has no port", listen), fix);
  std::string host = listen.substr(0, colon);
  const std::string port_text = listen.substr(colon + 1);
  int port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
    return fail(fmt::format("--listen '{}': the port must be a number from 1 to 65535", listen), fix);
  }
  unsigned char addr[4];
  if (host.find(':') != std::string::npos) {
    // Debian's civetweb (under prometheus-cpp's exposer) does not bind "[::1]:PORT" listening addresses.
    return fail(fmt::format("--listen '{}': IPv6 addresses are not supported", listen),
                "give an IPv4 address, e.g. 127.0.0.1:9436 or 0.0.0.0:9436");
  }
  if (::inet_pton(AF_INET, host.c_str(), addr) != 1) {
    return fail(fmt::format("--listen '{}': '{}' is not an IPv4 address", listen, host), fix);
  }
  return listen;  // civetweb's listening_ports takes "1.2.3.4:9436" as it is
}

Outcome<void> serve(const ServeOptions& options, const Session& session, Runner& runner) {
  // From here on SIGINT/SIGTERM only mark the pipe: a stop during the checks still stops what started.
  const int stop_signal_fd = install_stop_signal_pipe();
  Result<std::string> address = listen_address(options.listen);
  if (!address) return failure(FailureKind::Usage, address.error());
  std::vector<ServeCandidate> candidates;
  for (size_t i = 0; i < options.sources.size(); ++i) {
    Outcome<ServeCandidate> candidate =
        serve_candidate(options.sources[i], session, options.interval_seconds, i);
    if (!candidate) return tl::unexpected(candidate.error());
    for (const std::string& note : candidate->candidate.notes)
      std::cerr << fmt::format("gpttrace serve: {}: note: {}\n", candidate->name, note);
    candidates.push_back(std::move(*candidate));
  }
  if (Outcome<void> unique = unique_names(candidates, options.max_series); !unique) return unique;

  auto registry = std::make_shared<prometheus::Registry>();
  HealthMetrics health(*registry);
  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    exposer = std::make_unique<prometheus::Exposer>(*address, 2);
  } catch (const std::exception&) {
    return failure(FailureKind::Environment,
                   fmt::format("cannot listen on {}: the port is in use or the address "
                               "is not one of this machine's",
                               options.listen),
                   "choose another --listen ADDR:PORT");
  }
  exposer->RegisterCollectable(registry);
  std::cerr << fmt::format("gpttrace serve: metrics on http://{}/metrics for {} program(s)\n", options.listen,
                           candidates.size());

  std::atomic<bool> stopping{false};
  std::vector<std::unique_ptr<Served>> served;
  for (ServeCandidate& c : candidates) {
    health.program(c.name).up->Set(0);
    Outcome<CheckedProgram> checked = check_candidate(c.candidate, session, CompileCheck::IfPossible);
    if (!checked) {
      // This kernel cannot run it: say why as a metric and on stderr; the other programs go on.
      health.set_error(c.name, failure_kind_name(checked.error().kind), checked.error().message);
      std::cerr << fmt::format("gpttrace serve: {}: {}\n", c.name, checked.error().message);
      continue;
    }
    auto s = std::make_unique<Served>();
    s->name = c.name;
    s->program = std::make_unique<CheckedProgram>(std::move(*checked));
    s->metrics =
        std::make_unique<ProgramMetrics>(*registry, results_meaning(c.candidate), c.candidate.spec,
                                         MetricsOptions{c.name, c.candidate.description, options.max_series});
    if (::pipe2(s->stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
      return failure(FailureKind::Environment, fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    }
    served.push_back(std::move(s));
  }
  // Threads start after every pipe exists, so a failure above leaves nothing running.
  for (auto& s : served) {
    Served* one = s.get();
    one->thread = std::thread([&, one] {
      supervise(*one->program, one->name, session, runner, *one->metrics, health, one->stop_pipe[0],
                stopping);
    });
  }
  wait_for_stop_signal(stop_signal_fd);
  std::cerr << "gpttrace serve: stopping every bpftrace\n";
  stopping = true;
  for (auto& s : served) {
    const char byte = 1;
    [[maybe_unused]] ssize_t n = ::write(s->stop_pipe[1], &byte, 1);
  }
  for (auto& s : served) {
    s->thread.join();
    ::close(s->stop_pipe[0]);
    ::close(s->stop_pipe[1]);
  }
  return {};
}

}  // namespace gpttrace::serve
