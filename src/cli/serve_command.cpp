// `gpttrace serve`: the command line's requests, -e programs and --config entries served as Prometheus
// metrics (src/serve does the work); this file turns flags into ServeOptions and a failure into one line and
// an exit code.
#include <charconv>
#include <csignal>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "common/exit_codes.h"
#include "kernel/catalog.h"
#include "serve/config.h"
#include "serve/exporter.h"

namespace gpttrace {

namespace {

constexpr uint64_t kMaxIntervalSeconds = 3600;
constexpr uint64_t kMaxSeries = 100000;

// A whole number in [1, max] or an error naming the flag, the value and the range.
Result<uint64_t> whole_number(const std::string& flag, const std::string& text, uint64_t max) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > max) {
    return fail(fmt::format("{} '{}' must be a whole number from 1 to {}", flag, text, max),
                fmt::format("e.g. {} 5", flag));
  }
  return value;
}

Result<serve::ServeOptions> serve_options(const ServeArguments& args) {
  serve::ServeOptions options;
  if (!args.listen.empty()) options.listen = args.listen;
  if (!args.interval.empty()) {
    Result<uint64_t> seconds = whole_number("--interval", args.interval, kMaxIntervalSeconds);
    if (!seconds) return tl::unexpected(seconds.error());
    options.interval_seconds = static_cast<int>(*seconds);
  }
  if (!args.max_series.empty()) {
    Result<uint64_t> series = whole_number("--max-series", args.max_series, kMaxSeries);
    if (!series) return tl::unexpected(series.error());
    options.max_series = *series;
  }
  if (!args.config.empty()) {
    Result<std::vector<serve::ServeSource>> sources = serve::read_config(args.config);
    if (!sources) return tl::unexpected(sources.error());
    options.sources = std::move(*sources);
  }
  for (const std::string& request : args.requests) options.sources.push_back({{}, request, {}});
  for (const std::string& program : args.programs) options.sources.push_back({{}, {}, program});
  if (options.sources.empty()) {
    return fail("nothing to serve: give a request, -e PROGRAM or --config FILE",
                "e.g. gpttrace serve \"count system calls by process\"");
  }
  return options;
}

}  // namespace

int serve_command(const Options& options, const ServeArguments& args) {
  if (options.unsafe) {
    print_error("serve runs only safe programs, so --unsafe is not accepted", "drop --unsafe");
    return kExitUsage;
  }
  Result<serve::ServeOptions> serve_options_ = serve_options(args);
  if (!serve_options_) {
    print_error(serve_options_.error().message, serve_options_.error().fix);
    return kExitUsage;
  }
  int exit_code = kExitOk;
  std::unique_ptr<KernelCatalog> catalog = open_catalog(options, exit_code);
  if (!catalog) return exit_code;
  std::signal(SIGPIPE, SIG_IGN);  // a scraper that goes away must not kill the exporter
  Session session = cli_session(options, *catalog);
  // Served programs run until stopped and print their maps every interval for as long: a bpftrace reaching
  // these caps is restarted (and counted) like one that ended.
  session.limits.max_duration = std::chrono::hours(24 * 365);
  session.limits.max_output_bytes = SIZE_MAX;
  BpftraceRunner runner;
  Outcome<void> served = serve::serve(*serve_options_, session, runner);
  if (served) return kExitOk;
  for (const std::string& suggestion : served.error().suggestions) {
    std::cerr << "  closest request gpttrace understands: \"" << suggestion << "\"\n";
  }
  return report_failure(served.error());
}

}  // namespace gpttrace
