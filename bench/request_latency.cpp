// Time from request text to a checked program (understand + generate + parse + static checks, no
// compile check) over every request in tests/requests/*.test: prints median and p99 per request.
// Usage: request_latency [REQUESTS_DIR] [ROUNDS]   (needs tracefs, so run as root like gpttrace)
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "check/checks.h"
#include "check/parser.h"
#include "codegen/generate.h"
#include "kernel/catalog.h"
#include "plan/understand.h"

namespace {

// The REQUEST line of each case file; cases with {{...}} placeholders get a stand-in PID.
std::vector<std::string> load_requests(const std::filesystem::path& dir) {
  std::vector<std::string> requests;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".test") continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("REQUEST ", 0) != 0) continue;
      std::string request = line.substr(8);
      for (size_t at; (at = request.find("{{WORKLOAD_PID}}")) != std::string::npos;) request.replace(at, 16, "1");
      requests.push_back(request);
    }
  }
  return requests;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir = argc > 1 ? argv[1] : GPTTRACE_REQUESTS_DIR;
  int rounds = argc > 2 ? std::stoi(argv[2]) : 5;
  std::vector<std::string> requests = load_requests(dir);
  if (requests.empty()) {
    fmt::print(stderr, "no requests found in {}\n", dir.string());
    return 2;
  }
  auto catalog = gpttrace::make_real_catalog();
  std::vector<double> micros;
  size_t understood = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const std::string& request : requests) {
      auto start = std::chrono::steady_clock::now();
      gpttrace::Understanding understanding = gpttrace::understand_request(request, catalog.get());
      if (understanding.spec) {
        auto program = gpttrace::generate_program(*understanding.spec, *catalog);
        if (program) {
          gpttrace::Diagnostics diags;
          auto parsed = gpttrace::parse_program(program->source, diags);
          gpttrace::check_program(parsed, *catalog, {}, diags);
          understood += round == 0 && !diags.has_errors();
        }
      }
      micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    }
  }
  std::sort(micros.begin(), micros.end());
  double median = micros[micros.size() / 2];
  double p99 = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
  fmt::print("requests: {} ({} produced a checked program), rounds: {}\n", requests.size(), understood, rounds);
  fmt::print("request -> checked program: median {:.3f} ms, p99 {:.3f} ms (goal: median < 10 ms)\n", median / 1000,
             p99 / 1000);
  return 0;
}
